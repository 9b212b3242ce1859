"""The assessment pack (issue 16, section 3): a model answer and rubric for every discussion
question, the capstone rubric, a quiz per notebook on the exercise machinery, reading lists that
resolve to the source registry, and docs/assessment.md generated and current."""

from __future__ import annotations

import re

import nbformat
import pytest

from utils import ROOT, assessment, checks, data
from utils.course import TOPICS

QUESTIONS = assessment.all_questions()
REGISTRY = set(data.load("sources")["id"])


def test_the_notebooks_and_guide_hold_about_thirty_discussion_questions():
    assert len(QUESTIONS) >= 28, len(QUESTIONS)
    for t in TOPICS:
        assert any(q.notebook == t.number and q.where == "notebook" for q in QUESTIONS), t.number
        assert any(q.notebook == t.number and q.where == "guide" for q in QUESTIONS), t.number


@pytest.mark.parametrize("q", QUESTIONS, ids=lambda q: f"{q.notebook}-{q.where}-{q.cell}-{q.number}")
def test_every_discussion_question_has_one_model_answer_and_rubric(q):
    found = assessment.match(q)
    assert len(found) == 1, (
        f"notebook {q.notebook} ({q.where}) question {q.number} has {len(found)} model answers; add one to "
        f"utils/assessment.py DISCUSSIONS: {q.text[:120]!r}"
    )
    d = found[0]
    text = d.answer_text()
    assert len(text.split()) >= 50, f"{d.title}: the model answer is too short"
    assert len(d.rubric) >= 2, f"{d.title}: the rubric needs at least two criteria"
    assert d.sources, f"{d.title}: cite the source ids the answer rests on"
    assert set(d.sources) <= REGISTRY, f"{d.title}: unknown source ids {set(d.sources) - REGISTRY}"


def test_every_model_answer_matches_a_question():
    """No stale entries: each model answer still has its question in a notebook or the guide."""
    for d in assessment.DISCUSSIONS:
        hits = [q for q in QUESTIONS if d in assessment.match(q)]
        assert len(hits) == 1, f"{d.notebook} {d.title!r} matches {len(hits)} questions"


def test_a_new_question_without_an_answer_is_caught(tmp_path):
    nb = nbformat.read(TOPICS[3].notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "## Discussion questions" in cell.source:
            cell.source += "\n6. Should the US license the H200 to China? Argue both sides."
    path = tmp_path / TOPICS[3].notebook.name
    nbformat.write(nb, path)
    qs = assessment.notebook_questions(path)
    assert len(qs) == len([q for q in QUESTIONS if q.notebook == "03" and q.where == "notebook"]) + 1
    assert [q.number for q in qs if not assessment.match(q)] == [6]


def test_the_parser_reads_headings_bold_leads_and_paragraphs(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("## 8. Discussion\n\n1. First?\n   continued.\n2. Second?"),
        nbformat.v4.new_markdown_cell("**Discuss.** One paragraph question?"),
        nbformat.v4.new_markdown_cell("**Try:** not a question.\n\n**Discussion.** Last one?"),
        nbformat.v4.new_markdown_cell("Text with no discussion."),
    ]
    path = tmp_path / "07_x.ipynb"
    nbformat.write(nb, path)
    texts = [q.text for q in assessment.notebook_questions(path)]
    assert texts == ["First? continued.", "Second?", "One paragraph question?", "Last one?"]


def test_model_answers_quote_the_tables():
    """The answers' figures come from the tables (here the FY2025 rows of nvidia_revenue)."""
    d = next(d for d in assessment.DISCUSSIONS if d.title == "Share or dollars")
    text = d.answer_text()
    assert "$17.1bn" in text and "13.1%" in text and "$130.5bn" in text  # 17,108 / 130,497


def test_capstone_rubric_covers_the_part_3_steps():
    names = [c[0].lower() for c in assessment.CAPSTONE_RUBRIC]
    for step in ("claim", "tolerance", "evidence", "verdict", "explanation"):
        assert any(step in n for n in names), step
    assert all(len(c) == 4 and all(c) for c in assessment.CAPSTONE_RUBRIC)


def test_assessment_pack_is_generated_and_current():
    assert assessment.is_current(), "docs/assessment.md is out of date: run python -m utils.assessment write"
    text = assessment.DOC.read_text(encoding="utf-8")
    assert "*No model answer yet.*" not in text
    assert "Capstone Part 3" in text
    for t in TOPICS:
        assert f'checks.quiz("{t.number}")' in text
    for ex_id, ex in checks.all_exercises().items():
        if ex.kind == "open":
            assert f"Open task `{ex_id}`" in text


def test_the_guide_links_to_the_pack():
    guide = (ROOT / "docs" / "instructor_guide.md").read_text(encoding="utf-8")
    assert "(assessment.md)" in guide and "## Assessment pack" in guide


# --------------------------------------------------------------------------- quizzes


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.number)
def test_each_notebook_has_a_short_auto_checked_quiz(t):
    q = checks.quiz(t.number)
    assert 5 <= len(q) <= 8, f"quiz {t.number} has {len(q)} questions"
    for ex in q.questions:
        assert ex.kind != "open" and ex.check(ex.answer()).correct is True, ex.id
        assert ex.explanation_text, f"{ex.id}: say why in the answer key"
    answers = {i: ex.answer() for i, ex in enumerate(q.questions, 1)}
    fb = q.check(answers)
    assert fb.correct is True and f"Score: {len(q)} of {len(q)}" in fb.message


def test_quiz_scores_and_refuses_gently():
    q = checks.quiz("01")
    assert q.check(1, 4800).correct is True
    assert q.check(2, "yes").correct is False
    assert q.score().message.startswith("Score: 1 of 6")
    assert "questions 1 to 6" in q.check(9, "x").message
    assert "Quiz on notebook 01" in q._repr_html_() and "quiz.check" in q._repr_html_()
    assert checks.quiz(1).notebook == "01" and checks.quiz("export_controls").notebook == "01"
    with pytest.raises(KeyError):
        checks.quiz("99")


def test_quiz_names_the_full_number_given_for_an_exponent():
    q = checks.quiz("02")  # question 2: the power of ten of 6 x 37e9 x 14.8e12 = 3.29e24 FLOP
    assert q.check(2, 24).correct is True
    fb = q.check(2, "3.3e24")
    assert fb.correct is False and "exponent" in fb.message


def test_quiz_questions_are_kept_apart_from_the_exercises():
    assert not any(k.startswith("q") for k in checks.all_exercises())
    assert all(k.startswith("q") for k in checks.all_quiz_questions())
    with pytest.raises(ValueError, match="q01.name"):
        checks.register_quiz(checks.Exercise(id="01.bad", question="?", solve=lambda: 1))


# --------------------------------------------------------------------------- reading lists


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.number)
def test_reading_list_primary_documents_first_then_analyses(t):
    rl = assessment.reading_list(t.number)
    kinds = list(rl["kind"])
    assert kinds.count("primary") >= 2, f"{t.number}: at least two primary documents"
    assert 2 <= kinds.count("analysis") <= 3, f"{t.number}: two or three analyses"
    assert kinds == sorted(kinds, key=lambda k: k != "primary"), f"{t.number}: primary documents come first"
    assert rl["title"].notna().all(), "every entry resolves to a source in data/sources.csv"
    assert (rl["reason"].str.len() > 30).all() and (rl["reason"].str.len() < 260).all(), "one line each"
    for r in rl.itertuples():
        assert r.url.startswith(("http://", "https://")), f"{r.source_id}: a reader needs an address"


def test_reading_list_grades_follow_the_tables():
    """A primary document is graded as the course's tables grade the rows it supports."""
    rl = data.load("reading_list")
    graded = {}
    for name in data.table_names():
        if name in ("sources", "reading_list"):
            continue
        df = data.load(name)
        for sid, g in zip(df["source_id"], df["grade"]):
            graded.setdefault(sid, set()).add(g)
    for r in rl.itertuples():
        if r.source_id in graded:
            assert r.grade in graded[r.source_id], (r.source_id, r.grade, graded[r.source_id])


def test_reading_list_in_the_pack_links_each_entry():
    text = assessment.DOC.read_text(encoding="utf-8")
    for sid in data.load("reading_list")["source_id"]:
        assert f"`{sid}`" in text
    assert re.search(r"\[DeepSeek-V3 Technical Report", text)


def test_the_quiz_page_code_runs_and_gives_feedback(capsys):
    """docs/quizzes.md: every python block runs as a student would type it; its example answers
    are feedback (right or wrong), never an error, and the page reveals no answer of quiz 01."""
    page = (ROOT / "docs" / "quizzes.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", page, re.S)
    assert len(blocks) >= 2
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "quizzes.md", "exec"), namespace)  # noqa: S102 - the page's own code
    quiz = namespace["quiz"]
    assert quiz.notebook == "01"
    shown = {int(n): a for n, a in re.findall(r"quiz\.check\((\d), ([^,){]+)\)", page)}
    for n, a in shown.items():
        value = a.strip().strip('"')
        fb = quiz.check(n, value)
        assert fb.correct is not None and "not one of the choices" not in fb.message, (n, a, fb)
        assert fb.correct is False, f"docs/quizzes.md gives away the answer to question {n}"
    assert "(quizzes.md)" in (ROOT / "docs" / "instructor_guide.md").read_text(encoding="utf-8")
