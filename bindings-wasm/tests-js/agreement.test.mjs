// Agreement: the JS package gives the same answers as the Rust core on 100,000 inputs
// (every code of the tables in varied spellings, plus malformed and unknown inputs, over
// dates inside and outside the covered range). The Rust side is examples/reference.rs,
// run on the host; its output is taken from $MEDCODES_REFERENCE when set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { variants, pkgDir } from './load.mjs';

const COUNT = 100_000;

function referenceLines() {
  let file = process.env.MEDCODES_REFERENCE;
  if (!file || !existsSync(file)) {
    mkdirSync(`${pkgDir}../target/wasm`, { recursive: true });
    file = `${pkgDir}../target/wasm/reference.jsonl`;
    execFileSync('cargo', ['run', '-q', '-p', 'medcodes-wasm', '--example', 'reference', '--', file, String(COUNT)],
      { cwd: pkgDir, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}

const reference = referenceLines();

function jsRecord(cm, input, d, withDetails) {
  const v = cm.validate(input, d);
  const rec = { i: input, d, r: v.reason, c: v.code, m: v.message ?? null };
  const c = withDetails ? cm.lookup(input) : undefined;
  if (c) {
    const parent = c.parent;
    const chapter = c.chapter;
    const block = c.block;
    rec.l = {
      t: c.title ?? null,
      to: c.titleOn(d) ?? null,
      p: parent ? parent.code : null,
      k: c.kind,
      b: c.billable,
      bo: c.isValidOn(d),
      v: c.validity.map((r) => `${r.start}..${r.end ?? ''}`).join(';'),
      ch: chapter ? chapter.number : null,
      bl: block ? block.id : null,
      n: c.children().length,
    };
  }
  return rec;
}

test(`reference has ${COUNT} records`, () => {
  assert.equal(reference.length, COUNT);
  const reasons = new Set(reference.map((r) => r.r));
  for (const r of ['valid', 'empty', 'too_long', 'malformed', 'unknown', 'not_billable', 'not_valid_on_date', 'date_out_of_range',
    'missing_seventh_character', 'seventh_character_not_allowed', 'missing_placeholder', 'unexpected_seventh_character']) {
    assert.ok(reasons.has(r), `the inputs cover ${r}`);
  }
});

test('full build: verdicts, messages, titles and hierarchy equal Rust on 100,000 codes', () => {
  const cm = new variants[0].m.Icd10Cm();
  let mismatches = 0;
  for (const want of reference) {
    const got = jsRecord(cm, want.i, want.d, true);
    if (!want.l) delete got.l;
    try {
      assert.deepStrictEqual(got, want);
    } catch (e) {
      if (++mismatches <= 5) console.error(e.message);
    }
  }
  assert.equal(mismatches, 0);
});

test('lite build: verdicts and messages equal Rust on 100,000 codes', () => {
  const cm = new variants[1].m.Icd10Cm();
  let mismatches = 0;
  for (const want of reference) {
    const { l, ...verdict } = want;
    const got = jsRecord(cm, want.i, want.d, false);
    try {
      assert.deepStrictEqual(got, verdict);
    } catch (e) {
      if (++mismatches <= 5) console.error(e.message);
    }
  }
  assert.equal(mismatches, 0);
});

test('batch calls agree with the reference too', () => {
  const { m } = variants[0];
  const cm = new m.Icd10Cm();
  const kinds = m.reasonKinds();
  const byDate = new Map();
  for (const r of reference) {
    if (!byDate.has(r.d)) byDate.set(r.d, []);
    byDate.get(r.d).push(r);
  }
  for (const [d, recs] of byDate) {
    const codes = recs.map((r) => r.i);
    assert.deepEqual([...cm.reasons(codes, d)].map((n) => kinds[n]), recs.map((r) => r.r), d);
    assert.deepEqual(cm.areValid(codes, d), recs.map((r) => r.r === 'valid'), d);
    const many = cm.validateMany(codes, d);
    assert.deepEqual(many.map((v) => [v.reason, v.code, v.message ?? null]), recs.map((r) => [r.r, r.c, r.m]), d);
  }
});
