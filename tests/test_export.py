"""`iki export`: CSV (pandas reads it back with the right values and types), the workbook (openpyxl),
JSON lines; Excel's limits; `iki diff` folders; usage errors."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from iki import export as ex
from iki.cli import main
from schema.tables import EXTRACT_TABLES, TABLES
from schema.writer import write_all

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "seeds"
_UMASK = os.umask(0)
os.umask(_UMASK)


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """A real extraction: the four seeds."""
    out = tmp_path_factory.mktemp("extract")
    assert main(["extract", str(SEEDS), "-o", str(out), "--jobs", "1", "-q"]) == 0
    return out


def _doc(**kw) -> dict:
    row = {"doc_id": "a" * 16, "source_path": "x/a.txt", "file_name": "a.txt", "sha256": "a" * 64,
           "format": "text", "n_pages": None, "region": "Kota Probolinggo", "agency": "Dinas Sosial",
           "year": 2019, "status": "ok", "error": None, "n_positions": 0, "n_indicators": 1, "ocr_pages": 0,
           "warnings": [], "pipeline_version": "0.1.0"}
    row.update(kw)
    return row


def _ind(seq: int, **kw) -> dict:
    row = {"doc_id": "a" * 16, "position_id": "a" * 16 + "-p001", "indicator_id": f"{'a' * 16}-p001-i{seq:03d}",
           "seq": seq, "indikator": "Persentase pegawai", "formula_type": "ratio", "numerator": "A",
           "denominator": "B", "multiplier": 100.0, "unit": "%", "target_raw": "4.000 berkas",
           "target_value": 4000.0, "target_unit": "berkas", "page": None, "line": 12, "warnings": []}
    row.update(kw)
    return row


@pytest.fixture()
def crafted(tmp_path):
    """Tables holding the awkward values: nulls in integer columns, several warnings, text that looks
    like a formula or an Excel error, control characters, a cell longer than Excel allows, non-ASCII."""
    folder = tmp_path / "crafted"
    long_text = "panjang " * 5000  # 40,000 characters
    write_all(folder, {
        "documents": [_doc(), _doc(doc_id="b" * 16, file_name="b.txt", year=None, status="error",
                                   error="file is empty", warnings=["text_encoding: decoded as cp1252",
                                                                    "page_unreadable: page 2; skipped"])],
        "indicators": [
            _ind(1, indikator="=SUM(A1:A3) bukan rumus", penjelasan="Σ ≥ 90 %", warnings=["cell_split: a; b"]),
            _ind(2, indikator="#N/A", multiplier=None, unit=None, target_value=0.25, page=3, line=None,
                 sasaran="tab\there\x01control", formula_raw=long_text),
            _ind(3, formula_type="none", numerator=None, denominator=None, multiplier=None, unit=None,
                 target_raw=None, target_value=None, target_unit=None),
        ],
    })
    return folder, long_text


# --------------------------------------------------------------------------- CSV

def test_csv_of_an_extraction_reads_back_with_the_same_values(out, tmp_path):
    d = tmp_path / "csv"
    assert main(["export", str(out), "-o", str(d), "--to", "csv", "-q"]) == 0
    assert sorted(p.name for p in d.iterdir()) == sorted(f"{t}.csv" for t in EXTRACT_TABLES)
    for name in EXTRACT_TABLES:
        raw = (d / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
        table = pq.read_table(out / f"{name}.parquet")
        df = pd.read_csv(d / f"{name}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
        assert list(df.columns) == table.column_names
        assert len(df) == table.num_rows
        for col in table.column_names:
            assert df[col].tolist() == [ex.csv_text(v) for v in table.column(col).to_pylist()], (name, col)
            # what a spreadsheet would run as a formula begins with an apostrophe; the rest is the value as is
            assert [x[1:] if x[:2] in ("'=", "'+", "'-", "'@", "'\t", "'\r") else x for x in df[col]] == \
                [ex.text_value(v) for v in table.column(col).to_pylist()], (name, col)
            if table.schema.field(col).type in ("int32", "int64"):
                assert all(re.fullmatch(r"-?\d*", v) for v in df[col]), (name, col)  # 2019, never 2019.0


def test_csv_types_in_pandas(out, tmp_path):
    d = tmp_path / "csv"
    ex.export(out, d, "csv")
    flat = pd.read_csv(d / "flat.csv", encoding="utf-8-sig", dtype_backend="pyarrow")
    parquet = pd.read_parquet(out / "flat.parquet", dtype_backend="pyarrow")
    assert str(flat["seq"].dtype).startswith("int64")
    assert str(flat["year"].dtype).startswith("int64")  # integers with nulls stay integers
    assert flat["year"].isna().sum() == parquet["year"].isna().sum() > 0
    assert flat["year"].dropna().tolist() == parquet["year"].dropna().tolist()
    assert flat["year"].dropna().min() >= 2019
    ratios = flat[flat.formula_type == "ratio"]
    assert len(ratios) > 10 and set(ratios.multiplier.dropna()) == {100}
    plain = pd.read_csv(d / "documents.csv", encoding="utf-8-sig")
    assert plain["n_positions"].dtype.kind == "i" and plain["n_indicators"].dtype.kind == "i"


def test_csv_lists_nulls_and_separator(crafted, tmp_path):
    folder, long_text = crafted
    d = tmp_path / "csv"
    res = ex.export(folder, d, "csv", sep=";")
    assert res.rows == {"documents": 2, "indicators": 3}
    docs = pd.read_csv(d / "documents.csv", encoding="utf-8-sig", sep=";", dtype_backend="pyarrow")
    assert docs.loc[1, "warnings"] == "text_encoding: decoded as cp1252; page_unreadable: page 2; skipped"
    assert pd.isna(docs.loc[0, "warnings"]) and pd.isna(docs.loc[1, "year"]) and docs.loc[0, "year"] == 2019
    ind = pd.read_csv(d / "indicators.csv", encoding="utf-8-sig", sep=";", dtype=str, keep_default_na=False)
    assert ind.loc[0, "indikator"] == "'=SUM(A1:A3) bukan rumus"  # a spreadsheet shows it as text (issue 26)
    assert ind.loc[0, "penjelasan"] == "Σ ≥ 90 %"
    assert ind["multiplier"].tolist() == ["100", "", ""]
    assert ind["target_value"].tolist() == ["4000", "0.25", ""]
    assert ind["page"].tolist() == ["", "3", ""] and ind["line"].tolist() == ["12", "", "12"]
    assert ind.loc[1, "formula_raw"] == long_text  # CSV keeps everything


def test_text_value():
    assert ex.text_value(None) == ""
    assert ex.text_value(2019) == "2019"
    assert ex.text_value(100.0) == "100"
    assert ex.text_value(0.1) == "0.1"
    assert ex.text_value(1e20) == "1e+20"
    assert ex.text_value(float("nan")) == ""
    assert ex.text_value(["a", None, "b"]) == "a; b"
    assert ex.text_value([]) == ""


# --------------------------------------------------------------------------- Excel

def test_workbook_of_an_extraction(out, tmp_path):
    d = tmp_path / "xlsx"
    assert main(["export", str(out), "-o", str(d), "--to", "xlsx", "-q"]) == 0
    wb = openpyxl.load_workbook(d / ex.XLSX_NAME)
    assert wb.sheetnames == list(EXTRACT_TABLES) + [ex.DICTIONARY_SHEET, ex.WARNING_CODES_SHEET]
    for name in EXTRACT_TABLES:
        ws = wb[name]
        table = pq.read_table(out / f"{name}.parquet")
        titles = {c.name: c.title for c in TABLES[name]}
        assert [c.value for c in ws[1]] == [titles[c] for c in table.column_names]  # readable labels
        assert all(c.font.b for c in ws[1]), "header row bold"
        assert ws.freeze_panes == "A2"
        assert ws.max_row == table.num_rows + 1
        last = openpyxl.utils.get_column_letter(len(table.column_names))
        assert ws.auto_filter.ref == f"A1:{last}{max(table.num_rows, 1) + 1}"
        widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
                  for i in range(len(table.column_names))]
        assert all(6 <= w <= 60 for w in widths)
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        for j, col in enumerate(table.column_names):
            typ = str(table.schema.field(col).type)
            for value, cell in zip(table.column(col).to_pylist(), (r[j] for r in rows)):
                if value is None or value == []:
                    assert cell is None, (name, col)
                elif typ.startswith("int"):
                    assert type(cell) is int and cell == value, (name, col)
                elif typ == "double":
                    assert isinstance(cell, (int, float)) and cell == pytest.approx(value), (name, col)
                else:
                    assert cell == ex.text_value(value), (name, col)
    dictionary = wb[ex.DICTIONARY_SHEET]
    listed = {(r[0], r[1], r[2]) for r in dictionary.iter_rows(min_row=2, values_only=True)}
    assert listed == {(t, c.name, c.title) for t in EXTRACT_TABLES for c in TABLES[t]}  # name ↔ header label
    assert [c.value for c in dictionary[1]][:3] == ["Table", "Column", "Label"]
    fmt = next(r for r in dictionary.iter_rows(min_row=2, values_only=True) if r[:2] == ("documents", "format"))
    assert "empty:" in fmt[5] and "unknown:" in fmt[5]


def test_workbook_is_comfortable_autofilter_wrapped_long_text_readable_headers(out, tmp_path):
    """Issue 25: flat starts with the readable columns, ids last; long text wraps in wide-enough columns."""
    target = tmp_path / "iki.xlsx"
    ex.export(out, target, "xlsx")
    ws = openpyxl.load_workbook(target)["flat"]
    head = [c.value for c in ws[1]]
    assert head[:6] == ["Region", "Agency", "Year", "Jabatan", "Sasaran", "Indikator"]
    assert head[-3:] == ["Document ID", "Position ID", "Indicator ID"]
    assert {"Formula type", "File name", "Format", "Status", "Warning codes"} <= set(head)
    assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
    letter = openpyxl.utils.get_column_letter
    for name in ("Indikator", "Sasaran", "Numerator"):  # long text: wrapped, width kept readable
        j = head.index(name) + 1
        assert 30 <= ws.column_dimensions[letter(j)].width <= 60
        cells = [ws.cell(i, j) for i in range(2, ws.max_row + 1) if ws.cell(i, j).value]
        assert cells and all(c.alignment.wrap_text for c in cells), name
    for name in ("Year", "Formula type", "Status"):  # short columns are not wrapped and stay narrow
        j = head.index(name) + 1
        assert ws.column_dimensions[letter(j)].width <= 20
        assert not ws.cell(2, j).alignment.wrap_text


def test_workbook_keeps_text_as_text_and_cuts_what_excel_cannot_hold(crafted, tmp_path, capsys):
    folder, long_text = crafted
    target = tmp_path / "my.xlsx"
    assert main(["export", str(folder), "-o", str(target), "--to", "xlsx", "-q"]) == 0
    err = capsys.readouterr().err
    assert "1 cell(s) of indicators are longer than Excel allows (32767 characters)" in err
    assert "control characters" in err
    ws = openpyxl.load_workbook(target)["indicators"]
    names = {c.title: c.name for c in TABLES["indicators"]}
    head = [names[c.value] for c in ws[1]]  # headers are readable labels: back to column names
    r2, r3 = ws[2], ws[3]
    ind = r2[head.index("indikator")]
    assert ind.value == "=SUM(A1:A3) bukan rumus" and ind.data_type == "s"  # never a formula
    assert r3[head.index("indikator")].data_type == "s" and r3[head.index("indikator")].value == "#N/A"
    cut = r3[head.index("formula_raw")].value
    assert len(cut) == ex.XLSX_MAX_CELL and cut.endswith(f"[cut: {len(long_text):,} characters in all]")
    assert cut.startswith(long_text[:1000])
    assert r3[head.index("sasaran")].value == "tab\there\ufffdcontrol"
    assert r2[head.index("warnings")].value == "cell_split: a; b"
    assert r2[head.index("multiplier")].value == 100 and r3[head.index("target_value")].value == 0.25
    assert r2[head.index("page")].value is None and r3[head.index("page")].value == 3


def test_a_table_longer_than_a_sheet_continues_on_the_next(crafted, tmp_path, monkeypatch):
    folder, _ = crafted
    monkeypatch.setattr(ex, "XLSX_MAX_ROWS", 3)  # two data rows per sheet
    res = ex.export(folder, tmp_path, "xlsx")
    wb = openpyxl.load_workbook(res.files[0])
    assert wb.sheetnames[:3] == ["documents", "indicators", "indicators (2)"]
    assert [r[3] for r in wb["indicators"].iter_rows(min_row=2, values_only=True)] == [1, 2]
    assert [r[3] for r in wb["indicators (2)"].iter_rows(min_row=2, values_only=True)] == [3]
    assert wb["indicators (2)"]["A1"].value == "Document ID" and wb["indicators (2)"].freeze_panes == "A2"
    assert wb["indicators"].auto_filter.ref and wb["indicators (2)"].auto_filter.ref
    assert ("export_sheet_split", {"table": "indicators", "rows": 3, "sheets": 2, "limit": 2}) in res.notes


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    a = ex.sheet_name("a_very_long_table_name_of_forty_characters", taken)
    b = ex.sheet_name("a_very_long_table_name_of_forty_characters", taken, part=2)
    c = ex.sheet_name("a_very_long_table_name_of_forty_characters", taken)
    assert len({a.casefold(), b.casefold(), c.casefold()}) == 3
    assert all(len(x) <= 31 for x in (a, b, c)) and b.endswith(" (2)")
    assert ex.sheet_name("x/y:[z]*?", taken) == "x_y__z___"


# --------------------------------------------------------------------------- JSON lines

def test_json_lines(out, tmp_path):
    d = tmp_path / "json"
    assert main(["export", str(out), "-o", str(d), "--to", "json", "-q"]) == 0
    for name in EXTRACT_TABLES:
        lines = (d / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        rows = [json.loads(x) for x in lines]
        assert rows == pq.read_table(out / f"{name}.parquet").to_pylist()


# --------------------------------------------------------------------------- diff folders

def test_export_of_a_diff_folder(out, tmp_path):
    d = tmp_path / "diff"
    assert main(["diff", str(out), "--from", "2019", "--to", "2022", "-o", str(d), "-q"]) == 0
    assert main(["export", str(d), "-o", str(tmp_path / "csv"), "--to", "csv", "-q"]) == 0
    assert main(["export", str(d), "-o", str(tmp_path / "x"), "--to", "xlsx", "-q"]) == 0
    pc = pd.read_csv(tmp_path / "csv" / "position_changes.csv", encoding="utf-8-sig", dtype_backend="pyarrow")
    parquet = pd.read_parquet(d / "position_changes.parquet")
    assert len(pc) == len(parquet)
    changed = parquet[parquet.changed_fields.map(len) > 1].iloc[0]
    row = pc[(pc.old_position_id == changed.old_position_id) & (pc.new_position_id == changed.new_position_id)]
    assert row.changed_fields.iloc[0] == "; ".join(changed.changed_fields)
    wb = openpyxl.load_workbook(tmp_path / "x" / ex.XLSX_NAME)
    assert wb.sheetnames == ["position_changes", "indicator_changes", "field_changes", ex.DICTIONARY_SHEET,
                             ex.WARNING_CODES_SHEET]


# --------------------------------------------------------------------------- files and errors

def test_without_o_the_files_go_beside_the_tables(crafted):
    folder, _ = crafted
    assert main(["export", str(folder), "--to", "xlsx", "-q"]) == 0
    assert main(["export", str(folder), "-q"]) == 0  # csv by default
    assert (folder / ex.XLSX_NAME).is_file() and (folder / "indicators.csv").is_file()


def test_files_are_written_atomically_and_readable_by_others(crafted, tmp_path):
    folder, _ = crafted
    d = tmp_path / "o"
    for to in ex.TARGETS:
        ex.export(folder, d, to)
    names = sorted(p.name for p in d.iterdir())
    assert not [n for n in names if n.startswith(".")], "no temporary file left"
    for p in d.iterdir():
        assert p.stat().st_mode & 0o777 == 0o666 & ~_UMASK


@pytest.mark.parametrize("case", ["missing", "empty", "output_is_file"])
def test_usage_errors_exit_2_and_write_nothing(case, tmp_path, capsys):
    folder, target = tmp_path / "out", tmp_path / "dest"
    if case != "missing":
        folder.mkdir()
    if case == "output_is_file":
        write_all(folder, {"documents": [_doc()]})
        target.write_text("keep me")
    rc = main(["export", str(folder), "-o", str(target), "--to", "csv"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.startswith("iki export: ") and err.count("\n") == 1 and "Traceback" not in err
    if case == "output_is_file":
        assert target.read_text() == "keep me"
    else:
        assert not target.exists()


def test_readme_pandas_example_keeps_integers_and_every_row(out, tmp_path, monkeypatch):
    """The README's pandas block, run as written on a real extraction: no row is dropped, years stay integers."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "import pandas" in b)
    (tmp_path / "output").symlink_to(out, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    lines = block.strip().splitlines()
    scope: dict = {}
    exec("\n".join(lines[:-2]), scope)
    counts = eval(lines[-2].split("#")[0], scope)
    flat = scope["flat"]
    assert counts.sum() == len(flat) == pq.read_metadata(out / "flat.parquet").num_rows
    assert flat["year"].isna().any()  # the case the example must not drop
    assert str(flat["year"].dtype).startswith("int")
    guessed = eval(lines[-1].split("#")[0], scope)
    assert 0 < len(guessed) < len(flat)
