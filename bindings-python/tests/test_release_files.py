"""A CMS release as published (issue 19): the code-descriptions zip with its addenda and
the tables-and-index zip with the tabular XML (ICD-10-CM), and icd10pcs.load_release;
small synthetic files made here."""

import datetime
import io
import zipfile

import pytest

import medcodes
from medcodes import icd10cm, icd10pcs


def line(order, code, billable, short, long):
    """One line of CMS's order-file layout."""
    return f"{order:05} {code:<7} {1 if billable else 0} {short[:60]:<60} {long}"


ORDER = "\n".join(
    [
        line(1, "E11", False, "Type 2 diabetes mellitus", "Type 2 diabetes mellitus"),
        line(2, "E119", True, "Type 2 diabetes w/o compl", "Type 2 diabetes mellitus without complications"),
        line(3, "E11W", True, "Type 2 diabetes, new", "Type 2 diabetes mellitus, new code"),
    ]
)
ADDENDA = "Add:      " + line(3, "E11W", True, "Type 2 diabetes, new", "Type 2 diabetes mellitus, new code") + "\n"
TABULAR = """<?xml version="1.0"?>
<ICD10CM.tabular><version>2028</version>
<chapter><name>4</name><desc>Endocrine, nutritional and metabolic diseases (E00-E89)</desc>
<section id="E08-E13"><desc>Diabetes mellitus (E08-E13)</desc>
<diag><name>E11</name><desc>Type 2 diabetes mellitus</desc>
<excludes1><note>type 1 diabetes mellitus (E10.-)</note></excludes1>
<diag><name>E11.9</name><desc>Type 2 diabetes mellitus without complications</desc></diag>
<diag><name>E11.W</name><desc>Type 2 diabetes mellitus, new code</desc>
<codeAlso><note>a new device (Z96.41)</note></codeAlso></diag>
</diag></section></chapter></ICD10CM.tabular>
"""


def zipped(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in members.items():
            z.writestr(name, text)
    return out.getvalue()


def code_descriptions(addenda=ADDENDA):
    return zipped(
        {
            "Code Descriptions/icd10cm_order_2028.txt": ORDER,
            "Code Descriptions/icd10cm_order_addenda_2028.txt": addenda,
            "Code Descriptions/icd10cm_codes_2028.txt": "E119 not read",
        }
    )


def test_both_zips_in_a_folder_give_the_new_codes_notes(tmp_path):
    (tmp_path / "2028-code-descriptions-tabular-order.zip").write_bytes(code_descriptions())
    (tmp_path / "2028-code-tables-tabular-and-index.zip").write_bytes(
        zipped({"icd10cm_tabular_2028.xml": TABULAR, "icd10cm_index_2028.xml": "<x/>"})
    )
    loaded = icd10cm.load_release(tmp_path)
    assert loaded.fiscal_year == 2028
    assert loaded.file.endswith("icd10cm_order_2028.txt")
    assert loaded.tabular.endswith("icd10cm_tabular_2028.xml")
    assert loaded.addenda == {"added": 1, "deleted": 0, "revised": 0}
    assert loaded.is_valid("E11.W", "2027-10-01")
    notes = loaded.notes("E11.W", "2027-10-01")
    assert [(n["kind"], n["site"], n["inherited"]) for n in notes] == [
        ("code_also", "E11.W", False),
        ("excludes1", "E11", True),
    ]
    assert notes[0]["lines"] == ["a new device (Z96.41)"]
    assert all(n["from_release"] for n in notes)
    assert loaded.notes("E11.W", "2027-03-31") == []
    assert loaded.seventh_characters("E11.W", "2027-10-01") is None
    seventh = loaded.seventh_characters("S52.521A", "2026-10-01")
    assert seventh["defined_at"] == "S52.52" and not seventh["from_release"]


def test_a_zip_from_bytes():
    loaded = icd10cm.load_release(code_descriptions(), name="release.zip")
    assert loaded.addenda["added"] == 1
    assert loaded.tabular is None


def test_files_that_disagree_or_are_cut_short_are_refused():
    bad = ADDENDA.replace("E11W", "E11Y")
    with pytest.raises(medcodes.ReleaseError) as e:
        icd10cm.load_release(code_descriptions(bad), name="release.zip")
    assert e.value.kind == "disagree"
    assert e.value.file.endswith("icd10cm_order_addenda_2028.txt")
    assert e.value.line == 1
    assert e.value.code == "E11.Y"
    assert e.value.path.endswith("icd10cm_order_2028.txt")

    whole = code_descriptions()
    with pytest.raises(medcodes.ReleaseError) as e:
        icd10cm.load_release(whole[:-60], name="release.zip")
    assert e.value.kind == "zip"

    cut = zipped({"icd10cm_order_2028.txt": ORDER, "icd10cm_tabular_2028.xml": TABULAR[:300]})
    with pytest.raises(medcodes.ReleaseError) as e:
        icd10cm.load_release(cut, name="release.zip")
    assert e.value.kind == "xml"
    assert e.value.file.endswith("icd10cm_tabular_2028.xml")


PCS_2028 = "\n".join(
    [
        line(1, "001", False, "Bypass CNS", "Central Nervous System and Cranial Nerves, Bypass"),
        line(2, "0016070", True, "Bypass Cereb Vent to Nasophar w Auto Sub, Open", "Bypass Cerebral Ventricle to Nasopharynx with Autologous Tissue Substitute, Open Approach"),
        line(3, "00160ZZ", True, "New bypass code", "A new bypass code"),
    ]
).encode()


def test_icd10pcs_load_release(tmp_path):
    path = tmp_path / "icd10pcs_order_2028.txt"
    path.write_bytes(PCS_2028)
    for loaded in (
        icd10pcs.load_release(path),
        icd10pcs.load_release(tmp_path),
        icd10pcs.load_release(PCS_2028, name="icd10pcs_order_2028.txt"),
        icd10pcs.load_release(zipped({"icd10pcs_order_2028.txt": PCS_2028})),
    ):
        assert isinstance(loaded, icd10pcs.Icd10PcsWithRelease)
        assert loaded.effective == datetime.date(2027, 10, 1)
        assert loaded.role == "update"
        assert (loaded.codes, loaded.billable) == (3, 2)
    fy28 = "2027-10-01"
    assert loaded.is_valid("00160ZZ", fy28)
    assert not loaded.is_valid("00160ZZ", "2026-10-01")
    assert loaded.title("00160ZZ", fy28) == "A new bypass code"
    assert loaded.validate("0016070", fy28).title_from_release
    assert loaded.lookup("00160ZZ").in_release
    assert "00160ZZ" in loaded.differences()["added"]
    assert "Icd10PcsWithRelease" in repr(loaded)

    with pytest.raises(medcodes.ReleaseError) as e:
        icd10pcs.load_release(ORDER.encode(), name="icd10cm_order_2028.txt")
    assert e.value.kind == "wrong_system"
