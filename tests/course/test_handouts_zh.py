"""The Chinese handouts (utils.handouts in Simplified Chinese): the same code and numbers as the
English ones, the title and discussion questions read from notebooks/zh/, the key terms
Chinese-first; the English handouts unchanged; build(lang="zh") sets the language for the build
only. (The printed PDFs are checked in tests/browser/test_handouts.py.)

The Chinese texts come from course.po, like every other string of utils/."""

import re

import nbformat
import pytest

from utils import handouts, i18n
from utils.course import TOPICS, topic

CJK = re.compile(r"[\u4e00-\u9fff]")
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")  # ideographs or Chinese punctuation


@pytest.fixture
def english_after():
    yield
    i18n._language = None  # English again for the other tests


@pytest.fixture
def zh(english_after):
    """The language set to Chinese (the handouts' texts are in course.po)."""
    i18n.set_language("zh")
    assert i18n._(handouts.SECTIONS[1]) != handouts.SECTIONS[1], (
        "the handouts' texts have no Chinese in course.po"
    )
    return i18n.catalog_path("zh")


def _english(number):
    i18n._language = None
    h = handouts.handout(number, figures=False)
    return h, handouts.render_html(h, css="")


_MONEY = re.compile(r"\$([\d,]+\.\d)bn")


def _numbers(text: str) -> list[str]:
    """The numbers of a worked example, sorted (Chinese may put them in another order)."""
    return sorted(re.findall(r"\d[\d,.]*\d|\d", text))


def _as_in_chinese(example: str) -> str:
    """An English example with its "$17.1bn" amounts as the Chinese handout writes them (171亿美元)."""
    return _MONEY.sub(lambda m: i18n.fmt_money(float(m[1].replace(",", "")) * 1000, "zh"), example)


def test_chinese_handout_01(zh):
    h = handouts.handout("01", figures=False)
    page = handouts.render_html(h)
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">')
    assert "Noto Sans CJK SC" in page  # the CJK font stack of present/handout.css
    # the sections in Chinese
    for section in handouts.SECTIONS:
        zh_name = i18n._(section)
        assert zh_name != section and CJK.search(zh_name), section
        assert f"<h2>{zh_name}</h2>" in page
    # the title and the discussion questions are the Chinese notebook's
    nb = nbformat.read(handouts.notebook_path("01"), as_version=4)
    assert handouts.notebook_path("01") == topic("01").notebook.parent / "zh" / topic("01").notebook.name
    assert h.title == handouts.notebook_title(nb) and CJK.search(h.title)
    assert f"<h1>01 · {handouts._e(h.title)}</h1>" in page
    questions = handouts.discussion_questions(nb)
    assert questions and h.discussion == questions
    for q in questions:
        assert CJK.search(q) and f"<li>{handouts.inline_markdown(q)}</li>" in page
    # the question, formula names and the terms: Chinese first
    assert CJK.search(h.question) and all(CJK.search(f.name) for f in h.formulas)
    t = h.terms[0]
    assert f'<dt><b class="zh" lang="zh-Hans">{t.zh}</b> <span lang="en">{t.en}</span>' in page


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.name)
def test_chinese_handout_has_the_english_numbers(t, zh):
    zh_h = handouts.handout(t.number, figures=False)
    en_h, _page = _english(t.number)
    assert len(zh_h.formulas) == len(en_h.formulas)
    assert len(zh_h.discussion) == len(en_h.discussion), "the Chinese notebook has other discussion questions"
    for f_zh, f_en in zip(zh_h.formulas, en_h.formulas):
        assert f_zh.example != f_en.example and CHINESE.search(f_zh.example), f"{f_en.name}: not translated"
        assert _numbers(f_zh.example) == _numbers(_as_in_chinese(f_en.example)), (f_en.example, f_zh.example)
        assert f_zh.mathml.count("<mn>") == f_en.mathml.count("<mn>")


def test_english_handout_is_unchanged(english_after):
    h, page = _english("01")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    for section in handouts.SECTIONS:
        assert f"<h2>{section}</h2>" in page
    assert f"<title>01 · {handouts._e(h.title)}: handout</title>" in page
    assert '<div class="course">AI chips, US export controls and China · notebook 01 · <code>' in page
    assert "<b>Example.</b> H100: 989.4 × 16 and 1,979 × 8 → TPP = 15,832. H20: " in page
    assert " Code: <code>utils.export_controls.tpp</code>.</p>" in page
    assert "H100: controlled (" in page and "H20: not controlled: designed to sit under the lines." in page
    assert "<mtext>controlled if</mtext>" in page and "<mtext>applicable die area (mm²)</mtext>" in page
    assert '<dt><b>export controls</b> <span class="zh" lang="zh-Hans">出口管制</span>' in page
    assert (
        '<footer class="note">Every number on this sheet is computed from the course tables in '
        "<code>data/</code> when the handout is built;"
    ) in page
    _h, page00 = _english("00")
    assert re.search(
        r"<b>Example\.</b> Fiscal \d{4}: \$[\d,]+\.\dbn ÷ \$[\d,]+\.\dbn = \d+\.\d%\.</p>", page00
    )
    assert not CJK.search(page.replace("术语", "").replace("出口管制", "").split("<dl>")[0])


def test_build_sets_the_language_and_restores_it(monkeypatch, english_after):
    seen = []

    def fake(out_dir, numbers, browser, log):
        seen.append((out_dir, i18n.language()))
        raise handouts.HandoutError("no browser here")

    monkeypatch.setattr(handouts, "_build", fake)
    i18n._language = None
    with pytest.raises(handouts.HandoutError):
        handouts.build(lang="zh")
    assert seen == [(handouts.OUT_DIR / "zh", "zh")]
    assert i18n._language is None  # restored, even on error
    i18n.set_language("en")
    with pytest.raises(handouts.HandoutError):
        handouts.build("somewhere", lang="zh")
    assert seen[-1] == ("somewhere", "zh") and i18n._language == "en"


def test_html_command_with_zh_flag(tmp_path, zh, capsys):
    i18n._language = None
    assert handouts._main(["html", "01", str(tmp_path), "--zh"]) == 0
    page = (tmp_path / f"{topic('01').notebook.stem}.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and i18n._language is None
    assert handouts._main(["html", "01", str(tmp_path / "en")]) == 0
    assert '<html lang="en">' in (tmp_path / "en" / f"{topic('01').notebook.stem}.html").read_text(
        encoding="utf-8"
    )
