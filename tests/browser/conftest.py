"""Fixtures of the browser tests: one JupyterLab server and one Chromium per session.

On a machine without Chromium (or playwright) every test here is skipped, with one reason line
in pytest's summary. Servers are always stopped, with their kernels, even when a test fails.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

_REASON = harness.why_no_browser()
if _REASON:
    # Collect only test_browser_available.py, which skips with the reason: one line in the summary.
    collect_ignore_glob = ["test_lab.py", "test_voila.py", "test_handouts.py", "test_slides.py", "test_zh.py"]


@pytest.fixture(scope="session")
def course_copy(tmp_path_factory):
    """A temporary copy of the course notebooks (the checkout is never written to)."""
    return harness.copy_course(tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="session")
def lab(course_copy, tmp_path_factory):
    home = tmp_path_factory.mktemp("lab-home")
    server = harness.lab_server(course_copy, home, harness.ARTIFACTS / "jupyterlab.log")
    with server:
        yield server
    assert not server.left_behind, f"processes left behind by JupyterLab: {server.left_behind}"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = harness.launch_chromium(pw)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    try:
        yield pg
    finally:
        context.close()


#: With pytest-xdist (make test) the browser tests run in two groups, each in one worker: the
#: JupyterLab ones share one JupyterLab and one Chromium, the classroom and print ones one Voilà
#: and one Chromium. (One group was the run's longest pole: about 7.5 minutes on two cores.)
_GROUPS = {"test_lab.py": "browser-lab", "test_zh.py": "browser-lab", "test_escaping.py": "browser-lab"}


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).resolve().parent
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if here in path.parents:
            item.add_marker(pytest.mark.xdist_group(_GROUPS.get(path.name, "browser-print")))
