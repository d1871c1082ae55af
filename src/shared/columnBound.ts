// How many columns record keys may open in the panel and in CSV and XLSX exports
// (docs/ARCHITECTURE.md): without a bound a new key in every row grows a table by rows times keys.

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
