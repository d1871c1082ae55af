// The usage-events panel's Reconciliation section, as a user meets it: a commit of the sample data
// with a planted discrepancy is flagged with its exact difference, and activating the difference
// (with the mouse, and with the keyboard) filters the table to exactly the events behind it; an
// agreeing commit shows every check agreeing. The expected figures are read from the sample
// dataset's own events, summed exactly on their own, not from the panel.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import { sumDecimals } from '../../../src/shared/exactDecimal';
import type { SeenInWebview, UserActions } from '../probe/probeProtocol';
import type { PanelReport } from '../probe/usageEventsProbe';
import { activate, pressKeys, resizeWindow, DEFAULT_WINDOW, screenshot, screenshotFile, waitFor } from '../helpers';
import { children, is, settled, treeApi, type CommitLike, type ContractLike } from './treeSupport';

const TOKEN = 'usage-events-reconciliation-key';

type Shown = PanelReport & { webview: SeenInWebview & { reconciliation: NonNullable<SeenInWebview['reconciliation']> } };
type Ref = { contractId: number; commitId: number };

/** An exact amount with its sign as the page draws it in English, with the currency. */
function signedAmount(amount: string, currency: string): string {
  return `${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' }).format(amount as `${number}`)} ${currency}`;
}

describe('Usage-events panel reconciliation', function () {
  this.timeout(180_000);
  let server: SampleServer;
  const config = () => vscode.workspace.getConfiguration('campfire');

  async function act(ref: Ref, actions: UserActions = {}): Promise<Shown> {
    const r = await vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.act', ref, actions);
    if (!r?.webview?.reconciliation) throw new Error('the webview did not answer, or shows no Reconciliation section');
    return r as Shown;
  }

  /** Opens the commit's panel and waits for every event and the section's verdict. */
  async function openChecked(ref: Ref): Promise<Shown> {
    await vscode.commands.executeCommand('campfire.openUsageEvents', ref);
    let shown: Shown | undefined;
    await waitFor(
      async () => {
        const r = await vscode.commands.executeCommand<PanelReport | undefined>('campfire.usageEvents.queryState', ref);
        if (r?.webview?.phase !== 'done' || !r.webview.reconciliation) return false;
        shown = r as Shown;
        return !r.webview.reconciliation.checks.some((c) => c.includes('Cannot check yet'));
      },
      60_000,
      'every event to load and the checks to run',
    );
    return shown as Shown;
  }

  /** The commit's events as the sample server serves them. */
  function eventsOf(ref: Ref) {
    const n = server.dataset.usageEventCount(ref.contractId, ref.commitId);
    return server.dataset.usageEvents(ref.contractId, ref.commitId, 0, n);
  }

  before(async () => {
    server = await startSampleServer({ token: TOKEN, contracts: 30, seed: 4 });
    await activate();
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
  });

  after(async () => {
    await resizeWindow(DEFAULT_WINDOW);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('flags a month never rolled up with its exact difference, and drills into exactly its events', async () => {
    const ref = server.dataset.wellKnown.discrepancies.missingMonth;
    assert.ok(ref, 'the sample data plants a missing month');
    const commit = server.dataset.prepaidCommit(ref.contractId, ref.commitId);
    assert.ok(commit);
    const currency = commit.currency ?? 'USD';
    const ledgerMonths = new Set(server.dataset.consumption(ref.contractId, ref.commitId).map((r) => r.period_start.slice(0, 7)));
    const events = eventsOf(ref);
    const lastLedgerMonth = [...ledgerMonths].sort().at(-1) ?? '';
    // The planted month: events before the ledger's last period that no ledger row covers.
    const missing = [...new Set(events.map((e) => e.period_month.slice(0, 7)))].filter((m) => !ledgerMonths.has(m) && m < lastLedgerMonth);
    assert.equal(missing.length, 1, `one month is missing from the ledger (${missing.join(', ')})`);
    const month = missing[0] as string;
    const behind = events.filter((e) => e.period_month.startsWith(month) && e.consumption === null);
    assert.ok(behind.length > 1, 'the month has events (the line below counts them in the plural)');
    const revenue = sumDecimals(behind.map((e) => e.total_revenue_dollars ?? 0));

    const shown = await openChecked(ref);
    const r = shown.webview.reconciliation;
    assert.ok(r.checks.some((c) => c.startsWith('✗Events against the ledger')), r.checks.join('\n'));
    assert.ok(r.checks.some((c) => c.startsWith('✗Periods')), r.checks.join('\n'));
    const line = `${behind.length} events of ${month} naming no ledger row: ${signedAmount(revenue, currency)}`;
    const drawn = r.lines.find((l) => l.text.endsWith(line));
    assert.ok(drawn, `"${line}" among ${JSON.stringify(r.lines)}`);
    assert.equal(drawn.text.startsWith('✗'), true);
    assert.equal(drawn.drill, true, 'the difference is a button into the table');
    const monthRow = r.months.find((m) => m[0] === month);
    assert.ok(monthRow, `the month table has ${month}`);
    assert.deepEqual(monthRow.slice(3), ['—', '—', `✗ ${signedAmount(revenue, currency)}`]);

    const drilled = await act(ref, { drill: `${behind.length} events of ${month}` });
    assert.equal(drilled.webview.rowsShown, behind.length, 'the table shows exactly the events behind the difference');
    // The filters are in the column filter fields, where the user sees and clears them.
    const typed = drilled.webview.filterFields.filter((f) => f.value !== '').map((f) => [f.column, f.value, f.invalid]);
    assert.deepEqual(typed, [
      ['Period month', `= ${month}`, false],
      ['Consumption', '=', false],
    ]);
    const revenueTotal = drilled.webview.totals.find((t) => t.column === 'Revenue');
    assert.ok(revenueTotal, JSON.stringify(drilled.webview.totals));
    assert.equal(revenueTotal.text.replace(/[^0-9.-]/g, ''), Number(revenue).toFixed(2), 'the shown events add up to the difference');
    assert.match(drilled.webview.status, /Showing the events behind/);

    // Cleared through the column filters the drill filled: every event again.
    const cleared = await act(ref, { columnFilters: [] });
    assert.equal(cleared.webview.rowsShown, events.length);
  });

  it('drills into an event naming a row the ledger lacks with the keyboard, and the section passes the audit', async () => {
    const ref = server.dataset.wellKnown.discrepancies.strayEvent;
    assert.ok(ref, 'the sample data plants a stray event');
    const ledgerIds = new Set(server.dataset.consumption(ref.contractId, ref.commitId).map((r) => r.id));
    const stray = eventsOf(ref).filter((e) => e.consumption !== null && !ledgerIds.has(e.consumption));
    assert.equal(stray.length, 1, 'one event names a row the ledger lacks');
    await openChecked(ref);
    // Only the stray event's difference, so the first button of the section is it.
    const before = await act(ref, { focus: '.reconciliation .drill' });
    assert.equal(before.webview.focused.role, 'button');
    assert.match(before.webview.focused.text, new RegExp(`^1 event of \\d{4}-\\d{2} naming row ${stray[0]?.consumption}, which is not in the ledger: \\+`));
    await pressKeys('Enter');
    const drilled = await act(ref, { audit: true });
    assert.equal(drilled.webview.rowsShown, 1);
    assert.deepEqual(drilled.webview.audit, [], JSON.stringify(drilled.webview.audit, null, 2));
    assert.ok(drilled.webview.auditPassed?.includes('button-name'), 'the audit looked at the section’s buttons');

    // The README's picture: the differences found, the months, and the table showing the event behind one.
    await resizeWindow({ width: 1280, height: 1150 });
    await screenshot(screenshotFile('reconciliation.png'), 800);
    await resizeWindow(DEFAULT_WINDOW);
  });

  it('marks the commits found not to reconcile in the tree’s tooltip and the Changes view, without listing again', async () => {
    const tree = await treeApi();
    const { missingMonth, strayEvent } = server.dataset.wellKnown.discrepancies;
    assert.ok(missingMonth && strayEvent);
    await settled(tree);
    let root = await children(tree);
    while (!root.some((e) => is(e, 'contract') && (e.node as ContractLike).contractId === missingMonth.contractId) && root.some((e) => is(e, 'loadMore'))) {
      await vscode.commands.executeCommand('campfire.loadMore');
      await settled(tree);
      root = await children(tree);
    }
    const contract = root.find((e) => is(e, 'contract') && (e.node as ContractLike).contractId === missingMonth.contractId);
    assert.ok(contract, 'the contract is in the tree');
    const [commitsFolder] = await children(tree, contract.node);
    assert.ok(commitsFolder);
    let commits = await children(tree, commitsFolder.node);
    await waitFor(
      async () => {
        commits = await children(tree, commitsFolder.node);
        return commits.some((c) => is(c, 'prepaidCommit'));
      },
      10_000,
      'the commits to list',
    );
    const eventRequests = server.requests.filter((r) => r.path.includes('/usage-events')).length;
    const commit = commits.find((c) => is(c, 'prepaidCommit') && (c.node as CommitLike).commitId === missingMonth.commitId);
    assert.ok(commit);
    const tooltip = commit.item.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.match(tooltip.value, /✗ Does not reconcile \\?\(checked .+?\\?\)\\?: Events against the ledger\\?: \\?\+[\d.,\\]+ [A-Z]{3}; Periods\\?: \\?\+[\d.,\\]+ [A-Z]{3}/, tooltip.value);
    assert.match(String(commit.item.description), /^✗ does not reconcile · /);
    const other = commits.find((c) => is(c, 'prepaidCommit') && (c.node as CommitLike).commitId !== missingMonth.commitId);
    if (other) assert.doesNotMatch((other.item.tooltip as vscode.MarkdownString).value, /reconcile/i, 'a commit not reconciled says nothing of it');
    assert.equal(server.requests.filter((r) => r.path.includes('/usage-events')).length, eventRequests, 'drawing the tooltip listed no events');

    const groups = tree.changes.getChildren();
    const group = groups.find((g) => g.type === 'group' && g.kind === 'unreconciled');
    assert.ok(group, JSON.stringify(groups));
    const listed = tree.changes.getChildren(group).map((n) => tree.changes.getTreeItem(n));
    assert.deepEqual(listed.map((i) => i.id).sort(), [`changes/unreconciled/${missingMonth.contractId}/${missingMonth.commitId}`, `changes/unreconciled/${strayEvent.contractId}/${strayEvent.commitId}`].sort());
    assert.ok(listed.every((i) => i.command?.command === 'campfire.openUsageEvents'));
  });

  it('shows every check agreeing for a commit whose ledger adds up', async () => {
    const ds = server.dataset;
    const planted = new Set(Object.values(ds.wellKnown.discrepancies).map((c) => c.commitId));
    const clean = ds
      .contracts()
      .flatMap((c) => ds.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id })))
      .find((p) => !planted.has(p.commitId) && ds.usageEventCount(p.contractId, p.commitId) > 100 && ds.usageEventCount(p.contractId, p.commitId) < 5000 && ds.consumption(p.contractId, p.commitId).length > 2);
    assert.ok(clean);
    const shown = await openChecked(clean);
    const r = shown.webview.reconciliation;
    assert.deepEqual(r.checks, ['✓Ledger chain: agrees', '✓Ledger rows: agrees', '✓Events against the ledger: agrees', '✓Periods: agrees']);
    assert.equal(r.lines.length, 0);
  });
});
