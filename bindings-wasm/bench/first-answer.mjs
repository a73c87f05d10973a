// The first answer after `require` (issue 20: under 30 ms), beside a Node process's own
// start-up, in the same run: each sample a fresh Node process, the baseline (a JS `Set` of a
// few codes and one lookup, what `node -e 'new Set(...)'` costs) and the package's first
// answer (`require`, `new Icd10Cm()`, one `validate`) alternated, so that the machine's
// load moves both alike. Times are `performance.now()` in the child: milliseconds since its
// process started. Prints the median and the range of each, and the package's phases.
//
//   node bench/first-answer.mjs [--runs 15] [--before DIR]
//
// --before DIR: an earlier build's dist/node folder, measured in the same run.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const runs = Number(opt('--runs', 15));
const before = opt('--before', null);
const after = fileURLToPath(new URL('../dist/node/', import.meta.url));
const builds = [...(before ? [['before', resolve(before)]] : []), ['after', after]];

const BASELINE = `
const s = new Set(['E119', 'E1165', 'I10', 'Z0000']);
const ok = s.has(' e11.9 '.trim().toUpperCase().replace('.', ''));
process.stdout.write(JSON.stringify({ total: performance.now(), ok }));`;
const pkg = (dir) => `
const t0 = performance.now();
const m = require(${JSON.stringify(`${dir}/medcodes.js`)});
const t1 = performance.now();
const v = new m.Icd10Cm().validate(' e11.9 ', '2025-03-01');
const t2 = performance.now();
const v2 = new m.Icd10Cm().validate('S52.521A', '2025-03-01');
const t3 = performance.now();
process.stdout.write(JSON.stringify({ total: t2, start: t0, require: t1 - t0, first: t2 - t1, second: t3 - t2, ok: v.valid && v2.valid }));`;

const sample = (code) => JSON.parse(execFileSync(process.execPath, ['-e', code], { encoding: 'utf8' }));
const samples = { baseline: [], ...Object.fromEntries(builds.map(([label]) => [label, []])) };
for (let r = 0; r < runs; r++) {
  samples.baseline.push(sample(BASELINE));
  for (const [label, dir] of builds) {
    const s = sample(pkg(dir));
    if (!s.ok) throw new Error(`${label}: the first answers are wrong`);
    samples[label].push(s);
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const range = (xs) => `${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}`;
const row = (cells) => `| ${cells.join(' | ')} |`;
const base = samples.baseline.map((s) => s.total);
console.log(`Node ${process.version}, ${runs} fresh processes each, alternated; ms since the process started (median, range)\n`);
console.log(row(['', 'answer at', 'beyond the baseline', 'require', 'first validate', 'second validate']));
console.log(row(['---', '---:', '---:', '---:', '---:', '---:']));
console.log(row(['baseline: a JS Set, one lookup', `${median(base).toFixed(1)} (${range(base)})`, '0', '', '', '']));
for (const [label] of builds) {
  const s = samples[label];
  const extra = s.map((x, i) => x.total - base[i]);
  console.log(row([
    `${label}: require, new Icd10Cm(), validate`,
    `${median(s.map((x) => x.total)).toFixed(1)} (${range(s.map((x) => x.total))})`,
    `**${median(extra).toFixed(1)}** (${range(extra)})`,
    median(s.map((x) => x.require)).toFixed(1),
    median(s.map((x) => x.first)).toFixed(1),
    median(s.map((x) => x.second)).toFixed(2),
  ]));
}
