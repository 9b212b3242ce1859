"""Exercises of notebook 05 (capstone fact-check). Answers are computed from the course data."""

from .. import data
from ..checks import Exercise, Mistake, register
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
        explanation="A reader who takes the quarter for the year underestimates Apple by two thirds.",
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
        explanation="$33.2bn is the QCT chip segment; the whole company had $38.96bn.",
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
    )
)
