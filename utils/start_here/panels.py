"""Panels of the start-here notebook: the timeline explorer and Nvidia's revenue mix, built on
:class:`utils.widgets.Panel`. The models are the pure functions of :mod:`.model`."""

from __future__ import annotations

import ipywidgets as W
import numpy as np
import pandas as pd

from .. import data, i18n, plotting, widgets
from ..i18n import _, fmt_money, money_unit, ngettext, pgettext
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
            [],
            [],
            s=46,
            color=plotting.color_for(g),
            label=pgettext("actor group", g),
            edgecolor="white",
            linewidth=0.6,
            zorder=3,
        )
    ax.set_yticks(list(row.values()), [pgettext("actor group", g) for g in row])
    ax.set_ylim(-0.6, len(groups) - 0.4)
    ax.set_xlabel(_("date"))
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
        head = ngettext(
            "<b>{n} event</b> from {year_from} to {year_to}",
            "<b>{n} events</b> from {year_from} to {year_to}",
            n,
        ).format(n=n, year_from=params["year_from"], year_to=params["year_to"])
        item = _("<li><code>{date}</code> {title} <small>({actor}; grade {grade})</small></li>")
        items = "".join(
            item.format(
                date=f"{d:%Y-%m-%d}",
                title=html_text(str(i18n.data_text("title", t, "timeline"))),
                actor=html_text(pgettext("actor group", str(g))),
                grade=html_text(str(gr)),
            )
            for d, t, g, gr in zip(result["date"], result["title"], result["actor_group"], result["grade"])
        )
        return (
            f"{head}<div style='max-height:11em;overflow-y:auto;border:1px solid #ddd;"
            f"padding:0 0.5em'><ul style='margin:0.3em 0'>{items}</ul></div>"
        )

    controls = {
        "actor_groups": W.SelectMultiple(
            options=[(pgettext("actor group", g), g) for g in groups],
            value=tuple(groups),
            rows=len(groups),
            description=_("actors"),
            style={"description_width": "60px"},
            layout=W.Layout(width="330px"),
        ),
        "year_from": widgets.int_slider(_("from year"), y0, y0, y1),
        "year_to": widgets.int_slider(_("to year"), y1, y0, y1),
    }
    return widgets.Panel(
        name="timeline",
        title=_("Timeline explorer"),
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        source=events,
        # static background (re-rendered when the years move the axis); only the dots redrawn
        dynamic=[*scatters.values(), span],
        alt=_("Events {first}-{last} as dots on a time axis, one row per actor group.").format(
            first=y0, last=y1
        ),
        description=_("Ctrl/Cmd-click to pick several actors; drag the sliders to zoom."),
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
    ax.set_xlabel(_("share of the year's revenue"))
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
                label = (
                    _("{money}  ({share}, grade {grade})")
                    if r["grade"] != "D"
                    else _("{money}  ({share}, grade {grade}, unverified)")
                )
                labels[i].set_text(
                    label.format(
                        money=fmt_money(r["revenue_usd_m"]), share=f"{r['share']:.1%}", grade=r["grade"]
                    )
                )
                ticklabels.append(
                    pgettext("category", r["category"]).replace(" (including Hong Kong)", " (incl. HK)")
                )
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
        total = result["revenue_usd_m"].sum()
        template = (
            _(
                "Fiscal year {year} (ends late January {year}): the largest platform is "
                "<b>{category}</b> with <b>{share}</b> of revenue. Categories shown sum to {total}."
            )
            if params["breakdown"] == "platform"
            else _(
                "Fiscal year {year} (ends late January {year}): the largest billing region is "
                "<b>{category}</b> with <b>{share}</b> of revenue. Categories shown sum to {total}."
            )
        )
        return template.format(
            year=params["fiscal_year"],
            category=html_text(pgettext("category", top["category"])),
            share=f"{top['share']:.1%}",
            total=fmt_money(total),
        )

    controls = {
        "fiscal_year": widgets.int_slider(_("fiscal year"), years[-1], years[0], years[-1]),
        "breakdown": W.ToggleButtons(
            options=[(_("by platform"), "platform"), (_("by geography"), "geography")],
            value="platform",
            description=_("split"),
            style={"description_width": "60px", "button_width": "110px"},
        ),
    }
    return widgets.Panel(
        name="nvidia-mix",
        title=_("Nvidia's revenue mix"),
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        source=revenue,
        # static background (re-rendered when the category labels change); bars + values redrawn
        dynamic=[*bars, *labels],
        alt=_(
            "Horizontal bars: share of Nvidia's revenue by platform or by billing region for the chosen fiscal year."
        ),
    )


# ----------------------------------------------------------------------------- static figures


def show_revenue_history(revenue: pd.DataFrame | None = None):
    """Two panels: Nvidia's revenue by platform (stacked bars) and the share billed to China,
    by fiscal year, with each year's China revenue written above its point. Returns the figure
    as shown by :func:`utils.plotting.show`."""
    import matplotlib.pyplot as plt

    from .model import china_share_by_year

    revenue = data.load("nvidia_revenue") if revenue is None else revenue
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
    mix = latest_reporting(revenue)
    platform = mix[mix["breakdown"] == "platform"].pivot_table(
        index="fiscal_year", columns="category", values="revenue_usd_m", aggfunc="sum"
    )
    divisor, unit = money_unit()  # USD billions; in Chinese 亿美元 (hundreds of millions)
    platform = platform[[c for c in PLATFORM_ORDER if c in platform.columns]] / divisor
    colours = [plotting.color_for(c) for c in platform.columns]
    platform = platform.rename(columns=lambda c: pgettext("category", c))
    platform.plot.bar(stacked=True, ax=ax1, width=0.75, rot=0, color=colours)
    ax1.set_xlabel(_("fiscal year"))
    ax1.set_ylabel(_("revenue, {unit}").format(unit=unit))
    ax1.legend(fontsize=9, loc="upper left")

    china = china_share_by_year(revenue)
    ax2.plot(china["fiscal_year"], china["share"] * 100, marker="o", color=plotting.color_for("China"))
    for _i, row in china.iterrows():
        ax2.annotate(
            fmt_money(row["revenue_usd_m"]),
            (row["fiscal_year"], row["share"] * 100),
            textcoords="offset points",
            xytext=(0, 8),
            ha="center",
            fontsize=9,
        )
    ax2.set_xlabel(_("fiscal year"))
    ax2.set_ylabel(_("China incl. Hong Kong, % of revenue"))
    ax2.set_ylim(0, china["share"].max() * 100 * 1.3)
    return plotting.show(
        fig,
        source=revenue,
        alt=_(
            "Left: Nvidia revenue by platform by fiscal year, stacked bars, Data Center dominating "
            "from fiscal 2024. Right: the share of revenue billed to China by fiscal year."
        ),
    )


def show_grade_totals(totals: pd.DataFrame):
    """One stacked bar: how many rows of all the course's tables have each grade (``totals``:
    one row, columns A-E, from :func:`utils.start_here.grade_totals`)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 1.8), layout="constrained")
    colours = [plotting.PALETTE[i] for i in (2, 0, 1, 3, 4)][: len(totals.columns)]
    totals.plot.barh(stacked=True, ax=ax, width=0.6, color=colours)
    ax.set_yticks([])
    ax.set_xlabel(_("rows in all the course's tables"))
    ax.legend(
        title=_("grade"), ncols=len(totals.columns), loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=9
    )
    return plotting.show(
        fig,
        source=_("Source: the course's own tables in data/ (counts of rows by grade)."),
        alt=_("One stacked bar: how many rows of all the course's tables have grade A, B, C, D and E."),
    )
