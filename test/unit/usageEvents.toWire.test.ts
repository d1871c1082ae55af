// From API records to what the webview renders: missing optional fields become null, data keeps every key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageEvent } from '../../src/api/schemas/usageEvent';
import { NON_OBJECT_DATA_KEY, contractDisplayName, toLedger, toUsageEventRow } from '../../src/model/usageEvents/toWire';

const minimal: UsageEvent = { id: 7, prepaid_commit: 3, consumption: null, period_month: '2025-02-01', created_at: null };

describe('usage events to wire rows', () => {
  it('turns missing optional fields into null (shown empty), never undefined', () => {
    const r = toUsageEventRow(minimal);
    assert.deepEqual(r, {
      id: 7,
      eventDate: null,
      periodMonth: '2025-02-01',
      revenue: null,
      events: null,
      externalId: null,
      isAdjustment: false,
      adjustmentDate: null,
      originalPeriodMonth: null,
      consumption: null,
      createdAt: null,
      data: [],
    });
    for (const [k, v] of Object.entries(r) as [string, unknown][]) assert.notEqual(v, undefined, k);
  });

  it('keeps data keys in order, including odd ones, and nested values as JSON', () => {
    const data = JSON.parse('{"team_id":"search","__proto__":{"x":1},"<img src=x>":[1,{"a":null}]}') as unknown;
    const r = toUsageEventRow({ ...minimal, data });
    assert.deepEqual(r.data.map(([k]) => k), ['team_id', '__proto__', '<img src=x>']);
    assert.equal(JSON.stringify(r.data[2]?.[1]), '[1,{"a":null}]');
  });

  it('shows data that is not an object under one column', () => {
    assert.deepEqual(toUsageEventRow({ ...minimal, data: ['a', 'b'] }).data, [[NON_OBJECT_DATA_KEY, ['a', 'b']]]);
    assert.deepEqual(toUsageEventRow({ ...minimal, data: null }).data, []);
  });

  it('names a contract by its deal, else by its id', () => {
    assert.equal(contractDisplayName({ id: 4, deal_name: ' Acme renewal ' }), 'Acme renewal');
    assert.equal(contractDisplayName({ id: 4, deal_name: '' }), 'Contract #4');
    assert.equal(contractDisplayName({ id: 4, deal_name: null }), 'Contract #4');
  });

  it('orders the consumption ledger by period', () => {
    const base = { id: 1, prepaid_commit: 1, entity: null, currency: 'USD', gross_usage_amount: 0, discount_amount: 0, net_consumption_amount: 5, overage_amount: 0, revenue_transaction: null, overage_revenue_transaction: null, adjustments: [], created_at: null, last_modified_at: null };
    const ledger = toLedger([
      { ...base, period_start: '2025-03-01', period_end: '2025-03-31', balance_before: 90, balance_after: 85 },
      { ...base, period_start: '2025-02-01', period_end: '2025-02-28', balance_before: 100, balance_after: 90 },
    ]);
    assert.deepEqual(ledger.map((p) => p.periodStart), ['2025-02-01', '2025-03-01']);
    assert.equal(ledger[0]?.balanceAfter, 90);
  });
});
