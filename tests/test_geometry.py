"""The geometry layer shared by digital and scanned PDF, on pages built by hand."""
from extractors.geometry import PageGeometry, Segment, Word, build_tables, page_blocks
from extractors.ir import Paragraph, Table


def H(y, x0, x1):
    return Segment(x0, y, x1, y)


def V(x, y0, y1):
    return Segment(x, y0, x, y1)


def word(text, x, y, w=None):
    return Word(text, x, y, x + (w or 6 * len(text)), y + 10)


def grid_segments(xs, ys, skip_h=(), skip_v=()):
    segs = []
    for i, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if (i, c) not in skip_h:
                segs.append(H(y, xs[c], xs[c + 1]))
    for j, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (r, j) not in skip_v:
                segs.append(V(x, ys[r], ys[r + 1]))
    return segs


def test_grid_with_a_cell_merged_over_rows():
    xs, ys = [0, 100, 200], [0, 20, 40, 60]
    # no line between rows 1 and 2 in the first column: "Meningkatnya A" spans them
    segs = grid_segments(xs, ys, skip_h={(2, 0)})
    words = [word("SASARAN", 5, 5), word("INDIKATOR", 105, 5), word("Meningkatnya", 5, 25), word("Jumlah", 105, 25),
             word("X", 150, 25), word("Jumlah", 105, 45), word("Y", 150, 45)]
    (t,), boxes, _ = build_tables(PageGeometry(1, 300, 300, words, segs))
    assert t.texts() == [["SASARAN", "INDIKATOR"], ["Meningkatnya", "Jumlah X"], ["", "Jumlah Y"]]
    assert t.rows[1][0].rowspan == 2 and t.rows[1][0].loc.bbox == (0, 20, 100, 60)


def test_fraction_bar_inside_a_cell():
    xs, ys = [0, 300], [0, 80]
    segs = grid_segments(xs, ys) + [H(40, 20, 200)]  # a short line that does not reach the borders
    words = [word("Jumlah", 30, 25), word("A", 80, 25), word("x", 210, 35), word("100%", 220, 35),
             word("Jumlah", 30, 45), word("B", 80, 45)]
    (t,), _, _ = build_tables(PageGeometry(1, 400, 400, words, segs))
    assert t.texts() == [["Jumlah A\n_____ x 100%\nJumlah B"]]


def test_text_running_out_of_its_cell_stays_there():
    xs, ys = [0, 100, 200], [0, 20]
    segs = grid_segments(xs, ys)
    # "Jumlah pegawai yang dilayani" starts in column 1 and runs past the border at x=100 with normal spacing
    words = [Word("Jumlah", 5, 5, 40, 15), Word("pegawai", 43, 5, 90, 15), Word("yang", 93, 5, 120, 15),
             Word("dilayani", 123, 5, 160, 15), Word("Bidang", 250, 5, 290, 15)]
    segs = grid_segments([0, 100, 200, 300], ys)
    (t,), _, _ = build_tables(PageGeometry(1, 400, 400, words, segs))
    assert t.texts() == [["Jumlah pegawai yang dilayani", "", "Bidang"]]


def test_paragraphs_join_wrapped_lines_but_not_key_value_lines():
    words = [
        # "1. JABATAN : Kepala Seksi ... dan" reaches the right edge, goes on under its value
        Word("1.", 50, 100, 60, 110), Word("JABATAN", 70, 100, 120, 110), Word(":", 125, 100, 128, 110),
        Word("Kepala", 135, 100, 170, 110), Word("Seksi", 173, 100, 200, 110), Word("dan", 460, 100, 500, 110),
        Word("Lanjut", 135, 112, 170, 122), Word("Usia", 173, 112, 200, 122),
        # "2. TUGAS : ..." is a label line of its own
        Word("2.", 50, 124, 60, 134), Word("TUGAS", 70, 124, 110, 134), Word(":", 115, 124, 118, 134),
        Word("Menyusun", 135, 124, 190, 134),
        Word("FUNGSI", 70, 136, 110, 146), Word(":", 115, 136, 118, 146), Word("-", 135, 136, 140, 146),
    ]
    ps = [b for b in page_blocks(PageGeometry(1, 600, 800, words, [])) if isinstance(b, Paragraph)]
    assert [(p.label, p.text) for p in ps] == [("1.", "JABATAN : Kepala Seksi dan Lanjut Usia"),
                                               ("2.", "TUGAS : Menyusun"), (None, "FUNGSI : -")]


def test_reading_order_keeps_tables_between_paragraphs():
    xs, ys = [50, 150, 250], [200, 220]
    words = [Word("Sebelum", 50, 100, 100, 110), Word("A", 55, 205, 60, 215), Word("B", 155, 205, 160, 215),
             Word("Sesudah", 50, 300, 100, 310)]
    blocks = page_blocks(PageGeometry(1, 600, 800, words, grid_segments(xs, ys)))
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert isinstance(blocks[1], Table) and blocks[1].texts() == [["A", "B"]]


# ----------------------------------------------------------------------------- rules as a reader sees them


def test_double_border_and_overshooting_rules_still_make_one_grid():
    from extractors.geometry.rules import normalise

    xs, ys = [0, 60, 200], [0, 20, 40]
    segs = grid_segments(xs, ys)
    segs.append(H(1.8, 0, 200))  # the second stroke of a double top border
    segs = [Segment(s.x0 - 5, s.top, s.x1 + 5, s.bottom) if s.horizontal else s for s in segs]  # overshoot
    words = [word("No", 5, 5), word("Target", 65, 5), word("1", 5, 25), word("100%", 65, 25)]
    (t,), _, _ = build_tables(PageGeometry(1, 300, 300, words, segs))
    assert t.texts() == [["No", "Target"], ["1", "100%"]]
    hs = [s for s in normalise(segs) if s.horizontal]
    assert len(hs) == 3 and all(s.x0 == 0 and s.x1 == 200 for s in hs)


def test_rules_stopping_short_still_meet():
    xs, ys = [0, 60, 200], [0, 20, 40]
    segs = [Segment(s.x0 + 2.5, s.top, s.x1 - 2.5, s.bottom) if s.horizontal else s for s in grid_segments(xs, ys)]
    words = [word("No", 5, 5), word("Target", 65, 5), word("1", 5, 25), word("100%", 65, 25)]
    (t,), _, _ = build_tables(PageGeometry(1, 300, 300, words, segs))
    assert t.texts() == [["No", "Target"], ["1", "100%"]]


# ----------------------------------------------------------------------------- tables without rules


def _row(y, *cells, bold=False):
    out = []
    for x, text in cells:
        cx = x
        for part in text.split():
            w = 5.5 * len(part)
            out.append(Word(part, cx, y, cx + w, y + 10, bold=bold, size=10))
            cx += w + 2.8
    return out


def test_table_without_rules_is_found_from_aligned_columns():
    words = _row(80, (50, "JABATAN : Kepala Seksi")) + \
        _row(100, (50, "NO"), (90, "INDIKATOR"), (260, "TARGET"), (360, "SUMBER DATA"), bold=True) + \
        _row(116, (50, "1."), (90, "Persentase dokumen yang"), (260, "100%"), (360, "Bidang A")) + \
        _row(128, (90, "tersusun tepat waktu")) + \
        _row(144, (50, "2."), (90, "Jumlah laporan"), (260, "12 laporan"), (360, "Bidang B")) + \
        _row(160, (50, "3."), (90, "Jumlah kegiatan"), (260, "4"), (360, "Bidang C"))
    page = PageGeometry(1, 600, 800, words, [])
    blocks = page_blocks(page)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].found_by == "alignment"
    assert tables[0].texts() == [["NO", "INDIKATOR", "TARGET", "SUMBER DATA"],
                                 ["1.", "Persentase dokumen yang\ntersusun tepat waktu", "100%", "Bidang A"],
                                 ["2.", "Jumlah laporan", "12 laporan", "Bidang B"],
                                 ["3.", "Jumlah kegiatan", "4", "Bidang C"]]
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["JABATAN : Kepala Seksi"]


def test_booktabs_rule_under_the_header_and_form_layouts():
    words = _row(100, (50, "NO"), (90, "INDIKATOR"), (260, "TARGET")) + \
        _row(116, (50, "1."), (90, "Persentase dokumen"), (260, "100%")) + \
        _row(130, (50, "2."), (90, "Jumlah laporan"), (260, "12"))
    rules = [H(97, 45, 320), H(112, 45, 320), H(143, 45, 320)]
    (t,) = [b for b in page_blocks(PageGeometry(1, 600, 800, words, rules)) if isinstance(b, Table)]
    assert t.texts() == [["NO", "INDIKATOR", "TARGET"], ["1.", "Persentase dokumen", "100%"], ["2.", "Jumlah laporan", "12"]]
    # LABEL : value lines laid out with tabs are a form, not a table; no word is lost
    form = _row(100, (50, "1."), (70, "JABATAN"), (160, ":"), (170, "Kepala Seksi")) + \
        _row(114, (50, "2."), (70, "TUGAS"), (160, ":"), (170, "Menyusun rencana")) + \
        _row(128, (50, "3."), (70, "FUNGSI"), (160, ":"), (170, "-"))
    blocks = page_blocks(PageGeometry(1, 600, 800, form, []))
    assert not any(isinstance(b, Table) for b in blocks)
    assert sum(len(((b.label or "") + " " + b.text).split()) for b in blocks) == len(form)


def _light_style_rows():
    """Word's light table style: rows parted only by bold 'Formulasi Perhitungan :' labels, no rules, no blank lines."""
    return _row(100, (50, "Sasaran"), (200, "Indikator"), (330, "Penjelasan"), (520, "Sumber"), bold=True) + \
        _row(116, (50, "Meningkatnya kapasitas"), (200, "Persentase disiplin"), (520, "Bidang")) + \
        _row(116, (330, "Formulasi Perhitungan :"), bold=True) + \
        _row(130, (50, "kinerja pegawai"), (200, "pegawai aparatur"), (330, "Jumlah pegawai yang hadir"),
             (520, "Sekretariat")) + \
        _row(144, (200, "Persentase"), (520, "Bidang")) + \
        _row(144, (330, "Formulasi Perhitungan :"), bold=True) + \
        _row(158, (200, "laporan kinerja"), (330, "Jumlah laporan yang selesai"), (520, "Keuangan"))


def test_rows_without_rules_start_at_a_bold_label_and_keep_their_wrapped_text():
    """Word's light table styles: no rule between rows, no blank line either. A bold label
    after plain text starts a cell; a later column's text that would wrap from the line above
    belongs to the new row when other columns start afresh beside it (only the first column,
    a SASARAN written once, spans rows)."""
    words = _light_style_rows()
    (t,) = [b for b in page_blocks(PageGeometry(1, 700, 800, words, [H(112, 45, 600)])) if isinstance(b, Table)]
    assert t.texts() == [
        ["Sasaran", "Indikator", "Penjelasan", "Sumber"],
        ["Meningkatnya kapasitas\nkinerja pegawai", "Persentase disiplin\npegawai aparatur",
         "Formulasi Perhitungan :\nJumlah pegawai yang hadir", "Bidang\nSekretariat"],
        ["", "Persentase\nlaporan kinerja", "Formulasi Perhitungan :\nJumlah laporan yang selesai",
         "Bidang\nKeuangan"]]


def test_a_cell_merged_down_keeps_its_text_where_the_row_rule_leaves_a_gap():
    """Word's list styles rule every row but leave the rule out under a cell merged down over
    several rows (a SASARAN written once): that cell's text stays one cell."""
    words = _row(100, (50, "SASARAN"), (200, "INDIKATOR"), (350, "SUMBER"), bold=True) + \
        _row(118, (50, "Meningkatnya administrasi"), (200, "Jumlah alat kantor"), (350, "Bidang A")) + \
        _row(132, (50, "penyelenggaraan"), (200, "yang dibeli"), (350, "Sekretariat")) + \
        _row(150, (50, "pemerintahan SKPD"), (200, "Persentase kegiatan"), (350, "Bidang B")) + \
        _row(168, (200, "Persentase verifikasi"), (350, "Bidang C"))
    rules = [H(113, 45, 480), H(146, 195, 480), H(164, 195, 480), H(181, 45, 480)]
    (t,) = [b for b in page_blocks(PageGeometry(1, 600, 800, words, rules)) if isinstance(b, Table)]
    texts = t.texts()
    assert texts[0] == ["SASARAN", "INDIKATOR", "SUMBER"]
    assert [r[1] for r in texts[1:]] == ["Jumlah alat kantor\nyang dibeli", "Persentase kegiatan", "Persentase verifikasi"]
    sasaran = [c for row in t.rows for c in row if c.col == 0 and c.row > 0]
    assert len(sasaran) == 1 and sasaran[0].rowspan == 3
    assert sasaran[0].text.split() == "Meningkatnya administrasi penyelenggaraan pemerintahan SKPD".split()


def test_row_rules_that_leave_out_the_first_two_columns_still_part_the_others_rows():
    """Rules under rows that start at the third column's left edge and end where the table's rules end
    (NO and SASARAN merged down over the rows they part) separate the rows of the other columns; a
    fraction bar starting at a column's edge but running out of the table is no row rule."""
    words = _row(100, (50, "NO"), (80, "SASARAN"), (230, "INDIKATOR"), (380, "SUMBER"), bold=True) + \
        _row(118, (50, "1."), (80, "Meningkatnya pelayanan"), (230, "Persentase WRSE"), (380, "Bidang A")) + \
        _row(132, (230, "yang tertangani"), (380, "Sekretariat")) + \
        _row(150, (230, "Jumlah keluarga"), (380, "Bidang B")) + \
        _row(168, (230, "Persentase data"), (380, "Bidang C")) + \
        _row(180, (230, "Jumlah data divalidasi"), (380, "Bidang D"))
    rules = [H(96, 45, 480), H(113, 45, 480), H(146, 226, 480), H(164, 226, 480), H(195, 45, 480)]
    (t,) = [b for b in page_blocks(PageGeometry(1, 600, 800, words, rules)) if isinstance(b, Table)]
    assert [r[-2] for r in t.texts()] == ["INDIKATOR", "Persentase WRSE\nyang tertangani", "Jumlah keluarga",
                                          "Persentase data\nJumlah data divalidasi"]
    sasaran = [c for row in t.rows for c in row if c.col == 1 and c.row > 0]
    assert len(sasaran) == 1 and sasaran[0].rowspan == 3
    # the same rows with a bar from the third column's edge out past the table: no boundary there
    bar = [H(96, 45, 480), H(113, 45, 480), H(146, 226, 480), H(164, 226, 480), H(178, 226, 530), H(195, 45, 480)]
    (t,) = [b for b in page_blocks(PageGeometry(1, 600, 800, words, bar)) if isinstance(b, Table)]
    assert len(t.texts()) == 4


def test_row_boundary_guessed_marks_rows_parted_by_weak_evidence_only():
    """No rule between the rows: a row a NO starts, or one whose every cell starts afresh after a blank
    line, is sure; rows parted only by a bold label in one column (or, on a page a table goes on to, a
    first row with nothing in its first column) are flagged."""
    numbered = _row(100, (50, "NO"), (90, "INDIKATOR"), (260, "TARGET"), (360, "SUMBER DATA"), bold=True) + \
        _row(116, (50, "1."), (90, "Persentase dokumen yang"), (260, "100%"), (360, "Bidang A")) + \
        _row(128, (90, "tersusun tepat waktu")) + \
        _row(144, (50, "2."), (90, "Jumlah laporan"), (260, "12 laporan"), (360, "Bidang B")) + \
        _row(160, (50, "3."), (90, "Jumlah kegiatan"), (260, "4"), (360, "Bidang C"))
    (t,) = [b for b in page_blocks(PageGeometry(1, 600, 800, numbered, [])) if isinstance(b, Table)]
    assert len(t.rows) == 4 and t.guessed_rows == ()
    apart = _row(100, (50, "SASARAN"), (200, "INDIKATOR"), (330, "SUMBER"), bold=True) + \
        _row(118, (50, "Meningkatnya mutu"), (200, "Persentase dokumen"), (330, "Bidang A")) + \
        _row(142, (50, "Meningkatnya kinerja"), (200, "Jumlah laporan"), (330, "Bidang B")) + \
        _row(166, (50, "Meningkatnya layanan"), (200, "Jumlah kegiatan"), (330, "Bidang C"))
    (t,) = [b for b in page_blocks(PageGeometry(1, 600, 800, apart, [H(110, 45, 480)])) if isinstance(b, Table)]
    assert len(t.rows) == 4 and t.guessed_rows == ()
    labelled = _light_style_rows()
    (t,) = [b for b in page_blocks(PageGeometry(1, 700, 800, labelled, [H(112, 45, 600)])) if isinstance(b, Table)]
    assert len(t.rows) == 3 and t.guessed_rows == (1, 2)
    # the numbered table going on at the top of the next page (no header): its first row has no NO
    going_on = _row(60, (90, "kegiatan lanjutan"), (360, "Bidang C")) + \
        _row(76, (50, "4."), (90, "Jumlah dokumen"), (260, "2"), (360, "Bidang D")) + \
        _row(92, (50, "5."), (90, "Jumlah rapat"), (260, "6"), (360, "Bidang E"))
    page = PageGeometry(2, 600, 800, going_on, [])
    page.carry, page.carry_em = [45.0, 85.0, 255.0, 355.0, 460.0], 10.0
    (t,) = [b for b in page_blocks(page) if isinstance(b, Table)]
    assert [r[1] for r in t.texts()] == ["kegiatan lanjutan", "Jumlah dokumen", "Jumlah rapat"]
    assert t.guessed_rows == (0,)


def test_the_last_rows_lines_stay_in_the_table_when_a_mark_runs_over_a_border():
    """An ``x 100%`` printed in the gutter after a fraction, on the table's second last line:
    that line and the one under it are still the last row's text, not paragraphs."""
    words = _row(100, (50, "NO"), (90, "INDIKATOR"), (260, "FORMULASI"), (470, "SUMBER"), bold=True) + \
        _row(116, (50, "1."), (90, "Persentase dokumen"), (260, "Jumlah dokumen selesai"), (470, "Bidang A")) + \
        _row(124, (437, "x 100%")) + \
        _row(132, (260, "Jumlah dokumen seluruhnya")) + \
        _row(148, (50, "2."), (90, "Persentase laporan"), (260, "Jumlah laporan selesai"), (470, "Bidang B")) + \
        _row(156, (90, "kinerja SKPD"), (437, "x 100%")) + \
        _row(164, (260, "Jumlah laporan seluruhnya")) + \
        _row(220, (50, "Paragraf sesudah tabel"))
    blocks = page_blocks(PageGeometry(1, 600, 800, words, []))
    (t,) = [b for b in blocks if isinstance(b, Table)]
    assert [r[1] for r in t.texts()[1:]] == ["Persentase dokumen", "Persentase laporan\nkinerja SKPD"]
    assert "Jumlah laporan seluruhnya" in t.texts()[-1][2]
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["Paragraf sesudah tabel"]


def test_a_short_label_line_after_a_nearly_full_line_starts_a_paragraph():
    """``Fungsi`` under the last line of the TUGAS text: that line ends near the right edge but
    the label would have fitted after it, so the text did not wrap there."""
    words = [Word("Tugas", 50, 100, 80, 110, size=10), Word("Melaksanakan", 83, 100, 300, 110, size=10),
             Word("pengelolaan", 303, 100, 500, 110, size=10),  # the text's right edge: 500
             Word("dan", 50, 114, 70, 124, size=10), Word("pelaporan", 73, 114, 460, 124, size=10)] + \
        _row(128, (50, "Fungsi")) + \
        _row(142, (50, "a. Pengkoordinasian penyusunan rencana program"))
    texts = [b.text for b in page_blocks(PageGeometry(1, 600, 800, words, []))]
    assert "Fungsi" in texts and not any(t.endswith("pelaporan Fungsi") for t in texts)


def test_an_l_shaped_merge_is_cut_into_cells_and_no_text_is_lost():
    """Rules that leave a cell open into the row below it and its right neighbour's box (an L-shaped
    area): every word stays in exactly one cell, the cells do not overlap."""
    xs, ys = [0, 100, 200, 300], [0, 20, 40, 60]
    # the cell (1,0) is open downwards into (2,0), and (2,0) is open to the right into (2,1): an L
    segs = grid_segments(xs, ys, skip_h={(2, 0)}, skip_v={(2, 1)})
    words = [word("NO", 5, 5), word("SASARAN", 105, 5), word("TARGET", 205, 5),
             word("1", 5, 25), word("Meningkatnya", 105, 25), word("12", 205, 25),
             word("lanjutan", 5, 45), word("Catatan", 105, 45), word("13", 205, 45)]
    (t,), _, _ = build_tables(PageGeometry(1, 400, 300, words, segs))
    texts = [w for row in t.texts() for cell in row for w in cell.split()]
    assert sorted(texts) == sorted(w.text for w in words)  # every word once
    boxes = set()
    for row in t.rows:
        for c in row:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    assert (r, k) not in boxes
                    boxes.add((r, k))
    assert "Catatan" in t.texts()[2][0] or "Catatan" in " ".join(t.texts()[2])


def _sig_line(y, left, right, lx=80, rx=360):
    """One line of two signature columns: ``left`` from ``lx``, ``right`` centred on ``rx`` + 90."""
    words, x = [], lx
    for t in left.split():
        words.append(Word(t, x, y, x + 7 * len(t), y + 10))
        x += 7 * len(t) + 4
    width = sum(7 * len(t) + 4 for t in right.split()) - 4
    x = rx + 90 - width / 2
    for t in right.split():
        words.append(Word(t, x, y, x + 7 * len(t), y + 10))
        x += 7 * len(t) + 4
    return words


def test_side_by_side_signature_blocks_are_read_one_after_the_other():
    """Two signature columns (centred lines, a white channel between them) are two blocks: the left
    column's lines, then the right's, never one line made of both."""
    words = (_sig_line(500, "KEPALA BIDANG KAWASAN", "KEPALA SEKSI PENATAAN KAWASAN")
             + _sig_line(513, "DINAS PERUMAHAN DAN PERMUKIMAN", "PERMUKIMAN PERKOTAAN")
             + [Word("PROVINSI", 80, 526, 136, 536), Word("JAWA", 140, 526, 168, 536), Word("BARAT", 172, 526, 207, 536)])
    ps = [b.text for b in page_blocks(PageGeometry(1, 600, 800, words, [])) if isinstance(b, Paragraph)]
    assert "DINAS PERUMAHAN DAN PERMUKIMAN" in ps
    assert ps.index("KEPALA BIDANG KAWASAN") < ps.index("DINAS PERUMAHAN DAN PERMUKIMAN") \
        < ps.index("KEPALA SEKSI PENATAAN KAWASAN")
    assert not any("PERMUKIMAN PERMUKIMAN" in p or "KAWASAN KEPALA" in p for p in ps)


def test_one_wide_gap_or_a_forms_labels_are_no_columns():
    # one line with a wide gap: a date pushed right, a line's tail; stays one line
    one = _sig_line(100, "Ditetapkan di", "Bandung")
    # a form without colons: labels part from their values early on the line
    form = [Word("Nama", 80, 200, 110, 210), Word("RAHMAT,", 180, 200, 230, 210), Word("S.T.", 234, 200, 260, 210),
            Word("Jabatan", 80, 213, 125, 223), Word("KEPALA", 180, 213, 225, 223), Word("SEKSI", 229, 213, 262, 223),
            Word("PENATAAN", 266, 213, 330, 223), Word("KAWASAN", 334, 213, 390, 223),
            Word("PERMUKIMAN", 394, 213, 470, 223), Word("PERKOTAAN", 474, 213, 540, 223)]
    ps = [b.text for b in page_blocks(PageGeometry(1, 600, 800, one + form, [])) if isinstance(b, Paragraph)]
    assert ps[0] == "Ditetapkan di Bandung"
    assert "Nama RAHMAT, S.T." in ps and any(p.startswith("Jabatan KEPALA SEKSI") for p in ps)



def _tight_centred_rows(pad):
    """Ruled columns, a rule under the header and none between the rows (Word's light grid); cells centred
    vertically; a cell's lines 1 pt apart, two cells of a column ``pad`` points further apart."""
    words = _row(100, (50, "NO"), (85, "INDIKATOR"), (235, "PENJELASAN"), (385, "SUMBER"), bold=True)
    rows = ((["Persentase dokumen", "yang tersusun", "tepat waktu"], ["Laporan yang", "disusun"], "Bidang A"),
            (["Jumlah laporan", "keuangan yang", "diselesaikan"], ["Laporan keuangan", "akhir tahun"], "Bidang B"))
    top = first = 117.0
    for indikator, penjelasan, sumber in rows:
        mid = top + 16  # three lines of 10 pt, 1 pt apart: 32 pt
        words += [w for k, line in enumerate(indikator) for w in _row(top + 11 * k, (85, line))]
        words += [w for k, line in enumerate(penjelasan) for w in _row(mid - 10.5 + 11 * k, (235, line))]
        words += _row(mid - 5, (385, sumber))
        top += 33 + pad
    bottom = top - 1 - pad
    words += _row((first + bottom) / 2 - 5, (50, "1."))
    rules = [H(96, 45, 480), H(113, 45, 480), H(bottom + 3, 45, 480)] + [V(x, 96, bottom + 3) for x in (45, 80, 230, 380, 480)]
    (t,) = [b for b in page_blocks(PageGeometry(1, 600, 800, words, rules)) if isinstance(b, Table)]
    return t


def test_centred_rows_whose_cells_are_padded_a_point_or_two_apart():
    """Tight padding: a column's two cells less than half a line apart (3.5 pt, the lines of a cell 1 pt) are
    still two cells, each centred on its row with the other columns' blocks; the NO centred over both spans
    them. The same with the usual padding (7 pt)."""
    for pad in (2.5, 6.0):
        t = _tight_centred_rows(pad)
        assert [r[1] for r in t.texts()[1:]] == ["Persentase dokumen\nyang tersusun\ntepat waktu",
                                                 "Jumlah laporan\nkeuangan yang\ndiselesaikan"], pad
        assert [r[2:] for r in t.texts()[1:]] == [["Laporan yang\ndisusun", "Bidang A"],
                                                  ["Laporan keuangan\nakhir tahun", "Bidang B"]], pad
        no = [c for row in t.rows[1:] for c in row if c.col == 0]
        assert len(no) == 1 and no[0].text == "1." and no[0].rowspan == 2, pad


def test_centred_rows_whose_last_row_the_page_cut_keep_its_cells_together():
    """The page ends inside the last row: its cells' text starts together at the row's top (the rest is on
    the next page), not centred; they are that row's cells all the same."""
    words = _row(100, (50, "NO"), (85, "INDIKATOR"), (235, "PENJELASAN"), (385, "SUMBER"), bold=True)
    top = 120.0  # row 1: three lines of indicator, the other cells centred on them
    words += [w for k, line in enumerate(["Persentase dokumen", "yang tersusun", "tepat waktu"])
              for w in _row(top + 11 * k, (85, line))]
    words += _row(top + 5.5, (235, "Laporan yang")) + _row(top + 16.5, (235, "disusun"))
    words += _row(top + 11, (385, "Bidang A")) + _row(top + 11, (50, "1."))
    top = 166.0  # row 2, cut by the page's end: every cell starts at its top
    words += [w for k, line in enumerate(["Jumlah laporan", "keuangan yang", "diselesaikan"])
              for w in _row(top + 11 * k, (85, line))]
    words += _row(top, (235, "Laporan keuangan")) + _row(top + 11, (235, "akhir tahun"))
    words += [w for k, line in enumerate(["Bidang", "Pemberdayaan", "Sosial", "Kota"]) for w in _row(top + 11 * k, (385, line))]
    words += _row(top, (50, "2."))
    bottom = top + 44
    rules = [H(96, 45, 480), H(113, 45, 480), H(bottom + 3, 45, 480)] + [V(x, 96, bottom + 3) for x in (45, 80, 230, 380, 480)]
    (t,) = [b for b in page_blocks(PageGeometry(1, 600, 800, words, rules)) if isinstance(b, Table)]
    assert t.texts()[1:] == [["1.", "Persentase dokumen\nyang tersusun\ntepat waktu", "Laporan yang\ndisusun", "Bidang A"],
                             ["2.", "Jumlah laporan\nkeuangan yang\ndiselesaikan", "Laporan keuangan\nakhir tahun",
                              "Bidang\nPemberdayaan\nSosial\nKota"]]


def test_ruled_columns_without_any_rule_across_are_a_table_going_on():
    """A table going on over a whole page: its columns' rules run from the page's top to its bottom, the frame's
    top and bottom and the header's rule on other pages; no rule across. Its rows are told from the text
    (cells centred on their rows); a page of such rules whose text tells no rows is left to the stream finder."""
    words = []
    top = 40.0
    for no, lines, src in (("1.", ["Persentase dokumen", "yang tersusun", "tepat waktu"], "Bidang A"),
                           ("2.", ["Jumlah laporan", "keuangan yang", "diselesaikan"], "Bidang B"),
                           ("3.", ["Jumlah kegiatan", "yang dilaksanakan", "tepat waktu"], "Bidang C")):
        words += [w for k, line in enumerate(lines) for w in _row(top + 11 * k, (85, line))]
        words += _row(top + 11, (50, no)) + _row(top + 11, (385, src))
        words += _row(top + 5.5, (235, "Laporan yang")) + _row(top + 16.5, (235, "disusun"))
        top += 40
    rules = [V(x, 36, top) for x in (45, 80, 230, 380, 480)]
    (t,) = [b for b in page_blocks(PageGeometry(2, 600, 800, words, rules)) if isinstance(b, Table)]
    assert t.found_by == "ruling_lines" and [r[0] for r in t.texts()] == ["1.", "2.", "3."]
    assert [r[3] for r in t.texts()] == ["Bidang A", "Bidang B", "Bidang C"]
    assert t.texts()[1][1] == "Jumlah laporan\nkeuangan yang\ndiselesaikan"
    # three lines side by side (a page's margin rules, a two-column layout's rule): no table
    prose = [w for k in range(12) for w in _row(40 + 12 * k, (60, "Menyusun rencana kerja dan anggaran"))]
    blocks = page_blocks(PageGeometry(2, 600, 800, prose, [V(x, 36, 200) for x in (50, 300, 550)]))
    assert not any(isinstance(b, Table) for b in blocks)
