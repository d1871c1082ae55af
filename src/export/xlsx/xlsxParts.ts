// The fixed parts of a workbook and the head and tail of each sheet, as SpreadsheetML text. The
// rows between head and tail come from the spool (xlsxSpool.ts).
import { columnLetters, headerCell, xmlAttr, type CellWriter } from './xlsxCells';

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function contentTypes(sheets: number): string {
  let overrides = '';
  for (let i = 1; i <= sheets; i++) overrides += `<Override PartName="/xl/worksheets/sheet${i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`;
  return (
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    `${overrides}</Types>`
  );
}

export const ROOT_RELS =
  `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
  `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

export function workbookRels(sheets: number): string {
  let rels = '';
  for (let i = 1; i <= sheets; i++) rels += `<Relationship Id="rId${i}" Type="${REL}/worksheet" Target="worksheets/sheet${i}.xml"/>`;
  return `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}<Relationship Id="rId${sheets + 1}" Type="${REL}/styles" Target="styles.xml"/></Relationships>`;
}

/** Sheet names: at most 31 characters, none of []:*?/\, not starting or ending with an apostrophe. */
export function sheetName(base: string, index: number): string {
  const clean = base.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim() || 'Sheet';
  const suffix = index === 0 ? '' : ` (${index + 1})`;
  return clean.slice(0, 31 - suffix.length) + suffix;
}

/** A1:C10 → $A$1:$C$10. */
function absolute(ref: string): string {
  return ref.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
}

/** The workbook, its sheets, and the hidden names Excel keeps for each sheet's autofilter. */
export function workbook(names: readonly string[], filterRefs: readonly string[]): string {
  const sheets = names.map((n, i) => `<sheet name="${xmlAttr(n)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('');
  const defined = names.map((n, i) => `<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">'${xmlAttr(n.replace(/'/g, "''"))}'!${absolute(filterRefs[i] ?? '')}</definedName>`).join('');
  return `${XML}<workbook xmlns="${MAIN}" xmlns:r="${REL}"><bookViews><workbookView/></bookViews><sheets>${sheets}</sheets><definedNames>${defined}</definedNames></workbook>`;
}

/** Fonts: regular and bold. Cell formats: 0 default, 1 header (bold), 2 date, 3 UTC timestamp. */
export const STYLES =
  `${XML}<styleSheet xmlns="${MAIN}">` +
  '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

/** Widths in characters, from the widest cell seen (header included), bounded. */
function colsXml(widths: readonly number[]): string {
  if (widths.length === 0) return '';
  let cols = '';
  for (let i = 0; i < widths.length; i++) {
    const w = Math.min(60, Math.max(8, (widths[i] ?? 0) + 2));
    cols += `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`;
  }
  return `<cols>${cols}</cols>`;
}

/** Everything before a sheet's rows: the frozen header pane, the column widths and the header row. */
export function sheetHead(header: readonly string[], widths: readonly number[], lastRow: number, w: CellWriter): string {
  const last = columnLetters(Math.max(0, header.length - 1));
  let headRow = '<row r="1">';
  for (let i = 0; i < header.length; i++) headRow += headerCell(`${columnLetters(i)}1`, header[i] ?? '', w);
  headRow += '</row>';
  return (
    `${XML}<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><dimension ref="A1:${last}${lastRow}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>' +
    `<sheetFormatPr defaultRowHeight="15"/>${colsXml(widths)}<sheetData>${headRow}`
  );
}

/** The autofilter range of a sheet: the header and its rows. */
export function filterRef(columns: number, lastRow: number): string {
  return `A1:${columnLetters(Math.max(0, columns - 1))}${lastRow}`;
}

export function sheetTail(columns: number, lastRow: number): string {
  return `</sheetData><autoFilter ref="${filterRef(columns, lastRow)}"/></worksheet>`;
}
