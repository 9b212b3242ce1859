"""`make lite`: the static JupyterLite site (lite/build.py).

Built once per run into a scratch folder (about half a minute). Checked here: what the site
holds (every notebook, `utils`, `data/`, the course's wheel with its data, exactly the two
front-end extensions), that its configuration leaves Pyodide on its default CDN, and, in
headless Chromium, that the Pyodide kernel boots and imports `utils` with its data from the
site's own package index.

The browser part needs the Pyodide core (the `pyodide` npm package, pyodide.js, the WebAssembly
file and the standard library) and the micropip and packaging wheels, which the real site takes
from the CDN: `make lite-pyodide` fetches them into build/pyodide-core/ (npm and pip; this test
never goes online). Without them, or without Chromium, that test skips with the reason. What
cannot be tested here is the compiled scientific stack (numpy, pandas, matplotlib come only
from the CDN), so the notebooks themselves are not run in the browser.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import urllib.parse
import zipfile
from pathlib import Path

import nbformat
import pytest

from utils import nbtools

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_CORE = Path(os.environ.get("COURSE_PYODIDE_CORE", ROOT / "build" / "pyodide-core"))
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"

pytestmark = pytest.mark.xdist_group("lite")  # one build, on one worker


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    pytest.importorskip(
        "jupyterlite_core", reason="jupyterlite-core is not installed (pip install -e '.[lite]')"
    )
    out = tmp_path_factory.mktemp("lite") / "site"
    run = subprocess.run(
        [sys.executable, str(ROOT / "lite" / "build.py"), str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return out


def _config(site: Path) -> dict:
    return json.loads((site / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]


def test_the_site_holds_every_notebook_utils_and_data(site):
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks and sorted(p.name for p in (site / "files" / "notebooks").glob("*.ipynb")) == notebooks
    # the notebooks are the committed ones, cell for cell (the Colab cell first)
    for name in notebooks:
        ours = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        theirs = nbformat.read(site / "files" / "notebooks" / name, as_version=4)
        assert [c.source for c in theirs.cells] == [c.source for c in ours.cells], name
    csvs = sorted(p.name for p in (ROOT / "data").glob("*.csv"))
    assert sorted(p.name for p in (site / "files" / "data").glob("*.csv")) == csvs
    assert (site / "files" / "data" / "datapackage.json").is_file()
    assert (site / "files" / "utils" / "export_controls" / "model.py").is_file()
    assert not list((site / "files").rglob("__pycache__")), "compiled caches were copied into the site"
    # the file browser's listing names them too (what a student sees)
    listing = json.loads((site / "api" / "contents" / "notebooks" / "all.json").read_text(encoding="utf-8"))
    assert sorted(c["name"] for c in listing["content"] if c["name"].endswith(".ipynb")) == notebooks


def test_the_site_index_serves_the_course_wheel_with_its_data(site):
    index = json.loads((site / "pypi" / "all.json").read_text(encoding="utf-8"))
    assert list(index) == ["ai-chips-course"]
    (wheel,) = (site / "pypi").glob("ai_chips_course-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "utils/_data/datapackage.json" in names and "utils/colab.py" in names
    assert {f"utils/_data/{p.name}" for p in (ROOT / "data").glob("*.csv")} <= names


def test_the_site_carries_exactly_the_widget_and_kernel_extensions(site):
    names = sorted(e["name"] for e in _config(site)["federated_extensions"])
    assert names == ["@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension"]
    for name in names:
        assert (site / "extensions" / name / "package.json").is_file(), name


def test_the_site_loads_pyodide_from_its_default_cdn(site):
    config = _config(site)
    assert config["defaultKernelName"] == "python"
    kernel = config["litePluginSettings"][KERNEL_PLUGIN]
    assert "pyodideUrl" not in kernel, "the site must not point Pyodide at a local copy"
    # the compiled packages the course needs are loaded with Pyodide at start
    assert {"numpy", "pandas", "matplotlib"} <= set(kernel["loadPyodideOptions"]["packages"])
    assert any(u.startswith("./pypi/all.json") for u in kernel["pipliteUrls"])
    # the default the kernel extension falls back to is the CDN's Pyodide
    schema = site / "extensions" / "@jupyterlite" / "pyodide-kernel-extension" / "static" / "schema"
    assert "cdn.jsdelivr.net/pyodide/" in (schema / "kernel.v0.schema.json").read_text(encoding="utf-8")


# ------------------------------------------------------------------------- in headless Chromium


def _local_core() -> Path:
    core = PYODIDE_CORE
    needed = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"]
    if not all((core / n).is_file() for n in needed) or not list(core.glob("comm-*.whl")):
        pytest.skip(f"no local Pyodide core in {core} (fetch it with `make lite-pyodide`)")
    return core


def _lock_for(core: Path) -> bytes:
    """Pyodide's package lock, pointing at the wheels in ``core`` (PyPI's builds of the same
    releases, whose hashes differ from Pyodide's own), and naming those it lacks (``comm``)."""
    lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))
    packages = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in lock["packages"].items()}
    for wheel in core.glob("*.whl"):
        name, version = wheel.name.split("-")[:2]
        key = re.sub(r"[-_.]+", "-", name).lower()
        entry = packages.get(key)
        if entry is None:  # not in Pyodide's lock: a plain pure-Python package
            entry = lock["packages"][key] = {"name": key, "version": version, "depends": []}
            entry.update(imports=[name.lower()], install_dir="site", package_type="package")
            entry["unvendored_tests"] = False
        entry["file_name"] = wheel.name
        entry["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    return json.dumps(lock).encode()


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The built site as it is, except: /pyodide/ is the local core, and the site's config points
    the kernel there and loads no compiled packages (they exist only on the CDN)."""

    site: Path
    core: Path

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        path = urllib.parse.urlparse(self.path).path
        if path == "/jupyter-lite.json":
            doc = json.loads((self.site / "jupyter-lite.json").read_text(encoding="utf-8"))
            kernel = doc["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
            kernel["pyodideUrl"] = "/pyodide/pyodide.mjs"  # the module the default CDN address names
            kernel["loadPyodideOptions"] = {"packages": []}
            kernel["disablePyPIFallback"] = True
            return self._send(json.dumps(doc).encode(), "application/json")
        if path == "/pyodide/pyodide-lock.json":
            return self._send(_lock_for(self.core), "application/json")
        if path.startswith("/pyodide/"):
            file = self.core / path.removeprefix("/pyodide/")
            if file.is_file():
                kind = {".wasm": "application/wasm", ".js": "text/javascript", ".mjs": "text/javascript"}
                return self._send(file.read_bytes(), kind.get(file.suffix, "application/octet-stream"))
        return super().do_GET()

    def _send(self, body: bytes, kind: str):
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


CODE = """\
import piplite
await piplite.install("ai-chips-course", deps=False)
import csv, json, utils
meta = json.loads((utils.DATA_DIR / "datapackage.json").read_text())
rows = sum(1 for _ in csv.DictReader((utils.DATA_DIR / "timeline.csv").open(encoding="utf-8")))
print("COURSE", utils.__file__, utils.DATA_DIR, len(meta["resources"]), rows, sep="|")"""


def test_the_kernel_boots_and_imports_utils_with_its_data(site):
    core = _local_core()
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("no /usr/bin/chromium")
    handler = type("Handler", (_Handler,), {"site": site, "core": core})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = (
        f"http://127.0.0.1:{server.server_port}/repl/index.html?kernel=python&toolbar=1&code="
        + urllib.parse.quote(CODE)
    )
    # hand-computed: the number of tables in datapackage.json, and timeline.csv's lines minus its header
    resources = len(json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["resources"])
    rows = len((ROOT / "data" / "timeline.csv").read_text(encoding="utf-8").splitlines()) - 1

    def visit():
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            page = browser.new_page()
            log = []
            page.on("console", lambda m: log.append(m.text))
            page.goto(url)
            # the answer (not the echoed code: its separators are only in the output) or a traceback
            page.wait_for_function(
                "/COURSE[|][/]|Traceback|Error:/.test(document.body.innerText)", timeout=180_000
            )
            text = page.inner_text("body")
            shot = ROOT / "artifacts" / "lite"
            shot.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot / "repl.png"))
            browser.close()
            return text, log

    try:
        # in a thread of its own: a browser test in this worker may hold Playwright's loop running
        text, log = nbtools.outside_event_loop(visit)
    finally:
        server.shutdown()
    found = re.search(r"COURSE\|(\S+)\|(\S+)\|(\d+)\|(\d+)", text)
    assert found, text[-2000:] + "\n".join(log[-20:])
    where, data_dir = found.group(1), found.group(2)
    # the REPL starts in the site's root, where the course's files are: `utils` and `data/` come
    # from there; a notebook (in notebooks/) gets the installed wheel and its utils/_data
    assert where in {"/drive/utils/__init__.py"} or "site-packages/utils/" in where, where
    assert data_dir in {"/drive/data"} or data_dir.endswith("site-packages/utils/_data"), data_dir
    assert (int(found.group(3)), int(found.group(4))) == (resources, rows)


def test_the_local_core_is_never_part_of_the_built_site(site):
    # the site must work from a plain static host: no stray copy of Pyodide, no build leftovers
    assert not (site / "pyodide").exists()
    assert not list(site.rglob("pyodide.asm.wasm"))
    assert not (site / "lite-work").exists()
