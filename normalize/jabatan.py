"""Canonical keys for position titles (jabatan) across documents and years.

The key is lower case, free of markup and punctuation, with common Indonesian
abbreviations ("Kasubbag", "Ka.", "Kasi", "Kabid", ...) expanded to one spelled
form.  Words are never dropped.  Pure functions; never raise on string input.
"""

from __future__ import annotations

import html

import regex

__all__ = ["jabatan_key"]

_MARKUP_RE = regex.compile(r"<[^<>]{0,200}>|\*\*|__|[#`*_]")
# "KepalaSub." / "KepalaBidang" / "Ka.Sub": split words glued to the head word.
# Glued when followed by a capital ("KepalaSeksi") or a known title word.
_GLUED_KEPALA_RE = regex.compile(
    r"(?<![\p{L}])(?:Kepala(?=\p{Lu})|(?i:kepala)(?=(?i:sub|seksi|sie|bidang|bid"
    r"|bagian|bag|dinas|badan|upt|urusan|kantor|balai|unit|puskesmas|instalasi"
    r"|satuan|kecamatan|kelurahan|sekolah)))"
)
_PUNCT_RE = regex.compile(r"[^\p{L}\p{N}]+")

# Single-token abbreviations -> expansion.  Applied token by token.
_TOKEN_MAP: dict[str, str] = {
    "ka": "kepala",
    "kpl": "kepala",
    "kasubbag": "kepala sub bagian",
    "kasubag": "kepala sub bagian",
    "kasubbagian": "kepala sub bagian",
    "kasubid": "kepala sub bidang",
    "kasubbid": "kepala sub bidang",
    "kasubsi": "kepala sub seksi",
    "kasubsie": "kepala sub seksi",
    "kasi": "kepala seksi",
    "kasie": "kepala seksi",
    "kabid": "kepala bidang",
    "kabag": "kepala bagian",
    "kadis": "kepala dinas",
    "kadin": "kepala dinas",
    "kaban": "kepala badan",
    "kaupt": "kepala upt",
    "kauptd": "kepala uptd",
    "kaur": "kepala urusan",
    "sekdin": "sekretaris dinas",
    "sekban": "sekretaris badan",
    "sekda": "sekretaris daerah",
    "sekcam": "sekretaris kecamatan",
    "seklur": "sekretaris kelurahan",
    "subkoor": "subkoordinator",
    "subkor": "subkoordinator",
    "subbag": "sub bagian",
    "subag": "sub bagian",
    "subbagian": "sub bagian",
    "subbid": "sub bidang",
    "subbidang": "sub bidang",
    "subsi": "sub seksi",
    "subseksi": "sub seksi",
    "sie": "seksi",
    "bid": "bidang",
    "bag": "bagian",
}

# Multi-token spacing variants applied on the space-joined key.
_PHRASE_FIXES: tuple[tuple[regex.Pattern[str], str], ...] = (
    (regex.compile(r"\bsub koordinator\b"), "subkoordinator"),
    (regex.compile(r"\bsub koor\b"), "subkoordinator"),
)


def jabatan_key(jabatan: str | None) -> str | None:
    """Return a canonical match key for a position title, or None if empty.

    "Kasubbag Tata Usaha", "KepalaSub. Bagian Tata Usaha" and
    "KEPALA SUB BAGIAN TATA USAHA." all give "kepala sub bagian tata usaha".
    """
    if not isinstance(jabatan, str):
        return None
    s = _MARKUP_RE.sub(" ", html.unescape(jabatan))
    s = _GLUED_KEPALA_RE.sub("kepala ", s).replace("&", " dan ").lower()
    tokens = [t for t in _PUNCT_RE.split(s) if t]
    if not tokens:
        return None
    out = " ".join(_TOKEN_MAP.get(t, t) for t in tokens)
    for pattern, repl in _PHRASE_FIXES:
        out = pattern.sub(repl, out)
    return out or None
