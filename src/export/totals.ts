// Running totals of a usage-event export for the closing message, revenue summed exactly in decimal.
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
