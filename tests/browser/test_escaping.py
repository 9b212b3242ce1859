"""Script payloads in the tables and in what a student types never run, in JupyterLab or in
Voilà: a private copy of the data has every free-text cell poisoned (see
tests/course/test_escaping.py), the course notebooks that show table text run on it, and a
notebook feeds the payload to an exercise check and to the Markdown helper."""

import shutil

import harness
import nbformat
import pytest

from tests.course.test_escaping import PAYLOAD, poison

SHOWS_TABLE_TEXT = ("00_start_here.ipynb", "04_exposure.ipynb", "05_fact_check.ipynb")
USER_INPUT = [
    "from utils import checks, text\nfrom IPython.display import display",
    f"PAYLOAD = {PAYLOAD!r}",
    'checks.exercise("00.china-share-fy2025").check(PAYLOAD)',
    'display(text.md("You wrote: **{x}**", x=PAYLOAD))',
    "checks.exercise(PAYLOAD) if False else None",
]
_NOTHING_RAN = """() => ({ran: window.__course_xss === 1,
  handlers: document.querySelectorAll('img[onerror], [onerror], script:not([src])').length,
  shown: document.body.innerText.includes('onerror=')})"""


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory):
    root = tmp_path_factory.mktemp("poisoned-course")
    shutil.copytree(harness.ROOT / "data", root / "data")
    poison(root / "data")
    paths = [p for p in harness.notebooks() if p.name in SHOWS_TABLE_TEXT]
    harness.copy_course(root, only=paths)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in USER_INPUT]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / "notebooks" / "99_user_input.ipynb")
    return root


def _inline_scripts(page) -> int:
    """Inline scripts JupyterLab itself puts on the page (counted before the notebook runs)."""
    return page.evaluate("() => document.querySelectorAll('script:not([src])').length")


@pytest.fixture(scope="module")
def poisoned_lab(poisoned, tmp_path_factory):
    home = tmp_path_factory.mktemp("lab-home-poisoned")
    env = {"COURSE_DATA_DIR": str(poisoned / "data")}
    with harness.lab_server(poisoned, home, harness.ARTIFACTS / "jupyterlab-poisoned.log", env=env) as lab:
        yield lab


# Notebook 00 shows table text in its source list; notebooks 04 and 05 (quotes, panels) are
# checked in Voilà below; the user-input notebook feeds the payload to a check and to Markdown.
@pytest.mark.parametrize("name", ["00_start_here.ipynb", "99_user_input.ipynb"])
def test_payloads_do_not_run_in_jupyterlab(name, poisoned_lab, page):
    harness.lab_open(page, poisoned_lab.base, f"notebooks/{name}")
    before = _inline_scripts(page)
    harness.lab_run_all(page)
    page.wait_for_timeout(500)  # give an onerror handler time to fire
    # long source lists are collapsed into <details>: open them so their text is on the page
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    page.wait_for_timeout(300)
    state = page.evaluate(_NOTHING_RAN)
    problems = harness.lab_problems(page)
    assert not state["ran"], f"{name}: a payload from the data ran in JupyterLab"
    assert state["handlers"] <= before, f"{name}: an element with a script handler was rendered"
    assert state["shown"], f"{name}: the payload should show as text (was the data poisoned?)"
    assert not problems, f"{name}: {problems}"


def test_payloads_do_not_run_in_voila(poisoned, page, tmp_path_factory):
    from tests.browser.test_voila import _build_module

    out = tmp_path_factory.mktemp("present-poisoned")
    _build_module().build(
        out, [poisoned / "notebooks" / n for n in ("04_exposure.ipynb", "05_fact_check.ipynb")]
    )
    home = tmp_path_factory.mktemp("voila-home-poisoned")
    env = {"COURSE_DATA_DIR": str(poisoned / "data")}
    with harness.voila_server(out, home, harness.ARTIFACTS / "voila-poisoned.log", env=env) as voila:
        for name in ("04_exposure.ipynb", "05_fact_check.ipynb"):
            page.goto(f"{voila.base}/voila/render/{name}", timeout=300_000)
            harness.voila_wait_rendered(page)
            page.wait_for_timeout(500)
            state = page.evaluate(_NOTHING_RAN)
            assert not state["ran"], f"{name}: a payload from the data ran in Voilà"
            if name == "04_exposure.ipynb":  # its definitions panel quotes the table's note
                assert state["shown"], f"{name}: the payload should show as text in a panel"
