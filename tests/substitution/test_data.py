"""Checks of notebook 03's tables: internal consistency, definitions kept, grades honest."""

import pytest

from utils import checks, data

SHARE = data.load("china_ai_chip_share")
INSTALLS = data.load("driving_chip_installs")
CARS = data.load("carmaker_chips")
PROD = data.load("production_constraints")
ACC = data.load("accelerators")


def _v(df, **match):
    for k, v in match.items():
        df = df[df[k] == v]
    assert len(df) == 1, match
    return float(df.iloc[0]["value"])


def test_idc_2025_parts_add_up():
    units = {
        seg: _v(SHARE, estimate_id="idc-2025", segment=seg, unit="million units")
        for seg in ("total", "nvidia", "amd", "domestic", "huawei", "t-head", "kunlunxin", "cambricon")
    }
    # 2.2 + 0.16 + 1.65 = 4.01 ~ "about 4.0 million"
    assert units["nvidia"] + units["amd"] + units["domestic"] == pytest.approx(units["total"], abs=0.05)
    named = units["huawei"] + units["t-head"] + units["kunlunxin"] + units["cambricon"]
    assert named <= units["domestic"]
    pct = sum(
        _v(SHARE, estimate_id="idc-2025", segment=s, unit="percent") for s in ("nvidia", "amd", "domestic")
    )
    assert pct == pytest.approx(100, abs=1)
    # 55% of about 4.0 million is about 2.2 million
    assert units["total"] * 0.55 == pytest.approx(units["nvidia"], rel=0.02)


def test_share_estimates_keep_definitions_and_conflicts():
    assert SHARE["definition"].notna().all() and SHARE["basis"].notna().all()
    pct = SHARE[SHARE["unit"] == "percent"]["value"]
    assert ((pct >= 0) & (pct <= 100)).all()
    huawei_2025 = SHARE[
        (SHARE["segment"] == "huawei") & (SHARE["year"] == 2025) & (SHARE["unit"] == "million units")
    ]
    # the sources disagree by a factor of four: keep them all
    assert huawei_2025["value"].max() / huawei_2025["value"].min() >= 4
    assert huawei_2025["publisher"].nunique() >= 4
    # forecasts are never labelled actual
    assert not ((SHARE["status"] == "actual") & (SHARE["year"] > 2025)).any()


def test_orin_article_figure_matches_gasgoo_2023():
    gasgoo = INSTALLS[(INSTALLS["publisher"] == "Gasgoo") & (INSTALLS["chip"] == "Orin-X")].iloc[0]
    # the article's 210.02万 (+91.8%) is Gasgoo's 2023 count grown by 91.8%: 1.095 x 1.918 = 2.10021
    assert gasgoo["units_million"] * 1.918 == pytest.approx(2.1002, abs=0.0005)
    brokers = INSTALLS[(INSTALLS["publisher"] == "Northeast Securities")].iloc[0]
    assert brokers["share_pct"] == pytest.approx(39.8)


def test_no_untraceable_article_claims_in_the_tables():
    # no row rests on the article itself
    assert not INSTALLS["source_id"].str.contains("seed").any()
    assert not CARS["source_id"].str.contains("seed").any()
    # Chery's chip plan of March 2025 is found only in the article: it stays out
    assert not CARS["company"].str.contains("Chery").any()
    # Geely's '星辰一号' was barred while untraced; it is now traced to SiEngine's AD1000 in a
    # trade report (iautodaily, grade C), so it is in the table, with that source and grade
    xingchen = CARS[CARS["chip_zh"] == "星辰一号"]
    assert len(xingchen) == 1
    assert xingchen.iloc[0]["source_id"] == "iautodaily-2025-04-siengine-ad1000"
    assert xingchen.iloc[0]["grade"] in ("A", "B", "C")
    assert xingchen.iloc[0]["chip_type"] == "driving"


def test_relayed_2024_driving_chip_shares_are_estimates():
    rows = INSTALLS[(INSTALLS["year"] == 2024) & INSTALLS["publisher"].str.startswith("Gasgoo")]
    shares = dict(zip(rows["vendor"], rows["share_pct"]))
    # the relays give Orin-X 39.8% and Tesla 25.1% (the article's figures) and Huawei 9.5%
    # (the article says 9.4%): research-firm shares, so grade E, never B
    assert shares == {"Nvidia": 39.8, "Tesla": 25.1, "Huawei": 9.5}
    assert (rows["grade"] == "E").all()
    gasgoo = INSTALLS[INSTALLS["publisher"].isin(["Gasgoo", "Northeast Securities"])]
    assert (gasgoo["grade"] == "E").all()


def test_carmaker_chip_types():
    kinds = dict(zip(CARS["chip"], CARS["chip_type"]))
    assert kinds["XRING O1"] == "phone"
    assert kinds["SE1000 Dragon Eagle-1"] == "cockpit"
    assert kinds["Shenji NX9031"] == "driving"


def test_nvidia_auto_share_fy2025():
    rev = data.load("nvidia_revenue")
    auto = rev[(rev["fiscal_year"] == 2025) & (rev["category"] == "Automotive")]["revenue_usd_m"].iloc[0]
    total = rev[(rev["fiscal_year"] == 2025) & (rev["category"] == "Total")]["revenue_usd_m"].iloc[0]
    assert auto / total == pytest.approx(0.013, abs=0.0005)  # the article's 1.3%


def test_production_constraints_consistent():
    assert _v(PROD, constraint_id="dpw-910b") == 2 * _v(PROD, constraint_id="dpw-910c")
    stacks = _v(PROD, constraint_id="hbm-total-china") / _v(PROD, constraint_id="hbm-910c-equiv")
    assert round(stacks) == _v(PROD, constraint_id="hbm-stacks-per-910c")


def test_estimates_say_how():
    for df in (SHARE, INSTALLS, CARS, PROD):
        e_rows = df[df["grade"] == "E"]
        assert e_rows["note"].notna().all()
        d_rows = df[df["grade"] == "D"]
        assert d_rows["note"].notna().all()


def test_appended_accelerator_rows():
    c910 = ACC[ACC["chip_id"] == "huawei-ascend910c"]
    assert set(c910["fp16_tflops"]) >= {780.0, 800.0}  # the conflict is kept
    assert c910["preferred"].sum() == 1
    roadmap = ACC[ACC["chip_id"].str.startswith("huawei-ascend9") & ACC["chip"].str.contains("roadmap")]
    assert set(roadmap["launch_year"]) == {2026, 2027, 2028}


def test_exercises_solve():
    for ex_id, ex in checks.all_exercises().items():
        if ex_id.startswith("03."):
            assert ex.check(ex.answer()).accepted, ex_id
