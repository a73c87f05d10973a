// Benchmarks of the package in Node: validating 1 million codes (codes per second) by each
// entry point, and the time to load the module and make the first call.
//   node bench/node-bench.mjs [--lite] [--n 1000000]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const lite = args.includes('--lite');
const n = Number(args[args.indexOf('--n') + 1]) || 1_000_000;
const require = createRequire(import.meta.url);

const t0 = performance.now();
const m = require(`../dist/${lite ? 'node-lite' : 'node'}/medcodes.js`);
const cm = new m.Icd10Cm();
const tLoad = performance.now() - t0;
const t1 = performance.now();
cm.validate('E11.9', '2025-03-01');
const tFirst = performance.now() - t1;

// Two columns of n codes. "claims": codes billable on the date of service in the usual
// spellings, with 2% typos and 1% headers, like claim lines. "all codes": drawn uniformly
// from every code of the tables, so about a quarter are headers, whose verdict lists the
// billable codes below them (the slow path of validate).
const date = '2025-03-01';
const all = cm.codes().map((c) => c.code);
const billable = cm.codesValidOn(date).map((c) => c.code);
let seed = 7;
const rnd = (k) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
const spell = (c) => { const r = rnd(4); return r === 0 ? c.replace('.', '') : r === 1 ? c.toLowerCase() : c; };
const claims = new Array(n);
for (let i = 0; i < n; i++) {
  const r = rnd(100);
  claims[i] = r < 2 ? billable[rnd(billable.length)].slice(0, -1) + 'Q' : r < 3 ? all[rnd(all.length)].slice(0, 3) : spell(billable[rnd(billable.length)]);
}
const uniform = Array.from({ length: n }, () => spell(all[rnd(all.length)]));
// A date a code for the per-row calls: days spread over FY2016-FY2026.
const days = Array.from({ length: 365 * 11 }, (_, i) => new Date(Date.UTC(2015, 9, 1 + i)).toISOString().slice(0, 10));
const dates = Array.from({ length: n }, () => days[rnd(days.length)]);
function bench(name, codes, fn) {
  fn(codes.slice(0, 10_000)); // warm up
  const t = performance.now();
  fn(codes);
  const s = (performance.now() - t) / 1000;
  console.log(`${name.padEnd(52)} ${(codes.length / s / 1e6).toFixed(2).padStart(6)} M codes/s  (${s.toFixed(2)} s)`);
}

console.log(`medcodes ${m.buildInfo().version} ${lite ? 'lite' : 'full'} build, Node ${process.version}, ${n.toLocaleString('en-US')} codes a column`);
console.log(`load (require + new Icd10Cm) ${tLoad.toFixed(1)} ms, first validate ${tFirst.toFixed(2)} ms`);
{
  // How fast this machine is right now: a plain JS loop over the same column, for scale
  // (on a shared machine the numbers below move with it).
  const lines = claims.join('\n');
  const t = performance.now();
  let k = 0;
  for (const l of lines.split('\n')) k += l.trim().toUpperCase().length;
  const s = (performance.now() - t) / 1000;
  console.log(`${'baseline: plain JS split/trim/toUpperCase loop'.padEnd(52)} ${(n / s / 1e6).toFixed(2).padStart(6)} M codes/s  (${k > 0 ? 'ok' : ''})`);
}
for (const [label, codes] of [['claims', claims], ['all codes', uniform]]) {
  const lines = codes.join('\n');
  bench(`${label}: reasonsOfLines(one string)`, codes, () => cm.reasonsOfLines(lines, date));
  bench(`${label}: reasons(array, date) -> Uint8Array`, codes, (c) => cm.reasons(c, date));
  bench(`${label}: reasons(array, dates[]) -> array`, codes, (c) => cm.reasons(c, dates.slice(0, c.length)));
  bench(`${label}: areValid(array, date) -> boolean[]`, codes, (c) => cm.areValid(c, date));
  bench(`${label}: isValid(code, date) per code`, codes, (c) => { let k = 0; for (const x of c) k += cm.isValid(x, date); return k; });
  bench(`${label}: validateMany(array) -> Verdict[]`, codes, (c) => cm.validateMany(c, date));
  bench(`${label}: validate(code, date) per code`, codes, (c) => { let k = 0; for (const x of c) k += cm.validate(x, date).valid; return k; });
}
