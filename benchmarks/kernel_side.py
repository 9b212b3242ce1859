"""Runs INSIDE a notebook's kernel, after all of the notebook's cells (bench.py sends this file's
text as one extra cell). Times every live :class:`utils.widgets.Panel` the notebook built:

* ``model``: the pure model function alone, called with the panel's current parameters;
* ``update``: a full update as a student causes it, ``panel.set(control=value)`` (new numbers,
  readout, figure redrawn in place, PNG rendered and sent to the Image widget), alternating two
  values of one control so every update really changes something;
* ``baseline``: in the same kernel, a bare one-line matplotlib figure of the same size, rendered
  the same way (same ``fig_to_png``, same Image widget assignment, layout frozen like a Panel's).

Prints one line ``@@COURSE-BENCH@@{json}``. Reads ``_COURSE_BENCH_REPEATS`` from the kernel's
globals (default 30).
"""


def _course_bench(repeats):
    import json
    import statistics
    import time

    import ipywidgets as W
    import numpy as np
    from matplotlib.figure import Figure

    from utils import widgets
    from utils.plotting import fig_to_png

    def stats(times_ms):
        xs = sorted(times_ms)
        p90 = xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]
        return {"median_ms": statistics.median(xs), "p90_ms": p90, "n": len(xs)}

    def two_values(panel):
        """(control name, value A, value B) a student could set, or None."""
        for key, ctrl in panel.controls.items():
            if isinstance(ctrl, (W.FloatSlider, W.IntSlider, W.FloatLogSlider)):
                v, step = ctrl.value, ctrl.step or 1
                other = v + step if v + step <= ctrl.max else v - step
                return key, v, other
        for key, ctrl in panel.controls.items():
            if (
                isinstance(ctrl, (W.SelectionSlider, W.Dropdown, W.RadioButtons, W.ToggleButtons, W.Select))
                and len(ctrl.options) > 1
            ):
                values = list(ctrl._options_values)
                i = values.index(ctrl.value)
                other = values[i + 1] if i + 1 < len(values) else values[i - 1]
                return key, ctrl.value, other
        return None

    baselines = {}

    def baseline(size, dpi):
        if (size, dpi) in baselines:
            return baselines[(size, dpi)]
        fig = Figure(figsize=size, dpi=dpi, layout="constrained")
        ax = fig.add_subplot()
        x = np.linspace(0, 10, 50)
        (line,) = ax.plot(x, np.sin(x))
        img = W.Image(format="png")
        img.value = fig_to_png(fig)
        fig.set_layout_engine("none")
        times = []
        for i in range(repeats + 2):
            t = time.perf_counter()
            line.set_ydata(np.sin(x + 0.3 * (i % 2)))
            img.value = fig_to_png(fig)
            times.append((time.perf_counter() - t) * 1000)
        baselines[(size, dpi)] = stats(times[2:])
        return baselines[(size, dpi)]

    rows = []
    for panel in widgets.live_panels():
        row = {"panel": panel.name, "title": panel.title}
        params = panel.params
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            panel._compute(**params)
            times.append((time.perf_counter() - t) * 1000)
        row["model"] = stats(times)
        choice = two_values(panel)
        if choice is not None:
            key, a, b = choice
            row["control"] = key
            times = []
            for i in range(repeats + 2):
                t = time.perf_counter()
                panel.set(**{key: b if i % 2 == 0 else a})
                times.append((time.perf_counter() - t) * 1000)
            panel.set(**{key: a})
            row["update"] = stats(times[2:])
            row["error"] = panel.error
        if panel.figure is not None:
            size = tuple(round(float(v), 3) for v in panel.figure.get_size_inches())
            row["figure_px"] = [int(size[0] * panel.figure.dpi), int(size[1] * panel.figure.dpi)]
            row["baseline"] = baseline(size, panel.figure.dpi)
            if "update" in row:
                row["ratio"] = row["update"]["median_ms"] / row["baseline"]["median_ms"]
        rows.append(row)
    print("@@COURSE-BENCH@@" + json.dumps(rows))


_course_bench(globals().get("_COURSE_BENCH_REPEATS", 30))
del _course_bench
