// Bundles loaded on first use so they add nothing to activation or the CLI's start; unbundled (tests,
// bench) the transpiled module is loaded instead.
import fs from 'node:fs';

/** Requires the first of `candidates` (absolute paths, the bundle first) that exists; undefined when none does. */
export function requireFirst(candidates: readonly string[]): unknown {
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) return undefined;
  // A path, not a module name, so that esbuild leaves the module out of the bundle that loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as unknown;
}
