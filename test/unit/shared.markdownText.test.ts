// Campfire's text in Markdown stays text: read back by an independent CommonMark parser (markdown-it,
// with HTML, tables and bare-URL links turned on), any string cleaned and escaped renders as exactly
// itself, with no link, image or HTML, and a table cell holding it stays one cell.
import assert from 'node:assert/strict';
import Module from 'node:module';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cleanText } from '../../src/agentTools/core/toolOutput';
import { escapeMarkdown, markdownTable } from '../../src/shared/markdownText';

interface Token {
  type: string;
  content: string;
  children: Token[] | null;
}
interface MarkdownParser {
  parse(src: string, env: object): Token[];
}
const MarkdownIt = Module.createRequire(__filename)('markdown-it') as new (options: object) => MarkdownParser;
const parser = new MarkdownIt({ html: true, linkify: true, typographer: false });

/** Every inline token, depth first. */
function inline(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((t) => (t.children ? [t, ...inline(t.children)] : [t]));
}

const ACTIVE = new Set(['link_open', 'image', 'html_inline', 'html_block', 'code_inline', 'code_block', 'fence', 'em_open', 'strong_open', 's_open', 'heading_open', 'bullet_list_open', 'ordered_list_open', 'blockquote_open', 'hr', 'hardbreak']);

/** The text a person sees, and the syntax nodes the parser found. */
function read(markdown: string): { text: string; syntax: string[] } {
  return seenIn(inline(parser.parse(markdown, {})));
}

function seenIn(tokens: readonly Token[]): { text: string; syntax: string[] } {
  return {
    text: tokens
      .filter((t) => t.type === 'text' || t.type === 'text_special')
      .map((t) => t.content)
      .join(''),
    syntax: tokens.filter((t) => ACTIVE.has(t.type)).map((t) => t.type),
  };
}

/** Strings made of what Markdown and HTML read as syntax, and any other text. */
const markdownish = fc
  .array(
    fc.oneof(
      fc.constantFrom('[x](command:campfire.signOut)', '<img src=x onerror=alert(1)>', '| a |', '&lt;b&gt;', '&amp;', 'https://evil.example', 'www.evil.example', 'a@b.example', '`code`', '**b**', '_i_', '~~s~~', '# ', '- ', '1. ', '> ', '\\', '\n', '\r\n', '\t', '    ', '![i](x.png)', '<https://x.example>', '$(zap)', ':smile:', '---', '=='),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc.string({ maxLength: 8 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

describe('escapeMarkdown: text from Campfire stays text', () => {
  it('renders as exactly the cleaned text, with no link, image, HTML or formatting (property)', () => {
    fc.assert(
      fc.property(markdownish, (raw) => {
        const clean = cleanText(raw, []);
        const seen = read(escapeMarkdown(clean));
        assert.deepEqual(seen.syntax, [], JSON.stringify(raw));
        assert.equal(seen.text, clean, JSON.stringify(raw));
      }),
      { numRuns: 2000 },
    );
  });

  it('stays one cell of a table, whatever it holds (property)', () => {
    fc.assert(
      fc.property(markdownish, markdownish, (a, b) => {
        const cells = [cleanText(a, []), cleanText(b, [])];
        const tokens = parser.parse(markdownTable(['A', 'B'], [cells.map(escapeMarkdown)]), {});
        const body = tokens.slice(tokens.findIndex((t) => t.type === 'tbody_open'));
        const seen = body.filter((t) => t.type === 'inline').map((t) => seenIn(t.children ?? []));
        assert.equal(tokens.filter((t) => t.type === 'td_open').length, 2, JSON.stringify([a, b]));
        assert.deepEqual(
          seen.map((s) => s.text),
          cells,
          JSON.stringify([a, b]),
        );
        assert.deepEqual(
          seen.flatMap((s) => s.syntax),
          [],
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('a hostile contract name, as a person sees it', () => {
    const name = '[x](command:campfire.signOut) <img src=x> | a |';
    assert.deepEqual(read(escapeMarkdown(name)), { text: name, syntax: [] });
  });
});
