// Nesting a parsed response may hold: JSON.stringify, structuredClone and zod recurse, so a record
// nested thousands of levels deep would end an export in a stack overflow. Checked without recursion.
import { ExactNumber } from '../shared/exactNumber';

/** Far deeper than any Campfire record (a page, a row, `data`, a value in it: 4 or 5 levels). */
export const MAX_JSON_DEPTH = 64;

export type JsonFinding =
  | { kind: 'ok' }
  /** `path` leads to the first value nested deeper than the limit, e.g. ['results', 17, 'data']. */
  | { kind: 'tooDeep'; path: (string | number)[] };

const OK: JsonFinding = { kind: 'ok' };

export function inspectJson(root: unknown, maxDepth = MAX_JSON_DEPTH): JsonFinding {
  const walk: Walk = { containers: [], depths: [], tooDeep: undefined, maxDepth };
  visit(walk, root, 0);
  while (walk.containers.length > 0 && walk.tooDeep === undefined) {
    const container = walk.containers.pop() as Record<string, unknown>;
    const depth = walk.depths.pop() as number;
    if (Array.isArray(container)) {
      for (let i = 0; i < container.length; i++) visit(walk, container[i], depth);
    } else {
      for (const key in container) visit(walk, container[key], depth);
    }
  }
  if (walk.tooDeep !== undefined) return { kind: 'tooDeep', path: pathTo(root as object, walk.tooDeep) };
  return OK;
}

interface Walk {
  containers: object[];
  depths: number[];
  tooDeep: object | undefined;
  maxDepth: number;
}

/** One value inside a container at `depth` (0 for the root): containers are stacked. */
function visit(walk: Walk, value: unknown, depth: number): void {
  if (typeof value === 'object') {
    if (value === null || value instanceof ExactNumber) return;
    if (depth >= walk.maxDepth) walk.tooDeep ??= value;
    walk.containers.push(value);
    walk.depths.push(depth + 1);
  }
}

/** The first keys from `root` to `target`, depth-first without recursion; only called on a failure. */
function pathTo(root: object, target: object): (string | number)[] {
  const stack: { node: object; path: (string | number)[] }[] = [{ node: root, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop() as { node: object; path: (string | number)[] };
    for (const key in node) {
      const value = (node as Record<string, unknown>)[key];
      if (value === null || typeof value !== 'object') continue;
      // Three keys say where (`results[17].data`); deeper ones only repeat the nesting.
      const next = path.length < 3 ? [...path, Array.isArray(node) ? Number(key) : key] : path;
      if (value === target) return next;
      stack.push({ node: value, path: next });
    }
  }
  return [];
}
