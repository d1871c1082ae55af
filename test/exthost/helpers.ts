// Small helpers shared by the extension-host suites.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SampleDataset } from '../../src/sampleServer/dataset';
import type { CampfireTestingApi as CampfireExtensionApi } from './probe/testingApi';

export const EXTENSION_ID = 'campfire-devtools.campfire-vscode';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `predicate` every 50 ms until it returns true; rejects after `ms` naming `what`. */
export async function waitFor(predicate: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(50);
  }
}

/** The extension under test; fails the test if the development path did not load it. */
export function getExtension(): vscode.Extension<CampfireExtensionApi> {
  const ext = vscode.extensions.getExtension<CampfireExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not installed in this extension host`);
  return ext;
}

/**
 * Activates the extension the way a user does, by opening its view container (no `*`
 * activation), and returns its API.
 */
export async function activate(): Promise<CampfireExtensionApi> {
  const ext = getExtension();
  if (!ext.isActive) {
    await vscode.commands.executeCommand('workbench.view.extension.campfire');
    await waitFor(() => ext.isActive, 15_000, `${EXTENSION_ID} to activate`);
  }
  return ext.exports;
}

/** Applies a setting change and waits for the connection to build its new client, rather than race it. */
export async function changeConnection(api: CampfireExtensionApi, apply: () => Thenable<void>): Promise<void> {
  const before = api.services.connection.client;
  await apply();
  await waitFor(() => api.services.connection.client !== before, 5000, 'the connection to pick up the setting');
}

/** True when the run is driven by harness.mjs (code-server + Chromium), which can take screenshots. */
export const canScreenshot = process.env.CAMPFIRE_EXTHOST_HARNESS === '1';

/**
 * Where a screenshot named `name` goes: the README's pictures in media/screenshots when the run
 * was started with CAMPFIRE_UPDATE_SCREENSHOTS=1, otherwise a temporary directory, so that an
 * ordinary test run never changes tracked files.
 */
export function screenshotFile(name: string): string {
  const dir = process.env.CAMPFIRE_UPDATE_SCREENSHOTS === '1' ? path.resolve(__dirname, '..', '..', '..', 'media', 'screenshots') : os.tmpdir();
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/**
 * Writes a PNG of the whole workbench to `file` (absolute path) and resolves once it exists.
 * The harness watches the log for "@@screenshot <path>" and answers with the file, or with
 * "<path>.error". Returns false without a harness (desktop VS Code), where no one is listening.
 * `settleMs` gives the workbench time to finish rendering and animations first.
 */
export async function screenshot(file: string, settleMs = 500): Promise<boolean> {
  if (!canScreenshot) return false;
  if (!file.endsWith('.png') || !path.isAbsolute(file)) throw new Error(`screenshot wants an absolute .png path, got ${file}`);
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.error`, { force: true });
  await sleep(settleMs);
  console.log(`@@screenshot ${file}`);
  await waitFor(() => fs.existsSync(file) || fs.existsSync(`${file}.error`), 30_000, `screenshot ${file}`);
  if (fs.existsSync(`${file}.error`)) throw new Error(`screenshot failed: ${fs.readFileSync(`${file}.error`, 'utf8')}`);
  return true;
}

/** The key the window would send to the origin it points at now (the account saved for it), if any. */
export function storedKey(api: CampfireExtensionApi): Promise<string | undefined> {
  const origin = api.services.connection.origin;
  return origin === undefined ? Promise.resolve(undefined) : api.services.accounts.keyFor(origin);
}

/**
 * Types `text` and presses `press` (Playwright key names) into whatever has focus in the
 * workbench, through the harness's browser, as a user's keyboard would. Returns false without a
 * harness (desktop VS Code), where no one is listening.
 */
export function typeKeys(keys: { text?: string; press?: string[] }): Promise<boolean> {
  return askHarness('keys', keys, 'type');
}

/**
 * Logs "@@<verb> <done-file> <JSON>" for the harness and waits for it to write the done-file (or
 * "<file>.error", thrown). Returns false without a harness (desktop VS Code).
 */
async function askHarness(verb: string, request: object, doing: string): Promise<boolean> {
  if (!canScreenshot) return false;
  const done = path.join(os.tmpdir(), `campfire-${verb}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  console.log(`@@${verb} ${done} ${JSON.stringify(request)}`);
  await waitFor(() => fs.existsSync(done) || fs.existsSync(`${done}.error`), 15_000, `the harness to ${doing}`);
  if (fs.existsSync(`${done}.error`)) throw new Error(`the harness could not ${doing}: ${fs.readFileSync(`${done}.error`, 'utf8')}`);
  fs.rmSync(done, { force: true });
  return true;
}

/** Presses keys as a user would (real key presses into what has the focus), then lets the page draw what they did. */
export async function pressKeys(...press: string[]): Promise<void> {
  if (!(await typeKeys({ press }))) throw new Error('no harness to press the keys');
  await new Promise((resolve) => setTimeout(resolve, 150));
}

/** Clicks what matches `selector` (in the workbench or a webview) with the harness's mouse. */
export async function clickOnScreen(selector: string, options: { button?: 'left' | 'right'; clickCount?: number } = {}): Promise<void> {
  const done = path.join(os.tmpdir(), `campfire-click-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  console.log(`@@click ${done} ${JSON.stringify({ selector, ...options })}`);
  await waitFor(() => fs.existsSync(done) || fs.existsSync(`${done}.error`), 20_000, `the harness to click ${selector}`);
  if (fs.existsSync(`${done}.error`)) throw new Error(`clicking failed: ${fs.readFileSync(`${done}.error`, 'utf8')}`);
  fs.rmSync(done, { force: true });
}

/** One element on screen, as the harness read it: its visible text and its aria-label. */
export interface ScreenElement {
  text: string;
  label: string;
  /** The attributes asked for (null when absent). */
  attributes: Record<string, string | null>;
}

/**
 * What the user sees: the elements matching `selector` in the workbench and in every webview
 * frame, read by the harness's browser. Undefined without a harness (desktop VS Code).
 */
export async function readScreen(selector: string, attributes: string[] = []): Promise<ScreenElement[] | undefined> {
  if (!canScreenshot) return undefined;
  const out = path.join(os.tmpdir(), `campfire-dom-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  console.log(`@@dom ${out} ${JSON.stringify({ selector, attributes })}`);
  await waitFor(() => fs.existsSync(out) || fs.existsSync(`${out}.error`), 15_000, 'the harness to read the screen');
  if (fs.existsSync(`${out}.error`)) throw new Error(`reading the screen failed: ${fs.readFileSync(`${out}.error`, 'utf8')}`);
  const found = JSON.parse(fs.readFileSync(out, 'utf8')) as ScreenElement[];
  fs.rmSync(out, { force: true });
  return found;
}

/** The labels of the workbench's context menu (VS Code's own, drawn in the workbench), once it shows `item`. */
export async function contextMenuWith(item: string): Promise<string[]> {
  let labels: string[] = [];
  await waitFor(
    async () => {
      labels = ((await readScreen('.monaco-menu .action-label')) ?? []).map((e) => e.text || e.label);
      return labels.includes(item);
    },
    10_000,
    `the context menu with ${item}`,
  );
  return labels;
}

/**
 * Runs `show` with the side bar widened, as a user drags it for a picture of long tree rows, then
 * gives the width back, so the next suites' panels are laid out as in a fresh window. The resize
 * commands act on the editor part in a headless page (it has no window focus): narrowing the
 * editor widens the side bar, and widening it by as many steps undoes that.
 */
export async function withWideSideBar<T>(show: () => Promise<T>): Promise<T> {
  for (let i = 0; i < 10; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
  try {
    return await show();
  } finally {
    for (let i = 0; i < 10; i++) await vscode.commands.executeCommand('workbench.action.increaseViewWidth');
  }
}

/** The window size of a run (harness.mjs's --viewport default), for a test to give back after resizing. */
export const DEFAULT_WINDOW = { width: 1280, height: 800 };

/**
 * Resizes the browser's window, as a user does, and lets the workbench lay itself out again.
 * Returns false without a harness (desktop VS Code), where no one is listening.
 */
export async function resizeWindow(size: { width: number; height: number }): Promise<boolean> {
  if (!(await askHarness('viewport', size, 'resize the window'))) return false;
  await sleep(500);
  return true;
}

/** A prepaid commit of the sample data, with how many usage events it has. */
export interface SampleCommit {
  contractId: number;
  commitId: number;
  events: number;
}

/** The sample data's prepaid commits with `min` to `max` usage events, fewest first. */
export function sampleCommits(dataset: SampleDataset, min: number, max: number): SampleCommit[] {
  return dataset
    .contracts()
    .flatMap((c) => dataset.prepaidCommits(c.id).map((p) => ({ contractId: c.id, commitId: p.id, events: dataset.usageEventCount(c.id, p.id) })))
    .filter((c) => c.events >= min && c.events <= max)
    .sort((a, b) => a.events - b.events);
}
