// The offline extension-host rig (Node 24 + code-server, see install-code-server.sh), shared by
// the test harness, `npm start` and `npm run bench`.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The rig's directory: CAMPFIRE_EXTHOST_RIG when set, otherwise the cached install, made on first use. */
export function resolveRig() {
  if (process.env.CAMPFIRE_EXTHOST_RIG) return process.env.CAMPFIRE_EXTHOST_RIG;
  // Idempotent and instant once installed; the first time its progress (stderr) stays visible.
  const r = spawnSync('bash', [path.join(here, 'install-code-server.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
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
