// Several Campfire accounts, as a user sees them: two local servers (two origins), signed in to
// both; switching between them changes the tree's contracts, the view's title and the status bar;
// the status bar says when the server is unreachable or rate-limiting; Campfire is an
// authentication provider (VS Code's Accounts menu) with a session per account; signing out of
// one account leaves the other. Screenshots: the account switcher and the Accounts list.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Account } from '../../../src/core/accounts';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import type { CampfireTestingApi } from '../probe/testingApi';
import { canScreenshot, screenshot, screenshotFile, typeKeys, waitFor } from '../helpers';
import { children, extensionApi, is, serverList, settled, type ContractLike } from './treeSupport';
import { FaultPlan } from '../../unit/support/faults';

const TOKEN_A = 'accounts-suite-production-5b1d';
const TOKEN_B = 'accounts-suite-sandbox-93e0';
const LABEL_A = 'Acme Production';
const LABEL_B = 'Acme Sandbox';

describe('Accounts: two origins, the account switcher, the status bar and the Accounts menu', function () {
  this.timeout(60_000);
  let a: SampleServer;
  let b: SampleServer;
  const faultsB = new FaultPlan();
  let api: CampfireTestingApi;
  let tree: CampfireTestingApi['tree'];
  const config = () => vscode.workspace.getConfiguration('campfire');
  const account = (label: string): Account => {
    const found = api.services.accounts.accounts.find((x) => x.label === label);
    assert.ok(found, `the account "${label}" is saved`);
    return found;
  };
  const statusText = () => api.statusBar.text;
  /** The Contracts view names the account first in its description ("Acme · 130"). */
  const namesAccount = (name: string) => tree.view.treeView.description === name || (tree.view.treeView.description ?? '').startsWith(`${name} · `);
  /** The tooltip's text, Markdown escapes removed. */
  const tooltip = () => {
    const t = api.statusBar.tooltip;
    return (typeof t === 'string' ? t : (t?.value ?? '')).replace(/\\(.)/g, '$1').replace(/&nbsp;/g, ' ');
  };
  /** Waits for the status bar to read `text`; the failure says what it read instead. */
  const statusIs = async (text: string, ms: number, what: string) => {
    try {
      await waitFor(() => statusText() === text, ms, what);
    } catch (e) {
      throw new Error(`${(e as Error).message}: it reads "${statusText()}" (health ${JSON.stringify(api.services.connection.health)})`, { cause: e });
    }
  };
  /** The contracts in the tree, as the workbench gets them, once loaded. */
  const treeContracts = async () => {
    await waitFor(() => tree.session.isActive, 5000, 'the view to see the account');
    await children(tree);
    await settled(tree);
    return (await children(tree)).filter((r) => is(r, 'contract')).map((r) => (r.node as ContractLike).contractId);
  };
  const serverIds = async (server: SampleServer, token: string) => (await serverList(server.url, token, '/rr/api/v1/contracts')).map((c) => c.id);
  const signInAt = async (server: SampleServer, apiKey: string, label: string) => {
    await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
    await waitFor(() => api.services.connection.origin === server.url, 5000, `the window to point at ${server.url}`);
    assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey, label }), true);
  };
  const switchTo = (label: string) => vscode.commands.executeCommand<boolean>('campfire.switchAccount', { accountId: account(label).id });

  before(async () => {
    // Two servers with different data: 23 and 37 contracts, other seeds.
    a = await startSampleServer({ token: TOKEN_A, contracts: 23, seed: 31 });
    b = await startSampleServer({ token: TOKEN_B, contracts: 37, seed: 47, faults: faultsB });
    api = await extensionApi();
    tree = api.tree;
    await vscode.commands.executeCommand('campfire.leaveSampleData');
    await vscode.commands.executeCommand('campfire.signOutAll');
    await signInAt(a, TOKEN_A, LABEL_A);
    await signInAt(b, TOKEN_B, LABEL_B);
    await vscode.commands.executeCommand('campfire.contracts.focus');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('campfire.leaveSampleData');
    await vscode.commands.executeCommand('campfire.signOutAll');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await a.close();
    await b.close();
  });

  it('keeps an account per origin; the last one signed in is in use, named in the title and the status bar', async () => {
    assert.deepEqual(
      api.services.accounts.accounts.map((x) => [x.label, x.origin]),
      [
        [LABEL_A, a.url],
        [LABEL_B, b.url],
      ],
    );
    assert.equal(api.services.connection.account?.label, LABEL_B);
    await waitFor(() => namesAccount(LABEL_B), 5000, 'the description to name the account');
    assert.equal(statusText(), `$(flame) ${LABEL_B}`);
    assert.equal(api.statusBar.name, 'Campfire');
    const command = api.statusBar.command;
    assert.equal(typeof command === 'string' ? command : command?.command, 'campfire.switchAccount');
    assert.equal(api.statusBar.accessibilityInformation?.label, `Campfire account ${LABEL_B} (${new URL(b.url).host})`);
    assert.deepEqual(await treeContracts(), await serverIds(b, TOKEN_B));
  });

  it("switching accounts (campfire.switchAccount with an accountId) shows the other server's contracts, with its key, under its name", async () => {
    a.resetRecording();
    b.resetRecording();
    assert.equal(await switchTo(LABEL_A), true);
    // The account in use is the window's state: the user's settings.json is left as they wrote it.
    assert.equal(config().inspect<string>('baseUrl')?.globalValue, b.url, "the user's setting is not rewritten");
    await waitFor(() => api.services.connection.origin === a.url, 5000, 'the window to point at the first server');
    assert.equal(api.services.connection.account?.label, LABEL_A);
    await waitFor(() => namesAccount(LABEL_A), 5000, 'the description to name the account');
    const ids = await treeContracts();
    assert.deepEqual(ids, await serverIds(a, TOKEN_A));
    assert.notDeepEqual(ids, await serverIds(b, TOKEN_B));
    assert.ok(a.requests.length > 0 && a.requests.every((r) => r.authorization === `Token ${TOKEN_A}`), 'only the first key went to the first server');
    assert.ok(b.requests.every((r) => r.authorization === `Token ${TOKEN_B}`), 'the first key never went to the second server');

    await statusIs(`$(flame) ${LABEL_A}`, 3000, 'the status bar to name the account');
    // The tooltip: the origin, the account, the time of the last successful request.
    await waitFor(() => !tooltip().includes('none yet'), 3000, 'the tooltip to show a successful request');
    assert.match(tooltip(), new RegExp(`Account: ${LABEL_A} \\(127\\.0\\.0\\.1:\\d+\\)`));
    assert.ok(tooltip().includes(a.url), tooltip());
    assert.match(tooltip(), /Last successful request: \d\d:\d\d:\d\d/);

    // And back.
    assert.equal(await switchTo(LABEL_B), true);
    await waitFor(() => namesAccount(LABEL_B), 5000, 'the description to name the other account');
    assert.deepEqual(await treeContracts(), await serverIds(b, TOKEN_B));
    await statusIs(`$(flame) ${LABEL_B}`, 3000, 'the status bar to name the other account');
  });

  it('the status bar says when the server is unreachable or rate-limiting, and recovers', async () => {
    await treeContracts();
    try {
      // Connections reset on every request: the client retries, then gives up.
      faultsB.inject({ kind: 'reset', times: 1000 });
      tree.view.reload();
      void children(tree);
      await statusIs(`$(debug-disconnect) ${LABEL_B}: unreachable`, 10_000, 'the status bar to say unreachable');
      assert.match(tooltip(), /Unreachable\*\* since .+: Could not reach Campfire \(/);
      assert.match(tooltip(), /Last successful request: /);
      assert.match(api.statusBar.accessibilityInformation?.label ?? '', /: unreachable$/);
      await settled(tree, 30_000);
    } finally {
      faultsB.set({});
    }
    tree.view.reload();
    await treeContracts();
    await statusIs(`$(flame) ${LABEL_B}`, 3000, 'the status bar to recover');

    try {
      // Two 429s (Retry-After: 1): the client waits, and the status bar says why meanwhile.
      faultsB.inject({ kind: '429', times: 2, retryAfter: '1' });
      tree.view.reload();
      void children(tree);
      await statusIs(`$(watch) ${LABEL_B}: rate-limited`, 5000, 'the status bar to say rate-limited');
      assert.match(tooltip(), /Rate-limited\*\* \(429\) since /);
      await settled(tree, 30_000);
    } finally {
      faultsB.set({});
    }
    await statusIs(`$(flame) ${LABEL_B}`, 3000, 'the status bar to recover from the rate limit');
  });

  it('notices by itself when Campfire answers again', async () => {
    await treeContracts();
    try {
      faultsB.inject({ kind: 'reset', times: 1000 });
      tree.view.reload();
      void children(tree);
      await statusIs(`$(debug-disconnect) ${LABEL_B}: unreachable`, 10_000, 'the status bar to say unreachable');
      assert.match(tooltip(), /checked again by itself/);
      await settled(tree, 30_000);
    } finally {
      faultsB.set({});
    }
    // No reload, no click: the window checks again (5 s after the outage) and recovers.
    await statusIs(`$(flame) ${LABEL_B}`, 20_000, 'the status bar to recover by itself');
  });

  it('shows sample data in the status bar while exploring it', async () => {
    await vscode.commands.executeCommand('campfire.exploreSampleData');
    await statusIs('$(beaker) Sample data', 3000, 'the sample-data status');
    await waitFor(() => tree.view.treeView.title === 'Contracts (Sample Data)', 3000, 'the sample-data title');
    // Choosing an account leaves sample data.
    assert.equal(await switchTo(LABEL_B), true);
    assert.equal(tree.sample.active, false);
    await statusIs(`$(flame) ${LABEL_B}`, 3000, 'the account again');
    await waitFor(() => namesAccount(LABEL_B), 3000, 'the account in the description again');
  });

  it("a workspace's base URL wins over the switch, and the switcher says so", async () => {
    const infos: string[] = [];
    const log = api.services.log;
    const info = log.info.bind(log);
    log.info = (message: string) => {
      infos.push(message);
      info(message);
    };
    try {
      const userValue = config().inspect<string>('baseUrl')?.globalValue;
      await config().update('baseUrl', b.url, vscode.ConfigurationTarget.Workspace);
      assert.equal(await switchTo(LABEL_A), false, 'the window stays where the workspace points it');
      assert.equal(config().inspect<string>('baseUrl')?.globalValue, userValue, "the user's setting is not rewritten");
      assert.equal(api.services.connection.origin, b.url);
      assert.equal(api.services.connection.account?.label, LABEL_B);
      assert.ok(infos.some((m) => m.includes('this workspace keeps the window at 127.0.0.1:')), infos.join('\n'));
    } finally {
      Reflect.deleteProperty(log, 'info');
      await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
    await waitFor(() => api.services.connection.origin === a.url, 5000, "the user's setting to apply once the workspace's is gone");
    assert.equal(await switchTo(LABEL_B), true);
    await waitFor(() => api.services.connection.origin === b.url, 5000, 'back at the second server');
  });

  it("is an authentication provider: a session per account, for VS Code's Accounts menu", async () => {
    // An extension (this one included) gets a session only once the user allowed it: VS Code asks
    // through an entry in the Accounts menu ("Grant access to Campfire…"), which opens a picker
    // of the accounts. The test chooses the first one there, as a user would.
    let session = await vscode.authentication.getSession('campfire', [], { silent: true });
    if (!session) {
      assert.equal(await vscode.authentication.getSession('campfire', []), undefined, 'no session before access is granted');
      const commands = await vscode.commands.getCommands(true);
      const grant = commands.find((c) => c.startsWith('campfire') && c.endsWith('Access'));
      assert.ok(grant, 'the Accounts menu offers to grant access');
      void vscode.commands.executeCommand(grant);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await waitFor(async () => (await vscode.authentication.getSession('campfire', [], { silent: true })) !== undefined, 5000, 'access to be granted');
      session = await vscode.authentication.getSession('campfire', [], { silent: true });
    }
    assert.ok(session);
    const first = account(LABEL_A);
    assert.equal(session.id, first.id);
    assert.equal(session.accessToken, TOKEN_A);
    assert.equal(session.account.id, first.id);
    assert.equal(session.account.label, `${LABEL_A} (${new URL(a.url).host})`);
    assert.deepEqual(session.scopes, []);
    // The other account is there too (asked for by name, as the Accounts menu does).
    const second = account(LABEL_B);
    const sessions = await vscode.authentication.getSession('campfire', [], { silent: true, account: { id: second.id, label: `${LABEL_B} (${new URL(b.url).host})` } });
    // Access is per account: the second may still need the user's consent; the provider lists it either way.
    if (sessions) assert.equal(sessions.accessToken, TOKEN_B);
  });

  it('the account switcher (screenshot), and Campfire in the list of accounts (screenshot)', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    const picker = vscode.commands.executeCommand('campfire.switchAccount');
    await screenshot(screenshotFile('account-picker.png'), 1500);
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.equal(await picker, undefined, 'dismissing the picker changes nothing');
    assert.equal(api.services.connection.account?.label, LABEL_B);
    if (canScreenshot) {
      // Chosen with the keyboard: the account in use is the active item; the one above it is the other.
      const choosing = vscode.commands.executeCommand('campfire.switchAccount');
      await new Promise((resolve) => setTimeout(resolve, 800));
      await typeKeys({ press: ['ArrowUp', 'Enter'] });
      await choosing;
      await waitFor(() => api.services.connection.account?.label === LABEL_A, 5000, 'the account chosen in the picker to be used');
      await statusIs(`$(flame) ${LABEL_A}`, 3000, 'the status bar to name the account chosen');
      assert.equal(await switchTo(LABEL_B), true);
    }

    // VS Code's Accounts menu, opened from the keyboard as a user without a mouse does: the
    // activity bar, its last entry, Tab to the Accounts button, Enter. Each account is listed with
    // "(Campfire)"; Right opens the first one's submenu (Sign Out).
    await vscode.commands.executeCommand('workbench.action.focusActivityBar');
    await typeKeys({ press: ['End', 'Tab', 'Enter'] });
    await new Promise((resolve) => setTimeout(resolve, 800));
    await typeKeys({ press: ['ArrowDown', 'ArrowRight'] });
    await screenshot(screenshotFile('accounts-menu.png'), 1000);
    await typeKeys({ press: ['Escape', 'Escape'] });
  });

  it("signing out of one account (the Accounts menu's Sign Out) leaves the other", async () => {
    const removed: string[] = [];
    const listener = vscode.authentication.onDidChangeSessions((e) => {
      if (e.provider.id === 'campfire') removed.push('changed');
    });
    try {
      const first = account(LABEL_A);
      if (canScreenshot) {
        // The first account's submenu in the Accounts menu, then Sign Out: VS Code confirms (a
        // dialog that extension tests answer Yes to by themselves) and asks the provider to remove
        // the session, which signs out of that account.
        await vscode.commands.executeCommand('workbench.action.focusActivityBar');
        await typeKeys({ press: ['End', 'Tab', 'Enter'] });
        await new Promise((resolve) => setTimeout(resolve, 800));
        await typeKeys({ press: ['ArrowDown', 'ArrowRight', 'ArrowDown', 'Enter'] });
      } else {
        // Desktop runs have no keyboard to drive: the command the provider's removeSession runs.
        await vscode.commands.executeCommand('campfire.signOut', { accountId: first.id });
      }
      await waitFor(() => api.services.accounts.accounts.length === 1, 5000, 'the sign-out');
      assert.deepEqual(
        api.services.accounts.accounts.map((x) => x.label),
        [LABEL_B],
      );
      await waitFor(() => removed.length > 0, 5000, "the provider's sessions to change");
      const session = await vscode.authentication.getSession('campfire', [], { silent: true });
      assert.notEqual(session?.id, first.id, 'no session for the account signed out of');
      // The window still uses the other account.
      assert.equal(api.services.connection.account?.label, LABEL_B);
      await statusIs(`$(flame) ${LABEL_B}`, 3000, 'the status bar to keep the account');
      assert.deepEqual(await treeContracts(), await serverIds(b, TOKEN_B));
      // Pointing at the first origin again: signed out there.
      await config().update('baseUrl', a.url, vscode.ConfigurationTarget.Global);
      await statusIs('$(account) Signed out', 5000, 'the status bar to say signed out');
      assert.match(api.statusBar.accessibilityInformation?.label ?? '', /Sign in to 127\.0\.0\.1:\d+/);
      await waitFor(() => tree.view.treeView.title === 'Contracts', 3000, 'the plain title');
      assert.deepEqual(await children(tree), [], 'the welcome view');
    } finally {
      listener.dispose();
    }
  });

  it('Add Account… in the switcher asks for a name, an origin and the key, and uses the new account', async function () {
    if (!canScreenshot) this.skip(); // typing needs the harness's browser
    const adding = vscode.commands.executeCommand('campfire.switchAccount');
    await new Promise((resolve) => setTimeout(resolve, 800));
    await typeKeys({ text: 'Add Account', press: ['Enter'] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await typeKeys({ text: 'Acme Again', press: ['Enter'] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    // The origin box starts with the window's origin; typed over with the first server's.
    await typeKeys({ press: ['Control+A'] });
    await typeKeys({ text: a.url, press: ['Enter'] });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await typeKeys({ text: TOKEN_A, press: ['Enter'] });
    await adding;
    await waitFor(() => api.services.accounts.accounts.length === 2, 5000, 'the account to be added');
    assert.equal(api.services.connection.account?.label, 'Acme Again');
    assert.equal(api.services.connection.origin, a.url);
    await statusIs('$(flame) Acme Again', 3000, 'the status bar to name the new account');
    await waitFor(() => namesAccount('Acme Again'), 3000, 'the description to name the new account');
    assert.deepEqual(await treeContracts(), await serverIds(a, TOKEN_A));
  });
});
