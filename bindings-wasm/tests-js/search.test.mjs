// `search`: the core's ranked search over every code set (issue 15), from Node: the
// issue's examples, the result shape, paging, spans as UTF-16 indexes, dates, bad input;
// the lite build (no titles) finds codes by their characters only.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { variants } from './load.mjs';

const DOS = '2025-10-01';
const codes = (r) => r.hits.map((h) => h.code);
const fold = (s) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

for (const { name, m } of variants) {
  const titles = name === 'full';

  describe(`search, ${name} build`, () => {
    test('a code prefix: the code, then the codes below it in code order', () => {
      const r = m.search('e11.6', { systems: 'icd10cm', date: DOS, limit: 3 });
      assert.deepEqual(codes(r), ['E11.6', 'E11.61', 'E11.610']);
      assert.deepEqual(r.hits.map((h) => h.kind), ['code', 'code_prefix', 'code_prefix']);
      assert.deepEqual(r.hits[0].spans, [[0, 5]]);
      assert.equal(r.hits[2].text.slice(...r.hits[2].spans[0]), 'E11.6');
      assert.equal(r.hits[0].field, 'code');
      assert.equal(r.hits[0].title === null, !titles);
      assert.ok(r.total > 3 && r.offset === 0);
    });

    test('nothing found is not an error', () => {
      for (const q of ['', '   ', 'zzzz qqqq', ',;']) {
        const r = m.search(q, { date: DOS });
        assert.deepEqual([r.hits, r.total], [[], 0]);
      }
      if (!titles) assert.equal(m.search('hypertension', { date: DOS }).total, 0);
    });

    test('bad input throws typed errors naming the argument', () => {
      const throws = (fn, check) => assert.throws(fn, (e) => { for (const [k, v] of Object.entries(check)) assert.deepEqual(e[k], v, k); return true; });
      throws(() => m.search(5), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', argument: 'query' });
      throws(() => m.search(undefined), { name: 'TypeError', argument: 'query' });
      throws(() => m.search('sepsis', 'icd10cm'), { name: 'TypeError', argument: 'options' });
      throws(() => m.search('sepsis', { limit: -1 }), { name: 'RangeError', code: 'ERR_OUT_OF_RANGE', argument: 'options.limit', received: -1 });
      throws(() => m.search('sepsis', { limit: 1.5 }), { name: 'RangeError', argument: 'options.limit' });
      throws(() => m.search('sepsis', { limit: 1e30 }), { name: 'RangeError', argument: 'options.limit' });
      throws(() => m.search('sepsis', { limit: '5' }), { name: 'TypeError', argument: 'options.limit' });
      throws(() => m.search('sepsis', { offset: -2 }), { name: 'RangeError', argument: 'options.offset' });
      throws(() => m.search('sepsis', { prefixLastWord: 'yes' }), { name: 'TypeError', argument: 'options.prefixLastWord' });
      throws(() => m.search('sepsis', { date: '2025-13-01' }), { name: 'DateError', argument: 'options.date', kind: 'invalid' });
      throws(() => m.search('sepsis', { date: 20250101 }), { name: 'TypeError', argument: 'options.date' });
      throws(() => m.search('sepsis', { systems: 'icd9' }), { name: 'SearchError', kind: 'system', value: 'icd9' });
      throws(() => m.search('sepsis', { systems: ['icd10cm', 'icd9'] }), { name: 'SearchError', kind: 'system', argument: 'options.systems[1]' });
      throws(() => m.search('sepsis', { systems: [7] }), { name: 'TypeError', argument: 'options.systems[0]' });
      throws(() => m.search('sepsis', { systems: 7 }), { name: 'TypeError', argument: 'options.systems' });
      throws(() => m.search('a '.repeat(40)), { name: 'SearchError', kind: 'query_too_long', words: 40 });
      assert.throws(() => m.search('sepsis', { date: '1990-01-01' }), (e) => {
        assert.equal(e.name, 'SearchError');
        assert.equal(e.kind, 'date_out_of_range');
        assert.equal(e.date, '1990-01-01');
        assert.deepEqual(e.coverage.map((c) => c.system), m.buildInfo().systems);
        assert.ok(e.coverage.every((c) => c.first <= c.last) && /1990-01-01/.test(e.message));
        return true;
      });
    });

    test('dates: the date given, today by the JS clock, or any release', () => {
      assert.deepEqual(codes(m.search('U07.1', { systems: 'icd10cm', date: '2016-06-01' })), []);
      assert.deepEqual(codes(m.search('U07.1', { systems: 'icd10cm', date: new Date('2021-06-01') })), ['U07.1']);
      assert.deepEqual(codes(m.search('U07.1', { systems: 'icd10cm', anyRelease: true })), ['U07.1']);
      const r = m.search('U07.1', { systems: 'icd10cm' });
      const s = r.systems[0];
      assert.equal(s.system, 'icd10cm');
      assert.ok(s.searched);
      // Today (UTC), or the data's last date, said in the note, when today is past it.
      assert.ok(s.date === new Date().toISOString().slice(0, 10) || (s.note && s.date < new Date().toISOString()), JSON.stringify(s));
      assert.deepEqual(m.search('U07.1', { anyRelease: true, systems: 'icd10cm' }).systems[0].date, null);
    });

    test('paging: a page is the slice of one list, with one total', () => {
      for (const q of titles ? ['fracture of left wrist', 'diab mell type 2', 'p\' bu ofr second |dSgree of left wristt', 'e11'] : ['e11', 's72']) {
        const all = m.search(q, { anyRelease: true, limit: 100 });
        for (const [offset, limit] of [[0, 1], [0, 29], [3, 7], [17, 12], [40, 40], [79, 5]]) {
          const page = m.search(q, { anyRelease: true, offset, limit });
          assert.equal(page.total, all.total, `${q} ${offset} ${limit}`);
          assert.equal(page.offset, offset);
          assert.deepEqual(page.hits, all.hits.slice(offset, offset + limit), `${q} ${offset} ${limit}`);
        }
      }
      assert.deepEqual(m.search('e11', { limit: 0 }).hits, []);
    });
  });

  if (!titles) continue;

  describe('search by words, full build', () => {
    test('the issue\'s examples give the code a coder expects in the first five', () => {
      for (const [q, systems, want] of [
        ['hypertension', 'icd10cm', 'I10'], ['sepsis', 'icd10cm', 'A41.9'], ['heart attack', 'icd10cm', 'I21.9'],
        ['copd', 'icd10cm', 'J44.9'], ['high blood pressure', 'icd10cm', 'I10'], ['htn', 'icd10cm', 'I10'],
        ['laparoscopic appendectomy', 'icd10pcs', '0DTJ4ZZ'], ['laparoscopic appendectomy', undefined, '0DTJ4ZZ'],
      ]) {
        const r = m.search(q, { systems, date: DOS, limit: 5 });
        assert.ok(codes(r).includes(want), `${q}: ${codes(r)}`);
      }
    });

    test('the result shape', () => {
      const r = m.search('hypertension', { date: DOS });
      assert.deepEqual(Object.keys(r), ['hits', 'total', 'offset', 'systems']);
      assert.equal(r.hits.length, 10); // the default limit
      assert.deepEqual(r.systems, m.buildInfo().systems.map((system) => ({ system, searched: true, date: DOS, note: null })));
      const [first] = r.hits;
      assert.deepEqual(Object.keys(first), ['system', 'code', 'score', 'kind', 'billable', 'title', 'field', 'text', 'spans']);
      assert.deepEqual({ ...first, score: 0 }, {
        system: 'icd10cm', code: 'I10', score: 0, kind: 'exact', billable: true, title: 'Essential (primary) hypertension',
        field: 'title', text: 'Essential (primary) hypertension', spans: [[20, 32]],
      });
      assert.ok(first.score > 0);
      assert.ok(m.search('wheelchair', { date: DOS, limit: 50 }).hits.some((h) => h.system === 'hcpcs'));
      const pcs = m.search('appendix resection', { systems: ['icd10pcs', 'icd10cm'], date: DOS });
      assert.deepEqual(pcs.systems.map((s) => s.system), ['icd10pcs', 'icd10cm']);
    });

    test('spans are UTF-16 indexes of text: text.slice(start, end) highlights', () => {
      const r = m.search('type 2 diabetes with kidney', { systems: 'icd10cm', date: DOS, limit: 20 });
      for (const h of r.hits) {
        assert.ok(h.spans.length > 0, h.code);
        let end = 0;
        for (const [s, e] of h.spans) {
          assert.ok(s >= end && s < e && e <= h.text.length, `${h.code} ${[s, e]}`);
          end = e;
          const w = fold(h.text.slice(s, e));
          assert.ok(['type', '2', 'diabet', 'kidney', 'with'].some((p) => w.startsWith(p)), `${h.code}: ${w}`);
        }
      }
      // A non-ASCII character before the match (an inclusion term of E11.610).
      const hit = m.search('diabetes charcot', { systems: 'icd10cm', date: DOS, limit: 20 }).hits.find((h) => h.code === 'E11.610');
      assert.equal(hit.field, 'inclusion_term');
      assert.deepEqual(hit.spans.map(([s, e]) => hit.text.slice(s, e)), ['diabetes', 'Charcôt\'s']);
      assert.ok(codes(m.search('diabetes charcôt', { systems: 'icd10cm', date: DOS, limit: 20 })).includes('E11.610'));
    });

    test('the last word may be unfinished (prefixLastWord), as in a search box', () => {
      const finished = m.search('ear', { systems: 'icd10cm', date: DOS });
      const typing = m.search('ear', { systems: 'icd10cm', date: DOS, prefixLastWord: true });
      assert.ok(finished.total < typing.total);
      const r = m.search('pneumoni', { systems: 'icd10cm', date: DOS, prefixLastWord: true });
      assert.ok(r.total > 20 && r.hits.every((h) => fold(h.text).includes('pneumoni')));
    });

    test('Icd10Cm.search is the ranked search on ICD-10-CM', () => {
      const cm = new m.Icd10Cm();
      for (const q of ['sepsis', 'heart attack', 'e11.6']) {
        assert.deepEqual(cm.search(q, { date: DOS, limit: 15 }).map((c) => c.code), codes(m.search(q, { systems: 'icd10cm', date: DOS, limit: 15 })));
      }
    });
  });
}
