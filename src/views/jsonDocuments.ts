// Read-only JSON documents for "View JSON": `campfire:/contracts/12/Contract 12 · Acme Renewal.json`,
// the API path with a readable last segment. The URI holds ids only, never a key or a server address.
import * as vscode from 'vscode';
import type { ContractsModel } from '../model/contractsModel';
import { TREE_RESOURCES, entityTitle, loadEntity, type EntityRef } from '../model/entityRef';
import { stringifyExact } from '../shared/exactNumber';
import { errorMessage } from '../shared/errorMessage';

export const JSON_SCHEME = 'campfire';

/** The record's document; with `title` (entityTitle), its tab says that instead of the bare id. */
export function entityUri(ref: EntityRef, title?: string): vscode.Uri {
  const path = ref.resource.itemPath(ref.ids as never);
  return vscode.Uri.from({ scheme: JSON_SCHEME, path: title ? `${path}/${title}.json` : `${path}.json` });
}

/** "Contract 1003 · Acme Renewal": the record's kind, id and name, for its document's tab. */
export function documentTitle(ref: EntityRef, id: number, name: string | undefined): string {
  return entityTitle(ref.resource.label.one.replace(/^./, (c) => c.toLocaleUpperCase()), id, name);
}

export function parseEntityUri(uri: vscode.Uri): EntityRef | undefined {
  for (const resource of TREE_RESOURCES) {
    const m = new RegExp(`^${resource.segments.map((s) => `/${s}/(\\d+)`).join('')}(?:/[^/]+)?\\.json$`).exec(uri.path);
    if (m) return { resource, ids: Object.fromEntries(resource.itemKeys.map((k, i) => [k, Number(m[i + 1])])) as EntityRef['ids'] };
  }
  return undefined;
}

export class EntityJsonProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly model: ContractsModel) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseEntityUri(uri);
    if (!ref) return `// ${vscode.l10n.t('Not a Campfire document: {0}', uri.path)}\n`;
    try {
      return `${stringifyExact(await loadEntity(this.model, ref), 2)}\n`;
    } catch (e) {
      return `// ${vscode.l10n.t('Could not load this record from Campfire: {0}', errorMessage(e))}\n`;
    }
  }

  /** Re-reads an open document (after a refresh of the tree). */
  update(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
