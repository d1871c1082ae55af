// `campfire-export reconcile`: a contract's prepaid commits reconciled against their consumption
// ledgers and usage events, as a Markdown or JSON report, with an exit code a CI job can act on.
import type { Writable } from 'node:stream';
import type { CampfireClient } from '../api/client';
import { reconcileListedContract } from '../reconcile/listing';
import { reconciliationJson, reconciliationMarkdown } from '../reconcile/report';
import type { ContractReconciliation } from '../reconcile/checks';
import { AtomicFile } from './atomicFile';
import { ByteSink } from './byteSink';

export const RECONCILE_FORMATS = ['md', 'json'] as const;
export type ReconcileFormat = (typeof RECONCILE_FORMATS)[number];

export function isReconcileFormat(v: string): v is ReconcileFormat {
  return (RECONCILE_FORMATS as readonly string[]).includes(v);
}

export interface ReconcileRequest {
  contractId: number;
  commitId?: number | undefined;
  format: ReconcileFormat;
  /** A file (written through a temporary file, renamed once the report is whole) or a stream. */
  target: string | Writable;
  pageSize: number;
  concurrency: number;
  signal?: AbortSignal | undefined;
  onProgress?: (text: string) => void;
}

/** Reconciles, then writes the report; the result says what the exit code should be. */
export async function runReconcile(client: CampfireClient, r: ReconcileRequest): Promise<ContractReconciliation> {
  const result = await reconcileListedContract(client, r.contractId, {
    commitId: r.commitId,
    pageSize: r.pageSize,
    concurrency: r.concurrency,
    signal: r.signal,
    onProgress: r.onProgress
      ? (p) => r.onProgress?.(`commit ${p.commitId} (${p.index} of ${p.of}): ${p.rows.toLocaleString('en-US')} of ${p.total?.toLocaleString('en-US') ?? '?'} ${p.what === 'ledger' ? 'ledger rows' : 'usage events'}`)
      : undefined,
  });
  const text = r.format === 'json' ? reconciliationJson(result) : reconciliationMarkdown(result);
  if (typeof r.target === 'string') {
    const file = await AtomicFile.open(r.target);
    try {
      await file.sink.write(text);
      await file.commit();
    } catch (e) {
      await file.discard();
      throw e;
    }
  } else {
    await new ByteSink(r.target).write(text);
  }
  return result;
}
