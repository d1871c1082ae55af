// Localization holds without a code change: the manifest's text lives in package.nls.json
// (package.json names it by %key%), and what the VS Code side shows goes through vscode.l10n.t
// with the English source text as the message.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

// Run from out/test/unit: the repository is three levels up.
const root = path.resolve(__dirname, '..', '..', '..');

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as JsonObject;
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

const KEY = /^%([^%\s]+)%$/;

/** Every string of the manifest with where it is: `contributes.commands[3].title`. */
function strings(value: Json, at: string, out: { at: string; text: string }[] = []): { at: string; text: string }[] {
  if (typeof value === 'string') out.push({ at, text: value });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) strings(v, at ? `${at}.${k}` : k, out);
  return out;
}

const objects = (value: Json | undefined): JsonObject[] => (Array.isArray(value) ? value.filter((v): v is JsonObject => v !== null && typeof v === 'object' && !Array.isArray(v)) : []);
const object = (value: Json | undefined): JsonObject => (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {});

/** The manifest strings a user reads (in VS Code or on the Marketplace), with where they are. */
function userVisible(): { at: string; text: Json | undefined }[] {
  const c = object(manifest.contributes);
  const out: { at: string; text: Json | undefined }[] = [
    { at: 'displayName', text: manifest.displayName },
    { at: 'description', text: manifest.description },
    { at: 'capabilities.untrustedWorkspaces.description', text: object(object(manifest.capabilities).untrustedWorkspaces).description },
  ];
  const add = (at: string, o: JsonObject, fields: string[]) => {
    for (const f of fields) if (f in o) out.push({ at: `${at}.${f}`, text: o[f] });
  };
  objects(c.authentication).forEach((a, i) => add(`contributes.authentication[${i}]`, a, ['label']));
  for (const [where, list] of Object.entries(object(c.viewsContainers))) objects(list).forEach((v, i) => add(`contributes.viewsContainers.${where}[${i}]`, v, ['title']));
  for (const [where, list] of Object.entries(object(c.views))) objects(list).forEach((v, i) => add(`contributes.views.${where}[${i}]`, v, ['name', 'contextualTitle']));
  objects(c.commands).forEach((cmd, i) => add(`contributes.commands[${i}]`, cmd, ['title', 'shortTitle', 'category']));
  objects(c.submenus).forEach((s, i) => add(`contributes.submenus[${i}]`, s, ['label']));
  objects(c.viewsWelcome).forEach((w, i) => add(`contributes.viewsWelcome[${i}]`, w, ['contents']));
  const configurations = Array.isArray(c.configuration) ? objects(c.configuration) : [object(c.configuration)];
  configurations.forEach((conf, i) => {
    add(`contributes.configuration[${i}]`, conf, ['title']);
    for (const [id, schema] of Object.entries(object(conf.properties))) {
      const s = object(schema);
      add(id, s, ['description', 'markdownDescription', 'patternErrorMessage', 'deprecationMessage', 'markdownDeprecationMessage']);
      for (const f of ['enumDescriptions', 'markdownEnumDescriptions', 'enumItemLabels']) {
        const list = s[f];
        if (Array.isArray(list)) list.forEach((t, j) => out.push({ at: `${id}.${f}[${j}]`, text: t }));
      }
    }
  });
  objects(c.walkthroughs).forEach((w, i) => {
    add(`contributes.walkthroughs[${i}]`, w, ['title', 'description']);
    objects(w.steps).forEach((s, j) => {
      add(`contributes.walkthroughs[${i}].steps[${j}]`, s, ['title', 'description']);
      add(`contributes.walkthroughs[${i}].steps[${j}].media`, object(s.media), ['altText']);
    });
  });
  return out;
}

describe('manifest localization (package.json and package.nls.json)', () => {
  const keyed = strings(manifest, '').flatMap(({ at, text }) => {
    const m = KEY.exec(text);
    return m?.[1] ? [{ at, key: m[1] }] : [];
  });

  it('has English text for every %key% of package.json', () => {
    assert.ok(keyed.length > 0, 'package.json names no %key% at all');
    const missing = keyed.filter(({ key }) => typeof nls[key] !== 'string' || nls[key] === '');
    assert.deepEqual(missing, [], 'keys package.nls.json does not define');
  });

  it('uses every key of package.nls.json', () => {
    const used = new Set(keyed.map((k) => k.key));
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'keys no %key% in package.json names');
  });

  it('leaves no text a user reads in package.json itself', () => {
    const visible = userVisible();
    assert.ok(visible.length > 40, `found only ${visible.length} user-visible strings: has the manifest's shape changed?`);
    const bare = visible.filter(({ text }) => typeof text !== 'string' || !KEY.test(text));
    assert.deepEqual(bare, [], 'user-visible manifest strings without a %key%');
  });
});

// ---------------------------------------------------------------------------------------------
// The source: the VS Code layers say nothing to the user in English literals.

/** The layers that show things through the VS Code API. */
const UI_SOURCES = ['src/extension.ts', 'src/commands', 'src/views', 'src/ui', 'src/core'];

function tsFiles(rel: string): string[] {
  const abs = path.join(root, rel);
  if (!fs.statSync(abs).isDirectory()) return [rel];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(path.join(rel, e.name)) : e.name.endsWith('.ts') ? [path.join(rel, e.name)] : []));
}

/** The string or template literal that starts at `start` (its quote), and where it ends. */
function literalAt(src: string, start: number): { text: string; end: number } {
  const quote = src[start];
  let text = '';
  let i = start + 1;
  while (i < src.length && src[i] !== quote) {
    if (src[i] === '\\') {
      text += src.slice(i, i + 2);
      i += 2;
    } else if (quote === '`' && src.startsWith('${', i)) {
      // An interpolation: skipped (its own literals are checked where they are).
      let depth = 0;
      i++;
      do {
        if (src[i] === '{') depth++;
        else if (src[i] === '}') depth--;
        i++;
      } while (i < src.length && depth > 0);
      text += ' ';
    } else {
      text += src.charAt(i);
      i++;
    }
  }
  return { text, end: i + 1 };
}

/** "src/commands/tree.ts:12: the line from `at` on", for a failure's message. */
function where(rel: string, src: string, at: number): string {
  const line = src.slice(0, at).split('\n').length;
  const end = src.indexOf('\n', at);
  return `${rel}:${line}: ${src.slice(at, end < 0 ? undefined : end).slice(0, 80)}`;
}

/** Words in a literal's own text: letters, once codicons ("$(check)") are left out. */
const hasWords = (text: string) => /\p{L}{2,}/u.test(text.replace(/\$\([a-z0-9~-]+\)/g, ''));

/** Where a literal is shown to the user as is: a notification, a picker's or box's text, a tree item's, a tooltip. */
const SHOWN = [
  /\bshow(?:Information|Warning|Error)Message\(\s*(?=['"`])/g,
  /\bsetStatusBarMessage\(\s*(?=['"`])/g,
  /\bnew vscode\.TreeItem\(\s*(?=['"`])/g,
  /\bnew MessageNode\([^,]+,[^,]+,\s*(?=['"`])/g,
  /\bshowError\([^,()]+,[^,()]+,\s*(?=['"`])/g,
  /\bshowError\([^,()]+,\s*(?=['"`])/g,
  /[{,]\s*(?:title|placeHolder|prompt|tooltip|detail|saveLabel|label|description|message|action|text|validationMessage)\s*:\s*(?=['"`])/g,
  /\.(?:title|placeholder|prompt|tooltip|description|message|validationMessage)\s*=\s*(?=['"`])/g,
];

describe('user-facing text in the VS Code layers', () => {
  const files = UI_SOURCES.flatMap(tsFiles).map((rel) => ({ rel, src: fs.readFileSync(path.join(root, rel), 'utf8') }));

  it('reads the sources', () => {
    assert.ok(files.length > 40, `found only ${files.length} files`);
  });

  it('shows no English literal without vscode.l10n.t', () => {
    const found: string[] = [];
    for (const { rel, src } of files) {
      for (const pattern of SHOWN) {
        for (const m of src.matchAll(pattern)) {
          // The message of vscode.l10n.t({ message, args, comment }) is the point, not a miss.
          if (/l10n\.t\(\s*$/.test(src.slice(0, m.index))) continue;
          const start = m.index + m[0].length;
          if (hasWords(literalAt(src, start).text)) found.push(where(rel, src, start));
        }
      }
    }
    assert.deepEqual(found, [], 'English shown to the user without vscode.l10n.t');
  });

  it('gives vscode.l10n.t a literal message, so translations can be extracted and looked up', () => {
    const found: string[] = [];
    for (const { rel, src } of files) {
      for (const m of src.matchAll(/\bl10n\.t\(\s*(?:\{\s*message:\s*)?/g)) {
        const start = m.index + m[0].length;
        const quote = src.charAt(start);
        const literal = ["'", '"', '`'].includes(quote) && !(quote === '`' && src.slice(start, literalAt(src, start).end).includes('${'));
        if (!literal) found.push(where(rel, src, m.index));
      }
    }
    assert.deepEqual(found, [], 'vscode.l10n.t called with a computed message');
  });
});

describe('the l10n bundle', () => {
  it('l10n/bundle.l10n.json lists exactly the strings the code translates (npm run l10n rewrites it)', () => {
    // A translator copies this file to bundle.l10n.<language>.json; a string missing from it would
    // stay English in every language, a stale one would be translated for nothing.
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-l10n-'));
    try {
      const cli = path.join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js');
      execFileSync(process.execPath, [cli, 'export', '--outDir', out, path.join(root, 'src')], { cwd: root, stdio: 'pipe' });
      const fresh = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
      const committed = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(Object.keys(committed).sort(), Object.keys(fresh).sort(), 'l10n/bundle.l10n.json is out of date: run npm run l10n');
      assert.equal(manifest.l10n, './l10n');
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
