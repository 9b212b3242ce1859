"""Domestic chip substitution: a transparent scenario model of China's AI accelerator supply.

The question of notebook 03 is a race: demand for AI compute in China grows; US export rules
decide what Nvidia and AMD may sell there; Chinese chips are limited by how many good dies SMIC
can make and how much high-bandwidth memory (HBM) can be found; and Chinese buyers may be
required to buy domestic chips. :func:`supply_scenario` turns those assumptions into a table
by year (2024-2030).

Everything is measured in two ways:

* **units**: accelerator chips (cards);
* **compute**: "H100-equivalents", a chip's TPP (total processing performance, the export-control
  metric of ECCN 3A090) divided by the H100's TPP. One Ascend 910C (about 800 dense FP16
  TFLOPS, TPP 12,800) counts as about 0.81 H100-equivalents; one H20 (TPP 2,368) as 0.15.

How one year is computed (all in compute, million H100-equivalents)::

    demand       D  = demand_2025 * (1 + demand_growth) ** (year - 2025)
    foreign cap  F  = foreign_units * licence_share * h100e(best chip the year's rules allow)
    foreign         = min(F, (1 - mandate) * D)          # buyers prefer Nvidia/AMD when allowed
    domestic cap C  = min(wafer-limited chips, HBM-limited chips) * domestic_h100e
    domestic        = min(C, D - foreign)                  # domestic chips fill what is left
    unmet           = D - foreign - domestic

    wafer-limited chips = wafers_kwpm * 1000 * 12 * (1 + capacity_growth) ** max(year - 2025, 0)
                          * dies_per_wafer * yield_rate / dies_per_chip
    HBM-limited chips   = hbm_mstacks * 1e6 * (1 + hbm_growth) ** max(year - 2025, 0)
                          / stacks_per_chip

Levels are given for 2025, the first year with sourced figures (IDC shipments, Morgan Stanley's
wafer estimate). Demand in 2024 is the 2025 level divided by one year's growth; capacity in 2024
is held at the 2025 level (no sourced 2024 figure; it overstates 2024 a little), so that faster
growth never means less capacity in any year. The shares of demand (Nvidia, other foreign,
domestic, unmet) sum to 1 in every year.

What the model leaves out, on purpose: prices, stockpiles and smuggling (HBM is an annual flow
here, not the 13-million-stack stockpile), software (CUDA versus CANN), chips made at TSMC
before the rules, and any feedback from shortages to demand. It is a way to reason about which
constraint binds, not a forecast.

All functions are pure and validate their inputs: a bad value raises ``ValueError`` with a
message that says what range is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real

import pandas as pd

from .. import data, validate
from ..export_controls import model as export_controls
from ..validate import InputError

__all__ = [
    "YEARS",
    "BASE_YEAR",
    "VINTAGES",
    "POLICY_PATHS",
    "PARAM_RANGES",
    "policy_path",
    "supply_scenario",
    "cluster_equivalent",
    "ratio",
    "REFERENCE_CHIP",
    "TARGET_CHIPS",
    "SUBSTITUTE_CHIPS",
    "METRICS",
    "chip_row",
    "h100e",
    "foreign_h100e_by_vintage",
    "default_params",
    "defaults_table",
    "run_default",
    "cluster_result",
]

#: Years the scenario covers.
YEARS = tuple(range(2024, 2031))
#: The year the level parameters refer to.
BASE_YEAR = 2025

#: Rule vintages of notebook 01 (``utils.export_controls.classify`` knows them).
VINTAGES = ("2022-10", "2023-10", "2025-04", "2026-01")

#: Named policy paths: the rule vintage in force in each year.
POLICY_PATHS: dict[str, dict[int, str]] = {
    # What happened and what was announced: the Oct 2023 rule (H20 era) in 2024, the April 2025
    # H20 licence requirement in 2025, the January 2026 case-by-case policy (H200) afterwards.
    "as announced (2023-10, 2025-04, then 2026-01)": {
        2024: "2023-10",
        2025: "2025-04",
        **{y: "2026-01" for y in range(2026, 2031)},
    },
    "strict: April 2025 rules stay": {2024: "2023-10", **{y: "2025-04" for y in range(2025, 2031)}},
    "October 2023 rules stay (H20 allowed)": {y: "2023-10" for y in YEARS},
    "loose: October 2022 rules (H800 allowed)": {y: "2022-10" for y in YEARS},
}

#: Allowed range of every numeric parameter: (low, high, unit, what it is).
PARAM_RANGES: dict[str, tuple[float, float, str, str]] = {
    "demand_2025": (0.01, 100.0, "million H100-equivalents", "demand for AI compute in 2025"),
    "demand_growth": (0.0, 2.0, "fraction per year", "growth of demand"),
    "foreign_units": (
        0.0,
        50.0,
        "million chips per year",
        "chips Nvidia and AMD would ship to China if allowed",
    ),
    "nvidia_share_of_foreign": (0.0, 1.0, "fraction", "Nvidia's part of foreign shipments"),
    "licence_share": (0.0, 1.0, "fraction", "share of would-be foreign shipments licensed"),
    "wafers_kwpm": (0.0, 500.0, "thousand wafers per month", "SMIC wafers for AI chips in 2025"),
    "capacity_growth": (0.0, 2.0, "fraction per year", "growth of those wafers"),
    "yield_rate": (0.01, 1.0, "fraction", "share of dies that work"),
    "dies_per_wafer": (1.0, 1000.0, "dies per wafer", "die candidates per 12-inch wafer"),
    "dies_per_chip": (1.0, 8.0, "dies per chip", "compute dies in one accelerator"),
    "hbm_mstacks": (0.0, 500.0, "million HBM stacks per year", "HBM available in 2025"),
    "hbm_growth": (0.0, 2.0, "fraction per year", "growth of HBM supply"),
    "stacks_per_chip": (1.0, 16.0, "stacks per chip", "HBM stacks on one accelerator"),
    "domestic_h100e": (
        0.01,
        5.0,
        "H100-equivalents per chip",
        "compute of one domestic chip relative to an H100",
    ),
    "mandate": (0.0, 1.0, "fraction", "share of demand that must be met by domestic chips"),
}

_OUTPUT_COLUMNS = [
    "year",
    "vintage",
    "demand",
    "nvidia",
    "other_foreign",
    "domestic",
    "unmet",
    "nvidia_units",
    "other_foreign_units",
    "domestic_units",
    "foreign_cap",
    "domestic_cap",
    "wafer_limited_units",
    "hbm_limited_units",
    "binding",
    "share_nvidia",
    "share_other_foreign",
    "share_domestic",
    "share_unmet",
    "domestic_share_of_supply",
]


# ----------------------------------------------------------------------------- validation


def _number(name: str, value) -> float:
    """A finite real number inside PARAM_RANGES[name], or InputError saying what is allowed."""
    low, high, unit, what = PARAM_RANGES[name]
    return validate.number(value, f"{name} ({what})", low=low, high=high, unit=unit)


def policy_path(policy) -> dict[int, str]:
    """The rule vintage for each year of :data:`YEARS`.

    ``policy`` is a name from :data:`POLICY_PATHS`, one vintage for every year (``"2025-04"``),
    or a mapping ``{year: vintage}`` covering 2024-2030.
    """
    if isinstance(policy, str):
        if policy in POLICY_PATHS:
            return dict(POLICY_PATHS[policy])
        if policy in VINTAGES:
            return {y: policy for y in YEARS}
        raise InputError(
            f"Unknown policy {policy!r}. Use one of the named paths ({'; '.join(POLICY_PATHS)}), "
            f"one rule vintage for all years ({', '.join(VINTAGES)}), or a {{year: vintage}} "
            "mapping."
        )
    if isinstance(policy, Mapping):
        path = {}
        for key, vintage in policy.items():
            try:
                year = int(key)
            except (TypeError, ValueError):
                raise InputError(f"Policy years must be integers such as 2026, not {key!r}.") from None
            if year != key and str(year) != str(key):
                raise InputError(f"Policy years must be integers such as 2026, not {key!r}.")
            if year not in YEARS:
                raise InputError(f"Policy year {year} is outside the scenario years {YEARS[0]}-{YEARS[-1]}.")
            if vintage not in VINTAGES:
                raise InputError(
                    f"Unknown rule vintage {vintage!r} for {year}; use one of {', '.join(VINTAGES)}."
                )
            path[year] = vintage
        missing = [y for y in YEARS if y not in path]
        if missing:
            raise InputError(
                "The policy mapping must give a rule vintage for every year "
                f"{YEARS[0]}-{YEARS[-1]}; missing: {', '.join(map(str, missing))}."
            )
        return path
    raise InputError(
        f"policy must be a path name, a vintage or a {{year: vintage}} mapping, not {type(policy).__name__}."
    )


def _foreign_table(foreign_h100e) -> dict[str, float]:
    if not isinstance(foreign_h100e, Mapping):
        raise InputError(
            "foreign_h100e must map each rule vintage to the H100-equivalents of "
            "the best chip Nvidia may sell under it (e.g. {'2023-10': 0.15, ...})."
        )
    table = {}
    for vintage in VINTAGES:
        if vintage not in foreign_h100e:
            raise InputError(
                f"foreign_h100e has no value for rule vintage {vintage!r}; it needs "
                f"all of {', '.join(VINTAGES)}."
            )
        value = foreign_h100e[vintage]
        if (
            isinstance(value, bool)
            or not isinstance(value, Real)
            or math.isnan(float(value))
            or not 0.0 <= float(value) <= 10.0
        ):
            raise InputError(
                f"foreign_h100e[{vintage!r}] must be a number between 0 and 10 "
                f"H100-equivalents per chip, not {value!r}."
            )
        table[vintage] = float(value)
    return table


# ----------------------------------------------------------------------------- the model


def supply_scenario(
    *,
    policy,
    foreign_h100e: Mapping[str, float],
    demand_2025: float,
    demand_growth: float,
    foreign_units: float,
    nvidia_share_of_foreign: float,
    wafers_kwpm: float,
    capacity_growth: float,
    yield_rate: float,
    dies_per_wafer: float,
    dies_per_chip: float,
    hbm_mstacks: float,
    hbm_growth: float,
    stacks_per_chip: float,
    domestic_h100e: float,
    mandate: float,
    licence_share: float = 1.0,
) -> pd.DataFrame:
    """China's AI accelerator supply by year, 2024-2030, under one set of assumptions.

    Parameters (ranges in :data:`PARAM_RANGES`)
    -------------------------------------------
    policy:
        Rule vintage per year: a name from :data:`POLICY_PATHS`, a vintage, or ``{year: vintage}``.
    foreign_h100e:
        ``{vintage: H100-equivalents of the best chip Nvidia may sell to China under it}``
        (see ``utils.substitution_widgets.foreign_h100e_by_vintage`` for the sourced values).
    demand_2025, demand_growth:
        Demand for compute in 2025 (million H100-equivalents) and its yearly growth.
    foreign_units, nvidia_share_of_foreign, licence_share:
        Chips Nvidia and AMD would ship per year if allowed (millions), Nvidia's part of them,
        and the share actually licensed (1 = everything the rules allow is sold).
    wafers_kwpm, capacity_growth, yield_rate, dies_per_wafer, dies_per_chip:
        SMIC wafers per month for AI chips in 2025 (thousands), their growth, the share of good
        dies, die candidates per wafer and dies per accelerator.
    hbm_mstacks, hbm_growth, stacks_per_chip:
        HBM stacks available in 2025 (millions per year), growth, stacks per accelerator.
    domestic_h100e:
        Compute of one domestic accelerator in H100-equivalents (the performance gap per chip).
    mandate:
        Share of demand that must be met by domestic chips (a procurement mandate).

    Returns
    -------
    DataFrame, one row per year. Compute columns (million H100-equivalents): ``demand``,
    ``nvidia``, ``other_foreign``, ``domestic``, ``unmet``, ``foreign_cap``, ``domestic_cap``.
    Unit columns (million chips): ``nvidia_units``, ``other_foreign_units``, ``domestic_units``,
    ``wafer_limited_units``, ``hbm_limited_units``. ``binding`` says which limit binds domestic
    capacity ("wafers" or "HBM"). ``share_*`` are shares of demand and sum to 1;
    ``domestic_share_of_supply`` is domestic / (foreign + domestic).
    """
    path = policy_path(policy)
    per_chip = _foreign_table(foreign_h100e)
    p = {
        name: _number(name, value)
        for name, value in {
            "demand_2025": demand_2025,
            "demand_growth": demand_growth,
            "foreign_units": foreign_units,
            "nvidia_share_of_foreign": nvidia_share_of_foreign,
            "licence_share": licence_share,
            "wafers_kwpm": wafers_kwpm,
            "capacity_growth": capacity_growth,
            "yield_rate": yield_rate,
            "dies_per_wafer": dies_per_wafer,
            "dies_per_chip": dies_per_chip,
            "hbm_mstacks": hbm_mstacks,
            "hbm_growth": hbm_growth,
            "stacks_per_chip": stacks_per_chip,
            "domestic_h100e": domestic_h100e,
            "mandate": mandate,
        }.items()
    }

    rows = []
    for year in YEARS:
        t = year - BASE_YEAR
        vintage = path[year]
        demand = p["demand_2025"] * (1.0 + p["demand_growth"]) ** t

        foreign_chip = per_chip[vintage]
        foreign_cap = p["foreign_units"] * p["licence_share"] * foreign_chip
        foreign = min(foreign_cap, (1.0 - p["mandate"]) * demand)

        # capacity grows only after the base year: 2024 is held at the 2025 level, so that a
        # faster growth never means less capacity in any year (see the module docstring)
        tc = max(t, 0)
        wafers_per_year = p["wafers_kwpm"] * 1000.0 * 12.0 * (1.0 + p["capacity_growth"]) ** tc
        wafer_units = wafers_per_year * p["dies_per_wafer"] * p["yield_rate"] / p["dies_per_chip"] / 1e6
        hbm_units = p["hbm_mstacks"] * (1.0 + p["hbm_growth"]) ** tc / p["stacks_per_chip"]
        domestic_units_cap = min(wafer_units, hbm_units)
        binding = "HBM" if hbm_units < wafer_units else "wafers"
        domestic_cap = domestic_units_cap * p["domestic_h100e"]
        domestic = min(domestic_cap, max(demand - foreign, 0.0))
        unmet = max(demand - foreign - domestic, 0.0)

        nvidia = foreign * p["nvidia_share_of_foreign"]
        other = foreign - nvidia
        supplied = foreign + domestic
        rows.append(
            {
                "year": year,
                "vintage": vintage,
                "demand": demand,
                "nvidia": nvidia,
                "other_foreign": other,
                "domestic": domestic,
                "unmet": unmet,
                "nvidia_units": nvidia / foreign_chip if foreign_chip > 0 else 0.0,
                "other_foreign_units": other / foreign_chip if foreign_chip > 0 else 0.0,
                "domestic_units": domestic / p["domestic_h100e"],
                "foreign_cap": foreign_cap,
                "domestic_cap": domestic_cap,
                "wafer_limited_units": wafer_units,
                "hbm_limited_units": hbm_units,
                "binding": binding,
                "share_nvidia": nvidia / demand,
                "share_other_foreign": other / demand,
                "share_domestic": domestic / demand,
                "share_unmet": unmet / demand,
                "domestic_share_of_supply": domestic / supplied if supplied > 0 else 0.0,
            }
        )
    out = pd.DataFrame(rows, columns=_OUTPUT_COLUMNS)
    # Shares are computed from pieces that add up to demand; renormalise the float rounding so
    # that they sum to 1 exactly enough for any check a student writes.
    share_cols = ["share_nvidia", "share_other_foreign", "share_domestic", "share_unmet"]
    total = out[share_cols].sum(axis=1)
    out[share_cols] = out[share_cols].div(total, axis=0)
    return out


# ----------------------------------------------------------------------------- cluster maths


def ratio(numerator: float, denominator: float, *, what: str = "ratio") -> float:
    """``numerator / denominator`` for two positive finite numbers (ValueError otherwise)."""
    what = validate.text(what, "what")
    num = validate.number(numerator, f"numerator (of the {what})", low=0.0, high=1e100)
    den = validate.number(denominator, f"denominator (of the {what})", low=0.0, low_open=True, high=1e100)
    return num / den


@dataclass(frozen=True)
class ClusterEquivalent:
    """Result of :func:`cluster_equivalent` (all totals for the whole cluster)."""

    target_count: int
    substitute_count: int
    per_chip_ratio: float  # substitute performance / target performance (after efficiency)
    target_power_kw: float | None  # None when a chip has no published TDP
    substitute_power_kw: float | None
    target_cost_musd: float | None  # None when no price was given
    substitute_cost_musd: float | None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _positive(name: str, value, *, allow_zero: bool = False, high: float = 1e9) -> float:
    return validate.number(value, name, low=0.0, low_open=not allow_zero, high=high)


def cluster_equivalent(
    *,
    target_perf: float,
    target_count: int,
    target_power_w: float | None,
    substitute_perf: float,
    substitute_power_w: float | None,
    efficiency: float = 1.0,
    target_price_usd: float | None = None,
    substitute_price_usd: float | None = None,
) -> ClusterEquivalent:
    """How many substitute chips match a cluster of target chips, at what power and cost.

    ``target_perf`` and ``substitute_perf`` are the same metric for both chips (peak dense FP16
    TFLOPS, TPP, or memory bandwidth). ``efficiency`` scales the substitute's performance to
    what it achieves relative to the target (1 = peak spec for peak spec; 0.6 = it delivers 60%
    as much of its peak as the target does). The count is rounded up: you cannot buy part of a
    chip. Power is chip TDP only (no cooling, networking or host CPUs); give ``None`` for a chip
    without a published TDP and its power comes back as None. Prices work the same way.
    """
    tp = _positive("target_perf", target_perf)
    sp = _positive("substitute_perf", substitute_perf)
    eff = _positive("efficiency", efficiency, high=10.0)
    tw = None if target_power_w is None else _positive("target_power_w", target_power_w, high=1e5)
    sw = None if substitute_power_w is None else _positive("substitute_power_w", substitute_power_w, high=1e5)
    n = validate.integer(target_count, "target_count (chips)", low=1, high=10_000_000)
    per_chip = sp * eff / tp
    # round up, but forgive float noise (1000 * 989.4 / 989.4 must stay 1000)
    needed = n / per_chip
    count = int(math.ceil(needed - 1e-9 * max(1.0, needed)))
    tprice = None if target_price_usd is None else _positive("target_price_usd", target_price_usd, high=1e7)
    sprice = (
        None
        if substitute_price_usd is None
        else _positive("substitute_price_usd", substitute_price_usd, high=1e7)
    )

    def times(k, v, scale):  # None (no published figure) stays None, never NaN
        return None if v is None else k * v / scale

    return ClusterEquivalent(
        target_count=n,
        substitute_count=count,
        per_chip_ratio=per_chip,
        target_power_kw=times(n, tw, 1000.0),
        substitute_power_kw=times(count, sw, 1000.0),
        target_cost_musd=times(n, tprice, 1e6),
        substitute_cost_musd=times(count, sprice, 1e6),
    )


# ----------------------------------------------------------------------------- defaults from the tables

#: The chip that defines one "H100-equivalent".
REFERENCE_CHIP = "nvidia-h100-sxm"


#: Chips offered in the cluster calculator.
TARGET_CHIPS = ("nvidia-h100-sxm", "nvidia-h800-sxm", "nvidia-h20", "nvidia-h200-sxm", "nvidia-b200")


SUBSTITUTE_CHIPS = (
    "huawei-ascend910b",
    "huawei-ascend910c",
    "huawei-ascend920",
    "huawei-ascend950dt",
    "cambricon-mlu370-x8",
    "biren-br100",
)


@data.derived_cache(maxsize=1)
def _chips() -> pd.DataFrame:
    return export_controls.chips()


def chip_row(chip_id: str, *, name: str = "chip_id") -> pd.Series:
    """The preferred ``accelerators`` row of a chip, with its computed ``tpp``."""
    df = _chips()
    chip_id = validate.choice(chip_id, name, list(df["chip_id"]), what="chip in the accelerators table")
    return df[df["chip_id"] == chip_id].iloc[0]


def h100e(chip_id: str) -> float:
    """H100-equivalents of one chip: its TPP divided by the H100's TPP."""
    return ratio(
        float(chip_row(chip_id)["tpp"]), float(chip_row(REFERENCE_CHIP)["tpp"]), what="H100-equivalent"
    )


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
        raise InputError(f"Expected one row for {match}, found {len(sel)}.")
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
    m25, m27 = (
        s("bernstein-2025-12-market", 2025, "total", "USD billion"),
        s("bernstein-2025-12-market", 2027, "total", "USD billion"),
    )
    growth = (float(m27["value"]) / float(m25["value"])) ** 0.5 - 1
    a25, a27 = c("smic-adv-2025"), c("smic-adv-2027")
    cap_growth = (float(a27["value"]) / float(a25["value"])) ** 0.5 - 1
    stacks = c("hbm-stacks-per-910c")
    hbm = float(c("hbm-limit-2026")["value"]) * float(stacks["value"])
    dpw, dpc = c("dpw-910b"), c("dpw-910c")
    mandate = c("mandate-public-2025")
    foreign_units = float(nv["value"]) + float(amd["value"])

    rows = [
        (
            "demand_2025",
            demand,
            "million H100-equivalents",
            f"IDC 2025 shipments in compute: ({nv['value']:g} + {amd['value']:g}) million foreign "
            f"cards x {h20:.3f} (H20) + {dom['value']:g} million domestic x {b910:.3f} (910B). "
            "Shipments are a floor: demand exceeded supply.",
            "reuters-2026-04-01-idc",
            "E",
        ),
        (
            "demand_growth",
            growth,
            "fraction per year",
            f"Bernstein market size USD {m25['value']:g}bn (2025) to {m27['value']:g}bn (2027): "
            f"({m27['value']:g}/{m25['value']:g})^(1/2) - 1. Value, not compute.",
            "bernstein-2025-12",
            "E",
        ),
        (
            "foreign_units",
            foreign_units,
            "million chips per year",
            "IDC 2025: Nvidia + AMD cards shipped to China.",
            "reuters-2026-04-01-idc",
            "B",
        ),
        (
            "nvidia_share_of_foreign",
            float(nv["value"]) / foreign_units,
            "fraction",
            "IDC 2025: Nvidia's part of Nvidia + AMD.",
            "reuters-2026-04-01-idc",
            "E",
        ),
        (
            "licence_share",
            1.0,
            "fraction",
            "Assumption: everything the rules allow is licensed and bought.",
            None,
            "E",
        ),
        (
            "wafers_kwpm",
            float(c("smic-ai-2025")["value"]),
            "thousand wafers per month",
            "Morgan Stanley: SMIC wafers for AI chips in 2025.",
            "morganstanley-2025-09",
            "C",
        ),
        (
            "capacity_growth",
            cap_growth,
            "fraction per year",
            f"SemiAnalysis SMIC advanced-node capacity {a25['value']:g}k (2025) to "
            f"{a27['value']:g}k (2027) wafers per month: growth per year.",
            "semianalysis-2025-09-08",
            "E",
        ),
        (
            "yield_rate",
            float(c("yield-ms-2025")["value"]) / 100,
            "fraction",
            "Morgan Stanley: about 30% yield on 910B dies.",
            "morganstanley-2025-09",
            "C",
        ),
        (
            "dies_per_wafer",
            float(dpw["value"]),
            "dies per wafer",
            "Morgan Stanley: 78 910B-class die candidates per wafer.",
            "morganstanley-2025-09",
            "C",
        ),
        (
            "dies_per_chip",
            float(dpw["value"]) / float(dpc["value"]),
            "dies per chip",
            "78 910B dies or 39 910C per wafer: a 910C uses two dies.",
            "morganstanley-2025-09",
            "E",
        ),
        (
            "hbm_mstacks",
            hbm,
            "million HBM stacks per year",
            "SemiAnalysis: about 300,000 Ascend in 2026 if limited by HBM, x 8 stacks per 910C.",
            "semianalysis-2025-09-08",
            "E",
        ),
        (
            "hbm_growth",
            0.0,
            "fraction per year",
            "SemiAnalysis's case without new HBM supply (no CXMT ramp, no smuggling).",
            "semianalysis-2025-09-08",
            "E",
        ),
        (
            "stacks_per_chip",
            float(stacks["value"]),
            "stacks per chip",
            "13 million stacks / 1.6 million 910C (SemiAnalysis).",
            "semianalysis-2025-09-08",
            "E",
        ),
        (
            "domestic_h100e",
            c910,
            "H100-equivalents per chip",
            "Ascend 910C TPP / H100 TPP (accelerators table).",
            "epoch-ml-hardware-2026-05",
            "E",
        ),
        (
            "mandate",
            float(mandate["value"]) / 100,
            "fraction",
            "Publicly owned computing hubs: over 50% domestic chips (2025 reports), applied here "
            "to all demand: a simplification.",
            "news-2025-08-domestic-chips",
            "E",
        ),
    ]
    table = pd.DataFrame(rows, columns=["parameter", "value", "unit", "how", "source_id", "grade"])
    values = dict(zip(table["parameter"], table["value"]))
    return values, table


def default_params(policy: str = "as announced (2023-10, 2025-04, then 2026-01)") -> dict:
    """Keyword arguments for :func:`utils.substitution.supply_scenario`, derived from the tables."""
    policy_path(policy)  # an unknown policy is refused here, not later
    values, _ = _defaults()
    per_chip, _names = foreign_h100e_by_vintage()
    return {"policy": policy, "foreign_h100e": per_chip, **values}


def defaults_table() -> pd.DataFrame:
    """The default settings with how each was derived, its source id and grade."""
    _, table = _defaults()
    return table.copy()


def run_default(**changes) -> pd.DataFrame:
    """:func:`supply_scenario` with the default settings, changed by ``changes``."""
    return supply_scenario(**{**default_params(), **changes})


METRICS = {
    "TPP (peak dense compute)": "tpp",
    "peak dense FP16 TFLOPS": "fp16_tflops",
    "memory bandwidth (GB/s)": "memory_bandwidth_gbps",
}


@data.derived_cache(maxsize=1)
def _prices() -> dict[str, tuple[float, str, str]]:
    prod = data.load("production_constraints")
    rows = prod[(prod["factor"] == "chip price") & prod["chip_id"].notna()]
    return {
        r.chip_id: (float(r.value), r.source_id, r.grade)
        for r in rows.itertuples()
        if r.unit == "USD per chip"
    }


def _opt(x):
    return None if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA else float(x)


def cluster_result(target: str, count: int, substitute: str, metric: str, efficiency: float) -> dict:
    """Cluster equivalence for two catalogued chips (a dict for the panel and the notebook)."""
    metric = validate.choice(metric, "metric", list(METRICS))
    col = METRICS[metric]
    t, s = chip_row(target, name="target"), chip_row(substitute, name="substitute")
    tp, sp = _opt(t[col]), _opt(s[col])
    for row, v in ((t, tp), (s, sp)):
        if v is None:
            raise InputError(
                f"The {row['chip']} has no published figure for {metric}; pick another metric or chip."
            )
    prices = _prices()
    r = cluster_equivalent(
        target_perf=tp,
        target_count=count,
        target_power_w=_opt(t["tdp_w"]),
        substitute_perf=sp,
        substitute_power_w=_opt(s["tdp_w"]),
        efficiency=efficiency,
        target_price_usd=prices.get(target, (None,))[0],
        substitute_price_usd=prices.get(substitute, (None,))[0],
    )
    out = r.as_dict()
    out.update(
        target=str(t["chip"]),
        substitute=str(s["chip"]),
        metric=metric,
        target_perf=tp,
        substitute_perf=sp,
        target_grade=str(t["grade"]),
        substitute_grade=str(s["grade"]),
    )
    return out
