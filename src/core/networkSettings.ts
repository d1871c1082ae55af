// VS Code's own proxy settings, applied to the Campfire client. The client uses undici directly,
// which VS Code's proxy support does not patch, so the settings are honoured here explicitly.
import * as vscode from 'vscode';
import type { NetworkOptions } from '../api/network';

export const NETWORK_SETTINGS = ['http.proxy', 'http.proxyStrictSSL', 'http.noProxy'];

export function readNetworkSettings(): NetworkOptions {
  const http = vscode.workspace.getConfiguration('http');
  return {
    proxy: http.get<string>('proxy') || undefined,
    strictSSL: http.get<boolean>('proxyStrictSSL', true),
    noProxy: http.get<string[]>('noProxy', []),
  };
}
