// The usage-events column store as cache bytes: every kind of column comes back exactly (values,
// dictionary or wide form, and later appends), damaged bytes are refused, and a million sample
// events fit the size budget (no timing asserts: the bench measures speed).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toUsageEventRow } from '../../src/usageEvents/host/toWire';
import { SampleDataset } from '../../src/sampleServer/dataset';
import { UsageEventColumns } from '../../src/usageEvents/protocol/cellColumns';
import { ColumnsDecodeError, decodeColumns, encodeColumns, joinParts } from '../../src/usageEvents/protocol/columnsCodec';
import { DATA_INDEX, fieldIndex, type UsageEventRow } from '../../src/usageEvents/protocol/usageEventRow';
import { RowStore } from '../../src/usageEvents/page/model/rowStore';
import { wireRow } from './support/usageEventRows';

const PERIOD = fieldIndex('period_month');

/** Rows that give every kind of column: dictionaries of 1- and 2-byte codes, wide int and float numbers, Latin-1 text, other values, gaps. */
function mixedRows(n: number, from = 0): UsageEventRow[] {
  const rows: UsageEventRow[] = [];
  for (let k = from; k < from + n; k++) {
    const data: [string, unknown][] = [];
    data.push(['team', `team-${k % 7}`]); // small dictionary
    data.push(['sku', `sku-${k % 300}`]); // dictionary past 255 values: 2-byte codes
    data.push(['object', k % 3 === 0 ? { tier: k % 2, tags: ['a', 'b'] } : null]); // dictionary of objects
    data.push(['unique', k % 5 === 0 ? `ünïcødé ✓ ${k}` : k % 5 === 1 ? null : k % 5 === 2 ? { n: k } : k % 5 === 3 ? [k, true] : `latin ${k}`]); // wide, with others
    if (k >= 100 && k < 200) data.push(['middle', k]); // starts late, ends early
    data.push(['ratio', k / 7]); // wide floats
    rows.push(
      wireRow({
        id: 1_000_000 + k,
        event_date: `2026-0${1 + (k % 9)}-1${k % 10}`,
        period_month: `2026-0${1 + (k % 9)}`,
        total_revenue_dollars: k % 11 === 0 ? null : k * 1.25,
        total_events: k % 13,
        external_id: k % 17 === 0 ? null : `ext-${k}-${'x'.repeat(k % 4)}`,
        is_adjustment: k % 19 === 0,
        adjustment_date: null,
        original_period_month: k % 19 === 0 ? '2025-12' : null,
        consumption: k === 0 ? 0 : -k, // -0 is the one value not kept (cellColumns.ts)
        created_at: `2026-01-01T00:00:${String(k % 60).padStart(2, '0')}.${k}Z`,
        data: data as UsageEventRow[typeof DATA_INDEX],
      }),
    );
  }
  return rows;
}

function assertSame(a: UsageEventColumns, b: UsageEventColumns): void {
  assert.equal(b.length, a.length);
  assert.deepEqual(b.dataKeys, a.dataKeys);
  assert.equal(b.columns.length, a.columns.length);
  a.columns.forEach((c, i) => assert.equal(b.columns[i]?.isDictionary, c.isDictionary, `column ${i} form`));
  for (let i = 0; i < a.length; i++) assert.deepEqual(b.row(i), a.row(i), `row ${i}`);
}

describe('usage-events column codec', () => {
  it('round-trips every column kind exactly, and the decoded store takes more rows like the original', () => {
    const store = new UsageEventColumns(PERIOD);
    store.append(mixedRows(20_000));
    const kinds = store.columns.map((c) => (c.isDictionary ? 'dictionary' : 'wide'));
    assert.ok(kinds.includes('dictionary') && kinds.includes('wide'), 'both forms are covered');
    const bytes = joinParts(encodeColumns(store, PERIOD, { note: 'extra', n: 1 }));
    const { store: back, extra } = decodeColumns(bytes);
    assert.deepEqual(extra, { note: 'extra', n: 1 });
    assertSame(store, back);
    // Appending after a decode: dictionaries keep their codes, wide columns their offsets.
    const more = mixedRows(5_000, 20_000);
    store.append(more);
    back.append(more);
    assertSame(store, back);
    // A wide column's text search reads the restored bytes.
    const external = fieldIndex('external_id');
    const a = new Uint8Array(store.length);
    const b = new Uint8Array(back.length);
    store.columns[external]?.markLatin1Matches('ext-2499', store.length, a);
    back.columns[external]?.markLatin1Matches('ext-2499', back.length, b);
    assert.deepEqual(b, a);
    assert.ok(a.includes(1));
  });

  it("the page adopts decoded columns as its row store, the same as rows appended one message at a time", () => {
    const rows = mixedRows(3_000);
    const sent = new UsageEventColumns(PERIOD);
    sent.append(rows);
    const appended = new RowStore();
    const totals = appended.append(rows);
    const adopted = new RowStore();
    const adoptedTotals = adopted.adopt(decodeColumns(joinParts(encodeColumns(sent, PERIOD, null))).store);
    assert.deepEqual(adoptedTotals, totals);
    assert.equal(adopted.size, appended.size);
    assert.deepEqual(adopted.columns.map((c) => [c.id, c.kind]), appended.columns.map((c) => [c.id, c.kind]));
    assert.deepEqual(adopted.months, appended.months);
    for (const i of [0, 1, 1234, 2999]) for (let c = 0; c < appended.columns.length; c++) assert.equal(adopted.text(i, c), appended.text(i, c));
  });

  it('round-trips an empty store and a store of one row', () => {
    for (const n of [0, 1]) {
      const store = new UsageEventColumns(PERIOD);
      store.append(mixedRows(n));
      assertSame(store, decodeColumns(joinParts(encodeColumns(store, PERIOD, null))).store);
    }
  });

  it('refuses damaged bytes with a ColumnsDecodeError', () => {
    const store = new UsageEventColumns(PERIOD);
    store.append(mixedRows(500));
    const bytes = joinParts(encodeColumns(store, PERIOD, null));
    assert.throws(() => decodeColumns(bytes.subarray(0, bytes.length - 8)), ColumnsDecodeError);
    assert.throws(() => decodeColumns(bytes.subarray(0, 6)), ColumnsDecodeError);
    const otherVersion = Uint8Array.from(bytes);
    otherVersion[0] = 99;
    assert.throws(() => decodeColumns(otherVersion), /codec version 99/);
    const longer = joinParts([bytes, new Uint8Array(8)]);
    assert.throws(() => decodeColumns(longer), ColumnsDecodeError);
  });

  it('a million sample events take at most 120 MB', () => {
    const dataset = new SampleDataset({ seed: 7, contracts: 240, hostile: false });
    const ref = dataset.wellKnown.commitWith1MEvents;
    const store = new UsageEventColumns(PERIOD);
    for (let offset = 0; offset < 1_000_000; offset += 10_000) {
      store.append(dataset.usageEvents(ref.contractId, ref.commitId, offset, 10_000).map(toUsageEventRow));
    }
    assert.equal(store.length, 1_000_000);
    const parts = encodeColumns(store, PERIOD, null);
    const size = parts.reduce((n, p) => n + p.length, 0);
    console.log(`# a million sample events encode to ${(size / 1e6).toFixed(1)} MB`);
    assert.ok(size <= 120e6, `${size} bytes`);
    const back = decodeColumns(joinParts(parts)).store;
    for (const i of [0, 1, 499_999, 999_999]) assert.deepEqual(back.row(i), store.row(i));
  });
});
