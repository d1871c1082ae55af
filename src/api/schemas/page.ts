// DRF limit/offset envelope: `count` and `results` are required, `next`/`previous` nullable URIs.
import * as z from 'zod';

function buildPageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.int().nonnegative(),
    next: z.string().nullable().optional(),
    previous: z.string().nullable().optional(),
    results: z.array(item),
  });
}

const built = new WeakMap<z.ZodType, ReturnType<typeof buildPageSchema>>();

/** One envelope per item schema: building a zod schema costs more than checking a short page with it. */
export function pageSchema<T extends z.ZodType>(item: T): ReturnType<typeof buildPageSchema<T>> {
  let schema = built.get(item);
  if (!schema) {
    schema = buildPageSchema(item);
    built.set(item, schema);
  }
  return schema as ReturnType<typeof buildPageSchema<T>>;
}

export interface Page<T> {
  count: number;
  next?: string | null;
  previous?: string | null;
  results: T[];
}
