"""The repository keeps its promises: layout, set-up commands, conda/pip in step, Binder-ready."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "name",
    [
        "README.md",
        "environment.yml",
        "notebooks",
        "data",
        "utils",
        "tests",
        "pyproject.toml",
        "Makefile",
        ".ci/run",
        "LICENSE",
        "docs/CONTRIBUTING.md",
    ],
)
def test_top_level_layout(name):
    assert (ROOT / name).exists(), name


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _split(spec: str):
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)\s*(?:\[[^\]]*\])?\s*(.*)", spec)
    return _norm(m.group(1)), m.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    # the runtime plus the local lab (environment.yml builds a lab): the lab's minimum wins
    pip_deps = dict(_split(d) for d in pyproject["project"]["dependencies"])
    pip_deps.update(_split(d) for d in pyproject["project"]["optional-dependencies"]["lab"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert "conda-forge" in env["channels"]
    conda = {}
    pip_section = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            pip_section.extend(dep.get("pip", []))
        else:
            name, ver = _split(dep)
            conda[name] = ver
    assert "python" in conda and conda["python"] in ("=3.11", ">=3.11")
    conda.pop("python")
    conda.pop("pip", None)
    assert set(conda) == set(pip_deps), (
        f"only in environment.yml: {set(conda) - set(pip_deps)}; "
        f"only in pyproject.toml: {set(pip_deps) - set(conda)}"
    )
    for name, ver in pip_deps.items():
        assert conda[name] == ver, f"{name}: pyproject says {ver!r}, environment.yml {conda[name]!r}"
    assert any(re.fullmatch(r"(-e\s+)?\.", p.strip()) for p in pip_section), (
        "environment.yml must install the course package itself through its pip section"
    )


def test_ci_runs_make_test_and_readme_shows_the_two_commands():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
    assert "make test-compat" in ci  # the Colab-like stack too (issue 17)
    readme = (ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    assert "python -m utils.check_install" in readme


def test_makefile_targets_and_no_global_registration():
    mk = (ROOT / "Makefile").read_text()
    for target in ("lab:", "test:", "test-compat:", "lite:"):
        assert target in mk
    assert (
        "--user" not in mk
        and "kernelspec install" not in mk
        and "sudo" not in mk.replace("sudo apt-get install python3-venv", "")
    )
    assert "notebooks/00_start_here.ipynb" in mk


def test_utils_imports_from_any_directory(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", "import utils, utils.data; print(utils.ROOT)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()) == ROOT


def test_check_install_passes_here():
    out = subprocess.run(
        [sys.executable, "-m", "utils.check_install"], cwd=ROOT, capture_output=True, text=True, timeout=180
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "[PROBLEM]" not in out.stdout


def test_check_install_reports_a_broken_data_file(tmp_path, monkeypatch):
    from utils import check_install, data

    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "data" / "sources.csv").write_text("id,title\nx\n", encoding="utf-8")
    monkeypatch.setattr(data, "DATA_DIR", tmp_path / "data")
    data.clear_cache()
    try:
        problems = check_install.check_data()
    finally:
        data.clear_cache()
    assert problems and any("sources" in p for p in problems)


def test_repo2docker_picks_up_environment_yml(tmp_path):
    exe = shutil.which("repo2docker") or str(Path(sys.executable).parent / "repo2docker")
    if not Path(exe).exists():
        pytest.skip("jupyter-repo2docker is not installed (pip install -e '.[test]')")
    out = subprocess.run(
        [exe, "--no-build", "--debug", "--no-run", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
    )
    text = out.stdout + out.stderr
    assert "environment.yml" in text, text[-2000:]
    assert out.returncode == 0, text[-2000:]


def test_readme_has_the_colab_badge_and_the_ways_to_run_table():
    from utils import nbtools

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    # the badge opens the first notebook of the repository named in pyproject.toml
    assert f"]({nbtools.colab_url('00_start_here.ipynb')})" in readme
    table = readme.split("## Ways to run the course", 1)[1].split("\n## ", 1)[0]
    for where in ("Local", "Google Colab", "JupyterLite", "JupyterHub + nbgitpuller", "Binder"):
        assert f"**{where}**" in table, f"README's ways-to-run table lacks {where}"
    assert "internet on first load" in table and "temporary" in table
