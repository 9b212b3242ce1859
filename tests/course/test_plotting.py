"""House style: Chinese labels render (no missing glyphs), sources under charts, alt text required."""

import warnings

import matplotlib
import pytest

from utils import plotting


def test_chinese_labels_render_without_missing_glyphs():
    plotting.setup()
    fig, ax = plotting.new_figure(4, 3)
    ax.set_title("出口管制 算力 国产替代 卡脖子 昇腾 英伟达")
    ax.set_xlabel("export controls 出口管制")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" is a UserWarning
        png = plotting.fig_to_png(fig)
    assert png.startswith(b"\x89PNG")


def test_without_the_bundled_font_glyphs_would_be_missing():
    """The test above can fail: with only DejaVu Sans, matplotlib warns about missing glyphs."""
    plotting.setup()
    fig, ax = plotting.new_figure(4, 3)
    ax.set_title("出口管制", fontfamily="DejaVu Sans")
    with pytest.warns(UserWarning, match="missing from font"):
        plotting.fig_to_png(fig)


def test_the_bundled_font_is_registered():
    plotting.setup()
    names = {f.name for f in matplotlib.font_manager.fontManager.ttflist}
    assert plotting.CJK_FONT_NAME in names
    assert plotting.CJK_FONT_FILE.stat().st_size < 3_000_000  # a subset, not the 16 MB font


def test_colours_are_consistent_and_known():
    assert plotting.color_for("Nvidia") == plotting.color_for("NVIDIA")
    assert plotting.color_for("China") != plotting.color_for("United States")
    assert plotting.color_for("nobody we know") == "#7F7F7F"
    assert len(set(plotting.PALETTE)) == len(plotting.PALETTE) == 8


def test_source_line_is_added_once_and_updatable():
    fig, ax = plotting.new_figure(4, 3)
    t1 = plotting.add_source(fig, "one")
    t2 = plotting.add_source(fig, "Source: two")
    assert t1 is t2 and t2.get_text() == "Source: two"
    assert t1.get_text().startswith("Source")


def test_show_requires_alt_text():
    fig, ax = plotting.new_figure(4, 3)
    with pytest.raises(ValueError, match="alt text"):
        plotting.show(fig, alt="  ")


def test_show_emits_an_img_with_alt_text(monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    fig, ax = plotting.new_figure(4, 3)
    ax.plot([1, 2], [3, 4])
    assert plotting.show(fig, alt='a rising "line"', source="Source: test") is None
    assert len(shown) == 1
    html = shown[0]._repr_html_()
    assert 'alt="a rising &quot;line&quot;"' in html and html.startswith("<img")
