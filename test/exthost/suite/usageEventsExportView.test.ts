// Export View and the selection summary in the real workbench against the local Campfire server:
// after the user hides adjustments, sorts by revenue and hides columns, Export View writes exactly
// the rows and columns shown, in that order, from the rows the panel holds (no request reaches
// the server), read back with exceljs; selecting cells shows their count, exact sum and average in
// the status bar while the panel is active.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import * as vscode from 'vscode';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import { DecimalSum } from '../../../src/shared/exactDecimal';
import { USAGE_EVENT_FIELDS } from '../../../src/usageEvents/protocol/usageEventRow';
// Types only: the extension runs from its bundle.
import type { ViewExportOutcome } from '../../../src/commands/export/exportView';
import type { SeenInWebview, UserActions } from '../probe/probeProtocol';
import type { CampfireTestingApi } from '../probe/testingApi';
import type { PanelReport } from '../probe/usageEventsProbe';
import { FaultPlan } from '../../unit/support/faults';
import { readCsv } from '../../unit/support/readCsv';
import { activate, canScreenshot, readScreen, screenshot, screenshotFile, typeKeys, waitFor } from '../helpers';

const TOKEN = 'usage-events-export-view-key-51c2';

interface ServerEvent {
  id: number;
  total_revenue_dollars?: number | null;
  is_adjustment?: boolean;
}


describe('Usage-events Export View and selection summary', function () {
  this.timeout(180_000);
  let server: SampleServer | undefined;
  const faults = new FaultPlan();
  let api: CampfireTestingApi;
  let dir: string;
  let commit: { contractId: number; commitId: number; events: number };
  let events: readonly ServerEvent[] = [];
  const config = () => vscode.workspace.getConfiguration('campfire');
  const ref = () => ({ contractId: commit.contractId, commitId: commit.commitId });
  const report = () => vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', ref());
  async function act(actions: UserActions = {}): Promise<SeenInWebview> {
    const r = await vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.act', ref(), actions);
    if (!r?.webview) throw new Error('the webview did not answer');
    return r.webview;
  }

  before(async () => {
    server = await startSampleServer({ token: TOKEN, contracts: 4, seed: 23, hostile: false, faults });
    api = await activate();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-exthost-export-view-'));
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
    const d = server.dataset;
    const commits = d
      .contracts()
      .flatMap((c) => d.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id, events: d.usageEventCount(c.id, p.id) })))
      .filter((c) => c.events >= 200 && c.events <= 3000)
      .sort((a, b) => a.events - b.events);
    assert.ok(commits[0], 'the sample data has a commit with a few pages of events');
    commit = commits[0];
    // The events in the order the listing gives them (the panel's load order).
    events = d.usageEvents(commit.contractId, commit.commitId, 0, commit.events);
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref());
    await waitFor(async () => (await report())?.webview?.phase === 'done', 60_000, 'every event to load');
  });

  after(async () => {
    if (!server) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The events the view shows: adjustments hidden, by revenue descending, missing revenue last, ties in load order. */
  function expectedRows(): ServerEvent[] {
    return events
      .map((e, i) => ({ e, i }))
      .filter(({ e }) => e.is_adjustment !== true)
      .sort((a, b) => {
        const x = a.e.total_revenue_dollars;
        const y = b.e.total_revenue_dollars;
        const xm = typeof x !== 'number';
        const ym = typeof y !== 'number';
        if (xm || ym) return xm === ym ? a.i - b.i : xm ? 1 : -1;
        return (y) - (x) || a.i - b.i;
      })
      .map(({ e }) => e);
  }

  it('writes the rows and columns shown, in their order, from the loaded rows, with no request', async () => {
    const hidden = ['Event date', 'External ID', 'Created at'];
    const w = await act({ hiddenColumns: hidden, showAdjustments: false, sort: { column: 'Revenue', direction: 'desc' } });
    assert.deepEqual(w.sort, { column: 'Revenue', direction: 'desc' });
    assert.ok(events.some((e) => e.is_adjustment === true), 'the commit has adjustments, so the view is filtered');
    const expected = expectedRows();
    const hiddenIds = ['event_date', 'external_id', 'created_at'];
    const columns = [...USAGE_EVENT_FIELDS.filter((f) => !hiddenIds.includes(f)), ...w.columns.filter((c) => c.startsWith('data.'))];
    assert.equal(w.columns.length, columns.length, `the columns shown (${w.columns.join(', ')})`);

    const requestsBefore = server?.requests.length;
    const csv = path.join(dir, 'view.csv');
    const result = await vscode.commands.executeCommand<ViewExportOutcome>('campfire.exportUsageEventsView', { ...ref(), format: 'csv', uri: vscode.Uri.file(csv) });
    assert.equal(result.rows, expected.length);
    assert.equal(result.complete, true);
    assert.equal(server?.requests.length, requestsBefore, 'Export View asked Campfire for nothing');
    assert.match(result.message, /^Exported [\d,]+ rows as shown \(filtered, sorted\) from the loaded data to view\.csv\.$/);

    const cells = await readCsv(csv);
    assert.deepEqual(cells[0], columns, 'the visible columns, in the order shown, named as the full export names them');
    const idAt = columns.indexOf('id');
    const revenueAt = columns.indexOf('total_revenue_dollars');
    const body = cells.slice(1);
    assert.deepEqual(body.map((r) => Number(r[idAt])), expected.map((e) => e.id), 'the rows shown, in the order shown');
    assert.deepEqual(body.map((r) => r[revenueAt]), expected.map((e) => (typeof e.total_revenue_dollars === 'number' ? String(e.total_revenue_dollars) : '')), 'revenue with every digit');
    assert.ok(body.every((r) => r[columns.indexOf('is_adjustment')] === 'false'), 'no adjustment among them');

    const xlsx = path.join(dir, 'view.xlsx');
    await vscode.commands.executeCommand<ViewExportOutcome>('campfire.exportUsageEventsView', { ...ref(), format: 'xlsx', uri: vscode.Uri.file(xlsx) });
    assert.equal(server?.requests.length, requestsBefore, 'nor for the workbook');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet = wb.worksheets[0];
    assert.ok(sheet);
    assert.deepEqual(columns.map((_, c) => sheet.getRow(1).getCell(c + 1).value), columns);
    const ids: unknown[] = [];
    for (let r = 2; r <= sheet.rowCount; r++) ids.push(sheet.getRow(r).getCell(idAt + 1).value);
    assert.deepEqual(ids, expected.map((e) => e.id), 'the workbook holds the same rows, ids as numbers');
  });

  it('while the listing still loads, says how many rows of how many it wrote, never as complete', async () => {
    const d = server?.dataset;
    assert.ok(d);
    const big = d
      .contracts()
      .flatMap((c) => d.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id, events: d.usageEventCount(c.id, p.id) })))
      .find((c) => c.events >= 6000);
    assert.ok(big, 'the sample data has a commit of several pages of events');
    const bigRef = { contractId: big.contractId, commitId: big.commitId };
    const bigReport = () => vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', bigRef);
    // One page at a time, slowly: the listing is still running when the view is exported.
    faults.set({ latencyMs: 1500 });
    await config().update('maxConcurrentRequests', 1, vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('campfire.openUsageEvents', bigRef);
      await waitFor(async () => ((await bigReport())?.webview?.rowsShown ?? 0) > 0, 30_000, 'the first rows to be shown');
      assert.equal((await bigReport())?.webview?.phase, 'loading');
      const csv = path.join(dir, 'loading.csv');
      const result = await vscode.commands.executeCommand<ViewExportOutcome>('campfire.exportUsageEventsView', { ...bigRef, format: 'csv', uri: vscode.Uri.file(csv) });
      assert.equal(result.complete, false);
      assert.ok(result.rows > 0 && result.rows < big.events, `some rows, not all (${result.rows} of ${big.events})`);
      assert.equal(result.total, big.events);
      assert.match(result.message, /^Exported [\d,]+ rows as shown from the loaded data to loading\.csv\. Only [\d,]+ of [\d,]+ rows are loaded, so the file does not hold every row; Export All writes every row\.$/);
      assert.equal((await readCsv(csv)).length - 1, result.rows, 'the file holds the rows it says');
    } finally {
      faults.set({});
      await config().update('maxConcurrentRequests', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('shows the count, exact sum and average of the selected cells in the status bar while the panel is active', async () => {
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref());
    await waitFor(async () => (await report())?.webview?.phase === 'done', 30_000, 'the panel to show its rows');
    const w = await act({ hiddenColumns: ['Event date', 'External ID', 'Created at'], showAdjustments: false, sort: { column: 'Revenue', direction: 'desc' }, scrollTop: 0 });
    const col = w.columns.indexOf('Revenue');
    assert.ok(col >= 0);
    await act({ clickCell: { row: 0, col } });
    await act({ clickCell: { row: 2, col, extend: true } });
    const revenues = expectedRows()
      .slice(0, 3)
      .map((e) => e.total_revenue_dollars)
      .filter((v): v is number => typeof v === 'number');
    const sum = new DecimalSum();
    for (const v of revenues) sum.add(v);
    const sumText = new Intl.NumberFormat('en', { maximumFractionDigits: 20 }).format(sum.toString() as `${number}`);
    const averageText = new Intl.NumberFormat('en', { maximumFractionDigits: 6 }).format(sum.toNumber() / revenues.length);
    const expectedText = `Count: 3  Sum: ${sumText}  Average: ${averageText}`;
    await waitFor(() => api.selectionStatus(ref())?.text === expectedText && api.selectionStatus(ref())?.shown === true, 10_000, `the status bar to say "${expectedText}" (it says "${api.selectionStatus(ref())?.text}")`);
    const seen = api.selectionStatus(ref());
    assert.match(seen?.label ?? '', /Count: 3, Sum: .+, Average: /, 'a screen reader hears the summary');
    if (canScreenshot) {
      const onScreen = await readScreen('.statusbar-item');
      assert.ok(onScreen?.some((e) => e.text.includes(`Count: 3`) && e.text.includes(sumText)), 'the summary is on the status bar');
      await screenshot(screenshotFile('usage-events-export-view.png'), 500);
    }

    // Another editor in front: the summary is the panel's, so it goes.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'other' }));
    await waitFor(() => api.selectionStatus(ref())?.shown === false, 10_000, 'the summary to go when the panel is not active');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Export View… and Export All… are buttons the keyboard reaches; Export View… asks for the format', async function () {
    if (!canScreenshot) this.skip(); // real key presses and the quick pick on screen need the harness's browser
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref());
    await waitFor(async () => (await report())?.webview?.phase === 'done', 30_000, 'the panel to show its rows');
    const w = await act({ focus: '.header-actions button' });
    assert.deepEqual(w.focused, { role: 'button', text: 'Export View…' });
    const buttons = await readScreen('.header-actions button');
    assert.deepEqual(buttons?.map((b) => b.text).slice(0, 2), ['Export View…', 'Export All…']);
    assert.ok(await typeKeys({ press: ['Enter'] }));
    let titles: string[] = [];
    await waitFor(
      async () => {
        titles = ((await readScreen('.quick-input-widget .quick-input-title')) ?? []).map((e) => e.text);
        return titles.some((t) => t.includes('Export View of Usage Events: format'));
      },
      10_000,
      `the format picker of Export View (titles: ${titles.join(' | ')})`,
    );
    assert.ok(await typeKeys({ press: ['Escape'] }));
  });
});
