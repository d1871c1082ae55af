// The XLSX container, a streamed zip of XML parts, in its own bundle loaded on the first XLSX export.
// Compressed output is written after every block of input, so no more than a block or two is held.
import { once } from 'node:events';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { centralHeader, dataDescriptor, deflateBound, dosDateTime, endRecords, localHeader, MAX_CLASSIC, type CentralEntry } from './zipRecords';

/** Bytes of the spool file from `start` up to `end`, read in blocks. */
export interface FileRange {
  path: string;
  start: number;
  end: number;
}

export interface ZipEntry {
  name: string;
  /** The entry's content, in order: text (written as UTF-8) and ranges of files. */
  pieces: readonly (string | FileRange)[];
}

export interface ZipOptions {
  /** Deflate level, 1 (fastest) to 9. */
  level: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  signal?: AbortSignal;
  /** The largest size or offset a classic zip field holds: MAX_CLASSIC unless a test lowers it. */
  maxClassic?: number;
}

const BLOCK = 1 << 20;

/** An entry's uncompressed length, known before it is written: its Zip64 form depends on it. */
function entrySize(entry: ZipEntry): number {
  let size = 0;
  for (const piece of entry.pieces) size += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.end - piece.start;
  return size;
}

/** One entry through raw deflate: the CRC-32 and length of what went in. */
class DeflatedEntry {
  uncompressed = 0;
  compressed = 0;
  crc = 0;
  private readonly deflate: zlib.DeflateRaw;
  private failure: Error | undefined;

  constructor(
    level: number,
    private readonly queue: Uint8Array[],
  ) {
    this.deflate = zlib.createDeflateRaw({ level });
    this.deflate.on('data', (chunk: Buffer) => {
      this.compressed += chunk.length;
      queue.push(chunk);
    });
    // Kept, and thrown from the next push or end: an 'error' without a listener would crash.
    this.deflate.on('error', (e: Error) => (this.failure ??= e));
  }

  /** Takes `bytes` (which zlib reads later: not to be reused); resolves when zlib can take more. */
  async push(bytes: Uint8Array): Promise<void> {
    if (this.failure) throw this.failure;
    this.uncompressed += bytes.length;
    this.crc = zlib.crc32(bytes, this.crc);
    // once() rejects if zlib fails meanwhile.
    if (!this.deflate.write(bytes)) await once(this.deflate, 'drain');
  }

  /** Flushes zlib: every deflated byte is in the queue once this resolves. */
  async end(): Promise<void> {
    if (this.failure) throw this.failure;
    const ended = once(this.deflate, 'end');
    this.deflate.end();
    await ended;
  }

  terminate(): void {
    this.deflate.destroy();
  }
}

export async function writeZip(entries: readonly ZipEntry[], write: (bytes: Uint8Array) => Promise<void>, options: ZipOptions): Promise<void> {
  const max = options.maxClassic ?? MAX_CLASSIC;
  const queue: Uint8Array[] = [];
  let offset = 0;
  const drain = async () => {
    while (queue.length > 0) {
      const bytes = queue.shift() as Uint8Array;
      await write(bytes);
      offset += bytes.length;
    }
  };
  const encoder = new TextEncoder();
  const time = dosDateTime(new Date());
  const central: CentralEntry[] = [];
  let current: DeflatedEntry | undefined;
  try {
    for (const entry of entries) {
      options.signal?.throwIfAborted();
      const size = entrySize(entry);
      const local = { name: encoder.encode(entry.name), time, zip64: deflateBound(size) > max };
      const at = offset;
      queue.push(localHeader(local));
      const file = new DeflatedEntry(options.level, queue);
      current = file;
      for (const piece of entry.pieces) {
        options.signal?.throwIfAborted();
        if (typeof piece === 'string') {
          if (piece.length > 0) await file.push(encoder.encode(piece));
          await drain();
          continue;
        }
        const fd = await fs.promises.open(piece.path, 'r');
        try {
          for (let pos = piece.start; pos < piece.end; ) {
            options.signal?.throwIfAborted();
            // A fresh block each time: zlib still reads the last one while this one is filled.
            const block = Buffer.allocUnsafe(Math.min(BLOCK, piece.end - pos));
            const { bytesRead } = await fd.read(block, 0, block.length, pos);
            if (bytesRead === 0) throw new Error(`${piece.path} ended early`);
            await file.push(block.subarray(0, bytesRead));
            pos += bytesRead;
            await drain();
          }
        } finally {
          await fd.close();
        }
      }
      await file.end();
      current = undefined;
      if (file.uncompressed !== size) throw new Error(`${entry.name} was to hold ${size} bytes and got ${file.uncompressed}`);
      const sizes = { crc: file.crc, compressed: file.compressed, uncompressed: file.uncompressed };
      queue.push(dataDescriptor({ ...sizes, zip64: local.zip64 }, max));
      central.push({ ...local, ...sizes, offset: at });
      await drain();
    }
    const start = offset;
    for (const e of central) queue.push(centralHeader(e, max));
    await drain();
    queue.push(endRecords({ entries: central.length, offset: start, size: offset - start }, max));
    await drain();
  } catch (e) {
    current?.terminate();
    throw e;
  }
}
