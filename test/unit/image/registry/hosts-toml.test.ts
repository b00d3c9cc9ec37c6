import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseToml } from '../../../../src/image/registry/hosts-toml';

// Plain objects for deepEqual (the parser builds prototype-less tables).
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('parseToml', () => {
  test('containerd hosts.toml example', () => {
    const doc = parseToml(`
server = "https://registry-1.docker.io"    # Exclude this to not use upstream

[host."https://public-mirror.example.com"]
  capabilities = ["pull"]                  # Requires less trust
[host."https://docker-mirror.internal"]
  capabilities = ["pull", "resolve"]
  ca = "docker-mirror.crt"
  skip_verify = false
  client = [["/etc/certs/client.cert", "/etc/certs/client.key"],["/etc/certs/client.pem", ""]]
  [host."https://docker-mirror.internal".header]
    x-custom-2 = ["value1", "value2"]
`);
    assert.deepEqual(plain(doc), {
      server: 'https://registry-1.docker.io',
      host: {
        'https://public-mirror.example.com': { capabilities: ['pull'] },
        'https://docker-mirror.internal': {
          capabilities: ['pull', 'resolve'], ca: 'docker-mirror.crt', skip_verify: false,
          client: [['/etc/certs/client.cert', '/etc/certs/client.key'], ['/etc/certs/client.pem', '']],
          header: { 'x-custom-2': ['value1', 'value2'] },
        },
      },
    });
    assert.deepEqual(Object.keys(doc['host'] as object), ['https://public-mirror.example.com', 'https://docker-mirror.internal']);
  });

  test('scalars', () => {
    const doc = parseToml([
      'a = 1', 'b = -17', 'c = +3_000', 'd = 0x1F', 'e = 0o17', 'f = 0b101', 'g = 3.25', 'h = 1e3', 'i = -2.5E-1',
      'j = true', 'k = false', 'l = inf', 'm = -inf', 'n = 1979-05-27T07:32:00Z', 'o = 07:32:00', 'p = 1979-05-27',
    ].join('\n'));
    assert.deepEqual({ ...doc, n: doc['n'], l: String(doc['l']), m: String(doc['m']) }, {
      a: 1, b: -17, c: 3000, d: 31, e: 15, f: 5, g: 3.25, h: 1000, i: -0.25, j: true, k: false,
      l: 'Infinity', m: '-Infinity', n: '1979-05-27T07:32:00Z', o: '07:32:00', p: '1979-05-27',
    });
    assert.ok(Number.isNaN(parseToml('x = nan')['x']));
  });

  test('strings', () => {
    const doc = parseToml([
      String.raw`basic = "tab\there \"q\" \u00e9 \U0001F433 back\\slash"`,
      String.raw`literal = 'C:\Users\nodejs\templates'`,
      'multi = """',
      'Roses are red',
      'Violets are blue"""',
      'folded = """\\',
      '    The quick \\',
      '    brown fox."""',
      "rawmulti = '''",
      'first line',
      "  'quoted' \\n stays'''",
      'quotes = """two "" inside and one at the end""""',
      'empty = ""',
    ].join('\n'));
    assert.equal(doc['basic'], 'tab\there "q" é 🐳 back\\slash');
    assert.equal(doc['literal'], 'C:\\Users\\nodejs\\templates');
    assert.equal(doc['multi'], 'Roses are red\nViolets are blue');
    assert.equal(doc['folded'], 'The quick brown fox.');
    assert.equal(doc['rawmulti'], "first line\n  'quoted' \\n stays");
    assert.equal(doc['quotes'], 'two "" inside and one at the end"');
    assert.equal(doc['empty'], '');
  });

  test('keys, tables, arrays of tables, inline tables', () => {
    const doc = parseToml(`
"quoted key" = 1
'literal key' = 2
dotted.a.b = 3
site."google.com" = true
[t1]
x = { y = 1, z.w = "v" }
[t1.sub]
k = [ 1, [2, 3], "s", ]   # nested, trailing comma
[[list]]
name = "one"
[[list]]
name = "two"
[list.extra]
deep = 1
`);
    assert.deepEqual(plain(doc), {
      'quoted key': 1, 'literal key': 2, dotted: { a: { b: 3 } }, site: { 'google.com': true },
      t1: { x: { y: 1, z: { w: 'v' } }, sub: { k: [1, [2, 3], 's'] } },
      list: [{ name: 'one' }, { name: 'two', extra: { deep: 1 } }],
    });
  });

  test('multi-line arrays with comments and CRLF', () => {
    const doc = parseToml('ca = [\r\n  "a.pem", # first\r\n  # only a comment\r\n  "b.pem"\r\n]\r\n');
    assert.deepEqual(doc['ca'], ['a.pem', 'b.pem']);
  });

  test('empty input and comments only', () => {
    assert.deepEqual(plain(parseToml('')), {});
    assert.deepEqual(plain(parseToml('# nothing\n\n   # here\n')), {});
  });

  test('prototype keys are data', () => {
    const doc = parseToml('__proto__ = 1\n[constructor]\nx = 2');
    assert.equal(doc['__proto__'], 1);
    assert.deepEqual(plain(doc['constructor']), { x: 2 });
  });

  const errors: Array<[string, RegExp]> = [
    ['a = 1\na = 2', /f:2:6: key "a" is already defined/],
    ['[t]\n[t]', /table "t" is already defined/],
    ['a = "unterminated', /unterminated string/],
    ['a = """never closed', /unterminated multi-line string/],
    ['a = 1 2', /unexpected "2" after value/],
    ['a = ', /expected a value/],
    ['a', /expected "=" after key/],
    ['= 1', /expected a key/],
    ['a = [1, 2', /expected "," or "\]" in array/],
    ['a = {b = 1', /expected "," or "}" in inline table/],
    ['a = "bad \\q escape"', /invalid escape/],
    ['a = "\\uD800"', /invalid unicode escape/],
    ['a = 1\n[a]', /key "a" is not a table|already defined/],
    ['a = 01', /invalid value "01"/],
    ['a = 1__0', /invalid value/],
    ['[t\nx = 1', /expected "\]" to close the table header/],
    ['x = {a = 1}\n[x]', /already defined/],
    ['x = [1]\n[[x]]', /already defined/],
    ['a.b = 1\n[a]', /already defined/],
  ];
  for (const [text, re] of errors) {
    test(`error: ${JSON.stringify(text)}`, () => {
      assert.throws(() => parseToml(text, 'f'), (err: Error & { code?: string }) => re.test(err.message) && err.code === 'invalid-argument');
    });
  }
});
