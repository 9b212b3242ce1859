"""Generate notebooks/01_export_controls.ipynb (one cell per idea). Run from the repo root:

    .venv/bin/python tools/build_nb01.py
"""
import nbformat
from nbformat.v4 import new_code_cell as code, new_markdown_cell as md, new_notebook

cells = []
A = cells.append

A(md("""# 01 · Export controls: the rules as code, chips designed to the line, and what they cost Nvidia

**Learning objectives.** By the end you can

1. compute a chip's **total processing performance ([TPP](../docs/glossary.md#tpp))** and **[performance density](../docs/glossary.md#performance-density)** from its datasheet;
2. decide whether a chip needed a US licence for China under the rules of **October 2022, October 2023, April 2025 and January 2026**, and say which [threshold](../docs/glossary.md#threshold) decides;
3. explain why the **A800, H800, H20 and RTX 4090 D** exist (each was designed to sit just under a line);
4. read Nvidia's H20 and China numbers critically: estimate or booked charge, outlook or revenue, fact or report.

**Time needed:** about 75 minutes in class (45 if you skip the exercises and discussion), longer for self-study.

**Prerequisites:** notebook 00 (how the course data, grades and widgets work). No chip-design knowledge is needed; we define every term. Arithmetic with large numbers and log scales helps.

> Every figure below comes from a table in `data/` with its source and a grade (A primary document read … E estimate or course calculation). The notebook runs offline."""))

A(code("""from IPython.display import Markdown, display

from utils import data, plotting, widgets, checks
from utils import export_controls as ec
from utils import export_controls_widgets as ecw

plotting.setup()
chips = ec.chips()                     # one preferred row per chip, with TPP and density computed (grade E: derived)
by_id = chips.set_index("chip_id")
rules = data.load("export_rules")
status = data.load("export_status")"""))

A(md("""## 1. The story, 2019–2026

The US did not start with chips. From 2019 it put **companies** on the [Entity List](../docs/glossary.md#entity-list) (Huawei first), then used the **foreign direct product rule** to stop foreign fabs such as TSMC making Huawei's chips. In **August 2022** it told Nvidia and AMD privately that their top data-centre chips needed a licence for China; in **October 2022** it turned that into a published rule with performance thresholds. Each later rule redrew the line, and each time chipmakers designed new parts to sit just under it.

The ladder below merges the course timeline with this notebook's own dated rule and chip records. Ringed dots are grade C or worse (a single report, no official text)."""))

A(code("""events = ec.story_events()
fig, ax = ecw.story_figure(events)
plotting.show(fig, alt="A ladder of dated events from the 2019 Huawei listing to the January 2026 H200 rule: US government actions, "
                       "Chinese government responses, chip launches and Nvidia disclosures, one row per event.",
              source=ecw.short_source(events));"""))

A(md("""The four rule vintages this notebook turns into code. Note the third: the April 2025 requirement was never published in the Federal Register; it reached Nvidia as a private *is-informed* letter, and its thresholds are known only from Intel's notice to its customers, as reported by the Financial Times."""))

A(code("""rules.drop_duplicates("rule")[["rule", "rule_title", "announced", "fr_published", "effective", "citation"]]"""))

A(md("""## 2. Two numbers: TPP and performance density

The 2023 rule measures a chip with two numbers.

* **Total processing performance (TPP)** = 2 × *MacTOPS* × *bit length*. A multiply-accumulate counts as two operations on a datasheet, so in practice **TPP = dense TOPS (or TFLOPS) × bit length of the operation**, taking the bit length that gives the **highest** value. [BIS](../docs/glossary.md#bis)'s own example: the 4,800 threshold is met by 600 TOPS at 8 bits, or by 300 TFLOPS at 16 bits.
* Only **dense** throughput counts. Nvidia often prints figures "with [sparsity](../docs/glossary.md#sparsity)", which are twice the dense ones: halve them.
* **Performance density** = TPP ÷ *applicable die area* in mm²: the area of the logic dies made on non-planar (FinFET or gate-all-around) processes. Memory stacks (HBM) do not count.

**Glossary / 术语.** export control [出口管制](../docs/glossary.md#export-controls) · Entity List 实体清单 · licence 许可证 · total processing performance (TPP) 总处理性能 · performance density 性能密度 · data centre 数据中心 · is-informed letter 告知函 · foreign direct product rule 外国直接产品规则 · dense / sparse 稠密 / 稀疏.

Here are the H100 and the H20, Nvidia's China version of it, as catalogued:"""))

A(code("""cols = ["chip", "fp16_tflops", "int8_tops", "fp8_tflops", "die_area_mm2", "memory_bandwidth_gbps",
        "interconnect_gbps", "tdp_w", "grade", "source_id"]
by_id.loc[["nvidia-h100-sxm", "nvidia-h20"], cols]"""))

A(md("""**By hand, the H100.** Multiply each dense figure by its bit length and keep the largest:"""))

A(code("""h100 = by_id.loc["nvidia-h100-sxm"]
print(f"16-bit: {h100['fp16_tflops']:,} x 16 = {h100['fp16_tflops'] * 16:,.1f}")
print(f" 8-bit: {h100['int8_tops']:,} x 8  = {h100['int8_tops'] * 8:,.1f}")
print(f"density: {h100['int8_tops'] * 8:,.0f} / {h100['die_area_mm2']:,} mm2 = {h100['int8_tops'] * 8 / h100['die_area_mm2']:.2f}")"""))

A(md("""The same with the course's code, which takes a mapping `{bit length: dense TOPS}`:"""))

A(code("""t_h100 = ec.tpp(ec.dense_ops(h100))
t_h100, ec.performance_density(t_h100, h100["die_area_mm2"])"""))

A(md("""**The H20.** The same die as the H100 (as reported), about a seventh of its dense compute, and *more* memory bandwidth."""))

A(code("""h20 = by_id.loc["nvidia-h20"]
t_h20 = ec.tpp(ec.dense_ops(h20))
print(f"TPP = {h20['fp16_tflops']:,} x 16 = {t_h20:,.0f};  density = {t_h20:,.0f} / {h20['die_area_mm2']:,} = "
      f"{ec.performance_density(t_h20, h20['die_area_mm2']):.2f}")"""))

A(md("""### Exercise 1 — the H100's TPP
Compute it yourself from the table (not from the cell above)."""))
A(code("""ex = checks.exercise("01.tpp-h100")
ex"""))
A(code("""answer = None  # your answer
ex.check(answer)"""))

A(md("""### Exercise 2 — the H20's density"""))
A(code("""ex = checks.exercise("01.pd-h20")
ex"""))
A(code("""answer = None  # your answer
ex.check(answer)"""))

A(md("""## 3. The rules as code

`ec.classify(tpp=…, die_area_mm2=…, datacenter=…, io_bandwidth_gbps=…, memory_bandwidth_gbps=…, rule=…)` returns a verdict with **reasons**: every threshold it tested, the chip's value and the margin. The thresholds come from the `export_rules` table; the logic is:

* **2022-10** (87 FR 62186): caught if aggregate I/O is **600 GB/s or more** *and* bit length × TOPS is **4,800 or more**. Both prongs. (The rule counts all inputs and outputs to chips other than memory; the catalogue uses the chip-to-chip links, such as NVLink. Adding the PCIe host link changes no documented verdict; the tests check this.)
* **2023-10** (88 FR 73458): the I/O prong is gone. **3A090.a**: TPP ≥ 4,800, or TPP ≥ 1,600 with density ≥ 5.92. **3A090.b**: 2,400 ≤ TPP < 4,800 with 1.6 ≤ density < 5.92, or TPP ≥ 1,600 with 3.2 ≤ density < 5.92. A chip **not designed or marketed for data centres** is caught only at TPP ≥ 4,800.
* **2025-04**: the 2023 test plus an H20-class [licence requirement](../docs/glossary.md#licence-requirement) for chips with DRAM bandwidth ≥ 1,400 GB/s, or I/O ≥ 1,100 GB/s, or the two together ≥ 1,700 GB/s: thresholds **reported**, not published (one Financial Times report of Intel's notice to its Chinese customers, grade C; Nvidia's filing gives no numbers).
* **2026-01** (91 FR 1684): controlled chips with TPP < 21,000 and DRAM bandwidth < 6,500 GB/s are reviewed **case by case** instead of with a presumption of denial. A licence is still needed.

"Or more" thresholds are inclusive: a chip exactly on 4,800 is caught. If a decision needs a figure you did not give (the die area, say), the code refuses to guess and says which figure.

The A800 under the 2022 and the 2023 rules:"""))

A(code("""print(ec.classify_chip(by_id.loc["nvidia-a800-sxm"], "2022-10"))
print()
print(ec.classify_chip(by_id.loc["nvidia-a800-sxm"], "2023-10"))"""))

A(md("""The H20 under the 2023 rule and under the April 2025 letter:"""))

A(code("""print(ec.classify_chip(by_id.loc["nvidia-h20"], "2023-10"))
print()
print(ec.classify_chip(by_id.loc["nvidia-h20"], "2025-04"))"""))

A(md("""**Does the code agree with the record?** The `export_status` table lists what filings and reports say about each chip (Nvidia's 8-Ks name the products the rules caught). The code reproduces every row:"""))

A(code("""check = status.assign(code_says=[ec.classify_chip(by_id.loc[c], r).controlled for c, r in zip(status["chip_id"], status["rule"])])
print(f"{int((check['controlled'] == check['code_says']).sum())} of {len(check)} documented statuses reproduced")
check[["chip_id", "rule", "controlled", "code_says", "evidence_date", "evidence", "grade", "source_id"]]"""))

A(md("""## 4. The catalogue on the TPP–density plane

Each dot is a catalogued chip under the October 2023 rule: shaded areas are controlled (dark: 3A090.a, light: 3A090.b), white is free. Chips with a black ring were made for the Chinese market; squares are not designed for data centres (for them only the vertical line at 4,800 counts). Chips whose die area is not confirmed sit on the grey strip at the bottom: for most of them the TPP alone decides. Diamonds are Chinese chips: they are not US exports, so their colour only shows where the rule's thresholds would put them (BIS's May 2025 guidance named Huawei's Ascend 910B, 910C and 910D among Chinese chips it treats as meeting 3A090's parameters)."""))

A(code("""fig, ax, table = ecw.plane_figure("2023-10", chips)
plotting.show(fig, alt="Catalogued chips on a log-log plane of TPP against performance density with the October 2023 "
                       "control regions shaded; the H20 and L20 sit just below and left of the 3A090.b region, the "
                       "RTX 4090 D and 5090 D just left of the 4,800 line.",
              source=ecw.short_source(chips));"""))

A(md("""The whole catalogue behind the chart, one row per chip (the `accelerators` table's preferred rows; TPP and density computed by the course, so grade E as numbers, resting on the row's own grade):"""))

A(code("""catalogue = chips[["chip", "vendor", "launch_year", "datacenter", "fp16_tflops", "int8_tops", "fp8_tflops", "fp4_tflops",
                    "die_area_mm2", "memory_bandwidth_gbps", "interconnect_gbps", "tpp", "perf_density", "grade", "source_id"]]
catalogue.sort_values("tpp").round({"tpp": 0, "perf_density": 2})"""))

A(md("""Look at where the China variants sit: the **H20** just left of 2,400 and just under 3.2; the **L20** under 2,400 and just under 3.2; the **RTX 4090 D** and **RTX 5090 D** (consumer cards, squares) just left of 4,800. That is what *designed to the line* means.

The same catalogue under each rule vintage (the shading always shows the 2023 regions; the colours show each rule's verdict):"""))

A(code("""for rule in ["2022-10", "2025-04", "2026-01"]:
    fig, ax, table = ecw.plane_figure(rule, chips, width=7.6, height=4.4)
    us = table[table["country"] != "China"]
    n = int(us["controlled"].fillna(False).sum())
    display(Markdown(f"**Rule {rule}**: {n} of {len(us)} catalogued chips from US vendors controlled "
                     f"({int(us['controlled'].isna().sum())} cannot be decided)."))
    plotting.show(fig, alt=f"The catalogue coloured by status under the {rule} rule.", source=ecw.short_source(chips))"""))

A(md("""**Designed to the line.** Each China variant beside the chip it was cut down from, what changed, and its status under each rule (`<NA>`: a figure needed for the decision is missing):"""))

A(code("""pairs = ec.designed_pairs(chips)
pairs.round({"TPP": 0, "parent TPP": 0, "density": 2})"""))

A(md("""Read the table column by column. In 2022 Nvidia cut only the interconnect (A800, H800): the I/O prong was the cheapest line to duck under. In October 2023 that prong disappeared and both were caught. The next generation (H20, L20, RTX 4090 D) cut *compute* instead, and the H20 kept and even raised its memory bandwidth, which is what the April 2025 letter targeted. The RTX 5090 D V2 then cut memory bandwidth, which puts it under the reported 1,400 GB/s line (Nvidia did not say which line it aimed at)."""))

A(md("""### Exercise 3 — which paragraph catches the L40?"""))
A(code("""ex = checks.exercise("01.l40-category")
ex"""))
A(code("""answer = None  # your answer, e.g. "3A090.a"
ex.check(answer)"""))

A(md("""### Exercise 4 — who was controlled in 2023?"""))
A(code("""ex = checks.exercise("01.controlled-2023")
ex"""))
A(code("""answer = None  # your answer, e.g. ["A800", "H20"]
ex.check(answer)"""))

A(md("""### Exercise 5 — how much did the RTX 4090 have to lose?"""))
A(code("""ex = checks.exercise("01.rtx4090-cut")
ex"""))
A(code("""answer = None  # your answer in %
ex.check(answer)"""))

A(md("""## 5. Widget: design a chip

Move the sliders. The star is your chip on the TPP–density plane; the bars on the right are its DRAM and I/O bandwidth against the 2022 and (reported) 2025 lines. The verdict and every reason update as you drag. Pick a rule in the dropdown.

Things to try:
* Starting from the H20, raise the dense TOPS until it is caught. Which paragraph catches it first, and at what TPP?
* Shrink the die area instead. Why does a *smaller* chip with the same compute get caught?
* Untick "for data centres". What changes, and why would a chipmaker market a chip as a gaming card?
* Switch the rule to 2025-04 and find the largest DRAM bandwidth that passes. Which real chip sits there?"""))

A(code("""design = ecw.make_design_panel(chips)
design.show()"""))

A(md("""To start from another catalogued chip, pick it under *start from* in the panel, or load it with code as below (figures missing from the catalogue are left at a default and the readout says which):"""))

A(code("""ecw.load_chip(design, "nvidia-rtx4090d")
print(design.readout_text.splitlines()[0])"""))

A(md("""## 6. Widget: the rule book over time

Drag through the months. Each row is a catalogued chip (sorted by TPP); colours show whether it needed a licence for China in that month, rings mark chips whose status changed when the latest rule arrived. Dates follow each rule's announcement (the 2023 rule was made effective for Nvidia on 23 October 2023, before its formal date of 17 November)."""))

A(code("""rulebook = ecw.make_rulebook_panel(chips)
rulebook.show()"""))

A(md("""## 7. What it cost Nvidia: reading the H20 numbers

Nvidia designed the H20 for the 2023 rule and sold it in China from 2024. On 9 April 2025 the US government told Nvidia it needed a licence. Here is everything Nvidia disclosed about it, with sources:"""))

A(code("""h20_figures = data.load("nvidia_h20")
h20_figures[["date", "fiscal_period", "metric", "value", "unit", "description", "grade", "source_id"]]"""))

A(code("""f = ec.h20_figures()
print(f"Estimated charge: up to ${f.loc['charge_estimate', 'value'] / 1000:.1f}bn; booked: ${f.loc['charge_recorded', 'value'] / 1000:.1f}bn "
      f"({f.loc['charge_recorded', 'value'] / f.loc['charge_estimate', 'value']:.0%} of the estimate).")
print(f"H20 revenue not shipped in Q1: ${f.loc['h20_revenue_unshipped', 'value'] / 1000:.1f}bn; "
      f"H20 revenue loss in the Q2 outlook: about ${f.loc['h20_outlook_loss', 'value'] / 1000:.1f}bn.")"""))

A(md("""**Reading these numbers critically.**

* *Up to* $5.5bn was a ceiling announced six days after the letter; the charge booked was lower. A headline quoting the first number is not wrong, but it is not the cost.
* The **charge** (inventory and purchase commitments written down) is not lost **revenue**. The unshipped $2.5bn and the roughly $8bn in the Q2 outlook are revenue Nvidia *expected* and did not get: an outlook, not a result.
* The **15% revenue share** attached to the later licences was a reported deal; no regulation codified it, and Nvidia reported no H20 sales to China-based customers in the following quarter.
* Nvidia's "China" revenue comes on two bases: revenue **billed** to China (including Hong Kong), used up to fiscal 2025, and revenue from customers **headquartered** in China, used in its fiscal-2026 annual report with the two earlier years restated. The two differ by billions (notebook 04), and neither says where the chips are used. The chart in the widget below shows both."""))

A(md("""**Check the article.** The April 2025 commentary this course is built around says the US put an "indefinite" licence requirement on the H20 "on 15 April", and that Nvidia "may lose about 5.5 billion dollars; insiders say the real figure may exceed ten billion". Check both against the data:"""))

A(code("""h20_events = events[events["title"].str.contains(r"H20(?!0)", regex=True)]   # H20, not H200
display(h20_events[["date", "title", "grade", "source_id"]])
lost = f.loc["h20_revenue_unshipped", "value"] + f.loc["h20_outlook_loss", "value"]
print(f"H20 revenue not shipped in Q1 + H20 loss in the Q2 outlook = ${lost / 1000:.1f}bn (revenue, partly an outlook)")
print(f"Charge booked: ${f.loc['charge_recorded', 'value'] / 1000:.1f}bn (inventory and commitments written down)")"""))

A(md("""15 April is the day Nvidia *disclosed* the requirement; the government's letter came on 9 April and the "indefinite" wording on 14 April. The 5.5 billion was a ceiling on a **charge**; the "more than ten billion" matches the **revenue** Nvidia said it would miss (Q1 unshipped plus the Q2 outlook), a different measure, one part of which is a forecast. Both article figures can be traced, but they answer different questions."""))

A(md("""### Widget: what the licence requirement removed

Grey bars are Nvidia's disclosures. The coloured bars are a **what-if**: how much H20 revenue a quarter was at risk, for how many quarters, how much of that demand went to domestic chips for good, how much came back under licence, the fee paid on it, and how much of the rest was resold to customers outside China. The default quarterly figure is Nvidia's own Q2 outlook loss; the default resale share is the course's estimate from Nvidia's H20 sales outside China that quarter. This is a model for discussion, not a forecast."""))

A(md("""Questions for the widget: how large must the domestic share be before licences stop mattering? Move the fee slider from zero to its maximum: does it change the net loss as much as the share lost to domestic chips does? (The model assumes chips resold outside China fetch the same price: is that realistic for a China-only part?)"""))

A(code("""h20_panel = ecw.make_h20_panel()
h20_panel.show()"""))

A(md("""### Exercise 6 — estimate versus charge"""))
A(code("""ex = checks.exercise("01.h20-charge-gap")
ex"""))
A(code("""answer = None  # your answer in USD millions
ex.check(answer)"""))

A(md("""## 8. Discussion

1. **Who gains from rules drawn as bright lines?** A bright line (TPP 4,800) is easy to check and hard to argue with, so companies can design to it and sell legally; a vaguer standard would leave more to officials. Who benefits from each: Nvidia, its Chinese customers, Huawei, US officials?
2. **What did each redesign cost?** Compare the A800 (one link slowed), the H20 (a full-size die sold with about a seventh of the H100's dense compute) and the RTX 5090 D V2 (a quarter of the memory removed). Who paid: Nvidia's margins, Chinese buyers, or nobody?
3. The April 2025 thresholds were never published. What does it mean for a chipmaker, or a student, when a rule is known only from a company's email to its customers?
4. Beijing later summoned Nvidia over alleged security risks in the H20 and, by press reports, told Chinese firms to stop buying Nvidia's RTX Pro 6000D. How does a *buyer's* government change the what-if in section 7?"""))

A(md("""## 9. What we could not pin down

Chip rows graded C or worse: a single secondary source, sources that disagree, or figures the course had to calculate (E). Where two sources disagree, both rows give the same verdict under the 2023 rule wherever their figures allow a decision (the tests check this), but treat the exact numbers with care."""))

A(code("""ec.weak_rows()"""))

A(md("""## Summary

* **TPP** = dense TOPS × bit length (highest value); **performance density** = TPP ÷ logic-die area. The 2023 rule is a two-number test with a carve-out for chips not designed for data centres.
* Each rule drew a line and each China variant was **designed to sit just under it**: the A800/H800 under the 2022 interconnect prong, the H20/L20/RTX 4090 D under the 2023 compute and density lines, the RTX 5090 D V2 under the reported 2025 bandwidth line.
* The code reproduces every documented status in `export_status`, and refuses to guess when a figure is missing.
* Nvidia's H20 numbers mix an estimate ($5.5bn *up to*), a booked charge, unshipped revenue and an outlook; read which one a headline quotes. The April 2025 thresholds are reported, not published."""))

A(md("""## Sources

Every table this notebook used, from the course's source registry:"""))

A(code("""display(Markdown(data.sources_markdown(data.load("accelerators"), rules, status, h20_figures, events,
                                         ecw.nvidia_china_revenue())))"""))

A(md("""**Next:** [02 · What cheaper AI does to chip demand](02_deepseek_compute_demand.ipynb)."""))

for i, c in enumerate(cells):
    c.id = f"nb01-{i:03d}"          # stable ids: regenerating gives a clean diff
nb = new_notebook(cells=cells)
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
nb.metadata["language_info"] = {"name": "python"}
nbformat.validate(nb)
nbformat.write(nb, "notebooks/01_export_controls.ipynb")
print(len(cells), "cells")
