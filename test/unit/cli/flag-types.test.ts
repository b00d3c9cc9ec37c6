// The options type comes from the flag table. Most checks here are compile-time: `tsc` fails
// when an inferred type drifts (see @ts-expect-error lines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineCommand, defineGroup, type CommandContext } from '../../../src/cli/command';
import { camelName, convertValue, materialize, type FlagValues } from '../../../src/cli/flags';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const check = <T extends true>(): T => true as T;

const table = {
  quiet: { type: 'boolean', short: 'q', description: '' },
  format: { type: 'string', description: '' },
  'log-driver': { type: 'string', default: 'json-file', description: '' },
  pull: { type: 'string', choices: ['always', 'missing', 'never'], description: '' },
  restart: { type: 'string', choices: ['no', 'always'], default: 'no', description: '' },
  publish: { type: 'string[]', short: 'p', description: '' },
  'cap-add': { type: 'string[]', choices: ['ALL', 'NET_ADMIN'], description: '' },
  'stop-timeout': { type: 'number', description: '' },
  'health-interval': { type: 'duration', default: 30_000, description: '' },
} as const;

test('the options type is inferred from the flag table', () => {
  check<Equal<FlagValues<typeof table>, {
    quiet: boolean; format: string | undefined; logDriver: string; pull: 'always' | 'missing' | 'never' | undefined;
    restart: 'no' | 'always'; publish: string[]; capAdd: Array<'ALL' | 'NET_ADMIN'>; stopTimeout: number | undefined; healthInterval: number;
  }>>();
  const group = defineGroup({ name: 'g', summary: '', flags: { file: { type: 'string[]', short: 'f', description: '' } } });
  const cmd = defineCommand({
    name: 'x', group, summary: '',
    flags: { detach: { type: 'boolean', short: 'd', description: '' }, name: { type: 'string', description: '' } },
    run: (ctx) => {
      check<Equal<typeof ctx.flags, { detach: boolean; name: string | undefined }>>();
      check<Equal<typeof ctx.groupFlags, { file: string[] }>>();
      // @ts-expect-error: no such flag
      void ctx.flags.nope;
      // @ts-expect-error: a boolean is not a string
      const s: string = ctx.flags.detach;
      void s;
    },
  });
  const noFlags = defineCommand({ name: 'y', summary: '', run: (ctx: CommandContext<{}, {}>) => { check<Equal<typeof ctx.flags, {}>>(); } });
  assert.equal(cmd.name, 'x');
  assert.deepEqual(noFlags.flags, {});
});

test('runtime names and values agree with the type', () => {
  assert.equal(camelName('health-start-interval'), 'healthStartInterval');
  assert.equal(camelName('ip6'), 'ip6');
  const values = materialize(table, new Map([['publish', ['80']]]), {}, () => new Error('unused'));
  assert.deepEqual(values, {
    quiet: false, format: undefined, logDriver: 'json-file', pull: undefined, restart: 'no', publish: ['80'],
    capAdd: [], stopTimeout: undefined, healthInterval: 30_000,
  });
  // A default list is copied so a command cannot change the table.
  const listTable = { x: { type: 'string[]', default: ['a'], description: '' } } as const;
  const a = materialize(listTable, new Map(), {}, () => new Error('unused')).x as string[];
  a.push('b');
  assert.deepEqual(materialize(listTable, new Map(), {}, () => new Error('unused')).x, ['a']);
});

test('convertValue', () => {
  const cases: Array<[Parameters<typeof convertValue>[0], string, unknown]> = [
    [{ type: 'boolean', description: '' }, 'T', { value: true }],
    [{ type: 'boolean', description: '' }, 'yes', { reason: 'strconv.ParseBool: parsing "yes": invalid syntax' }],
    [{ type: 'number', description: '' }, '1e3', { value: 1000 }],
    [{ type: 'number', description: '' }, '', { reason: 'strconv.ParseFloat: parsing "": invalid syntax' }],
    [{ type: 'number', description: '' }, '0x10', { reason: 'strconv.ParseFloat: parsing "0x10": invalid syntax' }],
    [{ type: 'duration', description: '' }, '2m', { value: 120_000 }],
    [{ type: 'string[]', split: true, description: '' }, 'a,,b', { value: ['a', 'b'] }],
    [{ type: 'string[]', description: '' }, 'a,b', { value: ['a,b'] }],
    [{ type: 'string[]', split: true, choices: ['a', 'b'], description: '' }, 'a,c', { reason: 'must be one of a, b' }],
  ];
  for (const [spec, text, want] of cases) assert.deepEqual(convertValue(spec, text), want, `${spec.type} ${text}`);
});
