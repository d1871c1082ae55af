// `campfire-export mcp`: the Campfire tools for any agent, over the Model Context Protocol on stdio.
// Its own bundle (dist/campfireMcp.js), loaded only for this command, so exports never load the SDK.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../../api/baseUrl';
import { DEFAULT_CLIENT_LIMITS, createClient } from '../../api/createClient';
import { PAGE_SIZES } from '../../api/pageSizes';
import { errorMessage } from '../../shared/errorMessage';
import { ApiData } from '../core/campfireData';
import { CAMPFIRE_TOOLS } from '../core/tools';
import { campfireMcpServer } from './campfireMcpServer';
import { campfireMcpTools } from './mcpTools';

declare const CAMPFIRE_VERSION: string;

export const MCP_HELP = `campfire-export mcp: the Campfire tools for an agent, over the Model Context Protocol (stdio)

Usage:
  campfire-export mcp [--base-url URL] [--token-file FILE]

  --base-url URL      Campfire API origin (default ${DEFAULT_BASE_URL}, or CAMPFIRE_BASE_URL)
  --token-file FILE   read the API key from FILE (or CAMPFIRE_API_TOKEN_FILE); otherwise
                      the key is CAMPFIRE_API_TOKEN
  -h, --help          this help

Tools: ${CAMPFIRE_TOOLS.map((t) => t.name).join(', ')}. Read-only; every answer is bounded
and says when it is incomplete. The server ends when its standard input closes.`;

interface Io {
  env: NodeJS.ProcessEnv;
  stdin: NodeJS.ReadableStream & { pause(): unknown };
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

function readKey(io: Io, tokenFile: string | undefined): string | undefined {
  const file = tokenFile ?? io.env.CAMPFIRE_API_TOKEN_FILE;
  if (file !== undefined && file !== '') return fs.readFileSync(file, 'utf8').trim() || undefined;
  return io.env.CAMPFIRE_API_TOKEN?.trim() || undefined;
}

/** Runs the server until stdin closes; resolves with the exit code (2 usage, 3 no key). */
export async function serveMcp(argv: string[], io: Io): Promise<number> {
  let values: { 'base-url'?: string; 'token-file'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { 'base-url': { type: 'string' }, 'token-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    io.stderr.write(`campfire-export mcp: ${errorMessage(e)} (see campfire-export mcp --help)\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${MCP_HELP}\n`);
    return 0;
  }
  const flagUrl = values['base-url'];
  const baseUrl = flagUrl ?? io.env.CAMPFIRE_BASE_URL ?? DEFAULT_BASE_URL;
  let origin: string;
  try {
    origin = parseBaseUrl(baseUrl, flagUrl !== undefined ? '--base-url' : 'CAMPFIRE_BASE_URL').origin;
  } catch (e) {
    io.stderr.write(`campfire-export mcp: ${errorMessage(e)}\n`);
    return 2;
  }
  let apiKey: string | undefined;
  try {
    apiKey = readKey(io, values['token-file']);
  } catch (e) {
    io.stderr.write(`campfire-export mcp: cannot read the key file: ${errorMessage(e)}\n`);
    return 3;
  }
  if (!apiKey) {
    io.stderr.write('campfire-export mcp: no API key: set CAMPFIRE_API_TOKEN (or CAMPFIRE_API_TOKEN_FILE, --token-file) (Campfire → Settings → API Keys)\n');
    return 3;
  }
  const key = apiKey;
  const client = createClient({
    baseUrl,
    getApiKey: () => key,
    userAgent: `campfire-export-mcp/${CAMPFIRE_VERSION} (Node ${process.version})`,
    limits: { maxConcurrent: DEFAULT_CLIENT_LIMITS.maxConcurrent },
    network: { env: io.env },
  });
  // Kept for the whole session: campfire_changes compares the contracts of two listings.
  const memory = {};
  const data = new ApiData(() => client, `the Campfire account at ${origin}`, [key], { pageSize: PAGE_SIZES.bulk, concurrency: DEFAULT_CLIENT_LIMITS.maxConcurrent }, memory);
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
  return 0;
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
