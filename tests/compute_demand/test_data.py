"""Consistency tests of notebook 02's tables: the report's figures add up, the course selection
matches the Epoch AI snapshot it came from, disagreements are kept, estimates are labelled."""

from pathlib import Path

import pandas as pd
import pytest

from utils import compute_demand as cd
from utils import data

TABLES = [
    "ai_models",
    "deepseek_v3",
    "deepseek_estimates",
    "api_prices",
    "hyperscaler_capex",
    "market_events",
]
EPOCH = Path(__file__).resolve().parents[3] / "shared" / "data" / "epoch"


@pytest.fixture(scope="module")
def t():
    return {name: data.load(name) for name in TABLES}


def _v3(df, item, stage):
    row = df[(df["item"] == item) & (df["stage"] == stage)]
    assert len(row) == 1, (item, stage)
    return float(row["value"].iloc[0])


def test_tables_load_with_sources_and_grades(t):
    for name, df in t.items():
        assert len(df) > 0, name
        assert df["source_id"].notna().all(), name
        assert df["grade"].isin(list("ABCDE")).all(), name
        data.sources_for(df)  # every source id resolves


def test_v3_stages_add_up(t):
    v3 = t["deepseek_v3"]
    stages = ["pre-training", "context extension", "post-training"]
    hours = sum(_v3(v3, "gpu_hours", s) for s in stages)
    assert hours == pytest.approx(_v3(v3, "gpu_hours", "total"))
    price = _v3(v3, "rental_price", "assumption")
    for s in stages + ["total"]:
        assert cd.training_cost(_v3(v3, "gpu_hours", s), price) == pytest.approx(
            _v3(v3, "training_cost", s)
        ), s


def test_v3_report_is_self_consistent(t):
    v3 = t["deepseek_v3"]
    # 180K GPU-hours per trillion tokens × 14.8T tokens = 2,664K GPU-hours
    per_t = _v3(v3, "gpu_hours_per_trillion_tokens", "pre-training")
    tokens = _v3(v3, "training_tokens", "pre-training")
    assert per_t * tokens / 1e12 == pytest.approx(_v3(v3, "gpu_hours", "pre-training"))
    # ... which on 2,048 GPUs is about 54 days: "less than two months"
    days = _v3(v3, "gpu_hours", "pre-training") / _v3(v3, "gpu_count", "cluster") / 24
    assert 50 < days < 60
    # 6·N·D with the active parameters ≈ 3.29e24
    flop = cd.training_flop(_v3(v3, "active_parameters", "model"), tokens)
    assert flop == pytest.approx(3.2856e24)
    # the implied utilisation at the BF16 peak is plausible (between 10% and 60%)
    u = cd.implied_utilisation(
        flop, _v3(v3, "gpu_hours", "pre-training"), _v3(v3, "h800_peak_bf16", "hardware")
    )
    assert 0.1 < u < 0.6


def test_ai_models_selection(t):
    m = t["ai_models"]
    assert 60 <= len(m) <= 150
    top = m[m["selection"].str.contains("top5-year")]
    per_year = top.groupby(top["date"].dt.year).size()
    assert set(per_year.index) == set(range(2012, 2026))
    assert (per_year <= 5).all()
    assert not m.duplicated(["model", "estimate_as_of"]).any()
    assert m["selection"].str.contains("china").sum() >= 10
    for name in ["DeepSeek-V3", "DeepSeek-R1", "Llama 3.1-405B", "GPT-4", "GPT-3 175B (davinci)"]:
        assert name in set(m["model"]), name


def test_ai_models_keeps_both_deepseek_estimates(t):
    m = t["ai_models"]
    v3 = m[m["model"] == "DeepSeek-V3"].set_index("estimate_as_of")["training_flop"]
    assert v3[pd.Timestamp("2025-02-24")] == pytest.approx(4.56e24)
    assert v3[pd.Timestamp("2025-08-07")] == pytest.approx(3.4078e24)
    # Epoch's later estimate = 6·N·D pre-training (3.2856e24) + post-training (1.222e23)
    assert v3[pd.Timestamp("2025-08-07")] == pytest.approx(3.2856e24 + 1.222e23, rel=1e-3)
    llama = m[m["model"] == "Llama 3.1-405B"]["training_flop"].iloc[0]
    assert llama == pytest.approx(3.8e25)
    gpt4 = m[m["model"] == "GPT-4"].iloc[0]
    assert gpt4["epoch_confidence"] == "Speculative" and gpt4["grade"] == "E"


@pytest.mark.skipif(not EPOCH.is_dir(), reason="Epoch AI snapshots not available here")
def test_ai_models_match_the_epoch_snapshots(t):
    m = t["ai_models"]
    snaps = {
        pd.Timestamp("2025-08-07"): pd.read_csv(EPOCH / "epoch_all_ml_systems_snapshot_2025-08.csv"),
        pd.Timestamp("2025-02-24"): pd.read_csv(EPOCH / "epoch_notable_ai_models_snapshot_2025-02-24.csv"),
    }
    for row in m.itertuples():
        snap = snaps[row.estimate_as_of]
        src = snap[snap["Model"] == row.model]
        assert len(src) >= 1, row.model
        assert row.training_flop == pytest.approx(float(src["Training compute (FLOP)"].iloc[0]), rel=1e-3), (
            row.model
        )
        assert row.date == pd.Timestamp(src["Publication date"].iloc[0]), row.model


def test_outside_estimates_are_labelled(t):
    est = t["deepseek_estimates"]
    outside = est[~est["estimator"].isin(["DeepSeek"])]
    assert (outside["grade"] == "E").all()
    assert (est["value"].notna() | est["low"].notna()).all()
    lohi = est.dropna(subset=["low", "high"])
    assert (lohi["low"] <= lohi["high"]).all()
    final = est.set_index("estimate_id").loc["v3-final-run", "value"]
    v3 = t["deepseek_v3"]
    assert final * 1e6 == pytest.approx(_v3(v3, "training_cost", "total"))


def test_api_price_ratio_r1_vs_o1(t):
    p = t["api_prices"]

    def row(api, kind):  # one row (the index is not unique, and pandas 2.2 and 3 differ on .loc)
        rows = p[(p["api_name"] == api) & (p["price_type"] == kind)]
        assert len(rows) == 1, (api, kind)
        return rows.iloc[0]

    r1 = row("deepseek-reasoner", "list")
    o1 = row("o1", "list")
    assert o1["input_cache_miss_usd"] / r1["input_cache_miss_usd"] == pytest.approx(27.27, rel=1e-3)
    assert o1["output_usd"] / r1["output_usd"] == pytest.approx(27.40, rel=1e-3)


def test_capex(t):
    c = t["hyperscaler_capex"]
    assert (c["grade"] != "D").all()
    g = c[c["status"] == "guidance"]
    ranged = g.dropna(subset=["low_usd_bn", "high_usd_bn"])
    assert (
        (ranged["low_usd_bn"] <= ranged["capex_usd_bn"]) & (ranged["capex_usd_bn"] <= ranged["high_usd_bn"])
    ).all()
    rep = c[c["status"] == "reported"]
    for company in ["Microsoft", "Alphabet", "Amazon", "Meta"]:
        years = set(rep.loc[rep["company"] == company, "fiscal_year"])
        assert {2023, 2024} <= years, company
    assert not c.duplicated(["company", "fiscal_year", "definition", "status"]).any()
    # Amazon 2024 net = gross - proceeds (82.999 - 5.341)
    amzn = c[(c["company"] == "Amazon") & (c["fiscal_year"] == 2024)].set_index("definition")
    assert amzn.loc["net of proceeds and incentives", "capex_usd_bn"] == pytest.approx(82.999 - 5.341)


def test_market_events_keep_the_disagreement(t):
    ev = t["market_events"]
    lost = ev[ev["measure"] == "one-day fall in market value"]["value"]
    assert {589.0, 593.7} <= set(lost)
    closes = ev[(ev["measure"] == "closing share price") & (ev["date"] == "2025-01-27")]
    assert len(closes) == 2
    before = ev[(ev["measure"] == "closing share price") & (ev["date"] == "2025-01-24")]["value"].iloc[0]
    pct = ev[ev["measure"] == "one-day share price change"]["value"].iloc[0]
    # 142.62 → 118.42 is a 16.97% fall
    assert (closes["value"].min() / before - 1) * 100 == pytest.approx(pct, abs=0.01)


@pytest.mark.skipif(not EPOCH.is_dir(), reason="Epoch AI snapshots not available here")
def test_ai_models_selection_can_be_rebuilt_from_the_snapshot(t):
    """The construction rule of ai_models, stated as code: rebuilding it gives the same rows."""
    a = pd.read_csv(EPOCH / "epoch_all_ml_systems_snapshot_2025-08.csv")
    a["date"] = pd.to_datetime(a["Publication date"], errors="coerce")
    base = a[
        a["Training compute (FLOP)"].notna() & a["Notability criteria"].notna() & (a["date"] >= "2012-01-01")
    ].copy()
    base["year"] = base["date"].dt.year
    top = base.sort_values("Training compute (FLOP)", ascending=False).groupby("year").head(5)
    china = base[
        base["Country (of organization)"].str.contains("China", na=False)
        & (base["Training compute (FLOP)"] >= 1e23)
        & base["Base model"].isna()
    ]
    m = t["ai_models"]
    latest = m[m["selection"] != "revision"]
    assert set(latest.loc[latest["selection"].str.contains("top5-year"), "model"]) == set(top["Model"])
    assert set(latest.loc[latest["selection"].str.contains("china"), "model"]) == set(china["Model"])
    anchors = set(latest.loc[latest["selection"].str.contains("anchor"), "model"])
    assert {"DeepSeek-V3", "DeepSeek-R1", "Llama 3.1-405B", "GPT-4"} <= anchors
