// A CSV file's cells as an independent reader gives them: exceljs's CSV reader, every value kept as its text.
import ExcelJS from 'exceljs';

export async function readCsv(file: string): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  const sheet = await wb.csv.readFile(file, { map: (v: unknown) => v });
  const out: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(row.getCell(c).text);
    out.push(cells);
  });
  return out;
}
