// The API key travels on every request, so the base URL decides where it may go: https anywhere,
// plain http only to this machine (the built-in sample server, local test servers).
import * as l10n from '@vscode/l10n';
import { CampfireConfigError } from './errors';

export const DEFAULT_BASE_URL = 'https://api.meetcampfire.com';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase()) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** The setting's origin, the only place the key is sent; a path, query or credentials are refused, not dropped. */
export function parseBaseUrl(raw: string, name = 'campfire.baseUrl'): URL {
  const text = raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CampfireConfigError(l10n.t('{0} "{1}" is not a URL. Use e.g. {2}', name, text, DEFAULT_BASE_URL));
  }
  if (url.username || url.password) {
    throw new CampfireConfigError(l10n.t('{0} must not contain a user name or password.', name));
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new CampfireConfigError(
      l10n.t('{0} must use https:// (plain http:// is allowed only for 127.0.0.1, localhost and [::1]); got {1}', name, `${url.protocol}//${url.host}`),
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new CampfireConfigError(l10n.t('{0} must be an origin without a path, e.g. {1}', name, `${url.protocol}//${url.host}`));
  }
  return new URL(url.origin);
}

/** The origin of a base URL setting (empty: the default), or undefined when the setting is refused. */
export function originOf(raw: string | undefined): string | undefined {
  try {
    return parseBaseUrl(raw?.trim() || DEFAULT_BASE_URL).origin;
  } catch {
    return undefined;
  }
}

/** "api.meetcampfire.com" for an origin; text that is no URL stays as it is. */
export function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}
