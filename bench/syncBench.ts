// campfire-export sync of a whole account from the local Campfire server (its own process): a first
// sync, then a second after 1 % of contracts changed, each timed with its requests and the peak RSS
// of the CLI, and the first against the raw floor of replaying its requests and only parsing them.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Manifest } from '../src/export/sync/manifest';
import { runCliMeasured } from '../test/unit/support/cliProcess';
import { round, type BenchFigure } from './measure';
import { startServerProcess } from './sampleServerProcess';

/** The account's size; CAMPFIRE_BENCH_SYNC_CONTRACTS and the like measure another (2-core machines: see the README). */
const CONTRACTS = Number(process.env.CAMPFIRE_BENCH_SYNC_CONTRACTS ?? 2000);
const COMMITS_PER_CONTRACT = Number(process.env.CAMPFIRE_BENCH_SYNC_COMMITS ?? 10);
const EVENTS_PER_COMMIT = Number(process.env.CAMPFIRE_BENCH_SYNC_EVENTS ?? 250);
const CONCURRENCY = 4;
const PAGE_SIZE = 500;

export const SYNC_SECTION = {
  title: 'Dataset sync',
  what: `\`campfire-export sync\` of an account of ${CONTRACTS.toLocaleString('en-US')} contracts with ${COMMITS_PER_CONTRACT} prepaid commits each and about ${EVENTS_PER_COMMIT} usage events a commit, from the local Campfire server in its own process (page ${PAGE_SIZE}, ${CONCURRENCY} requests at once), into an empty folder; then a second sync after every hundredth contract was edited and each of its commits got one more usage event. The CLI runs as users run it (dist/cli.js) and its peak RSS is sampled from /proc. The raw floor replays the first sync's requests, in its order, ${CONCURRENCY} at once on keep-alive connections, and only JSON.parses the bodies. Contract requests are the contracts listing and each contract's prepaid commits and tier price overrides. The account's size comes from CAMPFIRE_BENCH_SYNC_CONTRACTS, _COMMITS and _EVENTS.`,
};

/** A reading of the run: how far the measured account is from the full one. */
export function syncNote(figures: BenchFigure[]): string | undefined {
  const notes: string[] = [];
  const time = figures.find((f) => f.name.startsWith('first sync (') && f.name.endsWith(': time'));
  const requests = figures.find((f) => f.name === 'first sync: requests');
  const commits = CONTRACTS * COMMITS_PER_CONTRACT;
  if (time && requests && commits < 20_000) {
    // One request per partition on this account's shape (each list fits a page), and the partitions dominate the time.
    const full = 2_000 + 2 * 20_000 + 1 + 2_000;
    notes.push(
      `This run measures ${commits.toLocaleString('en-US')} of the 20,000 commits of the target account (2,000 contracts, 5,000,000 usage events), which does not fit a session on this 2-core machine: ` +
        `at ${round((time.value * 1000) / requests.value, 1)} ms a partition, its ${full.toLocaleString('en-US')} partitions would take about ${Math.round((full * time.value) / requests.value / 60)} minutes. ` +
        '`CAMPFIRE_BENCH_SYNC_CONTRACTS=2000 npm run bench -- "dataset sync"` measures it.',
    );
  }
  return notes.length > 0 ? notes.join('\n\n') : undefined;
}

/** Replays the requests `concurrency` at a time and parses each body; the time no client could beat. */
async function rawFloor(url: string, token: string, requests: readonly string[]): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const get = (p: string) =>
    new Promise<void>((resolve, reject) => {
      http
        .get(new URL(p, url), { agent, headers: { authorization: `Token ${token}`, accept: 'application/json' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            JSON.parse(Buffer.concat(chunks).toString('utf8'));
            resolve();
          });
          res.on('error', reject);
        })
        .on('error', reject);
    });
  let next = 0;
  const t0 = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests.length) await get(requests[next++] as string);
    }),
  );
  agent.destroy();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const isContractRequest = (r: string) => /\/contracts\?|\/prepaid-commits\?|\/tier-price-overrides\?/.test(r);

/** Each partition's file (its inode: a rename into place makes a new one) and content hash. */
function files(dir: string): Map<string, { ino: number; sha256: string | undefined }> {
  const m = JSON.parse(fs.readFileSync(path.join(dir, '_manifest.json'), 'utf8')) as Manifest;
  return new Map(Object.entries(m.partitions).map(([k, e]) => [k, { ino: fs.statSync(path.join(dir, e.file)).ino, sha256: e.sha256 }]));
}

export async function runSyncBench(): Promise<BenchFigure[]> {
  const server = await startServerProcess({ seed: 5, contracts: CONTRACTS, shape: { commitsPerContract: COMMITS_PER_CONTRACT, eventsPerCommit: EVENTS_PER_COMMIT }, maxPageSize: 1000 });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-sync-bench-'));
  const env = { CAMPFIRE_API_TOKEN: server.token ?? '', CAMPFIRE_BASE_URL: server.url };
  const args = ['sync', '--to', dir, '--page-size', String(PAGE_SIZE), '--concurrency', String(CONCURRENCY), '--quiet'];
  try {
    const requestsOf = async () => (await server.command({ command: 'requests' })) as string[];
    let t0 = Date.now();
    const first = await runCliMeasured(args, env);
    const firstMs = Date.now() - t0;
    if (first.code !== 0) throw new Error(`the first sync exited with ${first.code}: ${first.stderr}`);
    const firstRequests = await requestsOf();
    const m = JSON.parse(fs.readFileSync(path.join(dir, '_manifest.json'), 'utf8')) as Manifest;
    const rows = Object.values(m.partitions).reduce((a, e) => a + e.rows, 0);
    const events = Object.values(m.partitions).filter((e) => e.resource === 'usageEvents').reduce((a, e) => a + e.rows, 0);
    const before = files(dir);
    const floorMs = await rawFloor(server.url, server.token ?? '', firstRequests);

    const changed = (await server.command({ command: 'modifyContracts', every: 100 })) as number;
    await server.command({ command: 'resetRecording' });
    t0 = Date.now();
    const second = await runCliMeasured(args, env);
    const secondMs = Date.now() - t0;
    if (second.code !== 0) throw new Error(`the second sync exited with ${second.code}: ${second.stderr}`);
    const secondRequests = await requestsOf();
    const after = files(dir);
    const rewritten = [...after].filter(([k, f]) => before.get(k)?.ino !== f.ino).map(([k]) => k).sort();
    // What changed: the contracts partition, the usage events of each commit of a changed contract (one event more each) and those ledgers whose rows moved.
    const contentChanged = [...after].filter(([k, f]) => before.get(k)?.sha256 !== f.sha256).map(([k]) => k).sort();
    const expected = contentChanged.length;
    const sameSet = rewritten.join() === contentChanged.join();
    const firstContractRequests = firstRequests.filter(isContractRequest).length;
    const secondContractRequests = secondRequests.filter(isContractRequest).length;
    const share = secondContractRequests / firstContractRequests;
    const mb = (bytes: number) => round(bytes / 2 ** 20, 0);
    const scale = `${CONTRACTS.toLocaleString('en-US')} contracts, ${(CONTRACTS * COMMITS_PER_CONTRACT).toLocaleString('en-US')} commits, ${events.toLocaleString('en-US')} usage events`;
    return [
      { name: `first sync (${scale}): time`, value: round(firstMs / 1000, 1), unit: 's' },
      { name: 'first sync: requests', value: firstRequests.length, unit: 'requests' },
      { name: 'first sync: rows written (every resource) per second', value: Math.round(rows / (firstMs / 1000)), unit: 'rows/s' },
      { name: 'first sync: peak RSS of campfire-export', value: mb(first.peakRssBytes), unit: 'MB', target: '≤ 300 MB', ok: first.peakRssBytes <= 300 * 2 ** 20 },
      { name: 'first sync: raw floor (the same requests replayed and parsed, nothing else)', value: round(floorMs / 1000, 1), unit: 's' },
      { name: 'first sync: raw floor rows per second', value: Math.round(rows / (floorMs / 1000)), unit: 'rows/s' },
      { name: 'first sync: time against the raw floor', value: round(firstMs / floorMs, 2), unit: '×' },
      { name: `second sync (${changed} contracts changed): time`, value: round(secondMs / 1000, 1), unit: 's' },
      { name: 'second sync: requests (one limit=1 count per commit among them)', value: secondRequests.length, unit: 'requests' },
      { name: 'second sync: contract requests against the first sync\'s', value: round(share * 100, 2), unit: '%', target: '≤ 5 %', ok: share <= 0.05 },
      { name: `second sync: partitions rewritten (${expected} of ${after.size} changed content, at least ${1 + changed * COMMITS_PER_CONTRACT})`, value: rewritten.length, unit: 'partitions', target: 'exactly the changed ones', ok: sameSet && expected >= 1 + changed * COMMITS_PER_CONTRACT },
      { name: 'second sync: peak RSS of campfire-export', value: mb(second.peakRssBytes), unit: 'MB', target: '≤ 300 MB', ok: second.peakRssBytes <= 300 * 2 ** 20 },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

if (require.main === module) {
  void runSyncBench().then((figures) => console.table(figures));
}
