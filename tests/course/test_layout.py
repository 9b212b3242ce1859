"""The layout a maintainer relies on: one name per topic, one home per topic, and the model/view
rule (a model never imports widgets, panels or plotting) checked by walking the imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from utils import ROOT
from utils.course import TOPICS, topic

UTILS = ROOT / "utils"
# Modules that hold no view: a topic's model and the shared pieces models may use.
SHARED_MODELS = ("data", "validate", "course", "glossary")
# What a model may not reach, directly or through the modules it imports.
VIEW_MODULES = {
    "ipywidgets",
    "matplotlib",
    "seaborn",
    "utils.widgets",
    "utils.render",
    "utils.scenarios",
    "utils.plotting",
    "utils.checks",
}


def _module_file(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "utils":
        return None
    base = ROOT.joinpath(*parts)
    for cand in (base.with_suffix(".py"), base / "__init__.py"):
        if cand.is_file():
            return cand
    return None


def _imports(path: Path, module: str) -> set[str]:
    """Absolute names of the modules a file imports (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            out.add(mod)
            for a in node.names:  # "from .. import data" imports the module utils.data
                if _module_file(f"{mod}.{a.name}"):
                    out.add(f"{mod}.{a.name}")
    return out


def _reach(module: str) -> dict[str, str]:
    """Every module reachable from ``module`` through utils' own imports: {name: imported by}."""
    seen: dict[str, str] = {}
    todo = [module]
    while todo:
        name = todo.pop()
        path = _module_file(name)
        if path is None:
            continue
        for imp in _imports(path, name):
            if imp not in seen:
                seen[imp] = name
                todo.append(imp)
    return seen


def _violations(module: str) -> list[str]:
    found = []
    for name, by in _reach(module).items():
        top = name.split(".")[0]
        if (
            name in VIEW_MODULES
            or top in VIEW_MODULES
            or name.endswith(".panels")
            or name.endswith(".exercises")
        ):
            found.append(f"{by} imports {name}")
    return sorted(found)


MODELS = [f"{t.package}.model" for t in TOPICS] + [f"utils.{m}" for m in SHARED_MODELS]


@pytest.mark.parametrize("module", MODELS)
def test_model_modules_import_no_view(module):
    assert _violations(module) == [], f"{module} reaches a view module"


def test_the_import_walk_catches_a_model_that_imports_a_panel(tmp_path, monkeypatch):
    """The walk must fail on the slip it guards against (a model importing a panel module)."""
    bad = tmp_path / "utils" / "badtopic"
    bad.mkdir(parents=True)
    (bad / "__init__.py").write_text("")
    (bad / "model.py").write_text("from . import panels\nfrom .. import data\n")
    (bad / "panels.py").write_text("import ipywidgets as W\nfrom .. import widgets\n")
    (tmp_path / "utils" / "data.py").write_text("import pandas\n")
    (tmp_path / "utils" / "widgets.py").write_text("import ipywidgets\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    found = _violations("utils.badtopic.model")
    assert "utils.badtopic.model imports utils.badtopic.panels" in found
    assert any("ipywidgets" in f for f in found)


def test_importing_a_model_loads_no_widgets_at_run_time():
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in MODELS)
        + "bad = [m for m in ('ipywidgets', 'matplotlib.pyplot', 'utils.widgets') if m in sys.modules]\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"importing the models loaded {out.stdout.strip()}"


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.name)
def test_one_name_per_topic(t):
    assert t.notebook.is_file(), f"no notebook {t.notebook.name}"
    pkg = UTILS / t.name
    for part in ("__init__.py", "model.py", "panels.py", "exercises.py"):
        assert (pkg / part).is_file(), f"utils/{t.name}/{part} is missing"
    tests = ROOT / "tests" / t.name
    assert tests.is_dir() and list(tests.glob("test_*.py")), f"no tests/{t.name}/"
    guide = (ROOT / "docs" / "instructor_guide.md").read_text(encoding="utf-8")
    assert t.notebook.name in guide, f"the instructor guide does not name {t.notebook.name}"
    assert topic(t.number) is t and topic(t.name) is t and topic(t.notebook.name) is t


def test_no_other_notebooks_packages_or_generators():
    notebooks = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert notebooks == {t.notebook.name for t in TOPICS}
    packages = {p.name for p in UTILS.iterdir() if (p / "__init__.py").is_file()}
    assert packages == {t.name for t in TOPICS}, "a package in utils/ that is no topic"
    assert not (ROOT / "tools").exists(), "tools/ held notebook generators; notebooks are the source"


def test_old_module_names_still_import():
    from utils import claims, export_controls_widgets, substitution_widgets

    assert callable(export_controls_widgets.make_design_panel)
    assert callable(export_controls_widgets.design_chip)  # a model function, as before
    assert callable(substitution_widgets.default_params)
    assert callable(claims.claim_verdict)
