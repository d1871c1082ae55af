// campfire-export's npm package (cli/, written by npm run build) as a user gets it: packed, installed
// globally from the tarball into a fresh prefix, offline, and run from a folder outside the clone.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';

const ROOT = path.resolve(__dirname, '../../..');
const PACKAGE_DIR = path.join(ROOT, 'cli');
const KEY = 'package-test-key';
/** The package's budget: a small download for a command-line tool. */
const MAX_TARBALL_BYTES = 600 * 1000;

function exec(file: string, args: string[], options: { cwd: string; env: Record<string, string | undefined> }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { ...options, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('campfire-export as an installed npm package', () => {
  let tmp: string;
  let prefix: string;
  let outside: string;
  let tarball: string;
  let server: SampleServer;
  /** PATH with the installed bin first, and node itself; nothing of the clone. */
  let userPath: string;

  before(async () => {
    assert.ok(fs.existsSync(path.join(PACKAGE_DIR, 'dist', 'cli.js')), 'build first: npm run build writes cli/dist');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-cli-package-'));
    prefix = path.join(tmp, 'prefix');
    outside = path.join(tmp, 'somewhere-else');
    fs.mkdirSync(outside);
    const npmEnv = { PATH: process.env.PATH, HOME: tmp, npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_update_notifier: 'false' };
    const packed = await exec('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: PACKAGE_DIR, env: npmEnv });
    assert.equal(packed.code, 0, packed.stderr);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    assert.ok(info);
    tarball = path.join(tmp, info.filename);
    assert.deepEqual(info.files.map((f) => f.path).sort(), ['LICENSE', 'README.md', 'dist/campfireExport.js', 'dist/campfireMcp.js', 'dist/cli.js', 'dist/parquetWriter.js', 'dist/xlsxPackage.js', 'package.json']);
    const installed = await exec('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], { cwd: outside, env: npmEnv });
    assert.equal(installed.code, 0, installed.stderr);
    userPath = [path.join(prefix, 'bin'), path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);
    server = await startSampleServer({ token: KEY, seed: 3 });
  });
  after(async () => {
    await server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('is one small tarball with a bin, engines, a README, a LICENSE, no dependencies and the project’s version', () => {
    assert.ok(fs.statSync(tarball).size <= MAX_TARBALL_BYTES, `${fs.statSync(tarball).size} bytes`);
    const { version, engines } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; engines: { node: string } };
    const manifest = JSON.parse(fs.readFileSync(path.join(prefix, 'lib', 'node_modules', '@campfire-devtools', 'campfire-export', 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.name, '@campfire-devtools/campfire-export');
    assert.equal(manifest.version, version);
    assert.deepEqual(manifest.bin, { 'campfire-export': 'dist/cli.js' });
    assert.deepEqual(manifest.engines, { node: engines.node });
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.private, undefined);
    assert.deepEqual(fs.readdirSync(path.join(prefix, 'lib', 'node_modules', '@campfire-devtools', 'campfire-export')).sort(), ['LICENSE', 'README.md', 'dist', 'package.json']);
  });

  it('runs from outside the clone: --version, an export, a failure with its exit code and message, and the MCP server', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const v = await exec('campfire-export', ['--version'], { cwd: outside, env: { PATH: userPath } });
    assert.equal(v.code, 0, v.stderr);
    assert.equal(v.stdout, `campfire-export ${version}\n`);

    const env = { PATH: userPath, CAMPFIRE_API_TOKEN: KEY };
    const contractId = server.dataset.wellKnown.contractWithManyCommits;
    const r = await exec('campfire-export', ['prepaid-commits', '--contract', String(contractId), '-f', 'json', '-o', 'commits.json', '--base-url', server.url], { cwd: outside, env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^campfire-export: \d+ rows to commits\.json in /);
    const written = JSON.parse(fs.readFileSync(path.join(outside, 'commits.json'), 'utf8')) as { id: number }[];
    assert.deepEqual(written.map((c) => c.id), server.dataset.prepaidCommits(contractId).map((c) => c.id));

    // The Parquet writer is a bundle of its own, loaded on first use: it must be in the package too.
    const parquet = await exec('campfire-export', ['contracts', '-f', 'parquet', '-o', 'contracts.parquet', '--base-url', server.url, '--quiet'], { cwd: outside, env });
    assert.equal(parquet.code, 0, parquet.stderr);
    const { parquetReadObjects } = await import('hyparquet');
    const bytes = fs.readFileSync(path.join(outside, 'contracts.parquet'));
    const rows = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    assert.equal(rows.length, server.dataset.contracts().length);

    const wrong = await exec('campfire-export', ['contracts', '--base-url', server.url], { cwd: outside, env: { PATH: userPath, CAMPFIRE_API_TOKEN: 'not-the-key' } });
    assert.equal(wrong.code, 3);
    assert.equal(wrong.stdout, '');
    assert.match(wrong.stderr, /^campfire-export: Campfire rejected the API key \(401\)/);
    const usage = await exec('campfire-export', ['invoices'], { cwd: outside, env });
    assert.equal(usage.code, 2);
    assert.equal(usage.stderr, 'campfire-export: unknown resource "invoices" (see campfire-export --help)\n');

    // The MCP server is a bundle of its own too: an MCP client's first two messages, then stdin closes.
    const messages = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'package-test', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
    ];
    const mcp = spawnSync('campfire-export', ['mcp', '--base-url', server.url], { cwd: outside, env, input: messages.map((m) => JSON.stringify(m)).join('\n') + '\n', encoding: 'utf8', timeout: 30_000 });
    assert.equal(mcp.status, 0, mcp.stderr);
    const answers = mcp.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id?: number; result?: { tools?: { name: string }[] } });
    const tools = answers.find((a) => a.id === 2)?.result?.tools?.map((t) => t.name) ?? [];
    assert.ok(tools.includes('campfire_find_contracts'), `tools listed: ${tools.join(', ')}`);
  });
});
