// What the window knows of commits it reconciled (in a usage-events panel or a report): per account,
// in memory, so the tree's tooltip and the Changes view can mark a commit that does not reconcile
// without listing its events again. Only complete checks are recorded, never a partial listing's.
import type { CacheOwner } from '../cache/cacheStore';

export type ReconciledVerdict = 'agrees' | 'differs' | 'cannotCheck';

export interface ReconciledCommit {
  contractId: number;
  commitId: number;
  commitName: string;
  verdict: ReconciledVerdict;
  /** When the checks ran (ms since the epoch). */
  checkedAt: number;
  /** The checks that differ, each with its first difference, in the user's language ("Periods: +12.34 USD"). */
  differences: string[];
}

/** The key of one account's (or the sample data's) results. */
function ownerKey(owner: CacheOwner): string {
  return `${owner.origin}#${owner.accountId}`;
}

export class ReconciledCommits {
  private readonly byOwner = new Map<string, Map<string, ReconciledCommit>>();
  private readonly listeners = new Set<() => void>();

  record(owner: CacheOwner, result: ReconciledCommit): void {
    const key = ownerKey(owner);
    let results = this.byOwner.get(key);
    if (!results) this.byOwner.set(key, (results = new Map<string, ReconciledCommit>()));
    results.set(`${result.contractId}/${result.commitId}`, result);
    for (const listener of [...this.listeners]) listener();
  }

  get(owner: CacheOwner | undefined, contractId: number, commitId: number): ReconciledCommit | undefined {
    return owner ? this.byOwner.get(ownerKey(owner))?.get(`${contractId}/${commitId}`) : undefined;
  }

  /** The commits of this owner known not to reconcile, by commit id. */
  differing(owner: CacheOwner | undefined): ReconciledCommit[] {
    const results = owner ? this.byOwner.get(ownerKey(owner)) : undefined;
    return [...(results?.values() ?? [])].filter((r) => r.verdict === 'differs').sort((a, b) => a.commitId - b.commitId);
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}
