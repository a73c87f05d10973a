"""The General Equivalence Mappings (GEMs): CMS's crosswalks between ICD-9-CM and ICD-10,
every row with its five flags (approximate, no map, combination, scenario, choice list);
nothing is reduced to one "best" code.

>>> from medcodes import gems
>>> m = gems.map("250.00", to="icd10cm")
>>> [(t.code, t.flags) for t in m.targets]
[('E11.9', '10000')]

``map(code, to)`` uses the bundled GEMs: ``to="icd10cm"`` from ICD-9-CM diagnoses and
``to="icd9cm"`` back (the FY2016 diagnosis GEMs, which lack the FY2017 and FY2018
ICD-10-CM additions), ``to="icd10pcs"`` from ICD-9-CM procedures. ``load(text, to,
release)`` reads a CMS GEM text file (``source target flags`` lines: the FY2017/FY2018
files, or ICD-10-PCS to ICD-9-CM procedures for ``to="icd9proc"``) and gives a ``Gems``
with its own ``map``; a malformed line raises ``GemFileError`` naming the line and field.
A code the GEM has no row for raises ``GemError``.
"""

from ._medcodes import GemError, GemFileError, GemMapping, Gems, GemTarget
from ._medcodes import gems_load as load
from ._medcodes import gems_map as map  # noqa: A001  (the name the CLI and JS use)

__all__ = ["GemError", "GemFileError", "GemMapping", "GemTarget", "Gems", "load", "map"]
