// Check 1, ledger chain: the pool's balance carried from row to row, from the commit's total_value
// to its remaining_value.
import { compare } from './lines';
import { money } from './money';
import type { CommitRecord, LedgerRow } from './inputs';
import type { ChainLine } from './types';

export function chainLines(commit: CommitRecord, rows: readonly LedgerRow[], digits: number): ChainLine[] {
  const lines: ChainLine[] = [];
  const first = rows[0];
  if (first) lines.push({ kind: 'opening', rowId: first.id, periodStart: first.period_start, ...compare(money(commit.total_value), money(first.balance_before), digits) });
  for (let k = 1; k < rows.length; k++) {
    const prev = rows[k - 1] as LedgerRow;
    const row = rows[k] as LedgerRow;
    lines.push({ kind: 'link', rowId: row.id, periodStart: row.period_start, ...compare(money(prev.balance_after), money(row.balance_before), digits) });
  }
  const last = rows.at(-1);
  // Without a row nothing was drawn: the remaining value is the total.
  const closingExpected = last ? money(last.balance_after) : money(commit.total_value);
  lines.push({ kind: 'closing', rowId: last?.id ?? null, periodStart: last?.period_start ?? null, ...compare(closingExpected, money(commit.remaining_value), digits) });
  return lines;
}
