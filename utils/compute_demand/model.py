"""Training compute, training cost and the demand for compute: pure, validated models.

Notebook 02 asks two questions with numbers:

* **What does a training run cost?** The compute of a dense or mixture-of-experts transformer is
  about ``6 · N · D`` FLOP (N = parameters active per token, D = training tokens). Dividing by
  what a GPU really delivers (peak FLOP/s × utilisation) gives GPU-hours; multiplying by a rental
  price gives a cost. :func:`training_flop`, :func:`gpu_hours_and_cost` and
  :func:`training_cost` let a student check DeepSeek's "$5.576M" from the report's own figures.
* **Does cheaper AI cut the demand for chips?** In a constant-elasticity model, an efficiency
  gain ``g`` makes each unit of AI service ``g`` times cheaper in compute; demand for the service
  rises by ``g ** elasticity``; total compute demand changes by ``g ** (elasticity - 1)``
  (:func:`compute_demand_multiplier`). Above 1 is the Jevons paradox. :func:`compute_demand_path`
  repeats this year after year on top of underlying demand growth.

Everything here is pure (no widgets, no plotting, no data loading) and validates its inputs:
bad input raises :class:`ValueError` with a message a student can act on; NaN is never accepted.
The trend helpers (:func:`fit_log_trend`, :func:`decimal_year`) fit the exponential growth of
training compute on a log scale.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import pandas as pd

from .. import i18n, validate
from ..i18n import _, pgettext
from ..validate import InputError

__all__ = [
    "SECONDS_PER_HOUR",
    "MAX_EFFICIENCY_GAIN",
    "MAX_ELASTICITY",
    "MAX_YEARS",
    "training_flop",
    "training_cost",
    "gpu_hours_and_cost",
    "GpuHoursCost",
    "implied_utilisation",
    "compute_demand_multiplier",
    "break_even_elasticity",
    "rebound",
    "elasticity_for_multiplier",
    "jevons_scenario",
    "compute_demand_path",
    "full_cost",
    "cost_scenario",
    "fit_log_trend",
    "TrendFit",
    "decimal_year",
    "capex_path",
    "headline_capex",
    "capex_projection",
    "HEADLINE_PREFERENCE",
    "like_for_like_growth",
    "trend_backtest",
    "capex_backtest",
    "backtest",
    "TREND_CUTOFF_YEAR",
    "CAPEX_FIT_YEARS",
]

SECONDS_PER_HOUR = 3600.0
#: Largest efficiency gain a student may enter (a million-fold).
#: Smallest efficiency "gain" accepted (a thousandfold loss of efficiency; below it powers underflow).
MIN_EFFICIENCY_GAIN = 1e-3
MAX_EFFICIENCY_GAIN = 1e6
#: Largest price elasticity accepted (demand elasticities above 10 are not economics any more).
MAX_ELASTICITY = 10.0
#: Longest multi-year path.
MAX_YEARS = 50


# --------------------------------------------------------------------------- validation


def _number(
    x,
    name: str,
    *,
    positive: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    hint: str = "",
) -> float:
    """Return ``x`` as a finite float, or raise InputError naming ``name`` and what to do."""
    if positive and minimum is None:
        return validate.number(x, name, low=0.0, low_open=True, high=maximum, hint=hint)
    return validate.number(x, name, low=minimum, high=maximum, hint=hint)


def _gain(efficiency_gain, name: str = "efficiency_gain") -> float:
    return _number(
        efficiency_gain,
        name,
        minimum=MIN_EFFICIENCY_GAIN,
        maximum=MAX_EFFICIENCY_GAIN,
        hint="It is a factor: 1 means no change, 10 means each unit of AI service needs "
        "10 times less compute; a value below 1 would mean AI got less efficient.",
    )


def _elasticity(elasticity, name: str = "elasticity") -> float:
    """The price elasticity of demand, with its textbook sign: negative (or zero)."""
    e = _number(
        elasticity, name, minimum=None, maximum=None, hint="Typical scenario values lie between -0.5 and -2."
    )
    if e > 0:
        raise InputError(
            f"{name} must be negative (or zero), not {e:g}: a price elasticity of demand has the "
            "textbook sign, since a lower price raises the quantity demanded. Use "
            f"{-e:g}, not {e:g}."
        )
    if e < -MAX_ELASTICITY:
        raise InputError(f"{name} must be at least -{MAX_ELASTICITY:g}, not {e:g}.")
    return e


def _finite(value, what: str):
    """``value`` when finite everywhere; else InputError (the inputs make it overflow)."""
    arr = np.asarray(value, dtype=float)
    if not np.isfinite(arr).all():
        raise InputError(
            f"{what} grows beyond what a computer can hold (above 1e308): choose "
            "fewer years, a smaller efficiency gain or an elasticity closer to 0."
        )
    return value


# --------------------------------------------------------------------------- training compute & cost


def training_flop(active_params, tokens) -> float:
    """Training compute by the ``6 · N · D`` rule, in FLOP.

    ``active_params`` is N, the parameters used for each token (for a mixture-of-experts model
    such as DeepSeek-V3, the 37 billion *active* parameters, not the 671 billion in total);
    ``tokens`` is D, the number of training tokens. Each token costs about 2·N FLOP in the
    forward pass and 4·N in the backward pass.

    >>> training_flop(37e9, 14.8e12)
    3.2856e+24
    """
    n = _number(
        active_params,
        "active_params",
        positive=True,
        maximum=1e15,
        hint="Give the number of parameters used per token, e.g. 37e9 for 37 billion.",
    )
    d = _number(
        tokens,
        "tokens",
        positive=True,
        maximum=1e17,
        hint="Give the number of training tokens, e.g. 14.8e12 for 14.8 trillion.",
    )
    return 6.0 * n * d


MAX_GPU_HOURS = 1e15  # the largest GPU-hour count the cost functions take (about 100 billion GPU-years)


def training_cost(gpu_hours, usd_per_gpu_hour) -> float:
    """Rental-equivalent cost in US dollars: GPU-hours × price per GPU-hour.

    >>> training_cost(2.788e6, 2.0)
    5576000.0
    """
    h = _number(
        gpu_hours,
        "gpu_hours",
        minimum=0.0,
        maximum=MAX_GPU_HOURS,
        hint="GPU-hours = number of GPUs × hours each one ran.",
    )
    p = _number(
        usd_per_gpu_hour,
        "usd_per_gpu_hour",
        minimum=0.0,
        maximum=1e4,
        hint="A rental price in US dollars per GPU per hour, e.g. 2.",
    )
    return h * p


class GpuHoursCost(NamedTuple):
    """GPU-hours needed for a run and what they cost."""

    gpu_hours: float
    cost_usd: float


def gpu_hours_and_cost(flop, peak_flop_per_s, utilisation, usd_per_gpu_hour) -> GpuHoursCost:
    """From training compute to GPU-hours and cost.

    GPU-hours = FLOP ÷ (peak FLOP/s × utilisation × 3600). ``utilisation`` (model FLOP
    utilisation, MFU) is the fraction of the peak a run really achieves, between 0 and 1
    (typically 0.2–0.5). The cost is GPU-hours × ``usd_per_gpu_hour``.
    """
    f = _number(flop, "flop", positive=True, maximum=1e32, hint="Training compute in FLOP, e.g. 3.3e24.")
    peak = _number(
        peak_flop_per_s,
        "peak_flop_per_s",
        positive=True,
        maximum=1e20,
        hint="The GPU's peak throughput in FLOP per second, e.g. 989e12 for 989 TFLOP/s.",
    )
    u = _number(
        utilisation,
        "utilisation",
        positive=True,
        maximum=1.0,
        hint="A fraction of the peak between 0 and 1 (0.35 means 35%), not a percentage.",
    )
    hours = f / (peak * u * SECONDS_PER_HOUR)
    if hours > MAX_GPU_HOURS:
        raise InputError(
            f"peak_flop_per_s and utilisation give {hours:.3g} GPU-hours for {f:.3g} FLOP, more than "
            f"{MAX_GPU_HOURS:.0e}: is peak_flop_per_s in FLOP per second (989e12 for 989 TFLOP/s, not 989)?"
        )
    return GpuHoursCost(hours, training_cost(hours, usd_per_gpu_hour))


def implied_utilisation(flop, gpu_hours, peak_flop_per_s) -> float:
    """The utilisation (MFU) a run must have achieved: FLOP ÷ (GPU-hours × 3600 × peak).

    A result above 1 is impossible and means one of the inputs is wrong (or the peak assumed
    is for a lower precision than the run used).
    """
    f = _number(flop, "flop", positive=True, maximum=1e32)
    h = _number(gpu_hours, "gpu_hours", positive=True, maximum=1e15)
    peak = _number(peak_flop_per_s, "peak_flop_per_s", positive=True, maximum=1e20)
    return f / (h * SECONDS_PER_HOUR * peak)


def full_cost(gpu_hours, usd_per_gpu_hour, overhead_multiplier) -> float:
    """A 'what did it really cost?' estimate: final-run cost × an overhead multiplier.

    ``overhead_multiplier`` stands for everything the final-run figure leaves out (research and
    ablation runs, failed runs, data, staff); 1 means the final run only.
    """
    m = _number(
        overhead_multiplier,
        "overhead_multiplier",
        minimum=1.0,
        maximum=1e4,
        hint="1 means the final run only; 10 means everything else cost 9 times as much again.",
    )
    return training_cost(gpu_hours, usd_per_gpu_hour) * m


def cost_scenario(gpu_hours_millions, usd_per_gpu_hour, overhead_multiplier) -> dict:
    """Final-run cost and an all-in estimate (final run × overhead), GPU-hours in millions.

    The model behind the "what did it really cost?" panel. Returns GPU-hours, the price, the
    multiplier, ``final_run_usd`` (GPU-hours × price) and ``all_in_usd`` (× the multiplier).
    """
    hours = (
        _number(
            gpu_hours_millions,
            "gpu_hours_millions (GPU-hours, millions)",
            positive=True,
            maximum=1e6,
            hint="DeepSeek-V3's report gives 2.788 (million H800 GPU-hours).",
        )
        * 1e6
    )
    final = training_cost(hours, usd_per_gpu_hour)  # validates the price
    all_in = full_cost(hours, usd_per_gpu_hour, overhead_multiplier)  # and the multiplier
    return {
        "gpu_hours": hours,
        "usd_per_gpu_hour": float(usd_per_gpu_hour),
        "overhead_multiplier": float(overhead_multiplier),
        "final_run_usd": final,
        "all_in_usd": all_in,
    }


# --------------------------------------------------------------------------- demand for compute


def compute_demand_multiplier(efficiency_gain, elasticity) -> float:
    """Factor by which total compute demand changes after an efficiency gain (Jevons model).

    Each unit of AI service needs ``efficiency_gain`` times less compute, so (with the cost
    saving passed on in full) its price falls by that factor; with a constant price elasticity
    of demand ε (negative), demand for the service rises by ``efficiency_gain ** -ε``; compute
    demand is service demand ÷ gain: ``efficiency_gain ** (-ε - 1)``. Above 1 (ε below -1,
    elastic demand): the efficiency gain *raises* total compute demand, the Jevons paradox or
    *backfire*; between 1/gain and 1, part of the saving is taken back (*rebound*); exactly 1 at
    ε = -1, for any gain.

    ``elasticity`` has its textbook sign: -1.5 means a 1% price fall raises quantity by 1.5%.

    >>> compute_demand_multiplier(10, -2.0)
    10.0
    """
    g = _gain(efficiency_gain)
    e = _elasticity(elasticity)
    return _finite(g ** (-e - 1.0), "compute demand")


def break_even_elasticity() -> float:
    """The elasticity at which an efficiency gain leaves compute demand unchanged: -1."""
    return -1.0


def elasticity_for_multiplier(efficiency_gain, multiplier) -> float:
    """The elasticity needed for compute demand to change by ``multiplier`` after a gain.

    Solves ``gain ** (-ε - 1) = multiplier``: ``ε = -1 - log(multiplier) / log(gain)``.
    """
    g = _gain(efficiency_gain)
    if g == 1.0:
        raise InputError(
            "efficiency_gain: with a gain of exactly 1 nothing changes, so no elasticity "
            "can produce a different multiplier: choose a gain above 1."
        )
    m = _number(
        multiplier,
        "multiplier",
        positive=True,
        maximum=1e100,
        hint="A factor: 2 means compute demand doubles.",
    )
    e = -1.0 - math.log(m) / math.log(g)
    if e > 0:
        raise InputError(
            f"multiplier: no elasticity of zero or below gives {m:g} for a gain of "
            f"{g:g} (it would need {e:.3g}). The smallest possible multiplier is "
            f"1/{g:g} = {1 / g:.3g}, at elasticity 0 (demand does not respond)."
        )
    if e < -MAX_ELASTICITY:
        raise InputError(
            f"multiplier: {m:g} would need an elasticity of {e:.3g}, beyond -{MAX_ELASTICITY:g}."
        )
    return e


def rebound(efficiency_gain, elasticity) -> dict:
    """How much of the compute an efficiency gain saves is taken back by extra use.

    ``rebound`` is the share of the engineering saving (1 - 1/gain) that the extra demand uses
    up: 0 means none (ε = 0), 1 means all of it (ε = -1), above 1 is *backfire* (the Jevons
    paradox: compute demand ends higher than before). Returns the multiplier, the saving
    expected with no response, the saving that happens and the rebound.
    """
    g = _gain(efficiency_gain)
    e = _elasticity(elasticity)
    m = compute_demand_multiplier(g, e)
    expected = 1.0 - 1.0 / g
    actual = 1.0 - m
    share = float("nan") if expected == 0 else 1.0 - actual / expected
    if not math.isfinite(share):
        share = 0.0
    kind = (
        "no change"
        if g == 1.0
        else ("backfire" if m > 1.0 + 1e-12 else ("full rebound" if abs(m - 1.0) <= 1e-12 else "rebound"))
    )
    return {
        "multiplier": m,
        "expected_saving": expected,
        "actual_saving": actual,
        "rebound": share,
        "kind": kind,
    }


def jevons_scenario(efficiency_gain, elasticity) -> dict:
    """Before/after indices of one efficiency gain (before = 1 for everything).

    Returns a dict with the service price index (``1/gain``), service quantity
    (``gain ** -elasticity``), compute per unit of service (``1/gain``), total compute demand and
    total spending on the service (both ``gain ** (-elasticity - 1)`` when the price of compute
    is unchanged), the multiplier, the rebound (see :func:`rebound`) and whether it is a Jevons
    case (backfire: multiplier > 1).
    """
    g = _gain(efficiency_gain)
    e = _elasticity(elasticity)
    m = compute_demand_multiplier(g, e)
    r = rebound(g, e)
    return {
        "efficiency_gain": g,
        "elasticity": e,
        "price_index": 1.0 / g,
        "service_quantity": _finite(g**-e, "service demand"),
        "compute_per_unit": 1.0 / g,
        "compute_demand": m,
        "spending": m,
        "multiplier": m,
        "rebound": r["rebound"],
        "rebound_kind": r["kind"],
        "jevons": m > 1.0 + 1e-12,
        "break_even_elasticity": break_even_elasticity(),
    }


def compute_demand_path(
    years, demand_growth, efficiency_gain_per_year, elasticity, start_year=2025, base_demand=1.0
) -> pd.DataFrame:
    """Compute demand year by year: underlying demand growth plus repeated efficiency gains.

    Each year the compute needed per unit of AI service falls by ``efficiency_gain_per_year``
    (a factor, e.g. 3 = three times less compute a year), and demand for the service grows by
    ``demand_growth`` (a fraction, e.g. 0.3 = +30% a year at constant prices) on top of the
    response to cheaper service (elasticity). After ``t`` years, with cumulative gain
    ``G = gain ** t``::

        service quantity = (1 + demand_growth) ** t × G ** elasticity
        compute demand   = base_demand × service quantity ÷ G

    Returns a DataFrame with one row per year from ``start_year`` (t = 0) to
    ``start_year + years``: year, t, cumulative_gain, price_index, service_quantity,
    compute_demand, and compute_no_efficiency (what demand would be without any gain).
    """
    years = validate.integer(years, "years", low=1, high=MAX_YEARS)
    d = _number(
        demand_growth,
        "demand_growth",
        minimum=-0.99,
        maximum=10.0,
        hint="A yearly growth rate as a fraction: 0.3 means +30% a year.",
    )
    g = _gain(efficiency_gain_per_year, "efficiency_gain_per_year")
    e = _elasticity(elasticity)
    y0 = validate.integer(start_year, "start_year", low=1900, high=2200)
    b = _number(base_demand, "base_demand", positive=True, maximum=1e12)
    t = np.arange(years + 1, dtype=float)
    with np.errstate(over="ignore"):
        cum = _finite(g**t, "the cumulative efficiency gain")
        growth = _finite((1.0 + d) ** t, "demand")
        quantity = _finite(growth * cum**-e, "service demand")
        _finite(b * quantity / cum, "compute demand")
    return pd.DataFrame(
        {
            "year": (int(y0) + t).astype(int),
            "t": t.astype(int),
            "cumulative_gain": cum,
            "price_index": 1.0 / cum,
            "service_quantity": quantity,
            "compute_demand": b * quantity / cum,
            "compute_no_efficiency": b * growth,
        }
    )


def _growth_rate(growth_rate) -> float:
    return _number(
        growth_rate,
        "growth_rate",
        minimum=-0.99,
        maximum=10.0,
        hint="A yearly growth rate as a fraction: 0.4 means +40% a year.",
    )


def capex_path(base_value, growth_rate, years, start_year) -> pd.DataFrame:
    """Constant-growth projection: ``base_value × (1 + growth_rate) ** t`` for t = 0..years."""
    v = _number(base_value, "base_value", positive=True, maximum=1e12, hint="Spending in the start year.")
    r = _growth_rate(growth_rate)
    years = validate.integer(years, "years", low=1, high=MAX_YEARS)
    y0 = validate.integer(start_year, "start_year", low=1900, high=2200)
    t = np.arange(years + 1)
    with np.errstate(over="ignore"):
        value = _finite(v * (1.0 + r) ** t, "the projection")
    return pd.DataFrame({"year": y0 + t, "value": value})


# --------------------------------------------------------------------------- trends


def decimal_year(dates) -> np.ndarray:
    """Dates as decimal years (2024-07-02 → about 2024.5), for fitting trends."""
    if isinstance(dates, (str, bytes, dict, pd.DataFrame)) or not hasattr(dates, "__len__"):
        raise InputError(f"dates must be a list or column of dates, not {type(dates).__name__}.")
    if any(isinstance(d, (int, float, np.number)) and not isinstance(d, bool) for d in list(dates)):
        raise InputError(
            "dates must be dates such as '2024-07-01', not numbers (a number would "
            "be read as nanoseconds after 1970)."
        )
    try:
        ts = pd.to_datetime(pd.Series(list(dates)), format="mixed")
    except (ValueError, TypeError, OverflowError):
        raise InputError("dates: some values are not dates (use the form '2024-07-01').") from None
    if len(ts) == 0:
        raise InputError("dates is empty: give at least one date.")
    if ts.isna().any():
        raise InputError("Some dates are missing (NaT); drop those rows before fitting a trend.")
    start = pd.to_datetime(ts.dt.year.astype(str) + "-01-01")
    end = pd.to_datetime((ts.dt.year + 1).astype(str) + "-01-01")
    frac = (ts - start) / (end - start)
    return (ts.dt.year + frac).to_numpy(dtype=float)


class TrendFit(NamedTuple):
    """A straight-line fit of log10(value) against decimal year."""

    slope_log10_per_year: float  # orders of magnitude per year
    intercept_log10: float  # log10(value) at year 0 (use predict())
    growth_per_year: float  # factor per year, 10 ** slope
    doubling_time_months: float  # 12 · log10(2) / slope
    n: int  # number of points fitted
    r_squared: float

    def predict(self, year) -> np.ndarray:
        """Fitted value at decimal year(s) ``year``."""
        return 10.0 ** (self.intercept_log10 + self.slope_log10_per_year * np.asarray(year, float))


def _column(value, name: str) -> np.ndarray:
    """A 1-D column of numbers (list, array or Series); else InputError."""
    if isinstance(value, (str, bytes, dict, pd.DataFrame)) or np.ndim(value) != 1:
        raise InputError(f"{name} must be a list or column of numbers, not {type(value).__name__}.")
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"{name} must hold numbers only.") from None


def fit_log_trend(years, values) -> TrendFit:
    """Least-squares fit of ``log10(values) = a + b · year``; returns growth and doubling time.

    ``values`` must be positive (training compute in FLOP, for example). Needs at least two
    distinct years. A non-positive slope (no growth) gives an infinite doubling time.
    """
    x, y = _column(years, "years"), _column(values, "values")
    if x.shape != y.shape:
        raise InputError(f"years and values must have the same length (got {len(x)} and {len(y)}).")
    if not np.isfinite(x).all() or not (1900 <= x).all() or not (x <= 2200).all():
        raise InputError(
            "years must be finite years between 1900 and 2200 (NaN or inf found: drop "
            "rows without a date before fitting)."
        )
    if not np.isfinite(y).all():
        raise InputError("values contain NaN or inf: drop rows without a figure before fitting.")
    if (y <= 0).any():
        raise InputError("values must all be positive to be put on a log scale.")
    if len(x) < 2 or np.ptp(x) == 0:
        raise InputError("Need at least two points in different years to fit a trend.")
    ly = np.log10(y)
    b, a = np.polyfit(x, ly, 1)
    resid = ly - (a + b * x)
    ss_tot = float(((ly - ly.mean()) ** 2).sum())
    r2 = 1.0 - float((resid**2).sum()) / ss_tot if ss_tot > 0 else 1.0
    if abs(b) < 1e-12:  # numerically flat
        b = 0.0
    doubling = 12.0 * math.log10(2.0) / b if b > 0 else math.inf
    return TrendFit(float(b), float(a), float(10.0**b), float(doubling), int(len(x)), r2)


# --------------------------------------------------------------------------- capital spending

#: Which row stands for a company-year when a table has several definitions (first wins).
HEADLINE_PREFERENCE = (
    ("reported", "cash purchases of property and equipment"),
    ("reported", "including finance leases"),
    ("derived", "net of proceeds and incentives"),
    ("guidance", "cash purchases of property and equipment"),
    ("guidance", "including finance leases"),
    ("guidance", "net of proceeds and incentives"),
)


def headline_capex(capex: pd.DataFrame) -> pd.DataFrame:
    """One figure per company and fiscal year from a table with several definitions.

    ``capex`` has the columns of the ``hyperscaler_capex`` table (company, fiscal_year,
    capex_usd_bn, definition, status, grade). The cash line is preferred; where it is missing the
    next definition in :data:`HEADLINE_PREFERENCE` is used, and the ``definition`` and ``status``
    columns say which. The result is sorted by company and year.
    """
    validate.frame(capex, "capex", ["company", "fiscal_year", "capex_usd_bn", "definition", "status"])
    if capex["capex_usd_bn"].isna().any():
        raise InputError("capex: some figures are missing (NaN); drop or fill those rows first.")
    rank = {key: i for i, key in enumerate(HEADLINE_PREFERENCE)}
    keys = list(zip(capex["status"], capex["definition"]))
    df = capex.assign(_rank=[rank.get(k, len(rank)) for k in keys])
    df = df[df["_rank"] < len(rank)]
    df = df.sort_values(["company", "fiscal_year", "_rank"])
    out = df.drop_duplicates(["company", "fiscal_year"], keep="first").drop(columns="_rank")
    return out.reset_index(drop=True)


def capex_projection(
    headline: pd.DataFrame,
    company: str,
    base_year: int,
    growth_rate,
    end_year: int | None = None,
    *,
    series=None,
) -> pd.DataFrame:
    """Project a company's capex from ``base_year`` at a constant growth rate, next to the actuals.

    ``headline`` comes from :func:`headline_capex`. ``company`` may be ``"All four"`` (the sum,
    only for years where all four companies have a figure). Returns one row per year from
    ``base_year`` to ``end_year`` (default: the last year with a figure) with ``projected``,
    ``actual`` (NaN where there is none), ``status`` and ``gap`` (projected ÷ actual − 1).
    ``series``: the company's ``(capex, status)`` from :func:`company_capex_series`, when the
    caller already has it (a panel computes it once per company, not on every slider move).
    """
    r = _growth_rate(growth_rate)
    validate.frame(headline, "headline", ["company", "fiscal_year", "capex_usd_bn", "status"])
    base_year = validate.integer(base_year, "base_year", low=1990, high=2100)
    if end_year is not None:
        end_year = validate.integer(end_year, "end_year", low=1990, high=2100)
    series, status = company_capex_series(headline, company) if series is None else series
    if base_year not in series.index:
        have = ", ".join(str(y) for y in series.index)
        raise InputError(f"{company} has no traced figure for {base_year}; years available: {have}.")
    last = int(series.index.max()) if end_year is None else int(end_year)
    if last <= base_year:
        raise InputError(
            f"Nothing to project: end_year {last} is not after base_year {base_year} for "
            f"{company}. Choose an earlier start year or a later end year."
        )
    proj = capex_path(float(series.loc[base_year]), r, last - int(base_year), int(base_year))
    proj = proj.rename(columns={"value": "projected"})
    proj["actual"] = proj["year"].map(series).astype(float)
    proj["status"] = proj["year"].map(status).fillna("")
    proj["gap"] = proj["projected"] / proj["actual"] - 1.0
    return proj


def company_capex_series(headline: pd.DataFrame, company: str) -> tuple[pd.Series, pd.Series]:
    """One company's (or ``"All four"``'s) capex by fiscal year and the status of each figure."""
    companies = sorted(headline["company"].unique())
    company = validate.choice(company, "company", [*companies, "All four"])
    if company == "All four":
        wide = headline.pivot(index="fiscal_year", columns="company", values="capex_usd_bn")
        full = wide.dropna()
        series = full.sum(axis=1)
        status = headline.pivot(index="fiscal_year", columns="company", values="status").loc[full.index]
        status = status.apply(
            lambda row: (
                "guidance"
                if (row == "guidance").any()
                else ("derived" if (row == "derived").any() else "reported")
            ),
            axis=1,
        )
    else:
        rows = headline[headline["company"] == company].set_index("fiscal_year")
        series, status = rows["capex_usd_bn"], rows["status"]
    return series, status


def like_for_like_growth(capex: pd.DataFrame, year0: int, year1: int) -> pd.DataFrame:
    """Growth of each company's capex from ``year0`` to ``year1`` on one definition for both years.

    For each company the first definition (in :data:`HEADLINE_PREFERENCE` order, guidance
    excluded) that has a figure in *both* years is used, so a cash figure is never compared with
    a figure including finance leases. Returns company, definition, ``value0``, ``value1`` and
    ``growth`` (value1 ÷ value0 − 1); companies without a common definition are left out.
    """
    validate.frame(capex, "capex", ["company", "fiscal_year", "capex_usd_bn", "definition", "status"])
    if capex["capex_usd_bn"].isna().any():
        raise InputError("capex: some figures are missing (NaN); drop or fill those rows first.")
    year0 = validate.integer(year0, "year0", low=1990, high=2100)
    year1 = validate.integer(year1, "year1", low=1990, high=2100)
    if year1 <= year0:
        raise InputError(f"year1 ({year1}) must come after year0 ({year0}).")
    actual = capex[capex["status"] != "guidance"]
    order = [d for s, d in HEADLINE_PREFERENCE if s != "guidance"]
    rows = []
    for company, grp in actual.groupby("company", sort=True):
        for definition in dict.fromkeys(order):
            sel = grp[grp["definition"] == definition].set_index("fiscal_year")["capex_usd_bn"]
            if year0 in sel.index and year1 in sel.index:
                v0, v1 = float(sel.loc[year0]), float(sel.loc[year1])
                rows.append(
                    {
                        "company": company,
                        "definition": definition,
                        "value0": v0,
                        "value1": v1,
                        "growth": v1 / v0 - 1.0,
                    }
                )
                break
    return pd.DataFrame(rows, columns=["company", "definition", "value0", "value1", "growth"])


# --------------------------------------------------------------------------- backtests

#: Last year of the data the backtests fit on; the years after it are held out.
TREND_CUTOFF_YEAR = 2021
CAPEX_FIT_YEARS = (2020, 2023)  # fitted on these years (inclusive), before the DeepSeek shock


def trend_backtest(cutoff_year: int = TREND_CUTOFF_YEAR) -> pd.DataFrame:
    """The training-compute trend fitted on the 'top five of the year' models up to
    ``cutoff_year`` (inclusive), asked to predict the top-five models after it.

    One row per held-out year: ``model`` and ``observed`` are the geometric means of the
    predicted and the estimated compute of that year's models (FLOP); ``error_oom`` is the mean
    error in orders of magnitude (log10 predicted − log10 observed: +1 = ten times too high);
    ``error_pct`` the same as a percentage (10 ** error_oom − 1).
    """
    from .. import data

    cutoff_year = validate.integer(cutoff_year, "cutoff_year", low=2014, high=2024)
    models = data.load("ai_models")
    top = models[
        models["selection"].fillna("").str.contains("top5-year")
        & (models["selection"].fillna("") != "revision")
    ].copy()
    top["year"] = decimal_year(top["date"])
    train = top[top["date"].dt.year <= cutoff_year]
    test = top[top["date"].dt.year > cutoff_year]
    if len(test) == 0:
        raise InputError(f"No models after {cutoff_year} to test on: choose an earlier cut-off.")
    fit = fit_log_trend(train["year"], train["training_flop"])
    pred = np.log10(fit.predict(test["year"].to_numpy()))
    obs = np.log10(test["training_flop"].to_numpy(dtype=float))
    test = test.assign(pred=pred, obs=obs)
    rows = []
    for year, grp in test.groupby(test["date"].dt.year):
        err = float((grp["pred"] - grp["obs"]).mean())
        rows.append(
            {
                "quantity": _(
                    "training compute of the year's top-five models (FLOP; trend fitted "
                    "{start}-{end}, doubling every {months} months)"
                ).format(
                    start=int(train["date"].dt.year.min()),
                    end=cutoff_year,
                    months=f"{fit.doubling_time_months:.1f}",
                ),
                "period": str(int(year)),
                "model": float(10 ** grp["pred"].mean()),
                "observed": float(10 ** grp["obs"].mean()),
                "error_oom": err,
                "error_pct": 100.0 * (10**err - 1.0),
                "n_models": int(len(grp)),
                "source_id": ", ".join(sorted(set(grp["source_id"]))),
                "grade": ", ".join(sorted(set(grp["grade"]))),
            }
        )
    return pd.DataFrame(rows)


def capex_backtest(fit_years: tuple[int, int] = CAPEX_FIT_YEARS) -> pd.DataFrame:
    """Each company's capital spending on a steady-growth path fitted to ``fit_years`` (a
    log-linear fit, one definition per company), asked to predict the later years.

    The fit ends before the DeepSeek shock of January 2025; a large negative error means that
    spending rose *faster* than its own earlier trend. One row per company and held-out year.
    """
    from .. import data

    if isinstance(fit_years, (str, bytes)) or not isinstance(fit_years, (tuple, list)) or len(fit_years) != 2:
        raise InputError("fit_years must be two years, first and last, such as (2020, 2023).")
    y0, y1 = (validate.integer(y, "fit_years", low=1990, high=2100) for y in fit_years)
    if y1 - y0 < 1:
        raise InputError("fit_years must span at least two years, e.g. (2020, 2023).")
    capex = data.load("hyperscaler_capex")
    actual = capex[capex["status"] != "guidance"]
    order = list(dict.fromkeys(d for s, d in HEADLINE_PREFERENCE if s != "guidance"))
    rows = []
    for company, grp in actual.groupby("company", sort=True):
        for definition in order:
            sel = grp[grp["definition"] == definition].set_index("fiscal_year")
            fit_part = sel.loc[[y for y in sel.index if y0 <= y <= y1]]
            if len(fit_part) != y1 - y0 + 1:
                continue  # this definition does not cover every fitted year
            fit = fit_log_trend(fit_part.index.to_numpy(dtype=float), fit_part["capex_usd_bn"])
            for year in sorted(y for y in sel.index if y > y1):
                model = float(fit.predict(float(year)))
                observed = float(sel.loc[year, "capex_usd_bn"])
                rows.append(
                    {
                        "quantity": _(
                            "{company} capital spending (USD bn, {definition}; trend {start}-{end}: "
                            "{growth} a year)"
                        ).format(
                            company=pgettext("company", company),
                            definition=i18n.data_text("definition", definition, "hyperscaler_capex"),
                            start=y0,
                            end=y1,
                            growth=f"{fit.growth_per_year - 1:+.0%}",
                        ),
                        "period": str(int(year)),
                        "model": model,
                        "observed": observed,
                        "error_pct": 100.0 * (model / observed - 1.0),
                        "source_id": str(sel.loc[year, "source_id"]),
                        "grade": str(sel.loc[year, "grade"]),
                    }
                )
            break
    return pd.DataFrame(rows)


def backtest() -> pd.DataFrame:
    """Notebook 02's models against what happened: the training-compute trend on held-out
    models (:func:`trend_backtest`) and steady-growth capex paths on the years after the DeepSeek
    shock (:func:`capex_backtest`).

    The Jevons model has **no** backtest: the course has no sourced series of AI usage before and
    after a documented price cut (only prices and one-off usage snapshots), so its elasticity is a
    scenario parameter, not an estimate. Columns: quantity, period, model, observed, error_pct,
    source_id, grade (and error_oom for the trend rows).
    """
    return pd.concat([trend_backtest(), capex_backtest()], ignore_index=True)
