"""Models of the start-here notebook: filtering the timeline and Nvidia's revenue mix.

Pure functions (tested in ``tests/start_here/``); the panels are in :mod:`.panels`.
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = [
    "ACTOR_GROUPS",
    "PLATFORM_ORDER",
    "GEOGRAPHY_ORDER",
    "filter_timeline",
    "latest_reporting",
    "revenue_breakdown",
    "china_share_by_year",
]

ACTOR_GROUPS = [
    "US government",
    "Chinese government",
    "Nvidia",
    "Chinese companies",
    "Other companies",
    "Markets",
]


# ----------------------------------------------------------------------------- timeline


def filter_timeline(
    events: pd.DataFrame, *, actor_groups, year_from: int, year_to: int, categories=None
) -> pd.DataFrame:
    """Events whose actor group is selected, within [year_from, year_to], sorted by date.

    Raises ValueError for an empty selection or a reversed year range.
    """
    groups = list(actor_groups)
    if not groups:
        raise ValueError("Pick at least one actor to show.")
    unknown = sorted(set(groups) - set(events["actor_group"].dropna()))
    if unknown and set(groups) <= set(unknown):
        raise ValueError(f"No events for {', '.join(unknown)}.")
    for name, year in (("year_from", year_from), ("year_to", year_to)):
        if isinstance(year, float) and math.isnan(year):
            raise ValueError(f"{name} is not a number.")
    if year_from > year_to:
        raise ValueError(f"The start year {year_from} is after the end year {year_to}.")
    years = events["date"].dt.year
    mask = events["actor_group"].isin(groups) & years.between(year_from, year_to)
    if categories is not None:
        cats = list(categories)
        if not cats:
            raise ValueError("Pick at least one kind of event to show.")
        mask &= events["category"].isin(cats)
    return events.loc[mask].sort_values("date", kind="stable")


# ----------------------------------------------------------------------------- revenue mix

PLATFORM_ORDER = [
    "Data Center",
    "Gaming",
    "Professional Visualization",
    "Automotive",
    "OEM and Other",
    "All other platforms (combined)",
]
GEOGRAPHY_ORDER = ["United States", "Singapore", "Taiwan", "China (including Hong Kong)", "Other countries"]


def latest_reporting(revenue: pd.DataFrame) -> pd.DataFrame:
    """Keep, for each fiscal year and breakdown, the rows from the latest filing that reports it
    (restated figures replace first-reported ones), preferring rows graded A/B."""
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
    if breakdown not in ("platform", "geography"):
        raise ValueError(f"breakdown must be 'platform' or 'geography', not {breakdown!r}.")
    years = sorted(revenue["fiscal_year"].dropna().unique())
    if fiscal_year not in years:
        raise ValueError(
            f"No Nvidia figures for fiscal year {fiscal_year}; available: {', '.join(map(str, years))}."
        )
    df = revenue if revenue.attrs.get("latest_reporting") else latest_reporting(revenue)
    year = df[df["fiscal_year"] == fiscal_year]
    total = year.loc[year["breakdown"] == "total", "revenue_usd_m"]
    if total.empty:
        raise ValueError(f"No total revenue recorded for fiscal year {fiscal_year}.")
    rows = year[year["breakdown"] == breakdown]
    if rows.empty:
        raise ValueError(
            f"Nvidia's {breakdown} split for fiscal year {fiscal_year} is not in the data (not verified)."
        )
    out = rows[["category", "revenue_usd_m", "grade", "source_id"]].copy()
    out["share"] = out["revenue_usd_m"] / float(total.iloc[0])
    order = PLATFORM_ORDER if breakdown == "platform" else GEOGRAPHY_ORDER
    out["_o"] = out["category"].map({c: i for i, c in enumerate(order)}).fillna(len(order))
    return out.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def china_share_by_year(revenue: pd.DataFrame) -> pd.DataFrame:
    """Nvidia's China (incl. Hong Kong) share of revenue by fiscal year, latest filing basis."""
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
