// PrepaidUsageEvent (GET …/prepaid-commits/{commit_id}/usage-events): the rows behind a commit's drawdown.
import * as z from 'zod';
import { id, isoDate, isoDateTime, money } from './primitives';
import { checkFormatsPerRow } from './rowFormats';

// A commit can have a million of these: their integer and date formats are tested once per row.
export const usageEventSchema = checkFormatsPerRow(
  z.object({
    id,
    prepaid_commit: id,
    consumption: id.nullable(),
    period_month: isoDate,
    created_at: isoDateTime.nullable(),

    external_id: z.string().nullable().optional(),
    event_date: isoDate.nullable().optional(),
    total_revenue_dollars: money.optional(),
    total_events: id.optional(),
    // Free-form customer dimensions (team_id, product_feature, ...): keys vary from row to row.
    data: z.unknown().optional(),
    adjustment_date: isoDate.nullable().optional(),
    is_adjustment: z.boolean().optional(),
    original_period_month: isoDate.nullable().optional(),
  }),
);

export type UsageEvent = z.infer<typeof usageEventSchema> & Record<string, unknown>;
