// The usage-events webview's text is translatable without a code change: the page shows no English
// of its own (every string comes from l10n.t, translated by the bundle the host puts in the page),
// `npm run l10n` finds every string the page shows and l10n/bundle.l10n.json holds it, the host
// hands the page the translation of each, and the table reaches the page intact, whatever a
// translation holds.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';
import { getL10nJson } from '@vscode/l10n-dev';
import * as ts from 'typescript';
import { useStrings } from '../../src/usageEvents/page/strings';
import { withVscodeStub } from './support/vscodeStub';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WEBVIEW = path.join(ROOT, 'src', 'usageEvents', 'page');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

interface Finding {
  where: string;
  text: string;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const e = call.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return e.name.text;
  return undefined;
}

/** `l10n.t(…)`: the call `npm run l10n` extracts (with `import * as l10n from '@vscode/l10n'`). */
const isT = (node: ts.Node): node is ts.CallExpression =>
  ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 't' && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === 'l10n';
/** Calls that build elements: their own props and children are checked where they are. */
const BUILDERS = new Set(['h', 's', 'button']);
/** Properties whose value is shown (or read out) as text. */
const TEXT_PROPERTIES = new Set(['text', 'title', 'placeholder', 'label', 'aria-label', 'aria-description', 'aria-valuetext', 'alt']);
/** Assignments that show text: `el.textContent = …`, `cell.title = …`, `text = …`. */
const TEXT_TARGETS = new Set(['textContent', 'innerText', 'title', 'placeholder', 'text', 'label']);
/** Which arguments of these helpers are shown as text. */
const TEXT_ARGUMENTS: Record<string, number[]> = { button: [0], metric: [0, 1], setNotice: [0], append: [0, 1, 2, 3], replaceChildren: [0, 1, 2, 3], createTextNode: [0] };
const COMPARISONS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
  ts.SyntaxKind.LessThanToken,
  ts.SyntaxKind.GreaterThanToken,
  ts.SyntaxKind.LessThanEqualsToken,
  ts.SyntaxKind.GreaterThanEqualsToken,
]);
/** What the page reports to the panel's log (`{ type: 'problem', message }`) is for us, not shown. */
const isLogMessage = (node: ts.Node): boolean => {
  for (let n: ts.Node = node; !ts.isSourceFile(n); n = n.parent) {
    if (ts.isPropertyAssignment(n) && ts.isIdentifier(n.name) && n.name.text === 'message') return true;
  }
  return false;
};
/** Keyboard keys are compared with, not shown. */
const isKeyComparison = (node: ts.Node): boolean => {
  const p = node.parent;
  if (ts.isCaseClause(p)) return true;
  if (ts.isBinaryExpression(p) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(p.operatorToken.kind)) {
    const other = p.left === node ? p.right : p.left;
    return ts.isPropertyAccessExpression(other) && other.name.text === 'key';
  }
  return false;
};

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join('{}');
  return undefined;
}

/**
 * English the page would show that does not come from l10n.t: a literal with a word in it inside
 * something shown (a text property, a textContent assignment, a button's label, an element's
 * children), or a capitalized word anywhere but l10n.t keys, imports and keyboard keys.
 */
function findEnglish(file: string, source: string): Finding[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found = new Map<number, Finding>();
  const report = (node: ts.Node, text: string) => {
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
    found.set(node.getStart(sf), { where: `${path.relative(ROOT, file)}:${line + 1}`, text });
  };
  /** Literals with a word in them in what `node` evaluates to, but in l10n.t and in what is checked where it is. */
  const shown = (node: ts.Node): void => {
    if (isT(node)) return;
    // Elements built there, and helpers that show their arguments, are checked on their own.
    if (ts.isCallExpression(node) && (BUILDERS.has(calleeName(node) ?? '') || Object.hasOwn(TEXT_ARGUMENTS, calleeName(node) ?? ''))) return;
    // A condition decides what is shown, it is not shown: `kind === 'date' ? … : …`.
    if (ts.isConditionalExpression(node)) {
      shown(node.whenTrue);
      shown(node.whenFalse);
      return;
    }
    if (ts.isBinaryExpression(node) && COMPARISONS.has(node.operatorToken.kind)) return;
    const text = literalText(node);
    if (text !== undefined && /[A-Za-z]{2,}/.test(text)) report(node, text);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return;
    ts.forEachChild(node, shown);
  };
  const visit = (node: ts.Node): void => {
    if (isT(node)) return; // a key
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isLiteralTypeNode(node)) return;
    if (ts.isPropertyAssignment(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && TEXT_PROPERTIES.has(node.name.text)) shown(node.initializer);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = ts.isPropertyAccessExpression(node.left) ? node.left.name.text : ts.isIdentifier(node.left) ? node.left.text : undefined;
      if (target && TEXT_TARGETS.has(target)) shown(node.right);
    }
    if (ts.isCallExpression(node)) {
      const name = calleeName(node) ?? '';
      for (const i of Object.hasOwn(TEXT_ARGUMENTS, name) ? (TEXT_ARGUMENTS[name] ?? []) : []) if (node.arguments[i]) shown(node.arguments[i]);
      const [first, second, third] = node.arguments;
      if (name === 'setAttribute' && first && ts.isStringLiteral(first) && TEXT_PROPERTIES.has(first.text) && second) shown(second);
      if (BUILDERS.has(name) && name !== 'button' && third && ts.isArrayLiteralExpression(third)) third.elements.forEach(shown);
    }
    const text = literalText(node);
    if (text !== undefined && /\b[A-Z][a-z]+/.test(text) && !isKeyComparison(node) && !isLogMessage(node)) report(node, text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return [...found.values()];
}

/** The keys the page passes to l10n.t: string literals only, the one form `npm run l10n` extracts. */
function keysUsed(file: string, source: string): { keys: string[]; dynamic: string[] } {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const keys: string[] = [];
  const dynamic: string[] = [];
  const visit = (node: ts.Node): void => {
    const first = isT(node) ? node.arguments[0] : undefined;
    if (first && ts.isStringLiteral(first)) keys.push(first.text);
    else if (first) dynamic.push(`${path.relative(ROOT, file)}: l10n.t(${first.getText(sf)})`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { keys, dynamic };
}

describe('usage-events webview: translatable text', () => {
  const files = sourceFiles(WEBVIEW);
  const used = files.map((f) => keysUsed(f, fs.readFileSync(f, 'utf8')));
  const keys = new Set(used.flatMap((u) => u.keys));

  it('the page shows no English of its own: every string comes from l10n.t', () => {
    const findings = files.flatMap((f) => findEnglish(f, fs.readFileSync(f, 'utf8')));
    assert.deepEqual(findings, [], findings.map((f) => `${f.where}: ${JSON.stringify(f.text)}`).join('\n'));
  });

  it('the check finds English wherever the page would show it', () => {
    const source = [
      "const a = button('Reload', { secondary: true, attrs: { 'aria-expanded': 'false' } });",
      "const b = h('span', { class: 'selection-info', text: `${n} adj.` });",
      "metric('Loaded events', `${a} in ${b} rows`, undefined, 'loaded');",
      "el.textContent = count > 0 ? `${n} selected` : '';",
      "input.setAttribute('aria-label', 'Filter');",
      "const c = h('div', { class: 'grid', attrs: { role: 'grid', 'aria-label': 'Usage events' } }, [h('h1', { text: header.name }), 'no rows']);",
      "function cellText() { return 'Adjustment'; }",
      "const d = button(t('Reload'));",
    ].join('\n');
    assert.deepEqual(
      findEnglish(path.join(WEBVIEW, 'fixture.ts'), source).map((f) => f.text).sort(),
      ['Reload', '{} adj.', 'Loaded events', '{} in {} rows', '{} selected', 'Filter', 'Usage events', 'no rows', 'Adjustment', 'Reload'].sort(),
    );
    const clean = [
      "const a = button(l10n.t('Reload'), { secondary: true, attrs: { 'aria-expanded': 'false' } });",
      "const b = h('span', { class: 'grid-row row', text: '·' }, [h('span', { class: 'error-icon', text: '!' })]);",
      "el.textContent = count > 0 ? l10n.t('{0} selected', formatCount(count)) : '';",
      "if (e.key === 'Escape') close();",
      "switch (e.key) { case 'ArrowDown': break; }",
      "import * as l10n from '@vscode/l10n';",
    ].join('\n');
    assert.deepEqual(findEnglish(path.join(WEBVIEW, 'fixture.ts'), clean), []);
  });

  it('npm run l10n finds every string the page shows, and l10n/bundle.l10n.json holds each', async () => {
    assert.deepEqual(used.flatMap((u) => u.dynamic), [], 'l10n.t takes a string as written, so the string can be extracted');
    assert.ok(keys.size > 100, `found only ${keys.size} strings in the page: has the way it calls l10n.t changed?`);
    // What vscode-l10n-dev (npm run l10n) extracts from the page's files, file by file as it does.
    const extracted = await getL10nJson(files.map((f) => ({ contents: fs.readFileSync(f, 'utf8'), extension: '.ts' })));
    assert.deepEqual(Object.keys(extracted).sort(), [...keys].sort(), 'strings the page shows that npm run l10n does not find (or the other way round)');
    const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual([...keys].filter((k) => !Object.hasOwn(committed, k)), [], 'strings the page shows that l10n/bundle.l10n.json lacks: run npm run l10n');
  });

  it('l10n.t shows the translation with its placeholders filled in, and English for what the table leaves out', () => {
    try {
      assert.equal(useStrings(JSON.stringify({ 'Reload': 'Neu laden', '{0} of {1} loaded': '{1}: {0} geladen', 'Filter': 42, '{0} selected': '{0} {9}', 'Columns': { message: 1, comment: ['x'] } })), undefined);
      assert.equal(l10n.t('Reload'), 'Neu laden');
      assert.equal(l10n.t('{0} of {1} loaded', '1.000', '2.500'), '2.500: 1.000 geladen');
      assert.equal(l10n.t('Filter'), 'Filter', 'only strings are taken');
      assert.equal(l10n.t('{0} selected', '3'), '3 {9}', 'a placeholder without a value stays');
      assert.equal(l10n.t('Columns'), 'Columns', 'not a string: English');
      assert.equal(l10n.t('Copy'), 'Copy', 'left out: English');
      assert.equal(l10n.t('{0} · {1} shown', '{1}', 'x'), '{1} · x shown', 'values are not read as placeholders');
      assert.match(useStrings('{"Reload": ') ?? '', /not JSON/);
      assert.equal(l10n.t('Reload'), 'Reload');
      assert.match(useStrings('["Reload"]') ?? '', /not an object/);
      assert.match(useStrings(undefined) ?? '', /no strings/);
    } finally {
      useStrings('{}');
    }
  });
});

describe('usage-events panel host: the strings it gives the page', () => {
  // The host's files run in VS Code; here they get a stand-in for the few parts of its API they use,
  // whose bundle translates every string the page shows into something that marks it and holds
  // what could break out of the markup.
  const translate = (message: string) => `⟦${message}⟧ "<&'>`;
  const pageKeys = sourceFiles(WEBVIEW).flatMap((f) => keysUsed(f, fs.readFileSync(f, 'utf8')).keys);
  const german: Record<string, string> = Object.fromEntries(pageKeys.map((k) => [k, translate(k)]));
  const vscodeStub = {
    l10n: { t: translate, bundle: german as Record<string, string> | undefined },
    env: { language: 'de' },
    Uri: { joinPath: (base: { path: string }, ...parts: string[]) => ({ path: [base.path, ...parts].join('/'), fsPath: [base.path, ...parts].join('/') }) },
  };
  let renderHtml: (webview: unknown, extensionUri: unknown, title: string, withTestProbe: boolean) => string;

  before(() => {
    ({ renderHtml } = withVscodeStub(vscodeStub, () => Module.createRequire(__filename)('../../src/usageEvents/host/html') as { renderHtml: typeof renderHtml }));
  });

  /** The translations the page reads from its markup, as main.ts hands them to useStrings. */
  function stringsInPage(html: string): string {
    const attribute = /<main id="app" class="app" aria-busy="true" data-strings="([^"<>]*)"><\/main>/.exec(html)?.[1];
    assert.ok(attribute !== undefined, 'one attribute, nothing in it that could end it or start markup');
    return attribute.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  }

  const webview = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', asWebviewUri: (u: { path: string }) => ({ toString: () => `https://res${u.path}` }) };

  it('hands the page the translation of every string it shows', () => {
    try {
      assert.equal(useStrings(stringsInPage(renderHtml(webview, { path: '/ext' }, 'Usage', false))), undefined);
      for (const key of pageKeys) assert.equal(l10n.t(key), translate(key), key);
    } finally {
      useStrings('{}');
    }
  });

  it('puts the table in the page, escaped, where the page reads it back as it was', () => {
    const html = renderHtml(webview, { path: '/ext' }, 'Usage · Commit #7', false);
    assert.match(html, /<html lang="de">/, 'the page says which language its text is in');
    const json = stringsInPage(html);
    assert.deepEqual(JSON.parse(json), german);
    try {
      assert.equal(useStrings(json), undefined);
      assert.equal(l10n.t('Reload'), translate('Reload'));
    } finally {
      useStrings('{}');
    }
  });

  it('says the page is English while VS Code has no translation for the extension', () => {
    const bundle = vscodeStub.l10n.bundle;
    vscodeStub.l10n.bundle = undefined;
    try {
      const webview = { cspSource: 'x', asWebviewUri: (u: { path: string }) => ({ toString: () => u.path }) };
      const html = renderHtml(webview, { path: '/ext' }, 'Usage', false);
      assert.match(html, /<html lang="en">/);
      assert.deepEqual(JSON.parse(stringsInPage(html)), {}, 'English: no translations, the page shows the text it is given');
    } finally {
      vscodeStub.l10n.bundle = bundle;
    }
  });
});
