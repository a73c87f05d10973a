// gemsMap: the GEMs between ICD-9-CM and ICD-10 (the `all` build, `medcodes/all`), every row with its flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { all as m, full, variants } from './load.mjs';

test('gemsMap keeps every row and flag', () => {
  const r = m.gemsMap('25000', 'icd10cm');
  assert.equal(r.source, '250.00');
  assert.equal(r.sourceSystem, 'icd9cm');
  assert.equal(r.targetSystem, 'icd10cm');
  assert.match(r.release, /FY2016/);
  assert.deepEqual(r.targets.map((t) => [t.code, t.flags, t.approximate]), [['E11.9', '10000', true]]);
  const none = m.gemsMap('365.70', 'icd10cm');
  assert.equal(none.targets[0].code, null);
  assert.equal(none.targets[0].noMap, true);
  const pcs = m.gemsMap('00.50', 'icd10pcs');
  assert.ok(pcs.targets.some((t) => t.combination && t.choiceList === 2));
});

test('gemsMap errors', () => {
  assert.throws(() => m.gemsMap('250', 'icd10cm'), (e) => e.name === 'GemError' && e.kind === 'not_in_map');
  assert.throws(() => m.gemsMap('0016070', 'icd9proc'), (e) => e.kind === 'not_bundled');
  assert.throws(() => m.gemsMap('E0100', 'hcpcs'), RangeError);
  assert.throws(() => m.gemsMap(250, 'icd10cm'), TypeError);
});

test('the full and lite builds have no GEMs', () => {
  const lite = variants.find((v) => v.name === 'lite').m;
  assert.equal(lite.gemsMap, undefined);
  assert.equal(full.gemsMap, undefined);
});
