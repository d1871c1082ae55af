// The usage-events grid without a mouse, in the real workbench against the local Campfire server:
// real key presses (the harness's browser) move the active cell, which a screen reader is told of
// through aria-activedescendant; Enter and Space on a header sort; Shift+arrows select a block that
// Ctrl+C copies; Enter and double-click open an event as JSON; the context menu's commands copy,
// filter, hide and open; the Columns menu is worked by keys; and axe-core finds nothing wrong with
// the page. What the page shows is read by the tests' probe (test/exthost/probe/webview/webviewProbe.ts), what the
// user gets from the clipboard and the editors by VS Code's API.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
// Types only: the extension runs from its bundle.
import type { SeenInWebview, UserActions } from '../probe/probeProtocol';
import type { PanelReport } from '../probe/usageEventsProbe';
import { activate, canScreenshot, clickOnScreen, contextMenuWith, screenshot, screenshotFile, pressKeys, waitFor } from '../helpers';

const TOKEN = 'usage-events-keyboard-key-3e9a';
const PAGE = 250;

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
  data?: Record<string, unknown>;
}

type Shown = PanelReport & { webview: SeenInWebview };

const ref = (c: CommitInfo) => ({ contractId: c.contractId, commitId: c.commitId });

describe('Usage-events grid by keyboard and screen reader', function () {
  this.timeout(180_000);
  let server: SampleServer | undefined;
  let commit: CommitInfo;
  let events: ServerEvent[];
  const config = () => vscode.workspace.getConfiguration('campfire');

  const report = () => vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', ref(commit));
  async function act(actions: UserActions = {}): Promise<Shown> {
    const r = await vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.act', ref(commit), actions);
    if (!r?.webview) throw new Error('the webview did not answer');
    return r as Shown;
  }
  const look = () => act();
  /** The context object VS Code's webview context menu hands a command for a right-click on this cell. */
  const menuContext = (row: number, col: number) => ({ webview: 'campfire.usageEvents', webviewSection: 'usageEventCell', preventDefaultContextMenuItems: true, ...ref(commit), row, col });
  const column = (w: SeenInWebview, name: string) => {
    const i = w.columns.indexOf(name);
    assert.ok(i >= 0, `a column headed ${name} (${w.columns.join(', ')})`);
    return i;
  };
  /** Clicks the cell at this row and column of the rows on screen (a real click, which also focuses the grid). */
  const clickCell = (row: number, col: number, options: { button?: 'left' | 'right'; clickCount?: number } = {}) =>
    clickOnScreen(`.grid-body .row[data-position="${row}"] > .grid-cell:nth-child(${col + 1})`, options);
  const clipboardBecomes = async (what: string, predicate: (text: string) => boolean) => {
    let text = '';
    await waitFor(
      async () => {
        text = await vscode.env.clipboard.readText();
        return predicate(text);
      },
      10_000,
      `the clipboard to hold ${what}`,
    );
    return text;
  };
  const jsonEditor = async (eventId: number) => {
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith(`Usage event ${eventId}.json`) === true, 15_000, `the JSON of event ${eventId} in an editor`);
    const editor = vscode.window.activeTextEditor as vscode.TextEditor;
    return { editor, event: JSON.parse(editor.document.getText()) as ServerEvent & Record<string, unknown> };
  };
  /** Back to the panel, with the grid focused on a cell (a click on it). */
  async function backToGrid(row = 0, col = 0): Promise<void> {
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref(commit));
    await waitFor(async () => (await report())?.webview?.phase === 'done', 30_000, 'the panel to show its rows again');
    await clickCell(row, col);
    await waitFor(async () => (await look()).webview.focused.role === 'grid', 10_000, 'the grid to have the focus');
  }

  before(async function () {
    if (!canScreenshot) this.skip(); // real key presses and clicks need the harness's browser
    const started = await startSampleServer({ token: TOKEN, contracts: 4, seed: 11, hostile: false });
    server = started;
    await activate();
    // The grid gets the window's width, whatever the suites before left the side bar at.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await config().update('baseUrl', started.url, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', PAGE, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
    const d = started.dataset;
    const commits = d
      .contracts()
      .flatMap((c) => d.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id, name: p.name, events: d.usageEventCount(c.id, p.id) })))
      .filter((c) => c.events >= 300 && c.events <= 3000)
      .sort((a, b) => a.events - b.events);
    assert.ok(commits[0], 'the sample data has a commit with a few pages of events');
    commit = commits[0];
    events = [];
    for (let offset = 0; offset < commit.events; offset += 1000) {
      const res = await fetch(`${started.url}/rr/api/v1/contracts/${commit.contractId}/prepaid-commits/${commit.commitId}/usage-events?limit=1000&offset=${offset}`, {
        headers: { Authorization: `Token ${TOKEN}` },
      });
      events.push(...((await res.json()) as { results: ServerEvent[] }).results);
    }
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref(commit));
    await waitFor(async () => (await report())?.webview?.phase === 'done', 60_000, 'every event to load');
  });

  after(async () => {
    if (!server) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('arrows, Home/End, Ctrl+Home/End and PageUp/PageDown move the active cell, which aria-activedescendant names', async () => {
    await backToGrid(0, 0);
    let w = (await look()).webview;
    assert.equal(w.focused.role, 'grid');
    assert.deepEqual(w.activeCell && { row: w.activeCell.rowIndex, col: w.activeCell.colIndex }, { row: 3, col: 1 }, 'the first row is row 3 (after the header and filter rows)');
    assert.equal(w.activeCell?.column, 'Event date');
    assert.equal(w.activeCell.text, events[0]?.event_date);

    await pressKeys('ArrowDown', 'ArrowRight');
    w = (await look()).webview;
    assert.equal(w.activeCell?.rowIndex, 4);
    assert.equal(w.activeCell.colIndex, 2);
    assert.deepEqual(w.selectedCells, [[w.activeCell.text]], 'the active cell is the one selected');

    await pressKeys('End');
    w = (await look()).webview;
    assert.equal(w.activeCell?.colIndex, w.columns.length, 'End: the last column');
    await pressKeys('Home');
    assert.equal((await look()).webview.activeCell?.colIndex, 1, 'Home: the first column');

    await pressKeys('Control+End');
    w = (await look()).webview;
    assert.equal(w.activeCell?.rowIndex, commit.events + 2, 'Ctrl+End: the last row');
    assert.equal(w.activeCell.colIndex, w.columns.length);
    assert.ok(w.scrollTop > 0, 'the grid scrolled to the last row');
    await pressKeys('Control+Home');
    w = (await look()).webview;
    assert.equal(w.activeCell?.rowIndex, 3, 'Ctrl+Home: the first row');
    assert.equal(w.activeCell.text, events[0]?.event_date);
    assert.equal(w.scrollTop, 0);

    await pressKeys('PageDown');
    const paged = (await look()).webview.activeCell?.rowIndex ?? 0;
    assert.ok(paged > 3 + 5, `PageDown went a page of rows (to row ${paged})`);
    await pressKeys('PageDown', 'PageUp');
    assert.equal((await look()).webview.activeCell?.rowIndex, paged);
    await pressKeys('PageUp');
    assert.equal((await look()).webview.activeCell?.rowIndex, 3);
  });

  it('Enter and Space on a column header sort by it; Left/Right move between headers, Down goes back to the rows', async () => {
    await backToGrid(0, 0);
    // Up from the first row: its column's header.
    await pressKeys('ArrowUp');
    let w = (await look()).webview;
    assert.equal(w.focused.role, 'button');
    assert.match(w.focused.text, /Event date/);
    await pressKeys('ArrowRight', 'ArrowRight');
    w = (await look()).webview;
    assert.match(w.focused.text, /Revenue/, 'two headers to the right');
    await pressKeys('Enter');
    w = (await look()).webview;
    assert.deepEqual(w.sort, { column: 'Revenue', direction: 'asc' }, 'Enter sorted, not selected rows');
    assert.match(w.focused.text, /Revenue/, 'the header keeps the focus');
    await pressKeys('Space');
    assert.deepEqual((await look()).webview.sort, { column: 'Revenue', direction: 'desc' });
    await pressKeys('ArrowLeft');
    assert.match((await look()).webview.focused.text, /Period month/);
    await pressKeys('ArrowRight', 'Enter');
    assert.equal((await look()).webview.sort, null, 'a third press: load order again');
    await pressKeys('ArrowDown');
    w = (await look()).webview;
    assert.equal(w.focused.role, 'grid');
    assert.equal(w.activeCell?.column, 'Revenue');
    assert.equal(w.activeCell.rowIndex, 3);
  });

  it('Shift+arrows select a block that Ctrl+C copies as TSV (Ctrl+Shift+C with headers); Ctrl+A selects all', async () => {
    const w0 = (await look()).webview;
    const ext = column(w0, 'External ID');
    await backToGrid(1, ext);
    await pressKeys('Shift+ArrowDown', 'Shift+ArrowDown', 'Shift+ArrowRight');
    let w = (await look()).webview;
    assert.equal(w.selectedCells.length, 3, 'three rows');
    assert.ok(w.selectedCells.every((r) => r.length === 2), 'two columns');
    await screenshot(screenshotFile('grid-keyboard-focus.png'), 500);
    await pressKeys('Shift+ArrowLeft');
    const ids = events.slice(1, 4).map((e) => e.external_id ?? '');
    await vscode.env.clipboard.writeText('');
    await pressKeys('Control+c');
    assert.equal(await clipboardBecomes('the three cells', (t) => t !== ''), ids.join('\n'));
    await pressKeys('Control+Shift+C');
    assert.equal(await clipboardBecomes('the cells with their header', (t) => t.startsWith('External ID')), ['External ID', ...ids].join('\n'));

    await pressKeys('Control+a');
    w = (await look()).webview;
    assert.ok(w.selectedCells.length >= 5, 'every row on screen is selected');
    assert.ok(
      w.selectedCells.every((r) => r.length === w.columns.length),
      'every cell of them',
    );
    await pressKeys('Escape');
    assert.equal((await look()).webview.selectedCells.length, 0, 'Escape: nothing selected');
  });

  it('Enter on a row and a double-click open the event as JSON in an editor', async () => {
    await backToGrid(2, 0);
    await pressKeys('Enter');
    const { editor, event } = await jsonEditor(events[2]?.id ?? -1);
    assert.equal(event.id, events[2]?.id);
    assert.equal(event.external_id, events[2]?.external_id);
    assert.deepEqual(event.data, events[2]?.data ?? {});
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.equal(tab?.label, `Usage event ${events[2]?.id}.json`);
    assert.equal(editor.document.languageId, 'json');

    await backToGrid(0, 0);
    await clickCell(4, 1, { clickCount: 2 });
    const second = await jsonEditor(events[4]?.id ?? -1);
    assert.equal(second.event.external_id, events[4]?.external_id);
  });

  it('the context menu copies a cell and rows, filters by a value, hides a column and opens the event', async () => {
    // The events opened before are closed: the panel has the window's width again.
    const opened = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.scheme === 'campfire-usage-event');
    await vscode.window.tabGroups.close(opened);
    await backToGrid(0, 0);
    let w = (await look()).webview;
    const ext = column(w, 'External ID');
    // Right-clicking a cell shows the grid's commands (VS Code's own menu, drawn in the workbench).
    await clickCell(3, ext, { button: 'right' });
    const labels = await contextMenuWith('Copy Cell');
    for (const label of ['Copy Cell', 'Copy Row(s) as CSV', 'Copy Row(s) as TSV', 'Copy Row(s) as JSON', 'Copy with Headers', 'Open as JSON', 'Filter by This Value', 'Hide Column']) {
      assert.ok(labels.includes(label), `the menu has ${label} (it has ${labels.join(', ')})`);
    }
    assert.ok(!labels.includes('Cut') && !labels.includes('Paste'), 'not the browser’s Cut/Paste');
    await screenshot(screenshotFile('grid-context-menu.png'), 500);
    await pressKeys('Escape');
    w = (await look()).webview;
    assert.equal(w.activeCell?.rowIndex, 6, 'the right-clicked cell became the active one');

    const run = (action: string, row: number, col: number) => vscode.commands.executeCommand(`campfire.usageEvents.${action}`, menuContext(row, col));
    await vscode.env.clipboard.writeText('');
    await run('copyCell', 3, ext);
    assert.equal(await clipboardBecomes('one cell', (t) => t !== ''), events[3]?.external_id);
    await run('copyRowsCsv', 5, ext);
    const csv = await clipboardBecomes('a CSV row', (t) => t.includes(','));
    assert.equal(csv.split('\r\n')[0], w.columns.join(','));
    assert.ok(csv.split('\r\n')[1]?.includes(events[5]?.external_id ?? '?'));
    await run('copyRowsJson', 6, ext);
    const json = JSON.parse(await clipboardBecomes('JSON rows', (t) => t.startsWith('['))) as ServerEvent[];
    assert.equal(json.length, 1);
    assert.equal(json[0]?.external_id, events[6]?.external_id);
    await run('copyWithHeaders', 3, ext);
    assert.equal(await clipboardBecomes('a cell with its header', (t) => t.startsWith('External ID')), `External ID\n${events[3]?.external_id}`);

    assert.ok(events[3]?.external_id, 'the event has an external ID to filter by');
    await run('filterByValue', 3, ext);
    await waitFor(async () => (await look()).webview.rowsShown === events.filter((e) => e.external_id === events[3]?.external_id).length, 10_000, 'the filter by that value');
    const cleared = await act({ columnFilters: [] });
    assert.equal(cleared.webview.rowsShown, commit.events, 'the filter cleared');

    const period = column(cleared.webview, 'Period month');
    await run('hideColumn', 0, period);
    await waitFor(async () => !(await look()).webview.columns.includes('Period month'), 10_000, 'Period month to be hidden');
    const restored = await act({ hiddenColumns: ['ID'] });
    assert.ok(restored.webview.columns.includes('Period month'), 'shown again from the Columns menu');

    await run('openJson', 7, 0);
    const { event } = await jsonEditor(events[7]?.id ?? -1);
    assert.equal(event.external_id, events[7]?.external_id);
  });

  it('the Columns menu is a menu of checkboxes: arrows move, Space ticks, Escape closes and gives the focus back', async () => {
    await backToGrid(0, 0);
    await act({ focus: '.popover-anchor > button' });
    await pressKeys('Enter');
    let w = (await look()).webview;
    assert.equal(w.columnMenu.open, true);
    assert.equal(w.focused.role, 'menuitemcheckbox');
    assert.equal(w.focused.text.replace(/^✓/, ''), w.columnMenu.items[0]?.name);
    const idIndex = w.columnMenu.items.findIndex((i) => i.name === 'ID');
    assert.equal(w.columnMenu.items[idIndex]?.checked, false, 'ID is hidden at first');
    assert.ok(w.columnMenu.items.filter((i, k) => k !== idIndex).every((i) => i.checked));
    await pressKeys('ArrowDown', 'ArrowDown');
    const third = w.columnMenu.items[2]?.name ?? '';
    assert.equal((await look()).webview.focused.text.replace(/^✓/, ''), third);
    await pressKeys('Space');
    w = (await look()).webview;
    assert.equal(w.columnMenu.items[2]?.checked, false, `${third} unticked`);
    assert.ok(!w.columns.includes(third), `${third} is hidden`);
    await pressKeys('Space');
    assert.ok((await look()).webview.columns.includes(third), `${third} is back`);
    await pressKeys('End');
    assert.equal((await look()).webview.focused.role, 'menuitem', 'End: Show all');
    await pressKeys('Home');
    assert.equal((await look()).webview.focused.text.replace(/^✓/, ''), w.columnMenu.items[0]?.name);
    await pressKeys('Escape');
    w = (await look()).webview;
    assert.equal(w.columnMenu.open, false);
    assert.equal(w.focused.text, 'Columns', 'the focus is back on the Columns button');
  });

  it('axe-core finds no accessibility violations: rows loaded, a cell active, the Columns menu open', async () => {
    const findings = (w: SeenInWebview) => (w.audit ?? []).map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref(commit));
    let w = (await act({ audit: true })).webview;
    assert.ok(w.audit, 'the audit ran');
    assert.equal(w.audit.length, 0, `rows loaded:\n${findings(w)}`);
    // It looked at the grid's roles, their ARIA attributes and the colours.
    for (const rule of ['aria-required-children', 'aria-required-parent', 'aria-valid-attr-value', 'aria-allowed-attr', 'color-contrast', 'button-name', 'label']) {
      assert.ok(w.auditPassed?.includes(rule), `the audit checked ${rule} (passed: ${w.auditPassed?.join(', ')})`);
    }

    await backToGrid(2, 3);
    await pressKeys('Shift+ArrowDown');
    w = (await act({ audit: true })).webview;
    assert.ok(w.activeCell);
    assert.equal(w.audit?.length, 0, `a cell active:\n${findings(w)}`);
    assert.ok(w.auditPassed?.includes('aria-valid-attr-value'), 'aria-activedescendant names a cell that is there');

    await act({ focus: '.popover-anchor > button' });
    await pressKeys('Enter');
    w = (await act({ audit: true })).webview;
    assert.equal(w.columnMenu.open, true);
    assert.equal(w.audit?.length, 0, `the Columns menu open:\n${findings(w)}`);
    assert.ok(w.auditPassed?.includes('aria-required-children'), 'the menu holds menu items');
    await pressKeys('Escape');
  });

  it('closing the panel releases the events it opened as JSON: an editor still showing one says to open it again', async () => {
    await backToGrid(1, 0);
    await pressKeys('Enter');
    const { editor, event } = await jsonEditor(events[1]?.id ?? -1);
    assert.equal(event.id, events[1]?.id);
    const document = editor.document;
    const panels = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('campfire.usageEvents'));
    assert.equal(panels.length, 1, 'the usage-events panel is open');
    await vscode.window.tabGroups.close(panels);
    await waitFor(() => document.getText().startsWith('//'), 10_000, 'the event’s editor to be emptied');
    assert.match(document.getText(), /no longer open in a panel: open it again from the usage-events panel/);
    assert.ok(!document.getText().includes(String(events[1]?.external_id)), 'none of the event’s data is left');

    // Opened again from a new panel, the same event shows its JSON, not the notice its editor kept.
    await backToGrid(1, 0);
    await pressKeys('Enter');
    const again = await jsonEditor(events[1]?.id ?? -1);
    assert.equal(again.event.external_id, events[1]?.external_id);
  });
});
