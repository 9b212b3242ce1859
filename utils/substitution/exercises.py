"""Exercises of notebook 03 (domestic chip substitution). Answers are computed from the data.

Common wrong answers (``Mistake``) are functions of the same data, evaluated when an answer is
checked, so importing this module loads no table and checking changes no state.
"""

from .. import data
from ..checks import Exercise, Mistake, Worked, register, register_quiz
from ..i18n import N_, _
from . import model as sw


def _one(df, **match):
    for k, v in match.items():
        df = df[df[k] == v]
    if len(df) != 1:
        raise LookupError(f"expected one row for {match}, got {len(df)}")
    return df.iloc[0]


# --------------------------------------------------------------------------- 1. growth rate


def _orin() -> tuple[float, float]:
    inst = data.load("driving_chip_installs")
    y23 = float(_one(inst, publisher="Gasgoo", chip="Orin-X")["units_million"])
    y24 = float(_one(inst, publisher="Northeast Securities", chip="Orin-X")["units_million"])
    return y23, y24


def orin_growth_pct() -> float:
    """Growth of Orin-X installations 2023 -> 2024 implied by Gasgoo (2023) and the brokers (2024)."""
    y23, y24 = _orin()
    return (y24 / y23 - 1) * 100


register(
    Exercise(
        id="03.orin-growth",
        question=N_(
            "Gasgoo counted 1.095 million Orin-X chips installed in China in 2023; brokers give "
            "2.1 million for 2024 (both in the driving_chip_installs table). What growth rate does "
            "that imply, in percent? Compare it with the article's '同比增长91.8%'."
        ),
        solve=orin_growth_pct,
        unit=N_("percent"),
        tolerance=0.005,
        mistakes=[
            Mistake(
                lambda: _orin()[1] / _orin()[0] * 100,
                N_("That is 2024 as a percentage of 2023; growth is that minus 100."),
            ),
            Mistake(
                lambda: (1 - _orin()[0] / _orin()[1]) * 100,
                N_("Growth is measured on the earlier year: (2024 - 2023) / 2023."),
            ),
        ],
        hints=lambda: [
            _("Growth = (2024 - 2023) / 2023."),
            _("({y24} - {y23}) / {y23}, times 100.").format(y24=f"{_orin()[1]:g}", y23=f"{_orin()[0]:g}"),
        ],
        explanation=lambda: _(
            "About {pct}%: the article's figure, and {y23} million x {factor} = {y24} million, the article's "
            "'210.02万'. The article's numbers are almost certainly from the same Gasgoo series (China, chips "
            "not cars), though it does not name it."
        ).format(
            pct=f"{orin_growth_pct():.1f}",
            y23=f"{_orin()[0]:g}",
            factor=f"{1 + round(orin_growth_pct(), 1) / 100:.3f}",
            y24=f"{_orin()[0] * (1 + round(orin_growth_pct(), 1) / 100):.4f}",
        ),
        level=1,
        worked=Worked(
            steps=lambda: [
                _(
                    "The two counts are rows of driving_chip_installs: Gasgoo, 2023: {y23} million; "
                    "Northeast Securities, 2024: {y24} million."
                ).format(y23=f"{_orin()[0]:g}", y24=f"{_orin()[1]:g}"),
                _("Growth is measured on the earlier year: (2024 - 2023) / 2023 x 100."),
                f"({_orin()[1]:g} - {_orin()[0]:g}) / {_orin()[0]:g} x 100 = {orin_growth_pct():.2f}%.",
                _("Mixing two publishers is a risk: check that both count the same thing (chips, in China)."),
            ],
            code="""
from utils import data

installs = data.load("driving_chip_installs")
orin = installs[installs["chip"] == "Orin-X"].set_index("publisher")["units_million"]
y2023, y2024 = orin["Gasgoo"], orin["Northeast Securities"]
answer = (y2024 - y2023) / y2023 * 100
print(f"({y2024} - {y2023}) / {y2023} x 100 = {answer:.1f}%")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 2. the 78% claim


def _fp16(source_id: str, chip_id: str) -> float:
    acc = data.load("accelerators")
    return float(_one(acc, chip_id=chip_id, source_id=source_id)["fp16_tflops"])


def _peaks() -> tuple[float, float, float]:
    acc = data.load("accelerators")
    h100 = float(_one(acc, chip_id="nvidia-h100-sxm", preferred=True)["fp16_tflops"])
    c780 = _fp16("aiwiki-ascend-910c", "huawei-ascend910c")
    c800 = float(_one(acc, chip_id="huawei-ascend910c", preferred=True)["fp16_tflops"])
    return h100, c780, c800


def ascend_910c_pct_of_h100() -> float:
    """SemiAnalysis's 910C peak FP16/BF16 as a percentage of the H100's (dense)."""
    h100, c780, _ = _peaks()
    return c780 / h100 * 100


register(
    Exercise(
        id="03.peak-ratio",
        question=N_(
            "Using the accelerators table, what is the Ascend 910C's peak dense FP16/BF16 "
            "throughput in SemiAnalysis's estimate (the 780 TFLOPS row) as a percentage of the "
            "H100 SXM's? Answer in percent."
        ),
        solve=ascend_910c_pct_of_h100,
        unit=N_("percent"),
        tolerance=0.005,
        mistakes=[
            Mistake(
                lambda: _peaks()[0] / _peaks()[1] * 100,
                N_("That is the H100 as a percentage of the 910C: put the 910C on top."),
            ),
            Mistake(
                lambda: _peaks()[2] / _peaks()[0] * 100,
                N_("That uses the 800 TFLOPS estimate; the question asks about 780."),
            ),
            Mistake(
                lambda: _peaks()[1] / (2 * _peaks()[0]) * 100,
                N_("The H100's 989 TFLOPS is already the dense figure; do not double or halve it."),
            ),
        ],
        hints=lambda: [
            _("Divide the 910C figure by the H100 figure (both in TFLOPS), then multiply by 100."),
            f"{_peaks()[1]:g} / {_peaks()[0]:g} …",
        ],
        explanation=lambda: _(
            "About {pct}%: the '78% of H100' in the article is most likely this ratio of peak specifications, "
            "rounded down, not a measured training efficiency, and it concerns the 910C, not the '920'."
        ).format(pct=f"{ascend_910c_pct_of_h100():.0f}"),
        level=1,
        worked=Worked(
            steps=lambda: [
                _(
                    "The table under 'tracing a claim' lists the 910C's rows with a column pct_of_h100_peak: the "
                    "row of 780 TFLOPS reads it off directly."
                ),
                _(
                    "By hand: the 910C's dense FP16/BF16 peak in that row is {c910} TFLOPS; the H100 SXM's "
                    "(preferred row) is {h100} TFLOPS."
                ).format(c910=f"{_peaks()[1]:g}", h100=f"{_peaks()[0]:g}"),
                f"{_peaks()[1]:g} / {_peaks()[0]:g} x 100 = {ascend_910c_pct_of_h100():.1f}%.",
                _("It is a ratio of datasheet peaks, not a measured training result."),
            ],
            code="""
from utils import data

acc = data.load("accelerators")
h100 = acc[(acc["chip_id"] == "nvidia-h100-sxm") & acc["preferred"]]["fp16_tflops"].iloc[0]
c910 = acc[(acc["chip_id"] == "huawei-ascend910c") & (acc["source_id"] == "aiwiki-ascend-910c")]
answer = c910["fp16_tflops"].iloc[0] / h100 * 100
print(f"{c910['fp16_tflops'].iloc[0]:g} / {h100:g} x 100 = {answer:.1f}%")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 3. wafers to chips


def _fab() -> tuple[float, float, float, float]:
    """(wafers per year, dies per wafer, dies per chip, yield) from the production table."""
    prod = data.load("production_constraints")
    wafers = float(_one(prod, constraint_id="smic-ai-2025")["value"]) * 1000 * 12
    dpw = float(_one(prod, constraint_id="dpw-910b")["value"])
    dies_per_chip = dpw / float(_one(prod, constraint_id="dpw-910c")["value"])
    yld = float(_one(prod, constraint_id="yield-ms-2025")["value"]) / 100
    return wafers, dpw, dies_per_chip, yld


def smic_chips_per_year() -> float:
    """Ascend 910C-class chips per year from SMIC's 2025 AI wafers (Morgan Stanley figures)."""
    wafers, dpw, per_chip, yld = _fab()
    return wafers * dpw * yld / per_chip / 1e6


register(
    Exercise(
        id="03.wafer-chips",
        question=N_(
            "Morgan Stanley's figures (production_constraints table): SMIC runs 7,000 wafers a "
            "month for AI chips in 2025; each wafer holds 78 Ascend dies; about 30% work; Morgan Stanley "
            "counts two dies per 910C. How many 910C chips could that make in a year (million chips)?"
        ),
        solve=smic_chips_per_year,
        unit=N_("million chips"),
        tolerance=0.01,
        mistakes=[
            Mistake(
                lambda: smic_chips_per_year() / _fab()[3],
                N_("You left out the yield: only about 30% of dies work."),
            ),
            Mistake(
                lambda: smic_chips_per_year() * _fab()[2],
                N_("That counts dies, not chips: in Morgan Stanley's figures a 910C takes two dies."),
            ),
            Mistake(
                lambda: smic_chips_per_year() / 12,
                N_("That is one month of wafers; the question asks for a year."),
            ),
        ],
        hints=lambda: [
            _("Wafers per year = {month} × 12.").format(month=f"{_fab()[0] / 12:,.0f}"),
            _("Good dies = wafers × {dpw} × {yld}; chips = good dies / {per_chip}.").format(
                dpw=f"{_fab()[1]:g}", yld=f"{_fab()[3]:.2f}", per_chip=f"{_fab()[2]:g}"
            ),
        ],
        explanation=lambda: _(
            "About {chips} million 910C a year from wafers alone (about {dies} million 910B-class dies). "
            "Compare it with the estimates of Huawei's output in section 4 (US Commerce's 'at most' and IDC's "
            "count of cards shipped): wafers were not the limit in 2025; the scenario explorer shows when "
            "memory (HBM) becomes one."
        ).format(chips=f"{smic_chips_per_year():.2f}", dies=f"{smic_chips_per_year() * _fab()[2]:.1f}"),
        level=2,
        worked=Worked(
            steps=lambda: [
                _(
                    "Wafers a year: {month} a month x 12 = {year} (row smic-ai-2025, in thousands of wafers a month)."
                ).format(month=f"{_fab()[0] / 12:,.0f}", year=f"{_fab()[0]:,.0f}"),
                _("Dies: {wafers} wafers x {dpw} dies per wafer (dpw-910b) = {dies}.").format(
                    wafers=f"{_fab()[0]:,.0f}", dpw=f"{_fab()[1]:g}", dies=f"{_fab()[0] * _fab()[1]:,.0f}"
                ),
                _("Good dies: x {yld} yield (yield-ms-2025) = {good}.").format(
                    yld=f"{_fab()[3]:.2f}", good=f"{_fab()[0] * _fab()[1] * _fab()[3]:,.0f}"
                ),
                _(
                    "Chips: a 910C takes {per_chip} dies in Morgan Stanley's count ({dpw} dies or {cpw} chips per "
                    "wafer), so {good} / {per_chip} = {chips}, i.e. {million} million chips."
                ).format(
                    per_chip=f"{_fab()[2]:g}",
                    dpw=f"{_fab()[1]:g}",
                    cpw=f"{_fab()[1] / _fab()[2]:g}",
                    good=f"{_fab()[0] * _fab()[1] * _fab()[3]:,.0f}",
                    chips=f"{smic_chips_per_year() * 1e6:,.0f}",
                    million=f"{smic_chips_per_year():.2f}",
                ),
            ],
            code="""
from utils import data

prod = data.load("production_constraints").set_index("constraint_id")["value"]
wafers = prod["smic-ai-2025"] * 1000 * 12          # thousand wafers a month -> wafers a year
dies = wafers * prod["dpw-910b"]
good_dies = dies * prod["yield-ms-2025"] / 100      # the yield is in percent
dies_per_chip = prod["dpw-910b"] / prod["dpw-910c"]  # two dies per 910C
answer = good_dies / dies_per_chip / 1e6            # million chips
print(f"{wafers:,.0f} wafers -> {good_dies:,.0f} good dies -> {answer:.2f} million 910C")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 4. cluster size


def _cluster() -> dict:

    return sw.cluster_result("nvidia-h100-sxm", 1000, "huawei-ascend910c", "TPP (peak dense compute)", 1.0)


def ascend_for_1000_h100() -> float:
    """910C chips needed to match 1,000 H100 SXM on TPP (rounded up)."""
    return float(_cluster()["substitute_count"])


register(
    Exercise(
        id="03.h100-cluster",
        question=N_(
            "On peak dense compute (TPP), how many Ascend 910C chips match a cluster of 1,000 "
            "H100 SXM? (Use the preferred rows of the accelerators table; round up.)"
        ),
        solve=ascend_for_1000_h100,
        unit=N_("chips"),
        tolerance=0.0005,
        mistakes=[
            Mistake(
                lambda: ascend_for_1000_h100() - 1,
                N_("Round up: with one chip fewer the cluster falls short."),
            ),
            Mistake(
                lambda: 1000 * _cluster()["per_chip_ratio"],
                N_("You multiplied by the ratio; a weaker chip needs more chips, so divide."),
            ),
        ],
        hints=lambda: [
            _(
                "TPP = dense operations × bit length, the highest over the formats: H100 {h100}, "
                "910C {c910} (the table above)."
            ).format(h100=f"{_cluster()['target_perf']:,.0f}", c910=f"{_cluster()['substitute_perf']:,.0f}"),
            _("Chips = 1,000 × TPP(H100) / TPP(910C), rounded up."),
        ],
        explanation=lambda: _(
            "{n} chips, and {more} more chip power. That is the best case: peak specs ignore interconnect, "
            "memory and software, where the gap is larger."
        ).format(
            n=f"{_cluster()['substitute_count']:,}",
            more=f"{_cluster()['substitute_power_kw'] / _cluster()['target_power_kw'] - 1:.0%}",
        ),
        level=2,
        worked=Worked(
            steps=lambda: [
                _(
                    "TPP of the H100 SXM (preferred row): {h100}; of the Ascend 910C (preferred row): {c910}."
                ).format(
                    h100=f"{_cluster()['target_perf']:,.0f}", c910=f"{_cluster()['substitute_perf']:,.0f}"
                ),
                _(
                    "Each 910C does {ratio} of an H100's peak work, so you need more of them: "
                    "1,000 x {h100} / {c910} = {exact}."
                ).format(
                    ratio=f"{_cluster()['per_chip_ratio']:.3f}",
                    h100=f"{_cluster()['target_perf']:,.0f}",
                    c910=f"{_cluster()['substitute_perf']:,.0f}",
                    exact=f"{1000 * _cluster()['target_perf'] / _cluster()['substitute_perf']:,.2f}",
                ),
                _(
                    "Round up (a fraction of a chip does not exist, and one chip fewer falls short): {n}."
                ).format(n=f"{_cluster()['substitute_count']:,}"),
            ],
            code="""
import math
from utils import export_controls as ec

chips = ec.chips().set_index("chip_id")      # preferred rows, with TPP computed
h100, c910 = chips.loc["nvidia-h100-sxm", "tpp"], chips.loc["huawei-ascend910c", "tpp"]
answer = math.ceil(1000 * h100 / c910)
print(f"1,000 x {h100:,.0f} / {c910:,.0f} = {1000 * h100 / c910:,.1f} -> {answer:,} chips")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 5. automotive share


def _nvidia(fy: int, category: str) -> float:
    rev = data.load("nvidia_revenue")
    return float(_one(rev, fiscal_year=fy, category=category)["revenue_usd_m"])


def nvidia_auto_share_fy2025_pct() -> float:
    """Automotive as a percentage of NVIDIA's FY2025 revenue (nvidia_revenue table)."""
    return _nvidia(2025, "Automotive") / _nvidia(2025, "Total") * 100


register(
    Exercise(
        id="03.auto-share",
        question=N_(
            "What share of NVIDIA's revenue in fiscal 2025 (ended January 2025) came from "
            "automotive? Answer in percent."
        ),
        solve=nvidia_auto_share_fy2025_pct,
        unit=N_("percent"),
        tolerance=0.01,
        mistakes=[
            Mistake(
                lambda: (_nvidia(2025, "Automotive") / _nvidia(2024, "Automotive") - 1) * 100,
                N_("That is the growth of automotive revenue, not its share of total revenue."),
            ),
            Mistake(
                lambda: _nvidia(2024, "Automotive") / _nvidia(2024, "Total") * 100,
                N_("That is fiscal 2024; the article's '2024' is NVIDIA's fiscal 2025 (ended January 2025)."),
            ),
        ],
        hints=[N_("Automotive revenue / total revenue × 100, both for fiscal 2025.")],
        explanation=lambda: _(
            "About {share}%, as the article says; but automotive revenue itself grew about {growth}% that year. "
            "The share fell because data-centre revenue grew far faster."
        ).format(
            share=f"{nvidia_auto_share_fy2025_pct():.1f}",
            growth=f"{(_nvidia(2025, 'Automotive') / _nvidia(2024, 'Automotive') - 1) * 100:.0f}",
        ),
        level=1,
        worked=Worked(
            steps=lambda: [
                _("The bar chart above labels each fiscal year's share; FY2025 is the last bar."),
                _(
                    "By hand: automotive {auto} and total {total} USD millions (nvidia_revenue, fiscal 2025)."
                ).format(auto=f"{_nvidia(2025, 'Automotive'):,.0f}", total=f"{_nvidia(2025, 'Total'):,.0f}"),
                f"{_nvidia(2025, 'Automotive'):,.0f} / {_nvidia(2025, 'Total'):,.0f} x 100 = "
                f"{nvidia_auto_share_fy2025_pct():.2f}%.",
            ],
            code="""
from utils import data

rev = data.load("nvidia_revenue")
fy2025 = rev[rev["fiscal_year"] == 2025].set_index("category")["revenue_usd_m"]
answer = fy2025["Automotive"] / fy2025["Total"] * 100
print(f"{fy2025['Automotive']:,.0f} / {fy2025['Total']:,.0f} x 100 = {answer:.2f}%")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 6. what binds


def _binding_explanation() -> str:
    run = sw.run_default().set_index("year")
    first_hbm = next((y for y in run.index if run.loc[y, "binding"] == "HBM"), None)
    demand_years = [y for y in run.index if run.loc[y, "binding"] == "demand"]
    stock = sw.default_params()["hbm_stock_mstacks"]
    text = f"{binding_2027()}. "
    if demand_years:
        text += _(
            "In {first}-{last} domestic chips sell all that is left after foreign chips, with capacity to spare. "
        ).format(first=demand_years[0], last=demand_years[-1])
    text += _("The HBM stockpile (about {stock} million stacks) is drawn down each year").format(
        stock=f"{stock:g}"
    )
    if first_hbm is not None:
        text += _(
            "; from {year} what is left, with new HBM, allows fewer Huawei dies than SMIC's wafers could make"
        ).format(year=first_hbm)
    return text + _(". Raise 'new HBM' or its growth and see when wafers take over.")


def binding_2027() -> str:
    """What limits domestic supply in 2027 in the default scenario."""

    return str(sw.run_default().set_index("year").loc[2027, "binding"])


register(
    Exercise(
        id="03.binding",
        question=N_(
            "Run the scenario explorer with its default settings. In 2027, what limits the "
            "number of domestic chips: 'demand' (there is capacity to spare), 'wafers' (SMIC's good "
            "dies) or 'HBM' (memory)?"
        ),
        solve=binding_2027,
        kind="choice",
        choices=("demand", "wafers", "HBM"),
        hints=[
            N_(
                "The readout names the limit for 2027; in the result table, compare the columns "
                "wafer_limited_units and hbm_limited_units, and watch hbm_stock_end fall."
            ),
        ],
        explanation=_binding_explanation,
        level=1,
        aliases={"memory": "HBM", "HBM memory": "HBM", "wafer": "wafers", "SMIC wafers": "wafers"},
        worked=Worked(
            steps=lambda: [
                _(
                    "The result table of section 6 (the cell with substitution.run_default()) has a column "
                    "'binding' for each year; the panel's readout says the same for the year you pick."
                ),
                _("2027: {binding}. The column 'why' says: {why}").format(
                    binding=binding_2027(), why=_why(2027)
                ),
            ],
            code="""
from utils import substitution

run = substitution.run_default().set_index("year")
print(run.loc[2027, ["wafer_limited_units", "hbm_limited_units", "hbm_stock_end", "why"]])
answer = run.loc[2027, "binding"]
""",
        ),
    )
)


def _why(year: int) -> str:
    return str(sw.run_default().set_index("year").loc[year, "why"])


def _open_model_answer() -> str:
    run = sw.run_default().set_index("year")
    p = sw.default_params()
    first_hbm = next((y for y in run.index if run.loc[y, "binding"] == "HBM"), None)
    y27 = run.loc[2027]
    return _(
        "In the course's default scenario domestic chips do not replace Nvidia by 2027 because they run "
        "out of memory, not wafers. In 2027 the fabs could make {wafer_units} million good dies but the HBM "
        "left covers only {hbm_units} million chips: the stockpile of about {stock} million stacks "
        "(SemiAnalysis, grade E) is used up{when}, and unmet demand reaches {unmet} million H100-equivalents, "
        "with a scarcity price {index} times the normal one. For 'replace Nvidia by 2027' to hold, new HBM "
        "must grow fast (CXMT, Huawei's own HBM) and demand must not grow as fast as IDC's count suggests. "
        "The single setting that changes the answer most is new HBM supply; the yield and the wafers matter "
        "only once memory is no longer short. Every default is an analyst's estimate, so the forecast is "
        "only as good as its HBM assumption."
    ).format(
        wafer_units=f"{y27['wafer_limited_units']:.2f}",
        hbm_units=f"{y27['hbm_limited_units']:.2f}",
        stock=f"{p['hbm_stock_mstacks']:g}",
        when=_(" in {year}").format(year=first_hbm) if first_hbm else "",
        unmet=f"{y27['unmet']:.2f}",
        index=f"{y27['scarcity_price_index']:.1f}",
    )


register(
    Exercise(
        id="03.open-forecast",
        kind="open",
        level=3,
        question=N_(
            "A commentator says 'Chinese chips will replace Nvidia in China by 2027'. Using the scenario "
            "explorer, write about 100-150 words: what limits domestic supply in the default scenario and why, "
            "what would have to be true (HBM, yield, wafers, demand) for the claim to hold, and which single "
            "setting changes the answer most. Say how good the defaults are (source and grade)."
        ),
        solve=_open_model_answer,
        min_words=70,
        rubric=[
            N_(
                "names the binding limit in 2027 in the default scenario, with the figures from the result table"
            ),
            N_("explains the HBM stockpile as a stock that is drawn down, not a yearly flow"),
            N_(
                "states the conditions for the claim (new HBM, demand growth, yield, wafers) and tests one in "
                "the panel"
            ),
            N_("identifies the setting that moves the result most and shows it"),
            N_("says the defaults are analysts' estimates (grade E) and what that does to the conclusion"),
        ],
        hints=[
            N_("Start from the readout for 2027; then raise 'new HBM' growth and watch 'binding' change."),
            N_("Compare hbm_limited_units and wafer_limited_units in the result table."),
        ],
        worked=Worked(
            steps=lambda: [
                _("Default 2027: binding = {binding}; {why}").format(binding=binding_2027(), why=_why(2027)),
                _(
                    "Raise new HBM supply or its growth in the panel: the binding limit moves to wafers or demand."
                ),
                _("Yield and wafers change nothing while HBM binds (try pushing the yield to 60%)."),
            ],
            code="""
from utils import substitution

run = substitution.run_default()
run[["year", "binding", "wafer_limited_units", "hbm_limited_units", "unmet", "scarcity_price_index"]].round(2)
""",
        ),
    )
)


# --------------------------------------------------------------------------- quiz (start of the next class)


def _idc(segment: str, unit: str) -> float:
    share = data.load("china_ai_chip_share")
    return float(_one(share, estimate_id="idc-2025", segment=segment, unit=unit)["value"])


def _bw(chip_id: str) -> float:
    acc = data.load("accelerators")
    return float(_one(acc, chip_id=chip_id, preferred=True)["memory_bandwidth_gbps"])


register_quiz(
    Exercise(
        id="q03.idc-share",
        question=N_(
            "By IDC's count, what share of the AI accelerator cards shipped in China in 2025 came from Chinese "
            "vendors? Answer in percent."
        ),
        solve=lambda: _idc("domestic", "percent"),
        unit=N_("percent"),
        tolerance=0.03,
        level=1,
        explanation=N_(
            "About two fifths of cards, up from about a tenth in the first half of 2023 (grade E: an analyst's count)."
        ),
    )
)

register_quiz(
    Exercise(
        id="q03.78",
        question=N_("The article's 'Ascend reaches 78% of H100' is most likely a ratio of ..."),
        solve=lambda: "peak specifications",
        kind="choice",
        level=1,
        choices=("measured training efficiency", "peak specifications", "memory bandwidth"),
        aliases={"peak specs": "peak specifications", "datasheet peaks": "peak specifications"},
        explanation=lambda: _("{c910} / {h100} TFLOPS = {pct}%: the 910C's peak, not a test.").format(
            c910=f"{_peaks()[1]:g}", h100=f"{_peaks()[0]:g}", pct=f"{ascend_910c_pct_of_h100():.1f}"
        ),
    )
)

register_quiz(
    Exercise(
        id="q03.bandwidth",
        question=N_("Which has more memory bandwidth: the Nvidia H20 or the Huawei Ascend 910B?"),
        solve=lambda: "H20" if _bw("nvidia-h20") > _bw("huawei-ascend910b") else "Ascend 910B",
        kind="choice",
        level=1,
        choices=("H20", "Ascend 910B"),
        aliases={"Nvidia H20": "H20", "910B": "Ascend 910B", "Huawei Ascend 910B": "Ascend 910B"},
        explanation=lambda: _("H20 {h20} GB/s against {b910}: it was cut for compute, not memory.").format(
            h20=f"{_bw('nvidia-h20'):,.0f}", b910=f"{_bw('huawei-ascend910b'):,.0f}"
        ),
    )
)

register_quiz(
    Exercise(
        id="q03.stock",
        question=N_("In the scenario model, China's HBM stockpile is ..."),
        solve=lambda: "a stock, drawn down year by year",
        kind="choice",
        level=1,
        choices=("a stock, drawn down year by year", "a yearly flow", "unlimited"),
        aliases={
            "a stock": "a stock, drawn down year by year",
            "stock": "a stock, drawn down year by year",
            "flow": "a yearly flow",
        },
        explanation=N_("Chips made in one year use up stacks that are then missing in the next."),
    )
)

register_quiz(
    Exercise(
        id="q03.yield",
        question=N_("Morgan Stanley's estimate of SMIC's yield on Ascend 910B dies in 2025, in percent?"),
        solve=lambda: _fab()[3] * 100,
        unit=N_("percent"),
        tolerance=0.01,
        level=1,
        explanation=lambda: _(
            "About {pct} of dies work (grade E): yield is one of the three limits, with wafers and HBM."
        ).format(pct=f"{_fab()[3]:.0%}"),
    )
)

register_quiz(
    Exercise(
        id="q03.xring",
        question=N_("Xiaomi's XRING O1, which the article ties to a car, is what kind of chip?"),
        solve=lambda: str(_one(data.load("carmaker_chips"), company="Xiaomi")["chip_type"]),
        kind="choice",
        level=1,
        choices=("driving", "cockpit", "phone"),
        aliases={"smartphone": "phone", "phone and tablet": "phone"},
        explanation=N_("A 3 nm phone and tablet chip, not a driving chip."),
    )
)
