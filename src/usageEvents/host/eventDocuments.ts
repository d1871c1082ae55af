// "Open as JSON": a usage event as a read-only document under the campfire-usage-event: scheme,
// held while the panel it came from is open (usage events have no GET by id). The URI holds the
// commit's ids and the event's id, nothing else.
import * as vscode from 'vscode';
import { parseJsonExact, stringifyExact } from '../../shared/exactNumber';
import { EventDocumentStore } from './eventDocumentStore';

export const USAGE_EVENT_SCHEME = 'campfire-usage-event';

class UsageEventDocuments implements vscode.TextDocumentContentProvider {
  readonly store = new EventDocumentStore();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.store.get(uri.toString()) ?? `// ${vscode.l10n.t('This usage event is no longer open in a panel: open it again from the usage-events panel.')}\n`;
  }

  set(uri: vscode.Uri, text: string, holder: object): void {
    const held = this.store.set(uri.toString(), text, holder);
    // VS Code may still have the document open from before it was released, showing the notice.
    if (held || vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) this.changed.fire(uri);
  }

  /** Releases `holder`'s documents; an editor showing one is given the notice in its place. */
  release(holder: object): void {
    for (const uri of this.store.release(holder)) this.changed.fire(vscode.Uri.parse(uri));
  }
}

let documents: UsageEventDocuments | undefined;

/** Releases the event documents opened from `panel` (when it closes). */
export function releaseUsageEventDocuments(panel: object): void {
  documents?.release(panel);
}

/**
 * Opens the event's JSON (`json`, as the page sent it: re-checked to be a JSON object) in a
 * read-only editor; `panel` holds it until releaseUsageEventDocuments.
 */
export async function openUsageEventJson(context: vscode.ExtensionContext, panel: object, ref: { contractId: number; commitId: number }, eventId: number, json: string): Promise<vscode.TextEditor | undefined> {
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
  const text = `${stringifyExact(value, 2)}\n`;
  documents.set(uri, text, panel);
  const doc = await vscode.workspace.openTextDocument(uri);
  // Open from before it was released, the document shows the notice until VS Code reads it again.
  if (doc.getText() !== text) await textArrives(doc, text);
  if (doc.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(doc, 'json');
  // Beside the panel, so the grid stays in sight for the next event.
  return vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
}

/** Resolves once `doc` holds `text` (or after a moment, should VS Code not read it again). */
function textArrives(doc: vscode.TextDocument, text: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      listener.dispose();
      clearTimeout(timer);
      resolve();
    };
    const listener = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === doc && doc.getText() === text) done();
    });
    const timer = setTimeout(done, 2000);
    if (doc.getText() === text) done();
  });
}
