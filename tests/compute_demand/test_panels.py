"""Drive notebook 02's panels as a student would: set sliders, read the result, the readout, the
message and the picture; bad values are clamped or explained, never a traceback."""

import io
import json

import pandas as pd
import pytest

from utils import compute_demand as cd
from utils import data, plotting, widgets
from utils.compute_demand import panels as cw


@pytest.fixture(scope="module", autouse=True)
def _style():
    plotting.setup()


def _png_size(png: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(png)).size


# --------------------------------------------------------------------------- Jevons


def test_jevons_defaults_and_drag():
    p = cw.make_jevons_panel()
    assert isinstance(p, widgets.Panel)
    assert p.result["multiplier"] == pytest.approx(1.0)
    assert "unchanged" in p.readout_text
    first = p.png
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    p.set(efficiency_gain=4, elasticity=-1.5)
    assert p.result["multiplier"] == pytest.approx(2.0)  # 4 ** 0.5
    assert "Backfire" in p.readout_text and "×2.00" in p.readout_text
    assert p.message == ""
    assert p.png != first
    p.set(elasticity=-0.5)
    assert p.result["multiplier"] == pytest.approx(0.5)  # 4 ** -0.5
    assert "falls" in p.readout_text


def test_jevons_figure_is_updated_in_place():
    p = cw.make_jevons_panel()
    fig, n_artists = p.figure, len(p.figure.axes[0].patches)
    inches = tuple(fig.get_size_inches())
    p.set(efficiency_gain=30, elasticity=-2.5)
    assert p.figure is fig and len(fig.axes[0].patches) == n_artists
    assert tuple(fig.get_size_inches()) == inches
    bars = fig.axes[0].patches[:4]
    # bars start at 1 and end at the after/before value
    assert bars[0].get_y() + bars[0].get_height() == pytest.approx(30**2.5)
    assert bars[2].get_y() + bars[2].get_height() == pytest.approx(30**1.5)
    assert bars[3].get_y() + bars[3].get_height() == pytest.approx(30**1.5)  # spending


def test_panel_png_has_a_fixed_pixel_size():
    p = cw.make_jevons_panel()
    size = _png_size(p.png)
    p.set(efficiency_gain=50, elasticity=3.0)
    assert _png_size(p.png) == size == (900, 400)


def test_jevons_clamps_and_reports():
    p = cw.make_jevons_panel()
    p.set(efficiency_gain=500)
    assert p.controls["efficiency_gain"].value == 50
    assert "outside the range" in p.message
    p.set(elasticity=1.5)
    assert p.controls["elasticity"].value == 0
    assert "outside the range" in p.message
    p.set(elasticity=float("nan"))
    assert "NaN" in p.message
    assert p.controls["elasticity"].value == 0


def test_jevons_update_records_its_time():
    # speed goals are printed by `make bench`, not asserted here; the bench reads last_update_ms
    p = cw.make_jevons_panel()
    p.set(efficiency_gain=5)
    assert p.last_update_ms > 0


def test_cost_panel_reproduces_the_report():
    p = cw.make_cost_panel()
    v3 = data.load("deepseek_v3").set_index(["item", "stage"])["value"]
    assert p.result["final_run_usd"] == pytest.approx(v3[("training_cost", "total")])
    assert p.result["all_in_usd"] == pytest.approx(5.576e6)
    assert "$5.58M" in p.readout_text
    p.set(overhead_multiplier=10)
    assert p.result["all_in_usd"] == pytest.approx(55.76e6)
    assert "10×" in p.readout_text
    p.set(gpu_hours_millions=30.84, usd_per_gpu_hour=2.0, overhead_multiplier=1)
    assert p.result["final_run_usd"] == pytest.approx(61.68e6)


def test_cost_scenario_validation():
    with pytest.raises(ValueError):
        cw.cost_scenario(float("nan"), 2.0, 1.0)
    with pytest.raises(ValueError):
        cw.cost_scenario(1.0, 2.0, 0.5)
    p = cw.make_cost_panel()
    p.set(overhead_multiplier=0)
    assert p.controls["overhead_multiplier"].value == 1
    assert "outside the range" in p.message


def test_cost_scenario_export_and_reload(tmp_path):
    p = cw.make_cost_panel()
    p.set(overhead_multiplier=42)
    jpath, cpath = p.export_scenario(tmp_path)
    saved = json.loads(jpath.read_text())
    assert saved["params"]["overhead_multiplier"] == 42
    p.set(overhead_multiplier=1)
    p.load_scenario(jpath)
    assert p.controls["overhead_multiplier"].value == 42
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(widgets.ScenarioError):
        p.load_scenario(bad)
    assert p.controls["overhead_multiplier"].value == 42


# --------------------------------------------------------------------------- capex


def test_capex_panel_projection_against_actuals():
    p = cw.make_capex_panel(company="Alphabet", base_year=2023, growth_rate=0.5)
    res = p.result
    assert list(res["year"]) == [2023, 2024, 2025, 2026]
    assert res["projected"].iloc[0] == pytest.approx(32.251)
    assert res["projected"].iloc[1] == pytest.approx(32.251 * 1.5)
    assert res["actual"].iloc[3] == pytest.approx(180.0)  # guidance midpoint
    assert "guidance" in p.readout_text
    p.set(company="All four", base_year=2023, growth_rate=0.0)
    assert p.result["actual"].iloc[0] == pytest.approx(28.107 + 32.251 + 52.729 + 27.045)
    assert p.message == ""


def test_capex_panel_explains_missing_years():
    # Meta's 2020-2022 capex is now traced (grade C): the panel starts from 2020 for Meta too
    p = cw.make_capex_panel()
    p.set(company="Meta", base_year=2020)
    assert p.message == ""
    assert p.result.iloc[0]["actual"] == pytest.approx(15.115)
    # a year without a traced figure is explained, not drawn as zero
    head = cd.headline_capex(data.load("hyperscaler_capex"))
    head = head[~((head["company"] == "Meta") & (head["fiscal_year"] == 2021))]
    with pytest.raises(ValueError, match="no traced figure for 2021"):
        cd.capex_projection(head, "Meta", 2021, 0.3)
    p.set(company="All four", base_year=2023)


def test_headline_capex_prefers_the_cash_line():
    df = pd.DataFrame(
        {
            "company": ["X", "X", "X", "X"],
            "fiscal_year": [2024, 2024, 2025, 2026],
            "capex_usd_bn": [10.0, 12.0, 20.0, 30.0],
            "definition": [
                "including finance leases",
                "cash purchases of property and equipment",
                "including finance leases",
                "including finance leases",
            ],
            "status": ["reported", "reported", "reported", "guidance"],
        }
    )
    h = cd.headline_capex(df)
    assert h.set_index("fiscal_year")["capex_usd_bn"].to_dict() == {2024: 12.0, 2025: 20.0, 2026: 30.0}
    proj = cd.capex_projection(h, "X", 2024, 1.0)
    assert proj["projected"].tolist() == pytest.approx([12.0, 24.0, 48.0])
    assert proj["gap"].tolist() == pytest.approx([0.0, 0.2, 0.6])
    with pytest.raises(ValueError, match="not a known company"):
        cd.capex_projection(h, "Y", 2024, 0.1)
    with pytest.raises(ValueError, match="Nothing to project"):
        cd.capex_projection(h, "X", 2026, 0.1)
    with pytest.raises(ValueError):
        cd.capex_projection(h, "X", 2024, float("nan"))


def test_like_for_like_growth_never_mixes_definitions():
    df = pd.DataFrame(
        {
            "company": ["X", "X", "X", "Y", "Y"],
            "fiscal_year": [2024, 2024, 2025, 2024, 2025],
            "capex_usd_bn": [10.0, 12.0, 18.0, 5.0, 6.0],
            "definition": [
                "cash purchases of property and equipment",
                "including finance leases",
                "including finance leases",
                "cash purchases of property and equipment",
                "cash purchases of property and equipment",
            ],
            "status": ["reported"] * 5,
        }
    )
    g = cd.like_for_like_growth(df, 2024, 2025).set_index("company")
    # X has no cash figure for 2025, so both years use 'including finance leases': 12 → 18
    assert g.loc["X", "definition"] == "including finance leases"
    assert g.loc["X", "growth"] == pytest.approx(0.5)
    assert g.loc["Y", "growth"] == pytest.approx(0.2)
    with pytest.raises(ValueError):
        cd.like_for_like_growth(df, 2025, 2024)


def test_like_for_like_growth_on_the_course_table():
    g = cd.like_for_like_growth(data.load("hyperscaler_capex"), 2024, 2025).set_index("company")
    assert set(g.index) == {"Microsoft", "Alphabet", "Amazon", "Meta"}
    assert g.loc["Meta", "value0"] == pytest.approx(39.23)  # both years incl. finance leases
    assert g.loc["Amazon", "value0"] == pytest.approx(82.999 - 5.341)  # both years net
    assert g.loc["Microsoft", "growth"] == pytest.approx(64.551 / 44.477 - 1)
