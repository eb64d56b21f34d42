"""Write the hostile-input corpus to tests/data/bad/: files that must each get a clear documents row.

Kept under tests/, not samples/, so that the README's main job on samples/ reads only good documents.

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
    print("\n".join(sorted(p.name for p in out.iterdir())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
