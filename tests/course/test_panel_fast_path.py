"""Every course panel with a static background (``dynamic=``) draws, after a series of control
moves, the same picture as a full redraw of its figure; and slider steps mostly reuse the cached
background (the reason for the fast path) instead of re-rendering it each time."""

import ipywidgets as W
import pytest

from utils import plotting
from utils.compute_demand import panels as cdw
from utils.export_controls import panels as ecw
from utils.exposure import panels as xw
from utils.fact_check import panels as claims
from utils.start_here import panels as start_here
from utils.substitution import panels as sw

from .test_widgets import _full_redraw, _pixels  # the same comparison as the Panel's own tests

FACTORIES = {
    "timeline": start_here.make_timeline_panel,
    "nvidia-mix": start_here.make_revenue_panel,
    "jevons": cdw.make_jevons_panel,
    "deepseek-cost": cdw.make_cost_panel,
    "capex": cdw.make_capex_panel,
    "h20-whatif": ecw.make_h20_panel,
    "design-a-chip": ecw.make_design_panel,
    "rule-book": ecw.make_rulebook_panel,
    "who-pays": ecw.make_who_pays_panel,
    "exposure-decoupling": xw.make_decoupling_panel,
    "exposure-stress": xw.make_stress_panel,
    "substitution": sw.make_scenario_panel,
    "cluster": sw.make_cluster_panel,
    "claim-checker": claims.make_claim_checker,
    "synthesis": claims.make_synthesis_panel,
}


@pytest.fixture(scope="module", autouse=True)
def _style():
    plotting.setup()


def _moves(panel, n=4):
    """A few values per control as a student would set them: slider steps, other choices."""
    moves = []
    for key, ctrl in panel.controls.items():
        if isinstance(ctrl, (W.FloatSlider, W.IntSlider)):
            step = ctrl.step or 1
            for k in (1, 2, -3, 7):
                v = ctrl.value + k * step
                if ctrl.min <= v <= ctrl.max:
                    moves.append({key: v})
            moves.append({key: ctrl.min})
            moves.append({key: ctrl.max})
            moves.append({key: ctrl.value})
        elif isinstance(ctrl, (W.SelectionSlider, W.Dropdown, W.RadioButtons, W.ToggleButtons)):
            values = list(ctrl._options_values)
            for v in values[:n] + [ctrl.value]:
                moves.append({key: v})
        elif isinstance(ctrl, (W.Checkbox, W.ToggleButton)):
            moves += [{key: not ctrl.value}, {key: ctrl.value}]
    return moves


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_fast_path_matches_full_redraw(name):
    panel = FACTORIES[name]()
    assert panel.renderer.has_static_background, f"{name} has no static background"
    for move in _moves(panel):
        panel.set(**move)
        if panel.error:
            continue
        got, want = _pixels(panel.png), _pixels(_full_redraw(panel))
        assert got.shape == want.shape, (name, move)
        # identical but for anti-aliasing where a dynamic artist crosses a static one
        bad = (abs(got - want).max(axis=2) > 40).mean()
        assert bad < 0.002, (name, move, bad)


@pytest.mark.parametrize("name", sorted(FACTORIES))
def test_slider_steps_mostly_reuse_the_background(name):
    panel = FACTORIES[name]()
    key, ctrl = next(
        (
            (k, c)
            for k, c in panel.controls.items()
            if isinstance(c, (W.FloatSlider, W.IntSlider, W.SelectionSlider))
        ),
        (None, None),
    )
    if key is None:
        pytest.skip("no slider")
    if isinstance(ctrl, W.SelectionSlider):
        values = list(ctrl._options_values)
        i = values.index(ctrl.value)
        a, b = ctrl.value, values[i + 1] if i + 1 < len(values) else values[i - 1]
    else:
        a = ctrl.value
        b = a + ctrl.step if a + ctrl.step <= ctrl.max else a - ctrl.step
    for v in (b, a, b, a):  # first visits (and a possible one-off relayout)
        panel.set(**{key: v})
    before = panel.background_redraws
    for i in range(10):
        panel.set(**{key: b if i % 2 == 0 else a})
    assert panel.background_redraws - before <= 1, name
