#!/usr/bin/env python3
"""Rebuild tests/data/formula_layouts/: the seeds' gold rendered with the formula layouts of
``model.plan_cell`` by every producer the generators have, each file with its gold JSON.

=================  ==========================================================  ====================
file               producer                                                    gold
=================  ==========================================================  ====================
001_text.*         render_text.py (pipe / HTML / cell-dump text)               001_text.json
003_text.*         render_text.py                                              003_text.json
000_word.docx      make_docx.py (python-docx: OMML, paragraph borders)         000_word.json
002a_word.docx     make_docx.py                                                002a_word.json
000_lo.pdf         LibreOffice (soffice --convert-to pdf) of 000_word.docx     000_lo.json
003_chromium.pdf   make_html.py printed by headless Chromium                   003_chromium.json
002a_rl.pdf        make_pdf.py (reportlab)                                     002a_rl.json
=================  ==========================================================  ====================

The LibreOffice and Chromium files are made only where those programs are installed; the tests only
read the files it wrote.

Usage: python samples/make_formula_layouts.py [-o tests/data/formula_layouts] [--seed 31]
"""
from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_docx  # noqa: E402
import make_html  # noqa: E402
import make_pdf  # noqa: E402
import render_text  # noqa: E402
from model import dump, load, soffice  # noqa: E402

GOLD = HERE / "gold"


def renamed(src: Path, dst_dir: Path, stem: str) -> None:
    """Copy a rendered file and its gold under a new stem (the gold's "source" follows)."""
    dst = dst_dir / (stem + src.suffix)
    shutil.copyfile(src, dst)
    dump(dict(load(src.with_suffix(".json")), source=dst.name), dst_dir / (stem + ".json"))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--outdir", type=Path, default=HERE.parent / "tests" / "data" / "formula_layouts")
    ap.add_argument("--seed", type=int, default=31)
    a = ap.parse_args(argv)
    out, s = a.outdir, str(a.seed)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()):
        t = Path(tmp)
        render_text.main([str(GOLD / "001.json"), str(GOLD / "003.json"), "-o", str(t / "text"), "--seed", s,
                          "--variants", "1", "--formula-layouts"])
        for f in sorted((t / "text").glob("*_v1.*")):
            if f.suffix != ".json":
                renamed(f, out, f.stem.replace("_v1", "_text"))
        make_docx.main([str(GOLD / "000.json"), str(GOLD / "002a.json"), "-o", str(t / "docx"), "--seed", s,
                        "--variants", "1", "--formula-layouts"])
        for f in sorted((t / "docx").glob("*_v1.docx")):
            renamed(f, out, f.stem.replace("_v1", "_word"))
        if shutil.which("soffice"):
            soffice([t / "docx" / "000_v1.docx"], t / "docx")
            renamed(t / "docx" / "000_v1.pdf", out, "000_lo")
        if shutil.which("chromium") or shutil.which("chromium-browser"):
            make_html.main([str(GOLD / "003.json"), "-o", str(t / "html"), "--seed", s, "--formula-layouts", "--pdf"])
            renamed(t / "html" / "003_html.pdf", out, "003_chromium")
        make_pdf.main([str(GOLD / "002a.json"), "-o", str(t / "rl"), "--seed", s, "--formula-layouts"])
        renamed(t / "rl" / "002a_rl.pdf", out, "002a_rl")
    for f in sorted(out.iterdir()):
        print(f"{f} {f.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
