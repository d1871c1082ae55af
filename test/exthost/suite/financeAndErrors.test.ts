// Money, the tree for screen readers, and failures told once in words, in the real workbench
// against the local Campfire server: contracts in several currencies sorted by value (compared in
// one currency at the contract's exchange rate, or within currency groups, never as bare numbers)
// with the rate named in the tooltip; folder and Load more rows read as they are shown; the
// filter and sort kept for the next window; a JSON tab titled with what it shows; a failing
// usage-events panel telling its failure once, in words, with Retry and Show Log, recovered by
// "Campfire: Retry" and named by "Check Connection".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Contract } from '../../../src/api/schemas/contract';
import { parseSavedQuery } from '../../../src/model/contractQuery';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
// Types only: the extension runs from its bundle.
import type { ConnectionReport } from '../../../src/commands/account';
import type { SeenInWebview } from '../probe/probeProtocol';
import type { PanelReport } from '../probe/usageEventsProbe';
import { activate, readScreen, screenshot, screenshotFile, typeKeys, waitFor, withWideSideBar } from '../helpers';
import { children, is, label, setPageSize, settled, treeApi, type ContractLike, type Entry } from './treeSupport';
import { FaultPlan } from '../../unit/support/faults';

const TOKEN = 'finance-and-errors-key-0f1e';
const SAVED_QUERY_KEY = 'campfire.contracts.query';

type ContractNodeLike = ContractLike & { contract: Contract };

describe('Finance, screen readers and humane errors', function () {
  this.timeout(180_000);
  let server: SampleServer;
  const faults = new FaultPlan();
  const config = () => vscode.workspace.getConfiguration('campfire');

  before(async () => {
    // 60 contracts of seed 5: USD, EUR, GBP, CAD, AUD and JPY among them (src/sampleServer/contracts.ts).
    server = await startSampleServer({ token: TOKEN, contracts: 60, seed: 5, hostile: false, faults });
    await activate();
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', 100, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
  });

  after(async () => {
    await vscode.commands.executeCommand('campfire.sort', { by: 'none' });
    await vscode.commands.executeCommand('campfire.clearFilter');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('sorts contracts by value in one currency per entity, never as bare numbers, and names the rate in the tooltip', async () => {
    const tree = await treeApi();
    tree.view.reload();
    await vscode.commands.executeCommand('campfire.sort', { by: 'value', descending: true });
    await settled(tree);
    const rows = (await children(tree)).filter((r) => is(r, 'contract'));
    assert.equal(rows.length, 60);
    const shown = rows.map((r) => (r.node as ContractNodeLike).contract);
    // The server's own data: what each contract is priced in and booked in.
    const byId = new Map(server.dataset.contracts().map((c) => [c.id, c]));
    const book = (c: Contract) => byId.get(c.id)?.entity_currency ?? 'USD';
    const inBook = (c: Contract) => {
      const s = byId.get(c.id) as Contract;
      return s.currency === s.entity_currency ? (s.total_contract_value ?? 0) : (s.total_contract_value ?? 0) * (s.exchange_rate ?? NaN);
    };
    // Each entity currency is one run of rows, the largest first, and within it values fall.
    const runs: string[] = [];
    for (const c of shown) if (runs.at(-1) !== book(c)) runs.push(book(c));
    assert.equal(new Set(runs).size, runs.length, `currency groups are contiguous: ${runs.join(' ')}`);
    assert.equal(runs[0], 'USD');
    for (let i = 1; i < shown.length; i++) {
      const [a, b] = [shown[i - 1] as Contract, shown[i] as Contract];
      if (book(a) === book(b)) assert.ok(inBook(a) >= inBook(b), `#${a.id} (${inBook(a)}) before #${b.id} (${inBook(b)})`);
    }
    // A yen contract sits below a dollar contract whose bare number is smaller: compared converted.
    const yenIndex = shown.findIndex((c, i) => c.currency === 'JPY' && shown.slice(0, i).some((u) => u.currency === 'USD' && (u.total_contract_value ?? 0) < (c.total_contract_value ?? 0)));
    assert.ok(yenIndex > 0, 'a JPY contract ranks by its value in USD');
    const yen = rows[yenIndex] as Entry;
    const tooltip = yen.item.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.match(tooltip.value, /¥[\d,]+ JPY ≈ \$[\d\\.]+[KM]? USD at 0\\\.0067/, tooltip.value);
    // A header row above each currency group says which currencies are not brought together, with its subtotal.
    const headers = (await children(tree)).filter((r) => is(r, 'currencyGroup'));
    assert.deepEqual(headers.map((h) => label(h.item).split(' · ')[0]), runs, 'one header per group, in order');
    for (const h of headers) assert.match(String(h.item.description), /^\D*[\d.,]+[KMB]? in all$/, `a subtotal: ${String(h.item.description)}`);
    assert.match(tree.view.treeView.message ?? '', /Sorted by total contract value, descending \(60 contracts\)\./);

    // What a user sees: the sorted tree, the yen contract focused with its tooltip open.
    await vscode.commands.executeCommand('workbench.view.extension.campfire');
    await withWideSideBar(async () => {
      assert.ok(await tree.view.reveal(yen.node, { select: true, focus: true }), 'the row revealed');
      await typeKeys({ press: ['Control+k', 'Control+i'] });
      await screenshot(screenshotFile('tree-currencies.png'), 1500);
      await typeKeys({ press: ['Escape'] });
    });
  });

  it('reads folder rows and Load more as they are shown, and contract rows with status and value', async () => {
    const tree = await treeApi();
    await vscode.commands.executeCommand('campfire.sort', { by: 'none' });
    await setPageSize(tree, 10);
    try {
      const root = await children(tree);
      const more = root.find((r) => is(r, 'loadMore'));
      assert.ok(more, 'Load more after the first page');
      assert.equal(label(more.item), 'Load more (10 of 60)');
      assert.equal(more.item.accessibilityInformation?.label, 'Load more contracts, 10 of 60');
      const contract = root.find((r) => is(r, 'contract'));
      assert.ok(contract);
      const c = (contract.node as ContractNodeLike).contract;
      const spoken = contract.item.accessibilityInformation?.label ?? '';
      assert.ok(spoken.startsWith(`${label(contract.item)}, `), spoken);
      assert.match(spoken, /, (Active|Pending|Completed), /, 'the status in words');
      assert.ok(spoken.includes(` ${(c.currency ?? 'USD').toUpperCase()}`), `the value with its currency: ${spoken}`);
      const folders = await children(tree, contract.node);
      assert.equal(folders.length, 2);
      for (const f of folders) {
        assert.match(label(f.item), /^(Prepaid commits|Tier price overrides) \(\d+\)$/);
        assert.ok(f.item.accessibilityInformation?.label.startsWith(label(f.item)), `${f.item.accessibilityInformation?.label} reads the folder as shown`);
        assert.notEqual(f.item.accessibilityInformation?.label, f.item.tooltip, 'not its tooltip');
      }
      // What a screen reader gets from the workbench: the rows' aria-labels.
      await vscode.commands.executeCommand('workbench.view.extension.campfire');
      // A node can be revealed only once the workbench has been asked to paint it.
      await tree.view.provider.whenRefreshed();
      assert.ok(await tree.view.reveal(more.node, { select: true, focus: true }), 'the row revealed');
      const screen = await readScreen('.monaco-list-row', ['aria-label']);
      if (screen) {
        const labels = screen.map((e) => e.attributes['aria-label'] ?? e.label);
        assert.ok(labels.includes('Load more contracts, 10 of 60'), `rows read: ${labels.join(' | ')}`);
      }
    } finally {
      await setPageSize(tree, 100);
    }
  });

  it('keeps the filter and sort for the next window, and Clear Filter clears the saved filter', async () => {
    const api = await activate();
    const tree = api.tree;
    const saved = () => parseSavedQuery(api.services.context.workspaceState.get(SAVED_QUERY_KEY));
    await vscode.commands.executeCommand('campfire.filter', { text: 'a', statuses: ['ACTIVE'] });
    await vscode.commands.executeCommand('campfire.sort', { by: 'startDate', descending: false });
    await settled(tree);
    await waitFor(() => saved().sort?.by === 'startDate', 5000, 'the sort to be saved');
    assert.deepEqual(saved(), { filter: { text: 'a', statuses: ['ACTIVE'] }, sort: { by: 'startDate', descending: false } });
    // A window that starts with this state shows the same query (the view takes it back before it renders).
    const next = saved();
    tree.model.restoreQuery(undefined, undefined);
    assert.equal(tree.model.hasQuery, false);
    tree.model.restoreQuery(next.filter, next.sort);
    assert.deepEqual(tree.model.filter, { text: 'a', statuses: ['ACTIVE'] });
    assert.deepEqual(tree.model.sort, { by: 'startDate', descending: false });
    tree.view.reload();
    await children(tree);
    await settled(tree);
    await waitFor(() => /^Sorted by start date, ascending\.$/.test(tree.view.treeView.message ?? ''), 5000, 'the view to say the restored sort');
    const filterRow = (await children(tree)).find((r) => is(r, 'filterRow'));
    assert.equal(filterRow && label(filterRow.item), 'Filter: “a” · ACTIVE', 'the restored filter, in its row');
    await vscode.commands.executeCommand('campfire.clearFilter');
    await waitFor(() => saved().filter === undefined, 5000, 'the saved filter to be cleared');
    assert.deepEqual(saved(), { sort: { by: 'startDate', descending: false } }, 'the sort stays');
    await vscode.commands.executeCommand('campfire.sort', { by: 'none' });
    await waitFor(() => api.services.context.workspaceState.get(SAVED_QUERY_KEY) === undefined, 5000, 'nothing saved without a query');
  });

  it('titles a JSON tab with what it shows, ids kept readable from the URI', async () => {
    const c = server.dataset.contracts().find((x) => x.deal_name);
    assert.ok(c?.deal_name);
    const uri = await vscode.commands.executeCommand<string>('campfire.viewJson', { contractId: c.id });
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.equal(tab?.label, `Contract ${c.id} · ${c.deal_name.replace(/[\\/]/g, '-')}.json`);
    assert.ok(uri.startsWith(`campfire:/contracts/${c.id}/`), uri);
    assert.equal((JSON.parse(vscode.window.activeTextEditor?.document.getText() ?? '{}') as { id?: number }).id, c.id);
    const [commit] = server.dataset.prepaidCommits(c.id);
    if (commit) {
      await vscode.commands.executeCommand('campfire.viewJson', { contractId: c.id, commitId: commit.id });
      assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, `Prepaid commit ${commit.id} · ${commit.name.replace(/[\\/]/g, '-')}.json`);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a failing panel says so once, in words, with Retry and Show Log; Check Connection names it; Campfire: Retry recovers it', async () => {
    const commits = server.dataset.contracts().flatMap((c) => server.dataset.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id, events: server.dataset.usageEventCount(c.id, p.id) })));
    const c = commits.filter((x) => x.events > 0 && x.events < 5000).sort((a, b) => b.events - a.events)[0];
    assert.ok(c, 'a commit with events');
    const ref = { contractId: c.contractId, commitId: c.commitId };
    const state = () => vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', ref);
    const eventsPath = new RegExp(`^/rr/api/v1/contracts/${c.contractId}/prepaid-commits/${c.commitId}/usage-events$`);
    faults.inject({ path: eventsPath, kind: 'schema', times: 1 });
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref);
    let seen: SeenInWebview | undefined;
    await waitFor(
      async () => {
        seen = (await state())?.webview;
        return seen?.phase === 'error';
      },
      30_000,
      'the panel to fail',
    );
    assert.ok(seen);
    const said = `Campfire sent data this extension does not understand while loading usage events of prepaid commit ${c.commitId}.`;
    assert.ok(seen.status.includes(said), `in words: ${seen.status}`);
    assert.doesNotMatch(seen.status, /\/rr\/api|GET |offset=/, 'no request path');
    assert.ok(seen.statusButtons.includes('Retry'), `Retry: ${seen.statusButtons.join(', ')}`);
    const everywhere = [seen.status, seen.headerError, seen.chartMessage].join('\n');
    assert.equal(everywhere.split(said).length - 1, 1, `told once: ${everywhere}`);
    // The page as a user reads it: the side bar closed so the panel has the width.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await screenshot(screenshotFile('panel-error-in-words.png'), 800);
    await vscode.commands.executeCommand('workbench.view.extension.campfire');
    const showLogOffered = seen.statusButtons.includes('Show Log');

    const report = await vscode.commands.executeCommand<ConnectionReport>('campfire.checkConnection', { quiet: true });
    assert.deepEqual(report.failingPanels, [said], 'Check Connection names the failing panel');
    // The notification (logged as it is shown, as showError's are: treeSupport.recordLoggedErrors).
    const log = (await activate()).services.log;
    const warned: string[] = [];
    const warn = log.warn.bind(log);
    log.warn = (m: string) => {
      warned.push(m);
      warn(m);
    };
    try {
      await vscode.commands.executeCommand('campfire.checkConnection');
      await waitFor(() => warned.some((m) => m.includes('But 1 usage-events panel failed:')), 5000, 'the connection report');
    } finally {
      Reflect.deleteProperty(log, 'warn');
    }
    const told = warned.find((m) => m.includes('But 1 usage-events panel failed:')) ?? '';
    assert.match(told, /^Connected to http:\/\/127\.0\.0\.1:\d+: 60 contracts\. But 1 usage-events panel failed: /);
    assert.ok(told.endsWith(said), told);
    await vscode.commands.executeCommand('notifications.clearAll');

    await vscode.commands.executeCommand('campfire.retry');
    await waitFor(async () => (await state())?.webview?.phase === 'done', 60_000, 'the panel to load after Campfire: Retry').catch(async (e: unknown) => {
      const w = (await state())?.webview;
      throw new Error(`${e instanceof Error ? e.message : String(e)}; the page shows: ${w?.phase} · ${w?.status} · ${w?.rowsLoaded} rows · ${w?.pageErrors} page errors`);
    });
    assert.equal((await state())?.webview?.rowsLoaded, c.events);
    const after = await vscode.commands.executeCommand<ConnectionReport>('campfire.checkConnection', { quiet: true });
    assert.equal(after.failingPanels, undefined, 'nothing failing any more');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The page draws the buttons the host offers with the failure (progress.actions).
    assert.ok(showLogOffered, `Show Log next to the error: ${seen.statusButtons.join(', ')}`);
  });
});
