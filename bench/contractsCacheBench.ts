// The Contracts tree from the local cache: how long a new window's model takes from the cache on
// disk (src/cache, as the extension writes it) to the rows of the tree's root with 10,000
// contracts cached, and what a delta sync of those 10,000 contracts with 10 modified and 2 deleted
// costs against the local server at 50 ms per request: requests, time, and whether it equals a
// full re-list.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CampfireClient } from '../src/api/client';
import { CampfireCache } from '../src/cache/cacheStore';
import { ContractsModel } from '../src/model/contractsModel';
import { apiContractsSource, apiDeltaSource } from '../src/model/contractsSource';
import { startSampleServer } from '../src/sampleServer/server';
import { FaultPlan } from '../test/unit/support/faults';
import { median, round, type BenchFigure } from './measure';

const CONTRACTS = 10_000;
const LATENCY_MS = 50;
const RUNS = 7;
const settings = { pageSize: () => 100, concurrency: () => 4 };

export const CONTRACTS_CACHE_SECTION = {
  title: 'Contracts cache',
  what: `${CONTRACTS.toLocaleString('en-US')} contracts cached by the extension's own cache (src/cache) in a temporary folder. *Cached rows*: a new window's tree model, from the cache file on disk (read, its checksum checked, parsed, and the fields the tree shows first checked) to the rows of the tree's root, median and fastest of ${RUNS} (the bundle's load and activate() are the start-up section's; the full schema check of every record follows in slices while the rows are shown, before the sync). *Delta sync*: those contracts after 10 were modified and 2 deleted in the local Campfire server (in this process, ${LATENCY_MS} ms latency per request), brought up to date by \`last_modified_at__gte\`, \`include_deleted=true\` and a \`limit=1\` count, and compared with a full re-list.`,
};

export async function runContractsCacheBench(): Promise<BenchFigure[]> {
  const faults = new FaultPlan();
  const server = await startSampleServer({ seed: 3, contracts: CONTRACTS, faults });
  const client = new CampfireClient({ baseUrl: server.url, getApiKey: () => server.token ?? undefined, maxConcurrent: 4 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-bench-cache-'));
  const cache = new CampfireCache({ root: dir, maxBytes: () => 1024 * 2 ** 20, log: { info: () => undefined, warn: (m) => console.warn(m) } });
  const store = cache.scope({ origin: server.url, accountId: 'bench' });
  const model = () => new ContractsModel(apiContractsSource(() => client), settings, { delta: apiDeltaSource(() => client, settings) });
  try {
    // Every contract read once and cached, as Load all leaves them.
    const first = model();
    first.useStore(store, true);
    await first.start();
    await first.loadAll();
    await first.flushed();
    first.dispose();
    const bytes = (await store.read('contracts'))?.bytes.byteLength ?? 0;

    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const m = model();
      m.useStore(store, true);
      // Before start(): the sync it starts behind the cached rows is not what is timed.
      faults.set({ latencyMs: 60_000 });
      const c0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      await m.start();
      const rows = m.root().contracts.length;
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      const used = process.cpuUsage(c0);
      cpu.push((used.user + used.system) / 1000);
      if (rows !== CONTRACTS) throw new Error(`the cached root showed ${rows} rows`);
      m.dispose();
      faults.set({});
    }
    const cachedRows = median(times);
    const cachedRowsCpu = median(cpu);
    const load = os.loadavg()[0] ?? 0;

    // 10 modified, 2 deleted; the cached list was read well before (the margin would take the
    // seconds since in too, harmlessly, but a real previous sync is hours old).
    const listed = server.dataset.contracts();
    server.dataset.modifyContracts(listed.filter((_, i) => i % 1000 === 7).map((c) => c.id), (c) => ({ deal_name: `${c.deal_name ?? ''} (amended)` }));
    server.dataset.removeContracts([listed[10]?.id ?? 0, listed[5000]?.id ?? 0]);
    const m = model();
    m.useStore(store, true);
    await m.start();
    faults.set({ latencyMs: LATENCY_MS });
    server.resetRecording();
    const t0 = process.hrtime.bigint();
    await m.syncContracts();
    const syncMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const requests = server.requests.length;
    const expected = JSON.stringify(server.dataset.contracts());
    const equal = JSON.stringify(m.contracts.items) === expected;
    const changes = m.lastChanges?.contracts.length ?? 0;
    m.dispose();
    return [
      { name: `cache file of ${CONTRACTS.toLocaleString('en-US')} contracts`, value: round(bytes / 2 ** 20), unit: 'MiB' },
      { name: `cached rows: cache on disk to the root's ${CONTRACTS.toLocaleString('en-US')} rows (median of ${RUNS})`, value: round(cachedRows), unit: 'ms', target: '≤ 300 ms', ok: cachedRows <= 300 },
      { name: 'the same, fastest run', value: round(Math.min(...times)), unit: 'ms' },
      { name: 'CPU time of this process for it (median)', value: round(cachedRowsCpu), unit: 'ms' },
      { name: 'load average of the machine (1 min) when measured', value: round(load), unit: '' },
      { name: `delta sync, 10 modified and 2 deleted of ${CONTRACTS.toLocaleString('en-US')}: requests`, value: requests, unit: 'requests', target: '≤ 3', ok: requests <= 3 },
      { name: `delta sync at ${LATENCY_MS} ms per request: time`, value: round(syncMs), unit: 'ms' },
      { name: 'delta sync equals a full re-list (1 = yes)', value: equal ? 1 : 0, unit: '', target: '= 1', ok: equal },
      { name: 'changes listed (10 modified + 2 deleted)', value: changes, unit: '', target: '= 12', ok: changes === 12 },
    ];
  } finally {
    await client.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void runContractsCacheBench().then(
    (figures) => console.table(figures),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
