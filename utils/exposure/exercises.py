"""Exercises of notebook 04 (multinational China exposure). Answers are computed from the data.

Common wrong answers (``Mistake``) are also computed from the data: their values are functions,
evaluated only when an answer is checked, so importing this module loads no table.
"""

from .. import data
from ..checks import Exercise, Mistake, register
from . import model as exposure


def _row(company: str, label: str):
    china = data.load("china_revenue")
    rows = china[(china["company"] == company) & (china["period_label"] == label)]
    if len(rows) != 1:
        raise LookupError(f"expected one china_revenue row for {company} {label}, got {len(rows)}")
    return rows.iloc[0]


def _region(company: str, label: str, region: str) -> float:
    reg = data.load("revenue_regions")
    rows = reg[(reg["company"] == company) & (reg["period_label"] == label) & (reg["region"] == region)]
    return float(rows["revenue"].iloc[0])


def _share_pct(company: str, label: str) -> float:
    row = _row(company, label)
    return float(row["china_revenue"] / row["total_revenue"] * 100)


# --------------------------------------------------------------------------- 1. read a filing


def asml_china_2023_eur_m() -> float:
    """ASML's 2023 total net sales attributed to China, EUR millions, from the 20-F note."""
    return _region("ASML", "FY2023", "China")


register(
    Exercise(
        id="04.asml-note",
        question="In the geography note of ASML's Form 20-F quoted above, how much of ASML's 2023 total "
        "net sales was attributed to China? Answer in EUR millions, as the filing prints it.",
        solve=asml_china_2023_eur_m,
        unit="EUR millions",
        tolerance=0.001,
        mistakes=[
            Mistake(
                lambda: _region("ASML", "FY2022", "China"),
                "That is the 2022 column; the question asks for 2023.",
            ),
            Mistake(
                lambda: _region("ASML", "FY2023", "Total"),
                "That is ASML's total net sales, all regions together.",
            ),
            Mistake(lambda: _region("ASML", "FY2023", "Taiwan"), "That is the Taiwan row, just above China."),
        ],
        hints=[
            "Find the 2023 column, then the row named China.",
            "The filing's unit is '€, in millions': copy the number as printed.",
        ],
        explanation="ASML counts a sale where the customer's fab is located; the same machine sold to "
        "a Korean chipmaker's plant in China is China revenue.",
    )
)


# --------------------------------------------------------------------------- 2. year, not quarter


def apple_share_fy2024_pct() -> float:
    """Apple's Greater China share of net sales in fiscal 2024, in percent."""
    return _share_pct("Apple", "FY2024")


register(
    Exercise(
        id="04.apple-share",
        question="What share of Apple's net sales came from its Greater China segment in fiscal 2024 "
        "(the year ended September 2024)? Answer in percent.",
        solve=apple_share_fy2024_pct,
        unit="%",
        tolerance=0.005,
        mistakes=[
            Mistake(
                lambda: _share_pct("Apple", "Q1 FY2025"),
                "That is the article's figure, from one "
                "quarter (October-December 2024), not the fiscal year.",
            ),
            Mistake(
                lambda: _share_pct("Apple", "FY2025"),
                "That is fiscal 2025 (ended September 2025); the question asks for fiscal 2024.",
            ),
        ],
        hints=[
            "Use the china_revenue row with company 'Apple' and period_label 'FY2024'.",
            "Greater China net sales divided by total net sales, times 100.",
        ],
        explanation="Greater China is Apple's segment: mainland China, Hong Kong and Taiwan together.",
    )
)


# --------------------------------------------------------------------------- 3. revenue at risk


def tesla_half_loss_bn() -> float:
    """Tesla FY2023 revenue at risk if half of its China revenue disappeared, US$ billions."""
    row = _row("Tesla", "FY2023")
    share = row["china_revenue"] / row["total_revenue"]
    at_risk = exposure.revenue_at_risk(row["total_revenue"], share, 0.5)
    return float(at_risk / 1000)


register(
    Exercise(
        id="04.tesla-at-risk",
        question="Tesla, fiscal 2023: if half of its China revenue (sales-location basis) disappeared, "
        "how much revenue would be at risk? Use revenue_at_risk; answer in US$ billions.",
        solve=tesla_half_loss_bn,
        unit="US$ billions",
        tolerance=0.005,
        mistakes=[
            Mistake(
                lambda: _row("Tesla", "FY2023")["china_revenue"] / 1000,
                "That is all of Tesla's China revenue; only half is lost.",
            ),
            Mistake(
                lambda: _row("Tesla", "FY2023")["total_revenue"] * 0.5 / 1000,
                "That is half of Tesla's total revenue: multiply by the China share too.",
            ),
        ],
        hints=[
            "china_share = China revenue / total revenue for Tesla FY2023.",
            "revenue_at_risk(total revenue, china_share, 0.5), then divide by 1,000 (millions → billions).",
        ],
        explanation="Revenue at risk is not profit at risk: costs fall too when sales fall.",
    )
)


# --------------------------------------------------------------------------- 4. tariff elasticity

#: The exercise's tariff: a scenario setting, not a figure from the data.
_TARIFF = 0.5


def _tariff_case() -> dict:
    """The 50% tariff at the course's default elasticities (assumptions table)."""
    return exposure.tariff_effects(_TARIFF)


def tariff_loss_pct() -> float:
    """Share of China revenue lost to a 50% tariff at the course's elasticities (percent)."""
    d = exposure.tariff_defaults()
    return exposure.tariff_loss_fraction(_TARIFF, d["demand_elasticity"], d["supply_elasticity"]) * 100


def _full_pass_through_pct() -> float:
    # buyers pay all of it (as if supply were perfectly elastic): quantity × (1 + t) ** ε_D
    return (1 - (1 + _TARIFF) ** exposure.tariff_defaults()["demand_elasticity"]) * 100


def _sign_slip_pct() -> float:
    # pass-through right, but the quantity *rises* with the price: (1 + t) ** (p·(1 − ε_D) − 1)
    c, d = _tariff_case(), exposure.tariff_defaults()
    return (1 - (1 + _TARIFF) ** (c["pass_through"] * (1 - d["demand_elasticity"]) - 1)) * 100


def _tariff_question() -> str:
    d = exposure.tariff_defaults()
    return (
        f"China puts a {_TARIFF:.0%} tariff on a company's chips. Take the course's assumptions "
        f"(assumptions table, grade {d['demand_grade']}): buyers' price elasticity of demand "
        f"{d['demand_elasticity']:.1f}, the seller's supply elasticity {d['supply_elasticity']:.1f}. "
        "What share of its China revenue does the company lose? Answer in percent."
    )


def _tariff_explanation() -> str:
    c = _tariff_case()
    return (
        f"Buyers bear {c['pass_through']:.0%} of the tariff (pass-through ε_S / (ε_S − ε_D)): "
        f"their price rises {c['buyer_price_change']:.1%}, they buy {-c['quantity_change']:.1%} "
        f"less, and the seller gets {-c['seller_price_change']:.1%} less a unit. The elasticities "
        "are scenario values: for chips with no substitute demand can be far less elastic, for "
        "chips with a domestic substitute far more."
    )


register(
    Exercise(
        id="04.tariff",
        question=_tariff_question,
        solve=tariff_loss_pct,
        unit="%",
        tolerance=0.005,
        mistakes=[
            Mistake(
                _TARIFF * 100,
                "That is the tariff rate itself; buyers react to the higher price by buying less.",
            ),
            Mistake(
                _full_pass_through_pct,
                "That assumes buyers pay all of the tariff (pass-through 100%). With an upward-sloping "
                "supply the seller bears part of it: buyers' share is ε_S / (ε_S − ε_D).",
            ),
            Mistake(
                _sign_slip_pct,
                "Your quantity went up when the price rose: a sign slip. The demand elasticity is "
                "negative, so the quantity is multiplied by (price factor) ** ε_D with ε_D < 0.",
            ),
            Mistake(
                lambda: -tariff_loss_pct(),
                "Right size, wrong sign: that is the change in revenue. The question asks for the "
                "share lost, a positive number.",
            ),
            Mistake(
                lambda: -exposure.tariff_defaults()["demand_elasticity"] * _TARIFF * 100,
                "That is the straight-line shortcut (elasticity × tariff, as if buyers paid it all). "
                "With constant elasticities the quantity falls to (price factor) ** ε_D, and buyers "
                "pay only part of the tariff.",
            ),
            Mistake(
                (1 - 1 / (1 + _TARIFF)) * 100,
                "That is the seller absorbing the whole tariff (pass-through 0) with no change in "
                "quantity; with these elasticities buyers pay part of it and buy less.",
            ),
        ],
        hints=[
            "Pass-through first: economics.pass_through(ε_D, ε_S) = ε_S / (ε_S − ε_D), with ε_D negative.",
            "exposure.tariff_loss_fraction(0.5, ε_D, ε_S) gives the fraction lost; times 100 for percent.",
        ],
        explanation=_tariff_explanation,
    )
)


# --------------------------------------------------------------------------- 5. currency


def _rate_2023() -> float:
    return exposure.fx_rate(data.load("fx_rates"), kind="daily reference", on="2023-12-29")["rate"]


def asml_china_usd_bn() -> float:
    """ASML's 2023 China sales converted at the ECB reference rate of 29 Dec 2023, US$ billions."""
    fx = exposure.fx_rate(data.load("fx_rates"), kind="daily reference", on="2023-12-29")
    eur = _row("ASML", "FY2023")["china_revenue"]
    usd, _note = exposure.convert_currency(eur, fx["rate"], rate_date=fx["date"])
    return float(usd / 1000)


register(
    Exercise(
        id="04.asml-usd",
        question="Convert ASML's 2023 China sales to US dollars with the ECB reference rate of "
        "29 December 2023 from the fx_rates table. Answer in US$ billions.",
        solve=asml_china_usd_bn,
        unit="US$ billions",
        tolerance=0.005,
        mistakes=[
            Mistake(
                lambda: _row("ASML", "FY2023")["china_revenue"] / 1000,
                "That is still in euros: convert with the USD-per-EUR rate.",
            ),
            Mistake(
                lambda: _row("ASML", "FY2023")["china_revenue"] / _rate_2023() / 1000,
                "You divided by the rate; it is US dollars per euro, so multiply.",
            ),
        ],
        hints=[
            "The rate is in US dollars per euro.",
            "EUR millions × rate = USD millions; divide by 1,000 for billions.",
        ],
        explanation="A year-end rate is not the year's average: state which rate and date you used.",
    )
)


# --------------------------------------------------------------------------- 6. which period?


def apple_article_period() -> str:
    """What period the article's Apple figures ($124.3bn, $18.513bn) cover, from the table."""
    china = data.load("china_revenue")
    hit = china[
        (china["company"] == "Apple")
        & (china["total_revenue"] == 124_300)
        & (china["china_revenue"] == 18_513)
    ]
    kind = hit["period_type"].iloc[0]
    return {"quarter": "one quarter", "fiscal_year": "a fiscal year", "nine_months": "nine months"}[kind]


register(
    Exercise(
        id="04.apple-period",
        question="The article says Apple's '2024 revenue' was $124.3bn with $18.513bn from Greater "
        "China. Which period do these figures cover?",
        solve=apple_article_period,
        kind="choice",
        choices=("a fiscal year", "a calendar year", "one quarter", "nine months"),
        mistakes=[
            Mistake(
                "a fiscal year",
                "Apple's fiscal 2024 revenue was about three times larger; look "
                "for the row with these two figures in china_revenue.",
            ),
            Mistake(
                "a calendar year",
                "Apple's figures follow its fiscal calendar; find the row "
                "with these two figures and read its period_type.",
            ),
        ],
        hints=[
            "Search china_revenue for total_revenue == 124300.",
            "Read period_type and period_end of that row.",
        ],
        explanation="The row is the quarter ended 28 December 2024: Apple's first quarter of fiscal 2025.",
    )
)
