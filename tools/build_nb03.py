"""Write notebooks/03_domestic_substitution.ipynb (a script, so the notebook diffs stay readable).

Run: .venv/bin/python tools/build_nb03.py   (then execute it to check; commit it stripped)
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
md = new_markdown_cell
code = new_code_cell

cells = [
    md("""# 03 · Domestic chip substitution: how fast can Chinese chips replace Nvidia, and what limits them?

*"中国芯片不会'原地等待'"* — "Chinese chips will not 'wait in place'", says the April 2025 commentary this course is built on. This notebook sets that claim against the numbers: chip specifications, market-share estimates, production limits, and the car makers' own chips.

**Learning objectives.** After this notebook you can:
1. compare a domestic accelerator with an Nvidia one on the numbers that matter (peak compute as TPP, memory bandwidth, power) and say how many chips, at what power, match a cluster;
2. trace a headline claim ("Ascend reaches 78% of H100") to its likely origin and say what it does and does not measure;
3. read a market-share estimate for what it is: who made it, what it counts (units, value, servers), and whether it is an actual count or a forecast;
4. reason about [substitution](../docs/glossary.md#domestic-substitution) as a race between demand, US rules and production capacity (wafers, [yield](../docs/glossary.md#yield), [HBM](../docs/glossary.md#hbm) memory) with a transparent scenario model;
5. check a car maker's "3-4 times the compute" claim and tell a [driving chip](../docs/glossary.md#driving-chip) from a cockpit or phone chip.

**Time needed:** 60-90 minutes (sections 1-4 in a 45-minute class; 5-7 as homework). **Prerequisites:** notebook 00 (grades and sources) and notebook 01 (TPP and the rule vintages 2022-10, 2023-10, 2025-04, 2026-01). No Python needed to follow; every code cell is short."""),
    md("""**How to read the numbers.** Every figure comes from a course table with a source and a grade: **A** primary document read, **B** primary quoted by careful sources or several agree, **C** one secondary source or sources disagree, **D** unverified (never shown as a fact), **E** an estimate or a figure the course derived (the note says how). In this notebook most figures are **C or E**: Chinese chip volumes, yields and market shares are estimates by analysts, relayed by the press. That is the first lesson."""),
    code("""from utils import data, plotting, widgets, checks
from utils import export_controls as ec
from utils import substitution, substitution_widgets as sw
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

plotting.setup()
share = data.load("china_ai_chip_share")
installs = data.load("driving_chip_installs")
cars = data.load("carmaker_chips")
nvrev = data.load("nvidia_revenue")
prod = data.load("production_constraints")
chips = ec.chips()            # preferred rows of the accelerators table, with TPP computed
acc_all = data.load("accelerators")


def v(df, **match):
    \"\"\"The value column of the one row matching all conditions.\"\"\"
    for k, x in match.items():
        df = df[df[k] == x]
    assert len(df) == 1, match
    return float(df.iloc[0]["value"])"""),
    md("""## 1. "Won't wait": the claim and the count

The article's section on substitution argues that US controls push Chinese buyers to domestic chips: Huawei's Ascend and others *"加快研发进程"* ("speed up development"), and after the H20 ban Huawei "immediately" announced a new chip. Whether buyers actually switched is a question of counting. The best count we have is IDC's shipment data for 2025, as reviewed by Reuters (grade B):"""),
    code("""idc = share[share["estimate_id"] == "idc-2025"].pivot_table(index="segment", columns="unit",
                                                           values="value", aggfunc="first")
display(Markdown(
    f"In 2025, about **{v(share, estimate_id='idc-2025', segment='total', unit='million units'):.1f} million** "
    f"accelerator cards were shipped in China: Nvidia about "
    f"**{v(share, estimate_id='idc-2025', segment='nvidia', unit='million units'):.1f} million "
    f"({v(share, estimate_id='idc-2025', segment='nvidia', unit='percent'):.0f}%)**, AMD "
    f"{v(share, estimate_id='idc-2025', segment='amd', unit='percent'):.0f}%, Chinese vendors "
    f"**{v(share, estimate_id='idc-2025', segment='domestic', unit='million units'):.2f} million "
    f"({v(share, estimate_id='idc-2025', segment='domestic', unit='percent'):.0f}%)**, of which Huawei "
    f"about {v(share, estimate_id='idc-2025', segment='huawei', unit='million units') * 1000:,.0f} thousand. "
    f"Two years earlier (first half of 2023) domestic brands were about "
    f"{v(share, estimate_id='idc-2023h1', segment='domestic', unit='percent'):.0f}% of units."))
display(idc.round(3))"""),
    md("""So the claim holds in *units*: domestic chips went from about a tenth to about two fifths of cards shipped. But a card is not a unit of compute. An H20 card and a 910B card count the same in this table; they do not do the same work. The next section compares them."""),
    md("""## 2. Specs side by side

The export rules of notebook 01 measure a chip by **TPP** (total processing performance: dense operations per second × bit length). We use it here as a common yardstick and express it in **H100-equivalents** (a chip's TPP divided by the H100's). Memory bandwidth matters as much for running large models, so it is shown too. Conflicting specifications are kept in the table; the chart uses each chip's *preferred* row."""),
    code("""show = ["nvidia-h100-sxm", "nvidia-h800-sxm", "nvidia-h200-sxm", "nvidia-h20", "nvidia-l20",
        "huawei-ascend910", "huawei-ascend910b", "huawei-ascend910c", "huawei-ascend920",
        "huawei-ascend950dt", "huawei-ascend960", "cambricon-mlu370-x8", "biren-br100"]
h100_tpp = float(chips.loc[chips["chip_id"] == "nvidia-h100-sxm", "tpp"].iloc[0])
spec = (chips.set_index("chip_id").loc[show, ["chip", "vendor", "launch_year", "fp16_tflops", "fp8_tflops",
                                              "tpp", "memory_bandwidth_gbps", "tdp_w", "grade"]]
        .assign(h100e=lambda d: d["tpp"] / h100_tpp))
spec.round(2)"""),
    code("""fig, (ax1, ax2) = plotting.new_figure(9.5, 5.2, ncols=2, sharey=True)
ypos = np.arange(len(spec))[::-1]
colors = [plotting.color_for(x) for x in spec["vendor"]]
roadmap = spec["chip"].str.contains("roadmap|reported")
for ax, col, scale, label in ((ax1, "h100e", 1, "peak compute (H100-equivalents of TPP)"),
                              (ax2, "memory_bandwidth_gbps", 1000, "memory bandwidth (TB/s)")):
    bars = ax.barh(ypos, spec[col] / scale, color=colors, height=0.7)
    for b, rm in zip(bars, roadmap):
        if rm:
            b.set_hatch("///"); b.set_alpha(0.55)
    for y, val in zip(ypos, spec[col] / scale):
        ax.text(val, y, f" {val:.2f}", va="center", fontsize=8)
    ax.set_xlim(0, float((spec[col] / scale).max()) * 1.15)
    ax.set_xlabel(label)
    ax.grid(axis="y", visible=False)
ax1.set_yticks(ypos)
ax1.set_yticklabels([f"{c} ({g})" for c, g in zip(spec["chip"], spec["grade"])], fontsize=8.5)
ax1.axvline(1.0, color="#555555", linewidth=0.8, linestyle=":")
plotting.show(fig, alt=("Horizontal bars comparing peak compute in H100-equivalents and memory bandwidth of "
                        "Nvidia, Huawei Ascend, Cambricon and Biren chips; hatched bars are reported or "
                        "roadmap chips."),
              source=sw.short_source(acc_all[acc_all["chip_id"].isin(show) & acc_all["preferred"]],
                                     "accelerators table"))"""),
    md("""Three things to notice:

* On peak compute the **Ascend 910C** reaches about four fifths of an H100 and is far above the **H20**, the chip Nvidia designed to fit under the 2023 rules. The 910C is *reported* to be two 910B-class dies in one package (Lennart Heim, Morgan Stanley; Tom's Hardware says one newer compute chiplet), with a power budget to match; its die area is only a course estimate (grade E).
* On **memory bandwidth** the H20 leads every Huawei chip now shipping: it was cut for compute, not memory. The April 2025 licence requirement was accordingly defined by memory and interconnect bandwidth, not by TPP.
* The **Biren BR100**'s bar is Biren's launch claim for a chip that TSMC stopped making in October 2022, before volume production: a specification is not a supply.
* The hatched bars are **not products you can buy**: the "Ascend 920" was reported by DigiTimes in April 2025 and does not appear on Huawei's official roadmap; the 950 and 960 are roadmap figures announced in September 2025 (1 PFLOPS FP8 for the 950, dense or sparse not stated). Their TPP counts FP8 at 8 bits, so a "1 PFLOPS" 950 scores *below* the 910C on TPP."""),
    md("""### How many Ascend chips replace an H100 or H20 cluster?

A cluster equivalence is simple arithmetic, and the arithmetic is worth doing by hand once: chips needed = target chips × target performance ÷ substitute performance, **rounded up**. Power (chip TDP only, no cooling or networking) and cost follow."""),
    code("""rows = []
for target in ("nvidia-h100-sxm", "nvidia-h20"):
    for subst in ("huawei-ascend910b", "huawei-ascend910c"):
        for metric in ("TPP (peak dense compute)", "memory bandwidth (GB/s)"):
            r = sw.cluster_result(target, 1000, subst, metric, 1.0)
            rows.append({"target_id": target, "substitute_id": subst,
                         "1,000 of": r["target"], "replaced by": r["substitute"], "matched on": metric,
                         "chips needed": r["substitute_count"],
                         "power, kW (target)": r["target_power_kw"],
                         "power, kW (substitute)": r["substitute_power_kw"]})
cluster_table = pd.DataFrame(rows)
cluster_table.drop(columns=["target_id", "substitute_id"]).round(0)"""),
    code("""def needed(target, subst, metric):
    row = cluster_table[(cluster_table["target_id"] == target) & (cluster_table["substitute_id"] == subst)
                        & (cluster_table["matched on"] == metric)].iloc[0]
    return row
tpp_m, bw_m = "TPP (peak dense compute)", "memory bandwidth (GB/s)"
a = needed("nvidia-h100-sxm", "huawei-ascend910c", tpp_m)
b = needed("nvidia-h100-sxm", "huawei-ascend910c", bw_m)
c = needed("nvidia-h20", "huawei-ascend910b", tpp_m)
d = needed("nvidia-h20", "huawei-ascend910b", bw_m)
display(Markdown(
    f"On compute, **{a['chips needed']:,}** Ascend 910C replace 1,000 H100, drawing "
    f"{a['power, kW (substitute)'] / a['power, kW (target)'] - 1:.0%} more chip power; on memory bandwidth "
    f"**{b['chips needed']:,}**. Against the **H20** the picture flips: **{c['chips needed']:,}** 910B match "
    f"1,000 H20 on compute, but **{d['chips needed']:,}** are needed to match their memory bandwidth."))"""),
    md(""""How many chips" depends on *which* number you match, and peak specs are an upper bound: software (Nvidia's CUDA versus Huawei's CANN), interconnect and achieved utilisation decide what a cluster really delivers. The calculator below has a **relative efficiency** slider for that."""),
    md("""### Exercise 1: cluster size
Use the preferred rows of the accelerators table (shown above)."""),
    code("""ex = checks.exercise("03.h100-cluster")
ex"""),
    code("""answer = None  # your answer: number of Ascend 910C chips
ex.check(answer)"""),
    md("""### Widget: cluster equivalence calculator
Pick a cluster of Nvidia chips and a domestic substitute; choose what to match on. Chips without a published figure (a roadmap chip's FP16 or power) say so instead of guessing."""),
    code("""cluster_panel = sw.make_cluster_panel()
cluster_panel"""),
    md("""## 3. "Ascend reaches 78% of H100": tracing a claim

The article says that, according to tests by a *"南京大学人工智能实验室"* (Nanjing University AI lab), training a ten-billion-parameter model on the **Ascend 920** reached **78%** of the H100's efficiency. We found no such test: not in English, not in Chinese, not from Nanjing University. What we did find is a ratio that produces almost exactly that number:"""),
    code("""c910 = acc_all[acc_all["chip_id"] == "huawei-ascend910c"][["chip", "fp16_tflops", "memory_gb",
                                                            "memory_bandwidth_gbps", "preferred",
                                                            "source_id", "grade"]]
h100_fp16 = float(chips.loc[chips["chip_id"] == "nvidia-h100-sxm", "fp16_tflops"].iloc[0])
c910 = c910.assign(pct_of_h100_peak=lambda d: (d["fp16_tflops"] / h100_fp16 * 100).round(1))
c910"""),
    md("""Source criticism, step by step:

1. **Which chip?** The 78% is attached to the "920", a chip reported by DigiTimes in April 2025 but missing from Huawei's own roadmap of September 2025 (910C → 950 → 960 → 970). The figures in circulation are for the **910C**.
2. **Which number?** 780 TFLOPS (SemiAnalysis's estimate of the 910C's peak dense BF16, in the table above) divided by the H100's 989.4 is 78.8%, about 79% (78% only if truncated): a ratio of **peak specifications**, not of measured training efficiency. Lennart Heim's estimate of 800 TFLOPS gives "roughly 80%", the same kind of ratio.
3. **Who says so?** A named lab with no paper, no benchmark, no date. A claim with a precise number and a vague source is a reason to look harder, not a fact.
4. **What would a real comparison need?** The same model, the same precision, the same number of chips, tokens per second per chip *and* per watt, and utilisation: none of which a peak ratio contains.

"78%" stays in the course only as the article's claim, **unverified**, never as a measurement."""),
    md("""### Exercise 2: the peak ratio"""),
    code("""ex = checks.exercise("03.peak-ratio")
ex"""),
    code("""answer = None  # your answer, in percent
ex.check(answer)"""),
    md("""## 4. Market shares: estimates, not one true line

Who supplies China's AI chips? Different publishers answer different questions: **units** shipped (IDC counts cards), **value** (Bernstein counts money), **server sourcing** (TrendForce: what share of chips in AI servers is bought abroad), some as counts after the fact (**actual**), some as **forecasts**. Plotting them as one line would invent a trend. Below, each point is one estimate; the shape says whether it is a count or a forecast, the colour what it counts."""),
    code("""pct = share[share["unit"] == "percent"].copy()
pct["who"] = np.where(pct["segment"].isin(["nvidia", "foreign"]), "foreign", pct["segment"])
pct = pct[pct["who"].isin(["foreign", "domestic"])]
pct["label"] = pct["publisher"] + np.where(pct["segment"] == "nvidia", " (Nvidia)",
                                           np.where(pct["segment"] == "foreign", " (all foreign)", ""))
pct["label"] = pct["label"] + np.where(pct["grade"] == "D", " (unverified)", "")  # grade D: never shown as a fact
display(pct[["period", "publisher", "basis", "segment", "value", "qualifier", "status", "grade"]]
        .sort_values(["segment", "period"]).reset_index(drop=True))"""),
    code("""basis_colors = {"units": plotting.PALETTE[0], "value": plotting.PALETTE[1],
                "server sourcing": plotting.PALETTE[2]}
markers = {"actual": "o", "estimate": "s", "forecast": "D"}
fig, axes = plotting.new_figure(10, 4.6, ncols=2, sharey=True)
for ax, who, title in ((axes[0], "foreign", "Nvidia or all foreign chips"),
                       (axes[1], "domestic", "Chinese vendors")):
    sub = pct[pct["who"] == who]
    for (year, _), grp in sub.groupby(["year", "who"]):
        if len(grp) > 1:
            ax.vlines(year, grp["value"].min(), grp["value"].max(), color="#bbbbbb", linewidth=6, zorder=0)
    for _, grp in sub.groupby("period"):
        label_y = None  # labels of one period go top-down, at least 5 points apart
        for _, r in grp.sort_values("value", ascending=False).iterrows():
            x = r["year"] + (0.25 if r["period"].endswith("H1") else 0)
            ax.scatter(x, r["value"], s=60, marker=markers[r["status"]], zorder=3,
                       facecolor=basis_colors[r["basis"]] if r["status"] != "forecast" else "white",
                       edgecolor=basis_colors[r["basis"]], linewidth=2)
            label_y = r["value"] if label_y is None else min(r["value"], label_y - 5)
            ax.annotate(r["label"] + (" (H1)" if r["period"].endswith("H1") else ""), (x, r["value"]),
                        xytext=(x + 0.12, label_y - 1.2), fontsize=8,
                        arrowprops=dict(arrowstyle="-", color="#999999", linewidth=0.6))
    years = sorted(pct["year"].unique())
    ax.set_xticks(years)
    ax.set_xlim(years[0] - 0.4, years[-1] + 0.9)
    ax.set_xlabel(f"year: share held by {title.lower()}")
    ax.grid(axis="x", visible=False)
axes[0].set_ylabel("share of China's AI chips (%)")
axes[0].set_ylim(0, 100)
from matplotlib.lines import Line2D
handles = ([Line2D([], [], marker="s", linestyle="", color=c, markersize=8, label=b) for b, c in basis_colors.items()]
           + [Line2D([], [], marker=m, linestyle="", markerfacecolor="white" if s == "forecast" else "#666666",
                     markeredgecolor="#666666", markersize=8, label=s) for s, m in markers.items()])
fig.legend(handles=handles, loc="outside upper center", ncols=6, fontsize=8.5)
plotting.show(fig, alt=("Two scatter charts of China AI-chip market-share estimates by year, 2023 to 2026: "
                        "left the share of Nvidia or all foreign chips, right the share of Chinese vendors; "
                        "points are coloured by what is counted and shaped by actual, estimate or forecast; "
                        "grey bars show the spread between estimates for the same year."),
              source=sw.short_source(pct, "china_ai_chip_share table"))"""),
    md("""Read the spread, not a line. For 2025 the foreign share runs from about 42% (a TrendForce forecast of server sourcing, made just after the H20 licence requirement) to 59% (IDC's count of units: Nvidia 55% plus AMD 4%); Bernstein's value-based figures for Nvidia fall from 66% in 2024 to a forecast of about 8% in 2026. These are not contradictions so much as different questions. Before quoting any of them, ask: *share of what, counted how, and when was it made?*

The same is true of Huawei's own output: the estimates differ by a factor of four."""),
    code("""hw = share[(share["segment"] == "huawei") & (share["unit"] == "million units")].sort_values(["year", "value"])
hw_label = (hw["publisher"] + ": " + hw["basis"] + ", " + hw["status"] + " (" + hw["grade"] + ")")
fig, ax = plotting.new_figure(8.6, 3.6)
y = np.arange(len(hw))[::-1]
cols = [plotting.PALETTE[0] if yr == 2025 else plotting.PALETTE[4] for yr in hw["year"]]
bars = ax.barh(y, hw["value"], color=cols, height=0.65)
for yy, val, q, yr in zip(y, hw["value"], hw["qualifier"], hw["year"]):
    sign = {"at most": "≤ ", "more than": "> ", "about": "~ "}.get(q, "")
    ax.text(val, yy, f"  {sign}{val * 1000:,.0f}k ({yr})", va="center", fontsize=8.5)
ax.set_yticks(y)
ax.set_yticklabels(hw_label, fontsize=8.5)
ax.set_xlabel("Huawei Ascend chips (million)")
ax.set_xlim(0, 1.15)
ax.grid(axis="y", visible=False)
plotting.show(fig, alt=("Horizontal bars of estimates of Huawei Ascend output: for 2025 from at most 0.2 million "
                        "(US Commerce) to about 0.8 million (SemiAnalysis, WSJ, IDC); for 2026 about 0.3 million "
                        "if HBM-limited and a planned 0.6 million 910C."),
              source=sw.short_source(hw, "china_ai_chip_share table"))"""),
    md("""US Commerce's "at or below 200,000" (said to Congress, basis not given), SemiAnalysis's 805,000 that Huawei *could* make, the WSJ's reported delivery plan and IDC's 812,000 cards *shipped* measure different things; Bloomberg's report that 2026's planned 600,000 910C is "roughly double" 2025 implies about 300,000 910C in 2025 (our derivation, grade E). IDC counts cards shipped, 910B included, whatever the origin of their dies (SemiAnalysis says Huawei received more than 2.9 million TSMC-made dies before the foundry rules); capacity estimates count what can be made."""),
    md("""## 5. What limits domestic supply: wafers, yield, HBM

A Chinese AI chip needs three things that are scarce: wafers on SMIC's 7 nm-class lines, a decent **yield** (the share of dies that work), and **HBM**, the stacked memory beside the die, which the US controlled from December 2024 (any HBM above 2 GB/s per mm² of memory bandwidth density: all HBM in production)."""),
    code("""prod[["factor", "item", "year", "value", "unit", "qualifier", "status", "grade"]]"""),
    md("""### Exercise 3: from wafers to chips
The arithmetic behind every capacity estimate."""),
    code("""ex = checks.exercise("03.wafer-chips")
ex"""),
    code("""answer = None  # your answer, million chips per year
ex.check(answer)"""),
    code("""stacks = v(prod, constraint_id="hbm-total-china")
per_chip = v(prod, constraint_id="hbm-stacks-per-910c")
display(Markdown(
    f"HBM is the tighter limit. SemiAnalysis estimates about **{stacks:g} million** HBM stacks reached China "
    f"(about {v(prod, constraint_id='hbm-samsung-china'):g} million from Samsung, much of it in the month between "
    f"the December 2024 announcement and the compliance date): at about {per_chip:g} stacks per 910C that is "
    f"**{stacks / per_chip:.2f} million** chips, once. Without new supply (Chinese HBM from CXMT, Huawei's own HBM "
    f"announced for the 950, or smuggling) SemiAnalysis puts output at about "
    f"**{v(prod, constraint_id='hbm-limit-2026') * 1000:,.0f} thousand** in 2026. These are grade C (proprietary "
    f"analysis read through a digest); the stacks per chip is our derivation from them (grade E)."))"""),
    md("""## 6. A scenario model: the race between demand, rules and capacity

`utils.substitution.supply_scenario` turns these pieces into a supply table by year, 2024-2030. Everything is in compute (H100-equivalents of TPP), so a weak chip counts for less. Each year:

* **demand** grows from its 2025 level;
* the **US rule vintage** in force decides the best data-centre chip Nvidia may sell, found by classifying every catalogued Nvidia chip with notebook 01's `classify` (the table after the defaults shows which chip that is for each vintage; under 2026-01 a licence is reviewed case by case);
* buyers take foreign chips first, up to what the rules allow and what a **procurement mandate** leaves them;
* **domestic** chips fill the rest, up to the smaller of the wafer-limited and HBM-limited output;
* what is left is **unmet demand**.

The defaults come from the tables, each with its source and grade. They are assumptions to argue with, not forecasts:"""),
    code("""sw.defaults_table()"""),
    code("""per_chip_rule, best_chip = sw.foreign_h100e_by_vintage()
pd.DataFrame({"best Nvidia data-centre chip allowed": best_chip,
              "H100-equivalents per chip": per_chip_rule}).round(3)"""),
    code("""base = sw.run_default()
base[["year", "vintage", "demand", "nvidia", "other_foreign", "domestic", "unmet",
      "share_domestic", "share_unmet", "binding"]].round(3)"""),
    md("""### Widget: substitution scenario explorer
Change the US rule path, SMIC's [wafer](../docs/glossary.md#wafer) growth, the yield, the HBM supply and the domestic mandate. Watch which limit binds (the readout says), and what happens to unmet demand when a mandate runs ahead of capacity. The rule paths: **as announced** = 2023-10 in 2024, 2025-04 in 2025, 2026-01 from 2026; **strict** = the April 2025 rules stay; **2023-10 stays** = H20 sales continue; **loose** = the October 2022 rules (H800 allowed)."""),
    code("""scenario_panel = sw.make_scenario_panel()
scenario_panel"""),
    md("""Things to try:

1. Set the mandate to 100% (China's November 2025 rule for state-funded data centres, applied to everything). Where does the compute come from?
2. Raise **HBM growth** to 50% a year: do SMIC's wafers ever become the limit before 2030? And at 100% a year (Chinese HBM and Huawei's own succeed)?
3. Switch the rules to "loose: October 2022". Does the domestic share fall? Should it, if buyers must meet a mandate?
4. Push the yield from 30% to 60%. Why does nothing change with the default HBM supply?"""),
    md("""### Exercise 4: what binds?"""),
    code("""ex = checks.exercise("03.binding")
ex"""),
    code("""answer = None  # "HBM" or "wafers"
ex.check(answer)"""),
    md("""The model is deliberately small. It leaves out prices, stockpiles (HBM here is a yearly flow), chips made at TSMC before the rules, smuggling, software, and any effect of shortages on demand. Its use is to make the argument explicit: "China will replace Nvidia by year X" requires a view on HBM, yield, wafers *and* demand, and you can now say which one a forecast assumes."""),
    md("""## 7. The driving-chip case

The article's clearest example of "not waiting" is cars: *"2024年，英伟达Orin-X芯片的装机量为210.02万颗，同比增长91.8%，市场份额为39.8%，紧随其后的是特斯拉FSD（市场份额25.1%）和华为昇腾系列（市场份额9.4%）"* — in the article's words, Nvidia's Orin-X was [installed](../docs/glossary.md#installations) 2.1002 million times in 2024, up 91.8%, a 39.8% share, followed by Tesla's FSD chip (25.1%) and Huawei's Ascend series (9.4%). These are the article's claims, quoted; the article names no source. The table below holds what we could trace:"""),
    code("""installs[["period", "market", "vendor", "chip", "publisher", "definition", "units_million", "share_pct",
          "yoy_pct", "status", "grade"]]"""),
    md("""### Exercise 5: a growth rate"""),
    code("""ex = checks.exercise("03.orin-growth")
ex"""),
    code("""answer = None  # your answer, in percent
ex.check(answer)"""),
    md("""The article's Orin-X figure fits Gasgoo's China series (it counts **chips**, and many cars carry two or four Orin-X). Brokers and 36Kr repeat "2.1 million, 39.8%", one of them calling it a *global* share. The article's Tesla 25.1% and Huawei 9.4% we could not find in any published series: **unverified**, so they are not in the course's tables. And by another series (36Kr, high-level driving chips only) Nvidia's China share fell from 39% in 2024 to 25% in 2025: a different definition again."""),
    md("""### The car makers' own chips"""),
    code("""cars[["company", "chip", "chip_zh", "chip_type", "taped_out", "first_use", "first_product", "status_2025",
      "process_nm", "claimed_tops", "article_says", "grade"]]"""),
    md("""One of the article's examples is not a driving chip at all: Xiaomi's **XRING O1** is a 3 nm phone and tablet chip (the article ties it to the YU7 SUV). Geely's in-house chip in production, the **SE1000 Dragon Eagle-1**, runs the cockpit (screens and infotainment); the driving chip the article names, *"星辰一号"* ("Xingchen-1"), and Chery's chip plan of March 2025 we found only in the article: **unverified**.

**"3-4 times the compute of mainstream chips".** The only numbers behind such claims are the companies' own TOPS figures against the Orin-X's 254 TOPS:"""),
    code("""orin = float(cars.loc[cars["chip"] == "Orin-X", "claimed_tops"].iloc[0])
claims = cars[(cars["chip_type"] == "driving") & cars["claimed_tops"].notna()][["company", "chip", "claimed_tops",
                                                                             "orin_x_equivalent_claimed", "grade"]]
claims.assign(ratio_to_orin_x=(claims["claimed_tops"] / orin).round(2))"""),
    md("""NIO's ">1,000 TOPS" is about 3.9 Orin-X and Xpeng's 750 TOPS about 3.0: so "3-4×" matches the claims. To check such a claim you would need to know **at what precision** (INT8? FP8? FP4?) and **with or without sparsity** each figure is quoted (Nvidia's 254 TOPS for Orin-X is INT8 *with* sparsity), and ideally a benchmark on the same driving model. "Effective compute" figures (Li Auto's "one M100 = 2-3 Thor-U") are not peak figures at all. Without those, "3-4×" is a marketing ratio, not a measurement.

Finally, the article says automotive was only 1.3% of Nvidia's revenue in 2024 and "falling year by year":"""),
    code("""auto_rows = nvrev[nvrev["category"] == "Automotive"].set_index("fiscal_year")
totals = nvrev[nvrev["category"] == "Total"].set_index("fiscal_year")["revenue_usd_m"]
a = pd.DataFrame({"fiscal_year": auto_rows.index, "automotive_usd_m": auto_rows["revenue_usd_m"].to_numpy(),
                  "total_usd_m": totals.loc[auto_rows.index].to_numpy(), "grade": auto_rows["grade"].to_numpy()})
a["share_pct"] = a["automotive_usd_m"] / a["total_usd_m"] * 100
fig, ax = plotting.new_figure(8.2, 3.6)
bars = ax.bar(a["fiscal_year"], a["share_pct"], color=plotting.color_for("Automotive"), width=0.6)
for b, g, s, usd in zip(bars, a["grade"], a["share_pct"], a["automotive_usd_m"]):
    if g == "D":
        b.set_hatch("///"); b.set_alpha(0.5)
    tag = f"{g}, unverified" if g == "D" else g  # no D rows today; the label stays in case
    ax.text(b.get_x() + b.get_width() / 2, s, f"{s:.1f}%\\n${usd / 1000:.2f}bn\\n({tag})", ha="center",
            va="bottom", fontsize=8.5)
ax.set_ylabel("automotive share of revenue (%)")
ax.set_xlabel("NVIDIA fiscal year (FY2025 ended January 2025)")
ax.set_ylim(0, a["share_pct"].max() * 1.35)
ax.grid(axis="x", visible=False)
plotting.show(fig, alt=("Bars of NVIDIA's automotive revenue as a share of total revenue, fiscal 2020 to 2025, "
                        "falling from 6.4% to 1.3% while automotive revenue itself rose."),
              source=sw.short_source(nvrev[nvrev["category"].isin(["Automotive", "Total"])],
                                     "nvidia_revenue table"))"""),
    code("""fy = a.set_index("fiscal_year")
last = fy.index.max()
rises = [int(y) for y in fy.index[1:] if fy.loc[y, "share_pct"] > fy.loc[y - 1, "share_pct"]]
display(Markdown(
    f"The share fell from {fy['share_pct'].iloc[0]:.1f}% (FY{fy.index[0]}) to {fy.loc[last, 'share_pct']:.1f}% "
    f"(FY{last}), but not every year (it rose in FY{', FY'.join(map(str, rises))}), and the fall says more about "
    f"data-centre revenue than about cars: automotive revenue itself grew "
    f"{fy.loc[last, 'automotive_usd_m'] / fy.loc[last - 1, 'automotive_usd_m'] - 1:.0%} in FY{last}."))"""),
    md("""### Exercise 6: Nvidia's automotive share"""),
    code("""ex = checks.exercise("03.auto-share")
ex"""),
    code("""answer = None  # your answer, in percent
ex.check(answer)"""),
    md("""## Discussion questions

1. IDC says domestic vendors shipped 41% of China's accelerator cards in 2025. On compute (H100-equivalents), would their share be higher or lower? What would you need to know to compute it?
2. US Commerce said Huawei could make at most 200,000 Ascend chips in 2025; IDC counted 812,000 Huawei cards shipped. Can both be right? List three ways.
3. A procurement mandate guarantees domestic chipmakers a market. In the scenario explorer, when does a mandate *help* substitution and when does it only create unmet demand?
4. The April 2025 licence requirement was defined by the H20's memory and interconnect bandwidth, not by its compute. Using section 2, explain why.
5. Xpeng says one Turing chip equals three Orin-X. Design the test that would convince you."""),
    md("""## Summary

* In units, Chinese vendors went from about a tenth (first half of 2023) to about two fifths (2025) of accelerator cards shipped in China (IDC); the article's "won't wait" holds for shipments.
* Per chip, the Ascend 910C's peak compute is about four fifths of an H100 and far above the H20; its memory bandwidth is below the H20's. How many chips replace a cluster depends on which number you match, and peak specs are an upper bound.
* "Ascend 920 = 78% of H100" has no traceable source; its likely origin, 780/989.4 = 78.8% (about 79%), is a ratio of peak specifications for the 910C.
* Market-share figures answer different questions (units, value, server sourcing; counts or forecasts). Show them as a spread with their definitions, never as one line. Huawei's 2025 volume estimates differ by a factor of four.
* Domestic supply is limited less by SMIC's wafers than by HBM; the scenario model makes each assumption explicit and lets you see which one binds.
* The car makers' own chips are real (NIO's and Xpeng's are in cars since 2025), but Xiaomi's XRING O1 is a phone chip, Geely's chip in production is a cockpit chip, and "3-4× compute" rests on company TOPS claims.

**Figures that could not be traced** (quoted from the article as its claims, unverified, and kept out of the tables): the 2024 Tesla FSD 25.1% and Huawei 9.4% driving-chip shares; the Nanjing University "78%" test of the Ascend 920; Geely's "Xingchen-1" driving chip and Chery's chip plan. The exact "210.02万, +91.8%" string was not found either, but it follows from Gasgoo's 2023 figure. Most other figures in this notebook are grade C or E: analyst estimates read through secondary reports."""),
    md("""## Sources

Every source behind the tables used in this notebook, from the registry `data/sources.csv`:"""),
    code("""display(Markdown(data.sources_markdown(share, installs, cars, nvrev[nvrev["category"].isin(["Automotive", "Total"])], prod,
                                        acc_all[acc_all["chip_id"].isin(show)],
                                        sw.defaults_table())))"""),
    md("""---
Next: **[04 · Multinational China exposure](04_multinational_exposure.ipynb)**. Back to **[00 · Start here](00_start_here.ipynb)**."""),
]

for i, cell in enumerate(cells):
    cell.id = f"nb03-{i:03d}"  # stable ids keep the committed diffs readable
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    "language_info": {"name": "python"},
})
out = ROOT / "notebooks" / "03_domestic_substitution.ipynb"
nbformat.write(nb, out)
print(f"wrote {out}")
