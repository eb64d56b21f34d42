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
    # reading office formats through LibreOffice (extractors/readers/office.py)
    "office_missing": {
        "en": "reading a {kind} file needs LibreOffice to convert it to {target} (install it: apt-get install "
              "{package}), or save the file as {target}",
        "id": "membaca berkas {kind} memerlukan LibreOffice untuk mengubahnya ke {target} (pasang: apt-get install "
              "{package}), atau simpan berkas sebagai {target}"},
    "office_timeout": {"en": "LibreOffice did not finish converting this {kind} file within {seconds} s",
                       "id": "LibreOffice tidak selesai mengubah berkas {kind} ini dalam {seconds} dtk"},
    "office_failed": {"en": "LibreOffice could not convert this {kind} file ({detail})",
                      "id": "LibreOffice tidak dapat mengubah berkas {kind} ini ({detail})"},
    # workbooks (extractors/readers/xlsx.py)
    "xlsx_unreadable": {"en": "not a readable Excel workbook ({detail})",
                        "id": "bukan buku kerja Excel yang dapat dibaca ({detail})"},
    "xlsx_too_large": {"en": "the workbook is too large to read ({detail})",
                       "id": "buku kerja terlalu besar untuk dibaca ({detail})"},
    # HTML (extractors/readers/html.py)
    "html_unreadable": {"en": "not a readable HTML page ({detail})",
                        "id": "bukan halaman HTML yang dapat dibaca ({detail})"},
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
