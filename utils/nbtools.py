"""Small notebook helpers: strip outputs (what ``make strip`` runs) and show a notebook as text.

The ``.ipynb`` files in ``notebooks/`` are the course's source: edit them in JupyterLab, then
``make strip`` before committing. For readable diffs, ``git diff`` can show notebooks as text
(``.gitattributes`` names the ``ipynb`` diff driver; set it once with ``make git-setup``).

Usage::

    python -m utils.nbtools strip notebooks/*.ipynb   # remove outputs, set the python3 kernel
    python -m utils.nbtools text notebooks/01_export_controls.ipynb   # the cells as plain text
    python -m utils.nbtools heights executed.ipynb   # the tallest outputs of an executed notebook
    python -m utils.nbtools colab notebooks/*.ipynb   # write the Colab badge and set-up cells
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import nbformat

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def outside_event_loop(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, in a thread of its own when this thread runs an event loop (a
    Jupyter kernel, or a Playwright session of a test in the same worker), where Playwright's
    sync API and ``asyncio.run`` refuse to start. Returns its result; re-raises its exception."""
    import asyncio
    import threading

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn(*args, **kwargs)
    out: dict = {}

    def run():
        try:
            out["value"] = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            out["error"] = exc

    t = threading.Thread(target=run, name=getattr(fn, "__name__", "call"))
    t.start()
    t.join()
    if "error" in out:
        raise out["error"]
    return out.get("value")


def strip(path) -> bool:
    """Remove outputs and execution counts, set the python3 kernelspec. True if the file changed."""
    path = Path(path)
    before = path.read_text(encoding="utf-8")
    nb = nbformat.reads(before, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.setdefault("language_info", {"name": "python"})
    nb.metadata.pop("widgets", None)
    after = nbformat.writes(nb) + "\n"
    if after != before:
        path.write_text(after, encoding="utf-8")
        return True
    return False


def text(path) -> str:
    """A notebook as plain text, one block per cell headed by its type and id (for diffs)."""
    nb = nbformat.read(Path(path), as_version=4)
    blocks = []
    for cell in nb.cells:
        head = f"# %% [{cell.cell_type}] id={cell.get('id', '?')}"
        outputs = len(cell.get("outputs", [])) if cell.cell_type == "code" else 0
        blocks.append(head + (f"  ({outputs} outputs)" if outputs else "") + "\n" + cell.source)
    return "\n\n".join(blocks) + "\n"


# --------------------------------------------------------------------------- output heights
#
# "No output longer than a screen": an output's height is estimated in CSS pixels as JupyterLab
# shows it at 100% zoom in a window about 1,000 px wide (text ~110 characters a line). A
# 1366 x 768 laptop, the commonest small screen, leaves about 650 px of notebook below the
# browser's and JupyterLab's bars; :data:`SCREEN_PX` is that screen.

SCREEN_PX = 650
_LINE_PX = {"text": 17, "markdown": 24, "html": 22}
_ROW_PX = 27  # a DataFrame row in JupyterLab
_CHARS_PER_LINE = 110
_WRAP_CHARS = 60  # characters per line in a wrapped table cell (32em wide)
_CONTENT_WIDTH = 1000


def _png_size(data: bytes) -> tuple[int, int]:
    import struct

    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return 0, 0
    w, h = struct.unpack(">II", data[16:24])
    return w, h


def _text_lines(text: str) -> int:
    import math

    return sum(max(1, math.ceil(len(line) / _CHARS_PER_LINE)) for line in text.splitlines()) if text else 0


def _without_details(html: str) -> str:
    """HTML with each <details> block reduced to its <summary> (what shows before a click)."""
    import re

    def keep_summary(m):
        s = re.search(r"<summary.*?</summary>", m.group(0), flags=re.S | re.I)
        return s.group(0) if s else ""

    return re.sub(r"<details.*?</details>", keep_summary, html, flags=re.S | re.I)


def _html_height(html: str) -> int:
    import base64
    import re

    html = _without_details(html)
    px = 0
    for m in re.finditer(r'<img[^>]*src="data:image/png;base64,([^"]+)"[^>]*>', html):
        w, h = _png_size(base64.b64decode(m.group(1)[:200] + "=" * (-len(m.group(1)[:200]) % 4)))
        shown = re.search(r"width:(\d+)px", m.group(0))
        width = min(int(shown.group(1)) if shown else w, _CONTENT_WIDTH)
        px += int(h * width / w) if w else 0
    html = re.sub(r"<img[^>]*>", "", html)
    for row in re.findall(r"<tr[\s>].*?</tr>", html, flags=re.S | re.I):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)]
        longest = max((len(c.strip()) for c in cells), default=0)
        px += _ROW_PX + (max(1, -(-longest // _WRAP_CHARS)) - 1) * _LINE_PX["text"]  # wrapped text
    html = re.sub(r"<table.*?</table>", "", html, flags=re.S | re.I)
    text = re.sub(r"<br\s*/?>|</p>|</li>|</h\d>|</div>", "\n", html, flags=re.I)
    text = re.sub(r"<[^>]+>", "", text)
    px += _text_lines(text.strip()) * _LINE_PX["html"]
    return px


def output_height(out) -> int:
    """Estimated height in CSS pixels of one output of an executed notebook (0 for widgets)."""
    import base64

    kind = out.get("output_type")
    if kind == "stream":
        return _text_lines(str(out.get("text", ""))) * _LINE_PX["text"]
    if kind == "error":
        return _text_lines("\n".join(out.get("traceback", []))) * _LINE_PX["text"]
    data = out.get("data", {})
    if "application/vnd.jupyter.widget-view+json" in data:
        return 0  # a panel: fixed height by design, measured by the panel tests
    if "text/html" in data:
        return _html_height(str(data["text/html"]))
    if "image/png" in data:
        w, h = _png_size(base64.b64decode(data["image/png"]))
        return int(h * min(1.0, _CONTENT_WIDTH / w)) if w else 0
    if "text/markdown" in data:
        md = _without_details(str(data["text/markdown"]))
        return _text_lines(md) * _LINE_PX["markdown"]
    return _text_lines(str(data.get("text/plain", ""))) * _LINE_PX["text"]


def tallest_outputs(nb, n: int = 5) -> list[tuple[int, str, int]]:
    """The ``n`` tallest outputs of an executed notebook: (height px, cell id, output index)."""
    found = []
    for cell in nb.cells:
        for i, out in enumerate(cell.get("outputs", [])):
            found.append((output_height(out), str(cell.get("id", "?")), i))
    return sorted(found, reverse=True)[:n]


# ----------------------------------------------------------------------------- Google Colab

#: Where Colab clones the course (its working folder is /content).
COLAB_FOLDER = "/content/ai-chips-course"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"

_SETUP = """\
# Google Colab and JupyterLite only (elsewhere this cell does nothing): install the course with
# its data and the few packages missing there, keeping every version installed (no restart).
import os
import sys

if "google.colab" in sys.modules:
    import importlib
    import subprocess

    if not os.path.isdir("{folder}"):
        subprocess.run(["git", "clone", "-q", "--depth=1", "{repo}", "{folder}"], check=True)
    subprocess.run([sys.executable, "{folder}/utils/colab.py"], check=True)
    importlib.invalidate_caches()
elif sys.platform == "emscripten":  # JupyterLite: the course's wheel from this site's index
    import piplite

    await piplite.install("ai-chips-course")"""


def repository(pyproject=None) -> str:
    """The course's public repository (pyproject.toml, ``[project.urls] Repository``)."""
    path = Path(pyproject) if pyproject else Path(__file__).resolve().parent.parent / "pyproject.toml"
    url = tomllib.loads(path.read_text(encoding="utf-8"))["project"]["urls"]["Repository"]
    return url.rstrip("/")


def colab_url(notebook: str, repo: str | None = None) -> str:
    """The address that opens ``notebooks/<notebook>`` of the repository's main branch in Colab."""
    repo = repo or repository()
    m = re.fullmatch(r"https://github\.com/([^/]+/[^/]+)", repo)
    if not m:
        raise ValueError(f"the repository must be a https://github.com/OWNER/NAME address, not {repo!r}")
    return f"https://colab.research.google.com/github/{m.group(1)}/blob/main/notebooks/{notebook}"


def colab_cells(path, repo: str | None = None) -> list:
    """The two cells every notebook opens with: the "Open in Colab" badge (Markdown) and the
    set-up cell, which acts only on Google Colab (utils/colab.py) and in JupyterLite (the
    site's wheel, lite/build.py). Their ids are ``nbNN-colab`` and ``nbNN-colab-setup``."""
    path = Path(path)
    repo = repo or repository()
    number = path.name[:2]
    # a generated translation (notebooks/zh/...) opens itself, not the English notebook
    rel = f"{path.parent.name}/{path.name}" if path.parent.name in ("zh",) else path.name
    badge = f"[![Open In Colab]({COLAB_BADGE})]({colab_url(rel, repo)})"
    return [
        nbformat.v4.new_markdown_cell(badge, id=f"nb{number}-colab"),
        nbformat.v4.new_code_cell(
            _SETUP.format(folder=COLAB_FOLDER, repo=repo), id=f"nb{number}-colab-setup"
        ),
    ]


def is_colab_cell(cell) -> bool:
    """True for the badge and set-up cells :func:`colab_cells` puts before a notebook's title."""
    return bool(re.fullmatch(r"nb\d\d-colab(-setup)?", cell.get("id", "")))


def lesson_cells(nb) -> list:
    """A notebook's cells after its leading Colab cells: the lesson, from its title on."""
    cells = list(nb.cells)
    while cells and is_colab_cell(cells[0]):
        cells.pop(0)
    return cells


def add_colab_cells(path, repo: str | None = None) -> bool:
    """Put (or refresh) the Colab cells at the top of a notebook, touching no other cell.
    True if the file changed."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    cells = colab_cells(path, repo)
    ids = {c.id for c in cells}
    nb.cells = cells + [c for c in nb.cells if c.get("id") not in ids]
    before = path.read_text(encoding="utf-8")
    path.write_text(nbformat.writes(nb) + "\n", encoding="utf-8")
    strip(path)
    return path.read_text(encoding="utf-8") != before


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["strip"]:
        for p in argv[1:]:
            if strip(p):
                print(f"stripped {p}")
        return 0
    if argv[:1] == ["colab"]:
        for p in argv[1:]:
            if add_colab_cells(p):
                print(f"Colab cells written in {p}")
        return 0
    if argv[:1] == ["text"] and len(argv) == 2:
        sys.stdout.write(text(argv[1]))
        return 0
    if argv[:1] == ["heights"] and len(argv) >= 2:
        for p in argv[1:]:
            nb = nbformat.read(Path(p), as_version=4)
            for px, cid, i in tallest_outputs(nb):
                flag = "  > a screen" if px > SCREEN_PX else ""
                print(f"{Path(p).name}: {px:5d} px  cell {cid} output {i}{flag}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
