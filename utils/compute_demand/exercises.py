"""Exercises of notebook 02 (DeepSeek and the demand for compute). Answers are computed from the
course tables with the model functions of :mod:`utils.compute_demand`; common wrong answers are
computed the same way, when the exercise is first checked (importing this module loads no table).
"""

from .. import data
from ..checks import Exercise, Mistake, register
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


def _set_mistakes(exercise_id: str, mistakes: list[tuple[float, str]]) -> None:
    from ..checks import all_exercises

    all_exercises()[exercise_id].mistakes = [Mistake(float(v), t) for v, t in mistakes]


# --------------------------------------------------------------------------- 1. 6·N·D


def v3_pretraining_flop() -> float:
    """6 × active parameters × pre-training tokens, from the report's figures."""
    n = _v3("active_parameters", "model")
    d = _v3("training_tokens", "pre-training")
    _set_mistakes(
        "02.v3-flop",
        [
            (
                cd.training_flop(_v3("total_parameters", "model"), d),
                "You used all 671 billion parameters. In a mixture-of-experts model only the active "
                "parameters (37 billion) work on each token: N is the active count.",
            ),
            (n * d, "You left out the factor 6 (2 FLOP per parameter per token forward, 4 backward)."),
            (2 * n * d, "2·N·D counts only the forward pass; training also runs the backward pass."),
        ],
    )
    return cd.training_flop(n, d)


register(
    Exercise(
        id="02.v3-flop",
        question="Use the 6·N·D rule and the DeepSeek-V3 report's figures (table deepseek_v3) to "
        "estimate the compute of V3's pre-training, in FLOP.",
        solve=v3_pretraining_flop,
        unit="FLOP",
        tolerance=0.01,
        hints=[
            "N is the number of parameters active for each token; D is the number of pre-training "
            "tokens. Both are rows of the deepseek_v3 table.",
            "cd.training_flop(N, D) does the multiplication; write 37e9 for 37 billion.",
        ],
        explanation="About 3.3e24 FLOP. Epoch AI's later estimate (3.41e24) adds post-training.",
    )
)


# --------------------------------------------------------------------------- 2. the $5.576M


def v3_reported_cost() -> float:
    """Total H800 GPU-hours × the report's rental price, in US dollars."""
    price = _v3("rental_price", "assumption")
    _set_mistakes(
        "02.v3-cost",
        [
            (
                cd.training_cost(_v3("gpu_hours", "pre-training"), price),
                "That is pre-training only. Add the context-extension and post-training hours "
                "(or use the total).",
            ),
        ],
    )
    return cd.training_cost(_v3("gpu_hours", "total"), price)


register(
    Exercise(
        id="02.v3-cost",
        question="Reproduce the cost the DeepSeek-V3 report gives for training V3: total H800 "
        "GPU-hours times the report's assumed rental price. Answer in US dollars.",
        solve=v3_reported_cost,
        unit="US dollars",
        tolerance=0.005,
        hints=[
            "Total GPU-hours are the row item='gpu_hours', stage='total'.",
            "The price is the row item='rental_price' (dollars per GPU-hour).",
        ],
        explanation="$5.576M: a rental-equivalent cost of the final run only, at an assumed $2/hour.",
    )
)


# --------------------------------------------------------------------------- 3. utilisation


def v3_implied_utilisation() -> float:
    """Utilisation implied by 6·N·D over the pre-training GPU-hours at the H800's BF16 peak."""
    flop = cd.training_flop(_v3("active_parameters", "model"), _v3("training_tokens", "pre-training"))
    hours = _v3("gpu_hours", "pre-training")
    _set_mistakes(
        "02.v3-mfu",
        [
            (
                cd.implied_utilisation(flop, hours, _v3("h800_peak_fp8", "hardware")),
                "That uses the FP8 peak. The question asks for the BF16 peak; your number shows how "
                "much the answer depends on which peak you assume.",
            ),
            (
                cd.implied_utilisation(flop, _v3("gpu_hours", "total"), _v3("h800_peak_bf16", "hardware")),
                "You divided by all 2.788M GPU-hours; the 6·N·D compute is for pre-training only "
                "(2.664M GPU-hours).",
            ),
        ],
    )
    return cd.implied_utilisation(flop, hours, _v3("h800_peak_bf16", "hardware"))


register(
    Exercise(
        id="02.v3-mfu",
        question="What fraction of the H800's dense BF16 peak did V3's pre-training achieve? Divide "
        "the 6·N·D compute by (pre-training GPU-hours × 3600 × peak FLOP/s). Answer as a "
        "fraction between 0 and 1.",
        solve=v3_implied_utilisation,
        unit="fraction of peak",
        tolerance=0.02,
        hints=[
            "cd.implied_utilisation(flop, gpu_hours, peak_flop_per_s) does the division.",
            "The BF16 peak is the row item='h800_peak_bf16' (989e12 FLOP/s).",
        ],
        explanation="About 0.35 of the BF16 peak, or about 0.17 of the FP8 peak the run mostly used: "
        "a utilisation is only meaningful next to the peak it assumes.",
    )
)


# --------------------------------------------------------------------------- 4. Llama vs V3


def llama_over_v3() -> float:
    """Ratio of Epoch's compute estimates: Llama 3.1 405B ÷ DeepSeek-V3 (August 2025 snapshot)."""
    llama = _flop("Llama 3.1-405B", "2025-08-07")
    _set_mistakes(
        "02.llama-vs-v3",
        [
            (
                llama / _flop("DeepSeek-V3", "2025-02-24"),
                "That uses Epoch's February 2025 estimate for V3 (4.56e24), which Epoch later revised. "
                "Use the August 2025 snapshot for both models.",
            ),
        ],
    )
    return llama / _flop("DeepSeek-V3", "2025-08-07")


register(
    Exercise(
        id="02.llama-vs-v3",
        question="How many times more training compute did Llama 3.1 405B use than DeepSeek-V3, "
        "according to Epoch AI's August 2025 estimates (table ai_models)?",
        solve=llama_over_v3,
        unit="times",
        tolerance=0.02,
        hints=[
            "Filter ai_models on model and on estimate_as_of == '2025-08-07'.",
            "Divide Llama's training_flop by V3's.",
        ],
        explanation="About 11 times, on Epoch AI's estimates (grade E) for both models.",
    )
)


# --------------------------------------------------------------------------- 5. doubling time


def frontier_doubling_months() -> float:
    """Doubling time of the 'top5-year' models' training compute, fitted on a log scale."""
    m = data.load("ai_models")
    top = m[m["selection"].str.contains("top5-year")]
    fit = cd.fit_log_trend(cd.decimal_year(top["date"]), top["training_flop"])
    every = m[m["selection"] != "revision"]
    fit_all = cd.fit_log_trend(cd.decimal_year(every["date"]), every["training_flop"])
    _set_mistakes(
        "02.doubling-time",
        [
            (fit.growth_per_year, "That is the growth factor per year, not a doubling time in months."),
            (
                fit_all.doubling_time_months,
                "You fitted every row, including the Chinese and comparison models that are not the "
                "largest of their year. Keep only rows whose selection contains 'top5-year'.",
            ),
            (fit.doubling_time_months / 12, "That is in years; the question asks for months."),
        ],
    )
    return fit.doubling_time_months


register(
    Exercise(
        id="02.doubling-time",
        question="Fit a straight line to log10(training compute) against the date for the rows of "
        "ai_models whose selection contains 'top5-year'. What doubling time does it give, "
        "in months?",
        solve=frontier_doubling_months,
        unit="months",
        tolerance=0.03,
        hints=[
            "cd.fit_log_trend(cd.decimal_year(dates), flop) returns the fit; look at doubling_time_months.",
            "Doubling time = 12 × log10(2) ÷ slope, with the slope in orders of magnitude per year.",
        ],
        explanation="Roughly every five to six months, i.e. almost five times more compute each year.",
    )
)


# --------------------------------------------------------------------------- 6. Jevons


def elasticity_to_double() -> float:
    """The elasticity at which a tenfold efficiency gain doubles compute demand."""
    _set_mistakes(
        "02.jevons-elasticity",
        [
            (
                -cd.elasticity_for_multiplier(10, 2),
                "Right size, wrong sign: a price elasticity of demand is negative (a lower price "
                "raises the quantity demanded). The answer is the same number with a minus sign.",
            ),
            (
                cd.elasticity_for_multiplier(10, 2) + 1,
                "Close: that is the exponent −ε − 1 with its sign flipped. Solve 10 ** (−ε − 1) = 2 "
                "for ε itself.",
            ),
            (-2.0, "An elasticity of −2 would multiply compute demand by 10, not 2."),
        ],
    )
    return cd.elasticity_for_multiplier(10, 2)


register(
    Exercise(
        id="02.jevons-elasticity",
        question="In the constant-elasticity model, a tenfold efficiency gain (gain = 10) doubles "
        "total compute demand. What price elasticity of demand does that require?",
        solve=elasticity_to_double,
        unit="(a price elasticity, with its sign)",
        tolerance=0.01,
        hints=[
            "Compute demand changes by gain ** (−ε − 1). Solve 10 ** (−ε − 1) = 2 for ε.",
            "Take log10 of both sides: −ε − 1 = log10(2).",
        ],
        explanation="About −1.3. Any elasticity below −1 (demand more elastic than unit) makes "
        "compute demand rise, which is backfire; between −1 and 0 part of the saving is taken back "
        "(rebound). Whether real demand for AI is that elastic nobody has measured well.",
    )
)


# --------------------------------------------------------------------------- 7. what $5.576M covers


def cost_scope() -> str:
    return "final training run"


register(
    Exercise(
        id="02.cost-scope",
        question="Which of these does DeepSeek's $5.576M cover?",
        solve=cost_scope,
        kind="choice",
        choices=(
            "final training run",
            "research and ablation runs",
            "buying the GPU cluster",
            "all of DeepSeek's costs in 2024",
        ),
        mistakes=[
            Mistake(
                "research and ablation runs",
                "The report says the opposite: it excludes 'prior research and ablation experiments'.",
            ),
            Mistake(
                "buying the GPU cluster",
                "No: the figure prices GPU-hours at an assumed rental rate of $2; DeepSeek "
                "owns its cluster and its purchase is not in the figure.",
            ),
            Mistake(
                "all of DeepSeek's costs in 2024",
                "No: staff, data, research runs and hardware are all outside the figure.",
            ),
        ],
        hints=["Read the note of the row item='training_cost', stage='total' in deepseek_v3."],
        explanation="Only the official training of V3: a rental-equivalent price of its final run.",
    )
)
