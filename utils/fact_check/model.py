"""The capstone's fact-check: each claim of the seed article against the course's own tables.

Two tables hold the fact-check:

* ``claims``: one row per quantitative claim of the article (original Chinese, English, the
  course's verdict and a short explanation);
* ``claim_evidence``: one row per *reference* into another course table. A reference names the
  table, a row selector (``"fiscal_year=2025;breakdown=total"``), the column, and optionally a
  second row (the *denominator*) for shares, changes and ratios. ``role`` is ``test`` (the
  figure the claim is compared with; one per part) or ``context`` (shown beside it).

Verdicts are **computed**, not typed: :func:`part_verdict` compares the stated value with the
resolved value and the row's label, and :func:`claim_verdict` takes the most severe verdict of
the claim's parts. The tests check that the verdicts written in the tables equal the computed
ones, so a change in a source table that breaks a verdict fails the suite.

Which rows count as evidence (the grade rule). Rows graded A-C always count.
A row graded D (an unverified lead) or the seed article itself never counts. A row graded E (an
estimate: a research firm's count or share, an analyst's forecast, a figure derived by the
course) counts only when the article itself presents the figure as an estimate (the part's
``stated_as`` is ``"estimate"``): "Gasgoo counted 2.1 million" can be matched by Gasgoo's count,
but "2.1 million were installed", stated as fact, needs a row graded A-C. A part whose rows do
not count is unverifiable, whether they agree with it or not. The same rule applies to the later
row that would make a part outdated. (No claim of the seed article presents its figure as an
estimate, so ``claim_evidence`` has no ``stated_as`` column and every part is read as stated as
fact; :func:`check_my_claim` takes it as an argument.)

Verdicts (most severe first):

``wrong``
    a row that counts differs from the claim beyond its rounding.
``mislabelled``
    the figure matches a row that counts, but the row is something else than the claim says (a
    quarter, not a year; a segment, not the company; a disclosure date, not the decision date).
``outdated``
    the figure matched the latest source when the article was written, but a later row that
    counts replaced it.
``unverifiable``
    no row that counts supports or contradicts it: the course found no source, only an
    unverified lead (grade D), or, for a figure stated as fact, only an estimate (grade E).
``confirmed``
    the figure matches a row that counts (grade A-C; or the estimate the article names, grade E)
    within the claim's rounding, with the same label.

The claim checker and the synthesis panels are in :mod:`.panels`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import data, validate
from ..i18n import N_, NP_
from ..substitution import model as substitution
from ..validate import InputError

__all__ = [
    "VERDICTS",
    "SEVERITY",
    "VERDICT_DEFINITIONS",
    "STATED_AS",
    "counts_as_evidence",
    "EvidenceError",
    "Resolved",
    "claims",
    "evidence",
    "select_row",
    "resolve",
    "part_verdict",
    "claim_verdict",
    "evidence_table",
    "summary",
    "check_claim",
    "check_my_claim",
    "synthesis_scenario",
    "synthesis_defaults",
    "synthesis_backtest",
    "synthesis_calibration",
    "backtest",
    "COUNTERFACTUAL",
    "NOT_YET",
    "claim_parts",
    "checker_result",
    "format_value",
]

#: Verdicts, most severe first (a claim's verdict is its most severe part).
SEVERITY = ("wrong", "mislabelled", "outdated", "unverifiable", "confirmed")
#: NP_ marks each name for translation (shown with pgettext("verdict", name)); values unchanged
VERDICTS = (
    NP_("verdict", "confirmed"),
    NP_("verdict", "mislabelled"),
    NP_("verdict", "outdated"),
    NP_("verdict", "unverifiable"),
    NP_("verdict", "wrong"),
)
#: The verdicts are also an exercise's choices: marked so a student may answer with their Chinese.
_VERDICT_CHOICES = (
    NP_("choice", "confirmed"),
    NP_("choice", "mislabelled"),
    NP_("choice", "outdated"),
    NP_("choice", "unverifiable"),
    NP_("choice", "wrong"),
)

VERDICT_DEFINITIONS = {
    "confirmed": "the figure matches a sourced row graded A-C within the claim's rounding, with "
    "the same label (a figure the article gives as an estimate may be matched by that estimate, "
    "grade E)",
    "mislabelled": "the figure matches a sourced row graded A-C, but the row is something else "
    "than the claim says (a quarter, not a year; a segment, not the company)",
    "outdated": "the figure matched the latest source when the article was written, but a "
    "later row graded A-C replaced it",
    "unverifiable": "no row of grade A-C supports or contradicts it: no source found, only an "
    "unverified lead (grade D), or only an estimate (grade E: a research firm's count, an "
    "analyst's figure) for a figure the article states as fact",
    "wrong": "a sourced row graded A-C differs from the claim beyond its rounding",
}

#: How the article presents a figure: as fact, or as someone's estimate (see the grade rule).
STATED_AS = ("fact", "estimate")

VERDICT_COLORS = {
    "confirmed": "#1b7a3d",
    "mislabelled": "#E69F00",
    "outdated": "#56B4E9",
    "unverifiable": "#888888",
    "wrong": "#D55E00",
}

#: The seed article's own source id: a row resting on it is never evidence for its claims.
SEED_SOURCE = "seed-article-2025-04"

#: The "no answer yet" choice of the claim checker.
NOT_YET = NP_("verdict", "(record your verdict)")


def counts_as_evidence(grades, sources=(), stated_as: str = "fact") -> bool:
    """Whether rows with these grades and sources may confirm or contradict a claim (the grade
    rule of the module docstring): never a D row or the seed article; an E row only for a figure
    the article presents as an estimate."""
    stated_as = validate.choice(stated_as, "stated_as", STATED_AS, what="way the figure is stated")
    for name, value in (("grades", grades), ("sources", sources)):
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple, set, pd.Series)):
            raise InputError(f"{name} must be a list of {name}, e.g. ['B', 'E'], not {type(value).__name__}.")
    grades = [str(g).strip().upper() for g in grades if not _blank(g)]
    sources = [str(s) for s in sources if not _blank(s)]
    if "D" in grades or SEED_SOURCE in set(sources):
        return False
    return not ("E" in grades and stated_as != "estimate")


_OPS = ("value", "share", "change", "drop", "ratio", "sum", "difference")
_COMPARISONS = ("approx", "nearly", "at_least", "equal", "exists", "none")


class EvidenceError(InputError):
    """An evidence reference does not resolve (no such table, column or row, or several rows)."""


# ----------------------------------------------------------------------------- tables


def claims() -> pd.DataFrame:
    """The claims table (validated), sorted by claim id."""
    return data.load("claims").sort_values("claim_id").reset_index(drop=True)


def evidence() -> pd.DataFrame:
    """The claim_evidence table (validated)."""
    return data.load("claim_evidence")


def _blank(x) -> bool:
    return (
        x is None
        or (isinstance(x, float) and math.isnan(x))
        or x is pd.NA
        or (isinstance(x, str) and not x.strip())
        or (not isinstance(x, str) and pd.isna(x))
    )


def _parse_selector(selector: str) -> list[tuple[str, str]]:
    pairs = []
    for part in str(selector).split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise EvidenceError(f"Selector part {part!r} has no '=' (expected column=value).")
        col, val = part.split("=", 1)
        pairs.append((col.strip(), val.strip()))
    if not pairs:
        raise EvidenceError("Empty row selector.")
    return pairs


def _cell_text(value) -> str:
    if _blank(value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _claim_id(claim_id, name: str = "claim_id") -> int:
    """A claim number that exists in the ``claims`` table; else InputError."""
    ids = sorted(int(i) for i in claims()["claim_id"])
    n = validate.integer(claim_id, name, low=ids[0], high=ids[-1])
    if n not in ids:
        raise InputError(f"{name}: there is no claim {n}; the claims are {', '.join(map(str, ids))}.")
    return n


def _evidence_row(ev, name: str = "ev"):
    if isinstance(ev, pd.DataFrame) or not (isinstance(ev, pd.Series) or isinstance(ev, Mapping)):
        raise InputError(
            f"{name} must be one evidence row (a row of fact_check.evidence() or a "
            f"dict with table, selector, column...), not {type(ev).__name__}."
        )
    return ev


def select_row(table: str, selector: str) -> pd.Series:
    """The single row of ``table`` matching ``selector`` (``"col=value;col=value"``).

    Raises :class:`EvidenceError` naming the table and selector when the table or a column does
    not exist, or when no row or more than one row matches.
    """
    table = validate.choice(table, "table", data.table_names(), what="course table", error=EvidenceError)
    validate.text(selector, "selector")
    df = data.load(table)
    mask = pd.Series(True, index=df.index)
    for col, val in _parse_selector(selector):
        if col not in df.columns:
            raise EvidenceError(f"Table {table!r} has no column {col!r} (selector {selector!r}).")
        mask &= df[col].map(_cell_text).str.lower() == val.lower()
    rows = df[mask]
    if len(rows) == 0:
        raise EvidenceError(f"No row of {table!r} matches {selector!r}.")
    if len(rows) > 1:
        raise EvidenceError(
            f"{len(rows)} rows of {table!r} match {selector!r}; make the "
            "selector specific enough to pick one."
        )
    return rows.iloc[0]


@dataclass
class Resolved:
    """An evidence reference resolved against the course tables."""

    value: object  # a number (after op and scale), a text, or None
    row: pd.Series | None = None
    den_row: pd.Series | None = None
    later_value: object = None
    later_grades: list = field(default_factory=list)
    later_sources: list = field(default_factory=list)
    grades: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    label: str = ""  # the row's value in label_column

    @property
    def text(self) -> str:
        return format_value(self.value)


def format_value(value, unit: str = "") -> str:
    if value is None:
        return "-"
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return f"{int(value)} {unit}".strip()
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if abs(v) >= 1e5:
            s = f"{v:,.0f}"
        elif abs(v) >= 1:
            s = f"{v:,.5g}"
        else:
            s = f"{v:.4g}"
        return f"{s} {unit}".strip()
    return f"{value} {unit}".strip() if unit and unit not in ("date",) else str(value)


def _num(value, where: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise EvidenceError(f"{where}: {value!r} is not a number.") from None
    if math.isnan(v):
        raise EvidenceError(f"{where}: the cell is empty.")
    return v


def _get(ev, key, default=""):
    v = ev.get(key, default) if hasattr(ev, "get") else getattr(ev, key, default)
    return default if _blank(v) else v


def resolve(ev) -> Resolved:
    """Resolve one evidence row (a mapping or Series) to the value it designates.

    Fails with :class:`EvidenceError` when a table, column or row does not exist.
    """
    _evidence_row(ev)
    table = _get(ev, "table")
    if not table:
        return Resolved(value=None)
    selector, column = _get(ev, "selector"), _get(ev, "column")
    op = validate.choice(_get(ev, "op", "value") or "value", "op", _OPS, what="operation")
    row = select_row(table, selector)
    if column not in row.index:
        raise EvidenceError(f"Table {table!r} has no column {column!r}.")
    where = f"{table}[{selector}].{column}"
    grades, sources = [row.get("grade")], [row.get("source_id")]
    den_row = None
    scale = validate.number(_get(ev, "scale", 1.0), "scale", low=0.0, low_open=True, high=1e12)
    if op == "value":
        raw = row[column]
        if _blank(raw):
            value = None
        elif isinstance(raw, (int, np.integer)) and not isinstance(raw, bool) and scale == 1:
            value = int(raw)
        elif _is_number(raw):
            value = float(raw) * scale
        else:
            value = _cell_text(raw)
    else:
        den_table = _get(ev, "den_table") or table
        den_selector = _get(ev, "den_selector")
        if not den_selector:
            raise EvidenceError(f"op {op!r} needs a den_selector ({where}).")
        den_column = _get(ev, "den_column") or column
        den_row = select_row(den_table, den_selector)
        if den_column not in den_row.index:
            raise EvidenceError(f"Table {den_table!r} has no column {den_column!r}.")
        a = _num(row[column], where)
        b = _num(den_row[den_column], f"{den_table}[{den_selector}].{den_column}")
        grades.append(den_row.get("grade"))
        sources.append(den_row.get("source_id"))
        value = {
            "share": lambda: a / b * 100,
            "change": lambda: (a / b - 1) * 100,
            "drop": lambda: (1 - a / b) * 100,
            "ratio": lambda: a / b,
            "sum": lambda: (a + b) * scale,
            "difference": lambda: (b - a) * scale,
        }[op]()
        if op in ("share", "change", "drop", "ratio") and scale != 1:
            value *= scale
    later_value, later_grades, later_sources = None, [], []
    later_selector = _get(ev, "later_selector")
    if later_selector:
        later_row = select_row(table, later_selector)
        later_column = _get(ev, "later_column") or column
        later_value = _num(later_row[later_column], f"{table}[{later_selector}].{later_column}") * scale
        later_grades = [g for g in [later_row.get("grade")] if not _blank(g)]
        later_sources = [s for s in [later_row.get("source_id")] if not _blank(s)]
    label_column = _get(ev, "label_column")
    label = ""
    if label_column:
        if label_column not in row.index:
            raise EvidenceError(f"Table {table!r} has no column {label_column!r} (label).")
        label = _cell_text(row[label_column])
    return Resolved(
        value=value,
        row=row,
        den_row=den_row,
        later_value=later_value,
        later_grades=later_grades,
        later_sources=later_sources,
        grades=[g for g in grades if not _blank(g)],
        sources=[s for s in sources if not _blank(s)],
        label=label,
    )


def _is_number(x) -> bool:
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool)


def _matches(comparison: str, stated, value, tol: float) -> bool:
    if comparison == "exists":
        return value is not None
    if comparison == "equal":
        return str(stated).strip().lower() == _cell_text(value).strip().lower()
    s, v = float(stated), float(value)
    if comparison == "approx":
        return abs(v - s) <= tol + 1e-9
    if comparison == "nearly":
        return s - tol - 1e-9 <= v <= s + 1e-9
    if comparison == "at_least":
        return v >= s - tol - 1e-9
    raise EvidenceError(f"Unknown comparison {comparison!r}; use one of {', '.join(_COMPARISONS)}.")


def part_verdict(ev, resolved: Resolved | None = None) -> str:
    """The verdict on one tested part, computed from the rows by the grade rule and the verdict
    definitions of the module docstring. ``ev`` may carry ``stated_as`` ("fact", the default,
    or "estimate")."""
    _evidence_row(ev)
    comparison = validate.choice(_get(ev, "comparison", "none") or "none", "comparison", _COMPARISONS)
    if comparison == "none":
        return "unverifiable"
    if resolved is not None and not isinstance(resolved, Resolved):
        raise InputError(
            f"resolved must be the result of fact_check.resolve(ev), not {type(resolved).__name__}."
        )
    stated_as = _get(ev, "stated_as", "fact") or "fact"
    r = resolved if resolved is not None else resolve(ev)
    if not counts_as_evidence(r.grades, r.sources, stated_as):
        return "unverifiable"
    tol = validate.number(_get(ev, "tolerance", 0.0), "tolerance", low=0.0, high=1e9)
    stated = _get(ev, "stated")
    if not _matches(comparison, stated, r.value, tol):
        return "wrong"
    claimed_label = _get(ev, "claimed_label")
    if claimed_label and r.label.lower() != str(claimed_label).lower():
        return "mislabelled"
    if (
        r.later_value is not None
        and comparison != "equal"
        and counts_as_evidence(r.later_grades, r.later_sources, stated_as)
        and not _matches(comparison, stated, r.later_value, tol)
    ):
        return "outdated"
    return "confirmed"


def claim_verdict(claim_id: int, ev: pd.DataFrame | None = None) -> str:
    """A claim's verdict: the most severe computed verdict of its tested parts."""
    claim_id = _claim_id(claim_id)
    ev = evidence() if ev is None else validate.frame(ev, "ev", ["claim_id", "role", "table"])
    tests = ev[(ev["claim_id"] == claim_id) & (ev["role"] == "test")]
    if tests.empty:
        raise EvidenceError(f"Claim {claim_id} has no tested part in claim_evidence.")
    found = {part_verdict(r) for _, r in tests.iterrows()}
    return next(v for v in SEVERITY if v in found)


def evidence_table(claim_id: int) -> pd.DataFrame:
    """The evidence of one claim, resolved: part, role, what, stated, course value, grade, verdict."""
    claim_id = _claim_id(claim_id)
    ev = evidence()
    rows = []
    for _, e in (
        ev[ev["claim_id"] == claim_id].sort_values(["part", "role"], ascending=[True, False]).iterrows()
    ):
        r = resolve(e)
        unit = _get(e, "unit")
        rows.append(
            {
                "part": int(e["part"]),
                "role": e["role"],
                "what": e["what"],
                "article says": "" if _blank(e.get("stated")) else format_value(_stated(e), unit),
                "course table": (r.text if r.value is not None else "no row graded A-C"),
                "reference": (f"{e['table']}: {e['selector']} -> {e['column']}" if _get(e, "table") else "-"),
                "grade": "/".join(sorted(set(r.grades))) if r.grades else "-",
                "verdict": part_verdict(e, r) if e["role"] == "test" else "",
            }
        )
    return pd.DataFrame(rows)


def _stated(e):
    s = _get(e, "stated")
    try:
        return float(s)
    except (TypeError, ValueError):
        return s


def summary() -> pd.DataFrame:
    """One line per claim: id, English claim, verdict (as computed), notebook."""
    c = claims()
    ev = evidence()
    return pd.DataFrame(
        {
            "claim": c["claim_id"],
            "topic": c["topic"],
            "claim (English)": c["claim_en"],
            "verdict": [claim_verdict(int(i), ev) for i in c["claim_id"]],
            "notebook": c["notebook"],
        }
    )


def check_claim(claim_id: int, my_verdict: str) -> tuple[bool, str]:
    """Compare a student's verdict with the course's; returns (correct, feedback text)."""
    claim_id = _claim_id(claim_id)
    c = claims()
    mine = validate.choice(
        validate.text(my_verdict, "my_verdict").lower(), "my_verdict", VERDICTS, what="verdict"
    )
    row = c[c["claim_id"] == claim_id].iloc[0]
    course = row["verdict"]
    if mine == course:
        return True, f"Same verdict as the course: {course}. {row['explanation']}"
    return False, (
        f"The course says {course} ({VERDICT_DEFINITIONS[course]}); you said {mine}. {row['explanation']}"
    )


# ----------------------------------------------------------------------------- the checker panel


# ----------------------------------------------------------------------------- closing synthesis
#
# One panel chaining the course's models: the export-control rules of notebook 01 decide the best
# chip Nvidia may sell each year (utils.substitution.foreign_h100e_by_vintage); the supply
# model of notebook 03 (its demand path and its defaults, which follow the documented events)
# splits China's demand between Nvidia, other foreign vendors and domestic chips; Nvidia's China
# revenue (notebook 00, nvidia_revenue) moves with the compute Nvidia ships there; and the result
# is read as exposure (notebook 04): revenue at risk against Nvidia's total.

#: The counterfactual the revenue at risk is measured against: no new US rules after October
#: 2023 (the H20 stays sellable), with the same demand path and the same other settings.
COUNTERFACTUAL = "October 2023 rules stay (H20 allowed)"


def _synthesis_base() -> dict:
    return dict(_synthesis_base_cached())


def _nv_row(df, **match):
    sel = df
    for k, v in match.items():
        sel = sel[sel[k] == v]
    if len(sel) != 1:
        raise data.DataError(f"nvidia tables: expected one row for {match}, found {len(sel)}.")
    return sel.iloc[0]


@data.derived_cache(maxsize=1)
def _synthesis_base_cached() -> dict:
    """The observed figures the synthesis is calibrated on and tested against (USD bn)."""
    rev = data.load("nvidia_revenue")
    q = data.load("nvidia_quarters")
    prod = data.load("production_constraints")
    china = "China (including Hong Kong)"
    hq = {fy: _nv_row(rev, fiscal_year=fy, breakdown="geography_hq", category=china) for fy in (2025, 2026)}
    total = {fy: _nv_row(rev, fiscal_year=fy, breakdown="total") for fy in (2025, 2026)}
    q1, q2 = (
        _nv_row(q, fiscal_year=2027, quarter=k, breakdown="geography_hq", category=china) for k in (1, 2)
    )
    h20_price = _nv_row(prod, constraint_id="price-h20")
    return {
        "base_year": 2024,
        "china_hq_usd_bn": {fy: float(r["revenue_usd_m"]) / 1000 for fy, r in hq.items()},
        "china_hq_source": {fy: (r["source_id"], r["grade"]) for fy, r in hq.items()},
        "total_usd_bn": {fy: float(r["revenue_usd_m"]) / 1000 for fy, r in total.items()},
        "h1_fy2027_china_usd_bn": (float(q1["revenue_usd_m"]) + float(q2["revenue_usd_m"])) / 1000,
        "h1_fy2027_source": (q2["source_id"], "C" if "C" in (q1["grade"], q2["grade"]) else q2["grade"]),
        "h20_price_usd": float(h20_price["value"]),
        "h20_price_source": (h20_price["source_id"], h20_price["grade"]),
    }


def _nvidia_compute(policy, mandate, licence_share, hbm_growth, capacity_growth):
    params = substitution.default_params(policy)
    params.update(
        capacity_growth=capacity_growth, mandate=mandate, licence_share=licence_share, hbm_growth=hbm_growth
    )
    return substitution.supply_scenario(**params)


@data.derived_cache(maxsize=1)
def synthesis_calibration() -> dict:
    """Revenue per H100-equivalent Nvidia ships to China, from fiscal 2025 (computed once)."""
    base = _synthesis_base()
    default = substitution.run_default()
    nv0 = float(default.loc[default["year"] == base["base_year"], "nvidia"].iloc[0])
    if nv0 <= 0:
        raise InputError("The base-year supply has no Nvidia chips, so there is nothing to scale from.")
    per_h100e = base["china_hq_usd_bn"][2025] / nv0  # USD bn per million H100e = USD k per H100e
    return {
        "usd_per_h100e": per_h100e * 1000.0,
        "usd_per_h20_card": per_h100e * 1000.0 * substitution.h100e("nvidia-h20"),
    }


def synthesis_scenario(
    policy: str,
    mandate: float,
    licence_share: float,
    hbm_growth: float,
    capacity_growth: float,
    year: int,
) -> dict:
    """Controls -> chips Nvidia may sell -> supply shares -> Nvidia's China revenue and what is at risk.

    The model, in plain words:

    * China's demand and who supplies it come from notebook 03's model
      (:func:`utils.substitution.supply_scenario`) with its defaults (which follow the
      documented events), changed by the controls: the market grows on notebook 03's demand path.
    * Nvidia's China revenue (customer-headquarters basis, as Nvidia now reports it) is
      proportional to the compute Nvidia ships to China: one revenue per H100-equivalent,
      calibrated on fiscal 2025 (about calendar 2024). That implies a price per H20-class card,
      which the notebook compares with the H20's reported price.
    * Revenue at risk is what the counterfactual (:data:`COUNTERFACTUAL`: no new rules after
      October 2023, same demand path and settings) would bring, less the scenario's.

    :func:`synthesis_backtest` compares the default run with Nvidia's reported China revenue.
    An illustration, not a forecast.
    """
    year = validate.integer(year, "year", low=2025, high=substitution.YEARS[-1])
    supply = _nvidia_compute(policy, mandate, licence_share, hbm_growth, capacity_growth)
    counter = _nvidia_compute(COUNTERFACTUAL, mandate, 0.0, hbm_growth, capacity_growth)
    base = _synthesis_base()
    per = synthesis_calibration()["usd_per_h100e"] / 1000.0  # USD bn per million H100e
    # numpy columns, not pandas arithmetic: this runs on every slider move
    revenue = per * supply["nvidia"].to_numpy(dtype=float)
    revenue_cf = per * counter["nvidia"].to_numpy(dtype=float)
    at_risk = np.maximum(revenue_cf - revenue, 0.0)
    total = base["total_usd_bn"][2026]
    supply["china_revenue_usd_bn"] = revenue
    supply["counterfactual_usd_bn"] = revenue_cf
    supply["at_risk_usd_bn"] = at_risk
    supply["at_risk_share_of_total"] = at_risk / total
    _, names = substitution.foreign_h100e_by_vintage("free")
    _, licensed = substitution.foreign_h100e_by_vintage("licensed")
    i = list(supply["year"]).index(year)
    vintage = supply["vintage"].iloc[i]
    return {
        "table": supply,
        "year": int(year),
        "vintage": vintage,
        "best_chip": names.get(vintage, "none"),
        "licensed_chip": licensed.get(vintage, "none")
        if licensed.get(vintage) != names.get(vintage)
        else None,
        "demand": float(supply["demand"].iloc[i]),
        "share_nvidia": float(supply["share_nvidia"].iloc[i]),
        "share_domestic": float(supply["share_domestic"].iloc[i]),
        "share_unmet": float(supply["share_unmet"].iloc[i]),
        "china_revenue_usd_bn": float(revenue[i]),
        "counterfactual_usd_bn": float(revenue_cf[i]),
        "at_risk_usd_bn": float(at_risk[i]),
        "at_risk_share_of_total": float(at_risk[i] / total),
        "total_fy2026_usd_bn": total,
        "china_fy2025_usd_bn": base["china_hq_usd_bn"][2025],
    }


def synthesis_defaults() -> dict:
    """The synthesis panel's default controls: notebook 03's defaults (which follow the events)."""
    d = substitution.default_params()
    return {
        "policy": d["policy"],
        "mandate": float(d["mandate"]),
        "licence_share": float(d["licence_share"]),
        "hbm_growth": float(d["hbm_growth"]),
        "capacity_growth": float(d["capacity_growth"]),
    }


def synthesis_backtest() -> pd.DataFrame:
    """The synthesis with its default settings against Nvidia's reported China revenue.

    Rows: fiscal 2025 (calendar 2024: in-sample, the level is calibrated on it), fiscal 2026
    (about calendar 2025: out of sample) and the first half of fiscal 2027 (February-July 2026,
    half of the model's 2026). Revenue by customer headquarters, USD bn.
    """
    base = _synthesis_base()
    r = synthesis_scenario(**synthesis_defaults(), year=2026)["table"].set_index("year")
    rows = [
        (
            NP_("backtest period", "fiscal 2025 (Feb 2024-Jan 2025; in-sample)"),
            2024,
            1.0,
            base["china_hq_usd_bn"][2025],
            base["china_hq_source"][2025],
        ),
        (
            NP_("backtest period", "fiscal 2026 (Feb 2025-Jan 2026)"),
            2025,
            1.0,
            base["china_hq_usd_bn"][2026],
            base["china_hq_source"][2026],
        ),
        (
            NP_("backtest period", "fiscal 2027, first half (Feb-Jul 2026)"),
            2026,
            0.5,
            base["h1_fy2027_china_usd_bn"],
            base["h1_fy2027_source"],
        ),
    ]
    out = []
    for period, year, part, observed, (source_id, grade) in rows:
        model = float(r.loc[year, "china_revenue_usd_bn"]) * part
        out.append(
            {
                "quantity": N_("Nvidia China revenue, customer HQ basis (USD bn)"),
                "period": period,
                "model": model,
                "observed": observed,
                "error_pct": 100.0 * (model / observed - 1.0),
                "source_id": source_id,
                "grade": grade,
            }
        )
    return pd.DataFrame(out)


def backtest() -> pd.DataFrame:
    """This module's model against what happened: :func:`synthesis_backtest`."""
    return synthesis_backtest()


# ----------------------------------------------------------------------------- your own claim


def check_my_claim(
    stated,
    table: str = "",
    selector: str = "",
    column: str = "",
    *,
    op: str = "value",
    den_selector: str = "",
    den_table: str = "",
    den_column: str = "",
    scale: float = 1.0,
    comparison: str = "approx",
    tolerance: float = 0.0,
    label_column: str = "",
    claimed_label: str = "",
    stated_as: str = "fact",
) -> dict:
    """Check a claim from another article against a course table, by the capstone's rules.

    ``stated_as="estimate"`` when the article itself gives the figure as someone's estimate
    ("IDC estimates..."): then an estimate row (grade E) may match it; a figure stated as fact
    needs a row graded A-C.

    Returns ``{"value", "verdict", "grades", "sources"}``. With no table (``comparison="none"``)
    the verdict is "unverifiable": find a source, add a row to a table of your own copy, and try
    again. Errors (no such table, row or column) are raised as :class:`EvidenceError`.
    """
    if table is None or (isinstance(table, str) and table == ""):
        table, comparison = "", "none"
    else:
        table = validate.choice(table, "table", data.table_names(), what="course table")
        stated = validate.number(stated, "stated (the figure the article gives)", low=-1e15, high=1e15)
        validate.text(selector, "selector")
        validate.text(column, "column")
    op = validate.choice(op, "op", _OPS, what="operation")
    comparison = validate.choice(comparison, "comparison", _COMPARISONS)
    scale = validate.number(scale, "scale", low=0.0, low_open=True, high=1e12)
    tolerance = validate.number(tolerance, "tolerance", low=0.0, high=1e9)
    stated_as = validate.choice(stated_as, "stated_as", STATED_AS, what="way the figure is stated")
    for name, value in (
        ("den_selector", den_selector),
        ("den_table", den_table),
        ("den_column", den_column),
        ("label_column", label_column),
        ("claimed_label", claimed_label),
    ):
        validate.text(value, name, allow_empty=True)
    ev = {
        "stated": stated,
        "table": table,
        "selector": selector,
        "column": column,
        "op": op,
        "den_selector": den_selector,
        "den_table": den_table,
        "den_column": den_column,
        "scale": scale,
        "comparison": comparison,
        "tolerance": tolerance,
        "label_column": label_column,
        "claimed_label": claimed_label,
        "stated_as": stated_as,
    }
    r = resolve(ev) if table else Resolved(value=None)
    return {
        "value": r.value,
        "verdict": part_verdict(ev, r if table else None),
        "grades": r.grades,
        "sources": r.sources,
    }


def checker_result(claim: int, my_verdict: str) -> dict:
    """The claim checker's model: the claim's evidence (resolved once per claim, see
    :func:`claim_parts`) and, once the student has recorded a verdict, the course's."""
    claim = _claim_id(claim, "claim")
    row, parts, context = copy.deepcopy(claim_parts(claim))
    if not (isinstance(my_verdict, str) and my_verdict == NOT_YET):
        my_verdict = validate.choice(my_verdict, "my_verdict", [*VERDICTS, NOT_YET], what="verdict")
    revealed = my_verdict in VERDICTS
    return {
        "claim": int(claim),
        "context": context,
        "claim_zh": row["claim_zh"],
        "claim_en": row["claim_en"],
        "notebook": row["notebook"],
        "parts": parts,
        "revealed": revealed,
        "my_verdict": my_verdict if revealed else None,
        "verdict": row["verdict"] if revealed else None,
        "correct": (my_verdict == row["verdict"]) if revealed else None,
        "explanation": row["explanation"] if revealed else "",
    }


@data.derived_cache(maxsize=None)
def claim_parts(claim: int) -> tuple[dict, list, list]:
    """One claim's row (as a dict), its tested parts resolved against the tables, its context.

    Cached per claim (forgotten by ``data.clear_cache``); callers get a deep copy."""
    claim = _claim_id(claim, "claim")
    c = claims()
    row = c[c["claim_id"] == claim].iloc[0]
    row = {k: row[k] for k in ("claim_zh", "claim_en", "notebook", "verdict", "explanation")}
    ev = evidence()
    parts = []
    for _, e in ev[(ev["claim_id"] == claim) & (ev["role"] == "test")].sort_values("part").iterrows():
        r = resolve(e)
        stated = _stated(e)
        ratio = None
        if _is_number(stated) and _is_number(r.value) and float(stated) != 0:
            ratio = float(r.value) / float(stated)
        parts.append(
            {
                "part": int(e["part"]),
                "what": e["what"],
                "unit": _get(e, "unit"),
                "stated": stated,
                "value": r.value,
                "ratio": ratio,
                "label": r.label,
                "claimed_label": _get(e, "claimed_label"),
                "later": r.later_value,
                "grades": r.grades,
                "verdict": part_verdict(e, r),
            }
        )
    context = []
    for _, e in (
        ev[(ev["claim_id"] == claim) & (ev["role"] == "context")]
        .sort_values("part", kind="stable")
        .iterrows()
    ):
        r = resolve(e)
        context.append(
            {
                "part": int(e["part"]),
                "what": e["what"],
                "value": r.value,
                "unit": _get(e, "unit"),
                "grades": r.grades,
            }
        )
    return row, parts, context
