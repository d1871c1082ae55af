// How many columns the keys of Campfire's records may open, in every table built from them: the
// usage-events panel's column store (cellColumns.ts) and the CSV and XLSX exports
// (src/export/csvSpool.ts). Each column costs every row a cell (a file) or a slot (the panel), so
// without a bound a server sending a new key in every row makes the table grow with rows times
// keys. The first MAX_KEY_COLUMNS keys of a kind get a column each; the rest of that kind share one
// overflow column holding each row's other keys as one compact JSON object, so nothing is dropped.
//
// `data` keys and top-level fields the schema does not name are two kinds with a budget each, not
// one shared budget: each overflow column then holds one namespace (a data key "id" and a field
// "id" never meet in one object), and a server adding fields cannot push a commit's own data keys
// out of their columns. Both together stay far below Excel's 16,384 columns.

/** The most keys of one kind (`data` keys, or unknown top-level fields) that get a column of their own. */
export const MAX_KEY_COLUMNS = 1000;

/** Header of the column that holds, as compact JSON, a row's `data` keys beyond MAX_KEY_COLUMNS. */
export const OTHER_DATA_KEYS = 'data (other keys)';

/** Header of the column that holds, as compact JSON, a row's unknown top-level fields beyond MAX_KEY_COLUMNS. */
export const OTHER_FIELDS = 'other fields';

/** Where a key goes: its own column (new or known), or the overflow column (the first such key opens it). */
export type KeyPlace = 'newColumn' | 'column' | 'firstOverflow' | 'overflow';

/** The keys of one kind as they arrive: the first MAX_KEY_COLUMNS get a column, the others are counted. */
export class KeyBudget {
  private readonly named = new Set<string>();
  private readonly others = new Set<string>();

  place(key: string): KeyPlace {
    if (this.named.has(key)) return 'column';
    if (this.others.has(key)) return 'overflow';
    if (this.named.size < MAX_KEY_COLUMNS) {
      this.named.add(key);
      return 'newColumn';
    }
    this.others.add(key);
    return this.others.size === 1 ? 'firstOverflow' : 'overflow';
  }

  /** Whether `key` is one of the keys without a column of their own. */
  isOverflow(key: string): boolean {
    return this.others.has(key);
  }

  /** How many distinct keys have no column of their own (they are in the overflow column). */
  get overflowKeys(): number {
    return this.others.size;
  }

  clear(): void {
    this.named.clear();
    this.others.clear();
  }
}
