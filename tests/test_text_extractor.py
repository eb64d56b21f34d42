"""Converter text → IR: every layout the seeds use, plus pipe and HTML tables."""
from extractors.ir import Paragraph, Table
from extractors.readers.text import cell_text, extract_text


def tables(doc):
    return [b for b in doc.blocks if isinstance(b, Table)]


def paragraphs(doc):
    return [b for b in doc.blocks if isinstance(b, Paragraph)]


def test_markdown_labels_bullets_and_headings():
    doc = extract_text("## INDIKATOR KINERJA INDIVIDU\n\n- 1. **JABATAN** : Sekretaris\n  - b. Membagi tugas;\n")
    h, jab, item = paragraphs(doc)
    assert h.heading == 2 and h.text == "INDIKATOR KINERJA INDIVIDU"
    assert jab.label == "1." and jab.text == "JABATAN : Sekretaris" and jab.bold
    assert item.label == "b." and item.level == 1 and item.text == "Membagi tugas;"


def test_tab_label_rows_are_paragraphs_not_tables():
    doc = extract_text(" 1. JABATAN\t: KEPALA DINAS\n2.TUGAS \t: membantu Bupati\n \t\t\t b.perumusan kebijakan;\n")
    assert not tables(doc)
    texts = [p.text for p in paragraphs(doc)]
    assert texts == ["JABATAN : KEPALA DINAS", "TUGAS : membantu Bupati", "perumusan kebijakan;"]


def test_tab_rows_with_empty_trailing_cells_stay_in_the_table():
    doc = extract_text("A\tB\tC\n1\tx\ty\n\t\t_____ X 100\t\n")
    (t,) = tables(doc)
    assert t.texts() == [["A", "B", "C", ""], ["1", "x", "y", ""], ["", "", "_____ X 100", ""]]


def test_one_cell_per_line_dump():
    text = ("\tSasaran\n\tIndikator Kinerja\n\tSumber Data\n\n\t1\n\t2\n\t3\n\n"
            "\t1) Meningkatnya A\n\n2) Meningkatnya B\n\n\t1. Jumlah X\n\n\tDinas Sosial\n\n"
            "\t\n\t2. Jumlah Y\n\n\tDinas Sosial\n\n\n\n\nINDIKATOR KINERJA INDIVIDU\n")
    doc = extract_text(text)
    (t,) = tables(doc)
    assert t.texts() == [["Sasaran", "Indikator Kinerja", "Sumber Data"], ["1", "2", "3"],
                         ["1) Meningkatnya A\n2) Meningkatnya B", "1. Jumlah X", "Dinas Sosial"],
                         ["", "2. Jumlah Y", "Dinas Sosial"]]
    assert paragraphs(doc)[-1].text == "INDIKATOR KINERJA INDIVIDU"


def test_headerless_cell_run_is_one_column():
    doc = extract_text(" \tMeningkatnya A\n\tJumlah X\n \tJumlah Y\n")
    (t,) = tables(doc)
    assert t.texts() == [["Meningkatnya A"], ["Jumlah X"], ["Jumlah Y"]]


def test_pipe_table():
    doc = extract_text("| SASARAN | INDIKATOR |\n|---|---|\n| A | Jumlah B |\n")
    (t,) = tables(doc)
    assert t.texts() == [["SASARAN", "INDIKATOR"], ["A", "Jumlah B"]]


def test_html_table_with_rowspan():
    doc = extract_text('<table><tr><th>SASARAN</th><th>INDIKATOR</th></tr>\n'
                       '<tr><td rowspan="2">Meningkatnya A</td><td>Jumlah B</td></tr>\n'
                       '<tr><td>Jumlah C<br>lanjutan</td></tr></table>\n')
    (t,) = tables(doc)
    assert t.texts() == [["SASARAN", "INDIKATOR"], ["Meningkatnya A", "Jumlah B"], ["", "Jumlah C\nlanjutan"]]
    assert t.rows[1][0].rowspan == 2


def test_cell_html_lists_math_and_rules():
    raw = ('<ol> <li>1. Jumlah A</li> <li>2. Data B <ul> <li>• Sub C</li> </ul> </li> </ol>')
    assert cell_text(raw) == "1. Jumlah A\n2. Data B\n  • Sub C"
    assert cell_text("<p><b>Formulasi :</b> <math>f(x) = \\sum</math> X</p>") == "Formulasi : $f(x) = \\sum$ X"
    assert cell_text("<p>A</p><hr/><p>B</p>") == "A\n_____\nB"


def test_form_feed_pages_and_line_numbers():
    doc = extract_text("JABATAN : A\n\fTUGAS : B\n")
    a, b = paragraphs(doc)
    assert (a.loc.page, a.loc.line) == (1, 1) and (b.loc.page, b.loc.line) == (2, 2)
    assert doc.n_pages == 2


def test_non_utf8_bytes_are_decoded_with_a_warning():
    doc = extract_text("JABATAN : Kepala Seksi Pemeriksaan Kesehatan \xe9".encode("cp1252"))
    assert doc.warnings and paragraphs(doc)[0].text.endswith("é")


LAYOUT = """\
JABATAN            :   KEPALA SEKSI X
TUGAS              :   menyusun rencana
                       kerja seksi.

 NO     SASARAN               INDIKATOR KINERJA          SUMBER DATA
 1      Meningkatnya          Persentase surat yang      Bidang
        kapasitas pegawai     didisposisi                Sekretariat
                              Jumlah laporan             Arsip
 2      Terwujudnya tertib    Nilai SAKIP dinas          Inspektorat

Kepala Seksi X
"""


def test_columns_aligned_with_spaces_are_a_table():
    doc = extract_text(LAYOUT)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    grid = tables[0].texts()
    assert grid[0] == ["NO", "SASARAN", "INDIKATOR KINERJA", "SUMBER DATA"]
    assert grid[1] == ["1", "Meningkatnya", "Persentase surat yang", "Bidang"]  # one row per line: the parser groups
    assert grid[-1] == ["2", "Terwujudnya tertib", "Nilai SAKIP dinas", "Inspektorat"]
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "JABATAN : KEPALA SEKSI X" in texts and "Kepala Seksi X" in texts  # label lines and prose stay lines


def test_aligned_table_rows_are_regrouped_by_the_parser():
    from extractors.parser.indicator_tables import indicators_from_tables
    from extractors.parser.positions import parse_positions
    (p,) = parse_positions(extract_text(LAYOUT))
    rows, _ = indicators_from_tables(p.tables)
    assert [(r.sasaran, r.indikator, " ".join(r.sumber_data.split())) for r in rows] == [
        ("Meningkatnya kapasitas pegawai", "Persentase surat yang didisposisi", "Bidang Sekretariat"),
        ("Meningkatnya kapasitas pegawai", "Jumlah laporan", "Arsip"),
        ("Terwujudnya tertib", "Nilai SAKIP dinas", "Inspektorat")]


def test_cell_dump_ends_where_a_line_follows_its_last_row():
    doc = extract_text("\tSASARAN\n\tINDIKATOR\n\tSUMBER DATA\n\n\tMeningkatnya A\n\n\tJumlah B\n\n\tData C\n\n"
                       "Bandung, 2 Januari 2020\n")
    (t,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert t.texts()[-1] == ["Meningkatnya A", "Jumlah B", "Data C"]
    assert doc.blocks[-1].text == "Bandung, 2 Januari 2020"


def test_layout_table_number_column_far_from_its_row_text_is_a_column():
    """'1.' in a NO column stands far left of the sasaran: a cell of its own, not a list mark of the text."""
    from extractors.ir import Table
    text = ("No.           Sasaran        Indikator       Penjelasan      Sumber Data\n"
            "              Strategis      Kinerja\n"
            "1.            Meningkatnya   Jumlah desa     Desa yang       Laporan\n"
            "              mutu desa      mandiri         mandiri         Bidang\n")
    (table,) = [b for b in extract_text(text).blocks if isinstance(b, Table)]
    assert [c.text for c in table.rows[-2]][:2] == ["1.", "Meningkatnya"]


def test_a_header_written_one_cell_per_line_without_rows_is_said(tmp_path):
    """Raw converter text whose columns came out as interleaved blocks: no row is read, and the
    document says an indicator header was there (never a silent ok)."""
    from iki.pipeline import process_file
    text = ("INDIKATOR KINERJA UTAMA\nJabatan : Kepala Seksi A\nNo.\nSasaran\nStrategis\n1.\nMeningkatny\n"
            "a mutu\nIndikator\nKinerja\nUtama\n3.2 Destinasi\nwisata yang\ndikembangka\nn\nPenjelasan\n"
            "Sumber Data\nDestinasi\nyang\nmendapat\nKabupaten/\nKota\n")
    path = tmp_path / "raw.txt"
    path.write_text(text, encoding="utf-8")
    res = process_file(path)
    assert res.document["n_indicators"] == 0
    assert any(w.startswith("indicator_rows_missing") for w in res.document["warnings"])
