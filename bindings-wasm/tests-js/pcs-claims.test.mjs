// ICD-10-PCS (`Icd10Pcs`, feature `icd10pcs`) and the Medicare Code Editor (`checkClaim`,
// feature `claims`): in the full build, absent from the lite one.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { variants } from './load.mjs';

const DOS = '2025-03-01';
const [{ m: full }, { m: lite }] = variants;

test('the lite build has neither ICD-10-PCS nor claim edits', () => {
  assert.equal(lite.Icd10Pcs, undefined);
  assert.equal(lite.checkClaim, undefined);
  assert.deepEqual(lite.buildInfo().systems, ['icd10cm']);
  assert.equal(lite.buildInfo().claims, false);
  assert.deepEqual(full.buildInfo().systems, ['icd10cm', 'icd10pcs', 'hcpcs']);
  assert.equal(full.buildInfo().claims, true);
});

describe('Icd10Pcs', () => {
  const pcs = new full.Icd10Pcs();

  test('validate by date, with the reasons and their fields', () => {
    assert.deepEqual(pcs.validate('0dtj4zz', DOS), { valid: true, reason: 'valid', code: '0DTJ4ZZ', date: DOS });
    assert.equal(pcs.isValid('0DTJ4ZZ', new Date(DOS)), true);
    const inc = pcs.validate('0DT', DOS);
    assert.equal(inc.reason, 'incomplete');
    assert.equal(inc.code, '0DT');
    assert.equal(inc.system, 'ICD-10-PCS');
    assert.deepEqual([inc.length, inc.required], [3, 7]);
    assert.ok(inc.completions > 10 && inc.examples.length > 0 && inc.examples.every((c) => c.startsWith('0DT')));
    const bad = pcs.validate('0DTJ4IZ', DOS);
    assert.equal(bad.reason, 'malformed');
    assert.equal(bad.position, 6);
    assert.equal(bad.found, 'I');
    assert.equal(pcs.validate('0DTJ4ZZ', '2014-01-01').reason, 'date_out_of_range');
    assert.equal(pcs.reason('0DTJ4ZZZ', DOS), 'too_long');
    assert.deepEqual(pcs.validateMany(['0DTJ4ZZ', null], DOS).map((v) => v.reason), ['valid', 'empty']);
    assert.equal(pcs.normalize(' 0dtj4zz '), '0DTJ4ZZ');
    assert.equal(pcs.normalize('E11.9'), undefined);
    assert.deepEqual(pcs.verdict('0DT'), { valid: true, reason: 'valid', code: '0DT' });
    assert.deepEqual([...pcs.reasons(['0DTJ4ZZ', '0DT', null], DOS)].map((i) => full.reasonKinds()[i]), ['valid', 'incomplete', 'empty']);
    assert.deepEqual(pcs.areValid(['0DTJ4ZZ', '0DT'], DOS), [true, false]);
  });

  test('lookup with axes, section and hierarchy', () => {
    const c = pcs.lookup('0DTJ4ZZ');
    assert.equal(c.code, '0DTJ4ZZ');
    assert.equal(c.level, 'code');
    assert.equal(c.axes.length, 7);
    assert.deepEqual(Object.keys(c.axes[0]), ['position', 'value', 'axis', 'label', 'definition']);
    assert.deepEqual(c.axes[2], { ...c.axes[2], position: 3, value: 'T', axis: 'Root Operation', label: 'Resection' });
    assert.equal(typeof c.axes[2].definition, 'string');
    assert.equal(c.section.value, '0');
    assert.equal(c.section.axes.length, 7);
    assert.equal(typeof c.title, 'string');
    assert.equal(c.titleOn(DOS), c.title);
    assert.deepEqual(c.ancestors().map(String), ['0DTJ', '0DT', '0D', '0']);
    assert.deepEqual(c.ancestors().map((a) => a.level), ['body_part', 'table', 'body_system', 'section']);
    assert.ok(c.parent.equals(pcs.lookup('0DTJ')));
    assert.ok(pcs.lookup('0DT').children().some((k) => k.code === '0DTJ'));
    assert.ok(pcs.lookup('0DTJ').validCodesOn(DOS) >= 1);
    assert.ok(c.validity.length >= 1 && c.isValidOn(DOS) && c.isPresentOn(DOS));
    assert.ok(Array.isArray(c.validitySpans[0].mceFlags));
    assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(c))), ['code', 'level', 'title']);
    assert.equal(pcs.lookup('ZZZZZZZ'), undefined);
    assert.ok(pcs.sections().length >= 10);
    assert.deepEqual(pcs.codesStartingWith('0dtj', 3).map(String), ['0DTJ', '0DTJ0ZZ', '0DTJ4ZG']);
    assert.ok(pcs.codesValidOn(DOS).length > 70000);
    assert.ok(pcs.lookup('0DT').descendants().length > pcs.lookup('0DT').children().length);
    assert.equal(typeof c.shortTitle, 'string');
    assert.deepEqual(c.validity[0], { start: '2015-10-01', end: null });
    assert.deepEqual(pcs.releases()[0], { effective: '2015-10-01', fiscalYear: 2016, name: 'FY2016' });
    assert.equal(pcs.coverage.first, '2015-10-01');
  });

  test('wrong arguments throw', () => {
    assert.throws(() => pcs.validate(7, DOS), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', argument: 'code' });
    assert.throws(() => pcs.validate('0DTJ4ZZ', 'tomorrow'), { name: 'DateError', kind: 'malformed' });
  });
});

describe('checkClaim', () => {
  // A41.9 (sepsis) justifies an admission; E11.9 as principal is a questionable admission.
  const base = { date: DOS, age: 70, sex: 'F', principal: 'A41.9', dischargeStatus: 1 };

  test('a clean claim', () => {
    const r = full.checkClaim({ ...base, secondary: ['I10'], procedures: ['0DTJ4ZZ'] });
    assert.deepEqual(Object.keys(r), ['date', 'clean', 'findings', 'codingRules']);
    assert.equal(r.date, DOS);
    assert.deepEqual(r.findings, []);
    assert.equal(r.clean, true);
    assert.deepEqual(r.codingRules, []);
  });

  test('MCE edits as plain findings, camelCase', () => {
    // The core's own example: a maternity code at 70, and a duplicate of the principal.
    const r = full.checkClaim({ ...base, principal: 'O80', secondary: ['E11.9', { code: 'O80', poa: 'Y' }] });
    const age = r.findings.find((f) => f.edit === 'age_conflict');
    assert.deepEqual(Object.keys(age), ['edit', 'number', 'name', 'code', 'position', 'index', 'severity', 'message']);
    assert.equal(age.number, 4);
    assert.equal(age.name, 'Age conflict');
    assert.equal(age.code, 'O80');
    assert.equal(age.position, 'principal');
    assert.equal(age.index, null);
    assert.equal(age.severity, 'error');
    const dup = r.findings.find((f) => f.edit === 'duplicate_of_principal');
    assert.equal(dup.position, 'secondary');
    assert.equal(dup.index, 1);
    assert.equal(r.clean, false);
  });

  test('invalid values are findings, not exceptions', () => {
    const r = full.checkClaim({ ...base, dischargeDate: undefined, age: 130, sex: 'X', secondary: [{ code: 'I10', poa: 'Q' }],
      procedures: [{ code: '0DTJ4ZZ' }, 'NOTACODE'], dischargeStatus: 99 });
    const edits = r.findings.map((f) => f.edit);
    for (const e of ['invalid_age', 'invalid_sex', 'invalid_poa', 'invalid_code', 'invalid_discharge_status']) {
      assert.ok(edits.includes(e), `${e} in ${edits.join()}`);
    }
    const proc = r.findings.find((f) => f.edit === 'invalid_code');
    assert.deepEqual([proc.position, proc.index], ['procedure', 1]);
    assert.equal(full.checkClaim({ ...base, sex: 2 }).clean, true, 'CMS numbers for sex');
  });

  test('coding rules on request', () => {
    const claim = { ...base, principal: 'E11.9', secondary: ['E10.9'] };
    assert.deepEqual(full.checkClaim(claim).codingRules, []);
    const r = full.checkClaim(claim, { codingRules: true });
    const x = r.codingRules.find((f) => f.kind === 'excludes1');
    assert.ok(x, JSON.stringify(r.codingRules));
    assert.deepEqual(x.positions.slice().sort(), [0, 1]);
    assert.equal(r.clean, false);
  });

  test('a claim that cannot be read throws, naming the field', () => {
    assert.throws(() => full.checkClaim('E11.9'), { name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE', argument: 'claim', received: 'string' });
    assert.throws(() => full.checkClaim({ age: 70 }), { name: 'TypeError', argument: 'claim.date', received: 'undefined' });
    // The fields are the core's vocabulary, under any of their names; a misspelt one throws.
    assert.throws(() => full.checkClaim({ ...base, principle: 'I10' }), { name: 'TypeError', argument: 'claim.principle' });
    assert.equal(full.checkClaim({ ...base, pdx: 'O80', claimId: 7 }).findings[0].edit, full.checkClaim({ ...base, principal: 'O80' }).findings[0].edit);
    assert.ok(full.checkClaim({ ...base, dischargeStatus: 'home' }).findings.some((f) => f.edit === 'invalid_discharge_status'));
    assert.equal(full.checkClaim({ ...base, dischargeStatus: '01' }).findings.some((f) => f.edit === 'invalid_discharge_status'), false);
    assert.throws(() => full.checkClaim({ ...base, date: '2025-02-30' }), { name: 'DateError', kind: 'invalid' });
    assert.throws(() => full.checkClaim({ ...base, age: '70' }), { name: 'TypeError', argument: 'claim.age' });
    assert.throws(() => full.checkClaim({ ...base, age: 4.5 }), (e) => {
      assert.ok(e instanceof RangeError);
      assert.equal(e.code, 'ERR_OUT_OF_RANGE');
      assert.equal(e.argument, 'claim.age');
      assert.equal(e.received, 4.5);
      assert.match(e.message, /whole number/);
      return true;
    });
    assert.throws(() => full.checkClaim({ ...base, age: NaN }), { name: 'RangeError', argument: 'claim.age' });
    // A whole number out of range is the MCE's edit, whatever its size.
    for (const age of [-1, 125, 1e12]) {
      assert.ok(full.checkClaim({ ...base, age }).findings.some((f) => f.edit === 'invalid_age'), String(age));
    }
    // An object without its code, or with a key the claim does not know, is refused.
    assert.throws(() => full.checkClaim({ ...base, procedures: [{}] }), { name: 'TypeError', argument: 'claim.procedures[0].code' });
    assert.throws(() => full.checkClaim({ ...base, procedures: [{ code: '0DTJ4ZZ', cod: 1 }] }), { name: 'TypeError', argument: 'claim.procedures[0].cod' });
    assert.throws(() => full.checkClaim({ ...base, secondary: [{ poa: 'Y' }] }), { name: 'TypeError', argument: 'claim.secondary[0].code' });
    assert.throws(() => full.checkClaim({ ...base, lengthOfStay: -1 }), { name: 'RangeError', argument: 'claim.lengthOfStay' });
    assert.throws(() => full.checkClaim({ ...base, secondary: 'I10' }), { name: 'TypeError', argument: 'claim.secondary' });
    assert.throws(() => full.checkClaim({ ...base, secondary: ['I10', 5] }), { name: 'TypeError', argument: 'claim.secondary[1]' });
    assert.throws(() => full.checkClaim({ ...base, procedures: [{ code: 5 }] }), { name: 'TypeError', argument: 'claim.procedures[0].code' });
    assert.throws(() => full.checkClaim({ ...base, sex: true }), { name: 'TypeError', argument: 'claim.sex' });
    assert.throws(() => full.checkClaim(base, { codingRules: 'yes' }), { name: 'TypeError', argument: 'options.codingRules' });
  });
});
