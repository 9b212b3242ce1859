"""The Colab set-up cell and what it runs (utils/colab.py), and the course installed as a wheel.

The real thing is checked in a Colab-like environment by `make test-compat`
(tests/compat/colab_check.py): Colab's versions installed first, then the set-up cell, then
the course imported without a restart. Here: what the cell does on and off Colab, the pip
command it builds, and that a wheel carries the data.
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import os
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import nbformat
import pytest

from utils import colab, nbtools

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "00_start_here.ipynb"


def _setup_source() -> str:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    return next(c.source for c in nb.cells if c.id.endswith("-colab-setup"))


def _run_cell(monkeypatch, on_colab: bool, cloned: bool):
    calls = []
    monkeypatch.setattr(subprocess, "run", lambda cmd, **kw: calls.append((cmd, kw)))
    real_isdir = os.path.isdir
    monkeypatch.setattr(os.path, "isdir", lambda p: cloned if p == nbtools.COLAB_FOLDER else real_isdir(p))
    if on_colab:
        monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    return calls, _exec_cell()


def _exec_cell() -> dict:
    """Run the cell as IPython does: top-level ``await`` allowed (its JupyterLite branch)."""
    namespace = {}
    code = compile(_setup_source(), "<set-up cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    result = eval(code, namespace)
    if inspect.iscoroutine(result):
        # in a thread of its own: another test in this worker may have left an event loop running
        nbtools.outside_event_loop(asyncio.run, result)
    return namespace


def test_setup_cell_does_nothing_outside_colab(monkeypatch):
    calls, namespace = _run_cell(monkeypatch, on_colab=False, cloned=False)
    assert calls == []
    # it leaves only the two standard modules it imports, nothing a later cell could trip on
    assert sorted(k for k in namespace if not k.startswith("__")) == ["os", "sys"]


def test_setup_cell_on_colab_clones_then_installs(monkeypatch):
    calls, _ = _run_cell(monkeypatch, on_colab=True, cloned=False)
    clone, install = (cmd for cmd, _ in calls)
    assert clone[:2] == ["git", "clone"] and clone[-2:] == [nbtools.repository(), "/content/ai-chips-course"]
    assert install == [sys.executable, "/content/ai-chips-course/utils/colab.py"]
    assert all(kw.get("check") for _, kw in calls), "a failed step must stop the cell, not pass silently"


def test_setup_cell_second_time_does_not_clone_again(monkeypatch):
    calls, _ = _run_cell(monkeypatch, on_colab=True, cloned=True)
    assert [cmd for cmd, _ in calls] == [[sys.executable, "/content/ai-chips-course/utils/colab.py"]]


def test_setup_cell_in_jupyterlite_installs_the_sites_wheel(monkeypatch):
    installed = []

    async def install(requirements, **kw):
        installed.append(requirements)

    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setitem(sys.modules, "piplite", types.SimpleNamespace(install=install))
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail(f"ran {a}"))
    _exec_cell()
    assert installed == ["ai-chips-course"]


def test_the_cell_runs_the_script_that_is_in_the_repository():
    # the cell runs <clone>/utils/colab.py as a file: it must stay there and need no package
    assert (ROOT / "utils" / "colab.py").is_file()
    imports = [
        line
        for line in (ROOT / "utils" / "colab.py").read_text().splitlines()
        if line.startswith(("import ", "from "))
    ]
    assert all(not line.startswith(("from .", "from utils", "import utils")) for line in imports), imports


def test_constraints_pin_every_installed_package_and_skip_odd_versions():
    pins = colab.constraints({"pandas": "2.2.3", "torch": "2.11.0+cpu", "distro-info": "1.1build1"})
    # distro-info's version is not PEP 440, so pip could not read it as a constraint
    assert pins == "pandas==2.2.3\ntorch==2.11.0+cpu\n"


def test_install_command_never_upgrades():
    cmd = colab.install_command("/content/ai-chips-course", "/tmp/pins.txt", python="py")
    assert cmd[:4] == ["py", "-m", "pip", "install"]
    assert cmd[cmd.index("--constraint") + 1] == "/tmp/pins.txt" and cmd[-1] == "/content/ai-chips-course"
    assert not {"-U", "--upgrade", "--force-reinstall", "-e", "--editable"} & set(cmd)


def test_script_installs_nothing_when_the_course_is_there(monkeypatch):
    monkeypatch.setattr(colab, "installed", lambda: {"ai-chips-course": "0.1.0", "pandas": "2.2.3"})
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail(f"ran {a}"))
    assert colab.main(["/somewhere"]) == 0


def test_script_installs_with_the_pins_of_what_is_installed(monkeypatch):
    seen = {}

    def fake_run(cmd, **kw):
        seen["cmd"] = cmd
        seen["pins"] = Path(cmd[cmd.index("--constraint") + 1]).read_text()
        return types.SimpleNamespace(returncode=0)

    monkeypatch.setattr(colab, "installed", lambda: {"pandas": "2.2.3", "ipywidgets": "7.7.1"})
    monkeypatch.setattr(subprocess, "run", fake_run)
    assert colab.main(["/content/ai-chips-course"]) == 0
    assert seen["pins"] == "ipywidgets==7.7.1\npandas==2.2.3\n"
    assert seen["cmd"][-1] == "/content/ai-chips-course"


# in the lite group: building a wheel of the source tree at the same time as lite/build.py does
# collides in setuptools' build/ folder ("File exists")
@pytest.mark.xdist_group("lite")
def test_a_wheel_carries_the_data_and_loads_a_table_outside_the_repository(tmp_path):
    """Build the wheel (as `pip install <folder or git URL>` does), install it into a scratch
    folder, and from outside the repository import the course from there and load a table."""
    wheels = tmp_path / "wheels"
    import importlib.util

    spec = importlib.util.spec_from_file_location("course_lite_build", ROOT / "lite" / "build.py")
    lite_build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lite_build)
    with lite_build.wheel_lock():  # one wheel build of the tree at a time (lite/build.py)
        out = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
            capture_output=True,
            text=True,
            timeout=300,
        )
    assert out.returncode == 0, out.stderr[-2000:]
    (wheel,) = wheels.glob("ai_chips_course-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for csv in sorted((ROOT / "data").glob("*.csv")) + [ROOT / "data" / "datapackage.json"]:
        assert f"utils/_data/{csv.name}" in names, f"{csv.name} is not in the wheel"
    assert "utils/fonts/NotoSansSC-Regular-subset.otf" in names
    site = tmp_path / "site"
    out = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import utils; from utils import data; t = data.load('timeline'); "
        "print(utils.__file__, utils.IN_REPOSITORY, utils.DATA_DIR, len(t), sep='|')"
    )
    env = {k: v for k, v in os.environ.items() if k != "COURSE_DATA_DIR"}
    env["PYTHONPATH"] = str(site)
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    where, in_repo, data_dir, rows = out.stdout.strip().split("|")
    assert Path(where).is_relative_to(site) and in_repo == "False"
    assert Path(data_dir) == site / "utils" / "_data"
    expected = sum(1 for _ in (ROOT / "data" / "timeline.csv").open(encoding="utf-8")) - 1  # minus header
    assert int(rows) == expected
