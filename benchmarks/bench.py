#!/usr/bin/env python
"""Performance benchmarks of the course (``make bench``): one run, one table, one JSON file.

1. **Kernel**: every notebook ``notebooks/NN_*.ipynb`` (whatever exists) runs top to bottom in a
   fresh kernel: kernel time of its cells, wall time with kernel start-up, and the kernel's peak
   memory (``ru_maxrss``). An empty notebook in the same run is the start-up baseline.
2. **Widgets**: in the same kernel, after the notebook's cells, every live
   :class:`utils.widgets.Panel` (``widgets.live_panels()``) is timed: the model alone, and a full
   update (``panel.set`` → readout + figure re-rendered), median and 90th percentile; plus a bare
   one-line figure of the same size rendered the same way, as the baseline ratio
   (see ``benchmarks/kernel_side.py``).
3. **Browser**: JupyterLab in headless Chromium; for each panel with a slider, ten ArrowRight
   presses on its first slider handle, time from key press to readout and picture both changed.

Targets (goals, reported, not asserted): model < 5 ms; update <= 1.5 x baseline; browser median
< 100 ms; whole course < 60 s of kernel time; no kernel above 500 MB.

    .venv/bin/python benchmarks/bench.py [--repeats 30] [--presses 10] [--no-browser]
                                         [--notebooks 00 01] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))
import harness  # noqa: E402

TARGETS = {
    "model_ms": 5.0,
    "update_ratio": 1.5,
    "browser_ms": 100.0,
    "course_kernel_s": 60.0,
    "kernel_mb": 500.0,
    "notebook_kernel_s": 2.5,
    "tables_warm_s": 0.5,
}
NB_MARK = "@@COURSE-NB@@"
BENCH_MARK = "@@COURSE-BENCH@@"


def _stdout(nb) -> str:
    text = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream" and out.get("name") == "stdout":
                text.append(out.get("text", ""))
    return "".join(text)


def _marked(text: str, mark: str):
    for line in text.splitlines():
        if line.startswith(mark):
            return json.loads(line[len(mark) :])
    return None


def run_in_kernel(path: Path | None, repeats: int) -> dict:
    """Execute one notebook (None: an empty one) in a fresh kernel, then time its panels."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    v4 = nbformat.v4
    if path is None:
        nb = v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        cwd = ROOT / "notebooks"
    else:
        nb = nbformat.read(path, as_version=4)
        cwd = path.parent
    n_cells = len(nb.cells)
    pre = v4.new_code_cell("import time as _bench_time\n_bench_t0 = _bench_time.perf_counter()")
    post = v4.new_code_cell(
        "import json as _bench_json, resource as _bench_res\n"
        "_bench_dt = _bench_time.perf_counter() - _bench_t0\n"
        f"print({NB_MARK!r} + _bench_json.dumps({{'exec_s': _bench_dt, 'maxrss_mb': "
        "_bench_res.getrusage(_bench_res.RUSAGE_SELF).ru_maxrss / 1024}))"
    )
    cells = [pre, *nb.cells, post]
    if path is not None:
        side = (ROOT / "benchmarks" / "kernel_side.py").read_text(encoding="utf-8")
        cells.append(v4.new_code_cell(f"_COURSE_BENCH_REPEATS = {repeats}\n{side}"))
    nb.cells = cells
    marks = {}

    def on_cell_executed(cell, **_kw):  # wall clock when the notebook's own cells are done
        if cell is post:
            marks["post"] = time.perf_counter()

    client = NotebookClient(
        nb,
        timeout=900,
        kernel_name="python3",
        resources={"metadata": {"path": str(cwd)}},
        on_cell_executed=on_cell_executed,
    )
    row = {"notebook": path.name if path else "(empty notebook)", "cells": n_cells}
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as exc:
        row["error"] = str(exc).strip().splitlines()[-1][:300]
    # start-up + the notebook's cells (not the widget timing that follows)
    row["wall_s"] = marks.get("post", time.perf_counter()) - start
    out = _stdout(nb)
    row.update(_marked(out, NB_MARK) or {})
    row["panels"] = _marked(out, BENCH_MARK) or []
    return row


def run_browser(paths: list[Path], presses: int, log) -> list[dict]:
    """Key-press → readout + picture latency in JupyterLab, per panel with a slider."""
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        tmp = Path(tmp)
        harness.copy_course(tmp / "course", only=paths)
        with (
            harness.lab_server(tmp / "course", tmp / "home", tmp / "lab.log") as lab,
            sync_playwright() as pw,
        ):
            browser = harness.launch_chromium(pw)
            try:
                for path in paths:
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    page = context.new_page()
                    page.set_default_timeout(60_000)
                    try:
                        t = time.perf_counter()
                        harness.lab_open(page, lab.base, f"notebooks/{path.name}")
                        harness.lab_run_all(page)
                        run_all_s = time.perf_counter() - t
                        panels = page.locator(".course-panel")
                        for k in range(panels.count()):
                            panel = panels.nth(k)
                            if not panel.locator(".widget-slider .noUi-handle").count():
                                continue
                            title = panel.locator("h3").first.inner_text()
                            try:
                                measured = harness.measure_key_latency(page, panel, presses)
                                times = measured["times"]
                                if not times:
                                    rows.append(
                                        {
                                            "notebook": path.name,
                                            "panel": title,
                                            "error": f"none of {presses} presses changed "
                                            "both readout and picture",
                                        }
                                    )
                                    continue
                            except Exception as exc:  # report, go on with the others
                                rows.append(
                                    {
                                        "notebook": path.name,
                                        "panel": title,
                                        "error": f"{type(exc).__name__}: {exc}"[:300],
                                    }
                                )
                                continue
                            xs = sorted(times)
                            rows.append(
                                {
                                    "notebook": path.name,
                                    "panel": title,
                                    "presses": len(xs),
                                    "median_ms": statistics.median(xs),
                                    "p90_ms": xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))],
                                    "max_ms": xs[-1],
                                    "partial": measured["partial"],
                                    "run_all_s": run_all_s,
                                }
                            )
                            log(
                                f"  browser {path.name} / {title[:40]}: median {rows[-1]['median_ms']:.0f} ms"
                            )
                    finally:
                        context.close()
            finally:
                browser.close()
    return rows


# ----------------------------------------------------------------------------- report


_TABLES_CODE = r"""
import json, sys, time
t0 = time.perf_counter()
from utils import data
t1 = time.perf_counter()
names = data.table_names()
for n in names:
    data.load(n)
t2 = time.perf_counter()
print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "tables": len(names),
                  "frictionless_imported": "frictionless" in sys.modules}))
"""


def run_tables() -> dict:
    """Loading every table in a fresh process: cold (an empty validation cache, as on a new
    machine or after an edit) and warm (nothing changed since the last run)."""
    import subprocess

    out = {}
    with tempfile.TemporaryDirectory(prefix="course-bench-cache-") as cache:
        env = dict(os.environ, COURSE_CACHE_DIR=cache)
        for kind in ("cold", "warm"):
            res = subprocess.run(
                [sys.executable, "-c", _TABLES_CODE],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            out[kind] = json.loads(res.stdout.strip().splitlines()[-1])
    return out


def _flag(ok: bool | None) -> str:
    return "" if ok is None else ("ok" if ok else "MISS")


def table(result: dict) -> str:
    lines = []
    add = lines.append
    t = TARGETS
    tab = result.get("tables")
    if tab:
        cold, warm = tab["cold"], tab["warm"]
        add(
            f"Tables: all {warm['tables']} loaded and validated in a fresh process: "
            f"{warm['load_s']:.2f} s when nothing changed "
            f"{_flag(warm['load_s'] < t['tables_warm_s'])} (< {t['tables_warm_s']:g} s), "
            f"{cold['load_s']:.2f} s on first use (every table validated by frictionless); "
            f"importing utils.data {warm['import_s']:.2f} s"
        )
        add("")
    add(
        "Notebooks, each in a fresh kernel (kernel time = the notebook's cells; wall includes "
        "kernel start-up)"
    )
    add(f"{'notebook':40} {'kernel s':>9} {'wall s':>8} {'peak MB':>8}  target")
    for nb in result["notebooks"]:
        ok = (
            nb.get("maxrss_mb", 0) <= t["kernel_mb"]
            and "error" not in nb
            and nb.get("exec_s", 0) <= t["notebook_kernel_s"]
        )
        add(
            f"{nb['notebook'][:40]:40} {nb.get('exec_s', float('nan')):9.2f} "
            f"{nb['wall_s']:8.2f} {nb.get('maxrss_mb', float('nan')):8.0f}  "
            f"{_flag(ok) if nb['notebook'] != '(empty notebook)' else 'baseline'}"
            + (f"  ERROR {nb['error']}" if "error" in nb else "")
        )
    total = result["course_kernel_s"]
    add(
        f"{'whole course':40} {total:9.2f} {result['course_wall_s']:8.2f} "
        f"{result['course_peak_mb']:8.0f}  {_flag(total < t['course_kernel_s'])} "
        f"(< {t['course_kernel_s']:.0f} s; each notebook <= {t['notebook_kernel_s']:g} s of "
        f"kernel time and < {t['kernel_mb']:.0f} MB)"
    )
    add("")
    add(
        f"Widgets, in the notebook's kernel ({result['repeats']} updates each; baseline = bare "
        "one-line figure of the same size, same rendering)"
    )
    add(
        f"{'notebook':26} {'panel':22} {'control':14} {'model med':>9} {'p90':>7} "
        f"{'update med':>10} {'p90':>7} {'baseline':>8} {'ratio':>6}  target"
    )
    for nb in result["notebooks"]:
        for p in nb.get("panels", []):
            m, u, b = p["model"], p.get("update"), p.get("baseline")
            ok_model = m["median_ms"] < t["model_ms"]
            ok_ratio = None if "ratio" not in p else p["ratio"] <= t["update_ratio"]
            flags = [] if ok_model else [f"model>{t['model_ms']:g}ms"]
            if ok_ratio is False:
                flags.append(f"ratio>{t['update_ratio']:g}")
            add(
                f"{nb['notebook'][:26]:26} {p['panel'][:22]:22} {p.get('control', '-')[:14]:14} "
                f"{m['median_ms']:9.2f} {m['p90_ms']:7.2f} "
                + (f"{u['median_ms']:10.1f} {u['p90_ms']:7.1f} " if u else f"{'-':>10} {'-':>7} ")
                + (f"{b['median_ms']:8.1f} " if b else f"{'-':>8} ")
                + (f"{p['ratio']:6.2f}" if "ratio" in p else f"{'-':>6}")
                + "  "
                + ("ok" if not flags else "MISS " + ", ".join(flags))
            )
    add("")
    if result.get("browser") is None:
        add(f"Browser: not measured ({result.get('browser_skipped', 'skipped')})")
    else:
        add(
            f"Browser: JupyterLab in headless Chromium, key press on a slider -> readout and "
            f"picture changed ({result['presses']} presses)"
        )
        add(f"{'notebook':26} {'panel':44} {'median ms':>9} {'p90':>7} {'max':>7}  target")
        for r in result["browser"]:
            if "error" in r:
                add(f"{r['notebook'][:26]:26} {r['panel'][:44]:44}  ERROR {r['error']}")
                continue
            add(
                f"{r['notebook'][:26]:26} {r['panel'][:44]:44} {r['median_ms']:9.0f} "
                f"{r['p90_ms']:7.0f} {r['max_ms']:7.0f}  "
                f"{_flag(r['median_ms'] < t['browser_ms'])}"
                + (
                    f" ({r['partial']} of {result['presses']} presses left out: changed only the "
                    "readout or only the picture)"
                    if r.get("partial")
                    else ""
                )
            )
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=30, help="updates per widget (default 30)")
    ap.add_argument("--presses", type=int, default=10, help="key presses per slider (default 10)")
    ap.add_argument("--no-browser", action="store_true", help="skip the browser measurement")
    ap.add_argument("--notebooks", nargs="*", help="only notebooks whose name starts with these")
    ap.add_argument("--out", type=Path, help="JSON file (default benchmarks/results/bench-*.json)")
    args = ap.parse_args(argv)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    paths = harness.notebooks()
    if args.notebooks:
        paths = [p for p in paths if any(p.name.startswith(s) for s in args.notebooks)]
    scen = tempfile.mkdtemp(prefix="course-bench-scenarios-")
    os.environ.update(COURSE_SCENARIO_DIR=scen, MPLBACKEND="module://matplotlib_inline.backend_inline")

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "targets": TARGETS,
        "repeats": args.repeats,
        "presses": args.presses,
        "notebooks": [],
    }
    log("tables: cold and warm ...")
    result["tables"] = run_tables()
    for path in [None, *paths]:
        log(f"kernel: {path.name if path else '(empty notebook)'} ...")
        result["notebooks"].append(run_in_kernel(path, args.repeats))
    real = [nb for nb in result["notebooks"] if nb["notebook"] != "(empty notebook)"]
    result["course_kernel_s"] = sum(nb.get("exec_s", 0) for nb in real)
    result["course_wall_s"] = sum(nb["wall_s"] for nb in real)
    result["course_peak_mb"] = max((nb.get("maxrss_mb", 0) for nb in real), default=0)

    reason = "--no-browser" if args.no_browser else harness.why_no_browser()
    if reason:
        result["browser"] = None
        result["browser_skipped"] = reason
    else:
        log("browser: JupyterLab + Chromium ...")
        result["browser"] = run_browser(paths, args.presses, log)

    text = table(result)
    result["table"] = text
    out = args.out or (
        ROOT / "benchmarks" / "results" / f"bench-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    (out.parent / "latest.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(text)
    print(f"\nJSON: {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
