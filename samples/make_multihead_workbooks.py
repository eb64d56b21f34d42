#!/usr/bin/env python3
"""Gold IKI documents as workbooks whose indicator tables have headers of two or three rows.

Written from a description of the kind (agencies' templates), so a held-out part of the golds
measures the header model on shapes it was not tuned on. ``samples/make_workbooks.py`` lays out the
sheet (letterhead, labels, TUGAS / FUNGSI, the three layouts); only the indicator table's header is
replaced, by one of:

* ``parent`` — a parent cell over its children: ``INDIKATOR KINERJA …`` spanning INDIKATOR |
  PENJELASAN/FORMULASI | SUMBER DATA, ``TARGET`` spanning SATUAN | NILAI; the other columns'
  cells merged down over both rows;
* ``three`` — the same under a third row: a cell over every column but the first
  (``RENCANA KINERJA TAHUNAN``), NO merged down over the three rows;
* ``stagger`` — every header cell merged over two rows, every other column's cell one row lower
  (header and body cells on other grid rows, as some templates draw them).

Usage: python samples/make_multihead_workbooks.py samples/gold/*.json -o DIR [--seed N] [--shapes ...]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_workbooks as mw  # noqa: E402
from model import dump, gold_copy, pick  # noqa: E402

SHAPES = ("parent", "three", "stagger")
UNDER_INDIKATOR = ("indikator", "formula", "sumber_data")
CHILD = {"indikator": ["INDIKATOR", "URAIAN INDIKATOR", "NAMA INDIKATOR"],
         "formula": ["FORMULASI PENGHITUNGAN", "PENJELASAN / FORMULASI", "CARA PENGHITUNGAN"],
         "sumber_data": ["SUMBER DATA", "SUMBER"], "satuan": ["SATUAN"], "target": ["NILAI", "TARGET"]}


def header_rows(cols: list[tuple[str, str]], shape: str, rng: random.Random):
    """The header as (row, col, rowspan, colspan, text) cells (0-based within the header) and its height."""
    keys = [k for k, _ in cols]
    cells = []
    if shape == "stagger":
        for i, (_, head) in enumerate(cols):
            cells.append((i % 2, i, 2, 1, head))
        return cells, 3
    top = 1 if shape == "three" else 0
    height = top + 2
    if shape == "three":
        cells.append((0, 0, 3, 1, cols[0][1]))
        cells.append((0, 1, 1, len(cols) - 1, pick(rng, [(1, "RENCANA KINERJA TAHUNAN"), (1, "URAIAN KINERJA")])))
    i = 1 if shape == "three" else 0
    while i < len(cols):
        k = keys[i]
        group = []
        if k in UNDER_INDIKATOR:
            while i + len(group) < len(cols) and keys[i + len(group)] in UNDER_INDIKATOR:
                group.append(i + len(group))
            parent = pick(rng, [(2, "INDIKATOR KINERJA UTAMA"), (2, "INDIKATOR KINERJA INDIVIDU"), (1, "KINERJA")])
        elif k in ("satuan", "target"):
            while i + len(group) < len(cols) and keys[i + len(group)] in ("satuan", "target"):
                group.append(i + len(group))
            parent = "TARGET"
        if len(group) >= 2:
            cells.append((top, i, 1, len(group), parent))
            for j in group:
                cells.append((top + 1, j, 1, 1, rng.choice(CHILD[keys[j]])))
            i += len(group)
        else:
            cells.append((top, i, 2, 1, cols[i][1]))
            i += 1
    return cells, height


def patched_table(shape: str):
    def table(self, cols, rows, merge_keys=("sasaran",)):
        """make_workbooks' indicator table with a header of several rows."""
        cells, height = header_rows(cols, shape, self.rng)
        border, c0, r0 = self.st["borders"], self.col0, self.row
        for r, c, rs, cs, text in cells:
            self.put(r0 + r, c0 + c, text, bold=True, border=border)
            if rs > 1 or cs > 1:
                self.ws.merge_cells(start_row=r0 + r, start_column=c0 + c, end_row=r0 + r + rs - 1,
                                    end_column=c0 + c + cs - 1)
        self.row = r0 + height
        if self.st["colnum_row"]:
            for i in range(len(cols)):
                self.put(self.row, c0 + i, i + 1 if self.rng.random() < 0.5 else f"({i + 1})", border=border)
            self.row += 1
        first = self.row
        for r, values in enumerate(rows):
            for i, (key, _) in enumerate(cols):
                v, fmt = values.get(key), None
                if key == "target":
                    v, fmt = mw.target_value(v)
                elif key == "no":
                    v = r + 1
                self.put(self.row, c0 + i, v, border=border, fmt=fmt)
            self.row += 1
        for i, (key, _) in enumerate(cols):
            if key not in merge_keys:
                continue
            start = 0
            for r in range(1, len(rows) + 1):
                if r == len(rows) or rows[r].get(key) != rows[start].get(key) or rows[r].get("_group") != \
                        rows[start].get("_group"):
                    if r - start > 1 and rows[start].get(key) is not None:
                        for rr in range(first + start + 1, first + r):
                            self.ws.cell(row=rr, column=c0 + i).value = None
                        self.ws.merge_cells(start_row=first + start, start_column=c0 + i,
                                            end_row=first + r - 1, end_column=c0 + i)
                    start = r

    return table


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=22)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--layouts", default=",".join(mw.LAYOUTS))
    a = ap.parse_args(argv)
    a.outdir.mkdir(parents=True, exist_ok=True)
    for gpath in a.inputs:
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        for shape in a.shapes.split(","):
            mw.Writer.table = patched_table(shape)
            for layout in a.layouts.split(","):
                rng = random.Random(f"{a.seed}:{gpath.stem}:{shape}:{layout}")
                name = f"{gpath.stem}_{shape}_{layout}"
                out = a.outdir / f"{name}.xlsx"
                mw.save(mw.render(gold, layout, rng), out)
                dump(gold_copy(gold, out.name), a.outdir / f"{name}.json")
                print(out, out.stat().st_size // 1024, "KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
