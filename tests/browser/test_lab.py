"""Each notebook in a real JupyterLab, in headless Chromium, as a student sees it.

Run all cells, then check: no error or stderr output, every widget rendered (no "Error displaying
widget"), and the course's what-if panels answer a key press or a dropdown choice by changing
their readout and their picture. A screenshot per notebook goes to artifacts/browser/.
"""

import json

import harness
import pytest

NOTEBOOKS = harness.notebooks()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_in_jupyterlab(path, lab, page):
    stem = path.stem
    harness.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    harness.lab_open(page, lab.base, f"notebooks/{path.name}")
    info = harness.lab_run_all(page)
    assert info["status"] == "idle", f"{path.name}: kernel still {info['status']} after Run All"

    problems = harness.lab_problems(page)
    counts = harness.widget_counts(page)
    if counts["rendered"] < counts["expected"]:
        problems.append(
            f"{counts['expected']} widget outputs, {counts['rendered']} rendered, {counts['failed']} failed"
        )
    panels = page.locator(".course-panel")
    n_panels = panels.count()
    results = []
    for k in range(n_panels):
        panel = panels.nth(k)
        try:
            res = harness.panel_interact(page, panel)
        except LookupError as exc:
            res = {"control": None, "note": str(exc)}
        title = panel.locator("h3").first.inner_text() if panel.locator("h3").count() else ""
        res["panel"] = title
        results.append(res)
        panel.screenshot(path=str(harness.ARTIFACTS / f"lab-{stem}-panel{k + 1}.png"))
        if res["control"] and not (res["readout_changed"] or res["image_changed"] or res["message"]):
            problems.append(
                f"panel {k + 1} ({title}): {res['control']} changed neither the "
                "readout nor the picture, and showed no message"
            )

    if n_panels:
        panels.first.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(harness.ARTIFACTS / f"lab-{stem}.png"))
    (harness.ARTIFACTS / f"lab-{stem}.json").write_text(
        json.dumps(
            {
                "notebook": path.name,
                "panels": n_panels,
                "widgets": counts,
                "interactions": [
                    {k: v for k, v in r.items() if k not in ("before", "after")} for r in results
                ],
                "problems": problems,
            },
            indent=2,
        )
    )

    assert not problems, f"{path.name}:\n" + "\n".join(problems)
    movable = [r for r in results if r["control"]]
    if movable:
        assert any(r["readout_changed"] and r["image_changed"] for r in movable), (
            f"{path.name}: no panel changed both its readout and its picture: {movable}"
        )
