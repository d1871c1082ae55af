// A commit of a million usage events in the real workbench: the panel streams every row into its
// webview (the status line says 1,000,000), then a user sorts by revenue and filters, and the page
// shows the right rows and counts. The rows are kept column by column on both sides
// (src/usageEvents/protocol/cellColumns.ts); the memory and time figures are the benchmark's (bench/), not this
// test's: here only what a user sees is checked.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
// Types only: the extension runs from its bundle.
import type { SeenInWebview, UserActions } from '../probe/probeProtocol';
import type { PanelReport } from '../probe/usageEventsProbe';
import { activate, screenshot, screenshotFile, waitFor } from '../helpers';

const TOKEN = 'usage-events-scale-key-41b9';
const MILLION = 1_000_000;

type Shown = PanelReport & { webview: SeenInWebview };

/** The count the status line starts with ("1,000,000 rows loaded"), whatever the page's digit grouping. */
const statusCount = (w: SeenInWebview) => Number(/^([\d\s.,\u00a0\u202f']+) rows? loaded/.exec(w.status)?.[1]?.replace(/\D/g, '') ?? NaN);
const first = (r: PanelReport, column: string) => r.webview?.firstRow.find(([name]) => name === column)?.[1];

describe('Usage-events panel: a commit of a million events', function () {
  // Listing, validating and posting a million rows takes a while on a loaded two-core machine.
  this.timeout(600_000);
  let server: SampleServer;
  let ref: { contractId: number; commitId: number };
  const config = () => vscode.workspace.getConfiguration('campfire');
  const report = () => vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', ref);
  const act = async (actions: UserActions): Promise<Shown> => {
    const r = await vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.act', ref, actions);
    if (!r?.webview) throw new Error('the webview did not answer');
    return r as Shown;
  };

  before(async () => {
    server = await startSampleServer({ token: TOKEN, contracts: 4, seed: 11, hostile: false });
    const big = server.dataset.wellKnown.commitWith1MEvents;
    ref = { contractId: big.contractId, commitId: big.commitId };
    assert.equal(server.dataset.usageEventCount(ref.contractId, ref.commitId), MILLION);
    await activate();
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', 1000, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('streams all 1,000,000 rows, then sorts and filters them as a user does', async () => {
    // What the server holds, one event at a time (a million at once would be a lot of memory).
    let top = { index: -1, revenue: -Infinity, externalId: '' };
    let bottom = { index: -1, revenue: Infinity, externalId: '' };
    const revenues = new Float64Array(MILLION);
    for (let i = 0; i < MILLION; i++) {
      const e = server.dataset.usageEvent(ref.contractId, ref.commitId, i);
      const rev = e.total_revenue_dollars ?? 0;
      // Ties keep load order in both directions: the first one found wins.
      if (rev > top.revenue) top = { index: i, revenue: rev, externalId: e.external_id ?? '' };
      if (rev < bottom.revenue) bottom = { index: i, revenue: rev, externalId: e.external_id ?? '' };
      revenues[i] = rev;
    }
    const target = server.dataset.usageEvent(ref.contractId, ref.commitId, 765_432);

    await vscode.commands.executeCommand('campfire.openUsageEvents', ref);
    let last: PanelReport | undefined;
    const started = Date.now();
    try {
      await waitFor(
        async () => {
          last = await report();
          return last?.webview?.phase === 'done';
        },
        600_000,
        'every one of the million events to arrive in the page',
      );
    } catch (e) {
      // Say how far it got: the host's rows and the page's status line.
      throw new Error(`${(e as Error).message}; after ${Math.round((Date.now() - started) / 1000)} s the host held ${last?.rowsHeld ?? '?'} rows and the page said "${last?.webview?.status ?? '?'}"`, { cause: e });
    }
    const loaded = last as Shown;
    console.log(`      (a million events loaded from the server in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    assert.equal(loaded.rowsHeld, MILLION, 'the panel holds every event');
    assert.equal(loaded.webview.rowsLoaded, MILLION, 'the header counts every event');
    assert.equal(loaded.webview.rowsShown, MILLION, 'the totals row counts every event');
    assert.equal(statusCount(loaded.webview), MILLION, `the status line: ${loaded.webview.status}`);
    assert.ok(loaded.webview.domRows > 0 && loaded.webview.domRows <= 150, `${loaded.webview.domRows} row elements in the DOM`);
    assert.equal(first(loaded, 'External ID'), server.dataset.usageEvent(ref.contractId, ref.commitId, 0).external_id);

    // A click on the Revenue header sorts ascending, a second one descending.
    const asc = await act({ sort: { column: 'Revenue', direction: 'asc' } });
    assert.equal(first(asc, 'External ID'), bottom.externalId, 'the smallest revenue comes first');
    const desc = await act({ sort: { column: 'Revenue', direction: 'desc' } });
    assert.deepEqual(desc.webview.sort, { column: 'Revenue', direction: 'desc' });
    assert.equal(first(desc, 'External ID'), top.externalId, 'the largest revenue comes first');
    assert.equal(desc.webview.rowsShown, MILLION);

    // Filtering all columns for one external id finds the one row among the million.
    const one = await act({ filter: target.external_id ?? '' });
    assert.equal(one.webview.rowsShown, 1);
    assert.equal(first(one, 'External ID'), target.external_id);
    assert.match(one.webview.status, / · 1 shown$/);

    // A column's filter: the events above half the largest revenue, counted from the server's data.
    const threshold = Math.round(top.revenue / 2);
    const above = revenues.filter((v) => v > threshold).length;
    assert.ok(above > 0 && above < MILLION);
    const big = await act({ filter: '', columnFilters: [['Revenue', `>${threshold}`]] });
    assert.equal(big.webview.rowsShown, above, `the events above ${threshold}`);
    assert.equal(big.webview.rowsLoaded, MILLION, 'filtering keeps every loaded row');

    // Grouped by month: the page still shows the sorted rows under month headers.
    const grouped = await act({ columnFilters: [], groupByMonth: true });
    assert.equal(grouped.webview.rowsShown, MILLION);
    await act({ groupByMonth: false, sort: { column: 'Revenue', direction: 'desc' }, scrollTop: 0 });
    await screenshot(screenshotFile('usage-events-1m.png'), 1500);
    await act({ sort: null });
  });

  it('reopens the million from the local cache: every row, with "as of", without listing them again', async () => {
    // The complete listing above was saved just after it ended; wait until the cache holds it.
    const api = await activate();
    const account = api.services.connection.account;
    assert.ok(account, 'signed in');
    const scope = api.services.cache.scope({ origin: account.origin, accountId: account.id });
    await waitFor(async () => (await scope.read(`usageEvents/${ref.contractId}-${ref.commitId}`)) !== undefined, 120_000, 'the million events in the cache');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    server.resetRecording();
    const started = Date.now();
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref);
    let last: PanelReport | undefined;
    await waitFor(
      async () => {
        last = await report();
        return last?.webview?.phase === 'done' && last.webview.rowsLoaded === MILLION;
      },
      120_000,
      'the million cached events in the page',
    );
    console.log(`      (a million cached events shown in ${((Date.now() - started) / 1000).toFixed(1)} s; "${last?.webview?.status ?? ''}")`);
    const shown = last as Shown;
    assert.equal(statusCount(shown.webview), MILLION);
    const eventPages = server.requests.filter((r) => r.path.endsWith('/usage-events')).length;
    assert.ok(eventPages <= 2, `${eventPages} usage-event requests: the check's two pages, not a listing`);
  });
});
