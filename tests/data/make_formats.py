"""Write tests/data/formats/: one small file per office format iki detects, made by the real producers.

Each holds the paragraph ``JABATAN : KEPALA DINAS`` and the 3×3 table ``No | Indikator Kinerja | Target``.
The Word and Excel sources are written with python-docx and openpyxl, then saved by LibreOffice as
.doc, .rtf, .odt, .xls, .ods, .fods and Word 2003 XML; msoffcrypto-tool writes a password-protected .docx.
The outputs are committed: the tests need neither LibreOffice nor msoffcrypto-tool.

Usage: python tests/data/make_formats.py [OUTDIR]   (needs LibreOffice, openpyxl, msoffcrypto-tool)
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ROWS = [["No", "Indikator Kinerja", "Target"], ["1", "Persentase dokumen", "100%"], ["2", "Jumlah laporan", "12"]]

# target name → (source, LibreOffice filter)
CONVERSIONS = {
    "mini.odt": ("mini.docx", "odt:writer8"),
    # from the .odt: LibreOffice's .doc export drops the table of a python-docx document
    "mini.doc": ("mini.odt", "doc:MS Word 97"),
    "mini.rtf": ("mini.docx", "rtf:Rich Text Format"),
    "word2003.xml": ("mini.docx", "xml:MS Word 2003 XML"),
    "mini.xls": ("mini.xlsx", "xls:MS Excel 97"),
    "mini.ods": ("mini.xlsx", "ods:calc8"),
    "mini.fods": ("mini.xlsx", "fods:OpenDocument Spreadsheet Flat XML"),
}


def write_sources(tmp: Path) -> None:
    import docx
    import docx.shared
    import openpyxl

    d = docx.Document()
    d.add_paragraph("JABATAN : KEPALA DINAS")
    t = d.add_table(rows=len(ROWS), cols=3)
    t.style = "Table Grid"
    widths = [docx.shared.Cm(1.5), docx.shared.Cm(8), docx.shared.Cm(3)]  # without widths LibreOffice's .doc
    for r, row in enumerate(ROWS):                                       # export drops the table
        for c, v in enumerate(row):
            t.cell(r, c).text = v
            t.cell(r, c).width = widths[c]
    d.save(tmp / "mini.docx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "JABATAN : KEPALA DINAS"
    for row in ROWS:
        ws.append(row)
    wb.save(tmp / "mini.xlsx")


def convert(src: Path, target: str, flt: str, out: Path, profile: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
                        "--convert-to", flt, "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=180)
        made = next(Path(tmp).iterdir())
        shutil.copyfile(made, out / target)


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "tests" / "data" / "formats"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        write_sources(tmp)
        for target, (src, flt) in CONVERSIONS.items():
            convert(tmp / src, target, flt, out, tmp / "profile")
            if target.endswith(".odt"):
                shutil.copyfile(out / target, tmp / target)
        from msoffcrypto.format.ooxml import OOXMLFile

        with open(tmp / "mini.docx", "rb") as f, open(out / "encrypted.docx", "wb") as g:
            OOXMLFile(f).encrypt("rahasia", g)
    for p in sorted(out.iterdir()):
        print(f"{p.name}: {p.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
