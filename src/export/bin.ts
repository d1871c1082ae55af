// campfire-export's entry point: `--version` answers before the exporter (340 kB Node must parse)
// is loaded from its own bundle, dist/campfireExport.js.
import path from 'node:path';
import { requireFirst } from '../shared/requireFirst';

declare const CAMPFIRE_VERSION: string;

/** The exporter beside this file: the bundle in dist/, or the transpiled module in out/src/export. */
function loadExporter(): typeof import('./cli') {
  const candidates = [path.join(__dirname, 'campfireExport.js'), path.join(__dirname, 'cli.js')].filter((f) => f !== __filename);
  const exporter = requireFirst(candidates) as typeof import('./cli') | undefined;
  if (!exporter) throw new Error(`campfire-export is incomplete: ${candidates[0] ?? ''} is missing (npm run build)`);
  return exporter;
}

/** `campfire-export mcp`'s server, a bundle of its own so an export never loads the MCP SDK. */
function loadMcpServer(): { runMcpFromCommandLine(argv: string[]): void } {
  const candidates = [path.join(__dirname, 'campfireMcp.js'), path.join(__dirname, '..', 'agentTools', 'mcp', 'mcpServer.js')];
  const server = requireFirst(candidates) as { runMcpFromCommandLine(argv: string[]): void } | undefined;
  if (!server) throw new Error(`campfire-export is incomplete: ${candidates[0] ?? ''} is missing (npm run build)`);
  return server;
}

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(`campfire-export ${CAMPFIRE_VERSION}\n`);
} else if (argv[0] === 'mcp') {
  loadMcpServer().runMcpFromCommandLine(argv.slice(1));
} else {
  loadExporter().runFromCommandLine(argv);
}
