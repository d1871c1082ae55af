// "Campfire: Check Connection": one small request that proves the base URL, the network path and
// the stored key all work, and says which of them does not.
import * as vscode from 'vscode';
import { firstPage } from '../api/pagination';
import { contracts } from '../resources';
import type { Services } from '../core/services';
import { formatCount } from '../ui/format';
import { showError } from '../ui/showError';

export interface ConnectionReport {
  origin: string;
  contracts: number;
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
      if (!args?.quiet) {
        void vscode.window.showInformationMessage(
          report.contracts === 1
            ? vscode.l10n.t('Connected to {0}: {1} contract.', report.origin, formatCount(report.contracts))
            : vscode.l10n.t('Connected to {0}: {1} contracts.', report.origin, formatCount(report.contracts)),
        );
      }
      return report;
    } catch (e) {
      if (!args?.quiet) void showError(services, e, vscode.l10n.t('Campfire connection check failed'));
      throw e;
    }
  });
}
