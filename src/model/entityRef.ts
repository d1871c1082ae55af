// One record of the tree, named by its resource and ids: what the tree's commands act on, what a
// JSON document shows, what an argument object (`{contractId, commitId}`) or a node names.
import { isId } from '../api/ids';
import { CONTRACT_CHILDREN, contracts, prepaidCommits, type ContractChild, type IdKey } from '../resources';
import type { ContractsModel } from './contractsModel';

/** The resources whose records the tree shows. */
export const TREE_RESOURCES = [contracts, ...CONTRACT_CHILDREN] as const;
export type TreeResource = (typeof TREE_RESOURCES)[number];

export interface EntityRef {
  readonly resource: TreeResource;
  /** The record's ids and its ancestors' (`{contractId: 12, commitId: 34}`). */
  readonly ids: Readonly<Partial<Record<IdKey, number>>> & { readonly contractId: number };
}

/** The record's own id. */
export function entityId(ref: EntityRef): number {
  return ref.ids[ref.resource.idKey] ?? ref.ids.contractId;
}

/**
 * The record an argument names (a node carries the same id fields): the most specific resource
 * whose every id key is present, or undefined.
 */
export function entityFromArgs(arg: unknown): EntityRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Partial<Record<IdKey, unknown>>;
  // Deepest first: `{contractId, commitId}` names the commit, not the contract.
  const byDepth = [...TREE_RESOURCES].sort((x, y) => y.itemKeys.length - x.itemKeys.length);
  for (const resource of byDepth) {
    const values = resource.itemKeys.map((k) => a[k]);
    if (values.every(isId)) {
      const ids = Object.fromEntries(resource.itemKeys.map((k, i) => [k, values[i]])) as EntityRef['ids'];
      return { resource, ids };
    }
  }
  return undefined;
}

/** The record as Campfire sent it (every field, including ones this extension does not model). */
export async function loadEntity(model: ContractsModel, ref: EntityRef): Promise<unknown> {
  const { resource, ids } = ref;
  if (resource === contracts) return model.contract(ids.contractId);
  if (resource === prepaidCommits) return model.prepaidCommit(ids.contractId, entityId(ref));
  const found = await model.findByListing(resource as ContractChild, ids.contractId, entityId(ref));
  if (!found) throw new Error(`Contract ${ids.contractId} has no ${resource.label.one} ${entityId(ref)}.`);
  return found;
}
