"""Table features that camelot's lattice suite and pdfplumber's table tests exercise, drawn the
way real producers draw them (tests/pdfdraw.py writes the PDFs; no PDF library needed):
cells spanning rows and columns, one rectangle per cell, rules overshooting, two tables on a
page, tables drawn as shaded cells with white gaps ("background lines"), tables printed
sideways in either direction, borders made of curves, tables without rules, vertical rules
only, empty cells, and a cell's lines kept apart with ``\\n``."""
from __future__ import annotations

import pytest

from extractors.ir import Paragraph, Table
from extractors.readers.pdf import read_pdf
from pdfdraw import Page, pdf_bytes

SIZE = 9.0
LEAD = 11.0


def draw_table(page: Page, x0: float, top: float, widths: list[float], heights: list[float],
               cells: dict[tuple[int, int], str], spans: dict[tuple[int, int], tuple[int, int]] = None,
               style: str = "lines") -> None:
    """A table whose top-left corner is (x0, top) in PDF points (``top`` from the page bottom).

    ``cells``: (row, col) -> text ("\\n" separates a cell's lines); ``spans``: (row, col) ->
    (rowspan, colspan). ``style``: ``lines`` (each cell's four edges as lines), ``cells`` (each
    cell a stroked rectangle), ``overshoot`` (full-length rules running 6 pt past the frame),
    ``background`` (cells filled grey, 2 pt of white between them, nothing stroked), ``curves``
    (each cell a rounded rectangle), ``vertical`` (vertical rules, the frame's top and bottom
    only), ``none`` (no rules at all).
    """
    spans = spans or {}
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for h in heights:
        ys.append(ys[-1] - h)
    covered = set()
    boxes = []
    for r in range(len(heights)):
        for c in range(len(widths)):
            if (r, c) in covered:
                continue
            rs, cs = spans.get((r, c), (1, 1))
            for rr in range(r, r + rs):
                for cc in range(c, c + cs):
                    covered.add((rr, cc))
            boxes.append((r, c, xs[c], ys[r + rs], xs[c + cs], ys[r]))
    for r, c, a, b, x1, t in boxes:
        if style == "lines":
            page.line(a, t, x1, t).line(a, b, x1, b).line(a, b, a, t).line(x1, b, x1, t)
        elif style == "cells":
            page.rect(a, b, x1 - a, t - b)
        elif style == "background":
            page.rect(a + 1, b + 1, x1 - a - 2, t - b - 2, stroke=False, fill=0.8)
        elif style == "curves":
            page.rounded_rect(a, b, x1 - a, t - b, r=3)
        text = cells.get((r, c), "")
        for k, ln in enumerate(text.split("\n")):
            if ln:
                page.text(a + 3, t - 3 - SIZE - k * LEAD, ln, SIZE)
    if style == "overshoot":
        for x in xs:
            page.line(x, ys[-1] - 6, x, ys[0] + 6)
        for y in ys:
            page.line(xs[0] - 6, y, xs[-1] + 6, y)
    elif style == "vertical":
        for x in xs:
            page.line(x, ys[-1], x, ys[0])
        page.line(xs[0], ys[0], xs[-1], ys[0]).line(xs[0], ys[-1], xs[-1], ys[-1])


def tables_of(data: bytes) -> list[Table]:
    return [b for b in read_pdf(data).blocks if isinstance(b, Table)]


ROWS = {(0, 0): "No", (0, 1): "Indikator Kinerja", (0, 2): "Target",
        (1, 0): "1", (1, 1): "Persentase dokumen", (1, 2): "100%",
        (2, 0): "2", (2, 1): "Jumlah laporan", (2, 2): "12"}
EXPECTED = [["No", "Indikator Kinerja", "Target"], ["1", "Persentase dokumen", "100%"], ["2", "Jumlah laporan", "12"]]


@pytest.mark.parametrize("style", ["lines", "cells", "overshoot", "background", "curves"])
def test_a_grid_drawn_in_each_way_producers_draw_it(style):
    page = Page()
    page.text(60, 780, "JABATAN : KEPALA SEKSI", 10)
    draw_table(page, 60, 750, [40, 200, 80], [20, 20, 20], ROWS, style=style)
    (t,) = tables_of(pdf_bytes([page]))
    assert t.texts() == EXPECTED and t.found_by == "ruling_lines", style


def test_header_cells_spanning_columns_and_rows_keep_every_column():
    """camelot's lattice test (us-030): 'Percent Fuel Savings' over four columns, 'Cycle Name' over two rows."""
    cells = {(0, 0): "Cycle\nName", (0, 1): "KI\n(1/km)", (0, 2): "Percent Fuel Savings",
             (1, 2): "Improved\nSpeed", (1, 3): "Decreased\nAccel", (1, 4): "Eliminate\nStops",
             (2, 0): "2012_2", (2, 1): "3.30", (2, 2): "5.9%", (2, 3): "9.5%", (2, 4): "29.2%",
             (3, 0): "2145_1", (3, 1): "0.68", (3, 2): "2.4%", (3, 3): "0.1%", (3, 4): "9.5%"}
    page = Page()
    draw_table(page, 50, 760, [60, 60, 70, 70, 70], [20, 28, 16, 16], cells,
               spans={(0, 0): (2, 1), (0, 1): (2, 1), (0, 2): (1, 3)})
    (t,) = tables_of(pdf_bytes([page]))
    assert t.texts() == [["Cycle\nName", "KI\n(1/km)", "Percent Fuel Savings", "", ""],
                         ["", "", "Improved\nSpeed", "Decreased\nAccel", "Eliminate\nStops"],
                         ["2012_2", "3.30", "5.9%", "9.5%", "29.2%"],
                         ["2145_1", "0.68", "2.4%", "0.1%", "9.5%"]]
    head = t.rows[0]
    assert (head[0].rowspan, head[2].colspan) == (2, 3)


def test_two_tables_on_a_page_come_out_in_reading_order():
    page = Page()
    second = {k: v.replace("dokumen", "kegiatan") for k, v in ROWS.items()}
    draw_table(page, 60, 760, [40, 200, 80], [20, 20, 20], ROWS)
    page.text(60, 680, "Tabel berikutnya:", 10)
    draw_table(page, 60, 660, [40, 200, 80], [20, 20, 20], second, style="cells")
    t1, t2 = tables_of(pdf_bytes([page]))
    assert t1.texts() == EXPECTED
    assert t2.texts()[1] == ["1", "Persentase kegiatan", "100%"]


@pytest.mark.parametrize("angle", [90, -90])
def test_a_table_printed_sideways_is_read_in_its_reading_direction(angle):
    """camelot's clockwise_table_1 / anticlockwise_table_1: the whole table turned a quarter."""
    page = Page()
    # draw the table in a frame turned by `angle` around the page centre
    cx, cy = 297, 421
    widths, heights = [40, 200, 80], [20, 20, 20]
    xs = [0, 40, 240, 320]
    ys = [0, -20, -40, -60]

    def turn(x, y):  # table coordinates (x right, y up from the table's top-left) -> page
        if angle == 90:
            return cx - y - 30, cy + x - 160
        return cx + y + 30, cy - x + 160

    for x in xs:
        page.line(*turn(x, ys[0]), *turn(x, ys[-1]))
    for y in ys:
        page.line(*turn(xs[0], y), *turn(xs[-1], y))
    for (r, c), text in ROWS.items():
        page.text(*turn(xs[c] + 3, ys[r] - 3 - SIZE), text, SIZE, angle=angle)
    (t,) = tables_of(pdf_bytes([page]))
    assert t.texts() == EXPECTED


def test_a_table_without_rules_keeps_its_columns_and_rows():
    """pdfplumber's text strategy (senate-expenditures): dates, codes and names aligned by whitespace."""
    page = Page()
    rows = [["DOCUMENT NO.", "DATE", "PAYEE", "START DATE"],
            ["DHAW20190069", "09/09/2019", "CITIBANK - TRAVEL CBA CARD", "08/05/2019"],
            ["DHAW20190070", "09/09/2019", "CITIBANK - TRAVEL CBA CARD", "08/12/2019"],
            ["DHAW20190071", "09/10/2019", "OFFICE SUPPLY CO", "08/14/2019"]]
    xs = [50, 150, 230, 400]
    for r, row in enumerate(rows):
        for x, text in zip(xs, row):
            page.text(x, 760 - r * 14, text, 8, bold=r == 0)
    page.text(50, 680, "Catatan: semua jumlah dalam rupiah dan dibayar melalui rekening dinas.", 9)
    (t,) = tables_of(pdf_bytes([page]))
    assert t.texts() == rows and t.found_by == "alignment"


def test_vertical_rules_only_rows_told_by_their_text():
    """pdfplumber issue 466 (lines for columns, text for rows): every row ends with 'last'."""
    page = Page()
    cells = {(0, 0): "No", (0, 1): "Uraian", (0, 2): "Keterangan",
             (1, 0): "1", (1, 1): "baris pertama", (1, 2): "first",
             (2, 0): "2", (2, 1): "baris kedua", (2, 2): "second",
             (3, 0): "3", (3, 1): "baris terakhir", (3, 2): "last"}
    draw_table(page, 60, 760, [40, 160, 100], [18, 18, 18, 18], cells, style="vertical")
    (t,) = tables_of(pdf_bytes([page]))
    assert len(t.texts()) == 4 and len(t.texts()[0]) == 3
    assert all(c for c in t.texts()[3]) and "last" in t.texts()[3][2]


def test_empty_cells_keep_their_place():
    """pdfplumber issue 140: a row whose first and last cells are empty stays aligned."""
    cells = dict(ROWS)
    cells[(2, 0)] = ""
    cells[(2, 2)] = ""
    page = Page()
    draw_table(page, 60, 760, [40, 200, 80], [20, 20, 20], cells)
    (t,) = tables_of(pdf_bytes([page]))
    assert t.texts()[2] == ["", "Jumlah laporan", ""]


def test_a_cells_lines_are_kept_apart():
    page = Page()
    cells = dict(ROWS)
    cells[(1, 1)] = "Persentase dokumen\nyang tersusun\ntepat waktu"
    draw_table(page, 60, 760, [40, 200, 80], [20, 40, 20], cells)
    (t,) = tables_of(pdf_bytes([page]))
    assert t.texts()[1][1] == "Persentase dokumen\nyang tersusun\ntepat waktu"


def test_a_lone_shaded_box_is_no_table_and_its_text_stays():
    page = Page()
    page.rect(50, 700, 300, 60, stroke=False, fill=0.85)
    page.text(60, 740, "Catatan penting untuk pembaca dokumen ini.", 10)
    blocks = read_pdf(pdf_bytes([page])).blocks
    assert not any(isinstance(b, Table) for b in blocks)
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["Catatan penting untuk pembaca dokumen ini."]

