// The text of the usage-event JSON documents, each held by the panel it was opened from, so a
// panel that closes (also by signing out) takes its documents with it. Without VS Code, for node --test.
export class EventDocumentStore {
  private readonly documents = new Map<string, { text: string; holder: object }>();

  /** Documents held now. */
  get size(): number {
    return this.documents.size;
  }

  /** The text of `uri`, or undefined once its panel has released it (or it was never opened). */
  get(uri: string): string | undefined {
    return this.documents.get(uri)?.text;
  }

  /**
   * Holds `text` under `uri` for `holder` (a panel); a document opened again from another panel
   * passes to it. True when the URI was held already (its open editor must be told of the change).
   */
  set(uri: string, text: string, holder: object): boolean {
    const had = this.documents.has(uri);
    this.documents.set(uri, { text, holder });
    return had;
  }

  /** Forgets every document `holder` holds; returns their URIs, whose open editors must be told. */
  release(holder: object): string[] {
    const released: string[] = [];
    for (const [uri, doc] of this.documents) {
      if (doc.holder !== holder) continue;
      this.documents.delete(uri);
      released.push(uri);
    }
    return released;
  }
}
