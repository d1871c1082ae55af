// Where the keyboard focus goes in the usage-events panel, driven by real keys (the harness's
// browser): a new panel's grid has it on its first row; it comes back to the grid, with the active
// cell's ring, after the context menu and after an event opened as JSON was closed; Ctrl+A selects
// the grid's rows, never the page's text; and the status line's Cancel keeps it while the load's
// progress is told in a live region of its own.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
// Types only: the extension runs from its bundle.
import type { SeenInWebview, UserActions } from '../probe/probeProtocol';
import type { PanelReport } from '../probe/usageEventsProbe';
import { activate, canScreenshot, clickOnScreen, contextMenuWith, pressKeys, waitFor } from '../helpers';

const TOKEN = 'usage-events-focus-key-71c2';

interface CommitInfo {
  contractId: number;
  commitId: number;
  events: number;
}

type Shown = PanelReport & { webview: SeenInWebview };

const ref = (c: CommitInfo) => ({ contractId: c.contractId, commitId: c.commitId });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Usage-events panel keeps the keyboard focus', function () {
  this.timeout(180_000);
  let server: SampleServer | undefined;
  let small: CommitInfo;
  let large: CommitInfo;
  /** Each answer of the server waits this long (a slow connection, for a load that takes a while). */
  let latencyMs = 0;
  const config = () => vscode.workspace.getConfiguration('campfire');

  async function act(commit: CommitInfo, actions: UserActions = {}): Promise<Shown> {
    const r = await vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.act', ref(commit), actions);
    if (!r?.webview) throw new Error('the webview did not answer');
    return r as Shown;
  }
  const look = (commit: CommitInfo = small) => act(commit).then((r) => r.webview);
  const openPanel = async (commit: CommitInfo) => {
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref(commit));
    await waitFor(async () => (await vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', ref(commit)))?.webview?.phase === 'done', 60_000, 'the panel to show every row');
  };
  /** The grid has the keyboard (the page has the window's focus, the grid the page's) and shows it with the active cell's ring. */
  const gridHasFocus = (w: SeenInWebview) => w.pageFocused && w.focused.role === 'grid' && w.activeCell !== null && w.activeCellOutline === 'solid';
  const focusShown = (w: SeenInWebview) => `page focused: ${w.pageFocused}, focus on: ${w.focused.role} "${w.focused.text}", active cell: ${JSON.stringify(w.activeCell)}, its outline: ${w.activeCellOutline}`;
  async function gridGetsFocusBack(what: string): Promise<SeenInWebview> {
    let w = await look();
    try {
      await waitFor(async () => gridHasFocus((w = await look())), 10_000, `the grid to have the focus again ${what}`);
    } catch (e) {
      throw new Error(`${(e as Error).message} (${focusShown(w)})`, { cause: e });
    }
    return w;
  }
  /** The panel in front, with the grid focused on a cell (a click on it). */
  async function clickIntoGrid(row: number, col = 0): Promise<void> {
    await openPanel(small);
    await clickOnScreen(`.grid-body .row[data-position="${row}"] > .grid-cell:nth-child(${col + 1})`);
    await waitFor(async () => (await look()).focused.role === 'grid', 10_000, 'the grid to have the focus');
  }

  before(async function () {
    if (!canScreenshot) this.skip(); // real key presses and clicks need the harness's browser
    const started = await startSampleServer({
      token: TOKEN,
      contracts: 4,
      seed: 11,
      hostile: false,
      faults: {
        get latencyMs() {
          return latencyMs;
        },
        intercept: () => undefined,
      },
    });
    server = started;
    await activate();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await config().update('baseUrl', started.url, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', 250, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
    const d = started.dataset;
    const commits = d
      .contracts()
      .flatMap((c) => d.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id, events: d.usageEventCount(c.id, p.id) })))
      .sort((a, b) => a.events - b.events);
    const few = commits.find((c) => c.events >= 300 && c.events <= 3000);
    const many = commits.filter((c) => c.events >= 3000 && c.events <= 50_000).at(-1);
    assert.ok(few && many, 'the sample data has a commit with a few pages of events and one with many');
    small = few;
    large = many;
  });

  after(async () => {
    if (!server) return;
    latencyMs = 0;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('a new panel gives its grid the focus, on the first row: arrows work at once', async () => {
    await openPanel(small);
    const w = await gridGetsFocusBack('when the panel opens');
    assert.equal(w.activeCell?.rowIndex, 3, 'the first row (after the header and filter rows)');
    assert.equal(w.activeCell.colIndex, 1);
    await pressKeys('ArrowDown', 'ArrowRight');
    const moved = await look();
    assert.equal(moved.activeCell?.rowIndex, 4, 'ArrowDown moved to the second row');
    assert.equal(moved.activeCell.colIndex, 2);
  });

  it('Ctrl+A selects the grid’s rows wherever the focus is but a text field, never the page’s text; in a text field it is the field’s', async () => {
    await clickIntoGrid(0);
    await pressKeys('Control+a');
    let w = await look();
    assert.equal(w.pageSelection, '', 'no page text selected with the grid focused');
    assert.ok(w.selectedCells.length >= 5 && w.selectedCells.every((r) => r.length === w.columns.length), 'every cell on screen is selected');
    await pressKeys('Escape');

    // The Columns button has the focus: Ctrl+A is still the grid's.
    await act(small, { focus: '.popover-anchor > button' });
    await pressKeys('Control+a');
    w = await look();
    assert.equal(w.pageSelection, '', 'no page text selected from the Columns button');
    assert.ok(w.selectedCells.length >= 5 && w.selectedCells.every((r) => r.length === w.columns.length), 'the grid’s rows are selected');
    assert.equal(w.focused.role, 'grid', 'the grid has the focus, so Ctrl+C copies what it selected');
    await pressKeys('Escape');

    // In the filter box, Ctrl+A selects the box's text, not the rows.
    await act(small, { filter: '20' });
    await act(small, { focus: '.filter-all' });
    await pressKeys('End', 'Control+a');
    w = await look();
    assert.deepEqual(w.fieldSelection, { start: 0, end: 2, length: 2 }, 'the filter box’s text is selected');
    assert.equal(w.selectedCells.length, 0, 'no rows selected');
    await act(small, { filter: '' });
  });

  it('after the context menu (Shift+F10 or a right-click, then Escape or a command) the grid has the focus again, its active cell ringed', async () => {
    await clickIntoGrid(1);
    await pressKeys('Shift+F10');
    await contextMenuWith('Copy Cell');
    await pressKeys('Escape');
    let w = await gridGetsFocusBack('after Escape closed the menu opened by Shift+F10');
    assert.equal(w.activeCell?.rowIndex, 4, 'the same cell is active');
    await pressKeys('ArrowDown');
    assert.equal((await look()).activeCell?.rowIndex, 5, 'ArrowDown works at once');

    // A right-click, then a command of the menu chosen by keys (Copy Cell).
    await vscode.env.clipboard.writeText('');
    await clickOnScreen('.grid-body .row[data-position="4"] > .grid-cell:nth-child(2)', { button: 'right' });
    const labels = await contextMenuWith('Copy Cell');
    const downs = labels.indexOf('Copy Cell') + 1;
    await pressKeys(...Array<string>(downs).fill('ArrowDown'), 'Enter');
    await waitFor(async () => (await vscode.env.clipboard.readText()) !== '', 10_000, 'Copy Cell to copy');
    w = await gridGetsFocusBack('after a command of the menu');
    assert.equal(w.activeCell?.rowIndex, 7, 'the right-clicked cell is the active one');
    assert.equal(w.activeCell.colIndex, 2);
    await pressKeys('ArrowUp');
    assert.equal((await look()).activeCell?.rowIndex, 6, 'ArrowUp works at once');
  });

  it('after Enter opened an event as JSON and its editor was closed, the grid has the focus again on that cell', async () => {
    await clickIntoGrid(2);
    await pressKeys('Enter');
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('.json') === true, 15_000, 'the event’s JSON in an editor');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    const w = await gridGetsFocusBack('after the event’s editor closed');
    assert.equal(w.activeCell?.rowIndex, 5, 'the row opened is still the active one');
    await pressKeys('ArrowDown');
    assert.equal((await look()).activeCell?.rowIndex, 6, 'ArrowDown works at once');
  });

  it('after the find bar (Escape) and the Columns menu (Escape) the focus is where the user was', async () => {
    await clickIntoGrid(3);
    await pressKeys('Control+f');
    assert.equal((await look()).find.focused, true, 'Ctrl+F: the find box');
    await pressKeys('Escape');
    const w = await gridGetsFocusBack('after Escape closed the find bar');
    assert.equal(w.activeCell?.rowIndex, 6);
    await act(small, { focus: '.popover-anchor > button' });
    await pressKeys('Enter');
    assert.equal((await look()).columnMenu.open, true);
    await pressKeys('Escape');
    assert.equal((await look()).focused.text, 'Columns', 'the Columns button has the focus again');
  });

  it('Cancel keeps the keyboard focus while the progress changes, which a live region of its own tells; the same button resumes', async () => {
    await config().update('pageSize', 100, vscode.ConfigurationTarget.Global);
    latencyMs = 300;
    try {
      await vscode.commands.executeCommand('campfire.openUsageEvents', ref(large));
      await waitFor(
        async () => {
          // Until the new panel's page answers, there is nothing to look at.
          const w = await look(large).catch(() => undefined);
          return w?.phase === 'loading' && w.statusButtons.includes('Cancel') && (w.rowsLoaded ?? 0) > 0;
        },
        30_000,
        'the load to be under way',
      );
      await act(large, { focus: '.status-line button' });
      const before = await look(large);
      assert.equal(before.focused.text, 'Cancel');
      await sleep(1500);
      const w = await look(large);
      assert.equal(w.phase, 'loading', 'still loading');
      assert.notEqual(w.status, before.status, 'the progress changed');
      assert.deepEqual([w.focused.role, w.focused.text], ['button', 'Cancel'], 'Cancel kept the focus through the progress');
      assert.equal(w.statusButtonsInLiveRegion, 0, 'no button is in a live region');
      assert.ok(w.statusAnnounced.some((t) => /loaded/.test(t)), `the progress is told in a polite live region (${JSON.stringify(w.statusAnnounced)})`);

      await pressKeys('Enter');
      let after = await look(large);
      await waitFor(async () => (after = await look(large)).phase === 'cancelled', 10_000, 'the load to stop');
      assert.deepEqual([after.focused.role, after.focused.text], ['button', 'Resume'], 'the same button, now Resume, has the focus');
      await pressKeys('Enter');
      await waitFor(async () => (after = await look(large)).phase === 'loading', 10_000, 'the load to go on');
      assert.equal(after.focused.text, 'Cancel', 'and Cancel again');

      // A click while the progress changes hits a button that is there.
      await sleep(600);
      await clickOnScreen('.status-line button');
      await waitFor(async () => (await look(large)).phase === 'cancelled', 10_000, 'the click to stop the load');
    } finally {
      latencyMs = 0;
      await config().update('pageSize', 250, vscode.ConfigurationTarget.Global);
    }
  });
});
