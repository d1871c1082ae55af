// The XLSX zip past 4 GiB: sizes and offsets that do not fit 32 bits go into Zip64 records. First
// the records themselves, with real sizes past the limit, read field by field as APPNOTE.TXT lays
// them out; then whole workbooks written with the 32-bit limit lowered to a few hundred bytes (a
// test cannot write 4 GiB), so every Zip64 record is in a file that Info-ZIP's unzip, Python's
// zipfile and exceljs then read back.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import ExcelJS from 'exceljs';
import { writeZip, type ZipEntry } from '../../src/export/xlsx/xlsxPackage';
import { ROOT_RELS, STYLES, contentTypes, filterRef, sheetHead, sheetTail, workbook, workbookRels } from '../../src/export/xlsx/xlsxParts';
import { xlsxCell } from '../../src/export/xlsx/xlsxCells';
import { MAX_CLASSIC, centralHeader, dataDescriptor, endRecords, localHeader } from '../../src/export/xlsx/zipRecords';

const GIB = 2 ** 30;
const name = new TextEncoder().encode('xl/worksheets/sheet1.xml');
const time = { time: 0x6000, date: 0x5a21 };

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The extra fields of a header, by id. */
function extras(bytes: Uint8Array, at: number, length: number): Map<number, DataView> {
  const v = view(bytes);
  const out = new Map<number, DataView>();
  for (let p = at; p < at + length; ) {
    const id = v.getUint16(p, true);
    const size = v.getUint16(p + 2, true);
    out.set(id, new DataView(bytes.buffer, bytes.byteOffset + p + 4, size));
    p += 4 + size;
  }
  return out;
}

describe('zip records past 4 GiB', () => {
  it('a Zip64 entry: local header sizes 0xFFFFFFFF with a Zip64 extra field, 8-byte sizes in the data descriptor', () => {
    const local = localHeader({ name, time, zip64: true });
    const v = view(local);
    assert.equal(v.getUint32(0, true), 0x04034b50);
    assert.equal(v.getUint16(4, true), 45, 'version needed: 4.5');
    assert.equal(v.getUint16(6, true) & 0x0008, 0x0008, 'sizes in the data descriptor');
    assert.equal(v.getUint32(18, true), 0xffffffff);
    assert.equal(v.getUint32(22, true), 0xffffffff);
    const zip64 = extras(local, 30 + name.length, v.getUint16(28, true)).get(0x0001);
    assert.equal(zip64?.byteLength, 16, 'both sizes, as APPNOTE 4.5.3 asks of a local header');

    const descriptor = view(dataDescriptor({ crc: 0x12345678, compressed: 4.5 * GIB, uncompressed: 5 * GIB, zip64: true }));
    assert.equal(descriptor.byteLength, 24);
    assert.equal(descriptor.getUint32(0, true), 0x08074b50);
    assert.equal(descriptor.getUint32(4, true), 0x12345678);
    assert.equal(descriptor.getBigUint64(8, true), BigInt(4.5 * GIB));
    assert.equal(descriptor.getBigUint64(16, true), BigInt(5 * GIB));
  });

  it('an entry that grew past 4 GiB without being announced as Zip64 is an error, not a wrapped size', () => {
    assert.throws(() => dataDescriptor({ crc: 1, compressed: 100, uncompressed: 4 * GIB, zip64: false }), /was not announced as Zip64/);
    const small = view(dataDescriptor({ crc: 1, compressed: 100, uncompressed: MAX_CLASSIC, zip64: false }));
    assert.equal(small.byteLength, 16);
    assert.equal(small.getUint32(12, true), MAX_CLASSIC);
  });

  it('central directory: each field past 4 GiB is 0xFFFFFFFF and in the Zip64 extra field, in APPNOTE’s order', () => {
    const big = centralHeader({ name, time, zip64: true, crc: 7, uncompressed: 5 * GIB, compressed: 4.25 * GIB, offset: 6 * GIB });
    let v = view(big);
    assert.equal(v.getUint32(0, true), 0x02014b50);
    assert.equal(v.getUint16(6, true), 45);
    assert.equal(v.getUint32(16, true), 7);
    assert.equal(v.getUint32(20, true), 0xffffffff, 'compressed');
    assert.equal(v.getUint32(24, true), 0xffffffff, 'uncompressed');
    assert.equal(v.getUint32(42, true), 0xffffffff, 'offset');
    let zip64 = extras(big, 46 + name.length, v.getUint16(30, true)).get(0x0001);
    assert.equal(zip64?.byteLength, 24);
    assert.deepEqual([0, 8, 16].map((p) => Number(zip64?.getBigUint64(p, true))), [5 * GIB, 4.25 * GIB, 6 * GIB]);

    // A small entry far into the file: only its offset needs the extra field.
    const late = centralHeader({ name, time, zip64: false, crc: 7, uncompressed: 1000, compressed: 300, offset: 4 * GIB + 5 });
    v = view(late);
    assert.equal(v.getUint32(20, true), 300);
    assert.equal(v.getUint32(24, true), 1000);
    assert.equal(v.getUint32(42, true), 0xffffffff);
    zip64 = extras(late, 46 + name.length, v.getUint16(30, true)).get(0x0001);
    assert.equal(zip64?.byteLength, 8);
    assert.equal(Number(zip64.getBigUint64(0, true)), 4 * GIB + 5);

    // Below the limit: the classic header, no extra field, version 2.0.
    const classic = centralHeader({ name, time, zip64: false, crc: 7, uncompressed: 1000, compressed: 300, offset: MAX_CLASSIC });
    v = view(classic);
    assert.equal(v.getUint16(6, true), 20);
    assert.equal(v.getUint16(30, true), 0);
    assert.equal(v.getUint32(42, true), MAX_CLASSIC);
  });

  it('end records: the Zip64 end record and its locator before the classic one when the directory starts past 4 GiB', () => {
    const cd = { entries: 7, offset: 9 * GIB, size: 600 };
    const end = endRecords(cd);
    const v = view(end);
    assert.equal(end.length, 56 + 20 + 22);
    assert.equal(v.getUint32(0, true), 0x06064b50);
    assert.equal(v.getBigUint64(4, true), 44n);
    assert.equal(v.getBigUint64(24, true), 7n);
    assert.equal(v.getBigUint64(32, true), 7n);
    assert.equal(v.getBigUint64(40, true), 600n);
    assert.equal(v.getBigUint64(48, true), BigInt(9 * GIB));
    assert.equal(v.getUint32(56, true), 0x07064b50);
    assert.equal(v.getBigUint64(64, true), BigInt(9 * GIB + 600), 'the locator points at the Zip64 end record');
    assert.equal(v.getUint32(72, true), 1);
    assert.equal(v.getUint32(76, true), 0x06054b50);
    assert.equal(v.getUint16(84, true), 7);
    assert.equal(v.getUint32(88, true), 600);
    assert.equal(v.getUint32(92, true), 0xffffffff);

    const classic = endRecords({ entries: 7, offset: 4 * GIB - 1000, size: 600 });
    assert.equal(classic.length, 22, 'no Zip64 end record where the classic one holds everything');
    assert.equal(view(endRecords({ entries: 70_000, offset: 100, size: 600 })).getUint32(0, true), 0x06064b50, 'more than 65,534 entries');
  });
});

describe('a workbook with Zip64 records, read back', () => {
  let dir: string;
  const rows = 2000;
  const header = ['id', 'note', 'amount'];
  let entries: ZipEntry[];
  /** Each entry's text, as the reader must find it. */
  const expected = new Map<string, string>();

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-zip64-'));
    // The rows come from a spool file, as in an export: a byte range, not text.
    const w = { width: 0, truncated: 0 };
    let spooled = '';
    for (let r = 2; r <= rows + 1; r++) spooled += `<row r="${r}">${xlsxCell(`A${r}`, r - 1, w)}${xlsxCell(`B${r}`, `row ${r - 1} ünïcode`, w)}${xlsxCell(`C${r}`, (r % 97) / 4, w)}</row>`;
    const spool = path.join(dir, 'rows.spool');
    fs.writeFileSync(spool, `ignored before${spooled}ignored after`);
    const start = Buffer.byteLength('ignored before');
    const head = sheetHead(header, [10, 30, 10], rows + 1, w);
    const tail = sheetTail(header.length, rows + 1);
    entries = [
      { name: '[Content_Types].xml', pieces: [contentTypes(1)] },
      { name: '_rels/.rels', pieces: [ROOT_RELS] },
      { name: 'xl/workbook.xml', pieces: [workbook(['Rows'], [filterRef(header.length, rows + 1)])] },
      { name: 'xl/_rels/workbook.xml.rels', pieces: [workbookRels(1)] },
      { name: 'xl/styles.xml', pieces: [STYLES] },
      { name: 'xl/worksheets/sheet1.xml', pieces: [head, { path: spool, start, end: start + Buffer.byteLength(spooled) }, tail] },
    ];
    for (const e of entries) expected.set(e.name, e.pieces.map((p) => (typeof p === 'string' ? p : spooled)).join(''));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function write(file: string, maxClassic?: number): Promise<Buffer> {
    const fd = await fs.promises.open(file, 'w');
    try {
      await writeZip(entries, async (bytes) => {
        await fd.write(bytes);
      }, { level: 1, maxClassic });
    } finally {
      await fd.close();
    }
    return fs.readFileSync(file);
  }

  /** What Python's zipfile makes of the file: each entry's sizes, offset, Zip64 extra, and text. */
  function pythonRead(file: string): { name: string; size: number; compressed: number; offset: number; zip64: boolean; text: string }[] {
    const script = `
import json, struct, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None
    out = []
    for i in z.infolist():
        ids = []
        e = i.extra
        while len(e) >= 4:
            tag, size = struct.unpack('<HH', e[:4]); ids.append(tag); e = e[4 + size:]
        out.append(dict(name=i.filename, size=i.file_size, compressed=i.compress_size, offset=i.header_offset, zip64=1 in ids, text=z.read(i).decode('utf-8')))
    print(json.dumps(out))
`;
    return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 64 << 20 })) as ReturnType<typeof pythonRead>;
  }

  it('with the limit lowered, sizes, offsets and the directory are in Zip64 records, and unzip, zipfile and exceljs read every entry', async () => {
    const file = path.join(dir, 'zip64.xlsx');
    const bytes = await write(file, 400);
    // The file really has the Zip64 end record, its locator and Zip64 extra fields.
    assert.ok(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06])), 'Zip64 end of central directory record');
    assert.ok(bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x07])), 'Zip64 end of central directory locator');

    execFileSync('unzip', ['-tq', file], { encoding: 'utf8' });

    const read = pythonRead(file);
    assert.deepEqual(read.map((e) => e.name), [...expected.keys()]);
    for (const e of read) {
      const text = expected.get(e.name) ?? '';
      assert.equal(e.text, text, e.name);
      assert.equal(e.size, Buffer.byteLength(text), e.name);
    }
    const sheet = read.find((e) => e.name === 'xl/worksheets/sheet1.xml');
    assert.ok(sheet && sheet.size > 400 && sheet.zip64, 'the sheet’s sizes are in a Zip64 extra field');
    const late = read.at(-1);
    assert.ok(late && late.offset > 400 && late.zip64, 'an entry past the lowered limit has its offset in a Zip64 extra field');
    const small = read.find((e) => e.name === '_rels/.rels');
    assert.ok(small && small.offset < 400 && !small.zip64, 'an entry that fits stays classic');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('Rows');
    assert.ok(ws);
    assert.deepEqual((ws.getRow(1).values as unknown[]).slice(1), header);
    assert.equal(ws.rowCount, rows + 1);
    for (const r of [2, 1000, rows + 1]) assert.deepEqual((ws.getRow(r).values as unknown[]).slice(1), [r - 1, `row ${r - 1} ünïcode`, (r % 97) / 4], `row ${r}`);
  });

  it('with the real limit, a small workbook has no Zip64 record at all (Excel 2010 warns about one)', async () => {
    const file = path.join(dir, 'classic.xlsx');
    const bytes = await write(file);
    assert.ok(!bytes.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06])));
    execFileSync('unzip', ['-tq', file], { encoding: 'utf8' });
    const read = pythonRead(file);
    assert.ok(read.every((e) => !e.zip64));
    for (const e of read) assert.equal(e.text, expected.get(e.name), e.name);
  });
});
