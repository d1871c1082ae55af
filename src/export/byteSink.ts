// A write stream that the exporter awaits only when the disk falls behind (backpressure), so
// memory stays flat however many rows pass through.
import { once } from 'node:events';
import type { Writable } from 'node:stream';

export class ByteSink {
  private failed: Error | undefined;
  bytes = 0;

  constructor(private readonly stream: Writable) {
    stream.on('error', (e) => {
      this.failed = e;
    });
  }

  async write(text: string): Promise<void> {
    if (this.failed) throw this.failed;
    this.bytes += Buffer.byteLength(text);
    if (!this.stream.write(text)) await this.drained();
  }

  async writeBytes(bytes: Buffer): Promise<void> {
    if (this.failed) throw this.failed;
    this.bytes += bytes.length;
    // The buffer may be reused by the caller: hand the stream its own copy.
    if (!this.stream.write(Buffer.from(bytes))) await this.drained();
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
