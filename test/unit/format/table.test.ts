import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alignColumns, alignTabbed, dockerTemplateText, isTableFormat, renderRows, RowFormatter } from '../../../src/format';

const images = [
  { Repository: 'alpine', Tag: 'latest', ID: 'abc123' },
  { Repository: 'docker.io/library/nginx', Tag: '1.25', ID: 'def456' },
];

test('docker format preprocessing', () => {
  const cases: Array<[string, string]> = [
    ['json', '{{json .}}'],
    ['table', ''],
    ['table {{.ID}}\\t{{.Names}}', '{{.ID}}\t{{.Names}}'],
    ['  {{.A}}  ', '{{.A}}'],
    ['{{.A}}\\n{{.B}}', '{{.A}}\n{{.B}}'],
    ['{{json .}}', '{{json .}}'],
    ['\t{{.A}}', '\t{{.A}}'],
  ];
  for (const [format, want] of cases) assert.equal(dockerTemplateText(format), want, format);
  assert.equal(isTableFormat('table {{.ID}}'), true);
  assert.equal(isTableFormat('{{.ID}}'), false);
});

test('table output: header from the column map, tabwriter alignment', () => {
  const out = renderRows('table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}', images, { Repository: 'REPOSITORY', ID: 'IMAGE ID' });
  assert.equal(out, [
    'REPOSITORY                TAG       IMAGE ID',
    'alpine                    latest    abc123',
    'docker.io/library/nginx   1.25      def456',
    '',
  ].join('\n'));
});

test('table header defaults to the upper-cased field name and keeps header functions intact', () => {
  const rows = [{ ID: 'abc', Names: 'web', Labels: { a: '1' } }];
  const out = renderRows('table {{.ID}}\\t{{upper .Names}}\\t{{json .Labels}}\\t{{pad .Names 1 1}}|', rows, { ID: 'CONTAINER ID' });
  assert.equal(out, [
    'CONTAINER ID   NAMES     LABELS       NAMES |',
    'abc            WEB       {"a":"1"}    web |',
    '',
  ].join('\n'));
});

test('table with no rows prints the header only; bare table uses the default format', () => {
  assert.equal(renderRows('table {{.ID}}\\t{{.Names}}', [], { ID: 'CONTAINER ID' }), 'CONTAINER ID   NAMES\n');
  const out = renderRows('table', images, {}, { defaultTableFormat: 'table {{.Repository}}\\t{{.Tag}}' });
  assert.equal(out.split('\n')[0], 'REPOSITORY                TAG');
});

test('non-table formats print one line per row without header', () => {
  assert.equal(renderRows('{{.Repository}}:{{.Tag}}', images), 'alpine:latest\ndocker.io/library/nginx:1.25\n');
  assert.equal(renderRows('json', [{ a: 1 }, { b: '<x>' }]), '{"a":1}\n{"b":"<x>"}\n');
  assert.equal(renderRows('{{json .}}', [{ a: 1 }]), '{"a":1}\n');
  assert.equal(renderRows('{{.A}}\\t{{.B}}', [{ A: 'x', B: 'y' }]), 'x\ty\n');
});

test('row errors carry docker prefix; struct mode names the field', () => {
  assert.throws(() => renderRows('{{.Nope}}', [{ ID: 'x' }], {}, { missingKey: 'struct', typeName: '*formatter.ContainerContext' }),
    { message: 'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext' });
  assert.throws(() => renderRows('{{.ID', [{ ID: 'x' }]), { message: 'template parsing error: template: :1: unclosed action' });
});

test('a RowFormatter compiles once and renders many times', () => {
  const f = new RowFormatter('table {{.ID}}', { ID: 'CONTAINER ID' });
  assert.equal(f.isTable, true);
  assert.equal(f.header(), 'CONTAINER ID');
  assert.equal(f.row({ ID: 'a' }), 'a');
  assert.equal(f.format([{ ID: 'b' }]), 'CONTAINER ID\nb\n');
});

test('alignColumns follows tabwriter blocks (docker settings by default)', () => {
  assert.equal(alignColumns([['a', 'bb', 'c'], ['aaaa', 'b']]), 'a         bb        c\naaaa      b\n');
  assert.equal(alignColumns([['a', 'bb', 'c'], ['aaaa', 'b']], { minWidth: 0, padding: 1 }), 'a    bb c\naaaa b\n');
  // A line with a single cell ends every column block.
  assert.equal(alignColumns([['a', 'b'], ['x'], ['cccccc', 'd']], { minWidth: 0, padding: 1 }), 'a b\nx\ncccccc d\n');
  // Wide characters take two columns.
  assert.equal(alignColumns([['日本', 'x'], ['ab', 'y']], { minWidth: 0, padding: 1 }), '日本 x\nab   y\n');
  assert.equal(alignColumns([]), '');
  assert.equal(alignColumns([['', 'x'], ['abc', 'y']], { minWidth: 0, padding: 2 }), '     x\nabc  y\n');
});

test('alignTabbed aligns raw tab-separated text', () => {
  assert.equal(alignTabbed('a\tb\nccc\td\n', { minWidth: 0, padding: 1 }), 'a   b\nccc d\n');
  assert.equal(alignTabbed('no tabs\n'), 'no tabs\n');
  assert.equal(alignTabbed('x\ty'), 'x         y');
});

test('1000 rows render quickly', () => {
  const rows = Array.from({ length: 1000 }, (_, i) => ({ ID: `id${i}`, Image: 'alpine:latest', Status: 'Up 5 minutes', Names: `name${i}` }));
  const f = new RowFormatter('table {{.ID}}\\t{{.Image}}\\t{{.Status}}\\t{{.Names}}', { ID: 'CONTAINER ID' });
  const out = f.format(rows);
  assert.equal(out.split('\n').length, 1002);
});
