"""Exercises of notebook 05 (capstone fact-check). Answers are computed from the course data."""

from .. import data
from ..checks import Exercise, Mistake, Worked, register, register_quiz
from . import model as claims


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
        question="The article's 'Apple 2024 revenue' is one quarter (period_label 'Q1 FY2025'). How "
        "many times larger was Apple's revenue in the full fiscal year 2024 (period_label "
        "'FY2024')? Use the china_revenue table.",
        solve=apple_year_over_quarter,
        unit="times",
        tolerance=0.005,
        mistakes=[
            Mistake(
                4,
                "Four quarters make a year, but they are not equal: October-December, "
                "with the holidays and new iPhones, is Apple's largest quarter. Compute "
                "the ratio from the two rows.",
            ),
            Mistake(
                lambda: 1 / apple_year_over_quarter(),
                "You divided the quarter by the year; the question asks how many times larger the year is.",
            ),
        ],
        hints=[
            "Take total_revenue of the FY2024 row and of the Q1 FY2025 row.",
            "Divide the year's figure by the quarter's.",
        ],
        explanation=lambda: (
            f"A reader who takes the quarter for the year underestimates Apple's revenue by "
            f"{1 - 1 / apple_year_over_quarter():.0%}."
        ),
        level=2,
        worked=Worked(
            steps=lambda: [
                f"Two rows of china_revenue: Apple FY2024 (the year to September 2024), total revenue "
                f"{_apple('FY2024')['total_revenue']:,.0f}; Apple Q1 FY2025 (October-December 2024), "
                f"{_apple('Q1 FY2025')['total_revenue']:,.0f} USD millions.",
                f"Year / quarter = {_apple('FY2024')['total_revenue']:,.0f} / {_apple('Q1 FY2025')['total_revenue']:,.0f} "
                f"= {apple_year_over_quarter():.2f}.",
                "Less than 4: the holiday quarter is Apple's largest, so the other three are smaller.",
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
        question="By what percentage was Nvidia's lowest closing price of 2025 below its January "
        "intraday high? Use the fact_check_figures table. (The article says 'nearly 40%'.)",
        solve=nvda_drawdown_pct,
        unit="%",
        tolerance=0.005,
        mistakes=[
            Mistake(
                _drawdown_from_record_close,
                "You measured from the record close of 6 January; the article's 153.1 is "
                "the intraday high (figure_id nvda-intraday-high-2025-01).",
            ),
            Mistake(
                _price_ratio_pct, "That is the low as a percentage of the high; the fall is 100 minus that."
            ),
        ],
        hints=[
            "Fall = (1 - low / high) x 100.",
            "The rows are nvda-lowest-close-2025-04-04 and nvda-intraday-high-2025-01.",
        ],
        explanation="Within 'nearly 40%'. On 21 April, just after the article's events, the fall was "
        "smaller: check the pre-market row.",
        level=1,
        worked=Worked(
            steps=lambda: [
                f"From the fact_check_figures table: the January intraday high {_figure('nvda-intraday-high-2025-01'):g} "
                f"US$ (the article's '153.1'), and the lowest close of 2025 {_figure('nvda-lowest-close-2025-04-04'):g} US$ "
                "(4 April).",
                f"Fall = (1 - low / high) x 100 = (1 - {_figure('nvda-lowest-close-2025-04-04'):g} / "
                f"{_figure('nvda-intraday-high-2025-01'):g}) x 100 = {nvda_drawdown_pct():.1f}%.",
                "'Nearly 40%' allows 35% to 40% (the tolerance written down before looking): confirmed.",
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
        question="How many times Orin-X's headline compute (carmaker_chips, claimed_tops) is DRIVE "
        "Thor's announced compute (fact_check_figures)? The article says 'more than 60 times'.",
        solve=thor_vs_orin,
        unit="times",
        tolerance=0.01,
        mistakes=[
            Mistake(
                lambda: _article_says(6, 1),
                "That is the article's figure; compute the ratio from the two rows.",
            ),
            Mistake(
                _thor_vs_xavier,
                "That is Thor over Xavier (nvda-drive-xavier-compute), the chip before Orin: the one "
                "pairing above 60, but the claim is about Orin. Divide by Orin-X's claimed_tops.",
            ),
        ],
        hints=[
            "Thor's row is figure_id nvda-drive-thor-compute; Orin-X's is company Nvidia, chip Orin-X.",
            "Divide Thor's figure by Orin-X's.",
        ],
        explanation="Even mixing number formats (FP8 for Thor, sparse INT8 for Orin), the ratio is "
        "nowhere near 60: the course's verdict on claim 6 is 'wrong'. Only against Xavier, the chip "
        "before Orin, does Thor's figure exceed 60 times: a possible origin of the article's figure "
        "that no source shows.",
        level=2,
        worked=Worked(
            steps=lambda: [
                f"Thor, as announced (fact_check_figures, nvda-drive-thor-compute): {_figure('nvda-drive-thor-compute'):,.0f} "
                "TFLOPS at FP8.",
                f"Orin-X's headline figure (carmaker_chips): {_orin_tops():,.0f} TOPS (INT8, with sparsity).",
                f"Ratio: {_figure('nvda-drive-thor-compute'):,.0f} / {_orin_tops():,.0f} = {thor_vs_orin():.1f} times, "
                f"not the article's 'more than {_article_says(6, 1):g}'.",
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
        question="Claim 12: 'Qualcomm's FY2024 revenue was nearly $33.2bn, 46% from China.' Look at "
        "the china_revenue rows for Qualcomm. Which verdict follows from the rows?",
        solve=verdict_qualcomm,
        kind="choice",
        choices=claims.VERDICTS,
        mistakes=[
            Mistake("confirmed", "$33.2bn does match a row: but look at that row's scope."),
            Mistake(
                "unverifiable",
                "Both figures match rows of the table; look at what the row matching $33.2bn is.",
            ),
            Mistake(
                "wrong", "The figure is not wrong as a number: it matches a row exactly. What is that row?"
            ),
        ],
        hints=[
            "Find the row whose total_revenue is closest to 33,200.",
            "Compare its scope column with what the article says the figure is.",
        ],
        explanation=lambda: (
            f"${_qcom('FY2024 QCT') / 1000:.1f}bn is the QCT chip segment; the whole company had "
            f"${_qcom('FY2024') / 1000:.2f}bn."
        ),
        level=3,
        aliases={
            "mislabeled": "mislabelled",
            "mis-labelled": "mislabelled",
            "unverified": "unverifiable",
            "true": "confirmed",
            "false": "wrong",
        },
        worked=Worked(
            steps=lambda: [
                f"Find the row matching $33.2bn: Qualcomm 'FY2024 QCT', total_revenue {_qcom('FY2024 QCT'):,.0f} "
                "USD millions, scope 'segment' (the QCT chip business). The figure is right, but it is a segment.",
                f"The company's fiscal 2024 revenue is the row 'FY2024', scope 'company': {_qcom('FY2024'):,.0f}.",
                "The 46% matches the company row (a Reuters report, grade C), a share of the whole company, not of "
                "the segment the article puts it beside.",
                "A true figure with the wrong label is 'mislabelled' (the verdict table in section 1).",
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
        question="Claim 2: 'On 15 April the US (Trump) put an indefinite export-licence requirement "
        "on the H20.' Look at the timeline rows of 9, 14 and 15 April 2025. Which verdict "
        "follows from the rows?",
        solve=verdict_h20_date,
        kind="choice",
        choices=claims.VERDICTS,
        mistakes=[
            Mistake(
                "confirmed",
                "The requirement and 'indefinite' are right; but who acted on "
                "15 April, according to the timeline?",
            ),
            Mistake(
                "wrong",
                "Nothing in it is invented: the requirement is real and "
                "indefinite. What is wrong is what the date is attached to.",
            ),
        ],
        hints=[
            "Filter the timeline for dates between 2025-04-09 and 2025-04-15.",
            "Compare the actor_group of the 15 April row with the claim's actor.",
        ],
        explanation="The US told Nvidia on 9 and 14 April; 15 April is Nvidia's own disclosure (8-K).",
        level=3,
        aliases={
            "mislabeled": "mislabelled",
            "mis-labelled": "mislabelled",
            "unverified": "unverifiable",
            "true": "confirmed",
            "false": "wrong",
        },
        worked=Worked(
            steps=lambda: [
                "Filter the timeline for 9 to 15 April 2025 and read who acted each day:",
                *_around_lines(),
                "The requirement and the word 'indefinite' are real; what is wrong is the date it is attached to: "
                "15 April is the day Nvidia disclosed it. A true fact with the wrong label: 'mislabelled'.",
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


def _qcom(label: str) -> float:
    df = data.load("china_revenue")
    return float(df[(df["company"] == "Qualcomm") & (df["period_label"] == label)]["total_revenue"].iloc[0])


def _around_lines() -> list[str]:
    t = data.load("timeline")
    rows = t[(t["date"] >= "2025-04-09") & (t["date"] <= "2025-04-15")].sort_values("date")
    return [f"{r.date.day} {r.date:%B}: {r.actor_group}: {r.title}" for r in rows.itertuples()]


def _open_model_answer() -> str:
    t = data.load("timeline")
    rows = t[(t["date"] >= "2025-04-09") & (t["date"] <= "2025-04-15")].sort_values("date")
    first = rows.iloc[0]
    return (
        "The claim: 'On 15 April the US (Trump) put an indefinite export-licence requirement on the H20.' "
        "Figure and label: a date (15 April 2025), an actor (the US government) and a word ('indefinite'). "
        f"The timeline has {len(rows)} rows for 9-15 April. The first, {first['date'].day} {first['date']:%B}, is "
        f"{first['actor_group']}: {first['title']} (grade {first['grade']}). On 14 April the US government said the "
        "requirement would last 'for the indefinite future'. The 15 April row is Nvidia's own 8-K, which disclosed "
        "both letters and the charges (all these rows rest on that 8-K). So the requirement and the word "
        "'indefinite' are real, but the US acted on 9 and 14 April; 15 April is when Nvidia told investors. "
        "The fact is true and its "
        "label is wrong: mislabelled. A correct sentence would read: 'On 9 April the US government told "
        "Nvidia that H20 exports to China need a licence; on 14 April it said the requirement would apply "
        "indefinitely, and Nvidia disclosed it on 15 April.'"
    )


register(
    Exercise(
        id="05.open-claim2",
        kind="open",
        level=3,
        question="Write the fact-check of claim 2 as you would publish it (about 100-150 words): the claim in "
        "the article's words, what exactly it asserts (date, actor, wording), the timeline rows you checked "
        "with their grades, the verdict and why, and the sentence the article should have written.",
        solve=_open_model_answer,
        min_words=70,
        rubric=[
            "states the claim's checkable parts (the date, the actor, the word 'indefinite') before the evidence",
            "cites the timeline rows of 9, 14 and 15 April with their actors and grades",
            "gives the verdict 'mislabelled' and explains why it is not 'wrong' or 'confirmed'",
            "writes a corrected sentence that the rows support",
            "keeps opinion about the article out of the verdict",
        ],
        hints=[
            "The timeline rows are displayed just above exercise 05.verdict-h20-date.",
            "Re-read the five verdicts in section 1: which one fits a true fact with the wrong date?",
        ],
        worked=Worked(
            steps=lambda: [
                "The checkable parts: the date (15 April), the actor (the US), the word 'indefinite'.",
                *_around_lines(),
                "Verdict: mislabelled; corrected sentence: the US acted on 9 and 14 April, Nvidia disclosed it on 15 April.",
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

_VERDICT_ALIASES = {"mislabeled": "mislabelled", "mis-labelled": "mislabelled", "unverified": "unverifiable"}


def _confirmed_count() -> float:
    return float((claims.summary()["verdict"] == "confirmed").sum())


register_quiz(
    Exercise(
        id="q05.label",
        question="A figure that matches a sourced row, but that row is something else (a quarter, not a year), gets "
        "which verdict?",
        solve=lambda: "mislabelled",
        kind="choice",
        level=1,
        choices=claims.VERDICTS,
        aliases=_VERDICT_ALIASES,
        explanation="Right number, wrong label: 张冠李戴.",
    )
)

register_quiz(
    Exercise(
        id="q05.severity",
        question="A claim has one part confirmed and one part unverifiable. Its verdict is ...",
        solve=lambda: "unverifiable",
        kind="choice",
        level=1,
        choices=claims.VERDICTS,
        aliases=_VERDICT_ALIASES,
        explanation="The most severe of its parts: wrong, mislabelled, outdated, unverifiable, confirmed.",
    )
)

register_quiz(
    Exercise(
        id="q05.tolerance",
        question="The rounding a claim's words allow ('nearly 40%') is written down ... checking the rows.",
        solve=lambda: "before",
        kind="choice",
        level=1,
        choices=("before", "after"),
        explanation="Otherwise one can pick the tolerance that gives the verdict one wants.",
    )
)

register_quiz(
    Exercise(
        id="q05.thor",
        question="By the announced figures, about how many times Orin-X's compute is DRIVE Thor's?",
        solve=thor_vs_orin,
        unit="times",
        tolerance=0.05,
        level=1,
        explanation="About 8, not 'more than 60': claim 6 is wrong.",
    )
)

register_quiz(
    Exercise(
        id="q05.confirmed",
        question="How many of the article's thirteen claims does the course find confirmed?",
        solve=_confirmed_count,
        unit="claims",
        tolerance=0.0,
        level=1,
        explanation="The rest are mislabelled, outdated, unverifiable or (one) wrong: see the closing table of notebook 05.",
    )
)

register_quiz(
    Exercise(
        id="q05.drawdown",
        question="Nvidia's lowest close of 2025 was how far below its January intraday high? Answer in percent.",
        solve=nvda_drawdown_pct,
        unit="%",
        tolerance=0.01,
        level=1,
        explanation="Within the article's 'nearly 40%' (35-40%).",
    )
)
