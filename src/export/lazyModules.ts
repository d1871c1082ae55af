// The XLSX and Parquet writers are bundles of their own, loaded on first use so neither adds to
// activation or the CLI's start.
import path from 'node:path';
import type * as XlsxPackage from './xlsx/xlsxPackage';
import type * as ParquetWriterModule from './parquet/parquetWriter';
import { requireBundle } from '../shared/requireFirst';

const cache = new Map<string, unknown>();

function load(bundle: string, transpiled: string): unknown {
  const hit = cache.get(bundle);
  if (hit) return hit;
  const loaded = requireBundle([path.join(__dirname, `${bundle}.js`), path.join(__dirname, transpiled)]);
  cache.set(bundle, loaded);
  return loaded;
}

export function loadXlsxPackage(): typeof XlsxPackage {
  return load('xlsxPackage', path.join('xlsx', 'xlsxPackage.js')) as typeof XlsxPackage;
}

export function loadParquetWriter(): typeof ParquetWriterModule {
  return load('parquetWriter', path.join('parquet', 'parquetWriter.js')) as typeof ParquetWriterModule;
}
