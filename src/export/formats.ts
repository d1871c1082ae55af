// What can be exported (the resources' descriptors say which), and in which formats.
import * as l10n from '@vscode/l10n';
import { EXPORTABLE, type Exportable } from '../resources';
import { openCsv, openTsv } from './csvSpool';
import type { OpenWriter } from './exportWriter';
import { openJson, openJsonLines } from './jsonWriter';
import { openParquet } from './parquet/parquetRows';
import { openXlsx } from './xlsx/xlsxSpool';

export type ExportFormat = 'csv' | 'tsv' | 'xlsx' | 'parquet' | 'json' | 'jsonl';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'tsv', 'xlsx', 'parquet', 'json', 'jsonl'];

/** An exportable resource, by its name (`usageEvents`). */
export type ExportResource = Exportable['name'];

export function exportable(name: ExportResource): Exportable {
  const resource = EXPORTABLE.find((r) => r.name === name);
  if (!resource) throw new Error(`${name} cannot be exported`);
  return resource;
}

interface FormatDescriptor {
  readonly extension: string;
  /** How the export commands name the format, in the user's language (read when shown). */
  readonly label: string;
  readonly detail: string;
  /** Bytes, not text: never written to a terminal. */
  readonly binary: boolean;
  /** Its writer (the XLSX and Parquet ones load their bundles on first use, see lazyModules.ts). */
  readonly open: OpenWriter;
}

/** Each format, described once. */
export const FORMATS: Readonly<Record<ExportFormat, FormatDescriptor>> = {
  csv: {
    extension: 'csv',
    binary: false,
    open: openCsv,
    get label() {
      return l10n.t('CSV');
    },
    get detail() {
      return l10n.t('One row per record, a header row, data keys as their own columns');
    },
  },
  tsv: {
    extension: 'tsv',
    binary: false,
    open: openTsv,
    get label() {
      return l10n.t('TSV');
    },
    get detail() {
      return l10n.t('Tab-separated, one row per line; tabs, line breaks and backslashes in values written as \\t, \\n, \\r and \\\\');
    },
  },
  xlsx: {
    extension: 'xlsx',
    binary: true,
    open: openXlsx,
    get label() {
      return l10n.t('Excel workbook (XLSX)');
    },
    get detail() {
      return l10n.t('Typed cells (numbers, dates, booleans), a frozen header row with filters, data keys as their own columns');
    },
  },
  parquet: {
    extension: 'parquet',
    binary: true,
    open: openParquet,
    get label() {
      return l10n.t('Parquet');
    },
    get detail() {
      return l10n.t('A typed columnar file for data tools (pandas, DuckDB, Spark); data as one JSON column');
    },
  },
  json: {
    extension: 'json',
    binary: false,
    open: openJson,
    get label() {
      return l10n.t('JSON array');
    },
    get detail() {
      return l10n.t('The records as Campfire sent them, in one array');
    },
  },
  jsonl: {
    extension: 'jsonl',
    binary: false,
    open: openJsonLines,
    get label() {
      return l10n.t('JSON Lines');
    },
    get detail() {
      return l10n.t('One record per line, as Campfire sent it');
    },
  },
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
  const stem = [exportable(resource).segment, ...parts.map((p) => slug(p)), date.toISOString().slice(0, 10)].join('_');
  return `${stem}.${FORMATS[format].extension}`;
}
