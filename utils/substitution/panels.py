"""Notebook 03's what-if panels, built on :class:`utils.widgets.Panel`.

* :func:`make_scenario_panel`: the substitution scenario explorer (policy path, capacity growth,
  yield, HBM supply, procurement mandate) with supply by source and shares of demand by year.
* :func:`make_cluster_panel`: how many domestic chips, at what power and cost, match a cluster
  of Nvidia chips.

The models, and the default settings derived from the course tables, are in :mod:`.model`;
this module only wires controls, readouts and figures (created once, updated in place).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator

from .. import plotting, render, widgets
from ..i18n import N_, _, fmt_money, language, pgettext
from ..text import html_text
from . import model as substitution
from .model import METRICS, SUBSTITUTE_CHIPS, TARGET_CHIPS, chip_row, cluster_result, default_params

__all__ = ["make_scenario_panel", "make_cluster_panel"]


SERIES = (
    ("nvidia", N_("Nvidia")),
    ("other_foreign", N_("AMD and other foreign")),
    ("domestic", N_("domestic (Huawei-class)")),
    ("unmet", N_("unmet demand")),
)
# colour-blind-safe course palette: Nvidia green as everywhere in the course, domestic blue
_SERIES_COLORS = {
    "nvidia": plotting.color_for("Nvidia"),
    "other_foreign": plotting.PALETTE[1],
    "domestic": plotting.PALETTE[0],
    "unmet": "#c8c8c8",
}


# ----------------------------------------------------------------------------- inputs


# ----------------------------------------------------------------------------- scenario panel


def _scenario_source() -> str:
    return _(
        "Source: course model (utils.substitution); defaults from IDC, Bernstein, Morgan "
        "Stanley, SemiAnalysis estimates (grades B-E), see the table above."
    )


_CONTROLLED = (
    "policy",
    "demand_growth",
    "licence_share",
    "capacity_growth",
    "yield_rate",
    "hbm_stock_mstacks",
    "hbm_mstacks",
    "hbm_growth",
    "mandate",
)

_LIMIT = {"demand": N_("demand (capacity to spare)"), "wafers": N_("SMIC wafers"), "HBM": N_("HBM memory")}


def _rent(usd_bn: float) -> str:
    """A scarcity rent in USD billions: "$12 bn" in English, "1200亿美元" in Chinese."""
    if language() == "zh":
        return fmt_money(usd_bn * 1000)
    return f"${usd_bn:,.0f} bn"


def make_scenario_panel() -> widgets.Panel:
    """The substitution scenario explorer."""
    base = default_params()
    fixed = {k: v for k, v in base.items() if k not in _CONTROLLED}
    years = np.array(substitution.YEARS)

    fig, (ax_c, ax_s) = plotting.new_figure(9.6, 4.3, ncols=2)
    bars = {}
    for key, label in SERIES:
        bars[("c", key)] = ax_c.bar(
            years, np.zeros(len(years)), width=0.72, color=_SERIES_COLORS[key], label=_(label)
        )
        bars[("s", key)] = ax_s.bar(
            years, np.zeros(len(years)), width=0.72, color=_SERIES_COLORS[key], label=_(label)
        )
    (demand_line,) = ax_c.plot(
        years,
        np.zeros(len(years)),
        color="#222222",
        marker="o",
        markersize=4,
        linewidth=1.5,
        label=_("demand"),
    )
    # Few text artists: each costs about 1 ms per picture, and the picture is redrawn on every
    # slider move (years on the x axis, the rule vintage in force under each year).
    ax_c.set_ylabel(_("supply, million H100-equivalents"))
    ax_s.set_ylabel(_("share of demand"))
    ax_s.set_ylim(0, 1)
    ax_s.yaxis.set_major_locator(FixedLocator([0, 0.25, 0.5, 0.75, 1.0]))
    ax_s.yaxis.set_major_formatter(FixedFormatter(["0%", "25%", "50%", "75%", "100%"]))
    ax_c.yaxis.set_major_locator(MaxNLocator(4))
    for ax in (ax_c, ax_s):
        ax.set_xticks(years)
        ax.set_xticklabels([str(y) for y in years], fontsize=9)
        ax.grid(axis="x", visible=False)
        ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    handles, labels = ax_c.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper center", ncols=5, fontsize=9)

    def compute(**params):
        return substitution.supply_scenario(**params)

    def draw(result, params):
        for prefix, scale in (("c", None), ("s", "share_")):
            bottom = np.zeros(len(years))
            for key, _label in SERIES:
                col = key if scale is None else f"share_{key}"
                heights = result[col].to_numpy()
                for rect, h, b in zip(bars[(prefix, key)], heights, bottom):
                    rect.set_height(h)
                    rect.set_y(b)
                bottom = bottom + heights
        demand = result["demand"].to_numpy()
        demand_line.set_ydata(demand)
        top = float(demand.max())
        ax_c.set_ylim(0, render.stepped_top(top, 1.08))  # stepped: most moves keep the axis

    def readout(result, params):
        r = result.set_index("year")
        parts = []
        for y in (2025, 2027, 2030):
            row = r.loc[y]
            line = _(
                "<b>{year}</b> (rules {vintage}): Nvidia {nvidia}, domestic {domestic}, unmet "
                "{unmet} of demand; {units} M domestic chips, limited by {limit}"
            ).format(
                year=y,
                vintage=row["vintage"],
                nvidia=f"{row['share_nvidia']:.0%}",
                domestic=f"{row['share_domestic']:.0%}",
                unmet=f"{row['share_unmet']:.0%}",
                # English "1.78 M"; Chinese in 万 ("178万")
                units=(
                    substitution.units_text(row["domestic_units"], 2)
                    if language() == "zh"
                    else f"{row['domestic_units']:.2f}"
                ),
                limit=_(_LIMIT[row["binding"]]),
            )
            if row["scarcity_rent_usd_bn"] > 0:
                line += _(
                    "; shortage: compute would clear at {index}× the normal price, a scarcity rent "
                    "of {rent} to sellers"
                ).format(index=f"{row['scarcity_price_index']:.1f}", rent=_rent(row["scarcity_rent_usd_bn"]))
            parts.append(line)
        return "<br>".join(parts) + _(
            "<br><i>Shares are of demand in compute (TPP-weighted). Scarcity price at a demand "
            "elasticity of {elasticity}. A scenario, not a forecast.</i>"
        ).format(elasticity=f"{params['demand_elasticity']:g}")

    short = {
        "as announced (2023-10, 2025-04, then 2026-01)": N_("as announced"),
        "strict: April 2025 rules stay": N_("strict (2025-04 stays)"),
        "October 2023 rules stay (H20 allowed)": N_("2023-10 stays (H20)"),
        "loose: October 2022 rules (H800 allowed)": N_("loose (2022-10, H800)"),
    }
    policies = [(_(short.get(name, name)), name) for name in substitution.POLICY_PATHS]
    controls = {
        "policy": widgets.dropdown(_("US rules by year"), policies, base["policy"]),
        "demand_growth": widgets.slider(
            _("demand growth /yr"), round(base["demand_growth"], 2), 0.0, 1.5, 0.01, ".0%"
        ),
        "capacity_growth": widgets.slider(
            _("SMIC wafer growth /yr"), round(base["capacity_growth"], 2), 0.0, 1.0, 0.01, ".0%"
        ),
        "yield_rate": widgets.slider(_("yield"), base["yield_rate"], 0.1, 0.9, 0.01, ".0%"),
        "licence_share": widgets.slider(
            _("cards licensed (H200)"), base["licence_share"], 0.0, 1.0, 0.05, ".0%"
        ),
        "hbm_stock_mstacks": widgets.slider(
            _("HBM stock 2025 (M stacks)"), base["hbm_stock_mstacks"], 0.0, 40.0, 0.5, ".1f"
        ),
        "hbm_mstacks": widgets.slider(_("new HBM (M stacks/yr)"), base["hbm_mstacks"], 0.0, 30.0, 0.1, ".1f"),
        "hbm_growth": widgets.slider(_("new HBM growth /yr"), base["hbm_growth"], 0.0, 1.0, 0.01, ".0%"),
        "mandate": widgets.slider(_("domestic mandate"), base["mandate"], 0.0, 1.0, 0.05, ".0%"),
    }
    return widgets.Panel(
        name="substitution",
        title=_("Substitution scenario explorer"),
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        source=_scenario_source(),
        fixed=fixed,
        # static background (re-rendered when the left y axis moves); only bars and line redrawn
        dynamic=[*(r for group in bars.values() for r in group), demand_line],
        alt=_(
            "Two stacked bar charts by year, 2024 to 2030: left, supply of AI compute to China "
            "by source (Nvidia, other foreign, domestic, unmet) in million H100-equivalents "
            "with demand as a line; right, the same as shares of demand."
        ),
        description=_(
            "Move the sliders: the bars show who supplies China's AI compute each year "
            "(the readout names the US rule vintage in force)."
        ),
    )


# ----------------------------------------------------------------------------- cluster panel


def _fmt(v: float, unit: str) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return _("n/a")
    return f"{v:,.0f} {unit}" if v >= 100 else f"{v:,.1f} {unit}"


def _value(fmt, v: float) -> str:
    """A bar's value: a count, kW, or a cost in USD millions (亿/万美元 in Chinese)."""
    if fmt is None:
        return fmt_money(v) if language() == "zh" else f"${v:,.1f}M"
    return fmt.format(v)


def make_cluster_panel() -> widgets.Panel:
    """Cluster equivalence calculator: chips, power and cost for the same compute."""
    names = {cid: str(chip_row(cid)["chip"]) for cid in TARGET_CHIPS + SUBSTITUTE_CHIPS}
    # One axes, three groups of two bars, each relative to the Nvidia cluster (= 100%): few text
    # artists, so an update stays cheap; the absolute values are written on the bars.
    fig, ax = plotting.new_figure(8.4, 3.2)
    groups = (
        pgettext("cluster bar", "chips"),
        pgettext("cluster bar", "chip power"),
        pgettext("cluster bar", "chip cost"),
    )
    x = np.arange(len(groups))
    width = 0.36
    t_bars = ax.bar(
        x - width / 2, np.ones(3), width, color=_SERIES_COLORS["nvidia"], label=_("Nvidia cluster")
    )
    s_bars = ax.bar(
        x + width / 2, np.ones(3), width, color=_SERIES_COLORS["domestic"], label=_("domestic replacement")
    )
    t_text = [ax.text(xx - width / 2, 0, "", ha="center", va="bottom", fontsize=9) for xx in x]
    s_text = [ax.text(xx + width / 2, 0, "", ha="center", va="bottom", fontsize=9) for xx in x]
    ax.set_xticks(x)
    ax.set_xticklabels(groups)
    ax.set_ylabel(_("vs the Nvidia cluster"))
    ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.grid(axis="x", visible=False)
    legend = ax.legend(loc="upper left", fontsize=9)

    def compute(target, count, substitute, metric, efficiency):
        return cluster_result(target, count, substitute, metric, efficiency)

    def draw(res, params):
        legend.get_texts()[0].set_text(f"{res['target_count']:,} × {res['target']}")
        legend.get_texts()[1].set_text(f"{res['substitute_count']:,} × {res['substitute']}")
        rows = (
            (res["target_count"], res["substitute_count"], "{:,.0f}"),
            (res["target_power_kw"], res["substitute_power_kw"], "{:,.0f} kW"),
            (res["target_cost_musd"], res["substitute_cost_musd"], None),
        )
        top = 1.0
        for i, (a, b, fmt) in enumerate(rows):
            ok_a = a is not None and math.isfinite(a) and a > 0
            ok_b = b is not None and math.isfinite(b)
            rel_b = b / a if (ok_a and ok_b) else 0.0
            t_bars[i].set_height(1.0 if ok_a else 0.0)
            s_bars[i].set_height(rel_b)
            t_text[i].set_position((x[i] - width / 2, 1.0 if ok_a else 0.0))
            t_text[i].set_text(_value(fmt, a) if ok_a else _("no sourced\nfigure"))
            s_text[i].set_position((x[i] + width / 2, rel_b))
            s_text[i].set_text(_value(fmt, b) if (ok_a and ok_b) else _("no sourced\nfigure"))
            top = max(top, rel_b)
        # rounded up to 5%: a count that only shifts the ratio by rounding keeps the axis (and
        # the panel's cached background)
        ax.set_ylim(0, math.ceil(top * 1.45 * 20) / 20)

    def readout(res, params):
        return _(
            "{n} × {target} ≈ <b>{m} × {substitute}</b> on {metric} (one substitute chip = "
            "{ratio} target chips at {efficiency} relative efficiency). Power (chips only): "
            "{power_t} vs {power_s}. Chip spec grades: {grade_t} / {grade_s}; prices are indicative (C)."
        ).format(
            n=f"{res['target_count']:,}",
            target=html_text(res["target"]),
            m=f"{res['substitute_count']:,}",
            substitute=html_text(res["substitute"]),
            metric=html_text(pgettext("metric", res["metric"])),
            ratio=f"{res['per_chip_ratio']:.2f}",
            efficiency=f"{params['efficiency']:.0%}",
            power_t=_fmt(res["target_power_kw"], "kW"),
            power_s=_fmt(res["substitute_power_kw"], "kW"),
            grade_t=res["target_grade"],
            grade_s=res["substitute_grade"],
        )

    controls = {
        "target": widgets.dropdown(
            _("Nvidia cluster of"), [(names[c], c) for c in TARGET_CHIPS], "nvidia-h100-sxm"
        ),
        "count": widgets.int_slider(_("number of chips"), 1000, 8, 100000, 8),
        "substitute": widgets.dropdown(
            _("replaced by"), [(names[c], c) for c in SUBSTITUTE_CHIPS], "huawei-ascend910c"
        ),
        "metric": widgets.dropdown(
            _("match on"), [(pgettext("metric", m), m) for m in METRICS], "TPP (peak dense compute)"
        ),
        "efficiency": widgets.slider(_("relative efficiency"), 1.0, 0.3, 1.2, 0.05, ".0%"),
    }
    return widgets.Panel(
        name="cluster",
        title=_("Cluster equivalence calculator"),
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        # static background (re-rendered when the y axis moves); bars, values, legend redrawn
        dynamic=[*t_bars, *s_bars, *t_text, *s_text, legend],
        source=_(
            "Source: accelerators table (Epoch AI and others, grades B-C); prices: Epoch AI "
            "(C); power is chip TDP only."
        ),
        alt=_(
            "Three pairs of bars comparing an Nvidia cluster with the domestic chips that match "
            "it, relative to the Nvidia cluster: number of chips, chip power, and chip cost, "
            "with the absolute values written on the bars."
        ),
        description=_(
            "Peak specs are an upper bound: 'relative efficiency' below 100% says the "
            "substitute delivers less of its peak than the Nvidia chip does."
        ),
    )
