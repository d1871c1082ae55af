// One export in its own process, so its peak RSS is the exporter's alone. Reports over IPC.
import { request } from 'undici';
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
  /** The raw floor: the same pages at the same concurrency, only fetched and JSON.parse'd. */
  raw?: boolean;
}

/** Every page of the commit's usage events, `concurrency` requests at a time, each only parsed. */
async function rawFloor(job: Job): Promise<number> {
  const path = `/rr/api/v1/contracts/${job.contractId}/prepaid-commits/${job.commitId}/usage-events`;
  const headers = { authorization: `Token ${job.token}` };
  const page = async (offset: number) => {
    const res = await request(`${job.url}${path}?limit=${job.pageSize}&offset=${offset}`, { headers });
    return JSON.parse(await res.body.text()) as { count: number; results: unknown[] };
  };
  const first = await page(0);
  let rows = first.results.length;
  let next = job.pageSize;
  const worker = async () => {
    while (next < first.count) {
      const offset = next;
      next += job.pageSize;
      rows += (await page(offset)).results.length;
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  return rows;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as Job;
  const client = new CampfireClient({ baseUrl: job.url, getApiKey: () => job.token, maxConcurrent: job.concurrency });
  const t0 = process.hrtime.bigint();
  if (job.raw) {
    const rows = await rawFloor(job);
    process.send?.({ rows, ms: Number(process.hrtime.bigint() - t0) / 1e6, bytes: 0, maxRssKb: process.resourceUsage().maxRSS, heapAfterBytes: 0 });
    return;
  }
  const result = await runExport(client, { resource: 'usageEvents', contractId: job.contractId, commitId: job.commitId, format: job.format ?? 'csv', parquetRowGroup: job.parquetRowGroup, target: job.target, pageSize: job.pageSize, concurrency: job.concurrency });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await client.close();
  // What the export still holds once it is over: run with --expose-gc (see exportBench.ts).
  (globalThis as { gc?: () => void }).gc?.();
  process.send?.({ rows: result.rows, ms, bytes: result.bytes, maxRssKb: process.resourceUsage().maxRSS, heapAfterBytes: process.memoryUsage().heapUsed });
}

void main();
