"""The OpenDocument text reader: small documents written here (flat XML and zipped packages, no
LibreOffice needed), the reader cases saved as ODT by LibreOffice, and hostile packages."""
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from extractors.ir import Paragraph, Table
from extractors.readers.odt import MAX_OBJECTS, OdtError, format_odf_number, read_odt
from extractors.readers.package import MAX_PART_BYTES

DATA = Path(__file__).parent / "data" / "odt"

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" '
      'xmlns:math="http://www.w3.org/1998/Math/MathML"')


def fodt(body: str, auto: str = "", styles: str = "") -> bytes:
    """A flat OpenDocument text (.fodt) with this body and these styles."""
    return (f'<?xml version="1.0" encoding="UTF-8"?><office:document {NS} office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.text">'
            f'<office:styles>{styles}</office:styles><office:automatic-styles>{auto}</office:automatic-styles>'
            f'<office:body><office:text>{body}</office:text></office:body></office:document>').encode()


def package(content_body: str, auto: str = "", styles: str = "", extra: dict | None = None,
            mimetype: str = "application/vnd.oasis.opendocument.text", manifest: str = "") -> bytes:
    """A zipped .odt: mimetype first and stored, content.xml, styles.xml, more parts in ``extra``."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        z.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}>'
                   f'<office:automatic-styles>{auto}</office:automatic-styles><office:body><office:text>'
                   f'{content_body}</office:text></office:body></office:document-content>')
        z.writestr("styles.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS}>'
                   f'<office:styles>{styles}</office:styles></office:document-styles>')
        if manifest:
            z.writestr("META-INF/manifest.xml", manifest)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return out.getvalue()


def blocks(data):
    return read_odt(data).blocks


def paras(data):
    return [b for b in blocks(data) if isinstance(b, Paragraph)]


def tables(data):
    return [b for b in blocks(data) if isinstance(b, Table)]


def p(text, style="Standard"):
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def list_style(name, *levels):
    """levels: (kind, fmt, prefix, suffix, display, extra-attributes)."""
    out = f'<text:list-style style:name="{name}">'
    for i, (kind, fmt, prefix, suffix, display, extra) in enumerate(levels, start=1):
        if kind == "bullet":
            out += f'<text:list-level-style-bullet text:level="{i}" text:bullet-char="{fmt}" {extra}/>'
        else:
            out += (f'<text:list-level-style-number text:level="{i}" style:num-format="{fmt}" '
                    f'style:num-prefix="{prefix}" style:num-suffix="{suffix}" text:display-levels="{display}" {extra}/>')
    return out + "</text:list-style>"


def items(*texts, nested=""):
    return "".join(f"<text:list-item>{p(t)}{nested if i == len(texts) - 1 else ''}</text:list-item>"
                   for i, t in enumerate(texts))


# ----------------------------------------------------------------------------- paragraphs and text


def test_paragraphs_headings_spaces_tabs_breaks_and_bold():
    styles = ('<style:style style:name="Kop" style:family="paragraph"><style:text-properties fo:font-weight="bold"/>'
              '</style:style><style:style style:name="B" style:family="text"><style:text-properties '
              'fo:font-weight="bold"/></style:style>')
    body = ('<text:h text:style-name="Standard" text:outline-level="2">INDIKATOR KINERJA INDIVIDU</text:h>'
            + p("PEMERINTAH KOTA MALANG", "Kop")
            + p('<text:span text:style-name="B">JABATAN</text:span><text:tab/>:<text:s text:c="2"/>Kepala'
                '<text:line-break/>2. TUGAS : Menyusun')
            + p('isi<text:note><text:note-citation>1</text:note-citation><text:note-body>'
                + p("catatan kaki") + '</text:note-body></text:note> dengan catatan'))
    ps = paras(fodt(body, styles=styles))
    assert [(x.heading, x.label, x.text, x.bold) for x in ps] == [
        (2, None, "INDIKATOR KINERJA INDIVIDU", False), (0, None, "PEMERINTAH KOTA MALANG", True),
        (0, None, "JABATAN : Kepala", False), (0, "2.", "TUGAS : Menyusun", False),
        (0, None, "isi dengan catatan", False)]


# ----------------------------------------------------------------------------- list numbering


def test_list_style_formats_prefixes_suffixes_and_levels():
    auto = list_style("L1", ("number", "a", "", ".", 1, ""), ("number", "1", "(", ")", 1, ""),
                      ("bullet", "–", "", "", 1, ""))
    inner = f'<text:list>{items("satu", nested="<text:list>" + items("titik") + "</text:list>")}</text:list>'
    body = f'<text:list text:style-name="L1">{items("Pertama", "Kedua", nested=inner)}</text:list>'
    assert [(x.label, x.level, x.text) for x in paras(fodt(body, auto))] == [
        ("a.", 0, "Pertama"), ("b.", 0, "Kedua"), ("(1)", 1, "satu"), ("–", 2, "titik")]


def test_display_levels_and_libreoffice_list_format():
    auto = (list_style("L1", ("number", "1", "", ".", 1, ""), ("number", "1", "", ".", 2, ""),
                       ("number", "i", "", ")", 3, ""))
            + '<text:list-style style:name="L2"><text:list-level-style-number text:level="1" style:num-format="1" '
              'loext:num-list-format="Bab %1%:"/><text:list-level-style-number text:level="2" style:num-format="A" '
              'loext:num-list-format="%1%-%2%"/></text:list-style>')
    deep = "<text:list>" + items("tiga") + "</text:list>"
    body = (f'<text:list text:style-name="L1">{items("satu", nested="<text:list>" + items("dua", nested=deep) + "</text:list>")}'
            '</text:list>'
            f'<text:list text:style-name="L2">{items("awal", nested="<text:list>" + items("x", "y") + "</text:list>")}'
            '</text:list>')
    assert [x.label for x in paras(fodt(body, auto))] == ["1.", "1.1.", "1.1.i)", "Bab 1:", "1-A", "1-B"]


def test_skipped_level_counts_as_word_and_libreoffice_count():
    auto = list_style("L", ("number", "1", "", ".", 1, ""), ("number", "1", "", ".", 2, ""),
                      ("number", "1", "", ".", 3, ""))
    wrapper = "<text:list><text:list-item><text:list>" + items("rinci") + "</text:list></text:list-item>" + \
        items("sub") + "</text:list>"
    body = f'<text:list text:style-name="L">{items("bagian", nested=wrapper)}</text:list>'
    assert [x.label for x in paras(fodt(body, auto))] == ["1.", "1.1.1.", "1.2."]


def test_lists_continue_by_id_or_by_style_and_restart_by_start_value():
    auto = list_style("L", ("number", "1", "", ".", 1, ""))
    body = (f'<text:list xml:id="l1" text:style-name="L">{items("a", "b")}</text:list>' + p("sela")
            + f'<text:list text:continue-list="l1" text:style-name="L">{items("c")}</text:list>'
            + f'<text:list text:continue-numbering="true" text:style-name="L">{items("d")}</text:list>'
            + f'<text:list text:style-name="L">{items("baru")}</text:list>'
            + '<text:list text:style-name="L"><text:list-item text:start-value="7">' + p("tujuh")
            + "</text:list-item></text:list>"
            + f'<text:list text:style-name="L"><text:list-header>{p("judul tanpa nomor")}</text:list-header>'
            + items("satu") + "</text:list>")
    assert [(x.label, x.text) for x in paras(fodt(body, auto))] == [
        ("1.", "a"), ("2.", "b"), (None, "sela"), ("3.", "c"), ("4.", "d"), ("1.", "baru"), ("7.", "tujuh"),
        (None, "judul tanpa nomor"), ("1.", "satu")]


def test_list_style_from_the_paragraph_style_and_numbered_paragraphs():
    styles = ('<style:style style:name="Daftar" style:family="paragraph" style:list-style-name="L"/>'
              + list_style("L", ("number", "A", "", ")", 1, "")))
    body = (f'<text:list>{items("x", "y").replace("Standard", "Daftar")}</text:list>'
            '<text:numbered-paragraph text:list-id="n1" text:style-name="L">' + p("pertama") + "</text:numbered-paragraph>"
            '<text:numbered-paragraph text:list-id="n1" text:style-name="L">' + p("kedua") + "</text:numbered-paragraph>"
            '<text:numbered-paragraph text:list-id="n2" text:level="1"><text:number>IV.</text:number>' + p("as rendered")
            + "</text:numbered-paragraph>")
    assert [(x.label, x.text) for x in paras(fodt(body, styles=styles))] == [
        ("A)", "x"), ("B)", "y"), ("A)", "pertama"), ("B)", "kedua"), ("IV.", "as rendered")]


def test_headings_numbered_by_the_outline_style():
    styles = ('<text:outline-style style:name="Outline"><text:outline-level-style text:level="1" style:num-format="I" '
              'style:num-suffix="."/><text:outline-level-style text:level="2" style:num-format="1" '
              'text:display-levels="2" style:num-suffix="."/></text:outline-style>')
    body = ('<text:h text:outline-level="1">Pendahuluan</text:h><text:h text:outline-level="2">Latar</text:h>'
            '<text:h text:outline-level="2">Tujuan</text:h><text:h text:outline-level="1">Isi</text:h>'
            '<text:h text:outline-level="1" text:is-list-header="true">Lampiran</text:h>')
    assert [(x.label, x.heading, x.text) for x in paras(fodt(body, styles=styles))] == [
        ("I.", 1, "Pendahuluan"), ("I.1.", 2, "Latar"), ("I.2.", 2, "Tujuan"), ("II.", 1, "Isi"),
        (None, 1, "Lampiran")]


@pytest.mark.parametrize("n, fmt, sync, out", [(1, "1", False, "1"), (27, "a", False, "aa"), (28, "a", False, "ab"),
                                               (28, "a", True, "bb"), (4, "I", False, "IV"), (3, "A", False, "C"),
                                               (5, "", False, "")])
def test_odf_number_formats(n, fmt, sync, out):
    assert format_odf_number(n, fmt, sync) == out


# ----------------------------------------------------------------------------- tables


def cell(text, attrs=""):
    return f'<table:table-cell{attrs} office:value-type="string">{p(text) if text else ""}</table:table-cell>'


def test_table_spans_covered_cells_repeats_and_header_rows():
    body = ('<table:table table:name="T"><table:table-column table:number-columns-repeated="4"/>'
            '<table:table-header-rows><table:table-row>' + cell("NO") + cell("SASARAN") + cell("INDIKATOR")
            + cell("TARGET") + '</table:table-row></table:table-header-rows>'
            '<table:table-row>' + cell("1") + cell("Meningkatnya A", ' table:number-rows-spanned="2"')
            + cell("Jumlah X") + cell("12") + "</table:table-row><text:soft-page-break/>"
            '<table:table-row>' + cell("2") + "<table:covered-table-cell/>" + cell("Jumlah Y") + cell("4")
            + "</table:table-row>"
            '<table:table-row>' + cell("Catatan", ' table:number-columns-spanned="3"')
            + '<table:covered-table-cell table:number-columns-repeated="2"/>' + cell("-") + "</table:table-row>"
            '<table:table-row table:number-rows-repeated="500">' + cell("", ' table:number-columns-repeated="4"')
            + "</table:table-row></table:table>")
    doc = read_odt(fodt(p("x") + body))
    (t,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert t.texts()[:4] == [["NO", "SASARAN", "INDIKATOR", "TARGET"], ["1", "Meningkatnya A", "Jumlah X", "12"],
                             ["2", "", "Jumlah Y", "4"], ["Catatan", "", "", "-"]]
    assert len(t.rows) == 5  # the 500 repeated blank rows are one blank row
    sas = t.rows[1][1]
    assert (sas.rowspan, t.rows[3][0].colspan) == (2, 3)
    assert [r[0].loc.page for r in t.rows[1:4]] == [1, 2, 2] and doc.n_pages == 2


def test_nested_table_and_layout_container():
    inner = ('<table:table><table:table-row>' + cell("INDIKATOR") + cell("SUMBER DATA") + "</table:table-row>"
             "</table:table>")
    body = ('<table:table><table:table-row><table:table-cell>' + p("JABATAN : Kepala Seksi") + inner
            + "</table:table-cell></table:table-row></table:table>"
            '<table:table><table:table-row><table:table-cell>' + p("Rumus :") + inner
            + "</table:table-cell>" + cell("lain") + "</table:table-row></table:table>")
    bs = blocks(fodt(body))
    assert isinstance(bs[0], Paragraph) and bs[0].text == "JABATAN : Kepala Seksi"
    assert isinstance(bs[1], Table) and bs[1].texts() == [["INDIKATOR", "SUMBER DATA"]]
    assert bs[2].texts() == [["Rumus :\nINDIKATOR | SUMBER DATA", "lain"]]


def test_paragraph_border_between_two_paragraphs_of_a_cell_is_a_fraction_bar():
    auto = ('<style:style style:name="Num" style:family="paragraph"><style:paragraph-properties '
            'fo:border-bottom="0.5pt solid #000000"/></style:style>'
            '<style:style style:name="Den" style:family="paragraph"><style:paragraph-properties '
            'fo:border-top="0.5pt solid #000000"/></style:style>'
            '<style:style style:name="Box" style:family="paragraph"><style:paragraph-properties '
            'fo:border="0.5pt solid #000000"/></style:style>'
            '<style:style style:name="Kop" style:family="paragraph"><style:paragraph-properties '
            'fo:border-bottom="1.5pt double #000000"/></style:style>')
    body = ('<table:table><table:table-row><table:table-cell>' + p("Jumlah A", "Num") + p("Jumlah B")
            + "</table:table-cell><table:table-cell>" + p("Jumlah C") + p("Jumlah D", "Den")
            + "</table:table-cell><table:table-cell>" + p("dalam", "Box") + p("kotak", "Box")
            + "</table:table-cell></table:table-row></table:table>" + p("KOP SURAT", "Kop") + p("isi"))
    bs = blocks(fodt(body, auto))
    assert bs[0].texts() == [["Jumlah A\n_____\nJumlah B", "Jumlah C\n_____\nJumlah D", "dalam\nkotak"]]
    assert [b.text for b in bs[1:]] == ["KOP SURAT", "isi"]  # a rule in the body separates no fraction


# ----------------------------------------------------------------------------- pages, frames, formulas


def test_page_numbers_from_hard_and_soft_breaks():
    auto = ('<style:style style:name="PB" style:family="paragraph"><style:paragraph-properties fo:break-before="page"/>'
            '</style:style><style:style style:name="MP" style:family="paragraph" style:master-page-name="Landscape"/>'
            '<style:style style:name="TB" style:family="table"><style:table-properties fo:break-before="page"/>'
            '</style:style>')
    body = (p("awal", "PB") + p("satu") + "<text:soft-page-break/>" + p("dua") + p("tiga", "PB") + p("empat", "MP")
            + '<table:table table:style-name="TB"><table:table-row>' + cell("lima") + "</table:table-row></table:table>"
            + p("se<text:soft-page-break/>enam"))
    doc = read_odt(fodt(body, auto))
    pages = [(b.text if isinstance(b, Paragraph) else "T", b.loc.page) for b in doc.blocks]
    # a break before the very first paragraph starts no page; one inside a paragraph counts after it starts
    assert pages == [("awal", 1), ("satu", 1), ("dua", 2), ("tiga", 3), ("empat", 4), ("T", 5), ("seenam", 5)]
    assert doc.n_pages == 6


def test_text_box_read_where_it_is_anchored_and_shapes_with_text():
    body = (p("Sebelum.")
            + p('<draw:frame text:anchor-type="paragraph"><draw:text-box>' + p("JABATAN : KEPALA DINAS")
                + p("TUGAS :") + '</draw:text-box></draw:frame>Sesudah.')
            + p('kalimat <draw:frame text:anchor-type="as-char"><draw:text-box>' + p("sebaris")
                + '</draw:text-box></draw:frame> lanjut')
            + p('<draw:custom-shape text:anchor-type="paragraph">' + p("dalam bentuk") + "</draw:custom-shape>"))
    assert [x.text for x in paras(fodt(body))] == [
        "Sebelum.", "JABATAN : KEPALA DINAS", "TUGAS :", "Sesudah.", "kalimat", "sebaris", "lanjut", "dalam bentuk"]


MATH_FRAC = ('<math:math><math:semantics><math:mrow><math:mfrac><math:mtext>Jumlah A</math:mtext>'
             '<math:mtext>Jumlah B</math:mtext></math:mfrac><math:mo>×</math:mo><math:mn>100</math:mn>'
             '<math:mtext>%</math:mtext></math:mrow><math:annotation encoding="StarMath 5.0">ignored</math:annotation>'
             '</math:semantics></math:math>')


def test_formula_objects_inline_in_a_flat_file_and_as_package_parts():
    frame = ('<draw:frame text:anchor-type="as-char"><draw:object xlink:href="./Object 1"/>'
             '<draw:image xlink:href="./ObjectReplacements/Object 1"/></draw:frame>')
    data = package('<table:table><table:table-row><table:table-cell>' + p("Formulasi :") + p(frame)
                   + "</table:table-cell></table:table-row></table:table>",
                   extra={"Object 1/content.xml": MATH_FRAC.replace("math:", "").replace(
                       "<math>", '<math xmlns="http://www.w3.org/1998/Math/MathML">'),
                          "ObjectReplacements/Object 1": b"\x00picture"})
    (t,) = tables(data)
    assert t.texts() == [["Formulasi :\n$\\frac{Jumlah A}{Jumlah B}×100%$"]]
    flat = fodt(p(f'<draw:frame text:anchor-type="as-char"><draw:object>{MATH_FRAC}</draw:object></draw:frame>'))
    assert paras(flat)[0].text == "$\\frac{Jumlah A}{Jumlah B}×100%$"


@pytest.mark.parametrize("mathml, latex", [
    ("<msup><mi>m</mi><mn>2</mn></msup>", "m^{2}"),
    ("<mrow><mn>1</mn><msup><mn>0</mn><mrow><mo>−</mo><mn>3</mn></mrow></msup></mrow>", "10^{-3}"),
    ("<msub><mi>x</mi><mi>i</mi></msub>", "x_{i}"),
    ("<msubsup><mi>x</mi><mi>i</mi><mn>2</mn></msubsup>", "x_{i}^{2}"),
    ("<mrow><munderover><mo>∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover><mi>x</mi></mrow>",
     "\\sum_{i=1}^{n} x"),
    ("<mtable><mtr><mtd><mi>n</mi></mtd></mtr><mtr><mtd><mi>k</mi></mtd></mtr></mtable>", "\\binom{n}{k}"),
    ("<mfrac linethickness=\"0\"><mi>n</mi><mi>k</mi></mfrac>", "\\binom{n}{k}"),
    ("<msqrt><mi>x</mi></msqrt>", "\\sqrt{x}"),
    ("<mroot><mi>y</mi><mn>3</mn></mroot>", "\\sqrt[3]{y}"),
    ("<mrow><mo fence=\"true\">(</mo><mfrac><mi>a</mi><mi>b</mi></mfrac><mo fence=\"true\">)</mo></mrow>",
     "\\left( \\frac{a}{b} \\right)"),
    ("<mfenced open=\"[\" close=\"]\"><mi>a</mi><mi>b</mi></mfenced>", "[a,b]"),
    ("<mover accent=\"true\"><mi>x</mi><mo>^</mo></mover>", "\\hat{x}"),
    ("<mover><mi>z</mi><mo>‾</mo></mover>", "\\overline{z}"),
    ("<mrow><mo>(</mo><mi>a</mi><mo>)</mo><mo>+</mo><mo>(</mo><mi>b</mi><mo>)</mo></mrow>", "(a)+(b)"),
    ("<mrow><mi>sin</mi><mi>x</mi></mrow>", "\\sin x"),
    ("<mrow><mo>(</mo><mtable><mtr><mtd><mn>1</mn></mtd><mtd><mn>0</mn></mtd></mtr><mtr><mtd><mn>0</mn></mtd>"
     "<mtd><mn>1</mn></mtd></mtr></mtable><mo>)</mo></mrow>", "\\begin{pmatrix} 1 & 0 \\\\ 0 & 1 \\end{pmatrix}"),
    ("<menclose notation=\"box\"><mi>E</mi></menclose>", "\\boxed{E}"),
    ("<mrow><mi>f</mi><mo>(</mo><mi>x</mi><mo>)</mo><mo>=</mo><mo>∑</mo><mtext>Dokumen</mtext></mrow>",
     "f(x)=\\sum Dokumen"),
    ("<mrow><mphantom><mi>q</mi></mphantom><mi>r</mi></mrow>", "r"),
])
def test_mathml_as_the_latex_the_word_reader_writes(mathml, latex):
    from lxml import etree
    from extractors.readers.mathml import mathml_latex
    root = etree.fromstring(f'<math xmlns="http://www.w3.org/1998/Math/MathML">{mathml}</math>')
    assert mathml_latex(root) == latex


# ----------------------------------------------------------------------------- reader cases saved by LibreOffice


def case(name):
    return read_odt((DATA / name).read_bytes()).blocks


def test_libreoffice_odt_of_case_d1_keeps_equation_structure():
    assert [b.text for b in case("d1_omml_scripts_limits_binomial.odt")] == [
        "Luas: $A=m^{2}$", "Skala: $10^{-3}$", "Indeks: $x_{i}$", "Jumlah: $\\sum_{i=1}^{n} x$",
        "Binomial: $\\binom{n}{k}$"]


def test_libreoffice_flat_fodt_of_case_d1_through_the_pipeline(tmp_path):
    import gzip
    from iki.pipeline import extract_document

    data = gzip.decompress((DATA / "d1_omml_scripts_limits_binomial.fodt.gz").read_bytes())
    doc = extract_document(data, str(tmp_path / "d1.fodt"))
    assert doc.format == "odt" and [b.text for b in doc.blocks][3] == "Jumlah: $\\sum_{i=1}^{n} x$"


def test_libreoffice_odt_of_case_d2_text_box():
    assert [b.text for b in case("d2_text_box.odt")] == [
        "Sebelum kotak teks.", "JABATAN : KEPALA DINAS", "Sesudah kotak teks."]


def test_libreoffice_odt_of_case_d5_merge_continuation():
    (t,) = case("d5_row_of_only_merge_continuation.odt")
    assert len(t.rows) == 2 and t.texts()[0] == ["Sasaran", "Indikator", "Target"]
    assert [c.rowspan for c in t.rows[0]] == [1, 1, 2]


def test_libreoffice_odt_of_case_d6_numbering():
    assert [(b.label, b.level) for b in case("d6_skipped_level_numbering.odt")] == [
        ("1.", 0), ("1.1.1.", 2), ("1.2.", 1)]


# ----------------------------------------------------------------------------- bad input


def test_not_an_odt_gives_clear_errors():
    with pytest.raises(OdtError, match="damaged zip"):
        read_odt(b"PK\x03\x04 not really a zip")
    with pytest.raises(OdtError, match="spreadsheet"):
        read_odt(package(p("x"), mimetype="application/vnd.oasis.opendocument.spreadsheet"))
    with pytest.raises(OdtError, match="password"):
        read_odt(package(p("x"), manifest='<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                                          'xmlns:manifest:1.0"><manifest:encryption-data/></manifest:manifest>'))
    with pytest.raises(OdtError, match="invalid XML"):
        read_odt(package("<text:p>unclosed"))
    with pytest.raises(OdtError, match="office:document"):
        read_odt(b'<?xml version="1.0"?><html/>')


def test_entities_are_not_expanded():
    data = fodt(p("isi&a;")).replace(b"<office:document", b'<!DOCTYPE d [<!ENTITY a "AAAAAAAAAA">]><office:document', 1)
    ps = paras(data)
    assert ps and "AAAA" not in ps[0].text


def test_a_part_that_would_inflate_past_the_limit_is_refused(monkeypatch):
    import extractors.readers.package as pkg
    data = package(p("x" * 20_000))
    monkeypatch.setattr(pkg, "MAX_PART_BYTES", 10_000)
    with pytest.raises(OdtError, match="refused: content.xml"):
        read_odt(data)
    assert MAX_PART_BYTES >= 100 * 2**20


def test_too_many_formula_objects_are_refused(monkeypatch):
    import extractors.readers.odt as odt
    monkeypatch.setattr(odt, "MAX_OBJECTS", 2)
    frames = "".join(f'<draw:frame><draw:object xlink:href="./Object {k}"/></draw:frame>' for k in range(3))
    extra = {f"Object {k}/content.xml": '<math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math>'
             for k in range(3)}
    with pytest.raises(OdtError, match="embedded objects"):
        read_odt(package(p(frames), extra=extra))
    assert MAX_OBJECTS >= 1000


def test_a_picture_in_a_cell_is_marked_and_nowhere_else():
    """A formula pasted as a picture in a cell leaves OBJECT_MARK (the formula splitter warns
    formula_image); a picture in the body leaves nothing."""
    from normalize.text import OBJECT_MARK
    pic = '<draw:frame draw:name="g"><draw:image xlink:href="Pictures/r.png"/></draw:frame>'
    body = (f'<text:p>Logo {pic}</text:p><table:table table:name="T"><table:table-column/><table:table-row>'
            f'<table:table-cell><text:p>Formulasi :</text:p><text:p>{pic}</text:p></table:table-cell>'
            '</table:table-row></table:table>')
    bs = blocks(fodt(body))
    assert [b.text for b in bs if isinstance(b, Paragraph)] == ["Logo"]
    [t] = [b for b in bs if isinstance(b, Table)]
    assert t.texts() == [["Formulasi :\n" + OBJECT_MARK]]
