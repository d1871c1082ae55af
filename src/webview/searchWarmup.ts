// Idle-time preparation after a load. The row store keeps no per-row search text or per-column
// ranks any more (a million rows would need hundreds of MB for them): the filter box matches
// column by column, a dictionary's values once each, and a sort works its keys out on the click.
// What is left to do in idle time is marking the end of the load's preparation, which the
// benchmark waits for before it measures the sorts "once the view is idle".
import type { RowStore } from './model/rowStore';

export class SearchWarmup {
  /** The load the work is for: work started for another one stops. */
  private generation = -1;

  constructor(
    /** The rows (nothing of theirs is prepared ahead any more; kept for the page's call). */
    _store: RowStore,
    /** Marked data-prepared="true" once everything is prepared (the benchmark waits for it to measure warm sorts). */
    private readonly root: HTMLElement,
  ) {}

  /** A new load (or the same one from the start). */
  restart(generation: number): void {
    this.generation = generation;
    delete this.root.dataset.prepared;
  }

  /** While rows stream in: nothing is built per row. */
  whileLoading(): void {
    // Kept for the page's calls; the store derives everything on demand.
  }

  /** Once everything is loaded: the view is marked prepared at the next idle moment. */
  afterLoad(): void {
    const generation = this.generation;
    delete this.root.dataset.prepared;
    requestIdleCallback(() => {
      if (generation !== this.generation) return;
      this.root.dataset.prepared = 'true';
    });
  }
}
