#!/usr/bin/env node
// `npm start`: builds the extension and opens it on the sample data, in desktop VS Code when `code` is
// on PATH, else in code-server with the .vsix installed as users get it (CONTRIBUTING.md, "Run").
//
//   npm start [-- --code-server] [--port N]
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveRig, rigCodeServer, rigNode } from '../test/exthost/rig.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const forceCodeServer = args.includes('--code-server');
const portArg = args.indexOf('--port');
const wantedPort = portArg >= 0 ? Number(args[portArg + 1]) : 0;
const SAMPLE_ENV = { CAMPFIRE_SAMPLE_DATA: '1' };

const say = (m) => console.log(`[start] ${m}`);

function run(cmd, cmdArgs, options = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...options });
  if (r.status !== 0) {
    console.error(`[start] ${cmd} ${cmdArgs.join(' ')} failed (exit ${r.status})`);
    process.exit(r.status || 1);
  }
}

function onPath(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(wantedPort, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// 1. Dependencies (a fresh clone has none) and the build.
if (!fs.existsSync(path.join(root, 'node_modules', 'esbuild'))) {
  // npm ci: exactly the locked versions the tests ran with, and the lockfile left untouched.
  say('installing dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}
// 2a. Desktop VS Code.
if (!forceCodeServer && onPath('code')) {
  say('building the extension');
  run(process.execPath, ['esbuild.mjs', '--dev', '--quiet']);
  say('opening desktop VS Code with the extension under development (sample data)');
  run('code', ['--new-window', `--extensionDevelopmentPath=${root}`, root], { env: { ...process.env, ...SAMPLE_ENV } });
  say('a new VS Code window shows the Campfire view with sample data. Close it when you are done.');
  process.exit(0);
}

// 2b. code-server in this machine's test-rig cache.
say('`code` is not on PATH: using code-server (installed once into ~/.cache, about 3 minutes the first time)');
let rig;
try {
  rig = resolveRig();
} catch {
  console.error('[start] could not install code-server (see above)');
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-start-'));
const userData = path.join(dir, 'user-data');
fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
fs.mkdirSync(path.join(dir, 'extensions'));
fs.mkdirSync(path.join(dir, 'tmp'));
fs.writeFileSync(
  path.join(userData, 'User', 'settings.json'),
  JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
  }, null, 2),
);
fs.writeFileSync(path.join(dir, 'config.yaml'), 'auth: none\ncert: false\n');

const node24 = rigNode(rig);
const entry = fs.realpathSync(rigCodeServer(rig));
const isolated = {
  TMPDIR: path.join(dir, 'tmp'),
  XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
  XDG_DATA_HOME: path.join(dir, 'xdg-data'),
  XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
  PATH: `${path.dirname(node24)}:${process.env.PATH}`,
  EXTENSIONS_GALLERY: '{}',
};

// The extension as users get it: the .vsix, installed with code-server's own --install-extension.
say('packaging the extension and installing the .vsix, as a user would');
const vsix = path.join(dir, 'campfire-vscode.vsix');
run(process.execPath, ['scripts/package.mjs', '--out', vsix], { stdio: ['ignore', 'ignore', 'inherit'] });
run(node24, [entry, '--config', path.join(dir, 'config.yaml'), '--user-data-dir', userData, '--extensions-dir', path.join(dir, 'extensions'), '--install-extension', vsix], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, ...isolated },
});

const port = await freePort();
const host = `127.0.0.1:${port}`;
const server = spawn(
  node24,
  [
    entry,
    '--config', path.join(dir, 'config.yaml'),
    '--auth', 'none',
    '--bind-addr', host,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--user-data-dir', userData,
    '--extensions-dir', path.join(dir, 'extensions'),
  ],
  {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The extension host inherits the server's environment: sample data from the start.
    env: { ...process.env, ...SAMPLE_ENV, ...isolated },
  },
);
const serverLog = fs.createWriteStream(path.join(dir, 'server.log'));
server.stdout.pipe(serverLog);
server.stderr.pipe(serverLog);

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    /* already gone */
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
server.on('exit', (code) => {
  if (!stopping) {
    console.error(`[start] code-server exited (code ${code}); its log: ${path.join(dir, 'server.log')}`);
    stopping = true;
    process.exit(1);
  }
});

for (const deadline = Date.now() + 60_000; ; ) {
  try {
    if ((await fetch(`http://${host}/healthz`)).ok) break;
  } catch {
    /* not listening yet */
  }
  if (Date.now() > deadline) {
    console.error('[start] code-server did not start within 60 s');
    stop(1);
  }
  await new Promise((r) => setTimeout(r, 200));
}

const url = `http://${host}/?folder=${encodeURIComponent(pathToFileURL(root).pathname)}`;
console.log('');
say('the editor is ready. Open this URL in a browser:');
console.log(`\n  ${url}\n`);
say('the Campfire view (flame icon in the activity bar) browses sample data. Ctrl+C stops the server.');
if (process.env.CAMPFIRE_START_URL_FILE) fs.writeFileSync(process.env.CAMPFIRE_START_URL_FILE, url);
