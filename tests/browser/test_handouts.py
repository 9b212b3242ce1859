"""make handouts: each notebook's handout prints to at most two A4 pages with every section,
its question, formulas, worked examples, key terms and discussion questions in the PDF's text, and
every character drawn with a real glyph (the Chinese terms with a CJK font, nothing with the
empty .notdef box). The PDFs and a PNG of each page (if pdftoppm is there) go to
artifacts/handouts/."""

import shutil
import subprocess

import harness
import pdfcheck
import pytest

from utils import handouts
from utils.course import TOPICS

A4 = (595.3, 841.9)  # points
OUT = harness.ARTIFACTS.parent / "handouts"
SC = pdfcheck.system_glyphs("Noto Sans CJK SC")  # (name, {code point: glyph id}) or None


@pytest.fixture(scope="session")
def printed(browser):
    OUT.mkdir(parents=True, exist_ok=True)
    content = {t.number: handouts.handout(t.number) for t in TOPICS}
    pdfs = {}
    for n, h in content.items():
        pdf = OUT / f"{h.stem}.pdf"
        handouts.print_pdf(browser, handouts.render_html(h), pdf, f"{h.number} · {h.title}")
        pdfs[n] = pdf
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(OUT / h.stem)], check=False)
    return content, pdfs


def _has_cjk(text: str, phrase: str) -> bool:
    """As _has, for Chinese: a Pan-CJK font's text layer may give another code point for a glyph
    that two characters share (户 read back as 戶), so 95% of the phrase's characters must be
    found in order in one stretch of the text around its longest exact match."""
    import difflib

    if _has(text, phrase):
        return True
    want = "".join(handouts.normalise(phrase).split())
    have = "".join(handouts.normalise(text).split())
    m = difflib.SequenceMatcher(None, want, have, autojunk=False).find_longest_match(
        0, len(want), 0, len(have)
    )
    start = max(0, m.b - m.a - 5)
    window = have[start : start + len(want) + 10]
    same = sum(
        b.size for b in difflib.SequenceMatcher(None, want, window, autojunk=False).get_matching_blocks()
    )
    return same >= 0.95 * len(want)


def _has(text: str, phrase: str) -> bool:
    """The phrase is in the PDF's text, allowing for line breaks and hyphenation."""
    want, text = handouts.normalise(phrase), handouts.normalise(text)  # a CJK text layer may give radicals
    squash = lambda s: "".join(s.split()).replace("-", "").replace("‐", "")
    return want in text or squash(want) in squash(text)


@pytest.fixture(scope="session")
def printed_zh(browser):
    """The Chinese handouts (build(lang="zh") does the same), printed with the same browser."""
    from utils import i18n

    out = OUT / "zh"
    out.mkdir(parents=True, exist_ok=True)
    before = i18n._language
    i18n.set_language("zh")
    try:
        content = {t.number: handouts.handout(t.number) for t in TOPICS}
        sections = [i18n._(s) for s in handouts.SECTIONS]
        figure_word = i18n._("Figure {i}.").format(i=1)[:2]
        pdfs = {}
        for n, h in content.items():
            pdfs[n] = out / f"{h.stem}.pdf"
            handouts.print_pdf(browser, handouts.render_html(h), pdfs[n], f"{h.number} · {h.title}")
            if shutil.which("pdftoppm"):
                subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdfs[n]), str(out / h.stem)], check=False)
    finally:
        i18n._language = before
    return content, pdfs, sections, figure_word


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: f"zh-{t.name}")
def test_chinese_handout_pdf(t, printed_zh):
    """The Chinese sheet: the same checks, its sections and figure labels in Chinese."""
    content, pdfs, sections, figure_word = printed_zh
    assert sections != list(handouts.SECTIONS) and figure_word != "Fi"
    _check_pdf(content[t.number], pdfs[t.number], sections, figure_word, has=_has_cjk)


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.name)
def test_handout_pdf(t, printed):
    content, pdfs = printed
    _check_pdf(content[t.number], pdfs[t.number], handouts.SECTIONS, "Figure ")


def _check_pdf(h, pdf, sections, figure_word, has=_has):
    f = pdfcheck.facts(pdf)
    assert 1 <= f.pages <= 2, f"{pdf.name}: {f.pages} pages (at most two A4 pages)"
    for w, hgt in f.sizes:
        assert abs(w - A4[0]) < 2 and abs(hgt - A4[1]) < 2, f"page is {w:.0f} x {hgt:.0f} pt, not A4"
    missing = [s for s in sections if not has(f.text, s)]
    assert not missing, f"sections missing from the PDF text: {missing}"
    assert 2 <= len(h.figures) <= 3 and f.text.count(figure_word) >= len(h.figures)
    for section, phrases in h.plain_texts().items():
        if section == "terms_zh":
            continue  # checked glyph by glyph below (a CJK font's text layer may name a variant)
        for phrase in phrases:
            assert has(f.text, phrase), f"{section}: {phrase[:80]!r} is not in the PDF's text"
    assert "\ufffd" not in f.text, "a replacement character (U+FFFD) in the PDF"
    assert f.notdef == 0, f"{f.notdef} characters drawn with the empty .notdef glyph (no font had them)"
    cjk_fonts = {name: gids for name, gids in f.glyphs_by_font.items() if "CJK" in name}
    assert cjk_fonts, "no CJK font is embedded: the Chinese terms cannot have been drawn"
    for term in h.terms:
        for ch in set(pdfcheck.CJK.findall(term.zh)):
            if SC is not None:  # the glyph the Simplified Chinese face has for this character was drawn
                gid = SC[1].get(ord(ch))
                assert gid, f"{ch!r} ({term.zh}) is not in the system's {SC[0]}"
                assert any(gid in gids for name, gids in cjk_fonts.items() if "sc" in name.lower()), (
                    f"{term.zh}: the Simplified Chinese glyph of {ch!r} is not drawn ({sorted(cjk_fonts)})"
                )
            else:  # no fontconfig/fontTools: the text layer has the character, from a CJK font
                assert any("CJK" in name for name in f.font_of(ch)), f"{ch!r} not drawn with a CJK font"
