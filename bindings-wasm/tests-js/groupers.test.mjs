// CMS-HCC, Elixhauser and Charlson on JavaScript (the `all` build, `medcodes/all`; the full and lite
// builds have none of them): the answers the Rust library gives (the same cases as the Python and CLI
// tests), and bad input as HccError / ComorbidityError naming the value and row, or
// TypeError / RangeError for wrong types.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { variants, full, all } from './load.mjs';

const lite = variants.find((v) => v.name === 'lite').m;

describe('groupers', () => {
  test('only the all build has them', () => {
    for (const name of ['hccCategories', 'hccPatientsCategories', 'hccScore', 'elixhauser', 'charlson']) {
      assert.equal(typeof all[name], 'function', name);
      assert.equal(full[name], undefined, name);
      assert.equal(lite[name], undefined, name);
    }
    assert.equal(typeof all.HccError, 'function');
    assert.equal(typeof all.ComorbidityError, 'function');
  });

  test('hccCategories: a code, an array', () => {
    assert.deepEqual(all.hccCategories('E11.9'), ['HCC38']);
    assert.deepEqual(all.hccCategories('e119'), ['HCC38']);
    assert.deepEqual(all.hccCategories('Z00.00'), []);
    assert.equal(all.hccCategories('not a code!'), null);
    assert.deepEqual(all.hccCategories(['E11.9', 'E08.311', 'Z00.00', null, undefined, 'bad!']), [
      ['HCC38'], ['HCC37', 'HCC298'], [], null, null, null,
    ]);
    assert.deepEqual(all.hccCategories(['E11.9'], { model: 'v24', year: 2025 }), [['HCC19']]);
    assert.deepEqual(all.hccCategories(['E11.9'], { model: 'V28', year: 2027 }), [['HCC38']]);
  });

  test('hccPatientsCategories: hierarchies per patient', () => {
    const out = all.hccPatientsCategories(
      ['a', 'a', 'a', 'a', 7, 7, 'c'],
      ['E11.9', 'E11.22', 'C78.00', 'C34.90', 'E11.9', null, 'Z00.00'],
      { year: 2026 },
    );
    assert.deepEqual(out.map((r) => [r.patient, r.hcc]), [['a', 'HCC17'], ['a', 'HCC37'], [7, 'HCC38']]);
    assert.equal(out[1].label, 'Diabetes with Chronic Complications');
  });

  test('hccScore: the sum of its coefficients', () => {
    const s = all.hccScore(['E11.9', 'I50.9'], { sex: 'F', age: 72 });
    assert.equal(s.segment, 'CNA');
    assert.deepEqual(s.variables.map((v) => v.name), ['F70_74', 'HCC38', 'HCC226', 'DIABETES_HF_V28', 'D2']);
    assert.equal(s.score.toFixed(3), '1.033');
    const sum = s.variables.reduce((a, v) => a + v.coefficient, 0);
    assert.ok(Math.abs(sum - s.score) < 1e-9);
    assert.ok(Math.abs(s.diseaseScore + s.demographicScore - s.score) < 1e-9);
    const ins = all.hccScore(['E11.9'], { sex: 'M', age: 80, segment: 'INS', medicaid: true });
    assert.ok(ins.variables.some((v) => v.name === 'LTIMCAID'));
  });

  test('elixhauser and charlson per patient', () => {
    const e = all.elixhauser([1, 1, 2, 3], ['I50.9', 'N18.6', 'E11.9', 'E11.9'], ['Y', 'N', null, '1']);
    assert.deepEqual(e[0], { patient: 1, measures: ['HF'], mortalityIndex: 14, readmissionIndex: 7 });
    assert.deepEqual(e.map((r) => [r.patient, r.measures]), [[1, ['HF']], [2, ['DIAB_UNCX']], [3, ['DIAB_UNCX']]]);
    // Without POA only the measures that do not depend on it count.
    assert.deepEqual(all.elixhauser([1, 1], ['I50.9', 'E11.9'])[0].measures, ['DIAB_UNCX']);
    const c = all.charlson(['p1', 'p1', 'p2'], ['I21.4', 'C78.00', 'E11.9']);
    assert.deepEqual(c, [
      { patient: 'p1', conditions: ['myocardial_infarction', 'metastatic_solid_tumor'], score1987: 7, score2011: 6 },
      { patient: 'p2', conditions: ['diabetes_without_chronic_complication'], score1987: 1, score2011: 0 },
    ]);
  });

  test('bad input: typed errors naming the value', () => {
    const hcc = (f, kind, value, row = null) => {
      assert.throws(f, (e) => {
        assert.ok(e instanceof all.HccError, String(e));
        assert.equal(e.name, 'HccError');
        assert.deepEqual([e.kind, e.value, e.row], [kind, value, row]);
        assert.ok(e.message.includes(value), e.message);
        return true;
      });
    };
    hcc(() => all.hccCategories(['E11.9'], { model: 'v99' }), 'unknown_model', 'v99');
    hcc(() => all.hccCategories(['E11.9'], { model: 28 }), 'unknown_model', '28');
    hcc(() => all.hccCategories('E11.9', { year: 2030 }), 'no_payment_year', '2030');
    hcc(() => all.hccCategories('E11.9', { year: 2026.5 }), 'no_payment_year', '2026.5');
    hcc(() => all.hccPatientsCategories([1, 2], ['E11.9', '!!'], { year: 2026 }), 'not_a_code', '!!', 1);
    hcc(() => all.hccScore(['E11.9'], { sex: 'X', age: 70 }), 'bad_argument', 'X');
    hcc(() => all.hccScore(['E11.9'], { sex: 'F', age: -1 }), 'bad_argument', '-1');
    hcc(() => all.hccScore(['E11.9'], { sex: 'F', age: 70, segment: 'ZZZ' }), 'unknown_segment', 'ZZZ');
    hcc(() => all.hccScore(['E11.9'], { sex: 'F', age: 70, model: 'v24', year: 2025 }), 'score_not_supported', 'v24');
    assert.throws(() => all.elixhauser([1, 1], ['E11.9', 'I50.9'], ['Y', 'Q']), (e) =>
      e instanceof all.ComorbidityError && e.kind === 'poa' && e.value === 'Q' && e.row === 1);
    assert.throws(() => all.elixhauser([1, 1], ['E11.9', '%%']), (e) =>
      e instanceof all.ComorbidityError && e.kind === 'not_a_code' && e.value === '%%' && e.row === 1);
    assert.throws(() => all.hccCategories([1, 2]), TypeError);
    assert.throws(() => all.hccCategories(5), TypeError);
    assert.throws(() => all.hccScore(['E11.9', 5], { sex: 'F', age: 70 }), TypeError);
    assert.throws(() => all.charlson([{}], ['E11.9']), TypeError);
    assert.throws(() => all.charlson([1, 2], ['E11.9']), RangeError);
    assert.throws(() => all.elixhauser([1], ['E11.9'], ['Y', 'N']), RangeError);
  });
});
