import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../../compose/parse/document';
import { readFast } from '../../../compose/parse/fast-block';
import { readWithLibrary } from '../../../compose/parse/library';
import { Unsupported } from '../../../compose/parse/source';
import { isComposeError } from '../../../compose/index';

function value(text: string): unknown {
  const docs = parseYaml(text, 'f.yaml');
  return docs.length === 1 ? docs[0]!.value : docs.map((d) => d.value);
}

// Plain scalars resolve as go-yaml does (YAML 1.2 core, plus go-yaml's octal and underscores).
const SCALARS: [string, unknown][] = [
  ['hello', 'hello'], ['"quoted"', 'quoted'], ["'single'", 'single'], ['42', 42], ['-7', -7], ['+12', 12], ['0', 0],
  ['3.5', 3.5], ['.5', 0.5], ['1e3', 1000], ['0x1F', 31], ['0o17', 15], ['0440', 288], ['08', 8], ['1_000', 1000],
  ['true', true], ['False', false], ['TRUE', true], ['yes', 'yes'], ['on', 'on'], ['no', 'no'], ['~', null],
  ['null', null], ['', null], ['.inf', Infinity], ['-.inf', -Infinity], ['22:22', '22:22'], ['8080:80', '8080:80'],
  ['"8080"', '8080'], ['2024-01-01', '2024-01-01'], ['1.2.3', '1.2.3'], ['-x', '-x'], ['a b  c', 'a b  c'],
  ['http://x:80/y', 'http://x:80/y'], ['"\\u00e9\\t\\x41"', 'é\tA'], ["'it''s'", "it's"], ['value # comment', 'value'],
  ['a#b', 'a#b'],
];

for (const [text, expected] of SCALARS) {
  test(`scalar ${JSON.stringify(text)}`, () => {
    assert.deepEqual(value(`v: ${text}\n`), { v: expected });
  });
}

test('block scalars, flow collections, nesting and compact sequences', () => {
  const text = [
    'lit: |', '  line1', '', '  line2', 'strip: |-', '  x', 'keep: |+', '  x', '', 'fold: >', '  a', '  b', '', '  c',
    'flow: [1, "two", {k: v}]', 'seq:', '- a', '- b: 1', '  c: 2', '- - x', '  - y', 'map:', '  deep:', '    k: v', '',
  ].join('\n');
  assert.deepEqual(value(text), {
    lit: 'line1\n\nline2\n', strip: 'x', keep: 'x\n\n', fold: 'a b\nc\n', flow: [1, 'two', { k: 'v' }],
    seq: ['a', { b: 1, c: 2 }, ['x', 'y']], map: { deep: { k: 'v' } },
  });
});

test('anchors, aliases and merge keys (explicit keys win, earlier sources win)', () => {
  const text = 'x-a: &a {p: 1, q: 1}\nx-b: &b\n  q: 2\n  r: 2\ns:\n  <<: [*a, *b]\n  r: 3\nt: *a\n';
  assert.deepEqual(value(text), { 'x-a': { p: 1, q: 1 }, 'x-b': { q: 2, r: 2 }, s: { p: 1, q: 1, r: 3 }, t: { p: 1, q: 1 } });
});

test('aliases are copies: changing one does not change the other', () => {
  const v = value('a: &x {k: [1]}\nb: *x\n') as { a: { k: number[] }; b: { k: number[] } };
  v.b.k.push(2);
  assert.deepEqual(v.a.k, [1]);
});

test('!reset drops the value and !override keeps it; both are recorded with their path', () => {
  const [doc] = parseYaml('services:\n  web:\n    ports: !reset []\n    env: !override\n      A: 1\n    image: x\n', 'f');
  assert.deepEqual(doc!.value, { services: { web: { env: { A: 1 }, image: 'x' } } });
  assert.deepEqual(doc!.marks, [
    { path: ['services', 'web', 'ports'], kind: 'reset' },
    { path: ['services', 'web', 'env'], kind: 'override' },
  ]);
});

test('several documents in one file', () => {
  assert.deepEqual(value('a: 1\n---\nb: 2\n'), [{ a: 1 }, { b: 2 }]);
  assert.deepEqual(parseYaml('', 'f'), []);
  assert.deepEqual(parseYaml('# only a comment\n', 'f'), []);
});

// [text, line, column, reason]
const ERRORS: [string, number, number, string][] = [
  ['services:\n  web:\n    image: a\n    image: b\n', 4, 5, 'duplicate key "image" (first defined at line 3)'],
  ['a: b: c\n', 1, 4, 'Nested mappings are not allowed in compact mappings'],
  ['a:\n\t- x\n', 2, 1, 'Tabs are not allowed as indentation'],
  ['a: [1, 2\nb: 1\n', 2, 1, 'Flow sequence in block collection must be sufficiently indented and end with a ]'],
  ['a: "unterminated\n', 2, 1, 'Missing closing "quote'],
  ['a: *nope\n', 1, 4, 'unknown anchor "nope" referenced by an alias'],
  ['1: x\n', 1, 1, 'non-string key at top level: 1'],
];

for (const [text, line, column, reason] of ERRORS) {
  test(`YAML error at ${line}:${column}: ${reason}`, () => {
    assert.throws(() => parseYaml(text, 'f.yaml'), (err) => {
      assert.ok(isComposeError(err), String(err));
      assert.equal(err.file, 'f.yaml');
      assert.equal(err.reason, reason);
      assert.deepEqual([err.line, err.column], [line, column]);
      return true;
    });
  });
}

test('excessive aliasing fails fast', () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(',')}]`);
  }
  assert.throws(() => parseYaml(lines.join('\n'), 'f'), /excessive aliasing/);
});

// The fast reader must agree with the YAML library wherever it accepts the input.
const CORPUS = [
  'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n      - 443:443\n',
  'a:\n- 1\n- 2\nb: [1, 2, {c: d}]\n',
  'a: |\n  x\n  y\nb: |-\n  x\n\n  y\n\nc: |+\n  x\n\nd: 1\n',
  'a: >\n  x\n  y\n\n  z\ne: >-\n  folded\n  text\n',
  'a: |2\n    x\n',
  '- a: 1\n  b: 2\n- c\n',
  '- - 1\n  - 2\n- 3\n',
  'x: &a {p: 1}\ny:\n  <<: *a\n  q: 2\n',
  'a: !reset\nb: !override [1]\nc: !reset []\n',
  'a: 0440\nb: yes\nc: 22:22\nd: 1_000\ne: 0x1F\nf: ~\ng: .5\nh: -.inf\ni: 1e3\nj: 08\n',
  'a: b # comment\n# full\nc: \'it\'\'s\'\n',
  'a: [\n  1,\n  2\n]\n',
  'a: {b: [1, 2], c: "x,y"}\n',
  'test: ["CMD-SHELL", "curl -f http://localhost || exit 1"]\n',
  'key with spaces: v\n"quoted key": 1\n',
  '---\na: 1\n---\nb: 2\n',
  'a: 1\r\nb: 2\r\n',
  'a:\n  - b\n  -\n    c: 1\n',
  'a: \'  spaced  \'\nb: ""\n',
  'env:\n  - A=1\n  - B=${X:-y}\n',
  'a: [a:b, c]\n',
  'a: {x: 1, y: }\n',
  'x: &anc value\ny: *anc\n',
  'a: 1 #c\nb: 1#c\n',
  'a:\n',
  'a: |\n  last',
  'a: >\n\n  x\n',
  'labels:\n  com.example.a: "1"\n  com.example/b: two words\n',
  'cmd: ["sh", "-c", "echo $$HOME && exit 0"]\n',
];

for (const text of CORPUS) {
  test(`fast reader agrees with the YAML library: ${JSON.stringify(text).slice(0, 60)}`, () => {
    let fast;
    try {
      fast = readFast(text, true);
    } catch (err) {
      if (err instanceof Unsupported) assert.fail('the fast reader should handle this input');
      throw err;
    }
    const lib = readWithLibrary(text, 'f');
    assert.deepEqual(fast.map((d) => d.value), lib.map((d) => d.value));
    assert.deepEqual(fast.map((d) => d.marks), lib.map((d) => d.marks));
    fast.forEach((d, i) => assert.deepEqual([...d.positions].sort(), [...lib[i]!.positions].sort()));
  });
}

test('inputs outside the fast subset are left to the YAML library', () => {
  for (const text of ['a: !!str 123\n', '? a\n: b\n', 'a: "multi\n  line"\n', 'cmd: echo hello\n  world\n']) {
    assert.throws(() => readFast(text), Unsupported);
  }
  assert.deepEqual(value('a: !!str 123\n'), { a: '123' });
  assert.deepEqual(value('cmd: echo hello\n  world\n'), { cmd: 'echo hello world' });
});
