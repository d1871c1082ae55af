// Field types shared by every Campfire schema, faithful to the published OpenAPI (drf-spectacular).
import * as z from 'zod';

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
 * value is shown. They are reported once per (enum, value) so the log says what the extension
 * does not recognise. drf-spectacular optional enums may also arrive as "" or null (BlankEnum,
 * NullEnum).
 */
export type OpenEnum<T extends string> = T | (string & {});

type UnknownEnumListener = (enumName: string, value: string) => void;
let unknownEnumListener: UnknownEnumListener | undefined;
const reported = new Set<string>();

/** The API layer routes unknown enum values to its logger through this hook. */
export function onUnknownEnumValue(listener: UnknownEnumListener | undefined): void {
  unknownEnumListener = listener;
}

export function openEnum<const T extends readonly [string, ...string[]]>(enumName: string, values: T) {
  const known = new Set<string>(values);
  // Not nullable by itself: a required enum (a commit's status) must be there. Optional ones add
  // .nullable(), as Campfire may send null for an optional enum (drf-spectacular's NullEnum).
  return z.string().transform((v): OpenEnum<T[number]> => {
    if (v !== '' && !known.has(v)) {
      const key = `${enumName}\u0000${v}`;
      if (!reported.has(key)) {
        reported.add(key);
        unknownEnumListener?.(enumName, v);
      }
    }
    return v;
  });
}

/** True when `value` is one of the documented values (views use it to mark unknown ones). */
export function isKnown<T extends string>(values: readonly T[], value: string | null | undefined): value is T {
  return value != null && (values as readonly string[]).includes(value);
}
