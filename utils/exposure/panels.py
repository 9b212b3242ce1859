"""The three what-if panels of notebook 04, built on :class:`utils.widgets.Panel`.

* :func:`make_stress_panel`: pick companies, a shock type and size; see revenue at risk in
  dollars and as a share of each company's revenue, ranked.
* :func:`make_decoupling_panel`: one company's China revenue shrinking year by year.
* :func:`make_definitions_panel`: the same company's China share under different definitions.

The models are the pure functions of :mod:`utils.exposure`; this module only wires controls,
readouts and figures (created once, updated in place).
"""

from __future__ import annotations

import ipywidgets as W
import numpy as np
import pandas as pd

from .. import data, i18n, plotting, render, widgets
from ..i18n import _, fmt_money, money_unit, pgettext
from ..text import html_text
from . import model as exposure
from .model import BASIS_LABELS, DEFINITION_CHOICES, DEFINITION_COMPANIES, definition_rows, load_inputs

__all__ = [
    "make_stress_panel",
    "make_decoupling_panel",
    "make_definitions_panel",
]


_NAVY = "#333333"


def _co(company) -> str:
    """A company's name in the current language (苹果, 英伟达 ...)."""
    return pgettext("company", str(company))


def _fmt_money(usd_m: float) -> str:
    """USD millions as a short text: $1.2bn or $850m (Chinese: 12亿美元, 8.5亿美元)."""
    return fmt_money(usd_m)


# --------------------------------------------------------------------------- 1. stress test


def make_stress_panel(
    latest: pd.DataFrame | None = None, china: pd.DataFrame | None = None, fx: dict | None = None
) -> widgets.Panel:
    """Exposure stress test: companies × shock → revenue at risk, ranked (USD)."""
    if latest is None or china is None or fx is None:
        china, fx, latest = load_inputs()
    companies = list(latest.sort_values("revenue_usd", ascending=False).index)
    n = len(companies)
    default_pick = tuple(companies)

    scale = money_unit()[0]  # USD millions per axis unit: 1000 (US$ billions) or 100 (亿美元)
    fig, ax = plotting.new_figure(7.4, 0.34 * n + 1.5)
    slots = np.arange(n)[::-1]  # rank 1 at the top
    bars = ax.barh(slots, np.zeros(n), height=0.62, color=plotting.PALETTE[0])
    labels = [ax.text(0, y, "", va="center", ha="left", fontsize=10) for y in slots]
    ax.set_yticks(slots)
    ax.set_yticklabels([""] * n)
    ax.set_xlabel(_("US$ billions at risk (share of company revenue)"))
    ax.set_ylim(-0.6, n - 0.4)
    ax.grid(axis="y", visible=False)

    def compute(companies, kind, size, demand_elasticity, supply_elasticity, focus, focus_shock):
        shocks = {focus: focus_shock} if kind == "per-company shock" else None
        if kind == "per-company shock" and focus not in companies:
            raise ValueError(
                _(
                    "{focus} is not among the selected companies; select it or pick "
                    "another company to hit harder."
                ).format(focus=_co(focus))
            )
        table = exposure.stress_table(
            latest,
            companies,
            kind,
            size,
            demand_elasticity=demand_elasticity,
            supply_elasticity=supply_elasticity,
            shocks=shocks,
        )
        table["period"] = latest.loc[table.index, "period_label"]
        table["grade"] = latest.loc[table.index, "grade"]
        return table

    def draw(result, params):
        ranked = result.reset_index()
        top = max(float(ranked["revenue_at_risk"].max()) / scale, 1e-9)
        names = []
        for i, y in enumerate(slots):
            if i < len(ranked):
                row = ranked.iloc[i]
                width = row["revenue_at_risk"] / scale
                bars[i].set_visible(True)
                bars[i].set_width(width)
                bars[i].set_color(plotting.PALETTE[0] if row["grade"] in ("A", "B") else plotting.PALETTE[5])
                labels[i].set_position((width + top * 0.01, y))
                labels[i].set_text(
                    _("{money} ({share})").format(
                        money=_fmt_money(row["revenue_at_risk"]),
                        share=f"{row['share_of_revenue_at_risk']:.1%}",
                    )
                )
                names.append(
                    _("{company} ({period}, {grade})").format(
                        company=_co(row["company"]), period=row["period"], grade=row["grade"]
                    )
                )
            else:
                bars[i].set_visible(False)
                labels[i].set_text("")
                names.append("")
        if names != [t.get_text() for t in ax.get_yticklabels()]:
            ax.set_yticklabels(names)
        # stepped, and kept while the bars still fit: most moves keep the axis (and background)
        ax.set_xlim(0, render.stepped_top(top, 1.45, current=ax.get_xlim()[1]))

    def readout(result, params):
        total = result["revenue_at_risk"].sum()
        worst_share = result.sort_values("share_of_revenue_at_risk", ascending=False).iloc[0]
        shock = result["shock"]
        shock_txt = (
            _("{share} of China revenue lost").format(share=f"{shock.iloc[0]:.0%}")
            if shock.nunique() == 1
            else _("{focus} loses {loss}, the others {size} of China revenue").format(
                focus=_co(params["focus"]), loss=f"{params['focus_shock']:.0%}", size=f"{params['size']:.0%}"
            )
        )
        tariff_txt = ""
        if params["kind"] == "tariff":
            fx_ = exposure.tariff_effects(
                params["size"], params["demand_elasticity"], params["supply_elasticity"]
            )
            shock_txt = _("{share} of China revenue lost to a {tariff} tariff").format(
                share=f"{shock.iloc[0]:.1%}", tariff=f"{params['size']:.0%}"
            )
            tariff_txt = _(
                " With demand elasticity {demand} and supply elasticity {supply}, buyers bear "
                "<b>{pass_through}</b> of the tariff (the pass-through): they pay {buyer} more and buy "
                "{quantity} less, and sellers get {seller} less a unit."
            ).format(
                demand=f"{params['demand_elasticity']:.1f}",
                supply=f"{params['supply_elasticity']:.1f}",
                pass_through=f"{fx_['pass_through']:.0%}",
                buyer=f"{fx_['buyer_price_change']:.1%}",
                quantity=f"{-fx_['quantity_change']:.1%}",
                seller=f"{-fx_['seller_price_change']:.1%}",
            )
        return _(
            "<b>{total}</b> of revenue at risk across {n} companies ({shock}).{tariff} Hardest hit "
            "relative to its size: <b>{worst}</b>, {worst_share} of its revenue. Each share uses the "
            "company's own definition of China (see the table above)."
        ).format(
            total=_fmt_money(total),
            n=len(result),
            shock=html_text(shock_txt),
            tariff=tariff_txt,
            worst=html_text(_co(worst_share.name)),
            worst_share=f"{worst_share['share_of_revenue_at_risk']:.1%}",
        )

    tariff = exposure.tariff_defaults()
    grades = "/".join(sorted({tariff["demand_grade"], tariff["supply_grade"]}))
    sel_height = f"{max(90, 19 * n)}px"
    controls = {
        "companies": W.SelectMultiple(
            options=[(_co(c), c) for c in companies],
            value=default_pick,
            rows=min(n, 9),
            description=_("companies"),
            style={"description_width": "150px"},
            layout=W.Layout(width="340px", height=sel_height),
        ),
        "kind": widgets.dropdown(
            _("shock type"), [(pgettext("shock type", k), k) for k in exposure.SHOCK_KINDS], "uniform ban"
        ),
        "size": widgets.slider(_("ban / tariff size"), 0.5, 0.0, 1.0, 0.05, ".0%"),
        "demand_elasticity": widgets.slider(
            _("demand elasticity"), tariff["demand_elasticity"], -5.0, 0.0, 0.1, ".1f"
        ),
        "supply_elasticity": widgets.slider(
            _("supply elasticity"), tariff["supply_elasticity"], 0.0, 10.0, 0.1, ".1f"
        ),
        "focus": widgets.dropdown(_("hit harder"), [(_co(c), c) for c in companies], companies[0]),
        "focus_shock": widgets.slider(_("its loss"), 1.0, 0.0, 1.0, 0.05, ".0%"),
    }
    src = china[china["company"].isin(companies) & china["period_label"].isin(set(latest["period_label"]))]
    src = src[
        src.apply(
            lambda r: (
                r["period_label"] == latest.loc[r["company"], "period_label"]
                and r["source_id"] == latest.loc[r["company"], "source_id"]
            ),
            axis=1,
        )
    ]
    eur = latest["currency"].eq("EUR")
    fx_txt = (
        _(" Euro revenue converted at {rate} USD/EUR ({kind}, {date}, grade {grade}).").format(
            rate=f"{fx['rate']:g}",
            kind=pgettext("fx rate", str(fx["kind"])),
            date=fx["date"],
            grade=fx["grade"],
        )
        if eur.any()
        else ""
    )
    return widgets.Panel(
        name="exposure-stress",
        title=_("Stress test: how much revenue would a China shock cost?"),
        description=(
            _(
                "Shares are each company's latest full fiscal year graded A–C (dark bars: "
                "grade A or B; light bars: grade C). "
                "'size' is the fraction of China revenue lost (ban) or the tariff rate "
                "(tariff). The elasticities matter only for the tariff: buyers' share of it "
                "(the pass-through) follows from them, ε_S / (ε_S − ε_D). Their defaults, demand "
                "{demand} and supply {supply}, are course assumptions (grade {grades}), not estimates. "
                "'hit harder' matters only for the per-company shock."
            ).format(
                demand=f"{tariff['demand_elasticity']:.1f}",
                supply=f"{tariff['supply_elasticity']:.1f}",
                grades=grades,
            )
            + fx_txt
        ),
        controls=controls,
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        source=data.short_source(src),
        # static background (re-rendered when the x axis or the ranking changes)
        dynamic=[*bars, *labels],
        alt=_(
            "Horizontal bars ranking the selected companies by revenue at risk in US dollars, "
            "labelled with the share of each company's revenue."
        ),
    )


# --------------------------------------------------------------------------- 2. decoupling


def make_decoupling_panel(
    latest: pd.DataFrame | None = None,
    china: pd.DataFrame | None = None,
    fx: dict | None = None,
    start_year: int = 2025,
) -> widgets.Panel:
    """A decoupling path: one company's China revenue shrinks each year; the rest grows."""
    if latest is None or china is None or fx is None:
        china, fx, latest = load_inputs()
    companies = list(latest.sort_values("china_share", ascending=False).index)
    max_years = 15
    scale = money_unit()[0]  # USD millions per axis unit: 1000 (US$ billions) or 100 (亿美元)

    fig, ax = plotting.new_figure(7.4, 3.6)
    x0 = np.arange(max_years + 1) + start_year
    (l_base,) = ax.plot(
        x0,
        np.zeros_like(x0, dtype=float),
        color="#999999",
        ls="--",
        label=_("no decoupling (China grows like the rest)"),
    )
    (l_total,) = ax.plot(
        x0,
        np.zeros_like(x0, dtype=float),
        color=plotting.PALETTE[0],
        label=_("total revenue with decoupling"),
    )
    (l_china,) = ax.plot(
        x0, np.zeros_like(x0, dtype=float), color=plotting.color_for("China"), label=_("China revenue")
    )
    note = ax.text(0.01, 0.97, "", transform=ax.transAxes, va="top", fontsize=10)
    ax.set_xlabel(_("fiscal year (first year = latest reported); revenue in US$ billions"))
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, 0.9), fontsize=9)
    ax.yaxis.set_major_formatter(lambda v, _p: f"{v:,.0f}")
    src = china[
        china.apply(
            lambda r: (
                r["company"] in latest.index
                and r["period_label"] == latest.loc[r["company"], "period_label"]
                and r["source_id"] == latest.loc[r["company"], "source_id"]
            ),
            axis=1,
        )
    ]
    caption = data.short_source(src)
    # Lay the figure out once for the widest tick labels the sliders can produce ("8,000"), then
    # freeze it: later updates never push the tick labels off the picture.
    plotting.add_source(fig, caption)
    ax.set_ylim(0, 8000 * 1000 / scale)
    plotting.fig_to_png(fig)
    fig.set_layout_engine("none")

    def compute(company, annual_decline, growth, years):
        row = latest.loc[company]
        return exposure.decoupling_path(
            float(row["revenue_usd"]),
            float(row["china_share"]),
            int(years),
            annual_decline,
            growth,
            start_year=int(row["fiscal_year"]),
        )

    def draw(result, params):
        x = result["year"].to_numpy()
        for line, col in ((l_base, "baseline_total"), (l_total, "total_revenue"), (l_china, "china_revenue")):
            line.set_data(x, result[col].to_numpy() / scale)
        ax.set_xlim(x[0] - 0.3, x[-1] + 0.3)
        top = float(result[["baseline_total", "total_revenue"]].to_numpy().max()) / scale
        ax.set_ylim(0, top * 1.6 if top > 0 else 1)
        last = result.iloc[-1]
        note.set_text(
            _("{company}: China share {first} → {last} in {year}").format(
                company=_co(params["company"]),
                first=f"{result['china_share'].iloc[0]:.1%}",
                last=f"{last['china_share']:.1%}",
                year=int(last["year"]),
            )
        )

    def readout(result, params):
        row = latest.loc[params["company"]]
        last = result.iloc[-1]
        return _(
            "Starting from {company}'s {period} ({revenue} revenue, China {share}, grade {grade}). "
            "After {years} years the China share is <b>{last_share}</b>; revenue lost against no "
            "decoupling adds up to <b>{cumulative}</b> ({last_year} in the last year). "
            "A sketch of a path, not a forecast."
        ).format(
            company=html_text(_co(params["company"])),
            period=html_text(row["period_label"]),
            revenue=_fmt_money(row["revenue_usd"]),
            share=f"{row['china_share']:.1%}",
            grade=row["grade"],
            years=params["years"],
            last_share=f"{last['china_share']:.1%}",
            cumulative=_fmt_money(last["cumulative_lost"]),
            last_year=_fmt_money(last["lost_vs_baseline"]),
        )

    return widgets.Panel(
        name="exposure-decoupling",
        title=_("Decoupling path: China revenue shrinks a little every year"),
        description=_(
            "China revenue falls by 'yearly decline'; revenue elsewhere grows by "
            "'growth elsewhere'. The dashed line is the same company without decoupling."
        ),
        controls={
            "company": widgets.dropdown(_("company"), [(_co(c), c) for c in companies], companies[0]),
            "annual_decline": widgets.slider(_("yearly decline"), 0.2, 0.0, 1.0, 0.05, ".0%"),
            "growth": widgets.slider(_("growth elsewhere"), 0.05, -0.2, 0.2, 0.01, ".0%"),
            "years": widgets.int_slider(_("years"), 5, 1, max_years),
        },
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        # static background (re-rendered when the axes move); lines, note and legend redrawn
        dynamic=[l_base, l_total, l_china, note, ax.get_legend()],
        source=caption,
        alt=_(
            "Three lines over the years: revenue without decoupling, total revenue with "
            "decoupling, and the shrinking China revenue."
        ),
    )


# --------------------------------------------------------------------------- 3. definitions


def make_definitions_panel(china: pd.DataFrame | None = None) -> widgets.Panel:
    """ "Definitions matter": one company's China share under each definition it is reported on."""
    if china is None:
        china = data.load("china_revenue")
    china = china.copy()
    # Nvidia: only the rows that illustrate definitions (its own billing basis, latest years).
    fig, ax = plotting.new_figure(7.4, 2.8)
    slots = np.arange(3)[::-1]
    bars = ax.barh(slots, np.zeros(3), height=0.6, color="#BBBBBB")
    texts = [ax.text(0, y, "", va="center", fontsize=10) for y in slots]
    ax.set_yticks(slots)
    ax.set_yticklabels([""] * 3)
    ax.set_xlim(0, 1)
    ax.set_xlabel(_("China share of revenue"))
    ax.xaxis.set_major_formatter(lambda v, _pos: f"{v:.0%}")
    ax.grid(axis="y", visible=False)
    reverse = {v: k for k, v in DEFINITION_CHOICES.items()}

    rows_by_company: dict[str, pd.DataFrame] = {}  # the table does not change: once per company

    def compute(company, definition):
        rows = rows_by_company.get(company)
        if rows is None:
            rows = rows_by_company[company] = definition_rows(china, company)
        wanted = DEFINITION_CHOICES[definition]
        if wanted not in set(rows["definition"]):
            have = [pgettext("definition", reverse.get(d, d)) for d in rows["definition"] if d in reverse]
            raise ValueError(
                _(
                    "{company} has no China figure on the basis '{definition}' in the course data. Try: {others}."
                ).format(
                    company=_co(company),
                    definition=pgettext("definition", definition),
                    others=_(", ").join(have) or _("another company"),
                )
            )
        return rows.assign(chosen=rows["definition"].eq(wanted))

    def draw(result, params):
        for i, y in enumerate(slots):
            if i < len(result):
                r = result.iloc[i]
                bars[i].set_visible(True)
                bars[i].set_width(r["china_share"])
                colour = plotting.color_for("China") if r["chosen"] else "#BBBBBB"
                bars[i].set_color(colour)
                bars[i].set_hatch("//" if r["grade"] == "D" else "")
                bars[i].set_edgecolor("white")
                flag = _("  UNVERIFIED") if r["grade"] == "D" else ""
                texts[i].set_position((r["china_share"] + 0.01, y))
                texts[i].set_text(
                    _("{share}  ({period}, grade {grade})").format(
                        share=f"{r['china_share']:.0%}", period=r["period_label"], grade=r["grade"]
                    )
                    + flag
                )
            else:
                bars[i].set_width(0)
                bars[i].set_visible(False)
                texts[i].set_text("")
        names = []
        for i in range(3):
            if i < len(result):
                d = result.iloc[i]["definition"]
                names.append(
                    pgettext("definition", reverse[d]) if d in reverse else _(BASIS_LABELS.get(d, d))
                )
            else:
                names.append("")
        ax.set_yticklabels(names)

    def readout(result, params):
        chosen = result[result["chosen"]].iloc[0]
        lo, hi = result["china_share"].min(), result["china_share"].max()
        years = sorted(set(result["period_label"]))
        same = len(set(result["fiscal_year"])) == 1
        warn = (
            ""
            if same
            else _(
                " Careful: these figures are for different periods ({periods}), so part of the gap "
                "is time, not definition."
            ).format(periods=html_text(", ".join(years)))
        )
        quote = html_text(str(i18n.data_text("note", chosen["note"])))
        return (
            _("<b>{company}</b>, China = {basis}{scope}: <b>{share}</b> ({period}, grade {grade}). ").format(
                company=html_text(_co(params["company"])),
                basis=html_text(_(BASIS_LABELS.get(chosen["basis"], chosen["basis"]))),
                scope=_(" (net system sales only)") if chosen["scope"] == "system_sales" else "",
                share=f"{chosen['china_share']:.1%}",
                period=html_text(chosen["period_label"]),
                grade=chosen["grade"],
            )
            + _("Across definitions: {low} to {high}.").format(low=f"{lo:.0%}", high=f"{hi:.0%}")
            + warn
            + f"<br><small>{quote}</small>"
        )

    src = china[china["company"].isin(DEFINITION_COMPANIES) & (china["grade"] != "D")]
    return widgets.Panel(
        name="exposure-definitions",
        title=_("Definitions matter: one company, several 'China' shares"),
        description=_(
            "Pick a company and a definition of 'China revenue'. Grey bars are the "
            "other definitions on record for the same company; hatched bars are unverified."
        ),
        controls={
            "company": widgets.dropdown(
                _("company"), [(_co(c), c) for c in DEFINITION_COMPANIES], "Texas Instruments"
            ),
            "definition": W.ToggleButtons(
                options=[(pgettext("definition", k), k) for k in DEFINITION_CHOICES],
                value="where shipped",
                description=_("China ="),
                style={"button_width": "110px"},
            ),
        },
        compute=compute,
        readout=readout,
        figure=fig,
        draw=draw,
        source=data.short_source(src),
        alt=_(
            "Horizontal bars of one company's China share under each definition on record, the "
            "chosen definition highlighted."
        ),
    )
