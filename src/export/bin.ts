// campfire-export's entry point: `--version` answers before the exporter (340 kB Node must parse)
// is loaded from its own bundle, dist/campfireExport.js.
import path from 'node:path';
import { requireFirst } from '../shared/requireFirst';

declare const CAMPFIRE_VERSION: string;

/** A command's bundle beside this file (dist/), else its transpiled module (out/src). */
function loadBundle(candidates: string[]): unknown {
  const loaded = requireFirst(candidates.filter((f) => f !== __filename));
  if (!loaded) throw new Error(`campfire-export is incomplete: ${candidates[0] ?? ''} is missing (npm run build)`);
  return loaded;
}

/** The exporter, and `campfire-export mcp`'s server: a bundle of its own so an export never loads the MCP SDK. */
const loadExporter = () => loadBundle([path.join(__dirname, 'campfireExport.js'), path.join(__dirname, 'cli.js')]) as typeof import('./cli');
const loadMcpServer = () => loadBundle([path.join(__dirname, 'campfireMcp.js'), path.join(__dirname, '..', 'agentTools', 'mcp', 'mcpServer.js')]) as { runMcpFromCommandLine(argv: string[]): void };

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(`campfire-export ${CAMPFIRE_VERSION}\n`);
} else if (argv[0] === 'mcp') {
  loadMcpServer().runMcpFromCommandLine(argv.slice(1));
} else {
  loadExporter().runFromCommandLine(argv);
}
