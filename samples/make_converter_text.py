"""Converter text of the real-kinds Word cases: what a document-sharing site gives for a PDF.

Each Word case in ``tests/data/cases/real-kinds`` is printed to PDF by LibreOffice and turned into text
by ``pdftotext -layout`` (columns aligned with spaces, values wrapped under their labels with a hanging
indent, narrow columns breaking words). The text goes to ``tests/data/kinds_variants`` as
``kh_<case>_layout.txt`` with the case's gold (only its ``source`` changed): the same content must come
out of the converter's text as out of the Word file. Needs ``soffice`` and ``pdftotext`` (not in CI: the
generated files are committed).

    python samples/make_converter_text.py [-o tests/data/kinds_variants]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "cases" / "real-kinds"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--out", type=Path, default=ROOT / "tests" / "data" / "kinds_variants")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for docx in sorted(CASES.glob("k*.docx")):
            shutil.copy(docx, tmp)
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(Path(tmp) / docx.name)],
                           check=True, capture_output=True, timeout=300)
            pdf = Path(tmp) / f"{docx.stem}.pdf"
            text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                                  text=True).stdout
            name = f"kh_{docx.stem}_layout"
            (a.out / f"{name}.txt").write_text(text, encoding="utf-8")
            gold = json.loads((CASES / f"{docx.stem}.json").read_text(encoding="utf-8"))
            gold["source"] = f"{name}.txt"
            (a.out / f"{name}.json").write_text(json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            print(name)


if __name__ == "__main__":
    main()
