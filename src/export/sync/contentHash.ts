// A partition's content hash: SHA-256 of its rows as one JSON array of the records Campfire sent,
// every digit kept, so the same rows hash the same whatever the page size or the Parquet writer.
import { createHash, type Hash } from 'node:crypto';
import { stringifyExact } from '../../shared/exactNumber';

export class ContentHash {
  private readonly hash: Hash = createHash('sha256').update('[');
  private rows = 0;

  /** A batch's records, stringified together (one call per page, not per row: a million rows stay cheap). */
  add(records: readonly Record<string, unknown>[]): void {
    if (records.length === 0) return;
    const text = stringifyExact(records);
    if (this.rows > 0) this.hash.update(',');
    this.hash.update(text.slice(1, -1));
    this.rows += records.length;
  }

  digest(): string {
    return this.hash.update(']').digest('hex');
  }
}

/** The hash of one record (a contract or a commit), to tell whether it changed since the last sync. */
export function recordHash(record: Record<string, unknown>): string {
  const h = new ContentHash();
  h.add([record]);
  return h.digest();
}
