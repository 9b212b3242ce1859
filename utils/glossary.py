"""The course's bilingual glossary (English / 中文): lookup, links, and the rendered page.

The glossary lives in ``data/glossary.csv`` (English term, Chinese term, pinyin, one-line
definition, the notebook where the term first appears). ``docs/glossary.md`` is generated from it
and checked by the tests to be in sync::

    from utils import glossary
    glossary.lookup("export controls")   # or "出口管制", "TPP", "tpp"
    glossary.link("TPP")                 # '[TPP](../docs/glossary.md#tpp)' for a notebook cell

    python -m utils.glossary render      # rewrite docs/glossary.md from the CSV
    python -m utils.glossary check       # exit 1 if docs/glossary.md is out of date
"""

from __future__ import annotations

import difflib
import html
import sys
from dataclasses import dataclass

from . import ROOT, data
from .validate import InputError

__all__ = ["Term", "GlossaryError", "terms", "lookup", "link", "render_markdown", "PAGE"]

PAGE = ROOT / "docs" / "glossary.md"
NOTEBOOK_TITLES = {
    "00": "00 Start here",
    "01": "01 Export controls",
    "02": "02 DeepSeek and compute demand",
    "03": "03 Domestic substitution",
    "04": "04 Multinational exposure",
    "05": "05 Fact-check (capstone)",
}


class GlossaryError(InputError, KeyError):
    """A term is not in the glossary; the message lists close matches. (A ``ValueError`` like
    every course error, and a ``KeyError`` as a failed lookup.)"""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    en: str
    zh: str
    pinyin: str
    anchor: str
    definition: str
    first_notebook: str
    aliases: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        """Relative link from a notebook in notebooks/ to the term on the glossary page."""
        return f"../docs/glossary.md#{self.anchor}"

    def __str__(self) -> str:
        return (
            f"{self.en} | {self.zh} ({self.pinyin}): {self.definition} "
            f"[first in notebook {self.first_notebook}]"
        )

    def _repr_html_(self) -> str:
        e = html.escape
        return (
            f"<div><b>{e(self.en)}</b> · <span lang='zh'>{e(self.zh)}</span> "
            f"<i>{e(self.pinyin)}</i><br>{e(self.definition)} "
            f"<small>(first in notebook {e(self.first_notebook)})</small></div>"
        )


def terms() -> list[Term]:
    """Every glossary entry, in the order of the CSV."""
    df = data.load("glossary")
    out = []
    for r in df.itertuples(index=False):
        aliases = tuple(
            a.strip() for a in str(r.aliases).split(";") if isinstance(r.aliases, str) and a.strip()
        )
        out.append(Term(r.term_en, r.term_zh, r.pinyin, r.anchor, r.definition, r.first_notebook, aliases))
    return out


def _norm(text: str) -> str:
    return " ".join(str(text).strip().lower().replace("-", " ").split())


def _keys(t: Term) -> list[str]:
    keys = [t.en, t.zh, t.anchor, *t.aliases]
    if "(" in t.en:  # "Total Processing Performance (TPP)" -> both halves
        head, _, rest = t.en.partition("(")
        keys += [head, rest.rstrip(")")]
    return [_norm(k) for k in keys if k]


def lookup(term: str) -> Term:
    """The glossary entry for ``term`` (English, Chinese, abbreviation or alias; any case).

    Raises :class:`GlossaryError` listing close matches when the term is not found.
    """
    if not isinstance(term, str) or not term.strip():
        raise GlossaryError("Give a term to look up, e.g. lookup('export controls') or lookup('算力').")
    key = _norm(term)
    entries = terms()
    for t in entries:
        if key in _keys(t):
            return t
    # singular/plural slips
    for t in entries:
        if key.rstrip("s") in [k.rstrip("s") for k in _keys(t)]:
            return t
    every = {k: t for t in entries for k in _keys(t)}
    close = difflib.get_close_matches(key, list(every), n=5, cutoff=0.65)
    close += [k for k in every if len(key) >= 3 and key in k and k not in close][:5]
    names = []
    for k in close:
        t = every[k]
        label = f"{t.en} ({t.zh})"
        if label not in names:
            names.append(label)
    hint = (
        f" Close matches: {', '.join(names)}."
        if names
        else f" The glossary has {len(entries)} terms; see docs/glossary.md."
    )
    raise GlossaryError(f"{term!r} is not in the glossary.{hint}")


def link(term: str, text: str | None = None) -> str:
    """A markdown link to the term on the glossary page, for a notebook's markdown cell."""
    from .text import md_text

    t = lookup(term)
    return f"[{md_text(text or t.en)}]({t.url})"


def render_markdown() -> str:
    """The glossary page (docs/glossary.md) as text, generated from data/glossary.csv."""
    entries = terms()
    lines = [
        "# Glossary · 术语表",
        "",
        "<!-- Generated from data/glossary.csv by `python -m utils.glossary render`; "
        "do not edit by hand. -->",
        "",
        "Key terms of the course in English and Chinese, with a one-line definition and the "
        "notebook where each first appears. In a notebook: `from utils import glossary; "
        "glossary.lookup('算力')`.",
        "",
        "| English | 中文 | pinyin | first in |",
        "|---|---|---|---|",
    ]
    for t in sorted(entries, key=lambda t: t.en.lower()):
        lines.append(f"| [{t.en}](#{t.anchor}) | {t.zh} | {t.pinyin} | {t.first_notebook} |")
    lines.append("")
    for nb in sorted(NOTEBOOK_TITLES):
        group = [t for t in entries if t.first_notebook == nb]
        if not group:
            continue
        lines += [f"## Notebook {NOTEBOOK_TITLES[nb]}", ""]
        for t in group:
            lines += [
                f'<a id="{t.anchor}"></a>',
                "",
                f"### {t.en} · {t.zh}",
                "",
                f"*{t.pinyin}*. {t.definition}" + (f" Also: {', '.join(t.aliases)}." if t.aliases else ""),
                "",
            ]
    src = data.sources_for(data.load("glossary"))
    lines += ["## Source", "", "; ".join(f"{r.title} ({r.publisher})" for r in src.itertuples()) + ".", ""]
    return "\n".join(lines)


def _main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "render"
    text = render_markdown()
    if cmd == "render":
        PAGE.parent.mkdir(parents=True, exist_ok=True)
        PAGE.write_text(text, encoding="utf-8")
        print(f"wrote {PAGE.relative_to(ROOT)} ({len(terms())} terms)")
        return 0
    if cmd == "check":
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print("docs/glossary.md is out of date: run python -m utils.glossary render")
            return 1
        print("docs/glossary.md is up to date")
        return 0
    if cmd == "lookup" and len(argv) > 1:
        try:
            print(lookup(" ".join(argv[1:])))
        except GlossaryError as exc:
            print(exc)
            return 1
        return 0
    print("usage: python -m utils.glossary [render | check | lookup TERM]")
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
