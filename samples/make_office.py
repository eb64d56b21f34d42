#!/usr/bin/env python3
"""Save sample documents through LibreOffice in other formats, each with its gold JSON.

LibreOffice is a real producer of the formats agencies publish in: legacy Excel (.xls),
OpenDocument spreadsheets (.ods), RTF and legacy Word (.doc) from Writer, OpenDocument text (what an
office that opens a Word file in LibreOffice and saves it gets: Word numbering as list styles,
equations as Math objects, merged cells as spans, text boxes as frames), PDF and HTML pages ("save as web
page": Calc writes a sheet as one big table, Writer a page of paragraphs and tables). Each output
``<stem>_<format>.<ext>`` (``<stem>.<ext>`` with ``--same-stem``) gets its JSON, the source's gold
with its source renamed (the gold JSON beside the source: ``x.xlsx`` → ``x.json``).

Usage:
    python samples/make_office.py --to xls,ods samples/xlsx/000_stacked.xlsx ... -o tests/data/office
    python samples/make_office.py --to html samples/xlsx/001_stacked.xlsx samples/docx/000_v2.docx -o samples/html
    python samples/make_office.py --to odt --same-stem samples/docx/{000_v2,003_v1,handmade_numbering}.docx -o samples/odt
    python samples/make_office.py --to pdf --same-stem samples/docx/*.docx -o samples/pdf
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from model import dump, load, soffice  # noqa: E402

# target → LibreOffice filter for a spreadsheet source, for a text document source
TARGETS = {
    "xls": ("xls:MS Excel 97", None),
    "ods": ("ods:calc8", None),
    "rtf": (None, "rtf:Rich Text Format"),
    "doc": (None, "doc:MS Word 97"),
    "odt": (None, "odt:writer8"),
    "pdf": (None, "pdf:writer_pdf_Export"),
    "html": ("html:HTML (StarCalc)", "html:HTML (StarWriter)"),
}
SHEETS = {".xlsx", ".xls", ".ods"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--to", required=True, help="comma-separated: " + ", ".join(TARGETS))
    ap.add_argument("--same-stem", action="store_true", help="name the copy as its source, not <stem>_<format>")
    a = ap.parse_args(argv)
    a.outdir.mkdir(parents=True, exist_ok=True)
    for src in a.inputs:
        for target in a.to.split(","):
            calc, writer = TARGETS[target]
            flt = calc if src.suffix.lower() in SHEETS else writer
            if flt is None:
                continue
            name = src.stem if a.same_stem else f"{src.stem}_{target}"
            with tempfile.TemporaryDirectory() as tmp:   # images of equations stay behind
                made = a.outdir / f"{name}.{target}"
                shutil.copyfile(soffice([src], tmp, flt)[0], made)
            dump(dict(load(src.with_suffix(".json")), source=made.name, part=None), a.outdir / f"{name}.json")
            print(made, made.stat().st_size // 1024, "KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
