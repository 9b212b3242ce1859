"""The handouts' content (utils.handouts), without a browser: the discussion questions are read
from the notebooks, the key terms come from the glossary, every formula agrees with the course
function it describes, and nothing from a cell is rendered as HTML. (The printed PDFs are checked
in tests/browser/test_handouts.py.)"""

import copy
import functools
import re

import nbformat
import pytest

from utils import handouts
from utils.course import TOPICS

v4 = nbformat.v4


@functools.cache
def _content(number):
    return handouts.handout(number, figures=False)  # the figures are drawn in the browser test


def _nb(*markdown):
    return v4.new_notebook(cells=[v4.new_markdown_cell(m) for m in markdown])


def test_discussion_under_a_heading_is_its_list_up_to_the_next_heading():
    nb = _nb(
        "# 09 · Title\n\nIntro.",
        "## Discussion questions\n\n1. First, on\n   two lines?\n2. Second?\n\n## Summary\n\n* not a question",
    )
    assert handouts.discussion_questions(nb) == ["First, on two lines?", "Second?"]


def test_discussion_heading_with_a_number_and_bullets_across_cells():
    nb = _nb("## 8. Discussion\n\n* A?", "* B?", "### Next part\n\n* not this")
    assert handouts.discussion_questions(nb) == ["A?", "B?"]


def test_bold_discuss_paragraph_and_bold_lead_list():
    nb = _nb(
        "Text.\n\n**Discussion (pause here in class).** Is it fair? Why?\n\nMore text.",
        "**Discuss.**\n1. One?\n2. Two?\n\nAfter the list: not a question.",
    )
    assert handouts.discussion_questions(nb) == ["Is it fair? Why?", "One?", "Two?"]


def test_a_notebook_without_discussion_gives_none():
    assert handouts.discussion_questions(_nb("# T\n\n* a list\n\n## Summary\n\n* b")) == []


def test_inline_markdown_escapes_html_and_keeps_emphasis():
    out = handouts.inline_markdown("**Who** pays <script>x</script> for *this* `code` [link](http://a)?")
    assert out == "<b>Who</b> pays &lt;script&gt;x&lt;/script&gt; for <i>this</i> <code>code</code> link?"
    assert handouts.plain_text("**Who** pays *this*?") == "Who pays this?"


def test_first_sentence_of_a_definition():
    assert handouts.first_sentence("The US rule's measure (TPP). Vendors quote more.") == (
        "The US rule's measure (TPP)."
    )
    assert handouts.first_sentence("No full stop") == "No full stop"


def test_a_formula_that_disagrees_with_its_function_stops_the_build():
    f = handouts.Formula("x", "", "", "topic.function", "", "", check=lambda: (1.0, 2.0))
    with pytest.raises(handouts.HandoutError, match="topic.function"):
        f.verify()


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.name)
def test_each_notebook_has_a_handout(t):
    h = _content(t.number)
    assert h.title and h.question.endswith("?")
    assert 1 <= len(h.formulas) <= 4
    for f in h.formulas:
        assert f.mathml.startswith('<math display="block">') and f.example and f.source.startswith("Source")
        assert re.search(r"\d", f.example), f"{f.name}: the worked example shows no number"
    assert h.terms, "no key terms"
    for term in h.terms:
        assert re.search(r"[\u4e00-\u9fff]", term.zh), f"{term.en}: no Chinese equivalent"
    assert h.discussion, "no discussion questions found in the notebook"
    # the questions are the notebook's own words
    text = " ".join(c.source for c in nbformat.read(t.notebook, as_version=4).cells)
    for q in h.discussion:
        assert q.split()[0] in text


def test_the_topics_formulas_are_on_their_handouts():
    names = {n: [f.name for f in _content(n).formulas] for n in ("01", "02", "04")}
    assert any("TPP" in x for x in names["01"]) and any("density" in x for x in names["01"])
    assert any("6·N·D" in x for x in names["02"]) and any("Jevons" in x for x in names["02"])
    assert any("at risk" in x for x in names["04"]) and any("Pass-through" in x for x in names["04"])


def test_worked_examples_are_computed_from_the_tables():
    """TPP of the H100 by hand: 989.4 dense FP16 TFLOPS x 16 = 15,830.4 and 1,979 INT8 TOPS x 8 =
    15,832, so TPP = 15,832 (the datasheet figures in the accelerators table)."""
    f = _content("01").formulas[0]
    assert "TPP = 15,832" in f.example


def test_rendered_html_has_every_section_and_escapes_cell_text():
    h = copy.copy(_content("00"))
    h.discussion = ["<img src=x onerror=alert(1)> **Why?**"]
    page = handouts.render_html(h, css="")
    for section in handouts.SECTIONS:
        assert f"<h2>{section}</h2>" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert '<span class="zh" lang="zh-Hans">' in page
