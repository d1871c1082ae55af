// The Contracts tree's model against the local Campfire server: how long "Load all" takes for
// 10,000 contracts at the default page size and concurrency, what filtering them costs, and how
// many requests expanding one contract makes (its commits and overrides: must be 2, in parallel).
import { CampfireClient } from '../src/api/client';
import { startSampleServer } from '../src/sampleServer/server';
import { ContractsModel } from '../src/model/contractsModel';
import { apiContractsSource } from '../src/model/contractsSource';
import { FaultPlan } from '../test/unit/support/faults';
import { median, round, timeMs, type BenchFigure } from './measure';
import { startServerProcess } from './sampleServerProcess';

const CONTRACTS = 10_000;
const PAGE = 100; // campfire.pageSize default
const CONCURRENCY = 4; // campfire.maxConcurrentRequests default
const LATENCY_MS = 50;

function model(client: CampfireClient): ContractsModel {
  return new ContractsModel(apiContractsSource(() => client), { pageSize: () => PAGE, concurrency: () => CONCURRENCY });
}

async function loadAllFigures(): Promise<BenchFigure[]> {
  // The server in its own process, so its work does not share this event loop.
  const server = await startServerProcess({ seed: 3, contracts: CONTRACTS });
  const client = new CampfireClient({ baseUrl: server.url, getApiKey: () => server.token ?? undefined, maxConcurrent: CONCURRENCY });
  try {
    const loadAll = async () => {
      const m = model(client);
      await m.contracts.ensureLoaded();
      await m.loadAll();
      const ids = new Set(m.contracts.items.map((c) => c.id));
      if (m.contracts.items.length !== CONTRACTS || ids.size !== CONTRACTS) throw new Error(`loaded ${m.contracts.items.length} contracts (${ids.size} distinct)`);
      return m;
    };
    let loaded = await loadAll(); // warm-up: connections, JIT
    const firstPage = await timeMs(async () => {
      const m = model(client);
      await m.contracts.ensureLoaded();
    });
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      loaded = await loadAll();
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    const filterMs = await timeMs(async () => {
      await loaded.setQuery({ text: 'a', statuses: ['ACTIVE'] }, { by: 'value', descending: true });
      loaded.root();
    });
    const all = median(times);
    return [
      { name: `first page of contracts (page ${PAGE})`, value: round(firstPage), unit: 'ms' },
      { name: `Load all: ${CONTRACTS.toLocaleString('en-US')} contracts, page ${PAGE}, ${CONCURRENCY} requests at once (median of 3)`, value: round(all), unit: 'ms', target: '≤ 5000 ms', ok: all <= 5000 },
      { name: `filter (text + status) and sort by value over ${CONTRACTS.toLocaleString('en-US')} loaded contracts`, value: round(filterMs), unit: 'ms', target: '≤ 100 ms', ok: filterMs <= 100 },
    ];
  } finally {
    await client.close();
    await server.stop();
  }
}

async function childrenRequestFigures(): Promise<BenchFigure[]> {
  // In this process, so the server's request log can be read; with latency, so that requests made
  // together are seen together.
  const server = await startSampleServer({ seed: 3, contracts: 50, faults: new FaultPlan({ latencyMs: LATENCY_MS }) });
  const client = new CampfireClient({ baseUrl: server.url, getApiKey: () => server.token ?? undefined, maxConcurrent: CONCURRENCY });
  try {
    const m = model(client);
    await m.contracts.ensureLoaded();
    const contract = m.contracts.items[0];
    if (!contract) throw new Error('no contracts');
    server.resetRecording();
    const ms = await timeMs(() => m.loadChildren(contract.id));
    const requests = server.requests.length;
    const parallel = server.maxInFlight();
    return [
      { name: `time to show a contract's children with ${LATENCY_MS} ms latency per request`, value: round(ms), unit: 'ms', target: `< 2 × ${LATENCY_MS} ms`, ok: ms < 2 * LATENCY_MS },
      { name: "requests to show a contract's children (commits + overrides)", value: requests, unit: 'requests', target: '= 2', ok: requests === 2 },
      { name: 'of which in flight at the same time', value: parallel, unit: 'requests', target: '= 2', ok: parallel === 2 },
    ];
  } finally {
    await client.close();
    await server.close();
  }
}

export async function runTreeBench(): Promise<BenchFigure[]> {
  return [...(await loadAllFigures()), ...(await childrenRequestFigures())];
}

if (require.main === module) {
  void runTreeBench().then(
    (figures) => console.table(figures),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
