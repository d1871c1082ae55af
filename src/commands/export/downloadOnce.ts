// Download of an exported file that a browser window cannot reach through its Explorer (it is
// outside the workspace): the extension host serves that one file, once, on a loopback port under a
// random path, and the browser opens it through VS Code's port forwarding (asExternalUri), which
// code-server, Codespaces and remote windows provide. Nothing else is served, and nothing after.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as vscode from 'vscode';

/** How long the link waits for the browser before it closes unused. */
const OFFER_MS = 5 * 60_000;

/** `filename*` of Content-Disposition (RFC 6266): any name, encoded. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Serves `file` once at http://127.0.0.1:<port>/<random>/<name> and resolves with that loopback
 * URI; the server closes after the first complete answer, on any failure, or after five minutes.
 */
async function serveOnce(file: string): Promise<vscode.Uri> {
  const token = randomBytes(24).toString('base64url');
  const name = path.basename(file);
  // The path names the file in plain letters (the download takes its real name from the header).
  const route = `/${token}/${name.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  let served = false;
  const server = http.createServer((req, res) => {
    if (served || req.method !== 'GET' || req.url !== route) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
      return;
    }
    served = true;
    const done = () => server.close();
    fs.promises
      .stat(file)
      .then(async (stat) => {
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(stat.size),
          'Content-Disposition': attachment(name),
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
        });
        await pipeline(fs.createReadStream(file), res);
      })
      .catch(() => res.destroy())
      .finally(done);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const timer = setTimeout(() => server.close(), OFFER_MS);
  timer.unref();
  server.once('close', () => clearTimeout(timer));
  const { port } = server.address() as AddressInfo;
  return vscode.Uri.parse(`http://127.0.0.1:${port}${route}`);
}

/** Opens the file's one-time link in the user's browser, through the window's port forwarding. */
export async function downloadThroughBrowser(file: vscode.Uri): Promise<boolean> {
  const local = await serveOnce(file.fsPath);
  return vscode.env.openExternal(await vscode.env.asExternalUri(local));
}
