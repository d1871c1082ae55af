// Format checks of high-volume list rows, run in one pass per row instead of one zod check per field.
import * as z from 'zod';
import { $ZodCheck, type $ZodRawIssue, type $ZodType } from 'zod/v4/core';

/** A field whose declared type is a plain format (an integer, an ISO date) wrapped in optional/nullable. */
interface FormatField {
  key: string;
  /** False only for a value of the right base type that breaks the format. */
  passes: (value: unknown) => boolean;
  /** The field's declared format type, which describes a failure exactly as zod would. */
  declared: z.ZodType;
}

/** The format type inside optional/nullable wrappers, and the same wrappers around its unchecked base. */
function splitFormat(type: $ZodType): { field: Omit<FormatField, 'key'>; unchecked: z.ZodType } | undefined {
  if (type instanceof z.ZodOptional || type instanceof z.ZodNullable) {
    const inner = splitFormat(type.unwrap());
    if (!inner) return undefined;
    return { field: inner.field, unchecked: type instanceof z.ZodOptional ? inner.unchecked.optional() : inner.unchecked.nullable() };
  }
  // Only a type whose one check is its format: anything more (a minimum, a refinement) stays with zod.
  if (type._zod.def.checks?.length) return undefined;
  if (type instanceof z.ZodNumberFormat && type._zod.def.format === 'safeint') {
    // z.number() already refuses NaN and the infinities, so the int check only sees finite numbers.
    const passes = (v: unknown) => typeof v !== 'number' || !Number.isFinite(v) || Number.isSafeInteger(v);
    return { field: { passes, declared: type }, unchecked: z.number() };
  }
  if (type instanceof z.ZodStringFormat) {
    const pattern = type._zod.def.pattern;
    if (!pattern || pattern.global || pattern.sticky) return undefined;
    const passes = (v: unknown) => typeof v !== 'string' || pattern.test(v);
    return { field: { passes, declared: type }, unchecked: z.string() };
  }
  return undefined;
}

/**
 * The same schema with its integer and ISO date fields checked in one pass per row: zod's per-field
 * pipeline was a tenth of the client's CPU on a page of usage events. Same issues, same messages.
 */
export function checkFormatsPerRow<T extends z.ZodObject>(schema: T): T {
  const fields: FormatField[] = [];
  const shape: Record<string, $ZodType> = {};
  const declared: z.ZodObject<Record<string, $ZodType>> = schema;
  for (const [key, type] of Object.entries(declared.shape)) {
    const split = splitFormat(type);
    if (split) fields.push({ key, ...split.field });
    shape[key] = split?.unchecked ?? type;
  }
  if (fields.length === 0) return schema;
  // A custom check with `when`, so formats are still checked in a row where another field has the
  // wrong type: the declared schema reports both, and so must this one.
  const formats = new $ZodCheck({ check: 'custom', when: (payload) => typeof payload.value === 'object' && payload.value !== null });
  formats._zod.check = (payload) => {
    const row = payload.value as Record<string, unknown>;
    for (const field of fields) {
      const value = row[field.key];
      if (value === undefined || value === null || field.passes(value)) continue;
      const described = field.declared.safeParse(value);
      if (described.success) continue;
      for (const issue of described.error.issues) payload.issues.push({ ...issue, input: value, path: [field.key, ...issue.path] } as $ZodRawIssue);
    }
  };
  // Same object kind (strip, loose or strict) and the same output type: only where formats are tested moves.
  return schema.extend(shape).check(formats) as unknown as T;
}
