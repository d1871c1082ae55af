// Reads a whole listing, for tests: its pages, its items in order, and its summary.
import type { ListPage, ListSummary } from '../../../src/api/pagination';

export async function drain<T>(gen: AsyncGenerator<T, ListSummary>): Promise<{ items: T[]; summary: ListSummary }> {
  const items: T[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) return { items, summary: r.value };
    items.push(r.value);
  }
}

/** Every item of a listing, in order, with its summary. */
export async function drainItems<T>(gen: AsyncGenerator<ListPage<T>, ListSummary>): Promise<{ items: T[]; summary: ListSummary }> {
  const { items, summary } = await drain(gen);
  return { items: items.flatMap((p) => p.items), summary };
}
