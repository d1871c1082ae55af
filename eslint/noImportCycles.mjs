// ESLint rule: no import cycles among the files of src/. It reads every file's relative imports
// (`import type` and `export … from` too), finds the strongly connected components of that graph,
// and reports each import whose target is in the importer's own component, naming the cycle.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Each file's imports, parsed again only when the file changed on disk (an editor lints file after file). */
const parsed = new Map();

function listTs(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTs(file));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) out.push(file);
  }
  return out;
}

/** The file a relative import names, if it is one of `files`. */
export function resolveImport(from, spec, files) {
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, path.join(base, 'index.ts'), base.replace(/\.js$/, '.ts')].find((f) => files.has(f));
}

function importsOf(file, text, files) {
  const specs = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  return [...new Set(specs.filter((s) => s.startsWith('.')).map((s) => resolveImport(file, s, files)).filter(Boolean))];
}

/** The import graph of `root`, with `current`'s edges read from the text being linted. */
function importGraph(root, current, currentText) {
  const files = new Set(listTs(root));
  const graph = new Map();
  for (const file of files) {
    if (file === current) {
      graph.set(file, importsOf(file, currentText, files));
      continue;
    }
    const mtime = fs.statSync(file).mtimeMs;
    let entry = parsed.get(file);
    if (!entry || entry.mtime !== mtime) {
      entry = { mtime, imports: importsOf(file, fs.readFileSync(file, 'utf8'), files) };
      parsed.set(file, entry);
    }
    graph.set(file, entry.imports);
  }
  return graph;
}

/** Tarjan's algorithm: each file's component number, for components that hold a cycle. */
export function cyclicComponents(graph) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const component = new Map();
  let next = 0;
  let count = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const members = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      members.push(w);
    } while (w !== v);
    const cyclic = members.length > 1 || (graph.get(v) ?? []).includes(v);
    if (cyclic) {
      for (const m of members) component.set(m, count);
      count++;
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return component;
}

/** The shortest way from `start` back to `end` inside one component (breadth first). */
export function pathBack(graph, component, start, end) {
  const previous = new Map([[start, undefined]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    if (v === end) break;
    for (const w of graph.get(v) ?? []) {
      if (previous.has(w) || component.get(w) !== component.get(start)) continue;
      previous.set(w, v);
      queue.push(w);
    }
  }
  const out = [];
  for (let v = end; v !== undefined; v = previous.get(v)) out.unshift(v);
  return out;
}

export default {
  meta: {
    type: 'problem',
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: { cycle: 'Import cycle: {{cycle}}. Move what both sides need where both can import it without a cycle.' },
  },
  create(context) {
    const root = path.resolve(context.cwd, context.options[0]?.root ?? 'src');
    const file = context.filename;
    if (path.relative(root, file).startsWith('..')) return {};
    let graph;
    let files;
    let component;
    const check = (node) => {
      const spec = node.source?.value;
      if (typeof spec !== 'string' || !spec.startsWith('.')) return;
      if (!graph) {
        graph = importGraph(root, file, context.sourceCode.text);
        files = new Set(graph.keys());
        component = cyclicComponents(graph);
      }
      const to = resolveImport(file, spec, files);
      if (!to || !component.has(file) || component.get(to) !== component.get(file)) return;
      const cycle = [file, ...pathBack(graph, component, to, file)].map((f) => path.relative(context.cwd, f).split(path.sep).join('/'));
      context.report({ node: node.source, messageId: 'cycle', data: { cycle: cycle.join(' → ') } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};
