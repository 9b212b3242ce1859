"""Install the course on Google Colab beside what Colab already has.

Each notebook's first cell clones the course to ``/content/ai-chips-course`` and runs this file
as a script (``python utils/colab.py``), before ``utils`` can be imported. It installs the course
from that folder (a wheel, which carries ``data/``) with every package Colab already has pinned
at its installed version (pip constraints): pip adds only what is missing (frictionless and a few
small packages) and upgrades nothing, so the running kernel needs no restart. If the course ever
needed a newer version of something Colab has, pip would stop with a conflict instead of
silently replacing a package the kernel has already imported.

Standard library only; nothing here runs outside Colab unless called. Verified against Colab's
published package list in a Colab-like environment (``make test-compat``, docs/CONTRIBUTING.md).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

DIST = "ai-chips-course"

# PEP 440 versions in the normalised form pip prints; anything else (a distribution's odd
# legacy version) cannot be a pip constraint and is left out.
_VERSION = re.compile(
    r"v?(\d+!)?\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?(\+[a-z0-9]+(\.[a-z0-9]+)*)?", re.I
)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed(python: str = sys.executable) -> dict[str, str]:
    """``{normalised name: version}`` of what pip sees installed for ``python`` (the first copy
    of each package on the path, as imports see it)."""
    out = subprocess.run(
        [python, "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found: dict[str, str] = {}
    for item in json.loads(out):
        found.setdefault(_norm(item["name"]), item["version"])
    return found


def constraints(packages: dict[str, str]) -> str:
    """pip constraint lines ``name==version`` keeping every installed package where it is."""
    return "".join(f"{n}=={v}\n" for n, v in sorted(packages.items()) if _VERSION.fullmatch(v))


def install_command(source: str, constraints_file: str, python: str = sys.executable) -> list[str]:
    """The pip command: quiet, no upgrade of anything installed, the course from ``source``."""
    return [
        python,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--root-user-action=ignore",
        "--constraint",
        constraints_file,
        source,
    ]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    source = argv[0] if argv else str(Path(__file__).resolve().parent.parent)
    have = installed()
    if _norm(DIST) in have:
        return 0  # already installed in this session (another notebook ran its first cell)
    with tempfile.NamedTemporaryFile("w", suffix="-colab-pins.txt", delete=False) as pins:
        pins.write(constraints(have))
    result = subprocess.run(install_command(source, pins.name))
    Path(pins.name).unlink(missing_ok=True)
    if result.returncode:
        print(
            "Installing the course failed (see pip's message above). Use Runtime → Disconnect and "
            "delete runtime, then run this cell again; or run the course locally (README).",
            file=sys.stderr,
        )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
