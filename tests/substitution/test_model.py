"""Unit and property tests of utils.substitution (the notebook-03 scenario model).

Known values below are worked out by hand in the comments, not copied from the code's output.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import substitution as sub

FLAT = {v: 0.5 for v in sub.VINTAGES}

# A scenario with round numbers, checked by hand (2025, the base year):
#   demand 1.0 (no growth); foreign cap = 1.0 cards x 0.5 = 0.5, all bought (no mandate)
#   fabs: 1 kwpm -> 12,000 wafers/yr x 100 dies x 0.5 yield = 0.6 M dies, + 0.1 M other vendors = 0.7 M
#   HBM: (0.6 M stock + 0.4 M new) / 4 stacks = 0.25 M chips  -> HBM binds
#   needed: (1.0 - 0.5) / 0.8 = 0.625 M chips; made 0.25 M -> domestic compute 0.2, unmet 0.3
#   shared in proportion to fab capacity: other 0.25 x 0.1 / 0.7, Huawei the rest
#   stock left: 0.6 + 0.4 - 0.25 x 4 = 0
#   scarcity price: supplied 0.7 of demand 1.0, elasticity -1 -> 1 / 0.7 = 1.4286 times
#   rent: (1/0.7 - 1) x 0.7 M H100e x $10,000 = 0.3 x $7 bn = $3.0 bn
BASE = dict(
    policy="2023-10",
    foreign_h100e=FLAT,
    demand_2025=1.0,
    demand_growth=0.0,
    foreign_units=1.0,
    nvidia_share_of_foreign=1.0,
    licence_share=0.0,
    wafers_kwpm=1.0,
    capacity_growth=0.0,
    yield_rate=0.5,
    dies_per_wafer=100,
    hbm_stock_mstacks=0.6,
    hbm_mstacks=0.4,
    hbm_growth=0.0,
    stacks_per_die=4,
    other_domestic_munits=0.1,
    domestic_h100e=0.8,
    mandate=0.0,
    demand_elasticity=-1.0,
    price_per_h100e=10_000,
)


def run(**changes):
    return sub.supply_scenario(**{**BASE, **changes})


def test_hand_computed_year():
    row = run().set_index("year").loc[2025]
    assert row["demand"] == pytest.approx(1.0)
    assert row["wafer_limited_units"] == pytest.approx(0.6)
    assert row["hbm_limited_units"] == pytest.approx(0.25)
    assert row["binding"] == "HBM"
    assert "HBM" in row["why"] and "0.25M" in row["why"]
    assert row["domestic_cap"] == pytest.approx(0.2)
    assert row["nvidia"] == pytest.approx(0.5)
    assert row["domestic"] == pytest.approx(0.2)
    assert row["unmet"] == pytest.approx(0.3)
    assert row["nvidia_units"] == pytest.approx(1.0)  # 0.5 compute / 0.5 per chip
    assert row["domestic_units"] == pytest.approx(0.25)  # 0.2 / 0.8
    assert row["other_domestic_units"] == pytest.approx(0.25 * 0.1 / 0.7)
    assert row["huawei_units"] == pytest.approx(0.25 * 0.6 / 0.7)
    assert row["hbm_stock_end"] == pytest.approx(0.0, abs=1e-12)
    assert row["share_nvidia"] == pytest.approx(0.5)
    assert row["share_domestic"] == pytest.approx(0.2)
    assert row["share_unmet"] == pytest.approx(0.3)
    # supplied = 0.7, of which domestic 0.2
    assert row["domestic_share_of_supply"] == pytest.approx(0.2 / 0.7)
    assert row["scarcity_price_index"] == pytest.approx(1 / 0.7)
    assert row["scarcity_rent_usd_bn"] == pytest.approx(3.0)


def test_hbm_is_a_stock_drawn_down():
    df = run().set_index("year")
    # 2024: HBM was not yet controlled; the fabs (0.7 M) cover the 0.625 M needed: demand binds,
    # the other vendors sell all they make (0.1 M), Huawei the rest, and the stock is untouched
    assert df.loc[2024, "binding"] == "demand"
    assert df.loc[2024, "domestic_units"] == pytest.approx(0.625)
    assert df.loc[2024, "other_domestic_units"] == pytest.approx(0.1)
    assert df.loc[2024, "huawei_units"] == pytest.approx(0.525)
    assert df.loc[2024, "scarcity_price_index"] == 1.0 and df.loc[2024, "scarcity_rent_usd_bn"] == 0.0
    # 2025 used the whole stock; from 2026 only the 0.4 M new stacks a year: 0.1 M chips
    for year in range(2026, 2031):
        assert df.loc[year, "domestic_units"] == pytest.approx(0.1)
        assert df.loc[year, "binding"] == "HBM"
    # a bigger stock lasts longer: 2.6 M stacks -> 2025 takes 0.625 M chips (2.5 M stacks),
    # (2.6 + 0.4 - 2.5 = 0.5 M stacks left), then 2026 has 0.5 + 0.4 new = 0.9 M stacks: 0.225 M chips
    big = run(hbm_stock_mstacks=2.6).set_index("year")
    assert big.loc[2025, "binding"] == "demand"
    assert big.loc[2025, "hbm_stock_end"] == pytest.approx(0.5)
    assert big.loc[2026, "domestic_units"] == pytest.approx(0.225)


def test_mandate_caps_foreign_and_can_leave_demand_unmet():
    # foreign <= (1 - 0.6) x 1.0 = 0.4; domestic still capped at 0.2; unmet 0.4
    row = run(mandate=0.6).set_index("year").loc[2025]
    assert row["nvidia"] == pytest.approx(0.4)
    assert row["domestic"] == pytest.approx(0.2)
    assert row["unmet"] == pytest.approx(0.4)


def test_domestic_fills_what_foreign_leaves():
    # wafers 0.05 kwpm -> 600 x 100 x 0.5 = 0.03 M + 0.1 other = 0.13 M; HBM 500 M stacks: wafers bind
    row = run(hbm_stock_mstacks=500, wafers_kwpm=0.05).set_index("year").loc[2025]
    assert row["binding"] == "wafers"
    assert row["domestic_units"] == pytest.approx(0.13)
    # with capacity to spare, domestic chips take all that foreign chips leave (0.5 of 1.0)
    row = run(hbm_stock_mstacks=500, wafers_kwpm=400).set_index("year").loc[2025]
    assert row["binding"] == "demand"
    assert row["domestic"] == pytest.approx(0.5)
    assert row["unmet"] == pytest.approx(0.0, abs=1e-12)


def test_growth_from_base_year():
    df = run(demand_growth=1.0, capacity_growth=1.0, hbm_mstacks=400).set_index("year")
    assert df.loc[2024, "demand"] == pytest.approx(0.5)  # 1.0 / 2
    assert df.loc[2026, "demand"] == pytest.approx(2.0)
    assert df.loc[2030, "demand"] == pytest.approx(32.0)  # 2 ** 5
    assert df.loc[2024, "wafer_limited_units"] == pytest.approx(0.3)  # 0.6 / 2
    assert df.loc[2025, "wafer_limited_units"] == pytest.approx(0.6)
    assert df.loc[2026, "wafer_limited_units"] == pytest.approx(1.2)
    assert df.loc[2030, "wafer_limited_units"] == pytest.approx(19.2)  # 0.6 x 2 ** 5


def test_policy_path_sets_foreign_chip_per_year():
    per_chip = {"2022-10": 1.0, "2023-10": 0.15, "2025-04": 0.12, "2026-01": 0.12}
    df = run(policy="strict: April 2025 rules stay", foreign_h100e=per_chip, mandate=0.0).set_index("year")
    assert df.loc[2024, "vintage"] == "2023-10"
    assert (df.loc[2025:, "vintage"] == "2025-04").all()
    assert df.loc[2024, "nvidia"] == pytest.approx(0.15)  # 1.0 chips x 0.15
    assert df.loc[2027, "nvidia"] == pytest.approx(0.12)


def test_as_announced_splits_a_year_by_the_rule_dates():
    # 2025: the H20 was sellable until the April 2025 letter, the L20 afterwards
    per_chip = {"2022-10": 1.0, "2023-10": 0.15, "2025-04": 0.12, "2026-01": 0.12}
    path = sub.policy_path(sub.AS_ANNOUNCED)
    part = path[2025]["2023-10"]
    assert 0.2 < part < 0.35 and sum(path[2025].values()) == pytest.approx(1.0)
    row = run(policy=sub.AS_ANNOUNCED, foreign_h100e=per_chip).set_index("year").loc[2025]
    assert row["nvidia"] == pytest.approx(part * 0.15 + (1 - part) * 0.12)


def test_licensed_chip_only_where_the_rules_allow_one():
    free = {"2022-10": 1.0, "2023-10": 0.15, "2025-04": 0.12, "2026-01": 0.12}
    licensed = {**free, "2026-01": 1.0}
    df = run(policy="2026-01", foreign_h100e=free, licensed_h100e=licensed, licence_share=0.25)
    # a quarter of the cards are the licensed chip, the rest the licence-free one
    assert df.set_index("year").loc[2027, "nvidia"] == pytest.approx(0.25 * 1.0 + 0.75 * 0.12)
    df = run(policy="2023-10", foreign_h100e=free, licensed_h100e=licensed, licence_share=0.25)
    assert df.set_index("year").loc[2027, "nvidia"] == pytest.approx(0.15)  # nothing to license


def test_nvidia_and_other_foreign_split():
    row = run(nvidia_share_of_foreign=0.75).set_index("year").loc[2025]
    assert row["nvidia"] == pytest.approx(0.375)
    assert row["other_foreign"] == pytest.approx(0.125)


def test_output_shape():
    df = run()
    assert list(df["year"]) == list(range(2024, 2031))
    optional = ["vintage", "binding", "why", "hbm_limited_units", "hbm_stock_end"]  # none before 2025
    assert not df.drop(columns=optional).isna().any().any()
    assert df["hbm_stock_end"].iloc[1:].notna().all()


def test_every_named_path_covers_every_year():
    for name in sub.POLICY_PATHS:
        path = sub.policy_path(name)
        assert sorted(path) == list(sub.YEARS)
        for mix in path.values():  # {vintage: share of the year}
            assert set(mix) <= set(sub.VINTAGES) and sum(mix.values()) == pytest.approx(1.0)


# ----------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize(
    "name,value",
    [
        ("demand_2025", float("nan")),
        ("demand_2025", 0),
        ("demand_2025", -1),
        ("yield_rate", 1.5),
        ("yield_rate", 0),
        ("mandate", -0.1),
        ("mandate", 1.01),
        ("demand_growth", 3),
        ("wafers_kwpm", float("inf")),
        ("hbm_mstacks", "2.4"),
        ("stacks_per_die", True),
        ("licence_share", float("nan")),
        ("stacks_per_die", 0),
        ("hbm_stock_mstacks", -1),
        ("other_domestic_munits", float("inf")),
        ("demand_elasticity", 0.5),
        ("demand_elasticity", 0),
        ("price_per_h100e", 0),
    ],
)
def test_bad_numbers_raise_with_a_range(name, value):
    with pytest.raises(ValueError) as err:
        run(**{name: value})
    assert name in str(err.value)


def test_nan_message_is_actionable():
    with pytest.raises(ValueError, match="NaN"):
        run(yield_rate=float("nan"))


@pytest.mark.parametrize(
    "policy",
    [
        "2024-01",
        "loose",
        2025,
        None,
        {2024: "2023-10"},  # missing years
        {y: "2099-01" for y in sub.YEARS},  # unknown vintage
        {**{y: "2023-10" for y in sub.YEARS}, 2031: "2023-10"},
    ],
)
def test_bad_policy_raises(policy):
    with pytest.raises(ValueError):
        run(policy=policy)


def test_policy_mapping_accepted():
    df = run(policy={y: ("2022-10" if y < 2027 else "2025-04") for y in sub.YEARS})
    assert list(df["vintage"])[:3] == ["2022-10"] * 3


@pytest.mark.parametrize(
    "table",
    [{"2023-10": 0.15}, {v: float("nan") for v in sub.VINTAGES}, {v: -1 for v in sub.VINTAGES}, [0.1, 0.2]],
)
def test_bad_foreign_table_raises(table):
    with pytest.raises(ValueError):
        run(foreign_h100e=table)


# ----------------------------------------------------------------------------- properties

unit = st.floats(0.0, 1.0, allow_nan=False)
params = st.fixed_dictionaries(
    dict(
        demand_2025=st.floats(0.05, 20),
        demand_growth=st.floats(0, 1.5),
        foreign_units=st.floats(0, 10),
        nvidia_share_of_foreign=unit,
        licence_share=unit,
        wafers_kwpm=st.floats(0, 100),
        capacity_growth=st.floats(0, 1),
        yield_rate=st.floats(0.05, 1),
        dies_per_wafer=st.floats(10, 200),
        hbm_stock_mstacks=st.floats(0, 50),
        hbm_mstacks=st.floats(0, 50),
        hbm_growth=st.floats(0, 1),
        stacks_per_die=st.floats(1, 12),
        other_domestic_munits=st.floats(0, 5),
        demand_elasticity=st.floats(-5, -0.1),
        price_per_h100e=st.floats(1000, 100_000),
        domestic_h100e=st.floats(0.05, 2),
        mandate=unit,
        policy=st.sampled_from(list(sub.POLICY_PATHS) + list(sub.VINTAGES)),
        foreign_h100e=st.fixed_dictionaries({v: st.floats(0, 2) for v in sub.VINTAGES}),
        licensed_h100e=st.fixed_dictionaries({v: st.floats(0, 2) for v in sub.VINTAGES}),
    )
)
SHARES = ["share_nvidia", "share_other_foreign", "share_domestic", "share_unmet"]


@settings(max_examples=150, deadline=None)
@given(params)
def test_shares_within_bounds_and_sum_to_one(p):
    df = sub.supply_scenario(**p)
    assert ((df[SHARES] >= -1e-12) & (df[SHARES] <= 1 + 1e-12)).all().all()
    assert (df[SHARES].sum(axis=1) - 1).abs().max() < 1e-9
    pieces = df["nvidia"] + df["other_foreign"] + df["domestic"] + df["unmet"]
    assert ((pieces - df["demand"]).abs() <= 1e-9 * df["demand"]).all()
    assert (df["domestic"] <= df["domestic_cap"] + 1e-12).all()
    assert (df["nvidia"] + df["other_foreign"] <= df["foreign_cap"] + 1e-12).all()
    assert ((df["domestic_share_of_supply"] >= 0) & (df["domestic_share_of_supply"] <= 1)).all()


@settings(max_examples=150, deadline=None)
@given(params, unit, unit)
def test_stricter_licensing_never_raises_nvidia_share(p, a, b):
    loose, strict = max(a, b), min(a, b)
    d_loose = sub.supply_scenario(**{**p, "licence_share": loose})
    d_strict = sub.supply_scenario(**{**p, "licence_share": strict})
    assert (d_strict["share_nvidia"] <= d_loose["share_nvidia"] + 1e-12).all()
    # Nvidia's share of what is supplied also falls in the first year; not in every later one:
    # fewer foreign chips now make domestic chips use up the HBM stock sooner
    nv_of_supply = lambda d: (d["nvidia"] / (d["nvidia"] + d["other_foreign"] + d["domestic"])).fillna(0)
    assert nv_of_supply(d_strict).iloc[0] <= nv_of_supply(d_loose).iloc[0] + 1e-12


@settings(max_examples=150, deadline=None)
@given(params, st.sampled_from(sub.VINTAGES), st.floats(0, 1))
def test_weaker_allowed_chip_never_raises_nvidia_share(p, vintage, factor):
    weaker = {**p["foreign_h100e"], vintage: p["foreign_h100e"][vintage] * factor}
    d0 = sub.supply_scenario(**p)
    d1 = sub.supply_scenario(**{**p, "foreign_h100e": weaker})
    assert (d1["share_nvidia"] <= d0["share_nvidia"] + 1e-12).all()


@settings(max_examples=150, deadline=None)
@given(params, st.sampled_from(["hbm_stock_mstacks", "hbm_mstacks", "hbm_growth"]), st.floats(1.0, 3.0))
def test_more_hbm_never_lowers_domestic_share(p, name, factor):
    # more memory leaves at least as much HBM available in every year
    high = sub.PARAM_RANGES[name][1]
    more = min(max(p[name] * factor, p[name] + 0.1), high)
    d0 = sub.supply_scenario(**p)
    d1 = sub.supply_scenario(**{**p, name: more})
    assert (d1["share_domestic"] >= d0["share_domestic"] - 1e-12).all()
    assert (d1["share_nvidia"] - d0["share_nvidia"]).abs().max() < 1e-12  # foreign unaffected


@settings(max_examples=150, deadline=None)
@given(
    params,
    st.sampled_from(
        # (not capacity_growth: growth from 2025 also means less capacity in 2024)
        ["wafers_kwpm", "yield_rate", "dies_per_wafer", "other_domestic_munits"]
    ),
    st.floats(1.0, 3.0),
)
def test_more_fab_capacity_never_lowers_domestic_chips_over_the_years(p, name, factor):
    # More dies can draw the HBM stock down sooner, so a later year may get fewer chips; but the
    # chips made over the whole period never fall, and the first year never does either.
    high = sub.PARAM_RANGES[name][1]
    more = min(max(p[name] * factor, p[name]), high)
    d0 = sub.supply_scenario(**p)
    d1 = sub.supply_scenario(**{**p, name: more})
    assert d1["domestic_units"].sum() >= d0["domestic_units"].sum() - 1e-9
    assert d1["domestic_units"].iloc[0] >= d0["domestic_units"].iloc[0] - 1e-12
    assert (d1["share_nvidia"] - d0["share_nvidia"]).abs().max() < 1e-12


@settings(max_examples=100, deadline=None)
@given(params)
def test_scarcity_price_only_with_a_shortage(p):
    df = sub.supply_scenario(**p)
    short = df["unmet"] > 1e-9
    assert (df.loc[~short, "scarcity_price_index"] == 1.0).all()
    assert (df.loc[short, "scarcity_price_index"] > 1.0).all()
    assert (df["scarcity_price_index"] <= sub.MAX_PRICE_INDEX).all()
    assert (df["scarcity_rent_usd_bn"] >= 0).all()


@settings(max_examples=100, deadline=None)
@given(params, unit, unit)
def test_higher_mandate_never_raises_foreign_share(p, a, b):
    d_lo = sub.supply_scenario(**{**p, "mandate": min(a, b)})
    d_hi = sub.supply_scenario(**{**p, "mandate": max(a, b)})
    assert (d_hi["share_nvidia"] <= d_lo["share_nvidia"] + 1e-12).all()


# ----------------------------------------------------------------------------- cluster maths


def test_cluster_equivalent_hand_values():
    # 1,000 H100 at 989.4 dense FP16 TFLOPS vs 910C at 800: 1000 x 989.4 / 800 = 1236.75 -> 1237
    r = sub.cluster_equivalent(
        target_perf=989.4,
        target_count=1000,
        target_power_w=700,
        substitute_perf=800,
        substitute_power_w=700,
        target_price_usd=33600,
        substitute_price_usd=None,
    )
    assert r.substitute_count == 1237
    assert r.target_power_kw == pytest.approx(700.0)
    assert r.substitute_power_kw == pytest.approx(1237 * 0.7)
    assert r.target_cost_musd == pytest.approx(33.6)
    assert r.substitute_cost_musd is None
    assert r.per_chip_ratio == pytest.approx(800 / 989.4)


def test_cluster_equal_chips_no_float_round_up():
    r = sub.cluster_equivalent(
        target_perf=989.4,
        target_count=1000,
        target_power_w=700,
        substitute_perf=989.4,
        substitute_power_w=700,
    )
    assert r.substitute_count == 1000


def test_cluster_unknown_power_is_none():
    r = sub.cluster_equivalent(
        target_perf=100, target_count=10, target_power_w=400, substitute_perf=50, substitute_power_w=None
    )
    assert r.substitute_count == 20
    assert r.substitute_power_kw is None and r.target_power_kw == pytest.approx(4.0)


def test_cluster_efficiency_doubles_count():
    # a chip with the same peak that achieves half as much needs twice as many
    r = sub.cluster_equivalent(
        target_perf=100,
        target_count=10,
        target_power_w=400,
        substitute_perf=100,
        substitute_power_w=300,
        efficiency=0.5,
    )
    assert r.substitute_count == 20
    assert r.substitute_power_kw == pytest.approx(6.0)


@given(st.floats(1, 5000), st.integers(1, 100000), st.floats(1, 5000), st.floats(0.1, 2))
def test_cluster_count_matches_compute(tp, n, sp, eff):
    r = sub.cluster_equivalent(
        target_perf=tp,
        target_count=n,
        target_power_w=700,
        substitute_perf=sp,
        substitute_power_w=700,
        efficiency=eff,
    )
    # enough compute, and one chip fewer would not be
    assert r.substitute_count * sp * eff >= n * tp * (1 - 1e-9)
    assert (r.substitute_count - 1) * sp * eff < n * tp


@pytest.mark.parametrize(
    "kw",
    [
        dict(target_count=0),
        dict(target_count=1.5),
        dict(target_perf=float("nan")),
        dict(substitute_perf=0),
        dict(efficiency=-1),
        dict(target_power_w=True),
        dict(target_price_usd=float("nan")),
    ],
)
def test_cluster_bad_inputs(kw):
    args = dict(
        target_perf=989.4, target_count=100, target_power_w=700, substitute_perf=800, substitute_power_w=700
    )
    with pytest.raises(ValueError):
        sub.cluster_equivalent(**{**args, **kw})


def test_ratio():
    assert sub.ratio(780, 989.4) == pytest.approx(0.7884, abs=1e-4)
    with pytest.raises(ValueError):
        sub.ratio(1, 0)
    with pytest.raises(ValueError):
        sub.ratio(float("nan"), 1)
