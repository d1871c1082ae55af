// Restart suite, phase 1 of 3: a user signs in to their Campfire and opens a commit's usage
// events. The harness then reloads the window (a restart: same user data, new extension host).
import * as vscode from 'vscode';
import { activate, waitFor } from '../helpers';
import { ACCOUNT_LABEL, server, served, smallCommit, waitForContracts, waitForGrid } from './reloadSupport';

describe('restart, before: signed in with a panel open', () => {
  it('signs in and shows the account\'s contracts', async () => {
    await activate();
    await vscode.workspace.getConfiguration('campfire').update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    const ok = await vscode.commands.executeCommand<boolean>('campfire.signIn', { apiKey: server.key, label: ACCOUNT_LABEL });
    if (!ok) throw new Error('sign-in was refused');
    await waitForContracts(served, 'the account\'s contracts in the tree');
  });

  it('opens a commit\'s usage events, and lets the workbench save its layout', async function () {
    this.timeout(120_000);
    const commit = smallCommit(served);
    await vscode.commands.executeCommand('campfire.openUsageEvents', { contractId: commit.contractId, commitId: commit.commitId });
    await waitForGrid(commit.events);
    await waitFor(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview)), 5_000, 'the panel tab');
    // The web workbench saves its editors with its state once a minute; on unload it cannot wait
    // for the browser's storage. A user reloads minutes after opening a panel, not at once.
    await new Promise((r) => setTimeout(r, 65_000));
  });
});
