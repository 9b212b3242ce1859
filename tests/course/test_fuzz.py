"""The fuzz suite: every public function of every model module, and ``set()`` on every panel, is
called with bad values (NaN, ±inf, huge, negative, zero, wrong types, None, empty or misspelt
names, wrong containers). Each call must either return a finite, valid result or raise the
course's own error: a ``ValueError`` subclass defined in ``utils`` whose message names the
parameter. Never another exception type, never NaN or inf in a result.

Two parts: a fixed grid (every parameter × every bad value, deterministic) and a hypothesis part
that draws bad values at random (more kinds of text, numbers and containers). The module prints
how many calls it made and of which outcome (``pytest -s`` shows it; ``COURSE_FUZZ_EXAMPLES``
raises the hypothesis budget for a longer run on demand).
"""

from __future__ import annotations

import collections
import dataclasses
import importlib
import inspect
import math
import os
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils.course import TOPICS

from .fuzz_calls import GOOD

EXAMPLES = int(os.environ.get("COURSE_FUZZ_EXAMPLES", "400"))
OUTCOMES: collections.Counter = collections.Counter()


class _Odd:
    """An object of no type a function expects."""

    def __repr__(self):
        return "<odd object>"


BAD_VALUES = {
    "nan": float("nan"),
    "inf": float("inf"),
    "-inf": float("-inf"),
    "huge": 1e308,
    "-huge": -1e308,
    "big int": 10**400,
    "negative": -1,
    "zero": 0,
    "true": True,
    "text": "abc",
    "empty text": "",
    "misspelt": "Nvidai",
    "none": None,
    "empty list": [],
    "list": [1, 2],
    "dict": {"a": 1},
    "object": _Odd(),
    "array": np.array([13.11]),
    "frame": pd.DataFrame({"x": [1.0]}),
    "series": pd.Series([1.0, float("nan")], index=["a", "b"]),
    "nat": pd.NaT,
}


def _functions():
    out = {}
    for t in TOPICS:
        mod = importlib.import_module(f"{t.package}.model")
        for name in mod.__all__:
            obj = getattr(mod, name)
            if callable(obj) and not inspect.isclass(obj):
                out[f"{t.name}.{name}"] = obj
    return out


FUNCTIONS = _functions()


def test_every_public_model_function_has_a_good_call():
    missing = sorted(set(FUNCTIONS) - set(GOOD))
    assert not missing, f"add a good call to tests/course/fuzz_calls.py for: {missing}"
    extra = sorted(set(GOOD) - set(FUNCTIONS))
    assert not extra, f"fuzz_calls.py names functions that are not public: {extra}"


# ----------------------------------------------------------------------------- checking results


def _bad_numbers(obj, allowed_nan_columns=frozenset(), depth=0) -> list[str]:
    """Where ``obj`` holds NaN or inf (columns that are NaN in the good call's result may hold
    NaN: missing figures in a data table)."""
    if depth > 6:
        return []
    found = []
    if isinstance(obj, bool) or obj is None or isinstance(obj, str):
        return []
    if isinstance(obj, (float, np.floating)):
        return ["a float"] if not math.isfinite(float(obj)) else []
    if isinstance(obj, (int, np.integer)):
        return []
    if isinstance(obj, pd.DataFrame):
        for col in obj.columns:
            s = obj[col]
            if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
                vals = pd.to_numeric(s, errors="coerce").astype("float64").to_numpy()
                if np.isinf(vals).any():
                    found.append(f"column {col!r} (inf)")
                elif np.isnan(vals).any() and col not in allowed_nan_columns:
                    found.append(f"column {col!r} (NaN)")
        return found
    if isinstance(obj, pd.Series):
        return _bad_numbers(obj.to_frame("value"), allowed_nan_columns, depth + 1)
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind in "fc" and not np.isfinite(obj).all():
            return ["an array"]
        return []
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        obj = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple) and hasattr(obj, "_asdict"):
        obj = obj._asdict()
    if isinstance(obj, dict):
        for k, v in obj.items():
            found += [f"{k}: {w}" for w in _bad_numbers(v, allowed_nan_columns, depth + 1)]
    elif isinstance(obj, (list, tuple)):
        for v in obj[:200]:
            found += _bad_numbers(v, allowed_nan_columns, depth + 1)
    return found


def _nan_columns(obj) -> frozenset:
    cols = set()
    frames = [obj] if isinstance(obj, pd.DataFrame) else []
    if isinstance(obj, pd.Series):
        frames = [obj.to_frame("value")]
    if isinstance(obj, dict):
        frames = [v for v in obj.values() if isinstance(v, pd.DataFrame)]
        cols |= {k for k, v in obj.items() if isinstance(v, float) and math.isnan(v)}
    if isinstance(obj, tuple):
        frames = [v for v in obj if isinstance(v, pd.DataFrame)]
    for f in frames:
        cols |= {c for c in f.columns if f[c].isna().any()}
    return frozenset(cols)


_GOOD_RESULTS: dict = {}


def _good_result(key):
    if key not in _GOOD_RESULTS:
        _GOOD_RESULTS[key] = FUNCTIONS[key](**GOOD[key]())
    return _GOOD_RESULTS[key]


def _names_parameter(message: str, param: str) -> bool:
    m = message.lower()
    p = param.lower()
    return p in m or p.replace("_", " ") in m


def outcome(key: str, param: str, value) -> tuple[str, str]:
    """Call ``key`` with ``param`` replaced by ``value``: (kind of outcome, detail)."""
    fn = FUNCTIONS[key]
    kwargs = GOOD[key]()
    kwargs[param] = value
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = fn(**kwargs)
    except ValueError as exc:
        if not type(exc).__module__.startswith("utils"):
            return "bare ValueError", f"{type(exc).__module__}.{type(exc).__name__}: {exc}"
        if not _names_parameter(str(exc), param):
            return "error without the parameter's name", str(exc)[:200]
        return "course error", ""
    except Exception as exc:  # noqa: BLE001 - the point is to catch everything else
        return "other exception", f"{type(exc).__name__}: {str(exc)[:160]}"
    good = _good_result(key)
    bad = _bad_numbers(result, _nan_columns(good))
    if bad:
        return "NaN or inf in result", ", ".join(bad[:3])
    return "valid result", ""


ACCEPTED = {"course error", "valid result"}


def _params(key):
    return list(GOOD[key]().keys())


GRID = [(key, param) for key in sorted(GOOD) for param in _params(key)]


@pytest.mark.parametrize("key, param", GRID, ids=[f"{k}({p})" for k, p in GRID])
def test_bad_values_give_the_course_error_or_a_valid_result(key, param):
    failures = []
    for label, value in BAD_VALUES.items():
        kind, detail = outcome(key, param, value)
        OUTCOMES[kind] += 1
        if kind not in ACCEPTED:
            failures.append(f"{param}={label}: {kind}: {detail}")
    assert not failures, f"{key}:\n  " + "\n  ".join(failures)


# ----------------------------------------------------------------------------- hypothesis part

_bad = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.text(max_size=12),
    st.none(),
    st.booleans(),
    st.lists(st.floats(allow_nan=True), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
    st.sampled_from(list(BAD_VALUES.values())),
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(case=st.sampled_from(GRID), value=_bad)
def test_random_bad_values(case, value):
    key, param = case
    kind, detail = outcome(key, param, value)
    OUTCOMES[f"{kind} (random)"] += 1
    assert kind in ACCEPTED, f"{key}({param}={value!r:.60}): {kind}: {detail}"


# ----------------------------------------------------------------------------- panels


def _panel_factories():
    from .test_panel_fast_path import FACTORIES

    return FACTORIES


PANEL_BAD = {k: v for k, v in BAD_VALUES.items() if k not in ("frame", "series")}


@pytest.mark.parametrize("name", sorted(_panel_factories()))
def test_panel_set_never_raises_and_keeps_a_valid_result(name):
    panel = _panel_factories()[name]()
    good_nan = _nan_columns(panel.result)
    failures = []
    for key in panel.controls:
        for label, value in PANEL_BAD.items():
            try:
                panel.set(**{key: value})
            except Exception as exc:  # noqa: BLE001
                failures.append(f"set({key}={label}): {type(exc).__name__}: {exc}")
                OUTCOMES["panel: exception"] += 1
                continue
            bad = _bad_numbers(panel.result, good_nan)
            if bad:
                failures.append(f"set({key}={label}): result holds {bad[:2]}")
                OUTCOMES["panel: NaN or inf"] += 1
            elif panel.message:
                OUTCOMES["panel: refused or clamped, with a message"] += 1
            else:
                OUTCOMES["panel: accepted"] += 1
    with pytest.raises(ValueError, match="Did you mean"):
        panel.set(**{list(panel.controls)[0] + "x": 1})
    assert not failures, f"{name}:\n  " + "\n  ".join(failures)


def test_zz_report_counts(capsys):
    """Printed at the end of the module (``pytest -s``): how many calls, of which outcome."""
    total = sum(OUTCOMES.values())
    lines = [f"fuzz suite: {total} calls"] + [f"  {n:6d}  {k}" for k, n in sorted(OUTCOMES.items())]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert total > 0
