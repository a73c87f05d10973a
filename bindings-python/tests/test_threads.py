"""Many threads at once: column calls release the GIL, and 8 threads calling them together
get, row by row, the answers one thread gets (str lists, Arrow arrays, a date a row)."""

from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa

from medcodes import hcpcs, icd10cm, icd10pcs

CODES = ["E11.9", "I10", "E11", "garbage", "S52.521A", "", None, "U07.1", "0DTJ4ZZ", "J1100", "e119"]
DATES = ["2019-06-01", "2020-04-01", "2025-03-01", "2026-10-01", None]


def _column(n):
    codes = [CODES[(i * 7) % len(CODES)] for i in range(n)]
    dates = [DATES[(i * 3) % len(DATES)] for i in range(n)]
    return codes, dates


def test_eight_threads_get_the_answers_of_one():
    codes, dates = _column(50_000)
    arrow = pa.array(codes, pa.string())
    for system in (icd10cm, icd10pcs, hcpcs):
        expected = [None if c is None or d is None else system.reason(c, d) for c, d in zip(codes, dates)]
        expected_valid = system.is_valid(arrow, "2025-03-01").to_pylist()

        def work(_):
            return (
                list(system.reason(codes, date=dates)),
                system.is_valid(arrow, "2025-03-01").to_pylist(),
            )

        with ThreadPoolExecutor(8) as pool:
            for reasons, valid in pool.map(work, range(8)):
                assert reasons == expected
                assert valid == expected_valid
