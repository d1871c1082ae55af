// One export in its own process, so its peak RSS is the exporter's alone. Reports over IPC.
import { CampfireClient } from '../src/api/client';
import type { ExportFormat } from '../src/export/formats';
import { runExport } from '../src/export/runner';

interface Job {
  url: string;
  token: string;
  contractId: number;
  commitId: number;
  target: string;
  pageSize: number;
  concurrency: number;
  format?: ExportFormat;
  parquetRowGroup?: number;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  const client = new CampfireClient({ baseUrl: job.url, getApiKey: () => job.token, maxConcurrent: job.concurrency });
  const t0 = process.hrtime.bigint();
  const result = await runExport(client, { resource: 'usageEvents', contractId: job.contractId, commitId: job.commitId, format: job.format ?? 'csv', parquetRowGroup: job.parquetRowGroup, target: job.target, pageSize: job.pageSize, concurrency: job.concurrency });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await client.close();
  // What the export still holds once it is over: run with --expose-gc (see exportBench.ts).
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ rows: result.rows, ms, bytes: result.bytes, maxRssKb: process.resourceUsage().maxRSS, heapAfterBytes: process.memoryUsage().heapUsed });
}

void main();
