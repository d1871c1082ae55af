// The connection always in sight: the account requests go out with, and whether they are answered.
import * as vscode from 'vscode';
import { describeAccount } from '../core/accounts';
import type { ConnectionHealth, ConnectionProblem } from '../core/connection';
import type { Services } from '../core/services';
import { Disposable } from '../shared/disposable';
import { errorMessage } from '../shared/errorMessage';
import { hostOf } from '../api/baseUrl';
import { escapeMarkdown } from '../ui/format';

export const STATUS_BAR_ITEM_ID = 'campfire.status';

interface Look {
  text: string;
  accessibility: string;
  tooltip: vscode.MarkdownString;
  warning: boolean;
}

function clock(ms: number): string {
  return new Date(ms).toLocaleTimeString(vscode.env.language, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export class CampfireStatusBar extends Disposable {
  readonly item: vscode.StatusBarItem;
  /** The server did not answer at the last update: its return is announced once. */
  private wasUnreachable = false;

  constructor(private readonly services: Services) {
    super();
    // Far left, next to the remote indicator: the Accounts-like "who am I connected as".
    this.item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Left, 100);
    this.item.name = 'Campfire';
    this.register(
      this.item,
      services.connection.onDidChange(() => this.update()),
      // Already throttled by the connection: at most a few times a second, whatever the request rate.
      services.connection.onDidChangeHealth((health) => {
        this.announceReturn(health);
        this.update();
      }),
      services.sample.onDidChange(() => this.update()),
    );
    this.update();
    this.item.show();
  }

  /** "Reachable again" for a few seconds beside the item, when requests are answered after an outage. */
  private announceReturn(health: ConnectionHealth): void {
    const unreachable = health.problem?.kind === 'unreachable';
    if (this.wasUnreachable && !unreachable && health.lastSuccessAt !== undefined) {
      this.register(vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Campfire is reachable again: retrying what failed')}`, 5000));
    }
    this.wasUnreachable = unreachable;
  }

  update(): void {
    const look = this.look();
    // A rejected key is fixed by entering another, not by switching accounts.
    this.item.command =
      this.services.connection.health.problem?.kind === 'keyRejected' && !this.services.sample.active
        ? { command: 'campfire.signIn', title: vscode.l10n.t('Update API Key') }
        : { command: 'campfire.switchAccount', title: vscode.l10n.t('Switch Campfire Account…') };
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
    const switchAccount = `[${escapeMarkdown(vscode.l10n.t('Switch account…'))}](command:campfire.switchAccount)`;

    if (sample.active) {
      md.appendMarkdown(`**${escapeMarkdown(vscode.l10n.t('Campfire: sample data'))}**\n\n`);
      md.appendText(vscode.l10n.t('Browsing sample data from a local Campfire server at {0}, not your account.', connection.baseUrl));
      this.appendHealth(md, health);
      md.appendMarkdown(`\n\n${switchAccount}`);
      return this.withHealth('$(beaker)', vscode.l10n.t({ message: 'Sample data', comment: ['The status bar item while browsing sample data'] }), health, md, vscode.l10n.t('Campfire: browsing sample data'));
    }
    if (origin === undefined) {
      let reason = vscode.l10n.t('The campfire.baseUrl setting is not usable.');
      try {
        connection.client.origin.toString();
      } catch (e) {
        reason = errorMessage(e);
      }
      md.appendMarkdown(`**${escapeMarkdown(vscode.l10n.t('Campfire: check the base URL'))}**\n\n`);
      md.appendText(reason);
      md.appendMarkdown(`\n\n[${escapeMarkdown(vscode.l10n.t('Open Settings'))}](command:workbench.action.openSettings?%22campfire.baseUrl%22)`);
      return {
        text: `$(warning) ${vscode.l10n.t('Campfire: invalid base URL')}`,
        accessibility: vscode.l10n.t({ message: 'Campfire: {0}', args: [reason], comment: ['{0} is why the base URL setting cannot be used'] }),
        tooltip: md,
        warning: true,
      };
    }
    const host = hostOf(origin);
    const account = connection.account;
    if (!account) {
      md.appendMarkdown(`**${escapeMarkdown(vscode.l10n.t('Campfire: signed out'))}**\n\n`);
      md.appendText(vscode.l10n.t('No account is saved for {0}.', origin));
      md.appendMarkdown(`\n\n[${escapeMarkdown(vscode.l10n.t('Sign in to {0}', host))}](command:campfire.signIn) · ${switchAccount}`);
      return {
        text: `$(account) ${vscode.l10n.t({ message: 'Signed out', comment: ['The status bar item when no Campfire account is saved for the base URL'] })}`,
        accessibility: vscode.l10n.t('Campfire: signed out. Sign in to {0}', host),
        tooltip: md,
        warning: false,
      };
    }
    md.appendMarkdown('**Campfire**\n\n');
    appendMessage(md, vscode.l10n.t({ message: 'Account: {0}', comment: ['Markdown; {0} is the account in use, e.g. "Production (api.meetcampfire.com)"'] }), describeAccount(account));
    md.appendMarkdown('\n\n');
    appendMessage(md, vscode.l10n.t({ message: 'Origin: {0}', comment: ['Markdown; {0} is the origin requests go to, e.g. https://api.meetcampfire.com'] }), origin);
    this.appendHealth(md, health);
    md.appendMarkdown(`\n\n${switchAccount}`);
    return this.withHealth('$(flame)', account.label, health, md, vscode.l10n.t('Campfire account {0}', describeAccount(account)));
  }

  private appendHealth(md: vscode.MarkdownString, health: ConnectionHealth): void {
    md.appendMarkdown('\n\n');
    appendMessage(
      md,
      vscode.l10n.t({ message: 'Last successful request: {0}', comment: ['Markdown; {0} is a time of day, or "none yet"'] }),
      health.lastSuccessAt === undefined ? vscode.l10n.t({ message: 'none yet', comment: ['No request to Campfire has succeeded yet'] }) : clock(health.lastSuccessAt),
    );
    const p = health.problem;
    if (p) {
      const since = clock(p.since);
      md.appendMarkdown('\n\n');
      if (p.kind === 'unreachable') {
        md.appendMarkdown('$(debug-disconnect) ');
        appendMessage(
          md,
          p.message
            ? vscode.l10n.t({ message: '**Unreachable** since {0}: {1}', comment: ['Markdown; {0} is a time of day, {1} the error of the latest request'] })
            : vscode.l10n.t({ message: '**Unreachable** since {0}', comment: ['Markdown; {0} is a time of day'] }),
          since,
          p.message ?? '',
        );
        md.appendMarkdown('\n\n');
        md.appendText(vscode.l10n.t('What was loaded stays on screen. Campfire is checked again by itself, and what failed is retried as soon as it answers.'));
      } else if (p.kind === 'keyRejected') {
        md.appendMarkdown('$(key) ');
        appendMessage(md, vscode.l10n.t({ message: '**Key rejected** (401) since {0}: Campfire no longer accepts this API key.', comment: ['Markdown; {0} is a time of day'] }), since);
        md.appendMarkdown(`\n\n[${escapeMarkdown(vscode.l10n.t('Update API Key'))}](command:campfire.signIn)`);
      } else {
        md.appendMarkdown('$(watch) ');
        appendMessage(
          md,
          p.message
            ? vscode.l10n.t({ message: '**Rate-limited** (429) since {0}: {1}', comment: ['Markdown; {0} is a time of day, {1} the error of the latest request'] })
            : vscode.l10n.t({ message: '**Rate-limited** (429) since {0}', comment: ['Markdown; {0} is a time of day'] }),
          since,
          p.message ?? '',
        );
      }
    }
  }

  private withHealth(icon: string, label: string, health: ConnectionHealth, tooltip: vscode.MarkdownString, spoken: string): Look {
    // An account's name is the user's text: "$(…)" in it is shown as typed, not as an icon.
    const name = label.replace(/\$\(/g, '\\$(');
    const problem = health.problem && problemLook(health.problem.kind);
    if (problem) return { text: `${problem.icon} ${problem.say(name)}`, accessibility: problem.say(spoken), tooltip, warning: true };
    return { text: `${icon} ${name}`, accessibility: spoken, tooltip, warning: false };
  }
}

/** The status bar item's icon and words for a problem; `say` is given the account's name (or "Sample data"). */
function problemLook(kind: ConnectionProblem['kind']): { icon: string; say: (who: string) => string } {
  switch (kind) {
    case 'unreachable':
      return { icon: '$(debug-disconnect)', say: (who) => vscode.l10n.t({ message: '{0}: unreachable', args: [who], comment: ['The status bar item: {0} is the account (or "Sample data") whose server does not answer'] }) };
    case 'rateLimited':
      return { icon: '$(watch)', say: (who) => vscode.l10n.t({ message: '{0}: rate-limited', args: [who], comment: ['The status bar item: {0} is the account (or "Sample data") whose server asks to slow down (429)'] }) };
    case 'keyRejected':
      return { icon: '$(key)', say: (who) => vscode.l10n.t({ message: '{0}: key rejected', args: [who], comment: ['The status bar item: {0} is the account whose API key Campfire refuses (401)'] }) };
  }
}

/** Appends a translated Markdown message whose {0}, {1}… are plain text, escaped. */
function appendMessage(md: vscode.MarkdownString, template: string, ...texts: string[]): void {
  template.split(/\{(\d+)\}/).forEach((part, i) => {
    if (i % 2 === 0) md.appendMarkdown(part);
    else md.appendText(texts[Number(part)] ?? `{${part}}`);
  });
}
