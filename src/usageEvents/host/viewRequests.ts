// The panel's questions to its page about the view it shows (for Export View), each answered by a
// `view` message carrying the question's id; a page that goes away leaves none waiting.
import * as l10n from '@vscode/l10n';
import type { HostToWebview, ShownView } from '../protocol/usageEventsMessages';

/** A page answers at once; this long without an answer means it will not. */
const ANSWER_MS = 30_000;

interface Pending {
  resolve(view: ShownView): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class ViewRequests {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly answerMs = ANSWER_MS) {}

  /** Asks the page through `post` for the view it shows. */
  request(post: (message: HostToWebview) => void): Promise<ShownView> {
    const id = this.nextId++;
    return new Promise<ShownView>((resolve, reject) => {
      const timer = setTimeout(() => this.settle(id)?.reject(new Error(l10n.t('The usage-events panel did not say which rows it shows; export the view again'))), this.answerMs);
      this.pending.set(id, { resolve, reject, timer });
      post({ type: 'viewRequest', id });
    });
  }

  answer(id: number, view: ShownView): void {
    this.settle(id)?.resolve(view);
  }

  /** The page went away (hidden, reloaded, closed): no answer is coming. */
  dropAll(why: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(new Error(why));
  }

  private settle(id: number): Pending | undefined {
    const p = this.pending.get(id);
    if (!p) return undefined;
    clearTimeout(p.timer);
    this.pending.delete(id);
    return p;
  }
}

/** The row indexes a ShownView's bytes hold. */
export function rowIndexes(bytes: Uint8Array): Uint32Array {
  if (bytes.byteLength % 4 !== 0) throw new RangeError(l10n.t({ message: 'The usage-events panel named its rows unreadably (not whole row indexes)', comment: ['Export View: the panel’s page sent row numbers that cannot be read'] }));
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  return new Uint32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 4);
}
