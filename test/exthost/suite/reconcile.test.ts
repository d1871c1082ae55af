// Campfire: Reconcile Contract, run as a user runs it (on a contract of the tree, and from the
// palette on the contract selected), against the local Campfire server whose ledgers are derived
// from its events but for a few commits with planted discrepancies.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ReconcileReport } from '../../../src/commands/reconcile';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import { waitFor } from '../helpers';
import { children, is, settled, treeApi, type ContractLike, type Entry } from './treeSupport';

const TOKEN = 'reconcile-exthost-key';

describe('Reconcile Contract', function () {
  this.timeout(120_000);
  let server: SampleServer;
  let tree: Awaited<ReturnType<typeof treeApi>>;
  const config = () => vscode.workspace.getConfiguration('campfire');

  before(async () => {
    server = await startSampleServer({ token: TOKEN, contracts: 30, seed: 4 });
    tree = await treeApi();
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
    await waitFor(() => tree.session.isSignedIn, 5000, 'the session to see the key');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  /** The contract's row in the tree, loading pages until it is there. */
  async function contractRow(contractId: number): Promise<Entry> {
    await settled(tree);
    let root = await children(tree);
    while (!root.some((e) => is(e, 'contract') && (e.node as ContractLike).contractId === contractId) && root.some((e) => is(e, 'loadMore'))) {
      await vscode.commands.executeCommand('campfire.loadMore');
      root = await children(tree);
    }
    const row = root.find((e) => is(e, 'contract') && (e.node as ContractLike).contractId === contractId);
    assert.ok(row, `contract ${contractId} in the tree`);
    return row;
  }

  /** The report in front of the user: the active editor's Markdown. */
  function shownReport(report: ReconcileReport | undefined): string {
    assert.ok(report, 'the command reconciled');
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor, 'the report is in an editor');
    assert.equal(editor.document.uri.toString(), report.uri);
    assert.equal(editor.document.languageId, 'markdown');
    return editor.document.getText();
  }

  it('on a contract of the tree: a Markdown report with a table per commit, the balance break flagged', async () => {
    const planted = server.dataset.wellKnown.discrepancies.balanceBreak;
    assert.ok(planted);
    const row = await contractRow(planted.contractId);
    const report = await vscode.commands.executeCommand<ReconcileReport | undefined>('campfire.reconcileContract', row.node);
    const text = shownReport(report);
    const commits = server.dataset.prepaidCommits(planted.contractId);
    assert.equal(text.match(/^## /gm)?.length, commits.length, 'a section per commit');
    assert.equal(text.match(/^\| Check \| Result \|$/gm)?.length, commits.length, 'a table of checks per commit');
    assert.ok(text.includes(`(commit ${planted.commitId}): ✗ differs`), text.slice(0, 1500));
    assert.match(text, /\| Ledger chain \| previous balance_after → balance_before of row \d+ \(\d{4}-\d{2}\) \| [0-9.]+ \| [0-9.]+ \| \+100\.00 \| ✗ differs \|/);
    assert.equal(report?.result.verdict, 'differs');
    // The tree marks the commit the report found, with no further request for its events.
    const tree = await treeApi();
    const folders = await children(tree, row.node);
    const commitsFolder = folders[0];
    assert.ok(commitsFolder);
    const commit = (await children(tree, commitsFolder.node)).find((c) => is(c, 'prepaidCommit') && (c.node as { commitId?: number }).commitId === planted.commitId);
    assert.ok(commit, 'the planted commit in the tree');
    const tooltip = commit.item.tooltip;
    assert.ok(tooltip instanceof vscode.MarkdownString);
    assert.match(tooltip.value, /✗ Does not reconcile \\?\(checked .+?\\?\)\\?: Ledger chain\\?: \\?\+100\\?\.00 [A-Z]{3}/, tooltip.value);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('from the palette: the contract selected in the tree, all of its commits agreeing', async () => {
    const ds = server.dataset;
    const planted = new Set(Object.values(ds.wellKnown.discrepancies).map((c) => c.contractId));
    const clean = ds.contracts().find((c) => !planted.has(c.id) && c.id !== ds.wellKnown.contractWithManyCommits && ds.prepaidCommits(c.id).length >= 2);
    assert.ok(clean);
    const row = await contractRow(clean.id);
    assert.ok(await tree.view.reveal(row.node, { select: true, focus: true }), 'the row revealed');
    await waitFor(() => (tree.view.treeView.selection[0] as ContractLike | undefined)?.contractId === clean.id, 5000, 'the contract to be selected');
    const report = await vscode.commands.executeCommand<ReconcileReport | undefined>('campfire.reconcileContract');
    const text = shownReport(report);
    const n = ds.prepaidCommits(clean.id).length;
    assert.ok(text.includes(`✓ All ${n} commits reconcile.`), text.slice(0, 800));
    assert.equal(text.match(/: ✓ agrees$/gm)?.length, n);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
