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


# ----------------------------------------------------------------------------- reader cases (tests/data/cases/readers)

CASES = __import__("pathlib").Path(__file__).parent / "data" / "cases" / "readers"


def case(name):
    return read_docx((CASES / name).read_bytes()).blocks


def test_case_d1_equations_keep_scripts_limits_and_binomials():
    assert [b.text for b in case("d1_omml_scripts_limits_binomial.docx")] == [
        "Luas: $A=m^{2}$", "Skala: $10^{-3}$", "Indeks: $x_{i}$", "Jumlah: $\\sum_{i=1}^{n} x$",
        "Binomial: $\\binom{n}{k}$"]


def test_case_d2_text_box_read_in_place():
    assert [b.text for b in case("d2_text_box.docx")] == [
        "Sebelum kotak teks.", "JABATAN : KEPALA DINAS", "Sesudah kotak teks."]


def test_case_d4_strict_open_xml():
    (p,) = case("d4_strict_ooxml.docx")
    assert isinstance(p, Paragraph) and p.text == "JABATAN : KEPALA DINAS"


def test_case_d5_row_holding_only_a_merge_continuation_is_kept():
    (t,) = case("d5_row_of_only_merge_continuation.docx")
    assert len(t.rows) == 2 and t.texts()[0] == ["Sasaran", "Indikator", "Target"]
    (target,) = [c for c in t.rows[0] if c.text == "Target"]
    assert (target.row, target.col, target.rowspan) == (0, 2, 2)
    assert all(c.row + c.rowspan <= len(t.rows) for row in t.rows for c in row)


def test_case_d6_skipped_numbering_level_counted_as_word_does():
    assert [(p.label, p.level) for p in case("d6_skipped_level_numbering.docx")] == [
        ("1.", 0), ("1.1.1.", 2), ("1.2.", 1)]


# ----------------------------------------------------------------------------- equations: OMML → LaTeX


def om(inner: str) -> str:
    return omml_text(parse_xml(f"<m:oMath {M} {W}>{inner}</m:oMath>"))


def r(t: str) -> str:
    return f"<m:r><m:t>{t}</m:t></m:r>"


@pytest.mark.parametrize("inner, latex", [
    (f"<m:sSubSup><m:e>{r('x')}</m:e><m:sub>{r('i')}</m:sub><m:sup>{r('2')}</m:sup></m:sSubSup>", "x_{i}^{2}"),
    (f"<m:sSup><m:e>{r('ab')}</m:e><m:sup>{r('n')}</m:sup></m:sSup>", "{ab}^{n}"),
    (f"<m:sPre><m:sub>{r('1')}</m:sub><m:sup>{r('2')}</m:sup><m:e>{r('F')}</m:e></m:sPre>", "{}_{1}^{2}F"),
    (f"<m:rad><m:radPr><m:degHide m:val=\"1\"/></m:radPr><m:deg/><m:e>{r('x')}</m:e></m:rad>", "\\sqrt{x}"),
    (f"<m:rad><m:deg>{r('3')}</m:deg><m:e>{r('y')}</m:e></m:rad>", "\\sqrt[3]{y}"),
    (f"<m:nary><m:e>{r('f')}</m:e></m:nary>", "\\int f"),  # the integral is the default operator
    (f"<m:nary><m:naryPr><m:chr m:val=\"∏\"/><m:subHide m:val=\"1\"/></m:naryPr><m:sub/><m:sup>{r('n')}</m:sup>"
     f"<m:e>{r('a')}</m:e></m:nary>", "\\prod^{n} a"),
    (f"<m:d><m:e><m:f><m:num>{r('A')}</m:num><m:den>{r('B')}</m:den></m:f></m:e></m:d>{r('×100%')}",
     "\\left( \\frac{A}{B} \\right)×100%"),
    (f"<m:d><m:dPr><m:begChr m:val=\"[\"/><m:endChr m:val=\"]\"/></m:dPr><m:e>{r('a')}</m:e><m:e>{r('b')}</m:e></m:d>",
     "[a | b]"),
    (f"<m:d><m:dPr><m:begChr m:val=\"{{\"/><m:endChr m:val=\"\"/></m:dPr><m:e>{r('x')}</m:e></m:d>", "\\{x"),
    (f"<m:d><m:e><m:f><m:fPr><m:type m:val=\"noBar\"/></m:fPr><m:num>{r('n')}</m:num><m:den>{r('k')}</m:den></m:f>"
     "</m:e></m:d>", "\\binom{n}{k}"),
    (f"<m:acc><m:e>{r('x')}</m:e></m:acc>", "\\hat{x}"),
    (f"<m:acc><m:accPr><m:chr m:val=\"\u0303\"/></m:accPr><m:e>{r('y')}</m:e></m:acc>", "\\tilde{y}"),
    (f"<m:bar><m:barPr><m:pos m:val=\"top\"/></m:barPr><m:e>{r('z')}</m:e></m:bar>", "\\overline{z}"),
    (f"<m:groupChr><m:e>{r('a+b')}</m:e></m:groupChr>", "\\underbrace{a+b}"),
    (f"<m:func><m:fName>{r('sin')}</m:fName><m:e>{r('x')}</m:e></m:func>", "\\sin x"),
    (f"<m:func><m:fName><m:limLow><m:e>{r('lim')}</m:e><m:lim>{r('n→∞')}</m:lim></m:limLow></m:fName>"
     f"<m:e>{r('a')}</m:e></m:func>", "\\lim_{n→∞} a"),
    (f"<m:limUpp><m:e>{r('=')}</m:e><m:lim>{r('def')}</m:lim></m:limUpp>", "\\overset{def}{=}"),
    (f"<m:d><m:e><m:m><m:mr><m:e>{r('1')}</m:e><m:e>{r('0')}</m:e></m:mr><m:mr><m:e>{r('0')}</m:e>"
     f"<m:e>{r('1')}</m:e></m:mr></m:m></m:e></m:d>", "\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}"),
    (f"<m:eqArr><m:e>{r('x=1')}</m:e><m:e>{r('y=2')}</m:e></m:eqArr>", "\\begin{aligned} x=1 \\\\ y=2 \\end{aligned}"),
    (f"<m:borderBox><m:e>{r('E')}</m:e></m:borderBox>", "\\boxed{E}"),
    (f"<m:f><m:fPr><m:type m:val=\"lin\"/></m:fPr><m:num>{r('a')}</m:num><m:den>{r('b')}</m:den></m:f>", "\\frac{a}{b}"),
    (f"<m:unknownThing>{r('kept')}</m:unknownThing>", "kept"),
    (f"<w:del><m:r><m:t>gone</m:t></m:r></w:del>{r('stays')}", "stays"),
])
def test_omml_structures_as_latex(inner, latex):
    assert om(inner) == latex


def test_nested_structures_compose():
    inner = (f"<m:f><m:num><m:nary><m:naryPr><m:chr m:val=\"∑\"/></m:naryPr><m:sub>{r('i=1')}</m:sub>"
             f"<m:sup>{r('n')}</m:sup><m:e><m:sSub><m:e>{r('x')}</m:e><m:sub>{r('i')}</m:sub></m:sSub></m:e></m:nary>"
             f"</m:num><m:den>{r('n')}</m:den></m:f>")
    assert om(inner) == "\\frac{\\sum_{i=1}^{n} x_{i}}{n}"


# ----------------------------------------------------------------------------- text boxes

NS_BOX = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')


def box_run(lines, floating=True, choice=True):
    """A run holding a text box the way Word 2010+ and LibreOffice write it: DrawingML in the Choice,
    the same box again in VML in the Fallback."""
    paras = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in lines)
    where = "anchor" if floating else "inline"
    drawing = (f'<w:drawing><wp:{where}><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent>{paras}'
               f'</w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:{where}></w:drawing>')
    vml = (f'<w:pict><v:rect style="{"position:absolute;" if floating else ""}width:283pt"><v:textbox>'
           f'<w:txbxContent>{paras}</w:txbxContent></v:textbox></v:rect></w:pict>')
    alt = (f'<mc:AlternateContent><mc:Choice Requires="wps">{drawing if choice else "<w:drawing/>"}</mc:Choice>'
           f'<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent>')
    return parse_xml(f'<w:r {W} {NS_BOX}>{alt}</w:r>')


def test_text_box_in_alternate_content_is_read_once_where_it_is_anchored():
    def fill(d):
        d.add_paragraph("PEMERINTAH KOTA MALANG")
        d.add_paragraph()._p.append(box_run(["JABATAN : KEPALA BIDANG UMUM", "TUGAS :"]))
        d.add_paragraph("Menyusun rencana kerja;")
    assert [p.text for p in paras(build(fill))] == [
        "PEMERINTAH KOTA MALANG", "JABATAN : KEPALA BIDANG UMUM", "TUGAS :", "Menyusun rencana kerja;"]


def test_floating_box_before_its_anchor_paragraph_inline_box_in_the_line():
    def fill(d):
        d.add_paragraph("teks jangkar")._p.append(box_run(["isi kotak mengambang"]))
        p = d.add_paragraph("sebelum ")
        p._p.append(box_run(["kotak sebaris"], floating=False))
        p.add_run(" sesudah")
    assert [p.text for p in paras(build(fill))] == [
        "isi kotak mengambang", "teks jangkar", "sebelum", "kotak sebaris", "sesudah"]


def test_fallback_read_when_the_choice_holds_no_text():
    def fill(d):
        d.add_paragraph()._p.append(box_run(["dari VML"], choice=False))
    assert [p.text for p in paras(build(fill))] == ["dari VML"]


def test_text_box_inside_a_table_cell_gives_lines_of_the_cell():
    def fill(d):
        t = d.add_table(rows=1, cols=2)
        t.cell(0, 0).text = "Jumlah A"
        t.cell(0, 1).paragraphs[0]._p.append(box_run(["Formulasi :", "Jumlah B"]))
    (t,) = tables(build(fill))
    assert t.texts() == [["Jumlah A", "Formulasi :\nJumlah B"]]


def test_jabatan_block_in_a_text_box_reaches_the_parser(tmp_path):
    from iki.pipeline import process_file

    def fill(d):
        d.add_paragraph("INDIKATOR KINERJA INDIVIDU")
        d.add_paragraph()._p.append(box_run(["JABATAN : KEPALA SUB BAGIAN UMUM",
                                             "TUGAS : Melaksanakan urusan umum dan kepegawaian"]))
        t = d.add_table(rows=2, cols=4)
        for i, h in enumerate(["NO", "SASARAN", "INDIKATOR KINERJA", "TARGET"]):
            t.cell(0, i).text = h
        for i, v in enumerate(["1", "Meningkatnya layanan umum", "Jumlah laporan kepegawaian", "12 laporan"]):
            t.cell(1, i).text = v
    path = tmp_path / "kotak.docx"
    path.write_bytes(build(fill))
    res = process_file(path)
    assert [p["jabatan"] for p in res.positions] == ["KEPALA SUB BAGIAN UMUM"]
    assert [i["indikator"] for i in res.indicators] == ["Jumlah laporan kepegawaian"]


# ----------------------------------------------------------------------------- Strict Open XML

def to_strict(data: bytes) -> bytes:
    """A Transitional package rewritten with ISO 29500 Strict namespaces and relationship types
    (package-level names, markup compatibility and Office extension namespaces stay, as in Strict)."""
    import re
    import zipfile

    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            raw = zin.read(item.filename)
            if item.filename.endswith((".xml", ".rels")):
                raw = re.sub(rb"http://schemas\.openxmlformats\.org/(?!package/)(\w+)/2006/(\w+)",
                             rb"http://purl.oclc.org/ooxml/\1/\2", raw)
            zout.writestr(item, raw)
    return out.getvalue()


SAMPLES_DOCX = CASES.parents[2].parent / "samples" / "docx"


@pytest.mark.parametrize("name", ["000_v1.docx", "handmade_numbering.docx"])
def test_strict_rewrite_of_a_real_document_reads_the_same(name):
    data = (SAMPLES_DOCX / name).read_bytes()
    strict = to_strict(data)
    import zipfile
    with zipfile.ZipFile(BytesIO(strict)) as z:
        assert b'xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"' in z.read("word/document.xml")
        assert b"purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" in z.read("_rels/.rels")
    a, b = read_docx(data), read_docx(strict)
    assert a.blocks == b.blocks and a.n_pages == b.n_pages and len(a.blocks) > 20


# ----------------------------------------------------------------------------- merged cells at the table's edges


def test_merge_ends_where_a_row_leaves_its_column_out_and_grid_after_is_kept():
    tbl = parse_xml(
        f'<w:tbl {W}><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>'
        '<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>A</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:p><w:r><w:t>B</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>C</w:t></w:r></w:p></w:tc></w:tr>'
        '<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>'
        '<w:tc><w:p><w:r><w:t>D</w:t></w:r></w:p></w:tc></w:tr>'
        '<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p><w:r><w:t>E</w:t></w:r></w:p></w:tc>'
        '<w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>')

    def fill(d):
        d.element.body.insert(0, tbl)
    (t,) = tables(build(fill))
    assert t.texts() == [["A", "B", "C"], ["", "D", ""], ["E", "", ""]]
    assert t.rows[0][0].rowspan == 1  # the row in between left column 0 out: "E" starts anew


def test_table_whose_last_rows_are_all_continuations_keeps_them():
    def fill(d):
        t = d.add_table(rows=3, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "Sasaran", "Target"
        t.cell(0, 0).merge(t.cell(2, 0))
        t.cell(0, 1).merge(t.cell(2, 1))
    (t,) = tables(build(fill))
    assert len(t.rows) == 3 and [c.rowspan for c in t.rows[0]] == [3, 3]


# ----------------------------------------------------------------------------- fraction bars drawn as borders


def bordered(p, *sides, between=False, extra=""):
    edges = "".join(f'<w:{s} w:val="single" w:sz="4" w:space="1" w:color="auto"/>' for s in sides)
    if between:
        edges += '<w:between w:val="single" w:sz="4" w:space="1" w:color="auto"/>'
    p._p.get_or_add_pPr().append(parse_xml(f"<w:pBdr {W}>{edges}{extra}</w:pBdr>"))
    return p


def cell_with(*paras):
    def fill(d):
        c = d.add_table(rows=1, cols=1).cell(0, 0)
        c.paragraphs[0].text = paras[0][0]
        if paras[0][1]:
            bordered(c.paragraphs[0], *paras[0][1], between=paras[0][2] if len(paras[0]) > 2 else False)
        for text, sides, *rest in paras[1:]:
            p = c.add_paragraph(text)
            if sides:
                bordered(p, *sides, between=rest[0] if rest else False)
    (t,) = tables(build(fill))
    return t.texts()[0][0]


@pytest.mark.parametrize("paras, text", [
    ([("Jumlah A", ["bottom"]), ("Jumlah B", None)], "Jumlah A\n_____\nJumlah B"),
    ([("Jumlah A", None), ("Jumlah B", ["top"])], "Jumlah A\n_____\nJumlah B"),
    ([("Jumlah A", ["bottom"]), ("", None), ("Jumlah B", ["top"])], "Jumlah A\n_____\nJumlah B"),
    ([("Jumlah A", None), ("", ["bottom"]), ("Jumlah B", None), ("x 100%", None)],
     "Jumlah A\n_____\nJumlah B\nx 100%"),
    # one bordered group (same box around both): Word draws no rule inside it, unless "between" is set
    ([("Jumlah A", ["top", "bottom", "left", "right"]), ("Jumlah B", ["top", "bottom", "left", "right"])],
     "Jumlah A\nJumlah B"),
    ([("Jumlah A", ["top", "bottom"], True), ("Jumlah B", ["top", "bottom"], True)], "Jumlah A\n_____\nJumlah B"),
    ([("Jumlah A", ["top"]), ("Jumlah B", ["bottom"])], "Jumlah A\nJumlah B"),  # outer edges separate nothing
])
def test_paragraph_border_between_two_paragraphs_of_a_cell_is_a_fraction_bar(paras, text):
    assert cell_with(*paras) == text


def test_border_from_the_paragraph_style_and_the_formula_it_gives():
    from normalize.formula import split_cell

    def fill(d):
        st = d.styles.add_style("Pembilang", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
        st.element.get_or_add_pPr().append(parse_xml(
            f'<w:pBdr {W}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'))
        c = d.add_table(rows=1, cols=1).cell(0, 0)
        c.paragraphs[0].text = "Formulasi Penghitungan :"
        c.add_paragraph("Jumlah dokumen yang disusun tepat waktu", style="Pembilang")
        c.add_paragraph("Jumlah dokumen yang disusun")
        d.add_paragraph("Kop surat bergaris bawah", style="Pembilang")  # a body rule is no fraction
    doc = build(fill)
    (t,) = tables(doc)
    text = t.texts()[0][0]
    assert text == ("Formulasi Penghitungan :\nJumlah dokumen yang disusun tepat waktu\n_____\n"
                    "Jumlah dokumen yang disusun")
    f = split_cell(text, "Persentase dokumen yang disusun tepat waktu").formula
    assert (f.type, f.numerator, f.denominator) == (
        "ratio", "Jumlah dokumen yang disusun tepat waktu", "Jumlah dokumen yang disusun")
    assert [p.text for p in paras(doc)] == ["Kop surat bergaris bawah"]


# ----------------------------------------------------------------------------- numbering variants


def multilevel(lvl_texts, legal_level=None, fmts=None):
    fmts = fmts or ["decimal"] * len(lvl_texts)
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmts[i]}"/>'
        f'{"<w:isLgl/>" if i == legal_level else ""}<w:lvlText w:val="{t}"/></w:lvl>'
        for i, t in enumerate(lvl_texts))
    return Numbering.from_xml(parse_xml(
        f'<w:numbering {W}><w:abstractNum w:abstractNumId="1">{lvls}</w:abstractNum>'
        '<w:num w:numId="7"><w:abstractNumId w:val="1"/></w:num></w:numbering>'))


def test_skipped_levels_count_from_their_start():
    num = multilevel(["%1.", "%1.%2.", "%1.%2.%3."])
    assert [num.label("7", i) for i in (1, 2, 0, 2, 1)] == ["1.1.", "1.1.1.", "2.", "2.1.1.", "2.2."]


def test_legal_numbering_shows_every_level_in_decimal():
    num = multilevel(["%1.", "%1.%2."], legal_level=1, fmts=["upperRoman", "decimal"])
    assert [num.label("7", 0), num.label("7", 1)] == ["I.", "1.1."]


def test_a_table_in_a_cell_of_a_layout_table_stays_a_table():
    """A page laid out as a table (a label cell beside a wide cell) whose wide cell holds the indicator
    table: the inner table is a table of its own, not one flattened cell; a small table inside a data cell
    of a real table does not make that table a frame."""
    rows = [["No", "Indikator Kinerja", "Target"], ["1", "Persentase dokumen", "100%"], ["2", "Jumlah laporan", "12"]]

    def fill(d):
        outer = d.add_table(rows=1, cols=2)
        outer.cell(0, 0).text = "Lampiran"
        cell = outer.cell(0, 1)
        cell.paragraphs[0].text = "JABATAN : KEPALA DINAS"
        inner = cell.add_table(rows=3, cols=3)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                inner.cell(r, c).text = v
        cell.add_paragraph("Sesudah tabel.")

    bs = blocks(build(fill))
    (t,) = [b for b in bs if isinstance(b, Table)]
    assert t.texts() == rows
    assert [b.text for b in bs if isinstance(b, Paragraph)] == ["Lampiran", "JABATAN : KEPALA DINAS", "Sesudah tabel."]

    def data_cell(d):
        t = d.add_table(rows=3, cols=3)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                t.cell(r, c).text = v
        t.cell(1, 2).add_table(rows=1, cols=2)
        t.cell(1, 2).tables[0].cell(0, 0).text = "2022"

    (t,) = tables(build(data_cell))
    assert t.texts()[0] == rows[0]
