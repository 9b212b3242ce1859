"""The wrong answers without an error, and the raw tracebacks, that a probe found: each is now
a right answer or the course's own error with a message a student can act on."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from utils import checks, validate
from utils import compute_demand as cd
from utils import export_controls as ec
from utils import exposure as ex
from utils import fact_check as fc
from utils.validate import InputError

# ----------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "on, rule",
    [
        (2021, None),
        (2022, "2022-10"),
        (2024, "2023-10"),
        ("2024", "2023-10"),
        (2025, "2025-04"),
        ("2025-04-01", "2023-10"),
        ("2025-05", "2025-04"),
        (2026, "2026-01"),
    ],
)
def test_a_year_or_a_date_is_a_date_everywhere(on, rule):
    assert ec.rule_in_force(on) == rule


def test_status_on_an_integer_year_is_the_catalogue_at_the_end_of_that_year():
    by_year, by_date = ec.status_on(2024), ec.status_on("2024-12-31")
    assert len(by_year) > 20 and by_year.equals(by_date)
    assert set(by_year["rule"]) == {"2023-10"}


@pytest.mark.parametrize("bad", ["next week", 20245, True, None, 2024.5, [2024]])
def test_a_date_that_is_no_date_is_refused_with_the_form_to_use(bad):
    with pytest.raises(InputError, match="on"):
        ec.rule_in_force(bad)


# ----------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    "call",
    [
        lambda: ex.stress_table(ex.load_inputs()[2], ["Nvidai"], "uniform ban", 0.5),
        lambda: ex.per_company_shock(
            *[ex.load_inputs()[2][c] for c in ("revenue_usd", "china_share")],
            shocks={"Nvidai": 0.5},
            default=0.0,
        ),
        lambda: ex.definition_rows(ex.load_inputs()[0], "Nvidai"),
    ],
)
def test_a_misspelt_company_is_refused_with_the_closest_names(call):
    with pytest.raises(InputError, match=r"Did you mean 'Nvidia'"):
        call()


def test_a_misspelt_chip_and_claim_the_same_way():
    from utils import substitution

    with pytest.raises(InputError, match=r"Did you mean 'nvidia-h100-sxm'"):
        substitution.h100e("nvidia-h100-sx")
    with pytest.raises(InputError, match=r"Did you mean 'nvidia-h20'"):
        ec.chip_preset("nvidia-h2O")
    with pytest.raises(InputError, match="claim_id"):
        fc.evidence_table("abc")
    with pytest.raises(InputError, match="claim_id"):
        fc.evidence_table(99)


# ----------------------------------------------------------------------------- wrong answers


def test_no_overflow_to_inf_inside_the_documented_ranges():
    with pytest.raises(InputError, match="grows beyond"):
        cd.compute_demand_path(50, 10.0, 1e6, -10.0)
    # the widest path that fits still gives finite numbers
    p = cd.compute_demand_path(50, 1.0, 10.0, -2.0)
    assert np.isfinite(p.select_dtypes("number").to_numpy()).all()


def test_no_nan_out_of_the_models():
    with pytest.raises(InputError, match="quarterly_revenue"):
        ec.h20_whatif(
            quarterly_revenue=float("nan"),
            quarters=1,
            share_lost_to_domestic=0.1,
            share_licensed_back=0.5,
            revenue_share_to_usg=0.15,
        )
    with pytest.raises(InputError, match="values"):
        cd.fit_log_trend([2020, 2021, 2022], [1.0, float("inf"), 3.0])
    with pytest.raises(InputError, match="years"):
        cd.fit_log_trend([2020, float("nan"), 2022], [1.0, 2.0, 3.0])


@pytest.mark.parametrize(
    "kw, word",
    [
        (dict(scale=0), "scale"),
        (dict(op=None), "op"),
        (dict(comparison=None), "comparison"),
        (dict(tolerance=-1), "tolerance"),
        (dict(table="nvidia_revenu"), "Did you mean 'nvidia_revenue'"),
    ],
)
def test_check_my_claim_refuses_what_it_used_to_read_as_defaults(kw, word):
    args = (
        dict(
            stated=130.5,
            table="nvidia_revenue",
            selector="fiscal_year=2025;breakdown=total",
            column="revenue_usd_m",
            scale=0.001,
        )
        | kw
    )
    with pytest.raises(InputError, match=word):
        fc.check_my_claim(**args)


# ----------------------------------------------------------------------------- tracebacks


def test_common_slips_get_messages_not_tracebacks():
    with pytest.raises(InputError, match="overhead_multiplier"):
        cd.cost_scenario(2.788, 2.0, None)
    with pytest.raises(InputError, match="usd_per_gpu_hour"):
        cd.cost_scenario(2.788, None, 1)
    with pytest.raises(InputError, match="a table"):
        ex.china_shares([1, 2, 3])
    with pytest.raises(InputError, match="row"):
        ec.classify_chip("nvidia-h100-sxm")


BAD_ANSWERS = [
    np.array([13.11]),
    np.array([1.0, 2.0]),
    pd.Series([0.131]),
    [0.13],
    [],
    {},
    None,
    float("nan"),
    float("inf"),
    10**400,
    "",
    "abc",
    "−1.3",
    True,
    object(),
    pd.DataFrame({"x": [1]}),
    np.float64(0.13),
    "<img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("ex_id", sorted(checks.all_exercises()))
def test_every_exercise_answers_any_input_with_feedback(ex_id):
    exercise = checks.exercise(ex_id)
    for answer in BAD_ANSWERS:
        fb = exercise.check(answer)
        assert isinstance(fb, checks.Feedback), (ex_id, answer)
        assert fb.message and "Traceback" not in fb.message


def test_a_one_element_array_is_read_as_its_number():
    exercise = checks.exercise("00.china-share-fy2025")
    right = exercise.answer()
    assert exercise.check(np.array([right])).correct is True
    assert exercise.check(pd.Series([right])).correct is True
    assert "several values" in exercise.check(np.array([right, right])).message


def test_validate_choice_suggests_and_accepts_case():
    assert validate.choice(" nvidia ", "company", ["Nvidia", "Apple"]) == "Nvidia"
    with pytest.raises(InputError, match="Did you mean 'Apple'"):
        validate.choice("Aple", "company", ["Nvidia", "Apple"])
