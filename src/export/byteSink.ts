// A write stream that the exporter awaits only when the disk falls behind (backpressure), so
// memory stays flat however many rows pass through.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export class ByteSink {
  private failed: Error | undefined;
  /** A file stream counts what it wrote; for other streams (standard output) the sink counts. */
  private readonly countsItself: boolean;
  private counted = 0;

  constructor(private readonly stream: Writable) {
    this.countsItself = typeof (stream as Partial<{ bytesWritten: unknown }>).bytesWritten === 'number';
    stream.on('error', (e) => {
      this.failed = e;
    });
  }

  /** Bytes written, complete once the sink is closed. */
  get bytes(): number {
    return this.countsItself ? (this.stream as unknown as { bytesWritten: number }).bytesWritten : this.counted;
  }

  async write(text: string): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.countsItself) this.counted += Buffer.byteLength(text);
    if (!this.stream.write(text)) await this.drained();
  }

  /** Writes bytes the caller hands over (it does not reuse them), waiting only when the stream falls behind. */
  async writeBytes(bytes: Uint8Array): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.countsItself) this.counted += bytes.length;
    if (!this.stream.write(bytes)) await this.drained();
  }

  /** Writes bytes the caller reuses, resolving once the stream is done: copying would leave tens of MB of dead buffers. */
  async writeBorrowed(bytes: Buffer): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.countsItself) this.counted += bytes.length;
    await new Promise<void>((resolve, reject) => {
      this.stream.write(bytes, (e) => (e ? reject(e) : resolve()));
    });
  }

  /** Waits for the stream to take more, or fails with its error; leaves no listener behind. */
  private drained(): Promise<void> {
    return new Promise((resolve, reject) => {
      const done = (e?: Error) => {
        this.stream.off('drain', onDrain);
        this.stream.off('error', onError);
        if (e) reject(e);
        else resolve();
      };
      const onDrain = () => done();
      const onError = (e: Error) => done(e);
      this.stream.on('drain', onDrain);
      this.stream.on('error', onError);
    });
  }

  async close(): Promise<void> {
    if (this.stream.writableFinished || this.stream.destroyed) return;
    const done = once(this.stream, 'finish');
    this.stream.end();
    await done;
    if (this.failed) throw this.failed;
  }
}
