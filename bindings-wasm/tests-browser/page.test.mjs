// The browser tool, driven in headless Chromium: served on localhost, it finds codes as you
// type (by words and by code), opens a code and walks its hierarchy up and down, validates a
// pasted list for a date of service (HCPCS claim lines with modifiers too), shows HCPCS and
// CPT codes, and also loads from file://. Screenshots go to
// ../test-results/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from './server.mjs';
import { launch } from './browser.mjs';

const www = fileURLToPath(new URL('../www/', import.meta.url));
const shots = fileURLToPath(new URL('../test-results/', import.meta.url));
mkdirSync(shots, { recursive: true });
if (!existsSync(`${www}pkg/medcodes_bg.wasm`)) throw new Error('www/pkg missing: run ./build.sh first');

let server, browser, page;

/** Waits for the page to load its module; fails at once with the page's status on an error. */
async function ready(p) {
  await p.waitForFunction(() => window.medcodesReady !== undefined, null, { timeout: 60_000 });
  const state = await p.evaluate(() => window.medcodesReady);
  assert.equal(state, true, await p.textContent('#status'));
}
const problems = [];

before(async () => {
  server = await serve(www);
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  await page.goto(server.url);
  await ready(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('loads over http with no errors and reports its timings', async () => {
  const t = await page.evaluate(() => window.medcodesTimings);
  assert.ok(t.wasmReady > 0 && t.firstCall >= 0, JSON.stringify(t));
  console.log(`# load ${Math.round(t.wasmReady - t.scriptStart)} ms, first call ${t.firstCall.toFixed(2)} ms`);
  assert.match(await page.textContent('#status'), /Ready/);
  // The header says what the tool covers.
  assert.match(await page.textContent('#covers'), /^ICD-10-CM · ICD-10-PCS · HCPCS Level II · CPT \(structure only\) · 2015–20\d\d$/);
  assert.deepEqual(problems, []);
});

test('typing words shows matching codes as you type', async () => {
  await page.click('#q');
  await page.keyboard.type('diab mell type 2 hyperglyc', { delay: 15 });
  await page.waitForSelector('#results li[data-code="E11.65"]');
  const first = await page.$$eval('#results li[data-code]', (lis) => lis.map((li) => li.textContent));
  assert.ok(first.every((t) => /diabetes/i.test(t)), first.join('\n'));
});

test('typing a code prefix shows the code and those below it', async () => {
  await page.fill('#q', '');
  await page.keyboard.type('e11.6', { delay: 15 });
  await page.waitForFunction(() => document.querySelector('#results li')?.dataset.code === 'E11.6');
  const codes = await page.$$eval('#results li[data-code]', (lis) => lis.map((li) => li.dataset.code));
  assert.ok(codes.length > 5 && codes.every((c) => c.startsWith('E11.6')), codes.join());
  assert.match(await page.textContent('#results-note'), /matching codes/);
});

test('opening a code shows title, breadcrumbs, billable status and dates', async () => {
  await page.fill('#dos', '2025-03-01');
  await page.click('#results li[data-code="E11.65"]');
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'E11.65');
  assert.equal(await page.textContent('#detail-title'), 'Type 2 diabetes mellitus with hyperglycemia');
  assert.match(await page.textContent('#verdict'), /Valid and billable on 2025-03-01/);
  assert.match(await page.textContent('#validity'), /2015-10-01 onward/);
  const crumbs = await page.$$eval('.crumbs a, .crumbs span:not(.sep)', (as) => as.map((a) => a.textContent));
  assert.deepEqual(crumbs.slice(-3), ['E11', 'E11.6', 'E11.65']);
  assert.ok(crumbs.some((c) => c.startsWith('Chapter 4')) && crumbs.some((c) => c.startsWith('E08-E13')), crumbs.join(' | '));
  await page.screenshot({ path: `${shots}code.png`, fullPage: true });
});

test('breadcrumbs go up and children go down', async () => {
  await page.click('.crumbs a.code:text-is("E11")');
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'E11');
  assert.match(await page.textContent('#verdict'), /header, not a billable code/);
  await page.click('#children a:text-is("E11.6")');
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'E11.6');
  await page.click('#children a:text-is("E11.65")');
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'E11.65');
  await page.click('.crumbs a:has-text("E08-E13")');
  await page.waitForSelector('#detail h2:has-text("Diabetes mellitus")');
  await page.click('.crumbs a:has-text("Chapter 4")');
  await page.waitForSelector('#detail a:text-is("E08-E13")');
});

test('a code shows its notes, with references that open the code', async () => {
  await page.goto(`${server.url}#code=E11.9`);
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'E11.9');
  // E11.9's own notes first, then those it inherits from E11 (saying so).
  assert.doesNotMatch(await page.textContent('#detail'), /\bnull\b|\bundefined\b/, 'no empty part printed');
  assert.equal(await page.$('#seventh'), null, 'E11.9 takes no 7th character');
  const first = await page.textContent('#notes li.note-item');
  assert.doesNotMatch(first, /\(from /);
  const excl = page.locator('#notes li.note-item[data-kind="excludes1"]', { hasText: '(from E11)' }).first();
  assert.match(await excl.textContent(), /type 1 diabetes mellitus \(E10\.-\)/);
  await page.screenshot({ path: `${shots}notes.png`, fullPage: true });
  await excl.locator('a.ref:text-is("E10")').click();
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'E10');
});

test('a code without its 7th character shows the options, each a link', async () => {
  await page.fill('#dos', '2025-03-01');
  await page.goto(`${server.url}#code=S52.521`);
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'S52.521');
  assert.match(await page.textContent('#verdict'), /needs a 7th character/);
  const rows = await page.$$eval('#seventh tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.ok(rows.length > 5, JSON.stringify(rows));
  assert.ok(rows.some(([c, meaning, code]) => c === 'A' && /initial encounter/.test(meaning) && code === 'S52.521A'), JSON.stringify(rows));
  await page.screenshot({ path: `${shots}seventh.png`, fullPage: true });
  await page.click('#seventh a:text-is("S52.521A")');
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'S52.521A');
  assert.match(await page.textContent('#verdict'), /Valid and billable/);
});

test('ICD-10-PCS codes: found by prefix, shown with their axes', async () => {
  await page.goto(`${server.url}#`);
  await page.fill('#q', '');
  await page.click('#q');
  await page.keyboard.type('0dtj4', { delay: 15 });
  await page.waitForSelector('#results li[data-system="icd10pcs"][data-code="0DTJ4ZZ"]');
  await page.click('#results li[data-code="0DTJ4ZZ"]');
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === '0DTJ4ZZ');
  const axes = await page.$$eval('#pcs-axes tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.equal(axes.length, 7);
  assert.deepEqual(axes[2], ['3', 'Root Operation', 'T', 'Resection']);
  assert.match(await page.textContent('#verdict'), /Valid on/);
  const crumbs = await page.$$eval('.crumbs a', (as) => as.map((a) => a.textContent));
  assert.deepEqual(crumbs, ['0', '0D', '0DT', '0DTJ']);
  assert.doesNotMatch(await page.textContent('#detail'), /\bnull\b|\bundefined\b/, 'no empty part printed');
  await page.screenshot({ path: `${shots}pcs.png`, fullPage: true });
  await page.click('.crumbs a:text-is("0DT")');
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === '0DT');
  assert.match(await page.textContent('#verdict'), /0DT has 3 of ICD-10-PCS's 7 characters/);
  assert.deepEqual(problems, []);
});

test('search box: ranked over every system, each hit labelled, the matched words marked', async () => {
  await page.goto(`${server.url}#`);
  await page.selectOption('#system', 'auto');
  await page.fill('#dos', '2025-10-01');
  await page.fill('#q', '');
  await page.click('#q');
  await page.keyboard.type('heart attack', { delay: 15 });
  await page.waitForFunction(() => document.querySelector('#results li[data-code]')?.dataset.code === 'I21.9');
  const first = page.locator('#results li[data-code]').first();
  assert.equal(await first.getAttribute('data-system'), 'icd10cm');
  assert.equal(await first.locator('.system-label').textContent(), 'ICD-10-CM');
  // Everyday words are expanded: the marks are the words of the title that matched.
  const marks = await first.locator('mark').allTextContents();
  assert.ok(marks.length > 0 && marks.every((m) => /myocardial|infarction/i.test(m)), marks.join('|'));
  assert.match(await page.textContent('#results-note'), /matching codes · [\d.]+ ms/);
  // Procedures by words, labelled as such.
  await page.fill('#q', '');
  await page.keyboard.type('laparoscopic appendectomy', { delay: 10 });
  await page.waitForSelector('#results li[data-system="icd10pcs"][data-code="0DTJ4ZZ"]');
  assert.equal(await page.locator('#results li[data-code="0DTJ4ZZ"] .system-label').textContent(), 'ICD-10-PCS');
  // A code prefix: the typed characters marked in the code.
  await page.fill('#q', '');
  await page.keyboard.type('j110', { delay: 15 });
  await page.waitForSelector('#results li[data-system="hcpcs"][data-code="J1100"]');
  assert.equal(await page.locator('#results li[data-code="J1100"] .code mark').textContent(), 'J110');
  await page.screenshot({ path: `${shots}search.png`, fullPage: true });
  assert.deepEqual(problems, []);
});

test('search box: debounced as you type, index built while idle, keyboard, paging, opening a hit', async () => {
  await page.goto(`${server.url}#`);
  await page.waitForFunction(() => window.medcodesTimings.searchReady > 0, null, { timeout: 30_000 });
  const t = await page.evaluate(() => window.medcodesTimings);
  assert.deepEqual(Object.keys(t.searchIndex).sort(), (await page.evaluate(() => wasm_bindgen.buildInfo().systems)).sort());
  console.log(`# search index built while idle: ${JSON.stringify(Object.fromEntries(Object.entries(t.searchIndex).map(([k, v]) => [k, Math.round(v)])))} ms`);
  const before = t.searches || 0;
  await page.fill('#q', '');
  await page.click('#q');
  await page.keyboard.type('fracture of femur', { delay: 10 });
  await page.waitForSelector('#results li#results-more');
  const searches = (await page.evaluate(() => window.medcodesTimings.searches)) - before;
  assert.ok(searches >= 1 && searches <= 3, `typed 17 characters, searched ${searches} times`);
  // Paging: the "more" row loads the next page after the first.
  const firstPage = await page.$$eval('#results li[data-code]', (lis) => lis.map((li) => li.dataset.code));
  assert.equal(firstPage.length, 20);
  await page.click('#results li#results-more');
  await page.waitForFunction(() => document.querySelectorAll('#results li[data-code]').length === 40);
  const twoPages = await page.$$eval('#results li[data-code]', (lis) => lis.map((li) => li.dataset.code));
  assert.deepEqual(twoPages.slice(0, 20), firstPage);
  assert.equal(new Set(twoPages).size, 40);
  assert.match(await page.textContent('#results-note'), /^40 of [\d,]+ matching codes/);
  // Keyboard: down twice selects the third hit; Enter opens it in the code view.
  await page.fill('#q', 'sepsis');
  await page.waitForSelector('#results li[data-code="A41.9"]');
  assert.equal(await page.getAttribute('#results li[aria-selected="true"]', 'id'), 'opt-0');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  const chosen = await page.getAttribute('#results li[aria-selected="true"]', 'data-code');
  assert.equal(chosen, await page.getAttribute('#results li[data-code]:nth-child(2)', 'data-code'));
  assert.equal(await page.getAttribute('#q', 'aria-activedescendant'), 'opt-1');
  await page.keyboard.press('Enter');
  await page.waitForFunction((c) => document.querySelector('#detail-code')?.textContent === c, chosen);
  // Escape closes the list, and again clears the box.
  await page.click('#q');
  await page.keyboard.press('Escape');
  assert.equal(await page.$$eval('#results li', (lis) => lis.length), 0);
  assert.equal(await page.inputValue('#q'), 'sepsis');
  await page.keyboard.press('Escape');
  assert.equal(await page.inputValue('#q'), '');
  assert.deepEqual(problems, []);
});

test('a pasted list gets each verdict with the reason', async () => {
  await page.click('#tab-batch');
  await page.fill('#dos', '2019-06-01');
  await page.fill('#batch-input', 'E11.9\ne11\nU07.1, S52.521A\nE1.19\nZZZ99\n\nI10');
  await page.click('#batch-run');
  await page.waitForSelector('#batch-table tbody tr');
  const rows = await page.$$eval('#batch-table tbody tr', (trs) => trs.map((tr) => [tr.children[1].textContent, tr.dataset.reason]));
  assert.deepEqual(rows, [
    ['E11.9', 'valid'], ['e11', 'not_billable'], ['U07.1', 'not_valid_on_date'], ['S52.521A', 'valid'],
    ['E1.19', 'malformed'], ['ZZZ99', 'malformed'], ['I10', 'valid'],
  ]);
  assert.match(await page.textContent('#batch-summary'), /3 of 7 valid and billable on 2019-06-01/);
  const u071 = await page.textContent('#batch-table tbody tr:nth-child(3)');
  assert.match(u071, /added on 2020-04-01/);
  const e119 = await page.textContent('#batch-table tbody tr:nth-child(1)');
  assert.match(e119, /Type 2 diabetes mellitus without complications/);
  await page.screenshot({ path: `${shots}batch.png`, fullPage: true });
  assert.deepEqual(problems, []);
});

test('HCPCS and CPT: the system picker, a code with its section and status indicator, a CPT code by its number', async () => {
  await page.goto(`${server.url}#`);
  await page.click('#tab-lookup');
  await page.fill('#dos', '2025-07-01');
  const systems = await page.$$eval('#system option', (os) => os.map((o) => o.value));
  assert.deepEqual(systems, ['auto', 'icd10cm', 'icd10pcs', 'hcpcs', 'cpt']);
  await page.selectOption('#system', 'hcpcs');
  await page.fill('#q', '');
  await page.click('#q');
  await page.keyboard.type('j110', { delay: 15 });
  await page.waitForSelector('#results li[data-system="hcpcs"][data-code="J1100"]');
  const codes = await page.$$eval('#results li[data-code]', (lis) => lis.map((li) => li.dataset.system));
  assert.ok(codes.every((sys) => sys === 'hcpcs'), codes.join());
  await page.click('#results li[data-code="J1100"]');
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'J1100');
  assert.equal(await page.textContent('#detail-title'), 'Dexamethasone sodium phos');
  assert.match(await page.textContent('#verdict'), /Valid on 2025-07-01/);
  assert.match(await page.textContent('#hcpcs-si'), /^N on 2025-07-01/);
  assert.match(await page.textContent('#hcpcs-section'), /^J: Drugs administered other than oral method/);
  assert.doesNotMatch(await page.textContent('#detail'), /\bnull\b|\bundefined\b/, 'no empty part printed');
  await page.screenshot({ path: `${shots}hcpcs.png`, fullPage: true });
  // A D code: valid, its text withheld.
  await page.goto(`${server.url}#hcpcs=D0120`);
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'D0120');
  assert.match(await page.textContent('#detail-title'), /CDT \(dental\) code.*not included/);
  // Any system: a CPT-shaped code comes first, saying what it is and that validity needs the licensed list.
  await page.selectOption('#system', 'auto');
  await page.fill('#q', '');
  await page.click('#q');
  await page.keyboard.type('99213', { delay: 15 });
  await page.waitForSelector('#results li[data-system="cpt"][data-code="99213"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === '99213');
  assert.equal(await page.textContent('#cpt-category'), 'Category I');
  assert.equal(await page.textContent('#cpt-section'), 'Evaluation and Management');
  assert.match(await page.textContent('#verdict'), /needs the licensed CPT code list/);
  await page.screenshot({ path: `${shots}cpt.png`, fullPage: true });
  assert.deepEqual(problems, []);
});

test('a pasted HCPCS claim line gets its findings, next to codes of the other systems', async () => {
  await page.click('#tab-batch');
  await page.selectOption('#system', 'auto');
  await page.fill('#dos', '2025-07-01');
  await page.fill('#batch-input', 'J1100 LT RT\nj1100 lt\nA0021\n99213\nE11.9, I10\nJ1100 LT ZZ');
  await page.click('#batch-run');
  await page.waitForSelector('#batch-table tbody tr[data-system="hcpcs"]');
  const rows = await page.$$eval('#batch-table tbody tr', (trs) => trs.map((tr) =>
    [tr.children[1].textContent, tr.dataset.system, tr.dataset.reason, tr.dataset.findings ?? '']));
  assert.deepEqual(rows, [
    ['J1100 LT RT', 'hcpcs', 'both_sides', 'both_sides'],
    ['j1100 lt', 'hcpcs', 'valid', ''],
    ['A0021', 'hcpcs', 'valid', ''],
    ['99213', 'cpt', 'cpt', ''],
    ['E11.9', 'icd10cm', 'valid', ''],
    ['I10', 'icd10cm', 'valid', ''],
    ['J1100 LT ZZ', 'hcpcs', 'unknown_modifier', 'unknown_modifier'],
  ]);
  const first = await page.textContent('#batch-table tbody tr:nth-child(1)');
  assert.match(first, /LT and RT on one line: bill a bilateral service with modifier 50/);
  assert.match(await page.textContent('#batch-table tbody tr:nth-child(2)'), /Dexamethasone sodium phos/);
  assert.match(await page.textContent('#batch-table tbody tr:nth-child(4)'), /needs the licensed CPT code list/);
  assert.match(await page.textContent('#batch-summary'), /4 of 7 valid and billable on 2025-07-01/);
  await page.screenshot({ path: `${shots}hcpcs-lines.png`, fullPage: true });
  // Under HCPCS every line is a claim line: 50 with a side, and a CPT code named as such.
  await page.selectOption('#system', 'hcpcs');
  await page.fill('#batch-input', 'J1100 LT RT 50\n99213 LT');
  await page.click('#batch-run');
  await page.waitForFunction(() => document.querySelector('#batch-table tbody tr')?.dataset.findings === 'both_sides bilateral_with_side');
  const second = await page.$$eval('#batch-table tbody tr', (trs) => trs.map((tr) => [tr.dataset.reason, tr.dataset.findings]));
  assert.deepEqual(second, [['both_sides', 'both_sides bilateral_with_side'], ['malformed', 'code']]);
  assert.match(await page.textContent('#batch-table tbody tr:nth-child(2)'), /shaped like a CPT code/);
  await page.selectOption('#system', 'auto');
  assert.deepEqual(problems, []);
});

test('validate a list: a new date checks it again, per-row dates, clickable suggestions, CSV export and copy', async () => {
  await page.goto(`${server.url}#batch`);
  await page.selectOption('#system', 'auto');
  await page.fill('#dos', '2019-06-01');
  await page.fill('#batch-input', 'U07.1\nU07.1,2020-04-01\nT36.01A\nS52.521, 2025-03-01\nE11.9,2025-13-01');
  await page.click('#batch-run');
  await page.waitForSelector('#batch-table tbody tr');
  const state = () => page.$$eval('#batch-table tbody tr', (trs) => trs.map((tr) => [tr.children[1].textContent, tr.children[2].textContent, tr.dataset.reason]));
  assert.deepEqual(await state(), [
    ['U07.1', '2019-06-01', 'not_valid_on_date'],
    ['U07.1', '2020-04-01', 'valid'],
    ['T36.01A', '2019-06-01', 'missing_placeholder'],
    ['S52.521', '2025-03-01', 'missing_seventh_character'],
    ['E11.9', '2025-13-01', 'malformed_date'],
  ]);
  assert.match(await page.textContent('#batch-summary'), /1 of 5 valid and billable on 2019-06-01 \(3 on their own dates\)/);
  // A new date of service: the table is checked again (rows with their own date keep it).
  await page.fill('#dos', '2021-01-01');
  await page.waitForFunction(() => document.querySelector('#batch-table tbody tr')?.dataset.reason === 'valid');
  assert.deepEqual((await state()).map((r) => r.slice(1)), [
    ['2021-01-01', 'valid'], ['2020-04-01', 'valid'], ['2021-01-01', 'missing_placeholder'],
    ['2025-03-01', 'missing_seventh_character'], ['2025-13-01', 'malformed_date']]);
  // CSV: every row, with its date, reason and details.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#batch-csv')]);
  const csv = await new Promise((resolve, reject) => download.createReadStream().then((st) => {
    let t = ''; st.on('data', (d) => { t += d; }); st.on('end', () => resolve(t)); st.on('error', reject);
  }, reject));
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines[0], 'row,input,date,system,code,valid,reason,details');
  assert.equal(lines.length, 6);
  assert.match(lines[1], /^1,U07\.1,2021-01-01,icd10cm,U07\.1,true,valid,/);
  assert.match(lines[3], /^3,T36\.01A,2021-01-01,icd10cm,[^,]*,false,missing_placeholder,.*T36\.0X1A/);
  assert.match(lines[5], /^5,E11\.9,2025-13-01,icd10cm,,false,malformed_date,/);
  assert.equal(download.suggestedFilename(), 'medcodes-2021-01-01.csv');
  // Copy: the same CSV on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  await page.click('#batch-copy');
  await page.waitForFunction(() => /Copied/.test(document.querySelector('#batch-copied').textContent));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), csv);
  // A suggestion replaces the input in the text and checks the list again.
  await page.click('#batch-table tbody tr:nth-child(3) button.suggestion[data-code="T36.0X1A"]');
  await page.waitForFunction(() => document.querySelector('#batch-table tbody tr:nth-child(3)')?.dataset.reason === 'valid');
  assert.match(await page.inputValue('#batch-input'), /^U07\.1\nU07\.1,2020-04-01\nT36\.0X1A\n/);
  await page.click('#batch-table tbody tr:nth-child(4) button.suggestion[data-code="S52.521A"]');
  await page.waitForFunction(() => document.querySelector('#batch-table tbody tr:nth-child(4)')?.dataset.reason === 'valid');
  assert.match(await page.inputValue('#batch-input'), /S52\.521A, 2025-03-01/);
  await page.screenshot({ path: `${shots}batch-workbench.png`, fullPage: true });
  assert.deepEqual(problems, []);
});

test('the code view gives the reason the list view gives, with its suggestions', async () => {
  await page.fill('#dos', '2025-03-01');
  await page.goto(`${server.url}#code=T36.01A`);
  await page.waitForFunction(() => document.querySelector('#verdict')?.dataset.reason === 'missing_placeholder');
  assert.match(await page.textContent('#verdict'), /T36\.0X1A/);
  await page.click('#suggestions a:text-is("T36.0X1A")');
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'T36.0X1A');
  assert.match(await page.textContent('#verdict'), /Valid and billable/);
  assert.deepEqual(problems, []);
});

test('encounter panel: diagnoses in order (drag, buttons), findings with the note behind each, links to the codes', async () => {
  await page.goto(`${server.url}#encounter`);
  await page.fill('#dos', '2025-03-01');
  for (const c of ['E11.9', 'E10.9', 'I10']) { await page.fill('#dx-new', c); await page.keyboard.press('Enter'); }
  const order = () => page.$$eval('#dx-list .dx-code', (is) => is.map((i) => i.value));
  assert.deepEqual(await order(), ['E11.9', 'E10.9', 'I10']);
  await page.click('#enc-check');
  await page.waitForSelector('#enc-findings li[data-kind="excludes1"]');
  const excl = page.locator('#enc-findings li[data-kind="excludes1"]').first();
  assert.match(await excl.textContent(), /Excludes1 at E1[01]/);
  assert.deepEqual(await excl.locator('a.code').allTextContents(), ['E11.9', 'E10.9']);
  assert.match(await page.textContent('#enc-verdict'), /Findings/);
  await page.screenshot({ path: `${shots}encounter.png`, fullPage: true });
  // Reorder: the up button, then a drag; the findings follow (positions say where each code is).
  await page.click('#dx-list li:nth-child(3) .dx-up');
  assert.deepEqual(await order(), ['E11.9', 'I10', 'E10.9']);
  await page.locator('#dx-list li:nth-child(3)').dragTo(page.locator('#dx-list li:nth-child(1)'));
  assert.deepEqual(await order(), ['E10.9', 'E11.9', 'I10']);
  assert.equal(await page.textContent('#dx-list li:nth-child(1) .dx-pos'), '1 (principal)');
  await page.waitForFunction(() => /#1/.test(document.querySelector('#enc-findings li[data-kind="excludes1"]')?.textContent));
  // Removing E10.9 leaves a clean encounter; a finding's code opens the code view.
  await page.click('#dx-list li:nth-child(1) .dx-remove');
  await page.waitForFunction(() => /No warning or error/.test(document.querySelector('#enc-verdict')?.textContent));
  assert.deepEqual(problems, []);
});

test('claim panel: age, sex, POA, procedures; the Medicare Code Editor edits and the coding rules', async () => {
  await page.goto(`${server.url}#encounter`);
  await page.fill('#dos', '2025-03-01');
  await page.$$eval('#dx-list li', (lis) => lis.forEach((li) => li.remove()));
  for (const c of ['O80', 'E11.9', 'E10.9']) { await page.fill('#dx-new', c); await page.keyboard.press('Enter'); }
  await page.selectOption('#dx-list li:nth-child(2) .dx-poa', 'Y');
  await page.fill('#claim-age', '70');
  await page.selectOption('#claim-sex', 'F');
  await page.fill('#claim-status', '01');
  await page.fill('#claim-procedures', '0DTJ4ZZ');
  await page.click('#claim-check');
  await page.waitForSelector('#claim-findings li[data-edit="age_conflict"]');
  const age = page.locator('#claim-findings li[data-edit="age_conflict"]');
  assert.match(await age.textContent(), /Age conflict/);
  assert.equal(await age.locator('a.code').getAttribute('href'), '#code=O80');
  assert.ok(await page.$('#claim-rules li[data-kind="excludes1"]'), 'the coding rules run too');
  await page.screenshot({ path: `${shots}claim.png`, fullPage: true });
  await age.locator('a.code').click();
  await page.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'O80');
  // A claim that cannot be read is said, not thrown.
  await page.goto(`${server.url}#encounter`);
  await page.fill('#claim-age', '4.5');
  await page.click('#claim-check');
  await page.waitForFunction(() => /age/.test(document.querySelector('#enc-verdict')?.textContent));
  assert.deepEqual(problems, []);
});

test('offline: loaded once, the page works after a reload with the network cut', async () => {
  const own = await serve(www); // a server of its own, to stop
  const context = await browser.newContext();
  const p = await context.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(`${own.url}#code=I10`);
  await ready(p);
  await p.waitForFunction(() => window.medcodesOffline === true, null, { timeout: 60_000 });
  // The service worker has every file in its cache.
  const cached = await p.evaluate(async () => (await (await caches.open('medcodes-v1')).keys()).map((r) => new URL(r.url).pathname));
  for (const f of ['/', '/index.html', '/app.js', '/style.css', '/pkg/medcodes.js', '/pkg/medcodes_bg.wasm']) assert.ok(cached.includes(f), `${f} cached: ${cached}`);
  // Cut the network: no server, and the browser offline.
  await own.close();
  await context.setOffline(true);
  await p.reload();
  await ready(p);
  await p.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'I10');
  assert.match(await p.textContent('#detail-title'), /hypertension/i);
  await p.fill('#q', 'heart attack');
  await p.waitForSelector('#results li[data-code="I21.9"]');
  await p.screenshot({ path: `${shots}offline.png` });
  assert.deepEqual(errors, []);
  await context.close();
});

test('works from file:// with no server', async () => {
  const p = await browser.newPage();
  const errors = [];
  p.on('pageerror', (e) => errors.push(e.message));
  await p.goto(`${pathToFileURL(www).href}index.html#code=I10`);
  await ready(p);
  await p.waitForFunction(() => document.querySelector('#detail-code')?.textContent === 'I10');
  assert.match(await p.textContent('#detail-title'), /hypertension/i);
  await p.screenshot({ path: `${shots}file-url.png` });
  assert.deepEqual(errors, []);
  await p.close();
});
