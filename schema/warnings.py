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
    "pdf_repaired": ("documents", "the PDF's cross-reference table is broken so its pages could not be listed; the file was rebuilt by pdfium and read from the rebuilt copy"),
    "pages_without_text": ("documents", "pages without a text layer that were not read (OCR off or unavailable)"),
    "ocr_pages": ("documents", "pages were read by OCR; the message names the OCR engine and gives the mean confidence and the scale each page's text was read at"),
    "ocr_deskewed": ("documents", "scanned pages were turned to straighten their lines"),
    "ocr_turned": ("documents", "a page fed sideways or upside down was turned by quarter turns before OCR (on tesseract's orientation detection, or because it read clearly better)"),
    "ocr_text_layer": ("documents", "a scanned page carried its own OCR text layer: it was compared with iki's OCR on the words at the same places and the better reading kept; the message says which"),
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
    "input_link_outside": ("documents", "a link in an input folder leads to a file outside the folders given; it "
                                        "was not read (iki extract --follow-links reads it)"),
    # --- positions: finding the blocks
    "jabatan_missing": ("positions", "an IKI block or indicator table without a JABATAN (or unit) label before it, "
                                     "or a Perjanjian Kinerja whose first party names no jabatan"),
    "label_damaged": ("positions", "a label was recognised despite typos or OCR damage"),
    "jabatan_from_title": ("positions", "jabatan taken from a title line rather than a JABATAN label"),
    "block_merged": ("positions", "TUGAS / FUNGSI and the indicator table after them were read as one position "
                                  "although a heading or a page title stood between them"),
    "year_missing": ("positions", "no year for this block: its document states none, nor does its file or folder "
                                  "name (IKI 2021.docx, 2022/...), and no --year was given; iki diff cannot pick it "
                                  "by year"),
    # --- indicator tables
    "header_missing": ("positions", "an indicator table without a header row: the usual column order was assumed"),
    "cell_split": ("indicators", "one cell listed several indicators; it was split into rows"),
    "table_rebuilt": ("positions", "an indicator table that a converter flattened into lines (one cell line per "
                                   "paragraph, columns as blocks, a page as one paragraph) was rebuilt from what its "
                                   "lines say: check its column values"),
    "rows_from_lines": ("positions", "a table given one text line per row (columns aligned with spaces) had its "
                                     "rows rebuilt where a number, a sasaran or an indicator starts: check them"),
    "header_guessed": ("indicators", "a column of the indicator table's header was not named by its own words: its "
                                     "role was read from the cell spanning it (its parent), or it names no known "
                                     "field and its text was kept apart (extra); the message names the column"),
    "columns_fused": ("indicators", "several columns of the indicator table's header were read as one field (their "
                                    "texts joined): check that field against the document"),
    "row_boundary_guessed": ("indicators", "no rule parts this row from a neighbour and the text gives only weak "
                                           "evidence of where it starts or ends (no number or first-column entry "
                                           "starts it, its cells do not all start after blank space, it is centred "
                                           "without a number, or it opens a table continued from the page before "
                                           "with an empty first column), or text starting afresh in several "
                                           "columns was kept in it: check that it is one row"),
    "table_skipped": ("positions", "a table that is no indicator table was not read as indicators: its header names "
                                   "no indicator column (a budget or program table), it lists amounts of money, or it "
                                   "is a Rencana Aksi schedule by month or quarter"),
    "table_unreadable": ("positions", "lines under an indicator table's header could not be read as rows with "
                                      "confidence; no rows were emitted for them (a document with an IKI / IKU heading "
                                      "whose table could not be read at all gets one position carrying this warning)"),
    # --- formulas
    "formula_stacked_no_bar": ("indicators", "a fraction was read from two stacked lines without a bar between them"),
    "formula_alternative": ("indicators", "an unnamed column holds another rendering of the formula"),
    "formula_in_unnamed_column": ("indicators", "the formula cell holds no formula and an unnamed column beside it "
                                  "a labelled one (Formulasi … :): read from there"),
    "formula_renderings_disagree": ("indicators", "an unnamed column renders the formula differently from the cell "
                                    "(numerator and denominator swapped, another term): the parts and formula_raw "
                                    "are the cell's own lines; check the document"),
    "formula_inferred": ("indicators", "the formula was told from the explanation by its shape, without a "
                         "label (or a 'Jumlah …' text was read as the computation)"),
    "formula_from_words": ("indicators", "the formula was read from words (dibagi, perbandingan … dengan, per, "
                           "rata-rata, selisih)"),
    "formula_direction_assumed": ("indicators", "the words do not say which term divides (or is subtracted from) "
                                  "which: the reading order was kept"),
    "formula_unparsed": ("indicators", "the cell looks like a computation (Σ, a fraction, x 100, dibagi) that "
                         "was not parsed: formula_type is other or none"),
    "formula_image": ("indicators", "the cell holds a picture (a formula pasted as an image or an embedded "
                      "equation object) and no formula written as text: formula_type is none, the text is penjelasan"),
    # --- review
    "corrected": ("indicators", "an analyst's correction (iki extract --corrections) was applied: the message names "
                                "the field and the value iki had read"),
    "marked_wrong": ("indicators", "an analyst marked the row wrong (iki extract --corrections) without giving the "
                                   "right value: check it against the source"),
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


def warning_codes(warnings) -> list[str]:
    """The code of each warning, in order (``unknown`` for an entry without a known code); ``[]`` for None."""
    return [warning_code(w) or "unknown" for w in (warnings or [])]


def md_text(text: str) -> str:
    """Plain text for a cell of a markdown (GFM) table: ``|`` and ``<`` escaped (a pipe would end the cell,
    ``<html>`` would be taken for a tag and vanish), line breaks as spaces; `code spans` are kept."""
    return text.replace("|", "\\|").replace("<", "\\<").replace("\r", " ").replace("\n", " ")


def md_code(text: str) -> str:
    """``text`` as a code span for a markdown table cell: a longer fence when it holds a backtick, ``|`` escaped
    (GFM reads ``\\|`` as a pipe inside a table cell, code spans included)."""
    text = text.replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_table() -> str:
    """The catalogue as a markdown table for the data dictionary (see :func:`md_text`)."""
    lines = ["| code | appears in | meaning |", "|---|---|---|"]
    for code, (where, meaning) in WARNING_CODES.items():
        lines.append(f"| {md_code(code)} | {md_text(where)} | {md_text(meaning)} |")
    return "\n".join(lines)
