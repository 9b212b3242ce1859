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

from .. import data, validate
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
    "tariff_loss_fraction",
    "tariff_shock",
    "decoupling_path",
    "convert_currency",
    "fx_rate",
    "china_shares",
    "annual_rows",
    "stress_table",
    "latest_exposure",
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
SHOCK_KINDS = ("uniform ban", "per-company shock", "tariff")


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


def tariff_loss_fraction(tariff: float, elasticity: float, pass_through: float = 1.0) -> float:
    """Fraction of a company's China revenue lost when China puts a tariff on its products.

    A constant-elasticity sketch, not a forecast. The buyer's price rises by the part of the
    tariff passed on, ``1 + pass_through × tariff``; quantity falls to
    ``(1 + pass_through × tariff) ** -elasticity``; the seller absorbs the rest of the tariff, so
    it receives ``(1 + pass_through × tariff) / (1 + tariff)`` of its old price per unit. The
    seller's China revenue falls to the product of the two, and the loss is one minus that::

        loss = 1 − (1 + p·t)^(1 − ε) / (1 + t)

    ``tariff`` t ≥ 0 (0.25 = 25 %), ``elasticity`` ε ≥ 0 (how strongly buyers cut purchases when
    the price rises; 0 = not at all), ``pass_through`` p in [0, 1]. The result lies in [0, 1).

    >>> round(tariff_loss_fraction(1.0, 2.0, 1.0), 6)   # price doubles, quantity falls to 1/4
    0.75
    """
    t = _check_scalar(tariff, "tariff", 0.0, MAX_TARIFF)
    e = _check_scalar(elasticity, "elasticity", 0.0, MAX_ELASTICITY)
    p = _check_scalar(pass_through, "pass_through", 0.0, 1.0)
    kept = (1.0 + p * t) ** (1.0 - e) / (1.0 + t)
    return min(1.0, max(0.0, 1.0 - kept))


def tariff_shock(
    revenue: pd.Series,
    china_share: pd.Series,
    tariff: float,
    elasticity: float,
    pass_through: float = 1.0,
) -> pd.DataFrame:
    """Revenue at risk when China imposes ``tariff`` on every selected company's products.

    The lost fraction of China revenue comes from :func:`tariff_loss_fraction` and is the same
    for every company (one elasticity for all: a simplification the notebook discusses).
    """
    index = _companies(revenue, china_share)
    shock = tariff_loss_fraction(tariff, elasticity, pass_through)
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
    elasticity: float = 1.0,
    pass_through: float = 1.0,
    shocks: Mapping | None = None,
) -> pd.DataFrame:
    """Run one shock on the chosen companies of a ``latest`` table (index = company).

    ``latest`` needs the columns ``revenue_usd`` and ``china_share``. ``kind`` is one of
    :data:`SHOCK_KINDS`; ``size`` is the fraction lost (ban, and default for the per-company
    shock) or the tariff rate (tariff).
    """
    kind = validate.choice(kind, "kind", SHOCK_KINDS, what="kind of shock")
    # every argument is checked, also those this kind of shock does not use: a slip is never ignored
    _check_scalar(elasticity, "elasticity", 0.0, MAX_ELASTICITY)
    _check_scalar(pass_through, "pass_through", 0.0, 1.0)
    if shocks is not None:
        validate.mapping(shocks, "shocks")
    validate.frame(latest, "latest", ["revenue_usd", "china_share"])
    companies = validate.choices(companies, "companies", list(latest.index), what="company")
    sel = latest.loc[companies]
    rev = sel["revenue_usd"].astype("float64")
    share = sel["china_share"].astype("float64")
    if kind == "tariff":
        size = validate.number(size, "size (the tariff rate)", low=0.0, high=MAX_TARIFF)
        return tariff_shock(rev, share, size, elasticity, pass_through)
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
        usd[eur] = converted
        notes[eur] = note
    other = ~out["currency"].isin(["USD", "EUR"])
    if other.any():
        raise InputError(f"No conversion for currency {', '.join(sorted(set(out.loc[other, 'currency'])))}.")
    out["revenue_usd"] = usd
    out["fx_note"] = notes
    out["china_share"] = out["china_share"].astype("float64")
    return out


#: Plain-language names of the bases in the ``china_revenue`` table.
BASIS_LABELS = {
    "billing_location": "where the customer is billed",
    "delivery_location": "where products are delivered",
    "ship_to_location": "where products are shipped",
    "customer_facility": "where the customer's fab is",
    "customer_headquarters": "where the customer is headquartered",
    "sales_location": "where the sale is made",
    "segment_customer_location": "customer location, by segment",
    "not_verified": "definition not verified",
}


def load_inputs(fx_on: str = "2023-12-29"):
    """The tables the panels need: (china_revenue, fx dict, latest exposure per company)."""
    china = data.load("china_revenue")
    fx_on = validate.as_date(fx_on, "fx_on", year_means="start")
    fx = fx_rate(data.load("fx_rates"), kind="daily reference", on=fx_on)
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


DEFINITION_CHOICES = {
    "where billed": "billing_location",
    "where shipped": "ship_to_location",
    "customer's fab": "customer_facility",
    "customer's HQ": "customer_headquarters",
    "systems only": "system_sales",
}
