// Tiny runtime checks for messages that cross the extension/webview boundary. Each check returns
// the value typed, or throws a TypeError naming the path of the first bad field. Objects are
// checked field by field and rebuilt with only the declared fields, so nothing undeclared (or a
// "__proto__" key) travels further.
import type { JsonValue } from './usageEventRow';

export type Check<T> = (value: unknown, path: string) => T;

function fail(path: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  throw new TypeError(`${path}: expected ${expected}, got ${got}`);
}

export function check<T>(fn: (value: unknown, path: string) => T): Check<T> {
  return fn;
}

export const string: Check<string> = (v, path) => (typeof v === 'string' ? v : fail(path, 'a string', v));
export const boolean: Check<boolean> = (v, path) => (typeof v === 'boolean' ? v : fail(path, 'a boolean', v));
export const number: Check<number> = (v, path) => (typeof v === 'number' && Number.isFinite(v) ? v : fail(path, 'a finite number', v));
/** A byte array (VS Code carries typed arrays to and from webviews as they are). */
export const bytes: Check<Uint8Array> = (v, path) => (v instanceof Uint8Array ? v : fail(path, 'bytes', v));
export const integer: Check<number> = (v, path) => (Number.isSafeInteger(v) ? (v as number) : fail(path, 'an integer', v));

export function literal<const T extends string>(expected: T): Check<T> {
  return (v, path) => (v === expected ? expected : fail(path, JSON.stringify(expected), v));
}

export function oneOf<const T extends readonly string[]>(values: T): Check<T[number]> {
  return (v, path) => (typeof v === 'string' && values.includes(v) ? v : fail(path, `one of ${values.join(', ')}`, v));
}

export function nullable<T>(c: Check<T>): Check<T | null> {
  return (v, path) => (v === null ? null : c(v, path));
}

/** The field may be left out (or be undefined); when present it must pass `c`. */
export function optional<T>(c: Check<T>): Check<T | undefined> {
  return (v, path) => (v === undefined ? undefined : c(v, path));
}

export function array<T>(c: Check<T>): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) return fail(path, 'an array', v);
    const out: T[] = new Array<T>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = c(v[i], `${path}[${i}]`);
    return out;
  };
}

type Shape<T> = { [K in keyof T]-?: Check<T[K]> };

export function object<T>(shape: Shape<T>): Check<T> {
  const keys = Object.keys(shape) as (keyof T & string)[];
  return (v, path) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return fail(path, 'an object', v);
    const src = v as Record<string, unknown>;
    const out = {} as T;
    for (const k of keys) {
      const value = shape[k](Object.hasOwn(src, k) ? src[k] : undefined, `${path}.${k}`);
      if (value !== undefined) out[k] = value;
    }
    return out;
  };
}

/** Any JSON value (what structured clone of parsed JSON can carry); depth-limited against cycles. */
export const json: Check<JsonValue> = (v, path) => jsonAt(v, path, 0);

function jsonAt(v: unknown, path: string, depth: number): JsonValue {
  if (depth > 64) return fail(path, 'JSON nested at most 64 deep', v);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : fail(path, 'a finite number', v);
  if (Array.isArray(v)) return v.map((x, i) => jsonAt(x, `${path}[${i}]`, depth + 1));
  if (typeof v === 'object') {
    const out: Record<string, JsonValue> = Object.create(null) as Record<string, JsonValue>;
    for (const [k, x] of Object.entries(v)) out[k] = jsonAt(x, `${path}.${k}`, depth + 1);
    return out;
  }
  return fail(path, 'a JSON value', v);
}
