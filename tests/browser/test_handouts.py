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


def _has(text: str, phrase: str) -> bool:
    """The phrase is in the PDF's text, allowing for line breaks and hyphenation."""
    want = handouts.normalise(phrase)
    squash = lambda s: "".join(s.split()).replace("-", "").replace("‐", "")
    return want in text or squash(want) in squash(text)


@pytest.mark.parametrize("t", TOPICS, ids=lambda t: t.name)
def test_handout_pdf(t, printed):
    content, pdfs = printed
    h, f = content[t.number], pdfcheck.facts(pdfs[t.number])
    assert 1 <= f.pages <= 2, f"{pdfs[t.number].name}: {f.pages} pages (at most two A4 pages)"
    for w, hgt in f.sizes:
        assert abs(w - A4[0]) < 2 and abs(hgt - A4[1]) < 2, f"page is {w:.0f} x {hgt:.0f} pt, not A4"
    missing = [s for s in handouts.SECTIONS if not _has(f.text, s)]
    assert not missing, f"sections missing from the PDF text: {missing}"
    assert 2 <= len(h.figures) <= 3 and f.text.count("Figure ") >= len(h.figures)
    for section, phrases in h.plain_texts().items():
        if section == "terms_zh":
            continue  # checked glyph by glyph below (a CJK font's text layer may name a variant)
        for phrase in phrases:
            assert _has(f.text, phrase), f"{section}: {phrase[:80]!r} is not in the PDF's text"
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
