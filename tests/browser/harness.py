"""Shared machinery for the browser tests and the browser benchmark.

* :func:`why_no_browser` says why the browser tests cannot run here (or ``None``);
* :class:`Server` runs a Jupyter server (JupyterLab or Voilà) in its own session on 127.0.0.1 and
  always stops it, with every process it started (kernels included);
* :func:`launch_chromium` starts Debian's headless Chromium through playwright-python;
* the ``lab_*`` and ``panel_*`` helpers drive JupyterLab and the course's widget panels.

Panels are found by the CSS classes :class:`utils.widgets.Panel` sets: ``course-panel`` (root),
``course-panel-figure`` (the picture), ``course-panel-readout`` (the readout text).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"
BIN = Path(sys.executable).parent
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


def notebooks() -> list[Path]:
    """The course notebooks present right now, in order (``COURSE_NOTEBOOKS_DIR`` overrides the
    folder, e.g. to try the tests on a scratch notebook)."""
    folder = Path(os.environ.get("COURSE_NOTEBOOKS_DIR", ROOT / "notebooks"))
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def why_no_browser() -> str | None:
    """A one-line reason the browser tests cannot run on this machine, or None if they can."""
    if not Path(CHROMIUM).exists():
        return (
            f"browser tests skipped: no Chromium at {CHROMIUM} "
            "(install Debian's package: apt-get install chromium; .ci/run does this)"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "browser tests skipped: playwright is not installed (pip install -e '.[test]')"
    for tool in ("jupyter-lab", "voila"):
        if not (BIN / tool).exists():
            return f"browser tests skipped: {BIN / tool} is missing (pip install -e '.[test]')"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ----------------------------------------------------------------------------- servers


def _write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj), encoding="utf-8")


def isolated_env(home: Path) -> dict:
    """Environment for a server: private Jupyter config/runtime/settings dirs under ``home``,
    JupyterLab settings that keep the page quiet and render every cell (no virtual scrolling)."""
    settings = home / "lab-settings"
    _write_json(
        settings / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings",
        {"windowingMode": "none"},
    )
    _write_json(
        settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings",
        {"fetchNews": "false", "checkForUpdates": False},
    )
    _write_json(
        settings / "@jupyterlab" / "extensionmanager-extension" / "plugin.jupyterlab-settings",
        {"enabled": False},
    )
    env = dict(os.environ)
    for key in ("JUPYTER_TOKEN", "JPY_SESSION_NAME", "MPLBACKEND", "PYTHONPATH"):
        env.pop(key, None)
    env.update(
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(home / "lab-workspaces"),
        JUPYTER_CONFIG_DIR=str(home / "jupyter-config"),
        JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"),
        IPYTHONDIR=str(home / "ipython"),
        COURSE_SCENARIO_DIR=str(home / "scenarios"),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    return env


def copy_course(dest: Path, only: list[Path] | None = None) -> Path:
    """A temporary copy of the notebooks under ``dest/notebooks`` (data and utils linked, read
    only), so a test run never writes into the checkout."""
    (dest / "notebooks").mkdir(parents=True, exist_ok=True)
    for path in only if only is not None else notebooks():
        shutil.copy2(path, dest / "notebooks" / path.name)
    if only is None:  # the generated Chinese notebooks (utils.i18n), one folder down
        for path in sorted((ROOT / "notebooks" / "zh").glob("[0-9][0-9]_*.ipynb")):
            (dest / "notebooks" / "zh").mkdir(exist_ok=True)
            shutil.copy2(path, dest / "notebooks" / "zh" / path.name)
    for name in ("data", "utils", "docs"):
        if (ROOT / name).exists() and not (dest / name).exists():
            (dest / name).symlink_to(ROOT / name)
    return dest


class Server:
    """A server process in its own session; :meth:`stop` ends it and everything it started."""

    def __init__(
        self,
        cmd: list[str],
        *,
        cwd: Path,
        env: dict,
        port: int,
        ready_path: str,
        log: Path,
        name: str = "server",
    ):
        self.cmd, self.cwd, self.env, self.port = cmd, cwd, env, port
        self.ready_path, self.log_path, self.name = ready_path, log, name
        self.proc: subprocess.Popen | None = None
        self.base = f"http://127.0.0.1:{port}"
        self.left_behind: list[int] = []  # pids still alive after stop() (should stay empty)

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, timeout: float = 120) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            self.cmd,
            cwd=self.cwd,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        try:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(
                        f"{self.name} exited with code {self.proc.returncode}:\n" + self.log_tail()
                    )
                try:
                    with urllib.request.urlopen(self.base + self.ready_path, timeout=5) as r:
                        if r.status == 200:
                            return
                except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"{self.name} did not answer on {self.base} within "
                        f"{timeout:.0f} s:\n" + self.log_tail()
                    )
                time.sleep(0.25)
        except BaseException:
            self.stop()
            raise

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def _descendants(self) -> list:
        try:
            import psutil

            return psutil.Process(self.proc.pid).children(recursive=True)
        except Exception:
            return []

    def stop(self) -> None:
        """Shut down politely (kernels included), then terminate, then kill what is left."""
        proc = self.proc
        if proc is None:
            return
        children = self._descendants()
        if proc.poll() is None:
            try:  # jupyter_server: shuts every kernel down, then exits
                req = urllib.request.Request(self.base + "/api/shutdown", method="POST", data=b"")
                urllib.request.urlopen(req, timeout=5).close()
            except Exception:
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
            alive = [p for p in children if _alive(p)]
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, sig)
                except (ProcessLookupError, PermissionError):
                    pass
            for p in alive:
                try:
                    p.send_signal(sig)
                except Exception:
                    pass
            try:
                proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                pass
            end = time.monotonic() + wait
            while any(_alive(p) for p in children) and time.monotonic() < end:
                time.sleep(0.1)
            if proc.poll() is not None and not any(_alive(p) for p in children):
                break
        self.proc = None
        self._log.close()
        self.left_behind = [p.pid for p in children if _alive(p)]


def _alive(p) -> bool:
    try:
        return p.is_running() and p.status() != "zombie"
    except Exception:
        return False


def lab_server(root: Path, home: Path, log: Path, env: dict | None = None) -> Server:
    """JupyterLab on a free 127.0.0.1 port, no token, app exposed for scripted commands."""
    port = free_port()
    cmd = [
        str(BIN / "jupyter-lab"),
        "--no-browser",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        "--ServerApp.ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.disable_check_xsrf=True",
        "--LabApp.news_url=",
        "--LanguageServerManager.autodetect=False",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # CI containers run as root
        cmd.append("--allow-root")
    return Server(
        cmd,
        cwd=root,
        env={**isolated_env(home), **(env or {})},
        port=port,
        ready_path="/api/status",
        log=log,
        name="JupyterLab",
    )


def voila_server(root: Path, home: Path, log: Path, extra: list[str] = (), env: dict | None = None) -> Server:
    """Voilà serving the folder ``root`` on a free 127.0.0.1 port."""
    port = free_port()
    cmd = [
        str(BIN / "voila"),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        "--Voila.port_retries=0",
        str(root),
        *extra,
    ]
    return Server(
        cmd,
        cwd=root,
        env={**isolated_env(home), **(env or {})},
        port=port,
        ready_path="/voila/tree",
        log=log,
        name="Voilà",
    )


# ----------------------------------------------------------------------------- browser


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


# JS: wait until the current notebook's kernel is ready, run every cell, wait for idle.
_RUN_ALL_JS = """
async () => {
  const app = window.jupyterapp;
  const nb = app.shell.currentWidget;
  await nb.context.ready;
  await nb.sessionContext.ready;
  const ok = await app.commands.execute('notebook:run-all-cells');
  const kernel = nb.sessionContext.session.kernel;
  const t0 = Date.now();
  while (kernel.status !== 'idle' && Date.now() - t0 < 60000) {
    await new Promise(r => setTimeout(r, 50));
  }
  return {ok: ok !== false, status: kernel.status, cells: nb.content.widgets.length};
}
"""

# JS: widget outputs the notebook holds (from its model) and how many the page shows rendered
# (a widget view) or failed ("Error displaying widget").
_WIDGET_COUNTS_JS = f"""
() => {{
  const nb = window.jupyterapp.shell.currentWidget.content;
  let expected = 0;
  for (const cell of nb.widgets) {{
    if (cell.model.type !== 'code') continue;
    for (const out of cell.model.outputs.toJSON())
      if (out.data && out.data['{WIDGET_MIME}']) expected += 1;
  }}
  let rendered = 0, failed = 0;
  document.querySelectorAll('.jp-OutputArea-output').forEach(o => {{
    if (o.closest('.jupyter-widgets')) return;  // an output inside a widget (Output widget)
    if (o.textContent.includes('Error displaying widget')) failed += 1;
    else if (o.querySelector(':scope > .jupyter-widgets')) rendered += 1;
  }});
  return {{expected, rendered, failed}};
}}
"""


def lab_open(page, base: str, rel_path: str, timeout: float = 120_000) -> None:
    """Open a notebook in JupyterLab (fresh workspace) and wait until it is shown."""
    page.goto(f"{base}/lab/tree/{rel_path}?reset", wait_until="domcontentloaded")
    page.wait_for_function(
        "() => window.jupyterapp && window.jupyterapp.shell.currentWidget &&"
        " window.jupyterapp.shell.currentWidget.content &&"
        " window.jupyterapp.shell.currentWidget.content.widgets &&"
        " window.jupyterapp.shell.currentWidget.content.widgets.length > 0",
        timeout=timeout,
    )


def lab_run_all(page, timeout: float = 300_000) -> dict:
    """Run all cells of the open notebook; wait for the kernel to go idle and widgets to render."""
    page.set_default_timeout(timeout)
    info = page.evaluate(_RUN_ALL_JS)
    page.wait_for_function(
        f"() => {{ const c = ({_WIDGET_COUNTS_JS})(); return c.rendered + c.failed >= c.expected; }}",
        timeout=60_000,
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.course-panel-figure, .course-panel-figure img')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=60_000,
    )
    page.set_default_timeout(30_000)
    return info


def lab_problems(page) -> list[str]:
    """Error outputs, stderr outputs and widget errors on the page, as short texts."""
    return page.evaluate("""
() => {
  const out = [];
  document.querySelectorAll('.jp-Cell').forEach((cell, i) => {
    cell.querySelectorAll('.jp-OutputArea-output').forEach(o => {
      const mime = o.getAttribute('data-mime-type') || '';
      const text = (o.innerText || '').trim();
      if (mime === 'application/vnd.jupyter.stderr')
        out.push(`cell ${i}: error/stderr output: ${text.slice(0, 400)}`);
      else if (text.includes('Error displaying widget'))
        out.push(`cell ${i}: ${text.slice(0, 200)}`);
    });
  });
  return out;
}
""")


def widget_counts(page) -> dict:
    """``{"expected", "rendered", "failed"}`` widget outputs of the open notebook."""
    return page.evaluate(_WIDGET_COUNTS_JS)


# ----------------------------------------------------------------------------- panels

_STATE_JS = """
(panel) => {
  const img = panel.querySelector('img.course-panel-figure, .course-panel-figure img');
  const ro = panel.querySelector('.course-panel-readout');
  const msg = panel.querySelector('.course-panel-message');
  return {src: img ? img.getAttribute('src') : null, readout: ro ? ro.innerText : null,
          message: msg ? msg.innerText : null};
}
"""


def panel_state(panel) -> dict:
    return panel.evaluate(_STATE_JS)


def _slider_key(handle) -> str:
    now = handle.get_attribute("aria-valuenow")
    top = handle.get_attribute("aria-valuemax")
    try:
        return "ArrowLeft" if float(now) >= float(top) else "ArrowRight"
    except (TypeError, ValueError):
        return "ArrowRight"


def panel_interact(page, panel, timeout: float = 30_000) -> dict:
    """Move one control of ``panel`` as a student would (keyboard on the first slider, else pick
    another option of the first dropdown) and wait for the readout and the picture to change.

    Returns ``{"control", "before", "after", "readout_changed", "image_changed", "message"}``
    (``message``: the panel's warning after the change, "" when none); raises
    ``LookupError`` if the panel has no slider or dropdown.
    """
    before = panel_state(panel)
    handles = panel.locator(".widget-slider .noUi-handle")
    selects = panel.locator(".widget-dropdown select")
    if handles.count():
        handle = handles.first
        handle.scroll_into_view_if_needed()
        key = _slider_key(handle)
        handle.focus()
        page.keyboard.press(key)
        control = f"slider {key}"
    elif selects.count():
        select = selects.first
        select.scroll_into_view_if_needed()
        current = select.evaluate("s => s.selectedIndex")
        n = select.evaluate("s => s.options.length")
        if n < 2:
            raise LookupError("the panel's only dropdown has a single option")
        select.select_option(index=(current + 1) % n)
        control = "dropdown"
    else:
        raise LookupError("the panel has no slider or dropdown")
    changed_js = """([panel, before, both]) => {
        const img = panel.querySelector('img.course-panel-figure, .course-panel-figure img');
        const ro = panel.querySelector('.course-panel-readout');
        const msg = panel.querySelector('.course-panel-message');
        const src = img ? img.getAttribute('src') : null;
        const readout = ro ? ro.innerText : null;
        const m = msg ? msg.innerText : null;
        const s = src !== before.src, r = readout !== before.readout;
        return both ? ((s || !img) && (r || !ro)) : (s || r || m !== before.message);
      }"""
    handle_el = panel.element_handle()
    try:  # first any visible change, then a short grace period for the other one
        page.wait_for_function(changed_js, arg=[handle_el, before, False], timeout=timeout, polling="raf")
        page.wait_for_function(changed_js, arg=[handle_el, before, True], timeout=3000, polling="raf")
    except Exception:
        pass  # reported below as unchanged
    after = panel_state(panel)
    return {
        "control": control,
        "before": before,
        "after": after,
        "readout_changed": after["readout"] != before["readout"],
        "image_changed": after["src"] != before["src"],
        "message": after["message"] or "",
    }


# JS for the latency benchmark: from the keydown on a slider handle to the panel's update shown:
# readout text and picture both changed (new picture decoded). If only one of them changes (a
# step too small to move a pixel), the update counts as shown 1 s after that one change, at the
# time of that change.
LATENCY_ARM_JS = """
(panel) => {
  const img = panel.querySelector('img.course-panel-figure, .course-panel-figure img');
  const ro = panel.querySelector('.course-panel-readout');
  const st = {t0: null, tImg: null, tRo: null, done: false, partial: false,
              src: img ? img.getAttribute('src') : null, ro: ro ? ro.innerText : null};
  window.__courseLatency = st;
  const finish = () => {
    if ((st.tImg !== null && st.tImg >= 0 || !img) && (st.tRo !== null || !ro)) { st.done = true; return; }
    const first = Math.max(st.tImg || 0, st.tRo || 0);
    if (first > 0) setTimeout(() => { if (!st.done) { st.partial = true; st.done = true; } }, 1000);
  };
  document.addEventListener('keydown', () => { if (st.t0 === null) st.t0 = performance.now(); },
                            {capture: true, once: true});
  const obs = new MutationObserver(() => {
    if (ro && st.tRo === null && ro.innerText !== st.ro) { st.tRo = performance.now(); finish(); }
    if (img && st.tImg === null && img.getAttribute('src') !== st.src) {
      st.tImg = -1;
      const done = () => { st.tImg = performance.now(); finish(); };
      (img.decode ? img.decode() : Promise.resolve()).then(done, done);
    }
    if (st.done) obs.disconnect();
  });
  obs.observe(panel, {subtree: true, childList: true, attributes: true, characterData: true});
  return true;
}
"""


def measure_key_latency(page, panel, presses: int = 10, timeout: float = 15_000) -> dict:
    """Milliseconds from a key press on the panel's first slider to readout + picture changed.

    Returns ``{"times": [...], "partial": n}``: ``times`` of the presses that changed both;
    ``partial``, how many presses changed only one of them (left out of ``times``)."""
    handle = panel.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    times, partial = [], 0
    for _ in range(presses):
        key = _slider_key(handle)
        panel.evaluate(LATENCY_ARM_JS)
        handle.focus()
        page.keyboard.press(key)
        page.wait_for_function("() => window.__courseLatency.done", timeout=timeout, polling="raf")
        st = page.evaluate("() => window.__courseLatency")
        if st["partial"]:  # the picture (or readout) did not change: not a full update shown
            partial += 1
            continue
        times.append(max(st["tImg"] or 0, st["tRo"] or 0) - st["t0"])
    return {"times": times, "partial": partial}


# ----------------------------------------------------------------------------- Voilà

# JS: panels the page should show (the marker present/build.py writes last) and those rendered.
VOILA_COUNTS_JS = """
() => {
  const done = document.querySelector('.course-present-done');  // written by present/build.py
  const expected = done ? parseInt(done.getAttribute('data-panels')) : Infinity;
  const imgs = [...document.querySelectorAll('img.course-panel-figure, .course-panel-figure img')];
  return {expected, panels: document.querySelectorAll('.course-panel').length,
          loading: !!document.getElementById('loading'),
          images_ready: imgs.every(i => i.complete && i.naturalWidth > 0)};
}
"""


def voila_wait_rendered(page, timeout: float = 120_000) -> dict:
    """Wait until Voilà has executed the page and every panel has rendered with its picture."""
    page.wait_for_function(
        f"() => {{ const c = ({VOILA_COUNTS_JS})(); "
        "return !c.loading && c.panels >= c.expected && c.images_ready; }",
        timeout=timeout,
    )
    return page.evaluate(VOILA_COUNTS_JS)


def screenshot_whole(page, path, width: int = 1600, max_height: int = 8000) -> None:
    """Screenshot of the whole page, also when an inner element (not the body) scrolls."""
    height = page.evaluate("""() => Math.max(document.documentElement.scrollHeight,
        ...[...document.querySelectorAll('*')].filter(e => ['auto', 'scroll'].includes(
            getComputedStyle(e).overflowY)).map(e => e.scrollHeight))""")
    old = page.viewport_size
    page.set_viewport_size({"width": width, "height": int(min(max_height, height + 40))})
    try:
        page.screenshot(path=str(path), full_page=True)
    finally:
        page.set_viewport_size(old)
