"""The one place where the course checks the values given to its functions.

Every model function validates its inputs with these helpers, so a bad value gets the same kind
of message everywhere: it names the parameter, says what was given and what is allowed, and is
raised as :class:`InputError` (a ``ValueError``), never as a ``TypeError`` from deep inside
pandas or numpy.

* :func:`number`: a finite real number, optionally within a range (and a whole number);
* :func:`fraction`: a number between 0 and 1;
* :func:`choice`: one of a list of names, with the closest valid names suggested for a slip;
* :func:`as_date`: a date given as ``"2025-04-15"``, a ``datetime``/``Timestamp`` or a year;
* :func:`frame`: a pandas DataFrame with the columns a function needs.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import math
import numbers
from collections.abc import Iterable

__all__ = ["InputError", "number", "fraction", "integer", "choice", "as_date", "frame", "closest"]


class InputError(ValueError):
    """A value given to a course function cannot be used; the message says which and why."""


def _unit(unit: str) -> str:
    return f" {unit}" if unit else ""


def _range_text(low, high, unit: str, low_open: bool, high_open: bool) -> str:
    u = _unit(unit)
    if low is not None and high is not None:
        if low_open and not high_open:
            return f"greater than {low:g} and at most {high:g}{u}"
        if low_open or high_open:
            return f"between {low:g} and {high:g}{u} (exclusive)"
        return f"between {low:g} and {high:g}{u}"
    if low is not None:
        return f"{'greater than' if low_open else 'at least'} {low:g}{u}"
    if high is not None:
        return f"{'less than' if high_open else 'at most'} {high:g}{u}"
    return f"a finite number{u}"


def number(
    value,
    name: str,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    unit: str = "",
    allow_none: bool = False,
    whole: bool = False,
    hint: str = "",
) -> float | None:
    """``value`` as a finite float within [low, high] (ends open when asked), or InputError.

    ``None`` (and pandas' NA) is accepted only with ``allow_none`` and then returned as None;
    ``whole`` asks for a whole number (returned as a float with no fraction). Booleans, strings,
    arrays and other containers are refused: a slider never gives them, so they are slips.
    """
    tail = f" {hint}" if hint else ""
    allowed = _range_text(low, high, unit, low_open, high_open)
    if value is None or _is_na(value):
        if allow_none:
            return None
        what = "is missing" if value is None else "is missing (NaN)"
        raise InputError(f"{name} {what}: give a number, {allowed}.{tail}")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        kind = type(value).__name__
        raise InputError(f"{name} must be a number ({allowed}), not {value!r:.60} ({kind}).{tail}")
    try:
        x = float(value)
    except (OverflowError, ValueError):
        raise InputError(f"{name} is too large to be a number here; it must be {allowed}.") from None
    if math.isnan(x):
        raise InputError(f"{name} is NaN (not a number); give a number, {allowed}.{tail}")
    if math.isinf(x):
        raise InputError(f"{name} must be finite, not {x}; it must be {allowed}.{tail}")
    if whole and not x.is_integer():
        raise InputError(f"{name} must be a whole number, not {x:g}.{tail}")
    too_low = low is not None and (x <= low if low_open else x < low)
    too_high = high is not None and (x >= high if high_open else x > high)
    if too_low or too_high:
        raise InputError(f"{name} must be {allowed}; got {x:g}.{tail}")
    return x


def _is_na(value) -> bool:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        return False
    if value is pd.NA or value is pd.NaT:
        return True
    return False


def fraction(value, name: str, *, hint: str = "") -> float:
    """A number between 0 and 1 (0% to 100%)."""
    return number(value, name, low=0.0, high=1.0, unit="(a fraction: 0.25 means 25%)", hint=hint)


def integer(value, name: str, *, low: int | None = None, high: int | None = None, hint: str = "") -> int:
    """A whole number within [low, high]; floats such as 3.0 are accepted as 3."""
    return int(number(value, name, low=low, high=high, whole=True, hint=hint))


def closest(value, options: Iterable[str], n: int = 3) -> list[str]:
    """The valid names closest to a misspelt one (case and spaces ignored)."""
    opts = [str(o) for o in options]
    norm = {o.casefold().replace(" ", "").replace("-", "").replace("_", ""): o for o in opts}
    key = str(value).casefold().replace(" ", "").replace("-", "").replace("_", "")
    hits = difflib.get_close_matches(key, list(norm), n=n, cutoff=0.5)
    out = [norm[h] for h in hits]
    for o in opts:  # a prefix or substring is a good suggestion too
        if len(out) >= n:
            break
        if key and (key in o.casefold().replace(" ", "")) and o not in out:
            out.append(o)
    return out


def choice(value, name: str, options: Iterable, *, what: str = "", error=None) -> object:
    """``value`` if it is one of ``options``; else InputError naming the closest valid ones.

    Strings are matched exactly first, then ignoring case and surrounding spaces.
    """
    opts = list(options)
    if isinstance(value, str):
        if value in opts:
            return value
        folded = {str(o).strip().casefold(): o for o in opts}
        hit = folded.get(value.strip().casefold())
        if hit is not None:
            return hit
    elif not isinstance(value, bool):
        for o in opts:  # an array or a table compared with a name is simply not that name
            try:
                if type(o) is type(value) and bool(o == value):
                    return o
            except Exception:  # noqa: BLE001
                break
    label = what or name
    near = closest(value, [str(o) for o in opts]) if isinstance(value, str) else []
    if len(opts) <= 12:
        listing = "Choose one of: " + ", ".join(repr(o) for o in opts) + "."
    else:
        listing = f"There are {len(opts)} valid names; " + (
            "" if near else "for example " + ", ".join(repr(o) for o in opts[:5]) + "."
        )
    sugg = f" Did you mean {' or '.join(repr(s) for s in near)}?" if near else ""
    error = error or InputError
    if value is None or (isinstance(value, str) and not value.strip()):
        raise error(f"{name}: no {label} given. {listing}")
    raise error(f"{name}: {value!r:.60} is not a known {label}.{sugg} {listing}".rstrip())


def as_date(value, name: str = "date", *, year_means: str = "end") -> _dt.date:
    """A date from ``"2025-04-15"``, ``"2025-04"``, a ``date``/``datetime``/``Timestamp`` or a
    year (an ``int`` such as 2024 or the string ``"2024"``).

    A bare year means its last day (31 December) with ``year_means="end"`` (what was in force by
    the end of that year), or 1 January with ``"start"``. Anything else is an InputError.
    """
    import pandas as pd

    if isinstance(value, bool):
        raise InputError(f"{name} must be a date such as '2025-04-15' or a year such as 2025, not {value!r}.")
    if isinstance(value, numbers.Integral) or (isinstance(value, float) and value.is_integer()):
        year = int(value)
        if not 1900 <= year <= 2100:
            raise InputError(
                f"{name}: {value!r} is not a year between 1900 and 2100 (or give a "
                "date such as '2025-04-15')."
            )
        return _dt.date(year, 12, 31) if year_means == "end" else _dt.date(year, 1, 1)
    if isinstance(value, str):
        s = value.strip()
        if s.isdigit() and len(s) == 4:
            return as_date(int(s), name, year_means=year_means)
        if len(s) == 7 and s[4] == "-" and s[:4].isdigit() and s[5:].isdigit():
            p = pd.Period(s, freq="M")
            ts = p.to_timestamp(how="end") if year_means == "end" else p.to_timestamp()
            return ts.date()
        try:
            ts = pd.Timestamp(s)
        except (ValueError, TypeError):
            ts = pd.NaT
        if ts is pd.NaT or pd.isna(ts):
            raise InputError(
                f"{name}: {value!r:.40} is not a date; use the form '2025-04-15' or a year such as 2025."
            )
        return ts.date()
    if isinstance(value, (_dt.datetime, pd.Timestamp)):
        if pd.isna(value):
            raise InputError(f"{name} is missing (NaT); give a date such as '2025-04-15'.")
        return pd.Timestamp(value).date()
    if isinstance(value, _dt.date):
        return value
    if value is None or _is_na(value):
        raise InputError(f"{name} is missing; give a date such as '2025-04-15' or a year.")
    raise InputError(
        f"{name} must be a date such as '2025-04-15' or a year such as 2025, not "
        f"{value!r:.40} ({type(value).__name__})."
    )


def frame(value, name: str, columns: Iterable[str] = ()):
    """``value`` if it is a pandas DataFrame holding ``columns``; else InputError."""
    import pandas as pd

    if not isinstance(value, pd.DataFrame):
        raise InputError(
            f"{name} must be a table (a pandas DataFrame, for example "
            f"data.load(...)), not {type(value).__name__}."
        )
    missing = [c for c in columns if c not in value.columns]
    if missing:
        raise InputError(
            f"{name} has no column {', '.join(map(repr, missing))}; it needs {', '.join(map(repr, columns))}."
        )
    return value


def choices(value, name: str, options: Iterable, *, what: str = "", allow_empty: bool = False) -> list:
    """A list of valid names (one name alone is taken as a list of one); every name is checked
    with :func:`choice`, so a slip gets the closest valid names."""
    opts = list(options)
    if isinstance(value, str):
        value = [value]
    if value is None or isinstance(value, (bytes, dict)) or not isinstance(value, Iterable):
        raise InputError(
            f"{name} must be a list of names, for example {opts[:2]!r}, not "
            f"{value!r:.40} ({type(value).__name__})."
        )
    try:
        items = list(value)
    except TypeError:
        raise InputError(f"{name} must be a list of names, not {type(value).__name__}.") from None
    if not items and not allow_empty:
        raise InputError(
            f"{name}: pick at least one {what or 'name'}; choose from {', '.join(map(repr, opts[:12]))}."
        )
    return [choice(v, name, opts, what=what) for v in items]


def mapping(value, name: str):
    """``value`` if it is a dict-like mapping; else InputError."""
    from collections.abc import Mapping

    if not isinstance(value, Mapping):
        raise InputError(f"{name} must be a mapping such as {{'Nvidia': 0.5}}, not {type(value).__name__}.")
    return value


def text(value, name: str, *, allow_empty: bool = False) -> str:
    """A string (stripped); else InputError."""
    if not isinstance(value, str):
        raise InputError(f"{name} must be text, not {value!r:.40} ({type(value).__name__}).")
    if not allow_empty and not value.strip():
        raise InputError(f"{name} is empty; give some text.")
    return value.strip()
