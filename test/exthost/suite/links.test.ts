// Links to share: Copy Link on a tree contract and on a usage-events panel, and links opened the
// way VS Code opens them (Developer: Open URL, typed by real keys, hands a link of the window's
// scheme to the extension's UriHandler): the contract revealed and selected, the commit's panel
// opened, a link of another account asking first, a malformed link refused in words.
// In code-server, vscode.env.openExternal on a code-oss:// link tries to launch a desktop app
// instead, and a test run refuses modal dialogs, so the question is answered by a stand-in for
// showWarningMessage that records what the user would read.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { formatLink } from '../../../src/model/campfireLink';
import { startSampleServer, type SampleServer } from '../../../src/sampleServer/server';
import type { CampfireTestingApi } from '../probe/testingApi';
import { canScreenshot, readScreen, screenshot, screenshotFile, typeKeys, waitFor } from '../helpers';
import { children, contextMenu, EXTENSION_ID, extensionApi, is, recordLoggedErrors, settled, type ContractLike } from './treeSupport';

const TOKEN_A = 'links-suite-production-7c2e';
const TOKEN_B = 'links-suite-sandbox-19fa';
const LABEL_A = 'Links Production';
const LABEL_B = 'Links Sandbox';
const PAGE = 40;

describe('Links: Copy Link and opening links', function () {
  this.timeout(60_000);
  let a: SampleServer;
  let b: SampleServer;
  let api: CampfireTestingApi;
  const config = (section = 'campfire') => vscode.workspace.getConfiguration(section);
  const account = (label: string) => {
    const found = api.services.accounts.accounts.find((x) => x.label === label);
    assert.ok(found, `the account "${label}" is saved`);
    return found;
  };
  const use = async (label: string) => {
    assert.equal(await vscode.commands.executeCommand<boolean>('campfire.switchAccount', { accountId: account(label).id }), true);
    await waitFor(() => api.services.connection.account?.label === label && api.tree.session.isActive, 5000, `the window to use ${label}`);
  };
  /** Opens a link through VS Code's URL service, as a click on it in another application would. */
  const open = async (link: string) => {
    if (!canScreenshot) {
      // Desktop VS Code routes its own scheme from openExternal; there are no keys to type there.
      assert.equal(await vscode.env.openExternal(vscode.Uri.parse(link, true)), true);
      return;
    }
    void vscode.commands.executeCommand('workbench.action.url.openUrl');
    await new Promise((resolve) => setTimeout(resolve, 500));
    await typeKeys({ press: ['Control+a'] });
    await typeKeys({ text: link, press: ['Enter'] });
  };
  /** What each warning asked; the stand-in answers with `answer`. */
  const asked: { message: string; detail?: string; modal?: boolean; items: string[] }[] = [];
  let answer: (items: string[]) => string | undefined = () => undefined;
  const showWarningMessage = vscode.window.showWarningMessage;
  /** The link in the copied text: itself, or in a browser window the web address VS Code routes back to this window. */
  const linkIn = (text: string) => {
    if (text.startsWith(`${vscode.env.uriScheme}:`)) return text;
    const q = new URL(text).searchParams;
    return `${q.get('vscode-scheme') ?? ''}://${q.get('vscode-authority') ?? ''}${q.get('vscode-path') ?? ''}?${q.get('vscode-query') ?? ''}`;
  };
  const selectedId = () => api.tree.view.treeView.selection[0]?.id;

  before(async () => {
    a = await startSampleServer({ token: TOKEN_A, contracts: 90, seed: 23 });
    b = await startSampleServer({ token: TOKEN_B, contracts: 30, seed: 29 });
    api = await extensionApi();
    await vscode.commands.executeCommand('campfire.leaveSampleData');
    await vscode.commands.executeCommand('campfire.signOutAll');
    await config().update('pageSize', PAGE, vscode.ConfigurationTarget.Global);
    // VS Code asks once whether an extension may open links; a user answers "do not ask again".
    await config('extensions').update('confirmedUriHandlerExtensionIds', [EXTENSION_ID], vscode.ConfigurationTarget.Global);
    for (const [server, apiKey, label] of [
      [b, TOKEN_B, LABEL_B],
      [a, TOKEN_A, LABEL_A],
    ] as const) {
      await config().update('baseUrl', server.url, vscode.ConfigurationTarget.Global);
      await waitFor(() => api.services.connection.origin === server.url, 5000, `the window to point at ${server.url}`);
      assert.equal(await vscode.commands.executeCommand('campfire.signIn', { apiKey, label }), true);
    }
    await use(LABEL_A);
    await vscode.commands.executeCommand('campfire.contracts.focus');
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = (message: string, ...rest: unknown[]) => {
      const options = typeof rest[0] === 'object' && rest[0] !== null ? (rest[0] as vscode.MessageOptions) : undefined;
      const items = rest.filter((r): r is string => typeof r === 'string');
      asked.push({ message, detail: options?.detail, modal: options?.modal, items });
      return Promise.resolve(answer(items));
    };
  });

  after(async () => {
    (vscode.window as { showWarningMessage: unknown }).showWarningMessage = showWarningMessage;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('campfire.signOutAll');
    await config().update('baseUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await config('extensions').update('confirmedUriHandlerExtensionIds', undefined, vscode.ConfigurationTarget.Global);
    await a.close();
    await b.close();
  });

  /** The link to a contract or a commit in an account. */
  const linkTo = (label: string, contractId: number, commitId?: number) => {
    const acc = account(label);
    return formatLink(vscode.env.uriScheme, EXTENSION_ID, { origin: acc.origin, accountId: acc.id, contractId, ...(commitId === undefined ? {} : { commitId }) });
  };

  it("Copy Link on a tree contract copies a link to it that names the account's origin and id, never its key", async () => {
    await vscode.env.clipboard.writeText('');
    await settled(api.tree);
    const root = await children(api.tree);
    const contract = root.find((r) => is(r, 'contract'));
    assert.ok(contract);
    const id = (contract.node as ContractLike).contractId;
    const text = await vscode.commands.executeCommand<string>('campfire.copyLink', contract.node);
    assert.equal(await vscode.env.clipboard.readText(), text);
    const link = linkTo(LABEL_A, id);
    assert.equal(decodeURIComponent(linkIn(text)), decodeURIComponent(link));
    assert.ok(link.startsWith(`${vscode.env.uriScheme}://${EXTENSION_ID}/contracts/${id}?`), link);
    assert.ok(!text.includes(TOKEN_A) && !text.includes(TOKEN_B), 'no key in the link');
  });

  it('the tree offers Copy Link and Copy Campfire Link on contracts and prepaid commits, the panel both', () => {
    for (const kind of ['campfire.contract', 'campfire.prepaidCommit']) {
      const commands = contextMenu(kind).map((m) => m.command);
      assert.ok(commands.includes('campfire.copyLink') && commands.includes('campfire.copyCampfireLink'), `${kind}: ${commands.join(', ')}`);
    }
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
    assert.ok(
      manifest.contributes.menus['editor/title']?.some((m) => m.command === 'campfire.copyLink' && m.when?.includes("activeWebviewPanelId == 'campfire.usageEvents'")),
      "the usage-events panel's title menu offers Copy Link",
    );
    assert.ok(
      manifest.contributes.menus['editor/title']?.some((m) => m.command === 'campfire.copyCampfireLink' && m.when?.includes("activeWebviewPanelId == 'campfire.usageEvents'")),
      "the usage-events panel's title menu offers Copy Campfire Link",
    );
  });

  it('Copy Campfire Link copies the contract\'s page in the Campfire app, from campfire.openInCampfireUrl', async () => {
    await config().update('openInCampfireUrl', 'https://app.example.com/revenue/contracts/{id}', vscode.ConfigurationTarget.Global);
    try {
      const contract = (await children(api.tree)).find((r) => is(r, 'contract'));
      assert.ok(contract);
      const id = (contract.node as ContractLike).contractId;
      assert.equal(await vscode.commands.executeCommand('campfire.copyCampfireLink', contract.node), `https://app.example.com/revenue/contracts/${id}`);
      assert.equal(await vscode.env.clipboard.readText(), `https://app.example.com/revenue/contracts/${id}`);
    } finally {
      await config().update('openInCampfireUrl', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('opening a contract link reveals and selects the contract, loading pages until it is there', async () => {
    api.tree.view.reload();
    await settled(api.tree);
    const ids = api.tree.model.contracts.items.map((c) => c.id);
    assert.ok(ids.length <= PAGE, 'only the first page is loaded');
    const all = a.dataset.contracts().map((c) => c.id);
    const far = all[PAGE + 5];
    assert.ok(far !== undefined && !ids.includes(far), 'the contract is not on the first page');
    await open(linkTo(LABEL_A, far));
    await waitFor(() => selectedId() === `contract/${far}`, 10_000, `contract ${far} to be selected`);
    assert.equal(api.tree.view.treeView.visible, true);
    await screenshot(screenshotFile('link-revealed-contract.png'));
  });

  it("Copy Link on a usage-events panel copies its commit's link; opening it opens the commit's panel", async () => {
    const commit = a.dataset.contracts().flatMap((c) => a.dataset.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id })))[0];
    assert.ok(commit, 'the sample data has a prepaid commit');
    await vscode.commands.executeCommand('campfire.openUsageEvents', commit);
    await waitFor(() => api.tree.usageEventsPanels.find(commit)?.panel.active === true, 10_000, 'the panel to open');
    const text = await vscode.commands.executeCommand<string>('campfire.copyLink');
    assert.equal(decodeURIComponent(linkIn(text)), decodeURIComponent(linkTo(LABEL_A, commit.contractId, commit.commitId)));
    assert.equal(await vscode.env.clipboard.readText(), text);

    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor(() => api.tree.usageEventsPanels.find(commit) === undefined, 5000, 'the panel to close');
    await open(linkTo(LABEL_A, commit.contractId, commit.commitId));
    await waitFor(() => api.tree.usageEventsPanels.find(commit)?.panel.active === true, 10_000, "the link to open the commit's panel");
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("Copy Campfire Link from the palette copies the Campfire page of the panel in front, without asking", async () => {
    const commit = a.dataset.contracts().flatMap((c) => a.dataset.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id })))[1];
    assert.ok(commit, 'the sample data has a prepaid commit');
    await config().update('openInCampfireUrl', 'https://app.example.com/revenue/contracts/{id}/commits/{commitId}', vscode.ConfigurationTarget.Global);
    try {
      await vscode.commands.executeCommand('campfire.openUsageEvents', commit);
      await waitFor(() => api.tree.usageEventsPanels.find(commit)?.panel.active === true, 10_000, 'the panel to open');
      const asked = new Promise<'asked'>((resolve) => setTimeout(() => resolve('asked'), 5000));
      const copied = await Promise.race([vscode.commands.executeCommand<string | undefined>('campfire.copyCampfireLink'), asked]);
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      const page = `https://app.example.com/revenue/contracts/${commit.contractId}/commits/${commit.commitId}`;
      assert.equal(copied, page, "the panel's commit, no picker");
      assert.equal(await vscode.env.clipboard.readText(), page);
    } finally {
      await config().update('openInCampfireUrl', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });

  it('a link of another account asks before switching, naming both; Cancel keeps the account, Switch switches', async () => {
    const contractId = b.dataset.contracts()[3]?.id;
    assert.ok(contractId !== undefined);
    const link = linkTo(LABEL_B, contractId);
    const host = (url: string) => new URL(url).host;
    asked.length = 0;
    answer = () => undefined;
    await open(link);
    await waitFor(() => asked.length === 1, 10_000, 'the window to ask');
    assert.deepEqual(asked[0], {
      message: 'Switch Campfire account?',
      detail: `This link opens contract ${contractId} in ${LABEL_B} (${host(b.url)}). This window uses ${LABEL_A} (${host(a.url)}).`,
      modal: true,
      items: [`Switch to ${LABEL_B}`],
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(api.services.connection.account?.label, LABEL_A, 'dismissed: the account stays');

    answer = (items) => items[0];
    await open(link);
    await waitFor(() => asked.length === 2, 10_000, 'the window to ask again');
    await waitFor(() => api.services.connection.account?.label === LABEL_B, 10_000, 'the window to switch');
    await waitFor(() => selectedId() === `contract/${contractId}`, 10_000, `contract ${contractId} of the other account to be selected`);
    await use(LABEL_A);
  });

  it('a link opened while the window shows sample data asks before leaving it, and opens the commit there once answered', async () => {
    const commit = a.dataset.contracts().flatMap((c) => a.dataset.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id })))[1];
    assert.ok(commit);
    await vscode.commands.executeCommand('campfire.exploreSampleData');
    await waitFor(() => api.tree.sample.active, 5000, 'sample data');
    asked.length = 0;
    answer = (items) => items[0];
    await open(linkTo(LABEL_A, commit.contractId, commit.commitId));
    await waitFor(() => asked.length === 1, 10_000, 'the window to ask');
    assert.equal(asked[0]?.detail, `This link opens the usage events of prepaid commit ${commit.commitId} in ${LABEL_A} (${new URL(a.url).host}). This window shows sample data.`);
    await waitFor(() => !api.tree.sample.active && api.services.connection.account?.label === LABEL_A, 10_000, 'the window to leave sample data');
    await waitFor(() => api.tree.usageEventsPanels.find(commit)?.panel.active === true, 10_000, "the commit's panel to open");
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a link of an account not signed in here says so and offers Sign In, switching nothing', async () => {
    asked.length = 0;
    answer = () => undefined;
    const elsewhere = formatLink(vscode.env.uriScheme, EXTENSION_ID, { origin: 'https://campfire.example.com', accountId: 'm0-elsewhere', contractId: 7 });
    await open(elsewhere);
    await waitFor(() => asked.length === 1, 10_000, 'the window to say so');
    assert.deepEqual(asked[0], {
      message: 'This link is for a Campfire account at campfire.example.com, which is not signed in here.',
      detail: undefined,
      modal: undefined,
      items: ['Sign In…'],
    });
    assert.equal(api.services.connection.account?.label, LABEL_A);
  });

  it('a malformed link says what is wrong and opens nothing', async () => {
    const errors = await recordLoggedErrors();
    try {
      const before = { selected: selectedId(), panels: api.tree.usageEventsPanels.all().length, account: api.services.connection.account?.id };
      const acc = account(LABEL_A);
      const query = `origin=${encodeURIComponent(acc.origin)}&account=${acc.id}`;
      for (const [path, reason] of [
        ['/contracts/12x', '"12x" is not a contract id'],
        ['/contracts/-1/commits/2', '"-1" is not a contract id'],
        ['/contracts/1/commits/1.5', '"1.5" is not a prepaid commit id'],
        ['/invoices/1', 'it does not name a contract or a prepaid commit (/invoices/1)'],
      ] as const) {
        await open(`${vscode.env.uriScheme}://${EXTENSION_ID}${path}?${query}`);
        const said = `This Campfire link cannot be opened: ${reason}.`;
        await waitFor(() => errors.messages.includes(said), 5000, `"${said}"`);
      }
      await open(`${vscode.env.uriScheme}://${EXTENSION_ID}/contracts/1?origin=${encodeURIComponent(acc.origin)}`);
      await waitFor(() => errors.messages.includes('This Campfire link cannot be opened: it does not name the Campfire account.'), 5000, 'the missing account to be named');
      assert.deepEqual({ selected: selectedId(), panels: api.tree.usageEventsPanels.all().length, account: api.services.connection.account?.id }, before, 'nothing was opened or switched');
      if (canScreenshot) {
        await vscode.commands.executeCommand('notifications.showList');
        const shown = (await readScreen('.notifications-center .notification-list-item-message'))?.map((e) => e.text) ?? [];
        assert.ok(shown.some((t) => t.includes('This Campfire link cannot be opened: "12x" is not a contract id.')), shown.join(' | '));
        await vscode.commands.executeCommand('notifications.hideList');
      }
    } finally {
      errors.dispose();
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });
});
