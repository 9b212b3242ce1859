"""Slides (utils.slides) without a browser: the slide metadata comes from the notebook's
structure, panels become their pictures, long Markdown is cut between blocks. (A deck is opened
in Chromium in tests/browser/test_slides.py.)"""

import nbformat

from utils import slides

v4 = nbformat.v4


def _code(source, *outputs):
    cell = v4.new_code_cell(source)
    cell.outputs = list(outputs)
    return cell


def _png():
    return v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})


def test_headings_start_slides_and_silent_code_is_skipped():
    nb = v4.new_notebook(
        cells=[
            v4.new_markdown_cell("# 01 · Title\n\nShort intro."),
            _code("import x"),  # shows nothing
            v4.new_markdown_cell("## 1. A section"),
            _code("fig", _png()),
            v4.new_markdown_cell("### Exercise 1"),
            v4.new_markdown_cell("Some words."),
            _code("another_fig", _png()),  # 0.75 more after the exercise's text: still fits
            _code("a_third", _png()),  # would overfill the slide: a subslide of its own
        ]
    )
    assert slides.slide_types(nb) == ["slide", "skip", "slide", "-", "subslide", "-", "-", "subslide"]
    tagged = slides.add_slide_metadata(nb)
    assert [c.metadata["slideshow"]["slide_type"] for c in tagged.cells] == slides.slide_types(nb)
    assert "slideshow" not in nb.cells[0].metadata, "the original notebook must not change"


def test_a_panel_becomes_its_picture_and_readout():
    widget = v4.new_output(
        "display_data",
        data={slides.WIDGET_MIME: {"model_id": "abc", "version_major": 2}, "text/plain": "VBox()"},
    )
    captured = v4.new_output(
        "display_data",
        data={
            slides.PANEL_MIME: {"model_id": "abc", "png": "AAAA", "readout": "x = 1 <b>", "alt": "a chart"}
        },
    )
    other = v4.new_output("display_data", data={slides.WIDGET_MIME: {"model_id": "zzz"}})
    nb = v4.new_notebook(cells=[_code("panel", widget, captured), _code("buttons", other)])
    slides.panel_pictures(nb)
    (out,) = nb.cells[0].outputs
    body = out["data"]["text/html"]
    assert 'src="data:image/png;base64,AAAA"' in body and 'alt="a chart"' in body
    assert "x = 1 &lt;b&gt;" in body and "make present" in body  # readout escaped; where to move it live
    (note,) = nb.cells[1].outputs
    assert slides.WIDGET_MIME not in note["data"] and "JupyterLab" in note["data"]["text/html"]


def test_long_markdown_is_cut_between_blocks_not_inside_a_formula():
    para = "word " * 150  # 750 characters: most of a slide
    nb = v4.new_notebook(
        cells=[v4.new_markdown_cell(f"## Head\n\n{para}\n\n$$\nx = 1\n\ny = 2\n$$\n\n{para}")]
    )
    slides.split_long_markdown(nb)
    sources = [c.source for c in nb.cells]
    assert len(sources) >= 2 and sources[0].startswith("## Head")
    assert any("$$\nx = 1\n\ny = 2\n$$" in s for s in sources), "the display formula was cut"
    assert [c.metadata.get("course_continued", False) for c in nb.cells][1:] == [True] * (len(sources) - 1)
