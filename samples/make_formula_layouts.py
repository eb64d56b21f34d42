#!/usr/bin/env python3
"""Rebuild tests/data/formula_layouts/: the seeds' gold rendered with the formula layouts of
``common.plan_cell`` by every producer the generators have, each file with its gold JSON.

=================  ==========================================================  ====================
file               producer                                                    gold
=================  ==========================================================  ====================
001_text.md        render_text.py (pipe / HTML / cell-dump text)               001_text.json
003_text.*         render_text.py                                              003_text.json
000_word.docx      make_docx.py (python-docx: OMML, paragraph borders)         000_word.json
002a_word.docx     make_docx.py                                                002a_word.json
000_lo.pdf         LibreOffice (soffice --convert-to pdf) of 000_word.docx     000_lo.json
003_chromium.pdf   make_html.py printed by headless Chromium                   003_chromium.json
002a_rl.pdf        make_pdf.py (reportlab)                                     002a_rl.json
=================  ==========================================================  ====================

Needs LibreOffice (``soffice``) and ``chromium``; the tests only read the files it wrote.

Usage: python samples/make_formula_layouts.py [-o tests/data/formula_layouts] [--seed 31]
"""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold"


def run(*args: str) -> None:
    subprocess.run([sys.executable, *args], check=True, capture_output=True, text=True)


def renamed(src: Path, dst_dir: Path, stem: str) -> None:
    """Copy a rendered file and its gold under a new stem (the gold's "source" follows)."""
    dst = dst_dir / (stem + src.suffix)
    shutil.copyfile(src, dst)
    g = json.loads(src.with_suffix(".json").read_text(encoding="utf-8"))
    g["source"] = dst.name
    (dst_dir / (stem + ".json")).write_text(json.dumps(g, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--outdir", type=Path, default=HERE.parent / "tests" / "data" / "formula_layouts")
    ap.add_argument("--seed", type=int, default=31)
    a = ap.parse_args(argv)
    out = a.outdir
    out.mkdir(parents=True, exist_ok=True)
    s = str(a.seed)
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        run(str(HERE / "render_text.py"), str(GOLD / "001.json"), str(GOLD / "003.json"), "-o", str(t / "text"),
            "--seed", s, "--variants", "1", "--formula-layouts")
        for f in sorted((t / "text").glob("*_v1.*")):
            if f.suffix != ".json":
                renamed(f, out, f.stem.replace("_v1", "_text"))
        run(str(HERE / "make_docx.py"), str(GOLD / "000.json"), str(GOLD / "002a.json"), "-o", str(t / "docx"),
            "--seed", s, "--variants", "1", "--formula-layouts", "--check")
        for f in sorted((t / "docx").glob("*_v1.docx")):
            renamed(f, out, f.stem.replace("_v1", "_word"))
        profile = (t / "lo_profile").as_uri()
        subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(t / "docx"), str(t / "docx" / "000_v1.docx")],
                       check=True, capture_output=True, timeout=300)
        renamed(t / "docx" / "000_v1.pdf", out, "000_lo")
        run(str(HERE / "make_html.py"), str(GOLD / "003.json"), "-o", str(t / "html"), "--seed", s,
            "--formula-layouts", "--pdf")
        renamed(t / "html" / "003_html.pdf", out, "003_chromium")
        run(str(HERE / "make_pdf.py"), str(GOLD / "002a.json"), "-o", str(t / "rl"), "--seed", s, "--formula-layouts")
        renamed(t / "rl" / "002a_rl.pdf", out, "002a_rl")
    for f in sorted(out.iterdir()):
        print(f"{f} {f.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
