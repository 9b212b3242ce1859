"""Exercises of each notebook, one module per notebook (``nb00.py``, ``nb01.py`` …).

Each module builds :class:`utils.checks.Exercise` objects whose ``solve`` computes the answer
from the course data, and registers them with :func:`utils.checks.register`. Importing
:mod:`utils.checks` and calling ``checks.exercise(id)`` loads all modules here.
"""
