// Text from Campfire put into Markdown (tooltips, the reconciliation report): every character
// Markdown may read as syntax is escaped, so a value can neither link, format nor break a table.

/** Escapes every character Markdown may read as syntax (`|` too, for tables): Campfire's values may contain Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`);
}
