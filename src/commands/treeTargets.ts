// What the tree's commands act on: a tree node, an argument object (`{contractId, commitId?, overrideId?}`),
// or nothing, in which case the user picks a contract.
import * as vscode from 'vscode';
import type { Services } from '../core/services';
import type { Views } from '../views';
import { entityFromArgs, type EntityRef } from '../model/entityRef';
import { contracts, prepaidCommits } from '../resources';
import { pickContract } from '../ui/pickers';
import { showError } from '../ui/showError';

/** What the tree's commands act on: the window's services and its views. */
export interface TreeCommandContext extends Views {
  services: Services;
}

/** What the user has selected in the Contracts tree, for a command run from the palette (no argument). */
export function selectedTreeItem(ctx: TreeCommandContext): unknown {
  return ctx.view.treeView.selection[0];
}

/** The commit of the usage-events panel in front of the user, if one is. */
export function activePanelCommit(ctx: TreeCommandContext): unknown {
  return ctx.usageEventsPanels.active()?.ref;
}

/** The entity named by `arg` (else the tree's selected item), or the contract the user picks (`title`: the picker's, in the display language). */
export async function resolveEntity(ctx: TreeCommandContext, arg: unknown, title: string): Promise<EntityRef | undefined> {
  const ref = entityFromArgs(arg ?? selectedTreeItem(ctx));
  if (ref) return ref;
  const contract = await pickContract(ctx.model, title);
  if (contract.error !== undefined) {
    void showError(ctx.services, contract.error, vscode.l10n.t('Could not list contracts'));
    return undefined;
  }
  return contract.picked ? { resource: contracts, ids: { contractId: contract.picked.id } } : undefined;
}

/**
 * The entity named by `arg`, else the commit of the usage-events panel in front of the user, else
 * as resolveEntity: the tree's selected item or the contract the user picks.
 */
export async function resolveEntityOrPanel(ctx: TreeCommandContext, arg: unknown, title: string): Promise<EntityRef | undefined> {
  const active = ctx.usageEventsPanels.active();
  return entityFromArgs(arg) ?? (active ? { resource: prepaidCommits, ids: active.ref } : await resolveEntity(ctx, arg, title));
}
