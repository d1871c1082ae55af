// Bundles loaded on first use so they add nothing to activation or the CLI's start; unbundled (tests,
// bench) the transpiled module is loaded instead.
import * as l10n from '@vscode/l10n';
import fs from 'node:fs';

/** Requires the first of `candidates` (absolute paths, the bundle first) that exists; undefined when none does. */
export function requireFirst(candidates: readonly string[]): unknown {
  const file = candidates.find((f) => fs.existsSync(f));
  if (!file) return undefined;
  // A path, not a module name, so that esbuild leaves the module out of the bundle that loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as unknown;
}

/** Like requireFirst, but a bundle that is missing from the installation is an error that says so. */
export function requireBundle(candidates: readonly string[]): unknown {
  const loaded = requireFirst(candidates);
  if (!loaded) throw new Error(l10n.t('This installation is incomplete: {0} is missing; reinstall the Campfire extension (or run npm run build).', candidates[0] ?? ''));
  return loaded;
}
