// Where a synced dataset keeps each partition: one folder per resource, Hive-style `key=value`
// folders for the ids that locate it, one Parquet file in each (docs/dataset-sync.md).
import path from 'node:path';
import { consumption, contracts, prepaidCommits, tierPriceOverrides, usageEvents, type IdKey } from '../../resources';

/** What a sync writes, in the order it reads them. */
export const SYNCED = [contracts, prepaidCommits, tierPriceOverrides, usageEvents, consumption] as const;
export type SyncedResource = (typeof SYNCED)[number];

/** The file of each partition; a later writer may add part-1 and on, as Spark and DuckDB read a folder whole. */
export const PART_FILE = 'part-0.parquet';

/** A resource's folder: its name in snake case (`usage_events`), as warehouse tables are named. */
export function folderOf(resource: SyncedResource): string {
  return resource.name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** The Hive key of an id: `contractId` → `contract_id`. */
export function hiveKey(key: IdKey): string {
  return key.replace(/Id$/, '_id');
}

/** The ids a partition is located by: none for contracts, the contract's for its lists, the commit's too below it. */
export interface PartitionIds {
  contractId?: number;
  commitId?: number;
}

export interface PartitionRef {
  resource: SyncedResource;
  ids: PartitionIds;
}

/** `usage_events/contract_id=12/commit_id=34`, with `/` whatever the platform: the manifest's key of a partition. */
export function partitionKey({ resource, ids }: PartitionRef): string {
  const keys = resource.parentKeys as readonly IdKey[];
  return [folderOf(resource), ...keys.map((k) => `${hiveKey(k)}=${String((ids as Record<string, number | undefined>)[k])}`)].join('/');
}

/** The partition's folder under the dataset's root. */
export function partitionDir(root: string, key: string): string {
  return path.join(root, ...key.split('/'));
}

/** The ids in a partition key, or undefined for a key no sync writes. */
export function parsePartitionKey(key: string): PartitionRef | undefined {
  const [folder, ...parts] = key.split('/');
  const resource = SYNCED.find((r) => folderOf(r) === folder);
  if (!resource || parts.length !== resource.parentKeys.length) return undefined;
  const ids: Record<string, number> = {};
  for (const [i, k] of (resource.parentKeys as readonly IdKey[]).entries()) {
    const m = new RegExp(`^${hiveKey(k)}=(\\d+)$`).exec(parts[i] ?? '');
    if (!m) return undefined;
    ids[k] = Number(m[1]);
  }
  return { resource, ids };
}
