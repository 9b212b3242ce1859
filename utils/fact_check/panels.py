"""Panels of the capstone: the claim checker and the closing synthesis, built on
:class:`utils.widgets.Panel`. The models (verdicts from the evidence, the synthesis scenario) are
in :mod:`.model`."""

from __future__ import annotations

import html
import unicodedata

import numpy as np

from .. import i18n, plotting, widgets
from ..i18n import NP_, _, ngettext, pgettext
from ..substitution import model as substitution
from ..text import html_text
from .model import (
    NOT_YET,
    VERDICT_COLORS,
    VERDICTS,
    _synthesis_base,
    checker_result,
    claims,
    format_value,
    synthesis_defaults,
    synthesis_scenario,
)

__all__ = ["make_claim_checker", "make_synthesis_panel"]


_MAX_PARTS = 9  # rows of the checker's picture: tested parts, then context


def _verdict(v) -> str:
    """A verdict's name in the current language (the values stay English: "mislabelled")."""
    return pgettext("verdict", v) if v else ""


def _what(text: str) -> str:
    """What a part of a claim is (data/claim_evidence.csv ``what``), in the current language."""
    return pgettext("claim_evidence.what", text) if text else text


def _claim_text(claim_zh: str, claim_en: str) -> str:
    """The claim as a reader of the language sees it: the article's own Chinese words in the
    Chinese edition, the English rendering in the English one."""
    return claim_zh if i18n.language() == "zh" else claim_en


def _checker_readout(result: dict, params: dict) -> str:
    esc = html.escape
    head = _("<b>Claim {n}</b> <span lang='zh'>{claim_zh}</span>").format(
        n=result["claim"], claim_zh=esc(result["claim_zh"])
    )
    if i18n.language() != "zh":  # the Chinese edition quotes the article only, in its own words
        head += f"<br><i>{esc(result['claim_en'])}</i>"
    if not result["revealed"]:
        return (
            head
            + "<br>"
            + _(
                "Look at the picture and the evidence, then record your verdict "
                "(confirmed, mislabelled, outdated, unverifiable or wrong) to see the course's."
            )
        )
    mark = _("✔ Same verdict as the course") if result["correct"] else _("✘ The course's verdict differs")
    colour = VERDICT_COLORS[result["verdict"]]
    item = _("<li>{what}: <b>{verdict}</b> ({grades})</li>")
    parts = "".join(
        item.format(
            what=esc(_what(p["what"])),
            verdict=esc(_verdict(p["verdict"])),
            grades=esc(_grade_text(p["grades"])),
        )
        for p in result["parts"]
    )
    return (
        head
        + "<br>"
        + _("{mark}: <b style='color:{colour}'>{verdict}</b> (you: {mine}).").format(
            mark=mark,
            colour=colour,
            verdict=esc(_verdict(result["verdict"])),
            mine=esc(_verdict(result["my_verdict"])),
        )
        + f"<br>{esc(pgettext('claims.explanation', result['explanation']))}<ul>{parts}</ul>"
    )


def _build_checker_figure():
    from matplotlib.transforms import blended_transform_factory

    fig, ax = plotting.new_figure(8.0, 4.8)
    ax.axvspan(0.95, 1.05, color="#dddddd", zorder=0)
    ax.axvline(1.0, color="#444444", lw=1, zorder=1)
    pts = ax.scatter([], [], s=80, zorder=3)
    trans = blended_transform_factory(ax.transAxes, ax.transData)
    labels = [
        ax.text(
            0.01,
            i - 0.42,
            "",
            va="center",
            ha="left",
            fontsize=8.5,
            transform=trans,
            zorder=4,
            bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 0.6},
        )
        for i in range(_MAX_PARTS)
    ]
    for t in labels:
        # a long label is shortened (_fit_label) and clipped to the axes: it must never make the
        # layout squeeze the axes, which cannot make room for it anyway
        t.set_clip_on(True)
        t.set_in_layout(False)

    ax.set_xscale("log")
    ax.set_xlim(0.05, 20)
    ax.set_ylim(_MAX_PARTS - 0.4, -0.8)
    ax.set_yticks([])
    ax.set_xlabel(_("course table value / value in the article (1 = the same; log scale)"))
    ax.grid(axis="x", alpha=0.3)
    ax.set_xticks([0.1, 0.5, 1, 2, 10])
    ax.set_xticklabels(["0.1", "0.5", "1", "2", "10"])
    ax.minorticks_off()
    fig._checker = {"ax": ax, "pts": pts, "labels": labels}
    return fig


def _grade_text(grades) -> str:
    """The evidence's grade shown with each part: 'grade B', 'grades A/C' or 'no row graded A-C'."""
    g = sorted(set(grades or []))
    if not g:
        return _("no row graded A-C")
    return ngettext("grade {grades}", "grades {grades}", len(g)).format(grades="/".join(g))


_LABEL_CHARS = 118  # about the width of the checker's axes at 8.5 pt, in Latin characters


def _width(ch: str) -> int:
    """A character's width in Latin characters: 2 for a Chinese (wide) one."""
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def _cut(text: str, limit: int) -> str:
    """The longest start of ``text`` at most ``limit`` Latin characters wide (``text[:limit]``
    for Latin text; a Chinese character counts twice, as it is about twice as wide)."""
    used = 0
    for k, ch in enumerate(text):
        used += _width(ch)
        if used > limit:
            return text[:k]
    return text


def _fit_label(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if _cut(text, limit) == text else _cut(text, limit - 1).rstrip() + "…"


def _checker_draw(fig, result: dict) -> None:
    st = fig._checker
    pts, labels = st["pts"], st["labels"]
    xs, ys, colours = [], [], []
    for i, p in enumerate(result["parts"][:_MAX_PARTS]):
        what = _what(p["what"])
        what = what if _cut(what, 58) == what else _cut(what, 57) + "…"
        colour = VERDICT_COLORS[p["verdict"]] if result["revealed"] else "#0072B2"
        label = _(" [row is: {label}]").format(label=p["label"]) if p["label"] and p["claimed_label"] else ""
        if p["ratio"] is not None:
            xs.append(min(max(p["ratio"], 0.06), 18))
            detail = _("article {stated}, table {value}{label} ({grades})").format(
                stated=format_value(p["stated"]),
                value=format_value(
                    p["value"], i18n.data_text("unit", p["unit"], "claim_evidence") if p["unit"] else ""
                ),
                label=label,
                grades=_grade_text(p["grades"]),
            )
        elif p["value"] is not None:
            xs.append(1.0)
            shown = format_value(i18n.any_data_text(p["value"]))  # a table's text, in Chinese too
            shown = shown if len(shown) <= 40 else shown[:39] + "…"
            detail = _("row found: {shown}{label} ({grades})").format(
                shown=shown, label=label, grades=_grade_text(p["grades"])
            )
        else:
            detail = _("no row graded A-C in the course tables")
        if p["ratio"] is not None or p["value"] is not None:
            ys.append(i)
            colours.append(colour)
        text = _("{i}. {what}: {detail}").format(i=i + 1, what=what, detail=detail)
        if result["revealed"]:
            text += f"  → {_verdict(p['verdict'])}"
        labels[i].set_text(_fit_label(text))
    for i in range(len(result["parts"][:_MAX_PARTS])):
        labels[i].set_color("#222222")
    n = len(result["parts"])
    for k, c in enumerate(result["context"][: max(_MAX_PARTS - n, 0)]):
        shown = (
            format_value(c["value"], i18n.data_text("unit", c["unit"], "claim_evidence") if c["unit"] else "")
            if c["value"] is not None
            else "-"
        )
        shown = shown if len(shown) <= 70 else shown[:69] + "…"
        grade = (
            _(" (grade {grades})").format(grades="/".join(sorted(set(c["grades"])))) if c["grades"] else ""
        )
        labels[n + k].set_text(
            _fit_label(
                _("context: {what}: {shown}{grade}").format(what=_what(c["what"]), shown=shown, grade=grade)
            )
        )
        labels[n + k].set_color("#666666")
    for j in range(n + len(result["context"]), _MAX_PARTS):
        labels[j].set_text("")
    pts.set_offsets(np.c_[xs, ys] if xs else np.empty((0, 2)))
    pts.set_facecolors(colours if colours else "#0072B2")


def make_claim_checker(claim: int = 1):
    """The claim checker: choose a claim, record a verdict, then see the course's verdict.

    A :class:`utils.widgets.Panel` (controls ``claim`` and ``my_verdict``). Choosing another
    claim resets ``my_verdict`` to "not yet", so the next verdict stays hidden until recorded.
    """
    import ipywidgets as W

    c = claims()
    options = [
        (f"{int(r.claim_id)}. {_cut(t, 60)}{'…' if _cut(t, 60) != t else ''}", int(r.claim_id))
        for r in c.itertuples()
        for t in [_claim_text(r.claim_zh, r.claim_en)]
    ]
    claim_ctrl = widgets.dropdown(_("claim"), options, value=int(claim))
    verdict_ctrl = W.ToggleButtons(
        options=[(_verdict(v), v) for v in (NOT_YET, *VERDICTS)],
        value=NOT_YET,
        description=_("my verdict"),
        style={"description_width": "150px", "button_width": "110px"},
    )

    def _reset(change):
        # registered before the Panel's own observer: the verdict is hidden again first
        verdict_ctrl.value = NOT_YET

    claim_ctrl.observe(_reset, names="value")
    fig = _build_checker_figure()
    panel = widgets.Panel(
        name="claim-checker",
        title=_("Claim checker"),
        controls={"claim": claim_ctrl, "my_verdict": verdict_ctrl},
        compute=checker_result,  # each claim's evidence is resolved once, not on every click
        readout=_checker_readout,
        figure=fig,
        draw=lambda result, params: _checker_draw(fig, result),
        # static background (axes, the band at 1); only the dots and the labels redrawn
        dynamic=[fig._checker["pts"], *fig._checker["labels"]],
        source=_("Source: course tables via data/claim_evidence.csv (grades A-E); see Sources below."),
        alt=_(
            "For each part of the chosen claim, a dot at the ratio of the course table's value to "
            "the article's value (1 means the same figure); after you record a verdict, the dots "
            "are coloured by the course's verdict on each part."
        ),
        description=_(
            "Pick a claim, study the evidence, record your verdict: the course's verdict "
            "appears only after you have recorded yours."
        ),
    )
    return panel


def _bn(usd_bn: float) -> str:
    """US dollars given in billions, as the readout shows them: "$17.1bn" / "171亿美元"."""
    return i18n.fmt_money(usd_bn * 1000) if i18n.language() == "zh" else f"${usd_bn:.1f}bn"


def _millions(n: float) -> str:
    """A count given in millions: "2.15 million" / "215万"."""
    return f"{n * 100:.0f}万" if i18n.language() == "zh" else f"{n:.2f} million"


def _synthesis_readout(r: dict, params: dict) -> str:
    licensed = (
        _(", or case by case <b>{chip}</b> ({share:.0%} of cards licensed)").format(
            chip=html_text(str(r["licensed_chip"])), share=params["licence_share"]
        )
        if r["licensed_chip"]
        else ""
    )
    return _(
        "<b>{year}</b>: rules in force <b>{vintage}</b>; best chip Nvidia "
        "may sell without a licence: <b>{best_chip}</b>{licensed} (notebook 01) "
        "→ of China's demand ({demand} H100-equivalents) Nvidia supplies "
        "<b>{share_nvidia:.0%}</b>, domestic chips <b>{share_domestic:.0%}</b>, unmet "
        "<b>{share_unmet:.0%}</b> (03) → Nvidia's China revenue about "
        "<b>{revenue}</b> against {counterfactual} had "
        "the October 2023 rules stayed: <b>{at_risk}</b> at risk, "
        "<b>{at_risk_share:.1%}</b> of Nvidia's fiscal-2026 revenue (04)."
        "<br><small>Revenue moves with the compute Nvidia ships to China (calibrated on fiscal "
        "2025); Nvidia's cards to China held at the 2025 count. An illustration, not a "
        "forecast.</small>"
    ).format(
        year=r["year"],
        vintage=html_text(str(r["vintage"])),
        best_chip=html_text(str(r["best_chip"])),
        licensed=licensed,
        demand=_millions(r["demand"]),
        share_nvidia=r["share_nvidia"],
        share_domestic=r["share_domestic"],
        share_unmet=r["share_unmet"],
        revenue=_bn(r["china_revenue_usd_bn"]),
        counterfactual=_bn(r["counterfactual_usd_bn"]),
        at_risk=_bn(r["at_risk_usd_bn"]),
        at_risk_share=r["at_risk_share_of_total"],
    )


#: the US rules of the synthesis, shown with pgettext("policy path", name) (values unchanged;
#: the names are utils.substitution's POLICY_PATHS)
_POLICY_NAMES = (
    NP_("policy path", "as announced (2023-10, 2025-04, then 2026-01)"),
    NP_("policy path", "strict: April 2025 rules stay"),
    NP_("policy path", "October 2023 rules stay (H20 allowed)"),
    NP_("policy path", "loose: October 2022 rules (H800 allowed)"),
)


def make_synthesis_panel():
    """The closing scenario: one panel across the four topics (a :class:`utils.widgets.Panel`)."""

    years = [y for y in substitution.YEARS if y >= 2025]
    fig, (ax_s, ax_r) = plotting.new_figure(9.6, 4.0, ncols=2)
    (ln_nv,) = ax_s.plot(
        years, np.zeros(len(years)), marker="o", lw=2, color=plotting.color_for("Nvidia"), label=_("Nvidia")
    )
    (ln_dom,) = ax_s.plot(
        years, np.zeros(len(years)), marker="s", lw=2, color=plotting.PALETTE[0], label=_("domestic")
    )
    (ln_un,) = ax_s.plot(
        years, np.zeros(len(years)), marker="^", lw=2, ls="--", color="#999999", label=_("unmet")
    )
    cursor_s = ax_s.axvline(years[0], color="#444444", lw=1, alpha=0.6)
    ax_s.set_ylim(0, 1)
    ax_s.set_xticks(years)
    ax_s.set_ylabel(_("share of China's demand"))
    legend = ax_s.legend(loc="upper left", fontsize=8, frameon=False, ncols=3)
    bars = ax_r.bar(
        years, np.zeros(len(years)), color=plotting.color_for("Nvidia"), alpha=0.85, label=_("scenario")
    )
    (ln_cf,) = ax_r.plot(
        years,
        np.zeros(len(years)),
        color="#444444",
        lw=1.2,
        ls=":",
        marker="_",
        markersize=14,
        label=_("had the Oct 2023 rules stayed"),
    )
    base = _synthesis_base()
    k = 1000.0 / i18n.money_unit()[0]  # USD bn on the axis in English, 亿美元 (x10) in Chinese
    ax_r.set_xticks(years)
    ax_r.set_ylim(0, base["china_hq_usd_bn"][2025] * 1.6 * k)
    ax_r.set_ylabel(_("Nvidia China revenue, USD bn"))
    legend_r = ax_r.legend(loc="upper left", fontsize=8, frameon=False, ncols=2)

    def draw(r, params):
        t = r["table"].set_index("year").loc[years]
        ln_nv.set_ydata(t["share_nvidia"].to_numpy())
        ln_dom.set_ydata(t["share_domestic"].to_numpy())
        ln_un.set_ydata(t["share_unmet"].to_numpy())
        cursor_s.set_xdata([r["year"], r["year"]])
        ln_cf.set_ydata(t["counterfactual_usd_bn"].to_numpy() * k)
        for b, y, v in zip(bars, years, t["china_revenue_usd_bn"]):
            b.set_height(float(v) * k)
            b.set_alpha(1.0 if y == r["year"] else 0.45)

    policies = list(substitution.POLICY_PATHS)
    defaults = synthesis_defaults()
    controls = {
        "policy": widgets.dropdown(
            _("US rules"), [(pgettext("policy path", p), p) for p in policies], value=defaults["policy"]
        ),
        "mandate": widgets.slider(_("domestic mandate"), defaults["mandate"], 0.0, 1.0, 0.05),
        "licence_share": widgets.slider(
            _("cards licensed (H200)"), defaults["licence_share"], 0.0, 1.0, 0.05
        ),
        "hbm_growth": widgets.slider(_("HBM supply growth / yr"), defaults["hbm_growth"], 0.0, 1.0, 0.05),
        "capacity_growth": widgets.slider(
            _("SMIC AI-wafer growth / yr"), round(defaults["capacity_growth"], 2), 0.0, 1.0, 0.05
        ),
        "year": widgets.int_slider(_("year"), 2027, years[0], years[-1]),
    }
    return widgets.Panel(
        name="synthesis",
        title=_("From export rules to exposure: one scenario across the course"),
        controls=controls,
        compute=synthesis_scenario,
        readout=_synthesis_readout,
        figure=fig,
        draw=draw,
        # static background (axes fixed); lines, cursor, bars and what lies over them redrawn
        dynamic=[ln_nv, ln_dom, ln_un, cursor_s, legend, *bars, ln_cf, legend_r],
        source=_(
            "Source: course models (utils.export_controls, utils.substitution) with defaults from "
            "the course tables; nvidia_revenue (fiscal 2025-2026, customer headquarters basis)."
        ),
        alt=_(
            "Left: Nvidia's, domestic chips' and unmet shares of China's AI-chip demand by year "
            "under the chosen rules; right: Nvidia's China revenue by year in the scenario (bars) "
            "and had the October 2023 rules stayed (dotted line); the gap is the revenue at risk."
        ),
        description=_(
            "Choose the US rules, China's procurement mandate, how many of Nvidia's cards "
            "are H200s licensed case by case, and how fast China's HBM and wafer supply grow."
        ),
    )
