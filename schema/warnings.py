"""Warning codes: every entry of a ``warnings`` column starts with one of these, then ``": "`` and a message.

Analysts filter rows by kind of doubt (``warnings.list.any(lambda w: w.startswith("formula_inferred"))``)
so the code is stable across versions while the message after it may change. Every code iki emits is
listed here with its meaning; :func:`warning` refuses an unknown code, and the data dictionary
(:mod:`schema.tables`) prints this table.

Shape: ``"<code>: <message>"``, code in ``[a-z_]+``. Use :func:`warning` to build one and
:func:`warning_code` to read the code back.
"""
from __future__ import annotations

# code → (where it appears, meaning). Keep codes stable: they are part of the output's contract.
WARNING_CODES: dict[str, tuple[str, str]] = {
    # --- documents: reading the file
    "text_encoding": ("documents", "the text export was not valid UTF-8; the message says how it was decoded and where"),
    "page_unreadable": ("documents", "a page could not be read (damaged, or over --page-timeout) and was skipped"),
    "page_too_large": ("documents", "a page or image is too large to render for OCR and was skipped"),
    "pdf_text_fallback": ("documents", "pages PDFium could not read (or whose glyphs it could not map to text) were "
                                       "read with pdfminer instead; the message lists them and why"),
    "pages_without_text": ("documents", "pages without a text layer that were not read (OCR off or unavailable)"),
    "ocr_pages": ("documents", "pages were read by OCR; the message gives their mean confidence"),
    "ocr_deskewed": ("documents", "scanned pages were turned to straighten their lines"),
    "ocr_turned": ("documents", "a page fed sideways or upside down was turned by quarter turns before OCR"),
    "ocr_perspective": ("documents", "a photographed page was found against its background and warped to a rectangle"),
    "ocr_light_flattened": ("documents", "uneven light or a shadow on a scanned or photographed page was evened out"),
    "ocr_low_confidence": ("documents, indicators", "OCR confidence is low: check the values against the page"),
    "ocr_error": ("documents", "tesseract failed on a page; the message gives its reason"),
    "table_unplaced": ("documents", "words laid out in columns on a page could not be read as a table; they were "
                                    "kept as paragraphs (the message gives the page and where)"),
    "indicator_rows_missing": ("documents", "the text has an indicator table's header but no indicator row was "
                                            "read from its tables: check the file"),
    "xlsx_hidden_sheet": ("documents", "a hidden (or very hidden) worksheet was not read"),
    "xlsx_hidden_cells": ("documents", "hidden rows or columns of a worksheet were not read; the message names them"),
    "xlsx_formula_no_value": ("documents", "formula cells whose result the workbook does not store (it was written "
                              "by a program and never opened in a spreadsheet) were read as empty"),
    # --- positions: finding the blocks
    "jabatan_missing": ("positions", "an IKI block or indicator table without a JABATAN (or unit) label before it"),
    "label_damaged": ("positions", "a label was recognised despite typos or OCR damage"),
    "jabatan_from_title": ("positions", "jabatan taken from a title line rather than a JABATAN label"),
    # --- indicator tables
    "header_missing": ("positions", "an indicator table without a header row: the usual column order was assumed"),
    "cell_split": ("indicators", "one cell listed several indicators; it was split into rows"),
    "table_rebuilt": ("positions", "an indicator table that a converter flattened into lines (one cell line per "
                                   "paragraph, columns as blocks, a page as one paragraph) was rebuilt from what its "
                                   "lines say: check its column values"),
    "table_unreadable": ("positions", "lines under an indicator table's header could not be read as rows with "
                                      "confidence; no rows were emitted for them"),
    "rows_from_lines": ("positions", "a table given one text line per row (columns aligned with spaces) had its "
                                     "rows rebuilt where a number, a sasaran or an indicator starts: check them"),
    "table_skipped": ("positions", "a table whose header names no indicator column (a budget or program table) "
                                   "was not read as indicators"),
    # --- formulas
    "formula_stacked_no_bar": ("indicators", "a fraction was read from two stacked lines without a bar between them"),
    "formula_alternative": ("indicators", "an unnamed column holds another rendering of the formula"),
    "formula_inferred": ("indicators", "the formula was told from the explanation by its shape, without a "
                         "label (or a 'Jumlah …' text was read as the computation)"),
    "formula_from_words": ("indicators", "the formula was read from words (dibagi, perbandingan … dengan, per, "
                           "rata-rata, selisih)"),
    "formula_direction_assumed": ("indicators", "the words do not say which term divides (or is subtracted from) "
                                  "which: the reading order was kept"),
    "formula_unparsed": ("indicators", "the cell looks like a computation (Σ, a fraction, x 100, dibagi) that "
                         "was not parsed: formula_type is other or none"),
}


def warning(code: str, message: str) -> str:
    """``"code: message"``; raises ``KeyError`` for a code not in :data:`WARNING_CODES`."""
    if code not in WARNING_CODES:
        raise KeyError(f"unknown warning code {code!r}: add it to schema/warnings.py")
    return f"{code}: {message}"


def warning_code(text: str) -> str | None:
    """The code a warning string starts with, or None when it has none."""
    head, sep, _ = text.partition(":")
    return head if sep and head in WARNING_CODES else None


def markdown_table() -> str:
    """The catalogue as a markdown table for the data dictionary (``|`` escaped)."""
    lines = ["| code | appears in | meaning |", "|---|---|---|"]
    for code, (where, meaning) in WARNING_CODES.items():
        lines.append(f"| `{code}` | {where} | {meaning.replace('|', chr(92) + '|')} |")
    return "\n".join(lines)
