// The "Campfire" log channel (VS Code's LogOutputChannel, so the user picks the level). Every
// request attempt is logged with method, path, status, duration and attempt; the key never is.
import * as vscode from 'vscode';
import { describeRequest, type RequestLogEntry } from '../api/requestLog';
import { safeText } from '../api/safeText';

const LOG_LINE_MAX_CHARS = 4000;

export class CampfireLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private secrets: string[] = [];

  constructor() {
    this.channel = vscode.window.createOutputChannel('Campfire', { log: true });
  }

  /** Values that must never appear in the log even if some message echoes them. */
  setSecrets(secrets: (string | undefined)[]): void {
    this.secrets = secrets.filter((s): s is string => !!s);
  }

  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  error(message: string): void {
    this.channel.error(this.clean(message));
  }
  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }

  request(e: RequestLogEntry): void {
    const line = describeRequest(e);
    switch (e.outcome) {
      case 'ok':
        // Info, not debug: the log shows every request at the channel's default level.
        this.channel.info(this.clean(line));
        break;
      case 'retry':
        this.channel.warn(this.clean(`${line}: ${e.message ?? ''}; retrying in ${e.retryInMs ?? 0}ms`));
        break;
      case 'cancelled':
        this.channel.debug(this.clean(`${line}: cancelled`));
        break;
      case 'error':
        this.channel.error(this.clean(`${line}: ${e.message ?? ''}`));
        break;
    }
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }

  private clean(text: string): string {
    // Lines may quote server text: no key, no control characters, one line each.
    return safeText(text, this.secrets, LOG_LINE_MAX_CHARS);
  }
}
