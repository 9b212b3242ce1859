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
from ..text import html_text
from . import model as cd
from .model import cost_scenario

__all__ = ["make_jevons_panel", "make_cost_panel", "make_capex_panel", "cost_scenario", "ELASTICITY_GRID"]

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
    """$ amounts as a class reads them aloud: $294k, $5.58M, $1.6bn (3 significant digits)."""
    if x >= 1e9:
        return f"${x / 1e9:.3g}bn"
    if x >= 1e6:
        return f"${x / 1e6:.3g}M"
    return f"${x / 1e3:.3g}k"


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
    labels = ["AI use\n(quantity)", "compute\nper unit", "compute\ndemand", "spending\non AI"]
    colors = [_BLUE, _GREY, _ORANGE, _GREEN]
    bars = ax_bar.bar(range(4), [0.0] * 4, bottom=1.0, color=colors, width=0.6)
    one_bar = ax_bar.axhline(1.0, color="black", lw=1.2)
    ax_bar.set_yscale("log")
    _fast_log_axis(ax_bar.yaxis)
    ax_bar.set_xticks(range(4), labels, fontsize=9)
    ax_bar.set_ylabel("after ÷ before (1 = no change)")
    bar_labels = [ax_bar.text(i, 1.0, "", ha="center", va="bottom", fontsize=9.5) for i in range(4)]

    (curve,) = ax_curve.plot(ELASTICITY_GRID, np.ones_like(ELASTICITY_GRID), color=_ORANGE)
    one_curve = ax_curve.axhline(1.0, color="black", lw=1.0)
    break_even = ax_curve.axvline(cd.break_even_elasticity(), color=_GREY, ls="--", lw=1.2)
    ax_curve.text(
        cd.break_even_elasticity() + 0.04,
        0.02,
        "break-even\nelasticity = −1",
        transform=ax_curve.get_xaxis_transform(),
        fontsize=9,
        color="#444444",
    )
    (point,) = ax_curve.plot([-1.0], [1.0], "o", color=_VERMILLION, ms=9, zorder=5)
    ax_curve.set_yscale("log")
    _fast_log_axis(ax_curve.yaxis)
    ax_curve.set_xlim(-3, 0)
    ax_curve.set_xlabel("price elasticity of demand for AI (ε < 0)")
    ax_curve.set_ylabel("compute demand multiplier (log)")
    ax_curve.fill_between([-3, -1], 1e-9, 1e9, color=_ORANGE, alpha=0.08, lw=0)
    jevons_label = ax_curve.text(
        -2.0,
        0.93,
        "backfire (Jevons):\ncompute demand rises",
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
            verdict = (
                f"<b style='color:#8a3c00'>Backfire (the Jevons paradox):</b> total compute demand "
                f"<b>rises ×{_fmt_factor(m)}</b>; the extra use takes back "
                f"{res['rebound']:.0%} of the compute saved"
            )
        elif abs(m - 1) < 1e-9:
            verdict = "Total compute demand is <b>unchanged</b> (×1): full rebound"
        else:
            verdict = (
                f"Total compute demand <b>falls</b> to {m:.3g} of what it was "
                f"(÷{_fmt_factor(1 / m)}); rebound: extra use takes back {res['rebound']:.0%} of "
                "the saving"
            )
        return (
            f"{verdict}. A {res['efficiency_gain']:g}× efficiency gain cuts the compute per "
            f"unit of AI service ÷{res['efficiency_gain']:g}; with elasticity "
            f"{res['elasticity']:.2f} AI use grows ×{_fmt_factor(res['service_quantity'])}. "
            f"Break-even elasticity: {res['break_even_elasticity']:g}. "
            f"Spending on AI service changes by the same factor (×{m:.3g}) if the price of "
            "compute stays the same."
        )

    controls = {
        "efficiency_gain": widgets.slider(
            "efficiency gain (×)", efficiency_gain, 1.0, 50.0, 0.5, readout_format=".1f"
        ),
        "elasticity": widgets.slider("price elasticity", elasticity, -3.0, 0.0, 0.05),
    }
    return widgets.Panel(
        name="jevons",
        title="Jevons explorer: does cheaper AI cut the demand for compute?",
        controls=controls,
        compute=cd.jevons_scenario,
        readout=readout,
        figure=fig,
        draw=draw,
        # in drawing order: the reference lines lie above bars and curve in a full redraw too
        dynamic=[*bars, one_bar, *bar_labels, curve, one_curve, break_even, point, jevons_label],
        source="Source: course model, compute demand = gain ** (−ε − 1); scenario values, not data.",
        alt=(
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
    "r1-rl-run": "DeepSeek: R1 RL stage (on top of V3)",
    "v3-final-run": "DeepSeek: V3 final training run",
    "sa-gpu-spend": "SemiAnalysis: GPU spending, fleet (lower bound)",
    "critique-capex-hoppers": "Critique: server capex, Hopper GPUs only",
    "sa-server-capex": "SemiAnalysis: server capex, whole fleet",
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
    labels = [COST_BAR_LABELS[e] for e in refs["estimate_id"]] + ["your estimate"]
    ax.set_yticks(range(n + 1), labels, fontsize=9)
    ax.set_xscale("log")
    _fast_log_axis(ax.xaxis)
    ax.xaxis.set_major_formatter(_usd_tick)
    ax.set_xlabel("US dollars (log scale); [grade] after each figure")
    ax.legend(
        handles=[
            Patch(color=own, label="DeepSeek's own figures"),
            Patch(color=_GREY, label="outside estimates (E: analysts' models)"),
            Patch(color=_ORANGE, label="your estimate"),
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
        return (
            f"Final run: {res['gpu_hours'] / 1e6:.3f}M GPU-hours × ${res['usd_per_gpu_hour']:.2f} = "
            f"<b>{_usd(res['final_run_usd'])}</b>. With overhead ×{res['overhead_multiplier']:g} "
            f"(research, ablations, failed runs): <b>{_usd(res['all_in_usd'])}</b>, "
            f"{res['all_in_usd'] / reported:.3g}× the report's {_usd(reported)} and "
            f"{100 * res['all_in_usd'] / capex:.3g}% of SemiAnalysis's server-capex estimate "
            "(which is for a whole fleet over years, not for one model)."
        )

    controls = {
        "gpu_hours_millions": widgets.slider(
            "GPU-hours (millions)", hours0, 0.5, 60.0, 0.001, readout_format=".3f"
        ),
        "usd_per_gpu_hour": widgets.slider("price per GPU-hour ($)", price0, 0.5, 10.0, 0.05),
        "overhead_multiplier": widgets.slider(
            "overhead multiplier", 1.0, 1.0, 400.0, 1.0, readout_format=".0f"
        ),
    }
    return widgets.Panel(
        name="deepseek-cost",
        title="What did it really cost?",
        controls=controls,
        compute=cost_scenario,
        readout=readout,
        figure=fig,
        draw=draw,
        dynamic=[you, you_text],  # the rest is a cached background (re-rendered if the x-axis moves)
        source=data.source_line(shown, max_named=1),
        alt=(
            "Horizontal bars on a log dollar scale: DeepSeek's own figures (final V3 run, R1 "
            "reinforcement learning) and outside estimates of GPU spending and server capex, with "
            "the student's own estimate as an orange bar."
        ),
    )


def _usd_tick_text(v, _pos=None) -> str:
    return _usd(v).replace(".0", "") if v >= 1e3 else f"${v:g}"


def _make_usd_tick():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(_usd_tick_text)


_usd_tick = _make_usd_tick()


# --------------------------------------------------------------------------- 3. capex what-if

_COMPANIES = ["All four", "Microsoft", "Alphabet", "Amazon", "Meta"]


def make_capex_panel(
    company: str = "All four", base_year: int = 2023, growth_rate: float = 0.3
) -> widgets.Panel:
    """A constant-growth path from a chosen year, against reported capex and 2026 guidance."""
    capex = data.load("hyperscaler_capex")
    head = cd.headline_capex(capex)
    years = sorted(head["fiscal_year"].unique())

    fig, ax = plotting.new_figure(8.5, 4.2)
    cash = "cash purchases of property and equipment"
    for comp in _COMPANIES[1:]:
        rows = head[head["company"] == comp].set_index("fiscal_year")
        rep = rows[rows["status"] != "guidance"].reindex(range(min(years), max(years)))
        gui = rows[rows["status"] == "guidance"]
        col = plotting.color_for(comp)
        # NaN years (no traced figure) leave a gap in the line instead of a straight bridge
        ax.plot(rep.index, rep["capex_usd_bn"], "-o", color=col, ms=4, lw=1.5, label=comp)
        other = rep[rep["definition"].notna() & (rep["definition"] != cash)]
        ax.plot(other.index, other["capex_usd_bn"], "D", color=col, ms=7)
        last = rep["capex_usd_bn"].last_valid_index()
        if len(gui):
            ax.plot(gui.index, gui["capex_usd_bn"], "o", mfc="white", color=col, ms=6)
            ax.plot(
                [last, gui.index[0]],
                [rep.loc[last, "capex_usd_bn"], gui["capex_usd_bn"].iloc[0]],
                ":",
                color=col,
                lw=1.2,
            )
    ax.plot([], [], "D", color=_GREY, ms=6, label="other definition")
    ax.plot([], [], "o", mfc="white", color=_GREY, ms=6, label="2026 guidance")
    (sum_line,) = ax.plot([], [], "-s", color="black", ms=4, lw=1.5, label="all four (sum)")
    (proj_line,) = ax.plot([], [], "--", color=plotting.PALETTE[4], lw=2.5, label="your growth path")
    ax.set_xlim(min(years) - 0.3, max(years) + 0.3)
    ax.set_xticks(years)
    ax.set_xlabel("fiscal year (Microsoft's ends in June)")
    ax.set_ylabel("capital expenditure (US$ bn)")
    ax.legend(loc="upper left", fontsize=8.5, ncols=2)
    all_four = cd.capex_projection(head, "All four", int(head["fiscal_year"].min()) + 3, 0.0)
    # the "all four" sum line never changes: computed once here, not on every update
    sum_all = cd.capex_projection(head, "All four", int(all_four["year"].min()), 0.0)
    sum_x, sum_y = sum_all["year"].to_numpy(), sum_all["actual"].to_numpy()
    head_max = float(np.nanmax(head["capex_usd_bn"].to_numpy()))

    def draw(res, params):
        if params["company"] == "All four":
            sum_line.set_data(sum_x, sum_y)
        else:
            sum_line.set_data([], [])
        proj_line.set_data(res["year"], res["projected"])
        top = np.nanmax(np.r_[res["projected"].to_numpy(), res["actual"].to_numpy(), head_max])
        ax.set_ylim(0, top * 1.1)

    def readout(res, params):
        first = res.iloc[0]
        lines = [
            f"From {params['company']} {int(first['year'])} (${first['actual']:.1f}bn) at "
            f"{params['growth_rate']:+.0%} a year:"
        ]
        for row in res.iloc[1:].itertuples():
            if np.isnan(row.actual):
                lines.append(f"{row.year}: projected ${row.projected:.0f}bn (no figure to compare)")
                continue
            if params["company"] == "All four":
                kind = "compiled"
            else:
                kind = {"guidance": "guidance", "derived": "derived"}.get(row.status, "reported")
            lines.append(
                f"{row.year}: projected ${row.projected:.0f}bn vs {kind} ${row.actual:.0f}bn ({row.gap:+.0%})"
            )
        if params["company"] == "All four":
            lines.append(
                "(The sum adds figures with different definitions: a compiled total, not a reported one.)"
            )
        return "<br>".join(html_text(x) for x in lines)

    # each company's series once (pivots are slow), not on every slider move
    series = {c: cd.company_capex_series(head, c) for c in _COMPANIES}

    def compute(company, base_year, growth_rate):
        return cd.capex_projection(head, company, int(base_year), growth_rate, series=series.get(company))

    controls = {
        "company": widgets.dropdown("company", _COMPANIES, company),
        "base_year": widgets.dropdown("start year", [int(y) for y in years[:-1]], base_year),
        "growth_rate": widgets.slider("growth a year", growth_rate, 0.0, 1.0, 0.01, readout_format=".0%"),
    }
    return widgets.Panel(
        name="capex",
        title="Capex what-if: a steady growth path against what was spent",
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        # static background; the legend is redrawn too, so it stays above the moving lines
        dynamic=[sum_line, proj_line, ax.get_legend()],
        source=data.source_line(capex, max_named=1),
        alt=(
            "Lines of yearly capital spending of Microsoft, Alphabet, Amazon and Meta with 2026 "
            "guidance as open circles, and a dashed line for the chosen constant-growth path."
        ),
    )
