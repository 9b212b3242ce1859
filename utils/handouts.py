"""Printable handouts: one A4 sheet (two pages at most) per notebook, printed to PDF by Chromium.

Each handout holds the notebook's question, its key formulas written out properly, each with a
worked example **computed from the course tables** (and its source line), two or three of the
notebook's own figures (drawn by the topic's panel and figure code, at the notebook's defaults),
the key terms with their Chinese equivalents (from ``data/glossary.csv`` through
:mod:`utils.glossary`) and the discussion questions, **read from the notebook itself** so the
handout never drifts from the lesson::

    python -m utils.handouts build [OUT_DIR]     # build/handouts/NN_<topic>.pdf (and .html),
                                                 # and the Chinese ones in build/handouts/zh/
    python -m utils.handouts html 01 [OUT_DIR] [--zh]  # one handout's HTML only (no browser)

The Chinese handouts (``build(lang="zh")``) come from the same code: every text is an
:mod:`utils.i18n` template, and the title and discussion questions are read from the Chinese
notebook ``notebooks/zh/NN_<topic>.ipynb``.

``make handouts`` runs the first. The PDFs are printed by headless Chromium (Debian's
``/usr/bin/chromium`` through playwright-python, as the browser tests do; ``$COURSE_CHROMIUM``
names another); one browser prints every handout. Chinese text needs a CJK font (Debian's
``fonts-noto-cjk``); ``tests/browser/test_handouts.py`` checks the PDFs' pages, sections and
glyphs.

Every formula states the course function it describes and checks itself against it when the
handout is built (:meth:`Formula.example` is computed by the function; ``check`` recomputes it
from the written formula): if a model's convention changes, the build fails instead of printing
a stale formula.
"""

from __future__ import annotations

import html
import io
import math
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import ROOT, data, glossary, i18n, nbtools
from .course import TOPICS, topic
from .i18n import N_, _, fmt_money

__all__ = [
    "Formula",
    "Figure",
    "Handout",
    "HandoutError",
    "SECTIONS",
    "discussion_questions",
    "notebook_title",
    "key_terms",
    "handout",
    "render_html",
    "build",
    "OUT_DIR",
    "CSS",
]

OUT_DIR = ROOT / "build" / "handouts"
CSS = ROOT / "present" / "handout.css"
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
#: The section headings every handout prints, in order (the test looks for each in the PDF).
#: English (the source language); shown through ``_()`` in the current language.
SECTIONS = (
    N_("The question"),
    N_("Key formulas"),
    N_("Figures"),
    N_("Key terms · 术语"),
    N_("Discussion questions"),
)
MAX_TERMS = 10


class HandoutError(ValueError):
    """A handout cannot be built as the course promises (no discussion questions found, a
    formula that no longer matches its function, a browser that cannot print)."""


# ----------------------------------------------------------------------------- the notebook's text


def _read(nb_or_path) -> nbformat.NotebookNode:
    if isinstance(nb_or_path, (str, Path)):
        return nbformat.read(Path(nb_or_path), as_version=4)
    return nb_or_path


def notebook_title(nb_or_path) -> str:
    """The notebook's ``#`` title, without its number (``"Export controls: the rules as code…"``)."""
    nb = _read(nb_or_path)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            m = re.search(r"^#\s+(.+?)\s*$", cell.source, flags=re.M)
            if m:
                return re.sub(r"^\d\d\s*·\s*", "", m.group(1)).strip()
    return ""


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^(?:[*+-]|\d+[.)])\s+(.*)$")
_BOLD_LEAD = re.compile(r"^\*\*((?:Discuss|讨论)[^*]*)\*\*\s*(.*)$", re.I | re.S)


def _blocks(lines: list[str]) -> list[tuple[str, str]]:
    """Markdown lines as blocks: ("item", text) for a list item (with its continuation lines),
    ("para", text) for a paragraph, ("heading", text)."""
    out: list[tuple[str, str]] = []
    kind, buf = None, []

    def flush():
        nonlocal kind, buf
        if kind and buf:
            out.append((kind, " ".join(s.strip() for s in buf).strip()))
        kind, buf = None, []

    for line in lines:
        if not line.strip():
            flush()
            continue
        h = _HEADING.match(line)
        if h:
            flush()
            out.append(("heading", h.group(2)))
            continue
        m = _ITEM.match(line) if not line.startswith((" ", "\t")) else None
        if m:
            flush()
            kind, buf = "item", [m.group(1)]
        elif kind == "item" and line.startswith((" ", "\t")):
            buf.append(line)
        elif kind is None:
            kind, buf = "para", [line]
        else:
            buf.append(line)
    flush()
    return out


def discussion_questions(nb_or_path) -> list[str]:
    """The notebook's discussion questions, as Markdown strings, in the notebook's order.

    Found two ways, whatever the section is called in a notebook:

    * under a heading whose text contains "Discussion" (``## Discussion questions``,
      ``## 8. Discussion``, ``### Discussion``): its list items, up to the next heading (or, if
      it has no list, its paragraphs);
    * a paragraph that opens with a bold "Discuss…" lead (``**Discuss.**``,
      ``**Discussion (pause here in class).**``): the list that follows it in the same cell, or
      else the paragraph's own text after the lead.
    """
    nb = _read(nb_or_path)
    found: list[str] = []
    in_section = False
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        blocks = _blocks(cell.source.splitlines())
        after_lead = False
        for kind, text in blocks:
            if kind == "heading":
                in_section = "discussion" in text.lower() or "讨论" in text
                after_lead = False
                continue
            lead = _BOLD_LEAD.match(text) if kind == "para" else None
            if lead:
                after_lead = True
                rest = lead.group(2).strip()
                if rest:
                    found.append(rest)
                    after_lead = False  # a paragraph question; a list after it is not its own
                continue
            if in_section and kind == "item":
                found.append(text)
            elif after_lead and kind == "item":
                found.append(text)
            elif in_section and kind == "para" and not any(k == "item" for k, _ in blocks):
                found.append(text)
            else:
                after_lead = after_lead and kind == "item"
    out: list[str] = []
    for q in found:
        if q not in out:
            out.append(q)
    return out


_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_MD_CODE = re.compile(r"`([^`]+)`")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
_MD_ITAL = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")


def inline_markdown(text: str) -> str:
    """One line of the course's Markdown (links, ``code``, **bold**, *italic*) as safe HTML:
    everything is escaped first, so no HTML in a cell reaches the page."""
    s = html.escape(text, quote=False)
    s = _MD_LINK.sub(lambda m: m.group(1), s)
    s = _MD_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", s)
    s = _MD_BOLD.sub(lambda m: f"<b>{m.group(1)}</b>", s)
    s = _MD_ITAL.sub(lambda m: f"<i>{m.group(1)}</i>", s)
    s = re.sub(r"\$([^$]+)\$", lambda m: m.group(1), s)  # inline maths as its text
    return s


def plain_text(text: str) -> str:
    """The words of a Markdown line (what the PDF's text layer should contain)."""
    return re.sub(r"<[^>]+>", "", html.unescape(inline_markdown(text)))


def key_terms(nb_or_path, number: str, limit: int = MAX_TERMS) -> list[glossary.Term]:
    """The glossary terms of a notebook: those its Markdown links to (in order of first link),
    then those whose first appearance the glossary records in it; at most ``limit``."""
    nb = _read(nb_or_path)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    by_anchor = {t.anchor: t for t in glossary.terms()}
    out: list[glossary.Term] = []
    for anchor in re.findall(r"glossary\.md#([\w-]+)", md):
        t = by_anchor.get(anchor)
        if t and t not in out:
            out.append(t)
    for t in by_anchor.values():
        if t.first_notebook == number and t not in out:
            out.append(t)
    return out[:limit]


# ----------------------------------------------------------------------------- formulas (MathML)


def first_sentence(text: str) -> str:
    """The first sentence of a glossary definition (the handout's space is short)."""
    m = re.match(r"(.+?[.!?])(\s+[A-Z(]|$)", text.strip(), flags=re.S) or re.match(
        r"(.+?[。！？])(.|$)", text.strip(), flags=re.S
    )
    return m.group(1) if m else text.strip()


def _e(s) -> str:
    return html.escape(str(s), quote=False)


def mi(x: str) -> str:
    return f"<mi>{_e(x)}</mi>"


def mn(x) -> str:
    return f"<mn>{_e(x)}</mn>"


def mo(x: str) -> str:
    return f"<mo>{_e(x)}</mo>"


def mt(x: str) -> str:
    return f"<mtext>{_e(x)}</mtext>"


def row(*xs: str) -> str:
    return "<mrow>" + "".join(xs) + "</mrow>"


def frac(a: str, b: str) -> str:
    return f"<mfrac>{a}{b}</mfrac>"


def sup(a: str, b: str) -> str:
    return f"<msup>{a}{b}</msup>"


def sub(a: str, b: str) -> str:
    return f"<msub>{a}{b}</msub>"


def under(a: str, b: str) -> str:
    return f"<munder>{a}{b}</munder>"


def paren(*xs: str) -> str:
    return row(mo("("), *xs, mo(")"))


def mspace(width: str = "0.6em") -> str:
    return f'<mspace width="{width}"></mspace>'


def mblock(*xs: str) -> str:
    return '<math display="block">' + row(*xs) + "</math>"


@dataclass
class Formula:
    """One key formula: its name, the formula (MathML), what the symbols are, and a worked
    example computed by the course function (``function`` names it) from the tables."""

    name: str
    mathml: str
    where: str
    function: str
    example: str
    source: str
    check: Callable[[], tuple[float, float]] | None = None  # (by the written formula, by the function)
    wide: bool = False  # spans both columns of the formula box

    def verify(self) -> None:
        if self.check is None:
            return
        written, course = self.check()
        if not math.isclose(written, course, rel_tol=1e-9, abs_tol=1e-12):
            raise HandoutError(
                f"The handout's formula for {self.name!r} gives {written!r}, but {self.function} "
                f"gives {course!r}: update the formula in utils/handouts.py to the model's convention."
            )


@dataclass
class Figure:
    """A figure as SVG (drawn by the course's own code) with its caption and alt text."""

    svg: str
    caption: str
    alt: str
    source: str = ""  # a panel's picture carries its own source line; a plain figure's goes here


@dataclass
class Handout:
    number: str
    name: str
    title: str
    question: str
    formulas: list[Formula]
    figures: list[Figure]
    terms: list[glossary.Term]
    discussion: list[str]
    notes: list[str] = field(default_factory=list)

    @property
    def stem(self) -> str:
        return topic(self.number).notebook.stem

    def plain_texts(self) -> dict[str, list[str]]:
        """What the PDF's text must contain, by section (for the tests)."""
        return {
            "question": [self.question],
            "formulas": [f.name for f in self.formulas],
            "examples": [f.example for f in self.formulas],
            "terms_zh": [t.zh for t in self.terms],
            "terms_en": [t.en for t in self.terms],
            "discussion": [plain_text(q) for q in self.discussion],
        }


def _fmt(x: float, digits: int = 0) -> str:
    return f"{x:,.{digits}f}".replace("-", "−")


def _g(x: float) -> str:
    """A parameter as printed: shortest form, with a real minus sign."""
    return f"{x:g}".replace("-", "−")


def _sci(x: float, digits: int = 2) -> str:
    """3.29 × 10²⁴ (for the text layer: the superscript digits are real characters)."""
    exp = int(math.floor(math.log10(abs(x))))
    sup_digits = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
    return f"{x / 10**exp:.{digits}f} × 10{str(exp).translate(sup_digits)}"


def _bn(usd_m: float) -> str:
    """US dollars given in millions, in billions: "$17.1bn" (English); see :func:`_bn1`."""
    return _bn1(usd_m / 1000)


def _bn1(usd_bn: float) -> str:
    """US dollars given in billions, as printed: "$17.1bn" (English); in Chinese as a Chinese
    reader expects, "171亿美元" (:func:`utils.i18n.fmt_money`), rounded as the English is so
    that both sheets add up alike."""
    return fmt_money(round(usd_bn, 1) * 1000) if i18n.language() == "zh" else f"${usd_bn:,.1f}bn"


def _src(*frames) -> str:
    return data.short_source(*frames, max_chars=200)


# ----------------------------------------------------------------------------- figures


def _svg(fig) -> str:
    from .plotting import setup

    setup()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.05)
    svg = buf.getvalue()
    svg = svg[svg.find("<svg") :]  # drop the XML prolog and doctype: the SVG sits inside HTML
    return re.sub(r'\s(width|height)="[^"]*"', "", svg, count=2)  # scale with the page


def _panel_figure(panel, caption: str) -> Figure:
    import matplotlib.pyplot as plt

    fig = _svg(panel.figure)
    alt = getattr(panel, "alt", "") or caption
    plt.close(panel.figure)
    return Figure(fig, caption, alt if isinstance(alt, str) else caption)


def _plain_figure(fig, caption: str, alt: str, source: str) -> Figure:
    import matplotlib.pyplot as plt

    svg = _svg(fig)
    plt.close(fig)
    return Figure(svg, caption, alt, source)


# ----------------------------------------------------------------------------- one builder per notebook


def _h00() -> tuple[str, list[Formula], list[Callable[[], Figure]]]:
    from . import start_here
    from .start_here import panels

    revenue = data.load("nvidia_revenue")
    shares = start_here.china_share_by_year(revenue).set_index("fiscal_year")
    last = int(shares.index.max())
    r, p = shares.loc[last], shares.loc[last - 1]
    rows = revenue[
        revenue["fiscal_year"].isin([last - 1, last])
        & revenue["category"].isin(["China (including Hong Kong)", "Total"])
    ]
    growth = r["revenue_usd_m"] / p["revenue_usd_m"] - 1
    formulas = [
        Formula(
            _("China's share of revenue"),
            mblock(
                mt(_("China share")),
                mo("="),
                frac(mt(_("revenue billed to China (incl. Hong Kong)")), mt(_("total revenue"))),
            ),
            _(
                "Nvidia's 10-K assigns revenue to the customer's billing location, not to where chips are used."
            ),
            "start_here.china_share_by_year",
            _("Fiscal {year}: {china} ÷ {total} = {share}.").format(
                year=last,
                china=_bn(r["revenue_usd_m"]),
                total=_bn(r["revenue_usd_m_total"]),
                share=f"{r['share']:.1%}",
            ),
            _src(rows),
            lambda: (r["revenue_usd_m"] / r["revenue_usd_m_total"], r["share"]),
        ),
        Formula(
            _("Growth from one year to the next"),
            mblock(
                mt(_("growth")),
                mo("="),
                frac(sub(mi("x"), mi("t")), sub(mi("x"), row(mi("t"), mo("−"), mn(1)))),
                mo("−"),
                mn(1),
            ),
            _("x is the same measure, on the same basis, in years t and t − 1."),
            "start_here.china_share_by_year",
            _(
                "China revenue, fiscal {prev} to {year}: {now} ÷ {before} − 1 = {growth}, while the share "
                "fell from {share_before} to {share_now}."
            ).format(
                prev=last - 1,
                year=last,
                now=_bn(r["revenue_usd_m"]),
                before=_bn(p["revenue_usd_m"]),
                growth=f"{growth:+.0%}",
                share_before=f"{p['share']:.1%}",
                share_now=f"{r['share']:.1%}",
            ),
            _src(rows),
        ),
    ]
    figures = [
        lambda: _panel_figure(
            panels.make_timeline_panel(),
            _(
                "The timeline, 2019–2026: US actions come in waves, each followed by new Nvidia "
                "products for China and by Chinese countermeasures."
            ),
        ),
        lambda: _panel_figure(
            panels.make_revenue_panel(revenue),
            _("Nvidia's revenue by market platform, fiscal {year}: Data Center is almost all of it.").format(
                year=last
            ),
        ),
    ]
    question = _(
        "What did an April 2025 Chinese commentary on Nvidia claim, and how do we tell which of "
        "its numbers are right, mislabelled or untraceable?"
    )
    return question, formulas, figures


def _h01() -> tuple[str, list[Formula], list[Callable[[], Figure]]]:
    from . import export_controls as ec
    from .export_controls import panels

    chips = ec.chips()
    by_id = chips.set_index("chip_id")
    h100, h20 = by_id.loc["nvidia-h100-sxm"], by_id.loc["nvidia-h20"]
    ops100, ops20 = ec.dense_ops(h100), ec.dense_ops(h20)
    t100, t20 = ec.tpp(ops100), ec.tpp(ops20)
    d100 = ec.performance_density(t100, h100["die_area_mm2"])
    d20 = ec.performance_density(t20, h20["die_area_mm2"])
    thr = ec.thresholds("2023-10")
    v20 = ec.classify_chip(h20, "2023-10")
    v100 = ec.classify_chip(h100, "2023-10")
    rules = data.load("export_rules")
    both = chips[chips["chip_id"].isin(["nvidia-h100-sxm", "nvidia-h20"])]

    def terms(ops):
        return _(" and ").join(
            f"{_fmt(v, 1 if v % 1 else 0)} × {b}" for b, v in sorted(ops.items(), reverse=True)
        )

    formulas = [
        Formula(
            _("Total processing performance (TPP)"),
            mblock(
                mt("TPP"),
                mo("="),
                under(mo("max"), mi("b")),
                paren(sub(mt(_("dense TOPS")), mi("b")), mo("×"), mi("b")),
            ),
            _(
                "b is a bit length (4, 8, 16, 32); only dense throughput counts: halve a figure quoted "
                "“with sparsity”."
            ),
            "export_controls.tpp",
            _("H100: {terms_h100} → TPP = {tpp_h100}. H20: {terms_h20} → TPP = {tpp_h20}.").format(
                terms_h100=terms(ops100), tpp_h100=_fmt(t100), terms_h20=terms(ops20), tpp_h20=_fmt(t20)
            ),
            _src(both),
            lambda: (max(v * b for b, v in ops100.items()), t100),
        ),
        Formula(
            _("Performance density"),
            mblock(mt("PD"), mo("="), frac(mt("TPP"), mt(_("applicable die area (mm²)")))),
            _(
                "The area of the logic dies on FinFET or gate-all-around processes; HBM memory does not count."
            ),
            "export_controls.performance_density",
            _("H100: {tpp_h100} ÷ {area_h100} = {pd_h100}. H20: {tpp_h20} ÷ {area_h20} = {pd_h20}.").format(
                tpp_h100=_fmt(t100),
                area_h100=_fmt(h100["die_area_mm2"]),
                pd_h100=f"{d100:.2f}",
                tpp_h20=_fmt(t20),
                area_h20=_fmt(h20["die_area_mm2"]),
                pd_h20=f"{d20:.2f}",
            ),
            _src(both),
            lambda: (t20 / h20["die_area_mm2"], d20),
        ),
        Formula(
            _("The October 2023 test (3A090.a)"),
            mblock(
                mt(_("controlled if")),
                mspace(),
                mt("TPP"),
                mo("≥"),
                mn(_fmt(thr["a1_tpp_min"])),
                mspace(),
                mt(_("or")),
                mspace(),
                paren(
                    mt("TPP"),
                    mo("≥"),
                    mn(_fmt(thr["a2_tpp_min"])),
                    mspace(),
                    mt(_("and")),
                    mspace(),
                    mt("PD"),
                    mo("≥"),
                    mn(f"{thr['a2_pd_min']:g}"),
                ),
            ),
            _(
                "3A090.b adds a lower band for data-centre chips ({b1_tpp_min} ≤ TPP < {b1_tpp_max} with "
                "{b1_pd_min} ≤ PD < {b1_pd_max}, or TPP ≥ {b2_tpp_min} with PD ≥ {b2_pd_min})."
            ).format(
                b1_tpp_min=_fmt(thr["b1_tpp_min"]),
                b1_tpp_max=_fmt(thr["b1_tpp_max"]),
                b1_pd_min=f"{thr['b1_pd_min']:g}",
                b1_pd_max=f"{thr['b1_pd_max']:g}",
                b2_tpp_min=_fmt(thr["b2_tpp_min"]),
                b2_pd_min=f"{thr['b2_pd_min']:g}",
            ),
            "export_controls.classify",
            _(
                "H100: {verdict_h100} ({category}). H20: {verdict_h20}: designed to sit under the lines."
            ).format(
                verdict_h100=_("controlled") if v100.controlled else _("not controlled"),
                category=v100.category,
                verdict_h20=_("controlled") if v20.controlled else _("not controlled"),
            ),
            _src(rules[rules["rule"] == "2023-10"]),
        ),
    ]
    figures = [
        lambda: _plain_figure(
            panels.plane_figure("2023-10", chips)[0],
            _(
                "The catalogue on the TPP–density plane under the October 2023 rule: shaded areas are "
                "controlled; the China variants sit just outside them."
            ),
            _(
                "Catalogued chips on a log-log plane of TPP against performance density with the "
                "October 2023 control regions shaded."
            ),
            _src(chips),
        ),
        lambda: _panel_figure(
            panels.make_h20_panel(),
            _(
                "What the April 2025 licence requirement removed: Nvidia's disclosures (grey) and the "
                "what-if at the notebook's defaults."
            ),
        ),
    ]
    question = _(
        "How do US export rules decide which AI chips need a licence for China, why were the "
        "A800, H800, H20 and RTX 4090 D designed to sit just under the lines, and what did the "
        "rules cost Nvidia?"
    )
    return question, formulas, figures


def _h02() -> tuple[str, list[Formula], list[Callable[[], Figure]]]:
    from . import compute_demand as cd
    from .compute_demand import panels

    v3 = data.load("deepseek_v3")
    val = v3.set_index(["item", "stage"])["value"]
    n, d = val[("active_parameters", "model")], val[("training_tokens", "pre-training")]
    flop = cd.training_flop(n, d)
    hours, price = val[("gpu_hours", "total")], val[("rental_price", "assumption")]
    cost = cd.training_cost(hours, price)
    assumptions = data.load("assumptions").set_index("assumption_id")
    eps = float(assumptions.loc["jevons-elasticity", "value"])
    used = v3[v3["item"].isin(["active_parameters", "training_tokens"])]
    used_cost = v3[v3["item"].isin(["gpu_hours", "rental_price"]) & v3["stage"].isin(["total", "assumption"])]
    g_example = 10.0  # any gain: at the break-even elasticity the multiplier is 1 whatever g is
    formulas = [
        Formula(
            _("Training compute: the 6·N·D rule"),
            mblock(mi("C"), mo("≈"), mn(6), mo("·"), mi("N"), mo("·"), mi("D")),
            _(
                "C in FLOP; N the parameters used per token (for a mixture-of-experts model, the active "
                "ones); D the training tokens. About 2 FLOP per parameter per token forward, 4 backward."
            ),
            "compute_demand.training_flop",
            _("DeepSeek-V3: 6 × {n} × {d} = {flop} FLOP (pre-training).").format(
                n=_sci(n), d=_sci(d), flop=_sci(flop)
            ),
            _src(used),
            lambda: (6 * n * d, flop),
        ),
        Formula(
            _("From compute to GPU-hours and dollars"),
            mblock(
                mt(_("GPU-hours")),
                mo("="),
                frac(mi("C"), row(mt(_("peak FLOP/s")), mo("×"), mi("u"), mo("×"), mn(3600))),
                mo(","),
                mspace("1.5em"),
                mt(_("cost")),
                mo("="),
                mt(_("GPU-hours")),
                mo("×"),
                mt(_("price per GPU-hour")),
            ),
            _("u is the utilisation: the share of the chip's peak a training run achieves."),
            "compute_demand.training_cost",
            _(
                "DeepSeek's reported {hours} million H800-hours × ${price} = ${cost} million: "
                "the rental price of the final run only."
            ).format(hours=f"{hours / 1e6:.3f}", price=f"{price:g}", cost=f"{cost / 1e6:.3f}"),
            _src(used_cost),
            lambda: (hours * price, cost),
            wide=True,
        ),
        Formula(
            _("The Jevons multiplier"),
            mblock(
                mt(_("compute demand after ÷ before")),
                mo("="),
                sup(mi("g"), row(mo("−"), mi("ε"), mo("−"), mn(1))),
            ),
            _(
                "g is the efficiency gain (each unit of AI service needs g times less compute, so its "
                "price falls g times); ε < 0 the price elasticity of demand for AI services, with its "
                "textbook sign. Demand for chips rises (Jevons) when ε < −1."
            ),
            "compute_demand.compute_demand_multiplier",
            _(
                "The notebook starts at ε = {eps} (a course assumption, no measured value exists): "
                "the multiplier is {multiplier} for any gain; "
                "only more elastic demand turns an efficiency gain into more chips."
            ).format(eps=_g(eps), multiplier=f"{cd.compute_demand_multiplier(g_example, eps):g}"),
            _src(assumptions.loc[["jevons-elasticity"]].reset_index()),
            lambda: (g_example ** (-eps - 1), cd.compute_demand_multiplier(g_example, eps)),
        ),
    ]
    figures = [
        lambda: _panel_figure(
            panels.make_jevons_panel(elasticity=eps),
            _(
                "The Jevons explorer at its start: a tenfold efficiency gain with ε = −1 leaves compute "
                "demand unchanged."
            ),
        ),
        lambda: _panel_figure(
            panels.make_capex_panel(),
            _(
                "What the cloud companies did next: capital expenditure rose after January 2025 "
                "(open circles: 2026 guidance)."
            ),
        ),
    ]
    question = _(
        "Did DeepSeek's cheap, capable models overturn the idea that “compute is everything”: "
        "what did its training run really cost, and does cheaper AI cut or raise the demand for chips?"
    )
    return question, formulas, figures


def _h03() -> tuple[str, list[Formula], list[Callable[[], Figure]]]:
    from . import economics, substitution
    from .substitution import panels

    target, subst, metric, count = "nvidia-h100-sxm", "huawei-ascend910c", "TPP (peak dense compute)", 1000
    r = substitution.cluster_result(target, count, subst, metric, 1.0)
    acc = data.load("accelerators")
    pair = acc[acc["chip_id"].isin([target, subst]) & acc["preferred"]]
    base = substitution.run_default()
    short = base[base["share_unmet"] > 0.5]
    row_ = (short if len(short) else base).iloc[0]
    supplied = 1.0 - float(row_["share_unmet"])
    defaults = substitution.defaults_table()
    eps = float(substitution.default_params()["demand_elasticity"])
    price = economics.scarcity_price(supplied, eps)
    formulas = [
        Formula(
            _("Cluster equivalence"),
            mblock(
                mt(_("chips needed")),
                mo("="),
                row(
                    mo("⌈"),
                    frac(
                        row(mi("n"), mo("×"), sub(mi("P"), mt(_("target")))),
                        row(sub(mi("P"), mt(_("substitute"))), mo("×"), mi("e")),
                    ),
                    mo("⌉"),
                ),
            ),
            _(
                "P is the same measure for both chips (TPP, or memory bandwidth); e the substitute's "
                "achieved efficiency relative to the target (1 = peak for peak); rounded up."
            ),
            "substitution.cluster_equivalent",
            _(
                "{count} {target} (TPP {target_perf}) need {substitute_count} {substitute} (TPP "
                "{substitute_perf}) at e = 1, drawing {substitute_kw} kW instead of {target_kw} kW."
            ).format(
                count=f"{count:,}",
                target=r["target"],
                target_perf=_fmt(r["target_perf"]),
                substitute_count=f"{r['substitute_count']:,}",
                substitute=r["substitute"],
                substitute_perf=_fmt(r["substitute_perf"]),
                substitute_kw=f"{r['substitute_power_kw']:,.0f}",
                target_kw=f"{r['target_power_kw']:,.0f}",
            ),
            _src(pair),
            lambda: (
                math_ceil(count * r["target_perf"] / r["substitute_perf"]),
                r["substitute_count"],
            ),
        ),
        Formula(
            _("Scarcity price"),
            mblock(frac(mi("P"), sub(mi("P"), mn(0))), mo("="), sup(mi("s"), frac(mn(1), mi("ε")))),
            _(
                "s is the share of demand at the normal price that can be supplied; ε < 0 the price "
                "elasticity of demand. The price that rations the chips that exist."
            ),
            "economics.scarcity_price",
            _(
                "In {year} the default scenario supplies {supplied} of demand; with ε = {eps} the price "
                "would be {price} × normal."
            ).format(year=int(row_["year"]), supplied=f"{supplied:.0%}", eps=_g(eps), price=f"{price:.1f}"),
            _src(defaults),
            lambda: (supplied ** (1 / eps), price),
        ),
    ]
    figures = [
        lambda: _panel_figure(
            panels.make_cluster_panel(),
            _("How many Ascend chips replace a cluster of 1,000 H100, matched on peak compute (TPP)."),
        ),
        lambda: _panel_figure(
            panels.make_scenario_panel(),
            _(
                "The substitution scenario at its defaults: who supplies China's demand for compute, "
                "2024–2030, and the unmet demand once the HBM stockpile runs out."
            ),
        ),
    ]
    question = _(
        "How fast can Chinese chips replace Nvidia in China, and what limits them: the specs, the "
        "market-share estimates, or the wafers, yield and HBM memory needed to make them?"
    )
    return question, formulas, figures


def math_ceil(x: float) -> int:
    return int(math.ceil(x - 1e-9 * max(1.0, x)))


def _h04() -> tuple[str, list[Formula], list[Callable[[], Figure]]]:
    from . import economics, exposure
    from .exposure import panels

    china = data.load("china_revenue")
    fx = exposure.fx_rate(data.load("fx_rates"), kind="daily reference", on="2023-12-29")
    latest = exposure.latest_exposure(china, fx)
    apple = latest.loc["Apple"]
    at_risk = exposure.revenue_at_risk(apple["revenue_usd"], apple["china_share"], 1.0)
    a = data.load("assumptions").set_index("assumption_id")
    e_s = float(a.loc["chip-supply-elasticity", "value"])
    e_d = float(a.loc["tariff-demand-elasticity", "value"])
    p = economics.pass_through(e_d, e_s)
    apple_rows = china[(china["company"] == "Apple") & (china["period_label"] == apple["period_label"])]
    formulas = [
        Formula(
            _("Revenue at risk"),
            mblock(mt(_("revenue at risk")), mo("="), mi("R"), mo("×"), mi("s"), mo("×"), mi("f")),
            _(
                "R the company's revenue, s China's share of it (on the company's own definition), f the "
                "fraction of China revenue lost (1 = it sells nothing more in China). Revenue, not profit."
            ),
            "exposure.revenue_at_risk",
            _("Apple, {period}: {revenue} × {share} ({label}) × 1 = {at_risk}.").format(
                period=i18n.fmt_fiscal(apple["period_label"]),
                revenue=_bn(apple["revenue_usd"]),
                share=f"{apple['china_share']:.1%}",
                label=i18n.data_text("china_label", apple["china_label"], "china_revenue"),
                at_risk=_bn(at_risk),
            ),
            _src(apple_rows),
            lambda: (apple["revenue_usd"] * apple["china_share"] * 1.0, at_risk),
        ),
        Formula(
            _("A tariff: the share of China revenue kept"),
            mblock(
                mt(_("kept")),
                mo("="),
                sup(
                    paren(mn(1), mo("+"), mi("t")),
                    row(mi("p"), paren(mn(1), mo("+"), sub(mi("ε"), mi("D"))), mo("−"), mn(1)),
                ),
            ),
            _(
                "t the tariff rate, p the share of it borne by buyers (the pass-through, below), ε_D ≤ 0 the "
                "price elasticity of demand. Buyers' price rises by (1 + t)^p, the seller's falls by "
                "(1 + t)^(p − 1). Loss = 1 − kept."
            ),
            "exposure.tariff_loss_fraction",
            _(
                "A 50% tariff with ε_D = {e_d}, ε_S = {e_s} (p = {p}): kept = 1.5^({p} × (1 − {minus_e_d}) − 1) "
                "= {kept}, a loss of {loss}."
            ).format(
                e_d=_g(e_d),
                e_s=_g(e_s),
                p=f"{p:.3f}",
                minus_e_d=_g(-e_d),
                kept=f"{(1.5) ** (p * (1 + e_d) - 1):.3f}",
                loss=f"{1 - 1.5 ** (p * (1 + e_d) - 1):.1%}",
            ),
            _(
                "Source: course model (exposure.tariff_loss_fraction); elasticities are course "
                "assumptions (grade E)."
            ),
            lambda: (
                1 - 1.5 ** (p * (1 + e_d) - 1),
                exposure.tariff_loss_fraction(0.5, e_d, e_s),
            ),
        ),
        Formula(
            _("Pass-through"),
            mblock(
                mi("p"),
                mo("="),
                frac(sub(mi("ε"), mi("S")), row(sub(mi("ε"), mi("S")), mo("−"), sub(mi("ε"), mi("D")))),
            ),
            _(
                "The share of a small tariff or fee borne by buyers: ε_S the supply elasticity (≥ 0), "
                "ε_D the demand elasticity (≤ 0, textbook sign). The less elastic side bears more."
            ),
            "economics.pass_through",
            _(
                "With ε_S = {e_s} and ε_D = {e_d} (course assumptions): p = {e_s} ÷ ({e_s} + {minus_e_d}) = {p}."
            ).format(e_s=_g(e_s), e_d=_g(e_d), minus_e_d=_g(-e_d), p=f"{p:.0%}"),
            _src(a.loc[["chip-supply-elasticity", "tariff-demand-elasticity"]].reset_index()),
            lambda: (e_s / (e_s - e_d), p),
        ),
    ]
    figures = [
        lambda: _panel_figure(
            panels.make_stress_panel(latest, china, fx),
            _(
                "The stress test at the notebook's defaults: revenue at risk by company, in dollars and "
                "as a share of each company's revenue."
            ),
        ),
        lambda: _panel_figure(
            panels.make_definitions_panel(china),
            _(
                "Definitions matter: the same company's China share by where products are shipped and "
                "by where the customer is headquartered."
            ),
        ),
    ]
    question = _(
        "Who depends on China, by what measure, and what would a ban, a tariff or a slow "
        "decoupling cost them? What does “China revenue” even mean in a company's accounts?"
    )
    return question, formulas, figures


def _h05() -> tuple[str, list[Formula], list[Callable[[], Figure]]]:
    from . import fact_check
    from .fact_check import panels

    summary = fact_check.summary()
    counts = summary["verdict"].value_counts()
    count_text = _(", ").join(
        _("{n} {verdict}").format(n=counts[v], verdict=i18n.pgettext("verdict", v))
        for v in fact_check.VERDICTS
        if v in counts
    )
    ev = fact_check.evidence_table(1)
    first = ev[ev["role"] == "test"].iloc[0]
    cal = fact_check.synthesis_calibration()
    synthesis = panels.make_synthesis_panel()
    year = int(synthesis.params.get("year", 2026))
    rows = fact_check.evidence()
    ids: set[str] = set()
    for _i, e in rows[rows["claim_id"] == 1].iterrows():
        ids |= set(fact_check.resolve(e).sources)
    reg = data.sources_for(sorted(ids))
    s = fact_check.synthesis_scenario(**synthesis.params)
    revenue = data.load("nvidia_revenue")
    formulas = [
        Formula(
            _("A verdict"),
            mblock(
                mt(_("confirmed if")),
                mspace(),
                row(mo("|"), mt(_("course value")), mo("−"), mt(_("stated")), mo("|")),
                mo("≤"),
                mt(_("tolerance")),
            ),
            _(
                "The tolerance is the rounding the claim's words allow, fixed before looking. A claim "
                "takes the most severe verdict of its parts: wrong, mislabelled, outdated, unverifiable, confirmed."
            ),
            "fact_check.part_verdict",
            _(
                "Claim 1, part 1: the article says {article_says}, the table {course_table} (grade {grade}): "
                "{verdict}. All {n} claims: {counts}."
            ).format(
                article_says=first["article says"],
                course_table=first["course table"],
                grade=first["grade"],
                verdict=i18n.pgettext("verdict", first["verdict"]),
                n=len(summary),
                counts=count_text,
            ),
            _("Sources: {publishers}; grades {grade}.").format(
                publishers="; ".join(dict.fromkeys(str(p).split(" (")[0] for p in reg["publisher"])),
                grade=first["grade"],
            ),
        ),
        Formula(
            _("Nvidia's China revenue at risk (the synthesis)"),
            mblock(
                mt(_("at risk")),
                mo("="),
                mi("k"),
                mo("×"),
                paren(sub(mi("H"), mt(_("Oct 2023 rules"))), mo("−"), sub(mi("H"), mt(_("scenario")))),
            ),
            _(
                "H the compute Nvidia ships to China (H100-equivalents) under each set of rules; k the "
                "revenue per H100-equivalent, calibrated on fiscal 2025."
            ),
            "fact_check.synthesis_scenario",
            _(
                "k = ${k} per H100-equivalent; at the panel's defaults, {year}: {counterfactual} − {china} "
                "= {at_risk} at risk."
            ).format(
                k=f"{cal['usd_per_h100e']:,.0f}",
                year=year,
                counterfactual=_bn1(s["counterfactual_usd_bn"]),
                china=_bn1(s["china_revenue_usd_bn"]),
                at_risk=_bn1(s["at_risk_usd_bn"]),
            ),
            _src(revenue[revenue["fiscal_year"] == 2025], substitution_defaults()),
            lambda: (
                s["counterfactual_usd_bn"] - s["china_revenue_usd_bn"]
                if s["counterfactual_usd_bn"] > s["china_revenue_usd_bn"]
                else 0.0,
                s["at_risk_usd_bn"],
            ),
        ),
    ]
    figures = [
        lambda: _panel_figure(
            synthesis,
            _(
                "The four topics as one chain: rules → chips Nvidia may sell → who supplies China → "
                "Nvidia's China revenue and what is at risk, at the defaults."
            ),
        ),
        lambda: _panel_figure(
            panels.make_claim_checker(),
            _(
                "The claim checker, claim 1: each part's course value against the article's "
                "(1 = the same figure)."
            ),
        ),
    ]
    question = _(
        "Which of the article's quantitative claims stand up to primary sources, which are "
        "mislabelled or outdated, and which cannot be traced at all?"
    )
    return question, formulas, figures


def substitution_defaults():
    from . import substitution

    return substitution.defaults_table()


BUILDERS: dict[str, Callable[[], tuple[str, list[Formula], list[Callable[[], Figure]]]]] = {
    "00": _h00,
    "01": _h01,
    "02": _h02,
    "03": _h03,
    "04": _h04,
    "05": _h05,
}


def notebook_path(number: str, lang: str | None = None) -> Path:
    """The notebook a handout is read from in ``lang`` (the current language): the English
    ``notebooks/NN_name.ipynb`` or its translation ``notebooks/zh/NN_name.ipynb``."""
    lang = i18n.language() if lang is None else lang
    path = topic(number).notebook
    return path if lang == "en" else i18n.OUT_DIRS[lang] / path.name


def handout(number: str, figures: bool = True) -> Handout:
    """The content of one notebook's handout, computed now from the tables and the notebook
    (``figures=False`` leaves the figures out: the text alone is quick to build)."""
    t = topic(number)
    if t.number not in BUILDERS:
        raise HandoutError(f"No handout is defined for notebook {t.number}.")
    nb = _read(notebook_path(t.number))
    from .plotting import setup

    setup()  # before any figure (a builder may draw one too): the course's fonts, CJK in Chinese
    question, formulas, makers = BUILDERS[t.number]()
    drawn = [make() for make in makers] if figures else []
    for f in formulas:
        f.verify()
    discussion = discussion_questions(nb)
    if not discussion:
        raise HandoutError(
            f"{notebook_path(t.number).name} has no discussion questions that utils.handouts can find: give it a "
            "'## Discussion questions' section (a list) or a '**Discuss.**' paragraph."
        )
    return Handout(
        number=t.number,
        name=t.name,
        title=notebook_title(nb),
        question=question,
        formulas=formulas,
        figures=drawn,
        terms=key_terms(nb, t.number),
        discussion=discussion,
    )


# ----------------------------------------------------------------------------- HTML


def render_html(h: Handout, css: str | None = None) -> str:
    """The handout as one self-contained HTML page (figures inline as SVG, no external file), in
    the current language."""
    css = CSS.read_text(encoding="utf-8") if css is None else css
    e = _e
    zh = i18n.language() == "zh"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8">',
        "<title>" + e(_("{number} · {title}: handout").format(number=h.number, title=h.title)) + "</title>",
        f"<style>{css}</style></head><body>",
        '<header class="band">',
        '<div class="course">'
        + e(_("AI chips, US export controls and China · notebook {number}").format(number=h.number))
        + f" · <code>{e(topic(h.number).notebook.name)}</code></div>",
        f"<h1>{e(h.number)} · {e(h.title)}</h1>",
        "</header>",
        f'<section class="question"><h2>{_(SECTIONS[0])}</h2><p>{e(h.question)}</p></section>',
        f'<section class="formulas"><h2>{_(SECTIONS[1])}</h2>',
    ]
    example, code, figure = _("Example."), _("Code:"), _("Figure {i}.")
    any_wide = any(f.wide for f in h.formulas)  # one wide formula: every card full width, in order
    for f in h.formulas:
        parts += [
            f'<div class="formula{" wide" if any_wide else ""}">',
            f'<div class="fname">{e(f.name)}</div>',
            f.mathml,
            f'<p class="where">{e(f.where)}</p>',
            f'<p class="example"><b>{example}</b> {e(f.example)}</p>',
            f'<p class="src">{e(f.source)} {code} <code>utils.{e(f.function)}</code>.</p>',
            "</div>",
        ]
    parts.append("</section>")
    parts.append(f'<section class="figures"><h2>{_(SECTIONS[2])}</h2>')
    for i, fig in enumerate(h.figures, 1):
        parts += [
            f'<figure role="img" aria-label="{html.escape(fig.alt)}">',
            fig.svg,
            f'<p class="src">{e(fig.source)}</p>' if fig.source else "",
            f"<figcaption><b>{figure.format(i=i)}</b> {e(fig.caption)}</figcaption>",
            "</figure>",
        ]
    parts.append("</section>")
    parts.append(f'<section class="terms"><h2>{_(SECTIONS[3])}</h2><dl>')
    for t in h.terms:
        if zh:  # a Chinese reader: 中文 first, then the English term and the pinyin
            dt = (
                f'<b class="zh" lang="zh-Hans">{e(t.zh)}</b> <span lang="en">{e(t.en)}</span> '
                f'<i class="py">{e(t.pinyin)}</i>'
            )
            dd = f"<dd>{e(first_sentence(i18n.data_text('definition', t.definition, 'glossary')))}</dd>"
        else:
            dt = (
                f'<b>{e(t.en)}</b> <span class="zh" lang="zh-Hans">{e(t.zh)}</span> '
                f'<i class="py">{e(t.pinyin)}</i>'
            )
            dd = f"<dd>{e(first_sentence(t.definition))}</dd>"
        parts.append(f'<div class="term"><dt>{dt}</dt>{dd}</div>')
    parts.append("</dl></section>")
    parts.append(f'<section class="discussion"><h2>{_(SECTIONS[4])}</h2><ol>')
    parts += [f"<li>{inline_markdown(q)}</li>" for q in h.discussion]
    parts.append("</ol></section>")
    parts.append(
        '<footer class="note">'
        + _(
            "Every number on this sheet is computed from the course tables in {data} when the "
            "handout is built; each carries its source and grade (A primary document read … E "
            "estimate). Full sources: the notebook's last section."
        ).format(data="<code>data/</code>")
        + "</footer>"
    )
    parts.append("</body></html>")
    return "\n".join(parts)


# ----------------------------------------------------------------------------- PDF


def why_no_chromium() -> str | None:
    """A one-line reason PDFs cannot be printed here, or None."""
    if not Path(CHROMIUM).exists():
        return (
            f"no Chromium at {CHROMIUM} (install Debian's package: apt-get install chromium "
            "fonts-noto-cjk; .ci/run does this)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[print]')"
    return None


_FOOTER = (
    '<div style="font-size:7pt; font-family: {fonts}; color:#666; width:100%; '
    'padding: 0 12mm; display:flex; justify-content:space-between;">'
    "<span>{label}</span><span>{pages}</span></div>"
)


def _footer(label: str) -> str:
    """The PDF's page footer (Chromium's template) in the current language."""
    zh = i18n.language() == "zh"
    return _FOOTER.format(
        fonts="Noto Sans CJK SC, DejaVu Sans, sans-serif" if zh else "DejaVu Sans, sans-serif",
        label=html.escape(label),
        pages=_("page {page} of {total}").format(
            page="<span class='pageNumber'></span>", total="<span class='totalPages'></span>"
        ),
    )


def print_pdf(browser, page_html: str, dest: Path, label: str = "") -> Path:
    """Print one HTML page to an A4 PDF with a Chromium ``browser`` (playwright)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_content(page_html, wait_until="load")
        page.evaluate("document.fonts.ready")
        page.pdf(
            path=str(dest),
            format="A4",
            print_background=True,
            prefer_css_page_size=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=_footer(label),
        )
    finally:
        context.close()
    return dest


def build(out_dir: Path | None = None, numbers=None, browser=None, log=print, lang=None) -> list[Path]:
    """Write ``NN_<topic>.html`` and ``.pdf`` for each notebook into ``out_dir``; returns the PDFs.

    ``browser`` is a playwright Chromium browser to reuse (the tests pass theirs); without one, a
    headless Chromium is started once for all the handouts. ``lang`` ("en" or "zh"): the language
    of the handouts (else the current one), set for the build only; the Chinese handouts go to
    ``OUT_DIR/zh`` unless ``out_dir`` is given.
    """
    if lang is None:
        return _build(out_dir, numbers, browser, log)
    lang = i18n._check_language(lang)
    if out_dir is None and lang != "en":
        out_dir = OUT_DIR / lang
    before = i18n._language
    i18n.set_language(lang)
    try:
        return _build(out_dir, numbers, browser, log)
    finally:
        if before is None:
            i18n._language = None
        else:
            i18n.set_language(before)


def _build(out_dir, numbers, browser, log) -> list[Path]:
    out_dir = Path(out_dir or OUT_DIR)
    out_dir.mkdir(parents=True, exist_ok=True)
    numbers = [t.number for t in TOPICS] if numbers is None else [topic(n).number for n in numbers]
    css = CSS.read_text(encoding="utf-8")
    pages = []
    for n in numbers:
        start = time.perf_counter()
        h = handout(n)
        page_html = render_html(h, css)
        path = out_dir / f"{h.stem}.html"
        path.write_text(page_html, encoding="utf-8")
        pages.append((h, path, page_html, time.perf_counter() - start))
    written = []

    def print_all(b):
        for h, path, page_html, t_content in pages:
            start = time.perf_counter()
            pdf = print_pdf(b, page_html, path.with_suffix(".pdf"), f"{h.number} · {h.title}")
            written.append(pdf)
            log(
                f"{pdf.relative_to(out_dir.parent) if out_dir.parent in pdf.parents else pdf}: content "
                f"{t_content:.1f} s, PDF {time.perf_counter() - start:.1f} s"
            )

    if browser is not None:
        print_all(browser)
        return written
    reason = why_no_chromium()
    if reason:
        raise HandoutError(f"Cannot print the handouts: {reason}. The HTML pages are in {out_dir}.")
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]

    def launch_and_print():
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path=CHROMIUM, args=args, headless=True)
            try:
                print_all(b)
            finally:
                b.close()

    nbtools.outside_event_loop(launch_and_print)  # from a kernel or a test's Playwright too
    return written


#: CJK Radicals Supplement characters that a CJK font's text layer may give for the simplified
#: ideographs drawn with the same glyph (NFKC leaves these radicals alone): 长 can come out as ⻓.
_RADICALS = str.maketrans(
    {
        "⻅": "见", "⻆": "角", "⻈": "讠", "⻉": "贝", "⻋": "车", "⻌": "辶", "⻐": "钅", "⻓": "长",
        "⻔": "门", "⻙": "韦", "⻚": "页", "⻛": "风", "⻜": "飞", "⻠": "饣", "⻢": "马", "⻥": "鱼",
        "⻦": "鸟", "⻧": "卤", "⻨": "麦", "⻩": "黄", "⻪": "黾", "⻬": "齐", "⻮": "齿", "⻰": "龙",
        "⻳": "龟", "⺰": "纟",
    }
)  # fmt: skip


def normalise(text: str) -> str:
    """Text as compared with a PDF's text layer: NFKC (a CJK font's radical glyphs map back to
    the ideographs), whitespace collapsed, hyphenation at line ends undone."""
    text = unicodedata.normalize("NFKC", text.translate(_RADICALS))
    return " ".join(text.split())


def _main(argv: list[str]) -> int:
    import matplotlib

    matplotlib.use("agg")
    cmd = argv[0] if argv else "build"
    if cmd == "build":
        out = Path(argv[1]) if len(argv) > 1 else OUT_DIR
        start = time.perf_counter()
        try:
            written = build(out, lang="en")  # English in OUT_DIR, Chinese in OUT_DIR/zh
            print(f"{len(written)} handouts in {out} ({time.perf_counter() - start:.1f} s)")
            start = time.perf_counter()
            written = build(out / "zh", lang="zh")
            print(f"{len(written)} handouts in {out / 'zh'} ({time.perf_counter() - start:.1f} s)")
        except HandoutError as exc:
            print(f"make handouts: {exc}", file=sys.stderr)
            return 1
        return 0
    zh = "--zh" in argv[1:]
    args = [a for a in argv[1:] if a != "--zh"]
    if cmd == "html" and args:
        out = Path(args[1]) if len(args) > 1 else (OUT_DIR / "zh" if zh else OUT_DIR)
        out.mkdir(parents=True, exist_ok=True)
        before = i18n._language
        if zh:
            i18n.set_language("zh")
        try:
            h = handout(args[0])
            path = out / f"{h.stem}.html"
            path.write_text(render_html(h), encoding="utf-8")
        finally:
            i18n._language = before
        print(path)
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
