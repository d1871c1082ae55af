// The usage-events panel's column store under hostile `data` keys: at most MAX_KEY_COLUMNS key
// columns, the rest of each row's keys in one overflow column (nothing dropped), the count the
// panel warns with, and storage that follows the values a commit has, not its rows times its keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CellColumn, UsageEventColumns, type CellValue } from '../../src/usageEvents/protocol/cellColumns';
import { MAX_KEY_COLUMNS, OTHER_DATA_KEYS } from '../../src/shared/columnBound';
import { decodeColumns, encodeColumns, joinParts } from '../../src/usageEvents/protocol/columnsCodec';
import { DATA_INDEX, fieldIndex, type UsageEventData, type UsageEventRow } from '../../src/usageEvents/protocol/usageEventRow';
import { formatRows } from '../../src/usageEvents/page/model/copyFormat';
import { RowStore } from '../../src/usageEvents/page/model/rowStore';
import { wireRow } from './support/usageEventRows';

const PERIOD = fieldIndex('period_month');

function event(i: number, data: UsageEventData): UsageEventRow {
  return wireRow({
    id: 1 + i,
    event_date: '2026-03-05',
    period_month: '2026-03-01',
    total_revenue_dollars: i / 4,
    total_events: 1,
    external_id: `ev-${i}`,
    is_adjustment: false,
    adjustment_date: null,
    original_period_month: null,
    consumption: null,
    created_at: null,
    data,
  });
}

/** Row i of a commit where every row brings a new key (`k<i>`) beside a shared one. */
function newKeyEachRow(i: number): UsageEventRow {
  return event(i, [
    ['team', `t${i % 3}`],
    [`k${i}`, i % 2 === 0 ? i : { nested: [i] }],
  ]);
}

/** A row's data as a key → value object (the store gives keys back in column order, not Campfire's). */
function dataOf(row: UsageEventRow): Record<string, unknown> {
  // fromEntries defines own properties: a key "__proto__" stays a key.
  return Object.fromEntries(row[DATA_INDEX]);
}

describe('usage-events column store: one bound for data keys', () => {
  it('10,000 rows each with a new key: 1,000 key columns and one overflow column, every value kept, counted', () => {
    const n = 10_000;
    const rows = Array.from({ length: n }, (_, i) => newKeyEachRow(i));
    const store = new UsageEventColumns(PERIOD);
    store.append(rows.slice(0, 3000));
    store.append(rows.slice(3000));
    assert.equal(store.columns.length, DATA_INDEX + MAX_KEY_COLUMNS + 1);
    assert.equal(store.dataKeys.length, MAX_KEY_COLUMNS);
    assert.equal(store.overflowColumn, store.columns.length - 1);
    // team and k0…k998 have columns; k999…k9999 are in the overflow column.
    assert.equal(store.otherDataKeys, n - (MAX_KEY_COLUMNS - 1));
    assert.deepEqual({ ...(store.columns[store.overflowColumn]?.get(5000) as object) }, { k5000: 5000 });
    assert.equal(store.columns[store.overflowColumn]?.get(10), undefined, 'a row with no key beyond the bound has nothing there');
    for (let i = 0; i < n; i++) assert.deepEqual(dataOf(store.row(i)), dataOf(rows[i] as UsageEventRow), `row ${i}`);
    // A replay reads column by column; it gives what row() gives, keys in the same order.
    for (const [from, to] of [[0, n], [4990, 5010], [9999, 20_000]] as const) {
      assert.deepEqual(store.slice(from, to), Array.from({ length: Math.min(to, n) - from }, (_, k) => store.row(from + k)), `slice ${from}–${to}`);
    }
    // Storage follows the values, not rows times keys: before the bound and the sparse columns, the
    // key columns alone held 10,000 columns of up to 10,000 slots.
    assert.ok(store.heldBytes < 4 * 2 ** 20, `${store.heldBytes} bytes`);
  });

  it('a key column filled early and then once far later stays small (turns sparse), and reads back exactly', () => {
    const c = new CellColumn(false, true);
    for (let i = 0; i < 200; i++) c.put(i, `v${i % 5}`);
    assert.equal(c.isSparse, false, 'dense while most rows hold a value');
    c.put(1_000_000, 'late');
    assert.equal(c.isSparse, true);
    assert.ok(c.heldBytes < 64 * 1024, `${c.heldBytes} bytes, not a slot per row up to 1,000,000`);
    for (let i = 0; i < 200; i++) assert.equal(c.get(i), `v${i % 5}`);
    assert.equal(c.get(999_999), undefined);
    assert.equal(c.get(1_000_000), 'late');
  });

  it('any pattern of values: a key column gives back exactly what went in, through sparse and dense and the cache codec', () => {
    const value: fc.Arbitrary<CellValue> = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)), fc.string(), fc.constant(null), fc.boolean(), fc.dictionary(fc.string(), fc.integer()));
    // Runs of rows with or without a value, some long: density swings both ways.
    const runs = fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 3000 }), value), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(runs, (rs) => {
        const c = new CellColumn(false, true);
        const expected = new Map<number, CellValue>();
        let row = 0;
        for (const [present, length, v] of rs) {
          for (let k = 0; k < length; k++, row++) {
            if (!present) continue;
            c.put(row, v);
            expected.set(row, v);
          }
        }
        for (let i = 0; i < row + 2; i++) assert.deepEqual(c.get(i), expected.get(i), `row ${i}`);
        const back = CellColumn.restore(c.snapshot(row), false, true);
        for (let i = 0; i < row; i++) assert.deepEqual(back.get(i), expected.get(i), `restored row ${i}`);
      }),
      { numRuns: 60 },
    );
  });

  it('the cache codec keeps the overflow column and its keys: a restored store puts further new keys there too', () => {
    const store = new UsageEventColumns(PERIOD);
    store.append(Array.from({ length: 1500 }, (_, i) => newKeyEachRow(i)));
    const back = decodeColumns(joinParts(encodeColumns(store, PERIOD, null))).store;
    assert.equal(back.overflowColumn, store.overflowColumn);
    assert.equal(back.otherDataKeys, store.otherDataKeys);
    for (let i = 0; i < store.length; i++) assert.deepEqual(back.row(i), store.row(i), `row ${i}`);
    back.append([newKeyEachRow(1500), event(1501, [['k1200', 'again']])]);
    assert.equal(back.columns.length, DATA_INDEX + MAX_KEY_COLUMNS + 1);
    assert.equal(back.otherDataKeys, store.otherDataKeys + 1, 'k1500 is new; k1200 was counted already');
    assert.deepEqual(dataOf(back.row(1501)), { k1200: 'again' });
  });

  it('the table shows the overflow column as text, counts the keys for its warning, and copies them back under data', () => {
    const store = new RowStore();
    store.append(Array.from({ length: 1200 }, (_, i) => newKeyEachRow(i)));
    const column = store.columnIndex(OTHER_DATA_KEYS);
    assert.equal(column, DATA_INDEX + MAX_KEY_COLUMNS);
    assert.equal(store.columns[column]?.kind, 'text');
    assert.equal(store.otherDataKeys, 1200 - (MAX_KEY_COLUMNS - 1));
    assert.equal(store.text(1101, column), '{"k1101":{"nested":[1101]}}');
    const [copied] = JSON.parse(formatRows(store, store.columns, [1101], 'json')) as [{ data: Record<string, unknown> }];
    assert.deepEqual(copied.data.k1101, { nested: [1101] }, 'under data, as Campfire sent it');
    assert.equal(copied.data.team, 't0');
    assert.ok(!(OTHER_DATA_KEYS in copied), 'no field named after the column');
    const csv = formatRows(store, [store.columns[0], store.columns[column]].filter((c) => c !== undefined), [1101], 'csv');
    assert.equal(csv.split('\r\n')[0], `ID,${OTHER_DATA_KEYS}`);
  });
});
