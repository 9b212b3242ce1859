"""Checks of the accelerators table (shared with notebook 03) and the nb01 tables."""

from utils import data
from utils import export_controls as ec

ACC = data.load("accelerators")


def test_loads_and_has_sourced_grades():
    assert len(ACC) >= 30
    assert ACC["source_id"].notna().all() and ACC["grade"].isin(list("ABCDE")).all()


def test_enough_chips_and_vendors():
    assert ACC["chip_id"].nunique() >= 25
    assert {"Nvidia", "AMD", "Intel", "Huawei", "Cambricon", "Biren"} <= set(ACC["vendor"])


def test_exactly_one_preferred_row_per_chip():
    counts = ACC[ACC["preferred"]].groupby("chip_id").size()
    assert set(counts.index) == set(ACC["chip_id"])
    assert (counts == 1).all(), counts[counts != 1]


def test_chip_facts_agree_across_rows_of_the_same_chip():
    for cid, g in ACC.groupby("chip_id"):
        assert g["vendor"].nunique() == 1 and g["datacenter"].nunique() == 1, cid


def test_story_pairs_are_present():
    ids = set(ACC["chip_id"])
    pairs = [
        ("nvidia-a100-sxm", "nvidia-a800-sxm"),
        ("nvidia-h100-sxm", "nvidia-h800-sxm"),
        ("nvidia-h100-sxm", "nvidia-h20"),
        ("nvidia-l40s", "nvidia-l20"),
        ("nvidia-rtx4090", "nvidia-rtx4090d"),
        ("nvidia-rtx5090d", "nvidia-rtx5090d-v2"),
    ]
    for a, b in pairs:
        assert a in ids and b in ids


def test_derived_from_points_at_a_catalogued_chip():
    d = ACC["derived_from"].dropna()
    assert set(d) <= set(ACC["chip_id"])


def test_throughput_figures_present_or_explained():
    """Chips with a documented status need a throughput figure; any other chip without one
    (a vendor that publishes none) must say so in its note."""
    chips = ec.chips()
    documented = set(data.load("export_status")["chip_id"])
    missing = chips[chips["tpp"].isna()]
    assert not (set(missing["chip_id"]) & documented)
    for _, r in missing.iterrows():
        assert isinstance(r["note"], str) and len(r["note"]) > 20, r["chip_id"]


def test_derived_rows_say_how():
    e = ACC[ACC["grade"] == "E"]
    assert e["note"].notna().all() and e["note"].str.len().gt(30).all()


def test_performance_figures_are_plausible():
    # dense 16-bit throughput of these chips lies between 10 and 5,000 TFLOPS
    f = ACC["fp16_tflops"].dropna()
    assert f.between(10, 5000).all()
    assert ACC["die_area_mm2"].dropna().between(50, 3000).all()


def test_status_rows_point_at_catalogued_chips():
    st = data.load("export_status")
    assert set(st["chip_id"]) <= set(ACC["chip_id"])


def test_rule_thresholds_complete():
    need = {
        "2022-10": {"io_min", "tpp_min"},
        "2023-10": {
            "a1_tpp_min",
            "a2_tpp_min",
            "a2_pd_min",
            "b1_tpp_min",
            "b1_tpp_max",
            "b1_pd_min",
            "b1_pd_max",
            "b2_tpp_min",
            "b2_pd_min",
            "b2_pd_max",
            "nondc_tpp_min",
        },
        "2025-04": {"dram_min", "io_min", "combined_min"},
        "2026-01": {"tpp_max", "dram_max"},
    }
    for rule, ids in need.items():
        assert set(ec.thresholds(rule)) == ids
    assert ec.thresholds("2023-10")["a2_pd_min"] == 5.92
    assert ec.thresholds("2026-01")["tpp_max"] == 21000
