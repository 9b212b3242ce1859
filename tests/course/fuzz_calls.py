"""A valid call of every public function of every model module, for the fuzz suite
(tests/course/test_fuzz.py). Each entry maps ``"topic.function"`` to a function returning the
keyword arguments of one good call; the fuzz suite replaces one argument at a time with a bad
value. A public function without an entry here fails the suite: add one."""

from __future__ import annotations

import pandas as pd

from utils import data


def _chips():
    from utils.export_controls import model as ec

    return ec.chips()


def _h100():
    c = _chips()
    return c[c["chip_id"] == "nvidia-h100-sxm"].iloc[0]


def _latest():
    from utils.exposure import model as ex

    return ex.load_inputs()[2]


def _revenue():
    latest = _latest()
    return latest["revenue_usd"], latest["china_share"]


def _ev():
    from utils.fact_check import model as fc

    ev = fc.evidence()
    return ev[ev["role"] == "test"].iloc[0]


def _foreign():
    from utils.substitution import model as sub

    return sub.foreign_h100e_by_vintage()[0]


GOOD: dict[str, callable] = {
    # 00 start_here
    "start_here.filter_timeline": lambda: dict(
        events=data.load("timeline"), actor_groups=["US government"], year_from=2022, year_to=2025
    ),
    "start_here.latest_reporting": lambda: dict(revenue=data.load("nvidia_revenue")),
    "start_here.revenue_breakdown": lambda: dict(
        revenue=data.load("nvidia_revenue"), fiscal_year=2025, breakdown="platform"
    ),
    "start_here.china_share_by_year": lambda: dict(revenue=data.load("nvidia_revenue")),
    "start_here.grade_totals": lambda: dict(grades=data.grade_summary()),
    # 01 export_controls
    "export_controls.tpp": lambda: dict(dense_tops_by_bits={16: 989.4, 8: 1979}),
    "export_controls.performance_density": lambda: dict(tpp=15832, die_area_mm2=814),
    "export_controls.classify": lambda: dict(
        tpp=2368,
        die_area_mm2=814,
        datacenter=True,
        io_bandwidth_gbps=900,
        memory_bandwidth_gbps=4000,
        rule="2025-04",
    ),
    "export_controls.thresholds": lambda: dict(rule="2023-10"),
    "export_controls.rule_info": lambda: dict(rule="2023-10"),
    "export_controls.rule_in_force": lambda: dict(on="2024-06-30"),
    "export_controls.dense_ops": lambda: dict(row=_h100()),
    "export_controls.chip_tpp": lambda: dict(row=_h100()),
    # all rows: chips without a published figure have NaN there (not a silent wrong answer)
    "export_controls.chips": lambda: dict(preferred_only=False),
    "export_controls.classify_chip": lambda: dict(row=_h100(), rule="2023-10"),
    "export_controls.classify_catalogue": lambda: dict(rule="2023-10", df=_chips()),
    "export_controls.status_on": lambda: dict(on="2024-06-30", df=_chips()),
    "export_controls.status_table": lambda: dict(on="2024-06-30", df=_chips()),
    "export_controls.catalogue_by_rule": lambda: dict(df=_chips()),
    "export_controls.h20_whatif": lambda: dict(
        quarterly_revenue=8000,
        quarters=4,
        share_lost_to_domestic=0.3,
        share_licensed_back=0.5,
        revenue_share_to_usg=0.15,
        share_resold_elsewhere=0.05,
    ),
    "export_controls.h20_figures": lambda: dict(),
    "export_controls.designed_pairs": lambda: dict(df=_chips()),
    "export_controls.story_events": lambda: dict(),
    "export_controls.weak_rows": lambda: dict(df=data.load("accelerators")),
    "export_controls.design_chip": lambda: dict(
        dense_tops=148,
        bits=16,
        die_area_mm2=814,
        memory_bandwidth_gbps=4000,
        io_bandwidth_gbps=900,
        datacenter=True,
        rule="2023-10",
    ),
    "export_controls.chip_preset": lambda: dict(chip_id="nvidia-h20", catalogue=_chips()),
    "export_controls.nvidia_china_revenue": lambda: dict(),
    "export_controls.h20_market": lambda: dict(),
    "export_controls.market_assumptions": lambda: dict(),
    "export_controls.revenue_share": lambda: dict(),
    "export_controls.fee_words": lambda: dict(fee_share=0.15),
    "export_controls.who_pays": lambda: dict(
        market="inference chips",
        policy="quota",
        fee_share=0.15,
        quota_share=0.5,
        rent_holder="government",
        supply_elasticity=2.0,
    ),
    "export_controls.backtest": lambda: dict(),
    "export_controls.h20_whatif_defaults": lambda: dict(),
    # 02 compute_demand
    "compute_demand.training_flop": lambda: dict(active_params=37e9, tokens=14.8e12),
    "compute_demand.training_cost": lambda: dict(gpu_hours=2.788e6, usd_per_gpu_hour=2.0),
    "compute_demand.gpu_hours_and_cost": lambda: dict(
        flop=3.3e24, peak_flop_per_s=9.89e14, utilisation=0.35, usd_per_gpu_hour=2.0
    ),
    "compute_demand.implied_utilisation": lambda: dict(
        flop=3.3e24, gpu_hours=2.788e6, peak_flop_per_s=9.89e14
    ),
    "compute_demand.compute_demand_multiplier": lambda: dict(efficiency_gain=10.0, elasticity=-1.3),
    "compute_demand.break_even_elasticity": lambda: dict(),
    "compute_demand.elasticity_for_multiplier": lambda: dict(efficiency_gain=10.0, multiplier=2.0),
    "compute_demand.jevons_scenario": lambda: dict(efficiency_gain=10.0, elasticity=-1.3),
    "compute_demand.compute_demand_path": lambda: dict(
        years=10,
        demand_growth=0.3,
        efficiency_gain_per_year=2.0,
        elasticity=-1.2,
        start_year=2025,
        base_demand=1.0,
    ),
    "compute_demand.full_cost": lambda: dict(
        gpu_hours=2.788e6, usd_per_gpu_hour=2.0, overhead_multiplier=5.0
    ),
    "compute_demand.cost_scenario": lambda: dict(
        gpu_hours_millions=2.788, usd_per_gpu_hour=2.0, overhead_multiplier=5.0
    ),
    "compute_demand.fit_log_trend": lambda: dict(
        years=[2018.0, 2019.0, 2020.0, 2021.0, 2022.0], values=[1e21, 4e21, 2e22, 7e22, 3e23]
    ),
    "compute_demand.decimal_year": lambda: dict(dates=pd.to_datetime(["2024-07-01", "2025-01-01"])),
    "compute_demand.capex_path": lambda: dict(base_value=200.0, growth_rate=0.3, years=5, start_year=2025),
    "compute_demand.headline_capex": lambda: dict(capex=data.load("hyperscaler_capex")),
    "compute_demand.capex_projection": lambda: dict(
        headline=__import__("utils.compute_demand", fromlist=["x"]).headline_capex(
            data.load("hyperscaler_capex")
        ),
        company="Microsoft",
        base_year=2023,
        growth_rate=0.3,
        end_year=2026,
    ),
    "compute_demand.like_for_like_growth": lambda: dict(
        capex=data.load("hyperscaler_capex"), year0=2024, year1=2025
    ),
    # 03 substitution
    "compute_demand.trend_backtest": lambda: dict(cutoff_year=2021),
    "compute_demand.capex_backtest": lambda: dict(fit_years=(2020, 2023)),
    "compute_demand.backtest": lambda: dict(),
    "substitution.units_text": lambda: dict(million=2.3),
    "substitution.policy_path": lambda: dict(policy="as announced (2023-10, 2025-04, then 2026-01)"),
    "substitution.supply_scenario": lambda: __import__("utils.substitution", fromlist=["x"]).default_params(),
    "substitution.cluster_equivalent": lambda: dict(
        target_perf=15832,
        target_count=1000,
        target_power_w=700,
        substitute_perf=12480,
        substitute_power_w=350,
        efficiency=1.0,
        target_price_usd=25000,
        substitute_price_usd=20000,
    ),
    "substitution.ratio": lambda: dict(numerator=2.0, denominator=4.0, what="ratio"),
    "substitution.chip_row": lambda: dict(chip_id="nvidia-h100-sxm"),
    "substitution.h100e": lambda: dict(chip_id="huawei-ascend910c"),
    "substitution.foreign_h100e_by_vintage": lambda: dict(kind="licensed"),
    "substitution.backtest": lambda: dict(),
    "substitution.default_params": lambda: dict(policy="as announced (2023-10, 2025-04, then 2026-01)"),
    "substitution.defaults_table": lambda: dict(),
    "substitution.run_default": lambda: dict(mandate=0.5),
    "substitution.cluster_result": lambda: dict(
        target="nvidia-h100-sxm",
        count=1000,
        substitute="huawei-ascend910c",
        metric="TPP (peak dense compute)",
        efficiency=1.0,
    ),
    # 04 exposure
    "exposure.definition_rows": lambda: dict(china=data.load("china_revenue"), company="Nvidia"),
    "exposure.load_inputs": lambda: dict(fx_on=None),
    "exposure.revenue_at_risk": lambda: dict(revenue=100.0, china_share=0.2, shock=0.5),
    "exposure.uniform_ban": lambda: dict(zip(("revenue", "china_share"), _revenue()), fraction_lost=1.0),
    "exposure.per_company_shock": lambda: dict(
        zip(("revenue", "china_share"), _revenue()), shocks={"Nvidia": 0.5}, default=0.0
    ),
    "exposure.tariff_defaults": lambda: dict(),
    "exposure.tariff_effects": lambda: dict(tariff=0.25, demand_elasticity=-1.5, supply_elasticity=2.0),
    "exposure.tariff_loss_fraction": lambda: dict(tariff=0.25, demand_elasticity=-1.5, supply_elasticity=2.0),
    "exposure.tariff_shock": lambda: dict(
        zip(("revenue", "china_share"), _revenue()),
        tariff=0.25,
        demand_elasticity=-1.5,
        supply_elasticity=2.0,
    ),
    "exposure.period_bounds": lambda: dict(label="year to March 2024"),
    "exposure.fiscal_year_overlap": lambda: dict(
        china=data.load("china_revenue"),
        company="Apple",
        start="2023-04-01",
        end="2024-03-31",
        grades=("A", "B", "C"),
    ),
    "exposure.backtest": lambda: dict(growth=None),
    "exposure.backtest_inputs": lambda: dict(growth=0.5),
    "exposure.h20_charge": lambda: dict(),
    "exposure.decoupling_path": lambda: dict(
        revenue=130000.0, china_share=0.13, years=10, annual_decline=0.1, growth=0.05, start_year=2025
    ),
    "exposure.convert_currency": lambda: dict(
        amount=100.0, rate=1.08, rate_date="2023-12-29", from_ccy="EUR", to_ccy="USD"
    ),
    "exposure.fx_rate": lambda: dict(
        fx=data.load("fx_rates"), kind="daily reference", on="2023-12-29", base="EUR", quote="USD"
    ),
    "exposure.china_shares": lambda: dict(df=data.load("china_revenue")),
    "exposure.annual_rows": lambda: dict(df=data.load("china_revenue"), scope="company"),
    "exposure.stress_table": lambda: dict(
        latest=_latest(),
        companies=["Nvidia", "Apple"],
        kind="uniform ban",
        size=0.5,
        demand_elasticity=-1.5,
        supply_elasticity=2.0,
        shocks=None,
    ),
    "exposure.latest_exposure": lambda: dict(
        china=data.load("china_revenue"), fx=_fx(), grades=("A", "B", "C")
    ),
    # 05 fact_check
    "fact_check.claims": lambda: dict(),
    "fact_check.evidence": lambda: dict(),
    "fact_check.select_row": lambda: dict(
        table="nvidia_revenue", selector="fiscal_year=2025;breakdown=total"
    ),
    "fact_check.resolve": lambda: dict(ev=_ev()),
    "fact_check.part_verdict": lambda: dict(ev=_ev(), resolved=None),
    "fact_check.counts_as_evidence": lambda: dict(grades=["B", "E"], sources=["x"], stated_as="estimate"),
    "fact_check.claim_verdict": lambda: dict(claim_id=3, ev=None),
    "fact_check.evidence_table": lambda: dict(claim_id=3),
    "fact_check.summary": lambda: dict(),
    "fact_check.check_claim": lambda: dict(claim_id=3, my_verdict="outdated"),
    "fact_check.check_my_claim": lambda: dict(
        stated=130.5,
        table="nvidia_revenue",
        selector="fiscal_year=2025;breakdown=total",
        column="revenue_usd_m",
        op="value",
        scale=0.001,
        comparison="approx",
        tolerance=0.01,
    ),
    "fact_check.synthesis_scenario": lambda: dict(
        policy="as announced (2023-10, 2025-04, then 2026-01)",
        mandate=0.5,
        licence_share=1.0,
        hbm_growth=0.0,
        capacity_growth=0.3,
        year=2027,
    ),
    "fact_check.claim_parts": lambda: dict(claim=3),
    "fact_check.synthesis_defaults": lambda: dict(),
    "fact_check.synthesis_backtest": lambda: dict(),
    "fact_check.synthesis_calibration": lambda: dict(),
    "fact_check.backtest": lambda: dict(),
    "fact_check.checker_result": lambda: dict(claim=3, my_verdict="outdated"),
    "fact_check.format_value": lambda: dict(value=1234.5, unit="USD millions"),
}


def _fx():
    from utils.exposure import model as ex

    return ex.fx_rate(data.load("fx_rates"), kind="daily reference", on="2023-12-29")


GOOD["compute_demand.rebound"] = lambda: dict(efficiency_gain=4.0, elasticity=-0.5)
