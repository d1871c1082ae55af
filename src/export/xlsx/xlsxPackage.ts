// The XLSX container: a zip of XML parts, streamed. Loaded on the first XLSX export (its own
// bundle, dist/xlsxPackage.js, see lazyModules.ts), so fflate adds nothing to activation. Pure:
// it gets plain values (the parts as text, or as byte ranges of the spool file) and a write
// callback, and imports nothing from the rest of the extension.
//
// fflate's Zip streams one entry after another; its output arrives synchronously in `ondata`, is
// queued, and the queue is written out (awaiting the disk) after every block of input, so no more
// than one block's compressed output is ever held.
import fs from 'node:fs';
import { Zip, ZipDeflate } from 'fflate';

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
  // One read buffer for the whole archive: fflate copies what it is given into its own window.
  const block = Buffer.allocUnsafe(BLOCK);
  try {
    for (const entry of entries) {
      const file = new ZipDeflate(entry.name, { level: options.level });
      zip.add(file);
      for (const piece of entry.pieces) {
        options.signal?.throwIfAborted();
        if (typeof piece === 'string') {
          if (piece.length > 0) file.push(encoder.encode(piece));
          await drain();
          continue;
        }
        const fd = await fs.promises.open(piece.path, 'r');
        try {
          for (let at = piece.start; at < piece.end; ) {
            options.signal?.throwIfAborted();
            const { bytesRead } = await fd.read(block, 0, Math.min(BLOCK, piece.end - at), at);
            if (bytesRead === 0) throw new Error(`${piece.path} ended early`);
            file.push(block.subarray(0, bytesRead));
            at += bytesRead;
            await drain();
          }
        } finally {
          await fd.close();
        }
      }
      file.push(new Uint8Array(0), true);
      await drain();
    }
    zip.end();
    await drain();
    if (!state.ended) throw new Error('the zip did not end');
  } catch (e) {
    zip.terminate();
    throw e;
  }
}
