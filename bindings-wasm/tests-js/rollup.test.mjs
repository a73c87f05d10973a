// Roll-up and detection columns (issue 16): categoryOf, blockOf, chapterOf, ancestorOf and
// systemOf answer each code of an array as the code-by-code API does (lookup, its block,
// chapter and ancestors; detect), whatever the spellings and however the array is handed
// over (dictionary-encoded when spellings repeat, plain when they do not); one string gives
// one answer; bad arguments are typed errors.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { variants } from './load.mjs';

const ODD = ['E11.9', ' e119 ', 'E11', 's52521a', 'S52.521A', 'Q99.99', '', null, undefined, 'nope', 'B20',
  '0DTJ4ZZ', '0dt', 'E0100', 'J1100', '99213', 'É11.9', 'x'.repeat(300), 'A00-B99', 'Z00.00', 'I10'];

for (const { name, m } of variants) {
  const cm = new m.Icd10Cm();
  const labels = m.systemLabels();
  // The answers code by code.
  const cmCode = (c) => (typeof c === 'string' ? cm.lookup(c) : undefined);
  const ancestorAt = (set, c, n) => {
    const code = typeof c === 'string' ? set.lookup(c) : undefined;
    if (!code) return null;
    const hit = [code, ...code.ancestors()].find((a) => a.undotted.length === n);
    return hit ? hit.code : null;
  };
  const systemLabel = (c) => {
    if (typeof c !== 'string') return null;
    const d = m.detect(c);
    return d.length === 0 ? null : d.length > 1 ? 'ambiguous' : d[0];
  };

  describe(`roll-up columns, ${name} build`, () => {
    const distinct = cm.codes().filter((_, i) => i % 7 === 0).map((c) => c.code); // plain column
    const repeated = Array.from({ length: 20_000 }, (_, i) => ODD[(i * 7) % ODD.length]); // dictionary
    for (const [label, codes] of [['odd spellings', ODD], ['distinct codes', distinct], ['repeated codes', repeated]]) {
      test(`${label}: each answer is the code-by-code one`, () => {
        assert.deepEqual(m.categoryOf(codes), codes.map((c) => ancestorAt(cm, c, 3)));
        assert.deepEqual(m.ancestorOf(codes, 4), codes.map((c) => ancestorAt(cm, c, 4)));
        assert.deepEqual(m.blockOf(codes), codes.map((c) => cmCode(c)?.block?.id ?? null));
        const chapters = m.chapterOf(codes);
        assert.ok(chapters instanceof Uint8Array);
        assert.deepEqual([...chapters], codes.map((c) => cmCode(c)?.chapter?.number ?? 0));
        // The core's detection (as Python's system_of): where this build has the classes of
        // every system a string belongs to, what detect says; else at least consistent.
        const systems = m.systemOf(codes);
        const bound = new Set(m.buildInfo().systems);
        systems.forEach((label, i) => {
          const d = typeof codes[i] === 'string' ? m.detect(codes[i]) : [];
          if (label === null || label === 'cpt' || (bound.has(label) && d.length === 1)) assert.deepEqual(label, systemLabel(codes[i]), String(codes[i]));
          else if (label === 'ambiguous') assert.ok(d.length >= 1, String(codes[i]));
          else assert.ok(labels.includes(label), label);
        });
        if (m.Icd10Pcs) {
          const pcs = new m.Icd10Pcs();
          assert.deepEqual(m.ancestorOf(codes, 3, 'icd10pcs'), codes.map((c) => ancestorAt(pcs, c, 3)));
        }
      });
    }

    test('examples, and one string gives one answer', () => {
      assert.deepEqual(m.categoryOf(['E11.9', 's52521a', 'Q99.99', null]), ['E11', 'S52', null, null]);
      assert.equal(m.categoryOf('e119'), 'E11');
      assert.equal(m.categoryOf('nope'), null);
      assert.equal(m.blockOf('E11.9'), 'E08-E13');
      assert.deepEqual([...m.chapterOf(['E11.9', 'S52.521A', 'nonsense'])], [4, 19, 0]);
      assert.equal(m.chapterOf('S52.521A'), 19);
      assert.equal(m.chapterOf('nonsense'), null);
      assert.equal(m.ancestorOf('S52.521A', 4), 'S52.5');
      assert.equal(m.ancestorOf('S52.521A', 9), null);
      assert.equal(m.systemOf('E11.9'), 'icd10cm');
      assert.equal(m.systemOf('99213'), 'cpt');
      assert.equal(m.systemOf('nonsense'), null);
      assert.deepEqual(labels.slice(-2), ['cpt', 'ambiguous']);
      for (const id of m.buildInfo().systems) assert.ok(labels.includes(id), id);
      if (m.Icd10Pcs) {
        assert.equal(m.ancestorOf('0DTJ4ZZ', 3, 'icd10pcs'), '0DT');
        assert.deepEqual(m.systemOf(['0DTJ4ZZ', 'B20']), ['icd10pcs', 'ambiguous']);
      }
      assert.deepEqual(m.categoryOf([]), []);
      assert.deepEqual([...m.chapterOf([])], []);
    });

    test('bad arguments are typed errors naming them', () => {
      for (const f of [m.categoryOf, m.blockOf, m.chapterOf, m.systemOf]) {
        assert.throws(() => f(42), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' });
        assert.throws(() => f(['E11.9', 7]), (e) => e instanceof TypeError && /codes\[1\]/.test(e.message));
      }
      assert.throws(() => m.ancestorOf(['E11.9'], '3'), { name: 'TypeError' });
      for (const n of [0, -1, 2.5, NaN]) assert.throws(() => m.ancestorOf(['E11.9'], n), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE' });
      assert.throws(() => m.ancestorOf(['E11.9'], 3, 'icd11'), (e) => e instanceof RangeError && /icd11/.test(e.message));
      assert.throws(() => m.ancestorOf(['E11.9'], 3, 3), { name: 'TypeError' });
    });
  });
}
