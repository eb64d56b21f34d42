"""Messages in English (default) and Bahasa Indonesia, for the summaries, errors and report.html.

The language is chosen by ``--lang en|id`` on the command line, else by the ``IKI_LANG``
environment variable, else English. Code never writes user-facing text inline: it calls
``t("key", **fields)`` and the catalogue below holds both languages, so a missing translation
is caught by the tests (``tests/test_i18n.py`` checks both languages have every key and the
same ``{fields}``).

Only the words around the data are translated; the data (jabatan, indicators, file names) and
the stable codes (``status`` values, warning codes) are never translated.
"""
from __future__ import annotations

import os

LANGS = ("en", "id")

# key → {lang: text}; text may hold str.format fields.
MESSAGES: dict[str, dict[str, str]] = {
    "documents_read": {"en": "{n} document(s) in {seconds:.1f} s → {out}",
                       "id": "{n} dokumen dalam {seconds:.1f} dtk → {out}"},
    # --- iki extract: progress and summary (stderr)
    "from_cache": {"en": " ({n} from the cache)", "id": " ({n} dari cache)"},
    "file_line": {"en": "[{i}/{n}] {path}: {status}, {positions} positions, {indicators} indicators, {seconds:.1f} s",
                  "id": "[{i}/{n}] {path}: {status}, {positions} jabatan, {indicators} indikator, {seconds:.1f} dtk"},
    "file_line_cached": {"en": "[{i}/{n}] {path}: {status}, {positions} positions, {indicators} indicators (cache)",
                         "id": "[{i}/{n}] {path}: {status}, {positions} jabatan, {indicators} indikator (cache)"},
    "summary_status": {"en": "status      {counts}", "id": "status      {counts}"},
    "summary_positions": {"en": "positions   {n}", "id": "jabatan     {n}"},
    "summary_duties": {"en": "duties      {n}", "id": "tugas/fungsi {n}"},
    "summary_indicators": {"en": "indicators  {n}", "id": "indikator   {n}"},
    "summary_warnings": {"en": "warnings    {n} (see the warnings columns)",
                         "id": "peringatan  {n} (lihat kolom warnings)"},
    "summary_skipped": {"en": "skipped     {counts}", "id": "dilewati    {counts}"},
    "cache_ignored": {"en": "ignored {n} damaged or foreign cache entr(ies) in .iki-cache; those files were read again",
                      "id": "{n} entri cache yang rusak atau asing di .iki-cache diabaikan; berkasnya dibaca ulang"},
    "waiting_lock": {"en": "waiting for another iki run on {out} to finish (pid {pid})",
                     "id": "menunggu proses iki lain pada {out} selesai (pid {pid})"},
    # --- errors (one line on stderr)
    "err_missing_path": {"en": "no such file or folder: {paths}", "id": "berkas atau folder tidak ada: {paths}"},
    "err_output_is_file": {"en": "-o {out} is a file, not a folder: give a folder for the output",
                           "id": "-o {out} adalah berkas, bukan folder: berikan folder untuk keluaran"},
    "err_no_files": {"en": "no files found in {paths}", "id": "tidak ada berkas di {paths}"},
    "err_not_output": {"en": "{out} is not an `iki extract` output folder (no documents.parquet ...)",
                       "id": "{out} bukan folder keluaran `iki extract` (tidak ada documents.parquet ...)"},
    "err_not_integer": {"en": "{value!r} is not a whole number", "id": "{value!r} bukan bilangan bulat"},
    "err_not_number": {"en": "{value!r} is not a number", "id": "{value!r} bukan angka"},
    "err_at_least_one": {"en": "must be at least 1, not {value}", "id": "minimal 1, bukan {value}"},
    "err_negative": {"en": "must not be negative, not {value}", "id": "tidak boleh negatif, bukan {value}"},
    "env_cannot_create": {"en": "cannot create the output folder {out}: {reason}",
                          "id": "tidak dapat membuat folder keluaran {out}: {reason}"},
    "env_error": {"en": "stopped: {reason}; the previous output in {out} is kept",
                  "id": "berhenti: {reason}; keluaran sebelumnya di {out} tetap utuh"},
    "interrupted": {"en": "interrupted; the previous output is kept and finished files are cached: run the same "
                          "command again to go on",
                    "id": "dihentikan; keluaran sebelumnya tetap utuh dan berkas yang selesai tersimpan di cache: "
                          "jalankan perintah yang sama lagi untuk melanjutkan"},
    "internal_error": {"en": "internal error (a fault of iki, please report it): {error}",
                       "id": "kesalahan internal (kesalahan iki, mohon laporkan): {error}"},
}

_lang: str | None = None


def set_lang(lang: str | None) -> str:
    """Set the language for this process (``None``: from ``IKI_LANG``, else English); returns it.

    Raises ``ValueError`` for a language other than ``en`` / ``id``.
    """
    global _lang
    chosen = (lang or os.environ.get("IKI_LANG") or "en").strip().lower()
    chosen = {"in": "id", "ind": "id", "indonesian": "id", "bahasa": "id", "english": "en", "eng": "en"}.get(
        chosen, chosen)
    if chosen not in LANGS:
        raise ValueError(f"unknown language {chosen!r}: use one of {', '.join(LANGS)}")
    _lang = chosen
    return chosen


def lang() -> str:
    """The current language code."""
    if _lang is None:
        try:
            return set_lang(None)
        except ValueError:
            return "en"
    return _lang


def t(key: str, **fields) -> str:
    """The message ``key`` in the current language with ``fields`` filled in; raises ``KeyError`` for an unknown key."""
    texts = MESSAGES[key]
    text = texts.get(lang()) or texts["en"]
    return text.format(**fields) if fields else text
