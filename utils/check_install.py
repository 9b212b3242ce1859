"""Check that this machine can run the course: ``python -m utils.check_install``.

Prints one line per check, what is wrong and what to do, and exits non-zero on a problem.
"""

from __future__ import annotations

import importlib
import importlib.metadata as md
import sys

DIST = "ai-chips-course"
#: import names that differ from the distribution name
IMPORT_NAMES = {
    "jupyterlab_widgets": "jupyterlab_widgets",
    "jupyterlab-widgets": "jupyterlab_widgets",
    "ipython": "IPython",
}


def requirements(extra: str | None = None) -> list[tuple[str, str, str]]:
    """(distribution, import name, minimum version) from the course's own metadata, i.e. from
    pyproject.toml: the runtime dependencies, or those of one extra (``"lab"``). One list, kept
    in one place."""
    import re

    try:
        reqs = md.requires(DIST) or []
    except md.PackageNotFoundError:
        return []
    out = []
    for req in reqs:
        marker = re.search(r"""extra\s*==\s*["']([^"']+)["']""", req)
        if (marker.group(1) if marker else None) != extra:
            continue
        m = re.match(r"([A-Za-z0-9_.\-]+)\s*>=\s*([0-9][^,;\s]*)", req)
        if m:
            name, minimum = m.group(1), m.group(2)
            out.append((name, IMPORT_NAMES.get(name, name.replace("-", "_")), minimum))
    return out


def has_jupyterlab() -> bool:
    """True when JupyterLab is installed here (a local lab, `make lab`). Colab, a hub's kernel
    image or JupyterLite bring their own front end: then its checks do not apply."""
    try:
        md.version("jupyterlab")
    except md.PackageNotFoundError:
        return False
    return True


FIX = (
    "Run `make lab` (or `make install`) from the course folder to install what is missing "
    "(on Google Colab: run the notebook's first cell)."
)


def _version_tuple(v: str):
    parts = []
    for p in v.split("."):
        num = "".join(ch for ch in p if ch.isdigit())
        if not num:
            break
        parts.append(int(num))
    return tuple(parts)


def check_python() -> list[str]:
    if sys.version_info < (3, 11):  # noqa: UP036 - run by an old python to say so
        return [
            f"Python {sys.version.split()[0]} is too old: the course needs 3.11 or newer (pandas 3 requires it)."
        ]
    return []


def check_packages() -> list[str]:
    problems = []
    reqs = requirements()
    if not reqs:
        return [f"The course package itself ({DIST}) is not installed. {FIX}"]
    if has_jupyterlab():  # a local lab also needs its extra (ipywidgets 8 for JupyterLab 4)
        reqs = [r for r in reqs if r[0] not in {name for name, _, _ in requirements("lab")}]
        reqs += requirements("lab")
    for dist, mod, minimum in reqs:
        try:
            version = md.version(dist)
        except md.PackageNotFoundError:
            problems.append(f"{dist} is not installed. {FIX}")
            continue
        if _version_tuple(version) < _version_tuple(minimum):
            problems.append(f"{dist} {version} is older than the tested minimum {minimum}. {FIX}")
            continue
        try:
            importlib.import_module(mod)
        except Exception as exc:  # noqa: BLE001 - report any import failure to the user
            problems.append(f"{dist} {version} is installed but fails to import: {exc}")
    return problems


def check_widgets_extension() -> list[str]:
    """The JupyterLab front-end part of ipywidgets must be present, else 'Error displaying widget'."""
    from pathlib import Path

    if not has_jupyterlab():
        return []  # no local JupyterLab: the front end (Colab, a hub) brings its own widgets
    try:
        import jupyterlab_widgets
    except ImportError:
        return ["jupyterlab_widgets is missing: widgets would show 'Error displaying widget'. " + FIX]
    prefix = (
        Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter-widgets" / "jupyterlab-manager"
    )
    if not prefix.is_dir():
        return [
            f"The JupyterLab widget extension was not found at {prefix}: widgets would show "
            f"'Error displaying widget'. Reinstall with: {sys.executable} -m pip install "
            "--force-reinstall jupyterlab_widgets"
        ]
    del jupyterlab_widgets
    return []


def check_kernel(timeout: float = 60) -> list[str]:
    """Start a python3 kernel, run one line, shut it down."""
    try:
        from jupyter_client.manager import start_new_kernel
    except ImportError as exc:
        return [f"jupyter_client is missing ({exc}). {FIX}"]
    try:
        import subprocess

        km, kc = start_new_kernel(kernel_name="python3", startup_timeout=timeout, stderr=subprocess.DEVNULL)
    except Exception as exc:  # noqa: BLE001
        return [f"The python3 kernel did not start: {exc}. {FIX}"]
    try:
        reply = kc.execute_interactive("import utils, pandas, ipywidgets", timeout=timeout)
        if reply["content"]["status"] != "ok":
            return [
                "The kernel started but could not import the course package `utils`: "
                "install it with `pip install -e .` in the course folder."
            ]
    except Exception as exc:  # noqa: BLE001
        return [f"The kernel did not answer: {exc}"]
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return []


def check_data() -> list[str]:
    from . import data

    problems = []
    try:
        names = data.table_names()
    except data.DataError as exc:
        return [str(exc)]
    for name in names:  # every table, so that one report lists every problem
        try:
            data.load(name)
        except data.DataError as exc:
            problems.append(str(exc))
        except Exception as exc:  # noqa: BLE001 - reported with the table's name, never raised
            problems.append(f"Table {name!r} could not be loaded ({type(exc).__name__}: {exc}).")
    return problems


def run(kernel: bool = True) -> int:
    checks = [
        ("Python version", check_python),
        ("Packages and versions", check_packages),
        ("JupyterLab widget extension", check_widgets_extension),
        ("Course data files", check_data),
    ]
    if kernel:
        checks.append(("Kernel starts", check_kernel))
    failed = 0
    for title, fn in checks:
        try:
            problems = fn()
        except Exception as exc:  # noqa: BLE001 - a check must never crash the checker
            problems = [f"the check itself failed: {exc}"]
        if problems:
            failed += 1
            print(f"[PROBLEM] {title}")
            for p in problems:
                print(f"    - {p}")
        else:
            print(f"[ok]      {title}")
    if failed:
        print(f"\n{failed} problem(s) found. Fix them, then run `python -m utils.check_install` again.")
        return 1
    print("\nAll good: run `make lab` and open notebooks/00_start_here.ipynb.")
    return 0


def main() -> int:
    return run(kernel="--no-kernel" not in sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
