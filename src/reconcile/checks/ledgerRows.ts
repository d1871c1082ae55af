// Check 2, ledger rows: each row's own arithmetic. Campfire documents balance_after =
// balance_before − net_consumption_amount and net_consumption_amount = gross_usage_amount −
// discount_amount; it does not say how overage and a row's adjustments enter the net. A row that
// fits only a reading with them taken into account is shown with both numbers, without a verdict.
import { adjustmentEntries } from './adjustmentEntries';
import { compare } from './lines';
import { isNil, minus, money, plus, total, type Money } from './money';
import type { LedgerRow } from './inputs';
import type { RowLine } from './types';

/** The net under the undocumented reading that applies to the row, if any. */
function alternativeNet(row: LedgerRow, documented: Money, digits: number): RowLine['alternative'] {
  const overage = money(row.overage_amount);
  if (overage !== undefined && !isNil(overage, digits)) return { rule: 'overage', expected: minus(documented, overage) };
  const nets = adjustmentEntries(row.adjustments).map((e) => e.net);
  if (nets.length > 0 && nets.every((n): n is Money => n !== undefined)) {
    const adjusted = total(nets);
    if (!isNil(adjusted, digits)) return { rule: 'adjustments', expected: plus(documented, adjusted) };
  }
  return undefined;
}

export function rowLines(rows: readonly LedgerRow[], digits: number): RowLine[] {
  const lines: RowLine[] = [];
  for (const row of rows) {
    const before = money(row.balance_before);
    const net = money(row.net_consumption_amount);
    const gross = money(row.gross_usage_amount);
    const discount = money(row.discount_amount);
    const at = { rowId: row.id, periodStart: row.period_start };
    lines.push({ ...at, field: 'balanceAfter', ...compare(before !== undefined && net !== undefined ? minus(before, net) : undefined, money(row.balance_after), digits) });
    const documented = gross !== undefined && discount !== undefined ? minus(gross, discount) : undefined;
    const line: RowLine = { ...at, field: 'net', ...compare(documented, net, digits) };
    if (line.verdict === 'differs' && documented !== undefined && net !== undefined) {
      const alternative = alternativeNet(row, documented, digits);
      if (alternative) {
        line.alternative = alternative;
        if (isNil(minus(net, alternative.expected), digits)) line.verdict = 'undocumented';
      }
    }
    lines.push(line);
  }
  return lines;
}
