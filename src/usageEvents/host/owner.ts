// Whose data a usage-events panel shows, as the string saved in the page's state: `sample`,
// `<origin>#<account id>` or `<origin>#signed-out` (docs/usage-events-panel.md). Without `vscode`,
// so it is tested in plain Node.
import type { Account } from '../../core/accounts';
import type { CampfireConnection } from '../../core/connection';
import { panelOwner, type PanelOwner } from '../protocol/usageEventsMessages';
import { hostOf } from '../../api/baseUrl';

export const SAMPLE_OWNER = 'sample';
const SIGNED_OUT = 'signed-out';

export type ParsedOwner =
  | { kind: 'sample' }
  | { kind: 'account'; origin: string; accountId: string }
  /** An origin without an account (or a base URL that was refused: origin "unconfigured"). */
  | { kind: 'signed-out'; origin: string };

/** The owner of what the window shows now. */
export function currentOwner(connection: Pick<CampfireConnection, 'isSample' | 'origin' | 'account'>): PanelOwner {
  if (connection.isSample) return SAMPLE_OWNER;
  return `${connection.origin ?? 'unconfigured'}#${connection.account?.id ?? SIGNED_OUT}`;
}

export function parseOwner(owner: PanelOwner): ParsedOwner {
  if (owner === SAMPLE_OWNER) return { kind: 'sample' };
  const hash = owner.lastIndexOf('#');
  const origin = hash < 0 ? owner : owner.slice(0, hash);
  const id = hash < 0 ? '' : owner.slice(hash + 1);
  return id === '' || id === SIGNED_OUT ? { kind: 'signed-out', origin } : { kind: 'account', origin, accountId: id };
}

/** The owner saved in a webview's state, if it names one (state from before accounts does not). */
export function ownerInState(state: unknown): PanelOwner | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  try {
    return panelOwner((state as { owner?: unknown }).owner, 'state.owner');
  } catch {
    return undefined;
  }
}

/**
 * Whether a panel of `owner` may take `now` as its owner instead of closing: it was opened where
 * no account was signed in (so it showed no one's data), and now an account of that origin is
 * used. This is also the panel opened while the accounts were still being read at startup.
 */
export function mayAdopt(owner: PanelOwner, now: PanelOwner): boolean {
  const o = parseOwner(owner);
  const n = parseOwner(now);
  return o.kind === 'signed-out' && n.kind === 'account' && n.origin === o.origin;
}

/**
 * The words owners and reasons are told in. This module also runs in plain Node tests, without
 * `vscode`: the English ones are the default, and the panel passes them in the display language
 * (panelOwnership.ts).
 */
export interface OwnerWords {
  sampleData: string;
  noAccount: string;
  leftSampleData: string;
  switchedToSampleData: string;
  signedOut: string;
  baseUrlNotUsable: string;
  anotherAccount: string;
  switchedTo(name: string): string;
}

export const ENGLISH_OWNER_WORDS: OwnerWords = {
  sampleData: 'sample data',
  noAccount: 'no account',
  leftSampleData: 'left sample data',
  switchedToSampleData: 'switched to sample data',
  signedOut: 'signed out',
  baseUrlNotUsable: 'the Campfire base URL is not usable',
  anotherAccount: 'another account',
  switchedTo: (name) => `switched to ${name}`,
};

/** How the owner is named to the user: "sample data", "Production", "api.meetcampfire.com". */
export function ownerName(owner: ParsedOwner, account: Account | undefined, rememberedLabel: string | undefined, words: OwnerWords = ENGLISH_OWNER_WORDS): string {
  switch (owner.kind) {
    case 'sample':
      return words.sampleData;
    case 'account':
      return account?.label ?? rememberedLabel ?? hostOf(owner.origin);
    case 'signed-out':
      return owner.origin === 'unconfigured' ? words.noAccount : hostOf(owner.origin);
  }
}

/** Why a panel of `owner` is closed now that the window shows `now`: "signed out", "left sample data". */
export function whyClosed(owner: ParsedOwner, now: ParsedOwner, accounts: readonly Account[], words: OwnerWords = ENGLISH_OWNER_WORDS): string {
  if (owner.kind === 'sample') return words.leftSampleData;
  if (now.kind === 'sample') return words.switchedToSampleData;
  if (owner.kind === 'account' && !accounts.some((a) => a.id === owner.accountId)) return words.signedOut;
  if (now.origin !== owner.origin) return now.origin === 'unconfigured' ? words.baseUrlNotUsable : words.switchedTo(hostOf(now.origin));
  if (now.kind === 'account') return words.switchedTo(accounts.find((a) => a.id === now.accountId)?.label ?? words.anotherAccount);
  return words.signedOut;
}
