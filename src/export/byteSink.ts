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
    if (!this.stream.write(text)) await Promise.race([once(this.stream, 'drain'), once(this.stream, 'error').then(([e]) => Promise.reject(e as Error))]);
  }

  async close(): Promise<void> {
    if (this.stream.writableFinished || this.stream.destroyed) return;
    const done = once(this.stream, 'finish');
    this.stream.end();
    await done;
    if (this.failed) throw this.failed;
  }
}
