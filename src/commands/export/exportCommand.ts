// One export command: resolve what to export (node, argument object or prompts), then stream it
// to disk with cancellable progress, and say what was written.
import path from 'node:path';
import * as vscode from 'vscode';
import { CampfireNoApiKeyError, isCampfireError, isCancellation } from '../../api/errors';
import { bulkPageSize } from '../../api/pageSizes';
import { otherDataKeysNote } from '../../export/csvSpool';
import { exportable, type ExportResource } from '../../export/formats';
import { runExport, type ExportResult } from '../../export/runner';
import { contractName } from '../../model/contractQuery';
import { contracts, prepaidCommits, type IdKey } from '../../resources';
import { pickContract, pickPrepaidCommit } from '../../ui/pickers';
import { showError } from '../../ui/showError';
import type { TreeCommandContext } from '../treeTargets';
import { readExportArgs, targetPath } from './exportTarget';
import { pickFormat, pickTarget } from './prompts';

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

function describeResult(resource: ExportResource, r: ExportResult): string {
  const what = exportable(resource).label.many;
  const file = r.path ? path.basename(r.path) : 'the file';
  let text = `Exported ${r.rows.toLocaleString()} ${what} to ${file}`;
  if (r.totals) text += ` (revenue ${r.totals.revenue.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}, ${r.totals.events.toLocaleString()} events)`;
  text += '.';
  if (r.otherDataKeys > 0) {
    text += ` ${otherDataKeysNote(r.otherDataKeys)}.`;
  }
  if (r.difference !== 0) {
    text += ` Campfire reported ${r.initialCount.toLocaleString()} when the export started; the data changed while it ran (${r.difference > 0 ? '+' : ''}${r.difference.toLocaleString()}).`;
  }
  return text;
}

export async function exportCommand(ctx: TreeCommandContext, resource: ExportResource, arg: unknown): Promise<ExportResult | undefined> {
  const { services, model } = ctx;
  const args = readExportArgs(arg);
  const automated = args.uri !== undefined && args.format !== undefined;
  const described = exportable(resource);
  const title = `Export ${described.label.title}`;
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
        const picked = await pickContract(model, `${title}: contract`);
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
        const picked = await pickPrepaidCommit(model, contractId, `${title}: prepaid commit`);
        if (picked.error !== undefined) throw asError(picked.error);
        if (!picked.picked) return undefined;
        commitId = picked.picked.id;
        nameParts.push(picked.picked.name);
      } else if (!args.uri) {
        nameParts.push((await model.prepaidCommit(contractId, commitId)).name);
      }
    }
    const format = args.format ?? (await pickFormat(`${title}: format`));
    if (!format) return undefined;
    const uri = args.uri ?? (await pickTarget(resource, format, nameParts));
    if (!uri) return undefined;
    const bom = args.bom ?? vscode.workspace.getConfiguration('campfire').get<boolean>('export.csvBom', false);
    const target = targetPath(uri);

    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${title} to ${path.basename(target)}`, cancellable: true },
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
              progress.report({ message: `${p.rows.toLocaleString()} of ${p.total?.toLocaleString() ?? '?'} rows`, increment: pct - last });
              last = pct;
            },
          });
        } finally {
          sub.dispose();
        }
      },
    );
    services.log.info(`${describeResult(resource, result)} (${target})`);
    // A file with data keys folded into one column is complete, but not shaped as the user expects.
    const show = result.otherDataKeys > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(describeResult(resource, result), 'Open File', 'Reveal').then(async (choice) => {
      const fileUri = vscode.Uri.file(target);
      if (choice === 'Open File') await vscode.commands.executeCommand('vscode.open', fileUri);
      else if (choice === 'Reveal') await vscode.commands.executeCommand('revealFileInOS', fileUri);
    });
    return result;
  } catch (e) {
    if (isCancellation(e)) {
      void vscode.window.showInformationMessage(`${title} cancelled; nothing was written.`);
      if (automated) throw e;
      return undefined;
    }
    if (isCampfireError(e) && e.kind === 'incomplete') {
      // Partial data is never written as if it were the export: nothing was kept, and Retry is one click.
      services.log.warn(`${title}: ${e.message}`);
      void vscode.window.showWarningMessage(`${title}: ${e.message}. Nothing was written.`, 'Retry', 'Show Log').then(async (choice) => {
        if (choice === 'Retry') await exportCommand(ctx, resource, arg);
        else if (choice === 'Show Log') services.log.show();
      });
    } else {
      void showError(services, e, `${title} failed`);
    }
    if (automated) throw e;
    return undefined;
  }
}
