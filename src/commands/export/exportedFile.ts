// What the "Exported …" notification offers for the written file: only actions this window can
// carry out (a web or remote window has no OS file manager), and an Open File that shows each
// format in something that reads it, never as "binary or unsupported".
import path from 'node:path';
import * as vscode from 'vscode';
import type { ExportFormat } from '../../export/formats';

export interface ExportedFileAction {
  readonly label: string;
  run(): Thenable<unknown>;
}

/** Formats VS Code's text editor reads; the others are binary. */
const TEXT_FORMATS: ReadonlySet<ExportFormat> = new Set(['csv', 'json', 'jsonl']);

/** True in a desktop window on the machine that holds the file: the only place the OS can open or reveal it. */
function localDesktop(): boolean {
  return vscode.env.uiKind === vscode.UIKind.Desktop && vscode.env.remoteName === undefined;
}

/**
 * The view type of an installed extension's editor for files named like `file` (Data Wrangler for
 * Parquet, a spreadsheet or CSV grid), read from the extensions' contributions.
 */
export function installedViewerFor(file: vscode.Uri): string | undefined {
  const ext = path.extname(file.path).toLowerCase();
  for (const extension of vscode.extensions.all) {
    const editors = (extension.packageJSON as { contributes?: { customEditors?: unknown } }).contributes?.customEditors;
    if (!Array.isArray(editors)) continue;
    for (const editor of editors as { viewType?: unknown; selector?: { filenamePattern?: unknown }[] }[]) {
      const patterns = (editor.selector ?? []).map((s) => s.filenamePattern).filter((p): p is string => typeof p === 'string');
      if (typeof editor.viewType === 'string' && patterns.some((p) => p.toLowerCase() === `*${ext}`)) return editor.viewType;
    }
  }
  return undefined;
}

function webWindow(): boolean {
  return vscode.env.uiKind === vscode.UIKind.Web;
}

function inWorkspace(file: vscode.Uri): boolean {
  return vscode.workspace.getWorkspaceFolder(file) !== undefined;
}

/** The actions for an exported file, in the order the notification shows them. */
export function exportedFileActions(file: vscode.Uri, format: ExportFormat): ExportedFileAction[] {
  const actions: ExportedFileAction[] = [];
  const open = vscode.l10n.t('Open File');
  const viewer = installedViewerFor(file);
  if (viewer) {
    actions.push({ label: open, run: () => vscode.commands.executeCommand('vscode.openWith', file, viewer) });
  } else if (TEXT_FORMATS.has(format)) {
    actions.push({ label: open, run: () => vscode.commands.executeCommand('vscode.open', file) });
  } else if (localDesktop()) {
    actions.push({ label: open, run: () => vscode.env.openExternal(file) });
  } else {
    const find = vscode.l10n.t({ message: 'Find a Viewer', comment: ['Searches the extensions that can show an exported XLSX or Parquet file'] });
    actions.push({ label: find, run: () => vscode.commands.executeCommand('workbench.extensions.search', format) });
  }
  if (localDesktop()) {
    const reveal = vscode.l10n.t({ message: 'Reveal', comment: ['Shows the exported file in the operating system’s file manager'] });
    actions.push({ label: reveal, run: () => vscode.commands.executeCommand('revealFileInOS', file) });
  } else if (inWorkspace(file)) {
    actions.push({ label: vscode.l10n.t('Reveal in Explorer'), run: () => vscode.commands.executeCommand('revealInExplorer', file) });
    if (webWindow()) {
      // The Explorer's Download acts on its selection, which revealing the file sets.
      const download = vscode.l10n.t({ message: 'Download', comment: ['Saves the exported file from the server to this computer, through the browser'] });
      actions.push({
        label: download,
        run: async () => {
          await vscode.commands.executeCommand('revealInExplorer', file);
          await vscode.commands.executeCommand('explorer.download');
        },
      });
    }
  }
  return actions;
}

/**
 * What the notification adds about the file, if anything: a browser window downloads only what its
 * Explorer shows (VS Code has no command to download another file), so a file outside the
 * workspace is said to be out of its reach rather than offered a Download that does nothing.
 */
export function exportedFileNote(file: vscode.Uri): string | undefined {
  if (!webWindow() || inWorkspace(file)) return undefined;
  return vscode.l10n.t({
    message: 'It is outside this window’s folders: a browser window downloads only files in its workspace, so export into a workspace folder to download it.',
    comment: ['Follows "Exported … to <file>." in a browser window (code-server, a codespace)'],
  });
}

/** Says the file was written, with what this window can do with it; `warn` for a complete file that is not a plain success. */
export function announceExportedFile(said: string, file: vscode.Uri, format: ExportFormat, warn: boolean): void {
  const note = exportedFileNote(file);
  const text = note ? `${said} ${note}` : said;
  const actions = exportedFileActions(file, format);
  const show = warn ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(text, ...actions.map((a) => a.label)).then(async (choice) => {
    await actions.find((a) => a.label === choice)?.run();
  });
}
