// The usage-events panel's Reconciliation section as the panel works it out: no verdict while the
// listing is incomplete, the lines that differ in words with their exact signed difference, and
// drill-downs whose column filters, applied by the page's own table, show exactly the events
// behind each difference. Also the message's check, and what the window keeps of the result.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Consumption, PrepaidCommit } from '../../src/api';
import type { UsageEvent } from '../../src/api/schemas/usageEvent';
import { notYet, reconcilePanel, reconciliationView, type PanelRows } from '../../src/usageEvents/host/reconciliationView';
import { toUsageEventRow } from '../../src/usageEvents/host/toWire';
import { UsageEventColumns } from '../../src/usageEvents/protocol/cellColumns';
import { fieldIndex } from '../../src/usageEvents/protocol/usageEventRow';
import { parseHostToWebview, type ReconciliationView } from '../../src/usageEvents/protocol/usageEventsMessages';
import { RowStore } from '../../src/usageEvents/page/model/rowStore';
import { TableView, emptySpec } from '../../src/usageEvents/page/model/tableView';
import { checkColumnFilter } from '../../src/usageEvents/page/model/filters';
import { ReconciledCommits } from '../../src/model/reconciledCommits';
import { sumDecimals } from '../../src/shared/exactDecimal';
import { consumedRow } from './support/ledgerRows';

const commit = { id: 31, contract: 3, name: 'API prepaid 2025', currency: 'USD', total_value: 1000, remaining_value: 730.5 } as PrepaidCommit;

function ledgerRow(id: number, month: string, gross: number, before: number, after: number, events: number): Consumption {
  return consumedRow(id, month, gross, before, after, events) as unknown as Consumption;
}

/** January 150.50 and February 119.00 consumed: 1000 → 849.50 → 730.50. */
const ledger = [ledgerRow(101, '2025-01', 150.5, 1000, 849.5, 30), ledgerRow(102, '2025-02', 119, 849.5, 730.5, 7)];

let nextId = 1;
function event(month: string, revenue: number, events: number, consumption: number | null): UsageEvent {
  return { id: nextId++, prepaid_commit: 31, consumption, period_month: `${month}-01`, created_at: null, total_revenue_dollars: revenue, total_events: events };
}

function columns(list: readonly UsageEvent[]): UsageEventColumns {
  const c = new UsageEventColumns(fieldIndex('period_month'));
  c.append(list.map(toUsageEventRow));
  return c;
}

function panel(list: readonly UsageEvent[], over: Partial<PanelRows> = {}): PanelRows {
  return { phase: 'done', checking: false, rows: columns(list), total: list.length, commit, ledger, ledgerError: null, ...over };
}

/** Agreeing events: January's name row 101, February's row 102; March is open. */
function agreeing(): UsageEvent[] {
  return [event('2025-01', 100.1, 10, 101), event('2025-01', 50.4, 20, 101), event('2025-02', 119, 7, 102), event('2025-03', 9.99, 3, null)];
}

function checked(view: ReconciliationView): Extract<ReconciliationView, { state: 'checked' }> {
  if (view.state !== 'checked') throw new assert.AssertionError({ message: `not checked: ${view.reason}` });
  return view;
}

/** The rows the page's table shows under a drill's column filters. */
function drilled(list: readonly UsageEvent[], filters: [string, string][]): number[] {
  const store = new RowStore();
  store.append(list.map(toUsageEventRow));
  const view = new TableView(store, { ...emptySpec(), columnFilters: new Map(filters) });
  view.rebuild();
  for (const [column, text] of filters) {
    const col = store.columns.find((c) => c.id === column);
    assert.ok(col, `a column ${column}`);
    assert.equal(checkColumnFilter(col.kind, text).ok, true, `${column} ${text} is a valid filter`);
  }
  return [...view.order].map((r) => list[r]?.id ?? -1);
}

describe('Reconciliation section: no verdict on part of a listing', () => {
  it('says why it cannot check yet, and runs no check', () => {
    const list = agreeing();
    for (const over of [{ phase: 'loading' as const }, { phase: 'error' as const, total: 9 }, { phase: 'cancelled' as const }, { checking: true }, { commit: null }, { ledger: null }]) {
      const p = panel(list, over);
      assert.match(notYet(p) ?? '', /^Cannot check/, JSON.stringify(over));
      assert.equal(reconcilePanel(p), undefined);
    }
    assert.match(notYet(panel(list.slice(0, 2), { phase: 'error', total: 4 })) ?? '', /only 2 of 4 usage events were loaded/);
  });

  it('a ledger that could not be read makes the checks that need it "cannot be checked", with the reason', () => {
    const r = reconcilePanel(panel(agreeing(), { ledger: null, ledgerError: 'Campfire answered 500' }));
    assert.ok(r);
    const view = checked(reconciliationView(r, 0));
    assert.equal(view.verdict, 'cannotCheck');
    assert.ok(view.checks.every((c) => c.verdict === 'cannotCheck' && c.reason?.includes('Campfire answered 500')));
  });
});

describe('Reconciliation section: verdicts and drill-downs', () => {
  it('an agreeing commit: every check agrees, no line, the open month marked open', () => {
    const r = reconcilePanel(panel(agreeing()));
    assert.ok(r);
    const view = checked(reconciliationView(r, 5));
    assert.deepEqual(
      view.checks.map((c) => [c.title, c.verdict, c.lineCount]),
      [
        ['Ledger chain', 'agrees', 0],
        ['Ledger rows', 'agrees', 0],
        ['Events against the ledger', 'agrees', 0],
        ['Periods', 'agrees', 0],
      ],
    );
    assert.deepEqual(
      view.months.map((m) => [m.fromMonth, m.eventsRevenue, m.ledgerGross, m.difference, m.open]),
      [
        ['2025-01-01', '150.5', '150.5', '0', false],
        ['2025-02-01', '119', '119', '0', false],
        ['2025-03-01', '9.99', null, null, true],
      ],
    );
    assert.equal(view.checkedAt, 5);
  });

  it('events naming no row in a closed month and one naming an unknown row: exact differences, drills to exactly them', () => {
    const list = [...agreeing(), event('2025-02', 0.1, 1, null), event('2025-02', 0.2, 1, null), event('2025-01', 4.25, 2, 999)];
    const r = reconcilePanel(panel(list));
    assert.ok(r);
    const view = checked(reconciliationView(r, 0));
    const events = view.checks.find((c) => c.title === 'Events against the ledger');
    assert.ok(events);
    assert.equal(events.verdict, 'differs');
    const noRow = events.lines.find((l) => l.text === '2 events of 2025-02 naming no ledger row');
    assert.ok(noRow, JSON.stringify(events.lines));
    assert.equal(noRow.difference, '0.3', 'summed exactly, not 0.30000000000000004');
    assert.deepEqual(noRow.drill, [
      ['consumption', '='],
      ['period_month', '= 2025-02'],
    ]);
    assert.deepEqual(drilled(list, noRow.drill), list.filter((e) => e.consumption === null && e.period_month.startsWith('2025-02')).map((e) => e.id));
    const unknown = events.lines.find((l) => l.text === '1 event of 2025-01 naming row 999, which is not in the ledger');
    assert.ok(unknown);
    assert.equal(unknown.difference, '4.25');
    assert.deepEqual(drilled(list, unknown.drill ?? []), [list.at(-1)?.id]);
    // Periods: January and February each off by what the stray events add.
    const periods = view.checks.find((c) => c.title === 'Periods');
    assert.deepEqual(
      periods?.lines.map((l) => [l.text, l.difference]),
      [
        ['2025-01: events against the ledger', '4.25'],
        ['2025-02: events against the ledger', '0.3'],
      ],
    );
    assert.deepEqual(drilled(list, periods.lines[1]?.drill ?? []), list.filter((e) => e.period_month.startsWith('2025-02')).map((e) => e.id));
  });

  it('a balance break: the chain line says where, with no drill (no events are behind it)', () => {
    const broken = [ledgerRow(101, '2025-01', 150.5, 1000, 849.5, 30), ledgerRow(102, '2025-02', 119, 949.5, 830.5, 7)];
    const r = reconcilePanel(panel(agreeing(), { ledger: broken, commit: { ...commit, remaining_value: 830.5 } }));
    assert.ok(r);
    const chain = checked(reconciliationView(r, 0)).checks[0];
    assert.equal(chain?.verdict, 'differs');
    assert.deepEqual(
      chain.lines.map((l) => [l.text, l.difference, l.drill]),
      [['previous balance_after → balance_before of row 102 (2025-02)', '100', null]],
    );
  });

  it('property: the drill of every month shows exactly that month’s events, whose revenue is the month’s', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ m: fc.integer({ min: 1, max: 4 }), cents: fc.integer({ min: 0, max: 100_000 }), row: fc.constantFrom(101, 102, null, 7) }), { minLength: 1, maxLength: 40 }), (specs) => {
        const list = specs.map((s) => event(`2025-0${s.m}`, s.cents / 100, 1, s.row));
        const r = reconcilePanel(panel(list));
        assert.ok(r);
        for (const m of checked(reconciliationView(r, 0)).months) {
          const ids = drilled(list, m.drill);
          const expected = list.filter((e) => e.period_month >= m.fromMonth && e.period_month <= m.toMonth);
          assert.deepEqual(ids, expected.map((e) => e.id));
          assert.equal(m.eventsRevenue, sumDecimals(expected.map((e) => e.total_revenue_dollars ?? 0)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('the message carrying it passes the page’s check, and a malformed one does not', () => {
    const r = reconcilePanel(panel([...agreeing(), event('2025-02', 1, 1, null)]));
    assert.ok(r);
    const view = reconciliationView(r, 1);
    assert.deepEqual(parseHostToWebview({ type: 'reconciliation', generation: 2, view }), { type: 'reconciliation', generation: 2, view });
    assert.deepEqual(parseHostToWebview({ type: 'reconciliation', generation: 2, view: { state: 'pending', reason: 'loading' } }).type, 'reconciliation');
    assert.throws(() => parseHostToWebview({ type: 'reconciliation', generation: 2, view: { ...view, checks: [{ title: 'x' }] } }), TypeError);
    assert.throws(() => parseHostToWebview({ type: 'reconciliation', generation: 2, view: { ...checked(view), months: [{ ...checked(view).months[0], drill: [['period_month']] }] } }), TypeError);
  });
});

describe('Column filter "=" alone', () => {
  it('keeps the cells without a value, "!=" those with one, in every kind of column', () => {
    for (const kind of ['id', 'date', 'text', 'money', 'flag'] as const) {
      const empty = checkColumnFilter(kind, '=');
      const some = checkColumnFilter(kind, ' != ');
      assert.ok(empty.ok && empty.predicate && some.ok && some.predicate, kind);
      assert.deepEqual([null, undefined, '', 0, 'x'].map((v) => empty.predicate?.(v, String(v ?? ''))), [true, true, true, false, false]);
      assert.deepEqual([null, undefined, '', 0, 'x'].map((v) => some.predicate?.(v, String(v ?? ''))), [false, false, false, true, true]);
    }
  });
});

describe('Reconciled commits kept per account', () => {
  it('records, replaces and lists the differing commits of one owner only', () => {
    const store = new ReconciledCommits();
    const a = { origin: 'https://campfire.example', accountId: '1' };
    const b = { origin: 'https://campfire.example', accountId: '2' };
    let changes = 0;
    store.onDidChange(() => changes++);
    const result = { contractId: 3, commitId: 31, commitName: 'x', verdict: 'differs' as const, checkedAt: 1, differences: ['Periods: +1.00 USD'] };
    store.record(a, result);
    store.record(a, { ...result, commitId: 30 });
    assert.deepEqual(store.differing(a).map((r) => r.commitId), [30, 31]);
    assert.deepEqual(store.differing(b), []);
    assert.equal(store.get(b, 3, 31), undefined);
    assert.equal(store.get(undefined, 3, 31), undefined);
    store.record(a, { ...result, verdict: 'agrees', differences: [] });
    assert.deepEqual(store.differing(a).map((r) => r.commitId), [30]);
    assert.equal(store.get(a, 3, 31)?.verdict, 'agrees');
    assert.equal(changes, 3);
  });
});
