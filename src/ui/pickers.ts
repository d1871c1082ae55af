// The contract and commit pickers. They list from the tree's model, so what the tree loaded shows at once
// and the rest loads while the user types; closing the picker cancels the load.
import * as vscode from 'vscode';
import { isKnown } from '../api/schemas/primitives';
import { CONTRACT_STATUSES, PREPAID_COMMIT_STATUSES } from '../api/schemas/enums';
import type { Contract } from '../api/schemas/contract';
import type { PrepaidCommit } from '../api/schemas/prepaidCommit';
import { contractName } from '../model/contractQuery';
import type { ContractsModel, ModelChange } from '../model/contractsModel';
import type { PagedList } from '../model/pagedList';
import type { CommitRef } from '../model/commitRef';
import { prepaidCommits } from '../resources';
import { commitRemaining, contractLabel, contractValueShort, statusLabel } from './words';

interface Picked<T> extends vscode.QuickPickItem {
  value: T;
}

/** What the user picked (undefined: dismissed), or why the list could not be loaded. */
export type PickResult<T> = { picked: T | undefined; error?: undefined } | { picked?: undefined; error: unknown };

function pickFromList<T extends { id: number }>(
  model: ContractsModel,
  list: PagedList<T>,
  isMine: (change: ModelChange) => boolean,
  title: string,
  placeholder: string,
  toItem: (item: T) => Picked<T>,
): Promise<PickResult<T>> {
  const qp = vscode.window.createQuickPick<Picked<T>>();
  qp.title = title;
  qp.placeholder = placeholder;
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  const cancel = new AbortController();
  let shown = -1;
  const update = () => {
    qp.busy = !list.isComplete && list.error === undefined;
    if (list.items.length === shown) return;
    shown = list.items.length;
    qp.keepScrollPosition = true;
    qp.items = list.items.map(toItem);
    if (list.isComplete && shown === 0) qp.placeholder = vscode.l10n.t('Nothing to pick: the list is empty');
  };
  return new Promise<PickResult<T>>((resolve) => {
    let settled = false;
    const finish = (result: PickResult<T>) => {
      if (settled) return;
      settled = true;
      cancel.abort();
      subscription.dispose();
      qp.dispose();
      resolve(result);
    };
    const subscription = model.onDidChange((change) => {
      if (!isMine(change)) return;
      update();
      // A list that failed with nothing to show cannot be picked from: say why instead.
      if (list.error !== undefined && !list.isBusy && list.items.length === 0) finish({ error: list.error });
    });
    qp.onDidAccept(() => finish({ picked: qp.selectedItems[0]?.value }));
    qp.onDidHide(() => finish({ picked: undefined }));
    update();
    qp.show();
    void list
      .ensureLoaded()
      .then(() => (list.error === undefined && !list.isComplete ? list.loadAll(undefined, cancel.signal) : undefined))
      .then(() => {
        if (settled) return;
        update();
        if (list.error !== undefined && list.items.length === 0) finish({ error: list.error });
      });
  });
}

export function pickContract(model: ContractsModel, title: string): Promise<PickResult<Contract>> {
  return pickFromList(model, model.contracts, (c) => c.kind === 'contracts', title, vscode.l10n.t('Type a deal name, client or id'), (c) => ({
    label: contractLabel(c),
    description: c.client_name,
    detail: [`#${c.id}`, statusLabel(c.status, isKnown(CONTRACT_STATUSES, c.status)), contractValueShort(c)]
      .filter(Boolean)
      .join(' · '),
    value: c,
  }));
}

export function pickPrepaidCommit(model: ContractsModel, contractId: number, title: string): Promise<PickResult<PrepaidCommit>> {
  const list = model.children(prepaidCommits, contractId);
  return pickFromList(model, list, (c) => c.kind === 'children' && c.contractId === contractId, title, vscode.l10n.t('Pick a prepaid commit'), (p) => ({
    label: p.name,
    description: [p.product_name, statusLabel(p.status, isKnown(PREPAID_COMMIT_STATUSES, p.status))].filter(Boolean).join(' · '),
    detail: `#${p.id} · ${commitRemaining(p)}`,
    value: p,
  }));
}

/** A contract, then one of its prepaid commits; an error is returned for the caller to show. */
export async function pickCommit(model: ContractsModel, title: string): Promise<PickResult<CommitRef & { names: string[] }>> {
  const step = (n: number) => vscode.l10n.t({ message: '{0} ({1}/2)', args: [title, n], comment: ['A picker’s title {0} and which of its two steps this is'] });
  const contract = await pickContract(model, step(1));
  if (!contract.picked) return contract.error !== undefined ? { error: contract.error } : { picked: undefined };
  const commit = await pickPrepaidCommit(model, contract.picked.id, step(2));
  if (!commit.picked) return commit.error !== undefined ? { error: commit.error } : { picked: undefined };
  return { picked: { contractId: contract.picked.id, commitId: commit.picked.id, names: [contractName(contract.picked), commit.picked.name] } };
}

/** The statuses a filter offers, read as the tree reads them, each carrying its raw value. */
export function contractStatusItems(statuses: Iterable<string>, chosen: ReadonlySet<string>): (vscode.QuickPickItem & { status: string })[] {
  return [...statuses].map((status) => ({ label: statusLabel(status, isKnown(CONTRACT_STATUSES, status)), picked: chosen.has(status), status }));
}
