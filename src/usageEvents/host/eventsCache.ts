// A commit's usage events in the local cache: the loader's column store (src/usageEvents/protocol/columnsCodec.ts)
// with the commit's header and consumption ledger, written only after a complete, exact listing.
import type { CacheScope } from '../../cache/cacheStore';
import { UsageEventColumns } from '../protocol/cellColumns';
import { decodeColumns, encodeColumns } from '../protocol/columnsCodec';
import type { CommitHeader, LedgerPoint } from '../protocol/usageEventsMessages';
import { fieldIndex } from '../protocol/usageEventRow';
import { errorMessage } from '../../shared/errorMessage';

export const PERIOD_MONTH_INDEX = fieldIndex('period_month');

export interface CachedEvents {
  rows: UsageEventColumns;
  header: CommitHeader | null;
  ledger: LedgerPoint[];
  /** When the listing was read (ms since the epoch). */
  savedAt: number;
}

interface Extra {
  contractId: number;
  commitId: number;
  header: CommitHeader | null;
  ledger: LedgerPoint[];
}

export function eventsCacheName(contractId: number, commitId: number): string {
  return `usageEvents/${contractId}-${commitId}`;
}

export function encodeEvents(contractId: number, commitId: number, rows: UsageEventColumns, header: CommitHeader | null, ledger: LedgerPoint[]): Uint8Array[] {
  const extra: Extra = { contractId, commitId, header, ledger };
  return encodeColumns(rows, PERIOD_MONTH_INDEX, extra);
}

/** The commit's cached events, or undefined when none are cached or they cannot be read (then deleted). */
export async function readCachedEvents(scope: CacheScope, contractId: number, commitId: number, warn: (message: string) => void): Promise<CachedEvents | undefined> {
  const name = eventsCacheName(contractId, commitId);
  const entry = await scope.read(name);
  if (!entry) return undefined;
  try {
    const { store, extra } = decodeColumns(entry.bytes);
    const e = extra as Partial<Extra> | null;
    if (e?.contractId !== contractId || e.commitId !== commitId || !Array.isArray(e.ledger)) throw new Error('for another commit');
    return { rows: store, header: e.header ?? null, ledger: e.ledger, savedAt: entry.savedAt };
  } catch (err) {
    warn(`Cache: discarded ${name} (${errorMessage(err)})`);
    await scope.remove(name);
    return undefined;
  }
}
