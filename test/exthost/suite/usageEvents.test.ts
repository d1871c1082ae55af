// The usage-events panel in the real workbench against the local Campfire server: the panel's
// title, what its webview shows (rows loaded, rows drawn, the first row's text), sorting and
// filtering, markup in the data, an error mid-stream with Retry, and closing cancelling requests.
// And panels following the account: a panel closes when the window switches away from the account
// (or sample data) it showed, and one restored after a reload waits for its own before it loads.
// What the page shows is read, and what a user does there is done, by the tests' probe in the page
// (test/exthost/probe/webview/webviewProbe.ts, loaded only in test mode): headers, cells, the totals row and the
// status line as drawn; clicks on headers, typing in filter boxes, ticking boxes, scrolling.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { bulkPageSize } from '../../../src/api/pageSizes';
import { SampleDataset } from '../../../src/sampleServer/dataset';
import { decodeColumns } from '../../../src/usageEvents/protocol/columnsCodec';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
// Types only: the extension runs from its bundle.
import type { SeenInWebview, UserActions } from '../probe/probeProtocol';
import type { PanelReport } from '../probe/usageEventsProbe';
import { activate, screenshot, screenshotFile, waitFor } from '../helpers';
import { FaultPlan } from '../../unit/support/faults';

const TOKEN = 'usage-events-suite-key-7c1d';
const PAGE = 250;
/** The panel reads a commit whole, at the bulk page size (never less than the setting). */
const BULK = bulkPageSize(PAGE);

interface CommitInfo {
  contractId: number;
  commitId: number;
  name: string;
  events: number;
}

interface ServerEvent {
  id: number;
  external_id?: string | null;
  event_date?: string | null;
  total_revenue_dollars?: number;
  is_adjustment?: boolean;
  data?: Record<string, unknown>;
}

async function getJson<T>(server: SampleServer, p: string): Promise<T> {
  const res = await fetch(`${server.url}${p}`, { headers: { Authorization: `Token ${TOKEN}` } });
  if (!res.ok) throw new Error(`GET ${p}: ${res.status}`);
  return (await res.json()) as T;
}

/** Every prepaid commit of the sample data with its number of events. */
function commitsOf(server: SampleServer): CommitInfo[] {
  return commitsIn(server.dataset);
}

function commitsIn(d: SampleDataset): CommitInfo[] {
  return d.contracts().flatMap((c) =>
    d.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id, name: p.name, events: d.usageEventCount(c.id, p.id) })),
  );
}

async function allEvents(server: SampleServer, c: CommitInfo): Promise<ServerEvent[]> {
  const out: ServerEvent[] = [];
  for (let offset = 0; offset < c.events; offset += 1000) {
    const page = await getJson<{ results: ServerEvent[] }>(server, `/rr/api/v1/contracts/${c.contractId}/prepaid-commits/${c.commitId}/usage-events?limit=1000&offset=${offset}`);
    out.push(...page.results);
  }
  return out;
}

const ref = (c: CommitInfo) => ({ contractId: c.contractId, commitId: c.commitId });
const report = (c: CommitInfo) => vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', ref(c));
type Shown = PanelReport & { webview: SeenInWebview };

/** Does in the page what a user would, and returns what the webview shows afterwards. */
async function act(c: CommitInfo, actions: UserActions): Promise<Shown> {
  const r = await vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.act', ref(c), actions);
  if (!r?.webview) throw new Error('the webview did not answer');
  return r as Shown;
}
const press = (c: CommitInfo, button: string) => act(c, { press: button });

async function open(c: CommitInfo): Promise<void> {
  await vscode.commands.executeCommand('campfire.openUsageEvents', ref(c));
}

async function until(c: CommitInfo, what: string, predicate: (r: PanelReport) => boolean, ms = 30_000): Promise<PanelReport> {
  let last: PanelReport | undefined;
  await waitFor(
    async () => {
      last = await report(c);
      return last !== undefined && predicate(last);
    },
    ms,
    what,
  );
  return last as PanelReport;
}

const loadedAll = (r: PanelReport) => r.webview?.phase === 'done';
/** The text of the first row on screen under `column` (a header as shown). */
const first = (r: PanelReport | undefined, column: string) => r?.webview?.firstRow.find(([name]) => name === column)?.[1];
/** The figure the totals row shows under `column`. */
const total = (r: Shown, column: string) => r.webview.totals.find((t) => t.column === column)?.value;
/** The count the status line starts with ("4,321 rows loaded"), whatever the page's digit grouping. */
const statusCount = (w: SeenInWebview) => Number(/^([\d\s.,\u00a0\u202f']+) rows? loaded/.exec(w.status)?.[1]?.replace(/\D/g, '') ?? NaN);
const tabsTitled = (title: string) =>
  vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.label === title);

async function closeTab(title: string): Promise<void> {
  const tabs = tabsTitled(title);
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

const tabClosed = (title: string) => waitFor(() => tabsTitled(title).length === 0, 10_000, `the tab "${title}" to close`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A commit of "Explore Sample Data"'s data (src/sampleServer/sampleData.ts: seed 1, 240 contracts) with a few pages of events. */
function sampleDataCommit(): CommitInfo {
  const c = commitsIn(new SampleDataset({ seed: 1, contracts: 240, hostile: false }))
    .filter((x) => x.events > PAGE && x.events <= 5000)
    .sort((a, b) => a.events - b.events)[0];
  assert.ok(c, 'the sample data has a commit with a few pages of events');
  return c;
}

describe('Usage-events panel', function () {
  this.timeout(120_000);
  let server: SampleServer;
  const faults = new FaultPlan();
  let commits: CommitInfo[];
  let medium: CommitInfo;
  const config = () => vscode.workspace.getConfiguration('campfire');
  /** A commit other than `medium` with between `min` and `max` events: the smallest such, or the largest. */
  const otherCommit = (min: number, max: number, pick: 'smallest' | 'largest' = 'smallest'): CommitInfo | undefined => {
    const fit = commits.filter((x) => x.events >= min && x.events <= max && x.commitId !== medium.commitId).sort((a, b) => a.events - b.events);
    return pick === 'smallest' ? fit[0] : fit.at(-1);
  };

  before(async () => {
    server = await startSampleServer({ token: TOKEN, contracts: 6, seed: 5, hostile: true, faults });
    await activate();
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', PAGE, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
    commits = commitsOf(server);
    const candidates = commits.filter((c) => c.events >= 600 && c.events <= 20_000).sort((a, b) => a.events - b.events);
    assert.ok(commits.length > 0);
    assert.ok(candidates[0], 'the sample data has a commit with a few thousand events');
    medium = candidates[0];
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('campfire.leaveSampleData');
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it("opens a panel titled after the commit whose webview holds every event and draws only what fits", async () => {
    await open(medium);
    const r = await until(medium, 'every event to load', loadedAll);
    assert.equal(r.title, `Usage · ${medium.name}`);
    assert.equal(r.rowsHeld, medium.events);
    const w = r.webview;
    assert.ok(w);
    assert.equal(w.rowsLoaded, medium.events, 'the header counts every event');
    assert.equal(w.rowsShown, medium.events, 'the totals row counts every event');
    assert.equal(statusCount(w), medium.events, `the status line: ${w.status}`);
    assert.ok(!w.status.includes('shown'), 'no filter hides a row');
    assert.ok(w.domRows > 0 && w.domRows <= 150, `${w.domRows} row elements in the DOM`);
    assert.ok(w.domRows < medium.events);
    // The first row on screen is the server's first event, in load order.
    const events = await allEvents(server, medium);
    assert.equal(first(r, 'External ID'), events[0]?.external_id ?? '');
    assert.equal(first(r, 'Event date'), events[0]?.event_date ?? '');
    // One column per data key seen anywhere in the listing.
    const keys = new Set(events.flatMap((e) => Object.keys(e.data ?? {})));
    for (const k of keys) assert.ok(w.columns.includes(`data.${k}`), `a column for data.${k}`);
  });

  it('opening the same commit again reveals the one panel', async () => {
    await open(medium);
    await open(medium);
    assert.equal(tabsTitled(`Usage · ${medium.name}`).length, 1);
  });

  it('sorting and filtering change what the webview shows', async () => {
    await open(medium);
    await until(medium, 'every event to load', loadedAll);
    const events = await allEvents(server, medium);
    const revenues = events.map((e) => e.total_revenue_dollars ?? 0);

    // A click on a header sorts ascending, a second one descending.
    const byRevenueDesc = await act(medium, { sort: { column: 'Revenue', direction: 'desc' } });
    assert.deepEqual(byRevenueDesc.webview.sort, { column: 'Revenue', direction: 'desc' });
    const top = events.find((e) => e.total_revenue_dollars === Math.max(...revenues));
    assert.equal(first(byRevenueDesc, 'External ID'), top?.external_id ?? '');

    const byRevenueAsc = await act(medium, { sort: { column: 'Revenue', direction: 'asc' } });
    const bottom = events.find((e) => e.total_revenue_dollars === Math.min(...revenues));
    assert.equal(first(byRevenueAsc, 'External ID'), bottom?.external_id ?? '');

    const target = events.find((e, i) => i > 100 && typeof e.external_id === 'string' && /^evt_/.test(e.external_id));
    assert.ok(target?.external_id);
    const filtered = await act(medium, { sort: null, filter: target.external_id });
    assert.equal(filtered.webview.sort, null, 'back to load order');
    assert.equal(filtered.webview.rowsShown, 1);
    assert.equal(first(filtered, 'External ID'), target.external_id);
    assert.equal(filtered.webview.rowsLoaded, medium.events, 'filtering keeps every loaded row');
    assert.match(filtered.webview.status, / · 1 shown$/);

    const noAdjustments = await act(medium, { filter: '', showAdjustments: false });
    assert.equal(noAdjustments.webview.showAdjustments, false);
    assert.equal(noAdjustments.webview.rowsShown, events.filter((e) => e.is_adjustment !== true).length);
    const expectedRevenue = events.filter((e) => e.is_adjustment !== true).reduce((s, e) => s + (e.total_revenue_dollars ?? 0), 0);
    const shownRevenue = total(noAdjustments, 'Revenue');
    assert.ok(shownRevenue !== undefined && shownRevenue !== null && Math.abs(shownRevenue - expectedRevenue) < 0.01, `the totals are of what is shown: ${shownRevenue} for ${expectedRevenue}`);

    const perColumn = await act(medium, { showAdjustments: true, columnFilters: [['Revenue', '>400']] });
    assert.equal(perColumn.webview.rowsShown, revenues.filter((v) => v > 400).length);
    await act(medium, { columnFilters: [] });
  });

  it('keeps its sort, filters, hidden columns and scroll position when hidden and shown again', async () => {
    await open(medium);
    await until(medium, 'every event to load', loadedAll);
    const view: UserActions = {
      sort: { column: 'Revenue', direction: 'desc' },
      filter: 'evt_',
      columnFilters: [['Events', '>100']],
      hiddenColumns: ['ID', 'Consumption'],
      scrollTop: 1200,
    };
    const before = await act(medium, view);
    assert.equal(before.webview.scrollTop, 1200);
    assert.ok(!before.webview.columns.includes('Consumption'));
    assert.ok(before.webview.columns.includes('Events'));
    // Another editor in the same group hides the panel, and its webview is destroyed with it
    // (the panel does not keep hidden webviews alive): what comes back is what setState saved.
    const elsewhere = path.join(os.tmpdir(), 'campfire-elsewhere.txt');
    fs.writeFileSync(elsewhere, 'another editor\n');
    await vscode.window.showTextDocument(vscode.Uri.file(elsewhere), { preview: false });
    await until(medium, 'the panel to be hidden', (r) => !r.visible);
    try {
      await open(medium);
      const after = await until(medium, 'the panel to come back scrolled where it was', (r) => loadedAll(r) && r.webview?.scrollTop === 1200);
      const w = after.webview as SeenInWebview;
      assert.deepEqual(w.sort, view.sort);
      assert.equal(w.filter, view.filter);
      assert.equal(w.rowsShown, before.webview.rowsShown, 'the same rows match');
      assert.deepEqual(w.columns, before.webview.columns);
      assert.deepEqual(w.firstRow, before.webview.firstRow, 'the same row is at the top');
    } finally {
      const textTabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.fsPath === elsewhere);
      await vscode.window.tabGroups.close(textTabs);
      // Back to the defaults (the id column starts hidden).
      await act(medium, { sort: null, filter: '', columnFilters: [], hiddenColumns: ['ID'], scrollTop: 0 });
    }
  });

  it('comes back after a window reload: the serializer fetches the saved commit again', async () => {
    const api = await activate();
    const c = otherCommit(PAGE + 1, 20_000);
    assert.ok(c, 'a second commit');
    const account = api.services.connection.account;
    assert.ok(account, 'signed in');
    // What VS Code does after a reload: a panel of this type, handed over with the state its webview
    // saved, which names the account the commit belongs to (here the one the window uses).
    const panel = vscode.window.createWebviewPanel('campfire.usageEvents', 'Usage', vscode.ViewColumn.Active, {});
    const owner = `${account.origin}#${account.id}`;
    await api.usageEventsSerializer.deserializeWebviewPanel(panel, { contractId: c.contractId, commitId: c.commitId, owner, filter: '', sort: null });
    const r = await until(c, 'the restored panel to load every event', loadedAll);
    assert.equal(r.title, `Usage · ${c.name}`);
    assert.equal(r.webview?.rowsLoaded, c.events);
    await closeTab(r.title);

    // State saved before panels had owners: the account the window uses is taken to be its owner.
    const older = vscode.window.createWebviewPanel('campfire.usageEvents', 'Usage', vscode.ViewColumn.Active, {});
    await api.usageEventsSerializer.deserializeWebviewPanel(older, { contractId: c.contractId, commitId: c.commitId, filter: '', sort: null });
    const again = await until(c, 'the panel restored from older state to load', loadedAll);
    assert.equal(again.webview?.rowsLoaded, c.events);
    await closeTab(again.title);

    // State that names no commit (never saved, or from elsewhere) closes the panel instead of leaving it blank.
    const stale = vscode.window.createWebviewPanel('campfire.usageEvents', 'Usage', vscode.ViewColumn.Active, {});
    let closed = false;
    stale.onDidDispose(() => (closed = true));
    await api.usageEventsSerializer.deserializeWebviewPanel(stale, { sort: null });
    assert.equal(closed, true);
  });

  it('a rejected key shows in the panel, and updating the key loads the events without pressing Retry', async () => {
    const api = await activate();
    const c = otherCommit(1, 20_000, 'largest');
    assert.ok(c, 'a commit with events');
    const account = api.services.connection.account;
    assert.ok(account, 'signed in');
    // Stored directly, as another window would after the key was revoked.
    await api.services.context.secrets.store(`campfire.key.${account.id}`, 'revoked-key-0000');
    try {
      await open(c);
      const failed = await until(c, 'the 401 to show in the panel', (r) => r.webview?.phase === 'error');
      assert.match(failed.webview?.status ?? '', /API key|401/i);
      assert.equal(failed.webview?.status.includes('revoked-key-0000'), false, 'the key is not echoed');
    } finally {
      await api.services.context.secrets.store(`campfire.key.${account.id}`, TOKEN);
    }
    const done = await until(c, 'the panel to load with the updated key', loadedAll);
    assert.equal(done.webview?.rowsLoaded, c.events);
    await closeTab(done.title);
  });

  it('renders markup from the data as inert text: nothing runs, nothing is parsed', async () => {
    await open(medium);
    await until(medium, 'every event to load', loadedAll);
    const payload = '<img src=x onerror="acquireVsCodeApi().postMessage({type:\'pwned\'})">';
    const r = await act(medium, { filter: payload, sort: null });
    const w = r.webview;
    assert.ok((w.rowsShown ?? 0) > 0, 'the hostile rows are there');
    const texts = w.firstRow.map(([, text]) => text);
    assert.ok(texts.includes(payload), 'the payload is shown literally');
    assert.ok(w.columns.some((name) => name.startsWith('data.<img src=x')), 'a data key with markup is a column');
    const breakout = await act(medium, { filter: '</script><script>' });
    assert.ok((breakout.webview.rowsShown ?? 0) > 0);
    assert.ok(breakout.webview.firstRow.some(([, t]) => t.includes('</script><script>')));
    assert.equal(breakout.webview.foreignElements, 0, 'no element came from the data');
    assert.equal(breakout.webview.cspViolations, 0, 'nothing tried to load or run');
    assert.equal(breakout.webview.pageErrors, 0);
    assert.equal(breakout.rejectedMessages, 0, 'no message other than the protocol reached the extension');
    await act(medium, { filter: '' });
  });

  it('hands the webview the rows and never the API key', async () => {
    // A commit not opened before, so its page and every message of its load are seen here.
    const c = otherCommit(PAGE * 2 + 1, Infinity);
    assert.ok(c, 'a commit with a few pages');
    // Not from the cache either (rows from there cross as the column store's bytes, all at once).
    await vscode.commands.executeCommand('campfire.clearCache');
    const api = await activate();
    const sent: string[] = [];
    let columnsRows = 0;
    const tap = api.onDidSendToUsageEventsWebview((s) => {
      if ('html' in s) {
        sent.push(s.html);
        return;
      }
      // A whole listing replayed goes as the column store's bytes: counted, and searched for the key as text.
      const m = s.message as { type?: string; bytes?: Uint8Array };
      if (m.type === 'columns' && m.bytes) {
        columnsRows += decodeColumns(m.bytes).store.length;
        sent.push(JSON.stringify({ ...m, bytes: Buffer.from(m.bytes).toString('latin1') }));
        return;
      }
      sent.push(JSON.stringify(s.message));
    });
    try {
      await open(c);
      const done = await until(c, 'every event to load', loadedAll);
      await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
      await until(c, 'the webview to come back with its rows', (r) => r.webview?.rowsLoaded === c.events);
      await closeTab(done.title);
    } finally {
      tap.dispose();
    }
    assert.ok(sent.some((t) => t.startsWith('<!DOCTYPE html>')), 'the page was seen');
    const rowsSent = columnsRows + sent.map((t) => /"type":"rows".*"rows":\[/.test(t) ? (JSON.parse(t) as { rows: unknown[] }).rows.length : 0).reduce((a, b) => a + b, 0);
    assert.ok(rowsSent >= c.events * 2, 'every row was seen, on the first load and again on the replay after the reload');
    for (const t of sent) assert.ok(!t.includes(TOKEN), `the API key crossed into the webview: ${t.slice(0, 80)}`);
  });

  it('a page that fails mid-stream shows the error with Retry and keeps the rows; Retry finishes the load', async () => {
    const c = otherCommit(BULK * 4 + 1, 50_000);
    assert.ok(c, 'a second commit with several pages');
    // Loaded before in this window: the panel would show it from the cache, with nothing to fail.
    await vscode.commands.executeCommand('campfire.clearCache');
    // The third page answers with a body that breaks the schema for as long as `failing` holds.
    // Each page after the first starts on the last row of the one before (the continuity check),
    // so the third page starts at 2 × (PAGE − 1), after 2 × PAGE − 1 rows.
    const thirdPage = 2 * (BULK - 1);
    let failing = true;
    const eventsPath = `/rr/api/v1/contracts/${c.contractId}/prepaid-commits/${c.commitId}/usage-events`;
    const stop = server.onRequest((r) => {
      if (failing && r.path === eventsPath && r.query.offset === String(thirdPage)) faults.inject({ path: new RegExp(`^${eventsPath}$`), kind: 'schema' });
    });
    try {
      await open(c);
      const failed = await until(c, 'the error', (r) => r.webview?.phase === 'error');
      assert.ok(failed.webview);
      assert.match(failed.webview.status, /loaded so far are kept/, 'the error is shown');
      assert.ok(failed.webview.statusButtons.includes('Retry'), 'with Retry');
      assert.equal(failed.webview.rowsLoaded, thirdPage + 1, 'the pages before the failure are kept');
      assert.equal(failed.busy, false);
      failing = false;
      await press(c, 'Retry');
      const done = await until(c, 'the load to finish after Retry', loadedAll);
      assert.equal(done.webview?.rowsLoaded, c.events);
      assert.equal(done.rowsHeld, c.events, 'no duplicates after resuming');
      await closeTab(done.title);
    } finally {
      stop();
    }
  });

  it('closing the panel cancels its requests', async () => {
    const wk = server.dataset.wellKnown.commitWith100kEvents;
    const big = commits.find((c) => c.commitId === wk.commitId);
    assert.ok(big, 'the sample data has a commit with 100k events');
    await config().update('pageSize', 50, vscode.ConfigurationTarget.Global);
    try {
      await open(big);
      const loading = await until(big, 'the first pages', (r) => (r.webview?.rowsLoaded ?? 0) > 0 && r.busy);
      assert.ok(loading.webview && (loading.webview.rowsLoaded ?? 0) < big.events);
      assert.ok(loading.webview.statusButtons.includes('Cancel'), 'Cancel while loading');
      await closeTab(loading.title);
      assert.equal(await report(big), undefined, 'the panel is gone');
      await waitFor(() => server.inFlight() === 0, 10_000, 'no request in flight');
      const after = server.requests.length;
      await new Promise((r) => setTimeout(r, 1000));
      assert.equal(server.requests.length, after, 'no request after closing');
      assert.ok(after < big.events / 50, 'the listing stopped well before the end');
    } finally {
      await config().update('pageSize', PAGE, vscode.ConfigurationTarget.Global);
    }
  });

  it('follows the colour theme: the panel stays loaded when the theme changes (screenshots where the rig can take them)', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    const before = workbench.inspect<string>('colorTheme')?.globalValue;
    try {
      await open(medium);
      await until(medium, 'every event to load', loadedAll);
      // The README's pictures show ordinary rows: the suite's sample data also carries markup payloads.
      await act(medium, { filter: 'evt_', columnFilters: [], sort: { column: 'Event date', direction: 'desc' }, showAdjustments: true, groupByMonth: false });
      // The panel gets the window's width, as when a user focuses on the table.
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      const seen = new Map<string, SeenInWebview['theme']>();
      for (const [theme, kind, file] of [
        ['Default Dark Modern', 'vscode-dark', 'usage-events.png'],
        ['Default Light Modern', 'vscode-light', 'usage-events-light.png'],
        ['Default High Contrast', 'vscode-high-contrast', 'usage-events-high-contrast.png'],
        ['Default High Contrast Light', 'vscode-high-contrast-light', 'usage-events-high-contrast-light.png'],
      ] as const) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        const r = await until(medium, `the panel in ${theme}`, (x) => loadedAll(x) && x.webview?.theme.kind === kind);
        assert.equal(r.visible, true);
        assert.equal(r.webview?.rowsLoaded, medium.events, 'a theme change does not lose rows');
        assert.deepEqual(r.webview.sort, { column: 'Event date', direction: 'desc' }, 'nor the sort');
        const colours = r.webview.theme;
        assert.notEqual(colours.background, colours.foreground, `text is readable in ${theme}`);
        for (const [other, c] of seen) assert.notDeepEqual(c, colours, `${theme} draws in its own colours, not those of ${other}`);
        seen.set(theme, colours);
        await screenshot(screenshotFile(file), 1500);
      }
    } finally {
      await workbench.update('colorTheme', before, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.view.extension.campfire');
    }
  });

  // ---- panels follow the account ------------------------------------------------------------

  /** What the window's log says while `fn` runs (the message that tells of closed panels is logged too), once it said `awaited`. */
  async function logged(awaited: RegExp, fn: () => Promise<void>): Promise<string[]> {
    const log = (await activate()).services.log;
    const lines: string[] = [];
    const info = log.info.bind(log);
    log.info = (message: string) => {
      lines.push(message);
      info(message);
    };
    try {
      await fn();
      await waitFor(() => lines.some((l) => awaited.test(l)), 5000, `the log to say ${String(awaited)}`);
    } finally {
      log.info = info;
    }
    return lines;
  }

  const signInAgain = async () => {
    if (!(await activate()).services.connection.account) assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
  };

  it("a panel closes when its account signs out, and says whose panels closed and why; its webview was told whose data it shows", async () => {
    const api = await activate();
    const account = api.services.connection.account;
    assert.ok(account, 'signed in');
    const c = otherCommit(1, 5000);
    assert.ok(c, 'a commit with events');
    // This one panel, so the message counts it alone.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const resets: unknown[] = [];
    const tap = api.onDidSendToUsageEventsWebview((x) => {
      if ('message' in x && (x.message as { type?: unknown }).type === 'reset') resets.push(x.message);
    });
    try {
      await open(c);
      const r = await until(c, 'every event to load', loadedAll);
      // The webview saves it with the commit: after a reload the panel knows whose it was. No key.
      assert.ok(resets.length > 0);
      for (const m of resets) assert.deepEqual(m, { type: 'reset', generation: (m as { generation: number }).generation, ...ref(c), owner: `${account.origin}#${account.id}` });
      const lines = await logged(/^Closed /, async () => {
        await vscode.commands.executeCommand('campfire.signOut');
        await tabClosed(r.title);
      });
      assert.equal(await report(c), undefined, 'the panel is gone');
      assert.ok(lines.includes(`Closed 1 usage-events panel of ${account.label}: signed out.`), lines.join('\n'));
    } finally {
      tap.dispose();
      await signInAgain();
    }
  });

  it("a panel opened while signed out showed no one's data: signing in there loads it in the same panel", async () => {
    const c = otherCommit(1, 5000);
    assert.ok(c, 'a commit with events');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('campfire.signOut');
    try {
      await open(c);
      const failed = await until(c, 'the missing key to show', (r) => r.webview?.phase === 'error');
      assert.match(failed.webview?.status ?? '', /API key/i);
      await signInAgain();
      const done = await until(c, 'the events to load after signing in', loadedAll);
      assert.equal(done.webview?.rowsLoaded, c.events);
      assert.equal(tabsTitled(done.title).length, 1, 'the same panel');
      await closeTab(done.title);
    } finally {
      await signInAgain();
    }
  });

  it('entering sample data closes the panels of the account; leaving it closes the panels of sample data', async () => {
    const sample = sampleDataCommit();
    await open(medium);
    const mine = await until(medium, 'every event to load', loadedAll);
    try {
      await vscode.commands.executeCommand('campfire.exploreSampleData');
      await tabClosed(mine.title);
      await open(sample);
      const r = await until(sample, 'the sample events to load', loadedAll);
      assert.equal(r.webview?.rowsLoaded, sample.events, 'the commit of the sample data');
      const lines = await logged(/^Closed /, async () => {
        await vscode.commands.executeCommand('campfire.leaveSampleData');
        await tabClosed(r.title);
      });
      assert.ok(lines.includes('Closed 1 usage-events panel of sample data: left sample data.'), lines.join('\n'));
    } finally {
      await vscode.commands.executeCommand('campfire.leaveSampleData');
    }
  });

  it('a panel restored for sample data waits for it, requests nothing meanwhile, and loads once sample data is explored', async () => {
    const api = await activate();
    const sample = sampleDataCommit();
    const seen = { requests: 0 };
    // The window uses the account: any request for these ids would go to this server.
    const stop = server.onRequest((r) => {
      if (r.path.startsWith(`/rr/api/v1/contracts/${sample.contractId}`)) seen.requests++;
    });
    try {
      const panel = vscode.window.createWebviewPanel('campfire.usageEvents', 'Usage', vscode.ViewColumn.Active, {});
      await api.usageEventsSerializer.deserializeWebviewPanel(panel, { ...ref(sample), owner: 'sample', filter: '', sort: null });
      const waiting = await until(sample, 'the waiting message', (r) => r.webview?.phase === 'waiting');
      assert.equal(waiting.webview?.status, 'Waiting for sample data: run Explore Sample Data.');
      assert.deepEqual(waiting.webview.statusButtons, ['Explore Sample Data']);
      assert.equal(waiting.busy, false);
      await sleep(500);
      assert.equal(seen.requests, 0, 'nothing was requested from the account');
      // The account changing (here: its key saved again) is not the sample data: it still waits.
      await api.services.accounts.choose(api.services.connection.account?.id ?? '');
      assert.equal((await report(sample))?.webview?.phase, 'waiting');
      // The button is the way there.
      await press(sample, 'Explore Sample Data');
      const done = await until(sample, 'the sample events to load', loadedAll);
      assert.equal(done.webview?.rowsLoaded, sample.events);
      assert.equal(seen.requests, 0, 'the events came from the sample data, not the account');
      await vscode.commands.executeCommand('campfire.leaveSampleData');
      await tabClosed(done.title);
    } finally {
      stop();
      await vscode.commands.executeCommand('campfire.leaveSampleData');
    }
  });

  it('a panel restored for another account waits for it, requests nothing meanwhile, and loads once switched to it', async () => {
    const api = await activate();
    const accounts = api.services.accounts;
    const mine = api.services.connection.account;
    assert.ok(mine, 'signed in');
    const c = otherCommit(1, 5000, 'largest');
    assert.ok(c, 'a commit with events');
    // A second account of the same origin, chosen: the window uses it now.
    const other = await accounts.save(mine.origin, 'Sandbox', TOKEN);
    const seen = { requests: 0 };
    const stop = server.onRequest((r) => {
      if (r.path.startsWith(`/rr/api/v1/contracts/${c.contractId}`)) seen.requests++;
    });
    try {
      const using = () => api.services.connection.account?.id;
      assert.equal(using(), other.id);
      const panel = vscode.window.createWebviewPanel('campfire.usageEvents', 'Usage', vscode.ViewColumn.Active, {});
      await api.usageEventsSerializer.deserializeWebviewPanel(panel, { ...ref(c), owner: `${mine.origin}#${mine.id}` });
      const waiting = await until(c, 'the waiting message', (r) => r.webview?.phase === 'waiting');
      assert.equal(waiting.webview?.status, `Waiting for ${mine.label}: switch to it or sign in.`);
      assert.deepEqual(waiting.webview.statusButtons, [`Switch to ${mine.label}`]);
      await sleep(500);
      assert.equal(seen.requests, 0, "nothing was requested with the other account's key");
      await press(c, `Switch to ${mine.label}`);
      const done = await until(c, 'the events to load once switched', loadedAll);
      assert.equal(using(), mine.id);
      assert.equal(done.webview?.rowsLoaded, c.events);
      assert.notEqual(seen.requests, 0, 'the events came from the account once the window used it');
      await closeTab(done.title);

      // Its account signed out meanwhile: nothing will ever load there, so the restored panel closes.
      const orphan = vscode.window.createWebviewPanel('campfire.usageEvents', 'Usage', vscode.ViewColumn.Active, {});
      let closed = false;
      orphan.onDidDispose(() => (closed = true));
      await api.usageEventsSerializer.deserializeWebviewPanel(orphan, { ...ref(c), owner: `${mine.origin}#no-such-account` });
      await waitFor(() => closed, 5000, 'the panel of an account that is gone to close');
    } finally {
      stop();
      await accounts.remove(other.id);
      await accounts.choose(mine.id);
      await signInAgain();
    }
  });
});
