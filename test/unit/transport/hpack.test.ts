import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HpackDecoder } from '../../../src/containerd/transport/hpack-decoder';
import { HpackEncoder } from '../../../src/containerd/transport/hpack-encoder';
import { DynamicTable } from '../../../src/containerd/transport/hpack-table';
import { huffmanDecode, huffmanEncode, huffmanLength } from '../../../src/containerd/transport/huffman';
import { Http2Error } from '../../../src/containerd/transport/h2-error';
import { Random } from './random';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');
type Fields = Array<[string, string]>;

// RFC 7541 Appendix C: header lists, their encodings, and the table size after each block.
const REQUESTS: Fields[] = [
  [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']],
  [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache']],
  [[':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value']],
];
const RESPONSES: Fields[] = [
  [[':status', '302'], ['cache-control', 'private'], ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'], ['location', 'https://www.example.com']],
  [[':status', '307'], ['cache-control', 'private'], ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'], ['location', 'https://www.example.com']],
  [[':status', '200'], ['cache-control', 'private'], ['date', 'Mon, 21 Oct 2013 20:13:22 GMT'],
    ['location', 'https://www.example.com'], ['content-encoding', 'gzip'],
    ['set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1']],
];
const SEQUENCES = [
  { name: 'C.3 requests without Huffman', tableSize: 4096, huffman: 'never' as const, lists: REQUESTS, sizes: [57, 110, 164], blocks: [
    '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
    '8286 84be 5808 6e6f 2d63 6163 6865',
    '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65'] },
  { name: 'C.4 requests with Huffman', tableSize: 4096, huffman: 'always' as const, lists: REQUESTS, sizes: [57, 110, 164], blocks: [
    '8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff',
    '8286 84be 5886 a8eb 1064 9cbf',
    '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf'] },
  { name: 'C.5 responses without Huffman', tableSize: 256, huffman: 'never' as const, lists: RESPONSES, sizes: [222, 222, 215], blocks: [
    '4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768' +
    '7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
    '4803 3330 37c1 c0bf',
    '88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153' +
    '444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31'] },
  { name: 'C.6 responses with Huffman', tableSize: 256, huffman: 'always' as const, lists: RESPONSES, sizes: [222, 222, 215], blocks: [
    '4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8' +
    'e9ae 82ae 43d3',
    '4883 640e ffc1 c0bf',
    '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b' +
    '3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07'] },
];

describe('HPACK RFC 7541 Appendix C', () => {
  test('C.2 single representations decode', () => {
    const cases: Array<[string, Fields, number]> = [
      ['400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572', [['custom-key', 'custom-header']], 55],
      ['040c 2f73 616d 706c 652f 7061 7468', [[':path', '/sample/path']], 0],
      ['1008 7061 7373 776f 7264 0673 6563 7265 74', [['password', 'secret']], 0],
      ['82', [[':method', 'GET']], 0],
    ];
    for (const [block, fields, size] of cases) {
      const decoder = new HpackDecoder();
      assert.deepEqual(decoder.decode(hex(block)), fields);
      assert.equal(decoder.tableSize, size);
    }
  });

  test('C.2.1 literal with indexing encodes', () => {
    const encoder = new HpackEncoder(4096, 'never');
    assert.equal(encoder.encode([['custom-key', 'custom-header']]).toString('hex'),
      hex('400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572').toString('hex'));
    assert.equal(encoder.tableSize, 55);
    assert.equal(encoder.encode([[':method', 'GET']]).toString('hex'), '82');
  });

  for (const seq of SEQUENCES) {
    test(`${seq.name}: decoder`, () => {
      const decoder = new HpackDecoder(seq.tableSize);
      seq.blocks.forEach((block, i) => {
        assert.deepEqual(decoder.decode(hex(block)), seq.lists[i]);
        assert.equal(decoder.tableSize, seq.sizes[i]);
      });
    });
    test(`${seq.name}: encoder`, () => {
      const encoder = new HpackEncoder(seq.tableSize, seq.huffman, seq.tableSize);
      seq.lists.forEach((list, i) => {
        assert.equal(encoder.encode(list).toString('hex'), hex(seq.blocks[i]!).toString('hex'), `block ${i + 1}`);
        assert.equal(encoder.tableSize, seq.sizes[i]);
      });
    });
  }
});

describe('Huffman', () => {
  test('round trip of random bytes, every length 0..300', () => {
    const rnd = new Random(7);
    for (let n = 0; n <= 300; n++) {
      const data = rnd.bytes(n);
      const out = Buffer.alloc(huffmanLength(data));
      assert.equal(huffmanEncode(data, out, 0), out.length);
      assert.equal(huffmanDecode(out, 0, out.length), data.toString('latin1'));
    }
  });

  test('every symbol alone round trips', () => {
    for (let b = 0; b < 256; b++) {
      const data = Buffer.from([b, b, b]);
      const out = Buffer.alloc(huffmanLength(data));
      huffmanEncode(data, out, 0);
      assert.equal(huffmanDecode(out, 0, out.length), data.toString('latin1'));
    }
  });

  test('rejects EOS, long padding and padding that is not ones', () => {
    const bad = [
      'ffffffff',  // 30 ones = EOS, inside the string
      '1fff',      // 'a' (00011) then 11 one bits: padding longer than 7 bits
      '00',        // '0' (00000) then 000: padding must be ones
      'fe',        // '!' needs 10 bits: a truncated code whose tail is not all ones? (1111111 0)
    ];
    for (const h of bad) assert.throws(() => huffmanDecode(hex(h), 0, hex(h).length), Http2Error, h);
  });
});

describe('dynamic table', () => {
  test('evicts oldest entries and empties itself for oversized ones', () => {
    const table = new DynamicTable(100);
    table.add('a', 'b');
    table.add('c', 'd');
    assert.equal(table.size, 68);
    table.add('e', 'f');
    assert.deepEqual([table.name(0), table.name(1), table.name(2)], ['e', 'c', undefined]);
    assert.equal(table.size, 68);
    table.add('x'.repeat(60), 'y'.repeat(20));
    assert.equal(table.length, 0);
    assert.equal(table.size, 0);
    table.add('g', 'h');
    table.resize(33);
    assert.equal(table.length, 0);
  });

  test('encoder and decoder stay in sync through many evictions and size updates', () => {
    const rnd = new Random(11);
    const encoder = new HpackEncoder(512);
    const decoder = new HpackDecoder(4096);
    const names = Array.from({ length: 12 }, (_, i) => `x-name-${i}`);
    for (let round = 0; round < 400; round++) {
      if (round % 50 === 25) encoder.setPeerTableSize(rnd.int(3) === 0 ? 0 : rnd.int(600));
      if (round % 50 === 30) encoder.setPeerTableSize(4096);
      const fields: Fields = [];
      for (let i = rnd.int(8); i >= 0; i--) fields.push([rnd.pick(names), `v${rnd.int(20)}`.repeat(1 + rnd.int(12))]);
      assert.deepEqual(decoder.decode(encoder.encode(fields)), fields);
      assert.equal(decoder.tableSize, encoder.tableSize);
    }
  });
});

describe('HPACK decoder rejects malformed input', () => {
  const cases: Array<[string, string]> = [
    ['80', 'index 0'],
    ['c0', 'index 64 with an empty dynamic table'],
    ['bf', 'index 63 with an empty dynamic table'],
    ['ff80', 'truncated integer'],
    ['ffffffffffffff7f', 'integer overflow'],
    ['400a6375', 'string longer than the block'],
    ['40', 'truncated literal'],
    ['4085ffffffffff00', 'Huffman name with EOS'],
    ['3fe21f', 'table size update above the limit'],
    ['8220', 'table size update after a field'],
    ['0f', 'truncated name index'],
  ];
  for (const [block, what] of cases) {
    test(what, () => {
      assert.throws(() => new HpackDecoder().decode(hex(block)), Http2Error);
    });
  }

  test('header list size limit', () => {
    const encoder = new HpackEncoder();
    const block = encoder.encode([['a', 'x'.repeat(2000)], ['b', 'y'.repeat(2000)]]);
    assert.throws(() => new HpackDecoder(4096, 3000).decode(block), /header list larger/);
  });
});
