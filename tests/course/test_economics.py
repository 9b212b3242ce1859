"""utils.economics against hand calculations and the textbook properties."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from utils import economics as econ
from utils.validate import InputError

finite = dict(allow_nan=False, allow_infinity=False)
demand_e = st.floats(min_value=-8.0, max_value=-0.05, **finite)
supply_e = st.floats(min_value=0.05, max_value=8.0, **finite)


# ----------------------------------------------------------------------------- pass-through


def test_pass_through_by_hand():
    assert econ.pass_through(-1.0, 1.0) == pytest.approx(0.5)
    assert econ.pass_through(-0.5, 2.0) == pytest.approx(0.8)  # 2 / (2 + 0.5)
    assert econ.pass_through(-3.0, 1.0) == pytest.approx(0.25)


def test_pass_through_limits_as_the_textbooks_say():
    assert econ.pass_through(0.0, 1.0) == 1.0  # perfectly inelastic demand: buyers pay all
    assert econ.pass_through(-1.0, math.inf) == 1.0  # perfectly elastic supply: buyers pay all
    assert econ.pass_through(-1.0, 0.0) == 0.0  # fixed supply: sellers pay all
    assert econ.pass_through(-math.inf, 1.0) == 0.0  # perfectly elastic demand: sellers pay all
    with pytest.raises(InputError, match="both 0"):
        econ.pass_through(0.0, 0.0)


def test_a_positive_demand_elasticity_is_refused_with_the_negative_one_suggested():
    with pytest.raises(InputError, match=r"Use -1.2, not 1.2"):
        econ.pass_through(1.2, 1.0)
    with pytest.raises(InputError, match="supply_elasticity"):
        econ.pass_through(-1.0, -1.0)
    with pytest.raises(InputError, match="demand_elasticity"):
        econ.pass_through(float("nan"), 1.0)


@settings(max_examples=200, deadline=None)
@given(demand_e, supply_e)
def test_buyers_and_sellers_shares_sum_to_one_and_lie_in_0_1(ed, es):
    buyers = econ.pass_through(ed, es)
    assert 0.0 <= buyers <= 1.0
    assert buyers + (1.0 - buyers) == pytest.approx(1.0)


@settings(max_examples=200, deadline=None)
@given(demand_e, demand_e, supply_e)
def test_a_steeper_less_elastic_demand_shifts_the_burden_to_buyers(e1, e2, es):
    steep, flat = sorted((e1, e2), reverse=True)  # closer to 0 = less elastic = steeper
    assert econ.pass_through(steep, es) >= econ.pass_through(flat, es) - 1e-12


@settings(max_examples=100, deadline=None)
@given(demand_e, supply_e)
def test_a_small_tax_in_a_linear_market_splits_as_the_formula_says(ed, es):
    m = econ.LinearMarket.from_point(100.0, 10.0, ed, es)
    out = m.with_tax(0.01)
    assert m.buyers_share(out) == pytest.approx(econ.pass_through(ed, es), abs=1e-6)


# ----------------------------------------------------------------------------- the linear market

M = econ.LinearMarket(a=10.0, b=1.0, c=2.0, d=1.0)  # P = 10 − Q, P = 2 + Q: Q* = 4, P* = 6


def test_equilibrium_and_surplus_by_hand():
    e = M.equilibrium()
    assert (e.quantity, e.buyer_price) == pytest.approx((4.0, 6.0))
    assert e.consumer_surplus == pytest.approx(8.0)  # ½ · 4 · (10 − 6)
    assert e.producer_surplus == pytest.approx(8.0)  # ½ · 4 · (6 − 2)
    assert e.deadweight_loss == 0


def test_a_tax_by_hand():
    t = M.with_tax(2.0)  # Q = (10 − 2 − 2) / 2 = 3
    assert t.quantity == pytest.approx(3.0)
    assert (t.buyer_price, t.seller_price) == pytest.approx((7.0, 5.0))
    assert t.government_revenue == pytest.approx(6.0)
    assert t.deadweight_loss == pytest.approx(1.0)  # ½ · 2 · (4 − 3)
    assert t.consumer_surplus == pytest.approx(4.5) and t.producer_surplus == pytest.approx(4.5)
    # nothing is created or destroyed but the deadweight loss
    e = M.equilibrium()
    assert t.total_surplus + t.deadweight_loss == pytest.approx(e.total_surplus)
    assert M.buyers_share(t) == pytest.approx(0.5)


def test_deadweight_loss_grows_with_the_square_of_a_small_tax():
    small = M.with_tax(0.1).deadweight_loss
    assert M.with_tax(0.2).deadweight_loss == pytest.approx(4 * small, rel=1e-9)
    assert M.with_tax(0.3).deadweight_loss == pytest.approx(9 * small, rel=1e-9)


def test_a_fee_share_by_hand():
    f = M.with_fee_share(0.25)  # 10 − Q = (2 + Q) / 0.75 → Q = 22/7
    assert f.quantity == pytest.approx(22 / 7)
    assert f.buyer_price == pytest.approx(48 / 7) and f.seller_price == pytest.approx(36 / 7)
    assert f.government_revenue == pytest.approx(0.25 * 48 / 7 * 22 / 7)
    e = M.equilibrium()
    assert f.total_surplus + f.deadweight_loss == pytest.approx(e.total_surplus)


@pytest.mark.parametrize("holder", econ.RENT_HOLDERS)
def test_a_quota_rent_goes_to_its_holder_and_the_loss_is_the_same(holder):
    q = M.with_quota(2.0, rent_holder=holder)  # demand price 8, supply price 4 at Q = 2
    assert q.rent == pytest.approx(8.0)  # (8 − 4) · 2
    assert q.deadweight_loss == pytest.approx(4.0)  # ½ · (8 − 4) · (4 − 2)
    e = M.equilibrium()
    assert q.total_surplus + q.deadweight_loss == pytest.approx(e.total_surplus)
    if holder == "sellers":
        assert q.producer_surplus == pytest.approx(2.0 + 8.0)  # area above supply, plus the rent
    if holder == "government":
        assert q.government_revenue == pytest.approx(8.0)


def test_a_ban_loses_all_surplus_and_a_slack_quota_nothing():
    b = M.with_ban()
    assert b.quantity == 0 and b.deadweight_loss == pytest.approx(16.0)
    assert M.with_quota(10.0).deadweight_loss == 0.0
    assert M.with_tax(100.0).deadweight_loss == pytest.approx(16.0)  # a prohibitive tax bans


def test_from_point_reproduces_the_point_and_its_elasticities():
    m = econ.LinearMarket.from_point(12000.0, 0.6, -0.5, 2.0)
    e = m.equilibrium()
    assert (e.buyer_price, e.quantity) == pytest.approx((12000.0, 0.6))
    # point elasticities: (dQ/dP)·(P/Q)
    assert (-1 / m.b) * 12000.0 / 0.6 == pytest.approx(-0.5)
    assert (1 / m.d) * 12000.0 / 0.6 == pytest.approx(2.0)


def test_inelastic_supply_lines_cross_the_price_axis_below_zero_and_surplus_stays_positive():
    m = econ.LinearMarket.from_point(10.0, 5.0, -1.0, 0.5)  # c = 10 − 20 = −10
    assert m.c < 0
    e = m.equilibrium()
    assert e.producer_surplus > 0 and e.consumer_surplus > 0
    t = m.with_tax(1.0)
    assert t.total_surplus + t.deadweight_loss == pytest.approx(e.total_surplus)


@pytest.mark.parametrize(
    "bad",
    [
        dict(a=0, b=1, c=0, d=1),
        dict(a=1, b=-1, c=0, d=1),
        dict(a=1, b=1, c=2, d=1),
        dict(a=float("nan"), b=1, c=0, d=1),
    ],
)
def test_bad_markets_are_refused(bad):
    with pytest.raises(InputError):
        econ.LinearMarket(**bad)


def test_bad_policies_are_refused():
    with pytest.raises(InputError, match="tax"):
        M.with_tax(-1)
    with pytest.raises(InputError, match="share"):
        M.with_fee_share(1.5)
    with pytest.raises(InputError, match="Did you mean 'sellers'"):
        M.with_quota(1.0, rent_holder="seller")


# ----------------------------------------------------------------------------- scarcity price


def test_scarcity_price_hand_values():
    # Q = Q0 (P/P0)^e: with half the quantity, (P/P0) = 0.5^(1/e)
    assert econ.scarcity_price(0.5, -1.0) == pytest.approx(2.0)
    assert econ.scarcity_price(0.5, -0.5) == pytest.approx(4.0)
    assert econ.scarcity_price(0.8, -2.0) == pytest.approx(0.8**-0.5)
    assert econ.scarcity_price(1.0, -1.0) == 1.0  # no shortage
    assert econ.scarcity_price(0.0, -1.0) == 1000.0  # nothing to sell: the cap
    assert econ.scarcity_price(0.5, 0.0) == 1000.0  # perfectly inelastic demand
    assert econ.scarcity_price(0.5, -math.inf) == 1.0  # perfectly elastic demand
    assert econ.scarcity_price(1e-300, -0.1) == 1000.0  # capped without overflow


@given(st.floats(0.01, 0.99), st.floats(-5, -0.1), st.floats(-5, -0.1))
def test_less_elastic_demand_means_a_higher_scarcity_price(share, e1, e2):
    steep, flat = max(e1, e2), min(e1, e2)  # closer to zero = less elastic
    assert econ.scarcity_price(share, steep) >= econ.scarcity_price(share, flat) - 1e-12


def test_scarcity_price_refuses_a_positive_elasticity():
    with pytest.raises(ValueError, match="-1.5"):
        econ.scarcity_price(0.5, 1.5)
    with pytest.raises(ValueError, match="supplied_share"):
        econ.scarcity_price(1.5, -1.0)
