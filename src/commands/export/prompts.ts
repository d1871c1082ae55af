// The prompts of an export started from the command palette after what to export was picked
// (src/ui/pickers.ts): the format and the file.
import os from 'node:os';
import * as vscode from 'vscode';
import { EXPORT_FORMATS, FORMAT_LABELS, defaultFileName, type ExportFormat, type ExportResource } from '../../export/formats';

export async function pickFormat(title: string): Promise<ExportFormat | undefined> {
  const pick = await vscode.window.showQuickPick(
    EXPORT_FORMATS.map((f) => ({ label: FORMAT_LABELS[f].label, detail: FORMAT_LABELS[f].detail, format: f })),
    { title, placeHolder: vscode.l10n.t({ message: 'Export as', comment: ['Asks for the file format of an export'] }) },
  );
  return pick?.format;
}

export async function pickTarget(resource: ExportResource, format: ExportFormat, nameParts: string[]): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const ext = FORMAT_LABELS[format].extension;
  return vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export to'),
    defaultUri: vscode.Uri.joinPath(folder, defaultFileName(resource, format, nameParts)),
    filters: { [FORMAT_LABELS[format].label]: [ext] },
    saveLabel: vscode.l10n.t({ message: 'Export', comment: ['The save button of the export’s file dialog'] }),
  });
}
