// ICD-10-CM coding rules from JS: the reasons of the 7th-character and placeholder rules
// with their fields, `code.notes`, `code.seventhCharacters` and `cm.checkEncounter`, in
// the full build (notes) and the lite build (no notes: 7th characters only).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { variants } from './load.mjs';

const DOS = '2025-03-01';
const NOTE_KINDS = ['inclusion_term', 'includes', 'excludes1', 'excludes2', 'code_first',
  'use_additional_code', 'code_also', 'note', 'seventh_character'];

for (const { name, m } of variants) {
  const notes = name === 'full';
  const cm = new m.Icd10Cm();

  describe(`${name} build: coding rules`, () => {
    test('buildInfo tells whether notes are in', () => {
      assert.equal(m.buildInfo().notes, notes);
    });

    test('a code without its 7th character lists the options', () => {
      const v = cm.validate('S52.521', DOS);
      assert.equal(v.valid, false);
      assert.equal(v.reason, 'missing_seventh_character');
      assert.equal(v.code, 'S52.521');
      assert.equal(v.base, 'S52.521');
      assert.ok(v.options.length > 5, JSON.stringify(v.options));
      assert.deepEqual(Object.keys(v.options[0]), ['character', 'meaning']);
      assert.ok(v.options.some((o) => o.character === 'A' && /initial encounter/.test(o.meaning)));
      assert.ok(v.options.every((o) => cm.isValid(`S52.521${o.character}`, DOS)), 'every option makes a valid code');
      assert.equal(cm.reason('S52.521', DOS), 'missing_seventh_character');
      assert.match(v.message, /^S52\.521 needs a 7th character/);
    });

    test('a short code is padded with the placeholder X in `base`', () => {
      const v = cm.validate('T36.0X1', DOS);
      assert.equal(v.reason, 'missing_seventh_character');
      assert.equal(v.base, 'T36.0X1');
      const w = cm.validate('W21.89', DOS);
      if (w.reason === 'missing_seventh_character') assert.equal(w.base, 'W21.89X');
    });

    test('a 7th character the code does not take', () => {
      const v = cm.validate('S52.521Z', DOS);
      assert.equal(v.reason, 'seventh_character_not_allowed');
      assert.equal(v.found, 'Z');
      assert.equal(v.base, 'S52.521');
      assert.ok(v.allowed.some((o) => o.character === 'A'));
    });

    test('a missing placeholder is suggested, never applied', () => {
      const v = cm.validate('T36.01A', DOS);
      assert.equal(v.reason, 'missing_placeholder');
      assert.equal(v.valid, false);
      assert.equal(v.input, 'T36.01A');
      assert.equal(v.suggestion, 'T36.0X1A');
      assert.equal(v.suggestionBillable, true);
      assert.equal(cm.isValid('T36.0X1A', DOS), true);
    });

    test('a 7th character on a code that takes none', () => {
      const v = cm.validate('E11.9A', DOS);
      assert.equal(v.reason, 'unexpected_seventh_character');
      assert.equal(v.found, 'A');
      assert.equal(v.base, 'E11.9');
    });

    test('reasons index the new reasons by reasonKinds()', () => {
      const kinds = m.reasonKinds();
      const inputs = ['S52.521', 'S52.521Z', 'T36.01A', 'E11.9A'];
      const got = [...cm.reasons(inputs, DOS)].map((i) => kinds[i]);
      assert.deepEqual(got, inputs.map((c) => cm.reason(c, DOS)));
      for (const k of ['incomplete', 'missing_seventh_character', 'seventh_character_not_allowed',
        'missing_placeholder', 'unexpected_seventh_character']) assert.ok(kinds.includes(k), k);
    });

    test('seventhCharacters: the definition in force, from the code or an ancestor', () => {
      const def = cm.lookup('S52.521A').seventhCharacters;
      assert.deepEqual(Object.keys(def), ['definedAt', 'note', 'characters']);
      assert.ok(['S52', 'S52.5', 'S52.52'].includes(def.definedAt), def.definedAt);
      assert.ok(def.characters.some((c) => c.character === 'A'));
      assert.equal(cm.lookup('S52').seventhCharacters.definedAt, 'S52');
      assert.equal(cm.lookup('E11.9').seventhCharacters, undefined);
      if (notes) assert.equal(typeof def.note, 'string');
      else assert.equal(def.note, null);
    });

    test('notes: own first, then inherited, with code references', () => {
      const list = cm.lookup('E11.9').notes;
      if (!notes) {
        assert.deepEqual(list, []);
        assert.deepEqual(cm.chapter(4).notes, []);
        return;
      }
      assert.ok(list.length > 0);
      for (const n of list) {
        assert.deepEqual(Object.keys(n), ['kind', 'label', 'level', 'where', 'inherited', 'text', 'lines']);
        assert.ok(NOTE_KINDS.includes(n.kind), n.kind);
        assert.ok(['chapter', 'block', 'code'].includes(n.level));
        assert.equal(n.inherited, !(n.level === 'code' && n.where === 'E11.9'));
        assert.ok(n.lines.length > 0 && n.lines.every((l) => typeof l.text === 'string' && Array.isArray(l.refs)));
      }
      const e11 = list.filter((n) => n.where === 'E11');
      const excl = e11.find((n) => n.kind === 'excludes1');
      assert.ok(excl, 'E11 has an Excludes1 note');
      assert.equal(excl.label, 'Excludes1');
      const refs = excl.lines.flatMap((l) => l.refs);
      const e10 = refs.find((r) => r.first === 'E10');
      assert.ok(e10, JSON.stringify(refs));
      assert.deepEqual(Object.keys(e10), ['text', 'first', 'last', 'range', 'qualifier', 'exact', 'resolved']);
      assert.equal(e10.resolved, true);
      assert.ok(cm.lookup(e10.first), 'a reference resolves to a code of the tables');
      // Inherited notes come after own notes, nearest first: code, block, chapter.
      const levels = list.map((n) => n.level);
      assert.deepEqual(levels, [...levels].sort((a, b) => ['code', 'block', 'chapter'].indexOf(a) - ['code', 'block', 'chapter'].indexOf(b)));
      assert.ok(cm.block('E08-E13').notes.every((n) => n.level === 'block' && n.where === 'E08-E13'));
      assert.ok(cm.chapter(4).notes.every((n) => n.level === 'chapter' && n.where === '4'));
    });

    test('checkEncounter: plain findings, camelCase', () => {
      const clean = cm.checkEncounter(['E11.9'], DOS);
      assert.deepEqual(Object.keys(clean), ['date', 'notesSource', 'clean', 'findings']);
      assert.equal(clean.date, DOS);
      assert.equal(typeof clean.notesSource, 'string');
      assert.equal(clean.clean, true);

      const r = cm.checkEncounter(['E11.9', 'XX', 'E11.9', null], new Date(DOS));
      const kinds = r.findings.map((f) => f.kind);
      assert.ok(kinds.includes('invalid_code') && kinds.includes('duplicate'), kinds.join());
      assert.equal(r.clean, false);
      const invalid = r.findings.find((f) => f.kind === 'invalid_code');
      assert.deepEqual(Object.keys(invalid), ['kind', 'severity', 'codes', 'positions', 'note', 'message']);
      assert.equal(invalid.severity, 'error');
      assert.deepEqual(invalid.positions, [1]);
      assert.equal(invalid.note, null);
      const dup = r.findings.find((f) => f.kind === 'duplicate');
      assert.deepEqual(dup.codes, ['E11.9']);
      assert.equal(dup.severity, 'warning');
      assert.deepEqual(r.findings.filter((f) => f.kind === 'invalid_code').map((f) => f.positions[0]), [1, 3], 'null is an empty cell');
      assert.deepEqual(dup.positions, [0, 2]);

      const conflict = cm.checkEncounter(['E11.9', 'E10.9'], DOS).findings.find((f) => f.kind === 'excludes1');
      if (notes) {
        assert.equal(conflict.severity, 'error');
        assert.deepEqual(conflict.positions.slice().sort(), [0, 1]);
        assert.equal(conflict.note.kind, 'excludes1');
        assert.deepEqual(Object.keys(conflict.note), ['kind', 'level', 'where', 'text']);
      } else {
        assert.equal(conflict, undefined, 'no notes, no Excludes1 check');
      }
      assert.throws(() => cm.checkEncounter('E11.9', DOS), { name: 'TypeError', argument: 'codes' });
      assert.throws(() => cm.checkEncounter(['E11.9', 5], DOS), { name: 'TypeError', argument: 'codes[1]' });
      assert.throws(() => cm.checkEncounter(['E11.9'], '2025-02-30'), { name: 'DateError', kind: 'invalid' });
    });
  });
}
