// `nerdts __complete <words...>`: the candidates for the last word, computed from the command
// table (commands, subcommands, flags, flag values) and from completion providers (live names).
// The shell scripts from `nerdts completion <shell>` call it on every <TAB>.
import type { Command, GroupDef } from './command';
import { visibleRootWords, visibleSubWords } from './argv';
import {
  commandScope, findLong, findShort, groupScope, isFlagToken, rootScope, visibleFlagNames,
  type Scope, type ScopeEntry,
} from './scope';
import { completionProvider, SHELL_KINDS, type CompletionContext } from './completion-providers';
import { camelName, convertValue, takesNoSeparateValue, type CompletionSource, type FlagSpec, type RawValue } from './flags';
import type { Registry } from './registry';

export interface CompletionResult {
  candidates: string[];
  /** Ask the shell to add file (or directory) names. */
  shell?: 'files' | 'directories';
}

/** Everything the engine needs besides the words; `context` builds the provider context lazily. */
export interface CompleteDeps {
  registry: Registry;
  context: (globals: Record<string, RawValue>) => Omit<CompletionContext, 'current' | 'words'> | undefined;
  /** How long a live provider may take before completion gives up on it. */
  timeoutMs?: number;
}

interface Walk {
  stage: 'root' | 'group' | 'command' | 'help' | 'dead';
  scope: Scope;
  group?: GroupDef;
  command?: Command;
  positional: number;
  helpWords: string[];
  stopped: boolean;
  pending?: ScopeEntry;
  globals: Record<string, RawValue>;
}

/** Candidates for `words[words.length - 1]` (pass '' for a fresh word). */
export async function complete(words: readonly string[], deps: CompleteDeps): Promise<CompletionResult> {
  const done = words.slice(0, -1);
  const current = words[words.length - 1] ?? '';
  const w: Walk = { stage: 'root', scope: rootScope(), positional: 0, helpWords: [], stopped: false, globals: {} };
  for (const word of done) step(w, word, deps.registry);
  const ask = async (kind: CompletionSource, prefix = ''): Promise<CompletionResult> =>
    fromSource(kind, current.slice(prefix.length), prefix, { words: done, current, deps, globals: w.globals });
  if (w.stage === 'dead') return { candidates: [] };
  if (w.pending) return ask(valueSource(w.pending.spec) ?? []);
  if (w.stage !== 'help' && !w.stopped && current.startsWith('-')) {
    const eq = current.indexOf('=');
    if (current.startsWith('--') && eq > 0) {
      const entry = findLong(w.scope, current.slice(2, eq));
      const source = entry && valueSource(entry.spec);
      return source ? ask(source, current.slice(0, eq + 1)) : { candidates: [] };
    }
    return { candidates: flagWords(w.scope).filter((f) => f.startsWith(current)) };
  }
  return positionalCandidates(w, current, deps.registry, ask);
}

function positionalCandidates(w: Walk, current: string, registry: Registry,
  ask: (kind: CompletionSource) => Promise<CompletionResult>): Promise<CompletionResult> | CompletionResult {
  const filter = (list: string[]): CompletionResult => ({ candidates: list.filter((c) => c.startsWith(current)) });
  if (w.stage === 'root') return filter(['help', ...topWords(registry)]);
  if (w.stage === 'group') return filter(subWords(registry, w.group!));
  if (w.stage === 'help') {
    if (w.helpWords.length === 0) return filter(topWords(registry));
    const entry = w.helpWords.length === 1 ? registry.root.get(w.helpWords[0]!) : undefined;
    return filter(entry?.kind === 'group' ? subWords(registry, entry.group) : []);
  }
  const spec = w.command!.args;
  const sources = spec?.completePositions ?? (spec?.complete === undefined ? [] : [spec.complete]);
  if (w.stopped || sources.length === 0 || (spec?.max !== undefined && w.positional >= spec.max)) return { candidates: [] };
  return ask(sources[Math.min(w.positional, sources.length - 1)]!);
}

/** Advances the walk over one completed word. */
function step(w: Walk, word: string, registry: Registry): void {
  if (w.pending) {
    record(w, w.pending, word);
    w.pending = undefined;
    return;
  }
  if (w.stopped || w.stage === 'dead') { w.positional++; return; }
  if (word === '--') { if (w.stage === 'command') w.stopped = true; return; }
  if (w.stage !== 'help' && isFlagToken(word, w.scope)) { w.pending = flagAwaitingValue(w, word); return; }
  if (w.stage === 'root') {
    const entry = word === 'help' ? undefined : registry.root.get(word);
    if (word === 'help') w.stage = 'help';
    else if (entry?.kind === 'command') enterCommand(w, entry.command);
    else if (entry?.kind === 'group') Object.assign(w, { stage: 'group', group: entry.group, scope: groupScope(entry.group) });
    else w.stage = 'dead';
  } else if (w.stage === 'group') {
    const command = registry.sub.get(w.group!)?.get(word);
    if (command) enterCommand(w, command);
    else w.stage = 'dead';
  } else if (w.stage === 'help') w.helpWords.push(word);
  else {
    w.positional++;
    if (w.command!.stopAtFirstPositional) w.stopped = true;
  }
}

function enterCommand(w: Walk, command: Command): void {
  Object.assign(w, { stage: 'command', command, scope: commandScope(command) });
}

/** The flag whose value is the next word, if `word` ends with one; records `--flag=value` forms. */
function flagAwaitingValue(w: Walk, word: string): ScopeEntry | undefined {
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    const entry = findLong(w.scope, eq < 0 ? word.slice(2) : word.slice(2, eq));
    if (entry && eq >= 0) record(w, entry, word.slice(eq + 1));
    else if (entry && takesNoSeparateValue(entry.spec)) record(w, entry, 'true');
    return entry && eq < 0 && !takesNoSeparateValue(entry.spec) ? entry : undefined;
  }
  for (let j = 1; j < word.length; j++) {
    const entry = findShort(w.scope, word[j]!);
    if (!entry) return undefined;
    if (takesNoSeparateValue(entry.spec)) continue;
    if (j === word.length - 1) return entry;
    record(w, entry, word.slice(j + 1).replace(/^=/, ''));
    return undefined;
  }
  return undefined;
}

/** Keeps global flag values (namespace, address) so providers look in the right place. */
function record(w: Walk, entry: ScopeEntry, text: string): void {
  if (entry.owner !== 'global') return;
  const r = convertValue(entry.spec, text);
  if ('value' in r) w.globals[camelName(entry.long)] = r.value;
}

function valueSource(spec: FlagSpec): CompletionSource | undefined {
  if ('choices' in spec && spec.choices) return spec.choices;
  if (spec.type === 'boolean') return ['true', 'false'];
  return spec.complete;
}

function flagWords(scope: Scope): string[] {
  const { long, short } = visibleFlagNames(scope);
  return [...long.map((l) => `--${l}`), ...short.map((c) => `-${c}`)];
}

function topWords(registry: Registry): string[] {
  const canonical = (word: string): boolean => {
    const e = registry.root.get(word)!;
    return e.kind === 'group' ? e.group.name === word : e.command.group !== undefined || e.command.name === word;
  };
  return visibleRootWords(registry).filter(canonical);
}

function subWords(registry: Registry, group: GroupDef): string[] {
  return visibleSubWords(registry, group).filter((w) => registry.sub.get(group)!.get(w)!.name === w);
}

interface SourceCtx { words: readonly string[]; current: string; deps: CompleteDeps; globals: Record<string, RawValue> }

/** Candidates from a fixed list, a shell kind, or a provider (bounded by a timeout). */
async function fromSource(kind: CompletionSource, partial: string, prefix: string, s: SourceCtx): Promise<CompletionResult> {
  const finish = (list: readonly string[]): CompletionResult =>
    ({ candidates: list.filter((c) => c.startsWith(partial)).map((c) => prefix + c) });
  if (typeof kind !== 'string') return finish(kind as readonly string[]);
  if (kind === 'commands') return finish(topWords(s.deps.registry));
  if (SHELL_KINDS.has(kind)) return { candidates: [], shell: kind as 'files' | 'directories' };
  let base: ReturnType<CompleteDeps['context']>;
  try {
    base = s.deps.context(s.globals);
  } catch {
    return { candidates: [] }; // e.g. a mistyped --namespace: no live names rather than an error
  }
  const provider = base && completionProvider(kind, base.env);
  if (!base || !provider) return { candidates: [] };
  const ctx = { ...base, words: s.words, current: partial };
  return finish(await withTimeout(Promise.resolve().then(() => provider(ctx)), s.deps.timeoutMs ?? 2000));
}

async function withTimeout(p: Promise<string[]>, ms: number): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string[]>((resolve) => { timer = setTimeout(() => resolve([]), ms); });
  try {
    return await Promise.race([p.catch(() => []), late]);
  } finally {
    clearTimeout(timer);
  }
}
