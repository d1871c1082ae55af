// The prompts of an export started from the command palette: contract, commit, format, file.
import os from 'node:os';
import * as vscode from 'vscode';
import type { CampfireClient } from '../../api/client';
import { listContracts } from '../../api/endpoints/contracts';
import { listPrepaidCommits } from '../../api/endpoints/prepaidCommits';
import { EXPORT_FORMATS, FORMAT_LABELS, defaultFileName, type ExportFormat, type ExportResource } from '../../export/formats';
import { pickStreaming, type PickResult } from '../../ui/pickers';

export interface Named {
  id: number;
  name: string;
}

export function pickContract(client: CampfireClient, pageSize: number, title: string): Promise<PickResult<Named>> {
  return pickStreaming(
    title,
    'Type a deal name, client or id',
    (signal) => listContracts(client, { pageSize, signal }),
    (c) => {
      const name = c.deal_name ?? `Contract #${c.id}`;
      return { label: name, description: c.client_name, detail: [`#${c.id}`, c.status, c.currency].filter(Boolean).join(' · '), value: { id: c.id, name } };
    },
  );
}

export function pickPrepaidCommit(client: CampfireClient, pageSize: number, contractId: number, title: string): Promise<PickResult<Named>> {
  return pickStreaming(
    title,
    'Pick a prepaid commit',
    (signal) => listPrepaidCommits(client, contractId, { pageSize, signal }),
    (p) => ({ label: p.name, description: [p.product_name, p.status].filter(Boolean).join(' · '), detail: `#${p.id}`, value: { id: p.id, name: p.name } }),
  );
}

export async function pickFormat(title: string): Promise<ExportFormat | undefined> {
  const pick = await vscode.window.showQuickPick(
    EXPORT_FORMATS.map((f) => ({ label: FORMAT_LABELS[f].label, detail: FORMAT_LABELS[f].detail, format: f })),
    { title, placeHolder: 'Export as' },
  );
  return pick?.format;
}

export async function pickTarget(resource: ExportResource, format: ExportFormat, nameParts: string[]): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const ext = FORMAT_LABELS[format].extension;
  return vscode.window.showSaveDialog({
    title: 'Export to',
    defaultUri: vscode.Uri.joinPath(folder, defaultFileName(resource, format, nameParts)),
    filters: { [FORMAT_LABELS[format].label]: [ext] },
    saveLabel: 'Export',
  });
}
