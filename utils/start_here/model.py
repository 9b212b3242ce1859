"""Models of the start-here notebook: filtering the timeline and Nvidia's revenue mix.

Pure functions (tested in ``tests/start_here/``); the panels are in :mod:`.panels`.
"""

from __future__ import annotations

import pandas as pd

from .. import validate
from ..i18n import NP_, _, pgettext
from ..validate import InputError

__all__ = [
    "ACTOR_GROUPS",
    "PLATFORM_ORDER",
    "GEOGRAPHY_ORDER",
    "filter_timeline",
    "latest_reporting",
    "revenue_breakdown",
    "china_share_by_year",
    "grade_totals",
]

# NP_ marks each name for translation (shown with pgettext("actor group", name)); values unchanged
ACTOR_GROUPS = [
    NP_("actor group", "US government"),
    NP_("actor group", "Chinese government"),
    NP_("actor group", "Nvidia"),
    NP_("actor group", "Chinese companies"),
    NP_("actor group", "Other companies"),
    NP_("actor group", "Markets"),
]


# ----------------------------------------------------------------------------- timeline


def filter_timeline(
    events: pd.DataFrame, *, actor_groups, year_from: int, year_to: int, categories=None
) -> pd.DataFrame:
    """Events whose actor group is selected, within [year_from, year_to], sorted by date.

    Raises InputError for an empty selection, an unknown actor group or a reversed year range.
    """
    validate.frame(events, "events", ["date", "actor_group", "category"])
    groups = validate.choices(
        actor_groups, "actor_groups", sorted(set(events["actor_group"].dropna())), what="actor group"
    )
    y0 = validate.integer(year_from, "year_from", low=1990, high=2100)
    y1 = validate.integer(year_to, "year_to", low=1990, high=2100)
    if y0 > y1:
        raise InputError(
            _("year_from {start} is after the end year (year_to {end}): the start year comes first.").format(
                start=y0, end=y1
            )
        )
    years = events["date"].dt.year
    mask = events["actor_group"].isin(groups) & years.between(y0, y1)
    if categories is not None:
        cats = validate.choices(
            categories, "categories", sorted(set(events["category"].dropna())), what="kind of event"
        )
        mask &= events["category"].isin(cats)
    return events.loc[mask].sort_values("date", kind="stable")


# ----------------------------------------------------------------------------- revenue mix

PLATFORM_ORDER = [
    NP_("category", "Data Center"),
    NP_("category", "Gaming"),
    NP_("category", "Professional Visualization"),
    NP_("category", "Automotive"),
    NP_("category", "OEM and Other"),
    NP_("category", "All other platforms (combined)"),
]
GEOGRAPHY_ORDER = [
    NP_("category", "United States"),
    NP_("category", "Singapore"),
    NP_("category", "Taiwan"),
    NP_("category", "China (including Hong Kong)"),
    NP_("category", "Other countries"),
]


#: the two ways Nvidia splits its revenue (names shown with pgettext("breakdown", name))
BREAKDOWNS = (NP_("breakdown", "platform"), NP_("breakdown", "geography"))

_REVENUE_COLUMNS = ["fiscal_year", "breakdown", "category", "revenue_usd_m", "reported_in", "grade"]


def latest_reporting(revenue: pd.DataFrame) -> pd.DataFrame:
    """Keep, for each fiscal year and breakdown, the rows from the latest filing that reports it
    (restated figures replace first-reported ones), preferring rows graded A/B."""
    validate.frame(revenue, "revenue", _REVENUE_COLUMNS)
    df = revenue.copy()
    df["_rank"] = df["reported_in"].str.extract(r"(\d{4})", expand=False).astype("float")
    keep = df.groupby(["fiscal_year", "breakdown"])["_rank"].transform("max") == df["_rank"]
    out = df.loc[keep].drop(columns="_rank")
    out.attrs["latest_reporting"] = True  # lets revenue_breakdown skip this step when repeated
    return out


def revenue_breakdown(revenue: pd.DataFrame, fiscal_year: int, breakdown: str) -> pd.DataFrame:
    """Revenue by category for one fiscal year: columns category, revenue_usd_m, share, grade.

    ``breakdown`` is "platform" or "geography". Shares are of the year's reported total.
    """
    breakdown = validate.choice(breakdown, "breakdown", list(BREAKDOWNS))
    validate.frame(revenue, "revenue", _REVENUE_COLUMNS)
    years = sorted(int(y) for y in revenue["fiscal_year"].dropna().unique())
    fy = validate.integer(fiscal_year, "fiscal_year", low=1990, high=2100)
    if fy not in years:
        raise InputError(
            _("fiscal_year: no Nvidia figures for fiscal year {year}; available: {years}.").format(
                year=fy, years=", ".join(map(str, years))
            )
        )
    fiscal_year = fy
    df = revenue if revenue.attrs.get("latest_reporting") else latest_reporting(revenue)
    year = df[df["fiscal_year"] == fiscal_year]
    total = year.loc[year["breakdown"] == "total", "revenue_usd_m"]
    if total.empty:
        raise InputError(_("No total revenue recorded for fiscal year {year}.").format(year=fiscal_year))
    rows = year[year["breakdown"] == breakdown]
    if rows.empty:
        raise InputError(
            _("Nvidia's {breakdown} split for fiscal year {year} is not in the data (not verified).").format(
                breakdown=pgettext("breakdown", breakdown), year=fiscal_year
            )
        )
    out = rows[["category", "revenue_usd_m", "grade", "source_id"]].copy()
    out["share"] = out["revenue_usd_m"] / float(total.iloc[0])
    order = PLATFORM_ORDER if breakdown == "platform" else GEOGRAPHY_ORDER
    out["_o"] = out["category"].map({c: i for i, c in enumerate(order)}).fillna(len(order))
    return out.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def china_share_by_year(revenue: pd.DataFrame) -> pd.DataFrame:
    """Nvidia's China (incl. Hong Kong) share of revenue by fiscal year, latest filing basis."""
    validate.frame(revenue, "revenue", _REVENUE_COLUMNS)
    df = latest_reporting(revenue)
    china = df[(df["breakdown"] == "geography") & (df["category"] == "China (including Hong Kong)")]
    total = df[df["breakdown"] == "total"][["fiscal_year", "revenue_usd_m"]]
    out = china.merge(total, on="fiscal_year", suffixes=("", "_total"))
    out["share"] = out["revenue_usd_m"] / out["revenue_usd_m_total"]
    return (
        out[
            [
                "fiscal_year",
                "revenue_usd_m",
                "revenue_usd_m_total",
                "share",
                "grade",
                "source_id",
                "reported_in",
            ]
        ]
        .sort_values("fiscal_year")
        .reset_index(drop=True)
    )


def grade_totals(grades: pd.DataFrame) -> pd.DataFrame:
    """One row, "all tables": the rows per grade of every table together (``grades`` from
    :func:`utils.data.grade_summary`, columns A-E and total)."""
    validate.frame(grades, "grades", ["total"])
    label = _("all tables")
    return grades.drop(columns="total").sum().rename(label).to_frame().T
