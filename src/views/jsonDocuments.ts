// Read-only JSON documents for "View JSON", under the campfire: scheme:
//   campfire:/contracts/12.json
//   campfire:/contracts/12/prepaid-commits/34.json
//   campfire:/contracts/12/tier-price-overrides/56.json
// The content comes from the model (fetched if not loaded, e.g. a document restored after a
// reload). The URI holds ids only: never a key, never a server address.
import * as vscode from 'vscode';
import type { ContractsModel } from '../model/contractsModel';

export const JSON_SCHEME = 'campfire';

export type EntityRef =
  | { kind: 'contract'; contractId: number }
  | { kind: 'prepaidCommit'; contractId: number; commitId: number }
  | { kind: 'tierPriceOverride'; contractId: number; overrideId: number };

export function entityUri(ref: EntityRef): vscode.Uri {
  switch (ref.kind) {
    case 'contract':
      return vscode.Uri.from({ scheme: JSON_SCHEME, path: `/contracts/${ref.contractId}.json` });
    case 'prepaidCommit':
      return vscode.Uri.from({ scheme: JSON_SCHEME, path: `/contracts/${ref.contractId}/prepaid-commits/${ref.commitId}.json` });
    case 'tierPriceOverride':
      return vscode.Uri.from({ scheme: JSON_SCHEME, path: `/contracts/${ref.contractId}/tier-price-overrides/${ref.overrideId}.json` });
  }
}

export function parseEntityUri(uri: vscode.Uri): EntityRef | undefined {
  let m = /^\/contracts\/(\d+)\.json$/.exec(uri.path);
  if (m) return { kind: 'contract', contractId: Number(m[1]) };
  m = /^\/contracts\/(\d+)\/prepaid-commits\/(\d+)\.json$/.exec(uri.path);
  if (m) return { kind: 'prepaidCommit', contractId: Number(m[1]), commitId: Number(m[2]) };
  m = /^\/contracts\/(\d+)\/tier-price-overrides\/(\d+)\.json$/.exec(uri.path);
  if (m) return { kind: 'tierPriceOverride', contractId: Number(m[1]), overrideId: Number(m[2]) };
  return undefined;
}

/** The entity as Campfire sent it (every field, including ones this extension does not model). */
export async function loadEntity(model: ContractsModel, ref: EntityRef): Promise<unknown> {
  switch (ref.kind) {
    case 'contract':
      return model.contract(ref.contractId);
    case 'prepaidCommit':
      return model.prepaidCommit(ref.contractId, ref.commitId);
    case 'tierPriceOverride': {
      const o = await model.tierPriceOverride(ref.contractId, ref.overrideId);
      if (!o) throw new Error(`Contract ${ref.contractId} has no tier price override ${ref.overrideId}.`);
      return o;
    }
  }
}

export class EntityJsonProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly model: ContractsModel) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseEntityUri(uri);
    if (!ref) return `// Not a Campfire document: ${uri.path}\n`;
    try {
      return `${JSON.stringify(await loadEntity(this.model, ref), null, 2)}\n`;
    } catch (e) {
      return `// Could not load this record from Campfire: ${e instanceof Error ? e.message : String(e)}\n`;
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
