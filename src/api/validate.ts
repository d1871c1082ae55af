// Turns zod issues into a schema error naming the endpoint, the field, what was expected and what Campfire sent.
import * as l10n from '@vscode/l10n';
import type { $ZodIssue } from 'zod/v4/core';
import type { z } from 'zod';
import { ExactNumber } from '../shared/exactNumber';
import { CampfireSchemaError, type RequestTarget, type SchemaIssue } from './errors';

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? l10n.t('(response)') : out;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): { found: boolean; value: unknown } {
  let cur: unknown = data;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !(key in cur)) return { found: false, value: undefined };
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return { found: true, value: cur };
}

/** A short, safe rendering of a received value: its type, and the value itself when it is small. */
export function describeReceived(found: boolean, value: unknown): string {
  if (!found) return l10n.t('nothing (field missing)');
  if (value === null) return 'null';
  if (Array.isArray(value)) return l10n.t('an array of {0}', value.length);
  // A field the schema types as a number cannot hold it without rounding: said, not rounded.
  if (value instanceof ExactNumber) return l10n.t('number {0}, which a double cannot hold without rounding', value.text.length > 40 ? `${value.text.slice(0, 40)}…` : value.text);
  switch (typeof value) {
    case 'string':
      return l10n.t('string {0}', value.length > 40 ? `"${value.slice(0, 40)}…"` : JSON.stringify(value));
    case 'number':
      return l10n.t('number {0}', String(value));
    case 'boolean':
      return l10n.t('boolean {0}', String(value));
    case 'object':
      return l10n.t('an object');
    default:
      return typeof value;
  }
}

function expectedOf(issue: $ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_format':
      return l10n.t('{0} format', issue.format);
    case 'too_small':
    case 'too_big':
      return issue.message;
    case 'invalid_value':
      return l10n.t('one of {0}', issue.values.map((v) => JSON.stringify(v)).join(', '));
    default:
      return issue.message;
  }
}

/**
 * Validates `data` and returns it as received: unknown fields are kept, as exports write records as
 * Campfire sent them, and checking without transforming is what makes a million rows affordable.
 */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  data: unknown,
  target: RequestTarget,
  rowOffset?: number,
): z.output<S> & Record<string, unknown> {
  const result = schema.safeParse(data);
  if (result.success) return data as z.output<S> & Record<string, unknown>;
  const issues: SchemaIssue[] = result.error.issues.slice(0, 20).map((issue) => {
    const { found, value } = valueAt(data, issue.path);
    let path = formatPath(issue.path);
    const [first, second] = issue.path;
    if (rowOffset !== undefined && first === 'results' && typeof second === 'number') {
      path = l10n.t('{0} (row {1})', path, rowOffset + second + 1);
    }
    return { path, expected: expectedOf(issue), received: describeReceived(found, value) };
  });
  throw new CampfireSchemaError(target, issues);
}
