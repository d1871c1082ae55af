// Idle-time preparation, so that the first filter and the first sort of a column do not make the
// user wait: while rows stream in, the search text of the rows loaded so far; once the load ends,
// the rest of the search text, then each column's sort keys and ranks. The work comes in small
// slices in idle callbacks, and a new load stops it.
import type { RowStore } from './model/rowStore';

export class SearchWarmup {
  /** Rows whose search text is built (rows are immutable once loaded, so it only moves forward). */
  private searchTextReady = 0;
  private warming = false;
  /** The load the work is for: work started for another one stops. */
  private generation = -1;

  constructor(
    private readonly store: RowStore,
    /** Marked data-prepared="true" once everything is prepared (the benchmark waits for it to measure warm sorts). */
    private readonly root: HTMLElement,
  ) {}

  /** A new load (or the same one from the start): the rows are gone, so is their search text. */
  restart(generation: number): void {
    this.generation = generation;
    this.searchTextReady = 0;
  }

  private searchTextSlice(): boolean {
    const end = Math.min(this.store.size, this.searchTextReady + 2000);
    for (; this.searchTextReady < end; this.searchTextReady++) this.store.searchText(this.searchTextReady);
    return this.searchTextReady >= this.store.size;
  }

  /** While rows stream in, idle moments build their search text, so the first filter does not wait for it. */
  whileLoading(): void {
    if (this.warming) return;
    this.warming = true;
    const generation = this.generation;
    const step = (deadline: IdleDeadline) => {
      if (generation !== this.generation) {
        this.warming = false;
        return;
      }
      let done = false;
      while (!done && deadline.timeRemaining() > 4) done = this.searchTextSlice();
      if (done) this.warming = false;
      else requestIdleCallback(step);
    };
    requestIdleCallback(step);
  }

  /**
   * Once everything is loaded, idle time prepares what the first filter and the first sort of each
   * column would otherwise compute on the click: the search text, then each column's sort keys and
   * ranks.
   */
  afterLoad(): void {
    const generation = this.generation;
    const store = this.store;
    const tasks: (() => boolean)[] = [];
    tasks.push(() => this.searchTextSlice());
    for (let c = 0; c < store.columns.length; c++) {
      let steps: Generator | undefined;
      tasks.push(() => {
        steps ??= store.rankSteps(c, 4000);
        return steps.next().done === true;
      });
    }
    const step = (deadline: IdleDeadline) => {
      if (generation !== this.generation) return;
      while (tasks.length > 0 && deadline.timeRemaining() > 4) {
        const task = tasks[0] as () => boolean;
        if (task()) tasks.shift();
      }
      if (tasks.length > 0) requestIdleCallback(step);
      // Marks the end of the preparation (the benchmark waits for it to measure warm sorts).
      else this.root.dataset.prepared = 'true';
    };
    delete this.root.dataset.prepared;
    requestIdleCallback(step);
  }
}
