"""Indicator tables → rows: header variants, carry-down, splits, folds and page breaks."""
from dataclasses import replace

from extractors.parser.indicator_tables import header_roles, indicators_from_tables, is_indicator_table
from extractors.ir import Cell, Loc, Table


def table(rows):
    return Table(tuple(tuple(Cell(t, r, c) for c, t in enumerate(row)) for r, row in enumerate(rows)), Loc())


HEAD = ["KINERJA", "INDIKATOR KINERJA", "PENJELASAN/FORMULASI PENGHITUNGAN", "SUMBER DATA"]


def test_header_variants():
    assert header_roles(["NO.", "SASARAN STRATEGIS", "INDIKATOR KINERJA UTAMA", "PENJELASAN / FORMULASI PERHITUNGAN",
                         "SUMBER DATA", "PENANGGUNG JAWAB"]) == \
        ["no", "sasaran", "indikator", "formula", "sumber_data", "penanggung_jawab"]
    assert header_roles(["KINERJA PROGRAM", "INDIKATOR PROGRAM", "SATUAN", "TARGET"]) == \
        ["sasaran", "indikator", "satuan", "target"]
    assert header_roles(["NO", "SASARAN KINERJA", "INDIKATOR KINERJA", "PENJELASAN", "S"])[-1] == "sumber_data"
    assert header_roles(["1", "2", "3"]) is None


def test_header_names_of_other_agencies():
    """Columns named in other words: the success measure explains, the evidence is the data source."""
    assert header_roles(["No", "Sasaran Strategis", "Indikator Kinerja", "Satuan", "Nilai Target",
                         "Ukuran Keberhasilan", "Data Pendukung"]) == \
        ["no", "sasaran", "indikator", "satuan", "target", "formula", "sumber_data"]
    assert header_roles(["NO", "SASARAN", "INDIKATOR", "DEFINISI OPERASIONAL", "CARA PERHITUNGAN", "BUKTI DUKUNG",
                         "REALISASI TARGET"]) == \
        ["no", "sasaran", "indikator", "penjelasan", "formula", "sumber_data", "other"]
    rows, _ = indicators_from_tables([table([["No", "Sasaran", "Indikator Kinerja", "Nilai Target", "Alat Verifikasi"],
                                          ["1", "Meningkatnya A", "Persentase B", "90%", "Laporan C"]])])
    assert [(r.indikator, r.target, r.sumber_data) for r in rows] == [("Persentase B", "90%", "Laporan C")]


def test_sasaran_carried_down_and_numbering_stripped():
    rows, _ = indicators_from_tables([table([HEAD, ["1", "2", "3", "4"],
                                             ["1) Meningkatnya A", "1. Jumlah X", "", "Dinas"],
                                             ["", "2. Jumlah Y", "", ""]])])
    assert [(r.sasaran, r.indikator, r.sumber_data) for r in rows] == \
        [("Meningkatnya A", "Jumlah X", "Dinas"), ("Meningkatnya A", "Jumlah Y", None)]


def test_two_labelled_sasaran_in_one_cell_are_kept_whole():
    rows, _ = indicators_from_tables([table([HEAD, ["1) Meningkatnya A\n2) Meningkatnya B", "Jumlah X", "", ""]])])
    assert rows[0].sasaran == "1) Meningkatnya A 2) Meningkatnya B"


def test_three_row_fraction_folds_into_its_row():
    rows, _ = indicators_from_tables([table([HEAD, ["A", "Persentase X", "Jumlah X", "Data"],
                                             ["", "", "_____ X 100", ""], ["", "", "Jumlah Y", ""]])])
    assert len(rows) == 1 and rows[0].formula == "Jumlah X\n_____ X 100\nJumlah Y"


def test_numbered_indicators_in_one_cell_are_split_with_their_cells():
    rows, _ = indicators_from_tables([table([HEAD, ["A", "1. Jumlah X\n2. Jumlah Y\n3. Data Z\n  • Sub",
                                                    "Jumlah X dihitung\nJumlah Y dihitung\nData Z", "Arsip\nLaporan\nKelurahan"]])])
    assert [r.indikator for r in rows] == ["Jumlah X", "Jumlah Y", "Data Z; Sub"]
    assert [r.sumber_data for r in rows] == ["Arsip", "Laporan", "Kelurahan"]
    assert [r.formula for r in rows] == ["Jumlah X dihitung", "Jumlah Y dihitung", "Data Z"]


def test_inline_numbered_indicators_are_split():
    rows, _ = indicators_from_tables([table([HEAD, ["A", "1. Jumlah X 2. Jumlah Y", "", ""]])])
    assert [r.indikator for r in rows] == ["Jumlah X", "Jumlah Y"]


def test_page_break_continuation_with_repeated_header_and_lost_column():
    head5 = ["NO.", "SASARAN KINERJA", "INDIKATOR KINERJA INDIVIDU", "PENJELASAN/ FORMULASI PERHITUNGAN", "SUMBER DATA"]
    t1 = table([head5, ["(1)", "(2)", "(3)", "(4)", "(5)"], ["1", "Sasaran A", "1. Jumlah dokumen yang tersusun tepat",
                                                            "Jumlah dokumen. Penjelasan : dokumen", "Dokumen"]])
    t2 = table([head5, ["", "", "waktu dan sesuai ketentuan", "", ""], ["", "", "", "yang lengkap.", ""]])
    t3 = table([["", "3. Jumlah laporan", "Jumlah laporan", "LKPD"]])  # the page lost the NO column
    rows, _ = indicators_from_tables([t1, t2, t3])
    assert [r.indikator for r in rows] == ["Jumlah dokumen yang tersusun tepat waktu dan sesuai ketentuan",
                                           "Jumlah laporan"]
    assert rows[0].formula.endswith("yang lengkap.")
    assert rows[1].sasaran == "Sasaran A" and rows[1].sumber_data == "LKPD"


def test_indicator_cut_by_a_page_break_before_a_measure_word():
    """The rest of an indicator on the next page, alone in its row, is the rest even when it
    starts with a word that can start an indicator (``capaian``); a capitalised one or a row
    with more beside it is a row of its own."""
    head = ["SASARAN KINERJA", "INDIKATOR KINERJA INDIVIDU", "PENJELASAN/FORMULASI PENGHITUNGAN", "SUMBER DATA"]
    t1 = table([head, ["Sasaran A", "Persentase peningkatan kualitas laporan", "Jumlah laporan", "Bidang"]])
    for rest, joined in (("capaian kinerja dan keuangan SKPD", True), ("Capaian kinerja SKPD", False)):
        rows, _ = indicators_from_tables([t1, table([head, ["", rest, "", ""]])])
        assert len(rows) == (1 if joined else 2)
        if joined:
            assert rows[0].indikator == "Persentase peningkatan kualitas laporan capaian kinerja dan keuangan SKPD"
    rows, _ = indicators_from_tables([t1, table([head, ["", "capaian kinerja SKPD", "Jumlah capaian", "Bidang"]])])
    assert len(rows) == 2


def test_headerless_single_column_reads_sasaran_and_indicators():
    rows, warnings = indicators_from_tables([table([["Meningkatnya A"], ["Jumlah X"], ["Persentase Y"]])])
    assert [(r.sasaran, r.indikator) for r in rows] == [("Meningkatnya A", "Jumlah X"), ("Meningkatnya A", "Persentase Y")]
    assert warnings


def test_unnamed_column_is_kept_as_extra():
    rows, _ = indicators_from_tables([table([HEAD + [""], ["A", "Persentase X", "Jumlah X", "D", "$\\frac{a}{b}$"]])])
    assert rows[0].extra == "$\\frac{a}{b}$"


def test_separate_penjelasan_and_formula_columns():
    from normalize.formula import split_cell
    rows, _ = indicators_from_tables([table([["SASARAN", "INDIKATOR", "PENJELASAN", "FORMULA", "SUMBER DATA"],
                                             ["A", "Persentase X", "X adalah y.", "Jumlah X / Jumlah Y x 100%", "D"]])])
    r = split_cell(rows[0].formula, rows[0].indikator, rows[0].formula_only)
    assert r.penjelasan == "X adalah y." and r.formula.type == "ratio" and r.formula.denominator == "Jumlah Y"


def test_a_lone_penjelasan_column_holds_formulas_too():
    assert header_roles(["KINERJA", "INDIKATOR KINERJA", "PENJELASAN", "SUMBER DATA"])[2] == "formula"


# --------------------------------------------------------------------------- other agencies' headers


def spanned(rows):
    """Rows of (text, colspan) → a Table with spans."""
    out = []
    for r, row in enumerate(rows):
        cells, c = [], 0
        for text, span in row:
            cells.append(Cell(text, r, c, 1, span))
            c += span
        out.append(tuple(cells))
    return Table(tuple(out), Loc())


def test_header_wordings_by_meaning():
    # a lone explanation column is the combined penjelasan/formula column: its content decides
    assert header_roles(["NO.", "URAIAN", "DASAR PERTIMBANGAN", "SUMBER DATA"]) == \
        ["no", "indikator", "formula", "sumber_data"]
    assert header_roles(["Indikator Kinerja", "Definisi Operasional", "Rumus", "Tipe Perhitungan", "PIC"]) == \
        ["indikator", "penjelasan", "formula", "tipe", "penanggung_jawab"]
    assert header_roles(["SASARAN", "INDIKATOR", "ALASAN", "CARA PENGUKURAN", "SATUAN", "KONDISI AWAL"]) == \
        ["sasaran", "indikator", "penjelasan", "formula", "satuan", "other"]
    assert header_roles(["URAIAN", "INDIKATOR KINERJA", "TARGET"])[0] is None  # URAIAN only without INDIKATOR
    assert header_roles(["No", "Program", "Anggaran", "Keterangan"]) is None
    assert header_roles(["NO", "SASARAN\nKINERJA", "INDIKATOR\nKINERJA", "CARA\nPERHITUNG\nAN"])[3] == "formula"


def test_uraian_table_with_column_numbers_reads_no_header_as_a_row():
    rows, _ = indicators_from_tables([table([["NO.", "URAIAN", "DASAR PERTIMBANGAN", "SUMBER DATA"],
                                             ["1", "2", "5", "6"],
                                             ["1.", "Desa tangguh yang terbentuk", "Alasan A.", "Bidang A"]])])
    assert [(r.indikator, r.sumber_data) for r in rows] == [("Desa tangguh yang terbentuk", "Bidang A")]
    assert rows[0].formula == "Alasan A." and not rows[0].formula_only  # no formula word: content decides


def test_target_over_one_column_per_year():
    t = spanned([[("NO", 1), ("INDIKATOR KINERJA", 1), ("TIPE PERHITUNGAN", 1), ("TARGET", 3), ("PIC", 1)],
                 [("", 1), ("", 1), ("", 1), ("2022", 1), ("2023", 1), ("2024", 1), ("", 1)],
                 [("(1)", 1), ("(2)", 1), ("(3)", 1), ("(4)", 1), ("(5)", 1), ("(6)", 1), ("(7)", 1)],
                 [("1", 1), ("Persentase desa mandiri", 1), ("Kumulatif", 1), ("12", 1), ("15", 1), ("18", 1),
                  ("Bidang A", 1)]])
    (r,) = indicators_from_tables([t])[0]
    assert r.targets == [(2022, "12"), (2023, "15"), (2024, "18")] and r.target == "12"
    assert r.penanggung_jawab == "Bidang A" and "TIPE PERHITUNGAN: Kumulatif" in r.formula


def test_a_title_row_spanning_the_table_is_not_joined_to_the_header():
    t = spanned([[("IKI KEPALA BIDANG X", 4)], [("NO", 1), ("SASARAN", 1), ("INDIKATOR", 1), ("TARGET", 1)],
                 [("1", 1), ("Meningkatnya A", 1), ("Jumlah B", 1), ("100%", 1)]])
    (r,) = indicators_from_tables([t])[0]
    assert (r.indikator, r.target) == ("Jumlah B", "100%")


def test_label_blocks_budget_tables_and_signature_rows_are_no_indicators():
    label_block = table([["Nama Organisasi", ":", "Dinas X"], ["Tugas", ":", "Membantu"], ["Fungsi", ":", "a. B"]])
    assert indicators_from_tables([label_block])[0] == []
    head = table([["NO", "SASARAN", "INDIKATOR", "TARGET"], ["1", "Meningkatnya A", "Jumlah B", "12"]])
    budget = table([["No", "Program", "Anggaran", "Keterangan"], ["1", "Program A", "Rp 1.000.000", "APBD"]])
    rows, warnings = indicators_from_tables([head, budget])
    assert [r.indikator for r in rows] == ["Jumlah B"] and any(w.startswith("table_skipped") for w in warnings)
    signed = table([["5", "Sasaran A", "Jumlah X", "Penjelasan X", "Data X"],
                    ["", "", "", "", "Pekanbaru, 2016\nKEPALA DINAS,\n[NAMA]\nNIP. [NIP]"]])
    assert [(r.indikator, r.sumber_data) for r in indicators_from_tables([signed])[0]] == [("Jumlah X", "Data X")]


def test_headerless_table_on_a_finer_grid():
    """Cells spanning two grid columns: the columns cells start in are the table's (Word continuation files)."""
    t = spanned([[("5", 1), ("Sasaran A", 1), ("Jumlah X", 1), ("Penjelasan X", 2), ("Data X", 1), ("Bidang X", 2)],
                 [("6", 1), ("Sasaran B", 1), ("Persentase Y", 1), ("Penjelasan Y", 2), ("Data Y", 1), ("Bidang Y", 2)],
                 [("", 4), ("Kota, 2016\nKEPALA DINAS,\n[NAMA]\nNIP. [NIP]", 4)]])
    assert is_indicator_table(t)
    rows, warnings = indicators_from_tables([t])
    assert [(r.sasaran, r.indikator, r.sumber_data, r.penanggung_jawab) for r in rows] == [
        ("Sasaran A", "Jumlah X", "Data X", "Bidang X"), ("Sasaran B", "Persentase Y", "Data Y", "Bidang Y")]
    assert any(w.startswith("header_missing") for w in warnings)


def test_one_text_line_per_row_is_regrouped_where_rows_start():
    t = table([["NO", "SASARAN", "INDIKATOR", "SUMBER DATA"],
               ["1", "Meningkatnya", "Persentase", "Bidang"], ["", "kapasitas pegawai", "Kualitas Pelayanan", "Umum"],
               ["", "", "Persentase sarana", ""], ["", "", "dan prasarana", ""],
               ["2", "Terwujudnya tertib", "Jumlah laporan", "Arsip"]])
    rows, _ = indicators_from_tables([t])
    assert len(rows) == 5  # rows that are rows: nothing regrouped
    rows, warnings = indicators_from_tables([replace(t, rows_are_lines=True)])
    assert [(r.sasaran, r.indikator) for r in rows] == [
        ("Meningkatnya kapasitas pegawai", "Persentase Kualitas Pelayanan"),
        ("Meningkatnya kapasitas pegawai", "Persentase sarana dan prasarana"),
        ("Terwujudnya tertib", "Jumlah laporan")]
    assert any(w.startswith("rows_from_lines") for w in warnings)


def test_header_words_wrapped_onto_a_line_of_their_own_are_no_row():
    """One text line per row (pdftotext -layout): 'Sasaran' / 'Strategis', 'Penanggung' / 'jawab'."""
    t = replace(table([["No.", "Sasaran", "Indikator", "Sumber Data", "Penanggung"],
                       ["", "Strategis", "Kinerja Utama", "", "jawab"],
                       ["1.", "Meningkatnya A", "Jumlah B", "Laporan C", "Seksi D"]]), rows_are_lines=True)
    rows, _ = indicators_from_tables([t])
    assert [(r.sasaran, r.indikator) for r in rows] == [("Meningkatnya A", "Jumlah B")]


def test_headerless_line_table_is_judged_by_the_lines_that_start_a_row():
    """A continuation file as text lines: only the numbered lines say whether the indicator column holds indicators."""
    lines = [["5", "Pelatihan", "Jumlah", "Pelatihan diberikan", "Daftar", "Bidang"],
             ["", "kewiraus", "pelaku", "melalui balai", "hadir", "Pemberdayaan"],
             ["", "ahaan", "usaha", "", "", ""], ["", "bagi", "mikro", "", "", ""],
             ["6", "Pengawasan", "Persentase", "Jumlah koperasi", "Hasil", "Bidang"],
             ["", "koperasi", "koperasi", "sehat", "", "Pengawasan"], ["", "sesuai", "yang", "", "", ""]]
    assert is_indicator_table(replace(table(lines), rows_are_lines=True))


def test_sasaran_cut_by_a_page_break_with_the_rest_of_its_indicator():
    """The first row after a page break holds the rest of the sasaran and of the indicator, both going
    on in lower case: one row, and the rows after it keep the whole sasaran."""
    head = ["SASARAN KINERJA", "INDIKATOR KINERJA INDIVIDU", "PENJELASAN/FORMULASI PENGHITUNGAN", "SUMBER DATA"]
    t1 = table([head, ["Laporan kegiatan (disesuaikan jabatan", "Jumlah perempuan yang mendapat fasilitasi politik dan organisasi",
                       "Jumlah perempuan", "Bidang"]])
    t2 = table([head, ["subkoordinator masing-masing).", "kemasyarakatan", "", ""],
                ["", "Jumlah kegiatan pelatihan", "Jumlah kegiatan", "Bidang"]])
    rows, _ = indicators_from_tables([t1, t2])
    assert [r.indikator for r in rows] == ["Jumlah perempuan yang mendapat fasilitasi politik dan organisasi kemasyarakatan",
                                           "Jumlah kegiatan pelatihan"]
    assert {r.sasaran for r in rows} == {"Laporan kegiatan (disesuaikan jabatan subkoordinator masing-masing)."}


# --------------------------------------------------------------------------- the header as a tree of spans


def cells(rows):
    """Rows of (text, rowspan, colspan) placed left to right in the boxes not covered from above."""
    taken: set[tuple[int, int]] = set()
    out = []
    for r, row in enumerate(rows):
        cs, c = [], 0
        for text, rs, span in row:
            while (r, c) in taken:
                c += 1
            cs.append(Cell(text, r, c, rs, span))
            for rr in range(r, r + rs):
                for cc in range(c, c + span):
                    taken.add((rr, cc))
            c += span
        out.append(tuple(cs))
    return Table(tuple(out), Loc())


def test_a_parent_cell_over_its_children_gives_each_child_its_own_role():
    t = cells([[("NO", 2, 1), ("SASARAN STRATEGIS", 2, 1), ("INDIKATOR KINERJA UTAMA", 1, 3), ("TARGET", 2, 1)],
               [("INDIKATOR", 1, 1), ("SUMBER DATA", 1, 1), ("FORMULASI PENGHITUNGAN", 1, 1)],
               [("1", 1, 1), ("Meningkatnya A", 1, 1), ("Persentase B", 1, 1), ("Laporan C", 1, 1),
                ("Jumlah B / Jumlah D x 100%", 1, 1), ("80%", 1, 1)]])
    (r,), _ = indicators_from_tables([t])
    assert (r.sasaran, r.indikator, r.sumber_data, r.target) == ("Meningkatnya A", "Persentase B", "Laporan C", "80%")
    assert r.formula == "Jumlah B / Jumlah D x 100%" and not r.warnings


def test_staggered_header_cells_on_other_grid_rows_are_read_column_by_column():
    """The Dinas Peternakan template: each header cell spans two grid rows, the columns' cells offset by one."""
    t = cells([[("", 2, 1), ("", 1, 1), ("", 2, 1), ("", 2, 1), ("", 1, 1), ("", 1, 1)],
               [("Sasaran", 2, 1), ("Sumber", 2, 1), ("Penanggung", 2, 1)],
               [("No.", 2, 1), ("Indikator Kinerja Utama", 2, 1), ("Penjelasan", 2, 1)],
               [("Strategis", 2, 1), ("Data", 2, 1), ("jawab", 2, 1)],
               [("", 1, 1), ("", 1, 1), ("", 1, 1)],
               [("1", 1, 1), ("2", 1, 1), ("3", 1, 1), ("4", 1, 1), ("5", 1, 1), ("6", 1, 1)],
               [("1.", 1, 1), ("Meningkatnya A", 1, 1), ("1.1 Jumlah B", 1, 1), ("B adalah b", 1, 1),
                ("Kabupaten", 1, 1), ("Kepala Seksi", 1, 1)]])
    (r,), _ = indicators_from_tables([t])
    assert (r.sasaran, r.indikator, r.sumber_data, r.penanggung_jawab) == \
        ("Meningkatnya A", "Jumlah B", "Kabupaten", "Kepala Seksi")
    assert r.formula == "B adalah b"


def test_a_child_named_only_by_its_parent_takes_the_parents_role():
    t = cells([[("INDIKATOR", 2, 1), ("TARGET", 1, 2), ("REALISASI", 1, 2)],
               [("NILAI", 1, 1), ("SATUAN", 1, 1), ("2022", 1, 1), ("2023", 1, 1)],
               [("Jumlah A", 1, 1), ("12", 1, 1), ("dokumen", 1, 1), ("10", 1, 1), ("11", 1, 1)]])
    (r,), _ = indicators_from_tables([t])
    assert (r.indikator, r.target, r.satuan) == ("Jumlah A", "12", "dokumen")
    assert r.targets == []  # the years are under REALISASI, not TARGET
    assert any(w.startswith("header_guessed") and "NILAI" in w for w in r.warnings)


def test_children_that_only_their_parent_names_are_reported_as_fused():
    t = cells([[("NO", 2, 1), ("INDIKATOR KINERJA", 1, 2), ("SUMBER DATA", 2, 1)],
               [("A", 1, 1), ("B", 1, 1)],
               [("1", 1, 1), ("Jumlah X", 1, 1), ("Jumlah Y", 1, 1), ("Bidang", 1, 1)]])
    rows, _ = indicators_from_tables([t])
    assert rows and all(any(w.startswith("columns_fused") for w in r.warnings) for r in rows)


def test_a_body_cell_under_an_unnamed_grid_column_goes_under_the_header_it_overlaps():
    """Header and body cells on different grid columns: the body cell that starts in a column no header cell
    names but reaches under SUMBER DATA is SUMBER DATA's."""
    t = cells([[("NO", 1, 1), ("INDIKATOR", 1, 2), ("", 1, 1), ("SUMBER DATA", 1, 2)],
               [("1", 1, 1), ("Jumlah X", 1, 1), ("", 1, 1), ("Laporan bulanan", 1, 2), ("", 1, 1)]])
    (r,), _ = indicators_from_tables([t])
    assert (r.indikator, r.sumber_data, r.extra) == ("Jumlah X", "Laporan bulanan", "")


def test_a_named_column_of_no_known_field_is_kept_apart_with_a_warning():
    t = table([["NO", "INDIKATOR", "SUMBER DATA", "CATATAN KHUSUS"], ["1", "Jumlah X", "Bidang", "perlu dicek"]])
    (r,), _ = indicators_from_tables([t])
    assert r.extra == "perlu dicek" and any(w.startswith("header_guessed") for w in r.warnings)


def test_a_row_whose_boundary_no_rule_draws_is_flagged():
    t = replace(table([["NO", "INDIKATOR", "SUMBER DATA"], ["1", "Jumlah X", "Bidang"], ["2", "Jumlah Y", "Bidang"]]),
                guessed_rows=(2,))
    rows, _ = indicators_from_tables([t])
    assert [any(w.startswith("row_boundary_guessed") for w in r.warnings) for r in rows] == [False, True]


def test_budget_tables_under_a_title_row_or_without_a_header_are_skipped():
    head = table([["NO", "SASARAN", "INDIKATOR", "TARGET"], ["1", "Meningkatnya A", "Jumlah B", "12"]])
    titled = table([["", "II. ALOKASI ANGGARAN", ""], ["No", "Kegiatan", "Anggaran (Rp.)"],
                    ["1", "Peningkatan Pelayanan", "571.430.000"]])
    bare = table([["1", "Penyediaan jasa kebersihan kantor", "Rp. 12.500.000"],
                  ["2", "Pemeliharaan rutin gedung", "Rp. 40.000.000"]])
    for budget in (titled, bare):
        rows, warnings = indicators_from_tables([head, budget])
        assert [r.indikator for r in rows] == ["Jumlah B"]
        assert any(w.startswith("table_skipped") for w in warnings)
    # a target in rupiah is still a target
    pad = table([["1", "Meningkatnya PAD", "Jumlah pendapatan asli daerah", "Rp 1.500.000.000"]])
    assert [r.target for r in indicators_from_tables([head, pad])[0]] == ["12", "Rp 1.500.000.000"]


def test_sasaran_carries_down_its_own_table_only():
    first = table([["NO", "SASARAN", "INDIKATOR", "TARGET"], ["1", "Meningkatnya A", "Jumlah B", "12"],
                   ["", "", "Jumlah C", "3"]])
    after_break = table([["NO", "SASARAN", "INDIKATOR", "TARGET"], ["", "", "Jumlah D", "4"]])
    second = table([["NO", "INDIKATOR KINERJA", "SATUAN", "TARGET"], ["1", "Jumlah E", "dokumen", "2"]])
    rows, _ = indicators_from_tables([first, after_break, second])
    assert [(r.indikator, r.sasaran) for r in rows] == [
        ("Jumlah B", "Meningkatnya A"), ("Jumlah C", "Meningkatnya A"), ("Jumlah D", "Meningkatnya A"),
        ("Jumlah E", None)]


def test_a_functional_officers_activities_are_its_indicators_with_their_quantities():
    acts = table([["No", "TUPOKSI", "SATUAN", "KETERANGAN"],
                  ["1", "Melakukan instalasi jaringan komputer", "12 laporan", ""],
                  ["2", "Memelihara aplikasi", "24 kegiatan", "setiap bulan"]])
    rows, _ = indicators_from_tables([acts])
    assert [(r.indikator, r.target, r.satuan) for r in rows] == [
        ("Melakukan instalasi jaringan komputer", "12 laporan", "laporan"), ("Memelihara aplikasi", "24 kegiatan", "kegiatan")]
    skp = table([["No", "Kegiatan Tugas Jabatan", "AK", "Target Kuant/Output", "Target Kual/Mutu", "Target Waktu"],
                 ["1", "Menyusun rencana kebutuhan pegawai", "0,5", "4 dokumen", "100", "12 bulan"]])
    assert [(r.indikator, r.target) for r in indicators_from_tables([skp])[0]] == [
        ("Menyusun rencana kebutuhan pegawai", "4 dokumen")]
    # a budget of activities is no activity table
    assert header_roles(["No", "Uraian Kegiatan", "Anggaran (Rp)"]) is None


def test_a_bare_number_under_satuan_is_the_quantity_not_a_unit():
    # a functional officer's activity table whose only measure column is headed SATUAN and holds counts
    acts = table([["No", "TUPOKSI", "SATUAN", "KETERANGAN"],
                  ["1", "Bimbingan teknis pengelolaan arsip", "12", ""],
                  ["2", "Menilai arsip yang diusulkan musnah", "4,5", "per triwulan"],
                  ["3", "Menyusun daftar arsip", "dokumen", ""]])
    rows, _ = indicators_from_tables([acts])
    assert [(r.target, r.satuan) for r in rows] == [("12", None), ("4,5", None), (None, "dokumen")]
    # where a TARGET column stands, a number under SATUAN stays where the table put it
    both = table([["No", "Indikator", "Satuan", "Target"], ["1", "Jumlah laporan", "100", ""]])
    assert [(r.target, r.satuan) for r in indicators_from_tables([both])[0]] == [(None, "100")]


def test_a_rencana_aksi_schedule_is_skipped():
    pk = table([["No", "Sasaran", "Indikator Kinerja", "Target"], ["1", "Meningkatnya A", "Jumlah B", "12"]])
    for periods in (["TW I", "TW II", "TW III", "TW IV"], ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun"],
                    ["Triwulan 1", "Triwulan 2", "Triwulan 3", "Triwulan 4"]):
        plan = table([["No", "Indikator Kinerja", "Target", *periods], ["1", "Jumlah B", "12", *["3"] * len(periods)]])
        rows, warnings = indicators_from_tables([pk, plan])
        assert [r.indikator for r in rows] == ["Jumlah B"], periods
        assert any(w.startswith("table_skipped") for w in warnings)


def test_a_budget_under_its_own_header_inside_the_indicator_grid_is_not_read():
    t = table([["No", "Sasaran Strategis", "Indikator Kinerja", "Target"], ["1", "Meningkatnya A", "Jumlah B", "12"],
               ["2", "Meningkatnya PAD", "Pendapatan asli daerah", "Rp 1.500.000.000"],
               ["No", "Program", "Anggaran", "Keterangan"], ["1", "Program Pelayanan Administrasi", "Rp 1.000.000", "APBD"]])
    rows, warnings = indicators_from_tables([t])
    assert [r.indikator for r in rows] == ["Jumlah B", "Pendapatan asli daerah"]
    assert any(w.startswith("table_skipped") for w in warnings)


def test_activities_under_kegiatan_with_a_volume_column():
    acts = table([["No", "Kegiatan", "Volume", "Satuan"], ["1", "Melakukan analisis kebutuhan sistem", "4", "dokumen"]])
    assert [(r.indikator, r.target, r.satuan) for r in indicators_from_tables([acts])[0]] == [
        ("Melakukan analisis kebutuhan sistem", "4", "dokumen")]
    # a program table with an INDIKATOR column keeps KEGIATAN as what it is
    assert header_roles(["No", "Kegiatan", "Indikator Kinerja", "Target"])[1:] == ["sasaran", "indikator", "target"]


def test_ocr_bulleted_indicators_take_the_target_on_their_own_line():
    """A scanned cell lists an indicator, then bulleted ones read by OCR as `e` / `»`; the target cell
    has one line per item: each becomes a row with its own target, as a typed bullet list does."""
    ind = ("Penurunan Luas Kawasan\n\nKumuh\n\ne Terbangunnya\n\nJalan Lingkungan di Kota A\n\n"
           "e Terbangunnya\n\nDrainase di Kota B\n\n» Teridentifikasinya data\n\nPSU Perumahan")
    rows, _ = indicators_from_tables([table([["No.", "Sasaran Strategis", "Indikator Kinerja", "Target"],
                                             ["1.", "Meningkatnya Kualitas Kawasan", ind,
                                              "84,84%\n\n1 Paket\n\n2 Paket\n\n1 Kegiatan"]])])
    assert [(r.indikator, r.target) for r in rows] == [
        ("Penurunan Luas Kawasan Kumuh", "84,84%"),
        ("Terbangunnya Jalan Lingkungan di Kota A", "1 Paket"),
        ("Terbangunnya Drainase di Kota B", "2 Paket"),
        ("Teridentifikasinya data PSU Perumahan", "1 Kegiatan")]
    assert all(r.sasaran == "Meningkatnya Kualitas Kawasan" for r in rows)
