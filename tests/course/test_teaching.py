"""Exercises that teach (issue 16, section 2): worked solutions computed from the tables, hints
shown once, answers compared as a teacher would, three levels per notebook with scaffolds and an
open task, and a 45-minute path in every notebook that agrees with the instructor guide."""

from __future__ import annotations

import re

import nbformat
import pytest

from utils import ROOT, checks
from utils.checks import Exercise, Worked
from utils.course import TOPICS

ALL = checks.all_exercises()
GUIDE = (ROOT / "docs" / "instructor_guide.md").read_text(encoding="utf-8")


def make(**kw):
    base = dict(id="t.x", question="?", solve=lambda: 42.0, unit="units", tolerance=0.01)
    base.update(kw)
    return Exercise(**base)


# --------------------------------------------------------------------------- worked solutions


@pytest.mark.parametrize("ex_id", sorted(ALL))
def test_every_exercise_has_a_worked_solution_whose_code_gives_the_answer(ex_id):
    ex = ALL[ex_id]
    assert ex.worked is not None and ex.worked.step_texts(), f"{ex_id}: no worked solution"
    assert ex.worked.code.strip(), f"{ex_id}: the worked solution has no code"
    namespace = ex.worked.run()  # runs the code a student would run, in a fresh namespace
    if ex.kind == "open":
        return  # an open task's code only gathers the figures; there is no single answer
    assert "answer" in namespace, f"{ex_id}: the worked code must set `answer`"
    fb = ex.check(namespace["answer"])
    assert fb.correct is True, f"{ex_id}: the worked code gives {namespace['answer']!r}: {fb!r}"


_FIGURE = re.compile(r"(?<![\w.])\d{4,}(?:\.\d+)?(?:e\d+)?(?![\w])|\d\.\d+e\d+")


@pytest.mark.parametrize("ex_id", sorted(ALL))
def test_worked_code_types_no_figures(ex_id):
    """The worked code reads figures from the tables: no long literal numbers (years, powers of ten
    and the question's own scenario values such as 0.25 are not figures)."""
    code = re.sub(r"#.*", "", ALL[ex_id].worked.code)
    code = re.sub(r"(['\"]).*?\1", "", code)
    found = [s for s in _FIGURE.findall(code) if not re.fullmatch(r"(19|20)\d\d|10*(\.0+)?|1e\d+", s)]
    assert not found, f"{ex_id}: literal figures {found} in the worked code"


@pytest.mark.parametrize("ex_id", sorted(ALL))
def test_solution_shows_no_checker_internals(ex_id, capsys):
    sol = ALL[ex_id].solution()
    text = repr(sol) + sol._repr_html_()
    for internal in ("_set_mistakes", "Mistake(", "lambda", "def ", "register("):
        assert internal not in text, f"{ex_id}: the solution shows {internal!r}"
    private = re.findall(r"(?<![\w.])_[a-z]\w*\(", text)  # a course-internal helper called by name
    assert not private, f"{ex_id}: the solution calls internal helpers {private}"
    assert capsys.readouterr().out == "", "solution() is shown as the cell's value, not printed"


def test_worked_steps_quote_the_tables():
    """A worked solution's figures follow the data (the steps are built when shown)."""
    ex = checks.exercise("00.china-share-fy2025")
    steps = " ".join(ex.worked.step_texts())
    assert "17,108" in steps and "130,497" in steps and "13.11%" in steps  # FY2025 rows of nvidia_revenue


# --------------------------------------------------------------------------- hints


def test_hint_is_the_cells_value_shown_once(capsys):
    ex = make(hints=["first", "second"])
    h = ex.hint()
    assert capsys.readouterr().out == ""  # nothing printed: the cell shows the value once
    assert isinstance(h, str) and h == "first" and repr(h) == "Hint 1 of 2: first"
    assert ex.hint() == "second" and ex.hint() == "second"
    assert "No hint" in make().hint()


# --------------------------------------------------------------------------- comparing as a teacher


def test_spellings_spacing_and_case_are_accepted():
    ex = checks.exercise("05.verdict-qualcomm")
    for spelling in (
        "mislabelled",
        "mislabeled",
        "Mislabeled",
        "  MISLABELLED ",
        "mis-labelled",
        "mislabelled.",
    ):
        assert ex.check(spelling).correct is True, spelling
    assert ex.check("confirmed").correct is False
    assert "did you mean 'mislabelled'" in ex.check("mislabled").message


def test_chip_names_without_spaces_are_accepted():
    ex = checks.exercise("01.controlled-2023")
    assert ex.check(["A800", "H800", "L40", "RTX4090"]).correct is True
    assert ex.check("a800, h800, l40 and rtx-4090").correct is True
    assert ex.check(["A800", "H800", "L40", "RTX4090D"]).correct is False  # the 4090 D is another chip
    assert "not one of the choices" in ex.check(["A800", "RTX 4080"]).message


def test_declared_aliases_are_accepted():
    assert checks.exercise("04.apple-period").check("quarter").correct is True
    assert checks.exercise("03.binding").check("memory").correct is True
    assert checks.exercise("01.l40-category").check("3A090b").correct is True


def test_the_textbook_sign_of_an_elasticity_is_right_and_the_other_sign_is_named():
    ex = checks.exercise("02.jevons-elasticity")  # -1 - log10(2) = -1.301
    for right in (-1.3, "-1.3", "−1.3", " -1.30 ", -1.301):
        assert ex.check(right).correct is True, right
    plus = ex.check(1.3)
    assert plus.correct is False and "wrong sign" in plus.message
    for wrong in (-1.0, -1.1):  # closer to zero: never "too high" or "too low"
        msg = ex.check(wrong).message
        assert "too low" not in msg and "too high" not in msg and "closer to zero" in msg
    assert "further from zero" in ex.check(-2.5).message


def test_a_sign_slip_gets_its_own_message():
    # a 50% tariff, ε_D = -1.5, ε_S = 2: p = 2 / 3.5 = 0.5714, kept = 1.5 ** (0.5714 * -0.5 - 1) = 0.594
    ex = checks.exercise("04.tariff")  # a 40.6% loss
    fb = ex.check(-40.63)
    assert fb.correct is False and "wrong sign" in fb.message and "positive" in fb.message
    generic = make(solve=lambda: -3.0).check(3.0)
    assert "wrong sign" in generic.message and "negative" in generic.message


def test_a_value_in_billions_for_millions_is_named():
    ex = checks.exercise("01.h20-charge-gap")  # 5,500 - 4,500 = 1,000 USD millions
    fb = ex.check(1.0)
    assert fb.correct is False and "in billions" in fb.message and "multiply by 1,000" in fb.message
    assert ex.check("$1bn").correct is True  # a unit written out is converted
    assert ex.check("1 billion").correct is True
    assert ex.check("1,000").correct is True


def test_other_unit_slips_are_named():
    cost = checks.exercise("02.v3-cost")  # 5,576,000 US dollars
    assert "in millions" in cost.check(5.576).message
    assert cost.check("$5.576M").correct is True and cost.check("5.576 million").correct is True
    share = checks.exercise("00.china-share-fy2025")  # 13.11 %
    assert "is a fraction" in share.check(0.1311).message
    mfu = checks.exercise("02.v3-mfu")  # 0.346, a fraction
    assert "is a percentage" in mfu.check(34.6).message
    assert mfu.check("34.6%").correct is True  # a percent sign makes it a fraction
    chips = checks.exercise("03.wafer-chips")  # 0.98 million chips
    assert "single units" in chips.check(982_800).message
    assert chips.check("982,800").correct is False and chips.check("982.8 thousand").correct is True
    flop = checks.exercise("02.v3-flop")  # 6 x 37e9 x 14.8e12 = 3.2856e24
    assert flop.check("3.29 x 10^24").correct is True and flop.check("3.29e24 FLOP").correct is True
    assert "more than one" in flop.check("3e24 or 4e24").message


def test_chinese_number_words_are_read():
    ex = make(solve=lambda: 2.1002e6, unit="chips")
    assert ex.check("210.02万").correct is True


def test_no_double_label_in_feedback():
    fb = checks.exercise("00.china-share-fy2025").check(13.11)
    assert repr(fb).startswith("Correct: 13.11") and "Correct: Correct" not in repr(fb)


def test_choice_aliases_must_name_a_choice_and_choices_must_differ():
    with pytest.raises(ValueError, match="names no choice"):
        make(kind="choice", choices=("a", "b"), aliases={"x": "c"})
    with pytest.raises(ValueError, match="read the same"):
        make(kind="choice", choices=("RTX 4090", "rtx-4090"))


# --------------------------------------------------------------------------- open tasks


def test_open_task_is_not_auto_graded_but_says_what_a_good_answer_does():
    ex = make(kind="open", solve=lambda: "model", rubric=["uses a figure", "names a source"], min_words=5)
    assert ex.check(None).correct is None and not ex.check(None).accepted
    short = ex.check("Too short.")
    assert short.correct is False and "at least" not in short.message or "more" in short.message
    fb = ex.check("Nvidia billed 17.1bn to China in fiscal 2025, from its 10-K.")
    assert (
        fb.accepted
        and fb.correct is None
        and "uses a figure" in fb.message
        and repr(fb).startswith("Submitted")
    )
    assert "Write your answer as text" in ex.check(42).message
    # long enough but quoting no figure: not ready (every rubric asks for figures from the tables)
    vague = ex.check("Nvidia depends on China a lot, as its filings say.")
    assert vague.correct is False and not vague.accepted and "no figure" in vague.message


def test_a_bracketed_unit_is_not_bracketed_twice():
    assert "(answer in (" not in checks.exercise("02.jevons-elasticity")._repr_html_()
    assert "<i>(answer in US dollars)</i>" in checks.exercise("02.v3-cost")._repr_html_()


# --------------------------------------------------------------------------- levels per notebook


def _fetched(nb) -> list[str]:
    ids = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            ids += re.findall(r"checks\.exercise\(\s*['\"]([^'\"]+)['\"]", cell.source)
    return ids


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.number)
def test_each_notebook_has_three_levels_and_an_open_task(t):
    mine = {k: e for k, e in ALL.items() if k.startswith(f"{t.number}.")}
    levels = {e.level for e in mine.values()}
    assert levels == {1, 2, 3}, f"notebook {t.number} has levels {sorted(levels)}"
    assert any(e.kind == "open" and e.rubric_texts for e in mine.values()), (
        f"notebook {t.number}: no open task"
    )
    nb = nbformat.read(t.notebook, as_version=4)
    fetched = _fetched(nb)
    assert set(mine) <= set(fetched), f"{t.notebook.name} does not show {sorted(set(mine) - set(fetched))}"


def test_the_level_is_shown_with_the_exercise():
    for ex in ALL.values():
        assert f"Level {ex.level}" in ex._repr_html_() and f"(level {ex.level})" in repr(ex)


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.number)
def test_level_2_exercises_have_a_scaffold_cell(t):
    """Between an exercise's display cell and its answer cell there is a code cell beginning
    '# Scaffold' for every level-2 exercise (the pandas part done, the arithmetic left)."""
    nb = nbformat.read(t.notebook, as_version=4)
    cells = nb.cells
    for i, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        m = re.search(r"checks\.exercise\(\s*['\"]([^'\"]+)['\"]", cell.source)
        if not m or ALL[m.group(1)].level != 2:
            continue
        j = next(
            k for k in range(i + 1, len(cells)) if re.search(r"^\s*answer\s*=\s*None", cells[k].source, re.M)
        )
        between = [c for c in cells[i + 1 : j] if c.cell_type == "code"]
        assert any(c.source.lstrip().startswith("# Scaffold") for c in between), (
            f"{t.notebook.name}: level-2 exercise {m.group(1)} has no scaffold cell"
        )


# --------------------------------------------------------------------------- the 45-minute path


def _headings(nb) -> set[str]:
    out = set()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for h in re.findall(r"^#{2,4}\s+(.*)$", cell.source, re.M):
                out.add(_norm_heading(h))
    return out


def _norm_heading(h: str) -> str:
    h = re.sub(r"[*_`]", "", h).strip()
    h = re.sub(r"^\d+(\.\d+)*\.?\s+", "", h)  # "2. ", "2.1 "
    h = re.sub(r"\s*\(\d+ min\)$", "", h)  # "(10 min)"
    return " ".join(h.lower().split())


def _sections(text: str) -> list[str]:
    text = " ".join(text.split())  # a name may wrap across lines
    text = re.sub(r"\*\*[^*]+\*\*", "", text)  # bold labels are not section names
    return [_norm_heading(s) for s in re.findall(r"(?<![*\w])\*([^*\n]+?)\*(?![*\w])", text)]


def _minutes(text: str) -> int:
    text = " ".join(text.split())
    return sum(int(m) for m in re.findall(r"\((\d+) min\)", text))


def _guide_plan(number: str, minutes: int) -> str:
    sec = re.search(rf"^### {number} ·.*?(?=^### |^## )", GUIDE, re.M | re.S).group(0)
    m = re.search(rf"\*\*{minutes} minutes\.?\*\*(.*?)(?=\n\*\*|\n\n)", sec, re.S)
    assert m, f"instructor guide, notebook {number}: no **{minutes} minutes** plan"
    return m.group(1)


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.number)
def test_every_section_the_guide_names_exists(t):
    nb = nbformat.read(t.notebook, as_version=4)
    headings = _headings(nb)
    for minutes in (45, 90):
        plan = _guide_plan(t.number, minutes)
        names = _sections(plan)
        assert names, (
            f"guide {t.number}, {minutes} minutes: names no section (write section names in *italics*)"
        )
        missing = [n for n in names if n not in headings]
        assert not missing, (
            f"guide {t.number}, {minutes}-minute plan names sections not in {t.notebook.name}: {missing}"
        )
        assert _minutes(plan) == minutes, (
            f"guide {t.number}: the {minutes}-minute plan adds up to {_minutes(plan)}"
        )


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.number)
def test_the_45_minute_path_is_marked_and_matches_the_guide(t):
    nb = nbformat.read(t.notebook, as_version=4)
    ids = [c.get("id") for c in nb.cells]
    pid = f"nb{t.number}-path"
    assert pid in ids, f"{t.notebook.name}: no 45-minute path cell ({pid})"
    from utils import nbtools

    lesson = [c.get("id") for c in nbtools.lesson_cells(nb)]  # after the Colab badge and set-up cells
    assert lesson.index(pid) <= 3, (
        f"{t.notebook.name}: the path cell should follow the introduction, not lesson cell {lesson.index(pid)}"
    )
    cell = nb.cells[ids.index(pid)]
    assert cell.cell_type == "markdown" and "45-minute path" in cell.source and "Skip" in cell.source
    assert _minutes(cell.source) == 45, (
        f"{t.notebook.name}: the path adds up to {_minutes(cell.source)} minutes"
    )
    assert _sections(cell.source) == _sections(_guide_plan(t.number, 45)), (
        f"{t.notebook.name}: the path cell and the guide's 45-minute plan name different sections"
    )
    assert not re.search(r"^#", cell.source, re.M), "the path cell adds no heading to the outline"


def _planned_minutes(plan: str) -> dict[str, int]:
    """{section: minutes} of a plan written as '*Section* ... (N min) · *Next* ... (M min)'."""
    out = {}
    for item in " ".join(plan.split()).split(" · "):
        names, mins = _sections(item), re.findall(r"\((\d+) min\)", item)
        if len(names) == 1 and len(mins) == 1:
            out[names[0]] = int(mins[0])
    return out


def _timed_headings(nb) -> dict[str, int]:
    out = {}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for h in re.findall(r"^#{2,4}\s+(.*\((\d+) min\))\s*$", cell.source, re.M):
                out[_norm_heading(h[0])] = int(h[1])
    return out


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.number)
def test_minutes_in_headings_match_the_guides_90_minute_plan(t):
    """A heading timed in the notebook ('## 3. The training-compute trend (15 min)') gets the same
    minutes in the guide's 90-minute plan."""
    timed = _timed_headings(nbformat.read(t.notebook, as_version=4))
    planned = _planned_minutes(_guide_plan(t.number, 90))
    wrong = {h: (m, planned.get(h)) for h, m in timed.items() if planned.get(h) != m}
    assert not wrong, f"{t.notebook.name}: heading minutes vs the guide's 90-minute plan: {wrong}"


def test_planned_minutes_are_read_per_section():
    plan = "*The story* (5 min) · *Two numbers: TPP*, with exercises 1–2 (15 min) · homework"
    assert _planned_minutes(plan) == {"the story": 5, "two numbers: tpp": 15}


def test_the_section_check_fails_on_a_missing_section():
    plan = "*The story, 2019–2026* (5 min) · *A section nobody wrote* (40 min)"
    nb = nbformat.read(TOPICS[1].notebook, as_version=4)
    assert [n for n in _sections(plan) if n not in _headings(nb)] == ["a section nobody wrote"]


def test_worked_class_is_exported():
    assert Worked is checks.Worked and callable(Worked(steps=["x"]).step_texts)
