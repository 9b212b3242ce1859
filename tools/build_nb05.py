"""Write notebooks/05_fact_check.ipynb (a script, so the notebook diffs stay readable).

Run: .venv/bin/python tools/build_nb05.py   (written stripped, python3 kernelspec, stable cell ids)
"""
import nbformat as nbf
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

cells = []
md = lambda s: cells.append(nbf.v4.new_markdown_cell(s.strip("\n")))
code = lambda s: cells.append(nbf.v4.new_code_cell(s.strip("\n")))
G = "../docs/glossary.md"

md(rf"""
# 05 · Capstone: fact-check the article

The course began with a Chinese news commentary of April 2025, 英伟达神话破灭，黄仁勋访华能"救火"吗?
("The Nvidia myth is broken: can Jensen Huang's China visit put out the fire?"). It is full of
numbers. Some are right, some are a true figure with the wrong label, some cannot be traced, and
one is simply wrong. In this notebook you **[fact-check]({G}#fact-check)** (事实核查) all thirteen of
its quantitative claims against the course's own tables, then check a claim from an article of
your choice the same way, and finally put the four topics of the course together in one scenario.

**Learning objectives.** By the end you can

1. turn a sentence into a checkable claim: the figure, its unit, its label (year or quarter,
   company or segment, date and actor) and the rounding its words allow;
2. find the row of a sourced table that the claim must match, and say how good that row is (its
   grade);
3. give a verdict that follows from the rows (confirmed, [mislabelled]({G}#mislabelled),
   outdated, [unverifiable]({G}#unverifiable) or wrong), not from your opinion of the article;
4. explain how export controls, redesigned chips, Nvidia's China revenue, domestic substitution
   and multinationals' exposure connect.

**Time needed:** 60–90 minutes (45 minutes: Part 1, two exercises of Part 2 and the claim checker;
Parts 3 and 4 as homework).

**Prerequisites:** notebooks 00–04 (the claims use their tables; each claim says which notebook
teaches its evidence). You need to filter a pandas table and divide two numbers.

**Key terms · 术语:** fact-check 事实核查 · verdict 结论 · mislabelled 张冠李戴 · unverifiable
无法核实 · primary source 一手资料 · export controls 出口管制 · domestic substitution 国产替代 ·
chokepoint 卡脖子 · compute 算力. Every term is in the [glossary](../docs/glossary.md).
""")

code(r"""
from utils import data, plotting, widgets, checks
from utils import claims, glossary
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

plotting.setup()
claim_table = claims.claims()
evidence = claims.evidence()
print(f"{len(claim_table)} claims, {len(evidence)} evidence references into "
      f"{evidence['table'].dropna().nunique()} course tables")
""")

md(r"""
## 1. The claims, and what a verdict means

Here are the article's claims, in its words (short quotations) and in English. The verdicts are
hidden for now.
""")

code(r"""
claim_table[["claim_id", "topic", "notebook", "claim_zh", "claim_en"]].style.hide(axis="index")
""")

md(r"""
A **verdict** must follow from sourced rows. The course uses five, from the best to the worst
news for the article:

| verdict | 中文 | it means |
|---|---|---|
| **confirmed** | 属实 | the figure matches a sourced row (grade A–C) within the rounding the claim's words allow, with the same label |
| **unverifiable** | 无法核实 | no row of grade A–C supports or contradicts it: no source found, or only an unverified lead (grade D) |
| **outdated** | 已过时 | the figure matched the latest source when the article was written, but a later sourced figure replaced it |
| **mislabelled** | 张冠李戴 | the figure matches a sourced row, but that row is something else (a quarter, not a year; a segment, not the company; a disclosure date, not the decision date) |
| **wrong** | 错误 | the sourced row differs from the claim beyond its rounding |

A claim with several parts gets the **most severe** verdict of its parts, in this order: wrong,
mislabelled, outdated, unverifiable, confirmed. How much rounding a word allows is written down
before looking: "nearly 40%" is 35% to 40%, "about 90%" is 87.5% to 92.5%, "$5.5bn" is
$5.45–5.55bn.

Each claim's evidence is stored as references into the course tables (`data/claim_evidence.csv`):
a table, a row selector such as `fiscal_year=2025;breakdown=total`, a column, and sometimes a
second row to divide by. `utils.claims` resolves them, and the course's tests check that every
reference finds exactly one row and that every verdict is the one the rules give.
""")

# ---------------------------------------------------------------- Part 1 guided
md(r"""
## 2. Part 1, guided: three claims, three verdicts

### Claim 10: Nvidia's China revenue (notebook 00)

> 根据英伟达2025财年财报,其2024年全年营收为1305亿美元,其中,中国区营收为171.08亿美元,比上一年增长66%,达到史上最高,占总营收的13.1%。
> (the article, April 2025)

Four figures: revenue, China revenue, growth, share. Nvidia's **[fiscal year](../docs/glossary.md#fiscal-year)**
2025 ended on 26 January 2025, so "2024" is a fair label. Find the rows in `nvidia_revenue`:
""")

code(r"""
rev = data.load("nvidia_revenue")
china_rows = rev[(rev["breakdown"] == "geography") & (rev["category"] == "China (including Hong Kong)")]
total_rows = rev[rev["breakdown"] == "total"]
fy = china_rows.merge(total_rows[["fiscal_year", "revenue_usd_m"]], on="fiscal_year", suffixes=("", "_total"))
fy = fy.drop_duplicates("fiscal_year", keep="last").sort_values("fiscal_year")
fy["china_share_pct"] = fy["revenue_usd_m"] / fy["revenue_usd_m_total"] * 100
fy["growth_pct"] = fy["revenue_usd_m"].pct_change() * 100
fy[["fiscal_year", "revenue_usd_m", "revenue_usd_m_total", "china_share_pct", "growth_pct", "grade", "reported_in"]].round(1)
""")

code(r"""
fig, ax = plotting.new_figure(7.5, 3.4)
colors = [plotting.color_for("Nvidia") if y == fy["fiscal_year"].max() else "#bbbbbb" for y in fy["fiscal_year"]]
ax.bar(fy["fiscal_year"].astype(str), fy["revenue_usd_m"] / 1000, color=colors)
for x, v, s in zip(fy["fiscal_year"].astype(str), fy["revenue_usd_m"] / 1000, fy["china_share_pct"]):
    ax.text(x, v, f"{v:.1f}bn\n{s:.1f}%", ha="center", va="bottom", fontsize=8)
ax.set_ylabel("China (incl. Hong Kong), USD bn")
ax.set_xlabel("Nvidia fiscal year (billing location of the customer)")
ax.set_ylim(0, fy["revenue_usd_m"].max() / 1000 * 1.3)
plotting.show(fig, alt="Bar chart of Nvidia's revenue billed to China including Hong Kong by fiscal "
              "year, with its share of total revenue; the latest year is highlighted.", source=fy)
""")

md(r"""
All four figures match rows graded A or B, within the rounding of the article's words: the
claim is **confirmed**. Two cautions you would add in a class: this is revenue *billed* to China
(chips bought through Singapore are counted elsewhere), and Nvidia's later 10-K, which assigns
revenue by the customer's headquarters, gives a larger China figure for the same year. The
stored evidence, resolved:
""")

code(r"""
claims.evidence_table(10)
""")

md(r"""
### Claim 11: Apple's "2024" (notebook 04)

> 以苹果为例,2024年其营收为1243亿美元,其中,大中华区收入为185.13亿美元,占总收入的14.9%。
> (the article)

The `china_revenue` table keeps quarters and years as separate rows, with a `period_type` column
so that one is never mistaken for the other:
""")

code(r"""
china_rev = data.load("china_revenue")
apple = china_rev[china_rev["company"] == "Apple"].copy()
apple["share_pct"] = apple["china_revenue"] / apple["total_revenue"] * 100
apple[["period_label", "period_type", "period_end", "total_revenue", "china_revenue", "share_pct", "grade"]].round({"share_pct": 1})
""")

code(r"""
show = apple[apple["fiscal_year"].isin([2024, 2025])]
fig, ax = plotting.new_figure(7.5, 3.2)
bar_colors = [plotting.PALETTE[1] if t == "quarter" else plotting.PALETTE[0] for t in show["period_type"]]
ax.barh(show["period_label"] + " (" + show["period_type"] + ")", show["total_revenue"] / 1000, color=bar_colors)
for y, (v, s) in enumerate(zip(show["total_revenue"] / 1000, show["share_pct"])):
    ax.text(v, y, f" {v:.1f}bn, Greater China {s:.1f}%", va="center", fontsize=8)
ax.set_xlim(0, show["total_revenue"].max() / 1000 * 1.6)
ax.set_xlabel("Apple revenue, USD bn")
plotting.show(fig, alt="Apple's revenue and Greater China share for two quarters and two fiscal "
              "years; the article's figures equal the October-December 2024 quarter.", source=show)
""")

md(r"""
The article's three figures are exactly the **quarter** that ended on 28 December 2024 (Apple's
first quarter of fiscal 2025). Right numbers, wrong label: **mislabelled**. (Notebook 04's
exercise 04.apple-share computed the full year's Greater China share.) Now you: how much larger
is the year than the quarter?
""")

md(r"""
**Exercise 05.apple-year-vs-quarter.**
""")

code(r"""
ex = checks.exercise("05.apple-year-vs-quarter")
ex
""")

code(r"""
answer = None  # your answer: how many times
ex.check(answer)
""")

md(r"""
### Claim 3: the H20 charge (notebook 01)

> 毕竟,受出口管制影响,英伟达或会因交付违约而面临约55亿美元的损失,但据知情人士透露,实际受影响金额可能超过 100 亿美元。
> (the article)

When the article was written, Nvidia had announced (8-K, 15 April 2025) charges of "up to
approximately" $5.5bn. Six weeks later it reported what it actually booked. The `nvidia_h20`
table has both, and the H20 revenue it said it lost:
""")

code(r"""
h20 = data.load("nvidia_h20")
h20_show = h20[h20["metric"].isin(["charge_estimate", "charge_recorded", "h20_revenue_unshipped", "h20_outlook_loss"])]
h20_show[["date", "fiscal_period", "metric", "value", "unit", "grade"]]
""")

code(r"""
fig, ax = plotting.new_figure(7.5, 3.0)
labels = {"charge_estimate": "charge estimated (15 Apr)", "charge_recorded": "charge booked (28 May)",
          "h20_revenue_unshipped": "H20 revenue not shipped, Q1", "h20_outlook_loss": "H20 revenue lost, Q2 outlook"}
vals = h20_show.set_index("metric")["value"] / 1000
ax.barh([labels[m] for m in vals.index], vals.values,
        color=[plotting.PALETTE[2] if "charge" in m else plotting.PALETTE[0] for m in vals.index])
for y, v in enumerate(vals.values):
    ax.text(v, y, f" {v:.1f}bn", va="center", fontsize=9)
ax.invert_yaxis()
ax.set_xlim(0, vals.max() * 1.25)
ax.set_xlabel("USD bn")
plotting.show(fig, alt="The H20 charge Nvidia estimated in April 2025 and the smaller charge it "
              "booked in May, beside the H20 revenue it said it could not ship.", source=h20_show)
""")

md(r"""
The $5.5bn was right when written and was then replaced by the $4.5bn actually booked: the first
part is **outdated**. The "more than $10bn" fits the H20 *revenue* lost over two quarters
(2.5 + 8.0), which is a loss of sales, not a charge. The claim's verdict is the most severe of its
parts: **outdated**.
""")

code(r"""
claims.evidence_table(3)
""")

# ---------------------------------------------------------------- Part 2 on your own
md(r"""
## 3. Part 2, on your own: the other claims

Work through these with the tables; each exercise checks your answer and explains the common
slips. Then use the **claim checker** below for every claim: study the evidence, record your
verdict, and only then see the course's.

**Exercise 05.nvda-drawdown** (claim 1: "down nearly 40% from the January high of 153.1").
The figures are in `fact_check_figures`, a small table of landmarks that no topic notebook needed.
""")

code(r"""
figures = data.load("fact_check_figures")
figures[["figure_id", "date", "measure", "value", "unit", "grade"]]
""")

code(r"""
ex = checks.exercise("05.nvda-drawdown")
ex
""")

code(r"""
answer = None  # your answer, in percent
ex.check(answer)
""")

md(r"""
**Exercise 05.thor-vs-orin** (claim 6: "Thor will be more than 60 times as powerful as Orin").
Orin-X's figure is in `carmaker_chips` (notebook 03); Thor's in `fact_check_figures`.
""")

code(r"""
ex = checks.exercise("05.thor-vs-orin")
ex
""")

code(r"""
answer = None  # your answer: how many times
ex.check(answer)
""")

md(r"""
**Exercise 05.verdict-qualcomm** (claim 12, notebook 04). Look at Qualcomm's rows first:
""")

code(r"""
china_rev[china_rev["company"] == "Qualcomm"][["period_label", "scope", "total_revenue", "china_share_reported", "grade", "note"]]
""")

code(r"""
ex = checks.exercise("05.verdict-qualcomm")
ex
""")

code(r"""
answer = None  # one of: confirmed, mislabelled, outdated, unverifiable, wrong
ex.check(answer)
""")

md(r"""
**Exercise 05.verdict-h20-date** (claim 2, notebook 01). The `timeline` table around the date:
""")

code(r"""
timeline = data.load("timeline")
around = timeline[(timeline["date"] >= "2025-04-09") & (timeline["date"] <= "2025-04-17")]
around[["date", "actor", "actor_group", "category", "title", "grade"]]
""")

code(r"""
ex = checks.exercise("05.verdict-h20-date")
ex
""")

code(r"""
answer = None  # one of: confirmed, mislabelled, outdated, unverifiable, wrong
ex.check(answer)
""")

md(r"""
### The claim checker

Pick a claim. The picture shows, for each part, where the course's value sits relative to the
article's (1 = the same figure; a part with no sourced row is marked so). Decide, then record your
verdict with the buttons: the course's verdict and its explanation appear only then. Choosing
another claim hides the verdict again. Claims 4, 5, 7, 8, 9 and 13 have no exercise above: do
them here.
""")

code(r"""
checker = claims.make_claim_checker()
checker.widget
""")

md(r"""
To see the evidence behind a claim as a table (after you have recorded your verdict), run
`claims.evidence_table(n)`; for example the driving-chip claim:
""")

code(r"""
claims.evidence_table(5)
""")

md(r"""
**Discussion (pause here in class).** Claim 5's Orin-X figures match a broker's report, but the
Tesla and Huawei shares do not appear in any series we could find. Is it fair to call the whole
claim "unverifiable" when half of it checks out? What would you need to upgrade it? And claim 1's
"over a trillion lost" depends on the starting day: from the record close of 6 January about
$1.19 trillion was lost by 21 April, but from 22 January (the date one report used) only
$0.97 trillion, just inside the 5% tolerance. Which start does the article's "January high" imply?
Where would you draw the line, and why must the line be drawn before looking?
""")

# ---------------------------------------------------------------- Part 3 second article
md(r"""
## 4. Part 3: a claim from a second article

Find a recent article (Chinese or English) about AI chips, export controls or one of the
companies in the course, and pick **one quantitative claim**. Then:

1. write the claim down with its figure, unit and label (year? quarter? segment? which China?);
2. decide the rounding its words allow, *before* looking;
3. find the row in a course table (or a filing you read yourself, with a source and a grade);
4. run `claims.check_my_claim` and write two sentences explaining the verdict.

A worked example, with a claim a news report might make: "Nvidia's automotive revenue grew 55%
in fiscal 2025".
""")

code(r"""
example = claims.check_my_claim(
    55, "nvidia_revenue", "fiscal_year=2025;breakdown=platform;category=Automotive", "revenue_usd_m",
    op="change", den_selector="fiscal_year=2024;breakdown=platform;category=Automotive",
    comparison="approx", tolerance=0.5)
example
""")

md(r"""
Your claim. Leave `table` empty if no course table has the figure: the verdict will be
"unverifiable" until you find a source (add it to a table of your own, with a `source_id` and a
grade, as the course does).
""")

code(r"""
my_claim = dict(
    stated=None,        # the figure your article gives
    table="",           # a course table, e.g. "china_revenue"
    selector="",        # e.g. "company=Apple;period_label=FY2025"
    column="",          # e.g. "china_revenue"
)
if my_claim["stated"] is None:
    print("Fill in my_claim above, then run this cell again.")
else:
    display(claims.check_my_claim(**my_claim))
""")

# ---------------------------------------------------------------- Part 4 synthesis
md(rf"""
## 5. Part 4: how the four topics connect

The article jumps from Huang's suit to driving chips to Apple. The course's topics form one chain:

1. **[Export controls]({G}#export-controls)** (出口管制, notebook 01) set thresholds on
   [TPP]({G}#tpp) and performance density;
2. Nvidia **redesigns chips** to sit under each line (the H20, a
   [China-specific chip]({G}#china-specific-chip)), until a
   [licence requirement]({G}#licence-requirement) catches the redesign too (April 2025);
3. that moves **Nvidia's China revenue** (notebook 00), already shaped by where customers are
   billed;
4. Chinese buyers turn to **[domestic substitution]({G}#domestic-substitution)** (国产替代,
   notebook 03), limited by wafers, [yield]({G}#yield) and [HBM]({G}#hbm), the
   [chokepoints]({G}#chokepoint) (卡脖子) of the supply chain, and pushed by procurement mandates;
5. and every multinational's **[revenue exposure]({G}#revenue-exposure)** to China (notebook 04)
   depends on which of these forces reaches its products. The demand side (notebook 02, the
   [compute]({G}#compute) 算力 that models need) sets how large the market is.

The panel below runs that chain with the course's own models: the rules decide the best chip
Nvidia may sell each year (notebook 01's classifier), the supply model of notebook 03 splits
China's demand between Nvidia, domestic chips and unmet demand, and Nvidia's China revenue at
risk is read as exposure (notebook 04). It is an illustration with stated assumptions, not a
forecast.
""")

code(r"""
synthesis = claims.make_synthesis_panel()
synthesis.widget
""")

md(r"""
**Try:** the strict path (April 2025 rules stay) against "as announced"; then set "share
licensed & bought" to zero for the announced path (what China's own customs block on the H200 in
January 2026 would mean). Which single setting moves Nvidia's revenue at risk the most? Which
moves the domestic share the most? Why are they not the same setting?

**Discussion.** The article ends by saying Chinese firms "do not fear technology blockades" and
that multinationals "balance many interests". After checking its numbers, which of its
conclusions still stand, and which rested on a mislabelled or untraceable figure?
""")

# ---------------------------------------------------------------- closing
md(r"""
## 6. Closing note: every claim's verdict

The course's verdicts, computed from the evidence rows (the same function the tests run):
""")

code(r"""
summary_table = claims.summary()
summary_table.style.hide(axis="index")
""")

code(r"""
counts = summary_table["verdict"].value_counts().reindex(claims.VERDICTS, fill_value=0)
fig, ax = plotting.new_figure(6.5, 2.6)
ax.barh(counts.index, counts.values, color=[claims.VERDICT_COLORS[v] for v in counts.index])
for y, v in enumerate(counts.values):
    ax.text(v, y, f" {v}", va="center")
ax.invert_yaxis()
ax.set_xlabel("number of claims")
ax.set_xlim(0, counts.max() + 1.5)
plotting.show(fig, alt="How many of the article's thirteen claims the course finds confirmed, "
              "mislabelled, outdated, unverifiable and wrong.", source=claim_table)
""")

md(r"""
Any term of the course can be looked up in English or Chinese, here or in the
[glossary](../docs/glossary.md):
""")

code(r"""
glossary.lookup("事实核查")
""")

md(r"""
## Summary

* A claim is checkable only once its figure, unit, label and allowed rounding are written down.
* Most of the article's figures exist somewhere; the commonest fault is the **label**: a quarter
  given as a year (Apple), a chip segment given as the company (Qualcomm), a disclosure date given
  as the decision date (the H20), an estimate that a later filing replaced ($5.5bn).
* Some figures cannot be traced at all (a "Nanjing University test", Tesla's and Huawei's
  driving-chip shares, a 2023 Cook quote): "unverifiable" is a verdict, not a failure.
* One figure is simply wrong: by the announced figures Thor is about 8 times Orin, not "more
  than 60 times".
* Export rules, chip redesigns, Nvidia's China revenue, domestic substitution and multinationals'
  exposure are one chain: a change at one end shows up at the other.

Terms of this notebook are in the [glossary](../docs/glossary.md) (术语表); in code,
`glossary.lookup("事实核查")` looks a term up in English or Chinese (as above).
""")

md(r"""
## Sources

Every source behind the rows the fact-check uses, from the registry `data/sources.csv`:
""")

code(r"""
used_ids = set(claim_table["source_id"]) | set(evidence["source_id"]) | set(figures["source_id"])
for _, ev in evidence.iterrows():
    resolved = claims.resolve(ev)
    used_ids |= set(resolved.sources)
display(Markdown(data.sources_markdown(sorted(used_ids))))
""")

md(r"""
---
Back to **[00 · Start here](00_start_here.ipynb)**. Teachers: the answers, lesson plans and common
mistakes are in `docs/instructor_guide.md`.
""")

nb = nbf.v4.new_notebook()
for i, c in enumerate(cells):
    c["id"] = f"nb05-{i:02d}"
nb.cells = cells
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
nb.metadata["language_info"] = {"name": "python"}
out = ROOT / "notebooks" / "05_fact_check.ipynb"
nbf.write(nb, out)
print("wrote", out, len(cells), "cells")
