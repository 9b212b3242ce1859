"""Run a notebook's Colab set-up cell in a Colab-like environment and check what it did.

``make test-compat`` runs this with the compat environment's Python after installing Colab's
packages at Colab's versions (tests/compat/colab-stack.txt with tests/compat/colab.txt as
constraints). In one process, as in a running Colab kernel:

1. import what a Colab kernel has already imported (pandas, numpy, matplotlib, ipywidgets);
2. run the first code cell of notebooks/00_start_here.ipynb as Colab would (``google.colab``
   imported), on a copy of the course standing where the cell clones it;
3. without a restart, import ``utils`` (now the installed wheel, from outside the repository)
   and load tables from the data the wheel carries;
4. compare the packages before and after: nothing that was installed changed version, and
   everything added is genuinely absent from Colab's published list.

Prints one summary line per step; exits non-zero with the reason on any failure.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COLAB_FREEZE = Path(__file__).with_name("colab.txt")
FOLDER = "/content/ai-chips-course"


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pip_list() -> dict[str, str]:
    out = subprocess.run(
        [sys.executable, "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {norm(p["name"]): p["version"] for p in json.loads(out)}


def colab_freeze() -> dict[str, str]:
    pins = {}
    for line in COLAB_FREEZE.read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==", 1)
            pins[norm(name)] = version.strip()
    return pins


def setup_cell() -> str:
    nb = json.loads((ROOT / "notebooks" / "00_start_here.ipynb").read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"][0]
    assert code["id"].endswith("-colab-setup"), f"first code cell is {code['id']}, not the Colab set-up"
    return "".join(code["source"])


def copy_course(dest: Path) -> None:
    """The course as `git clone` would give it: the tracked files (and new, not ignored ones)."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


def fail(message: str) -> None:
    print(f"colab check FAILED: {message}", file=sys.stderr)
    sys.exit(1)


def main() -> None:
    import ipywidgets  # noqa: F401 - a Colab kernel has these imported before the first cell
    import matplotlib
    import numpy
    import pandas

    before = pip_list()
    print(
        f"colab check: Python {sys.version.split()[0]}, pandas {pandas.__version__}, numpy "
        f"{numpy.__version__}, matplotlib {matplotlib.__version__}, ipywidgets {before['ipywidgets']}, "
        f"ipykernel {before.get('ipykernel')}"
    )
    if "ai-chips-course" in before:
        fail("the course is already installed: run this in a fresh Colab-like environment")

    start = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="colab-content-") as tmp:
        folder = Path(tmp) / "ai-chips-course"
        copy_course(folder)
        code = setup_cell()
        assert FOLDER in code, "the set-up cell no longer clones to /content/ai-chips-course"
        sys.modules["google.colab"] = types.ModuleType("google.colab")  # what tells the cell it is on Colab
        outside = Path(tmp) / "elsewhere"
        outside.mkdir()
        os.chdir(outside)
        # compiled as IPython does (top-level await allowed, for its JupyterLite branch)
        cell = compile(
            code.replace(FOLDER, str(folder)),
            "<colab set-up cell>",
            "exec",
            flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
        )
        result = eval(cell, {})
        if inspect.iscoroutine(result):
            asyncio.run(result)
        del sys.modules["google.colab"]

        # no restart: the same process imports the course it just installed
        importlib.invalidate_caches()
        import utils
        from utils import data

        where = Path(utils.__file__).resolve()
        site = Path(sysconfig.get_paths()["purelib"]).resolve()
        if where.parent.parent != site:
            fail(f"utils was imported from {where}, not from the installed wheel in {site}")
        if utils.IN_REPOSITORY or not (utils.DATA_DIR / "datapackage.json").is_file():
            fail(f"the wheel's data was not found (DATA_DIR={utils.DATA_DIR})")
        timeline = data.load("timeline")
        rules = data.load("export_rules")
        print(
            f"colab check: utils imported from {where.parent} (a wheel), data from {utils.DATA_DIR}: "
            f"timeline {len(timeline)} rows, export_rules {len(rules)} rows, without a restart"
        )
        os.chdir(start)

    after = pip_list()
    changed = {n: (v, after.get(n)) for n, v in before.items() if after.get(n) != v}
    if changed:
        fail(
            "the set-up cell changed packages Colab had: "
            + ", ".join(f"{n} {a} -> {b}" for n, (a, b) in sorted(changed.items()))
        )
    added = {n: v for n, v in after.items() if n not in before}
    colab = colab_freeze()
    on_colab = {n: v for n, v in added.items() if n in colab and n != "ai-chips-course"}
    if on_colab:
        fail(
            "the set-up cell installed packages that Colab already has (add them to "
            "tests/compat/colab-stack.txt so the check sees Colab's versions): "
            + ", ".join(f"{n} {v} (Colab: {colab[n]})" for n, v in sorted(on_colab.items()))
        )
    print(
        "colab check: nothing upgraded; added only what Colab lacks: "
        + ", ".join(f"{n} {v}" for n, v in sorted(added.items()))
    )


if __name__ == "__main__":
    main()
