// Installing and removing the network-level rules of network-rules.ts. Installing runs once per
// network per boot, under the CNI lock (attach.ts): one iptables-save shows what is there and one
// `iptables-restore --noflush` adds what is missing in a single transaction, instead of ~20
// iptables runs that each read the whole ruleset. If the batch is refused, each rule is checked
// with `-C` and added on its own, as before.
import type { IptablesRunner } from './iptables-leftovers';
import { execIptables, splitRule } from './iptables-leftovers';
import type { NetworkRulesPlan, RuleSpec } from './network-rules';
import { NERDTS_CHAINS, ruleComment, ruleSpecs } from './network-rules';

const WAIT = ['-w', '5'];

/** What iptables-save shows: per table, its chains and its rules as argument lists. */
interface SavedRules {
  chains: Map<string, Set<string>>;
  rules: Map<string, string[][]>;
}

/** Makes sure every rule of the plans exists; throws when one cannot be added. */
export async function ensureNetworkRules(plans: readonly NetworkRulesPlan[], run: IptablesRunner = execIptables): Promise<void> {
  const specs = plans.flatMap(ruleSpecs);
  if (specs.length === 0) return;
  try {
    const input = restoreInput(parseSaved(await run('iptables-save', [])), specs);
    if (input) await run('iptables-restore', [...WAIT, '--noflush'], input);
    return;
  } catch {
    // one by one below: slower, but each failure names its rule
  }
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

/** The iptables-restore input adding what `saved` lacks; '' when nothing is missing. */
export function restoreInput(saved: SavedRules, specs: readonly RuleSpec[]): string {
  const out: string[] = [];
  for (const table of [...new Set(specs.map((s) => s.table))]) {
    const lines: string[] = [];
    const chains = saved.chains.get(table) ?? new Set<string>();
    // Declaring a chain that exists would flush it, even with --noflush: only the missing ones.
    for (const [t, chain] of NERDTS_CHAINS) if (t === table && !chains.has(chain)) lines.push(`:${chain} - [0:0]`);
    const rules = saved.rules.get(table) ?? [];
    for (const spec of specs.filter((s) => s.table === table)) {
      const want = [spec.chain, ...spec.args];
      if (rules.some((r) => r.length === want.length && r.every((a, i) => a === want[i]))) continue;
      lines.push(`${spec.insert ? `-I ${spec.chain} 1` : `-A ${spec.chain}`} ${spec.args.map(quoteArg).join(' ')}`);
    }
    if (lines.length > 0) out.push(`*${table}`, ...lines, 'COMMIT');
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

/** Chains and rules (the words after `-A`) per table of an iptables-save dump. */
export function parseSaved(saved: string): SavedRules {
  const chains = new Map<string, Set<string>>();
  const rules = new Map<string, string[][]>();
  let table = '';
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      chains.set(table, new Set());
      rules.set(table, []);
    } else if (line.startsWith(':')) {
      chains.get(table)?.add(line.slice(1).split(' ')[0]!);
    } else if (line.startsWith('-A ')) {
      rules.get(table)?.push(splitRule(line).slice(1));
    }
  }
  return { chains, rules };
}

/** [table, args for -D] of every network rule of `bridge` in an iptables-save dump of all tables. */
export function networkRuleDeletes(saved: string, bridge: string): Array<[string, string[]]> {
  const chains = new Set(NERDTS_CHAINS.map(([, c]) => c));
  const comment = ruleComment(bridge);
  const out: Array<[string, string[]]> = [];
  for (const [table, rules] of parseSaved(saved).rules) {
    for (const args of rules) {
      if (!chains.has(args[0] ?? '')) continue;
      const at = args.indexOf('--comment');
      if (at >= 0 && args[at + 1] === comment) out.push([table, args]);
    }
  }
  return out;
}

/** Deletes rules in one `iptables-restore --noflush`; false when the batch was refused. */
export async function deleteRulesAtOnce(deletes: ReadonlyArray<[string, string[]]>, run: IptablesRunner = execIptables): Promise<boolean> {
  if (deletes.length === 0) return true;
  const out: string[] = [];
  for (const table of [...new Set(deletes.map(([t]) => t))]) {
    out.push(`*${table}`, ...deletes.filter(([t]) => t === table).map(([, args]) => `-D ${args.map(quoteArg).join(' ')}`), 'COMMIT');
  }
  return run('iptables-restore', [...WAIT, '--noflush'], `${out.join('\n')}\n`).then(() => true, () => false);
}

function quoteArg(arg: string): string {
  return /^[A-Za-z0-9_./:,!=+-]+$/.test(arg) ? arg : `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
