"""Unit tests of utils.export_controls: the rules as code.

Expected values are worked out by hand from the rule texts (thresholds in data/export_rules.csv)
and the datasheet figures, never copied from the code's output.
"""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import data
from utils import export_controls as ec

NAN = float("nan")


# ----------------------------------------------------------------------------- tpp / density


def test_tpp_bis_worked_example():
    # BIS: 4800 = 600 TOPS at 8 bits = 300 TFLOPS at 16 bits.
    assert ec.tpp({8: 600}) == 4800
    assert ec.tpp({16: 300}) == 4800


def test_tpp_takes_the_highest_bit_length_product():
    # H100 SXM: 989.4 x 16 = 15,830.4; 1,979 x 8 = 15,832 -> the larger.
    assert ec.tpp({16: 989.4, 8: 1979}) == pytest.approx(15832)
    # Gaudi 3: FP8 rate equals BF16 rate, so the 16-bit figure wins: 1835 x 16 = 29,360.
    assert ec.tpp({16: 1835, 8: 1835}) == pytest.approx(29360)
    # H20 by hand: 148 x 16 = 2,368 = 296 x 8.
    assert ec.tpp({16: 148, 8: 296}) == pytest.approx(2368)


def test_performance_density_by_hand():
    assert ec.performance_density(2368, 814) == pytest.approx(2.909, abs=1e-3)
    assert ec.performance_density(15832, 814) == pytest.approx(19.45, abs=1e-2)
    assert ec.performance_density(4992, 826) == pytest.approx(6.0436, abs=1e-4)


@pytest.mark.parametrize(
    "bad",
    [
        {},
        [],
        None,
        "16:300",
        {16: 0},
        {16: -1},
        {16: NAN},
        {16: math.inf},
        {0: 100},
        {16.5: 100},
        {True: 100},
        {16: "300"},
        {16: True},
    ],
)
def test_tpp_rejects_bad_input(bad):
    with pytest.raises(ValueError):
        ec.tpp(bad)


@pytest.mark.parametrize(
    "t,a", [(0, 800), (-1, 800), (NAN, 800), (100, 0), (100, -5), (100, NAN), (100, None)]
)
def test_density_rejects_bad_input(t, a):
    with pytest.raises(ValueError):
        ec.performance_density(t, a)


# ----------------------------------------------------------------------------- bad input to classify


@pytest.mark.parametrize(
    "kw",
    [
        dict(tpp=0),
        dict(tpp=-5),
        dict(tpp=NAN),
        dict(tpp=math.inf),
        dict(tpp="4800"),
        dict(tpp=None),
        dict(tpp=3000, die_area_mm2=0),
        dict(tpp=3000, die_area_mm2=-1),
        dict(tpp=3000, die_area_mm2=NAN),
        dict(tpp=3000, die_area_mm2=500, io_bandwidth_gbps=NAN),
        dict(tpp=3000, die_area_mm2=500, memory_bandwidth_gbps=-1),
        dict(tpp=3000, die_area_mm2=500, datacenter="yes"),
        dict(tpp=3000, die_area_mm2=500, datacenter=NAN),
        dict(tpp=3000, die_area_mm2=500, datacenter=None),
    ],
)
def test_classify_rejects_bad_values(kw):
    with pytest.raises(ValueError):
        ec.classify(**kw)


def test_unknown_rule_lists_the_known_ones():
    with pytest.raises(ValueError) as e:
        ec.classify(tpp=5000, rule="2024-12")
    for r in ec.RULES:
        assert r in str(e.value)


def test_missing_figure_is_an_error_not_a_guess():
    # 2023: a data-centre chip between TPP 1600 and 4800 needs the die area.
    with pytest.raises(ValueError, match="die_area_mm2"):
        ec.classify(tpp=3000, rule="2023-10")
    # 2022: TPP >= 4800 needs the I/O bandwidth.
    with pytest.raises(ValueError, match="io_bandwidth_gbps"):
        ec.classify(tpp=5000, rule="2022-10")
    # 2025: a chip not caught in 2023 needs its bandwidth.
    with pytest.raises(ValueError, match="memory_bandwidth_gbps"):
        ec.classify(tpp=1000, rule="2025-04", io_bandwidth_gbps=64)
    # 2026: a controlled chip under TPP 21000 needs its DRAM bandwidth for the review policy.
    with pytest.raises(ValueError, match="memory_bandwidth_gbps"):
        ec.classify(tpp=5000, rule="2026-01", io_bandwidth_gbps=2000)


def test_figures_not_needed_are_not_asked_for():
    assert not ec.classify(tpp=1000, rule="2023-10").controlled  # below every TPP floor
    assert ec.classify(tpp=5000, rule="2023-10").controlled  # a.1 needs no die area
    assert not ec.classify(tpp=4000, rule="2022-10").controlled  # TPP prong fails: no I/O needed
    assert not ec.classify(tpp=4000, datacenter=False, rule="2023-10").controlled
    v = ec.classify(tpp=5000, rule="2025-04")  # already 3A090.a
    assert v.controlled and v.category == "3A090.a"


# ----------------------------------------------------------------------------- boundaries


def C(**kw):
    return ec.classify(**kw)


class TestRule2022:
    def test_io_boundary(self):
        assert not C(tpp=5000, io_bandwidth_gbps=599.99, rule="2022-10").controlled
        assert C(tpp=5000, io_bandwidth_gbps=600, rule="2022-10").controlled
        assert C(tpp=5000, io_bandwidth_gbps=600.01, rule="2022-10").controlled

    def test_tpp_boundary(self):
        assert not C(tpp=4799.99, io_bandwidth_gbps=900, rule="2022-10").controlled
        assert C(tpp=4800, io_bandwidth_gbps=900, rule="2022-10").controlled
        assert C(tpp=4800.01, io_bandwidth_gbps=900, rule="2022-10").controlled

    def test_reasons_name_threshold_value_and_margin(self):
        v = C(tpp=4992, io_bandwidth_gbps=400, rule="2022-10")  # the A800
        text = " ".join(v.reasons)
        assert "600" in text and "400" in text and "short by 200" in text
        assert "4,800" in text and "4,992" in text and "over by 192" in text
        assert v.category == "not controlled"


class TestRule2023:
    def test_a1_tpp_boundary(self):
        # die area large so that density stays below 1.6 and only a.1 can apply
        assert not C(tpp=4799.99, die_area_mm2=4000).controlled
        v = C(tpp=4800, die_area_mm2=4000)
        assert v.controlled and v.category == "3A090.a" and v.clauses == ("3A090.a.1",)
        assert C(tpp=4800.01, die_area_mm2=4000).controlled

    def test_a2_density_boundary(self):
        # TPP 2960 / 500 mm2 = 5.92 exactly (3A090.a.2); just under it the chip is 3A090.b.1
        assert C(tpp=2960, die_area_mm2=500).category == "3A090.a"
        assert C(tpp=2960, die_area_mm2=500).clauses == ("3A090.a.2",)
        under = C(tpp=2960, die_area_mm2=500.01)
        assert under.category == "3A090.b" and "3A090.b.1" in under.clauses
        assert C(tpp=2960, die_area_mm2=499.99).category == "3A090.a"

    def test_a2_tpp_floor(self):
        # density 8 in both cases: 1600/200 and 1599.99/200
        assert C(tpp=1600, die_area_mm2=200).category == "3A090.a"
        assert not C(tpp=1599.99, die_area_mm2=200).controlled
        assert C(tpp=1600.01, die_area_mm2=200).controlled

    def test_b1_tpp_lower_bound(self):
        # density 2.0 (below b.2's 3.2, above b.1's 1.6): only b.1 can apply
        assert not C(tpp=2399.99, die_area_mm2=1200).controlled
        v = C(tpp=2400, die_area_mm2=1200)
        assert v.controlled and v.clauses == ("3A090.b.1",)
        assert C(tpp=2400.01, die_area_mm2=1200).controlled

    def test_b1_density_lower_bound(self):
        # 2400 / 1500 = 1.6 exactly
        assert C(tpp=2400, die_area_mm2=1500).clauses == ("3A090.b.1",)
        assert not C(tpp=2400, die_area_mm2=1500.01).controlled
        assert C(tpp=2400, die_area_mm2=1499.99).controlled

    def test_b2_density_lower_bound(self):
        # 1600 / 500 = 3.2 exactly; TPP 1600 is below b.1's 2400, so only b.2 can apply
        v = C(tpp=1600, die_area_mm2=500)
        assert v.controlled and v.clauses == ("3A090.b.2",)
        assert not C(tpp=1600, die_area_mm2=500.01).controlled
        assert C(tpp=1600, die_area_mm2=499.99).controlled

    def test_b_upper_density_bound_hands_over_to_a2(self):
        # at density 5.92 exactly the chip is a.2, not b
        assert C(tpp=1776, die_area_mm2=300).clauses == ("3A090.a.2",)  # 1776/300 = 5.92
        assert C(tpp=1776, die_area_mm2=300.01).clauses == ("3A090.b.2",)

    def test_non_datacenter_only_caught_at_4800(self):
        # density 24 would catch a data-centre chip; a consumer chip is caught only at TPP 4800
        assert not C(tpp=4799.99, die_area_mm2=200, datacenter=False).controlled
        assert C(tpp=4799.99, die_area_mm2=200, datacenter=True).controlled
        assert C(tpp=4800, die_area_mm2=200, datacenter=False).controlled
        assert C(tpp=4800.01, datacenter=False).controlled

    def test_h20_by_hand(self):
        v = C(tpp=2368, die_area_mm2=814)
        assert not v.controlled and v.category == "not controlled"
        text = " ".join(v.reasons)
        assert "short by 32" in text  # 2400 - 2368
        assert "2.91" in text and "3.2" in text
        assert v.performance_density == pytest.approx(2368 / 814)


class TestRule2025:
    base = dict(tpp=1000, rule="2025-04")

    def test_dram_boundary(self):
        assert not C(**self.base, memory_bandwidth_gbps=1399.99, io_bandwidth_gbps=64).controlled
        v = C(**self.base, memory_bandwidth_gbps=1400, io_bandwidth_gbps=64)
        assert v.controlled and "H20-class" in v.category
        assert C(**self.base, memory_bandwidth_gbps=1400.01, io_bandwidth_gbps=64).controlled

    def test_io_boundary(self):
        assert not C(**self.base, memory_bandwidth_gbps=100, io_bandwidth_gbps=1099.99).controlled
        assert C(**self.base, memory_bandwidth_gbps=100, io_bandwidth_gbps=1100).controlled
        assert C(**self.base, memory_bandwidth_gbps=100, io_bandwidth_gbps=1100.01).controlled

    def test_combined_boundary(self):
        assert not C(**self.base, memory_bandwidth_gbps=1000, io_bandwidth_gbps=699.99).controlled
        assert C(**self.base, memory_bandwidth_gbps=1000, io_bandwidth_gbps=700).controlled
        assert C(**self.base, memory_bandwidth_gbps=1000, io_bandwidth_gbps=700.01).controlled

    def test_labelled_as_reported(self):
        v = C(**self.base, memory_bandwidth_gbps=4000, io_bandwidth_gbps=900)
        assert any("reported" in r and "not published in the Federal Register" in r for r in v.reasons)

    def test_2023_rule_does_not_look_at_bandwidth(self):
        assert not C(tpp=1000, memory_bandwidth_gbps=4000, io_bandwidth_gbps=900, rule="2023-10").controlled


class TestRule2026:
    def test_tpp_ceiling(self):
        kw = dict(memory_bandwidth_gbps=4800, io_bandwidth_gbps=900, rule="2026-01")
        assert C(tpp=20999.99, **kw).case_by_case
        v = C(tpp=21000, **kw)
        assert v.controlled and not v.case_by_case and "case-by-case" not in v.category
        assert not C(tpp=21000.01, **kw).case_by_case

    def test_dram_ceiling(self):
        kw = dict(tpp=15832, io_bandwidth_gbps=900, rule="2026-01")
        assert C(memory_bandwidth_gbps=6499.99, **kw).case_by_case
        assert not C(memory_bandwidth_gbps=6500, **kw).case_by_case
        assert not C(memory_bandwidth_gbps=6500.01, **kw).case_by_case

    def test_category_says_so(self):
        v = C(tpp=15832, memory_bandwidth_gbps=4800, io_bandwidth_gbps=900, rule="2026-01")  # H200
        assert v.controlled and v.category == "3A090.a, case-by-case review"

    def test_uncontrolled_chip_is_not_case_by_case(self):
        v = C(tpp=1000, memory_bandwidth_gbps=300, io_bandwidth_gbps=64, rule="2026-01")
        assert not v.controlled and not v.case_by_case and v.category == "not controlled"


# ----------------------------------------------------------------------------- the catalogue


STATUS = data.load("export_status")
CHIPS = ec.chips()


@pytest.mark.parametrize(
    "row", [r for _, r in STATUS.iterrows()], ids=lambda r: f"{r['chip_id']}@{r['rule']}"
)
def test_documented_status_is_reproduced(row):
    chip = CHIPS[CHIPS["chip_id"] == row["chip_id"]]
    assert len(chip) == 1, f"{row['chip_id']} missing from accelerators"
    v = ec.classify_chip(chip.iloc[0], row["rule"])
    assert v.controlled == bool(row["controlled"]), str(v)
    cat = row["category"]
    if isinstance(cat, str) and cat.startswith("3A090"):
        assert v.category.startswith(cat)
    if isinstance(cat, str) and "case-by-case" in cat:
        assert v.case_by_case


def test_the_issue_list_of_documented_statuses_is_covered():
    have = {(r.chip_id, r.rule, bool(r.controlled)) for r in STATUS.itertuples()}
    expected = {
        *[
            (c, "2023-10", True)
            for c in [
                "nvidia-a100-sxm",
                "nvidia-a800-sxm",
                "nvidia-h100-sxm",
                "nvidia-h800-sxm",
                "nvidia-l40",
                "nvidia-l40s",
                "nvidia-rtx4090",
            ]
        ],
        *[(c, "2023-10", False) for c in ["nvidia-h20", "nvidia-l20", "nvidia-rtx4090d"]],
        ("nvidia-a800-sxm", "2022-10", False),
        ("nvidia-h800-sxm", "2022-10", False),
        ("nvidia-h20", "2025-04", True),
    }
    assert expected <= have


def test_designed_to_the_line_pairs():
    """The China variants sit just under the line their parent crosses (by hand from the specs)."""
    t = CHIPS.set_index("chip_id")["tpp"]
    assert t["nvidia-rtx4090"] == pytest.approx(5284.8)  # 660.6 x 8
    assert t["nvidia-rtx4090d"] == pytest.approx(4706.4)  # 588.3 x 8
    assert t["nvidia-rtx4090d"] < 4800 <= t["nvidia-rtx4090"]
    assert t["nvidia-rtx5090d"] == pytest.approx(4750)  # 1187.5 x 4
    assert t["nvidia-h20"] < 2400 and t["nvidia-l20"] < 2400


def test_io_definition_does_not_change_any_documented_verdict():
    """Counting the PCIe host link with the chip-to-chip links (as classify_chip does) changes no
    documented status compared with counting the chip-to-chip links alone."""
    for r in STATUS.itertuples():
        row = CHIPS[CHIPS["chip_id"] == r.chip_id].iloc[0].copy()
        with_host = ec.classify_chip(row, r.rule).controlled
        row["host_link_gbps"] = float("nan")
        assert ec.classify_chip(row, r.rule).controlled == with_host, r.chip_id


def test_br100_is_caught_by_the_2022_test_once_its_host_link_counts():
    """Biren's BR100: 8 x 64 GB/s BLink + 128 GB/s PCIe 5.0 x16 = 640 GB/s >= 600 (Hot Chips 34)."""
    row = CHIPS[CHIPS["chip_id"] == "biren-br100"].iloc[0]
    assert ec.io_bandwidth(row) == pytest.approx(8 * 64 + 128)
    assert ec.classify_chip(row, "2022-10").controlled


def test_disagreeing_sources_give_the_same_2023_verdict_where_decidable():
    allrows = ec.chips(preferred_only=False)
    for cid, grp in allrows.groupby("chip_id"):
        verdicts = set()
        for _, row in grp.iterrows():
            try:
                verdicts.add(ec.classify_chip(row, "2023-10").controlled)
            except ValueError:
                pass
        assert len(verdicts) <= 1, cid


def test_status_on_dates():
    assert ec.rule_in_force("2022-10-06") is None
    assert ec.rule_in_force("2022-10-07") == "2022-10"
    assert ec.rule_in_force("2024-06-30") == "2023-10"
    assert ec.rule_in_force("2025-04-09") == "2025-04"
    assert ec.rule_in_force("2026-06-01") == "2026-01"
    with pytest.raises(ValueError):
        ec.rule_in_force("not a date")
    s = ec.status_on("2024-06-30").set_index("chip_id")
    assert bool(s.loc["nvidia-a800-sxm", "changed"]) and bool(s.loc["nvidia-a800-sxm", "controlled"])
    assert not bool(s.loc["nvidia-h20", "controlled"])
    assert "nvidia-rtx5090d" not in s.index  # launched 2025


# ----------------------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(t1=st.floats(1, 40000), t2=st.floats(1, 40000), die=st.floats(50, 3000), dc=st.booleans())
def test_more_compute_never_escapes_the_2023_rule(t1, t2, die, dc):
    lo, hi = sorted((t1, t2))
    if C(tpp=lo, die_area_mm2=die, datacenter=dc).controlled:
        assert C(tpp=hi, die_area_mm2=die, datacenter=dc).controlled


@settings(max_examples=200, deadline=None)
@given(t=st.floats(1, 40000), a1=st.floats(50, 3000), a2=st.floats(50, 3000))
def test_a_smaller_die_never_escapes_the_2023_rule(t, a1, a2):
    small, big = sorted((a1, a2))
    if C(tpp=t, die_area_mm2=big).controlled:
        assert C(tpp=t, die_area_mm2=small).controlled


@settings(max_examples=200, deadline=None)
@given(bits=st.sampled_from([4, 8, 16, 32]), v=st.floats(0.001, 1e5), k=st.floats(0.01, 100))
def test_tpp_is_linear_in_throughput(bits, v, k):
    assert ec.tpp({bits: v * k}) == pytest.approx(k * ec.tpp({bits: v}))
    assert ec.tpp({bits: v}) == pytest.approx(bits * v)


@settings(max_examples=100, deadline=None)
@given(t=st.floats(1, 40000), mem=st.floats(1, 10000), io=st.floats(1, 3000), die=st.floats(50, 3000))
def test_later_rules_only_add_controls(t, mem, io, die):
    kw = dict(tpp=t, die_area_mm2=die, memory_bandwidth_gbps=mem, io_bandwidth_gbps=io)
    v23, v25, v26 = (C(**kw, rule=r) for r in ("2023-10", "2025-04", "2026-01"))
    assert v23.controlled <= v25.controlled
    assert v25.controlled == v26.controlled  # the 2026 policy changes the review, not the scope
    assert all(isinstance(s, str) and s for s in v26.reasons)


# ----------------------------------------------------------------------------- H20 what-if


def test_h20_whatif_by_hand():
    # 8,000 a quarter for 2 quarters = 16,000; 25% to domestic = 4,000; of the 12,000 left, half
    # licensed back = 6,000; 15% fee = 900; recovered 5,100; net loss 16,000 - 5,100 = 10,900.
    r = ec.h20_whatif(
        quarterly_revenue=8000,
        quarters=2,
        share_lost_to_domestic=0.25,
        share_licensed_back=0.5,
        revenue_share_to_usg=0.15,
    )
    assert r.gross_at_risk == 16000
    assert r.lost_to_domestic == 4000
    assert r.licensed_back == 6000
    assert r.paid_to_usg == pytest.approx(900)
    assert r.net_recovered == pytest.approx(5100)
    assert r.net_loss == pytest.approx(10900)
    # with 10% of what is not licensed back resold outside China: (16,000 - 6,000) x 0.1 = 1,000
    r = ec.h20_whatif(
        quarterly_revenue=8000,
        quarters=2,
        share_lost_to_domestic=0.25,
        share_licensed_back=0.5,
        revenue_share_to_usg=0.15,
        share_resold_elsewhere=0.1,
    )
    assert r.resold_elsewhere == pytest.approx(1000)
    assert r.net_recovered == pytest.approx(6100)
    assert r.net_loss == pytest.approx(9900)


@pytest.mark.parametrize(
    "kw",
    [
        dict(quarterly_revenue=0),
        dict(quarterly_revenue=NAN),
        dict(quarters=0),
        dict(quarters=1.5),
        dict(share_lost_to_domestic=1.2),
        dict(share_licensed_back=-0.1),
        dict(revenue_share_to_usg=NAN),
        dict(share_resold_elsewhere=2),
        dict(share_resold_elsewhere=True),
    ],
)
def test_h20_whatif_rejects_bad_input(kw):
    base = dict(
        quarterly_revenue=8000,
        quarters=2,
        share_lost_to_domestic=0.25,
        share_licensed_back=0.5,
        revenue_share_to_usg=0.15,
    )
    base.update(kw)
    with pytest.raises(ValueError):
        ec.h20_whatif(**base)


@settings(max_examples=100, deadline=None)
@given(
    q=st.floats(1, 1e5),
    n=st.integers(1, 12),
    lost=st.floats(0, 1),
    back=st.floats(0, 1),
    fee=st.floats(0, 1),
    resold=st.floats(0, 1),
)
def test_h20_whatif_accounts_add_up(q, n, lost, back, fee, resold):
    r = ec.h20_whatif(
        quarterly_revenue=q,
        quarters=n,
        share_lost_to_domestic=lost,
        share_licensed_back=back,
        revenue_share_to_usg=fee,
        share_resold_elsewhere=resold,
    )
    assert r.net_recovered + r.net_loss == pytest.approx(r.gross_at_risk)
    assert 0 <= r.net_recovered <= r.gross_at_risk + 1e-9
    assert r.licensed_back + r.lost_to_domestic <= r.gross_at_risk * (1 + 1e-12)


def test_h20_figures_table():
    f = ec.h20_figures()
    assert f.loc["charge_estimate", "value"] == 5500
    assert f.loc["charge_recorded", "value"] == 4500
    assert f.loc["h20_revenue_unshipped", "value"] == 2500
    assert f.loc["h20_outlook_loss", "value"] == 8000


# ----------------------------------------------------------------------------- prose matches data


def test_figures_in_notebook_prose_come_from_the_tables():
    """Every threshold, dollar figure and percentage typed in the notebook's markdown is a value of
    export_rules or nvidia_h20 (so the prose cannot drift from the data)."""
    import re
    from pathlib import Path

    import nbformat

    path = Path(__file__).resolve().parents[2] / "notebooks" / "01_export_controls.ipynb"
    nb = nbformat.read(path, as_version=4)
    md = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    md = re.sub(r"\d+ FR \d+", "", md)  # Federal Register citations are not figures
    tokens = re.findall(
        r"\$\d+(?:\.\d+)?bn|\d+%|\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+\.\d+(?![\w.])", md
    )
    allowed = set()
    for v in data.load("export_rules")["value"]:
        allowed.add(float(v))
    h20 = data.load("nvidia_h20")
    for v, u in zip(h20["value"], h20["unit"]):
        allowed.add(round(float(v) / 1000, 1) if u == "USD millions" else float(v))
    t4800 = ec.thresholds("2023-10")["a1_tpp_min"]
    allowed |= {t4800 / 8, t4800 / 16}  # BIS's worked example: 600 TOPS at 8 bits, 300 at 16
    bad = []
    for tok in tokens:
        x = float(tok.strip("$%bn").replace(",", ""))
        if x not in allowed:
            bad.append(tok)
    assert not bad, f"figures in the prose not found in the tables: {bad}"
    assert tokens, "no figures found: the regex is broken"
