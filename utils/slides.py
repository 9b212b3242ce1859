"""Slides: every notebook as a reveal.js deck (``make slides``), built from the notebook as it is.

The notebooks carry no slide metadata and are not edited for slides: :func:`add_slide_metadata`
gives a copy the standard Jupyter ``slideshow.slide_type`` of every cell from its structure:

* a Markdown cell that opens with a ``#`` or ``##`` heading starts a **slide**; one that opens
  with ``###`` or deeper starts a **subslide** (reveal.js stacks it under the slide, ↓);
* a cell that would overfill the current slide (a long text, a figure, a wide table after other
  content) starts a subslide of its own;
* a code cell that shows nothing (imports, assignments) is **skipped**; code is never shown (the
  class sees the text, tables, figures and readouts; the code is in the notebook).

Then the copy is executed (nbclient, offline, one kernel per notebook) and exported with
``nbconvert``'s ``SlidesExporter`` through the course template (``present/slides_template``).
The decks work **offline**: reveal.js is vendored in ``present/vendor/reveal.js`` and MathJax 2
comes from the ``jupyter-server-mathjax`` package; both are copied into the output folder, so
``build/slides`` can be opened from a USB stick with no network.

**What panels do in a deck.** A static HTML deck has no kernel, so a what-if panel cannot
recompute. Each panel is shown as its picture and readout at the notebook's defaults (captured
when the cell ran), with a line saying where to move it live (JupyterLab, or ``make present``,
whose Voilà pages run the panels). Other widgets (an exercise's buttons) are left out with the
same line.

    python -m utils.slides build [OUT_DIR] [NN ...]   # build/slides/NN_<topic>.slides.html
"""

from __future__ import annotations

import copy
import html
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from . import ROOT
from .course import TOPICS, topic

__all__ = ["add_slide_metadata", "slide_types", "execute", "panel_pictures", "export", "build", "OUT_DIR"]

OUT_DIR = ROOT / "build" / "slides"
TEMPLATE = ROOT / "present" / "slides_template"
REVEAL = ROOT / "present" / "vendor" / "reveal.js"
CSS = ROOT / "present" / "slides.css"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
PANEL_MIME = "application/vnd.course.panel+json"
LIVE_NOTE = (
    "Live panel: move it in JupyterLab (the notebook) or in classroom mode (make present). "
    "The slide shows it at the notebook's defaults."
)

# Cell weights: the share of one 1280 × 720 slide a cell fills (a rough, conservative guess).
_BUDGET = 1.0
_CHARS_PER_SLIDE = 650


def split_long_markdown(nb):
    """Markdown cells too long for one slide, cut at blank lines between blocks (never inside a
    list item, a code fence or a display formula) into several cells."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "markdown" or _weight(cell) <= _BUDGET:
            cells.append(cell)
            continue
        blocks, buf, fence = [], [], False
        for line in cell.source.splitlines():
            if line.strip().startswith(("```", "$$")) and line.strip().count("$$") != 2:
                fence = not fence
            if not line.strip() and not fence and buf:
                blocks.append("\n".join(buf))
                buf = []
            elif line.strip() or buf:
                buf.append(line)
        if buf:
            blocks.append("\n".join(buf))
        chunk, parts = [], []
        for b in blocks:
            trial = "\n\n".join([*chunk, b])
            starts_item = re.match(r"\s*([*+-]|\d+[.)])\s", b) is not None
            only_headings = all(_heading_level(c) for c in chunk)
            if (
                chunk
                and not only_headings
                and _weight(nbformat.v4.new_markdown_cell(trial)) > 0.8 * _BUDGET
                and not (
                    starts_item
                    and re.match(r"\s*([*+-]|\d+[.)])\s", chunk[-1])
                    and _weight(nbformat.v4.new_markdown_cell(trial)) <= _BUDGET
                )
            ):
                parts.append("\n\n".join(chunk))
                chunk = [b]
            else:
                chunk.append(b)
        if chunk:
            parts.append("\n\n".join(chunk))
        for k, part in enumerate(parts):
            new = nbformat.v4.new_markdown_cell(part)
            new.metadata = copy.deepcopy(cell.metadata)
            if k:
                new.metadata["course_continued"] = True
            cells.append(new)
    nb.cells = cells
    return nb


def _heading_level(md: str) -> int:
    m = re.match(r"\s*(#{1,6})\s", md)
    return len(m.group(1)) if m else 0


def _weight(cell) -> float:
    if cell.cell_type == "markdown":
        text = re.sub(r"\(\.\./docs/[^)]*\)|\([^)]*\.ipynb\)", "", cell.source)
        return len(text) / _CHARS_PER_SLIDE + 0.08 * text.count("\n")
    w = 0.0
    for out in cell.get("outputs", []):
        d = out.get("data", {})
        if "image/png" in d or "image/svg+xml" in d:
            w += 0.75
        elif "text/html" in d:
            rows = str(d["text/html"]).count("<tr")
            w += min(1.0, 0.15 + rows / 16) if rows else min(1.0, len(str(d["text/html"])) / 3000)
        elif "text/markdown" in d:
            w += len(str(d["text/markdown"])) / _CHARS_PER_SLIDE
        elif out.get("output_type") == "stream" or "text/plain" in d:
            text = out.get("text", d.get("text/plain", ""))
            w += min(1.0, str(text).count("\n") / 18 + 0.05)
    return w


def _shows_nothing(cell) -> bool:
    return cell.cell_type == "code" and not cell.get("outputs")


def slide_types(nb) -> list[str]:
    """The ``slide_type`` each cell gets (``slide``, ``subslide``, ``-`` or ``skip``)."""
    types, used = [], 0.0
    for i, cell in enumerate(nb.cells):
        if (
            cell.cell_type == "raw"
            or _shows_nothing(cell)
            or (cell.cell_type == "markdown" and not cell.source.strip())
        ):
            types.append("skip")
            continue
        w = _weight(cell)
        level = _heading_level(cell.source) if cell.cell_type == "markdown" else 0
        if i == 0 or level in (1, 2):
            kind, used = "slide", w
        elif cell.metadata.get("course_continued"):
            kind, used = "subslide", w
        elif level >= 3 or (used > 0.25 and used + w > _BUDGET):
            kind, used = "subslide", w
        else:
            kind, used = "-", used + w
        types.append(kind)
    return types


def add_slide_metadata(nb):
    """A copy of ``nb`` with the standard Jupyter slide metadata on every cell (the notebook on
    disk is not touched). Run it on an executed notebook: what a cell shows decides its place."""
    out = copy.deepcopy(nb)
    for cell, kind in zip(out.cells, slide_types(out)):
        cell.metadata["slideshow"] = {"slide_type": kind}
    return out


# ----------------------------------------------------------------------------- execution

# Runs first in the kernel: after every cell, the course panels that cell created are shown as
# their picture and readout (a static deck cannot run them), marked for :func:`panel_pictures`.
_SETUP = r"""
import base64 as _b64, html as _html
from IPython import get_ipython as _gi
from IPython.display import display as _display
from utils import widgets as _course_widgets

_course_seen = set()


def _course_panel_pictures(result=None):
    for panel in _course_widgets.live_panels():
        if id(panel) in _course_seen or getattr(panel, "png", None) is None:
            continue
        _course_seen.add(id(panel))
        _display({"application/vnd.course.panel+json": {
            "model_id": panel.widget.model_id,
            "png": _b64.b64encode(panel.png).decode(),
            "readout": panel.readout_text,
            "alt": str(getattr(panel, "alt", "") or ""),
        }, "text/plain": "course panel"}, raw=True)


_gi().events.register("post_run_cell", _course_panel_pictures)
"""


def execute(nb, cwd: Path | None = None, timeout: int = 600):
    """Run a copy of the notebook top to bottom in a fresh kernel (panels captured as pictures)."""
    from nbclient import NotebookClient

    work = copy.deepcopy(nb)
    work.cells.insert(0, nbformat.v4.new_code_cell(_SETUP))
    client = NotebookClient(
        work,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd or ROOT / "notebooks")}},
        store_widget_state=False,
    )
    client.execute()
    work.cells.pop(0)
    work.metadata.pop("widgets", None)
    return work


def panel_pictures(nb):
    """Replace every widget output by the panel's captured picture and readout (as plain HTML),
    or, for a widget that is not a course panel, by a line saying it needs the notebook."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outs = cell.get("outputs", [])
        pictures = {}
        for o in outs:
            d = o.get("data", {})
            if PANEL_MIME in d:
                p = d[PANEL_MIME]
                pictures[p["model_id"]] = p
        new = []
        shown = set()
        for o in outs:
            d = o.get("data", {})
            if PANEL_MIME in d:
                continue
            if WIDGET_MIME in d:
                mid = d[WIDGET_MIME].get("model_id")
                p = pictures.get(mid)
                new.append(_panel_output(p) if p else _note_output())
                shown.add(mid)
                continue
            new.append(o)
        # a panel built in this cell but displayed nowhere (e.g. inside another widget): show it
        for mid, p in pictures.items():
            if mid not in shown and not any(WIDGET_MIME in o.get("data", {}) for o in outs):
                new.append(_panel_output(p))
        cell.outputs = new
    return nb


def _panel_output(p):
    readout = "<br>".join(html.escape(line) for line in p["readout"].splitlines())
    body = (
        f'<div class="course-slide-panel"><img src="data:image/png;base64,{p["png"]}" '
        f'alt="{html.escape(p["alt"])}">'
        f'<div class="course-slide-readout">{readout}</div>'
        f'<div class="course-slide-note">{html.escape(LIVE_NOTE)}</div></div>'
    )
    return nbformat.v4.new_output("display_data", data={"text/html": body, "text/plain": "course panel"})


def _note_output():
    body = f'<div class="course-slide-note">{html.escape("Interactive widget: open the notebook in JupyterLab.")}</div>'
    return nbformat.v4.new_output("display_data", data={"text/html": body, "text/plain": "widget"})


def _drop_exercise_checks(nb):
    """An exercise's ``ex.check(answer)`` cell says "no answer yet" in a fresh run: not for a slide."""
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r"^\s*answer\s*=\s*None\b", cell.source, flags=re.M):
            cell.outputs = []
    return nb


# ----------------------------------------------------------------------------- export


def mathjax_dir() -> Path | None:
    """MathJax 2 as shipped by the jupyter-server-mathjax package, or None if it is missing."""
    try:
        import jupyter_server_mathjax
    except ImportError:
        return None
    path = Path(jupyter_server_mathjax.__file__).parent / "static"
    return path if (path / "MathJax.js").is_file() else None


def vendor(out_dir: Path) -> list[str]:
    """Copy reveal.js, MathJax and the course style into ``out_dir/vendor``; returns what is
    missing (and so not offline), as sentences."""
    dest = out_dir / "vendor"
    dest.mkdir(parents=True, exist_ok=True)
    missing = []
    reveal = dest / "reveal.js"
    if reveal.exists():
        shutil.rmtree(reveal)
    shutil.copytree(REVEAL, reveal)
    theme = reveal / "dist" / "theme" / "white.css"
    # the theme imports a web font the course does not ship: the course's own fonts are used
    theme.write_text(
        re.sub(r"@import url\([^)]*\);\s*", "", theme.read_text(encoding="utf-8")), encoding="utf-8"
    )
    shutil.copy2(CSS, dest / "course-slides.css")
    mj = mathjax_dir()
    if mj is None:
        missing.append("MathJax (pip install jupyter-server-mathjax): formulas show as TeX source")
    elif not (dest / "mathjax" / "MathJax.js").exists():
        shutil.copytree(mj, dest / "mathjax", dirs_exist_ok=True)
    return missing


def export(nb, dest: Path, title: str = "") -> Path:
    """Write one executed, slide-tagged notebook as a reveal.js deck (vendor/ beside it)."""
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATE.parent)],
        template_name=TEMPLATE.name,
        reveal_url_prefix="vendor/reveal.js",
        reveal_theme="white",
        reveal_transition="none",
        reveal_number="c/t",
        reveal_width="1280",
        reveal_height="720",
        mathjax_url="vendor/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    if title:
        nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": dest.stem}})
    dest.write_text(body, encoding="utf-8")
    return dest


def slide_notebook(path: Path):
    """Executed, panel pictures in, slide metadata on: the deck's notebook for ``path``."""
    nb = nbformat.read(path, as_version=4)
    from .nbtools import lesson_cells

    nb.cells = lesson_cells(nb)  # the deck opens on the title, not the Colab badge and set-up cell
    run = execute(nb, cwd=path.parent)
    run = _drop_exercise_checks(panel_pictures(run))
    return add_slide_metadata(split_long_markdown(run))


def _index(entries: list[tuple[str, str]], missing: list[str]) -> str:
    items = "\n".join(
        f'<li><a href="{html.escape(href)}">{html.escape(title)}</a></li>' for href, title in entries
    )
    notes = "".join(f"<p>{html.escape(m)}</p>" for m in missing)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Course slides</title>'
        '<link rel="stylesheet" href="vendor/course-slides.css"></head><body class="course-slides-index">'
        "<h1>AI chips, US export controls and China: slides</h1>"
        "<p>One reveal.js deck per notebook: arrow keys or space to move, <kbd>Esc</kbd> for an "
        "overview, <kbd>F</kbd> for full screen. Works offline. What-if panels are pictures at "
        "their defaults: move them live in JupyterLab or with <code>make present</code>.</p>"
        f"<ul>{items}</ul>{notes}</body></html>"
    )


def build(out_dir: Path | None = None, numbers=None, log=print) -> list[Path]:
    """Build the decks (and an index.html) into ``out_dir``; returns the deck paths."""
    out_dir = Path(out_dir or OUT_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    missing = vendor(out_dir)
    for m in missing:
        log(f"warning: {m}")
    chosen = TOPICS if numbers is None else [topic(n) for n in numbers]
    decks, entries = [], []
    for t in chosen:
        start = time.perf_counter()
        nb = slide_notebook(t.notebook)
        from .handouts import notebook_title

        title = f"{t.number} · {notebook_title(t.notebook)}"
        dest = export(nb, out_dir / f"{t.notebook.stem}.slides.html", title)
        n = sum(1 for c in nb.cells if c.metadata["slideshow"]["slide_type"] in ("slide", "subslide"))
        log(f"{dest.name}: {n} slides, {time.perf_counter() - start:.1f} s")
        decks.append(dest)
        entries.append((dest.name, title))
    if numbers is None:
        (out_dir / "index.html").write_text(_index(entries, missing), encoding="utf-8")
    return decks


def _main(argv: list[str]) -> int:
    if argv[:1] != ["build"]:
        print(__doc__)
        return 2
    out = Path(argv[1]) if len(argv) > 1 and not re.fullmatch(r"\d\d", argv[1]) else OUT_DIR
    numbers = [a for a in argv[1:] if re.fullmatch(r"\d\d", a)] or None
    start = time.perf_counter()
    with tempfile.TemporaryDirectory():
        decks = build(out, numbers)
    print(
        f"{len(decks)} slide decks in {out} ({time.perf_counter() - start:.1f} s); open {out / 'index.html'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
