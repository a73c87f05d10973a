// First-call latency in the browser: loads the page in headless Chromium (served on
// localhost, and from file://) a few times and reports the time to a loaded module and the
// first validate call after it, as the page measures them (window.medcodesTimings).
//   node bench/browser-bench.mjs [runs]
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '../tests-browser/server.mjs';
import { launch } from '../tests-browser/browser.mjs';

const runs = Number(process.argv[2]) || 5;
const www = fileURLToPath(new URL('../www/', import.meta.url));
const server = await serve(www);
const browser = await launch();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [name, url] of [['http://127.0.0.1', server.url], ['file://', `${pathToFileURL(www).href}index.html`]]) {
  const load = [], first = [], search = [];
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.medcodesReady === true, null, { timeout: 60_000 });
    const t = await page.evaluate(() => window.medcodesTimings);
    load.push(t.wasmReady - t.scriptStart);
    first.push(t.firstCall);
    // First title-word search (builds the word index) and a second one.
    search.push(await page.evaluate(() => {
      const cm = new wasm_bindgen.Icd10Cm();
      const a = performance.now(); cm.search('fracture of femur', { limit: 50 });
      const b = performance.now(); cm.search('diabetes mellitus', { limit: 50 });
      return [b - a, performance.now() - b];
    }));
    await page.close();
  }
  console.log(`${name.padEnd(17)} module ready ${median(load).toFixed(0)} ms after the script starts, ` +
    `first validate ${median(first).toFixed(2)} ms; first word search ${median(search.map((s) => s[0])).toFixed(0)} ms, ` +
    `next ${median(search.map((s) => s[1])).toFixed(1)} ms (median of ${runs})`);
}
await browser.close();
await server.close();
