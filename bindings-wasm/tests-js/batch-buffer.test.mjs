// The batch calls hand their codes to the core's batch engine as one buffer (an array
// joined into one string, or the lines of a text): the answers are those of the calls made
// code by code, whatever the spellings (spaces, case, line ends, empty cells, non-ASCII,
// a code holding a line end, which takes the code-by-code path), on one date or a date a
// row; validateMany's rows are objects of their own; bad input is a typed error naming it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { variants } from './load.mjs';

const DOS = '2025-03-01';
// Spellings repeated (the memos answer them), odd ones, and codes of every reason.
const ODD = ['E11.9', ' e119 ', 'E11.9\r', 'E11', '', null, undefined, 'nope', 'U07.1', 'S52.521', 'S52.521A',
  'T36.01A', 'E11.9A', 'É11.9', '😀', 'E11.9 E11.8', 'x'.repeat(300), '\t', 'I10', 'i10', 'Z00.00', 'A0', 'E11.9\n'.slice(0, 5)];
const column = Array.from({ length: 20_000 }, (_, i) => ODD[(i * 7) % ODD.length]);

for (const { name, m } of variants) {
  const cm = new m.Icd10Cm();
  const kinds = m.reasonKinds();

  describe(`batch calls through the engine, ${name} build`, () => {
    test('reasons, areValid and validateMany agree with the calls made code by code', () => {
      for (const codes of [ODD, column]) {
        const one = codes.map((c) => cm.validate(c ?? '', DOS));
        const nums = cm.reasons(codes, DOS);
        assert.ok(nums instanceof Uint8Array);
        assert.deepEqual([...nums].map((k) => kinds[k]), one.map((v) => v.reason));
        assert.deepEqual(cm.areValid(codes, DOS), one.map((v) => v.valid));
        assert.deepEqual(cm.validateMany(codes, DOS), one);
        const text = codes.map((c) => c ?? '').join('\n');
        assert.deepEqual([...cm.reasonsOfLines(text, DOS)], [...nums]);
        assert.deepEqual([...cm.reasonsOfLines(text.replaceAll('\n', '\r\n'), DOS)], [...nums]);
      }
    });

    test('mostly distinct codes (the plain column) and repeated ones (the dictionary) answer alike', () => {
      const distinct = cm.codes().slice(0, 6000).map((c, i) => (i % 3 ? c.code : c.undotted.toLowerCase()));
      const withOdd = [...distinct, ...ODD];
      const one = withOdd.map((c) => cm.reason(c ?? '', DOS));
      assert.deepEqual([...cm.reasons(withOdd, DOS)].map((k) => kinds[k]), one);
      const repeated = Array.from({ length: 30_000 }, (_, i) => withOdd[(i * 13) % 40]);
      assert.deepEqual([...cm.reasons(repeated, DOS)].map((k) => kinds[k]), repeated.map((c) => cm.reason(c ?? '', DOS)));
      assert.deepEqual(cm.validateMany(repeated.slice(0, 3000), DOS), repeated.slice(0, 3000).map((c) => cm.validate(c ?? '', DOS)));
    });

    test('a date a row: null for a row without one', () => {
      const dates = column.map((_, i) => (i % 5 === 0 ? null : ['2016-01-01', '2021-06-01', DOS][i % 3]));
      const one = column.map((c, i) => (dates[i] ? cm.validate(c ?? '', dates[i]) : null));
      assert.deepEqual(cm.reasons(column, dates), one.map((v) => (v ? kinds.indexOf(v.reason) : null)));
      assert.deepEqual(cm.areValid(column, dates), one.map((v) => (v ? v.valid : null)));
      assert.deepEqual(cm.validateMany(column, dates), one);
    });

    test('a code holding a line end is read as given (code by code)', () => {
      const codes = ['E11.9', 'E11.9\nI10', 'I10'];
      assert.deepEqual([...cm.reasons(codes, DOS)].map((k) => kinds[k]), codes.map((c) => cm.reason(c, DOS)));
      assert.equal(cm.reasons(codes, DOS).length, 3);
      assert.deepEqual(cm.validateMany(codes, DOS), codes.map((c) => cm.validate(c, DOS)));
    });

    test('lines: one row a line, a final line end closing the last', () => {
      const r = (t) => [...cm.reasonsOfLines(t, DOS)].map((k) => kinds[k]);
      assert.deepEqual(r(''), []);
      assert.deepEqual(r('\n'), ['empty']);
      assert.deepEqual(r('E11.9'), ['valid']);
      assert.deepEqual(r('E11.9\n'), ['valid']);
      assert.deepEqual(r('E11.9\n\n'), ['valid', 'empty']);
      assert.deepEqual(r('E11.9\r\nE11\r\n'), ['valid', 'not_billable']);
      assert.deepEqual(r('\nE11.9'), ['empty', 'valid']);
    });

    test('validateMany: each row its own object, nested arrays not shared', () => {
      const many = cm.validateMany(['E11', 'E11', 'E11.9', 'E11.9'], DOS);
      assert.notEqual(many[0], many[1]);
      assert.notEqual(many[0].examples, many[1].examples);
      assert.notEqual(many[2], many[3]);
      many[0].examples.push('changed');
      many[2].code = 'changed';
      assert.deepEqual(many[1], cm.validate('E11', DOS));
      assert.deepEqual(many[3], cm.validate('E11.9', DOS));
    });

    test('bad input: a typed error naming the value', () => {
      const throws = (fn, check) => assert.throws(fn, (e) => { for (const [k, v] of Object.entries(check)) assert.deepEqual(e[k], v, k); return true; });
      for (const call of ['reasons', 'areValid', 'validateMany']) {
        throws(() => cm[call](['E11.9', 5], DOS), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', argument: 'codes[1]', received: 'number' });
        assert.throws(() => cm[call](['E11.9', 5], DOS), /codes\[1\] must be a string.*got number \(5\)/);
        throws(() => cm[call](['E11.9', {}], DOS), { name: 'TypeError', argument: 'codes[1]' });
        throws(() => cm[call]('E11.9', DOS), { name: 'TypeError', argument: 'codes' });
        throws(() => cm[call](null, DOS), { name: 'TypeError', argument: 'codes' });
        throws(() => cm[call](['E11.9'], '2025-02-30'), { name: 'DateError', argument: 'date' });
        throws(() => cm[call](['E11.9', 'I10'], ['2025-01-01']), { name: 'RangeError', argument: 'dates', received: 1 });
        throws(() => cm[call](['E11.9', 'I10'], [DOS, 'soon']), { name: 'DateError', argument: 'dates[1]' });
      }
      throws(() => cm.reasonsOfLines(['E11.9'], DOS), { name: 'TypeError', argument: 'lines' });
      throws(() => cm.reasonsOfLines(null, DOS), { name: 'TypeError', argument: 'lines' });
      throws(() => cm.reasonsOfLines('E11.9', 20250301), { name: 'TypeError', argument: 'date' });
      // Huge: refused before it is copied into the module's memory.
      throws(() => cm.reasonsOfLines('E'.repeat(2 ** 27 + 1), DOS), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE', argument: 'lines', received: 2 ** 27 + 1 });
    });
  });
}
