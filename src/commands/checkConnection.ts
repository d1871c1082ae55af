// "Campfire: Check Connection": one small request that proves the base URL, the network path and
// the stored key all work, and says which of them does not. A connection that works while a
// usage-events panel is failing is not reported as simply "Connected": the failing panels are
// named, with Retry.
import * as vscode from 'vscode';
import { firstPage } from '../api/pagination';
import { contracts } from '../resources';
import type { Services } from '../core/services';
import { formatCount } from '../ui/format';
import { showError } from '../ui/showError';
import { UsageEventsPanel } from '../usageEvents/host/panel';

export interface ConnectionReport {
  origin: string;
  contracts: number;
  /** What each failing usage-events panel says, in words ("… while loading usage events of prepaid commit 34."). */
  failingPanels?: string[];
}

export async function checkConnection(services: Services, signal?: AbortSignal): Promise<ConnectionReport> {
  const client = services.connection.client;
  const first = await firstPage(contracts.list(client, {}, { pageSize: 1, maxItems: 1, signal }));
  return { origin: client.origin.origin, contracts: first?.count ?? 0 };
}

export function registerCheckConnection(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('campfire.checkConnection', async (args?: { quiet?: boolean }) => {
    try {
      const report = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Campfire: checking connection') },
        () => checkConnection(services),
      );
      const failing = UsageEventsPanel.failed().flatMap((p) => p.failure?.text ?? []);
      if (failing.length > 0) report.failingPanels = failing;
      if (!args?.quiet) {
        const connected =
          report.contracts === 1
            ? vscode.l10n.t('Connected to {0}: {1} contract.', report.origin, formatCount(report.contracts))
            : vscode.l10n.t('Connected to {0}: {1} contracts.', report.origin, formatCount(report.contracts));
        if (failing.length === 0) void vscode.window.showInformationMessage(connected);
        else void reportFailingPanels(services, connected, failing);
      }
      return report;
    } catch (e) {
      if (!args?.quiet) void showError(services, e, vscode.l10n.t('Campfire connection check failed'));
      throw e;
    }
  });
}

/** "Connected to … but 1 usage-events panel failed: …", with Retry (every failed panel) and Show Log. */
async function reportFailingPanels(services: Services, connected: string, failing: string[]): Promise<void> {
  const shown = failing.slice(0, 2).join(' ');
  const what = failing.length > 2 ? vscode.l10n.t({ message: '{0} (and {1} more)', args: [shown, failing.length - 2], comment: ['{0} is what failing panels say, {1} how many more failed'] }) : shown;
  const text =
    failing.length === 1
      ? vscode.l10n.t({ message: '{0} But 1 usage-events panel failed: {1}', args: [connected, what], comment: ['{0} is "Connected to …: N contracts."; {1} what the failing panel says'] })
      : vscode.l10n.t({ message: '{0} But {1} usage-events panels failed: {2}', args: [connected, failing.length, what], comment: ['{0} is "Connected to …: N contracts."; {1} how many panels failed; {2} what they say'] });
  const retry = vscode.l10n.t('Retry');
  const showLog = vscode.l10n.t('Show Log');
  services.log.warn(text);
  const choice = await vscode.window.showWarningMessage(text, retry, showLog);
  if (choice === retry) await vscode.commands.executeCommand('campfire.retry');
  else if (choice === showLog) services.log.show();
}
