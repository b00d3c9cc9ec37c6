import { test } from 'node:test';
import assert from 'node:assert/strict';
import { run } from './helpers';

const data = {
  A: 1,
  S: 'str',
  L: [1, 2, 3],
  LL: [[1, 2], [3, 4]],
  Strs: ['a', 'b'],
  M: { b: 'y', a: 'x' },
  Labels: { 'com.docker.compose.project': 'demo' },
  Mixed: { n: 1 },
  Nil: null,
  Fn: (a: number, b: number) => a + b,
};

type Case = [template: string, want: string];

function table(cases: Case[]): void {
  for (const [tmpl, want] of cases) assert.equal(run(tmpl, data), want, tmpl);
}

test('boolean and comparison builtins', () => {
  table([
    ['{{not 0}} {{not 1}} {{not .Nil}}', 'true false true'],
    ['{{and 1 2}} {{and 0 2}} {{and 1 ""}}', '2 0 '],
    ['{{or 0 ""}}|{{or 0 "x"}} {{or 3 4}}', '|x 3'],
    ['{{.A | and 1}} {{0 | or ""}}', '1 0'],
    ['{{eq 1 1}} {{eq 1 2 1}} {{eq "a" "b" "c"}} {{eq .S "str"}}', 'true true false true'],
    ['{{eq .Nil nil}} {{eq .Missing "x"}} {{eq true true}}', 'true false true'],
    ['{{ne 1 2}} {{ne "a" "a"}}', 'true false'],
    ['{{lt 1 2}} {{le 2 2}} {{gt 3 2}} {{ge "a" "b"}}', 'true true true false'],
  ]);
});

test('len, index and slice', () => {
  table([
    ['{{len .L}} {{len "héllo"}} {{len .M}}', '3 6 2'],
    ['{{index .L 1}} {{index .LL 1 0}} {{index .M "a"}} {{index .Labels "com.docker.compose.project"}}', '2 3 x demo'],
    ['[{{index .Labels "missing"}}] [{{index .Mixed "missing"}}]', '[] [<no value>]'],
    ['{{index "abc" 1}}', '98'],
    ['{{index .L}}', '[1 2 3]'],
    ['{{slice .L 1}} {{slice .L 1 2}} {{slice .L}} {{slice "hello" 1 3}} {{slice "hello" 2}}', '[2 3] [2] [1 2 3] el llo'],
  ]);
});

test('print, printf, println', () => {
  table([
    ['{{print 1 2 "a" 3 nil}}', '1 2a3 <nil>'],
    ['{{print "a" "b"}} {{print .L .A}}', 'ab [1 2 3] 1'],
    ['{{println 1 "a"}}', '1 a\n'],
    ['{{printf "%d-%s" 1 "x"}}', '1-x'],
    ['{{printf "%v" .Missing}}', '<nil>'],
  ]);
});

test('html, js, urlquery', () => {
  table([
    [`{{html "<a href='x'>&\\"q\\""}}`, '&lt;a href=&#39;x&#39;&gt;&amp;&#34;q&#34;'],
    [`{{js "it's <b>\\"=\\\\"}}`, "it\\'s \\u003Cb\\u003E\\\"\\u003D\\\\"],
    ['{{js "\\x01é"}}', '\\u0001é'],
    ['{{urlquery "a b/c?d=é~"}}', 'a+b%2Fc%3Fd%3D%C3%A9~'],
    ['{{html .Missing}}', '&lt;no value&gt;'],
    ['{{html 1 2}}', '1 2'],
  ]);
});

test('call', () => {
  table([
    ['{{call .Fn 2 3}}', '5'],
    ['{{call .Fn .A 1 | printf "%d!"}}', '2!'],
  ]);
});

test("docker's functions: json, join, split, lower, upper, title, pad, truncate", () => {
  table([
    ['{{json .M}}', '{"b":"y","a":"x"}'],
    ['{{json .S}} {{json .L}} {{json .Nil}} {{json .Missing}}', '"str" [1,2,3] null null'],
    ['{{join .Strs ", "}} {{join .L "-"}} {{join .M ","}} [{{join .Nil ","}}]', 'a, b 1-2-3 x,y []'],
    ['{{split "a,b,c" ","}} {{split "abc" ""}} {{len (split "" ",")}}', '[a b c] [a b c] 1'],
    ['{{lower "ÀB"}} {{upper "àb"}}', 'àb ÀB'],
    ['{{title "hello wORLD foo_bar x-y"}}', 'Hello WORLD Foo_bar X-Y'],
    ['[{{pad "x" 2 1}}] [{{pad "" 2 1}}]', '[  x ] []'],
    ['{{truncate "abcdef" 3}} {{truncate "ab" 3}} {{truncate "abc" 3}}', 'abc ab abc'],
  ]);
  assert.match(run('{{join .S ","}}', data), /error calling join: expected slice, got string$/);
  assert.match(run('{{pad "x" -1 0}}', data), /error calling pad: strings: negative Repeat count$/);
  assert.match(run('{{json .V}}', { V: Infinity }), /error calling json: json: unsupported value: \+Inf$/);
});
