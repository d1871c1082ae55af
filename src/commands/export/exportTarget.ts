// What an export command was asked to export: a tree node (it carries contractId/commitId), an
// argument object `{contractId, commitId, format, uri, bom}` that skips every prompt, or nothing
// (command palette), in which case the user picks.
import * as vscode from 'vscode';
import { isId } from '../../api/ids';
import { isExportFormat, type ExportFormat } from '../../export/formats';

export interface ExportArgs {
  contractId?: number;
  commitId?: number;
  format?: ExportFormat;
  /** Where to write: a path or a file URI. */
  uri?: vscode.Uri | string;
  bom?: boolean;
}


export function readExportArgs(arg: unknown): ExportArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as Record<string, unknown>;
  const uri = a.uri instanceof vscode.Uri ? a.uri : typeof a.uri === 'string' ? a.uri : undefined;
  return {
    contractId: isId(a.contractId) ? a.contractId : undefined,
    commitId: isId(a.commitId) ? a.commitId : undefined,
    format: isExportFormat(a.format) ? a.format : undefined,
    uri,
    bom: typeof a.bom === 'boolean' ? a.bom : undefined,
  };
}

export function targetPath(uri: vscode.Uri | string): string {
  return typeof uri === 'string' ? uri : uri.fsPath;
}
