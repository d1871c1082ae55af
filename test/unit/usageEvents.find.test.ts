// Find in the usage-events table (model/find.ts) over a real row store and table view: every row
// shown is searched, drawn or not; the count, next and previous (wrapping), the current match
// staying on its row when the view is sorted or rows are appended, and rows the filters hide.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageEventRow } from '../../src/usageEvents/protocol/usageEventsMessages';
import { FindState } from '../../src/usageEvents/page/model/find';
import { RowStore } from '../../src/usageEvents/page/model/rowStore';
import { TableView, emptySpec } from '../../src/usageEvents/page/model/tableView';
import { wireRow } from './support/usageEventRows';

function row(i: number): UsageEventRow {
  return wireRow({
    id: i + 1,
    event_date: '2025-03-01',
    period_month: '2025-03-01',
    total_revenue_dollars: (i % 7) + 0.5,
    total_events: 1,
    external_id: `evt_${String(i).padStart(6, '0')}`,
    is_adjustment: false,
    adjustment_date: null,
    original_period_month: null,
    consumption: 5,
    created_at: '2025-03-01T10:00:00Z',
    data: [],
  });
}

function table(n: number): { store: RowStore; view: TableView } {
  const store = new RowStore();
  store.append(Array.from({ length: n }, (_, i) => row(i)));
  const view = new TableView(store, emptySpec());
  view.rebuild();
  return { store, view };
}

const idAt = (store: RowStore, view: TableView, position: number | undefined) => {
  const col = store.columnIndex('external_id');
  assert.ok(position !== undefined && col !== undefined);
  return store.cell(view.display[position] as number, col);
};

describe('usage-events find', () => {
  it('counts the matches among every row shown and moves through them, wrapping both ways', () => {
    const { store, view } = table(50_000);
    const find = new FindState(store, view);
    find.search('EVT_04999', 0);
    assert.equal(find.count, 10, 'evt_049990 … evt_049999, far below any rows drawn');
    assert.equal(idAt(store, view, find.currentPosition), 'evt_049990');
    find.next();
    assert.equal(idAt(store, view, find.currentPosition), 'evt_049991');
    find.previous();
    find.previous();
    assert.equal(idAt(store, view, find.currentPosition), 'evt_049999', 'before the first: the last');
    find.next();
    assert.equal(find.current, 0, 'after the last: the first');
    find.search('no such thing', 0);
    assert.equal(find.count, 0);
    assert.equal(find.currentPosition, undefined);
  });

  it('starts at the first match at or after where the table is', () => {
    const { store, view } = table(1000);
    const find = new FindState(store, view);
    find.search('evt_0001', 150);
    assert.equal(find.count, 100);
    assert.equal(idAt(store, view, find.currentPosition), 'evt_000150');
    find.search('evt_0001', 900);
    assert.equal(idAt(store, view, find.currentPosition), 'evt_000100', 'none after: from the top');
  });

  it('keeps the current match on its row when the view is sorted, and finds in rows appended later', () => {
    const { store, view } = table(1000);
    const find = new FindState(store, view);
    find.search('evt_00055', 0);
    find.next();
    find.next();
    assert.equal(idAt(store, view, find.currentPosition), 'evt_000552');
    view.spec = { ...view.spec, sort: { column: 'external_id', direction: 'desc' } };
    view.rebuild();
    find.refresh();
    assert.equal(idAt(store, view, find.currentPosition), 'evt_000552', 'the same row, at its new place');
    assert.ok(find.currentPosition !== undefined && find.currentPosition > 400, 'which moved');
    store.append(Array.from({ length: 1000 }, (_, i) => row(1000 + i)));
    view.update();
    find.refresh();
    assert.equal(find.count, 10, 'rows appended are searched too (evt_001550 … do not match; 00055x only)');
    assert.equal(find.isMatch(551), true);
    assert.equal(find.isMatch(1551), false);
  });

  it('rows the filters hide are not among the matches', () => {
    const { store, view } = table(1000);
    view.spec = { ...view.spec, columnFilters: new Map([['external_id', 'evt_0000']]) };
    view.rebuild();
    const find = new FindState(store, view);
    find.search('evt_000', 0);
    assert.equal(find.count, 100, 'only the 100 rows shown');
  });
});
