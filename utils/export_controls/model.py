"""The US export-control tests for AI chips, written as code.

Four rule vintages are modelled (thresholds are read from the ``export_rules`` table; the
AND/OR logic is here):

* ``"2022-10"``: the original two-part test of ECCN 3A090 (87 FR 62186): aggregate I/O of
  600 GB/s or more AND bit length x TOPS of 4800 or more.
* ``"2023-10"``: total processing performance (TPP) and performance density (88 FR 73458):
  3A090.a (TPP >= 4800, or TPP >= 1600 with density >= 5.92) and 3A090.b (the lower bands), with
  chips not designed or marketed for data centres caught only at TPP >= 4800 (Note 2).
* ``"2025-04"``: the 2023 test plus the H20-class licence requirement of April 2025, using the
  bandwidth thresholds *reported* from Intel's customer notice (never published in the
  Federal Register).
* ``"2026-01"``: the 2025 tests plus the January 2026 case-by-case review policy (91 FR 1684)
  for chips with TPP < 21,000 and total DRAM bandwidth < 6,500 GB/s.

Everything here is pure: numbers in, a :class:`Verdict` out. Bad input raises ``ValueError``
with a message a student can act on; a decision that needs a figure you did not give (die area,
I/O bandwidth…) raises too, instead of guessing.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import data as _data
from .. import validate
from ..validate import InputError

__all__ = [
    "RULES",
    "Verdict",
    "tpp",
    "performance_density",
    "classify",
    "thresholds",
    "rule_info",
    "rule_in_force",
    "dense_ops",
    "chip_tpp",
    "chips",
    "classify_chip",
    "classify_catalogue",
    "status_on",
    "H20WhatIf",
    "h20_whatif",
    "h20_figures",
    "designed_pairs",
    "story_events",
    "weak_rows",
    "DesignResult",
    "design_chip",
    "chip_preset",
    "nvidia_china_revenue",
    "status_table",
    "catalogue_by_rule",
]

#: The rule vintages :func:`classify` knows, oldest first.
RULES = ("2022-10", "2023-10", "2025-04", "2026-01")

#: Bit length of each throughput column of the ``accelerators`` table.
BITS_OF_COLUMN = {"fp16_tflops": 16, "int8_tops": 8, "fp8_tflops": 8, "fp4_tflops": 4}

_REPORTED = (
    "reported from Intel's notice to Chinese customers (Financial Times, April 2025), "
    "not published in the Federal Register"
)


# ----------------------------------------------------------------------------- validation


def _number(name: str, value, *, unit: str = "", allow_none: bool = False) -> float | None:
    """A finite, strictly positive number, or None when allowed; else an InputError."""
    return validate.number(
        value,
        name,
        low=0.0,
        low_open=True,
        high=1e12,
        unit=unit,
        allow_none=allow_none,
        hint="A chip figure cannot be zero or negative; leave out (None) a figure that is unknown."
        if allow_none
        else "",
    )


def _check_rule(rule) -> str:
    return validate.choice(rule, "rule", RULES, what="rule vintage")


#: Columns of the ``accelerators`` table the catalogue functions need.
_CATALOGUE_COLUMNS = (
    "chip_id",
    "chip",
    "vendor",
    "country",
    "launch_year",
    "datacenter",
    "china_market",
    "derived_from",
    "die_area_mm2",
    "memory_bandwidth_gbps",
    "interconnect_gbps",
    "grade",
    "source_id",
)


def _catalogue(df, name: str = "df", *, computed: bool = True) -> pd.DataFrame:
    """``df`` if it is the catalogue (``chips()``, or the ``accelerators`` table); else InputError."""
    cols = _CATALOGUE_COLUMNS + (("tpp", "perf_density") if computed else ())
    return validate.frame(df, name, cols)


def _row(row, name: str = "row"):
    """One catalogue row: a pandas Series (``chips().iloc[0]``) or a dict; else InputError."""
    if isinstance(row, pd.DataFrame) or not (isinstance(row, pd.Series) or isinstance(row, Mapping)):
        raise InputError(
            f"{name} must be one row of the accelerators table (a pandas Series such "
            f"as ec.chips().iloc[0], or a dict), not {type(row).__name__}."
        )
    return row


def _cell(row, col, name: str = "row") -> float | None:
    """A numeric cell of a row: None when blank, a finite number, else InputError."""
    v = row.get(col)
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    return validate.number(v, f"{name}[{col!r}]", low=0.0, low_open=True)


def _fmt(x: float) -> str:
    """1,234 for large numbers, 5.92 / 2.91 for small ones."""
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.2f}".rstrip("0").rstrip(".") if abs(x - round(x)) > 1e-9 else f"{x:,.0f}"


# ----------------------------------------------------------------------------- the metrics


def tpp(dense_tops_by_bits: Mapping[int, float]) -> float:
    """Total Processing Performance: the highest dense TOPS (or TFLOPS) x bit length.

    ``dense_tops_by_bits`` maps a bit length (4, 8, 16, 32…) to the chip's **dense** throughput
    at that bit length, in tera-operations per second. BIS's example: 600 TOPS at 8 bits or 300
    TFLOPS at 16 bits both give TPP 4800.

    >>> tpp({16: 989.4, 8: 1979})
    15832.0
    """
    if not isinstance(dense_tops_by_bits, Mapping):
        raise InputError(
            "dense_tops_by_bits must be a mapping {bit length: dense TOPS}, e.g. {16: 148, 8: 296}; "
            f"got {type(dense_tops_by_bits).__name__}."
        )
    if not dense_tops_by_bits:
        raise InputError(
            "dense_tops_by_bits needs at least one {bit length: dense TOPS} pair, e.g. {16: 148}."
        )
    best = 0.0
    for bits, ops in dense_tops_by_bits.items():
        if isinstance(bits, bool) or not isinstance(bits, numbers.Integral) or not 1 <= int(bits) <= 64:
            raise InputError(
                f"dense_tops_by_bits: bit length {bits!r:.20} is not a whole number of bits between "
                "1 and 64 (use 4, 8, 16 or 32)."
            )
        x = _number(f"dense_tops_by_bits: throughput at {int(bits)} bits", ops, unit="TOPS")
        best = max(best, x * int(bits))
    return best


def performance_density(tpp: float, die_area_mm2: float) -> float:
    """TPP per mm² of applicable die area (logic dies on FinFET/GAA nodes; HBM not counted)."""
    t = _number("tpp", tpp)
    a = _number("die_area_mm2 (die area)", die_area_mm2, unit="mm²")
    return t / a


# ----------------------------------------------------------------------------- thresholds


@_data.derived_cache(maxsize=1)
def _rules_table() -> pd.DataFrame:
    return _data.load("export_rules")


def thresholds(rule: str) -> dict[str, float]:
    """The thresholds of one rule vintage, {threshold_id: value}, from the ``export_rules`` table."""
    _check_rule(rule)
    return _thresholds(rule)


@_data.derived_cache(maxsize=None)
def _thresholds(rule: str) -> dict[str, float]:
    t = _rules_table()
    sub = t[t["rule"] == rule]
    return {str(k): float(v) for k, v in zip(sub["threshold_id"], sub["value"])}


def rule_info(rule: str) -> dict:
    """Title, dates and citation of a rule vintage (from the ``export_rules`` table)."""
    _check_rule(rule)
    t = _rules_table()
    row = t[t["rule"] == rule].iloc[0]
    in_force = row["effective"] if pd.notna(row["effective"]) else row["announced"]
    return {
        "rule": rule,
        "title": str(row["rule_title"]),
        "announced": row["announced"].date(),
        "fr_published": None if pd.isna(row["fr_published"]) else row["fr_published"].date(),
        "effective": None if pd.isna(row["effective"]) else row["effective"].date(),
        "in_force": in_force.date(),
        "citation": str(row["citation"]),
    }


def rule_in_force(on) -> str | None:
    """The latest rule vintage announced on or before the date ``on`` (None before Oct 2022).

    ``on`` is a date (``"2024-06-30"``, a ``datetime``) or a year: ``2024`` means the rule in
    force by the end of 2024 (31 December). The course dates a vintage from its announcement:
    the 2023 rule was made effective for NVIDIA on 23 October 2023, before its formal effective
    date of 17 November 2023.
    """
    d = validate.as_date(on, "on")
    current = None
    for r in RULES:
        if rule_info(r)["announced"] <= d:
            current = r
    return current


# ----------------------------------------------------------------------------- the verdict


@dataclass(frozen=True)
class Verdict:
    """The outcome of :func:`classify`."""

    controlled: bool
    category: str
    reasons: list = field(default_factory=list)
    rule: str = "2023-10"
    clauses: tuple = ()
    tpp: float = math.nan
    performance_density: float | None = None
    case_by_case: bool = False

    def __str__(self) -> str:
        head = f"{'CONTROLLED' if self.controlled else 'not controlled'} under the {self.rule} rule: {self.category}"
        return head + "".join(f"\n  - {r}" for r in self.reasons)


def _test(label: str, value: float, op: str, thr: float, clause: str, unit: str = "") -> tuple[bool, str]:
    """Compare and explain: returns (met, sentence naming the threshold, the value and the margin)."""
    u = f" {unit}" if unit else ""
    if op == ">=":
        met = value >= thr
        if value == thr:
            margin = "exactly on the line, which counts ('or more')"
        elif met:
            margin = f"over by {_fmt(value - thr)}{u}"
        else:
            margin = f"short by {_fmt(thr - value)}{u}"
        word = "meets" if met else "is below"
        return (
            met,
            f"{label} {_fmt(value)}{u} {word} the {clause} threshold of {_fmt(thr)}{u} or more ({margin}).",
        )
    if op == "<":
        met = value < thr
        if met:
            margin = f"under by {_fmt(thr - value)}{u}"
        elif value == thr:
            margin = "exactly on the line, which is not below it"
        else:
            margin = f"over by {_fmt(value - thr)}{u}"
        word = "is below" if met else "is not below"
        return met, f"{label} {_fmt(value)}{u} {word} the {clause} ceiling of {_fmt(thr)}{u} ({margin})."
    raise AssertionError(op)


def _rule_2022(t, io, reasons):
    th = thresholds("2022-10")
    met_tpp, s = _test("TPP (bit length x TOPS)", t, ">=", th["tpp_min"], "3A090.a.1 (2022)")
    reasons.append(s)
    if not met_tpp:
        reasons.append(
            "The 2022 test needs BOTH prongs, so the chip is outside it whatever its I/O bandwidth."
        )
        return False, "not controlled", ()
    if io is None:
        raise InputError(
            "The 2022 rule needs the chip's aggregate I/O bandwidth (io_bandwidth_gbps, "
            "chip-to-chip links such as NVLink, both directions added) because its TPP "
            f"{_fmt(t)} reaches {_fmt(th['tpp_min'])}. Give io_bandwidth_gbps."
        )
    met_io, s = _test("Aggregate I/O", io, ">=", th["io_min"], "3A090.a (2022)", "GB/s")
    reasons.append(s)
    if met_io:
        reasons.append("Both prongs are met (I/O AND TPP), so the chip is caught by the 2022 test.")
        return True, "3A090.a", ("3A090.a (2022)",)
    reasons.append(
        "Only the TPP prong is met; the 2022 test needs both, so the chip is outside it "
        "(the A800 / H800 route: cut the interconnect)."
    )
    return False, "not controlled", ()


def _rule_2023(t, die, datacenter, reasons):
    th = thresholds("2023-10")
    pdens = None if die is None else t / die
    if not datacenter:
        met, s = _test("TPP", t, ">=", th["nondc_tpp_min"], "Note 2 (not for data centres)")
        reasons.append(
            "Not designed or marketed for data centres: under Note 2 such chips are caught only at TPP 4800 or more; density does not matter."
        )
        reasons.append(s)
        if met:
            reasons.append(
                "Controlled as 3A090.a.1 (License Exception NAC may apply to non-data-centre chips)."
            )
            return True, "3A090.a", ("3A090.a.1",), pdens
        return False, "not controlled", (), pdens
    met_a1, s = _test("TPP", t, ">=", th["a1_tpp_min"], "3A090.a.1")
    reasons.append(s)
    if met_a1:
        if pdens is not None:
            reasons.append(
                f"Performance density {_fmt(pdens)} (TPP / {_fmt(die)} mm²) does not matter once TPP reaches {_fmt(th['a1_tpp_min'])}."
            )
        return True, "3A090.a", ("3A090.a.1",), pdens
    floor = min(th["a2_tpp_min"], th["b2_tpp_min"])
    if t < floor:
        reasons.append(
            f"TPP {_fmt(t)} is below {_fmt(floor)}, the lowest TPP any 3A090 paragraph applies to "
            f"(short by {_fmt(floor - t)}); density does not matter."
        )
        return False, "not controlled", (), pdens
    if die is None:
        raise InputError(
            f"A data-centre chip with TPP {_fmt(t)} (between {_fmt(floor)} and "
            f"{_fmt(th['a1_tpp_min'])}) is classified by its performance density, which "
            "needs the applicable die area. Give die_area_mm2 (logic dies only, in mm²)."
        )
    reasons.append(f"Performance density = TPP / die area = {_fmt(t)} / {_fmt(die)} mm² = {_fmt(pdens)}.")
    clauses = []
    met_t, _ = _test("TPP", t, ">=", th["a2_tpp_min"], "3A090.a.2")
    met_d, s = _test("Performance density", pdens, ">=", th["a2_pd_min"], "3A090.a.2")
    reasons.append(s)
    if met_t and met_d:
        return True, "3A090.a", ("3A090.a.2",), pdens
    # 3A090.b.1: 2400 <= TPP < 4800 and 1.6 <= PD < 5.92
    b1_t, s1 = _test("TPP", t, ">=", th["b1_tpp_min"], "3A090.b.1")
    b1_tu = t < th["b1_tpp_max"]
    b1_d, s2 = _test("Performance density", pdens, ">=", th["b1_pd_min"], "3A090.b.1")
    b1_du = pdens < th["b1_pd_max"]
    reasons.append(s1)
    if b1_t:
        reasons.append(s2)
    if b1_t and b1_tu and b1_d and b1_du:
        clauses.append("3A090.b.1")
    # 3A090.b.2: TPP >= 1600 and 3.2 <= PD < 5.92
    b2_t = t >= th["b2_tpp_min"]
    b2_d, s3 = _test("Performance density", pdens, ">=", th["b2_pd_min"], "3A090.b.2")
    b2_du = pdens < th["b2_pd_max"]
    reasons.append(s3)
    if b2_t and b2_d and b2_du:
        clauses.append("3A090.b.2")
    if clauses:
        return True, "3A090.b", tuple(clauses), pdens
    reasons.append(
        "No 3A090 paragraph applies: the chip is designed below both the TPP and the density lines (the H20 / L20 route)."
    )
    return False, "not controlled", (), pdens


def _bandwidth_2025(mem, io, already, reasons):
    th = thresholds("2025-04")
    reasons.append(f"April 2025 bandwidth test, thresholds {_REPORTED}.")
    hits, unknown = [], []
    if mem is not None:
        met, s = _test("DRAM bandwidth", mem, ">=", th["dram_min"], "H20-class", "GB/s")
        reasons.append(s)
        if met:
            hits.append("dram")
    else:
        unknown.append("memory_bandwidth_gbps")
    if io is not None:
        met, s = _test("I/O bandwidth", io, ">=", th["io_min"], "H20-class", "GB/s")
        reasons.append(s)
        if met:
            hits.append("io")
    else:
        unknown.append("io_bandwidth_gbps")
    if mem is not None and io is not None:
        met, s = _test(
            "DRAM + I/O bandwidth", mem + io, ">=", th["combined_min"], "H20-class combined", "GB/s"
        )
        reasons.append(s)
        if met:
            hits.append("combined")
    if hits:
        return True
    if unknown:
        if already:
            reasons.append(
                f"Bandwidth figures missing ({', '.join(unknown)}), but not needed: the chip is already controlled."
            )
            return False
        raise InputError(
            "The April 2025 test needs the chip's bandwidth: give "
            + " and ".join(unknown)
            + " (GB/s). Without it the decision would be a guess."
        )
    return False


def classify(
    *,
    tpp: float,
    die_area_mm2: float | None = None,
    datacenter: bool = True,
    io_bandwidth_gbps: float | None = None,
    memory_bandwidth_gbps: float | None = None,
    rule: str = "2023-10",
) -> Verdict:
    """Does a chip fall under the US rule of a given vintage?

    ``tpp`` as computed by :func:`tpp`; ``die_area_mm2`` the applicable die area (only needed
    when the density decides); ``datacenter`` whether the chip is designed or marketed for data
    centres; ``io_bandwidth_gbps`` aggregate chip-to-chip I/O (both directions);
    ``memory_bandwidth_gbps`` total DRAM bandwidth. Returns a :class:`Verdict` whose
    ``reasons`` name each threshold tested, the chip's value and the margin.
    """
    rule = _check_rule(rule)
    t = _number("TPP", tpp)
    die = _number("Die area (die_area_mm2)", die_area_mm2, unit="mm²", allow_none=True)
    io = _number("I/O bandwidth (io_bandwidth_gbps)", io_bandwidth_gbps, unit="GB/s", allow_none=True)
    mem = _number(
        "Memory bandwidth (memory_bandwidth_gbps)", memory_bandwidth_gbps, unit="GB/s", allow_none=True
    )
    if isinstance(datacenter, (bool, np.bool_)):
        datacenter = bool(datacenter)
    else:
        raise InputError(
            f"datacenter must be True (designed or marketed for data centres) or False, not {datacenter!r}."
        )
    verdict = _classify(t, die, datacenter, io, mem, rule)
    return dataclasses.replace(verdict, reasons=list(verdict.reasons))  # a copy the caller may edit


@_data.derived_cache(maxsize=4096)
def _classify(t, die, datacenter, io, mem, rule) -> Verdict:
    """The decision itself, on validated numbers; cached (the catalogue is classified often),
    fresh when the thresholds in ``export_rules`` change."""
    reasons: list[str] = []
    pdens = None if die is None else t / die

    if rule == "2022-10":
        controlled, category, clauses = _rule_2022(t, io, reasons)
        return Verdict(controlled, category, reasons, rule, clauses, t, pdens)

    controlled, category, clauses, pdens = _rule_2023(t, die, datacenter, reasons)
    if rule in ("2025-04", "2026-01"):
        caught = _bandwidth_2025(mem, io, controlled, reasons)
        if caught and not controlled:
            controlled, category, clauses = (
                True,
                "H20-class licence (reported thresholds)",
                ("is-informed letter, April 2025",),
            )
        elif caught:
            reasons.append("The chip is also caught by the April 2025 bandwidth test.")
    case = False
    if rule == "2026-01" and controlled:
        th = thresholds("2026-01")
        ok_t, s = _test("TPP", t, "<", th["tpp_max"], "case-by-case review")
        reasons.append(s)
        if ok_t:
            if mem is None:
                raise InputError(
                    "The January 2026 review policy needs the chip's total DRAM bandwidth "
                    "(memory_bandwidth_gbps, GB/s) to tell whether it qualifies."
                )
            ok_m, s = _test("DRAM bandwidth", mem, "<", th["dram_max"], "case-by-case review", "GB/s")
            reasons.append(s)
            case = ok_m
        if case:
            category = f"{category}, case-by-case review"
            reasons.append(
                "A licence is still required, but applications are reviewed case by case "
                "(91 FR 1684) instead of with a presumption of denial."
            )
        else:
            reasons.append(
                "Not eligible for the January 2026 case-by-case policy: presumption of denial stays."
            )
    elif rule == "2026-01":
        reasons.append("Not controlled, so the January 2026 review policy does not apply.")
    return Verdict(controlled, category, reasons, rule, tuple(clauses), t, pdens, case)


# ----------------------------------------------------------------------------- the catalogue


def dense_ops(row) -> dict[int, float]:
    """{bit length: dense TOPS} from one ``accelerators`` row (blank columns skipped)."""
    _row(row)
    out: dict[int, float] = {}
    for col, bits in BITS_OF_COLUMN.items():
        v = _cell(row, col)
        if v is not None:
            out[bits] = max(out.get(bits, 0.0), v)
    return out


def _tpp_or_nan(row) -> float:
    ops = dense_ops(row)
    return tpp(ops) if ops else math.nan


def chip_tpp(row) -> float:
    """TPP of one ``accelerators`` row (InputError when the row has no throughput figure)."""
    ops = dense_ops(row)
    if not ops:
        raise InputError(
            f"row: {row.get('chip', 'this chip')} has no published dense throughput, so its TPP is unknown."
        )
    return tpp(ops)


def chips(*, preferred_only: bool = True) -> pd.DataFrame:
    """The ``accelerators`` table with computed ``tpp`` and ``perf_density`` columns (grade E:
    derived by the course from the spec columns)."""
    from .. import data

    if not isinstance(preferred_only, (bool, np.bool_)):
        raise InputError(f"preferred_only must be True or False, not {preferred_only!r:.30}.")
    df = data.load("accelerators")
    if preferred_only:
        df = df[df["preferred"].fillna(False).astype(bool)].reset_index(drop=True)
    t = [_tpp_or_nan(r) for _, r in df.iterrows()]
    df = df.assign(tpp=pd.Series(t, index=df.index, dtype="float64"))
    df = df.assign(perf_density=df["tpp"] / df["die_area_mm2"])
    return df


def io_bandwidth(row) -> float | None:
    """Aggregate I/O of an ``accelerators`` row: chip-to-chip interconnect plus the host link
    where the table gives one (the 2022 rule counts all inputs and outputs except to memory)."""
    _row(row)
    ic = _cell(row, "interconnect_gbps")
    if ic is None:
        return None  # without the chip-to-chip figure the aggregate is unknown
    return ic + (_cell(row, "host_link_gbps") or 0.0)


def classify_chip(row, rule: str = "2023-10") -> Verdict:
    """Classify one ``accelerators`` row (interconnect plus host link count as the I/O bandwidth)."""
    _row(row)
    rule = _check_rule(rule)
    t = chip_tpp(row)
    dc = row.get("datacenter")
    if dc is None or dc is pd.NA:
        raise InputError(
            f"row: {row.get('chip', 'this chip')} does not say whether it is a "
            "data-centre chip (column 'datacenter')."
        )
    return classify(
        tpp=t,
        die_area_mm2=_cell(row, "die_area_mm2"),
        datacenter=bool(dc),
        io_bandwidth_gbps=io_bandwidth(row),
        memory_bandwidth_gbps=_cell(row, "memory_bandwidth_gbps"),
        rule=rule,
    )


def classify_catalogue(rule: str, df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every catalogued chip classified under ``rule``: columns ``controlled`` (True/False, or
    <NA> when a needed figure is missing), ``category`` and ``why`` (first reason or the
    missing figure)."""
    rule = _check_rule(rule)
    df = chips() if df is None else _catalogue(df)
    ctrl, cat, why = [], [], []
    for _, r in df.iterrows():
        try:
            v = classify_chip(r, rule)
            ctrl.append(v.controlled)
            cat.append(v.category)
            why.append(v.reasons[0] if v.reasons else "")
        except ValueError as exc:
            ctrl.append(pd.NA)
            cat.append("cannot decide")
            why.append(str(exc))
    return df.assign(controlled=pd.array(ctrl, dtype="boolean"), category=cat, why=why)


def catalogue_by_rule(df: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """{rule: :func:`classify_catalogue` of ``df`` under that rule} for every rule vintage."""
    df = chips() if df is None else _catalogue(df)
    return {r: classify_catalogue(r, df) for r in RULES}


def status_table(
    on, df: pd.DataFrame | None = None, *, by_rule: Mapping[str, pd.DataFrame] | None = None
) -> pd.DataFrame:
    """Every chip of ``df`` under the rule in force on ``on``: columns ``launched`` (launch year
    on or before the date's year), ``controlled``, ``category``, ``why``, ``previous`` (status
    under the rule before), ``changed`` (the status differs from the previous rule's, for a
    launched chip) and ``rule`` (``"none"`` before October 2022).

    ``on`` is a date (``"2024-06-30"``) or a year (``2024`` means 31 December 2024).
    ``by_rule``: the verdicts of :func:`catalogue_by_rule` for ``df``, when already computed
    (the rule-book panel computes them once and looks them up on every move).
    """
    day = validate.as_date(on, "on")
    rule = rule_in_force(day)
    df = chips() if df is None else _catalogue(df)
    n = len(df)
    launched = (df["launch_year"] <= day.year).fillna(False).to_numpy(dtype=bool)
    if rule is None:
        none = pd.array([False] * n, dtype="boolean")
        return df.assign(
            launched=launched,
            controlled=none,
            category="no chip rule yet",
            why="Before October 2022 no rule set performance thresholds for chips.",
            previous=none,
            changed=none.copy(),
            rule="none",
        )
    table = by_rule[rule] if by_rule is not None else classify_catalogue(rule, df)
    i = RULES.index(rule)
    if i == 0:
        prev = pd.array([False] * n, dtype="boolean")
    else:
        earlier = by_rule[RULES[i - 1]] if by_rule is not None else classify_catalogue(RULES[i - 1], df)
        prev = earlier["controlled"].array
    cur = table["controlled"].array
    changed = pd.array(cur != prev, dtype="boolean").fillna(False).to_numpy(dtype=bool) & launched
    return table.assign(
        launched=launched, previous=prev, changed=pd.array(changed, dtype="boolean"), rule=rule
    )


def status_on(on, df: pd.DataFrame | None = None) -> pd.DataFrame:
    """The catalogue under the rule in force on a date (or by the end of a year given as an
    integer), with the status under the previous rule and a ``changed`` flag; chips launched
    after the date are dropped."""
    t = status_table(on, df)
    return t[t["launched"]].drop(columns="launched").reset_index(drop=True)


# ----------------------------------------------------------------------------- H20 what-if


@dataclass(frozen=True)
class H20WhatIf:
    """Outcome of :func:`h20_whatif` (USD millions)."""

    gross_at_risk: float
    lost_to_domestic: float
    licensed_back: float
    paid_to_usg: float
    resold_elsewhere: float
    net_recovered: float
    net_loss: float


def _share(name, x) -> float:
    return validate.fraction(x, name)


def h20_whatif(
    *,
    quarterly_revenue: float,
    quarters: int,
    share_lost_to_domestic: float,
    share_licensed_back: float,
    revenue_share_to_usg: float,
    share_resold_elsewhere: float = 0.0,
) -> H20WhatIf:
    """What a licence requirement on a China-only chip removes, in USD millions.

    ``quarterly_revenue`` is the H20 China revenue per quarter before the requirement; over
    ``quarters`` quarters that is the gross revenue at risk. A share of that demand goes to
    domestic chips for good; of the rest, a share comes back through licences, on which a share of
    revenue is paid to the US government. Of what is not licensed back, a share of the chips is
    resold to customers outside China.
    """
    q = validate.number(
        quarterly_revenue,
        "quarterly_revenue (H20 China revenue per quarter)",
        low=0.0,
        low_open=True,
        high=1e6,
        unit="USD millions",
    )
    n = validate.integer(quarters, "quarters", low=1, high=40)
    lost = _share("share_lost_to_domestic", share_lost_to_domestic)
    back = _share("share_licensed_back", share_licensed_back)
    fee = _share("revenue_share_to_usg", revenue_share_to_usg)
    resold = _share("share_resold_elsewhere", share_resold_elsewhere)
    quarters = n
    gross = q * int(quarters)
    to_domestic = gross * lost
    licensed = (gross - to_domestic) * back
    paid = licensed * fee
    elsewhere = (gross - licensed) * resold
    recovered = licensed - paid + elsewhere
    return H20WhatIf(gross, to_domestic, licensed, paid, elsewhere, recovered, gross - recovered)


def h20_figures() -> pd.DataFrame:
    """The ``nvidia_h20`` table indexed by metric."""
    from .. import data

    return data.load("nvidia_h20").set_index("metric")


# ----------------------------------------------------------------------------- story helpers


def designed_pairs(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each China variant (a chip with ``derived_from``) beside its parent: the figures that
    changed, TPP, density and status under every rule (True/False, <NA> when undecidable)."""
    df = chips() if df is None else _catalogue(df)
    by_id = df.set_index("chip_id")
    status = {r: classify_catalogue(r, df).set_index("chip_id")["controlled"] for r in RULES}
    cols = {
        "fp16_tflops": "FP16",
        "int8_tops": "INT8",
        "fp8_tflops": "FP8",
        "fp4_tflops": "FP4",
        "memory_bandwidth_gbps": "DRAM GB/s",
        "memory_gb": "memory GB",
        "interconnect_gbps": "I/O GB/s",
        "tdp_w": "TDP W",
    }
    rows = []
    for cid, child in by_id[by_id["derived_from"].notna()].iterrows():
        parent_id = child["derived_from"]
        if parent_id not in by_id.index:
            continue
        parent = by_id.loc[parent_id]
        if not bool(child["china_market"]) or bool(parent["china_market"]):
            continue  # only variants cut down for China from a chip sold elsewhere
        changed = []
        for c, label in cols.items():
            a, b = parent[c], child[c]
            if pd.notna(a) and pd.notna(b) and float(a) != float(b):
                changed.append(f"{label} {float(a):,g} → {float(b):,g}")
        row = {
            "variant": child["chip"],
            "of": parent["chip"],
            "what changed": "; ".join(changed) or "—",
            "TPP": child["tpp"],
            "parent TPP": parent["tpp"],
            "density": child["perf_density"],
            "grade": child["grade"],
        }
        for r in RULES:
            row[f"controlled {r}"] = status[r].get(cid, pd.NA)
        rows.append(row)
    return pd.DataFrame(rows)


def story_events() -> pd.DataFrame:
    """Dated events for the 2019–2026 story: the lead's ``timeline`` table when it exists (rows about
    chips and export controls), plus the rule announcements and H20 disclosures of this notebook's
    tables. Columns: date, title, actor_group, grade, source_id."""
    from .. import data

    own = []
    rules = _rules_table().drop_duplicates("rule")
    for r in rules.itertuples():
        own.append(
            {
                "date": r.announced,
                "title": f"US rule {r.rule}: {r.citation.split(';')[0]}",
                "actor_group": "US government",
                "grade": r.grade,
                "source_id": r.source_id,
            }
        )
    h = data.load("nvidia_h20")
    keep = {
        "charge_estimate": "NVIDIA: H20 needs a licence; charges of up to ${:.1f}bn",
        "charge_recorded": "NVIDIA: ${:.1f}bn H20 charge recorded",
        "revenue_share_pct": "Reported deal: {:.0f}% of H20 China revenue to the US government",
    }
    for r in h.itertuples():
        if r.metric in keep:
            v = r.value / 1000 if r.unit == "USD millions" else r.value
            own.append(
                {
                    "date": r.date,
                    "title": keep[r.metric].format(v),
                    "actor_group": "Companies",
                    "grade": r.grade,
                    "source_id": r.source_id,
                }
            )
    st = data.load("export_status")
    names = data.load("accelerators").drop_duplicates("chip_id").set_index("chip_id")["chip"]
    st = st[st["evidence_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
    for (d, src, ctl), g in st.groupby(["evidence_date", "source_id", "controlled"], sort=True):
        chips_ = ", ".join(
            str(names.get(c, c))
            .replace(" SXM4 80 GB", "")
            .replace(" SXM5 80 GB", "")
            .replace(" SXM 141 GB", "")
            .replace(" (HGX)", "")
            for c in g["chip_id"]
        )
        what = "licence required" if bool(ctl) else "sold without a licence"
        if g["category"].astype(str).str.contains("case-by-case").all():
            what = "case-by-case review"
        own.append(
            {
                "date": pd.Timestamp(d),
                "title": f"{chips_}: {what}",
                "actor_group": "Chips",
                "grade": max(g["grade"]),
                "source_id": src,
            }
        )
    ev = pd.DataFrame(own)
    if "timeline" in data.table_names():
        t = data.load("timeline")
        pat = (
            r"(?i)export|entity list|h20|a800|h800|licen|3A090|chip|huawei|\bBIS\b|foreign.direct|FDPR|nvidia"
        )
        t = t[t["title"].astype(str).str.contains(pat, regex=True)]
        if "actor_group" in t.columns:
            t = t[t["actor_group"] != "Markets"]  # share prices are notebook 00's story
        cols = [c for c in ("date", "title", "actor_group", "grade", "source_id") if c in t.columns]
        t = t[cols]
        # drop our own rows that the timeline already has (same day)
        ev = ev[~ev["date"].isin(set(t["date"]))]
        ev = pd.concat([t, ev], ignore_index=True)
    return ev.sort_values("date").reset_index(drop=True)


def weak_rows(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of the ``accelerators`` table graded C or worse: chip, grade, source, note."""
    from .. import data

    df = (
        data.load("accelerators")
        if df is None
        else validate.frame(df, "df", ["chip", "vendor", "preferred", "grade", "source_id", "note"])
    )
    w = df[df["grade"].isin(["C", "D", "E"])]
    return w[["chip", "vendor", "preferred", "grade", "source_id", "note"]].reset_index(drop=True)


@dataclass(frozen=True)
class DesignResult:
    """What the design panel shows: the chip's metrics and the verdict."""

    tpp: float
    performance_density: float
    verdict: Verdict


def design_chip(
    *,
    dense_tops: float,
    bits: int,
    die_area_mm2: float,
    memory_bandwidth_gbps: float,
    io_bandwidth_gbps: float,
    datacenter: bool,
    rule: str,
) -> DesignResult:
    """Pure: TPP and density of a hypothetical chip, and its verdict under ``rule``."""
    bits = validate.integer(bits, "bits (bit length)", low=1, high=64)
    dense_tops = _number("dense_tops", dense_tops, unit="TOPS")
    t = tpp({bits: dense_tops})
    p = performance_density(t, die_area_mm2)
    v = classify(
        tpp=t,
        die_area_mm2=die_area_mm2,
        datacenter=datacenter,
        io_bandwidth_gbps=io_bandwidth_gbps,
        memory_bandwidth_gbps=memory_bandwidth_gbps,
        rule=rule,
    )
    return DesignResult(t, p, v)


def chip_preset(chip_id: str, catalogue: pd.DataFrame | None = None) -> dict:
    """Control values that reproduce a catalogued chip in the design panel.

    Uses the bit length that gives the chip's TPP. Missing figures (die area, bandwidths) are
    filled with the panel's defaults and listed under ``"_filled"``, so nobody mistakes them for data.
    """
    catalogue = chips() if catalogue is None else _catalogue(catalogue, "catalogue")
    chip_id = validate.choice(chip_id, "chip_id", list(catalogue["chip_id"]), what="chip id")
    sel = catalogue[catalogue["chip_id"] == chip_id]
    if sel.empty:
        validate.choice(chip_id, "chip_id", list(catalogue["chip_id"]), what="chip id")
    row = sel.iloc[0]
    ops = dense_ops(row)
    if not ops:
        raise InputError(f"{row['chip']} has no published dense throughput.")
    bits, tops = max(ops.items(), key=lambda kv: kv[0] * kv[1])
    out = {"dense_tops": float(tops), "bits": int(bits), "datacenter": bool(row["datacenter"])}
    filled = []
    for key, col, default in [
        ("die_area_mm2", "die_area_mm2", 800.0),
        ("memory_bandwidth_gbps", "memory_bandwidth_gbps", 1000.0),
        ("io_bandwidth_gbps", "interconnect_gbps", 64.0),
    ]:
        v = row[col]
        if pd.isna(v):
            out[key] = default
            filled.append(key)
        else:
            out[key] = float(v)
    out["_filled"] = filled
    return out


def nvidia_china_revenue() -> pd.DataFrame:
    """Nvidia's annual revenue from China (incl. Hong Kong), from ``china_revenue``: one row per
    fiscal year and basis (``billing_location`` or ``customer_headquarters``; the best-graded row
    when a basis has several)."""
    c = _data.load("china_revenue")
    n = c[(c["company"] == "Nvidia") & (c["scope"] == "company") & (c["period_type"] == "fiscal_year")]
    n = n.sort_values(["fiscal_year", "basis", "grade"]).drop_duplicates(["fiscal_year", "basis"])
    return n.reset_index(drop=True)
