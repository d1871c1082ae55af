// Whose data a panel shows, and what the panel does when the window's identity changes: load,
// wait for its owner (a restored panel), or close and tell the user why (docs/usage-events-panel.md).
import * as vscode from 'vscode';
import { hostOf, originOf } from '../../api/baseUrl';
import { describeAccount } from '../../core/accounts';
import type { CampfireLog } from '../../core/log';
import type { Services } from '../../core/services';
import { formatCount } from '../../shared/countFormat';
import type { PanelOwner } from '../protocol/usageEventsMessages';
import { currentOwner, mayAdopt, ownerName, parseOwner, whyClosed, type OwnerWords, type ParsedOwner } from './owner';

/** What a restored panel shows while the window uses another identity, and what its button does. */
export interface Waiting {
  text: string;
  action: string | null;
  run: () => Thenable<unknown>;
}

/** What the panel is to do with the identity the window uses now. */
export type OwnerVerdict =
  /** The window uses the panel's owner: it loads, or goes on; `adopted`: the panel took the window's identity as its owner. */
  | { kind: 'load'; adopted: boolean }
  | { kind: 'wait'; waiting: Waiting }
  /** The user was told why (or, for a panel that named no owner, the log). */
  | { kind: 'close' };

export class PanelOwnership {
  /** Undefined only for a restored panel whose state named no owner, until the accounts are read. */
  private current: PanelOwner | undefined;
  /** The owner account's name, kept for telling the user once the account is gone. */
  private label: string | undefined;
  /** Before the saved accounts are read, the window's identity says "signed out" and settles nothing. */
  private accountsRead = false;

  constructor(
    private readonly services: Services,
    private readonly commitId: number,
    owner: PanelOwner | undefined,
  ) {
    this.current = owner;
  }

  get owner(): PanelOwner | undefined {
    return this.current;
  }

  /** Whether the window uses the panel's owner now (only then may its cache be read). */
  get inUse(): boolean {
    return this.current !== undefined && this.current === currentOwner(this.services.connection);
  }

  /** The saved accounts were read: the window's identity is known from now on. */
  accountsAreRead(): void {
    this.accountsRead = true;
  }

  /**
   * Compares the owner with what the window uses now; undefined until the accounts are read. The
   * same: the panel loads. Another: a panel that loaded (`live`) closes, and a restored one waits,
   * or closes when its account is gone altogether.
   */
  settle(live: boolean): OwnerVerdict | undefined {
    if (!this.accountsRead) return undefined;
    const { accounts, connection, log } = this.services;
    const now = currentOwner(connection);
    if (this.current === undefined) {
      // Saved before panels had owners: it can only have been the user's account.
      if (parseOwner(now).kind !== 'account') {
        log.info(`Closed the restored usage-events panel of commit ${this.commitId}: it does not say whose data it showed, and no account is in use`);
        return { kind: 'close' };
      }
      this.current = now;
    }
    const owner = parseOwner(this.current);
    if (owner.kind === 'account') this.label = accounts.accounts.find((a) => a.id === owner.accountId)?.label ?? this.label;
    let adopted = false;
    if (this.current !== now && mayAdopt(this.current, now)) {
      // Opened where no one was signed in (or before the accounts were read): it showed no one's data.
      this.current = now;
      adopted = true;
    }
    if (this.current === now) return { kind: 'load', adopted };
    const gone = owner.kind === 'account' && !accounts.accounts.some((a) => a.id === owner.accountId);
    const words = ownerWords();
    if (live) {
      tellClosed(log, ownerName(owner, undefined, this.label, words), whyClosed(owner, parseOwner(now), accounts.accounts, words));
      return { kind: 'close' };
    }
    if (gone) {
      // Restored for an account that was signed out meanwhile: nothing will ever load here.
      tellClosed(log, ownerName(owner, undefined, this.label, words), words.signedOut);
      return { kind: 'close' };
    }
    return { kind: 'wait', waiting: this.waitFor(owner) };
  }

  /** What a restored panel says while the window uses another identity, with the way there. */
  private waitFor(owner: ParsedOwner): Waiting {
    const { accounts, connection, sample } = this.services;
    const commands = vscode.commands;
    const configured = originOf(connection.settings.baseUrl);
    const openSettings = () => commands.executeCommand('workbench.action.openSettings', 'campfire.baseUrl');
    switch (owner.kind) {
      case 'sample':
        return {
          text: vscode.l10n.t({ message: 'Waiting for sample data: run Explore Sample Data.', comment: ['A usage-events panel restored after a reload; "Explore Sample Data" is the command'] }),
          action: vscode.l10n.t('Explore Sample Data'),
          run: () => commands.executeCommand('campfire.exploreSampleData'),
        };
      case 'account': {
        const account = accounts.accounts.find((a) => a.id === owner.accountId);
        const label = account?.label ?? this.label ?? hostOf(owner.origin);
        const name = owner.origin === configured || !account ? label : describeAccount(account);
        return {
          text: vscode.l10n.t({ message: 'Waiting for {0}: switch to it or sign in.', args: [name], comment: ['A usage-events panel restored after a reload waits for the account {0} it showed'] }),
          action: vscode.l10n.t({ message: 'Switch to {0}', args: [label], comment: ['A button: {0} is an account name'] }),
          run: async () => {
            // "Switch Account" also points the base URL setting at the account's origin.
            if ((await commands.getCommands(true)).includes('campfire.switchAccount')) {
              await commands.executeCommand('campfire.switchAccount', { accountId: owner.accountId });
              return;
            }
            if (owner.origin !== configured) {
              await openSettings();
              return;
            }
            await accounts.choose(owner.accountId);
            if (sample.active) await sample.stop();
          },
        };
      }
      case 'signed-out': {
        const host = hostOf(owner.origin);
        if (owner.origin !== configured) {
          return {
            text: vscode.l10n.t({ message: 'Waiting for an account at {0}: set campfire.baseUrl to {1} and sign in.', args: [host, owner.origin], comment: ['{0} is a host, {1} its origin; campfire.baseUrl is a setting'] }),
            action: vscode.l10n.t('Open Settings'),
            run: openSettings,
          };
        }
        return {
          text: vscode.l10n.t({ message: 'Waiting for an account at {0}: sign in.', args: [host], comment: ['{0} is a host'] }),
          action: vscode.l10n.t('Sign In'),
          run: () => commands.executeCommand('campfire.signIn'),
        };
      }
    }
  }
}

/** How owners and the reasons panels close are told (owner.ts), in the display language. */
function ownerWords(): OwnerWords {
  return {
    sampleData: vscode.l10n.t({ message: 'sample data', comment: ['Whose data a usage-events panel showed: "Closed 1 usage-events panel of sample data"'] }),
    noAccount: vscode.l10n.t({ message: 'no account', comment: ['Whose data a usage-events panel showed, when the base URL was not usable'] }),
    leftSampleData: vscode.l10n.t({ message: 'left sample data', comment: ['Why usage-events panels closed'] }),
    switchedToSampleData: vscode.l10n.t({ message: 'switched to sample data', comment: ['Why usage-events panels closed'] }),
    signedOut: vscode.l10n.t({ message: 'signed out', comment: ['Why usage-events panels closed'] }),
    baseUrlNotUsable: vscode.l10n.t({ message: 'the Campfire base URL is not usable', comment: ['Why usage-events panels closed'] }),
    anotherAccount: vscode.l10n.t({ message: 'another account', comment: ['In "switched to another account", why usage-events panels closed'] }),
    switchedTo: (name) => vscode.l10n.t({ message: 'switched to {0}', args: [name], comment: ['Why usage-events panels closed; {0} is an account name or a host'] }),
  };
}

/** Panels closed per owner and reason, told together once the change that closed them is done. */
const closedSoFar = new Map<string, number>();
let tellScheduled: NodeJS.Timeout | undefined;

/** One panel of `ownerName` closed because of `reason`: "Closed 2 usage-events panels of Production: signed out." */
function tellClosed(log: CampfireLog, ownerName: string, reason: string): void {
  const key = JSON.stringify([ownerName, reason]);
  closedSoFar.set(key, (closedSoFar.get(key) ?? 0) + 1);
  tellScheduled ??= setTimeout(() => {
    tellScheduled = undefined;
    const parts = [...closedSoFar].map(([k, n]) => {
      const [name, why] = JSON.parse(k) as [string, string];
      return n === 1
        ? vscode.l10n.t({ message: '{0} usage-events panel of {1}: {2}', args: [formatCount(n), name, why], comment: ['{1} is whose data the panel showed, {2} why it closed: "1 usage-events panel of Production: signed out"'] })
        : vscode.l10n.t({ message: '{0} usage-events panels of {1}: {2}', args: [formatCount(n), name, why], comment: ['{1} is whose data the panels showed, {2} why they closed: "2 usage-events panels of Production: signed out"'] });
    });
    closedSoFar.clear();
    const text = vscode.l10n.t({ message: 'Closed {0}.', args: [parts.join('; ')], comment: ['{0} lists the usage-events panels closed and why, e.g. "1 usage-events panel of Production: signed out"'] });
    log.info(text);
    void vscode.window.showInformationMessage(text);
  }, 0);
}
