// Type-checked by tests-js/package.test.mjs (tsc --strict): the declarations describe what
// a program does with the package. Never run.
import { Icd10Cm, reasonKinds, buildInfo, dataSources, detect, enumerations, categoryOf, blockOf, chapterOf, ancestorOf, systemOf, systemLabels } from 'medcodes';
import type { SystemLabel } from 'medcodes';
import type { Verdict, ReasonKind, Icd10CmCode, DateError, ArgumentTypeError, ValidityRange, CodeSystemId, DetectedSystem, Enumerations, ClaimEdit } from 'medcodes';
import init, { Icd10Cm as WebIcd10Cm } from 'medcodes/web-lite';

const cm = new Icd10Cm();
const v: Verdict = cm.validate('E11.9', new Date());
if (v.valid) {
  const code: string = v.code;
  console.log(code);
} else if (v.reason === 'not_billable') {
  const n: number = v.billableDescendants;
  const examples: string[] = v.examples;
  console.log(n, examples, v.message);
} else if (v.reason === 'malformed') {
  console.log(v.position, v.found, v.expected, v.input);
} else if (v.reason === 'not_valid_on_date') {
  const ranges: ValidityRange[] = v.validity;
  console.log(ranges.map((r) => `${r.start}..${r.end ?? 'open'}`));
}
const reason: ReasonKind = cm.reason('E11', '2025-03-01');
const names: ReasonKind[] = reasonKinds();
const batch: Verdict[] = cm.validateMany(['E11.9', null, undefined], '2025-03-01');
const nums: Uint8Array = cm.reasons(['E11.9'], '2025-03-01');
// A date a code: a row without a date gets null.
const perRow: (number | null)[] = cm.reasons(['E11.9', 'E11'], ['2025-03-01', null]);
const valid: boolean[] = cm.areValid(['E11.9', null], new Date());
const validPerRow: (boolean | null)[] = cm.areValid(['E11.9'], [new Date()]);
const verdicts: (Verdict | null)[] = cm.validateMany(['E11.9'], [undefined]);
const lines: Uint8Array = cm.reasonsOfLines('E11.9\nE11', '2025-03-01');
const why: Verdict = cm.verdict('E11.99');
const systems: DetectedSystem[] = detect('B20');
const lists: Enumerations = enumerations();
const edit: ClaimEdit | undefined = lists.claimEdits[0];
console.log(perRow, valid, validPerRow, verdicts, lines, why.reason, systems, edit, buildInfo().systems[0] satisfies CodeSystemId | undefined);
const code: Icd10CmCode | undefined = cm.lookup('E11.65');
if (code) {
  const t: string | undefined = code.title;
  const short: string | undefined = code.shortTitle;
  const open: boolean = code.isValidOn('2025-03-01');
  console.log(short, open, cm.codesValidOn('2025-03-01').length, cm.codesStartingWith('E11', 10)[0]?.code);
  const up: Icd10CmCode | undefined = code.parent;
  const crumbs: string[] = code.ancestors().map((c) => c.code);
  const chapter: number | undefined = code.chapter?.number;
  console.log(t, up?.code, crumbs, chapter, code.validitySpans[0]?.mceFlags, code.toJSON().kind);
}
const hits: Icd10CmCode[] = cm.search('diab', { limit: 10, date: '2025-03-01' });
const hits2: Icd10CmCode[] = cm.search('E11');
try {
  cm.validate('E11.9', '2025-02-30');
} catch (e) {
  const err = e as DateError | ArgumentTypeError;
  if (err.name === 'DateError') console.log(err.kind, err.input);
  else console.log(err.argument, err.expected);
}
console.log(reason, names, batch, nums, hits, hits2, buildInfo().titles, dataSources()[0]?.sha256, cm.coverage.first);

await init();
console.log(new WebIcd10Cm().isValid('E11.9', '2025-03-01'));

// Coding rules, ICD-10-PCS and claim edits.
import { Icd10Pcs, checkClaim } from 'medcodes';
import type { Note, SeventhCharacterDef, EncounterReport, ClaimReport, PcsAxisValue, ArgumentRangeError } from 'medcodes';
const s52 = cm.lookup('S52.521A');
const ns: Note[] = s52 ? s52.notes : [];
const def: SeventhCharacterDef | undefined = s52?.seventhCharacters;
console.log(ns.map((n) => `${n.label} (${n.level} ${n.where}): ${n.lines[0]?.refs[0]?.first}`), def?.characters[0]?.meaning);
const enc: EncounterReport = cm.checkEncounter(['E11.9', 'E10.9', null], '2025-03-01');
for (const f of enc.findings) console.log(f.kind, f.severity, f.codes, f.positions, f.note?.kind);
const v2 = cm.validate('S52.521', '2025-03-01');
if (v2.reason === 'missing_seventh_character') console.log(v2.base, v2.options.map((o) => o.character));
else if (v2.reason === 'missing_placeholder') console.log(v2.suggestion, v2.suggestionBillable);
const pcs = new Icd10Pcs();
const axes: PcsAxisValue[] = pcs.lookup('0DTJ4ZZ')?.axes ?? [];
console.log(axes.map((a) => a.label ?? a.value), pcs.validate('0DT', '2025-03-01').reason);
const pcsKinds: (number | null)[] = pcs.reasons(['0DTJ4ZZ'], ['2025-03-01']);
console.log(pcsKinds, pcs.codesStartingWith('0DT').map((c) => c.toJSON().level), pcs.lookup('0DT')?.descendants().length);
const rep: ClaimReport = checkClaim({ date: '2025-03-01', age: 70, sex: 'F', principal: 'O80', secondary: [{ code: 'E11.9', poa: 'Y' }],
  procedures: ['0DTJ4ZZ'] }, { codingRules: true });
for (const f of rep.findings) console.log(f.edit, f.number, f.position, f.index, f.message);
try { checkClaim({ date: '2025-03-01', age: 4.5 }); } catch (e) { console.log((e as ArgumentRangeError).argument); }

// HCPCS Level II and CPT.
import { Hcpcs, Cpt } from 'medcodes';
import type { HcpcsCode, HcpcsSection, LineFinding, LineFindingKind, HcpcsRecord, HcpcsFileError, HcpcsFileDifferences,
  CptClass, CptCategory, CptSection, CptEntry, CptVerdict, CptFileError } from 'medcodes';
const hcpcs = new Hcpcs();
const j: HcpcsCode | undefined = hcpcs.lookup('J1100');
const section: HcpcsSection | undefined = j?.section;
const si: string | undefined = j?.statusIndicatorOn('2025-07-01');
const dental: boolean | undefined = j?.isDental;
const findings: LineFinding[] = hcpcs.checkLine('J1100', ['LT', 'RT'], '2025-07-01');
const kinds: LineFindingKind[] = findings.map((f) => f.kind);
const modifierCodes: string[] = hcpcs.modifiers('2025-07-01').map((m) => m.code);
const lt = hcpcs.modifier('LT');
console.log(section?.isTemporary, si, dental, kinds, modifierCodes, lt?.isCpt, lt?.validity[0]?.start, findings[0]?.reason);
const hv: Verdict = hcpcs.validate('99213', '2025-07-01');
const hcpcsPerRow: (boolean | null)[] = hcpcs.areValid(['J1100', null], ['2025-07-01', null]);
console.log(hv.reason, hcpcsPerRow, systems.includes('cpt'));
try {
  const loaded = Hcpcs.withFile(new Uint8Array());
  const rec: HcpcsRecord | undefined = loaded.record('J1100');
  const diff: HcpcsFileDifferences = loaded.differences('2025-07-01');
  const why: ReasonKind = loaded.reason('J1100', '2026-11-15');
  console.log(rec?.longDescription, rec?.line ?? rec?.row, diff.onlyInFile, why, loaded.longDescription('J1100'), loaded.size);
} catch (e) {
  const err = e as HcpcsFileError;
  console.log(err.kind, err.line, err.field, err.value);
}
const cls: CptClass | undefined = Cpt.classify('99213');
const category: CptCategory | undefined = cls?.category;
const cptSection: CptSection | null | undefined = cls?.section;
try {
  const cpt = Cpt.fromBytes(new TextEncoder().encode('99213\tMade-up\n'), { validFrom: '2025-01-01', validTo: new Date() });
  const entry: CptEntry | undefined = cpt.lookup('99213');
  const cv: CptVerdict = cpt.validate('99213', '2025-03-01');
  if (!cv.valid && cv.reason === 'date_out_of_range') console.log(cv.validFrom, cv.validTo);
  console.log(entry?.descriptor, cpt.descriptor('99213'), cpt.isValid('99213', '2025-03-01'), cpt.size, cpt.coverage.validFrom);
} catch (e) {
  const err = e as CptFileError;
  console.log(err.kind, err.line, err.field, err.value);
}
console.log(category, cptSection);

// The error classes: `instanceof` narrows to the error's fields.
import { DateError as DateErrorClass, SearchError as SearchErrorClass } from 'medcodes';
try {
  cm.validate('E11.9', 'soon');
} catch (e) {
  if (e instanceof DateErrorClass) console.log(e.kind, e.argument, e.message);
  else if (e instanceof SearchErrorClass) console.log(e.kind);
}

// Roll-ups and detection: an array in, an array out; a string in, one answer.
const categories: (string | null)[] = categoryOf(['E11.9', null]);
const oneCategory: string | null = categoryOf('E11.9');
const blocks: (string | null)[] = blockOf(['E11.9']);
const chapters: Uint8Array = chapterOf(['E11.9']);
const chapter: number | null = chapterOf('E11.9');
const tables: (string | null)[] = ancestorOf(['0DTJ4ZZ'], 3, 'icd10pcs');
const systemsOf: (SystemLabel | null)[] = systemOf(['E11.9', '99213']);
const labels: SystemLabel[] = systemLabels();
console.log(categories, oneCategory, blocks, chapters, chapter, tables, systemsOf, labels);

// A CMS release loaded at run time: the two forms of `withRelease`, its results, its error.
import { Icd10CmWithRelease, ReleaseError as ReleaseErrorClass } from 'medcodes';
import type { ReleaseInfo, ReleaseDifferences, ReleaseCode, ReleaseTitle, ReleaseFile } from 'medcodes';
try {
  const fy28: Icd10CmWithRelease = Icd10Cm.withRelease('icd10cm_order_2028.txt', new Uint8Array(), '2027-10-01');
  const files: ReleaseFile[] = [{ name: 'icd10cm_order_2028.txt', bytes: new Uint8Array() }];
  const both: Icd10CmWithRelease = Icd10Cm.withRelease(files);
  const info: ReleaseInfo = fy28.info;
  const diff: ReleaseDifferences = both.differences();
  const found: ReleaseCode | undefined = fy28.lookup('E11.9');
  const details: ReleaseTitle | undefined = fy28.titleDetailsOn('E11.9', new Date());
  const rv: Verdict = fy28.validate('E11.9', '2027-10-01');
  const rk: Uint8Array = fy28.reasons(['E11.9'], '2027-10-01');
  const rp: (boolean | null)[] = fy28.areValid(['E11.9'], ['2027-10-01', null]);
  const pcsRelease = Icd10Pcs.withRelease('icd10pcs_order_2028.txt', new ArrayBuffer(0));
  console.log(info.role, info.addenda?.added, diff.retitled[0]?.builtIn, found?.titleFromRelease, details?.fromRelease,
    rv.reason, rk, rp, fy28.codesValidOn('2027-10-01')[0], fy28.coverage.last, pcsRelease.isValid('0DTJ4ZZ', '2027-10-01'));
} catch (e) {
  if (e instanceof ReleaseErrorClass) console.log(e.kind, e.file, e.line, e.field, e.fiscalYear);
}
