"""Saving and loading a panel's scenario (its settings and results) for a class discussion.

``panel.export_scenario(folder)`` writes new ``.json`` and ``.csv`` files (never overwriting);
``panel.load_scenario(path)`` reads a ``.json`` file back. A file that cannot be used — missing,
not a regular file, too large, not UTF-8, not JSON, nested too deeply, from another panel or
another version, or with a value out of range — raises :class:`ScenarioError` with the reason,
and the panel is left exactly as it was. The file is only parsed as JSON; nothing in it is ever
executed.

Where files go: the folder given, else ``$COURSE_SCENARIO_DIR``, else ``scenarios/`` in the
course folder (or in your home folder when the course folder is read-only, as in a wheel
install).
"""

from __future__ import annotations

import dataclasses
import json
import math
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from . import IN_REPOSITORY, ROOT

__all__ = [
    "ScenarioError",
    "scenario_dir",
    "scenario",
    "export",
    "load",
    "read_json",
    "FORMAT",
    "VERSION",
    "MAX_BYTES",
    "MAX_DEPTH",
]

FORMAT = "ai-chips-course-scenario"
VERSION = 1
#: A scenario file is a few kilobytes; anything larger is not one.
MAX_BYTES = 1_000_000
#: Scenario files are two levels deep; JSON nested deeper than this is refused before parsing.
MAX_DEPTH = 32


class ScenarioError(ValueError):
    """A saved scenario file cannot be used. The message says why; nothing was changed."""


def scenario_dir() -> Path:
    """Where exported scenarios go by default (see the module docstring)."""
    env = os.environ.get("COURSE_SCENARIO_DIR")
    if env:
        return Path(env)
    here = ROOT / "scenarios"
    if IN_REPOSITORY and os.access(here if here.exists() else ROOT, os.W_OK):
        return here
    return Path.home() / "ai-chips-course-scenarios"


# ----------------------------------------------------------------------------- JSON helpers


def jsonable(obj):
    """``obj`` as plain JSON values (DataFrames as records, dataclasses as dicts, NaN as None)."""
    if isinstance(obj, pd.DataFrame):
        return json.loads(obj.to_json(orient="records", date_format="iso"))
    if isinstance(obj, pd.Series):
        return json.loads(obj.to_json(date_format="iso"))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return jsonable(dataclasses.asdict(obj))
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [jsonable(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalars
        try:
            return jsonable(obj.item())
        except (TypeError, ValueError):
            pass
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    return str(obj)


def as_table(result) -> pd.DataFrame:
    """A model result as a table for the CSV export."""
    if isinstance(result, pd.DataFrame):
        return result
    if isinstance(result, pd.Series):
        return result.to_frame()
    data = jsonable(result)
    if isinstance(data, dict):
        flat = {k: (json.dumps(v) if isinstance(v, (dict, list)) else v) for k, v in data.items()}
        return pd.DataFrame([flat])
    if isinstance(data, list):
        return pd.DataFrame(data)
    return pd.DataFrame([{"result": data}])


def _depth(text: str) -> int:
    """How deeply brackets nest in a JSON text (strings skipped), without parsing it."""
    depth = best = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            best = max(best, depth)
        elif ch in "]}":
            depth -= 1
    return best


def read_json(path) -> object:
    """Read a small JSON file safely: a regular file only (no folder, device or pipe), at most
    :data:`MAX_BYTES` read whatever the file claims its size is, UTF-8 with or without a byte
    order mark, nested at most :data:`MAX_DEPTH` deep. Every failure is a ScenarioError."""
    path = Path(path)
    name = path.name or str(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ScenarioError(f"No scenario file at {path}.") from None
    except OSError as exc:
        raise ScenarioError(f"{name} cannot be read: {exc.strerror or exc}.") from None
    if stat.S_ISDIR(st.st_mode):
        raise ScenarioError(f"{name} is a folder, not a scenario file.")
    if not stat.S_ISREG(st.st_mode):
        raise ScenarioError(
            f"{name} is not a regular file (a device, pipe or socket); "
            "scenario files are .json files saved by Export scenario."
        )
    try:
        # O_NONBLOCK: should the file be swapped for a pipe after the check, open does not hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ScenarioError(f"{name} cannot be read: {exc.strerror or exc}.") from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError(
            f"{name} is too large to be a scenario file (more than {MAX_BYTES // 1000:,} kB)."
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError(f"{name} is not a text file; scenario files are JSON.") from None
    if _depth(text) > MAX_DEPTH:
        raise ScenarioError(
            f"{name} is nested more than {MAX_DEPTH} levels deep; it is not a "
            "scenario file saved by this course."
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            f"{name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
            "it may be damaged. Export the scenario again."
        ) from None
    except (RecursionError, ValueError) as exc:
        raise ScenarioError(f"{name} could not be read as JSON ({type(exc).__name__}).") from None


# ----------------------------------------------------------------------------- export / load


def scenario(panel) -> dict:
    """A panel's current parameters and results as a JSON-ready dict."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "panel": panel.name,
        "title": panel.title,
        "exported": datetime.now(UTC).isoformat(timespec="seconds"),
        "params": jsonable({k: c.value for k, c in panel.controls.items()}),
        "readout": panel.readout_text,
        "results": jsonable(panel.result),
    }


def export(panel, folder=None) -> tuple[Path, Path]:
    """Write a panel's scenario to new ``.json`` and ``.csv`` files; never overwrites."""
    if panel.error:
        raise ScenarioError(f"The current settings are not valid ({panel.error}); fix them before exporting.")
    folder = Path(folder) if folder is not None else scenario_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    data = scenario(panel)
    table = as_table(panel.result)
    for n in range(1000):
        stem = f"{panel.name}-{stamp}" + (f"-{n}" if n else "")
        jpath, cpath = folder / f"{stem}.json", folder / f"{stem}.csv"
        if jpath.exists() or cpath.exists():
            continue
        try:
            with open(jpath, "x", encoding="utf-8") as fh:
                json.dump(data, fh, indent=2, ensure_ascii=False)
        except FileExistsError:
            continue
        params_rows = "".join(f"# {k} = {v}\n" for k, v in data["params"].items())
        with open(cpath, "x", encoding="utf-8", newline="") as fh:
            fh.write(f"# scenario {panel.name} exported {data['exported']}\n{params_rows}")
            table.to_csv(fh, index=False)
        return jpath, cpath
    raise ScenarioError(f"Could not find a free file name in {folder}.")


def load(panel, path) -> dict:
    """The checked control values of a scenario file saved from ``panel`` (not yet applied)."""
    name = Path(path).name
    data = read_json(path)
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ScenarioError(f"{name} is not a scenario file saved by this course.")
    if data.get("version") != VERSION:
        raise ScenarioError(
            f"{name} has format version {data.get('version')!r:.20}; this course reads version {VERSION}."
        )
    if data.get("panel") != panel.name:
        raise ScenarioError(f"{name} belongs to the panel {data.get('panel')!r:.40}, not to {panel.name!r}.")
    params = data.get("params")
    if not isinstance(params, dict):
        raise ScenarioError(f"{name} has no parameters.")
    unknown = sorted(set(params) - set(panel.controls))
    if unknown:
        raise ScenarioError(f"{name} sets unknown parameters: {', '.join(unknown)[:200]}.")
    checked = {}
    for key, value in params.items():
        if isinstance(value, list):
            value = tuple(value)
        used, msg = panel._checked(key, value)
        if msg:
            raise ScenarioError(f"{name}: {msg} Nothing was changed.")
        checked[key] = used
    return checked
