// The XLSX and Parquet writers are bundles of their own, loaded on first use so neither adds to
// activation or the CLI's start.
import * as l10n from '@vscode/l10n';
import path from 'node:path';
import type * as XlsxPackage from './xlsx/xlsxPackage';
import type * as ParquetWriterModule from './parquet/parquetWriter';
import { requireFirst } from '../shared/requireFirst';

const cache = new Map<string, unknown>();

function load(bundle: string, transpiled: string): unknown {
  const hit = cache.get(bundle);
  if (hit) return hit;
  const candidates = [path.join(__dirname, `${bundle}.js`), path.join(__dirname, transpiled)];
  const loaded = requireFirst(candidates);
  if (!loaded) throw new Error(l10n.t('This installation is incomplete: {0} is missing; reinstall the Campfire extension (or run npm run build).', candidates[0] ?? ''));
  cache.set(bundle, loaded);
  return loaded;
}

export function loadXlsxPackage(): typeof XlsxPackage {
  return load('xlsxPackage', path.join('xlsx', 'xlsxPackage.js')) as typeof XlsxPackage;
}

export function loadParquetWriter(): typeof ParquetWriterModule {
  return load('parquetWriter', path.join('parquet', 'parquetWriter.js')) as typeof ParquetWriterModule;
}
