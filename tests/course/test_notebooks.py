"""Every notebook runs top to bottom in a fresh kernel, offline, with no errors and no warnings,
and is committed clean (no outputs, python3 kernelspec) with the course's opening and closing."""

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
#: the generated Chinese notebooks (utils.i18n; tests/course/test_i18n.py checks they are current)
CHINESE = sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb"))
NOTEBOOKS = ENGLISH + CHINESE


def _name(p: Path) -> str:
    return f"zh/{p.name}" if p.parent.name == "zh" else p.name


#: what a lesson's opening and closing cells say, per language
_LESSON_WORDS = {
    "en": (("learning objectives", "time", "prerequisites"), ("summary", "sources")),
    "zh": (("学习目标", "所需时间", "预备知识"), ("小结", "来源")),
}

# Runs before the notebook's own cells, in the same kernel: blocks every network connection made
# through Python's socket module (the kernel's own ZeroMQ channels are already open and live in C),
# and shows deprecation warnings raised by the libraries the course uses. The only exceptions,
# for old library versions, are tests/old_versions.py's (its kernel_code() is appended).
SETUP = r"""
import socket as _socket, warnings as _warnings
def _no_network(*args, **kwargs):
    raise OSError("network access is blocked while the course tests run")
_socket.socket.connect = _no_network
_socket.socket.connect_ex = _no_network
_socket.create_connection = _no_network
_socket.getaddrinfo = _no_network
for _cat in (DeprecationWarning, PendingDeprecationWarning, FutureWarning):
    _warnings.filterwarnings("default", category=_cat,
                             module=r"(pandas|seaborn|matplotlib|numpy|utils|__main__)")
del _socket, _warnings, _no_network, _cat
"""


def test_there_is_a_start_here_notebook():
    assert (ROOT / "notebooks" / "00_start_here.ipynb").is_file()
    assert (ROOT / "notebooks" / "zh" / "00_start_here.ipynb").is_file()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_committed_exactly_as_make_strip_writes(path, tmp_path):
    """The committed file is byte for byte what `make strip` writes, so a diff shows only what
    an author changed (no reordered keys or stray metadata)."""
    from utils import nbtools

    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    assert not nbtools.strip(copy), f"{path.name}: run `make strip` before committing"


def test_notebook_as_text_for_diffs(tmp_path):
    from utils import nbtools

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title", id="a1"),
        nbformat.v4.new_code_cell("x = 1", id="b2"),
    ]
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    assert nbtools.text(path) == "# %% [markdown] id=a1\n# Title\n\n# %% [code] id=b2\nx = 1\n"


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_committed_clean(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {i} has outputs: run `make strip`"
            assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"
    assert "widgets" not in nb.metadata, f"{path.name} carries saved widget state: `make strip`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_opens_and_closes_like_a_lesson(path):
    nb = nbformat.read(path, as_version=4)
    from utils import nbtools

    # the Colab badge and set-up cells come first (tests below); the lesson opens after them
    opening, closing = _LESSON_WORDS["zh" if path in CHINESE else "en"]
    first = "\n".join(c.source for c in nbtools.lesson_cells(nb)[:3] if c.cell_type == "markdown").lower()
    for words in opening:
        assert words in first, f"{_name(path)}: the opening should state {words!r}"
    last = "\n".join(c.source for c in nb.cells[-4:]).lower()
    assert closing[0] in last, f"{_name(path)}: should end with a summary"
    assert closing[1] in last, f"{_name(path)}: should end with its sources"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_no_figures_typed_into_code_cells(path):
    """Numbers belong in data/ tables. Code cells may hold small constants (axis limits, years,
    slider ranges) but not long literal figures such as 130497 or 4.56e24."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        code = re.sub(r"#.*", "", cell.source)
        code = re.sub(r"(['\"]).*?\1", "", code)
        suspicious = re.findall(r"(?<![\w.])\d{4,}(?:\.\d+)?(?:e\d+)?(?![\w])|\d\.\d+e\d+", code)
        # years and powers of ten (unit conversions such as / 1000) are not figures
        suspicious = [s for s in suspicious if not re.fullmatch(r"(19|20)\d\d|10*(\.0+)?|1e\d+", s)]
        assert not suspicious, f"{path.name} cell {i}: literal figures {suspicious}; load them from data/"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_with_the_colab_badge_and_setup_cell(path):
    """Every notebook starts with exactly the two cells `python -m utils.nbtools colab` writes
    (the badge pointing at this notebook in the repository of pyproject.toml, and the set-up
    cell), so that a change of address reaches every notebook at once."""
    from utils import nbtools

    nb = nbformat.read(path, as_version=4)
    want = nbtools.colab_cells(path)
    got = nb.cells[: len(want)]
    assert [(c.id, c.cell_type, c.source) for c in got] == [(c.id, c.cell_type, c.source) for c in want], (
        f"{path.name}: run `python -m utils.nbtools colab {path.relative_to(ROOT)}`"
    )
    rel = path.relative_to(ROOT / "notebooks").as_posix()  # 01_x.ipynb, or zh/01_x.ipynb for a translation
    assert f"/notebooks/{rel}" in want[0].source and "colab.research.google.com" in want[0].source


_MISSES_CELL = (
    "import json\nfrom utils import i18n\nprint('UNTRANSLATED' + json.dumps(i18n.untranslated_shown()))"
)


def _untranslated(nb) -> list:
    cell = nb.cells[-1]
    text = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
    return json.loads(text.split("UNTRANSLATED", 1)[1]) if "UNTRANSLATED" in text else ["(no report)"]


def _run(path, tmp_path):
    from nbclient import NotebookClient

    from tests import old_versions

    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(SETUP + old_versions.kernel_code()))
    if path in CHINESE:  # last: what the notebook showed of the data in English (i18n.data_text)
        nb.cells.append(nbformat.v4.new_code_cell(_MISSES_CELL, id="test-untranslated"))
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    env = dict(
        os.environ, MPLBACKEND="module://matplotlib_inline.backend_inline", COURSE_SCENARIO_DIR=str(tmp_path)
    )
    os.environ.update(COURSE_SCENARIO_DIR=str(tmp_path))
    client.execute(env=env) if "env" in NotebookClient.execute.__code__.co_varnames else client.execute()
    return nb


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_name)
def test_runs_clean_offline(path, tmp_path):
    from utils import nbtools

    nb = _run(path, tmp_path)
    problems = []
    if path in CHINESE:
        # every header, event, note and unit a Chinese table showed has its translation
        # (locale/zh_CN/data/, or course.po for a model's labels): none was shown in English
        problems += [f"shown in English, column {c!r}: {v[:80]!r}" for c, v in _untranslated(nb)]
        nb.cells.pop()
    for i, cell in enumerate(nb.cells[1:]):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {i}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i} wrote to stderr: {out.text[:300]}")
            text = str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
            if re.search(r"\w+Warning:", text):
                problems.append(f"cell {i} shows a warning: {text[:300]}")
            if "Error displaying widget" in text:
                problems.append(f"cell {i}: widget error")
            html = str(out.get("data", {}).get("text/html", ""))
            if _shows_grade_d(html) and "unverified" not in html.lower() and "未核实" not in html:
                problems.append(f"cell {i}: a table shows a grade-D row without the label 'unverified'")
            # one output fits one laptop screen: SCREEN_PX = 650 CSS px, what a 1366x768 screen shows
            # of the notebook at 100% zoom below the browser's and JupyterLab's bars
            px = nbtools.output_height(out)
            if px > nbtools.SCREEN_PX:
                problems.append(
                    f"cell {cell.get('id')}: an output about {px} px tall, more than a screen ({nbtools.SCREEN_PX} px); "
                    "shorten it (data.brief for tables, a <details> block for lists, a smaller figure)"
                )
    setup = next(c for c in nb.cells if c.get("id", "").endswith("-colab-setup"))
    if setup.outputs:
        problems.append(f"the Colab set-up cell is not silent outside Colab: {setup.outputs}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


class _Tables(HTMLParser):
    """The cells of every HTML table in an output, row by row (headers included)."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self._row = []
            self.tables[-1].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _shows_grade_d(html: str) -> bool:
    """True when an HTML table has a column headed 'grade' with a cell that is exactly 'D'."""
    if "<table" not in html:
        return False
    parser = _Tables()
    parser.feed(html)
    for rows in parser.tables:
        # "grade", or in the Chinese edition "等级（grade）"
        header = next((r for r in rows if any(h == "grade" or h.endswith("（grade）") for h in r)), None)
        if header is None:
            continue
        col = next(i for i, h in enumerate(header) if h == "grade" or h.endswith("（grade）"))
        if any(len(r) == len(header) and r[col] == "D" for r in rows if r is not header):
            return True
    return False


def test_grade_d_detector():
    # a pandas-style table: the index cell comes first in each row, as in the header row
    table = (
        "<table><thead><tr><th></th><th>value</th><th>grade</th></tr></thead><tbody>"
        "<tr><th>0</th><td>0.64</td><td>{}</td></tr></tbody></table>"
    )
    assert _shows_grade_d(table.format("D"))
    assert not _shows_grade_d(table.format("B"))
    assert not _shows_grade_d(table.format("D (unverified)"))  # labelled in the cell itself
    assert not _shows_grade_d("<p>grade D</p>")
