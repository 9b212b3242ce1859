"""Exercises of notebook 05 (capstone fact-check). Answers are computed from the course data."""

from .. import data, i18n
from ..checks import Exercise, Mistake, Worked, register, register_quiz
from ..i18n import N_, _
from . import model as claims

#: the verdicts as a Chinese reader may type them (the course's terms, data/glossary.csv)
_VERDICTS_ZH = {
    "属实": "confirmed",
    "张冠李戴": "mislabelled",
    "已过时": "outdated",
    "过时": "outdated",
    "无法核实": "unverifiable",
    "错误": "wrong",
}


def _apple(period_label):
    df = data.load("china_revenue")
    return df[(df["company"] == "Apple") & (df["period_label"] == period_label)].iloc[0]


def apple_year_over_quarter():
    return float(_apple("FY2024")["total_revenue"] / _apple("Q1 FY2025")["total_revenue"])


def _figure(figure_id):
    df = data.load("fact_check_figures")
    return float(df.loc[df["figure_id"] == figure_id, "value"].iloc[0])


def nvda_drawdown_pct():
    return (1 - _figure("nvda-lowest-close-2025-04-04") / _figure("nvda-intraday-high-2025-01")) * 100


def _drawdown_from_record_close():
    return (1 - _figure("nvda-lowest-close-2025-04-04") / _figure("nvda-record-close-2025-01-06")) * 100


def _price_ratio_pct():
    return _figure("nvda-lowest-close-2025-04-04") / _figure("nvda-intraday-high-2025-01") * 100


def thor_vs_orin():
    chips = data.load("carmaker_chips")
    orin = float(chips[(chips["company"] == "Nvidia") & (chips["chip"] == "Orin-X")]["claimed_tops"].iloc[0])
    return _figure("nvda-drive-thor-compute") / orin


def _thor_vs_xavier():
    return _figure("nvda-drive-thor-compute") / _figure("nvda-drive-xavier-compute")


def _article_says(claim_id, part):
    ev = claims.evidence()
    row = ev[(ev["claim_id"] == claim_id) & (ev["part"] == part) & (ev["role"] == "test")].iloc[0]
    return float(row["stated"])


def verdict_qualcomm():
    return claims.claim_verdict(12)


def verdict_h20_date():
    return claims.claim_verdict(2)


register(
    Exercise(
        id="05.apple-year-vs-quarter",
        question=N_(
            "The article's 'Apple 2024 revenue' is one quarter (period_label 'Q1 FY2025'). How "
            "many times larger was Apple's revenue in the full fiscal year 2024 (period_label "
            "'FY2024')? Use the china_revenue table."
        ),
        solve=apple_year_over_quarter,
        unit=N_("times"),
        tolerance=0.005,
        mistakes=[
            Mistake(
                4,
                N_(
                    "Four quarters make a year, but they are not equal: October-December, "
                    "with the holidays and new iPhones, is Apple's largest quarter. Compute "
                    "the ratio from the two rows."
                ),
            ),
            Mistake(
                lambda: 1 / apple_year_over_quarter(),
                N_(
                    "You divided the quarter by the year; the question asks how many times larger the year is."
                ),
            ),
        ],
        hints=[
            N_("Take total_revenue of the FY2024 row and of the Q1 FY2025 row."),
            N_("Divide the year's figure by the quarter's."),
        ],
        explanation=lambda: _(
            "A reader who takes the quarter for the year underestimates Apple's revenue by {share:.0%}."
        ).format(share=1 - 1 / apple_year_over_quarter()),
        level=2,
        worked=Worked(
            steps=lambda: [
                _(
                    "Two rows of china_revenue: Apple FY2024 (the year to September 2024), total revenue "
                    "{year:,.0f}; Apple Q1 FY2025 (October-December 2024), {quarter:,.0f} USD millions."
                ).format(
                    year=_apple("FY2024")["total_revenue"], quarter=_apple("Q1 FY2025")["total_revenue"]
                ),
                _("Year / quarter = {year:,.0f} / {quarter:,.0f} = {ratio:.2f}.").format(
                    year=_apple("FY2024")["total_revenue"],
                    quarter=_apple("Q1 FY2025")["total_revenue"],
                    ratio=apple_year_over_quarter(),
                ),
                N_("Less than 4: the holiday quarter is Apple's largest, so the other three are smaller."),
            ],
            code="""
from utils import data

china = data.load("china_revenue")
apple = china[china["company"] == "Apple"].set_index("period_label")
answer = apple.loc["FY2024", "total_revenue"] / apple.loc["Q1 FY2025", "total_revenue"]
print(f"{apple.loc['FY2024', 'total_revenue']:,.0f} / {apple.loc['Q1 FY2025', 'total_revenue']:,.0f} = {answer:.2f}")
""",
        ),
    )
)

register(
    Exercise(
        id="05.nvda-drawdown",
        question=N_(
            "By what percentage was Nvidia's lowest closing price of 2025 below its January "
            "intraday high? Use the fact_check_figures table. (The article says 'nearly 40%'.)"
        ),
        solve=nvda_drawdown_pct,
        unit="%",
        tolerance=0.005,
        mistakes=[
            Mistake(
                _drawdown_from_record_close,
                N_(
                    "You measured from the record close of 6 January; the article's 153.1 is "
                    "the intraday high (figure_id nvda-intraday-high-2025-01)."
                ),
            ),
            Mistake(
                _price_ratio_pct,
                N_("That is the low as a percentage of the high; the fall is 100 minus that."),
            ),
        ],
        hints=[
            N_("Fall = (1 - low / high) x 100."),
            N_("The rows are nvda-lowest-close-2025-04-04 and nvda-intraday-high-2025-01."),
        ],
        explanation=N_(
            "Within 'nearly 40%'. On 21 April, just after the article's events, the fall was "
            "smaller: check the pre-market row."
        ),
        level=1,
        worked=Worked(
            steps=lambda: [
                _(
                    "From the fact_check_figures table: the January intraday high {high:g} "
                    "US$ (the article's '153.1'), and the lowest close of 2025 {low:g} US$ (4 April)."
                ).format(
                    high=_figure("nvda-intraday-high-2025-01"), low=_figure("nvda-lowest-close-2025-04-04")
                ),
                _("Fall = (1 - low / high) x 100 = (1 - {low:g} / {high:g}) x 100 = {fall:.1f}%.").format(
                    low=_figure("nvda-lowest-close-2025-04-04"),
                    high=_figure("nvda-intraday-high-2025-01"),
                    fall=nvda_drawdown_pct(),
                ),
                N_("'Nearly 40%' allows 35% to 40% (the tolerance written down before looking): confirmed."),
            ],
            code="""
from utils import data

figures = data.load("fact_check_figures").set_index("figure_id")["value"]
high = figures["nvda-intraday-high-2025-01"]
low = figures["nvda-lowest-close-2025-04-04"]
answer = (1 - low / high) * 100
print(f"(1 - {low} / {high}) x 100 = {answer:.1f}%")
""",
        ),
    )
)

register(
    Exercise(
        id="05.thor-vs-orin",
        question=N_(
            "How many times Orin-X's headline compute (carmaker_chips, claimed_tops) is DRIVE "
            "Thor's announced compute (fact_check_figures)? The article says 'more than 60 times'."
        ),
        solve=thor_vs_orin,
        unit=N_("times"),
        tolerance=0.01,
        mistakes=[
            Mistake(
                lambda: _article_says(6, 1),
                N_("That is the article's figure; compute the ratio from the two rows."),
            ),
            Mistake(
                _thor_vs_xavier,
                N_(
                    "That is Thor over Xavier (nvda-drive-xavier-compute), the chip before Orin: the one "
                    "pairing above 60, but the claim is about Orin. Divide by Orin-X's claimed_tops."
                ),
            ),
        ],
        hints=[
            N_("Thor's row is figure_id nvda-drive-thor-compute; Orin-X's is company Nvidia, chip Orin-X."),
            N_("Divide Thor's figure by Orin-X's."),
        ],
        explanation=N_(
            "Even mixing number formats (FP8 for Thor, sparse INT8 for Orin), the ratio is "
            "nowhere near 60: the course's verdict on claim 6 is 'wrong'. Only against Xavier, the chip "
            "before Orin, does Thor's figure exceed 60 times: a possible origin of the article's figure "
            "that no source shows."
        ),
        level=2,
        worked=Worked(
            steps=lambda: [
                _(
                    "Thor, as announced (fact_check_figures, nvda-drive-thor-compute): {thor:,.0f} TFLOPS at FP8."
                ).format(thor=_figure("nvda-drive-thor-compute")),
                _(
                    "Orin-X's headline figure (carmaker_chips): {orin:,.0f} TOPS (INT8, with sparsity)."
                ).format(orin=_orin_tops()),
                _(
                    "Ratio: {thor:,.0f} / {orin:,.0f} = {ratio:.1f} times, not the article's 'more than {said:g}'."
                ).format(
                    thor=_figure("nvda-drive-thor-compute"),
                    orin=_orin_tops(),
                    ratio=thor_vs_orin(),
                    said=_article_says(6, 1),
                ),
            ],
            code="""
from utils import data

thor = data.load("fact_check_figures").set_index("figure_id").loc["nvda-drive-thor-compute", "value"]
chips = data.load("carmaker_chips")
orin = chips[(chips["company"] == "Nvidia") & (chips["chip"] == "Orin-X")]["claimed_tops"].iloc[0]
answer = thor / orin
print(f"{thor:,.0f} / {orin:,.0f} = {answer:.1f} times")
""",
        ),
    )
)

register(
    Exercise(
        id="05.verdict-qualcomm",
        question=N_(
            "Claim 12: 'Qualcomm's FY2024 revenue was nearly $33.2bn, 46% from China.' Look at "
            "the china_revenue rows for Qualcomm. Which verdict follows from the rows?"
        ),
        solve=verdict_qualcomm,
        kind="choice",
        choices=claims.VERDICTS,
        mistakes=[
            Mistake("confirmed", N_("$33.2bn does match a row: but look at that row's scope.")),
            Mistake(
                "unverifiable",
                N_("Both figures match rows of the table; look at what the row matching $33.2bn is."),
            ),
            Mistake(
                "wrong",
                N_("The figure is not wrong as a number: it matches a row exactly. What is that row?"),
            ),
        ],
        hints=[
            N_("Find the row whose total_revenue is closest to 33,200."),
            N_("Compare its scope column with what the article says the figure is."),
        ],
        explanation=lambda: _("{segment} is the QCT chip segment; the whole company had {company}.").format(
            segment=_usd_bn(_qcom("FY2024 QCT"), 1), company=_usd_bn(_qcom("FY2024"), 2)
        ),
        level=3,
        aliases={
            "mislabeled": "mislabelled",
            "mis-labelled": "mislabelled",
            "unverified": "unverifiable",
            "true": "confirmed",
            "false": "wrong",
            **_VERDICTS_ZH,
        },
        worked=Worked(
            steps=lambda: [
                _(
                    "Find the row matching $33.2bn: Qualcomm 'FY2024 QCT', total_revenue {segment:,.0f} "
                    "USD millions, scope 'segment' (the QCT chip business). The figure is right, but it is a segment."
                ).format(segment=_qcom("FY2024 QCT")),
                _(
                    "The company's fiscal 2024 revenue is the row 'FY2024', scope 'company': {company:,.0f}."
                ).format(company=_qcom("FY2024")),
                N_(
                    "The 46% matches the company row (a Reuters report, grade C), a share of the whole company, not of "
                    "the segment the article puts it beside."
                ),
                N_("A true figure with the wrong label is 'mislabelled' (the verdict table in section 1)."),
            ],
            code="""
from utils import data, fact_check

china = data.load("china_revenue")
print(china[china["company"] == "Qualcomm"][["period_label", "scope", "total_revenue", "china_share_reported", "grade"]])
answer = fact_check.claim_verdict(12)   # the course's verdict, computed from the evidence rows
""",
        ),
    )
)

register(
    Exercise(
        id="05.verdict-h20-date",
        question=N_(
            "Claim 2: 'On 15 April the US (Trump) put an indefinite export-licence requirement "
            "on the H20.' Look at the timeline rows of 9, 14 and 15 April 2025. Which verdict "
            "follows from the rows?"
        ),
        solve=verdict_h20_date,
        kind="choice",
        choices=claims.VERDICTS,
        mistakes=[
            Mistake(
                "confirmed",
                N_(
                    "The requirement and 'indefinite' are right; but who acted on 15 April, according to the timeline?"
                ),
            ),
            Mistake(
                "wrong",
                N_(
                    "Nothing in it is invented: the requirement is real and "
                    "indefinite. What is wrong is what the date is attached to."
                ),
            ),
        ],
        hints=[
            N_("Filter the timeline for dates between 2025-04-09 and 2025-04-15."),
            N_("Compare the actor_group of the 15 April row with the claim's actor."),
        ],
        explanation=N_("The US told Nvidia on 9 and 14 April; 15 April is Nvidia's own disclosure (8-K)."),
        level=3,
        aliases={
            "mislabeled": "mislabelled",
            "mis-labelled": "mislabelled",
            "unverified": "unverifiable",
            "true": "confirmed",
            "false": "wrong",
            **_VERDICTS_ZH,
        },
        worked=Worked(
            steps=lambda: [
                N_("Filter the timeline for 9 to 15 April 2025 and read who acted each day:"),
                *_around_lines(),
                N_(
                    "The requirement and the word 'indefinite' are real; what is wrong is the date it is attached to: "
                    "15 April is the day Nvidia disclosed it. A true fact with the wrong label: 'mislabelled'."
                ),
            ],
            code="""
from utils import data, fact_check

timeline = data.load("timeline")
around = timeline[(timeline["date"] >= "2025-04-09") & (timeline["date"] <= "2025-04-15")]
print(around[["date", "actor_group", "category", "title"]])
answer = fact_check.claim_verdict(2)    # the course's verdict, computed from the evidence rows
""",
        ),
    )
)


def _orin_tops() -> float:
    chips = data.load("carmaker_chips")
    return float(chips[(chips["company"] == "Nvidia") & (chips["chip"] == "Orin-X")]["claimed_tops"].iloc[0])


def _usd_bn(usd_m: float, digits: int) -> str:
    """USD millions as the explanation shows them: "$33.2bn" / "332亿美元"."""
    return i18n.fmt_money(usd_m) if i18n.language() == "zh" else f"${usd_m / 1000:.{digits}f}bn"


def _qcom(label: str) -> float:
    df = data.load("china_revenue")
    return float(df[(df["company"] == "Qualcomm") & (df["period_label"] == label)]["total_revenue"].iloc[0])


def _around_lines() -> list[str]:
    t = data.load("timeline")
    rows = t[(t["date"] >= "2025-04-09") & (t["date"] <= "2025-04-15")].sort_values("date")
    line = _("{date}: {actor}: {title}")
    return [
        line.format(
            date=_day_month(r.date),
            actor=i18n.pgettext("actor group", r.actor_group),
            title=i18n.data_text("title", r.title, "timeline"),
        )
        for r in rows.itertuples()
    ]


def _day_month(d) -> str:
    """A day of the year: "9 April" / "4月9日"."""
    return f"{d.month}月{d.day}日" if i18n.language() == "zh" else f"{d.day} {d:%B}"


def _open_model_answer() -> str:
    t = data.load("timeline")
    rows = t[(t["date"] >= "2025-04-09") & (t["date"] <= "2025-04-15")].sort_values("date")
    first = rows.iloc[0]
    return _(
        "The claim: 'On 15 April the US (Trump) put an indefinite export-licence requirement on the H20.' "
        "Figure and label: a date (15 April 2025), an actor (the US government) and a word ('indefinite'). "
        "The timeline has {n} rows for 9-15 April. The first, {first_date}, is "
        "{first_actor}: {first_title} (grade {first_grade}). On 14 April the US government said the "
        "requirement would last 'for the indefinite future'. The 15 April row is Nvidia's own 8-K, which disclosed "
        "both letters and the charges (all these rows rest on that 8-K). So the requirement and the word "
        "'indefinite' are real, but the US acted on 9 and 14 April; 15 April is when Nvidia told investors. "
        "The fact is true and its "
        "label is wrong: mislabelled. A correct sentence would read: 'On 9 April the US government told "
        "Nvidia that H20 exports to China need a licence; on 14 April it said the requirement would apply "
        "indefinitely, and Nvidia disclosed it on 15 April.'"
    ).format(
        n=len(rows),
        first_date=_day_month(first["date"]),
        first_actor=i18n.pgettext("actor group", first["actor_group"]),
        first_title=i18n.data_text("title", first["title"], "timeline"),
        first_grade=first["grade"],
    )


register(
    Exercise(
        id="05.open-claim2",
        kind="open",
        level=3,
        question=N_(
            "Write the fact-check of claim 2 as you would publish it (about 100-150 words): the claim in "
            "the article's words, what exactly it asserts (date, actor, wording), the timeline rows you checked "
            "with their grades, the verdict and why, and the sentence the article should have written."
        ),
        solve=_open_model_answer,
        min_words=70,
        rubric=[
            N_(
                "states the claim's checkable parts (the date, the actor, the word 'indefinite') before the evidence"
            ),
            N_("cites the timeline rows of 9, 14 and 15 April with their actors and grades"),
            N_("gives the verdict 'mislabelled' and explains why it is not 'wrong' or 'confirmed'"),
            N_("writes a corrected sentence that the rows support"),
            N_("keeps opinion about the article out of the verdict"),
        ],
        hints=[
            N_("The timeline rows are displayed just above exercise 05.verdict-h20-date."),
            N_("Re-read the five verdicts in section 1: which one fits a true fact with the wrong date?"),
        ],
        worked=Worked(
            steps=lambda: [
                N_("The checkable parts: the date (15 April), the actor (the US), the word 'indefinite'."),
                *_around_lines(),
                N_(
                    "Verdict: mislabelled; corrected sentence: the US acted on 9 and 14 April, "
                    "Nvidia disclosed it on 15 April."
                ),
            ],
            code="""
from utils import data

timeline = data.load("timeline")
timeline[(timeline["date"] >= "2025-04-09") & (timeline["date"] <= "2025-04-15")][
    ["date", "actor_group", "title", "grade", "source_id"]]
""",
        ),
    )
)


# --------------------------------------------------------------------------- quiz (start of the next class)

_VERDICT_ALIASES = {
    "mislabeled": "mislabelled",
    "mis-labelled": "mislabelled",
    "unverified": "unverifiable",
    **_VERDICTS_ZH,
}


def _confirmed_count() -> float:
    return float((claims.summary()["verdict"] == "confirmed").sum())


register_quiz(
    Exercise(
        id="q05.label",
        question=N_(
            "A figure that matches a sourced row, but that row is something else (a quarter, not a year), gets "
            "which verdict?"
        ),
        solve=lambda: "mislabelled",
        kind="choice",
        level=1,
        choices=claims.VERDICTS,
        aliases=_VERDICT_ALIASES,
        explanation=N_("Right number, wrong label: 张冠李戴."),
    )
)

register_quiz(
    Exercise(
        id="q05.severity",
        question=N_("A claim has one part confirmed and one part unverifiable. Its verdict is ..."),
        solve=lambda: "unverifiable",
        kind="choice",
        level=1,
        choices=claims.VERDICTS,
        aliases=_VERDICT_ALIASES,
        explanation=N_(
            "The most severe of its parts: wrong, mislabelled, outdated, unverifiable, confirmed."
        ),
    )
)

register_quiz(
    Exercise(
        id="q05.tolerance",
        question=N_(
            "The rounding a claim's words allow ('nearly 40%') is written down ... checking the rows."
        ),
        solve=lambda: "before",
        kind="choice",
        level=1,
        choices=("before", "after"),
        aliases={"之前": "before", "之后": "after"},
        explanation=N_("Otherwise one can pick the tolerance that gives the verdict one wants."),
    )
)

register_quiz(
    Exercise(
        id="q05.thor",
        question=N_("By the announced figures, about how many times Orin-X's compute is DRIVE Thor's?"),
        solve=thor_vs_orin,
        unit=N_("times"),
        tolerance=0.05,
        level=1,
        explanation=N_("About 8, not 'more than 60': claim 6 is wrong."),
    )
)

register_quiz(
    Exercise(
        id="q05.confirmed",
        question=N_("How many of the article's thirteen claims does the course find confirmed?"),
        solve=_confirmed_count,
        unit=N_("claims"),
        tolerance=0.0,
        level=1,
        explanation=N_(
            "The rest are mislabelled, outdated, unverifiable or (one) wrong: see the closing table of notebook 05."
        ),
    )
)

register_quiz(
    Exercise(
        id="q05.drawdown",
        question=N_(
            "Nvidia's lowest close of 2025 was how far below its January intraday high? Answer in percent."
        ),
        solve=nvda_drawdown_pct,
        unit="%",
        tolerance=0.01,
        level=1,
        explanation=N_("Within the article's 'nearly 40%' (35-40%)."),
    )
)
