// XLSX in two passes with flat memory: rows are spooled as <row> elements whose cells carry their
// reference, so none needs padding; past Excel's 1,048,576 rows a sheet, rows go on a new sheet.
import * as l10n from '@vscode/l10n';
import type { ByteSink } from '../byteSink';
import { ColumnSpool, type CsvColumns } from '../csvSpool';
import type { OpenWriter } from '../exportWriter';
import { loadXlsxPackage } from '../lazyModules';
import { columnLetters, xlsxCell, xlsxHeader, type CellWriter } from './xlsxCells';
import { ROOT_RELS, STYLES, contentTypes, filterRef, sheetHead, sheetName, sheetTail, workbook, workbookRels } from './xlsxParts';

/** Excel's most rows in one sheet, its header row included. */
export const EXCEL_MAX_ROWS = 1_048_576;

/** The closing message's sentences about a workbook that needed more than one sheet or cut cells. */
export function xlsxNotes(sheets: number, truncatedCells: number, locale?: string): string[] {
  const notes: string[] = [];
  if (sheets > 1) {
    notes.push(l10n.t('The rows are on {0} sheets: Excel holds at most {1} rows a sheet.', sheets.toLocaleString(locale), (EXCEL_MAX_ROWS - 1).toLocaleString(locale)));
  }
  if (truncatedCells > 0) {
    notes.push(l10n.t('{0} cells held more than Excel’s {1} characters and were cut; the CSV or JSON export has them whole.', truncatedCells.toLocaleString(locale), (32_767).toLocaleString(locale)));
  }
  return notes;
}

interface Sheet {
  /** Where its rows start in the spool. */
  start: number;
  rows: number;
}

export interface XlsxOptions {
  /** The sheets' name (the resource's title); further sheets get " (2)", " (3)", … */
  sheetName: string;
  /** Rows a sheet holds, its header included: Excel's limit unless a test lowers it. */
  maxRows?: number;
}

export class XlsxSpool {
  private readonly maxDataRows: number;
  private readonly sheets: Sheet[] = [];
  private spooled = 0;
  /** The widest cell of each column, in characters. */
  private readonly widths: number[] = [];
  private readonly cell: CellWriter = { width: 0, truncated: 0 };
  private letters: string[] = [];

  constructor(
    readonly columns: CsvColumns,
    private readonly spool: ByteSink,
    private readonly options: XlsxOptions,
  ) {
    this.maxDataRows = (options.maxRows ?? EXCEL_MAX_ROWS) - 1;
    if (this.maxDataRows < 1) throw new Error('an XLSX sheet must hold at least one row');
  }

  /** Sheets the workbook has (at least one, for its header). */
  get sheetCount(): number {
    return Math.max(1, this.sheets.length);
  }

  /** Cells whose text was longer than Excel allows and was cut. */
  get truncatedCells(): number {
    return this.cell.truncated;
  }

  /** Formats and spools a page of records. */
  async write(records: readonly Record<string, unknown>[]): Promise<void> {
    let chunk = '';
    for (const r of records) {
      this.columns.observe(r);
      let sheet = this.sheets[this.sheets.length - 1];
      if (!sheet || sheet.rows === this.maxDataRows) {
        // A new sheet starts here: what came before goes to the spool first, to know its offset.
        if (chunk !== '') {
          await this.spoolChunk(chunk);
          chunk = '';
        }
        sheet = { start: this.spooled, rows: 0 };
        this.sheets.push(sheet);
      }
      const rowNumber = ++sheet.rows + 1;
      while (this.letters.length < this.columns.size) this.letters.push(columnLetters(this.letters.length));
      let row = `<row r="${rowNumber}">`;
      this.columns.forEachCell(r, (value, i) => {
        row += xlsxCell(`${this.letters[i] as string}${rowNumber}`, value, this.cell);
        if (this.cell.width > (this.widths[i] ?? 0)) this.widths[i] = this.cell.width;
      });
      chunk += `${row}</row>`;
    }
    if (chunk !== '') await this.spoolChunk(chunk);
  }

  private async spoolChunk(chunk: string): Promise<void> {
    this.spooled += Buffer.byteLength(chunk);
    await this.spool.write(chunk);
  }

  /** Writes the workbook: the fixed parts, and each sheet's head, spooled rows and tail. */
  async copyTo(spoolPath: string, out: ByteSink, signal?: AbortSignal): Promise<void> {
    const { texts: header, cut } = xlsxHeader(this.columns.names);
    const headerCells: CellWriter = { width: 0, truncated: 0 };
    const widths = header.map((name, i) => Math.max(this.widths[i] ?? 0, Math.min(name.length, 60)));
    const sheets = this.sheets.length > 0 ? this.sheets : [{ start: 0, rows: 0 }];
    const names = sheets.map((_, i) => sheetName(this.options.sheetName, i));
    const entries = [
      { name: '[Content_Types].xml', pieces: [contentTypes(sheets.length)] },
      { name: '_rels/.rels', pieces: [ROOT_RELS] },
      { name: 'xl/workbook.xml', pieces: [workbook(names, sheets.map((s) => filterRef(header.length, s.rows + 1)))] },
      { name: 'xl/_rels/workbook.xml.rels', pieces: [workbookRels(sheets.length)] },
      { name: 'xl/styles.xml', pieces: [STYLES] },
      ...sheets.map((s, i) => ({
        name: `xl/worksheets/sheet${i + 1}.xml`,
        pieces: [
          sheetHead(header, widths, s.rows + 1, headerCells),
          { path: spoolPath, start: s.start, end: this.sheets[i + 1]?.start ?? this.spooled },
          sheetTail(header.length, s.rows + 1),
        ],
      })),
    ];
    // The header repeats on every sheet: a cut header cell counts once.
    this.cell.truncated += cut;
    await loadXlsxPackage().writeZip(entries, (bytes) => out.writeBytes(bytes), { level: 1, signal });
  }
}

export const openXlsx: OpenWriter = async (context) => {
  const spool = await ColumnSpool.open(context);
  const xlsx = new XlsxSpool(spool.columns, spool.sink, { sheetName: context.resource.label.title, maxRows: context.xlsxMaxRows });
  return {
    write: (records) => xlsx.write(records),
    finish: async () => {
      await spool.end();
      await xlsx.copyTo(spool.path, context.out, context.signal);
    },
    // The workbook is only assembled at the end: a stream has had nothing to end.
    endPartial: () => Promise.resolve(),
    close: () => spool.discard(),
    report: () => ({ ...spool.report(), sheets: xlsx.sheetCount, truncatedCells: xlsx.truncatedCells }),
  };
};
