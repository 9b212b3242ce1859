#!/usr/bin/env python
"""Build the classroom presentation of the course: one Voilà page per notebook, plus an index.

``make present`` runs this, then serves the folder with Voilà. For every
``notebooks/NN_*.ipynb`` (whatever exists) it writes ``<out>/NN_*.ipynb``, and for its Chinese
edition ``notebooks/zh/NN_*.ipynb`` ``<out>/zh/NN_*.ipynb``, a copy in which

* every code cell still runs, in order (the panels need what earlier cells computed), with its
  outputs captured, so nothing of it is shown: no code (Voilà never shows code), no tables, no
  text;
* after each code cell, the course's what-if panels it displayed (:class:`utils.widgets.Panel`,
  found at run time through ``widgets.live_panels()``) are shown again, under the nearest
  markdown heading above the cell; other widgets and static figures stay hidden;
* a first cell sets the projector style (``present/projector.css``: large type, wide pictures).

Nothing in the notebooks has to change for this: no tags, no naming convention. ``index.ipynb``
links to every page.

    .venv/bin/python present/build.py [OUT_DIR]        (default: build/present)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
CSS = Path(__file__).with_name("projector.css")

_SETUP = '''\
%%capture
from IPython.display import Markdown as _Markdown, display as _display
from IPython.utils.capture import capture_output as _capture_output
from utils import widgets as _course_widgets

_course_shown = set()
_course_count = [0]


def _course_run(source, heading=""):
    """Run one cell of the lesson with every output captured; show only its course panels."""
    with _capture_output() as captured:
        result = get_ipython().run_cell(source)
    result.raise_error()
    _course_show(captured, heading)


def _course_show(captured, heading=""):
    """Show the course panels among the outputs a cell produced (nothing else)."""
    panels = {p.widget.model_id: p for p in _course_widgets.live_panels()}
    mime = "application/vnd.jupyter.widget-view+json"
    found = [panels[o.data[mime]["model_id"]] for o in captured.outputs
             if mime in o.data and o.data[mime].get("model_id") in panels]
    if found and heading and heading not in _course_shown:
        _course_shown.add(heading)
        _display(_Markdown(heading))
    for panel in found:
        _display(panel.widget)
    _course_count[0] += len(found)
'''


def _title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+)$", cell.source, flags=re.M)
            if m:
                return m.group(1).strip()
    return ""


def _heading(md: str) -> str | None:
    """The last ## / ### heading line of a markdown cell, as a level-2 heading."""
    found = re.findall(r"^#{2,4}\s+(.+?)\s*#*\s*$", md, flags=re.M)
    return f"## {found[-1]}" if found else None


def present_notebook(nb, css: str):
    """The presentation copy of one notebook (see the module docstring)."""
    v4 = nbformat.v4
    title = _title(nb) or "Course notebook"
    cells = [
        v4.new_code_cell(
            f"from IPython.display import HTML, display\ndisplay(HTML({('<style>' + css + '</style>')!r}))"
        ),
        v4.new_markdown_cell(f"# {title}"),
        v4.new_code_cell(_SETUP),
    ]
    heading = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            h = _heading(cell.source)
            if h:
                heading = h
            continue
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        if re.fullmatch(r"nb\d\d-colab(-setup)?", cell.get("id", "")):
            continue  # the Colab / JupyterLite set-up cell (top-level await) is not for a Voila page
        cells.append(v4.new_code_cell(f"_course_run({cell.source!r}, {heading!r})"))
    # An invisible marker: how many panels the page shows (the browser test waits for them).
    cells.append(
        v4.new_code_cell(
            "from IPython.display import HTML as _HTML\n"
            '_display(_HTML(f\'<div class="course-present-done" data-panels="{_course_count[0]}">\''
            "               '</div>'))"
        )
    )
    out = v4.new_notebook(cells=cells)
    out.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    out.metadata["title"] = title
    return out


def index_notebook(entries: list[tuple[str, str]], css: str, zh_entries=()):
    v4 = nbformat.v4
    lines = [
        "# AI chips, US export controls and China: classroom mode",
        "",
        "One page per notebook with its what-if panels, large type for a projector. "
        "The full lessons (text, exercises, sources) are the notebooks in JupyterLab "
        "(`make lab`).",
        "",
    ]
    lines += [
        f"* [{title if title.startswith(name[:2]) else name[:2] + ' · ' + title}]({name})"
        for name, title in entries
    ]
    if zh_entries:
        lines += [
            "",
            "## 中文版（Chinese edition）",
            "",
            "同样的面板，中文标签与读数；完整课程见 JupyterLab 中的 `notebooks/zh/`（`make lab-zh`）。",
            "",
        ]
        lines += [f"* [{name[:2]} · {title}](zh/{name})" for name, title in zh_entries]
    nb = v4.new_notebook(
        cells=[
            v4.new_code_cell(
                f"from IPython.display import HTML, display\n"
                f"display(HTML({('<style>' + css + '</style>')!r}))"
            ),
            v4.new_markdown_cell("\n".join(lines)),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def build(out_dir: Path, notebooks: list[Path] | None = None, chinese: bool = True) -> list[Path]:
    """Write the presentation pages and the index into ``out_dir``; returns the page paths.
    ``chinese``: also a page for each notebook's Chinese edition (``notebooks/zh/``, generated
    from the same source by ``make zh``), in ``out_dir/zh/``."""
    if notebooks is None:
        notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    out_dir.mkdir(parents=True, exist_ok=True)
    css = CSS.read_text(encoding="utf-8")
    pages, entries, zh_entries = [], [], []
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        page = present_notebook(nb, css)
        dest = out_dir / path.name
        nbformat.write(page, dest)
        pages.append(dest)
        entries.append((path.name, page.metadata["title"]))
        zh = path.parent / "zh" / path.name
        if chinese and zh.is_file():
            (out_dir / "zh").mkdir(exist_ok=True)
            page = present_notebook(nbformat.read(zh, as_version=4), css)
            nbformat.write(page, out_dir / "zh" / path.name)
            pages.append(out_dir / "zh" / path.name)
            zh_entries.append((path.name, page.metadata["title"]))
    nbformat.write(index_notebook(entries, css, zh_entries), out_dir / "index.ipynb")
    return pages


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "present"
    written = build(out)
    print(f"{len(written)} presentation pages and index.ipynb in {out}")
