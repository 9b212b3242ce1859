"""The course's Python package: sourced data, house plotting style, the what-if widget
pattern, self-check exercises and the topic models.

Import the pieces you need, for example::

    from utils import data, plotting, widgets, checks
"""

from pathlib import Path

__version__ = "0.1.0"

#: Repository root (the folder holding ``data/`` and ``notebooks/``).
ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
