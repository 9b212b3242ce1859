"""Topic package ``substitution``: see :mod:`utils.course`.

``from utils import substitution`` gives the model (pure functions, :mod:`.model`); the panels
(``substitution.panels``) and exercises (``substitution.exercises``) load on first use, so importing the model
never imports ipywidgets.
"""

from importlib import import_module as _import_module

from .model import *  # noqa: F401,F403
from .model import __all__ as _model_all

__all__ = list(_model_all)


def __getattr__(name):
    if name in ("model", "panels", "exercises"):
        return _import_module(f"{__name__}.{name}")
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(_import_module(f"{__name__}.model"), name)
