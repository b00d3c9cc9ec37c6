// Multi-stage structure: the global ARGs before the first FROM, the stages, which stage a name or
// index means, and which stages a target needs (others are skipped).
import { NerdtsError } from '../errors';
import { dockerfileError } from './dockerfile/parse';
import type { ArgInstr, CopyInstr, Dockerfile, FromInstr, Instruction, RunInstr } from './dockerfile/instructions';
import { mountSources } from './mount-flags';
import { processWord } from './dockerfile/words';
import type { VarLookup } from './dockerfile/words';

export interface Stage {
  index: number;
  name?: string;
  from: FromInstr;
  instructions: Instruction[];
}

export interface StagePlan {
  globalArgs: ArgInstr[];
  stages: Stage[];
}

/** Splits the Dockerfile at its FROM lines. */
export function planStages(df: Dockerfile): StagePlan {
  const globalArgs: ArgInstr[] = [];
  const stages: Stage[] = [];
  for (const i of df.instructions) {
    if (i.kind === 'FROM') {
      if (i.alias && stages.some((s) => s.name === i.alias)) throw dockerfileError(`duplicate name ${i.alias}`, i.raw.line);
      stages.push({ index: stages.length, ...(i.alias && { name: i.alias }), from: i, instructions: [] });
    } else if (stages.length === 0) globalArgs.push(i as ArgInstr);
    else stages[stages.length - 1]!.instructions.push(i);
  }
  return { globalArgs, stages };
}

/** The global ARG values (build args override defaults), plus the predefined platform ones. */
export function globalArgValues(plan: StagePlan, buildArgs: Readonly<Record<string, string>>,
  predefined: Readonly<Record<string, string>>, escape: string): Map<string, string | undefined> {
  const values = new Map<string, string | undefined>(Object.entries(predefined));
  const lookup: VarLookup = (n) => values.get(n);
  for (const a of plan.globalArgs) {
    for (const { name, value } of a.args) {
      values.set(name, buildArgs[name] ?? (value === undefined ? undefined : processWord(value, lookup, escape)));
    }
  }
  return values;
}

/** The stage a name or index refers to, among those before `before`. */
export function findStage(plan: StagePlan, ref: string, before = Infinity): Stage | undefined {
  const lower = ref.toLowerCase();
  const byName = plan.stages.find((s) => s.name === lower && s.index < before);
  if (byName) return byName;
  if (/^\d+$/.test(ref)) {
    const s = plan.stages[Number(ref)];
    if (s && s.index < before) return s;
  }
  return undefined;
}

/** The stage to build: --target or the last. */
export function targetStage(plan: StagePlan, target: string | undefined): Stage {
  if (target === undefined) return plan.stages[plan.stages.length - 1]!;
  const s = plan.stages.find((x) => x.name === target.toLowerCase());
  if (!s) throw new NerdtsError('invalid-argument', `target stage "${target}" could not be found`);
  return s;
}

/** The stages a stage reads from (its FROM, COPY --from and RUN --mount from=), given the global ARG lookup. */
export function stageDependencies(plan: StagePlan, stage: Stage, globals: VarLookup, escape: string): Stage[] {
  const deps: Stage[] = [];
  const base = findStage(plan, processWord(stage.from.image, globals, escape), stage.index);
  if (base) deps.push(base);
  for (const i of stage.instructions) {
    const refs = (i.kind === 'COPY' || i.kind === 'ADD') && (i as CopyInstr).from !== undefined ? [(i as CopyInstr).from!]
      : i.kind === 'RUN' ? mountSources(i as RunInstr) : [];
    for (const ref of refs) {
      const s = findStage(plan, processWord(ref, globals, escape), stage.index);
      if (s) deps.push(s);
    }
  }
  return deps;
}

/** Every stage the target needs, the target included. */
export function neededStages(plan: StagePlan, target: Stage, globals: VarLookup, escape: string): Set<number> {
  const need = new Set<number>();
  const visit = (s: Stage): void => {
    if (need.has(s.index)) return;
    need.add(s.index);
    for (const d of stageDependencies(plan, s, globals, escape)) visit(d);
  };
  visit(target);
  return need;
}
