// The usage-events panel's finding and layout, driven as a user drives it in the real workbench
// against the local Campfire server: Ctrl+F opens the grid's own find over every loaded row (not
// VS Code's, which sees only the rows drawn), with its count and next/previous moving to matches
// far below the rows drawn; a column filter with a mistake says so on the field and keeps the
// rows; sorting starts at the top; the empty table's messages sit inside the table; totals are
// never cut and a double-click on a column's edge fits the column; a panel of sample data says so.
// Keys are real key presses through the harness's browser where there is one (typeKeys), else the
// page's probe presses them; what is shown is read by the probe (test/exthost/probe/webview/webviewProbe.ts).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { SampleDataset } from '../../../src/sampleServer/dataset';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
// Types only: the extension runs from its bundle.
import type { SeenInWebview, UserActions } from '../probe/probeProtocol';
import type { PanelReport } from '../probe/usageEventsProbe';
import { activate, readScreen, screenshot, screenshotFile, typeKeys, waitFor } from '../helpers';

const TOKEN = 'usage-events-find-suite-key-5e2a';

interface CommitInfo {
  contractId: number;
  commitId: number;
  name: string;
  events: number;
}

const ref = (c: CommitInfo) => ({ contractId: c.contractId, commitId: c.commitId });
const report = (c: CommitInfo) => vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', ref(c));
type Shown = PanelReport & { webview: SeenInWebview };

async function act(c: CommitInfo, actions: UserActions): Promise<Shown> {
  const r = await vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.act', ref(c), actions);
  if (!r?.webview) throw new Error('the webview did not answer');
  return r as Shown;
}

async function until(c: CommitInfo, what: string, predicate: (w: SeenInWebview) => boolean, ms = 60_000): Promise<Shown> {
  let last: PanelReport | undefined;
  await waitFor(
    async () => {
      last = await report(c);
      return last?.webview !== undefined && predicate(last.webview);
    },
    ms,
    what,
  );
  return last as Shown;
}

const loadedAll = (w: SeenInWebview) => w.phase === 'done';
const cell = (row: [string, string][] | null | undefined, column: string) => row?.find(([name]) => name === column)?.[1];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Presses keys as a user does: through the harness's browser into the focused webview when there
 * is a harness, else dispatched in the page by its probe. Returns what the page shows afterwards.
 */
async function keys(c: CommitInfo, press: string[], text?: string): Promise<Shown> {
  if (await typeKeys({ ...(text === undefined ? {} : { text }), press })) {
    // The page applies typing once it pauses.
    await sleep(text === undefined ? 150 : 400);
    return act(c, {});
  }
  if (text !== undefined) await act(c, { typeText: text });
  return act(c, { keys: press });
}

/** Types `text` into what has the focus (real typing with a harness), replacing what is selected. */
async function type(c: CommitInfo, text: string): Promise<Shown> {
  if (await typeKeys({ text })) {
    await sleep(400);
    return act(c, {});
  }
  return act(c, { typeText: text });
}

function commitsIn(d: SampleDataset): CommitInfo[] {
  return d.contracts().flatMap((c) => d.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id, name: p.name, events: d.usageEventCount(c.id, p.id) })));
}

describe('Usage-events panel: find over all rows, filter errors and layout', function () {
  this.timeout(240_000);
  let server: SampleServer;
  let commits: CommitInfo[];
  let big: CommitInfo;
  let medium: CommitInfo;
  const config = () => vscode.workspace.getConfiguration('campfire');

  before(async () => {
    server = await startSampleServer({ token: TOKEN, contracts: 6, seed: 5, hostile: false });
    await activate();
    // The grid gets the window's width, whatever the suites before left the side bar at.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', 1000, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
    commits = commitsIn(server.dataset);
    // Ten thousand rows or so, of which a few dozen are drawn. (The 100k commit would do as well,
    // only slower to stream on a busy test machine.)
    const found = commits.filter((c) => c.events >= 8000 && c.events <= 15_000).sort((a, b) => b.events - a.events)[0];
    assert.ok(found, 'the sample data has a commit with about ten thousand events');
    big = found;
    const candidates = commits.filter((c) => c.events >= 2000 && c.events <= 20_000).sort((a, b) => a.events - b.events);
    assert.ok(candidates[0], 'a commit with a few thousand events');
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

  async function openLoaded(c: CommitInfo): Promise<Shown> {
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref(c));
    return until(c, `the ${c.events} events of ${c.name} to load`, loadedAll, 180_000);
  }

  it('Ctrl+F finds in every loaded row, drawn or not: the count, Enter/F3 and Shift+Enter move to the match and scroll to it, Escape returns to the table', async () => {
    const loaded = await openLoaded(big);
    assert.equal(loaded.webview.rowsLoaded, big.events);
    assert.ok(loaded.webview.domRows < 200, 'only the rows in view are drawn');
    // External ids are evt_<commit>_<index in base 36, 6 digits>: leaving out the last digit names
    // 36 rows in a row, here the last such 36 rows of the commit, far below the rows drawn.
    const first = Math.floor((big.events - 36) / 36) * 36;
    const id = (i: number) => `evt_${big.commitId}_${i.toString(36).padStart(6, '0')}`;
    const needle = id(first).slice(0, -1);
    assert.equal(id(first + 35).slice(0, -1), needle);
    assert.notEqual(id(first + 36).slice(0, -1), needle);

    // The table has the keyboard, as after a click in it (and the window's width, for the picture).
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await act(big, { focus: '.grid' });
    const opened = await keys(big, ['Control+f']);
    assert.equal(opened.webview.find.open, true, 'Ctrl+F opens the grid’s find');
    assert.equal(opened.webview.find.focused, true, 'with the keyboard in its box');
    const vsCodeFind = await readScreen('.simple-find-part-wrapper.visible, .simple-find-part.visible');
    if (vsCodeFind) assert.deepEqual(vsCodeFind, [], 'VS Code’s own webview find stays closed');

    const found = await type(big, needle);
    assert.equal(found.webview.find.count, '1 of 36', 'every loaded row is searched, not only those drawn');
    assert.equal(found.webview.find.announced, true, 'the count is announced');
    assert.equal(cell(found.webview.find.current, 'External ID'), id(first), 'the first match is shown');
    assert.equal(found.webview.find.currentInView, true, 'scrolled into view');
    assert.ok(found.webview.scrollTop > (first - 100) * 22, `the table scrolled far down (${found.webview.scrollTop} px)`);
    await screenshot(screenshotFile('usage-events-find.png'), 800);

    const next = await keys(big, ['Enter']);
    assert.equal(next.webview.find.count, '2 of 36');
    assert.equal(cell(next.webview.find.current, 'External ID'), id(first + 1));
    const back = await keys(big, ['Shift+Enter']);
    assert.equal(back.webview.find.count, '1 of 36');
    const wrapped = await keys(big, ['Shift+Enter']);
    assert.equal(wrapped.webview.find.count, '36 of 36', 'previous from the first goes to the last');
    assert.equal(cell(wrapped.webview.find.current, 'External ID'), id(first + 35));
    assert.equal(wrapped.webview.find.currentInView, true);
    const f3 = await keys(big, ['F3']);
    assert.equal(f3.webview.find.count, '1 of 36', 'F3 goes on to the next, past the last to the first');
    const shiftF3 = await keys(big, ['Shift+F3']);
    assert.equal(shiftF3.webview.find.count, '36 of 36');

    // The very last row, and something no row has.
    await keys(big, ['Control+f']);
    const last = await type(big, id(big.events - 1));
    assert.equal(last.webview.find.count, '1 of 1');
    assert.equal(cell(last.webview.find.current, 'External ID'), id(big.events - 1));
    assert.equal(last.webview.find.currentInView, true);
    await keys(big, ['Control+f']);
    const none = await type(big, 'no-such-event-anywhere');
    assert.equal(none.webview.find.count, 'No matches');

    const closed = await keys(big, ['Escape']);
    assert.equal(closed.webview.find.open, false, 'Escape closes the find');
    assert.equal(closed.webview.focused.role, 'grid', 'and the table has the keyboard again');
    assert.equal(closed.webview.find.matchesDrawn, 0, 'no highlight is left');
    await vscode.commands.executeCommand('workbench.view.extension.campfire');
  });

  it('sorting shows the top of the new order, not the row the table was scrolled to', async () => {
    await openLoaded(medium);
    const scrolled = await act(medium, { sort: null, scrollTop: 40_000 });
    assert.ok(scrolled.webview.scrollTop > 30_000, 'scrolled down first');
    const sorted = await act(medium, { sort: { column: 'Revenue', direction: 'desc' } });
    assert.equal(sorted.webview.scrollTop, 0, 'the view is back at the top');
    const events = await allRevenue(medium);
    const top = Math.max(...events);
    const shownTop = Number((cell(sorted.webview.firstRow, 'Revenue') ?? '').replace(/[^\d.-]/g, ''));
    assert.ok(Math.abs(shownTop - top) < 0.01, `the first row is the largest revenue: ${shownTop} for ${top}`);
    await act(medium, { sort: null });
  });

  it('a filter with a mistake says so on the field, with the syntax in its tooltip, and keeps the rows', async () => {
    await openLoaded(medium);
    const before = await act(medium, { columnFilters: [] });
    const revenueField = before.webview.filterFields.find((f) => f.column === 'Revenue');
    assert.ok(revenueField);
    assert.equal(revenueField.placeholder, 'e.g. > 100', 'the placeholder is an example');
    for (const example of ['> 5', '<=', '10..20', '= 5']) assert.ok(revenueField.tooltip.includes(example), `the tooltip explains ${example}: ${revenueField.tooltip}`);
    assert.equal(before.webview.filterFields.find((f) => f.column === 'Event date')?.placeholder, 'e.g. 2025-03');

    const columnIndex = before.webview.columns.indexOf('Revenue');
    // The panel gets the window's width, for the picture.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const bad = await act(medium, { columnFilters: [['Revenue', '>> abc']], focus: `.filter-row .filter-cell:nth-child(${columnIndex + 1}) input` });
    const field = bad.webview.filterFields.find((f) => f.column === 'Revenue');
    assert.ok(field);
    assert.equal(field.invalid, true, 'the field is marked invalid (aria-invalid)');
    assert.match(field.message, /"> abc" is not a number/);
    assert.equal(field.messageVisible, true, 'the reason shows under the field while it has the focus');
    assert.equal(field.errorBorder, true, 'the field has the theme’s validation border');
    assert.ok(field.tooltip.startsWith(field.message), 'the tooltip says it too');
    assert.equal(bad.webview.rowsShown, medium.events, 'the rows stay, instead of silently none');
    await screenshot(screenshotFile('usage-events-filter-error.png'), 800);
    await vscode.commands.executeCommand('workbench.view.extension.campfire');

    const range = await act(medium, { columnFilters: [['Revenue', '10..']] });
    assert.match(range.webview.filterFields.find((f) => f.column === 'Revenue')?.message ?? '', /needs a number on both sides/);
    const date = await act(medium, { columnFilters: [['Event date', '> yesterday']] });
    assert.match(date.webview.filterFields.find((f) => f.column === 'Event date')?.message ?? '', /"yesterday" is not a date/);
    assert.equal(date.webview.filterFields.find((f) => f.column === 'Revenue')?.invalid, false, 'an emptied field is fine again');

    const fixed = await act(medium, { columnFilters: [['Revenue', '> 400']] });
    const ok = fixed.webview.filterFields.find((f) => f.column === 'Revenue');
    assert.ok(ok);
    assert.equal(ok.invalid, false);
    assert.equal(ok.messageVisible, false);
    const revenues = await allRevenue(medium);
    assert.equal(fixed.webview.rowsShown, revenues.filter((v) => v > 400).length, 'a valid filter filters');
    await act(medium, { columnFilters: [], focus: '.grid' });
  });

  it('the empty table says why inside the table, above the Total row and whole', async () => {
    await openLoaded(medium);
    const filtered = await act(medium, { columnFilters: [['External ID', '= no-such-event']] });
    assert.equal(filtered.webview.rowsShown, 0);
    assert.deepEqual(filtered.webview.emptyMessage, { text: 'No rows match the filters.', inside: true });
    await act(medium, { columnFilters: [] });

    const wk = server.dataset.wellKnown.commitWithNoEvents;
    const empty = commits.find((c) => c.commitId === wk.commitId);
    assert.ok(empty, 'the sample data has a commit without events');
    await openLoaded(empty);
    // The message is drawn with the grid's next frame after the load ends.
    const shown = await until(empty, 'the empty table to say why', (w) => w.phase === 'done' && w.emptyMessage !== null, 10_000);
    assert.deepEqual(shown.webview.emptyMessage, { text: 'This commit has no usage events.', inside: true });
  });

  it('totals are never cut, and a double-click on a column’s edge fits the column to its content', async () => {
    const r = await openLoaded(big);
    assert.deepEqual(r.webview.totalsCut, [], 'every total shows whole');
    // Tens of millions of events: the longest figure of the Total row.
    const eventsTotal = r.webview.totals.find((t) => t.column === 'Events');
    assert.ok(eventsTotal && eventsTotal.text.length >= 9, `a long total: ${eventsTotal?.text}`);

    // data.labels holds JSON objects wider than the column is made for (every 50th row has one).
    const before = await act(big, { sort: null, scrollTop: 0 });
    const narrow = before.webview.columnWidths['data.labels'] ?? 0;
    assert.ok((before.webview.cutCells['data.labels'] ?? 0) > 0, `some data.labels cells are cut at ${narrow} px`);
    const fitted = await act(big, { fitColumn: 'data.labels' });
    const wide = fitted.webview.columnWidths['data.labels'] ?? 0;
    assert.ok(wide > narrow + 50, `the double-click widened data.labels from ${narrow} to ${wide} px`);
    assert.equal(fitted.webview.cutCells['data.labels'], 0, 'no cell of it drawn is cut now');
    // A column fitted stays fitted in the saved arrangement: the width is the user's now.
    const again = await act(big, { fitColumn: 'data.labels' });
    assert.equal(again.webview.columnWidths['data.labels'], wide, 'fitting again changes nothing');
    assert.deepEqual(again.webview.totalsCut, []);
  });

  it('a panel of sample data says so in its header; one of an account does not', async () => {
    const mine = await openLoaded(medium);
    assert.ok(!mine.webview.headerBadges.includes('Sample data'));
    const sample = commitsIn(new SampleDataset({ seed: 1, contracts: 240, hostile: false }))
      .filter((x) => x.events > 0 && x.events <= 5000)
      .sort((a, b) => a.events - b.events)[0];
    assert.ok(sample);
    try {
      await vscode.commands.executeCommand('campfire.exploreSampleData');
      const r = await openLoaded(sample);
      assert.ok(r.webview.headerBadges.includes('Sample data'), `the header's badges: ${r.webview.headerBadges.join(', ')}`);
    } finally {
      await vscode.commands.executeCommand('campfire.leaveSampleData');
      if (!(await activate()).services.connection.account) await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN });
    }
  });

  it('a failed load is told once, in the status line with its button; the header and the ledger chart do not repeat it', async () => {
    const api = await activate();
    const account = api.services.connection.account;
    assert.ok(account, 'signed in');
    const c = commits.filter((x) => x.events > 0 && x.events <= 5000 && x.commitId !== medium.commitId)[0];
    assert.ok(c);
    await api.services.context.secrets.store(`campfire.key.${account.id}`, 'revoked-key-0000');
    try {
      await vscode.commands.executeCommand('campfire.openUsageEvents', ref(c));
      const failed = await until(c, 'the failure to show', (w) => w.phase === 'error');
      const w = failed.webview;
      assert.ok(w.status !== '', 'the status line tells of it');
      assert.equal(w.headerError, '', `the header does not repeat it (status: ${w.status})`);
      if (w.chartMessage !== '') assert.ok(!w.chartMessage.includes(w.status.slice(0, 20)), `the ledger chart does not repeat it: ${w.chartMessage}`);
    } finally {
      await api.services.context.secrets.store(`campfire.key.${account.id}`, TOKEN);
    }
    await until(c, 'the panel to load with the key back', loadedAll);
  });

  async function allRevenue(c: CommitInfo): Promise<number[]> {
    const out: number[] = [];
    for (let offset = 0; offset < c.events; offset += 1000) {
      const res = await fetch(`${server.url}/rr/api/v1/contracts/${c.contractId}/prepaid-commits/${c.commitId}/usage-events?limit=1000&offset=${offset}`, {
        headers: { Authorization: `Token ${TOKEN}` },
      });
      const page = (await res.json()) as { results: { total_revenue_dollars?: number }[] };
      out.push(...page.results.map((e) => e.total_revenue_dollars ?? 0));
    }
    return out;
  }
});
