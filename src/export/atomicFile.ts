// Writes go to a temporary file beside the target, renamed over it only on success: a cancelled
// or failed export leaves nothing behind and never clobbers an existing file. Opening the
// temporary file first is also the writability check, done before any request is made.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ByteSink } from './byteSink';

export class AtomicFile {
  private constructor(
    readonly target: string,
    readonly tempPath: string,
    readonly sink: ByteSink,
  ) {}

  /** Opens the temporary file; fails with a clear message when the folder cannot be written. */
  static async open(target: string): Promise<AtomicFile> {
    const dir = path.dirname(path.resolve(target));
    const tempPath = path.join(dir, `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`);
    let stream: fs.WriteStream;
    try {
      const stat = await fs.promises.stat(target).catch(() => undefined);
      if (stat?.isDirectory()) throw new Error(`${target} is a folder`);
      stream = fs.createWriteStream(tempPath, { flags: 'wx', mode: 0o600, highWaterMark: 1 << 20 });
      await new Promise<void>((resolve, reject) => {
        stream.once('open', () => resolve());
        stream.once('error', reject);
      });
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new ExportTargetError(`Cannot write ${target}: ${reason === 'ENOENT' ? 'the folder does not exist' : reason === 'EACCES' || reason === 'EPERM' || reason === 'EROFS' ? 'permission denied' : reason}`);
    }
    return new AtomicFile(target, tempPath, new ByteSink(stream));
  }

  /** Flushes, closes and renames over the target. */
  async commit(): Promise<void> {
    await this.sink.close();
    await fs.promises.rename(this.tempPath, this.target);
  }

  /** Closes and deletes the temporary file; the target is untouched. */
  async discard(): Promise<void> {
    await this.sink.close().catch(() => undefined);
    await fs.promises.rm(this.tempPath, { force: true });
  }
}

export class ExportTargetError extends Error {}
