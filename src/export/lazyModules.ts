// The writers of the binary formats are bundles of their own, loaded on their first use so that
// neither adds to activation (or to the CLI's start): dist/xlsxPackage.js (the zip writer) and
// dist/parquetWriter.js (hyparquet-writer), beside the bundle that runs this. Unbundled (the
// tests and benchmarks run the modules transpiled into out/), the transpiled module instead.
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
