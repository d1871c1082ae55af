// The export's output file: written through a private temporary file in the final file's folder,
// renamed over it only on commit, never over something that is not a regular file, with the mode
// the file had (or a new file's usual one), and never left behind however the process ends.
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, beforeEach, describe, it } from 'node:test';
import { AtomicFile, ExportTargetError, TempFile } from '../../src/export/atomicFile';

const TEMP_NAME = /^\.campfire-\d+-[0-9a-f]{12}\.partial$/;
const SPOOL_NAME = /^\.campfire-\d+-[0-9a-f]{12}\.spool\.partial$/;
/** The transpiled module, for child processes that end in ways a test process cannot. */
const MODULE = path.resolve(__dirname, '../../src/export/atomicFile.js');

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

async function write(target: string, text: string): Promise<void> {
  const file = await AtomicFile.open(target);
  await file.sink.write(text);
  await file.commit();
}

/** Asserts that opening `target` fails with `message`; a regression must not leave a temporary file (in /dev, say). */
async function assertRefused(target: string, message: RegExp): Promise<void> {
  const outcome = await AtomicFile.open(target).then(
    (file) => file,
    (e: unknown) => e,
  );
  if (outcome instanceof AtomicFile) {
    await outcome.discard();
    assert.fail(`${target} was opened for writing`);
  }
  assert.ok(outcome instanceof ExportTargetError, String(outcome));
  assert.match(outcome.message, message);
}

describe('AtomicFile', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-atomic-'));
  let dir: string;
  let n = 0;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(root, `t${n++}-`));
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('commit renames the temporary file over the target; discard removes it and leaves the target as it was', async () => {
    const target = path.join(dir, 'out.csv');
    fs.writeFileSync(target, 'previous\n');
    const kept = await AtomicFile.open(target);
    await kept.sink.write('abandoned\n');
    await kept.discard();
    assert.deepEqual(fs.readdirSync(dir), ['out.csv']);
    assert.equal(fs.readFileSync(target, 'utf8'), 'previous\n');

    const file = await AtomicFile.open(target);
    const [temp] = fs.readdirSync(dir).filter((f) => f !== 'out.csv');
    assert.match(temp ?? '', TEMP_NAME);
    await file.sink.write('new\n');
    assert.equal(fs.readFileSync(target, 'utf8'), 'previous\n', 'the target is untouched until commit');
    await file.commit();
    assert.deepEqual(fs.readdirSync(dir), ['out.csv']);
    assert.equal(fs.readFileSync(target, 'utf8'), 'new\n');
  });

  it('a folder that does not exist is reported before anything is written', async () => {
    await assertRefused(path.join(dir, 'missing', 'out.csv'), /^Cannot write .*out\.csv: the folder does not exist$/);
  });

  it('a folder that cannot be written is reported before anything is written', async () => {
    // Root may write into any folder a mode forbids; sysfs refuses new files even to root.
    const locked = process.getuid?.() === 0 ? '/sys' : path.join(dir, 'locked');
    if (locked !== '/sys') fs.mkdirSync(locked, { mode: 0o500 });
    await assertRefused(path.join(locked, 'out.csv'), /^Cannot write .*out\.csv: permission denied$/);
  });

  it('refuses a named pipe, a device, a socket and a folder, and writes nothing', async () => {
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const socketPath = path.join(dir, 'socket');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const folder = path.join(dir, 'folder');
    fs.mkdirSync(folder);
    const blockDevice = fs.readdirSync('/dev').map((f) => path.join('/dev', f)).find((p) => fs.statSync(p, { throwIfNoEntry: false })?.isBlockDevice());
    try {
      await assertRefused(fifo, /^Cannot write .*pipe: it is a named pipe \(FIFO\); choose a regular file$/);
      await assertRefused('/dev/null', /^Cannot write \/dev\/null: it is a character device; choose a regular file$/);
      if (blockDevice) await assertRefused(blockDevice, /: it is a block device; choose a regular file$/);
      await assertRefused(socketPath, /^Cannot write .*socket: it is a socket; choose a regular file$/);
      await assertRefused(folder, /^Cannot write .*folder: it is a folder; choose a regular file$/);
      assert.deepEqual(fs.readdirSync(dir).sort(), ['folder', 'pipe', 'socket']);
      assert.ok(fs.statSync(fifo).isFIFO());
      assert.ok(fs.statSync('/dev/null').isCharacterDevice());
    } finally {
      server.close();
    }
  });

  it('refuses a link to a named pipe, a device or a folder, and a loop of links', async () => {
    const fifo = path.join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    fs.symlinkSync(fifo, path.join(dir, 'to-pipe'));
    fs.symlinkSync('to-pipe', path.join(dir, 'to-to-pipe'));
    fs.symlinkSync('/dev/null', path.join(dir, 'to-null'));
    fs.symlinkSync(os.tmpdir(), path.join(dir, 'to-folder'));
    fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));
    await assertRefused(path.join(dir, 'to-pipe'), /: it is a link to a named pipe \(FIFO\); choose a regular file$/);
    await assertRefused(path.join(dir, 'to-to-pipe'), /: it is a link to a named pipe \(FIFO\); choose a regular file$/);
    await assertRefused(path.join(dir, 'to-null'), /: it is a link to a character device; choose a regular file$/);
    await assertRefused(path.join(dir, 'to-folder'), /: it is a link to a folder; choose a regular file$/);
    await assertRefused(path.join(dir, 'loop-a'), /: its symbolic links go round in a loop$/);
    assert.equal(fs.readdirSync(dir).filter((f) => f.endsWith('.partial')).length, 0);
    assert.ok(fs.statSync(fifo).isFIFO());
  });

  it('writes through a link to the file at its end, with the temporary file beside that file; the link stays a link', async () => {
    const links = path.join(dir, 'links');
    const files = path.join(dir, 'files');
    fs.mkdirSync(links);
    fs.mkdirSync(files);
    const real = path.join(files, 'real.csv');
    fs.writeFileSync(real, 'old\n');
    const link = path.join(links, 'out.csv');
    fs.symlinkSync(real, link);

    const file = await AtomicFile.open(link);
    assert.deepEqual(fs.readdirSync(links), ['out.csv'], 'no temporary file beside the link');
    assert.match(fs.readdirSync(files).find((f) => f !== 'real.csv') ?? '', TEMP_NAME);
    await file.sink.write('new\n');
    await file.commit();
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.equal(fs.readlinkSync(link), real);
    assert.equal(fs.readFileSync(real, 'utf8'), 'new\n');
    assert.deepEqual(fs.readdirSync(files), ['real.csv']);
  });

  it('follows a chain of relative links, reading each from the folder it really is in', async () => {
    // links/sub is a link to deep/sub, so links/sub/../real.csv is deep/real.csv, not links/real.csv.
    fs.mkdirSync(path.join(dir, 'deep', 'sub'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'links'));
    fs.symlinkSync(path.join(dir, 'deep', 'sub'), path.join(dir, 'links', 'sub'));
    fs.symlinkSync('../real.csv', path.join(dir, 'deep', 'sub', 'up.csv'));
    fs.symlinkSync('sub/up.csv', path.join(dir, 'links', 'first.csv'));
    fs.writeFileSync(path.join(dir, 'deep', 'real.csv'), 'old\n');

    await write(path.join(dir, 'links', 'first.csv'), 'existing\n');
    assert.equal(fs.readFileSync(path.join(dir, 'deep', 'real.csv'), 'utf8'), 'existing\n');
    assert.equal(fs.readlinkSync(path.join(dir, 'links', 'first.csv')), 'sub/up.csv');

    // The same chain when the file at its end does not exist yet.
    fs.rmSync(path.join(dir, 'deep', 'real.csv'));
    await write(path.join(dir, 'links', 'first.csv'), 'created\n');
    assert.equal(fs.readFileSync(path.join(dir, 'deep', 'real.csv'), 'utf8'), 'created\n');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'links')).sort(), ['first.csv', 'sub']);
    assert.ok(fs.lstatSync(path.join(dir, 'deep', 'sub', 'up.csv')).isSymbolicLink());
  });

  it('a dangling link creates the file it points to, when that file\'s folder exists', async () => {
    const files = path.join(dir, 'files');
    fs.mkdirSync(files);
    fs.symlinkSync(path.join(files, 'new.csv'), path.join(dir, 'dangling.csv'));
    fs.symlinkSync('dangling.csv', path.join(dir, 'to-dangling.csv'));
    await write(path.join(dir, 'to-dangling.csv'), 'created\n');
    assert.equal(fs.readFileSync(path.join(files, 'new.csv'), 'utf8'), 'created\n');
    assert.deepEqual(fs.readdirSync(files), ['new.csv']);
    assert.ok(fs.lstatSync(path.join(dir, 'dangling.csv')).isSymbolicLink());
    assert.ok(fs.lstatSync(path.join(dir, 'to-dangling.csv')).isSymbolicLink());

    fs.symlinkSync(path.join(files, 'no-such-folder', 'x.csv'), path.join(dir, 'lost.csv'));
    await assertRefused(path.join(dir, 'lost.csv'), /: the folder does not exist$/);
  });

  it('a replaced file keeps its mode; a new file gets 0666 less the umask; the temporary file is private meanwhile', async () => {
    const umask = process.umask(0o027);
    try {
      for (const mode of [0o644, 0o600, 0o640, 0o755]) {
        const target = path.join(dir, `existing-${mode.toString(8)}.csv`);
        fs.writeFileSync(target, 'old\n');
        fs.chmodSync(target, mode);
        await write(target, 'new\n');
        assert.equal(modeOf(target).toString(8), mode.toString(8));
      }
      const fresh = path.join(dir, 'fresh.csv');
      const file = await AtomicFile.open(fresh);
      assert.equal(modeOf(file.tempPath).toString(8), '600');
      await file.sink.write('new\n');
      await file.commit();
      assert.equal(modeOf(fresh).toString(8), '640');
      // Through a link, the mode is the file's at the end of it.
      const real = path.join(dir, 'real.csv');
      fs.writeFileSync(real, 'old\n');
      fs.chmodSync(real, 0o604);
      fs.symlinkSync(real, path.join(dir, 'link.csv'));
      await write(path.join(dir, 'link.csv'), 'new\n');
      assert.equal(modeOf(real).toString(8), '604');
    } finally {
      process.umask(umask);
    }
  });

  it('a read-only file (0444) is refused and left as it was, also for root', async () => {
    const target = path.join(dir, 'keep.csv');
    fs.writeFileSync(target, 'kept\n');
    fs.chmodSync(target, 0o444);
    await assertRefused(target, /^Cannot write .*keep\.csv: it is read-only; make it writable or choose another name$/);
    assert.equal(fs.readFileSync(target, 'utf8'), 'kept\n');
    assert.deepEqual(fs.readdirSync(dir), ['keep.csv']);
  });

  it('the next export to a folder removes the temporary files of an export that was killed, and leaves a live one\'s', async () => {
    // A process that is gone: a child that has exited. One that is alive: this test's parent.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const stale = [`.campfire-${dead}-0123456789ab.partial`, `.campfire-${dead}-0123456789ac.spool.partial`];
    const live = `.campfire-${process.ppid}-0123456789ad.partial`;
    for (const name of [...stale, live, 'notes.partial']) fs.writeFileSync(path.join(dir, name), 'x');
    await write(path.join(dir, 'out.csv'), 'new\n');
    assert.deepEqual(fs.readdirSync(dir).sort(), [live, 'notes.partial', 'out.csv'].sort());
  });

  it('a 250-byte file name is not pushed past the 255-byte limit by the temporary name', async () => {
    const target = path.join(dir, `${'x'.repeat(246)}.csv`);
    assert.equal(Buffer.byteLength(path.basename(target)), 250);
    await write(target, 'exported\n');
    const spool = await TempFile.openSpoolBeside(target);
    await spool.sink.write('spooled\n');
    await spool.discard();
    assert.equal(fs.readFileSync(target, 'utf8'), 'exported\n');
    assert.deepEqual(fs.readdirSync(dir), [path.basename(target)]);
  });

  it('the CSV spool is a private file in the final file\'s folder, or the system temp folder without a target', async () => {
    const files = path.join(dir, 'files');
    fs.mkdirSync(files);
    fs.symlinkSync(path.join(files, 'real.csv'), path.join(dir, 'link.csv'));
    const spool = await TempFile.openSpoolBeside(path.join(dir, 'link.csv'));
    assert.equal(path.dirname(spool.tempPath), fs.realpathSync(files));
    assert.match(path.basename(spool.tempPath), SPOOL_NAME);
    assert.equal(modeOf(spool.tempPath).toString(8), '600');
    await spool.discard();
    assert.deepEqual(fs.readdirSync(files), []);

    const scratch = await TempFile.openSpoolBeside(undefined);
    assert.equal(path.dirname(scratch.tempPath), os.tmpdir());
    await scratch.discard();
    assert.equal(fs.existsSync(scratch.tempPath), false);
    await assert.rejects(TempFile.openSpoolBeside(path.join(dir, 'missing', 'x.csv')), (e: unknown) => e instanceof ExportTargetError && /^Cannot write .*x\.csv: the folder does not exist$/.test(e.message));
  });

  it('temporary files are removed however the process ends: uncaught exception, unhandled rejection, exit(), nothing left to do', async () => {
    const endings: [string, number][] = [
      ['setImmediate(() => { throw new Error("uncaught"); });', 1],
      ['throw new Error("unhandled rejection");', 1],
      ['process.exit(7);', 7],
      ['', 0],
    ];
    for (const [ending, code] of endings) {
      const where = fs.mkdtempSync(path.join(dir, 'ending-'));
      const target = path.join(where, 'out.csv');
      const script = `
        const fs = require('node:fs');
        const { AtomicFile, TempFile } = require(${JSON.stringify(MODULE)});
        (async () => {
          const file = await AtomicFile.open(${JSON.stringify(target)});
          await TempFile.openSpoolBeside(${JSON.stringify(target)});
          await file.sink.write('half an export');
          console.log(fs.readdirSync(${JSON.stringify(where)}).length);
          ${ending}
        })();`;
      const r = await new Promise<{ code: number; stdout: string }>((resolve) => {
        execFile(process.execPath, ['-e', script], (err, stdout) => resolve({ code: err ? Number(err.code) : 0, stdout }));
      });
      assert.equal(r.stdout, '2\n', `${ending}: both temporary files existed`);
      assert.equal(r.code, code, ending);
      assert.deepEqual(fs.readdirSync(where), [], ending);
    }
  });
});
