// Export View: the rows and columns a usage-events panel shows (its filters, sort and hidden
// columns, in its order) written from the rows the panel already holds, with no request to Campfire.
import path from 'node:path';
import * as vscode from 'vscode';
import { isCancellation } from '../../api/errors';
import { writeView, type ViewExportResult } from '../../export/viewWriter';
import { parseCommitRef } from '../../model/commitRef';
import { usageEvents } from '../../resources';
import { formatCount } from '../../shared/countFormat';
import { showError } from '../../ui/showError';
import type { UsageEventsPanel } from '../../usageEvents/host/panel';
import type { ShownRows } from '../../usageEvents/host/viewRecords';
import type { TreeCommandContext } from '../treeTargets';
import { pickFormat, pickTarget, readExportArgs, targetPath } from './exportCommand';
import { announceExportedFile } from './exportedFile';

/** What Export View wrote and said, and of how many rows loaded (`complete`: the listing had ended). */
export interface ViewExportOutcome extends ViewExportResult {
  message: string;
  loaded: number;
  total: number | null;
  complete: boolean;
}

/** The panel of the commit the argument names, else the active one. */
function panelFor(ctx: TreeCommandContext, arg: unknown): UsageEventsPanel | undefined {
  const ref = parseCommitRef(arg);
  if (ref) return ctx.usageEventsPanels.find(ref);
  return ctx.usageEventsPanels.active();
}

/** "filtered, sorted": how the rows shown differ from the rows loaded, or '' when they do not. */
function howShown(shown: ShownRows): string {
  const how = [
    ...(shown.filtered ? [vscode.l10n.t({ message: 'filtered', comment: ['Export View: the rows written were filtered'] })] : []),
    ...(shown.sorted ? [vscode.l10n.t({ message: 'sorted', comment: ['Export View: the rows written were sorted'] })] : []),
  ];
  return how.join(', ');
}

/** What the export says it wrote: always "as shown from the loaded data", and how much was loaded while the listing runs. */
export function describeViewExport(shown: ShownRows, result: ViewExportResult): string {
  const rows = formatCount(result.rows);
  const file = path.basename(result.path);
  const how = howShown(shown);
  const said = how
    ? vscode.l10n.t({ message: 'Exported {0} rows as shown ({1}) from the loaded data to {2}.', args: [rows, how, file], comment: ['{0} rows written, {1} how they were shown ("filtered, sorted"), {2} the file'] })
    : vscode.l10n.t({ message: 'Exported {0} rows as shown from the loaded data to {1}.', args: [rows, file], comment: ['{0} rows written, {1} the file'] });
  if (shown.complete) return said;
  const loading = vscode.l10n.t({
    message: 'Only {0} of {1} rows are loaded, so the file does not hold every row; Export All writes every row.',
    args: [formatCount(shown.loaded), shown.total === null ? '?' : formatCount(shown.total)],
    comment: ['Export View before every usage event was loaded (still loading, cancelled or failed); {1} is "?" until the total is known'],
  });
  return `${said} ${loading}`;
}

export async function exportUsageEventsView(ctx: TreeCommandContext, arg: unknown): Promise<ViewExportOutcome | undefined> {
  const { services } = ctx;
  const args = readExportArgs(arg);
  const automated = args.uri !== undefined && args.format !== undefined;
  const title = vscode.l10n.t('Export View of Usage Events');
  try {
    const panel = panelFor(ctx, arg);
    if (!panel) throw new Error(vscode.l10n.t('Open the usage events of a prepaid commit first: Export View writes what its panel shows.'));
    // What the user sees now, before any prompt: the view they asked to export.
    const shown = await panel.shownRows();
    const format = args.format ?? (await pickFormat(vscode.l10n.t({ message: '{0}: format', args: [title], comment: ['{0} is the export, e.g. "Export Contracts"; the picker asks for a file format'] })));
    if (!format) return undefined;
    const uri = args.uri ?? (await pickTarget(usageEvents.name, format, [`commit ${panel.ref.commitId}`, 'view']));
    if (!uri) return undefined;
    const target = targetPath(uri);
    const bom = args.bom ?? vscode.workspace.getConfiguration('campfire').get<boolean>('export.csvBom', false);
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t({ message: '{0} to {1}', args: [title, path.basename(target)], comment: ['{0} is the export, e.g. "Export Contracts"; {1} the file it writes'] }), cancellable: true },
      async (progress, token) => {
        const cancel = new AbortController();
        const sub = token.onCancellationRequested(() => cancel.abort());
        try {
          return await writeView({ resource: usageEvents.name, format, target, columns: shown.columns, bom, signal: cancel.signal, onProgress: (rows) => progress.report({ message: vscode.l10n.t({ message: '{0} of {1} rows', args: [formatCount(rows), formatCount(shown.rows)], comment: ['Export progress: rows written of the total ({1} is "?" until known)'] }) }) }, shown.batches());
        } finally {
          sub.dispose();
        }
      },
    );
    const said = describeViewExport(shown, result);
    services.log.info(`${said} (${target})`);
    // Rows of a listing still loading are not every row: said loudly, never as a plain success.
    announceExportedFile(said, vscode.Uri.file(target), format, !shown.complete);
    return { ...result, message: said, loaded: shown.loaded, total: shown.total, complete: shown.complete };
  } catch (e) {
    if (isCancellation(e) || (e instanceof Error && e.name === 'AbortError')) {
      void vscode.window.showInformationMessage(vscode.l10n.t({ message: '{0} cancelled; nothing was written.', args: [title], comment: ['{0} is the export, e.g. "Export Contracts"'] }));
      if (automated) throw e;
      return undefined;
    }
    void showError(services, e, vscode.l10n.t({ message: '{0} failed', args: [title], comment: ['{0} is the export, e.g. "Export Contracts"'] }));
    if (automated) throw e;
    return undefined;
  }
}
