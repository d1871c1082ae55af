// "View JSON": opens the record in a read-only JSON editor (campfire: URI).
import * as vscode from 'vscode';
import { entityUri } from '../views/jsonDocuments';
import { resolveEntity, type TreeCommandContext } from './treeTargets';

export function registerViewJson(ctx: TreeCommandContext): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.viewJson', async (arg?: unknown) => {
    const ref = await resolveEntity(ctx, arg, vscode.l10n.t('View a contract as JSON'));
    if (!ref) return undefined;
    const uri = entityUri(ref);
    // A document already open shows the current data, not what it held when first opened.
    ctx.json.update(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
    await vscode.window.showTextDocument(doc, { preview: true });
    return uri.toString();
  });
}
