// The page says what it says through @vscode/l10n (`l10n.t('Reload')`, `l10n.t('{0} selected', n)`),
// as the layers that run without VS Code do, so `npm run l10n` finds its strings where it finds the
// rest. The page cannot reach vscode.l10n: the host puts VS Code's bundle for the display language
// in the page's markup, and main.ts gives it to useStrings before anything is drawn. Without one
// (English, a unit test, the benchmark) l10n.t shows the English it is given.
import * as l10n from '@vscode/l10n';

/**
 * Takes the host's translations (JSON: English text → translation). Only string values are kept,
 * so nothing but text can come of them. Returns what was wrong with them, if something was (the
 * page then shows English), for the panel's log.
 */
export function useStrings(json: string | undefined): string | undefined {
  // No prototype: a key such as "constructor" finds nothing but what the JSON gave.
  const table = Object.create(null) as Record<string, string>;
  const problem = readTranslations(json, table);
  l10n.config({ contents: table });
  return problem;
}

function readTranslations(json: string | undefined, table: Record<string, string>): string | undefined {
  if (json === undefined) return 'the page carries no strings';
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    return `the page's strings are not JSON: ${(e as Error).message}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return "the page's strings are not an object";
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') table[key] = value;
  return undefined;
}
