"""Exercises of notebook 04 (multinational China exposure). Answers are computed from the data.

Common wrong answers (``Mistake``) are also computed from the data: their values are functions,
evaluated only when an answer is checked, so importing this module loads no table.
"""

from .. import data
from ..checks import Exercise, Mistake, Worked, register, register_quiz
from ..i18n import N_, _, fmt_date, fmt_money, language
from . import model as exposure


def _row(company: str, label: str):
    china = data.load("china_revenue")
    rows = china[(china["company"] == company) & (china["period_label"] == label)]
    if len(rows) != 1:
        raise LookupError(f"expected one china_revenue row for {company} {label}, got {len(rows)}")
    return rows.iloc[0]


def _bn(usd_m: float, digits: int = 1) -> str:
    """USD millions as "$12.3bn" (English) or "123亿美元" (Chinese: i18n.fmt_money)."""
    return f"${usd_m / 1000:.{digits}f}bn" if language() == "en" else fmt_money(usd_m)


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
        question=N_(
            "In the geography note of ASML's Form 20-F quoted above, how much of ASML's 2023 total "
            "net sales was attributed to China? Answer in EUR millions, as the filing prints it."
        ),
        solve=asml_china_2023_eur_m,
        unit=N_("EUR millions"),
        tolerance=0.001,
        mistakes=[
            Mistake(
                lambda: _region("ASML", "FY2022", "China"),
                N_("That is the 2022 column; the question asks for 2023."),
            ),
            Mistake(
                lambda: _region("ASML", "FY2023", "Total"),
                N_("That is ASML's total net sales, all regions together."),
            ),
            Mistake(
                lambda: _region("ASML", "FY2023", "Taiwan"), N_("That is the Taiwan row, just above China.")
            ),
        ],
        hints=[
            N_("Find the 2023 column, then the row named China."),
            N_("The filing's unit is '€, in millions': copy the number as printed."),
        ],
        explanation=N_(
            "ASML counts a sale where the customer's fab is located; the same machine sold to "
            "a Korean chipmaker's plant in China is China revenue."
        ),
        level=1,
        worked=Worked(
            steps=lambda: [
                N_("In the note above, find the column for 2023, then the row named China."),
                _(
                    "It reads {china}: € millions, as the filing prints it (for comparison, Taiwan just above "
                    "reads {taiwan} and the 2022 column gives China {china_2022})."
                ).format(
                    china=f"{_region('ASML', 'FY2023', 'China'):,.1f}",
                    taiwan=f"{_region('ASML', 'FY2023', 'Taiwan'):,.1f}",
                    china_2022=f"{_region('ASML', 'FY2022', 'China'):,.1f}",
                ),
            ],
            code="""
from utils import data

regions = data.load("revenue_regions")
asml = regions[(regions["company"] == "ASML") & (regions["period_label"] == "FY2023")]
answer = asml.loc[asml["region"] == "China", "revenue"].iloc[0]   # EUR millions
""",
        ),
    )
)


# --------------------------------------------------------------------------- 2. year, not quarter


def apple_share_fy2024_pct() -> float:
    """Apple's Greater China share of net sales in fiscal 2024, in percent."""
    return _share_pct("Apple", "FY2024")


register(
    Exercise(
        id="04.apple-share",
        question=N_(
            "What share of Apple's net sales came from its Greater China segment in fiscal 2024 "
            "(the year ended September 2024)? Answer in percent."
        ),
        solve=apple_share_fy2024_pct,
        unit="%",
        tolerance=0.005,
        mistakes=[
            Mistake(
                lambda: _share_pct("Apple", "Q1 FY2025"),
                N_(
                    "That is the article's figure, from one "
                    "quarter (October-December 2024), not the fiscal year."
                ),
            ),
            Mistake(
                lambda: _share_pct("Apple", "FY2025"),
                N_("That is fiscal 2025 (ended September 2025); the question asks for fiscal 2024."),
            ),
        ],
        hints=[
            N_("Use the china_revenue row with company 'Apple' and period_label 'FY2024'."),
            N_("Greater China net sales divided by total net sales, times 100."),
        ],
        explanation=N_("Greater China is Apple's segment: mainland China, Hong Kong and Taiwan together."),
        level=2,
        worked=Worked(
            steps=lambda: [
                N_(
                    "Fiscal 2024 is a whole year (period_label 'FY2024'), not the quarter the article quotes."
                ),
                _(
                    "Greater China net sales {china} and total net sales {total} USD millions (china_revenue table)."
                ).format(
                    china=f"{_row('Apple', 'FY2024')['china_revenue']:,.0f}",
                    total=f"{_row('Apple', 'FY2024')['total_revenue']:,.0f}",
                ),
                f"{_row('Apple', 'FY2024')['china_revenue']:,.0f} / {_row('Apple', 'FY2024')['total_revenue']:,.0f} x 100 "
                f"= {apple_share_fy2024_pct():.2f}%.",
            ],
            code="""
from utils import data

china = data.load("china_revenue")
apple = china[(china["company"] == "Apple") & (china["period_label"] == "FY2024")].iloc[0]
answer = apple["china_revenue"] / apple["total_revenue"] * 100
print(f"{apple['china_revenue']:,.0f} / {apple['total_revenue']:,.0f} x 100 = {answer:.2f}%")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 3. revenue at risk


def _tesla_steps() -> list[str]:
    row = _row("Tesla", "FY2023")
    total, china = f"{row['total_revenue']:,.0f}", f"{row['china_revenue']:,.0f}"
    share = f"{row['china_revenue'] / row['total_revenue']:.3f}"
    return [
        _(
            "Tesla FY2023 (china_revenue): total revenue {total}, China {china} USD millions, by sales location."
        ).format(total=total, china=china),
        _("China share = {china} / {total} = {share}.").format(china=china, total=total, share=share),
        _(
            "Revenue at risk = revenue x China share x fraction lost = {total} x {share} x 0.5 = {at_risk} USD millions."
        ).format(total=total, share=share, at_risk=f"{tesla_half_loss_bn() * 1000:,.1f}"),
        _(
            "In billions: {answer}. (Revenue x share is just the China revenue, so this is half of it.)"
        ).format(answer=f"{tesla_half_loss_bn():.2f}"),
    ]


def tesla_half_loss_bn() -> float:
    """Tesla FY2023 revenue at risk if half of its China revenue disappeared, US$ billions."""
    row = _row("Tesla", "FY2023")
    share = row["china_revenue"] / row["total_revenue"]
    at_risk = exposure.revenue_at_risk(row["total_revenue"], share, 0.5)
    return float(at_risk / 1000)


register(
    Exercise(
        id="04.tesla-at-risk",
        question=N_(
            "Tesla, fiscal 2023: if half of its China revenue (sales-location basis) disappeared, "
            "how much revenue would be at risk? Use revenue_at_risk; answer in US$ billions."
        ),
        solve=tesla_half_loss_bn,
        unit=N_("US$ billions"),
        tolerance=0.005,
        mistakes=[
            Mistake(
                lambda: _row("Tesla", "FY2023")["china_revenue"] / 1000,
                N_("That is all of Tesla's China revenue; only half is lost."),
            ),
            Mistake(
                lambda: _row("Tesla", "FY2023")["total_revenue"] * 0.5 / 1000,
                N_("That is half of Tesla's total revenue: multiply by the China share too."),
            ),
        ],
        hints=[
            N_("china_share = China revenue / total revenue for Tesla FY2023."),
            N_(
                "revenue_at_risk(total revenue, china_share, 0.5), then divide by 1,000 (millions → billions)."
            ),
        ],
        explanation=N_("Revenue at risk is not profit at risk: costs fall too when sales fall."),
        level=2,
        worked=Worked(
            steps=lambda: _tesla_steps(),
            code="""
from utils import data, exposure

china = data.load("china_revenue")
tesla = china[(china["company"] == "Tesla") & (china["period_label"] == "FY2023")].iloc[0]
share = tesla["china_revenue"] / tesla["total_revenue"]
at_risk = exposure.revenue_at_risk(tesla["total_revenue"], share, 0.5)   # USD millions
answer = at_risk / 1000                                                  # USD billions
print(f"{tesla['total_revenue']:,.0f} x {share:.3f} x 0.5 = {at_risk:,.1f} million = {answer:.2f} billion")
""",
        ),
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
    return _(
        "China puts a {tariff} tariff on a company's chips. Take the course's assumptions "
        "(assumptions table, grade {grade}): buyers' price elasticity of demand "
        "{demand}, the seller's supply elasticity {supply}. "
        "What share of its China revenue does the company lose? Answer in percent."
    ).format(
        tariff=f"{_TARIFF:.0%}",
        grade=d["demand_grade"],
        demand=f"{d['demand_elasticity']:.1f}",
        supply=f"{d['supply_elasticity']:.1f}",
    )


def _tariff_steps() -> list[str]:
    d, c = exposure.tariff_defaults(), _tariff_case()
    e_d, e_s, p = d["demand_elasticity"], d["supply_elasticity"], c["pass_through"]
    kept = 1 - tariff_loss_pct() / 100
    es, ed, pp, t = f"{e_s:.1f}", f"{e_d:.1f}", f"{p:.3f}", f"{_TARIFF:g}"
    buyer, seller = f"{1 + c['buyer_price_change']:.4f}", f"{1 + c['seller_price_change']:.4f}"
    quantity = f"{1 + c['quantity_change']:.4f}"
    return [
        _(
            "Who pays the tariff follows from the elasticities: pass-through p = ε_S / (ε_S − ε_D) = "
            "{es} / ({es} − ({ed})) = {p}. Buyers bear that share (in logs), the seller the rest."
        ).format(es=es, ed=ed, p=pp),
        _(
            "The buyer's price rises by the factor (1 + {t}) ** {p} = {buyer}; "
            "the seller receives the factor (1 + {t}) ** ({p} − 1) = {seller}."
        ).format(t=t, p=pp, buyer=buyer, seller=seller),
        _("Quantity falls with the buyer's price: factor {buyer} ** ({ed}) = {quantity}.").format(
            buyer=buyer, ed=ed, quantity=quantity
        ),
        _(
            "The company's China revenue is its price times quantity: {seller} x {quantity} = {kept} of what "
            "it was, so it loses {loss}%."
        ).format(seller=seller, quantity=quantity, kept=f"{kept:.4f}", loss=f"{tariff_loss_pct():.2f}"),
    ]


def _tariff_explanation() -> str:
    c = _tariff_case()
    return _(
        "Buyers bear {pass_through} of the tariff (pass-through ε_S / (ε_S − ε_D)): "
        "their price rises {buyer}, they buy {quantity} "
        "less, and the seller gets {seller} less a unit. The elasticities "
        "are scenario values: for chips with no substitute demand can be far less elastic, for "
        "chips with a domestic substitute far more."
    ).format(
        pass_through=f"{c['pass_through']:.0%}",
        buyer=f"{c['buyer_price_change']:.1%}",
        quantity=f"{-c['quantity_change']:.1%}",
        seller=f"{-c['seller_price_change']:.1%}",
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
                N_("That is the tariff rate itself; buyers react to the higher price by buying less."),
            ),
            Mistake(
                _full_pass_through_pct,
                N_(
                    "That assumes buyers pay all of the tariff (pass-through 100%). With an upward-sloping "
                    "supply the seller bears part of it: buyers' share is ε_S / (ε_S − ε_D)."
                ),
            ),
            Mistake(
                _sign_slip_pct,
                N_(
                    "Your quantity went up when the price rose: a sign slip. The demand elasticity is "
                    "negative, so the quantity is multiplied by (price factor) ** ε_D with ε_D < 0."
                ),
            ),
            Mistake(
                lambda: -tariff_loss_pct(),
                N_(
                    "Right size, wrong sign: that is the change in revenue. The question asks for the "
                    "share lost, a positive number."
                ),
            ),
            Mistake(
                lambda: -exposure.tariff_defaults()["demand_elasticity"] * _TARIFF * 100,
                N_(
                    "That is the straight-line shortcut (elasticity × tariff, as if buyers paid it all). "
                    "With constant elasticities the quantity falls to (price factor) ** ε_D, and buyers "
                    "pay only part of the tariff."
                ),
            ),
            Mistake(
                (1 - 1 / (1 + _TARIFF)) * 100,
                N_(
                    "That is the seller absorbing the whole tariff (pass-through 0) with no change in "
                    "quantity; with these elasticities buyers pay part of it and buy less."
                ),
            ),
        ],
        hints=[
            N_(
                "Pass-through first: economics.pass_through(ε_D, ε_S) = ε_S / (ε_S − ε_D), with ε_D negative."
            ),
            N_(
                "exposure.tariff_loss_fraction(0.5, ε_D, ε_S) gives the fraction lost; times 100 for percent."
            ),
        ],
        explanation=_tariff_explanation,
        level=2,
        sign_message=N_(
            "Right size, wrong sign: that is the change in the company's China revenue (a fall). The "
            "question asks for the share it loses, a positive percentage."
        ),
        worked=Worked(
            steps=lambda: _tariff_steps(),
            code="""
from utils import economics, exposure

d = exposure.tariff_defaults()                       # the course's assumptions (grade E)
e_d, e_s, tariff = d["demand_elasticity"], d["supply_elasticity"], 0.5
p = economics.pass_through(e_d, e_s)                 # buyers' share of the tariff: e_s / (e_s - e_d)
kept = (1 + tariff) ** (p * (1 + e_d) - 1)           # revenue kept, at the seller's price
answer = (1 - kept) * 100                            # = exposure.tariff_loss_fraction(0.5) * 100
print(f"pass-through {p:.3f}; revenue kept {kept:.4f}; lost {answer:.2f}%")
""",
        ),
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
        question=N_(
            "Convert ASML's 2023 China sales to US dollars with the ECB reference rate of "
            "29 December 2023 from the fx_rates table. Answer in US$ billions."
        ),
        solve=asml_china_usd_bn,
        unit=N_("US$ billions"),
        tolerance=0.005,
        mistakes=[
            Mistake(
                lambda: _row("ASML", "FY2023")["china_revenue"] / 1000,
                N_("That is still in euros: convert with the USD-per-EUR rate."),
            ),
            Mistake(
                lambda: _row("ASML", "FY2023")["china_revenue"] / _rate_2023() / 1000,
                N_("You divided by the rate; it is US dollars per euro, so multiply."),
            ),
        ],
        hints=[
            N_("The rate is in US dollars per euro."),
            N_("EUR millions × rate = USD millions; divide by 1,000 for billions."),
        ],
        explanation=N_("A year-end rate is not the year's average: state which rate and date you used."),
        level=2,
        worked=Worked(
            steps=lambda: [
                _("ASML's 2023 China sales (china_revenue, FY2023): {eur} EUR millions.").format(
                    eur=f"{_row('ASML', 'FY2023')['china_revenue']:,.1f}"
                ),
                _(
                    "The ECB reference rate of 29 December 2023 (fx_rates, daily reference): {rate} US dollars "
                    "per euro. Dollars per euro, so multiply."
                ).format(rate=f"{_rate_2023():g}"),
                _("{eur} x {rate} = {usd_m} USD millions = {usd_bn} US$ billions.").format(
                    eur=f"{_row('ASML', 'FY2023')['china_revenue']:,.1f}",
                    rate=f"{_rate_2023():g}",
                    usd_m=f"{asml_china_usd_bn() * 1000:,.1f}",
                    usd_bn=f"{asml_china_usd_bn():.3f}",
                ),
                N_("Say which rate you used: the year's average rate would give a different figure."),
            ],
            code="""
from utils import data

fx = data.load("fx_rates")
rate = fx[(fx["kind"] == "daily reference") & (fx["rate_date"] == "2023-12-29")]["rate"].iloc[0]
china = data.load("china_revenue")
asml = china[(china["company"] == "ASML") & (china["period_label"] == "FY2023")]["china_revenue"].iloc[0]
answer = asml * rate / 1000      # EUR millions x USD per EUR = USD millions; / 1,000 = billions
print(f"{asml:,.1f} x {rate} = {asml * rate:,.1f} USD millions")
""",
        ),
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
        question=N_(
            "The article says Apple's '2024 revenue' was $124.3bn with $18.513bn from Greater "
            "China. Which period do these figures cover?"
        ),
        solve=apple_article_period,
        kind="choice",
        choices=("a fiscal year", "a calendar year", "one quarter", "nine months"),
        mistakes=[
            Mistake(
                "a fiscal year",
                N_(
                    "Apple's fiscal 2024 revenue was about three times larger; look "
                    "for the row with these two figures in china_revenue."
                ),
            ),
            Mistake(
                "a calendar year",
                N_(
                    "Apple's figures follow its fiscal calendar; find the row "
                    "with these two figures and read its period_type."
                ),
            ),
        ],
        hints=[
            N_("Search china_revenue for total_revenue == 124300."),
            N_("Read period_type and period_end of that row."),
        ],
        explanation=N_(
            "The row is the quarter ended 28 December 2024: Apple's first quarter of fiscal 2025."
        ),
        level=1,
        aliases={
            "quarter": "one quarter",
            "a quarter": "one quarter",
            "one fiscal quarter": "one quarter",
            "a single quarter": "one quarter",
            "Q1 FY2025": "one quarter",
            "fiscal year": "a fiscal year",
            "calendar year": "a calendar year",
            "9 months": "nine months",
        },
        worked=Worked(
            steps=lambda: [
                _(
                    "Look for the row of china_revenue with Apple's total_revenue {total} and "
                    "china_revenue {china} (the table in section 4 shows it)."
                ).format(
                    total=f"{_article_apple()['total_revenue']:,.0f}",
                    china=f"{_article_apple()['china_revenue']:,.0f}",
                ),
                _("Its period_label is '{label}', its period_type '{kind}' and it ends on {end}.").format(
                    label=_article_apple()["period_label"],
                    kind=_article_apple()["period_type"],
                    end=(
                        f"{_article_apple()['period_end']:%d %B %Y}"
                        if language() == "en"
                        else fmt_date(_article_apple()["period_end"])
                    ),
                ),
                _("So the figures cover {period}: October to December 2024, not a year.").format(
                    period=_(apple_article_period())
                ),
            ],
            code="""
from utils import data, fact_check

evidence = fact_check.evidence()                      # the article's figures, as the capstone stores them
stated = evidence[(evidence["claim_id"] == 11) & (evidence["role"] == "test")].set_index("part")["stated"]
total_bn = float(stated[1])                           # the article's '$124.3bn', in US$ billions
china = data.load("china_revenue")
apple = china[china["company"] == "Apple"]
row = apple[(apple["total_revenue"] / 1000 - total_bn).abs() < 0.05]
print(row[["period_label", "period_type", "period_end", "total_revenue", "china_revenue"]])
answer = {"quarter": "one quarter", "fiscal_year": "a fiscal year", "nine_months": "nine months"}[
    row["period_type"].iloc[0]
]
""",
        ),
    )
)


def _article_apple():
    china = data.load("china_revenue")
    return china[
        (china["company"] == "Apple")
        & (china["total_revenue"] == 124_300)
        & (china["china_revenue"] == 18_513)
    ].iloc[0]


def _share(company: str, label: str) -> float:
    row = _row(company, label)
    if row["china_revenue"] == row["china_revenue"] and row["total_revenue"] == row["total_revenue"]:
        return float(row["china_revenue"] / row["total_revenue"])
    return float(row["china_share_reported"])


def _open_model_answer() -> str:
    apple, qcom = _row("Apple", "FY2024"), _row("Qualcomm", "FY2024")
    a_share, q_share = _share("Apple", "FY2024"), _share("Qualcomm", "FY2024")
    return (
        f"On paper Qualcomm looks far more exposed: {q_share:.0%} of its fiscal 2024 revenue came from China, "
        f"against {a_share:.0%} for Apple. The two shares measure different things. Apple's Greater China is a "
        "segment by customer location that includes Hong Kong and Taiwan (10-K, grade "
        f"{apple['grade']}); Qualcomm's China is where its chips are delivered, mostly phone factories in China "
        "assembling phones for brands everywhere, and the 46% comes from a Reuters report, not the 10-K (grade "
        f"{qcom['grade']}). A full ban on sales in Greater China would put about "
        f"${apple['china_revenue'] / 1000:.0f}bn of Apple's revenue at risk; for Qualcomm the figure from its "
        f"share (${q_share * qcom['total_revenue'] / 1000:.0f}bn) overstates what a ban on Chinese brands would "
        "cost, because many of the chips delivered to China end up in foreign-brand phones. Revenue at risk "
        "is not profit at risk, and neither figure counts sales won elsewhere. Before comparing, I would "
        "read Qualcomm's own geography note and find a headquarters-basis figure for both."
    )


register(
    Exercise(
        id="04.open-memo",
        kind="open",
        level=3,
        question=N_(
            "Write a memo (about 100-150 words) for an investor comparing the China exposure of Apple and "
            "Qualcomm in fiscal 2024: each company's China share, what 'China' means in each company's accounts, "
            "the grade of each figure, the revenue at risk under a full ban, and why the two shares are not "
            "directly comparable."
        ),
        solve=_open_model_answer,
        min_words=70,
        rubric=[
            N_("gives both shares with their fiscal year, from the china_revenue table"),
            N_("states each company's definition (Greater China segment incl. Taiwan; delivery location)"),
            N_("says Qualcomm's 46% is grade C (a Reuters report), Apple's figures grade B"),
            N_("computes revenue at risk with revenue x share x fraction lost, in dollars"),
            N_("explains why the shares are not comparable and what figure would make them comparable"),
        ],
        hints=[
            N_("The table in section 4 has both companies' fiscal 2024 rows."),
            N_("Section 2 quotes each company's definition; the heatmap marks the grades."),
        ],
        worked=Worked(
            steps=lambda: [
                _(
                    "Shares: Apple {apple} (grade {apple_grade}); Qualcomm {qcom} (grade {qcom_grade})."
                ).format(
                    apple=f"{_share('Apple', 'FY2024'):.1%}",
                    apple_grade=_row("Apple", "FY2024")["grade"],
                    qcom=f"{_share('Qualcomm', 'FY2024'):.0%}",
                    qcom_grade=_row("Qualcomm", "FY2024")["grade"],
                ),
                N_(
                    "Definitions: Apple's Greater China segment (customer location, with Hong Kong and Taiwan); "
                    "Qualcomm's delivery location."
                ),
                N_("Revenue at risk under a full ban = revenue x share x 1."),
            ],
            code="""
from utils import data, exposure

china = data.load("china_revenue")
rows = china[china["period_label"].eq("FY2024") & china["company"].isin(["Apple", "Qualcomm"])]
exposure.china_shares(rows)[["company", "total_revenue", "china_share", "basis", "grade"]]
""",
        ),
    )
)


# --------------------------------------------------------------------------- quiz (start of the next class)


def _basis(company: str) -> str:
    q = data.load("geography_definitions")
    return str(q[(q["company"] == company) & (q["topic"] == "definition")]["basis"].iloc[0])


register_quiz(
    Exercise(
        id="q04.asml-basis",
        question=N_("ASML assigns a sale to the country where ..."),
        solve=lambda: {
            "customer_facility": "the customer's fab is",
            "billing_location": "the customer is billed",
        }.get(_basis("ASML"), "the customer is headquartered"),
        kind="choice",
        level=1,
        choices=("the customer is billed", "the customer's fab is", "the customer is headquartered"),
        aliases={
            "fab": "the customer's fab is",
            "customer facility": "the customer's fab is",
            "facility": "the customer's fab is",
        },
        explanation=N_(
            "'Total net sales are attributed to the geographic location in which the customers' facilities are located.'"
        ),
    )
)

register_quiz(
    Exercise(
        id="q04.taiwan",
        question=N_("Does Apple's Greater China segment include Taiwan?"),
        solve=lambda: "yes" if bool(_row("Apple", "FY2024")["includes_taiwan"]) else "no",
        kind="choice",
        level=1,
        choices=("yes", "no"),
        explanation=N_("Greater China is mainland China, Hong Kong and Taiwan."),
    )
)

register_quiz(
    Exercise(
        id="q04.formula",
        question=N_("Revenue at risk = revenue × China share × ..."),
        solve=lambda: "the fraction of China revenue lost",
        kind="choice",
        level=1,
        choices=("the fraction of China revenue lost", "the profit margin", "the tariff rate"),
        aliases={
            "fraction lost": "the fraction of China revenue lost",
            "shock": "the fraction of China revenue lost",
        },
        explanation=N_("And it is revenue, not profit: costs fall too when sales fall."),
    )
)

register_quiz(
    Exercise(
        id="q04.tariff-zero",
        question=N_(
            "A 25% tariff, fully passed on to buyers whose price elasticity is 0: what share of China revenue does the "
            "company lose? Answer in percent."
        ),
        solve=lambda: exposure.tariff_loss_fraction(0.25, 0.0, 1.0) * 100,
        unit="%",
        tolerance=0.01,
        level=1,
        explanation=N_(
            "Buyers who do not respond to the price keep buying, and the company keeps its price: nothing is lost."
        ),
    )
)

register_quiz(
    Exercise(
        id="q04.qcom",
        question=N_("The article's 'Qualcomm FY2024 revenue of nearly $33.2bn' is ..."),
        solve=lambda: (
            "the QCT chip segment"
            if _row("Qualcomm", "FY2024 QCT")["scope"] == "segment"
            else "the whole company"
        ),
        kind="choice",
        level=1,
        choices=("the whole company", "the QCT chip segment", "one quarter"),
        aliases={
            "QCT": "the QCT chip segment",
            "a segment": "the QCT chip segment",
            "segment": "the QCT chip segment",
        },
        explanation=lambda: _("The company had {revenue}; QCT is its chip business.").format(
            revenue=_bn(_row("Qualcomm", "FY2024")["total_revenue"], 2)
        ),
    )
)

register_quiz(
    Exercise(
        id="q04.hq",
        question=N_(
            "By customer headquarters, was Nvidia's fiscal-2025 China revenue larger or smaller than by billing location?"
        ),
        solve=lambda: (
            "larger"
            if _row("Nvidia", "FY2025 HQ")["china_revenue"] > _row("Nvidia", "FY2025")["china_revenue"]
            else "smaller"
        ),
        kind="choice",
        level=1,
        choices=("larger", "smaller"),
        aliases={"bigger": "larger", "more": "larger", "less": "smaller"},
        explanation=lambda: _(
            "{hq} against {billed}: Chinese-owned customers are also billed outside China."
        ).format(
            hq=_bn(_row("Nvidia", "FY2025 HQ")["china_revenue"]),
            billed=_bn(_row("Nvidia", "FY2025")["china_revenue"]),
        ),
    )
)
