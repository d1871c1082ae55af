// What the "Exported …" notification offers for the written file: only actions this window can
// carry out (a web or remote window has no OS file manager), and an Open File that shows each
// format in something that reads it, never as "binary or unsupported".
import path from 'node:path';
import * as vscode from 'vscode';
import { FORMATS, type ExportFormat } from '../../export/formats';
import { downloadThroughBrowser } from './downloadOnce';

export interface ExportedFileAction {
  readonly label: string;
  run(): Thenable<unknown>;
}


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
  } else if (!FORMATS[format].binary) {
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
  }
  // A web or remote window: the file is on another machine than the user's, so it is downloaded to theirs.
  if (!localDesktop() && file.scheme === 'file') {
    const download = vscode.l10n.t({ message: 'Download', comment: ['Saves the exported file from the server to this computer, through the browser'] });
    actions.push({
      label: download,
      run: inWorkspace(file)
        ? async () => {
            // The Explorer's Download acts on its selection, which revealing the file sets.
            await vscode.commands.executeCommand('revealInExplorer', file);
            await vscode.commands.executeCommand('explorer.download');
          }
        : // The Explorer cannot reach it: the file is served once to the browser (downloadOnce.ts).
          () => downloadThroughBrowser(file),
    });
  }
  return actions;
}

/** Says the file was written, with what this window can do with it; `warn` for a complete file that is not a plain success. */
export function announceExportedFile(said: string, file: vscode.Uri, format: ExportFormat, warn: boolean): void {
  const actions = exportedFileActions(file, format);
  const show = warn ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(said, ...actions.map((a) => a.label)).then(async (choice) => {
    await actions.find((a) => a.label === choice)?.run();
  });
}
