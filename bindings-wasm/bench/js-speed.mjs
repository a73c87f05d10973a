// The JavaScript speed table of issue 20, in one run: 1,000,000 mixed codes (billable codes
// in their usual spellings, 2% typos, 1% headers, as on claim lines) checked on one date by
// a hand-made JS `Set` (trim, upper case, strip the dot: what a developer writes in a few
// lines, without dates or reasons) and by each call of the package; each call's time as a
// ratio to the Set's, the two timed alternately in the same run (the Set's row: its best). Then the first answer after `require` and
// the first word search, each in fresh Node processes.
//
//   node bench/js-speed.mjs [--n 1000000] [--runs 5] [--before DIR]
//
// --before DIR: also a build of an earlier commit (its dist/node folder, e.g. built with
// `git worktree` + build.sh and copied aside), measured in the same run: the table before
// and after, side by side.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const n = Number(opt('--n', 1_000_000));
const runs = Number(opt('--runs', 5));
const before = opt('--before', null);
const require = createRequire(import.meta.url);
const after = fileURLToPath(new URL('../dist/node/', import.meta.url));
const builds = [...(before ? [['before', resolve(before)]] : []), ['after', after]];
const DATE = '2025-03-01';

const mods = builds.map(([label, dir]) => ({ label, dir, m: require(`${dir}/medcodes.js`) }));
const cm0 = new (mods.at(-1).m.Icd10Cm)();

// The column: deterministic pseudo-random draws.
const all = cm0.codes().map((c) => c.code);
const billable = cm0.codesValidOn(DATE).map((c) => c.code);
let seed = 7;
const rnd = (k) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % k; };
// As bench/node-bench.mjs's "claims" column: a quarter undotted, a quarter lower case.
const spell = (c) => { const r = rnd(4); return r === 0 ? c.replace('.', '') : r === 1 ? c.toLowerCase() : c; };
const codes = new Array(n);
for (let i = 0; i < n; i++) {
  const r = rnd(100);
  codes[i] = r < 2 ? `${billable[rnd(billable.length)].slice(0, -1)}Q` : r < 3 ? all[rnd(all.length)].slice(0, 3) : spell(billable[rnd(billable.length)]);
}
const text = codes.join('\n'); // a pasted text, made once

/** The best of `runs` timings of `fn` and of the baseline, run alternately (after a warm-up
 *  on the first 10,000 codes), in seconds: each ratio from timings taken side by side, so
 *  that the machine's load moves both alike. */
function time(fn) {
  fn(codes.slice(0, 10_000));
  let best = Infinity;
  let base = Infinity;
  let result;
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    setBaseline(codes);
    base = Math.min(base, (performance.now() - t) / 1000);
    t = performance.now();
    result = fn(codes);
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return { s: best, base, result };
}

// The baseline: a Set of the codes billable on the date, undotted, built outside the timing.
const validSet = new Set(cm0.codesValidOn(DATE).map((c) => c.undotted));
const setBaseline = (c) => {
  let k = 0;
  for (let i = 0; i < c.length; i++) if (validSet.has(c[i].trim().toUpperCase().replace('.', ''))) k++;
  return k;
};

const calls = [
  ['reasonsOfLines(text) -> Uint8Array', (cm) => (c) => cm.reasonsOfLines(c === codes ? text : c.join('\n'), DATE)],
  ['reasons(array, date) -> Uint8Array', (cm) => (c) => cm.reasons(c, DATE)],
  ['areValid(array, date) -> boolean[]', (cm) => (c) => cm.areValid(c, DATE)],
  ['isValid(code, date), a call a code', (cm) => (c) => { let k = 0; for (let i = 0; i < c.length; i++) k += cm.isValid(c[i], DATE); return k; }],
  ['validateMany(array, date) -> Verdict[]', (cm) => (c) => cm.validateMany(c, DATE)],
];

const fmt = (x, w) => String(x).padStart(w);
const rate = (s) => (n / s / 1e6).toFixed(2);
const vsSet = (s, base) => (s <= base ? `${(base / s).toFixed(1)}x faster` : `${(s / base).toFixed(1)}x slower`);

console.log(`medcodes ${mods.at(-1).m.buildInfo().version}, Node ${process.version}, ${n.toLocaleString('en-US')} mixed codes, date ${DATE}, best of ${runs} runs`);
const table = [];
for (const { label, m } of mods) {
  const cm = new m.Icd10Cm();
  const bases = [];
  const rows = [];
  for (const [name, make] of calls) {
    const { s, base, result } = time(make(cm));
    if (name.startsWith('reasons(') && [...result.slice(0, 1000)].some((k, i) => (k === 0) !== cm.isValid(codes[i], DATE))) {
      throw new Error(`${label}: reasons disagree with isValid`);
    }
    bases.push(base);
    rows.push([name, s, vsSet(s, base), base / s]);
  }
  const base = Math.min(...bases);
  rows.unshift(['JS Set with trim/upper/strip-dot', base, '1.0 (baseline)']);
  table.push({ label, rows, base });
}

console.log(`\n| call | ${table.map((t) => `${t.label}: M codes/s | ${t.label}: vs the Set`).join(' | ')} |`);
console.log(`|---|${table.map(() => '---|---|').join('')}`);
for (let i = 0; i < table[0].rows.length; i++) {
  console.log(`| ${table[0].rows[i][0]} | ${table.map((t) => `${rate(t.rows[i][1])} | ${t.rows[i][2]}`).join(' | ')} |`);
}

// First answer after require, and the first word search (its index built then), each in
// a fresh process: the median of 5.
const script = (dir) => `
  const { performance } = require('node:perf_hooks');
  const t0 = performance.now();
  const m = require(${JSON.stringify(`${dir}/medcodes.js`)});
  const cm = new m.Icd10Cm();
  const v = cm.validate('E11.9', '2025-03-01');
  const first = performance.now() - t0;
  const t1 = performance.now();
  const r = m.search('diabetes', { date: '2025-03-01', limit: 10 });
  const search = performance.now() - t1;
  if (!v.valid || !r.hits.length) throw new Error('wrong answer');
  console.log(JSON.stringify({ first, search }));`;
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('');
for (const { label, dir } of mods) {
  const samples = Array.from({ length: 5 }, () => JSON.parse(execFileSync(process.execPath, ['-e', script(dir)], { encoding: 'utf8' })));
  console.log(`${label}: first answer after require ${median(samples.map((x) => x.first)).toFixed(1)} ms (target < 30 ms), ` +
    `first word search ${median(samples.map((x) => x.search)).toFixed(1)} ms (median of 5 fresh processes)`);
}
const last = table.at(-1);
const batch = last.rows.filter(([name]) => /^(reasonsOfLines|reasons\(|areValid)/.test(name));
const least = Math.min(...batch.map((r) => r[3]));
console.log(`\nbatch calls (reasonsOfLines, reasons, areValid) at least ${least.toFixed(1)}x the Set's speed: target 3x ${least >= 3 ? 'met' : 'NOT met'}`);
