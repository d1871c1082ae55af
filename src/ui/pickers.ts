// The fallback when "Open Usage Events" runs without a commit (Command Palette): pick a contract,
// then one of its prepaid commits. Each list fills in page by page while the picker is busy, so the
// user can start typing before everything has loaded; closing the picker cancels its requests.
import * as vscode from 'vscode';
import { listContracts, listPrepaidCommits, type CampfireClient, type ListPage, type ListSummary } from '../api';
import type { Services } from '../core/services';
import { showError } from './showError';
import { contractDisplayName } from '../model/usageEvents/toWire';
import type { CommitRef } from '../model/usageEvents/commitRef';

export interface Picked<T> extends vscode.QuickPickItem {
  value: T;
}

export type PickResult<T> = { picked: T | undefined; error?: undefined } | { picked?: undefined; error: unknown };

export async function pickStreaming<I, T>(
  title: string,
  placeholder: string,
  pages: (signal: AbortSignal) => AsyncGenerator<ListPage<I>, ListSummary>,
  toItem: (item: I) => Picked<T>,
): Promise<PickResult<T>> {
  const qp = vscode.window.createQuickPick<Picked<T>>();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = true;
  const controller = new AbortController();
  const items: Picked<T>[] = [];
  return new Promise<PickResult<T>>((resolve) => {
    let settled = false;
    const finish = (result: PickResult<T>) => {
      if (settled) return;
      settled = true;
      controller.abort();
      qp.dispose();
      resolve(result);
    };
    qp.onDidAccept(() => finish({ picked: qp.selectedItems[0]?.value }));
    qp.onDidHide(() => finish({ picked: undefined }));
    qp.show();
    void (async () => {
      try {
        for await (const page of pages(controller.signal)) {
          for (const i of page.items) items.push(toItem(i));
          qp.keepScrollPosition = true;
          qp.items = items;
        }
        qp.busy = false;
        if (items.length === 0) qp.placeholder = 'Nothing to pick: the list is empty';
      } catch (e) {
        finish({ error: e });
      }
    })();
  });
}

export async function pickCommit(services: Services): Promise<CommitRef | undefined> {
  let client: CampfireClient;
  try {
    client = services.connection.client;
  } catch (e) {
    await showError(services, e, 'Cannot list contracts');
    return undefined;
  }
  const pageSize = services.connection.settings.pageSize;
  const contract = await pickStreaming(
    'Open Usage Events (1/2)',
    'Pick a contract',
    (signal) => listContracts(client, { pageSize, signal }),
    (c) => ({ label: contractDisplayName(c), description: c.client_name, detail: [c.status, c.currency].filter(Boolean).join(' · '), value: c.id }),
  );
  if (contract.error !== undefined) {
    await showError(services, contract.error, 'Could not list contracts');
    return undefined;
  }
  const contractId = contract.picked;
  if (contractId === undefined) return undefined;
  const commit = await pickStreaming(
    'Open Usage Events (2/2)',
    'Pick a prepaid commit',
    (signal) => listPrepaidCommits(client, contractId, { pageSize, signal }),
    (p) => ({
      label: p.name,
      description: [p.product_name, p.status].filter(Boolean).join(' · '),
      detail: `${p.remaining_value.toLocaleString()} of ${p.total_value.toLocaleString()}${p.currency ? ` ${p.currency}` : ''} remaining`,
      value: p.id,
    }),
  );
  if (commit.error !== undefined) {
    await showError(services, commit.error, 'Could not list prepaid commits');
    return undefined;
  }
  const commitId = commit.picked;
  if (commitId === undefined) return undefined;
  return { contractId, commitId };
}
