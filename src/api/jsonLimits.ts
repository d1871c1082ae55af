// What a parsed response may hold before the rest of the extension touches it. JSON.parse itself
// copes with any nesting, but JSON.stringify (exports, copies), structuredClone (the webview) and
// zod recurse, so a record nested a few thousand levels deep would end every export with "Maximum
// call stack size exceeded". And a number outside double range (1e400) parses as Infinity, which
// every writer would turn into null or an empty cell. Both are found in one walk over the parsed
// value, without recursion.

/** Far deeper than any Campfire record (a page, a row, `data`, a value in it: 4 or 5 levels). */
export const MAX_JSON_DEPTH = 64;

export type JsonFinding =
  | { kind: 'ok' }
  | { kind: 'outOfRangeNumber' }
  /** `path` leads to the first value nested deeper than the limit, e.g. ['results', 17, 'data']. */
  | { kind: 'tooDeep'; path: (string | number)[] };

const OK: JsonFinding = { kind: 'ok' };

/** Walks `root` once: nesting beyond `maxDepth` wins over an out-of-range number. */
export function inspectJson(root: unknown, maxDepth = MAX_JSON_DEPTH): JsonFinding {
  const walk: Walk = { containers: [], depths: [], outOfRange: false, tooDeep: undefined, maxDepth };
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
  return walk.outOfRange ? { kind: 'outOfRangeNumber' } : OK;
}

/** The state of one walk: parallel stacks of the containers still to visit and their depths. */
interface Walk {
  containers: object[];
  depths: number[];
  outOfRange: boolean;
  tooDeep: object | undefined;
  maxDepth: number;
}

/** One value inside a container at `depth` (0 for the root): containers are stacked, numbers checked. */
function visit(walk: Walk, value: unknown, depth: number): void {
  if (typeof value === 'object') {
    if (value === null) return;
    if (depth >= walk.maxDepth) walk.tooDeep ??= value;
    walk.containers.push(value);
    walk.depths.push(depth + 1);
  } else if (typeof value === 'number' && !Number.isFinite(value)) {
    walk.outOfRange = true;
  }
}

/**
 * The first keys on the way from `root` to `target` (which row, which field), found depth-first
 * without recursion. Only called on a failure, so its cost does not matter.
 */
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

/**
 * `text` with every number literal that JSON.parse would turn into ±Infinity written as a string of
 * its own digits, so the value reaches the user as Campfire sent it rather than as null. Run only on
 * a body that inspectJson found such a number in; strings in the text are left as they are.
 */
export function quoteOutOfRangeNumbers(text: string): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string, honouring escapes.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      let end = i + 1;
      while (end < text.length && /[0-9eE.+-]/.test(text[end] as string)) end++;
      const literal = text.slice(i, end);
      if (!Number.isFinite(Number(literal))) {
        out += `${text.slice(copied, i)}"${literal}"`;
        copied = end;
      }
      i = end - 1;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}
