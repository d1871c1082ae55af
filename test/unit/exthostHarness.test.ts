// Self-check of the extension-host rig (test/exthost/harness.mjs): a run whose extension host
// crashes, exits, hangs, or whose test module fails to load must fail, never pass.
// The workbench itself reports 0 after a crash or exit, so this guards the harness's own checks.
// Each case starts a real code-server + Chromium; a few run side by side to keep this short
// (all at once starve each other on a 2-core machine and the hang case would time out early).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const exthostSource = path.join(root, 'test/exthost');
const failmodes = path.join(root, 'out/test/exthost/failmodes');

// Without Chromium (a laptop that never ran the rig) there is nothing to check; CI always has it.
const chromium = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));
const skip = !chromium && process.env.CI !== 'true' ? 'no Chromium on this machine (apt-get install chromium)' : false;

interface RunResult {
  code: number | null;
  output: string;
}

let rig = '';
let scratch = '';

// At most this many rigs at once (one code-server + Chromium each, ~0.9 GB, CPU-bound start-up).
let freeSlots = Math.min(2, os.availableParallelism());
const waiting: (() => void)[] = [];
async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (freeSlots > 0) freeSlots--;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else freeSlots++;
  }
}

/** Runs harness.mjs on one test module with a minimal extension; resolves with its exit code and output. */
function runHarness(testsPath: string, timeoutSeconds: number): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, CAMPFIRE_EXTHOST_RIG: rig };
  delete env.NODE_TEST_CONTEXT; // node --test's marker must not leak into the extension host
  const args = [
    path.join(exthostSource, 'harness.mjs'),
    '--extensionDevelopmentPath', path.join(scratch, 'extension'),
    '--extensionTestsPath', testsPath,
    '--timeout', String(timeoutSeconds),
    '--skip-builtins',
  ];
  return withSlot(() => new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  }));
}

function assertFailed(run: RunResult, expectedCode: number, marker: RegExp): void {
  const tail = run.output.split('\n').slice(-25).join('\n');
  // The marker proves the module really ran in the extension host, so the failure is the one under test.
  assert.match(run.output, marker, `the test module never ran:\n${tail}`);
  assert.equal(run.code, expectedCode, `harness exit code:\n${tail}`);
  assert.doesNotMatch(run.output.trimEnd().split('\n').pop() ?? '', /^\d+ passed, 0 failed/, 'last line claims success');
}

describe('extension-host harness never passes a broken run', { concurrency: true, skip }, () => {
  before(() => {
    // Install once up front (minutes the first time on a machine), not in several runs at once.
    rig = execFileSync('bash', [path.join(exthostSource, 'install-code-server.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' })
      .trim()
      .split('\n')
      .pop() ?? '';
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-harness-check-'));
    // An extension with nothing to activate: the failing test modules are what is under test.
    fs.mkdirSync(path.join(scratch, 'extension'));
    fs.writeFileSync(
      path.join(scratch, 'extension', 'package.json'),
      JSON.stringify({ name: 'harness-check', publisher: 'campfire-devtools', version: '0.0.0', engines: { vscode: '^1.103.0' } }),
    );
    // Written here rather than kept in the repo, where the linter and compiler would reject it.
    fs.writeFileSync(
      path.join(scratch, 'syntax-error.js'),
      "module.exports = { run() { return Promise.resolve(); } ;\n",
    );
  });

  after(() => {
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  const timeout = 240_000;

  // The longest case first, so it overlaps with the others.
  it('ends a hung run at --timeout with exit code 124', { timeout }, async () => {
    // Long enough for the workbench to load the module while three other runs start beside it on two cores.
    assertFailed(await runHarness(path.join(failmodes, 'hang.js'), 60), 124, /failmode hang/);
  });

  it('fails when the extension host is killed mid-run', { timeout }, async () => {
    assertFailed(await runHarness(path.join(failmodes, 'crash.js'), 120), 1, /failmode crash/);
  });

  it('fails when a test calls process.exit(0)', { timeout }, async () => {
    assertFailed(await runHarness(path.join(failmodes, 'exit.js'), 120), 1, /failmode exit/);
  });

  it('fails when the test module does not load', { timeout }, async () => {
    assertFailed(await runHarness(path.join(scratch, 'syntax-error.js'), 120), 1, /SyntaxError/);
  });
});
