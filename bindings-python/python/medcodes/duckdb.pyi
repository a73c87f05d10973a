"""medcodes as DuckDB functions (see the module)."""

from typing import Any, Callable

def functions(system: str = "icd10cm") -> dict[str, tuple[Callable[..., Any], list[Any], Any]]: ...
def register(con: Any, *, system: str = "icd10cm", prefix: str = "medcodes_") -> list[str]: ...

__all__ = ["functions", "register"]
