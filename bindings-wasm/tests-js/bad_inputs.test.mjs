// The bad-input matrix (tests/bad_inputs.json) on JavaScript: every code input gives its
// reason (one call and the batch call agree), every date input its outcome, and every
// JavaScript-only value (null, undefined, numbers, arrays, bytes, Date objects) its outcome:
// the same answers as the Rust library, the CLI and Python.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { variants } from './load.mjs';

const matrix = JSON.parse(readFileSync(new URL('../../tests/bad_inputs.json', import.meta.url), 'utf8'));
const DATE = matrix.date;
const CLASSES = { icd10cm: 'Icd10Cm', icd10pcs: 'Icd10Pcs', hcpcs: 'Hcpcs' };

function input(v) {
  if (typeof v === 'string') return v;
  if ('repeat' in v) return v.prefix + v.repeat.repeat(v.times);
  // Lone surrogates stay: a JavaScript string can hold them.
  if ('utf16' in v) return String.fromCharCode(...v.utf16);
  if ('bytes' in v) return new TextDecoder().decode(Buffer.from(v.bytes, 'hex'));
  throw new Error(`not an input: ${JSON.stringify(v)}`);
}

function outcome(call) {
  try {
    return String(call());
  } catch (e) {
    if (e.name === 'DateError') return `date_${e.kind}`;
    if (e instanceof TypeError) return 'type';
    throw e;
  }
}

for (const { name, m } of variants) {
  const systems = Object.fromEntries(
    Object.entries(CLASSES).filter(([, cls]) => m[cls]).map(([id, cls]) => [id, new m[cls]()]));

  const kinds = m.reasonKinds();

  describe(`${name} build`, () => {
    test('every code input gives its reason', () => {
      let checked = 0;
      for (const c of matrix.codes) {
        const set = systems[c.system];
        if (!set) continue; // the lite build has ICD-10-CM only
        const code = input(c.input);
        const date = c.date ?? DATE;
        assert.equal(set.reason(code, date), c.reason, c.name);
        assert.deepEqual(Array.from(set.reasons([code], date), (k) => kinds[k]), [c.reason], `${c.name}: batch`);
        // Invalid codes are results, not errors: the verdict says the same reason, briefly.
        const verdict = set.validate(code, date);
        assert.equal(verdict.reason, c.reason, `${c.name}: validate`);
        assert.ok((verdict.message ?? '').length < 600, `${c.name}: a short message`);
        checked += 1;
      }
      assert.ok(checked >= (name === 'full' ? 30 : 15));
    });

    test('every date input gives its outcome', () => {
      const cm = systems.icd10cm;
      for (const c of matrix.dates) {
        assert.equal(outcome(() => cm.reason('E11.9', input(c.input))), c.outcome, c.name);
      }
    });

    test('every JavaScript value gives its outcome', () => {
      const cm = systems.icd10cm;
      for (const c of matrix.values.filter((v) => 'js' in v)) {
        const value = new Function(`return (${c.js});`)();
        const call = c.argument === 'code' ? () => cm.reason(value, DATE) : () => cm.reason('E11.9', value);
        assert.equal(outcome(call), c.js_outcome, c.name);
      }
    });

    test('defects of the reliability review stay fixed', () => {
      const cm = systems.icd10cm;
      // A Date past JavaScript's years names itself, not a wrapped year.
      assert.throws(() => cm.reason('E11.9', new Date(8.64e15)), (e) => e.name === 'DateError' && e.message.includes('+275760'));
      assert.throws(() => cm.reason('E11.9', '9999-12-31'), (e) => e.kind === 'invalid' && /year outside/.test(e.message));
      if (name === 'full') {
        // No title is in force outside the data, as reason says date_out_of_range there.
        const code = cm.lookup('E11.9');
        assert.equal(code.titleOn('2014-01-01'), undefined);
        assert.equal(code.shortTitleOn('2014-01-01'), undefined);
        assert.equal(code.titleOn('2025-03-01'), 'Type 2 diabetes mellitus without complications');
      }
    });
  });
}
