// One export command: resolve what to export (node, argument object or prompts), then stream it
// to disk with cancellable progress, and say what was written.
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { CampfireNoApiKeyError, isCampfireError, isCancellation } from '../../api/errors';
import { isId } from '../../api/ids';
import { bulkPageSize } from '../../api/pageSizes';
import { otherDataKeysNote, otherFieldsNote } from '../../export/csvSpool';
import { xlsxNotes } from '../../export/xlsx/xlsxSpool';
import { EXPORT_FORMATS, FORMATS, defaultFileName, exportable, isExportFormat, type ExportFormat, type ExportResource } from '../../export/formats';
import { runExport, type ExportResult } from '../../export/runner';
import { contractName } from '../../model/contractQuery';
import { contracts, prepaidCommits, type IdKey } from '../../resources';
import { pickContract, pickPrepaidCommit } from '../../ui/pickers';
import { toFixedDecimal } from '../../shared/exactDecimal';
import { formatMoney } from '../../ui/format';
import { formatCount } from '../../shared/countFormat';
import { showError } from '../../ui/showError';
import type { TreeCommandContext } from '../treeTargets';
import { announceExportedFile } from './exportedFile';
import { errorMessage } from '../../shared/errorMessage';

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** An exact decimal as Intl reads decimal text: as the decimal it is, not the nearest double. */
const TWO_DECIMALS = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * "$137,953.61 USD": the revenue of exported usage events in their commit's currency, or
 * "137,953.61 (currency unknown)" when it could not be told; never a bare number.
 */
function revenueText(revenue: string, currency: string | undefined): string {
  if (currency) return formatMoney(revenue, currency);
  return vscode.l10n.t({
    message: '{0} (currency unknown)',
    args: [TWO_DECIMALS.format(toFixedDecimal(revenue, 2) as `${number}`)],
    comment: ['An amount of revenue whose currency could not be found'],
  });
}

/** The currency usage events are priced in: their prepaid commit's (else its contract's), as the model has it or fetches it. */
async function commitCurrency(ctx: TreeCommandContext, contractId: number | undefined, commitId: number | undefined): Promise<string | undefined> {
  if (contractId === undefined || commitId === undefined) return undefined;
  try {
    const commit = await ctx.model.prepaidCommit(contractId, commitId);
    if (commit.currency?.trim()) return commit.currency.trim();
    return (await ctx.model.contract(contractId)).currency?.trim() || undefined;
  } catch (e) {
    ctx.services.log.warn(`The currency of prepaid commit ${commitId} could not be read for the export's message: ${errorMessage(e)}`);
    return undefined;
  }
}

function describeResult(resource: ExportResource, r: ExportResult, currency?: string): string {
  const { label } = exportable(resource);
  const what = r.rows === 1 ? label.one : label.many;
  const file = r.path ? path.basename(r.path) : vscode.l10n.t({ message: 'the file', comment: ['Where an export was written, when its name is not known: "Exported 12 contracts to the file."'] });
  const rows = formatCount(r.rows);
  const sentences = [
    r.totals
      ? vscode.l10n.t({
          message: 'Exported {0} {1} to {2} (revenue {3}, {4} events).',
          args: [rows, what, file, revenueText(r.totals.revenue, currency), formatCount(r.totals.events)],
          comment: ['{0} rows of {1} (e.g. "usage events") written to the file {2}; {3} is their total revenue, {4} the number of events they count'],
        })
      : vscode.l10n.t({ message: 'Exported {0} {1} to {2}.', args: [rows, what, file], comment: ['{0} rows of {1} (e.g. "contracts") written to the file {2}'] }),
  ];
  if (r.otherDataKeys > 0) {
    sentences.push(`${otherDataKeysNote(r.otherDataKeys)}.`);
  }
  if (r.otherFields > 0) sentences.push(`${otherFieldsNote(r.otherFields)}.`);
  // XLSX: rows continued on further sheets, and cells cut to Excel's limit, are said, never silent.
  sentences.push(...xlsxNotes(r.sheets ?? 1, r.truncatedCells ?? 0));
  if (r.dataChanged) {
    sentences.push(
      vscode.l10n.t({
        message: 'Campfire’s data changed while the export ran: {0} at the start, {1} at the end. The file holds every record that existed throughout once, and records added meanwhile; export again for one moment.',
        args: [formatCount(r.initialCount), formatCount(r.finalCount)],
        comment: ['{0} is the number of records Campfire reported when the export started, {1} the number it reported last'],
      }),
    );
  }
  return sentences.join(' ');
}

export async function exportCommand(ctx: TreeCommandContext, resource: ExportResource, arg: unknown): Promise<ExportResult | undefined> {
  const { services, model } = ctx;
  const args = readExportArgs(arg);
  const automated = args.uri !== undefined && args.format !== undefined;
  const described = exportable(resource);
  const title = vscode.l10n.t({ message: 'Export {0}', args: [described.label.title], comment: ['{0} is what is exported, e.g. "Prepaid Commits"'] });
  const needs = (key: IdKey) => (described.parentKeys as readonly IdKey[]).includes(key);
  try {
    const client = services.connection.client;
    // Before any prompt: choosing a contract, a format and a file only to be told to sign in wastes the user's time.
    if (!(await services.connection.hasApiKey())) throw new CampfireNoApiKeyError();
    const { pageSize, maxConcurrentRequests } = services.connection.settings;
    const nameParts: string[] = [];

    // The ancestors the resource is listed under, asked for when the arguments do not name them.
    let contractId = args.contractId;
    if (needs(contracts.idKey)) {
      if (contractId === undefined) {
        const picked = await pickContract(model, vscode.l10n.t({ message: '{0}: contract', args: [title], comment: ['{0} is the export, e.g. "Export Prepaid Commits"; the picker asks for a contract'] }));
        if (picked.error !== undefined) throw asError(picked.error);
        if (!picked.picked) return undefined;
        contractId = picked.picked.id;
        nameParts.push(contractName(picked.picked));
      } else if (!args.uri) {
        nameParts.push(contractName(await model.contract(contractId)));
      }
    }
    let commitId = args.commitId;
    if (needs(prepaidCommits.idKey) && contractId !== undefined) {
      if (commitId === undefined) {
        const picked = await pickPrepaidCommit(model, contractId, vscode.l10n.t({ message: '{0}: prepaid commit', args: [title], comment: ['{0} is the export, e.g. "Export Usage Events"; the picker asks for a prepaid commit'] }));
        if (picked.error !== undefined) throw asError(picked.error);
        if (!picked.picked) return undefined;
        commitId = picked.picked.id;
        nameParts.push(picked.picked.name);
      } else if (!args.uri) {
        nameParts.push((await model.prepaidCommit(contractId, commitId)).name);
      }
    }
    const format = args.format ?? (await pickFormat(vscode.l10n.t({ message: '{0}: format', args: [title], comment: ['{0} is the export, e.g. "Export Contracts"; the picker asks for a file format'] })));
    if (!format) return undefined;
    const uri = args.uri ?? (await pickTarget(resource, format, nameParts));
    if (!uri) return undefined;
    const bom = args.bom ?? vscode.workspace.getConfiguration('campfire').get<boolean>('export.csvBom', false);
    const target = targetPath(uri);

    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t({ message: '{0} to {1}', args: [title, path.basename(target)], comment: ['{0} is the export, e.g. "Export Contracts"; {1} the file it writes'] }), cancellable: true },
      async (progress, token) => {
        const cancel = new AbortController();
        const sub = token.onCancellationRequested(() => cancel.abort());
        let last = 0;
        try {
          return await runExport(client, {
            resource,
            contractId,
            commitId,
            format,
            target,
            bom,
            pageSize: bulkPageSize(pageSize),
            concurrency: maxConcurrentRequests,
            signal: cancel.signal,
            onProgress: (p) => {
              const pct = p.total ? (p.rows / p.total) * 100 : 0;
              progress.report({
                message: vscode.l10n.t({ message: '{0} of {1} rows', args: [formatCount(p.rows), p.total !== undefined ? formatCount(p.total) : '?'], comment: ['Export progress: rows written of the total ({1} is "?" until known)'] }),
                increment: pct - last,
              });
              last = pct;
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    const currency = result.totals ? await commitCurrency(ctx, contractId, commitId) : undefined;
    const said = describeResult(resource, result, currency);
    services.log.info(`${said} (${target})`);
    // A file with data keys folded into one column is complete, but not shaped as the user expects;
    // one read while Campfire's data changed holds rows of more than one moment. Neither is a plain success.
    announceExportedFile(said, vscode.Uri.file(target), format, result.dataChanged || result.otherDataKeys > 0 || (result.truncatedCells ?? 0) > 0);
    return result;
  } catch (e) {
    if (isCancellation(e)) {
      void vscode.window.showInformationMessage(vscode.l10n.t({ message: '{0} cancelled; nothing was written.', args: [title], comment: ['{0} is the export, e.g. "Export Contracts"'] }));
      if (automated) throw e;
      return undefined;
    }
    if (isCampfireError(e) && e.kind === 'incomplete') {
      // Partial data is never written as if it were the export: nothing was kept, and Retry is one click.
      services.log.warn(`${title}: ${e.message}`);
      const retry = vscode.l10n.t('Retry');
      const showLog = vscode.l10n.t('Show Log');
      void vscode.window
        .showWarningMessage(vscode.l10n.t({ message: '{0}: {1}. Nothing was written.', args: [title, e.message], comment: ['{0} is the export, e.g. "Export Contracts"; {1} why its data was incomplete'] }), retry, showLog)
        .then(async (choice) => {
          if (choice === retry) await exportCommand(ctx, resource, arg);
          else if (choice === showLog) services.log.show();
        });
    } else {
      void showError(services, e, vscode.l10n.t({ message: '{0} failed', args: [title], comment: ['{0} is the export, e.g. "Export Contracts"'] }));
    }
    if (automated) throw e;
    return undefined;
  }
}

/** What to export when not a tree node: an argument object skips every prompt; nothing means the user picks. */
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

export async function pickFormat(title: string): Promise<ExportFormat | undefined> {
  const pick = await vscode.window.showQuickPick(
    EXPORT_FORMATS.map((f) => ({ label: FORMATS[f].label, detail: FORMATS[f].detail, format: f })),
    { title, placeHolder: vscode.l10n.t({ message: 'Export as', comment: ['Asks for the file format of an export'] }) },
  );
  return pick?.format;
}

export async function pickTarget(resource: ExportResource, format: ExportFormat, nameParts: string[]): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
  const ext = FORMATS[format].extension;
  return vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export to'),
    defaultUri: vscode.Uri.joinPath(folder, defaultFileName(resource, format, nameParts)),
    filters: { [FORMATS[format].label]: [ext] },
    saveLabel: vscode.l10n.t({ message: 'Export', comment: ['The save button of the export’s file dialog'] }),
  });
}
