"""The notebooks' Markdown is checked like code: every link goes somewhere, every glossary anchor
exists, headings form one outline, and no template leftover or editing note reaches a student.

(The notebooks are the source, edited in JupyterLab; this is their lint.)"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from utils import ROOT
from utils.course import TOPICS

NOTEBOOKS = [t.notebook for t in TOPICS] + sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))


def _name(p: Path) -> str:
    return f"zh/{p.name}" if p.parent.name == "zh" else p.name


_LINK = re.compile(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)|href=[\"']([^\"'\n]*)[\"']")
_ANCHOR = re.compile(r"<a id=\"([^\"]+)\"|<a name=\"([^\"]+)\"")


def _markdown_cells(path: Path, lesson_only: bool = False):
    """(index, source) of the Markdown cells; with ``lesson_only``, after the Colab cells."""
    from utils import nbtools

    nb = nbformat.read(path, as_version=4)
    skip = len(nb.cells) - len(nbtools.lesson_cells(nb)) if lesson_only else 0
    return [(i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and i >= skip]


def _slug(heading: str) -> str:
    """The anchor JupyterLab and GitHub give a heading (spaces to dashes, punctuation dropped)."""
    text = re.sub(r"[`*_]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    if path.suffix == ".ipynb":
        text = "\n".join(src for _, src in _markdown_cells(path))
    else:
        text = path.read_text(encoding="utf-8")
    found = {a or b for a, b in _ANCHOR.findall(text)}
    found |= {_slug(h) for h in re.findall(r"^#+\s+(.*)$", text, re.M)}
    return found


def broken_links(path: Path) -> list[str]:
    """Links in a notebook's Markdown whose file or anchor does not exist (web links are only
    checked for their form: the tests run offline)."""
    problems = []
    for i, src in _markdown_cells(path):
        for m in _LINK.finditer(src):
            target = m.group(1) or m.group(2)
            if not target or target.startswith("mailto:"):
                continue
            if "{" in target or "}" in target:
                problems.append(f"cell {i}: {target!r} holds an unformatted placeholder")
                continue
            url = urlparse(target)
            if url.scheme in ("http", "https"):
                if not url.netloc:
                    problems.append(f"cell {i}: {target!r} is not a full web address")
                continue
            if url.scheme:
                problems.append(f"cell {i}: {target!r}: only http(s) and relative links are used")
                continue
            file_part, _, anchor = target.partition("#")
            dest = (path.parent / file_part).resolve() if file_part else path
            if not dest.exists():
                problems.append(f"cell {i}: {target!r}: no such file")
            elif anchor and anchor not in _anchors(dest):
                problems.append(f"cell {i}: {target!r}: no anchor #{anchor} in {dest.name}")
    return problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_every_link_goes_somewhere(path):
    problems = broken_links(path)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def test_the_link_check_catches_broken_links(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# T\nSee [fiscal year]({G}#fiscal-year), [gone](99_nowhere.ipynb), "
            "[bad anchor](../docs/glossary.md#no-such-term), [ok](../docs/glossary.md#tpp), "
            "[js](javascript:alert(1)) and [web](https://example.org/x)."
        )
    ]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "glossary.md").write_text('<a id="tpp"></a>\n### TPP\n')
    (tmp_path / "nb").mkdir()
    path = tmp_path / "nb" / "00_x.ipynb"
    nbformat.write(nb, path)
    problems = "\n".join(broken_links(path))
    assert "placeholder" in problems and "no such file" in problems
    assert "no anchor #no-such-term" in problems and "javascript" in problems
    assert "#tpp" not in problems and "example.org" not in problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_headings_form_one_outline(path):
    """One title (#) in the first cell of the lesson (after the Colab cells), then sections (##) and subsections (###), never a level
    skipped: the table of contents a student sees in JupyterLab's sidebar."""
    cells = _markdown_cells(path, lesson_only=True)
    first = cells[0][0] if cells else 0  # the title cell, after the Colab badge and set-up cells
    headings = [
        (i, len(m.group(1)), m.group(2))
        for i, src in cells
        for m in re.finditer(r"^(#{1,6})\s+(.*)$", src, re.M)
    ]
    titles = [h for h in headings if h[1] == 1]
    assert len(titles) == 1 and titles[0][0] == first, f"{path.name}: one # title, in the first cell"
    level = 1
    for i, lv, text in headings[1:]:
        assert lv <= level + 1, f"{path.name} cell {i}: heading {text!r} skips a level"
        level = lv


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_no_editing_leftovers(path):
    for i, src in _markdown_cells(path):
        for bad in ("TODO", "FIXME", "XXX", "lorem ipsum"):
            assert bad not in src, f"{path.name} cell {i}: {bad!r} left in the text"


def test_docs_links_resolve():
    """The same link check over the Markdown documents a teacher reads."""
    problems = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = doc.read_text(encoding="utf-8")
        for m in re.finditer(r"(?<!!)\[[^\]\n]*\]\(([^)\s]+)\)", text):
            target = m.group(1)
            if urlparse(target).scheme:
                continue
            file_part, _, anchor = target.partition("#")
            dest = (doc.parent / file_part).resolve() if file_part else doc
            if not dest.exists():
                problems.append(f"{doc.name}: {target!r}: no such file")
            elif anchor and dest.suffix in (".md", ".ipynb") and anchor not in _anchors(dest):
                problems.append(f"{doc.name}: {target!r}: no anchor #{anchor}")
    assert not problems, "\n".join(problems)
