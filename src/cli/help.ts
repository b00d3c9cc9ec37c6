// Help text in docker's layout (cli/cobra.go usage template + pflag's flag list), rendered on
// demand from the same command table the parser uses.
import type { Command, GroupDef } from './command';
import type { HelpTarget } from './argv';
import { GLOBAL_FLAGS, ROOT_FLAGS } from './globals';
import { formatFlagList } from './help-flags';
import type { Registry } from './registry';
import { BIN, commandUseLine, groupUseLine, hasVisibleFlags, rootUseLine } from './usage';

export const ROOT_SUMMARY = 'A Docker-compatible command-line tool for containerd';

/** Help text for a target, wrapped to `columns`. Ends with a newline. */
export function renderHelp(target: HelpTarget, registry: Registry, columns: number): string {
  if (target.kind === 'root') return rootHelp(registry, columns);
  if (target.kind === 'group') return groupHelp(target.group, registry, columns);
  return commandHelp(target.command, target.path, columns);
}

function commandHelp(command: Command, path: string, columns: number): string {
  const sections = [`Usage:  ${commandUseLine(command, path)}`, (command.description ?? command.summary).trim()];
  const aliases = aliasPaths(command);
  if (aliases.length > 1) sections.push(`Aliases:\n  ${aliases.join(', ')}`);
  if (command.examples) sections.push(`Examples:\n${command.examples.replace(/\n+$/, '')}`);
  if (hasVisibleFlags(command.flags)) sections.push(`Options:\n${formatFlagList(command.flags, columns)}`);
  return `${sections.join('\n\n')}\n`;
}

/** Every way to call a command: canonical path first, then aliases, then shortcuts. */
export function aliasPaths(command: Command): string[] {
  const parent = command.group ? `${BIN} ${command.group.name} ` : `${BIN} `;
  return [command.name, ...(command.aliases ?? [])].map((n) => parent + n)
    .concat((command.shortcuts ?? []).map((s) => `${BIN} ${s}`));
}

function groupHelp(group: GroupDef, registry: Registry, columns: number): string {
  const sections = [`Usage:  ${groupUseLine(group)}`, (group.description ?? group.summary).trim()];
  if (group.aliases?.length) sections.push(`Aliases:\n  ${[group.name, ...group.aliases].map((a) => `${BIN} ${a}`).join(', ')}`);
  if (hasVisibleFlags(group.flags)) sections.push(`Options:\n${formatFlagList(group.flags ?? {}, columns)}`);
  const subs = registry.commands.filter((c) => c.group === group && !c.hidden).map((c): [string, string] => [c.name, c.summary]);
  if (subs.length) sections.push(`Commands:\n${commandList(subs.sort(byName))}`);
  sections.push(`Run '${BIN} ${group.name} COMMAND --help' for more information on a command.`);
  return `${sections.join('\n\n')}\n`;
}

function rootHelp(registry: Registry, columns: number): string {
  const common: Array<[number, string, string]> = [];
  const plain: Array<[string, string]> = [];
  for (const c of registry.commands) {
    if (c.hidden) continue;
    const names = c.group ? (c.shortcuts ?? []).slice(0, 1) : [c.name];
    for (const n of names) {
      if (c.common !== undefined) common.push([c.common, n, c.summary]);
      else plain.push([n, c.summary]);
    }
  }
  const groups = registry.groups.filter((g) => !g.hidden).map((g): [string, string] => [g.name, g.summary]);
  const width = padWidth([...common.map(([, n]) => n), ...plain.map(([n]) => n), ...groups.map(([n]) => n)]);
  const sections = [`Usage:  ${rootUseLine()}`, ROOT_SUMMARY];
  if (common.length) sections.push(`Common Commands:\n${commandList(common.sort((a, b) => a[0] - b[0]).map(([, n, s]) => [n, s]), width)}`);
  if (groups.length) sections.push(`Management Commands:\n${commandList(groups.sort(byName), width)}`);
  if (plain.length) sections.push(`Commands:\n${commandList(plain.sort(byName), width)}`);
  sections.push(`Global Options:\n${formatFlagList({ ...GLOBAL_FLAGS, ...ROOT_FLAGS }, columns)}`);
  sections.push(`Run '${BIN} COMMAND --help' for more information on a command.`);
  return `${sections.join('\n\n')}\n`;
}

/** cobra sorts commands by name. */
const byName = (a: readonly [string, string], b: readonly [string, string]): number => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** cobra pads names to the longest one, at least 11 characters. */
function padWidth(names: readonly string[]): number {
  return Math.max(11, ...names.map((n) => n.length));
}

function commandList(rows: ReadonlyArray<readonly [string, string]>, width = padWidth(rows.map(([n]) => n))): string {
  return rows.map(([name, summary]) => `  ${name.padEnd(width)} ${summary}`).join('\n');
}
