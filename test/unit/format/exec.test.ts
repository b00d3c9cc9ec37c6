import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate, goMap } from '../../../src/format';
import { isNerdtsError } from '../../../src/errors';
import { P, run } from './helpers';

const data = {
  A: 1,
  B: 0,
  S: 'str',
  L: [1, 2, 3],
  Empty: [] as unknown[],
  M: { b: 2, a: 1, c: 3 },
  Nil: null,
  LM: [{ Name: 'first' }, { Name: 'second' }],
  Nested: { Inner: { Value: 'deep' } },
};

type Case = [template: string, want: string];

function table(cases: Case[], input: unknown = data): void {
  for (const [tmpl, want] of cases) assert.equal(run(tmpl, input), want, tmpl);
}

test('fields, dot, $ and chains', () => {
  table([
    ['{{.A}} {{.S}}', '1 str'],
    ['{{.Nested.Inner.Value}}', 'deep'],
    ['{{with .Nested}}{{$.A}}{{.Inner.Value}}{{end}}', '1deep'],
    ['{{(index .LM 1).Name}}', 'second'],
    ['{{(.Nested).Inner.Value}}', 'deep'],
    ['{{.Missing}}', '<no value>'],
    ['{{.Missing.Deeper}}', '<no value>'],
    ['{{print .Missing}}', '<nil>'],
    ['{{.Nil}}', '<nil>'],
  ]);
  assert.equal(run('{{.}}', 'x'), 'x');
  assert.equal(run('{{$}}', 7), '7');
});

test('variables: declaration, assignment and scope', () => {
  table([
    ['{{$x := .A}}{{$x}}', '1'],
    ['{{$x := 1}}{{$x = 2}}{{$x}}', '2'],
    ['{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}', '2'],
    ['{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}', '21'],
    ['{{$x := .Nested}}{{$x.Inner.Value}}', 'deep'],
    ['{{$a := 1}}{{$b := 2}}{{$a}}{{$b}}', '12'],
  ]);
});

test('pipelines and parenthesized expressions', () => {
  table([
    ['{{.A | printf "%d!"}}', '1!'],
    ['{{"x" | printf "%s-%s" "y"}}', 'y-x'],
    ['{{.L | len}}', '3'],
    ['{{.S | upper | printf "<%s>"}}', '<STR>'],
    ['{{printf "%d" (len .L)}}', '3'],
    ['{{(printf "%s" .S)}}', 'str'],
    ['{{eq (index .L 0) .A}}', 'true'],
  ]);
});

test('if / else if / else', () => {
  const t = '{{if .A}}a{{else if .B}}b{{else}}c{{end}}';
  assert.equal(run(t, { A: 1, B: 1 }), 'a');
  assert.equal(run(t, { A: 0, B: 1 }), 'b');
  assert.equal(run(t, { A: 0, B: 0 }), 'c');
  table([
    ['{{if and .A (not .B)}}yes{{end}}', 'yes'],
    ['{{if .Missing}}x{{else}}y{{end}}', 'y'],
    ['{{if $v := .A}}{{$v}}{{end}}', '1'],
  ]);
});

test("truthiness follows Go's zero values", () => {
  const values: Array<[unknown, string]> = [
    [0, 'F'], [1, 'T'], [-0.5, 'T'], ['', 'F'], ['a', 'T'], [[], 'F'], [[0], 'T'], [{}, 'F'], [{ a: 1 }, 'T'],
    [null, 'F'], [undefined, 'F'], [true, 'T'], [false, 'F'], [new Map(), 'F'], [new Map([[1, 1]]), 'T'],
    [new Date(0), 'T'], [0n, 'F'], [2n, 'T'],
  ];
  for (const [v, want] of values) assert.equal(run('{{if .V}}T{{else}}F{{end}}', { V: v }), want, String(v));
});

test('with / else / else with', () => {
  table([
    ['{{with .Nested.Inner}}{{.Value}}{{end}}', 'deep'],
    ['{{with .Missing}}x{{else}}none{{end}}', 'none'],
    ['{{with $v := .S}}{{$v}}{{.}}{{end}}', 'strstr'],
    ['{{with .Missing}}a{{else with .S}}{{.}}{{end}}', 'str'],
    ['{{with .B}}a{{else with .Missing}}b{{else}}c{{end}}', 'c'],
  ]);
});

test('range over slices, maps and integers', () => {
  table([
    ['{{range .L}}{{.}}{{end}}', '123'],
    ['{{range $i, $v := .L}}{{$i}}:{{$v}} {{end}}', '0:1 1:2 2:3 '],
    ['{{range $v := .L}}{{$v}}{{end}}', '123'],
    ['{{range $k, $v := .M}}{{$k}}={{$v}};{{end}}', 'a=1;b=2;c=3;'],
    ['{{range .M}}{{.}}{{end}}', '123'],
    ['{{range .Empty}}x{{else}}empty{{end}}', 'empty'],
    ['{{range .Missing}}x{{else}}none{{end}}', 'none'],
    ['{{range .Nil}}x{{else}}nil{{end}}', 'nil'],
    ['{{range .L}}{{if eq . 2}}{{continue}}{{end}}{{.}}{{end}}', '13'],
    ['{{range .L}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}}', '1'],
    ['{{range .L}}{{range $.L}}{{if eq . 2}}{{break}}{{end}}{{.}}{{end}};{{end}}', '1;1;1;'],
    ['{{range 3}}{{.}}{{end}}', '012'],
    ['{{range .LM}}{{.Name}},{{end}}', 'first,second,'],
    ['{{$x := 0}}{{range $x = .L}}{{end}}{{$x}}', '3'],
    ['{{range $i, $v := .L}}{{end}}{{if true}}ok{{end}}', 'ok'],
  ]);
  const m = new Map<unknown, unknown>([[10, 'ten'], [2, 'two']]);
  assert.equal(run('{{range $k, $v := .}}{{$k}}{{$v}} {{end}}', m), '2two 10ten ');
});

test('define, template and block', () => {
  table([
    ['{{define "T"}}[{{.}}]{{end}}{{template "T" .A}}{{template "T" "x"}}', '[1][x]'],
    ['{{define "T"}}{{.}}{{end}}{{template "T"}}', '<no value>'],
    ['{{define "T"}}{{$.Value}}{{end}}{{template "T" .Nested.Inner}}', 'deep'],
    ['{{block "B" .A}}<{{.}}>{{end}}', '<1>'],
    ['{{define "a"}}A{{template "b" .}}{{end}}{{define "b"}}B{{.S}}{{end}}{{template "a" .}}', 'ABstr'],
    ['{{define "T"}}{{end}}{{define "T"}}x{{end}}{{template "T"}}', 'x'],
  ]);
});

test('methods and functions on the data', () => {
  class Row {
    constructor(private readonly labels: Record<string, string>) {}
    get Names(): string { return 'web'; }
    Label(key: string): string { return this.labels[key] ?? ''; }
  }
  const row = new Row({ 'com.example.a': 'x' });
  assert.equal(run('{{.Names}} {{.Label "com.example.a"}}|{{.Label "nope"}}', row), 'web x|');
  assert.equal(run('{{"com.example.a" | .Label}}', row), 'x');
  const obj = { Fn: (a: number, b: number) => a * b, Greet: () => 'hi', Throw: () => { throw new Error('boom'); } };
  assert.equal(run('{{call .Fn 2 3}} {{.Greet}}', obj), '6 hi');
  assert.equal(run('{{.Throw}}', obj), P + 'template: :1:2: executing "" at <.Throw>: error calling Throw: boom');
  assert.equal(run('{{.toString}}|{{.constructor}}', {}), '<no value>|<no value>');
  assert.equal(run('{{.__proto__}}', {}), '<no value>');
});

test('Map instances and goMap objects are Go maps', () => {
  assert.equal(run('{{.a}} {{.z}}', new Map([['a', 1]])), '1 <no value>');
  assert.equal(run('{{.Labels.x}}', { Labels: goMap({}) }, { missingKey: 'struct' }), '<no value>');
  assert.equal(run('{{.Labels}}', { Labels: new Map([['b', '2'], ['a', '1']]) }), 'map[a:1 b:2]');
});

test('missing keys: no-value, error (docker inspect) and struct (docker rows)', () => {
  assert.equal(run('{{.Foo}}', { A: 1 }), '<no value>');
  assert.equal(run('{{.Foo}}', { A: 1 }, { missingKey: 'error' }),
    P + 'template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"');
  assert.equal(run('{{.Missing.Foo}}', { A: 1 }, { missingKey: 'error' }),
    P + 'template: :1:10: executing "" at <.Missing.Foo>: map has no entry for key "Missing"');
  assert.equal(run('{{.Foo}}', { A: 1 }, { missingKey: 'struct', typeName: '*formatter.ContainerContext' }),
    P + 'template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext');
  assert.equal(run('{{.A.Foo}}', { A: {} }, { missingKey: 'struct' }),
    P + 'template: :1:4: executing "" at <.A.Foo>: can\'t evaluate field Foo in type struct');
  assert.equal(run('{{.A 1}}', { A: 'x' }, { missingKey: 'struct' }),
    P + 'template: :1:2: executing "" at <.A>: A has arguments but cannot be invoked as function');
  assert.equal(run('{{.A 1}}', { A: 'x' }),
    P + 'template: :1:2: executing "" at <.A>: A is not a method but has arguments');
});

test('execution errors name the position and node as Go does', () => {
  table([
    ['{{.S.B}}', P + 'template: :1:4: executing "" at <.S.B>: can\'t evaluate field B in type string'],
    ['{{.L.B}}', P + 'template: :1:4: executing "" at <.L.B>: can\'t evaluate field B in type []interface {}'],
    ['{{.Nil.X}}', P + 'template: :1:6: executing "" at <.Nil.X>: nil pointer evaluating interface {}.X'],
    ['{{index .L 5}}', P + 'template: :1:2: executing "" at <index .L 5>: error calling index: index out of range: 5'],
    ['{{index .L 3}}', P + 'template: :1:2: executing "" at <index .L 3>: error calling index: reflect: slice index out of range'],
    ['{{len 3}}', P + 'template: :1:2: executing "" at <len 3>: error calling len: len of type int'],
    ['{{len}}', P + 'template: :1:2: executing "" at <len>: wrong number of args for len: want 1 got 0'],
    ['{{ne 1}}', P + 'template: :1:2: executing "" at <ne>: wrong number of args for ne: want 2 got 1'],
    ['{{printf}}', P + 'template: :1:2: executing "" at <printf>: wrong number of args for printf: want at least 1 got 0'],
    ['{{template "nope"}}', P + 'template: :1:11: executing "" at <{{template "nope"}}>: template "nope" not defined'],
    ['{{1 2}}', P + 'template: :1:2: executing "" at <1>: can\'t give argument to non-function 1'],
    ['{{nil}}', P + 'template: :1:2: executing "" at <nil>: nil is not a command'],
    ['{{range .S}}{{end}}', P + 'template: :1:8: executing "" at <.S>: range can\'t iterate over str'],
    ['x\n  {{.A.B}}', P + 'template: :2:6: executing "" at <.A.B>: can\'t evaluate field B in type int'],
    ['{{upper 3}}', P + 'template: :1:8: executing "" at <3>: expected string; found 3'],
    ['{{upper .A}}', P + 'template: :1:8: executing "" at <.A>: wrong type for value; expected string; got int'],
    ['{{upper .Nil}}', P + 'template: :1:8: executing "" at <.Nil>: wrong type for value; expected string; got interface {}'],
    ['{{upper .Missing}}', P + 'template: :1:8: executing "" at <.Missing>: invalid value; expected string'],
    ['{{truncate .S "a"}}', P + 'template: :1:14: executing "" at <"a">: expected integer; found "a"'],
    ['{{printf 3}}', P + 'template: :1:9: executing "" at <3>: expected string; found 3'],
    ['{{upper nil}}', P + 'template: :1:8: executing "" at <nil>: cannot assign nil to string'],
    ['{{eq .A "x"}}', P + 'template: :1:2: executing "" at <eq .A "x">: error calling eq: incompatible types for comparison: int and string'],
    ['{{lt true false}}', P + 'template: :1:2: executing "" at <lt true false>: error calling lt: invalid type for comparison'],
    ['{{call .S}}', P + 'template: :1:2: executing "" at <call .S>: error calling call: non-function .S of type string'],
    ['{{call .Nil}}', P + 'template: :1:2: executing "" at <call .Nil>: error calling call: call of nil'],
    ['{{slice .L 2 1}}', P + 'template: :1:2: executing "" at <slice .L 2 1>: error calling slice: invalid slice index: 2 > 1'],
    ['{{$x := 1}}{{range $i := .L}}{{$x = $i}}{{end}}{{$x}}', '3'],
    ['{{define "t"}}{{.X.Y}}{{end}}{{template "t" .}}', P + 'template: :1:18: executing "t" at <.X.Y>: nil pointer evaluating interface {}.Y'],
  ], { ...data, X: null });
});

test('execution errors are NerdtsError and keep no state between runs', () => {
  const t = compileTemplate('{{$n := .N}}{{range .L}}{{$n}}{{.}}{{end}}');
  assert.equal(t.execute({ N: 'a', L: [1, 2] }), 'a1a2');
  assert.equal(t.execute({ N: 'b', L: [3] }), 'b3');
  try {
    compileTemplate('{{len 3}}').execute({});
    assert.fail('expected a throw');
  } catch (err) {
    assert.ok(isNerdtsError(err));
    assert.equal(err.code, 'invalid-argument');
  }
});

test("values print in Go's %v form", () => {
  const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 120));
  const cases: Array<[unknown, string]> = [
    [['a', 1, true, null], '[a 1 true <nil>]'],
    [[[1, 2], { a: 'b' }], '[[1 2] map[a:b]]'],
    [{ b: ['x'], a: 1 }, 'map[a:1 b:[x]]'],
    [0.1, '0.1'], [1e21, '1e+21'], [1e-7, '1e-07'], [-0.5, '-0.5'], [123456789.5, '1.234567895e+08'],
    [NaN, 'NaN'], [Infinity, '+Inf'], [-Infinity, '-Inf'],
    [12345678901234567890n, '12345678901234567890'], [1500000000, '1500000000'],
    [when, '2024-01-02 03:04:05.12 +0000 UTC'],
    [new Uint8Array([1, 2]), '[1 2]'],
    [true, 'true'],
  ];
  for (const [v, want] of cases) assert.equal(run('{{.V}}', { V: v }), want, String(v));
});
