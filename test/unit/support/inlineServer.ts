// A throwaway HTTP server for the few cases the sample Campfire server deliberately does not do
// (plain-array list endpoints, redirects). Records every request it receives.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InlineServer {
  url: string;
  requests: { url: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** `host` '::' listens on every loopback address, IPv4 and IPv6 (the URL still names 127.0.0.1). */
export async function startInlineServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, host = '127.0.0.1'): Promise<InlineServer> {
  const requests: InlineServer['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
    handler(req, res);
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
