"""The course's topics: one name per topic, used for the notebook, the package, the tests and
the docs.

=====  =================  =====================================  ==============================
 no.   name               notebook                               code and tests
=====  =================  =====================================  ==============================
 00    start_here         ``notebooks/00_start_here.ipynb``      ``utils/start_here/``, ``tests/start_here/``
 01    export_controls    ``notebooks/01_export_controls.ipynb``  ``utils/export_controls/`` …
 02    compute_demand     ``notebooks/02_compute_demand.ipynb``
 03    substitution       ``notebooks/03_substitution.ipynb``
 04    exposure           ``notebooks/04_exposure.ipynb``
 05    fact_check         ``notebooks/05_fact_check.ipynb``
=====  =================  =====================================  ==============================

Each topic package holds ``model.py`` (pure functions: no widgets, no plotting), ``panels.py``
(the what-if panels, built on :class:`utils.widgets.Panel`) and ``exercises.py`` (the self-checks
registered with :mod:`utils.checks`, ids ``"NN.name"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import ROOT

__all__ = ["Topic", "TOPICS", "topic", "NOTEBOOK_DIR", "lazy_parts"]

NOTEBOOK_DIR = ROOT / "notebooks"


@dataclass(frozen=True)
class Topic:
    number: str  # "01": the notebook's number and the prefix of its exercise ids
    name: str  # "export_controls": the package, the notebook's stem, the tests' folder
    title: str  # the notebook's title, for lists and links

    @property
    def stem(self) -> str:
        return f"{self.number}_{self.name}"

    @property
    def notebook(self) -> Path:
        return NOTEBOOK_DIR / f"{self.stem}.ipynb"

    @property
    def package(self) -> str:
        return f"utils.{self.name}"


TOPICS: tuple[Topic, ...] = (
    Topic("00", "start_here", "Start here: the story, the data, how to use the course"),
    Topic("01", "export_controls", "Export controls: the rules as code"),
    Topic("02", "compute_demand", "DeepSeek and compute demand"),
    Topic("03", "substitution", "Domestic chip substitution"),
    Topic("04", "exposure", "Multinational China exposure"),
    Topic("05", "fact_check", "Capstone: fact-check the article"),
)


def topic(key: str) -> Topic:
    """A topic by number ("01"), name ("export_controls") or notebook stem ("01_export_controls")."""
    for t in TOPICS:
        if key in (t.number, t.name, t.stem, f"{t.stem}.ipynb"):
            return t
    raise KeyError(f"No topic {key!r}. Topics: {', '.join(t.stem for t in TOPICS)}.")


def lazy_parts(package: str):
    """The ``__getattr__`` of a topic package: ``topic.panels`` and ``topic.exercises`` load on
    first use (so importing a topic's model never imports ipywidgets), and any other name comes
    from the topic's model."""
    from importlib import import_module

    def __getattr__(name):
        if name in ("model", "panels", "exercises"):
            return import_module(f"{package}.{name}")
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(import_module(f"{package}.model"), name)

    return __getattr__
