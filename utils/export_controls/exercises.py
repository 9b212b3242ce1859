"""Exercises of notebook 01 (export controls). Answers are computed from the course data."""

from ..checks import Exercise, Mistake, register
from . import model as ec


def _chip(chip_id):
    c = ec.chips()
    return c[c["chip_id"] == chip_id].iloc[0]


def tpp_h100():
    return float(_chip("nvidia-h100-sxm")["tpp"])


def _tpp_h100_sparse():
    return 2 * tpp_h100()


def _tpp_h100_mactops():
    return tpp_h100() / 2


def pd_h20():
    r = _chip("nvidia-h20")
    return ec.performance_density(r["tpp"], r["die_area_mm2"])


def _pd_h20_wrong_bits():
    # the 8-bit figure multiplied by 16 bits
    r = _chip("nvidia-h20")
    return r["int8_tops"] * 16 / r["die_area_mm2"]


def l40_category():
    return ec.classify_chip(_chip("nvidia-l40"), "2023-10").category


STORY_CHIPS = {
    "A800": "nvidia-a800-sxm",
    "H800": "nvidia-h800-sxm",
    "H20": "nvidia-h20",
    "L20": "nvidia-l20",
    "L40": "nvidia-l40",
    "RTX 4090": "nvidia-rtx4090",
    "RTX 4090 D": "nvidia-rtx4090d",
}


def controlled_2023():
    return {name for name, cid in STORY_CHIPS.items() if ec.classify_chip(_chip(cid), "2023-10").controlled}


def h20_charge_gap():
    f = ec.h20_figures()
    return float(f.loc["charge_estimate", "value"] - f.loc["charge_recorded", "value"])


def rtx4090_cut_pct():
    t = _chip("nvidia-rtx4090")["tpp"]
    line = ec.thresholds("2023-10")["nondc_tpp_min"]
    return float((1 - line / t) * 100)


def _rtx4090_cut_wrong_base():
    # dividing the excess by the threshold instead of by the chip's own TPP
    t = _chip("nvidia-rtx4090")["tpp"]
    line = ec.thresholds("2023-10")["nondc_tpp_min"]
    return float((t / line - 1) * 100)


# Texts that quote the tables are functions (built when shown, so an edited figure shows at once).
def _H100():
    return _chip("nvidia-h100-sxm")


def _H20():
    return _chip("nvidia-h20")


def _L40():
    return _chip("nvidia-l40")


def _4090():
    return _chip("nvidia-rtx4090")


def _F():
    return ec.h20_figures()


register(
    Exercise(
        id="01.tpp-h100",
        question=lambda: (
            "Compute the TPP of the H100 SXM from its dense figures in the accelerators table "
            f"(FP16 {_H100()['fp16_tflops']:,g} TFLOPS; INT8 and FP8 {_H100()['int8_tops']:,g} TOPS)."
        ),
        solve=tpp_h100,
        unit="TPP (bit x TOPS)",
        tolerance=0.002,
        mistakes=[
            Mistake(
                _tpp_h100_sparse,
                "That is twice the answer: you probably used NVIDIA's 'with sparsity' "
                "figure. The rule counts dense throughput only.",
            ),
            Mistake(
                _tpp_h100_mactops,
                "That is half the answer: TPP = 2 x MacTOPS x bits, and the datasheet "
                "TOPS already count a multiply-accumulate as 2 operations.",
            ),
        ],
        hints=lambda: [
            "TPP = the highest (dense TOPS x bit length) over the bit lengths the chip supports.",
            f"Try both {_H100()['fp16_tflops']:,g} x 16 and {_H100()['int8_tops']:,g} x 8 and keep the larger.",
        ],
        explanation=lambda: (
            f"{_H100()['int8_tops']:,g} x 8 = {_H100()['tpp']:,.0f}, over three times the 4,800 line."
        ),
    )
)

register(
    Exercise(
        id="01.pd-h20",
        question=lambda: (
            "Compute the performance density of the H20: its TPP "
            f"({_H20()['fp16_tflops']:,g} TFLOPS at 16 bits) divided by its die area ({_H20()['die_area_mm2']:,g} mm2, "
            f"the GH100 die; a reported figure, row grade {_H20()['grade']})."
        ),
        solve=pd_h20,
        unit="TPP per mm2",
        tolerance=0.005,
        mistakes=[
            Mistake(
                _pd_h20_wrong_bits,
                "You multiplied the 8-bit figure (296) by 16 bits. Pair each "
                "throughput with its own bit length.",
            )
        ],
        hints=lambda: [
            f"First TPP: {_H20()['fp16_tflops']:,g} x 16.",
            f"Then divide by {_H20()['die_area_mm2']:,g}.",
        ],
        explanation=lambda: (
            f"{pd_h20():.2f} is under 3.2 (the 3A090.b.2 floor), and the TPP {_H20()['tpp']:,.0f} is under 2,400 "
            "(the 3A090.b.1 floor): the H20 slips under both lines."
        ),
    )
)

register(
    Exercise(
        id="01.l40-category",
        question=lambda: (
            "Under the October 2023 rule, which paragraph catches the L40 (a data-centre card, TPP about "
            f"{_L40()['tpp']:,.0f}, die {_L40()['die_area_mm2']:,g} mm2)?"
        ),
        solve=l40_category,
        kind="choice",
        choices=("3A090.a", "3A090.b", "not controlled"),
        mistakes=[
            Mistake(
                "not controlled",
                "Its TPP is under 4,800, but the density test still applies to a "
                "data-centre chip: compute TPP / die area and compare with 1.6, 3.2, 5.92.",
            )
        ],
        hints=lambda: [
            f"Density = {_L40()['tpp']:,.0f} / {_L40()['die_area_mm2']:,g}.",
            "Between 2,400 and 4,800 TPP with density from 1.6 up to 5.92 is 3A090.b.1.",
        ],
        explanation=lambda: (
            f"Density {_L40()['perf_density']:.2f}: 3A090.b (both b.1 and b.2). NVIDIA's 8-K of October 2023 "
            "lists the L40."
        ),
    )
)

register(
    Exercise(
        id="01.controlled-2023",
        question="Which of these were controlled for China under the October 2023 rule? "
        "A800, H800, H20, L20, L40, RTX 4090, RTX 4090 D. Answer with a list of names.",
        solve=controlled_2023,
        kind="set",
        choices=tuple(STORY_CHIPS),
        hints=[
            "Use ec.classify_chip(row, '2023-10') for each chip, or the chart above.",
            "The A800 and H800 were built for the 2022 test, which the 2023 rule replaced.",
        ],
        explanation="The A800/H800 were caught once interconnect stopped counting; the H20, L20 and RTX 4090 D were "
        "designed after the rule to sit just under it.",
    )
)

register(
    Exercise(
        id="01.h20-charge-gap",
        question=lambda: (
            "NVIDIA warned on 15 April 2025 of H20 charges of up to about "
            f"${_F().loc['charge_estimate', 'value'] / 1000:.1f} billion. How much lower was the charge it actually "
            "recorded for the quarter? Answer in USD millions."
        ),
        solve=h20_charge_gap,
        unit="USD millions",
        tolerance=0.001,
        hints=["Both figures are in the nvidia_h20 table (metrics charge_estimate and charge_recorded)."],
        explanation=lambda: (
            f"${h20_charge_gap() / 1000:.1f} billion lower: an 'up to' estimate is a ceiling, not a "
            "forecast. Read which figure a headline quotes."
        ),
    )
)

register(
    Exercise(
        id="01.rtx4090-cut",
        question="By what percentage would the RTX 4090's dense throughput have to be cut to bring its TPP down to "
        "4,800, the line for chips not designed for data centres?",
        solve=rtx4090_cut_pct,
        unit="%",
        tolerance=0.01,
        mistakes=[
            Mistake(
                _rtx4090_cut_wrong_base,
                "You divided the excess by 4,800; the cut is a share of the "
                "RTX 4090's own TPP: 1 - 4,800 / TPP.",
            )
        ],
        hints=lambda: [
            f"The RTX 4090's TPP is {_4090()['int8_tops']:,g} x 8.",
            "Cut = (1 - 4,800 / TPP) x 100.",
        ],
        explanation=lambda: (
            f"About {rtx4090_cut_pct():.0f}%. The RTX 4090 D has 114 of the 4090's 128 SMs (11% fewer), a little "
            "more than needed (its TPP is a course estimate, grade E)."
        ),
    )
)
