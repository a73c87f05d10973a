// A CMS release loaded over the built-in tables (`Icd10Cm.withRelease`,
// `Icd10Pcs.withRelease`, issue 19): a next-year order file made here from the built-in
// tables (three new codes, one retitled, one deleted) changes exactly those codes from its
// effective date and nothing before; malformed files of each kind throw a `ReleaseError`
// naming the file, line and field; a zip or a tabular list (XML) is refused as unsupported
// (this module reads neither).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { variants } from './load.mjs';

const [{ m: full }, { m: lite }] = variants;

/** One line of CMS's order-file layout (as `medcodes::release::format_line`). */
function line(order, code, billable, short, long) {
  return `${String(order).padStart(5, '0')} ${code.padEnd(7)} ${billable ? 1 : 0} ${short.slice(0, 60).padEnd(60)} ${long}`;
}

const bytes = (text) => new TextEncoder().encode(text);

/** A small consistent FY2028 file: E11 with E11.9 (retitled) and a new E11.W. */
const SMALL = [
  line(1, 'E11', false, 'Type 2 diabetes mellitus', 'Type 2 diabetes mellitus'),
  line(2, 'E119', true, 'Type 2 diabetes w/o compl', 'Type 2 diabetes mellitus without complications, retitled'),
  line(3, 'E11W', true, 'Type 2 diabetes, new', 'Type 2 diabetes mellitus, new code'),
].join('\n');

const FY28 = '2027-10-01';
const LAST_BUILT_IN = '2027-03-31';
const NEW_CODES = ['E11W', 'E11Y', 'Z3AZ'];
const RETITLED = 'E119';
const DELETED = 'E1165';
const RETITLE = 'Type 2 diabetes mellitus without complications, retitled';

/** FY2028 as a whole order file: the built-in codes in force on the last built-in date
 * (their titles, or a stand-in), with the new codes, the retitled and the deleted one. */
function fy2028File(m) {
  const rows = [];
  for (const c of new m.Icd10Cm().codes()) {
    if (!c.isPresentOn(LAST_BUILT_IN)) continue;
    const code = c.undotted;
    if (code === DELETED) continue;
    const title = code === RETITLED ? RETITLE : (c.titleOn(LAST_BUILT_IN) ?? `Title of ${c.code}`);
    rows.push([code, c.isValidOn(LAST_BUILT_IN), title]);
  }
  for (const code of NEW_CODES) rows.push([code, true, `New code ${code}`]);
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { rows: rows.length, text: rows.map(([c, b, t], i) => line(i + 1, c, b, t, t)).join('\r\n') + '\r\n' };
}

describe('a next-year ICD-10-CM order file', () => {
  const m = full;
  const cm = new m.Icd10Cm();
  const file = fy2028File(m);
  const w = m.Icd10Cm.withRelease('icd10cm_order_2028.txt', bytes(file.text));

  test('is loaded as an update from its effective date', () => {
    assert.ok(w instanceof m.Icd10CmWithRelease);
    assert.deepEqual(w.info, {
      system: 'icd10cm', file: 'icd10cm_order_2028.txt', name: 'FY2028 order file (icd10cm_order_2028.txt)',
      fiscalYear: 2028, effective: FY28, role: 'update', codes: file.rows,
      billable: w.info.billable, addenda: null, tabular: null,
    });
    assert.equal(w.info.billable, cm.codesValidOn(LAST_BUILT_IN).length + NEW_CODES.length - 1);
    assert.deepEqual(w.coverage, { first: cm.coverage.first, last: '2028-09-30' });
    assert.ok(w.isCurrentOn('2028-09-30') && !w.isCurrentOn('2028-10-01'));
    assert.match(String(w), /^FY2028 order file \(icd10cm_order_2028\.txt\): \d+ codes/);
  });

  test('differences() lists exactly what changes', () => {
    const d = w.differences();
    assert.deepEqual(Object.keys(d), ['comparedOn', 'added', 'deleted', 'nowBillable', 'nowHeaders', 'retitled', 'newlyTitled']);
    assert.equal(d.comparedOn, LAST_BUILT_IN);
    assert.deepEqual(d.added, ['E11.W', 'E11.Y', 'Z3A.Z']);
    assert.deepEqual(d.deleted, ['E11.65']);
    assert.deepEqual([d.nowBillable, d.nowHeaders], [[], []]);
    assert.deepEqual(d.retitled, [{
      code: 'E11.9', builtIn: cm.lookup('E11.9').titleOn(LAST_BUILT_IN), release: RETITLE,
    }]);
    // The codes the built-in sources have no title for get the stand-in's, listed apart.
    for (const c of d.newlyTitled) assert.equal(cm.lookup(c).titleOn(LAST_BUILT_IN), undefined, c);
  });

  test('from the effective date: the new codes valid, E11.65 gone, E11.9 retitled', () => {
    for (const code of NEW_CODES) {
      assert.equal(w.reason(code, FY28), 'valid', code);
      assert.equal(w.reason(code, '2027-09-30'), cm.reason(code, '2027-09-30'), code);
      assert.equal(w.reason(code, LAST_BUILT_IN), 'unknown', code);
      const found = w.lookup(code);
      assert.equal(found.title, `New code ${code}`);
      assert.ok(found.inRelease && !found.inBuiltIn && found.titleFromRelease);
      assert.equal(found.titleSource, 'FY2028 order file (icd10cm_order_2028.txt)');
    }
    assert.deepEqual(w.validate('e11w', FY28), { valid: true, reason: 'valid', code: 'E11.W', date: FY28 });
    const gone = w.validate('E11.65', FY28);
    assert.equal(gone.reason, 'not_valid_on_date');
    assert.equal(gone.validity.at(-1).end, '2027-09-30');
    assert.equal(w.isValid('E11.65', LAST_BUILT_IN), true);
    assert.equal(w.titleOn('E11.9', FY28), RETITLE);
    assert.deepEqual(w.titleDetailsOn('E11.9', FY28), {
      text: RETITLE, source: 'FY2028 order file (icd10cm_order_2028.txt)', effective: FY28, fromRelease: true,
    });
    const header = w.validate('E11', FY28);
    assert.equal(header.reason, 'not_billable');
    assert.ok(header.examples[0].startsWith('E11.'));
    assert.equal(w.reason('Q99.99', FY28), 'unknown');
    assert.equal(w.verdict('E11.W').valid, true);
    assert.equal(w.verdict('E11.Q').reason, 'unknown');
    assert.equal(w.lookup('E11.Q'), undefined);
    assert.equal(w.reason('E11..9', FY28), cm.reason('E11..9', '2026-01-01'));
    assert.equal(w.validate('E1.19', FY28).reason, 'malformed');
  });

  test('the batch calls answer as the one-code calls, one date or a date a code', () => {
    const codes = ['E11.W', 'E11.65', 'E11.9', 'E11', null, 'Z3A.Z', 'bad!'];
    const one = codes.map((c) => w.reason(c ?? '', FY28));
    assert.deepEqual([...w.reasons(codes, FY28)].map((i) => m.reasonKinds()[i]), one);
    assert.deepEqual(w.areValid(codes, FY28), one.map((r) => r === 'valid'));
    assert.deepEqual(w.validateMany(codes, FY28), codes.map((c) => w.validate(c ?? '', FY28)));
    const dates = [FY28, '2027-09-30', null, FY28, FY28, LAST_BUILT_IN, FY28];
    const perRow = codes.map((c, i) => (dates[i] ? w.reason(c ?? '', dates[i]) : null));
    assert.deepEqual(w.reasons(codes, dates).map((i) => (i === null ? null : m.reasonKinds()[i])), perRow);
    assert.deepEqual(w.areValid(codes, dates), perRow.map((r) => (r === null ? null : r === 'valid')));
    assert.deepEqual(w.validateMany(codes, dates), codes.map((c, i) => (dates[i] ? w.validate(c ?? '', dates[i]) : null)));
    assert.throws(() => w.reasons(codes, [FY28]), (e) => e instanceof RangeError && e.argument === 'dates');
    assert.throws(() => w.isValid(5, FY28), (e) => e instanceof TypeError && e.argument === 'code');
    assert.throws(() => w.isValid('E11.9', 'soon'), (e) => e instanceof m.DateError);
  });

  test('every earlier date answers as the built-in tables', () => {
    const all = cm.codes().map((c) => c.code);
    const codes = all.filter((_, i) => i % 3 === 0).concat(['E11.9', 'E11.65']);
    for (const date of ['2015-10-01', '2024-10-01', '2026-10-01', LAST_BUILT_IN, '2027-09-30']) {
      assert.deepEqual(w.reasons(codes, date), cm.reasons(codes, date), date);
      // Titles within the built-in dates (the JS code handle has none outside them).
      if (date > LAST_BUILT_IN) continue;
      for (const code of codes.filter((_, i) => i % 10 === 0).concat(['E11.9'])) {
        assert.equal(w.titleOn(code, date), cm.lookup(code).titleOn(date), `${code} ${date}`);
      }
    }
  });

  test('from the effective date exactly the listed codes change', () => {
    const before = new Set(cm.codesValidOn(LAST_BUILT_IN).map((c) => c.code));
    const after = new Set(w.codesValidOn(FY28));
    assert.deepEqual([...after].filter((c) => !before.has(c)), ['E11.W', 'E11.Y', 'Z3A.Z']);
    assert.deepEqual([...before].filter((c) => !after.has(c)), ['E11.65']);
  });
});

describe('ReleaseError', () => {
  const m = full;
  const cases = [
    // [what, name, bytes, kind, line, field]
    ['a truncated line', 'icd10cm_order_2028.txt', bytes(SMALL).slice(0, 120), 'line_too_short', 2, undefined],
    ['a bad flag', 'icd10cm_order_2028.txt', bytes(SMALL.replace('00002 E119    1', '00002 E119    7')), 'field', 2, 'header/billable flag'],
    ['a flag against the hierarchy', 'icd10cm_order_2028.txt', bytes(SMALL.replace('00001 E11     0', '00001 E11     1')), 'hierarchy', 1, 'header/billable flag'],
    ['order numbers that fall', 'icd10cm_order_2028.txt', bytes(SMALL.replace('00003', '00001')), 'order_number', 3, 'order number'],
    ['a code twice', 'icd10cm_order_2028.txt', bytes(`${SMALL}\n${line(4, 'E119', true, 'again', 'again')}`), 'duplicate_code', 4, 'code'],
    ['a fiscal year that skips one', 'icd10cm_order_2029.txt', bytes(SMALL), 'fiscal_year', undefined, undefined],
    ['an ICD-10-PCS file', 'icd10pcs_order_2028.txt', bytes(SMALL), 'wrong_system', undefined, undefined],
    ['a name without the release', 'codes.txt', bytes(SMALL), 'file_name', undefined, undefined],
    ['an empty file', 'icd10cm_order_2028.txt', new Uint8Array(), 'empty', undefined, undefined],
    ['binary bytes', 'icd10cm_order_2028.txt', new Uint8Array(120).map((_, i) => i % 2), 'encoding', 1, undefined],
  ];
  for (const [what, name, data, kind, lineNo, field] of cases) {
    test(`${what}: kind ${kind}`, () => {
      assert.throws(() => m.Icd10Cm.withRelease(name, data), (e) => {
        assert.ok(e instanceof m.ReleaseError && e instanceof Error, String(e));
        assert.equal(e.name, 'ReleaseError');
        assert.equal(e.kind, kind, e.message);
        assert.equal(e.file, name);
        assert.equal(e.line, lineNo);
        assert.equal(e.field, field);
        assert.ok(e.message.startsWith(name), e.message);
        return true;
      });
    });
  }

  test('the fields of each kind', () => {
    const thrown = (fn) => { try { fn(); } catch (e) { return e; } throw new Error('did not throw'); };
    const short = thrown(() => m.Icd10Cm.withRelease('icd10cm_order_2028.txt', bytes(SMALL).slice(0, 120)));
    assert.equal(short.value, `${120 - 1 - line(1, 'E11', false, 'Type 2 diabetes mellitus', 'Type 2 diabetes mellitus').length} characters`);
    assert.equal(short.expected, 'at least 78 characters');
    const flag = thrown(() => m.Icd10Cm.withRelease('icd10cm_order_2028.txt', bytes(SMALL.replace('00002 E119    1', '00002 E119    7'))));
    assert.equal(flag.value, '7');
    const skip = thrown(() => m.Icd10Cm.withRelease('icd10cm_order_2029.txt', bytes(SMALL)));
    assert.equal(skip.fiscalYear, 2029);
    assert.equal(skip.effective, '2028-10-01');
    assert.match(skip.detail, /load FY2028 first/);
    const twice = thrown(() => m.Icd10Cm.withRelease('icd10cm_order_2028.txt', bytes(`${SMALL}\n${line(4, 'E119', true, 'again', 'again')}`)));
    assert.equal(twice.code, 'E119', 'as the file writes it');
    // The effective date given against the one the name says.
    const other = thrown(() => m.Icd10Cm.withRelease('icd10cm_order_2028.txt', bytes(SMALL), '2028-10-01'));
    assert.equal(other.kind, 'fiscal_year');
    // No order file among the files given (one file alone is read as the order file).
    const none = thrown(() => m.Icd10Cm.withRelease([{ name: 'README.txt', bytes: bytes('hello') },
      { name: 'icd10cm_codes_2028.txt', bytes: bytes('E119 not read') }]));
    assert.equal(none.kind, 'no_order_file');
    assert.match(none.expected, /icd10cm_order_YYYY\.txt/);
    // Made by hand, the class is still the class.
    const made = new m.ReleaseError('x', { kind: 'empty' });
    assert.ok(made instanceof m.ReleaseError && made.kind === 'empty' && made.name === 'ReleaseError');
    assert.ok(!(new m.DateError('x') instanceof m.ReleaseError));
  });

  test('a zip, or a tabular list with its order file, is unsupported in this module', () => {
    // The local file header of a zip: what CMS publishes, which this module does not open.
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]);
    for (const call of [
      () => m.Icd10Cm.withRelease('2028-code-descriptions-tabular-order.zip', zip),
      () => m.Icd10Cm.withRelease([{ name: '2028-code-descriptions-tabular-order.zip', bytes: zip }]),
      () => m.Icd10Pcs.withRelease('2028-ICD-10-PCS-Order-File.zip', zip.buffer),
    ]) {
      assert.throws(call, (e) => e instanceof m.ReleaseError && e.kind === 'unsupported' && /\.zip$/.test(e.file) &&
        /reads no zips/.test(e.detail));
    }
    const xml = bytes('<?xml version="1.0"?><ICD10CM.tabular><version>2028</version></ICD10CM.tabular>');
    assert.throws(
      () => m.Icd10Cm.withRelease([{ name: 'icd10cm_order_2028.txt', bytes: bytes(SMALL) }, { name: 'icd10cm_tabular_2028.xml', bytes: xml }]),
      (e) => e instanceof m.ReleaseError && e.kind === 'unsupported' && e.file === 'icd10cm_tabular_2028.xml' && /no XML/.test(e.detail));
    // A tabular list alone is read as the order file the core takes one file for: its name
    // says no order file's release.
    assert.throws(() => m.Icd10Cm.withRelease('icd10cm_tabular_2028.xml', xml),
      (e) => e instanceof m.ReleaseError && e.kind === 'file_name');
  });

  test('arguments of the wrong type are TypeErrors naming them', () => {
    const typeError = (argument) => (e) => e instanceof TypeError && e.argument === argument;
    assert.throws(() => m.Icd10Cm.withRelease(5, bytes(SMALL)), typeError('name'));
    assert.throws(() => m.Icd10Cm.withRelease('icd10cm_order_2028.txt', SMALL), (e) =>
      typeError('bytes')(e) && /TextEncoder/.test(e.message));
    assert.throws(() => m.Icd10Cm.withRelease(['icd10cm_order_2028.txt']), typeError('files[0]'));
    assert.throws(() => m.Icd10Cm.withRelease([{ name: 'icd10cm_order_2028.txt', bytes: 'x' }]), typeError('files[0].bytes'));
    assert.throws(() => m.Icd10Cm.withRelease([{ bytes: bytes(SMALL) }]), typeError('files[0].name'));
    assert.throws(() => m.Icd10Cm.withRelease([], FY28, 'extra'), typeError('effective'));
    assert.throws(() => m.Icd10Cm.withRelease('codes.txt', bytes(SMALL), '2027-13-01'), (e) =>
      e instanceof m.DateError && e.argument === 'effective');
  });
});

// One name per concept (docs/NAMES.md): a code set with a release has the code set's names
// for what it answers (api.test.mjs checks the code sets themselves).
test('the classes with a release have the shared names', () => {
  const shared = ['lookup', 'verdict', 'validate', 'isValid', 'reason', 'reasons', 'areValid', 'validateMany',
    'codesValidOn', 'coverage'];
  const replaced = ['check', 'reasonCodes', 'billableCodesOn', 'isBillableOn', 'startingWith'];
  for (const { m } of variants) {
    for (const C of [m.Icd10CmWithRelease, m.Icd10PcsWithRelease].filter(Boolean)) {
      for (const n of shared.concat(['titleOn', 'shortTitleOn', 'titleDetailsOn', 'differences', 'info', 'isCurrentOn'])) {
        assert.ok(n in C.prototype, `${C.name}.${n}`);
      }
      for (const n of replaced) assert.ok(!(n in C.prototype), `${n} is gone`);
    }
    assert.equal(typeof m.Icd10Cm.withRelease, m.buildInfo().release ? 'function' : 'undefined');
    assert.equal(typeof m.ReleaseError, 'function');
  }
});

describe('other forms and systems', () => {
  test('the effective date given for a name that says none; files with their addenda', () => {
    const m = full;
    const named = m.Icd10Cm.withRelease('codes.txt', bytes(SMALL), FY28);
    assert.equal(named.info.fiscalYear, 2028);
    assert.ok(named.isValid('E11.W', FY28) && !named.isValid('E11.W', '2027-09-30'));
    const addenda = `Add:      ${line(3, 'E11W', true, 'Type 2 diabetes, new', 'Type 2 diabetes mellitus, new code')}\n`;
    const files = [
      { name: 'icd10cm_order_2028.txt', bytes: bytes(SMALL) },
      { name: 'icd10cm_order_addenda_2028.txt', bytes: bytes(addenda).buffer },
    ];
    const both = m.Icd10Cm.withRelease(files);
    assert.deepEqual(both.info.addenda, { added: 1, deleted: 0, revised: 0 });
    assert.equal(both.info.file, 'icd10cm_order_2028.txt');
    assert.ok(both.isValid('E11.W', FY28));
    // Addenda that do not agree with the order file: nothing is loaded.
    const wrong = `Add:      ${line(3, 'E11X', true, 'Type 2 diabetes, new', 'Type 2 diabetes mellitus, new code')}\n`;
    assert.throws(() => m.Icd10Cm.withRelease([files[0], { name: 'icd10cm_order_addenda_2028.txt', bytes: bytes(wrong) }]),
      (e) => e instanceof m.ReleaseError && e.kind === 'disagree' && e.file === 'icd10cm_order_addenda_2028.txt' &&
        e.line === 1 && e.path === 'icd10cm_order_2028.txt');
  });

  test('a release of a year the built-in tables cover gives titles only', () => {
    const m = full;
    const cm = new m.Icd10Cm();
    const fy26 = m.Icd10Cm.withRelease('icd10cm_order_2026.txt', bytes(SMALL));
    assert.equal(fy26.info.role, 'titles');
    assert.equal(fy26.info.effective, '2025-10-01');
    assert.equal(fy26.titleOn('E11.9', '2026-01-01'), RETITLE);
    assert.equal(fy26.titleOn('E11.9', '2026-10-01'), cm.lookup('E11.9').titleOn('2026-10-01'));
    // Validity stays built in: E11.W is not a code, E11.65 still is.
    assert.equal(fy26.reason('E11.W', '2026-01-01'), cm.reason('E11.W', '2026-01-01'));
    assert.ok(fy26.isValid('E11.65', '2026-01-01'));
    assert.deepEqual(fy26.differences().added, ['E11.W']);
  });

  test('ICD-10-PCS: a next-year order file over the built-in tables', () => {
    const m = full;
    const pcs = new m.Icd10Pcs();
    const old = '0016070';
    const title = 'Bypass Cerebral Ventricle to Nasopharynx with Autologous Tissue Substitute, Open Approach';
    const text = [line(1, old, true, 'Bypass Cereb Vent to Nasophar w Autol Sub, Open', title),
      line(2, '0016Z7Z', true, 'New', 'A new code')].join('\n');
    const w = m.Icd10Pcs.withRelease('icd10pcs_order_2028.txt', bytes(text));
    assert.ok(w instanceof m.Icd10PcsWithRelease);
    assert.equal(w.info.system, 'icd10pcs');
    assert.equal(w.info.role, 'update');
    assert.equal(pcs.lookup('0016Z7Z'), undefined);
    const before = pcs.coverage.last;
    assert.equal(before, LAST_BUILT_IN);
    assert.ok(w.isValid('0016Z7Z', FY28) && !w.isValid('0016Z7Z', before));
    assert.equal(w.titleOn('0016Z7Z', FY28), 'A new code');
    // A code the file lacks is deleted from its date, valid before as built in.
    assert.ok(pcs.isValid('0016071', before));
    assert.equal(w.reason('0016071', before), 'valid');
    assert.equal(w.reason('0016071', FY28), 'not_valid_on_date');
    assert.deepEqual(w.differences().added, ['0016Z7Z']);
    assert.throws(() => m.Icd10Pcs.withRelease('icd10cm_order_2028.txt', bytes(SMALL)),
      (e) => e instanceof m.ReleaseError && e.kind === 'wrong_system');
  });

  test('the lite build has no withRelease (feature release); the full build frees a release', () => {
    assert.equal(lite.buildInfo().release, false);
    assert.equal(full.buildInfo().release, true);
    assert.equal(lite.Icd10Cm.withRelease, undefined);
    assert.equal(lite.Icd10CmWithRelease, undefined);
    const w = full.Icd10Cm.withRelease('icd10cm_order_2028.txt', bytes(SMALL));
    assert.equal(w.titleOn('E11.W', FY28), 'Type 2 diabetes mellitus, new code');
    w.free();
    assert.throws(() => w.info, (e) => e instanceof TypeError && /Icd10CmWithRelease\.info: this Icd10CmWithRelease was freed/.test(e.message));
  });
});
