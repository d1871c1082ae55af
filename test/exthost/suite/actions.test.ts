// Actions that do what they say, in a web window (code-server): the "Exported …" notification
// offers only what this window can do with the file, and palette commands act on what the user has
// in front of them before asking.
import * as assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import { EXTENSION_ID, clickOnScreen, readScreen, waitFor } from '../helpers';
import { children, extensionApi, is, settled, type ContractLike } from './treeSupport';

describe('Actions that work in a web window', function () {
  this.timeout(60_000);
  let server: SampleServer;
  let outside: string;
  const written: string[] = [];
  const config = () => vscode.workspace.getConfiguration('campfire');

  before(async () => {
    server = await startSampleServer({ token: 'actions-exthost-key', contracts: 12, seed: 19 });
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-exthost-actions-'));
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('campfire.signIn', { apiKey: 'actions-exthost-key' });
  });

  after(async () => {
    await vscode.commands.executeCommand('notifications.hideList');
    await vscode.commands.executeCommand('notifications.clearAll');
    for (const f of written) fs.rmSync(f, { force: true });
    await vscode.commands.executeCommand('campfire.signOut');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await server.close();
  });

  /** Exports the contracts to `file` and returns the buttons of the notification that says so (not the progress's Cancel). */
  async function exportAndReadButtons(file: string, format: string): Promise<string[] | undefined> {
    await vscode.commands.executeCommand('notifications.clearAll');
    written.push(file);
    await vscode.commands.executeCommand('campfire.exportContracts', { format, uri: vscode.Uri.file(file) });
    await vscode.commands.executeCommand('notifications.showList');
    let buttons: string[] | undefined;
    await waitFor(
      async () => {
        const screen = await readScreen('.notifications-center .monaco-list-row[aria-label*="Exported"] .monaco-button');
        buttons = screen?.map((b) => b.text.trim());
        return screen === undefined || screen.length > 0;
      },
      10_000,
      'the notification’s buttons',
    );
    return buttons;
  }

  it('a file in the workspace: Open File, Reveal in Explorer and Download; no Reveal (no OS file manager here)', async () => {
    assert.equal(vscode.env.uiKind, vscode.UIKind.Web, 'the suite runs in a web window');
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    const buttons = await exportAndReadButtons(path.join(folder.uri.fsPath, 'actions-contracts.csv'), 'csv');
    if (buttons) assert.deepEqual(buttons, ['Open File', 'Reveal in Explorer', 'Download']);
  });

  it('a file outside the workspace: Download serves it once to the browser, through the window’s port forwarding', async () => {
    const file = path.join(outside, 'actions-contracts-outside.csv');
    const buttons = await exportAndReadButtons(file, 'csv');
    if (!buttons) return; // no harness browser: nothing to click
    assert.deepEqual(buttons, ['Open File', 'Download']);
    // The browser would take the one download the link allows: the test takes it instead.
    const env = vscode.env as { openExternal: (uri: vscode.Uri) => Thenable<boolean> };
    const openExternal = env.openExternal;
    let opened: vscode.Uri | undefined;
    env.openExternal = (uri) => {
      opened = uri;
      return Promise.resolve(true);
    };
    try {
      await clickOnScreen('.notifications-center .monaco-list-row[aria-label*="Exported"] .monaco-button:has-text("Download")');
      await waitFor(() => opened !== undefined, 10_000, 'the download link to open');
    } finally {
      env.openExternal = openExternal;
    }
    assert.ok(opened);
    const url = opened.toString(true);
    assert.match(url, /^https?:\/\/[^/]+\/(.+\/)?[A-Za-z0-9_-]{32}\/actions-contracts-outside\.csv$/, 'a random path, nothing of the file’s folder');
    const first = await fetch(url);
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('content-disposition'), `attachment; filename="actions-contracts-outside.csv"; filename*=UTF-8''actions-contracts-outside.csv`);
    assert.equal(Buffer.from(await first.arrayBuffer()).toString('utf8'), fs.readFileSync(file, 'utf8'), 'the file, whole');
    const again = await fetch(url);
    assert.equal(again.status >= 400, true, `served once only, then ${again.status}`);
  });

  it('an XLSX outside the workspace, with no viewer installed: Find a Viewer, never a binary file in a text editor', async () => {
    const buttons = await exportAndReadButtons(path.join(outside, 'actions-contracts.xlsx'), 'xlsx');
    if (buttons) assert.deepEqual(buttons, ['Find a Viewer', 'Download']);
  });

  /**
   * The title (starting with `prefix`) of the picker `run` shows, read from the screen; the picker is
   * then closed and `run` awaited. The prefix tells it from the title a closed picker leaves behind.
   */
  async function pickerTitle(prefix: string, run: () => Thenable<unknown>): Promise<string | undefined> {
    const done = Promise.resolve(run());
    let title: string | undefined;
    try {
      await waitFor(
        async () => {
          const screen = await readScreen('.quick-input-widget .quick-input-title');
          title = screen?.map((t) => t.text.trim()).find((t) => t.startsWith(prefix));
          return screen === undefined || title !== undefined;
        },
        10_000,
        'a picker',
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await done;
    }
    return title;
  }

  it('Copy ID from the palette copies the ID of the contract selected in the tree, without asking', async () => {
    const tree = (await extensionApi()).tree;
    await vscode.commands.executeCommand('campfire.contracts.focus');
    await children(tree);
    await settled(tree);
    const contract = (await children(tree)).filter((r) => is(r, 'contract'))[1];
    assert.ok(contract, 'a contract in the tree');
    // The workbench knows the row once it has drawn the tree: until then, reveal fails.
    await waitFor(() => Promise.resolve(tree.view.treeView.reveal(contract.node, { select: true, focus: true })).then(() => true, () => false), 10_000, 'the contract to be revealed');
    await waitFor(() => tree.view.treeView.selection[0] === contract.node, 5000, 'the contract to be selected');
    const asked = new Promise<'asked'>((resolve) => setTimeout(() => resolve('asked'), 5000));
    const copied = await Promise.race([vscode.commands.executeCommand<string | undefined>('campfire.copyId'), asked]);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(copied, String((contract.node as ContractLike).contractId), 'the selected contract’s ID, no picker');
    assert.equal(await vscode.env.clipboard.readText(), copied);
  });

  it('Export Usage Events from the palette exports the commit of the panel in front of the user: it asks for the format only', async () => {
    const c = server.dataset.contracts().find((x) => server.dataset.prepaidCommits(x.id).some((p) => server.dataset.usageEventCount(x.id, p.id) > 0));
    assert.ok(c, 'a contract with usage events');
    const commit = server.dataset.prepaidCommits(c.id).find((p) => server.dataset.usageEventCount(c.id, p.id) > 0);
    assert.ok(commit);
    await vscode.commands.executeCommand('campfire.openUsageEvents', { contractId: c.id, commitId: commit.id });
    try {
      const title = await pickerTitle('Export Usage Events', () => vscode.commands.executeCommand('campfire.exportUsageEvents'));
      if (title !== undefined) assert.equal(title, 'Export Usage Events: format');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  it('the account picker names an account called by its host once', async () => {
    const host = new URL(server.url).host;
    const picking = vscode.commands.executeCommand('campfire.switchAccount');
    try {
      let row: string | undefined;
      await waitFor(
        async () => {
          const rows = await readScreen('.quick-input-list .monaco-list-row');
          row = rows?.map((r) => r.text).find((t) => t.includes(host));
          return rows === undefined || row !== undefined;
        },
        10_000,
        'the account in the picker',
      );
      if (row !== undefined) assert.equal(row.split(host).length - 1, 1, `the host once: "${row}"`);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await picking;
    }
  });

  it('a key revoked on the server shows in the status bar, which then offers to update it', async () => {
    const api = await extensionApi();
    await waitFor(() => api.services.connection.account !== undefined, 5000, 'the account in use');
    const label = api.services.connection.account?.label ?? '';
    // The same origin now refuses the key, as after a revocation.
    const port = Number(new URL(server.url).port);
    await server.close();
    server = await startSampleServer({ token: 'actions-exthost-other-key', contracts: 12, seed: 19, port });
    api.tree.view.reload();
    void children(api.tree);
    await waitFor(() => api.statusBar.text === `$(key) ${label}: key rejected`, 10_000, `the status bar to say the key is rejected (it reads "${api.statusBar.text}")`);
    const command = api.statusBar.command;
    assert.equal(typeof command === 'string' ? command : command?.command, 'campfire.signIn');
    assert.match(api.statusBar.accessibilityInformation?.label ?? '', /key rejected/);
  });

  it("a rejected key's notice closes when the user enters sample data or switches account", async () => {
    // Continues from the test above: the server refuses the key the window holds.
    const api = await extensionApi();
    const rejectedKeyNotices = async () => {
      await vscode.commands.executeCommand('notifications.showList');
      const shown = await readScreen('.notifications-center .notification-list-item-message');
      return shown?.map((m) => m.text).filter((t) => t.includes('Campfire rejected the API key'));
    };
    const noticeCount = async (count: number, what: string) => {
      let seen: string[] | undefined;
      await waitFor(
        async () => {
          seen = await rejectedKeyNotices();
          return seen === undefined || seen.length === count;
        },
        10_000,
        what,
      ).catch((e: unknown) => {
        throw new Error(`${(e as Error).message}: the notifications read ${JSON.stringify(seen)}`, { cause: e });
      });
      return seen;
    };
    const showRejection = async () => {
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('campfire.contracts.focus');
      api.tree.view.reload();
      void children(api.tree);
      const seen = await noticeCount(1, 'the notice that the key is rejected');
      // Its fix is a link in the notice, as on the status bar item.
      if (seen) {
        const links = await readScreen('.notifications-center .notification-list-item-message a');
        assert.deepEqual(links?.map((l) => l.text), ['Update API Key', 'Show Log']);
      }
    };

    await showRejection();
    await vscode.commands.executeCommand('campfire.exploreSampleData');
    await noticeCount(0, 'the notice to close when sample data is entered');
    await vscode.commands.executeCommand('campfire.leaveSampleData');

    // Two accounts saved: back to the rejected one, then the switcher's choice of the other.
    const rejected = api.services.connection.account;
    assert.ok(rejected, 'the account whose key is rejected');
    const other = await startSampleServer({ token: 'actions-exthost-second-key', contracts: 3, seed: 23 });
    try {
      await config().update('baseUrl', other.url, vscode.ConfigurationTarget.Global);
      await waitFor(() => api.services.connection.origin === other.url, 5000, 'the window to point at the second server');
      assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey: 'actions-exthost-second-key', label: 'Second' }), true);
      const second = api.services.connection.account;
      assert.equal(second?.label, 'Second');
      assert.equal(await vscode.commands.executeCommand('campfire.switchAccount', { accountId: rejected.id }), true);
      await showRejection();
      assert.equal(await vscode.commands.executeCommand('campfire.switchAccount', { accountId: second.id }), true);
      await noticeCount(0, 'the notice to close when another account is in use');
    } finally {
      const second = api.services.accounts.accounts.find((a) => a.label === 'Second');
      if (second) await vscode.commands.executeCommand('campfire.signOut', { accountId: second.id });
      await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
      await other.close();
    }
  });
});

describe('The walkthrough', () => {
  it('has a picture for every step, packaged with the extension', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    const walkthroughs = (ext.packageJSON as { contributes: { walkthroughs: { steps: { id: string; media: { image?: unknown; markdown?: string; svg?: string } }[] }[] } }).contributes.walkthroughs;
    assert.ok(walkthroughs.length > 0);
    for (const step of walkthroughs.flatMap((w) => w.steps)) {
      const image = step.media.image;
      const file = typeof image === 'string' ? image : typeof image === 'object' && image !== null ? (image as Record<string, string>).dark : step.media.svg;
      assert.ok(file, `step ${step.id} has a picture`);
      assert.ok(fs.existsSync(path.join(ext.extensionPath, file)), `${file} exists`);
    }
  });
});
