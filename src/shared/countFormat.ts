// Counts as the user reads them, alike in the host and the webview; each side sets its locale once,
// as each learns it differently (VS Code's display language, navigator.language).

const countFormats = new Map<string, Intl.NumberFormat>();

function countFormat(locale: string | undefined): Intl.NumberFormat {
  const key = locale ?? '';
  let f = countFormats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(locale, { maximumFractionDigits: 6 });
    } catch {
      // A tag Intl does not accept (RangeError): the runtime's default rather than no number.
      f = new Intl.NumberFormat(undefined, { maximumFractionDigits: 6 });
    }
    countFormats.set(key, f);
  }
  return f;
}

let displayLocale: string | undefined;

/** Sets the locale counts are written in by default: VS Code's display language, once per side. */
export function useDisplayLocale(locale: string | undefined): void {
  displayLocale = locale;
}

/** `1234567` -> "1,234,567" (en), "1.234.567" (de), "1 234 567" (fr); fractions keep up to 6 digits. */
export function formatCount(n: number, locale = displayLocale): string {
  return countFormat(locale).format(n);
}
