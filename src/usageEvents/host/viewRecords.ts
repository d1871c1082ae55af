// The loaded rows a page's view shows, as records of its visible columns (named as the table and
// the exports name them), for an export of the view written from what the panel already holds.
import * as l10n from '@vscode/l10n';
import { OTHER_DATA_KEYS } from '../../shared/columnBound';
import { DATA_COLUMN_PREFIX } from '../../shared/dataColumn';
import type { UsageEventColumns } from '../protocol/cellColumns';
import { DATA_INDEX, USAGE_EVENT_FIELDS } from '../protocol/usageEventRow';

const BATCH = 2000;

/** What a page shows, as the rows its panel holds (UsageEventsPanel.shownRows). */
export interface ShownRows {
  /** Rows shown, and the columns shown, left to right. */
  rows: number;
  columns: readonly string[];
  filtered: boolean;
  sorted: boolean;
  /** Rows loaded, of `total` (null until Campfire said); `complete` once the listing has ended. */
  loaded: number;
  total: number | null;
  complete: boolean;
  /** The rows shown, in order, as records of the columns shown. */
  batches(): Iterable<Record<string, unknown>[]>;
}

/** Where each column is in the store; throws for a column the store does not hold. */
function storeColumns(store: UsageEventColumns, columns: readonly string[]): number[] {
  return columns.map((id) => {
    const field = (USAGE_EVENT_FIELDS as readonly string[]).indexOf(id);
    if (field >= 0) return field;
    if (id === OTHER_DATA_KEYS && store.overflowColumn >= 0) return store.overflowColumn;
    const key = id.startsWith(DATA_COLUMN_PREFIX) ? store.dataKeys.indexOf(id.slice(DATA_COLUMN_PREFIX.length)) : -1;
    if (key >= 0) return DATA_INDEX + key;
    throw new Error(l10n.t({ message: 'The loaded rows have no column {0}', args: [JSON.stringify(id)], comment: ['Export View: a column the panel shows is not among the rows it holds; {0} is its name, quoted'] }));
  });
}

/** Throws unless every row index is one of the store's rows. */
export function checkRowIndexes(store: UsageEventColumns, order: Uint32Array): void {
  for (let i = 0; i < order.length; i++) {
    if ((order[i] as number) >= store.length) {
      throw new RangeError(l10n.t({ message: 'Row {0} of the view is not loaded ({1} rows are)', args: [String(order[i]), String(store.length)], comment: ['Export View: the panel’s page named a row the panel does not hold'] }));
    }
  }
}

/** The rows at `order`, in that order, as records of `columns` in that order, a batch at a time. */
export function* viewRecords(store: UsageEventColumns, order: Uint32Array, columns: readonly string[]): Generator<Record<string, unknown>[]> {
  checkRowIndexes(store, order);
  const at = storeColumns(store, columns);
  for (let start = 0; start < order.length; start += BATCH) {
    const batch: Record<string, unknown>[] = [];
    const end = Math.min(order.length, start + BATCH);
    for (let i = start; i < end; i++) {
      const row = order[i] as number;
      // No prototype, so no column name reads anything but the row's own cell.
      const record = Object.create(null) as Record<string, unknown>;
      for (let c = 0; c < columns.length; c++) {
        const column = at[c] as number;
        const value = store.columns[column]?.get(row);
        // A field Campfire left out is null, as the rows have it; a `data` key a row lacks stays absent.
        record[columns[c] as string] = column < DATA_INDEX ? (value ?? null) : value;
      }
      batch.push(record);
    }
    yield batch;
  }
}
