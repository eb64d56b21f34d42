"""The Word reader on small documents built here, one Word feature at a time."""
from io import BytesIO

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from extractors.readers.docx import DocxError, Numbering, format_number, omml_text, read_docx
from extractors.ir import Paragraph, Table

W = nsdecls("w")
M = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'


def build(fill) -> bytes:
    d = docx.Document()
    fill(d)
    buf = BytesIO()
    d.save(buf)
    return buf.getvalue()


def blocks(data):
    return read_docx(data).blocks


def paras(data):
    return [b for b in blocks(data) if isinstance(b, Paragraph)]


def tables(data):
    return [b for b in blocks(data) if isinstance(b, Table)]


def add_numbering(d, fmt0="lowerLetter", text0="%1.", fmt1="bullet", text1="-"):
    numbering = d.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="90">'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt0}"/><w:lvlText w:val="{text0}"/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="{fmt1}"/><w:lvlText w:val="{text1}"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))


def numbered(d, text, ilvl=0, num_id="90"):
    p = d.add_paragraph(text)
    p._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return p


def test_body_order_paragraphs_and_tables():
    def fill(d):
        d.add_paragraph("INDIKATOR KINERJA INDIVIDU")
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "A", "B"
        d.add_paragraph("sesudah")
    kinds = [type(b).__name__ for b in blocks(build(fill))]
    assert kinds == ["Paragraph", "Table", "Paragraph"]


def test_automatic_numbering_gives_labels_and_levels():
    def fill(d):
        add_numbering(d)
        d.add_paragraph("TUGAS :")
        numbered(d, "Menyusun rencana;")
        numbered(d, "Rincian", ilvl=1)
        numbered(d, "Membagi tugas;")
    ps = paras(build(fill))
    assert [(p.label, p.level, p.text) for p in ps[1:]] == \
        [("a.", 0, "Menyusun rencana;"), ("-", 1, "Rincian"), ("b.", 0, "Membagi tugas;")]


@pytest.mark.parametrize("n, fmt, out", [(1, "decimal", "1"), (3, "lowerLetter", "c"), (28, "lowerLetter", "bb"),
                                         (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (2, "upperLetter", "B")])
def test_number_formats(n, fmt, out):
    assert format_number(n, fmt) == out


def test_numbering_restarts_with_start_override():
    num = Numbering.from_xml(parse_xml(
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
        '</w:lvlOverride></w:num></w:numbering>'))
    assert [num.label("5", 0), num.label("5", 0), num.label("6", 0), num.label("6", 0)] == ["1)", "2)", "1)", "2)"]


def test_merged_cells_become_spans():
    def fill(d):
        t = d.add_table(rows=4, cols=3)
        for i, h in enumerate(["SASARAN", "INDIKATOR", "SUMBER"]):
            t.cell(0, i).text = h
        t.cell(1, 0).text = "Meningkatnya A"
        t.cell(1, 0).merge(t.cell(3, 0))
        t.cell(1, 1).text, t.cell(2, 1).text, t.cell(3, 1).text = "Jumlah X", "Jumlah Y", "Jumlah Z"
        t.cell(1, 2).merge(t.cell(1, 2))
        t.cell(3, 1).merge(t.cell(3, 2))
    (t,) = tables(build(fill))
    assert t.texts() == [["SASARAN", "INDIKATOR", "SUMBER"], ["Meningkatnya A", "Jumlah X", ""],
                         ["", "Jumlah Y", ""], ["", "Jumlah Z", ""]]
    assert t.rows[1][0].rowspan == 3
    assert t.rows[3][0].colspan == 2 and t.rows[3][0].col == 1


def test_equations_become_fraction_text():
    omml = (f'<m:oMath {M}><m:f><m:num><m:r><m:t>Jumlah A</m:t></m:r></m:num><m:den><m:r><m:t>Jumlah B</m:t>'
            '</m:r></m:den></m:f><m:r><m:t>×100%</m:t></m:r></m:oMath>')
    assert omml_text(parse_xml(omml)) == "\\frac{Jumlah A}{Jumlah B}×100%"
    nary = (f'<m:oMath {M}><m:nary><m:naryPr><m:chr m:val="∑"/></m:naryPr><m:sub/><m:sup/><m:e><m:r><m:t>Dokumen'
            '</m:t></m:r></m:e></m:nary></m:oMath>')
    assert omml_text(parse_xml(nary)) == "\\sum Dokumen"

    def fill(d):
        t = d.add_table(rows=1, cols=1)
        t.cell(0, 0).paragraphs[0]._p.append(parse_xml(omml))
    (t,) = tables(build(fill))
    assert t.texts()[0][0] == "$\\frac{Jumlah A}{Jumlah B}×100%$"


def test_soft_breaks_tabs_and_page_breaks():
    def fill(d):
        p = d.add_paragraph("1.\tJABATAN\t: Kepala")
        p.add_run().add_break()
        p.add_run("2. TUGAS : Menyusun")
        d.add_paragraph("halaman satu")
        br = d.add_paragraph().add_run()
        br.add_break(docx.enum.text.WD_BREAK.PAGE)
        d.add_paragraph("halaman dua")
        t = d.add_table(rows=1, cols=1)
        c = t.cell(0, 0)
        c.paragraphs[0].add_run("baris satu").add_break()
        c.paragraphs[0].add_run("baris dua")
    doc = read_docx(build(fill))
    ps = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert [(p.label, p.text, p.loc.page) for p in ps] == [
        ("1.", "JABATAN : Kepala", 1), ("2.", "TUGAS : Menyusun", 1), (None, "halaman satu", 1),
        (None, "halaman dua", 2)]
    (t,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert t.texts()[0][0] == "baris satu\nbaris dua" and doc.n_pages == 2


def test_headers_and_footers_are_left_out():
    def fill(d):
        d.sections[0].header.paragraphs[0].text = "KOP SURAT DINAS"
        d.sections[0].footer.paragraphs[0].text = "Halaman 1"
        d.add_paragraph("isi")
    assert [p.text for p in paras(build(fill))] == ["isi"]


def test_nested_layout_table_is_read_through():
    def fill(d):
        outer = d.add_table(rows=1, cols=1)
        cell = outer.cell(0, 0)
        cell.paragraphs[0].text = "JABATAN : Kepala Seksi"
        inner = cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "INDIKATOR", "SUMBER DATA"
    bs = blocks(build(fill))
    assert isinstance(bs[0], Paragraph) and bs[0].text == "JABATAN : Kepala Seksi"
    assert isinstance(bs[1], Table) and bs[1].texts() == [["INDIKATOR", "SUMBER DATA"]]


def test_list_paragraphs_in_cells_keep_their_labels():
    def fill(d):
        add_numbering(d, "decimal", "%1.")
        t = d.add_table(rows=1, cols=1)
        c = t.cell(0, 0)
        c.paragraphs[0].text = "Jumlah A"
        c.paragraphs[0]._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
        p = c.add_paragraph("Jumlah B")
        p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>'))
    (t,) = tables(build(fill))
    assert t.texts()[0][0] == "1. Jumlah A\n2. Jumlah B"


def test_not_a_word_file():
    with pytest.raises(DocxError):
        read_docx(b"PK\x03\x04 not really a zip")


def test_numbering_and_headings_through_paragraph_styles():
    def fill(d):
        d.add_heading("INDIKATOR KINERJA INDIVIDU", level=2)
        d.add_paragraph("Menyusun rencana;", style="List Number")
        d.add_paragraph("Membagi tugas;", style="List Number")
    h, a, b = paras(build(fill))
    assert h.heading == 2 and h.text == "INDIKATOR KINERJA INDIVIDU"
    assert (a.label, b.label) == ("1.", "2.")


def test_entities_are_not_expanded():
    import zipfile
    src = build(lambda d: d.add_paragraph("isi"))
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(src)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:document", b'<!DOCTYPE w:document [<!ENTITY a "AAAAAAAAAA">]><w:document', 1)
                data = data.replace(b">isi<", b">isi&a;<")
            zout.writestr(item, data)
    ps = paras(out.getvalue())
    assert ps and "AAAA" not in ps[0].text
