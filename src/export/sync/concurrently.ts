// Runs a task per item, at most `limit` at once, in the items' order; the first failure stops the rest.
export async function forEachConcurrently<T>(items: Iterable<T>, limit: number, task: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (;;) {
      if (failure || signal?.aborted) return;
      const next = iterator.next();
      if (next.done) return;
      try {
        await task(next.value);
      } catch (e) {
        failure ??= { error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
  if (failure) throw failure.error;
  signal?.throwIfAborted();
}
