"""The course says how current it is: every notebook's "as of" line and "where the sources stop"
list are computed from the data; the grade targets of primary sourcing hold."""

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from utils import data

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
DATA = ROOT / "data"


def _code(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_says_how_current_it_is(path):
    cells = _code(path)
    as_of = [c for c in cells[:3] if "data.as_of(" in c.source]
    assert as_of, f"{path.name}: no data.as_of(...) line among the first code cells"
    listed = set(re.findall(r'"([a-z_0-9]+)"', as_of[0].source))
    loaded = set()
    for c in cells:
        loaded |= set(re.findall(r'data\.load\("([a-z_0-9]+)"', c.source))
    assert loaded <= listed, f"{path.name}: the 'as of' line leaves out tables it loads: {loaded - listed}"
    number = path.name[:2]
    stops = [c for c in cells if f'data.where_sources_stop("{number}")' in c.source]
    assert stops, f"{path.name}: no 'where the sources stop' cell for notebook {number}"


def test_as_of_dates_are_the_data_s():
    # computed here straight from the CSV files, not through the function under test
    timeline = pd.read_csv(DATA / "timeline.csv", parse_dates=["date"])
    quarters = pd.read_csv(DATA / "nvidia_quarters.csv", parse_dates=["quarter_end"])
    sources = pd.read_csv(DATA / "sources.csv", parse_dates=["accessed"]).set_index("id")
    used = set(timeline["source_id"]) | set(quarters["source_id"])
    accessed = sources.loc[sorted(used), "accessed"].max()
    latest = max(timeline["date"].max(), quarters["quarter_end"].max())
    line = data.as_of("timeline", "nvidia_quarters")
    assert f"{accessed.day} {accessed:%B %Y}" in line
    assert f"{latest.day} {latest:%B %Y}" in line
    assert f"{len(used)} sources" in line


def test_as_of_leaves_out_guidance():
    capex = pd.read_csv(DATA / "hyperscaler_capex.csv", parse_dates=["period_end"])
    done = capex[capex["status"] != "guidance"]["period_end"].max()
    assert capex["period_end"].max() > done  # the table does look ahead
    assert f"{done.day} {done:%B %Y}" in data.as_of("hyperscaler_capex")


def test_where_sources_stop_lists_this_notebook_s_items():
    watch = pd.read_csv(DATA / "watchlist.csv", parse_dates=["expected"])
    text = data.where_sources_stop("03", today="2026-11-15")
    mine = watch[watch["topics"].str.split(";").map(lambda t: "03" in t)]
    others = watch[~watch["item_id"].isin(mine["item_id"])]
    for r in mine.itertuples():
        assert f"[{r.source_id}]" in text
    assert not any(r.item[:40] in text for r in others.itertuples())
    last = pd.read_csv(DATA / "timeline.csv", parse_dates=["date"])["date"].max()
    assert f"{last:%B %Y}" in text
    # a deadline that has passed says so (the outcome must be looked up)
    text = data.where_sources_stop("01", today="2026-11-15")
    line = next(x for x in text.splitlines() if "Affiliates" in x)
    assert "date passed" in line
    line = next(x for x in text.splitlines() if "gallium" in x)
    assert "date passed" not in line  # 27 November is still ahead on 15 November
    with pytest.raises(ValueError, match="notebook number"):
        data.where_sources_stop("7")


def test_watchlist_dates_are_after_the_latest_event():
    watch = pd.read_csv(DATA / "watchlist.csv", parse_dates=["expected"])
    last = pd.read_csv(DATA / "timeline.csv", parse_dates=["date"])["date"].max()
    assert (watch["expected"] > last).all(), "a watchlist item the timeline already covers: move it"


# ----------------------------------------------------------------------------- primary sourcing


def _graded_rows() -> pd.DataFrame:
    """Every row of every table that carries a grade, except the course's own apparatus (the
    verdicts, glossary, watchlist, assumptions and reading lists hold no figures)."""
    skip = {"sources", "claims", "claim_evidence", "glossary", "watchlist", "assumptions", "reading_list"}
    frames = []
    for path in sorted(DATA.glob("*.csv")):
        if path.stem in skip:
            continue
        df = pd.read_csv(path, dtype=str)
        if "grade" in df.columns:
            note = df["note"] if "note" in df.columns else pd.Series("", index=df.index)
            frames.append(pd.DataFrame({"table": path.stem, "grade": df["grade"], "note": note.fillna("")}))
    return pd.concat(frames, ignore_index=True)


def test_grade_targets():
    rows = _graded_rows()
    counts = rows["grade"].value_counts().reindex(list("ABCDE"), fill_value=0)
    not_estimates = rows[rows["grade"] != "E"]
    ab = not_estimates["grade"].isin(["A", "B"]).mean()
    print(
        f"\ngrades: { {k: int(v) for k, v in counts.items()} }; A or B among the {len(not_estimates)} rows that are not estimates: {ab:.1%}"
    )
    assert ab >= 0.85, f"only {ab:.1%} of the non-estimate rows grade A or B (target 85%)"
    d = rows[rows["grade"] == "D"]
    assert len(d) <= 3, f"{len(d)} rows grade D (at most 3):\n{d}"
    unlabelled = d[~d["note"].str.lower().str.contains("unverified")]
    assert unlabelled.empty, f"grade-D rows whose note does not say 'unverified':\n{unlabelled}"
