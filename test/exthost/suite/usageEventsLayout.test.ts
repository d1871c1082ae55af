// The usage-events panel at the sizes people use: a 1000×700 window, and beside an event's JSON;
// the summary (figures and charts) folds away and stays folded; the table keeps a least height;
// the header stays one line when narrow; the Total row's label and the column headers never draw
// over or cut what they show without a tooltip; one word per concept; tab icons and checkboxes
// that show in every theme; a failure in plain words. Read by the tests' probe in the page
// (test/exthost/probe/webview/webviewProbe.ts), in the harness's browser resized as a user would.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
// Types only: the extension runs from its bundle.
import type { SeenInWebview, UserActions } from '../probe/probeProtocol';
import type { PanelReport } from '../probe/usageEventsProbe';
import { DEFAULT_WINDOW, activate, canScreenshot, resizeWindow, sampleCommits, screenshot, screenshotFile, waitFor } from '../helpers';

const TOKEN = 'usage-events-layout-key-51c2';
/** The window the issue was seen in, and one where the panel beside a JSON editor is about 380 px wide. */
const SMALL_WINDOW = { width: 1000, height: 700 };
const NARROW_WINDOW = { width: 800, height: 700 };
/** Rows the table shows at least, whatever the summary above it takes; and with the summary folded at 1000×700. */
const LEAST_ROWS = 8;
const FOLDED_ROWS = 15;

type Shown = PanelReport & { webview: SeenInWebview };

describe('Usage-events panel layout, words and theming', function () {
  this.timeout(180_000);
  let server: SampleServer | undefined;
  let ref: { contractId: number; commitId: number };
  /** A commit no panel has opened: none of its rows are in the local cache. */
  let unopened: { contractId: number; commitId: number };
  let events = 0;
  let signedIn = false;
  const config = () => vscode.workspace.getConfiguration('campfire');

  const report = () => vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', ref);
  async function act(actions: UserActions = {}): Promise<Shown> {
    const r = await vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.act', ref, actions);
    if (!r?.webview) throw new Error('the webview did not answer');
    return r as Shown;
  }
  async function loaded(what: string): Promise<Shown> {
    let r: PanelReport | undefined;
    await waitFor(
      async () => {
        r = await report();
        return r?.webview?.phase === 'done';
      },
      60_000,
      what,
    );
    return r as Shown;
  }

  before(async function () {
    if (!canScreenshot) this.skip(); // the window is resized through the harness's browser
    server = await startSampleServer({ token: TOKEN, contracts: 4, seed: 11, hostile: false });
    await activate();
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
    signedIn = true;
    const commits = sampleCommits(server.dataset, 300, 3000);
    assert.ok(commits[0], 'the sample data has a commit with a few pages of events');
    ref = { contractId: commits[0].contractId, commitId: commits[0].commitId };
    assert.ok(commits[1], 'and another');
    unopened = { contractId: commits[1].contractId, commitId: commits[1].commitId };
    events = commits[0].events;
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref);
    await loaded('every event to load');
    // The README's pictures show ordinary rows: the sample data also carries markup payloads.
    await act({ filter: 'evt_' });
  });

  after(async () => {
    await resizeWindow(DEFAULT_WINDOW);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (signedIn) await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
    server = undefined;
  });

  it('at 1000×700 the table keeps rows in sight, the summary folds away, and stays folded after a reload', async () => {
    assert.ok(await resizeWindow(SMALL_WINDOW));
    let w = (await act({ summaryOpen: true })).webview;
    assert.ok(w.layout.chartsShown && w.layout.metricsShown, 'the summary is shown at first');
    assert.ok(w.layout.rowsInView >= LEAST_ROWS, `at least ${LEAST_ROWS} rows in sight under the summary, not ${w.layout.rowsInView} (${w.layout.aboveGrid} px above the table of ${w.layout.height})`);
    assert.equal(w.layout.chartsCut, false, 'the charts are drawn shorter, not cut at their foot');
    await screenshot(screenshotFile('usage-events-1000x700.png'), 800);

    w = (await act({ summaryOpen: false })).webview;
    assert.equal(w.layout.summaryOpen, false, 'the fold says the summary is folded');
    assert.ok(!w.layout.chartsShown && !w.layout.metricsShown, 'folded: no figures, no charts');
    assert.ok(w.layout.rowsInView >= FOLDED_ROWS, `folded, at least ${FOLDED_ROWS} rows in sight, not ${w.layout.rowsInView} (${w.layout.aboveGrid} px above the table)`);
    assert.ok(w.layout.title.text !== '' && !w.layout.title.cut, `the title stays: ${w.layout.title.text}`);
    await screenshot(screenshotFile('usage-events-1000x700-folded.png'), 800);

    await vscode.commands.executeCommand('workbench.action.webview.reloadWebviewAction');
    await waitFor(async () => (await report())?.webview?.rowsLoaded === events, 60_000, 'the page to come back with its rows');
    w = (await act()).webview;
    assert.equal(w.layout.summaryOpen, false, 'the summary stays folded after the page is reloaded');
    assert.ok(!w.layout.chartsShown && !w.layout.metricsShown);

    w = (await act({ summaryOpen: true })).webview;
    assert.ok(w.layout.chartsShown && w.layout.metricsShown, 'and unfolds again');
  });

  it('beside an event’s JSON (about 380 px), the header is one line and the title is not cut to a letter', async () => {
    assert.ok(await resizeWindow(NARROW_WINDOW));
    // Enter on a row opens its JSON beside the panel, as a user does.
    await act({ clickCell: { row: 0, col: 0, double: true } });
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.path.endsWith('.json') === true, 15_000, 'the event’s JSON beside the panel');
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref);
    await waitFor(async () => ((await report())?.webview?.layout.width ?? 1000) < 450, 15_000, 'the panel to be narrow beside the JSON');
    const w = (await act()).webview;
    assert.ok(w.layout.width < 450, `narrow: ${w.layout.width} px`);
    assert.ok(w.layout.headerOneLine, 'the title, its badges and the buttons on one line');
    assert.ok(w.layout.title.width >= 120, `the title has room to be read (${w.layout.title.width} px for "${w.layout.title.text}")`);
    assert.equal(w.layout.title.tooltip, w.layout.title.text, 'the whole name in the title’s tooltip');
    assert.ok(w.layout.rowsInView >= LEAST_ROWS, `at least ${LEAST_ROWS} rows in sight, not ${w.layout.rowsInView}`);
    await screenshot(screenshotFile('usage-events-beside-editor.png'), 800);
    await vscode.commands.executeCommand('workbench.action.closeEditorsInOtherGroups');
    await resizeWindow(DEFAULT_WINDOW);
  });

  it('the Total row’s label never draws over a total, and headers stay one line with their whole name in a tooltip', async () => {
    const before = (await act({ hiddenColumns: ['ID', 'Period month'] })).webview;
    const revenue = before.columns.indexOf('Revenue');
    assert.equal(revenue, 1, `Revenue right beside the first column (${before.columns.join(', ')})`);
    const label = before.layout.totalLabel;
    assert.match(label.text, /^Total · /);
    assert.equal(label.overlaps, false, `"${label.text}" is not drawn over the revenue total`);
    assert.equal(label.tooltip, label.text, 'the whole label in its tooltip');
    const dataHeaders = before.layout.headers.filter((h) => h.prefixFirst !== null);
    assert.ok(dataHeaders.length > 0, `the commit has keys of data (${before.columns.join(', ')})`);
    for (const h of before.layout.headers) {
      assert.ok(h.oneLine, `${h.name} on one line`);
      assert.ok(h.tooltip.includes(h.name), `${h.name}: its whole name in the tooltip ("${h.tooltip}")`);
      if (h.prefixFirst !== null) assert.ok(h.prefixFirst, `${h.name}: "data." before the key`);
    }
    await act({ hiddenColumns: ['ID'] });
  });

  it('says rows for rows and Events for the sum of the Events column, in the header, the status and the charts', async () => {
    const w = (await act({ filter: '' })).webview;
    assert.match(w.status, /^[\d\s.,\u00a0\u202f']+ rows loaded/, `the status counts rows: ${w.status}`);
    assert.doesNotMatch(w.status, /events/i, 'not events');
    assert.equal(w.rowsLoaded, events, `the header's Loaded rows: ${JSON.stringify(w.layout.metrics)}`);
    const sum = w.totals.find((t) => t.column === 'Events')?.value;
    assert.ok(sum !== undefined && sum !== null, 'the Events column has a total');
    assert.equal(Number((w.layout.metrics.Events ?? '').replace(/\D/g, '')), sum, 'the header’s Events figure is the Events column’s sum');
    assert.ok(!Object.keys(w.layout.metrics).some((k) => /loaded events/i.test(k)), `no "Loaded events": ${Object.keys(w.layout.metrics).join(', ')}`);
    assert.ok(!w.layout.legend.includes('Events'), `the chart's legend does not call rows events: ${w.layout.legend.join(', ')}`);
  });

  it('the tab has a light and a dark icon, and a ticked checkbox (the Columns menu’s too) keeps its box in high contrast', async () => {
    const r = await act();
    assert.ok(r.icon !== undefined && typeof r.icon !== 'string', `a light and a dark icon: ${JSON.stringify(r.icon)}`);
    assert.notEqual(r.icon.light, r.icon.dark);
    const workbench = vscode.workspace.getConfiguration('workbench');
    const theme = workbench.inspect<string>('colorTheme')?.globalValue;
    try {
      for (const [name, kind] of [
        ['Default High Contrast', 'vscode-high-contrast'],
        ['Default High Contrast Light', 'vscode-high-contrast-light'],
        ['Default Dark Modern', 'vscode-dark'],
      ] as const) {
        await workbench.update('colorTheme', name, vscode.ConfigurationTarget.Global);
        await waitFor(async () => (await report())?.webview?.theme.kind === kind, 20_000, `the panel in ${name}`);
        // Every column ticked in the Columns menu (which draws the menu), both toggles on.
        const w = (await act({ hiddenColumns: [], groupByMonth: true, showAdjustments: true })).webview;
        assert.ok(w.layout.checkboxes.some((box) => box.id.startsWith('Columns menu: ')), "the Columns menu's ticks are measured");
        for (const box of w.layout.checkboxes) {
          assert.ok(box.checked, `${box.id} ticked`);
          assert.notEqual(box.borderStyle, 'none', `${box.id} has a box in ${name}`);
          assert.ok(box.borderWidth >= 1, `${box.id}'s box is drawn in ${name}`);
          assert.notEqual(box.borderColour, box.behind, `${box.id}'s box stands out from the page in ${name}`);
        }
      }
    } finally {
      await act({ groupByMonth: false });
      await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
    }
  });

  it('a Campfire that cannot be reached is told in plain words, the error code only in the log', async () => {
    assert.ok(server);
    await server.close();
    server = undefined;
    await vscode.commands.executeCommand('campfire.openUsageEvents', unopened);
    let w: SeenInWebview | undefined;
    await waitFor(
      async () => {
        w = (await vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', unopened))?.webview;
        return w?.phase === 'error';
      },
      60_000,
      'the panel to fail',
    );
    assert.ok(w);
    assert.match(w.status, /Campfire is unreachable while loading (usage events of )?prepaid commit \d+\./, `in words: ${w.status}`);
    // Its title says what failed to load, not "Loading…" for ever.
    assert.equal(w.layout.title.text, `Prepaid commit ${unopened.commitId} — failed to load`);
    assert.doesNotMatch([w.status, w.headerError, w.chartMessage].join('\n'), /ECONN|EAI_|\/rr\/api|\(\d{3}\)/, 'no error code or request path on the page');
  });
});
