// The Campfire MCP server on a loopback port, for VS Code's own MCP client: Streamable HTTP, stateless
// (each POST is answered on its own), and open only to a caller that holds this run's random token.
// Its own bundle (dist/mcpEndpoint.js), loaded when VS Code first starts the server; the tools
// are the extension's (mcpTools.ts), so nothing in it knows the key.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { campfireMcpServer, type McpTools } from './campfireMcpServer';

/** The path the server answers on; anything else is 404. */
export const MCP_PATH = '/mcp';
/** A JSON-RPC request from an MCP client is a few kilobytes; more is refused before it is read. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface McpEndpoint {
  /** http://127.0.0.1:PORT/mcp */
  readonly url: string;
  /** The `Authorization` header value every request must carry. */
  readonly authorization: string;
  close(): Promise<void>;
}

function refuse(res: http.ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The request's JSON body, or undefined with the refusal already sent. */
function readBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<{ body: unknown } | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      // The rest is read and dropped so the client gets the answer (closing on unread data resets
      // the connection); the connection then closes.
      req.off('data', onData).off('end', onEnd).resume();
      res.setHeader('connection', 'close');
      refuse(res, 413, `A request may hold at most ${MAX_BODY_BYTES} bytes.`);
      resolve(undefined);
    };
    const onEnd = () => {
      try {
        resolve({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown });
      } catch {
        refuse(res, 400, 'The request body is not JSON.');
        resolve(undefined);
      }
    };
    req.on('data', onData).on('end', onEnd).once('error', reject);
  });
}

/** Answers one request: the protocol's Response (JSON, as enableJsonResponse asks) written to `res`. */
async function answer(tools: McpTools, req: http.IncomingMessage, res: http.ServerResponse, host: string): Promise<void> {
  let parsedBody: unknown;
  if (req.method === 'POST') {
    const parsed = await readBody(req, res);
    if (!parsed) return;
    parsedBody = parsed.body;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string') headers.set(name, value);
    else if (Array.isArray(value)) for (const v of value) headers.append(name, v);
  }
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  const server = campfireMcpServer(tools);
  try {
    await server.connect(transport);
    const response = await transport.handleRequest(new Request(`http://${host}${req.url ?? MCP_PATH}`, { method: req.method ?? 'GET', headers }), { parsedBody });
    const body = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, Object.fromEntries(response.headers)).end(body);
  } finally {
    await server.close();
  }
}

/** Starts the server on 127.0.0.1 at a free port; `close` ends it and the calls it is running. */
export async function startMcpEndpoint(toolsFor: (stop: AbortSignal) => McpTools): Promise<McpEndpoint> {
  const authorization = `Bearer ${randomBytes(32).toString('base64url')}`;
  const stop = new AbortController();
  let host = '';
  const server = http.createServer((req, res) => {
    void (async () => {
      // Another local program, or a web page that rebinds a name to 127.0.0.1, gets nothing: the
      // host must be this address, browsers' requests (which carry an Origin) are refused, and the
      // token is compared in constant time.
      if (req.headers.host !== host || req.headers.origin !== undefined) return refuse(res, 403, 'Forbidden.');
      if (!sameSecret(req.headers.authorization, authorization)) return refuse(res, 401, 'Unauthorized.');
      if (new URL(req.url ?? '/', `http://${host}`).pathname !== MCP_PATH) return refuse(res, 404, 'Not found.');
      // A client that goes away (a cancelled tool call) stops the reads made for it.
      const gone = new AbortController();
      res.once('close', () => gone.abort());
      await answer(toolsFor(AbortSignal.any([stop.signal, gone.signal])), req, res, host);
    })().catch(() => {
      if (!res.headersSent) refuse(res, 500, 'The Campfire MCP server failed to answer.');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `http://${host}${MCP_PATH}`,
    authorization,
    close: () =>
      new Promise<void>((resolve) => {
        stop.abort();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
