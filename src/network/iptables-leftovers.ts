// Rules the plugins leave when DEL runs after the container's netns is gone (postStop, rm): the
// bridge plugin finds the addresses to un-masquerade inside the netns, so without it the
// per-container SNAT chain stays. nerdctl cleans these up too. Rules carry the libcni comment
// `name: "<net>" id: "<cni id>"`; the chains they jump to are per container unless shared.
import { ForkServer, toolEnv } from './fork-server';

/** Runs iptables-family commands (with `input` on stdin); resolves stdout, rejects on failure. */
export type IptablesRunner = (command: string, args: string[], input?: string) => Promise<string>;

const SHARED_CHAIN = /^CNI-(HOSTPORT-|FORWARD$|ADMIN$|ISOLATION-)/;
const COMMAND_TIMEOUT_MS = 15_000;

// Through the fork server (fork-server.ts): iptables runs on the thread that drives a compose up.
export const execIptables: IptablesRunner = async (command, args, input) => {
  const r = await ForkServer.shared().run({ file: command, args, env: toolEnv(), input: input ?? '', timeoutMs: COMMAND_TIMEOUT_MS });
  if (r.code === 0) return r.stdout;
  throw new Error(r.stderr.trim() || (r.signal ? `${command} killed by ${r.signal}` : `${command} exited with ${r.code}`));
};

/** Splits an iptables-save rule line into arguments (double quotes with backslash escapes). */
export function splitRule(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let any = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '\\' && i + 1 < line.length) { cur += line[++i]; continue; }
    if (ch === '"') { quoted = !quoted; any = true; continue; }
    if (!quoted && /\s/.test(ch)) { if (cur || any) out.push(cur); cur = ''; any = false; continue; }
    cur += ch;
  }
  if (cur || any) out.push(cur);
  return out;
}

export interface LeftoverPlan {
  /** [table, args for -D] per rule to delete. */
  rules: Array<[string, string[]]>;
  /** [table, chain] per container chain to flush and delete. */
  chains: Array<[string, string]>;
}

/** From iptables-save output: the container's rules and the private chains they jump to. */
export function planLeftovers(saved: string, cniId: string): LeftoverPlan {
  const marker = `id: \\"${cniId}\\"`;
  const plan: LeftoverPlan = { rules: [], chains: [] };
  let table = '';
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) { table = line.slice(1).trim(); continue; }
    if (!line.startsWith('-A ') || !line.includes(marker)) continue;
    const args = splitRule(line).slice(1);
    const jump = args.indexOf('-j');
    const target = jump >= 0 ? args[jump + 1] : undefined;
    if (target?.startsWith('CNI-') && !SHARED_CHAIN.test(target) && !plan.chains.some(([t, c]) => t === table && c === target)) {
      plan.chains.push([table, target]);
    }
    plan.rules.push([table, args]);
  }
  // Rules inside a chain that goes away need no separate delete.
  plan.rules = plan.rules.filter(([t, args]) => !plan.chains.some(([ct, c]) => ct === t && c === args[0]));
  return plan;
}

/** Deletes what planLeftovers finds; returns messages for the steps that failed. */
export async function removeLeftoverRules(cniId: string, run: IptablesRunner = execIptables): Promise<string[]> {
  let saved: string;
  try {
    saved = await run('iptables-save', []);
  } catch (err) {
    return [`iptables-save: ${(err as Error).message}`];
  }
  const plan = planLeftovers(saved, cniId);
  const failures: string[] = [];
  const step = async (args: string[]): Promise<void> => {
    try { await run('iptables', ['-w', '5', ...args]); } catch (err) { failures.push(`iptables ${args.join(' ')}: ${(err as Error).message}`); }
  };
  for (const [table, args] of plan.rules) await step(['-t', table, '-D', ...args]);
  for (const [table, chain] of plan.chains) {
    await step(['-t', table, '-F', chain]);
    await step(['-t', table, '-X', chain]);
  }
  return failures;
}
