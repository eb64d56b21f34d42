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
