"""The Python API (issue 25): what a new analyst does in a notebook, from the README alone.

The README's "From a notebook" block is run as written, as a script in a fresh process, on a copy of
the samples; then each call is checked for the shapes, dtypes and errors its docstring promises.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

import iki
from iki.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "seeds"


def notebook_block() -> str:
    """The python code block(s) of the README's "From a notebook" section."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## From a notebook\n(.*?)(?=^## )", readme, re.S | re.M)
    assert section, "README has no 'From a notebook' section"
    blocks = re.findall(r"```python\n(.*?)```", section.group(1), re.S)
    assert blocks
    return "\n".join(blocks)


# --------------------------------------------------------------------------- the README, as a script


CHECKS = '''
# --- what the analyst looks at afterwards (appended by the test)
import json, pandas as pd
assert isinstance(tables, iki.Tables) and isinstance(changes, iki.DiffTables)
dtypes = {name: {c: str(t) for c, t in getattr(tables, name).dtypes.items()} for name in tables}
facts = {
    "dtypes": dtypes,
    "arrow": all(isinstance(t, pd.ArrowDtype) for name in tables for t in getattr(tables, name).dtypes),
    "ratios": len(ratios), "ratio_types": sorted(set(ratios.formula_type)), "flat": len(flat),
    "changes": {k: int(v) for k, v in changes.indicator_changes.status.value_counts().items()},
    "positions_changed": len(changes.position_changes),
    "summary": changes.summary,
}
print(json.dumps(facts))
'''


@pytest.fixture(scope="module")
def notebook(tmp_path_factory):
    """The README block run as a script in a fresh folder holding a copy of samples/seeds."""
    work = tmp_path_factory.mktemp("notebook")
    shutil.copytree(SEEDS, work / "samples" / "seeds")
    script = work / "analysis.py"
    script.write_text(notebook_block() + "\n" + CHECKS, encoding="utf-8")
    r = subprocess.run([sys.executable, str(script)], cwd=work, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    import json

    return work, json.loads(r.stdout.strip().splitlines()[-1]), r.stderr


def test_readme_notebook_section_runs_as_written(notebook):
    work, facts, log = notebook
    assert "AttributeError" not in log and "Traceback" not in log
    assert facts["arrow"], facts["dtypes"]
    flat = facts["dtypes"]["flat"]
    assert flat["year"] == "int32[pyarrow]" and flat["jabatan"] == "string[pyarrow]"
    assert flat["warning_codes"].startswith("list<") and flat["warning_codes"].endswith("[pyarrow]")
    assert facts["ratio_types"] == ["ratio"] and 0 < facts["ratios"] < facts["flat"]
    assert facts["changes"] and sum(facts["changes"].values()) > 0 and facts["positions_changed"] > 0
    assert "2019" in facts["summary"] and "2022" in facts["summary"]
    # what the block wrote: the output folder, the workbook, the report
    assert (work / "output" / "flat.parquet").is_file()
    ws = openpyxl.load_workbook(work / "output" / "iki.xlsx")["flat"]
    assert ws.auto_filter.ref
    assert "<html" in (work / "diff.html").read_text(encoding="utf-8")[:500].lower()
    # progress on stderr, as a log shows it: a start line, then files with ETAs, then the summary
    assert re.search(r"iki: reading 4 file\(s\) with \d+ job\(s\)", log)
    assert "document(s) in" in log


# --------------------------------------------------------------------------- iki.extract / iki.read


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("api") / "out"
    tables = iki.extract([SEEDS / "000.txt", SEEDS / "002a.txt"], out, jobs=1, progress=False)
    return out, tables


def test_extract_returns_the_tables_it_wrote(out):
    folder, tables = out
    assert tables.out == folder and list(tables) == ["documents", "positions", "duties", "indicators", "flat"]
    for name in tables:
        df = tables[name]
        expected = pd.read_parquet(folder / f"{name}.parquet", dtype_backend="pyarrow")
        assert list(df.columns) == list(expected.columns)
        assert len(df) == len(expected) == pq.read_metadata(folder / f"{name}.parquet").num_rows
    assert tables.report.failed == 0 and tables.failed.empty
    again = iki.read(folder)
    pd.testing.assert_frame_equal(again.flat, tables.flat)
    assert "flat=" in repr(again)


def test_extract_in_memory_gives_the_same_rows(out, tmp_path):
    folder, tables = out
    mem = iki.extract([SEEDS / "000.txt", SEEDS / "002a.txt"], jobs=1, progress=False)
    assert mem.out is None
    for name in ("positions", "indicators", "flat"):
        pd.testing.assert_frame_equal(mem[name], tables[name])
    # in-memory tables export and diff like a folder's
    res = iki.export(mem, tmp_path / "mem.xlsx")
    assert res.files == [tmp_path / "mem.xlsx"] and res.rows["flat"] == len(mem.flat)
    d = iki.diff(mem, from_year=2019, to_year=2022)
    assert len(d.position_changes) > 0


def test_dtypes_are_the_parquet_types(out):
    _, tables = out
    flat, pos = tables.flat, tables.positions
    assert all(isinstance(t, pd.ArrowDtype) for t in flat.dtypes)
    assert str(flat.year.dtype) == "int32[pyarrow]" and flat.year.isna().sum() >= 0
    assert str(flat.multiplier.dtype) == "double[pyarrow]"
    assert str(pos.year_source.dtype) == "string[pyarrow]"
    assert (flat.warning_codes.list.len() == flat.warnings.list.len()).all()
    assert list(flat.columns[:6]) == ["region", "agency", "year", "jabatan", "sasaran", "indikator"]
    assert list(flat.columns[-3:]) == ["doc_id", "position_id", "indicator_id"]
    assert {"file_name", "format", "status", "document_year"} <= set(flat.columns)
    assert tables.duties.jabatan.notna().any()


def test_polars_and_duckdb_routes(out):
    pl = pytest.importorskip("polars")
    duckdb = pytest.importorskip("duckdb")
    _, tables = out
    frames = tables.to_polars()
    assert frames["flat"].height == len(tables.flat)
    assert frames["flat"].schema["year"] == pl.Int32
    con = tables.to_duckdb()
    n = con.execute("SELECT count(*) FROM flat WHERE formula_type = 'ratio'").fetchall()[0][0]
    assert n == int((tables.flat.formula_type == "ratio").sum()) > 0
    arrow = tables.to_arrow()["flat"]
    assert duckdb.sql("SELECT count(*) FROM arrow").fetchall()[0][0] == arrow.num_rows


def test_errors_are_the_ones_the_command_line_maps(tmp_path, capsys):
    with pytest.raises(iki.UsageError, match="no such file or folder"):
        iki.extract(tmp_path / "missing", tmp_path / "o", progress=False)
    (tmp_path / "a_file").write_text("x")
    with pytest.raises(iki.UsageError, match="is a file"):
        iki.extract(SEEDS / "000.txt", tmp_path / "a_file", progress=False)
    with pytest.raises(iki.UsageError, match="not an `iki extract` output"):
        iki.read(tmp_path)
    with pytest.raises(iki.UsageError):
        iki.show(tmp_path / "missing.pdf")
    with pytest.raises(iki.UsageError):
        iki.export(tmp_path / "nothing_here")
    from iki.diff import DiffError
    from iki.export import ExportError

    assert issubclass(DiffError, iki.UsageError) and issubclass(ExportError, iki.UsageError)
    # the command line gives the same mistakes exit status 2, one line
    assert main(["extract", str(tmp_path / "missing"), "-o", str(tmp_path / "o")]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_show_returns_the_document(tmp_path):
    doc = iki.show(SEEDS / "000.txt")
    assert doc.status == "ok" and doc.error is None
    assert len(doc.positions) == 15 and str(doc.positions.year.dtype) == "int32[pyarrow]"
    assert "ratio:" in doc.text() and doc._repr_markdown_().startswith("#")
    assert '"document"' in doc.json()
    (tmp_path / "empty.pdf").write_bytes(b"")
    bad = iki.show(tmp_path / "empty.pdf")
    assert bad.status == "error" and bad.error


def test_diff_returns_tables_and_writes_the_report(out, tmp_path):
    folder, _ = out
    changes = iki.diff(folder, from_year=2019, to_year=2022)
    assert list(changes) == ["position_changes", "indicator_changes", "field_changes"]
    assert all(isinstance(t, pd.ArrowDtype) for t in changes.indicator_changes.dtypes)
    assert changes.to_html(tmp_path / "r.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype")
    files = changes.write(tmp_path / "d")
    assert {f.name for f in files} == {"position_changes.parquet", "indicator_changes.parquet",
                                       "field_changes.parquet", "report.html"}
    with pytest.raises(iki.UsageError, match="no positions of year 2018"):
        iki.diff(folder, from_year=2018, to_year=2022)
    with pytest.raises(iki.UsageError, match="--from YEAR and --to YEAR"):
        iki.diff(folder)


def test_modules_named_like_the_api_stay_modules():
    """iki.show / iki.diff / iki.export are callable and still the modules of those names."""
    from iki import export as ex
    import iki.diff as d

    assert ex.text_value(2019) == "2019" and callable(ex)
    assert d.DiffError.__name__ == "DiffError" and callable(iki.diff)
    import inspect

    assert "from_year" in inspect.signature(iki.diff).parameters
    assert "iki.diff(" in (iki.diff.__doc__ or "")


def test_import_iki_is_light():
    code = ("import sys, iki; heavy = [m for m in ('pandas', 'pyarrow', 'numpy', 'pdfplumber', 'cv2', "
            "'iki.pipeline', 'iki.api') if m in sys.modules]; print(heavy)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0 and r.stdout.strip() == "[]", r.stdout + r.stderr
