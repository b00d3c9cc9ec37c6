// What `network rm` removes besides the conflist: the bridge interface, the firewall plugin's
// per-bridge rules in CNI-ISOLATION-STAGE-1/2, which the plugin never deletes itself, and the
// network-level rules nerdts installed (network-rules.ts).
import { bridgeInterfaceOf, removeBridgeInterface } from '../../cni/bridge-link';
import type { NetworkConfigList } from '../../cni/types';
import type { IptablesRunner } from './iptables-leftovers';
import { execIptables, splitRule } from './iptables-leftovers';
import { deleteRulesAtOnce, networkRuleDeletes } from './network-rules-install';

/** `-D` argument lists for every filter-table isolation rule naming `bridge`. */
export function isolationRules(saved: string, bridge: string): string[][] {
  const out: string[][] = [];
  let table = '';
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) { table = line.slice(1).trim(); continue; }
    if (table !== 'filter' || !line.startsWith('-A CNI-ISOLATION-STAGE-')) continue;
    const args = splitRule(line).slice(1);
    if (args.includes(bridge)) out.push(args);
  }
  return out;
}

/** Removes the network's bridge, isolation rules and network rules; failures are returned as warnings. */
export async function removeBridgeLeftovers(config: NetworkConfigList, run: IptablesRunner = execIptables): Promise<string[]> {
  const bridge = bridgeInterfaceOf(config);
  if (!bridge) return [];
  // The kernel takes ~50 ms to unregister a bridge: the rules go meanwhile (no rule needs the link).
  const link = removeBridgeInterface(bridge).then(() => [], (err: unknown) => [(err as Error).message]);
  const ruleWarnings = await removeBridgeRules(bridge, run);
  return [...(await link), ...ruleWarnings];
}

async function removeBridgeRules(bridge: string, run: IptablesRunner): Promise<string[]> {
  let saved = '';
  try { saved = await run('iptables-save', []); } catch (err) { return [`iptables-save: ${(err as Error).message}`]; }
  const deletes: Array<[string, string[]]> = [...isolationRules(saved, bridge).map((args): [string, string[]] => ['filter', args]), ...networkRuleDeletes(saved, bridge)];
  if (await deleteRulesAtOnce(deletes, run)) return [];
  const warnings: string[] = [];
  for (const [table, args] of deletes) {
    try { await run('iptables', ['-w', '5', '-t', table, '-D', ...args]); } catch (err) { warnings.push(`iptables -t ${table} -D ${args.join(' ')}: ${(err as Error).message}`); }
  }
  return warnings;
}
