// Running totals of a usage-event export, for the closing message. Revenue is summed exactly in
// decimal from the digits Campfire sent (src/shared/exactDecimal.ts), so a million additions
// neither drift nor lose sub-cent digits.
import { DecimalSum } from '../shared/exactDecimal';

export class UsageTotals {
  private readonly sum = new DecimalSum();
  events = 0;

  add(record: Record<string, unknown>): void {
    const revenue = record.total_revenue_dollars;
    if (typeof revenue === 'number') this.sum.add(revenue);
    const events = record.total_events;
    if (typeof events === 'number') this.events += events;
  }

  /** The exact total as decimal text ("137953.605"). */
  get revenue(): string {
    return this.sum.toString();
  }
}
