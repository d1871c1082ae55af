// Serialized usage-event pages, kept as UTF-8 bytes ready to send and within a byte budget.
// Generating and serializing a page of 500 events costs the server about 2 ms (and encoding it
// again on every send about a tenth of that), which in the pagination benchmark would be charged
// to the client under test; rows never change for a seed, so repeated pages are served from here.

export class PageCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly budgetBytes: number) {}

  get(key: string): Buffer | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Least recently used goes first: re-insert to mark as recent.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, body: Buffer): void {
    if (body.length > this.budgetBytes) return;
    this.entries.set(key, body);
    this.bytes += body.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.budgetBytes) break;
      this.entries.delete(k);
      this.bytes -= v.length;
    }
  }
}
