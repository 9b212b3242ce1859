"""Small notebook helpers: strip outputs (what ``make strip`` runs) and show a notebook as text.

The ``.ipynb`` files in ``notebooks/`` are the course's source: edit them in JupyterLab, then
``make strip`` before committing. For readable diffs, ``git diff`` can show notebooks as text
(``.gitattributes`` names the ``ipynb`` diff driver; set it once with ``make git-setup``).

Usage::

    python -m utils.nbtools strip notebooks/*.ipynb   # remove outputs, set the python3 kernel
    python -m utils.nbtools text notebooks/01_export_controls.ipynb   # the cells as plain text
    python -m utils.nbtools colab notebooks/*.ipynb   # write the Colab badge and set-up cells
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import nbformat

KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


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
    badge = f"[![Open In Colab]({COLAB_BADGE})]({colab_url(path.name, repo)})"
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
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
