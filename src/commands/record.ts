// The commands on one record of the tree (a contract, commit or override): Copy ID, Copy as JSON,
// View JSON, Open in Campfire and Copy Campfire Link. Each resolves its record with resolveEntity (treeTargets.ts).
import * as vscode from 'vscode';
import { entityId, entityName, loadEntity } from '../model/entityRef';
import { stringifyExact } from '../shared/exactNumber';
import { contractUrl } from '../ui/contractUrl';
import { showError } from '../ui/showError';
import { documentTitle, entityUri } from '../views/jsonDocuments';
import { resolveEntity, resolveEntityOrPanel, type TreeCommandContext } from './treeTargets';

/** "Copy ID": the contract's, commit's or override's Campfire id. */
export const copyId = (ctx: TreeCommandContext) => async (arg?: unknown) => {
  const ref = await resolveEntity(ctx, arg, vscode.l10n.t('Copy the ID of a contract'));
  if (!ref) return undefined;
  const id = entityId(ref);
  await vscode.env.clipboard.writeText(String(id));
  vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied ID {0}', id)}`, 3000);
  return String(id);
};

/** "Copy as JSON": the record exactly as Campfire sent it, pretty-printed. */
export const copyJson = (ctx: TreeCommandContext) => async (arg?: unknown) => {
  const ref = await resolveEntity(ctx, arg, vscode.l10n.t('Copy a contract as JSON'));
  if (!ref) return undefined;
  try {
    const text = stringifyExact(await loadEntity(ctx.model, ref), 2);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied as JSON')}`, 3000);
    return text;
  } catch (e) {
    void showError(ctx.services, e, vscode.l10n.t('Could not copy the record'));
    return undefined;
  }
};

/** "View JSON": the record in a read-only editor whose tab says what it is. */
export const viewJson = (ctx: TreeCommandContext) => async (arg?: unknown) => {
  const ref = await resolveEntity(ctx, arg, vscode.l10n.t('View a contract as JSON'));
  if (!ref) return undefined;
  // The record is loaded for its name (the model keeps it; the document reads the same copy).
  const record = await loadEntity(ctx.model, ref).catch(() => undefined);
  const uri = entityUri(ref, documentTitle(ref, entityId(ref), entityName(ref, record)));
  // A document already open shows the current data, not what it held when first opened.
  ctx.json.update(uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(doc, { preview: true });
  return uri.toString();
};

/** The contract's page in the Campfire app, from the URL template setting; undefined (after saying why) when there is none. */
async function campfirePage(ctx: TreeCommandContext, arg: unknown, title: string): Promise<string | undefined> {
  // Said before anything is asked: no contract of the sample data has a page to open.
  if (ctx.services.sample.active) {
    void vscode.window.showInformationMessage(vscode.l10n.t('This is sample data: it has no page in the Campfire app.'));
    return undefined;
  }
  const ref = await resolveEntityOrPanel(ctx, arg, title);
  if (!ref) return undefined;
  const template = vscode.workspace.getConfiguration('campfire').get<string>('openInCampfireUrl', '');
  const url = contractUrl(template, ref.ids);
  if (!url) {
    void showError(
      ctx.services,
      vscode.l10n.t({ message: 'The setting campfire.openInCampfireUrl must be an https:// URL containing {id}.', comment: ['{id} is written as is: the placeholder the setting must contain'] }),
    );
  }
  return url;
}

/** "Open in Campfire": the contract's page in the Campfire app. */
export const openInCampfire = (ctx: TreeCommandContext) => async (arg?: unknown) => {
  const url = await campfirePage(ctx, arg, vscode.l10n.t('Open a contract in Campfire'));
  if (url) await vscode.env.openExternal(vscode.Uri.parse(url, true));
  return url;
};

/** "Copy Campfire Link": the address of that page, to share with people who use the Campfire app. */
export const copyCampfireLink = (ctx: TreeCommandContext) => async (arg?: unknown) => {
  const url = await campfirePage(ctx, arg, vscode.l10n.t('Copy the Campfire link of a contract'));
  if (!url) return undefined;
  await vscode.env.clipboard.writeText(url);
  vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied the Campfire link')}`, 3000);
  return url;
};
