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

import html
import math
import re
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import ipywidgets as W

from . import scenarios, validate
from .i18n import _
from .plotting import add_source
from .render import FigureRenderer
from .scenarios import ScenarioError
from .text import FONT_STACK, html_text

__all__ = ["Panel", "ScenarioError", "slider", "int_slider", "dropdown", "live_panels"]


# ----------------------------------------------------------------------------- control helpers

_STYLE = {"description_width": "150px"}
_CONTROL_LAYOUT = {"width": "340px"}


def slider(
    description: str,
    value: float,
    min: float,
    max: float,
    step: float,
    readout_format: str = ".2f",
    continuous_update: bool = True,
) -> W.FloatSlider:
    """A float slider in the course style."""
    return W.FloatSlider(
        value=value,
        min=min,
        max=max,
        step=step,
        description=description,
        readout_format=readout_format,
        continuous_update=continuous_update,
        style=_STYLE,
        layout=W.Layout(**_CONTROL_LAYOUT),
    )


def int_slider(
    description: str, value: int, min: int, max: int, step: int = 1, continuous_update: bool = True
) -> W.IntSlider:
    """An integer slider in the course style."""
    return W.IntSlider(
        value=value,
        min=min,
        max=max,
        step=step,
        description=description,
        continuous_update=continuous_update,
        style=_STYLE,
        layout=W.Layout(**_CONTROL_LAYOUT),
    )


def dropdown(description: str, options, value=None) -> W.Dropdown:
    """A dropdown in the course style."""
    kw = {} if value is None else {"value": value}
    return W.Dropdown(
        options=options, description=description, style=_STYLE, layout=W.Layout(**_CONTROL_LAYOUT), **kw
    )


# ----------------------------------------------------------------------------- the panel


def _plain(text: str) -> str:
    text = re.sub(r"<br\s*/?>|</p>|</li>|</div>|</tr>", "\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


# Every Panel created in this process, oldest first, held weakly (benchmarks and tools find the
# panels a notebook built without knowing its factories).
_LIVE: list = []


def live_panels() -> list[Panel]:
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
    fixed:
        Parameters passed to ``compute`` that have no control.
    dynamic:
        Optional list of the artists ``draw`` changes (or a callable returning it). With it,
        everything else is drawn once and reused (see :mod:`utils.render`): ``draw`` may still
        move axis limits, ticks and texts, but any other change to an artist not listed (its
        colour, data or visibility) means it belongs in the list.
    """

    def __init__(
        self,
        *,
        name: str,
        title: str,
        controls: dict[str, W.ValueWidget],
        compute: Callable[..., Any],
        readout: Callable[[Any, dict], str],
        figure=None,
        draw: Callable[[Any, dict], None] | None = None,
        source=None,
        limits: dict[str, tuple[float, float]] | None = None,
        alt: str = "",
        description: str = "",
        fixed: dict[str, Any] | None = None,
        dynamic: Callable[[], list] | list | None = None,
    ):
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
        self.renderer = FigureRenderer(figure, dynamic) if figure is not None else None

        self.readout = W.HTML(layout=W.Layout(min_height="3.2em", width="100%"))
        self.readout.add_class("course-panel-readout")
        self._message = W.HTML(layout=W.Layout(min_height="1.6em", width="100%"))
        self._message.add_class("course-panel-message")
        if figure is not None:
            if source is not None:
                add_source(figure, source)
            w_px = int(figure.get_figwidth() * figure.dpi)
            h_px = int(figure.get_figheight() * figure.dpi)
            self.image = W.Image(
                format="png",
                layout=W.Layout(
                    width=f"{w_px}px", height=f"{h_px}px", max_width="100%", object_fit="contain"
                ),
            )
            self.image.add_class("course-panel-figure")
        else:
            self.image = None
        self.alt = alt
        self._export_button = W.Button(
            description=_("Export scenario"),
            icon="download",
            tooltip=_("Save these settings and results for discussion"),
            style={"font_family": FONT_STACK},  # a Chinese label in a Simplified Chinese font
        )
        self._export_label = W.HTML()
        self._export_button.on_click(lambda _b: self._on_export())

        for ctrl in self.controls.values():
            ctrl.observe(self._on_change, names="value")
        # controls' labels and buttons (toggle buttons have no font setting in ipywidgets) take the
        # course's font stack too, so Chinese draws in a Simplified Chinese font; the rule is the
        # course's own constant, never user text
        header = W.HTML(
            f"<style>.course-panel button, .course-panel label, .course-panel .widget-label "
            f"{{font-family:{FONT_STACK}}}</style>"
            f"<div style='font-family:{FONT_STACK}'><h3 style='margin:0.2em 0;font-family:{FONT_STACK}'>"
            f"{html_text(title)}</h3>" + (f"<div>{description}</div>" if description else "") + "</div>"
        )
        control_box = W.VBox(
            list(self.controls.values()), layout=W.Layout(min_width="350px", flex="0 0 auto")
        )
        right = [self.image] if self.image is not None else []
        body = W.HBox([control_box, *right], layout=W.Layout(flex_flow="row wrap", align_items="flex-start"))
        self.widget = W.VBox(
            [header, body, self.readout, self._message, W.HBox([self._export_button, self._export_label])]
        )
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

    # counters of the renderer, for tests and benchmarks
    relayouts = property(lambda self: self.renderer.relayouts if self.renderer else 0)
    background_redraws = property(lambda self: self.renderer.background_redraws if self.renderer else 0)

    def _bounds(self, key):
        if key in self.limits:
            return self.limits[key]
        ctrl = self.controls[key]
        if isinstance(ctrl, W.FloatLogSlider):  # its min/max are exponents of `base`
            return ctrl.base**ctrl.min, ctrl.base**ctrl.max
        if hasattr(ctrl, "min") and hasattr(ctrl, "max"):
            return ctrl.min, ctrl.max
        return None

    def _checked(self, key, value):
        """Validate one value for control ``key``: returns (value to use, message or '').

        A value that cannot be used gives (None, message); an out-of-range number is clamped,
        with a message. An unknown control name is an :class:`~utils.validate.InputError`.
        """
        if key not in self.controls:
            validate.choice(key, "Panel.set", list(self.controls), what="control of this panel")
        ctrl = self.controls[key]
        label = ctrl.description or key
        if isinstance(ctrl, W.SelectMultiple):
            if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, set, frozenset)):
                return None, (
                    f"{label}: give a list of choices, for example "
                    f"{list(getattr(ctrl, '_options_values', ()))[:2]!r}, "
                    f"not {value!r:.40}."
                )
            value = tuple(value)
            allowed = list(getattr(ctrl, "_options_values", ()))
            bad = [v for v in value if not _in(v, allowed)]
            if bad:
                return None, f"{label}: {', '.join(map(str, bad))[:120]} not among the choices."
            return value, ""
        if hasattr(ctrl, "options"):
            labels_values = list(getattr(ctrl, "_options_values", ()))
            if not _in(value, labels_values):
                opts = ", ".join(map(str, getattr(ctrl, "_options_labels", labels_values)))
                return None, f"{label}: {value!r:.60} is not one of the choices ({opts})."
            return value, ""
        if isinstance(ctrl.value, bool) or isinstance(ctrl, (W.Checkbox, W.ToggleButton)):
            if not isinstance(value, bool):
                return None, f"{label}: expected True or False, got {value!r:.40}."
            return value, ""
        if _is_number(ctrl.value):
            if getattr(value, "ndim", 0):  # an array or Series is not one number (numpy 2.3+ refuses
                return None, f"{label}: {value!r:.40} is not a number."  # it; 2.1 only warned)
            if not _is_number(value):
                try:
                    value = float(value)
                except (TypeError, ValueError, OverflowError):
                    return None, _("{label}: {value} is not a number.").format(
                        label=label, value=f"{value!r:.40}"
                    )
            try:
                as_float = float(value)  # an int too large for a float is infinite here
            except OverflowError:
                as_float = math.inf if value > 0 else -math.inf
            if not isinstance(value, int) or math.isinf(as_float):
                value = as_float
            if isinstance(value, float) and math.isnan(value):
                return None, _("{label}: not a number (NaN); the value was not changed.").format(label=label)
            bounds = self._bounds(key)
            if bounds is not None:
                lo, hi = bounds
                if value < lo or value > hi:
                    used = lo if value < lo else hi
                    return used, _(
                        "{label}: {value} is outside the range {low} to {high}; using {used}."
                    ).format(label=label, value=f"{value:g}", low=f"{lo:g}", high=f"{hi:g}", used=f"{used:g}")
            if isinstance(value, float) and math.isinf(value):
                return None, f"{label}: {value} is not a finite number."
            if isinstance(ctrl.value, int) and not isinstance(value, int):
                if float(value).is_integer():
                    value = int(value)
                else:
                    return round(value), _("{label}: whole numbers only; using {used}.").format(
                        label=label, used=round(value)
                    )
            return value, ""
        return value, ""

    # ------------------------------------------------------------------ driving

    def set(self, **values) -> Panel:
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
            messages.append(_("{error} (The picture shows the last valid settings.)").format(error=exc))
            self._show_messages(messages)
            self.last_update_ms = (time.perf_counter() - start) * 1000
            return
        self.result = result
        self.error = ""
        self.readout.value = f"<div style='font-family:{FONT_STACK}'>{self._readout(result, params)}</div>"
        if self.renderer is not None and self._draw is not None:
            self._draw(result, params)
            self.png = self.renderer.render()
            self.image.value = self.png
        self._show_messages(messages)
        self.updates += 1
        self.last_update_ms = (time.perf_counter() - start) * 1000

    def _show_messages(self, messages) -> None:
        self.message = " ".join(messages)
        if messages:
            items = "".join(f"<div>⚠ {html_text(m)}</div>" for m in messages)
            self._message.value = f"<div style='color:#8a3c00;font-family:{FONT_STACK}'>{items}</div>"
        else:
            self._message.value = ""

    # ------------------------------------------------------------------ scenarios

    def scenario(self) -> dict:
        """The current parameters and results as a JSON-ready dict."""
        return scenarios.scenario(self)

    def export_scenario(self, folder=None) -> tuple[Path, Path]:
        """Write the scenario to new ``.json`` and ``.csv`` files in ``folder`` (default:
        :func:`utils.scenarios.scenario_dir`); never overwrites. Returns the two paths."""
        return scenarios.export(self, folder)

    def _on_export(self) -> None:
        try:
            jpath, cpath = self.export_scenario()
        except (OSError, ScenarioError) as exc:
            self._export_label.value = (
                "<span style='color:#8a3c00'>"
                + _("Export failed: {error}").format(error=html_text(str(exc)))
                + "</span>"
            )
            return
        self._export_label.value = _("Saved <code>{json}</code> and <code>{csv}</code>").format(
            json=html_text(str(jpath)), csv=html_text(cpath.name)
        )

    def load_scenario(self, path) -> Panel:
        """Apply a scenario saved by :meth:`export_scenario`.

        A corrupt, foreign or out-of-range file raises :class:`ScenarioError`, and the panel is
        left exactly as it was. The file is only parsed as JSON; nothing in it is executed.
        """
        return self.set(**scenarios.load(self, path))

    # ------------------------------------------------------------------ display

    def show(self):
        from IPython.display import display

        display(self.widget)

    def _repr_mimebundle_(self, **kwargs):
        return widget_bundle(self.widget, **kwargs)


def widget_bundle(widget, **kwargs) -> dict:
    """The display bundle of a widget, with ipywidgets 8 (``_repr_mimebundle_``) or 7 (which
    only had ``_ipython_display_``; its view is the same widget-view JSON)."""
    if hasattr(widget, "_repr_mimebundle_"):
        return widget._repr_mimebundle_(**kwargs)
    return {
        "text/plain": repr(widget),
        "application/vnd.jupyter.widget-view+json": {
            "version_major": 2,
            "version_minor": 0,
            "model_id": widget.model_id,
        },
    }


def _in(value, options) -> bool:
    """``value in options`` that never raises (an unhashable or odd value is simply not in)."""
    try:
        return any(bool(value == o) for o in options)
    except Exception:  # noqa: BLE001 - comparing with a strange object (an array, say)
        return False
