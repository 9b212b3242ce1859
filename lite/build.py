"""Build the course as a static JupyterLite site: ``make lite`` (output: build/lite/).

The site holds the whole course as files in the browser (``notebooks/``, ``utils/``, ``data/``,
``docs/``), the course as a wheel in the site's own package index (``pypi/``, carrying its data),
the ipywidgets front end, and the Pyodide kernel. Each notebook's first cell installs that wheel
in the browser kernel (``piplite``): Pyodide's compiled packages (numpy, pandas, matplotlib)
come with Pyodide from its default CDN, pure-Python packages Pyodide lacks (frictionless,
ipywidgets, seaborn) from PyPI. So the site needs internet on first load; serve build/lite/
from any static web server (docs/CONTRIBUTING.md, "JupyterLite").

Usage: python lite/build.py [OUTPUT]    (default build/lite)
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LITE = ROOT / "lite"
CONTENTS = ("notebooks", "utils", "data", "docs")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints")


#: The front-end extensions the site carries: ipywidgets' (jupyterlab_widgets) and the kernel's.
EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension")


def extensions() -> list[Path]:
    """The installed folders of :data:`EXTENSIONS` (``share/jupyter/labextensions``)."""
    found = []
    for name in EXTENSIONS:
        path = Path(sys.prefix) / "share" / "jupyter" / "labextensions" / name
        if not (path / "package.json").is_file():
            raise SystemExit(f"{name} is not installed here: pip install -e '.[lite]'")
        found.append(path)
    return found


def build(output: Path) -> Path:
    (ROOT / "build").mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="lite-work-", dir=ROOT / "build"))  # one per build
    contents = work / "contents"
    for name in CONTENTS:
        shutil.copytree(ROOT / name, contents / name, ignore=IGNORE)
    wheels = work / "wheels"
    with wheel_lock():
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
            check=True,
        )
    (wheel,) = wheels.glob("ai_chips_course-*.whl")
    shutil.rmtree(output, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "jupyterlite_core",
            "build",
            "--lite-dir",
            str(LITE),
            "--contents",
            str(contents),
            "--piplite-wheels",
            str(wheel),
            "--output-dir",
            str(output),
            "--no-sourcemaps",
            # only the two front-end extensions the course needs, whatever else is installed
            "--ignore-sys-prefix",
            *(f"--LiteBuildConfig.federated_extensions={ext}" for ext in extensions()),
        ],
        check=True,
        cwd=work,
    )
    _apply_settings(output)
    shutil.rmtree(work, ignore_errors=True)
    return output


@contextlib.contextmanager
def wheel_lock():
    """One wheel build of the source tree at a time: setuptools builds in the tree's build/
    folder, and two builds at once collide there ("File exists")."""
    import fcntl

    (ROOT / "build").mkdir(exist_ok=True)
    with open(ROOT / "build" / ".wheel.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _merge(into: dict, new: dict) -> None:
    for k, v in new.items():
        if isinstance(v, dict) and isinstance(into.get(k), dict):
            _merge(into[k], v)
        else:
            into[k] = v


def _apply_settings(output: Path) -> None:
    """Make sure the site carries the course's settings (lite/jupyter-lite.json: the packages
    Pyodide loads at start). jupyterlite merges them itself, but a build has been seen without
    them, so they are merged again here, explicitly."""
    ours = json.loads((LITE / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    path = output / "jupyter-lite.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    _merge(doc["jupyter-config-data"], ours)
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    output = Path(argv[0]).resolve() if argv else ROOT / "build" / "lite"
    build(output)
    print(f"JupyterLite site built in {output}: serve it with any static web server, e.g.")
    print(
        f"  python -m http.server -d {output.relative_to(ROOT) if output.is_relative_to(ROOT) else output} 8000"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
