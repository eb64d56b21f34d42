"""``iki review OUT``: a static folder that puts every extracted row beside the piece of page it came from.

The folder opens in any browser without a server:

* ``index.html`` — the documents: status, counts, warnings by code, share of rows with warnings;
* ``doc_<doc_id>.html`` — one page per document: each position with its rows, beside each row the crop
  of the page it was read from (PDF and scans) or the source cells / lines as text (Word, ODT, HTML,
  workbooks, text exports), and the row's warnings;
* ``check.html`` — "to check": exactly the rows that carry a warning, filterable by warning code and
  document (``check.html?code=formula_inferred&doc=<doc_id>`` opens filtered);
* ``crops/<indicator_id>.png`` — the crops, as files (a big batch stays light).

Each page is self-contained like every page iki writes (``iki/templates/base.html``: its style and script
inline, its words from :mod:`iki.i18n`).

Every row's element carries ``data-indicator-id``. On each row the analyst can mark it right or wrong
and edit any field; the marks are kept in the browser (localStorage) and saved as a CSV
``indicator_id, field, value`` that ``iki extract ... --corrections FILE.csv`` applies
(:mod:`iki.corrections`).

Crops: each page that holds rows is rendered once with pypdfium2 (scans too: a scanned PDF's page is its
image), and every row's box is cut from it, turned so that its text reads left to right, and saved as a
grey PNG of few levels (text stays sharp, the file small). Image files are cut at their own resolution
(reduced when finer). The resolution and the number of grey levels are the best of :data:`QUALITIES`
whose estimated size (from the rows' boxes) keeps all the crops under :data:`CROP_BUDGET`: a small batch
gets 180 dpi and 16 greys, a batch of thousands of rows 144 dpi in black and white. Documents are prepared
in parallel (``jobs`` processes).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from iki.errors import UsageError
from iki.i18n import t

SCALE = 2.0  # pixels per point of a crop (144 dpi) unless the batch is small enough for more (QUALITIES)
# (pixels per point, bits per pixel, bytes per pixel measured on table rows): best first
QUALITIES = ((2.5, 4, 0.040), (2.5, 2, 0.030), (2.0, 2, 0.033), (2.0, 1, 0.020), (1.6, 1, 0.020))
SCAN_SCALE = 2.5  # pixels per point of a scan's crops, whatever the batch
CROP_BUDGET = 60_000_000  # bytes for all the crops of a review (pages and their HTML come on top)
PAD = 2.0  # points around a row's box
CSS_PX = 1.3  # a crop is shown at this many CSS pixels per point of the page (at most its column's width)
MAX_LINES = 60  # lines of a text export shown for one row
PAGE_FORMATS = ("pdf",)  # read by pages that pypdfium2 renders (scanned PDFs too)
IMAGE_FORMATS = ("image",)
TEXT_FORMATS = ("text", "markdown")
# the fields of a row shown (and editable) on the review pages, in this order
FIELDS = ("sasaran", "indikator", "penjelasan", "formula_raw", "formula_type", "numerator", "denominator",
          "multiplier", "unit", "calc_type", "polarity", "satuan", "target_raw", "target_value", "target_unit",
          "target_year", "sumber_data", "penanggung_jawab")


class ReviewError(UsageError):
    """The output folder cannot be reviewed (not an ``iki extract`` output, destination not writable)."""


@dataclass
class ReviewResult:
    """What :func:`review` wrote."""

    folder: Path
    documents: int = 0
    rows: int = 0
    rows_with_warnings: int = 0
    crops: int = 0
    excerpts: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # documents whose source could not be shown, and why
    bytes: int = 0
    scale: float = SCALE  # pixels per point of the crops
    bits: int = 2  # bits per pixel of the crops


# ----------------------------------------------------------------------------- reading the output folder


def _read_table(folder: Path, name: str) -> list[dict]:
    import pyarrow.parquet as pq

    path = folder / f"{name}.parquet"
    if not path.exists():
        return []
    return pq.read_table(path, use_threads=False).to_pylist()


def read_output(out: str | Path) -> tuple[Path, dict, list[dict], list[dict], list[dict]]:
    """One consistent generation of an output folder: (folder, manifest, documents, positions, indicators)."""
    from schema.writer import current_folder

    out = Path(out)
    if not out.is_dir():
        raise ReviewError(t("err_not_output", out=str(out)))
    folder = current_folder(out)
    if not (folder / "documents.parquet").exists():
        raise ReviewError(t("err_not_output", out=str(out)))
    manifest = {}
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    return (folder, manifest, _read_table(folder, "documents"), _read_table(folder, "positions"),
            _read_table(folder, "indicators"))


def resolve_source(path: str, bases: list[Path]) -> Path | None:
    """The source file a ``source_path`` names: as it is (absolute, or from here), else under each base."""
    p = Path(path)
    if p.is_absolute():
        return p if p.is_file() else None
    for base in [Path.cwd(), *bases]:
        q = base / p
        if q.is_file():
            return q
    return None


# ----------------------------------------------------------------------------- crops and excerpts (workers)


@dataclass
class _Task:
    doc_id: str
    path: str | None  # the source file, None when it was not found
    fmt: str
    sha256: str | None
    rows: list[dict]  # indicator_id and provenance columns
    crops: str  # folder to write the crops into
    scale: float = SCALE  # pixels per point of the crops
    bits: int = 2  # grey levels of the crops: 2 ** bits


def _png(arr, path: Path, bits: int = 4, dpi: float | None = None) -> None:
    """A grey image (uint8 array) saved as a PNG of ``2 ** bits`` greys: text stays sharp at a fraction of
    the size (black and white for 1 bit, the threshold halfway between the page's paper and its ink)."""
    import numpy as np
    from PIL import Image

    arr = np.ascontiguousarray(arr)
    if bits == 1:
        h, w = arr.shape
        img = Image.frombytes("1", (w, h), np.packbits(arr >= 160, axis=1).tobytes())
    else:
        levels = 1 << bits
        img = Image.fromarray((arr >> (8 - bits)).astype("uint8"), mode="P")
        img.putpalette([round(v * 255 / (levels - 1)) for v in range(levels) for _ in range(3)])
    extra = {"dpi": (round(dpi), round(dpi))} if dpi else {}  # OCR reads a crop better knowing its scale
    img.save(path, "PNG", bits=bits, compress_level=6, **extra)  # level 9 is 8 times slower for 5 % less


def quality(rows: list[dict], budget: int = CROP_BUDGET) -> tuple[float, int]:
    """The best (pixels per point, bits) of :data:`QUALITIES` whose estimated crops fit ``budget``."""
    area = 0.0
    for r in rows:
        b = _box(r)
        if b:
            area += (b[2] - b[0] + 2 * PAD) * (b[3] - b[1] + 2 * PAD)
    for scale, bits, per_px in QUALITIES:
        if area * scale * scale * per_px <= budget:
            return scale, bits
    return QUALITIES[-1][:2]


def _cut(arr, box, ppp: float, turn: int):
    """The box (points) of a page image at ``ppp`` pixels per point, padded and turned to read upright."""
    import numpy as np

    h, w = arr.shape[:2]
    x0 = max(0, int((box[0] - PAD) * ppp))
    y0 = max(0, int((box[1] - PAD) * ppp))
    x1 = min(w, int(round((box[2] + PAD) * ppp)))
    y1 = min(h, int(round((box[3] + PAD) * ppp)))
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    piece = arr[y0:y1, x0:x1]
    if turn % 360:
        piece = np.rot90(piece, k=-(turn // 90))  # clockwise
    return piece


def _box(row: dict):
    b = tuple(row.get(k) for k in ("box_x0", "box_top", "box_x1", "box_bottom"))
    return b if all(v is not None for v in b) else None


def _save_crops(task: _Task, pages: dict[int, list[dict]], page_image) -> tuple[dict[str, dict], int]:
    """Each page rendered once (``page_image(number) -> (grey array, pixels per point)``), all its rows cut."""
    out: dict[str, dict] = {}
    n = 0
    crops = Path(task.crops)
    for number, rows in sorted(pages.items()):
        try:
            arr, ppp = page_image(number)
        except Exception as e:  # noqa: BLE001 - one page that does not render is a note, not a lost review
            for r in rows:
                out[r["indicator_id"]] = {"note": t("rv_page_not_rendered", page=number, reason=type(e).__name__)}
            continue
        done: dict[tuple, tuple[str, int]] = {}  # (box, turn) → (file, width)
        for r in rows:
            box, turn = _box(r), int(r.get("box_turn") or 0)
            key = (box, turn)
            name = f"{r['indicator_id']}.png"
            if key in done:  # rows split from one cell share their box: one image, linked
                try:
                    os.link(crops / done[key][0], crops / name)
                except OSError:
                    shutil.copyfile(crops / done[key][0], crops / name)
            else:
                piece = _cut(arr, box, ppp, turn)
                if piece is None:
                    out[r["indicator_id"]] = {"note": t("rv_no_box")}
                    continue
                _png(piece, crops / name, task.bits, ppp * 72.0)
                done[key] = (name, round(piece.shape[1] / ppp * CSS_PX))
            out[r["indicator_id"]] = {"crop": f"crops/{name}", "width": done[key][1]}
            n += 1
    return out, n


def _pdf_views(task: _Task, data: bytes) -> tuple[dict[str, dict], int]:
    import pypdfium2 as pdfium

    pages: dict[int, list[dict]] = {}
    for r in task.rows:
        if r.get("page") and _box(r):
            pages.setdefault(int(r["page"]), []).append(r)
    doc = pdfium.PdfDocument(data)
    try:
        def page_image(number: int):
            page = doc[number - 1]
            try:
                arr = page.render(scale=task.scale, grayscale=True).to_numpy()
            finally:
                page.close()
            return (arr[:, :, 0] if arr.ndim == 3 else arr), task.scale

        return _save_crops(task, pages, page_image)
    finally:
        doc.close()


def _image_views(task: _Task, data: bytes) -> tuple[dict[str, dict], int]:
    import numpy as np
    from PIL import Image

    from extractors.readers.scan import image_dpi, load_images

    pages: dict[int, list[dict]] = {}
    for r in task.rows:
        if _box(r):
            pages.setdefault(int(r.get("page") or 1), []).append(r)
    frames = load_images(data)
    ppp = (image_dpi(data) or 72.0) / 72.0  # the scan reader's points: 72 per inch of the stated resolution

    def page_image(number: int):
        img = frames[number - 1].convert("L")
        f = 1.0
        if ppp > task.scale * 1.2:  # finer than a crop needs: reduce once
            f = task.scale / ppp
            img = img.resize((max(1, int(img.width * f)), max(1, int(img.height * f))), Image.LANCZOS)
        return np.asarray(img), ppp * f

    return _save_crops(task, pages, page_image)


def _text_views(task: _Task, data: bytes) -> dict[str, dict]:
    from extractors.readers.text import decode

    text, _ = decode(data)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = {}
    for r in task.rows:
        first, last = r.get("line"), r.get("line_end") or r.get("line")
        if not first:
            continue
        last = min(last, first + MAX_LINES - 1)
        out[r["indicator_id"]] = {"lines": [(k, lines[k - 1].replace("\f", "")) for k in range(first, last + 1)
                                            if 0 < k <= len(lines)]}
    return out


def _table_views(task: _Task, data: bytes) -> dict[str, dict]:
    """The source rows of each indicator row as the reader gives them (Word, ODT, HTML, workbooks)."""
    from extractors.ir import Table, number_tables
    from iki.pipeline import extract_document

    doc = extract_document(data, task.path or task.doc_id, ocr="never")
    tables = [b for b in number_tables(doc.blocks) if isinstance(b, Table)]
    out = {}
    headed: set[int] = set()  # tables whose header row was shown (above their first row on the page)
    for r in task.rows:
        k, first = r.get("table_index"), r.get("table_row")
        if not k or not first or k > len(tables):
            continue
        table = tables[k - 1]
        last = r.get("table_row_end") or first
        head = [0] if first > 1 and k not in headed else []
        headed.add(k)
        wanted = head + list(range(first - 1, min(last, len(table.rows), first + 19)))
        rows = []
        n = table.n_cols
        for i in wanted:
            if i >= len(table.rows):
                continue
            starts = {c.col: c for c in table.rows[i]}
            cells, col = [], 0
            while col < n:  # every grid column: a cell that starts there, or the rest of one merged from above
                c = starts.get(col)
                if c is None:
                    cells.append({"text": "", "colspan": 1, "address": None, "covered": True})
                    col += 1
                    continue
                span = max(1, min(c.colspan, n - col))
                cells.append({"text": c.text, "colspan": span, "address": c.loc.cell, "covered": False})
                col += span
            rows.append({"head": i == 0 and first > 1, "number": i + 1, "cells": cells})
        out[r["indicator_id"]] = {"cells": rows}
    return out


def prepare(task: _Task) -> tuple[str, dict[str, dict], int, str | None]:
    """A document's crops (written) and excerpts: (doc_id, views by indicator id, crops written, note)."""
    if task.path is None:
        return task.doc_id, {}, 0, t("rv_source_missing")
    try:
        data = Path(task.path).read_bytes()
    except OSError as e:
        return task.doc_id, {}, 0, t("rv_source_unreadable", reason=e.strerror or str(e))
    if task.sha256 and hashlib.sha256(data).hexdigest() != task.sha256:
        return task.doc_id, {}, 0, t("rv_source_changed")
    try:
        if task.fmt in PAGE_FORMATS:
            views, n = _pdf_views(task, data)
        elif task.fmt in IMAGE_FORMATS:
            views, n = _image_views(task, data)
        elif task.fmt in TEXT_FORMATS:
            views, n = _text_views(task, data), 0
        else:
            views, n = _table_views(task, data), 0
    except Exception as e:  # noqa: BLE001 - a source that cannot be shown is a note on its page
        return task.doc_id, {}, 0, t("rv_source_not_shown", reason=f"{type(e).__name__}: {e}"[:200])
    return task.doc_id, views, n, None


# ----------------------------------------------------------------------------- the pages


def _code(w: str) -> str:
    from schema.warnings import warning_code

    return warning_code(w) or w.partition(":")[0].strip() or "warning"


def _where(row: dict, fmt: str) -> str:
    """Where the row is in its source, in words."""
    parts = []
    if row.get("sheet"):
        parts.append(f"{row['sheet']}!{row.get('cell_range') or row.get('cell') or ''}".rstrip("!"))
    if row.get("page"):
        parts.append(t("rv_page", page=row["page"]))
    if row.get("line"):
        end = row.get("line_end") or row["line"]
        parts.append(t("rv_lines", first=row["line"], last=end) if end != row["line"] else t("rv_line", line=row["line"]))
    if row.get("table_index") and fmt not in PAGE_FORMATS + IMAGE_FORMATS:
        first, last = row.get("table_row"), row.get("table_row_end") or row.get("table_row")
        rows = (t("rv_rows", first=first, last=last) if last != first else t("rv_row", row=first)) if first else ""
        parts.append(t("rv_table", table=row["table_index"]) + (f", {rows}" if rows else ""))
    return " · ".join(parts)


def _value(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def _row_view(row: dict, doc: dict, views: dict) -> dict:
    codes = [_code(w) for w in row.get("warnings") or []]
    return {
        "id": row["indicator_id"], "doc_id": row["doc_id"], "seq": row.get("seq"),
        "doc_name": doc.get("file_name") or doc.get("source_path"),
        "fields": [(f, _value(row.get(f))) for f in FIELDS if f in row and _value(row.get(f))],
        "warnings": [(c, w.partition(":")[2].strip() if ":" in w else w) for c, w in zip(codes, row["warnings"] or [])],
        "codes": sorted(set(codes)), "where": _where(row, doc.get("format") or ""),
        "view": views.get(row["indicator_id"], {}), "verdict": row.get("verdict"),
        "ocr_confidence": row.get("ocr_confidence"),
    }


def _storage_key(folder: Path) -> str:
    return "iki-review:" + hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:16]


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def review(out: str | Path, dest: str | Path | None = None, jobs: int | None = None,
           sources: list[str | Path] | None = None, progress=None) -> ReviewResult:
    """Write the review folder of an ``iki extract`` output folder (default ``OUT/review``).

    ``sources``: folders to look for the source files in, when their ``source_path`` is relative and
    not found from here (the folder ``iki extract`` ran in, from the manifest, is tried too).
    ``jobs``: documents prepared at the same time (default: all cores). Raises :class:`ReviewError`.
    """
    from iki.templates import render

    start = time.perf_counter()
    out = Path(out)
    folder, manifest, documents, positions, indicators = read_output(out)
    dest = Path(dest) if dest is not None else out / "review"
    bases = [Path(s) for s in (sources or [])]
    if manifest.get("working_directory"):
        bases.append(Path(manifest["working_directory"]))
    bases.append(out.resolve().parent)
    tmp = dest.parent / f".{dest.name}.tmp-{os.getpid()}"
    try:
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / "crops").mkdir(parents=True)
    except OSError as e:
        raise ReviewError(t("rv_cannot_write", dest=str(dest), reason=e.strerror or str(e))) from None
    result = ReviewResult(dest)
    docs = {d["doc_id"]: d for d in documents}
    pos_by_doc: dict[str, list[dict]] = {}
    for p in positions:
        pos_by_doc.setdefault(p["doc_id"], []).append(p)
    rows_by_pos: dict[str, list[dict]] = {}
    rows_by_doc: dict[str, list[dict]] = {}
    for r in indicators:
        rows_by_pos.setdefault(r["position_id"], []).append(r)
        rows_by_doc.setdefault(r["doc_id"], []).append(r)

    keep = ("indicator_id", "page", "box_x0", "box_top", "box_x1", "box_bottom", "box_turn", "line", "line_end",
            "table_index", "table_row", "table_row_end", "sheet", "cell", "cell_range")
    tasks = []
    scale, bits = quality(indicators)
    result.scale, result.bits = scale, bits
    for doc_id, rows in rows_by_doc.items():
        d = docs.get(doc_id, {})
        path = resolve_source(d.get("source_path") or "", bases)
        scanned = d.get("format") in IMAGE_FORMATS or bool(d.get("ocr_pages"))
        # a scan keeps its resolution and its greys: noisy paper is no black and white (and scans are few:
        # each costs seconds of OCR)
        tasks.append(_Task(doc_id, str(path) if path else None, d.get("format") or "", d.get("sha256"),
                           [{k: r.get(k) for k in keep} for r in rows], str(tmp / "crops"),
                           max(scale, SCAN_SCALE) if scanned else scale, 4 if scanned else bits))
    views: dict[str, dict] = {}
    notes: dict[str, str] = {}
    jobs = max(1, jobs or os.cpu_count() or 1)

    def take(doc_id: str, v: dict, n: int, note: str | None) -> None:
        """One document's prepared views, its crop count and its note, as they come."""
        views.update(v)
        result.crops += n
        if note:
            notes[doc_id] = note
        if progress:
            progress(doc_id)

    try:
        if jobs > 1 and len(tasks) > 1:
            from multiprocessing import get_context

            from iki.batch import start_method

            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=get_context(start_method())) as pool:
                for prepared in pool.map(prepare, tasks, chunksize=max(1, len(tasks) // (jobs * 8))):
                    take(*prepared)
        else:
            for task in tasks:
                take(*prepare(task))

        key = _storage_key(out)
        index_rows, check_rows = [], []
        all_codes: Counter = Counter()
        for d in documents:
            rows = rows_by_doc.get(d["doc_id"], [])
            codes: Counter = Counter(_code(w) for w in d.get("warnings") or [])
            for p in pos_by_doc.get(d["doc_id"], []):
                codes.update(_code(w) for w in p.get("warnings") or [])
            for r in rows:
                codes.update(_code(w) for w in r.get("warnings") or [])
            all_codes.update(codes)
            warned = [r for r in rows if r.get("warnings")]
            page = f"doc_{d['doc_id']}.html" if rows or pos_by_doc.get(d["doc_id"]) else None
            index_rows.append({"doc": d, "page": page, "n_rows": len(rows), "n_warned": len(warned),
                               "share": len(warned) / len(rows) if rows else None,
                               "codes": sorted(codes.items()), "note": notes.get(d["doc_id"])})
            result.documents += 1
            result.rows += len(rows)
            result.rows_with_warnings += len(warned)
            if page is None:
                continue
            blocks = []
            for p in sorted(pos_by_doc.get(d["doc_id"], []), key=lambda p: p["seq"]):
                prow = rows_by_pos.get(p["position_id"], [])
                blocks.append({"pos": p, "codes": [(_code(w), w.partition(":")[2].strip()) for w in p.get("warnings") or []],
                               "rows": [_row_view(r, d, views) for r in sorted(prow, key=lambda r: r["seq"])]})
            _write(tmp / page, render("review_doc.html", fields=FIELDS, title=d.get("file_name") or d["doc_id"], doc=d,
                                      positions=blocks, note=notes.get(d["doc_id"]), storage_key=key,
                                      doc_codes=[(_code(w), w.partition(":")[2].strip()) for w in d.get("warnings") or []]))
            check_rows += [_row_view(r, d, views) for r in sorted(warned, key=lambda r: r["indicator_id"])]
        result.excerpts = sum(1 for v in views.values() if "lines" in v or "cells" in v)
        total = {"documents": result.documents, "rows": result.rows, "warned": result.rows_with_warnings,
                 "share": result.rows_with_warnings / result.rows if result.rows else None,
                 "status": sorted(Counter(d["status"] for d in documents).items())}
        check_codes = Counter(c for r in check_rows for c in r["codes"])
        _write(tmp / "index.html", render("review_index.html", fields=FIELDS, title=t("rv_title"), documents=index_rows,
                                          total=total, codes=sorted(all_codes.items()),
                                          check_codes=dict(check_codes), storage_key=key, output=str(out)))
        in_check = {r["doc_id"] for r in check_rows}
        _write(tmp / "check.html", render("review_check.html", fields=FIELDS, title=t("rv_check_title"), rows=check_rows,
                                          codes=sorted(check_codes.items()), storage_key=key,
                                          documents=[(d["doc_id"], d.get("file_name") or d["doc_id"])
                                                     for d in documents if d["doc_id"] in in_check]))
        if dest.exists():
            old = dest.parent / f".{dest.name}.old-{os.getpid()}"
            dest.rename(old)
            tmp.rename(dest)
            if old.is_symlink():  # a link planted where the review goes: removed, never followed
                old.unlink()
            else:
                shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    result.notes = [f"{docs[k].get('source_path')}: {v}" for k, v in notes.items() if k in docs]
    seen = {}
    for f in dest.rglob("*"):
        if f.is_file():
            st = f.stat()
            seen[(st.st_dev, st.st_ino)] = st.st_size  # a linked crop counts once
    result.bytes = sum(seen.values())
    result.seconds = time.perf_counter() - start
    return result
