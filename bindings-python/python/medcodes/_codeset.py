"""The calls every code system shares, written once.

``medcodes.icd10cm`` and ``medcodes.icd10pcs`` (and any system added later) each hold a copy
of the functions below, made by ``install(globals(), system_id)``: the same code, reading
the module global ``SYSTEM`` that names the system. The native calls they make take the
system's id and reach the core's ``CodeSystem``; a system's own module adds only its
extras. A code (``str``) goes to the native scalar call; a column (a list, numpy, pandas,
polars, pyarrow or any Arrow array) to the core's batch engine (``_columns.apply``).
"""

import types

import medcodes as _pkg

from . import _columns
from . import _medcodes as _m

SYSTEM = None
"""The id of the system a copy of these functions serves (None in the originals here)."""

_REASONS = tuple(_pkg.ReasonKind)


def _is_column(codes):
    return not isinstance(codes, str) and not _columns.is_null_scalar(codes)


def _plain(codes, date):
    """One code and one date (or None) as the native calls take them: the common case,
    tried first."""
    return isinstance(codes, str) and (date is None or isinstance(date, str))


def _date_of_one(codes, date):
    """The date of a call on one code: as the native calls take it, or ``MISSING``; checked
    here when the code is missing (None, NaN), as it would have been with one."""
    date = _columns.scalar_date(date)
    if date is not _columns.MISSING and not isinstance(codes, str):
        _m.release_on(SYSTEM, date)
    return date


def _one_date(date):
    """A date argument that cannot be missing (a missing one raises ``DateError``)."""
    given = date
    date = _columns.scalar_date(date)
    if date is _columns.MISSING:
        message = f"a missing date ({given!r}): give a date, or None for today"
        e = _pkg.DateError(message)
        # As the native reader says it: a date that does not exist.
        e.input, e.kind, e.reason, e.message = repr(given), "invalid", "a missing value is not a date (None means today)", message
        raise e
    return date


def is_valid(codes, date=None):
    """Whether each code is valid on its date of service (None: today): an ICD-10-CM code
    that is billable then, a complete ICD-10-PCS code in force then.

    ``codes`` is one code (a bool back) or a column (a column of bools back). ``date`` is
    one date for every code (a ``datetime.date``, a ``datetime``, an ISO string, a numpy
    ``datetime64`` or pandas ``Timestamp``) or a column of dates, one a code (a list or
    tuple of those, numpy ``datetime64``, a pandas, polars or pyarrow date or timestamp
    column). A missing date (None in a column, NaT, NaN) gives a missing result (None, a
    null); a missing code is False.

    >>> icd10cm.is_valid("E11.9", "2025-03-01"), icd10cm.is_valid("E11", "2025-03-01")
    (True, False)
    >>> icd10cm.is_valid(["U07.1", "U07.1", "U07.1"], date=["2020-03-31", "2020-04-01", None])
    [False, True, None]
    >>> icd10pcs.is_valid("0DTJ4ZZ", "2025-03-01"), icd10pcs.is_valid("0DTJ", "2025-03-01")
    (True, False)
    """
    if _plain(codes, date):
        return _m.is_valid(SYSTEM, codes, date)
    if _is_column(codes):
        return _columns.apply(_m.column_valid, codes, (_columns.dates(date),), system=SYSTEM)
    date = _date_of_one(codes, date)
    if date is _columns.MISSING:
        return None
    return isinstance(codes, str) and _m.is_valid(SYSTEM, codes, date)


def reason(codes, date=None):
    """Why each code is or is not valid on its date (None: today), as a ``ReasonKind``.

    One code gives a ``ReasonKind`` (None for a missing code or date). A column gives the
    kinds' numbers: a list of ``ReasonKind`` (None when missing), a numpy int8 array (-1
    when missing, so ``pandas.Categorical.from_codes(r, [str(k) for k in ReasonKind])``
    names them), or an int8 pyarrow/polars column (null when missing). ``date`` is one date
    or a column of dates, as for ``is_valid``. ``validate`` raises the matching error with
    its message.

    >>> icd10cm.reason("E11.9", "2025-03-01"), icd10cm.reason("Q99.99", "2025-03-01")
    (<ReasonKind.VALID: 0>, <ReasonKind.UNKNOWN: 4>)
    >>> icd10pcs.reason(["0DTJ4ZZ", "0DTJ"], "2025-03-01")
    [<ReasonKind.VALID: 0>, <ReasonKind.INCOMPLETE: 8>]
    """
    if _plain(codes, date):
        return _m.reason(SYSTEM, codes, date)
    if _is_column(codes):
        dates = (_columns.dates(date),)
        return _columns.apply(_m.column_reasons, codes, dates, _REASONS, system=SYSTEM)
    date = _date_of_one(codes, date)
    if date is _columns.MISSING or not isinstance(codes, str):
        return None
    return _m.reason(SYSTEM, codes, date)


def normalize(codes, *, compact=False):
    """The canonical form of each code (upper case; ICD-10-CM: a dot after the category),
    or None when it is not shaped like a code of the system (it need not exist: see
    ``reason``). ``compact=True``: without punctuation.

    >>> icd10cm.normalize(" e119 "), icd10cm.normalize("e11.9", compact=True)
    ('E11.9', 'E119')
    >>> icd10cm.normalize(["e119", "E1.19", None])
    ['E11.9', None, None]
    >>> icd10pcs.normalize(" 0dtj4zz ")
    '0DTJ4ZZ'
    """
    if _is_column(codes):
        return _columns.apply(_m.column_normalize, codes, (bool(compact),), system=SYSTEM)
    if not isinstance(codes, str):
        return None
    return _m.normalize(SYSTEM, codes, bool(compact))


def title(codes, date=None, *, short=False):
    """The title of each code: the one in force on its date when one is given (one date,
    or a column of dates as for ``is_valid``), otherwise the newest. None for missing
    entries and dates, and for what has no title (not a code; an ICD-10-PCS level).
    ``short=True``: the abbreviated title, where a source has one.

    >>> icd10cm.title("E11.9")
    'Type 2 diabetes mellitus without complications'
    >>> icd10cm.title("I10", short=True)
    'Essential (primary) hypertension'
    >>> icd10pcs.title("0DTJ4ZZ")
    'Resection of Appendix, Percutaneous Endoscopic Approach'
    """
    if _plain(codes, date):
        return _m.title(SYSTEM, codes, date, bool(short))
    if _is_column(codes):
        args = (_columns.dates(date), bool(short))
        return _columns.apply(_m.column_titles, codes, args, system=SYSTEM)
    date = _date_of_one(codes, date)
    if date is _columns.MISSING or not isinstance(codes, str):
        return None
    return _m.title(SYSTEM, codes, date, bool(short))


def lookup(code):
    """Finds a code (ICD-10-CM: billable or header; ICD-10-PCS: a code or a level of the
    hierarchy) in any release, without regard to date.

    Raises ``EmptyCodeError``, ``CodeTooLongError``, ``MalformedCodeError`` or
    ``UnknownCodeError``.

    >>> icd10cm.lookup("e11.9")
    <Icd10CmCode E11.9 billable: Type 2 diabetes mellitus without complications>
    >>> icd10pcs.lookup("0dtj")
    <Icd10PcsCode 0DTJ body_part>
    """
    return _m.lookup(SYSTEM, code)


def validate(code, date=None):
    """Validates a code for a date of service (None: today): the code when it is valid
    then, otherwise raises the reason (a ``CodeValidationError`` subclass:
    ``NotBillableError``, ``NotValidOnDateError``, ``IncompleteCodeError``,
    ``UnknownCodeError``, ``MalformedCodeError``...).

    >>> icd10cm.validate("E11.9", "2025-03-01").title
    'Type 2 diabetes mellitus without complications'
    """
    return _m.validate(SYSTEM, code, _one_date(date))


def codes():
    """Every code in the bundled data (all releases; headers and levels too), in code
    order."""
    return _m.codes(SYSTEM)


def codes_valid_on(date=None):
    """The codes valid on a date (None: today), in code order."""
    return _m.codes_valid_on(SYSTEM, _one_date(date))


def codes_starting_with(prefix):
    """Codes, headers and levels (any release) that start with a prefix, itself included,
    in code order (case, spaces and a dot ignored; nothing when the prefix cannot start a
    code): for autocomplete.

    >>> [c.code for c in icd10pcs.codes_starting_with("0dtj")][:2]
    ['0DTJ', '0DTJ0ZZ']
    """
    return _m.codes_starting_with(SYSTEM, prefix)


def coverage():
    """First and last date of service the bundled data covers."""
    return _m.coverage(SYSTEM)


def releases():
    """Every release (update date) in the bundled data, oldest first."""
    return _m.releases(SYSTEM)


def release_on(date=None):
    """The release in force on a date (None: today); None outside the covered dates."""
    return _m.release_on(SYSTEM, _one_date(date))


def title_sources():
    """The sources the titles come from, oldest first (``Icd10CmCode.title_from`` takes an
    index into them)."""
    return _m.title_sources(SYSTEM)


# Whose types are the same in every system (the stubs of the system modules import them).
__all__ = [
    "coverage",
    "is_valid",
    "normalize",
    "reason",
    "release_on",
    "releases",
    "title",
    "title_sources",
]
# Whose types name the system's code class (each system module's stub declares them).
CODE_CALLS = ("codes", "codes_starting_with", "codes_valid_on", "lookup", "validate")


def install(namespace, system):
    """Puts copies of the calls above, serving ``system`` (an id: ``'icd10cm'``), into a
    system module's namespace (its ``globals()``). Every function here is copied (the
    helpers too), so that each reads the copy's ``SYSTEM``."""
    scope = dict(globals(), SYSTEM=system)
    public = (*__all__, *CODE_CALLS)
    for name, f in globals().items():
        if not isinstance(f, types.FunctionType) or f.__module__ != __name__ or f is install:
            continue
        copy = types.FunctionType(f.__code__, scope, name, f.__defaults__, f.__closure__)
        copy.__kwdefaults__ = f.__kwdefaults__
        copy.__doc__ = f.__doc__
        scope[name] = copy
        if name in public:
            copy.__module__ = namespace["__name__"]
            namespace[name] = copy


def module(system):
    """A module of the calls above for a system without a file of its own (without
    extras): what ``medcodes`` makes ``medcodes.<id>`` of such a system."""
    mod = types.ModuleType(f"{_pkg.__name__}.{system}", f"The calls every code system has, for {system}.")
    install(mod.__dict__, system)
    mod.__all__ = [*__all__, *CODE_CALLS]
    return mod
