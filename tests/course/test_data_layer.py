"""The data layer: every table validates, every row is sourced and graded, bad files fail clearly."""

import json

import pandas as pd
import pytest

from utils import data

TABLES = [n for n in data.table_names() if n != "sources"]


def test_there_are_tables_besides_the_registry():
    assert len(TABLES) >= 2, data.table_names()


@pytest.mark.parametrize("name", data.table_names())
def test_every_table_loads_and_validates(name):
    df = data.load(name)
    assert len(df) > 0, f"{name} is empty"
    prov = df.attrs["provenance"]
    assert prov["table"] == name and prov["title"] and prov["description"]
    assert prov["licence"], f"{name}: no licence in the descriptor"


@pytest.mark.parametrize("name", TABLES)
def test_every_row_has_a_resolving_source_and_a_grade(name):
    df = data.load(name)
    reg = data.sources()
    assert df["source_id"].notna().all(), f"{name}: rows without source_id"
    unknown = set(df["source_id"]) - set(reg.index)
    assert not unknown, f"{name}: unknown sources {unknown}"
    assert df["grade"].isin(list(data.GRADES)).all(), f"{name}: bad grades"


@pytest.mark.parametrize("name", TABLES)
def test_schema_declares_grade_enum_and_foreign_key(name):
    desc = json.loads((data.DATA_DIR / "datapackage.json").read_text())
    res = next(r for r in desc["resources"] if r["name"] == name)
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    assert set(fields["grade"]["constraints"]["enum"]) <= set(data.GRADES)
    assert fields["grade"]["constraints"].get("required") is True
    assert fields["source_id"]["constraints"].get("required") is True
    fks = res["schema"].get("foreignKeys", [])
    assert {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["id"]}} in [
        {
            "fields": fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]],
            "reference": {
                "resource": fk["reference"]["resource"],
                "fields": fk["reference"]["fields"]
                if isinstance(fk["reference"]["fields"], list)
                else [fk["reference"]["fields"]],
            },
        }
        for fk in fks
    ]
    for f in res["schema"]["fields"]:
        assert f.get("description"), f"{name}.{f['name']} has no description"


@pytest.mark.parametrize("name", TABLES)
def test_every_number_column_with_a_unit_is_numeric(name):
    df = data.load(name)
    for col, unit in df.attrs["provenance"]["units"].items():
        assert unit.strip(), (name, col)
        assert col in df.columns


def test_every_registered_source_is_complete_and_used():
    reg = data.sources()
    assert reg.index.is_unique
    for col in ["title", "publisher", "url", "published", "licence"]:
        assert reg[col].notna().all(), f"sources.{col} has blanks"
    # a web address; or, for the course's own derivations, a file in this repository; or, for the
    # seed article whose original address was not recorded, an explicit "course materials:" note
    from utils import ROOT

    def locatable(url: str) -> bool:
        return (
            url.startswith(("http://", "https://"))
            or url.startswith("course materials:")
            or (ROOT / url).exists()
        )

    bad = [sid for sid, url in reg["url"].items() if not locatable(url)]
    assert not bad, f"sources without a usable address: {bad}"
    used = set()
    notes = []
    for name in TABLES:
        df = data.load(name)
        used |= set(df["source_id"])
        if "note" in df.columns:
            notes.extend(df["note"].dropna())
    # a corroborating source named in a row's note counts as cited
    text = " ".join(notes)
    unused = {sid for sid in set(reg.index) - used if sid not in text}
    # A source nobody cites is a sign of a deleted row; keep the registry honest.
    assert not unused, f"sources never cited by any table: {sorted(unused)}"


def test_dtypes_follow_the_schema():
    desc = json.loads((data.DATA_DIR / "datapackage.json").read_text())
    for res in desc["resources"]:
        df = data.load(res["name"])
        for f in res["schema"]["fields"]:
            s = df[f["name"]]
            t = f.get("type", "string")
            if t == "number":
                assert pd.api.types.is_float_dtype(s), (res["name"], f["name"])
            elif t in ("integer", "year"):
                assert pd.api.types.is_integer_dtype(s), (res["name"], f["name"])
            elif t == "date":
                assert pd.api.types.is_datetime64_any_dtype(s), (res["name"], f["name"])
            elif t == "boolean":
                assert pd.api.types.is_bool_dtype(s), (res["name"], f["name"])


# ------------------------------------------------------------------ bad input


def test_unknown_table_lists_valid_names():
    with pytest.raises(data.DataError) as err:
        data.load("nvidia_revenu")
    msg = str(err.value)
    assert "nvidia_revenu" in msg
    for name in data.table_names():
        assert name in msg


@pytest.mark.parametrize("bad", ["", None, 3])
def test_table_name_must_be_text(bad):
    with pytest.raises(data.DataError):
        data.load(bad)


def _first_table_with_number(data_dir):
    desc = json.loads((data_dir / "datapackage.json").read_text())
    for res in desc["resources"]:
        for f in res["schema"]["fields"]:
            if f.get("type") == "number" and res["name"] != "sources":
                return res, f["name"]
    pytest.skip("no table with a number column yet")


def test_missing_file_names_the_file(data_copy):
    res, _ = _first_table_with_number(data_copy)
    (data_copy / res["path"]).unlink()
    with pytest.raises(data.DataError) as err:
        data.load(res["name"], data_dir=data_copy)
    assert res["path"] in str(err.value) and "missing" in str(err.value)


def test_wrong_type_names_row_and_column(data_copy):
    res, col = _first_table_with_number(data_copy)
    path = data_copy / res["path"]
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[1, col] = "twelve"
    df.to_csv(path, index=False)
    data.refresh_descriptor(data_copy)  # an intentional (but wrong) edit: validation must catch it
    before = path.read_bytes()
    with pytest.raises(data.DataError) as err:
        data.load(res["name"], data_dir=data_copy)
    msg = str(err.value)
    assert "row 3" in msg and repr(col) in msg and "twelve" in msg
    assert path.read_bytes() == before, "the loader must never rewrite a data file"


def test_broken_source_reference_is_reported(data_copy):
    res, _ = _first_table_with_number(data_copy)
    path = data_copy / res["path"]
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[0, "source_id"] = "no-such-source"
    df.to_csv(path, index=False)
    data.refresh_descriptor(data_copy)
    with pytest.raises(data.DataError) as err:
        data.load(res["name"], data_dir=data_copy)
    msg = str(err.value)
    assert "row 2" in msg and "no-such-source" in msg


def test_bad_grade_is_reported(data_copy):
    res, _ = _first_table_with_number(data_copy)
    path = data_copy / res["path"]
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[0, "grade"] = "Z"
    df.to_csv(path, index=False)
    data.refresh_descriptor(data_copy)
    with pytest.raises(data.DataError) as err:
        data.load(res["name"], data_dir=data_copy)
    assert "'grade'" in str(err.value) and "row 2" in str(err.value)


def test_ragged_csv_is_reported(data_copy):
    res, _ = _first_table_with_number(data_copy)
    path = data_copy / res["path"]
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("only,three,cells\n")
    data.refresh_descriptor(data_copy)
    with pytest.raises(data.DataError) as err:
        data.load(res["name"], data_dir=data_copy)
    assert "failed validation" in str(err.value)


def test_binary_garbage_is_reported(data_copy):
    res, _ = _first_table_with_number(data_copy)
    (data_copy / res["path"]).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00garbage\xff\xfe")
    with pytest.raises(data.DataError) as err:
        data.load(res["name"], data_dir=data_copy)
    assert res["name"] in str(err.value)


def test_corrupt_descriptor_is_reported(data_copy):
    (data_copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    with pytest.raises(data.DataError) as err:
        data.load("sources", data_dir=data_copy)
    assert "datapackage.json" in str(err.value) and "not valid JSON" in str(err.value)


def test_table_without_source_column_is_refused(data_copy):
    desc = json.loads((data_copy / "datapackage.json").read_text())
    res, _ = _first_table_with_number(data_copy)
    for r in desc["resources"]:
        if r["name"] == res["name"]:
            r["schema"]["fields"] = [f for f in r["schema"]["fields"] if f["name"] != "source_id"]
            r["schema"].pop("foreignKeys", None)
    (data_copy / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    with pytest.raises(data.DataError) as err:
        data.load(res["name"], data_dir=data_copy)
    assert "source_id" in str(err.value)


def test_load_returns_private_copies():
    name = TABLES[0]
    a = data.load(name)
    a.iloc[0, 0] = None
    a.attrs["provenance"]["table"] = "changed"
    b = data.load(name)
    assert b.attrs["provenance"]["table"] == name
    assert b.iloc[0, 0] is not None


def test_source_line_names_publishers_and_grades():
    name = TABLES[0]
    df = data.load(name)
    line = data.source_line(df)
    first = data.sources_for(df).iloc[0]
    assert line.startswith("Source")
    assert first["publisher"] in line
    assert "Grade" in line


def test_source_line_of_a_subset_names_only_its_sources():
    name = TABLES[0]
    df = data.load(name)
    one = df[df["source_id"] == df["source_id"].iloc[0]]
    reg = data.sources_for(one)
    assert list(reg.index) == [df["source_id"].iloc[0]]


def test_sources_markdown_lists_each_source_once():
    name = TABLES[0]
    df = data.load(name)
    md = data.sources_markdown(df, df)
    ids = data.sources_for(df).index
    assert md.count("\n- **") + md.startswith("- **") == len(ids)
    for sid in ids:
        assert md.count(f"[{sid}]") == 1


def test_long_source_lists_are_collapsed():
    ids = list(data.load("sources")["id"])
    few = data.sources_markdown(ids[:3])
    assert "<details>" not in few and few.count("\n") == 2
    many = data.sources_markdown(ids[:12])
    assert many.startswith("<details><summary><b>12 sources</b>") and many.endswith("</details>")
    assert many.count("\n- **") == 12  # twelve items, the first after the blank line
    assert "<details>" in data.sources_markdown(ids[:2], collapse=True)


def test_every_csv_in_data_is_declared_and_every_declared_file_exists():
    desc = json.loads((data.DATA_DIR / "datapackage.json").read_text())
    declared = {r["path"] for r in desc["resources"]}
    files = {p.name for p in data.DATA_DIR.glob("*.csv")}
    assert files - declared == set(), f"CSV files with no schema: {sorted(files - declared)}"
    assert declared - files == set(), f"declared but missing: {sorted(declared - files)}"
    names = [r["name"] for r in desc["resources"]]
    assert len(names) == len(set(names)), "duplicate resource names"


def test_clear_cache_also_forgets_values_derived_from_tables():
    """Lookups cached by other modules (defaults, thresholds) must not outlive the tables."""
    from utils.export_controls import model as export_controls
    from utils.fact_check import model as claims
    from utils.substitution import model as sw

    derived = [
        sw._defaults,
        sw._foreign_by_vintage,
        export_controls._rules_table,
        claims._synthesis_base_cached,
    ]
    sw.default_params()
    claims._synthesis_base_cached()
    assert all(f.cache_info().currsize > 0 for f in derived)
    data.clear_cache()
    assert all(f.cache_info().currsize == 0 for f in derived)
    # and they are computed again, to the same values, afterwards
    assert sw.default_params() == sw.default_params()


def test_short_source_names_publishers_and_grades_and_stays_short():
    text = data.short_source(data.load("production_constraints"), what="production_constraints table")
    assert text.startswith("Sources: production_constraints table: ")
    assert "Bloomberg" in text and "Grades B–E." in text and "more (see Sources)" in text
    assert len(text) <= 160
    two = data.short_source(data.load("accelerators"), data.load("export_rules"))
    assert two.startswith("Sources:") and len(two) <= 160 and "Grade" in two
    one = data.short_source(data.load("deepseek_v3").query("grade == 'A'"))
    assert one.startswith("Source: ") and one.endswith("Grade A.")


def _edit_csv(path, old: str, new: str) -> None:
    """Edit one cell of a CSV in place, as a teacher would in an editor."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should appear once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_every_cached_value_follows_an_edited_csv(data_copy):
    """The one cache rule: a table, a value derived from it and an exercise text quoting it all
    show an edited figure at once, with no clear_cache() (a teacher editing mid-class)."""
    from utils import checks
    from utils.export_controls import model as ec
    from utils.substitution import model as sub

    with data.use_data_dir(data_copy):
        assert ec.thresholds("2023-10")["a1_tpp_min"] == 4800
        demand0 = sub.default_params()["demand_2025"]
        ex = checks.exercise("01.tpp-h100")
        assert "FP16 989.4 TFLOPS" in ex.question_text

        _edit_csv(
            data_copy / "export_rules.csv",
            "a1_tpp_min,3A090.a.1,tpp,>=,4800,",
            "a1_tpp_min,3A090.a.1,tpp,>=,4900,",
        )
        _edit_csv(
            data_copy / "china_ai_chip_share.csv",
            "domestic,1.65,million units",
            "domestic,1.75,million units",
        )
        _edit_csv(data_copy / "accelerators.csv", "true,false,,989.4,1979,", "true,false,,990.5,1979,")
        _refresh(data_copy)

        assert ec.thresholds("2023-10")["a1_tpp_min"] == 4900  # derived lookup
        assert sub.default_params()["demand_2025"] > demand0  # derived default
        assert "FP16 990.5 TFLOPS" in ex.question_text  # exercise text
        assert (
            data.load("export_rules")
            .query("threshold_id == 'a1_tpp_min' and rule == '2023-10'")["value"]
            .iloc[0]
            == 4900
        )  # the table itself
    # outside the block the real tables are read again, unchanged
    assert ec.thresholds("2023-10")["a1_tpp_min"] == 4800
    assert "FP16 989.4 TFLOPS" in checks.exercise("01.tpp-h100").question_text


def _refresh(directory) -> None:
    """After an intentional edit, refresh the descriptor's integrity fields (if it has them)."""
    refresh = getattr(data, "refresh_descriptor", None)
    if refresh is not None:
        refresh(directory)


def test_label_grades_marks_d_as_unverified():
    df = pd.DataFrame({"value": [1.0, 2.0], "grade": ["D", "B"]})
    out = data.label_grades(df)
    assert list(out["grade"]) == ["D (unverified)", "B"]
    assert list(df["grade"]) == ["D", "B"]  # the original is unchanged
    with pytest.raises(ValueError, match="no column"):
        data.label_grades(df, "confidence")


def test_brief_shows_the_chosen_columns_and_says_what_is_left_out():
    df = pd.DataFrame(
        {
            "chip": [f"chip {i}" for i in range(20)],
            "tpp": range(20),
            "grade": ["D"] + ["B"] * 19,
            "note": ["x" * 300] + ["short"] * 19,
            "extra": 0,
        }
    )
    b = data.brief(df, ["chip", "grade", "note"], rows=5, full_call="df")
    html = b._repr_html_()
    assert html.count("<tr") == 1 + 5  # header row + five rows
    assert "x" * 300 in html  # a long note is shown in full (wrapped), not cut at 50 characters
    assert "white-space:normal" in html
    assert "D (unverified)" in html  # grade D is labelled
    assert "tpp" not in html.split("</thead>")[0]  # a column left out is not shown
    # 20 rows, 5 shown; 5 columns, 3 shown
    assert "Showing 5 of 20 rows; 15 more rows and 2 more columns in the full table: df" in html
    assert b.full is df
    assert "15 more rows" in repr(b)


def test_brief_escapes_and_refuses_bad_arguments():
    df = pd.DataFrame({"note": ["<img src=x onerror=alert(1)>"], "grade": ["A"]})
    html = data.brief(df)._repr_html_()
    assert "<img" not in html and "&lt;img" in html
    assert "Showing" not in html  # nothing left out, no note
    with pytest.raises(data.DataError, match="no column.*'nope'"):
        data.brief(df, ["nope"])
    with pytest.raises(data.DataError, match="rows must be"):
        data.brief(df, rows=0)
    with pytest.raises(data.DataError, match="expected a table"):
        data.brief([1, 2])


def test_the_table_inventory_in_docs_is_current():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / data.INVENTORY_PATH
    assert path.read_text(encoding="utf-8") == data.inventory_markdown(), (
        "docs/data_inventory.md is out of date: run `python -m utils.data refresh`"
    )
    text = path.read_text(encoding="utf-8")
    for name in data.table_names():
        if name != "sources":
            assert f"| `{name}` |" in text


def test_output_height_counts_wrapped_table_cells():
    from utils import nbtools

    def out(html):
        return {"output_type": "execute_result", "data": {"text/html": html, "text/plain": ""}}

    short = out("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>")
    long = out(f"<table><tr><td>a</td></tr><tr><td>{'y' * 600}</td></tr></table>")
    # two rows of one line; then one row wrapped to 600 / 60 = 10 lines, 9 more lines
    assert nbtools.output_height(short) == 2 * nbtools._ROW_PX
    assert nbtools.output_height(long) == 2 * nbtools._ROW_PX + 9 * nbtools._LINE_PX["text"]
