// From API records to what the webview renders: missing optional fields become null, data keeps every key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageEvent } from '../../src/api/schemas/usageEvent';
import { contractName as contractDisplayName } from '../../src/model/contractQuery';
import { NON_OBJECT_DATA_KEY, toLedger, toUsageEventRow } from '../../src/usageEvents/host/toWire';
import { DATA_INDEX, USAGE_EVENT_FIELDS, USAGE_EVENT_ROW_LENGTH } from '../../src/usageEvents/protocol/usageEventRow';
import { rowFields } from './support/usageEventRows';

const minimal: UsageEvent = { id: 7, prepaid_commit: 3, consumption: null, period_month: '2025-02-01', created_at: null };

describe('usage events to wire rows', () => {
  it('turns missing optional fields into null (shown empty), never undefined', () => {
    const r = toUsageEventRow(minimal);
    assert.equal(r.length, USAGE_EVENT_ROW_LENGTH);
    assert.deepEqual(rowFields(r), {
      id: 7,
      event_date: null,
      period_month: '2025-02-01',
      total_revenue_dollars: null,
      total_events: null,
      external_id: null,
      is_adjustment: false,
      adjustment_date: null,
      original_period_month: null,
      consumption: null,
      created_at: null,
      data: [],
    });
    r.forEach((v, i) => assert.notEqual(v, undefined, USAGE_EVENT_FIELDS[i] ?? 'data'));
  });

  it('puts each API field at its own place in the row, under the API’s name: nothing is renamed', () => {
    const full: UsageEvent = {
      id: 9,
      prepaid_commit: 3,
      consumption: 41,
      period_month: '2025-02-01',
      created_at: '2025-02-03T04:05:06Z',
      external_id: 'evt_9',
      event_date: '2025-02-02',
      total_revenue_dollars: 12.5,
      total_events: 4,
      data: { team_id: 'search' },
      adjustment_date: '2025-03-01',
      is_adjustment: true,
      original_period_month: '2025-01-01',
    };
    const r = toUsageEventRow(full);
    USAGE_EVENT_FIELDS.forEach((f, i) => assert.equal(r[i], full[f], f));
    assert.deepEqual(r[DATA_INDEX], [['team_id', 'search']]);
  });

  it('keeps data keys in order, including odd ones, and nested values as JSON', () => {
    const data = JSON.parse('{"team_id":"search","__proto__":{"x":1},"<img src=x>":[1,{"a":null}]}') as unknown;
    const pairs = toUsageEventRow({ ...minimal, data })[DATA_INDEX];
    assert.deepEqual(pairs.map(([k]) => k), ['team_id', '__proto__', '<img src=x>']);
    assert.equal(JSON.stringify(pairs[2]?.[1]), '[1,{"a":null}]');
  });

  it('shows data that is not an object under one column', () => {
    assert.deepEqual(toUsageEventRow({ ...minimal, data: ['a', 'b'] })[DATA_INDEX], [[NON_OBJECT_DATA_KEY, ['a', 'b']]]);
    assert.deepEqual(toUsageEventRow({ ...minimal, data: null })[DATA_INDEX], []);
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
