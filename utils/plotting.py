"""The course's house style: one call sets it, every chart names its source.

* :func:`setup` applies the seaborn theme, a colour-blind-safe palette, projector-readable sizes
  and a font list with a bundled Chinese (CJK) font as fallback, so Chinese labels render as
  characters, not empty boxes. It is also the one place where known, harmless library deprecation
  warnings are filtered.
* :func:`color_for` gives the same colour to the same company, country or vendor in every notebook.
* :func:`add_source` writes a "Source: …" line under a figure, taken from a table's provenance.
* :func:`show` displays a static figure as a PNG with alt text (for screen readers) and its source.
"""

from __future__ import annotations

import base64
import io
import logging
import textwrap
import warnings
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib import font_manager

from .i18n import _
from .text import html_text

__all__ = [
    "PALETTE",
    "COLORS",
    "FONT_FAMILY",
    "setup",
    "color_for",
    "add_source",
    "fig_to_png",
    "show",
    "new_figure",
]

FONT_DIR = Path(__file__).resolve().parent / "fonts"
CJK_FONT_FILE = FONT_DIR / "NotoSansSC-Regular-subset.otf"
CJK_FONT_NAME = "Noto Sans SC"
#: Latin text in DejaVu Sans (ships with matplotlib); Chinese characters fall back to Noto Sans SC.
FONT_FAMILY = ["DejaVu Sans", CJK_FONT_NAME]

#: Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008), black last.
PALETTE = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
]

_GREY = "#7F7F7F"

#: Fixed colours: the same actor looks the same in every notebook.
COLORS = {
    # countries / blocs
    "United States": PALETTE[0],
    "US": PALETTE[0],
    "China": PALETTE[3],
    "China (including Hong Kong)": PALETTE[3],
    "Greater China": PALETTE[3],
    "Taiwan": PALETTE[2],
    "Singapore": PALETTE[4],
    "Europe": PALETTE[5],
    "Other": _GREY,
    "Other countries": _GREY,
    # actor groups of the timeline
    "US government": PALETTE[0],
    "Chinese government": PALETTE[3],
    "Chinese companies": PALETTE[1],
    "Other companies": PALETTE[4],
    "Markets": PALETTE[7],
    # companies and vendors
    "Nvidia": PALETTE[2],  # not Nvidia's own green, which is not colour-blind safe beside red
    "NVIDIA": PALETTE[2],
    "AMD": PALETTE[3],
    "Intel": PALETTE[0],
    "Huawei": PALETTE[7],
    "Cambricon": PALETTE[4],
    "Biren": PALETTE[1],
    "Apple": PALETTE[5],
    "Qualcomm": PALETTE[1],
    "Tesla": PALETTE[6],
    "ASML": PALETTE[0],
    "DeepSeek": PALETTE[4],
    "OpenAI": PALETTE[7],
    "Microsoft": PALETTE[0],
    "Alphabet": PALETTE[1],
    "Amazon": PALETTE[3],
    "Meta": PALETTE[5],
    # Nvidia platforms
    "Data Center": PALETTE[2],
    "Gaming": PALETTE[1],
    "Professional Visualization": PALETTE[5],
    "Automotive": PALETTE[4],
    "OEM and Other": _GREY,
    "All other platforms (combined)": "#BBBBBB",
}

_registered = False


def _register_font() -> None:
    global _registered
    if _registered:
        return
    if CJK_FONT_FILE.is_file():
        font_manager.fontManager.addfont(str(CJK_FONT_FILE))
    _registered = True


def _filter_library_warnings() -> None:
    """The one place where known, harmless third-party warnings are silenced.

    Each filter names the message it silences and why; anything else still shows (and the
    notebook tests fail on it).
    """
    # seaborn 0.13.2 passes `vert=` to matplotlib's boxplot, deprecated in matplotlib 3.10/3.11.
    warnings.filterwarnings(
        "ignore", message=r".*vert: bool will be deprecated.*", category=PendingDeprecationWarning
    )
    warnings.filterwarnings("ignore", message=r".*The 'vert' parameter of boxplot\(\) has been deprecated.*")
    # seaborn 0.13.2 groupby(observed=False) default warning under pandas >= 2.1 categorical data.
    warnings.filterwarnings("ignore", message=r".*observed=False is deprecated.*", module="seaborn")
    warnings.filterwarnings("ignore", message=r".*use_inf_as_na option is deprecated.*", module="seaborn")


class _NoBoldCJKWarning(logging.Filter):
    """The bundled CJK font has one weight; bold Chinese text is drawn in it. Matplotlib logs
    'findfont: Failed to find font weight bold for Noto Sans SC' each time: drop that line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return CJK_FONT_NAME not in record.getMessage()


def setup(context: str = "notebook", font_scale: float = 1.15) -> None:
    """Apply the course style. Call once at the top of every notebook."""
    import seaborn as sns

    _register_font()
    _filter_library_warnings()
    fm_logger = logging.getLogger("matplotlib.font_manager")
    if not any(isinstance(f, _NoBoldCJKWarning) for f in fm_logger.filters):
        fm_logger.addFilter(_NoBoldCJKWarning())
    sns.set_theme(context=context, style="whitegrid", palette=PALETTE, font_scale=font_scale)
    plt.rcParams.update(
        {
            # A list of families gives per-glyph fallback: Latin from DejaVu Sans, Chinese from
            # the bundled Noto Sans SC subset.
            "font.family": FONT_FAMILY,
            "axes.unicode_minus": False,
            "figure.figsize": (8.0, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "savefig.bbox": "tight",
            "lines.linewidth": 2.0,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": "medium",
            "legend.frameon": False,
        }
    )


def color_for(name: str, default: str | None = None) -> str:
    """The course colour of a company, country, vendor or Nvidia platform (grey if unknown)."""
    if name in COLORS:
        return COLORS[name]
    low = {k.lower(): v for k, v in COLORS.items()}
    return low.get(str(name).lower(), default or _GREY)


def _source_text(source) -> str:
    if source is None:
        return ""
    if isinstance(source, str):
        if source.lower().startswith("source") or source.startswith("来源"):
            return source
        return _("Source: {source}").format(source=source)
    from . import data

    return data.source_line(source)


def add_source(fig, source, *, fontsize: float = 9.0):
    """Write a "Source: …" line under the figure (text or a DataFrame from :func:`utils.data.load`).

    Returns the Text artist, so a widget can update it in place with ``set_text``.
    """
    # wrap to the figure's width (about 13 characters per inch at 9 pt), so a long list of
    # sources never widens the picture
    text = textwrap.fill(_source_text(source), width=max(40, int(fig.get_figwidth() * 13)))
    existing = getattr(fig, "_course_source_text", None)
    if existing is not None:
        existing.set_text(text)
        return existing
    # supxlabel takes part in constrained layout, so the line never overlaps the axis labels.
    artist = fig.supxlabel(text, x=0.01, ha="left", fontsize=fontsize, color="#444444")
    fig._course_source_text = artist
    engine = fig.get_layout_engine()
    if engine is None:
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, 0.2))
    return artist


def new_figure(width: float = 8.0, height: float = 4.5, *, nrows: int = 1, ncols: int = 1, **kwargs):
    """A figure not managed by pyplot (so it is never auto-displayed twice), constrained layout.

    Returns ``(fig, axes)``. A :class:`utils.widgets.Panel` freezes the layout after its first
    drawing, so later updates never shift the axes.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout=kwargs.pop("layout", "constrained"))
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def fig_to_png(fig, dpi: int | None = None) -> bytes:
    """Render a figure to PNG bytes at its own size (no tight bbox, so widgets do not jump).

    Fast path for widgets: one Agg draw straight into a buffer and a light PNG compression,
    instead of ``savefig`` (which, with a tight bbox, draws the figure twice).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if dpi is not None and dpi != fig.dpi:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches=None)
        return buf.getvalue()
    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    canvas.draw()
    return png_from_canvas(canvas)


def png_from_canvas(canvas) -> bytes:
    """Encode what an Agg canvas holds now (no drawing) as PNG bytes, with light compression."""
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=1)
    return buf.getvalue()


def tight_png(fig, dpi: int = 100, pad_inches: float = 0.1) -> tuple[bytes, int]:
    """The figure as PNG bytes cropped to its contents (what ``savefig(bbox_inches="tight")``
    gives), and the picture's width in pixels.

    One draw instead of savefig's two: the figure is drawn once and the buffer cropped to the
    tight box. Only when something sticks out of the figure (the box is larger than the figure)
    does it fall back to savefig, which enlarges the canvas.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if fig.dpi != dpi:
        fig.set_dpi(dpi)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    box = fig.get_tightbbox(canvas.get_renderer())
    w, h = fig.get_size_inches()
    eps = 0.5 / dpi
    if box.x0 < -eps or box.y0 < -eps or box.x1 > w + eps or box.y1 > h + eps:
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", pad_inches=pad_inches)
        return buf.getvalue(), int(round((box.width + 2 * pad_inches) * dpi))
    from PIL import Image

    width, height = canvas.get_width_height(physical=True)
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    # image rows run top to bottom, figure coordinates bottom to top; the padding is white, as
    # savefig's, also where it lies outside the figure
    left, right = int(box.x0 * dpi), int(round(box.x1 * dpi))
    top, bottom = int(round((h - box.y1) * dpi)), int(round((h - box.y0) * dpi))
    pad = int(round(pad_inches * dpi))
    left, top = max(left, 0), max(top, 0)
    right, bottom = min(right, width), min(bottom, height)
    face = tuple(int(round(255 * c)) for c in fig.get_facecolor())
    out_img = Image.new("RGBA", (right - left + 2 * pad, bottom - top + 2 * pad), face)
    out_img.paste(image.crop((left, top, right, bottom)), (pad, pad))
    out = io.BytesIO()
    out_img.save(out, format="png", compress_level=1)
    return out.getvalue(), out_img.width


class _AltImage:
    """A PNG with alt text, shown by Jupyter as an <img> (and as text in plain consoles)."""

    def __init__(self, png: bytes, alt: str, width: int):
        self.png, self.alt, self.width = png, alt, width

    def _repr_html_(self) -> str:
        b64 = base64.b64encode(self.png).decode("ascii")
        alt = html_text(self.alt)
        return (
            f'<img src="data:image/png;base64,{b64}" alt="{alt}" title="{alt}" '
            f'style="max-width:100%;width:{self.width}px"/>'
        )

    def __repr__(self) -> str:
        return f"[figure: {self.alt}]"


def show(fig, *, alt: str, source=None, dpi: int = 100):
    """Display a static figure with alt text and (optionally) its source line, then close it.

    ``alt`` is required: one sentence saying what the chart shows, for students who cannot see it.
    """
    if not alt or not str(alt).strip():
        raise ValueError("show() needs alt text: one sentence saying what the chart shows.")
    if source is not None:
        add_source(fig, source)
    png, width = tight_png(fig, dpi)
    plt.close(fig)
    from IPython.display import display

    display(_AltImage(png, str(alt), width))
    # returns None, so a show() call at the end of a cell does not display the image twice
