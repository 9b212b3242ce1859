"""Unit tests of utils.compute_demand: known values worked by hand, boundaries, bad input,
and properties checked with hypothesis."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import compute_demand as cd

finite = dict(allow_nan=False, allow_infinity=False)
gains = st.floats(min_value=1.0001, max_value=1e4, **finite)
elasticities = st.floats(min_value=-5.0, max_value=0.0, **finite)  # textbook sign


# --------------------------------------------------------------------------- known values


def test_training_flop_deepseek_v3_by_hand():
    # 6 × 37e9 × 14.8e12: 6 × 37 = 222; 222 × 14.8 = 3285.6; e9 × e12 = e21 → 3.2856e24
    assert cd.training_flop(37e9, 14.8e12) == pytest.approx(3.2856e24, rel=1e-12)


def test_training_flop_llama_3_1_405b_by_hand():
    # 6 × 405e9 × 15.6e12 = 2430 × 15.6 e21 = 37908e21 ≈ 3.79e25 (Meta states 3.8e25)
    assert cd.training_flop(405e9, 15.6e12) == pytest.approx(3.7908e25, rel=1e-12)


def test_training_cost_reproduces_the_report():
    # Table 1 of the DeepSeek-V3 report: 2,788K GPU-hours × $2 = $5.576M, by stage too
    assert cd.training_cost(2.788e6, 2.0) == pytest.approx(5.576e6)
    assert cd.training_cost(2.664e6, 2.0) == pytest.approx(5.328e6)
    assert cd.training_cost(119e3, 2.0) == pytest.approx(0.238e6)
    assert cd.training_cost(5e3, 2.0) == pytest.approx(0.01e6)
    assert cd.training_cost(0, 2.0) == 0.0


def test_gpu_hours_and_cost_by_hand():
    # 3.6e21 FLOP at 1e15 FLOP/s × 0.5 = 5e14 FLOP/s → 7.2e6 s = 2000 GPU-hours; × $3 = $6000
    out = cd.gpu_hours_and_cost(3.6e21, 1e15, 0.5, 3.0)
    assert out.gpu_hours == pytest.approx(2000.0)
    assert out.cost_usd == pytest.approx(6000.0)
    assert isinstance(out, cd.GpuHoursCost)


def test_implied_utilisation_inverts_gpu_hours():
    # 2000 GPU-hours × 3600 s × 1e15 FLOP/s = 7.2e21 peak FLOP; 3.6e21 done → 0.5
    assert cd.implied_utilisation(3.6e21, 2000, 1e15) == pytest.approx(0.5)


def test_full_cost():
    assert cd.full_cost(2.788e6, 2.0, 1.0) == pytest.approx(5.576e6)
    assert cd.full_cost(1000, 2.0, 10.0) == pytest.approx(20000.0)


def test_multiplier_known_values():
    # compute demand changes by gain ** (-ε - 1), ε the (negative) price elasticity
    assert cd.compute_demand_multiplier(10, -2.0) == pytest.approx(10.0)  # 10 ** 1
    assert cd.compute_demand_multiplier(10, 0.0) == pytest.approx(0.1)  # 10 ** -1
    assert cd.compute_demand_multiplier(4, -1.5) == pytest.approx(2.0)  # 4 ** 0.5
    assert cd.compute_demand_multiplier(100, -0.5) == pytest.approx(0.1)  # 100 ** -0.5


@pytest.mark.parametrize("gain", [0.5, 1.0, 2.0, 10.0, 1e3, 1e6])
def test_multiplier_is_exactly_one_at_unit_elasticity(gain):
    assert cd.compute_demand_multiplier(gain, -1.0) == 1.0


@pytest.mark.parametrize("elasticity", [0.0, -0.5, -1.0, -1.1, -2.0, -10.0])
def test_multiplier_is_exactly_one_for_no_gain(elasticity):
    assert cd.compute_demand_multiplier(1.0, elasticity) == 1.0


def test_break_even_and_inverse():
    assert cd.break_even_elasticity() == -1.0
    # doubling compute demand after a tenfold gain needs -1 - log(2)/log(10) ≈ -1.30103
    assert cd.elasticity_for_multiplier(10, 2) == pytest.approx(-1.0 - math.log10(2), rel=1e-12)
    assert cd.elasticity_for_multiplier(10, 1) == pytest.approx(-1.0)


def test_jevons_scenario_indices():
    s = cd.jevons_scenario(4, -1.5)
    assert s["price_index"] == pytest.approx(0.25)
    assert s["service_quantity"] == pytest.approx(8.0)  # 4 ** 1.5
    assert s["compute_per_unit"] == pytest.approx(0.25)
    assert s["compute_demand"] == pytest.approx(2.0)
    assert s["spending"] == pytest.approx(2.0)
    assert s["jevons"] is True and s["rebound_kind"] == "backfire"
    assert cd.jevons_scenario(4, -1.0)["jevons"] is False
    assert cd.jevons_scenario(4, -0.5)["jevons"] is False


def test_rebound_by_hand():
    # gain 4: engineering saving 75%; ε = -0.5 gives compute ×4**-0.5 = 0.5: half saved, so
    # a third of the expected saving is taken back (rebound 1/3); ε = -1.5 backfires
    r = cd.rebound(4, -0.5)
    assert r["expected_saving"] == pytest.approx(0.75) and r["actual_saving"] == pytest.approx(0.5)
    assert r["rebound"] == pytest.approx(1 / 3) and r["kind"] == "rebound"
    assert cd.rebound(4, 0.0)["rebound"] == pytest.approx(0.0)
    assert cd.rebound(4, -1.0)["kind"] == "full rebound"
    assert cd.rebound(4, -1.5)["rebound"] > 1 and cd.rebound(4, -1.5)["kind"] == "backfire"


def test_a_positive_elasticity_is_refused_with_the_negative_one_suggested():
    with pytest.raises(ValueError, match=r"Use -1.5, not 1.5"):
        cd.compute_demand_multiplier(10, 1.5)


def test_path_by_hand():
    p = cd.compute_demand_path(2, 0.3, 3, -1.5, start_year=2025)
    assert list(p["year"]) == [2025, 2026, 2027]
    assert list(p["t"]) == [0, 1, 2]
    # t=1: 1.3 × 3 ** 1.5 / 3 = 1.3 × sqrt(3); t=2: 1.69 × 9 ** 1.5 / 9 = 1.69 × 3
    assert p["compute_demand"].tolist() == pytest.approx([1.0, 1.3 * math.sqrt(3), 5.07])
    assert p["compute_no_efficiency"].tolist() == pytest.approx([1.0, 1.3, 1.69])
    assert p["cumulative_gain"].tolist() == pytest.approx([1.0, 3.0, 9.0])
    assert p["price_index"].tolist() == pytest.approx([1.0, 1 / 3, 1 / 9])


def test_path_base_demand_scales():
    p = cd.compute_demand_path(3, 0.0, 2, 0.0, base_demand=8.0)
    assert p["compute_demand"].tolist() == pytest.approx([8.0, 4.0, 2.0, 1.0])


def test_capex_path_by_hand():
    p = cd.capex_path(100.0, 0.5, 2, 2024)
    assert p["year"].tolist() == [2024, 2025, 2026]
    assert p["value"].tolist() == pytest.approx([100.0, 150.0, 225.0])


def test_fit_log_trend_recovers_a_known_doubling_time():
    # values doubling every 6 months: ×4 a year, log10 slope = log10(4)
    years = np.array([2010.0, 2011.0, 2012.5, 2015.0, 2020.25])
    values = 1e20 * 4.0 ** (years - 2010.0)
    fit = cd.fit_log_trend(years, values)
    assert fit.doubling_time_months == pytest.approx(6.0, rel=1e-9)
    assert fit.growth_per_year == pytest.approx(4.0, rel=1e-9)
    assert fit.r_squared == pytest.approx(1.0)
    assert fit.n == 5
    assert fit.predict(2013.0) == pytest.approx(1e20 * 64.0, rel=1e-9)


def test_fit_log_trend_flat_gives_infinite_doubling():
    fit = cd.fit_log_trend([2000, 2001, 2002], [5.0, 5.0, 5.0])
    assert fit.doubling_time_months == math.inf
    assert fit.growth_per_year == pytest.approx(1.0)


def test_decimal_year():
    out = cd.decimal_year(["2024-01-01", "2023-07-02", "2025-12-31"])
    assert out[0] == 2024.0
    assert out[1] == pytest.approx(2023 + 182 / 365)
    assert 2025.99 < out[2] < 2026.0


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "n, d",
    [
        (0, 1e12),
        (-1, 1e12),
        (1e9, 0),
        (1e9, -5),
        (float("nan"), 1e12),
        (1e9, float("nan")),
        (None, 1e12),
        ("37e9", 1e12),
        (True, 1e12),
        (float("inf"), 1e12),
    ],
)
def test_training_flop_rejects_bad_input(n, d):
    with pytest.raises(ValueError):
        cd.training_flop(n, d)


def test_messages_say_what_to_do():
    with pytest.raises(ValueError, match="active_params must be greater than 0"):
        cd.training_flop(0, 1e12)
    with pytest.raises(ValueError, match="NaN"):
        cd.training_flop(float("nan"), 1e12)
    with pytest.raises(ValueError, match="textbook sign"):
        cd.compute_demand_multiplier(10, 1.5)
    with pytest.raises(ValueError, match="efficiency_gain must be between 0.001 and"):
        cd.compute_demand_multiplier(0, -1.5)
    with pytest.raises(ValueError, match="not a percentage"):
        cd.gpu_hours_and_cost(1e24, 1e15, 35, 2.0)
    with pytest.raises(ValueError, match="NaN"):
        cd.compute_demand_multiplier(float("nan"), -1.0)
    with pytest.raises(ValueError, match="NaN"):
        cd.compute_demand_multiplier(10, float("nan"))
    with pytest.raises(ValueError, match="NaN"):
        cd.compute_demand_multiplier(pd.NA, -1.0)


@pytest.mark.parametrize("gain", [0, -2, float("inf"), 1e7])
def test_multiplier_rejects_bad_gain(gain):
    with pytest.raises(ValueError):
        cd.compute_demand_multiplier(gain, -1.5)


@pytest.mark.parametrize("bad", [0.01, 1, -10.5])
def test_multiplier_rejects_bad_elasticity(bad):
    with pytest.raises(ValueError):
        cd.compute_demand_multiplier(10, bad)


def test_cost_and_hours_reject_bad_input():
    with pytest.raises(ValueError):
        cd.training_cost(-1, 2.0)
    with pytest.raises(ValueError):
        cd.training_cost(100, float("nan"))
    with pytest.raises(ValueError):
        cd.gpu_hours_and_cost(1e24, 0, 0.3, 2.0)
    with pytest.raises(ValueError):
        cd.gpu_hours_and_cost(1e24, 1e15, 0, 2.0)
    with pytest.raises(ValueError):
        cd.full_cost(100, 2.0, 0.5)
    with pytest.raises(ValueError):
        cd.implied_utilisation(1e24, 0, 1e15)


def test_inverse_rejects_impossible_requests():
    with pytest.raises(ValueError, match="gain of exactly 1"):
        cd.elasticity_for_multiplier(1, 2)
    with pytest.raises(ValueError, match="smallest possible"):
        cd.elasticity_for_multiplier(10, 0.01)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(years=0),
        dict(years=2.5),
        dict(years=51),
        dict(demand_growth=float("nan")),
        dict(demand_growth=-1.0),
        dict(efficiency_gain_per_year=0),
        dict(elasticity=1),
        dict(start_year=2025.5),
        dict(base_demand=0),
    ],
)
def test_path_rejects_bad_input(kwargs):
    args = dict(years=5, demand_growth=0.3, efficiency_gain_per_year=2.0, elasticity=-1.2)
    args.update(kwargs)
    with pytest.raises(ValueError):
        cd.compute_demand_path(**args)


def test_fit_rejects_bad_input():
    with pytest.raises(ValueError, match="positive"):
        cd.fit_log_trend([2000, 2001], [1.0, 0.0])
    with pytest.raises(ValueError, match="NaN"):
        cd.fit_log_trend([2000, 2001], [1.0, float("nan")])
    with pytest.raises(ValueError, match="two points"):
        cd.fit_log_trend([2000, 2000], [1.0, 2.0])
    with pytest.raises(ValueError, match="same length"):
        cd.fit_log_trend([2000, 2001, 2002], [1.0, 2.0])
    with pytest.raises(ValueError, match="NaT"):
        cd.decimal_year(["2020-01-01", None])


# --------------------------------------------------------------------------- properties


@settings(max_examples=200, deadline=None)
@given(gains, elasticities)
def test_jevons_iff_elastic(gain, e):
    m = cd.compute_demand_multiplier(gain, e)
    assert m > 0
    if e < -1 - 1e-9:
        assert m > 1
    elif e > -1 + 1e-9:
        assert m < 1


@settings(max_examples=200, deadline=None)
@given(gains, elasticities, elasticities)
def test_multiplier_grows_as_demand_gets_more_elastic(gain, e1, e2):
    more, less = sorted((e1, e2))  # more elastic = more negative
    assert cd.compute_demand_multiplier(gain, less) <= cd.compute_demand_multiplier(gain, more) * (1 + 1e-12)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(min_value=1.0001, max_value=100, **finite),
    st.floats(min_value=1.0001, max_value=100, **finite),
    elasticities,
)
def test_two_gains_compose(g1, g2, e):
    # applying gains one after the other = applying their product once
    both = cd.compute_demand_multiplier(g1 * g2, e)
    assert both == pytest.approx(
        cd.compute_demand_multiplier(g1, e) * cd.compute_demand_multiplier(g2, e), rel=1e-9
    )


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=1.01, max_value=1e3, **finite), st.floats(min_value=0.05, max_value=20, **finite))
def test_inverse_round_trip(gain, m):
    try:
        e = cd.elasticity_for_multiplier(gain, m)
    except ValueError:
        # only unreachable targets are refused: below 1/gain, or beyond the elasticity range
        assert m < 1 / gain or -1 - math.log(m) / math.log(gain) < -cd.MAX_ELASTICITY
        return
    if e < -cd.MAX_ELASTICITY:
        return  # reachable only with an elasticity the forward model refuses
    assert cd.compute_demand_multiplier(gain, e) == pytest.approx(m, rel=1e-9)


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=1e6, max_value=1e13, **finite), st.floats(min_value=1e9, max_value=1e14, **finite))
def test_flop_is_bilinear(n, d):
    assert cd.training_flop(2 * n, d) == pytest.approx(2 * cd.training_flop(n, d))
    assert cd.training_flop(n, 3 * d) == pytest.approx(3 * cd.training_flop(n, d))


@settings(max_examples=100, deadline=None)
@given(
    st.floats(min_value=1e18, max_value=1e27, **finite),
    st.floats(min_value=1e12, max_value=1e16, **finite),
    st.floats(min_value=0.01, max_value=1.0, **finite),
    st.floats(min_value=0.1, max_value=20, **finite),
)
def test_hours_and_utilisation_are_inverse(flop, peak, u, price):
    out = cd.gpu_hours_and_cost(flop, peak, u, price)
    assert cd.implied_utilisation(flop, out.gpu_hours, peak) == pytest.approx(u, rel=1e-9)
    assert out.cost_usd == pytest.approx(out.gpu_hours * price, rel=1e-12)


@settings(max_examples=50, deadline=None)
@given(
    st.integers(min_value=1, max_value=20),
    st.floats(min_value=-0.5, max_value=2, **finite),
    st.floats(min_value=1.0, max_value=10, **finite),
    elasticities,
)
def test_path_matches_the_single_step_multiplier(years, growth, gain, e):
    p = cd.compute_demand_path(years, growth, gain, e)
    last = p.iloc[-1]
    expected = (1 + growth) ** years * (gain**years) ** (-e - 1)
    assert last["compute_demand"] == pytest.approx(expected, rel=1e-9)
    assert len(p) == years + 1
    assert (p["compute_demand"] > 0).all()


def test_cost_scenario_by_hand():
    out = cd.cost_scenario(2.788, 2.0, 3.0)
    assert out["gpu_hours"] == pytest.approx(2.788e6)
    assert out["final_run_usd"] == pytest.approx(5.576e6)
    assert out["all_in_usd"] == pytest.approx(3 * 5.576e6)
    for bad in [(0, 2.0, 1.0), (float("nan"), 2.0, 1.0), (1.0, -2.0, 1.0), (1.0, 2.0, 0.5)]:
        with pytest.raises(ValueError):
            cd.cost_scenario(*bad)


# ----------------------------------------------------------------------------- backtests


def test_trend_backtest_holds_out_the_later_models():
    bt = cd.trend_backtest()
    assert list(bt["period"]) == ["2022", "2023", "2024", "2025"]  # cut-off 2021: four held-out years
    assert (bt["n_models"] == 5).all()
    # error in orders of magnitude, and the same as a percentage
    assert np.allclose(bt["error_pct"], 100 * (10 ** bt["error_oom"] - 1))
    assert np.allclose(np.log10(bt["model"] / bt["observed"]), bt["error_oom"])
    # the tolerance: the 2012-2021 trend predicts each later year within one order of magnitude
    assert (bt["error_oom"].abs() < 1.0).all(), bt
    # a later cut-off fits on more models and tests on fewer years
    assert list(cd.trend_backtest(2023)["period"]) == ["2024", "2025"]
    with pytest.raises(ValueError, match="cutoff_year"):
        cd.trend_backtest(2030)


def test_capex_backtest_by_hand_for_alphabet():
    # Alphabet's cash capex 2020-2023 (USD bn, hyperscaler_capex): 22.281, 24.640, 31.485, 32.251
    years = np.array([2020, 2021, 2022, 2023.0])
    values = np.array([22.281, 24.640, 31.485, 32.251])
    b, a = np.polyfit(years, np.log10(values), 1)
    expected_2024 = 10 ** (a + b * 2024)
    bt = cd.capex_backtest()
    row = bt[bt["quantity"].str.startswith("Alphabet") & (bt["period"] == "2024")].iloc[0]
    assert row["model"] == pytest.approx(expected_2024)
    assert row["observed"] == pytest.approx(52.535)
    assert row["error_pct"] == pytest.approx(100 * (expected_2024 / 52.535 - 1))
    # the steady path fitted before the DeepSeek shock falls short of 2025 for every company with
    # a 2025 figure on the same definition: spending accelerated
    assert (bt.loc[bt["period"] == "2025", "error_pct"] < 0).all()


def test_backtest_has_the_common_columns_and_says_jevons_has_none():
    bt = cd.backtest()
    assert {"quantity", "period", "model", "observed", "error_pct", "source_id"} <= set(bt.columns)
    assert not bt["quantity"].str.contains("Jevons|elasticity").any()
    assert "no sourced series" in cd.backtest.__doc__
