// The campfire.* settings, read in one place with their documented defaults and bounds.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL, parseBaseUrl } from '../api/baseUrl';
import { MAX_RESPONSE_CEILING_BYTES } from '../api/client';
import type { NetworkOptions } from '../api/network';
import { DEFAULT_CLIENT_LIMITS } from '../api/createClient';
import { PAGE_SIZES } from '../api/pageSizes';

export interface CampfireSettings {
  baseUrl: string;
  pageSize: number;
  maxConcurrentRequests: number;
  requestTimeoutMs: number;
  maxResponseBytes: number;
}

function clampInt(value: unknown, fallback: number, min: number, max: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : fallback;
  return Math.min(max, Math.max(min, n));
}

const MIB = 1024 * 1024;

/** The origin of the user's own campfire.baseUrl, never a workspace's: where a pre-accounts key was used. */
export function userOrigin(): string {
  const raw = userBaseUrl()?.trim() || DEFAULT_BASE_URL;
  try {
    return parseBaseUrl(raw).origin;
  } catch {
    return DEFAULT_BASE_URL;
  }
}

/** The user's own campfire.baseUrl as written in their settings (undefined when unset): their default origin. */
export function userBaseUrl(): string | undefined {
  return vscode.workspace.getConfiguration('campfire').inspect<string>('baseUrl')?.globalValue;
}

/**
 * The settings, with `activeOrigin` (the account the user switched to) in place of the user's own
 * base URL: a workspace's or folder's campfire.baseUrl still wins over both.
 */
export function readSettings(activeOrigin?: string): CampfireSettings {
  const c = vscode.workspace.getConfiguration('campfire');
  // The client's limits default to the client factory's, which campfire-export uses too.
  const limits = DEFAULT_CLIENT_LIMITS;
  const inspected = c.inspect<string>('baseUrl');
  const workspaceWins = Boolean(inspected?.workspaceFolderValue?.trim() || inspected?.workspaceValue?.trim());
  const baseUrl = (!workspaceWins && activeOrigin) || c.get<string>('baseUrl', DEFAULT_BASE_URL).trim() || DEFAULT_BASE_URL;
  return {
    baseUrl,
    pageSize: clampInt(c.get('pageSize'), PAGE_SIZES.browse, 1, PAGE_SIZES.max),
    maxConcurrentRequests: clampInt(c.get('maxConcurrentRequests'), limits.maxConcurrent, 1, 16),
    requestTimeoutMs: clampInt(c.get('requestTimeoutSeconds'), limits.timeoutMs / 1000, 1, 600) * 1000,
    // Past the ceiling the client would clamp anyway; the settings editor flags such a value (the
    // manifest's maximum is the same number).
    maxResponseBytes: clampInt(c.get('maxResponseMegabytes'), limits.maxResponseBytes / MIB, 1, MAX_RESPONSE_CEILING_BYTES / MIB) * MIB,
  };
}

/** The local cache's cap (campfire.cache.maxMegabytes) in bytes; 0 turns the cache off. */
export function cacheMaxBytes(): number {
  return clampInt(vscode.workspace.getConfiguration('campfire').get('cache.maxMegabytes'), 1024, 0, 1024 * 1024) * MIB;
}

/** Settings whose change needs a new API client. */
export const CONNECTION_SETTINGS = ['campfire.baseUrl', 'campfire.maxConcurrentRequests', 'campfire.requestTimeoutSeconds', 'campfire.maxResponseMegabytes'];

/**
 * VS Code's network settings that decide how the client connects (docs/NETWORK.md). Requests go
 * through VS Code's own https module, which reads its settings per request; these are the ones the
 * client reads itself, or that change which way it goes.
 */
export const NETWORK_SETTINGS = ['http.proxy', 'http.proxyStrictSSL', 'http.noProxy', 'http.proxyAuthorization', 'http.proxySupport', 'http.systemCertificates'];

export function readNetworkSettings(): NetworkOptions {
  const http = vscode.workspace.getConfiguration('http');
  return {
    hostNetwork: true,
    proxy: http.get<string>('proxy') || undefined,
    strictSSL: http.get<boolean>('proxyStrictSSL', true),
    noProxy: http.get<string[]>('noProxy', []),
    proxyAuthorization: http.get<string | null>('proxyAuthorization') || undefined,
    systemCertificates: http.get<boolean>('systemCertificates', true),
  };
}
