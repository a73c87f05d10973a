"""HCPCS Level II codes by date of service, quarter by quarter (2019-07-01 onward)."""

import os
from typing import Final, Iterable, Optional, Union

from ._codeset import *
from ._codeset import _DateArg
from ._medcodes import HcpcsCode as HcpcsCode
from ._medcodes import HcpcsWithFile as HcpcsWithFile
from ._medcodes import HcpcsFileDifferences as HcpcsFileDifferences
from ._medcodes import HcpcsFileError as HcpcsFileError
from ._medcodes import HcpcsModifier as HcpcsModifier
from ._medcodes import HcpcsRecord as HcpcsRecord
from ._medcodes import HcpcsSection as HcpcsSection
from ._medcodes import LineFinding as LineFinding
from ._medcodes import _LineFindingKind

LINE_FINDING_KINDS: Final[tuple[_LineFindingKind, ...]]

def lookup(code: str) -> HcpcsCode: ...
def validate(code: str, date: _DateArg = None) -> HcpcsCode: ...
def codes() -> list[HcpcsCode]: ...
def codes_valid_on(date: _DateArg = None) -> list[HcpcsCode]: ...
def codes_starting_with(prefix: str) -> list[HcpcsCode]: ...
def sections() -> list[HcpcsSection]: ...
def modifier(modifier: str) -> Optional[HcpcsModifier]: ...
def modifiers(date: _DateArg = None) -> list[HcpcsModifier]: ...
def check_line(code: str, modifiers: Optional[Iterable[str]] = None, date: _DateArg = None) -> list[LineFinding]: ...
def with_file(path_or_bytes: Union[str, os.PathLike[str], bytes, bytearray, memoryview]) -> HcpcsWithFile: ...

__all__ = ["HcpcsCode", "HcpcsWithFile", "HcpcsFileDifferences", "HcpcsFileError", "HcpcsModifier", "HcpcsRecord"]
__all__ += ["HcpcsSection", "LINE_FINDING_KINDS", "LineFinding"]
__all__ += ["check_line", "with_file", "modifier", "modifiers", "sections"]
__all__ += ["codes", "codes_starting_with", "codes_valid_on", "lookup", "validate"]
__all__ += ["coverage", "is_valid", "normalize", "reason", "release_on", "releases", "title", "title_sources"]
