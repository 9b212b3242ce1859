"""The assessment pack for teachers: model answers and rubrics for every discussion question, the
rubrics of the open tasks and of the capstone's open part, the quizzes' answer keys and the
reading lists. Written to ``docs/assessment.md`` (never into the student notebooks)::

    python -m utils.assessment write     # regenerate docs/assessment.md from the tables
    python -m utils.assessment check     # exit 1 if it is out of date (the tests run this)

Model answers quote their figures from the course tables when the document is written, so a
corrected figure in ``data/`` reaches the answers at the next ``write`` (and the test that the
document is current fails until then). Every answer names the source ids it rests on.

Discussion questions are found in the notebooks themselves (:func:`notebook_questions`): the
items under a "Discussion" heading, and the paragraph after a bold "**Discuss.**" or
"**Discussion ...**" lead; the instructor guide's "**Pause for discussion**" prompts are found
the same way (:func:`guide_questions`). Each question must match exactly one entry of
:data:`DISCUSSIONS` (by notebook and by words of the question), so a question added to a notebook
without a model answer fails the tests.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import ROOT, data

__all__ = [
    "Discussion",
    "Question",
    "DISCUSSIONS",
    "SCALE",
    "CAPSTONE_RUBRIC",
    "notebook_questions",
    "guide_questions",
    "all_questions",
    "match",
    "reading_list",
    "render",
    "write",
    "is_current",
    "DOC",
]

DOC = ROOT / "docs" / "assessment.md"
GUIDE = ROOT / "docs" / "instructor_guide.md"

#: How each rubric criterion is marked (the same scale everywhere).
SCALE = (
    "Each criterion is marked **2** (present, accurate, with the figure or source that supports it), "
    "**1** (present but vague, or one slip in a figure, a unit or a label) or **0** (missing or wrong). "
    "Add the marks; a strong answer scores at least two thirds of the total. Mark the reasoning, not the "
    "opinion: a well-argued answer that reaches another conclusion from the same figures scores full marks."
)


# --------------------------------------------------------------------------- finding the questions


@dataclass(frozen=True)
class Question:
    notebook: str  # "01"
    where: str  # "notebook" or "guide"
    cell: str  # cell id (notebook) or "guide"
    number: int  # 1-based position within its discussion block
    text: str


_LEAD = re.compile(r"\*\*(Discuss\.?|Discussion[^*]*|Pause for discussion[^*]*)\*\*", re.I)
_HEADING = re.compile(r"^#{2,4}\s+(?:\d+\.\s*)?(Discussion|Discussion questions)\s*$", re.I | re.M)
_ITEM = re.compile(r"^\s{0,3}(?:\d+\.|[*-])\s+")


def _items(block: str) -> list[str]:
    """The list items of a block (numbered or bulleted, with their continuation lines), or the
    block as one paragraph when it has no list."""
    lines = block.strip("\n").splitlines()
    items: list[list[str]] = []
    for line in lines:
        if _ITEM.match(line):
            items.append([_ITEM.sub("", line, count=1)])
        elif items and line.strip():
            items[-1].append(line.strip())
    if items:
        return [" ".join(i).strip() for i in items]
    para = " ".join(line.strip() for line in lines if line.strip())
    return [para] if para else []


def _normal(text: str) -> str:
    text = re.sub(r"[*_`]", "", text)
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.lower().split())


def _cell_questions(src: str) -> list[str]:
    out: list[str] = []
    for m in _HEADING.finditer(src):
        rest = src[m.end() :]
        nxt = re.search(r"^#{1,4}\s", rest, re.M)
        out += _items(rest[: nxt.start()] if nxt else rest)
    for m in _LEAD.finditer(src):
        rest = src[m.end() :]
        # the block ends at the next bold lead that starts a paragraph, or at a heading
        stop = re.search(r"\n\s*\n(?=\*\*[A-Z][^*]*[:.]\*\*)|^#{1,4}\s", rest, re.M)
        out += _items(rest[: stop.start()] if stop else rest)
    return out


def notebook_questions(path) -> list[Question]:
    """The discussion questions of one student notebook, in order."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    number = path.name[:2]
    out = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for i, text in enumerate(_cell_questions(cell.source), 1):
            out.append(Question(number, "notebook", cell.get("id", "?"), i, text))
    return out


def guide_questions(path=None) -> list[Question]:
    """The instructor guide's "Pause for discussion" prompts, per notebook section. A prompt with
    numbered parts "(1) ... (2) ..." gives one question per part."""
    text = Path(path or GUIDE).read_text(encoding="utf-8")
    out = []
    for sec in re.finditer(r"^### (\d\d) ·(.*?)(?=^### |^## |\Z)", text, re.M | re.S):
        number, body = sec.group(1), sec.group(2)
        for para in re.split(r"\n\s*\n", body):
            m = re.match(r"\s*\*\*Pause for discussion\*\*(.*)", para, re.S)
            if not m:
                continue
            prompt = " ".join(m.group(1).split())
            parts = [p.strip() for p in re.split(r"\(\d\)\s*", prompt) if p.strip()]
            if len(parts) > 1 and not re.search(r"\(1\)", prompt):
                parts = [prompt]
            for i, p in enumerate(parts, 1):
                out.append(Question(number, "guide", "guide", i, p))
    return out


def all_questions() -> list[Question]:
    from .course import TOPICS

    qs = []
    for t in TOPICS:
        qs += notebook_questions(t.notebook)
    return qs + guide_questions()


# --------------------------------------------------------------------------- model answers


@dataclass
class Discussion:
    """A model answer and rubric for one discussion question.

    ``match``: words of the question (compared without case, emphasis or extra spaces) that
    identify it among the questions of ``notebook`` in ``where`` ("notebook" or "guide").
    ``answer``: a function returning the model answer (Markdown), its figures from the tables.
    ``rubric``: the criteria (each marked on :data:`SCALE`). ``sources``: the source ids cited.
    """

    notebook: str
    match: str
    title: str
    answer: object
    rubric: list[str]
    sources: tuple[str, ...] = ()
    where: str = "notebook"
    see_also: str = ""

    def answer_text(self) -> str:
        return self.answer() if callable(self.answer) else str(self.answer)


def match(question: Question, entries=None) -> list[Discussion]:
    """The entries whose ``match`` words are in the question (there must be exactly one)."""
    entries = DISCUSSIONS if entries is None else entries
    q = _normal(question.text)
    return [
        d
        for d in entries
        if d.notebook == question.notebook and d.where == question.where and _normal(d.match) in q
    ]


# helpers reading the tables -------------------------------------------------


def _rev(fy: int, breakdown: str, category: str | None = None) -> float:
    from .start_here import latest_reporting

    df = latest_reporting(data.load("nvidia_revenue"))
    rows = df[(df["fiscal_year"] == fy) & (df["breakdown"] == breakdown)]
    if category is not None:
        rows = rows[rows["category"] == category]
    return float(rows["revenue_usd_m"].iloc[0])


_CN = "China (including Hong Kong)"


def _cn(fy: int) -> float:
    return _rev(fy, "geography", _CN)


def _tot(fy: int) -> float:
    return _rev(fy, "total")


def _bn(usd_m: float, digits: int = 1) -> str:
    return f"${usd_m / 1000:,.{digits}f}bn"


def _shares():
    from .start_here import china_share_by_year

    return china_share_by_year(data.load("nvidia_revenue")).set_index("fiscal_year")


def _chip(chip_id: str):
    from .export_controls import model as ec

    c = ec.chips()
    return c[c["chip_id"] == chip_id].iloc[0]


def _h20(metric: str) -> float:
    from .export_controls import model as ec

    return float(ec.h20_figures().loc[metric, "value"])


def _rule(rule: str, threshold_id: str) -> float:
    r = data.load("export_rules")
    return float(r[(r["rule"] == rule) & (r["threshold_id"] == threshold_id)]["value"].iloc[0])


def _quote(company: str, topic: str) -> str:
    q = data.load("geography_definitions")
    return str(q[(q["company"] == company) & (q["topic"] == topic)]["quote"].iloc[0])


def _share_row(estimate_id: str, segment: str, unit: str) -> float:
    s = data.load("china_ai_chip_share")
    return float(
        s[(s["estimate_id"] == estimate_id) & (s["segment"] == segment) & (s["unit"] == unit)]["value"].iloc[
            0
        ]
    )


def _prod(cid: str) -> float:
    p = data.load("production_constraints")
    return float(p[p["constraint_id"] == cid]["value"].iloc[0])


def _fig(fid: str) -> float:
    f = data.load("fact_check_figures")
    return float(f[f["figure_id"] == fid]["value"].iloc[0])


def _v3(item: str, stage: str) -> float:
    v = data.load("deepseek_v3")
    return float(v[(v["item"] == item) & (v["stage"] == stage)]["value"].iloc[0])


def _china_rev(company: str, label: str):
    c = data.load("china_revenue")
    return c[(c["company"] == company) & (c["period_label"] == label)].iloc[0]


def _region(company: str, label: str, region: str) -> float:
    r = data.load("revenue_regions")
    return float(
        r[(r["company"] == company) & (r["period_label"] == label) & (r["region"] == region)]["revenue"].iloc[
            0
        ]
    )


def _timeline(source_id: str):
    t = data.load("timeline")
    return t[t["source_id"] == source_id].sort_values("date").iloc[0]


def _date(ts) -> str:
    return f"{ts.day} {ts:%B %Y}"


# notebook 00 ---------------------------------------------------------------


def _a00_share_vs_dollars() -> str:
    s = _shares()
    peak = int(s["share"].idxmax())
    first, last = int(s.index.min()), int(s.index.max())
    return (
        f"Both numbers are true. Nvidia billed {_bn(_cn(last))} to China and Hong Kong in fiscal {last}, "
        f"{(_cn(last) / _cn(last - 1) - 1):.0%} more than a year earlier and more than in any earlier year; "
        f"yet that was only {s.loc[last, 'share']:.1%} of its {_bn(_tot(last))} revenue, against "
        f"{s.loc[first, 'share']:.1%} in fiscal {first} and a peak of {s.loc[peak, 'share']:.1%} in fiscal {peak}. "
        "A commentator arguing that Nvidia needs China, or that the US rules hurt US companies, quotes the "
        "dollars (the seed article quotes both the record and the growth). A policymaker arguing that the "
        "rules cost Nvidia little quotes the falling share; one worried about lost sales and jobs quotes the "
        "dollars again. The share measures how much of Nvidia's business depends on China; the dollars "
        "measure the size of the market and what a ban would cost. Both are by billing location "
        "(nvidia_revenue, Nvidia's 10-K filings), not where the chips are used."
    )


def _a00_singapore() -> str:
    sg = _rev(2025, "geography", "Singapore")
    hq = _rev(2025, "geography_hq", _CN)
    return (
        "It depends on what the number is for. *For accounting*, the company decides and must say how: "
        "the segment rules require revenue by geographic area and the basis used, and Nvidia chose the "
        f'customer\'s billing location. Its 10-Q says: *"{_quote("Nvidia", "Singapore")}"* Singapore was '
        f"billed {_bn(sg)} in fiscal 2025 ({sg / _tot(2025):.0%} of revenue). From its fiscal 2026 10-K Nvidia "
        f"switched to the customer's headquarters: fiscal 2025's China becomes {_bn(hq)}, not "
        f"{_bn(_cn(2025))}. *For export control*, the invoice does not matter: the US rules follow the "
        "destination and the end user, so a chip shipped to China needs the licence China needs, wherever it "
        "was billed. *For dependence*, the end use matters, and no filing shows it. So: the company decides "
        "its accounting basis (and must disclose it), US export law decides what may be shipped, and nobody "
        "publishes where the chips end up."
    )


def _a00_guide() -> str:
    return (
        "It measures where Nvidia sends the invoice, not where the customer is or where the chip is used. "
        f"Fiscal 2025: China (with Hong Kong) {_bn(_cn(2025))} billed; Singapore {_bn(_rev(2025, 'geography', 'Singapore'))}, "
        "mostly US customers' invoices by Nvidia's own footnote; by customer headquarters (the basis of the "
        f"fiscal 2026 10-K) China becomes {_bn(_rev(2025, 'geography_hq', _CN))}. A China share computed from "
        "billing addresses is a lower bound on Chinese-owned demand and says nothing about end use; notebook "
        "04 returns to it."
    )


# notebook 01 ---------------------------------------------------------------


def _a01_bright_lines() -> str:
    a800, h20 = _chip("nvidia-a800-sxm"), _chip("nvidia-h20")
    return (
        f"A bright line such as TPP {_rule('2023-10', 'a1_tpp_min'):,.0f} lets anyone check a chip from its datasheet, "
        "so each side gains something. **Nvidia** can design a product to sit just under the line and sell it "
        f"legally: the A800 kept the A100's compute and cut its links to {a800['interconnect_gbps']:,.0f} GB/s, under the "
        f"2022 rule's {_rule('2022-10', 'io_min'):,.0f} GB/s; the H20 sits at TPP {h20['tpp']:,.0f}, just under "
        f"{_rule('2023-10', 'b1_tpp_min'):,.0f}, with density {h20['perf_density']:.2f}, just under "
        f"{_rule('2023-10', 'b2_pd_min'):g}. **Chinese buyers** keep a legal, predictable supply. **Huawei** loses "
        "while compliant Nvidia chips compete for its customers, and gains each time the line moves and "
        "they disappear. **US officials** get rules that are easy to enforce and to defend, but each line is "
        "designed around within months, so they must redraw it (2022, 2023, 2025, 2026). A vaguer standard "
        '("chips for training advanced AI") would give officials discretion and stop designing-to-the-line, '
        "at the cost of uncertainty that chills legal sales, invites lobbying case by case, and may hand "
        "Chinese buyers to Huawei sooner."
    )


def _a01_redesigns() -> str:
    a100, a800 = _chip("nvidia-a100-sxm"), _chip("nvidia-a800-sxm")
    h100, h20 = _chip("nvidia-h100-sxm"), _chip("nvidia-h20")
    v1, v2 = _chip("nvidia-rtx5090d"), _chip("nvidia-rtx5090d-v2")
    return (
        f"**A800**: links cut from {a100['interconnect_gbps']:,.0f} to {a800['interconnect_gbps']:,.0f} GB/s, compute "
        f"unchanged (TPP {a800['tpp']:,.0f}, the A100's): cheap for Nvidia (the same chip with slower links), a cost only "
        "to buyers running large multi-chip training jobs. **H20**: the same GH100 die as the H100 (as reported, "
        f"{h20['die_area_mm2']:,.0f} mm2) with {h20['fp16_tflops'] / h100['fp16_tflops']:.0%} of its dense FP16 "
        f"({h20['fp16_tflops']:g} vs {h100['fp16_tflops']:g} TFLOPS), but more memory ({h20['memory_gb']:g} vs "
        f"{h100['memory_gb']:g} GB) and bandwidth ({h20['memory_bandwidth_gbps']:,.0f} vs "
        f"{h100['memory_bandwidth_gbps']:,.0f} GB/s): Nvidia pays for a full-size die but sells it for less "
        f"(course price estimates, grade E: H20 about ${_prod('price-h20'):,.0f}, H100 about ${_prod('price-h100'):,.0f}), "
        "so its margin pays; buyers pay in compute (training needs many more chips and more power) but much "
        f"less for inference, which needs memory bandwidth. **RTX 5090 D V2**: memory cut from {v1['memory_gb']:g} to "
        f"{v2['memory_gb']:g} GB and bandwidth from {v1['memory_bandwidth_gbps']:,.0f} to {v2['memory_bandwidth_gbps']:,.0f} "
        "GB/s (grade E figures): gamers lose little, AI users a lot. So the cost falls on Nvidia's margins where "
        'the silicon is kept and on the buyers whose workload uses the part that was cut; "nobody" pays only '
        "for workloads that never needed it."
    )


def _a01_unpublished() -> str:
    return (
        "The April 2025 requirement reached Nvidia, AMD and Intel as private *is-informed* letters; the "
        "thresholds are known only from one Financial Times report of Intel's notice to its Chinese customers "
        f"(DRAM bandwidth {_rule('2025-04', 'dram_min'):,.0f} GB/s, I/O {_rule('2025-04', 'io_min'):,.0f} GB/s, together "
        f"{_rule('2025-04', 'combined_min'):,.0f} GB/s; grade C), and Nvidia's 8-K gives no numbers. For a chipmaker "
        "it means designing to a line it must infer: the RTX 5090 D V2's bandwidth "
        f"({_chip('nvidia-rtx5090d-v2')['memory_bandwidth_gbps']:,.0f} GB/s) sits under the reported "
        f"{_rule('2025-04', 'dram_min'):,.0f}, but Nvidia did not say which line it aimed at. Competitors may have "
        "received different letters; buyers cannot plan; the public and Congress cannot check whether the rule "
        "is applied consistently, and a rule that can change by letter invites lobbying. For a student it means "
        'grading the figures C, saying "reported", and keeping the uncertainty in every conclusion.'
    )


def _a01_buyer_government() -> str:
    cac = _timeline("cac-2025-07-31-h20")
    return (
        "The what-if of section 7 treats the US licence as the only gate. A buyer's government adds a second "
        f"one. On {_date(cac['date'])} the Cyberspace Administration summoned Nvidia over alleged security risks "
        "in the H20; in September 2025, by press reports, Chinese firms were told to stop buying the RTX Pro "
        "6000D. The data show the effect: Nvidia's H20 sales to China-based customers were "
        f"${_h20('h20_sales_china'):,.0f}m in its quarter to July 2025 (results of 27 August 2025), and its fiscal "
        f"2026 10-K reports only ${_h20('h20_revenue_under_aug2025_licences'):,.0f}m of H20 revenue under the licences "
        "granted in August 2025. In the panel, this is a higher *share lost to domestic chips for good* and a lower *share back "
        "under licence*, set in Beijing as much as in Washington; the licence fee hardly matters if nobody "
        "buys. Procurement mandates (state-funded data centres: domestic chips only, notebook 03) push the "
        "same way."
    )


def _a01_guide() -> str:
    from .export_controls.exercises import _open_model_answer

    return _open_model_answer() + " (The same task is the notebook's open exercise 01.open-design.)"


# notebook 02 ---------------------------------------------------------------


def _a02_journalist() -> str:
    est = data.load("deepseek_estimates")
    epoch = est[(est["estimator"] == "Epoch AI") & (est["subject"] == "DeepSeek-V3")].iloc[0]
    capex = est[est["scope"] == "total server capital expenditure"].iloc[0]
    m = data.load("ai_models")
    august = m[m["estimate_as_of"] == "2025-08-07"].set_index("model")["training_flop"]
    return (
        'An accurate sentence: *"DeepSeek says the final training run of V3 took '
        f"{_v3('gpu_hours', 'total') / 1e6:.3f} million H800 GPU-hours, which at an assumed ${_v3('rental_price', 'assumption'):g} "
        f"an hour is ${_v3('training_cost', 'total') / 1e6:.3f} million; the figure excludes its research and "
        'experiments, its staff and data, and the GPUs it owns."* ("GPT-4-class" is a claim about '
        f"benchmarks, not about cost; V3's training compute is {august['DeepSeek-V3'] / august['GPT-4']:.0%} of "
        "Epoch's speculative GPT-4 estimate.) Of the outside estimates, the most trustworthy is the one that measures the same thing "
        f"with a public method: Epoch AI's ${epoch['value']:.2f}M for the final run at cloud prices (grade "
        f"{epoch['grade']}), close to DeepSeek's own. SemiAnalysis's fleet figures (server capex about "
        f"${capex['value'] / 1000:.1f}bn, grade {capex['grade']}) answer a different question (what the company spent "
        "on all its GPUs, for several models), come from a private model, and were disputed by a recomputation "
        'from its own table: useful for scale, not as "the true cost of V3".'
    )


def _a02_jevons_proof() -> str:
    from .compute_demand import model as cd

    g = cd.like_for_like_growth(data.load("hyperscaler_capex"), 2024, 2025)
    parts = "; ".join(f"{r.company} {r.growth:+.0%}" for r in g.itertuples())
    return (
        f"No. Capital spending did rise from 2024 to 2025, like for like: {parts} (hyperscaler_capex; Microsoft's "
        "year ends in June, Amazon's 2025 figure is derived). That is consistent with the Jevons paradox but "
        "does not prove it, because other explanations predict the same rise: data centres and chip orders "
        "are committed a year or more ahead, so 2025 spending was largely decided before January 2025; the "
        "companies compete for the lead, so no one can afford to cut; spending follows *expected* demand, not "
        "measured demand; and cheaper models raise the demand for *inference* even if each training run needs "
        "less. A test would need a counterfactual (what they planned before DeepSeek, e.g. guidance revised "
        "after January), and a measured price elasticity of demand for AI services, which nobody has."
    )


def _a02_controls() -> str:
    r2 = _timeline("news-deepseek-r2-delay-2025-08")
    v31 = _timeline("deepseek-v31-reports")
    m = data.load("ai_models")
    august = m[m["estimate_as_of"] == "2025-08-07"].set_index("model")["training_flop"]
    ratio = august["Llama 3.1-405B"] / august["DeepSeek-V3"]
    return (
        "Both effects exist. *Less effective*: efficiency raises what each allowed chip can do, so a line "
        f"drawn in chips lets through more capability; V3 was trained on {_v3('gpu_count', 'cluster'):,.0f} H800s, "
        "a chip designed for the 2022 rule. *More effective*: efficiency helps US labs as much, so the gap "
        f"depends on relative compute, which the controls still limit (Llama 3.1 405B used about {ratio:.0f} times "
        "V3's compute, ai_models); and if cheaper AI raises total demand (Jevons), a country short of chips is "
        "short of more. Efficiency also makes weaker domestic chips more usable: DeepSeek released V3.1 "
        f"with an FP8 format 'for domestic chips' ({_date(v31['date'])}), while the FT reported its next model "
        f"delayed after failed training on Huawei's chips ({_date(r2['date'])}; grade {r2['grade']}). Notebook 01 shows "
        "the rules; notebook 03 what limits the domestic chips."
    )


def _a02_spring_festival() -> str:
    m = data.load("ai_models")
    r1 = m[(m["model"] == "DeepSeek-R1") & (m["selection"] != "revision")].iloc[0]
    ev = data.load("market_events")
    fall = ev[ev["measure"] == "one-day share price change"].iloc[0]
    lost = ev[ev["measure"] == "one-day fall in market value"]["value"]
    v3 = m[(m["model"] == "DeepSeek-V3") & (m["selection"] != "revision")].iloc[0]
    return (
        f"R1 was published on {_date(r1['date'])} (ai_models; DeepSeek's release note) and Nvidia fell "
        f"{abs(fall['value']):.1f}% on {_date(fall['date'])}, losing ${lost.min():.0f}bn to ${lost.max():.1f}bn of market "
        "value (market_events; two sources). Both dates fall *before* the Spring Festival of 2025 (New Year's Day "
        "was 29 January: a calendar fact, not in the course's tables), and V3 itself appeared on "
        f"{_date(v3['date'])}. "
        '"After the Spring Festival" is wrong, or at best a loose way of saying "around the New Year '
        "holiday\". It matters because the article's story (a shock after the holiday) shapes how readers "
        "connect the events."
    )


# notebook 03 ---------------------------------------------------------------


def _a03_compute_share() -> str:
    from .substitution import model as sw

    dom = _share_row("idc-2025", "domestic", "million units")
    nv = _share_row("idc-2025", "nvidia", "million units")
    amd = _share_row("idc-2025", "amd", "million units")
    foreign = nv + amd
    h20e, dome = sw.h100e("nvidia-h20"), sw.default_params()["domestic_h100e"]
    by_tpp = dom * dome / (dom * dome + foreign * h20e)
    bw_h20, bw_910b = (
        _chip("nvidia-h20")["memory_bandwidth_gbps"],
        _chip("huawei-ascend910b")["memory_bandwidth_gbps"],
    )
    by_bw = dom * bw_910b / (dom * bw_910b + foreign * bw_h20)
    return (
        f"It depends on the number you weigh cards by. IDC counts {dom:.2f} million domestic and {foreign:.2f} million "
        f"foreign cards ({_share_row('idc-2025', 'domestic', 'percent'):.0f}% domestic; grade E). Weighted by peak compute, with "
        f"every domestic card a 910B-class chip ({dome:.2f} H100-equivalents of TPP) and every foreign card an H20 "
        f"({h20e:.2f}), the domestic share *rises* to about {by_tpp:.0%}: the H20 was cut to pass the rules. Weighted by "
        f"memory bandwidth (H20 {bw_h20:,.0f} GB/s, 910B {bw_910b:,.0f} GB/s), it *falls* to about {by_bw:.0%}. To compute "
        "it properly you would need the mix of chips behind each count (T-Head, Kunlunxin and Cambricon are "
        "not 910Bs; some Nvidia cards are not H20s), the workloads (training needs compute, inference "
        "memory), and delivered rather than peak performance (software, interconnect, utilisation)."
    )


def _a03_200k() -> str:
    s = data.load("china_ai_chip_share")
    hw = s[(s["segment"] == "huawei") & (s["unit"] == "million units") & (s["year"] == 2025)].set_index(
        "publisher"
    )
    return (
        f"Yes. US Commerce said Huawei could make *at most* {hw.loc['US Commerce (Kessler)', 'value'] * 1e6:,.0f} advanced "
        f"AI chips in 2025 (said to Congress, basis not given); IDC counted {hw.loc['IDC', 'value'] * 1e6:,.0f} Huawei "
        "cards *shipped*. Ways both can be right: (1) *made versus shipped*: cards shipped in 2025 can contain dies "
        f"made earlier, including more than {_prod('diebank-tsmc'):g} million TSMC-made dies SemiAnalysis says Huawei "
        "received before the foundry rules; (2) *which chip*: Commerce may count the newest 910C-class parts made "
        "at SMIC, IDC counts every Ascend card, 910B included (Bloomberg's plan implies about "
        f"{hw.loc['Bloomberg', 'value'] * 1e6:,.0f} 910C in 2025, grade E); (3) *what a unit is*: a 910C is two "
        "dies in one package, so chips, dies and cards are different counts; (4) *stock*: cards built in 2024 "
        "and sold in 2025. All the figures are estimates (grade C-E), so the honest conclusion is a range."
    )


def _a03_mandate() -> str:
    from .substitution import model as sw

    p = sw.default_params()
    runs = {m: sw.supply_scenario(**{**p, "mandate": m}).set_index("year") for m in (0.0, 1.0)}
    a, b = runs[0.0], runs[1.0]
    return (
        "A mandate helps substitution only while domestic capacity is to spare. In the default scenario, "
        f"2025 is such a year (the limit is demand): a 100% mandate raises domestic supply from {a.loc[2025, 'domestic']:.2f} "
        f"to {b.loc[2025, 'domestic']:.2f} million H100-equivalents and their share from {a.loc[2025, 'share_domestic']:.0%} "
        f"to {b.loc[2025, 'share_domestic']:.0%}, with no unmet demand. In 2027 memory binds (the HBM stockpile is "
        f"used up): domestic supply stays at {b.loc[2027, 'domestic']:.2f} either way, and the mandate only removes "
        f"the foreign chips, so unmet demand rises from {a.loc[2027, 'unmet']:.2f} to {b.loc[2027, 'unmet']:.2f} "
        f"and the scarcity price from {a.loc[2027, 'scarcity_price_index']:.1f} to {b.loc[2027, 'scarcity_price_index']:.1f} "
        f"times normal. (The default mandate of {p['mandate']:.0%} changes nothing, because buyers already take more "
        "domestic chips than that.) So a mandate guarantees a market; it does not create memory, and the "
        "model's inputs are analysts' estimates (grade E)."
    )


def _a03_bandwidth() -> str:
    h20, h100 = _chip("nvidia-h20"), _chip("nvidia-h100-sxm")
    b, c = _chip("huawei-ascend910b"), _chip("huawei-ascend910c")
    return (
        f"Section 2 shows why. On compute the H20 was already cut: {h20['fp16_tflops']:g} dense TFLOPS against the "
        f"910B's {b['fp16_tflops']:g} and the 910C's {c['fp16_tflops']:g} (TPP {h20['tpp']:,.0f}, just under the 2023 "
        "lines). On memory bandwidth it leads every Huawei chip shipping: "
        f"{h20['memory_bandwidth_gbps']:,.0f} GB/s against {b['memory_bandwidth_gbps']:,.0f} (910B) and "
        f"{c['memory_bandwidth_gbps']:,.0f} (910C), more even than the H100's {h100['memory_bandwidth_gbps']:,.0f}. "
        "Running large models (inference) is limited by memory bandwidth more than by compute, so that is what "
        "made the H20 valuable in China. A compute line low enough to catch it would also catch many ordinary "
        "chips; a bandwidth line catches it precisely (reported thresholds: DRAM "
        f"{_rule('2025-04', 'dram_min'):,.0f} GB/s, I/O {_rule('2025-04', 'io_min'):,.0f}, together "
        f"{_rule('2025-04', 'combined_min'):,.0f}; grade C)."
    )


def _a03_test() -> str:
    cars = data.load("carmaker_chips").set_index("chip")
    t, o = cars.loc["Turing", "claimed_tops"], cars.loc["Orin-X", "claimed_tops"]
    return (
        f"The claim rests on headline TOPS: Xpeng's {t:,.0f} against Orin-X's {o:,.0f} ({t / o:.1f} times; grades "
        f"{cars.loc['Turing', 'grade']} and {cars.loc['Orin-X', 'grade']}), and Nvidia's figure is INT8 *with "
        "sparsity*. A convincing test: the same driving network (Xpeng's own and a public benchmark model) "
        "compiled for both chips; the same precision, stated (INT8 or FP8, dense); measured frames per second, "
        "end-to-end latency and power in watts, on production boards in the same thermal envelope; several "
        'runs; and an independent lab publishing the method, so that anyone can repeat it. Until then "one '
        "Turing = three Orin-X\" is a company's marketing ratio."
    )


def _a03_guide() -> str:
    from .substitution import model as sw

    p = sw.default_params()
    base = sw.run_default().set_index("year")
    hbm = sw.supply_scenario(**{**p, "hbm_growth": 1.0}).set_index("year")
    lic = sw.supply_scenario(**{**p, "licence_share": 1.0}).set_index("year")
    return (
        f"In 2027 HBM binds: {base.loc[2027, 'why']} (default scenario). Levers: *SMIC capacity or yield* change "
        "nothing while memory binds; *a mandate* moves buyers but adds no chips (question 3); *HBM supply* is the "
        f"lever: with new HBM doubling every year the domestic supply of 2027 rises from {base.loc[2027, 'domestic']:.2f} "
        f"to {hbm.loc[2027, 'domestic']:.2f} million H100-equivalents (binding: {hbm.loc[2027, 'binding']}); and on the "
        "US side, *licensed H200s* for every foreign card cut unmet demand from "
        f"{base.loc[2027, 'unmet']:.2f} to {lic.loc[2027, 'unmet']:.2f}. Show the backtest first: the model matches "
        "IDC for 2024-2025, years in which demand was the limit, so its later years rest on the HBM "
        "assumptions (SemiAnalysis's, grade E)."
    )


# notebook 04 ---------------------------------------------------------------


def _a04_singapore() -> str:
    return (
        f"The 10-K gives billing addresses: fiscal 2025 China (with Hong Kong) {_bn(_cn(2025))}, Singapore "
        f"{_bn(_rev(2025, 'geography', 'Singapore'))}. Nvidia's footnote says "
        f'*"{_quote("Nvidia", "Singapore")}"* To know how much hardware Chinese companies use you would need: '
        f"revenue by customer headquarters (Nvidia's fiscal 2026 10-K gives {_bn(_rev(2025, 'geography_hq', _CN))} for "
        "fiscal 2025, so Chinese-owned customers were billed partly outside China); shipments by destination "
        "(customs and export data, licence records); where cloud capacity is rented from (Chinese firms renting "
        "Nvidia GPUs in data centres abroad use them without importing them); resellers and smuggling cases; and "
        "end-use checks. None of these is in a 10-K, and several are not public."
    )


def _a04_qualcomm() -> str:
    q = _china_rev("Qualcomm", "FY2024")
    return (
        f"Qualcomm's China share ({q['china_share_reported']:.0%} in fiscal 2024, from a Reuters report: grade {q['grade']}) "
        "counts chips *delivered* to China, whoever owns the phone. A ban on Qualcomm chips in Chinese-brand "
        "phones only would spare the chips delivered to factories in China that assemble phones for foreign "
        "brands, so the share *overstates* the revenue at risk on that count; it would hit Chinese-brand phones "
        "assembled outside China, which the share leaves out, so it *understates* on that count. Which effect "
        "is larger needs revenue by customer brand, which the 10-K does not give; given how much of the "
        "world's phone assembly is in China, the first is likely larger."
    )


def _a04_apple() -> str:
    sold = _china_rev("Apple", "FY2025")
    sc = data.load("supply_chain")
    india_rows = sc[(sc["company"] == "Apple") & (sc["location"] == "India")].sort_values("period")
    india, before = india_rows.iloc[-1], india_rows.iloc[0]
    upper = sc[(sc["company"] == "Apple") & sc["location"].str.startswith("China")].iloc[0]
    return (
        f"Market: Greater China was {sold['china_revenue'] / sold['total_revenue']:.1%} of Apple's fiscal 2025 net "
        f"sales ({_bn(sold['china_revenue'], 0)}; it includes Hong Kong and Taiwan). Workshop: India assembled about "
        f"{india['value']:.0%} of iPhones in the {india['period']} (grade {india['grade']}), so China assembled at most about "
        f"{upper['value']:.0%} (an upper bound, grade {upper['grade']}). A Chinese boycott of iPhones puts at most the "
        "Greater China revenue at risk. A US tariff on goods made in China raises the cost of most of the "
        f"iPhones Apple sells in the Americas ({_bn(_region('Apple', 'FY2025', 'Americas'), 0)} of net sales in fiscal "
        "2025): Apple must raise prices (and sell fewer) or cut its margin. With a large tariff the second shock "
        f"is likely the bigger one, unless Apple can move assembly fast (India's share went from {before['value']:.0%} to "
        f"{india['value']:.0%} in a year). "
        "Missing from the notebook: Apple's margins, the tariff rate, how price-sensitive iPhone buyers are, "
        "and the cost and speed of moving production."
    )


def _a04_visits() -> str:
    from .exposure import model as exposure

    annual = exposure.china_shares(exposure.annual_rows(data.load("china_revenue")))
    annual = annual[annual["china_share"].notna() & (annual["grade"] != "D")]
    latest = (
        annual.sort_values("fiscal_year")
        .groupby("company")
        .tail(1)
        .sort_values("china_share", ascending=False)
    )
    top = ", ".join(f"{r.company} {r.china_share:.0%} ({r.grade})" for r in latest.head(3).itertuples())
    t = data.load("timeline")
    v = t[t["category"] == "CEO visit"]
    huang = int(v["actor"].str.contains("Huang").sum())
    return (
        f"By revenue share (latest full year per company, grade A-C) the most exposed are {top}: chip and equipment makers. The visits the timeline "
        f"could source are different: Jensen Huang {huang} times, Tim Cook and Cristiano Amon at the China "
        "Development Forum; no equipment maker appears. So visits track more than revenue share: Nvidia's "
        "share is lower, but its stakes are regulatory (US licences, China's antitrust probe and security "
        "summons) and its growth depends on both governments; Apple also depends on China as a workshop. The "
        "list of visits is also a selection (those the course could source, grade B-C), so the absence of a "
        "company proves little."
    )


def _a04_share_vs_dollars() -> str:
    s = _shares()
    return (
        f"Nvidia's China share fell from {s.loc[2024, 'share']:.1%} to {s.loc[2025, 'share']:.1%} between fiscal 2024 and "
        f"2025 while China revenue rose {(_cn(2025) / _cn(2024) - 1):.0%} to {_bn(_cn(2025))}. The *share* is the right "
        "measure of dependence: how much of the company's business a shock in China would take, how much "
        "bargaining power China has over it, how an investor should weigh the risk. The *dollar amount* is "
        "right for the size of the market and the loss itself: what a ban costs the company (and its suppliers "
        "and workers), and what China's buyers would have to replace. Quote both, with the definition (billing "
        "location here)."
    )


def _a04_guide() -> str:
    return (
        "Because customers centralise their invoicing there: Nvidia's footnote says products billed to Singapore "
        "are almost always shipped elsewhere, and over 99% of controlled data-centre compute revenue billed there "
        f"was for US-based customers. Fiscal 2025: Singapore {_bn(_rev(2025, 'geography', 'Singapore'))}, China "
        f"{_bn(_cn(2025))}. A China share computed from billing addresses therefore misses Chinese-owned customers "
        "billed elsewhere (by headquarters, fiscal 2025 China was "
        f"{_bn(_rev(2025, 'geography_hq', _CN))}) and says nothing about where chips end up."
    )


def _a04_tariff_elasticities() -> str:
    from . import economics
    from .exposure import model as exposure

    d = exposure.tariff_defaults()
    e_s = d["supply_elasticity"]
    p_default = economics.pass_through(d["demand_elasticity"], e_s)
    p_inelastic = economics.pass_through(-0.5, e_s)
    return (
        "Demand is least elastic where Chinese buyers have no close substitute: the leading AI accelerators "
        "(Nvidia's data-centre parts, where domestic chips are scarce), chipmaking tools (ASML, Applied "
        "Materials, Lam, KLA: a fab cannot switch tools quickly) and some analogue and RF parts. It is more "
        "elastic where Chinese brands compete (phones, cars, consumer devices: Apple, Tesla). With less "
        "elastic demand buyers bear more of a tariff: pass-through ε_S / (ε_S − ε_D) is "
        f"{p_default:.0%} at the course's ε_D = {d['demand_elasticity']:.1f}, but {p_inelastic:.0%} at ε_D = −0.5 "
        f"(same ε_S = {e_s:.1f}), and the seller loses less revenue. The elasticities are assumptions (grade "
        f"{d['demand_grade']}): a good answer says what evidence would pin them down."
    )


def _a04_backtest_guide() -> str:
    from .exposure import model as exposure

    b = exposure.backtest().set_index("period")
    both = b.loc["Q1 + Q2 FY2026"]
    after = b[b["quantity"].str.startswith("Nvidia China revenue")]
    errs = ", ".join(f"{per} {row.error_pct:+.0f}%" for per, row in after.iterrows())
    return (
        f"Over the first two quarters the model's lost H20 revenue is {both['model'] / 1000:.1f} bn USD against the "
        f"{both['observed'] / 1000:.1f} bn Nvidia reported ({both['error_pct']:+.0f}%), but it misses the timing (too little "
        f"in the first weeks, when orders already placed were cancelled) and its China revenue afterwards is off "
        f"in both directions ({errs}). A stress test leaves out behaviour: the rush of orders before a ban, "
        "buyers switching to domestic chips, China's own response (the customs refusal, procurement guidance) "
        "and later licences. It is a size check, not a forecast."
    )


# notebook 05 ---------------------------------------------------------------


def _a05_claim5_and_tolerance() -> str:
    rec, start, end = (
        _fig("nvda-market-value-2025-01-06"),
        _fig("nvda-market-value-2025-01-22"),
        _fig("nvda-market-value-2025-04-21"),
    )
    inst = data.load("driving_chip_installs")
    y24 = inst[inst["year"] == 2024]
    orin = y24[y24["chip"] == "Orin-X"].iloc[0]
    fsd = y24[y24["chip"] == "FSD"].iloc[0]
    hw = y24[y24["chip"] == "Ascend 610"].iloc[0]
    return (
        f"Claim 5's Orin-X figures match ({orin['units_million']:g} million, {orin['share_pct']:g}%, Gasgoo's count as "
        f"relayed by 36Kr and a broker), Tesla's {fsd['share_pct']:g}% appears only in a weak relay, and the relays give "
        f"Huawei {hw['share_pct']:g}%, not the article's figure. All of them are a research firm's estimates (grade "
        f"{orin['grade']}), which count as evidence only for a figure the article itself presents as an estimate; the "
        "article states them as fact, so the claim stays unverifiable even though its figures match. A fair answer "
        "says which parts match and why matching is not confirming. To upgrade it you need Gasgoo's own release (same "
        "market, year and definition: chips or cars, China or world) and an article that says 'estimated'. Claim 7: "
        "NIO's and Xpeng's statements about their own chips are claims; a teardown, an independent benchmark or a "
        "filing that measures the chips would confirm them. Claim 1: from the record close of 6 January the market "
        f"value fell from ${rec:,.0f}bn to ${end:,.0f}bn by 21 April, ${(rec - end) / 1000:.2f} trillion; from 22 "
        f'January (the date one report used) only ${(start - end) / 1000:.2f} trillion, just inside a 5% tolerance on "over '
        'a trillion". The article\'s "January high" points to the record of early January. The line must be drawn '
        "before looking, because otherwise one can always pick the start date, or the tolerance, that gives the "
        "verdict one wants."
    )


def _a05_conclusions() -> str:
    from .fact_check import model as fc

    s = fc.summary()
    counts = s["verdict"].value_counts()
    tally = ", ".join(f"{int(counts.get(v, 0))} {v}" for v in fc.VERDICTS)
    t = data.load("timeline")
    four = t[t["source_id"] == "news-nvda-4t-2025-07-09"].iloc[0]
    dom_23 = _share_row("idc-2023h1", "domestic", "percent")
    dom_25 = _share_row("idc-2025", "domestic", "percent")
    return (
        f"The course's verdicts on the thirteen claims: {tally}. What stands: the revenue figures for Nvidia, "
        f"and the direction of substitution (domestic vendors went from about {dom_23:.0f}% of accelerator cards in "
        f'the first half of 2023 to {dom_25:.0f}% in 2025, IDC, grade E), so "Chinese firms do not wait" holds '
        "for shipments, though memory, not will, limits it. What rested on weak figures: the Apple and Qualcomm "
        'numbers behind "multinationals depend on China" were a quarter and a segment, the Ascend "78%" and '
        'Thor\'s "60 times" cannot carry an argument, and "the Nvidia myth is broken" did not survive the year: '
        f"Nvidia became the first company worth $4 trillion on {_date(four['date'])} (timeline). A good answer "
        "separates conclusions that survive with better figures from those that needed the wrong ones."
    )


def _a05_synthesis() -> str:
    from .fact_check import model as fc

    d = fc.synthesis_defaults()
    year = 2027

    def run(**kw):
        r = fc.synthesis_scenario(**{**d, **kw}, year=year)
        return r["china_revenue_usd_bn"], r["at_risk_usd_bn"], r["share_domestic"]

    base = run()
    changes = {
        "rule path 'strict: April 2025 rules stay'": run(policy="strict: April 2025 rules stay"),
        "cards licensed (H200) 100%": run(licence_share=1.0),
        "new HBM growth 100% a year": run(hbm_growth=1.0),
        "mandate 100%": run(mandate=1.0),
        "SMIC capacity growth 0": run(capacity_growth=0.0),
    }

    def most(k: int) -> str:
        top = max(abs(v[k] - base[k]) for v in changes.values())
        return " and ".join(f"*{n}*" for n, v in changes.items() if abs(abs(v[k] - base[k]) - top) < 1e-9)

    lines = "; ".join(
        f"{k}: China revenue ${v[0]:.1f}bn, at risk ${v[1]:.1f}bn, domestic {v[2]:.0%}"
        for k, v in changes.items()
    )
    return (
        f"In {year}, with the defaults, the model gives Nvidia ${base[0]:.1f}bn of China revenue, ${base[1]:.1f}bn at "
        f"risk (against the October 2023 rules) and domestic chips {base[2]:.0%} of demand. One setting at a time: "
        f"{lines}. Revenue at risk moves most with {most(1)}; the domestic share with {most(2)}. Careful with "
        "the mandate: it removes Nvidia from the scenario *and* from its counterfactual, so nothing is 'at "
        "risk' although China revenue falls to zero; at risk is measured against the October 2023 rules, not "
        "against today. The settings differ because Nvidia's revenue in the model follows the compute it may "
        "ship (rules, licences, mandates), while domestic supply follows the domestic limits (memory first): "
        "US and Chinese policy levers on one side, a supply constraint on the other. (An illustration from the "
        "course's calibrated model, not a forecast.)"
    )


def _r(*items) -> list[str]:
    return list(items)


DISCUSSIONS: list[Discussion] = [
    # 00 ---------------------------------------------------------------------
    Discussion(
        "00",
        "Nvidia's China share fell while its China revenue rose",
        "Share or dollars",
        _a00_share_vs_dollars,
        _r(
            "quotes both figures correctly, with their fiscal years (dollars and share)",
            "links each figure to who would quote it and why",
            "says what each measures (dependence versus market size) and that both are true",
            "notes the billing-location basis",
        ),
        ("nvda-10k-fy2025-copy", "nvda-10k-fy2022-geo"),
    ),
    Discussion(
        "00",
        "If a customer in Singapore buys chips that end up in China",
        "Where should the revenue count?",
        _a00_singapore,
        _r(
            "separates the accounting basis, the export-control destination and the end use",
            "quotes Nvidia's Singapore footnote or the Singapore figure with its source",
            "uses the headquarters-basis figure to show how much the basis changes the answer",
            "answers 'who decides' for each purpose (the company in its filing; US export law; nobody for end use)",
        ),
        ("nvda-10q-q1fy2026-geo", "nvda-10k-fy2025-copy", "nvda-10k-fy2026-note16-copies"),
    ),
    Discussion(
        "00",
        'what does "China revenue" measure if it is where customers are',
        "Billing location (guide pause)",
        _a00_guide,
        _r(
            "says it is the invoicing address, not the customer's location or the end use",
            "uses the Singapore and headquarters figures",
            "draws the consequence for any China share (a lower bound on Chinese-owned demand)",
        ),
        ("nvda-10k-fy2025-copy", "nvda-10q-q1fy2026-geo", "nvda-10k-fy2026-note16-copies"),
        where="guide",
    ),
    # 01 ---------------------------------------------------------------------
    Discussion(
        "01",
        "Who gains from rules drawn as bright lines?",
        "Bright lines",
        _a01_bright_lines,
        _r(
            "names what at least three of the four actors gain or lose",
            "gives a designed-to-the-line example with its figures and the threshold it sits under",
            "weighs predictability against designing around the line (the rules were redrawn)",
            "says what a vaguer standard would change",
        ),
        ("fr-2022-21658", "fr-2023-23055", "heise-a800-2022-11", "tomshw-h20-l20-l2-2024"),
    ),
    Discussion(
        "01",
        "What did each redesign cost?",
        "The cost of redesigns",
        _a01_redesigns,
        _r(
            "quantifies each cut from the accelerators table",
            "considers the maker's side (same die, lower price: margin)",
            "considers the buyer's side and how it depends on the workload (training or inference)",
            "gives the grade of the figures used (C-E for the China variants)",
        ),
        (
            "heise-a800-2022-11",
            "tomshw-h20-l20-l2-2024",
            "tomshw-rtx5090d-v2-2025-08",
            "epoch-ml-hardware-2026-05",
        ),
    ),
    Discussion(
        "01",
        "The April 2025 thresholds were never published",
        "An unpublished rule",
        _a01_unpublished,
        _r(
            "says how the rule is known (is-informed letters; one FT report of Intel's notice, grade C)",
            "explains the consequence for a chipmaker's design (an inferred line; the RTX 5090 D V2 example)",
            "names a consequence for accountability (buyers, competitors, the public)",
            "says how a student should treat the figures (reported, grade C)",
        ),
        ("ft-intel-thresholds-2025-04", "nvda-8k-2025-04-15", "tomshw-rtx5090d-v2-2025-08"),
    ),
    Discussion(
        "01",
        "How does a *buyer's* government change the what-if",
        "The buyer's government",
        _a01_buyer_government,
        _r(
            "cites the CAC summons and the reported RTX Pro 6000D instruction with dates",
            "uses Nvidia's reported H20 sales to China after the licences",
            "maps the effect onto the panel's settings (share lost, share back under licence, fee)",
            "connects to procurement mandates",
        ),
        (
            "cac-2025-07-31-h20",
            "news-cac-rtxpro6000d-2025-09-17",
            "nvda-q2fy2026-results",
            "nvda-10k-fy2026-text-copies",
        ),
    ),
    Discussion(
        "01",
        "design the most powerful chip that is still not controlled",
        "Designing to the line (guide pause)",
        _a01_guide,
        _r(
            "finds the H20-like point and names the binding thresholds",
            "explains why a smaller die is caught (density)",
            "explains the memory-bandwidth logic of April 2025",
            "notes the 2025 thresholds are reported, not published",
        ),
        ("fr-2023-23055", "tomshw-h20-l20-l2-2024", "ft-intel-thresholds-2025-04"),
        where="guide",
        see_also="01.open-design",
    ),
    # 02 ---------------------------------------------------------------------
    Discussion(
        "02",
        'A journalist writes "DeepSeek built a GPT-4-class model for $6 million"',
        "One accurate sentence",
        _a02_journalist,
        _r(
            "writes a sentence with the right scope (final run, GPU-hours, rental price, what is excluded)",
            "separates cost from capability ('GPT-4-class')",
            "chooses an outside estimate by what it measures and its method, with its grade",
        ),
        (
            "arxiv-2412-19437",
            "epoch-all-ml-systems-2025-08",
            "semianalysis-2025-01-31",
            "thread-semianalysis-critique-2025",
        ),
    ),
    Discussion(
        "02",
        "Spending rose after January 2025. Does that *prove* the Jevons paradox?",
        "Does capex prove Jevons?",
        _a02_jevons_proof,
        _r(
            "quotes the like-for-like capex growth with its definitions",
            "gives at least two other explanations (commitments made earlier, competition, expectations, inference)",
            "states what evidence would test Jevons (counterfactual, measured elasticity)",
        ),
        ("msft-10k-fy2025", "googl-10k-2024", "news-googl-q4-2025", "news-amzn-q4-2025", "meta-pr-q4-2025"),
    ),
    Discussion(
        "02",
        "does that make export controls more or less effective?",
        "Efficiency and export controls",
        _a02_controls,
        _r(
            "argues both directions (more capability per allowed chip; relative compute and demand)",
            "uses V3's hardware (H800, 2022 design) and a compute comparison from ai_models",
            "connects to domestic chips (V3.1's FP8 format, the reported R2 delay) with grades",
        ),
        (
            "arxiv-2412-19437",
            "epoch-all-ml-systems-2025-08",
            "deepseek-v31-reports",
            "news-deepseek-r2-delay-2025-08",
        ),
    ),
    Discussion(
        "02",
        '"after the Spring Festival"',
        "Checking a date",
        _a02_spring_festival,
        _r(
            "gives R1's date and the day of the fall from the tables",
            "compares them with the Spring Festival and concludes 'before'",
            "says why a date in a story matters (the sequence readers infer)",
        ),
        ("deepseek-r1-release-2025-01", "news-nvidia-fall-2025-01-27", "news-epochtimes-nvidia-2025-01-27"),
    ),
    Discussion(
        "02",
        "which elasticity did the market assume on",
        "The market's elasticity (guide pause)",
        lambda: (
            "On 27 January 2025 the market behaved as if demand for compute were inelastic (elasticity between "
            "-1 and 0): cheaper AI would mean fewer chips, so Nvidia fell. The cloud companies' capital spending "
            "afterwards rose strongly (question 1 of section 4.4 gives the figures), which is what an elasticity "
            "below -1 would predict, or what commitments made earlier, competition and expectations would "
            "produce anyway. " + _a02_jevons_proof().split(". ", 1)[1]
        ),
        _r(
            "reads the market's reaction as an assumption of inelastic demand (between -1 and 0)",
            "uses the capex growth afterwards with its definitions",
            "does not treat the capex rise as proof",
        ),
        ("news-nvidia-fall-2025-01-27", "msft-10k-fy2025", "meta-pr-q4-2025"),
        where="guide",
    ),
    # 03 ---------------------------------------------------------------------
    Discussion(
        "03",
        "On compute (H100-equivalents), would their share be higher or lower?",
        "Units versus compute",
        _a03_compute_share,
        _r(
            "computes (or reasons) the compute-weighted share from the IDC counts and per-chip figures",
            "shows the answer depends on the metric (peak compute versus memory bandwidth)",
            "lists what is needed: the chip mix, the workloads, delivered rather than peak performance",
        ),
        ("reuters-2026-04-01-idc", "epoch-ml-hardware-2026-05", "tomshw-h20-l20-l2-2024"),
    ),
    Discussion(
        "03",
        "Can both be right? List three ways.",
        "200,000 or 812,000?",
        _a03_200k,
        _r(
            "gives three distinct reconciliations (made v shipped, which chip, what a unit is, stock)",
            "uses the die-bank and 910C figures with their sources",
            "concludes with a range and the grades",
        ),
        (
            "reuters-2025-06-12-kessler",
            "reuters-2026-04-01-idc",
            "semianalysis-2025-09-08",
            "bloomberg-2025-09-29",
        ),
    ),
    Discussion(
        "03",
        "when does a mandate *help* substitution",
        "Mandates",
        _a03_mandate,
        _r(
            "distinguishes years when demand binds from years when HBM binds",
            "quotes the scenario's figures with and without a mandate",
            "concludes that a mandate guarantees a market but adds no capacity",
        ),
        (
            "reuters-2025-11-05-statefunded-dc",
            "news-2025-08-domestic-chips",
            "semianalysis-2025-09-08",
            "course-assumption",
        ),
    ),
    Discussion(
        "03",
        "Using section 2, explain why.",
        "Why bandwidth?",
        _a03_bandwidth,
        _r(
            "compares the H20's compute and bandwidth with the Huawei chips from the table",
            "explains why bandwidth matters (inference of large models)",
            "explains why a compute line would not do (it would catch too much)",
        ),
        ("tomshw-h20-l20-l2-2024", "epoch-ml-hardware-2026-05", "ft-intel-thresholds-2025-04"),
    ),
    Discussion(
        "03",
        "Design the test that would convince you.",
        "Testing 'one Turing = three Orin-X'",
        _a03_test,
        _r(
            "shows the claim rests on headline TOPS (with the sparsity caveat)",
            "specifies a fair test: same model, same stated precision, measured throughput, latency and power",
            "asks for independence and a published method",
        ),
        ("kr36-2025-06-20-carmaker-chips", "gasgoo-2023-adas-chips"),
    ),
    Discussion(
        "03",
        "which constraint binds in 2027",
        "What binds, and which lever (guide pause)",
        _a03_guide,
        _r(
            "names HBM as binding in 2027 and why (a stock drawn down)",
            "tests at least two levers in the panel and reports the figures",
            "explains why capacity and mandates do not help while memory binds",
            "qualifies with the backtest and the grade of the assumptions",
        ),
        ("semianalysis-2025-09-08", "morganstanley-2025-09", "reuters-2026-04-01-idc"),
        where="guide",
        see_also="03.open-forecast",
    ),
    # 04 ---------------------------------------------------------------------
    Discussion(
        "04",
        "What would you need, beyond the 10-K",
        "Beyond the 10-K",
        _a04_singapore,
        _r(
            "quotes the Singapore footnote or figures",
            "names at least three other kinds of evidence (headquarters basis, shipments, cloud rental, smuggling cases)",
            "says which of them are public",
        ),
        ("nvda-10q-q1fy2026-geo", "nvda-10k-fy2025-copy", "nvda-10k-fy2026-note16-copies"),
    ),
    Discussion(
        "04",
        "would the 10-K share over- or understate the revenue at risk?",
        "Qualcomm's delivery basis",
        _a04_qualcomm,
        _r(
            "explains the delivery-location basis",
            "identifies the overstating effect (foreign brands assembled in China)",
            "identifies the understating effect (Chinese brands assembled elsewhere) and what data would settle it",
        ),
        ("reuters-qcom-autotalks-2025-10", "qcom-ar-2010"),
    ),
    Discussion(
        "04",
        "Apple depends on China more as a workshop than as a market",
        "Workshop or market",
        _a04_apple,
        _r(
            "quotes the revenue share and the production estimate with grades (upper bound)",
            "reasons about which revenue each shock reaches (Greater China versus goods sold elsewhere)",
            "names what is missing (margins, tariff rate, elasticity, relocation)",
        ),
        ("aapl-10k-fy2025", "aapl-india-bloomberg"),
    ),
    Discussion(
        "04",
        "The article counts CEO visits as a sign of dependence",
        "CEO visits",
        _a04_visits,
        _r(
            "ranks companies by China share from the heatmap, with grades",
            "compares with the visits in the timeline",
            "explains the mismatch (regulatory stakes, supply chains, selection of sourced visits)",
        ),
        ("news-huang-china-2024-01", "news-cdf-2025", "qcom-amat-lam-cyx1-notes"),
    ),
    Discussion(
        "04",
        "When is the share the right measure of dependence",
        "Share or dollars, again",
        _a04_share_vs_dollars,
        _r(
            "quotes Nvidia's share and dollar figures for fiscal 2024-2025",
            "says when the share is right (dependence, bargaining power, risk)",
            "says when dollars are right (market size, the loss itself)",
        ),
        ("nvda-10k-fy2025-copy",),
    ),
    Discussion(
        "04",
        "For which companies would you",
        "Who has no substitute",
        _a04_tariff_elasticities,
        _r(
            "names companies whose Chinese buyers have no close substitute, and ones that do",
            "links a less elastic demand to a larger buyers' share of the tariff, with the pass-through formula",
            "says the elasticities are assumptions and what evidence would estimate them",
        ),
        ("course-assumption",),
    ),
    Discussion(
        "04",
        "What does a stress test leave out",
        "The backtest (guide pause)",
        _a04_backtest_guide,
        _r(
            "quotes the backtest's error on lost revenue and on China revenue afterwards",
            "names at least two behaviours the model leaves out (pre-ban orders, substitution, China's response)",
            "concludes what the model is good for (size, not timing)",
        ),
        ("nvda-q1fy2026-results", "nvda-10k-fy2026-note16-copies"),
        where="guide",
    ),
    Discussion(
        "04",
        "why is Singapore one of Nvidia's biggest",
        "Singapore (guide pause)",
        _a04_guide,
        _r(
            "explains centralised invoicing with Nvidia's footnote",
            "gives the Singapore, China and headquarters figures",
            "draws the consequence for a billing-based China share",
        ),
        ("nvda-10q-q1fy2026-geo", "nvda-10k-fy2025-copy", "nvda-10k-fy2026-note16-copies"),
        where="guide",
    ),
    # 05 ---------------------------------------------------------------------
    Discussion(
        "05",
        'Is it fair to call the claim "unverifiable" when its figures match?',
        "Matching is not confirming; tolerances",
        _a05_claim5_and_tolerance,
        _r(
            "states which of claim 5's figures match and why a research firm's estimate (E) does not confirm them",
            "says what would upgrade claims 5 and 7 (the primary release; a teardown or independent benchmark)",
            "computes the market value lost from both start dates",
            "explains why the tolerance and the start must be fixed before looking",
        ),
        (
            "kr36-2026-01-19-nvidia-auto",
            "gasgoo-2024-adas-chips-relays",
            "news-nvda-mktcap-2025-01-06",
            "finbold-nvda-1t-2025-04-21",
        ),
    ),
    Discussion(
        "05",
        "which of its conclusions still stand",
        "What survives the fact-check",
        _a05_conclusions,
        _r(
            "uses the verdict counts",
            "names at least one conclusion that survives with better figures, with the figure",
            "names at least one conclusion that rested on a mislabelled or untraceable figure",
            "separates the article's argument from its figures",
        ),
        ("course-fact-check", "reuters-2026-04-01-idc", "idc-china-accel-2023h1", "news-nvda-4t-2025-07-09"),
    ),
    Discussion(
        "05",
        'is "unverifiable" fair for claim 5',
        "Claim 5 and tolerances (guide pause 1)",
        _a05_claim5_and_tolerance,
        _r(
            "states which parts of claim 5 check out and which do not",
            "explains why tolerances are written down before looking",
        ),
        ("nesc-2025-07-adas", "finbold-nvda-1t-2025-04-21"),
        where="guide",
    ),
    Discussion(
        "05",
        "which setting moves Nvidia's revenue at risk most",
        "The synthesis panel (guide pause 2)",
        _a05_synthesis,
        _r(
            "reports the panel's figures for at least three settings changed one at a time",
            "identifies the setting that moves revenue at risk most and the one that moves the domestic share most",
            "explains why they differ (US levers versus domestic limits)",
            "calls the model an illustration, not a forecast",
        ),
        ("nvda-10k-fy2026-note16-copies", "reuters-2026-04-01-idc", "semianalysis-2025-09-08"),
        where="guide",
    ),
    Discussion(
        "05",
        "Which of the article's conclusions survive",
        "What survives (guide pause 3)",
        _a05_conclusions,
        _r(
            "uses the verdict counts",
            "distinguishes surviving conclusions from those resting on weak figures",
        ),
        ("course-fact-check",),
        where="guide",
    ),
]

#: The capstone's open part (notebook 05, Part 3: a claim from a second article).
CAPSTONE_RUBRIC: list[tuple[str, str, str, str]] = [
    (
        "The claim",
        "the sentence quoted exactly, with a link and date; figure, unit and label (year or quarter, company or "
        "segment, which 'China') written down",
        "the figure and unit given, the label vague",
        "no exact quotation, or no figure",
    ),
    (
        "The tolerance",
        "the rounding the words allow, written before checking, and justified ('nearly 40%' = 35-40%)",
        "a tolerance given but not justified, or chosen after looking",
        "none",
    ),
    (
        "The evidence",
        "the row of a course table, or a document the student read, with its source and a grade applied with "
        "the course's scale (A-E); the same label as the claim",
        "a source without a grade, or a row with a different label not noticed",
        "no source, or a secondary summary treated as primary",
    ),
    (
        "The verdict",
        "the output of fact_check.check_my_claim, and a verdict that follows from the rows by the course's rules "
        "(confirmed, mislabelled, outdated, unverifiable, wrong), part by part for a claim with several figures",
        "a verdict that fits the rows but is not argued part by part",
        "a verdict that does not follow from the rows, or an opinion of the article",
    ),
    (
        "The explanation",
        "two sentences a reader can check: what matches, what does not, and what would change the verdict",
        "correct but unclear, or longer than needed",
        "missing or unsupported",
    ),
]


# --------------------------------------------------------------------------- reading lists


def reading_list(notebook: str | None = None):
    """The reading list (table ``reading_list``) with each source's registry row joined."""
    rl = data.load("reading_list")
    reg = data.load("sources")
    out = rl.merge(
        reg[["id", "title", "publisher", "url", "published"]], left_on="source_id", right_on="id", how="left"
    )
    if notebook is not None:
        out = out[out["notebook"] == notebook]
    return out.sort_values(["notebook", "position"]).reset_index(drop=True)


# --------------------------------------------------------------------------- rendering


def _md_cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "/")


def _source_line(ids) -> str:
    from .text import md_text

    reg = data.load("sources")
    parts = []
    for sid in ids:
        row = reg[reg["id"] == sid]
        title = md_text(row["title"].iloc[0]) if len(row) else "(not in the registry)"
        parts.append(f"`{sid}` ({title})")
    return "; ".join(parts)


def _open_tasks(number: str) -> list:
    from . import checks

    return [
        ex
        for ex_id, ex in sorted(checks.all_exercises().items())
        if ex_id.startswith(f"{number}.") and ex.kind == "open"
    ]


def _level_table() -> str:
    from . import checks
    from .course import TOPICS

    rows = ["| notebook | level 1 | level 2 | level 3 | open tasks | total |", "|---|---|---|---|---|---|"]
    for t in TOPICS:
        exs = [e for k, e in checks.all_exercises().items() if k.startswith(f"{t.number}.")]
        n = {lv: sum(1 for e in exs if e.level == lv) for lv in (1, 2, 3)}
        o = sum(1 for e in exs if e.kind == "open")
        rows.append(f"| {t.number} | {n[1]} | {n[2]} | {n[3]} | {o} | {len(exs)} |")
    return "\n".join(rows)


def _quiz_table(number: str) -> str:
    from . import checks

    q = checks.quiz(number)
    rows = ["| # | question | answer | why |", "|---|---|---|---|"]
    for i, ex in enumerate(q.questions, 1):
        value = ex.answer()
        rows.append(
            f"| {i} | {_md_cell(ex.question_text)} | **{_md_cell(ex._fmt(value) + ex._unit_hint())}** | "
            f"{_md_cell(ex.explanation_text)} |"
        )
    return "\n".join(rows)


def render() -> str:
    """The whole assessment pack as Markdown (figures computed now, from the tables)."""
    from .course import TOPICS
    from .text import md_link, md_text

    questions = all_questions()
    out = [
        "# Assessment pack (for teachers)",
        "",
        "<!-- Generated by `python -m utils.assessment write` from utils/assessment.py, the exercises and the "
        "course tables; do not edit by hand. -->",
        "",
        "Model answers and rubrics for every discussion question in the notebooks and every discussion pause "
        "in the [instructor guide](instructor_guide.md), the rubrics of the open tasks and of the capstone's "
        "open part, the start-of-class quizzes with their answers, and a reading list per notebook. Nothing "
        "here is in the student notebooks. Figures are quoted from the course tables when this page is "
        "generated, and each answer names the source ids it rests on (`data/sources.csv`).",
        "",
        "## How to mark",
        "",
        SCALE,
        "",
        "**Exercise levels.** Every self-check exercise has a level, shown with it: **1** read it off a table or "
        "chart (a calculator at most, no Python); **2** a calculation, with a scaffold cell next to it that does "
        "the pandas part; **3** reasoning, including one open task per notebook that a teacher marks with the "
        "rubric below. Per notebook:",
        "",
        _level_table(),
        "",
        "**Quizzes.** Each notebook has a short auto-checked quiz for the start of the next class. Students open "
        "any notebook (or a new one in `notebooks/`) and run `from utils import checks` then "
        '`quiz = checks.quiz("01")`; they answer with `quiz.check(1, answer)` or all at once with '
        "`quiz.check({1: ..., 2: ...})`, and `quiz.score()` counts the right answers. No Python beyond those "
        "lines is needed; [quizzes.md](quizzes.md) says how to run one in class. The answers are below, per "
        "notebook.",
        "",
    ]
    for t in TOPICS:
        out += [f"## {t.number} · {md_text(t.title)}", ""]
        out += ["### Discussion questions", ""]
        qs = [q for q in questions if q.notebook == t.number]
        for q in qs:
            entries = match(q)
            where = "notebook" if q.where == "notebook" else "instructor guide, pause for discussion"
            out.append(f"#### {md_text(entries[0].title) if entries else 'Unanswered question'}")
            out.append("")
            out.append(f"> {' '.join(q.text.split())}")
            out.append(f"> ({where})")
            out.append("")
            if not entries:
                out += ["*No model answer yet.*", ""]
                continue
            d = entries[0]
            out += [f"**Model answer.** {d.answer_text()}", ""]
            if d.see_also:
                out += [f"See also the open task `{d.see_also}` below.", ""]
            out += ["**Rubric** (2 / 1 / 0 each):", ""]
            out += [f"{i}. {md_text(c)}" for i, c in enumerate(d.rubric, 1)]
            out += ["", f"**Sources.** {_source_line(d.sources)}", ""]
        for ex in _open_tasks(t.number):
            out += [f"### Open task `{ex.id}`", "", f"> {md_text(ex.question_text)}", ""]
            out += [f"**Model answer.** {md_text(ex.answer())}", ""]
            out += ["**Rubric** (2 / 1 / 0 each; the students see these criteria as a checklist):", ""]
            out += [f"{i}. {md_text(c)}" for i, c in enumerate(ex.rubric_texts, 1)]
            out.append("")
        if t.number == "05":
            out += [
                "### Capstone Part 3: a claim from a second article",
                "",
                "Students submit the sentence (with a link), the figure, unit and label, the tolerance chosen "
                "*before* checking, the row or document used (with a grade), the output of "
                "`fact_check.check_my_claim` and two sentences. Grade the reasoning, not the verdict: a "
                "well-argued 'unverifiable' beats a lucky 'confirmed'.",
                "",
                "| criterion | 2 | 1 | 0 |",
                "|---|---|---|---|",
            ]
            out += [f"| {c} | {a} | {b} | {z} |" for c, a, b, z in CAPSTONE_RUBRIC]
            out += ["", f"Out of {2 * len(CAPSTONE_RUBRIC)}; a strong submission scores at least 7.", ""]
        out += [f'### Quiz: `checks.quiz("{t.number}")`', "", _quiz_table(t.number), ""]
        rl = reading_list(t.number)
        out += ["### Reading list", ""]
        for kind, head in (("primary", "Primary documents"), ("analysis", "Analyses")):
            part = rl[rl["kind"] == kind]
            if not len(part):
                continue
            out += [f"*{head}*", ""]
            for r in part.itertuples():
                link = md_link(r.url, r.title)
                out.append(
                    f"* {link} ({md_text(r.publisher)}, {md_text(r.published)}; `{r.source_id}`, grade "
                    f"{r.grade}): {md_text(r.reason)}"
                )
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def is_current(path=None) -> bool:
    path = Path(path) if path is not None else DOC
    return path.is_file() and path.read_text(encoding="utf-8") == render()


def write(path=None) -> bool:
    """Write the assessment pack; True if the file changed."""
    path = Path(path) if path is not None else DOC
    new = render()
    old = path.read_text(encoding="utf-8") if path.is_file() else None
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old


def _main(argv) -> int:
    if argv[:1] == ["write"]:
        changed = write()
        print(f"{DOC.relative_to(ROOT)}: {'updated' if changed else 'already up to date'}")
        return 0
    if argv[:1] == ["check"]:
        if not is_current():
            print(f"{DOC.relative_to(ROOT)} is out of date: run python -m utils.assessment write")
            return 1
        print("assessment pack up to date")
        return 0
    print("usage: python -m utils.assessment write | check")
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main(sys.argv[1:]))
