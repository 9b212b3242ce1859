"""The three panels of notebook 04, driven as a student would."""

import pytest

from utils import plotting
from utils.exposure import panels as xw


@pytest.fixture(scope="module")
def inputs():
    plotting.setup()
    return xw.load_inputs()


@pytest.fixture()
def stress(inputs):
    china, fx, latest = inputs
    return xw.make_stress_panel(latest, china, fx)


def test_stress_initial_state(stress, inputs):
    _, _, latest = inputs
    assert stress.message == ""
    assert len(stress.result) == len(latest) >= 7
    assert stress.png.startswith(b"\x89PNG")
    assert "revenue at risk" in stress.readout_text


def test_stress_full_ban_equals_china_revenue_of_the_filing(stress):
    stress.set(kind="uniform ban", size=1.0)
    # Apple FY2025: Greater China net sales 64,377 (10-K); a full ban puts exactly that at risk
    assert stress.result.loc["Apple", "revenue_at_risk"] == pytest.approx(64_377)
    # Tesla's latest full year is FY2024 (grade B since the 10-K copy confirmed it): China 20,944 of
    # 97,690 → 21.4 % of revenue, and a full ban puts the 20,944 itself at risk
    assert stress.result.loc["Tesla", "period"] == "FY2024"
    assert stress.result.loc["Tesla", "share_of_revenue_at_risk"] == pytest.approx(20_944 / 97_690)
    assert stress.result.loc["Tesla", "revenue_at_risk"] == pytest.approx(20_944)
    # ASML FY2024 (grade C): EUR 10,200 m at the 2024 average rate 1.0824 → USD 11,040.5 m
    assert stress.result.loc["ASML", "period"] == "FY2024"
    assert stress.result.loc["ASML", "revenue_at_risk"] == pytest.approx(10_200 * 1.0824)
    # ranked, largest first
    values = list(stress.result["revenue_at_risk"])
    assert values == sorted(values, reverse=True)


def test_stress_half_ban_halves(stress):
    stress.set(kind="uniform ban", size=1.0)
    full = stress.result["revenue_at_risk"].sum()
    stress.set(size=0.5)
    assert stress.result["revenue_at_risk"].sum() == pytest.approx(full / 2)


def test_stress_tariff_derives_pass_through_from_the_elasticities(stress):
    # defaults −1.5 and 2.0 (assumptions table): p = 2 / 3.5 = 57 %; a 100 % tariff keeps
    # 2^(4/7 · (1 − 1.5) − 1) = 2^(−9/7) = 0.41017, so 58.98 % of China revenue is lost
    stress.set(kind="tariff", size=1.0)
    assert stress.params["demand_elasticity"] == -1.5 and stress.params["supply_elasticity"] == 2.0
    assert set(stress.result["shock"].round(5)) == {0.58983}
    assert "buyers bear 57% of the tariff (the pass-through)" in stress.readout_text
    # a fixed supply (ε_S = 0): the seller absorbs it all and receives half the price: 50 % lost
    stress.set(supply_elasticity=0.0)
    assert set(stress.result["shock"].round(9)) == {0.5}
    assert "buyers bear 0%" in stress.readout_text
    # neither side responds: the split is undetermined, the panel says so and keeps its picture
    good = stress.png
    stress.set(demand_elasticity=0.0)
    assert "both 0" in stress.message and stress.png == good
    # ε_D = −2, ε_S = 10: p = 10/12; kept = 2^(5/6 · (1 − 2) − 1) = 2^(−11/6) = 0.28061
    stress.set(demand_elasticity=-2.0, supply_elasticity=10.0)
    assert stress.message == ""
    assert set(stress.result["shock"].round(5)) == {round(1 - 2 ** (-11 / 6), 5)}


def test_stress_refuses_a_positive_demand_elasticity(stress):
    stress.set(kind="tariff", demand_elasticity=1.5)
    # the slider stops at 0: the clamp message shows, and the model never sees the wrong sign
    assert "outside the range" in stress.message
    assert stress.params["demand_elasticity"] <= 0


def test_stress_per_company_and_errors(stress):
    stress.set(kind="per-company shock", focus="Nvidia", focus_shock=1.0, size=0.0)
    assert stress.result.loc["Nvidia", "shock"] == 1.0
    assert stress.result.drop(index="Nvidia")["shock"].eq(0.0).all()
    good_png = stress.png
    stress.set(companies=("Apple", "Tesla"))  # Nvidia no longer selected
    assert "Nvidia is not among the selected companies" in stress.message
    assert stress.png == good_png  # last good picture kept
    stress.set(kind="uniform ban")
    assert stress.message == "" and list(stress.result.index) == ["Apple", "Tesla"]
    stress.set(companies=())
    assert "at least one company" in stress.message


def test_stress_clamps_out_of_range(stress):
    stress.set(size=1.7)
    assert "outside the range" in stress.message
    assert stress.params["size"] == 1.0


def test_decoupling_panel(inputs):
    china, fx, latest = inputs
    p = xw.make_decoupling_panel(latest, china, fx)
    p.set(company="Apple", annual_decline=0.0, growth=0.0, years=3)
    assert p.result["china_share"].round(6).nunique() == 1  # nothing changes
    p.set(annual_decline=1.0, years=1)
    last = p.result.iloc[-1]
    assert last["china_share"] == 0.0
    assert last["cumulative_lost"] == pytest.approx(64_377)  # Apple FY2025 Greater China
    assert "2.0" not in p.message
    p.set(years=40)
    assert "outside the range" in p.message


def test_definitions_panel(inputs):
    china, _, _ = inputs
    p = xw.make_definitions_panel(china)
    p.set(company="Texas Instruments", definition="where shipped")
    chosen = p.result[p.result["chosen"]].iloc[0]
    assert chosen["china_share"] == pytest.approx(0.49)
    p.set(definition="customer's HQ")
    assert p.result[p.result["chosen"]].iloc[0]["china_share"] == pytest.approx(0.24)
    assert "different periods" not in p.readout_text  # both are 2022
    p.set(company="ASML", definition="customer's HQ")
    assert "ASML has no China figure" in p.message
    p.set(definition="customer's fab")
    assert p.message == ""
    chosen = p.result[p.result["chosen"]].iloc[0]
    # ASML FY2024 is now grade C (one secondary note): 10,200 of 28,262.9 EUR m = 36.1 %, set
    # beside the 41 % share of system sales of the same year
    assert chosen["grade"] == "C" and chosen["period_label"] == "FY2024"
    assert chosen["china_share"] == pytest.approx(10_200 / 28_262.9)
    assert "36.1%" in p.readout_text and "grade C" in p.readout_text
    assert "different periods" not in p.readout_text  # both definitions are 2024
    assert "secondary note" in p.readout_text  # the row's note says where the figure comes from
    assert "D" not in set(p.result["grade"])  # unverified figures are kept out


def test_scenario_round_trip(stress, tmp_path):
    stress.set(kind="tariff", size=0.25)
    jpath, cpath = stress.export_scenario(tmp_path)
    stress.set(kind="uniform ban", size=0.1)
    stress.load_scenario(jpath)
    assert stress.params["kind"] == "tariff" and stress.params["size"] == pytest.approx(0.25)
    assert cpath.read_text().count("\n") > 5
