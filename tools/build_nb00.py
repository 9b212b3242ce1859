"""Write notebooks/00_start_here.ipynb (kept as a script so the notebook diffs stay readable).

Run: .venv/bin/python tools/build_nb00.py
"""

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parent.parent
md = new_markdown_cell
code = new_code_cell

cells = [
    md("""# 00 · Start here: AI chips, US export controls and China

*An open course in six notebooks. This one shows you the story, the data and how to use the course.*

**Learning objectives.** After this notebook you can:
1. run cells and use the course's what-if widgets;
2. tell the story of the April 2025 commentary the course is built on, and name the four topics it raises;
3. read Nvidia's revenue by market platform and by billing geography, and explain what "China revenue" means in Nvidia's filings;
4. judge a figure by its source and [confidence grade](../docs/glossary.md#confidence-grade), and find both for any number in the course.

**Time needed:** 30–45 minutes. **Prerequisites:** none. You only need to know how to read a chart; no Python is required to follow along, though each code cell is short and commented."""),
    md("""## The course at a glance

| # | notebook | time | what you will be able to do |
|---|---|---|---|
| 00 | **Start here** (this notebook) | 30–45 min | use the widgets; read the timeline and Nvidia's revenue mix; judge a figure by its grade |
| 01 | [Export controls: the rules as code](01_export_controls.ipynb) | 60–90 min | compute TPP and performance density; classify a chip under the 2022, 2023, 2025 and 2026 rules; explain why the A800, H800, H20 and RTX 4090D exist |
| 02 | [DeepSeek and compute demand](02_deepseek_compute_demand.ipynb) | 60–90 min | estimate a training run's compute and cost; read a log-scale trend; argue whether cheaper AI cuts or raises chip demand (the Jevons paradox) |
| 03 | [Domestic chip substitution](03_domestic_substitution.ipynb) | 60–90 min | compare Chinese and Nvidia accelerators; tell a market-share estimate from a fact; reason about what limits substitution |
| 04 | [Multinational China exposure](04_multinational_exposure.ipynb) | 60–90 min | read a 10-K geography note; explain why "China revenue" differs by definition; stress-test a company's exposure |
| 05 | [Capstone: fact-check the article](05_fact_check.ipynb) | 60–90 min | test every quantitative claim of the article against primary sources |

Work through them in order: each builds on the one before."""),
    md("""## How to use a notebook

* **Run a cell**: click it and press **Shift + Enter**. Run them in order, top to bottom. *Run → Run All Cells* runs everything.
* **If something looks stuck**: *Kernel → Restart Kernel and Run All Cells*. Nothing you do can damage the course's data.
* **Widgets**: sliders, dropdowns and buttons change a model's inputs; the numbers and the chart update at once. If a value is out of range, the panel says so in orange and uses the nearest allowed value. **Export scenario** saves the settings and results to the `scenarios/` folder so you can compare them in class.
* **Exercises** look like this: `ex = checks.exercise("00.…")` shows the question; put your answer in `answer = …`, then `ex.check(answer)` tells you whether it is right (and, if not, what went wrong); `ex.hint()` gives a hint; `ex.solution()` shows the worked answer.
* If a widget shows *"Error displaying widget"*, run `python -m utils.check_install` in a terminal: it says what is missing."""),
    md("""## The story: an April 2025 commentary

In mid-April 2025 a Chinese-language news commentary asked: **英伟达神话破灭，黄仁勋访华能"救火"吗?** — *"The Nvidia myth is broken: can Jensen Huang's China visit put out the fire?"* Its storyline, in brief:

1. Nvidia's chief executive Jensen Huang turned up in Beijing 48 hours after the US put Nvidia's **H20** chip under an "indefinite" export-licence requirement, his second China trip in three months.
2. Nvidia's [market value](../docs/glossary.md#market-value) had been falling since January: DeepSeek's cheap, capable model *"颠覆了AI行业'算力即一切'的逻辑"* — "overturned the AI industry's logic that 'compute is everything'" — and tariff and export-control news followed.
3. The H20, designed to fit under earlier US rules, was now blocked, and Nvidia booked a charge.
4. *"中国芯片不会'原地等待'"* — "Chinese chips will not 'wait in place'": car makers design their own driving chips; Huawei's Ascend and other domestic accelerators race to replace Nvidia, so that firms are not *[卡脖子](../docs/glossary.md#chokepoint)* ("choked by the neck").
5. US multinationals — Nvidia, Apple, Qualcomm, Tesla — earn much of their revenue in China and depend on its supply chains, so their chief executives keep visiting.

The article is full of numbers: share prices, revenue, market shares, chip performance. **Some are right, some are mislabelled, and some cannot be traced.** This course teaches you to tell which, from primary sources. (Quotations are short and attributed; the article itself is not reproduced.)"""),
    md("""## Setting up

The first code cell of every notebook loads the course's helpers and sets the house style (readable fonts, colour-blind-safe colours, Chinese characters supported)."""),
    code("""from utils import data, plotting, checks
from utils import start_here

plotting.setup()"""),
    md("""## The timeline, 2019–2026

Every event below comes from the `timeline` table: a date, who acted, what happened, a source and a grade. Use the explorer to filter by actor and zoom into years: for example, pick only *US government* and *Chinese government* to see action and reaction, or zoom into 2025 to see the weeks the article describes."""),
    code("""events = data.load("timeline")
timeline_panel = start_here.make_timeline_panel(events)
timeline_panel"""),
    md("""Notice how the US actions come in waves (2019–20 on Huawei, October 2022, October 2023, December 2024–January 2025, April 2025, January 2026) and how each wave is followed by new Nvidia products designed for China and by Chinese countermeasures. Notebook 01 turns those rules into code."""),
    md("""## Nvidia's revenue: how big is China, and by what measure?

Nvidia reports revenue two ways in its annual report (Form 10-K): by **market platform** (Data Center, Gaming, …) and by **geography**. The geography is the **[billing location](../docs/glossary.md#billing-location)** of the customer — where the invoice goes — which is not necessarily where the chips are used. Use the panel to move through the fiscal years. (Nvidia's [fiscal year](../docs/glossary.md#fiscal-year) ends in late January: fiscal 2025 is roughly calendar 2024.)"""),
    code("""revenue = data.load("nvidia_revenue")
mix_panel = start_here.make_revenue_panel(revenue)
mix_panel"""),
    md("""The same figures over time: Data Center grew from a minority of revenue to almost all of it, while the share billed to China (including Hong Kong) fell from about a quarter to about an eighth, even as the dollar amount rose more than sixfold."""),
    code("""import matplotlib.pyplot as plt

fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2), layout="constrained")
mix = start_here.latest_reporting(revenue)
platform = mix[mix["breakdown"] == "platform"].pivot_table(
    index="fiscal_year", columns="category", values="revenue_usd_m", aggfunc="sum")
platform = platform[[c for c in start_here.PLATFORM_ORDER if c in platform.columns]] / 1000
platform.plot.bar(stacked=True, ax=ax1, width=0.75, rot=0,
                  color=[plotting.color_for(c) for c in platform.columns])
ax1.set_xlabel("fiscal year")
ax1.set_ylabel("revenue, USD billions")
ax1.legend(fontsize=9, loc="upper left")

china = start_here.china_share_by_year(revenue)
ax2.plot(china["fiscal_year"], china["share"] * 100, marker="o", color=plotting.color_for("China"))
for _, row in china.iterrows():
    ax2.annotate(f"${row['revenue_usd_m'] / 1000:.1f}bn", (row["fiscal_year"], row["share"] * 100),
                 textcoords="offset points", xytext=(0, 8), ha="center", fontsize=9)
ax2.set_xlabel("fiscal year")
ax2.set_ylabel("China incl. Hong Kong, % of revenue")
ax2.set_ylim(0, china["share"].max() * 100 * 1.3)
plotting.show(fig, source=revenue,
              alt="Left: Nvidia revenue by platform by fiscal year, stacked bars, Data Center "
                  "dominating from fiscal 2024. Right: the share of revenue billed to China "
                  "falling from about a quarter to about an eighth.")"""),
    md("""**Read with care.** "Billed to China" is not "used in China": Nvidia's Q1 fiscal-2026 report notes that customers "use Singapore to centralize invoicing while our products are almost always shipped elsewhere". And a company can change its basis: see the notes column of the table (below) and notebook 04."""),
    code("""china_rows = revenue[revenue["category"] == "China (including Hong Kong)"]
china_rows[["fiscal_year", "revenue_usd_m", "basis", "reported_in", "grade", "note"]]"""),
    md("""## Every number has a source and a grade

The course never types a figure into a notebook. Figures live in tables in `data/`, and every row names its **source** (an id in `data/sources.csv`: title, publisher, web address, dates, licence) and a **confidence grade**:

| grade | meaning |
|---|---|
| **A** | primary document read: the 10-K, the Federal Register, a technical report, a datasheet |
| **B** | the primary document quoted word-for-word by a careful secondary source, or several reputable reports agree |
| **C** | a single secondary source, or sources that disagree (both rows are kept) |
| **D** | unverified: shown only with that label, never as a fact |
| **E** | an estimate or a figure derived by the course or an analyst (the note says how) |

`data.load(name)` checks each table against its schema before you see it: column types, units, allowed values, and that every source id resolves. Here is what the course's tables contain, and how their rows are graded:"""),
    code("""grades = data.grade_summary()
grades"""),
    code("""fig, ax = plt.subplots(figsize=(9, 0.42 * len(grades) + 1.2), layout="constrained")
grade_cols = [g for g in data.GRADES if g in grades.columns]
grades[grade_cols].plot.barh(stacked=True, ax=ax, width=0.7,
                             color=[plotting.PALETTE[i] for i in (2, 0, 1, 3, 4)][:len(grade_cols)])
ax.invert_yaxis()
ax.set_xlabel("rows")
ax.set_ylabel("")
ax.legend(title="grade", ncols=len(grade_cols), loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=9)
plotting.show(fig, source="Source: the course's own tables in data/ (counts of rows by grade).",
              alt="Stacked horizontal bars: for each course table, how many rows have grade A, B, C, D and E.")"""),
    md("""To see what a column means and its unit, ask the table's description; to see where a figure comes from, look up its source id:"""),
    code("""data.describe("nvidia_revenue")"""),
    code("""data.sources_for(china_rows)[["publisher", "title", "published", "url"]]"""),
    md("""## Exercises

Each exercise checks your answer against the course data. Replace `None` with your answer (a number) and run the cell."""),
    md("""### Exercise 1 — China's share of Nvidia's revenue"""),
    code("""ex1 = checks.exercise("00.china-share-fy2025")
ex1"""),
    code("""answer = None  # your answer, in percent
ex1.check(answer)"""),
    md("""### Exercise 2 — check the article's growth rate"""),
    code("""ex2 = checks.exercise("00.china-growth-fy2025")
ex2"""),
    code("""answer = None  # your answer, in percent
ex2.check(answer)"""),
    md("""### Exercise 3 — how much of the timeline is less than certain?"""),
    code("""ex3 = checks.exercise("00.timeline-below-b")
ex3"""),
    code("""answer = None  # a whole number
ex3.check(answer)"""),
    md("""Stuck? `ex1.hint()` gives a hint; `ex1.solution()` shows the answer and the code that computes it.

### Discussion

* Nvidia's China share fell while its China revenue rose. Which of the two numbers would a Chinese commentator quote, and which would a US policymaker quote? Why?
* If a customer in Singapore buys chips that end up in China, where should the revenue count? Who decides?"""),
    md("""## Summary

* The course follows one April 2025 commentary into four topics: **[export controls](../docs/glossary.md#export-controls)**, **DeepSeek and [compute demand](../docs/glossary.md#compute)**, **[domestic substitution](../docs/glossary.md#domestic-substitution)** and **multinationals' China exposure**.
* The widgets run small, tested models; move them, read the numbers, export a scenario for class discussion.
* Nvidia's revenue is now mostly Data Center; the share billed to China fell from about a quarter (fiscal 2020) to about an eighth (fiscal 2025), on a billing-location basis that is not where chips are used.
* Every number in the course comes from a table with a source and a grade. Check the grade before you repeat a figure.

**Next:** [01 · Export controls: the rules as code](01_export_controls.ipynb)."""),
    md("""## Sources

The sources behind this notebook's tables (from `data/sources.csv`):"""),
    code("""from IPython.display import Markdown

Markdown(data.sources_markdown(events, revenue))"""),
]

for i, cell in enumerate(cells):  # stable ids keep the notebook's diffs small
    cell["id"] = f"nb00-{i:02d}"

nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"},
    "language_info": {"name": "python"},
})
out = ROOT / "notebooks" / "00_start_here.ipynb"
nbformat.write(nb, out)
print("wrote", out)
