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

/** Unknown enum values are kept and reported, as the API evolves; optional ones may also be "" or null (drf-spectacular). */
export type OpenEnum<T extends string> = T | (string & {});

export function openEnum<const T extends readonly [string, ...string[]]>(enumName: string, values: T) {
  const known = new Set<string>(values);
  // Not nullable by itself: a required enum (a commit's status) must be there.
  return z.string().transform((v): OpenEnum<T[number]> => {
    if (v !== '' && !known.has(v)) reportUnknownValue(enumName, v);
    return v;
  });
}

/** True when `value` is one of the documented values (views use it to mark unknown ones). */
export function isKnown<T extends string>(values: readonly T[], value: string | null | undefined): value is T {
  return value != null && (values as readonly string[]).includes(value);
}
