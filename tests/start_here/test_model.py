"""Models and panels of notebook 00, on small hand-made tables and on the real data."""

import pandas as pd
import pytest

from utils import data, start_here
from utils.start_here import panels as start_here_panels


def events_fixture():
    return pd.DataFrame(
        {
            "date": pd.to_datetime(["2019-05-16", "2022-10-07", "2023-10-17", "2025-01-27", "2025-04-15"]),
            "actor_group": ["US government", "US government", "US government", "Markets", "Nvidia"],
            "category": ["export control"] * 3 + ["market", "company results"],
            "title": ["Huawei listed", "Oct 2022 rule", "Oct 2023 rule", "DeepSeek fall", "H20 8-K"],
            "grade": ["A", "A", "A", "B", "A"],
            "source_id": ["s"] * 5,
        }
    )


def test_filter_by_actor_and_years():
    ev = events_fixture()
    out = start_here.filter_timeline(ev, actor_groups=["US government"], year_from=2020, year_to=2025)
    assert list(out["title"]) == ["Oct 2022 rule", "Oct 2023 rule"]
    out = start_here.filter_timeline(ev, actor_groups=["Markets", "Nvidia"], year_from=2025, year_to=2025)
    assert list(out["title"]) == ["DeepSeek fall", "H20 8-K"]


def test_year_bounds_are_inclusive():
    ev = events_fixture()
    out = start_here.filter_timeline(ev, actor_groups=["US government"], year_from=2019, year_to=2019)
    assert list(out["title"]) == ["Huawei listed"]


@pytest.mark.parametrize(
    "kw, words",
    [
        (dict(actor_groups=[], year_from=2019, year_to=2025), "at least one actor"),
        (dict(actor_groups=["US government"], year_from=2025, year_to=2020), "after the end year"),
        (
            dict(actor_groups=["US government"], year_from=2019, year_to=2025, categories=[]),
            "at least one kind",
        ),
    ],
)
def test_bad_selections_explain_themselves(kw, words):
    with pytest.raises(ValueError, match=words):
        start_here.filter_timeline(events_fixture(), **kw)


def revenue_fixture():
    rows = [
        (2025, "total", "Total", 100.0, "10-K FY2025"),
        (2025, "platform", "Data Center", 80.0, "10-K FY2025"),
        (2025, "platform", "Gaming", 20.0, "10-K FY2025"),
        (2025, "geography", "United States", 60.0, "10-K FY2025"),
        (2025, "geography", "China (including Hong Kong)", 40.0, "10-K FY2025"),
        (2024, "total", "Total", 50.0, "10-K FY2024"),
        (2024, "geography", "China (including Hong Kong)", 20.0, "10-K FY2024"),
        (2024, "geography", "United States", 30.0, "10-K FY2024"),
        # restated in a later filing: the later one wins
        (2024, "geography", "China (including Hong Kong)", 25.0, "10-K FY2025"),
        (2024, "geography", "United States", 25.0, "10-K FY2025"),
    ]
    df = pd.DataFrame(rows, columns=["fiscal_year", "breakdown", "category", "revenue_usd_m", "reported_in"])
    df["grade"] = "A"
    df["source_id"] = "s"
    return df


def test_breakdown_shares_are_of_the_total():
    out = start_here.revenue_breakdown(revenue_fixture(), 2025, "geography")
    assert list(out["category"]) == ["United States", "China (including Hong Kong)"]
    assert list(out["share"]) == [0.6, 0.4]


def test_restated_figures_replace_first_reported():
    out = start_here.china_share_by_year(revenue_fixture())
    fy24 = out.set_index("fiscal_year").loc[2024]
    assert fy24["revenue_usd_m"] == 25.0 and fy24["share"] == 0.5


@pytest.mark.parametrize(
    "args, words",
    [
        ((2019, "platform"), "available: 2024, 2025"),
        ((2025, "segments"), "Choose one of: 'platform', 'geography'"),
        ((2024, "platform"), "not in the data"),
    ],
)
def test_breakdown_bad_input(args, words):
    with pytest.raises(ValueError, match=words):
        start_here.revenue_breakdown(revenue_fixture(), *args)


# ------------------------------------------------------------------ real data and panels


def test_timeline_panel_filters_when_driven():
    p = start_here_panels.make_timeline_panel()
    n_all = len(p.result)
    assert n_all == len(data.load("timeline"))
    p.set(actor_groups=("US government",), year_from=2022, year_to=2023)
    assert 0 < len(p.result) < n_all
    assert set(p.result["actor_group"]) == {"US government"}
    assert p.result["date"].dt.year.between(2022, 2023).all()
    assert p.readout_text.startswith(f"{len(p.result)} event")


def test_timeline_panel_empty_selection_gives_a_message():
    p = start_here_panels.make_timeline_panel()
    before = p.png
    p.set(actor_groups=())
    assert "at least one actor" in p.message
    assert p.png == before


def test_revenue_panel_matches_the_table():
    rev = data.load("nvidia_revenue")
    p = start_here_panels.make_revenue_panel(rev)
    p.set(fiscal_year=2025, breakdown="geography")
    china = p.result.set_index("category").loc["China (including Hong Kong)"]
    total = start_here.latest_reporting(rev)
    total = total[(total.fiscal_year == 2025) & (total.breakdown == "total")]["revenue_usd_m"].iloc[0]
    assert china["share"] == pytest.approx(china["revenue_usd_m"] / total)
    # the article's figure: 13.1% of revenue (a check against the source, not against the code)
    assert round(china["share"] * 100, 1) == 13.1
    first = p.png
    p.set(breakdown="platform")
    assert p.png != first and "Data Center" in p.readout_text


def test_grade_totals_adds_every_table_by_grade():
    import pandas as pd

    from utils import start_here

    grades = pd.DataFrame({"A": [1, 2], "B": [0, 3], "C": [4, 0], "total": [5, 5]}, index=["t1", "t2"])
    out = start_here.grade_totals(grades)
    # one row: A = 1 + 2, B = 0 + 3, C = 4 + 0; the total column is dropped
    assert list(out.columns) == ["A", "B", "C"]
    assert out.iloc[0].tolist() == [3, 3, 4] and out.index.tolist() == ["all tables"]
