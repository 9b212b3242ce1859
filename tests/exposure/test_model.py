"""Unit tests of utils.exposure: known values worked out by hand, bounds, bad inputs, properties."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import exposure as ex

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
money = st.floats(min_value=0.0, max_value=1e7, allow_nan=False, allow_infinity=False)


# --------------------------------------------------------------------------- revenue_at_risk


def test_scalar_known_values():
    # 100 × 0.2 × 0.5 = 10
    assert ex.revenue_at_risk(100.0, 0.2, 0.5) == pytest.approx(10.0)
    # Apple FY2024 revenue 391,035 with 20 % in China, half of it lost: 391,035 × 0.1 = 39,103.5
    assert ex.revenue_at_risk(391_035, 0.2, 0.5) == pytest.approx(39_103.5)
    # Nvidia FY2025: 130,497 × 0.131 × 1 = 17,095.107
    assert ex.revenue_at_risk(130_497, 0.131, 1.0) == pytest.approx(17_095.107)
    assert isinstance(ex.revenue_at_risk(1, 1, 1), float)


def test_boundaries_are_allowed():
    assert ex.revenue_at_risk(0.0, 0.5, 0.5) == 0.0
    assert ex.revenue_at_risk(50.0, 0.0, 1.0) == 0.0
    assert ex.revenue_at_risk(50.0, 1.0, 0.0) == 0.0
    assert ex.revenue_at_risk(50.0, 1.0, 1.0) == 50.0


def test_series_are_aligned_by_company_not_by_position():
    rev = pd.Series({"A": 100.0, "B": 200.0})
    share = pd.Series({"B": 0.5, "A": 0.1})  # other order on purpose
    out = ex.revenue_at_risk(rev, share, 1.0)
    assert out["A"] == pytest.approx(10.0)  # 100 × 0.1
    assert out["B"] == pytest.approx(100.0)  # 200 × 0.5
    assert list(out.index) == ["A", "B"]
    assert out.name == "revenue_at_risk"


def test_series_shock_and_scalar_revenue_broadcast():
    shock = pd.Series({"x": 0.5, "y": 0.25})
    out = ex.revenue_at_risk(80.0, 0.5, shock)
    assert out.to_dict() == {"x": pytest.approx(20.0), "y": pytest.approx(10.0)}


def test_misaligned_series_name_the_missing_company():
    rev = pd.Series({"Apple": 1.0, "Tesla": 2.0})
    share = pd.Series({"Apple": 0.1, "Intel": 0.2})
    with pytest.raises(ValueError, match="Tesla") as err:
        ex.revenue_at_risk(rev, share, 1.0)
    assert "Intel" in str(err.value)


def test_nan_is_refused_and_names_the_company():
    rev = pd.Series({"Apple": 1.0, "Qualcomm": 2.0})
    share = pd.Series({"Apple": 0.1, "Qualcomm": float("nan")})
    with pytest.raises(ValueError, match="Qualcomm"):
        ex.revenue_at_risk(rev, share, 1.0)
    with pytest.raises(ValueError, match="missing"):
        ex.revenue_at_risk(float("nan"), 0.1, 0.1)
    with pytest.raises(ValueError, match="Apple"):
        ex.revenue_at_risk(pd.Series({"Apple": pd.NA}, dtype="Float64"), 0.1, 0.1)


@pytest.mark.parametrize(
    "args, word",
    [
        ((100, 1.2, 0.5), "china_share"),
        ((100, -0.1, 0.5), "china_share"),
        ((100, 0.5, 1.01), "shock"),
        ((100, 0.5, -1), "shock"),
        ((-5, 0.5, 0.5), "revenue"),
        ((math.inf, 0.5, 0.5), "finite"),
        (("100", 0.5, 0.5), "number"),
        ((True, 0.5, 0.5), "number"),
        ((None, 0.5, 0.5), "number"),
        (([1, 2], 0.5, 0.5), "Series"),
    ],
)
def test_bad_inputs(args, word):
    with pytest.raises(ValueError, match=word):
        ex.revenue_at_risk(*args)


def test_out_of_range_in_series_names_company():
    with pytest.raises(ValueError, match="Tesla"):
        ex.revenue_at_risk(pd.Series({"Tesla": 10.0}), pd.Series({"Tesla": 1.5}), 1.0)


def test_duplicate_company_refused():
    rev = pd.Series([1.0, 2.0], index=["Apple", "Apple"])
    with pytest.raises(ValueError, match="more than once"):
        ex.revenue_at_risk(rev, 0.1, 0.1)


@settings(max_examples=200, deadline=None)
@given(money, unit, unit, unit)
def test_properties(revenue, share, s1, s2):
    lo, hi = sorted((s1, s2))
    r_lo = ex.revenue_at_risk(revenue, share, lo)
    r_hi = ex.revenue_at_risk(revenue, share, hi)
    assert 0.0 <= r_lo <= r_hi + 1e-9  # more shock never means less at risk
    assert r_hi <= revenue * share + 1e-6  # never more than the China revenue
    assert ex.revenue_at_risk(2 * revenue, share, hi) == pytest.approx(2 * r_hi)  # linear in revenue


# --------------------------------------------------------------------------- scenarios


REV = pd.Series({"A": 1000.0, "B": 400.0, "C": 0.0})
SHARE = pd.Series({"A": 0.1, "B": 0.5, "C": 0.3})


def test_uniform_ban_ranks_and_shares():
    df = ex.uniform_ban(REV, SHARE, 1.0)
    # A: 1000 × 0.1 = 100 ; B: 400 × 0.5 = 200 ; C: 0
    assert list(df.index) == ["B", "A", "C"]
    assert df.loc["B", "revenue_at_risk"] == pytest.approx(200.0)
    assert df.loc["A", "share_of_revenue_at_risk"] == pytest.approx(0.1)
    assert df.loc["C", "share_of_revenue_at_risk"] == 0.0  # zero revenue, no division by zero
    half = ex.uniform_ban(REV, SHARE, 0.5)
    assert half.loc["B", "revenue_at_risk"] == pytest.approx(100.0)


def test_uniform_ban_needs_series():
    with pytest.raises(ValueError, match="Series"):
        ex.uniform_ban(100.0, 0.5)


def test_per_company_shock_default_and_typos():
    df = ex.per_company_shock(REV, SHARE, {"A": 0.5}, default=0.0)
    assert df.loc["A", "revenue_at_risk"] == pytest.approx(50.0)  # 1000 × 0.1 × 0.5
    assert df.loc["B", "revenue_at_risk"] == 0.0
    with pytest.raises(ValueError, match="No shock given for 'B'"):
        ex.per_company_shock(REV, SHARE, {"A": 0.5, "C": 0.1})
    with pytest.raises(ValueError, match="Aple"):
        ex.per_company_shock(REV, SHARE, {"Aple": 0.5}, default=0.0)
    with pytest.raises(ValueError, match="'A'"):
        ex.per_company_shock(REV, SHARE, {"A": 2.0}, default=0.0)


@pytest.mark.parametrize(
    "t, ed, es, expected",
    [
        (0.0, -3.0, 1.0, 0.0),  # no tariff, no loss
        # buyers pay it all (flat supply): price ×2 → quantity ×2^−2 = 1/4 → keeps 1/4
        (1.0, -2.0, math.inf, 0.75),
        # unit-elastic demand: buyers spend the same whatever the split, seller keeps 1/1.25
        (0.25, -1.0, 2.0, 0.2),
        (1.0, 0.0, 1.0, 0.0),  # buyers do not react: they pay all of it (p = 1), quantity unchanged
        (1.0, -1.5, 0.0, 0.5),  # fixed supply: the seller absorbs a 100 % tariff, receives half the price
        # ε_D = −1, ε_S = 1 → p = 1/2; kept = 2^(½·0 − 1) = 0.5
        (1.0, -1.0, 1.0, 0.5),
        # the course defaults, ε_D = −1.5, ε_S = 2 → p = 2/3.5 = 4/7; exponent 4/7 · (−0.5) − 1 = −9/7;
        # kept = 1.25^(−9/7) = e^(−9/7 · 0.223144) = e^(−0.286899) = 0.750588
        (0.25, -1.5, 2.0, 1 - 0.750588),
        # perfectly elastic demand: the seller absorbs it all and supplies less: kept = 1.25^(−2 − 1)
        (0.25, -math.inf, 2.0, 1 - 1.25**-3),
    ],
)
def test_tariff_loss_known_values(t, ed, es, expected):
    assert ex.tariff_loss_fraction(t, ed, es) == pytest.approx(expected, abs=1e-6)


def test_tariff_effects_worked_example():
    # the notebook's worked example: ε_D = −1.5, ε_S = 2, a 25 % tariff
    fx = ex.tariff_effects(0.25, -1.5, 2.0)
    assert fx["pass_through"] == pytest.approx(2 / 3.5)  # 0.5714: buyers bear 57 %
    assert fx["buyer_price_change"] == pytest.approx(1.25 ** (4 / 7) - 1)  # +13.6 %
    assert fx["buyer_price_change"] == pytest.approx(0.1360, abs=1e-4)
    assert fx["seller_price_change"] == pytest.approx(1.25 ** (4 / 7 - 1) - 1)  # −9.1 %
    assert fx["quantity_change"] == pytest.approx(1.136**-1.5 - 1, abs=2e-4)  # −17.4 %
    # revenue kept = quantity × seller price
    assert fx["revenue_kept"] == pytest.approx((1 + fx["quantity_change"]) * (1 + fx["seller_price_change"]))
    # the buyer price and the seller price differ by exactly the tariff
    assert (1 + fx["buyer_price_change"]) / (1 + fx["seller_price_change"]) == pytest.approx(1.25)


def test_tariff_defaults_come_from_the_assumptions_table():
    d = ex.tariff_defaults()
    # data/assumptions.csv: tariff-demand-elasticity −1.5, chip-supply-elasticity 2.0, both grade E
    assert d["demand_elasticity"] == -1.5 and d["supply_elasticity"] == 2.0
    assert d["demand_grade"] == d["supply_grade"] == "E"
    assert d["pass_through"] == pytest.approx(2 / 3.5)
    # None takes the defaults
    assert ex.tariff_loss_fraction(0.25) == pytest.approx(ex.tariff_loss_fraction(0.25, -1.5, 2.0))


@settings(max_examples=200, deadline=None)
@given(
    st.floats(0, 5),
    st.floats(0, 5),
    st.floats(-10, 0),
    st.floats(0.01, 10),
)
def test_tariff_loss_properties(t1, t2, ed, es):
    lo, hi = sorted((t1, t2))
    a = ex.tariff_loss_fraction(lo, ed, es)
    b = ex.tariff_loss_fraction(hi, ed, es)
    assert 0.0 <= a <= 1.0 and 0.0 <= b <= 1.0
    assert a <= b + 1e-12  # a higher tariff never loses less
    # more elastic demand (more negative) never loses less
    assert ex.tariff_loss_fraction(hi, ed, es) <= ex.tariff_loss_fraction(hi, ed - 1, es) + 1e-12
    fx = ex.tariff_effects(hi, ed, es)
    # buyers bear the share p: between 0 and 1, and the price wedge is exactly the tariff
    assert 0.0 <= fx["pass_through"] <= 1.0
    assert (1 + fx["buyer_price_change"]) == pytest.approx((1 + fx["seller_price_change"]) * (1 + hi))


def test_steeper_demand_shifts_the_tariff_to_buyers():
    # |ε_D| 0.5 → 3 with ε_S = 2: buyers' share falls from 2/2.5 = 0.8 to 2/5 = 0.4
    assert ex.tariff_effects(0.25, -0.5, 2.0)["pass_through"] == pytest.approx(0.8)
    assert ex.tariff_effects(0.25, -3.0, 2.0)["pass_through"] == pytest.approx(0.4)


def test_positive_demand_elasticity_suggests_the_negative_one():
    with pytest.raises(ValueError, match=r"demand_elasticity must be negative.*Use -1.5, not 1.5"):
        ex.tariff_loss_fraction(0.25, 1.5, 2.0)
    # an old call with a positive elasticity and a pass-through is refused, never silently reread
    with pytest.raises(ValueError, match="Use -2, not 2"):
        ex.tariff_loss_fraction(0.25, 2.0, 1.0)


@pytest.mark.parametrize(
    "kw, word",
    [
        ({"tariff": -0.1}, "tariff"),
        ({"demand_elasticity": 1}, "demand_elasticity"),
        ({"supply_elasticity": -1.0}, "supply_elasticity"),
        ({"demand_elasticity": 0.0, "supply_elasticity": 0.0}, "both 0"),
        ({"tariff": 11}, "tariff"),
        ({"demand_elasticity": float("nan")}, "demand_elasticity"),
    ],
)
def test_tariff_bad_inputs(kw, word):
    args = {"tariff": 0.1, "demand_elasticity": -1.0, "supply_elasticity": 2.0} | kw
    with pytest.raises(ValueError, match=word):
        ex.tariff_loss_fraction(**args)


def test_tariff_shock_uses_one_fraction():
    df = ex.tariff_shock(REV, SHARE, 1.0, -2.0, math.inf)
    assert df.loc["A", "revenue_at_risk"] == pytest.approx(1000 * 0.1 * 0.75)
    np.testing.assert_allclose(df["shock"], 0.75)


def test_decoupling_known_path():
    df = ex.decoupling_path(100.0, 0.5, years=2, annual_decline=0.5, growth=0.0, start_year=2025)
    assert list(df["year"]) == [2025, 2026, 2027]
    np.testing.assert_allclose(df["china_revenue"], [50, 25, 12.5])
    np.testing.assert_allclose(df["total_revenue"], [100, 75, 62.5])
    np.testing.assert_allclose(df["china_share"], [0.5, 1 / 3, 0.2])
    np.testing.assert_allclose(df["lost_vs_baseline"], [0, 25, 37.5])
    np.testing.assert_allclose(df["cumulative_lost"], [0, 25, 62.5])


def test_decoupling_with_growth():
    # rest grows 10 %: other = 50, 55 ; baseline China 50, 55 ; China falls 20 %: 50, 40
    df = ex.decoupling_path(100.0, 0.5, years=1, annual_decline=0.2, growth=0.1)
    np.testing.assert_allclose(df["other_revenue"], [50, 55])
    np.testing.assert_allclose(df["lost_vs_baseline"], [0, 15])
    np.testing.assert_allclose(df["baseline_total"], [100, 110])


@pytest.mark.parametrize(
    "kw, word",
    [
        ({"years": 0}, "years"),
        ({"years": 2.5}, "whole"),
        ({"years": 31}, "years"),
        ({"annual_decline": 1.5}, "annual_decline"),
        ({"growth": -0.9}, "growth"),
        ({"china_share": float("nan")}, "missing"),
        ({"start_year": "2025"}, "start_year"),
    ],
)
def test_decoupling_bad_inputs(kw, word):
    args = {"revenue": 100.0, "china_share": 0.2, "years": 5, "annual_decline": 0.1} | kw
    with pytest.raises(ValueError, match=word):
        ex.decoupling_path(**args)


@settings(max_examples=100, deadline=None)
@given(money, unit, unit, st.integers(1, 30))
def test_decoupling_share_never_rises_without_growth(rev, share, d, years):
    df = ex.decoupling_path(rev, share, years, d, growth=0.0)
    assert (np.diff(df["china_share"]) <= 1e-12).all()
    assert (df["cumulative_lost"] <= rev * share * years + 1e-6).all()


# --------------------------------------------------------------------------- currency


def test_convert_currency_states_rate_and_date():
    usd, note = ex.convert_currency(1000.0, 1.105, rate_date="2023-12-29")
    assert usd == pytest.approx(1105.0)
    assert "1.105" in note and "2023-12-29" in note
    s, _ = ex.convert_currency(pd.Series({"ASML": 10.0}), 2.0, rate_date="2024-01-02")
    assert s["ASML"] == 20.0


@pytest.mark.parametrize(
    "kw, word",
    [
        ({"rate": 0}, "greater than 0"),
        ({"rate": -1}, "greater than 0"),
        ({"rate_date": None}, "date"),
        ({"rate_date": "soon"}, "date"),
        ({"rate": float("nan")}, "NaN"),
    ],
)
def test_convert_currency_bad(kw, word):
    args = {"amount": 1.0, "rate": 1.1, "rate_date": "2023-12-29"} | kw
    amount = args.pop("amount")
    with pytest.raises(ValueError, match=word):
        ex.convert_currency(amount, **args)


def test_fx_rate_picks_and_refuses_unverified():
    fx = pd.DataFrame(
        {
            "base": ["EUR", "EUR"],
            "quote": ["USD", "USD"],
            "rate": [1.105, 1.0813],
            "rate_date": pd.to_datetime(["2023-12-29", "2023-12-31"]),
            "kind": ["daily reference", "annual average"],
            "source_id": ["s1", "s2"],
            "grade": ["C", "D"],
        }
    )
    assert ex.fx_rate(fx)["rate"] == 1.105  # the D row is skipped unless asked for by date
    assert ex.fx_rate(fx, on="2023-12-31")["grade"] == "D"
    with pytest.raises(ValueError, match="not a known kind of rate"):
        ex.fx_rate(fx, kind="monthly")
    with pytest.raises(ValueError, match="no EUR/USD"):
        ex.fx_rate(fx, on="2020-01-01")


# --------------------------------------------------------------------------- shares from data


def _table():
    return pd.DataFrame(
        {
            "company": ["X", "X", "Y", "Z"],
            "period_label": ["FY1", "Q1", "FY1", "FY1"],
            "period_type": ["fiscal_year", "quarter", "fiscal_year", "fiscal_year"],
            "scope": ["company", "company", "segment", "company"],
            "total_revenue": [200.0, 50.0, 80.0, np.nan],
            "china_revenue": [50.0, 20.0, np.nan, np.nan],
            "china_share_reported": [np.nan, np.nan, 0.46, np.nan],
        }
    )


def test_china_shares_computed_reported_none():
    out = ex.china_shares(_table())
    assert out["china_share"].iloc[0] == pytest.approx(0.25)  # 50 / 200
    assert list(out["share_kind"]) == ["computed", "computed", "reported", "none"]


def test_china_share_above_one_is_a_scope_error():
    t = _table()
    t.loc[0, "china_revenue"] = 300.0
    with pytest.raises(ValueError, match="X FY1"):
        ex.china_shares(t)


def test_annual_rows_drop_quarters_and_segments():
    out = ex.annual_rows(_table())
    assert list(out["company"]) == ["X", "Z"]


def test_stress_table_dispatch():
    latest = pd.DataFrame({"revenue_usd": [1000.0, 400.0], "china_share": [0.1, 0.5]}, index=["A", "B"])
    ban = ex.stress_table(latest, ["A", "B"], "uniform ban", 1.0)
    assert ban.loc["B", "revenue_at_risk"] == pytest.approx(200.0)
    per = ex.stress_table(latest, ["A"], "per-company shock", 0.0, shocks={"A": 0.5, "B": 1.0})
    assert per.loc["A", "revenue_at_risk"] == pytest.approx(50.0)
    tar = ex.stress_table(latest, ["A"], "tariff", 1.0, demand_elasticity=-2.0, supply_elasticity=math.inf)
    assert tar.loc["A", "revenue_at_risk"] == pytest.approx(75.0)  # 1000 × 0.1 × (1 − 2^−2)
    # the defaults (−1.5, 2): kept = 2^(4/7 · −0.5 − 1) = 2^(−9/7) = 0.41016 → 1000 × 0.1 × 0.58984
    tar = ex.stress_table(latest, ["A"], "tariff", 1.0)
    assert tar.loc["A", "revenue_at_risk"] == pytest.approx(58.984, abs=1e-3)
    with pytest.raises(ValueError, match="Use -2"):  # checked even for a ban: a slip is never ignored
        ex.stress_table(latest, ["A"], "uniform ban", 1.0, demand_elasticity=2.0)
    with pytest.raises(ValueError, match="one of"):
        ex.stress_table(latest, ["A"], "embargo", 1.0)
    with pytest.raises(ValueError, match="at least one"):
        ex.stress_table(latest, [], "tariff", 1.0)
    with pytest.raises(ValueError, match="Q"):
        ex.stress_table(latest, ["Q"], "tariff", 1.0)


def test_latest_exposure_picks_latest_full_year_and_converts_euros():
    t = pd.DataFrame(
        {
            "company": ["X", "X", "X", "E", "D"],
            "period_label": ["FY1", "FY2", "Q3", "FY2", "FY2"],
            "period_type": ["fiscal_year", "fiscal_year", "quarter", "fiscal_year", "fiscal_year"],
            "fiscal_year": [2023, 2024, 2025, 2024, 2024],
            "currency": ["USD", "USD", "USD", "EUR", "USD"],
            "scope": ["company"] * 5,
            "total_revenue": [100.0, 200.0, 60.0, 1000.0, 50.0],
            "china_revenue": [10.0, 40.0, 30.0, 250.0, 5.0],
            "china_share_reported": [np.nan] * 5,
            "basis": ["b"] * 5,
            "china_label": ["China"] * 5,
            "grade": ["A", "B", "A", "A", "D"],
            "source_id": ["s"] * 5,
        }
    )
    out = ex.latest_exposure(t, {"rate": 1.1, "date": "2024-12-31"})
    assert list(out.index) == ["E", "X"]  # D is unverified: left out
    assert out.loc["X", "period_label"] == "FY2"  # not the later quarter
    assert out.loc["X", "china_share"] == pytest.approx(0.2)
    assert out.loc["E", "revenue_usd"] == pytest.approx(1100.0)  # 1000 EUR × 1.1
    assert "2024-12-31" in out.loc["E", "fx_note"]
    with pytest.raises(ValueError, match="date"):
        ex.latest_exposure(t, {"rate": 1.1})


# --------------------------------------------------------------------------- matching periods


def test_period_bounds():
    assert ex.period_bounds("calendar 2021") == (pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31"))
    # the twelve months to March 2024: 1 April 2023 - 31 March 2024
    assert ex.period_bounds("year to March 2024") == (pd.Timestamp("2023-04-01"), pd.Timestamp("2024-03-31"))
    assert ex.period_bounds("30 Sep 2024") == (pd.Timestamp("2024-09-30"),) * 2
    for bad in ("", "fiscal 2024", "year to Smarch 2024", None):
        with pytest.raises(ValueError, match="label"):
            ex.period_bounds(bad)


def _fy_table():
    return pd.DataFrame(
        {
            "company": ["X", "X", "X", "Y"],
            "period_label": ["FY1", "FY2", "Q1", "FY2"],
            "period_type": ["fiscal_year", "fiscal_year", "quarter", "fiscal_year"],
            "scope": ["company"] * 4,
            "fiscal_year": [2023, 2024, 2024, 2024],
            "period_end": pd.to_datetime(["2023-09-30", "2024-09-28", "2023-12-30", "2024-12-31"]),
            "total_revenue": [100.0, 100.0, 30.0, 50.0],
            "china_revenue": [20.0, 10.0, 5.0, 5.0],
            "china_share_reported": [np.nan] * 4,
            "grade": ["B", "B", "B", "B"],
        }
    )


def test_fiscal_year_overlap_ranks_by_days_covered():
    # X's FY2 runs 1 Oct 2023 - 28 Sep 2024 (the day after FY1 ends); the year to March 2024
    # (1 Apr 2023 - 31 Mar 2024, 366 days) shares 183 days with it (Oct-Mar: 31+30+31+31+29+31)
    # and 183 with FY1 (Apr-Sep 2023: 30+31+30+31+31+30): a tie, the later year first
    out = ex.fiscal_year_overlap(_fy_table(), "X", "2023-04-01", "2024-03-31")
    assert list(out["period_label"]) == ["FY2", "FY1"]  # the quarter is never a candidate
    assert list(out["overlap_days"]) == [183, 183]
    assert out["overlap_share"].iloc[0] == pytest.approx(183 / 366)
    assert out.loc[0, "period_start"] == pd.Timestamp("2023-10-01")
    # FY1 has no year before it in the table: it starts a year before its end
    assert out.loc[1, "period_start"] == pd.Timestamp("2022-10-01")
    # a calendar year against a calendar fiscal year: full cover
    y = ex.fiscal_year_overlap(_fy_table(), "Y", "2024-01-01", "2024-12-31")
    assert y["overlap_share"].iloc[0] == 1.0
    with pytest.raises(ValueError, match="before start"):
        ex.fiscal_year_overlap(_fy_table(), "X", "2024-01-01", "2023-01-01")
    with pytest.raises(ValueError, match="company"):
        ex.fiscal_year_overlap(_fy_table(), "Z", "2024-01-01", "2024-12-31")
