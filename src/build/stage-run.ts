// One stage: its base (an image, scratch or an earlier stage), the base image's ONBUILD triggers,
// then each instruction in order. Config-only instructions extend the cache key chain too, so a
// changed ENV invalidates the RUN steps after it.
import { NerdtsError } from '../errors';
import { formatPlatform } from '../image/platform';
import { resolveImage } from './base-image';
import { stepKey } from './cache';
import { applyConfigInstruction } from './config-step';
import { copyInstruction } from './copy-instr';
import { asOciLayer } from './layer-diff';
import { readDockerfile } from './dockerfile/instructions';
import type { ArgInstr, Instruction } from './dockerfile/instructions';
import { processWord } from './dockerfile/words';
import type { BuildSession, StageState } from './session';
import { stageVars } from './session';
import { findStage } from './stages';
import type { Stage } from './stages';
import { runInstruction } from './steps';

const FS_KINDS = new Set(['RUN', 'COPY', 'ADD']);

function stageName(s: BuildSession, stage: Stage): string {
  return stage.name ?? (s.plan.stages.length > 1 ? `stage-${stage.index}` : '');
}

function copyState(st: StageState, name: string): StageState {
  return {
    ...st, name, sc: { ...st.sc, config: { ...st.sc.config }, cmdSet: false }, diffIds: [...st.diffIds], layers: [...st.layers],
    history: [...st.history], args: new Map(),
  };
}

function declareArgs(s: BuildSession, st: StageState, i: ArgInstr): void {
  for (const { name, value } of i.args) {
    const given = s.buildArgs[name];
    if (given !== undefined) s.usedArgs.add(name);
    const v = given ?? (value !== undefined ? processWord(value, stageVars(st), s.dockerfile.escape) : s.globalArgs.get(name));
    st.args.set(name, v);
    st.key = stepKey(st.key, `ARG ${name}`, [v ?? '\0unset']);
  }
}

async function instruction(s: BuildSession, st: StageState, stage: Stage, i: Instruction, label: string): Promise<void> {
  switch (i.kind) {
    case 'RUN': return runInstruction(s, st, stage.index, i, label);
    case 'COPY': case 'ADD': return copyInstruction(s, st, stage.index, i, label);
    case 'ARG': return declareArgs(s, st, i);
    case 'FROM': throw new NerdtsError('internal', 'FROM inside a stage');
    default: {
      st.sc = applyConfigInstruction(st.sc, i, stageVars(st), s.dockerfile.escape);
      const text = i.raw.original;
      st.history.push({ created: st.created, created_by: `${text} # buildkit`, empty_layer: true });
      st.key = stepKey(st.key, JSON.stringify(st.sc));
    }
  }
}

/** The base image's ONBUILD triggers as instructions. */
function triggers(st: StageState): Instruction[] {
  const list = st.sc.config.OnBuild ?? [];
  if (!list.length) return [];
  st.sc = { ...st.sc, config: { ...st.sc.config, OnBuild: null } };
  return readDockerfile(`FROM scratch\n${list.join('\n')}`).instructions.slice(1);
}

/** Builds one stage; errors name the Dockerfile line. */
export async function runStage(s: BuildSession, stage: Stage): Promise<StageState> {
  const name = stageName(s, stage);
  const fsSteps = stage.instructions.filter((i) => FS_KINDS.has(i.kind)).length + 1;
  const label = (n: number, text: string): string => `[${name ? `${name} ` : ''}${n}/${fsSteps}] ${text}`;
  const ref = processWord(stage.from.image, (n) => s.globalArgs.get(n), s.dockerfile.escape);
  if (!ref) throw new NerdtsError('invalid-argument', `${s.dockerfileName}:${stage.from.raw.line}: base name (${stage.from.image}) should not be blank`);
  const vertex = s.progress.vertex(label(1, `FROM ${ref}`));
  let st: StageState;
  try {
    const named = s.namedContexts.get(ref.toLowerCase());
    if (named?.kind === 'dir') throw new NerdtsError('invalid-argument', `FROM ${ref}: the build context "${ref}" is a directory, not an image`);
    const base = named ? undefined : findStage(s.plan, ref, stage.index);
    st = base ? copyState(await s.stage(base.index), name) : await baseState(s, named?.ref ?? ref, name);
    vertex.done();
  } catch (err) {
    vertex.error(err instanceof Error ? err.message : String(err));
    throw err;
  }
  for (const t of triggers(st)) await instruction(s, st, stage, t, label(1, `ONBUILD ${t.raw.original}`));
  let n = 1;
  for (const i of stage.instructions) {
    if (FS_KINDS.has(i.kind)) n++;
    try {
      await instruction(s, st, stage, i, label(n, i.raw.original));
    } catch (err) {
      if (err instanceof NerdtsError && !err.message.startsWith(`${s.dockerfileName}:`)) {
        throw new NerdtsError(err.code, `${s.dockerfileName}:${i.raw.line}: ${err.message}`, { ...(err.hint && { hint: err.hint }), cause: err });
      }
      throw err;
    }
  }
  return st;
}

/** The initial state of a stage whose FROM names an image (or scratch). */
export async function baseState(s: BuildSession, ref: string, name: string): Promise<StageState> {
  const empty: StageState = {
    name, sc: { config: {} }, diffIds: [], layers: [], history: [], top: '', key: stepKey('', 'scratch'),
    created: s.now().toISOString(), args: new Map(),
  };
  if (ref === 'scratch') return empty;
  const img = await resolveImage(s.client, s.globals, ref, { pull: s.pull, platform: formatPlatform(s.platform) });
  const layers = img.manifest.layers.map(asOciLayer);
  return {
    ...empty, sc: { config: { ...(img.config.config ?? {}) }, ...(img.config.author && { author: img.config.author }) },
    diffIds: [...(img.config.rootfs?.diff_ids ?? [])], layers, history: [...(img.config.history ?? [])],
    top: img.chainIds[img.chainIds.length - 1] ?? '', key: stepKey('', `image ${img.id}`), created: img.config.created ?? empty.created,
  };
}
