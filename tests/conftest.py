import os
import shutil
import tempfile
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("agg")
os.environ.setdefault("MPLBACKEND", "agg")

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """Once per run, in the main process (before pytest-xdist starts its workers, which inherit
    the environment): a private validation cache for this run, warmed by loading every table, so
    the workers and the notebook kernels do not each validate the same files again."""
    if hasattr(config, "workerinput"):
        return
    if "COURSE_CACHE_DIR" not in os.environ:
        os.environ["COURSE_CACHE_DIR"] = tempfile.mkdtemp(prefix="course-test-cache-")
    from utils import data

    try:
        for name in data.table_names():
            data.load(name)
    except data.DataError:
        pass  # the data tests report it, with the file and row


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of data/ that a test may break without touching the real files."""
    dest = tmp_path / "data"
    shutil.copytree(ROOT / "data", dest)
    return dest
