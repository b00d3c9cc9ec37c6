// Where completion gets live names (images, containers, networks...). A provider is registered per
// kind and asked only while completing, so nothing here runs on a normal command.
import type { GlobalOptions } from '../config';
import type { LoadChunk } from './chunks';
import type { CompletionKind } from './flags';

export interface CompletionContext {
  globals: GlobalOptions;
  /** The (partial) word being completed. */
  current: string;
  /** The words before it, after `nerdts`. */
  words: readonly string[];
  loadChunk: LoadChunk;
  env: Readonly<Record<string, string | undefined>>;
}
export type CompletionProvider = (ctx: CompletionContext) => Promise<string[]> | string[];

/** Kinds the shell completes itself (file names keep its quoting and trailing-slash habits). */
export const SHELL_KINDS: ReadonlySet<CompletionKind> = new Set(['files', 'directories']);

const providers = new Map<CompletionKind, CompletionProvider>([
  ['platforms', () => ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm/v6', 'linux/386', 'linux/ppc64le', 'linux/s390x', 'linux/riscv64']],
  ['signals', () => ['SIGTERM', 'SIGKILL', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGSTOP', 'SIGCONT']],
  ['snapshotters', () => ['overlayfs', 'native', 'btrfs', 'zfs', 'devmapper', 'fuse-overlayfs', 'stargz']],
  ['images', (ctx) => ctx.loadChunk('image').imageNames(ctx.globals)],
  ['namespaces', (ctx) => ctx.loadChunk('system').namespaceNames(ctx.globals)],
  ['containers', (ctx) => ctx.loadChunk('container-list').containerNames(ctx.globals)],
  ['volumes', (ctx) => ctx.loadChunk('volume').volumeNames(ctx.globals)],
  ['networks', (ctx) => ctx.loadChunk('container').networkNames(ctx.globals)],
]);

// Live providers (images, containers, running-containers, networks, volumes, namespaces,
// services) are registered here as their areas land, e.g.
//   registerCompletionProvider('images', (ctx) => ctx.loadChunk('image').imageNames(ctx.globals));

/** Registers (or replaces) the provider for a kind. */
export function registerCompletionProvider(kind: CompletionKind, provider: CompletionProvider): void {
  providers.set(kind, provider);
}

/**
 * The provider for a kind, if any. NERDTS_COMPLETION_FIXTURE='{"images":["alpine:3.18"]}' replaces
 * providers with fixed lists so the shell scripts can be tested without containerd.
 */
export function completionProvider(kind: CompletionKind, env: Readonly<Record<string, string | undefined>>): CompletionProvider | undefined {
  const fixture = env.NERDTS_COMPLETION_FIXTURE;
  if (fixture) {
    const lists = JSON.parse(fixture) as Record<string, string[]>;
    if (Array.isArray(lists[kind])) return () => lists[kind]!;
  }
  return providers.get(kind);
}
