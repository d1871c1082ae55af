// One scheduler for everything the window does, so requests in flight never exceed
// campfire.maxConcurrentRequests; a 429 halves the limit and successes raise it a step at a time.
import { CampfireCancelledError } from './errors';

interface Waiter {
  resolve: () => void;
  reject: (e: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

export class RequestScheduler {
  private ceiling: number;
  private current: number;
  private active = 0;
  private successesSinceIncrease = 0;
  private pausedUntil = 0;
  private pauseTimer: NodeJS.Timeout | undefined;
  private readonly queue: Waiter[] = [];

  constructor(maxConcurrent: number) {
    this.ceiling = Math.max(1, Math.floor(maxConcurrent));
    this.current = this.ceiling;
  }

  /** The configured maximum (campfire.maxConcurrentRequests). */
  get maxConcurrent(): number {
    return this.ceiling;
  }
  /** The limit in force now: lower than the maximum while recovering from rate limiting. */
  get limit(): number {
    return this.current;
  }
  get inFlight(): number {
    return this.active;
  }
  get waiting(): number {
    return this.queue.length;
  }
  /** How long new requests are still held back after a 429 (0 when they may start). */
  get pausedForMs(): number {
    return Math.max(0, this.pausedUntil - Date.now());
  }

  setMaxConcurrent(n: number): void {
    this.ceiling = Math.max(1, Math.floor(n));
    this.current = Math.min(this.current, this.ceiling);
    if (this.current < 1) this.current = 1;
    this.drain();
  }

  /** Runs `task` once a slot is free; the slot is held only while the task runs. */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.active--;
      this.drain();
    }
  }

  /** Campfire said 429: back off for everyone, not just the request that was refused. */
  noteRateLimited(retryAfterMs: number | undefined): void {
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.successesSinceIncrease = 0;
    if (retryAfterMs !== undefined && retryAfterMs > 0) {
      this.pausedUntil = Math.max(this.pausedUntil, Date.now() + retryAfterMs);
    }
  }

  noteSuccess(): void {
    if (this.current >= this.ceiling) return;
    this.successesSinceIncrease++;
    if (this.successesSinceIncrease >= this.current) {
      this.successesSinceIncrease = 0;
      this.current++;
      this.drain();
    }
  }

  private acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(new CampfireCancelledError());
    if (this.queue.length === 0 && this.canStart()) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.queue.indexOf(waiter);
          if (i >= 0) this.queue.splice(i, 1);
          // Its timer must not keep an interrupted campfire-export alive until the Retry-After is over.
          if (this.queue.length === 0 && this.pauseTimer) {
            clearTimeout(this.pauseTimer);
            this.pauseTimer = undefined;
          }
          reject(new CampfireCancelledError());
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.drain();
    });
  }

  private canStart(): boolean {
    return this.active < this.current && Date.now() >= this.pausedUntil;
  }

  private drain(): void {
    while (this.queue.length > 0 && this.canStart()) {
      const next = this.queue.shift();
      if (!next) break;
      next.signal?.removeEventListener('abort', next.onAbort);
      this.active++;
      next.resolve();
    }
    const wait = this.pausedUntil - Date.now();
    if (this.queue.length > 0 && wait > 0 && !this.pauseTimer) {
      this.pauseTimer = setTimeout(() => {
        this.pauseTimer = undefined;
        this.drain();
      }, wait);
    }
  }
}
