// `npm start` (the README's run command) opens the product as users get it: in code-server, the
// packaged .vsix installed as a user installs it, in a workbench without test options, so that
// notifications show as toasts (a test-driver workbench hides every toast in the bell). Drives the
// real script and a real browser: opens the printed URL, runs a command from the Command Palette
// by keyboard, and checks that its notification is on screen.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';

const root = path.resolve(__dirname, '../../..');
const chromiumPath = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && fs.existsSync(p));
const skip = !chromiumPath && process.env.CI !== 'true' ? 'no Chromium on this machine (apt-get install chromium)' : false;

async function waitFor<T>(get: () => T | undefined | Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('npm start', { skip, timeout: 420_000 }, () => {
  let start: ChildProcess | undefined;
  let browser: Browser | undefined;
  let output = '';
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'campfire-start-test-'));

  after(async () => {
    await browser?.close();
    if (start && start.exitCode === null) {
      start.kill('SIGINT');
      await new Promise((r) => start?.once('exit', r));
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('opens the installed extension in a workbench that shows notifications', async () => {
    const urlFile = path.join(scratch, 'url');
    const env: NodeJS.ProcessEnv = { ...process.env, CAMPFIRE_START_URL_FILE: urlFile };
    delete env.NODE_TEST_CONTEXT;
    start = spawn(process.execPath, [path.join(root, 'scripts/start.mjs'), '--code-server'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    start.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    start.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const url = await waitFor(() => {
      if (start?.exitCode !== null) throw new Error(`npm start exited early (${String(start?.exitCode)}):\n${output}`);
      return fs.existsSync(urlFile) ? fs.readFileSync(urlFile, 'utf8') : undefined;
    }, 300_000, 'npm start to print its URL');
    assert.doesNotMatch(url, /payload=/, 'the workbench is opened without a test payload');
    assert.match(output, /installing the \.vsix/);

    browser = await chromium.launch({
      executablePath: chromiumPath ?? '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url, { waitUntil: 'commit', timeout: 0 });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 120_000 });
    // The Campfire view, from the activity bar, as a user opens it (this activates the extension).
    await page.locator('.activitybar [aria-label^="Campfire"]').first().click({ timeout: 60_000 });
    await page.locator('.monaco-list-row[role="treeitem"]').first().waitFor({ state: 'visible', timeout: 120_000 });

    // A command from the Command Palette, by keyboard; its answer is a notification.
    await page.keyboard.press('F1');
    await page.keyboard.type('Campfire: Check Connection');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Check Connection' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.keyboard.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: /Connected to/ });
    await toast.first().waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await toast.first().innerText(), /Connected to http:\/\/127\.0\.0\.1:\d+: 240 contracts/);
  });
});
