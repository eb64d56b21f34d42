"""Write tests/data/reprinted/reprinted_runs.pdf: text runs printed twice over themselves.

Producers print a run of text again over itself: a grey shadow a point or two off under a heading,
an overprint to darken it, a fallback font drawn over the embedded one (the same words in Times
over Helvetica, a size apart), a line drawn at once and then again word by word. A reader sees
each word once. The page holds a heading, a label line and a ruled indicator table (NO |
INDIKATOR KINERJA | TARGET) whose cells are reprinted in those ways; the test
(tests/test_pdf_reader.py) expects every word once and the table's cells as printed. One line
holds two different runs that overlap (an equation running into the next cell's text): both are
kept.

Usage: python tests/data/make_reprinted.py [OUTDIR]   (default tests/data/reprinted; needs reportlab)
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

ROWS = [["NO", "INDIKATOR KINERJA", "TARGET"],
        ["1", "Persentase pegawai yang mengikuti diklat", "100%"],
        ["2", "Jumlah dokumen perencanaan yang disusun", "12 dokumen"],
        ["3", "Indeks kepuasan masyarakat", "82,5"]]


def build(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    _, h = A4

    def shadow(x, y, s, font, size, dx=1.2, dy=-1.0):
        c.setFillGray(0.6)
        c.setFont(font, size)
        c.drawString(x + dx, y + dy, s)
        c.setFillGray(0.0)
        c.drawString(x, y, s)

    def other_font(x, y, s, size):
        c.setFont("Helvetica", size)
        c.drawString(x, y, s)
        c.setFont("Times-Roman", size + 0.5)
        c.drawString(x + 0.3, y - 0.2, s)

    def word_by_word(x, y, s, font, size):
        c.setFont(font, size)
        c.drawString(x, y, s)
        from reportlab.pdfbase.pdfmetrics import stringWidth
        at = x + 1.5
        for w in s.split(" "):
            c.drawString(at, y - 0.8, w)
            at += stringWidth(w + " ", font, size)

    shadow(72, h - 80, "INDIKATOR KINERJA INDIVIDU", "Helvetica-Bold", 14)
    other_font(72, h - 110, "JABATAN : KEPALA SUB BAGIAN PERENCANAAN", 10)

    xs = [72, 110, 380, 480]
    top = h - 140
    row_h = 22
    c.setLineWidth(0.6)
    for k in range(len(ROWS) + 1):
        c.line(xs[0], top - k * row_h, xs[-1], top - k * row_h)
    for x in xs:
        c.line(x, top, x, top - len(ROWS) * row_h)
    for r, row in enumerate(ROWS):
        y = top - r * row_h - 14
        for col, text in enumerate(row):
            x = xs[col] + 4
            if r == 0:
                shadow(x, y, text, "Helvetica-Bold", 9, dx=0.9, dy=-0.7)
            elif col == 1 and r == 1:
                other_font(x, y, text, 9)
            elif col == 1 and r == 2:
                word_by_word(x, y, text, "Helvetica", 9)
            elif col == 2 and r == 3:
                shadow(x, y, text, "Helvetica", 9, dx=1.6, dy=0.0)
            else:
                c.setFont("Helvetica", 9)
                c.drawString(x, y, text)
    # two different runs that overlap: both stay
    c.setFont("Helvetica", 10)
    c.drawString(72, top - len(ROWS) * row_h - 40, "Realisasi anggaran")
    c.drawString(150, top - len(ROWS) * row_h - 40, "dibagi pagu")
    c.showPage()
    c.save()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "reprinted"
    out.mkdir(parents=True, exist_ok=True)
    build(out / "reprinted_runs.pdf")
    print(out / "reprinted_runs.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
