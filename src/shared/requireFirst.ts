// Bundles kept out of the bundle that uses them, loaded on their first use so they add nothing to
// activation or to the CLI's start: the sample data, the XLSX and Parquet writers, the exporter
// behind campfire-export. Each is a file beside the running bundle in dist/; unbundled (the tests
// and benchmarks run the transpiled sources in out/) it is the transpiled module instead.
import fs from 'node:fs';

/** Requires the first of `candidates` (absolute paths, the bundle first) that exists; undefined when none does. */
export function requireFirst(candidates: readonly string[]): unknown {
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) return undefined;
  // A path, not a module name, so that esbuild leaves the module out of the bundle that loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as unknown;
}
