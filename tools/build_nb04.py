"""Write notebooks/04_multinational_exposure.ipynb (a script, so the notebook diffs stay readable).

Run: .venv/bin/python tools/build_nb04.py   (then execute it to check; it is written stripped,
with a python3 kernelspec and stable cell ids)
"""
import nbformat as nbf
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

cells = []
md = lambda s: cells.append(nbf.v4.new_markdown_cell(s.strip("\n")))
code = lambda s: cells.append(nbf.v4.new_code_cell(s.strip("\n")))

md(r"""
# 04 · Who depends on China? Multinational exposure, by what measure, and what a shock would cost

In April 2025, the article reports, Jensen Huang was in Beijing 48 hours after Washington put
Nvidia's H20 chip under an indefinite export-licence requirement. The article this course is built on lists other visitors that
spring: Apple's Tim Cook, Qualcomm's Cristiano Amon, Pfizer's Albert Bourla, Ray Dalio. This
notebook asks the question behind those trips: **how much do these companies depend on China,
and what does "China revenue" even mean in a company's accounts?**

**Learning objectives.** By the end you can

1. find and read the geography note of a [10-K](../docs/glossary.md#form-10-k), 20-F or annual report, and copy a figure from it correctly;
2. explain why "China revenue" means different things at different companies ([billing](../docs/glossary.md#billing-location) address,
   delivery address, the customer's fab, the customer's [headquarters](../docs/glossary.md#customer-headquarters); with or without Hong Kong
   and Taiwan), and spot a quarter or a [segment](../docs/glossary.md#segment) passed off as a company-year;
3. compute revenue at risk under a ban, a per-company shock, a tariff with a price elasticity and
   a multi-year decoupling path, and say what those numbers leave out;
4. tell revenue dependence from supply-chain dependence (where products are made).

**Time needed:** 60–90 minutes (about 45 without the optional exercises).

**Prerequisites:** notebook 00 (how the course's tables, grades and self-checks work) and a little
pandas (filtering rows, dividing two columns). Notebook 01 on export controls helps but is not required.
""")

md(r"""
**How to read the numbers here.** Every figure comes from the table `china_revenue` (or a
companion table) with a source and a grade: **A** we read the filing, **B** the filing quoted by
careful sources or several agree, **C** one secondary source, **D** unverified (never shown as a
fact), **E** an estimate with its method. Fiscal years are the company's own: Nvidia's "FY2025"
ended in January 2025, Apple's in September 2025.
""")

code(r"""
from utils import data, plotting, widgets, checks
from utils import exposure
from utils import exposure_widgets as xw
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle
import numpy as np
import pandas as pd
from IPython.display import Markdown, display

plotting.setup()
china = data.load("china_revenue")
regions = data.load("revenue_regions")
supply = data.load("supply_chain")
fx_table = data.load("fx_rates")
print(f"china_revenue: {len(china)} rows, {china['company'].nunique()} companies")
""")

# ---------------------------------------------------------------- 1. CEO visits
md(r"""
## 1. Why the CEOs keep coming

The article (April 2025) sums up the visits in one line: 今年以来，已有苹果CEO库克、高通CEO安蒙、辉瑞CEO布拉、桥水创始人达利欧等各界企业家来华访问
("since the start of the year, Apple CEO Cook, Qualcomm CEO Amon, Pfizer CEO Bourla, Bridgewater
founder Dalio and other business leaders have visited China"). It gives two reasons: the size of
the Chinese market, and China's [supply chain](../docs/glossary.md#supply-chain). The course's `timeline` table records the visits it
could source:
""")

code(r"""
if "timeline" in data.table_names():
    timeline = data.load("timeline")
    visits = timeline[timeline["category"] == "CEO visit"]
    when = np.where(visits["date_precision"] == "month", visits["date"].dt.strftime("%Y-%m"),
                    visits["date"].dt.strftime("%Y-%m-%d"))
    display(visits.assign(when=when)[["when", "actor", "title", "grade"]].reset_index(drop=True))
else:
    visits = None
    print("The timeline table is not in this copy of the course; the visits are listed in the article.")
""")

md(r"""
A visit is not a number, but the reasons behind it are. The rest of this notebook measures the
first reason (revenue from China) company by company, and touches the second (production in China)
for Apple and Tesla.
""")

# ---------------------------------------------------------------- 2. geography notes
md(r"""
## 2. Where "China revenue" comes from: the geography note

US-listed companies must say where their revenue comes from. The figure is in the notes to the
financial statements of the annual report (Form **10-K** for US companies, **20-F** for foreign
ones such as ASML), usually in a note called *Segment information* or *Revenue by geographic area*,
with quarterly updates in the 10-Q. Each company chooses how to assign a sale to a country, and
says so in one sentence. Some of those sentences, quoted from the filings (table
`geography_definitions`):
""")

code(r"""
quotes = data.load("geography_definitions")
lines = [f"* **{r.company}** ({r.document}; grade {r.grade}): *\"{r.quote}\"*"
         for r in quotes[quotes["topic"] == "definition"].itertuples()]
display(Markdown("\n".join(lines)))
""")

md(r"""
**Apple** reports **[Greater China](../docs/glossary.md#greater-china)** as a segment: mainland China, Hong Kong **and Taiwan**.

So "China" at Nvidia is where the customer is **billed**; at ASML where the **fab** stands; at
Qualcomm where the chips are **delivered**, often a phone factory in China working for a foreign
brand. Each company's label and basis, from the table:
""")

code(r"""
labels = {k: v for k, v in xw.BASIS_LABELS.items()}
latest_row = (china[china["scope"] == "company"].sort_values("fiscal_year")
              .groupby("company").tail(1).set_index("company").sort_index())
definitions = pd.DataFrame({
    "China means": latest_row["china_label"],
    "assigned by": latest_row["basis"].map(labels),
    "Hong Kong in?": latest_row["includes_hong_kong"].map({True: "yes", False: "no"}).fillna("not stated"),
    "Taiwan in?": latest_row["includes_taiwan"].map({True: "yes", False: "no"}),
    "latest row": latest_row["period_label"],
    "grade": latest_row["grade"],
})
definitions
""")

md(r"""
"Definition not verified" means we found a China figure but could not read the company's own
sentence saying how it assigns sales: treat those shares with extra care.

### Exercise 1: read a geography note

Below is ASML's geography note for 2023 and 2022 as the 20-F prints it (total net sales by the
location of the customers' facilities, € millions), rebuilt from the `revenue_regions` table.
""")

code(r"""
asml = regions[(regions["company"] == "ASML")]
note = asml.pivot_table(index="region", columns="fiscal_year", values="revenue", sort=False)
note = note[sorted(note.columns, reverse=True)]
note.columns = [f"{c} (€ m)" for c in note.columns]
order = list(asml.loc[asml["fiscal_year"] == asml["fiscal_year"].max(), "region"])
note.loc[order].style.format("{:,.1f}")
""")

code(r"""
ex = checks.exercise("04.asml-note")
ex
""")

code(r"""
answer = None  # your answer, in EUR millions
ex.check(answer)
""")

# ---------------------------------------------------------------- 3. heatmap
md(r"""
## 3. China's share, company by company and year by year

Each cell below is China's share of the company's revenue in a full fiscal year, on the
company's own definition (one definition per row, named in the row label). Cells marked **D**
are unverified leads: the value is kept out of the picture. A row's years are the company's
fiscal years, so a column does not line up exactly across companies.
""")

code(r"""
annual = exposure.china_shares(exposure.annual_rows(china))
annual = annual[annual["china_share"].notna()]
main_basis = annual.groupby("company")["basis"].agg(
    lambda s: s[s != "not_verified"].mode().iloc[0] if (s != "not_verified").any() else "not_verified")
heat = annual.assign(other=(annual["basis"] != annual["company"].map(main_basis)).astype(int))
heat = heat.sort_values(["other", "grade"]).groupby(["company", "fiscal_year"]).head(1)
years = list(range(heat["fiscal_year"].min(), heat["fiscal_year"].max() + 1))
order = (heat[heat["grade"] != "D"].sort_values("fiscal_year").groupby("company").tail(1)
         .sort_values("china_share", ascending=False)["company"].tolist())
order += sorted(set(heat["company"]) - set(order))

fig, ax = plotting.new_figure(9.5, 0.45 * len(order) + 1.4)
grid = np.full((len(order), len(years)), np.nan)
cmap = plt.get_cmap("Reds").with_extremes(bad="white")
for r in heat.itertuples():
    i, j = order.index(r.company), years.index(int(r.fiscal_year))
    if r.grade == "D":
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, hatch="///",
                                            edgecolor="#999999", lw=0))
        ax.text(j, i, "D", ha="center", va="center", fontsize=9, color="#555555")
    else:
        grid[i, j] = r.china_share
        flag = "*" if r.other else ""
        ax.text(j, i, f"{r.china_share:.0%}{flag}\n{r.grade}", ha="center", va="center", fontsize=8,
                color="white" if r.china_share > 0.35 else "#222222")
ax.imshow(np.ma.masked_invalid(grid), cmap=cmap, vmin=0, vmax=0.6, aspect="auto")
ax.set_xticks(range(len(years)), [str(y) for y in years])
ax.set_yticks(range(len(order)), [f"{c} ({labels[main_basis[c]]})" for c in order], fontsize=9)
ax.set_xlabel("company's fiscal year")
ax.grid(False)
plotting.show(fig, alt="Heatmap of China's share of revenue by company (rows) and fiscal year "
              "(columns), each cell labelled with the share and its grade; unverified cells hatched.",
              source=xw.short_source(heat[heat["grade"] != "D"]));
""")

md(r"""
A "*" after a share means that year's figure uses a different definition from the rest of the row
(Nvidia's fiscal 2026 is by customer headquarters, the only basis its fiscal 2026 10-K gives;
Texas Instruments' row is by headquarters, the definition with more years). The highest shares in the picture are Qualcomm's (chips delivered to
China), Applied Materials' and Intel's, all grade C; Apple and Nvidia, the companies in the
headlines, sit lower. The equipment makers Lam Research and KLA are only unverified leads (D).

The same data as a ranking, latest full year per company, with each company's definition beside
its bar:
""")

code(r"""
latest = (annual[annual["grade"] != "D"].sort_values(["fiscal_year", "grade"], ascending=[True, False])
          .groupby("company").tail(1).sort_values("china_share"))
fig, ax = plotting.new_figure(9.5, 0.42 * len(latest) + 1.2)
ax.barh(latest["company"], latest["china_share"], color=[
    plotting.PALETTE[0] if g in ("A", "B") else plotting.PALETTE[5] for g in latest["grade"]])
for y, r in enumerate(latest.itertuples()):
    ax.text(r.china_share + 0.005, y, f"{r.china_share:.0%}  {r.period_label} · {labels[r.basis]} · {r.grade}",
            va="center", fontsize=9)
ax.set_xlim(0, 0.95)
ax.xaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
ax.set_xlabel("China share of revenue (dark: grade A or B; light: grade C)")
ax.grid(axis="y", visible=False)
plotting.show(fig, alt="Ranked horizontal bars of China's share of revenue, latest fiscal year per "
              "company, labelled with period, definition and grade.", source=xw.short_source(latest));
""")

md(r"""
Two warnings before comparing bars. A 49% share at Texas Instruments (where products are
*shipped*) and a 15% share at Apple (where *customers* are) do not measure the same thing, and the
grade-C bars rest on one secondary source each. The next sections make both points concrete.
""")

# ---------------------------------------------------------------- 4. pitfalls
md(r"""
## 4. Three slips in the article, kept as data

The article gives three figures for Apple and Qualcomm. The table keeps each next to what it
should be compared with:
""")

code(r"""
pick = china[((china["company"] == "Apple") & china["period_label"].isin(["FY2024", "FY2025", "Q1 FY2025"]))
             | ((china["company"] == "Qualcomm") & china["period_label"].isin(["FY2024", "FY2024 QCT"]))]
exposure.china_shares(pick)[["company", "period_label", "period_type", "scope", "period_end",
                             "total_revenue", "china_revenue", "china_share", "grade", "note"]]
""")

md(r"""
1. **A quarter called a year.** "Apple's 2024 revenue $124.3bn, Greater China $18.513bn (14.9%)"
   are the figures of one quarter, October–December 2024. The fiscal year is three times larger,
   and its China share is different.
2. **A segment called a company.** "Qualcomm's fiscal 2024 revenue of nearly $33.2bn" is the QCT
   chip segment; the company's revenue was larger (licensing is the other part).
3. **A share traced only second-hand.** The "46% from China" matches a Reuters report (October
   2025) that China gave Qualcomm "roughly 46 percent of its total revenue in the 2024 fiscal year",
   but the course has not read it in the 10-K itself: grade **C**. So the share is of *total*
   revenue, not of the $33.2bn segment the article sets it beside. A secondary summary gives 46%
   for fiscal 2025 too (grade C; possibly the same figure relabelled). Either way it is a
   *delivery-location* share: chips delivered to phone factories in China, whoever owns the brand.

The helper `exposure.annual_rows` keeps only whole-company fiscal years, so the first two slips
cannot enter a calculation by accident.

### Exercise 2: a year, not a quarter
""")

code(r"""
ex = checks.exercise("04.apple-share")
ex
""")

code(r"""
answer = None  # your answer, in percent
ex.check(answer)
""")

md(r"""
### Exercise 3: which period?
""")

code(r"""
ex = checks.exercise("04.apple-period")
ex
""")

code(r"""
answer = None  # one of the choices, as a string
ex.check(answer)
""")

# ---------------------------------------------------------------- 5. Nvidia Singapore
md(r"""
## 5. The Nvidia puzzle: why is Singapore one of its biggest markets?

Nvidia's geography note assigned revenue to the **billing location** until fiscal 2025. In its
10-Q for the first quarter of fiscal 2026 it added a footnote on Singapore, which it said was 20%
of that quarter's revenue by billing location:
""")

code(r"""
sg = quotes[(quotes["company"] == "Nvidia") & (quotes["topic"] == "Singapore")].iloc[0]
display(Markdown(f"> *{sg.quote}*  \n> ({sg.document}; grade {sg.grade})"))
""")

md(r"""

So the China line is *China-billed* revenue, and the Singapore line is mostly *US* customers'
invoices. A chip billed to Singapore could in principle end up anywhere, which is why Singapore's
share drew questions about smuggling; Nvidia's footnote is its answer. China's billed share, from
the table:
""")

code(r"""
nv = exposure.china_shares(china[(china["company"] == "Nvidia") & (china["period_type"] == "fiscal_year")])
years = sorted(set(nv["fiscal_year"].astype(int)))
fig, ax = plotting.new_figure(8.5, 3.6)
for k, (basis, colour, label) in enumerate([
        ("billing_location", plotting.color_for("China"), "billed to China"),
        ("customer_headquarters", "#999999", "customer headquartered in China")]):
    part = nv[nv["basis"] == basis]
    xs = [years.index(int(y)) + (k - 0.5) * 0.4 for y in part["fiscal_year"]]
    ax.bar(xs, part["china_share"], width=0.38, color=colour, label=label)
    for x, r in zip(xs, part.itertuples()):
        ax.text(x, r.china_share + 0.005, f"{r.china_share:.0%}\n{r.grade}", ha="center", fontsize=8)
ax.set_xticks(range(len(years)), [f"FY{y}" for y in years])
ax.yaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
ax.set_ylim(0, 0.35)
ax.set_ylabel("China (incl. Hong Kong) share")
ax.set_xlabel("Nvidia fiscal year")
ax.legend(loc="upper right", fontsize=9)
ax.grid(axis="x", visible=False)
plotting.show(fig, alt="Bars of Nvidia's China share by fiscal year on two definitions: billed to China "
              "(falling from about a quarter to 13%) and customers headquartered in China (higher).",
              source=xw.short_source(nv));
""")

md(r"""
Nvidia's whole geography table for its latest full billing-location year, from the course's
`nvidia_revenue` table (rows marked unverified come from research notes, not from the filing):
""")

code(r"""
if "nvidia_revenue" in data.table_names():
    nvr = data.load("nvidia_revenue")
    year = int(nv.loc[nv["basis"] == "billing_location", "fiscal_year"].max())
    total = nvr.loc[(nvr["fiscal_year"] == year) & (nvr["breakdown"] == "total"), "revenue_usd_m"].iloc[0]
    geo = nvr[(nvr["fiscal_year"] == year) & (nvr["breakdown"] == "geography")
              & (nvr["reported_in"] == f"10-K FY{year}")]
    print(f"Nvidia fiscal {year}, revenue by billing location (table nvidia_revenue):")
    display(geo.assign(share=geo["revenue_usd_m"] / total,
                       status=np.where(geo["grade"] == "D", "unverified", ""))
            [["category", "revenue_usd_m", "share", "grade", "status"]]
            .sort_values("revenue_usd_m", ascending=False).reset_index(drop=True)
            .style.format({"revenue_usd_m": "{:,.0f}", "share": "{:.1%}"}))
else:
    geo = None
    print("The nvidia_revenue table (with the Singapore line) is not in this copy of the course.")
""")

md(r"""
Things to notice: the billed China share **fell** while China revenue in dollars **rose** (fiscal
2025 was a record, +66%), because revenue elsewhere grew faster. Then, in its fiscal 2026 10-K,
Nvidia switched to the customer's **headquarters** and recast two years: by that measure China
was a larger share of fiscal 2025 than by billing address (grey bars), because Chinese-owned
customers are also billed outside China. Neither measure shows where a chip is finally used.
""")

# ---------------------------------------------------------------- 6. supply chain
md(r"""
## 6. Revenue dependence is not supply-chain dependence

Apple gets about a sixth of its revenue from Greater China, but far more of its products are
**made** there. Tesla gets more than a fifth of its revenue from sales in China, and its Shanghai
factory delivers about half of all its cars (grade C). A ban on *selling* to China and a ban on *making* in China are different shocks.
""")

code(r"""
apple_rev = exposure.china_shares(china[(china["company"] == "Apple") & (china["period_label"] == "FY2025")]).iloc[0]
tesla_rev = exposure.china_shares(china[(china["company"] == "Tesla") & (china["period_label"] == "FY2023")]).iloc[0]
made = supply[supply["unit"].eq("fraction") & supply["location"].str.startswith("China")]
made = made.sort_values("year").groupby("company").tail(1).set_index("company")
rows = pd.DataFrame({
    "revenue from China": [apple_rev["china_share"], tesla_rev["china_share"]],
    "made in China": [made.loc["Apple", "value"], made.loc["Tesla", "value"]],
}, index=["Apple", "Tesla"])
what = {
    ("Apple", "revenue from China"): f"Greater China sales, {apple_rev['period_label']} ({apple_rev['grade']})",
    ("Apple", "made in China"): f"iPhones not assembled in India, {made.loc['Apple', 'period']}: upper bound ({made.loc['Apple', 'grade']})",
    ("Tesla", "revenue from China"): f"China sales, {tesla_rev['period_label']} ({tesla_rev['grade']})",
    ("Tesla", "made in China"): f"deliveries made in Shanghai, {made.loc['Tesla', 'period']} ({made.loc['Tesla', 'grade']})",
}
fig, ax = plotting.new_figure(9, 3.2)
y = np.arange(2)
for k, (col, colour) in enumerate([("revenue from China", plotting.PALETTE[0]),
                                    ("made in China", plotting.color_for("China"))]):
    pos = y * 1.0 + (0.2 if k == 0 else -0.2)
    ax.barh(pos, rows[col], height=0.36, color=colour, label=col)
    for p, company in zip(pos, rows.index):
        v = rows.loc[company, col]
        verb = "sold in" if col == "revenue from China" else "made in"
        ax.text(v + 0.01, p, f"{v:.0%} {verb} China: {what[(company, col)]}", va="center", fontsize=8.5)
ax.set_yticks(y, rows.index)
ax.set_xlim(0, 1.75)
ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
ax.xaxis.set_major_formatter(lambda v, _p: f"{v:.0%}")
ax.grid(axis="y", visible=False)
src = pd.concat([china[china["source_id"].isin([apple_rev["source_id"], tesla_rev["source_id"]])][["source_id", "grade"]],
                 made[["source_id", "grade"]]])
plotting.show(fig, alt="Paired bars for Apple and Tesla: share of revenue from China versus share of "
              "production in China, the production share being much larger for both.",
              source=xw.short_source(src, "china_revenue and supply_chain"));
""")

md(r"""
The Apple "made in China" bar is an **upper bound** (grade E): the course only has the share of
iPhones assembled in India (about one in seven in the year to March 2024, grade B); the rest is
mostly, not entirely, China. Tesla's filings do not even separate China in their list of
long-lived assets; Shanghai sits inside "Other international":
""")

code(r"""
supply[supply["unit"] == "USD millions"][["company", "period", "location", "value", "unit", "grade", "note"]]
""")

# ---------------------------------------------------------------- 7. stress test
md(r"""
## 7. What would a shock cost? The stress test

The model is one line, `exposure.revenue_at_risk(revenue, china_share, shock)`:

$$\text{revenue at risk} = \text{revenue} \times \text{China share} \times \text{fraction of China revenue lost}$$

Four ways to set the fraction lost:

* **uniform ban**: every company loses the same fraction (1 = it sells nothing more in China);
* **per-company shock**: one company is hit harder (an export licence revoked), the others lose the base fraction;
* **tariff**: China taxes the company's products at rate *t*. Buyers pay part *p* of it (pass-through)
  and cut purchases with price elasticity *ε*; the company keeps
  $(1 + p\,t)^{1-\varepsilon} / (1 + t)$ of its China revenue;
* **decoupling path** (section 8): China revenue shrinks a little every year.

The numbers are revenue, not profit, and they assume nothing is sold elsewhere instead. ASML's
euros are converted at a stated rate:
""")

code(r"""
fx = exposure.fx_rate(fx_table, kind="daily reference", on="2023-12-29")
latest_exp = exposure.latest_exposure(china, fx)
print(f"EUR→USD: {fx['rate']} USD per EUR, ECB reference rate of {fx['date']} (grade {fx['grade']}).")
latest_exp[["period_label", "currency", "revenue", "revenue_usd", "china_share", "basis", "grade", "fx_note"]]
""")

md(r"""
Move the controls. Try a full ban (size 100%), then a 25% tariff with elasticity 0.5 (buyers
have no substitute) and 3 (a domestic substitute exists). Which company is most exposed in
dollars, and which relative to its size?
""")

code(r"""
stress = xw.make_stress_panel(latest_exp, china, fx)
stress
""")

md(r"""
### Exercise 4: revenue at risk
""")

code(r"""
ex = checks.exercise("04.tesla-at-risk")
ex
""")

code(r"""
answer = None  # your answer, in US$ billions
ex.check(answer)
""")

md(r"""
### Exercise 5: a tariff is not a ban
""")

code(r"""
ex = checks.exercise("04.tariff")
ex
""")

code(r"""
answer = None  # your answer, in percent
ex.check(answer)
""")

# ---------------------------------------------------------------- 8. decoupling
md(r"""
## 8. Decoupling is a path, not a day

Bans make headlines; decoupling usually shows up as a share that shrinks year after year while
the rest of the business grows. Pick a company and a yearly decline: the dashed line is the same
company had China kept growing with the rest.
""")

code(r"""
path = xw.make_decoupling_panel(latest_exp, china, fx)
path
""")

# ---------------------------------------------------------------- 9. definitions
md(r"""
## 9. Definitions matter

The same sales can give very different China shares. Texas Instruments reports both the
location products are **shipped** to and the location of the customer's **headquarters**; Nvidia
switched from billing address to headquarters; ASML's China share of **system** sales (reported
with its results) differs from its share of **total** net sales (the 20-F note). Flip the
definition:
""")

code(r"""
defs = xw.make_definitions_panel(china)
defs
""")

md(r"""
Why would ship-to be twice the headquarters share at an analog-chip maker? A large part of the
world's electronics is assembled in China, often by factories working for foreign brands: the
chips are shipped to China, but the customer is headquartered elsewhere.

### Exercise 6: convert euros, and say with what
""")

code(r"""
ex = checks.exercise("04.asml-usd")
ex
""")

code(r"""
answer = None  # your answer, in US$ billions
ex.check(answer)
""")

# ---------------------------------------------------------------- discussion
md(r"""
## Discussion questions

1. Nvidia bills a fifth of its revenue to Singapore and says the products are almost always
   shipped elsewhere. What would you need, beyond the 10-K, to know how much Nvidia hardware ends
   up used by Chinese companies?
2. Qualcomm's China share counts chips delivered to phone factories in China, whatever the brand.
   If China banned Qualcomm chips in *Chinese-brand* phones only, would the 10-K share over- or
   understate the revenue at risk?
3. Apple depends on China more as a workshop than as a market. Which shock would hurt Apple more:
   a Chinese boycott of iPhones, or a US tariff on goods made in China? What in this notebook
   helps you argue, and what is missing?
4. The article counts CEO visits as a sign of dependence. Which companies in the heatmap would you
   expect to visit most, and does the list of visits match?
5. A share can fall while revenue rises (Nvidia, fiscal 2025). When is the share the right
   measure of dependence, and when is the dollar amount?
""")

# ---------------------------------------------------------------- below grade B
md(r"""
## Figures still below grade B

Every figure in this notebook graded C (one secondary source), D (unverified) or E (derived).
They need a primary filing before they are quoted as fact:
""")

code(r"""
weak = china[china["grade"].isin(["C", "D", "E"])][["company", "period_label", "grade", "source_id", "note"]]
weak_other = pd.concat([
    supply[supply["grade"].isin(["C", "D", "E"])].assign(period_label=supply["period"])[["company", "period_label", "grade", "source_id", "note"]],
    fx_table[fx_table["grade"].isin(["C", "D", "E"])].assign(company="EUR/USD rate", period_label=fx_table["rate_date"].dt.strftime("%Y-%m-%d"))[["company", "period_label", "grade", "source_id", "note"]],
])
pd.concat([weak, weak_other]).sort_values(["grade", "company"]).reset_index(drop=True)
""")

# ---------------------------------------------------------------- summary + sources
md(r"""
## Summary

* "China revenue" is whatever each company's geography note says it is: where the customer is
  billed (Nvidia, AMD), where products are delivered or shipped (Qualcomm, Texas Instruments),
  where the customer's fab is (ASML), where the sale is made (Tesla), or a segment that includes
  Taiwan and Hong Kong (Apple's Greater China). Compare shares only after reading the definition.
* Keep quarters, nine-month periods and segments out of company-year comparisons: two of the
  article's figures were a quarter and a segment.
* Revenue at risk = revenue × China share × fraction lost. A ban, a tariff (with an elasticity) and
  a slow decoupling give very different fractions; none of them is profit, and none counts sales
  won elsewhere.
* Revenue dependence and supply-chain dependence differ: Apple and Tesla make far more in China
  than they sell there.
* Several shares (Qualcomm, the equipment makers, Broadcom, Micron) are still grade C or D: the
  table above lists what remains to be checked in the filings.
""")

md(r"""
## Sources

Every source behind the tables used in this notebook, from the registry `data/sources.csv`:
""")

code(r"""
used = [china, regions, supply, fx_table]
used += [quotes] + [t for t in (visits, geo) if t is not None]
display(Markdown(data.sources_markdown(*used)))
""")

md(r"""
---
Next: **[05 · Capstone: fact-check the article](05_fact_check.ipynb)**. Back to **[00 · Start here](00_start_here.ipynb)**.
""")

nb = nbf.v4.new_notebook()
for i, c in enumerate(cells):
    c["id"] = f"nb04-{i:02d}"
nb.cells = cells
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
nb.metadata["language_info"] = {"name": "python"}
out = ROOT / "notebooks" / "04_multinational_exposure.ipynb"
nbf.write(nb, out)
print("wrote", out, len(cells), "cells")
