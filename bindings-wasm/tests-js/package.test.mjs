// The package as a consumer sees it: the `exports` map (require and import, full and
// lite), the browser build (ESM + init) loaded from bytes, and TypeScript declarations for
// every export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, existsSync, readdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      'ClaimFinding', 'ArgumentRangeError', 'CodeSystemId', 'ClaimEdit', 'FindingKind', 'Severity', 'NoteKind', 'Enumerations',
      'BatchCalls', 'CodeColumn', 'DateColumn', 'PcsCodeJSON', 'DetectedSystem', 'HcpcsCodeJSON', 'HcpcsSection', 'LineFinding',
      'LineFindingKind', 'HcpcsRecord', 'HcpcsFileDifferences', 'HcpcsFileError', 'CptCategory', 'CptSection', 'CptClass',
      'CptFileOptions', 'CptEntry', 'CptVerdict', 'CptFileError', 'ReleaseFile', 'ReleaseRole', 'ReleaseInfo', 'ReleaseTitle',
      'ReleaseCode', 'ReleaseDifferences', 'ReleaseError']) {
      assert.match(dts, new RegExp(`export (type|interface) ${type}\\b`), `${dir}: ${type}`);
    }
    // The batch calls are typed by overloads in `BatchCalls`, merged into each class.
    for (const cls of ['Icd10Cm', 'Icd10Pcs', 'Hcpcs'].filter((c) => own.includes(c))) {
      assert.match(dts, new RegExp(`export interface ${cls} extends BatchCalls \\{\\}`), `${dir}: ${cls}`);
    }
  }
});

/** The members of a string union the declarations spell out, in order: `export type Name = | 'a' | 'b';`. */
function union(dts, name) {
  const start = dts.indexOf(`export type ${name} =`);
  assert.ok(start >= 0, `${name} is declared`);
  return [...dts.slice(start, dts.indexOf(';', start)).matchAll(/'([a-z0-9_]+)'/g)].map((x) => x[1]);
}

test('the string unions of the declarations are core\'s lists, in core\'s order', () => {
  const dts = readFileSync(`${pkgDir}dist/node/medcodes.d.ts`, 'utf8');
  const lists = require('medcodes').enumerations();
  const unions = { reasonKinds: 'ReasonKind', codeSystems: 'CodeSystemId', claimEdits: 'ClaimEdit',
    findingKinds: 'FindingKind', severities: 'Severity', noteKinds: 'NoteKind', lineFindingKinds: 'LineFindingKind',
    cptCategories: 'CptCategory', cptSections: 'CptSection', releaseErrorKinds: 'ReleaseErrorKind' };
  assert.deepEqual(Object.keys(lists), Object.keys(unions));
  for (const [list, type] of Object.entries(unions)) {
    assert.ok(lists[list].length > 0, list);
    assert.deepEqual(union(dts, type), lists[list], `${type} in medcodes.d.ts against core's ${list}`);
  }
  // The lite build has a part of each list (no claim edits, no HCPCS or CPT, ICD-10-CM only).
  const lite = require('medcodes/lite').enumerations();
  for (const list of Object.keys(unions)) assert.ok(lite[list].every((x) => lists[list].includes(x)), list);
});

test('the declarations type-check a typical program (tsc --strict)', { skip: !existsSync(`${pkgDir}node_modules/.bin/tsc`) && 'typescript not installed' }, () => {
  execFileSync(`${pkgDir}node_modules/.bin/tsc`, ['-p', `${pkgDir}tests-js/types`], { stdio: 'inherit' });
});

test('npm pack: the tarball build.sh makes installs and works, with the error classes', () => {
  const tgz = readdirSync(`${pkgDir}dist`).find((f) => /^medcodes-.*\.tgz$/.test(f));
  assert.ok(tgz, 'dist/medcodes-<version>.tgz made by build.sh');
  const dir = mkdtempSync(join(tmpdir(), 'medcodes-install-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }');
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', '--silent', join(pkgDir, 'dist', tgz)], { cwd: dir, stdio: 'inherit' });
    const program = `
      const m = require('medcodes');
      const lite = require('medcodes/lite');
      if (!new m.Icd10Cm().validate('E11.9', '2025-03-01').valid) throw new Error('E11.9');
      if (lite.buildInfo().titles !== false) throw new Error('lite');
      try { new m.Icd10Cm().validate('E11.9', '2025-02-30'); throw new Error('no DateError'); }
      catch (e) { if (!(e instanceof m.DateError) || !(e instanceof Error) || e.argument !== 'date') throw e; }
      import('medcodes').then((esm) => { if (esm.DateError !== m.DateError) throw new Error('ESM'); console.log('ok'); });`;
    assert.equal(execFileSync(process.execPath, ['-e', program], { cwd: dir, encoding: 'utf8' }).trim(), 'ok');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('error classes: instanceof holds for what the module throws, and only for it', async () => {
  const m = require('medcodes');
  const web = await import(`${pkgDir}dist/web/medcodes.js`);
  const cm = new m.Icd10Cm();
  const thrown = (fn) => { try { fn(); } catch (e) { return e; } throw new Error('did not throw'); };
  const date = thrown(() => cm.validate('E11.9', 'soon'));
  assert.ok(date instanceof m.DateError && date instanceof Error && !(date instanceof m.SearchError));
  const search = thrown(() => m.search('a '.repeat(40)));
  assert.ok(search instanceof m.SearchError && !(search instanceof m.DateError));
  assert.ok(thrown(() => m.Hcpcs.withFile(new Uint8Array())) instanceof m.HcpcsFileError);
  assert.ok(thrown(() => m.Cpt.fromBytes(new Uint8Array())) instanceof m.CptFileError);
  assert.ok(thrown(() => m.Icd10Cm.withRelease('icd10cm_order_2028.txt', new Uint8Array())) instanceof m.ReleaseError);
  assert.ok(!(thrown(() => cm.validate(5, '2025-03-01')) instanceof m.DateError));
  assert.ok(!(new Error('x') instanceof m.DateError));
  const made = new m.DateError('bad date', { argument: 'date' });
  assert.ok(made instanceof m.DateError && made instanceof Error);
  assert.equal(made.name, 'DateError');
  assert.equal(made.argument, 'date');
  assert.ok(date instanceof web.DateError, 'one name, whichever build threw');
});
