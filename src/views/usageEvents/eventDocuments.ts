// "Open as JSON" on a usage event in the panel's grid: the event as a read-only JSON document,
// titled "Usage event 100910000001.json". The content is the event as the panel's page holds it
// (usage events have no GET by id); it lives in memory while the window does, under the
// campfire-usage-event: scheme. The URI holds the commit's ids and the event's id, nothing else.
import * as vscode from 'vscode';
import { parseJsonExact, stringifyExact } from '../../shared/exactNumber';

export const USAGE_EVENT_SCHEME = 'campfire-usage-event';

class UsageEventDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? `// ${vscode.l10n.t('This usage event is no longer open in a panel: open it again from the usage-events panel.')}\n`;
  }

  set(uri: vscode.Uri, text: string): void {
    const had = this.contents.has(uri.toString());
    this.contents.set(uri.toString(), text);
    if (had) this.changed.fire(uri);
  }
}

let documents: UsageEventDocuments | undefined;

/** Opens the event's JSON (`json`, as the page sent it: re-checked to be a JSON object) in a read-only editor. */
export async function openUsageEventJson(context: vscode.ExtensionContext, ref: { contractId: number; commitId: number }, eventId: number, json: string): Promise<vscode.TextEditor | undefined> {
  let value: unknown;
  try {
    value = parseJsonExact(json);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  if (!documents) {
    documents = new UsageEventDocuments();
    context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(USAGE_EVENT_SCHEME, documents));
  }
  const name = vscode.l10n.t({ message: 'Usage event {0}.json', args: [String(eventId)], comment: ['The title of an editor showing one usage event as JSON; {0} is its id'] });
  const uri = vscode.Uri.from({ scheme: USAGE_EVENT_SCHEME, path: `/contracts/${ref.contractId}/prepaid-commits/${ref.commitId}/${name}` });
  documents.set(uri, `${stringifyExact(value, 2)}\n`);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
  // Beside the panel, so the grid stays in sight for the next event.
  return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}
