import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests import old_versions

old_versions.apply()  # before matplotlib is imported (its import is where some are raised)
import matplotlib  # noqa: E402

matplotlib.use("agg")
os.environ.setdefault("MPLBACKEND", "agg")

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """In every process: the filters of tests/old_versions.py. Then once per run, in the main
    process (before pytest-xdist starts its workers, which inherit
    the environment): a private validation cache for this run, warmed by loading every table, so
    the workers and the notebook kernels do not each validate the same files again."""
    # warnings from old library versions that a supported platform ships (tests/old_versions.py)
    for line in old_versions.pytest_filters():
        config.addinivalue_line("filterwarnings", line)
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
