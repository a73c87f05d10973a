// HCPCS Level II (`Hcpcs`, feature `hcpcs`) and CPT (`Cpt`, feature `cpt`): in the full
// build, absent from the lite one. Lookup with sections and status indicators, D codes
// without text, CPT codes refused by name, claim lines with modifiers, a CMS HCPCS file
// built here record by record, CPT classification and a CPT file of made-up descriptors.
//
// Copyright: no CPT (AMA) or CDT (ADA, the D codes) descriptor is written here; the file
// texts are Level II descriptors or made up.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { variants } from './load.mjs';

const DOS = '2025-07-01';
const [{ m: full }, { m: lite }] = variants;

test('the lite build has neither HCPCS nor CPT', () => {
  assert.equal(lite.Hcpcs, undefined);
  assert.equal(lite.Cpt, undefined);
  assert.equal(lite.buildInfo().cpt, false);
  assert.deepEqual(lite.enumerations().lineFindingKinds, []);
  assert.deepEqual(lite.enumerations().cptCategories, []);
  assert.ok(full.buildInfo().systems.includes('hcpcs'));
  assert.equal(full.buildInfo().cpt, true);
  // Without HCPCS, a Level II code is nothing the lite build knows; CPT's shape still is.
  assert.deepEqual(lite.detect('A0021'), []);
  assert.deepEqual(lite.detect('99213'), ['cpt']);
});

describe('Hcpcs', () => {
  const h = new full.Hcpcs();

  test('J1100: short title, status indicator, section', () => {
    const c = h.lookup('j1100');
    assert.equal(c.code, 'J1100');
    assert.equal(c.shortTitleOn(DOS), 'Dexamethasone sodium phos');
    assert.equal(c.titleOn(DOS), 'Dexamethasone sodium phos');
    assert.equal(c.statusIndicatorOn(DOS), 'N');
    assert.equal(c.statusIndicatorOn('2019-01-01'), undefined, 'before the built-in quarters');
    assert.deepEqual(c.section, { letter: 'J', name: 'Drugs administered other than oral method, chemotherapy drugs', isTemporary: false });
    assert.equal(c.isDental, false);
    assert.deepEqual(JSON.parse(JSON.stringify(c)), { code: 'J1100', section: 'J', isDental: false, title: c.title });
    assert.deepEqual(h.validate(' j1100 ', DOS), { valid: true, reason: 'valid', code: 'J1100', date: DOS });
    assert.equal(h.isValid('J1100', new Date(DOS)), true);
    assert.equal(h.reason('J1100', DOS), 'valid');
    assert.deepEqual(h.coverage, { first: '2019-07-01', last: h.coverage.last });
    assert.ok(h.coverage.last >= '2026-06-30', h.coverage.last);
    assert.deepEqual(h.releases()[0], { ...h.releases()[0], effective: '2019-07-01' });
    assert.equal(h.normalize(' j1100 '), 'J1100');
    assert.equal(h.normalize('99213'), undefined);
    assert.ok(h.sections().some((s) => s.letter === 'Q' && s.isTemporary));
    assert.equal(h.sections().find((s) => s.letter === 'F'), undefined);
  });

  test('D0120 is valid with no title (CDT text is the ADA\'s)', () => {
    const d = h.lookup('D0120');
    assert.equal(d.isDental, true);
    assert.equal(d.section.letter, 'D');
    assert.equal(d.title, undefined);
    assert.equal(d.shortTitle, undefined);
    assert.equal(d.titleOn(DOS), undefined);
    assert.equal(JSON.parse(JSON.stringify(d)).title, null);
    assert.deepEqual(h.validate('d0120', DOS), { valid: true, reason: 'valid', code: 'D0120', date: DOS });
  });

  test('99213 is refused, naming CPT; detect and Cpt.classify say what it is', () => {
    const v = h.validate('99213', DOS);
    assert.equal(v.valid, false);
    assert.equal(v.reason, 'malformed');
    assert.equal(v.code, null);
    assert.equal(v.position, 1);
    assert.equal(v.found, '9');
    assert.match(v.expected, /shaped like a CPT code, not an HCPCS Level II code/);
    assert.match(v.message, /CPT/);
    assert.equal(h.lookup('99213'), undefined);
    assert.equal(h.verdict('99213').reason, 'malformed');
    assert.deepEqual(full.detect('99213'), ['cpt']);
    assert.ok(full.detect('A0021').includes('hcpcs'));
  });

  test('the other reasons, with their fields', () => {
    const inc = h.validate('J11', DOS);
    assert.equal(inc.reason, 'incomplete');
    assert.equal(inc.code, 'J11');
    assert.deepEqual([inc.length, inc.required], [3, 5]);
    assert.ok(inc.completions > 10 && inc.examples.every((c) => c.startsWith('J11')));
    // No headers: HCPCS Level II is a flat list, the start of a code is no code.
    assert.equal(h.verdict('J11').reason, 'unknown');
    const out = h.validate('J1100', '2019-06-30');
    assert.equal(out.reason, 'date_out_of_range');
    assert.deepEqual([out.first, out.last], [h.coverage.first, h.coverage.last]);
    assert.equal(h.validate('J0000', DOS).reason, 'unknown');
    assert.equal(h.validate('F1234', DOS).reason, 'malformed');
    // A code of some quarters, not of others: not_valid_on_date with its ranges.
    const ended = h.codes().find((c) => c.code.length === 5 && c.validity.length && c.validity[0].end !== null);
    assert.ok(ended, 'some code ends within the data');
    const after = new Date(`${ended.validity[0].end}T00:00:00Z`);
    after.setUTCDate(after.getUTCDate() + 1);
    const day = after.toISOString().slice(0, 10);
    assert.equal(ended.isPresentOn(day), false, `${ended.code} on ${day}`);
    const v = h.validate(ended.code, day);
    assert.equal(v.reason, 'not_valid_on_date');
    assert.deepEqual(v.validity, ended.validity);
    assert.ok(h.codesValidOn(DOS).length > 5000);
    assert.deepEqual(h.codesStartingWith('j110', 2).map(String), ['J1100', 'J1105']);
    assert.equal(h.lookup('J1100').parent, undefined);
    assert.deepEqual(h.lookup('J1100').children(), []);
  });

  test('bad inputs: TypeError for a wrong type, verdicts for odd strings', () => {
    for (const bad of [undefined, null, 1100, {}, ['J1100'], Symbol('x'), 10n]) {
      for (const call of [() => h.validate(bad, DOS), () => h.lookup(bad), () => h.isValid(bad, DOS), () => h.normalize(bad),
        () => h.modifier(bad), () => h.checkLine(bad, [], DOS)]) {
        assert.throws(call, (e) => e instanceof TypeError && e.code === 'ERR_INVALID_ARG_TYPE'
          && ['code', 'modifier'].includes(e.argument));
      }
    }
    assert.throws(() => h.validate('J1100', 20250701), { name: 'TypeError', argument: 'date', received: 'number' });
    assert.throws(() => h.validate('J1100', '2025-07-32'), { name: 'DateError', kind: 'invalid', argument: 'date' });
    assert.equal(h.validate('', DOS).reason, 'empty');
    const huge = h.validate(`J${'1'.repeat(1 << 20)}`, DOS);
    assert.equal(huge.reason, 'too_long');
    assert.ok(huge.input.length <= 41 && huge.message.length < 200);
    for (const [input, found, position] of [['Ｊ1100', 'Ｊ', 1], ['J११००', '१', 2], ['J1100\u00A0', '\u00A0', 6], ['\uD800', '\uFFFD', 1]]) {
      const v = h.validate(input, DOS);
      assert.ok(['malformed', 'too_long'].includes(v.reason), `${JSON.stringify(input)}: ${v.reason}`);
      if (v.reason === 'malformed') assert.deepEqual([v.found, v.position], [found, position], JSON.stringify(input));
    }
  });

  test('checkLine: LT with RT, 50 with a side, and the other findings', () => {
    assert.deepEqual(h.checkLine('J1100', ['LT'], DOS), []);
    assert.deepEqual(h.checkLine('J1100', [], DOS), []);
    const both = h.checkLine('J1100', ['LT', 'RT', '50'], DOS);
    assert.deepEqual(both.map((f) => f.kind), ['both_sides', 'bilateral_with_side']);
    assert.deepEqual(Object.keys(both[0]), ['kind', 'subject', 'message', 'reason']);
    assert.deepEqual([both[0].subject, both[0].reason], ['LT RT', null]);
    assert.match(both[0].message, /modifier 50/);
    assert.equal(both[1].subject, '50');
    const bad = h.checkLine('J11000', ['lt', 'LT', 'L', 'ZZ'], DOS);
    assert.deepEqual(bad.map((f) => f.kind), ['code', 'duplicate_modifier', 'malformed_modifier', 'unknown_modifier']);
    assert.deepEqual([bad[0].subject, bad[0].reason], ['J11000', 'too_long']);
    assert.equal(h.checkLine('99213', ['LT'], DOS)[0].reason, 'malformed');
    assert.equal(h.checkLine('J1100', ['LT', 'GA', 'GY', 'GZ', 'KX'], DOS)[0].kind, 'too_many_modifiers');
    // A modifier of some quarters only, checked on a day it is not valid.
    const gone = h.modifiers().find((m) => m.validity.some((r) => r.end !== null));
    const end = gone.validity.find((r) => r.end !== null).end;
    const next = new Date(`${end}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const day = next.toISOString().slice(0, 10);
    assert.equal(gone.isValidOn(day), false, `${gone.code} on ${day}`);
    const f = h.checkLine('J1100', [gone.code], day).find((x) => x.kind === 'modifier_not_valid_on_date');
    assert.ok(f && f.subject === gone.code, `${gone.code} on ${day}`);
    assert.match(f.message, /is not valid on/);
    assert.throws(() => h.checkLine('J1100', 'LT RT', DOS), { name: 'TypeError', argument: 'modifiers', received: 'string' });
    assert.throws(() => h.checkLine('J1100', ['LT', 50], DOS), { name: 'TypeError', argument: 'modifiers[1]', received: 'number' });
    assert.throws(() => h.checkLine('J1100', ['LT', null], DOS), { name: 'TypeError', argument: 'modifiers[1]', received: 'null' });
    assert.throws(() => h.checkLine('J1100', ['LT']), { name: 'TypeError', argument: 'date' });
    assert.throws(() => h.checkLine('J1100', ['LT'], 'soon'), { name: 'DateError', kind: 'malformed' });
    // Hostile modifiers are findings.
    const odd = h.checkLine('J1100', ['x'.repeat(1 << 20), '😀', ''], DOS);
    assert.deepEqual(odd.map((f) => f.kind), ['malformed_modifier', 'malformed_modifier', 'malformed_modifier']);
    assert.ok(odd[0].subject.length <= 41 && odd[0].message.length < 200);
  });

  test('modifiers: by code, all, and those valid on a date', () => {
    const lt = h.modifier(' lt ');
    assert.equal(lt.code, 'LT');
    assert.equal(String(lt), 'LT');
    assert.equal(lt.isCpt, false);
    assert.equal(lt.isValidOn(DOS), true);
    assert.deepEqual(lt.validity[0], { start: '2019-07-01', end: null });
    assert.deepEqual(Object.keys(lt.toJSON()), ['code', 'isCpt', 'validity']);
    assert.equal(h.modifier('59').isCpt, true);
    assert.equal(h.modifier('L'), undefined);
    assert.equal(h.modifier('ZZ'), undefined);
    assert.equal(h.modifier('é'), undefined);
    const all = h.modifiers();
    const onDate = h.modifiers(DOS);
    assert.ok(all.length > 300 && onDate.length > 300 && onDate.length <= all.length);
    assert.ok(onDate.every((m) => m.isValidOn(DOS)));
    assert.deepEqual(h.modifiers(null).length, all.length);
    assert.throws(() => h.modifiers('2025-02-30'), { name: 'DateError', argument: 'date' });
    assert.throws(() => lt.isValidOn(5), { name: 'TypeError', argument: 'date' });
  });
});

// ------------------------------------------------------------------ a CMS HCPCS file

/** A 320-character record of the CMS text layout: code, sequence, identification, long
 *  description, then `[position, text]` fields (positions from 1, as CMS counts them). */
function record(code, sequence, id, long, fields = []) {
  const line = Array(320).fill(' ');
  const put = (start, text) => { for (let i = 0; i < text.length; i++) line[start - 1 + i] = text[i]; };
  put(1, code); put(6, sequence); put(11, id); put(12, long);
  for (const [start, text] of fields) put(start, text);
  return line.join('');
}

const enc = (text) => new TextEncoder().encode(text);

/** A file past the built-in quarters: J1100 in force, A0021 (with a continuation record)
 *  ending on 2026-07-31, V9998 (made up) from 2026-10-01, modifier LT, and a D code whose
 *  description is made-up text standing where a file would carry the ADA's. */
function sampleFile() {
  return enc(['***Disclaimer: made-up test file', '',
    record('A0021', '00100', '3', 'Ambulance service, outside state per mile, transport',
      [[92, 'Outside state ambulance serv'], [120, '00'], [269, '19950101'], [285, '20260731']]),
    record('A0021', '00200', '4', '(Medicaid only)'),
    record('J1100', '00100', '3', 'Injection, dexamethasone sodium phosphate, 1 mg',
      [[92, 'Dexamethasone sodium phos'], [120, '51'], [230, 'C'], [257, 'O1E'], [261, '1'], [269, '19840101'], [293, 'N']]),
    record('V9998', '00100', '3', 'Made-up Level II code for a test', [[92, 'Made-up test code'], [269, '20261001']]),
    record('D9998', '00100', '3', 'Made-up text where a file would hold withheld text', [[269, '20200101']]),
    record('   LT', '00100', '7', 'Left side (used to identify procedures performed on the left side of the body)', [[269, '19950101']]),
  ].join('\r\n') + '\r\n');
}

describe('Hcpcs.withFile', () => {
  const loaded = full.Hcpcs.withFile(sampleFile());

  test('records with every field, long descriptions, CDT text withheld', () => {
    assert.equal(loaded.size, 5);
    const j = loaded.record(' j1100 ');
    assert.equal(j.code, 'J1100');
    assert.equal(j.line, 5);
    assert.equal(j.row, null);
    assert.equal(j.sequence, 100);
    assert.equal(j.recordId, '3');
    assert.equal(j.longDescription, 'Injection, dexamethasone sodium phosphate, 1 mg');
    assert.equal(j.shortDescription, 'Dexamethasone sodium phos');
    assert.deepEqual(j.pricingIndicators, ['51']);
    assert.equal(j.coverage, 'C');
    assert.equal(j.betos, 'O1E');
    assert.deepEqual(j.typesOfService, ['1']);
    assert.equal(j.addDate, '1984-01-01');
    assert.equal(j.terminationDate, null);
    assert.equal(j.action, 'N');
    assert.deepEqual([j.isModifier, j.isDental, j.isCpt], [false, false, false]);
    assert.equal(Object.keys(j).length, 31);
    assert.equal(loaded.record('A0021').longDescription, 'Ambulance service, outside state per mile, transport (Medicaid only)');
    assert.equal(loaded.record('LT').isModifier, true);
    assert.equal(loaded.record('Q0000'), undefined);
    assert.equal(loaded.longDescription('J1100'), 'Injection, dexamethasone sodium phosphate, 1 mg');
    assert.equal(loaded.record('D9998').isDental, true);
    assert.equal(loaded.longDescription('D9998'), undefined, 'a D code\'s text is withheld');
    assert.equal(loaded.longDescription('nope'), undefined);
  });

  test('past the built-in quarters the file decides', () => {
    assert.equal(loaded.isValid('j1100', '2026-11-15'), true);
    assert.equal(loaded.reason('A0021', '2026-07-31'), 'valid');
    assert.equal(loaded.reason('A0021', '2026-08-01'), 'not_valid_on_date');
    assert.equal(loaded.reason('V9998', '2026-09-30'), 'not_valid_on_date');
    assert.equal(loaded.reason('V9998', '2026-10-01'), 'valid');
    assert.equal(loaded.reason('E0100', '2026-11-15'), 'date_out_of_range');
    assert.equal(loaded.reason('Q0000', '2026-11-15'), 'unknown');
    assert.equal(loaded.reason('99213', '2026-11-15'), 'malformed');
    // Within them, the built-in tables.
    assert.equal(loaded.isValid('E0100', DOS), true);
    assert.equal(loaded.isValid('V9998', DOS), false);
    const diff = loaded.differences(DOS);
    assert.deepEqual(Object.keys(diff), ['date', 'onlyInFile', 'onlyBuiltIn', 'shortDescriptors']);
    assert.equal(diff.date, DOS);
    assert.deepEqual(diff.onlyInFile, []);
    assert.ok(diff.onlyBuiltIn.length > 5000 && !diff.onlyBuiltIn.includes('J1100') && !diff.onlyBuiltIn.some((c) => c.startsWith('D')));
    assert.deepEqual(diff.shortDescriptors, []);
    assert.deepEqual(loaded.differences('2026-11-15'), { date: '2026-11-15', onlyInFile: [], onlyBuiltIn: [], shortDescriptors: [] });
    assert.throws(() => loaded.reason('J1100', 'soon'), { name: 'DateError' });
    assert.throws(() => loaded.record(5), { name: 'TypeError', argument: 'code' });
  });

  test('the same bytes as an ArrayBuffer, a Buffer; a changed short descriptor is a difference', () => {
    const bytes = sampleFile();
    assert.equal(full.Hcpcs.withFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).size, 5);
    assert.equal(full.Hcpcs.withFile(Buffer.from(bytes)).size, 5);
    const renamed = full.Hcpcs.withFile(enc(record('J1100', '00100', '3', 'Injection, dexamethasone', [[92, 'Dexameth renamed for a test'], [269, '19840101']])));
    assert.deepEqual(renamed.differences(DOS).shortDescriptors,
      [{ code: 'J1100', builtIn: 'Dexamethasone sodium phos', file: 'Dexameth renamed for a test' }]);
  });

  test('a file that cannot be read throws HcpcsFileError with where and what', () => {
    const fails = (bytes, fields) => assert.throws(() => full.Hcpcs.withFile(bytes), (e) => {
      assert.ok(e instanceof Error, String(e));
      assert.equal(e.name, 'HcpcsFileError');
      for (const [k, v] of Object.entries(fields)) assert.deepEqual(e[k], v, `${k} of ${e.message}`);
      return true;
    });
    fails(new Uint8Array(), { kind: 'empty', message: 'empty file: no HCPCS records' });
    fails(enc('\r\n\n  \n'), { kind: 'empty' });
    fails(enc('J1100 too short\n'), { kind: 'record_length', line: 1, length: 15, expected: '320 characters' });
    const badDate = record('J1100', '00100', '3', 'Injection', [[269, '2019XX01']]);
    fails(enc(`${record('A0021', '00100', '3', 'Ambulance')}\n${badDate}\n`),
      { kind: 'date', line: 2, field: 'add date', value: '2019XX01', expected: 'a date (CCYYMMDD) or blanks' });
    fails(enc(`${record('J1100', '00100', '3', 'Injection')}\n${record('J1100', '00100', '3', 'Again')}\n`),
      { kind: 'duplicate_code', line: 2, firstLine: 1, code: 'J1100' });
    fails(enc(record('J1100', '00200', '4', 'continued')), { kind: 'continuation_without_first', line: 1, code: 'J1100', recordId: '4' });
    fails(enc(record('J1100', '00100', 'X', 'Injection')), { kind: 'field', line: 1, field: 'record identification code', value: 'X' });
    fails(new Uint8Array([0xff, 0xfe, 0x4a, 0x00]), { kind: 'encoding', line: 1 });
    fails(enc(`${record('J1100', '00100', '3', 'Injection')}\nJ\u0000\n`), { kind: 'encoding', line: 2 });
    fails(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), { kind: 'unsupported_format', format: 'an xlsx workbook' });
    fails(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), { kind: 'unsupported_format' });
    // Huge and hostile bytes: an error naming the line, never a crash.
    fails(new Uint8Array(4 << 20).fill(0x78), { kind: 'record_length', line: 1, length: 4 << 20 });
    const noise = new Uint8Array(1 << 16);
    for (let i = 0, s = 7; i < noise.length; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; noise[i] = s >>> 24; }
    assert.throws(() => full.Hcpcs.withFile(noise), { name: 'HcpcsFileError' });
    // Windows-1252 text is decoded, not refused.
    const latin = new Uint8Array(enc(record('J1100', '00100', '3', 'Injection, made-up caf? text', [[269, '19840101']])));
    latin[11 + 'Injection, made-up caf'.length] = 0xe9;
    assert.equal(full.Hcpcs.withFile(latin).longDescription('J1100'), 'Injection, made-up café text');
  });

  test('the bytes must be bytes', () => {
    for (const [bad, received] of [[null, 'null'], [undefined, 'undefined'], [42, 'number'], ['J1100', 'string'], [[1, 2], 'array'], [{}, 'object']]) {
      assert.throws(() => full.Hcpcs.withFile(bad), (e) => {
        assert.ok(e instanceof TypeError);
        assert.equal(e.code, 'ERR_INVALID_ARG_TYPE');
        assert.equal(e.argument, 'bytes');
        assert.equal(e.received, received);
        return true;
      });
    }
    assert.throws(() => full.Hcpcs.withFile('text'), /TextEncoder/);
  });
});

// ------------------------------------------------------------------ CPT

describe('Cpt', () => {
  test('classify: category and section from the number alone', () => {
    assert.deepEqual(full.Cpt.classify(' 99213 '), { code: '99213', category: 'category_i', categoryName: 'Category I',
      section: 'evaluation_and_management', sectionName: 'Evaluation and Management' });
    const cases = [['00100', 'category_i', 'anesthesia'], ['10004', 'category_i', 'surgery'], ['69990', 'category_i', 'surgery'],
      ['70010', 'category_i', 'radiology'], ['80047', 'category_i', 'pathology_and_laboratory'], ['90281', 'category_i', 'medicine'],
      ['99500', 'category_i', 'medicine'], ['99201', 'category_i', null], ['0001f', 'category_ii', null],
      ['0042T', 'category_iii', null], ['0001U', 'pla', null], ['0002M', 'maaa', null], ['0001A', 'category_i', null]];
    for (const [code, category, section] of cases) {
      const c = full.Cpt.classify(code);
      assert.deepEqual([c.category, c.section], [category, section], code);
    }
    const e = full.enumerations();
    assert.deepEqual(e.cptCategories, ['category_i', 'category_ii', 'category_iii', 'pla', 'maaa']);
    assert.equal(e.cptSections.length, 6);
    for (const bad of ['', '9921', '992134', 'J1100', '9921Z', '１2345', 'x'.repeat(1 << 20)]) {
      assert.equal(full.Cpt.classify(bad), undefined, bad.slice(0, 10));
    }
    assert.equal(full.Cpt.normalize(' 0042t '), '0042T');
    assert.throws(() => full.Cpt.classify(99213), { name: 'TypeError', argument: 'code', received: 'number' });
    assert.throws(() => full.Cpt.classify(null), { name: 'TypeError', argument: 'code' });
  });

  const FILE = enc('99213\tMade-up descriptor one for a test\n0042T\tMade-up descriptor two\n0001U\n');

  test('fromBytes on code<TAB>descriptor lines: lookup, validate, descriptor', () => {
    const cpt = full.Cpt.fromBytes(FILE);
    assert.equal(cpt.size, 3);
    assert.deepEqual(cpt.coverage, { validFrom: null, validTo: null });
    assert.equal(cpt.descriptor('99213'), 'Made-up descriptor one for a test');
    assert.equal(cpt.descriptor('0001U'), undefined);
    assert.equal(cpt.descriptor('99214'), undefined);
    assert.deepEqual(cpt.lookup('0042t'), { code: '0042T', descriptor: 'Made-up descriptor two', shortDescriptor: null,
      conceptId: null, start: null, end: null, line: 2, category: 'category_iii', section: null });
    assert.equal(cpt.lookup('99214'), undefined);
    assert.deepEqual(cpt.validate('99213', DOS), { valid: true, reason: 'valid', code: '99213', date: DOS });
    assert.equal(cpt.isValid('99213', new Date(DOS)), true);
    const unknown = cpt.validate('99214', DOS);
    assert.deepEqual([unknown.reason, unknown.code], ['unknown', '99214']);
    assert.match(unknown.message, /not in the loaded CPT file/);
    const bad = cpt.validate('9921X', DOS);
    assert.deepEqual([bad.reason, bad.code, bad.position, bad.found], ['malformed', null, 5, 'X']);
    const long = cpt.validate('992133', DOS);
    assert.deepEqual([long.reason, long.length, long.input], ['too_long', 6, '992133']);
    assert.equal(cpt.reason('', DOS), 'empty');
    assert.equal(cpt.reason('J1100', DOS), 'malformed');
    assert.throws(() => cpt.validate(null, DOS), { name: 'TypeError', argument: 'code' });
    assert.throws(() => cpt.validate('99213', 'soon'), { name: 'DateError', argument: 'date' });
  });

  test('the dates the file covers, and a file with its own dates', () => {
    const cpt = full.Cpt.fromBytes(FILE, { validFrom: '2025-01-01', validTo: new Date('2025-12-31') });
    assert.deepEqual(cpt.coverage, { validFrom: '2025-01-01', validTo: '2025-12-31' });
    const out = cpt.validate('99213', '2026-01-01');
    assert.deepEqual([out.reason, out.validFrom, out.validTo], ['date_out_of_range', '2025-01-01', '2025-12-31']);
    assert.equal(cpt.reason('99213', '2025-12-31'), 'valid');
    const dated = full.Cpt.fromBytes(enc('CPT Code\tDescriptor\tEffective Date\tEnd Date\n99213\tMade-up one\t2020-01-01\t2022-12-31\n'));
    const v = dated.validate('99213', '2023-01-01');
    assert.deepEqual([v.reason, v.start, v.end], ['not_valid_on_date', '2020-01-01', '2022-12-31']);
    assert.equal(dated.lookup('99213').start, '2020-01-01');
    assert.equal(full.Cpt.fromBytes(FILE, {}).size, 3);
    assert.equal(full.Cpt.fromBytes(FILE, { validFrom: null, validTo: undefined }).size, 3);
  });

  test('a file that cannot be loaded throws CptFileError with line, field and value', () => {
    const fails = (bytes, fields, options) => assert.throws(() => full.Cpt.fromBytes(bytes, options), (e) => {
      assert.ok(e instanceof Error, String(e));
      assert.equal(e.name, 'CptFileError');
      for (const [k, v] of Object.entries(fields)) assert.deepEqual(e[k], v, `${k} of ${e.message}`);
      return true;
    });
    fails(new Uint8Array(), { kind: 'empty', lines: 0 });
    fails(enc('Made-up licence text only\n'), { kind: 'empty', lines: 1 });
    fails(enc('99213\tMade-up one\n9921X\tMade-up two\n'), { kind: 'malformed_code', line: 2, field: 'column 1', value: '9921X', reason: 'malformed' });
    fails(enc('99213\tMade-up one\n99213\tMade-up two\n'), { kind: 'duplicate_code', line: 2, firstLine: 1, code: '99213' });
    fails(enc('CPT Code\tDescriptor\tEffective Date\n99213\tMade-up\t2020-13-45\n'), { kind: 'bad_date', line: 2, field: 'Effective Date', value: '2020-13-45' });
    fails(FILE, { kind: 'reversed_window', validFrom: '2025-12-31', validTo: '2025-01-01' }, { validFrom: '2025-12-31', validTo: '2025-01-01' });
    // Huge bytes that are no text of codes: refused, never a crash.
    fails(new Uint8Array(2 << 20).fill(0xff), { kind: 'empty', lines: 1 });
    assert.throws(() => full.Cpt.fromBytes('99213\tMade-up'), { name: 'TypeError', argument: 'bytes', received: 'string' });
    assert.throws(() => full.Cpt.fromBytes(null), { name: 'TypeError', argument: 'bytes' });
    assert.throws(() => full.Cpt.fromBytes(FILE, { validfrom: '2025-01-01' }), { name: 'TypeError', argument: 'options.validfrom' });
    assert.throws(() => full.Cpt.fromBytes(FILE, '2025'), { name: 'TypeError', argument: 'options' });
    assert.throws(() => full.Cpt.fromBytes(FILE, { validFrom: '2025-02-30' }), { name: 'DateError', argument: 'options.validFrom' });
    assert.throws(() => full.Cpt.fromBytes(FILE, { validTo: 2025 }), { name: 'TypeError', argument: 'options.validTo' });
  });
});
