"""Classroom mode (make present): each notebook's Voilà page shows its what-if panels (no code,
no errors), and moving one control changes the readout and the picture. Screenshots of every page
go to artifacts/browser/voila-*.png."""

import importlib.util
import re

import harness
import pytest

NOTEBOOKS = harness.notebooks()
CHINESE = [p.parent / "zh" / p.name for p in NOTEBOOKS if (p.parent / "zh" / p.name).is_file()]


def _build_module():
    spec = importlib.util.spec_from_file_location("present_build", harness.ROOT / "present" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def voila(tmp_path_factory):
    out = tmp_path_factory.mktemp("present")
    _build_module().build(out, NOTEBOOKS)
    home = tmp_path_factory.mktemp("voila-home")
    server = harness.voila_server(out, home, harness.ARTIFACTS / "voila.log")
    with server:
        yield server
    assert not server.left_behind, f"processes left behind by Voila: {server.left_behind}"


def test_index_links_every_notebook(voila, page):
    page.goto(f"{voila.base}/voila/render/index.ipynb", timeout=180_000)
    page.wait_for_selector("#loading", state="detached", timeout=180_000)
    hrefs = page.eval_on_selector_all("a[href$='.ipynb']", "els => els.map(e => e.getAttribute('href'))")
    for path in NOTEBOOKS:
        assert any(h.endswith(path.name) for h in hrefs), f"index has no link to {path.name}"
    for path in CHINESE:
        assert f"zh/{path.name}" in hrefs, f"index has no link to the Chinese page zh/{path.name}"
    harness.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    harness.screenshot_whole(page, harness.ARTIFACTS / "voila-index.png")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_voila_page(path, voila, page):
    harness.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{voila.base}/voila/render/{path.name}", timeout=300_000)
    counts = harness.voila_wait_rendered(page)
    text = page.inner_text("body")
    assert "There was an error" not in text and "Traceback" not in text, (
        f"{path.name}: the page shows an error:\n{text[:1500]}\n--- server log:\n" + voila.log_tail()
    )
    assert page.locator(".jp-CodeCell .jp-InputArea:visible, .jp-InputArea-editor:visible").count() == 0, (
        "code is visible"
    )
    panels = page.locator(".course-panel")
    builds_panels = "panel" in path.read_text(encoding="utf-8")
    if builds_panels:
        assert counts["panels"] >= 1, f"{path.name}: no panel on the classroom page"
    moved = []
    for k in range(counts["panels"]):
        try:
            res = harness.panel_interact(page, panels.nth(k))
        except LookupError:
            continue
        moved.append(res)
        if res["readout_changed"] and res["image_changed"]:
            break
    harness.screenshot_whole(page, harness.ARTIFACTS / f"voila-{path.stem}.png")
    if moved:
        assert any(r["readout_changed"] and r["image_changed"] for r in moved), (
            f"{path.name}: no panel changed both readout and picture: "
            + "; ".join(
                f"{r['control']}: readout {r['readout_changed']}, picture "
                f"{r['image_changed']}, message {r['message']!r}"
                for r in moved
            )
        )


@pytest.mark.parametrize("path", CHINESE, ids=lambda p: f"zh/{p.name}")
def test_chinese_voila_page(path, voila, page):
    """The Chinese classroom page: no error, its panels shown, their labels in Chinese."""
    page.goto(f"{voila.base}/voila/render/zh/{path.name}", timeout=300_000)
    counts = harness.voila_wait_rendered(page)
    text = page.inner_text("body")
    assert "There was an error" not in text and "Traceback" not in text, (
        f"zh/{path.name}: the page shows an error:\n{text[:1500]}\n--- server log:\n" + voila.log_tail()
    )
    if "panel" in path.read_text(encoding="utf-8"):
        assert counts["panels"] >= 1, f"zh/{path.name}: no panel on the classroom page"
        panel_text = page.locator(".course-panel").first.inner_text()
        assert re.search(r"[\u4e00-\u9fff]", panel_text), (
            f"zh/{path.name}: the panel is not in Chinese: {panel_text[:300]}"
        )
    harness.screenshot_whole(page, harness.ARTIFACTS / f"voila-zh-{path.stem}.png")
