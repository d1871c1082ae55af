// Listing 100k usage events (page 500) with 20 ms of injected latency per request: ordered
// concurrent pagination by offset versus one page at a time following `next`, in the same run,
// against the latency bound ceil(pages / concurrency) × latency.
import { CampfireClient } from '../src/api/client';
import { paginate } from '../src/api/pagination';
import { paginateFollowingNext } from '../src/api/followNext';
import { paths } from '../src/api/endpoints/paths';
import { usageEventSchema } from '../src/api/schemas/usageEvent';
import { median, round, timeMs, type BenchFigure } from './measure';
import { startServerProcess } from './sampleServerProcess';

const ROWS = 100_000;
const PAGE = 500;
const LATENCY_MS = 20;
const CONCURRENCY = 8;

export async function runPaginationBench(): Promise<BenchFigure[]> {
  const server = await startServerProcess({ seed: 7, faults: { latencyMs: LATENCY_MS }, maxPageSize: 1000 });
  const client = new CampfireClient({ baseUrl: server.url, getApiKey: () => server.token ?? undefined, maxConcurrent: CONCURRENCY });
  try {
    const { contractId, commitId } = server.wellKnown.commitWith100kEvents;
    const req = { path: paths.usageEvents(contractId, commitId), endpoint: 'usage events', itemSchema: usageEventSchema };
    const concurrent = async () => {
      let n = 0;
      for await (const page of paginate(client, req, { pageSize: PAGE, concurrency: CONCURRENCY, maxItems: ROWS })) n += page.items.length;
      if (n !== ROWS) throw new Error(`concurrent listing returned ${n} rows`);
    };
    const sequential = async () => {
      let n = 0;
      for await (const items of paginateFollowingNext(client, req, { pageSize: PAGE })) {
        n += items.length;
        if (n >= ROWS) break;
      }
      if (n < ROWS) throw new Error(`sequential listing returned ${n} rows`);
    };
    await concurrent(); // warm up connections and JIT
    const runs = 3;
    const c: number[] = [];
    const s: number[] = [];
    for (let i = 0; i < runs; i++) {
      c.push(await timeMs(concurrent));
      s.push(await timeMs(sequential));
    }
    const pages = Math.ceil(ROWS / PAGE);
    const bound = Math.ceil(pages / CONCURRENCY) * LATENCY_MS;
    const cm = median(c);
    const sm = median(s);
    return [
      { name: `list ${ROWS / 1000}k usage events, page ${PAGE}, ${LATENCY_MS} ms latency: concurrent (${CONCURRENCY})`, value: round(cm), unit: 'ms' },
      { name: 'same listing, one page at a time following next', value: round(sm), unit: 'ms' },
      { name: 'speed-up of concurrent over following next', value: round(sm / cm, 2), unit: '×', target: '≥ 6×', ok: sm / cm >= 6 },
      { name: `latency bound ceil(${pages} pages / ${CONCURRENCY}) × ${LATENCY_MS} ms`, value: bound, unit: 'ms' },
      { name: 'concurrent listing relative to the latency bound', value: round(cm / bound, 2), unit: '×', target: '≤ 1.3×', ok: cm / bound <= 1.3 },
    ];
  } finally {
    await client.close();
    await server.stop();
  }
}

if (require.main === module) {
  void runPaginationBench().then((figures) => console.table(figures));
}
