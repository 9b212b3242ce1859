"""Fetch a local Pyodide core for the JupyterLite browser smoke test: ``make lite-pyodide``.

The real site takes Pyodide and its packages from Pyodide's CDN. The smoke test
(tests/course/test_lite.py) cannot go online, so this puts in ``build/pyodide-core/``:

* the ``pyodide`` npm package (pyodide.mjs, the WebAssembly file, the standard library and
  pyodide-lock.json), of the version the kernel extension names;
* from PyPI, the pure-Python wheels the kernel loads before it can run a cell: micropip and
  IPython and jedi with their dependencies at the versions of Pyodide's lock, and ``comm``.

The compiled scientific stack (numpy, pandas, matplotlib) exists only on the CDN, so it is not
fetched and the notebooks themselves are not run in the browser here.

Usage: python lite/fetch_pyodide_core.py [VERSION] [FOLDER]   (needs npm and pip)
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the Pyodide release jupyterlite-pyodide-kernel 0.8.6 loads (its default CDN address)
VERSION = "314.0.6"
#: what the kernel loads first (from Pyodide's lock, with their dependencies) ...
FIRST = ("micropip", "packaging", "ipython", "jedi")
#: ... and what it installs from PyPI (not in Pyodide's lock)
FROM_PYPI = ("comm",)


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(lock: dict, names) -> dict[str, str]:
    """``{name: version}`` of ``names`` and everything they depend on in Pyodide's lock."""
    packages = {norm(k): v for k, v in lock["packages"].items()}
    todo, seen = [norm(n) for n in names], {}
    while todo:
        name = todo.pop()
        if name not in seen:
            seen[name] = packages[name]["version"]
            todo += [norm(d) for d in packages[name]["depends"]]
    return seen


def main(argv: list[str]) -> int:
    version = argv[0] if argv else VERSION
    folder = Path(argv[1]) if len(argv) > 1 else ROOT / "build" / "pyodide-core"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    subprocess.run(["npm", "pack", "--silent", f"pyodide@{version}"], cwd=folder, check=True)
    archive = folder / f"pyodide-{version}.tgz"
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.isfile():
                member.name = member.name.removeprefix("package/")
                tar.extract(member, folder, filter="data")
    archive.unlink()
    lock = json.loads((folder / "pyodide-lock.json").read_text(encoding="utf-8"))
    wanted = [f"{n}=={v}" for n, v in sorted(closure(lock, FIRST).items())] + list(FROM_PYPI)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:"]
        + ["--python-version", "3.13", "-d", str(folder), *wanted],
        check=True,
    )
    print(f"Pyodide {version} core and {len(wanted)} wheels in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
