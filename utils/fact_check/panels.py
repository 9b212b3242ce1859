"""Panels of the capstone: the claim checker and the closing synthesis, built on
:class:`utils.widgets.Panel`. The models (verdicts from the evidence, the synthesis scenario) are
in :mod:`.model`."""

from __future__ import annotations

import html

import numpy as np

from .. import plotting, widgets
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


def _checker_readout(result: dict, params: dict) -> str:
    esc = html.escape
    head = (
        f"<b>Claim {result['claim']}</b> <span lang='zh'>{esc(result['claim_zh'])}</span><br>"
        f"<i>{esc(result['claim_en'])}</i>"
    )
    if not result["revealed"]:
        return head + (
            "<br>Look at the picture and the evidence, then record your verdict "
            "(confirmed, mislabelled, outdated, unverifiable or wrong) to see the course's."
        )
    mark = "✔ Same verdict as the course" if result["correct"] else "✘ The course's verdict differs"
    colour = VERDICT_COLORS[result["verdict"]]
    parts = "".join(
        f"<li>{esc(p['what'])}: <b>{esc(p['verdict'])}</b> ({esc(_grade_text(p['grades']))})</li>"
        for p in result["parts"]
    )
    return (
        head + f"<br>{mark}: <b style='color:{colour}'>{esc(result['verdict'])}</b> "
        f"(you: {esc(result['my_verdict'])}).<br>{esc(result['explanation'])}<ul>{parts}</ul>"
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
    ax.set_xlabel("course table value / value in the article (1 = the same; log scale)")
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
        return "no row graded A-C"
    return f"grade{'s' if len(g) > 1 else ''} {'/'.join(g)}"


_LABEL_CHARS = 118  # about the width of the checker's axes at 8.5 pt


def _fit_label(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _checker_draw(fig, result: dict) -> None:
    st = fig._checker
    pts, labels = st["pts"], st["labels"]
    xs, ys, colours = [], [], []
    for i, p in enumerate(result["parts"][:_MAX_PARTS]):
        what = p["what"] if len(p["what"]) <= 58 else p["what"][:57] + "…"
        colour = VERDICT_COLORS[p["verdict"]] if result["revealed"] else "#0072B2"
        label = f" [row is: {p['label']}]" if p["label"] and p["claimed_label"] else ""
        if p["ratio"] is not None:
            xs.append(min(max(p["ratio"], 0.06), 18))
            detail = (
                f"article {format_value(p['stated'])}, table {format_value(p['value'], p['unit'])}"
                f"{label} ({_grade_text(p['grades'])})"
            )
        elif p["value"] is not None:
            xs.append(1.0)
            shown = format_value(p["value"])
            shown = shown if len(shown) <= 40 else shown[:39] + "…"
            detail = f"row found: {shown}{label} ({_grade_text(p['grades'])})"
        else:
            detail = "no row graded A-C in the course tables"
        if p["ratio"] is not None or p["value"] is not None:
            ys.append(i)
            colours.append(colour)
        text = f"{i + 1}. {what}: {detail}"
        if result["revealed"]:
            text += f"  → {p['verdict']}"
        labels[i].set_text(_fit_label(text))
    for i in range(len(result["parts"][:_MAX_PARTS])):
        labels[i].set_color("#222222")
    n = len(result["parts"])
    for k, c in enumerate(result["context"][: max(_MAX_PARTS - n, 0)]):
        shown = format_value(c["value"], c["unit"]) if c["value"] is not None else "-"
        shown = shown if len(shown) <= 70 else shown[:69] + "…"
        grade = f" (grade {'/'.join(sorted(set(c['grades'])))})" if c["grades"] else ""
        labels[n + k].set_text(_fit_label(f"context: {c['what']}: {shown}{grade}"))
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
        (f"{int(r.claim_id)}. {r.claim_en[:60]}{'…' if len(r.claim_en) > 60 else ''}", int(r.claim_id))
        for r in c.itertuples()
    ]
    claim_ctrl = widgets.dropdown("claim", options, value=int(claim))
    verdict_ctrl = W.ToggleButtons(
        options=[NOT_YET, *VERDICTS],
        value=NOT_YET,
        description="my verdict",
        style={"description_width": "150px", "button_width": "110px"},
    )

    def _reset(change):
        # registered before the Panel's own observer: the verdict is hidden again first
        verdict_ctrl.value = NOT_YET

    claim_ctrl.observe(_reset, names="value")
    fig = _build_checker_figure()
    panel = widgets.Panel(
        name="claim-checker",
        title="Claim checker",
        controls={"claim": claim_ctrl, "my_verdict": verdict_ctrl},
        compute=checker_result,  # each claim's evidence is resolved once, not on every click
        readout=_checker_readout,
        figure=fig,
        draw=lambda result, params: _checker_draw(fig, result),
        # static background (axes, the band at 1); only the dots and the labels redrawn
        dynamic=[fig._checker["pts"], *fig._checker["labels"]],
        source="Source: course tables via data/claim_evidence.csv (grades A-E); see Sources below.",
        alt="For each part of the chosen claim, a dot at the ratio of the course table's value to "
        "the article's value (1 means the same figure); after you record a verdict, the dots "
        "are coloured by the course's verdict on each part.",
        description="Pick a claim, study the evidence, record your verdict: the course's verdict "
        "appears only after you have recorded yours.",
    )
    return panel


def _synthesis_readout(r: dict, params: dict) -> str:
    licensed = (
        f", or case by case <b>{html_text(str(r['licensed_chip']))}</b> ({params['licence_share']:.0%} "
        "of cards licensed)"
        if r["licensed_chip"]
        else ""
    )
    return (
        f"<b>{r['year']}</b>: rules in force <b>{html_text(str(r['vintage']))}</b>; best chip Nvidia "
        f"may sell without a licence: <b>{html_text(str(r['best_chip']))}</b>{licensed} (notebook 01) "
        f"→ of China's demand ({r['demand']:.2f} million H100-equivalents) Nvidia supplies "
        f"<b>{r['share_nvidia']:.0%}</b>, domestic chips <b>{r['share_domestic']:.0%}</b>, unmet "
        f"<b>{r['share_unmet']:.0%}</b> (03) → Nvidia's China revenue about "
        f"<b>${r['china_revenue_usd_bn']:.1f}bn</b> against ${r['counterfactual_usd_bn']:.1f}bn had "
        f"the October 2023 rules stayed: <b>${r['at_risk_usd_bn']:.1f}bn</b> at risk, "
        f"<b>{r['at_risk_share_of_total']:.1%}</b> of Nvidia's fiscal-2026 revenue (04)."
        "<br><small>Revenue moves with the compute Nvidia ships to China (calibrated on fiscal "
        "2025); Nvidia's cards to China held at the 2025 count. An illustration, not a "
        "forecast.</small>"
    )


def make_synthesis_panel():
    """The closing scenario: one panel across the four topics (a :class:`utils.widgets.Panel`)."""

    years = [y for y in substitution.YEARS if y >= 2025]
    fig, (ax_s, ax_r) = plotting.new_figure(9.6, 4.0, ncols=2)
    (ln_nv,) = ax_s.plot(
        years, np.zeros(len(years)), marker="o", lw=2, color=plotting.color_for("Nvidia"), label="Nvidia"
    )
    (ln_dom,) = ax_s.plot(
        years, np.zeros(len(years)), marker="s", lw=2, color=plotting.PALETTE[0], label="domestic"
    )
    (ln_un,) = ax_s.plot(
        years, np.zeros(len(years)), marker="^", lw=2, ls="--", color="#999999", label="unmet"
    )
    cursor_s = ax_s.axvline(years[0], color="#444444", lw=1, alpha=0.6)
    ax_s.set_ylim(0, 1)
    ax_s.set_xticks(years)
    ax_s.set_ylabel("share of China's demand")
    legend = ax_s.legend(loc="upper left", fontsize=8, frameon=False, ncols=3)
    bars = ax_r.bar(
        years, np.zeros(len(years)), color=plotting.color_for("Nvidia"), alpha=0.85, label="scenario"
    )
    (ln_cf,) = ax_r.plot(
        years,
        np.zeros(len(years)),
        color="#444444",
        lw=1.2,
        ls=":",
        marker="_",
        markersize=14,
        label="had the Oct 2023 rules stayed",
    )
    base = _synthesis_base()
    ax_r.set_xticks(years)
    ax_r.set_ylim(0, base["china_hq_usd_bn"][2025] * 1.6)
    ax_r.set_ylabel("Nvidia China revenue, USD bn")
    legend_r = ax_r.legend(loc="upper left", fontsize=8, frameon=False, ncols=2)

    def draw(r, params):
        t = r["table"].set_index("year").loc[years]
        ln_nv.set_ydata(t["share_nvidia"].to_numpy())
        ln_dom.set_ydata(t["share_domestic"].to_numpy())
        ln_un.set_ydata(t["share_unmet"].to_numpy())
        cursor_s.set_xdata([r["year"], r["year"]])
        ln_cf.set_ydata(t["counterfactual_usd_bn"].to_numpy())
        for b, y, v in zip(bars, years, t["china_revenue_usd_bn"]):
            b.set_height(float(v))
            b.set_alpha(1.0 if y == r["year"] else 0.45)

    policies = list(substitution.POLICY_PATHS)
    defaults = synthesis_defaults()
    controls = {
        "policy": widgets.dropdown("US rules", policies, value=defaults["policy"]),
        "mandate": widgets.slider("domestic mandate", defaults["mandate"], 0.0, 1.0, 0.05),
        "licence_share": widgets.slider("cards licensed (H200)", defaults["licence_share"], 0.0, 1.0, 0.05),
        "hbm_growth": widgets.slider("HBM supply growth / yr", defaults["hbm_growth"], 0.0, 1.0, 0.05),
        "capacity_growth": widgets.slider(
            "SMIC AI-wafer growth / yr", round(defaults["capacity_growth"], 2), 0.0, 1.0, 0.05
        ),
        "year": widgets.int_slider("year", 2027, years[0], years[-1]),
    }
    return widgets.Panel(
        name="synthesis",
        title="From export rules to exposure: one scenario across the course",
        controls=controls,
        compute=synthesis_scenario,
        readout=_synthesis_readout,
        figure=fig,
        draw=draw,
        # static background (axes fixed); lines, cursor, bars and what lies over them redrawn
        dynamic=[ln_nv, ln_dom, ln_un, cursor_s, legend, *bars, ln_cf, legend_r],
        source="Source: course models (utils.export_controls, utils.substitution) with defaults from "
        "the course tables; nvidia_revenue (fiscal 2025-2026, customer headquarters basis).",
        alt="Left: Nvidia's, domestic chips' and unmet shares of China's AI-chip demand by year "
        "under the chosen rules; right: Nvidia's China revenue by year in the scenario (bars) "
        "and had the October 2023 rules stayed (dotted line); the gap is the revenue at risk.",
        description="Choose the US rules, China's procurement mandate, how many of Nvidia's cards "
        "are H200s licensed case by case, and how fast China's HBM and wafer supply grow.",
    )
