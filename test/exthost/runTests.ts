// Runs the extension-host suite (out/test/exthost/index.js) through @vscode/test-electron.
//   node out/test/exthost/runTests.js [--grep <text>] [harness options: --keep --verbose --screenshot f.png ...]
//       --grep runs only the tests whose full title contains <text> (CAMPFIRE_EXTHOST_GREP).
//       Offline default: runTests() is pointed at code-shim.sh, which runs the suite in code-server's
//       Node extension host with headless Chromium (harness.mjs). Needs chromium + libkrb5-dev.
//   node out/test/exthost/runTests.js --package <file.vsix> [--grep <text>]
//       The package smoke suite (test/exthost/smoke): installs the built .vsix into the code-server
//       rig's extensions dir, as a user's `code --install-extension` would, and runs the suite
//       against that installed copy, not the development path. Needs the code-server rig.
//   node out/test/exthost/runTests.js --package <file.vsix> --floor
//       The same smoke suite on the oldest VS Code package.json's engines.vscode claims (the "floor"
//       rig of install-code-server.sh, its own Node), which it checks it is running on.
//   node out/test/exthost/runTests.js --reload
//       The restart suite (test/exthost/reload): signs in and opens a panel, reloads the window as a
//       restart does, and checks what comes back; then the same for sample data. Its Campfire is the
//       sample server in a process of its own here, so that the reload does not stop it.
//   node out/test/exthost/runTests.js --desktop [--grep <text>]
//       Plain runTests(): downloads desktop VS Code (needs update.code.visualstudio.com; on Linux
//       CI without a display, run it under xvfb-run).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests, TestRunFailedError } from '@vscode/test-electron';
import { createVSIX } from '@vscode/vsce';

const root = path.resolve(__dirname, '../../..');
const sourceDir = path.join(root, 'test/exthost'); // the shell/mjs parts are used in place, not from out/

interface Options {
  desktop: boolean;
  grep?: string;
  /** A .vsix to install and smoke-test instead of running the development suite. */
  vsix?: string;
  /** Run the restart suite. */
  reload: boolean;
  /** Run on the floor rig: the oldest VS Code the manifest claims. */
  floor: boolean;
  harnessArgs: string[];
}

function parseArgs(argv: string[]): Options {
  const opts: Options = { desktop: false, reload: false, floor: false, harnessArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--desktop') opts.desktop = true;
    else if (a === '--grep') opts.grep = argv[++i];
    else if (a.startsWith('--grep=')) opts.grep = a.slice('--grep='.length);
    else if (a === '--reload') opts.reload = true;
    else if (a === '--floor') opts.floor = true;
    else if (a === '--package') opts.vsix = path.resolve(argv[++i] ?? '');
    else if (a.startsWith('--package=')) opts.vsix = path.resolve(a.slice('--package='.length));
    else opts.harnessArgs.push(a);
  }
  if (opts.desktop && opts.harnessArgs.length) throw new Error(`harness options don't apply to --desktop: ${opts.harnessArgs.join(' ')}`);
  if (opts.desktop && (opts.vsix || opts.reload)) throw new Error('--package and --reload run in the code-server rig only');
  if (opts.vsix && opts.reload) throw new Error('--package and --reload are separate runs');
  if (opts.floor && !opts.vsix) throw new Error('--floor runs the package smoke suite: give --package <file.vsix>');
  if (opts.vsix && !fs.existsSync(opts.vsix)) throw new Error(`${opts.vsix} does not exist: run npm run package first`);
  return opts;
}

/** Installs the rig's Node + code-server once per machine (progress on stderr) before the test clock starts. */
function ensureRig(name: 'current' | 'floor'): string {
  const out = execFileSync('bash', [path.join(sourceDir, 'install-code-server.sh'), name], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const dir = out.trim().split('\n').pop();
  if (!dir) throw new Error('install-code-server.sh printed no directory');
  return dir;
}

/** The VS Code release a rig's code-server is built from (code-server 4.N.x is VS Code 1.N.x). */
function rigVsCodeVersion(rig: string): string {
  const manifest = path.join(rig, 'cs/node_modules/code-server/lib/vscode/product.json');
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version?: unknown };
  if (typeof version !== 'string') throw new Error(`${manifest} names no VS Code version`);
  return version;
}

/** The oldest VS Code package.json's engines.vscode claims ("^1.103.0" -> "1.103.0"). */
function claimedFloor(): string {
  const { engines } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { vscode: string } };
  const m = /^\^?(\d+\.\d+\.\d+)$/.exec(engines.vscode);
  if (!m?.[1]) throw new Error(`engines.vscode ${engines.vscode} is not "^x.y.z"`);
  return m[1];
}

/**
 * The stand-in chat model (test/exthost/probe/chatModel) as a .vsix in `dir`: VS Code's chat
 * sends no request, not even a slash command, without a language model, and the web workbench
 * loads a single development extension, so the chat-view suite gets it installed beside.
 */
async function chatModelPackage(dir: string): Promise<string> {
  const packagePath = path.join(dir, 'campfire-test-chat-model.vsix');
  // createVSIX hands on more of vsce's package options than its type names (as scripts/package.mjs uses them).
  const options = { cwd: path.join(sourceDir, 'probe', 'chatModel'), packagePath, dependencies: false, allowMissingRepository: true, skipLicense: true };
  await createVSIX(options);
  return packagePath;
}

/** The sample server in a process of its own (it must outlive the window's reloads), with its URL. */
async function startOutlivingServer(key: string): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(root, 'dist/sampleServer.js'), '--port', '0', '--seed', '7', '--contracts', '60', '--token', key], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Campfire sample server: (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the sample server exited (${String(code)}) before it listened: ${out}`)));
  });
  return { url, process: child };
}

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  const extensionTestsPath = path.join(__dirname, 'index.js');
  if (!fs.existsSync(extensionTestsPath)) throw new Error(`${extensionTestsPath} is missing: run npm run build:tests first`);
  if (!fs.existsSync(path.join(root, 'dist/extension.js'))) throw new Error('dist/extension.js is missing: run npm run build first');

  // A throw-away empty workspace folder, and beside it (not inside, where the explorer would
  // show it) the file in which the harness leaves its last line.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-exthost-'));
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace);
  const summaryFile = path.join(scratch, 'summary.txt');
  // The extension host also inherits this process's environment (e.g. CAMPFIRE_UPDATE_SCREENSHOTS).
  const env: Record<string, string> = {};
  if (opts.grep) env.CAMPFIRE_EXTHOST_GREP = opts.grep;
  // VS Code runs extension tests only beside a development extension: for the package, an empty
  // one, so that the extension under test is the installed copy.
  let developmentPath = root;
  let outliving: ChildProcess | undefined;
  if (opts.reload) {
    if (!fs.existsSync(path.join(root, 'dist/sampleServer.js'))) throw new Error('dist/sampleServer.js is missing: run npm run build first');
    const key = randomBytes(12).toString('hex');
    const started = await startOutlivingServer(key);
    outliving = started.process;
    env.CAMPFIRE_EXTHOST_SUITE = 'reload';
    env.CAMPFIRE_RELOAD_SERVER_URL = started.url;
    env.CAMPFIRE_RELOAD_SERVER_KEY = key;
    opts.harnessArgs.push('--phases', '3');
  }
  if (opts.vsix) {
    env.CAMPFIRE_EXTHOST_SUITE = 'smoke';
    developmentPath = path.join(sourceDir, 'smoke', 'runner');
    opts.harnessArgs.push('--install-extension', opts.vsix);
  }

  try {
    if (opts.desktop) {
      await runTests({
        extensionDevelopmentPath: root,
        extensionTestsPath,
        extensionTestsEnv: env,
        // Only this extension: a developer's own extensions must not change the results.
        launchArgs: [workspace, '--disable-extensions'],
      });
      return 0;
    }
    const rig = ensureRig(opts.floor ? 'floor' : 'current');
    if (!opts.vsix && !opts.reload) opts.harnessArgs.push('--install-extension', await chatModelPackage(scratch));
    if (opts.floor) {
      // The floor run proves the claim only if it runs the release claimed: same major.minor.
      const floor = claimedFloor();
      const running = rigVsCodeVersion(rig);
      if (running.split('.').slice(0, 2).join('.') !== floor.split('.').slice(0, 2).join('.')) {
        throw new Error(`the floor rig runs VS Code ${running}, but engines.vscode claims ${floor}: update install-code-server.sh's floor to the matching code-server 4.${floor.split('.')[1]}.x`);
      }
      env.CAMPFIRE_EXTHOST_EXPECT_VSCODE = running;
    }
    await runTests({
      vscodeExecutablePath: path.join(sourceDir, 'code-shim.sh'),
      extensionDevelopmentPath: developmentPath,
      extensionTestsPath,
      extensionTestsEnv: {
        ...env,
        CAMPFIRE_EXTHOST_RIG: rig,
        CAMPFIRE_EXTHOST_SUMMARY_FILE: summaryFile,
        CAMPFIRE_EXTHOST_HARNESS_ARGS: opts.harnessArgs.join(' '),
      },
      launchArgs: [workspace],
    });
    return 0;
  } catch (err) {
    if (err instanceof TestRunFailedError) return err.code ?? 1;
    throw err;
  } finally {
    // runTests prints "Exit code: N" after the harness; keep the tests' summary as the last line.
    if (fs.existsSync(summaryFile)) console.log(fs.readFileSync(summaryFile, 'utf8').trim());
    fs.rmSync(scratch, { recursive: true, force: true });
    outliving?.kill();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error('extension-host tests could not run:', err);
    process.exit(1);
  },
);
