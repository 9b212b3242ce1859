"""The course's one message mechanism: English source, Simplified Chinese (中文) translation.

Strings a student reads go through gettext catalogs (``.po`` files read with Babel, turned into
:class:`gettext.GNUTranslations` in memory; no compiled ``.mo`` files are kept)::

    from utils.i18n import _, pgettext
    _("Export scenario")                        # translated text
    _("{n} events").format(n=len(rows))         # translate the template, then format
    pgettext("category", "Data Center")         # a word whose translation depends on context
    N_("...")                                   # marks a string for extraction only; it is
                                                # translated where it is shown (exercise texts)

The language is ``set_language("zh")`` / ``set_language("en")``, else the environment variable
``COURSE_LANG``, else English. English is the source language: it has no catalog.

Catalogs (``locale/zh_CN/``):

* ``LC_MESSAGES/course.po``: every ``_()``, ``N_()``, ``pgettext()`` and ``ngettext()`` string
  in ``utils/`` and in the notebooks' code cells;
* ``notebooks/NN_name.po``: one entry per Markdown cell of ``notebooks/NN_name.ipynb``, its
  ``msgctxt`` the cell id and its ``msgid`` the English cell source;
* ``data/<table>.po``: the text a student reads in each data table (msgctxt ``table.column``),
  ``data/columns.po`` the column headers, ``data/datapackage.po`` the column descriptions. In a
  Chinese notebook tables display through :func:`localize_frame`; the tables themselves stay
  English (see "data text" below).

The Chinese notebooks ``notebooks/zh/NN_name.ipynb`` are generated from the English notebook
and its catalog (:func:`build_notebook`): same cells and ids, Markdown replaced by the
translation, code cells byte-identical, one generated cell before the first code cell after the
Colab set-up cell that sets the language. Commands::

    python -m utils.i18n extract            # update course.po and the notebook catalogs
    python -m utils.i18n build              # write notebooks/zh/ for the TRANSLATED notebooks
    python -m utils.i18n check              # list missing or out-of-date translations

``tests/course/test_i18n.py`` fails, naming the notebook, the cell and the English text, when a
translation is missing or its English has changed since it was translated (for the data: the
table, the column and the value); the runs of the Chinese notebooks fail on any table text they
showed in English.
"""

from __future__ import annotations

import ast
import copy
import gettext
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "TRANSLATED",
    "set_language",
    "language",
    "_",
    "N_",
    "NP_",
    "gettext_",
    "pgettext",
    "ngettext",
    "fmt_money",
    "money_unit",
    "fmt_date",
    "fmt_month",
    "fmt_fiscal",
    "data_text",
    "localize_frame",
    "fmt_number",
    "Problem",
    "problems",
    "build_notebook",
]

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "locale"
NOTEBOOK_DIR = ROOT / "notebooks"
#: The languages of the course; English is the source language (no catalog).
LANGUAGES = ("en", "zh")
_LOCALES = {"zh": "zh_CN"}
#: Notebooks whose Chinese edition is complete: the build writes them, the test covers them.
TRANSLATED = (
    "00_start_here",
    "01_export_controls",
    "02_compute_demand",
    "03_substitution",
    "04_exposure",
    "05_fact_check",
)
#: Where the generated Chinese notebooks go, per language.
OUT_DIRS = {"zh": NOTEBOOK_DIR / "zh"}
#: The cell the build puts before the first code cell of a translated notebook.
SETUP_CELL_ID = "i18n-setup"
SETUP_SOURCE = 'from utils import i18n\n\ni18n.set_language("{lang}")  # 中文版: 图表、面板和练习用中文'

_language: str | None = None


# ----------------------------------------------------------------------------- the language


def _check_language(lang) -> str:
    from .validate import InputError

    code = str(lang).strip().lower().replace("_", "-") if isinstance(lang, str) else lang
    if isinstance(code, str) and code.split("-")[0] in LANGUAGES:
        return code.split("-")[0]
    raise InputError(f"language: {lang!r:.20} is not one of the course's languages ({', '.join(LANGUAGES)}).")


def set_language(lang: str) -> None:
    """Use ``lang`` ("en" or "zh"; "zh-CN", "zh_CN" also work) from now on (returns nothing,
    so a notebook cell that calls it shows nothing). Panels keep the language they were built
    in: re-run their cells after switching."""
    global _language
    _language = _check_language(lang)
    _register_display(_language)


def language() -> str:
    """The current language: :func:`set_language`, else ``$COURSE_LANG``, else "en"."""
    if _language is not None:
        return _language
    env = os.environ.get("COURSE_LANG", "").strip()
    if env:
        try:
            return _check_language(env)
        except ValueError:
            return "en"
    return "en"


# ----------------------------------------------------------------------------- catalogs


def catalog_path(lang: str = "zh") -> Path:
    return LOCALE_DIR / _LOCALES[lang] / "LC_MESSAGES" / "course.po"


def notebook_catalog_path(name: str, lang: str = "zh") -> Path:
    return LOCALE_DIR / _LOCALES[lang] / "notebooks" / f"{name}.po"


def _stamp(path: Path):
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def read_catalog(path: Path):
    """A Babel catalog read from ``path`` (an empty one when the file does not exist)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    if not path.is_file():
        return Catalog(
            locale="zh_CN",
            domain=path.stem,
            project="ai-chips-course",
            copyright_holder="the course's authors",
        )
    with open(path, "rb") as f:
        return read_po(f, locale="zh_CN", abort_invalid=True)


def write_catalog(catalog, path: Path) -> None:
    from babel.messages.pofile import write_po

    path.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, omit_header=False, sort_output=False, include_previous=True)
    text = buf.getvalue().decode("utf-8")
    # the header's creation date changes on every run: keep the file's own, so diffs stay small
    text = re.sub(r'"POT-Creation-Date: [^"]*\\n"\n', "", text)
    text = re.sub(r'"PO-Revision-Date: [^"]*\\n"\n', "", text)
    path.write_text(text, encoding="utf-8")


# path -> (stamp, translations): fresh when the .po changes (the course's one cache rule)
_CACHE: dict[str, tuple] = {}


def data_catalog_dir(lang: str = "zh") -> Path:
    return LOCALE_DIR / _LOCALES[lang] / "data"


def _catalog_files(lang: str) -> list[Path]:
    """course.po, then the data catalogs (one per table, plus columns.po), in a fixed order."""
    return [catalog_path(lang), *sorted(data_catalog_dir(lang).glob("*.po"))]


def _translations(lang: str):
    if lang == "en":
        return None
    files = _catalog_files(lang)
    key = str(catalog_path(lang))
    stamp = tuple((str(p), _stamp(p)) for p in files)
    hit = _CACHE.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    from babel.messages.mofile import write_mo

    # one catalog of every file (course.po first: an entry it has wins), so that a lookup is one
    # dictionary access, not a walk through a chain of thirty catalogs
    merged = read_catalog(files[0])
    for path in files[1:]:
        for m in read_catalog(path):
            if m.id and merged.get(m.id, m.context) is None:
                merged[m.id] = m
    buf = io.BytesIO()
    write_mo(buf, merged, use_fuzzy=False)  # a fuzzy (unchecked) entry stays English
    buf.seek(0)
    trans = gettext.GNUTranslations(buf)
    _CACHE[key] = (stamp, trans)
    return trans


def gettext_(message: str) -> str:
    """``message`` in the current language (the English text when no translation exists)."""
    trans = _translations(language())
    return message if trans is None else trans.gettext(message)


_ = gettext_


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction without translating it now (it is translated where it
    is shown, e.g. an exercise's question by :mod:`utils.checks`)."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802
    """Mark ``message`` in ``context`` for extraction (a data value shown through
    ``pgettext(context, value)`` elsewhere); returns ``message`` unchanged."""
    return message


def pgettext(context: str, message: str) -> str:
    """``message`` translated in ``context`` (the same English word may need two translations)."""
    trans = _translations(language())
    return message if trans is None else trans.pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural template for ``n`` (Chinese has one form)."""
    trans = _translations(language())
    if trans is None:
        return singular if n == 1 else plural
    return trans.ngettext(singular, plural, n)


# ----------------------------------------------------------------------------- formats


def fmt_number(value: float, digits: int = 1) -> str:
    """A plain number with thousands separators (no currency)."""
    return f"{value:,.{digits}f}"


def _zh_amount(value: float) -> str:
    """A positive amount in 万/亿/万亿 with at most three significant figures (171亿, 8.5亿)."""
    for unit, size in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if value >= size:
            v = value / size
            return f"{v:.0f}{unit}" if v >= 100 else f"{v:.3g}{unit}"
    return f"{value:.3g}"


def fmt_money(usd_m: float, lang: str | None = None) -> str:
    """US dollars given in millions, as a reader of the language expects: English "$17.1bn" /
    "$850m"; Chinese "171亿美元" / "8500万美元" (1亿 = 100 million, 1万 = 10,000)."""
    from . import validate

    usd_m = validate.number(usd_m, "usd_m")
    lang = language() if lang is None else _check_language(lang)
    sign = "-" if usd_m < 0 else ""
    v = abs(usd_m)
    if lang == "zh":
        return f"{sign}{_zh_amount(v * 1e6)}美元"
    if v >= 1000:
        return f"{sign}${v / 1000:,.1f}bn"
    return f"{sign}${v:,.0f}m"


def money_unit(lang: str | None = None) -> tuple[float, str]:
    """For a chart axis of US dollars: (divisor from USD millions, unit name). English
    (1000, "USD billions"); Chinese (100, "亿美元"), the unit a Chinese reader expects."""
    lang = language() if lang is None else _check_language(lang)
    return (100.0, "亿美元") if lang == "zh" else (1000.0, "USD billions")


def fmt_date(d, lang: str | None = None) -> str:
    """A day: "15 April 2025" / "2025年4月15日"."""
    import pandas as pd

    d = pd.Timestamp(d)
    lang = language() if lang is None else _check_language(lang)
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d.day} {d:%B %Y}"


def fmt_month(d, lang: str | None = None) -> str:
    """A month: "April 2025" / "2025年4月"."""
    import pandas as pd

    d = pd.Timestamp(d)
    lang = language() if lang is None else _check_language(lang)
    return f"{d.year}年{d.month}月" if lang == "zh" else f"{d:%B %Y}"


_ZH_DIGITS = dict(zip("1234", "一二三四"))


def fmt_fiscal(text, lang: str | None = None):
    """Fiscal periods in a label, as a Chinese reader expects: "Q2 FY2026" → "2026财年第二季度",
    "Q2–Q4 FY2026" → "2026财年第二至第四季度", "Q1 + Q2 FY2026" → "2026财年第一、二季度",
    "FY2026" → "2026财年". Anything else in ``text`` is unchanged; English unchanged."""
    lang = language() if lang is None else _check_language(lang)
    if lang == "en" or not isinstance(text, str):
        return text
    q = _ZH_DIGITS
    text = re.sub(
        r"Q([1-4])\s*[–-]\s*Q([1-4]) FY(\d{4})", lambda m: f"{m[3]}财年第{q[m[1]]}至第{q[m[2]]}季度", text
    )
    text = re.sub(r"Q([1-4]) \+ Q([1-4]) FY(\d{4})", lambda m: f"{m[3]}财年第{q[m[1]]}、{q[m[2]]}季度", text)
    text = re.sub(r"Q([1-4]) FY(\d{4})", lambda m: f"{m[2]}财年第{q[m[1]]}季度", text)
    return re.sub(r"\bFY(\d{4})\b", r"\1财年", text)


# ----------------------------------------------------------------------------- notebooks


def _read_nb(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _split_source(text: str) -> list[str]:
    return text.splitlines(keepends=True)


@dataclass(frozen=True)
class Problem:
    """A Markdown cell or a string whose translation is missing or out of date."""

    where: str  # "notebooks/00_start_here.ipynb" or "utils/start_here/panels.py:42"
    cell: str  # the cell id ("" for a utils string)
    kind: str  # "missing", "changed" (the English changed since translation), "unchecked" (fuzzy), "format"
    english: str

    def __str__(self) -> str:
        start = " ".join(self.english.split())[:70]
        what = {
            "missing": "has no translation",
            "changed": "changed since it was translated (update the msgstr, then the msgid)",
            "unchecked": "is marked fuzzy (check the translation, then remove the fuzzy flag)",
            "format": "has different {fields} in its translation",
            "obsolete": "is translated but no longer in the English notebook",
        }[self.kind]
        cell = f", cell {self.cell}" if self.cell else ""
        return f"{self.where}{cell}: {what}: {start!r}"


def _fields(text: str) -> set[str]:
    import string

    try:
        return {f for _lit, f, _spec, _conv in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return {"<unbalanced braces>"}


def _is_colab(cell) -> bool:
    """The Colab badge and set-up cells (utils.nbtools.colab_cells): written by the build for the
    translated notebook's own address, never translated."""
    return bool(re.fullmatch(r"nb\d\d-colab(-setup)?", cell.get("id", "")))


def notebook_problems(name: str, lang: str = "zh", notebook_dir: Path | None = None) -> list[Problem]:
    """Missing or out-of-date translations of the Markdown cells of notebook ``name``."""
    nb_path = (notebook_dir or NOTEBOOK_DIR) / f"{name}.ipynb"
    nb = _read_nb(nb_path)
    cat = read_catalog(notebook_catalog_path(name, lang))
    by_ctx = {m.context: m for m in cat if m.id and m.context}
    where = f"notebooks/{name}.ipynb"
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown" or _is_colab(cell):
            continue
        src = _source(cell)
        m = by_ctx.get(cell.get("id"))
        if m is None or not m.string:
            out.append(Problem(where, cell.get("id", "?"), "missing", src))
        elif m.id != src:
            out.append(Problem(where, cell["id"], "changed", src))
        elif m.fuzzy:
            out.append(Problem(where, cell["id"], "unchecked", src))
    return out


def course_problems(lang: str = "zh", *, catalog=None, utils_dir=None, notebook_dir=None) -> list[Problem]:
    """``_()`` strings of utils/ and the notebooks' code cells with no checked translation, and
    translations whose ``{fields}`` differ from the English. (The keyword arguments point at
    other files, for tests.)"""
    cat = read_catalog(Path(catalog) if catalog is not None else catalog_path(lang))
    out = []
    for msg in extract_messages(utils_dir, notebook_dir):
        if not msg.id:
            continue  # the header
        have = cat.get(msg.id, msg.context)
        where = msg.locations[0][0] + (f":{msg.locations[0][1]}" if msg.locations[0][1] else "")
        english = msg.id if isinstance(msg.id, str) else msg.id[0]
        strings = have.string if have is not None else None
        if isinstance(strings, tuple):
            strings = strings[0] if any(strings) else ""
        if have is None or not strings:
            out.append(Problem(where, "", "missing", english))
        elif have.fuzzy:
            out.append(Problem(where, "", "unchecked", english))
        elif _fields(english) != _fields(strings):
            out.append(Problem(where, "", "format", english))
    return out


def problems(lang: str = "zh") -> list[Problem]:
    """Everything out of step for ``lang``: the TRANSLATED notebooks and the course strings."""
    out = []
    for name in TRANSLATED:
        out += notebook_problems(name, lang)
    return out + course_problems(lang) + data_problems(lang)


# ----------------------------------------------------------------------------- data text
#
# The data tables are English (their figures are read in English documents). What a student
# reads of them in a Chinese notebook — headers, events, notes, units, explanations — comes from
# one catalog per table, ``locale/zh_CN/data/<table>.po``: msgctxt "<table>.<column>", msgid the
# English value. A value edited in a CSV is a new, untranslated entry, named by ``problems()``.
# Column headers are ``data/columns.po`` (msgctxt "column"); the descriptor's column
# descriptions ``data/datapackage.po``. Translation is for display only: the tables a notebook
# loads, filters and computes with keep their English values and names.

#: Columns whose values are prose or words a student reads (translated wherever they are shown).
#: Other columns hold names (chips, companies), ids, numbers and dates, which stay as they are.
TEXT_COLUMNS = frozenset(
    """actor actor_group article_says basis category china_label definition description domain
    entity epoch_confidence estimation_method estimator evidence explanation factor first_product
    item kind location market measure metric note period product qualifier quantity reason region
    role rule_title scope segment stage statement status subject title topic unit units what why""".split()
)
#: Tables none of whose text is translated: the registry's entries are titles of English
#: documents. (The glossary's terms are bilingual in the table; its definitions are translated.)
UNTRANSLATED_TABLES = frozenset({"sources"})
#: Columns of tables that are quotations or codes, left in their own words.
UNTRANSLATED_COLUMNS = {
    "geography_definitions": {"quote"},
}
_IDENTIFIER = re.compile(
    r"[A-Za-z0-9_.=/+-]*[_=][A-Za-z0-9_.=/+-]*"  # charge_estimate, figure_id=...
    r"|[A-Z0-9][A-Za-z0-9.+-]*[0-9][A-Za-z0-9.+-]*"  # 3A090.a, 2023H1, H20
    r"|\S*[A-Z]\S*[A-Z]\S*"  # a symbol or acronym: FLOP/s, TOPS, GB/s, USD
)
#: Contexts a column's values are also looked up in: words the models write, marked with
#: ``NP_(context, ...)`` where they are defined (a market's name, a unit, a backtest period).
_EXTRA_CONTEXTS = {
    "actor_group": ("actor group",),
    "market": ("market",),
    "unit": ("unit",),
    "period": ("backtest period",),
}


def is_translatable(value) -> bool:
    """A value a reader reads as words: it has a letter and is not an identifier (charge_estimate,
    figure_id=..., 3A090.a, 2023H1) or a bare number."""
    if not isinstance(value, str) or not re.search(r"[A-Za-z]", value):
        return False
    return not _IDENTIFIER.fullmatch(value.strip())


def data_text_columns(table: str, columns) -> list[str]:
    """The columns of ``table`` (given its column names) whose values are translated."""
    if table in UNTRANSLATED_TABLES:
        return []
    skip = UNTRANSLATED_COLUMNS.get(table, set())
    return [c for c in columns if c in TEXT_COLUMNS and c not in skip]


def _data_tables(data_dir=None) -> list[str]:
    from . import data

    return [t for t in data.table_names(data_dir) if t not in UNTRANSLATED_TABLES]


def _read_csv_text(table: str, data_dir=None):
    import pandas as pd

    folder = Path(data_dir) if data_dir is not None else ROOT / "data"
    return pd.read_csv(folder / f"{table}.csv", dtype=str, keep_default_na=False)


def extract_data_messages(table: str, data_dir=None):
    """The template of ``table``'s catalog: every distinct translatable value of its text columns."""
    from babel.messages.catalog import Catalog

    template = Catalog(locale="zh_CN", domain=table, project="ai-chips-course")
    df = _read_csv_text(table, data_dir)
    for column in data_text_columns(table, df.columns):
        for value in dict.fromkeys(df[column]):
            if is_translatable(value) and template.get(value, f"{table}.{column}") is None:
                template.add(value, locations=[(f"data/{table}.csv", None)], context=f"{table}.{column}")
    return template


def _descriptor_fields(data_dir=None):
    folder = Path(data_dir) if data_dir is not None else ROOT / "data"
    meta = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for res in meta["resources"]:
        for f in res.get("schema", {}).get("fields", []):
            yield res["name"], f


def extract_descriptor_messages(data_dir=None):
    """Column descriptions and units of data/datapackage.json (shown by ``data.describe``)."""
    from babel.messages.catalog import Catalog

    template = Catalog(locale="zh_CN", domain="datapackage", project="ai-chips-course")
    for _name, f in _descriptor_fields(data_dir):
        for key in ("description", "unit"):
            value = f.get(key, "")
            if is_translatable(value) and template.get(value, f"datapackage.{key}") is None:
                template.add(value, locations=[("data/datapackage.json", None)], context=f"datapackage.{key}")
    return template


def extract_column_messages(existing=None, data_dir=None):
    """Column headers (msgctxt "column"): every column of every table, and the headers of the
    course's computed tables already in the catalog (a new one is named by the notebook runs)."""
    from babel.messages.catalog import Catalog

    template = Catalog(locale="zh_CN", domain="columns", project="ai-chips-course")
    for _name, f in _descriptor_fields(data_dir):
        if template.get(f["name"], "column") is None:
            template.add(f["name"], locations=[("data/datapackage.json", None)], context="column")
    for m in existing or ():
        if m.id and template.get(m.id, "column") is None:
            template.add(m.id, context="column")
    return template


def _data_templates(data_dir=None) -> dict[str, object]:
    """file stem -> template, for every data catalog."""
    out = {t: extract_data_messages(t, data_dir) for t in _data_tables(data_dir)}
    out["datapackage"] = extract_descriptor_messages(data_dir)
    out["columns"] = extract_column_messages(read_catalog(data_catalog_dir() / "columns.po"), data_dir)
    return {k: v for k, v in out.items() if len(v)}


def update_data_catalogs(lang: str = "zh") -> list[Path]:
    """Add new values to the data catalogs (empty), keep translations, drop vanished values."""
    written = []
    for stem, template in _data_templates().items():
        path = data_catalog_dir(lang) / f"{stem}.po"
        cat = read_catalog(path)
        cat.update(template, update_header_comment=False, keep_user_comments=True)
        cat.obsolete.clear()  # a value edited in a CSV is a new entry; the old one is not kept
        write_catalog(cat, path)
        written.append(path)
    return written


def data_problems(lang: str = "zh", data_dir=None) -> list[Problem]:
    """Values of the tables' text columns, descriptions and headers with no checked translation
    (``data_dir``: another copy of data/, for tests)."""
    out = []
    for stem, template in _data_templates(data_dir).items():
        cat = read_catalog(data_catalog_dir(lang) / f"{stem}.po")
        for msg in template:
            if not msg.id:
                continue
            have = cat.get(msg.id, msg.context)
            where = msg.locations[0][0] if msg.locations else f"locale/zh_CN/data/{stem}.po"
            column = (msg.context or "").split(".")[-1]
            if have is None or not have.string:
                out.append(Problem(where, column, "missing", msg.id))
            elif have.fuzzy:
                out.append(Problem(where, column, "unchecked", msg.id))
    return out


#: Text values (column, value) a Chinese notebook showed untranslated: checked by the notebook
#: runs of the tests (:func:`untranslated_shown`).
_MISSES: set[tuple[str, str]] = set()


def _contexts(column: str) -> list[str]:
    from . import data

    out = [f"{t}.{column}" for t in data.table_names() if t not in UNTRANSLATED_TABLES]
    return out + [f"datapackage.{column}"] if column in ("description", "unit") else out


def data_text(column: str, value, table: str | None = None):
    """``value`` of ``column`` (of ``table`` when known) in the current language: the data
    catalogs, then course.po (text the course's models write, marked ``N_``). English unchanged."""
    if language() == "en" or not is_translatable(value):
        return value
    contexts = [f"{table}.{column}"] if table else _contexts(column)
    return _translate_value(column, value, contexts, _translations(language()))


def _translate_value(column: str, value: str, contexts: list[str], trans) -> str:
    """The lookups of :func:`data_text` in one set of catalogs (``trans``, fetched once by the
    caller: checking that the catalogs are current costs a file status per catalog)."""
    for ctx in contexts + list(_EXTRA_CONTEXTS.get(column, ())):
        got = trans.pgettext(ctx, value)
        if got != value:
            return got
    if re.search(r"[\u3400-\u9fff]", value):
        return value  # a label a model made in Chinese already
    got = trans.gettext(value)
    if got == value and column == "period":
        got = fmt_fiscal(value)
    still_english = got == value or re.search(r"[a-z]{3,}", got)
    if still_english and column in TEXT_COLUMNS and value not in _untranslated_values():
        _MISSES.add((column, value))
    return got


_UNTRANSLATED_VALUES: set[str] | None = None


def _untranslated_values() -> set[str]:
    """Values of the tables left in English on purpose (document titles, quotations)."""
    global _UNTRANSLATED_VALUES
    if _UNTRANSLATED_VALUES is None:
        vals: set[str] = set()
        for table in UNTRANSLATED_TABLES:
            df = _read_csv_text(table)
            for c in df.columns:
                vals.update(df[c])
        for table, columns in UNTRANSLATED_COLUMNS.items():
            df = _read_csv_text(table)
            for c in columns:
                vals.update(df[c])
        _UNTRANSLATED_VALUES = vals
    return _UNTRANSLATED_VALUES


_REVERSE: dict[str, tuple] = {}


def any_data_text(value):
    """``value`` translated by whichever data catalog holds it, for a text whose table and column
    are not known where it is shown (a claim's evidence may be any table's cell). English unchanged."""
    lang = language()
    if lang == "en" or not is_translatable(value):
        return value
    files = sorted(data_catalog_dir(lang).glob("*.po"))
    stamp = tuple((str(p), _stamp(p)) for p in files)
    hit = _REVERSE.get(lang)
    if hit is None or hit[0] != stamp:
        table: dict[str, str] = {}
        for path in files:
            for m in read_catalog(path):
                if m.id and isinstance(m.string, str) and m.string and not m.fuzzy:
                    table.setdefault(m.id, m.string)
        hit = _REVERSE[lang] = (stamp, table)
    return hit[1].get(value, value)


def column_label(name) -> str:
    """A column header in the current language, with the English name a cell's code uses:
    "日期（date）"; English unchanged."""
    if language() == "en" or not isinstance(name, str):
        return name
    got = pgettext("column", name)
    if got == name:
        # a header of words (not a name such as "Alphabet", a grade letter or "TPP") is a miss
        if is_translatable(name) and (name[:1].islower() or " " in name):
            _MISSES.add(("column", name))
        return name
    return f"{got}（{name}）"


def localize_frame(df):
    """A copy of ``df`` for display in the current language: text columns translated
    (:func:`data_text`), headers labelled (:func:`column_label`). The same object in English."""
    import pandas as pd

    if language() == "en" or not isinstance(df, pd.DataFrame):
        return df
    from . import data

    out = df.copy()
    trans = _translations(language())
    for i, col in enumerate(out.columns):
        s = out.iloc[:, i]
        if isinstance(col, str) and (s.dtype == object or pd.api.types.is_string_dtype(s.dtype)):
            contexts = _contexts(col)  # once per column; each distinct value looked up once
            shown = {v: _translate_value(col, v, contexts, trans) for v in s.unique() if is_translatable(v)}
            out.isetitem(i, s.map(lambda v, shown=shown: shown.get(v, v)))
    if "grade" in out.columns:  # a grade-D figure is never shown as if it were a fact
        out = data.label_grades(out)
    out.columns = [column_label(c) for c in out.columns]
    if out.index.name is not None:
        out.index.name = column_label(out.index.name)
    return out


def untranslated_shown(clear: bool = False) -> list[tuple[str, str]]:
    """The (column, value) pairs shown in this process with no translation, sorted."""
    out = sorted(_MISSES)
    if clear:
        _MISSES.clear()
    return out


def _frame_html(df) -> str:
    return localize_frame(df)._repr_html_()


def _styler_html(styler) -> str:
    """A pandas Styler in the current language: a shallow copy over the localized table (its
    formats are kept by position, so renamed headers and translated text keep them)."""
    shown = copy.copy(styler)
    shown.data = localize_frame(styler.data)
    shown.columns, shown.index = shown.data.columns, shown.data.index
    return shown._repr_html_()


def _register_display(lang: str) -> None:
    """In a notebook kernel: DataFrames display through :func:`localize_frame` in Chinese (so
    the shared code cells show Chinese tables); the plain display again in English."""
    try:
        from IPython import get_ipython
    except ImportError:
        return
    ip = get_ipython()
    if ip is None or not hasattr(ip, "display_formatter"):
        return
    import pandas as pd
    from pandas.io.formats.style import Styler

    html = ip.display_formatter.formatters["text/html"]
    if lang == "en":
        html.type_printers.pop(pd.DataFrame, None)
        html.type_printers.pop(Styler, None)
    else:
        html.for_type(pd.DataFrame, _frame_html)
        html.for_type(Styler, _styler_html)
        if getattr(ip, "kernel", None) is not None:  # a front end draws it (not a test's shell)
            from IPython.display import HTML, display

            from .text import FONT_STACK

            # JupyterLab's Markdown names no CJK font, so a browser whose locale is not Chinese
            # may draw it in a Japanese face (Noto Sans CJK JP): name the Simplified Chinese ones
            display(HTML(f"<style>.jp-RenderedMarkdown {{ font-family: {FONT_STACK}; }}</style>"))


_KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext_": None,
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
    "ngettext": (1, 2),
}


def _literal_choices(path: Path) -> list[str]:
    """The literal strings of every ``choices=(...)`` keyword in a module (an Exercise's choices;
    choices named by a constant are marked ``NP_("choice", ...)`` where it is defined)."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "choices" and isinstance(kw.value, (ast.Tuple, ast.List)):
                    out += [
                        e.value
                        for e in kw.value.elts
                        if isinstance(e, ast.Constant) and isinstance(e.value, str)
                    ]
    return out


def extract_messages(utils_dir=None, notebook_dir=None):
    """A Babel catalog (template) of every marked string in utils/ and in the code cells of the
    notebooks, with their locations."""
    utils_dir = Path(utils_dir) if utils_dir is not None else ROOT / "utils"
    notebook_dir = Path(notebook_dir) if notebook_dir is not None else NOTEBOOK_DIR
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_python

    template = Catalog(locale="zh_CN", domain="course", project="ai-chips-course")

    def add(fileobj, where):
        for lineno, funcname, messages, _comments in extract_python(fileobj, _KEYWORDS, [], {}):
            if funcname in ("pgettext", "NP_"):
                ctx, msgid = messages
            else:
                ctx, msgid = None, messages
            if isinstance(msgid, tuple):
                msgid = msgid[:2] if funcname == "ngettext" else msgid[0]
            if not msgid or (isinstance(msgid, tuple) and not all(msgid)):
                continue  # not a literal (a variable translated where it is shown)
            flags = ["python-brace-format"] if "{" in (msgid if isinstance(msgid, str) else msgid[0]) else []
            existing = template.get(msgid, ctx)
            if existing is not None:
                existing.locations.append((where, lineno))
            else:
                template.add(msgid, locations=[(where, lineno)], context=ctx, flags=flags)

    for path in sorted(utils_dir.rglob("*.py")):
        if path.name == "i18n.py":
            continue
        where = f"utils/{path.relative_to(utils_dir).as_posix()}"
        with open(path, "rb") as f:
            add(f, where)
        for choice in _literal_choices(path):  # an exercise's choices, answered in either language
            if re.search(r"[a-z]{2,}", choice) and template.get(choice, "choice") is None:
                template.add(choice, locations=[(where, None)], context="choice")
    for nb_path in sorted(notebook_dir.glob("*.ipynb")):
        for cell in _read_nb(nb_path)["cells"]:
            src = _source(cell)
            if cell["cell_type"] == "code" and ("_(" in src or "gettext(" in src):
                try:
                    ast.parse(src)
                except SyntaxError:
                    continue
                add(io.BytesIO(src.encode("utf-8")), f"notebooks/{nb_path.name}#{cell.get('id')}")
    return template


def update_course_catalog(lang: str = "zh") -> Path:
    """Add new strings to course.po (empty), keep translations, mark vanished ones obsolete."""
    path = catalog_path(lang)
    cat = read_catalog(path)
    cat.update(extract_messages(), update_header_comment=False, keep_user_comments=True)
    for m in cat:  # files, not line numbers: an edit elsewhere in a module does not touch the .po
        m.locations = sorted({(where, None) for where, _line in m.locations})
    write_catalog(cat, path)
    return path


def update_notebook_catalog(name: str, lang: str = "zh") -> Path:
    """One entry per Markdown cell of notebook ``name`` (msgctxt = cell id, msgid = its source):
    translations kept; a cell whose English changed keeps its old msgid as ``#| msgid`` and is
    marked fuzzy (the test fails until a translator checks it); vanished cells become obsolete."""
    from babel.messages.catalog import Catalog

    path = notebook_catalog_path(name, lang)
    old = read_catalog(path)
    by_ctx = {m.context: m for m in old if m.id and m.context}
    new = Catalog(
        locale=_LOCALES[lang], domain=name, project="ai-chips-course", copyright_holder="the course's authors"
    )
    new.header_comment = old.header_comment
    nb = _read_nb(NOTEBOOK_DIR / f"{name}.ipynb")
    seen = set()
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown" or _is_colab(cell):
            continue
        cid, src = cell["id"], _source(cell)
        seen.add(cid)
        prev = by_ctx.get(cid)
        if prev is None:
            new.add(src, "", context=cid, locations=[(f"notebooks/{name}.ipynb", None)])
            continue
        m = copy.copy(prev)
        if prev.id != src:
            m.previous_id = [prev.id]
            m.id = src
            m.flags = set(prev.flags) | {"fuzzy"}
        new[src] = m  # keyed by (msgid, msgctxt)
    for cid, prev in by_ctx.items():
        if cid not in seen and prev.string:
            new.obsolete[(prev.id, cid)] = prev
    write_catalog(new, path)
    return path


# ----------------------------------------------------------------------------- the build

_LINK = re.compile(r"(\]\()([^)\s]+)(\))")
#: The Colab badge and set-up cells (utils.nbtools.colab_cells): the language is set after them,
#: since on Colab the set-up cell is what installs the course.


def _relink(markdown: str, lang: str) -> str:
    """Relative links of a notebook one folder down: ``../docs/x`` -> ``../../docs/x``; a link to
    another notebook goes to its translation when there is one, else to the English notebook."""

    def fix(m):
        target = m.group(2)
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            return m.group(0)
        page, _hash, anchor = target.partition("#")
        nb = re.fullmatch(r"(\d\d_[a-z_]+)\.ipynb", page)
        if nb:
            new = page if nb.group(1) in TRANSLATED else f"../{page}"
        else:
            new = f"../{page}"
        return f"{m.group(1)}{new}{'#' + anchor if _hash else ''}{m.group(3)}"

    return _LINK.sub(fix, markdown)


def build_notebook(name: str, lang: str = "zh", *, strict: bool = True) -> dict:
    """The translated notebook ``name`` as a JSON dict. ``strict``: a missing or out-of-date
    Markdown translation raises (otherwise the English cell is kept)."""
    probs = notebook_problems(name, lang)
    if strict and probs:
        raise ValueError("Cannot build the translation:\n" + "\n".join(map(str, probs)))
    nb = _read_nb(NOTEBOOK_DIR / f"{name}.ipynb")
    cat = read_catalog(notebook_catalog_path(name, lang))
    by_ctx = {m.context: m for m in cat if m.id and m.context}
    cells = []
    setup_done = False
    from . import nbtools

    colab = {c.id: c for c in nbtools.colab_cells(OUT_DIRS[lang] / f"{name}.ipynb")}
    for cell in nb["cells"]:
        cell = copy.deepcopy(cell)
        if _is_colab(cell) and cell.get("id") in colab:
            cell["source"] = _split_source(colab[cell["id"]].source)  # this notebook's own badge
        elif cell["cell_type"] == "markdown":
            m = by_ctx.get(cell.get("id"))
            if m is not None and m.string and m.id == _source(cell) and not m.fuzzy:
                cell["source"] = _split_source(_relink(m.string, lang))
            else:
                cell["source"] = _split_source(_relink(_source(cell), lang))
        elif cell["cell_type"] == "code" and not setup_done and not _is_colab(cell):
            cells.append(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "id": SETUP_CELL_ID,
                    "metadata": {},
                    "outputs": [],
                    "source": _split_source(SETUP_SOURCE.format(lang=lang)),
                }
            )
            setup_done = True
        cells.append(cell)
    nb["cells"] = cells
    nb.setdefault("metadata", {})["language_info"] = {"name": "python"}
    nb["metadata"]["course_translation"] = {
        "language": lang,
        "generated_from": f"notebooks/{name}.ipynb",
        "catalog": notebook_catalog_path(name, lang).relative_to(ROOT).as_posix(),
        "note": "Generated by `python -m utils.i18n build` (make zh): edit the English notebook or the catalog, not this file.",
    }
    return nb


def notebook_text(nb: dict) -> str:
    import nbformat

    return nbformat.writes(nbformat.from_dict(nb)) + "\n"


def build(lang: str = "zh", names=None) -> list[Path]:
    """Write the translated notebooks (default: :data:`TRANSLATED`). Returns the paths written."""
    out_dir = OUT_DIRS[lang]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or TRANSLATED:
        path = out_dir / f"{name}.ipynb"
        text = notebook_text(build_notebook(name, lang))
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def _main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "check"
    names = argv[1:]
    if cmd == "extract":
        print(f"updated {update_course_catalog().relative_to(ROOT)}")
        for p in update_data_catalogs():
            print(f"updated {p.relative_to(ROOT)}")
        for nb_path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
            name = nb_path.stem
            if names and name not in names and name[:2] not in names:
                continue
            if not names and name not in TRANSLATED and not notebook_catalog_path(name).is_file():
                continue
            print(f"updated {update_notebook_catalog(name).relative_to(ROOT)}")
        return 0
    if cmd == "build":
        try:
            paths = build("zh", names or None)
        except ValueError as exc:
            print(exc, file=sys.stderr)
            return 1
        for p in paths:
            print(f"wrote {p.relative_to(ROOT)}")
        print(f"{len(paths)} notebook(s) rewritten; the rest were already current.")
        return 0
    if cmd == "check":
        probs = problems("zh") + [p for n in names for p in notebook_problems(n)]
        for p in probs:
            print(p)
        print(f"{len(probs)} problem(s).")
        return 1 if probs else 0
    print(
        "usage: python -m utils.i18n extract [NN ...] | build [name ...] | check [name ...]", file=sys.stderr
    )
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
