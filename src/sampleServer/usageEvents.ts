// Usage events generated one at a time from (seed, commit, index), so a million-row commit costs no
// memory; some `data` keys appear only late in the listing, as real customer dimensions do.
import type { UsageEvent } from '../api/schemas/usageEvent';
import { addDays, addMonths, daysInMonth, firstOfMonth, SAMPLE_TODAY } from './dates';
import { FEATURES, HOSTILE_STRINGS, MODELS, REGIONS, TEAMS } from './names';
import { hash, hash4 } from './random';

export interface EventSource {
  seed: number;
  commitId: number;
  startDate: string;
  months: number;
  count: number;
  /** Average revenue of an event, so that a commit's events add up to about what it consumed. */
  meanRevenue: number;
  hostile: boolean;
  /** A closed month whose events were never rolled up (they name no consumption row): a planted discrepancy. */
  unprocessedMonth?: number | undefined;
  /** An event that names a consumption row the ledger does not have: a planted discrepancy. */
  strayEvent?: number | undefined;
}

/** What the ledger is derived from: one event's month, revenue in cents, count, adjustment and row, without its `data`. */
export interface EventFigures {
  month: number;
  revenueCents: number;
  totalEvents: number;
  isAdjustment: boolean;
  /** For an adjustment, how many months before its own it corrects (1 or 2). */
  correctsMonthsBack: number;
  consumption: number | null;
}

/** Campfire-style ids: unique across commits, stable for a seed. */
export function usageEventId(commitId: number, index: number): number {
  return commitId * 10_000_000 + index + 1;
}

export function consumptionId(commitId: number, month: number): number {
  return commitId * 1000 + month + 1;
}

export function monthOfEvent(src: EventSource, index: number): number {
  return Math.min(src.months - 1, Math.floor((index * src.months) / Math.max(1, src.count)));
}

interface MonthInfo {
  periodMonth: string;
  days: number;
}

// Per-month date strings computed once per commit: the bench lists a million rows.
const monthTables = new Map<string, MonthInfo[]>();

function monthTable(src: EventSource): MonthInfo[] {
  const key = `${src.startDate}/${src.months}`;
  let table = monthTables.get(key);
  if (!table) {
    table = Array.from({ length: src.months }, (_, m) => {
      const periodMonth = firstOfMonth(addMonths(firstOfMonth(src.startDate), m));
      // The current month has usage only up to "today".
      const days = periodMonth === firstOfMonth(SAMPLE_TODAY) ? Number(SAMPLE_TODAY.slice(8, 10)) : daysInMonth(periodMonth);
      return { periodMonth, days };
    });
    monthTables.set(key, table);
  }
  return table;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A consumption id no ledger row has (rows are numbered from 1 per commit, far below this). */
export function strayConsumptionId(commitId: number): number {
  return consumptionId(commitId, 900);
}

export function eventFigures(src: EventSource, index: number): EventFigures {
  const { seed, commitId } = src;
  const h = hash(seed, commitId, index);
  const month = monthOfEvent(src, index);
  const isAdjustment = hash4(seed, commitId, index, 1) / 0x100000000 < 0.03;
  // 0.25 + 3u³ averages 1: most events are small, a few are large, as metered usage is.
  const baseCents = Math.max(1, Math.round(src.meanRevenue * (0.25 + 3 * (hash4(seed, commitId, index, 2) / 0x100000000) ** 3) * 100));
  // The last month is still open, and a planted unprocessed month was never rolled up: no row yet.
  const unprocessed = month === src.months - 1 || month === src.unprocessedMonth;
  return {
    month,
    revenueCents: isAdjustment ? -baseCents : baseCents,
    totalEvents: 1 + (hash4(seed, commitId, index, 3) % 5000),
    isAdjustment,
    correctsMonthsBack: 1 + (h % 2),
    consumption: index === src.strayEvent ? strayConsumptionId(commitId) : unprocessed ? null : consumptionId(commitId, month),
  };
}

export function makeUsageEvent(src: EventSource, index: number): UsageEvent {
  const { commitId } = src;
  const h = hash(src.seed, commitId, index);
  const figures = eventFigures(src, index);
  const month = figures.month;
  const info = monthTable(src)[month] as MonthInfo;
  const periodMonth = info.periodMonth;
  const day = 1 + (h % info.days);
  const eventDate = `${periodMonth.slice(0, 8)}${two(day)}`;
  const isAdjustment = figures.isAdjustment;
  const data: Record<string, unknown> = {
    team_id: TEAMS[h % TEAMS.length],
    product_feature: FEATURES[(h >>> 8) % FEATURES.length],
  };
  // Keys that appear only in later rows, or only in some rows.
  if (index >= src.count / 3) data.model = MODELS[(h >>> 12) % MODELS.length];
  if ((h >>> 4) % 5 === 0) data.region = REGIONS[(h >>> 16) % REGIONS.length];
  if (index % 50 === 7) data.labels = { env: (h & 1) === 0 ? 'prod' : 'staging', cost_center: `CC-${100 + (h % 40)}` };
  if (index % 97 === 3) data.request_ids = [`req_${h.toString(36)}`, `req_${(h >>> 3).toString(36)}`];
  if (src.hostile && index % 10 === 0) {
    const payload = HOSTILE_STRINGS[(index / 10) % HOSTILE_STRINGS.length] ?? '';
    data[payload.slice(0, 60)] = payload;
    data.note = payload;
  }
  const event: UsageEvent = {
    id: usageEventId(commitId, index),
    prepaid_commit: commitId,
    consumption: figures.consumption,
    external_id: src.hostile && index % 10 === 5 ? (HOSTILE_STRINGS[index % HOSTILE_STRINGS.length] ?? null) : `evt_${commitId}_${index.toString(36).padStart(6, '0')}`,
    event_date: eventDate,
    period_month: periodMonth,
    total_revenue_dollars: figures.revenueCents / 100,
    total_events: figures.totalEvents,
    data,
    adjustment_date: isAdjustment ? addDays(eventDate, 3 + (h % 20)) : null,
    is_adjustment: isAdjustment,
    original_period_month: isAdjustment ? firstOfMonth(addMonths(periodMonth, -figures.correctsMonthsBack)) : null,
    created_at: createdAt(eventDate, h),
  };
  return event;
}

/** A DRF-style timestamp on the event's day, without Date arithmetic. */
function createdAt(day: string, h: number): string {
  const seconds = 3600 + (h % 80_000);
  return `${day}T${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}.${String(h % 1_000_000).padStart(6, '0')}Z`;
}
