// The XLSX container: a zip of XML parts, streamed. Loaded on the first XLSX export (its own
// bundle, dist/xlsxPackage.js, see lazyModules.ts), so fflate adds nothing to activation. Pure:
// it gets plain values (the parts as text, or as byte ranges of the spool file) and a write
// callback, and imports nothing from the rest of the extension.
//
// fflate writes the zip (local headers, data descriptors, the central directory); the entries'
// bytes are deflated by Node's zlib (NativeDeflateEntry). The zip's output arrives in `ondata`,
// is queued, and the queue is written out (awaiting the disk) after every block of input, so no
// more than a block or two of compressed output is ever held.
import { once } from 'node:events';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { Zip, type AsyncFlateStreamHandler, type ZipInputFile } from 'fflate';

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
}

const BLOCK = 1 << 20;

/**
 * A zip entry deflated by Node's zlib rather than by fflate's deflate, which is JavaScript: the
 * sheet of a million usage events is about 500 MB of XML, and fflate's deflate took 12 of the 33
 * seconds of that export; zlib is native and works on libuv's thread pool while the next block is
 * read. To fflate it is a ZipInputFile of compression 8 (deflate) whose size and CRC-32 (of the
 * uncompressed bytes, zlib.crc32) are complete before its last chunk, as the interface asks.
 */
class NativeDeflateEntry implements ZipInputFile {
  readonly compression = 8;
  size = 0;
  crc = 0;
  /** Set by Zip.add. */
  ondata: AsyncFlateStreamHandler = () => undefined;
  private readonly deflate: zlib.DeflateRaw;

  constructor(
    readonly filename: string,
    level: number,
  ) {
    this.deflate = zlib.createDeflateRaw({ level });
    this.deflate.on('data', (chunk: Buffer) => this.ondata(null, new Uint8Array(chunk.buffer as ArrayBuffer, chunk.byteOffset, chunk.byteLength), false));
  }

  /** Takes `bytes` (which zlib reads later: not to be reused); resolves when zlib can take more. */
  async push(bytes: Uint8Array): Promise<void> {
    this.size += bytes.length;
    this.crc = zlib.crc32(bytes, this.crc);
    // once() rejects if zlib fails meanwhile.
    if (!this.deflate.write(bytes)) await once(this.deflate, 'drain');
  }

  /** Flushes zlib; the entry ends once its last compressed bytes have gone to the zip. */
  async end(): Promise<void> {
    const ended = once(this.deflate, 'end');
    this.deflate.end();
    await ended;
    this.ondata(null, new Uint8Array(0), true);
  }

  terminate(): void {
    this.deflate.destroy();
  }
}

export async function writeZip(entries: readonly ZipEntry[], write: (bytes: Uint8Array) => Promise<void>, options: ZipOptions): Promise<void> {
  const queue: Uint8Array[] = [];
  let failure: Error | null = null;
  const state = { ended: false };
  const zip = new Zip((err, chunk, final) => {
    if (err) failure = err;
    else queue.push(chunk);
    if (final) state.ended = true;
  });
  const drain = async () => {
    if (failure) throw failure;
    while (queue.length > 0) await write(queue.shift() as Uint8Array);
  };
  const encoder = new TextEncoder();
  let current: NativeDeflateEntry | undefined;
  try {
    for (const entry of entries) {
      const file = new NativeDeflateEntry(entry.name, options.level);
      current = file;
      zip.add(file);
      for (const piece of entry.pieces) {
        options.signal?.throwIfAborted();
        if (typeof piece === 'string') {
          if (piece.length > 0) await file.push(encoder.encode(piece));
          await drain();
          continue;
        }
        const fd = await fs.promises.open(piece.path, 'r');
        try {
          for (let at = piece.start; at < piece.end; ) {
            options.signal?.throwIfAborted();
            // A fresh block each time: zlib still reads the last one while this one is filled.
            const block = Buffer.allocUnsafe(Math.min(BLOCK, piece.end - at));
            const { bytesRead } = await fd.read(block, 0, block.length, at);
            if (bytesRead === 0) throw new Error(`${piece.path} ended early`);
            await file.push(block.subarray(0, bytesRead));
            at += bytesRead;
            await drain();
          }
        } finally {
          await fd.close();
        }
      }
      await file.end();
      current = undefined;
      await drain();
    }
    zip.end();
    await drain();
    if (!state.ended) throw new Error('the zip did not end');
  } catch (e) {
    current?.terminate();
    zip.terminate();
    throw e;
  }
}
