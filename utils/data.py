"""Load the course's tables, validated against ``data/datapackage.json``.

Every table is a CSV file described by a resource in the Frictionless Data Package
``data/datapackage.json``: column names, types, units, allowed values and a foreign key from
``source_id`` to the source registry ``data/sources.csv``. :func:`load` validates the file with
the ``frictionless`` library, then returns a pandas DataFrame with the declared dtypes and the
table's provenance in ``df.attrs["provenance"]``.

Anything wrong (unknown table, missing file, wrong type, a source id that does not resolve) raises
:class:`DataError` naming the file, the row and the column, so a student or teacher can fix it.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
from collections import OrderedDict
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import DATA_DIR
from .i18n import _

__all__ = [
    "DataError",
    "GRADES",
    "load",
    "table_names",
    "describe",
    "sources",
    "sources_for",
    "source_line",
    "short_source",
    "sources_markdown",
    "grade_summary",
    "data_dir",
    "use_data_dir",
    "derived_cache",
    "clear_cache",
]

#: Confidence grades used in every table's ``grade`` column.
GRADES = {
    "A": "primary document read",
    "B": "primary quoted verbatim by a careful secondary source, or several reputable reports agree",
    "C": "single secondary source, or sources disagree",
    "D": "unverified: shown only with that label",
    "E": "estimate or derived figure (method in the note)",
}

#: Columns every data table must have (the registry itself excepted).
REQUIRED_COLUMNS = ("source_id", "grade")

_MAX_ERRORS_SHOWN = 8


class DataError(ValueError):
    """A course table could not be loaded. The message says which file, row and column."""


# --------------------------------------------------------------------------- descriptor


_DATA_DIR_IN_USE: list[Path] = []


def data_dir() -> Path:
    """The folder the course reads its tables from: the one set by :func:`use_data_dir`, else
    ``$COURSE_DATA_DIR``, else ``data/`` in the course folder."""
    if _DATA_DIR_IN_USE:
        return _DATA_DIR_IN_USE[-1]
    env = os.environ.get("COURSE_DATA_DIR")
    return Path(env) if env else DATA_DIR


@contextmanager
def use_data_dir(path):
    """Read every table from ``path`` inside the ``with`` block (a private copy of ``data/`` that
    a test or a teacher's experiment may edit; cached values follow, by the one cache rule)."""
    _DATA_DIR_IN_USE.append(Path(path))
    try:
        yield Path(path)
    finally:
        _DATA_DIR_IN_USE.pop()


def _data_dir(directory) -> Path:
    return Path(directory) if directory is not None else data_dir()


def _stamp(path: Path):
    """What tells that a file changed: modification and change times, size and inode (an editor
    that saves by renaming a new file into place gives a new inode)."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def _descriptor(data_dir: Path) -> dict:
    return _descriptor_cached(str(data_dir), _stamp(data_dir / "datapackage.json"))


@lru_cache(maxsize=8)
def _descriptor_cached(data_dir: str, stamp) -> dict:
    path = Path(data_dir) / "datapackage.json"
    if stamp is None:
        raise DataError(
            f"The data descriptor {path} is missing. It lists every table of the course; "
            "restore it with `git checkout data/datapackage.json`."
        )
    try:
        desc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataError(f"The data descriptor {path} is not valid JSON: {exc}.") from None
    if not isinstance(desc, dict) or not isinstance(desc.get("resources"), list):
        raise DataError(f"The data descriptor {path} has no list of 'resources'.")
    return desc


def _resources(data_dir: Path) -> dict[str, dict]:
    return {r.get("name"): r for r in _descriptor(data_dir)["resources"] if isinstance(r, dict)}


def table_names(data_dir=None) -> list[str]:
    """The names :func:`load` accepts, sorted."""
    return sorted(n for n in _resources(_data_dir(data_dir)) if n)


def _resource(name: str, data_dir: Path) -> dict:
    if not isinstance(name, str) or not name.strip():
        raise DataError(
            f"A table name must be a non-empty string, not {name!r}. "
            f"Valid names: {', '.join(table_names(data_dir))}."
        )
    res = _resources(data_dir)
    if name not in res:
        raise DataError(
            f"There is no table called {name!r}. Valid names: {', '.join(table_names(data_dir))}."
        )
    return res[name]


def describe(name: str, data_dir=None) -> pd.DataFrame:
    """The columns of a table: name, type, unit and description (from the descriptor)."""
    from . import i18n

    res = _resource(name, _data_dir(data_dir))
    rows = [
        {
            "column": f["name"],
            "type": f.get("type", "string"),
            # in the Chinese edition the descriptor's words, from locale/zh_CN/data/datapackage.po
            "unit": i18n.data_text("unit", f.get("unit", ""), "datapackage"),
            "description": i18n.data_text("description", f.get("description", ""), "datapackage"),
        }
        for f in res.get("schema", {}).get("fields", [])
    ]
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- validation
#
# Loading a table checks, in order: the file exists; its size, SHA-256 hash and row count are
# those recorded in data/datapackage.json (so a file cut in half or emptied is caught even when
# what is left parses); it is UTF-8; it passes frictionless validation against its schema and
# the source registry; it parses; its numbers are finite. Frictionless validation is the slow
# step, so its success is remembered per version of the inputs (the file's hash, its schema, the
# registry's hash): a table validated once on this machine is not validated again until one of
# them changes. The memory lives in a small JSON file in the user's cache folder.

#: Bumped when what validation checks changes, so that old "validated" records are not trusted.
_VALIDATION_VERSION = 2
_VALIDATED: set[str] = set()  # validation keys known good in this process
_REFRESH = "python -m utils.data refresh"


def _sha256(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def cache_dir() -> Path | None:
    """Where the course keeps what it remembers between sessions (validated table versions):
    ``$COURSE_CACHE_DIR``, else the user's cache folder; None when nothing can be written."""
    env = os.environ.get("COURSE_CACHE_DIR")
    base = (
        Path(env)
        if env
        else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ai-chips-course"
    )
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return base if os.access(base, os.W_OK) else None


def _validated_file() -> Path | None:
    base = cache_dir()
    return None if base is None else base / f"validated-v{_VALIDATION_VERSION}.json"


def _known_good(key: str) -> bool:
    if key in _VALIDATED:
        return True
    path = _validated_file()
    if path is None or not path.is_file():
        return False
    try:
        known = set(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return False
    _VALIDATED.update(known)
    return key in known


def _remember_good(key: str) -> None:
    _VALIDATED.add(key)
    path = _validated_file()
    if path is None:
        return
    try:
        known = set(json.loads(path.read_text(encoding="utf-8"))) if path.is_file() else set()
    except (OSError, ValueError, TypeError):
        known = set()
    known.add(key)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(sorted(known)[-2000:]), encoding="utf-8")
        os.replace(tmp, path)  # atomic: parallel test workers and kernels never see half a file
    except OSError:
        tmp.unlink(missing_ok=True)


def _check_integrity(name: str, res: dict, raw: bytes, rel: str) -> None:
    """The file is the one the descriptor describes: same size and hash (DataError if not)."""
    want_hash, want_bytes = res.get("hash"), res.get("bytes")
    if want_hash is None or want_bytes is None:
        raise DataError(
            f"Table {name!r} ({rel}) has no recorded size and hash in data/datapackage.json, so a "
            f"damaged file could not be told from a good one. Run `{_REFRESH}` to record them."
        )
    got_hash = _sha256(raw)
    if got_hash == want_hash and len(raw) == want_bytes:
        return
    rows = max(raw.count(b"\n") - 1, 0)
    want_rows = res.get("rows")
    what = [f"it has {len(raw):,} bytes (about {rows:,} rows)"]
    what.append(
        f"the descriptor records {want_bytes:,} bytes"
        + (f" and {want_rows:,} rows" if isinstance(want_rows, int) else "")
    )
    hint = (
        f"It may have been cut short or emptied: restore it with `git checkout {rel}`."
        if len(raw) < want_bytes
        else "It has been edited."
    )
    raise DataError(
        f"Table {name!r} ({rel}) is not the file data/datapackage.json describes: "
        + "; ".join(what)
        + f". {hint} If you changed it on purpose, run `{_REFRESH}` "
        "(it rewrites the size, hash and row count in the descriptor and nothing else)."
    )


def _decode(name: str, raw: bytes, rel: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"Table {name!r} ({rel}) is not UTF-8 text: byte {raw[exc.start]:#04x} on line {line} "
            "cannot be read. Save the file as UTF-8 (in Excel: 'CSV UTF-8'), or restore it with "
            f"`git checkout {rel}`."
        ) from None


def _check_declared(name: str, res: dict, data_dir: Path, rel: str) -> list[str]:
    path = data_dir / res.get("path", "")
    if not res.get("path") or not path.is_file():
        raise DataError(
            f"The file for table {name!r} is missing: {rel}. "
            "Restore it with `git checkout data/` (or check the 'path' in data/datapackage.json)."
        )
    fields = [f["name"] for f in res.get("schema", {}).get("fields", [])]
    if name != "sources":
        missing = [c for c in REQUIRED_COLUMNS if c not in fields]
        if missing:
            raise DataError(
                f"Table {name!r} ({rel}) declares no {' or '.join(missing)} column: every row of "
                "every course table must name its source and confidence grade."
            )
    return fields


def _validate(name: str, data_dir: Path, *, raw: bytes | None = None) -> None:
    """Validate one table (and its foreign keys) with frictionless; raise DataError on problems.

    Skipped when exactly these inputs (file, schema, registry) were validated before."""
    res = _resource(name, data_dir)
    path = data_dir / res.get("path", "")
    rel = _display_path(path)
    fields = _check_declared(name, res, data_dir, rel)
    raw = path.read_bytes() if raw is None else raw
    key = _validation_key(name, res, raw, data_dir)
    if _known_good(key):
        return
    import frictionless
    from frictionless import Package

    desc = _descriptor(data_dir)
    try:
        package = Package(desc, basepath=str(data_dir))
        resource = package.get_resource(name)
        report = resource.validate()
    except frictionless.FrictionlessException as exc:
        raise DataError(f"Table {name!r} ({rel}) could not be read: {exc.error.message}") from None
    errors = [
        e
        for task in report.tasks
        for e in task.errors
        if getattr(e, "type", "") not in ("hash-count", "byte-count", "row-count")
    ]
    if errors:
        raise DataError(_format_errors(name, rel, errors, fields))
    _remember_good(key)


def _validation_key(name: str, res: dict, raw: bytes, data_dir: Path) -> str:
    schema = {k: v for k, v in res.items() if k not in ("hash", "bytes", "rows", "fields")}
    parts = [
        str(_VALIDATION_VERSION),
        name,
        _sha256(raw),
        _sha256(json.dumps(schema, sort_keys=True).encode()),
    ]
    if name != "sources":  # foreign keys: the result depends on the registry too
        src = _resources(data_dir).get("sources", {})
        spath = data_dir / src.get("path", "sources.csv")
        parts.append(_file_hash(str(spath), _stamp(spath)))
    return "|".join(parts)


@lru_cache(maxsize=8)
def _file_hash(path: str, _stamp) -> str:
    try:
        return _sha256(Path(path).read_bytes())
    except OSError:
        return "missing"


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(DATA_DIR.parent))
    except ValueError:
        return str(path)


def _format_errors(name: str, rel: str, errors, fields) -> str:
    lines = [f"Table {name!r} ({rel}) failed validation with {len(errors)} problem(s):"]
    for e in errors[:_MAX_ERRORS_SHOWN]:
        row = getattr(e, "row_number", None)
        col = getattr(e, "field_name", None)
        where = []
        if row is not None:
            where.append(f"row {row}")
        if col:
            where.append(f"column {col!r}")
        note = getattr(e, "note", "") or ""
        kind = getattr(e, "title", type(e).__name__)
        cell = getattr(e, "cell", None)
        what = f"{kind}"
        if cell is not None:
            what += f": value {cell!r}"
        if note:
            what += f" ({note})"
        lines.append(f"  - {', '.join(where) or 'file'}: {what}")
    if len(errors) > _MAX_ERRORS_SHOWN:
        lines.append(f"  … and {len(errors) - _MAX_ERRORS_SHOWN} more.")
    lines.append("Row numbers count the header as row 1. Columns declared: " + ", ".join(fields) + ".")
    return "\n".join(lines)


# --------------------------------------------------------------------------- loading


def _convert(series: pd.Series, field: dict, name: str = "", rel: str = "") -> pd.Series:
    kind = field.get("type", "string")
    blank = series.eq("")
    if kind in ("number", "integer", "year"):
        try:
            num = pd.to_numeric(series.mask(blank), errors="raise")
        except (ValueError, TypeError):
            bad = pd.to_numeric(series.mask(blank), errors="coerce").isna() & ~blank
            row = int(bad.to_numpy().argmax())
            raise DataError(
                f"Table {name!r} ({rel}), row {row + 2}, column {field['name']!r}: "
                f"{series.iloc[row]!r} is not a number."
            ) from None
        written_nan = num.isna() & ~blank  # "nan" or "NaN" typed into a cell
        if written_nan.any():
            row = int(written_nan.to_numpy().argmax())
            raise DataError(
                f"Table {name!r} ({rel}), row {row + 2}, column {field['name']!r}: "
                f"{series.iloc[row]!r} is not a number; leave the cell empty when "
                "the figure is unknown."
            )
        finite = np.isfinite(num.astype("float64").to_numpy()) | num.isna().to_numpy()
        if not finite.all():
            row = int((~finite).argmax())
            raise DataError(
                f"Table {name!r} ({rel}), row {row + 2}, column {field['name']!r}: "
                f"{series.iloc[row]!r} is not a finite number. Every figure in the "
                "course is a finite number (leave the cell empty when it is unknown)."
            )
        return num.astype("float64") if kind == "number" else num.astype("Int64")
    if kind == "boolean":
        true = set(field.get("trueValues", ["true", "True", "TRUE", "1"]))
        false = set(field.get("falseValues", ["false", "False", "FALSE", "0"]))
        out = pd.Series(pd.NA, index=series.index, dtype="boolean")
        out[series.isin(true)] = True
        out[series.isin(false)] = False
        return out
    if kind in ("date", "datetime"):
        try:
            return pd.to_datetime(series.mask(blank), format="ISO8601")
        except (ValueError, TypeError) as exc:
            raise DataError(
                f"Table {name!r} ({rel}), column {field['name']!r}: a date could not be read ({exc})."
            ) from None
    return series.mask(blank).astype("string")


def load(name: str, *, data_dir=None) -> pd.DataFrame:
    """Return the validated table ``name`` as a DataFrame.

    Column dtypes follow the descriptor (number → float64, integer/year → Int64, boolean →
    boolean, date → datetime64, string → string). ``df.attrs["provenance"]`` holds the table's
    title, description, file, licence, units per column and the source ids it uses.
    """
    directory = _data_dir(data_dir)
    res = _resource(name, directory)
    path = directory / res.get("path", "")
    key = (
        str(directory),
        name,
        _stamp(directory / "datapackage.json"),
        _stamp(path),
        _stamp(directory / "sources.csv"),
    )
    df = _load_cached(*key)
    if _DEPENDENCY_STACK:  # a cached value is being computed from this table
        used = {
            (str(directory / "datapackage.json"), key[2]),
            (str(path), key[3]),
            (str(directory / "sources.csv"), key[4]),
        }
        for deps in _DEPENDENCY_STACK:
            deps |= used
    out = df.copy()
    out.attrs = json.loads(json.dumps(df.attrs))  # a private copy of the provenance
    return out


@lru_cache(maxsize=64)
def _load_cached(data_dir: str, name: str, *_stamps) -> pd.DataFrame:
    directory = Path(data_dir)
    res = _resource(name, directory)
    path = directory / res.get("path", "")
    rel = _display_path(path)
    fields = _check_declared(name, res, directory, rel)
    raw = path.read_bytes()
    _check_integrity(name, res, raw, rel)
    text = _decode(name, raw, rel)
    _validate(name, directory, raw=raw)
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise DataError(f"Table {name!r} ({rel}) could not be parsed as CSV: {exc}") from None
    if table.empty:
        raise DataError(
            f"Table {name!r} ({rel}) has a header but no rows. Restore it with `git checkout {rel}`."
        )
    missing = [f["name"] for f in res.get("schema", {}).get("fields", []) if f["name"] not in table]
    if missing:
        raise DataError(f"Table {name!r} ({rel}) has no column {', '.join(map(repr, missing))}.")
    schema = res.get("schema", {}).get("fields", [])
    df = pd.DataFrame({f["name"]: _convert(table[f["name"]], f, name, rel) for f in schema})
    units = {f["name"]: f["unit"] for f in schema if f.get("unit")}
    licences = res.get("licenses") or _descriptor(directory).get("licenses") or []
    df.attrs["provenance"] = {
        "table": name,
        "title": res.get("title", name),
        "description": res.get("description", ""),
        "path": rel,
        "licence": "; ".join(lic.get("title") or lic.get("name", "") for lic in licences),
        "units": units,
        "source_ids": sorted(set(df["source_id"].dropna())) if "source_id" in df else [],
    }
    del fields
    return df


# --------------------------------------------------------------------------- sources


def sources(data_dir=None) -> pd.DataFrame:
    """The source registry, indexed by id."""
    return load("sources", data_dir=data_dir).set_index("id")


def _source_ids(obj) -> list[str]:
    if isinstance(obj, pd.DataFrame):
        if "source_id" in obj.columns:
            return sorted(set(obj["source_id"].dropna()))
        return list(obj.attrs.get("provenance", {}).get("source_ids", []))
    if isinstance(obj, str):
        return [obj]
    return list(obj)


def sources_for(*objs, data_dir=None) -> pd.DataFrame:
    """Registry rows for the sources used by DataFrames (or lists of ids), in id order."""
    ids: list[str] = []
    for obj in objs:
        ids.extend(_source_ids(obj))
    reg = sources(data_dir)
    unknown = sorted(set(ids) - set(reg.index))
    if unknown:
        raise DataError(f"Source id(s) not in data/sources.csv: {', '.join(unknown)}.")
    return reg.loc[sorted(set(ids))]


def _grade_span(df) -> str:
    if not isinstance(df, pd.DataFrame) or "grade" not in df.columns:
        return ""
    grades = sorted(set(df["grade"].dropna()))
    if not grades:
        return ""
    if len(grades) == 1:
        return _(" Grade {grade}.").format(grade=grades[0])
    return _(" Grades {first}–{last}.").format(first=grades[0], last=grades[-1])


def source_line(obj, *, max_named: int = 2, data_dir=None) -> str:
    """A one-line caption naming the sources behind a table or a filtered part of it."""
    reg = sources_for(obj, data_dir=data_dir)
    if reg.empty:
        return _("Source: course data (no source recorded).")
    names = [f"{row.publisher}, {row.title}" for row in reg.head(max_named).itertuples()]
    more = len(reg) - len(names)
    text = "; ".join(names)
    if more:
        text += _("; and {n} more (see sources)").format(n=more)
    label = _("Sources: {text}.") if len(reg) > 1 else _("Source: {text}.")
    return label.format(text=text) + _grade_span(obj)


def short_source(*frames, what: str = "", max_chars: int = 150, data_dir=None) -> str:
    """A one-line source caption short enough to sit under a figure: the publishers (not the
    titles; :func:`source_line` names titles, too wide for a figure), the grade span and a
    pointer to the notebook's full list. ``what`` names the table(s), e.g. ``"china_revenue"``.

    >>> short_source(load("export_rules"))              # doctest: +SKIP
    'Source: Federal Register; … Grades B–C.'
    """
    ids: list[str] = []
    grades: set[str] = set()
    for df in frames:
        ids += _source_ids(df)
        if isinstance(df, pd.DataFrame) and "grade" in df.columns:
            grades |= set(df["grade"].dropna())
    reg = sources_for(sorted(set(ids)), data_dir=data_dir)
    pubs: list[str] = []
    for p in reg["publisher"]:
        p = str(p).split(" (")[0].split(";")[0].replace(" / US SEC", "").strip()
        if p and p not in pubs:
            pubs.append(p)
    g = sorted(grades)
    tail = ""
    if g:
        tail = (
            _(" Grade {grade}.").format(grade=g[0])
            if len(g) == 1
            else _(" Grades {first}–{last}.").format(first=g[0], last=g[-1])
        )
    text = (_("Sources: ") if len(pubs) != 1 else _("Source: ")) + (f"{what}: " if what else "")
    for i, p in enumerate(pubs):
        more = _("; and {n} more (see Sources)").format(n=len(pubs) - i)
        if i and len(text) + len(p) + len(more) + len(tail) > max_chars:
            text = text.rstrip("; ") + more
            break
        text += p + ("; " if i < len(pubs) - 1 else "")
    if not pubs:
        text += _("course data (no source recorded)")
    return text.rstrip("; ") + _(".") + tail


#: Source lists longer than this are shown collapsed (a click opens them).
SOURCES_SHOWN_OPEN = 5


def sources_markdown(*objs, data_dir=None, collapse: bool | None = None) -> str:
    """A Markdown list of the sources behind tables, for a notebook's closing 'Sources' cell.

    A list of more than :data:`SOURCES_SHOWN_OPEN` sources is collapsed into an HTML
    ``<details>`` block whose one-line summary says how many there are (``collapse`` forces it
    either way), so that a notebook never ends on a wall of references.
    """
    from .text import md_link, md_text

    reg = sources_for(*objs, data_dir=data_dir)
    lines = []
    for sid, row in reg.iterrows():
        lines.append(
            f"- **{md_text(row['publisher'])}**, {md_link(row['url'], row['title'])} "
            f"({md_text(row['published'])}; "
            + _("accessed {date}").format(date=f"{row['accessed']:%Y-%m-%d}")
            + "; "
            f"{md_text(row['licence'])}) `[{sid}]`"
        )
    body = "\n".join(lines)
    if collapse is None:
        collapse = len(lines) > SOURCES_SHOWN_OPEN
    if not collapse:
        return body
    # a blank line after <summary> and before </details>: the list inside is still Markdown
    return (
        "<details><summary>"
        + _("<b>{n} sources</b> (click to open the list)").format(n=len(lines))
        + "</summary>\n\n"
        f"{body}\n\n</details>"
    )


#: The column that dates what a row reports, per table (for :func:`as_of`'s "events up to").
EVENT_DATE_COLUMNS = {
    "timeline": "date",
    "market_events": "date",
    "api_prices": "effective_date",
    "ai_models": "date",
    "nvidia_quarters": "quarter_end",
    "nvidia_revenue": "fiscal_year_end",
    "nvidia_h20": "date",
    "hyperscaler_capex": "period_end",
    "china_revenue": "period_end",
}
#: Rows that look ahead (guidance, forecasts) are not events that have happened.
_NOT_YET = ("guidance", "forecast", "plan", "expected")


def as_of(*tables, data_dir=None) -> str:
    """A dated line for the top of a notebook, computed from the tables it uses (names):
    "Figures as of <latest access date of their sources>; events up to <latest dated row>".

    The access date is the newest ``accessed`` date in the registry among the tables' sources; the
    events date is the newest value of each table's dating column (:data:`EVENT_DATE_COLUMNS`),
    leaving out rows whose ``status`` is guidance or a forecast. Returns Markdown.
    """
    from . import validate

    names = [validate.choice(t, "table", table_names(data_dir), what="course table") for t in tables]
    if not names:
        raise DataError("as_of needs the names of the tables the notebook uses.")
    frames = [load(n, data_dir=data_dir) for n in names]
    reg = sources_for(*frames, data_dir=data_dir)
    accessed = reg["accessed"].max()
    latest, which = None, None
    for name, df in zip(names, frames):
        col = EVENT_DATE_COLUMNS.get(name)
        if col is None or col not in df.columns:
            continue
        rows = df
        if "status" in df.columns:
            status = df["status"].fillna("").astype(str).str.lower()
            rows = df[~status.str.contains("|".join(_NOT_YET))]
        when = pd.to_datetime(rows[col], errors="coerce").max()
        if pd.notna(when) and (latest is None or when > latest):
            latest, which = when, name
    text = _("Figures as of **{date}** (the latest check of this notebook's {n} sources)").format(
        date=_day(accessed), n=len(reg)
    )
    if latest is not None:
        text += _("; events up to **{date}** (the newest dated row, in `{table}`)").format(
            date=_day(latest), table=which
        )
    # the whole line in italics; Chinese has no italics, so its translation drops the asterisks
    return _("*{line}.*").format(line=text)


def _day(d) -> str:
    from .i18n import fmt_date

    return fmt_date(d)


def _month(d) -> str:
    from .i18n import fmt_month

    return fmt_month(d)


def where_sources_stop(topic: str, data_dir=None, today=None) -> str:
    """Markdown for the end of a notebook: where the course's sources stop, and the pending
    events (table ``watchlist``) a teacher should look up for this notebook (``"01"``).

    Items whose date has passed (``today``: default the real date) say so: the outcome is not in
    the course's sources yet, so it must be looked up."""
    from . import validate
    from .text import md_text

    topic = validate.text(topic, "topic")
    if not re.fullmatch(r"0[0-5]", topic):
        raise validate.InputError(f"topic must be a notebook number from 00 to 05, not {topic!r:.20}.")
    timeline = load("timeline", data_dir=data_dir)
    last = pd.to_datetime(timeline["date"]).max()
    watch = load("watchlist", data_dir=data_dir)
    mine = watch[watch["topics"].str.split(";").map(lambda ts: topic in ts)].sort_values("expected")
    lines = [
        _(
            "**Where the sources stop.** The course's newest dated event is from **{month}**; "
            "the sources thin out after mid-2026. Silence after that date is not news. To check next:"
        ).format(month=_month(last))
    ]
    today = (
        pd.Timestamp.today().normalize() if today is None else pd.Timestamp(validate.as_date(today, "today"))
    )
    for r in mine.itertuples():
        when = {
            "day": _day(r.expected),
            "month": _month(r.expected),
            "quarter": _("by the end of {month}").format(month=_month(r.expected)),
        }[r.precision]
        passed = _(" (date passed: look up what happened)") if r.expected < today else ""
        lines.append(
            _("- **{when}**{passed}: {item}. *{why}.* `[{source}]`").format(
                when=when, passed=passed, item=md_text(r.item), why=md_text(r.why), source=r.source_id
            )
        )
    if mine.empty:
        lines.append("- " + _("nothing listed for this notebook in `data/watchlist.csv`."))
    return "\n".join(lines)


def label_grades(df: pd.DataFrame, column: str = "grade") -> pd.DataFrame:
    """A copy of ``df`` for display in which grade D reads "D (unverified)": a grade-D figure is
    never shown as if it were a fact."""
    if column not in df.columns:
        raise DataError(f"label_grades: no column {column!r}.")
    out = df.copy()
    out[column] = out[column].astype("string").replace({"D": _("D (unverified)")})
    return out


BRIEF_ROWS = 12  # a table shown in a notebook fits one laptop screen (see utils.nbtools.SCREEN_PX)


class Brief:
    """A short view of a table for a notebook: the columns that matter, at most ``rows`` rows,
    long text wrapped (never cut), grade D labelled "unverified", and one line that says what is
    left out and how to see all of it. ``.full`` is the whole table. Every value is escaped."""

    def __init__(self, df: pd.DataFrame, columns, rows: int, full_call: str):
        self.full = df
        self.columns = list(columns)
        self.rows = rows
        self.full_call = full_call

    def _shown(self) -> pd.DataFrame:
        from . import i18n

        shown = self.full[self.columns].head(self.rows)
        shown = label_grades(shown) if "grade" in shown.columns else shown
        return i18n.localize_frame(shown)  # Chinese headers and text in the Chinese edition

    def _note(self) -> str:
        left = []
        if len(self.full) > self.rows:
            left.append(_("{n} more rows").format(n=len(self.full) - self.rows))
        hidden = len(self.full.columns) - len(self.columns)
        if hidden > 0:
            left.append(_("{n} more columns").format(n=hidden))
        if not left:
            return ""
        how = _(": {call}").format(call=self.full_call) if self.full_call else ""
        return _("Showing {shown} of {total} rows; {left} in the full table{how}").format(
            shown=min(self.rows, len(self.full)), total=len(self.full), left=_(" and ").join(left), how=how
        )

    def _repr_html_(self) -> str:
        from . import text

        with pd.option_context("display.max_colwidth", None):
            html = self._shown().to_html(escape=True, na_rep="", border=0)
        # long text (a grade's justification, a note) wraps in full instead of being cut
        html = html.replace("<td>", '<td style="white-space:normal;max-width:32em">')
        html = f"<div style='font-family:{text.FONT_STACK}'>{html}"
        note = self._note()
        if note:
            html += text.html("<p style='font-size:90%;color:#555'>{n}</p>", n=note)
        return html + "</div>"

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", None, "display.width", 120):
            body = self._shown().to_string()
        note = self._note()
        return body + (f"\n{note}" if note else "")


def brief(df: pd.DataFrame, columns=None, *, rows: int = BRIEF_ROWS, full_call: str = "") -> Brief:
    """A short, readable view of ``df`` for a notebook (see :class:`Brief`): ``columns`` are the
    ones that matter (default: all) and ``full_call`` the code a student runs to see everything
    (for example ``'data.load("chips")'``)."""
    if not isinstance(df, pd.DataFrame):
        raise DataError(f"brief: expected a table (DataFrame), got {type(df).__name__}.")
    cols = list(df.columns) if columns is None else list(columns)
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise DataError(
            f"brief: no column(s) {', '.join(map(repr, missing))}; the table has {', '.join(map(str, df.columns))}."
        )
    if isinstance(rows, bool) or not isinstance(rows, int) or rows < 1:
        raise DataError(f"brief: rows must be a whole number of at least 1, got {rows!r}.")
    return Brief(df, cols, rows, full_call)


def grade_summary(data_dir=None) -> pd.DataFrame:
    """Rows per grade (columns A–E) for every data table (index), plus a total column."""
    counts = {}
    for name in table_names(data_dir):
        if name == "sources":
            continue
        df = load(name, data_dir=data_dir)
        counts[name] = df["grade"].value_counts()
    out = pd.DataFrame(counts).T.reindex(columns=list(GRADES)).fillna(0).astype(int)
    out = out.loc[:, out.sum() > 0]
    out["total"] = out.sum(axis=1)
    out.index.name = "table"
    return out.sort_index()


INVENTORY_PATH = "docs/data_inventory.md"


def inventory_markdown(data_dir=None) -> str:
    """The inventory of the course's tables (what each holds, rows, rows per grade) as Markdown:
    ``docs/data_inventory.md``, rewritten by ``python -m utils.data refresh``."""
    from . import text

    directory = _data_dir(data_dir)
    grades = grade_summary(directory)
    cols = [g for g in GRADES if g in grades.columns]
    lines = [
        "# The course's data tables",
        "",
        "<!-- Generated by `python -m utils.data refresh`; do not edit by hand. -->",
        "",
        "Every figure in the notebooks comes from one of these tables in `data/`. Each row names its",
        "source (an id in `data/sources.csv`) and a confidence grade: A primary document read, B a copy",
        "or several reputable reports, C a single secondary source, D unverified, E an estimate.",
        "In a notebook, `data.load(name)` returns a table and `data.describe(name)` its columns and units.",
        "",
        "| table | what it holds | rows | " + " | ".join(cols) + " |",
        "|---|---|---:|" + "---:|" * len(cols),
    ]
    res = _resources(directory)
    for name, row in grades.iterrows():
        r = res.get(name, {})
        what = text.md_text(r.get("title", ""))
        counts = " | ".join(str(int(row[g])) for g in cols)
        lines.append(f"| `{name}` | {what} | {int(row['total'])} | {counts} |")
    total = grades[cols].sum()
    lines.append(
        "| **all tables** | | **"
        + str(int(total.sum()))
        + "** | "
        + " | ".join(f"**{int(total[g])}**" for g in cols)
        + " |"
    )
    n_sources = len(load("sources", data_dir=directory))
    lines += ["", f"The source registry (`sources`) lists {n_sources} documents.", ""]
    return "\n".join(lines)


def write_inventory(data_dir=None, root=None) -> Path:
    """Write :func:`inventory_markdown` to ``docs/data_inventory.md`` (next to ``data/``)."""
    directory = _data_dir(data_dir)
    target = (Path(root) if root else directory.parent) / INVENTORY_PATH
    if target.parent.is_dir():
        target.write_text(inventory_markdown(directory), encoding="utf-8")
    return target


# ------------------------------------------------------------------------- the one cache rule
#
# Every cached value is fresh when a file it came from changes. ``load`` keys its cache on the
# files' stamps (modification time and size). ``derived_cache`` records which files a value was
# computed from (every ``load`` made while computing it, also through other cached functions) and
# recomputes the value when one of them has changed since: a teacher who edits a figure in a CSV
# mid-class sees the new figure everywhere at once, never old and new side by side.

_DERIVED_CACHES: list = []
_DEPENDENCY_STACK: list[set] = []


class _DerivedCache:
    """An LRU cache of a function of the tables, invalidated by the files the value came from."""

    def __init__(self, fn, maxsize):
        self.fn = fn
        self.maxsize = maxsize
        self._store: OrderedDict[tuple, tuple[object, frozenset]] = OrderedDict()
        self.hits = self.misses = 0
        functools.update_wrapper(self, fn)

    def __call__(self, *args, **kwargs):
        key = (str(data_dir()), args, tuple(sorted(kwargs.items())))
        try:
            hit = self._store.get(key)
        except TypeError:  # an unhashable argument: not cached, the function validates it
            return self.fn(*args, **kwargs)
        if hit is not None and all(_stamp(Path(p)) == st for p, st in hit[1]):
            self._store.move_to_end(key)
            self.hits += 1
            for outer in _DEPENDENCY_STACK:  # a caller being computed depends on these too
                outer |= hit[1]
            return hit[0]
        self.misses += 1
        deps: set = set()
        _DEPENDENCY_STACK.append(deps)
        try:
            value = self.fn(*args, **kwargs)
        finally:
            _DEPENDENCY_STACK.pop()
        for outer in _DEPENDENCY_STACK:
            outer |= deps
        self._store[key] = (value, frozenset(deps))
        self._store.move_to_end(key)
        if self.maxsize is not None:
            while len(self._store) > self.maxsize:
                self._store.popitem(last=False)
        return value

    def cache_info(self):
        return functools._CacheInfo(self.hits, self.misses, self.maxsize, len(self._store))

    def cache_clear(self) -> None:
        self._store.clear()
        self.hits = self.misses = 0


def derived_cache(maxsize: int | None = 1):
    """Cache a value computed from the tables (a lookup, a default, an evidence table), fresh
    whenever one of the files it was computed from changes; :func:`clear_cache` forgets all."""

    def wrap(fn):
        cached = _DerivedCache(fn, maxsize)
        _DERIVED_CACHES.append(cached)
        return cached

    return wrap


def clear_cache() -> None:
    """Forget cached tables and everything computed from them (tests that edit files in place,
    or a teacher who edits a CSV during a session, use this)."""
    _load_cached.cache_clear()
    _descriptor_cached.cache_clear()
    for cached in _DERIVED_CACHES:
        cached.cache_clear()


# ------------------------------------------------------------------------- refreshing the record


def _rows(raw: bytes) -> int | None:
    import csv

    try:
        return max(sum(1 for _ in csv.reader(io.StringIO(raw.decode("utf-8")))) - 1, 0)
    except (UnicodeDecodeError, csv.Error):
        return None


def refresh_descriptor(directory=None) -> list[str]:
    """Rewrite each resource's ``hash``, ``bytes`` and ``rows`` in ``datapackage.json`` from the
    files as they are now, and nothing else (after an intentional edit of a CSV). Returns the
    names of the tables whose record changed. The descriptor keeps its layout: the three fields
    sit right after the resource's ``"path"``."""
    import re

    directory = _data_dir(directory)
    path = directory / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    desc = json.loads(text)
    changed = []
    for res in desc["resources"]:
        raw = (directory / res["path"]).read_bytes()
        record = {"hash": _sha256(raw), "bytes": len(raw), "rows": _rows(raw)}
        if all(res.get(k) == v for k, v in record.items()):
            continue
        changed.append(res["name"])
        fields = ", ".join(f'"{k}": {json.dumps(v)}' for k, v in record.items())
        pat = re.compile(
            r'"path": ' + re.escape(json.dumps(res["path"])) + r","
            r'(?: "hash": "[^"]*", "bytes": \d+, "rows": (?:\d+|null),)?'
        )
        found = pat.findall(text)
        if len(found) != 1:
            raise DataError(
                f"Could not find the resource {res['name']!r} in {path} (its "
                f'"path": {json.dumps(res["path"])}, once); nothing was written.'
            )
        new = f'"path": {json.dumps(res["path"])}, {fields},'
        text = pat.sub(lambda _m, new=new: new, text)
        res.update(record)
    if json.loads(text) != desc:  # nothing but the three fields may differ
        raise DataError(
            f"Refreshing {path} would change more than the size, hash and row count; nothing was written."
        )
    if changed:
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    return changed


def _main(argv: list[str]) -> int:
    """``python -m utils.data refresh [DATA_DIR]``: record the files' size, hash and row count
    in the descriptor after an intentional edit, then check that every table loads."""
    if not argv or argv[0] != "refresh":
        print(_main.__doc__)
        return 2
    directory = Path(argv[1]) if len(argv) > 1 else data_dir()
    changed = refresh_descriptor(directory)
    print(
        f"Recorded size, hash and row count for: {', '.join(changed)}."
        if changed
        else "Every table already matches data/datapackage.json."
    )
    clear_cache()
    problems = []
    for name in table_names(directory):
        try:
            load(name, data_dir=directory)
        except DataError as exc:
            problems.append(str(exc))
    for p in problems:
        print(p)
    if not problems:
        print(f"Rewrote {_display_path(write_inventory(directory))}.")
    return 1 if problems else 0


if __name__ == "__main__":
    import sys

    sys.exit(_main(sys.argv[1:]))
