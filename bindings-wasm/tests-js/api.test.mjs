// The package API from Node: shapes of results, thrown errors, bad input, batches,
// hierarchy, titles and search, for the full and the lite (no titles) builds.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { variants } from './load.mjs';

const DOS = '2025-03-01';

for (const { name, m } of variants) {
  const titles = name === 'full';
  const cm = new m.Icd10Cm();

  describe(`${name} build`, () => {
    test('buildInfo tells the features', () => {
      assert.deepEqual(m.buildInfo(), { version: '0.1.0', systems: titles ? ['icd10cm', 'icd10pcs', 'hcpcs'] : ['icd10cm'],
        titles, notes: titles, claims: titles, cpt: titles, release: titles });
    });

    test('a valid code is a plain verdict', () => {
      for (const input of ['E11.9', 'e11.9', 'E119', ' e119\t']) {
        assert.deepEqual(cm.validate(input, DOS), { valid: true, reason: 'valid', code: 'E11.9', date: DOS });
      }
      assert.equal(cm.isValid('E11.9', DOS), true);
      assert.equal(cm.reason('E11.9', DOS), 'valid');
      assert.deepEqual(cm.verdict('e11'), { valid: true, reason: 'valid', code: 'E11' });
      assert.equal(cm.verdict('E11.99').reason, 'unknown');
    });

    test('a header is not billable, with examples', () => {
      const v = cm.validate('E11', DOS);
      assert.equal(v.valid, false);
      assert.equal(v.reason, 'not_billable');
      assert.equal(v.code, 'E11');
      assert.ok(v.billableDescendants > 50);
      assert.deepEqual(v.examples.slice(0, 2), ['E11.00', 'E11.01']);
      assert.match(v.message, /^E11 is a header, not a billable code/);
      assert.equal(v.date, DOS);
    });

    test('a code outside its dates says when it is valid', () => {
      const v = cm.validate('U07.1', '2019-06-01');
      assert.equal(v.reason, 'not_valid_on_date');
      assert.deepEqual(v.validity, [{ start: '2020-04-01', end: null }]);
      assert.match(v.message, /added on 2020-04-01/);
    });

    test('every reason has its fields', () => {
      // Messages are the core's (compared with Rust's in agreement.test.mjs).
      const empty = cm.validate('', DOS);
      assert.match(empty.message, /^empty code/);
      assert.deepEqual(empty, { valid: false, reason: 'empty', code: null, date: DOS, message: empty.message });
      const long = cm.validate('E11.90000', DOS);
      assert.equal(long.reason, 'too_long');
      assert.equal(long.max, 7);
      assert.equal(long.system, 'ICD-10-CM');
      const bad = cm.validate('1E11', DOS);
      assert.equal(bad.reason, 'malformed');
      assert.equal(bad.position, 1);
      assert.equal(bad.found, '1');
      assert.equal(bad.expected, 'a letter (A-Z)');
      const unknown = cm.validate('E11.99', DOS);
      assert.equal(unknown.reason, 'unknown');
      assert.equal(unknown.code, 'E11.99');
      assert.equal(unknown.first, '2015-10-01');
      const out = cm.validate('E11.9', '2014-01-01');
      assert.equal(out.reason, 'date_out_of_range');
      assert.equal(out.code, 'E11.9');
      assert.deepEqual([out.first, out.last], [cm.coverage.first, cm.coverage.last]);
      assert.deepEqual(m.reasonKinds(), ['valid', 'empty', 'too_long', 'malformed', 'unknown',
        'not_billable', 'not_valid_on_date', 'date_out_of_range', 'incomplete', 'missing_seventh_character',
        'seventh_character_not_allowed', 'missing_placeholder', 'unexpected_seventh_character']);
    });

    test('wrong argument types throw TypeError with fields', () => {
      const bad = [undefined, null, 42, 4.2, NaN, true, {}, [], ['E11.9'], Symbol('x'), 10n, () => 'E11.9', new String('E11.9')];
      for (const value of bad) {
        for (const call of [() => cm.validate(value, DOS), () => cm.lookup(value), () => cm.verdict(value),
          () => cm.isValid(value, DOS), () => cm.reason(value, DOS), () => cm.normalize(value)]) {
          assert.throws(call, (e) => {
            assert.ok(e instanceof TypeError, String(e));
            assert.equal(e.name, 'TypeError');
            assert.equal(e.code, 'ERR_INVALID_ARG_TYPE');
            assert.equal(e.argument, 'code');
            assert.equal(e.expected, 'a string');
            assert.match(e.message, /^code must be a string, got /);
            return true;
          });
        }
      }
      assert.throws(() => cm.validate('E11.9', 20250301), { name: 'TypeError', argument: 'date', received: 'number' });
      assert.throws(() => cm.validate('E11.9'), { name: 'TypeError', argument: 'date', received: 'undefined' });
      assert.throws(() => cm.validate('E11.9', {}), { name: 'TypeError', argument: 'date', received: 'object' });
      assert.throws(() => cm.chapter('4'), { name: 'TypeError', argument: 'number' });
      assert.throws(() => cm.block(4), { name: 'TypeError', argument: 'id' });
    });

    test('unreadable dates throw DateError', () => {
      const cases = [
        ['2025-02-30', 'invalid'], ['2025-13-01', 'invalid'], ['March 1, 2025', 'malformed'],
        ['', 'malformed'], ['2025-3-1', 'malformed'], ['２０２５-03-01', 'malformed'], ['x'.repeat(100000), 'malformed'],
      ];
      for (const [input, kind] of cases) {
        assert.throws(() => cm.validate('E11.9', input), (e) => {
          assert.ok(e instanceof Error);
          assert.equal(e.name, 'DateError');
          assert.equal(e.kind, kind);
          assert.equal(e.argument, 'date');
          assert.ok(e.message.startsWith('date: '), e.message.slice(0, 60));
          assert.ok(e.input.length <= 41, 'the input is echoed cut short');
          return true;
        }, input.slice(0, 20));
      }
      assert.throws(() => cm.validate('E11.9', new Date('nope')), { name: 'DateError', kind: 'invalid' });
      assert.throws(() => cm.validate('E11.9', new Date(Date.UTC(2300, 0, 1))), { name: 'DateError', kind: 'invalid' });
    });

    test('dates: ISO strings, compact strings and Date objects by UTC day', () => {
      assert.equal(cm.validate('E11.9', '20250301').date, DOS);
      assert.equal(cm.validate('E11.9', ' 2025-03-01 ').date, DOS);
      assert.equal(cm.validate('E11.9', new Date('2025-03-01')).date, DOS);
      assert.equal(cm.validate('E11.9', new Date(Date.UTC(2025, 2, 1, 23, 59))).date, DOS);
    });

    test('odd and hostile code strings are verdicts, not exceptions', () => {
      const huge = 'E' + '1'.repeat(1 << 20);
      const v = cm.validate(huge, DOS);
      assert.equal(v.reason, 'too_long');
      assert.ok(v.input.length <= 41 && v.message.length < 200);
      assert.equal(cm.validate(' '.repeat(100000) + 'E11.9', DOS).reason, 'valid');
      for (const [input, reason, found] of [
        ['É11.9', 'malformed', 'É'], ['E11é', 'malformed', 'é'], ['😀', 'malformed', '😀'],
        ['\uD800E11', 'malformed', '\uFFFD'], ['E11\u0000', 'malformed', '\u0000'],
        ['Ｅ11.9', 'malformed', 'Ｅ'], ['E11.9\u00A0', 'malformed', '\u00A0'],
      ]) {
        const r = cm.validate(input, DOS);
        assert.equal(r.reason, reason, JSON.stringify(input));
        assert.equal(r.found, found, JSON.stringify(input));
        assert.equal(r.code, null);
      }
      assert.equal(cm.lookup('😀'), undefined);
      assert.equal(cm.lookup(huge), undefined);
      assert.equal(cm.normalize('E11é'), undefined);
      assert.deepEqual(cm.normalize(' e11.9 '), { code: 'E11.9', undotted: 'E119' });
    });

    test('batches: arrays in, arrays out', () => {
      const codes = ['E11.9', 'E11', '', null, undefined, 'nope', 'U07.1', 'S52.521A'];
      const many = cm.validateMany(codes, DOS);
      assert.equal(many.length, codes.length);
      codes.forEach((c, i) => assert.deepEqual(many[i], cm.validate(c ?? '', DOS)));
      const kinds = m.reasonKinds();
      const nums = cm.reasons(codes, DOS);
      assert.ok(nums instanceof Uint8Array);
      assert.deepEqual([...nums].map((n) => kinds[n]), many.map((v) => v.reason));
      assert.deepEqual(cm.areValid(codes, DOS), many.map((v) => v.valid));
      assert.deepEqual([...cm.reasonsOfLines(codes.map((c) => c ?? '').join('\r\n'), DOS)], [...nums]);
      assert.deepEqual([...cm.reasonsOfLines('', DOS)], []);
      assert.deepEqual([...cm.reasonsOfLines('E11.9\n', DOS)], [0]);
      assert.deepEqual(cm.validateMany([], DOS), []);
      assert.deepEqual(cm.areValid([], []), []);
      assert.throws(() => cm.validateMany(['E11.9', 5], DOS), { name: 'TypeError', argument: 'codes[1]' });
      assert.throws(() => cm.reasons('E11.9', DOS), { name: 'TypeError', argument: 'codes', received: 'string' });
      assert.throws(() => cm.validateMany(undefined, DOS), { name: 'TypeError', argument: 'codes' });
      assert.throws(() => cm.validateMany(['E11.9'], 'soon'), { name: 'DateError' });
    });

    test('hierarchy: parent, ancestors, children, block, chapter', () => {
      const c = cm.lookup('e1165');
      assert.equal(c.code, 'E11.65');
      assert.equal(c.undotted, 'E1165');
      assert.equal(String(c), 'E11.65');
      assert.equal(c.kind, 'code');
      assert.equal(c.billable, true);
      assert.equal(c.parent.code, 'E11.6');
      assert.deepEqual(c.ancestors().map(String), ['E11.6', 'E11']);
      assert.equal(c.parent.kind, 'subcategory');
      assert.equal(c.parent.parent.kind, 'category');
      assert.equal(c.parent.parent.parent, undefined);
      assert.ok(c.parent.children().some((x) => x.equals(c)));
      const e11 = cm.lookup('E11');
      assert.ok(e11.descendants().length > e11.children().length);
      assert.deepEqual(c.block.toJSON(), { id: 'E08-E13', title: 'Diabetes mellitus', chapter: 4 });
      assert.equal(c.chapter.number, 4);
      assert.deepEqual([c.chapter.first, c.chapter.last], ['E00', 'E89']);
      assert.equal(cm.chapters().length, 22);
      assert.equal(cm.chapter(4).title, c.chapter.title);
      assert.equal(cm.chapter(99), undefined);
      assert.equal(cm.chapter(4.5), undefined);
      assert.ok(cm.chapter(4).blocks().some((b) => b.id === 'E08-E13'));
      assert.ok(cm.block(' e08-e13 ').categories().some((x) => x.code === 'E11'));
      assert.equal(cm.block('nope'), undefined);
      assert.deepEqual(c.validity, [{ start: '2015-10-01', end: null }]);
      assert.equal(c.isValidOn(DOS), true);
      assert.equal(e11.isValidOn(DOS), false);
      assert.equal(e11.isPresentOn(DOS), true);
      assert.equal(c.kindOn(DOS), 'code');
      const spans = c.validitySpans;
      assert.ok(spans.length >= 1 && spans.every((s) => s.billable && Array.isArray(s.mceFlags)));
      assert.deepEqual(c.mceFlagsOn(DOS), spans.find((s) => s.start <= DOS && (s.end === null || DOS <= s.end)).mceFlags);
      assert.equal(e11.mceFlagsOn(DOS), undefined);
      assert.equal(cm.lookup('E11.99'), undefined);
      assert.ok(cm.codes().length > 90000);
      const billable = cm.codesValidOn(DOS);
      assert.ok(billable.length > 70000 && billable.every((x, i) => i < 50 ? x.isValidOn(DOS) : true));
      assert.deepEqual(cm.codesStartingWith('e11.6', 3).map(String), ['E11.6', 'E11.61', 'E11.610']);
      assert.equal(cm.codesStartingWith('E').length, 50, 'the default limit');
      assert.deepEqual(cm.codesStartingWith('1E'), []);
      assert.throws(() => cm.codesStartingWith('E', 'ten'), { name: 'TypeError', argument: 'limit' });
    });

    test('releases, coverage, data sources', () => {
      const releases = cm.releases();
      assert.deepEqual(releases[0], { effective: '2015-10-01', fiscalYear: 2016, name: 'FY2016' });
      assert.deepEqual(cm.releaseOn(DOS), { effective: '2024-10-01', fiscalYear: 2025, name: 'FY2025' });
      assert.equal(cm.releaseOn('2000-01-01'), undefined);
      assert.deepEqual(cm.coverage, { first: '2015-10-01', last: cm.coverage.last });
      const sources = m.dataSources();
      assert.ok(sources.length > 0 && sources.every((s) => /^[0-9a-f]{64}$/.test(s.sha256)));
    });

    test('titles', () => {
      const c = cm.lookup('E11.9');
      const json = JSON.parse(JSON.stringify(c));
      if (titles) {
        assert.equal(c.title, 'Type 2 diabetes mellitus without complications');
        assert.equal(c.titleOn(DOS), c.title);
        assert.equal(typeof c.shortTitleOn('2021-06-01'), 'string');
        assert.equal(typeof c.shortTitle, 'string');
        assert.ok(c.shortTitle.length <= c.title.length);
        const d = c.titleDetailsOn(DOS);
        assert.equal(d.text, c.title);
        assert.deepEqual(Object.keys(d.source), ['name', 'effective', 'origin']);
        assert.ok(cm.titleSources.length >= 1);
        assert.equal(json.title, c.title);
      } else {
        assert.equal(c.title, undefined);
        assert.equal(c.titleOn(DOS), undefined);
        assert.equal(c.titleDetailsOn(DOS), undefined);
        assert.equal(c.shortTitle, undefined);
        assert.deepEqual(cm.titleSources, []);
        assert.equal(json.title, null);
      }
      assert.deepEqual(Object.keys(json), ['code', 'undotted', 'kind', 'billable', 'title']);
    });

    test('search by code prefix and title words', () => {
      const hits = cm.search('e11.6');
      assert.equal(hits[0].code, 'E11.6');
      assert.ok(hits.length <= 50 && hits.every((h) => h.undotted.startsWith('E116')));
      assert.equal(cm.search('E', { limit: 3 }).length, 3);
      assert.deepEqual(cm.search('E11', { limit: 0 }), []);
      assert.equal(cm.search('U07', { date: '2019-01-01' }).length, 0);
      assert.ok(cm.search('U07', { date: '2021-01-01' }).some((h) => h.code === 'U07.1'));
      const words = cm.search('type 2 diabetes without complications', { limit: 200 }).map(String);
      if (titles) assert.ok(words.includes('E11.9'), words.join());
      else assert.deepEqual(words, []);
      assert.deepEqual(cm.search(''), []);
      assert.deepEqual(cm.search('x'.repeat(100000)), []);
      assert.throws(() => cm.search(undefined), { name: 'TypeError', argument: 'query' });
      assert.throws(() => cm.search('E11', { limit: -1 }), { name: 'TypeError', argument: 'options.limit' });
      assert.throws(() => cm.search('E11', { limit: 'ten' }), { name: 'TypeError', argument: 'options.limit' });
      assert.throws(() => cm.search('E11', 5), { name: 'TypeError', argument: 'options' });
      assert.throws(() => cm.search('E11', { date: 'soon' }), { name: 'DateError' });
    });

    test('handles can be freed explicitly', () => {
      const c = cm.lookup('E11.9');
      c.free();
      assert.throws(() => c.code);
      const other = new m.Icd10Cm();
      other.free();
    });
  });
}

// One name per concept (docs/NAMES.md): the names every code system's classes share, on
// each class of the build, and none of the names they replaced.
const SET_MEMBERS = ['lookup', 'verdict', 'validate', 'isValid', 'reason', 'reasons', 'areValid', 'validateMany',
  'reasonsOfLines', 'normalize', 'codes', 'codesValidOn', 'codesStartingWith', 'coverage', 'releases', 'releaseOn',
  'titleSources'];
const CODE_MEMBERS = ['code', 'undotted', 'isValidOn', 'isPresentOn', 'title', 'shortTitle', 'titleOn', 'shortTitleOn',
  'titleDetailsOn', 'validity', 'validitySpans', 'mceFlagsOn', 'parent', 'ancestors', 'children', 'descendants', 'equals',
  'toString', 'toJSON'];
const REPLACED = ['check', 'reasonCodes', 'reasonCodesOfLines', 'billableCodesOn', 'isBillableOn', 'startingWith'];

for (const { name, m } of variants) {
  describe(`${name} build: names`, () => {
    const classes = [[m.Icd10Cm, m.Icd10CmCode], [m.Icd10Pcs, m.Icd10PcsCode], [m.Hcpcs, m.HcpcsCode]].filter(([set]) => set);

    test('every code system has the shared names, none of the old ones', () => {
      assert.equal(classes.length, m.buildInfo().systems.length);
      for (const [Set, Code] of classes) {
        const has = (C, n) => n in C.prototype;
        for (const n of SET_MEMBERS) assert.ok(has(Set, n), `${Set.name}.${n}`);
        for (const n of CODE_MEMBERS) assert.ok(has(Code, n), `${Code.name}.${n}`);
        for (const n of REPLACED) assert.ok(!has(Set, n) && !has(Code, n), `${n} is gone`);
      }
      const cm = new m.Icd10Cm();
      for (const n of ['allNotes', 'notesSource', 'checkEncounter', 'chapters', 'chapter', 'block', 'search']) assert.ok(n in cm, n);
    });

    test('allNotes: every note of the tabular list', () => {
      const all = new m.Icd10Cm().allNotes();
      if (!m.buildInfo().notes) return assert.deepEqual(all, []);
      assert.ok(all.length > 1000, String(all.length));
      assert.deepEqual([...new Set(all.map((n) => n.level))], ['chapter', 'block', 'code']);
    });

    test('detect: the systems a string is a code of', () => {
      assert.deepEqual(m.detect('E11.9'), ['icd10cm']);
      assert.deepEqual(m.detect('not a code'), []);
      if (m.Icd10Pcs) {
        assert.deepEqual(m.detect('0DTJ4ZZ'), ['icd10pcs']);
        assert.ok(['B20', 'D70', 'F00'].some((c) => m.detect(c).length === 2), 'a category that is also a table');
      }
      if (m.Hcpcs) {
        assert.deepEqual(m.detect('a0021'), ['hcpcs']);
        assert.deepEqual(m.detect('J1100'), ['icd10cm', 'hcpcs'], 'J11.00 undotted, and an HCPCS code');
      }
      // Shaped like CPT, which has no built-in list: every build says so.
      assert.deepEqual(m.detect('99213'), ['cpt']);
      assert.deepEqual(m.detect('0042t'), ['cpt']);
      assert.throws(() => m.detect(5), { name: 'TypeError', argument: 'code' });
    });

    test('enumerations: core\'s lists', () => {
      const e = m.enumerations();
      assert.deepEqual(Object.keys(e), ['reasonKinds', 'codeSystems', 'claimEdits', 'findingKinds', 'severities', 'noteKinds',
        'lineFindingKinds', 'cptCategories', 'cptSections', 'releaseErrorKinds']);
      assert.deepEqual(e.reasonKinds, m.reasonKinds());
      assert.deepEqual(e.codeSystems, m.buildInfo().systems);
      assert.deepEqual(e.severities, ['info', 'warning', 'error']);
      assert.equal(e.claimEdits.length > 0, m.buildInfo().claims);
      assert.equal(e.lineFindingKinds.length > 0, m.buildInfo().systems.includes('hcpcs'));
      assert.equal(e.cptCategories.length > 0, m.buildInfo().cpt);
      assert.equal(e.cptSections.length > 0, m.buildInfo().cpt);
    });
  });
}
