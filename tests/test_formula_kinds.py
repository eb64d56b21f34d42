"""Issue 23: formulas found by their shape whatever the label says, in every producer.

tests/data/formula_kinds holds one document per producer (text, Word, reportlab PDF, Chromium PDF) made
by samples/make_formula_kinds.py from a description of the kinds (labelled explanation then an
unlabelled formula, ``A x 100 %`` over ``B``, Proporsi / Rasio / Menghitung jumlah, Definisi without its
Rumus label, legends of symbols, ``:`` between a name and a value), with their gold; the tests require
the issue's bar on them. Word features built here: a formula in a text box beside its legend, a formula
that is only a picture (``formula_image``), a header naming only PENJELASAN."""
from io import BytesIO
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from iki.cli import main
from iki.evaluate import evaluate_folder, pooled_fields
from iki.pipeline import process_file
from schema.warnings import warning_code

ROOT = Path(__file__).resolve().parents[1]
KINDS = ROOT / "tests" / "data" / "formula_kinds"
BAR = 0.95
FIELDS = ("formula_type", "numerator", "denominator", "penjelasan")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("kinds")
    files = sorted(str(p) for p in KINDS.iterdir() if p.suffix != ".json")
    assert len(files) == 4
    assert main(["extract", *files, "-o", str(out), "-q", "--jobs", "1"]) == 0
    return out


def test_the_kinds_meet_the_bar_in_every_producer(out):
    scores = evaluate_folder(out, sorted(KINDS.glob("*.json")))
    assert len(scores) == 4 and not any(s.error for s in scores)
    pooled = pooled_fields(scores)
    assert sum(s.field_counts["formula_type"][1] for s in scores) >= 50
    for f in FIELDS + ("multiplier", "unit"):
        assert pooled[f] >= BAR, (f, pooled[f], [d for s in scores for d in s.differences if d.startswith(f)][:10])
    for s in scores:
        for f in FIELDS:
            assert s.fields[f] >= 0.9, (s.name, f, s.fields[f], s.differences[:10])


# ----------------------------------------------------------------------------- Word features

W = nsdecls("w")
NS_BOX = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')


def _box_run(lines):
    paras = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in lines)
    drawing = (f'<w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{paras}'
               f'</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>')
    vml = (f'<w:pict><v:rect style="position:absolute;width:200pt"><v:textbox><w:txbxContent>{paras}'
           f'</w:txbxContent></v:textbox></v:rect></w:pict>')
    return parse_xml(f'<w:r {W} {NS_BOX}><mc:AlternateContent><mc:Choice Requires="wps">{drawing}</mc:Choice>'
                     f'<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>')


def _png() -> BytesIO:
    from PIL import Image
    buf = BytesIO()
    Image.new("RGB", (60, 20), "white").save(buf, "PNG")
    buf.seek(0)
    return buf


def _table_doc(path: Path, header: str, fill_cells) -> Path:
    d = docx.Document()
    d.add_paragraph("INDIKATOR KINERJA UTAMA")
    t = d.add_table(rows=1 + len(fill_cells), cols=3)
    for c, h in zip(t.rows[0].cells, ("SASARAN", "INDIKATOR KINERJA", header)):
        c.text = h
    for k, fill in enumerate(fill_cells, 1):
        row = t.rows[k].cells
        row[0].text, row[1].text = "Meningkatnya kesejahteraan petani", f"Nilai tukar petani {k}"
        fill(row[2])
    d.save(path)
    return path


def test_formula_in_a_text_box_beside_its_legend(tmp_path):
    def boxed(cell):
        p = cell.paragraphs[0]
        p.add_run("Keterangan : It = indeks harga yang diterima petani, Ib = indeks harga yang dibayar petani")
        p._p.append(_box_run(["NTP = It / Ib x 100"]))

    def framed(cell):  # a Word text frame: a paragraph of its own with w:framePr
        p = cell.paragraphs[0]
        p.add_run("NTP = It / Ib x 100")
        p._p.get_or_add_pPr().append(parse_xml(f'<w:framePr {W} w:w="2000" w:hSpace="180" w:wrap="around" '
                                               f'w:vAnchor="text" w:hAnchor="text" w:y="1"/>'))
        cell.add_paragraph("Keterangan : It = indeks harga yang diterima petani, Ib = indeks harga yang dibayar "
                           "petani")

    rows = process_file(_table_doc(tmp_path / "box.docx", "PENJELASAN / FORMULASI", [boxed, framed])).indicators
    assert [(r["formula_type"], r["numerator"], r["denominator"], r["multiplier"], r["penjelasan"]) for r in rows] == [
        ("ratio", "It", "Ib", 100.0,
         "It = indeks harga yang diterima petani, Ib = indeks harga yang dibayar petani")] * 2


def test_a_formula_that_is_only_a_picture_is_none_with_a_warning(tmp_path):
    def labelled(cell):
        cell.paragraphs[0].add_run("Formulasi :")
        cell.add_paragraph().add_run().add_picture(_png())
        cell.add_paragraph("Data diambil dari laporan bidang.")

    def after_explanation(cell):
        cell.paragraphs[0].add_run("Penjelasan : NTP adalah nilai tukar petani.")
        cell.add_paragraph().add_run().add_picture(_png())

    def picture_and_text_formula(cell):  # the picture beside a formula written as text: the text is read
        cell.paragraphs[0].add_run().add_picture(_png())
        cell.add_paragraph("Jumlah A / Jumlah B x 100%")

    path = _table_doc(tmp_path / "pic.docx", "PENJELASAN / FORMULASI", [labelled, after_explanation,
                                                                         picture_and_text_formula])
    rows = process_file(path).indicators
    got = [(r["formula_type"], r["formula_raw"], r["penjelasan"]) for r in rows]
    assert got == [("none", None, "Data diambil dari laporan bidang."), ("none", None, "NTP adalah nilai tukar petani."),
                   ("ratio", "Jumlah A / Jumlah B x 100%", None)]
    codes = [{warning_code(w) for w in r["warnings"]} for r in rows]
    assert "formula_image" in codes[0] and "formula_image" in codes[1] and "formula_image" not in codes[2]
    assert all("\ufffc" not in (r["sasaran"] or "") + r["indikator"] for r in rows)


def test_a_penjelasan_only_column_reads_formula_shapes_but_not_a_restated_quantity(tmp_path):
    def restated(cell):
        cell.paragraphs[0].add_run("Jumlah kelompok tani yang meningkatkan usahanya")
        cell.add_paragraph("Kelompok tani adalah kumpulan petani yang dibentuk atas dasar kesamaan kepentingan.")

    def ratio(cell):
        cell.paragraphs[0].add_run("Kelompok tani adalah kumpulan petani.")
        cell.add_paragraph("Jumlah kelompok tani maju / Jumlah kelompok tani x 100%")

    rows = process_file(_table_doc(tmp_path / "penj.docx", "PENJELASAN", [restated, ratio])).indicators
    assert [r["formula_type"] for r in rows] == ["none", "ratio"]
    assert rows[0]["penjelasan"].startswith("Jumlah kelompok tani yang meningkatkan usahanya Kelompok")
    assert (rows[1]["numerator"], rows[1]["penjelasan"]) == ("Jumlah kelompok tani maju",
                                                           "Kelompok tani adalah kumpulan petani.")


# ----------------------------------------------------------------------------- iki diff

def _row(cell: str, indikator: str = "Persentase pegawai yang dilayani") -> dict:
    from normalize.formula import split_cell
    fc = split_cell(cell, indikator)
    f = fc.formula
    return {"indikator": indikator, "sasaran": "S", "penjelasan": fc.penjelasan, "formula_raw": fc.formula_raw,
            "formula_type": f.type, "numerator": f.numerator, "denominator": f.denominator,
            "multiplier": f.multiplier, "unit": f.unit, "formula_canonical": fc.canonical}


PEN = "Pegawai adalah aparatur sipil negara pada dinas."
RENDERINGS = [  # the same explanation and formula in layouts and notations of different years
    f"Penjelasan : {PEN}\n" + r"$\frac{\text{Jumlah pegawai yang dilayani}}{\text{Jumlah pegawai}} \times 100\%$",
    f"{PEN}\nJumlah pegawai yang dilayani\n_____ x 100%\nJumlah pegawai",
    f"Penjelasan : {PEN}\nJumlah pegawai yang dilayani X 100 %\nJumlah pegawai",
    f"{PEN}\nJumlah pegawai yang dilayani / Jumlah pegawai x 100%",
    f"Definisi : {PEN}\nJumlah pegawai yang dilayani dibagi jumlah pegawai dikali 100%",
    f"Penjelasan : {PEN}\nFormulasi : (Jumlah pegawai yang dilayani / Jumlah pegawai) X 100%",
]
COUNTS = [f"Penjelasan : {PEN}\nΣ Pegawai yang dilayani", f"{PEN}\nf(x) = ∑ Pegawai yang dilayani",
          f"Keterangan : {PEN}\nJumlah pegawai yang dilayani", r"Penjelasan : " + PEN + "\n$f(x) = \\Sigma$ Pegawai yang "
          "dilayani", f"Penjelasan : {PEN}\nMenghitung jumlah pegawai yang dilayani"]


@pytest.mark.parametrize("group", [RENDERINGS, COUNTS], ids=["ratio", "count"])
def test_iki_diff_renderings_of_one_formula_compare_equal(group):
    from iki.diff import compare_indicators
    rows = [_row(c, "Persentase pegawai yang dilayani" if group is RENDERINGS else "Jumlah pegawai yang dilayani")
            for c in group]
    assert all(r["formula_type"] == ("ratio" if group is RENDERINGS else "count") for r in rows), rows
    for a in rows:
        for b in rows:
            assert compare_indicators(a, b) == [], (a["formula_raw"], b["formula_raw"], compare_indicators(a, b))


def test_iki_diff_a_swapped_fraction_is_a_change():
    from iki.diff import compare_indicators
    a = _row(f"{PEN}\nJumlah pegawai yang dilayani / Jumlah pegawai x 100%")
    b = _row(f"Penjelasan : {PEN}\nJumlah pegawai X 100 %\nJumlah pegawai yang dilayani")
    assert {c.field for c in compare_indicators(a, b)} >= {"numerator", "denominator"}


def test_a_picture_in_an_html_cell_is_formula_image(tmp_path):
    page = ("<html><body><p>INDIKATOR KINERJA UTAMA</p><table border=1><tr><th>SASARAN</th><th>INDIKATOR KINERJA</th>"
            "<th>PENJELASAN / FORMULASI</th></tr><tr><td>Meningkatnya pelayanan</td><td>Persentase layanan</td>"
            "<td><p>Formulasi :</p><img src='rumus.png'><p>Data dari laporan bidang.</p></td></tr>"
            "<tr><td>Meningkatnya pelayanan</td><td>Persentase pengaduan</td>"
            "<td><img src='logo.png'> Jumlah pengaduan selesai / Jumlah pengaduan x 100%</td></tr></table></body></html>")
    path = tmp_path / "pic.html"
    path.write_text(page, encoding="utf-8")
    rows = process_file(path).indicators
    assert [(r["formula_type"], r["penjelasan"]) for r in rows] == [("none", "Data dari laporan bidang."), ("ratio", None)]
    assert "formula_image" in {warning_code(w) for w in rows[0]["warnings"]}


def test_the_new_shapes_in_a_workbook(tmp_path):
    """XLSX cells hand their lines to the same splitter: a labelled explanation then a formula, two lines."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["INDIKATOR KINERJA UTAMA"])
    ws.append(["NO", "SASARAN", "INDIKATOR KINERJA", "PENJELASAN / FORMULASI", "TARGET"])
    ws.append([1, "Meningkatnya layanan", "Persentase pengaduan yang ditindaklanjuti",
               "Penjelasan : Pengaduan adalah keluhan masyarakat.\nJumlah pengaduan ditindaklanjuti / Jumlah "
               "pengaduan diterima x 100%", "90%"])
    ws.append([2, "Meningkatnya layanan", "Persentase desa mandiri",
               "Definisi : Desa mandiri adalah desa maju.\nJumlah desa mandiri X 100 %\nJumlah desa", "40%"])
    ws.append([3, "Meningkatnya layanan", "Jumlah keluarga dilatih", "Rekapitulasi jumlah keluarga yang dilatih", "50"])
    path = tmp_path / "kinds.xlsx"
    wb.save(path)
    rows = process_file(path).indicators
    assert [(r["formula_type"], r["numerator"], r["denominator"], r["penjelasan"]) for r in rows] == [
        ("ratio", "Jumlah pengaduan ditindaklanjuti", "Jumlah pengaduan diterima", "Pengaduan adalah keluhan masyarakat."),
        ("ratio", "Jumlah desa mandiri", "Jumlah desa", "Desa mandiri adalah desa maju."),
        ("count", "keluarga yang dilatih", None, None)]
