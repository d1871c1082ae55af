// Restart suite, phase 2 of 3: after the restart the window comes back signed in (tree, status
// bar, panel) without any action of the user; then the user turns to the sample data.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getExtension, screenshot, screenshotFile, waitFor } from '../helpers';
import { ACCOUNT_LABEL, sampleData, served, smallCommit, statusBarText, waitForContracts, waitForGrid, welcomeShown } from './reloadSupport';

describe('restart, after: signed in', () => {
  it('shows the account\'s contracts, not the signed-out welcome', async () => {
    const shown = await waitForContracts(served, 'the account\'s contracts after the restart');
    assert.ok(shown.length >= 5);
    assert.equal(await welcomeShown(), false, 'the signed-out welcome is on screen');
    assert.ok(getExtension().isActive);
  });

  it('names the account in the status bar', async () => {
    let text = '';
    await waitFor(async () => (text = await statusBarText()).includes(ACCOUNT_LABEL), 15_000, `the account in the status bar (it says "${text}")`);
  });

  it('restores the usage-events panel with every event', async function () {
    this.timeout(60_000);
    const commit = smallCommit(served);
    await waitForGrid(commit.events);
    await screenshot(screenshotFile('restart-signed-in.png'));
  });

  it('turns to the sample data', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('campfire.exploreSampleData');
    await waitForContracts(sampleData, 'the sample contracts');
  });
});
