// The local cache store: atomic private files, checked on read (a bad file is discarded with one
// log line, never thrown), one folder per account, LRU eviction at the cap, sign-out and clear.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CampfireCache, entryFileName, ownerFolder, type CacheOwner } from '../../src/cache/cacheStore';

const A: CacheOwner = { origin: 'https://api.meetcampfire.com', accountId: 'acct-a' };
const B: CacheOwner = { origin: 'http://127.0.0.1:9999', accountId: 'acct-a' };

class MemoryLog {
  readonly lines: string[] = [];
  info(message: string): void {
    this.lines.push(`info ${message}`);
  }
  warn(message: string): void {
    this.lines.push(`warn ${message}`);
  }
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text));
const text = (data: Uint8Array | undefined) => (data ? Buffer.from(data).toString() : undefined);

describe('cache store', () => {
  let root: string;
  let log: MemoryLog;
  let max: number;
  let cache: CampfireCache;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-cache-'));
    log = new MemoryLog();
    max = 1 << 20;
    cache = new CampfireCache({ root: path.join(root, 'cache'), maxBytes: () => max, log });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const fileOf = (owner: CacheOwner, name: string) => path.join(root, 'cache', ownerFolder(owner), entryFileName(name));

  it('writes and reads back an entry with its time', async () => {
    const scope = cache.scope(A);
    await scope.write('contracts', bytes('hello'), 1234);
    const entry = await scope.read('contracts');
    assert.equal(text(entry?.bytes), 'hello');
    assert.equal(entry?.savedAt, 1234);
    assert.equal(await scope.read('absent'), undefined);
    assert.deepEqual(log.lines, []);
  });

  it('writes parts as one payload', async () => {
    const scope = cache.scope(A);
    await scope.write('parts', [bytes('ab'), bytes(''), bytes('cd')]);
    assert.equal(text((await scope.read('parts'))?.bytes), 'abcd');
  });

  it('names folders by a hash of origin and account, and files safely', () => {
    assert.match(ownerFolder(A), /^[0-9a-f]{24}$/);
    assert.notEqual(ownerFolder(A), ownerFolder(B));
    assert.equal(entryFileName('children/prepaidCommits/1003'), 'children%2FprepaidCommits%2F1003.cfc');
    assert.equal(entryFileName('usageEvents/1003-10031'), 'usageEvents%2F1003-10031.cfc');
    assert.doesNotMatch(entryFileName('../../etc/passwd'), /[/.]{2}|\//);
    assert.notEqual(entryFileName('a/b'), entryFileName('a%2Fb'));
    assert.match(entryFileName('x'.repeat(500)), /^h-[0-9a-f]{64}\.cfc$/);
  });

  it('writes atomically: files 0600, folders 0700, no temporary file left, an old file replaced whole', async () => {
    const scope = cache.scope(A);
    await scope.write('children/prepaidCommits/1003', bytes('first'));
    await scope.write('children/prepaidCommits/1003', bytes('second, longer'));
    const file = fileOf(A, 'children/prepaidCommits/1003');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.equal(fs.statSync(path.join(root, 'cache')).mode & 0o777, 0o700);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), [path.basename(file)]);
    assert.equal(text((await scope.read('children/prepaidCommits/1003'))?.bytes), 'second, longer');
    // Nothing of the key or the account's name in clear in the path.
    assert.doesNotMatch(file, /acct-a|meetcampfire/);
  });

  it('a reader during writes sees a whole old or new file, never a partial one', async () => {
    const scope = cache.scope(A);
    const big = (c: string) => new Uint8Array(Buffer.alloc(2 << 20, c));
    max = 64 << 20;
    await scope.write('big', big('a'));
    const writes = Promise.all([scope.write('big', big('b')), scope.write('big', big('c'))]);
    for (let i = 0; i < 20; i++) {
      const entry = await scope.read('big');
      assert.ok(entry, 'never absent');
      assert.equal(entry.bytes.length, 2 << 20);
    }
    await writes;
    assert.ok(!log.lines.some((l) => l.startsWith('warn')), log.lines.join('\n'));
  });

  for (const [label, damage] of [
    ['a truncated file', (f: Buffer) => f.subarray(0, f.length - 3)],
    ['a truncated header', (f: Buffer) => f.subarray(0, 10)],
    ['a flipped payload byte', (f: Buffer) => { const c = Buffer.from(f); c.writeUInt8(c.readUInt8(c.length - 1) ^ 0xff, c.length - 1); return c; }],
    ['an older format version', (f: Buffer) => { const c = Buffer.from(f); c.writeUInt16BE(0, 4); return c; }],
    ['a file that is not a cache file', () => Buffer.from('{"json": true}')],
    ['an empty file', () => Buffer.alloc(0)],
  ] as const) {
    it(`discards ${label} with one log line`, async () => {
      const scope = cache.scope(A);
      await scope.write('contracts', bytes('payload'));
      const file = fileOf(A, 'contracts');
      fs.writeFileSync(file, damage(fs.readFileSync(file)));
      assert.equal(await scope.read('contracts'), undefined);
      assert.equal(fs.existsSync(file), false, 'the bad file is deleted');
      assert.equal(log.lines.length, 1, log.lines.join('\n'));
      assert.match(log.lines[0] ?? '', /^warn Cache: discarded contracts \(/);
      assert.equal(await scope.read('contracts'), undefined);
      assert.equal(log.lines.length, 1, 'once');
    });
  }

  it("never reads one origin's file as another's, even when copied into its folder", async () => {
    await cache.scope(A).write('contracts', bytes('from A'));
    const target = fileOf(B, 'contracts');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(fileOf(A, 'contracts'), target);
    assert.equal(await cache.scope(B).read('contracts'), undefined);
    assert.match(log.lines.join('\n'), /discarded contracts \(written for another account or origin\)/);
    assert.equal(text((await cache.scope(A).read('contracts'))?.bytes), 'from A');
  });

  it('evicts the least recently used files of all accounts down to the cap', async () => {
    max = 10_000;
    const a = cache.scope(A);
    const b = cache.scope(B);
    const kb = (n: number) => new Uint8Array(n * 1000);
    await a.write('one', kb(3));
    await new Promise((r) => setTimeout(r, 15));
    await b.write('two', kb(3));
    await new Promise((r) => setTimeout(r, 15));
    await a.write('three', kb(3));
    await new Promise((r) => setTimeout(r, 15));
    // Reading 'one' makes it the most recently used: 'two' is now the oldest.
    assert.ok(await a.read('one'));
    await new Promise((r) => setTimeout(r, 15));
    await b.write('four', kb(3));
    assert.equal(await b.read('two'), undefined, 'the least recently used is evicted');
    assert.ok(await a.read('one'));
    assert.ok(await a.read('three'));
    assert.ok(await b.read('four'));
    assert.ok((await cache.sizeBytes()) <= max);
    assert.match(log.lines.join('\n'), /evicted 1 least recently used/);
  });

  it('writes and reads nothing when the cap is 0 (cache off)', async () => {
    const scope = cache.scope(A);
    await scope.write('contracts', bytes('x'));
    max = 0;
    assert.equal(await scope.read('contracts'), undefined);
    await scope.write('contracts', bytes('y'));
    max = 1 << 20;
    assert.equal(await scope.read('contracts'), undefined);
    assert.equal(await cache.sizeBytes(), 0);
  });

  it("deleteOwner removes one account's cache only", async () => {
    await cache.scope(A).write('contracts', bytes('a'));
    await cache.scope(B).write('contracts', bytes('b'));
    await cache.deleteOwner(A);
    assert.equal(await cache.scope(A).read('contracts'), undefined);
    assert.equal(text((await cache.scope(B).read('contracts'))?.bytes), 'b');
    assert.equal(fs.existsSync(path.join(root, 'cache', ownerFolder(A))), false);
  });

  it('clear removes every account and sizeBytes is then 0', async () => {
    await cache.scope(A).write('contracts', bytes('a'));
    await cache.scope(B).write('usageEvents/1-2', bytes('b'));
    assert.ok((await cache.sizeBytes()) > 0);
    await cache.clear();
    assert.equal(await cache.sizeBytes(), 0);
    assert.equal(await cache.scope(B).read('usageEvents/1-2'), undefined);
    // Usable after a clear.
    await cache.scope(A).write('contracts', bytes('again'));
    assert.equal(text((await cache.scope(A).read('contracts'))?.bytes), 'again');
  });

  it('remove deletes one entry', async () => {
    const scope = cache.scope(A);
    await scope.write('x', bytes('1'));
    await scope.remove('x');
    await scope.remove('never-written');
    assert.equal(await scope.read('x'), undefined);
  });

  it('removes a temporary file a crash left behind, long ago', async () => {
    const scope = cache.scope(A);
    await scope.write('x', bytes('1'));
    const stale = path.join(path.dirname(fileOf(A, 'x')), '.x.cfc.abcdef.tmp');
    fs.writeFileSync(stale, 'partial');
    const old = (Date.now() - 2 * 3600_000) / 1000;
    fs.utimesSync(stale, old, old);
    await cache.sizeBytes();
    assert.equal(fs.existsSync(stale), false);
  });
});
