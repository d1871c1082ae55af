// What an XLSX or Parquet export must hold for a record the server sent, worked out from the
// record alone (not from the writers' code), for the tests that read the files back with
// independent readers (exceljs, hyparquet).
import fs from 'node:fs';
import path from 'node:path';
import type { SampleDataset } from '../../../src/sampleServer/dataset';

/** A prepaid commit with 1,000 to 5,000 usage events: several pages, quick to read back cell by cell. */
export function smallCommit(d: SampleDataset): { contractId: number; commitId: number; n: number } | undefined {
  return d.contracts().flatMap((c) => d.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id, n: d.usageEventCount(c.id, p.id) }))).find((x) => x.n > 1000 && x.n < 5000);
}

/** A record's value under a column header: `data.<key>` reads the key of `data` (usage events). */
export function valueUnder(record: Record<string, unknown>, header: string, flattenData: boolean): unknown {
  if (flattenData && header.startsWith('data.')) {
    const data = record.data;
    if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
      const key = header.slice('data.'.length);
      return Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined;
    }
    return undefined;
  }
  return Object.hasOwn(record, header) ? record[header] : undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Decodes Excel's _xHHHH_ escapes (ECMA-376 ST_Xstring), which exceljs leaves in inline strings. */
export function decodeXstring(text: string): string {
  return text.replace(/_x([0-9A-F]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * The cell exceljs should read for `value`: null for no cell, a number, a boolean, a Date (UTC)
 * for an ISO date or a date-time with an offset, a string for the rest (nested values as JSON).
 */
export function expectedXlsxCell(value: unknown): null | number | boolean | string | Date {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) >= 1e15 && String(Math.abs(value)).replace(/e\+?\d+$/, '').replace(/0+$/, '').length > 15) return String(value);
    return value;
  }
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const d = ISO_DATE.exec(value);
    if (d) {
      const ms = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
      if (new Date(ms).toISOString().slice(0, 10) === value && ms >= Date.UTC(1900, 2, 1)) return new Date(ms);
    }
    if (ISO_DATE_TIME.test(value)) return new Date(Date.parse(value));
    return value.length > 32_767 ? value.slice(0, 32_767) : value;
  }
  return JSON.stringify(value);
}

/** Compares a cell read back with what it should hold; dates to the millisecond Excel shows. */
export function sameXlsxCell(actual: unknown, expected: ReturnType<typeof expectedXlsxCell>): boolean {
  if (expected instanceof Date) return actual instanceof Date && Math.abs(actual.getTime() - expected.getTime()) <= 1;
  if (typeof actual === 'string' && typeof expected === 'string') return decodeXstring(actual) === expected;
  return actual === expected || (actual === undefined && expected === null);
}

/** Files an export may leave in `dir` besides the targets: there must be none. */
export function leftovers(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.includes('.partial') || f.startsWith('.campfire-')).map((f) => path.join(dir, f));
}
