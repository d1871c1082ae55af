// Comparing two amounts into a line, and a check's lines into its verdict.
import * as l10n from '@vscode/l10n';
import { isNil, minus, type Money } from './money';
import type { CheckName, CheckResult, Comparison, LineVerdict, Verdict } from './types';

/** expected against actual; a side that is missing (no decimal) cannot be checked. */
export function compare(expected: Money | undefined, actual: Money | undefined, digits: number): Comparison {
  if (expected === undefined || actual === undefined) return { expected: expected ?? '', actual: actual ?? '', difference: '', verdict: 'cannotCheck' };
  const difference = minus(actual, expected);
  return { expected, actual, difference, verdict: isNil(difference, digits) ? 'agrees' : 'differs' };
}

/** The check's verdict from its lines: differs if one differs, else cannot be checked if one could not be, else agrees. */
export function checkOf<L extends { verdict: LineVerdict }>(check: CheckName, lines: L[]): CheckResult<L> {
  const differing = lines.filter((l) => l.verdict === 'differs').length;
  const undocumented = lines.filter((l) => l.verdict === 'undocumented').length;
  const unchecked = lines.filter((l) => l.verdict === 'cannotCheck').length;
  const verdict: Verdict = differing > 0 ? 'differs' : unchecked > 0 ? 'cannotCheck' : 'agrees';
  const result: CheckResult<L> = { check, verdict, lines, differing, undocumented };
  if (unchecked > 0) result.reason = l10n.t('{0} of {1} lines lack an amount to compare', unchecked, lines.length);
  return result;
}

/** A check that could not run at all, and why. */
export function notChecked<L>(check: CheckName, reason: string): CheckResult<L> {
  return { check, verdict: 'cannotCheck', reason, lines: [], differing: 0, undocumented: 0 };
}
