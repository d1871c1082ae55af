// Usage events kept column by column, in typed arrays, by both sides of the usage-events panel: the
// panel host keeps every loaded row this way for replaying to a re-created webview, and the
// webview's table stores its cells this way. A million rows cost about 90 bytes each instead of the
// ~300 of arrays of cells (docs/usage-events-panel.md, "A million rows", has the figures).
//
// A column starts as a dictionary: each distinct value once, and per row its code in the narrowest
// typed array that holds the codes (1, 2 or 4 bytes). Repeated values (months, dates, data keys'
// values such as team ids) stay that way. A column whose values are mostly distinct (ids, revenue,
// external ids, timestamps) turns "wide": numbers in a Float64Array, strings as Latin-1 bytes in one
// growing buffer with one offset per row, and anything else (null, booleans, objects, arrays, text
// beyond Latin-1, numbers a double would round) in a sparse map. Values come back exactly as they
// went in (-0 aside).
//
// A `data` key's column starts sparse: the rows that hold a value and those values, nothing for the
// rows without. A key first seen in row 39,999 costs one entry, not 40,000 slots, so memory follows
// the values a commit has, not its rows times its keys. It turns dense once more than one row in
// SPARSE_UNTIL holds a value, and a dense column about to grow for a value far past its others goes
// back to sparse. At most MAX_KEY_COLUMNS keys get a column; the others' values go, per row, into
// one overflow column (columnBound.ts).
import { KeyBudget } from '../../shared/columnBound';
import { ExactNumber, stringifyExact } from '../../shared/exactNumber';
import { DATA_INDEX, type JsonValue, type UsageEventData, type UsageEventRow } from './usageEventRow';

export type CellValue = JsonValue | undefined;

const MISSING = 0;
const NUMBER = 1;
const STRING = 2;
const OTHER = 3;

/** A dictionary larger than this, holding more than one value per four rows, turns the column wide. */
const DICTIONARY_LIMIT = 4096;
/** Beyond this many distinct values a column turns wide whatever the row count (codes stay in 2 bytes). */
const DICTIONARY_HARD_LIMIT = 65_535;

type Codes = Uint8Array | Uint16Array | Uint32Array;

/** A sparse column turns dense once it holds a value in more than one row in this many (and in 64 rows at least). */
const SPARSE_UNTIL = 16;
/** A dense column that would grow while it holds a value in fewer than one row in this many turns sparse. */
const DENSE_WHILE = 64;

/**
 * A column's state as plain arrays, for the local cache (src/usageEvents/protocol/columnsCodec.ts): exactly what
 * it holds, trimmed to its rows, so it is restored without re-reading a single value.
 */
export type ColumnSnapshot =
  | { kind: 'dictionary'; hasNonNumber: boolean; codes: Codes; values: CellValue[] }
  | { kind: 'sparse'; hasNonNumber: boolean; rows: Uint32Array; values: CellValue[] }
  | {
      kind: 'wide';
      hasNonNumber: boolean;
      tags: Uint8Array;
      nums: Float64Array | Int32Array | undefined;
      offsets: Uint32Array | undefined;
      bytes: Uint8Array;
      wideRows: number;
      others: [number, CellValue][];
    };

function grownTo<T extends Codes | Float64Array | Int32Array>(a: T, size: number, make: (n: number) => T): T {
  if (size <= a.length) return a;
  const b = make(Math.max(size, a.length * 2, 64));
  b.set(a);
  return b;
}

/** An object's dictionary key: its JSON, with an ExactNumber's digits unquoted so it never equals the string of them. */
function objectKey(v: object): string {
  return stringifyExact(v);
}

/** Latin-1 text of bytes [from, to). */
function latin1(bytes: Uint8Array, from: number, to: number): string {
  if (to - from <= 4096) return String.fromCharCode.apply(null, bytes.subarray(from, to) as unknown as number[]);
  let s = '';
  for (let i = from; i < to; i += 4096) s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(to, i + 4096)) as unknown as number[]);
  return s;
}

/** Lower-casing of a Latin-1 code unit, as String.prototype.toLowerCase does it. */
function foldLatin1(b: number): number {
  return (b >= 65 && b <= 90) || (b >= 0xc0 && b <= 0xde && b !== 0xd7) ? b + 32 : b;
}

export class CellColumn {
  /** Rows this column has room for (rows past the last put are missing). */
  private capacity = 0;
  private wide = false;
  // Dictionary: codes[i] is 0 for missing, k for values[k - 1].
  private codes: Codes = new Uint8Array(0);
  private values: CellValue[] = [];
  private primitiveCodes: Map<string | number | boolean | null, number> | undefined = new Map();
  private objectCodes: Map<string, number> | undefined = new Map();
  // Wide.
  private tags: Uint8Array = new Uint8Array(0);
  /** Wide numbers: in an Int32Array while every one is a 32-bit integer, then a Float64Array. */
  private nums: Float64Array | Int32Array | undefined;
  /** offsets[i]..offsets[i + 1] are row i's bytes (empty when it holds no Latin-1 string). */
  private offsets: Uint32Array | undefined;
  private bytes: Uint8Array = new Uint8Array(0);
  private byteLength = 0;
  private others = new Map<number, CellValue>();
  /** Rows written so far in wide form (offsets are cumulative up to here). */
  private wideRows = 0;
  /** Rows holding a value in dense form (to tell when the column should turn sparse). */
  private filled = 0;
  // Sparse: sparseRows[k] (ascending) holds sparseValues[k]; undefined while dense.
  private sparseRows: Uint32Array | undefined;
  private sparseValues: CellValue[] = [];
  /** True once a value other than a number (an ExactNumber counts as one) or null went in (a data column is numeric until then). */
  hasNonNumber = false;

  /**
   * `keepDictionary`: never turns wide (period months: the grouping reads their codes). `sparse`:
   * starts sparse and may turn sparse again (a `data` key's column, which most rows may lack).
   */
  constructor(
    private readonly keepDictionary = false,
    private readonly maySparse = false,
  ) {
    if (maySparse) this.sparseRows = new Uint32Array(0);
  }

  /** A dictionary column: values reached through code() and dictionary (neither wide nor sparse). */
  get isDictionary(): boolean {
    return !this.wide && !this.sparseRows;
  }

  get isSparse(): boolean {
    return this.sparseRows !== undefined;
  }

  /** The distinct values of a dictionary column; code k is values[k - 1]. */
  get dictionary(): readonly CellValue[] {
    return this.values;
  }

  /** Row i's dictionary code (0: missing); only for a dictionary column. */
  code(i: number): number {
    return this.codes[i] ?? 0;
  }

  private ensure(n: number): void {
    if (n <= this.capacity) return;
    const size = Math.max(n, this.capacity * 2, 64);
    this.capacity = size;
    if (!this.wide) {
      const c = this.codes;
      this.codes = grownTo(c, size, (k) => new (c.constructor as new (k: number) => Codes)(k));
      return;
    }
    this.tags = grownTo(this.tags, size, (k) => new Uint8Array(k));
    const nums = this.nums;
    if (nums) this.nums = grownTo(nums, size, (k) => new (nums.constructor as new (k: number) => Float64Array | Int32Array)(k));
    if (this.offsets) this.offsets = grownTo(this.offsets, size + 1, (k) => new Uint32Array(k));
  }

  /** Sets row i (rows are written in order; a row skipped is missing). */
  put(i: number, v: CellValue): void {
    if (v !== undefined && v !== null && typeof v !== 'number' && !(v instanceof ExactNumber)) this.hasNonNumber = true;
    if (this.sparseRows) {
      if (v !== undefined) this.putSparse(i, v);
      return;
    }
    if (this.maySparse && v !== undefined && i >= this.capacity && (this.filled + 1) * DENSE_WHILE < i + 1) {
      this.toSparse();
      this.putSparse(i, v);
      return;
    }
    this.putDense(i, v);
  }

  private putDense(i: number, v: CellValue): void {
    if (v !== undefined) this.filled++;
    this.ensure(i + 1);
    if (this.wide) this.putWide(i, v);
    else this.putCode(i, v);
  }

  private putSparse(i: number, v: CellValue): void {
    let rows = this.sparseRows as Uint32Array;
    const n = this.sparseValues.length;
    if (n === rows.length) {
      const grown = new Uint32Array(Math.max(8, n * 2));
      grown.set(rows);
      this.sparseRows = rows = grown;
    }
    rows[n] = i;
    this.sparseValues.push(v);
    if (n + 1 >= 64 && (n + 1) * SPARSE_UNTIL > i + 1) this.toDense();
  }

  /** Back to empty dense storage (dictionary form). */
  private resetDense(): void {
    this.capacity = 0;
    this.wide = false;
    this.codes = new Uint8Array(0);
    this.values = [];
    this.primitiveCodes = new Map();
    this.objectCodes = new Map();
    this.tags = new Uint8Array(0);
    this.nums = undefined;
    this.offsets = undefined;
    this.bytes = new Uint8Array(0);
    this.byteLength = 0;
    this.others = new Map();
    this.wideRows = 0;
    this.filled = 0;
  }

  private toDense(): void {
    const rows = this.sparseRows as Uint32Array;
    const values = this.sparseValues;
    this.sparseRows = undefined;
    this.sparseValues = [];
    this.resetDense();
    for (let k = 0; k < values.length; k++) this.putDense(rows[k] as number, values[k]);
  }

  private toSparse(): void {
    const rows: number[] = [];
    const values: CellValue[] = [];
    for (let r = 0; r < this.capacity; r++) {
      const v = this.get(r);
      if (v === undefined) continue;
      rows.push(r);
      values.push(v);
    }
    this.resetDense();
    this.sparseRows = Uint32Array.from(rows);
    this.sparseValues = values;
  }

  /** Index in sparseValues of the first row at or after i (their count when none). */
  private sparseIndexAtLeast(i: number): number {
    const rows = this.sparseRows as Uint32Array;
    let lo = 0;
    let hi = this.sparseValues.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((rows[mid] as number) < i) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index in sparseValues of row i, or -1. */
  private sparseIndex(i: number): number {
    const k = this.sparseIndexAtLeast(i);
    return k < this.sparseValues.length && this.sparseRows?.[k] === i ? k : -1;
  }

  private putCode(i: number, v: CellValue): void {
    if (v === undefined) {
      this.codes[i] = MISSING;
      return;
    }
    const isObject = typeof v === 'object' && v !== null;
    const key = isObject ? objectKey(v) : v;
    const map = isObject ? this.objectCodes : this.primitiveCodes;
    let code = (map as Map<unknown, number>).get(key);
    if (code === undefined) {
      this.values.push(v);
      code = this.values.length;
      (map as Map<unknown, number>).set(key, code);
      const n = this.values.length;
      if (!this.keepDictionary && n > DICTIONARY_LIMIT && (n > DICTIONARY_HARD_LIMIT || n * 4 > i + 1)) {
        this.widen(i);
        this.putWide(i, v);
        return;
      }
      if (n > 255 && this.codes instanceof Uint8Array) this.codes = Uint16Array.from(this.codes);
      else if (n > 65_535 && this.codes instanceof Uint16Array) this.codes = Uint32Array.from(this.codes);
    }
    this.codes[i] = code;
  }

  /** Turns the first `rows` rows into wide form. */
  private widen(rows: number): void {
    const codes = this.codes;
    const values = this.values;
    this.wide = true;
    this.tags = new Uint8Array(this.capacity);
    this.codes = new Uint8Array(0);
    this.values = [];
    this.primitiveCodes = undefined;
    this.objectCodes = undefined;
    for (let r = 0; r < rows; r++) {
      const c = codes[r] as number;
      this.putWide(r, c === MISSING ? undefined : values[c - 1]);
    }
  }

  private putWide(i: number, v: CellValue): void {
    // Offsets are cumulative: rows between the last written and this one hold no bytes.
    if (this.offsets) for (let r = this.wideRows; r < i; r++) this.offsets[r + 1] = this.byteLength;
    this.wideRows = Math.max(this.wideRows, i + 1);
    if (v === undefined) {
      this.tags[i] = MISSING;
    } else if (typeof v === 'number') {
      this.nums ??= new Int32Array(this.capacity);
      if (this.nums instanceof Int32Array && (v | 0) !== v) this.nums = Float64Array.from(this.nums);
      this.nums[i] = v;
      this.tags[i] = NUMBER;
    } else if (typeof v === 'string' && this.putLatin1(i, v)) {
      this.tags[i] = STRING;
      return;
    } else {
      this.others.set(i, v);
      this.tags[i] = OTHER;
    }
    if (this.offsets) this.offsets[i + 1] = this.byteLength;
  }

  /** Writes a Latin-1 string's bytes; false (nothing written) when it has other characters. */
  private putLatin1(i: number, s: string): boolean {
    for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 255) return false;
    if (!this.offsets) {
      // Every row before this one holds no bytes.
      this.offsets = new Uint32Array(this.capacity + 1);
    }
    const end = this.byteLength + s.length;
    if (end > this.bytes.length) {
      const b = new Uint8Array(Math.max(end, this.bytes.length * 2, 1024));
      b.set(this.bytes.subarray(0, this.byteLength));
      this.bytes = b;
    }
    const bytes = this.bytes;
    let at = this.byteLength;
    for (let k = 0; k < s.length; k++) bytes[at++] = s.charCodeAt(k);
    this.byteLength = end;
    this.offsets[i] = end - s.length;
    this.offsets[i + 1] = end;
    return true;
  }

  get(i: number): CellValue {
    if (this.sparseRows) {
      const k = this.sparseIndex(i);
      return k < 0 ? undefined : this.sparseValues[k];
    }
    if (!this.wide) {
      const c = this.codes[i] ?? MISSING;
      return c === MISSING ? undefined : this.values[c - 1];
    }
    switch (this.tags[i]) {
      case NUMBER:
        return (this.nums as Float64Array)[i];
      case STRING: {
        const o = this.offsets as Uint32Array;
        return latin1(this.bytes, o[i] as number, o[i + 1] as number);
      }
      case OTHER:
        return this.others.get(i);
      default:
        return undefined;
    }
  }

  /**
   * The row's number (an ExactNumber's nearest double), or NaN when it holds something else (a
   * cheap read for sums and sorting).
   */
  number(i: number): number {
    if (this.sparseRows) {
      const v = this.get(i);
      return typeof v === 'number' ? v : v instanceof ExactNumber ? v.approx : Number.NaN;
    }
    if (!this.wide) {
      const v = this.values[(this.codes[i] ?? 0) - 1];
      return typeof v === 'number' ? v : v instanceof ExactNumber ? v.approx : Number.NaN;
    }
    const tag = this.tags[i];
    if (tag === NUMBER) return (this.nums as Float64Array)[i] as number;
    if (tag === OTHER) {
      const v = this.others.get(i);
      if (v instanceof ExactNumber) return v.approx;
    }
    return Number.NaN;
  }

  /**
   * Rows among [0, n) whose Latin-1 string contains `needle` (already lower-cased, Latin-1), ignoring
   * case, marked in `out`; only for a wide column. Strings outside Latin-1 are not looked at here.
   */
  markLatin1Matches(needle: string, n: number, out: Uint8Array): void {
    const o = this.offsets;
    if (!this.wide || !o) return;
    const len = needle.length;
    const first = needle.charCodeAt(0);
    const bytes = this.bytes;
    const tags = this.tags;
    const rows = Math.min(n, this.wideRows);
    for (let r = 0; r < rows; r++) {
      if (tags[r] !== STRING) continue;
      const end = (o[r + 1] as number) - len;
      for (let a = o[r] as number; a <= end; a++) {
        if (foldLatin1(bytes[a] as number) !== first) continue;
        let k = 1;
        while (k < len && foldLatin1(bytes[a + k] as number) === needle.charCodeAt(k)) k++;
        if (k === len) {
          out[r] = 1;
          break;
        }
      }
    }
  }

  /** Calls `f` for each wide or sparse row among [0, n) that holds a number. */
  forEachNumber(n: number, f: (row: number, v: number) => void): void {
    if (this.sparseRows) {
      this.forEachSparse(n, (r, v) => typeof v === 'number' && f(r, v));
      return;
    }
    if (!this.wide || !this.nums) return;
    const rows = Math.min(n, this.wideRows);
    for (let r = 0; r < rows; r++) if (this.tags[r] === NUMBER) f(r, this.nums[r] as number);
  }

  /**
   * Calls `f` for each wide row among [0, n) whose value is neither a number nor a Latin-1 string,
   * and for each sparse row whose value is not a number (its strings too: a sparse column has no
   * Latin-1 bytes for markLatin1Matches).
   */
  forEachOther(n: number, f: (row: number, v: CellValue) => void): void {
    if (this.sparseRows) {
      this.forEachSparse(n, (r, v) => typeof v !== 'number' && f(r, v));
      return;
    }
    for (const [r, v] of this.others) if (r < n) f(r, v);
  }

  /** Calls `f` for each row among [from, to) that holds a value, in row order. */
  forEachIn(from: number, to: number, f: (row: number, v: CellValue) => void): void {
    if (this.sparseRows) {
      const rows = this.sparseRows;
      let k = this.sparseIndexAtLeast(from);
      for (; k < this.sparseValues.length && (rows[k] as number) < to; k++) f(rows[k] as number, this.sparseValues[k]);
      return;
    }
    for (let i = from; i < to; i++) {
      const v = this.get(i);
      if (v !== undefined) f(i, v);
    }
  }

  private forEachSparse(n: number, f: (row: number, v: CellValue) => void): void {
    const rows = this.sparseRows as Uint32Array;
    for (let k = 0; k < this.sparseValues.length && (rows[k] as number) < n; k++) f(rows[k] as number, this.sparseValues[k]);
  }

  /** Each wide row's tag: 2 for a Latin-1 string (see markLatin1Matches). */
  isLatin1String(i: number): boolean {
    return this.wide && this.tags[i] === STRING;
  }

  /** The column's state for its first `rows` rows (views of its arrays, not copies). */
  snapshot(rows: number): ColumnSnapshot {
    if (this.sparseRows) {
      let k = this.sparseValues.length;
      while (k > 0 && (this.sparseRows[k - 1] as number) >= rows) k--;
      return { kind: 'sparse', hasNonNumber: this.hasNonNumber, rows: this.sparseRows.subarray(0, k), values: this.sparseValues.slice(0, k) };
    }
    const n = Math.min(this.capacity, rows);
    if (!this.wide) return { kind: 'dictionary', hasNonNumber: this.hasNonNumber, codes: this.codes.subarray(0, n), values: this.values };
    return {
      kind: 'wide',
      hasNonNumber: this.hasNonNumber,
      tags: this.tags.subarray(0, n),
      nums: this.nums?.subarray(0, n),
      offsets: this.offsets?.subarray(0, n + 1),
      bytes: this.bytes.subarray(0, this.byteLength),
      wideRows: Math.min(this.wideRows, n),
      others: [...this.others].filter(([r]) => r < n),
    };
  }

  /** A column holding a snapshot's state (it keeps the snapshot's arrays). */
  static restore(s: ColumnSnapshot, keepDictionary = false, maySparse = false): CellColumn {
    const c = new CellColumn(keepDictionary, maySparse);
    c.hasNonNumber = s.hasNonNumber;
    if (s.kind === 'sparse') {
      c.sparseRows = s.rows;
      c.sparseValues = s.values;
      return c;
    }
    c.sparseRows = undefined;
    if (s.kind === 'dictionary') {
      c.capacity = s.codes.length;
      c.codes = s.codes;
      c.values = s.values;
      // The lookups new rows are coded with.
      const primitives = new Map<string | number | boolean | null, number>();
      const objects = new Map<string, number>();
      s.values.forEach((v, k) => {
        if (typeof v === 'object' && v !== null) objects.set(objectKey(v), k + 1);
        else if (v !== undefined) primitives.set(v, k + 1);
      });
      c.primitiveCodes = primitives;
      c.objectCodes = objects;
      for (let r = 0; r < s.codes.length; r++) if (s.codes[r] !== MISSING) c.filled++;
      return c;
    }
    c.wide = true;
    c.capacity = s.tags.length;
    c.codes = new Uint8Array(0);
    c.values = [];
    c.primitiveCodes = undefined;
    c.objectCodes = undefined;
    c.tags = s.tags;
    c.nums = s.nums;
    c.offsets = s.offsets;
    c.bytes = s.bytes;
    c.byteLength = s.bytes.length;
    c.wideRows = s.wideRows;
    c.others = new Map(s.others);
    for (let r = 0; r < s.tags.length; r++) if (s.tags[r] !== MISSING) c.filled++;
    return c;
  }

  /** Bytes held (typed arrays and an estimate for dictionary entries and the sparse map). */
  get heldBytes(): number {
    if (this.sparseRows) return this.sparseRows.byteLength + this.sparseValues.length * 64;
    let b = this.codes.byteLength + this.tags.byteLength + (this.nums?.byteLength ?? 0) + (this.offsets?.byteLength ?? 0) + this.bytes.byteLength;
    b += (this.values.length + this.others.size) * 64;
    return b;
  }
}

/**
 * Usage events as columns: the event's fields first, in USAGE_EVENT_FIELDS order, then one column
 * per `data` key in the order the keys first appear, MAX_KEY_COLUMNS of them at most, then (once a
 * further key appears) the overflow column: each row's other keys as one object. The column
 * indexes are the webview table's.
 */
export class UsageEventColumns {
  readonly columns: CellColumn[] = [];
  /** dataKeys[j] is the key of column DATA_INDEX + j (the keys with a column of their own). */
  readonly dataKeys: string[] = [];
  private readonly keyIndex = new Map<string, number>();
  private readonly budget = new KeyBudget();
  /** The column of the keys beyond MAX_KEY_COLUMNS (always the last), -1 until one appears. */
  overflowColumn = -1;
  size = 0;

  constructor(private readonly periodMonthIndex = -1) {
    this.clear();
  }

  clear(): void {
    this.columns.length = 0;
    for (let f = 0; f < DATA_INDEX; f++) this.columns.push(new CellColumn(f === this.periodMonthIndex));
    this.dataKeys.length = 0;
    this.keyIndex.clear();
    this.budget.clear();
    this.overflowColumn = -1;
    this.size = 0;
  }

  /** How many distinct `data` keys have no column of their own (their values are in the overflow column). */
  get otherDataKeys(): number {
    return this.budget.overflowKeys;
  }

  /** The column of a `data` key, made when it is new; -1 for a key beyond MAX_KEY_COLUMNS (the overflow column's). */
  dataColumn(key: string): number {
    const index = this.keyIndex.get(key);
    if (index !== undefined) return index;
    const place = this.budget.place(key);
    if (place === 'newColumn') {
      this.columns.push(new CellColumn(false, true));
      this.dataKeys.push(key);
      this.keyIndex.set(key, this.columns.length - 1);
      return this.columns.length - 1;
    }
    if (place === 'firstOverflow') {
      this.columns.push(new CellColumn(false, true));
      this.overflowColumn = this.columns.length - 1;
    }
    return -1;
  }

  append(rows: readonly UsageEventRow[]): void {
    const columns = this.columns;
    for (let n = 0; n < rows.length; n++) {
      const r = rows[n] as UsageEventRow;
      const i = this.size++;
      for (let f = 0; f < DATA_INDEX; f++) (columns[f] as CellColumn).put(i, r[f]);
      const data = r[DATA_INDEX];
      let other: Record<string, JsonValue> | undefined;
      for (let k = 0; k < data.length; k++) {
        const pair = data[k] as [string, JsonValue];
        const c = this.dataColumn(pair[0]);
        if (c >= 0) {
          (columns[c] as CellColumn).put(i, pair[1]);
        } else {
          // No prototype, so a key named "__proto__" is stored as an ordinary key.
          other ??= Object.create(null) as Record<string, JsonValue>;
          other[pair[0]] = pair[1];
        }
      }
      if (other) (columns[this.overflowColumn] as CellColumn).put(i, other);
    }
  }

  /** A store of these columns (as restored from the local cache) holding `size` rows. */
  static fromColumns(periodMonthIndex: number, size: number, columns: CellColumn[], dataKeys: string[]): UsageEventColumns {
    const store = new UsageEventColumns(periodMonthIndex);
    store.columns.length = 0;
    store.columns.push(...columns);
    dataKeys.forEach((key, j) => {
      store.dataKeys.push(key);
      store.keyIndex.set(key, DATA_INDEX + j);
      store.budget.place(key);
    });
    // A column past the named keys' is the overflow column: its rows' keys are the keys it counts.
    if (columns.length > DATA_INDEX + dataKeys.length) {
      store.overflowColumn = DATA_INDEX + dataKeys.length;
      const overflow = columns[store.overflowColumn] as CellColumn;
      for (let i = 0; i < size; i++) {
        const v = overflow.get(i);
        if (v !== null && typeof v === 'object' && !Array.isArray(v)) for (const k of Object.keys(v)) store.budget.place(k);
      }
    }
    store.size = size;
    return store;
  }

  /** How many rows are held. */
  get length(): number {
    return this.size;
  }

  /** Row i as the wire has it; `data` lists its keys in the order the columns were made. */
  row(i: number): UsageEventRow {
    const cells: unknown[] = [];
    for (let f = 0; f < DATA_INDEX; f++) cells.push((this.columns[f] as CellColumn).get(i) ?? null);
    const data: UsageEventData = [];
    for (let c = DATA_INDEX; c < this.columns.length; c++) {
      const v = (this.columns[c] as CellColumn).get(i);
      if (v === undefined) continue;
      if (c !== this.overflowColumn) data.push([this.dataKeys[c - DATA_INDEX] as string, v]);
      else for (const [k, x] of Object.entries(v as Record<string, JsonValue>)) data.push([k, x]);
    }
    cells.push(data);
    return cells as UsageEventRow;
  }

  /**
   * Rows [start, end) as the wire has them, as row() gives them. Column by column: a sparse key
   * column is walked over the values it holds, not looked up in every row (a replay of 40,000 rows
   * by 1,000 mostly empty key columns would be 40 million lookups).
   */
  slice(start: number, end: number): UsageEventRow[] {
    const to = Math.min(end, this.size);
    const out: UsageEventRow[] = [];
    for (let i = start; i < to; i++) {
      const cells: unknown[] = [];
      for (let f = 0; f < DATA_INDEX; f++) cells.push((this.columns[f] as CellColumn).get(i) ?? null);
      cells.push([]);
      out.push(cells as UsageEventRow);
    }
    for (let c = DATA_INDEX; c < this.columns.length; c++) {
      const key = this.dataKeys[c - DATA_INDEX] as string;
      const overflow = c === this.overflowColumn;
      (this.columns[c] as CellColumn).forEachIn(start, to, (i, v) => {
        const data = (out[i - start] as UsageEventRow)[DATA_INDEX];
        if (!overflow) data.push([key, v as JsonValue]);
        else for (const [k, x] of Object.entries(v as Record<string, JsonValue>)) data.push([k, x]);
      });
    }
    return out;
  }

  /** Each row as the wire has it, through `f` (one row exists as an array at a time). */
  map<T>(f: (row: UsageEventRow, index: number) => T): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.size; i++) out.push(f(this.row(i), i));
    return out;
  }

  get heldBytes(): number {
    return this.columns.reduce((sum, c) => sum + c.heldBytes, 0);
  }
}
