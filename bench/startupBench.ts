// Start-up and size: what a window pays to load and activate the extension, against the 1.1 MB
// bundle the extension had before its imports were trimmed (rebuilt from git history in this
// run); campfire-export's start-up; and a whole-process export of 100k usage events against a
// process that follows `next` one page at a time.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, round, type BenchFigure } from './measure';
import { startServerProcess } from './sampleServerProcess';

const root = path.resolve(__dirname, '..', '..');
/** The last commit whose bundle imported all of zod (its locales) and undici's index: 1.1 MB. */
export const BASELINE_COMMIT = 'ee32303';
const ACTIVATION_RUNS = 9;
const VERSION_RUNS = 15;
const LISTING_RUNS = 3;
const ROWS = 100_000;
const PAGE = 500;
const LATENCY_MS = 20;
const CONCURRENCY = 8;

const kb = (bytes: number) => round(bytes / 1000, 1);

/** dist/extension.js as it was at BASELINE_COMMIT, built with that commit's own build script. */
function buildBaseline(): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-baseline-'));
  const archive = spawnSync('git', ['-C', root, 'archive', '--format=tar', BASELINE_COMMIT], { maxBuffer: 1 << 30 });
  if (archive.status !== 0) {
    console.warn(`[bench] no baseline: git archive ${BASELINE_COMMIT} failed (a shallow clone?): ${archive.stderr.toString().trim()}`);
    return undefined;
  }
  spawnSync('tar', ['-x', '-C', dir], { input: archive.stdout });
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: dir, encoding: 'utf8' });
  const bundle = path.join(dir, 'dist', 'extension.js');
  if (build.status !== 0 || !fs.existsSync(bundle)) {
    console.warn(`[bench] no baseline: its build failed: ${build.stderr}`);
    return undefined;
  }
  return bundle;
}

interface Activation {
  loadMs: number;
  activateMs: number;
}

function activateOnce(bundle: string): Activation {
  const r = spawnSync(process.execPath, [path.join(__dirname, 'activationChild.js'), bundle], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`activating ${bundle} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Activation;
}

/** Wall time of a whole process, from spawn to exit. */
function timeProcess(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr}`));
    });
  });
}

function countLines(file: string): number {
  let n = 0;
  const buf = fs.readFileSync(file);
  for (let i = 0; i < buf.length; i++) if (buf[i] === 10) n++;
  return n;
}

function activationFigures(): BenchFigure[] {
  const current = path.join(root, 'dist', 'extension.js');
  const baseline = buildBaseline();
  const now: Activation[] = [];
  const before: Activation[] = [];
  // Interleaved, so both meet the same machine.
  for (let i = 0; i < ACTIVATION_RUNS; i++) {
    now.push(activateOnce(current));
    if (baseline) before.push(activateOnce(baseline));
  }
  const cliBytes = ['cli.js', 'campfireExport.js'].reduce((sum, f) => sum + fs.statSync(path.join(root, 'dist', f)).size, 0);
  const total = (list: Activation[]) => median(list.map((a) => a.loadMs + a.activateMs));
  const figures: BenchFigure[] = [
    { name: 'dist/extension.js', value: kb(fs.statSync(current).size), unit: 'kB', target: '≤ 500 kB', ok: fs.statSync(current).size <= 500_000 },
    { name: 'campfire-export: dist/cli.js + dist/campfireExport.js', value: kb(cliBytes), unit: 'kB', target: '≤ 500 kB', ok: cliBytes <= 500_000 },
    { name: 'load dist/extension.js (require: read, compile, run its top level)', value: round(median(now.map((a) => a.loadMs))), unit: 'ms' },
    { name: 'activate()', value: round(median(now.map((a) => a.activateMs))), unit: 'ms' },
    { name: 'load + activate()', value: round(total(now)), unit: 'ms' },
  ];
  if (baseline) {
    figures.push(
      { name: `baseline: dist/extension.js built from ${BASELINE_COMMIT}`, value: kb(fs.statSync(baseline).size), unit: 'kB' },
      { name: 'baseline: load + activate()', value: round(total(before)), unit: 'ms' },
      { name: 'load + activate() relative to the baseline', value: round(total(now) / total(before), 2), unit: '×', target: '≤ 0.5×', ok: total(now) / total(before) <= 0.5 },
    );
    fs.rmSync(path.dirname(path.dirname(baseline)), { recursive: true, force: true });
  }
  return figures;
}

async function cliFigures(): Promise<BenchFigure[]> {
  const cli = path.join(root, 'dist', 'cli.js');
  const versions: number[] = [];
  const floor: number[] = [];
  for (let i = 0; i < VERSION_RUNS; i++) {
    versions.push(await timeProcess([cli, '--version']));
    floor.push(await timeProcess(['-e', '0']));
  }
  const figures: BenchFigure[] = [
    { name: 'campfire-export --version, whole process', value: round(median(versions)), unit: 'ms', target: '≤ 100 ms', ok: median(versions) <= 100 },
    { name: 'of which Node itself (node -e 0)', value: round(median(floor)), unit: 'ms' },
  ];

  const server = await startServerProcess({ seed: 7, faults: { latencyMs: LATENCY_MS }, maxPageSize: 1000 });
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-startup-'));
  try {
    const { contractId, commitId } = server.wellKnown.commitWith100kEvents;
    const env = { ...process.env, CAMPFIRE_API_TOKEN: server.token ?? '' };
    const exportOut = path.join(scratch, 'export.jsonl');
    const followOut = path.join(scratch, 'follow.jsonl');
    const exportArgs = [cli, 'usage-events', '--contract', String(contractId), '--commit', String(commitId), '--format', 'jsonl', '--page-size', String(PAGE), '--concurrency', String(CONCURRENCY), '--base-url', server.url, '--out', exportOut, '--quiet'];
    const followArgs = [path.join(__dirname, 'followNextCli.bundle.js'), server.url, String(contractId), String(commitId), String(PAGE), followOut];
    await timeProcess(exportArgs, env); // the server's page cache, the file system
    const exports: number[] = [];
    const follows: number[] = [];
    for (let i = 0; i < LISTING_RUNS; i++) {
      exports.push(await timeProcess(exportArgs, env));
      follows.push(await timeProcess(followArgs, env));
    }
    for (const [file, who] of [[exportOut, 'campfire-export'], [followOut, 'the follow-next process']] as const) {
      const lines = countLines(file);
      if (lines !== ROWS) throw new Error(`${who} wrote ${lines} rows, not ${ROWS}`);
    }
    const speedUp = median(follows) / median(exports);
    figures.push(
      { name: `campfire-export usage-events --format jsonl: ${ROWS.toLocaleString('en-US')} events, page ${PAGE}, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}, whole process`, value: round(median(exports)), unit: 'ms' },
      { name: 'the same listing by a process that follows next one page at a time', value: round(median(follows)), unit: 'ms' },
      { name: 'speed-up of campfire-export over following next', value: round(speedUp), unit: '×', target: '≥ 6×', ok: speedUp >= 6 },
    );
  } finally {
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  return figures;
}

export async function runStartupBench(): Promise<BenchFigure[]> {
  return [...activationFigures(), ...(await cliFigures())];
}

export const STARTUP_SECTION = {
  title: 'Start-up and size',
  what: `Each activation runs in a fresh Node process: \`require\` of the bundle, then \`activate()\` with a stand-in for the \`vscode\` module that answers as an empty window does (bench/activationChild.ts); the Node built-ins VS Code's extension host has already loaded when it loads an extension (fs, crypto, net, tls, http, https, …) are loaded before the clock starts. Medians of ${ACTIVATION_RUNS} runs, interleaved with the baseline: dist/extension.js as it was at ${BASELINE_COMMIT} (all of undici's index and zod with its locales), rebuilt from git history by its own build script in this run. campfire-export figures are whole processes, spawn to exit: --version (median of ${VERSION_RUNS}), and ${ROWS.toLocaleString('en-US')} usage events to JSON Lines (median of ${LISTING_RUNS}) against the sample server in its own process, compared with bench/followNextCli.ts, bundled the same way, which lists the same events by following \`next\` one page at a time.`,
};
