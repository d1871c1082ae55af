// The campfire.* settings, read in one place with their documented defaults and bounds.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../api/baseUrl';

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

export function readSettings(): CampfireSettings {
  const c = vscode.workspace.getConfiguration('campfire');
  return {
    baseUrl: c.get<string>('baseUrl', DEFAULT_BASE_URL).trim() || DEFAULT_BASE_URL,
    pageSize: clampInt(c.get('pageSize'), 100, 1, 1000),
    maxConcurrentRequests: clampInt(c.get('maxConcurrentRequests'), 4, 1, 16),
    requestTimeoutMs: clampInt(c.get('requestTimeoutSeconds'), 60, 1, 600) * 1000,
    maxResponseBytes: clampInt(c.get('maxResponseMegabytes'), 16, 1, 1024) * 1024 * 1024,
  };
}

/** Settings whose change needs a new API client. */
export const CONNECTION_SETTINGS = ['campfire.baseUrl', 'campfire.maxConcurrentRequests', 'campfire.requestTimeoutSeconds', 'campfire.maxResponseMegabytes'];
