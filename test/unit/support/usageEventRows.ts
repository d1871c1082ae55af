// Wire rows for tests, written by field name: a row is a tuple (src/usageEvents/protocol/usageEventRow.ts), so
// tests build it from the API's field names rather than by position.
import { USAGE_EVENT_FIELDS, type UsageEventData, type UsageEventFieldTypes, type UsageEventRow } from '../../../src/usageEvents/protocol/usageEventRow';

export type UsageEventFields = UsageEventFieldTypes & { data: UsageEventData };

/** The row holding these fields, in USAGE_EVENT_FIELDS order, then `data`. */
export function wireRow(fields: UsageEventFields): UsageEventRow {
  return [...USAGE_EVENT_FIELDS.map((f) => fields[f]), fields.data] as UsageEventRow;
}

/** A row's fields by name (the inverse of wireRow). */
export function rowFields(row: UsageEventRow): UsageEventFields {
  const out: Record<string, unknown> = {};
  USAGE_EVENT_FIELDS.forEach((f, i) => (out[f] = row[i]));
  out.data = row[USAGE_EVENT_FIELDS.length];
  return out as unknown as UsageEventFields;
}

/** An ordinary event's fields (one event of 10 dollars in January 2025), with these instead. */
export function eventFields(over: Partial<UsageEventFields>): UsageEventFields {
  return {
    id: 1,
    event_date: '2025-01-15',
    period_month: '2025-01-01',
    total_revenue_dollars: 10,
    total_events: 1,
    external_id: 'evt_1',
    is_adjustment: false,
    adjustment_date: null,
    original_period_month: null,
    consumption: 5,
    created_at: '2025-01-15T10:00:00Z',
    data: [],
    ...over,
  };
}
