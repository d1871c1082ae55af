// The options every campfire-export command shares (the connection, the key, --quiet/--verbose,
// the output) mean the same in each: the export, reconcile, sync and mcp. The built dist/cli.js
// runs as a child process against the local Campfire server; mcp is driven by the SDK's client.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CONNECTION_HELP, KEY_HELP, OUTPUT_HELP, SAY_HELP } from '../../src/export/commandOptions';
import { startSampleServer, type SampleServer } from '../../src/sampleServer/server';
import { CLI, runCli as run } from './support/cliProcess';

const KEY = 'options-key-77c1';

describe('campfire-export: the options its commands share', () => {
  let server: SampleServer;
  let dir: string;
  let env: Record<string, string>;
  /** A command of each kind, each valid but for the options a test adds. */
  let commands: Record<'export' | 'reconcile' | 'sync', string[]>;

  before(async () => {
    assert.ok(fs.existsSync(CLI), `build first: ${CLI} is missing`);
    server = await startSampleServer({ token: KEY, seed: 9, contracts: 8 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-cli-options-'));
    env = { CAMPFIRE_BASE_URL: server.url, CAMPFIRE_API_TOKEN: KEY };
    const contract = server.dataset.contracts()[0];
    assert.ok(contract);
    commands = {
      export: ['contracts', '-o', path.join(dir, 'contracts.csv')],
      reconcile: ['reconcile', '--contract', String(contract.id), '-o', path.join(dir, 'report.md')],
      sync: ['sync', '--to', path.join(dir, 'dataset'), '--contract', String(contract.id)],
    };
  });
  after(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('each --help says the shared options in the same words', async () => {
    const helps = {
      export: { args: ['--help'], parts: [CONNECTION_HELP, KEY_HELP, SAY_HELP, OUTPUT_HELP] },
      reconcile: { args: ['reconcile', '--help'], parts: [CONNECTION_HELP, KEY_HELP, SAY_HELP, OUTPUT_HELP] },
      sync: { args: ['sync', '--help'], parts: [CONNECTION_HELP, KEY_HELP, SAY_HELP] },
      mcp: { args: ['mcp', '--help'], parts: [CONNECTION_HELP, KEY_HELP] },
    };
    for (const [name, { args, parts }] of Object.entries(helps)) {
      const r = await run(args);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      for (const part of parts) assert.ok(r.stdout.includes(part), `${name} --help holds:\n${part}`);
    }
  });

  it('a bad shared option is the same usage error in each command, pointing to its own --help, before any request', async () => {
    const cases: [string[], RegExp][] = [
      [['--page-size', '0'], /--page-size must be a positive whole number, got "0"/],
      [['--concurrency', 'many'], /--concurrency must be a positive whole number, got "many"/],
      [['--max-response-mb', '1.5'], /--max-response-mb must be a positive whole number, got "1.5"/],
      [['--concurrency', '-2'], /--concurrency/],
      [['--base-url', 'http://campfire.example.com'], /https/],
      [['--quiet', '--verbose'], /--quiet and --verbose ask for opposite things: give one/],
    ];
    const all = { ...commands, mcp: ['mcp'] };
    server.resetRecording();
    for (const [name, command] of Object.entries(all)) {
      const help = name === 'export' ? 'campfire-export --help' : `campfire-export ${name} --help`;
      for (const [args, message] of cases) {
        // mcp says nothing on standard error but failures, so it has no --quiet or --verbose.
        if (name === 'mcp' && args[0] === '--quiet') continue;
        const r = await run([...command, ...args], env);
        const what = `${name} ${args.join(' ')}`;
        assert.equal(r.code, 2, `${what}: ${r.stderr}`);
        assert.match(r.stderr, message, what);
        assert.ok(r.stderr.endsWith(` (see ${help})\n`), `${what}: ${r.stderr}`);
        assert.equal(r.stderr.split('\n').length, 2, `${what}: one line`);
      }
    }
    assert.equal(server.requests.length, 0, 'refused before any request');
  });

  it('the key from --token-file, over the environment, in each command; a file that cannot be read exits 3 naming --token-file', async () => {
    const file = path.join(dir, 'key');
    fs.writeFileSync(file, `${KEY}\n`, { mode: 0o600 });
    // The environment's key is wrong: the flag's file must be the one read.
    const wrongEnv = { CAMPFIRE_BASE_URL: server.url, CAMPFIRE_API_TOKEN: 'not-the-key' };
    for (const [name, command] of Object.entries(commands)) {
      const r = await run([...command, '--token-file', file, '--quiet'], wrongEnv);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      const missing = await run([...command, '--token-file', path.join(dir, 'nope')], env);
      assert.equal(missing.code, 3, name);
      assert.ok(missing.stderr.endsWith(`campfire-export: cannot read the API key from --token-file (${path.join(dir, 'nope')}): ENOENT\n`), `${name}: ${missing.stderr}`);
    }
  });

  it('--max-response-mb above the ceiling is used as the ceiling, and said even with --quiet, in each command', async () => {
    for (const [name, command] of Object.entries(commands)) {
      const r = await run([...command, '--max-response-mb', '1024', '--quiet'], env);
      assert.equal(r.code, 0, `${name}: ${r.stderr}`);
      assert.equal(r.stderr, 'campfire-export: warning: --max-response-mb 1024 is above the most any response may hold; using 256\n', name);
    }
  });

  it('mcp lists with --page-size and --concurrency, reads the key from --token-file, and says who it is', async () => {
    const file = path.join(dir, 'mcp-key');
    fs.writeFileSync(file, `${KEY}\n`, { mode: 0o600 });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', '--page-size', '3', '--concurrency', '1', '--token-file', file],
      env: { PATH: process.env.PATH ?? '', CAMPFIRE_BASE_URL: server.url },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'campfire-options-test', version: '1.0.0' });
    await client.connect(transport);
    server.resetRecording();
    try {
      const r = await client.callTool({ name: 'campfire_find_contracts', arguments: {} });
      assert.notEqual(r.isError, true, JSON.stringify(r.content));
    } finally {
      await client.close();
    }
    const listings = server.requests.filter((q) => q.path.endsWith('/contracts'));
    assert.ok(listings.length >= Math.ceil(server.dataset.contracts().length / 3), 'pages of three');
    for (const q of listings) assert.equal(q.query.limit, '3');
    assert.equal(server.maxInFlight(), 1, 'one request at a time');
    for (const q of server.requests) assert.match(q.userAgent ?? '', /^campfire-export-mcp\//);
  });

  it('mcp, as the others, refuses CAMPFIRE_API_TOKEN and CAMPFIRE_API_TOKEN_FILE set together', async () => {
    const file = path.join(dir, 'key');
    fs.writeFileSync(file, `${KEY}\n`, { mode: 0o600 });
    const r = await run(['mcp'], { CAMPFIRE_BASE_URL: server.url, CAMPFIRE_API_TOKEN: KEY, CAMPFIRE_API_TOKEN_FILE: file });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'campfire-export: CAMPFIRE_API_TOKEN and CAMPFIRE_API_TOKEN_FILE are both set: set one (see campfire-export mcp --help)\n');
  });
});
