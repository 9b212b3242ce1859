"""Scenario files: only regular files, a bounded read whatever the file claims its size is, a
nesting limit, a byte-order mark accepted; every failure a ScenarioError, the panel unchanged."""

from __future__ import annotations

import json
import os
import threading

import pytest

from utils import scenarios, widgets
from utils.scenarios import ScenarioError

from .test_widgets import make_panel


@pytest.fixture
def panel(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_SCENARIO_DIR", str(tmp_path))
    return make_panel()


def _good(panel, tmp_path):
    panel.set(rate=0.3)
    jpath, _ = panel.export_scenario(tmp_path)
    return jpath


def _unchanged(panel, before):
    assert panel.params == before


def test_round_trip(panel, tmp_path):
    jpath = _good(panel, tmp_path)
    panel.set(rate=0.1)
    panel.load_scenario(jpath)
    assert panel.params["rate"] == pytest.approx(0.3)


def test_a_byte_order_mark_is_accepted(panel, tmp_path):
    jpath = _good(panel, tmp_path)
    bom = tmp_path / "with-bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + jpath.read_bytes())
    panel.set(rate=0.1)
    panel.load_scenario(bom)
    assert panel.params["rate"] == pytest.approx(0.3)


def test_a_folder_is_refused(panel, tmp_path):
    before = panel.params
    with pytest.raises(ScenarioError, match="folder"):
        panel.load_scenario(tmp_path)
    _unchanged(panel, before)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_refused_without_reading_it(panel):
    before = panel.params
    with pytest.raises(ScenarioError, match="not a regular file"):
        panel.load_scenario("/dev/zero")
    _unchanged(panel, before)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_hanging(panel, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    before = panel.params
    outcome = {}

    def load():
        try:
            panel.load_scenario(fifo)
        except ScenarioError as exc:
            outcome["error"] = str(exc)

    t = threading.Thread(target=load, daemon=True)
    t.start()
    t.join(timeout=10)
    assert not t.is_alive(), "loading a FIFO hung"
    assert "not a regular file" in outcome.get("error", "")
    _unchanged(panel, before)


def test_deep_nesting_is_refused_before_parsing(panel, tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    before = panel.params
    with pytest.raises(ScenarioError, match="nested"):
        panel.load_scenario(deep)
    _unchanged(panel, before)


def test_a_large_file_is_read_only_up_to_the_limit(panel, tmp_path, monkeypatch):
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (scenarios.MAX_BYTES + 10))
    reads = []
    real_fdopen = os.fdopen

    def spying_fdopen(fd, *a, **kw):
        fh = real_fdopen(fd, *a, **kw)
        real_read = fh.read
        fh.read = lambda n=-1: reads.append(n) or real_read(n)
        return fh

    monkeypatch.setattr(scenarios.os, "fdopen", spying_fdopen)
    with pytest.raises(ScenarioError, match="too large"):
        panel.load_scenario(big)
    assert reads == [scenarios.MAX_BYTES + 1], "the read must be bounded, whatever st_size says"


@pytest.mark.parametrize(
    "content, match",
    [
        (b"\xff\xfe garbage", "not a text file"),
        (b"{not json", "not valid JSON"),
        (b'{"format": "something-else"}', "not a scenario file"),
        (json.dumps({"format": scenarios.FORMAT, "version": 99}).encode(), "version"),
        (json.dumps({"format": scenarios.FORMAT, "version": 1, "panel": "other"}).encode(), "belongs to"),
        (
            json.dumps(
                {
                    "format": scenarios.FORMAT,
                    "version": 1,
                    "panel": "growth",
                    "params": {"rate": "<img src=x onerror=alert(1)>"},
                }
            ).encode(),
            "not a number",
        ),
        (
            json.dumps(
                {"format": scenarios.FORMAT, "version": 1, "panel": "growth", "params": {"nope": 1}}
            ).encode(),
            "unknown parameters",
        ),
    ],
)
def test_bad_files_are_refused_with_a_reason(panel, tmp_path, content, match):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    before = panel.params
    with pytest.raises(ScenarioError, match=match):
        panel.load_scenario(path)
    _unchanged(panel, before)


def test_a_missing_file_is_a_scenario_error(panel, tmp_path):
    with pytest.raises(ScenarioError, match="No scenario file"):
        panel.load_scenario(tmp_path / "nowhere.json")


def test_scenario_dir_follows_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_SCENARIO_DIR", str(tmp_path / "here"))
    assert scenarios.scenario_dir() == tmp_path / "here"
    assert widgets.Panel.export_scenario.__doc__
