// What failed in a panel's load, by part, told in words ("Campfire did not answer (timeout) while
// loading usage events of prepaid commit 10031.") with the actions that fix it; the request that
// failed goes to the log. A rejected or missing key stops every request of the window, and Retry
// cannot fix it, so it is also one notification per load (with Update API Key / Sign In).
import * as vscode from 'vscode';
import { isCampfireError } from '../../api/errors';
import type { Services } from '../../core/services';
import type { CommitRef } from '../../model/commitRef';
import { errorMessage } from '../../shared/errorMessage';
import { describeFailure } from '../../ui/errorWords';
import { showError } from '../../ui/showError';
import type { LoadPart } from './loader';

/** A part of the load in words: as an error's prefix ("Loading prepaid commit 34"), and mid-sentence ("… while loading prepaid commit 34"). */
const LOAD_PARTS: Record<LoadPart, (ref: CommitRef) => { prefix: string; doing: string }> = {
  events: ({ commitId }) => ({ prefix: vscode.l10n.t('Loading usage events of prepaid commit {0}', commitId), doing: vscode.l10n.t({ message: 'loading usage events of prepaid commit {0}', args: [commitId], comment: ['After "… while": what failed'] }) }),
  contract: ({ contractId }) => ({ prefix: vscode.l10n.t('Loading contract {0}', contractId), doing: vscode.l10n.t({ message: 'loading contract {0}', args: [contractId], comment: ['After "… while": what failed'] }) }),
  commit: ({ commitId }) => ({ prefix: vscode.l10n.t('Loading prepaid commit {0}', commitId), doing: vscode.l10n.t({ message: 'loading prepaid commit {0}', args: [commitId], comment: ['After "… while": what failed'] }) }),
  ledger: ({ commitId }) => ({ prefix: vscode.l10n.t('Loading the consumption ledger of prepaid commit {0}', commitId), doing: vscode.l10n.t({ message: 'loading the consumption ledger of prepaid commit {0}', args: [commitId], comment: ['After "… while": what failed'] }) }),
};

export class LoadFailures {
  private readonly errors = new Map<LoadPart, unknown>();
  /** A key problem was already announced for this load (the events, the commit and the ledger can each fail with it). */
  private keyProblemShown = false;

  constructor(
    private readonly services: Services,
    private readonly ref: CommitRef,
  ) {}

  /** A load (or a retry) starts without failures. */
  clear(): void {
    this.errors.clear();
    this.keyProblemShown = false;
  }

  /** A part failed: the page tells it, the log gets the request, and a key problem is announced once. */
  record(part: LoadPart, error: unknown): void {
    this.errors.set(part, error);
    const context = LOAD_PARTS[part](this.ref).prefix;
    const keyProblem = isCampfireError(error) && (error.kind === 'auth' || error.kind === 'noApiKey' || error.kind === 'permission');
    if (!keyProblem || this.keyProblemShown) {
      this.services.log.error(`${context}: ${errorMessage(error)}`);
      return;
    }
    this.keyProblemShown = true;
    void showError(this.services, error, context);
  }

  /** The load's failure: the events' (or the commit's, which fails the load too), else as the loader said it. */
  failure(loaderError: string | null): { error: unknown; text: string } {
    for (const part of ['events', 'commit'] as const) {
      const error = this.errors.get(part);
      if (error !== undefined) return { error, text: this.describe(part, error) };
    }
    const text = loaderError ?? vscode.l10n.t('Loading failed');
    return { error: new Error(text), text };
  }

  /** A part's error as the page shows it: in words when the error is known, else as the loader said it. */
  said(part: LoadPart, raw: string | null): string | null {
    if (raw === null) return null;
    const error = this.errors.get(part);
    return error !== undefined ? this.describe(part, error) : raw;
  }

  /** In plain words: the codes (ECONNREFUSED, 503) are in the log with the request. */
  private describe(part: LoadPart, error: unknown): string {
    return describeFailure(error, LOAD_PARTS[part](this.ref).doing, { codes: false });
  }
}
