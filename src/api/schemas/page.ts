// DRF limit/offset envelope: `count` and `results` are required, `next`/`previous` nullable URIs.
import * as z from 'zod';

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    count: z.int().nonnegative(),
    next: z.string().nullable().optional(),
    previous: z.string().nullable().optional(),
    results: z.array(item),
  });
}

export interface Page<T> {
  count: number;
  next?: string | null;
  previous?: string | null;
  results: T[];
}
