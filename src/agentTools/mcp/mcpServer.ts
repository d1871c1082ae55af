// `campfire-export mcp`: the Campfire tools for any agent, over the Model Context Protocol on stdio.
// Its own bundle (dist/campfireMcp.js), loaded only for this command, so exports never load the SDK.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { EXIT, cliClient, reportFailure } from '../../export/commandLine';
import { CONNECTION_HELP, CONNECTION_OPTIONS, HELP_OPTION, KEY_HELP, SAY_OPTIONS, connectionOf, parseCommandLine, type Connection } from '../../export/commandOptions';
import { errorMessage } from '../../shared/errorMessage';
import { ApiData } from '../core/campfireData';
import { CAMPFIRE_TOOLS } from '../core/tools';
import { campfireMcpServer } from './campfireMcpServer';
import { campfireMcpTools } from './mcpTools';

export const MCP_HELP = `campfire-export mcp: the Campfire tools for an agent, over the Model Context Protocol (stdio)

Usage:
  campfire-export mcp [options]

Options:
${CONNECTION_HELP}
  --verbose                each request on standard error (the MCP client's log), and errors
                           with the request (method and path) they came from
  -h, --help               this help

${KEY_HELP}

Tools: ${CAMPFIRE_TOOLS.map((t) => t.name).join(', ')}. Read-only; every answer is bounded
and says when it is incomplete. The server ends when its standard input closes.

Exit codes: 0 its standard input closed; 2 usage error (a refused base URL included); 3 no key,
or its file cannot be read.`;

const MCP_OPTIONS = { ...CONNECTION_OPTIONS, verbose: SAY_OPTIONS.verbose, ...HELP_OPTION } as const;

interface Io {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { pause(): unknown };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** Runs the server until stdin closes; resolves with the exit code (2 usage, 3 no key). */
export async function serveMcp(argv: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine(argv, { options: MCP_OPTIONS, positionals: false, command: 'mcp', help: MCP_HELP }, io);
  if (typeof parsed === 'number') return parsed;
  // Standard error is the MCP client's log: a failure to start, and warnings such as an enum value
  // Campfire sent that this version does not know (an answer keeps it as sent).
  const { say } = parsed;
  let connection: Connection;
  try {
    connection = connectionOf(parsed.values, io.env, say);
  } catch (e) {
    return reportFailure(e, say, 'mcp');
  }
  const key = connection.apiKey;
  const client = cliClient({ ...connection, env: io.env, say, product: 'campfire-export-mcp' });
  // Kept for the whole session: campfire_changes compares the contracts of two listings.
  const memory = {};
  const data = new ApiData(() => client, `the Campfire account at ${connection.origin}`, [key], { pageSize: connection.pageSize, concurrency: connection.concurrency }, memory);
  const abort = new AbortController();

  const server = campfireMcpServer(campfireMcpTools(() => Promise.resolve(data), abort.signal));

  const transport = new StdioServerTransport(io.stdin as never, io.stdout as never);
  const closed = new Promise<void>((resolve) => {
    const end = () => resolve();
    io.stdin.once('end', end);
    io.stdin.once('close', end);
    server.onclose = end;
  });
  await server.connect(transport);
  await closed;
  abort.abort();
  await server.close().catch(() => undefined);
  await client.close();
  return EXIT.ok;
}

/** The command's entry (see src/export/bin.ts): serves until stdin closes, then ends. */
export function runMcpFromCommandLine(argv: string[]): void {
  void serveMcp(argv, { env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`campfire-export mcp: ${errorMessage(e)}\n`);
      process.exitCode = 1;
    },
  );
}
