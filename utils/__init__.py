"""The course's Python package: sourced data, house plotting style, the what-if widget
pattern, self-check exercises and the topic models.

Import the pieces you need, for example::

    from utils import data, plotting, widgets, checks
"""

from pathlib import Path

__version__ = "0.1.0"

_PACKAGE = Path(__file__).resolve().parent

#: The course folder (the repository holding ``data/`` and ``notebooks/``) in a clone or an
#: editable install; for a wheel installed by pip (the Colab set-up cell), the folder the package
#: was installed into, which holds no ``notebooks/`` (see :data:`IN_REPOSITORY`).
ROOT = _PACKAGE.parent

#: True when the course runs from its repository (a clone, or ``pip install -e .``).
IN_REPOSITORY = (ROOT / "data" / "datapackage.json").is_file()

#: The course tables: ``data/`` in the repository, else the copy a wheel carries
#: (``utils/_data``, see setup.py). ``$COURSE_DATA_DIR`` overrides both (utils.data.data_dir).
DATA_DIR = ROOT / "data" if IN_REPOSITORY else _PACKAGE / "_data"


# Names used before the topic packages (kept so that older notebooks and scripts still run):
# ``from utils import export_controls_widgets as ecw`` gives the topic's panels, falling back to
# its model for the model functions that used to live there.
_OLD_NAMES = {
    "export_controls_widgets": "export_controls",
    "compute_demand_widgets": "compute_demand",
    "substitution_widgets": "substitution",
    "exposure_widgets": "exposure",
    "claims": "fact_check",
}


def __getattr__(name):
    import importlib
    import sys
    import types

    topic = _OLD_NAMES.get(name)
    if topic is None:
        raise AttributeError(f"module 'utils' has no attribute {name!r}")
    if name == "claims":
        module = importlib.import_module(f"utils.{topic}")
    else:
        panels = importlib.import_module(f"utils.{topic}.panels")
        model = importlib.import_module(f"utils.{topic}.model")
        module = types.ModuleType(f"utils.{name}", f"Old name for utils.{topic} (panels and model).")

        def _lookup(attr, _panels=panels, _model=model):
            for mod in (_panels, _model):
                if hasattr(mod, attr):
                    return getattr(mod, attr)
            raise AttributeError(f"utils.{name} has no attribute {attr!r}")

        module.__getattr__ = _lookup
    sys.modules[f"utils.{name}"] = module
    globals()[name] = module
    return module
