"""Self-check exercises: specific feedback, and every registered solution passes its own check."""

import pytest

from utils import checks
from utils.checks import Exercise, Mistake


def make(**kw):
    base = dict(
        id="t.x",
        question="What is 6 x 7?",
        solve=lambda: 42.0,
        unit="units",
        tolerance=0.01,
        hints=["six sevens", "count them"],
    )
    base.update(kw)
    return Exercise(**base)


def test_right_answer_within_tolerance():
    ex = make()
    assert ex.check(42).correct is True
    assert ex.check(42.3).correct is True
    assert ex.check("42").correct is True


def test_wrong_answer_says_which_way():
    ex = make()
    fb = ex.check(50)
    assert fb.correct is False and "too high" in fb.message
    assert "too low" in ex.check(30).message


def test_known_mistake_is_explained():
    ex = make(mistakes=[Mistake(48, "You computed 6 x 8.")])
    assert ex.check(48).message == "You computed 6 x 8."


def test_unit_slips_are_recognised():
    ex = make()
    assert "percentage" in ex.check(4200).message
    assert "1,000" in ex.check(42000).message or "1/100" in ex.check(0.42).message
    assert "unit" in ex.check(0.042).message


def test_number_typed_as_text_with_symbols():
    ex = make()
    assert ex.check("42%").correct is True
    assert ex.check("$42").correct is True


def test_no_answer_and_nonsense():
    ex = make()
    assert ex.check(None).correct is None
    assert ex.check("forty-two").correct is False
    assert ex.check(float("nan")).correct is False


def test_choice_and_set_kinds():
    ch = make(
        kind="choice",
        solve=lambda: "confirmed",
        choices=("confirmed", "wrong"),
        mistakes=[Mistake("wrong", "Look at the filing again.")],
    )
    assert ch.check("Confirmed").correct
    assert ch.check("wrong").message == "Look at the filing again."
    assert "Choose one of" in ch.check("maybe").message
    st = make(kind="set", solve=lambda: ["A100", "H100"])
    assert st.check(["h100", "A100"]).correct
    assert "1 missing" in st.check(["A100"]).message
    assert "should not be there" in st.check(["A100", "H100", "H20"]).message


def test_hints_advance_and_are_shown_once(capsys):
    ex = make()
    first = ex.hint()
    assert first == "six sevens" and repr(first) == "Hint 1 of 2: six sevens"
    assert ex.hint() == "count them"
    assert ex.hint() == "count them"  # the last hint repeats
    assert capsys.readouterr().out == "", "a hint is the cell's value, never printed as well"
    assert "Hint 2 of 2" in ex.hint()._repr_html_()


def test_solution_is_a_worked_explanation_not_checker_internals(capsys):
    ex = make(
        worked=checks.Worked(
            steps=lambda: ["Six sevens are 42.", "Check: 42 / 6 = 7."], code="answer = 6 * 7\n"
        )
    )
    sol = ex.solution()
    assert capsys.readouterr().out == ""
    text = repr(sol)
    assert "Six sevens are 42." in text and "answer = 6 * 7" in text and "Answer: 42 units" in text
    assert "lambda" not in text and "def " not in text
    assert sol.value == 42.0
    assert "<pre" in sol._repr_html_() and "Six sevens" in sol._repr_html_()


def test_unknown_exercise_lists_known_ids():
    with pytest.raises(KeyError) as err:
        checks.exercise("99.none")
    assert "Known" in str(err.value)


ALL = checks.all_exercises()


def test_every_notebook_has_three_exercises():
    import glob
    from pathlib import Path

    notebooks = sorted(
        Path(p).name[:2]
        for p in glob.glob(str(Path(__file__).resolve().parents[2] / "notebooks" / "[0-9][0-9]_*.ipynb"))
    )
    for nb in notebooks:
        n = sum(1 for k in ALL if k.startswith(f"{nb}."))
        assert n >= 3, f"notebook {nb} has {n} registered exercises"


@pytest.mark.parametrize("ex_id", sorted(ALL))
def test_every_solution_passes_its_own_check(ex_id):
    """The instructor solutions are executed here: each computed answer must pass check()."""
    ex = ALL[ex_id]
    answer = ex.answer()
    if ex.kind == "open":
        assert ex.check(answer).accepted, ex_id  # the model answer is long enough to hand in
        assert ex.check("Too short.").accepted is False
        return
    assert ex.check(answer).correct is True, ex_id
    # and a clearly wrong answer must not
    if ex.kind == "number":
        assert ex.check(answer * 3 + 1).correct is False
