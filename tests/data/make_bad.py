"""Write the hostile-input corpus to tests/data/bad/: files that must each get a clear documents row.

Kept under tests/, not samples/, so that the README's main job on samples/ reads only good documents.
Small files are stored; large ones (a TIFF with 1,200 frames) and those the file system must make
(a FIFO, a file name that is not UTF-8) are made by the tests (``tests/test_hostile.py``) from the
functions here.

Usage: python tests/data/make_bad.py [OUTDIR]   (default tests/data/bad; needs pypdf and python-docx)
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "bad"
    out.mkdir(parents=True, exist_ok=True)
    import docx
    from pypdf import PdfReader, PdfWriter

    src_pdf = ROOT / "samples" / "pdf" / "003_rl.pdf"
    (out / "empty.txt").write_bytes(b"")
    (out / "truncated.pdf").write_bytes(src_pdf.read_bytes()[:4000])
    w = PdfWriter(clone_from=PdfReader(str(src_pdf)))
    w.encrypt("rahasia")
    with open(out / "locked.pdf", "wb") as f:
        w.write(f)
    # a zip bomb: a document.xml that inflates to 250 MiB of spaces, a few hundred KB on disk
    with zipfile.ZipFile(out / "bomb.docx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
                   'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            block = b" " * (1 << 20)
            for _ in range(250):
                f.write(block)
    # "billion laughs": nested entities in the main part
    d = docx.Document()
    d.add_paragraph("JABATAN : Kepala Seksi")
    buf = io.BytesIO()
    d.save(buf)
    laughs = ('<!DOCTYPE w:document [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
              '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>')
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out / "laughs.docx", "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:document", laughs.encode() + b"<w:document", 1)
                data = data.replace(b"Kepala Seksi", b"Kepala Seksi &f;")
            zout.writestr(item, data)
    # a Word document with the wrong extension, and a PDF with 2,000 blank pages
    (out / "really_docx.pdf").write_bytes((ROOT / "samples" / "docx" / "handmade_numbering.docx").read_bytes())
    w = PdfWriter()
    for _ in range(2000):
        w.add_blank_page(595, 842)
    with open(out / "long.pdf", "wb") as f:
        w.write(f)
    # not an IKI document at all, and binary noise
    d = docx.Document()
    d.add_paragraph("Undangan rapat koordinasi hari Senin pukul 09.00 di aula kantor.")
    d.save(out / "undangan.docx")
    (out / "noise.bin.txt").write_bytes(bytes(range(256)) * 64)
    write_hostile_pdfs(out)
    write_damaged_docx(out)
    (out / "huge_colspan.md").write_text("JABATAN : Kepala Seksi\n\n<table><tr><td colspan=999999999>x</td></tr>"
                                         "<tr><td>a</td><td>b</td></tr></table>\n", encoding="utf-8")
    with zipfile.ZipFile(out / "archive.zip", "w") as z:  # a ZIP that is not an office document
        z.writestr("notes.txt", "not a document")
    print("\n".join(sorted(p.name for p in out.iterdir())))
    return 0


def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF made of the given object bodies (object 1 is the catalog), with a correct xref table."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"


def _stream(data: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def write_hostile_pdfs(out: Path) -> None:
    """PDFs that loop, lie about their size or cannot be read; each must be `error` with a reason."""
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>"
    # a stream whose /Length is an object that refers to itself: pdfminer loops resolving it
    (out / "cycle_length.pdf").write_bytes(raw_pdf([_CATALOG, _PAGES, page.replace(b"/Contents 4 0 R", b"/Contents 4 0 R"),
                                                    b"<< /Length 5 0 R >>\nstream\nBT (x) Tj ET\nendstream", b"5 0 R"]))
    # a page tree that contains itself and claims 99,999,999 pages
    (out / "kids_cycle.pdf").write_bytes(raw_pdf([_CATALOG, b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 99999999 >>",
                                                  b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]))
    # a form XObject that draws itself
    form = b"q /X1 Do Q"
    (out / "form_cycle.pdf").write_bytes(raw_pdf([
        _CATALOG, _PAGES,
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /X1 5 0 R >> >> >>",
        _stream(form),
        _stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /X1 5 0 R >> >> ")]))
    # the only page's content stream is damaged (not deflate data)
    (out / "unreadable_page.pdf").write_bytes(raw_pdf([_CATALOG, _PAGES, page,
                                                       _stream(b"x\x9c" + b"\x00garbage" * 20, b"/Filter /FlateDecode ")]))
    # a blank page of 200 x 200 inches: 3.6 gigapixels if rendered at 300 dpi for OCR
    (out / "giant_page.pdf").write_bytes(raw_pdf([_CATALOG, _PAGES, page.replace(b"595 842", b"14400 14400"),
                                                  _stream(b"")]))


def write_damaged_docx(out: Path) -> None:
    """Word files damaged inside: a corrupt ZIP entry, a bad number in numbering.xml, a huge cell span."""
    import docx

    d = docx.Document()
    d.add_paragraph("JABATAN : Kepala Seksi", style="List Number")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "INDIKATOR KINERJA"
    buf = io.BytesIO()
    d.save(buf)
    good = buf.getvalue()

    def rewrite(name: str, change) -> bytes:
        b = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as zin, zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                zout.writestr(item, change(data) if item.filename == name else data)
        return b.getvalue()

    (out / "bad_numbering.docx").write_bytes(rewrite("word/numbering.xml",
                                                     lambda x: x.replace(b'w:ilvl="0"', b'w:ilvl="nol"', 1)))
    (out / "huge_span.docx").write_bytes(rewrite("word/document.xml", lambda x: x.replace(
        b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="100000000"/>', 1)))
    # flip bytes inside the compressed document.xml: its CRC no longer matches
    raw = bytearray(good)
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        info = z.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 40, start + 60):
        raw[k] ^= 0x5A
    (out / "corrupt_entry.docx").write_bytes(bytes(raw))


def many_frames_tiff(path: Path, frames: int = 1200) -> None:
    """A TIFF with more frames than --max-pages allows (tiny frames: a few hundred KB)."""
    from PIL import Image

    first = Image.new("L", (8, 8), 255)
    first.save(path, save_all=True, append_images=[Image.new("L", (8, 8), 255)] * (frames - 1), compression="raw")


if __name__ == "__main__":
    sys.exit(main())
