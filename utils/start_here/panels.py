"""Panels of the start-here notebook: the timeline explorer and Nvidia's revenue mix, built on
:class:`utils.widgets.Panel`. The models are the pure functions of :mod:`.model`."""

from __future__ import annotations

import ipywidgets as W
import numpy as np
import pandas as pd

from .. import data, plotting, widgets
from ..text import html_text
from .model import (
    ACTOR_GROUPS,
    GEOGRAPHY_ORDER,
    PLATFORM_ORDER,
    filter_timeline,
    latest_reporting,
    revenue_breakdown,
)


def make_timeline_panel(events: pd.DataFrame | None = None) -> widgets.Panel:
    """Timeline explorer: filter by actor and year; dots on a time axis, one row per actor."""

    events = data.load("timeline") if events is None else events
    years = events["date"].dt.year
    y0, y1 = int(years.min()), int(years.max())
    groups = [g for g in ACTOR_GROUPS if g in set(events["actor_group"])]

    fig, ax = plotting.new_figure(8.6, 4.0)
    row = {g: i for i, g in enumerate(reversed(groups))}
    scatters = {}
    for g in groups:
        scatters[g] = ax.scatter(
            [], [], s=46, color=plotting.color_for(g), label=g, edgecolor="white", linewidth=0.6, zorder=3
        )
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
        xs_all = (days + epoch).astype(float)  # proleptic ordinals, as Timestamp.toordinal
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
        return filter_timeline(events, actor_groups=actor_groups, year_from=year_from, year_to=year_to)

    def readout(result, params):
        n = len(result)
        head = f"<b>{n} event{'s' if n != 1 else ''}</b> from {params['year_from']} to {params['year_to']}"
        items = "".join(
            f"<li><code>{d:%Y-%m-%d}</code> {html_text(str(t))} "
            f"<small>({html_text(str(g))}; grade {html_text(str(gr))})</small></li>"
            for d, t, g, gr in zip(result["date"], result["title"], result["actor_group"], result["grade"])
        )
        return (
            f"{head}<div style='max-height:11em;overflow-y:auto;border:1px solid #ddd;"
            f"padding:0 0.5em'><ul style='margin:0.3em 0'>{items}</ul></div>"
        )

    controls = {
        "actor_groups": W.SelectMultiple(
            options=groups,
            value=tuple(groups),
            rows=len(groups),
            description="actors",
            style={"description_width": "60px"},
            layout=W.Layout(width="330px"),
        ),
        "year_from": widgets.int_slider("from year", y0, y0, y1),
        "year_to": widgets.int_slider("to year", y1, y0, y1),
    }
    return widgets.Panel(
        name="timeline",
        title="Timeline explorer",
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        source=events,
        # static background (re-rendered when the years move the axis); only the dots redrawn
        dynamic=[*scatters.values(), span],
        alt="Events 2019-2026 as dots on a time axis, one row per actor group.",
        description="Ctrl/Cmd-click to pick several actors; drag the sliders to zoom.",
    )


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
                labels[i].set_text(
                    f"${r['revenue_usd_m'] / 1000:,.1f}bn  ({r['share']:.1%}, grade {r['grade']}"
                    + (", unverified)" if r["grade"] == "D" else ")")
                )
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
        return (
            f"Fiscal year {params['fiscal_year']} (ends late January {params['fiscal_year']}): "
            f"the largest {params['breakdown']} is <b>{html_text(top['category'])}</b> with "
            f"<b>{top['share']:.1%}</b> of revenue. Categories shown sum to ${total:,.1f}bn."
        )

    controls = {
        "fiscal_year": widgets.int_slider("fiscal year", years[-1], years[0], years[-1]),
        "breakdown": W.ToggleButtons(
            options=[("by platform", "platform"), ("by geography", "geography")],
            value="platform",
            description="split",
            style={"description_width": "60px", "button_width": "110px"},
        ),
    }
    return widgets.Panel(
        name="nvidia-mix",
        title="Nvidia's revenue mix",
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        source=revenue,
        # static background (re-rendered when the category labels change); bars + values redrawn
        dynamic=[*bars, *labels],
        alt="Horizontal bars: share of Nvidia's revenue by platform or by billing region for the chosen fiscal year.",
    )
