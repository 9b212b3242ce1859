"""Notebook 02's exercises: answers match values worked by hand, known mistakes are explained."""

import math

import pytest

from utils import checks

EXPECTED = {
    "02.v3-flop": 6 * 37e9 * 14.8e12,  # 3.2856e24
    "02.v3-cost": 2_788_000 * 2.0,  # $5.576M
    "02.v3-mfu": 6 * 37e9 * 14.8e12 / (2_664_000 * 3600 * 989e12),  # ≈ 0.346
    "02.llama-vs-v3": 3.8e25 / 3.4078e24,  # ≈ 11.15
    "02.jevons-elasticity": -1 - math.log10(2),  # ≈ -1.301 (textbook sign)
}


@pytest.mark.parametrize("ex_id, value", sorted(EXPECTED.items()))
def test_answers_match_hand_calculation(ex_id, value):
    ex = checks.exercise(ex_id)
    assert ex.answer() == pytest.approx(value, rel=1e-3)
    assert ex.check(value).correct is True


def test_doubling_time_is_a_plausible_number_of_months():
    ex = checks.exercise("02.doubling-time")
    months = ex.answer()
    assert 3 < months < 9  # Epoch AI reports frontier compute growing about 4-5x a year
    assert ex.check(months).correct is True
    assert ex.check(months / 12).correct is False


def test_every_nb02_exercise_explains_its_known_mistakes():
    ids = [i for i in checks.all_exercises() if i.startswith("02.")]
    assert len(ids) >= 3
    for ex_id in ids:
        ex = checks.exercise(ex_id)
        answer = ex.answer()
        assert ex.check(answer).accepted, ex_id
        assert ex.check(None).correct is None
        for m in ex.mistakes:
            value = m.value() if callable(m.value) else m.value
            fb = ex.check(value)
            assert fb.correct is False and fb.message == m.explanation_text, (ex_id, value)


def test_cost_scope_choice():
    ex = checks.exercise("02.cost-scope")
    assert ex.check("final training run").correct is True
    assert "excludes" in ex.check("research and ablation runs").message
    assert ex.check("everything").correct is False
