// "Campfire: Switch Account…": every account in one picker. Requests carry the key saved for the
// window's origin, so switching makes the account's origin the window's (kept in extension state:
// campfire.baseUrl stays the user's default).
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL, hostOf, originOf, parseBaseUrl } from '../api/baseUrl';
import { describeAccount, type Account } from '../core/accounts';
import type { AccountFlows } from '../core/authProvider';
import type { Services } from '../core/services';
import { formatCount } from '../shared/countFormat';
import type { TreeCommandContext } from './treeTargets';
import { errorMessage } from '../shared/errorMessage';

export interface SwitchAccountArgs {
  /** Switch to this account without showing the picker. */
  accountId?: string;
}

/** The origin the window's requests go to (the active account's, not the sample server). */
function configuredOrigin(services: Services): string | undefined {
  return originOf(services.connection.settings.baseUrl);
}

/** Points the window at `origin`; resolves to the host a workspace setting keeps instead, after saying so. */
async function pointAt(services: Services, origin: string, outcome: (kept: string) => string): Promise<string | undefined> {
  await services.connection.useOrigin(origin);
  const effective = configuredOrigin(services);
  if (effective === origin) return undefined;
  const inspected = vscode.workspace.getConfiguration('campfire').inspect<string>('baseUrl');
  const folder = inspected?.workspaceFolderValue !== undefined;
  const kept = effective === undefined ? vscode.l10n.t('an unusable base URL') : hostOf(effective);
  const open = vscode.l10n.t('Open Workspace Settings');
  void vscode.window
    .showWarningMessage(
      folder
        ? vscode.l10n.t({ message: "This folder's settings point Campfire at {0}; {1}.", args: [kept, outcome(kept)], comment: ['{0} is the host the setting points at (or "an unusable base URL"); {1} what that means for what the user did'] })
        : vscode.l10n.t({ message: "This workspace's settings point Campfire at {0}; {1}.", args: [kept, outcome(kept)], comment: ['{0} is the host the setting points at (or "an unusable base URL"); {1} what that means for what the user did'] }),
      open,
    )
    .then((choice) => choice === open && vscode.commands.executeCommand(folder ? 'workbench.action.openFolderSettings' : 'workbench.action.openWorkspaceSettings', { query: 'campfire.baseUrl' }));
  return kept;
}

/** Makes `account` the one requests go out with. False when a workspace setting keeps this window elsewhere. */
export async function switchTo(services: Services, account: Account): Promise<boolean> {
  // Choosing an account means wanting its data, not the sample server's.
  if (services.sample.active) await services.sample.stop();
  // Chosen first: pointing at the origin then picks this account at once, never another of it.
  await services.accounts.choose(account.id);
  const kept = await pointAt(services, account.origin, (host) => vscode.l10n.t({ message: 'the account was chosen but this window keeps using {0}', args: [host], comment: ['The end of a sentence; {0} is a host'] }));
  services.log.info(kept === undefined ? `Switched to ${describeAccount(account)}` : `Chose ${describeAccount(account)}, but this workspace keeps the window at ${kept}`);
  return kept === undefined;
}

/** Asks for a name; undefined when dismissed. Names are unique per origin (a key is saved by origin and name). */
function askForName(options: { title: string; value?: string; origin?: string; except?: string; services: Services }): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: options.title,
    value: options.value,
    prompt: options.origin ? vscode.l10n.t('A name for the account at {0}', hostOf(options.origin)) : vscode.l10n.t('A name for the account, e.g. Production, Sandbox or the company'),
    placeHolder: vscode.l10n.t({ message: 'Production', comment: ['An example name of a Campfire account'] }),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const name = v.trim();
      if (!name) return vscode.l10n.t('Enter a name');
      const taken = options.origin !== undefined && options.services.accounts.accounts.some((a) => a.origin === options.origin && a.label === name && a.id !== options.except);
      return taken ? vscode.l10n.t({ message: 'Another account at {0} is already called "{1}"', args: [hostOf(options.origin ?? ''), name], comment: ['{0} is a host, {1} an account name'] }) : undefined;
    },
  });
}

/** "Add Account…": a name, an origin, then sign-in; the base URL setting goes back if the sign-in is abandoned. */
export async function addAccount(services: Services, preset?: Pick<Account, 'origin' | 'label'>): Promise<Account | undefined> {
  let label = preset?.label;
  let origin = preset?.origin;
  if (!label || !origin) {
    label = await askForName({ title: vscode.l10n.t('Add Campfire Account (1/2)'), services });
    if (label === undefined) return undefined;
    const raw = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add Campfire Account (2/2)'),
      prompt: vscode.l10n.t({ message: 'Where "{0}" lives: the origin of its Campfire API', args: [label.trim()], comment: ['{0} is the name of the account being added'] }),
      value: configuredOrigin(services) ?? DEFAULT_BASE_URL,
      placeHolder: DEFAULT_BASE_URL,
      ignoreFocusOut: true,
      validateInput: (v) => {
        try {
          parseBaseUrl(v);
          return undefined;
        } catch (e) {
          return errorMessage(e);
        }
      },
    });
    if (raw === undefined) return undefined;
    origin = parseBaseUrl(raw).origin;
  }
  label = label.trim();
  const previous = services.connection.activeOrigin;
  // Signing in asks for a key for the window's origin: it has to be this one.
  if ((await pointAt(services, origin, (host) => vscode.l10n.t({ message: 'the account cannot be added from this window, which keeps using {0}', args: [host], comment: ['The end of a sentence; {0} is a host'] }))) !== undefined) {
    return undefined;
  }
  let signedIn = false;
  try {
    signedIn = Boolean(await vscode.commands.executeCommand<boolean | undefined>('campfire.signIn', { label }));
  } finally {
    // Abandoned or refused: the window goes back to where it was.
    if (!signedIn && previous !== origin) await services.connection.useOrigin(previous);
  }
  return signedIn ? services.accounts.accounts.find((a) => a.origin === origin && a.label === label) : undefined;
}

async function rename(services: Services, account: Account): Promise<void> {
  const label = await askForName({ title: vscode.l10n.t('Rename {0}', describeAccount(account)), value: account.label, origin: account.origin, except: account.id, services });
  if (label === undefined || label.trim() === account.label) return;
  await services.accounts.rename(account.id, label.trim());
  services.log.info(`Renamed ${describeAccount(account)} to "${label.trim()}"`);
}

async function confirmSignOut(account: Account): Promise<boolean> {
  const signOut = vscode.l10n.t('Sign Out');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Sign out of {0}?', describeAccount(account)),
    { modal: true, detail: vscode.l10n.t("Its API key is deleted from VS Code's secret storage; signing in again needs the key.") },
    signOut,
  );
  return choice === signOut;
}

async function confirmSignOutAll(count: number): Promise<boolean> {
  const signOutAll = vscode.l10n.t('Sign Out of All');
  const choice = await vscode.window.showWarningMessage(
    count === 1 ? vscode.l10n.t('Sign out of {0} Campfire account?', formatCount(count)) : vscode.l10n.t('Sign out of all {0} Campfire accounts?', formatCount(count)),
    { modal: true, detail: vscode.l10n.t("Their API keys are deleted from VS Code's secret storage, in every window.") },
    signOutAll,
  );
  return choice === signOutAll;
}

/** What choosing an item does; resolves to true to show the picker again (after a rename or sign-out). */
type Action = () => Promise<boolean>;

interface Item extends vscode.QuickPickItem {
  account?: Account;
  action?: Action;
}

/** An account's buttons in the picker, made once per picker (their tooltips in the display language). */
interface AccountButtons {
  rename: vscode.QuickInputButton;
  signOut: vscode.QuickInputButton;
}

function accountButtons(): AccountButtons {
  return {
    rename: { iconPath: new vscode.ThemeIcon('edit'), tooltip: vscode.l10n.t('Rename') },
    signOut: { iconPath: new vscode.ThemeIcon('sign-out'), tooltip: vscode.l10n.t('Sign Out') },
  };
}

/** Runs a command as the action of an item (the picker is not shown again). */
async function run(command: string): Promise<boolean> {
  await vscode.commands.executeCommand(command);
  return false;
}

/** The host beside an account's name, unless the name is the host (an account named by default), and whether it is in use. */
function accountDescription(a: Account, inUse: boolean): string {
  const host = hostOf(a.origin);
  if (a.label === host) return inUse ? vscode.l10n.t({ message: 'in use', comment: ['Beside the account the window uses, in the account picker'] }) : '';
  return inUse ? vscode.l10n.t({ message: '{0} · in use', args: [host], comment: ['{0} is the host of the account the window uses'] }) : host;
}

function items(services: Services, buttons: AccountButtons): Item[] {
  const inUse = services.sample.active ? undefined : services.connection.account;
  const accounts: Item[] = services.accounts.accounts.map((a) => ({
    label: `${a.id === inUse?.id ? '$(check)' : '$(blank)'} ${a.label.replace(/\$\(/g, '\\$(')}`,
    description: accountDescription(a, a.id === inUse?.id),
    buttons: [buttons.rename, buttons.signOut],
    account: a,
    action: async () => {
      if (a.id !== inUse?.id) await switchTo(services, a);
      return false;
    },
  }));
  const actions: Item[] = [
    {
      label: `$(add) ${vscode.l10n.t('Add Account…')}`,
      action: async () => {
        await addAccount(services);
        return false;
      },
    },
    services.sample.active
      ? { label: `$(debug-disconnect) ${vscode.l10n.t('Leave Sample Data')}`, action: () => run('campfire.leaveSampleData') }
      : { label: `$(beaker) ${vscode.l10n.t('Explore Sample Data')}`, description: vscode.l10n.t('a local server, no account needed'), action: () => run('campfire.exploreSampleData') },
  ];
  if (services.accounts.accounts.length > 0) {
    actions.push({
      label: `$(sign-out) ${vscode.l10n.t('Sign Out of All Accounts')}`,
      action: async () => {
        if (await confirmSignOutAll(services.accounts.accounts.length)) await vscode.commands.executeCommand('campfire.signOutAll');
        return false;
      },
    });
  }
  const separator: Item = { label: '', kind: vscode.QuickPickItemKind.Separator };
  return accounts.length ? [...accounts, separator, ...actions] : actions;
}

/** Shows the picker once; resolves to the action chosen (an item, or an item's button), if any. */
function pickOnce(services: Services): Promise<Action | undefined> {
  const pick = vscode.window.createQuickPick<Item>();
  const buttons = accountButtons();
  pick.title = vscode.l10n.t('Campfire Accounts');
  pick.placeholder = services.accounts.accounts.length ? vscode.l10n.t('Choose the account to use, or an action') : vscode.l10n.t('Add an account or explore sample data');
  pick.matchOnDescription = true;
  pick.items = items(services, buttons);
  const inUse = pick.items.find((i) => i.account !== undefined && i.account.id === services.connection.account?.id && !services.sample.active);
  if (inUse) pick.activeItems = [inUse];
  // Accounts added, renamed or removed meanwhile (in another window too) show at once.
  const subscription = services.accounts.onDidChange(() => (pick.items = items(services, buttons)));
  return new Promise<Action | undefined>((resolve) => {
    let chosen: Action | undefined;
    pick.onDidAccept(() => {
      chosen = pick.selectedItems[0]?.action;
      pick.hide();
    });
    pick.onDidTriggerItemButton(({ button, item }) => {
      const account = item.account;
      if (!account) return;
      chosen =
        button === buttons.rename
          ? () => rename(services, account).then(() => true)
          : async () => {
              if (await confirmSignOut(account)) await vscode.commands.executeCommand('campfire.signOut', { accountId: account.id });
              return true;
            };
      pick.hide();
    });
    pick.onDidHide(() => {
      subscription.dispose();
      pick.dispose();
      resolve(chosen);
    });
    pick.show();
  });
}

async function showSwitcher(services: Services): Promise<void> {
  for (;;) {
    const action = await pickOnce(services);
    if (!action || !(await action())) return;
  }
}

/** What Campfire's entry in the Accounts menu does when the user signs in or out there. */
export function accountFlows(services: Services): AccountFlows {
  return {
    signIn: (account) => addAccount(services, account),
    signOut: async (accountId) => {
      await vscode.commands.executeCommand('campfire.signOut', { accountId });
    },
  };
}

export const switchAccount = ({ services }: TreeCommandContext) => async (args?: SwitchAccountArgs): Promise<boolean | undefined> => {
  if (args?.accountId === undefined) {
    await showSwitcher(services);
    return undefined;
  }
  await services.accounts.ready;
  const account = services.accounts.accounts.find((a) => a.id === args.accountId);
  if (!account) throw new Error(vscode.l10n.t('No Campfire account has the id {0}.', args.accountId));
  return switchTo(services, account);
};
