// Running totals of a usage-event export, for the closing message. Revenue is summed in integer
// cents so a million additions do not drift.

export class UsageTotals {
  private cents = 0;
  events = 0;

  add(record: Record<string, unknown>): void {
    const revenue = record.total_revenue_dollars;
    if (typeof revenue === 'number') this.cents += Math.round(revenue * 100);
    const events = record.total_events;
    if (typeof events === 'number') this.events += events;
  }

  get revenue(): number {
    return this.cents / 100;
  }
}
