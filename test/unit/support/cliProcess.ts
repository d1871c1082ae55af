// The built campfire-export (dist/cli.js, from npm run build) run as a child process, as a
// terminal or a scheduled job runs it.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const CLI = path.resolve(__dirname, '../../../../dist/cli.js');

export function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/**
 * Runs campfire-export like runCli and samples its resident memory (Linux /proc) every 10 ms, for
 * the peak a misbehaving server drives it to.
 */
export function runCliMeasured(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number | null; stderr: string; peakRssBytes: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peak = 0;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const sample = setInterval(() => {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid ?? 0}/status`, 'utf8'))?.[1] ?? 0);
        peak = Math.max(peak, kb * 1024);
      } catch {
        // the process has just exited
      }
    }, 10);
    child.on('close', (code) => {
      clearInterval(sample);
      resolve({ code, stderr, peakRssBytes: peak });
    });
  });
}

/**
 * Starts an export, sends `signals` one after the other (`gapMs` apart) once its temporary files
 * exist in `dir`, and reports how it ended.
 */
export function interruptCli(
  args: string[],
  env: Record<string, string>,
  dir: string,
  signals: readonly NodeJS.Signals[],
  gapMs = 0,
): Promise<{ code: number | null; killedBy: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let sent = 0;
    let pending: NodeJS.Timeout | undefined;
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const sendNext = () => {
      const signal = signals[sent];
      if (signal === undefined || !child.kill(signal)) return;
      sent++;
      pending = setTimeout(sendNext, gapMs);
    };
    const poll = setInterval(() => {
      if (fs.readdirSync(dir).some((f) => f.endsWith('.partial'))) {
        clearInterval(poll);
        sendNext();
      }
    }, 20);
    // A cancellation that hangs must fail the test, not stall the run.
    const limit = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`campfire-export was still running 20 s after it started (${sent} of ${signals.join(', ')} sent); stderr: ${stderr}`));
    }, 20_000);
    child.on('error', reject);
    child.on('exit', (code, killedBy) => {
      clearInterval(poll);
      clearTimeout(pending);
      clearTimeout(limit);
      resolve({ code, killedBy, stderr });
    });
  });
}
