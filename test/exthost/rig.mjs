// The offline extension-host rigs (a Node + code-server, see install-code-server.sh), shared by
// the test harness, `npm start` and `npm run bench`: "current" (Node 24) for all of them, and
// "floor" (the oldest VS Code engines.vscode claims) for the package smoke suite.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The rig's directory: CAMPFIRE_EXTHOST_RIG when set, otherwise the cached install of `name`, made on first use. */
export function resolveRig(name = 'current') {
  if (process.env.CAMPFIRE_EXTHOST_RIG) return process.env.CAMPFIRE_EXTHOST_RIG;
  // Idempotent and instant once installed; the first time its progress (stderr) stays visible.
  const r = spawnSync('bash', [path.join(here, 'install-code-server.sh'), name], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  const dir = r.stdout?.trim().split('\n').pop();
  if (r.status !== 0 || !dir) throw new Error(`install-code-server.sh failed (exit ${r.status})`);
  return dir;
}

/** The Node that code-server, and so its extension host, runs on. */
export function rigNode(rig) {
  return path.join(rig, 'node/node_modules/.bin/node');
}

/** code-server's entry point. */
export function rigCodeServer(rig) {
  return path.join(rig, 'cs/node_modules/.bin/code-server');
}

/**
 * How to start the rig's code-server with VS Code's smoke-test driver, without which a built
 * workbench ignores the URL's test payload: `node ...nodeArgs <entry> ...serverArgs`. Newer
 * releases pass it through `--vscode-option`; older ones (the floor rig) accept only their own
 * options, so a preload adds this one to code-server's option table, and code-server hands every
 * parsed option on to VS Code's server.
 */
export function smokeTestDriverArgs(rig) {
  const cli = fs.readFileSync(path.join(rig, 'cs/node_modules/code-server/out/node/cli.js'), 'utf8');
  if (cli.includes('"vscode-option"')) return { nodeArgs: [], serverArgs: ['--vscode-option', 'enable-smoke-test-driver'] };
  return { nodeArgs: ['--require', path.join(here, 'smokeTestDriverOption.cjs')], serverArgs: ['--enable-smoke-test-driver'] };
}
