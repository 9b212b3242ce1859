"""Exercises of notebook 00 (start here). Answers are computed from the course data."""

from .. import data
from ..checks import Exercise, Mistake, Worked, register, register_quiz
from ..i18n import N_, _, fmt_money, language
from .model import china_share_by_year, latest_reporting


def _china(fy):
    shares = china_share_by_year(data.load("nvidia_revenue"))
    return shares.set_index("fiscal_year").loc[fy]


def china_share_fy2025_pct():
    return float(_china(2025)["share"] * 100)


def china_growth_fy2025_pct():
    return float((_china(2025)["revenue_usd_m"] / _china(2024)["revenue_usd_m"] - 1) * 100)


def _dc_share_of_china_fy2025():
    # a common wrong answer: China as a share of Data Center revenue instead of total revenue
    df = latest_reporting(data.load("nvidia_revenue"))
    dc = df[(df["fiscal_year"] == 2025) & (df["category"] == "Data Center")]["revenue_usd_m"]
    return float(_china(2025)["revenue_usd_m"] / dc.iloc[0] * 100) if len(dc) else -1.0


def timeline_rows_below_b():
    events = data.load("timeline")
    return int(events["grade"].isin(["C", "D", "E"]).sum())


register(
    Exercise(
        id="00.china-share-fy2025",
        question=N_(
            "Using the nvidia_revenue table, what percentage of Nvidia's fiscal-2025 revenue was "
            "billed to customers in China (including Hong Kong)?"
        ),
        solve=china_share_fy2025_pct,
        unit="%",
        tolerance=0.01,
        mistakes=[
            Mistake(
                _dc_share_of_china_fy2025,
                N_(
                    "That is China as a share of Data Center "
                    "revenue; the question asks for the share of total revenue."
                ),
            )
        ],
        hints=[
            N_(
                "Filter breakdown == 'geography' and category == 'China (including Hong Kong)' for "
                "fiscal_year 2025, and the row with breakdown == 'total'."
            ),
            N_("Divide China's revenue by the total and multiply by 100."),
        ],
        explanation=N_(
            "This is the billing-location basis: where customers are invoiced, not where the chips end up."
        ),
        level=2,
        worked=Worked(
            steps=lambda: [
                _(
                    "The question asks for a share of total revenue, so you need two rows of the "
                    "nvidia_revenue table for fiscal 2025 (the year ended January 2025)."
                ),
                _(
                    "China: the row with breakdown 'geography' and category 'China (including Hong Kong)': "
                    "{china}. (Fiscal 2025 has a second China row, breakdown "
                    "'geography_hq', by customer headquarters: {hq}; the question is about billing.)"
                ).format(china=_usd_m(_c(2025)), hq=f"{_hq(2025):,.0f}"),
                _("Total: the row with breakdown 'total': {total}.").format(total=_usd_m(_t(2025))),
                _("Share = China / total x 100 = {china} / {total} x 100 = {share}%.").format(
                    china=f"{_c(2025):,.0f}",
                    total=f"{_t(2025):,.0f}",
                    share=f"{china_share_fy2025_pct():.2f}",
                ),
            ],
            code="""
from utils import data

revenue = data.load("nvidia_revenue")
fy2025 = revenue[revenue["fiscal_year"] == 2025]
china = fy2025.loc[(fy2025["breakdown"] == "geography")
                   & (fy2025["category"] == "China (including Hong Kong)"), "revenue_usd_m"].iloc[0]
total = fy2025.loc[fy2025["breakdown"] == "total", "revenue_usd_m"].iloc[0]
answer = china / total * 100
print(f"{china:,.0f} / {total:,.0f} x 100 = {answer:.2f}%")
""",
        ),
    )
)

register(
    Exercise(
        id="00.china-growth-fy2025",
        question=N_(
            "By what percentage did Nvidia's China (incl. Hong Kong) revenue grow from fiscal "
            "2024 to fiscal 2025? (The article says 66%.)"
        ),
        solve=china_growth_fy2025_pct,
        unit="%",
        tolerance=0.02,
        hints=[
            N_("Growth = (FY2025 / FY2024 - 1) x 100."),
            N_("Both numbers are in the geography rows of nvidia_revenue."),
        ],
        explanation=N_("Checking a quoted growth rate against the filing is the habit this course trains."),
        level=2,
        worked=Worked(
            steps=lambda: [
                _("Growth is measured on the earlier year: (new / old - 1) x 100."),
                _(
                    "China (including Hong Kong), billed: fiscal 2024 {fy2024} and fiscal 2025 "
                    "{fy2025} (geography rows of nvidia_revenue)."
                ).format(fy2024=_usd_m(_c(2024), unit=False), fy2025=_usd_m(_c(2025))),
                _("({fy2025} / {fy2024} - 1) x 100 = {growth}%: the article's 66% checks out.").format(
                    fy2025=f"{_c(2025):,.0f}",
                    fy2024=f"{_c(2024):,.0f}",
                    growth=f"{china_growth_fy2025_pct():.1f}",
                ),
            ],
            code="""
from utils import data

revenue = data.load("nvidia_revenue")
china = revenue[(revenue["breakdown"] == "geography")
                & (revenue["category"] == "China (including Hong Kong)")]
fy2024 = china.loc[china["fiscal_year"] == 2024, "revenue_usd_m"].iloc[0]
fy2025 = china.loc[china["fiscal_year"] == 2025, "revenue_usd_m"].iloc[0]
answer = (fy2025 / fy2024 - 1) * 100
print(f"({fy2025:,.0f} / {fy2024:,.0f} - 1) x 100 = {answer:.1f}%")
""",
        ),
    )
)

register(
    Exercise(
        id="00.timeline-below-b",
        question=N_("How many events in the timeline table carry a grade below B (C, D or E)?"),
        solve=timeline_rows_below_b,
        unit=N_("events"),
        tolerance=0.0,
        hints=[N_("data.load('timeline')['grade'].value_counts() shows how many rows have each grade.")],
        explanation=N_(
            "Those rows rest on a single secondary source or an estimate: say so when you use them."
        ),
        level=2,
        worked=Worked(
            steps=lambda: [
                _(
                    "Grades run from A (a primary document read) to E (an estimate). 'Below B' means C, D or E."
                ),
                _("Count the timeline's rows by grade: {counts}.").format(
                    counts=_(", ").join(f"{g}: {n}" for g, n in _grade_counts().items())
                ),
                _("C + D + E = {n} events.").format(n=timeline_rows_below_b()),
            ],
            code="""
from utils import data

events = data.load("timeline")
print(events["grade"].value_counts())
answer = int(events["grade"].isin(["C", "D", "E"]).sum())
""",
        ),
    )
)

register(
    Exercise(
        id="00.china-fy2025-bn",
        question=N_(
            "Read it off the right-hand chart above: how much revenue did Nvidia bill to "
            "customers in China (including Hong Kong) in fiscal 2025? Answer in US$ billions."
        ),
        solve=lambda: _c(2025) / 1000,
        unit=N_("US$ billions"),
        tolerance=0.01,
        level=1,
        hints=[
            N_("The right-hand chart labels each year's point with the dollar amount."),
            N_("Fiscal 2025 is the last point on the line."),
        ],
        explanation=N_("A record in dollars, although the share of revenue was the lowest of the six years."),
        worked=Worked(
            steps=lambda: [
                _(
                    "The right-hand chart plots China's share of revenue and labels each point with the "
                    "dollar amount billed to China that year."
                ),
                _(
                    "The last point, fiscal 2025, reads {label}: the table below the "
                    "chart gives {millions} USD millions, which is {billions} billion."
                ).format(
                    label=fmt_money(_c(2025)), millions=f"{_c(2025):,.0f}", billions=f"{_c(2025) / 1000:.3f}"
                ),
            ],
            code="""
from utils import data

revenue = data.load("nvidia_revenue")
china = revenue[(revenue["breakdown"] == "geography") & (revenue["fiscal_year"] == 2025)
                & (revenue["category"] == "China (including Hong Kong)")]
answer = china["revenue_usd_m"].iloc[0] / 1000  # millions -> billions
""",
        ),
    )
)

register(
    Exercise(
        id="00.open-dependence",
        kind="open",
        level=3,
        question=N_(
            "Write a paragraph (about 80-150 words) for a newspaper reader: how much does "
            "Nvidia depend on China? Use both the dollar figure and the share of revenue for one or "
            "two fiscal years, say what 'China revenue' measures in Nvidia's filings, and name the "
            "source and grade of each figure you use."
        ),
        solve=lambda: _open_model_answer(),
        min_words=60,
        rubric=[
            N_(
                "quotes at least one dollar figure and one share, each with its fiscal year, as the table gives them"
            ),
            N_(
                "says that the figures are by billing location (where customers are invoiced), not where chips are used"
            ),
            N_("explains why the share can fall while the dollars rise"),
            N_("names the source (Nvidia's 10-K) and the grade of the rows"),
            N_("ends with a judgement the figures support (for example: important but shrinking as a share)"),
        ],
        hints=[
            N_("The table china_rows above gives the dollar amounts; the chart gives the shares."),
            N_("Say what 'billed to China' means: read the cell 'Read with care' above."),
        ],
        worked=Worked(
            steps=lambda: [
                _(
                    "Figures: fiscal 2025, {china2025} billed to China, {share2025} of {total2025}; "
                    "fiscal 2020, {china2020}, {share2020} (nvidia_revenue, grades {grade2020} and "
                    "{grade2025}, from Nvidia's 10-K filings)."
                ).format(
                    china2025=_bn(_c(2025), "US$"),
                    share2025=f"{_c(2025) / _t(2025):.1%}",
                    total2025=_bn(_t(2025)),
                    china2020=_bn(_c(2020)),
                    share2020=f"{_c(2020) / _t(2020):.1%}",
                    grade2020=_g(2020),
                    grade2025=_g(2025),
                ),
                _(
                    "Meaning: by billing location, where customers are invoiced, not where the chips end "
                    "up (Singapore invoices are mostly US customers')."
                ),
                _(
                    "Why both: the dollars rose because Nvidia's whole business grew; the share fell "
                    "because revenue elsewhere grew faster."
                ),
                _(
                    "Judgement: China is a large market in dollars, but a shrinking share of Nvidia's revenue."
                ),
            ],
            code="""
from utils import data
from utils import start_here

shares = start_here.china_share_by_year(data.load("nvidia_revenue"))
shares[["fiscal_year", "revenue_usd_m", "share", "grade"]]
""",
        ),
    )
)


def _c(fy: int) -> float:
    """China (incl. Hong Kong) revenue billed in fiscal year ``fy``, USD millions."""
    return float(_china(fy)["revenue_usd_m"])


def _t(fy: int) -> float:
    rev = latest_reporting(data.load("nvidia_revenue"))
    return float(rev[(rev["fiscal_year"] == fy) & (rev["breakdown"] == "total")]["revenue_usd_m"].iloc[0])


def _g(fy: int) -> str:
    return str(_china(fy)["grade"])


def _hq(fy: int) -> float:
    rev = data.load("nvidia_revenue")
    rows = rev[(rev["fiscal_year"] == fy) & (rev["breakdown"] == "geography_hq")]
    rows = rows[rows["category"] == "China (including Hong Kong)"]
    return float(rows["revenue_usd_m"].iloc[0]) if len(rows) else float("nan")


def _record(fy: int) -> str:
    shares = china_share_by_year(data.load("nvidia_revenue"))
    return _("its highest yet and ") if _c(fy) >= shares["revenue_usd_m"].max() else ""


def _usd_m(usd_m: float, unit: bool = True) -> str:
    """A figure of the table's revenue_usd_m column as a worked solution quotes it: English
    "17,108 USD millions"; Chinese "17,108 百万美元（171亿美元）" (the table's unit, then the
    form a Chinese reader expects). ``unit=False``: the number alone in English (a second
    figure before "... USD millions"), the full form in Chinese."""
    if language() == "zh":
        return f"{usd_m:,.0f} 百万美元（{fmt_money(usd_m)}）"
    return f"{usd_m:,.0f} USD millions" if unit else f"{usd_m:,.0f}"


def _bn(usd_m: float, currency: str = "") -> str:
    """USD millions as the open task's worked solution writes them: English "17.1bn" (with
    ``currency``: "17.1bn US$"); Chinese "171亿美元"."""
    if language() == "zh":
        return fmt_money(usd_m)
    return f"{usd_m / 1000:.1f}bn" + (f" {currency}" if currency else "")


def _grade_counts() -> dict:
    counts = data.load("timeline")["grade"].value_counts()
    return {g: int(counts.get(g, 0)) for g in data.GRADES if int(counts.get(g, 0))}


def _open_model_answer() -> str:
    return _(
        "In fiscal 2025 (the year to January 2025) Nvidia billed {china2025} to customers "
        "in China and Hong Kong, {record}{share2025} of its "
        "{total2025} revenue. Five years earlier China was "
        "{share2020} of revenue but only {china2020}. So China matters more "
        "in dollars and less as a share: Nvidia's data-centre sales elsewhere grew faster. These are "
        "billing addresses from Nvidia's 10-K filings (grade "
        "{grade} in the course's table): they say where customers are invoiced, not where the chips "
        "are used, and customers that centralise invoicing in Singapore are counted there. China is a "
        "large market for Nvidia, but a shrinking part of its business."
    ).format(
        china2025=fmt_money(_c(2025)),
        record=_record(2025),
        share2025=f"{_c(2025) / _t(2025):.0%}",
        total2025=fmt_money(_t(2025)),
        share2020=f"{_c(2020) / _t(2020):.0%}",
        china2020=fmt_money(_c(2020)),
        grade=_g(2025),
    )


# --------------------------------------------------------------------------- quiz (start of the next class)


def _definition_basis() -> str:
    q = data.load("geography_definitions")
    quote = str(q[(q["company"] == "Nvidia") & (q["topic"] == "definition")]["quote"].iloc[0]).lower()
    return "billing location" if "billing location" in quote else "customer headquarters"


def _fy_end_month() -> str:
    rev = data.load("nvidia_revenue")
    end = rev[rev["fiscal_year"] == 2025]["fiscal_year_end"].dropna().iloc[0]
    return f"{end:%B %Y}"


register_quiz(
    Exercise(
        id="q00.basis",
        question=N_(
            "In Nvidia's 10-K (up to fiscal 2025), revenue is assigned to a country by the customer's ..."
        ),
        solve=_definition_basis,
        kind="choice",
        level=1,
        choices=("billing location", "customer headquarters", "place where the chips are used"),
        aliases={
            "billing address": "billing location",
            "invoice address": "billing location",
            "billing": "billing location",
            "headquarters": "customer headquarters",
            # the words of the Chinese edition (data/glossary.csv)
            "开票地址": "billing location",
            "客户总部所在地": "customer headquarters",
            "客户总部": "customer headquarters",
            "芯片使用地": "place where the chips are used",
        },
        explanation=N_(
            "Where the invoice goes; the end customer and shipping location may differ (Nvidia's own words)."
        ),
    )
)

register_quiz(
    Exercise(
        id="q00.grade-e",
        question=N_("Which grade marks an estimate or a figure derived by the course or an analyst?"),
        solve=lambda: "E",
        kind="choice",
        level=1,
        choices=tuple(data.GRADES),
        explanation=N_(
            "A = primary document read, B = primary quoted or several agree, C = one secondary source, D = unverified, E = estimate."
        ),
    )
)

register_quiz(
    Exercise(
        id="q00.grade-d",
        question=N_("How must a grade-D figure be shown?"),
        solve=lambda: "labelled unverified",
        kind="choice",
        level=1,
        choices=("as a fact", "labelled unverified", "never at all"),
        aliases={
            "unverified": "labelled unverified",
            "as unverified": "labelled unverified",
            "标注未经核实": "labelled unverified",
            "未经核实": "labelled unverified",
            "当作事实": "as a fact",
            "不出现": "never at all",
        },
        explanation=N_(
            "D rows are leads nobody could confirm: they appear only with the label 'unverified'."
        ),
    )
)

register_quiz(
    Exercise(
        id="q00.fiscal-year",
        question=N_("Nvidia's fiscal year 2025 ended in which month? (e.g. 'January 2025')"),
        solve=_fy_end_month,
        kind="choice",
        level=1,
        choices=("January 2025", "December 2025", "January 2026", "December 2024"),
        aliases={
            "jan 2025": "January 2025",
            "2025-01": "January 2025",
            "dec 2024": "December 2024",
            "2025年1月": "January 2025",
            "2025年12月": "December 2025",
            "2026年1月": "January 2026",
            "2024年12月": "December 2024",
        },
        explanation=N_("Nvidia's fiscal 2025 is roughly calendar 2024."),
    )
)

register_quiz(
    Exercise(
        id="q00.china-share",
        question=N_(
            "Roughly what share of Nvidia's fiscal-2025 revenue was billed to China (incl. Hong Kong)? "
            "Answer in percent, to the nearest whole number."
        ),
        solve=china_share_fy2025_pct,
        unit="%",
        tolerance=0.05,
        level=1,
        explanation=N_("About an eighth (13%), down from about a quarter in fiscal 2020."),
    )
)

register_quiz(
    Exercise(
        id="q00.rising-dollars",
        question=N_(
            "From fiscal 2024 to 2025, Nvidia's China revenue (billed) went up and its share of revenue went ..."
        ),
        solve=lambda: "down" if _c(2025) / _t(2025) < _c(2024) / _t(2024) else "up",
        kind="choice",
        level=1,
        choices=("up", "down"),
        aliases={
            "fell": "down",
            "rose": "up",
            "decreased": "down",
            "increased": "up",
            "下降": "down",
            "上升": "up",
            "下降了": "down",
            "上升了": "up",
        },
        explanation=N_("The dollars rose, but revenue elsewhere grew faster."),
    )
)
