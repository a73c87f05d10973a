"""Typed use of the package, checked with `mypy --strict` by run-tests.sh (not a test)."""

import datetime

import numpy as np
import numpy.typing as npt
import polars as pl

import medcodes
from medcodes import ReasonKind, icd10cm


def scalars() -> None:
    ok: bool = icd10cm.is_valid("E11.9", datetime.date(2025, 3, 1))
    code: medcodes.Icd10CmCode = icd10cm.lookup("E11.9")
    title: str | None = code.title
    parent: medcodes.Icd10CmCode | None = code.parent
    kind: ReasonKind = icd10cm.reason("E11", "2025-03-01")
    cls: type[medcodes.CodeValidationError] = kind.error
    norm: str | None = icd10cm.normalize("e119", compact=True)
    spans: list[medcodes.ValiditySpan] = code.validity_spans
    try:
        icd10cm.validate("E11", None)
    except medcodes.NotBillableError as e:
        examples: list[str] = e.examples
        when: datetime.date = e.date
        print(examples, when)
    print(ok, title, parent, cls, norm, spans)


def columns() -> None:
    flags: list[bool] = icd10cm.is_valid(["E11.9", None])
    reasons: list[ReasonKind | None] = icd10cm.reason(("E11", "E11.9"))
    arr: npt.NDArray[np.bool_] = icd10cm.is_valid(np.array(["E11.9"]))
    r8: npt.NDArray[np.int8] = icd10cm.reason(np.array(["E11.9"], dtype=object))
    series: pl.Series = icd10cm.normalize(pl.Series(["e119"]))
    titles: list[str | None] = icd10cm.title(["E11.9"], short=True)
    per_row: list[bool | None] = icd10cm.is_valid(["U07.1", "U07.1"], [datetime.date(2020, 4, 1), None])
    days = np.array(["2020-03-31", "2020-04-01"], dtype="datetime64[D]")
    np_rows: npt.NDArray[np.bool_] = icd10cm.is_valid(np.array(["U07.1", "U07.1"]), days)
    pl_rows: pl.Series = icd10cm.reason(pl.Series(["U07.1"]), pl.Series([datetime.date(2020, 4, 1)]))
    print(flags, reasons, arr, r8, series, titles, per_row, np_rows, pl_rows)


def every_system() -> None:
    from medcodes import icd10pcs

    code: medcodes.AnyCode = icd10pcs.lookup("0DTJ4ZZ")
    systems: list[str] = medcodes.detect("B20")
    up: medcodes.Icd10PcsCode | None = icd10pcs.lookup("0DTJ4ZZ").parent
    kids: list[medcodes.Icd10CmCode] = icd10cm.lookup("E11").children
    walk: list[medcodes.Icd10CmCode] = icd10cm.codes_starting_with("E11.6")
    spans: list[medcodes.ValidityRange] = code.validity
    first: datetime.date = spans[0].start
    print(code.system, systems, up, kids, walk, first, icd10pcs.title_sources())


def rules_pcs_claims() -> None:
    from medcodes import claims, icd10pcs

    found: list[medcodes.EncounterFinding] = icd10cm.check_encounter(["E11.9", "E10.9"], "2025-03-01")
    notes: list[medcodes.Note] = icd10cm.lookup("E11.9").notes
    seventh: medcodes.SeventhCharacterDef | None = icd10cm.lookup("S52").seventh_characters
    pcs: medcodes.Icd10PcsCode = icd10pcs.lookup("0DTJ4ZZ")
    axes: list[medcodes.Icd10PcsAxis] = pcs.axes
    ok: bool = icd10pcs.is_valid("0DTJ4ZZ", "2025-03-01")
    col: list[bool] = icd10pcs.is_valid(["0DTJ4ZZ"], "2025-03-01")
    kinds: list[ReasonKind | None] = icd10pcs.reason(["0DTJ"])
    mce: list[medcodes.ClaimFinding] = claims.check(discharge_date="2025-03-01", age=40, principal="J18.9")
    both: list[medcodes.ClaimFinding | medcodes.EncounterFinding] = claims.check(
        {"discharge_date": "2025-03-01", "age": 40}, coding_rules=True
    )
    frame: pl.DataFrame = claims.check_table(pl.DataFrame({"claim_id": [1]}), pl.DataFrame())
    print(found, notes, seventh, axes, ok, col, kinds, mce, both, frame)


def groupers() -> None:
    import pyarrow as pa

    from medcodes import comorbidity, hcc

    one: list[str] = hcc.categories("E11.9")
    rows: list[list[str] | None] = hcc.categories(["E11.9", None], model="v24", year=2025)
    arrow: pa.Array | pa.ChunkedArray = hcc.categories(pa.array(["E11.9"]))
    frame: pl.DataFrame = hcc.patients_categories(pl.DataFrame({"patient_id": [1], "code": ["E11.9"]}), year=2026)
    score: hcc.RiskScore = hcc.score(["E11.9"], sex="F", age=70, segment="CNA")
    total: float = score.score
    elix: pl.DataFrame = comorbidity.elixhauser(pl.DataFrame({"patient_id": [1], "code": ["E11.9"]}))
    charl: pa.Table = comorbidity.charlson({"patient_id": [1], "code": ["E11.9"]})
    err: type[medcodes.MedcodesError] = medcodes.HccError
    years: list[int] = hcc.payment_years("v28")
    print(one, rows, arrow, frame, total, elix, charl, err, years, comorbidity.ELIXHAUSER_MEASURES)
