"""Reader cases (tests/data/cases/readers, README there): each file shows one feature real
producers' PDFs and scans have; the right output is the one a reader sees."""
from pathlib import Path

import pytest

from extractors.ir import Paragraph, Table
from extractors.readers.pdf import read_pdf

CASES = Path(__file__).resolve().parent / "data" / "cases" / "readers"
ROWS = [["No", "Indikator Kinerja", "Target"], ["1", "Persentase dokumen", "100%"], ["2", "Jumlah laporan", "12"]]


def blocks(name: str):
    doc = read_pdf((CASES / name).read_bytes(), name)
    return doc.blocks


def tables(bs):
    return [b for b in bs if isinstance(b, Table)]


def paragraphs(bs):
    return [((b.label + " ") if b.label else "") + b.text for b in bs if isinstance(b, Paragraph)]


def words(bs) -> list[str]:
    out = []
    for b in bs:
        if isinstance(b, Table):
            out += [w for row in b.texts() for cell in row for w in cell.split()]
        else:
            out += ((b.label + " ") if b.label else "").split() + b.text.split()
    return out


@pytest.mark.parametrize("name", ["p1_white_cell_fills.pdf", "p3_rotate90_displayed_upright.pdf",
                                  "p4_sideways_table_no_rotate.pdf", "p5_rounded_border.pdf"])
def test_one_ruled_table(name):
    (t,) = tables(blocks(name))
    assert t.texts() == ROWS
    assert t.found_by == "ruling_lines"


def test_p2_page_background_is_not_a_table():
    bs = blocks("p2_page_background_rect.pdf")
    assert paragraphs(bs) == ["JABATAN : KEPALA SUB BAGIAN UMUM"]
    (t,) = tables(bs)
    assert t.texts() == ROWS
    assert isinstance(bs[0], Paragraph) and bs[1] is t
    ws = words(bs)
    assert all(ws.count(w) == 1 for w in ("JABATAN", "Persentase", "laporan", "100%", "Target"))  # every word once


def test_p7_rows_without_rules_inside_ruled_columns():
    (t,) = tables(blocks("p7_no_row_rules.pdf"))
    assert t.texts() == ROWS + [["3", "Jumlah kegiatan", "4"]]


def test_p8_blank_run_over_text_does_not_split_words():
    assert paragraphs(blocks("p8_overlaid_blank_run.pdf")) == ["Tanggal efektif: 07/01/2015"]


def test_p10_fake_bold_read_once():
    assert paragraphs(blocks("p10_fake_bold_double_print.pdf"))[0] == "KEPALA DINAS PENDIDIKAN"


def test_p11_letter_spaced_heading_read_as_words():
    ps = paragraphs(blocks("p11_large_tracked_heading.pdf"))
    assert ps[0] == "KEPALA DINAS"
    assert ps[1] == "Small text"  # small print with tracking too


@pytest.mark.skipif(__import__("extractors.readers.scan", fromlist=["x"]).tesseract_missing() is not None,
                    reason="tesseract not installed")
def test_o1_low_dpi_scan_rules_overshooting_the_border_make_a_grid():
    from extractors.readers.scan import read_image

    doc = read_image((CASES / "o1_low_dpi_rule_overshoot.png").read_bytes(), "o1")
    (t,) = tables(doc.blocks)
    assert t.texts() == ROWS


def test_p7_rows_told_by_their_text_are_marked_guessed():
    (t,) = tables(blocks("p7_no_row_rules.pdf"))
    assert set(t.guessed_rows) == {1, 2, 3}  # the body rows: no rule between them; the header is ruled


REPRINTED = Path(__file__).resolve().parent / "data" / "reprinted" / "reprinted_runs.pdf"


def test_runs_printed_twice_over_themselves_are_read_once():
    """tests/data/make_reprinted.py: a heading with a grey shadow 1.2 pt off, a label line printed again in
    Times over Helvetica, table cells reprinted as a shadow, in another font and size, and word by word
    over a line drawn at once: every word once, every cell as printed."""
    bs = read_pdf(REPRINTED.read_bytes(), REPRINTED.name).blocks
    ps = paragraphs(bs)
    assert ps[:2] == ["INDIKATOR KINERJA INDIVIDU", "JABATAN : KEPALA SUB BAGIAN PERENCANAAN"]
    (t,) = tables(bs)
    assert t.texts() == [["NO", "INDIKATOR KINERJA", "TARGET"],
                         ["1", "Persentase pegawai yang mengikuti diklat", "100%"],
                         ["2", "Jumlah dokumen perencanaan yang disusun", "12 dokumen"],
                         ["3", "Indeks kepuasan masyarakat", "82,5"]]
    # two different runs that overlap are both kept (neither is a reprint of the other)
    assert "Realisasi" in ps[2] and "pagu" in ps[2]


def test_reprint_needs_the_same_text_where_the_other_print_stands():
    from extractors.readers.pdf import drop_reprinted_runs

    def run(text, x, top, font="Helvetica", size=10.0, adv=5.0):
        return [{"text": ch, "x0": x + k * adv, "x1": x + (k + 1) * adv, "top": top, "bottom": top + size,
                 "fontname": font, "size": size} for k, ch in enumerate(text)]

    line = run("Dinas Sosial", 100, 50)
    # the same text 1.5 pt off, and in another font: dropped
    assert [c["text"] for c in drop_reprinted_runs(line + run("Dinas Sosial", 101.5, 50.8))] == list("Dinas Sosial")
    assert len(drop_reprinted_runs(line + run("Dinas Sosial", 100.3, 50, "Times-Roman", 10.5, 4.6))) == 12
    # a word of the line printed again where that word stands: dropped; elsewhere on the line: kept
    assert len(drop_reprinted_runs(line + run("Sosial", 131, 50, "Times-Roman"))) == 12
    assert len(drop_reprinted_runs(line + run("Sosial", 100, 50, "Times-Roman"))) == 18
    # the same text on the next line (a repeated cell value), or another text over it: kept
    assert len(drop_reprinted_runs(line + run("Dinas Sosial", 100, 62))) == 24
    assert len(drop_reprinted_runs(line + run("Dinas Pendidikan", 100.5, 50, "Times-Roman"))) == 28
    # a lone glyph over a longer run (a symbol running into a cell) is not a reprint
    assert len(drop_reprinted_runs(line + run("s", 125, 50, "Symbol"))) == 13


NARROW = Path(__file__).resolve().parent / "data" / "narrow_gutter" / "rl_booktabs_narrow.pdf"


def test_a_gutter_narrower_than_a_word_space_that_parts_most_lines_is_a_column():
    """samples/make_table_styles.py --vary --seed 201 (gold 000, reportlab booktabs, cells vertically
    centred; its second page): INDIKATOR and PENJELASAN a few points apart, their text fused into one chunk on some
    lines; the gap that parts the text of most of the table's lines stays a column."""
    (t,) = tables(read_pdf(NARROW.read_bytes(), NARROW.name).blocks)
    head = [" ".join(c.split()) for c in t.texts()[0]]
    assert head == ["NO", "SASARAN KINERJA", "INDIKATOR KINERJA INDIVIDU", "PENJELASAN / FORMULASI PENGHITUNGAN",
                    "SUMBER DATA"]
    body = [r for r in t.texts()[2:]]
    assert all(not r[2].startswith("Formulasi") for r in body)
