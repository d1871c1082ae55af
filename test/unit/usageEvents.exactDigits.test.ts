// The usage-events panel with numbers a double would round in `data`: rows parsed by the client,
// posted as VS Code posts them (JSON) and read by the webview's checks, or restored from the
// cache's column bytes, show every digit, sort as numbers, copy exactly, and the revenue totals
// add up exactly in decimal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageEventColumns } from '../../src/usageEvents/protocol/cellColumns';
import { MAX_KEY_COLUMNS, OTHER_DATA_KEYS } from '../../src/shared/columnBound';
import { decodeColumns, encodeColumns, joinParts } from '../../src/usageEvents/protocol/columnsCodec';
import { ExactNumber, parseJsonExact } from '../../src/shared/exactNumber';
import { encodeExactData, fieldIndex } from '../../src/usageEvents/protocol/usageEventRow';
import { parseHostToWebview, type HostToWebview, type UsageEventRow } from '../../src/usageEvents/protocol/usageEventsMessages';
import { formatMoney } from '../../src/usageEvents/page/model/columns';
import { formatRows } from '../../src/usageEvents/page/model/copyFormat';
import { RowStore } from '../../src/usageEvents/page/model/rowStore';
import { TableView, emptySpec } from '../../src/usageEvents/page/model/tableView';
import { wireRow } from './support/usageEventRows';

/** Rows as the host builds them from a page the client parsed (data values straight from parseJsonExact). */
function hostRows(dataJson: string[], revenue: (i: number) => number = () => 1): UsageEventRow[] {
  return dataJson.map((json, i) =>
    wireRow({
      id: i + 1,
      event_date: '2025-01-15',
      period_month: '2025-01-01',
      total_revenue_dollars: revenue(i),
      total_events: 1,
      external_id: `evt_${i}`,
      is_adjustment: false,
      adjustment_date: null,
      original_period_month: null,
      consumption: null,
      created_at: null,
      data: Object.entries(parseJsonExact(json) as object) as UsageEventRow[11],
    }),
  );
}

/** The rows through a webview message: encoded, serialized as VS Code does (JSON), checked by the webview. */
function throughWebview(rows: UsageEventRow[]): UsageEventRow[] {
  const posted = JSON.parse(JSON.stringify({ type: 'rows', generation: 1, start: 0, rows: encodeExactData(rows) })) as unknown;
  return (parseHostToWebview(posted) as Extract<HostToWebview, { type: 'rows' }>).rows;
}

const ORDER_IDS = ['12345678901234567890', '12345678901234567891', '-9223372036854775809', '9007199254740993', '7', '1e400'];

describe('usage-events panel: numbers a double would round', () => {
  const rows = hostRows(ORDER_IDS.map((id, i) => `{"order_id": ${id}, "rate": 0.1234567890123456789${i}, "nested": {"id": ${id}}}`));

  function store(): RowStore {
    const s = new RowStore();
    s.append(throughWebview(rows));
    return s;
  }

  it('shows every digit, as a number column', () => {
    const s = store();
    const c = s.columnIndex('data.order_id') ?? -1;
    assert.equal(s.columns[c]?.kind, 'number');
    assert.deepEqual(ORDER_IDS.map((_, r) => s.text(r, c)), ORDER_IDS);
    assert.equal(s.text(0, s.columnIndex('data.rate') ?? -1), '0.12345678901234567890');
    assert.equal(s.text(2, s.columnIndex('data.nested') ?? -1), '{"id":-9223372036854775809}');
  });

  it('sorts the column numerically, both ways', () => {
    const s = store();
    const c = s.columnIndex('data.order_id') ?? -1;
    const sorted = (direction: 'asc' | 'desc') => {
      const v = new TableView(s, { ...emptySpec(), sort: { column: 'data.order_id', direction } });
      v.rebuild();
      return Array.from(v.display, (r) => s.text(r, c));
    };
    const asc = sorted('asc');
    assert.deepEqual(asc, ['-9223372036854775809', '7', '9007199254740993', ...asc.slice(3, 5), '1e400']);
    // Within a double's precision the two ids are equal: either order is fine, both are there.
    assert.deepEqual(asc.slice(3, 5).sort(), ['12345678901234567890', '12345678901234567891']);
    assert.deepEqual(sorted('desc')[0], '1e400');
    assert.deepEqual(sorted('desc').at(-1), '-9223372036854775809');
  });

  it('copies the exact digits as CSV, TSV and JSON, a negative one as a number (no formula guard)', () => {
    const s = store();
    const columns = ['data.order_id', 'data.rate', 'data.nested'].map((id) => s.columns[s.columnIndex(id) ?? -1]).filter((c) => c !== undefined);
    assert.equal(formatRows(s, columns, [2], 'csv'), 'data.order_id,data.rate,data.nested\r\n-9223372036854775809,0.12345678901234567892,"{""id"":-9223372036854775809}"\r\n');
    assert.equal(formatRows(s, columns, [0], 'tsv'), 'data.order_id\tdata.rate\tdata.nested\n12345678901234567890\t0.12345678901234567890\t{"id":12345678901234567890}\n');
    assert.equal(
      formatRows(s, columns, [0], 'json'),
      '[\n  {\n    "data": {\n      "order_id": 12345678901234567890,\n      "rate": 0.12345678901234567890,\n      "nested": {\n        "id": 12345678901234567890\n      }\n    }\n  }\n]',
    );
  });

  it('keeps the digits through the column bytes the cache and a re-created webview read', () => {
    const table = new UsageEventColumns(fieldIndex('period_month'));
    table.append(rows);
    const { store: back } = decodeColumns(joinParts(encodeColumns(table, fieldIndex('period_month'), null)));
    const s = new RowStore();
    s.adopt(back);
    const c = s.columnIndex('data.order_id') ?? -1;
    assert.deepEqual(ORDER_IDS.map((_, r) => s.text(r, c)), ORDER_IDS);
    assert.ok(s.cell(0, c) instanceof ExactNumber);
  });

  it('keeps the digits of a key beyond MAX_KEY_COLUMNS, in the overflow column, through the cache bytes', () => {
    const keys = Array.from({ length: MAX_KEY_COLUMNS }, (_, i) => `"k${i}": ${i}`).join(', ');
    const wide = hostRows([`{${keys}}`, `{"order_id": ${ORDER_IDS[0]}, "nested": {"rate": 0.12345678901234567891}}`]);
    const table = new UsageEventColumns(fieldIndex('period_month'));
    table.append(wide);
    assert.ok(table.overflowColumn >= 0, 'order_id and nested have no column of their own');
    const { store: back } = decodeColumns(joinParts(encodeColumns(table, fieldIndex('period_month'), null)));
    for (const s of [back, table]) {
      const panel = new RowStore();
      panel.adopt(s);
      const c = panel.columnIndex(OTHER_DATA_KEYS) ?? -1;
      assert.equal(panel.text(1, c), `{"order_id":${ORDER_IDS[0]},"nested":{"rate":0.12345678901234567891}}`);
      assert.match(formatRows(panel, panel.columns, [1], 'json'), /"order_id": 12345678901234567890,\n {6}"nested": \{\n {8}"rate": 0\.12345678901234567891\n/);
    }
  });

  it('never takes a string Campfire sent for a number, whatever it holds', () => {
    const s = new RowStore();
    s.append(throughWebview(hostRows(['{"label": "12345678901234567890", "list": [null, null, "x"]}'])));
    assert.equal(s.cell(0, s.columnIndex('data.label') ?? -1), '12345678901234567890');
    assert.deepEqual(s.cell(0, s.columnIndex('data.list') ?? -1), [null, null, 'x']);
    assert.equal(s.columns[s.columnIndex('data.label') ?? -1]?.kind, 'text');
  });

  it('adds the revenue totals up exactly in decimal: loaded, per month and shown', () => {
    const cents = hostRows(
      Array.from({ length: 1000 }, () => '{}'),
      (i) => (i % 2 === 0 ? 0.1 : 0.2),
    );
    const s = new RowStore();
    const added = s.append(throughWebview(cents));
    assert.equal(added.revenue.toString(), '150');
    const subCent = new RowStore();
    subCent.append(throughWebview(hostRows(['{}', '{}', '{}'], () => 1.005)));
    const v = new TableView(subCent, { ...emptySpec(), groupByMonth: true });
    v.rebuild();
    assert.equal(v.totals.revenue, '3.015');
    assert.equal(v.groups[0]?.revenue, '3.015');
    // Rounded as the decimal it is (a double sum, 3.0149999999999997, would show 3.01).
    assert.equal(formatMoney(v.totals.revenue), formatMoney('3.02'));
    let double = 0;
    for (let i = 0; i < 3; i++) double += 1.005;
    assert.notEqual(formatMoney(double), formatMoney(v.totals.revenue), 'the float sum would be off by a cent');
  });
});
