"""make slides: a notebook's reveal.js deck opens offline in Chromium (every request stays on the
disk), has its slides, its title, a rendered formula and its figures and panel pictures, and
asks for no network resource. Screenshots of its first slides go to artifacts/slides/."""

import harness
import pytest

from utils import slides
from utils.handouts import notebook_title

OUT = harness.ARTIFACTS.parent / "slides"
DECK = "02"  # compute demand: formulas (MathJax), figures and three panels


@pytest.fixture(scope="session")
def deck():
    OUT.mkdir(parents=True, exist_ok=True)
    (path,) = slides.build(OUT, [DECK], log=lambda *_: None)
    return path


def test_deck_renders_offline(deck, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    remote = []

    def route(r):
        if r.request.url.startswith(("file://", "data:", "about:", "blob:")):
            r.continue_()
        else:
            remote.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(deck.as_uri())
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        total = page.evaluate("() => Reveal.getTotalSlides()")
        assert total >= 10, f"only {total} slides"
        title = notebook_title(slides.topic(DECK).notebook)
        first = page.inner_text(".reveal .slides section.present")
        assert title.split(":")[0] in first, f"the first slide does not show the title {title!r}"
        page.screenshot(path=str(OUT / f"{deck.stem}-01.png"))
        imgs = page.evaluate(
            "() => [...document.querySelectorAll('.reveal .slides img')]"
            ".map(i => ({ok: i.complete && i.naturalWidth > 0, panel: !!i.closest('.course-slide-panel')}))"
        )
        assert len(imgs) >= 3 and all(i["ok"] for i in imgs), f"figures missing or not loaded: {imgs}"
        assert any(i["panel"] for i in imgs), "no panel picture in the deck"
        page.wait_for_function(
            "() => document.querySelectorAll('.MathJax, .MathJax_Display').length > 0", timeout=30_000
        )
        # a few slides on: a heading and a figure where the deck's sections begin
        for k in range(2, 6):
            page.evaluate("() => Reveal.next()")
            page.wait_for_timeout(150)
            page.screenshot(path=str(OUT / f"{deck.stem}-{k:02d}.png"))
        page.evaluate("() => Reveal.slide(Reveal.getHorizontalSlides().length - 1)")
        assert page.inner_text(".reveal .slides section.present").strip(), "the last slide is empty"
    finally:
        context.close()
    assert not remote, f"the deck asked for network resources: {remote[:5]}"
    assert not errors, f"JavaScript errors: {errors[:3]}"
