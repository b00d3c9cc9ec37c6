import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, parseBytes, parseDuration, parsePortSpec, parseVolumeSpec, splitShellWords } from '../../../compose/index';

const DURATIONS: [string, number | undefined][] = [
  ['10s', 10e9], ['1m30s', 90e9], ['1h', 3600e9], ['1.5s', 1.5e9], ['500ms', 500e6], ['20us', 20e3], ['20µs', 20e3], ['7ns', 7],
  ['1d', 86400e9], ['1w', 604800e9], ['0', 0], ['-5s', -5e9], ['2h45m', 9900e9], ['10', undefined], ['', undefined], ['1x', undefined], ['s', undefined],
];
for (const [text, ns] of DURATIONS) test(`parseDuration ${JSON.stringify(text)}`, () => assert.equal(parseDuration(text), ns));

const FORMATS: [number, string][] = [
  [0, '0s'], [10e9, '10s'], [90e9, '1m30s'], [3600e9, '1h0m0s'], [1.5e9, '1.5s'], [500e6, '500ms'], [1500, '1.5µs'], [7, '7ns'],
  [9900e9 + 1e6, '2h45m0.001s'], [-5e9, '-5s'],
];
for (const [ns, text] of FORMATS) test(`formatDuration ${ns}`, () => assert.equal(formatDuration(ns), text));

const SIZES: [string | number, number | undefined][] = [
  ['512m', 536870912], ['1g', 1073741824], ['1G', 1073741824], ['1GiB', 1073741824], ['100k', 102400], ['100kb', 102400], ['1.5m', 1572864],
  ['1024', 1024], ['-1', -1], [2048, 2048], ['1 g', 1073741824], ['12q', undefined], ['m', undefined],
];
for (const [text, bytes] of SIZES) test(`parseBytes ${JSON.stringify(text)}`, () => assert.equal(parseBytes(text), bytes));

const WORDS: [string, string[], string?][] = [
  ['echo hello', ['echo', 'hello']],
  ['  spaced   out  ', ['spaced', 'out']],
  ['sh -c "echo a b"', ['sh', '-c', 'echo a b']],
  ["sh -c 'echo \"x\"'", ['sh', '-c', 'echo "x"']],
  ['a\\ b c', ['a b', 'c']],
  ['"a\\"b"', ['a"b']],
  ["'a\\b'", ['a\\b']],
  ['empty "" arg', ['empty', '', 'arg']],
  ['x="1 2"', ['x=1 2']],
  ['echo a && echo b', ['echo', 'a'], '&'],
  ['echo "a;b"', ['echo', 'a;b']],
  ['echo $(date)', ['echo', '$(date)']],
];
for (const [line, words, cut] of WORDS) {
  test(`splitShellWords ${JSON.stringify(line)}`, () => {
    assert.deepEqual(splitShellWords(line), cut === undefined ? { words } : { words, cutAt: cut });
  });
}
test('splitShellWords rejects unterminated quotes', () => {
  assert.throws(() => splitShellWords('echo "a'), /invalid command line string/);
  assert.throws(() => splitShellWords("echo 'a"), /invalid command line string/);
});

test('parsePortSpec: long forms', () => {
  assert.deepEqual(parsePortSpec('80'), [{ mode: 'ingress', target: 80, protocol: 'tcp' }]);
  assert.deepEqual(parsePortSpec('0.0.0.0:80:80/UDP'), [{ mode: 'ingress', host_ip: '0.0.0.0', target: 80, published: '80', protocol: 'udp' }]);
  assert.deepEqual(parsePortSpec('::1:80:80'), [{ mode: 'ingress', host_ip: '::1', target: 80, published: '80', protocol: 'tcp' }]);
  assert.throws(() => parsePortSpec('70000'), /invalid containerPort: 70000/);
  assert.throws(() => parsePortSpec('80-70'), /invalid containerPort: 80-70/);
  assert.throws(() => parsePortSpec(''), /no port specified/);
});

const VOLUMES: [string, object][] = [
  ['/data', { type: 'volume', target: '/data', volume: {} }],
  ['vol:/data', { type: 'volume', source: 'vol', target: '/data', volume: {} }],
  ['./a:/a:rw', { type: 'bind', source: './a', target: '/a', bind: { create_host_path: true } }],
  ['/a:/a:ro,Z', { type: 'bind', source: '/a', target: '/a', read_only: true, bind: { selinux: 'Z', create_host_path: true } }],
  ['c:\\win:/w', { type: 'bind', source: 'c:\\win', target: '/w', bind: { create_host_path: true } }],
  ['${SRC}:/x', { type: 'volume', source: '${SRC}', target: '/x', volume: {} }],
  ['vol:/data:unknown', { type: 'volume', source: 'vol', target: '/data', volume: {} }],
  ['ab', { type: 'volume', target: 'ab' }],
];
for (const [spec, expected] of VOLUMES) test(`parseVolumeSpec ${JSON.stringify(spec)}`, () => assert.deepEqual(parseVolumeSpec(spec), expected));
