// Counts as the user reads them, written the same way by the extension host (the tree, progress)
// and by the usage-events webview. The locale is the caller's to give, because each side learns it
// differently: the host from VS Code's display language (vscode.env.language), the webview from
// the page (navigator.language). Undefined means the runtime's default.

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

/** `1234567` -> "1,234,567" (en), "1.234.567" (de), "1 234 567" (fr); fractions keep up to 6 digits. */
export function formatCount(n: number, locale: string | undefined): string {
  return countFormat(locale).format(n);
}
