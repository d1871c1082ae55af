// What went wrong in words a user reads, with the actions that fix it. The request's URL belongs in the log.
import * as vscode from 'vscode';
import { isCampfireError, type CampfireError } from '../api/errors';
import { errorMessage } from '../shared/errorMessage';

/** An action a failure offers: the command's label is the caller's (vscode.l10n). */
export type ErrorAction = 'signIn' | 'updateKey' | 'retry' | 'showLog';

/** Campfire's own words about the failure (its `detail`), short, if it sent any. */
function detailOf(error: CampfireError): string | undefined {
  const detail = (error as { detail?: unknown }).detail;
  if (typeof detail !== 'string' || detail.trim() === '') return undefined;
  const d = detail.trim();
  return d.length > 200 ? `${d.slice(0, 199)}…` : d;
}

/**
 * The reason alone, without a request path: "Campfire did not answer (timeout)". Without `codes`,
 * in plain words only ("Campfire is unreachable"): the code (ECONNREFUSED, 503) is the log's.
 */
export function errorReason(error: unknown, { codes = true }: { codes?: boolean } = {}): string {
  if (!isCampfireError(error)) return errorMessage(error);
  const status = (error as { status?: unknown }).status;
  const detail = detailOf(error);
  const withDetail = (reason: string) => (detail ? vscode.l10n.t({ message: '{0}: {1}', args: [reason, detail], comment: ['{0} is why a request failed, {1} what Campfire said about it'] }) : reason);
  const withCode = (reason: string, code: unknown) =>
    codes && (typeof code === 'number' || (typeof code === 'string' && code !== ''))
      ? vscode.l10n.t({ message: '{0} ({1})', args: [reason, String(code)], comment: ['{0} is why a request failed, {1} its code: an HTTP status (503) or a network error (ECONNREFUSED)'] })
      : reason;
  switch (error.kind) {
    case 'timeout':
      return codes ? vscode.l10n.t({ message: 'Campfire did not answer (timeout)', comment: ['A request to Campfire timed out'] }) : vscode.l10n.t('Campfire did not answer in time');
    case 'network':
      return codes ? withCode(vscode.l10n.t('Could not reach Campfire'), (error as { code?: unknown }).code) : vscode.l10n.t('Campfire is unreachable');
    case 'server':
      return withDetail(withCode(vscode.l10n.t('Campfire had a server error'), status));
    case 'rateLimited':
      return withCode(vscode.l10n.t('Campfire is limiting how fast requests are made'), 429);
    case 'auth':
      return withDetail(withCode(vscode.l10n.t('Campfire rejected the API key'), 401));
    case 'noApiKey':
      return vscode.l10n.t('No Campfire API key is set');
    case 'permission':
      return withDetail(withCode(vscode.l10n.t("The API key's role does not allow this"), 403));
    case 'notFound':
      return withDetail(withCode(vscode.l10n.t({ message: 'Campfire does not have this record', comment: ['A 404 from Campfire'] }), 404));
    case 'http':
      return withDetail(codes ? vscode.l10n.t({ message: 'Campfire answered {0}', args: [String(status)], comment: ['{0} is an HTTP status'] }) : vscode.l10n.t('Campfire answered with an error'));
    case 'badResponse':
      return vscode.l10n.t('Campfire sent a response that is not valid JSON');
    case 'schema':
      return vscode.l10n.t('Campfire sent data this extension does not understand');
    case 'refusedResponse':
      return vscode.l10n.t('Campfire sent a response this extension will not read');
    case 'incomplete': {
      const e = error as { delivered?: unknown; expected?: unknown };
      return typeof e.delivered === 'number' && typeof e.expected === 'number'
        ? vscode.l10n.t({ message: 'Only {0} of {1} rows could be read', args: [e.delivered, e.expected], comment: ['A listing that could not read every row'] })
        : vscode.l10n.t('Not every row could be read');
    }
    case 'config':
    case 'cancelled':
      return error.message;
  }
}

/** "Campfire did not answer (timeout) while loading usage events of prepaid commit 10031."; `codes` as errorReason's. */
export function describeFailure(error: unknown, doing?: string, options?: { codes?: boolean }): string {
  const reason = errorReason(error, options).replace(/[.\s]+$/, '');
  return doing
    ? vscode.l10n.t({ message: '{0} while {1}.', args: [reason, doing], comment: ['{0} is why something failed, {1} what was being done: "Campfire did not answer (timeout) while loading usage events of prepaid commit 10031."'] })
    : `${reason}.`;
}

/** Whether trying again may help (a timeout, a dropped connection, a busy server, an incomplete read). */
export function mayPassOnRetry(error: unknown): boolean {
  return isCampfireError(error) && error.retryable;
}

/** The fixing actions in order, Show Log last; `canRetry` is the caller's call (a panel retries even after a 401). */
export function errorActions(error: unknown, canRetry: boolean): ErrorAction[] {
  const actions: ErrorAction[] = [];
  if (isCampfireError(error) && error.kind === 'noApiKey') actions.push('signIn');
  if (isCampfireError(error) && error.kind === 'auth') actions.push('updateKey');
  if (canRetry) actions.push('retry');
  actions.push('showLog');
  return actions;
}

/** The button of an action, in the display language. */
export function actionLabel(action: ErrorAction): string {
  switch (action) {
    case 'signIn':
      return vscode.l10n.t('Sign In');
    case 'updateKey':
      return vscode.l10n.t('Update API Key');
    case 'retry':
      return vscode.l10n.t('Retry');
    case 'showLog':
      return vscode.l10n.t('Show Log');
  }
}
