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

  it('opens a commit\'s usage events', async () => {
    const commit = smallCommit(served);
    await vscode.commands.executeCommand('campfire.openUsageEvents', { contractId: commit.contractId, commitId: commit.commitId });
    await waitForGrid(commit.events);
    // The panel's state is saved with the workbench's layout a moment later.
    await waitFor(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview)), 5_000, 'the panel tab');
  });
});
