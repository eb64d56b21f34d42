#!/usr/bin/env python3
"""Save sample documents through LibreOffice in other formats, each with its gold JSON.

LibreOffice is a real producer of the formats agencies publish in: legacy Excel (.xls),
OpenDocument spreadsheets (.ods), RTF and legacy Word (.doc) from Writer, and HTML pages
("save as web page": Calc writes a sheet as one big table, Writer a page of paragraphs and
tables). Each output ``<stem>_<format>.<ext>`` gets ``<stem>_<format>.json``, the source's
gold with its source renamed (the gold JSON beside the source: ``x.xlsx`` → ``x.json``).

Usage:
    python samples/make_office.py --to xls,ods samples/xlsx/000_stacked.xlsx ... -o tests/data/office
    python samples/make_office.py --to html samples/xlsx/001_stacked.xlsx samples/docx/000_v2.docx -o samples/html
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# target → (extension, LibreOffice filter for a spreadsheet source, for a text document source)
TARGETS = {
    "xls": ("xls", "xls:MS Excel 97", None),
    "ods": ("ods", "ods:calc8", None),
    "rtf": ("rtf", None, "rtf:Rich Text Format"),
    "doc": ("doc", None, "doc:MS Word 97"),
    "odt": ("odt", None, "odt:writer8"),
    "html": ("html", "html:HTML (StarCalc)", "html:HTML (StarWriter)"),
}
SHEETS = {".xlsx", ".xls", ".ods"}


def convert(src: Path, target: str, out: Path, profile: Path) -> Path | None:
    ext, calc, writer = TARGETS[target]
    flt = calc if src.suffix.lower() in SHEETS else writer
    if flt is None:
        return None
    name = f"{src.stem}_{target}"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", flt,
                        "--outdir", tmp, str(src)], check=True, capture_output=True, timeout=300)
        shutil.copyfile(Path(tmp) / f"{src.stem}.{ext}", out / f"{name}.{ext}")  # images of equations stay behind
    gold = json.loads(src.with_suffix(".json").read_text(encoding="utf-8"))
    gold["source"], gold["part"] = f"{name}.{ext}", None
    (out / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out / f"{name}.{ext}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--to", required=True, help="comma-separated: " + ", ".join(TARGETS))
    args = ap.parse_args(argv)
    if not shutil.which("soffice"):
        print("LibreOffice (soffice) is needed", file=sys.stderr)
        return 2
    args.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for src in args.inputs:
            for target in args.to.split(","):
                made = convert(src, target, args.outdir, Path(tmp) / "profile")
                if made:
                    print(made, made.stat().st_size // 1024, "KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
