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
import { after, before, describe, it } from 'node:test';
import { AtomicFile, TempFile } from '../../src/export/atomicFile';
import { interruptedBy, signalExitCode, trapInterrupts } from '../../src/export/interrupt';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { CLI, interruptCli, runCli } from './support/cliProcess';

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

describe('campfire-export when signalled', () => {
  let server: SampleServer;
  let dir: string;
  let env: Record<string, string>;
  let exportArgs: (out: string) => string[];

  before(async () => {
    assert.ok(fs.existsSync(CLI), `build first: ${CLI} is missing`);
    server = await startSampleServer({ token: KEY, seed: 4 });
    // Slow pages keep the export running long after the signal is sent.
    server.setFaults({ latencyMs: 150 });
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
    server.setFaults({});
    server.injectFault({ kind: '429', times: 1000, retryAfter: '45' });
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
      server.setFaults({ latencyMs: 150 });
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
