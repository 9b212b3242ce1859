"""Small notebook helpers: strip outputs (what ``make strip`` runs) and show a notebook as text.

The ``.ipynb`` files in ``notebooks/`` are the course's source: edit them in JupyterLab, then
``make strip`` before committing. For readable diffs, ``git diff`` can show notebooks as text
(``.gitattributes`` names the ``ipynb`` diff driver; set it once with ``make git-setup``).

Usage::

    python -m utils.nbtools strip notebooks/*.ipynb   # remove outputs, set the python3 kernel
    python -m utils.nbtools text notebooks/01_export_controls.ipynb   # the cells as plain text
"""

from __future__ import annotations

import sys
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


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["strip"]:
        for p in argv[1:]:
            if strip(p):
                print(f"stripped {p}")
        return 0
    if argv[:1] == ["text"] and len(argv) == 2:
        sys.stdout.write(text(argv[1]))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
