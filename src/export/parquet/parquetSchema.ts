// A Parquet schema for each exportable resource, derived from its item schema (src/api/schemas):
// `id` integers → INT64, `money` → DOUBLE (the double Campfire sent, exactly; a DECIMAL would need
// a scale the API does not promise), `isoDate` → DATE, `isoDateTime` → TIMESTAMP(MICROS, UTC),
// booleans → BOOLEAN, strings and enums → STRING, anything else (lists, objects, `data`, a union)
// → JSON text. Fields a record brings that the schema does not name go, together, into one
// trailing JSON column, `extra`, so nothing Campfire sends is dropped whatever it adds.
import type * as z from 'zod';
import type { ParquetColumnSpec, ParquetKind } from './parquetWriter';

/** Header of the column for fields the schema does not name (suffixed if a field has that name). */
export const EXTRA_COLUMN = 'extra';

interface ZodDef {
  type: string;
  format?: string;
  innerType?: { _zod: { def: ZodDef } };
  in?: { _zod: { def: ZodDef } };
}

type Probe = (key: string, value: unknown) => boolean;

/** The kind of one field: its declared type inside optional/nullable wrappers. */
function kindOf(def: ZodDef, key: string, rejects: Probe): ParquetKind {
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return def.innerType ? kindOf(def.innerType._zod.def, key, rejects) : 'json';
    case 'pipe':
      // An open enum: a string, transformed to itself.
      return def.in?._zod.def.type === 'string' ? 'string' : 'json';
    case 'boolean':
      return 'boolean';
    case 'number':
      if (def.format === 'safeint' || def.format === 'int32' || def.format === 'uint32') return 'int64';
      if (def.format) return 'double';
      // A plain number here may be an integer whose check runs once per row for the whole record
      // (checkFormatsPerRow): ask the schema whether it takes a fraction.
      return rejects(key, 0.5) ? 'int64' : 'double';
    case 'string':
      if (def.format === 'date') return 'date';
      if (def.format === 'datetime') return 'timestamp';
      if (def.format) return 'string';
      if (!rejects(key, 'not a date')) return 'string';
      if (!rejects(key, '2020-01-31')) return 'date';
      if (!rejects(key, '2020-01-31T12:00:00Z')) return 'timestamp';
      return 'string';
    default:
      return 'json';
  }
}

/**
 * The columns of a resource: its documented fields in the order its rows bring them (`order`,
 * the descriptor's base columns), then any other field of the schema, then `extra`.
 */
export function parquetColumns(itemSchema: z.ZodObject, order: readonly string[]): ParquetColumnSpec[] {
  const shape = itemSchema.shape as Record<string, { _zod: { def: ZodDef } }>;
  // Whether the schema refuses `value` in `key` for that reason (not because other fields are missing).
  const rejects: Probe = (key, value) => {
    const r = itemSchema.safeParse({ [key]: value });
    return !r.success && r.error.issues.some((i) => i.path.length === 1 && i.path[0] === key);
  };
  const keys = [...order.filter((k) => Object.hasOwn(shape, k)), ...Object.keys(shape).filter((k) => !order.includes(k))];
  const columns: ParquetColumnSpec[] = keys.map((key) => ({ name: key, kind: kindOf((shape[key] as { _zod: { def: ZodDef } })._zod.def, key, rejects) }));
  let extra = EXTRA_COLUMN;
  while (Object.hasOwn(shape, extra)) extra = `_${extra}`;
  columns.push({ name: extra, kind: 'json' });
  return columns;
}
