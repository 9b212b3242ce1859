"""Instructor solution notebooks, generated from the student notebooks (never committed).

The student notebooks hold no answers: each exercise is a cell ``answer = None  # ...`` followed
by ``ex.check(answer)``. A *solution copy* replaces ``None`` with ``ex.answer()`` (the exercise's
``solve()``, computed from the course data) and turns the check into an assertion, so executing
a solution notebook proves that every exercise's answer passes its own check in context (an open
task's model answer must be accepted as ready to hand in)::

    python -m utils.solutions build            # writes build/solutions/NN_*.ipynb (git-ignored)
    python -m utils.solutions build --run      # ... and executes them, failing on a wrong answer

``tests/test_solutions.py`` builds and executes them in the suite.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from . import ROOT

__all__ = [
    "solution_notebook",
    "build",
    "run",
    "answers_markdown",
    "update_guide",
    "OUT_DIR",
    "SolutionError",
    "GUIDE",
]

OUT_DIR = ROOT / "build" / "solutions"
GUIDE = ROOT / "docs" / "instructor_guide.md"
START, END = "<!-- answers:start -->", "<!-- answers:end -->"
NOTEBOOKS = ROOT / "notebooks"

_ANSWER = re.compile(r"^(?P<indent>\s*)answer\s*=\s*None\b.*$", re.M)
_CHECK = re.compile(r"^(?P<indent>\s*)(?P<var>[A-Za-z_]\w*)\.check\(answer\)\s*$", re.M)
_EXERCISE = re.compile(r"checks\.exercise\(\s*['\"](?P<id>[^'\"]+)['\"]\s*\)")


class SolutionError(ValueError):
    """A student notebook's exercise cells do not follow the course pattern."""


def solution_notebook(path) -> tuple[nbformat.NotebookNode, list[str]]:
    """The solution copy of one student notebook, and the exercise ids it answers.

    Raises :class:`SolutionError` when an exercise is fetched but never answered, or an
    ``answer = None`` cell has no ``.check(answer)`` to go with it.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    fetched: dict[str, str] = {}  # variable -> exercise id
    answered: list[str] = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        src = cell.source
        for m in re.finditer(
            r"(?P<var>[A-Za-z_]\w*)\s*=\s*checks\.exercise\(\s*['\"](?P<id>[^'\"]+)['\"]", src
        ):
            fetched[m.group("var")] = m.group("id")
        if not _ANSWER.search(src):
            continue
        check = _CHECK.search(src)
        if not check:
            raise SolutionError(
                f"{path.name}: a cell sets 'answer = None' but has no '<exercise>.check(answer)' line."
            )
        var = check.group("var")
        if var not in fetched:
            raise SolutionError(
                f"{path.name}: {var}.check(answer) comes before {var} = checks.exercise(...)."
            )
        src = _ANSWER.sub(
            lambda m, var=var: f"{m.group('indent')}answer = {var}.answer()  # solution", src, count=1
        )
        src = _CHECK.sub(
            lambda m, var=var: (
                f"{m.group('indent')}_feedback = {var}.check(answer)\n"
                f"{m.group('indent')}assert _feedback.accepted, "
                f'f"{{{var}.id}}: {{_feedback!r}}"\n'
                f"{m.group('indent')}_feedback"
            ),
            src,
            count=1,
        )
        cell.source = src
        answered.append(fetched[var])
    missing = sorted(set(fetched.values()) - set(answered))
    if missing:
        raise SolutionError(f"{path.name}: exercise(s) fetched but never answered: {', '.join(missing)}")
    nb.metadata["course_solution"] = True
    return nb, answered


def build(out_dir=None, notebooks=None) -> dict[Path, list[str]]:
    """Write the solution copy of every student notebook; returns {path written: exercise ids}."""
    out_dir = Path(out_dir) if out_dir is not None else OUT_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = notebooks or sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    written = {}
    for p in paths:
        nb, ids = solution_notebook(p)
        out = out_dir / Path(p).name.replace(".ipynb", "_solutions.ipynb")
        nbformat.write(nb, out)
        written[out] = ids
    return written


def run(path, timeout: int = 300) -> nbformat.NotebookNode:
    """Execute a solution notebook (working directory: notebooks/, like the student copy)."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    return nb


def _short(text: str, n: int) -> str:
    text = " ".join(str(text).split()).replace("|", "/")
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def answers_markdown(notebook: str | None = None) -> str:
    """The answer key as a Markdown table (computed now, from the data), with the mistakes each
    exercise recognises. ``notebook`` ("01") limits it to one notebook."""
    from . import checks

    rows = [
        "| exercise | level | question | answer | mistakes the check recognises |",
        "|---|---|---|---|---|",
    ]
    for ex_id, ex in sorted(checks.all_exercises().items()):
        if notebook and not ex_id.startswith(f"{notebook}."):
            continue
        if ex.kind == "open":
            answer = "open task: model answer and rubric in assessment.md"
            mistakes = "-"
        else:
            value = ex.answer()
            answer = f"{ex._fmt(value)}{ex._unit_hint()}"
            mistakes = "; ".join(_short(m.explanation_text, 90) for m in ex.mistakes) or (
                "unit and sign slips only" if ex.kind == "number" else "-"
            )
        rows.append(
            f"| `{ex_id}` | {ex.level} | {_short(ex.question_text, 120)} | **{_short(answer, 60)}** | {mistakes} |"
        )
    return "\n".join(rows)


def _guide_block() -> str:
    return (
        f"{START}\n<!-- Generated by `python -m utils.solutions answers --write`; do not edit by "
        f"hand. -->\n\n{answers_markdown()}\n\n{END}"
    )


def update_guide(path=None, write: bool = True) -> bool:
    """Refresh the answer key between the markers of the instructor guide; True if it changed."""
    path = Path(path) if path is not None else GUIDE
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SolutionError(f"{path.name} has no {START} ... {END} block for the answer key.")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = head + _guide_block() + tail
    if write and new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def _main(argv) -> int:
    if argv and argv[0] == "answers":
        if "--write" in argv:
            changed = update_guide()
            print(f"{GUIDE.relative_to(ROOT)}: answer key {'updated' if changed else 'already up to date'}")
        elif "--check" in argv:
            if update_guide(write=False):
                print(
                    "docs/instructor_guide.md: answer key out of date; run "
                    "python -m utils.solutions answers --write"
                )
                return 1
            print("answer key up to date")
        else:
            print(answers_markdown())
        return 0
    if not argv or argv[0] != "build":
        print("usage: python -m utils.solutions build [--run] | answers [--write | --check]")
        return 2
    written = build()
    for path, ids in written.items():
        print(f"{path.relative_to(ROOT)}: {len(ids)} exercises")
    if "--run" in argv:
        for path in written:
            run(path)
            print(f"ran {path.name}: every answer passed its check")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
