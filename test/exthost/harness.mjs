#!/usr/bin/env node
// Runs VS Code extension tests in the real Node extension host of code-server (the VS Code
// server build, from npm), with a headless system Chromium as the workbench. Works offline:
// desktop VS Code cannot be downloaded on our machines and CI, code-server and Chromium can be
// installed from npm and apt. Runs on Node >= 20 and needs only playwright-core.
//
//   node test/exthost/harness.mjs --extensionDevelopmentPath <dir> --extensionTestsPath <index.js>
//     [--workspace <dir>]       folder to open (default: an empty one in the run dir)
//     [--timeout <s>]           whole test run, after the rig is installed (default 300) -> exit 124
//     [--ext-env K=V]...        extra environment for the extension host
//     [--skip-builtins]         don't scan heavy built-in extensions (git, TypeScript, ...): ~1.5 s faster
//     [--screenshot <f.png>]    PNG of the workbench when the run ends (pass, fail or timeout)
//     [--viewport <WxH>]        browser window size (default 1280x800)
//     [--install-extension <f.vsix>]  install a packaged extension into the run's extensions dir
//                               first, as `code --install-extension` does (the package smoke suite)
//     [--phases <n>]            run the tests n times, reloading the same browser page in between, as a
//                               restart does (same user data, secrets and workspace, a new extension
//                               host); phase i sees CAMPFIRE_EXTHOST_PHASE=i. The next phase starts only
//                               when the one before passed; the closing line adds up every phase.
//     [--keep]                  keep the run dir (server.log, user-data/logs, client-logs)
//     [--verbose]               also show the server log, the raw browser console, failed requests
//   "--key=value" works too (that is how @vscode/test-electron passes its arguments).
//
// Exit code: the test run's (0 pass, 1 failures), 124 on timeout, 1 when the extension host
// died or the run could not start, 2 on bad arguments. The last output line is the tests'
// closing "N passed, N failed" line (see index.ts), or the reason there is none.
//
// Screenshots from a test: the test logs "@@screenshot <absolute path.png>"; the harness writes
// the PNG there (atomically, via rename) or "<path>.error" with the reason. helpers.ts wraps it.
// Keys from a test: "@@keys <absolute done-file> <JSON {text?, press?: [key, ...]}>" types the
// text and presses the keys (Playwright names: Enter, Escape, Control+A) into the focused
// workbench element, as a user would, then writes the done-file (or "<file>.error").
// What is on screen, from a test: "@@dom <absolute out-file.json> <JSON {selector, attributes?}>"
// writes the visible text, aria-label and the named attributes of every element matching the CSS
// selector, in the workbench and in every frame inside it (webviews), as JSON
// [{text, label, attributes}] (or "<file>.error").
// Clicks from a test: "@@click <absolute done-file> <JSON {selector, button?, clickCount?}>" clicks
// the first visible element matching the CSS selector, in the workbench or in any frame inside it
// (webviews), with the mouse as a user would (button: left, right or middle), then writes the
// done-file (or "<file>.error").
// Window size from a test: "@@viewport <absolute done-file> <JSON {width, height}>" resizes the
// browser's page, as a user resizes the window, then writes the done-file (or "<file>.error").
//
// Environment: CAMPFIRE_EXTHOST_RIG (rig dir; default: what install-code-server.sh prints),
// CHROMIUM (browser binary), CAMPFIRE_EXTHOST_RUNS_DIR (parent of run dirs; default OS tmp),
// CAMPFIRE_EXTHOST_SUMMARY_FILE (the last line is also written there, for runTests.ts),
// CAMPFIRE_EXTHOST_RAW_LOG=1 (every workbench log call, raw).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { resolveRig, rigCodeServer, rigNode, smokeTestDriverArgs } from './rig.mjs';

const t0 = Date.now();
const stamp = () => `[harness +${((Date.now() - t0) / 1000).toFixed(1)}s]`;
const log = (...a) => console.log(stamp(), ...a);

// ---------------------------------------------------------------- arguments
function usage(message) {
  console.error(`harness: ${message}\nsee the header of ${fileURLToPath(import.meta.url)} for usage`);
  process.exit(2);
}

function parseArgs(argv) {
  const o = { exts: [], installs: [], extEnv: {}, phases: 1, timeout: 300, keep: false, verbose: false, skipBuiltins: false, viewport: '1280x800' };
  for (let i = 0; i < argv.length; i++) {
    let key = argv[i];
    let inline;
    const eq = key.indexOf('=');
    if (key.startsWith('--') && eq > 0) [key, inline] = [key.slice(0, eq), key.slice(eq + 1)];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${key} needs a value`);
      return v;
    };
    switch (key) {
      case '--extensionDevelopmentPath': o.exts.push(path.resolve(value())); break;
      case '--extensionTestsPath': o.tests = path.resolve(value()); break;
      case '--workspace': o.workspace = path.resolve(value()); break;
      case '--timeout': o.timeout = Number(value()); break;
      case '--ext-env': {
        const [k, ...v] = value().split('=');
        if (!k || !v.length) usage('--ext-env wants KEY=VALUE');
        o.extEnv[k] = v.join('=');
        break;
      }
      case '--screenshot': o.screenshot = path.resolve(value()); break;
      case '--viewport': o.viewport = value(); break;
      case '--skip-builtins': o.skipBuiltins = true; break;
      case '--install-extension': o.installs.push(path.resolve(value())); break;
      case '--phases': o.phases = Number(value()); break;
      case '--keep': o.keep = true; break;
      case '--verbose': o.verbose = true; break;
      default: usage(`unknown argument ${argv[i]}`);
    }
  }
  if (!o.exts.length || !o.tests) usage('--extensionDevelopmentPath and --extensionTestsPath are required');
  if (!(o.timeout > 0)) usage('--timeout wants a positive number of seconds');
  if (!Number.isInteger(o.phases) || o.phases < 1) usage('--phases wants a whole number of at least 1');
  const m = /^(\d+)x(\d+)$/.exec(o.viewport);
  if (!m) usage('--viewport wants WIDTHxHEIGHT');
  o.viewport = { width: Number(m[1]), height: Number(m[2]) };
  return o;
}

const opts = parseArgs(process.argv.slice(2));

function findChromium() {
  const candidates = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => fs.existsSync(p));
  if (!found) throw new Error(`no Chromium at ${candidates.join(', ')} (apt-get install chromium, or set CHROMIUM)`);
  return found;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- throw-away run directory
// Under the OS tmp dir, not the clone: VS Code puts unix sockets under TMPDIR, and a deep
// checkout path could push them past the 108-byte socket path limit.
function makeRunDir() {
  const root = process.env.CAMPFIRE_EXTHOST_RUNS_DIR || os.tmpdir();
  fs.mkdirSync(root, { recursive: true });
  const dir = fs.mkdtempSync(path.join(root, 'campfire-exthost-'));
  const d = {
    dir,
    tmp: path.join(dir, 'tmp'),
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    config: path.join(dir, 'config.yaml'),
    workspace: opts.workspace || path.join(dir, 'workspace'),
  };
  for (const p of [d.tmp, path.join(d.userData, 'User'), d.extensions, d.workspace]) fs.mkdirSync(p, { recursive: true });
  // A quiet, offline workbench: nothing pops up over the views, nothing phones home.
  fs.writeFileSync(path.join(d.userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden', // the chat side bar would crowd screenshots
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
  }, null, 2));
  // Without --config even `code-server --help` writes ~/.config/code-server/config.yaml.
  fs.writeFileSync(d.config, 'auth: none\ncert: false\n');
  return d;
}

// Everything code-server, the extension host and Chromium write goes below the run dir.
const isolatedEnv = (run) => ({
  TMPDIR: run.tmp,
  XDG_CONFIG_HOME: path.join(run.dir, 'xdg-config'),
  XDG_DATA_HOME: path.join(run.dir, 'xdg-data'),
  XDG_CACHE_HOME: path.join(run.dir, 'xdg-cache'),
});

// Built-ins the extension does not need; skipping them saves start-up time. Keep
// vscode.github-authentication: without it the workbench waits ~10 s for the 'github' provider.
const SKIPPABLE_BUILTINS = [
  'vscode.git', 'vscode.git-base', 'vscode.github', 'vscode.typescript-language-features',
  'vscode.json-language-features', 'vscode.configuration-editing', 'vscode.extension-editing',
  'vscode.emmet', 'vscode.npm', 'vscode.merge-conflict', 'vscode.debug-auto-launch',
  'ms-vscode.js-debug', 'ms-vscode.js-debug-companion', 'GitHub.copilot-chat',
].join(',');

// ---------------------------------------------------------------- log classification
// If the extension host dies mid-run (crash, kill, process.exit), the workbench still reports
// exit code 0. These lines (browser side or server side) give it away.
const EXT_HOST_LOST = /\[remote-connection\]\[ExtensionHost\].*(received socket close event|permanent error)|Extension host .*terminated unexpectedly|Extension Host Process exited with code: (null|[1-9]\d*), signal/;
// Routine or known-harmless workbench lines that also arrive through codeAutomationLog
// (shown with --verbose): connection chatter, and the cancelled GitHub/chat sign-in probes.
const WORKBENCH_NOISE = new RegExp('^(' + [
  'Resolving connection token', 'Resolved connection token', 'Creating a socket', '\\[reconnection-grace-time\\]',
  'Ignoring fetching additional builtin', 'Updating additional builtin', '\\[Service Worker\\]', '\\[AgentHost',
  '\\[AccountPolicyGate\\]', 'Creation of workbench contribution', 'No search provider registered for scheme',
  "Timed out waiting for authentication provider 'github'", '\\[DefaultAccount\\]', '\\[chat-stt\\]', 'Canceled: Canceled',
].join('|') + ')');
// Stack frames inside the workbench and the extension host's own code: noise for extension
// tests (kept with --verbose). The tests' own frames stay.
const WORKBENCH_FRAME = /^\s+at .*(https?:\/\/127\.0\.0\.1:\d+\/stable-|\/code-server\/lib\/vscode\/|\(<anonymous>\)$).*$\n?/gm;
const SUMMARY = /^(\d+) passed, (\d+) failed/;
const SCREENSHOT_REQUEST = /^@@screenshot (.+\.png)$/;
const KEYS_REQUEST = /^@@keys (\S+) (\{.*\})$/;
const DOM_REQUEST = /^@@dom (\S+) (\{.*\})$/;
const CLICK_REQUEST = /^@@click (\S+) (\{.*\})$/;
const VIEWPORT_REQUEST = /^@@viewport (\S+) (\{.*\})$/;

// ---------------------------------------------------------------- run state
let run;
let server;
let browser;
let page;
let finished = false;
let summary; // the tests' closing "N passed, N failed" line
let extHostLost; // first line that says the extension host went away
let screenshots = Promise.resolve(); // one at a time, in request order
let phase = 1; // which of --phases is running
let host; // the page's host:port, for the workbench URL of the next phase
const totals = { passed: 0, failed: 0 }; // of the phases that have finished
let reloadedAt = 0; // when the page was last reloaded for a new phase

function noteLine(line) {
  // After finish() the host goes away on purpose, and so does the old one when a phase reloads the page.
  if (!finished && !extHostLost && Date.now() - reloadedAt > 15_000 && EXT_HOST_LOST.test(line)) {
    extHostLost = line.trim();
    log('the extension host is gone; the run cannot pass');
    // The workbench normally still reports an exit code; if it does not, don't wait for the timeout.
    setTimeout(() => finish(1, `extension host lost ("${extHostLost}") and no exit code within 15 s`), 15_000).unref();
  }
}

async function writeScreenshot(file) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Write then rename, so a test polling for the file never reads half a PNG.
  const partial = `${file}.partial-${process.pid}`;
  await page.screenshot({ path: partial, type: 'png', timeout: 15_000 });
  fs.renameSync(partial, file);
}

function requestScreenshot(file) {
  screenshots = screenshots.then(async () => {
    try {
      fs.rmSync(`${file}.error`, { force: true });
      await writeScreenshot(file);
      log(`screenshot -> ${file}`);
    } catch (err) {
      log(`screenshot ${file} failed: ${err.message}`);
      try { fs.writeFileSync(`${file}.error`, String(err.message)); } catch { /* the test times out instead */ }
    }
  });
}

function requestKeys(doneFile, json) {
  screenshots = screenshots.then(async () => {
    try {
      const { text, press } = JSON.parse(json);
      if (text) await page.keyboard.type(text);
      for (const key of press ?? []) await page.keyboard.press(key);
      fs.writeFileSync(doneFile, 'ok');
    } catch (err) {
      try { fs.writeFileSync(`${doneFile}.error`, String(err.message)); } catch { /* the test times out instead */ }
    }
  });
}

function requestDom(outFile, json) {
  screenshots = screenshots.then(async () => {
    try {
      const { selector, attributes = [] } = JSON.parse(json);
      const found = [];
      for (const frame of page.frames()) {
        const items = await frame.$$eval(selector, (els, names) => els.map((e) => ({
          text: (e.innerText ?? e.textContent ?? '').trim(),
          label: e.getAttribute('aria-label') ?? '',
          attributes: Object.fromEntries(names.map((n) => [n, e.getAttribute(n)])),
        })), attributes).catch(() => []);
        found.push(...items);
      }
      const partial = `${outFile}.partial`;
      fs.writeFileSync(partial, JSON.stringify(found));
      fs.renameSync(partial, outFile);
    } catch (err) {
      try { fs.writeFileSync(`${outFile}.error`, String(err.message)); } catch { /* the test times out instead */ }
    }
  });
}

/** Whether every iframe that holds this frame is itself visible on the page. */
async function frameShown(frame) {
  for (let f = frame; f.parentFrame(); f = f.parentFrame()) {
    const element = await f.frameElement().catch(() => undefined);
    if (!element || !(await element.isVisible().catch(() => false))) return false;
  }
  return true;
}

function requestClick(doneFile, json) {
  screenshots = screenshots.then(async () => {
    try {
      const { selector, button = 'left', clickCount = 1 } = JSON.parse(json);
      let clicked = false;
      for (const frame of page.frames()) {
        const target = frame.locator(selector).first();
        if ((await target.count().catch(() => 0)) === 0 || !(await target.isVisible().catch(() => false))) continue;
        // A panel VS Code has hidden keeps its page (retained context) in a hidden iframe whose
        // elements still count as visible inside it: click only in frames the user can see.
        if (!(await frameShown(frame))) continue;
        await target.click({ button, clickCount, timeout: 10_000 });
        clicked = true;
        break;
      }
      if (!clicked) throw new Error(`nothing visible matches ${selector}`);
      fs.writeFileSync(doneFile, 'ok');
    } catch (err) {
      try { fs.writeFileSync(`${doneFile}.error`, String(err.message)); } catch { /* the test times out instead */ }
    }
  });
}

function requestViewport(doneFile, json) {
  screenshots = screenshots.then(async () => {
    try {
      const { width, height } = JSON.parse(json);
      await page.setViewportSize({ width, height });
      fs.writeFileSync(doneFile, 'ok');
    } catch (err) {
      try { fs.writeFileSync(`${doneFile}.error`, String(err.message)); } catch { /* the test times out instead */ }
    }
  });
}

// Workbench log calls arrive printf-style (["  %d passing (%s)", 7, "4s"]): format, don't join.
function onWorkbenchLog(type, args) {
  const list = Array.isArray(args) ? args : [args];
  if (process.env.CAMPFIRE_EXTHOST_RAW_LOG) process.stdout.write(`${stamp()} RAW ${type} ${JSON.stringify(list)}\n`);
  let line = format(...list);
  noteLine(line);
  const shot = SCREENSHOT_REQUEST.exec(line.trim());
  if (shot) return requestScreenshot(shot[1]);
  const keys = KEYS_REQUEST.exec(line.trim());
  if (keys) return requestKeys(keys[1], keys[2]);
  const dom = DOM_REQUEST.exec(line.trim());
  if (dom) return requestDom(dom[1], dom[2]);
  const click = CLICK_REQUEST.exec(line.trim());
  if (click) return requestClick(click[1], click[2]);
  const viewport = VIEWPORT_REQUEST.exec(line.trim());
  if (viewport) return requestViewport(viewport[1], viewport[2]);
  if (!opts.verbose && WORKBENCH_NOISE.test(line)) return;
  if (SUMMARY.test(line)) summary = line.trim();
  if (!opts.verbose) line = line.replace(WORKBENCH_FRAME, '').trimEnd();
  (type === 'error' || type === 'warn' ? console.error : console.log)(line);
}

// The workbench calls this when the test module's run() settles and the host has stopped.
async function onWorkbenchExit(code, logs) {
  if (opts.keep && Array.isArray(logs)) {
    for (const l of logs) {
      const p = path.join(run.dir, 'client-logs', l.relativePath);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, l.contents);
    }
  }
  if (!Number.isInteger(code)) return finish(1, `the workbench reported no usable exit code (${code})`);
  if (code !== 0) return finish(code, `tests finished with exit code ${code}`);
  // A 0 is only believed when the host stayed up and the suite said so itself.
  if (extHostLost) return finish(1, `the extension host was lost during the run ("${extHostLost}")`);
  const m = summary && SUMMARY.exec(summary);
  if (!m) return finish(1, 'the test module ended without its closing "N passed, N failed" line');
  if (Number(m[2]) > 0) return finish(1, 'the summary reports failures');
  if (phase < opts.phases) return nextPhase(Number(m[1]));
  if (opts.phases > 1) summary = `${totals.passed + Number(m[1])} passed, 0 failed (${opts.phases} phases)`;
  return finish(0, 'tests passed');
}

/** Reloads the workbench on the same user data for the next phase, as a restart of VS Code would. */
async function nextPhase(passed) {
  totals.passed += passed;
  phase++;
  summary = undefined;
  reloadedAt = Date.now();
  log(`phase ${phase - 1} passed; reloading the workbench for phase ${phase} of ${opts.phases}`);
  try {
    await page.goto(workbenchUrl(), { waitUntil: 'commit', timeout: 0 });
  } catch (err) {
    finish(1, `could not reload the workbench for phase ${phase}: ${err.message}`);
  }
}

async function cleanup() {
  try { await browser?.close(); } catch { /* already gone */ }
  if (server && server.exitCode === null && server.signalCode === null) {
    // code-server runs in its own process group: end all of it (server, extension host, pty host, watchers).
    try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
    const deadline = Date.now() + 5000;
    while (server.exitCode === null && server.signalCode === null && Date.now() < deadline) await sleep(100);
    try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  if (run && !opts.keep) fs.rmSync(run.dir, { recursive: true, force: true, maxRetries: 3 });
  else if (run) log(`run dir kept: ${run.dir}`);
}

async function finish(code, why) {
  if (finished) return;
  finished = true;
  log(`${why} -> exit code ${code}`);
  if (opts.screenshot && page) {
    await screenshots;
    try { await writeScreenshot(opts.screenshot); log(`screenshot -> ${opts.screenshot}`); } catch (err) { log(`final screenshot failed: ${err.message}`); }
  }
  await cleanup();
  // The tests' own closing line comes last, unless it would contradict the verdict (e.g.
  // "7 passed, 0 failed" and then the extension host died): then the verdict does.
  const failedCount = summary ? Number(SUMMARY.exec(summary)[2]) : undefined;
  const last = summary && (code === 0) === (failedCount === 0)
    ? summary
    : `exthost run failed: ${why} (exit code ${code})${summary ? `; the tests had printed "${summary}"` : ''}`;
  if (process.env.CAMPFIRE_EXTHOST_SUMMARY_FILE) {
    try { fs.writeFileSync(process.env.CAMPFIRE_EXTHOST_SUMMARY_FILE, `${last}\n`); } catch { /* best effort */ }
  }
  console.log(last);
  process.exit(code);
}

process.on('SIGINT', () => finish(130, 'interrupted (SIGINT)'));
process.on('SIGTERM', () => finish(143, 'terminated (SIGTERM)'));
process.on('uncaughtException', (err) => finish(1, `harness error: ${err.stack || err}`));
process.on('unhandledRejection', (err) => finish(1, `harness error: ${err?.stack || err}`));

// ---------------------------------------------------------------- main
/** code-server's own `--install-extension`, into this run's extensions dir, offline (a local file). */
function installExtensions(rig) {
  const serverNode = rigNode(rig);
  const entry = fs.realpathSync(rigCodeServer(rig));
  for (const vsix of opts.installs) {
    if (!fs.existsSync(vsix)) throw new Error(`--install-extension: ${vsix} does not exist (npm run package)`);
    const r = spawnSync(serverNode, [entry, '--config', run.config, '--user-data-dir', run.userData, '--extensions-dir', run.extensions, '--install-extension', vsix], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, ...isolatedEnv(run), PATH: `${path.dirname(serverNode)}:${process.env.PATH}`, EXTENSIONS_GALLERY: '{}' },
    });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
    if (r.status !== 0 || !/successfully installed/i.test(output)) throw new Error(`installing ${vsix} failed (exit ${r.status}): ${output}`);
    log(`installed ${path.basename(vsix)}: ${output.split('\n').pop()}`);
  }
}

async function startServer(rig, host) {
  const serverNode = rigNode(rig);
  const entry = fs.realpathSync(rigCodeServer(rig));
  // The key flag: a built workbench ignores the URL's test payload without the smoke-test driver.
  const driver = smokeTestDriverArgs(rig);
  const args = [
    ...driver.nodeArgs,
    entry,
    '--config', run.config,
    '--auth', 'none',
    '--bind-addr', host,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...driver.serverArgs,
    '--user-data-dir', run.userData,
    '--extensions-dir', run.extensions,
  ];
  log(`starting code-server on ${host} (run dir ${run.dir})`);
  server = spawn(serverNode, args, {
    detached: true, // own process group, so cleanup reaches the extension host too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ...isolatedEnv(run),
      PATH: `${path.dirname(serverNode)}:${process.env.PATH}`, // code-server and its children want the rig's Node
      EXTENSIONS_GALLERY: '{}', // no open-vsx.org: unreachable offline, only log noise
      CAMPFIRE_EXTHOST_HARNESS: '1', // lets helpers.ts know screenshots are available
      // Node's own roots and what VS Code adds (http.systemCertificates), as on a user's machine: a
      // machine-wide CA list given to every process would hide whether VS Code's certificates apply.
      NODE_EXTRA_CA_CERTS: undefined,
      SSL_CERT_FILE: undefined,
      SSL_CERT_DIR: undefined,
      ...(opts.skipBuiltins ? { VSCODE_SKIP_BUILTIN_EXTENSIONS: SKIPPABLE_BUILTINS } : {}),
    },
  });
  const serverLog = fs.createWriteStream(path.join(run.dir, 'server.log'));
  for (const stream of [server.stdout, server.stderr]) {
    let partial = ''; // a chunk can end mid-line
    stream.on('data', (chunk) => {
      serverLog.write(chunk);
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const line of lines) noteLine(line);
      if (opts.verbose) process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '[server] '));
    });
  }
  server.on('exit', (code, signal) => finish(1, `code-server exited early (code ${code}, signal ${signal}); see server.log with --keep`));

  for (const deadline = Date.now() + 60_000; ;) {
    try {
      if ((await fetch(`http://${host}/healthz`)).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error('code-server did not answer /healthz within 60 s');
    await sleep(100);
  }
  log('code-server is up');
}

/** The workbench URL with the test payload of the current phase. */
function workbenchUrl() {
  // The vscode-remote authority must be exactly the page's host:port (the client substitutes
  // location.host); remote URIs make the workbench use the server's Node extension host.
  const remote = (p) => `vscode-remote://${host}${pathToFileURL(p).pathname}`;
  const payload = [
    ...opts.exts.map((e) => ['extensionDevelopmentPath', remote(e)]),
    ['extensionTestsPath', remote(opts.tests)],
    ['skipWelcome', 'true'],
  ];
  const extEnv = opts.phases > 1 ? { ...opts.extEnv, CAMPFIRE_EXTHOST_PHASE: String(phase) } : opts.extEnv;
  if (Object.keys(extEnv).length) payload.push(['extensionEnvironment', JSON.stringify(extEnv)]);
  return `http://${host}/?folder=${encodeURIComponent(pathToFileURL(run.workspace).pathname)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

async function openWorkbench(chromiumPath) {
  const url = workbenchUrl();

  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    env: { ...process.env, ...isolatedEnv(run) },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  page = await browser.newPage({ viewport: opts.viewport });
  page.on('crash', () => finish(1, 'the browser page crashed'));
  page.on('pageerror', (e) => console.error(stamp(), 'page error:', e.message));
  if (opts.verbose) {
    // The workbench's own log lines arrive through codeAutomationLog already.
    page.on('console', (m) => console.error(stamp(), `[browser ${m.type()}]`, m.text()));
    page.on('requestfailed', (r) => console.error(stamp(), 'request failed', r.url(), r.failure()?.errorText));
  }
  // Both hooks must exist before the workbench loads (it looks for them on window).
  await page.exposeFunction('codeAutomationLog', onWorkbenchLog);
  await page.exposeFunction('codeAutomationExit', onWorkbenchExit);
  log('opening the workbench');
  if (opts.verbose) log(url);
  // Don't wait for "load": on a busy machine that can take longer than goto's default 30 s,
  // and --timeout already bounds the whole run.
  await page.goto(url, { waitUntil: 'commit', timeout: 0 });
}

try {
  const rig = resolveRig();
  const chromiumPath = findChromium();
  run = makeRunDir();
  // The clock starts once the rig is installed: a first-time install is not a hang.
  // (This timer also keeps the process alive until the workbench reports.)
  setTimeout(() => finish(124, `timeout after ${opts.timeout} s`), opts.timeout * 1000);
  installExtensions(rig);
  host = `127.0.0.1:${await freePort()}`;
  await startServer(rig, host);
  await openWorkbench(chromiumPath);
} catch (err) {
  await finish(1, `harness error: ${err.stack || err}`);
}
