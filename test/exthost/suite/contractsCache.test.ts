// The Contracts tree from the local cache, against the local Campfire server over HTTP: cached
// contracts show at once (with their age) while a slow server answers, a delta sync of three
// requests finds contracts added, modified and deleted and lists them in the Changes view (badge,
// fields, a diff of both versions), and with the server unreachable the cached contracts and
// commits stay browsable, say they are offline data, and refresh by themselves once it answers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { prepaidCommits } from '../../../src/resources';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import type { CampfireTestingApi } from '../probe/testingApi';
import { screenshot, screenshotFile, waitFor, withWideSideBar } from '../helpers';
import { children, is, label, settled, treeApi, type ContractLike, type Entry } from './treeSupport';
import { FaultPlan } from '../../unit/support/faults';

type ContractsTreeApi = CampfireTestingApi['tree'];

const TOKEN = 'contracts-cache-suite-key-7a2d';
const PAGE = 50;
const CONTRACTS = 120;

describe('Contracts cache, delta sync and Changes', function () {
  this.timeout(90_000);
  let server: SampleServer;
  const faults = new FaultPlan();
  let tree: ContractsTreeApi;
  const config = () => vscode.workspace.getConfiguration('campfire');
  const contractIds = (nodes: Entry[]) => nodes.filter((n) => is(n, 'contract')).map((n) => (n.node as ContractLike).contractId);
  const contractPaths = () => server.requests.filter((r) => r.path === '/rr/api/v1/contracts');

  before(async () => {
    server = await startSampleServer({ token: TOKEN, contracts: CONTRACTS, seed: 23, faults });
    tree = await treeApi();
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', PAGE, vscode.ConfigurationTarget.Global);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: TOKEN }), true);
    await waitFor(() => tree.session.isSignedIn, 5000, 'the session to see the key');
    // Every contract read once, and a contract's commits: what the cache then holds.
    tree.view.reload();
    await children(tree);
    await vscode.commands.executeCommand('campfire.loadAll');
    await settled(tree);
    await tree.model.loadChildren(server.dataset.wellKnown.contractWithManyCommits);
    await tree.model.flushed();
  });

  after(async () => {
    faults.set({});
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  it('shows the cached contracts at once, marked with their age, then syncs them by delta', async () => {
    // Every answer takes 2 s: whatever shows before that came from the cache.
    faults.set({ latencyMs: 2000 });
    server.resetRecording();
    const started = Date.now();
    tree.view.reload(true);
    const root = await children(tree);
    const took = Date.now() - started;
    assert.ok(took < 1500, `the cached rows took ${took} ms`);
    assert.deepEqual(contractIds(root), server.dataset.contracts().map((c) => c.id));
    await waitFor(() => / · as of /.test(tree.view.treeView.description ?? ''), 3000, 'the description to say how old the contracts are');
    await waitFor(() => tree.model.contracts.cachedAt === undefined && !tree.model.contracts.isBusy, 15_000, 'the sync to end');
    faults.set({});
    const asked = contractPaths().map((r) => new URLSearchParams(r.query).toString());
    assert.equal(asked.length, 3, asked.join('\n'));
    await waitFor(() => !/as of/.test(tree.view.treeView.description ?? ''), 3000, 'the age to go once synced');
  });

  it('a delta sync with changes and deletions lists them in the Changes view, with a diff of a modified contract', async () => {
    tree.view.reload(true);
    await children(tree);
    await waitFor(() => tree.model.contracts.cachedAt === undefined && !tree.model.contracts.isBusy, 15_000, 'the start-up sync');
    const listed = server.dataset.contracts();
    const [a, b, c, d] = [listed[2], listed[40], listed[77], listed[100]];
    assert.ok(a && b && c && d);
    server.dataset.modifyContracts([a.id, b.id], (x) => ({ deal_name: `${x.deal_name ?? ''} (amended)`, total_contract_value: (x.total_contract_value ?? 0) + 1000 }));
    server.dataset.removeContracts([c.id, d.id]);
    const [added] = server.dataset.insertContracts(1, CONTRACTS);
    assert.ok(added);

    server.resetRecording();
    await vscode.commands.executeCommand('campfire.refresh');
    await settled(tree);
    await tree.model.flushed();
    assert.equal(contractPaths().length, 3, contractPaths().map((r) => new URLSearchParams(r.query).toString()).join('\n'));
    assert.deepEqual(contractIds(await children(tree)), server.dataset.contracts().map((x) => x.id), 'the tree equals a full re-list');

    const changes = tree.changes;
    await waitFor(() => changes.treeView.badge?.value === 5, 3000, 'the badge to count 5 changes');
    const groups = changes.getChildren();
    const titled = groups.map((g) => label(changes.getTreeItem(g)));
    assert.deepEqual(titled, ['Added (1)', 'Modified (2)', 'Deleted (2)']);
    const items = (i: number) => changes.getChildren(groups[i]).map((n) => changes.getTreeItem(n));
    assert.deepEqual(items(0).map((t) => label(t)), [added.deal_name]);
    const modified = items(1);
    assert.deepEqual(modified.map((t) => t.id), [`changes/modified/${a.id}`, `changes/modified/${b.id}`]);
    assert.equal(modified[0]?.description, 'deal_name, total_contract_value');
    assert.deepEqual(items(2).map((t) => t.id), [`changes/deleted/${c.id}`, `changes/deleted/${d.id}`]);

    // The diff editor of the previous and the current JSON.
    const command = modified.at(0)?.command;
    assert.ok(command);
    assert.equal(command.command, 'vscode.diff');
    await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
    await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputTextDiff, 5000, 'a diff editor');
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input as vscode.TabInputTextDiff;
    const before = JSON.parse((await vscode.workspace.openTextDocument(input.original)).getText()) as { deal_name: string };
    const after = JSON.parse((await vscode.workspace.openTextDocument(input.modified)).getText()) as { deal_name: string };
    assert.equal(before.deal_name, a.deal_name);
    assert.equal(after.deal_name, `${a.deal_name ?? ''} (amended)`);
    // What a user sees: the Changes view (its groups open) beside the diff.
    await vscode.commands.executeCommand('campfire.changes.focus');
    await withWideSideBar(() => screenshot(screenshotFile('changes-view.png'), 1000));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('offline: shows the cached contracts and commits as offline data, and refreshes by itself when Campfire answers', async () => {
    const contractId = server.dataset.wellKnown.contractWithManyCommits;
    const cachedCommits = server.dataset.prepaidCommits(contractId).map((x) => x.id);
    faults.set({ rate: 1, kinds: ['reset'] });
    try {
      tree.view.reload(true);
      const root = await children(tree);
      assert.deepEqual(contractIds(root.filter((n) => !is(n, 'error'))), server.dataset.contracts().map((x) => x.id));
      await waitFor(() => /^Offline — showing data from /.test(tree.view.treeView.message ?? ''), 20_000, `the offline message (now: ${tree.view.treeView.message ?? ''})`);
      const contract = (await children(tree)).find((n) => is(n, 'contract') && (n.node as ContractLike).contractId === contractId);
      assert.ok(contract, 'the contract with commits is among the cached ones');
      const [commitsFolder] = await children(tree, contract.node);
      assert.ok(commitsFolder);
      const commits = await children(tree, commitsFolder.node);
      assert.ok(commits[0] && is(commits[0], 'error'), 'a warning above the cached commits');
      assert.match(label(commits[0].item), /^Offline — showing prepaid commits from /);
      assert.deepEqual(commits.filter((n) => is(n, 'prepaidCommit')).map((n) => (n.node as ContractLike & { commitId: number }).commitId), cachedCommits);
      assert.ok(await tree.view.reveal(commits[0].node, { select: true, focus: true }), 'the row revealed');
      await withWideSideBar(() => screenshot(screenshotFile('tree-offline.png'), 1000));
    } finally {
      faults.set({});
    }
    // Nothing is clicked: the view tries again by itself.
    await waitFor(() => tree.model.contracts.error === undefined && tree.model.contracts.cachedAt === undefined, 45_000, 'the contracts to refresh by themselves');
    await waitFor(() => tree.model.children(prepaidCommits, contractId).error === undefined, 10_000, 'the commits to refresh by themselves');
    await waitFor(() => !/Offline/.test(tree.view.treeView.message ?? ''), 3000, 'the offline message to go');
  });
});
