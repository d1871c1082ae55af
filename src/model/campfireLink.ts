// Links to a contract or a prepaid commit's usage events, shared as `vscode://<extension id>/…` URIs.
// A link names the account by its origin and id (never its key), so it opens for the same account.
import * as l10n from '@vscode/l10n';
import { parseBaseUrl } from '../api/baseUrl';
import { isId } from '../api/ids';

export interface CampfireLink {
  /** `https://api.meetcampfire.com`: where the account lives. */
  readonly origin: string;
  /** The id of the account the link was made in. */
  readonly accountId: string;
  readonly contractId: number;
  /** Set: the link opens this commit's usage events; unset: the contract in the tree. */
  readonly commitId?: number;
}

/** Account ids are made by the extension (letters, digits and dashes); this bounds what a link may carry. */
const ACCOUNT_ID = /^[A-Za-z0-9._-]{1,100}$/;
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const PATH = /^\/contracts\/([^/]+)(?:\/commits\/([^/]+))?$/;
const PARAMS = ['origin', 'account'] as const;

/** The link's path and query: `/contracts/1003/commits/10031?origin=…&account=…`. */
export function formatLinkPath(link: CampfireLink): string {
  const path = link.commitId === undefined ? `/contracts/${link.contractId}` : `/contracts/${link.contractId}/commits/${link.commitId}`;
  return `${path}?${new URLSearchParams({ origin: link.origin, account: link.accountId }).toString()}`;
}

/** The whole link: `vscode://campfire-devtools.campfire-vscode/contracts/1003?…`. */
export function formatLink(scheme: string, extensionId: string, link: CampfireLink): string {
  return `${scheme}://${extensionId.toLowerCase()}${formatLinkPath(link)}`;
}

export type ParsedLink = { link: CampfireLink; problem?: undefined } | { link?: undefined; problem: string };

/** Reads a link's path and (decoded) query; anything but exactly what formatLinkPath writes is a problem, in words. */
export function parseLink(path: string, query: string): ParsedLink {
  const match = PATH.exec(path);
  if (!match) return { problem: l10n.t('it does not name a contract or a prepaid commit ({0})', path || '/') };
  const contractId = parseId(match[1] ?? '');
  if (contractId === undefined) return { problem: l10n.t('"{0}" is not a contract id', match[1] ?? '') };
  const commitId = match[2] === undefined ? undefined : parseId(match[2]);
  if (match[2] !== undefined && commitId === undefined) return { problem: l10n.t('"{0}" is not a prepaid commit id', match[2]) };

  const params = new URLSearchParams(query);
  for (const key of new Set(params.keys())) {
    if (!(PARAMS as readonly string[]).includes(key)) return { problem: l10n.t('it has an unknown part "{0}"', key) };
    if (params.getAll(key).length > 1) return { problem: l10n.t('it names "{0}" more than once', key) };
  }
  const origin = params.get('origin');
  const accountId = params.get('account');
  if (origin === null || accountId === null) return { problem: l10n.t('it does not name the Campfire account') };
  if (!isOrigin(origin)) return { problem: l10n.t('"{0}" is not the origin of a Campfire API', origin) };
  if (!ACCOUNT_ID.test(accountId)) return { problem: l10n.t('"{0}" is not an account id', accountId) };
  return { link: commitId === undefined ? { origin, accountId, contractId } : { origin, accountId, contractId, commitId } };
}

function parseId(text: string): number | undefined {
  const n = DECIMAL.test(text) ? Number(text) : undefined;
  return isId(n) ? n : undefined;
}

/** Exactly an origin the extension would send a key to (https, or http on this machine), written as URL writes it. */
function isOrigin(text: string): boolean {
  try {
    return parseBaseUrl(text).origin === text;
  } catch {
    return false;
  }
}
