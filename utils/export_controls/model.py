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
from .. import i18n, validate
from ..i18n import N_, NP_, _, pgettext
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
    "MARKETS",
    "POLICIES",
    "H20Market",
    "h20_market",
    "market_assumptions",
    "revenue_share",
    "fee_words",
    "WhoPays",
    "who_pays",
    "h20_whatif_defaults",
    "backtest",
]

#: The rule vintages :func:`classify` knows, oldest first.
RULES = ("2022-10", "2023-10", "2025-04", "2026-01")

#: Bit length of each throughput column of the ``accelerators`` table.
BITS_OF_COLUMN = {"fp16_tflops": 16, "int8_tops": 8, "fp8_tflops": 8, "fp4_tflops": 4}

_REPORTED = N_(
    "reported from Intel's notice to Chinese customers (Financial Times, April 2025), "
    "not published in the Federal Register"
)

# The verdict categories (English values, compared in code); shown with category_text().
_CATEGORIES = (
    NP_("verdict", "not controlled"),
    NP_("verdict", "cannot decide"),
    NP_("verdict", "H20-class licence (reported thresholds)"),
)
_CASE_SUFFIX = ", case-by-case review"


def category_text(category: str) -> str:
    """A verdict category in the current language ("3A090.b, case-by-case review" -> "3A090.b，逐案审查")."""
    category = str(category)
    case = category.endswith(_CASE_SUFFIX)
    base = category[: -len(_CASE_SUFFIX)] if case else category
    text = pgettext("verdict", base)
    return _("{category}, case-by-case review").format(category=text) if case else text


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
    for announced, r in _announcements():
        if announced <= d:
            current = r
    return current


@_data.derived_cache(maxsize=1)
def _announcements() -> tuple:
    """((announcement date, rule), ...) in the order of RULES: read once per version of the
    tables (a year's day-by-day rule path asks for it thousands of times)."""
    return tuple((rule_info(r)["announced"], r) for r in RULES)


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
        head = (
            _("CONTROLLED under the {rule} rule: {category}")
            if self.controlled
            else _("not controlled under the {rule} rule: {category}")
        ).format(rule=self.rule, category=category_text(self.category))
        return head + "".join(f"\n  - {r}" for r in self.reasons)


def _test(label: str, value: float, op: str, thr: float, clause: str, unit: str = "") -> tuple[bool, str]:
    """Compare and explain: returns (met, sentence naming the threshold, the value and the margin)."""
    u = f" {unit}" if unit else ""
    if op == ">=":
        met = value >= thr
        if value == thr:
            margin = _("exactly on the line, which counts ('or more')")
        elif met:
            margin = _("over by {x}").format(x=f"{_fmt(value - thr)}{u}")
        else:
            margin = _("short by {x}").format(x=f"{_fmt(thr - value)}{u}")
        text = (
            _("{label} {value} meets the {clause} threshold of {threshold} or more ({margin}).")
            if met
            else _("{label} {value} is below the {clause} threshold of {threshold} or more ({margin}).")
        )
    elif op == "<":
        met = value < thr
        if met:
            margin = _("under by {x}").format(x=f"{_fmt(thr - value)}{u}")
        elif value == thr:
            margin = _("exactly on the line, which is not below it")
        else:
            margin = _("over by {x}").format(x=f"{_fmt(value - thr)}{u}")
        text = (
            _("{label} {value} is below the {clause} ceiling of {threshold} ({margin}).")
            if met
            else _("{label} {value} is not below the {clause} ceiling of {threshold} ({margin}).")
        )
    else:
        raise AssertionError(op)
    return met, text.format(
        label=_(label),
        value=f"{_fmt(value)}{u}",
        clause=_(clause),
        threshold=f"{_fmt(thr)}{u}",
        margin=margin,
    )


def _rule_2022(t, io, reasons):
    th = thresholds("2022-10")
    met_tpp, s = _test(N_("TPP (bit length x TOPS)"), t, ">=", th["tpp_min"], "3A090.a.1 (2022)")
    reasons.append(s)
    if not met_tpp:
        reasons.append(
            _("The 2022 test needs BOTH prongs, so the chip is outside it whatever its I/O bandwidth.")
        )
        return False, "not controlled", ()
    if io is None:
        raise InputError(
            "The 2022 rule needs the chip's aggregate I/O bandwidth (io_bandwidth_gbps, "
            "chip-to-chip links such as NVLink, both directions added) because its TPP "
            f"{_fmt(t)} reaches {_fmt(th['tpp_min'])}. Give io_bandwidth_gbps."
        )
    met_io, s = _test(N_("Aggregate I/O"), io, ">=", th["io_min"], "3A090.a (2022)", "GB/s")
    reasons.append(s)
    if met_io:
        reasons.append(_("Both prongs are met (I/O AND TPP), so the chip is caught by the 2022 test."))
        return True, "3A090.a", ("3A090.a (2022)",)
    reasons.append(
        _(
            "Only the TPP prong is met; the 2022 test needs both, so the chip is outside it "
            "(the A800 / H800 route: cut the interconnect)."
        )
    )
    return False, "not controlled", ()


def _rule_2023(t, die, datacenter, reasons):
    th = thresholds("2023-10")
    pdens = None if die is None else t / die
    if not datacenter:
        met, s = _test("TPP", t, ">=", th["nondc_tpp_min"], N_("Note 2 (not for data centres)"))
        reasons.append(
            _(
                "Not designed or marketed for data centres: under Note 2 such chips are caught only at TPP {line} or more; density does not matter."
            ).format(line=_fmt(th["nondc_tpp_min"]).replace(",", ""))
        )
        reasons.append(s)
        if met:
            reasons.append(
                _("Controlled as 3A090.a.1 (License Exception NAC may apply to non-data-centre chips).")
            )
            return True, "3A090.a", ("3A090.a.1",), pdens
        return False, "not controlled", (), pdens
    met_a1, s = _test("TPP", t, ">=", th["a1_tpp_min"], "3A090.a.1")
    reasons.append(s)
    if met_a1:
        if pdens is not None:
            reasons.append(
                _(
                    "Performance density {pd} (TPP / {die} mm²) does not matter once TPP reaches {line}."
                ).format(pd=_fmt(pdens), die=_fmt(die), line=_fmt(th["a1_tpp_min"]))
            )
        return True, "3A090.a", ("3A090.a.1",), pdens
    floor = min(th["a2_tpp_min"], th["b2_tpp_min"])
    if t < floor:
        reasons.append(
            _(
                "TPP {tpp} is below {floor}, the lowest TPP any 3A090 paragraph applies to "
                "(short by {gap}); density does not matter."
            ).format(tpp=_fmt(t), floor=_fmt(floor), gap=_fmt(floor - t))
        )
        return False, "not controlled", (), pdens
    if die is None:
        raise InputError(
            f"A data-centre chip with TPP {_fmt(t)} (between {_fmt(floor)} and "
            f"{_fmt(th['a1_tpp_min'])}) is classified by its performance density, which "
            "needs the applicable die area. Give die_area_mm2 (logic dies only, in mm²)."
        )
    reasons.append(
        _("Performance density = TPP / die area = {tpp} / {die} mm² = {pd}.").format(
            tpp=_fmt(t), die=_fmt(die), pd=_fmt(pdens)
        )
    )
    clauses = []
    met_t, _s = _test("TPP", t, ">=", th["a2_tpp_min"], "3A090.a.2")
    met_d, s = _test(N_("Performance density"), pdens, ">=", th["a2_pd_min"], "3A090.a.2")
    reasons.append(s)
    if met_t and met_d:
        return True, "3A090.a", ("3A090.a.2",), pdens
    # 3A090.b.1: 2400 <= TPP < 4800 and 1.6 <= PD < 5.92
    b1_t, s1 = _test("TPP", t, ">=", th["b1_tpp_min"], "3A090.b.1")
    b1_tu = t < th["b1_tpp_max"]
    b1_d, s2 = _test(N_("Performance density"), pdens, ">=", th["b1_pd_min"], "3A090.b.1")
    b1_du = pdens < th["b1_pd_max"]
    reasons.append(s1)
    if b1_t:
        reasons.append(s2)
    if b1_t and b1_tu and b1_d and b1_du:
        clauses.append("3A090.b.1")
    # 3A090.b.2: TPP >= 1600 and 3.2 <= PD < 5.92
    b2_t = t >= th["b2_tpp_min"]
    b2_d, s3 = _test(N_("Performance density"), pdens, ">=", th["b2_pd_min"], "3A090.b.2")
    b2_du = pdens < th["b2_pd_max"]
    reasons.append(s3)
    if b2_t and b2_d and b2_du:
        clauses.append("3A090.b.2")
    if clauses:
        return True, "3A090.b", tuple(clauses), pdens
    reasons.append(
        _(
            "No 3A090 paragraph applies: the chip is designed below both the TPP and the density lines (the H20 / L20 route)."
        )
    )
    return False, "not controlled", (), pdens


def _bandwidth_2025(mem, io, already, reasons):
    th = thresholds("2025-04")
    reasons.append(_("April 2025 bandwidth test, thresholds {reported}.").format(reported=_(_REPORTED)))
    hits, unknown = [], []
    if mem is not None:
        met, s = _test(N_("DRAM bandwidth"), mem, ">=", th["dram_min"], N_("H20-class"), "GB/s")
        reasons.append(s)
        if met:
            hits.append("dram")
    else:
        unknown.append("memory_bandwidth_gbps")
    if io is not None:
        met, s = _test(N_("I/O bandwidth"), io, ">=", th["io_min"], N_("H20-class"), "GB/s")
        reasons.append(s)
        if met:
            hits.append("io")
    else:
        unknown.append("io_bandwidth_gbps")
    if mem is not None and io is not None:
        met, s = _test(
            N_("DRAM + I/O bandwidth"), mem + io, ">=", th["combined_min"], N_("H20-class combined"), "GB/s"
        )
        reasons.append(s)
        if met:
            hits.append("combined")
    if hits:
        return True
    if unknown:
        if already:
            reasons.append(
                _(
                    "Bandwidth figures missing ({names}), but not needed: the chip is already controlled."
                ).format(names=", ".join(unknown))
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
    verdict = _classify(t, die, datacenter, io, mem, rule, i18n.language())  # reasons in the language
    return dataclasses.replace(verdict, reasons=list(verdict.reasons))  # a copy the caller may edit


@_data.derived_cache(maxsize=4096)
def _classify(t, die, datacenter, io, mem, rule, lang="en") -> Verdict:
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
            reasons.append(_("The chip is also caught by the April 2025 bandwidth test."))
    case = False
    if rule == "2026-01" and controlled:
        th = thresholds("2026-01")
        ok_t, s = _test("TPP", t, "<", th["tpp_max"], N_("case-by-case review"))
        reasons.append(s)
        if ok_t:
            if mem is None:
                raise InputError(
                    "The January 2026 review policy needs the chip's total DRAM bandwidth "
                    "(memory_bandwidth_gbps, GB/s) to tell whether it qualifies."
                )
            ok_m, s = _test(N_("DRAM bandwidth"), mem, "<", th["dram_max"], N_("case-by-case review"), "GB/s")
            reasons.append(s)
            case = ok_m
        if case:
            category = f"{category}, case-by-case review"
            reasons.append(
                _(
                    "A licence is still required, but applications are reviewed case by case "
                    "(91 FR 1684) instead of with a presumption of denial."
                )
            )
        else:
            reasons.append(
                _("Not eligible for the January 2026 case-by-case policy: presumption of denial stays.")
            )
    elif rule == "2026-01":
        reasons.append(_("Not controlled, so the January 2026 review policy does not apply."))
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
    t = [_tpp_or_nan(r) for _i, r in df.iterrows()]
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
    for _i, r in df.iterrows():
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


# ----------------------------------------------------------------------------- who paid: welfare

#: The market definitions of the welfare panel: {name: assumption_id of its demand elasticity}.
MARKETS = {
    NP_("market", "data-centre training chips"): "training-demand-elasticity",
    NP_("market", "inference chips"): "inference-demand-elasticity",
    NP_("market", "consumer cards"): "consumer-demand-elasticity",
}
NP_("market", "all")  # the assumptions table's row for the supply side, which is every market
#: The H20's main use, so the panel's default market (the assumptions table says so).
DEFAULT_MARKET = "inference chips"
_SUPPLY_ASSUMPTION = "chip-supply-elasticity"
_QUOTA_ASSUMPTION = "h20-quota-share"  # the who-paid panel's starting quota (a what-if)

#: The policies of the welfare panel: {key: what it stands for}.
POLICIES = {
    "ban": "a ban (the April 2025 licence requirement as applied: no licences)",
    "revenue share": "licensed sales with a revenue share paid to the US government",
    "quota": "a quota (a limited number of licences)",
}


@dataclass(frozen=True)
class H20Market:
    """The H20 market the welfare panel is calibrated on (one quarter of sales; USD, millions)."""

    price: float  # USD per chip
    revenue_before: float  # USD millions: H20 sales in the quarter before the requirement
    fiscal_period: str  # "Q1 FY2026"
    quarter_start: object  # datetime.date
    requirement: object  # datetime.date: the licence requirement
    quarter_end: object  # datetime.date
    days_before: int  # days of the quarter before the requirement
    quarter_days: int
    quarterly_revenue: float  # USD millions a quarter at the rate before the requirement
    quantity: float  # million chips a quarter
    sources: tuple  # ((what, source_id, grade), ...)

    @property
    def derivation(self) -> str:
        """The calibration in words, every figure from the tables (in the current language:
        Chinese money in 亿美元, dates as 2025年4月9日)."""
        zh = i18n.language() == "zh"

        def day(d, short=False):
            return i18n.fmt_date(d) if zh else f"{d.day} {d:{'%b' if short else '%B'} %Y}"

        def bn(x, digits):
            return i18n.fmt_money(x) if zh else f"${x / 1000:.{digits}f}bn"

        return _(
            "NVIDIA sold {revenue} of H20s in {period} ({start} to {end}, {days} days) before the licence "
            "requirement of {requirement}, that is in the quarter's first {before} days. At that rate a whole "
            "quarter brings {revenue} × {days} / {before} = {per_quarter}; at about {price} per H20 (an "
            "estimate, grade {grade}) that is {quantity} a quarter."
        ).format(
            revenue=bn(self.revenue_before, 1),
            period=_zh_quarter(self.fiscal_period) if zh else self.fiscal_period,
            start=day(self.quarter_start, True),
            end=day(self.quarter_end, True),
            days=self.quarter_days,
            requirement=day(self.requirement),
            before=self.days_before,
            per_quarter=bn(self.quarterly_revenue, 2),
            price=f"{self.price:,.0f}美元" if zh else f"${self.price:,.0f}",
            grade=self.sources[0][2],
            quantity=f"{self.quantity * 100:.3g}万枚芯片"
            if zh
            else f"{self.quantity * 1000:,.0f} thousand chips",
        )


def _zh_quarter(fiscal_period: str) -> str:
    """ "Q1 FY2026" as a Chinese reader writes it: "2026财年第一季度" (anything else unchanged)."""
    import re

    m = re.fullmatch(r"Q([1-4]) FY(\d{4})", str(fiscal_period))
    return f"{m.group(2)}财年第{'一二三四'[int(m.group(1)) - 1]}季度" if m else str(fiscal_period)


def _quarter_bounds(fiscal_period: str):
    """(first day, last day) of an NVIDIA fiscal quarter such as ``"Q1 FY2026"``, from the
    quarter ends in ``nvidia_quarters`` (and, for a first quarter, the previous fiscal year's end
    in ``nvidia_revenue``)."""
    import re

    m = re.fullmatch(r"Q([1-4]) FY(\d{4})", str(fiscal_period))
    if m is None:
        raise _data.DataError(f"nvidia_h20: fiscal period {fiscal_period!r} is not like 'Q1 FY2026'.")
    q, fy = int(m.group(1)), int(m.group(2))
    quarters = _data.load("nvidia_quarters")
    ends = quarters.drop_duplicates(["fiscal_year", "quarter"]).set_index(["fiscal_year", "quarter"])
    if (fy, q) not in ends.index:
        raise _data.DataError(f"nvidia_quarters has no end date for {fiscal_period}.")
    end = pd.Timestamp(ends.loc[(fy, q), "quarter_end"]).date()
    if q > 1:
        if (fy, q - 1) not in ends.index:
            raise _data.DataError(f"nvidia_quarters has no end date for Q{q - 1} FY{fy}.")
        prev = pd.Timestamp(ends.loc[(fy, q - 1), "quarter_end"])
    else:
        rev = _data.load("nvidia_revenue")
        prev_fy = rev.loc[rev["fiscal_year"] == fy - 1, "fiscal_year_end"]
        if prev_fy.empty:
            raise _data.DataError(f"nvidia_revenue has no fiscal year end for FY{fy - 1}.")
        prev = pd.Timestamp(prev_fy.iloc[0])
    return (prev + pd.Timedelta(days=1)).date(), end


@_data.derived_cache(maxsize=1)
def h20_market() -> H20Market:
    """The H20 market before the April 2025 requirement: its price and a quarter's sales.

    The price is the ``price-h20`` row of ``production_constraints`` (an estimate, grade E). The
    quantity: NVIDIA's H20 sales of its first fiscal quarter of 2026 (``nvidia_h20``,
    ``h20_sales_before_requirement``) were made between the quarter's first day and the licence
    requirement (the ``2025-04`` rule's announcement in ``export_rules``); that daily rate over the
    whole quarter, divided by the price. See :attr:`H20Market.derivation`.
    """
    h = h20_figures()
    row = h.loc["h20_sales_before_requirement"]
    start, end = _quarter_bounds(row["fiscal_period"])
    requirement = rule_info("2025-04")["announced"]
    prod = _data.load("production_constraints").set_index("constraint_id")
    price_row = prod.loc["price-h20"]
    price = float(price_row["value"])
    days_before = (requirement - start).days  # the quarter's days up to the day before the letter
    quarter_days = (end - start).days + 1
    revenue = float(row["value"])
    per_quarter = revenue * quarter_days / days_before
    return H20Market(
        price=price,
        revenue_before=revenue,
        fiscal_period=str(row["fiscal_period"]),
        quarter_start=start,
        requirement=requirement,
        quarter_end=end,
        days_before=days_before,
        quarter_days=quarter_days,
        quarterly_revenue=per_quarter,
        quantity=per_quarter / price,
        sources=(
            ("H20 price", str(price_row["source_id"]), str(price_row["grade"])),
            ("H20 sales before the requirement", str(row["source_id"]), str(row["grade"])),
        ),
    )


@_data.derived_cache(maxsize=1)
def market_assumptions() -> pd.DataFrame:
    """The elasticities of the welfare panel, from the ``assumptions`` table (all grade E: course
    assumptions, not estimates). Columns: market, parameter, value, what, note, grade, source_id;
    one row per market definition, then the supply row (market ``"all"``)."""
    a = _data.load("assumptions").set_index("assumption_id")
    rows = []
    for market, aid in list(MARKETS.items()) + [("all", _SUPPLY_ASSUMPTION)]:
        if aid not in a.index:
            raise _data.DataError(f"assumptions: no row {aid!r} (the welfare panel needs it).")
        r = a.loc[aid]
        rows.append(
            {
                "market": market,
                "assumption_id": aid,
                "parameter": str(r["parameter"]),
                "value": float(r["value"]),
                "what": str(r["what"]),
                "note": str(r["note"]),
                "grade": str(r["grade"]),
                "source_id": str(r["source_id"]),
            }
        )
    return pd.DataFrame(rows)


@_data.derived_cache(maxsize=1)
def _welfare_values() -> dict:
    """{market: demand elasticity, "all": supply elasticity, "quota": starting quota share}: the
    assumptions of :func:`who_pays`, looked up once (the panel calls it on every move)."""
    out = dict(zip(market_assumptions()["market"], market_assumptions()["value"].astype(float)))
    out["quota"] = _assumption(_QUOTA_ASSUMPTION)
    return out


@_data.derived_cache(maxsize=1)
def _revenue_share_row() -> tuple[float, bool]:
    row = h20_figures().loc["revenue_share_pct"]
    return float(row["value"]), "or more" in str(row["description"])


def revenue_share() -> tuple[float, str]:
    """The revenue share US officials expected on licensed H20 sales, as a fraction, and how to
    say it (in the current language): ``(0.15, "15% or more")`` from the ``nvidia_h20`` table
    (an expectation, no regulation)."""
    v, more = _revenue_share_row()
    return v / 100, _("{pct}% or more").format(pct=f"{v:.0f}") if more else f"{v:.0f}%"


def fee_words(fee_share) -> str:
    """``"15% or more"`` for the table's revenue share, else ``"20%"``: how to name a fee."""
    s = validate.fraction(fee_share, "fee_share")
    table, words = revenue_share()
    return words if abs(s - table) < 1e-9 else f"{s * 100:.0f}%"


@dataclass(frozen=True)
class WhoPays:
    """Outcome of :func:`who_pays`. Money in USD millions per quarter, quantities in million
    chips per quarter, prices in USD per chip."""

    market: str
    policy: str
    demand_elasticity: float
    supply_elasticity: float
    fee_share: float
    quota_share: float
    rent_holder: str
    pass_through: float  # buyers' share of a small fee: ε_S / (ε_S − ε_D)
    calibration: H20Market
    curves: object  # economics.LinearMarket through the H20 point
    before: object  # economics.Outcome without a policy
    outcomes: dict  # {policy: economics.Outcome}
    split: pd.DataFrame  # one row per policy: who gains and who loses (see who_pays)

    @property
    def shown(self):
        """The outcome of the chosen policy."""
        return self.outcomes[self.policy]


def who_pays(
    *,
    market: str = DEFAULT_MARKET,
    policy: str = "revenue share",
    fee_share=None,
    quota_share=None,
    rent_holder: str = "sellers",
    supply_elasticity=None,
) -> WhoPays:
    """Who paid for an export control on the H20: Chinese buyers, NVIDIA, or nobody?

    A linear market through one quarter of H20 sales at the H20's price (:func:`h20_market`),
    with the demand elasticity of the chosen ``market`` definition and the supply elasticity of
    the ``assumptions`` table (or ``supply_elasticity``), under three policies
    (:data:`POLICIES`): a ban; licensed sales with ``fee_share`` of the price paid to the US
    government (default: the table's "15% or more", taken as 15%); and a quota of ``quota_share``
    of the sales before the requirement (default: the ``h20-quota-share`` row of ``assumptions``,
    a what-if), whose scarcity rent goes to ``rent_holder``
    (``"sellers"``: NVIDIA holds the licences; ``"buyers"``; ``"government"``: licences auctioned).

    ``split`` has one row per policy: ``buyers`` and ``nvidia`` (the change in consumer and
    producer surplus against no policy, negative = a loss), ``government`` (fee revenue or an
    auctioned rent), ``deadweight_loss`` (lost by everyone), ``rent``, ``quantity``,
    ``buyer_price``, ``seller_price`` and ``buyers_share_of_fee`` (the share of the price wedge
    borne by buyers; 0 without a wedge). ``policy`` picks the outcome the panel draws (``shown``).
    """
    from .. import economics

    market = validate.choice(market, "market", list(MARKETS), what="market definition")
    policy = validate.choice(policy, "policy", list(POLICIES), what="policy")
    values = _welfare_values()
    ed = values[market]
    if supply_elasticity is None:
        es = values["all"]
    else:
        es = validate.number(
            supply_elasticity,
            "supply_elasticity",
            low=0.05,
            high=50.0,
            hint="Positive: how strongly NVIDIA's supply to China responds to the price it gets.",
        )
    fee = revenue_share()[0] if fee_share is None else validate.fraction(fee_share, "fee_share")
    if quota_share is None:
        quota_share = values["quota"]
    quota = validate.fraction(quota_share, "quota_share (of the sales before the requirement)")
    holder = validate.choice(rent_holder, "rent_holder", economics.RENT_HOLDERS, what="rent holder")
    cal = h20_market()
    curves = economics.LinearMarket.from_point(cal.price, cal.quantity, ed, es)
    before = curves.equilibrium()
    outcomes = {
        "ban": curves.with_ban(),
        "revenue share": curves.with_fee_share(fee),
        "quota": curves.with_quota(quota * before.quantity, rent_holder=holder),
    }
    rows = []
    for key, o in outcomes.items():
        rows.append(
            {
                "policy": key,
                "quantity": o.quantity,
                "buyer_price": o.buyer_price,
                "seller_price": o.seller_price,
                "buyers": o.consumer_surplus - before.consumer_surplus,
                "nvidia": o.producer_surplus - before.producer_surplus,
                "government": o.government_revenue,
                "deadweight_loss": o.deadweight_loss,
                "rent": o.rent,
                "rent_holder": o.rent_holder,
                "buyers_share_of_fee": curves.buyers_share(o) if key == "revenue share" else 0.0,
            }
        )
    return WhoPays(
        market=market,
        policy=policy,
        demand_elasticity=ed,
        supply_elasticity=es,
        fee_share=fee,
        quota_share=quota,
        rent_holder=holder,
        pass_through=economics.pass_through(ed, es),
        calibration=cal,
        curves=curves,
        before=before,
        outcomes=outcomes,
        split=pd.DataFrame({k: [r[k] for r in rows] for k in rows[0]}),  # by column: faster
    )


# ----------------------------------------------------------------------------- backtest

#: The ``assumptions`` rows that set the H20 what-if panel's starting values: {setting: assumption_id}.
_H20_WHATIF_ASSUMPTIONS = {
    "quarters": "h20-whatif-quarters",
    "share_lost_pct": "h20-share-lost-to-domestic",
    "share_back_pct": "h20-share-licensed-back",
}


def _assumption(assumption_id: str) -> float:
    a = _data.load("assumptions").set_index("assumption_id")
    if assumption_id not in a.index:
        raise _data.DataError(f"assumptions: no row {assumption_id!r} (notebook 01's panels need it).")
    return float(a.loc[assumption_id, "value"])


@_data.derived_cache(maxsize=1)
def h20_whatif_defaults() -> dict:
    """The H20 what-if panel's starting values, from the ``assumptions`` table (grade E: what-ifs,
    not data): ``{"quarters": 2, "share_lost_pct": 30.0, "share_back_pct": 50.0}`` (shares in %)."""
    out = {}
    for key, aid in _H20_WHATIF_ASSUMPTIONS.items():
        v = _assumption(aid)
        out[key] = int(round(v)) if key == "quarters" else 100.0 * v
    return out


def _quarter_no(fiscal_period: str) -> int:
    import re

    m = re.match(r"Q([1-4]) ", str(fiscal_period))
    if m is None:
        raise _data.DataError(f"nvidia_h20: {fiscal_period!r} is not a fiscal quarter like 'Q3 FY2026'.")
    return int(m.group(1))


def backtest() -> pd.DataFrame:
    """The notebook's models against what happened.

    * The classifier (:func:`classify_chip`) against every documented status in
      ``export_status``, one row per rule vintage: ``model`` chips classified as documented,
      ``observed`` chips documented, so ``error_pct`` = minus the share misclassified.
    * :func:`h20_whatif` on the documented April 2025 case, fed with the H20 sales rate before
      the requirement (:func:`h20_market`), against NVIDIA's reports in ``nvidia_h20``: the H20
      revenue it could not ship in the rest of Q1 FY2026 (the quarter's days after the letter,
      run as one period), the H20 revenue lost in Q2 FY2026 (no licences: nothing licensed back,
      nothing resold counted), and the H20 revenue under the licences granted in August 2025,
      with the panel's default shares (:func:`h20_whatif_defaults`) over the quarters from the
      licences to the fiscal year's end. NVIDIA's $4.5bn charge is a write-down of inventory and
      purchase obligations, not lost revenue: the revenue model is not compared with it.

    Columns: quantity, period, model, observed, error_pct (model ÷ observed − 1, in %),
    source_id (ids separated by "; " where several sources document one row), grade, note.
    """
    rows = []
    st = _data.load("export_status")
    cat = chips().set_index("chip_id")
    for rule in RULES:
        sub = st[st["rule"] == rule]
        if sub.empty:
            continue
        wrong = [
            str(cat.loc[c, "chip"])
            for c, ctl in zip(sub["chip_id"], sub["controlled"])
            if classify_chip(cat.loc[c], rule).controlled != bool(ctl)
        ]
        n = len(sub)
        rows.append(
            {
                "quantity": N_("documented chips classified as the record says"),
                "period": _("rule {rule}").format(rule=rule),
                "model": float(n - len(wrong)),
                "observed": float(n),
                "source_id": "; ".join(dict.fromkeys(sub["source_id"])),
                "grade": max(sub["grade"]),
                "note": ("misclassified: " + ", ".join(wrong))
                if wrong
                else "every documented status reproduced",
            }
        )
    h = h20_figures()
    cal = h20_market()
    per_day = cal.revenue_before / cal.days_before
    fee = revenue_share()[0]

    def run(revenue, quarters=1, lost=0.0, back=0.0):
        return h20_whatif(
            quarterly_revenue=revenue,
            quarters=quarters,
            share_lost_to_domestic=lost,
            share_licensed_back=back,
            revenue_share_to_usg=fee,
        )

    days_after = cal.quarter_days - cal.days_before
    unshipped = h.loc["h20_revenue_unshipped"]
    rows.append(
        {
            "quantity": N_("H20 revenue not shipped after the requirement (USD m)"),
            "period": _("{period}, {start} to {end}").format(
                period=i18n.fmt_fiscal(cal.fiscal_period),
                start=i18n.fmt_date(cal.requirement)
                if i18n.language() == "zh"
                else f"{cal.requirement.day} {cal.requirement:%b}",
                end=i18n.fmt_date(cal.quarter_end)
                if i18n.language() == "zh"
                else f"{cal.quarter_end.day} {cal.quarter_end:%b %Y}",
            ),
            "model": run(per_day * days_after).gross_at_risk,
            "observed": float(unshipped["value"]),
            "source_id": str(unshipped["source_id"]),
            "grade": str(unshipped["grade"]),
            "note": f"the sales rate before the letter over the quarter's last {days_after} days",
        }
    )
    q2 = h.loc["h20_outlook_loss"]
    rows.append(
        {
            "quantity": N_("H20 revenue lost in the quarter (USD m)"),
            "period": str(q2["fiscal_period"]),
            "model": run(cal.quarterly_revenue).gross_at_risk,
            "observed": float(q2["value"]),
            "source_id": str(q2["source_id"]),
            "grade": str(q2["grade"]),
            "note": "observed is NVIDIA's outlook ('approximately'), not a booked figure",
        }
    )
    lic = h.loc["h20_revenue_under_aug2025_licences"]
    first = _quarter_no(h.loc["revenue_share_pct", "fiscal_period"])
    quarters = 4 - first + 1  # from the quarter the licences came to the fiscal year's end
    d = h20_whatif_defaults()
    model_lic = run(
        cal.quarterly_revenue,
        quarters=quarters,
        lost=d["share_lost_pct"] / 100,
        back=d["share_back_pct"] / 100,
    ).licensed_back
    rows.append(
        {
            "quantity": N_("H20 revenue under the August 2025 licences (USD m)"),
            "period": _("{period} ({n} quarters from the licences)").format(
                period=i18n.fmt_fiscal(lic["fiscal_period"]), n=quarters
            ),
            "model": model_lic,
            "observed": float(lic["value"]),
            "source_id": str(lic["source_id"]),
            "grade": str(lic["grade"]),
            "note": (
                f"the what-if panel's default shares: {d['share_lost_pct']:.0f}% lost to domestic chips, "
                f"{d['share_back_pct']:.0f}% of the rest licensed back"
            ),
        }
    )
    out = pd.DataFrame(rows)
    out.insert(4, "error_pct", 100.0 * (out["model"] / out["observed"] - 1.0))
    return out


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
                "title": _("US rule {rule}: {citation}").format(
                    rule=r.rule, citation=r.citation.split(";")[0]
                ),
                "actor_group": "US government",
                "grade": r.grade,
                "source_id": r.source_id,
            }
        )
    h = data.load("nvidia_h20")
    keep = {  # shown in the current language (the amounts as its reader expects them)
        "charge_estimate": N_("NVIDIA: H20 needs a licence; charges of up to {amount}"),
        "charge_recorded": N_("NVIDIA: {amount} H20 charge recorded"),
        "revenue_share_pct": N_("Reported deal: {amount} of H20 China revenue to the US government"),
    }
    for r in h.itertuples():
        if r.metric in keep:
            amount = i18n.fmt_money(r.value) if r.unit == "USD millions" else str(r.value)
            if r.metric == "revenue_share_pct":
                amount = revenue_share()[1]  # "15% or more", as the table says
            own.append(
                {
                    "date": r.date,
                    "title": _(keep[r.metric]).format(amount=amount),
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
        what = N_("licence required") if bool(ctl) else N_("sold without a licence")
        if g["category"].astype(str).str.contains("case-by-case").all():
            what = N_("case-by-case review")
        own.append(
            {
                "date": pd.Timestamp(d),
                "title": _("{chips}: {what}").format(chips=chips_, what=_(what)),  # in the current language
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
