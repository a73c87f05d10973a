// A call on an object after free() (or `using`) is a TypeError naming the class and the call,
// not wasm-bindgen's bare "null pointer passed to rust" (issue 18); other objects keep working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { variants } from './load.mjs';

for (const { name, m } of variants) {
  test(`${name}: calls after free() say the object was freed`, () => {
    const cm = new m.Icd10Cm();
    const code = cm.lookup('E11.9');
    cm.free();
    assert.throws(() => cm.isValid('E11.9', '2025-03-01'), (e) =>
      e instanceof TypeError && /Icd10Cm\.isValid: this Icd10Cm was freed/.test(e.message));
    assert.ok(cm instanceof m.Icd10Cm);
    cm.free(); // a second free is harmless
    assert.equal(code.code, 'E11.9'); // a code looked up before lives on its own
    code.free();
    assert.throws(() => code.code, (e) => e instanceof TypeError && /Icd10CmCode\.code/.test(e.message));
    if (Symbol.dispose) {
      const other = new m.Icd10Cm();
      other[Symbol.dispose]();
      assert.throws(() => other.reason('E11.9', '2025-03-01'), TypeError);
    }
    assert.equal(new m.Icd10Cm().isValid('E11.9', '2025-03-01'), true);
  });
}
