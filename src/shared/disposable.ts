// The one way objects of src/ keep what they must dispose of with themselves. Only the
// `{ dispose() }` shape is needed, so it serves VS Code's disposables without importing `vscode`.

/** Anything with a dispose method: VS Code's Disposable, a timer's cleanup, another Disposable. */
export interface DisposableLike {
  dispose(): unknown;
}

/** Collects what an object owns (`register`) and disposes it, in that order, once. */
export abstract class Disposable implements DisposableLike {
  private disposed = false;
  private readonly owned: DisposableLike[] = [];

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const d of this.owned) d.dispose();
    this.owned.length = 0;
  }

  /** Disposes `first` and `more` with this object (at once if it is disposed already); returns `first`. */
  protected register<T extends DisposableLike>(first: T, ...more: DisposableLike[]): T {
    for (const d of [first, ...more]) {
      if (this.disposed) d.dispose();
      else this.owned.push(d);
    }
    return first;
  }
}
