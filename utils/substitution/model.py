"""Domestic chip substitution: a transparent scenario model of China's AI accelerator supply.

The question of notebook 03 is a race: demand for AI compute in China grows; US export rules
decide what Nvidia and AMD may sell there; Chinese chips are limited by how many good dies SMIC
can make and how much high-bandwidth memory (HBM) Huawei holds or can find; and Chinese buyers
may be required to buy domestic chips. :func:`supply_scenario` turns those assumptions into a
table by year (2024-2030); :func:`backtest` compares its default run with what happened.

**One unit on both sides.** Compute is counted in *H100-equivalents* (a chip's TPP, the
export-control metric of ECCN 3A090, divided by the H100's TPP). Demand and supply use the same
conversion: a foreign card counts as the chip the year's rules let Nvidia sell (the H20 under
the 2023 rules: 0.15), a domestic card as an Ascend 910B-class accelerator (0.38), and
domestic supply is counted in those same 910B-class units (a 910C, two dies, counts as two).

How one year is computed (compute in million H100-equivalents, chips in millions)::

    demand       D  = demand_2025 × (1 + demand_growth) ** (year − 2025)
    foreign cap  F  = foreign_units × h100e per card, averaged over the months of the year:
                      h100e per card = best chip sold without a licence, or, where the rules
                      allow a better chip case by case (January 2026: the H200), licence_share
                      of the cards are that chip and the rest the best licence-free one
    foreign         = min(F, (1 − mandate) × D)             buyers take Nvidia/AMD when allowed
    fab capacity    = SMIC good dies for Huawei + other vendors' chips (both × (1 + growth) ** t)
         SMIC good dies = wafers_kwpm × 12,000 × dies_per_wafer × yield
    HBM capacity    = (the stock left + this year's new supply) ÷ stacks_per_die (from 2025:
                      HBM was not controlled before December 2024, so it does not limit 2024)
    domestic        = min(fab capacity, HBM capacity, (D − foreign) ÷ domestic_h100e)
                      (when demand limits, other vendors sell what they make and Huawei fills
                      the rest; when capacity limits, it is shared in proportion to fab capacity)
    unmet           = D − foreign − domestic × domestic_h100e
    HBM stock next  = stock + new supply − domestic × stacks_per_die

The HBM stockpile (about 13 million stacks reached China before the December 2024 rule) is a
**stock drawn down** year after year, not a yearly flow. When supply falls short of demand the
shortage is also shown as a **scarcity price**: the price at which the chips that exist would
just be bought, ``(supply ÷ demand) ** (1 / ε)`` times the normal price for a constant price
elasticity ε < 0 (at most :data:`MAX_PRICE_INDEX` times), and the **scarcity rent** that gap
gives whoever sells the scarce chips.

``binding`` names what limits domestic chips each year: ``"demand"`` (domestic chips sold all
that was left after foreign chips; capacity was not the limit), ``"wafers"`` (the fabs' good
dies) or ``"HBM"`` (memory); ``why`` says it in a sentence.

What the model leaves out, on purpose: smuggling, software (CUDA versus CANN), other
domestic vendors' own limits (T-Head, Kunlunxin and Cambricon grow with SMIC capacity here and
draw on the same HBM, counted in 910B-class units), and any feedback from shortages to demand. It is a way to reason
about which constraint binds, not a forecast.

All functions are pure and validate their inputs: a bad value raises an ``InputError`` with a
message that says what range is allowed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from numbers import Real

import pandas as pd

from .. import data, economics, validate
from ..export_controls import model as export_controls
from ..i18n import N_, NP_, _, language, pgettext
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
    "units_text",
    "cluster_result",
    "backtest",
    "AS_ANNOUNCED",
    "MAX_PRICE_INDEX",
]

#: Ceiling of the scarcity price index (a shortage so deep that no finite price clears it).
MAX_PRICE_INDEX = 1000.0

#: Years the scenario covers.
YEARS = tuple(range(2024, 2031))
#: The year the level parameters refer to.
BASE_YEAR = 2025

#: Rule vintages of notebook 01 (``utils.export_controls.classify`` knows them).
VINTAGES = ("2022-10", "2023-10", "2025-04", "2026-01")

AS_ANNOUNCED = "as announced (2023-10, 2025-04, then 2026-01)"

#: Named policy paths: the rule vintage in force in each year. The first one follows the dates
#: on which each rule was announced (``export_rules``): a year with a new rule is split by the
#: days under each (2025: the H20 was sellable until 9 April).
POLICY_PATHS: dict[str, dict[int, str] | None] = {
    AS_ANNOUNCED: None,  # computed from the announcement dates, see policy_path
    "strict: April 2025 rules stay": {2024: "2023-10", **{y: "2025-04" for y in range(2025, 2031)}},
    "October 2023 rules stay (H20 allowed)": {y: "2023-10" for y in YEARS},
    "loose: October 2022 rules (H800 allowed)": {y: "2022-10" for y in YEARS},
}


@data.derived_cache(maxsize=1)
def _as_announced() -> dict[int, dict[str, float]]:
    """{year: {vintage: share of the year's days under it}} from the rules' announcement dates."""
    import datetime as dt

    out = {}
    for year in YEARS:
        days: dict[str, int] = {}
        day, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        while day <= end:
            v = export_controls.rule_in_force(day) or VINTAGES[0]
            days[v] = days.get(v, 0) + 1
            day += dt.timedelta(days=1)
        total = sum(days.values())
        out[year] = {v: n / total for v, n in days.items()}
    return out


#: The units of the parameters, as shown (in a Chinese table through pgettext("unit", ...)).
_UNITS = (
    NP_("unit", "million H100-equivalents"),
    NP_("unit", "fraction per year"),
    NP_("unit", "million chips per year"),
    NP_("unit", "fraction"),
    NP_("unit", "thousand wafers per month"),
    NP_("unit", "dies per wafer"),
    NP_("unit", "million HBM stacks"),
    NP_("unit", "million HBM stacks per year"),
    NP_("unit", "stacks per die"),
    NP_("unit", "H100-equivalents per chip"),
    NP_("unit", "elasticity"),
    NP_("unit", "USD per H100-equivalent"),
)
#: Allowed range of every numeric parameter: (low, high, unit, what it is).
PARAM_RANGES: dict[str, tuple[float, float, str, str]] = {
    "demand_2025": (0.01, 100.0, "million H100-equivalents", "demand for AI compute in 2025"),
    "demand_growth": (0.0, 2.0, "fraction per year", "growth of demand"),
    "foreign_units": (0.0, 50.0, "million chips per year", "chips Nvidia and AMD ship to China when allowed"),
    "nvidia_share_of_foreign": (0.0, 1.0, "fraction", "Nvidia's part of foreign shipments"),
    "licence_share": (
        0.0,
        1.0,
        "fraction",
        "share of foreign cards that are chips licensed case by case (where the rules allow one)",
    ),
    "wafers_kwpm": (0.0, 500.0, "thousand wafers per month", "SMIC wafers for AI chips in 2025"),
    "capacity_growth": (
        0.0,
        2.0,
        "fraction per year",
        "growth of those wafers (and of other domestic vendors)",
    ),
    "yield_rate": (0.01, 1.0, "fraction", "share of dies that work"),
    "dies_per_wafer": (1.0, 1000.0, "dies per wafer", "910B-class die candidates per 12-inch wafer"),
    "hbm_stock_mstacks": (0.0, 500.0, "million HBM stacks", "HBM stockpile in China at the start of 2025"),
    "hbm_mstacks": (0.0, 500.0, "million HBM stacks per year", "new HBM supply per year from 2025"),
    "hbm_growth": (0.0, 2.0, "fraction per year", "growth of new HBM supply"),
    "stacks_per_die": (0.5, 16.0, "stacks per die", "HBM stacks per 910B-class die"),
    "other_domestic_munits": (
        0.0,
        50.0,
        "million chips per year",
        "chips from other Chinese vendors in 2025",
    ),
    "domestic_h100e": (
        0.01,
        5.0,
        "H100-equivalents per chip",
        "compute of one domestic accelerator relative to an H100",
    ),
    "mandate": (0.0, 1.0, "fraction", "share of demand that must be met by domestic chips"),
    "demand_elasticity": (-10.0, -0.05, "elasticity", "price elasticity of demand for AI compute"),
    "price_per_h100e": (
        100.0,
        1e6,
        "USD per H100-equivalent",
        "normal price of one H100-equivalent of compute",
    ),
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
    "huawei_units",
    "other_domestic_units",
    "foreign_cap",
    "domestic_cap",
    "wafer_limited_units",
    "hbm_limited_units",
    "hbm_stock_end",
    "binding",
    "why",
    "share_nvidia",
    "share_other_foreign",
    "share_domestic",
    "share_unmet",
    "domestic_share_of_supply",
    "scarcity_price_index",
    "scarcity_rent_usd_bn",
]


# ----------------------------------------------------------------------------- validation


def _number(name: str, value) -> float:
    """A finite real number inside PARAM_RANGES[name], or InputError saying what is allowed."""
    low, high, unit, what = PARAM_RANGES[name]
    return validate.number(value, f"{name} ({what})", low=low, high=high, unit=unit)


def policy_path(policy) -> dict[int, dict[str, float]]:
    """The rule vintages of each year of :data:`YEARS`: ``{year: {vintage: share of the year}}``.

    ``policy`` is a name from :data:`POLICY_PATHS` (the first follows the announcement dates,
    so 2025 is about a quarter under the 2023 rules and three quarters under the April 2025
    ones), one vintage for every year (``"2025-04"``), or a mapping ``{year: vintage}`` covering
    2024-2030.
    """
    if isinstance(policy, str):
        if policy in POLICY_PATHS:
            fixed = POLICY_PATHS[policy]
            if fixed is None:
                return {y: dict(v) for y, v in _as_announced().items()}
            return {y: {v: 1.0} for y, v in fixed.items()}
        if policy in VINTAGES:
            return {y: {policy: 1.0} for y in YEARS}
        validate.choice(policy, "policy", [*POLICY_PATHS, *VINTAGES], what="policy path or rule vintage")
    if isinstance(policy, Mapping):
        path = {}
        for key, vintage in policy.items():
            try:
                year = int(key)
            except (TypeError, ValueError, OverflowError):
                raise InputError(f"policy: years must be integers such as 2026, not {key!r:.20}.") from None
            if year != key and str(year) != str(key):
                raise InputError(f"policy: years must be integers such as 2026, not {key!r:.20}.")
            if year not in YEARS:
                raise InputError(f"policy year {year} is outside the scenario years {YEARS[0]}-{YEARS[-1]}.")
            vintage = validate.choice(vintage, f"policy[{year}]", VINTAGES, what="rule vintage")
            path[year] = {vintage: 1.0}
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


def _foreign_table(foreign_h100e, name: str = "foreign_h100e") -> dict[str, float]:
    if not isinstance(foreign_h100e, Mapping):
        raise InputError(
            f"{name} must map each rule vintage to the H100-equivalents of "
            "the best chip Nvidia may sell under it (e.g. {'2023-10': 0.15, ...})."
        )
    table = {}
    for vintage in VINTAGES:
        if vintage not in foreign_h100e:
            raise InputError(
                f"{name} has no value for rule vintage {vintage!r}; it needs all of {', '.join(VINTAGES)}."
            )
        value = foreign_h100e[vintage]
        if (
            isinstance(value, bool)
            or not isinstance(value, Real)
            or math.isnan(float(value))
            or not 0.0 <= float(value) <= 10.0
        ):
            raise InputError(
                f"{name}[{vintage!r}] must be a number between 0 and 10 "
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
    hbm_stock_mstacks: float,
    hbm_mstacks: float,
    hbm_growth: float,
    stacks_per_die: float,
    other_domestic_munits: float,
    domestic_h100e: float,
    mandate: float,
    demand_elasticity: float,
    price_per_h100e: float,
    licence_share: float = 0.0,
    licensed_h100e: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """China's AI accelerator supply by year, 2024-2030, under one set of assumptions.

    Parameters (ranges in :data:`PARAM_RANGES`; the defaults come from :func:`default_params`)
    -------------------------------------------------------------------------------------------
    policy:
        Rule vintages per year: a name from :data:`POLICY_PATHS`, a vintage, or ``{year: vintage}``.
    foreign_h100e:
        ``{vintage: H100-equivalents of the best chip Nvidia may sell to China without a licence}``
        (:func:`foreign_h100e_by_vintage` gives the sourced values).
    licensed_h100e:
        ``{vintage: H100-equivalents of the best chip allowed case by case}`` (January 2026: the
        H200); ``None`` or a value not above ``foreign_h100e`` means no such chip.
    demand_2025, demand_growth:
        Demand for compute in 2025 (million H100-equivalents) and its yearly growth.
    foreign_units, nvidia_share_of_foreign, licence_share:
        Cards Nvidia and AMD ship to China per year (millions), Nvidia's part of them, and the
        share of those cards that are the chip licensed case by case, where the rules allow one
        (the rest are the best chip that needs no licence).
    wafers_kwpm, capacity_growth, yield_rate, dies_per_wafer:
        SMIC wafers per month for AI chips in 2025 (thousands), their yearly growth, the share
        of good dies and 910B-class die candidates per wafer.
    hbm_stock_mstacks, hbm_mstacks, hbm_growth, stacks_per_die:
        HBM stockpile at the start of 2025 (million stacks), new supply per year and its growth,
        stacks per 910B-class die.
    other_domestic_munits:
        Chips from the other Chinese vendors in 2025 (millions); they grow with capacity_growth.
    domestic_h100e:
        Compute of one domestic accelerator in H100-equivalents (the performance gap per chip).
    mandate:
        Share of demand that must be met by domestic chips (a procurement mandate).
    demand_elasticity, price_per_h100e:
        For the scarcity price and rent of a shortage (see the module docstring).

    Returns
    -------
    DataFrame, one row per year (see :data:`_OUTPUT_COLUMNS`). Compute columns in million
    H100-equivalents, unit columns in million chips (domestic ones in 910B-class units).
    ``share_*`` are shares of demand and sum to 1.
    """
    path = policy_path(policy)
    per_chip = _foreign_table(foreign_h100e)
    licensed = per_chip if licensed_h100e is None else _foreign_table(licensed_h100e, "licensed_h100e")
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
            "hbm_stock_mstacks": hbm_stock_mstacks,
            "hbm_mstacks": hbm_mstacks,
            "hbm_growth": hbm_growth,
            "stacks_per_die": stacks_per_die,
            "other_domestic_munits": other_domestic_munits,
            "domestic_h100e": domestic_h100e,
            "mandate": mandate,
            "demand_elasticity": demand_elasticity,
            "price_per_h100e": price_per_h100e,
        }.items()
    }
    stock = p["hbm_stock_mstacks"]
    rows = []
    for year in YEARS:
        t = year - BASE_YEAR
        mix = path[year]
        vintage = max(mix, key=mix.get)
        demand = p["demand_2025"] * (1.0 + p["demand_growth"]) ** t

        ls = p["licence_share"]
        chip = sum(  # compute per foreign card, over the year's months
            share * (ls * max(licensed[v], per_chip[v]) + (1.0 - ls) * per_chip[v])
            for v, share in mix.items()
        )
        foreign_cap = p["foreign_units"] * chip
        foreign = min(foreign_cap, (1.0 - p["mandate"]) * demand)

        growth = (1.0 + p["capacity_growth"]) ** t
        wafer_units = p["wafers_kwpm"] * 12_000.0 * p["dies_per_wafer"] * p["yield_rate"] * growth / 1e6
        other_units = p["other_domestic_munits"] * growth
        if year < BASE_YEAR:  # HBM was not controlled until December 2024
            hbm_units = math.inf
            new_hbm = 0.0
        else:
            new_hbm = p["hbm_mstacks"] * (1.0 + p["hbm_growth"]) ** t
            hbm_units = (stock + new_hbm) / p["stacks_per_die"]
        fab_units = wafer_units + other_units
        capacity = min(fab_units, hbm_units)
        need = max(demand - foreign, 0.0) / p["domestic_h100e"]
        dom_units = min(capacity, need)
        demand_binds = need <= capacity * (1 + 1e-9)
        if demand_binds:
            # demand binds: the other vendors (captive: T-Head for Alibaba, Kunlunxin for
            # Baidu) sell what they make; Huawei fills the rest
            other_used = min(other_units, dom_units)
        else:
            # capacity binds: what can be made is shared in proportion to each one's fab capacity
            other_used = dom_units * other_units / fab_units if fab_units > 0 else 0.0
        huawei_units = dom_units - other_used
        if year >= BASE_YEAR:
            stock = stock + new_hbm - dom_units * p["stacks_per_die"]
            stock = stock if stock > 1e-9 else 0.0  # used up (no float crumbs left over)
        domestic = dom_units * p["domestic_h100e"]
        unmet = max(demand - foreign - domestic, 0.0)
        if demand_binds:
            binding = "demand"
            why = _(
                "domestic chips sold all that was left after foreign chips "
                "({need}M needed, capacity {capacity}M)"
            ).format(need=f"{need:.2f}", capacity=f"{capacity:.2f}")
        elif hbm_units < fab_units:
            binding = "HBM"
            why = _(
                "memory: the HBM left ({stacks}M stacks) covers {units}M domestic chips, "
                "fewer than the fabs' {fab}M good dies"
            ).format(
                stacks=f"{hbm_units * p['stacks_per_die']:.1f}",
                units=f"{hbm_units:.2f}",
                fab=f"{fab_units:.2f}",
            )
        else:
            binding = "wafers"
            why = _(
                "the fabs' good dies ({fab}M) are fewer than the {need}M domestic chips demand would take"
            ).format(fab=f"{fab_units:.2f}", need=f"{need:.2f}")
        supplied = foreign + domestic
        if unmet > 1e-12:
            index = economics.scarcity_price(supplied / demand, p["demand_elasticity"], cap=MAX_PRICE_INDEX)
            rent = (index - 1.0) * supplied * p["price_per_h100e"] / 1000.0  # USD bn
        else:
            index, rent = 1.0, 0.0
        nvidia = foreign * p["nvidia_share_of_foreign"]
        other = foreign - nvidia
        rows.append(
            {
                "year": year,
                "vintage": vintage,
                "demand": demand,
                "nvidia": nvidia,
                "other_foreign": other,
                "domestic": domestic,
                "unmet": unmet,
                "nvidia_units": nvidia / chip if chip > 0 else 0.0,
                "other_foreign_units": other / chip if chip > 0 else 0.0,
                "domestic_units": dom_units,
                "huawei_units": huawei_units,
                "other_domestic_units": other_used,
                "foreign_cap": foreign_cap,
                "domestic_cap": capacity * p["domestic_h100e"],
                "wafer_limited_units": wafer_units,
                "hbm_limited_units": hbm_units if math.isfinite(hbm_units) else None,
                "hbm_stock_end": stock if year >= BASE_YEAR else None,
                "binding": binding,
                "why": why,
                "share_nvidia": nvidia / demand,
                "share_other_foreign": other / demand,
                "share_domestic": domestic / demand,
                "share_unmet": unmet / demand,
                "domestic_share_of_supply": domestic / supplied if supplied > 0 else 0.0,
                "scarcity_price_index": index,
                "scarcity_rent_usd_bn": rent,
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
def _foreign_by_vintage() -> tuple[tuple[str, str, float, str], ...]:
    """(rule, kind, H100-equivalents, chip name) for kind "free" (no licence needed) and
    "licensed" (case-by-case review; the free chip where the rule allows none better)."""
    df = _chips()
    nv = df[(df["vendor"] == "Nvidia") & df["datacenter"].fillna(False).astype(bool)]
    ref = float(chip_row(REFERENCE_CHIP)["tpp"])
    out = []
    for rule in export_controls.RULES:
        # Highest TPP wins; on a tie (H100 and H200 share a TPP) the higher memory bandwidth,
        # so January 2026 names the H200, the chip that policy was written for.
        best = {"free": (0.0, 0.0, "none"), "licensed": (0.0, 0.0, "none")}
        for _i, row in nv.iterrows():
            if not math.isfinite(float(row["tpp"])):
                continue
            try:
                v = export_controls.classify_chip(row, rule)
            except ValueError:
                continue  # a figure the rule needs is missing: not counted as sellable
            bw = float(row["memory_bandwidth_gbps"])
            key = (float(row["tpp"]), bw if math.isfinite(bw) else 0.0)
            kind = "free" if not v.controlled else "licensed" if v.case_by_case else None
            if kind and key > best[kind][:2]:
                best[kind] = (*key, str(row["chip"]))
        if best["licensed"][:2] <= best["free"][:2]:
            best["licensed"] = best["free"]
        for kind in ("free", "licensed"):
            out.append((rule, kind, best[kind][0] / ref, best[kind][2]))
    return tuple(out)


def foreign_h100e_by_vintage(kind: str = "free") -> tuple[dict[str, float], dict[str, str]]:
    """({vintage: H100-equivalents of the best Nvidia data-centre chip}, {vintage: its name}).

    ``kind="free"``: the best chip that needs no licence under that vintage's rules;
    ``kind="licensed"``: the best chip allowed case by case (January 2026: the H200), or the free
    one where the rules allow nothing better. Gaming cards are left out: the model is about
    data-centre supply.
    """
    kind = validate.choice(kind, "kind", ("free", "licensed"))
    rows = [r for r in _foreign_by_vintage() if r[1] == kind]
    return {r: v for r, _, v, _ in rows}, {r: n for r, _, _, n in rows}


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
    h20 = data.load("nvidia_h20")
    assume = data.load("assumptions").set_index("assumption_id")

    def s(est, year, seg, unit):
        return _value(share, estimate_id=est, year=year, segment=seg, unit=unit)

    def c(cid):
        return _value(prod, constraint_id=cid)

    nv, amd, dom, hw = (
        s("idc-2025", 2025, x, "million units") for x in ("nvidia", "amd", "domestic", "huawei")
    )
    tot24, tot25 = (
        s("idc-2024", 2024, "total", "million units"),
        s("idc-2025", 2025, "total", "million units"),
    )
    h20e, b910 = h100e("nvidia-h20"), h100e("huawei-ascend910b")
    foreign_units = float(nv["value"]) + float(amd["value"])
    demand = foreign_units * h20e + float(dom["value"]) * b910
    growth = float(tot25["value"]) / float(tot24["value"]) - 1.0
    w25, w27 = c("smic-ai-2025"), c("smic-ai-2027")
    cap_growth = (float(w27["value"]) / float(w25["value"])) ** 0.5 - 1
    per_910c = float(c("hbm-stacks-per-910c")["value"])
    dies_910c = float(c("dpw-910b")["value"]) / float(c("dpw-910c")["value"])
    hbm_flow = float(c("hbm-limit-2026")["value"]) * per_910c
    hopper = _value(h20, metric="hopper_dc_shipments_china")
    mandate = c("mandate-public-2025")
    h100_price = c("price-h100")
    elasticity = assume.loc["compute-demand-elasticity"]

    rows = [
        (
            "demand_2025",
            demand,
            "million H100-equivalents",
            f"IDC 2025 shipments in compute, each card in the unit the supply side uses: "
            f"({nv['value']:g} + {amd['value']:g}) million foreign cards × {h20e:.3f} (H20) + "
            f"{dom['value']:g} million domestic × {b910:.3f} (910B-class). Shipments are a floor: "
            "demand exceeded supply.",
            "reuters-2026-04-01-idc",
            "E",
        ),
        (
            "demand_growth",
            growth,
            "fraction per year",
            f"IDC accelerator cards shipped in China: {tot24['value']:g} million (2024) to "
            f"{tot25['value']:g} million (2025). (Bernstein's market value grows about 37% a year "
            "to 2027: a slower alternative.)",
            "reuters-2026-04-01-idc",
            "E",
        ),
        (
            "foreign_units",
            foreign_units,
            "million chips per year",
            "IDC 2025: Nvidia + AMD cards shipped to China.",
            "reuters-2026-04-01-idc",
            "E",
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
            0.0 if float(hopper["value"]) == 0 else 1.0,
            "fraction",
            "Case-by-case licences (H200, January 2026 rule): Nvidia shipped no Hopper data-centre "
            "chips to China in the quarter to April 2026 (China's customs held back the H200, "
            "Beijing told buyers to pause), so none of the foreign cards are licensed chips; "
            "they are the best chip that needs no licence.",
            hopper["source_id"],
            hopper["grade"],
        ),
        (
            "wafers_kwpm",
            float(w25["value"]),
            "thousand wafers per month",
            "Morgan Stanley: SMIC wafers for AI chips in 2025.",
            w25["source_id"],
            w25["grade"],
        ),
        (
            "capacity_growth",
            cap_growth,
            "fraction per year",
            f"Morgan Stanley: SMIC AI-chip wafers {w25['value']:g}k (2025) to {w27['value']:g}k "
            "(2027) a month: growth per year.",
            w27["source_id"],
            "E",
        ),
        (
            "yield_rate",
            float(c("yield-ms-2025")["value"]) / 100,
            "fraction",
            "Morgan Stanley: about 30% yield on 910B dies.",
            "morganstanley-2025-09",
            "E",
        ),
        (
            "dies_per_wafer",
            float(c("dpw-910b")["value"]),
            "dies per wafer",
            "Morgan Stanley: 78 910B-class die candidates per wafer.",
            "morganstanley-2025-09",
            "E",
        ),
        (
            "hbm_stock_mstacks",
            float(c("hbm-total-china")["value"]),
            "million HBM stacks",
            "SemiAnalysis: about 13 million HBM stacks reached China before the December 2024 "
            "control: a stock, drawn down year by year.",
            "semianalysis-2025-09-08",
            "E",
        ),
        (
            "hbm_mstacks",
            hbm_flow,
            "million HBM stacks per year",
            f"SemiAnalysis: about {c('hbm-limit-2026')['value']:g} million Ascend a year if limited "
            f"by new HBM, × {per_910c:g} stacks per 910C.",
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
            "stacks_per_die",
            per_910c / dies_910c,
            "stacks per die",
            f"{per_910c:g} stacks per 910C, which has {dies_910c:g} dies (78 910B dies or 39 910C "
            "per wafer).",
            "semianalysis-2025-09-08",
            "E",
        ),
        (
            "other_domestic_munits",
            float(dom["value"]) - float(hw["value"]),
            "million chips per year",
            f"IDC 2025: domestic {dom['value']:g} million minus Huawei {hw['value']:g} million "
            "(T-Head, Kunlunxin, Cambricon and others).",
            "reuters-2026-04-01-idc",
            "E",
        ),
        (
            "domestic_h100e",
            b910,
            "H100-equivalents per chip",
            "Ascend 910B TPP / H100 TPP (accelerators table): the course's average domestic card.",
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
        (
            "demand_elasticity",
            float(elasticity["value"]),
            "elasticity",
            "Course assumption (no sourced estimate): unit elastic.",
            "course-assumption",
            "E",
        ),
        (
            "price_per_h100e",
            float(h100_price["value"]),
            "USD per H100-equivalent",
            "NVIDIA H100 price per GPU (from a DGX server price): one H100-equivalent.",
            h100_price["source_id"],
            h100_price["grade"],
        ),
    ]
    table = pd.DataFrame(rows, columns=["parameter", "value", "unit", "how", "source_id", "grade"])
    values = dict(zip(table["parameter"], table["value"]))
    return values, table


def default_params(policy: str = AS_ANNOUNCED) -> dict:
    """Keyword arguments for :func:`utils.substitution.supply_scenario`, derived from the tables."""
    policy_path(policy)  # an unknown policy is refused here, not later
    values, _ = _defaults()
    free, _names = foreign_h100e_by_vintage("free")
    licensed, _names = foreign_h100e_by_vintage("licensed")
    return {"policy": policy, "foreign_h100e": free, "licensed_h100e": licensed, **values}


def defaults_table() -> pd.DataFrame:
    """The default settings with how each was derived, its source id and grade."""
    _, table = _defaults()
    return table.copy()


def units_text(million: float, digits: int | None = 1, *, thousand: bool = False) -> str:
    """A count given in millions, in the current language: English "2.3 million" (``digits``
    decimals; None: as few as needed, "11.4 million"; with ``thousand``: "812 thousand");
    Chinese in 万 (1万 = 10,000): "230万", "1140万", "81.2万"."""
    million = validate.number(million, "million")
    if language() == "zh":
        wan = million * 100
        if digits is None:
            return f"{wan:g}万"
        decimals = 1 if thousand else max(digits - 2, 0)
        text = f"{wan:.{decimals}f}"
        return (text.rstrip("0").rstrip(".") if "." in text else text) + "万"
    if thousand:
        return f"{million * 1000:,.0f} thousand"
    if digits is None:
        return f"{million:g} million"
    return f"{million:.{digits}f} million"


def run_default(**changes) -> pd.DataFrame:
    """:func:`supply_scenario` with the default settings, changed by ``changes``."""
    return supply_scenario(**{**default_params(), **changes})


def backtest() -> pd.DataFrame:
    """The default run against what happened: domestic accelerators shipped in China in 2024
    and 2025, Huawei's part in 2025, and the domestic share of cards shipped (IDC).

    Columns: quantity, period, model, observed, error_pct (model ÷ observed − 1, in %),
    source_id, grade, binding, why. 2025 is partly in-sample (demand is measured from 2025
    shipments); 2024 is not (it follows from the demand growth and the rules of 2024).
    """
    share = data.load("china_ai_chip_share")
    run = run_default().set_index("year")

    def obs(est, year, seg, unit):
        return _value(share, estimate_id=est, year=year, segment=seg, unit=unit)

    rows = []
    for year, est in ((2024, "idc-2024"), (2025, "idc-2025")):
        o = obs(est, year, "domestic", "million units")
        rows.append(
            (
                N_("domestic accelerators shipped (million)"),
                year,
                float(run.loc[year, "domestic_units"]),
                float(o["value"]),
                o,
            )
        )
    o = obs("idc-2025", 2025, "huawei", "million units")
    rows.append(
        (
            N_("Huawei Ascend shipped (million)"),
            2025,
            float(run.loc[2025, "huawei_units"]),
            float(o["value"]),
            o,
        )
    )
    for year, est in ((2024, "idc-2024"), (2025, "idc-2025")):
        o = obs(est, year, "domestic", "percent")
        r = run.loc[year]
        units = r["domestic_units"] + r["nvidia_units"] + r["other_foreign_units"]
        rows.append(
            (
                N_("domestic share of accelerators shipped (%)"),
                year,
                100.0 * r["domestic_units"] / units,
                float(o["value"]),
                o,
            )
        )
    out = pd.DataFrame(
        [
            {
                "quantity": q,
                "period": str(y),
                "model": m,
                "observed": v,
                "error_pct": 100.0 * (m / v - 1.0),
                "source_id": o["source_id"],
                "grade": o["grade"],
                "binding": run.loc[y, "binding"],
                "why": run.loc[y, "why"],
            }
            for q, y, m, v, o in rows
        ]
    )
    return out


METRICS = {  # names shown through pgettext("metric", name)
    NP_("metric", "TPP (peak dense compute)"): "tpp",
    NP_("metric", "peak dense FP16 TFLOPS"): "fp16_tflops",
    NP_("metric", "memory bandwidth (GB/s)"): "memory_bandwidth_gbps",
}

#: Words of the china_ai_chip_share table shown in notebook 03's charts, through
#: pgettext("basis", ...) and pgettext("status", ...).
SHARE_WORDS = (
    NP_("basis", "units"),
    NP_("basis", "server sourcing"),
    NP_("basis", "value"),
    NP_("basis", "production capacity"),
    NP_("basis", "deliveries"),
    NP_("basis", "production plan"),
    NP_("status", "actual"),
    NP_("status", "estimate"),
    NP_("status", "forecast"),
    NP_("status", "official estimate"),
    NP_("status", "press report"),
)


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
                _("The {chip} has no published figure for {metric}; pick another metric or chip.").format(
                    chip=row["chip"], metric=pgettext("metric", metric)
                )
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
