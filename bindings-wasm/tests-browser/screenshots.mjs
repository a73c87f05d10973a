// Screenshots of each view of the browser tool for bindings-wasm/README.md, made in headless
// Chromium on the page served on 127.0.0.1 (after build.sh):
//   node tests-browser/screenshots.mjs [outDir]     (default: docs/screenshots/)
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const www = fileURLToPath(new URL('../www/', import.meta.url));
const out = process.argv[2] || fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
mkdirSync(out, { recursive: true });

const server = await serve(www);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
const shot = async (name) => { await page.screenshot({ path: `${out}${name}.png` }); console.log(`${out}${name}.png`); };
const code = (c) => page.waitForFunction((x) => document.querySelector('#detail-code')?.textContent === x, c);

try {
  await page.goto(server.url);
  await page.waitForFunction(() => window.medcodesReady === true, null, { timeout: 60_000 });
  await page.fill('#dos', '2025-10-01');

  // Search as you type, over every code system.
  await page.click('#q');
  await page.keyboard.type('heart attack', { delay: 20 });
  await page.waitForSelector('#results li[data-code="I21.9"]');
  await page.click('#results li[data-code="I21.9"]');
  await code('I21.9');
  await page.focus('#q');
  await shot('search');

  // A code: notes, hierarchy.
  await page.goto(`${server.url}#code=E11.9`);
  await code('E11.9');
  await shot('code');
  // 7th characters.
  await page.goto(`${server.url}#code=S52.521`);
  await code('S52.521');
  await shot('seventh-characters');
  // ICD-10-PCS axes; HCPCS Level II.
  await page.goto(`${server.url}#pcs=0DTJ4ZZ`);
  await code('0DTJ4ZZ');
  await shot('pcs');
  await page.goto(`${server.url}#hcpcs=J1100`);
  await code('J1100');
  await shot('hcpcs');

  // Validate a list: per-row dates, suggestions, export.
  await page.goto(`${server.url}#batch`);
  await page.fill('#batch-input', 'E11.9\nE11\nU07.1,2019-06-01\nT36.01A\nS52.521\nJ1100 LT RT\n99213');
  await page.click('#batch-run');
  await page.waitForSelector('#batch-table tbody tr');
  await shot('validate-a-list');

  // Encounter and claim.
  await page.goto(`${server.url}#encounter`);
  for (const c of ['O80', 'E11.9', 'E10.9']) { await page.fill('#dx-new', c); await page.keyboard.press('Enter'); }
  await page.click('#enc-check');
  await page.waitForSelector('#enc-findings li');
  await shot('encounter');
  await page.fill('#claim-age', '70');
  await page.selectOption('#claim-sex', 'F');
  await page.fill('#claim-procedures', '0DTJ4ZZ');
  await page.click('#claim-check');
  await page.waitForSelector('#claim-findings li');
  await shot('claim');
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
  await server.close();
}
