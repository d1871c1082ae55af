// Two small SVG charts drawn in the theme's chart colours (set in usageEvents.css from
// --vscode-charts-*): revenue per period month of the rows shown, with adjustments stacked and
// hatched so they stay distinguishable without colour, and the commit's remaining value over time
// from its consumption ledger. Labels are text nodes; tooltips are <title> elements.
import * as l10n from '@vscode/l10n';
import type { CommitHeader, LedgerPoint } from '../../protocol/usageEventsMessages';
import { formatMoney } from '../model/columns';
import type { MonthRevenue } from '../model/tableView';
import { h, s } from './dom';

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
/** A chart's height, and the least it is drawn at when the panel is short (its axes still read). */
export const CHART_HEIGHT = 136;
export const CHART_MIN_HEIGHT = 80;
const MARGIN = { top: 10, right: 12, bottom: 24, left: 56 };

/** Round tick values covering [min, max] (min <= 0 <= max for bar charts). */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

function frame(width: number, height: number, label: string): SVGSVGElement {
  return s('svg', { class: 'chart-svg', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label });
}

function yAxis(svg: SVGSVGElement, ticks: number[], y: (v: number) => number, width: number): void {
  for (const tick of ticks) {
    svg.append(s('line', { class: tick === 0 ? 'axis zero' : 'gridline', x1: MARGIN.left, x2: width - MARGIN.right, y1: y(tick), y2: y(tick) }));
    svg.append(s('text', { class: 'tick', x: MARGIN.left - 6, y: y(tick) + 4, 'text-anchor': 'end' }, [compact.format(tick)]));
  }
}

export function revenueChart(months: readonly MonthRevenue[], width: number, currency: string | null, height = CHART_HEIGHT): Element {
  if (months.length === 0) return h('div', { class: 'chart-empty', text: l10n.t('No rows to chart.') });
  let max = 0;
  let min = 0;
  for (const m of months) {
    const pos = Math.max(0, m.regular) + Math.max(0, m.adjustments);
    const neg = Math.min(0, m.regular) + Math.min(0, m.adjustments);
    max = Math.max(max, pos);
    min = Math.min(min, neg);
  }
  if (max === min) max = 1;
  // Gridlines only inside the data's range (plus zero), so a small negative adjustment does not
  // cost a whole tick of height.
  const ticks = niceTicks(min, max).filter((tick) => tick === 0 || (tick >= min && tick <= max * 1.15));
  const lo = min;
  const hi = Math.max(max, ticks[ticks.length - 1] ?? max);
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const y = (v: number) => MARGIN.top + ((hi - v) / (hi - lo)) * plotH;
  const plotW = width - MARGIN.left - MARGIN.right;
  const slot = plotW / months.length;
  const barW = Math.max(1, Math.min(40, slot * 0.7));
  const svg = frame(width, height, currency ? l10n.t('Revenue per period month ({0})', currency) : l10n.t('Revenue per period month'));
  const defs = s('defs', {}, [
    s('pattern', { id: 'adjustment-hatch', width: 6, height: 6, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' }, [
      s('rect', { class: 'hatch-bg', width: 6, height: 6 }),
      s('line', { class: 'hatch-line', x1: 0, y1: 0, x2: 0, y2: 6 }),
    ]),
  ]);
  svg.append(defs);
  yAxis(svg, ticks, y, width);
  const labelEvery = Math.max(1, Math.ceil(44 / slot));
  months.forEach((m, i) => {
    const x = MARGIN.left + i * slot + (slot - barW) / 2;
    const g = s('g', { class: 'bar-group' }, [
      s('title', {}, [[m.month.slice(0, 7), l10n.t('Revenue: {0}', formatMoney(m.regular + m.adjustments)), l10n.t('Adjustments: {0}', formatMoney(m.adjustments))].join('\n')]),
    ]);
    // Stack away from zero: the regular part first, then the adjustments on the same side.
    let up = 0;
    let down = 0;
    for (const [value, cls] of [
      [m.regular, 'bar regular'],
      [m.adjustments, 'bar adjustment'],
    ] as const) {
      if (value === 0) continue;
      const from = value > 0 ? up : down;
      const to = from + value;
      if (value > 0) up = to;
      else down = to;
      const top = y(Math.max(from, to));
      const bottom = y(Math.min(from, to));
      g.append(s('rect', { class: cls, x, y: top, width: barW, height: Math.max(1, bottom - top) }));
    }
    svg.append(g);
    if (i % labelEvery === 0) {
      svg.append(s('text', { class: 'tick', x: x + barW / 2, y: height - 8, 'text-anchor': 'middle' }, [m.month.slice(0, 7)]));
    }
  });
  return svg;
}

function dayNumber(iso: string): number {
  const ms = Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(ms) ? Number.NaN : ms / 86_400_000;
}

export function burnDownChart(header: CommitHeader | null, ledger: readonly LedgerPoint[], width: number, height = CHART_HEIGHT): Element {
  if (!header) return h('div', { class: 'chart-empty', text: l10n.t('Waiting for the commit…') });
  if (ledger.length === 0) return h('div', { class: 'chart-empty', text: l10n.t('No consumption recorded for this commit yet.') });
  const points: { day: number; value: number; label: string }[] = [
    { day: dayNumber(header.startDate), value: ledger[0]?.balanceBefore ?? header.totalValue, label: l10n.t('Start {0}', header.startDate) },
  ];
  for (const p of ledger) points.push({ day: dayNumber(p.periodEnd), value: p.balanceAfter, label: l10n.t('{0} – {1}', p.periodStart, p.periodEnd) });
  const valid = points.filter((p) => Number.isFinite(p.day));
  const expiry = header.expirationDate ? dayNumber(header.expirationDate) : Number.NaN;
  const days = valid.map((p) => p.day);
  if (Number.isFinite(expiry)) days.push(expiry);
  const x0 = Math.min(...days);
  const x1 = Math.max(...days, x0 + 1);
  const values = [...valid.map((p) => p.value), header.totalValue, 0];
  const ticks = niceTicks(Math.min(...values), Math.max(...values));
  const lo = Math.min(...values, ticks[0] ?? 0);
  const hi = Math.max(...values, ticks[ticks.length - 1] ?? 1);
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const x = (d: number) => MARGIN.left + ((d - x0) / (x1 - x0)) * plotW;
  const y = (v: number) => MARGIN.top + ((hi - v) / (hi - lo || 1)) * plotH;
  const svg = frame(width, height, l10n.t('Remaining value over time'));
  yAxis(svg, ticks, y, width);
  // Remaining value holds until the next period closes: a step line.
  let d = '';
  valid.forEach((p, i) => {
    d += i === 0 ? `M${x(p.day)},${y(p.value)}` : `H${x(p.day)}V${y(p.value)}`;
  });
  const last = valid[valid.length - 1];
  if (last) {
    svg.append(s('path', { class: 'burn-area', d: `${d}V${y(Math.max(lo, 0))}H${x(valid[0]?.day ?? x0)}Z` }));
    svg.append(s('path', { class: 'burn-line', d }));
  }
  for (const p of valid) {
    svg.append(s('circle', { class: 'burn-point', cx: x(p.day), cy: y(p.value), r: 3 }, [s('title', {}, [`${p.label}\n${l10n.t('Remaining: {0}', formatMoney(p.value))}`])]));
  }
  if (Number.isFinite(expiry)) {
    svg.append(s('line', { class: 'expiry', x1: x(expiry), x2: x(expiry), y1: MARGIN.top, y2: height - MARGIN.bottom }, [s('title', {}, [l10n.t('Expires {0}', header.expirationDate ?? '')])]));
  }
  const firstDay = valid[0]?.day ?? x0;
  const fmtDay = (dd: number) => new Date(dd * 86_400_000).toISOString().slice(0, 7);
  svg.append(s('text', { class: 'tick', x: x(firstDay), y: height - 8, 'text-anchor': 'start' }, [fmtDay(firstDay)]));
  svg.append(s('text', { class: 'tick', x: x(x1), y: height - 8, 'text-anchor': 'end' }, [Number.isFinite(expiry) && expiry === x1 ? l10n.t('expires {0}', fmtDay(x1)) : fmtDay(x1)]));
  return svg;
}
