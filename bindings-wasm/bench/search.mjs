// Benchmark of `search` in Node (issue 15: p99 at most 5 ms a query over all of ICD-10-CM
// in the WebAssembly package). The queries are those of the evaluation set
// (tests/search_eval.tsv), as the native bench (benches/benches/search.rs) runs them:
//   1. the index build: the first search of each system in this fresh process (the index
//      is built lazily, at a system's first search), and the module's load;
//   2. each ICD-10-CM query on ICD-10-CM, `--runs` times (after one warm-up): its p50 and
//      p99; then the p50, p90 and p99 over the queries of their medians, and of every run;
//   3. every query on every system, the same;
//   4. as typed: each ICD-10-CM query's prefixes (from 3 characters), prefixLastWord on.
//   node bench/search.mjs [--lite] [--runs 21] [--each]   (--each: every query's line)
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const lite = args.includes('--lite');
const each = args.includes('--each');
const runs = Number(args[args.indexOf('--runs') + 1]) || 21;
const require = createRequire(import.meta.url);
const DATE = '2026-01-01'; // the evaluation set's date

let t = performance.now();
const m = require(`../dist/${lite ? 'node-lite' : 'node'}/medcodes.js`);
const tLoad = performance.now() - t;
const systems = m.buildInfo().systems;

const tsv = readFileSync(new URL('../../tests/search_eval.tsv', import.meta.url), 'utf8');
const queries = tsv.split('\n')
  .filter((l) => l.trim() && !l.startsWith('#') && !l.startsWith('query\t'))
  .map((l) => { const [query, system] = l.split('\t'); return { query, system }; })
  .filter((q) => systems.includes(q.system));

console.log(`medcodes ${m.buildInfo().version} ${lite ? 'lite' : 'full'} build, Node ${process.version}, ${queries.length} queries, ${runs} runs each`);
console.log(`load (require) ${tLoad.toFixed(1)} ms`);
// 1. The index of each system, built by its first search (a query of one common word).
for (const s of systems) {
  t = performance.now();
  const r = m.search('disease', { systems: s, date: DATE, limit: 10 });
  const build = performance.now() - t;
  t = performance.now();
  m.search('disease', { systems: s, date: DATE, limit: 10 });
  const again = performance.now() - t;
  console.log(`index ${s.padEnd(9)} first search (index build) ${build.toFixed(1).padStart(7)} ms, the same query again ${again.toFixed(2)} ms (${r.total} hits)`);
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
const ms = (x) => x.toFixed(3).padStart(7);

function run(name, list, options) {
  const medians = [];
  const all = [];
  const rows = [];
  for (const { query, system } of list) {
    const o = { date: DATE, limit: 10, ...options(system) };
    m.search(query, o); // warm up
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      m.search(query, o);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    medians.push(quantile(times, 0.5));
    all.push(...times);
    rows.push({ query, system, p50: quantile(times, 0.5), p99: quantile(times, 0.99) });
  }
  medians.sort((a, b) => a - b);
  all.sort((a, b) => a - b);
  console.log(`\n${name}: ${list.length} queries`);
  console.log(`  median a query: p50 ${ms(quantile(medians, 0.5))} ms, p90 ${ms(quantile(medians, 0.9))} ms, p99 ${ms(quantile(medians, 0.99))} ms, max ${ms(medians.at(-1))} ms`);
  console.log(`  every run:      p50 ${ms(quantile(all, 0.5))} ms, p90 ${ms(quantile(all, 0.9))} ms, p99 ${ms(quantile(all, 0.99))} ms, max ${ms(all.at(-1))} ms`);
  rows.sort((a, b) => b.p99 - a.p99);
  const shown = each ? rows : rows.slice(0, 8);
  console.log(`  ${each ? 'every query' : 'slowest queries'} (p50, p99 of ${runs} runs):`);
  for (const r of shown) console.log(`    ${ms(r.p50)} ${ms(r.p99)} ms  ${r.system.padEnd(9)} ${r.query}`);
  return quantile(medians, 0.99);
}

const cmQueries = queries.filter((q) => q.system === 'icd10cm');
const p99 = run('ICD-10-CM queries on ICD-10-CM', cmQueries, () => ({ systems: 'icd10cm' }));
run('every query on every system', queries, () => ({}));
const typed = [];
for (const { query } of cmQueries) {
  for (let n = 3; n < query.length; n += 2) typed.push({ query: query.slice(0, n), system: 'icd10cm' });
}
run('as typed: ICD-10-CM query prefixes, prefixLastWord', typed, () => ({ systems: 'icd10cm', prefixLastWord: true }));
console.log(`\nICD-10-CM p99 (of the queries' medians) ${p99.toFixed(3)} ms: target 5 ms ${p99 <= 5 ? 'met' : 'NOT met'}`);
