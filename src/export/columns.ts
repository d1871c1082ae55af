// CSV columns, discovered from the rows themselves: every top-level field in the order first
// seen, and for usage events every key of `data` as its own `data.<key>` column. Keys can first
// appear late in a listing, so columns are collected while rows are spooled and the header is
// written once all rows are known (see csvExport.ts).

export class ColumnSet {
  private readonly fields = new Map<string, true>();
  private readonly dataKeys = new Map<string, true>();

  constructor(private readonly flattenData: boolean) {}

  observe(record: Record<string, unknown>): void {
    for (const key in record) {
      if (this.flattenData && key === 'data') {
        this.fields.set(key, true);
        const data = record.data;
        if (data !== null && typeof data === 'object' && !Array.isArray(data)) {
          for (const k in data as Record<string, unknown>) this.dataKeys.set(k, true);
        }
      } else {
        this.fields.set(key, true);
      }
    }
  }

  /** Header names, in order. */
  header(): string[] {
    const out: string[] = [];
    for (const f of this.fields.keys()) {
      if (this.flattenData && f === 'data') for (const k of this.dataKeys.keys()) out.push(`data.${k}`);
      else out.push(f);
    }
    return out;
  }

  /** The cells of `record` in header order. */
  cells(record: Record<string, unknown>): unknown[] {
    const out: unknown[] = [];
    for (const f of this.fields.keys()) {
      if (this.flattenData && f === 'data') {
        const data = record.data;
        const obj = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
        for (const k of this.dataKeys.keys()) out.push(obj?.[k]);
      } else {
        out.push(record[f]);
      }
    }
    return out;
  }
}
