// One record of the tree, named by its resource and ids: what commands act on and JSON documents show.
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

/** The most specific resource whose every id key `arg` holds, or undefined. */
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

/** Campfire's free-text names made safe as a document path's last segment: no separators, control or bidi characters. */
export function sanitizeTitle(text: string, max = 80): string {
  const clean = text
    .replace(/[\\/]/g, '-')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  const chars = Array.from(clean);
  return chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : clean;
}

/** The record's own name, if it has one: a contract's deal name, a commit's name, an override's "group / tier". */
export function entityName(ref: EntityRef, record: unknown): string | undefined {
  if (typeof record !== 'object' || record === null) return undefined;
  const r = record as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  if (ref.resource === contracts) return text(r.deal_name);
  if (ref.resource === prepaidCommits) return text(r.name);
  const group = text(r.usage_group_name);
  const tier = text(r.tier_name);
  return group && tier ? `${group} / ${tier}` : (group ?? tier);
}

/** A JSON document's title: "Contract 1003 · Acme Renewal". */
export function entityTitle(kind: string, id: number, name: string | undefined): string {
  const named = name !== undefined ? sanitizeTitle(name) : '';
  return sanitizeTitle(named ? `${kind} ${id} · ${named}` : `${kind} ${id}`, 120);
}
