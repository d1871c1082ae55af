// Money is summed exactly from the digits Campfire sent: a million dimes are 100,000.00, and any
// amounts sum to what a reference decimal (BigInt of scaled digits) says.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { groupEvents, reconcileCommit } from '../../src/reconcile/checks';
import { DecimalSum } from '../../src/shared/exactDecimal';
import { UsageEventColumns } from '../../src/usageEvents/protocol/cellColumns';
import { fieldIndex, type UsageEventRow } from '../../src/usageEvents/protocol/usageEventRow';

function eventRow(id: number, revenue: number, consumption: number | null, month = '2025-01-01'): UsageEventRow {
  return [id, null, month, revenue, 1, null, false, null, null, consumption, null, []];
}

/** Reference: the decimal as a BigInt scaled to 10^scale. */
function scaledBigInt(text: string, scale: number): bigint {
  const negative = text.startsWith('-');
  const [int = '0', frac = ''] = text.replace(/^-/, '').split('.');
  const v = BigInt(int + frac.padEnd(scale, '0'));
  return negative ? -v : v;
}

function referenceSum(texts: readonly string[], scale: number): string {
  const sum = texts.reduce((a, t) => a + scaledBigInt(t, scale), 0n);
  const negative = sum < 0n;
  const digits = (negative ? -sum : sum).toString().padStart(scale + 1, '0');
  const text = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`.replace(/\.?0+$/, '');
  return negative && text !== '0' ? `-${text}` : text;
}

describe('exact sums of money', () => {
  it('sums 1,000,000 amounts of 0.1 to exactly 100000 (a double drifts)', () => {
    const table = new UsageEventColumns(fieldIndex('period_month'));
    const page: UsageEventRow[] = [];
    for (let i = 0; i < 1_000_000; i++) {
      page.push(eventRow(i + 1, 0.1, 7));
      if (page.length === 10_000) table.append(page.splice(0));
    }
    let double = 0;
    for (let i = 0; i < 1_000_000; i++) double += 0.1;
    assert.notEqual(double, 100_000, 'the binary sum drifts');
    const [group] = groupEvents(table);
    assert.equal(group?.revenue.toString(), '100000');
    assert.equal(group.rows, 1_000_000);
    const r = reconcileCommit({
      commit: { id: 1, contract: 1, name: 'dimes', currency: 'USD', total_value: 100_000, remaining_value: 0 },
      ledger: {
        ok: true,
        value: [
          {
            id: 7, period_start: '2025-01-01', period_end: '2025-01-31', gross_usage_amount: 100_000, discount_amount: 0, net_consumption_amount: 100_000,
            overage_amount: 0, balance_before: 100_000, balance_after: 0, total_events: 1_000_000, adjustments: [],
          },
        ],
      },
      events: { ok: true, value: table },
    });
    assert.equal(r.verdict, 'agrees');
  });

  it('sums any amounts as a reference decimal does (property)', () => {
    const amount = fc
      .tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 6 }))
      .map(([m, s]) => {
        const negative = m < 0n;
        const digits = (negative ? -m : m).toString().padStart(s + 1, '0');
        const text = s === 0 ? digits : `${digits.slice(0, digits.length - s)}.${digits.slice(digits.length - s)}`;
        return negative ? `-${text}` : text;
      });
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 200 }), fc.boolean(), (texts, asNumbers) => {
        // As the client stores them: numbers whose shortest form is the digits sent, when a double holds them.
        const values = texts.map((t) => (asNumbers && String(Number(t)) === t.replace(/^(-?)0+(?=\d)/, '$1') ? Number(t) : t));
        const table = new UsageEventColumns(fieldIndex('period_month'));
        table.append(values.map((v, i) => eventRow(i + 1, v as number, 1)));
        const sum = new DecimalSum();
        for (const g of groupEvents(table)) sum.addSum(g.revenue);
        assert.equal(sum.toString(), referenceSum(texts, 6));
      }),
      { numRuns: 300 },
    );
  });
});
