// Usage events kept column by column, in typed arrays, by both sides of the usage-events panel: the
// panel host keeps every loaded row this way for replaying to a re-created webview, and the
// webview's table stores its cells this way. A million rows cost about 90 bytes each instead of the
// ~300 of arrays of cells (src/webview/README.md, "A million rows", has the figures).
//
// A column starts as a dictionary: each distinct value once, and per row its code in the narrowest
// typed array that holds the codes (1, 2 or 4 bytes). Repeated values (months, dates, data keys'
// values such as team ids) stay that way. A column whose values are mostly distinct (ids, revenue,
// external ids, timestamps) turns "wide": numbers in a Float64Array, strings as Latin-1 bytes in one
// growing buffer with one offset per row, and anything else (null, booleans, objects, arrays, text
// beyond Latin-1, numbers a double would round) in a sparse map. Values come back exactly as they
// went in (-0 aside).
import { ExactNumber, stringifyExact } from './exactNumber';
import type { JsonValue } from './usageEventsMessages';
import { DATA_INDEX, type UsageEventData, type UsageEventRow } from './usageEventRow';

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

/**
 * A column's state as plain arrays, for the local cache (src/shared/columnsCodec.ts): exactly what
 * it holds, trimmed to its rows, so it is restored without re-reading a single value.
 */
export type ColumnSnapshot =
  | { kind: 'dictionary'; hasNonNumber: boolean; codes: Codes; values: CellValue[] }
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
  /** True once a value other than a number (an ExactNumber counts as one) or null went in (a data column is numeric until then). */
  hasNonNumber = false;

  /** `keepDictionary`: never turns wide (period months: the grouping reads their codes). */
  constructor(private readonly keepDictionary = false) {}

  get isDictionary(): boolean {
    return !this.wide;
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
    this.ensure(i + 1);
    if (this.wide) this.putWide(i, v);
    else this.putCode(i, v);
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

  /** Calls `f` for each wide row among [0, n) that holds a number. */
  forEachNumber(n: number, f: (row: number, v: number) => void): void {
    if (!this.wide || !this.nums) return;
    const rows = Math.min(n, this.wideRows);
    for (let r = 0; r < rows; r++) if (this.tags[r] === NUMBER) f(r, this.nums[r] as number);
  }

  /** Calls `f` for each wide row among [0, n) whose value is neither a number nor a Latin-1 string. */
  forEachOther(n: number, f: (row: number, v: CellValue) => void): void {
    for (const [r, v] of this.others) if (r < n) f(r, v);
  }

  /** Each wide row's tag: 2 for a Latin-1 string (see markLatin1Matches). */
  isLatin1String(i: number): boolean {
    return this.wide && this.tags[i] === STRING;
  }

  /** The column's state for its first `rows` rows (views of its arrays, not copies). */
  snapshot(rows: number): ColumnSnapshot {
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
  static restore(s: ColumnSnapshot, keepDictionary = false): CellColumn {
    const c = new CellColumn(keepDictionary);
    c.hasNonNumber = s.hasNonNumber;
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
    return c;
  }

  /** Bytes held (typed arrays and an estimate for dictionary entries and the sparse map). */
  get heldBytes(): number {
    let b = this.codes.byteLength + this.tags.byteLength + (this.nums?.byteLength ?? 0) + (this.offsets?.byteLength ?? 0) + this.bytes.byteLength;
    b += (this.values.length + this.others.size) * 64;
    return b;
  }
}

/**
 * Usage events as columns: the event's fields first, in USAGE_EVENT_FIELDS order, then one column
 * per `data` key in the order the keys first appear. The column indexes are the webview table's.
 */
export class UsageEventColumns {
  readonly columns: CellColumn[] = [];
  /** dataKeys[j] is the key of column DATA_INDEX + j. */
  readonly dataKeys: string[] = [];
  private readonly keyIndex = new Map<string, number>();
  size = 0;

  constructor(private readonly periodMonthIndex = -1) {
    this.clear();
  }

  clear(): void {
    this.columns.length = 0;
    for (let f = 0; f < DATA_INDEX; f++) this.columns.push(new CellColumn(f === this.periodMonthIndex));
    this.dataKeys.length = 0;
    this.keyIndex.clear();
    this.size = 0;
  }

  /** The column of a `data` key, made when it is new. */
  dataColumn(key: string): number {
    let index = this.keyIndex.get(key);
    if (index === undefined) {
      index = this.columns.length;
      this.columns.push(new CellColumn());
      this.dataKeys.push(key);
      this.keyIndex.set(key, index);
    }
    return index;
  }

  append(rows: readonly UsageEventRow[]): void {
    const columns = this.columns;
    for (let n = 0; n < rows.length; n++) {
      const r = rows[n] as UsageEventRow;
      const i = this.size++;
      for (let f = 0; f < DATA_INDEX; f++) (columns[f] as CellColumn).put(i, r[f]);
      const data = r[DATA_INDEX];
      for (let k = 0; k < data.length; k++) {
        const pair = data[k] as [string, JsonValue];
        (columns[this.dataColumn(pair[0])] as CellColumn).put(i, pair[1]);
      }
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
    });
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
      if (v !== undefined) data.push([this.dataKeys[c - DATA_INDEX] as string, v]);
    }
    cells.push(data);
    return cells as UsageEventRow;
  }

  /** Rows [start, end) as the wire has them. */
  slice(start: number, end: number): UsageEventRow[] {
    const out: UsageEventRow[] = [];
    for (let i = start; i < Math.min(end, this.size); i++) out.push(this.row(i));
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
