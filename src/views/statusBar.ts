// The connection, always in sight: a status bar item naming the account requests go out with (or
// sample data, or signed out), turning into "unreachable" or "rate-limited" when the requests say
// so. Its tooltip tells the origin, the account and when a request last succeeded; a click opens
// the account switcher.
import * as vscode from 'vscode';
import { describeAccount } from '../core/accounts';
import type { ConnectionHealth } from '../core/connection';
import type { Services } from '../core/services';

export const STATUS_BAR_ITEM_ID = 'campfire.status';

/** What the item shows, worked out from the connection (kept apart from the item for clarity). */
interface Look {
  text: string;
  accessibility: string;
  tooltip: vscode.MarkdownString;
  warning: boolean;
}

function hostOf(origin: string): string {
  try {
    return new URL(origin).host;
  } catch {
    return origin;
  }
}

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(vscode.env.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export class CampfireStatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly disposables: { dispose(): unknown }[] = [];

  constructor(private readonly services: Services) {
    // Far left among the extensions' items, next to the remote indicator, as the Accounts-like
    // "who am I connected as" it is.
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'Campfire';
    this.item.command = { command: 'campfire.switchAccount', title: 'Switch Campfire Account…' };
    this.disposables.push(
      this.item,
      // Account, key, base URL or sample data changed (connection.onDidChange covers all of them).
      services.connection.onDidChange(() => this.update()),
      // Already throttled by the connection: at most a few times a second, whatever the request rate.
      services.connection.onDidChangeHealth(() => this.update()),
      services.sample.onDidChange(() => this.update()),
    );
    this.update();
    this.item.show();
  }

  update(): void {
    const look = this.look();
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.accessibilityInformation = { label: look.accessibility, role: 'button' };
    this.item.backgroundColor = look.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  private look(): Look {
    const { connection, sample } = this.services;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['campfire.switchAccount', 'campfire.signIn', 'workbench.action.openSettings'] };
    const origin = connection.origin;
    const health = connection.health;

    if (sample.active) {
      md.appendMarkdown('**Campfire: sample data**\n\n');
      md.appendText(`Browsing sample data from a local Campfire server at ${connection.baseUrl}, not your account.`);
      this.appendHealth(md, health);
      md.appendMarkdown('\n\n[Switch account…](command:campfire.switchAccount)');
      return this.withHealth('$(beaker)', 'Sample data', health, md, 'Campfire: browsing sample data');
    }
    if (origin === undefined) {
      let reason = 'The campfire.baseUrl setting is not usable.';
      try {
        connection.client.origin.toString();
      } catch (e) {
        reason = e instanceof Error ? e.message : String(e);
      }
      md.appendMarkdown('**Campfire: check the base URL**\n\n');
      md.appendText(reason);
      md.appendMarkdown('\n\n[Open Settings](command:workbench.action.openSettings?%22campfire.baseUrl%22)');
      return { text: '$(warning) Campfire: invalid base URL', accessibility: `Campfire: ${reason}`, tooltip: md, warning: true };
    }
    const host = hostOf(origin);
    const account = connection.account;
    if (!account) {
      md.appendMarkdown('**Campfire: signed out**\n\n');
      md.appendText(`No account is saved for ${origin}.`);
      md.appendMarkdown(`\n\n[Sign in to ${escapeMarkdown(host)}](command:campfire.signIn) · [Switch account…](command:campfire.switchAccount)`);
      return { text: '$(account) Signed out', accessibility: `Campfire: signed out. Sign in to ${host}`, tooltip: md, warning: false };
    }
    md.appendMarkdown('**Campfire**\n\n');
    md.appendMarkdown('Account: ');
    md.appendText(describeAccount(account));
    md.appendMarkdown('\n\nOrigin: ');
    md.appendText(origin);
    this.appendHealth(md, health);
    md.appendMarkdown('\n\n[Switch account…](command:campfire.switchAccount)');
    return this.withHealth('$(flame)', account.label, health, md, `Campfire account ${describeAccount(account)}`);
  }

  private appendHealth(md: vscode.MarkdownString, health: ConnectionHealth): void {
    md.appendMarkdown('\n\nLast successful request: ');
    md.appendText(health.lastSuccessAt === undefined ? 'none yet' : clock(health.lastSuccessAt));
    const p = health.problem;
    if (p) {
      md.appendMarkdown(p.kind === 'unreachable' ? '\n\n$(debug-disconnect) **Unreachable** since ' : '\n\n$(watch) **Rate-limited** (429) since ');
      md.appendText(`${clock(p.since)}${p.message ? `: ${p.message}` : ''}`);
    }
  }

  private withHealth(icon: string, label: string, health: ConnectionHealth, tooltip: vscode.MarkdownString, spoken: string): Look {
    // An account's name is the user's text: "$(…)" in it is shown as typed, not as an icon.
    const name = label.replace(/\$\(/g, '\\$(');
    const p = health.problem;
    if (p?.kind === 'unreachable') return { text: `$(debug-disconnect) ${name}: unreachable`, accessibility: `${spoken}: unreachable`, tooltip, warning: true };
    if (p?.kind === 'rateLimited') return { text: `$(watch) ${name}: rate-limited`, accessibility: `${spoken}: rate-limited`, tooltip, warning: true };
    return { text: `${icon} ${name}`, accessibility: spoken, tooltip, warning: false };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** Text for a Markdown link label: its brackets and backslashes escaped. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\[\]*_`<>()#]/g, (c) => `\\${c}`);
}
