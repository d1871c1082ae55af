// A Parquet schema derived from each resource's item schema; `money` is DOUBLE (a DECIMAL would need a
// scale the API does not promise), and fields the schema does not name go into one JSON column, `extra`.
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
      // An integer's check may run once per row (checkFormatsPerRow): ask whether it takes a fraction.
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

type Shape = Record<string, { _zod: { def: ZodDef } }>;

/** Whether the schema refuses `value` in `key` for that reason (not because other fields are missing). */
function rejectsOf(itemSchema: z.ZodObject): Probe {
  return (key, value) => {
    const r = itemSchema.safeParse({ [key]: value });
    return !r.success && r.error.issues.some((i) => i.path.length === 1 && i.path[0] === key);
  };
}

/** A view's columns, in its order: a field the schema names typed as it declares it, any other (a `data` key) as JSON. */
export function viewColumns(itemSchema: z.ZodObject, names: readonly string[]): ParquetColumnSpec[] {
  const shape: Shape = itemSchema.shape;
  const rejects = rejectsOf(itemSchema);
  return names.map((name) => ({ name, kind: Object.hasOwn(shape, name) ? kindOf((shape[name] as Shape[string])._zod.def, name, rejects) : 'json' }));
}

const derived = new WeakMap<z.ZodObject, Map<readonly string[], readonly ParquetColumnSpec[]>>();

/**
 * The documented fields in their rows' order, then any other field of the schema, then `extra`.
 * Derived once per schema and order: the probes build zod errors, and a sync opens a file a partition.
 */
export function parquetColumns(itemSchema: z.ZodObject, order: readonly string[]): readonly ParquetColumnSpec[] {
  let byOrder = derived.get(itemSchema);
  if (!byOrder) derived.set(itemSchema, (byOrder = new Map<readonly string[], readonly ParquetColumnSpec[]>()));
  let columns = byOrder.get(order);
  if (!columns) byOrder.set(order, (columns = Object.freeze(deriveColumns(itemSchema, order).map((c) => Object.freeze(c)))));
  return columns;
}

function deriveColumns(itemSchema: z.ZodObject, order: readonly string[]): ParquetColumnSpec[] {
  const shape: Shape = itemSchema.shape;
  const rejects = rejectsOf(itemSchema);
  const keys = [...order.filter((k) => Object.hasOwn(shape, k)), ...Object.keys(shape).filter((k) => !order.includes(k))];
  const columns: ParquetColumnSpec[] = keys.map((key) => ({ name: key, kind: kindOf((shape[key] as { _zod: { def: ZodDef } })._zod.def, key, rejects) }));
  let extra = EXTRA_COLUMN;
  while (Object.hasOwn(shape, extra)) extra = `_${extra}`;
  columns.push({ name: extra, kind: 'json' });
  return columns;
}
