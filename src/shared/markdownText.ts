// Text from Campfire put into Markdown (tooltips, the reconciliation report, chat answers): every
// character Markdown may read as syntax is escaped, so a value can neither link, format nor break a table.

/**
 * Escapes every character Markdown may read as syntax: Campfire's values may contain Markdown. `|` too,
 * for tables; `&` for character references (`&lt;`), and `:` so a bare `https://…` is not made a link.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:]/g, (c) => `\\${c}`);
}

/** A Markdown table. Its cells are Markdown already: text from Campfire in them went through escapeMarkdown. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (s: string) => s.replace(/\r?\n/g, ' ');
  return [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}
