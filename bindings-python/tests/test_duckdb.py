"""medcodes.duckdb.register: SQL over a Parquet file of claims gives the plain column calls'
answers, NULLs kept."""

import datetime

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import medcodes
import medcodes.duckdb
from medcodes import _medcodes, icd10cm, icd10pcs
from claims_sample import codes_and_dates

N = 30_000


@pytest.fixture(scope="module")
def claims_file(tmp_path_factory):
    codes, dates = codes_and_dates(N, seed=11)
    path = tmp_path_factory.mktemp("duckdb") / "claims.parquet"
    table = pa.table({"line": pa.array(range(N), pa.int64()), "dx": pa.array(codes, pa.string()), "dos": pa.array(dates, pa.date32())})
    pq.write_table(table, path, row_group_size=4096)  # several row groups: several UDF calls
    return path, codes, dates


@pytest.fixture()
def con():
    c = duckdb.connect()
    names = medcodes.duckdb.register(c)
    assert "medcodes_is_valid" in names and "medcodes_system" in names
    yield c
    c.close()


def test_sql_over_parquet_agrees_with_the_plain_calls(con, claims_file):
    path, codes, dates = claims_file
    rows = con.execute(
        f"""SELECT medcodes_is_valid(dx, dos), medcodes_reason(dx, dos), medcodes_title(dx, dos),
                   medcodes_normalize(dx), medcodes_category(dx), medcodes_block(dx),
                   medcodes_chapter(dx), medcodes_ancestor(dx, 4), medcodes_system(dx)
            FROM '{path}' ORDER BY line"""
    ).fetchall()
    assert len(rows) == N
    names = _medcodes.REASON_NAMES
    want = list(
        zip(
            icd10cm.is_valid(codes, date=dates),
            [None if r is None else names[r] for r in icd10cm.reason(codes, date=dates)],
            icd10cm.title(codes, date=dates),
            icd10cm.normalize(codes),
            medcodes.category_of(codes),
            medcodes.block_of(codes),
            medcodes.chapter_of(codes),
            medcodes.ancestor_of(codes, 4),
            medcodes.system_of(codes),
        )
    )
    assert rows == want


def test_the_readme_query(con, claims_file):
    path, codes, dates = claims_file
    got = con.execute(f"SELECT medcodes_is_valid(dx, dos) FROM '{path}' ORDER BY line").fetchall()
    assert [r[0] for r in got] == icd10cm.is_valid(codes, date=dates)
    counts = dict(
        con.execute(
            f"SELECT medcodes_reason(dx, dos) AS reason, count(*) FROM '{path}' GROUP BY ALL"
        ).fetchall()
    )
    assert sum(counts.values()) == N and counts["valid"] == sum(1 for v in icd10cm.is_valid(codes, date=dates) if v)


def test_other_system_and_a_length_a_row(con):
    pcs = duckdb.connect()
    medcodes.duckdb.register(pcs, system="icd10pcs", prefix="pcs_")
    got = pcs.execute(
        "SELECT pcs_is_valid(c, DATE '2025-03-01'), pcs_ancestor(c, n) FROM (VALUES ('0DTJ4ZZ', 3), ('0DTJ', 1), (NULL, 2), ('0DTJ4ZZ', NULL)) t(c, n)"
    ).fetchall()
    assert got == [(True, "0DT"), (False, "0"), (False, None), (True, None)]
    assert icd10pcs.is_valid("0DTJ4ZZ", "2025-03-01")
    day = datetime.date(2025, 3, 1)
    assert con.execute("SELECT medcodes_is_valid('E11.9', ?)", [day]).fetchone() == (True,)


def test_bad_input(con):
    with pytest.raises(ValueError, match="unknown code system"):
        medcodes.duckdb.register(duckdb.connect(), system="icd9")
    # A date outside the data is the core's reason, not an error; NULLs stay NULL.
    assert con.execute("SELECT medcodes_reason('E11.9', DATE '1999-01-01')").fetchone() == ("date_out_of_range",)
    assert con.execute("SELECT medcodes_reason(NULL, DATE '2025-03-01')").fetchone() == (None,)
