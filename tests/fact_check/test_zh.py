"""The capstone in Chinese: the claim checker quotes the article in its own words and names the
verdicts as the glossary does, the synthesis readout gives money in 亿美元, a Chinese verdict is
accepted as an answer, and the English edition is unchanged."""

import pytest

from utils import checks, i18n, plotting
from utils.fact_check import panels
from utils.fact_check.panels import _cut, _fit_label


@pytest.fixture
def zh():
    plotting.setup()
    i18n.set_language("zh")
    yield
    i18n._language = None


def test_checker_in_chinese_quotes_the_article_and_names_verdicts_from_the_glossary(zh):
    checker = panels.make_claim_checker()
    checker.set(claim=11)
    text = checker.readout_text
    # claim 11 in the article's words (data/claims.csv claim_zh); its English rendering left out
    assert text.startswith("说法 11 2024年其营收为1243亿美元")
    assert "Apple's 2024 revenue" not in text
    assert "先看图和证据" in text and "张冠李戴" in text  # the hint lists the five verdicts
    checker.set(my_verdict="wrong")
    # the course's verdict on claim 11 is mislabelled (张冠李戴), the student's wrong (错误)
    assert "✘ 课程的结论与你不同：张冠李戴（你的结论：错误）" in checker.readout_text
    # the explanation and the parts (data/claims.csv, claim_evidence.csv) through course.po
    assert "是苹果2025财年第一季度（2024年10–12月）的数字" in checker.readout_text
    assert "苹果2024年营收1243亿美元" in checker.readout_text
    options = checker.controls["my_verdict"].options
    assert ("张冠李戴", "mislabelled") in options and options[0] == ("（尚未记录）", panels.NOT_YET)


def test_synthesis_readout_in_chinese_units(zh):
    text = panels.make_synthesis_panel().readout_text
    assert text.startswith("2027年：现行规则为")
    assert "亿美元" in text and "$" not in text and "bn" not in text
    assert "万个 H100 当量" in text and "million" not in text


def test_chinese_verdict_is_accepted(zh):
    ex = checks.exercise("05.verdict-qualcomm")
    assert ex.check("张冠李戴").correct is True  # the course's verdict on claim 12: mislabelled
    assert ex.check("属实").correct is False  # confirmed: a wrong answer, not an unknown one


def test_english_checker_keeps_the_english_rendering():
    i18n.set_language("en")
    try:
        text = panels.make_claim_checker(claim=11).readout_text
    finally:
        i18n._language = None
    assert "Claim 11" in text and "Apple's 2024 revenue was $124.3bn" in text


def test_labels_are_cut_by_width_a_chinese_character_counting_twice():
    assert _cut("abcdef", 4) == "abcd"
    assert _cut("中国收入", 5) == "中国"  # 2 + 2 = 4 fits, the third would make 6
    assert _fit_label("x" * 118) == "x" * 118
    assert _fit_label("x" * 119) == "x" * 117 + "…"
    assert _fit_label("中" * 60) == "中" * 58 + "…"  # 58 x 2 + 1 = 117 <= 118
