// The local cache, per account, under the extension's global storage (its guarantees: docs/ARCHITECTURE.md,
// "Local cache"). Pure Node, so unit tests and benches use it as the extension does.
import { createHash, randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { errorMessage } from '../shared/errorMessage';

export interface CacheOwner {
  readonly origin: string;
  /** The account's id; 'sample' for the sample data. */
  readonly accountId: string;
}

export interface CachedEntry {
  readonly bytes: Uint8Array;
  /** When the data was read from the server (ms since the epoch). */
  readonly savedAt: number;
}

export interface CacheLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface CacheScope {
  readonly owner: CacheOwner;
  /** The entry, or undefined when absent or unusable (a bad file is deleted and logged once); never throws for bad data. */
  read(name: string): Promise<CachedEntry | undefined>;
  /** Replaces the entry atomically, then evicts the least recently used entries of all accounts down to the cap. */
  write(name: string, bytes: Uint8Array | readonly Uint8Array[], savedAt?: number): Promise<void>;
  remove(name: string): Promise<void>;
}

export interface CampfireCacheOptions {
  /** Folder of the cache (context.globalStorageUri's 'cache'). */
  root: string;
  /** The cap on the whole cache; 0 turns it off (nothing is written or read). */
  maxBytes: () => number;
  log: CacheLog;
}

const MAGIC = 0x43464331; // "CFC1"
/** Raised whenever the layout of the header changes; a file of another version is discarded. */
export const CACHE_FORMAT_VERSION = 1;
/** magic u32, version u16, reserved u16, savedAt f64, owner length u32, payload length u64, crc u32. */
const FIXED_HEADER = 4 + 2 + 2 + 8 + 4 + 8 + 4;
const FILE_SUFFIX = '.cfc';
const TEMP_SUFFIX = '.tmp';
/** A temporary file older than this was left by a window that ended mid-write. */
const STALE_TEMP_MS = 60 * 60 * 1000;

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** The folder name of an owner: a hash, so neither origin nor account id appears in a path. */
export function ownerFolder(owner: CacheOwner): string {
  return createHash('sha256').update(`${owner.origin}\n${owner.accountId}`).digest('hex').slice(0, 24);
}

/** A reversible file name for an entry name: anything but letters, digits, '-' and '_' becomes %XX, so no name climbs out. */
export function entryFileName(name: string): string {
  let safe = '';
  for (const byte of Buffer.from(name, 'utf8')) {
    const c = String.fromCharCode(byte);
    safe += /[A-Za-z0-9_-]/.test(c) ? c : `%${byte.toString(16).padStart(2, '0').toUpperCase()}`;
  }
  if (safe.length === 0 || safe.length > 180) safe = `h-${createHash('sha256').update(name).digest('hex')}`;
  return safe + FILE_SUFFIX;
}

/** CRC-32 of the parts: zlib's where Node has it (20.15+), else a table-driven one. */
function crc32(parts: readonly Uint8Array[]): number {
  const native = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  let crc = 0;
  for (const part of parts) crc = native ? native(part, crc) : slowCrc32(part, crc);
  return crc >>> 0;
}

let crcTable: Uint32Array | undefined;
function slowCrc32(data: Uint8Array, previous: number): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = ~previous >>> 0;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return ~crc >>> 0;
}

function ownerBytes(owner: CacheOwner): Buffer {
  return Buffer.from(`${owner.origin}\n${owner.accountId}`, 'utf8');
}

/** The header of a file of `payloadLength` bytes; its CRC covers the header's fields and the payload. */
function encodeHeader(owner: CacheOwner, savedAt: number, parts: readonly Uint8Array[]): Buffer {
  const who = ownerBytes(owner);
  const header = Buffer.alloc(FIXED_HEADER + who.length);
  const payloadLength = parts.reduce((n, p) => n + p.byteLength, 0);
  let at = 0;
  at = header.writeUInt32BE(MAGIC, at);
  at = header.writeUInt16BE(CACHE_FORMAT_VERSION, at);
  at = header.writeUInt16BE(0, at);
  at = header.writeDoubleBE(savedAt, at);
  at = header.writeUInt32BE(who.length, at);
  at = header.writeBigUInt64BE(BigInt(payloadLength), at);
  const crcAt = at;
  who.copy(header, FIXED_HEADER);
  const crc = crc32([header.subarray(0, crcAt), who, ...parts]);
  header.writeUInt32BE(crc, crcAt);
  return header;
}

function decodeFile(file: Buffer, owner: CacheOwner): CachedEntry | string {
  if (file.length < FIXED_HEADER) return 'truncated header';
  if (file.readUInt32BE(0) !== MAGIC) return 'not a cache file';
  const version = file.readUInt16BE(4);
  if (version !== CACHE_FORMAT_VERSION) return `format version ${version}, expected ${CACHE_FORMAT_VERSION}`;
  const savedAt = file.readDoubleBE(8);
  const ownerLength = file.readUInt32BE(16);
  const payloadLength = file.readBigUInt64BE(20);
  const crcAt = 28;
  const crc = file.readUInt32BE(crcAt);
  const payloadAt = FIXED_HEADER + ownerLength;
  if (payloadAt > file.length) return 'truncated header';
  if (!file.subarray(FIXED_HEADER, payloadAt).equals(ownerBytes(owner))) return 'written for another account or origin';
  if (BigInt(file.length - payloadAt) !== payloadLength) return `length ${file.length - payloadAt}, header says ${payloadLength}`;
  const payload = file.subarray(payloadAt);
  if (crc32([file.subarray(0, crcAt), file.subarray(FIXED_HEADER, payloadAt), payload]) !== crc) return 'checksum mismatch';
  if (!Number.isFinite(savedAt)) return 'bad time';
  return { bytes: new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength), savedAt };
}

const errorCode = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code;

interface IndexedFile {
  size: number;
  /** Last read or write (the file's mtime, which reads also bump). */
  used: number;
}

/** A cache write that lands while its folder is being deleted makes rmdir fail (ENOTEMPTY): rm tries again. */
const RM_TREE = { recursive: true, force: true, maxRetries: 5, retryDelay: 50 } as const;

export class CampfireCache {
  private readonly root: string;
  private readonly maxBytes: () => number;
  private readonly log: CacheLog;
  /** Every entry file of every account by path, with its size and last use: read from disk once, then kept current. */
  private index: Map<string, IndexedFile> | undefined;
  private total = 0;
  /** One eviction at a time; a write during one asks for another pass after it. */
  private evicting: Promise<void> | undefined;
  private evictRequests = 0;

  constructor(options: CampfireCacheOptions) {
    this.root = options.root;
    this.maxBytes = options.maxBytes;
    this.log = options.log;
  }

  scope(owner: CacheOwner): CacheScope {
    const folder = path.join(this.root, ownerFolder(owner));
    const fileOf = (name: string) => path.join(folder, entryFileName(name));
    return {
      owner: { origin: owner.origin, accountId: owner.accountId },
      read: (name) => this.read(owner, name, fileOf(name)),
      write: (name, bytes, savedAt) => this.write(owner, folder, name, fileOf(name), Array.isArray(bytes) ? bytes : [bytes as Uint8Array], savedAt ?? Date.now()),
      remove: (name) => this.removeFile(fileOf(name)),
    };
  }

  async deleteOwner(owner: CacheOwner): Promise<void> {
    const folder = path.join(this.root, ownerFolder(owner));
    await fsp.rm(folder, RM_TREE);
    if (this.index) {
      for (const [file, entry] of this.index) {
        if (path.dirname(file) === folder) {
          this.index.delete(file);
          this.total -= entry.size;
        }
      }
    }
    this.log.info(`Cache: deleted the cache of ${owner.accountId} at ${owner.origin}`);
  }

  async clear(): Promise<void> {
    await fsp.rm(this.root, RM_TREE);
    this.index = new Map();
    this.total = 0;
    this.log.info('Cache: cleared');
  }

  /** The bytes the cache's files take, read from disk (other windows write here too). */
  async sizeBytes(): Promise<number> {
    await this.rescan();
    return this.total;
  }

  private async read(owner: CacheOwner, name: string, file: string): Promise<CachedEntry | undefined> {
    if (this.maxBytes() <= 0) return undefined;
    let data: Buffer;
    try {
      data = await fsp.readFile(file);
    } catch (e) {
      if (errorCode(e) !== 'ENOENT') this.log.warn(`Cache: could not read ${name}: ${errorMessage(e)}`);
      return undefined;
    }
    const entry = decodeFile(data, owner);
    if (typeof entry === 'string') {
      this.log.warn(`Cache: discarded ${name} (${entry})`);
      await this.removeFile(file);
      return undefined;
    }
    // Reading is a use: the file's mtime is the eviction order, so bump it.
    const now = Date.now();
    this.index?.set(file, { size: data.length, used: now });
    await fsp.utimes(file, now / 1000, now / 1000).catch(() => undefined);
    return entry;
  }

  private async write(owner: CacheOwner, folder: string, name: string, file: string, parts: readonly Uint8Array[], savedAt: number): Promise<void> {
    if (this.maxBytes() <= 0) {
      await this.removeFile(file);
      return;
    }
    const header = encodeHeader(owner, savedAt, parts);
    await fsp.mkdir(folder, { recursive: true, mode: DIR_MODE });
    const temp = path.join(folder, `.${path.basename(file)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
    let size = 0;
    try {
      const handle = await fsp.open(temp, 'wx', FILE_MODE);
      try {
        // No fsync: a file cut short by a crash fails its length or CRC check and is discarded.
        const chunks = [header, ...parts];
        for (const chunk of chunks) {
          let written = 0;
          while (written < chunk.byteLength) {
            const { bytesWritten } = await handle.write(chunk, written, chunk.byteLength - written);
            written += bytesWritten;
          }
          size += chunk.byteLength;
        }
      } finally {
        await handle.close();
      }
      await fsp.rename(temp, file);
    } catch (e) {
      await fsp.rm(temp, { force: true }).catch(() => undefined);
      this.log.warn(`Cache: could not write ${name}: ${errorMessage(e)}`);
      return;
    }
    if (this.index) {
      this.total += size - (this.index.get(file)?.size ?? 0);
      this.index.set(file, { size, used: Date.now() });
    }
    await this.evict();
  }

  private async removeFile(file: string): Promise<void> {
    await fsp.rm(file, { force: true }).catch((e: unknown) => this.log.warn(`Cache: could not delete ${path.basename(file)}: ${errorMessage(e)}`));
    const entry = this.index?.get(file);
    if (entry) {
      this.index?.delete(file);
      this.total -= entry.size;
    }
  }

  /** Evicts least recently used files of all accounts until the cache fits its cap. */
  private evict(): Promise<void> {
    if (this.evicting) {
      this.evictRequests++;
      return this.evicting;
    }
    this.evicting = (async () => {
      try {
        let seen: number;
        do {
          seen = this.evictRequests;
          await this.evictOnce();
        } while (this.evictRequests !== seen);
      } finally {
        this.evicting = undefined;
      }
    })();
    return this.evicting;
  }

  private async evictOnce(): Promise<void> {
    const max = Math.max(0, this.maxBytes());
    if (!this.index) await this.rescan();
    if (this.total <= max) return;
    // The index may be stale (other windows share the folder): decide on what is on disk now.
    const index = await this.rescan();
    if (this.total <= max) return;
    const oldestFirst = [...index].sort((a, b) => a[1].used - b[1].used);
    let evicted = 0;
    for (const [file, entry] of oldestFirst) {
      if (this.total <= max) break;
      await fsp.rm(file, { force: true }).catch(() => undefined);
      index.delete(file);
      this.total -= entry.size;
      evicted++;
    }
    this.log.info(`Cache: evicted ${evicted} least recently used file(s) to stay within ${max} bytes`);
  }

  /** Reads every account folder's files from disk, and removes temporary files a crash left behind. */
  private async rescan(): Promise<Map<string, IndexedFile>> {
    const index = new Map<string, IndexedFile>();
    let total = 0;
    const folders = await fsp.readdir(this.root, { withFileTypes: true }).catch(() => []);
    const now = Date.now();
    for (const folder of folders) {
      if (!folder.isDirectory()) continue;
      const dir = path.join(this.root, folder.name);
      const names = await fsp.readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        const file = path.join(dir, name);
        const stat = await fsp.stat(file).catch(() => undefined);
        if (!stat?.isFile()) continue;
        if (name.endsWith(TEMP_SUFFIX)) {
          if (now - stat.mtimeMs > STALE_TEMP_MS) await fsp.rm(file, { force: true }).catch(() => undefined);
          continue;
        }
        index.set(file, { size: stat.size, used: stat.mtimeMs });
        total += stat.size;
      }
    }
    this.index = index;
    this.total = total;
    return index;
  }
}
