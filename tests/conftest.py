import os
import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("agg")
os.environ.setdefault("MPLBACKEND", "agg")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_copy(tmp_path):
    """A private copy of data/ that a test may break without touching the real files."""
    dest = tmp_path / "data"
    shutil.copytree(ROOT / "data", dest)
    return dest
