// What the tree's commands act on. Each takes a tree node (context menu, inline action), a plain
// argument object (keybindings, automation, tests: `{contractId, commitId?, overrideId?}`), or
// nothing (command palette), in which case the user picks a contract.
import * as vscode from 'vscode';
import { isId } from '../api/ids';
import type { Contract } from '../api/schemas/contract';
import type { Services } from '../core/services';
import type { Views } from '../views';
import type { EntityRef } from '../views/jsonDocuments';
import { contractName } from '../model/contractQuery';
import type { ContractsModel } from '../model/contractsModel';
import { formatCount, formatMoney } from '../ui/format';

/** What the tree's commands act on: the window's services and its views. */
export interface TreeCommandContext extends Views {
  services: Services;
}

/** A node or an argument object naming an entity. */
export interface EntityArgs {
  contractId?: unknown;
  commitId?: unknown;
  overrideId?: unknown;
}


/** The entity an argument names (a node carries the same id fields), or undefined. */
export function refFromArgs(arg: unknown): EntityRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as EntityArgs;
  if (!isId(a.contractId)) return undefined;
  if (isId(a.commitId)) return { kind: 'prepaidCommit', contractId: a.contractId, commitId: a.commitId };
  if (isId(a.overrideId)) return { kind: 'tierPriceOverride', contractId: a.contractId, overrideId: a.overrideId };
  return { kind: 'contract', contractId: a.contractId };
}

interface ContractPick extends vscode.QuickPickItem {
  contract?: Contract;
  loadAll?: true;
}

function contractPicks(model: ContractsModel): ContractPick[] {
  const picks: ContractPick[] = model.contracts.items.map((c) => ({
    label: contractName(c),
    description: c.client_name,
    detail: [`#${c.id}`, c.status ?? '', c.total_contract_value != null ? formatMoney(c.total_contract_value, c.currency) : ''].filter(Boolean).join(' · '),
    contract: c,
  }));
  const count = model.contracts.count;
  if (model.contracts.hasMore && count !== undefined) {
    picks.push({ label: `$(ellipsis) Load all ${formatCount(count)} contracts…`, alwaysShow: true, loadAll: true });
  }
  return picks;
}

/** Asks for a contract among those loaded (loading the first page, or all on request). */
export async function pickContract(ctx: TreeCommandContext, title: string): Promise<Contract | undefined> {
  const model = ctx.model;
  const qp = vscode.window.createQuickPick<ContractPick>();
  qp.title = title;
  qp.placeholder = 'Type a deal name, client or id';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.busy = !model.contracts.isLoaded;
  qp.items = contractPicks(model);
  const subscription = model.onDidChange((c) => {
    if (c.kind === 'contracts') {
      qp.items = contractPicks(model);
      qp.busy = model.contracts.isBusy;
    }
  });
  void model.contracts.ensureLoaded();
  try {
    return await new Promise<Contract | undefined>((resolve) => {
      qp.onDidAccept(() => {
        const pick = qp.selectedItems[0];
        if (pick?.loadAll) {
          qp.busy = true;
          void ctx.view.provider.track(model.contracts.loadAll());
          return;
        }
        resolve(pick?.contract);
        qp.hide();
      });
      qp.onDidHide(() => resolve(undefined));
      qp.show();
    });
  } finally {
    subscription.dispose();
    qp.dispose();
  }
}

/** The entity named by `arg`, or the contract the user picks. */
export async function resolveEntity(ctx: TreeCommandContext, arg: unknown, title: string): Promise<EntityRef | undefined> {
  const ref = refFromArgs(arg);
  if (ref) return ref;
  const contract = await pickContract(ctx, title);
  return contract ? { kind: 'contract', contractId: contract.id } : undefined;
}
