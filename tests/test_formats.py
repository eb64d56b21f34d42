"""Workbooks, HTML pages, office formats through LibreOffice: readers, shared grid cutting, samples end to end."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from extractors.ir import Cell, Document, Loc, Paragraph, Table
from extractors.parser.positions import parse_positions
from extractors.readers import office
from extractors.readers.html import cell_text, list_label, read_html
from extractors.readers.xlsx import XlsxError, display_text, read_xlsx
from iki.cli import main
from iki.evaluate import evaluate_folder
from iki.i18n import error_message
from iki.pipeline import Options, process_file

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "cases" / "readers"
# the LibreOffice part each test needs (Debian packages them apart: Writer without Calc is common)
HAS_WRITER = office.can_convert("rtf")
HAS_CALC = office.can_convert("xls")


def _xlsx(build) -> bytes:
    wb = openpyxl.Workbook()
    build(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _blocks(doc: Document) -> list:
    return [(type(b).__name__, b.text if isinstance(b, Paragraph) else b.texts()) for b in doc.blocks]


# ----------------------------------------------------------------------------- values as displayed


@pytest.mark.parametrize("value, fmt, shown", [
    (4000, "#,##0", "4.000"),                    # Indonesian thousands separator
    (4000, '#,##0 "berkas"', "4.000 berkas"),      # literal text kept as written
    (0.22, "0%", "22%"),
    (0.225, "0.0%", "22,5%"),                      # decimal comma
    (1234.5678, "#,##0.00", "1.234,57"),
    (2.5, "General", "2,5"),
    (0.1 + 0.2, "General", "0,3"),                 # General shows at most 11 significant digits
    (12, "0", "12"),
    (4000, '"Rp. "#,##0', "Rp. 4.000"),            # a literal with a dot is not a separator
    (4000, "[$Rp-421]#,##0.00", "Rp4.000,00"),
    (25, '0\\ "Kelurahan"', "25 Kelurahan"),
    (-5, "#,##0;(#,##0)", "(5)"),                  # negative section
    (0, '_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)', "-"),  # accounting zero
    (dt.datetime(2023, 8, 17), "d mmmm yyyy", "17 Agustus 2023"),
    (dt.datetime(2023, 8, 17), "[$-421]dddd, dd mmm yyyy;@", "Kamis, 17 Agu 2023"),
    (dt.datetime(2023, 1, 1), "dd.mm.yyyy", "01.01.2023"),
    (dt.datetime(2023, 1, 1), "dd/mm/yyyy", "01/01/2023"),
    (4000, "[$-409]#,##0", "4,000"),               # an English locale tag keeps English separators
    (dt.datetime(2023, 8, 17), "[$-409]d mmmm yyyy", "17 August 2023"),
    (True, "General", "BENAR"),
    ("teks", "@", "teks"),
])
def test_number_formats_as_an_indonesian_excel_shows_them(value, fmt, shown):
    assert display_text(value, fmt) == shown


def test_english_display_locale():
    assert display_text(4000, "#,##0", locale="en") == "4,000"
    assert display_text(dt.datetime(2023, 8, 17), "d mmmm yyyy", locale="en") == "17 August 2023"


# ----------------------------------------------------------------------------- workbooks


def test_sheet_with_label_rows_lists_and_a_merged_table():
    def build(wb):
        ws = wb.active
        ws.title = "IKI 2022"
        ws["B1"] = "INDIKATOR KINERJA INDIVIDU"
        ws.merge_cells("B1:F1")
        ws["B3"], ws["C3"], ws["D3"] = "JABATAN", ":", "Kepala Seksi Jaminan Sosial"
        ws["B4"], ws["D4"] = "TUGAS :", "memimpin seksi"
        ws["A5"], ws["B5"] = "3.", "FUNGSI :"
        ws["D6"], ws["E6"] = "a.", "penyusunan rencana"
        ws["D7"], ws["E7"] = "b.", "pelaksanaan kegiatan"
        # spacer rows 8-9, then the table with a merged sasaran and a spacer column G
        for c, h in zip("BCDEF", ["NO", "SASARAN", "INDIKATOR KINERJA", "TARGET", "SUMBER DATA"]):
            ws[f"{c}10"] = h
        ws["B11"], ws["C11"], ws["D11"], ws["E11"], ws["F11"] = 1, "Meningkatnya A", "Jumlah laporan", 4000, "SPJ"
        ws["E11"].number_format = '#,##0 "berkas"'
        ws["B12"], ws["D12"], ws["E12"] = 2, "Persentase dokumen\ntepat waktu", 0.22
        ws["E12"].number_format = "0%"
        ws.merge_cells("C11:C12")
        ws["H11"] = "catatan di luar tabel"  # column G stays empty: a spacer column
        ws["B14"] = "Kepala Dinas"

    doc = read_xlsx(_xlsx(build), "iki.xlsx")
    kinds = _blocks(doc)
    assert kinds[:6] == [
        ("Paragraph", "INDIKATOR KINERJA INDIVIDU"), ("Paragraph", "JABATAN : Kepala Seksi Jaminan Sosial"),
        ("Paragraph", "TUGAS : memimpin seksi"), ("Paragraph", "FUNGSI :"),
        ("Paragraph", "penyusunan rencana"), ("Paragraph", "pelaksanaan kegiatan")]
    assert doc.blocks[3].label == "3." and doc.blocks[4].label == "a."
    table = doc.blocks[6]
    assert isinstance(table, Table)
    assert table.texts() == [
        ["NO", "SASARAN", "INDIKATOR KINERJA", "TARGET", "SUMBER DATA", ""],
        ["1", "Meningkatnya A", "Jumlah laporan", "4.000 berkas", "SPJ", "catatan di luar tabel"],
        ["2", "", "Persentase dokumen\ntepat waktu", "22%", "", ""]]
    sasaran = table.rows[1][1]
    assert sasaran.rowspan == 2 and sasaran.loc == Loc(sheet="IKI 2022", cell="C11")
    assert kinds[-1] == ("Paragraph", "Kepala Dinas")
    assert doc.blocks[-1].loc.describe() == "IKI 2022!B14"


def test_hidden_sheets_rows_and_columns_are_skipped_with_a_warning():
    def build(wb):
        ws = wb.active
        ws["A1"] = "JABATAN : Sekretaris"
        ws["A2"] = "baris tersembunyi"
        ws.row_dimensions[2].hidden = True
        ws["A3"], ws["B3"], ws["C3"] = "INDIKATOR", "rahasia", "TARGET"
        ws.column_dimensions["B"].hidden = True
        ref = wb.create_sheet("Referensi")
        ref["A1"] = "JABATAN : Jangan dibaca"
        ref.sheet_state = "hidden"

    doc = read_xlsx(_xlsx(build), "x.xlsx")
    texts = str(_blocks(doc))
    assert "Jangan dibaca" not in texts and "tersembunyi" not in texts and "rahasia" not in texts
    codes = [w.split(":")[0] for w in doc.warnings]
    assert codes.count("xlsx_hidden_sheet") == 1 and codes.count("xlsx_hidden_cells") == 1
    assert any("'Referensi'" in w for w in doc.warnings)


def test_rich_text_line_breaks_and_formula_values():
    def build(wb):
        ws = wb.active
        ws["A1"] = CellRichText(TextBlock(InlineFont(b=True), "Penjelasan :"), " jumlah berkas\nyang selesai")
        ws["A2"] = "=1+1"  # written by a program, never calculated: no saved value

    doc = read_xlsx(_xlsx(build), "x.xlsx")
    assert [b.text for b in doc.blocks] == ["Penjelasan : jumlah berkas", "yang selesai"]
    assert any(w.startswith("xlsx_formula_no_value") and "A2" in w for w in doc.warnings)


def test_damaged_and_oversized_workbooks_are_refused_clearly(monkeypatch):
    with pytest.raises(XlsxError) as e:   # a code and its facts; the app words it
        read_xlsx(b"PK\x03\x04 broken", "x.xlsx")
    assert e.value.code == "xlsx_unreadable" and "not a zip package" in e.value.facts["detail"]
    assert error_message(e.value).startswith("not a readable Excel workbook (not a zip package")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", " " * 4096)
    monkeypatch.setattr("extractors.readers.xlsx.MAX_PART_BYTES", 1024)
    with pytest.raises(XlsxError) as e:
        read_xlsx(buf.getvalue(), "bomb.xlsx")
    assert e.value.code == "xlsx_too_large" and "too large" in error_message(e.value)


def test_wide_matrix_is_split_into_positions():
    """One table for all positions with a JABATAN column (merged down) and TUGAS / FUNGSI columns."""
    head = ["NO", "JABATAN", "TUGAS", "SASARAN", "INDIKATOR KINERJA", "TARGET"]
    rows = [
        [Cell(h, 0, c) for c, h in enumerate(head)],
        [Cell("1", 1, 0), Cell("Sekretaris", 1, 1, rowspan=2), Cell("a. memimpin\nb. membina", 1, 2, rowspan=2),
         Cell("Meningkatnya A", 1, 3, rowspan=2), Cell("Jumlah A", 1, 4), Cell("12", 1, 5)],
        [Cell("2", 2, 0), Cell("Persentase B", 2, 4), Cell("100%", 2, 5)],
        [Cell("3", 3, 0), Cell("Kepala Seksi X", 3, 1), Cell("menyusun", 3, 2), Cell("Meningkatnya C", 3, 3),
         Cell("Jumlah C", 3, 4), Cell("5", 3, 5)],
    ]
    doc = Document("m.xlsx", "xlsx", [Paragraph("INDIKATOR KINERJA INDIVIDU"), Table(tuple(tuple(r) for r in rows))])
    positions = parse_positions(doc)
    assert [p.jabatan for p in positions] == ["Sekretaris", "Kepala Seksi X"]
    assert [i.full_text() for i in positions[0].sections["tugas"]] == ["memimpin", "membina"]
    assert [i.full_text() for i in positions[1].sections["tugas"]] == ["menyusun"]
    first = positions[0].tables[0].texts()
    assert first[0] == ["NO", "SASARAN", "INDIKATOR KINERJA", "TARGET"]
    assert first[1:] == [["1", "Meningkatnya A", "Jumlah A", "12"], ["2", "", "Persentase B", "100%"]]
    assert positions[0].tables[0].rows[1][1].rowspan == 2


def test_a_table_with_one_jabatan_column_and_one_position_is_left_alone():
    rows = [[Cell("JABATAN", 0, 0), Cell("INDIKATOR KINERJA", 0, 1), Cell("TARGET", 0, 2)],
            [Cell("Sekretaris", 1, 0), Cell("Jumlah A", 1, 1), Cell("12", 1, 2)]]
    doc = Document("m.xlsx", "xlsx", [Paragraph("JABATAN : Sekretaris"), Table(tuple(tuple(r) for r in rows))])
    (pos,) = parse_positions(doc)
    assert pos.tables[0].texts()[0] == ["JABATAN", "INDIKATOR KINERJA", "TARGET"]


# ----------------------------------------------------------------------------- HTML

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>e-SAKIP</title>
<style>td { border: 1px solid }</style><script>var x = "<p>JABATAN : palsu</p>";</script></head>
<body>
<h2>INDIKATOR KINERJA INDIVIDU</h2>
<p>JABATAN : Kepala Bidang Sosial<br>INSTANSI : Dinas Sosial &amp; PPPA</p>
<p>TUGAS :</p>
<ol type="a"><li>menyusun rencana<ul><li>program tahunan</li></ul></li><li>melaksanakan</li></ol>
<ol start="3"><li>ketiga</li></ol>
<div style="display:none">JABATAN : tersembunyi</div>
<table>
<thead><tr><th>NO</th><th>SASARAN</th><th>INDIKATOR KINERJA</th><th colspan="2">TARGET</th></tr></thead>
<tbody>
<tr><td>1</td><td rowspan="2">Meningkatnya <b>pelayanan</b></td><td>Jumlah A</td><td>12</td><td>dokumen</td></tr>
<tr><td>2</td><td>Persentase B<br>per tahun</td><td>100</td><td>%</td></tr>
</tbody></table>
<p>Formula: <math>\\frac{A}{B}</math></p>
</body></html>"""


def test_html_page_headings_lists_and_a_table_with_spans():
    doc = read_html(PAGE.encode(), "laporan.html")
    paras = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert paras[0].heading == 2 and paras[0].text == "INDIKATOR KINERJA INDIVIDU"
    assert [p.text for p in paras[1:3]] == ["JABATAN : Kepala Bidang Sosial", "INSTANSI : Dinas Sosial & PPPA"]
    items = [(p.label, p.text, p.level) for p in paras if p.label]
    assert items == [("a.", "menyusun rencana", 0), ("-", "program tahunan", 1), ("b.", "melaksanakan", 0),
                     ("3.", "ketiga", 0)]
    assert "palsu" not in str(_blocks(doc)) and "tersembunyi" not in str(_blocks(doc))
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert table.texts() == [["NO", "SASARAN", "INDIKATOR KINERJA", "TARGET", ""],
                             ["1", "Meningkatnya pelayanan", "Jumlah A", "12", "dokumen"],
                             ["2", "", "Persentase B\nper tahun", "100", "%"]]
    assert table.rows[1][1].rowspan == 2 and table.rows[0][3].colspan == 2
    assert paras[-1].text == "Formula: $\\frac{A}{B}$"
    assert table.loc.line == 11 and paras[1].loc.line == 5


def test_html_encodings():
    for data in (PAGE.encode("utf-16"), PAGE.replace("utf-8", "windows-1252").replace("&amp;", "–").encode("cp1252")):
        doc = read_html(data, "x.htm")
        assert any(isinstance(b, Paragraph) and b.text.startswith("INSTANSI : Dinas Sosial") for b in doc.blocks)
    doc = read_html("<html><body><p>Jumlah “baik” – 4.000</p></body></html>".encode("cp1252"), "x.htm")
    assert doc.blocks[0].text == "Jumlah “baik” – 4.000"
    assert doc.warnings and doc.warnings[0].startswith("text_encoding")


def test_page_laid_out_as_one_big_table_is_cut_like_a_sheet():
    html = ("<html><body><table>"
            "<tr><td colspan=3>INDIKATOR KINERJA INDIVIDU</td></tr><tr><td></td><td></td><td></td></tr>"
            "<tr><td>JABATAN</td><td>:</td><td>Sekretaris</td></tr>"
            "<tr><td>SASARAN</td><td>INDIKATOR KINERJA</td><td>TARGET</td></tr>"
            "<tr><td>Meningkatnya A</td><td>Jumlah A</td><td>12</td></tr>"
            "</table></body></html>")
    assert _blocks(read_html(html.encode(), "x.html")) == [
        ("Paragraph", "INDIKATOR KINERJA INDIVIDU"), ("Paragraph", "JABATAN : Sekretaris"),
        ("Table", [["SASARAN", "INDIKATOR KINERJA", "TARGET"], ["Meningkatnya A", "Jumlah A", "12"]])]


def test_cell_text_and_list_labels():
    assert cell_text("<ol><li>Jumlah A</li><li>Jumlah B<ol type='i'><li>sub</li></ol></li></ol>", numbering=True) \
        == "1. Jumlah A\n2. Jumlah B\n  i. sub"
    assert cell_text("nilai < 60 &amp; naik") == "nilai < 60 & naik"
    assert [list_label("ol", n, s) for n, s in ((4, None), (28, "a"), (4, "I"), (9, "i"))] == ["4.", "ab.", "IV.", "ix."]


# ----------------------------------------------------------------------------- LibreOffice


def test_office_formats_without_libreoffice_name_the_tool(monkeypatch):
    monkeypatch.setattr(office, "soffice", lambda: None)
    for fmt, package in (("rtf", "libreoffice-writer-nogui"), ("xls", "libreoffice-calc-nogui"),
                         ("ods", "libreoffice-calc-nogui"), ("pptx", "libreoffice-impress-nogui")):
        with pytest.raises(office.OfficeError) as e:
            office.convert(b"x", fmt, "a")
        assert e.value.code == "office_missing" and e.value.facts["package"] == package
        assert re.search(f"LibreOffice.*{package}", error_message(e.value))


def _fake_libreoffice(tmp_path, parts: tuple[str, ...], registry: str = "share/.registry") -> str:
    """An installation tree as Debian lays it out (program/soffice, share/.registry/<part>.xcd)."""
    root = tmp_path / "lib" / "libreoffice"
    (root / "program").mkdir(parents=True)
    exe = root / "program" / "soffice"
    exe.write_text("#!/bin/sh\nexit 1\n")
    exe.chmod(0o755)
    (root / registry).mkdir(parents=True)
    (root / registry / "main.xcd").write_text("<x/>")
    for part in parts:
        (root / registry / f"{part}.xcd").write_text("<x/>")
    link = tmp_path / "bin" / "soffice"
    link.parent.mkdir()
    link.symlink_to(exe)
    return str(link)


@pytest.mark.parametrize("registry", ["share/.registry", "share/registry"])
def test_writer_without_calc_names_the_missing_package(tmp_path, monkeypatch, registry):
    exe = _fake_libreoffice(tmp_path, ("writer",), registry)
    monkeypatch.setattr(office, "soffice", lambda: exe)
    assert office.has_component("writer") is True and office.has_component("calc") is False
    for fmt, package in (("xls", "libreoffice-calc-nogui"), ("ods", "libreoffice-calc-nogui"),
                         ("pptx", "libreoffice-impress-nogui")):
        with pytest.raises(office.OfficeError) as e:
            office.convert(b"x", fmt, "a")
        assert e.value.code == "office_component_missing" and e.value.facts["package"] == package
        assert re.search(f"needs LibreOffice \\w+, which is not installed.*{package}", error_message(e.value))
    with pytest.raises(office.OfficeError) as e:  # Writer is there: the conversion is tried
        office.convert(b"x", "rtf", "a")
    assert "could not convert" in error_message(e.value)
    assert not office.can_convert("xls") and office.can_convert("doc")


def test_unknown_libreoffice_layout_is_tried_rather_than_refused(tmp_path, monkeypatch):
    exe = tmp_path / "soffice"
    exe.write_text("#!/bin/sh\nexit 1\n")
    exe.chmod(0o755)
    monkeypatch.setattr(office, "soffice", lambda: str(exe))
    assert office.has_component("calc") is None
    with pytest.raises(office.OfficeError) as e:
        office.convert(b"x", "xls", "a")
    assert e.value.code == "office_failed" and "could not convert" in error_message(e.value)


@pytest.mark.office
@pytest.mark.skipif(not HAS_WRITER, reason="LibreOffice Writer is not installed (optional: legacy formats)")
def test_libreoffice_conversion_timeout_is_an_error():
    with pytest.raises(office.OfficeError) as e:
        office.convert((ROOT / "tests" / "data" / "formats" / "mini.rtf").read_bytes(), "rtf", "a", timeout=0.01)
    assert e.value.code == "office_timeout" and "did not finish" in error_message(e.value)


# ----------------------------------------------------------------------------- cases p12 and r1


def test_p12_pdf_with_a_banner_before_its_header_is_read_as_a_pdf():
    res = process_file(CASES / "p12_banner_before_header.pdf")
    assert res.document["format"] == "pdf" and res.document["status"] == "ok"
    assert [p["jabatan"] for p in res.positions] == ["KEPALA DINAS"]


@pytest.mark.ocr
def test_r1_pdf_without_extension_and_bmp_scan_are_read():
    folder = CASES / "r1_folder"
    pdf = process_file(folder / "dokumen_tanpa_akhiran", Options())
    assert pdf.document["format"] == "pdf" and pdf.document["status"] == "ok"
    assert [p["jabatan"] for p in pdf.positions] == ["KEPALA DINAS"]
    scan = process_file(folder / "scan.bmp", Options())
    assert scan.document["format"] == "image" and scan.document["ocr_pages"] == 1
    assert scan.document["status"] in ("ok", "no_iki_found")  # read by OCR (a table of ROWS, no JABATAN in it)


# ----------------------------------------------------------------------------- samples end to end


def _scores(tmp_path, folder: Path, expect_format: set[str], n: int):
    assert main(["extract", str(folder), "-o", str(tmp_path), "-q", "--jobs", "2"]) == 0
    golds = sorted(folder.glob("*.json"))
    scores = evaluate_folder(tmp_path, golds)
    assert len(scores) == len(golds) == n
    docs = pd.read_parquet(tmp_path / "documents.parquet")
    assert set(docs.format) == expect_format
    return scores, docs


@pytest.mark.slow
def test_workbooks_in_three_layouts_read_as_well_as_the_text(tmp_path):
    """samples/xlsx: stacked positions, one position per sheet, one wide matrix (samples/make_workbooks.py)."""
    scores, docs = _scores(tmp_path, ROOT / "samples" / "xlsx", {"xlsx"}, 12)
    for s in scores:
        assert s.positions_f1 == 1.0 and s.score >= 0.97, (s.name, s.score, s.differences[:10])
    assert sum(s.score for s in scores) / len(scores) >= 0.95
    assert all(any(w.startswith("xlsx_hidden_sheet") for w in ws) for ws in docs.warnings)
    ind = pd.read_parquet(tmp_path / "indicators.parquet")
    assert ind.sheet.notna().all() and ind.cell.str.fullmatch(r"[A-Z]{1,3}\d+").all()
    assert "4.000 berkas" in set(ind.target_raw)


@pytest.mark.slow
def test_html_pages_read_as_well_as_the_text(tmp_path):
    """samples/html: LibreOffice Calc (a sheet as one big table) and Writer 'save as web page'."""
    scores, _ = _scores(tmp_path, ROOT / "samples" / "html", {"html"}, 4)
    for s in scores:
        assert s.positions_f1 == 1.0 and s.score >= 0.95, (s.name, s.score, s.differences[:10])
    assert sum(s.score for s in scores) / len(scores) >= 0.95


@pytest.mark.office
@pytest.mark.parametrize("package, formats, n", [("libreoffice-writer-nogui", {"doc", "rtf"}, 3),
                                                 ("libreoffice-calc-nogui", {"xls", "ods"}, 4)])
def test_legacy_and_opendocument_formats_through_libreoffice(tmp_path, package, formats, n):
    """tests/data/office: .xls and .ods saved by LibreOffice from the workbook samples, .doc and .rtf from DOCX;
    each kind where its LibreOffice component is installed."""
    if not office.can_convert(next(iter(formats))):
        pytest.skip(f"{package} is not installed (optional: legacy formats)")
    folder = tmp_path / "in"
    folder.mkdir()
    for f in (ROOT / "tests" / "data" / "office").iterdir():
        if f.stem.rsplit("_", 1)[-1] in formats:
            shutil.copyfile(f, folder / f.name)
    scores, _ = _scores(tmp_path / "out", folder, formats, n)
    for s in scores:
        assert s.positions_f1 == 1.0 and s.score >= 0.95, (s.name, s.score, s.differences[:10])


def test_workbook_copied_under_an_upper_case_name_and_without_extension(tmp_path):
    src = ROOT / "samples" / "xlsx" / "003_stacked.xlsx"
    shutil.copyfile(src, tmp_path / "IKI 2021.XLSX")
    shutil.copyfile(src, tmp_path / "iki_tanpa_akhiran")
    for name in ("IKI 2021.XLSX", "iki_tanpa_akhiran"):
        res = process_file(tmp_path / name)
        assert res.document["format"] == "xlsx" and len(res.positions) == 17
