// What changed between two syncs, for the Changes view. Pure, so unit tests compute what the view shows.
import type { Contract } from '../api/schemas/contract';
import type { PrepaidCommit } from '../api/schemas/prepaidCommit';
import { stringifyExact } from '../shared/exactNumber';

export type ContractChangeKind = 'added' | 'modified' | 'deleted';

export interface ContractChange {
  kind: ContractChangeKind;
  id: number;
  /** The fields whose values differ, in the order of the current record (modified only). */
  fields: string[];
  previous: Contract | undefined;
  current: Contract | undefined;
}

/** What an alert needs of a commit (the commits watch keeps just this, per contract whose commits are cached). */
export type WatchedCommit = Pick<PrepaidCommit, 'id' | 'name' | 'total_value' | 'remaining_value' | 'expiration_date'>;

export type CommitAlert =
  | { kind: 'used'; contractId: number; commitId: number; name: string; threshold: UsedThreshold; usedPercent: number }
  | { kind: 'expiring'; contractId: number; commitId: number; name: string; expiresOn: string; days: number };

export const USED_THRESHOLDS = [80, 90, 100] as const;
export type UsedThreshold = (typeof USED_THRESHOLDS)[number];
export const EXPIRING_DAYS = 30;

/** What one sync found, against the snapshot before it. */
export interface ChangeSet {
  /** When the sync ended (ms since the epoch). */
  at: number;
  /** When the previous snapshot was listed. */
  since: number;
  contracts: ContractChange[];
  commits: CommitAlert[];
}

/** Fields that change with every edit: left out of the changed fields (the diff editor still shows them). */
const IGNORED_FIELDS = new Set(['last_modified_at', 'search_vector', 'search_text']);

/** The top-level fields whose JSON differs between two versions of a record. */
export function changedFields(previous: Record<string, unknown>, current: Record<string, unknown>): string[] {
  const keys = [...Object.keys(current), ...Object.keys(previous).filter((k) => !(k in current))];
  // stringifyExact: a number a double would round differs from the string of its digits.
  return keys.filter((k) => !IGNORED_FIELDS.has(k) && stringifyExact(previous[k]) !== stringifyExact(current[k]));
}

/** Contracts added, modified and deleted; one differing only in an ignored field is not listed. */
export function diffContracts(previous: readonly Contract[], current: readonly Contract[]): ContractChange[] {
  const before = new Map(previous.map((c) => [c.id, c]));
  const now = new Set<number>();
  const out: ContractChange[] = [];
  for (const c of current) {
    now.add(c.id);
    const old = before.get(c.id);
    if (!old) out.push({ kind: 'added', id: c.id, fields: [], previous: undefined, current: c });
    else if (old !== c) {
      const fields = changedFields(old, c);
      if (fields.length > 0) out.push({ kind: 'modified', id: c.id, fields, previous: old, current: c });
    }
  }
  for (const c of previous) if (!now.has(c.id)) out.push({ kind: 'deleted', id: c.id, fields: [], previous: c, current: undefined });
  return out;
}

/** How much of a commit is used, in percent (undefined for a commit of no value). */
export function usedPercent(commit: Pick<WatchedCommit, 'total_value' | 'remaining_value'>): number | undefined {
  if (!(commit.total_value > 0)) return undefined;
  return ((commit.total_value - commit.remaining_value) / commit.total_value) * 100;
}

function daysBetween(fromIsoDate: string, toIsoDate: string): number {
  return Math.round((Date.parse(`${toIsoDate}T00:00:00Z`) - Date.parse(`${fromIsoDate}T00:00:00Z`)) / 86_400_000);
}

/** Commits that crossed a threshold of use since `previous`, or expire within 30 days of `today`. */
export function commitAlerts(contractId: number, previous: readonly WatchedCommit[] | undefined, current: readonly WatchedCommit[], today: string): CommitAlert[] {
  const before = previous && new Map(previous.map((c) => [c.id, c]));
  const out: CommitAlert[] = [];
  for (const c of current) {
    const now = usedPercent(c);
    if (before && now !== undefined) {
      const old = before.get(c.id);
      const was = old ? (usedPercent(old) ?? 0) : 0;
      const crossed = [...USED_THRESHOLDS].reverse().find((t) => was < t && now >= t);
      if (crossed !== undefined) out.push({ kind: 'used', contractId, commitId: c.id, name: c.name, threshold: crossed, usedPercent: now });
    }
    const expires = c.expiration_date;
    if (expires) {
      const days = daysBetween(today, expires);
      if (days >= 0 && days <= EXPIRING_DAYS) out.push({ kind: 'expiring', contractId, commitId: c.id, name: c.name, expiresOn: expires, days });
    }
  }
  return out;
}

/** The alerts of one contract replaced in a list of alerts (its commits were read again). */
export function withCommitAlerts(all: readonly CommitAlert[], contractId: number, alerts: readonly CommitAlert[]): CommitAlert[] {
  return [...all.filter((a) => a.contractId !== contractId), ...alerts];
}

/** The fields of a commit the watch keeps. */
export function watched(c: WatchedCommit): WatchedCommit {
  return { id: c.id, name: c.name, total_value: c.total_value, remaining_value: c.remaining_value, expiration_date: c.expiration_date ?? null };
}

/** Watched commits expiring within 30 days, for contracts whose commits were not read in this window. */
export function watchAlerts(watch: ReadonlyMap<number, readonly WatchedCommit[]>, contractIds: ReadonlySet<number>, readNow: ReadonlySet<number>, today: string): CommitAlert[] {
  const out: CommitAlert[] = [];
  for (const [contractId, commits] of watch) {
    if (contractIds.has(contractId) && !readNow.has(contractId)) out.push(...commitAlerts(contractId, undefined, commits, today));
  }
  return out;
}
