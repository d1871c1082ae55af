// The records of a streamed zip (APPNOTE.TXT 6.3.10). Zip64 only where a field passes 0xFFFFFFFF,
// as Excel 2010 and older warn about Zip64 in a small file.

/** The largest classic 32-bit value; a test lowers `max` to check the Zip64 records without 4 GiB. */
export const MAX_CLASSIC = 0xffff_fffe;
/** The most entries a classic end record counts; 0xFFFF means "see the Zip64 end record". */
const MAX_CLASSIC_ENTRIES = 0xfffe;

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const CENTRAL_HEADER = 0x02014b50;
const ZIP64_END = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const END = 0x06054b50;
const ZIP64_EXTRA = 0x0001;

/** Bit 3: sizes and CRC-32 follow the data (in the data descriptor), as a stream cannot know them first. */
const FLAGS = 0x0008;
const DEFLATE = 8;
/** Version needed to extract: 2.0 for deflate, 4.5 for Zip64. */
const VERSION = 20;
const VERSION_ZIP64 = 45;

/** The most bytes raw deflate can turn `size` bytes into (zlib's conservative deflateBound). */
export function deflateBound(size: number): number {
  return size + Math.ceil(size / 8) + Math.ceil(size / 64) + 5;
}

/** An entry's date and time in MS-DOS form, as zip keeps them (local time, 2-second steps). */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, date.getFullYear()));
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

class Writer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  private at = 0;
  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.view = new DataView(this.bytes.buffer);
  }
  u16(v: number): this {
    this.view.setUint16(this.at, v, true);
    this.at += 2;
    return this;
  }
  u32(v: number): this {
    this.view.setUint32(this.at, v, true);
    this.at += 4;
    return this;
  }
  u64(v: number): this {
    if (!Number.isSafeInteger(v) || v < 0) throw new RangeError(`a zip field cannot hold ${v}`);
    this.view.setBigUint64(this.at, BigInt(v), true);
    this.at += 8;
    return this;
  }
  raw(b: Uint8Array): this {
    this.bytes.set(b, this.at);
    this.at += b.length;
    return this;
  }
  done(): Uint8Array {
    if (this.at !== this.bytes.length) throw new Error(`a zip record of ${this.bytes.length} bytes got ${this.at}`);
    return this.bytes;
  }
}

export interface LocalEntry {
  /** The entry's name, UTF-8 (ASCII here). */
  name: Uint8Array;
  time: { time: number; date: number };
  /** Decided before the data, from the uncompressed size: the local header then carries a Zip64 extra field. */
  zip64: boolean;
}

/** The local file header: CRC-32 and sizes zero, as bit 3 says they follow in the data descriptor. */
export function localHeader(e: LocalEntry): Uint8Array {
  const extra = e.zip64 ? 20 : 0;
  const w = new Writer(30 + e.name.length + extra)
    .u32(LOCAL_HEADER)
    .u16(e.zip64 ? VERSION_ZIP64 : VERSION)
    .u16(FLAGS)
    .u16(DEFLATE)
    .u16(e.time.time)
    .u16(e.time.date)
    .u32(0)
    // With a Zip64 extra field both sizes say "see the extra field" (APPNOTE 4.5.3), whose own
    // sizes are zero until the data descriptor.
    .u32(e.zip64 ? 0xffff_ffff : 0)
    .u32(e.zip64 ? 0xffff_ffff : 0)
    .u16(e.name.length)
    .u16(extra)
    .raw(e.name);
  if (e.zip64) w.u16(ZIP64_EXTRA).u16(16).u64(0).u64(0);
  return w.done();
}

export interface EntrySizes {
  crc: number;
  compressed: number;
  uncompressed: number;
}

/** The data descriptor after an entry's data: its CRC-32 and sizes, 8 bytes each for a Zip64 entry. */
export function dataDescriptor(e: EntrySizes & { zip64: boolean }, max = MAX_CLASSIC): Uint8Array {
  if (!e.zip64 && (e.compressed > max || e.uncompressed > max)) {
    // Its local header promised 4-byte sizes: writing wrapped ones would make a corrupt file.
    throw new RangeError(`a zip entry of ${e.uncompressed} bytes (${e.compressed} deflated) was not announced as Zip64`);
  }
  const w = new Writer(e.zip64 ? 24 : 16).u32(DATA_DESCRIPTOR).u32(e.crc);
  return (e.zip64 ? w.u64(e.compressed).u64(e.uncompressed) : w.u32(e.compressed).u32(e.uncompressed)).done();
}

export interface CentralEntry extends LocalEntry, EntrySizes {
  /** Where the entry's local header starts. */
  offset: number;
}

/** The entry's central directory header; fields past `max` go into the Zip64 extra field (APPNOTE 4.5.3 order). */
export function centralHeader(e: CentralEntry, max = MAX_CLASSIC): Uint8Array {
  const bigUncompressed = e.zip64 || e.uncompressed > max;
  const bigCompressed = e.zip64 || e.compressed > max;
  const bigOffset = e.offset > max;
  const fields = [bigUncompressed ? e.uncompressed : undefined, bigCompressed ? e.compressed : undefined, bigOffset ? e.offset : undefined].filter((v) => v !== undefined);
  const extra = fields.length > 0 ? 4 + 8 * fields.length : 0;
  const version = extra > 0 ? VERSION_ZIP64 : VERSION;
  const w = new Writer(46 + e.name.length + extra)
    .u32(CENTRAL_HEADER)
    .u16(version)
    .u16(version)
    .u16(FLAGS)
    .u16(DEFLATE)
    .u16(e.time.time)
    .u16(e.time.date)
    .u32(e.crc)
    .u32(bigCompressed ? 0xffff_ffff : e.compressed)
    .u32(bigUncompressed ? 0xffff_ffff : e.uncompressed)
    .u16(e.name.length)
    .u16(extra)
    .u16(0) // comment length
    .u16(0) // disk number start
    .u16(0) // internal attributes
    .u32(0) // external attributes
    .u32(bigOffset ? 0xffff_ffff : e.offset)
    .raw(e.name);
  if (extra > 0) {
    w.u16(ZIP64_EXTRA).u16(8 * fields.length);
    for (const v of fields) w.u64(v);
  }
  return w.done();
}

export interface CentralDirectory {
  entries: number;
  /** Where the central directory starts, and its length. */
  offset: number;
  size: number;
}

/** The end of central directory record, after the Zip64 end record and locator when something does not fit. */
export function endRecords(cd: CentralDirectory, max = MAX_CLASSIC): Uint8Array {
  const zip64 = cd.entries > MAX_CLASSIC_ENTRIES || cd.offset > max || cd.size > max;
  const classic = new Writer(22)
    .u32(END)
    .u16(0) // this disk
    .u16(0) // the disk the central directory starts on
    .u16(Math.min(cd.entries, 0xffff))
    .u16(Math.min(cd.entries, 0xffff))
    .u32(cd.size > max ? 0xffff_ffff : cd.size)
    .u32(cd.offset > max ? 0xffff_ffff : cd.offset)
    .u16(0) // comment length
    .done();
  if (!zip64) return classic;
  const endAt = cd.offset + cd.size;
  const w = new Writer(56 + 20 + 22)
    .u32(ZIP64_END)
    .u64(44) // the size of the rest of this record
    .u16(VERSION_ZIP64)
    .u16(VERSION_ZIP64)
    .u32(0)
    .u32(0)
    .u64(cd.entries)
    .u64(cd.entries)
    .u64(cd.size)
    .u64(cd.offset)
    .u32(ZIP64_LOCATOR)
    .u32(0) // the disk the Zip64 end record is on
    .u64(endAt)
    .u32(1) // disks in all
    .raw(classic);
  return w.done();
}
