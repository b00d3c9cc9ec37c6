// Installing and removing the network-level rules of network-rules.ts. Installing runs once per
// network per boot, under the CNI lock (attach.ts); each rule is checked with `-C` first, so a
// second install, or one after a partial failure, adds only what is missing.
import type { IptablesRunner } from './iptables-leftovers';
import { execIptables, splitRule } from './iptables-leftovers';
import type { NetworkRulesPlan } from './network-rules';
import { NERDTS_CHAINS, ruleComment, ruleSpecs } from './network-rules';

const WAIT = ['-w', '5'];

/** Makes sure every rule of the plans exists; throws when one cannot be added. */
export async function ensureNetworkRules(plans: readonly NetworkRulesPlan[], run: IptablesRunner = execIptables): Promise<void> {
  const specs = plans.flatMap(ruleSpecs);
  if (specs.length === 0) return;
  for (const [table, chain] of NERDTS_CHAINS) {
    if (!specs.some((s) => s.table === table)) continue;
    // "Chain already exists" is the usual answer; a real problem shows at the rules below.
    await run('iptables', [...WAIT, '-t', table, '-N', chain]).catch(() => undefined);
  }
  for (const spec of specs) {
    const exists = await run('iptables', [...WAIT, '-t', spec.table, '-C', spec.chain, ...spec.args]).then(() => true, () => false);
    if (exists) continue;
    const where = spec.insert ? ['-I', spec.chain, '1'] : ['-A', spec.chain];
    try {
      await run('iptables', [...WAIT, '-t', spec.table, ...where, ...spec.args]);
    } catch (err) {
      throw new Error(`cannot add the network rule "${spec.args.join(' ')}" to ${spec.table}/${spec.chain}: ${(err as Error).message.trim()}`);
    }
  }
}

/** [table, args for -D] of every network rule of `bridge` in an iptables-save dump of all tables. */
export function networkRuleDeletes(saved: string, bridge: string): Array<[string, string[]]> {
  const chains = new Set(NERDTS_CHAINS.map(([, c]) => c));
  const comment = ruleComment(bridge);
  const out: Array<[string, string[]]> = [];
  let table = '';
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) { table = line.slice(1).trim(); continue; }
    if (!line.startsWith('-A ')) continue;
    const args = splitRule(line).slice(1);
    if (!chains.has(args[0] ?? '')) continue;
    const at = args.indexOf('--comment');
    if (at >= 0 && args[at + 1] === comment) out.push([table, args]);
  }
  return out;
}
