"""A deterministic sample of claim lines for the dataframe tests: codes of every kind a real
extract holds (valid, headers, retired, malformed, lower case, undotted, other systems,
missing) and dates of service across the covered years (some missing)."""

import datetime
import random

from medcodes import icd10cm

_FIXED = [
    "E11.9", "e119", "E11", "S52.521A", "S52.521", "T36.0X1A", "U07.1", "I10", "O80",
    "Q99.99", "", "  j45.909 ", "E11.9X", "0DTJ4ZZ", "B20", "J1100", "E0100", "99213",
    "É11", "nonsense", "Z00.00", "A00.0",
]


def codes_and_dates(n, seed=16):
    """``n`` codes (str or None) and ``n`` dates (``datetime.date`` or None)."""
    rng = random.Random(seed)
    real = [c.code for c in icd10cm.codes()[::97]]
    pool = _FIXED + real
    first = datetime.date(2015, 10, 1).toordinal()
    last = datetime.date(2026, 9, 30).toordinal()
    codes, dates = [], []
    for _ in range(n):
        r = rng.random()
        codes.append(None if r < 0.03 else rng.choice(pool))
        dates.append(None if rng.random() < 0.02 else datetime.date.fromordinal(rng.randint(first, last)))
    return codes, dates
