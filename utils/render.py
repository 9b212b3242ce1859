"""Turning a panel's figure into a PNG, fast: the machinery behind :class:`utils.widgets.Panel`.

A panel author never calls this directly. The contract is one sentence: *tell the panel which
artists your ``draw`` function changes* (``dynamic=``); everything else may change only through
axis limits, ticks and text, and the renderer notices those by itself.

:class:`FigureRenderer` does three things, in this order, on every :meth:`~FigureRenderer.render`:

1. **Layout once.** The first picture is laid out by the figure's layout engine (constrained,
   tight); the layout is then frozen so that later pictures keep the axes where they are (no
   jumping as tick labels change width).
2. **Static background.** With ``dynamic`` artists, everything else is rendered once into a
   cached background (a few, keyed by a cheap signature of axes positions, limits, ticks and
   texts, least recently used dropped first); an update restores it and draws only the dynamic
   artists on top. A changed signature re-renders the background, so a picture never shows
   stale axes.
3. **Relayout when needed.** If a text now sticks out of the picture, the figure is laid out
   once more and frozen again.

:func:`stepped_top` rounds an axis top to coarse steps so that most slider moves keep the axis,
and with it the cached background.
"""

from __future__ import annotations

import collections
import math
from collections.abc import Callable

from .plotting import fig_to_png, png_from_canvas

__all__ = ["FigureRenderer", "stepped_top", "BACKGROUND_CACHE"]

#: How many static backgrounds a renderer keeps (each is one RGBA buffer of the figure).
BACKGROUND_CACHE = 6


def stepped_top(
    value: float, headroom: float = 1.0, current: float | None = None, slack: float = 1.6
) -> float:
    """An axis top for ``value * headroom`` rounded up to a coarse step (1, 1.5, 2, 2.5, 3, 4, 5,
    6, 8 × a power of ten), so most slider moves keep the axis and the cached background.

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


class FigureRenderer:
    """PNG pictures of one figure, updated in place between calls.

    ``dynamic``: the artists that change between pictures (a list, or a callable returning one),
    or None to render the whole figure every time. Counters for tests and benchmarks:
    ``renders``, ``background_redraws`` (backgrounds rendered anew) and ``relayouts``.
    """

    def __init__(
        self, figure, dynamic: Callable[[], list] | list | None = None, cache_size: int = BACKGROUND_CACHE
    ):
        self.figure = figure
        self._dynamic = dynamic
        self.cache_size = cache_size
        self.renders = 0
        self.relayouts = 0
        self.background_redraws = 0
        self._frozen = False
        self._background = None
        self._signature_now = None
        self._cache: collections.OrderedDict[tuple, object] = collections.OrderedDict()
        self._reused = None  # the dynamic artists drawn over a reused background, if it was reused

    # ------------------------------------------------------------------ the one entry point

    def render(self) -> bytes:
        """The figure as it is now, as PNG bytes (call after ``draw`` changed the artists)."""
        fig = self.figure
        if self._dynamic is not None and (
            self._frozen or (self.renders > 0 and fig.get_layout_engine() is None)
        ):
            png = self._fast_png()  # once the layout is fixed: frozen here, or laid out by hand
        else:
            png = fig_to_png(fig)
        if self.renders == 0 and fig.get_layout_engine() is not None:
            fig.set_layout_engine("none")  # freeze the layout of the first picture
            self._frozen = True
        elif self._frozen and self._overflows(self._reused):
            png = self._relayout()
        self.renders += 1
        return png

    @property
    def has_static_background(self) -> bool:
        """True when only the dynamic artists are redrawn between pictures."""
        return self._dynamic is not None

    def full_png(self) -> bytes:
        """The whole figure drawn from scratch, as the fast path should reproduce it (for tests:
        the fast picture and this one must match pixel for pixel, anti-aliasing aside)."""
        self._set_animated(False)
        try:
            return fig_to_png(self.figure)
        finally:
            if self._frozen or self.renders:
                self._set_animated(True)

    # ------------------------------------------------------------------ layout

    def _overflows(self, only=None) -> bool:
        """True when some text or artist sticks out of the fixed-size picture.

        ``only``: when the static background was reused (it fitted when it was drawn), just these
        dynamic artists are measured, not every tick label of the figure.
        """
        fig = self.figure
        try:
            renderer = fig.canvas.get_renderer()
            if only is not None:
                # artists clipped to their axes cannot stick out; texts and legends can
                boxes = [
                    a.get_window_extent(renderer)
                    for a in only
                    if a.get_visible()
                    and not (
                        a.get_clip_on() and (a.get_clip_box() is not None or a.get_clip_path() is not None)
                    )
                ]
                w, h, eps = fig.bbox.width, fig.bbox.height, 0.02 * fig.dpi
                return any(
                    b.x0 < -eps or b.y0 < -eps or b.x1 > w + eps or b.y1 > h + eps
                    for b in boxes
                    if b.width or b.height
                )
            box = fig.get_tightbbox(renderer)
        except Exception:  # noqa: BLE001 - a measuring failure must never break an update
            return False
        w, h = fig.get_size_inches()
        eps = 0.02
        return box.x0 < -eps or box.y0 < -eps or box.x1 > w + eps or box.y1 > h + eps

    def _relayout(self) -> bytes:
        fig = self.figure
        try:
            fig.set_layout_engine("constrained")
        except RuntimeError:  # a colorbar makes the engines incompatible: keep the layout
            return fig_to_png(fig)
        self._set_animated(False)
        png = fig_to_png(fig)
        fig.set_layout_engine("none")
        self._background = None
        self._cache.clear()
        self.relayouts += 1
        return png

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
            sig.append((tuple(ax.get_position().bounds), ax.get_xlim(), ax.get_ylim(), ax.get_visible()))
            for axis in (ax.xaxis, ax.yaxis):
                sig.append(tuple(axis.get_majorticklocs()))
                sig.append(tuple(t.get_text() for t in axis.get_majorticklabels()))
                sig.append(axis.label.get_text())
            sig.append(ax.title.get_text())
            sig.append(
                tuple(
                    (t.get_text(), t.get_visible(), t.get_position()) for t in ax.texts if id(t) not in skip
                )
            )
        sig.append(
            tuple(
                (t.get_text(), t.get_visible())
                for t in fig.findobj(Text, include_self=False)
                if t.axes is None and id(t) not in skip
            )
        )
        return tuple(sig)

    def _fast_png(self) -> bytes:
        """Render only the dynamic artists over a cached background, then encode the PNG."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        fig = self.figure
        canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
        dynamic = self._dynamic_artists()
        for a in dynamic:
            a.set_animated(True)
        sig = self._signature()
        self._reused = None
        if (self._background is None or sig != self._signature_now) and sig in self._cache:
            self._cache.move_to_end(sig)
            self._background, self._signature_now = self._cache[sig], sig
        if self._background is None or sig != self._signature_now:
            canvas.draw()  # animated artists are skipped
            self._background = canvas.copy_from_bbox(fig.bbox)
            self._signature_now = self._signature()  # after draw: ticks are final
            self._cache[self._signature_now] = self._background
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
            self.background_redraws += 1
        else:
            canvas.restore_region(self._background)
            self._reused = dynamic
        renderer = canvas.get_renderer()
        dyn_ids = set(map(id, dynamic))
        over = []  # spines drawn above a dynamic artist in a full draw: cheap, so redrawn on top
        for ax in {a.axes for a in dynamic if getattr(a, "axes", None) is not None}:
            low = min(a.get_zorder() for a in dynamic if getattr(a, "axes", None) is ax)
            over += [
                sp
                for sp in ax.spines.values()
                if sp.get_visible() and sp.get_zorder() > low and id(sp) not in dyn_ids
            ]
        for a in sorted([*dynamic, *over], key=lambda a: a.get_zorder()):
            if a.get_visible():
                a.draw(renderer)
        return png_from_canvas(canvas)
