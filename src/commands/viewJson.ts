// "View JSON": opens the record in a read-only JSON editor (campfire: URI), its tab titled with
// what it is: "Contract 1003 · Acme Renewal.json".
import * as vscode from 'vscode';
import { entityId, entityName, loadEntity } from '../model/entityRef';
import { documentTitle, entityUri } from '../views/jsonDocuments';
import { resolveEntity, type TreeCommandContext } from './treeTargets';

export function registerViewJson(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.viewJson', async (arg?: unknown) => {
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
  });
}
