// A real HTTP proxy (Debian's tinyproxy) on loopback, started by a test with its own config and
// log, so the test can see which requests went through it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Proxy {
  url: string;
  /** The proxy's log so far (one line per connection it handled, among others). */
  log(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function startTinyproxy(): Promise<Proxy> {
  // tinyproxy drops to `nobody` and must write its log here, so the directory must be reachable by
  // anyone: not under a private TMPDIR such as the extension-host rig's, hence /tmp on Linux.
  const dir = fs.mkdtempSync(path.join(process.platform === 'linux' ? '/tmp' : os.tmpdir(), 'campfire-proxy-'));
  fs.chmodSync(dir, 0o777);
  const port = await freePort();
  const logFile = path.join(dir, 'tinyproxy.log');
  fs.writeFileSync(
    path.join(dir, 'tinyproxy.conf'),
    [`Port ${port}`, 'Listen 127.0.0.1', 'User nobody', 'Group nogroup', 'Timeout 30', `LogFile "${logFile}"`, 'LogLevel Connect', 'MaxClients 50', 'Allow 127.0.0.1', ''].join('\n'),
  );
  const child: ChildProcess = spawn('tinyproxy', ['-d', '-c', path.join(dir, 'tinyproxy.conf')], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (i > 100 || child.exitCode !== null) throw new Error('tinyproxy did not start (is the Debian package installed?)');
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 50));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
