"""The three what-if panels of notebook 02, built on :class:`utils.widgets.Panel`.

* :func:`make_jevons_panel`: efficiency gain and price elasticity → the Jevons multiplier, with
  before/after bars and the multiplier-versus-elasticity curve (break-even at 1 marked).
* :func:`make_cost_panel`: GPU-hours × price × an overhead multiplier, against DeepSeek's own
  figures and outside estimates (which measure different things).
* :func:`make_capex_panel`: a constant-growth path of hyperscaler capital spending from a chosen
  year, against the reported figures and 2026 guidance.

Each factory loads its defaults from the course tables, creates its figure once, and updates the
artists in place. The models live in :mod:`utils.compute_demand`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, plotting, widgets
from ..i18n import N_, NP_, _, fmt_money, language, money_unit, pgettext
from ..text import html_text
from . import model as cd
from .model import cost_scenario

__all__ = [
    "make_jevons_panel",
    "make_cost_panel",
    "make_capex_panel",
    "cost_scenario",
    "ELASTICITY_GRID",
    "usd",
    "usd_bn",
    "usd_m",
    "short_month",
]

#: Elasticities on the x axis of the Jevons curve.
ELASTICITY_GRID = np.linspace(-3.0, 0.0, 61)

_ORANGE, _BLUE, _GREEN, _VERMILLION, _GREY = (
    plotting.PALETTE[1],
    plotting.PALETTE[0],
    plotting.PALETTE[2],
    plotting.PALETTE[3],
    "#7F7F7F",
)


def _fast_log_axis(axis) -> None:
    """Log scale with plain tick labels (0.01, 1, 100) and no minor ticks: mathtext labels
    (10^2) are slow to render and would make every slider move sluggish."""
    from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

    axis.set_major_locator(LogLocator(base=10, numticks=8))
    axis.set_minor_locator(NullLocator())
    axis.set_major_formatter(FuncFormatter(_compact))


def _compact(v, _pos=None) -> str:
    """Tick labels of at most four characters: 0.01, 1, 1000, 1e5."""
    if v <= 0:
        return ""
    if v >= 1e4 or v < 1e-2:
        return f"1e{round(np.log10(v))}"
    return f"{v:g}"


def _step_up(v: float, per_decade: int = 4) -> float:
    """``v`` rounded up to the next of ``per_decade`` log-spaced steps per decade (log axes)."""
    return 10 ** (np.ceil(np.log10(v) * per_decade - 1e-9) / per_decade)


def _step_down(v: float, per_decade: int = 4) -> float:
    """``v`` rounded down to the previous of ``per_decade`` log-spaced steps per decade."""
    return 10 ** (np.floor(np.log10(v) * per_decade + 1e-9) / per_decade)


def _fmt_factor(x: float) -> str:
    if x >= 100:
        return f"{x:,.0f}"
    if x >= 10:
        return f"{x:.1f}"
    return f"{x:.2f}"


def _usd(x: float) -> str:
    """$ amounts as a class reads them aloud: $294k, $5.58M, $1.6bn (3 significant digits);
    in Chinese 29.4万美元, 558万美元, 16亿美元 (:func:`utils.i18n.fmt_money`)."""
    if language() == "zh":
        return fmt_money(x / 1e6)
    if x >= 1e9:
        return f"${x / 1e9:.3g}bn"
    if x >= 1e6:
        return f"${x / 1e6:.3g}M"
    return f"${x / 1e3:.3g}k"


def usd(x: float, spec: str = "g") -> str:
    """A dollar amount for the notebook's sentences: "$118.42"; in Chinese "118.42美元"."""
    return f"{x:{spec}}美元" if language() == "zh" else f"${x:{spec}}"


def usd_bn(x: float, spec: str = ".0f") -> str:
    """US dollars given in billions: "$589bn"; in Chinese in 亿 (10 亿 = 1 bn): "5890亿美元"."""
    return fmt_money(x * 1000) if language() == "zh" else f"${x:{spec}}bn"


def usd_m(x: float) -> str:
    """US dollars, in millions with two decimals: "$5.60 million"; in Chinese "560万美元"."""
    return f"{x / 1e4:.0f}万美元" if language() == "zh" else f"${x / 1e6:.2f} million"


def short_month(d) -> str:
    """A month on a chart label: "Jan 2025"; in Chinese "2025年1月"."""
    from ..i18n import fmt_month

    d = pd.Timestamp(d)
    return fmt_month(d) if language() == "zh" else f"{d:%b %Y}"


# --------------------------------------------------------------------------- 1. Jevons explorer


def make_jevons_panel(efficiency_gain: float = 10.0, elasticity: float | None = None) -> widgets.Panel:
    """Sliders for the efficiency gain and the price elasticity; bars and curve update in place.

    The defaults are scenario values, not data: no reliable measurement of the elasticity of
    demand for AI compute exists. The starting elasticity is the course assumption
    ``jevons-elasticity`` in ``data/assumptions.csv`` (the break-even value).
    """
    if elasticity is None:
        elasticity = float(
            data.load("assumptions").set_index("assumption_id").loc["jevons-elasticity", "value"]
        )
    fig, (ax_bar, ax_curve) = plotting.new_figure(9.0, 4.0, ncols=2, width_ratios=[1.1, 1.0])
    labels = [_("AI use\n(quantity)"), _("compute\nper unit"), _("compute\ndemand"), _("spending\non AI")]
    colors = [_BLUE, _GREY, _ORANGE, _GREEN]
    bars = ax_bar.bar(range(4), [0.0] * 4, bottom=1.0, color=colors, width=0.6)
    one_bar = ax_bar.axhline(1.0, color="black", lw=1.2)
    ax_bar.set_yscale("log")
    _fast_log_axis(ax_bar.yaxis)
    ax_bar.set_xticks(range(4), labels, fontsize=9)
    ax_bar.set_ylabel(_("after ÷ before (1 = no change)"))
    bar_labels = [ax_bar.text(i, 1.0, "", ha="center", va="bottom", fontsize=9.5) for i in range(4)]

    (curve,) = ax_curve.plot(ELASTICITY_GRID, np.ones_like(ELASTICITY_GRID), color=_ORANGE)
    one_curve = ax_curve.axhline(1.0, color="black", lw=1.0)
    break_even = ax_curve.axvline(cd.break_even_elasticity(), color=_GREY, ls="--", lw=1.2)
    ax_curve.text(
        cd.break_even_elasticity() + 0.04,
        0.02,
        _("break-even\nelasticity = −1"),
        transform=ax_curve.get_xaxis_transform(),
        fontsize=9,
        color="#444444",
    )
    (point,) = ax_curve.plot([-1.0], [1.0], "o", color=_VERMILLION, ms=9, zorder=5)
    ax_curve.set_yscale("log")
    _fast_log_axis(ax_curve.yaxis)
    ax_curve.set_xlim(-3, 0)
    ax_curve.set_xlabel(_("price elasticity of demand for AI (ε < 0)"))
    ax_curve.set_ylabel(_("compute demand multiplier (log)"))
    ax_curve.fill_between([-3, -1], 1e-9, 1e9, color=_ORANGE, alpha=0.08, lw=0)
    jevons_label = ax_curve.text(
        -2.0,
        0.93,
        _("backfire (Jevons):\ncompute demand rises"),
        ha="center",
        va="top",
        fontsize=9,
        transform=ax_curve.get_xaxis_transform(),
    )

    def draw(res, params):
        vals = [res["service_quantity"], res["compute_per_unit"], res["compute_demand"], res["spending"]]
        for bar, lab, v in zip(bars, bar_labels, vals):
            bar.set_height(v - 1.0)  # bars start at 1 (no change) and go up or down
            lab.set_position((lab.get_position()[0], v))
            lab.set_verticalalignment("bottom" if v >= 1 else "top")
            lab.set_text(f"×{_fmt_factor(v)}" if v >= 1 else f"÷{_fmt_factor(1 / v)}")
        # limits stepped to quarter decades: most slider moves keep the axes, so the cached
        # background (ticks, labels, shading) is reused and only bars, curve and point are drawn
        ax_bar.set_ylim(_step_down(min(vals + [1.0]) / 3), _step_up(max(vals + [1.0]) * 4))
        g = res["efficiency_gain"]
        ys = g ** (-ELASTICITY_GRID - 1.0)
        curve.set_ydata(ys)
        point.set_data([res["elasticity"]], [res["multiplier"]])
        if g > 1.0001:
            ax_curve.set_ylim(_step_down(min(ys.min(), 1) / 2), _step_up(max(ys.max(), 1) * 2))
        else:
            ax_curve.set_ylim(0.5, 2.0)
        jevons_label.set_alpha(1.0 if g > 1.0001 else 0.3)

    def readout(res, params):
        m = res["multiplier"]
        if res["jevons"]:
            verdict = _(
                "<b style='color:#8a3c00'>Backfire (the Jevons paradox):</b> total compute demand "
                "<b>rises ×{factor}</b>; the extra use takes back {rebound} of the compute saved"
            ).format(factor=_fmt_factor(m), rebound=f"{res['rebound']:.0%}")
        elif abs(m - 1) < 1e-9:
            verdict = _("Total compute demand is <b>unchanged</b> (×1): full rebound")
        else:
            verdict = _(
                "Total compute demand <b>falls</b> to {share} of what it was (÷{factor}); rebound: "
                "extra use takes back {rebound} of the saving"
            ).format(share=f"{m:.3g}", factor=_fmt_factor(1 / m), rebound=f"{res['rebound']:.0%}")
        return _(
            "{verdict}. A {gain}× efficiency gain cuts the compute per unit of AI service ÷{gain}; "
            "with elasticity {elasticity} AI use grows ×{quantity}. Break-even elasticity: "
            "{break_even}. Spending on AI service changes by the same factor (×{multiplier}) if the "
            "price of compute stays the same."
        ).format(
            verdict=verdict,
            gain=f"{res['efficiency_gain']:g}",
            elasticity=f"{res['elasticity']:.2f}",
            quantity=_fmt_factor(res["service_quantity"]),
            break_even=f"{res['break_even_elasticity']:g}",
            multiplier=f"{m:.3g}",
        )

    controls = {
        "efficiency_gain": widgets.slider(
            _("efficiency gain (×)"), efficiency_gain, 1.0, 50.0, 0.5, readout_format=".1f"
        ),
        "elasticity": widgets.slider(_("price elasticity"), elasticity, -3.0, 0.0, 0.05),
    }
    return widgets.Panel(
        name="jevons",
        title=_("Jevons explorer: does cheaper AI cut the demand for compute?"),
        controls=controls,
        compute=cd.jevons_scenario,
        readout=readout,
        figure=fig,
        draw=draw,
        # in drawing order: the reference lines lie above bars and curve in a full redraw too
        dynamic=[*bars, one_bar, *bar_labels, curve, one_curve, break_even, point, jevons_label],
        source=_("Source: course model, compute demand = gain ** (−ε − 1); scenario values, not data."),
        alt=_(
            "Left: bars for AI use, compute per unit, total compute demand and spending on AI after "
            "the efficiency gain, relative to before. Right: the compute-demand multiplier against the price "
            "elasticity, above 1 (backfire) when the elasticity is below -1."
        ),
    )


# --------------------------------------------------------------------------- 2. what did it cost?


def _reference_bars(est: pd.DataFrame) -> pd.DataFrame:
    """The estimates in US dollars that the cost panel draws as fixed bars."""
    usd = est[est["unit"] == "USD millions"].copy()
    usd["usd"] = usd["value"].fillna(usd["low"]) * 1e6
    usd["label"] = usd["estimator"] + ": " + usd["scope"].str.replace(r"\s*\(.*\)", "", regex=True)
    usd.loc[usd["value"].isna(), "label"] += " (lower bound)"
    return usd[["estimate_id", "label", "usd", "grade", "estimator"]].reset_index(drop=True)


#: Short labels for the bars of the cost panel (presentation only; figures come from the tables).
COST_BAR_LABELS = {
    "r1-rl-run": N_("DeepSeek: R1 RL stage (on top of V3)"),
    "v3-final-run": N_("DeepSeek: V3 final training run"),
    "sa-gpu-spend": N_("SemiAnalysis: GPU spending, fleet (lower bound)"),
    "critique-capex-hoppers": N_("Critique: server capex, Hopper GPUs only"),
    "sa-server-capex": N_("SemiAnalysis: server capex, whole fleet"),
}


def make_cost_panel() -> widgets.Panel:
    """GPU-hours, price per hour and an overhead multiplier against the published figures."""
    from matplotlib.patches import Patch

    v3 = data.load("deepseek_v3")
    est = data.load("deepseek_estimates")
    val = v3.set_index(["item", "stage"])["value"]
    hours0 = float(val[("gpu_hours", "total")]) / 1e6
    price0 = float(val[("rental_price", "assumption")])
    refs = _reference_bars(est)
    refs = refs.set_index("estimate_id").loc[list(COST_BAR_LABELS)].reset_index()
    refs = refs.sort_values("usd").reset_index(drop=True)
    shown = est[est["estimate_id"].isin(COST_BAR_LABELS)]

    fig, ax = plotting.new_figure(9.0, 4.2)
    n = len(refs)
    own = plotting.color_for("DeepSeek")
    colors = [own if e == "DeepSeek" else _GREY for e in refs["estimator"]]
    ax.barh(range(n), refs["usd"], color=colors, height=0.6)
    for i, row in refs.iterrows():
        plus = "+" if row["label"].endswith("(lower bound)") else ""
        ax.text(row["usd"] * 1.15, i, f"{_usd(row['usd'])}{plus} [{row['grade']}]", va="center", fontsize=9)
    you = ax.barh([n], [1.0], color=_ORANGE, height=0.7)[0]
    you_text = ax.text(1.0, n, "", va="center", fontsize=10, color="#8a3c00")
    labels = [_(COST_BAR_LABELS[e]) for e in refs["estimate_id"]] + [_("your estimate")]
    ax.set_yticks(range(n + 1), labels, fontsize=9)
    ax.set_xscale("log")
    _fast_log_axis(ax.xaxis)
    ax.xaxis.set_major_formatter(_usd_tick)
    ax.set_xlabel(_("US dollars (log scale); [grade] after each figure"))
    ax.legend(
        handles=[
            Patch(color=own, label=_("DeepSeek's own figures")),
            Patch(color=_GREY, label=_("outside estimates (E: analysts' models)")),
            Patch(color=_ORANGE, label=_("your estimate")),
        ],
        loc="lower right",
        fontsize=8.5,
    )
    reported = float(val[("training_cost", "total")])
    capex = float(refs.set_index("estimate_id").loc["sa-server-capex", "usd"])
    xmax0 = capex * 30

    def draw(res, params):
        x = res["all_in_usd"]
        you.set_width(x)
        you_text.set_position((x * 1.15, n))
        you_text.set_text(_usd(x))
        ax.set_xlim(1e5, max(xmax0, x * 20))

    def readout(res, params):
        return _(
            "Final run: {hours}M GPU-hours × ${price} = <b>{final}</b>. With overhead ×{overhead} "
            "(research, ablations, failed runs): <b>{all_in}</b>, {ratio}× the report's {reported} and "
            "{pct}% of SemiAnalysis's server-capex estimate (which is for a whole fleet over years, "
            "not for one model)."
        ).format(
            hours=f"{res['gpu_hours'] / 1e6:.3f}",
            price=f"{res['usd_per_gpu_hour']:.2f}",
            final=_usd(res["final_run_usd"]),
            overhead=f"{res['overhead_multiplier']:g}",
            all_in=_usd(res["all_in_usd"]),
            ratio=f"{res['all_in_usd'] / reported:.3g}",
            reported=_usd(reported),
            pct=f"{100 * res['all_in_usd'] / capex:.3g}",
        )

    controls = {
        "gpu_hours_millions": widgets.slider(
            _("GPU-hours (millions)"), hours0, 0.5, 60.0, 0.001, readout_format=".3f"
        ),
        "usd_per_gpu_hour": widgets.slider(_("price per GPU-hour ($)"), price0, 0.5, 10.0, 0.05),
        "overhead_multiplier": widgets.slider(
            _("overhead multiplier"), 1.0, 1.0, 400.0, 1.0, readout_format=".0f"
        ),
    }
    return widgets.Panel(
        name="deepseek-cost",
        title=_("What did it really cost?"),
        controls=controls,
        compute=cost_scenario,
        readout=readout,
        figure=fig,
        draw=draw,
        dynamic=[you, you_text],  # the rest is a cached background (re-rendered if the x-axis moves)
        source=data.source_line(shown, max_named=1),
        alt=_(
            "Horizontal bars on a log dollar scale: DeepSeek's own figures (final V3 run, R1 "
            "reinforcement learning) and outside estimates of GPU spending and server capex, with "
            "the student's own estimate as an orange bar."
        ),
    )


def _usd_tick_text(v, _pos=None) -> str:
    if language() == "zh":  # the axis label names the unit (美元): 10万, 100万, 1亿
        return _usd(v).removesuffix("美元") if v >= 1e3 else f"{v:g}"
    return _usd(v).replace(".0", "") if v >= 1e3 else f"${v:g}"


def _make_usd_tick():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(_usd_tick_text)


_usd_tick = _make_usd_tick()


# --------------------------------------------------------------------------- 3. capex what-if

_COMPANIES = ["All four", "Microsoft", "Alphabet", "Amazon", "Meta"]
#: Data values shown through pgettext, here and in notebook 02 (marked for extraction; the
#: values themselves stay English).
_SHOWN_VALUES = [
    NP_("company", "All four"),
    NP_("company", "Microsoft"),
    NP_("company", "Alphabet"),
    NP_("company", "Amazon"),
    NP_("company", "Meta"),
    NP_("country group", "United States"),
    NP_("country group", "China"),
    NP_("country group", "Other"),
    NP_("epoch confidence", "likely"),
    NP_("epoch confidence", "speculative"),
    NP_("epoch confidence", "unknown"),
]


def make_capex_panel(
    company: str = "All four", base_year: int = 2023, growth_rate: float = 0.3
) -> widgets.Panel:
    """A constant-growth path from a chosen year, against reported capex and 2026 guidance."""
    capex = data.load("hyperscaler_capex")
    head = cd.headline_capex(capex)
    years = sorted(head["fiscal_year"].unique())

    fig, ax = plotting.new_figure(8.5, 4.2)
    # the axis in US$ bn; in Chinese in 亿美元 (1 bn = 10亿): the figures are drawn times k
    k = 1000.0 / money_unit()[0]
    cash = "cash purchases of property and equipment"
    for comp in _COMPANIES[1:]:
        rows = head[head["company"] == comp].set_index("fiscal_year")
        rep = rows[rows["status"] != "guidance"].reindex(range(min(years), max(years)))
        gui = rows[rows["status"] == "guidance"]
        col = plotting.color_for(comp)
        # NaN years (no traced figure) leave a gap in the line instead of a straight bridge
        ax.plot(
            rep.index, rep["capex_usd_bn"] * k, "-o", color=col, ms=4, lw=1.5, label=pgettext("company", comp)
        )
        other = rep[rep["definition"].notna() & (rep["definition"] != cash)]
        ax.plot(other.index, other["capex_usd_bn"] * k, "D", color=col, ms=7)
        last = rep["capex_usd_bn"].last_valid_index()
        if len(gui):
            ax.plot(gui.index, gui["capex_usd_bn"] * k, "o", mfc="white", color=col, ms=6)
            ax.plot(
                [last, gui.index[0]],
                [rep.loc[last, "capex_usd_bn"] * k, gui["capex_usd_bn"].iloc[0] * k],
                ":",
                color=col,
                lw=1.2,
            )
    ax.plot([], [], "D", color=_GREY, ms=6, label=_("other definition"))
    ax.plot([], [], "o", mfc="white", color=_GREY, ms=6, label=_("2026 guidance"))
    (sum_line,) = ax.plot([], [], "-s", color="black", ms=4, lw=1.5, label=_("all four (sum)"))
    (proj_line,) = ax.plot([], [], "--", color=plotting.PALETTE[4], lw=2.5, label=_("your growth path"))
    ax.set_xlim(min(years) - 0.3, max(years) + 0.3)
    ax.set_xticks(years)
    ax.set_xlabel(_("fiscal year (Microsoft's ends in June)"))
    ax.set_ylabel(_("capital expenditure (US$ bn)"))
    ax.legend(loc="upper left", fontsize=8.5, ncols=2)
    all_four = cd.capex_projection(head, "All four", int(head["fiscal_year"].min()) + 3, 0.0)
    # the "all four" sum line never changes: computed once here, not on every update
    sum_all = cd.capex_projection(head, "All four", int(all_four["year"].min()), 0.0)
    sum_x, sum_y = sum_all["year"].to_numpy(), sum_all["actual"].to_numpy() * k
    head_max = float(np.nanmax(head["capex_usd_bn"].to_numpy()))

    def draw(res, params):
        if params["company"] == "All four":
            sum_line.set_data(sum_x, sum_y)
        else:
            sum_line.set_data([], [])
        proj_line.set_data(res["year"], res["projected"] * k)
        top = np.nanmax(np.r_[res["projected"].to_numpy(), res["actual"].to_numpy(), head_max])
        ax.set_ylim(0, top * k * 1.1)

    def readout(res, params):
        first = res.iloc[0]
        zh = language() == "zh"

        def bn(x, digits):  # $12.3bn; in Chinese 123亿美元
            return fmt_money(x * 1000) if zh else f"${x:.{digits}f}bn"

        lines = [
            _("From {company} {year} ({actual}) at {rate} a year:").format(
                company=pgettext("company", params["company"]),
                year=int(first["year"]),
                actual=bn(first["actual"], 1),
                rate=f"{params['growth_rate']:+.0%}",
            )
        ]
        kinds = {
            "compiled": _("compiled"),
            "guidance": _("guidance"),
            "derived": _("derived"),
            "reported": _("reported"),
        }
        for row in res.iloc[1:].itertuples():
            if np.isnan(row.actual):
                lines.append(
                    _("{year}: projected {projected} (no figure to compare)").format(
                        year=row.year, projected=bn(row.projected, 0)
                    )
                )
                continue
            if params["company"] == "All four":
                kind = "compiled"
            else:
                kind = {"guidance": "guidance", "derived": "derived"}.get(row.status, "reported")
            lines.append(
                _("{year}: projected {projected} vs {kind} {actual} ({gap})").format(
                    year=row.year,
                    projected=bn(row.projected, 0),
                    kind=kinds[kind],
                    actual=bn(row.actual, 0),
                    gap=f"{row.gap:+.0%}",
                )
            )
        if params["company"] == "All four":
            lines.append(
                _("(The sum adds figures with different definitions: a compiled total, not a reported one.)")
            )
        return "<br>".join(html_text(x) for x in lines)

    # each company's series once (pivots are slow), not on every slider move
    series = {c: cd.company_capex_series(head, c) for c in _COMPANIES}

    def compute(company, base_year, growth_rate):
        return cd.capex_projection(head, company, int(base_year), growth_rate, series=series.get(company))

    controls = {
        "company": widgets.dropdown(_("company"), [(pgettext("company", c), c) for c in _COMPANIES], company),
        "base_year": widgets.dropdown(_("start year"), [int(y) for y in years[:-1]], base_year),
        "growth_rate": widgets.slider(_("growth a year"), growth_rate, 0.0, 1.0, 0.01, readout_format=".0%"),
    }
    return widgets.Panel(
        name="capex",
        title=_("Capex what-if: a steady growth path against what was spent"),
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        # static background; the legend is redrawn too, so it stays above the moving lines
        dynamic=[sum_line, proj_line, ax.get_legend()],
        source=data.source_line(capex, max_named=1),
        alt=_(
            "Lines of yearly capital spending of Microsoft, Alphabet, Amazon and Meta with 2026 "
            "guidance as open circles, and a dashed line for the chosen constant-growth path."
        ),
    )
