// Links to share: "Copy Link" writes a `vscode://` link to a contract or a commit's usage events
// (campfireLink.ts), and the window's UriHandler opens one, in the account it names.
import * as vscode from 'vscode';
import { hostOf } from '../api/baseUrl';
import { describeAccount, type Account } from '../core/accounts';
import { formatLink, parseLink, type CampfireLink } from '../model/campfireLink';
import { prepaidCommits } from '../resources';
import { showError } from '../ui/showError';
import { CONTRACTS_VIEW_ID } from '../views/contractsView';
import { contractNodeId } from '../views/nodes/contractNode';
import type { TreeNode } from '../views/nodes/treeNode';
import { addAccount } from './switchAccount';
import { resolveEntityOrPanel, type TreeCommandContext } from './treeTargets';

/** What a link points at: a contract, or a commit's usage events. */
type LinkTarget = Pick<CampfireLink, 'contractId' | 'commitId'>;

/** The record named by `arg` (a tree node), else the usage-events panel in front, else the contract the user picks. */
async function linkTarget(ctx: TreeCommandContext, arg: unknown, title: string): Promise<LinkTarget | undefined> {
  const ref = await resolveEntityOrPanel(ctx, arg, title);
  if (!ref) return undefined;
  const { contractId, commitId } = ref.ids;
  return ref.resource === prepaidCommits && commitId !== undefined ? { contractId, commitId } : { contractId };
}

/** "Copy Link": a link that opens the contract, or the commit's usage events, in this account. */
export const copyLink = (ctx: TreeCommandContext) => async (arg?: unknown) => {
  const account = ctx.services.sample.active ? undefined : ctx.services.connection.account;
  if (!account) {
    void vscode.window.showInformationMessage(
      ctx.services.sample.active ? vscode.l10n.t('This is sample data: its links would open nothing elsewhere.') : vscode.l10n.t('Sign in to a Campfire account to copy links to its contracts.'),
    );
    return undefined;
  }
  const target = await linkTarget(ctx, arg, vscode.l10n.t('Copy a link to a contract'));
  if (!target) return undefined;
  const link = formatLink(vscode.env.uriScheme, ctx.services.context.extension.id, { origin: account.origin, accountId: account.id, ...target });
  // In a browser window the link has to be a web address that comes back to this window's handler.
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(link, true));
  const text = external.scheme === vscode.env.uriScheme ? link : external.toString(true);
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(
    `$(check) ${target.commitId === undefined ? vscode.l10n.t('Copied a link to contract {0}', target.contractId) : vscode.l10n.t('Copied a link to the usage events of prepaid commit {0}', target.commitId)}`,
    3000,
  );
  return text;
};

/** The window's handler of links: each is read strictly, then opened in the account it names. */
export function linkHandler(ctx: TreeCommandContext): vscode.UriHandler {
  return { handleUri: (uri) => openLink(ctx, uri).catch((e: unknown) => showError(ctx.services, e, vscode.l10n.t('Could not open the link'))) };
}

async function openLink(ctx: TreeCommandContext, uri: vscode.Uri): Promise<void> {
  const parsed = parseLink(uri.path, uri.query);
  if (!parsed.link) {
    const text = vscode.l10n.t({ message: 'This Campfire link cannot be opened: {0}.', args: [parsed.problem], comment: ['{0} says what is wrong with the link'] });
    ctx.services.log.error(text);
    void vscode.window.showErrorMessage(text);
    return;
  }
  const link = parsed.link;
  // A link can be what starts the extension: it is read once the window knows its accounts and sample data.
  await ctx.session.ready;
  const account = await linkAccount(ctx, link);
  if (!account || !(await useAccount(ctx, account, link))) return;
  if (link.commitId !== undefined) ctx.usageEventsPanels.show({ contractId: link.contractId, commitId: link.commitId });
  else await revealContract(ctx, link.contractId);
}

/**
 * The account the link opens in: the one it names; a link made on another machine names an id
 * unknown here, so the account this window uses for that origin, else the one chosen for it.
 * None: the user is told, and offered to sign in.
 */
async function linkAccount(ctx: TreeCommandContext, link: CampfireLink): Promise<Account | undefined> {
  const { accounts, connection, sample } = ctx.services;
  await accounts.ready;
  const inUse = sample.active ? undefined : connection.account;
  const found =
    accounts.accounts.find((a) => a.id === link.accountId && a.origin === link.origin) ?? (inUse?.origin === link.origin ? inUse : accounts.forOrigin(link.origin));
  if (found) return found;
  const signIn = vscode.l10n.t('Sign In…');
  const host = hostOf(link.origin);
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t({ message: 'This link is for a Campfire account at {0}, which is not signed in here.', args: [host], comment: ['{0} is a host, e.g. api.meetcampfire.com'] }),
    signIn,
  );
  return choice === signIn ? addAccount(ctx.services, { origin: link.origin, label: host }) : undefined;
}

/** Makes the window use `account`, after asking if it uses another one or sample data; false when it does not. */
async function useAccount(ctx: TreeCommandContext, account: Account, link: CampfireLink): Promise<boolean> {
  const { connection, sample } = ctx.services;
  const inUse = sample.active ? undefined : connection.account;
  if (inUse?.id === account.id) return true;
  const what =
    link.commitId === undefined
      ? vscode.l10n.t('This link opens contract {0} in {1}.', link.contractId, describeAccount(account))
      : vscode.l10n.t('This link opens the usage events of prepaid commit {0} in {1}.', link.commitId, describeAccount(account));
  const now = sample.active
    ? vscode.l10n.t('This window shows sample data.')
    : inUse
      ? vscode.l10n.t('This window uses {0}.', describeAccount(inUse))
      : vscode.l10n.t('This window uses no account.');
  const switchTo = vscode.l10n.t('Switch to {0}', account.label);
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Switch Campfire account?'), { modal: true, detail: `${what} ${now}` }, switchTo);
  if (choice !== switchTo) return false;
  if (!(await vscode.commands.executeCommand<boolean | undefined>('campfire.switchAccount', { accountId: account.id }))) return false;
  return whenUsing(ctx, account);
}

/** Resolves once the window's requests go out with `account` and the tree can show its data (false after 10 s). */
function whenUsing(ctx: TreeCommandContext, account: Account): Promise<boolean> {
  const { connection, sample } = ctx.services;
  const ready = () => !sample.active && connection.account?.id === account.id && ctx.session.isActive;
  if (ready()) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const check = () => {
      if (!ready()) return;
      done(true);
    };
    const subscriptions = [connection.onDidChange(check), ctx.session.onDidChange(check), sample.onDidChange(check)];
    const timer = setTimeout(() => done(ready()), 10_000);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
      resolve(ok);
    };
  });
}

/** Shows the contract in the tree, selected and focused, loading pages until it is among them. */
async function revealContract(ctx: TreeCommandContext, contractId: number): Promise<void> {
  const { model, view } = ctx;
  await vscode.commands.executeCommand(`${CONTRACTS_VIEW_ID}.focus`);
  const find = async (): Promise<TreeNode | undefined> => {
    await view.provider.getChildren();
    return view.provider.lookup(contractNodeId(contractId));
  };
  let node = await find();
  while (!node && model.root().hasMore && model.contracts.error === undefined) {
    await view.provider.track(model.loadMore());
    node = await find();
  }
  if (node) {
    await view.reveal(node, { select: true, focus: true });
    return;
  }
  try {
    await model.contract(contractId);
  } catch (e) {
    void showError(ctx.services, e, vscode.l10n.t('Could not open contract {0}', contractId));
    return;
  }
  // It exists, but the tree does not show it (the filter hides it): it can still be seen as JSON.
  const clear = vscode.l10n.t('Clear Filter');
  const viewJson = vscode.l10n.t('View JSON');
  const choice = model.hasFilter
    ? await vscode.window.showInformationMessage(vscode.l10n.t("Contract {0} is hidden by the tree's filter.", contractId), clear, viewJson)
    : await vscode.window.showInformationMessage(vscode.l10n.t('Contract {0} is not among the contracts the tree shows.', contractId), viewJson);
  if (choice === clear) {
    await vscode.commands.executeCommand('campfire.clearFilter');
    await revealContract(ctx, contractId);
  } else if (choice === viewJson) {
    await vscode.commands.executeCommand('campfire.viewJson', { contractId });
  }
}
