"""The Panel pattern: driven like a student would, clamped, never a traceback, scenarios safe."""

import json

import ipywidgets as W
import pytest

from utils import plotting, render, widgets


def _model(rate, years, mode="compound"):
    if rate <= -1:
        raise ValueError("rate must be above -100%")
    if mode == "compound":
        return {"value": (1 + rate) ** years}
    return {"value": 1 + rate * years}


def make_panel():
    plotting.setup()
    fig, ax = plotting.new_figure(6, 3)
    (line,) = ax.plot([0, 1], [1, 1])
    ax.set_ylim(0, 20)

    def draw(result, params):
        line.set_data([0, params["years"]], [1, result["value"]])
        ax.set_xlim(0, max(1, params["years"]))

    return widgets.Panel(
        name="growth",
        title="Growth",
        controls={
            "rate": widgets.slider("rate", 0.1, -1.0, 1.0, 0.01),
            "years": widgets.int_slider("years", 5, 1, 20),
            "mode": widgets.dropdown("mode", ["compound", "simple"]),
        },
        compute=_model,
        readout=lambda r, p: f"<b>value</b>: {r['value']:.3f} after {p['years']} years",
        figure=fig,
        draw=draw,
        source="Source: made-up numbers for a test",
        alt="a line",
    )


def test_initial_state_is_computed_and_drawn():
    p = make_panel()
    assert p.result["value"] == pytest.approx(1.1**5)
    assert p.readout_text == "value: 1.611 after 5 years"
    assert p.png.startswith(b"\x89PNG")
    assert p.message == ""


def test_set_recomputes_readout_and_picture():
    p = make_panel()
    first_png = p.png
    p.set(rate=0.2, years=10)
    assert p.result["value"] == pytest.approx(1.2**10)
    assert "6.192" in p.readout_text
    assert p.png != first_png


def test_moving_a_control_directly_updates_like_a_slider_drag():
    p = make_panel()
    p.controls["mode"].value = "simple"
    assert p.result["value"] == pytest.approx(1 + 0.1 * 5)


def test_out_of_range_is_clamped_with_visible_message():
    p = make_panel()
    p.set(years=50)
    assert p.controls["years"].value == 20
    assert "outside the range 1 to 20" in p.message and "using 20" in p.message
    assert p.result["value"] == pytest.approx(1.1**20)
    assert "outside the range" in p._message.value


def test_nan_is_refused_and_value_kept():
    p = make_panel()
    p.set(rate=float("nan"))
    assert p.controls["rate"].value == pytest.approx(0.1)
    assert "NaN" in p.message


def test_text_is_never_evaluated():
    p = make_panel()
    p.set(rate="__import__('os').getcwd()")
    assert "is not a number" in p.message
    assert p.controls["rate"].value == pytest.approx(0.1)


def test_unknown_choice_is_refused():
    p = make_panel()
    p.set(mode="exponential")
    assert "not one of the choices" in p.message
    assert p.controls["mode"].value == "compound"


def test_model_error_is_shown_not_raised_and_picture_kept():
    def model(x):
        if x > 5:
            raise ValueError("x above 5 makes no sense here")
        return {"y": x}

    fig, ax = plotting.new_figure(4, 3)
    (pt,) = ax.plot([0], [0], "o")
    p = widgets.Panel(
        name="t",
        title="t",
        controls={"x": widgets.slider("x", 1, 0, 10, 1)},
        compute=model,
        readout=lambda r, _: f"y={r['y']}",
        figure=fig,
        draw=lambda r, _: pt.set_data([r["y"]], [r["y"]]),
    )
    good_png = p.png
    p.set(x=7)
    assert "x above 5" in p.message and p.error
    assert p.result == {"y": 1}
    assert p.png == good_png
    p.set(x=2)
    assert p.message == "" and p.error == "" and p.result == {"y": 2}


def test_layout_is_frozen_so_the_picture_does_not_move():
    p = make_panel()
    assert (
        p.figure.get_layout_engine() is None
        or type(p.figure.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    )
    pos = p.figure.axes[0].get_position().bounds
    p.set(years=17, rate=0.9)
    assert p.figure.axes[0].get_position().bounds == pos


def test_image_has_fixed_size():
    p = make_panel()
    assert p.image.layout.width == "600px" and p.image.layout.height == "300px"


def test_export_writes_new_files_and_never_overwrites(tmp_path):
    p = make_panel()
    p.set(rate=0.25)
    j1, c1 = p.export_scenario(tmp_path)
    j2, c2 = p.export_scenario(tmp_path)
    assert j1 != j2 and c1 != c2
    saved = json.loads(j1.read_text())
    assert saved["panel"] == "growth" and saved["params"]["rate"] == 0.25
    assert saved["results"]["value"] == pytest.approx(1.25**5)
    assert "rate = 0.25" in c1.read_text()


def test_export_refuses_invalid_settings(tmp_path):
    p = make_panel()
    p.set(rate=-1.0)  # in range for the slider, invalid for the model
    with pytest.raises(widgets.ScenarioError):
        p.export_scenario(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_scenario_round_trip(tmp_path):
    p = make_panel()
    p.set(rate=0.3, years=12, mode="simple")
    path, _ = p.export_scenario(tmp_path)
    q = make_panel()
    q.load_scenario(path)
    assert q.params == p.params and q.result == p.result


@pytest.mark.parametrize(
    "content, words",
    [
        (
            '{"format": "ai-chips-course-scenario", "version": 1, "panel": "growth", "params": {"rate": 0.3',
            "not valid JSON",
        ),
        ("[1, 2, 3]", "not a scenario file"),
        (
            '{"format": "ai-chips-course-scenario", "version": 1, "panel": "jevons", "params": {}}',
            "belongs to the panel 'jevons'",
        ),
        ('{"format": "ai-chips-course-scenario", "version": 9, "panel": "growth", "params": {}}', "version"),
        (
            '{"format": "ai-chips-course-scenario", "version": 1, "panel": "growth", "params": {"evil": 1}}',
            "unknown parameters: evil",
        ),
        (
            '{"format": "ai-chips-course-scenario", "version": 1, "panel": "growth", "params": {"rate": 5}}',
            "outside the range",
        ),
        (
            '{"format": "ai-chips-course-scenario", "version": 1, "panel": "growth", "params": {"rate": "1+1"}}',
            "is not a number",
        ),
    ],
)
def test_corrupt_or_foreign_scenarios_are_refused_and_change_nothing(tmp_path, content, words):
    p = make_panel()
    before = (p.params, p.result, p.png)
    path = tmp_path / "s.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(widgets.ScenarioError) as err:
        p.load_scenario(path)
    assert words in str(err.value)
    assert (p.params, p.result, p.png) == before


def test_binary_scenario_file_is_refused(tmp_path):
    p = make_panel()
    path = tmp_path / "s.json"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(widgets.ScenarioError):
        p.load_scenario(path)


def test_export_button_reports_the_path(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_SCENARIO_DIR", str(tmp_path))
    p = make_panel()
    p._export_button.click()
    assert "Saved" in p._export_label.value
    assert len(list(tmp_path.glob("growth-*.json"))) == 1


def test_panel_is_displayable():
    p = make_panel()
    assert isinstance(p.widget, W.VBox)
    bundle = p._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_log_slider_bounds_are_values_not_exponents():
    ctrl = W.FloatLogSlider(value=10, base=10, min=0, max=3)  # 1 to 1000
    p = widgets.Panel(
        name="log",
        title="log",
        controls={"x": ctrl},
        compute=lambda x: {"x": x},
        readout=lambda r, _: f"{r['x']:g}",
    )
    p.set(x=500)
    assert p.message == "" and p.result["x"] == pytest.approx(500)
    p.set(x=5000)
    assert "outside the range 1 to 1000" in p.message


def test_labels_that_outgrow_the_frozen_layout_trigger_one_relayout():
    fig, ax = plotting.new_figure(5, 3)
    (line,) = ax.plot([0, 1], [0, 1])

    def draw(result, params):
        ax.set_ylim(0, result["top"])
        ax.set_ylabel("value")

    p = widgets.Panel(
        name="grow",
        title="grow",
        controls={"n": widgets.int_slider("n", 1, 1, 3)},
        compute=lambda n: {"top": 10**n},
        readout=lambda r, _: "",
        figure=fig,
        draw=draw,
    )
    ax.set_yticks([0, 5, 10])
    p.set(n=3)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f} tera-operations")
    p.set(n=2)
    assert p.relayouts >= 1
    assert not p.renderer._overflows()


# ----------------------------------------------------------------------------- static background


def _fast_panel(dynamic=True):
    plotting.setup()
    fig, ax = plotting.new_figure(6, 3)
    (line,) = ax.plot([0, 1], [1, 1], zorder=3)
    label = ax.text(0.02, 0.95, "", transform=ax.transAxes, va="top")
    ax.set_ylim(0, 20)

    def draw(result, params):
        line.set_data([0, params["years"]], [1, result["value"]])
        label.set_text(f"{result['value']:.2f}")
        ax.set_xlim(0, max(1, params["years"]))  # limits move with a control

    return widgets.Panel(
        name="growth-fast",
        title="Growth",
        controls={
            "rate": widgets.slider("rate", 0.1, -1.0, 1.0, 0.01),
            "years": widgets.int_slider("years", 5, 1, 20),
            "mode": widgets.dropdown("mode", ["compound", "simple"]),
        },
        compute=_model,
        readout=lambda r, p: f"{r['value']:.3f}",
        figure=fig,
        draw=draw,
        source="Source: test.",
        dynamic=(lambda: [line, label]) if dynamic else None,
    )


def _pixels(png):
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def _full_redraw(panel):
    return panel.renderer.full_png()


def test_static_background_matches_full_redraw_after_changes():
    fast = _fast_panel()
    steps = [
        dict(rate=0.3),
        dict(rate=0.5),
        dict(years=12),
        dict(years=12, rate=0.05),
        dict(mode="simple"),
        dict(years=3),
        dict(rate=0.9, years=20),
        dict(rate=0.2),
    ]
    for step in steps:
        fast.set(**step)
        got, want = _pixels(fast.png), _pixels(_full_redraw(fast))
        assert got.shape == want.shape
        # identical but for anti-aliasing where a dynamic artist crosses a static one
        assert (abs(got - want).max(axis=2) > 40).mean() < 0.002, step
    # the axis limits moved (years) -> the background was re-rendered, not reused stale
    assert fast.background_redraws >= 3
    # and the steps that kept the limits reused it
    assert fast.background_redraws < len(steps)


def test_static_background_same_picture_as_plain_panel():
    fast, plain = _fast_panel(), _fast_panel(dynamic=False)
    for step in [dict(rate=0.4), dict(years=15), dict(rate=-0.5, years=2)]:
        fast.set(**step)
        plain.set(**step)
        got, want = _pixels(fast.png), _pixels(plain.png)
        assert (abs(got - want).max(axis=2) > 40).mean() < 0.002, step
        assert fast.readout_text == plain.readout_text


@pytest.mark.filterwarnings("ignore:constrained_layout not applied")  # the text cannot fit at all
def test_static_background_still_relayouts_when_a_dynamic_text_sticks_out():
    plotting.setup()
    fig, ax = plotting.new_figure(6, 3)
    note = ax.text(0.5, 0.5, "", transform=ax.transAxes)

    def draw(result, params):
        note.set_text("x" * (4 * int(params["years"])))

    panel = widgets.Panel(
        name="grow-text",
        title="t",
        controls={
            "rate": widgets.slider("rate", 0.1, -1.0, 1.0, 0.01),
            "years": widgets.int_slider("years", 1, 1, 20),
        },
        compute=_model,
        readout=lambda r, p: "",
        figure=fig,
        draw=draw,
        dynamic=[note],
    )
    panel.set(rate=0.2)
    assert panel.relayouts == 0
    panel.set(years=20)  # 80 characters from the middle of a 6-inch figure: sticks out
    assert panel.relayouts == 1
    full = panel.renderer.full_png()
    assert panel.png == full or (abs(_pixels(panel.png) - _pixels(full)).max(axis=2) > 40).mean() < 0.002


def test_stepped_top_rounds_up_to_coarse_steps():
    assert render.stepped_top(16, 1.25) == 20
    assert render.stepped_top(20.25) == 25
    assert render.stepped_top(0.0072) == pytest.approx(0.008)
    assert render.stepped_top(9.1) == 10
    assert render.stepped_top(0) == 1.0 and render.stepped_top(float("nan")) == 1.0
    for v in (0.3, 1.7, 42, 999, 1234.5):
        assert v <= render.stepped_top(v) <= 1.5 * v
