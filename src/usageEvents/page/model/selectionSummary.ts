// The summary of selected cells the status bar shows, as database grids show it: how many cells,
// and for the numbers among them (in columns of amounts, counts and numeric data keys) their exact
// sum and their average.
import { DecimalSum } from '../../../shared/exactDecimal';
import { ExactNumber } from '../../../shared/exactNumber';
import type { SelectionSummary } from '../../protocol/usageEventsMessages';
import type { Column } from './columns';
import type { RowStore } from './rowStore';

/** Ids and dates are numbers that no one adds up; amounts, counts and data values are. */
function summable(column: Column): boolean {
  return column.kind === 'money' || column.kind === 'count' || column.kind === 'number';
}

/** The summary of these rows (store indexes) by these columns. */
export function summarizeCells(store: RowStore, rows: readonly number[], columns: readonly Column[]): SelectionSummary {
  const sum = new DecimalSum();
  let numbers = 0;
  for (const column of columns) {
    if (!summable(column)) continue;
    const c = store.columnIndex(column.id);
    if (c === undefined) continue;
    for (const row of rows) {
      const v = store.cell(row, c);
      if ((typeof v === 'number' || v instanceof ExactNumber) && sum.add(v)) numbers++;
    }
  }
  return {
    cells: rows.length * columns.length,
    numbers,
    sum: numbers > 0 ? sum.toString() : null,
    average: numbers > 0 ? sum.toNumber() / numbers : null,
  };
}
