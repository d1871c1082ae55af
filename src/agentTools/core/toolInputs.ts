// Each tool's input, said once: checked with zod, and published as the JSON Schema that
// package.json's languageModelTools and the MCP server's tool list carry (toolSchemas.ts).
import * as z from 'zod';
import { MAX_ROWS } from './toolOutput';

const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');
const isoMonth = z.string().regex(/^\d{4}-\d{2}$/, 'a month as YYYY-MM');
const maxRows = z.number().int().min(1).max(MAX_ROWS).describe(`Rows to list at most (1 to ${MAX_ROWS}, default 50). Totals always count every row.`);

export const findContractsInput = z
  .object({
    text: z.string().max(200).optional().describe('Words matched, case-insensitively, against the deal name, the client name and the id.'),
    status: z.array(z.string().max(50)).max(20).optional().describe('Contract statuses to keep: ACTIVE, PENDING, COMPLETED or DELETED (a status Campfire added later is matched as sent).'),
    client: z.string().max(200).optional().describe('Part of the client name.'),
    currency: z.string().regex(/^[A-Za-z]{3}$/, 'a three-letter currency code').optional().describe('Contract currency, a three-letter code such as "USD".'),
    minValue: z.number().optional().describe('Smallest total contract value, in the contract currency.'),
    maxValue: z.number().optional().describe('Largest total contract value, in the contract currency.'),
    endingAfter: isoDate.optional().describe('Keep contracts that end on or after this date (YYYY-MM-DD).'),
    endingBefore: isoDate.optional().describe('Keep contracts that end on or before this date (YYYY-MM-DD).'),
    maxRows: maxRows.optional(),
  })
  .strict();

export const contractInput = z
  .object({
    contractId: id.describe('The contract id (campfire_find_contracts lists them).'),
    maxRows: maxRows.optional(),
  })
  .strict();

export const commitInput = z
  .object({
    contractId: id.describe('The id of the contract the commit belongs to.'),
    commitId: id.describe('The prepaid commit id (campfire_get_contract lists a contract’s commits).'),
  })
  .strict();

export const usageInput = z
  .object({
    contractId: id.describe('The id of the contract the commit belongs to.'),
    commitId: id.describe('The prepaid commit id.'),
    byMonth: z.boolean().optional().describe('Group by period month (default true when byDataKey is not given).'),
    byDataKey: z.string().min(1).max(200).optional().describe('Group by the value of this key of the events’ `data` (for example "team_id").'),
    fromMonth: isoMonth.optional().describe('First period month to count (YYYY-MM).'),
    toMonth: isoMonth.optional().describe('Last period month to count (YYYY-MM).'),
    where: z
      .array(z.object({ key: z.string().min(1).max(200), equals: z.union([z.string().max(500), z.number(), z.boolean(), z.null()]) }).strict())
      .max(10)
      .optional()
      .describe('Keep events whose `data` key equals the value.'),
    includeAdjustments: z.boolean().optional().describe('Count adjustment events too (default true).'),
    maxRows: maxRows.optional(),
  })
  .strict();

export const changesInput = z.object({ maxRows: maxRows.optional() }).strict();

export type FindContractsInput = z.infer<typeof findContractsInput>;
export type ContractInput = z.infer<typeof contractInput>;
export type CommitInput = z.infer<typeof commitInput>;
export type UsageInput = z.infer<typeof usageInput>;
export type ChangesInput = z.infer<typeof changesInput>;

/** An input checked, or what is wrong with it in one sentence. */
export function checkInput<T>(schema: z.ZodType<T>, input: unknown): { ok: true; value: T } | { ok: false; problem: string } {
  const r = schema.safeParse(input ?? {});
  if (r.success) return { ok: true, value: r.data };
  const problems = r.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`);
  return { ok: false, problem: `The input is not valid: ${problems.join('; ')}.` };
}
