"""The exposure model against what happened: the April 2025 H20 licence requirement.

Expectations are worked out by hand from the tables' figures (in the comments), never copied
from the code's output.
"""

import math

import pandas as pd
import pytest

from utils import data
from utils import exposure as ex

# Nvidia's fiscal 2025 ended on 26 January 2025, so Q1 FY2026 runs 27 January - 27 April 2025
# (91 days). The licence is needed from 9 April: 72 days before it (27 Jan - 8 Apr: 5 + 28 + 31 +
# 8) and 19 after it (9 - 27 Apr). Q2 FY2026 runs 28 April - 27 July: 3 + 31 + 30 + 27 = 91 days.
PRE, AFTER, Q2 = 72, 19, 91
BEFORE = 4_600  # H20 sales before the requirement (nvidia_h20)
UNSHIPPED, OUTLOOK = 2_500, 8_000  # what Nvidia reported losing in Q1 and in its Q2 outlook
GROWTH = 17_108 / 10_306 - 1  # Nvidia China revenue FY2025 / FY2024, billing basis: +66.0 %


def _window(g, a, b):
    # ∫_a^b (1 + g) ** (s / 365) ds, written out: (e^{kb} − e^{ka}) / k with k = ln(1 + g) / 365
    k = math.log(1 + g) / 365
    return (math.exp(k * b) - math.exp(k * a)) / k


@pytest.fixture(scope="module")
def bt():
    return ex.backtest().set_index("period")


def test_columns_and_rows(bt):
    frame = ex.backtest()
    for col in ("quantity", "period", "model", "observed", "error_pct", "source_id", "grade"):
        assert col in frame.columns
    assert list(frame["period"]) == [
        "Q1 FY2026, 09 Apr – 27 Apr 2025",
        "Q2 FY2026",
        "Q1 + Q2 FY2026",
        "Q2–Q4 FY2026",
        "Q1 FY2027",
        "Q2 FY2027",
    ]
    registry = set(data.load("sources")["id"])
    assert set(frame["source_id"]) <= registry


def test_lost_revenue_is_within_the_tolerance(bt):
    total = bt.loc["Q1 + Q2 FY2026"]
    assert total["observed"] == UNSHIPPED + OUTLOOK  # 10,500
    assert abs(total["error_pct"]) <= ex.BACKTEST_TOLERANCE_PCT == 30.0


def test_lost_revenue_by_hand(bt):
    # pace on 9 April: 4,600 / ∫_{-72}^{0} 1.66^(s/365) ds = 4,600 / 68.52 = 67.13 USD m a day
    pace = BEFORE / _window(GROWTH, -PRE, 0)
    assert pace == pytest.approx(67.13, abs=0.01)
    q1 = pace * _window(GROWTH, 0, AFTER)  # 67.13 × 19.25 = 1,292.5
    q2 = pace * _window(GROWTH, AFTER, AFTER + Q2)  # 67.13 × 99.59 = 6,686
    assert q1 == pytest.approx(1_292.5, abs=0.5) and q2 == pytest.approx(6_686, abs=1)
    row1 = bt.loc["Q1 FY2026, 09 Apr – 27 Apr 2025"]
    assert row1["model"] == pytest.approx(q1, rel=1e-9)
    assert row1["observed"] == UNSHIPPED
    assert row1["error_pct"] == pytest.approx(100 * (q1 / 2_500 - 1))  # −48.3 %
    assert bt.loc["Q2 FY2026", "model"] == pytest.approx(q2, rel=1e-9)
    assert bt.loc["Q2 FY2026", "error_pct"] == pytest.approx(-16.4, abs=0.1)  # 6,686 / 8,000 − 1
    assert bt.loc["Q1 + Q2 FY2026", "model"] == pytest.approx(q1 + q2, rel=1e-9)
    assert bt.loc["Q1 + Q2 FY2026", "error_pct"] == pytest.approx(-24.0, abs=0.1)  # 7,979 / 10,500 − 1


def test_flat_pace_by_hand():
    # no growth: 4,600 / 72 = 63.9 a day; Q1 63.9 × 19 = 1,213.9, Q2 63.9 × 91 = 5,813.9,
    # together 4,600 × 110 / 72 = 7,027.8, i.e. 33.1 % below 10,500: outside the tolerance
    flat = ex.backtest(growth=0.0).set_index("period")
    assert flat.loc["Q1 FY2026, 09 Apr – 27 Apr 2025", "model"] == pytest.approx(4_600 * 19 / 72)
    assert flat.loc["Q2 FY2026", "model"] == pytest.approx(4_600 * 91 / 72)
    assert flat.loc["Q1 + Q2 FY2026", "error_pct"] == pytest.approx(100 * (4_600 * 110 / 72 / 10_500 - 1))
    assert flat.loc["Q1 + Q2 FY2026", "error_pct"] < -30
    # the observed side does not depend on the model's settings
    assert list(flat["observed"]) == list(ex.backtest()["observed"])


def test_china_revenue_afterwards_by_hand(bt):
    # the rest of Nvidia's China revenue in Q1 FY2026: 9,659 (customer HQ) − 4,600 H20 = 5,059 a quarter
    other = 9_659 - 4_600
    # Q2-Q4 FY2026 = 28 Apr 2025 - 25 Jan 2026 = 273 days = 3 quarters: 15,177 against 19,677 − 9,659
    row = bt.loc["Q2–Q4 FY2026"]
    assert row["model"] == pytest.approx(3 * other)
    assert row["observed"] == 19_677 - 9_659
    assert row["error_pct"] == pytest.approx(100 * (15_177 / 10_018 - 1))  # +51.5 %
    assert row["grade"] == "E"  # a difference the course computed
    # Q1 FY2027 (26 Jan - 26 Apr 2026) and Q2 FY2027 (27 Apr - 26 Jul 2026): 91 days each
    assert bt.loc["Q1 FY2027", "model"] == pytest.approx(other)
    assert bt.loc["Q1 FY2027", "observed"] == 4_550
    assert bt.loc["Q2 FY2027", "error_pct"] == pytest.approx(100 * (5_059 / 7_880 - 1))  # −35.8 %


def test_inputs_are_what_was_known_before_the_event():
    inputs = ex.backtest_inputs().set_index("input")
    days = inputs[inputs.index.str.startswith("days of Q1 FY2026")]
    assert days["value"].iloc[0] == PRE
    assert inputs.loc["H20 sales before the requirement", "value"] == BEFORE
    assert inputs.loc["growth of H20 demand", "value"] == pytest.approx(GROWTH)  # 0.660
    # the growth comes from fiscal years that ended before 9 April 2025
    china = data.load("china_revenue")
    fy25 = china[(china["company"] == "Nvidia") & (china["period_label"] == "FY2025")]
    assert (pd.to_datetime(fy25["period_end"]) < pd.Timestamp("2025-04-09")).all()
    assert inputs.loc["fraction of H20 China revenue lost", "value"] == 1.0


def test_the_charge_is_kept_apart():
    frame = ex.backtest()
    assert not frame["quantity"].str.contains("charge").any()
    assert 4_500 not in set(frame["observed"]) and 5_500 not in set(frame["observed"])
    charge = ex.h20_charge()
    assert charge["recorded"] == 4_500 and charge["announced"] == 5_500
    assert "not revenue" in charge["what"]


def test_bad_growth_is_refused():
    with pytest.raises(ValueError, match="growth"):
        ex.backtest(growth=-1.0)
    with pytest.raises(ValueError, match="growth"):
        ex.backtest(growth=float("nan"))
