"""Packaging beyond what pyproject.toml can say: the course tables travel inside the wheel.

In a clone or an editable install the course reads ``data/`` in the repository. A wheel (what
``pip install <folder or git URL>`` builds, as the Colab set-up cell does) has no repository
around it, so the same files are shipped as the package ``utils._data`` (``data/`` mapped in
place, nothing copied in the tree); ``utils.DATA_DIR`` finds whichever is there.
"""

from setuptools import find_packages, setup

setup(
    # utils.fonts and utils._data hold files, not modules (no __init__.py): named here so that
    # setuptools ships them as package data
    packages=find_packages(include=["utils", "utils.*"]) + ["utils.fonts", "utils._data"],
    package_dir={"utils._data": "data"},
    package_data={"utils.fonts": ["*"], "utils._data": ["*.csv", "*.json"]},
)
