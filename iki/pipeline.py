"""One file in, table rows out: detect → extract (IR) → parse → normalise.

:func:`process_file` never raises for a bad input: whatever goes wrong becomes
the file's ``documents`` row with ``status`` and a one-line ``error``:

* ``unsupported`` — not a document iki reads (binary of an unknown format, a FIFO or device);
* ``error`` — a document iki reads that is damaged, protected, beyond a limit, or that needs a
  missing tool (the reason says which); ``internal error`` is kept for iki's own faults;
* ``no_iki_found`` — read, but no IKI/IKU block in it.

:func:`discover` walks folders and sniffs nothing: every file below a folder is listed (hidden
files and office lock files skipped and counted), and :func:`process_file` tells the format by
content.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import stat
import time
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from extractors.detect import data_kind, detect_format, pdf_start
from extractors.readers import office
from extractors.readers.docx import DocxError, read_docx
from extractors.readers.html import HtmlError, read_html
from extractors.readers.xlsx import XlsxError, read_xlsx
from extractors.readers.odt import OdtError, read_odt
from extractors.readers.scan import LOW_CONFIDENCE, OcrError, read_image
from extractors.readers.pdf import PdfError, read_pdf
from extractors.parser.flat_tables import split_header_line
from extractors.parser.indicator_tables import find_header, header_role, header_roles, indicators_from_tables
from extractors.ir import Document, Paragraph, Table, number_tables
from extractors.parser.labels import heading_kind
from extractors.parser.provenance import Extent, extent
from extractors.parser.positions import LIST_SECTIONS, parse_positions
from extractors.readers.text import extract_text
from normalize.formula import split_cell
from normalize.jabatan import jabatan_key
from normalize.meta import (document_year, find_agency, find_agency_in_cells, find_region, period_markers,
                            year_marker_kinds)
from normalize.text import clean, clean_item, split_label
from normalize.units import parse_quantity, repair_percent

from extractors import limits
from iki.version import __version__
from iki.i18n import error_message
from schema.warnings import warning, warning_code

log = logging.getLogger("iki")


_YEARISH = re.compile(r"(?:19|20)\d\d")


@dataclass
class Options:
    year: int | None = None  # for documents and positions that state no year (and whose path names none)
    region: str | None = None
    agency: str | None = None
    ocr: str = "auto"  # auto | always | never
    max_pages: int | None = 1000  # refuse longer PDFs and images with more frames
    page_timeout: float | None = 120.0  # seconds for one page (0/None: only the file's --timeout)
    path_year: int | None = None  # the year this file's name or folder states (:func:`path_year`), set per file


@dataclass
class FileResult:
    document: dict
    positions: list[dict] = field(default_factory=list)
    duties: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # what each stage did (for -v); not part of the tables

    @property
    def ok(self) -> bool:
        return self.document["status"] not in FAILED


FAILED = ("error", "timeout")  # statuses that make `iki extract` exit 1
STATUSES = ("ok", "no_iki_found", "unsupported", "duplicate", "error", "timeout")


class UnsupportedFormat(Exception):
    """A file iki could not read; the message says why. Status ``error`` (see :class:`NotADocument`)."""


class NotADocument(UnsupportedFormat):
    """Content of a kind iki does not read at all (status ``unsupported``)."""


class NotARegularFile(OSError):
    """A FIFO, device or socket: never opened for reading (it could block or never end)."""


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def display_path(path: str | os.PathLike) -> str:
    """A path as valid UTF-8 text: bytes of a file name that is not UTF-8 are shown as ``\\xNN``.

    Paths are kept as ``str`` with the undecodable bytes carried as surrogates (``os.fsdecode``),
    so the file can still be opened; this is the form for tables and messages.
    """
    path = os.fspath(path)
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")


def open_regular(path: str) -> int:
    """Open ``path`` for reading without blocking and return the descriptor, only if it is a regular file.

    The type is checked before opening (``stat``) and again on the open descriptor (``fstat``), so
    a FIFO, a device or a socket raises :class:`NotARegularFile` and is never read.
    Raises ``OSError`` for a file that cannot be opened.
    """
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise NotARegularFile(_kind(st.st_mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise NotARegularFile(_kind(st.st_mode))
    return fd


def _chunks(path: str, chunk_size: int):
    """The bytes of a regular file in chunks, at most the size it had when opened (a growing file
    does not stream on). Raises :class:`NotARegularFile` or ``OSError`` like :func:`open_regular`."""
    fd = open_regular(path)
    try:
        left = os.fstat(fd).st_size
        while left > 0:
            chunk = os.read(fd, min(left, chunk_size))
            if not chunk:
                break
            yield chunk
            left -= len(chunk)
    finally:
        os.close(fd)


def read_input(path: str) -> bytes:
    """A regular file's bytes, at most the size it had when opened (a growing file does not stream on)."""
    return b"".join(_chunks(path, 1 << 24))


class DigestTimeout(Exception):
    """Hashing a file took longer than the time it was given (``--timeout``)."""


def file_digest(path: str, deadline: float | None = None) -> tuple[str, int]:
    """(SHA-256 hex, size) of a regular file, reading at most its size when opened, in bounded memory.

    ``deadline`` (a ``time.monotonic()`` value): raise :class:`DigestTimeout` when it passes (a sparse
    file of huge apparent size takes about a second per GB). Raises :class:`NotARegularFile` or
    ``OSError`` like :func:`open_regular`.
    """
    h, size = hashlib.sha256(), 0
    for chunk in _chunks(path, 1 << 20):
        h.update(chunk)
        size += len(chunk)
        if deadline is not None and time.monotonic() > deadline:
            raise DigestTimeout(path)
    return h.hexdigest(), size


# a file's rows (in the cache, as JSON) may take at most this many times its size, plus ENTRY_SLACK: a
# small file whose one long cell is repeated on thousands of rows would otherwise fill the disk
ENTRY_FACTOR = 64
ENTRY_SLACK = 4 * 2 ** 20


def entry_limit(size: int | None) -> int:
    """The most bytes the rows of a file of ``size`` bytes may take (JSON, as cached)."""
    return ENTRY_FACTOR * (size or 0) + ENTRY_SLACK


def rows_size(result: "FileResult") -> int:
    """About how many bytes the rows of ``result`` take as JSON (strings are counted, not copied: a
    cell repeated on every row costs nothing in memory and its full length here)."""
    total = 0
    for rows in ([result.document], result.positions, result.duties, result.indicators):
        for row in rows:
            total += 2 + 24 * len(row)
            for v in row.values():
                if isinstance(v, str):
                    total += len(v)
                elif isinstance(v, (list, tuple)):
                    for x in v:
                        total += 4 + (len(x) if isinstance(x, str) else
                                      sum(len(y) + 16 for y in x.values() if isinstance(y, str))
                                      if isinstance(x, dict) else 8)
    return total


def unreadable_row(path: str, e: OSError) -> "FileResult":
    """The row of a file that cannot be opened: a FIFO, device or socket (``unsupported``, never
    opened), or one the system refuses (``error``)."""
    if isinstance(e, NotARegularFile):
        return failed_row(path, "unsupported", f"not a regular file but {e}; iki reads only regular files")
    return failed_row(path, "error", f"cannot read file: {e.strerror or e}")


def extract_document(data: bytes, path: str, ocr: str = "auto", max_pages: int | None = None) -> Document:
    """Bytes of one file → IR, by the format its content shows.

    Raises :class:`UnsupportedFormat` (:class:`NotADocument` for content iki does not read) with a
    message for the user; other exceptions come from the readers (see :func:`process_file`).
    """
    fmt = detect_format(data, path)
    if fmt == "html":
        try:
            return read_html(data, source=path)
        except HtmlError as e:
            raise UnsupportedFormat(error_message(e)) from e
    if fmt in ("text", "markdown"):  # UTF-16 and stray bytes: extractors.readers.text.decode
        kind = data_kind(data)
        if kind:
            raise NotADocument(f"{kind}, not a document")
        try:
            return extract_text(data, source=path, fmt=fmt)
        except HtmlError as e:  # an HTML table in the text past a limit
            raise UnsupportedFormat(str(e)) from e
    if fmt == "empty":
        raise UnsupportedFormat("file is empty")
    if fmt == "encrypted":
        raise UnsupportedFormat("the file is password-protected: save a copy without the password")
    if fmt in ("docx", "doc", "rtf", "wpd"):
        try:
            if fmt != "docx":
                data = office.convert(data, fmt, path)  # → .docx
            doc = read_docx(data, source=path)
        except (DocxError, office.OfficeError) as e:
            raise UnsupportedFormat(error_message(e)) from e
        doc.format = fmt
        return doc
    if fmt in ("xlsx", "xls", "xlsb", "ods"):
        try:
            if fmt != "xlsx":
                data = office.convert(data, fmt, path)  # → .xlsx
            doc = read_xlsx(data, source=path)
        except (XlsxError, office.OfficeError) as e:
            raise UnsupportedFormat(error_message(e)) from e
        doc.format = fmt
        return doc
    if fmt in ("pptx", "ppt", "odp"):
        try:
            doc = read_pdf(office.convert(data, fmt, path), source=path, ocr=ocr, max_pages=max_pages)
        except (PdfError, OcrError, office.OfficeError) as e:
            raise UnsupportedFormat(error_message(e)) from e
        doc.format = fmt
        return doc
    if fmt == "odt":
        try:
            return read_odt(data, source=path)
        except OdtError as e:
            raise UnsupportedFormat(error_message(e)) from e
    if fmt == "pdf":
        try:  # a banner before the %PDF header is not part of the PDF (its offsets count from the header)
            return read_pdf(data[pdf_start(data) or 0:], source=path, ocr=ocr, max_pages=max_pages)
        except (PdfError, OcrError) as e:
            raise UnsupportedFormat(error_message(e)) from e
    if fmt == "image":
        if ocr == "never":
            raise UnsupportedFormat("an image needs OCR, which --ocr never turned off")
        try:
            return read_image(data, source=path)
        except OcrError as e:
            raise UnsupportedFormat(error_message(e)) from e
    if fmt != "unknown":
        raise NotADocument(f"a {fmt} file: not a format iki reads (iki reads PDF, Word, Excel, OpenDocument, "
                           "RTF, HTML, images and converter text exports)")
    raise NotADocument("not a document iki can read (binary content of unknown format; iki reads "
                       "PDF, Word, Excel, OpenDocument, RTF, HTML, images and converter text exports)")


def _doc_row(path: str, data: bytes | None, fmt: str) -> dict:
    """The ``documents`` row of a file; ``data=None`` for a file whose bytes could not be read
    (its ``doc_id`` is then derived from its path, ``sha256`` is null)."""
    shown = display_path(path)
    if data is None:
        sha = None
        doc_id = hashlib.sha256(b"\0path\0" + os.fsencode(path)).hexdigest()[:16]
    else:
        sha = hashlib.sha256(data).hexdigest()
        doc_id = sha[:16]
    return {
        "doc_id": doc_id, "source_path": shown, "file_name": os.path.basename(shown.rstrip("/\\")) or shown,
        "sha256": sha, "format": fmt, "n_pages": None, "region": None, "agency": None, "year": None,
        "period_start": None, "period_end": None,
        "status": "ok", "error": None, "duplicate_of": None,
        "n_positions": 0, "n_indicators": 0, "ocr_pages": 0,
        "n_tables_ruled": 0, "n_tables_unruled": 0, "warnings": [],
        "pipeline_version": __version__,
    }


def failed_row(path: str, status: str, message: str, fmt: str = "unknown") -> FileResult:
    """A ``documents`` row for a file that was not read (its bytes are not read here either)."""
    row = _doc_row(path, None, fmt)
    row.update(status=status, error=message)
    return FileResult(row)


# exceptions that readers raise on damaged input, with what to tell the user
_DAMAGE = (
    ((zipfile.BadZipFile, zlib.error), "corrupt ZIP entry"),
    ((EOFError,), "file ends too early (truncated)"),
    ((RecursionError,), "structures nested too deeply"),
    ((UnicodeDecodeError,), "invalid text encoding inside the file"),
)


def damage_reason(e: BaseException) -> str | None:
    """What a reader's exception says about a damaged input, or None when it looks like iki's own fault."""
    for kinds, reason in _DAMAGE:
        if isinstance(e, kinds):
            return reason
    name = type(e).__name__
    module = type(e).__module__ or ""
    text = str(e)
    if isinstance(e, ValueError) and ("invalid literal for int()" in text or "could not convert" in text):
        return "invalid number"
    if name == "XMLSyntaxError":
        return "invalid XML"
    if module.startswith(("pdfminer", "pdfplumber", "pypdfium2")) or name.startswith(("PDF", "PS")):
        return "damaged PDF"
    if module.startswith("PIL") or name in ("UnidentifiedImageError", "DecompressionBombError") or (
            isinstance(e, OSError) and ("image file" in text or "truncated" in text)):
        return "damaged or oversized image"
    if name == "error" and module.startswith("struct"):
        return "damaged binary structure"
    library = _raised_in_library(e)
    if library and isinstance(e, (ValueError, LookupError, EOFError, OSError, AssertionError, OverflowError)):
        return f"{library} could not read it"  # a format library choking on the bytes it was given
    return None


_OWN_CODE = str(Path(__file__).resolve().parents[1])


def _raised_in_library(e: BaseException) -> str | None:
    """The library (module) in which ``e`` was raised, when that is not iki's own code."""
    tb = e.__traceback__
    last = None
    while tb is not None:
        last = tb
        tb = tb.tb_next
    if last is None:
        return None
    filename = last.tb_frame.f_code.co_filename
    if filename.startswith(_OWN_CODE) and "site-packages" not in filename:
        return None
    return last.tb_frame.f_globals.get("__name__", "").split(".")[0] or None


# A small IKI document of the usual shape (labels, lettered duties, an indicator table with common
# formula wordings and targets), read once by warm_up().
WARM_UP = """PEMERINTAH KABUPATEN CONTOH
INDIKATOR KINERJA INDIVIDU TAHUN 2022
1. JABATAN : Kepala Sub Bagian Umum dan Kepegawaian
2. TUGAS : Melaksanakan penyusunan rencana kerja dan urusan umum.
3. FUNGSI :
 a. Penyusunan rencana program kerja;
 b. Pelaksanaan administrasi kepegawaian; dan
 c. Pelaksanaan tugas lain yang diberikan oleh atasan.
NO\tSASARAN\tINDIKATOR KINERJA\tPENJELASAN / FORMULASI\tSUMBER DATA\tTARGET
1\tMeningkatnya kualitas pelayanan\tPersentase dokumen yang diselesaikan tepat waktu\tJumlah dokumen selesai / Jumlah dokumen x 100%\tLaporan bulanan\t100%
2\tMeningkatnya tertib administrasi\tRasio pegawai yang mengikuti pelatihan\tJumlah pegawai terlatih dibagi jumlah seluruh pegawai dikali 100%\tData kepegawaian\t85 %
3\tTerselenggaranya pelaporan\tJumlah laporan kinerja\tΣ laporan yang disusun\tArsip\t12 laporan
Kepala Dinas,
"""


def warm_up() -> None:
    """Read :data:`WARM_UP` once, so that the patterns the parser and normaliser compile on first
    use are compiled in this process. A batch calls it before forking its workers: they inherit
    the patterns instead of compiling them again for every file (about 15 ms a file)."""
    try:
        data = WARM_UP.encode("utf-8")
        build_rows(extract_text(data, source="warm-up.txt", fmt="text"), _doc_row("warm-up.txt", data, "text"),
                   Options())
    except Exception as e:  # noqa: BLE001 - only a head start: the workers do the work anyway
        log.debug("warm-up failed: %s", e)


def process_file(path: str | Path, options: Options | None = None) -> FileResult:
    """Read one file and return its rows; never raises for bad input.

    ``path`` may carry undecodable bytes of a non-UTF-8 name (``os.fsdecode``); the rows show it
    escaped (:func:`display_path`). A FIFO, device or socket is never opened (status
    ``unsupported``); at most the size the file had when opened is read.
    """
    options = options or Options()
    path = os.fspath(path)
    limits.configure(page_seconds=options.page_timeout, max_pages=options.max_pages)
    name = display_path(path)
    t0 = time.perf_counter()
    try:
        data = read_input(path)
    except OSError as e:
        return unreadable_row(path, e)
    try:
        fmt = detect_format(data, path)
    except Exception:  # noqa: BLE001 - a sniffer choking on the bytes: the readers will say what is wrong
        fmt = "unknown"
    row = _doc_row(path, data, fmt)
    stage_log = [f"{name}: {len(data):,} bytes, format {fmt} (by content)"]
    stage = "read"
    try:
        doc = extract_document(data, path, options.ocr, options.max_pages)
        stage = "parse"
        t1 = time.perf_counter()
        n_tables = sum(1 for b in doc.blocks if not isinstance(b, Paragraph))
        stage_log.append(f"{name}: read {len(doc.blocks)} blocks ({n_tables} tables"
                         + (f", {doc.n_pages} pages" if doc.n_pages else "")
                         + (f", {doc.ocr_pages} by OCR" if doc.ocr_pages else "") + f") in {t1 - t0:.2f} s")
        result = build_rows(doc, row, options)
        stage_log.append(f"{name}: parsed {len(result.positions)} positions, {len(result.duties)} duties, "
                         f"{len(result.indicators)} indicators in {time.perf_counter() - t1:.2f} s")
        size, limit = rows_size(result), entry_limit(len(data))
        if size > limit:  # bounded by a multiple of the input: a cell repeated on very many rows
            row.update(status="error", n_positions=0, n_indicators=0,
                       error=f"the rows read from this file would take {size / 2**20:,.0f} MiB, more than "
                             f"{ENTRY_FACTOR} times its size ({limit / 2**20:,.0f} MiB): not kept (a very long cell "
                             f"repeated on many rows?)")
            stage_log.append(f"{name}: error: {row['error']}")
            return FileResult(row, log=stage_log)
        result.log = stage_log
        return result
    except NotADocument as e:
        row.update(status="unsupported", error=str(e))
    except (UnsupportedFormat, limits.InputTooLarge) as e:
        row.update(status="error", error=str(e))
    except limits.PageTimeLimit as e:
        row.update(status="error", error=str(e))
    except MemoryError:
        row.update(status="error", error="ran out of memory while reading this file (--max-memory)")
    except Exception as e:  # never stops the batch: say whether the input is damaged or iki failed
        reason = damage_reason(e) if stage == "read" else None  # the parser's faults are iki's
        detail = f"{type(e).__name__}: {e}"
        if reason:
            row.update(status="error", error=f"damaged file: {reason} ({detail})"[:500])
        else:
            row.update(status="error", error=f"internal error while reading this file: {detail}"[:500])
    stage_log.append(f"{name}: {row['status']}: {row['error']}")
    return FileResult(row, log=stage_log)


def _paragraph_lines(doc: Document) -> tuple[list[str], list[int]]:
    """Text lines for metadata (paragraphs, and layout tables such as a letterhead) and their block index."""
    lines, index = [], []
    for i, b in enumerate(doc.blocks):
        if isinstance(b, Paragraph):
            text = b.text if not b.label or b.label in "-•" else f"{b.label} {b.text}"
            lines.append(text)
            index.append(i)
        elif not (any(header_roles(row) for row in b.texts()[:3]) or find_header(b)):  # not an indicator table
            for row in b.texts():
                for cell in row:
                    for line in cell.split("\n"):
                        if line.strip():
                            lines.append(line.strip())
                            index.append(i)
    return lines, index


# columns whose cells name an agency as the table's own (its data source, the unit answerable for it); an
# indicator's or sasaran's text names the offices it is about ("pembinaan ke UPT-UPT DESDM Prov. Jabar"),
# though the region it names is the document's (an agency works in its own region)
_AGENCY_COLUMNS = {"sumber_data", "penanggung_jawab"}


def _indicator_cell_lines(doc: Document, roles: set[str] | None = None) -> list[str]:
    """The cell lines of the indicator tables (which :func:`_paragraph_lines` leaves out), a cell's lines
    joined; with ``roles``, only the cells of the columns whose header gives one of them."""
    lines = []
    for b in doc.blocks:
        if not isinstance(b, Table):
            continue
        rows = b.texts()
        header = next((r for r in (header_roles(row) for row in rows[:3]) if r), None)
        if not header:
            continue
        keep = None if roles is None else {i for i, r in enumerate(header) if r in roles}
        lines.extend(" ".join(cell.split()) for row in rows for i, cell in enumerate(row)
                     if cell.strip() and (keep is None or i in keep))
    return lines


def build_rows(doc: Document, row: dict, options: Options) -> FileResult:
    """IR document → rows of the four tables."""
    doc_id = row["doc_id"]
    row["n_pages"] = doc.n_pages
    row["ocr_pages"] = doc.ocr_pages
    row["warnings"] = list(doc.warnings)
    doc.blocks = number_tables(doc.blocks)
    lines, index = _paragraph_lines(doc)
    candidates = [k for k, line in enumerate(lines) if _YEARISH.search(line)]
    marks = year_marker_kinds([lines[k] for k in candidates])
    # a signing date ("Bandung, 2015" under an IKU of 2014) names a block's year only where no title or decree does
    years = [(index[candidates[i]], y) for i, y, k in marks if k != "date"] \
        or [(index[candidates[i]], y) for i, y, _ in marks]
    periods = [(index[candidates[i]], a, b) for i, a, b in period_markers([lines[k] for k in candidates])]
    region = options.region or find_region(lines)
    agency = options.agency or find_agency(lines, region)
    if not region or not agency:  # named only inside the indicator tables ("BKPD Prov. Jabar" as a data source)
        cells = _indicator_cell_lines(doc)
        region = region or find_region(cells)  # "... di Provinsi Jawa Barat": the places a table is about
        agency = agency or find_agency_in_cells(_indicator_cell_lines(doc, _AGENCY_COLUMNS), region,
                                                spelled_out=cells + lines)
    doc_year = document_year(marks) or (periods[0][1] if periods else None)
    doc_period = (periods[0][1], periods[0][2]) if periods else (None, None)
    # a year the document does not state: its file or folder name's, else --year (year_source says which)
    fallback, fallback_source = ((options.path_year, "path") if options.path_year else
                                 (options.year, "option") if options.year else (None, None))
    row.update(region=region, agency=agency, year=doc_year or fallback,
               year_source="document" if doc_year else fallback_source,
               period_start=doc_period[0], period_end=doc_period[1])

    result = FileResult(row)
    # a block that names no position and holds no duty, item or table (an "Instansi ..." phrase in a manual's
    # prose) is no position: nothing of it would reach a table but an empty row
    blocks = [p for p in parse_positions(doc) if p.jabatan or p.tables or any(p.sections.values())]
    for seq, pos in enumerate(blocks, start=1):
        pid = f"{doc_id}-p{seq:03d}"
        # the nearest year marker before the block, else the first year of the nearest period title ("TAHUN
        # 2021 - 2026"), else the document's year (a title page after its table, as in a continuation file)
        period = next(((a, b) for i, a, b in reversed(periods) if i <= pos.block_index), doc_period)
        year = next((y for i, y in reversed(years) if i <= pos.block_index), None) or period[0] or doc_year
        year_source = "document" if year else fallback_source
        year = year or fallback
        year_warning = [] if year else [warning(
            "year_missing", "no year in the document, in its file or folder name, nor from --year: name the year "
                            "in the file or folder name (IKI 2021.docx, 2021/...) or give --year")]
        counts = {s: 0 for s in LIST_SECTIONS}
        for section in LIST_SECTIONS:
            for k, item in enumerate(pos.sections.get(section, []), start=1):
                text = item.full_text()
                if not text:
                    continue
                counts[section] += 1
                result.duties.append({
                    "doc_id": doc_id, "position_id": pid, "jabatan": pos.jabatan, "section": section,
                    "seq": counts[section],
                    "label": item.label, "level": 0, "text": text,
                    "sub_items": [c for c in (clean_item(x) for x in item.children) if c],
                    "page": item.loc.page, "line": item.loc.line, "sheet": item.loc.sheet, "cell": item.loc.cell,
                })
        raw_rows, table_warnings = indicators_from_tables(pos.tables)
        for k, raw in enumerate(raw_rows, start=1):
            result.indicators.append(_indicator_row(raw, doc_id, pid, k, year))
        result.positions.append({
            "doc_id": doc_id, "position_id": pid, "seq": seq, "kind": pos.kind,
            "jabatan": pos.jabatan, "jabatan_key": jabatan_key(pos.jabatan),
            "instansi": pos.instansi, "program": pos.program, "year": year, "year_source": year_source,
            "period_start": period[0], "period_end": period[1],
            "page": pos.loc.page, "line": pos.loc.line, "sheet": pos.loc.sheet, "cell": pos.loc.cell,
            **_box(extent([(pos.loc, 1)])), "table_index": pos.loc.table, "table_row": pos.loc.row,
            "n_tugas": counts["tugas"], "n_fungsi": counts["fungsi"], "n_indicators": len(raw_rows),
            "warnings": pos.warnings + table_warnings + year_warning,
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
    if not result.positions and not result.indicators and _names_indicator_columns(doc):
        kind = next((k for k in (heading_kind(b.text) for b in doc.blocks if isinstance(b, Paragraph)) if k), None)
        if kind:  # an IKU heading and its table's header are there, its rows are not readable: an IKU, unread
            pid = f"{doc_id}-p001"
            first = next(b for b in doc.blocks if isinstance(b, Paragraph) and heading_kind(b.text))
            result.positions.append({
                "doc_id": doc_id, "position_id": pid, "seq": 1, "kind": kind, "jabatan": None, "jabatan_key": None,
                "instansi": None, "program": None, "year": doc_year or fallback,
                "year_source": "document" if doc_year else fallback_source, "period_start": doc_period[0],
                "period_end": doc_period[1], "page": first.loc.page, "line": first.loc.line, "sheet": first.loc.sheet,
                "cell": first.loc.cell, "n_tugas": 0, "n_fungsi": 0, "n_indicators": 0,
                "warnings": [warning("table_unreadable", "the document has an IKI / IKU heading and an indicator "
                                                         "table's header, but no row of the table could be read")]
                + ([] if doc_year or fallback else [warning("year_missing", "no year in the document, in its file or "
                                                                            "folder name, nor from --year")])})
            row["n_positions"] = 1
    if not result.positions:
        unread = [w for w in row["warnings"] if warning_code(w) in UNREAD_PAGE_CODES]
        if unread:  # cannot claim "no IKI" for pages never read
            row.update(status="error", error=f"no IKI block found in the pages that could be read; "
                                             f"{len(unread)} page problem(s): {unread[0]}"[:500])
        else:
            row.update(status="no_iki_found", error="no JABATAN / IKI block or indicator table found in this file")
    return result


# warnings that mean a page was not read (a document without IKI and with these is `error`)
UNREAD_PAGE_CODES = ("page_unreadable", "ocr_error", "page_too_large")


def _names_indicator_columns(doc: Document) -> bool:
    """Does the document name an indicator table's columns anywhere: a table row, or a line of
    text (a header whose table was not read) holding INDIKATOR and another column's name?"""
    run: list[str] = []  # consecutive short lines: a header a converter wrote one cell per line
    starts: list[str] = []  # column names that open lines in a row (a converter's columns as blocks)
    for b in doc.blocks:
        if isinstance(b, Table):
            if any(header_roles(row) for row in b.texts()[:3]) or find_header(b):
                return True
            run, starts = [], []
            continue
        names, _ = split_header_line(b.text)
        if len(names) == 1 and header_role(names[0]):
            starts = (starts + names)[-6:]
            roles = {header_role(n) for n in starts}
            if "indikator" in roles and len(roles - {None, "other", "no"}) >= 3:
                return True
        if len(b.text.split()) <= 15 and _HEADER_LINE.search(b.text):
            return True
        elif len(b.text.split()) <= 5:
            run = (run + [b.text])[-30:]
            if _HEADER_LINE.search(" ".join(run)):
                return True
        else:
            run = []
    return False


_HEADER_LINE = re.compile(r"\bINDIKATOR\b.*\b(?:TARGET|SATUAN|SUMBER\s+DATA|FORMULA\w*|PENJELASAN)\b|"
                          r"\b(?:SASARAN|NO)\b.*\bINDIKATOR\b.*\b(?:TARGET|SATUAN|SUMBER|FORMULA\w*|PENJELASAN)|"
                          r"\bTARGET\b.*\bBASELINE\b.*\bINDIKATOR\s+KINERJA\b|\bBASELINE\b.*\bTARGET\b.*\bINDIKATOR\s+KINERJA\b",
                          re.I)


@lru_cache(maxsize=256)
def _clean(text: str | None) -> str | None:
    """:func:`normalize.text.clean`, once per distinct text: a cell spanning many rows (a sasaran) is
    cleaned once, not once per row (a 200 KB cell on 1,000 rows would take a minute)."""
    return clean(text)


@lru_cache(maxsize=256)
def _cell(text: str | None) -> str | None:
    """A table cell as one clean line; a leading bullet is dropped (once per distinct text)."""
    if not text:
        return None
    parts = []
    for line in text.split("\n"):
        label, rest = split_label(line.strip())
        parts.append(rest if label in ("-", "•", "–", "*") else line.strip())
    return clean(" ".join(parts))


def _pick_target(raw, year: int | None) -> tuple[str | None, int | None]:
    """The target of the position's year when the table has one TARGET column per year (else the first
    year's), and that year; a single TARGET column gives its cell and the year its header names, if any."""
    ocr = raw.ocr_confidence is not None  # a row read by OCR: "10096" is "100%" misread
    if raw.targets:
        chosen = next(((y, t) for y, t in raw.targets if y == year), raw.targets[0])
        return repair_percent(_cell(chosen[1]), ocr), chosen[0]
    return repair_percent(_cell(raw.target), ocr), None


def _box(where: Extent) -> dict:
    """The box columns of a row or position: on the page as displayed, points."""
    if where.bbox is None:
        return {"box_x0": None, "box_top": None, "box_x1": None, "box_bottom": None, "box_turn": None}
    x0, top, x1, bottom = where.bbox
    return {"box_x0": x0, "box_top": top, "box_x1": x1, "box_bottom": bottom, "box_turn": where.turn}


def _where(where: Extent | None) -> dict:
    """The provenance columns of an indicator row beyond page / line / sheet / cell."""
    where = where or Extent()
    return {**_box(where), "line_end": where.line_end, "cell_range": where.cell_range,
            "table_index": where.table, "table_row": where.row, "table_row_end": where.row_end}


def _indicator_row(raw, doc_id: str, pid: str, seq: int, year: int | None = None) -> dict:
    fc = split_cell(raw.formula, raw.indikator, raw.formula_only, raw.extra or None,
                    explanation_column=raw.explain_only)
    f = fc.formula
    target, target_year = _pick_target(raw, year)
    q = parse_quantity(target)
    return {
        "doc_id": doc_id, "position_id": pid, "indicator_id": f"{pid}-i{seq:03d}", "seq": seq,
        "sasaran": _clean(raw.sasaran), "indikator": _clean(raw.indikator),
        "penjelasan": fc.penjelasan, "formula_raw": fc.formula_raw,
        "formula_type": f.type, "numerator": f.numerator, "denominator": f.denominator,
        "multiplier": f.multiplier, "unit": f.unit, "formula_canonical": fc.canonical,
        "calc_type": fc.calc_type, "polarity": fc.polarity,
        "sumber_data": _cell(raw.sumber_data), "penanggung_jawab": _cell(raw.penanggung_jawab),
        "satuan": _cell(raw.satuan) or fc.satuan, "target_raw": target,
        "target_value": q.value, "target_unit": q.unit, "target_year": target_year,
        "targets": [{"year": y, "target": repair_percent(_cell(t), raw.ocr_confidence is not None)}
                    for y, t in raw.targets],
        "page": raw.loc.page, "line": raw.loc.line, "sheet": raw.loc.sheet, "cell": raw.loc.cell,
        **_where(raw.extent),
        "ocr_confidence": raw.ocr_confidence,
        "warnings": list(raw.warnings) + list(fc.warnings) + (
            [warning("ocr_low_confidence", f"OCR confidence {raw.ocr_confidence:.0f}: check this row against the page")]
            if raw.ocr_confidence is not None and raw.ocr_confidence < LOW_CONFIDENCE else []),
        "verdict": None,
    }


@dataclass
class Discovery:
    """What :func:`discover` found.

    ``files``: every file to read, in a stable order (named files as given, each folder's files
    sorted by their bytes); ``problems``: (path, reason) for folders that could not be read, each
    given a ``documents`` row; ``missing``: named paths that do not exist; ``skipped``: counts of
    files left out on purpose (``hidden``, ``office_lock``, ``data_or_code`` for JSON data and program
    source found in a folder — annotation files and scripts kept beside documents —, ``output`` for
    iki's own output folder and earlier output folders found in the input, ``folder_link`` for links to
    folders, which are not followed); ``outside``: (path, reason) for links in a folder that lead out of
    the folders given (not followed unless asked), each given a ``documents`` row and a warning;
    ``roots``: for each file, the path given that found it (the file itself, or a folder above it), for
    :func:`path_year`.
    """

    files: list[str] = field(default_factory=list)
    roots: dict[str, str] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)
    outside: list[tuple[str, str]] = field(default_factory=list)


def _same(a: os.stat_result, b: os.stat_result | None) -> bool:
    return b is not None and (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def is_output_folder(folder: str) -> bool:
    """Is ``folder`` an output folder iki wrote (its ``.iki`` state folder or ``.iki-cache``)? Such a
    folder found in the input is never read: its tables are not documents."""
    for name in (".iki", ".iki-cache"):
        try:
            if stat.S_ISDIR(os.lstat(os.path.join(folder, name)).st_mode):
                return True
        except OSError:
            continue
    return False


def _inside(path: str, roots: list[str]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


def discover(paths: list[str], exclude: str | os.PathLike | None = None, follow_links: bool = False) -> Discovery:
    """Files named on the command line, and every file below named folders, whatever its extension.

    Files named on the command line are always listed (a FIFO too: it is never opened, and later
    reported ``unsupported``). In folders, hidden files and folders (``.x``), office lock files
    (``~$x.docx``) and JSON data or program source (told by content, from the first 64 KiB) are
    skipped and counted; links to folders are not followed; ``exclude`` (the output folder) and
    earlier output folders of iki are never searched. A link to a file outside the folders given (a
    private file elsewhere, a system file) is not read: it gets a row of its own (``outside``) unless
    ``follow_links``. A folder that cannot be listed becomes a problem, never silence.
    """
    found = Discovery()
    try:
        out_st = os.stat(exclude) if exclude is not None else None
    except OSError:
        out_st = None
    real_roots = [os.path.realpath(p) for p in paths if os.path.isdir(p)]
    for p in paths:
        p = os.fspath(p)
        try:
            st = os.stat(p)
        except FileNotFoundError:
            found.missing.append(p)
            continue
        except OSError as e:
            found.problems.append((p, f"cannot read: {e.strerror or e}"))
            continue
        if stat.S_ISDIR(st.st_mode):
            if _same(st, out_st) or is_output_folder(p):
                found.skipped["output"] += 1
                continue
            below: list[str] = []
            _walk(p, below, found, out_st, None if follow_links else real_roots)
            for f in sorted(below, key=os.fsencode):
                if _data_or_code(f):
                    found.skipped["data_or_code"] += 1
                else:
                    found.files.append(f)
                    found.roots.setdefault(f, p)
        else:
            found.files.append(p)
            found.roots.setdefault(p, p)
    seen, unique = set(), []
    for f in found.files:
        key = os.path.normpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    found.files = unique
    found.outside.sort(key=lambda x: os.fsencode(x[0]))
    return found


_SNIFF_BYTES = 65536
_MAX_JSON = 16 * 2 ** 20


def _data_or_code(path: str) -> bool:
    """True for a regular file whose content is JSON data or program source (:func:`data_kind`)."""
    try:
        fd = open_regular(path)
    except OSError:
        return False  # listed: reading it gives its documents row
    try:
        size = os.fstat(fd).st_size
        head = os.read(fd, _SNIFF_BYTES)
        if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") and _SNIFF_BYTES < size <= _MAX_JSON:
            head += os.read(fd, size)  # JSON is told by parsing the whole of it
    except OSError:
        return False
    finally:
        os.close(fd)
    return data_kind(head) is not None


def _walk(folder: str, into: list[str], found: Discovery, out_st, roots: list[str] | None) -> None:
    """Files below ``folder``; ``roots``: the real paths of the folders given, which a link to a file
    must not lead out of (None: links to files are followed wherever they lead)."""
    stack = [folder]
    while stack:
        d = stack.pop()
        try:
            with os.scandir(d) as it:
                entries = list(it)
        except OSError as e:
            found.problems.append((d, f"cannot read folder: {e.strerror or e}"))
            continue
        for e in entries:
            name = e.name
            if name.startswith("."):
                found.skipped["hidden"] += 1
                continue
            if name.startswith("~$"):
                found.skipped["office_lock"] += 1
                continue
            try:
                if e.is_dir(follow_symlinks=False):
                    if _same(e.stat(follow_symlinks=False), out_st) or is_output_folder(e.path):
                        found.skipped["output"] += 1
                    else:
                        stack.append(e.path)
                    continue
                if e.is_symlink():
                    if e.is_dir():
                        found.skipped["folder_link"] += 1
                        continue
                    if roots is not None and not _inside(os.path.realpath(e.path), roots):
                        found.outside.append((e.path, OUTSIDE_LINK))
                        continue
            except OSError:
                pass  # a broken entry is listed: reading it gives its documents row
            into.append(e.path)


OUTSIDE_LINK = "a link that leads out of the input folder: not followed (--follow-links reads what it points to)"


def outside_row(path: str, reason: str = OUTSIDE_LINK) -> FileResult:
    """The ``documents`` row of a link that leads out of the input folders (never opened)."""
    r = failed_row(path, "unsupported", reason, "link")
    r.document["warnings"] = [warning("input_link_outside", reason)]
    return r


def flat_rows(documents: list[dict], positions: list[dict], indicators: list[dict]) -> list[dict]:
    """One row per indicator with its position's and document's columns (``schema.tables.FLAT_LAYOUT``)."""
    from schema.tables import FLAT_LAYOUT

    docs = {d["doc_id"]: d for d in documents}
    pos = {p["position_id"]: p for p in positions}
    out = []
    for ind in indicators:
        sources = {"indicators": ind, "positions": pos[ind["position_id"]], "documents": docs[ind["doc_id"]]}
        out.append({name: sources[table].get(column) for name, table, column in FLAT_LAYOUT})
    return out


_PATH_YEAR = re.compile(r"(?<![0-9])(199[0-9]|20[0-9][0-9])(?![0-9])")


def _one_year(text: str) -> int | None:
    years = {int(y) for y in _PATH_YEAR.findall(text)}
    return years.pop() if len(years) == 1 else None


def path_year(path: str | os.PathLike, root: str | os.PathLike | None = None) -> int | None:
    """The year a file's path states: its name's (``IKI 2021.DOCX``), else the nearest folder's (``2022/...``).

    Only the file's name and the folders from ``root`` (the file or folder given on the command
    line, its own name included) down to the file count, so folders above what was given never do;
    without ``root`` only the file's name counts. A name counts when it holds exactly one year
    (1990-2099) not inside a longer number: ``IKI_2021.docx``, ``Tahun 2022``; ``2019 vs 2022.pdf``,
    ``20210315.pdf`` or ``Renstra 2021-2026`` do not (the parent folder is looked at instead).
    """
    p = Path(os.fspath(path))
    names = [p.stem if p.suffix and len(p.suffix) <= 6 and not p.suffix[1:].isdigit() else p.name]
    if root is not None:
        r = Path(os.fspath(root))
        try:
            rel = p.relative_to(r)
        except ValueError:
            rel = None
        if rel is not None and rel.parts:  # a file below the folder given: its folders, nearest first
            names += list(reversed(rel.parts[:-1])) + [r.name]
    for name in names:
        year = _one_year(name)
        if year:
            return year
    return None
