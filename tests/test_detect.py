"""Format detection by content: every format iki reads, whatever the file's name or extension."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from extractors.detect import FORMATS, detect_format, is_flat_xml, is_html, pdf_start, sniff_text

DATA = Path(__file__).parent / "data"
FIXTURES = DATA / "formats"
CASES = DATA / "cases" / "readers"


def _zip(members: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members.items():
            z.writestr(name, body)
    return buf.getvalue()


def _image(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (40, 20), 255).save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize("name, expected", [
    ("mini.doc", "doc"), ("mini.rtf", "rtf"), ("mini.odt", "odt"), ("word2003.xml", "doc"),
    ("mini.xls", "xls"), ("mini.ods", "ods"), ("mini.fods", "ods"), ("encrypted.docx", "encrypted"),
])
def test_office_files_made_by_their_producers(name, expected):
    data = (FIXTURES / name).read_bytes()
    assert detect_format(data, name) == expected
    assert detect_format(data, "no_extension") == expected  # the name plays no part
    assert detect_format(data, name.upper()) == expected


def test_flat_opendocument_is_told_from_the_package():
    assert is_flat_xml((FIXTURES / "mini.fods").read_bytes())
    assert not is_flat_xml((FIXTURES / "mini.ods").read_bytes())


def test_p12_pdf_header_after_a_banner():
    data = (CASES / "p12_banner_before_header.pdf").read_bytes()
    assert not data.startswith(b"%PDF")
    assert detect_format(data, "x.pdf") == "pdf"
    start = pdf_start(data)
    assert 0 < start <= 1024 and data[start:].startswith(b"%PDF-")


def test_r1_pdf_without_extension_and_bmp_scan():
    folder = CASES / "r1_folder"
    assert detect_format((folder / "dokumen_tanpa_akhiran").read_bytes(), "dokumen_tanpa_akhiran") == "pdf"
    assert detect_format((folder / "scan.bmp").read_bytes(), "scan.bmp") == "image"


def test_pdf_header_rules():
    pdf = b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n%%EOF\n"
    assert pdf_start(pdf) == 0
    assert pdf_start(b"banner line\r\n" + pdf) == 13
    assert pdf_start(b"x" * 1100 + b"\n" + pdf) is None  # past the 1,024-byte window
    # a text that mentions a PDF header is not a PDF
    note = "Simpan sebagai %PDF-1.4 lalu kirim.\nJABATAN : KEPALA DINAS\n".encode()
    assert detect_format(note, "note.txt") == "text"
    assert detect_format(b"catatan\n%PDF-1.7\nbukan objek\n", "x") == "text"


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "TIFF", "BMP", "GIF", "WEBP"])
def test_images(fmt):
    assert detect_format(_image(fmt), "scan.dat") == "image"


def test_bmp_magic_needs_a_dib_header():
    assert detect_format(b"BM is how this note starts, not a bitmap.\n", "x.txt") == "text"


def test_ooxml_by_main_part_and_by_content_type():
    assert detect_format(_zip({"word/document.xml": "<w/>"})) == "docx"
    assert detect_format(_zip({"xl/workbook.xml": "<w/>", "xl/worksheets/sheet1.xml": "<s/>"})) == "xlsx"
    assert detect_format(_zip({"ppt/presentation.xml": "<p/>"})) == "pptx"
    types = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/xl/book.xml" ContentType="{}"/></Types>')
    macro = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    assert detect_format(_zip({"[Content_Types].xml": types.format(macro), "xl/book.xml": "<w/>"})) == "xlsx"
    word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    assert detect_format(_zip({"[Content_Types].xml": types.format(word), "doc/main.xml": "<w/>"})) == "docx"
    assert detect_format(_zip({"xl/workbook.bin": b"\x00"})) == "xlsb"


def test_opendocument_by_mimetype_and_manifest():
    for mime, fmt in [("text", "odt"), ("spreadsheet", "ods"), ("presentation", "odp"), ("text-template", "odt")]:
        data = _zip({"mimetype": f"application/vnd.oasis.opendocument.{mime}", "content.xml": "<c/>"})
        assert detect_format(data) == fmt
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
    assert detect_format(_zip({"META-INF/manifest.xml": manifest, "content.xml": "<c/>"})) == "ods"
    flat = ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document xmlns:office="urn:oasis:names:tc:'
            'opendocument:xmlns:office:1.0" office:version="1.3" '
            'office:mimetype="application/vnd.oasis.opendocument.text"><office:body/></office:document>')
    assert detect_format(flat.encode(), "x.fodt") == "odt"


def test_other_zips_and_broken_containers_are_unknown():
    assert detect_format(_zip({"mimetype": "application/epub+zip", "a.xhtml": "<html/>"})) == "unknown"
    assert detect_format(_zip({"data.csv": "a,b"})) == "unknown"
    assert detect_format(b"PK\x03\x04" + b"\x00" * 100) == "unknown"
    doc = (FIXTURES / "mini.doc").read_bytes()
    assert detect_format(doc[:512] + b"\x00" * 100) in ("unknown", "doc")  # a cut directory never raises


def test_zip_bomb_is_detected_without_inflating():
    assert detect_format((DATA / "bad" / "bomb.docx").read_bytes()) == "docx"


def test_excel_2003_xml_spreadsheet():
    xml = ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="IKI"/></Workbook>')
    assert detect_format(xml.encode(), "iki.xls") == "xls"


def test_wordperfect_and_rtf_after_whitespace():
    assert detect_format(b"\xffWPC\x10\x00\x00\x00\x01\x0a", "a.wpd") == "wpd"
    assert detect_format(b"\r\n{\\rtf1\\ansi JABATAN}", "a.doc") == "rtf"


HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>IKI</title></head>
<body><h1>INDIKATOR KINERJA INDIVIDU</h1><p>JABATAN : KEPALA DINAS</p>
<table><tr><td>No</td><td>Indikator Kinerja</td></tr></table></body></html>
"""


def test_html_in_its_encodings():
    assert detect_format(HTML_PAGE.encode(), "laporan.xls") == "html"
    assert detect_format(HTML_PAGE.encode("utf-16"), "laporan.htm") == "html"  # BOM'd UTF-16
    cp = HTML_PAGE.replace("KEPALA", "KEPALA – DINAS “SOSIAL”").encode("cp1252")
    assert detect_format(cp, "laporan.html") == "html"
    assert detect_format(("PHP Notice: undefined index\n" + HTML_PAGE).encode(), "x") == "html"
    xhtml = '<?xml version="1.0"?>\n<!-- export -->\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>'
    assert detect_format(xhtml.encode(), "x") == "html"


def test_bare_table_export_is_html_but_markdown_with_a_table_is_not():
    export = "<table border=1>\n<tr>\n<td rowspan=2>Sasaran</td>\n<td>Indikator</td>\n</tr>\n</table>\n"
    assert detect_format(export.encode(), "export.xls") == "html"
    md = ("<table><tr><td>PEMERINTAH KOTA</td></tr></table>\n\n# IKI\n\nJABATAN : KEPALA DINAS\n\n"
          "TUGAS : memimpin\n\nFUNGSI :\n\n1. perumusan\n2. pelaksanaan\n")
    assert detect_format(md.encode(), "seed.txt") == "text"
    assert detect_format(export.encode(), "export.md") == "markdown"  # .md: only a real page is HTML
    assert not is_html("JABATAN : <b>KEPALA</b>\n")


def test_text_and_markdown_by_name_and_encodings():
    body = "JABATAN : KEPALA DINAS\nTUGAS : memimpin dinas\n"
    assert detect_format(body.encode(), "a.txt") == "text"
    assert detect_format(body.encode(), "A.MD") == "markdown"
    assert detect_format(body.encode("utf-16"), "a.txt") == "text"
    assert detect_format("Rp 4.000 – “baik”".encode("cp1252"), "a.txt") == "text"
    assert detect_format(body.encode() + b"\x1a", "old.txt") == "text"  # a DOS end-of-file mark
    assert sniff_text("é".encode() * 40000) is not None  # a multi-byte character cut by the sample


def test_binary_empty_and_the_name_set():
    assert detect_format(b"") == "empty"
    assert detect_format(bytes(range(256)) * 10, "noise.txt") == "unknown"
    assert detect_format((DATA / "bad" / "noise.bin.txt").read_bytes(), "noise.bin.txt") == "unknown"
    results = {detect_format(p.read_bytes(), p.name) for p in FIXTURES.iterdir()}
    assert results <= set(FORMATS)


def test_existing_samples_keep_their_formats():
    root = Path(__file__).parents[1]
    for p in (root / "samples" / "seeds").glob("*.txt"):
        assert detect_format(p.read_bytes(), p.name) == "text", p
    for p in (DATA / "variants").glob("*.md"):
        assert detect_format(p.read_bytes(), p.name) == "markdown", p
    for p in (root / "samples" / "docx").glob("*.docx"):
        assert detect_format(p.read_bytes(), p.name) == "docx", p
    for p in (root / "samples" / "pdf").glob("*.pdf"):
        assert detect_format(p.read_bytes(), p.name) == "pdf", p


def test_a_scanned_pdf_is_never_program_source():
    """An image-only PDF whose JPEG bytes happen to hold many lines that look like statements (a
    generated shaded scan was skipped as ``data_or_code`` by a folder run): binary content and a PDF
    are documents, not code."""
    from extractors.detect import data_kind

    code = b"".join(b"x = f(y);\nreturn z;\nimport os\n" for _ in range(20))
    assert data_kind(code) == "program source code"
    assert data_kind(b"%PDF-1.4\n" + code) is None
    assert data_kind(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + code) is None
