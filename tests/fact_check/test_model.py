"""The capstone's fact-check: every claim has a verdict, every evidence reference resolves to a
real row, and every verdict written in the tables is the one computed from the rows."""

import re

import pytest

from utils import data
from utils import fact_check as C
from utils.fact_check import panels as CP
from utils.validate import InputError

CLAIMS = C.claims()
EVIDENCE = C.evidence()
SEED_README_CLAIMS = 13


def test_every_claim_of_the_article_is_there_once():
    assert sorted(CLAIMS["claim_id"]) == list(range(1, SEED_README_CLAIMS + 1))
    assert set(CLAIMS["verdict"]) <= set(C.VERDICTS)
    for _, row in CLAIMS.iterrows():
        assert re.search(r"[\u4e00-\u9fff]", row["claim_zh"]), row["claim_id"]
        assert len(row["claim_zh"]) <= 120, "quote only short sentences of the article"
        assert row["explanation"].strip() and row["claim_en"].strip()


@pytest.mark.parametrize("claim_id", sorted(CLAIMS["claim_id"]))
def test_each_claim_has_tested_parts(claim_id):
    tests = EVIDENCE[(EVIDENCE["claim_id"] == claim_id) & (EVIDENCE["role"] == "test")]
    assert len(tests) >= 1
    # one test per part
    assert tests["part"].is_unique


@pytest.mark.parametrize("i", range(len(EVIDENCE)))
def test_every_reference_resolves_to_a_real_row(i):
    ev = EVIDENCE.iloc[i]
    if ev["role"] == "context" or (isinstance(ev["table"], str) and ev["table"]):
        r = C.resolve(ev)
        assert r.row is not None and r.value is not None, (ev["claim_id"], ev["what"])
    else:
        assert ev["comparison"] == "none"


@pytest.mark.parametrize("i", [i for i in range(len(EVIDENCE)) if EVIDENCE.iloc[i]["role"] == "test"])
def test_part_verdict_written_equals_computed(i):
    ev = EVIDENCE.iloc[i]
    computed = C.part_verdict(ev)
    assert computed == ev["part_verdict"], (
        f"claim {ev['claim_id']} part {ev['part']} ({ev['what']}): the rows now give "
        f"'{computed}', data/claim_evidence.csv says '{ev['part_verdict']}'. A source table changed: "
        "check the row, then update part_verdict there (and the claim's verdict and explanation in "
        "data/claims.csv and the table in docs/instructor_guide.md if they change)."
    )


@pytest.mark.parametrize("claim_id", sorted(CLAIMS["claim_id"]))
def test_claim_verdict_follows_from_its_parts(claim_id):
    written = CLAIMS.loc[CLAIMS["claim_id"] == claim_id, "verdict"].iloc[0]
    assert C.claim_verdict(claim_id, EVIDENCE) == written


def test_the_lead_s_expected_verdicts():
    v = dict(zip(CLAIMS["claim_id"], CLAIMS["verdict"]))
    assert v[10] == "confirmed"  # Nvidia FY2025 China 17,108, 13.1%
    assert v[11] == "mislabelled"  # Apple: a quarter given as a year
    assert v[12] == "mislabelled"  # Qualcomm: the QCT segment given as the company
    assert v[9] == "unverifiable"  # '78% of H100': no lab test found
    assert v[3] == "outdated"  # $5.5bn estimate, $4.5bn booked
    assert v[5] == "unverifiable"  # every figure traces only to Gasgoo's count (grade E)
    assert v[6] == "wrong"  # 2,000 / 254 = 7.9, not > 60 (Thor / Xavier = 67 is context only)
    assert v[7] == "unverifiable"  # only the car makers' own claims; nothing measured


def test_claims_5_to_7_context_and_evidence():
    # claim 6: Thor 2,000 (FP8, NVIDIA's blog, A) over Xavier's 30 INT8 TOPS (B) = 66.7, the only
    # pairing above 60; over Orin's 200 TOPS of 2019 it is 10. Both are context, not tests.
    _, tested, context = C.claim_parts(6)
    ctx = {c["what"].split(" (")[0]: c["value"] for c in context}
    assert ctx["Thor over Xavier's 30 TOPS"] == pytest.approx(2000 / 30)
    assert ctx["Thor over Orin's first-announced 200 TOPS"] == pytest.approx(10.0)
    assert [p["verdict"] for p in tested] == ["wrong", "unverifiable"]
    thor = data.load("fact_check_figures").set_index("figure_id").loc["nvda-drive-thor-compute"]
    assert thor["grade"] == "A" and thor["value"] == 2000
    # claim 7: the test part has no table (nothing measured); the company claims are context
    _, tested, context = C.claim_parts(7)
    assert [p["verdict"] for p in tested] == ["unverifiable"]
    values = [c["value"] for c in context]
    assert 4.0 in values and 3.0 in values  # NIO's four Orin-X, Xpeng's three (their claims)
    assert any(v == pytest.approx(512 / 254) for v in values if isinstance(v, float))  # AD1000, ~2x


def test_thor_exercise_recognises_the_xavier_ratio():
    from utils import checks

    ex = checks.exercise("05.thor-vs-orin")
    assert ex.answer() == pytest.approx(2000 / 254)  # 7.87
    assert ex.check(2000 / 254).correct is True
    fb = ex.check(66.67)  # 2,000 / 30: Thor over Xavier
    assert fb.correct is False and "Xavier" in fb.message


def test_missing_rows_fail_clearly():
    with pytest.raises(C.EvidenceError, match="No row of 'nvidia_revenue'"):
        C.select_row("nvidia_revenue", "fiscal_year=1999;breakdown=total")
    with pytest.raises(C.EvidenceError, match="rows of 'nvidia_revenue' match"):
        C.select_row("nvidia_revenue", "fiscal_year=2025;breakdown=platform")
    with pytest.raises(C.EvidenceError, match="not a known course table"):
        C.select_row("no_such_table", "a=b")
    with pytest.raises(C.EvidenceError, match="no column"):
        C.select_row("nvidia_revenue", "colour=green")
    with pytest.raises(C.EvidenceError, match="no '='"):
        C.select_row("nvidia_revenue", "fiscal_year")


def test_verdict_rules_on_synthetic_references():
    base = dict(
        table="nvidia_revenue",
        selector="fiscal_year=2025;breakdown=total",
        column="revenue_usd_m",
        op="value",
        scale=0.001,
        comparison="approx",
        tolerance=0.05,
        role="test",
    )
    total = (
        float(
            data.load("nvidia_revenue")
            .query("fiscal_year == 2025 and breakdown == 'total'")["revenue_usd_m"]
            .iloc[0]
        )
        / 1000
    )
    assert C.part_verdict({**base, "stated": round(total, 1)}) == "confirmed"
    assert C.part_verdict({**base, "stated": total * 2}) == "wrong"
    assert (
        C.part_verdict(
            {**base, "stated": round(total, 1), "label_column": "breakdown", "claimed_label": "segment"}
        )
        == "mislabelled"
    )
    assert C.part_verdict({**base, "comparison": "none"}) == "unverifiable"
    # a grade-D row can only make a part unverifiable
    d_row = dict(base, stated=round(total, 1))
    d_resolved = C.Resolved(value=round(total, 1), grades=["D"], sources=["x"])
    assert C.part_verdict(d_row, d_resolved) == "unverifiable"


def test_grade_rule_estimates_count_only_for_estimates():
    """An E row (a research firm's count) neither confirms nor contradicts a figure stated as
    fact; it can match a figure the article itself gives as an estimate."""
    ev = dict(stated=39.8, comparison="approx", tolerance=0.05, role="test")
    e_match = C.Resolved(value=39.8, grades=["E"], sources=["x"])
    e_far = C.Resolved(value=25.0, grades=["E"], sources=["x"])
    assert C.part_verdict(ev, e_match) == "unverifiable"  # stated as fact (the default)
    assert C.part_verdict(ev, e_far) == "unverifiable"  # an estimate cannot make it wrong either
    assert C.part_verdict({**ev, "stated_as": "estimate"}, e_match) == "confirmed"
    assert C.part_verdict({**ev, "stated_as": "estimate"}, e_far) == "wrong"  # |25 - 39.8| > 0.05
    # one E row in a ratio is enough: the derived figure is only as good as its weakest row
    mixed = C.Resolved(value=39.8, grades=["A", "E"], sources=["x", "y"])
    assert C.part_verdict(ev, mixed) == "unverifiable"
    # D and the seed article never count, even for an estimate
    d_row = C.Resolved(value=39.8, grades=["D"], sources=["x"])
    assert C.part_verdict({**ev, "stated_as": "estimate"}, d_row) == "unverifiable"
    seed = C.Resolved(value=39.8, grades=["B"], sources=[C.SEED_SOURCE])
    assert C.part_verdict(ev, seed) == "unverifiable"
    # a later row makes a part outdated only if it counts: a D or (for a fact) E row does not
    b_then = dict(value=5.5, grades=["B"], sources=["x"], later_value=4.5)
    assert C.part_verdict({**ev, "stated": 5.5}, C.Resolved(**b_then, later_grades=["A"])) == "outdated"
    assert C.part_verdict({**ev, "stated": 5.5}, C.Resolved(**b_then, later_grades=["D"])) == "confirmed"
    assert C.part_verdict({**ev, "stated": 5.5}, C.Resolved(**b_then, later_grades=["E"])) == "confirmed"
    with pytest.raises(ValueError, match="stated_as"):
        C.part_verdict({**ev, "stated_as": "rumour"}, e_match)


def test_grade_rule_and_definitions_agree():
    """The rule the code applies is the one the definitions state (grades A-C; D never; E only
    for a figure given as an estimate)."""
    assert C.counts_as_evidence(["A", "C"]) and C.counts_as_evidence(["B"], stated_as="estimate")
    assert not C.counts_as_evidence(["E"]) and C.counts_as_evidence(["E"], stated_as="estimate")
    assert not C.counts_as_evidence(["D"], stated_as="estimate")
    with pytest.raises(InputError, match="list of grades"):
        C.counts_as_evidence("E")  # a bare string is refused, not read letter by letter
    assert "A-C" in C.VERDICT_DEFINITIONS["confirmed"]
    assert (
        "grade E" in C.VERDICT_DEFINITIONS["unverifiable"]
        and "grade D" in C.VERDICT_DEFINITIONS["unverifiable"]
    )


def test_summary_and_student_check():
    s = C.summary()
    assert list(s["verdict"]) == list(CLAIMS["verdict"])
    ok, text = C.check_claim(11, "mislabelled")
    assert ok and "quarter" in text
    ok, text = C.check_claim(11, "confirmed")
    assert not ok and "mislabelled" in text
    with pytest.raises(ValueError, match="Choose one of"):
        C.check_claim(11, "maybe")
    with pytest.raises(ValueError, match="claim_id"):
        C.check_claim(99, "wrong")


def test_evidence_table_lists_parts():
    t = C.evidence_table(11)
    assert {"part", "role", "article says", "course table", "grade", "verdict"} <= set(t.columns)
    assert (t[t["role"] == "test"]["verdict"] == "mislabelled").all()


# ----------------------------------------------------------------------------- the checker


def test_claim_checker_hides_the_verdict_until_recorded():
    panel = CP.make_claim_checker()
    assert panel.result["revealed"] is False and panel.result["verdict"] is None
    assert "mislabelled" not in panel.readout_text.split("record your verdict")[0]  # the verdict stays hidden
    hidden_png = panel.png
    assert hidden_png.startswith(b"\x89PNG")
    panel.set(claim=11)
    assert panel.result["verdict"] is None
    assert "The course" not in panel.readout_text
    panel.set(my_verdict="confirmed")
    assert panel.result["revealed"] and panel.result["verdict"] == "mislabelled"
    assert panel.result["correct"] is False
    assert "differs" in panel.readout_text and "quarter" in panel.readout_text
    panel.set(my_verdict="mislabelled")
    assert panel.result["correct"] is True and "Same verdict" in panel.readout_text
    # choosing another claim hides the verdict again
    panel.set(claim=6)
    assert panel.result["revealed"] is False and panel.params["my_verdict"] == C.NOT_YET
    panel.set(claim=6, my_verdict="wrong")
    assert panel.result["correct"] is True


def test_claim_checker_figure_is_fixed_size_and_updated_in_place():
    panel = CP.make_claim_checker()
    fig = panel.figure
    size = tuple(fig.get_size_inches())
    n_axes = len(fig.axes)
    for cid in CLAIMS["claim_id"]:
        panel.set(claim=int(cid))
        panel.set(my_verdict="confirmed")
        assert panel.message == ""
    assert tuple(fig.get_size_inches()) == size and len(fig.axes) == n_axes


def test_claim_checker_rejects_unknown_values():
    panel = CP.make_claim_checker()
    panel.set(my_verdict="maybe")
    assert "not one of the choices" in panel.message
    assert panel.result["revealed"] is False


def test_instructor_guide_verdict_table_matches_the_data():
    from utils.solutions import GUIDE

    text = GUIDE.read_text(encoding="utf-8")
    rows = {
        int(m.group(1)): m.group(2).strip()
        for m in re.finditer(r"^\| (\d{1,2}) \|[^|\n]*\| ([a-z]+) \|", text, re.M)
    }
    written = dict(zip(CLAIMS["claim_id"], CLAIMS["verdict"]))
    assert rows == written, "docs/instructor_guide.md: the verdict table differs from data/claims.csv"


# ----------------------------------------------------------------------------- the synthesis


def test_synthesis_panel_chains_the_models():
    panel = CP.make_synthesis_panel()
    r = panel.result
    # the defaults follow what the course documents: no H200 licensed and bought (Q1 FY2027 10-Q)
    assert panel.params["licence_share"] == 0.0
    assert 0 <= r["share_nvidia"] <= 1
    # at risk = counterfactual (October 2023 rules stay) - scenario, never negative
    assert r["at_risk_usd_bn"] == pytest.approx(
        max(r["counterfactual_usd_bn"] - r["china_revenue_usd_bn"], 0)
    )
    # the default 2027 is not "nothing at risk": the rules of 2025-2026 cost Nvidia China revenue
    assert r["at_risk_usd_bn"] > 1.0
    announced = r["at_risk_usd_bn"]
    panel.set(policy="October 2023 rules stay (H20 allowed)")
    assert panel.result["at_risk_usd_bn"] == pytest.approx(0.0, abs=1e-9)
    panel.set(policy="strict: April 2025 rules stay")
    assert panel.result["at_risk_usd_bn"] >= announced - 1e-9
    assert "not a forecast" in panel.readout_text
    size = tuple(panel.figure.get_size_inches())
    panel.set(policy=C.substitution.AS_ANNOUNCED, licence_share=1.0, year=2030)
    # every card an H200 (1 H100e against the H20's 0.15): more revenue than the counterfactual
    assert panel.result["china_revenue_usd_bn"] > panel.result["counterfactual_usd_bn"]
    assert tuple(panel.figure.get_size_inches()) == size
    panel.set(mandate=5)
    assert "outside the range" in panel.message


def test_synthesis_market_follows_notebook_03():
    r = C.synthesis_scenario(**C.synthesis_defaults(), year=2027)
    nb03 = C.substitution.run_default().set_index("year")
    table = r["table"].set_index("year")
    assert (table["demand"] - nb03["demand"]).abs().max() < 1e-12
    assert (table["nvidia"] - nb03["nvidia"]).abs().max() < 1e-12


def test_synthesis_calibration_and_backtest():
    cal = C.synthesis_calibration()
    # fiscal 2025 China revenue (customer HQ basis) $25.048 bn over the model's 2024 Nvidia compute:
    # the implied price of an H20-class card should be near the H20's reported price (~$12,000)
    nb03 = C.substitution.run_default().set_index("year")
    assert cal["usd_per_h100e"] == pytest.approx(25_048e6 / (nb03.loc[2024, "nvidia"] * 1e6))
    assert abs(cal["usd_per_h20_card"] / 12_000 - 1) < 0.25
    bt = C.synthesis_backtest()
    assert {"quantity", "period", "model", "observed", "error_pct", "source_id"} <= set(bt.columns)
    assert sorted(bt["observed"].round(3)) == [12.43, 19.677, 25.048]  # FY2026 10-K; Q1+Q2 FY2027
    out_of_sample = bt[~bt["period"].str.contains("in-sample")]
    assert len(out_of_sample) == 2 and (out_of_sample["error_pct"].abs() <= 30).all(), bt


def test_synthesis_model_validates_the_year():
    with pytest.raises(ValueError, match="year must be"):
        C.synthesis_scenario("strict: April 2025 rules stay", 0.5, 1.0, 0.0, 0.3, 2024)


def test_check_my_claim():
    out = C.check_my_claim(
        55,
        "nvidia_revenue",
        "fiscal_year=2025;breakdown=platform;category=Automotive",
        "revenue_usd_m",
        op="change",
        den_selector="fiscal_year=2024;breakdown=platform;category=Automotive",
        tolerance=0.5,
    )
    assert out["verdict"] == "confirmed"
    assert C.check_my_claim(12)["verdict"] == "unverifiable"
    # Gasgoo's 2024 Orin-X share (39.8%, grade E): only a claim given as an estimate can match it
    gasgoo = ("driving_chip_installs", "year=2024;publisher=Gasgoo (via 36Kr)", "share_pct")
    assert C.check_my_claim(39.8, *gasgoo, tolerance=0.05)["verdict"] == "unverifiable"
    assert C.check_my_claim(39.8, *gasgoo, tolerance=0.05, stated_as="estimate")["verdict"] == "confirmed"
    assert C.check_my_claim(45, *gasgoo, tolerance=0.05, stated_as="estimate")["verdict"] == "wrong"
    with pytest.raises(ValueError, match="stated_as"):
        C.check_my_claim(39.8, *gasgoo, stated_as="maybe")


def test_chinese_quotations_are_faithful_to_the_article():
    """Each fragment of claim_zh (split at '...') occurs word for word in the seed article."""
    from pathlib import Path

    article = Path("/work/shared/seed/article_zh.txt")
    if not article.exists():
        pytest.skip("the seed article is not available on this machine")
    text = article.read_text(encoding="utf-8")
    for _, row in CLAIMS.iterrows():
        for frag in (f.strip() for f in row["claim_zh"].split("...")):
            assert not frag or frag in text, f"claim {row['claim_id']}: {frag!r} is not in the article"
