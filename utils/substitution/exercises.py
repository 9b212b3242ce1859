"""Exercises of notebook 03 (domestic chip substitution). Answers are computed from the data.

Common wrong answers (``Mistake``) are functions of the same data, evaluated when an answer is
checked, so importing this module loads no table and checking changes no state.
"""

from .. import data
from ..checks import Exercise, Mistake, register
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
        question="Gasgoo counted 1.095 million Orin-X chips installed in China in 2023; brokers give "
        "2.1 million for 2024 (both in the driving_chip_installs table). What growth rate does "
        "that imply, in percent? Compare it with the article's '同比增长91.8%'.",
        solve=orin_growth_pct,
        unit="percent",
        tolerance=0.005,
        mistakes=[
            Mistake(
                lambda: _orin()[1] / _orin()[0] * 100,
                "That is 2024 as a percentage of 2023; growth is that minus 100.",
            ),
            Mistake(
                lambda: (1 - _orin()[0] / _orin()[1]) * 100,
                "Growth is measured on the earlier year: (2024 - 2023) / 2023.",
            ),
        ],
        hints=["Growth = (2024 - 2023) / 2023.", "(2.1 - 1.095) / 1.095, times 100."],
        explanation="About 91.8%: exactly the article's figure, and 1.095 million x 1.918 = 2.1002 "
        "million, the article's '210.02万'. The article's numbers are almost certainly from "
        "the same Gasgoo series (China, chips not cars), though it does not name it.",
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
        question="Using the accelerators table, what is the Ascend 910C's peak dense FP16/BF16 "
        "throughput in SemiAnalysis's estimate (the 780 TFLOPS row) as a percentage of the "
        "H100 SXM's? Answer in percent.",
        solve=ascend_910c_pct_of_h100,
        unit="percent",
        tolerance=0.005,
        mistakes=[
            Mistake(
                lambda: _peaks()[0] / _peaks()[1] * 100,
                "That is the H100 as a percentage of the 910C: put the 910C on top.",
            ),
            Mistake(
                lambda: _peaks()[2] / _peaks()[0] * 100,
                "That uses the 800 TFLOPS estimate; the question asks about 780.",
            ),
            Mistake(
                lambda: _peaks()[1] / (2 * _peaks()[0]) * 100,
                "The H100's 989 TFLOPS is already the dense figure; do not double or halve it.",
            ),
        ],
        hints=[
            "Divide the 910C figure by the H100 figure (both in TFLOPS), then multiply by 100.",
            "780 / 989.4 …",
        ],
        explanation="About 79%: the '78% of H100' in the article is most likely this ratio of peak "
        "specifications, rounded down, not a measured training efficiency, and it concerns "
        "the 910C, not the '920'.",
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
        question="Morgan Stanley's figures (production_constraints table): SMIC runs 7,000 wafers a "
        "month for AI chips in 2025; each wafer holds 78 Ascend dies; about 30% work; Morgan Stanley "
        "counts two dies per 910C. How many 910C chips could that make in a year (million chips)?",
        solve=smic_chips_per_year,
        unit="million chips",
        tolerance=0.01,
        mistakes=[
            Mistake(
                lambda: smic_chips_per_year() / _fab()[3],
                "You left out the yield: only about 30% of dies work.",
            ),
            Mistake(
                lambda: smic_chips_per_year() * _fab()[2],
                "That counts dies, not chips: in Morgan Stanley's figures a 910C takes two dies.",
            ),
            Mistake(
                lambda: smic_chips_per_year() / 12,
                "That is one month of wafers; the question asks for a year.",
            ),
        ],
        hints=["Wafers per year = 7,000 × 12.", "Good dies = wafers × 78 × 0.30; chips = good dies / 2."],
        explanation="About 0.98 million 910C a year from wafers alone (about 2 million 910B-class "
        "dies). US Commerce said Huawei could make at most 200,000 in 2025; IDC counted 812,000 "
        "Huawei cards shipped (mostly 910B). So wafers were not the limit in 2025; the scenario "
        "explorer shows when memory (HBM) becomes one.",
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
        question="On peak dense compute (TPP), how many Ascend 910C chips match a cluster of 1,000 "
        "H100 SXM? (Use the preferred rows of the accelerators table; round up.)",
        solve=ascend_for_1000_h100,
        unit="chips",
        tolerance=0.0005,
        mistakes=[
            Mistake(
                lambda: ascend_for_1000_h100() - 1, "Round up: with one chip fewer the cluster falls short."
            ),
            Mistake(
                lambda: 1000 * _cluster()["per_chip_ratio"],
                "You multiplied by the ratio; a weaker chip needs more chips, so divide.",
            ),
        ],
        hints=[
            "TPP = dense TFLOPS × bit length: H100 989.5 × 16, 910C 800 × 16.",
            "Chips = 1,000 × TPP(H100) / TPP(910C), rounded up.",
        ],
        explanation="About 1,237 chips, and 24% more chip power (700 W each). That is the best case: "
        "peak specs ignore interconnect, memory and software, where the gap is larger.",
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
        question="What share of NVIDIA's revenue in fiscal 2025 (ended January 2025) came from "
        "automotive? Answer in percent.",
        solve=nvidia_auto_share_fy2025_pct,
        unit="percent",
        tolerance=0.01,
        mistakes=[
            Mistake(
                lambda: (_nvidia(2025, "Automotive") / _nvidia(2024, "Automotive") - 1) * 100,
                "That is the growth of automotive revenue, not its share of total revenue.",
            ),
            Mistake(
                lambda: _nvidia(2024, "Automotive") / _nvidia(2024, "Total") * 100,
                "That is fiscal 2024; the article's '2024' is NVIDIA's fiscal 2025 (ended January 2025).",
            ),
        ],
        hints=["Automotive revenue / total revenue × 100, both for fiscal 2025."],
        explanation="About 1.3%, as the article says; but automotive revenue itself grew about 55% "
        "that year. The share fell because data-centre revenue grew far faster.",
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
        text += (
            f"In {demand_years[0]}-{demand_years[-1]} domestic chips sell all that is left after "
            "foreign chips, with capacity to spare. "
        )
    text += f"The HBM stockpile (about {stock:g} million stacks) is drawn down each year"
    if first_hbm is not None:
        text += (
            f"; from {first_hbm} what is left, with new HBM, allows fewer Huawei dies than SMIC's "
            "wafers could make"
        )
    return text + ". Raise 'new HBM' or its growth and see when wafers take over."


def binding_2027() -> str:
    """What limits domestic supply in 2027 in the default scenario."""

    return str(sw.run_default().set_index("year").loc[2027, "binding"])


register(
    Exercise(
        id="03.binding",
        question="Run the scenario explorer with its default settings. In 2027, what limits the "
        "number of domestic chips: 'demand' (there is capacity to spare), 'wafers' (SMIC's good "
        "dies) or 'HBM' (memory)?",
        solve=binding_2027,
        kind="choice",
        choices=("demand", "wafers", "HBM"),
        hints=[
            "The readout names the limit for 2027; in the result table, compare the columns "
            "wafer_limited_units and hbm_limited_units, and watch hbm_stock_end fall.",
        ],
        explanation=_binding_explanation,
    )
)
