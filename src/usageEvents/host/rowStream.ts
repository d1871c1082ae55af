// The loader's rows on their way to the page. Pages that arrive close together share one message,
// and a page's progress goes with the rows it belongs to: a message per page made the page redraw
// per page. A replay sends everything held at once, in the column store's bytes or in chunks.
import { Disposable } from '../../shared/disposable';
import { encodeColumns, joinParts } from '../protocol/columnsCodec';
import type { UsageEventColumns } from '../protocol/cellColumns';
import { encodeExactData } from '../protocol/usageEventRow';
import type { HostToWebview, UsageEventRow } from '../protocol/usageEventsMessages';
import { PERIOD_MONTH_INDEX } from './eventsCache';

const REPLAY_CHUNK = 5000;
const COALESCE_MS = 50;

/** The panel as the stream sees it. */
export interface RowStreamSink {
  /** Whether a page is there to take rows (without one, the replay on its "ready" sends them). */
  ready(): boolean;
  generation(): number;
  post(message: HostToWebview): void;
  /** The progress message as of now. */
  progress(): HostToWebview;
  /** Whether a page's progress may wait for its rows: pages stream in and nothing failed. */
  streaming(): boolean;
}

export class RowStream extends Disposable {
  private pending: { start: number; rows: UsageEventRow[] } | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private lastFlush = 0;
  /** A page's progress waits for the rows message it belongs with (flush). */
  private progressDue = false;

  constructor(private readonly sink: RowStreamSink) {
    super();
    this.register({ dispose: () => this.clear() });
  }

  /** A page of rows from the loader. */
  queue(start: number, rows: UsageEventRow[]): void {
    if (!this.sink.ready()) return;
    if (this.pending) this.pending.rows.push(...rows);
    else this.pending = { start, rows: [...rows] };
    // The first page goes out at once (first paint); pages that follow close behind share a message.
    const now = Date.now();
    if (now - this.lastFlush >= COALESCE_MS) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), COALESCE_MS - (now - this.lastFlush));
  }

  /** The load moved on: its progress goes now, or with the rows still waiting while pages stream in. */
  progress(): void {
    if (!this.sink.ready()) return;
    this.progressDue = true;
    if (this.pending && this.sink.streaming()) return;
    // Now: the rows waiting, then the progress (once: flush sends it).
    this.flush();
  }

  /**
   * Sends every row held to a page that has none of them (`whole`: as one listing), then the
   * progress. Chunks are rebuilt from the columns one at a time, so only one exists as arrays at once.
   */
  replay(rows: UsageEventColumns, whole: boolean): void {
    const generation = this.sink.generation();
    if (rows.length > 0 && whole) {
      // A million rows as row arrays took minutes; as the column store's bytes, one message.
      this.sink.post({ type: 'columns', generation, bytes: joinParts(encodeColumns(rows, PERIOD_MONTH_INDEX, null)) });
    } else {
      for (let start = 0; start < rows.length; start += REPLAY_CHUNK) {
        this.sink.post({ type: 'rows', generation, start, rows: encodeExactData(rows.slice(start, start + REPLAY_CHUNK)) });
      }
    }
    this.progress();
  }

  /** Drops what waits to be sent (a new load, a replay, the panel closing). */
  clear(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.pending = undefined;
    this.progressDue = false;
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.lastFlush = Date.now();
    const p = this.pending;
    this.pending = undefined;
    if (p && p.rows.length > 0) this.sink.post({ type: 'rows', generation: this.sink.generation(), start: p.start, rows: encodeExactData(p.rows) });
    if (this.progressDue) {
      this.progressDue = false;
      this.sink.post(this.sink.progress());
    }
  }
}
