"""Exercises of notebook 01 (export controls). Answers are computed from the course data."""

from .. import data, i18n
from ..checks import Exercise, Mistake, Worked, register, register_quiz
from ..i18n import N_, _
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


def _T():
    return ec.thresholds("2023-10")


def _line(key: str) -> str:
    return f"{_T()[key]:,g}"


def _day(d) -> str:
    """ "15 April 2025" / "2025年4月15日"."""
    return i18n.fmt_date(d) if i18n.language() == "zh" else f"{d:%d %B %Y}"


def _money_billion(usd_m: float) -> str:
    """ "$5.5 billion" / "55亿美元"."""
    return i18n.fmt_money(usd_m) if i18n.language() == "zh" else f"${usd_m / 1000:.1f} billion"


_CHIPS_CODE = """
from utils import export_controls as ec

chips = ec.chips().set_index("chip_id")   # one row per chip, from the accelerators table
"""


def _status_lines() -> list[str]:
    out = []
    for name, cid in STORY_CHIPS.items():
        r = _chip(cid)
        v = ec.classify_chip(r, "2023-10")
        dc = _("data-centre chip") if r["datacenter"] else _("not for data centres")
        pdens = (
            _(", density {pd}").format(pd=f"{r['perf_density']:.2f}")
            if r["perf_density"] == r["perf_density"]
            else ""
        )
        out.append(
            _("{name}: TPP {tpp}{density}, {dc}: {status}").format(
                name=name,
                tpp=f"{r['tpp']:,.0f}",
                density=pdens,
                dc=dc,
                status=_("controlled") if v.controlled else _("not controlled"),
            )
        )
    return out


register(
    Exercise(
        id="01.tpp-h100",
        question=lambda: _(
            "Compute the TPP of the H100 SXM from its dense figures in the accelerators table "
            "(FP16 {fp16} TFLOPS; INT8 and FP8 {int8} TOPS)."
        ).format(fp16=f"{_H100()['fp16_tflops']:,g}", int8=f"{_H100()['int8_tops']:,g}"),
        solve=tpp_h100,
        unit=N_("TPP (bit x TOPS)"),
        tolerance=0.002,
        mistakes=[
            Mistake(
                _tpp_h100_sparse,
                N_(
                    "That is twice the answer: you probably used NVIDIA's 'with sparsity' "
                    "figure. The rule counts dense throughput only."
                ),
            ),
            Mistake(
                _tpp_h100_mactops,
                N_(
                    "That is half the answer: TPP = 2 x MacTOPS x bits, and the datasheet "
                    "TOPS already count a multiply-accumulate as 2 operations."
                ),
            ),
        ],
        hints=lambda: [
            N_("TPP = the highest (dense TOPS x bit length) over the bit lengths the chip supports."),
            _("Try both {fp16} x 16 and {int8} x 8 and keep the larger.").format(
                fp16=f"{_H100()['fp16_tflops']:,g}", int8=f"{_H100()['int8_tops']:,g}"
            ),
        ],
        explanation=lambda: _("{int8} x 8 = {tpp}, {times} times the {line} line.").format(
            int8=f"{_H100()['int8_tops']:,g}",
            tpp=f"{_H100()['tpp']:,.0f}",
            times=f"{_H100()['tpp'] / _T()['a1_tpp_min']:.1f}",
            line=_line("a1_tpp_min"),
        ),
        level=2,
        worked=Worked(
            steps=lambda: [
                N_(
                    "TPP = dense operations per second x the bit length of the operation, taking the bit "
                    "length that gives the highest value. Use the dense figures (not 'with sparsity')."
                ),
                _("16-bit: {fp16} TFLOPS x 16 = {tpp16}.").format(
                    fp16=f"{_H100()['fp16_tflops']:,g}", tpp16=f"{_H100()['fp16_tflops'] * 16:,.1f}"
                ),
                _("8-bit: {int8} TOPS x 8 = {tpp8}.").format(
                    int8=f"{_H100()['int8_tops']:,g}", tpp8=f"{_H100()['int8_tops'] * 8:,.1f}"
                ),
                _(
                    "The larger is the TPP: {tpp}. The October 2023 rule's 3A090.a line is "
                    "{line}, so the H100 is far above it."
                ).format(tpp=f"{tpp_h100():,.0f}", line=_line("a1_tpp_min")),
            ],
            code=_CHIPS_CODE
            + """h100 = chips.loc["nvidia-h100-sxm"]
tpp_16 = h100["fp16_tflops"] * 16
tpp_8 = h100["int8_tops"] * 8
print(f"16-bit: {tpp_16:,.1f}   8-bit: {tpp_8:,.1f}")
answer = max(tpp_16, tpp_8)
""",
        ),
    )
)

register(
    Exercise(
        id="01.pd-h20",
        question=lambda: _(
            "Compute the performance density of the H20: its TPP "
            "({fp16} TFLOPS at 16 bits) divided by its die area ({die} mm2, "
            "the GH100 die; a reported figure, row grade {grade})."
        ).format(
            fp16=f"{_H20()['fp16_tflops']:,g}", die=f"{_H20()['die_area_mm2']:,g}", grade=_H20()["grade"]
        ),
        solve=pd_h20,
        unit=N_("TPP per mm2"),
        tolerance=0.005,
        mistakes=[
            Mistake(
                _pd_h20_wrong_bits,
                lambda: _(
                    "You multiplied the 8-bit figure ({int8}) by 16 bits. Pair each throughput with its own bit length."
                ).format(int8=f"{_H20()['int8_tops']:,g}"),
            )
        ],
        hints=lambda: [
            _("First TPP: {fp16} x 16.").format(fp16=f"{_H20()['fp16_tflops']:,g}"),
            _("Then divide by {die}.").format(die=f"{_H20()['die_area_mm2']:,g}"),
        ],
        explanation=lambda: _(
            "{pd} is under {pd_line} (the 3A090.b.2 floor), and the TPP {tpp} "
            "is under {tpp_line} (the 3A090.b.1 floor): the H20 slips under both lines."
        ).format(
            pd=f"{pd_h20():.2f}",
            pd_line=_line("b2_pd_min"),
            tpp=f"{_H20()['tpp']:,.0f}",
            tpp_line=_line("b1_tpp_min"),
        ),
        level=2,
        worked=Worked(
            steps=lambda: [
                _(
                    "TPP first: the H20's dense 16-bit figure is {fp16} TFLOPS, so "
                    "{fp16} x 16 = {tpp16}; its 8-bit figure gives "
                    "{int8} x 8 = {tpp8}. TPP = {tpp}."
                ).format(
                    fp16=f"{_H20()['fp16_tflops']:,g}",
                    tpp16=f"{_H20()['fp16_tflops'] * 16:,.0f}",
                    int8=f"{_H20()['int8_tops']:,g}",
                    tpp8=f"{_H20()['int8_tops'] * 8:,.0f}",
                    tpp=f"{_H20()['tpp']:,.0f}",
                ),
                _("Density = TPP / die area = {tpp} / {die} mm2 = {pd}.").format(
                    tpp=f"{_H20()['tpp']:,.0f}", die=f"{_H20()['die_area_mm2']:,g}", pd=f"{pd_h20():.2f}"
                ),
                _(
                    "Compare with the October 2023 lines: 3A090.b.1 needs TPP of at least {tpp_line}; "
                    "3A090.b.2 needs density of at least {pd_line}. The H20 is just under both."
                ).format(tpp_line=_line("b1_tpp_min"), pd_line=_line("b2_pd_min")),
            ],
            code=_CHIPS_CODE
            + """h20 = chips.loc["nvidia-h20"]
tpp = max(h20["fp16_tflops"] * 16, h20["int8_tops"] * 8)
answer = tpp / h20["die_area_mm2"]
print(f"{tpp:,.0f} / {h20['die_area_mm2']:,} = {answer:.2f}")
""",
        ),
    )
)

register(
    Exercise(
        id="01.l40-category",
        question=lambda: _(
            "Under the October 2023 rule, which paragraph catches the L40 (a data-centre card, TPP about "
            "{tpp}, die {die} mm2)?"
        ).format(tpp=f"{_L40()['tpp']:,.0f}", die=f"{_L40()['die_area_mm2']:,g}"),
        solve=l40_category,
        kind="choice",
        choices=("3A090.a", "3A090.b", "not controlled"),
        mistakes=[
            Mistake(
                "not controlled",
                lambda: _(
                    "Its TPP is under {a1}, but the density test still applies to a "
                    "data-centre chip: compute TPP / die area and compare with {b1}, {b2}, {a2}."
                ).format(
                    a1=_line("a1_tpp_min"),
                    b1=_line("b1_pd_min"),
                    b2=_line("b2_pd_min"),
                    a2=_line("a2_pd_min"),
                ),
            )
        ],
        hints=lambda: [
            _("Density = {tpp} / {die}.").format(
                tpp=f"{_L40()['tpp']:,.0f}", die=f"{_L40()['die_area_mm2']:,g}"
            ),
            _("Between {t0} and {t1} TPP with density from {d0} up to {d1} is 3A090.b.1.").format(
                t0=_line("b1_tpp_min"), t1=_line("b1_tpp_max"), d0=_line("b1_pd_min"), d1=_line("b1_pd_max")
            ),
        ],
        explanation=lambda: _(
            "Density {pd}: 3A090.b (both b.1 and b.2). NVIDIA's 8-K of October 2023 lists the L40."
        ).format(pd=f"{_L40()['perf_density']:.2f}"),
        level=3,
        aliases={
            "3A090b": "3A090.b",
            "b": "3A090.b",
            "3A090.a.1": "3A090.a",
            "uncontrolled": "not controlled",
            "free": "not controlled",
            "none": "not controlled",
            "不受管制": "not controlled",
            "不管制": "not controlled",
        },
        worked=Worked(
            steps=lambda: [
                _(
                    "The L40 is a data-centre card, so all of 3A090 applies. Its TPP is {tpp}; "
                    "its density is {tpp} / {die} mm2 = {pd}."
                ).format(
                    tpp=f"{_L40()['tpp']:,.1f}",
                    die=f"{_L40()['die_area_mm2']:,g}",
                    pd=f"{_L40()['perf_density']:.2f}",
                ),
                _("3A090.a? TPP is below {a1}, and density is below {a2}: no.").format(
                    a1=_line("a1_tpp_min"), a2=_line("a2_pd_min")
                ),
                _("3A090.b.1? TPP between {t0} and {t1} with density between {d0} and {d1}: yes.").format(
                    t0=_line("b1_tpp_min"),
                    t1=_line("b1_tpp_max"),
                    d0=_line("b1_pd_min"),
                    d1=_line("b1_pd_max"),
                ),
                _(
                    "(3A090.b.2 also fits: TPP at least {t0} and density between {d0} "
                    "and {d1}.) So the paragraph is 3A090.b; NVIDIA's 8-K of October 2023 lists the L40."
                ).format(t0=_line("b2_tpp_min"), d0=_line("b2_pd_min"), d1=_line("b2_pd_max")),
            ],
            code=_CHIPS_CODE
            + """l40 = chips.loc["nvidia-l40"]
t = ec.thresholds("2023-10")   # the rule's thresholds, from the export_rules table
tpp, density = l40["tpp"], l40["perf_density"]
print(f"TPP {tpp:,.1f}, density {density:.2f}")
if tpp >= t["a1_tpp_min"] or (tpp >= t["a2_tpp_min"] and density >= t["a2_pd_min"]):
    answer = "3A090.a"
elif (t["b1_tpp_min"] <= tpp < t["b1_tpp_max"] and t["b1_pd_min"] <= density < t["b1_pd_max"]) or (
    tpp >= t["b2_tpp_min"] and t["b2_pd_min"] <= density < t["b2_pd_max"]
):
    answer = "3A090.b"
else:
    answer = "not controlled"
print(ec.classify_chip(l40, "2023-10"))   # the course's classifier agrees
""",
        ),
    )
)

register(
    Exercise(
        id="01.controlled-2023",
        question=N_(
            "Which of these were controlled for China under the October 2023 rule? "
            "A800, H800, H20, L20, L40, RTX 4090, RTX 4090 D. Answer with a list of names."
        ),
        solve=controlled_2023,
        kind="set",
        choices=tuple(STORY_CHIPS),
        hints=[
            N_("Use ec.classify_chip(row, '2023-10') for each chip, or the chart above."),
            N_("The A800 and H800 were built for the 2022 test, which the 2023 rule replaced."),
        ],
        explanation=N_(
            "The A800/H800 were caught once interconnect stopped counting; the H20, L20 and RTX 4090 D were "
            "designed after the rule to sit just under it."
        ),
        level=1,
        aliases={
            "RTX4090D": "RTX 4090 D",
            "4090": "RTX 4090",
            "4090 D": "RTX 4090 D",
            "GeForce RTX 4090": "RTX 4090",
            "GeForce RTX 4090 D": "RTX 4090 D",
        },
        worked=Worked(
            steps=lambda: [
                _(
                    "Read each chip's status under 2023-10 off the 'designed to the line' table or the chart, or "
                    "classify each one with the rule: a data-centre chip is caught by TPP or by TPP and density; a "
                    "chip not designed for data centres only at TPP {line} or more."
                ).format(line=_line("nondc_tpp_min")),
                *_status_lines(),
                _("Controlled: {names}.").format(names=", ".join(sorted(controlled_2023()))),
            ],
            code=_CHIPS_CODE
            + """story = {"A800": "nvidia-a800-sxm", "H800": "nvidia-h800-sxm", "H20": "nvidia-h20", "L20": "nvidia-l20",
         "L40": "nvidia-l40", "RTX 4090": "nvidia-rtx4090", "RTX 4090 D": "nvidia-rtx4090d"}
answer = []
for name, chip_id in story.items():
    verdict = ec.classify_chip(chips.loc[chip_id], "2023-10")
    print(name, "controlled" if verdict.controlled else "not controlled")
    if verdict.controlled:
        answer.append(name)
""",
        ),
    )
)

register(
    Exercise(
        id="01.h20-charge-gap",
        question=lambda: _(
            "NVIDIA warned on {date} of H20 charges of up to about "
            "{estimate}. How much lower was the charge it actually "
            "recorded for the quarter? Answer in USD millions."
        ).format(
            date=i18n.fmt_date(_F().loc["charge_estimate", "date"]),
            estimate=_money_billion(_F().loc["charge_estimate", "value"]),
        ),
        solve=h20_charge_gap,
        unit=N_("USD millions"),
        tolerance=0.001,
        hints=[N_("Both figures are in the nvidia_h20 table (metrics charge_estimate and charge_recorded).")],
        explanation=lambda: _(
            "{gap} lower: an 'up to' estimate is a ceiling, not a forecast. Read which figure a headline quotes."
        ).format(gap=_money_billion(h20_charge_gap())),
        level=1,
        worked=Worked(
            steps=lambda: [
                N_("Both figures are rows of the nvidia_h20 table shown in section 7."),
                _("charge_estimate (8-K, {date}): {value} USD millions, 'up to'.").format(
                    date=_day(_F().loc["charge_estimate", "date"]),
                    value=f"{_F().loc['charge_estimate', 'value']:,.0f}",
                ),
                _("charge_recorded ({date}): {value} USD millions.").format(
                    date=_day(_F().loc["charge_recorded", "date"]),
                    value=f"{_F().loc['charge_recorded', 'value']:,.0f}",
                ),
                _("Difference: {estimate} - {recorded} = {gap} USD millions.").format(
                    estimate=f"{_F().loc['charge_estimate', 'value']:,.0f}",
                    recorded=f"{_F().loc['charge_recorded', 'value']:,.0f}",
                    gap=f"{h20_charge_gap():,.0f}",
                ),
            ],
            code="""
from utils import data

h20 = data.load("nvidia_h20").set_index("metric")
estimate = h20.loc["charge_estimate", "value"]
recorded = h20.loc["charge_recorded", "value"]
answer = estimate - recorded   # USD millions
""",
        ),
    )
)

register(
    Exercise(
        id="01.rtx4090-cut",
        question=lambda: _(
            "By what percentage would the RTX 4090's dense throughput have to be cut to bring its TPP down to "
            "{line}, the line for chips not designed for data centres?"
        ).format(line=_line("nondc_tpp_min")),
        solve=rtx4090_cut_pct,
        unit="%",
        tolerance=0.01,
        mistakes=[
            Mistake(
                _rtx4090_cut_wrong_base,
                lambda: _(
                    "You divided the excess by {line}; the cut is a share of the RTX 4090's own TPP: 1 - {line} / TPP."
                ).format(line=_line("nondc_tpp_min")),
            )
        ],
        hints=lambda: [
            _("The RTX 4090's TPP is {int8} x 8.").format(int8=f"{_4090()['int8_tops']:,g}"),
            _("Cut = (1 - {line} / TPP) x 100.").format(line=_line("nondc_tpp_min")),
        ],
        explanation=lambda: _(
            "About {cut}%. The RTX 4090 D's TPP is {below}% below the "
            "4090's, a little more than needed (its TPP is a course estimate, grade {grade})."
        ).format(
            cut=f"{rtx4090_cut_pct():.0f}",
            below=f"{_rtx4090d_below_pct():.0f}",
            grade=_chip("nvidia-rtx4090d")["grade"],
        ),
        level=2,
        worked=Worked(
            steps=lambda: [
                _(
                    "The RTX 4090 is not designed for data centres, so only the TPP line counts: {line}."
                ).format(line=_line("nondc_tpp_min")),
                _("Its TPP: {int8} TOPS x 8 = {tpp}.").format(
                    int8=f"{_4090()['int8_tops']:,g}", tpp=f"{_4090()['tpp']:,.1f}"
                ),
                _(
                    "To reach the line, TPP must fall by (TPP - line) / TPP = 1 - {line} / {tpp} = {share}, i.e. {pct}%."
                ).format(
                    line=_line("nondc_tpp_min"),
                    tpp=f"{_4090()['tpp']:,.1f}",
                    share=f"{rtx4090_cut_pct() / 100:.4f}",
                    pct=f"{rtx4090_cut_pct():.1f}",
                ),
                N_("The cut is a share of the chip's own TPP, not of the line."),
            ],
            code=_CHIPS_CODE
            + """rtx = chips.loc["nvidia-rtx4090"]
line = ec.thresholds("2023-10")["nondc_tpp_min"]   # the line for chips not made for data centres
answer = (1 - line / rtx["tpp"]) * 100
print(f"1 - {line:,.0f} / {rtx['tpp']:,.1f} = {answer:.1f}%")
""",
        ),
    )
)


def _rtx4090d_below_pct() -> float:
    return float((1 - _chip("nvidia-rtx4090d")["tpp"] / _chip("nvidia-rtx4090")["tpp"]) * 100)


def _rule25(threshold_id: str) -> float:
    r = data.load("export_rules")
    return float(r[(r["rule"] == "2025-04") & (r["threshold_id"] == threshold_id)]["value"].iloc[0])


def _open_model_answer() -> str:
    h20 = _H20()
    return _(
        "For a data-centre chip the October 2023 rule leaves two doors open. Below "
        "{b1_tpp} TPP a chip is free as long as its density stays under {b2_pd}, "
        "so a die of {die} mm2 can carry just under {b1_tpp} TPP: that is the "
        "H20 (TPP {tpp}, density {pd}). Between {b1_tpp} and "
        "{a1_tpp} the density must stay under {b1_pd}, which needs "
        "{area} mm2 or more of logic die, "
        "{times} times the H20's die. "
        "So the binding lines are the 3A090.b TPP floor and the 3A090.b.2 density floor. Compute was cut, "
        "but memory was not: the H20 has {mem} GB/s of memory bandwidth "
        "(the H100: {mem_h100}), and running large models is limited by memory "
        "more than by compute. A compute "
        "line low enough to catch the H20 would catch many other chips, so the April 2025 letter used "
        "bandwidth instead (reported thresholds: DRAM {dram} GB/s, I/O "
        "{io} GB/s, together {combined} GB/s; grade C, never published)."
    ).format(
        b1_tpp=_line("b1_tpp_min"),
        b2_pd=_line("b2_pd_min"),
        die=f"{h20['die_area_mm2']:,g}",
        tpp=f"{h20['tpp']:,.0f}",
        pd=f"{h20['perf_density']:.2f}",
        a1_tpp=_line("a1_tpp_min"),
        b1_pd=_line("b1_pd_min"),
        area=f"{_T()['b1_tpp_min'] / _T()['b1_pd_min']:,.0f}",
        times=f"{_T()['b1_tpp_min'] / _T()['b1_pd_min'] / h20['die_area_mm2']:.1f}",
        mem=f"{h20['memory_bandwidth_gbps']:,.0f}",
        mem_h100=f"{_H100()['memory_bandwidth_gbps']:,.0f}",
        dram=f"{_rule25('dram_min'):,.0f}",
        io=f"{_rule25('io_min'):,.0f}",
        combined=f"{_rule25('combined_min'):,.0f}",
    )


register(
    Exercise(
        id="01.open-design",
        kind="open",
        level=3,
        question=N_(
            "Use the 'design a chip' widget (section 5) with the October 2023 rule: find the data-centre "
            "chip with the highest TPP that is still not controlled, then explain in about 80-150 words "
            "which thresholds bind and why, and why the April 2025 licence requirement was written in terms of "
            "memory and interconnect bandwidth rather than compute."
        ),
        solve=_open_model_answer,
        min_words=60,
        rubric=[
            N_("gives the chip found (TPP, die area, density) and the threshold each figure sits under"),
            N_(
                "explains that a larger die lowers density, so the density floor and the TPP floor bind together"
            ),
            N_("uses the H20 as the real chip at that point, with its figures from the accelerators table"),
            N_("explains the April 2025 choice: the H20 was cut in compute but not in memory bandwidth"),
            N_("says that the 2025 thresholds are reported, not published (grade C)"),
        ],
        hints=[
            N_("Start from the H20 in the widget and raise the dense TOPS slowly."),
            N_("Then change the die area: what happens to the density, and which line do you cross?"),
        ],
        worked=Worked(
            steps=lambda: [
                _(
                    "Start from the H20: TPP {tpp}, die {die} mm2, density "
                    "{pd}. Raising TPP to {line} makes it 3A090.b.1."
                ).format(
                    tpp=f"{_H20()['tpp']:,.0f}",
                    die=f"{_H20()['die_area_mm2']:,g}",
                    pd=f"{_H20()['perf_density']:.2f}",
                    line=_line("b1_tpp_min"),
                ),
                _(
                    "A smaller die raises density above {line} (3A090.b.2); a larger one is not "
                    "possible as one die. So the TPP floor and the density floor bind together."
                ).format(line=_line("b2_pd_min")),
                N_(
                    "The H20 kept its memory bandwidth (see the designed-pairs table): the April 2025 letter's "
                    "reported thresholds are bandwidths, which catch it without catching weaker chips."
                ),
            ],
            code=_CHIPS_CODE
            + """print(ec.thresholds("2023-10"))
chips.loc[["nvidia-h20", "nvidia-h100-sxm"], ["tpp", "die_area_mm2", "perf_density", "memory_bandwidth_gbps"]]
""",
        ),
    )
)


# --------------------------------------------------------------------------- quiz (start of the next class)

_RULES = ("2022-10", "2023-10", "2025-04", "2026-01")


def _unpublished_rule() -> str:
    r = data.load("export_rules").drop_duplicates("rule")
    return str(r[r["fr_published"].isna()]["rule"].iloc[0])


register_quiz(
    Exercise(
        id="q01.tpp",
        question=N_(
            "A chip does 300 dense TFLOPS at 16 bits (and nothing faster at other bit lengths). What is its TPP?"
        ),
        solve=lambda: float(ec.tpp({16: 300})),
        unit="TPP",
        tolerance=0.001,
        level=1,
        explanation=N_(
            "TPP = dense TOPS x bit length: 300 x 16 = 4,800, exactly the 3A090.a line (inclusive)."
        ),
    )
)

register_quiz(
    Exercise(
        id="q01.sparsity",
        question=N_("Do NVIDIA's 'with sparsity' figures count towards TPP?"),
        solve=lambda: "no",
        kind="choice",
        level=1,
        choices=("yes", "no"),
        aliases={"是": "yes", "否": "no", "不": "no"},
        explanation=N_("Only dense throughput counts; sparse figures are twice the dense ones: halve them."),
    )
)

register_quiz(
    Exercise(
        id="q01.gaming-card",
        question=N_(
            "Under the October 2023 rule, is a gaming card (not designed or marketed for data centres) with "
            "TPP 4,700 and a small die controlled?"
        ),
        solve=lambda: (
            "yes"
            if ec.classify(tpp=4700, die_area_mm2=300, datacenter=False, rule="2023-10").controlled
            else "no"
        ),
        kind="choice",
        level=1,
        choices=("yes", "no"),
        aliases={"是": "yes", "否": "no", "不": "no"},
        explanation=N_(
            "A chip not designed for data centres is caught only at TPP 4,800 or more, whatever its density."
        ),
    )
)

register_quiz(
    Exercise(
        id="q01.dc-chip",
        question=N_(
            "Under the October 2023 rule, which paragraph catches a data-centre chip with TPP 5,000?"
        ),
        solve=lambda: ec.classify(tpp=5000, die_area_mm2=800, datacenter=True, rule="2023-10").category,
        kind="choice",
        level=1,
        choices=("3A090.a", "3A090.b", "not controlled"),
        aliases={"3A090a": "3A090.a", "a": "3A090.a"},
        explanation=N_("TPP of 4,800 or more is 3A090.a, whatever the density."),
    )
)

register_quiz(
    Exercise(
        id="q01.unpublished",
        question=N_(
            "Which rule vintage was never published in the Federal Register (its thresholds are only reported)?"
        ),
        solve=_unpublished_rule,
        kind="choice",
        level=1,
        choices=_RULES,
        aliases={"April 2025": "2025-04", "2025": "2025-04"},
        explanation=N_(
            "The April 2025 requirement reached Nvidia as an is-informed letter; its thresholds come from one report (grade C)."
        ),
    )
)

register_quiz(
    Exercise(
        id="q01.charge",
        question=N_(
            "How large was the H20 charge Nvidia actually recorded for the quarter? Answer in US$ billions."
        ),
        solve=lambda: float(_F().loc["charge_recorded", "value"] / 1000),
        unit=N_("US$ billions"),
        tolerance=0.01,
        level=1,
        mistakes=[
            Mistake(
                lambda: float(_F().loc["charge_estimate", "value"] / 1000),
                N_("That is the 'up to' estimate of April; the charge recorded was lower."),
            )
        ],
        explanation=N_("The April estimate was a ceiling; read which figure a headline quotes."),
    )
)
