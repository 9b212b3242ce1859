"""Models and panels of the start-here notebook: the timeline explorer and Nvidia's revenue mix.

Pure functions first (tested in ``tests/test_start_here.py``), then thin panel factories.
"""

from __future__ import annotations

import html
import math

import numpy as np
import pandas as pd

from . import data, plotting, widgets

ACTOR_GROUPS = ["US government", "Chinese government", "Nvidia", "Chinese companies",
                "Other companies", "Markets"]


# ----------------------------------------------------------------------------- timeline


def filter_timeline(events: pd.DataFrame, *, actor_groups, year_from: int, year_to: int,
                    categories=None) -> pd.DataFrame:
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


def make_timeline_panel(events: pd.DataFrame | None = None) -> widgets.Panel:
    """Timeline explorer: filter by actor and year; dots on a time axis, one row per actor."""
    import ipywidgets as W

    events = data.load("timeline") if events is None else events
    years = events["date"].dt.year
    y0, y1 = int(years.min()), int(years.max())
    groups = [g for g in ACTOR_GROUPS if g in set(events["actor_group"])]

    fig, ax = plotting.new_figure(8.6, 4.0)
    row = {g: i for i, g in enumerate(reversed(groups))}
    scatters = {}
    for g in groups:
        scatters[g] = ax.scatter([], [], s=46, color=plotting.color_for(g), label=g,
                                 edgecolor="white", linewidth=0.6, zorder=3)
    ax.set_yticks(list(row.values()), list(row.keys()))
    ax.set_ylim(-0.6, len(groups) - 0.4)
    ax.set_xlabel("date")
    ax.grid(axis="y", visible=False)
    span = ax.axvspan(0, 0, color="#DDDDDD", alpha=0.0, zorder=0)

    epoch = pd.Timestamp("1970-01-01").toordinal()

    def draw(result, params):
        lo = pd.Timestamp(f"{params['year_from']}-01-01")
        hi = pd.Timestamp(f"{params['year_to']}-12-31")
        # numpy, not a pandas filter per actor group: this runs on every slider move
        days = pd.to_datetime(result["date"]).to_numpy().astype("datetime64[D]").astype("int64")
        xs_all = (days + epoch).astype(float)          # proleptic ordinals, as Timestamp.toordinal
        actors = result["actor_group"].to_numpy(dtype=object)
        for g, sc in scatters.items():
            x = xs_all[actors == g]
            if len(x):
                sc.set_offsets(np.column_stack([x, np.full(len(x), row[g], dtype=float)]))
            else:
                sc.set_offsets(np.empty((0, 2)))
        ax.set_xlim(lo.toordinal() - 20, hi.toordinal() + 20)
        years_shown = range(params["year_from"], params["year_to"] + 1)
        ticks = [pd.Timestamp(f"{y}-01-01").toordinal() for y in years_shown]
        if list(ax.get_xticks()) != ticks:
            ax.set_xticks(ticks, [str(y) for y in years_shown])
        span.set_visible(False)

    def compute(actor_groups, year_from, year_to):
        return filter_timeline(events, actor_groups=actor_groups, year_from=year_from,
                               year_to=year_to)

    def readout(result, params):
        n = len(result)
        head = f"<b>{n} event{'s' if n != 1 else ''}</b> from {params['year_from']} to {params['year_to']}"
        items = "".join(
            f"<li><code>{d:%Y-%m-%d}</code> {html.escape(str(t))} "
            f"<small>({html.escape(str(g))}; grade {html.escape(str(gr))})</small></li>"
            for d, t, g, gr in zip(result["date"], result["title"], result["actor_group"],
                                   result["grade"])
        )
        return (f"{head}<div style='max-height:11em;overflow-y:auto;border:1px solid #ddd;"
                f"padding:0 0.5em'><ul style='margin:0.3em 0'>{items}</ul></div>")

    controls = {
        "actor_groups": W.SelectMultiple(options=groups, value=tuple(groups), rows=len(groups),
                                         description="actors", style={"description_width": "60px"},
                                         layout=W.Layout(width="330px")),
        "year_from": widgets.int_slider("from year", y0, y0, y1),
        "year_to": widgets.int_slider("to year", y1, y0, y1),
    }
    return widgets.Panel(
        name="timeline", title="Timeline explorer", controls=controls, compute=compute,
        readout=readout, figure=fig, draw=draw, source=events,
        # static background (re-rendered when the years move the axis); only the dots redrawn
        dynamic=[*scatters.values(), span],
        alt="Events 2019-2026 as dots on a time axis, one row per actor group.",
        description="Ctrl/Cmd-click to pick several actors; drag the sliders to zoom.",
    )


# ----------------------------------------------------------------------------- revenue mix

PLATFORM_ORDER = ["Data Center", "Gaming", "Professional Visualization", "Automotive",
                  "OEM and Other", "All other platforms (combined)"]
GEOGRAPHY_ORDER = ["United States", "Singapore", "Taiwan", "China (including Hong Kong)",
                   "Other countries"]


def latest_reporting(revenue: pd.DataFrame) -> pd.DataFrame:
    """Keep, for each fiscal year and breakdown, the rows from the latest filing that reports it
    (restated figures replace first-reported ones), preferring rows graded A/B."""
    df = revenue.copy()
    df["_rank"] = df["reported_in"].str.extract(r"(\d{4})", expand=False).astype("float")
    keep = (df.groupby(["fiscal_year", "breakdown"])["_rank"].transform("max") == df["_rank"])
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
        raise ValueError(f"No Nvidia figures for fiscal year {fiscal_year}; available: "
                         f"{', '.join(map(str, years))}.")
    df = revenue if revenue.attrs.get("latest_reporting") else latest_reporting(revenue)
    year = df[df["fiscal_year"] == fiscal_year]
    total = year.loc[year["breakdown"] == "total", "revenue_usd_m"]
    if total.empty:
        raise ValueError(f"No total revenue recorded for fiscal year {fiscal_year}.")
    rows = year[year["breakdown"] == breakdown]
    if rows.empty:
        raise ValueError(f"Nvidia's {breakdown} split for fiscal year {fiscal_year} is not in "
                         "the data (not verified).")
    out = rows[["category", "revenue_usd_m", "grade", "source_id"]].copy()
    out["share"] = out["revenue_usd_m"] / float(total.iloc[0])
    order = PLATFORM_ORDER if breakdown == "platform" else GEOGRAPHY_ORDER
    out["_o"] = out["category"].map({c: i for i, c in enumerate(order)}).fillna(len(order))
    return out.sort_values("_o").drop(columns="_o").reset_index(drop=True)


def china_share_by_year(revenue: pd.DataFrame) -> pd.DataFrame:
    """Nvidia's China (incl. Hong Kong) share of revenue by fiscal year, latest filing basis."""
    df = latest_reporting(revenue)
    china = df[(df["breakdown"] == "geography") &
               (df["category"] == "China (including Hong Kong)")]
    total = df[df["breakdown"] == "total"][["fiscal_year", "revenue_usd_m"]]
    out = china.merge(total, on="fiscal_year", suffixes=("", "_total"))
    out["share"] = out["revenue_usd_m"] / out["revenue_usd_m_total"]
    return out[["fiscal_year", "revenue_usd_m", "revenue_usd_m_total", "share", "grade",
                "source_id", "reported_in"]].sort_values("fiscal_year").reset_index(drop=True)


def make_revenue_panel(revenue: pd.DataFrame | None = None) -> widgets.Panel:
    """Nvidia's revenue mix for one fiscal year, by market platform or by billing geography."""
    revenue = data.load("nvidia_revenue") if revenue is None else revenue
    years = sorted(int(y) for y in revenue["fiscal_year"].dropna().unique())
    n_bars = max(len(PLATFORM_ORDER), len(GEOGRAPHY_ORDER))
    fig, ax = plotting.new_figure(8.0, 3.6)
    bars = ax.barh(range(n_bars), [0] * n_bars, color="#999999")
    labels = [ax.text(0, i, "", va="center", fontsize=10) for i in range(n_bars)]
    ax.set_yticks(range(n_bars), [" " * 24] * n_bars)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.18)
    ax.set_xlabel("share of the year's revenue")
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")

    def draw(result, params):
        ticklabels = []
        for i in range(n_bars):
            if i < len(result):
                r = result.iloc[i]
                bars[i].set_width(r["share"])
                bars[i].set_color(plotting.color_for(r["category"]))
                bars[i].set_visible(True)
                labels[i].set_position((r["share"] + 0.01, i))
                labels[i].set_text(f"${r['revenue_usd_m'] / 1000:,.1f}bn  ({r['share']:.1%}, grade {r['grade']}"
                                  + (", unverified)" if r["grade"] == "D" else ")"))
                ticklabels.append(r["category"].replace(" (including Hong Kong)", " (incl. HK)"))
            else:
                bars[i].set_visible(False)
                labels[i].set_text("")
                ticklabels.append("")
        ax.set_yticks(range(n_bars), ticklabels)

    latest = latest_reporting(revenue)  # once, not on every slider move

    def compute(fiscal_year, breakdown):
        return revenue_breakdown(latest, fiscal_year, breakdown)

    def readout(result, params):
        top = result.sort_values("share", ascending=False).iloc[0]
        total = result["revenue_usd_m"].sum() / 1000
        return (f"Fiscal year {params['fiscal_year']} (ends late January {params['fiscal_year']}): "
                f"the largest {params['breakdown']} is <b>{html.escape(top['category'])}</b> with "
                f"<b>{top['share']:.1%}</b> of revenue. Categories shown sum to ${total:,.1f}bn.")

    import ipywidgets as W

    controls = {
        "fiscal_year": widgets.int_slider("fiscal year", years[-1], years[0], years[-1]),
        "breakdown": W.ToggleButtons(options=[("by platform", "platform"),
                                              ("by geography", "geography")],
                                     value="platform", description="split",
                                     style={"description_width": "60px", "button_width": "110px"}),
    }
    return widgets.Panel(
        name="nvidia-mix", title="Nvidia's revenue mix", controls=controls, compute=compute,
        readout=readout, figure=fig, draw=draw, source=revenue,
        # static background (re-rendered when the category labels change); bars + values redrawn
        dynamic=[*bars, *labels],
        alt="Horizontal bars: share of Nvidia's revenue by platform or by billing region for the chosen fiscal year.",
    )
