// What can be exported, and how.

export type ExportFormat = 'csv' | 'json' | 'jsonl';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json', 'jsonl'];

export type ExportResource = 'contracts' | 'prepaidCommits' | 'tierPriceOverrides' | 'usageEvents';

export const RESOURCE_LABELS: Record<ExportResource, { plural: string; file: string }> = {
  contracts: { plural: 'contracts', file: 'contracts' },
  prepaidCommits: { plural: 'prepaid commits', file: 'prepaid-commits' },
  tierPriceOverrides: { plural: 'tier price overrides', file: 'tier-price-overrides' },
  usageEvents: { plural: 'usage events', file: 'usage-events' },
};

export const FORMAT_LABELS: Record<ExportFormat, { label: string; extension: string; detail: string }> = {
  csv: { label: 'CSV', extension: 'csv', detail: 'One row per record, a header row, data keys as their own columns' },
  json: { label: 'JSON array', extension: 'json', detail: 'The records as Campfire sent them, in one array' },
  jsonl: { label: 'JSON Lines', extension: 'jsonl', detail: 'One record per line, as Campfire sent it' },
};

export function isExportFormat(v: unknown): v is ExportFormat {
  return typeof v === 'string' && (EXPORT_FORMATS as readonly string[]).includes(v);
}

/** A file-name-safe slug: letters, digits, dashes. */
export function slug(text: string, max = 40): string {
  const s = text
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .replace(/-+/g, '-')
    .toLowerCase()
    .slice(0, max)
    .replace(/-$/, '');
  return s || 'export';
}

/** e.g. usage-events_acme-robotics-growth-plan_inference-api-prepaid_2026-11-22.csv */
export function defaultFileName(resource: ExportResource, format: ExportFormat, parts: readonly string[], date = new Date()): string {
  const stem = [RESOURCE_LABELS[resource].file, ...parts.map((p) => slug(p)), date.toISOString().slice(0, 10)].join('_');
  return `${stem}.${FORMAT_LABELS[format].extension}`;
}
