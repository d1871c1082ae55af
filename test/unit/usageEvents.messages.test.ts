// The usage-events message protocol: both sides accept exactly the documented shapes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHostToWebview, parseWebviewToHost, type UsageEventRow } from '../../src/shared/usageEventsMessages';

const row = (over: Partial<UsageEventRow> = {}): UsageEventRow => ({
  id: 1,
  eventDate: '2025-01-02',
  periodMonth: '2025-01-01',
  revenue: 12.5,
  events: 3,
  externalId: 'evt_1',
  isAdjustment: false,
  adjustmentDate: null,
  originalPeriodMonth: null,
  consumption: null,
  createdAt: null,
  data: [['team_id', 'search']],
  ...over,
});

describe('usage-events messages', () => {
  it('accepts a page of rows and keeps data keys of any name as pairs', () => {
    const m = parseHostToWebview({ type: 'rows', generation: 2, start: 0, rows: [row({ data: [['__proto__', { a: 1 }], ['<img src=x>', '<b>']] })] });
    if (m.type !== 'rows') assert.fail(`parsed as ${m.type}`);
    const data = m.rows[0]?.data ?? [];
    assert.deepEqual(data.map(([k]) => k), ['__proto__', '<img src=x>']);
    assert.deepEqual({ ...(data[0]?.[1] as object) }, { a: 1 });
  });

  it('rejects rows with the wrong types, naming the field', () => {
    assert.throws(() => parseHostToWebview({ type: 'rows', generation: 1, start: 0, rows: [{ ...row(), revenue: '12.50' }] }), /rows\[0\]\.revenue: expected a finite number/);
    assert.throws(() => parseHostToWebview({ type: 'rows', generation: 1, start: 0, rows: [{ ...row(), isAdjustment: undefined }] }), /isAdjustment/);
    assert.throws(() => parseHostToWebview({ type: 'rows', generation: 1.5, start: 0, rows: [] }), /generation: expected an integer/);
  });

  it('rejects unknown message types and non-objects', () => {
    assert.throws(() => parseWebviewToHost({ type: 'pwned' }), /unknown message type "pwned"/);
    assert.throws(() => parseWebviewToHost('ready'), /expected an object/);
    assert.throws(() => parseWebviewToHost(null), /expected an object/);
    assert.throws(() => parseWebviewToHost({ type: 'toString' }), /unknown message type/);
  });

  it('drops fields that are not part of a message', () => {
    const m = parseWebviewToHost({ type: 'copy', format: 'csv', rows: 2, text: 'a,b', extra: 'x' });
    assert.deepEqual(m, { type: 'copy', format: 'csv', rows: 2, text: 'a,b' });
  });

  it('checks enumerations: copy formats, phases, sort directions', () => {
    assert.throws(() => parseWebviewToHost({ type: 'copy', format: 'xlsx', rows: 1, text: '' }), /one of csv, tsv, json/);
    assert.throws(() => parseHostToWebview({ type: 'progress', generation: 1, phase: 'paused', loaded: 0, total: null, error: null, retryable: false }), /phase/);
    assert.throws(() => parseHostToWebview({ type: 'applyView', requestId: 1, change: { sort: { column: 'revenue', direction: 'up' } } }), /direction/);
    const ok = parseHostToWebview({ type: 'applyView', requestId: 1, change: { sort: null, filter: 'x' } });
    assert.deepEqual(ok, { type: 'applyView', requestId: 1, change: { sort: null, filter: 'x' } });
  });

  it('accepts a table snapshot only when complete', () => {
    const snapshot = {
      generation: 1,
      rowsLoaded: 10,
      rowsMatching: 4,
      domRows: 4,
      sort: null,
      filter: '',
      hideAdjustments: false,
      groupByMonth: false,
      visibleColumns: ['eventDate'],
      scrollTop: 0,
      firstRow: [['eventDate', '2025-01-02']],
      phase: 'done',
      total: 10,
      error: null,
      foreignElements: 0,
      cspViolations: 0,
      pageErrors: 0,
      shownRevenue: 1.5,
      selected: 0,
      theme: { kind: 'vscode-dark', background: 'rgb(31, 31, 31)', foreground: 'rgb(204, 204, 204)' },
    };
    assert.deepEqual(parseWebviewToHost({ type: 'state', requestId: 3, snapshot }), { type: 'state', requestId: 3, snapshot });
    const { domRows: _omitted, ...incomplete } = snapshot;
    assert.throws(() => parseWebviewToHost({ type: 'state', requestId: 3, snapshot: incomplete }), /snapshot\.domRows/);
  });
});
