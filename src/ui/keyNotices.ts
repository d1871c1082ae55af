// Notices about the key in use (rejected, missing, lacking a permission) last only as long as the
// account, key and mode they are about. VS Code cannot close a message notification, so they are
// progress notifications, closed when the connection or the sample-data mode changes; their fix is
// a link in the text, and the status bar item offers it too.
import * as vscode from 'vscode';
import { isCampfireError } from '../api/errors';
import type { Services } from '../core/services';
import { Disposable } from '../shared/disposable';

/** A failure about the key itself, which another account, key or mode makes moot. */
export function isKeyProblem(error: unknown): boolean {
  return isCampfireError(error) && (error.kind === 'auth' || error.kind === 'noApiKey' || error.kind === 'permission');
}

/** A command a notice links to, with its label in the display language. */
export interface NoticeLink {
  label: string;
  command: string;
}

class KeyNotices extends Disposable {
  /** Closes each notice on screen, by its text: the same notice is not shown twice. */
  private readonly open = new Map<string, () => void>();

  constructor(services: Services) {
    super();
    this.register(
      services.connection.onDidChange(() => this.closeAll()),
      services.sample.onDidChange(() => this.closeAll()),
    );
  }

  show(text: string, links: readonly NoticeLink[]): void {
    // The workbench reads "[label](target)" in a notification as a link: what Campfire said must not become one.
    const plain = text.replace(/[[\]]/g, (c) => (c === '[' ? '(' : ')'));
    const linked = links.map((l) => `[${l.label.replace(/[[\]]/g, '')}](command:${l.command})`).join(' · ');
    const title = linked ? `${plain} ${linked}` : plain;
    if (this.open.has(title)) return;
    let close = () => {};
    const closed = new Promise<void>((resolve) => (close = resolve));
    this.open.set(title, close);
    // Cancellable, so the user can dismiss it (the button reads Cancel: VS Code names it so).
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
      // A bar of zero width: the notice is not work in progress, only closable from here.
      progress.report({ increment: 0 });
      token.onCancellationRequested(() => {
        close();
        this.open.delete(title);
      });
      return closed;
    });
  }

  private closeAll(): void {
    for (const close of this.open.values()) close();
    this.open.clear();
  }

  override dispose(): void {
    this.closeAll();
    super.dispose();
  }
}

const noticesOf = new WeakMap<Services, KeyNotices>();

/** Shows a notice about the key in use until the account, key or mode changes. */
export function showKeyNotice(services: Services, text: string, links: readonly NoticeLink[]): void {
  let notices = noticesOf.get(services);
  if (!notices) {
    notices = new KeyNotices(services);
    noticesOf.set(services, notices);
    services.context.subscriptions.push(notices);
  }
  notices.show(text, links);
}
