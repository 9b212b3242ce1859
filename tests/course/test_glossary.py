"""The bilingual glossary: lookup in English or Chinese, clear errors, page in sync with the CSV."""

import re

import pytest

from utils import data, glossary

TERMS = glossary.terms()
REQUIRED_ZH = ["出口管制", "算力", "国产替代", "卡脖子"]


def test_key_chinese_terms_are_there():
    zh = {t.zh for t in TERMS}
    for term in REQUIRED_ZH:
        assert term in zh


def test_every_entry_is_complete():
    df = data.load("glossary")
    assert len(df) >= 30
    for t in TERMS:
        assert re.search(r"[\u4e00-\u9fff]", t.zh), t.en
        assert t.definition.endswith("."), t.en
        assert len(t.definition) < 220, f"{t.en}: keep definitions to one line"
        assert t.first_notebook in glossary.NOTEBOOK_TITLES


@pytest.mark.parametrize(
    "query, expected",
    [
        ("export controls", "export controls"),
        ("EXPORT CONTROLS", "export controls"),
        ("出口管制", "export controls"),
        ("算力", "compute"),
        ("卡脖子", "chokepoint"),
        ("TPP", "Total Processing Performance (TPP)"),
        ("tpp", "Total Processing Performance (TPP)"),
        ("market cap", "market value"),
        ("data center", "data centre"),
        ("  Entity list ", "Entity List"),
    ],
)
def test_lookup_in_english_or_chinese_any_case(query, expected):
    assert glossary.lookup(query).en == expected


def test_unknown_term_lists_close_matches():
    with pytest.raises(glossary.GlossaryError) as err:
        glossary.lookup("export contrl")
    assert "export controls" in str(err.value) and "Close matches" in str(err.value)
    with pytest.raises(glossary.GlossaryError, match="not in the glossary"):
        glossary.lookup("quantum annealing")
    with pytest.raises(glossary.GlossaryError, match="Give a term"):
        glossary.lookup("")


def test_link_points_to_an_anchor_on_the_page():
    link = glossary.link("TPP")
    assert link == "[Total Processing Performance (TPP)](../docs/glossary.md#tpp)"
    page = glossary.PAGE.read_text(encoding="utf-8")
    for t in TERMS:
        assert f'<a id="{t.anchor}"></a>' in page


def test_rendered_page_is_in_sync_with_the_csv():
    assert glossary.PAGE.read_text(encoding="utf-8") == glossary.render_markdown(), (
        "docs/glossary.md is out of date: run python -m utils.glossary render"
    )


def test_glossary_links_in_notebooks_resolve():
    import json

    anchors = {t.anchor for t in TERMS}
    for nb in sorted((glossary.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "markdown":
                continue
            for anchor in re.findall(r"glossary\.md#([a-z0-9-]+)", "".join(cell["source"])):
                assert anchor in anchors, f"{nb.name}: glossary link #{anchor} has no entry"


def test_every_notebook_links_key_terms_to_the_glossary():
    import json

    for nb in sorted((glossary.ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        text = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        n = len(set(re.findall(r"glossary\.md#([a-z0-9-]+)", text)))
        assert n >= 3, f"{nb.name}: only {n} key terms link to the glossary"
