// Preloaded into code-server releases without `--vscode-option` (see rig.mjs, smokeTestDriverArgs):
// teaches their option parser VS Code's `--enable-smoke-test-driver`. In code-server's own process
// process.argv[1] is its out/node/entry.js, beside the cli.js whose option table the parser reads.
// The processes it forks (extension host, file watcher) inherit the preload and are left alone.
const path = require('node:path');

const entry = process.argv[1] ?? '';
if (entry.endsWith(path.join('out', 'node', 'entry.js'))) {
  const cli = require(path.join(path.dirname(entry), 'cli.js'));
  cli.options['enable-smoke-test-driver'] = { type: 'boolean', description: 'Run the tests the URL names (VS Code smoke-test driver).' };
}
