// checkFormatsPerRow must accept and refuse exactly the rows the declared schema does, with the
// same issues: it only moves where integer and ISO date formats are tested.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { checkFormatsPerRow } from '../../src/api/schemas/rowFormats';
import { id, isoDate, isoDateTime } from '../../src/api/schemas/primitives';

const declared = z.object({
  id,
  parent: id.nullable(),
  events: id.optional(),
  month: isoDate,
  day: isoDate.nullable().optional(),
  created: isoDateTime.nullable(),
  name: z.string().nullable().optional(),
  // More than a format: stays a zod check of its own.
  quantity: id.nonnegative().optional(),
});
const perRow = checkFormatsPerRow(declared);

const valid = { id: 7, parent: null, month: '2025-05-01', created: '2025-05-19T09:24:10.630250Z', extra: { kept: true } };

const rows: [string, unknown][] = [
  ['a valid row with optional fields missing', valid],
  ['a valid row with every field', { ...valid, parent: 3, events: 0, day: '2024-02-29', created: '2025-05-19T09:24:10+02:00', name: 'x', quantity: 4 }],
  ['-0 and the largest safe integer', { ...valid, id: -0, events: Number.MAX_SAFE_INTEGER }],
  ['a fraction', { ...valid, id: 1.5 }],
  ['an integer beyond 2^53', { ...valid, parent: 2 ** 53 }],
  ['an id sent as a string', { ...valid, id: '7' }],
  ['a date that does not exist', { ...valid, month: '2025-02-29' }],
  ['a date in another format', { ...valid, day: '04/03/2025' }],
  ['an empty date', { ...valid, month: '' }],
  ['a date-time without its T', { ...valid, created: '2025-05-19 09:24:10Z' }],
  ['an hour that does not exist', { ...valid, created: '2025-05-19T25:00:00Z' }],
  ['a date given as a number', { ...valid, month: 20250501 }],
  ['null where null is not allowed', { ...valid, month: null, id: null }],
  ['required fields missing', { name: 'x' }],
  ['a wrong type and a wrong format in the same row', { ...valid, id: 'seven', day: '2025-13-01', events: 2.5 }],
  ['a negative quantity (a check beyond the format)', { ...valid, quantity: -1 }],
  ['NaN and Infinity', { ...valid, id: Number.NaN, events: Number.POSITIVE_INFINITY }],
  ['null instead of a row', null],
  ['an array instead of a row', [valid]],
];

function issuesOf(result: z.ZodSafeParseResult<unknown>) {
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')} ${i.code} ${i.message}`).sort();
}

describe('checkFormatsPerRow', () => {
  for (const [name, row] of rows) {
    it(`${name}: the same verdict and issues as the declared schema`, () => {
      const want = declared.safeParse(row);
      const got = perRow.safeParse(row);
      assert.equal(got.success, want.success);
      assert.deepEqual(issuesOf(got), issuesOf(want));
      if (got.success && want.success) assert.deepEqual(got.data, want.data);
    });
  }

  it('rows in a list are refused with their index and field, as the declared schema says', () => {
    const list = [valid, { ...valid, month: '2025-02-30' }, valid, { ...valid, parent: 0.5 }];
    assert.deepEqual(issuesOf(z.array(perRow).safeParse(list)), issuesOf(z.array(declared).safeParse(list)));
    assert.deepEqual(
      issuesOf(z.array(perRow).safeParse(list)).map((i) => i.split(' ')[0]),
      ['1.month', '3.parent'],
    );
  });

  it('a schema without format fields is returned as it is', () => {
    const plain = z.object({ name: z.string() });
    assert.equal(checkFormatsPerRow(plain), plain);
  });
});
