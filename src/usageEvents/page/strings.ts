// The page's text, in the user's language. The panel host translates every string the page shows
// (src/usageEvents/protocol/pageStrings.ts lists them) and puts the table in the page's markup, once; main.ts
// hands it to useStrings before anything is drawn. Every piece of text the page shows comes from
// t(): a string the table leaves out (or a page without a table, in unit tests and the benchmark)
// is shown in English, its key.
import type { WebviewString } from '../protocol/pageStrings';

let table = new Map<string, string>();

/**
 * Takes the host's table (JSON: English text → translation). Only string values are kept, so
 * nothing but text can come of it. Returns what was wrong with it, if something was (the page then
 * shows English), for the panel's log.
 */
export function useStrings(json: string | undefined): string | undefined {
  table = new Map();
  if (json === undefined) return 'the page carries no strings';
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (e) {
    return `the page's strings are not JSON: ${(e as Error).message}`;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return "the page's strings are not an object";
  for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') table.set(key, value);
  return undefined;
}

/**
 * The string in the user's language, with `{0}`, `{1}`, … replaced by `args` (values already
 * formatted for the user's locale); a placeholder without a value is left as it is.
 */
export function t(key: WebviewString, ...args: string[]): string {
  const text = table.get(key) ?? key;
  return args.length === 0 ? text : text.replace(/\{(\d+)\}/g, (match, i: string) => args[Number(i)] ?? match);
}
