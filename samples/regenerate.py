#!/usr/bin/env python3
"""Regenerate every committed sample into a temporary folder and compare it byte for byte.

Each row of ``JOBS`` is one generator command (run as it was run to make the committed files) and
the folder its files are committed in. Every file the command writes must equal the committed one;
every committed file in those folders must be written by some command or be listed in ``EXTERNAL``
(made by a program outside this repository: LibreOffice, Chromium, ``pdftotext``, whose output
carries its version and the time of the run, so it cannot come out byte-identical). Commands that
need such a program run only when it is installed; their other outputs (the gold JSON beside a
LibreOffice export, the Word file it exported) are still checked.

    python samples/regenerate.py            # prints a line per file; exit 1 on any difference
    python samples/regenerate.py -k docx    # only the jobs whose name contains "docx"
"""
from __future__ import annotations

import argparse
import filecmp
import fnmatch
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
G = "samples/gold/"
GOLD4 = [G + s + ".json" for s in ("000", "001", "002a", "003")]

# name, generator and its arguments (-o OUT added), committed folder, programs it needs, and the files
# of those programs among what it writes (compared, but a difference there is expected)
JOBS = [
    ("variants", ["render_text.py", *GOLD4, "--seed", "7", "--variants", "3"], "tests/data/variants", [], ""),
    ("docx", ["make_docx.py", *GOLD4, "--seed", "3", "--variants", "2", "--handmade"], "samples/docx", [], ""),
    ("pdf_rl", ["make_pdf.py", G + "000.json", G + "003.json", "--seed", "0"], "samples/pdf", [], ""),
    ("xlsx", ["make_workbooks.py", *GOLD4, "--seed", "5"], "samples/xlsx", [], ""),
    ("scans", ["make_scans.py", G + "000.json", G + "001.json", G + "003.json", "--seed", "5", "--positions", "3",
               "--page-image", "003", "--dpi", "175", "--quality", "60"], "samples/scans", [], ""),
    ("office_scan", ["make_scans.py", G + "002a.json", "--condition", "office", "--seed", "21", "--position", "8-9",
                     "--name", "002a_office"], "samples/scans/office", [], ""),
    ("office_colour", ["make_scans.py", G + "000.json", "--condition", "office", "--seed", "22", "--position", "12",
                       "--one-page", "--color", "--name", "000_colour"], "samples/scans/office", [], ""),
    ("phone_pdf", ["make_scans.py", G + "000.json", "--condition", "phone", "--seed", "23", "--position", "15",
                   "--photo-px", "1800", "--photo-quality", "70", "--name", "000_photo"], "samples/scans/phone", [], ""),
    ("phone_jpg", ["make_scans.py", G + "002a.json", "--condition", "phone", "--seed", "24", "--position", "14",
                   "--one-page", "--image", "--photo-quality", "75", "--name", "002a_photo"], "samples/scans/phone",
     [], ""),
    ("formula_layouts", ["make_formula_layouts.py"], "tests/data/formula_layouts", [], "000_lo.pdf 003_chromium.pdf"),
    ("producers_rl", ["make_producers.py", G + "000.json", G + "003.json", "--positions", "4",
                      "--kinds", "rl_hrules", "rl_sideways", "rl_rotate"], "tests/data/producers", [], ""),
    ("producers_html", ["make_producers.py", G + "000.json", G + "003.json", "--positions", "4", "--kinds",
                        "html_grid", "html_plain", "html_booktabs"], "tests/data/producers", ["chromium"], "*.pdf"),
    ("producers_lo", ["make_producers.py", G + "000.json", G + "003.json", "--positions", "4", "--kinds",
                      "lo_light", "lo_lightlist"], "tests/data/producers", ["soffice"], "*.pdf"),
    *[(f"multihead_{shape}", ["make_multihead_workbooks.py", G + "003.json", "--shapes", shape, "--layouts", layout],
       "tests/data/multihead", [], "") for shape, layout in (("parent", "stacked"), ("stagger", "stacked"),
                                                              ("three", "matrix"))],
    *[(f"table_styles_{stem}", ["make_table_styles.py", G + f"{stem}.json", "--positions", n, "--kinds", *kinds],
       "tests/data/table_styles", ["chromium"], "*_html_*.pdf")
      for stem, n, kinds in (("000", "2", ("html_booktabs_mid", "html_columns_mid", "html_light", "rl_booktabs",
                                   "rl_norules_nohead")),
                          ("003", "2", ("html_booktabs_mid", "html_light", "rl_booktabs", "rl_norules_nohead")))],
    ("formula_kinds", ["make_formula_kinds.py"], "tests/data/formula_kinds", ["chromium"], "*_chromium_*.pdf"),
    ("kinds", ["make_kinds.py", "--pdf", "--converter-text"], "tests/data/kinds_variants", ["soffice", "pdftotext"],
     "*_pdf.pdf *_layout.txt"),
    ("kinds_text", ["make_kinds.py"], "tests/data/kinds_variants", [], ""),
    ("odt", ["make_odt.py", G + "001.json", G + "002a.json", "--seed", "3"], "samples/odt", ["soffice"], "*.odt"),
    ("odt_border", ["make_odt.py", G + "003.json", "--seed", "4"], "samples/odt", ["soffice"], "*.odt"),
    ("odt_word", ["make_office.py", "--to", "odt", "--same-stem", *[f"samples/docx/{s}.docx" for s in
                  ("000_v2", "003_v1", "handmade_numbering")]], "samples/odt", ["soffice"], "*.odt"),
    ("pdf_lo", ["make_office.py", "--to", "pdf", "--same-stem", *sorted(f"samples/docx/{s}.docx" for s in (
        "000_v1", "000_v2", "001_v1", "001_v2", "002a_v1", "002a_v2", "003_v1", "003_v2", "handmade_numbering"))],
     "samples/pdf", ["soffice"], "*.pdf"),
    ("html_lo", ["make_office.py", "--to", "html", "samples/xlsx/001_stacked.xlsx", "samples/xlsx/002a_matrix.xlsx",
                 "samples/docx/001_v1.docx", "samples/docx/003_v2.docx"], "samples/html", ["soffice"], "*.html"),
    *[(f"office_{to}", ["make_office.py", "--to", to, *[f"samples/{s}" for s in srcs]], "tests/data/office", ["soffice"],
       f"*.{to}") for to, srcs in (("xls", ("xlsx/000_stacked.xlsx", "xlsx/002a_matrix.xlsx")),
                                   ("ods", ("xlsx/001_sheets.xlsx", "xlsx/003_matrix.xlsx")),
                                   ("doc", ("docx/000_v2.docx", "docx/002a_v1.docx")), ("rtf", ("docx/001_v1.docx",)))],
]

# committed files that no job above writes
UNMADE = {
    "samples/pdf": "rotated.pdf: a page stored turned, made once by hand",
}
SKIP = {"README.md"}


def committed(folder: str) -> set[Path]:
    d = ROOT / folder
    return {p for p in d.iterdir() if p.is_file() and p.name not in SKIP and p.suffix != ".py"}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-k", default="", help="run only the jobs whose name contains this")
    ap.add_argument("-q", action="store_true", help="print only differences and the summary")
    ap.add_argument("--save", type=Path, help="also keep what was made, under DIR/<committed folder>")
    ap.add_argument("--ref", type=Path, help="compare with DIR/<committed folder> (what --save kept, e.g. from "
                    "the previous version of the generators where library versions differ) instead of the commit")
    a = ap.parse_args(argv)
    base = a.ref.resolve() if a.ref else ROOT
    same, outside, differ, seen, skipped = 0, [], [], set(), []
    with tempfile.TemporaryDirectory(prefix="iki-regen-") as tmp:
        for name, cmd, folder, needs, theirs in JOBS:
            if a.k not in name:
                continue
            if lacking := [n for n in needs if not shutil.which(n)]:
                skipped.append(f"[{name}] skipped: needs {', '.join(lacking)}")
                print(skipped[-1])
                continue
            out = Path(tmp) / name
            run = subprocess.run([sys.executable, str(ROOT / "samples" / cmd[0]), *cmd[1:], "-o", str(out)],
                                 cwd=ROOT, capture_output=True, text=True)
            if run.returncode:
                differ.append(f"[{name}] generator failed ({run.returncode}): {run.stderr.strip()[-600:]}")
                print(differ[-1])
                continue
            for f in sorted(p for p in out.rglob("*") if p.is_file()):
                ref = base / folder / f.relative_to(out)
                seen.add(ROOT / folder / f.relative_to(out))
                if a.save:
                    (a.save / folder).mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(f, a.save / folder / f.relative_to(out))
                rel = f"{folder}/{f.relative_to(out)}"
                if ref.exists() and filecmp.cmp(f, ref, shallow=False):
                    same += 1
                    msg = None if a.q else "same"
                elif ref.exists() and any(fnmatch.fnmatch(f.name, p) for p in theirs.split()):
                    outside.append(rel)
                    msg = "differs (made by an outside program)"
                else:
                    msg = "DIFFERS" if ref.exists() else "NOT COMMITTED"
                    differ.append(f"[{name}] {msg}: {rel}")
                if msg:
                    print(f"[{name}] {msg}: {rel}")
    folders = sorted({f for n, _, f, _, _ in JOBS if a.k in n})
    rest = sorted(p for f in folders for p in committed(f) - seen)
    for p in rest:
        print(f"not made here: {p.relative_to(ROOT)}  ({UNMADE.get(str(p.parent.relative_to(ROOT)), 'see above')})")
    print(f"{same} files byte-identical, {len(differ)} differ, {len(outside)} made by outside programs differ "
          f"(expected), {len(rest)} not made here ({len(skipped)} jobs skipped)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
