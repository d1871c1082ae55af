// The four reconciliation checks on small commits built by hand: agreeing, each kind of difference,
// adjustments, the open month, and a ledger or events that could not be listed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageEvent } from '../../src/api/schemas/usageEvent';
import { reconcileCommit, type CommitRecord, type LedgerRow, type ReconcileInput } from '../../src/reconcile/checks';
import { UsageEventColumns } from '../../src/usageEvents/protocol/cellColumns';
import { fieldIndex } from '../../src/usageEvents/protocol/usageEventRow';
import { toUsageEventRow } from '../../src/usageEvents/host/toWire';
import { ledgerRow } from './support/ledgerRows';

const commit: CommitRecord = { id: 31, contract: 3, name: 'API prepaid 2025', currency: 'USD', total_value: 1000, remaining_value: 730.5 };

/** January: 100.10 + 50.40 gross, 10% discount → net 135.45; February: 150.05 gross → net 134.05 (discount 16.00). */
function ledger(): LedgerRow[] {
  return [
    ledgerRow(101, '2025-01', { gross_usage_amount: 150.5, discount_amount: 15.05, net_consumption_amount: 135.45, balance_before: 1000, balance_after: 864.55, total_events: 30 }),
    ledgerRow(102, '2025-02', { gross_usage_amount: 150.05, discount_amount: 16, net_consumption_amount: 134.05, balance_before: 864.55, balance_after: 730.5, total_events: 7 }),
  ];
}

let nextId = 1;
function event(month: string, revenue: number | undefined, events: number, consumption: number | null, over: Partial<UsageEvent> = {}): UsageEvent {
  return { id: nextId++, prepaid_commit: 31, consumption, period_month: `${month}-01`, created_at: null, total_revenue_dollars: revenue, total_events: events, ...over };
}

function events(): UsageEvent[] {
  return [
    event('2025-01', 100.1, 10, 101),
    event('2025-01', 50.4, 20, 101),
    event('2025-02', 150.05, 7, 102),
    // March is open: not rolled up yet.
    event('2025-03', 9.99, 3, null),
  ];
}

function columns(list: readonly UsageEvent[]): UsageEventColumns {
  const c = new UsageEventColumns(fieldIndex('period_month'));
  c.append(list.map(toUsageEventRow));
  return c;
}

function input(over: { commit?: CommitRecord; ledger?: LedgerRow[]; events?: UsageEvent[] } = {}): ReconcileInput {
  return { commit: over.commit ?? commit, ledger: { ok: true, value: over.ledger ?? ledger() }, events: { ok: true, value: columns(over.events ?? events()) } };
}

describe('reconciling a commit', () => {
  it('agrees when the ledger chains, its rows add up, and the events match it', () => {
    const r = reconcileCommit(input());
    assert.equal(r.verdict, 'agrees');
    for (const check of [r.ledgerChain, r.ledgerRows, r.eventsAgainstLedger, r.periods]) assert.equal(check.verdict, 'agrees', check.check);
    assert.equal(r.ledgerChain.lines.length, 3, 'opening, one link, closing');
    assert.equal(r.ledgerRows.lines.length, 4, 'balance and net of each row');
    assert.equal(r.digits, 2);
    assert.equal(r.eventCount, 4);
  });

  it('marks the month after the ledger open, not a difference', () => {
    const r = reconcileCommit(input());
    const march = r.periods.lines.find((l) => l.fromMonth === '2025-03-01');
    assert.ok(march);
    assert.equal(march.open, true);
    assert.equal(march.verdict, 'agrees');
    assert.equal(march.eventsRevenue, '9.99');
    assert.equal(march.ledgerGross, null);
    const stray = r.eventsAgainstLedger.lines.find((l) => l.kind === 'noRow');
    assert.ok(stray?.kind === 'noRow');
    assert.deepEqual({ open: stray.open, verdict: stray.verdict, revenue: stray.revenue }, { open: true, verdict: 'agrees', revenue: '9.99' });
  });

  it('finds a balance break between rows, with its sign and size', () => {
    const rows = ledger();
    (rows[1] as LedgerRow).balance_before = 964.55;
    (rows[1] as LedgerRow).balance_after = 830.5;
    const r = reconcileCommit(input({ ledger: rows }));
    assert.equal(r.ledgerChain.verdict, 'differs');
    const link = r.ledgerChain.lines.find((l) => l.kind === 'link');
    assert.deepEqual(link && { expected: link.expected, actual: link.actual, difference: link.difference }, { expected: '864.55', actual: '964.55', difference: '100' });
    const closing = r.ledgerChain.lines.find((l) => l.kind === 'closing');
    assert.equal(closing?.difference, '-100');
    assert.equal(r.ledgerRows.verdict, 'agrees', 'each row is still right on its own');
  });

  it('compares the opening balance to total_value and the last balance to remaining_value', () => {
    const r = reconcileCommit(input({ commit: { ...commit, total_value: 1000.01, remaining_value: 730.49 } }));
    const [opening, , closing] = r.ledgerChain.lines;
    assert.equal(opening?.difference, '-0.01');
    assert.equal(closing?.difference, '-0.01');
  });

  it('with an empty ledger, expects the remaining value to be the total', () => {
    const r = reconcileCommit(input({ ledger: [], events: [] }));
    assert.deepEqual(r.ledgerChain.lines.map((l) => [l.kind, l.expected, l.actual, l.verdict]), [['closing', '1000', '730.5', 'differs']]);
  });

  it('finds a row whose balance or net does not follow from its own figures', () => {
    const rows = ledger();
    (rows[0] as LedgerRow).discount_amount = 15.06;
    (rows[1] as LedgerRow).balance_after = 730.49;
    const r = reconcileCommit(input({ ledger: rows, commit: { ...commit, remaining_value: 730.49 } }));
    assert.equal(r.ledgerRows.verdict, 'differs');
    const bad = r.ledgerRows.lines.filter((l) => l.verdict === 'differs').map((l) => [l.rowId, l.field, l.expected, l.actual, l.difference]);
    assert.deepEqual(bad, [
      [101, 'net', '135.44', '135.45', '0.01'],
      [102, 'balanceAfter', '730.5', '730.49', '-0.01'],
    ]);
  });

  it('shows both numbers, without a verdict, for a row whose net leaves out its overage (undocumented)', () => {
    const rows = ledger();
    // The pool runs out in February: 100.00 drawn, 34.05 beyond it.
    Object.assign(rows[1] as LedgerRow, { net_consumption_amount: 100, overage_amount: 34.05, balance_after: 764.55 });
    const r = reconcileCommit(input({ ledger: rows, commit: { ...commit, remaining_value: 764.55 } }));
    const net = r.ledgerRows.lines.find((l) => l.rowId === 102 && l.field === 'net');
    assert.ok(net);
    assert.equal(net.verdict, 'undocumented');
    assert.deepEqual([net.expected, net.actual, net.alternative], ['134.05', '100', { rule: 'overage', expected: '100' }]);
    assert.equal(r.ledgerRows.verdict, 'agrees');
    assert.equal(r.ledgerRows.undocumented, 1);
  });

  it('finds a row whose net fits neither reading', () => {
    const rows = ledger();
    Object.assign(rows[1] as LedgerRow, { net_consumption_amount: 90, overage_amount: 34.05, balance_after: 774.55 });
    const r = reconcileCommit(input({ ledger: rows, commit: { ...commit, remaining_value: 774.55 } }));
    const net = r.ledgerRows.lines.find((l) => l.rowId === 102 && l.field === 'net');
    assert.equal(net?.verdict, 'differs');
    assert.equal(net.difference, '-44.05');
  });

  it('finds a rounding cent between a row and the events that name it', () => {
    const rows = ledger();
    Object.assign(rows[1] as LedgerRow, { gross_usage_amount: 150.06, net_consumption_amount: 134.06, balance_after: 730.49 });
    const r = reconcileCommit(input({ ledger: rows, commit: { ...commit, remaining_value: 730.49 } }));
    assert.equal(r.ledgerChain.verdict, 'agrees');
    assert.equal(r.ledgerRows.verdict, 'agrees');
    const line = r.eventsAgainstLedger.lines.find((l) => l.kind === 'row' && l.rowId === 102);
    assert.ok(line?.kind === 'row');
    assert.deepEqual([line.revenue.expected, line.revenue.actual, line.revenue.difference, line.verdict], ['150.06', '150.05', '-0.01', 'differs']);
    const feb = r.periods.lines.find((l) => l.fromMonth === '2025-02-01');
    assert.deepEqual(feb && [feb.eventsRevenue, feb.ledgerGross, feb.difference, feb.verdict], ['150.05', '150.06', '-0.01', 'differs']);
  });

  it('compares the events count with the row’s total_events', () => {
    const rows = ledger();
    (rows[0] as LedgerRow).total_events = 31;
    const r = reconcileCommit(input({ ledger: rows }));
    const line = r.eventsAgainstLedger.lines.find((l) => l.kind === 'row' && l.rowId === 101);
    assert.ok(line?.kind === 'row');
    assert.deepEqual(line.events, { expected: 31, actual: 30, difference: -1, verdict: 'differs' });
    assert.equal(line.revenue.verdict, 'agrees');
    assert.equal(r.eventsAgainstLedger.verdict, 'differs');
  });

  it('finds an event pointing at no row of the ledger, and one naming none in a closed month', () => {
    const list = events();
    list.push(event('2025-02', 4.2, 1, 999), event('2025-01', 1.5, 1, null));
    const r = reconcileCommit(input({ events: list }));
    const stray = r.eventsAgainstLedger.lines.filter((l) => l.kind !== 'row' && l.kind !== 'adjustment' && l.verdict === 'differs');
    assert.deepEqual(
      stray.map((l) => l.kind !== 'row' && l.kind !== 'adjustment' && [l.kind, l.consumption, l.periodMonth, l.revenue, l.open]),
      [
        ['noRow', null, '2025-01-01', '1.5', false],
        ['unknownRow', 999, '2025-02-01', '4.2', false],
      ],
    );
    // The periods see the same events in their months.
    const jan = r.periods.lines.find((l) => l.fromMonth === '2025-01-01');
    assert.equal(jan?.difference, '1.5');
  });

  it('finds a closed month with events and no ledger row (a missing month), not an open one', () => {
    const rows = ledger();
    const list = events();
    // A December before the ledger's first row... and a gap: rows for January and March, none for February.
    (rows[1] as LedgerRow).period_start = '2025-03-01';
    (rows[1] as LedgerRow).period_end = '2025-03-31';
    const r = reconcileCommit(input({ ledger: rows, events: list }));
    const feb = r.periods.lines.find((l) => l.fromMonth === '2025-02-01');
    assert.deepEqual(feb && [feb.open, feb.ledgerGross, feb.difference, feb.verdict], [false, null, '150.05', 'differs']);
  });

  it('shows adjustments against the month they correct, and the ledger row’s adjustments entry', () => {
    const rows = ledger();
    // February records a -12.50 return for January's usage.
    Object.assign(rows[1] as LedgerRow, {
      gross_usage_amount: 137.55,
      discount_amount: 16,
      net_consumption_amount: 121.55,
      balance_after: 743,
      total_events: 7,
      adjustments: [{ original_period: '2025-01-01', gross: -12.5, discount: 0, net: -12.5, overage: 0 }],
    });
    const list = events();
    list.push(event('2025-02', -12.5, 0, 102, { is_adjustment: true, original_period_month: '2025-01-01', adjustment_date: '2025-02-03' }));
    const r = reconcileCommit(input({ ledger: rows, events: list, commit: { ...commit, remaining_value: 743 } }));
    assert.equal(r.verdict, 'agrees', JSON.stringify(r, null, 1).slice(0, 2000));
    const adj = r.eventsAgainstLedger.lines.find((l) => l.kind === 'adjustment');
    assert.deepEqual(adj, { kind: 'adjustment', rowId: 102, correctsMonth: '2025-01-01', revenue: '-12.5', ledger: '-12.5', difference: '0', rows: 1, verdict: 'agrees' });
    const jan = r.periods.lines.find((l) => l.fromMonth === '2025-01-01');
    assert.equal(jan?.correctedBy, '-12.5');
  });

  it('finds adjustment events the row’s adjustments do not record', () => {
    const rows = ledger();
    Object.assign(rows[1] as LedgerRow, { gross_usage_amount: 137.55, net_consumption_amount: 121.55, balance_after: 743 });
    const list = events();
    list.push(event('2025-02', -12.5, 0, 102, { is_adjustment: true, original_period_month: '2025-01-01' }));
    const r = reconcileCommit(input({ ledger: rows, events: list, commit: { ...commit, remaining_value: 743 } }));
    const adj = r.eventsAgainstLedger.lines.find((l) => l.kind === 'adjustment');
    assert.deepEqual(adj && [adj.verdict, adj.ledger, adj.difference], ['differs', null, '-12.5']);
  });

  it('gives no verdict on adjustments entries whose fields it cannot read', () => {
    const rows = ledger();
    Object.assign(rows[1] as LedgerRow, { gross_usage_amount: 137.55, net_consumption_amount: 121.55, balance_after: 743, adjustments: [{ month: 'January', amount: -12.5 }] });
    const list = events();
    list.push(event('2025-02', -12.5, 0, 102, { is_adjustment: true, original_period_month: '2025-01-01' }));
    const r = reconcileCommit(input({ ledger: rows, events: list, commit: { ...commit, remaining_value: 743 } }));
    const adj = r.eventsAgainstLedger.lines.find((l) => l.kind === 'adjustment');
    assert.equal(adj?.verdict, 'undocumented');
    assert.equal(r.eventsAgainstLedger.verdict, 'agrees');
    assert.equal(r.eventsAgainstLedger.undocumented, 1);
  });

  it('cannot check anything from a ledger that could not be listed, and says why', () => {
    const r = reconcileCommit({ ...input(), ledger: { ok: false, reason: 'only 40 of 52 rows could be read' } });
    assert.equal(r.verdict, 'cannotCheck');
    for (const check of [r.ledgerChain, r.ledgerRows, r.eventsAgainstLedger, r.periods]) {
      assert.equal(check.verdict, 'cannotCheck');
      assert.match(check.reason ?? '', /consumption ledger could not be listed exactly: only 40 of 52 rows could be read/);
    }
    assert.equal(r.ledgerRowCount, null);
  });

  it('checks the ledger on its own when the events could not be listed', () => {
    const r = reconcileCommit({ ...input(), events: { ok: false, reason: 'a 500' } });
    assert.equal(r.ledgerChain.verdict, 'agrees');
    assert.equal(r.ledgerRows.verdict, 'agrees');
    assert.equal(r.eventsAgainstLedger.verdict, 'cannotCheck');
    assert.match(r.periods.reason ?? '', /usage events could not be listed exactly: a 500/);
    assert.equal(r.verdict, 'cannotCheck');
  });

  it('cannot check the revenue of events that carry none', () => {
    const list = events();
    list.push(event('2025-01', undefined, 1, 101));
    const r = reconcileCommit(input({ events: list }));
    const line = r.eventsAgainstLedger.lines.find((l) => l.kind === 'row' && l.rowId === 101);
    assert.equal(line?.kind === 'row' && line.revenue.verdict, 'cannotCheck');
    assert.equal(r.periods.lines.find((l) => l.fromMonth === '2025-01-01')?.verdict, 'cannotCheck');
  });

  it('compares to the currency’s smallest unit: a yen, not a cent', () => {
    const r = reconcileCommit(input({ commit: { ...commit, currency: 'JPY', total_value: 1000.4 } }));
    assert.equal(r.digits, 0);
    assert.equal(r.ledgerChain.lines[0]?.verdict, 'agrees', '0.40 yen is no yen');
    assert.equal(r.ledgerChain.lines[0].difference, '-0.4', 'the exact difference is kept');
  });

  it('reads the ledger in period order whatever order Campfire sent it in', () => {
    const r = reconcileCommit(input({ ledger: ledger().reverse() }));
    assert.equal(r.verdict, 'agrees');
  });
});

describe('reconciling a commit: rules Campfire leaves open', () => {
  it('shows, without a verdict, a row whose total_events counts the events rather than their total_events', () => {
    const rows = ledger();
    (rows[0] as LedgerRow).total_events = 2;
    const r = reconcileCommit(input({ ledger: rows }));
    const line = r.eventsAgainstLedger.lines.find((l) => l.kind === 'row' && l.rowId === 101);
    assert.ok(line?.kind === 'row');
    assert.deepEqual([line.events?.expected, line.events?.actual, line.events?.verdict, line.verdict], [2, 30, 'undocumented', 'undocumented']);
    assert.equal(r.eventsAgainstLedger.verdict, 'agrees');
    assert.equal(r.eventsAgainstLedger.undocumented, 1);
  });
});
