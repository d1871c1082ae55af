// Brings a cached contract list up to date with three concurrent requests (changed, deleted, count),
// or reads it all again when they disagree. Pure: the requests come in as a DeltaSource.
import * as z from 'zod';
import type { Contract } from '../api/schemas/contract';
import { contractSchema } from '../api/schemas/contract';
import { id } from '../api/schemas/primitives';
import type { WatchedCommit } from './contractChanges';
import { parseJsonExact, stringifyExact } from '../shared/exactNumber';
import { errorMessage } from '../shared/errorMessage';

/** Campfire's timestamps against this machine's clock: the margin covers a clock that is behind. */
export const SYNC_MARGIN_MS = 10 * 60 * 1000;

export interface Listed<T> {
  items: T[];
  complete: boolean;
}

export interface DeltaSource {
  /** Active contracts with `last_modified_at__gte=since`. */
  changedSince(since: string, signal?: AbortSignal): Promise<Listed<Contract>>;
  /** Ids of contracts soft-deleted at or after `since` (`include_deleted=true`). */
  deletedSince(since: string, signal?: AbortSignal): Promise<Listed<{ id: number }>>;
  /** The server's count of active contracts (one `limit=1` request). */
  count(signal?: AbortSignal): Promise<number>;
  fullList(signal?: AbortSignal): Promise<Listed<Contract>>;
}

export interface ContractsSnapshot {
  contracts: Contract[];
  /** Every contract of the account (a full listing or a verified delta); false: only the pages the user loaded. */
  complete: boolean;
  count: number;
  /** When the listing that produced it started, on this machine's clock (ms since the epoch). */
  listedAt: number;
}

export interface SyncResult {
  contracts: Contract[];
  count: number;
  listedAt: number;
  /** delta: the three requests agreed; full: everything was read again (why in `reason`). */
  mode: 'delta' | 'full';
  reason?: string;
}

/** The `last_modified_at__gte` for a sync after a snapshot listed at `listedAt`: ISO 8601 in UTC, to the second. */
export function deltaSince(listedAt: number, marginMs = SYNC_MARGIN_MS): string {
  return new Date(Math.floor((listedAt - marginMs) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function idOrder(list: readonly { id: number }[]): 1 | -1 | 0 {
  if (list.length < 2) return 0;
  let up = true;
  let down = true;
  for (let i = 1; i < list.length && (up || down); i++) {
    const a = (list[i - 1] as { id: number }).id;
    const b = (list[i] as { id: number }).id;
    if (b <= a) up = false;
    if (b >= a) down = false;
  }
  return up ? 1 : down ? -1 : 0;
}

/**
 * The cached list with the delta applied. In id order (DRF's usual default) new contracts go where a
 * re-list would put them, else at the end; one both changed and deleted counts as deleted.
 */
export function mergeDelta(cached: readonly Contract[], changed: readonly Contract[], deletedIds: Iterable<number>): Contract[] {
  const gone = new Set(deletedIds);
  const updates = new Map<number, Contract>();
  for (const c of changed) if (!gone.has(c.id)) updates.set(c.id, c);
  const order = idOrder(cached);
  const out: Contract[] = [];
  for (const c of cached) {
    if (gone.has(c.id)) continue;
    const fresh = updates.get(c.id);
    out.push(fresh ?? c);
    updates.delete(c.id);
  }
  if (updates.size === 0) return out;
  const added = [...updates.values()];
  if (order === 0 && out.length > 0) return [...out, ...added];
  const direction = order === 0 ? 1 : order;
  added.sort((a, b) => (a.id - b.id) * direction);
  const merged: Contract[] = [];
  let i = 0;
  let j = 0;
  while (i < out.length || j < added.length) {
    const a = out[i];
    const b = added[j];
    if (b === undefined || (a !== undefined && (a.id - b.id) * direction < 0)) {
      merged.push(a as Contract);
      i++;
    } else {
      merged.push(b);
      j++;
    }
  }
  return merged;
}

/** `now` is read before the first request, so the next sync's window starts no later than anything this one missed. */
export async function syncContracts(previous: ContractsSnapshot | undefined, source: DeltaSource, options: { now?: () => number; marginMs?: number; signal?: AbortSignal } = {}): Promise<SyncResult> {
  const now = options.now ?? Date.now;
  const signal = options.signal;
  const listedAt = now();
  const full = async (reason: string): Promise<SyncResult> => {
    const all = await source.fullList(signal);
    if (!all.complete) throw new Error('the contract listing ended before its end');
    return { contracts: all.items, count: all.items.length, listedAt, mode: 'full', reason };
  };
  if (!previous?.complete) return full(previous ? 'the cached list was partial' : 'nothing cached');
  const since = deltaSince(previous.listedAt, options.marginMs);
  const [changed, deleted, count] = await Promise.all([source.changedSince(since, signal), source.deletedSince(since, signal), source.count(signal)]);
  if (!changed.complete || !deleted.complete) return full('a delta listing was incomplete');
  const merged = mergeDelta(
    previous.contracts,
    changed.items,
    deleted.items.map((d) => d.id),
  );
  if (merged.length !== count) return full(`the merged list holds ${merged.length} contracts, the server counts ${count}`);
  return { contracts: merged, count, listedAt, mode: 'delta' };
}


/** Raised when the payload's layout changes; a payload of another format is read again from Campfire. */
export const SNAPSHOT_FORMAT = 3;
export const CONTRACTS_ENTRY = 'contracts';

/** Field names once per shape, each record as [shape, ...values]: a third of plain JSON's bytes, faster at start-up. */
const headerSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  complete: z.boolean(),
  count: z.number().int().nonnegative(),
  listedAt: z.number(),
  shapes: z.array(z.array(z.string())),
  // Checked row by row below: zod would walk each of the 600,000 values of 10,000 rows.
  rows: z.array(z.unknown()),
});

export function encodeSnapshot(s: ContractsSnapshot): Uint8Array {
  const shapes: string[][] = [];
  const shapeIndex = new Map<string, number>();
  const rows = s.contracts.map((c) => {
    const keys = Object.keys(c);
    const key = keys.join('\n');
    let index = shapeIndex.get(key);
    if (index === undefined) {
      index = shapes.length;
      shapes.push(keys);
      shapeIndex.set(key, index);
    }
    const row: unknown[] = [index];
    for (const k of keys) row.push(c[k]);
    return row;
  });
  return Buffer.from(stringifyExact({ format: SNAPSHOT_FORMAT, complete: s.complete, count: s.count, listedAt: s.listedAt, shapes, rows }), 'utf8');
}

export interface DecodedSnapshot {
  snapshot: ContractsSnapshot;
  /** Checks every record against the schema a slice at a time, `pause` between slices. */
  validate(pause?: () => Promise<void>): Promise<string | undefined>;
}

const VALIDATE_SLICE = 500;

/**
 * The snapshot in `bytes` (a cache file is untrusted input too), or undefined with the reason. What the
 * tree shows first of each record is checked here; the full schema in `validate`.
 */
export function readSnapshot(bytes: Uint8Array, problem: (reason: string) => void = () => undefined): DecodedSnapshot | undefined {
  const parsed = parseCached(bytes, headerSchema, `a contracts snapshot of format ${SNAPSHOT_FORMAT}`, problem);
  if (!parsed) return undefined;
  const { shapes, rows } = parsed.data;
  const contracts: Contract[] = new Array<Contract>(rows.length);
  const ids = new Set<number>();
  const text = (v: unknown, nullable: boolean) => typeof v === 'string' || (nullable && (v === null || v === undefined));
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const keys = Array.isArray(row) ? shapes[row[0] as number] : undefined;
    if (!Array.isArray(row) || !Number.isInteger(row[0]) || !keys || keys.length !== row.length - 1) {
      problem(`row ${i + 1} does not fit a shape`);
      return undefined;
    }
    const record: Record<string, unknown> = {};
    for (let k = 0; k < keys.length; k++) record[keys[k] as string] = row[k + 1];
    const id = record.id;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0 || ids.has(id)) {
      problem(typeof id === 'number' && ids.has(id) ? 'a contract is listed twice' : `row ${i + 1} has no contract id`);
      return undefined;
    }
    if (!text(record.client_name, false) || !text(record.deal_name, true) || !text(record.status, true) || !text(record.last_modified_at, false)) {
      problem(`contract ${id} is not a contract record`);
      return undefined;
    }
    ids.add(id);
    contracts[i] = record as Contract;
  }
  const snapshot: ContractsSnapshot = { contracts, complete: parsed.data.complete, count: parsed.data.count, listedAt: parsed.data.listedAt };
  return {
    snapshot,
    validate: async (pause) => {
      for (let i = 0; i < contracts.length; i++) {
        if (pause && i % VALIDATE_SLICE === 0) await pause();
        const r = contractSchema.safeParse(contracts[i]);
        if (!r.success) return `contract ${(contracts[i] as Contract).id}: ${r.error.issues[0]?.path.join('.') ?? ''}: ${r.error.issues[0]?.message ?? ''}`;
      }
      return undefined;
    },
  };
}

export async function decodeSnapshot(bytes: Uint8Array, problem: (reason: string) => void = () => undefined): Promise<ContractsSnapshot | undefined> {
  const decoded = readSnapshot(bytes, problem);
  if (!decoded) return undefined;
  const wrong = await decoded.validate();
  if (wrong !== undefined) {
    problem(wrong);
    return undefined;
  }
  return decoded.snapshot;
}


export interface ChildSnapshot<T> {
  items: T[];
  complete: boolean;
  count: number;
}

export function childEntryName(resourceName: string, contractId: number): string {
  return `children/${resourceName}/${contractId}`;
}

export function encodeChildren<T>(s: ChildSnapshot<T>): Uint8Array {
  return Buffer.from(stringifyExact({ format: SNAPSHOT_FORMAT, ...s }), 'utf8');
}

export function decodeChildren<S extends z.ZodType>(bytes: Uint8Array, itemSchema: S, problem: (reason: string) => void = () => undefined): ChildSnapshot<z.output<S>> | undefined {
  const schema = z.object({ format: z.literal(SNAPSHOT_FORMAT), complete: z.boolean(), count: z.number().int().nonnegative(), items: z.array(itemSchema) });
  const parsed = parseCached(bytes, schema, `a list snapshot of format ${SNAPSHOT_FORMAT}`, problem);
  if (!parsed) return undefined;
  return { items: (parsed.json as { items: z.output<S>[] }).items, complete: parsed.data.complete, count: parsed.data.count };
}

/** The commits watch: what alerts need of each cached commit list, so a sync can tell which expire soon without reading them. */
export const WATCH_ENTRY = 'commits-watch';

const watchSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  contracts: z.array(z.tuple([id, z.array(z.object({ id, name: z.string(), total_value: z.number(), remaining_value: z.number(), expiration_date: z.string().nullable().optional() }))])),
});

export function encodeWatch(watch: ReadonlyMap<number, readonly WatchedCommit[]>): Uint8Array {
  return Buffer.from(JSON.stringify({ format: SNAPSHOT_FORMAT, contracts: [...watch] }), 'utf8');
}

export function decodeWatch(bytes: Uint8Array, problem: (reason: string) => void = () => undefined): Map<number, WatchedCommit[]> | undefined {
  const parsed = parseCached(bytes, watchSchema, 'a commits watch', problem);
  return parsed && new Map(parsed.data.contracts.map(([contractId, commits]) => [contractId, commits.map((c) => ({ ...c, expiration_date: c.expiration_date ?? null }))]));
}

function parseCached<S extends z.ZodType>(bytes: Uint8Array, schema: S, what: string, problem: (reason: string) => void): { json: unknown; data: z.output<S> } | undefined {
  let json: unknown;
  try {
    json = parseJsonExact(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (e) {
    problem(`not JSON (${errorMessage(e)})`);
    return undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    problem(`not ${what} (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`);
    return undefined;
  }
  return { json, data: parsed.data };
}
