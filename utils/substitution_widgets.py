"""Notebook 03's inputs and what-if panels, built on :class:`utils.widgets.Panel`.

* :func:`foreign_h100e_by_vintage`: for each rule vintage, the best data-centre chip Nvidia may
  sell to China (classified with :mod:`utils.export_controls`) and its H100-equivalents.
* :func:`default_params` / :func:`defaults_table`: the model's default settings, each derived
  from a course table (with source ids and grades), so no number is typed in here.
* :func:`make_scenario_panel`: the substitution scenario explorer (policy path, capacity growth,
  yield, HBM supply, procurement mandate) with supply by source and shares of demand by year.
* :func:`make_cluster_panel`: how many domestic chips, at what power and cost, match a cluster
  of Nvidia chips.

The models are the pure functions of :mod:`utils.substitution`; this module only reads tables,
wires controls, readouts and figures (created once, updated in place).
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd
from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator

from . import data, export_controls, plotting, substitution, widgets

__all__ = [
    "REFERENCE_CHIP",
    "foreign_h100e_by_vintage",
    "default_params",
    "defaults_table",
    "run_default",
    "make_scenario_panel",
    "make_cluster_panel",
    "TARGET_CHIPS",
    "SUBSTITUTE_CHIPS",
    "short_source",
]

#: The chip that defines one "H100-equivalent".
REFERENCE_CHIP = "nvidia-h100-sxm"

#: Chips offered in the cluster calculator.
TARGET_CHIPS = ("nvidia-h100-sxm", "nvidia-h800-sxm", "nvidia-h20", "nvidia-h200-sxm",
                "nvidia-b200")
SUBSTITUTE_CHIPS = ("huawei-ascend910b", "huawei-ascend910c", "huawei-ascend920",
                    "huawei-ascend950dt", "cambricon-mlu370-x8", "biren-br100")

SERIES = (("nvidia", "Nvidia"), ("other_foreign", "AMD and other foreign"),
          ("domestic", "domestic (Huawei-class)"), ("unmet", "unmet demand"))
# colour-blind-safe course palette: Nvidia green as everywhere in the course, domestic blue
_SERIES_COLORS = {"nvidia": plotting.color_for("Nvidia"), "other_foreign": plotting.PALETTE[1],
                  "domestic": plotting.PALETTE[0], "unmet": "#c8c8c8"}


# ----------------------------------------------------------------------------- inputs


def short_source(df: pd.DataFrame, what: str = "") -> str:
    """A one-line source caption short enough to sit under a figure: publishers (first words of
    the registry's publisher field), the grade span, and a pointer to the full list.

    (``utils.data.source_line`` names full titles, which makes a figure too wide to read.)
    """
    ids = sorted(set(df["source_id"].dropna()))
    reg = data.sources_for(ids)
    pubs = []
    for p in reg["publisher"]:
        name = str(p).split(" (")[0].split(",")[0].strip()
        if name not in pubs:
            pubs.append(name)
    grades = sorted(set(df["grade"].dropna())) if "grade" in df else []
    span = (f" (grade{'s' if len(grades) > 1 else ''} "
            f"{grades[0] if len(grades) == 1 else grades[0] + '-' + grades[-1]})") if grades else ""
    head = f"{what}: " if what else ""
    named = ", ".join(pubs[:5]) + (f" and {len(pubs) - 5} more" if len(pubs) > 5 else "")
    return f"Source: {head}{named}{span}; full list under Sources."


@data.derived_cache(maxsize=1)
def _chips() -> pd.DataFrame:
    return export_controls.chips()


def chip_row(chip_id: str) -> pd.Series:
    """The preferred ``accelerators`` row of a chip, with its computed ``tpp``."""
    df = _chips()
    rows = df[df["chip_id"] == chip_id]
    if rows.empty:
        raise ValueError(f"No chip {chip_id!r} in the accelerators table.")
    return rows.iloc[0]


def h100e(chip_id: str) -> float:
    """H100-equivalents of one chip: its TPP divided by the H100's TPP."""
    return substitution.ratio(float(chip_row(chip_id)["tpp"]), float(chip_row(REFERENCE_CHIP)["tpp"]),
                              what="H100-equivalent")


@data.derived_cache(maxsize=1)
def _foreign_by_vintage() -> tuple[tuple[str, float, str], ...]:
    df = _chips()
    nv = df[(df["vendor"] == "Nvidia") & df["datacenter"].fillna(False).astype(bool)]
    ref = float(chip_row(REFERENCE_CHIP)["tpp"])
    out = []
    for rule in export_controls.RULES:
        # Highest TPP wins; on a tie (H100 and H200 share a TPP) the higher memory bandwidth,
        # so January 2026 names the H200, the chip that policy was written for.
        best = (0.0, 0.0, "none")
        for _, row in nv.iterrows():
            if not math.isfinite(float(row["tpp"])):
                continue
            try:
                v = export_controls.classify_chip(row, rule)
            except ValueError:
                continue  # a figure the rule needs is missing: not counted as sellable
            bw = float(row["memory_bandwidth_gbps"])
            key = (float(row["tpp"]), bw if math.isfinite(bw) else 0.0)
            if (not v.controlled or v.case_by_case) and key > best[:2]:
                best = (*key, str(row["chip"]))
        out.append((rule, best[0] / ref, best[2]))
    return tuple(out)


def foreign_h100e_by_vintage() -> tuple[dict[str, float], dict[str, str]]:
    """({vintage: H100-equivalents of the best sellable Nvidia data-centre chip},
    {vintage: its name}).

    "Sellable" means not controlled under that vintage's rules, or (January 2026) eligible for
    case-by-case licensing. Gaming cards are left out: the model is about data-centre supply.
    """
    rows = _foreign_by_vintage()
    return {r: v for r, v, _ in rows}, {r: n for r, _, n in rows}


def _value(df: pd.DataFrame, **match) -> pd.Series:
    sel = df
    for k, v in match.items():
        sel = sel[sel[k] == v]
    if len(sel) != 1:
        raise ValueError(f"Expected one row for {match}, found {len(sel)}.")
    return sel.iloc[0]


@data.derived_cache(maxsize=1)
def _defaults() -> tuple[dict, pd.DataFrame]:
    share = data.load("china_ai_chip_share")
    prod = data.load("production_constraints")

    def s(est, year, seg, unit):
        return _value(share, estimate_id=est, year=year, segment=seg, unit=unit)

    def c(cid):
        return _value(prod, constraint_id=cid)

    nv, amd, dom = (s("idc-2025", 2025, x, "million units") for x in ("nvidia", "amd", "domestic"))
    h20, b910, c910 = h100e("nvidia-h20"), h100e("huawei-ascend910b"), h100e("huawei-ascend910c")
    demand = (float(nv["value"]) + float(amd["value"])) * h20 + float(dom["value"]) * b910
    m25, m27 = s("bernstein-2025-12-market", 2025, "total", "USD billion"), \
        s("bernstein-2025-12-market", 2027, "total", "USD billion")
    growth = (float(m27["value"]) / float(m25["value"])) ** 0.5 - 1
    a25, a27 = c("smic-adv-2025"), c("smic-adv-2027")
    cap_growth = (float(a27["value"]) / float(a25["value"])) ** 0.5 - 1
    stacks = c("hbm-stacks-per-910c")
    hbm = float(c("hbm-limit-2026")["value"]) * float(stacks["value"])
    dpw, dpc = c("dpw-910b"), c("dpw-910c")
    mandate = c("mandate-public-2025")
    foreign_units = float(nv["value"]) + float(amd["value"])

    rows = [
        ("demand_2025", demand, "million H100-equivalents",
         f"IDC 2025 shipments in compute: ({nv['value']:g} + {amd['value']:g}) million foreign "
         f"cards x {h20:.3f} (H20) + {dom['value']:g} million domestic x {b910:.3f} (910B). "
         "Shipments are a floor: demand exceeded supply.", "reuters-2026-04-01-idc", "E"),
        ("demand_growth", growth, "fraction per year",
         f"Bernstein market size USD {m25['value']:g}bn (2025) to {m27['value']:g}bn (2027): "
         f"({m27['value']:g}/{m25['value']:g})^(1/2) - 1. Value, not compute.",
         "bernstein-2025-12", "E"),
        ("foreign_units", foreign_units, "million chips per year",
         "IDC 2025: Nvidia + AMD cards shipped to China.", "reuters-2026-04-01-idc", "B"),
        ("nvidia_share_of_foreign", float(nv["value"]) / foreign_units, "fraction",
         "IDC 2025: Nvidia's part of Nvidia + AMD.", "reuters-2026-04-01-idc", "E"),
        ("licence_share", 1.0, "fraction",
         "Assumption: everything the rules allow is licensed and bought.", None, "E"),
        ("wafers_kwpm", float(c("smic-ai-2025")["value"]), "thousand wafers per month",
         "Morgan Stanley: SMIC wafers for AI chips in 2025.", "morganstanley-2025-09", "C"),
        ("capacity_growth", cap_growth, "fraction per year",
         f"SemiAnalysis SMIC advanced-node capacity {a25['value']:g}k (2025) to "
         f"{a27['value']:g}k (2027) wafers per month: growth per year.",
         "semianalysis-2025-09-08", "E"),
        ("yield_rate", float(c("yield-ms-2025")["value"]) / 100, "fraction",
         "Morgan Stanley: about 30% yield on 910B dies.", "morganstanley-2025-09", "C"),
        ("dies_per_wafer", float(dpw["value"]), "dies per wafer",
         "Morgan Stanley: 78 910B-class die candidates per wafer.", "morganstanley-2025-09", "C"),
        ("dies_per_chip", float(dpw["value"]) / float(dpc["value"]), "dies per chip",
         "78 910B dies or 39 910C per wafer: a 910C uses two dies.", "morganstanley-2025-09", "E"),
        ("hbm_mstacks", hbm, "million HBM stacks per year",
         "SemiAnalysis: about 300,000 Ascend in 2026 if limited by HBM, x 8 stacks per 910C.",
         "semianalysis-2025-09-08", "E"),
        ("hbm_growth", 0.0, "fraction per year",
         "SemiAnalysis's case without new HBM supply (no CXMT ramp, no smuggling).",
         "semianalysis-2025-09-08", "E"),
        ("stacks_per_chip", float(stacks["value"]), "stacks per chip",
         "13 million stacks / 1.6 million 910C (SemiAnalysis).", "semianalysis-2025-09-08", "E"),
        ("domestic_h100e", c910, "H100-equivalents per chip",
         "Ascend 910C TPP / H100 TPP (accelerators table).", "epoch-ml-hardware-2026-05", "E"),
        ("mandate", float(mandate["value"]) / 100, "fraction",
         "Publicly owned computing hubs: over 50% domestic chips (2025 reports), applied here "
         "to all demand: a simplification.", "news-2025-08-domestic-chips", "E"),
    ]
    table = pd.DataFrame(rows, columns=["parameter", "value", "unit", "how", "source_id", "grade"])
    values = dict(zip(table["parameter"], table["value"]))
    return values, table


def default_params(policy: str = "as announced (2023-10, 2025-04, then 2026-01)") -> dict:
    """Keyword arguments for :func:`utils.substitution.supply_scenario`, derived from the tables."""
    values, _ = _defaults()
    per_chip, _names = foreign_h100e_by_vintage()
    return {"policy": policy, "foreign_h100e": per_chip, **values}


def defaults_table() -> pd.DataFrame:
    """The default settings with how each was derived, its source id and grade."""
    _, table = _defaults()
    return table.copy()


def run_default(**changes) -> pd.DataFrame:
    """:func:`supply_scenario` with the default settings, changed by ``changes``."""
    return substitution.supply_scenario(**{**default_params(), **changes})


# ----------------------------------------------------------------------------- scenario panel


def _scenario_source() -> str:
    return ("Source: course model (utils.substitution); defaults from IDC, Bernstein, Morgan "
            "Stanley, SemiAnalysis estimates (grades B-E), see the table above.")


def make_scenario_panel() -> widgets.Panel:
    """The substitution scenario explorer."""
    base = default_params()
    fixed = {k: v for k, v in base.items() if k not in
             ("policy", "capacity_growth", "yield_rate", "hbm_mstacks", "hbm_growth", "mandate",
              "demand_growth")}
    years = np.array(substitution.YEARS)

    fig, (ax_c, ax_s) = plotting.new_figure(9.6, 4.3, ncols=2)
    bars = {}
    for key, label in SERIES:
        bars[("c", key)] = ax_c.bar(years, np.zeros(len(years)), width=0.72,
                                    color=_SERIES_COLORS[key], label=label)
        bars[("s", key)] = ax_s.bar(years, np.zeros(len(years)), width=0.72,
                                    color=_SERIES_COLORS[key], label=label)
    (demand_line,) = ax_c.plot(years, np.zeros(len(years)), color="#222222", marker="o",
                               markersize=4, linewidth=1.5, label="demand")
    # Few text artists: each costs about 1 ms per picture, and the picture is redrawn on every
    # slider move (years on the x axis, the rule vintage in force under each year).
    ax_c.set_ylabel("supply, million H100-equivalents")
    ax_s.set_ylabel("share of demand")
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
        ax_c.set_ylim(0, widgets.stepped_top(top, 1.08))   # stepped: most moves keep the axis

    def readout(result, params):
        r = result.set_index("year")
        parts = []
        for y in (2025, 2027, 2030):
            row = r.loc[y]
            parts.append(
                f"<b>{y}</b> (rules {row['vintage']}): Nvidia {row['share_nvidia']:.0%}, "
                f"domestic {row['share_domestic']:.0%}, unmet {row['share_unmet']:.0%} of demand; "
                f"{row['domestic_units']:.2f} M domestic chips, limited by "
                f"{'HBM' if row['binding'] == 'HBM' else 'SMIC wafers'}")
        return "<br>".join(parts) + ("<br><i>Shares are of demand in compute (TPP-weighted); "
                                     "a scenario, not a forecast.</i>")

    short = {"as announced (2023-10, 2025-04, then 2026-01)": "as announced",
             "strict: April 2025 rules stay": "strict (2025-04 stays)",
             "October 2023 rules stay (H20 allowed)": "2023-10 stays (H20)",
             "loose: October 2022 rules (H800 allowed)": "loose (2022-10, H800)"}
    policies = [(short.get(name, name), name) for name in substitution.POLICY_PATHS]
    controls = {
        "policy": widgets.dropdown("US rules by year", policies, base["policy"]),
        "demand_growth": widgets.slider("demand growth /yr", round(base["demand_growth"], 2),
                                        0.0, 1.0, 0.01, ".0%"),
        "capacity_growth": widgets.slider("SMIC wafer growth /yr",
                                          round(base["capacity_growth"], 2), 0.0, 1.0, 0.01,
                                          ".0%"),
        "yield_rate": widgets.slider("yield", base["yield_rate"], 0.1, 0.9, 0.01, ".0%"),
        "hbm_mstacks": widgets.slider("HBM (M stacks, 2025)", base["hbm_mstacks"], 0.0, 30.0,
                                      0.1, ".1f"),
        "hbm_growth": widgets.slider("HBM growth /yr", base["hbm_growth"], 0.0, 1.0, 0.01,
                                     ".0%"),
        "mandate": widgets.slider("domestic mandate", base["mandate"], 0.0, 1.0, 0.05, ".0%"),
    }
    return widgets.Panel(
        name="substitution", title="Substitution scenario explorer", controls=controls,
        compute=compute, readout=readout, figure=fig, draw=draw, source=_scenario_source(),
        fixed=fixed,
        # static background (re-rendered when the left y axis moves); only bars and line redrawn
        dynamic=[*(r for group in bars.values() for r in group), demand_line],
        alt=("Two stacked bar charts by year, 2024 to 2030: left, supply of AI compute to China "
             "by source (Nvidia, other foreign, domestic, unmet) in million H100-equivalents "
             "with demand as a line; right, the same as shares of demand."),
        description=("Move the sliders: the bars show who supplies China's AI compute each year "
                     "(the readout names the US rule vintage in force)."))


# ----------------------------------------------------------------------------- cluster panel


METRICS = {
    "TPP (peak dense compute)": "tpp",
    "peak dense FP16 TFLOPS": "fp16_tflops",
    "memory bandwidth (GB/s)": "memory_bandwidth_gbps",
}


@data.derived_cache(maxsize=1)
def _prices() -> dict[str, tuple[float, str, str]]:
    prod = data.load("production_constraints")
    rows = prod[(prod["factor"] == "chip price") & prod["chip_id"].notna()]
    return {r.chip_id: (float(r.value), r.source_id, r.grade) for r in rows.itertuples()
            if r.unit == "USD per chip"}


def _opt(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA else float(x)


def cluster_result(target: str, count: int, substitute: str, metric: str,
                   efficiency: float) -> dict:
    """Cluster equivalence for two catalogued chips (a dict for the panel and the notebook)."""
    if metric not in METRICS:
        raise ValueError(f"Unknown metric {metric!r}; use one of {', '.join(METRICS)}.")
    col = METRICS[metric]
    t, s = chip_row(target), chip_row(substitute)
    tp, sp = _opt(t[col]), _opt(s[col])
    for row, v in ((t, tp), (s, sp)):
        if v is None:
            raise ValueError(f"The {row['chip']} has no published figure for {metric}; "
                             "pick another metric or chip.")
    prices = _prices()
    r = substitution.cluster_equivalent(
        target_perf=tp, target_count=count, target_power_w=_opt(t["tdp_w"]),
        substitute_perf=sp, substitute_power_w=_opt(s["tdp_w"]), efficiency=efficiency,
        target_price_usd=prices.get(target, (None,))[0],
        substitute_price_usd=prices.get(substitute, (None,))[0])
    out = r.as_dict()
    out.update(target=str(t["chip"]), substitute=str(s["chip"]), metric=metric,
               target_perf=tp, substitute_perf=sp,
               target_grade=str(t["grade"]), substitute_grade=str(s["grade"]))
    return out


def _fmt(v: float, unit: str) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    return f"{v:,.0f} {unit}" if v >= 100 else f"{v:,.1f} {unit}"


def make_cluster_panel() -> widgets.Panel:
    """Cluster equivalence calculator: chips, power and cost for the same compute."""
    names = {cid: str(chip_row(cid)["chip"]) for cid in TARGET_CHIPS + SUBSTITUTE_CHIPS}
    # One axes, three groups of two bars, each relative to the Nvidia cluster (= 100%): few text
    # artists, so an update stays cheap; the absolute values are written on the bars.
    fig, ax = plotting.new_figure(8.4, 3.2)
    groups = ("chips", "chip power", "chip cost")
    x = np.arange(len(groups))
    width = 0.36
    t_bars = ax.bar(x - width / 2, np.ones(3), width, color=_SERIES_COLORS["nvidia"],
                    label="Nvidia cluster")
    s_bars = ax.bar(x + width / 2, np.ones(3), width, color=_SERIES_COLORS["domestic"],
                    label="domestic replacement")
    t_text = [ax.text(xx - width / 2, 0, "", ha="center", va="bottom", fontsize=9) for xx in x]
    s_text = [ax.text(xx + width / 2, 0, "", ha="center", va="bottom", fontsize=9) for xx in x]
    ax.set_xticks(x)
    ax.set_xticklabels(groups)
    ax.set_ylabel("vs the Nvidia cluster")
    ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.grid(axis="x", visible=False)
    legend = ax.legend(loc="upper left", fontsize=9)

    def compute(target, count, substitute, metric, efficiency):
        return cluster_result(target, count, substitute, metric, efficiency)

    def draw(res, params):
        legend.get_texts()[0].set_text(f"{res['target_count']:,} × {res['target']}")
        legend.get_texts()[1].set_text(f"{res['substitute_count']:,} × {res['substitute']}")
        rows = ((res["target_count"], res["substitute_count"], "{:,.0f}"),
                (res["target_power_kw"], res["substitute_power_kw"], "{:,.0f} kW"),
                (res["target_cost_musd"], res["substitute_cost_musd"], "${:,.1f}M"))
        top = 1.0
        for i, (a, b, fmt) in enumerate(rows):
            ok_a = a is not None and math.isfinite(a) and a > 0
            ok_b = b is not None and math.isfinite(b)
            rel_b = b / a if (ok_a and ok_b) else 0.0
            t_bars[i].set_height(1.0 if ok_a else 0.0)
            s_bars[i].set_height(rel_b)
            t_text[i].set_position((x[i] - width / 2, 1.0 if ok_a else 0.0))
            t_text[i].set_text(fmt.format(a) if ok_a else "no sourced\nfigure")
            s_text[i].set_position((x[i] + width / 2, rel_b))
            s_text[i].set_text(fmt.format(b) if (ok_a and ok_b) else "no sourced\nfigure")
            top = max(top, rel_b)
        # rounded up to 5%: a count that only shifts the ratio by rounding keeps the axis (and
        # the panel's cached background)
        ax.set_ylim(0, math.ceil(top * 1.45 * 20) / 20)

    def readout(res, params):
        return (f"{res['target_count']:,} × {html.escape(res['target'])} ≈ "
                f"<b>{res['substitute_count']:,} × {html.escape(res['substitute'])}</b> on "
                f"{html.escape(res['metric'])} (one substitute chip = "
                f"{res['per_chip_ratio']:.2f} target chips at {params['efficiency']:.0%} relative "
                f"efficiency). Power (chips only): {_fmt(res['target_power_kw'], 'kW')} vs "
                f"{_fmt(res['substitute_power_kw'], 'kW')}. Chip spec grades: "
                f"{res['target_grade']} / {res['substitute_grade']}; prices are indicative (C).")

    controls = {
        "target": widgets.dropdown("Nvidia cluster of", [(names[c], c) for c in TARGET_CHIPS],
                                   "nvidia-h100-sxm"),
        "count": widgets.int_slider("number of chips", 1000, 8, 100000, 8),
        "substitute": widgets.dropdown("replaced by", [(names[c], c) for c in SUBSTITUTE_CHIPS],
                                       "huawei-ascend910c"),
        "metric": widgets.dropdown("match on", list(METRICS), "TPP (peak dense compute)"),
        "efficiency": widgets.slider("relative efficiency", 1.0, 0.3, 1.2, 0.05, ".0%"),
    }
    return widgets.Panel(
        name="cluster", title="Cluster equivalence calculator", controls=controls,
        compute=compute, readout=readout, figure=fig, draw=draw,
        # static background (re-rendered when the y axis moves); bars, values, legend redrawn
        dynamic=[*t_bars, *s_bars, *t_text, *s_text, legend],
        source=("Source: accelerators table (Epoch AI and others, grades B-C); prices: Epoch AI "
                "(C); power is chip TDP only."),
        alt=("Three pairs of bars comparing an Nvidia cluster with the domestic chips that match "
             "it, relative to the Nvidia cluster: number of chips, chip power, and chip cost, "
             "with the absolute values written on the bars."),
        description=("Peak specs are an upper bound: 'relative efficiency' below 100% says the "
                     "substitute delivers less of its peak than the Nvidia chip does."))
