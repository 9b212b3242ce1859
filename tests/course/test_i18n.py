"""The Chinese edition (issue 18) is never out of step with the English course.

* every Markdown cell of a notebook in ``i18n.TRANSLATED`` has a translation of its *current*
  English text (the test names the notebook, the cell id and the start of the English);
* every string marked with ``_()``/``N_()``/``pgettext()`` in utils/ and the notebooks' code cells
  has a checked translation with the same ``{fields}``;
* the committed ``notebooks/zh/`` files are exactly what the build writes, with the English code
  cells unchanged;
* the tests above fail on purpose when an English cell is edited or a new string is added.
"""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from utils import i18n
from utils.validate import InputError

ROOT = i18n.ROOT


@pytest.fixture
def english_after():
    """Leave the process in English whatever a test switched to."""
    yield
    i18n._language = None


# ----------------------------------------------------------------------------- in step


def test_translated_notebooks_are_complete_and_current():
    problems = [p for name in i18n.TRANSLATED for p in i18n.notebook_problems(name)]
    assert not problems, "Markdown cells out of step with their translation:\n" + "\n".join(
        map(str, problems)
    )


def test_every_course_string_has_a_checked_translation():
    problems = i18n.course_problems()
    assert not problems, (
        "run `python -m utils.i18n extract`, then translate in locale/zh_CN/LC_MESSAGES/course.po:\n"
        + "\n".join(map(str, problems))
    )


def test_generated_notebooks_are_committed_as_the_build_writes_them():
    for name in i18n.TRANSLATED:
        path = i18n.OUT_DIRS["zh"] / f"{name}.ipynb"
        assert path.is_file(), f"{path.relative_to(ROOT)} is missing: run `make zh`"
        assert path.read_text(encoding="utf-8") == i18n.notebook_text(i18n.build_notebook(name)), (
            f"{path.relative_to(ROOT)} is not what the build writes: run `make zh` and commit it"
        )


def test_code_cells_are_shared_not_copied():

    for name in i18n.TRANSLATED:
        en = json.loads((i18n.NOTEBOOK_DIR / f"{name}.ipynb").read_text(encoding="utf-8"))
        zh = json.loads((i18n.OUT_DIRS["zh"] / f"{name}.ipynb").read_text(encoding="utf-8"))
        zh_cells = [c for c in zh["cells"] if c["id"] != i18n.SETUP_CELL_ID]
        assert [c["id"] for c in zh_cells] == [c["id"] for c in en["cells"]]
        for a, b in zip(en["cells"], zh_cells):
            if a["cell_type"] == "code":
                assert a["source"] == b["source"], f"{name} cell {a['id']}: code differs from the English"
            elif i18n._is_colab(a):  # the badge opens the translation itself
                assert "/notebooks/zh/" in "".join(b["source"]), (
                    f"{name}: the Colab badge opens the English notebook"
                )
            else:
                assert a["source"] != b["source"], f"{name} cell {a['id']}: Markdown left in English"
        # the one generated cell comes just before the first lesson code cell and sets the language
        first_code = next(
            i for i, c in enumerate(zh["cells"]) if c["cell_type"] == "code" and not i18n._is_colab(c)
        )
        assert zh["cells"][first_code]["id"] == i18n.SETUP_CELL_ID
        assert 'i18n.set_language("zh")' in "".join(zh["cells"][first_code]["source"])


# ----------------------------------------------------------------------------- fails on purpose


def _copy_notebooks(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for name in i18n.TRANSLATED:
        shutil.copy(i18n.NOTEBOOK_DIR / f"{name}.ipynb", folder)
    return folder


def test_an_edited_english_cell_is_named(tmp_path):
    folder = _copy_notebooks(tmp_path)
    path = folder / "00_start_here.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.get("id") == "nb00-21")
    cell.source = "## Exercises, edited\n\nEach exercise checks your answer."
    nbformat.write(nb, path)
    problems = i18n.notebook_problems("00_start_here", notebook_dir=folder)
    assert len(problems) == 1
    text = str(problems[0])
    assert problems[0].kind == "changed"
    assert "notebooks/00_start_here.ipynb" in text and "nb00-21" in text
    assert "## Exercises, edited" in text


def test_a_new_english_cell_is_missing(tmp_path):
    folder = _copy_notebooks(tmp_path)
    path = folder / "00_start_here.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_markdown_cell("A brand-new paragraph.", id="nb00-new"))
    nbformat.write(nb, path)
    (problem,) = i18n.notebook_problems("00_start_here", notebook_dir=folder)
    assert problem.kind == "missing" and problem.cell == "nb00-new"
    assert "has no translation: 'A brand-new paragraph.'" in str(problem)


def test_extraction_marks_a_changed_cell_fuzzy_and_keeps_the_old_english(tmp_path, monkeypatch):
    folder = _copy_notebooks(tmp_path)
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale)
    monkeypatch.setattr(i18n, "NOTEBOOK_DIR", folder)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    path = folder / "00_start_here.ipynb"
    nb = nbformat.read(path, as_version=4)
    old = next(c for c in nb.cells if c.get("id") == "nb00-22").source
    next(c for c in nb.cells if c.get("id") == "nb00-22").source = "### Exercise 1 — a new title"
    nbformat.write(nb, path)
    i18n.update_notebook_catalog("00_start_here")
    po = i18n.notebook_catalog_path("00_start_here").read_text(encoding="utf-8")
    assert f'#| msgid "{old}"' in po  # the English the translation was made from
    (problem,) = i18n.notebook_problems("00_start_here")
    assert problem.kind == "unchecked" and problem.cell == "nb00-22"
    with pytest.raises(ValueError, match="nb00-22"):
        i18n.build_notebook("00_start_here")


def test_a_new_untranslated_string_in_utils_is_named(tmp_path):
    utils_dir = tmp_path / "utils"
    utils_dir.mkdir()
    (utils_dir / "extra.py").write_text(
        'from utils.i18n import _\n\n\ndef f():\n    return _("A readout nobody has translated")\n'
    )
    (utils_dir / "bad.py").write_text('from utils.i18n import _\n\nX = _("Export scenario {n}")\n')
    po = tmp_path / "course.po"
    po.write_text('msgid "Export scenario {n}"\nmsgstr "导出情景 {m}"\n', encoding="utf-8")
    problems = i18n.course_problems(catalog=po, utils_dir=utils_dir, notebook_dir=tmp_path)
    by_kind = {p.kind: str(p) for p in problems}
    assert set(by_kind) == {"missing", "format"}
    assert (
        "utils/extra.py:5" in by_kind["missing"] and "A readout nobody has translated" in by_kind["missing"]
    )
    assert "Export scenario {n}" in by_kind["format"]


def test_every_data_text_has_a_checked_translation():
    problems = i18n.data_problems()
    assert not problems, (
        f"{len(problems)} value(s) of the data tables have no Chinese (run `python -m utils.i18n extract`, "
        "then translate them in locale/zh_CN/data/):\n" + "\n".join(map(str, problems[:40]))
    )


def test_an_edited_data_value_is_named(data_copy):
    import pandas as pd

    path = data_copy / "timeline.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    old = df.loc[0, "title"]
    df.loc[0, "title"] = "An event nobody has translated"
    df.to_csv(path, index=False)
    named = {(p.where, p.cell, p.kind, p.english) for p in i18n.data_problems(data_dir=data_copy)}
    assert ("data/timeline.csv", "title", "missing", "An event nobody has translated") in named
    assert not any(english == old for *_rest, english in named)  # the old title's entry is not asked for


def test_tables_show_in_chinese_and_compute_in_english(english_after):
    import pandas as pd

    from utils import data

    timeline = data.load("timeline")
    first = timeline.iloc[:1][["date", "title", "grade"]]
    assert i18n.localize_frame(first) is first  # English: the same table, untouched
    i18n.set_language("zh")
    shown = i18n.localize_frame(first)
    assert list(shown.columns) == ["日期（date）", "标题（title）", "等级（grade）"]
    title = shown.iloc[0, 1]
    assert title != first.iloc[0, 1] and any("\u4e00" <= ch <= "\u9fff" for ch in title)
    assert first.iloc[0, 1] == timeline.iloc[0]["title"]  # the loaded table keeps its English
    # a model's label made in Chinese is left alone; an unknown English note is reported, once
    i18n.untranslated_shown(clear=True)
    frame = pd.DataFrame(
        {"quantity": ["国产加速器出货量（百万颗）"], "note": ["A note nobody has translated"]}
    )
    out = i18n.localize_frame(frame)
    assert out.iloc[0, 0] == "国产加速器出货量（百万颗）" and out.iloc[0, 1] == "A note nobody has translated"
    assert i18n.untranslated_shown(clear=True) == [("note", "A note nobody has translated")]
    assert i18n.fmt_fiscal("Q2–Q4 FY2026") == "2026财年第二至第四季度"
    assert i18n.fmt_fiscal("Q1 + Q2 FY2026, 9 Apr") == "2026财年第一、二季度, 9 Apr"


# ----------------------------------------------------------------------------- the mechanism


def test_language_from_call_or_environment(monkeypatch, english_after):
    i18n._language = None
    monkeypatch.delenv("COURSE_LANG", raising=False)
    assert i18n.language() == "en"
    monkeypatch.setenv("COURSE_LANG", "zh_CN")
    assert i18n.language() == "zh"
    assert i18n._("Export scenario") == "导出情景"
    i18n.set_language("en")  # the call wins over the environment
    assert i18n._("Export scenario") == "Export scenario"
    with pytest.raises(InputError, match="not one of the course's languages"):
        i18n.set_language("fr")


def test_context_and_plural(english_after):
    i18n.set_language("zh")
    assert i18n.pgettext("category", "Data Center") == "数据中心"
    assert i18n.pgettext("actor group", "Nvidia") == "英伟达"
    # an unknown string stays English rather than failing
    assert i18n._("no such message, English stays") == "no such message, English stays"
    i18n.set_language("en")
    assert i18n.ngettext("{n} event", "{n} events", 1) == "{n} event"
    assert i18n.ngettext("{n} event", "{n} events", 2) == "{n} events"


def test_catalog_is_reread_when_the_po_file_changes(tmp_path, monkeypatch, english_after):
    po = tmp_path / "course.po"
    monkeypatch.setattr(i18n, "catalog_path", lambda lang="zh": po)
    po.write_text('msgid "grade"\nmsgstr "等级"\n', encoding="utf-8")
    i18n.set_language("zh")
    assert i18n._("grade") == "等级"
    po.write_text('msgid "grade"\nmsgstr "可信度等级"\n', encoding="utf-8")
    assert i18n._("grade") == "可信度等级"
    po.write_text('#, fuzzy\nmsgid "grade"\nmsgstr "没核对过"\n', encoding="utf-8")
    assert i18n._("grade") == "grade"  # a fuzzy (unchecked) translation is not used


@pytest.mark.parametrize(
    "usd_m, zh, en",
    [
        (17075, "171亿美元", "$17.1bn"),  # 17,075 million = 170.75 x 100 million
        (130497, "1305亿美元", "$130.5bn"),
        (850, "8.5亿美元", "$850m"),
        (5.5, "550万美元", "$6m"),  # 5.5 million = 550 x 10,000
        (2_500_000, "2.5万亿美元", "$2,500.0bn"),  # 2.5 trillion = 2.5 x 10^12
        (-1200, "-12亿美元", "-$1.2bn"),
    ],
)
def test_money_in_chinese_units(usd_m, zh, en):
    assert i18n.fmt_money(usd_m, "zh") == zh
    assert i18n.fmt_money(usd_m, "en") == en


def test_dates_in_chinese():
    assert i18n.fmt_date("2025-04-15", "zh") == "2025年4月15日"
    assert i18n.fmt_month("2025-04-15", "zh") == "2025年4月"
    assert i18n.fmt_date("2025-04-15", "en") == "15 April 2025"
    with pytest.raises(InputError):
        i18n.fmt_money("a lot", "zh")


def test_relative_links_work_one_folder_down():
    # 99_not_translated: a notebook name that is never in TRANSLATED (01 now is)
    md = "[a](../docs/glossary.md#tpp) [b](99_not_translated.ipynb) [c](00_start_here.ipynb#x) [d](https://x.org)"
    assert i18n._relink(md, "zh") == (
        "[a](../../docs/glossary.md#tpp) [b](../99_not_translated.ipynb) "
        "[c](00_start_here.ipynb#x) [d](https://x.org)"
    )


def test_chinese_text_of_figures_is_in_the_bundled_font():
    """Chart labels come from course.po; the bundled CJK font is a subset, so a character outside
    it would print as an empty box in a figure."""
    from fontTools.ttLib import TTFont

    from utils import plotting

    cmap = TTFont(plotting.CJK_FONT_FILE).getBestCmap()
    missing = {}
    for m in i18n.read_catalog(i18n.catalog_path()):
        for text in m.string if isinstance(m.string, tuple) else (m.string,):
            for ch in text or "":
                if "\u2e80" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef":
                    if ord(ch) not in cmap:
                        missing.setdefault(ch, m.id if isinstance(m.id, str) else m.id[0])
    assert not missing, f"characters not in {plotting.CJK_FONT_FILE.name} (choose another word): {missing}"


# ----------------------------------------------------------------------------- what a student sees


def test_panels_and_exercises_speak_chinese(english_after):
    from utils import checks, plotting
    from utils.start_here import panels

    plotting.setup()  # the notebook's first cell: registers the bundled CJK font
    i18n.set_language("zh")
    mix = panels.make_revenue_panel()
    mix.set(fiscal_year=2025, breakdown="platform")
    assert mix.readout_text.startswith("2025财年（截至 2025年1月下旬）：收入最多的平台是数据中心")
    assert "亿美元" in mix.readout_text and "$" not in mix.readout_text
    mix.set(fiscal_year=1999)
    assert mix.message.startswith("财年：1999 超出了")
    assert "Noto Sans CJK SC" in mix.readout.value and "Microsoft YaHei" in mix.readout.value
    timeline = panels.make_timeline_panel()
    assert "个事件" in timeline.readout_text and "美国政府" in timeline.readout_text
    ex = checks.exercise("00.china-share-fy2025")
    assert "开票给中国（含香港）客户" in ex._repr_html_()
    assert ex.check(None).message.startswith("还没有答案")
    assert ex.check("lots").message.startswith("请用数字作答（单位：%）")
    assert ex.hint_texts[1] == "用中国收入除以总收入，再乘以 100。"
    i18n.set_language("en")
    assert ex.check(None).message.startswith("No answer yet")


def test_readme_and_makefile_offer_the_chinese_edition():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## 中文版" in readme and "make lab-zh" in readme
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "lab-zh:" in makefile and "notebooks/zh/00_start_here.ipynb" in makefile
    assert "zh:" in makefile and "utils.i18n build" in makefile


# ----------------------------------------------------------------------------- terminology

#: (cell id, glossary term) pairs reviewed by hand where the English word is not the term
#: (a verb "compute", a source's "licence", "panel" shortened to 面板 after its first mention,
#: "AI chips" in a title, written AI 芯片 as the press does).
TERM_EXCEPTIONS = {
    ("nb00-00", "AI accelerator"),
    ("nb00-02", "what-if panel"),
    ("nb00-09", "what-if panel"),
    ("nb00-15", "compute"),
    ("nb00-15", "licence requirement"),
    ("nb00-31", "compute"),
    # nb02: GPU and FLOP stay as the abbreviations the Chinese press writes (GPU小时, FLOP);
    # both are spelt out (图形处理器, 浮点运算次数) at their first use, in nb02-000/012/025
    ("nb02-027", "GPU"),
    ("nb02-030", "GPU"),
    ("nb02-037", "GPU"),
    ("nb02-042", "GPU"),
    ("nb02-047", "FLOP"),
    ("nb02-070", "GPU"),
    # notebook 01, reviewed: "licence" alone is 许可证 (the licence, not the requirement); TPP
    # after its definition in nb01-000/006 is written TPP; "compute" a verb; TFLOPS a unit;
    # "FR" a Federal Register citation (87 FR 62186); `accelerators` a table name; 面板 after
    # 情景模拟面板 is introduced.
    *{
        (c, "licence requirement")
        for c in (
            "nb01-000",
            "nb01-002",
            "nb01-006",
            "nb01-048",
            "nb01-050",
            "nb01-053",
            "nb01-058",
            "nb01-062g",
            "nb01-062i",
            "nb01-066",
        )
    },
    *{
        (c, "Total Processing Performance (TPP)")
        for c in ("nb01-014", "nb01-020", "nb01-026", "nb01-028", "nb01-044", "nb01-048", "nb01-063")
    },
    ("nb01-000", "compute"),
    ("nb01-014", "compute"),
    ("nb01-006", "FLOP"),
    ("nb01-020", "Federal Register"),
    ("nb01-028", "AI accelerator"),
    ("nb01-046", "what-if panel"),
    ("nb01-057a", "what-if panel"),
    # nb01-026: "guidance" is BIS's enforcement guidance (指南), not a company's earnings guidance
    ("nb01-026", "guidance"),
    # nb03-037: "licensed case by case" is about the licence applications (许可申请), not the requirement
    ("nb03-037", "licence requirement"),
    # nb04: "compute" the verb; "fab" is the customer's chip plant (晶圆厂), not a foundry
    # business (晶圆代工厂); "an export licence revoked" is the document, not the requirement;
    # "exposure" in the module name `exposure.…`
    ("nb04-00", "compute"),
    ("nb04-00", "foundry"),
    ("nb04-08", "foundry"),
    ("nb04-58", "foundry"),
    ("nb04-38", "licence requirement"),
    ("nb04-21", "revenue exposure"),
    ("nb04-38", "revenue exposure"),
    ("nb04-39a", "revenue exposure"),
    # nb05: "AI chips" as the subject of an article, AI 芯片 as in the press
    ("nb05-42", "AI accelerator"),
}


def test_translations_use_the_glossary_terms():
    """Where an English cell uses a glossary term (or an alias), its translation uses the
    term's Chinese from data/glossary.csv."""
    import re

    from utils import data

    terms = []
    for t in data.load("glossary").itertuples():
        aliases = "" if str(t.aliases) in ("<NA>", "nan", "None") else str(t.aliases)
        names = [t.term_en, *(a.strip() for a in aliases.split(";") if a.strip())]
        terms.append((t.term_en, t.term_zh, names))
    problems = []
    for name in i18n.TRANSLATED:
        for m in i18n.read_catalog(i18n.notebook_catalog_path(name)):
            if not m.id or not m.string:
                continue
            for en, zh, names in terms:
                used = [n for n in names if re.search(r"\b" + re.escape(n) + r"s?\b", m.id, re.I)]
                if used and zh.replace(" ", "") not in m.string.replace(" ", ""):
                    if (m.context, en) not in TERM_EXCEPTIONS:
                        problems.append(f"{name} cell {m.context}: {used[0]!r} is {zh!r} in the glossary")
    assert not problems, "\n".join(problems)


def test_every_exercise_gives_chinese_feedback(english_after):
    """The machinery of utils/checks.py speaks Chinese for every exercise of every notebook:
    no English sentence of checks.py is left in the feedback, hints, solutions or quizzes
    (an exercise's own question and explanation are its notebook's translator's)."""
    import re

    from utils import checks
    from utils.text import html_text

    english = re.compile(
        r"Not quite|Not yet|Right figure|Right size|Please answer|is right|is not one of|Worked solution|"
        r"The code \(run|Answer:|Hint \d|No answer yet|Write a little more|Not ready yet|ready to hand in|"
        r"Level \d|Check with|Quiz on notebook|questions; no Python|Score:"
    )
    i18n.set_language("zh")
    answers = [None, "lots", 1e9, -3, 0.5, "12%", [1, 2], "x y", "billing", "英伟达" * 10]
    seen = []
    for ex in [*checks.all_exercises().values(), *checks.all_quiz_questions().values()]:
        texts = [ex._repr_html_(), repr(ex)]
        texts += [repr(ex.check(a)) for a in answers]
        if not ex.id.startswith("q"):
            sol = ex.solution()
            texts += [repr(sol), sol._repr_html_()]
        ex._hint_index = 0
        texts += [repr(ex.hint()), ex.hint()._repr_html_()]
        own = [ex.question_text, ex.explanation_text, *ex.hint_texts, *ex.rubric_texts, ex.sign_message]
        own += [m.explanation_text for m in ex.mistakes] + [str(c) for c in ex.choices]
        if ex.worked:
            own += [*ex.worked.step_texts(), ex.worked.note_text(), ex.worked.code.strip()]
        own = sorted({o for o in own if o}, key=len, reverse=True)
        for t in texts:
            for o in own:  # the exercise's own texts are its notebook translator's
                t = t.replace(html_text(o), "").replace(o, "")
            found = english.search(t)
            assert not found, f"{ex.id}: English left in {t[:200]!r}"
        seen.append(ex.id)
    quiz = checks.quiz("00")
    for t in (repr(quiz), quiz._repr_html_(), repr(quiz.check({1: "开票地址", 9: 1})), repr(quiz.score())):
        assert not english.search(t), t[:200]
    assert len(seen) > 40  # every notebook's exercises and quizzes


def test_chinese_feedback_reads_as_a_teacher_would_say_it(english_after):
    from utils import checks

    i18n.set_language("zh")
    share = checks.exercise("00.china-share-fy2025")
    # 0.131 is the fraction of 13.1%: the unit message, not "too low"
    assert (
        share.check(0.131).message == "数字对了，单位错了：0.131 是小数，题目要的是百分数。乘以 100：13.1%。"
    )
    assert share.check(13.1).correct and share.check(13.1).message.startswith("正确：13.11 %")
    assert repr(share.hint()).startswith("提示 1/2：")
    bn = checks.exercise("00.china-fy2025-bn")
    # 17,108 (USD millions) for an answer in US$ billions: divide by 1,000
    assert "你的数字是按百万计的，题目要的单位是十亿美元：请除以 1,000" in bn.check(17108).message
    sol = repr(bn.solution())
    assert sol.startswith("完整解答：练习 00.china-fy2025-bn") and "答案：17.11 十亿美元" in sol
    assert "171亿美元" in sol  # the chart's label, as a Chinese reader writes it
    growth = repr(checks.exercise("00.china-growth-fy2025").solution())
    assert "17,108 百万美元（171亿美元）" in growth and "文章说的 66% 经得起核对" in growth
    open_task = checks.exercise("00.open-dependence")
    # Chinese has no spaces: 90 characters count as 45 words, short of the 60 asked
    assert open_task.check("英伟达" * 30).message.startswith("再多写一点：至少要约 60 个词（现在约有 45 个）")
    assert "可以提交了" in open_task.check("英伟达2025财年" * 20).message
    assert "171亿美元" in open_task.answer() and "$" not in open_task.answer()
    # a quiz answered in Chinese words is read as the choice they name
    assert checks.exercise("q00.basis").check("开票地址").correct
    assert checks.exercise("q00.fiscal-year").check("2025年1月").correct
    i18n.set_language("en")
    assert repr(share.hint()).startswith("Hint 2 of 2: ")
    assert open_task.check("word " * 59).message.startswith(
        "Write a little more: about 60 words or more (you have 59)"
    )


def test_the_chinese_badge_opens_the_chinese_notebook():
    from utils import nbtools

    badge = nbtools.colab_cells(ROOT / "notebooks" / "zh" / "00_start_here.ipynb")[0].source
    assert badge.endswith("/blob/main/notebooks/zh/00_start_here.ipynb)")
    english = nbtools.colab_cells(ROOT / "notebooks" / "00_start_here.ipynb")[0].source
    assert english.startswith("[![Open In Colab](") and english.endswith(
        "/blob/main/notebooks/00_start_here.ipynb)"
    )


def test_choices_are_shown_and_accepted_in_chinese(english_after):
    """A Chinese student sees each choice with its Chinese and may answer with either; the
    Chinese of two choices of one exercise never reads the same."""
    from utils import checks

    i18n.set_language("zh")
    exercises = [*checks.all_exercises().values(), *checks.all_quiz_questions().values()]
    glossed = 0
    for ex in exercises:
        glosses = [checks.choice_gloss(c) for c in ex.choices]
        keys = [checks._key(g) for g in glosses if g]
        assert len(keys) == len(set(keys)), f"{ex.id}: two choices read the same in Chinese: {glosses}"
        for choice, gloss in zip(ex.choices, glosses):
            if gloss:
                glossed += 1
                assert f"（{gloss}）" in ex._repr_html_()
                assert ex._canonical(gloss) == (str(choice), "")
    assert glossed > 50
    # hand-picked: 02.cost-scope's answer is the final training run, in either language
    ex = checks.exercise("02.cost-scope")
    assert ex.check("最终训练运行").correct and ex.check("final training run").correct
    assert not ex.check("购买GPU集群").correct
