// Which prepaid commit a usage-events panel shows: the pair of ids every layer passes around.
import { isId } from '../api/ids';

export interface CommitRef {
  contractId: number;
  commitId: number;
}

/** Accepts `{contractId, commitId}` (also as numeric strings, as a URI or a tree node may pass them). */
export function parseCommitRef(arg: unknown): CommitRef | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  const toId = (v: unknown) => {
    const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    return isId(n) ? n : undefined;
  };
  const contractId = toId(a.contractId);
  const commitId = toId(a.commitId);
  return contractId === undefined || commitId === undefined ? undefined : { contractId, commitId };
}
