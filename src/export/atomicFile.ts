// Exports are written to a temporary file beside the target and renamed over it only on success, so a
// cancelled or failed export leaves nothing (links, pipes and devices: docs/ARCHITECTURE.md, "Exports").
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ByteSink } from './byteSink';

/** Linux's limit on symbolic links followed while resolving one path. */
const MAX_LINKS = 40;

/** Temporary files neither committed nor discarded yet: what the process must remove if it ends. */
const pending = new Set<string>();
let exitHookInstalled = false;
/** Temporary files whose creation is under way: it may land after removeTempFilesSync ran. */
const creating = new Set<string>();
const created: (() => void)[] = [];

/** Resolves once no temporary file is being created, so a process ending on a signal can remove it. */
export function tempFilesSettled(): Promise<void> | undefined {
  return creating.size === 0 ? undefined : new Promise((resolve) => created.push(resolve));
}

function track(tempPath: string): void {
  if (!exitHookInstalled) {
    // 'exit' also follows an uncaught exception, an unhandled rejection and process.exit().
    process.on('exit', removeTempFilesSync);
    exitHookInstalled = true;
  }
  pending.add(tempPath);
}

/** Removes every pending temporary file synchronously: for 'exit' and a second Ctrl-C. */
export function removeTempFilesSync(): void {
  for (const p of pending) {
    try {
      fs.rmSync(p, { force: true });
    } catch {
      // The process is ending and cannot report it: still try the others.
    }
  }
  pending.clear();
  // Still being created: removed once they exist (see tempFilesSettled).
  for (const p of creating) pending.add(p);
}

export class ExportTargetError extends Error {}

/** A private temporary file, removed by discard() or, failing that, when the process ends. */
export class TempFile {
  protected constructor(
    readonly tempPath: string,
    readonly sink: ByteSink,
  ) {}

  /** A scratch file never committed (the CSV spool), beside the target or in the system's temporary folder. */
  static async openSpoolBeside(target: string | undefined): Promise<TempFile> {
    try {
      const dir = target === undefined ? os.tmpdir() : path.dirname((await destination(target)).finalPath);
      const { tempPath, sink } = await createTemp(dir, '.spool.partial');
      return new TempFile(tempPath, sink);
    } catch (e) {
      throw cannotWrite(target ?? os.tmpdir(), e);
    }
  }

  async discard(): Promise<void> {
    await this.sink.close().catch(() => undefined);
    await fs.promises.rm(this.tempPath, { force: true });
    pending.delete(this.tempPath);
  }
}

export class AtomicFile extends TempFile {
  private constructor(
    readonly target: string,
    private readonly finalPath: string,
    private readonly mode: number,
    tempPath: string,
    sink: ByteSink,
  ) {
    super(tempPath, sink);
  }

  static async open(target: string): Promise<AtomicFile> {
    try {
      const { finalPath, mode } = await destination(target);
      await removeStaleTemps(path.dirname(finalPath));
      const { tempPath, sink, newFileMode } = await createTemp(path.dirname(finalPath), '.partial');
      return new AtomicFile(target, finalPath, mode ?? newFileMode, tempPath, sink);
    } catch (e) {
      throw cannotWrite(target, e);
    }
  }

  async commit(): Promise<void> {
    await this.sink.close();
    // Private while being written; the final mode only now that the content is complete.
    await fs.promises.chmod(this.tempPath, this.mode);
    await fs.promises.rename(this.tempPath, this.finalPath);
    pending.delete(this.tempPath);
  }
}

interface Destination {
  /** The file the export replaces or creates, links resolved. */
  finalPath: string;
  /** The mode of the file it replaces; undefined for a new file. */
  mode: number | undefined;
}

async function destination(target: string): Promise<Destination> {
  // stat() follows links as a write would, /proc's magic links (/dev/stdout) included.
  const existing = await fs.promises.stat(target).catch((e: unknown) => {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  });
  if (existing && !existing.isFile()) {
    const viaLink = (await fs.promises.lstat(target)).isSymbolicLink();
    throw new ExportTargetError(l10n.t('Cannot write {0}: it is {1}; choose a regular file', target, viaLink ? l10n.t('a link to {0}', kindOf(existing)) : kindOf(existing)));
  }
  // Renaming over a read-only file would replace it all the same, and as root even opening it works.
  if (existing && (existing.mode & 0o222) === 0) {
    throw new ExportTargetError(l10n.t('Cannot write {0}: it is read-only; make it writable or choose another name', target));
  }
  // A replaced file keeps its permissions, less set-id and sticky bits (as the kernel clears on a write).
  return { finalPath: await resolveLinks(target), mode: existing ? existing.mode & 0o777 : undefined };
}

/** The path a write to `target` reaches once every symbolic link is followed, even to a file that does not exist yet. */
async function resolveLinks(target: string): Promise<string> {
  try {
    return await fs.promises.realpath(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  // Nothing at the end of the path: follow the links one at a time to the name a write would create.
  let current = path.resolve(target);
  for (let links = 0; ; links++) {
    // The folder resolved first, as the kernel reads a relative link (with its "..") from there.
    current = path.join(await fs.promises.realpath(path.dirname(current)), path.basename(current));
    let link: string;
    try {
      link = await fs.promises.readlink(current);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // ENOENT: the name to create. EINVAL: not a link, as something was created there meanwhile.
      if (code === 'ENOENT' || code === 'EINVAL') return current;
      throw e;
    }
    if (links === MAX_LINKS) throw Object.assign(new Error('too many symbolic links'), { code: 'ELOOP' });
    current = path.resolve(path.dirname(current), link);
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return l10n.t('a folder');
  if (stat.isFIFO()) return l10n.t('a named pipe (FIFO)');
  if (stat.isCharacterDevice()) return l10n.t('a character device');
  if (stat.isBlockDevice()) return l10n.t('a block device');
  if (stat.isSocket()) return l10n.t('a socket');
  return l10n.t('not a regular file');
}

interface Temp {
  tempPath: string;
  sink: ByteSink;
  /** What any program's new file in this folder gets: 0666 less the umask (and default ACLs). */
  newFileMode: number;
}

/** A new private (0600) file under a short name: the target's name plus a suffix could pass 255 bytes. */
async function createTemp(dir: string, suffix: string): Promise<Temp> {
  // The process id in the name tells a later export whether the writer is still alive.
  const tempPath = path.join(dir, `.campfire-${process.pid}-${randomBytes(6).toString('hex')}${suffix}`);
  // Registered before it exists, so no moment passes in which the process could end and leave it.
  track(tempPath);
  let handle: fs.promises.FileHandle;
  try {
    // Created as any new file so the kernel tells its mode: process.umask() would set it to 0 for a
    // moment, making other threads' new files world-writable.
    creating.add(tempPath);
    try {
      handle = await fs.promises.open(tempPath, 'wx', 0o666);
    } finally {
      creating.delete(tempPath);
      if (creating.size === 0) for (const resolve of created.splice(0)) resolve();
    }
  } catch (e) {
    // Not created ('wx'), or someone else's: not ours to remove.
    pending.delete(tempPath);
    throw e;
  }
  try {
    const { mode } = await handle.stat();
    await handle.chmod(0o600);
    return { tempPath, sink: new ByteSink(handle.createWriteStream({ highWaterMark: 1 << 20 })), newFileMode: mode & 0o777 };
  } catch (e) {
    await handle.close();
    await fs.promises.rm(tempPath, { force: true });
    pending.delete(tempPath);
    throw e;
  }
}

const TEMP_NAME = /^\.campfire-(\d+)-[0-9a-f]{12}(\.spool)?\.partial$/;

/** Removes temporary files of exports that were killed outright and whose process is gone. */
async function removeStaleTemps(dir: string): Promise<void> {
  const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1]);
    if (!pid || pid === process.pid || isAlive(pid)) continue;
    await fs.promises.rm(path.join(dir, name), { force: true }).catch(() => undefined);
  }
}

/** Whether process `pid` still runs on this machine (a temporary file's or a lock's writer). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: alive, someone else's.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function cannotWrite(target: string, e: unknown): ExportTargetError {
  if (e instanceof ExportTargetError) return e;
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT' ? l10n.t('the folder does not exist')
    : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? l10n.t('permission denied')
    : code === 'ENOTDIR' ? l10n.t('part of its path is not a folder')
    : code === 'ELOOP' ? l10n.t('its symbolic links go round in a loop')
    : code === 'ENAMETOOLONG' ? l10n.t('the name is too long')
    : code ?? (e as Error).message;
  return new ExportTargetError(l10n.t('Cannot write {0}: {1}', target, reason));
}
