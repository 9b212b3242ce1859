"""The four what-if panels of notebook 01 and the static TPP–density chart.

* :func:`make_design_panel`: "design a chip": sliders for compute, bit length, die area and
  bandwidths, a data-centre toggle and a rule selector; a live verdict with its reasons and the
  chip's point moving on the TPP–density plane.
* :func:`make_rulebook_panel`: "the rule book over time": pick a month, see which catalogued
  chips are controlled then and which changed status.
* :func:`make_h20_panel`: what the April 2025 H20 licence requirement removed, with a what-if on
  the share of demand lost to domestic chips and the share licensed back.
* :func:`make_who_pays_panel`: who paid for a ban, licences with a revenue share, or a quota: the
  H20 market's supply and demand lines, the surplus areas and the welfare split, with the market
  definition (training, inference, consumer) setting the demand elasticity.

The models are the pure functions of :mod:`utils.export_controls`; this module only wires
widgets and figures (updated in place).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import Rectangle

from .. import data, i18n, plotting, render, widgets
from ..i18n import N_, NP_, _, pgettext
from ..text import html_text
from . import model as ec
from .model import category_text, chip_preset, design_chip, nvidia_china_revenue

__all__ = [
    "draw_regions",
    "plane_axes",
    "plane_grid",
    "plane_figure",
    "make_design_panel",
    "make_rulebook_panel",
    "make_h20_panel",
    "make_who_pays_panel",
    "welfare_areas",
    "story_figure",
    "load_chip",
]

# Axis ranges of the TPP–density plane (log scales).
TPP_RANGE = (500.0, 50000.0)
PD_RANGE = (0.5, 40.0)

CONTROLLED = plotting.PALETTE[3]  # vermillion
FREE = plotting.PALETTE[0]  # blue
UNKNOWN = "#BBBBBB"
CASE = plotting.PALETTE[1]  # orange: controlled, case-by-case review

# Data values shown in the panels, marked for translation (shown with pgettext)
_MARKET_NAMES = (
    NP_("market", "data-centre training chips"),
    NP_("market", "inference chips"),
    NP_("market", "consumer cards"),
    NP_("market", "all"),
)
_GROUP_NAMES = (NP_("actor group", "Chips"), NP_("actor group", "Companies"))


def _money_bn(usd_m: float, digits: int = 1, space: str = " ") -> str:
    """USD millions as "$5.5 bn" (English) or "55亿美元" (Chinese)."""
    if i18n.language() == "zh":
        return i18n.fmt_money(usd_m)
    return f"${usd_m / 1000:.{digits}f}{space}bn"


# ----------------------------------------------------------------------------- model wrapper


# ----------------------------------------------------------------------------- the plane


def draw_regions(ax, *, labels: bool = True, datacenter: bool = True):
    """Shade the October 2023 regions (3A090.a, 3A090.b) on a TPP (x) / density (y) log–log axis."""
    th = ec.thresholds("2023-10")
    x0, x1 = TPP_RANGE
    y0, y1 = PD_RANGE
    col_a, col_b = "#F4C7B0", "#FBE3C6"
    patches = []
    if datacenter:
        rects_a = [
            (th["a1_tpp_min"], y0, x1 - th["a1_tpp_min"], y1 - y0),
            (th["a2_tpp_min"], th["a2_pd_min"], th["a1_tpp_min"] - th["a2_tpp_min"], y1 - th["a2_pd_min"]),
        ]
        rects_b = [
            (
                th["b1_tpp_min"],
                th["b1_pd_min"],
                th["b1_tpp_max"] - th["b1_tpp_min"],
                th["b1_pd_max"] - th["b1_pd_min"],
            ),
            (
                th["b2_tpp_min"],
                th["b2_pd_min"],
                th["b1_tpp_min"] - th["b2_tpp_min"],
                th["b2_pd_max"] - th["b2_pd_min"],
            ),
        ]
    else:
        rects_a = [(th["nondc_tpp_min"], y0, x1 - th["nondc_tpp_min"], y1 - y0)]
        rects_b = []
    for x, y, w, h in rects_a:
        patches.append(ax.add_patch(Rectangle((x, y), w, h, color=col_a, lw=0, zorder=0)))
    for x, y, w, h in rects_b:
        patches.append(ax.add_patch(Rectangle((x, y), w, h, color=col_b, lw=0, zorder=0)))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    for v in sorted({th["a2_tpp_min"], th["b1_tpp_min"], th["a1_tpp_min"]}):
        ax.axvline(v, color="#999999", lw=0.8, ls=":", zorder=1)
    for v in sorted({th["b1_pd_min"], th["b2_pd_min"], th["a2_pd_min"]}):
        ax.axhline(v, color="#999999", lw=0.8, ls=":", zorder=1)
    ticks_x = [500, 1600, 2400, 4800, 10000, 21000, 50000]
    ax.set_xticks(ticks_x, [f"{t:,}" for t in ticks_x], fontsize=8.5)
    ticks_y = [0.5, 1, 1.6, 3.2, 5.92, 10, 20, 40]
    ax.set_yticks(ticks_y, [f"{t:g}" for t in ticks_y], fontsize=8.5)
    ax.minorticks_off()
    ax.set_xlabel(_("total processing performance (TPP = bit length × dense TOPS)"))
    ax.set_ylabel(_("performance density (TPP per mm²)"))
    ax.grid(False)
    if labels:
        kw = dict(fontsize=9, color="#6B2A00", zorder=2)
        ax.text(15000, 1.0, "3A090.a" if datacenter else "3A090.a (TPP ≥ 4,800)", ha="center", **kw)
        if datacenter:
            ax.text(2500, 25, "3A090.a.2", ha="center", **kw)
            ax.text(3400, 2.2, "3A090.b", ha="center", **kw)
        ax.text(
            900,
            1.0,
            pgettext("verdict", "not controlled"),
            ha="center",
            fontsize=9,
            color="#003A63",
            zorder=2,
        )
    return patches


def _status_colour(controlled, case=False):
    if controlled is pd.NA or controlled is None:
        return UNKNOWN
    if bool(controlled):
        return CASE if case else CONTROLLED
    return FREE


# Chips that tell the story: labelled on the plane.
STORY = [
    "nvidia-a100-sxm",
    "nvidia-h100-sxm",
    "nvidia-h20",
    "nvidia-l40s",
    "nvidia-l20",
    "nvidia-l40",
    "nvidia-rtx4090",
    "nvidia-rtx4090d",
    "nvidia-rtx5090d",
    "huawei-ascend910c",
    "biren-br100",
]
_OFFSETS = {  # label offsets in points (negative x: label to the left), chosen by eye
    "nvidia-a100-sxm": (8, -12),
    "nvidia-h100-sxm": (-8, 8),
    "nvidia-h20": (7, -3),
    "nvidia-l40s": (7, 3),
    "nvidia-l20": (-7, -12),
    "nvidia-l40": (7, 0),
    "nvidia-rtx4090": (8, -9),
    "nvidia-rtx4090d": (-8, 2),
    "nvidia-rtx5090d": (-8, -4),
    "huawei-ascend910c": (8, -10),
    "biren-br100": (7, 3),
}
_LABELS = {"nvidia-a100-sxm": N_("A100 = A800 (same compute)"), "nvidia-rtx5090d": "RTX 5090 D = D V2"}


def _short_name(chip: str, chip_id: str) -> str:
    if chip_id in _LABELS:
        return _(_LABELS[chip_id])
    return _LABELS.get(
        chip_id,
        str(chip)
        .replace(" SXM4 80 GB", "")
        .replace(" SXM5 80 GB", "")
        .replace("GeForce ", "")
        .replace(" (HGX)", ""),
    )


def _plane_legend_handles(rule: str) -> list:
    from matplotlib.lines import Line2D

    handles = [
        Line2D([], [], marker="o", ls="", color=CONTROLLED, label=_("controlled")),
        Line2D([], [], marker="o", ls="", color=FREE, label=pgettext("verdict", "not controlled")),
        Line2D([], [], marker="o", ls="", color=UNKNOWN, label=_("cannot decide (figure missing)")),
        Line2D([], [], marker="o", ls="", color="white", markeredgecolor="black", label=_("made for China")),
        Line2D([], [], marker="s", ls="", color="#777777", label=_("not for data centres")),
        Line2D(
            [], [], marker="D", ls="", color="#777777", label=_("Chinese chip (as if it were a US export)")
        ),
    ]
    if rule == "2026-01":
        handles.insert(1, Line2D([], [], marker="o", ls="", color=CASE, label=_("controlled, case-by-case")))
    return handles


def plane_axes(
    ax, rule: str, chips: pd.DataFrame, *, label_ids=None, labels: bool = True, marker_size: float = 46
) -> pd.DataFrame:
    """Draw the catalogue on the TPP–density plane of ``ax``, coloured by the verdicts under
    ``rule``; returns the classified catalogue. One scatter per kind of marker, not per chip."""
    table = ec.classify_catalogue(rule, chips)
    draw_regions(ax, labels=labels)
    y_unknown = PD_RANGE[0] * 1.12
    ax.axhspan(PD_RANGE[0], PD_RANGE[0] * 1.3, color="#EEEEEE", zorder=0.5, lw=0)
    ax.text(TPP_RANGE[0] * 1.05, PD_RANGE[0] * 1.33, _("die area unknown ↓"), fontsize=8, color="#555555")
    t = table["tpp"].to_numpy(dtype=float)
    pdv = table["perf_density"].to_numpy(dtype=float)
    y = np.where(np.isfinite(pdv), pdv, y_unknown)
    marker = np.where(
        table["country"] == "China", "D", np.where(table["datacenter"].fillna(True).astype(bool), "o", "s")
    )
    case = table["category"].astype(str).str.contains("case-by-case").to_numpy()
    colour = np.array([_status_colour(c, k) for c, k in zip(table["controlled"], case)], dtype=object)
    edge = np.where(table["china_market"].fillna(False).astype(bool), "black", "white")
    ok = np.isfinite(t)
    for m in ("o", "s", "D"):
        sel = ok & (marker == m)
        if sel.any():
            ax.scatter(
                t[sel],
                y[sel],
                s=marker_size,
                marker=m,
                c=list(colour[sel]),
                edgecolors=list(edge[sel]),
                linewidths=0.9,
                zorder=3,
            )
    ids = STORY if label_ids is None else label_ids
    by_id = table.set_index("chip_id")
    for cid in ids:
        if cid not in by_id.index:
            continue
        r = by_id.loc[cid]
        yy = r["perf_density"] if np.isfinite(r["perf_density"]) else y_unknown
        off = _OFFSETS.get(cid, (6, 4))
        ax.annotate(
            _short_name(r["chip"], cid),
            (r["tpp"], yy),
            xytext=off,
            textcoords="offset points",
            ha="right" if off[0] < 0 else "left",
            fontsize=8,
            zorder=4,
        )
    return table


def plane_figure(
    rule: str = "2023-10", chips: pd.DataFrame | None = None, *, width=8.6, height=5.2, label_ids=None
):
    """The catalogue on the TPP–density plane, each chip coloured by its status under ``rule``.

    Chips whose die area is not confirmed sit on a strip at the bottom ("density unknown").
    Returns ``(fig, ax, table)`` where ``table`` is the classified catalogue.
    """
    chips = ec.chips() if chips is None else chips
    fig, ax = plotting.new_figure(width, height)
    table = plane_axes(ax, rule, chips, label_ids=label_ids)
    ax.legend(handles=_plane_legend_handles(rule), loc="upper left", fontsize=8, framealpha=0.9)
    return fig, ax, table


def plane_grid(rules, chips: pd.DataFrame | None = None, *, width: float = 13.0, height: float = 4.6):
    """The catalogue on the TPP–density plane under several rules, side by side in one figure
    (the 2023 regions shaded in each; the colours are each rule's verdicts).

    Returns ``(fig, axes, {rule: classified catalogue})``."""
    chips = ec.chips() if chips is None else chips
    rules = list(rules)
    fig, axes = plotting.new_figure(width, height, ncols=len(rules), sharex=True, sharey=True)
    axes = np.atleast_1d(axes)
    tables = {}
    for ax, rule in zip(axes, rules):
        tables[rule] = plane_axes(ax, rule, chips, label_ids=(), labels=False, marker_size=30)
        us = tables[rule][tables[rule]["country"] != "China"]
        n = int(us["controlled"].fillna(False).sum())
        ax.set_title(
            _("rule {rule}: {n} of {total} US chips controlled").format(rule=rule, n=n, total=len(us)),
            fontsize=10,
        )
        if ax is not axes[0]:
            ax.set_ylabel("")
        ax.set_xlabel("TPP")
        ticks = [1600, 4800, 21000]
        ax.set_xticks(ticks, [f"{v:,}" for v in ticks], fontsize=8.5)
    handles = _plane_legend_handles("2026-01" if "2026-01" in rules else rules[-1])
    fig.legend(handles=handles, loc="outside upper center", ncols=4, fontsize=8.5, frameon=False)
    return fig, axes, tables


# ----------------------------------------------------------------------------- panel 1: design


def make_design_panel(chips: pd.DataFrame | None = None, start: str = "nvidia-h20") -> widgets.Panel:
    """'Design a chip': move the sliders, watch the verdict and the point on the plane."""
    import ipywidgets as W

    chips = ec.chips() if chips is None else chips
    p0 = chip_preset(start, chips)
    rules_table = data.load("export_rules")
    th22, th25, th26 = ec.thresholds("2022-10"), ec.thresholds("2025-04"), ec.thresholds("2026-01")

    fig, (ax, axb) = plotting.new_figure(9.6, 4.6, ncols=2, width_ratios=[2.1, 1])
    draw_regions(ax)
    ok = chips[np.isfinite(chips["perf_density"])]
    ax.scatter(
        ok["tpp"],
        ok["perf_density"],
        s=22,
        color="#888888",
        alpha=0.55,
        zorder=2,
        label=_("catalogued chips"),
    )
    point = ax.scatter(
        [p0["dense_tops"] * p0["bits"]],
        [1.0],
        s=150,
        marker="*",
        color="black",
        edgecolor="white",
        linewidth=0.8,
        zorder=5,
        label=_("your chip"),
    )
    label = ax.annotate("", (1, 1), xytext=(8, 6), textcoords="offset points", fontsize=9.5, zorder=6)
    ax.legend(loc="upper left", fontsize=8, framealpha=0.9)

    # bandwidth bars, with the 2022 and 2025 lines
    names = ["DRAM", "I/O", "DRAM + I/O"]
    bars = axb.barh(names, [1, 1, 1], color=FREE, height=0.55)
    axb.invert_yaxis()
    axb.set_xlim(0, 8000)
    axb.set_xlabel(_("bandwidth (GB/s)"))
    marks = []  # threshold marks, drawn over the bars
    for yi, v in [(0, th25["dram_min"]), (1, th25["io_min"]), (2, th25["combined_min"])]:
        marks += axb.plot([v, v], [yi - 0.4, yi + 0.4], color="#7A1F00", lw=2, zorder=4)
    marks += axb.plot([th22["io_min"]] * 2, [0.6, 1.4], color="#555555", lw=1.5, ls="--", zorder=4)
    marks += axb.plot([th26["dram_max"]] * 2, [-0.4, 0.4], color=CASE, lw=1.5, ls="--", zorder=4)
    axb.text(
        th25["combined_min"] + 80, 2.45, _("2025 lines (reported)"), fontsize=7.5, color="#7A1F00", va="top"
    )
    axb.text(th22["io_min"] + 80, 1.47, _("2022 I/O line"), fontsize=7.5, color="#555555", va="top")
    axb.text(
        th26["dram_max"] - 80, 0.45, _("2026 review\nceiling"), fontsize=7.5, color=CASE, ha="right", va="top"
    )
    axb.grid(axis="y", visible=False)
    vtext = ax.text(
        0.985,
        0.03,
        "",
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=10,
        zorder=7,
        bbox=dict(facecolor="white", edgecolor="#CCCCCC", alpha=0.95),
    )

    def compute(
        dense_tops,
        bits,
        die_area_mm2,
        memory_bandwidth_gbps,
        io_bandwidth_gbps,
        datacenter,
        rule,
        start_from="",
    ):
        return design_chip(
            dense_tops=dense_tops,
            bits=bits,
            die_area_mm2=die_area_mm2,
            memory_bandwidth_gbps=memory_bandwidth_gbps,
            io_bandwidth_gbps=io_bandwidth_gbps,
            datacenter=datacenter,
            rule=rule,
        )

    def draw(result, params):
        x = min(max(result.tpp, TPP_RANGE[0] * 1.02), TPP_RANGE[1] / 1.02)
        y = min(max(result.performance_density, PD_RANGE[0] * 1.02), PD_RANGE[1] / 1.02)
        point.set_offsets([[x, y]])
        v = result.verdict
        colour = _status_colour(v.controlled, v.case_by_case)
        point.set_color(colour)
        point.set_edgecolor("black")
        label.xy = (x, y)
        label.set_text(_("controlled") if v.controlled else pgettext("verdict", "not controlled"))
        label.set_color(colour)
        mem, io = params["memory_bandwidth_gbps"], params["io_bandwidth_gbps"]
        for b, w in zip(bars, [mem, io, mem + io]):
            b.set_width(w)
            b.set_color(FREE)
        if params["rule"] in ("2025-04", "2026-01"):
            hits = [mem >= th25["dram_min"], io >= th25["io_min"], mem + io >= th25["combined_min"]]
            for b, h in zip(bars, hits):
                if h:
                    b.set_color(CONTROLLED)
        elif params["rule"] == "2022-10" and io >= th22["io_min"]:
            bars[1].set_color(CONTROLLED)
        vtext.set_text(f"{params['rule']}: {category_text(v.category)}")
        vtext.set_color(colour)

    def readout(result, params):
        v = result.verdict
        colour = _status_colour(v.controlled, v.case_by_case)
        head = (
            _(
                "<b style='color:{colour}'>{status}</b> under the {rule} rule: <b>{category}</b> "
                "&nbsp; TPP = {bits} bits × {tops} TOPS = <b>{tpp}</b>; "
                "density = {tpp} / {die} mm² = <b>{density}</b><br>"
            )
        ).format(
            colour=colour,
            status=_("CONTROLLED") if v.controlled else _("NOT CONTROLLED"),
            rule=html_text(params["rule"]),
            category=html_text(category_text(v.category)),
            bits=params["bits"],
            tops=f"{params['dense_tops']:,g}",
            tpp=f"{result.tpp:,.0f}",
            die=f"{params['die_area_mm2']:,g}",
            density=f"{result.performance_density:.2f}",
        )
        items = "".join(f"<li>{html_text(r)}</li>" for r in v.reasons)
        note = ""
        if params.get("start_from"):
            p = chip_preset(params["start_from"], chips)
            name = html_text(str(chips.loc[chips["chip_id"] == params["start_from"], "chip"].iloc[0]))
            same = (
                all(
                    abs(float(params[k]) - float(p[k])) < 1e-9
                    for k in ("dense_tops", "die_area_mm2", "memory_bandwidth_gbps", "io_bandwidth_gbps")
                )
                and params["bits"] == p["bits"]
                and params["datacenter"] == p["datacenter"]
            )
            if same:
                note = (
                    _(
                        "<small>Figures of the {name}; not in the catalogue, left at a default: {filled}.</small><br>"
                    )
                    if p["_filled"]
                    else _("<small>Figures of the {name}.</small><br>")
                ).format(name=name, filled=", ".join(p["_filled"]))
            else:
                note = _("<small>Started from the {name}, then changed.</small><br>").format(name=name)
        return f"{note}{head}<ul style='margin:0.2em 0;font-size:90%'>{items}</ul>"

    rule_opts = [
        (f"{r} ({rules_table[rules_table['rule'] == r]['citation'].iloc[0].split(';')[0].split(',')[0]})", r)
        for r in ec.RULES
    ]
    controls = {
        # Fine steps: a browser slider snaps its value to the step, and catalogued figures such as
        # 181.05 TFLOPS or 608.5 mm2 must survive that unchanged.
        "dense_tops": widgets.slider(_("dense TOPS"), p0["dense_tops"], 10, 5000, 0.01, ".2f"),
        "bits": widgets.dropdown(
            _("bit length"), [(_("{n} bits").format(n=b), b) for b in (4, 8, 16, 32)], p0["bits"]
        ),
        "die_area_mm2": widgets.slider(_("die area (mm²)"), p0["die_area_mm2"], 100, 2000, 0.01, ".2f"),
        "memory_bandwidth_gbps": widgets.slider(
            _("DRAM GB/s"), p0["memory_bandwidth_gbps"], 50, 8000, 0.1, ".1f"
        ),
        "io_bandwidth_gbps": widgets.slider(_("I/O GB/s"), p0["io_bandwidth_gbps"], 10, 2000, 0.1, ".1f"),
        "datacenter": W.Checkbox(
            value=p0["datacenter"],
            description=_("for data centres"),
            style={"description_width": "150px"},
            layout=W.Layout(width="340px"),
        ),
        "rule": widgets.dropdown(_("rule"), rule_opts, "2023-10"),
        "start_from": widgets.dropdown(
            _("start from"),
            [(_("(your own design)"), "")]
            + [
                (f"{c} ({v})", cid)
                for cid, c, v in zip(chips["chip_id"], chips["chip"], chips["vendor"])
                if ec.dense_ops(chips[chips["chip_id"] == cid].iloc[0])
            ],
            start,
        ),
    }
    panel = widgets.Panel(
        name="design-a-chip",
        title=_("Design a chip"),
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        source=data.short_source(chips),
        # static background: regions, catalogue, legend, axes; only these are drawn per update
        dynamic=[*bars, *marks, point, label, vtext],
        alt=_(
            "Your chip as a star on the TPP–performance-density plane (log scales) with the 2023 control "
            "regions shaded, catalogued chips in grey, and bars of its DRAM and I/O bandwidth against the "
            "2022 and 2025 lines."
        ),
        description=_(
            "Starts as the {chip}; "
            "pick another chip under <i>start from</i>. Drag a slider and watch the star and the verdict. "
            "The 2025 bandwidth lines are <i>reported</i>, not published rules."
        ).format(chip=html_text(str(chips.loc[chips["chip_id"] == start, "chip"].iloc[0]))),
    )

    def _load(change):
        if change["new"]:
            p = chip_preset(change["new"], chips)
            p.pop("_filled")
            panel.set(**p)

    panel.controls["start_from"].observe(_load, names="value")
    return panel


# ----------------------------------------------------------------------------- panel 2: rule book


def _months(start="2022-01", end="2026-06"):
    return [p.strftime("%Y-%m") for p in pd.period_range(start, end, freq="M")]


def make_rulebook_panel(chips: pd.DataFrame | None = None) -> widgets.Panel:
    """'The rule book over time': the catalogue's status in a chosen month."""
    import ipywidgets as W

    chips = ec.chips() if chips is None else chips
    chips = chips.sort_values(["tpp"]).reset_index(drop=True)
    # Precompute the verdicts per rule once: an update is then a table lookup.
    by_rule = ec.catalogue_by_rule(chips)
    n = len(chips)
    fig, ax = plotting.new_figure(9.0, 6.4, layout=None)
    fig.subplots_adjust(left=0.27, right=0.955, top=0.98, bottom=0.2)
    ys = np.arange(n)
    x = chips["tpp"].to_numpy(dtype=float)
    chinese = (chips["country"] == "China").to_numpy()
    # Chinese chips are not US exports: diamonds show where the rule's thresholds would put them.
    sc = ax.scatter(
        x[~chinese],
        ys[~chinese],
        s=60,
        color=[UNKNOWN] * int((~chinese).sum()),
        edgecolor="white",
        linewidth=1.2,
        zorder=3,
    )
    sc_cn = ax.scatter(
        x[chinese],
        ys[chinese],
        s=52,
        marker="D",
        color=[UNKNOWN] * int(chinese.sum()),
        edgecolor="white",
        linewidth=1.2,
        zorder=3,
    )
    # The chip names never change: they are part of the panel's cached static background, drawn
    # once (34 text labels would otherwise cost most of every update).
    names = [f"{c}  ({v})" for c, v in zip(chips["chip"], chips["vendor"])]
    ax.set_yticks(ys, names, fontsize=8)
    ax.tick_params(axis="y", length=0)
    ax.set_xscale("log")
    ax.set_xlim(1000, 50000)
    ticks = [1600, 2400, 4800, 10000, 21000, 50000]
    ax.set_xticks(ticks, [f"{t:,}" for t in ticks])
    ax.minorticks_off()
    ax.set_xlabel(_("total processing performance (TPP)"))
    ax.set_ylim(-1, n)
    ax.grid(axis="y", visible=False)
    lines = {v: ax.axvline(v, color="#999999", ls=":", lw=1, zorder=1) for v in (1600, 2400, 4800, 21000)}
    title = ax.text(
        0.99,
        0.02,
        "",
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=11,
        bbox=dict(facecolor="white", edgecolor="#CCCCCC"),
    )
    from matplotlib.lines import Line2D

    ax.legend(
        handles=[
            Line2D([], [], marker="o", ls="", color=CONTROLLED, label=_("controlled")),
            Line2D([], [], marker="o", ls="", color=CASE, label=_("controlled, case-by-case")),
            Line2D([], [], marker="o", ls="", color=FREE, label=pgettext("verdict", "not controlled")),
            Line2D([], [], marker="o", ls="", color=UNKNOWN, label=_("not launched / cannot decide")),
            Line2D(
                [],
                [],
                marker="o",
                ls="",
                color="white",
                markeredgecolor="black",
                markeredgewidth=2,
                label=_("status changed"),
            ),
            Line2D([], [], marker="D", ls="", color="#777777", label=_("Chinese chip (not a US export)")),
        ],
        loc="upper left",
        fontsize=8,
        framealpha=0.95,
    )

    def compute(month):
        on = pd.Period(month, freq="M").to_timestamp(how="end").normalize()
        t = ec.status_table(on, chips, by_rule=by_rule)
        out = t[["chip_id", "chip", "vendor", "tpp", "launched", "controlled", "category", "changed"]].assign(
            chinese=chinese
        )
        out.attrs["rule"] = None if t["rule"].iloc[0] == "none" else t["rule"].iloc[0]
        out.attrs["date"] = on.date().isoformat()
        return out

    def draw(result, params):
        cols, edges, widths = [], [], []
        for r in result.itertuples():
            if not r.launched:
                cols.append("#EEEEEE")
            else:
                cols.append(
                    _status_colour(r.controlled, isinstance(r.category, str) and "case-by-case" in r.category)
                )
            edges.append("black" if r.changed else "white")
            widths.append(2.0 if r.changed else 1.2)
        cols, edges, widths = np.array(cols, dtype=object), np.array(edges, dtype=object), np.array(widths)
        for scat, mask in ((sc, ~chinese), (sc_cn, chinese)):
            scat.set_facecolors(list(cols[mask]))
            scat.set_edgecolors(list(edges[mask]))
            scat.set_linewidths(widths[mask])
        rule = result.attrs["rule"]
        title.set_text(
            f"{params['month']}: "
            + (_("rule {rule} in force").format(rule=rule) if rule else _("no chip thresholds yet"))
        )
        for v, ln in lines.items():
            ln.set_visible(
                rule is not None and (v != 21000 or rule == "2026-01") and (v == 4800 or rule != "2022-10")
            )

    def readout(result, params):
        rule = result.attrs["rule"]
        live = result[result["launched"] & ~result["chinese"]]
        if rule is None:
            return _(
                "<b>{month}</b>: no rule set performance thresholds yet (the first came on "
                "{first}). {n} catalogued chips launched by then."
            ).format(month=params["month"], first=ec.rule_info("2022-10")["announced"], n=len(live))
        info = ec.rule_info(rule)
        nctl = int(live["controlled"].fillna(False).sum())
        nund = int(live["controlled"].isna().sum())
        ch = live[live["changed"]]
        changed = _(", ").join(
            (_("{chip} (now controlled)") if bool(k) else _("{chip} (now free)")).format(chip=c)
            for c, k in zip(ch["chip"], ch["controlled"])
        ) or _("none")
        return (
            _("<b>{month}</b>: rule <b>{rule}</b>, {title} ({citation}), announced {announced}").format(
                month=params["month"],
                rule=rule,
                title=html_text(i18n.data_text("rule_title", info["title"], "export_rules")),
                citation=html_text(info["citation"]),
                announced=info["announced"],
            )
            + (_(", effective {date}").format(date=info["effective"]) if info["effective"] else "")
            + _(".<br>")
            + _("Controlled: <b>{n}</b> of {total} catalogued chips from US vendors launched by then").format(
                n=nctl, total=len(live)
            )
            + (_(" ({n} cannot be decided: a figure is missing)").format(n=nund) if nund else "")
            + _(".<br>Changed status when this rule replaced the previous one: {changed}.").format(
                changed=html_text(changed)
            )
            + _(
                "<br><small>Diamonds are Chinese chips: not US exports, shown where the rule's thresholds would put "
                "them.</small>"
            )
        )

    months = _months()
    controls = {
        "month": W.SelectionSlider(
            options=months,
            value="2024-06",
            description=_("month"),
            continuous_update=True,
            style={"description_width": "60px"},
            layout=W.Layout(width="340px"),
        )
    }
    return widgets.Panel(
        name="rule-book",
        title=_("The rule book over time"),
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        source=data.short_source(chips, data.load("export_rules")),
        # static background: names, axes, legend; only the dots, threshold lines and title redrawn
        dynamic=[*lines.values(), sc, sc_cn, title],
        alt=_(
            "Each catalogued chip as a dot on a TPP axis, one row per chip, coloured by whether it needed a "
            "licence for China in the chosen month; ringed dots changed status with the latest rule."
        ),
        description=_(
            "Drag through the months. Dates follow each rule's announcement; chips appear in their launch year."
        ),
    )


# ----------------------------------------------------------------------------- panel 3: H20


def make_h20_panel() -> widgets.Panel:
    """What the April 2025 H20 licence requirement removed, and a what-if."""
    figs = ec.h20_figures()
    h20 = data.load("nvidia_h20")
    rev = nvidia_china_revenue()
    q0 = float(figs.loc["h20_outlook_loss", "value"])
    fee0, fee0_words = ec.revenue_share()
    d0 = ec.h20_whatif_defaults()
    # Default resale share, a course estimate from Nvidia's Q2 FY2026: H20 sold outside China
    # against the H20 revenue loss in its Q2 outlook.
    resold0 = float(figs.loc["h20_sales_outside_china", "value"]) / q0

    fig, (ax, axr) = plotting.new_figure(9.6, 4.4, ncols=2, width_ratios=[1.35, 1])
    disclosed = [
        (_("charge estimated\n(15 Apr 2025)"), "charge_estimate"),
        (_("charge recorded\n(Q1 FY2026)"), "charge_recorded"),
        (_("H20 revenue not\nshipped in Q1"), "h20_revenue_unshipped"),
        (_("H20 loss in Q2\noutlook"), "h20_outlook_loss"),
    ]
    whatif_labels = [
        _("what-if: gross\nat risk"),
        _("…lost to\ndomestic chips"),
        _("…licensed back,\nnet of fee"),
        _("…resold outside\nChina"),
        _("…net loss"),
    ]
    div, unit = i18n.money_unit()  # (1000, "USD billions") or (100, "亿美元")
    labels = [d[0] for d in disclosed] + whatif_labels
    vals = [figs.loc[k, "value"] / div for _k, k in disclosed]
    colours = [plotting.PALETTE[7]] * 4 + [
        plotting.PALETTE[2],
        plotting.PALETTE[3],
        plotting.PALETTE[0],
        plotting.PALETTE[5],
        plotting.PALETTE[4],
    ]
    bars = ax.barh(labels, vals + [0] * len(whatif_labels), color=colours, height=0.6)
    ax.invert_yaxis()
    ax.set_xlabel(unit)
    ax.axhline(3.5, color="#999999", lw=0.8)
    ax.grid(axis="y", visible=False)
    ax.tick_params(axis="y", labelsize=8)
    vtexts = [ax.text(0, i, "", va="center", fontsize=8) for i in range(len(labels))]
    for i, v in enumerate(vals):
        vtexts[i].set_text(f" {v:.1f}")
        vtexts[i].set_x(v)
    # China revenue by fiscal year and basis (context, static)
    years = sorted(int(y) for y in rev["fiscal_year"].unique())
    pos = {y: i for i, y in enumerate(years)}
    styles = {
        "billing_location": dict(offset=-0.2, hatch=None, alpha=1.0, label=_("billed to China")),
        "customer_headquarters": dict(
            offset=0.2, hatch="///", alpha=0.6, label=_("customers headquartered in China")
        ),
    }
    for basis, st in styles.items():
        sub = rev[rev["basis"] == basis]
        if sub.empty:
            continue
        xs = [pos[int(y)] + st["offset"] for y in sub["fiscal_year"]]
        bb = axr.bar(
            xs,
            sub["china_revenue"] / div,
            width=0.4,
            color=plotting.color_for("China"),
            alpha=st["alpha"],
            hatch=st["hatch"],
            label=st["label"],
            edgecolor="white",
        )
        for b_, g in zip(bb, sub["grade"]):
            if g in ("C", "D", "E"):
                b_.set_edgecolor("black")
    other = rev[~rev["basis"].isin(list(styles))]
    if len(other):
        axr.bar(
            [pos[int(y)] for y in other["fiscal_year"]],
            other["china_revenue"] / div,
            width=0.3,
            color="#BBBBBB",
            label=_("other basis"),
        )
    axr.set_xticks(range(len(years)), [_("FY{year}").format(year=y) for y in years])
    axr.set_ylabel(unit)
    axr.set_xlabel(_("fiscal year (ends late January)"))
    axr.tick_params(axis="x", labelsize=8, rotation=45)
    axr.grid(axis="x", visible=False)
    axr.legend(
        loc="upper left",
        fontsize=7.5,
        title=_("China incl. Hong Kong; black edge: grade C"),
        title_fontsize=7.5,
        framealpha=0.9,
    )
    ax.set_xlim(0, max(vals) * 2.3)

    def compute(quarterly_revenue_bn, quarters, share_lost_pct, share_back_pct, fee_pct, resold_pct):
        return ec.h20_whatif(
            quarterly_revenue=quarterly_revenue_bn * 1000,
            quarters=int(quarters),
            share_lost_to_domestic=share_lost_pct / 100,
            share_licensed_back=share_back_pct / 100,
            revenue_share_to_usg=fee_pct / 100,
            share_resold_elsewhere=resold_pct / 100,
        )

    def draw(result, params):
        w = [
            result.gross_at_risk,
            result.lost_to_domestic,
            result.licensed_back - result.paid_to_usg,
            result.resold_elsewhere,
            result.net_loss,
        ]
        for i, v in enumerate(w):
            b = bars[4 + i]
            b.set_width(v / div)
            vtexts[4 + i].set_x(v / div)
            vtexts[4 + i].set_text(f" {v / div:.1f}")
        top = max(max(vals), result.gross_at_risk / div)
        ax.set_xlim(0, render.stepped_top(top, 1.3))  # stepped: most moves keep the axis

    fy25 = rev[(rev["fiscal_year"] == 2025) & (rev["basis"] == "billing_location")]
    fy25_rev = float(fy25["china_revenue"].iloc[0]) if len(fy25) else None  # once, not per update

    def readout(result, params):
        share = ""
        if fy25_rev is not None:
            share = _(
                " That net loss equals <b>{pct}%</b> of Nvidia's FY2025 revenue billed to China ({revenue})."
            ).format(pct=f"{result.net_loss / fy25_rev * 100:.0f}", revenue=_money_bn(fy25_rev))
        return _(
            "Over {quarters} quarter(s) at {per_quarter} a quarter, "
            "<b>{gross}</b> of H20 revenue is at risk; "
            "{lost} goes to domestic chips for good, "
            "{back} comes back under licence, of which "
            "{fee} is paid to the US government; "
            "{resold} of chips is resold outside China. "
            "<b>Net loss {net}.</b>{share}<br><small>A what-if, not a forecast: "
            "the default quarterly figure is NVIDIA's own Q2 FY2026 outlook loss (an outlook, grade "
            "{grade}); the fee of {fee_words} is what US officials expected, no regulation codifies it; "
            "the default resale share ({resold0}%) is the course's estimate (grade E): H20 sold outside China in "
            "Q2 FY2026 divided by that outlook loss.</small>"
        ).format(
            quarters=params["quarters"],
            per_quarter=_money_bn(params["quarterly_revenue_bn"] * 1000),
            gross=_money_bn(result.gross_at_risk),
            lost=_money_bn(result.lost_to_domestic),
            back=_money_bn(result.licensed_back),
            fee=_money_bn(result.paid_to_usg, 2),
            resold=_money_bn(result.resold_elsewhere),
            net=_money_bn(result.net_loss),
            share=share,
            grade=figs.loc["h20_outlook_loss", "grade"],
            fee_words=fee0_words,
            resold0=f"{resold0 * 100:.1f}",
        )

    controls = {
        "quarterly_revenue_bn": widgets.slider(_("H20 $bn / quarter"), q0 / 1000, 0.5, 15, 0.1, ".1f"),
        "quarters": widgets.int_slider(_("quarters"), d0["quarters"], 1, 8),
        "share_lost_pct": widgets.slider(_("% lost to domestic"), d0["share_lost_pct"], 0, 100, 1, ".0f"),
        "share_back_pct": widgets.slider(_("% licensed back"), d0["share_back_pct"], 0, 100, 1, ".0f"),
        "fee_pct": widgets.slider(_("% fee to US govt"), fee0 * 100, 0, 50, 1, ".0f"),
        "resold_pct": widgets.slider(
            _("% resold outside China"), round(resold0 * 100, 1), 0, 100, 0.1, ".1f"
        ),
    }
    return widgets.Panel(
        name="h20-whatif",
        title=_("What the H20 licence requirement removed"),
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        source=data.short_source(h20, rev),
        # static background (re-rendered when the x axis moves); only the what-if bars redrawn
        dynamic=[*bars[4:], *vtexts[4:]],
        alt=_(
            "Left: bars of NVIDIA's disclosed H20 figures (a $5.5bn estimated charge, $4.5bn recorded, $2.5bn "
            "unshipped, about $8bn lost from the Q2 outlook) and of the what-if results. Right: Nvidia revenue "
            "billed to China by fiscal year."
        ),
        description=_("Grey bars are NVIDIA's disclosures; coloured bars are your what-if."),
    )


# ----------------------------------------------------------------------------- panel 4: who paid


def _supply_vertices(curves, q0: float, q1: float) -> list:
    """The supply line from q0 to q1, never below a price of zero (a kink where it crosses 0)."""
    pts = [q0, q1]
    if curves.c < 0 and curves.d > 0:
        qz = -curves.c / curves.d  # quantity supplied at a price of zero
        if q0 < qz < q1:
            pts = [q0, qz, q1]
    return [(q, curves.supply_price(q)) for q in pts]


def welfare_areas(result) -> dict:
    """The shaded areas of the who-pays picture for the shown policy, in (million chips, USD)
    coordinates: {name: array of vertices or None}, names ``consumer``, ``producer``, ``middle``
    (the fee revenue or the quota's rent) and ``deadweight``; plus the after-policy prices.
    Pure geometry from the model's result, so the tests can check it without a figure."""
    m, o, base = result.curves, result.shown, result.before
    q1, q0 = o.quantity, base.quantity
    if q1 <= 0:  # a ban: everything between the lines up to the old quantity is lost
        dwl = [(0.0, m.demand_price(0.0)), (q0, base.buyer_price)]
        dwl += _supply_vertices(m, 0.0, q0)[::-1]
        return {"consumer": None, "producer": None, "middle": None, "deadweight": np.array(dwl), "q1": 0.0}
    top = m.demand_price(q1)  # what the last buyer would pay
    floor = m.supply_price(q1)  # what the last unit costs to supply
    consumer = np.array([(0.0, m.demand_price(0.0)), (q1, top), (0.0, top)])
    producer = [(0.0, floor), (q1, floor)] + _supply_vertices(m, 0.0, q1)[::-1]
    middle = np.array([(0.0, floor), (q1, floor), (q1, top), (0.0, top)])
    dwl = [(q1, top), (q0, base.buyer_price)] + _supply_vertices(m, q1, q0)[::-1]
    return {
        "consumer": consumer,
        "producer": np.array(producer),
        "middle": middle if top - floor > 1e-9 else None,
        "deadweight": np.array(dwl) if q0 - q1 > 1e-12 else None,
        "q1": q1,
        "top": top,
        "floor": floor,
    }


# English labels, marked with N_ and translated where shown
_POLICY_LABELS = [
    (N_("ban (April 2025 as applied)"), "ban"),
    (N_("licences + revenue share"), "revenue share"),
    (N_("quota (limited licences)"), "quota"),
]
_HOLDER_LABELS = [
    (N_("NVIDIA (holds the licences)"), "sellers"),
    (N_("Chinese buyers (import rights)"), "buyers"),
    (N_("US government (auctioned)"), "government"),
]
_SHORT_WHO = {"sellers": N_("NVIDIA"), "buyers": N_("buyers"), "government": N_("US government")}
_WHO = {
    "sellers": N_("NVIDIA, which holds the licences"),
    "buyers": N_("Chinese buyers"),
    "government": N_("the US government"),
}


def _pct(x: float, decimals: int = 1) -> str:
    """A signed percentage with a true minus sign: '+9.4%', '−7.0%'."""
    return f"{x:+.{decimals}%}".replace("-", "−")


def _num(x: float) -> str:
    """A number as short as it goes, with a true minus sign: '−1.5', '2'."""
    return f"{x:g}".replace("-", "−")


def _bn(x: float, signed: bool = True) -> str:
    """USD millions as '−$0.51bn' / '+$0.61bn' (signed) or '$0.51bn' (Chinese: '−5.1亿美元')."""
    if i18n.language() == "zh":
        if not signed:
            return i18n.fmt_money(abs(x))
        if abs(x) < 5:
            return i18n.fmt_money(0.0)
        return ("+" if x > 0 else "−") + i18n.fmt_money(abs(x))
    v = x / 1000
    if not signed:
        return f"${abs(v):,.2f}bn"
    if abs(v) < 0.005:
        return "$0.00bn"
    return f"{'+' if v > 0 else '−'}${abs(v):,.2f}bn"


def make_who_pays_panel() -> widgets.Panel:
    """'Who paid?': a ban, licences with a revenue share, or a quota in a linear H20 market,
    with the market definition (training, inference, consumer) setting the demand elasticity."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Polygon
    from matplotlib.ticker import MaxNLocator

    r0 = ec.who_pays()
    cal = r0.calibration
    assumptions = ec.market_assumptions()
    fee0, fee_words0 = ec.revenue_share()
    P0, Q0 = cal.price, cal.quantity
    KQ, KP = 1000.0, 1 / 1000.0  # axes in thousand chips and USD thousand

    fig, ax = plotting.new_figure(8.8, 4.6)
    ax.set_xlim(0, 1.6 * Q0 * KQ)
    ax.set_xlabel(_("H20s sold in a quarter (thousands)"))
    ax.set_ylabel(_("price per H20 (USD thousands)"))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    cs_col, ps_col, gov_col = plotting.PALETTE[5], plotting.color_for("Nvidia"), plotting.PALETTE[1]
    colour_of = {"buyers": cs_col, "sellers": ps_col, "government": gov_col}
    kw = dict(closed=True, lw=0, zorder=1)
    cs = ax.add_patch(Polygon(np.zeros((3, 2)), facecolor=cs_col, alpha=0.45, **kw))
    ps = ax.add_patch(Polygon(np.zeros((3, 2)), facecolor=ps_col, alpha=0.45, **kw))
    mid = ax.add_patch(Polygon(np.zeros((4, 2)), facecolor=gov_col, alpha=0.55, **kw))
    dwl = ax.add_patch(Polygon(np.zeros((3, 2)), facecolor="#9E9E9E", alpha=0.8, **kw))
    (demand,) = ax.plot([], [], color=plotting.color_for("China"), lw=2, zorder=3)
    (supply,) = ax.plot([], [], color=plotting.PALETTE[0], lw=2, zorder=3)
    ax.plot([Q0 * KQ], [P0 * KP], "o", color="black", ms=7, zorder=5)  # the market before: fixed
    ax.annotate(
        _("before"),
        (Q0 * KQ, P0 * KP),
        xytext=(9, 0),
        textcoords="offset points",
        va="center",
        fontsize=8.5,
    )
    (paid,) = ax.plot([], [], "v", color="black", ms=7, zorder=5)
    (kept,) = ax.plot([], [], "^", color="black", mfc="white", ms=7, zorder=5)
    cut = ax.axvline(0, color="#555555", lw=0.8, ls=":", zorder=2)
    caption = ax.text(
        0.985,
        0.975,
        "",
        transform=ax.transAxes,
        ha="right",
        va="top",
        fontsize=9,
        zorder=6,
        bbox=dict(facecolor="white", edgecolor="#CCCCCC", alpha=0.95),
    )
    before_text = _("H20s sold a quarter before: {k}k at \\${price}").format(
        k=f"{Q0 * KQ:,.0f}", price=f"{P0:,.0f}"
    )
    fig.legend(
        handles=[
            Line2D([], [], color=plotting.color_for("China"), lw=2, label=_("demand (Chinese buyers)")),
            Line2D([], [], color=plotting.PALETTE[0], lw=2, label=_("supply (NVIDIA)")),
            Patch(facecolor=cs_col, alpha=0.45, label=_("consumer surplus")),
            Patch(facecolor=ps_col, alpha=0.45, label=_("producer surplus")),
            Patch(facecolor=gov_col, alpha=0.55, label=_("US government's fee")),
            Patch(
                facecolor="white",
                hatch="//",
                edgecolor="#555555",
                label=_("scarcity rent (its holder's colour)"),
            ),
            Patch(facecolor="#9E9E9E", alpha=0.8, label=_("deadweight loss")),
            Line2D([], [], marker="v", ls="", color="black", label=_("price buyers pay")),
            Line2D([], [], marker="^", ls="", color="black", mfc="white", label=_("price NVIDIA keeps")),
        ],
        loc="outside right center",
        fontsize=8,
        frameon=False,
    )
    ax.grid(alpha=0.3)
    xmax = 1.6 * Q0

    def _set(patch, verts):
        if verts is None:
            patch.set_visible(False)
        else:
            patch.set_xy(verts * [KQ, KP])
            patch.set_visible(True)

    def compute(market, policy, fee_pct, quota_pct, rent_holder, supply_elasticity):
        return ec.who_pays(
            market=market,
            policy=policy,
            fee_share=fee_pct / 100,
            quota_share=quota_pct / 100,
            rent_holder=rent_holder,
            supply_elasticity=supply_elasticity,
        )

    def draw(result, params):
        m = result.curves
        q_end = min(xmax, m.a / m.b)
        demand.set_data([0, q_end * KQ], [m.a * KP, m.demand_price(q_end) * KP])
        sv = _supply_vertices(m, 0.0, xmax)
        supply.set_data([q * KQ for q, _ in sv], [p * KP for _, p in sv])
        areas = welfare_areas(result)
        _set(cs, areas["consumer"])
        _set(ps, areas["producer"])
        _set(mid, areas["middle"])
        _set(dwl, areas["deadweight"])
        o = result.shown
        if result.policy == "quota":
            mid.set_facecolor(colour_of[result.rent_holder])
            mid.set_hatch("//")
            mid.set_edgecolor("#555555")
        else:
            mid.set_facecolor(gov_col)
            mid.set_hatch(None)
            mid.set_edgecolor("none")
        q1 = areas["q1"]
        if q1 > 0:
            paid.set_data([q1 * KQ], [o.buyer_price * KP])
            kept.set_data([q1 * KQ], [o.seller_price * KP])
            cut.set_xdata([q1 * KQ, q1 * KQ])
            cut.set_visible(True)
            caption.set_text(
                _("{before}; after: {k}k ({change})").format(
                    before=before_text, k=f"{q1 * KQ:,.0f}", change=_pct(q1 / Q0 - 1, 0)
                )
            )
        else:
            paid.set_data([], [])
            kept.set_data([], [])
            cut.set_visible(False)
            caption.set_text(_("{before}; after: none").format(before=before_text))
        top = max(m.a, 1.5 * P0) * KP
        ax.set_ylim(0, render.stepped_top(top, 1.05, ax.get_ylim()[1]))

    def readout(result, params):
        sp = result.split.set_index("policy")
        fee_w = ec.fee_words(result.fee_share)
        names = {
            "ban": _("ban (no licences)"),
            "revenue share": _("licences, fee of {fee}").format(fee=fee_w),
            "quota": _("quota of {quota}, rent to {who}").format(
                quota=f"{result.quota_share:.0%}", who=_(_SHORT_WHO[result.rent_holder])
            ),
        }
        own = abs(result.supply_elasticity - es0) > 1e-9
        zh = i18n.language() == "zh"
        head = (
            _("<b>{market}</b>: demand elasticity {ed}, supply elasticity {es}").format(
                market=html_text(pgettext("market", result.market)),
                ed=_num(result.demand_elasticity),
                es=_num(result.supply_elasticity),
            )
            + (_(" (your setting; the course assumes {es})").format(es=_num(es0)) if own else "")
            + _(
                ": course assumptions (grade {grades}), not estimates. "
                "One quarter of H20 sales at the rate before April 2025: {quantity} at "
                "about {price} (an estimate, grade {grade}) = {revenue}.<br>"
            ).format(
                grades=grades,
                quantity=f"{Q0 * 100:.3g}万枚芯片" if zh else f"{Q0 * 1000:,.0f} thousand chips",
                price=f"{P0:,.0f}美元" if zh else f"${P0:,.0f}",
                grade=price_grade,
                revenue=_bn(P0 * Q0, signed=False),
            )
        )
        o = result.shown
        r = sp.loc[result.policy]

        def usd(x):
            return f"{x:,.0f}美元" if zh else f"${x:,.0f}"

        if result.policy == "ban":
            line = _(
                "<b>A ban</b> (the April 2025 requirement as applied: no licences): no H20s sold; Chinese buyers "
                "lose {buyers}, NVIDIA {nvidia}; nobody gains."
            ).format(buyers=_bn(-r["buyers"], signed=False), nvidia=_bn(-r["nvidia"], signed=False))
        elif result.policy == "revenue share":
            share = r["buyers_share_of_fee"]
            line = _(
                "<b>Licences with a fee of {fee}</b> of the price to the US government: buyers pay "
                "{paid} ({paid_change}), NVIDIA keeps {kept} "
                "({kept_change}). Buyers bear <b>{share}</b> of the fee, NVIDIA {nvidia_share} "
                "(pass-through ε<sub>S</sub> / (ε<sub>S</sub> − ε<sub>D</sub>) = {pass_through})."
            ).format(
                fee=html_text(fee_w),
                paid=usd(o.buyer_price),
                paid_change=_pct(o.buyer_price / P0 - 1),
                kept=usd(o.seller_price),
                kept_change=_pct(o.seller_price / P0 - 1),
                share=f"{share:.0%}",
                nvidia_share=f"{1 - share:.0%}",
                pass_through=f"{result.pass_through:.0%}",
            )
        else:
            line = (
                _(
                    "<b>A quota of {quota}</b> of the sales ({quantity}): buyers pay {paid}, NVIDIA keeps {kept}"
                ).format(
                    quota=f"{result.quota_share:.0%}",
                    quantity=f"{o.quantity * 100:.3g}万枚芯片"
                    if zh
                    else f"{o.quantity * 1000:,.0f} thousand chips",
                    paid=usd(o.buyer_price),
                    kept=usd(o.seller_price),
                )
                + (
                    _(" (the last chip costs {cost} to supply)").format(
                        cost=usd(result.curves.supply_price(o.quantity))
                    )
                    if result.rent_holder == "sellers"
                    else ""
                )
                + _("; the scarcity rent of {rent} goes to {who}.").format(
                    rent=_bn(o.rent, signed=False), who=html_text(_(_WHO[result.rent_holder]))
                )
            )
        td = "<td style='padding:0 0.9em;text-align:right'>"
        cells = "".join(
            f"<tr><td style='padding-right:0.9em'>{html_text(names[k])}</td>{td}{_bn(sp.loc[k, 'buyers'])}</td>"
            f"{td}{_bn(sp.loc[k, 'nvidia'])}</td>{td}{_bn(sp.loc[k, 'government'])}</td>"
            f"{td}{_bn(-sp.loc[k, 'deadweight_loss'])}</td></tr>"
            for k in sp.index
        )
        th = "<th style='padding:0 0.9em;text-align:right'>"
        table = (
            "<table style='font-size:90%;border-collapse:collapse;margin:0.2em 0'><tr>"
            "<th style='text-align:left;padding-right:0.9em'>"
            + _("a quarter, against no policy")
            + "</th>"
            + "".join(
                f"{th}{h}</th>"
                for h in (_("Chinese buyers"), _("NVIDIA"), _("US government"), _("lost to all (deadweight)"))
            )
            + f"</tr>{cells}</table>"
        )
        gov = r["government"]
        nv = r["nvidia"]
        who = (
            (
                _("<b>Who paid?</b> Chinese buyers lose {buyers}, ")
                if r["buyers"] < 0
                else _("<b>Who paid?</b> Chinese buyers gain {buyers}, ")
            ).format(buyers=_bn(abs(r["buyers"]), signed=False))
            + (_("NVIDIA loses {nvidia}") if nv < 0 else _("NVIDIA gains {nvidia}")).format(
                nvidia=_bn(abs(nv), signed=False)
            )
            + (_(", the US government gets {gov}").format(gov=_bn(gov, signed=False)) if gov > 0 else "")
            + _("; {dwl} is lost to everyone.<br>").format(dwl=_bn(r["deadweight_loss"], signed=False))
            + _(
                "<small>Surplus is what buyers would have paid above the price, and NVIDIA's margin above the "
                "cost of supplying these chips (the supply line): not revenue. Linear lines through the one "
                "observed point; the elasticities decide the split.</small>"
            )
        )
        return head + line + table + who

    controls = {
        "market": widgets.dropdown(
            _("market definition"), [(pgettext("market", m), m) for m in ec.MARKETS], r0.market
        ),
        "policy": widgets.dropdown(_("picture shows"), [(_(t), v) for t, v in _POLICY_LABELS], r0.policy),
        "fee_pct": widgets.slider(_("% fee to US govt"), fee0 * 100, 0, 50, 1, ".0f"),
        "quota_pct": widgets.slider(_("quota, % of sales"), r0.quota_share * 100, 0, 100, 5, ".0f"),
        "rent_holder": widgets.dropdown(
            _("quota rent goes to"), [(_(t), v) for t, v in _HOLDER_LABELS], r0.rent_holder
        ),
        "supply_elasticity": widgets.slider(
            _("supply elasticity"), r0.supply_elasticity, 0.2, 10, 0.1, ".1f"
        ),
    }
    grades = "–".join(sorted(set(assumptions["grade"])))
    es0 = float(assumptions.set_index("market").loc["all", "value"])
    price_grade = dict((w, g) for w, _, g in cal.sources)["H20 price"]
    h20_rows = data.load("nvidia_h20")
    h20_rows = h20_rows[h20_rows["metric"].isin(["h20_sales_before_requirement", "revenue_share_pct"])]
    price_row = data.load("production_constraints")
    price_row = price_row[price_row["constraint_id"] == "price-h20"]
    panel = widgets.Panel(
        name="who-pays",
        title=_("Who paid for the export controls?"),
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        source=data.short_source(h20_rows, price_row, assumptions),
        dynamic=[cs, ps, mid, dwl, demand, supply, paid, kept, cut, caption],
        alt=_(
            "Supply and demand for the H20 in China: a falling demand line and a rising supply line crossing "
            "at the H20's price; shaded areas show consumer surplus, producer surplus, the US government's fee "
            "or a quota's scarcity rent, and the deadweight loss of the chosen policy."
        ),
        description=_(
            "Pick the market definition (it sets how strongly Chinese buyers respond to price) and the "
            "policy the picture shows; the table compares all three. The elasticities are course "
            "assumptions, not estimates; the fee starts at the {fee} US officials "
            "expected; the quota's {quota} is a what-if."
        ).format(fee=html_text(fee_words0), quota=f"{r0.quota_share:.0%}"),
    )
    # the same height whatever the settings, so the page never moves (a scroll bar on a narrow screen)
    panel.readout.layout.height = "17em"
    panel.readout.layout.overflow = "auto"
    return panel


# ----------------------------------------------------------------------------- static charts


GROUP_COLOURS = {
    "US government": plotting.color_for("United States"),
    "Chinese government": plotting.color_for("China"),
    "Chips": plotting.PALETTE[1],
    "Nvidia": plotting.color_for("Nvidia"),
    "Other companies": plotting.PALETTE[4],
    "Chinese companies": plotting.PALETTE[5],
    "Companies": plotting.PALETTE[4],
}


def story_figure(events: pd.DataFrame, columns: int = 2):
    """The 2019–2026 story as a ladder: one row per event, dots on a time axis, labels beside them.

    The events are split into ``columns`` side-by-side ladders of equal length (earliest on the
    left), each with its own time axis, so the whole story fits on one laptop screen. Returns
    ``(fig, axes)``; events of grade C or worse have a black edge (said in the legend)."""
    from matplotlib.lines import Line2D

    ev = events.sort_values("date").reset_index(drop=True)
    n = len(ev)
    columns = max(1, min(int(columns), n or 1))
    per = -(-n // columns) if n else 0
    fig, axes = plotting.new_figure(10.0, 0.75 + 0.19 * max(per, 1), ncols=columns)
    axes = np.atleast_1d(axes)
    for k, ax in enumerate(axes):
        part = ev.iloc[k * per : (k + 1) * per]
        m = len(part)
        x = part["date"].map(pd.Timestamp.toordinal).to_numpy(dtype=float)
        y = np.arange(m)[::-1] + (per - m)
        cols = [GROUP_COLOURS.get(g, "#777777") for g in part["actor_group"]]
        weak = part["grade"].isin(["C", "D", "E"]).to_numpy()
        ax.scatter(x, y, s=26, c=cols, edgecolor=np.where(weak, "black", "white"), linewidth=0.9, zorder=3)
        first = pd.Timestamp(f"{int(part['date'].dt.year.min())}-01-01") if m else pd.Timestamp("2019-01-01")
        last = (
            pd.Timestamp(f"{int(part['date'].dt.year.max()) + 1}-01-01") if m else pd.Timestamp("2020-01-01")
        )
        lo, hi = first.toordinal(), last.toordinal()
        pad = (hi - lo) / 40
        # the time axis takes the left third of each column; every label reads to the right of its dot
        for xi, yi, t in zip(x, y, part["title"]):
            label = ax.text(
                xi + pad, yi, str(t), fontsize=6.8, va="center", ha="left", zorder=4, clip_on=True
            )
            label.set_in_layout(False)  # the labels sit inside the axes; never shrink them
        years = range(first.year, last.year + 1)
        step = 1 if len(years) <= 4 else 2
        ax.set_xticks(
            [pd.Timestamp(f"{yr}-01-01").toordinal() for yr in years][::step],
            [str(yr) for yr in years][::step],
        )
        ax.tick_params(axis="x", labelsize=8)
        ax.set_xlim(lo - pad, lo + (hi - lo) / 0.34)
        ax.spines[["top", "right"]].set_visible(False)
        ax.set_yticks([])
        ax.set_ylim(-1, max(per, 1))
        ax.grid(axis="y", visible=False)
    present = [g for g in GROUP_COLOURS if g in set(ev["actor_group"])]
    handles = [
        Line2D([], [], marker="o", ls="", color=GROUP_COLOURS[g], label=pgettext("actor group", g))
        for g in present
    ]
    handles.append(
        Line2D([], [], marker="o", ls="", color="white", markeredgecolor="black", label=_("grade C or worse"))
    )
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), fontsize=7.5, frameon=False)
    return fig, axes


def load_chip(panel, chip_id: str) -> list:
    """Set the design panel to a catalogued chip; returns the controls filled with defaults
    because the catalogue lacks the figure (empty when every figure is catalogued)."""
    p = chip_preset(chip_id)
    filled = p.pop("_filled")
    if "start_from" in panel.controls:
        p["start_from"] = chip_id
    panel.set(**p)
    if filled:
        print(
            _("Not in the catalogue, left at the panel's default: {names}.").format(names=", ".join(filled))
        )
    return filled
