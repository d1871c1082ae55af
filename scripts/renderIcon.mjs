#!/usr/bin/env node
// Renders media/icon.svg (the extension's icon, drawn by hand) to media/icon.png, the 256x256 PNG the
// marketplaces show: `node scripts/renderIcon.mjs` after changing the SVG. Uses the Chromium the
// extension-host tests use (CHROMIUM, default /usr/bin/chromium) through playwright-core.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 256;
const svg = fs.readFileSync(path.join(root, 'media/icon.svg'), 'utf8');
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
  await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${svg}`);
  const out = path.join(root, 'media/icon.png');
  fs.writeFileSync(out, await page.locator('svg').screenshot({ omitBackground: true }));
  console.log(`wrote ${path.relative(process.cwd(), out)} (${SIZE}x${SIZE})`);
} finally {
  await browser.close();
}
