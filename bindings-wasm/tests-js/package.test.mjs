// The package as a consumer sees it: the `exports` map (require and import, full and
// lite), the browser build (ESM + init) loaded from bytes, and TypeScript declarations for
// every export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { pkgDir } from './load.mjs';

const require = createRequire(import.meta.url);

test('require() and import() by package name, full and lite', async () => {
  const cjs = require('medcodes');
  const esm = await import('medcodes');
  const lite = await import('medcodes/lite');
  const liteCjs = require('medcodes/lite');
  assert.equal(cjs.buildInfo().titles, true);
  assert.equal(esm.buildInfo().titles, true);
  assert.equal(lite.buildInfo().titles, false);
  assert.equal(liteCjs.buildInfo().titles, false);
  assert.equal(new esm.Icd10Cm().validate('E11.9', '2025-03-01').valid, true);
  assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(),
    Object.keys(cjs).filter((k) => k !== '__esModule').sort());
});

test('the browser build (ESM + init) works from bytes', async () => {
  for (const dir of ['web', 'web-lite']) {
    const web = await import(`${pkgDir}dist/${dir}/medcodes.js`);
    const bytes = readFileSync(`${pkgDir}dist/${dir}/medcodes_bg.wasm`);
    await web.default({ module_or_path: bytes });
    const cm = new web.Icd10Cm();
    assert.equal(cm.validate('e11.9', '2025-03-01').code, 'E11.9');
    assert.equal(web.buildInfo().titles, dir === 'web');
  }
});

const exported = Object.keys(require('medcodes')).filter((k) => k !== '__esModule');

test('every export is declared in TypeScript', () => {
  for (const dir of ['node', 'node-lite', 'web', 'web-lite']) {
    const dts = readFileSync(`${pkgDir}dist/${dir}/medcodes.d.ts`, 'utf8');
    // Each build's own exports (the lite build has no Icd10Pcs, checkClaim).
    const own = Object.keys(require(`${pkgDir}dist/${dir.replace('web', 'node')}/medcodes.js`)).filter((k) => k !== '__esModule');
    assert.ok(own.every((n) => exported.includes(n)));
    for (const name of own) {
      assert.match(dts, new RegExp(`export (class|function) ${name}\\b`), `${dir}: ${name}`);
    }
    for (const type of ['Verdict', 'DateInput', 'ReasonKind', 'CodeKind', 'ValidityRange', 'SearchOptions', 'DateError',
      'Note', 'CodeRef', 'SeventhCharacterDef', 'EncounterReport', 'EncounterFinding', 'PcsAxisValue', 'Claim', 'ClaimReport',
      'ClaimFinding', 'ArgumentRangeError']) {
      assert.match(dts, new RegExp(`export (type|interface) ${type}\\b`), `${dir}: ${type}`);
    }
  }
});

test('every reason the core knows is declared in the ReasonKind type', () => {
  const dts = readFileSync(`${pkgDir}dist/node/medcodes.d.ts`, 'utf8');
  const union = dts.slice(dts.indexOf('export type ReasonKind'), dts.indexOf(';', dts.indexOf('export type ReasonKind')));
  const declared = [...union.matchAll(/'([a-z_]+)'/g)].map((x) => x[1]);
  for (const kind of require('medcodes').reasonKinds()) assert.ok(declared.includes(kind), `${kind} missing from ReasonKind`);
});

test('the declarations type-check a typical program (tsc --strict)', { skip: !existsSync(`${pkgDir}node_modules/.bin/tsc`) && 'typescript not installed' }, () => {
  execFileSync(`${pkgDir}node_modules/.bin/tsc`, ['-p', `${pkgDir}tests-js/types`], { stdio: 'inherit' });
});
