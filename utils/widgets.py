"""The one pattern every what-if panel of the course uses.

A :class:`Panel` joins four things:

* **controls**: ipywidgets (sliders, dropdowns, toggles) keyed by parameter name;
* **compute**: a pure model function from ``utils`` taking those parameters as keyword
  arguments and returning a result (it validates its inputs and raises ``ValueError``);
* **readout**: a function turning the result into a short HTML text;
* **draw**: a function that updates an existing matplotlib figure *in place* (``set_data``,
  ``set_height``…). The figure is created once; its PNG goes to a fixed-size ``widgets.Image``,
  so an update neither flickers nor moves the page.

Tests (and scripts) drive a panel exactly as a student would, without a browser::

    panel.set(elasticity=1.5)
    panel.result, panel.readout_text, panel.message, panel.png

Out-of-range values are clamped with a visible message; a model's ``ValueError`` is shown in the
panel (no traceback) and the last good picture stays. ``export_scenario`` writes the parameters
and results to new JSON and CSV files for a class discussion; ``load_scenario`` reads one back,
refusing a corrupt or foreign file with a clear message and leaving the panel unchanged.
Nothing a user types is ever evaluated as code.
"""

from __future__ import annotations

import collections
import dataclasses
import html
import json
import math
import re
import time
import weakref
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import ipywidgets as W
import pandas as pd

from . import ROOT
from .plotting import add_source, fig_to_png

__all__ = ["Panel", "ScenarioError", "SCENARIO_DIR", "slider", "int_slider", "dropdown",
           "live_panels"]

SCENARIO_DIR = ROOT / "scenarios"
SCENARIO_FORMAT = "ai-chips-course-scenario"
SCENARIO_VERSION = 1
_MAX_SCENARIO_BYTES = 1_000_000


class ScenarioError(ValueError):
    """A saved scenario file cannot be used. The message says why; nothing was changed."""


# ----------------------------------------------------------------------------- control helpers

_STYLE = {"description_width": "150px"}
_CONTROL_LAYOUT = {"width": "340px"}


def slider(description: str, value: float, min: float, max: float, step: float,
           readout_format: str = ".2f", continuous_update: bool = True) -> W.FloatSlider:
    """A float slider in the course style."""
    return W.FloatSlider(value=value, min=min, max=max, step=step, description=description,
                         readout_format=readout_format, continuous_update=continuous_update,
                         style=_STYLE, layout=W.Layout(**_CONTROL_LAYOUT))


def int_slider(description: str, value: int, min: int, max: int, step: int = 1,
               continuous_update: bool = True) -> W.IntSlider:
    """An integer slider in the course style."""
    return W.IntSlider(value=value, min=min, max=max, step=step, description=description,
                       continuous_update=continuous_update, style=_STYLE,
                       layout=W.Layout(**_CONTROL_LAYOUT))


def dropdown(description: str, options, value=None) -> W.Dropdown:
    """A dropdown in the course style."""
    kw = {} if value is None else {"value": value}
    return W.Dropdown(options=options, description=description, style=_STYLE,
                      layout=W.Layout(**_CONTROL_LAYOUT), **kw)


# ----------------------------------------------------------------------------- the panel


#: How many static backgrounds a Panel keeps per figure (each is one RGBA buffer of the figure).
BACKGROUND_CACHE = 6


def stepped_top(value: float, headroom: float = 1.0, current: float | None = None,
                slack: float = 1.6) -> float:
    """An axis top for ``value * headroom`` rounded up to a coarse step (1, 1.5, 2, 2.5, 3, 4, 5,
    6, 8 × a power of ten), so most slider moves keep the axis and a :class:`Panel` with
    ``dynamic=`` artists reuses its cached background instead of re-rendering it.

    ``current``: the axis top now shown; it is kept while it still fits (at least
    ``value * headroom``, at most ``slack`` times that), so a slider moved back and forth across
    a step does not make the axis jump.
    """
    need = float(value) * headroom
    if not need > 0 or not math.isfinite(need):
        return 1.0
    if current is not None and need <= current <= need * slack:
        return float(current)
    decade = 10 ** math.floor(math.log10(need))
    for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if m * decade >= need * (1 - 1e-12):
            return m * decade
    return 10 * decade


def _plain(text: str) -> str:
    text = re.sub(r"<br\s*/?>|</p>|</li>|</div>|</tr>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def _jsonable(obj):
    if isinstance(obj, pd.DataFrame):
        return json.loads(obj.to_json(orient="records", date_format="iso"))
    if isinstance(obj, pd.Series):
        return json.loads(obj.to_json(date_format="iso"))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return _jsonable(dataclasses.asdict(obj))
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalars
        try:
            return _jsonable(obj.item())
        except (TypeError, ValueError):
            pass
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    return str(obj)


def _as_table(result) -> pd.DataFrame:
    if isinstance(result, pd.DataFrame):
        return result
    if isinstance(result, pd.Series):
        return result.to_frame()
    data = _jsonable(result)
    if isinstance(data, dict):
        flat = {k: (json.dumps(v) if isinstance(v, (dict, list)) else v) for k, v in data.items()}
        return pd.DataFrame([flat])
    if isinstance(data, list):
        return pd.DataFrame(data)
    return pd.DataFrame([{"result": data}])


# Every Panel created in this process, oldest first, held weakly (benchmarks and tools find the
# panels a notebook built without knowing its factories).
_LIVE: list = []


def live_panels() -> list["Panel"]:
    """The :class:`Panel` objects created in this process that are still alive, oldest first."""
    alive = [p for p in (ref() for ref in _LIVE) if p is not None]
    _LIVE[:] = [weakref.ref(p) for p in alive]
    return alive


class Panel:
    """A what-if panel: controls → pure model → readout text + a figure updated in place.

    Parameters
    ----------
    name:
        Short id used in exported scenario files (e.g. ``"jevons"``).
    title:
        Heading shown above the panel.
    controls:
        ``{parameter name: widget}``; the names are the keyword arguments of ``compute``.
    compute:
        Pure function ``compute(**params) -> result``; raises ``ValueError`` on bad input.
    readout:
        ``readout(result, params) -> str`` (HTML allowed), the live verdict/numbers.
    figure, draw:
        A matplotlib ``Figure`` made once, and ``draw(result, params)`` that updates its artists.
    source:
        A DataFrame from :func:`utils.data.load` (or text) for the "Source: …" line on the figure.
    limits:
        Optional ``{name: (low, high)}`` for controls without their own min/max (e.g. FloatText).
    alt:
        Alt text for the picture (what it shows).
    dynamic:
        Optional list of the artists ``draw`` changes (or a callable returning it). Opt-in fast
        path: everything else is rendered once into a cached background, and an update restores
        it and draws only these artists. The background is re-rendered whenever a cheap signature
        changes (axes positions, view limits, tick locations and labels, axis labels, titles and
        every text outside the dynamic artists), so ``draw`` may still move limits or ticks; any
        other change to a static artist (colour, data, visibility) means it belongs in
        ``dynamic``. Dynamic artists are drawn above the background (spines redrawn above them):
        list a legend or text they may cross as dynamic too.
    """

    def __init__(self, *, name: str, title: str, controls: dict[str, W.ValueWidget],
                 compute: Callable[..., Any], readout: Callable[[Any, dict], str],
                 figure=None, draw: Callable[[Any, dict], None] | None = None, source=None,
                 limits: dict[str, tuple[float, float]] | None = None, alt: str = "",
                 description: str = "", fixed: dict[str, Any] | None = None,
                 dynamic: Callable[[], list] | list | None = None):
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
            raise ValueError(f"Panel name must be lowercase letters, digits, '-' or '_': {name!r}")
        self.name = name
        self.title = title
        self.controls = dict(controls)
        self.fixed = dict(fixed or {})
        self._compute = compute
        self._readout = readout
        self.figure = figure
        self._draw = draw
        self.limits = dict(limits or {})
        self.result: Any = None
        self.error: str = ""  # the model's message when the current settings are invalid
        self.message: str = ""
        self.png: bytes = b""
        self.last_update_ms: float = float("nan")
        self.updates = 0
        self._busy = False
        self._frozen = False
        self.relayouts = 0
        self._dynamic = dynamic
        self._background = None      # cached Agg buffer of the figure without dynamic artists
        self._bg_signature = None
        # earlier backgrounds by signature (a slider moved back and forth, a zoom undone): a few
        # figure-sized buffers, least recently used dropped first
        self._bg_cache: "collections.OrderedDict[tuple, Any]" = collections.OrderedDict()
        self._bg_reused_artists = None  # set by the fast path when only these were drawn anew
        self.background_redraws = 0  # how often the cached background had to be re-rendered

        self.readout = W.HTML(layout=W.Layout(min_height="3.2em", width="100%"))
        self.readout.add_class("course-panel-readout")
        self._message = W.HTML(layout=W.Layout(min_height="1.6em", width="100%"))
        self._message.add_class("course-panel-message")
        if figure is not None:
            if source is not None:
                add_source(figure, source)
            w_px = int(figure.get_figwidth() * figure.dpi)
            h_px = int(figure.get_figheight() * figure.dpi)
            self.image = W.Image(format="png", layout=W.Layout(
                width=f"{w_px}px", height=f"{h_px}px", max_width="100%", object_fit="contain"))
            self.image.add_class("course-panel-figure")
            if alt:
                self.image.description_tooltip = None
                self.image.layout.border = "0"
        else:
            self.image = None
        self.alt = alt
        self._export_button = W.Button(description="Export scenario", icon="download",
                                       tooltip="Save these settings and results for discussion")
        self._export_label = W.HTML()
        self._export_button.on_click(lambda _b: self._on_export())

        for key, ctrl in self.controls.items():
            ctrl.observe(self._on_change, names="value")
        header = W.HTML(f"<h3 style='margin:0.2em 0'>{html.escape(title)}</h3>"
                        + (f"<div>{description}</div>" if description else ""))
        control_box = W.VBox(list(self.controls.values()),
                             layout=W.Layout(min_width="350px", flex="0 0 auto"))
        right = [self.image] if self.image is not None else []
        body = W.HBox([control_box, *right], layout=W.Layout(flex_flow="row wrap",
                                                              align_items="flex-start"))
        self.widget = W.VBox([header, body, self.readout, self._message,
                              W.HBox([self._export_button, self._export_label])])
        self.widget.add_class("course-panel")
        _LIVE.append(weakref.ref(self))
        self.update()

    # ------------------------------------------------------------------ state

    @property
    def params(self) -> dict[str, Any]:
        """Current parameter values, as the model receives them."""
        values = {k: c.value for k, c in self.controls.items()}
        values.update(self.fixed)
        return values

    @property
    def readout_text(self) -> str:
        """The readout as plain text (what a student reads)."""
        return _plain(self.readout.value)

    def _bounds(self, key):
        if key in self.limits:
            return self.limits[key]
        ctrl = self.controls[key]
        if isinstance(ctrl, W.FloatLogSlider):  # its min/max are exponents of `base`
            return ctrl.base ** ctrl.min, ctrl.base ** ctrl.max
        if hasattr(ctrl, "min") and hasattr(ctrl, "max"):
            return ctrl.min, ctrl.max
        return None

    def _checked(self, key, value):
        """Validate one value for control ``key``: returns (value to use, message or '')."""
        if key not in self.controls:
            raise KeyError(f"Unknown control {key!r}. This panel has: {', '.join(self.controls)}.")
        ctrl = self.controls[key]
        label = ctrl.description or key
        if hasattr(ctrl, "options") and not isinstance(ctrl, (W.SelectMultiple,)):
            labels_values = list(getattr(ctrl, "_options_values", ()))
            if value not in labels_values:
                opts = ", ".join(map(str, getattr(ctrl, "_options_labels", labels_values)))
                return None, f"{label}: {value!r} is not one of the choices ({opts})."
            return value, ""
        if isinstance(ctrl, W.SelectMultiple):
            value = tuple(value)
            allowed = set(getattr(ctrl, "_options_values", ()))
            bad = [v for v in value if v not in allowed]
            if bad:
                return None, f"{label}: {', '.join(map(str, bad))} not among the choices."
            return value, ""
        if isinstance(ctrl.value, bool) or isinstance(ctrl, (W.Checkbox, W.ToggleButton)):
            if not isinstance(value, bool):
                return None, f"{label}: expected True or False, got {value!r}."
            return value, ""
        if _is_number(ctrl.value):
            if not _is_number(value):
                try:
                    value = float(value)
                except (TypeError, ValueError):
                    return None, f"{label}: {value!r} is not a number."
            if isinstance(value, float) and math.isnan(value):
                return None, f"{label}: not a number (NaN); the value was not changed."
            bounds = self._bounds(key)
            if bounds is not None:
                lo, hi = bounds
                if value < lo or value > hi:
                    used = lo if value < lo else hi
                    return used, (f"{label}: {value:g} is outside the range {lo:g} to {hi:g}; "
                                  f"using {used:g}.")
            if isinstance(ctrl.value, int) and not isinstance(value, int):
                if float(value).is_integer():
                    value = int(value)
                else:
                    return round(value), f"{label}: whole numbers only; using {round(value)}."
            return value, ""
        return value, ""

    # ------------------------------------------------------------------ driving

    def set(self, **values) -> "Panel":
        """Set control values as a student would, then update once. Returns the panel."""
        messages = []
        checked = {}
        for key, value in values.items():
            used, msg = self._checked(key, value)
            if msg:
                messages.append(msg)
            if used is not None:
                checked[key] = used
        self._busy = True
        try:
            for key, used in checked.items():
                self.controls[key].value = used
        finally:
            self._busy = False
        self.update(extra_messages=messages)
        return self

    def _on_change(self, change) -> None:
        if self._busy:
            return
        owner = change["owner"]
        key = next((k for k, c in self.controls.items() if c is owner), None)
        messages = []
        if key is not None and key in self.limits:
            used, msg = self._checked(key, change["new"])
            if msg:
                messages.append(msg)
                if used is not None and used != change["new"]:
                    self._busy = True
                    try:
                        owner.value = used
                    finally:
                        self._busy = False
        self.update(extra_messages=messages)

    def update(self, extra_messages=()) -> None:
        """Recompute the model, the readout and the picture for the current values."""
        start = time.perf_counter()
        messages = list(extra_messages)
        params = self.params
        try:
            result = self._compute(**params)
        except ValueError as exc:
            self.error = str(exc)
            messages.append(f"{exc} (The picture shows the last valid settings.)")
            self._show_messages(messages)
            self.last_update_ms = (time.perf_counter() - start) * 1000
            return
        self.result = result
        self.error = ""
        self.readout.value = self._readout(result, params)
        if self.figure is not None and self._draw is not None:
            self._draw(result, params)
            # fast path once the layout is fixed: frozen by the panel, or a figure laid out by hand
            if self._dynamic is not None and (self._frozen or (
                    self.updates > 0 and self.figure.get_layout_engine() is None)):
                self.png = self._fast_png()
            else:
                self.png = fig_to_png(self.figure)
            if self.updates == 0 and self.figure.get_layout_engine() is not None:
                # Freeze the layout found for the first picture: later updates keep the axes
                # exactly where they are (no jumping as tick labels change width).
                self.figure.set_layout_engine("none")
                self._frozen = True
            elif self._frozen and self._overflows(self._bg_reused_artists):
                # New labels no longer fit (e.g. wider tick labels): lay out once more, refreeze.
                self._relayout()
            self.image.value = self.png
        self._show_messages(messages)
        self.updates += 1
        self.last_update_ms = (time.perf_counter() - start) * 1000

    def _overflows(self, only=None) -> bool:
        """True when some text or artist sticks out of the fixed-size picture.

        ``only``: when the static background was reused (it fitted when it was drawn), just these
        dynamic artists are measured, not every tick label of the figure.
        """
        fig = self.figure
        if only is not None:
            try:
                renderer = fig.canvas.get_renderer()
                # artists clipped to their axes cannot stick out; texts and legends can
                boxes = [a.get_window_extent(renderer) for a in only if a.get_visible()
                         and not (a.get_clip_on() and (a.get_clip_box() is not None
                                                       or a.get_clip_path() is not None))]
            except Exception:  # noqa: BLE001
                return False
            W_, H_ = fig.bbox.width, fig.bbox.height
            eps = 0.02 * fig.dpi
            return any(b.x0 < -eps or b.y0 < -eps or b.x1 > W_ + eps or b.y1 > H_ + eps
                       for b in boxes if b.width or b.height)
        try:
            box = fig.get_tightbbox(fig.canvas.get_renderer())
        except Exception:  # noqa: BLE001 - a measuring failure must never break an update
            return False
        w, h = fig.get_size_inches()
        eps = 0.02
        return box.x0 < -eps or box.y0 < -eps or box.x1 > w + eps or box.y1 > h + eps

    def _relayout(self) -> None:
        try:
            self.figure.set_layout_engine("constrained")
        except RuntimeError:  # a colorbar makes the engines incompatible: keep the layout
            return
        self._set_animated(False)
        self.png = fig_to_png(self.figure)
        self.figure.set_layout_engine("none")
        self._background = None
        self._bg_cache.clear()
        self.relayouts += 1

    # ------------------------------------------------------------------ static background

    def _dynamic_artists(self) -> list:
        dyn = self._dynamic() if callable(self._dynamic) else self._dynamic
        return [a for a in (dyn or []) if a is not None]

    def _set_animated(self, flag: bool) -> None:
        for a in self._dynamic_artists():
            a.set_animated(flag)

    def _signature(self) -> tuple:
        """A cheap fingerprint of everything static that an update may legitimately change:
        each axes' position, view limits and tick labels, and every non-dynamic text."""
        from matplotlib.text import Text

        fig = self.figure
        # texts inside a dynamic artist (e.g. a legend's labels) are redrawn anyway
        skip = {id(o) for a in self._dynamic_artists() for o in a.findobj()}
        sig = [tuple(fig.get_size_inches()), fig.dpi]
        for ax in fig.axes:
            sig.append((tuple(ax.get_position().bounds), ax.get_xlim(), ax.get_ylim(),
                        ax.get_visible()))
            for axis in (ax.xaxis, ax.yaxis):
                sig.append(tuple(axis.get_majorticklocs()))
                sig.append(tuple(t.get_text() for t in axis.get_majorticklabels()))
                sig.append(axis.label.get_text())
            sig.append(ax.title.get_text())
            sig.append(tuple((t.get_text(), t.get_visible(), t.get_position())
                             for t in ax.texts if id(t) not in skip))
        sig.append(tuple((t.get_text(), t.get_visible()) for t in fig.findobj(Text, include_self=False)
                         if t.axes is None and id(t) not in skip))
        return tuple(sig)

    def _fast_png(self) -> bytes:
        """Render only the dynamic artists over a cached background, then encode the PNG.

        The background (the figure without the dynamic artists) is re-rendered whenever the
        signature (axes positions, limits, tick labels, static texts) differs from the cached one,
        so a picture never shows stale axes or labels.
        """
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        from .plotting import png_from_canvas

        fig = self.figure
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        dynamic = self._dynamic_artists()
        for a in dynamic:
            a.set_animated(True)
        sig = self._signature()
        self._bg_reused_artists = None
        if (self._background is None or sig != self._bg_signature) and sig in self._bg_cache:
            self._bg_cache.move_to_end(sig)
            self._background, self._bg_signature = self._bg_cache[sig], sig
        if self._background is None or sig != self._bg_signature:
            canvas.draw()                                   # animated artists are skipped
            self._background = canvas.copy_from_bbox(fig.bbox)
            self._bg_signature = self._signature()          # after draw: ticks are final
            self._bg_cache[self._bg_signature] = self._background
            while len(self._bg_cache) > BACKGROUND_CACHE:
                self._bg_cache.popitem(last=False)
            self.background_redraws += 1
        else:
            canvas.restore_region(self._background)
            self._bg_reused_artists = dynamic
        renderer = canvas.get_renderer()
        dyn_ids = set(map(id, dynamic))
        over = []   # spines drawn above a dynamic artist in a full draw: cheap, so redrawn on top
        for ax in {a.axes for a in dynamic if getattr(a, "axes", None) is not None}:
            low = min(a.get_zorder() for a in dynamic if getattr(a, "axes", None) is ax)
            over += [sp for sp in ax.spines.values()
                     if sp.get_visible() and sp.get_zorder() > low and id(sp) not in dyn_ids]
        for a in sorted([*dynamic, *over], key=lambda a: a.get_zorder()):
            if a.get_visible():
                a.draw(renderer)
        return png_from_canvas(canvas)

    def _show_messages(self, messages) -> None:
        self.message = " ".join(messages)
        if messages:
            items = "".join(f"<div>⚠ {html.escape(m)}</div>" for m in messages)
            self._message.value = f"<div style='color:#8a3c00'>{items}</div>"
        else:
            self._message.value = ""

    # ------------------------------------------------------------------ scenarios

    def scenario(self) -> dict:
        """The current parameters and results as a JSON-ready dict."""
        return {
            "format": SCENARIO_FORMAT,
            "version": SCENARIO_VERSION,
            "panel": self.name,
            "title": self.title,
            "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "params": _jsonable({k: c.value for k, c in self.controls.items()}),
            "readout": self.readout_text,
            "results": _jsonable(self.result),
        }

    def export_scenario(self, folder=None) -> tuple[Path, Path]:
        """Write the scenario to new ``.json`` and ``.csv`` files in ``folder``; never overwrites.

        Returns the two paths.
        """
        if self.error:
            raise ScenarioError(f"The current settings are not valid ({self.error}); "
                                "fix them before exporting.")
        folder = Path(folder) if folder is not None else SCENARIO_DIR
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        data = self.scenario()
        table = _as_table(self.result)
        for n in range(1000):
            stem = f"{self.name}-{stamp}" + (f"-{n}" if n else "")
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
                fh.write(f"# scenario {self.name} exported {data['exported']}\n{params_rows}")
                table.to_csv(fh, index=False)
            return jpath, cpath
        raise ScenarioError(f"Could not find a free file name in {folder}.")

    def _on_export(self) -> None:
        try:
            jpath, cpath = self.export_scenario()
        except (OSError, ScenarioError) as exc:
            self._export_label.value = f"<span style='color:#8a3c00'>Export failed: {html.escape(str(exc))}</span>"
            return
        self._export_label.value = f"Saved <code>{html.escape(str(jpath))}</code> and <code>{html.escape(cpath.name)}</code>"

    def load_scenario(self, path) -> "Panel":
        """Apply a scenario saved by :meth:`export_scenario`.

        A corrupt, foreign or out-of-range file raises :class:`ScenarioError`, and the panel is left
        exactly as it was. The file is only parsed as JSON; nothing in it is executed.
        """
        path = Path(path)
        try:
            if path.stat().st_size > _MAX_SCENARIO_BYTES:
                raise ScenarioError(f"{path.name} is too large to be a scenario file.")
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ScenarioError(f"No scenario file at {path}.") from None
        except UnicodeDecodeError:
            raise ScenarioError(f"{path.name} is not a text file; scenario files are JSON.") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ScenarioError(
                f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                "it may be damaged. Export the scenario again."
            ) from None
        if not isinstance(data, dict) or data.get("format") != SCENARIO_FORMAT:
            raise ScenarioError(f"{path.name} is not a scenario file saved by this course.")
        if data.get("version") != SCENARIO_VERSION:
            raise ScenarioError(f"{path.name} has format version {data.get('version')!r}; "
                                f"this course reads version {SCENARIO_VERSION}.")
        if data.get("panel") != self.name:
            raise ScenarioError(f"{path.name} belongs to the panel {data.get('panel')!r}, "
                                f"not to {self.name!r}.")
        params = data.get("params")
        if not isinstance(params, dict):
            raise ScenarioError(f"{path.name} has no parameters.")
        unknown = sorted(set(params) - set(self.controls))
        if unknown:
            raise ScenarioError(f"{path.name} sets unknown parameters: {', '.join(unknown)}.")
        checked = {}
        for key, value in params.items():
            if isinstance(value, list):
                value = tuple(value)
            used, msg = self._checked(key, value)
            if msg:
                raise ScenarioError(f"{path.name}: {msg} Nothing was changed.")
            checked[key] = used
        return self.set(**checked)

    # ------------------------------------------------------------------ display

    def show(self):
        from IPython.display import display

        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
