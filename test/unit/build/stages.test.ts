import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { stepKey } from '../../../src/build/cache';
import { applyConfigInstruction } from '../../../src/build/config-step';
import { readDockerfile } from '../../../src/build/dockerfile/instructions';
import { globalArgValues, neededStages, planStages, targetStage } from '../../../src/build/stages';
import { mountSources, parseMountFlag } from '../../../src/build/mount-flags';
import { runArgv } from '../../../src/build/steps';
import type { RunInstr } from '../../../src/build/dockerfile/instructions';

const df = readDockerfile([
  'ARG BASE=busybox', 'ARG TAG', 'FROM ${BASE}:${TAG:-latest} AS base', 'RUN x',
  'FROM base AS build', 'RUN y', 'FROM alpine AS unused', 'RUN z',
  'FROM scratch', 'COPY --from=build /a /a', 'COPY --from=0 /b /b',
].join('\n'));

describe('stages', () => {
  const plan = planStages(df);
  test('global args with build-arg override and predefined', () => {
    const v = globalArgValues(plan, { TAG: '1.0' }, { TARGETARCH: 'amd64' }, '\\');
    assert.deepEqual([...v], [['TARGETARCH', 'amd64'], ['BASE', 'busybox'], ['TAG', '1.0']]);
  });
  test('the target needs only what it reads', () => {
    const v = globalArgValues(plan, {}, {}, '\\');
    const look = (n: string): string | undefined => v.get(n);
    assert.deepEqual([...neededStages(plan, targetStage(plan, undefined), look, '\\')].sort(), [0, 1, 3]);
    assert.deepEqual([...neededStages(plan, targetStage(plan, 'build'), look, '\\')].sort(), [0, 1]);
    assert.throws(() => targetStage(plan, 'nope'), /target stage "nope" could not be found/);
  });
  test('a RUN --mount from= stage is needed too', () => {
    const p = planStages(readDockerfile(['FROM busybox AS tools', 'FROM busybox AS other', 'FROM busybox',
      'RUN --mount=type=bind,from=tools,target=/t --mount=type=cache,target=/c true'].join('\n')));
    assert.deepEqual([...neededStages(p, targetStage(p, undefined), () => undefined, '\\')].sort(), [0, 2]);
    assert.deepEqual(mountSources({ mounts: ['type=bind,from=tools,target=/t', 'type=cache,target=/c', 'from=,target=/x'] }), ['tools']);
    assert.deepEqual(parseMountFlag('type=bind,source=a,target=/b,rw'), { type: 'bind', source: 'a', target: '/b', rw: 'true' });
  });
});

describe('cache keys', () => {
  test('chained and input-sensitive', () => {
    const a = stepKey('p', 'RUN x');
    assert.equal(a, stepKey('p', 'RUN x'));
    assert.notEqual(a, stepKey('q', 'RUN x'));
    assert.notEqual(a, stepKey('p', 'RUN y'));
    assert.notEqual(stepKey('p', 'COPY a /', ['h1']), stepKey('p', 'COPY a /', ['h2']));
    assert.match(a, /^[0-9a-f]{64}$/);
  });
});

describe('config instructions', () => {
  const apply = (lines: string[], vars: Record<string, string> = {}): ReturnType<typeof applyConfigInstruction> => {
    let sc = { config: {} };
    for (const i of readDockerfile(`FROM x\n${lines.join('\n')}`).instructions.slice(1)) sc = applyConfigInstruction(sc, i, (n) => vars[n], '\\');
    return sc;
  };
  test('ENV, WORKDIR, CMD then ENTRYPOINT keeps CMD, SHELL', () => {
    const sc = apply(['ENV A=1 B=$A', 'WORKDIR /a', 'WORKDIR b', 'CMD ["c"]', 'ENTRYPOINT ["e"]', 'SHELL ["/bin/bash", "-c"]', 'CMD run it'], { A: 'old' });
    assert.deepEqual(sc.config, { Env: ['A=1', 'B=old'], WorkingDir: '/a/b', Cmd: ['/bin/bash', '-c', 'run it'], Entrypoint: ['e'], Shell: ['/bin/bash', '-c'] });
  });
  test('inherited CMD dropped by ENTRYPOINT; HEALTHCHECK durations in ns', () => {
    const base = { config: { Cmd: ['old'] } };
    const [ep, hc] = readDockerfile('FROM x\nENTRYPOINT e\nHEALTHCHECK --timeout=1s CMD ["true"]').instructions.slice(1);
    const sc = applyConfigInstruction(applyConfigInstruction(base, ep!, () => undefined, '\\'), hc!, () => undefined, '\\');
    assert.deepEqual(sc.config, { Cmd: null, Entrypoint: ['/bin/sh', '-c', 'e'], Healthcheck: { Test: ['CMD', 'true'], Timeout: 1e9 } });
  });
  test('RUN heredoc argv', () => {
    const runs = readDockerfile('FROM x\nRUN <<EOF\necho a\nEOF\nRUN cat <<A > /f\nhi\nA').instructions.slice(1) as RunInstr[];
    assert.deepEqual(runArgv(runs[0]!, ['/bin/sh', '-c']), ['/bin/sh', '-c', 'echo a\n']);
    assert.deepEqual(runArgv(runs[1]!, ['/bin/sh', '-c']), ['/bin/sh', '-c', 'cat <<A > /f\nhi\nA']);
  });
});
