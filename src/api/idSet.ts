// A set of numeric ids for deduplicating listings: a JS Set hashes large ids slowly, and a 1M-row
// listing checks every id, so this is an open-addressing table over a Float64Array.

const EMPTY = Number.NaN; // never a valid id, and NaN !== NaN marks free slots

export class IdSet {
  private table: Float64Array;
  private mask: number;
  private count = 0;
  /** The id added most recently: the last row a listing handed out, which the next one must start on. */
  last: number | undefined;
  /** A listing stopped early saw rows change place: the one continuing it reads again at its end. */
  rowsMoved = false;
  /** The `count` the last listing that added to this set read last: a continued listing may not end below it unproven. */
  reportedCount: number | undefined;

  /** `expected`: how many ids will be added, when known, so the table is sized once. */
  constructor(expected = 0) {
    // Small when nothing is known: a sync starts tens of thousands of listings, most of a few rows.
    let size = 16;
    while (size * 3 < expected * 4) size *= 2;
    this.table = new Float64Array(size).fill(EMPTY);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  add(id: number): boolean {
    // Grow at three quarters full: linear probing stays short, and 1M ids fit in 16 MB.
    if (this.count * 4 >= this.table.length * 3) this.grow();
    let i = this.slot(id);
    for (;;) {
      const v = this.table[i] as number;
      if (v !== v) {
        this.table[i] = id;
        this.count++;
        this.last = id;
        return true;
      }
      if (v === id) return false;
      i = (i + 1) & this.mask;
    }
  }

  has(id: number): boolean {
    let i = this.slot(id);
    for (;;) {
      const v = this.table[i] as number;
      if (v !== v) return false;
      if (v === id) return true;
      i = (i + 1) & this.mask;
    }
  }

  private slot(id: number): number {
    // Mix high and low parts: ids are often dense ranges offset by large multiples.
    const lo = id | 0;
    const hi = (id / 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2d), 0x9e3779b1);
    h ^= h >>> 15;
    return h & this.mask;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2).fill(EMPTY);
    this.mask = this.table.length - 1;
    this.count = 0;
    for (const v of old) if (v === v) this.add(v);
  }
}
