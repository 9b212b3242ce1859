"""Damaged data never loads silently: every way a probe damaged a table (cut at a line boundary,
cut mid-line, emptied, header only, a non-UTF-8 byte, inf or nan typed into a number cell) is a
DataError that names the file and says what to do, and check_install lists every broken table.
An intentional edit is accepted after `python -m utils.data refresh`, which rewrites only the
descriptor's size, hash and row count."""

from __future__ import annotations

import json

import pytest

from utils import check_install, data

TABLE = "nvidia_revenue"


def _path(directory, name=TABLE):
    desc = json.loads((directory / "datapackage.json").read_text(encoding="utf-8"))
    res = next(r for r in desc["resources"] if r["name"] == name)
    return directory / res["path"], res


def _load(directory, name=TABLE):
    data.clear_cache()
    return data.load(name, data_dir=directory)


def test_every_resource_records_size_hash_and_rows():
    desc = json.loads((data.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    for res in desc["resources"]:
        raw = (data.DATA_DIR / res["path"]).read_bytes()
        assert res.get("bytes") == len(raw), f"{res['name']}: run python -m utils.data refresh"
        assert res.get("hash", "").startswith("sha256:"), res["name"]
        assert isinstance(res.get("rows"), int) and res["rows"] == len(data.load(res["name"])), res["name"]


def test_a_file_cut_at_a_line_boundary_is_refused(data_copy):
    path, res = _path(data_copy)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(lines[: len(lines) // 2]))  # parses, with half the rows
    with pytest.raises(data.DataError) as err:
        _load(data_copy)
    msg = str(err.value)
    assert "nvidia_revenue.csv" in msg and "cut short" in msg and "utils.data refresh" in msg
    assert f"{res['rows']:,} rows" in msg


@pytest.mark.parametrize("how", ["mid-line", "emptied", "header only"])
def test_other_cuts_are_refused(data_copy, how):
    path, _ = _path(data_copy)
    raw = path.read_bytes()
    cut = {
        "mid-line": raw[: len(raw) // 2 + 7],
        "emptied": b"",
        "header only": raw.splitlines(keepends=True)[0],
    }[how]
    path.write_bytes(cut)
    with pytest.raises(data.DataError, match="nvidia_revenue"):
        _load(data_copy)


def test_a_header_only_file_is_refused_even_after_refresh(data_copy):
    path, _ = _path(data_copy)
    path.write_bytes(path.read_bytes().splitlines(keepends=True)[0])
    data.refresh_descriptor(data_copy)
    with pytest.raises(data.DataError, match="no rows"):
        _load(data_copy)


def test_a_non_utf8_byte_names_the_line(data_copy):
    path, _ = _path(data_copy)
    lines = path.read_bytes().splitlines(keepends=True)
    lines[4] = lines[4].replace(b"Data Center", b"Data Cent\xe9r", 1)
    path.write_bytes(b"".join(lines))
    data.refresh_descriptor(data_copy)
    with pytest.raises(data.DataError) as err:
        _load(data_copy)
    assert "UTF-8" in str(err.value) and "line 5" in str(err.value)


@pytest.mark.parametrize("typed", ["inf", "-inf", "Infinity", "nan", "NaN"])
def test_numbers_must_be_finite(data_copy, typed):
    path, _ = _path(data_copy)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",Total,10918,", f",Total,{typed},", 1), encoding="utf-8")
    data.refresh_descriptor(data_copy)
    with pytest.raises(data.DataError) as err:
        _load(data_copy)
    assert "revenue_usd_m" in str(err.value) and "row 2" in str(err.value)


def test_an_intentional_edit_loads_after_refresh_and_refresh_changes_nothing_else(data_copy):
    path, _ = _path(data_copy)
    before = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    path.write_text(
        path.read_text(encoding="utf-8").replace(",Total,10918,", ",Total,10919,", 1), encoding="utf-8"
    )
    with pytest.raises(data.DataError, match="edited"):
        _load(data_copy)
    assert data.refresh_descriptor(data_copy) == [TABLE]
    after = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    for a, b in zip(before["resources"], after["resources"]):
        drop = ("hash", "bytes", "rows")
        assert {k: v for k, v in a.items() if k not in drop} == {k: v for k, v in b.items() if k not in drop}
    assert {k: v for k, v in before.items() if k != "resources"} == {
        k: v for k, v in after.items() if k != "resources"
    }
    df = _load(data_copy)
    assert 10919 in set(df["revenue_usd_m"])
    assert data.refresh_descriptor(data_copy) == []  # a second run changes nothing


def test_check_install_lists_every_broken_table(data_copy, monkeypatch):
    for name in ("timeline", "accelerators"):
        path, _ = _path(data_copy, name)
        path.write_bytes(path.read_bytes()[:200])
    bad, _ = _path(data_copy, "fx_rates")
    bad.write_bytes(bad.read_bytes() + b"\xff\xfe")
    monkeypatch.setattr(data, "DATA_DIR", data_copy)
    data.clear_cache()
    try:
        problems = check_install.check_data()
    finally:
        data.clear_cache()
    joined = "\n".join(problems)
    assert len(problems) == 3, joined
    for name in ("timeline.csv", "accelerators.csv", "fx_rates.csv"):
        assert name in joined


def test_the_refresh_command_reports_and_exits_nonzero_on_a_bad_table(data_copy, capsys):
    path, _ = _path(data_copy, "fx_rates")
    path.write_text(path.read_text(encoding="utf-8").replace("1.105,", "lots,", 1), encoding="utf-8")
    assert data._main(["refresh", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "fx_rates" in out and "lots" in out


def test_every_registry_url_is_a_plain_web_address():
    """Source lists turn these into links: only http(s) addresses become clickable."""
    from utils import text

    reg = data.load("sources")
    from urllib.parse import urlparse

    # a web address, or a place in the course itself (no scheme: shown as text, never a link)
    bad = [
        f"{r.id}: {r.url!r}"
        for r in reg.itertuples()
        if text.safe_url(r.url) is None and (urlparse(r.url).scheme or "<" in r.url)
    ]
    assert not bad, "not a plain http(s) address:\n" + "\n".join(bad)
