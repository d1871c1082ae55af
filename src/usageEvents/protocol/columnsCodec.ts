// The usage-events column store as bytes, for the local cache: the typed arrays are written as
// they are (no per-row work either way, so a million rows encode and decode in milliseconds), the
// dictionaries, the sparse values and the caller's extra data as one JSON block before them.
//
// Layout: u32 codec version, u32 length of the JSON block, the JSON block, then every array,
// each starting at a multiple of 8 bytes from the start. Arrays are in the machine's byte order,
// which the JSON block names; a reader of the other order treats the data as unreadable.
import { CellColumn, UsageEventColumns, type CellValue, type ColumnSnapshot } from './cellColumns';
import { parseJsonExact, stringifyExact } from '../../shared/exactNumber';
import { DATA_INDEX } from './usageEventRow';

/**
 * Raised with any change of the layout; data of another version is not read. 3: sparse `data` key
 * columns (version 2 of the bounded-columns change) together with numbers a double would round kept
 * as their digits (version 2 of that change, and version 1, hold them rounded): caches written by
 * any earlier version are read again.
 */
export const COLUMNS_CODEC_VERSION = 3;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type ArrayKind = 'u8' | 'u16' | 'u32' | 'i32' | 'f64';
type AnyArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

interface ArrayRef {
  kind: ArrayKind;
  length: number;
}

type ColumnMeta =
  | { kind: 'dictionary'; hasNonNumber: boolean; codes: ArrayRef; values: CellValue[] }
  | { kind: 'sparse'; hasNonNumber: boolean; rows: ArrayRef; values: CellValue[] }
  | { kind: 'wide'; hasNonNumber: boolean; tags: ArrayRef; nums: ArrayRef | null; offsets: ArrayRef | null; bytes: ArrayRef; wideRows: number; others: [number, CellValue][] };

interface Meta {
  littleEndian: boolean;
  size: number;
  periodMonthIndex: number;
  dataKeys: string[];
  columns: ColumnMeta[];
  extra: unknown;
}

export class ColumnsDecodeError extends Error {}

function kindOf(a: AnyArray): ArrayKind {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Uint16Array) return 'u16';
  if (a instanceof Uint32Array) return 'u32';
  if (a instanceof Int32Array) return 'i32';
  return 'f64';
}

const ARRAYS: Record<ArrayKind, { new (n: number): AnyArray; BYTES_PER_ELEMENT: number }> = {
  u8: Uint8Array,
  u16: Uint16Array,
  u32: Uint32Array,
  i32: Int32Array,
  f64: Float64Array,
};

const pad8 = (n: number) => (8 - (n % 8)) % 8;
const ZEROS = new Uint8Array(8);

/**
 * The store and `extra` (JSON) as byte parts to be written one after another (the arrays are
 * views of the store's, not copies: write them before the store changes).
 */
export function encodeColumns(store: UsageEventColumns, periodMonthIndex: number, extra: unknown): Uint8Array[] {
  const arrays: AnyArray[] = [];
  const ref = (a: AnyArray): ArrayRef => {
    arrays.push(a);
    return { kind: kindOf(a), length: a.length };
  };
  const columns = store.columns.map((column): ColumnMeta => {
    const s = column.snapshot(store.length);
    if (s.kind === 'dictionary') return { kind: 'dictionary', hasNonNumber: s.hasNonNumber, codes: ref(s.codes), values: s.values };
    if (s.kind === 'sparse') return { kind: 'sparse', hasNonNumber: s.hasNonNumber, rows: ref(s.rows), values: s.values };
    return {
      kind: 'wide',
      hasNonNumber: s.hasNonNumber,
      tags: ref(s.tags),
      nums: s.nums ? ref(s.nums) : null,
      offsets: s.offsets ? ref(s.offsets) : null,
      bytes: ref(s.bytes),
      wideRows: s.wideRows,
      others: s.others,
    };
  });
  const meta: Meta = { littleEndian: LITTLE_ENDIAN, size: store.length, periodMonthIndex, dataKeys: [...store.dataKeys], columns, extra };
  // Numbers a double would round (ExactNumber) are written as their literals and parsed back as such.
  const json = new TextEncoder().encode(stringifyExact(meta));
  const head = new Uint8Array(8 + json.length + pad8(8 + json.length));
  const view = new DataView(head.buffer);
  view.setUint32(0, COLUMNS_CODEC_VERSION, true);
  view.setUint32(4, json.length, true);
  head.set(json, 8);
  const parts: Uint8Array[] = [head];
  for (const a of arrays) {
    parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
    const padding = pad8(a.byteLength);
    if (padding > 0) parts.push(ZEROS.subarray(0, padding));
  }
  return parts;
}

/** Parts from encodeColumns as one message or file: bytes copied once, in order. */
export function joinParts(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The store and the extra data `encodeColumns` wrote; throws ColumnsDecodeError for anything else. */
export function decodeColumns(bytes: Uint8Array): { store: UsageEventColumns; extra: unknown } {
  if (bytes.length < 8) throw new ColumnsDecodeError('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(0, true);
  if (version !== COLUMNS_CODEC_VERSION) throw new ColumnsDecodeError(`codec version ${version}, expected ${COLUMNS_CODEC_VERSION}`);
  const jsonLength = view.getUint32(4, true);
  if (8 + jsonLength > bytes.length) throw new ColumnsDecodeError('truncated');
  let meta: Meta;
  try {
    meta = parseJsonExact(new TextDecoder().decode(bytes.subarray(8, 8 + jsonLength))) as Meta;
  } catch {
    throw new ColumnsDecodeError('unreadable description');
  }
  if (meta.littleEndian !== LITTLE_ENDIAN) throw new ColumnsDecodeError('written with the other byte order');
  let at = 8 + jsonLength + pad8(8 + jsonLength);
  // Each array is copied out of the file's bytes: its offset in the file buffer need not be
  // aligned for a typed view, and the file buffer can then be freed.
  const take = (r: ArrayRef) => {
    const Type = ARRAYS[r.kind] as (typeof ARRAYS)[ArrayKind] | undefined;
    if (!Type || !Number.isInteger(r.length) || r.length < 0) throw new ColumnsDecodeError('bad array');
    const byteLength = r.length * Type.BYTES_PER_ELEMENT;
    if (at + byteLength > bytes.length) throw new ColumnsDecodeError('truncated');
    const a = new Type(r.length);
    new Uint8Array(a.buffer).set(bytes.subarray(at, at + byteLength));
    at += byteLength + pad8(byteLength);
    return a;
  };
  const columns = meta.columns.map((c, index) => {
    let s: ColumnSnapshot;
    if (c.kind === 'dictionary') {
      s = { kind: 'dictionary', hasNonNumber: c.hasNonNumber, codes: take(c.codes) as Uint8Array | Uint16Array | Uint32Array, values: c.values };
    } else if (c.kind === 'sparse') {
      s = { kind: 'sparse', hasNonNumber: c.hasNonNumber, rows: take(c.rows) as Uint32Array, values: c.values };
    } else {
      s = {
        kind: 'wide',
        hasNonNumber: c.hasNonNumber,
        tags: take(c.tags) as Uint8Array,
        nums: c.nums ? (take(c.nums) as Float64Array | Int32Array) : undefined,
        offsets: c.offsets ? (take(c.offsets) as Uint32Array) : undefined,
        bytes: take(c.bytes) as Uint8Array,
        wideRows: c.wideRows,
        others: c.others,
      };
    }
    // Data keys' columns (those past the event's fields) may be, or turn, sparse.
    return CellColumn.restore(s, index === meta.periodMonthIndex, index >= DATA_INDEX);
  });
  if (at !== bytes.length) throw new ColumnsDecodeError('unexpected trailing bytes');
  return { store: UsageEventColumns.fromColumns(meta.periodMonthIndex, meta.size, columns, meta.dataKeys), extra: meta.extra };
}
