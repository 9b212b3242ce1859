"""Widget tests for notebook 01: drive the panels as a student would and check verdicts and reasons."""

import pytest

from utils import data, plotting
from utils import export_controls as ec
from utils.export_controls import panels as ew


@pytest.fixture(scope="module")
def design():
    plotting.setup()
    return ew.make_design_panel()


@pytest.fixture(scope="module")
def rulebook():
    plotting.setup()
    return ew.make_rulebook_panel()


@pytest.fixture(scope="module")
def who_pays():
    plotting.setup()
    return ew.make_who_pays_panel()


@pytest.fixture(scope="module")
def h20():
    plotting.setup()
    return ew.make_h20_panel()


def test_design_panel_starts_as_the_h20(design):
    design.set(
        rule="2023-10", **{k: v for k, v in ec.chip_preset("nvidia-h20").items() if not k.startswith("_")}
    )
    assert design.message == ""
    assert design.result.tpp == pytest.approx(2368)
    assert not design.result.verdict.controlled
    text = design.readout_text
    assert "NOT CONTROLLED" in text and "2,368" in text and "short by 32" in text
    assert design.png[:4] == b"\x89PNG"


def test_design_panel_rule_selector(design):
    design.set(
        dense_tops=148,
        bits=16,
        die_area_mm2=814,
        memory_bandwidth_gbps=4000,
        io_bandwidth_gbps=900,
        datacenter=True,
        rule="2025-04",
    )
    assert design.result.verdict.controlled
    assert "H20-class" in design.readout_text and "reported" in design.readout_text
    design.set(rule="2026-01")
    assert "case-by-case" in design.readout_text
    design.set(rule="2022-10")
    assert not design.result.verdict.controlled
    design.set(rule="2023-10")


def test_design_panel_crossing_the_line(design):
    design.set(bits=16, die_area_mm2=2000, datacenter=True, rule="2023-10", dense_tops=299.5)
    # by hand: 299.5 x 16 = 4,792 < 4,800; density 4,792 / 2,000 = 2.40, in [1.6, 5.92) and
    # TPP in [2,400, 4,800) -> 3A090.b.1
    v = design.result.verdict
    assert v.controlled and v.category == "3A090.b" and v.clauses == ("3A090.b.1",)
    design.set(dense_tops=300)  # 300 x 16 = 4800: exactly on the line
    v = design.result.verdict
    assert v.controlled and v.category == "3A090.a"
    assert "exactly on the line" in design.readout_text


def test_design_panel_consumer_toggle(design):
    design.set(dense_tops=294, bits=16, die_area_mm2=608.5, datacenter=True, rule="2023-10")  # 4,704 TPP
    assert design.result.verdict.controlled  # density 7.73 -> 3A090.a.2 for a data-centre part
    design.set(datacenter=False)
    assert not design.result.verdict.controlled  # the RTX 4090 D route
    assert "Note 2" in design.readout_text


def test_design_panel_clamps_and_reports(design):
    design.set(dense_tops=99999)
    assert "outside the range" in design.message
    assert design.controls["dense_tops"].value == design.controls["dense_tops"].max
    design.set(dense_tops=float("nan"))
    assert "NaN" in design.message
    design.set(dense_tops=148)
    assert design.message == ""


def test_design_panel_png_size_is_stable(design):
    sizes = set()
    for v in (100, 400, 1200):
        design.set(dense_tops=v)
        sizes.add(design.png[16:24])  # PNG IHDR width/height bytes
    assert len(sizes) == 1


@pytest.mark.parametrize(
    "row", [r for _, r in data.load("export_status").iterrows()], ids=lambda r: f"{r['chip_id']}@{r['rule']}"
)
def test_presets_reproduce_documented_status(design, row):
    preset = ec.chip_preset(row["chip_id"])
    filled = preset.pop("_filled")
    design.set(rule=row["rule"], **preset)
    if design.error:
        pytest.skip(f"needs a figure the catalogue lacks: {design.error}")
    if row["rule"] == "2022-10" and "io_bandwidth_gbps" in filled:
        pytest.skip("I/O bandwidth not catalogued")
    assert design.result.verdict.controlled == bool(row["controlled"])


def test_rulebook_before_and_after(rulebook):
    rulebook.set(month="2022-09")
    assert "no rule" in rulebook.readout_text
    rulebook.set(month="2023-12")
    text = rulebook.readout_text
    assert "2023-10" in text and "A800 SXM4 80 GB (now controlled)" in text
    res = rulebook.result.set_index("chip_id")
    assert bool(res.loc["nvidia-h800-sxm", "changed"]) and not bool(res.loc["nvidia-h20", "launched"])
    rulebook.set(month="2025-05")
    assert "H20 (HGX) (now controlled)" in rulebook.readout_text
    rulebook.set(month="2026-02")
    assert "case-by-case" in " ".join(map(str, rulebook.result["category"]))


def test_h20_panel_defaults_by_hand(h20):
    # defaults: $8.0bn a quarter (NVIDIA's Q2 outlook loss), 2 quarters, 30% lost, 50% back, 15% fee,
    # resale share 650 / 8,000 = 8.125% shown to one decimal -> 8.1%
    assert h20.params["resold_pct"] == pytest.approx(8.1)
    r = h20.result
    assert r.gross_at_risk == pytest.approx(16000)
    assert r.lost_to_domestic == pytest.approx(4800)
    assert r.licensed_back == pytest.approx(5600)  # (16,000 - 4,800) x 0.5
    assert r.paid_to_usg == pytest.approx(840)
    assert r.resold_elsewhere == pytest.approx((16000 - 5600) * 0.081)
    assert r.net_loss == pytest.approx(16000 - 5600 + 840 - (16000 - 5600) * 0.081)
    assert "$16.0 bn" in h20.readout_text and "not a forecast" in h20.readout_text


def test_h20_panel_moves(h20):
    h20.set(share_lost_pct=100, resold_pct=0)
    assert h20.result.net_loss == pytest.approx(h20.result.gross_at_risk)
    h20.set(share_lost_pct=0, share_back_pct=100, fee_pct=0)
    assert h20.result.net_loss == pytest.approx(0)
    h20.set(share_lost_pct=100, share_back_pct=0, resold_pct=100)
    assert h20.result.net_loss == pytest.approx(0)  # every chip sold elsewhere at the same price
    h20.set(share_lost_pct=30, share_back_pct=50, fee_pct=15, resold_pct=8.1)


def test_scenarios_round_trip(design, rulebook, h20, tmp_path):
    for panel, kw in [
        (design, {"dense_tops": 222.5, "rule": "2025-04"}),
        (rulebook, {"month": "2023-11"}),
        (h20, {"quarters": 4}),
    ]:
        panel.set(**kw)
        jpath, cpath = panel.export_scenario(tmp_path)
        assert jpath.exists() and cpath.exists()
        before = dict(panel.params)
        key = next(iter(kw))
        other = {"dense_tops": 100.0, "month": "2022-03", "quarters": 1}[key]
        panel.set(**{key: other})
        panel.load_scenario(jpath)
        assert panel.params == before


def test_start_from_dropdown_loads_a_chip(design):
    # The module-scoped panel keeps whatever rule earlier tests left (which tests ran before
    # this one depends on the xdist split): start from the 2023 rule and no chip, explicitly.
    design.set(rule="2023-10", start_from="")
    design.controls["start_from"].value = "nvidia-rtx4090"  # as a student picks it
    assert design.params["dense_tops"] == pytest.approx(660.6) and design.params["datacenter"] is False
    assert design.result.verdict.controlled and "Figures of the GeForce RTX 4090" in design.readout_text
    design.set(dense_tops=500)
    assert "then changed" in design.readout_text
    design.controls["start_from"].value = "cambricon-mlu370-x8"  # no die area in the catalogue
    assert "left at a default: die_area_mm2" in design.readout_text
    design.set(start_from="")


def test_slider_steps_keep_catalogued_figures_exact(design):
    """A browser slider snaps values to its step: every catalogued figure must lie on the grid."""
    chips = ec.chips()
    for cid in chips["chip_id"]:
        if not ec.dense_ops(chips[chips["chip_id"] == cid].iloc[0]):
            continue
        p = ec.chip_preset(cid, chips)
        for key in ("dense_tops", "die_area_mm2", "memory_bandwidth_gbps", "io_bandwidth_gbps"):
            ctrl = design.controls[key]
            if not ctrl.min <= p[key] <= ctrl.max:
                continue
            steps = (p[key] - ctrl.min) / ctrl.step
            assert abs(steps - round(steps)) < 1e-6, (cid, key, p[key], ctrl.step)


def test_rulebook_counts_only_us_chips_and_marks_chinese_ones(rulebook):
    rulebook.set(month="2024-06")
    res = rulebook.result
    assert (
        "from US vendors" in rulebook.readout_text and "Diamonds are Chinese chips" in rulebook.readout_text
    )
    live_us = res[res["launched"] & ~res["chinese"]]
    n = int(live_us["controlled"].fillna(False).sum())
    assert f"Controlled: {n} of {len(live_us)}" in rulebook.readout_text
    assert res.loc[res["vendor"] == "Huawei", "chinese"].all()


# ----------------------------------------------------------------------------- who paid


def test_who_pays_panel_defaults_by_hand(who_pays):
    # inference chips (ε_D = −1.5), ε_S = 2, fee 15% ("15% or more"): buyers pay 13,125 and NVIDIA
    # keeps 11,156 (see test_welfare.py); buyers bear 2 / 3.5 = 57% of the fee. One quarter:
    # P·Q = 4,600 × 91 / 72 = 5,813.9 (USD m); ban: buyers lose P·Q/3 = 1.94bn, NVIDIA P·Q/4 = 1.45bn.
    assert who_pays.message == ""
    p = who_pays.params
    assert (p["market"], p["policy"], p["fee_pct"], p["quota_pct"], p["rent_holder"]) == (
        "inference chips",
        "revenue share",
        15,
        50,
        "sellers",
    )
    text = who_pays.readout_text
    assert "fee of 15% or more" in text and "$13,125" in text and "$11,156" in text
    assert "Buyers bear 57% of the fee, NVIDIA 43%" in text
    assert "course assumptions (grade E), not estimates" in text
    assert "ban (no licences)−$1.94bn−$1.45bn$0.00bn−$3.39bn" in text
    assert "484 thousand chips" in text
    assert "quota of 50%, rent to NVIDIA" in text  # h20-quota-share 0.5; NVIDIA holds the licences
    assert who_pays.png[:4] == b"\x89PNG"


def test_who_pays_panel_market_policy_and_rent(who_pays):
    who_pays.set(market="data-centre training chips")
    assert "Buyers bear 80% of the fee" in who_pays.readout_text  # 2 / (2 + 0.5)
    who_pays.set(market="consumer cards")
    assert "Buyers bear 40% of the fee" in who_pays.readout_text  # 2 / (2 + 3)
    who_pays.set(market="inference chips", policy="ban")
    assert "no H20s sold" in who_pays.readout_text
    assert who_pays.result.shown.quantity == 0
    who_pays.set(policy="quota", quota_pct=50, rent_holder="government")
    # rent (16,000 − 9,000) × 242.2 thousand chips = 7/24 of P·Q = $1.70bn, to the US government
    assert "scarcity rent of $1.70bn goes to the US government" in who_pays.readout_text
    who_pays.set(rent_holder="sellers")
    assert "NVIDIA gains $0.61bn" in who_pays.readout_text  # 5/48 of P·Q
    who_pays.set(supply_elasticity=0.5, policy="revenue share")
    assert "your setting; the course assumes 2" in who_pays.readout_text
    assert "Buyers bear 25% of the fee" in who_pays.readout_text  # 0.5 / (0.5 + 1.5)
    who_pays.set(supply_elasticity=2.0, fee_pct=20)
    assert "fee of 20%" in who_pays.readout_text and "or more" not in who_pays.readout_text.split("\n")[1]
    who_pays.set(fee_pct=15)


def test_who_pays_panel_bad_input_and_fixed_size(who_pays):
    who_pays.set(market="inference")
    assert "not one of the choices" in who_pays.message
    who_pays.set(fee_pct=80)
    assert "outside the range" in who_pays.message and who_pays.params["fee_pct"] == 50
    who_pays.set(supply_elasticity=float("nan"))
    assert "NaN" in who_pays.message
    sizes = set()
    for kw in ({"fee_pct": 0}, {"policy": "ban"}, {"policy": "quota", "quota_pct": 100}, {"quota_pct": 0}):
        who_pays.set(**kw)
        assert who_pays.error == ""
        sizes.add(who_pays.png[16:24])
    assert len(sizes) == 1
    assert who_pays.readout.layout.height  # a fixed height: the page does not move
    who_pays.set(policy="revenue share", fee_pct=15, quota_pct=50)


def test_who_pays_areas_match_the_outcome():
    """The shaded areas of the picture have the areas the model reports (shoelace formula)."""
    import numpy as np

    def area(v):
        if v is None:
            return 0.0
        x, y = v[:, 0], v[:, 1]
        return 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))

    for policy, holder in (("revenue share", "sellers"), ("quota", "government"), ("ban", "sellers")):
        r = ec.who_pays(policy=policy, rent_holder=holder)
        a = ew.welfare_areas(r)
        o = r.shown
        assert area(a["consumer"]) == pytest.approx(
            o.consumer_surplus - (o.rent if holder == "buyers" else 0)
        )
        assert area(a["deadweight"]) == pytest.approx(o.deadweight_loss)
        # the middle rectangle: a quota's rent (whoever holds it), else the fee revenue
        assert area(a["middle"]) == pytest.approx(o.rent if policy == "quota" else o.government_revenue)
