// A date a code: `reasons`, `areValid` and `validateMany` given an array of dates agree,
// code by code, with one call a row (`reason`, `isValid`, `validate`), on codes whose dates
// span FY2016 (2015-10-01) to FY2027 (2026-10-01 on) and beyond the covered range, in
// every form a date takes (ISO and compact strings, `Date` objects, `null`/`undefined`);
// for ICD-10-CM, ICD-10-PCS and HCPCS Level II (by quarter, 2019-07-01 onward).
// Wrong lengths, unreadable dates and wrong types throw, naming the offending element.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { variants } from './load.mjs';

// The first day of each fiscal year FY2016-FY2027, the days around the COVID-19 code
// (U07.1, 2020-04-01), the last days covered and the first ones outside.
const DAYS = [
  '2014-12-31', '2015-09-30', '2015-10-01', '2016-06-15', '2016-10-01', '2017-10-01', '2018-10-01', '2019-10-01',
  '2020-03-31', '2020-04-01', '2020-10-01', '2021-10-01', '2022-04-01', '2022-10-01', '2023-04-01', '2023-10-01',
  '2024-04-01', '2024-10-01', '2025-03-01', '2025-10-01', '2026-04-01', '2026-09-30', '2026-10-01', '2027-03-31',
  '2027-04-01', '2027-10-01',
];

/** A deterministic generator (LCG, high bits: the low bits of an LCG repeat quickly). */
function rng(seed) {
  let s = seed;
  return (n) => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return Math.floor((s / 2 ** 32) * n); };
}

/** `dates[i]` for `codes[i]` in varied forms: ISO, compact, `Date` (UTC midnight, or late in the UTC day), `null`, `undefined`. */
function datesFor(n, rnd) {
  return Array.from({ length: n }, () => {
    const d = DAYS[rnd(DAYS.length)];
    switch (rnd(8)) {
      case 0: return d.replaceAll('-', '');
      case 1: return new Date(`${d}T00:00:00Z`);
      case 2: return new Date(`${d}T23:59:59Z`);
      case 3: return null;
      case 4: return undefined;
      default: return d;
    }
  });
}

/** The system's codes (every `step`-th, with varied spellings) plus inputs that are not codes. */
function codesOf(set, step, odd, rnd) {
  const all = set.codes().map((c) => c.code);
  const out = [];
  for (let i = 0; i < all.length; i += step) {
    const c = all[i];
    out.push([c, c.toLowerCase(), ` ${c.replace('.', '')} `][rnd(3)]);
  }
  out.push(...odd, null, undefined);
  return out;
}

const SYSTEMS = [
  ['Icd10Cm', 97, ['', 'E11', 'U07.1', 'S52.521', 'T36.01A', 'E11.9A', '1E11', 'E11.99', 'E11.90000']],
  ['Icd10Pcs', 53, ['', '0DT', '0DTJ4ZZ', '0DTJ4IZ', 'ZZZZZZZ', '0DTJ4ZZZ']],
  // HCPCS Level II by quarter (2019-07-01 to 2026-06-30): codes added and ended by quarter.
  ['Hcpcs', 7, ['', 'J11', 'J1100', 'j1100 ', 'D0120', '99213', 'J0000', 'J110000', 'F1234', 'Ｊ1100']],
];

for (const { name, m } of variants) {
  for (const [cls, step, odd] of SYSTEMS) {
    if (!m[cls]) continue;
    describe(`${name} build: ${cls}, a date a code`, () => {
      const set = new m[cls]();
      const rnd = rng(20151001);
      const codes = codesOf(set, step, odd, rnd);
      const dates = datesFor(codes.length, rnd);
      // Empty cells on a covered date, whatever the draw gave.
      codes.push('', null, undefined);
      dates.push('2025-03-01', new Date('2020-04-01'), '20200401');
      const kinds = m.reasonKinds();
      const days = (xs) => new Set(xs.filter((d) => d != null).map((d) => (typeof d === 'string' ? d : d.toISOString().slice(0, 10))));

      test('the inputs span FY2016 to FY2027 and beyond, in every form', () => {
        assert.ok(codes.length > 1000, String(codes.length));
        const seen = days(dates.map((d) => (typeof d === 'string' && d.length === 8 ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d)));
        for (const d of DAYS) assert.ok(seen.has(d), d);
        assert.ok(dates.includes(null) && dates.includes(undefined) && dates.some((d) => d instanceof Date));
      });

      test('reasons: one call a row, code by code', () => {
        const got = set.reasons(codes, dates);
        assert.ok(Array.isArray(got));
        assert.equal(got.length, codes.length);
        const reasons = new Set();
        codes.forEach((c, i) => {
          const want = dates[i] == null ? null : set.reason(c ?? '', dates[i]);
          assert.equal(got[i] === null ? null : kinds[got[i]], want, `${JSON.stringify(c)} on ${dates[i]}`);
          reasons.add(want);
        });
        for (const r of ['valid', 'not_valid_on_date', 'date_out_of_range', 'empty', null]) assert.ok(reasons.has(r), `covers ${r}`);
      });

      test('areValid: one call a row, code by code', () => {
        const got = set.areValid(codes, dates);
        assert.equal(got.length, codes.length);
        codes.forEach((c, i) => {
          assert.equal(got[i], dates[i] == null ? null : set.isValid(c ?? '', dates[i]), `${JSON.stringify(c)} on ${dates[i]}`);
        });
      });

      test('validateMany: one call a row, code by code', () => {
        const got = set.validateMany(codes, dates);
        assert.equal(got.length, codes.length);
        codes.forEach((c, i) => {
          assert.deepEqual(got[i], dates[i] == null ? null : set.validate(c ?? '', dates[i]), `${JSON.stringify(c)} on ${dates[i]}`);
        });
      });

      test('one date for all equals that date in every row', () => {
        for (const d of ['2015-10-01', '2020-04-01', '2026-10-01', '2014-01-01']) {
          const each = codes.map(() => d);
          assert.deepEqual(set.reasons(codes, each), [...set.reasons(codes, d)], d);
          assert.deepEqual(set.areValid(codes, each), set.areValid(codes, d), d);
          assert.deepEqual(set.validateMany(codes, each), set.validateMany(codes, d), d);
        }
        assert.deepEqual(set.reasons(['x', 'y'], [null, undefined]), [null, null]);
      });

      test('a wrong length, an unreadable date or a wrong type throws, naming the element', () => {
        for (const call of ['reasons', 'areValid', 'validateMany']) {
          const f = (ds) => () => set[call](['E11.9', '0DTJ4ZZ', 'I10'], ds);
          assert.throws(f(['2025-03-01', '2025-03-01']), (e) => {
            assert.ok(e instanceof RangeError, String(e));
            assert.equal(e.code, 'ERR_OUT_OF_RANGE');
            assert.equal(e.argument, 'dates');
            assert.equal(e.received, 2);
            assert.match(e.message, /^dates: 3 codes but 2 dates/);
            return true;
          }, call);
          assert.throws(f([]), { name: 'RangeError', received: 0 });
          assert.throws(f(['2025-03-01', null, '2025-02-30']), (e) => {
            assert.equal(e.name, 'DateError');
            assert.equal(e.kind, 'invalid');
            assert.equal(e.argument, 'dates[2]');
            assert.equal(e.input, '2025-02-30');
            assert.match(e.message, /^dates\[2\]: "2025-02-30" is not a valid date/);
            return true;
          }, call);
          assert.throws(f(['2025-03-01', 'soon', null]), { name: 'DateError', kind: 'malformed', argument: 'dates[1]' });
          assert.throws(f([null, new Date('nope'), null]), { name: 'DateError', argument: 'dates[1]' });
          assert.throws(f(['2025-03-01', null, 20250301]), (e) => {
            assert.ok(e instanceof TypeError);
            assert.equal(e.code, 'ERR_INVALID_ARG_TYPE');
            assert.equal(e.argument, 'dates[2]');
            assert.equal(e.received, 'number');
            assert.match(e.message, /^dates\[2\] must be a date.*, got number \(20250301\)$/);
            return true;
          }, call);
          assert.throws(f([{}, null, null]), { name: 'TypeError', argument: 'dates[0]', received: 'object' });
          assert.throws(f(20250301), { name: 'TypeError', argument: 'date', received: 'number' });
          assert.throws(f(undefined), { name: 'TypeError', argument: 'date', received: 'undefined' });
        }
      });
    });
  }
}
