// The test bundle's side of each usage-events panel: it meets every panel as it is made, records
// what the panel hands its webview (the page and every message, so tests can prove the API key
// never crosses), counts what the webview posts outside the protocol, and asks the probe in the
// page (webviewProbe.ts) what a user sees there, or to act as a user. Nothing here is in the
// product: it builds on the panel's public face (its WebviewPanel, title, visibility, busy, rows).
import * as vscode from 'vscode';
import { parseWebviewToHost } from '../../../src/usageEvents/protocol/usageEventsMessages';
import type { UsageEventsPanel } from '../../../src/usageEvents/host/panel';
import type { UsageEventsPanels } from '../../../src/usageEvents/host/panels';
import { probePart, type ProbeRequest, type SeenInWebview, type UserActions } from './probeProtocol';

/** What a panel hands to its webview: the page itself, or a message. */
export type SentToWebview = { html: string } | { message: unknown };

/** A panel as the tests see it: facts of the panel, and what its webview shows. */
export interface PanelReport {
  title: string;
  visible: boolean;
  /** Requests for the commit in flight. */
  busy: boolean;
  /** Events the panel holds. */
  rowsHeld: number;
  /** The tab's icon: one file for every theme, or one for light and one for dark themes (their paths). */
  icon: string | { light: string; dark: string } | undefined;
  /** Messages the webview posted that belong neither to the panel's protocol nor to the probe. */
  rejectedMessages: number;
  /** What the page shows, read by the probe; undefined while no page is there to ask (hidden, reloading). */
  webview: SeenInWebview | undefined;
}

/** How long the probe may take to act and answer; a page that went away never answers. */
const ANSWER_MS = 10_000;

/** Watches every usage-events panel of the window, from the moment it is made. */
export class UsageEventsProbes implements vscode.Disposable {
  private readonly sent = new vscode.EventEmitter<SentToWebview>();
  readonly onDidSend = this.sent.event;
  private readonly probes = new WeakMap<UsageEventsPanel, PanelProbe>();

  constructor(panels: UsageEventsPanels) {
    // A panel is only ever made by the window's UsageEventsPanels, in show() or restore(). Each is
    // wrapped so the probe meets the panel on its return: before its page can load and say
    // "ready", so before anything is posted to it.
    const show = panels.show.bind(panels);
    const restore = panels.restore.bind(panels);
    panels.show = (ref) => this.meet(show(ref));
    panels.restore = (...args) => this.meet(restore(...args));
  }

  private meet(panel: UsageEventsPanel): UsageEventsPanel {
    this.probeOf(panel);
    return panel;
  }

  private probeOf(panel: UsageEventsPanel): PanelProbe {
    let probe = this.probes.get(panel);
    if (!probe) {
      probe = new PanelProbe(panel, this.sent);
      this.probes.set(panel, probe);
    }
    return probe;
  }

  /** The panel's report, after the probe did `act` in its page (when there is a page). */
  report(panel: UsageEventsPanel, act: UserActions = {}): Promise<PanelReport> {
    return this.probeOf(panel).report(act);
  }

  dispose(): void {
    this.sent.dispose();
  }
}

class PanelProbe {
  private live = false;
  private nextId = 1;
  private rejected = 0;
  private readonly waiting = new Map<number, { resolve(seen: SeenInWebview | undefined): void; reject(e: Error): void }>();
  private readonly post: (message: unknown) => Thenable<boolean>;

  constructor(
    private readonly panel: UsageEventsPanel,
    sent: vscode.EventEmitter<SentToWebview>,
  ) {
    const webview = panel.panel.webview;
    sent.fire({ html: webview.html });
    // Every message the panel posts goes through here on its way to the page; the probe's own do not.
    const post = webview.postMessage.bind(webview);
    this.post = post;
    webview.postMessage = (message: unknown) => {
      sent.fire({ message });
      return post(message);
    };
    const listeners = [
      webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      // A hidden page is destroyed (the panel keeps no hidden webview alive): its probe is gone with it.
      panel.panel.onDidChangeViewState((e) => {
        if (!e.webviewPanel.visible) this.gone();
      }),
      panel.panel.onDidDispose(() => {
        this.gone();
        for (const l of listeners) l.dispose();
      }),
    ];
  }

  private receive(message: unknown): void {
    const part = probePart(message);
    if (part === undefined) {
      try {
        parseWebviewToHost(message);
      } catch {
        this.rejected++;
      }
      return;
    }
    const m = part as { hello?: unknown; id?: unknown; seen?: SeenInWebview; failed?: unknown };
    if (m.hello === true) {
      // A new page (shown again, or reloaded): what was asked of the old one will not be answered.
      this.gone();
      this.live = true;
      return;
    }
    const waiting = typeof m.id === 'number' ? this.waiting.get(m.id) : undefined;
    if (!waiting) return;
    this.waiting.delete(m.id as number);
    if (typeof m.failed === 'string') waiting.reject(new Error(`the webview probe could not do that: ${m.failed}`));
    else waiting.resolve(m.seen);
  }

  private gone(): void {
    this.live = false;
    for (const w of this.waiting.values()) w.resolve(undefined);
    this.waiting.clear();
  }

  async report(act: UserActions): Promise<PanelReport> {
    const webview = await this.ask(act);
    const p = this.panel;
    const icon = p.panel.iconPath;
    const iconSeen = icon === undefined ? undefined : icon instanceof vscode.Uri ? icon.path : { light: icon.light.path, dark: icon.dark.path };
    return { title: p.panel.title, visible: p.panel.visible, busy: p.busy, rowsHeld: p.rowsHeld, icon: iconSeen, rejectedMessages: this.rejected, webview };
  }

  private ask(act: UserActions): Promise<SeenInWebview | undefined> {
    if (!this.live || !this.panel.panel.visible) return Promise.resolve(undefined);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(undefined);
      }, ANSWER_MS);
      this.waiting.set(id, {
        resolve: (seen) => {
          clearTimeout(timer);
          resolve(seen);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      const request: ProbeRequest = { id, act };
      void this.post({ probe: request });
    });
  }
}
