// The state of one build shared by its stages and steps, and the state of one stage.
import type { GlobalOptions } from '../config';
import type { ContainerdClient } from '../containerd/client';
import type { ImageConfig, Descriptor } from '../image/media-types';
import type { Platform } from '../image/platform';
import type { BuildCache } from './cache';
import type { StageConfig } from './config-step';
import type { BuildContext } from './context';
import type { NamedContext } from './named-contexts';
import type { LazyLease } from './lease';
import type { Dockerfile } from './dockerfile/instructions';
import type { VarLookup } from './dockerfile/words';
import type { BuildProgress } from './progress';
import type { BuildNetwork } from './run-step';
import type { StagePlan } from './stages';

/** Everything a step needs from the build it belongs to. */
export interface BuildSession {
  client: ContainerdClient;
  globals: GlobalOptions;
  /** the build's lease, made when something is first written */
  lease: LazyLease;
  dockerfile: Dockerfile;
  /** how progress names the Dockerfile in errors */
  dockerfileName: string;
  plan: StagePlan;
  context: BuildContext;
  /** --build-context / additional_contexts, resolved before stages and images */
  namedContexts: ReadonlyMap<string, NamedContext>;
  cache: BuildCache;
  noCache: boolean;
  pull: boolean;
  network: BuildNetwork;
  platform: Platform;
  buildArgs: Readonly<Record<string, string>>;
  globalArgs: Map<string, string | undefined>;
  usedArgs: Set<string>;
  progress: BuildProgress;
  /** The result of a stage (built once, awaited by whoever needs it). */
  stage(index: number): Promise<StageState>;
  /** directory for RUN --mount=type=cache */
  cacheMountDir: string;
  now(): Date;
}

/** A stage as built so far. */
export interface StageState {
  name: string;
  sc: StageConfig;
  diffIds: string[];
  layers: Descriptor[];
  history: NonNullable<ImageConfig['history']>;
  /** snapshot (chain ID) of the filesystem so far; '' for an empty one */
  top: string;
  /** cache key of everything so far */
  key: string;
  created: string;
  /** ARGs declared in this stage and their values */
  args: Map<string, string | undefined>;
}

/** The lookup of a stage's variables: ENV over ARG, as docker. */
export function stageVars(st: StageState): VarLookup {
  const env = new Map<string, string>();
  for (const e of st.sc.config.Env ?? []) {
    const eq = e.indexOf('=');
    env.set(eq < 0 ? e : e.slice(0, eq), eq < 0 ? '' : e.slice(eq + 1));
  }
  return (name) => env.get(name) ?? st.args.get(name);
}
