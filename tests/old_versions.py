"""The one place where warnings from old library versions are let through.

Warnings are errors in the course's tests (pyproject.toml's ``filterwarnings``; the notebook
runs in tests/course/test_notebooks.py fail on any warning shown). A few come from inside an
old release that a supported platform still ships (Google Colab's, tests/compat/colab.txt),
raised by the library's own code on a call the course cannot avoid. Each is listed here with
the versions it applies to and why; it is ignored only when such a version is installed, so
the main stack (``make test``) still turns it into an error.

``pytest_configure`` in tests/conftest.py adds these filters to pytest's, and the notebook runs
append :func:`kernel_code` to their set-up cell.
"""

from __future__ import annotations

import importlib.metadata as md
import warnings
from dataclasses import dataclass


@dataclass(frozen=True)
class Known:
    package: str  # the distribution whose old version raises it
    below: tuple[int, ...]  # applies while that distribution is older than this
    category: type[Warning]
    message: str  # regular expression matched against the start of the message
    module: str  # regular expression matched against the module the warning is attributed to
    why: str


KNOWN = [
    Known(
        "matplotlib",
        (3, 10, 1),
        DeprecationWarning,
        r"'\w+' (argument is )?deprecated(,| -) use '\w+'",
        r"matplotlib\..*",
        "matplotlib 3.10.0 (Colab) calls pyparsing's camelCase names (oneOf, parseString, "
        "enablePackrat), deprecated in pyparsing 3.3 (Colab has 3.3.2); matplotlib 3.10.1 "
        "renamed them. Raised when matplotlib imports and parses font names, and when mathtext "
        "builds its parser (QuotedString's endQuoteChar argument, the first $...$ label).",
    ),
    Known(
        "jupyter_client",
        (8,),
        DeprecationWarning,
        r"Parsing dates involving a day of month without a year",
        r"jupyter_client\..*",
        "jupyter_client 7.4 (Colab has 7.4.9) calls datetime.strptime('1', '%d') when imported, "
        "which Python 3.13 deprecates; jupyter_client 8 no longer does.",
    ),
]


def _version(dist: str) -> tuple[int, ...] | None:
    try:
        text = md.version(dist)
    except md.PackageNotFoundError:
        return None
    parts = []
    for p in text.split("."):
        digits = "".join(ch for ch in p if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def active() -> list[Known]:
    """The entries whose old version is installed here."""
    out = []
    for k in KNOWN:
        v = _version(k.package)
        if v is not None and v < k.below:
            out.append(k)
    return out


def pytest_filters() -> list[str]:
    """pytest ``filterwarnings`` lines ignoring the active entries."""
    return [f"ignore:{k.message}:{k.category.__name__}:{k.module}" for k in active()]


def apply() -> None:
    """Ignore the active entries in this process (``warnings`` filters)."""
    for k in active():
        warnings.filterwarnings("ignore", message=k.message, category=k.category, module=k.module)


def kernel_code() -> str:
    """Python source that does :func:`apply` in a notebook kernel (which cannot import tests)."""
    lines = ["import warnings as _w"]
    for k in active():
        lines.append(
            f"_w.filterwarnings('ignore', message={k.message!r}, category={k.category.__name__}, "
            f"module={k.module!r})"
        )
    lines.append("del _w")
    return "\n".join(lines) + "\n"
