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

import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import DATA_DIR

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


def _data_dir(data_dir) -> Path:
    return Path(data_dir) if data_dir is not None else DATA_DIR


def _stamp(path: Path):
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size)


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
    res = _resource(name, _data_dir(data_dir))
    rows = [
        {
            "column": f["name"],
            "type": f.get("type", "string"),
            "unit": f.get("unit", ""),
            "description": f.get("description", ""),
        }
        for f in res.get("schema", {}).get("fields", [])
    ]
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- validation


def _validate(name: str, data_dir: Path) -> None:
    """Validate one table (and its foreign keys) with frictionless; raise DataError on problems."""
    import frictionless
    from frictionless import Package

    res = _resource(name, data_dir)
    path = data_dir / res.get("path", "")
    rel = _display_path(path)
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
    desc = _descriptor(data_dir)
    try:
        package = Package(desc, basepath=str(data_dir))
        resource = package.get_resource(name)
        report = resource.validate()
    except frictionless.FrictionlessException as exc:
        raise DataError(f"Table {name!r} ({rel}) could not be read: {exc.error.message}") from None
    errors = [e for task in report.tasks for e in task.errors]
    if errors:
        raise DataError(_format_errors(name, rel, errors, fields))


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


def _convert(series: pd.Series, field: dict) -> pd.Series:
    kind = field.get("type", "string")
    blank = series.eq("")
    if kind == "number":
        return pd.to_numeric(series.mask(blank), errors="raise").astype("float64")
    if kind == "integer":
        return pd.to_numeric(series.mask(blank), errors="raise").astype("Int64")
    if kind == "year":
        return pd.to_numeric(series.mask(blank), errors="raise").astype("Int64")
    if kind == "boolean":
        true = set(field.get("trueValues", ["true", "True", "TRUE", "1"]))
        false = set(field.get("falseValues", ["false", "False", "FALSE", "0"]))
        out = pd.Series(pd.NA, index=series.index, dtype="boolean")
        out[series.isin(true)] = True
        out[series.isin(false)] = False
        return out
    if kind in ("date", "datetime"):
        return pd.to_datetime(series.mask(blank), format="ISO8601")
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
    out = df.copy()
    out.attrs = json.loads(json.dumps(df.attrs))  # a private copy of the provenance
    return out


@lru_cache(maxsize=64)
def _load_cached(data_dir: str, name: str, *_stamps) -> pd.DataFrame:
    directory = Path(data_dir)
    _validate(name, directory)
    res = _resource(name, directory)
    path = directory / res["path"]
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    fields = res.get("schema", {}).get("fields", [])
    df = pd.DataFrame({f["name"]: _convert(raw[f["name"]], f) for f in fields})
    units = {f["name"]: f["unit"] for f in fields if f.get("unit")}
    licences = res.get("licenses") or _descriptor(directory).get("licenses") or []
    df.attrs["provenance"] = {
        "table": name,
        "title": res.get("title", name),
        "description": res.get("description", ""),
        "path": _display_path(path),
        "licence": "; ".join(lic.get("title") or lic.get("name", "") for lic in licences),
        "units": units,
        "source_ids": sorted(set(df["source_id"].dropna())) if "source_id" in df else [],
    }
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
    label = grades[0] if len(grades) == 1 else f"{grades[0]}–{grades[-1]}"
    return f" Grade{'s' if len(grades) > 1 else ''} {label}."


def source_line(obj, *, max_named: int = 2, data_dir=None) -> str:
    """A one-line caption naming the sources behind a table or a filtered part of it."""
    reg = sources_for(obj, data_dir=data_dir)
    if reg.empty:
        return "Source: course data (no source recorded)."
    names = [f"{row.publisher}, {row.title}" for row in reg.head(max_named).itertuples()]
    more = len(reg) - len(names)
    text = "; ".join(names)
    if more:
        text += f"; and {more} more (see sources)"
    return f"Source{'s' if len(reg) > 1 else ''}: {text}.{_grade_span(obj)}"


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
    tail = f" Grade{'s' if len(g) > 1 else ''} {g[0]}{'–' + g[-1] if len(g) > 1 else ''}." if g else ""
    text = f"Source{'s' if len(pubs) != 1 else ''}: " + (f"{what}: " if what else "")
    for i, p in enumerate(pubs):
        more = f"; and {len(pubs) - i} more (see Sources)"
        if i and len(text) + len(p) + len(more) + len(tail) > max_chars:
            text = text.rstrip("; ") + more
            break
        text += p + ("; " if i < len(pubs) - 1 else "")
    if not pubs:
        text += "course data (no source recorded)"
    return text.rstrip("; ") + "." + tail


def sources_markdown(*objs, data_dir=None) -> str:
    """A Markdown list of the sources behind tables, for a notebook's closing 'Sources' cell."""
    reg = sources_for(*objs, data_dir=data_dir)
    lines = []
    for sid, row in reg.iterrows():
        pub = row["published"]
        lines.append(
            f"- **{row['publisher']}**, *{row['title']}* ({pub}). <{row['url']}> "
            f"(accessed {row['accessed']:%Y-%m-%d}; {row['licence']}) `[{sid}]`"
        )
    return "\n".join(lines)


def iter_tables(data_dir=None) -> Iterable[tuple[str, pd.DataFrame]]:
    """Every table of the course, loaded and validated (used by the tests and check_install)."""
    for name in table_names(data_dir):
        yield name, load(name, data_dir=data_dir)


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


_DERIVED_CACHES: list = []


def derived_cache(maxsize: int | None = 1):
    """``functools.lru_cache`` for values computed from the tables (lookups, defaults), registered
    so that :func:`clear_cache` forgets them together with the tables they came from."""

    def wrap(fn):
        cached = lru_cache(maxsize=maxsize)(fn)
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
