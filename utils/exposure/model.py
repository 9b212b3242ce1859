"""China exposure of multinationals: pure, validated models (no widgets, no plotting).

The core question of notebook 04 is simple arithmetic with traps around it::

    revenue at risk = revenue × China share × fraction of China revenue lost

:func:`revenue_at_risk` is that formula, on scalars or on pandas Series aligned by company.
Around it sit scenario helpers (a uniform ban, a per-company shock, a tariff with a price
elasticity, a multi-year decoupling path), currency conversion with the rate and its date
stated, and helpers that compute a China share from the ``china_revenue`` table without mixing
quarters with years or segments with companies.

Every function validates its inputs and raises :class:`ValueError` with a message a student can
act on. NaN is never accepted: a missing figure must be dealt with explicitly, not silently
turned into zero.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Real

import numpy as np
import pandas as pd

from .. import data, economics, validate
from ..i18n import N_, NP_
from ..validate import InputError

__all__ = [
    "DEFINITION_COMPANIES",
    "DEFINITION_CHOICES",
    "definition_rows",
    "BASIS_LABELS",
    "load_inputs",
    "revenue_at_risk",
    "uniform_ban",
    "per_company_shock",
    "tariff_defaults",
    "tariff_effects",
    "tariff_loss_fraction",
    "tariff_shock",
    "decoupling_path",
    "convert_currency",
    "fx_rate",
    "china_shares",
    "annual_rows",
    "stress_table",
    "latest_exposure",
    "period_bounds",
    "fiscal_year_overlap",
    "backtest",
    "backtest_inputs",
    "h20_charge",
    "BACKTEST_TOLERANCE_PCT",
    "SHOCK_KINDS",
    "MAX_TARIFF",
    "MAX_ELASTICITY",
    "MAX_YEARS",
]

#: Upper bounds a student can move a slider to (a 1000% tariff, an elasticity of 10, 30 years).
MAX_TARIFF = 10.0
MAX_ELASTICITY = 10.0
MAX_YEARS = 30

#: Shock types understood by :func:`stress_table`.
SHOCK_KINDS = (
    NP_("shock type", "uniform ban"),
    NP_("shock type", "per-company shock"),
    NP_("shock type", "tariff"),
)


# --------------------------------------------------------------------------- validation


def _is_series(x) -> bool:
    return isinstance(x, pd.Series)


def _label(name: str, key=None) -> str:
    return f"{name} for {key!r}" if key is not None else name


def _check_scalar(x, name: str, lo: float | None, hi: float | None, key=None) -> float:
    """Return ``x`` as a float after checking it is a finite real number within [lo, hi]."""
    hint = (
        "Fill a missing figure in from the filing, or drop that company before computing; "
        "a missing figure is never treated as zero."
    )
    missing = x is None or x is pd.NA or x is pd.NaT or (isinstance(x, float) and math.isnan(x))
    return validate.number(x, _label(name, key), low=lo, high=hi, hint=hint if missing else "")


def _check_series(s: pd.Series, name: str, lo: float | None, hi: float | None) -> pd.Series:
    if not s.index.is_unique:
        dups = sorted({str(k) for k in s.index[s.index.duplicated()]})
        raise InputError(f"{name} has the same company more than once: {', '.join(dups)}.")
    try:
        values = pd.to_numeric(s, errors="raise")
    except (TypeError, ValueError):
        bad = [k for k, v in s.items() if not isinstance(v, (Real, np.number)) or isinstance(v, bool)]
        raise InputError(f"{name} must hold numbers; check {', '.join(map(repr, bad[:5]))}.") from None
    for key, v in values.items():
        _check_scalar(v, name, lo, hi, key=key)
    return values.astype("float64")


def _check(x, name: str, lo: float | None, hi: float | None):
    if _is_series(x):
        return _check_series(x, name, lo, hi)
    if isinstance(x, (pd.DataFrame, dict, list, tuple, np.ndarray)):
        raise InputError(
            f"{name} must be a number or a pandas Series indexed by company, not a {type(x).__name__}."
        )
    return _check_scalar(x, name, lo, hi)


def _align(named: dict):
    """Check that every Series argument has the same set of labels; return a common index."""
    series = {k: v for k, v in named.items() if _is_series(v)}
    if not series:
        return None
    names = list(series)
    first = series[names[0]].index
    for other in names[1:]:
        idx = series[other].index
        if set(idx) != set(first):
            missing_in_other = [str(k) for k in first if k not in set(idx)]
            missing_in_first = [str(k) for k in idx if k not in set(first)]
            parts = []
            if missing_in_other:
                parts.append(f"{other} has no value for {', '.join(missing_in_other)}")
            if missing_in_first:
                parts.append(f"{names[0]} has no value for {', '.join(missing_in_first)}")
            raise InputError(
                "The Series do not cover the same companies: "
                + "; ".join(parts)
                + ". Select the same companies in each before computing."
            )
    return first


# --------------------------------------------------------------------------- core model


def revenue_at_risk(revenue, china_share, shock):
    """Revenue lost if a fraction ``shock`` of a company's China revenue disappears.

    ``revenue × china_share × shock``. Each argument is a number or a pandas Series indexed by
    company; Series are aligned by label (the result follows the first Series' order) and must
    cover the same companies. ``revenue`` must be finite and ≥ 0 (any currency unit: the result
    is in the same unit); ``china_share`` and ``shock`` must lie in [0, 1]. NaN is never
    accepted: the error names the company whose value is missing.

    Returns a float when every argument is a number, otherwise a Series named
    ``"revenue_at_risk"``.

    >>> revenue_at_risk(100.0, 0.2, 0.5)
    10.0
    """
    rev = _check(revenue, "revenue", 0.0, 1e15)
    share = _check(china_share, "china_share", 0.0, 1.0)
    shk = _check(shock, "shock", 0.0, 1.0)
    index = _align({"revenue": rev, "china_share": share, "shock": shk})
    if index is None:
        return rev * share * shk
    parts = [p.reindex(index) if _is_series(p) else p for p in (rev, share, shk)]
    out = parts[0] * parts[1] * parts[2]
    if not _is_series(out):  # pragma: no cover - at least one part is a Series here
        out = pd.Series(out, index=index)
    return out.astype("float64").rename("revenue_at_risk")


def _as_series(x, index, name):
    if _is_series(x):
        return x.reindex(index).astype("float64")
    return pd.Series(float(x), index=index, name=name)


def _result_frame(revenue, share, shock, index) -> pd.DataFrame:
    at_risk = revenue_at_risk(revenue, share, shock)
    rev = _as_series(revenue, index, "revenue")
    df = pd.DataFrame(
        {
            "revenue": rev,
            "china_share": _as_series(share, index, "china_share"),
            "shock": _as_series(shock, index, "shock"),
            "revenue_at_risk": at_risk,
        }
    )
    share_of_total = np.where(rev > 0, df["revenue_at_risk"] / rev.where(rev > 0, 1.0), 0.0)
    df["share_of_revenue_at_risk"] = share_of_total
    df.index.name = "company"
    return df.sort_values("revenue_at_risk", ascending=False, kind="mergesort")


def _companies(revenue, china_share) -> pd.Index:
    if not (_is_series(revenue) and _is_series(china_share)):
        raise InputError(
            "revenue and china_share must be pandas Series indexed by company "
            "(use revenue_at_risk for single numbers)."
        )
    rev = _check(revenue, "revenue", 0.0, None)
    share = _check(china_share, "china_share", 0.0, 1.0)
    return _align({"revenue": rev, "china_share": share})


def uniform_ban(revenue: pd.Series, china_share: pd.Series, fraction_lost: float = 1.0) -> pd.DataFrame:
    """Every company loses the same fraction of its China revenue (1.0 = a complete ban).

    Returns one row per company, ranked by revenue at risk, with the columns ``revenue``,
    ``china_share``, ``shock``, ``revenue_at_risk`` (same unit as revenue) and
    ``share_of_revenue_at_risk`` (revenue at risk ÷ revenue).
    """
    index = _companies(revenue, china_share)
    shock = _check_scalar(fraction_lost, "fraction_lost", 0.0, 1.0)
    return _result_frame(revenue, china_share, shock, index)


def per_company_shock(
    revenue: pd.Series,
    china_share: pd.Series,
    shocks: Mapping | pd.Series,
    default: float | None = None,
) -> pd.DataFrame:
    """Each company loses its own fraction of China revenue (``shocks`` by company name).

    Companies missing from ``shocks`` get ``default``; with ``default=None`` (the default) a
    missing company is an error, so a typo in a company name cannot silently mean "no shock".
    Names in ``shocks`` that are not among the companies are also an error.
    """
    index = _companies(revenue, china_share)
    if isinstance(shocks, pd.Series):
        shocks = shocks.to_dict()
    if not isinstance(shocks, Mapping):
        raise InputError("shocks must be a dict or Series mapping company name to a fraction in [0, 1].")
    # a misspelt name is refused with the closest valid ones, as everywhere in the course
    validate.choices(list(shocks), "shocks", list(index), what="company in the selection", allow_empty=True)
    if default is not None:
        default = _check_scalar(default, "default shock", 0.0, 1.0)
    values = {}
    for company in index:
        if company in shocks:
            values[company] = _check_scalar(shocks[company], "shock", 0.0, 1.0, key=company)
        elif default is None:
            raise InputError(f"No shock given for {company!r}. Give one, or pass default=… for the rest.")
        else:
            values[company] = default
    shock = pd.Series(values, dtype="float64").reindex(index)
    return _result_frame(revenue, china_share, shock, index)


@data.derived_cache(maxsize=1)
def tariff_defaults() -> dict:
    """The tariff stress test's default elasticities, from the ``assumptions`` table.

    Returns a dict with ``demand_elasticity`` (negative, textbook sign), ``supply_elasticity``,
    their ``pass_through`` (:func:`utils.economics.pass_through`), and for each elasticity its
    ``*_source_id``, ``*_grade`` and ``*_note``. Both are course assumptions (grade E): scenario
    values, not estimates.
    """
    table = data.load("assumptions").set_index("assumption_id")
    out = {}
    for key, row_id in (("demand", "tariff-demand-elasticity"), ("supply", "chip-supply-elasticity")):
        row = table.loc[row_id]
        out[f"{key}_elasticity"] = float(row["value"])
        out[f"{key}_source_id"] = str(row["source_id"])
        out[f"{key}_grade"] = str(row["grade"])
        out[f"{key}_note"] = str(row["note"])
    out["pass_through"] = economics.pass_through(out["demand_elasticity"], out["supply_elasticity"])
    return out


def _elasticities(demand_elasticity, supply_elasticity) -> tuple[float, float, float]:
    """Checked (ε_D, ε_S, pass-through); ``None`` takes the course's default from the table."""
    if demand_elasticity is None or supply_elasticity is None:
        defaults = tariff_defaults()
        if demand_elasticity is None:
            demand_elasticity = defaults["demand_elasticity"]
        if supply_elasticity is None:
            supply_elasticity = defaults["supply_elasticity"]
    # the economics module checks both (a positive demand elasticity is refused with the
    # negative one suggested) and handles the limits 0 and ±inf as the textbooks do
    p = economics.pass_through(demand_elasticity, supply_elasticity)
    return float(demand_elasticity), float(supply_elasticity), p


def tariff_effects(
    tariff: float, demand_elasticity: float | None = None, supply_elasticity: float | None = None
):
    """What a tariff of rate ``tariff`` on a company's products in China does, step by step.

    Constant-elasticity demand ``Q = Q0 · (P_buyer / P0) ** ε_D`` and supply
    ``Q = Q0 · (P_seller / P0) ** ε_S``, with the tariff a share of the price
    (``P_buyer = (1 + t) · P_seller``). Setting the two quantities equal gives, exactly,

        P_buyer / P0 = (1 + t) ** p,   with   p = ε_S / (ε_S − ε_D)

    the pass-through of :func:`utils.economics.pass_through` (buyers bear the share ``p`` of the
    tariff, in logs; for a small tariff, of the price wedge). Then ``P_seller / P0 = (1 + t) **
    (p − 1)``, ``Q / Q0 = (1 + t) ** (p · ε_D)``, and the seller's China revenue keeps

        revenue kept = (1 + t) ** (p · (1 + ε_D) − 1).

    ``tariff`` t in [0, 10] (0.25 = 25 %). ``demand_elasticity`` ε_D ≤ 0, with its textbook sign
    (a positive value is refused, the negative one suggested); ``supply_elasticity`` ε_S ≥ 0;
    ``None`` takes the course assumptions (:func:`tariff_defaults`). ``math.inf`` / ``-math.inf``
    give the textbook limits.

    Returns a dict: ``tariff``, ``pass_through``, ``buyer_price_change``, ``seller_price_change``, ``quantity_change`` (fractions: −0.1 = 10 %
    less), ``revenue_kept`` and ``loss`` (= 1 − revenue kept, in [0, 1)).

    >>> round(tariff_effects(1.0, -1.0, 1.0)["pass_through"], 6)   # equal elasticities: half each
    0.5
    """
    t = _check_scalar(tariff, "tariff", 0.0, MAX_TARIFF)
    ed, es, p = _elasticities(demand_elasticity, supply_elasticity)
    log_t = math.log1p(t)
    log_buyer = p * log_t
    log_seller = (p - 1.0) * log_t
    # quantity from the demand side, or from the supply side where demand is perfectly elastic
    log_q = ed * log_buyer if math.isfinite(ed) else es * log_seller
    kept = math.exp(log_q + log_seller)
    return {
        "tariff": t,
        "pass_through": p,
        "buyer_price_change": math.expm1(log_buyer),
        "seller_price_change": math.expm1(log_seller),
        "quantity_change": math.expm1(log_q),
        "revenue_kept": kept,
        "loss": min(1.0, max(0.0, 1.0 - kept)),
    }


def tariff_loss_fraction(
    tariff: float, demand_elasticity: float | None = None, supply_elasticity: float | None = None
) -> float:
    """Fraction of a company's China revenue lost when China puts a tariff on its products.

    A constant-elasticity sketch, not a forecast (see :func:`tariff_effects` for the steps). The
    share of the tariff buyers pay is not a free choice: it follows from the elasticities,
    ``p = ε_S / (ε_S − ε_D)`` (:func:`utils.economics.pass_through`), and

        loss = 1 − (1 + t) ** (p · (1 + ε_D) − 1)

    ``demand_elasticity`` ε_D ≤ 0 with its textbook sign, ``supply_elasticity`` ε_S ≥ 0; ``None``
    takes the course assumptions (:func:`tariff_defaults`). The result lies in [0, 1).

    >>> round(tariff_loss_fraction(1.0, -2.0, math.inf), 6)   # buyers pay it all: price ×2, quantity ×1/4
    0.75
    """
    return tariff_effects(tariff, demand_elasticity, supply_elasticity)["loss"]


def tariff_shock(
    revenue: pd.Series,
    china_share: pd.Series,
    tariff: float,
    demand_elasticity: float | None = None,
    supply_elasticity: float | None = None,
) -> pd.DataFrame:
    """Revenue at risk when China imposes ``tariff`` on every selected company's products.

    The lost fraction of China revenue comes from :func:`tariff_loss_fraction` and is the same
    for every company (one pair of elasticities for all: a simplification the notebook discusses).
    """
    index = _companies(revenue, china_share)
    shock = tariff_loss_fraction(tariff, demand_elasticity, supply_elasticity)
    return _result_frame(revenue, china_share, shock, index)


def decoupling_path(
    revenue: float,
    china_share: float,
    years: int,
    annual_decline: float,
    growth: float = 0.0,
    start_year: int = 2025,
) -> pd.DataFrame:
    """A multi-year decoupling path for one company.

    Year 0 is ``start_year`` with the given revenue and China share. Each later year, China
    revenue shrinks by ``annual_decline`` (0.2 = 20 % a year) while revenue elsewhere grows by
    ``growth`` (a fraction, may be negative down to −0.5). The baseline lets China revenue grow
    at ``growth`` too, so ``cumulative_lost`` is the China revenue lost against that baseline,
    summed from year 1.

    Columns: ``year``, ``china_revenue``, ``other_revenue``, ``total_revenue``,
    ``china_share``, ``baseline_total``, ``lost_vs_baseline``, ``cumulative_lost``.
    """
    rev = _check_scalar(revenue, "revenue", 0.0, 1e12)
    share = _check_scalar(china_share, "china_share", 0.0, 1.0)
    d = _check_scalar(annual_decline, "annual_decline", 0.0, 1.0)
    g = _check_scalar(growth, "growth", -0.5, 1.0)
    years = validate.integer(years, "years", low=1, high=MAX_YEARS)
    start_year = validate.integer(start_year, "start_year", low=1990, high=2100)
    t = np.arange(years + 1)
    china0 = rev * share
    other0 = rev - china0
    china = china0 * (1.0 - d) ** t
    other = other0 * (1.0 + g) ** t
    baseline_china = china0 * (1.0 + g) ** t
    total = china + other
    lost = baseline_china - china
    with np.errstate(invalid="ignore", divide="ignore"):
        share_t = np.where(total > 0, china / np.where(total > 0, total, 1.0), 0.0)
    return pd.DataFrame(
        {
            "year": int(start_year) + t,
            "china_revenue": china,
            "other_revenue": other,
            "total_revenue": total,
            "china_share": share_t,
            "baseline_total": baseline_china + other,
            "lost_vs_baseline": lost,
            "cumulative_lost": np.cumsum(lost),
        }
    )


# --------------------------------------------------------------------------- currency


def convert_currency(amount, rate: float, *, rate_date=None, from_ccy: str = "EUR", to_ccy: str = "USD"):
    """Convert ``amount`` (number or Series) with ``rate`` units of ``to_ccy`` per ``from_ccy``.

    ``rate_date`` is required: a conversion without the date of its rate cannot be checked.
    Returns ``(converted, note)`` where note says which rate and date were used.
    """
    r = validate.number(rate, "rate (exchange rate)", low=0.0, low_open=True, high=1e6)
    if rate_date is None or (isinstance(rate_date, str) and not rate_date.strip()):
        raise InputError(
            "State the date of the exchange rate (rate_date=…): the same euros are worth "
            "different dollars on different days."
        )
    when = pd.Timestamp(validate.as_date(rate_date, "rate_date", year_means="start"))
    from_ccy = validate.choice(from_ccy, "from_ccy", ["EUR", "USD", "CNY", "JPY", "TWD", "KRW"])
    to_ccy = validate.choice(to_ccy, "to_ccy", ["USD", "EUR", "CNY"])
    amt = _check(amount, "amount", -1e15, 1e15)
    note = f"converted at {r:g} {to_ccy} per {from_ccy} ({when:%Y-%m-%d})"
    return amt * r, note


def fx_rate(fx: pd.DataFrame, *, kind: str | None = None, on=None, base: str = "EUR", quote: str = "USD"):
    """Pick one rate from the ``fx_rates`` table: returns a dict with rate, date, kind, source, grade.

    ``kind`` filters the ``kind`` column (e.g. ``"daily reference"``); ``on`` picks the row whose
    ``rate_date`` is that date (otherwise the latest one). Grade D rows are refused unless asked
    for by date, so an unverified rate is never used by accident.
    """
    validate.frame(fx, "fx", ["base", "quote", "rate", "rate_date", "kind", "source_id", "grade"])
    base = validate.choice(base, "base", sorted(set(fx["base"].dropna())), what="currency")
    quote = validate.choice(quote, "quote", sorted(set(fx["quote"].dropna())), what="currency")
    rows = fx[(fx["base"] == base) & (fx["quote"] == quote)]
    if kind is not None:
        kind = validate.choice(kind, "kind", sorted(set(fx["kind"].dropna())), what="kind of rate")
        rows = rows[rows["kind"] == kind]
    if on is not None:
        day = pd.Timestamp(validate.as_date(on, "on", year_means="start"))
        rows = rows[pd.to_datetime(rows["rate_date"]) == day]
    else:
        rows = rows[rows["grade"] != "D"]
    if rows.empty:
        raise InputError(f"no {base}/{quote} rate in the table for kind={kind!r}, on={on!r}.")
    row = rows.sort_values("rate_date").iloc[-1]
    return {
        "rate": float(row["rate"]),
        "date": pd.Timestamp(row["rate_date"]).strftime("%Y-%m-%d"),
        "kind": str(row["kind"]),
        "source_id": str(row["source_id"]),
        "grade": str(row["grade"]),
    }


# --------------------------------------------------------------------------- shares from data


def china_shares(df: pd.DataFrame) -> pd.DataFrame:
    """Add ``china_share`` and ``share_kind`` columns to rows of the ``china_revenue`` table.

    The share is ``china_revenue / total_revenue`` where the table gives both ("computed"),
    otherwise the company's or a report's own percentage ``china_share_reported``
    ("reported"). Rows with neither keep a missing share (``share_kind`` = "none"). A computed
    share above 1 means the two figures come from different scopes: it raises ``ValueError``.
    """
    validate.frame(
        df, "df", ["company", "period_label", "total_revenue", "china_revenue", "china_share_reported"]
    )
    out = df.copy()
    total = out["total_revenue"].astype("float64")
    china = out["china_revenue"].astype("float64")
    computed = china / total.where(total > 0)
    too_big = computed > 1.0 + 1e-9
    if too_big.any():
        bad = out.loc[too_big]
        who = ", ".join(f"{r.company} {r.period_label}" for r in bad.itertuples())
        raise InputError(f"China revenue exceeds total revenue for {who}: check the scope.")
    reported = out["china_share_reported"].astype("float64")
    out["china_share"] = computed.where(computed.notna(), reported)
    out["share_kind"] = np.where(computed.notna(), "computed", np.where(reported.notna(), "reported", "none"))
    return out


def annual_rows(df: pd.DataFrame, *, scope: str = "company") -> pd.DataFrame:
    """Full fiscal years of whole companies only: no quarters, no nine-month periods, no segments.

    The guard against the article's two slips (a quarter read as a year, a segment read as a
    company).
    """
    validate.frame(df, "df", ["period_type", "scope"])
    scope = validate.choice(scope, "scope", sorted(set(df["scope"].dropna()) | {"company"}))
    return df[(df["period_type"] == "fiscal_year") & (df["scope"] == scope)].copy()


def stress_table(
    latest: pd.DataFrame,
    companies,
    kind: str,
    size: float,
    *,
    demand_elasticity: float | None = None,
    supply_elasticity: float | None = None,
    shocks: Mapping | None = None,
) -> pd.DataFrame:
    """Run one shock on the chosen companies of a ``latest`` table (index = company).

    ``latest`` needs the columns ``revenue_usd`` and ``china_share``. ``kind`` is one of
    :data:`SHOCK_KINDS`; ``size`` is the fraction lost (ban, and default for the per-company
    shock) or the tariff rate (tariff). The elasticities matter only for the tariff (``None``:
    the course assumptions, :func:`tariff_defaults`); the pass-through follows from them.
    """
    kind = validate.choice(kind, "kind", SHOCK_KINDS, what="kind of shock")
    # every argument is checked, also those this kind of shock does not use: a slip is never ignored
    demand_elasticity, supply_elasticity, _p = _elasticities(demand_elasticity, supply_elasticity)
    if shocks is not None:
        validate.mapping(shocks, "shocks")
    validate.frame(latest, "latest", ["revenue_usd", "china_share"])
    companies = validate.choices(companies, "companies", list(latest.index), what="company")
    sel = latest.loc[companies]
    rev = sel["revenue_usd"].astype("float64")
    share = sel["china_share"].astype("float64")
    if kind == "tariff":
        size = validate.number(size, "size (the tariff rate)", low=0.0, high=MAX_TARIFF)
        return tariff_shock(rev, share, size, demand_elasticity, supply_elasticity)
    size = validate.fraction(size, "size (the fraction of China revenue lost)")
    if kind == "uniform ban":
        return uniform_ban(rev, share, size)
    if shocks is not None:
        validate.choices(list(shocks), "shocks", list(latest.index), what="company", allow_empty=True)
    shocks = {k: v for k, v in (shocks or {}).items() if k in set(companies)}
    return per_company_shock(rev, share, shocks, default=size)


def latest_exposure(china: pd.DataFrame, fx: Mapping, *, grades=("A", "B", "C")) -> pd.DataFrame:
    """The latest full fiscal year per company with both a revenue and a China share.

    Uses whole-company fiscal-year rows only (see :func:`annual_rows`) with a grade in
    ``grades`` (unverified D rows are left out by default). Euro revenue is converted with
    ``fx`` (a dict from :func:`fx_rate`: ``rate``, ``date``); the ``fx_note`` column says which
    rate and date were used. Returns one row per company (index ``company``) with
    ``period_label``, ``fiscal_year``, ``currency``, ``revenue``, ``revenue_usd``,
    ``china_share``, ``share_kind``, ``basis``, ``china_label``, ``grade``, ``source_id`` and
    ``fx_note``.
    """
    validate.mapping(fx, "fx")
    for key in ("rate", "date"):
        if key not in fx:
            raise InputError(f"fx must give the rate and its date; {key!r} is missing.")
    validate.frame(
        china,
        "china",
        [
            "company",
            "period_label",
            "period_type",
            "scope",
            "fiscal_year",
            "currency",
            "total_revenue",
            "china_revenue",
            "china_share_reported",
            "basis",
            "china_label",
            "grade",
            "source_id",
        ],
    )
    grades = validate.choices(grades, "grades", ["A", "B", "C", "D", "E"], what="grade")
    rows = china_shares(annual_rows(china))
    rows = rows[rows["grade"].isin(list(grades))]
    rows = rows[rows["china_share"].notna() & rows["total_revenue"].notna()]
    if rows.empty:
        raise InputError("No company-year has both a revenue and a China share at these grades.")
    rows = rows.sort_values(["company", "fiscal_year", "share_kind"], ascending=[True, True, True])
    latest = rows.groupby("company", sort=True).tail(1).set_index("company")
    out = latest[
        [
            "period_label",
            "fiscal_year",
            "currency",
            "total_revenue",
            "china_share",
            "share_kind",
            "basis",
            "china_label",
            "grade",
            "source_id",
        ]
    ].rename(columns={"total_revenue": "revenue"})
    usd = out["revenue"].astype("float64").copy()
    notes = pd.Series("", index=out.index, dtype="object")
    eur = out["currency"] == "EUR"
    if eur.any():
        converted, note = convert_currency(usd[eur], fx["rate"], rate_date=fx["date"])
        if fx.get("kind"):
            note = f"{note[:-1]}, {fx['kind']})"
        usd[eur] = converted
        notes[eur] = note
    other = ~out["currency"].isin(["USD", "EUR"])
    if other.any():
        raise InputError(f"No conversion for currency {', '.join(sorted(set(out.loc[other, 'currency'])))}.")
    out["revenue_usd"] = usd
    out["fx_note"] = notes
    out["china_share"] = out["china_share"].astype("float64")
    return out


_MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}


def period_bounds(label: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of a period written as in the ``supply_chain`` table.

    ``"calendar 2025"`` (1 January – 31 December), ``"year to March 2024"`` (the twelve months
    ending with that month: 1 April 2023 – 31 March 2024) or a date such as ``"30 Sep 2024"`` (a
    single day). Anything else raises the course's error.
    """
    if not isinstance(label, str) or not label.strip():
        raise InputError(f"label must be a period such as 'calendar 2025', not {label!r:.40}.")
    text = " ".join(label.split())
    parts = text.split(" ")
    if len(parts) == 2 and parts[0] == "calendar" and parts[1].isdigit():
        year = validate.integer(int(parts[1]), "label (its year)", low=1990, high=2100)
        return pd.Timestamp(year=year, month=1, day=1), pd.Timestamp(year=year, month=12, day=31)
    if len(parts) == 4 and parts[:2] == ["year", "to"] and parts[2] in _MONTHS and parts[3].isdigit():
        year = validate.integer(int(parts[3]), "label (its year)", low=1990, high=2100)
        end = pd.Timestamp(year=year, month=_MONTHS[parts[2]], day=1) + pd.offsets.MonthEnd(0)
        return end - pd.DateOffset(years=1) + pd.Timedelta(days=1), end
    try:
        day = pd.Timestamp(validate.as_date(text, "label"))
    except InputError:
        raise InputError(
            f"label {label!r:.40} is not a period the course reads: use 'calendar 2025', "
            "'year to March 2024' or a date."
        ) from None
    return day, day


def fiscal_year_overlap(
    china: pd.DataFrame, company: str, start, end, *, grades=("A", "B", "C")
) -> pd.DataFrame:
    """A company's full fiscal years ranked by how much of the period ``start``–``end`` they cover.

    For setting a revenue share beside a figure of another period (production, say) without
    mixing periods. Whole-company fiscal-year rows only (:func:`annual_rows`) with a China share
    and a grade in ``grades``; a fiscal year starts the day after the previous one ends (or a
    year before its end when the table has no previous year). Columns added: ``period_start``,
    ``overlap_days`` and ``overlap_share`` (of the period, 1 = the fiscal year covers it all);
    the best-covering first, ties the latest first.
    """
    validate.frame(china, "china", ["company", "period_type", "scope", "period_end", "fiscal_year", "grade"])
    company = validate.choice(company, "company", sorted(set(china["company"].dropna())))
    lo = pd.Timestamp(validate.as_date(start, "start"))
    hi = pd.Timestamp(validate.as_date(end, "end"))
    if hi < lo:
        raise InputError(f"end ({hi:%Y-%m-%d}) is before start ({lo:%Y-%m-%d}).")
    grades = validate.choices(grades, "grades", ["A", "B", "C", "D", "E"], what="grade")
    rows = china_shares(annual_rows(china[china["company"] == company]))
    rows = rows[rows["china_share"].notna()].copy()
    rows["period_end"] = pd.to_datetime(rows["period_end"])
    ends = rows.drop_duplicates("fiscal_year").set_index("fiscal_year")["period_end"]
    previous = rows["fiscal_year"].map(lambda y: ends.get(y - 1))
    rows["period_start"] = [
        (p + pd.Timedelta(days=1)) if pd.notna(p) else (e - pd.DateOffset(years=1) + pd.Timedelta(days=1))
        for p, e in zip(previous, rows["period_end"])
    ]
    rows = rows[rows["grade"].isin(list(grades))]
    if rows.empty:
        raise InputError(f"No full fiscal year with a China share for {company!r} at grades {grades}.")
    first = rows["period_start"].where(rows["period_start"] > lo, lo)
    last = rows["period_end"].where(rows["period_end"] < hi, hi)
    days = ((last - first).dt.days + 1).clip(lower=0)
    rows["overlap_days"] = days.astype("int64")
    rows["overlap_share"] = days / ((hi - lo).days + 1)
    return rows.sort_values(["overlap_days", "fiscal_year"], ascending=[False, False]).reset_index(drop=True)


#: Plain-language names of the bases in the ``china_revenue`` table.
BASIS_LABELS = {  # English; shown through i18n._() (marked with N_ for the catalog)
    "billing_location": N_("where the customer is billed"),
    "delivery_location": N_("where products are delivered"),
    "ship_to_location": N_("where products are shipped"),
    "customer_facility": N_("where the customer's fab is"),
    "customer_headquarters": N_("where the customer is headquartered"),
    "sales_location": N_("where the sale is made"),
    "segment_customer_location": N_("customer location, by segment"),
    "not_verified": N_("definition not verified"),
}

#: The companies of the china_revenue table (data values, shown through pgettext("company", name)).
_COMPANY_NAMES = (
    NP_("company", "AMD"),
    NP_("company", "ASML"),
    NP_("company", "Apple"),
    NP_("company", "Applied Materials"),
    NP_("company", "Broadcom"),
    NP_("company", "Intel"),
    NP_("company", "KLA"),
    NP_("company", "Lam Research"),
    NP_("company", "Micron"),
    NP_("company", "Nvidia"),
    NP_("company", "Qualcomm"),
    NP_("company", "Tesla"),
    NP_("company", "Texas Instruments"),
)

#: The kinds of exchange rate in the fx_rates table (data values, shown through pgettext).
_FX_KINDS = (NP_("fx rate", "daily reference"), NP_("fx rate", "annual average"))


def load_inputs(fx_on=None):
    """The tables the panels need: (china_revenue, fx dict, latest exposure per company).

    Euro revenue is converted at the ECB annual average rate of the year it was earned (revenue
    is a flow over the year: ``fx_on=None``, the default), or at the daily reference rate of
    ``fx_on`` when a date is given (e.g. ``"2023-12-29"``).
    """
    china = data.load("china_revenue")
    rates = data.load("fx_rates")
    if fx_on is None:
        probe = latest_exposure(china, {"rate": 1.0, "date": "2000-01-01"})
        years = probe.loc[probe["currency"] == "EUR", "fiscal_year"]
        if years.nunique() > 1:  # pragma: no cover - one euro company (ASML) today
            raise InputError("Euro figures of different years need different rates; give fx_on.")
        year = int(years.iloc[0]) if len(years) else int(probe["fiscal_year"].max())
        fx = fx_rate(rates, kind="annual average", on=f"{year}-12-31")
    else:
        fx_on = validate.as_date(fx_on, "fx_on", year_means="start")
        fx = fx_rate(rates, kind="daily reference", on=fx_on)
    latest = latest_exposure(china, fx)
    return china, fx, latest


#: Companies whose China figure exists under more than one definition or scope.
DEFINITION_COMPANIES = ("Texas Instruments", "ASML", "Nvidia")


def definition_rows(china: pd.DataFrame, company: str) -> pd.DataFrame:
    """All China figures of one company that differ in definition or scope, with a share each."""
    validate.frame(
        china,
        "china",
        [
            "company",
            "period_label",
            "period_type",
            "scope",
            "basis",
            "fiscal_year",
            "total_revenue",
            "china_revenue",
            "china_share_reported",
            "grade",
        ],
    )
    company = validate.choice(company, "company", sorted(set(china["company"].dropna())))
    rows = china_shares(china[china["company"] == company])
    rows = rows[rows["china_share"].notna() & rows["period_type"].eq("fiscal_year")]
    if rows.empty:
        raise InputError(f"No China share for {company!r} in the table.")
    rows = rows[rows["grade"] != "D"]  # unverified figures stay out of this comparison
    if rows.empty:
        raise InputError(f"Only unverified China figures for {company!r}.")
    rows = rows.assign(definition=np.where(rows["scope"].eq("system_sales"), "system_sales", rows["basis"]))
    # Compare like with like: the anchor is the year closest to every definition's figures (ties:
    # the latest); each definition shows its figure nearest that year, the later one first.
    years = sorted(set(int(y) for y in rows["fiscal_year"]))
    groups = {d: [int(y) for y in g["fiscal_year"]] for d, g in rows.groupby("definition")}
    cost = {y: sum(min(abs(y - v) for v in ys) for ys in groups.values()) for y in years}
    best = min(cost.values())
    anchor = max(y for y in years if cost[y] == best)
    rows = rows.assign(
        distance=(rows["fiscal_year"] - anchor).abs(), later=-(rows["fiscal_year"].astype("int64"))
    )
    rows = rows.sort_values(["definition", "distance", "later", "grade"])
    out = rows.groupby("definition", sort=False).head(1)
    return out.drop(columns=["distance", "later"]).sort_values("definition").reset_index(drop=True)


DEFINITION_CHOICES = {  # the keys are shown through pgettext("definition", key)
    NP_("definition", "where billed"): "billing_location",
    NP_("definition", "where shipped"): "ship_to_location",
    NP_("definition", "customer's fab"): "customer_facility",
    NP_("definition", "customer's HQ"): "customer_headquarters",
    NP_("definition", "systems only"): "system_sales",
}


# --------------------------------------------------------------------------- backtest: the H20 requirement

#: The backtest's tolerance on the H20 revenue lost in Q1 + Q2 FY2026 (percent, either way).
BACKTEST_TOLERANCE_PCT = 30.0


def _one(df: pd.DataFrame, what: str, **match) -> pd.Series:
    sel = df
    for k, v in match.items():
        sel = sel[sel[k] == v]
    if len(sel) != 1:
        raise InputError(f"Expected one row of {what} for {match}, found {len(sel)}: check the table.")
    return sel.iloc[0]


def _window(growth: float, a: float, b: float) -> float:
    """∫ from day a to day b of (1 + growth) ** (s / 365) ds: days of sales at the event-day pace."""
    k = math.log1p(growth) / 365.0
    if abs(k) < 1e-12:
        return b - a
    return math.exp(k * a) * math.expm1(k * (b - a)) / k


@data.derived_cache(maxsize=8)
def _h20_event(growth) -> dict:
    """Everything the backtest needs, from the tables (growth ``None``: from the data)."""
    rules = data.load("export_rules")
    timeline = data.load("timeline")
    nrev = data.load("nvidia_revenue")
    nq = data.load("nvidia_quarters")
    h20 = data.load("nvidia_h20")
    china = data.load("china_revenue")

    event = pd.Timestamp(_one(rules.drop_duplicates("rule"), "export_rules", rule="2025-04")["effective"])
    told = timeline[
        (timeline["date"] == event)
        & (timeline["category"] == "export control")
        & timeline["title"].str.contains("H20", regex=False)
    ]
    told = _one(told, "timeline (the H20 licence requirement)")

    def year_end(fy):
        return pd.Timestamp(
            _one(nrev, "nvidia_revenue", fiscal_year=fy, breakdown="total")["fiscal_year_end"]
        )

    def quarter(fy, q, *, china_row=False):
        rows = nq[(nq["fiscal_year"] == fy) & (nq["quarter"] == q)]
        if china_row:
            return _one(rows, "nvidia_quarters (China)", breakdown="geography_hq")
        if rows.empty:
            raise InputError(f"nvidia_quarters has no row for Q{q} FY{fy}.")
        return pd.Timestamp(rows["quarter_end"].iloc[0])

    def h20_row(metric):
        return _one(h20, "nvidia_h20", metric=metric)

    fy25_end, fy26_end = year_end(2025), year_end(2026)
    q1_end, q2_end = quarter(2026, 1), quarter(2026, 2)
    q1_start = fy25_end + pd.Timedelta(days=1)
    before = h20_row("h20_sales_before_requirement")
    billed = {
        fy: _one(china, "china_revenue", company="Nvidia", period_label=f"FY{fy}", basis="billing_location")
        for fy in (2024, 2025)
    }
    data_growth = float(billed[2025]["china_revenue"]) / float(billed[2024]["china_revenue"]) - 1.0
    g = data_growth if growth is None else growth
    pre_days = (event - q1_start).days  # 27 January to 8 April: the requirement applies from 9 April
    q1_days = (q1_end - q1_start).days + 1
    q1_after = (q1_end - event).days + 1
    q2_days = (q2_end - q1_end).days
    pace = float(before["value"]) / _window(g, -pre_days, 0.0)  # USD m a day on the event day
    q1_china = quarter(2026, 1, china_row=True)
    other = float(q1_china["revenue_usd_m"]) - float(before["value"])
    return {
        "event": event,
        "event_source": (str(told["source_id"]), str(told["grade"])),
        "q1_start": q1_start,
        "q1_end": q1_end,
        "q2_end": q2_end,
        "fy26_end": fy26_end,
        "pre_days": pre_days,
        "q1_days": q1_days,
        "q1_after": q1_after,
        "q2_days": q2_days,
        "before": before,
        "billed": billed,
        "growth": g,
        "data_growth": data_growth,
        "pace": pace,
        "q1_china": q1_china,
        "other_per_day": other / q1_days,
        "other": other,
        "nq": nq,
        "nrev": nrev,
        "h20": h20,
        "quarter": quarter,
    }


def _growth_arg(growth):
    if growth is None:
        return None
    return validate.number(
        growth,
        "growth (of H20 demand, a fraction a year)",
        low=-0.9,
        high=10.0,
        hint="None takes Nvidia's China revenue growth in the last year reported before the event.",
    )


def backtest_inputs(growth: float | None = None) -> pd.DataFrame:
    """What the H20 backtest's model knew before the April 2025 licence requirement.

    One row per input: ``input``, ``value``, ``unit``, ``source_id``, ``grade``, ``note``. The
    model is the notebook's own formula, revenue × China share × fraction lost, with the
    revenue the H20 sales Nvidia would have made at its pre-requirement pace. ``growth`` (a
    fraction a year; ``None``: Nvidia's China revenue growth FY2024→FY2025, the last year
    reported before the event) lets that pace grow. ``attrs["dates"]`` gives the dates used
    (``q1_start``, ``event``, ``q1_end``, ``q2_end``, ``fy26_end``) as ISO strings.
    """
    ev = _h20_event(_growth_arg(growth))
    before, billed = ev["before"], ev["billed"]
    q1c = ev["q1_china"]
    src, grade = ev["event_source"]
    growth_note = (
        f"Nvidia's China revenue (billing basis) FY2024 {billed[2024]['china_revenue']:,.0f} → FY2025 "
        f"{billed[2025]['china_revenue']:,.0f} USD m (10-K of February 2025): the last growth reported "
        "before the event."
        if growth is None
        else f"set by the caller (the data's value is {ev['data_growth']:.1%} a year)."
    )
    rows = [
        (
            f"days of Q1 FY2026 before the requirement ({ev['q1_start']:%d %b} – "
            f"{ev['event'] - pd.Timedelta(days=1):%d %b %Y}; licence needed from {ev['event']:%d %B})",
            float(ev["pre_days"]),
            NP_("unit", "days"),
            src,
            grade,
            f"the quarter runs {ev['q1_start']:%d %b} – {ev['q1_end']:%d %b %Y} ({ev['q1_days']} days)",
        ),
        (
            "H20 sales before the requirement",
            float(before["value"]),
            "USD millions",
            str(before["source_id"]),
            str(before["grade"]),
            str(before["description"]),
        ),
        (
            "growth of H20 demand",
            ev["growth"],
            NP_("unit", "fraction a year"),
            str(billed[2025]["source_id"]),
            "E",
            growth_note,
        ),
        (
            "H20 sales per day on the eve of the requirement",
            ev["pace"],
            NP_("unit", "USD millions a day"),
            str(before["source_id"]),
            "E",
            f"{before['value']:,.0f} over {ev['pre_days']} days, growing at the rate above",
        ),
        (
            "China share of H20 sales",
            1.0,
            "fraction",
            "course-assumption",
            "E",
            "the H20 was designed for China; Nvidia does not split its H20 sales by country",
        ),
        (
            "fraction of H20 China revenue lost",
            1.0,
            "fraction",
            src,
            grade,
            "the scenario: a licence is required and none is granted",
        ),
        (
            "Nvidia's other China revenue, per quarter",
            ev["other_per_day"] * ev["q1_days"],
            "USD millions",
            str(q1c["source_id"]),
            "E",
            f"China (customer headquarters) in Q1 FY2026, {q1c['revenue_usd_m']:,.0f}, minus the H20 "
            f"sales above; held at that level afterwards",
        ),
    ]
    out = pd.DataFrame(rows, columns=["input", "value", "unit", "source_id", "grade", "note"])
    # the dates the inputs refer to, for text built from them (ISO strings)
    out.attrs["dates"] = {
        key: f"{ev[key]:%Y-%m-%d}" for key in ("q1_start", "event", "q1_end", "q2_end", "fy26_end")
    }
    return out


def backtest(growth: float | None = None) -> pd.DataFrame:
    """The exposure model against what happened: the April 2025 H20 licence requirement.

    The scenario: from the day the requirement took effect, Nvidia sells no H20 in China
    (fraction lost 1). The model's lost revenue is the H20 sales it would have made at the pace
    of the days before the requirement (:func:`backtest_inputs`; growing at ``growth``, by
    default Nvidia's China revenue growth in the last year reported before the event), through
    :func:`revenue_at_risk`. It is set against what Nvidia reported: the H20 revenue it could
    not ship in the rest of Q1 FY2026 and the H20 revenue its Q2 outlook lost. Afterwards the
    model's China revenue is the rest of Nvidia's China revenue in the event quarter, held
    flat, against what Nvidia reported for the quarters after.

    Columns: ``quantity``, ``period``, ``model``, ``observed``, ``error_pct`` (model ÷ observed −
    1, in %), ``source_id``, ``grade``, ``note``. The tolerance on the Q1 + Q2 total is
    :data:`BACKTEST_TOLERANCE_PCT`. The $4.5bn charge is not here: it is a write-down of
    inventory, not lost revenue (:func:`h20_charge`).
    """
    ev = _h20_event(_growth_arg(growth))
    g, pace = ev["growth"], ev["pace"]
    h20, nrev, quarter = ev["h20"], ev["nrev"], ev["quarter"]

    def lost(a, b):
        demand = pace * _window(g, a, b)
        return revenue_at_risk(demand, 1.0, 1.0)

    q1_lost = lost(0.0, ev["q1_after"])
    q2_lost = lost(ev["q1_after"], ev["q1_after"] + ev["q2_days"])
    unshipped = _one(h20, "nvidia_h20", metric="h20_revenue_unshipped")
    outlook = _one(h20, "nvidia_h20", metric="h20_outlook_loss")
    rows = [
        (
            N_("H20 revenue lost (USD m)"),
            f"Q1 FY2026, {ev['event']:%d %b} – {ev['q1_end']:%d %b %Y}",
            q1_lost,
            float(unshipped["value"]),
            unshipped,
            "observed: H20 revenue Nvidia could not ship in the quarter",
        ),
        (
            N_("H20 revenue lost (USD m)"),
            "Q2 FY2026",
            q2_lost,
            float(outlook["value"]),
            outlook,
            "observed: the H20 revenue Nvidia's Q2 outlook lost (an estimate of its own; it sold no "
            "H20 in China that quarter)",
        ),
        (
            N_("H20 revenue lost (USD m)"),
            "Q1 + Q2 FY2026",
            q1_lost + q2_lost,
            float(unshipped["value"]) + float(outlook["value"]),
            outlook,
            f"the backtest's test: within ±{BACKTEST_TOLERANCE_PCT:.0f}%",
        ),
    ]
    fy26 = _one(
        nrev[nrev["category"] == "China (including Hong Kong)"],
        "nvidia_revenue (China, FY2026)",
        fiscal_year=2026,
        breakdown="geography_hq",
    )
    q1c = ev["q1_china"]
    rest_days = (ev["fy26_end"] - ev["q1_end"]).days
    rest = float(fy26["revenue_usd_m"]) - float(q1c["revenue_usd_m"])
    rows.append(
        (
            N_("Nvidia China revenue (USD m, customer HQ)"),
            "Q2–Q4 FY2026",
            ev["other_per_day"] * rest_days,
            rest,
            pd.Series({"source_id": fy26["source_id"], "grade": "E"}),
            f"observed: FY2026 ({fy26['revenue_usd_m']:,.0f}, grade {fy26['grade']}) minus Q1 FY2026 "
            f"({q1c['revenue_usd_m']:,.0f}, grade {q1c['grade']})",
        )
    )
    start = ev["fy26_end"]
    for q in (1, 2):
        row = quarter(2027, q, china_row=True)
        end = pd.Timestamp(row["quarter_end"])
        rows.append(
            (
                N_("Nvidia China revenue (USD m, customer HQ)"),
                f"Q{q} FY2027",
                ev["other_per_day"] * (end - start).days,
                float(row["revenue_usd_m"]),
                row,
                "observed: as reported",
            )
        )
        start = end
    out = pd.DataFrame(
        [
            {
                "quantity": quantity,
                "period": period,
                "model": float(model),
                "observed": float(obs),
                "error_pct": 100.0 * (float(model) / float(obs) - 1.0),
                "source_id": str(src["source_id"]),
                "grade": str(src["grade"]),
                "note": note,
            }
            for quantity, period, model, obs, src, note in rows
        ]
    )
    return out


def h20_charge() -> dict:
    """The H20 charge of Q1 FY2026, shown apart from the backtest: a cost, not lost revenue.

    Returns ``recorded`` and ``announced`` (USD millions, with their ``*_source_id`` and
    ``*_grade``), ``period`` and ``what``: the charge wrote down H20 inventory and purchase
    obligations Nvidia could no longer sell. It is what the chips cost, not what they would have
    sold for, so it is neither lost revenue nor comparable with the model's revenue at risk.
    """
    h20 = data.load("nvidia_h20")
    rec = _one(h20, "nvidia_h20", metric="charge_recorded")
    est = _one(h20, "nvidia_h20", metric="charge_estimate")
    return {
        "recorded": float(rec["value"]),
        "recorded_source_id": str(rec["source_id"]),
        "recorded_grade": str(rec["grade"]),
        "announced": float(est["value"]),
        "announced_source_id": str(est["source_id"]),
        "announced_grade": str(est["grade"]),
        "period": str(rec["fiscal_period"]),
        "what": N_(
            "a write-down of H20 inventory and purchase obligations: what the unsold chips cost, not revenue lost"
        ),
    }
