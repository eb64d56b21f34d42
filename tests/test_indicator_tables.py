"""Indicator tables → rows: header variants, carry-down, splits, folds and page breaks."""
from extractors.parser.indicator_tables import header_roles, indicators_from_tables
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
