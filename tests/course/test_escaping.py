"""Text from the tables or from a user never runs as HTML: every text column of every table is
poisoned with a script payload in a private copy of the data, and every place that turns table
text into Markdown or HTML (source lists, glossary links, panel readouts and messages, exercise
feedback) must show it escaped. The browser test (tests/browser/test_escaping.py) checks the same
in a real JupyterLab and Voilà."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from utils import checks, data, glossary, text

PAYLOAD = '<img src=x onerror="window.__course_xss=1"><script>window.__course_xss=1</script>'
MD_PAYLOAD = "[click](javascript:alert(1)) ![i](javascript:alert(2))"
# free-text columns: shown to students, never used as a key by the course's code
TEXT_COLUMNS = {
    "title",
    "description",
    "note",
    "notes",
    "quote",
    "licence",
    "explanation",
    "evidence",
    "statement",
    "what",
    "document",
    "rule_title",
    "actor",
}
TEXT_COLUMNS_OF = {"sources": TEXT_COLUMNS | {"publisher"}}  # elsewhere a publisher is a key


def poison(directory) -> int:
    """Append the payloads to every free-text cell of every table; returns how many cells."""
    desc = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    n = 0
    for res in desc["resources"]:
        path = directory / res["path"]
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        for f in res["schema"]["fields"]:
            c = f.get("constraints", {})
            if (
                f["name"] in TEXT_COLUMNS_OF.get(res["name"], TEXT_COLUMNS)
                and f.get("type", "string") == "string"
                and not ("enum" in c or "pattern" in c or "maxLength" in c)
            ):
                df[f["name"]] = df[f["name"]] + " " + PAYLOAD + " " + MD_PAYLOAD
                n += len(df)
        df.to_csv(path, index=False)
    data.refresh_descriptor(directory)
    return n


def assert_inert(html_or_md: str, where: str, *, markdown: bool = False) -> None:
    assert "<img" not in html_or_md and "<script" not in html_or_md, f"{where}: raw HTML from data"
    if markdown:  # in HTML, Markdown link syntax is just text; an escaped bracket makes no link
        assert not re.search(r"(?<!\\)\]\(javascript:", html_or_md), f"{where}: a javascript: link"


@pytest.fixture
def poisoned(data_copy):
    assert poison(data_copy) > 500
    with data.use_data_dir(data_copy):
        yield data_copy


def test_the_poison_reaches_the_tables(poisoned):
    assert PAYLOAD in data.load("sources")["title"].iloc[0]
    assert PAYLOAD in data.load("geography_definitions")["quote"].iloc[0]


def test_source_lists_escape_table_text(poisoned):
    for name in data.table_names():
        if name == "sources":
            continue
        md = data.sources_markdown(data.load(name))
        assert_inert(md, f"sources_markdown({name})", markdown=True)
        assert "&lt;img" in md  # shown, as text


def test_source_links_only_for_web_addresses(data_copy):
    reg = data_copy / "sources.csv"
    df = pd.read_csv(reg, dtype=str, keep_default_na=False)
    df.loc[0, "url"] = "javascript:alert(1)"
    df.to_csv(reg, index=False)
    data.refresh_descriptor(data_copy)
    with data.use_data_dir(data_copy):
        sid = df.loc[0, "id"]
        md = data.sources_markdown([sid])
    assert "](javascript" not in md and "not a web address" in md


def test_glossary_links_escape_their_text():
    assert_inert(glossary.link("tpp", text=PAYLOAD + MD_PAYLOAD), "glossary.link", markdown=True)


def test_exercise_feedback_escapes_the_answer():
    ex = checks.exercise("00.china-share-fy2025")
    assert_inert(ex.check(PAYLOAD)._repr_html_(), "Feedback")
    assert_inert(ex._repr_html_(), "Exercise")


def test_panel_readouts_and_messages_escape_table_text(poisoned):
    from tests.course.test_panel_fast_path import FACTORIES

    for name, factory in sorted(FACTORIES.items()):
        panel = factory()
        assert_inert(panel.readout.value, f"{name} readout")
        assert_inert(panel._message.value, f"{name} message")
        for key, ctrl in panel.controls.items():  # every choice of a dropdown, once
            for opt in list(getattr(ctrl, "_options_values", ()))[:6]:
                if isinstance(opt, (str, int)) and not isinstance(ctrl.value, tuple):
                    panel.set(**{key: opt})
                    assert_inert(panel.readout.value, f"{name} readout ({key}={opt!r})")


def test_user_text_in_panel_messages_is_escaped():
    from tests.course.test_panel_fast_path import FACTORIES

    panel = FACTORIES["jevons"]()
    panel.set(efficiency_gain=PAYLOAD)
    assert "&lt;img" in panel._message.value
    assert_inert(panel._message.value, "message")


def test_the_template_helpers_escape_values_not_numbers():
    shown = text.md("**{name}** grew {g:.0%}", name=PAYLOAD + MD_PAYLOAD, g=0.25).data
    assert_inert(shown, "text.md", markdown=True)
    assert "**" in shown and "25%" in shown
    assert_inert(text.html("<b>{x}</b>", x=PAYLOAD), "text.html")
    assert text.md_text("$5.5bn and $8bn") == "\\$5.5bn and \\$8bn"  # no maths from a note
