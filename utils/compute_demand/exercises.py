"""Exercises of notebook 02 (DeepSeek and the demand for compute). Answers are computed from the
course tables with the model functions of :mod:`utils.compute_demand`; common wrong answers and
the texts that quote figures are functions of the same tables, evaluated when an answer is
checked or a text is shown (importing this module loads no table).
"""

import math

from .. import data
from ..checks import Exercise, Mistake, Worked, register, register_quiz
from ..i18n import N_, _, language, pgettext
from . import model as cd


def _v3(item: str, stage: str) -> float:
    v3 = data.load("deepseek_v3")
    rows = v3[(v3["item"] == item) & (v3["stage"] == stage)]
    if len(rows) != 1:
        raise LookupError(f"expected one deepseek_v3 row for {item}/{stage}, got {len(rows)}")
    return float(rows["value"].iloc[0])


def _flop(model: str, as_of: str) -> float:
    m = data.load("ai_models")
    rows = m[(m["model"] == model) & (m["estimate_as_of"] == as_of)]
    if len(rows) != 1:
        raise LookupError(f"expected one ai_models row for {model} as of {as_of}, got {len(rows)}")
    return float(rows["training_flop"].iloc[0])


def _n():
    return _v3("active_parameters", "model")


def _n_total():
    return _v3("total_parameters", "model")


def _d():
    return _v3("training_tokens", "pre-training")


def _pre_hours():
    return _v3("gpu_hours", "pre-training")


def _all_hours():
    return _v3("gpu_hours", "total")


def _price():
    return _v3("rental_price", "assumption")


def _bf16():
    return _v3("h800_peak_bf16", "hardware")


def _fp8():
    return _v3("h800_peak_fp8", "hardware")


def _usd_plain(x: float, spec: str = "g") -> str:
    """A dollar amount written out: "$2", "$5,576,000"; in Chinese "2美元", "5,576,000美元"."""
    return f"{x:{spec}}美元" if language() == "zh" else f"${x:{spec}}"


def _billions(x: float) -> str:
    """A count in billions: "37 billion"; in Chinese in 亿 (100 million): "370亿"."""
    return f"{x / 1e8:.0f}亿" if language() == "zh" else f"{x / 1e9:,.0f} billion"


def _usd_m(x: float) -> str:
    """Dollars in millions: "$5.576M"; in Chinese in 万 (10,000): "557.6万美元"."""
    return f"{x / 1e4:g}万美元" if language() == "zh" else f"${x / 1e6:.3f}M"


_V3_CODE = """
from utils import data
from utils import compute_demand as cd

v3 = data.load("deepseek_v3").set_index(["item", "stage"])["value"]
"""


# --------------------------------------------------------------------------- 1. 6·N·D


def v3_pretraining_flop() -> float:
    """6 × active parameters × pre-training tokens, from the report's figures."""
    return cd.training_flop(_n(), _d())


register(
    Exercise(
        id="02.v3-flop",
        question=N_(
            "Use the 6·N·D rule and the DeepSeek-V3 report's figures (table deepseek_v3) to "
            "estimate the compute of V3's pre-training, in FLOP."
        ),
        solve=v3_pretraining_flop,
        unit="FLOP",
        tolerance=0.01,
        level=2,
        mistakes=[
            Mistake(
                lambda: cd.training_flop(_n_total(), _d()),
                lambda: _(
                    "You used all {total} parameters. In a mixture-of-experts model "
                    "only the active parameters ({active}) work on each token: N is the active count."
                ).format(total=_billions(_n_total()), active=_billions(_n())),
            ),
            Mistake(
                lambda: _n() * _d(),
                N_("You left out the factor 6 (2 FLOP per parameter per token forward, 4 backward)."),
            ),
            Mistake(
                lambda: 2 * _n() * _d(),
                N_("2·N·D counts only the forward pass; training also runs the backward pass."),
            ),
        ],
        hints=[
            N_(
                "N is the number of parameters active for each token; D is the number of pre-training "
                "tokens. Both are rows of the deepseek_v3 table."
            ),
            N_("cd.training_flop(N, D) does the multiplication; write 37e9 for 37 billion."),
        ],
        explanation=lambda: _(
            "About {flop} FLOP. Epoch AI's later estimate ({epoch}) adds post-training."
        ).format(flop=f"{v3_pretraining_flop():.2g}", epoch=f"{_flop('DeepSeek-V3', '2025-08-07'):.3g}"),
        worked=Worked(
            steps=lambda: [
                _(
                    "Training costs about 6 FLOP per parameter per token (2 forward, 4 backward): compute = 6 x N x D."
                ),
                _(
                    "V3 is a mixture-of-experts model: of its {total} parameters only N = {active} "
                    "are active for each token, and those are the ones that do the work."
                ).format(total=f"{_n_total():.3g}", active=f"{_n():.3g}"),
                _("D = {d} pre-training tokens (row training_tokens, pre-training).").format(d=f"{_d():.3g}"),
                f"6 x {_n():.3g} x {_d():.3g} = {v3_pretraining_flop():.4g} FLOP.",
            ],
            code=_V3_CODE
            + """N = v3[("active_parameters", "model")]
D = v3[("training_tokens", "pre-training")]
answer = 6 * N * D            # the same as cd.training_flop(N, D)
print(f"6 x {N:.3g} x {D:.3g} = {answer:.3g} FLOP")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 2. the $5.576M


def v3_reported_cost() -> float:
    """Total H800 GPU-hours × the report's rental price, in US dollars."""
    return cd.training_cost(_all_hours(), _price())


register(
    Exercise(
        id="02.v3-cost",
        question=N_(
            "Reproduce the cost the DeepSeek-V3 report gives for training V3: total H800 "
            "GPU-hours times the report's assumed rental price. Answer in US dollars."
        ),
        solve=v3_reported_cost,
        unit=N_("US dollars"),
        tolerance=0.005,
        level=1,
        mistakes=[
            Mistake(
                lambda: cd.training_cost(_pre_hours(), _price()),
                N_(
                    "That is pre-training only. Add the context-extension and post-training hours (or use the total)."
                ),
            ),
        ],
        hints=[
            N_("Total GPU-hours are the row item='gpu_hours', stage='total'."),
            N_("The price is the row item='rental_price' (dollars per GPU-hour)."),
        ],
        explanation=lambda: _(
            "{cost}: a rental-equivalent cost of the final run only, at an assumed {price} an hour."
        ).format(cost=_usd_m(v3_reported_cost()), price=_usd_plain(_price())),
        worked=Worked(
            steps=lambda: [
                _("Both figures are in the deepseek_v3 table printed above (and in the check table of 2.4)."),
                _(
                    "Total H800 GPU-hours: {hours} (pre-training, context extension and post-training together)."
                ).format(hours=f"{_all_hours():,.0f}"),
                _("Rental price assumed by the report: {price} per GPU-hour.").format(
                    price=_usd_plain(_price())
                ),
                f"{_all_hours():,.0f} x {_usd_plain(_price())} = {_usd_plain(v3_reported_cost(), ',.0f')}.",
            ],
            code=_V3_CODE
            + """hours = v3[("gpu_hours", "total")]
price = v3[("rental_price", "assumption")]
answer = hours * price        # US dollars
print(f"{hours:,.0f} GPU-hours x ${price:g} = ${answer:,.0f}")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 3. utilisation


def v3_implied_utilisation() -> float:
    """Utilisation implied by 6·N·D over the pre-training GPU-hours at the H800's BF16 peak."""
    return cd.implied_utilisation(v3_pretraining_flop(), _pre_hours(), _bf16())


register(
    Exercise(
        id="02.v3-mfu",
        question=N_(
            "What fraction of the H800's dense BF16 peak did V3's pre-training achieve? Divide "
            "the 6·N·D compute by (pre-training GPU-hours × 3600 × peak FLOP/s). Answer as a "
            "fraction between 0 and 1."
        ),
        solve=v3_implied_utilisation,
        unit=N_("fraction of peak"),
        tolerance=0.02,
        level=2,
        mistakes=[
            Mistake(
                lambda: cd.implied_utilisation(v3_pretraining_flop(), _pre_hours(), _fp8()),
                N_(
                    "That uses the FP8 peak. The question asks for the BF16 peak; your number shows how "
                    "much the answer depends on which peak you assume."
                ),
            ),
            Mistake(
                lambda: cd.implied_utilisation(v3_pretraining_flop(), _all_hours(), _bf16()),
                lambda: _(
                    "You divided by all {all}M GPU-hours; the 6·N·D compute is for "
                    "pre-training only ({pre}M GPU-hours)."
                ).format(all=f"{_all_hours() / 1e6:.3f}", pre=f"{_pre_hours() / 1e6:.3f}"),
            ),
        ],
        hints=[
            N_("cd.implied_utilisation(flop, gpu_hours, peak_flop_per_s) does the division."),
            lambda: _("The BF16 peak is the row item='h800_peak_bf16' ({peak} FLOP/s).").format(
                peak=f"{_bf16():.3g}"
            ),
        ],
        explanation=lambda: _(
            "About {bf16} of the BF16 peak, or about {fp8} of the FP8 peak the run "
            "mostly used: a utilisation is only meaningful next to the peak it assumes."
        ).format(
            bf16=f"{v3_implied_utilisation():.2f}",
            fp8=f"{cd.implied_utilisation(v3_pretraining_flop(), _pre_hours(), _fp8()):.2f}",
        ),
        worked=Worked(
            steps=lambda: [
                _("The work done: 6·N·D = {flop} FLOP (exercise 1), for pre-training only.").format(
                    flop=f"{v3_pretraining_flop():.4g}"
                ),
                _(
                    "What the GPUs could have done at peak: {hours} pre-training GPU-hours x 3,600 "
                    "seconds x {peak} FLOP/s (dense BF16) = {possible} FLOP."
                ).format(
                    hours=f"{_pre_hours():,.0f}",
                    peak=f"{_bf16():.3g}",
                    possible=f"{_pre_hours() * 3600 * _bf16():.4g}",
                ),
                _("Utilisation = work done / possible = {u}, about {pct} of the BF16 peak.").format(
                    u=f"{v3_implied_utilisation():.3f}", pct=f"{v3_implied_utilisation():.0%}"
                ),
                _(
                    "Against the FP8 peak (twice as fast, and V3 trained mostly in FP8) the same run is half "
                    "as efficient: the number depends on the peak you assume."
                ),
            ],
            code=_V3_CODE
            + """flop = 6 * v3[("active_parameters", "model")] * v3[("training_tokens", "pre-training")]
hours = v3[("gpu_hours", "pre-training")]
peak = v3[("h800_peak_bf16", "hardware")]          # FLOP per second
answer = flop / (hours * 60 * 60 * peak)          # the same as cd.implied_utilisation(flop, hours, peak)
print(f"utilisation = {answer:.3f}")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 4. Llama vs V3


def llama_over_v3() -> float:
    """Ratio of Epoch's compute estimates: Llama 3.1 405B ÷ DeepSeek-V3 (August 2025 snapshot)."""
    return _flop("Llama 3.1-405B", "2025-08-07") / _flop("DeepSeek-V3", "2025-08-07")


register(
    Exercise(
        id="02.llama-vs-v3",
        question=N_(
            "How many times more training compute did Llama 3.1 405B use than DeepSeek-V3, "
            "according to Epoch AI's August 2025 estimates (table ai_models)?"
        ),
        solve=llama_over_v3,
        unit=N_("times"),
        tolerance=0.02,
        level=2,
        mistakes=[
            Mistake(
                lambda: _flop("Llama 3.1-405B", "2025-08-07") / _flop("DeepSeek-V3", "2025-02-24"),
                lambda: _(
                    "That uses Epoch's February 2025 estimate for V3 ({flop}), "
                    "which Epoch later revised. Use the August 2025 snapshot for both models."
                ).format(flop=f"{_flop('DeepSeek-V3', '2025-02-24'):.3g}"),
            ),
        ],
        hints=[
            N_("Filter ai_models on model and on estimate_as_of == '2025-08-07'."),
            N_("Divide Llama's training_flop by V3's."),
        ],
        explanation=lambda: _("About {ratio} times, on Epoch AI's estimates for both models.").format(
            ratio=f"{llama_over_v3():.0f}"
        ),
        worked=Worked(
            steps=lambda: [
                _(
                    "The ai_models table keeps two estimates for V3 (February and August 2025); the question asks "
                    "for the August 2025 snapshot, so pick the rows with estimate_as_of 2025-08-07."
                ),
                f"Llama 3.1 405B: {_flop('Llama 3.1-405B', '2025-08-07'):.3g} FLOP; DeepSeek-V3: "
                f"{_flop('DeepSeek-V3', '2025-08-07'):.4g} FLOP.",
                _("Ratio: {a} / {b} = {ratio}.").format(
                    a=f"{_flop('Llama 3.1-405B', '2025-08-07'):.3g}",
                    b=f"{_flop('DeepSeek-V3', '2025-08-07'):.4g}",
                    ratio=f"{llama_over_v3():.1f}",
                ),
            ],
            code="""
from utils import data

models = data.load("ai_models")
august = models[models["estimate_as_of"] == "2025-08-07"].set_index("model")["training_flop"]
answer = august["Llama 3.1-405B"] / august["DeepSeek-V3"]
print(f"{august['Llama 3.1-405B']:.3g} / {august['DeepSeek-V3']:.4g} = {answer:.1f} times")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 5. doubling time


def _fits():
    m = data.load("ai_models")
    top = m[m["selection"].str.contains("top5-year")]
    fit = cd.fit_log_trend(cd.decimal_year(top["date"]), top["training_flop"])
    every = m[m["selection"] != "revision"]
    fit_all = cd.fit_log_trend(cd.decimal_year(every["date"]), every["training_flop"])
    return fit, fit_all


def frontier_doubling_months() -> float:
    """Doubling time of the 'top5-year' models' training compute, fitted on a log scale."""
    return _fits()[0].doubling_time_months


register(
    Exercise(
        id="02.doubling-time",
        question=N_(
            "Fit a straight line to log10(training compute) against the date for the rows of "
            "ai_models whose selection contains 'top5-year'. What doubling time does it give, "
            "in months?"
        ),
        solve=frontier_doubling_months,
        unit=N_("months"),
        tolerance=0.03,
        level=2,
        mistakes=[
            Mistake(
                lambda: _fits()[0].growth_per_year,
                N_("That is the growth factor per year, not a doubling time in months."),
            ),
            Mistake(
                lambda: _fits()[1].doubling_time_months,
                N_(
                    "You fitted every row, including the Chinese and comparison models that are not the "
                    "largest of their year. Keep only rows whose selection contains 'top5-year'."
                ),
            ),
            Mistake(
                lambda: frontier_doubling_months() / 12, N_("That is in years; the question asks for months.")
            ),
        ],
        hints=[
            N_(
                "cd.fit_log_trend(cd.decimal_year(dates), flop) returns the fit; look at doubling_time_months."
            ),
            N_("Doubling time = 12 × log10(2) ÷ slope, with the slope in orders of magnitude per year."),
        ],
        explanation=lambda: _(
            "Every {months} months, i.e. about {growth} times more compute each year."
        ).format(months=f"{frontier_doubling_months():.1f}", growth=f"{_fits()[0].growth_per_year:.1f}"),
        worked=Worked(
            steps=lambda: [
                _(
                    "Keep the {n} rows whose selection contains 'top5-year' (the five largest models of "
                    "each year), and turn each date into a decimal year."
                ).format(n=_fits()[0].n),
                _(
                    "Fit log10(FLOP) = a + b x year: the slope is b = {slope} orders of magnitude "
                    "a year (np.polyfit does it)."
                ).format(slope=f"{_fits()[0].slope_log10_per_year:.3f}"),
                _("Doubling time = 12 x log10(2) / b = 12 x 0.301 / {slope} = {months} months.").format(
                    slope=f"{_fits()[0].slope_log10_per_year:.3f}", months=f"{frontier_doubling_months():.2f}"
                ),
            ],
            code="""
import numpy as np
from utils import data
from utils import compute_demand as cd

models = data.load("ai_models")
top = models[models["selection"].str.contains("top5-year")]
years = cd.decimal_year(top["date"])
slope, intercept = np.polyfit(years, np.log10(top["training_flop"]), 1)
answer = 12 * np.log10(2) / slope      # months; cd.fit_log_trend(years, flop) gives the same
print(f"slope {slope:.3f} orders of magnitude a year, doubling every {answer:.2f} months")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 6. Jevons


def elasticity_to_double() -> float:
    """The elasticity at which a tenfold efficiency gain doubles compute demand."""
    return cd.elasticity_for_multiplier(10, 2)


register(
    Exercise(
        id="02.jevons-elasticity",
        question=N_(
            "In the constant-elasticity model, a tenfold efficiency gain (gain = 10) doubles "
            "total compute demand. What price elasticity of demand does that require?"
        ),
        solve=elasticity_to_double,
        unit=N_("(a price elasticity, with its sign)"),
        tolerance=0.01,
        level=2,
        mistakes=[
            Mistake(
                lambda: -cd.elasticity_for_multiplier(10, 2),
                N_(
                    "Right size, wrong sign: a price elasticity of demand is negative (a lower price "
                    "raises the quantity demanded), and the course's code uses that textbook sign "
                    "(cd.compute_demand_multiplier(10, -1.5)). The answer is the same number with a minus sign."
                ),
            ),
            Mistake(
                lambda: cd.elasticity_for_multiplier(10, 2) + 1,
                N_(
                    "Close: that is the exponent −ε − 1 with its sign flipped. Solve 10 ** (−ε − 1) = 2 for ε itself."
                ),
            ),
            Mistake(-2.0, N_("An elasticity of −2 would multiply compute demand by 10, not 2.")),
        ],
        hints=[
            N_("Compute demand changes by gain ** (−ε − 1). Solve 10 ** (−ε − 1) = 2 for ε."),
            N_("Take log10 of both sides: −ε − 1 = log10(2)."),
        ],
        explanation=lambda: _(
            "About {e}. Any elasticity below −1 (demand more elastic than unit) makes "
            "compute demand rise, which is backfire; between −1 and 0 part of the saving is taken back "
            "(rebound). Whether real demand for AI is that elastic nobody has measured well."
        ).format(e=f"{elasticity_to_double():.1f}"),
        worked=Worked(
            steps=[
                N_(
                    "A gain g cuts the price of a unit of AI service g times; with elasticity ε (negative) the "
                    "quantity rises by g ** (−ε); each unit needs 1/g of the compute, so compute demand "
                    "changes by g ** (−ε − 1)."
                ),
                N_("Set it equal to 2 with g = 10: 10 ** (−ε − 1) = 2."),
                N_("Take log10 of both sides: −ε − 1 = log10(2) = 0.301, so ε = −1 − 0.301 = −1.301."),
                N_("Check: cd.compute_demand_multiplier(10, −1.301) gives 2.0."),
            ],
            code="""
import math
from utils import compute_demand as cd

gain, multiplier = 10, 2                      # the question's scenario
answer = -1 - math.log10(multiplier) / math.log10(gain)
print(f"elasticity {answer:.3f}; check: x{cd.compute_demand_multiplier(gain, answer):.2f}")
""",
        ),
    )
)


# --------------------------------------------------------------------------- 7. what $5.576M covers


def cost_scope() -> str:
    return "final training run"


def _scope_note() -> str:
    v3 = data.load("deepseek_v3")
    return str(v3[(v3["item"] == "training_cost") & (v3["stage"] == "total")]["note"].iloc[0])


register(
    Exercise(
        id="02.cost-scope",
        question=N_("Which of these does DeepSeek's $5.576M cover?"),
        solve=cost_scope,
        kind="choice",
        level=1,
        choices=(
            "final training run",
            "research and ablation runs",
            "buying the GPU cluster",
            "all of DeepSeek's costs in 2024",
        ),
        aliases={
            "the final training run": "final training run",
            "final run": "final training run",
            "the final run": "final training run",
            "training run": "final training run",
        },
        mistakes=[
            Mistake(
                "research and ablation runs",
                N_("The report says the opposite: it excludes 'prior research and ablation experiments'."),
            ),
            Mistake(
                "buying the GPU cluster",
                lambda: _(
                    "No: the figure prices GPU-hours at an assumed rental rate of {price}; DeepSeek "
                    "owns its cluster and its purchase is not in the figure."
                ).format(price=_usd_plain(_price())),
            ),
            Mistake(
                "all of DeepSeek's costs in 2024",
                N_("No: staff, data, research runs and hardware are all outside the figure."),
            ),
        ],
        hints=[N_("Read the note of the row item='training_cost', stage='total' in deepseek_v3.")],
        explanation=N_("Only the official training of V3: a rental-equivalent price of its final run."),
        worked=Worked(
            steps=lambda: [
                _("Read the note of the row training_cost / total in deepseek_v3 (section 2.5 quotes it): ")
                + f"'{_scope_note()}'",
                _(
                    "So the figure is GPU-hours of the official training run priced at a rental rate: not the "
                    "research before it, not the cluster DeepSeek owns, not staff or data."
                ),
            ],
            code="""
from utils import data

v3 = data.load("deepseek_v3")
note = v3[(v3["item"] == "training_cost") & (v3["stage"] == "total")]["note"].iloc[0]
print(note)
answer = "final training run"
""",
        ),
    )
)


# --------------------------------------------------------------------------- 8. open


def _capex_growth():
    capex = data.load("hyperscaler_capex")
    return cd.like_for_like_growth(capex, 2024, 2025)


def _open_model_answer() -> str:
    g = _capex_growth()
    total = g["value1"].sum() / g["value0"].sum() - 1
    zh = language() == "zh"
    cost = f"{v3_reported_cost() / 1e4:.0f}万美元" if zh else f"${v3_reported_cost() / 1e6:.1f}M"
    return _(
        "In January 2025 investors reasoned that if a frontier-class model can be trained for "
        "{cost}, the world needs fewer chips. The Jevons model says that depends "
        "on the price elasticity of demand for AI services: a tenfold efficiency gain doubles compute "
        "demand only if the elasticity is about {e}, and raises it at all only "
        "below -1. Nobody has measured that elasticity, so the model cannot settle it. What we can "
        "observe is behaviour: the largest cloud companies' capital spending rose {growth} from 2024 "
        "to 2025 on a like-for-like basis (hyperscaler_capex; a compiled figure). That fits Jevons but "
        "does not prove it: orders were placed before DeepSeek, competition and expectations drive "
        "capex, and the {cost} covers only the final run, not the research and the cluster."
    ).format(cost=cost, e=f"{elasticity_to_double():.1f}", growth=f"{total:.0%}")


register(
    Exercise(
        id="02.open-jevons",
        kind="open",
        level=3,
        question=N_(
            "Write a short note (about 100-150 words) for an investor: did DeepSeek's efficiency "
            "reduce the demand for AI chips? Use the elasticity you found in exercise 7, the capital "
            "spending of the cloud companies (section 4.4), and say what the $5.576M does and does not cover."
        ),
        solve=_open_model_answer,
        min_words=70,
        rubric=[
            N_(
                "states the Jevons condition correctly (compute demand rises only if demand is more elastic than -1)"
            ),
            N_("uses the exercise 7 elasticity and says it is a scenario value, not a measurement"),
            N_("quotes the capex growth like for like (one definition for both years) with its source"),
            N_(
                "separates evidence consistent with Jevons from proof (orders placed earlier, competition, expectations)"
            ),
            N_("says the $5.576M is the final run at a rental price, not the cost of DeepSeek"),
        ],
        hints=[
            N_("The like-for-like table in section 4.4 gives each company's growth."),
            N_("Discussion question 1 of section 4 lists other explanations of the capex rise."),
        ],
        worked=Worked(
            steps=lambda: [
                _("The elasticity that doubles demand after a tenfold gain: {e} (exercise 7).").format(
                    e=f"{elasticity_to_double():.2f}"
                ),
                _("Capex growth 2024 to 2025, like for like: {growth}.").format(
                    growth=_("; ").join(
                        f"{pgettext('company', r.company)} {r.growth:+.0%}"
                        for r in _capex_growth().itertuples()
                    )
                ),
                _("Conclude carefully: consistent with Jevons, not a proof of it."),
            ],
            code="""
from utils import data
from utils import compute_demand as cd

cd.like_for_like_growth(data.load("hyperscaler_capex"), 2024, 2025)
""",
        ),
    )
)


# --------------------------------------------------------------------------- quiz (start of the next class)

register_quiz(
    Exercise(
        id="q02.active",
        question=N_("In 6·N·D for a mixture-of-experts model such as DeepSeek-V3, N is the number of ..."),
        solve=lambda: "active parameters",
        kind="choice",
        level=1,
        choices=("total parameters", "active parameters", "GPUs"),
        aliases={"active": "active parameters", "total": "total parameters"},
        explanation=lambda: _(
            "Only the {active} active parameters work on each token, not all {total}."
        ).format(active=_billions(_n()), total=_billions(_n_total())),
    )
)

register_quiz(
    Exercise(
        id="q02.order",
        question=N_(
            "DeepSeek-V3's pre-training compute by 6·N·D is about 3 × 10 to the power of what? (answer the exponent)"
        ),
        solve=lambda: float(math.floor(math.log10(v3_pretraining_flop()))),
        unit="",
        tolerance=0.0,
        level=1,
        mistakes=[
            Mistake(
                lambda: v3_pretraining_flop(),
                N_("That is the compute itself; the question asks only for the power of ten (the exponent)."),
                tolerance=0.5,
            )
        ],
        explanation=lambda: f"{v3_pretraining_flop():.2g} FLOP.",
    )
)

register_quiz(
    Exercise(
        id="q02.scope",
        question=N_("The $5.576M is GPU-hours of V3's final training run times ..."),
        solve=lambda: "an assumed rental price",
        kind="choice",
        level=1,
        choices=(
            "an assumed rental price",
            "the price DeepSeek paid for its GPUs",
            "DeepSeek's electricity bill",
        ),
        aliases={"rental price": "an assumed rental price", "a rental price": "an assumed rental price"},
        explanation=lambda: _(
            "{price} per H800-hour, the report's assumption; DeepSeek owns its GPUs."
        ).format(price=_usd_plain(_price())),
    )
)

register_quiz(
    Exercise(
        id="q02.break-even",
        question=N_(
            "In the constant-elasticity model, at which price elasticity of demand (with its sign) does an efficiency "
            "gain leave total compute demand unchanged?"
        ),
        solve=cd.break_even_elasticity,
        unit=N_("(a price elasticity, with its sign)"),
        tolerance=0.01,
        level=1,
        sign_message=N_(
            "Right size, wrong sign: a price elasticity of demand is negative in the course's code (-1 here)."
        ),
        explanation=N_(
            "At -1 the fall in compute per unit and the rise in units cancel; below -1 compute demand rises (Jevons)."
        ),
    )
)

register_quiz(
    Exercise(
        id="q02.doubling",
        question=N_(
            "Fitted on the five largest models of each year, frontier training compute doubles about every how many "
            "months? (a whole number)"
        ),
        solve=frontier_doubling_months,
        unit=N_("months"),
        tolerance=0.15,
        level=1,
        explanation=N_("About five to six months, i.e. four to five times more compute a year."),
    )
)

register_quiz(
    Exercise(
        id="q02.capex",
        question=N_(
            "Did the four largest cloud companies spend more or less on capital expenditure in 2025 than in 2024 "
            "(like for like)?"
        ),
        solve=lambda: "more" if bool((_capex_growth()["growth"] > 0).all()) else "not all more",
        kind="choice",
        level=1,
        choices=("more", "less", "not all more"),
        explanation=N_("All four spent more; consistent with the Jevons paradox, but not a proof of it."),
    )
)
