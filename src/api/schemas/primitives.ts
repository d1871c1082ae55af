// Field types shared by every Campfire schema, faithful to the published OpenAPI (drf-spectacular).
import * as z from 'zod';
import { reportUnknownValue } from '../unknownValues';

/** `type: integer` ids and counts. */
export const id = z.int();
/** `type: number, format: double`: money and quantities arrive as JSON numbers, not strings. */
export const money = z.number();
/** `format: date` (YYYY-MM-DD). */
export const isoDate = z.iso.date();
/** `format: date-time`; DRF emits `Z` or `+00:00` offsets and microseconds. */
export const isoDateTime = z.iso.datetime({ offset: true, local: true });

/**
 * Unknown enum values are tolerated because the API evolves: the record still loads and the raw
 * value is shown. Each one is reported to the listener of the validation under way (the client's
 * `onUnknownValue`, see unknownValues.ts), which tells the log or the terminal once per value.
 * drf-spectacular optional enums may also arrive as "" or null (BlankEnum, NullEnum).
 */
export type OpenEnum<T extends string> = T | (string & {});

export function openEnum<const T extends readonly [string, ...string[]]>(enumName: string, values: T) {
  const known = new Set<string>(values);
  // Not nullable by itself: a required enum (a commit's status) must be there. Optional ones add
  // .nullable(), as Campfire may send null for an optional enum (drf-spectacular's NullEnum).
  return z.string().transform((v): OpenEnum<T[number]> => {
    if (v !== '' && !known.has(v)) reportUnknownValue(enumName, v);
    return v;
  });
}

/** True when `value` is one of the documented values (views use it to mark unknown ones). */
export function isKnown<T extends string>(values: readonly T[], value: string | null | undefined): value is T {
  return value != null && (values as readonly string[]).includes(value);
}
