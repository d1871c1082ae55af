// Signals while an export runs: SIGINT, SIGTERM, SIGHUP and SIGQUIT cancel it; a second signal
// ends the process at once. Either way no temporary file or spool is left beside the target and
// the exit status is 128 plus the signal's number. First the trap itself, with a stand-in
// process, then the built campfire-export against a slow local Campfire server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it, mock } from 'node:test';
import { AtomicFile, TempFile } from '../../src/export/atomicFile';
import { CLEANUP_GRACE_MS, interruptedBy, signalExitCode, trapInterrupts } from '../../src/export/interrupt';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { CLI, interruptCli, runCli } from './support/cliProcess';
import { FaultPlan } from './support/faults';
import { startInlineServer } from './support/inlineServer';

const KEY = 'interrupt-test-key';
const EXIT_STATUS = { SIGHUP: 129, SIGINT: 130, SIGQUIT: 131, SIGTERM: 143 } as const;
const TRAPPED = Object.keys(EXIT_STATUS) as (keyof typeof EXIT_STATUS)[];

/** A process that records exit() instead of exiting, and receives signals from the test. */
function standInProcess() {
  const exits: number[] = [];
  const emitter = new EventEmitter();
  const proc = Object.assign(emitter, { exit: (code?: number) => void exits.push(code ?? 0) }) as unknown as NodeJS.Process;
  return { proc, exits, send: (signal: NodeJS.Signals) => emitter.emit(signal, signal) };
}

describe('interrupting an export', () => {
  it('the exit status of each trapped signal is 128 plus its number', () => {
    for (const signal of TRAPPED) assert.equal(signalExitCode(signal), EXIT_STATUS[signal], signal);
  });

  it('the first SIGINT, SIGTERM, SIGHUP or SIGQUIT aborts the export with its name; dispose() stops listening', () => {
    for (const signal of TRAPPED) {
      const { proc, exits, send } = standInProcess();
      const trap = trapInterrupts(proc);
      assert.equal(interruptedBy(trap.signal), undefined);
      send(signal);
      assert.equal(trap.signal.reason, signal);
      assert.equal(interruptedBy(trap.signal), signal);
      assert.deepEqual(exits, [], `${signal} waits for the export's own cleanup`);
      trap.dispose();
      for (const s of TRAPPED) assert.equal(proc.listenerCount(s), 0, `${s} after dispose()`);
    }
  });

  it('a second signal removes the temporary files and spool at once and exits with 128 plus its number', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-interrupt-'));
    const target = path.join(dir, 'out.csv');
    const file = await AtomicFile.open(target);
    const spool = await TempFile.openSpoolBeside(target);
    const { proc, exits, send } = standInProcess();
    const trap = trapInterrupts(proc);
    try {
      send('SIGINT');
      assert.equal(fs.readdirSync(dir).length, 2, 'the first signal leaves the cleanup to the export');
      send('SIGQUIT');
      // Synchronously: the process ends right after.
      assert.deepEqual(fs.readdirSync(dir), []);
      assert.deepEqual(exits, [131]);
    } finally {
      trap.dispose();
      await file.discard();
      await spool.discard();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a cleanup that does not end the process', () => {
  // Virtual time: the grace period passes without the test waiting for it.
  before(() => mock.timers.enable({ apis: ['setTimeout'] }));
  after(() => mock.timers.reset());

  it('is cut short: CLEANUP_GRACE_MS after the first signal the trap removes the temporary files and exits with 128 plus its number', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-interrupt-'));
    const file = await AtomicFile.open(path.join(dir, 'out.xlsx'));
    const { proc, exits, send } = standInProcess();
    const trap = trapInterrupts(proc);
    try {
      send('SIGTERM');
      mock.timers.tick(CLEANUP_GRACE_MS - 1);
      assert.deepEqual(exits, [], 'the export’s own cleanup gets its chance first');
      assert.equal(fs.readdirSync(dir).length, 1);
      mock.timers.tick(1);
      assert.deepEqual(exits, [143]);
      assert.deepEqual(fs.readdirSync(dir), [], 'no temporary file left');
    } finally {
      trap.dispose();
      await file.discard();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is not cut short once the export is over: dispose() disarms the deadline', () => {
    const { proc, exits, send } = standInProcess();
    const trap = trapInterrupts(proc);
    send('SIGINT');
    trap.dispose();
    mock.timers.tick(CLEANUP_GRACE_MS * 10);
    assert.deepEqual(exits, []);
  });
});

describe('campfire-export when signalled', () => {
  let server: SampleServer;
  const faults = new FaultPlan();
  let dir: string;
  let env: Record<string, string>;
  let exportArgs: (out: string) => string[];

  before(async () => {
    assert.ok(fs.existsSync(CLI), `build first: ${CLI} is missing`);
    server = await startSampleServer({ token: KEY, seed: 4, faults });
    // Slow pages keep the export running long after the signal is sent.
    faults.set({ latencyMs: 150 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-cli-interrupt-'));
    env = { CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: server.url };
    const { contractId, commitId } = server.dataset.wellKnown.commitWith100kEvents;
    // CSV, so a spool exists beside the temporary file.
    exportArgs = (out) => ['usage-events', '--contract', String(contractId), '--commit', String(commitId), '--page-size', '100', '--format', 'csv', '--out', out];
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--help lists the exit status of every signal it traps', async () => {
    const r = await runCli(['--help']);
    assert.equal(r.code, 0, r.stderr);
    for (const signal of TRAPPED) assert.match(r.stdout, new RegExp(`${EXIT_STATUS[signal]} [a-z ]+\\s\\(${signal === 'SIGINT' ? 'Ctrl-C' : signal}`), signal);
  });

  it('SIGHUP and SIGQUIT cancel an export to a file: no temporary file or spool left, exit 129 and 131', async () => {
    for (const signal of ['SIGHUP', 'SIGQUIT'] as const) {
      const where = fs.mkdtempSync(path.join(dir, `${signal}-`));
      const r = await interruptCli(exportArgs(path.join(where, 'events.csv')), env, where, [signal]);
      assert.equal(r.killedBy, null, `${signal} killed the process instead of cancelling the export`);
      assert.equal(r.code, EXIT_STATUS[signal], r.stderr);
      assert.deepEqual(fs.readdirSync(where), [], signal);
      assert.match(r.stderr, new RegExp(`^campfire-export: interrupted by ${signal}; [^\\n]*was not written\\n$`));
    }
  });

  it('SIGTERM while Campfire asks to wait 45 s (429): the export ends at once, not when the wait is over', async () => {
    const where = fs.mkdtempSync(path.join(dir, 'paused-'));
    faults.set({});
    faults.inject({ kind: '429', times: 1000, retryAfter: '45' });
    server.resetRecording();
    try {
      const child = spawn(process.execPath, [CLI, ...exportArgs(path.join(where, 'events.csv'))], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      // Asked to wait: the first answers were 429s, and the requests are held back.
      while (server.requests.length < 2) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 300));
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'lingering'>((r) => setTimeout(() => r('lingering'), 10_000))]);
      if (code === 'lingering') child.kill('SIGKILL');
      assert.equal(code, 143, `still running 10 s after SIGTERM, within a 45 s Retry-After; stderr: ${stderr}`);
      assert.deepEqual(fs.readdirSync(where), []);
    } finally {
      faults.set({ latencyMs: 150 });
    }
  });

  it('SIGTERM or SIGINT while every answer is 429 with Retry-After: 60: the XLSX export ends at once, no .partial left', async () => {
    // A stand-in Campfire that sends the first page of 5,000 usage events, then says "come back in a
    // minute" to every other: the pages behind it queue in the scheduler for the pause to end.
    const limited = await startInlineServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const limit = Number(url.searchParams.get('limit'));
      if (Number(url.searchParams.get('offset')) === 0) {
        const results = Array.from({ length: limit }, (_, i) => ({
          id: 1 + i, prepaid_commit: 77, consumption: null, external_id: `ev-${i}`, event_date: '2026-03-05', period_month: '2026-03-01',
          total_revenue_dollars: 1.5, total_events: 1, data: {}, adjustment_date: null, is_adjustment: false, original_period_month: null, created_at: '2026-03-31T12:00:00Z',
        }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ count: 5000, next: null, previous: null, results }));
        return;
      }
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '60' });
      res.end('{"detail":"Request was throttled. Expected available in 60 seconds."}');
    });
    try {
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        const where = fs.mkdtempSync(path.join(dir, `limited-${signal}-`));
        const args = ['usage-events', '--contract', '12', '--commit', '77', '--format', 'xlsx', '--page-size', '100', '--concurrency', '4', '--out', path.join(where, 'events.xlsx')];
        const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_BASE_URL: limited.url }, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        // Paused: the first requests were answered 429, and the export waits out the minute.
        const asked = limited.requests.length;
        while (limited.requests.length < asked + 4) await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 300));
        assert.ok(fs.readdirSync(where).some((f) => f.endsWith('.partial')), 'the export is under way');
        child.kill(signal);
        // A generous ceiling, far below the minute a lingering process would take.
        const code = await Promise.race([exited, new Promise<'lingering'>((r) => setTimeout(() => r('lingering'), 10_000))]);
        if (code === 'lingering') child.kill('SIGKILL');
        assert.equal(code, EXIT_STATUS[signal], `${signal}: ${code === 'lingering' ? 'still running 10 s later, within a 60 s Retry-After' : 'exit status'}; stderr: ${stderr}`);
        assert.deepEqual(fs.readdirSync(where), [], `${signal}: nothing left beside the target`);
        assert.match(stderr, new RegExp(`interrupted by ${signal}; [^\\n]*was not written\\n$`));
      }
    } finally {
      await limited.close();
    }
  });

  it('SIGINT twice in quick succession: no temporary file or spool left, exit 130', async () => {
    // 5 ms apart, the second SIGINT usually arrives while the first one's cancellation runs; if
    // it arrives before or after, the outcome must be the same.
    for (let attempt = 0; attempt < 3; attempt++) {
      const where = fs.mkdtempSync(path.join(dir, 'twice-'));
      const r = await interruptCli(exportArgs(path.join(where, 'events.csv')), env, where, ['SIGINT', 'SIGINT'], 5);
      assert.equal(r.killedBy, null, 'the second SIGINT killed the process by Node\'s default');
      assert.equal(r.code, 130, r.stderr);
      assert.deepEqual(fs.readdirSync(where), []);
    }
  });
});
