"""One file in, table rows out: detect → extract (IR) → parse → normalise.

:func:`process_file` never raises for a bad input: whatever goes wrong becomes
the file's ``documents`` row with ``status`` and a one-line ``error``.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from extractors.detect import KNOWN_SUFFIXES, detect_format, pdf_start, text_encoding
from extractors.readers.docx import DocxError, convert_doc, read_docx
from extractors.readers.scan import LOW_CONFIDENCE, OcrError, read_image
from extractors.readers.pdf import PdfError, read_pdf
from extractors.parser.indicator_tables import header_roles, indicators_from_tables
from extractors.ir import Document, Paragraph, Table
from extractors.parser.positions import LIST_SECTIONS, parse_positions
from extractors.readers.text import extract_text
from normalize.formula import split_cell
from normalize.jabatan import jabatan_key
from normalize.meta import find_agency, find_region, year_markers
from normalize.text import clean, clean_item, split_label
from normalize.units import parse_quantity

from iki import __version__
from schema.warnings import warning


_YEARISH = re.compile(r"(?:19|20)\d\d")


@dataclass
class Options:
    year: int | None = None
    region: str | None = None
    agency: str | None = None
    ocr: str = "auto"  # auto | always | never
    max_pages: int | None = 1000  # refuse longer PDFs


@dataclass
class FileResult:
    document: dict
    positions: list[dict] = field(default_factory=list)
    duties: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.document["status"] != "error"


class UnsupportedFormat(Exception):
    pass


def extract_document(data: bytes, path: str, ocr: str = "auto", max_pages: int | None = None) -> Document:
    """Bytes of one file → IR, by the format its content shows."""
    fmt = detect_format(data, path)
    if fmt in ("text", "markdown", "html"):
        if text_encoding(data[:65536]) == "utf-16":
            return extract_text(data.decode("utf-16", errors="replace"), source=path, fmt=fmt)
        return extract_text(data, source=path, fmt=fmt)
    if fmt == "empty":
        raise UnsupportedFormat("file is empty")
    if fmt == "encrypted":
        raise UnsupportedFormat("the file is password-protected: save a copy without the password")
    if fmt in ("docx", "doc"):
        try:
            if fmt == "doc":
                data = convert_doc(data, path)
            doc = read_docx(data, source=path)
        except DocxError as e:
            raise UnsupportedFormat(str(e)) from e
        doc.format = fmt
        return doc
    if fmt == "pdf":
        try:  # a banner before the %PDF header is not part of the PDF (its offsets count from the header)
            return read_pdf(data[pdf_start(data) or 0:], source=path, ocr=ocr, max_pages=max_pages)
        except (PdfError, OcrError) as e:
            raise UnsupportedFormat(str(e)) from e
    if fmt == "image":
        if ocr == "never":
            raise UnsupportedFormat("an image needs OCR, which --ocr never turned off")
        try:
            return read_image(data, source=path)
        except OcrError as e:
            raise UnsupportedFormat(str(e)) from e
    raise UnsupportedFormat("not a document iki can read (binary content of unknown format; iki reads "
                            "PDF, Word .docx/.doc, images and converter text exports .txt/.md)")


def _doc_row(path: str, data: bytes, fmt: str) -> dict:
    sha = hashlib.sha256(data).hexdigest()
    return {
        "doc_id": sha[:16], "source_path": path, "file_name": Path(path).name, "sha256": sha,
        "format": fmt, "n_pages": None, "region": None, "agency": None, "year": None,
        "status": "ok", "error": None, "n_positions": 0, "n_indicators": 0, "ocr_pages": 0,
        "n_tables_ruled": 0, "n_tables_unruled": 0, "warnings": [],
        "pipeline_version": __version__,
    }


def process_file(path: str | Path, options: Options | None = None) -> FileResult:
    """Read one file and return its rows; never raises for bad input."""
    options = options or Options()
    path = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        row = _doc_row(path, b"", "unknown")
        row.update(status="error", error=f"cannot read file: {e.strerror or e}")
        row["sha256"] = None
        return FileResult(row)
    row = _doc_row(path, data, detect_format(data, path))
    try:
        doc = extract_document(data, path, options.ocr, options.max_pages)
        return build_rows(doc, row, options)
    except UnsupportedFormat as e:
        row.update(status="error", error=str(e))
        return FileResult(row)
    except Exception as e:  # a bug must not stop the batch: record it on the file's row
        row.update(status="error", error=f"internal error while reading this file: {type(e).__name__}: {e}"[:500])
        return FileResult(row)


def _paragraph_lines(doc: Document) -> tuple[list[str], list[int]]:
    """Text lines for metadata (paragraphs, and layout tables such as a letterhead) and their block index."""
    lines, index = [], []
    for i, b in enumerate(doc.blocks):
        if isinstance(b, Paragraph):
            text = b.text if not b.label or b.label in "-•" else f"{b.label} {b.text}"
            lines.append(text)
            index.append(i)
        elif not any(header_roles(row) for row in b.texts()[:3]):  # not an indicator table
            for row in b.texts():
                for cell in row:
                    for line in cell.split("\n"):
                        if line.strip():
                            lines.append(line.strip())
                            index.append(i)
    return lines, index


def build_rows(doc: Document, row: dict, options: Options) -> FileResult:
    """IR document → rows of the four tables."""
    doc_id = row["doc_id"]
    row["n_pages"] = doc.n_pages
    row["ocr_pages"] = doc.ocr_pages
    row["warnings"] = list(doc.warnings)
    lines, index = _paragraph_lines(doc)
    candidates = [k for k, line in enumerate(lines) if _YEARISH.search(line)]
    markers = [(index[candidates[i]], y) for i, y in year_markers([lines[k] for k in candidates])]
    region = options.region or find_region(lines)
    agency = options.agency or find_agency(lines, region)
    doc_year = options.year or (markers[0][1] if markers else None)
    row.update(region=region, agency=agency, year=doc_year)

    result = FileResult(row)
    for seq, pos in enumerate(parse_positions(doc), start=1):
        pid = f"{doc_id}-p{seq:03d}"
        year = options.year or next((y for i, y in reversed(markers) if i <= pos.block_index), None)
        counts = {s: 0 for s in LIST_SECTIONS}
        for section in LIST_SECTIONS:
            for k, item in enumerate(pos.sections.get(section, []), start=1):
                text = item.full_text()
                if not text:
                    continue
                counts[section] += 1
                result.duties.append({
                    "doc_id": doc_id, "position_id": pid, "section": section, "seq": counts[section],
                    "label": item.label, "level": 0, "text": text,
                    "sub_items": [c for c in (clean_item(x) for x in item.children) if c],
                    "page": item.loc.page, "line": item.loc.line,
                })
        raw_rows, table_warnings = indicators_from_tables(pos.tables)
        for k, raw in enumerate(raw_rows, start=1):
            result.indicators.append(_indicator_row(raw, doc_id, pid, k))
        result.positions.append({
            "doc_id": doc_id, "position_id": pid, "seq": seq, "kind": pos.kind,
            "jabatan": pos.jabatan, "jabatan_key": jabatan_key(pos.jabatan),
            "instansi": pos.instansi, "program": pos.program, "year": year,
            "page": pos.loc.page, "line": pos.loc.line,
            "n_tugas": counts["tugas"], "n_fungsi": counts["fungsi"], "n_indicators": len(raw_rows),
            "warnings": pos.warnings + table_warnings,
        })
    if not agency:
        inst = [p["instansi"] for p in result.positions if p["instansi"]]
        row["agency"] = max(set(inst), key=inst.count) if inst else None
    row["n_positions"] = len(result.positions)
    row["n_indicators"] = len(result.indicators)
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    row["n_tables_unruled"] = sum(1 for t in tables if t.found_by == "alignment")
    row["n_tables_ruled"] = len(tables) - row["n_tables_unruled"]
    if not result.indicators and _names_indicator_columns(doc):
        row["warnings"].append(warning("indicator_rows_missing", "an indicator table's header is in the text but "
                                       "no indicator row was read: its table may be laid out in a way iki "
                                       "could not read"))
    if not result.positions:
        row.update(status="no_iki_found", error="no JABATAN / IKI block or indicator table found in this file")
    return result


def _names_indicator_columns(doc: Document) -> bool:
    """Does the document name an indicator table's columns anywhere: a table row, or a line of
    text (a header whose table was not read) holding INDIKATOR and another column's name?"""
    for b in doc.blocks:
        if isinstance(b, Table):
            if any(header_roles(row) for row in b.texts()[:3]):
                return True
        elif len(b.text.split()) <= 15 and _HEADER_LINE.search(b.text):
            return True
    return False


_HEADER_LINE = re.compile(r"\bINDIKATOR\b.*\b(?:TARGET|SATUAN|SUMBER\s+DATA|FORMULA\w*|PENJELASAN)\b|"
                          r"\b(?:SASARAN|NO)\b.*\bINDIKATOR\b.*\b(?:TARGET|SATUAN|SUMBER|FORMULA\w*|PENJELASAN)",
                          re.I)


def _cell(text: str | None) -> str | None:
    """A table cell as one clean line; a leading bullet is dropped."""
    if not text:
        return None
    parts = []
    for line in text.split("\n"):
        label, rest = split_label(line.strip())
        parts.append(rest if label in ("-", "•", "–", "*") else line.strip())
    return clean(" ".join(parts))


def _indicator_row(raw, doc_id: str, pid: str, seq: int) -> dict:
    fc = split_cell(raw.formula, raw.indikator, raw.formula_only, raw.extra or None)
    f = fc.formula
    target = _cell(raw.target)
    q = parse_quantity(target)
    return {
        "doc_id": doc_id, "position_id": pid, "indicator_id": f"{pid}-i{seq:03d}", "seq": seq,
        "sasaran": clean(raw.sasaran), "indikator": clean(raw.indikator),
        "penjelasan": fc.penjelasan, "formula_raw": fc.formula_raw,
        "formula_type": f.type, "numerator": f.numerator, "denominator": f.denominator,
        "multiplier": f.multiplier, "unit": f.unit, "formula_canonical": fc.canonical,
        "calc_type": fc.calc_type, "polarity": fc.polarity,
        "sumber_data": _cell(raw.sumber_data), "penanggung_jawab": _cell(raw.penanggung_jawab),
        "satuan": _cell(raw.satuan) or fc.satuan, "target_raw": target,
        "target_value": q.value, "target_unit": q.unit,
        "page": raw.loc.page, "line": raw.loc.line, "ocr_confidence": raw.ocr_confidence,
        "warnings": list(raw.warnings) + list(fc.warnings) + (
            [warning("ocr_low_confidence", f"OCR confidence {raw.ocr_confidence:.0f}: check this row against the page")]
            if raw.ocr_confidence is not None and raw.ocr_confidence < LOW_CONFIDENCE else []),
    }


def discover(paths: list[str]) -> list[str]:
    """Files named on the command line, and every document file below named folders (sorted)."""
    found: list[str] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts) \
                        and f.suffix.lower() in KNOWN_SUFFIXES and f.name.lower() != "readme.md":
                    found.append(str(f))
        else:
            found.append(str(path))
    seen, out = set(), []
    for f in found:
        if f not in seen:
            seen.add(f)
            out.append(f)
    return out


def flat_rows(documents: list[dict], positions: list[dict], indicators: list[dict]) -> list[dict]:
    """One row per indicator with its position's and document's columns."""
    docs = {d["doc_id"]: d for d in documents}
    pos = {p["position_id"]: p for p in positions}
    out = []
    for ind in indicators:
        p, d = pos[ind["position_id"]], docs[ind["doc_id"]]
        out.append({**ind, "source_path": d["source_path"], "region": d["region"], "agency": d["agency"],
                    "kind": p["kind"], "jabatan": p["jabatan"], "jabatan_key": p["jabatan_key"],
                    "instansi": p["instansi"], "program": p["program"], "position_year": p["year"],
                    "position_seq": p["seq"]})
    return out
