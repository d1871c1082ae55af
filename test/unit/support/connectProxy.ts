// An HTTP proxy on loopback, as corporate networks have: CONNECT tunnels for https, absolute-form
// requests for plain http. It records what it sees (the CONNECT targets, and every header of a
// plain request, where a key would travel in clear), and it resolves a few test host names itself,
// as a real proxy resolves names the client never looks up: `campfire.test` is this machine's
// 127.0.0.2, a host the client does not know to be loopback, so only the proxy can reach it.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface ConnectProxy {
  url: string;
  /** One line per request it handled: `CONNECT host:port` or `GET http://… authorization=…`. */
  seen: string[];
  /** Every byte clients sent it, tunnels included, as latin1 text: what a proxy could read. */
  received(): string;
  stop(): Promise<void>;
}

export interface ConnectProxyOptions {
  /** The Proxy-Authorization it demands (`Basic …`); others are answered 407 with a Basic challenge. */
  authorization?: string;
}

/** Test host names the proxy resolves, and to what. */
export const PROXY_HOSTS: Readonly<Record<string, string>> = { 'campfire.test': '127.0.0.2' };

export async function startConnectProxy(options: ConnectProxyOptions = {}): Promise<ConnectProxy> {
  const seen: string[] = [];
  const received: Buffer[] = [];
  const sockets = new Set<net.Socket>();
  const refused = (req: http.IncomingMessage) => options.authorization !== undefined && req.headers['proxy-authorization'] !== options.authorization;
  const challenge = 'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="campfire-test"\r\nContent-Length: 0\r\n\r\n';
  // The request line and headers as they came (Node parsed them), then the bytes after them.
  const record = (req: http.IncomingMessage) => {
    const lines = [`${req.method ?? ''} ${req.url ?? ''} HTTP/${req.httpVersion}`];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i] ?? ''}: ${req.rawHeaders[i + 1] ?? ''}`);
    received.push(Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
  };
  const server = http.createServer((req, res) => {
    record(req);
    req.on('data', (chunk: Buffer) => received.push(chunk));
    if (refused(req)) {
      seen.push(`407 ${req.method ?? ''} ${req.url ?? ''}`);
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="campfire-test"' }).end();
      return;
    }
    // A plain-http request through the proxy: the proxy sees every header.
    seen.push(`${req.method ?? ''} ${req.url ?? ''} authorization=${req.headers.authorization ?? ''}`);
    const target = new URL(req.url ?? '/');
    const upstream = http.request(
      { host: PROXY_HOSTS[target.hostname] ?? target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    record(req);
    received.push(head);
    client.on('data', (chunk: Buffer) => received.push(chunk));
    if (refused(req)) {
      seen.push(`407 CONNECT ${req.url ?? ''}`);
      client.end(challenge);
      return;
    }
    seen.push(`CONNECT ${req.url ?? ''}`);
    const [host = '', port = '443'] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = net.connect(Number(port), PROXY_HOSTS[host] ?? host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    received: () => Buffer.concat(received).toString('latin1'),
    stop: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
