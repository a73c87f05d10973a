"""The enumerations the package lists come from the core's lists: ``ReasonKind`` is built
from them at import, and the string unions of the stubs (``Literal[...]``) and the
``ReasonKind`` members the stubs declare match the lists the native module exports from
the core (``ReasonKind::ALL``, ``CodeSystem::ALL``, ``MceEdit::ALL``, ``NoteKind::ALL``,
``LineFindingKind::ALL``, ``CptCategory::ALL``, ``CptSection::ALL``,
``ReleaseError::KINDS`` and the binding's own lists of the enums core does not list, kept by exhaustive matches)."""

import ast
from pathlib import Path

import medcodes
from medcodes import _medcodes

STUBS = Path(medcodes.__file__).parent


def literals(stub):
    """The ``Name: TypeAlias = Literal[...]`` aliases of a stub: name -> the strings."""
    out = {}
    for node in ast.parse((STUBS / stub).read_text()).body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.value, ast.Subscript):
            value = node.value
            if isinstance(value.value, ast.Name) and value.value.id == "Literal":
                items = value.slice.elts if isinstance(value.slice, ast.Tuple) else [value.slice]
                out[node.target.id] = tuple(ast.literal_eval(i) for i in items)
    return out


def test_stub_unions_are_the_core_lists():
    unions = literals("_medcodes.pyi")
    core = {
        "_CodeSystemId": _medcodes.CODE_SYSTEMS,
        "_CodeKind": _medcodes.CODE_KINDS,
        "_PcsLevel": _medcodes.PCS_LEVELS,
        "_Severity": _medcodes.SEVERITIES,
        "_FindingKind": _medcodes.FINDING_KINDS,
        "_NoteKind": _medcodes.NOTE_KINDS,
        "_ClaimPosition": _medcodes.CLAIM_POSITIONS,
        "_ClaimEdit": tuple(e[0] for e in _medcodes.mce_edits()),
        "_LineFindingKind": _medcodes.LINE_FINDING_KINDS,
        "_CptCategory": _medcodes.CPT_CATEGORIES,
        "_CptSection": _medcodes.CPT_SECTIONS,
        "_MatchKind": _medcodes.MATCH_KINDS,
        "_SearchField": _medcodes.SEARCH_FIELDS,
        "_ReleaseErrorKind": _medcodes.RELEASE_ERROR_KINDS,
    }
    for name, values in core.items():
        assert unions.get(name) == tuple(values), name
    assert set(unions) == set(core)  # every union of the stub is checked


def test_reason_kind_is_the_core_list():
    names = _medcodes.REASON_NAMES
    assert [(k.name, k.value, str(k)) for k in medcodes.ReasonKind] == [
        (n.upper(), i, n) for i, n in enumerate(names)
    ]
    declared = {}
    for node in ast.parse((STUBS / "__init__.pyi").read_text()).body:
        if isinstance(node, ast.ClassDef) and node.name == "ReasonKind":
            for item in node.body:
                if isinstance(item, ast.Assign):
                    declared[item.targets[0].id] = ast.literal_eval(item.value)
    assert declared == {n.upper(): i for i, n in enumerate(names)}


def test_the_values_are_the_ones_the_objects_carry():
    from medcodes import claims, cpt, hcpcs, icd10cm, icd10pcs

    looked_up = (
        icd10cm.lookup("E11.9"),
        icd10pcs.lookup("0DTJ4ZZ"),
        hcpcs.lookup("J1100"),
        medcodes.icd9cm.lookup("250.00"),
        medcodes.icd9proc.lookup("01.23"),
    )
    assert [c.system for c in looked_up] == list(_medcodes.CODE_SYSTEMS)
    assert icd10cm.lookup("E11").kind in _medcodes.CODE_KINDS
    assert [c.level for c in icd10pcs.lookup("0DTJ4ZZ").ancestors][::-1] == list(_medcodes.PCS_LEVELS[:-1])
    found = icd10cm.check_encounter(["E11.9", "E10.9", "E11.9"], "2025-03-01")
    assert found and all(f.kind in _medcodes.FINDING_KINDS and f.severity in _medcodes.SEVERITIES for f in found)
    assert all(n.kind in _medcodes.NOTE_KINDS for n in icd10cm.lookup("E11.9").notes)
    edits = claims.check(discharge_date="2025-03-01", age=70, sex="F", principal="O80")
    assert edits and all(f.edit in {e[0] for e in _medcodes.mce_edits()} for f in edits)
    assert medcodes.detect("B20") == ["icd10cm", "icd10pcs"]
    assert medcodes.detect("J1100") == ["icd10cm", "hcpcs"]
    line = hcpcs.check_line("J11", ["LT", "RT", "50", "ZZ", "L", "LT"], "2025-07-01")
    assert len({f.kind for f in line}) >= 6 and all(f.kind in _medcodes.LINE_FINDING_KINDS for f in line)
    classes = [cpt.classify(c) for c in ("99213", "0001F", "0042T", "0001U", "0002M")]
    assert [c.category for c in classes] == list(_medcodes.CPT_CATEGORIES)
    sections = [cpt.classify(c).section for c in ("99213", "00100", "10004", "70010", "80047", "90281")]
    assert sections == list(_medcodes.CPT_SECTIONS)


def test_release_error_lists_its_kinds():
    doc = medcodes.ReleaseError.__doc__
    listed = doc[doc.index("RELEASE_ERROR_KINDS:") : doc.index("), message")]
    assert tuple(x.strip(" '") for x in listed.split(":", 1)[1].split(",")) == _medcodes.RELEASE_ERROR_KINDS
