import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDockerfile } from '../../../src/build/dockerfile/parse';
import { readDockerfile } from '../../../src/build/dockerfile/instructions';
import type { CopyInstr, HealthcheckInstr, KeyValueInstr, RunInstr } from '../../../src/build/dockerfile/instructions';

describe('dockerfile parse', () => {
  test('directives, comments, continuations', () => {
    const p = parseDockerfile('# syntax=docker/dockerfile:1\n# escape=`\n\nFROM busybox\n# c\nRUN echo a `\n  # inner\n  b\nCMD ["x"]\n');
    assert.equal(p.escape, '`');
    assert.equal(p.syntax, 'docker/dockerfile:1');
    assert.deepEqual(p.instructions.map((i) => [i.keyword, i.args, i.line]), [
      ['FROM', 'busybox', 4], ['RUN', 'echo a   b', 6], ['CMD', '["x"]', 9],
    ]);
  });
  test('directive after an instruction is a comment', () => {
    const p = parseDockerfile('FROM a\n# escape=`\nRUN x \\\n y');
    assert.equal(p.escape, '\\');
    assert.equal(p.instructions[1]!.args, 'x  y');
  });
  test('flags are split from arguments', () => {
    const p = parseDockerfile('COPY --from=build --chmod=755 --link a b\n');
    assert.deepEqual(p.instructions[0]!.flags, ['--from=build', '--chmod=755', '--link']);
    assert.equal(p.instructions[0]!.args, 'a b');
  });
  test('heredocs', () => {
    const p = parseDockerfile('FROM a\nRUN <<EOF\necho hi\necho $X\nEOF\nCOPY <<-"END" /f\n\tline\n\tEND\nCMD x\n');
    const run = p.instructions[1]!;
    assert.deepEqual(run.heredocs, [{ name: 'EOF', content: 'echo hi\necho $X\n', expand: true }]);
    assert.deepEqual(p.instructions[2]!.heredocs, [{ name: 'END', content: 'line\n', expand: false }]);
    assert.equal(p.instructions[3]!.keyword, 'CMD');
    assert.equal(p.instructions[3]!.line, 9);
  });
  test('errors name the line', () => {
    const cases: Array<[string, RegExp]> = [
      ['FROM a\nRUN <<EOF\necho', /line 2.*unterminated heredoc EOF/],
      ['FROM a\nFOO bar', /line 2, column 1: unknown instruction: FOO/],
      ['FROM a\nCOPY --bogus a b', /line 2: unknown flag: --bogus/],
      ['RUN x\nFROM a', /RUN must come after FROM/],
      ['FROM a b', /FROM requires either one or three arguments/],
      ['FROM a\nENV', /line 2: ENV requires at least one argument/],
      ['FROM a\nENV a=1 b', /can't find = in "b"/],
      ['FROM a\nSHELL sh -c', /SHELL requires the arguments to be in JSON form/],
      ['# escape=x\nFROM a', /invalid escape token/],
    ];
    for (const [text, re] of cases) assert.throws(() => readDockerfile(text), re, text);
  });
});

describe('dockerfile instructions', () => {
  test('every instruction', () => {
    const d = readDockerfile([
      'ARG BASE=busybox', 'FROM --platform=linux/amd64 ${BASE} AS Build', 'RUN --network=none --mount=type=cache,target=/c echo hi',
      'RUN ["sh", "-c", "echo"]', 'COPY --chown=1:2 a b /dst/', 'ADD ["x y", "/z"]', 'ENV A=1 B="two words"', 'ENV LEGACY a b c',
      'LABEL "k 1"=v', 'WORKDIR /w', 'USER 1000', 'EXPOSE 80 443/udp', 'VOLUME ["/v"]', 'CMD echo', 'ENTRYPOINT ["e"]',
      'HEALTHCHECK --interval=5s --retries=3 CMD true', 'SHELL ["/bin/bash", "-c"]', 'STOPSIGNAL SIGINT', 'ONBUILD RUN x',
    ].join('\n'));
    const k = d.instructions.map((i) => i.kind);
    assert.deepEqual(k, ['ARG', 'FROM', 'RUN', 'RUN', 'COPY', 'ADD', 'ENV', 'ENV', 'LABEL', 'WORKDIR', 'USER', 'EXPOSE', 'VOLUME', 'CMD', 'ENTRYPOINT', 'HEALTHCHECK', 'SHELL', 'STOPSIGNAL', 'ONBUILD']);
    const from = d.instructions[1]!;
    assert.deepEqual(from.kind === 'FROM' && [from.image, from.alias, from.platform], ['${BASE}', 'build', 'linux/amd64']);
    const run = d.instructions[2] as RunInstr;
    assert.deepEqual([run.network, run.mounts, run.command], ['none', ['type=cache,target=/c'], { shell: 'echo hi' }]);
    assert.deepEqual((d.instructions[3] as RunInstr).command, { json: ['sh', '-c', 'echo'] });
    const copy = d.instructions[4] as CopyInstr;
    assert.deepEqual([copy.sources, copy.dest, copy.chown], [['a', 'b'], '/dst/', '1:2']);
    assert.deepEqual((d.instructions[5] as CopyInstr).sources, ['x y']);
    assert.deepEqual((d.instructions[6] as KeyValueInstr).pairs, [['A', '1'], ['B', '"two words"']]);
    assert.deepEqual((d.instructions[7] as KeyValueInstr).pairs, [['LEGACY', 'a b c']]);
    assert.deepEqual((d.instructions[8] as KeyValueInstr).pairs, [['"k 1"', 'v']]);
    const hc = d.instructions[15] as HealthcheckInstr;
    assert.deepEqual([hc.interval, hc.retries, hc.command], ['5s', 3, { shell: 'true' }]);
  });
});
