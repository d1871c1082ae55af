// One sync at a time per folder: a lock file created exclusively, naming the process that holds it.
// A lock whose process is gone (killed, machine restarted) is stale and taken over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from '../atomicFile';

export const LOCK_FILE = '.campfire-sync.lock';

/** A lock file still empty or unreadable this long after it was made belongs to a process that died writing it. */
const UNWRITTEN_LOCK_MS = 10_000;

export class SyncLockedError extends Error {}

interface Holder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface SyncLock {
  release(): Promise<void>;
}

async function readHolder(file: string): Promise<{ holder: Holder | undefined; ageMs: number } | undefined> {
  try {
    const [text, stat] = await Promise.all([fs.promises.readFile(file, 'utf8'), fs.promises.stat(file)]);
    let holder: Holder | undefined;
    try {
      const json = JSON.parse(text) as Partial<Holder>;
      if (typeof json.pid === 'number' && typeof json.host === 'string' && typeof json.startedAt === 'string') holder = json as Holder;
    } catch {
      holder = undefined;
    }
    return { holder, ageMs: Date.now() - stat.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Takes the folder's lock, or fails naming the process that holds it. The folder is created if needed. */
export async function acquireSyncLock(root: string): Promise<SyncLock> {
  await fs.promises.mkdir(root, { recursive: true });
  const file = path.join(root, LOCK_FILE);
  const me: Holder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.promises.writeFile(file, `${JSON.stringify(me)}\n`, { flag: 'wx', mode: 0o644 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const found = await readHolder(file);
    if (!found) continue;
    const { holder, ageMs } = found;
    const stale = holder ? holder.host === me.host && !isAlive(holder.pid) : ageMs > UNWRITTEN_LOCK_MS;
    if (!stale || attempt > 0) {
      const who = holder ? `process ${holder.pid} on ${holder.host}, since ${holder.startedAt}` : 'a process that is starting';
      const elsewhere = holder && holder.host !== me.host ? `; if no sync runs on ${holder.host}, delete ${file}` : '';
      throw new SyncLockedError(`${root} is being synced by ${who}: wait for it to finish${elsewhere}`);
    }
    // The holder is gone; it left partitions whole (each is renamed into place) and its manifest as it was.
    await fs.promises.rm(file, { force: true });
  }
  // The trap's last resort ends the process with process.exit, which runs only synchronous 'exit' handlers.
  const onExit = () => fs.rmSync(file, { force: true });
  process.on('exit', onExit);
  return {
    release: async () => {
      process.off('exit', onExit);
      await fs.promises.rm(file, { force: true });
    },
  };
}
