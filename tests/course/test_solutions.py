"""Instructor solutions: every student notebook has a generated solution copy in which each
`answer = None` becomes the exercise's computed answer, and the copy executes with every check
asserting a correct answer. The student notebooks themselves never contain the answers."""

import re
from pathlib import Path

import nbformat
import pytest

from utils import checks, solutions

NOTEBOOKS = sorted((Path(solutions.NOTEBOOKS)).glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_fetched_exercise_is_answered_in_the_solution(path):
    nb, ids = solutions.solution_notebook(path)
    known = checks.all_exercises()
    assert len(ids) >= 3, f"{path.name}: at least three exercises"
    assert all(i in known for i in ids)
    src = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "answer = None" not in src
    assert src.count(".answer()  # solution") == len(ids)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_notebooks_hold_no_answers(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert ".answer()" not in cell.source and ".solve()" not in cell.source, path.name
            assert not re.search(r"^\s*answer\s*=\s*(?!None\b)\S", cell.source, re.M), (
                f"{path.name}: an exercise answer is typed into the student notebook"
            )


def test_malformed_exercise_cells_are_refused(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell('ex = checks.exercise("05.thor-vs-orin")'),
        nbformat.v4.new_code_cell("answer = None  # your answer"),
    ]
    bad = tmp_path / "99_bad.ipynb"
    nbformat.write(nb, bad)
    with pytest.raises(solutions.SolutionError, match="check"):
        solutions.solution_notebook(bad)
    nb.cells = [nbformat.v4.new_code_cell('ex = checks.exercise("05.thor-vs-orin")')]
    nbformat.write(nb, bad)
    with pytest.raises(solutions.SolutionError, match="never answered"):
        solutions.solution_notebook(bad)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_solution_notebook_executes_with_every_answer_correct(path, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_SCENARIO_DIR", str(tmp_path))
    written = solutions.build(tmp_path, notebooks=[path])
    ((out, ids),) = written.items()
    nb = solutions.run(out)
    correct = 0
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            assert o.output_type != "error", f"{out.name}: {o.get('ename')}: {o.get('evalue')}"
            text = str(o.get("data", {}).get("text/plain", ""))
            if text.startswith(("Correct", "Submitted")):
                correct += 1
    assert correct == len(ids), f"{out.name}: {correct} of {len(ids)} checks reported correct"


def test_instructor_guide_answer_key_is_current():
    assert not solutions.update_guide(write=False), (
        "docs/instructor_guide.md: answer key out of date; run python -m utils.solutions answers --write"
    )


def test_instructor_guide_covers_every_notebook():
    text = solutions.GUIDE.read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert f"### {nb.name[:2]} ·" in text, f"instructor guide has no section for {nb.name}"
    for word in ("45 minutes", "90 minutes", "nbgitpuller", "JupyterHub", "Binder", "Pause for discussion"):
        assert word in text
