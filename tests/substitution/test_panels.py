"""Tests of notebook 03's defaults (derived from the tables) and its two panels, driven headless."""

import json

import pytest

from utils import plotting, substitution
from utils.substitution import panels as sw

plotting.setup()


def test_foreign_chip_per_vintage_follows_the_rules():
    per_chip, names = substitution.model.foreign_h100e_by_vintage()
    # TPP: H100/H800/H200 = 989.5 x 16 ~ 15,832; H20 = 148 x 16 = 2,368; L20 = 119.5 x 16 = 1,912
    assert per_chip["2022-10"] == pytest.approx(1.0)  # H800 not caught in 2022
    assert names["2023-10"].startswith("H20")
    assert per_chip["2023-10"] == pytest.approx(2368 / 15832, rel=1e-3)
    assert names["2025-04"].startswith("L20")  # H20 caught by the April letter
    assert per_chip["2025-04"] == pytest.approx(1912 / 15832, rel=1e-3)
    # January 2026: the H200 class only case by case; without a licence, still the L20
    assert names["2026-01"].startswith("L20")
    licensed, lnames = substitution.model.foreign_h100e_by_vintage("licensed")
    assert licensed["2026-01"] == pytest.approx(1.0, rel=1e-3)
    # H100 and H200 tie on TPP; the January 2026 policy was written for the H200 (more bandwidth)
    assert lnames["2026-01"].startswith("H200")
    assert licensed["2023-10"] == per_chip["2023-10"]  # nothing licensable under the older rules
    # stricter rule, weaker chip
    assert per_chip["2025-04"] < per_chip["2023-10"] < per_chip["2022-10"]


def test_defaults_are_derived_from_the_tables():
    p = substitution.model.default_params()
    # (2.2 + 0.16) M foreign x 2368/15832 + 1.65 M domestic x 6016/15832 (910B at 376 TFLOPS)
    assert p["demand_2025"] == pytest.approx(2.36 * 2368 / 15832 + 1.65 * 6016 / 15832, rel=1e-3)
    assert p["demand_growth"] == pytest.approx(4.0 / 2.7 - 1, rel=1e-6)  # IDC cards 2024 -> 2025
    assert p["capacity_growth"] == pytest.approx((18 / 7) ** 0.5 - 1, rel=1e-6)  # SMIC AI wafers
    assert p["hbm_stock_mstacks"] == pytest.approx(13.0)
    assert p["hbm_mstacks"] == pytest.approx(0.3 * 8)
    assert p["stacks_per_die"] == pytest.approx(8 / 2)  # 8 stacks per 910C of two dies
    assert p["other_domestic_munits"] == pytest.approx(1.65 - 0.812)
    assert p["yield_rate"] == pytest.approx(0.30)
    assert p["domestic_h100e"] == pytest.approx(6016 / 15832, rel=1e-3)  # the same unit as demand
    assert p["foreign_units"] == pytest.approx(2.36)
    assert p["licence_share"] == 0.0  # no H200 shipped to China (Q1 fiscal 2027 10-Q)
    assert p["demand_elasticity"] < 0
    table = substitution.model.defaults_table()
    assert set(table["grade"]) <= set("ABCDE")
    assert table["source_id"].notna().all()


def test_default_run_is_consistent():
    df = substitution.model.run_default()
    shares = df[["share_nvidia", "share_other_foreign", "share_domestic", "share_unmet"]]
    assert (shares.sum(axis=1) - 1).abs().max() < 1e-9
    r = df.set_index("year")
    # 2024 under the October 2023 rules: 2.36 M cards x H20 (0.1496) = 0.353, but the mandate
    # keeps foreign chips to half of demand
    assert r.loc[2024, "nvidia"] + r.loc[2024, "other_foreign"] == pytest.approx(
        min(2.36 * 2368 / 15832, 0.5 * r.loc[2024, "demand"]), rel=1e-3
    )
    # every year says what binds, and why
    assert set(r["binding"]) <= {"demand", "wafers", "HBM"}
    assert r["why"].str.len().min() > 20
    # the HBM stock only falls once new HBM is below what domestic chips use
    stock = r.loc[2025:, "hbm_stock_end"]
    assert (stock.diff().dropna() <= 1e-9).all()


def test_backtest_within_tolerance():
    bt = substitution.model.backtest()
    assert {"quantity", "period", "model", "observed", "error_pct", "source_id"} <= set(bt.columns)
    units = bt[bt["quantity"].str.startswith("domestic accelerators")]
    assert sorted(units["period"]) == ["2024", "2025"]
    # the tolerance: domestic units shipped within 25% of IDC's figures
    assert (units["error_pct"].abs() <= 25).all(), units
    # the observed figures are the course's (IDC 2024: 0.82 M; 2025: 1.65 M)
    assert sorted(units["observed"]) == [0.82, 1.65]
    assert (bt["error_pct"] == 100 * (bt["model"] / bt["observed"] - 1)).all()
    assert bt["binding"].notna().all() and bt["why"].notna().all()


# ----------------------------------------------------------------------------- scenario panel


@pytest.fixture(scope="module")
def scenario():
    return sw.make_scenario_panel()


def test_scenario_panel_draws_and_responds(scenario):
    assert scenario.png[:8] == b"\x89PNG\r\n\x1a\n"
    before = scenario.result.copy()
    scenario.set(mandate=0.9)
    assert scenario.message == ""
    after = scenario.result
    assert (after["share_nvidia"] <= before["share_nvidia"] + 1e-12).all()
    assert "2030" in scenario.readout_text and "unmet" in scenario.readout_text
    scenario.set(mandate=0.5)


def test_scenario_more_hbm_more_domestic(scenario):
    scenario.set(hbm_mstacks=2.4)
    low = scenario.result["share_domestic"].copy()
    scenario.set(hbm_mstacks=20.0)
    high = scenario.result["share_domestic"]
    assert (high >= low - 1e-12).all() and (high > low).any()
    scenario.set(hbm_mstacks=2.4)


def test_scenario_readout_names_the_limit_and_the_scarcity_rent(scenario):
    start = {k: scenario.params[k] for k in scenario.controls}
    scenario.set(hbm_mstacks=0.0, hbm_stock_mstacks=0.0)
    text = scenario.readout_text
    assert "limited by HBM memory" in text
    rent = scenario.result.set_index("year").loc[2030, "scarcity_rent_usd_bn"]
    assert rent > 0 and f"${rent:,.0f} bn" in text
    scenario.set(hbm_mstacks=30.0, hbm_stock_mstacks=40.0, capacity_growth=1.0, demand_growth=0.0)
    text = scenario.readout_text
    assert "scarcity" not in text and "limited by demand" in text
    scenario.set(**start)


def test_scenario_policy_dropdown(scenario):
    scenario.set(policy="loose: October 2022 rules (H800 allowed)")
    assert set(scenario.result["vintage"]) == {"2022-10"}
    scenario.set(policy="as announced (2023-10, 2025-04, then 2026-01)")


def test_scenario_out_of_range_is_clamped_with_a_message(scenario):
    scenario.set(yield_rate=5.0)
    assert scenario.message
    assert scenario.params["yield_rate"] <= 0.9
    scenario.set(yield_rate=0.3)


def test_scenario_update_records_its_time(scenario):
    # speed goals are printed by `make bench`, not asserted here; the bench reads last_update_ms
    scenario.set(mandate=0.2)
    assert scenario.last_update_ms > 0


def test_scenario_export_and_load(scenario, tmp_path):
    scenario.set(mandate=0.7)
    paths = scenario.export_scenario(tmp_path)
    json_path = [p for p in paths if str(p).endswith(".json")][0]
    saved = json.loads(json_path.read_text())
    assert saved  # something was written
    scenario.set(mandate=0.2)
    scenario.load_scenario(json_path)
    assert scenario.params["mandate"] == pytest.approx(0.7)
    scenario.set(mandate=0.5)


# ----------------------------------------------------------------------------- cluster panel


def test_cluster_result_hand_values():
    # 1,000 H100 (TPP 15,832) vs 910C (TPP 12,800): 15,832,000 / 12,800 = 1236.9 -> 1237
    r = substitution.model.cluster_result(
        "nvidia-h100-sxm", 1000, "huawei-ascend910c", "TPP (peak dense compute)", 1.0
    )
    assert r["substitute_count"] == 1237
    assert r["target_power_kw"] == pytest.approx(700.0)  # 1,000 x 700 W
    assert r["substitute_power_kw"] == pytest.approx(1237 * 0.7)  # 910C 700 W
    assert r["target_cost_musd"] == pytest.approx(33.6)  # Epoch: $33,600 per H100
    assert r["substitute_cost_musd"] is None  # no sourced 910C price
    # 1,000 H20 (TPP 2,368) vs 910B (TPP 6,016): 393.6 -> 394
    r = substitution.model.cluster_result(
        "nvidia-h20", 1000, "huawei-ascend910b", "TPP (peak dense compute)", 1.0
    )
    assert r["substitute_count"] == 394


def test_cluster_memory_bandwidth_metric():
    # 100 H20 at 4,000 GB/s vs 910B at 1,228 GB/s: 400,000 / 1,228 = 325.7 -> 326
    r = substitution.model.cluster_result(
        "nvidia-h20", 100, "huawei-ascend910b", "memory bandwidth (GB/s)", 1.0
    )
    assert r["substitute_count"] == 326


def test_cluster_panel_keeps_last_picture_on_missing_spec():
    c = sw.make_cluster_panel()
    c.set(substitute="huawei-ascend950dt")
    good = c.png
    c.set(metric="peak dense FP16 TFLOPS")
    assert "no published figure" in c.message
    assert c.png == good
    c.set(metric="TPP (peak dense compute)")
    assert c.message == ""


def test_cluster_bad_metric():
    with pytest.raises(ValueError):
        substitution.model.cluster_result("nvidia-h100-sxm", 10, "huawei-ascend910c", "vibes", 1.0)
