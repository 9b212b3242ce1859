"""Topic ``substitution``, notebook 03: domestic chip substitution; see :mod:`utils.course` for the layout."""

from ..course import lazy_parts
from .model import *  # noqa: F403
from .model import __all__  # noqa: F401

__getattr__ = lazy_parts(__name__)
