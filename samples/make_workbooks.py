#!/usr/bin/env python3
"""Render a gold IKI annotation as an Excel workbook (openpyxl), in the three layouts agencies use.

* ``stacked`` — one sheet, the positions one under the other: letterhead, per position the
  IKI heading, label rows (``JABATAN | : | value``, ``1. JABATAN : value`` or ``JABATAN : | value``),
  TUGAS / FUNGSI items one per row (``a. | text``) or all in one multi-line cell, then the
  indicator table;
* ``sheets`` — one position per sheet (sheet named after the position), same blocks;
* ``matrix`` — one wide matrix per year: a row per indicator with columns JABATAN, TUGAS,
  FUNGSI (merged down over the position's rows) and the indicator columns; an IKU table gets
  its own sheet.

In every layout: sasaran cells merged over the rows that share them, targets stored as numbers
with a number format where the gold's text allows (``4.000 berkas`` → 4000 with ``#,##0 "berkas"``,
``22%`` → 0.22 with ``0%``), rich text (bold ``Penjelasan :`` labels), line breaks in cells,
blank spacer rows and an empty spacer column, bordered or unbordered tables, and a hidden sheet
of reference lists. Every text value of the gold is written verbatim.

Usage:
    python samples/make_workbooks.py samples/gold/*.json -o samples/xlsx --seed 5 [--layouts stacked,sheets,matrix]
        writes OUTDIR/<stem>_<layout>.xlsx and OUTDIR/<stem>_<layout>.json (the gold, source renamed)

Legacy .xls, .ods and HTML copies are made from these by samples/make_office.py (LibreOffice).
"""
from __future__ import annotations

import argparse
import datetime
import random
import re
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from model import dump, formula_spec, gold_copy, has, load, pick, save_zip  # noqa: E402

LETTERS = "abcdefghijklmnopqrstuvwxyz"
FIXED_TIME = datetime.datetime(2023, 1, 2, 8, 0, 0)
LAYOUTS = ("stacked", "sheets", "matrix")
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
SECTIONS = (("tugas", "TUGAS"), ("fungsi", "FUNGSI"), ("butir_kegiatan", "BUTIR KEGIATAN"),
            ("hasil_kerja", "HASIL KERJA"))
_TARGET = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(%|[A-Za-z][\w ./-]*)?$")


def target_value(text: str | None) -> tuple[object, str | None]:
    """A gold target as the number a spreadsheet stores and the format that shows it as written."""
    if text is None:
        return None, None
    m = _TARGET.match(text.strip())
    if not m:
        return text, None
    whole, frac, unit = m.group(1), m.group(2), m.group(3)
    grouped = "." in whole
    value = float(whole.replace(".", "") + ("." + frac if frac else ""))
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * len(frac) if frac else "")
    if unit == "%":
        if text.strip().endswith(" %"):
            return text, None  # "100 %": typed as text
        return value / 100, pattern + "%"
    if value.is_integer() and not frac:
        value = int(value)
    if unit:
        sep = text[m.end(2) if frac else m.end(1):m.start(3)]
        return value, f'{pattern}"{sep}{unit}"'
    return value, pattern


def formula_text(ind: dict, rng: random.Random) -> str | None:
    """The PENJELASAN / FORMULASI cell as a person types it in a spreadsheet (line breaks kept)."""
    pen = ind.get("penjelasan")
    spec = formula_spec(ind)
    lines: list[str] = []
    if pen is not None:
        lines.append(pen if ind.get("ambiguous") or spec is None and rng.random() < 0.5 else f"Penjelasan : {pen}")
    if spec is None:
        return "\n".join(lines) or None
    if spec["kind"] == "text":
        body = [spec["text"]]
    elif spec["kind"] == "count":
        core = spec["core"]
        body = [pick(rng, [(3, f"f(x) = Σ {core}"), (1, f"Σ {core}")] +
                     ([(2, f"Jumlah {core}")] if not core.lower().startswith("jumlah") else []))]
    else:
        num, den, mult, pct = spec["num"], spec["den"], spec["mult"], spec["pct"]
        sg = "Σ " if spec["sigma"] else ""
        fx = "f(x) = " if spec["fx"] else ""
        k = "" if mult is None else pick(rng, [(3, " x "), (1, " X ")]) + f"{mult}" + ("%" if pct else "")
        if " / " not in num + den and rng.random() < 0.6:
            body = [f"{fx}{sg}{num} / {sg}{den}{k}"]
        else:
            body = [f"{fx}{sg}{num}", "_" * rng.randint(12, 20) + k, f"{sg}{den}"]
    if lines:
        lines.append("Formula :" if len(body) > 1 else "Formula : " + body[0])
        if len(body) > 1:
            lines.extend(body)
    else:
        lines.extend(body)
    return "\n".join(lines)


def rich(text: str) -> object:
    """Bold ``Penjelasan :`` / ``Formula :`` labels as rich-text runs; other text unchanged."""
    parts = re.split(r"((?:^|\n)(?:Penjelasan|Formula) :)", text)
    if len(parts) == 1:
        return text
    runs = []
    for part in parts:
        if not part:
            continue
        if re.fullmatch(r"\n?(?:Penjelasan|Formula) :", part):
            runs.append(TextBlock(InlineFont(b=True), part))
        else:
            runs.append(part)
    return CellRichText(*runs)


class Writer:
    """Writes rows into one sheet, remembering where it is."""

    def __init__(self, ws, col0: int, style: dict, rng: random.Random):
        self.ws, self.col0, self.st, self.rng = ws, col0, style, rng
        self.row = 1

    def put(self, r: int, c: int, value, bold=False, border=False, fmt=None, wrap=True):
        cell = self.ws.cell(row=r, column=c)
        if isinstance(value, str) and self.st["rich"] and not bold:
            value = rich(value)
        cell.value = value
        if bold:
            cell.font = Font(bold=True)
        if border:
            cell.border = BOX
        if wrap:
            cell.alignment = WRAP
        if fmt:
            cell.number_format = fmt
        return cell

    def line(self, text: str, width: int, bold=False, merge=True):
        c = self.col0
        self.put(self.row, c, text, bold=bold, wrap=False)
        if merge and width > 1:
            self.ws.merge_cells(start_row=self.row, start_column=c, end_row=self.row, end_column=c + width - 1)
        self.row += 1

    def blank(self, n: int = 1):
        self.row += n

    def label(self, n: int | None, key: str, value: str | None):
        mode, c = self.st["labels"], self.col0
        num = f"{n}." if n is not None and self.st["numbered_labels"] else None
        if mode == "single":
            self.put(self.row, c, (f"{num} " if num else "") + f"{key} : {value or ''}".rstrip(), wrap=False)
        else:
            if num:
                self.put(self.row, c, num)
            c += 1
            if mode == "three":
                self.put(self.row, c, key, bold=self.st["bold_labels"])
                self.put(self.row, c + 1, ":")
                if value:
                    self.put(self.row, c + 2, value)
            else:  # "JABATAN :" | value
                self.put(self.row, c, f"{key} :", bold=self.st["bold_labels"])
                if value:
                    self.put(self.row, c + 2, value)
        self.row += 1

    def items(self, n: int | None, key: str, items: list[str]):
        if not items:
            return
        if len(items) == 1 and self.rng.random() < 0.7:
            self.label(n, key, items[0])
            return
        self.label(n, key, None)
        labels = [f"{LETTERS[i % 26]}." for i in range(len(items))] if self.st["item_style"] == "alpha" \
            else [f"{i + 1}." for i in range(len(items))]
        c = self.col0 + 1 + (2 if self.st["labels"] != "single" else 0)
        if self.st["items_in_one_cell"]:
            self.put(self.row, c, "\n".join(f"{lab} {it}" for lab, it in zip(labels, items)))
            self.row += 1
            return
        for lab, it in zip(labels, items):
            self.put(self.row, c, lab, wrap=False)
            self.put(self.row, c + 1, it)
            self.row += 1

    def table(self, cols: list[tuple[str, str]], rows: list[dict], merge_keys=("sasaran",)):
        """The indicator table: header, optional column-number row, rows; equal runs of merge_keys merged."""
        border = self.st["borders"]
        c0 = self.col0
        for i, (_, head) in enumerate(cols):
            self.put(self.row, c0 + i, head, bold=True, border=border)
        self.row += 1
        if self.st["colnum_row"]:
            for i in range(len(cols)):
                self.put(self.row, c0 + i, i + 1 if self.rng.random() < 0.5 else f"({i + 1})", border=border)
            self.row += 1
        if self.st["spacer_in_table"]:
            self.row += 1
        first = self.row
        for r, values in enumerate(rows):
            for i, (key, _) in enumerate(cols):
                v = values.get(key)
                fmt = None
                if key == "target":
                    v, fmt = target_value(v)
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


def columns(inds: list[dict], kind: str, rng: random.Random) -> list[tuple[str, str]]:
    sas = "SASARAN STRATEGIS" if kind == "IKU" else pick(rng, [(3, "SASARAN"), (2, "KINERJA"), (1, "SASARAN KINERJA")])
    ind = "INDIKATOR KINERJA UTAMA" if kind == "IKU" else pick(rng, [(3, "INDIKATOR KINERJA"),
                                                                      (1, "INDIKATOR KINERJA INDIVIDU")])
    cols = [("no", "NO")] if rng.random() < 0.6 else []
    cols += [("sasaran", sas), ("indikator", ind)]
    if has(inds, "formula_raw") or has(inds, "penjelasan") or not (has(inds, "satuan") or has(inds, "target")):
        cols.append(("formula", pick(rng, [(2, "PENJELASAN/FORMULASI PENGHITUNGAN"), (1, "FORMULASI PERHITUNGAN")])))
    if has(inds, "satuan"):
        cols.append(("satuan", "SATUAN"))
    if has(inds, "target"):
        cols.append(("target", "TARGET"))
    if has(inds, "sumber_data") or rng.random() < 0.5:
        cols.append(("sumber_data", "SUMBER DATA"))
    if has(inds, "penanggung_jawab"):
        cols.append(("penanggung_jawab", "PENANGGUNG JAWAB"))
    return cols


def row_values(ind: dict, rng: random.Random) -> dict:
    return {"sasaran": ind.get("sasaran"), "indikator": ind.get("indikator"), "formula": formula_text(ind, rng),
            "satuan": ind.get("satuan"), "target": ind.get("target"), "sumber_data": ind.get("sumber_data"),
            "penanggung_jawab": ind.get("penanggung_jawab")}


def letterhead(w: Writer, gold: dict, width: int):
    if gold.get("region"):
        w.line(f"PEMERINTAH {gold['region'].strip().upper()}", width, bold=True)
    if gold.get("agency"):
        w.line(gold["agency"].upper(), width, bold=True)
    w.line(pick(w.rng, [(1, "Jl. Panglima Sudirman No. 12"), (1, "Jl. Diponegoro No. 21")]), width)
    w.blank(w.rng.choice([1, 2]))


def position_blocks(w: Writer, pos: dict, year_title: str | None):
    kind = pos.get("kind") or "IKI"
    inds = pos.get("indicators") or []
    cols = columns(inds, kind, w.rng)
    width = len(cols)
    head = "INDIKATOR KINERJA UTAMA" if kind == "IKU" else "INDIKATOR KINERJA INDIVIDU"
    w.line(head + (f" {year_title}" if year_title else ""), width, bold=True)
    w.blank(w.rng.choice([0, 1]))
    n = 1
    if kind == "IKI":
        w.label(n, "JABATAN", pos.get("jabatan"))
        n += 1
    for key, lab in (("instansi", "INSTANSI"), ("program", "PROGRAM")):
        if pos.get(key):
            w.label(n, lab, pos[key])
            n += 1
    for key, lab in SECTIONS:
        if pos.get(key):
            w.items(n, lab, pos[key])
            n += 1
    if inds:
        w.blank(w.rng.choice([1, 1, 2]))
        w.table(cols, [row_values(i, w.rng) for i in inds])
    w.blank(w.rng.choice([2, 3]))


def style_for(rng: random.Random) -> dict:
    return {
        "labels": pick(rng, [(3, "three"), (2, "single"), (2, "two")]),
        "numbered_labels": rng.random() < 0.5, "bold_labels": rng.random() < 0.5,
        "item_style": pick(rng, [(2, "alpha"), (1, "num")]), "items_in_one_cell": rng.random() < 0.3,
        "borders": rng.random() < 0.7, "colnum_row": rng.random() < 0.3, "spacer_in_table": rng.random() < 0.3,
        "rich": rng.random() < 0.5, "spacer_col": rng.random() < 0.6,
    }


def _years(gold: dict) -> list[tuple[int | None, list[dict]]]:
    out: list[tuple[int | None, list[dict]]] = []
    for p in gold.get("positions") or []:
        y = p.get("year")
        if not out or out[-1][0] != y:
            out.append((y, []))
        out[-1][1].append(p)
    return out


def _hidden_sheet(wb: Workbook, gold: dict):
    ws = wb.create_sheet("Referensi")
    ws.sheet_state = "hidden"
    ws.append(["Daftar jabatan (referensi, tidak dicetak)"])
    for p in gold.get("positions") or []:
        ws.append([f"JABATAN : {p.get('jabatan') or '-'}", "INDIKATOR KINERJA", "Jumlah referensi"])


def _sheet_title(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", text or "IKU").strip()[:28] or "IKI"
    name, k = base, 2
    while name.lower() in used:
        name = f"{base[:25]} ({k})"
        k += 1
    used.add(name.lower())
    return name


def render(gold: dict, layout: str, rng: random.Random) -> Workbook:
    wb = Workbook()
    st = style_for(rng)
    col0 = 2 if st["spacer_col"] else 1
    if layout in ("stacked", "sheets"):
        used: set[str] = set()
        first = True
        ws = wb.active
        ws.title = "IKI"
        w = Writer(ws, col0, st, rng)
        for year, positions in _years(gold):
            for k, pos in enumerate(positions):
                if layout == "sheets" and not first:
                    ws = wb.create_sheet(_sheet_title(pos.get("jabatan") or "IKU", used))
                    w = Writer(ws, col0, st, rng)
                elif layout == "sheets":
                    ws.title = _sheet_title(pos.get("jabatan") or "IKU", used)
                if first:
                    letterhead(w, gold, 6)
                title = f"TAHUN {year}" if year and (k == 0 or layout == "sheets") else None
                position_blocks(w, pos, title)
                first = False
    else:
        ws = wb.active
        used = set()
        first = True
        for year, positions in _years(gold):
            iku = [p for p in positions if p.get("kind") == "IKU"]
            iki = [p for p in positions if p.get("kind") != "IKU"]
            for group, kind in ((iku, "IKU"), (iki, "IKI")):
                if not group:
                    continue
                if not first:
                    ws = wb.create_sheet()
                ws.title = _sheet_title(f"{kind} {year or ''}".strip(), used)
                w = Writer(ws, col0, st, rng)
                if first:
                    letterhead(w, gold, 8)
                first = False
                if kind == "IKU":
                    for pos in group:
                        position_blocks(w, pos, f"TAHUN {year}" if year else None)
                    continue
                matrix(w, group, year)
    _hidden_sheet(wb, gold)
    for ws in wb.worksheets:
        if st["spacer_col"]:
            ws.column_dimensions["A"].width = 2
        for c in range(col0, col0 + 12):
            ws.column_dimensions[get_column_letter(c)].width = 24
    return wb


def matrix(w: Writer, positions: list[dict], year: int | None):
    rng = w.rng
    all_inds = [i for p in positions for i in p.get("indicators") or []]
    sections = [(k, lab) for k, lab in SECTIONS if any(p.get(k) for p in positions)]
    extra = [(k, lab) for k, lab in (("instansi", "INSTANSI"), ("program", "PROGRAM")) if any(p.get(k) for p in positions)]
    ind_cols = [c for c in columns(all_inds, "IKI", rng) if c[0] != "no"]
    cols = [("no", "NO"), ("jabatan", pick(rng, [(3, "JABATAN"), (1, "NAMA JABATAN")]))] + extra + sections + ind_cols
    w.line("MATRIKS INDIKATOR KINERJA INDIVIDU" + (f" TAHUN {year}" if year else ""), len(cols), bold=True)
    w.blank()
    rows = []
    for g, pos in enumerate(positions):
        inds = pos.get("indicators") or [{}]
        letters = LETTERS if rng.random() < 0.7 else None
        sec = {}
        for k, _ in sections:
            items = pos.get(k) or []
            sec[k] = items[0] if len(items) == 1 else "\n".join(
                f"{letters[i % 26] if letters else i + 1}. {it}" for i, it in enumerate(items)) or None
        for ind in inds:
            v = row_values(ind, rng) if ind else {}
            v.update({"jabatan": pos.get("jabatan"), "_group": g, **sec,
                      **{k: pos.get(k) for k, _ in extra}})
            rows.append(v)
    merge = ("jabatan", "sasaran") + tuple(k for k, _ in sections) + tuple(k for k, _ in extra)
    w.table(cols, rows, merge_keys=merge)
    # the NO column numbers positions, merged like the jabatan
    w.blank(2)


def save(wb: Workbook, path: Path):
    """Save with fixed zip timestamps and document properties so the bytes depend on the content only."""
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "iki samples"
    save_zip(wb.save, path, lambda name, data: data if name != "docProps/core.xml" else re.sub(
        rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>2023-01-02T08:00:00Z\g<2>", data))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--layouts", default=",".join(LAYOUTS))
    args = ap.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    for gpath in args.inputs:
        gold = load(gpath)
        for layout in args.layouts.split(","):
            rng = random.Random(f"{args.seed}:{gpath.stem}:{layout}")
            name = f"{gpath.stem}_{layout}"
            out = args.outdir / f"{name}.xlsx"
            save(render(gold, layout, rng), out)
            dump(gold_copy(gold, out.name), args.outdir / f"{name}.json")
            print(out, out.stat().st_size // 1024, "KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
