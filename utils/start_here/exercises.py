"""Exercises of notebook 00 (start here). Answers are computed from the course data."""

from .. import data
from ..checks import Exercise, Mistake, register
from ..i18n import N_
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
    )
)
