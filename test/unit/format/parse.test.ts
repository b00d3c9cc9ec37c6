import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTemplate } from '../../../src/format';
import { isNerdtsError } from '../../../src/errors';
import { P, run } from './helpers';

test('parse errors use Go text/template wording', () => {
  const cases: Array<[string, string]> = [
    ['{{.Foo}', 'template: :1: unexpected "}" in operand'],
    ['{{.Foo', 'template: :1: unclosed action'],
    ['{{.Foo\n', 'template: :2: unclosed action started at :1'],
    ['{{if .A}}x', 'template: :1: unexpected EOF'],
    ['{{end}}', 'template: :1: unexpected {{end}}'],
    ['{{else}}', 'template: :1: unexpected {{else}}'],
    ['{{nosuch .A}}', 'template: :1: function "nosuch" not defined'],
    ['{{$x}}', 'template: :1: undefined variable "$x"'],
    ['{{}}', 'template: :1: missing value for command'],
    ['{{range}}{{end}}', 'template: :1: missing value for range'],
    ['{{.A | "x"}}', 'template: :1: non executable command in pipeline stage 2'],
    ['{{(.A}}', 'template: :1: unclosed left paren'],
    ['{{.A)}}', "template: :1: unexpected right paren U+0029 ')'"],
    ['{{"abc}}', 'template: :1: unterminated quoted string'],
    ['{{`abc}}', 'template: :1: unterminated raw quoted string'],
    ["{{'a}}", 'template: :1: unterminated character constant'],
    ["{{'ab'}}", "template: :1: malformed character constant: 'ab'"],
    ['{{break}}', 'template: :1: {{break}} outside {{range}}'],
    ['{{continue}}', 'template: :1: {{continue}} outside {{range}}'],
    ['{{range .}}{{else}}{{break}}{{end}}', 'template: :1: {{break}} outside {{range}}'],
    ['{{/* x }}', 'template: :1: unclosed comment'],
    ['{{/* x */ .A}}', 'template: :1: comment ends before closing delimiter'],
    ['{{.A = 1}}', 'template: :1: unexpected "=" in operand'],
    ['{{range $a, $b, $c := .}}{{end}}', 'template: :1: too many declarations in range'],
    ['{{with $x, $y := .}}{{end}}', 'template: :1: too many declarations in with'],
    ['{{range $a, 1}}{{end}}', 'template: :1: range can only initialize variables'],
    ['{{template .A}}', 'template: :1: unexpected ".A" in template clause'],
    ['{{define "a"}}x{{else}}y{{end}}', 'template: :1: unexpected {{else}} in define clause'],
    ['{{define "a"}}x{{end}}{{define "a"}}y{{end}}', 'template: :1: template: multiple definition of template "a"'],
    ['{{if .A}}{{else}}{{else}}{{end}}', 'template: :1: expected end; found {{else}}'],
    ['{{"a".B}}', 'template: :1: unexpected . after term "\\"a\\""'],
    ['{{.A ¬}}', "template: :1: unrecognized character in action: U+00AC '¬'"],
    ['{{.A-}}', "template: :1: bad character U+002D '-'"],
    ['{{3x}}', 'template: :1: bad number syntax: "3x"'],
    ['{{1e}}', 'template: :1: illegal number syntax: "1e"'],
    ['{{99999999999999999999}}', 'template: :1: integer overflow: "99999999999999999999"'],
    ['{{"\\q"}}', 'template: :1: invalid syntax'],
    ['{{range .}}{{else if .}}{{end}}', 'template: :1: unexpected <if> in input'],
    ['{{.A "abcdefghijklmno" | 1}}', 'template: :1: non executable command in pipeline stage 2'],
    ['{{template "x" | }}', 'template: :1: unexpected "|" in template clause'],
    ['a\nb\n{{.A}\n', 'template: :3: unexpected "}" in operand'],
    ['{{if .A "abcdefghijklm" )}}', "template: :1: unexpected right paren U+0029 ')'"],
    ['{{index . "abcdefghijklmnop" ,}}', 'template: :1: unexpected "," in operand'],
  ];
  for (const [tmpl, want] of cases) assert.equal(run(tmpl, {}), P + want, tmpl);
});

test('long tokens are shortened in messages as Go does', () => {
  assert.equal(run('{{define `abcdefghijklmnopqrstuvwxyz` `x`}}{{end}}'),
    P + 'template: :1: unexpected "`x`" in define clause');
  assert.equal(run('{{define "a" "abcdefghijklmnop"}}{{end}}'), P + 'template: :1: unexpected "\\"abcdefghi"... in define clause');
});

test('parse errors are NerdtsError invalid-argument', () => {
  try {
    compileTemplate('{{.Foo}');
    assert.fail('expected a throw');
  } catch (err) {
    assert.ok(isNerdtsError(err));
    assert.equal(err.code, 'invalid-argument');
    assert.equal(err.message, 'template parsing error: template: :1: unexpected "}" in operand');
  }
});

test('the template name appears in messages', () => {
  assert.equal(run('{{.Foo}', {}, { name: 'ps' }), P + 'template: ps:1: unexpected "}" in operand');
});

test('text, trim markers and comments', () => {
  const cases: Array<[string, string]> = [
    ['plain text', 'plain text'],
    ['a  {{- .A -}}  b', 'a1b'],
    ['a \n\t {{- .A}} b', 'a1 b'],
    ['a {{.A -}} \n\t b', 'a 1b'],
    ['x {{- /* note */ -}} y', 'xy'],
    ['x {{/* note */}} y', 'x  y'],
    ['{{/* multi\nline */}}z', 'z'],
    ['{{-3}}', '-3'],
    ['{{- 3}}', '3'],
    ['{{ .A }}', '1'],
    ['{{.A\n}}', '1'],
    ['{{\n  if .A\n}}yes{{\nend}}', 'yes'],
    ['{{ .A -}}\n\n{{ .A }}', '11'],
    ['{{.A}} {{- "x" -}} {{.A}}', '1x1'],
  ];
  for (const [tmpl, want] of cases) assert.equal(run(tmpl, { A: 1 }), want, JSON.stringify(tmpl));
});

test('literals', () => {
  const cases: Array<[string, string]> = [
    ['{{"a\\tb\\n\\"q\\" \\x41 \\u00e9 \\U0001F600 \\101"}}', 'a\tb\n"q" A é 😀 A'],
    ['{{`raw\\t`}}', 'raw\\t'],
    ["{{'a'}} {{'\\n'}} {{'é'}}", '97 10 233'],
    ['{{0x1F}} {{0X1f}} {{1_000}} {{010}} {{0b101}} {{0o17}}', '31 31 1000 8 5 15'],
    ['{{1.5}} {{-2.25}} {{1e3}} {{.5}} {{+7}}', '1.5 -2.25 1000 0.5 7'],
    ['{{true}} {{false}}', 'true false'],
    ['{{print nil}}', '<nil>'],
    ['{{"é" | len}}', '2'],
    ['{{"x" |}}', 'x'],
  ];
  for (const [tmpl, want] of cases) assert.equal(run(tmpl, {}), want, tmpl);
});
