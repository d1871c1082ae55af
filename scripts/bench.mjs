#!/usr/bin/env node
// `npm run bench`: runs the benchmarks on Node 24, the Node of code-server's extension host, installed
// by the test rig: the Node running npm may be older and slower, and would measure another runtime.
//
//   npm run bench [-- <section>...]                    on the extension host's Node
//   CAMPFIRE_BENCH_NODE=/usr/bin/node npm run bench    on any other Node (e.g. the CLI's)
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveRig, rigNode } from '../test/exthost/rig.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function extensionHostNode() {
  try {
    return rigNode(resolveRig());
  } catch {
    console.error('[bench] could not install the extension-host test rig (see above); set CAMPFIRE_BENCH_NODE to run on another Node');
    return process.exit(1);
  }
}

const chosen = process.env.CAMPFIRE_BENCH_NODE;
const node = chosen || extensionHostNode();
const runtime = chosen ? 'chosen with CAMPFIRE_BENCH_NODE' : "the extension host's, from the extension-host test rig";
const r = spawnSync(node, [path.join(root, 'out/bench/run.js'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CAMPFIRE_BENCH_RUNTIME: runtime },
});
process.exit(r.status ?? 1);
