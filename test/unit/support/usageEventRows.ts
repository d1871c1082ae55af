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
