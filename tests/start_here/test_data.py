"""Checks on the two foundation tables: ``timeline`` and ``nvidia_revenue``.

These are the tables the start-here notebook and several topic notebooks lean on, so the tests
check the arithmetic (parts add up to totals), the date range, the grades and that the figures the
seed article uses can be looked up. Each test can fail on a plausible data-entry mistake.
"""

from __future__ import annotations

import pandas as pd
import pytest

from utils import data

TOL = 1.0  # USD millions: the filings round each line to the million


@pytest.fixture(scope="module")
def rev() -> pd.DataFrame:
    return data.load("nvidia_revenue")


@pytest.fixture(scope="module")
def tl() -> pd.DataFrame:
    return data.load("timeline")


@pytest.fixture(scope="module")
def totals(rev) -> pd.Series:
    t = rev[rev["breakdown"] == "total"]
    # every total row of a year must agree (several filings repeat the same year)
    spread = t.groupby("fiscal_year")["revenue_usd_m"].agg(lambda s: s.max() - s.min())
    assert (spread <= TOL).all(), f"total rows disagree: {spread[spread > TOL].to_dict()}"
    return t.groupby("fiscal_year")["revenue_usd_m"].first()


def lookup(rev, fy, breakdown, category, reported_in=None) -> float:
    sel = rev[(rev["fiscal_year"] == fy) & (rev["breakdown"] == breakdown) & (rev["category"] == category)]
    if reported_in is not None:
        sel = sel[sel["reported_in"] == reported_in]
    values = sel["revenue_usd_m"].unique()
    assert len(values) == 1, f"{fy} {breakdown} {category} {reported_in}: {values}"
    return float(values[0])


# ----------------------------------------------------------------------- nvidia_revenue


def test_every_fiscal_year_2020_to_2026_has_one_total(totals):
    assert list(totals.index) == list(range(2020, 2027))


@pytest.mark.parametrize("breakdown", ["platform", "geography", "geography_hq", "segment"])
def test_parts_add_up_to_the_total(rev, totals, breakdown):
    parts = rev[rev["breakdown"] == breakdown]
    assert not parts.empty
    for (fy, filing), grp in parts.groupby(["fiscal_year", "reported_in"]):
        diff = grp["revenue_usd_m"].sum() - totals[fy]
        assert abs(diff) <= TOL, f"FY{fy} {breakdown} in {filing}: parts differ from total by {diff}"


def test_every_year_has_a_platform_split_and_fy2020_to_fy2025_a_geography(rev):
    plat_years = set(rev.loc[rev["breakdown"] == "platform", "fiscal_year"])
    geo_years = set(rev.loc[rev["breakdown"] == "geography", "fiscal_year"])
    assert plat_years == set(range(2020, 2027))
    assert set(range(2020, 2026)) <= geo_years


def test_fiscal_year_end_is_late_january_of_the_label_year(rev):
    end = rev["fiscal_year_end"]
    assert (end.dt.year == rev["fiscal_year"]).all()
    assert (end.dt.month == 1).all() and (end.dt.day >= 25).all()
    # one end date per fiscal year
    assert rev.groupby("fiscal_year")["fiscal_year_end"].nunique().eq(1).all()


def test_geography_rows_state_their_basis(rev):
    geo = rev[rev["breakdown"] == "geography"]
    assert geo["basis"].notna().all()
    assert geo["basis"].str.contains("billing|invoic", case=False).all()
    hq = rev[rev["breakdown"] == "geography_hq"]
    assert hq["basis"].str.contains("headquarters").all()
    assert (hq["reported_in"] == "10-K FY2026").all()
    assert hq["note"].str.contains("BASIS CHANGE").all()
    assert rev.loc[~rev["breakdown"].isin(["geography", "geography_hq"]), "basis"].isna().all()


def test_headquarters_basis_is_kept_apart_and_differs(rev, totals):
    # same year, two bases: the billing-basis China line and the headquarters-basis one differ a lot
    billed = lookup(rev, 2025, "geography", "China (including Hong Kong)", "10-K FY2025")
    by_hq = lookup(rev, 2025, "geography_hq", "China (including Hong Kong)")
    assert by_hq > billed * 1.3
    assert round(by_hq / totals[2025] * 100, 1) == 19.2
    # FY2026 China share by headquarters, the number later notebooks quote
    assert (
        round(lookup(rev, 2026, "geography_hq", "China (including Hong Kong)") / totals[2026] * 100, 1) == 9.1
    )
    # nothing on the headquarters basis sits in the billing-basis breakdown
    assert not rev.loc[rev["breakdown"] == "geography", "basis"].str.contains("headquarters").any()


def test_singapore_rows_carry_nvidia_invoicing_caveat(rev):
    sg = rev[(rev["breakdown"] == "geography") & (rev["category"] == "Singapore")]
    assert len(sg) == 3  # FY2023-FY2025 as shown in the FY2025 10-K
    assert (
        sg["note"]
        .str.contains("centralize invoicing while our products are almost always shipped elsewhere")
        .all()
    )
    assert sg["note"].str.contains("nvda-10q-q1fy2026-geo").all()


def test_as_first_reported_and_restated_geography_are_both_kept(rev):
    fy = 2023
    filings = set(rev.loc[(rev["breakdown"] == "geography") & (rev["fiscal_year"] == fy), "reported_in"])
    assert {"10-K FY2023", "10-K FY2025"} <= filings, filings
    first = rev[
        (rev["fiscal_year"] == fy) & (rev["reported_in"] == "10-K FY2023") & (rev["breakdown"] == "geography")
    ]
    assert "Singapore" not in set(first["category"])
    # the restatement splits Singapore out of 'Other countries' and changes nothing else
    old_other = lookup(rev, fy, "geography", "Other countries", "10-K FY2023")
    new_other = lookup(rev, fy, "geography", "Other countries", "10-K FY2025")
    sg = lookup(rev, fy, "geography", "Singapore", "10-K FY2025")
    assert abs(old_other - (new_other + sg)) <= TOL
    for region in ("United States", "Taiwan", "China (including Hong Kong)"):
        assert lookup(rev, fy, "geography", region, "10-K FY2023") == lookup(
            rev, fy, "geography", region, "10-K FY2025"
        )
    # FY2024 as first filed is deliberately absent (doubtful whether it lacked a Singapore line)
    assert not (
        (rev["fiscal_year"] == 2024)
        & (rev["breakdown"] == "geography")
        & (rev["reported_in"] == "10-K FY2024")
    ).any()


def test_article_figures_can_be_looked_up(rev, totals):
    # seed article: FY2025 ('2024') revenue $130.5bn; China $17.108bn, +66%, 13.1%; automotive 1.3%; data centre ~90%
    assert totals[2025] == 130497
    china25 = lookup(rev, 2025, "geography", "China (including Hong Kong)", "10-K FY2025")
    china24 = lookup(rev, 2024, "geography", "China (including Hong Kong)", "10-K FY2025")
    assert china25 == 17108
    assert round(china25 / totals[2025] * 100, 1) == 13.1
    assert round((china25 / china24 - 1) * 100) == 66
    assert round(lookup(rev, 2025, "platform", "Automotive") / totals[2025] * 100, 1) == 1.3
    assert 0.88 <= lookup(rev, 2025, "platform", "Data Center") / totals[2025] < 0.89
    # FY2024 (not the article's year) is a different, much smaller number
    assert totals[2024] == 60922


def test_china_share_falls_after_the_2022_and_2023_controls(rev, totals):
    share = {
        fy: lookup(
            rev,
            fy,
            "geography",
            "China (including Hong Kong)",
            "10-K FY2022" if fy <= 2022 else "10-K FY2025",
        )
        / totals[fy]
        for fy in range(2020, 2026)
    }
    assert share[2022] > share[2023] > share[2024] > share[2025]
    assert 0.25 < share[2022] < 0.27


def test_revenue_grades_and_unverified_rows_are_labelled(rev):
    assert rev["grade"].isin(["A", "B", "C", "D", "E"]).all()
    # every total is read in a filing: on sec.gov (A) or in a verbatim copy of it (B)
    assert rev.loc[rev["breakdown"] == "total", "grade"].isin(["A", "B"]).all()
    d = rev[rev["grade"] == "D"]
    assert d["note"].str.contains("Unverified", case=False).all()
    e = rev[rev["grade"] == "E"]
    assert e["note"].str.contains("Derived", case=False).all()
    # the China line the course leans on is never D
    china = rev[rev["category"] == "China (including Hong Kong)"]
    assert not china["grade"].eq("D").any()


def test_no_duplicate_keys(rev):
    key = ["fiscal_year", "breakdown", "category", "reported_in"]
    assert not rev.duplicated(key).any()


# ----------------------------------------------------------------------- nvidia_quarters


@pytest.fixture(scope="module")
def qtr() -> pd.DataFrame:
    return data.load("nvidia_quarters")


def test_quarters_sum_sensibly(qtr, rev, totals):
    key = ["fiscal_year", "quarter"]
    assert not qtr.duplicated([*key, "breakdown", "category"]).any()
    # one end date per quarter, a Sunday (13-week quarters), in the right month for its number
    ends = qtr.groupby(key)["quarter_end"].agg(["nunique", "first"])
    assert (ends["nunique"] == 1).all()
    assert (ends["first"].dt.day_of_week == 6).all()
    month = {1: 4, 2: 7, 3: 10, 4: 1}
    for (fy, q), end in ends["first"].items():
        assert end.month == month[q] and end.year == (fy if q == 4 else fy - 1), (fy, q, end)
    tot = qtr[qtr["breakdown"] == "total"].set_index(key)["revenue_usd_m"]
    for (fy, q), grp in qtr[qtr["breakdown"] != "total"].groupby(key):
        # no part exceeds the quarter's total
        if (fy, q) in tot.index:
            assert (grp["revenue_usd_m"] <= tot[(fy, q)]).all(), (fy, q)
        parts = grp.set_index(["breakdown", "category"])["revenue_usd_m"]
        plat = grp[grp["breakdown"] == "platform"]
        # Data Center + Edge Computing (the two platforms from fiscal 2027) = the quarter's total
        if (fy, q) in tot.index and set(plat["category"]) == {"Data Center", "Edge Computing"}:
            assert abs(plat["revenue_usd_m"].sum() - tot[(fy, q)]) <= TOL, (fy, q)
        # the two reportable segments = the total; the Data Center sub-markets = Data Center
        seg = grp[grp["breakdown"] == "segment"]
        if len(seg) == 2:
            assert abs(seg["revenue_usd_m"].sum() - tot[(fy, q)]) <= TOL, (fy, q)
        mkt = grp[grp["breakdown"] == "market"]
        if len(mkt):
            assert abs(mkt["revenue_usd_m"].sum() - parts[("platform", "Data Center")]) <= TOL, (fy, q)
    # a fiscal year's quarters never add up to more than the annual figure in nvidia_revenue
    annual_dc = rev[(rev["breakdown"] == "platform") & (rev["category"] == "Data Center")]
    annual_dc = annual_dc.groupby("fiscal_year")["revenue_usd_m"].max()
    for fy, grp in qtr.groupby("fiscal_year"):
        if fy not in totals.index:
            continue
        q_tot = grp[grp["breakdown"] == "total"]["revenue_usd_m"]
        assert q_tot.sum() <= totals[fy] + TOL
        if len(q_tot) == 4:
            assert abs(q_tot.sum() - totals[fy]) <= TOL
        q_dc = grp[(grp["breakdown"] == "platform") & (grp["category"] == "Data Center")]["revenue_usd_m"]
        assert q_dc.sum() <= annual_dc[fy] + TOL
    # China by headquarters is a small and shrinking part of each quarter after the H20 requirement
    cn = qtr[qtr["breakdown"] == "geography_hq"].set_index(key)["revenue_usd_m"]
    assert cn[(2027, 1)] < cn[(2026, 1)]
    assert (qtr.loc[qtr["breakdown"] == "geography_hq", "basis"].str.contains("headquarters")).all()


# ----------------------------------------------------------------------------- timeline


def test_timeline_size_and_date_range(tl):
    assert 35 <= len(tl) <= 120
    assert tl["date"].min() >= pd.Timestamp("2019-01-01")
    assert tl["date"].max() <= pd.Timestamp("2026-12-31")
    assert tl["date"].is_monotonic_increasing


def test_month_precision_dates_are_first_of_month(tl):
    m = tl[tl["date_precision"] != "day"]
    assert (m["date"].dt.day == 1).all()
    y = tl[tl["date_precision"] == "year"]
    assert (y["date"].dt.month == 1).all()


def test_titles_are_short_and_unique(tl):
    assert (tl["title"].str.len() < 70).all()
    assert tl["title"].is_unique


def _on(tl, day, *words):
    rows = tl[tl["date"] == pd.Timestamp(day)]
    text = (rows["title"] + " " + rows["description"]).str.lower()
    hit = rows[text.apply(lambda s: all(w.lower() in s for w in words))]
    assert not hit.empty, f"no event on {day} mentioning {words}"
    return hit


@pytest.mark.parametrize(
    "day, words",
    [
        ("2019-05-16", ("Huawei", "Entity List")),
        ("2020-05-15", ("foreign direct product",)),
        ("2022-10-07", ("October 2022",)),
        ("2022-11-07", ("A800",)),
        ("2023-03-21", ("H800",)),
        ("2023-07-03", ("gallium", "germanium")),
        ("2023-10-17", ("October 2023",)),
        ("2024-12-02", ("HBM",)),
        ("2024-12-26", ("DeepSeek-V3",)),
        ("2025-01-13", ("AI Diffusion",)),
        ("2025-01-20", ("DeepSeek-R1",)),
        ("2025-01-27", ("17%",)),
        ("2025-03-23", ("Cook", "Amon")),
        ("2025-04-09", ("H20",)),
        ("2025-04-14", ("indefinite",)),
        ("2025-04-15", ("5.5bn",)),
        ("2025-04-17", ("Huang", "Beijing")),
        ("2025-05-28", ("4.5bn",)),
        ("2025-07-09", ("$4 trillion",)),
        ("2025-08-11", ("15%",)),
        ("2025-09-17", ("RTX Pro 6000D",)),
        ("2025-10-29", ("$5 trillion",)),
        ("2025-12-08", ("H200", "25%")),
        ("2026-01-13", ("91 FR 1684",)),
    ],
)
def test_key_events_are_present_on_their_day(tl, day, words):
    _on(tl, day, *words)


def test_huang_april_2025_visit_is_his_second_in_three_months(tl):
    visits = tl[(tl["category"] == "CEO visit") & tl["actor"].str.contains("Huang")]
    v2025 = visits[visits["date"].dt.year == 2025].sort_values("date")
    assert len(v2025) >= 2
    first, second = v2025["date"].iloc[0], v2025["date"].iloc[1]
    assert second == pd.Timestamp("2025-04-17")
    assert 60 <= (second - first).days <= 100  # 'three months after his previous trip'


def test_h20_sequence_is_in_order(tl):
    seq = [
        _on(tl, "2025-04-09", "H20")["date"].iloc[0],
        _on(tl, "2025-04-14", "indefinite")["date"].iloc[0],
        _on(tl, "2025-04-15", "5.5bn")["date"].iloc[0],
        _on(tl, "2025-05-28", "4.5bn")["date"].iloc[0],
    ]
    assert seq == sorted(seq)


def test_every_group_and_category_is_used(tl):
    groups = {
        "US government",
        "Chinese government",
        "Nvidia",
        "Chinese companies",
        "Other companies",
        "Markets",
    }
    cats = {
        "export control",
        "countermeasure",
        "product",
        "company results",
        "market",
        "CEO visit",
        "AI model",
    }
    assert set(tl["actor_group"]) == groups
    assert set(tl["category"]) == cats


def test_timeline_grades_no_unverified_rows(tl):
    assert not tl["grade"].eq("D").any()
    assert (tl["grade"] == "C").sum() <= 6


def test_revenue_and_timeline_agree_on_fy2025_and_fy2026(tl, totals):
    r25 = _on(tl, "2025-02-26", "130.5bn")
    assert r25["grade"].iloc[0] in "AB"
    assert round(totals[2025] / 1000, 1) == 130.5
    assert round(totals[2026] / 1000, 1) == 215.9
    _on(tl, "2026-02-25", "215.9bn")
