// The usage-events message protocol: both sides accept exactly the documented shapes. And the
// tests' probe in the webview, which talks in its own envelope beside it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DATA_INDEX } from '../../src/usageEvents/protocol/usageEventRow';
import { parseHostToWebview, parseWebviewToHost, type UsageEventRow } from '../../src/usageEvents/protocol/usageEventsMessages';
import { checkProbeRequest, probePart } from '../exthost/probe/probeProtocol';
import { defaultState, readPersistedState } from '../../src/usageEvents/page/ui/persistedState';
import { wireRow, type UsageEventFields } from './support/usageEventRows';

const row = (over: Partial<UsageEventFields> = {}): UsageEventRow =>
  wireRow({
    id: 1,
    event_date: '2025-01-02',
    period_month: '2025-01-01',
    total_revenue_dollars: 12.5,
    total_events: 3,
    external_id: 'evt_1',
    is_adjustment: false,
    adjustment_date: null,
    original_period_month: null,
    consumption: null,
    created_at: null,
    data: [['team_id', 'search']],
    ...over,
  });

describe('usage-events messages', () => {
  it('accepts a page of rows and keeps data keys of any name as pairs', () => {
    const m = parseHostToWebview({ type: 'rows', generation: 2, start: 0, rows: [row({ data: [['__proto__', { a: 1 }], ['<img src=x>', '<b>']] })] });
    if (m.type !== 'rows') assert.fail(`parsed as ${m.type}`);
    const data = m.rows[0]?.[DATA_INDEX] ?? [];
    assert.deepEqual(data.map(([k]) => k), ['__proto__', '<img src=x>']);
    assert.deepEqual({ ...(data[0]?.[1] as object) }, { a: 1 });
  });

  it('checks a row’s shape, not its cells again: the host built it from an event the API’s schema accepted', () => {
    const rowError = /rows\[0\]: expected a usage event row/;
    assert.throws(() => parseHostToWebview({ type: 'rows', generation: 1, start: 0, rows: [{ id: 1, total_revenue_dollars: 5, data: [] }] }), rowError);
    assert.throws(() => parseHostToWebview({ type: 'rows', generation: 1, start: 0, rows: [row().slice(0, DATA_INDEX)] }), rowError);
    assert.throws(() => parseHostToWebview({ type: 'rows', generation: 1, start: 0, rows: [[...row().slice(0, DATA_INDEX), { team_id: 'x' }]] }), rowError);
    assert.throws(() => parseHostToWebview({ type: 'rows', generation: 1, start: 0, rows: {} }), /rows: expected an array/);
    assert.throws(() => parseHostToWebview({ type: 'rows', generation: 1.5, start: 0, rows: [] }), /generation: expected an integer/);
    // The row is taken as it is: no copy per row and per data value.
    const r = row();
    const m = parseHostToWebview({ type: 'rows', generation: 1, start: 0, rows: [r] });
    assert.equal(m.type === 'rows' ? m.rows[0] : undefined, r);
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

  it('checks enumerations: copy formats, phases', () => {
    assert.throws(() => parseWebviewToHost({ type: 'copy', format: 'xlsx', rows: 1, text: '' }), /one of csv, tsv, json/);
    assert.throws(() => parseHostToWebview({ type: 'progress', generation: 1, phase: 'paused', loaded: 0, total: null, error: null, retryable: false }), /phase/);
  });

  it("a reset names whose data the panel shows (never a key), and a waiting panel says what it waits for", () => {
    const reset = { type: 'reset', generation: 3, contractId: 7, commitId: 9, owner: 'https://api.meetcampfire.com#lq2x-ab12' };
    assert.deepEqual(parseHostToWebview(reset), reset);
    assert.deepEqual(parseHostToWebview({ ...reset, owner: 'sample' }), { ...reset, owner: 'sample' });
    const { owner: _, ...unknown } = reset;
    assert.deepEqual(parseHostToWebview(unknown), unknown, 'not known yet: the webview keeps the one it saved');
    assert.throws(() => parseHostToWebview({ ...reset, owner: null }), /owner/);
    assert.throws(() => parseHostToWebview({ ...reset, owner: '' }), /owner: expected a panel owner/);
    assert.throws(() => parseHostToWebview({ ...reset, owner: 'x'.repeat(5000) }), /owner: expected a panel owner/);
    const waiting = { type: 'waiting', generation: 3, text: 'Waiting for sample data: run Explore Sample Data.', action: 'Explore Sample Data' };
    assert.deepEqual(parseHostToWebview(waiting), waiting);
    assert.deepEqual(parseHostToWebview({ ...waiting, action: null }), { ...waiting, action: null });
    assert.throws(() => parseHostToWebview({ ...waiting, action: 1 }), /action/);
    // The button says only that it was pressed: what it does is the host's to decide.
    assert.deepEqual(parseWebviewToHost({ type: 'waitAction', command: 'workbench.action.terminal.new' }), { type: 'waitAction' });
  });

  it("the webview's saved state keeps whose data it is with the commit; state saved without one still reads", () => {
    const saved = { ...defaultState(7, 9), owner: 'sample' };
    assert.equal(readPersistedState(saved)?.owner, 'sample');
    const { owner: _, ...older } = saved;
    const read = readPersistedState(older);
    assert.ok(read, 'state of an older version');
    assert.equal('owner' in read, false);
    assert.equal(readPersistedState({ ...saved, owner: 5 }), undefined, 'a state that is not ours is not used');
  });

  it("the webview's saved state keeps the summary folded; state saved before the fold existed still reads, with the summary shown", () => {
    const folded = { ...defaultState(7, 9), summaryOpen: false };
    assert.equal(readPersistedState(folded)?.summaryOpen, false);
    const { summaryOpen: _, ...older } = folded;
    const read = readPersistedState(older);
    assert.ok(read, 'state of an older version');
    assert.equal(read.summaryOpen, undefined, 'read as shown');
    assert.equal(readPersistedState({ ...folded, summaryOpen: 'no' }), undefined, 'a state that is not ours is not used');
  });

  it('carries nothing for tests: asking for state, changing the view and pressing buttons are not messages of the product', () => {
    for (const type of ['applyView', 'queryState', 'press']) assert.throws(() => parseHostToWebview({ type, requestId: 1 }), /unknown message type/);
    assert.throws(() => parseWebviewToHost({ type: 'state', requestId: 1, snapshot: {} }), /unknown message type/);
  });
});

describe("the tests' webview probe: its own envelope, beside the protocol", () => {
  it('is recognised by its envelope, which has no type (the panel drops typeless messages unread)', () => {
    assert.deepEqual(probePart({ probe: { hello: true } }), { hello: true });
    assert.equal(probePart({ type: 'ready' }), undefined);
    assert.equal(probePart({ type: 'copy', probe: {} }), undefined, "a protocol message is never the probe's");
    assert.equal(probePart(null), undefined);
    assert.throws(() => parseWebviewToHost({ probe: { hello: true } }), /unknown message type/);
  });

  it('checks what it is asked to do: sort directions, pairs of column filters, whole pixels', () => {
    const ok = { id: 1, act: { sort: null, filter: 'x', columnFilters: [['Revenue', '>4']], press: 'Retry', extra: true } };
    assert.deepEqual(checkProbeRequest(ok, 'probe'), { id: 1, act: { sort: null, filter: 'x', columnFilters: [['Revenue', '>4']], press: 'Retry' } });
    assert.throws(() => checkProbeRequest({ id: 1, act: { sort: { column: 'Revenue', direction: 'up' } } }, 'probe'), /probe\.act\.sort\.direction/);
    assert.throws(() => checkProbeRequest({ id: 1, act: { columnFilters: [['Revenue']] } }, 'probe'), /pair of strings/);
    assert.throws(() => checkProbeRequest({ id: 1, act: { scrollTop: 1.5 } }, 'probe'), /scrollTop: expected an integer/);
    assert.throws(() => checkProbeRequest({ id: 1 }, 'probe'), /probe\.act: expected an object/);
  });
});
