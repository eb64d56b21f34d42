"""Parse target/quantity strings written in Indonesian number format.

Indonesian convention: "." groups thousands and "," marks decimals
("4.000 berkas" -> 4000, "2,5 %" -> 2.5).  All functions are pure and never
raise on string input.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

__all__ = ["Quantity", "parse_quantity", "repair_percent"]


@dataclass(frozen=True)
class Quantity:
    """A number with the unit written next to it."""

    value: float | None  # numeric value, None if no number
    unit: str | None  # unit word(s) after the number, or "%" / currency


# A number: digits with optional "." / "," groups.  No nested quantifiers that
# could backtrack badly: each group is a separator followed by digits.
_NUMBER_RE = regex.compile(r"(?<![0-9])(-?)([0-9]+(?:[.,][0-9]+)*)")
_MARKUP_RE = regex.compile(r"<[^<>]{0,200}>|\*\*|__|`")
_PAREN_RE = regex.compile(r"\([^()]*\)")
_CURRENCY_TAIL_RE = regex.compile(r"(?<![\p{L}])(rp|idr|usd|us\$|\$|€)\.?\s*$", regex.IGNORECASE)
_TRIM = " \t\r\n.,;:-–—/\\|*()[]{}\"'"


# What OCR makes of a "%" printed after a number: "Yo"/"Vo" (the circle-slash-circle read as letters),
# "o/o", and — only as a word of its own, since glued to the number it would be a digit — "9o" or "0/0".
_PERCENT_OCR_RE = regex.compile(
    r"(?<![\p{L}\p{N}][.,]?)(?<![\p{L}])([0-9]+(?:[.,][0-9]+)*)"
    r"(?:\s*(?:[YV][oO°]|o/o|%o)|\s+(?:9[oO°]|0/0))(?![\p{L}\p{N}/])")


# OCR's "%" glued to its number as "96" ("10096" for "100%"): a whole percentage of at most 100 then "96",
# standing alone (not before a unit word, which would make it a count: "2096 orang")
_GLUED_96_RE = regex.compile(
    r"(?<![\p{L}\p{N}.,])(?<!(?i:rp|idr)\.?\s*)(?!(?:19|20)96(?![\p{N}]))"  # not an amount, not a year
    r"(100|[1-9]?[0-9])96(?![\p{N}.,%])(?!\s*[\p{L}])")  # whole percentages: "4.096" is 4096


def repair_percent(text: str | None, ocr: bool = False) -> str | None:
    """A target cell with the OCR confusions of "%" after a number put right ("20 Yo" → "20 %").

    Only a number directly followed by the confusion is touched: "Yo" or "Vo" elsewhere (a name, a word)
    is left as written, and so is anything without a number before it. With ``ocr`` (the cell was read by
    OCR), a percentage glued to "96" is one too ("10096" → "100%"): never in typed text, where 10096 is a
    number.
    """
    if not isinstance(text, str) or not text:
        return text
    text = _PERCENT_OCR_RE.sub(lambda m: m.group(1) + (" %" if m.group(0)[len(m.group(1)):][:1].isspace() else "%"),
                               text)
    return _GLUED_96_RE.sub(r"\1%", text) if ocr else text


def _to_float(raw: str) -> float | None:
    """Convert an Indonesian-formatted numeral ("1.500.000,5") to float."""
    has_dot, has_comma = "." in raw, "," in raw
    try:
        if has_dot and has_comma:
            if raw.rfind(",") > raw.rfind("."):  # Indonesian: 1.500,25
                return float(raw.replace(".", "").replace(",", "."))
            return float(raw.replace(",", ""))  # English: 1,500.25
        if has_comma:
            parts = raw.split(",")
            if len(parts) > 2 and all(len(p) == 3 for p in parts[1:]):
                return float("".join(parts))  # 1,000,000
            return float(parts[0] + "." + parts[1])  # decimal comma
        if has_dot:
            parts = raw.split(".")
            thousands = all(len(p) == 3 for p in parts[1:]) and parts[0].lstrip("0") != ""
            if thousands:
                return float("".join(parts))  # 1.500 / 1.500.000
            return float(parts[0] + "." + parts[1])  # 1.5 / 0.500
        return float(raw)
    except (ValueError, OverflowError):
        return None


def _clean_unit(text: str) -> str | None:
    """Trim a unit candidate; drop spelled-out numbers in parentheses."""
    text = _PAREN_RE.sub(" ", text)
    text = " ".join(text.split()).strip(_TRIM).strip()
    return text or None


def parse_quantity(text: str | None) -> Quantity:
    """Split a target like "4.000 berkas" into Quantity(4000.0, "berkas").

    The unit is the word(s) directly after the first number (up to the next
    number), "%" for percentages, or a currency written before the number.
    Text without a number gives Quantity(None, None).
    """
    if not isinstance(text, str):
        return Quantity(None, None)
    s = _MARKUP_RE.sub(" ", text)
    m = _NUMBER_RE.search(s)
    if m is None:
        return Quantity(None, None)
    value = _to_float(m.group(2))
    if value is None:
        return Quantity(None, None)
    sign, prefix = m.group(1), s[: m.start()]
    # "-" is a minus only when glued to the number at the start ("-5").
    if sign and prefix.strip() == "":
        value = -value
    currency = _CURRENCY_TAIL_RE.search(prefix)
    if currency is not None:
        return Quantity(value, currency.group(1))
    rest = s[m.end():]
    stripped = rest.lstrip()
    if stripped.startswith("%"):
        return Quantity(value, "%")
    nxt = regex.search(r"[0-9]", rest)
    unit_text = rest[: nxt.start()] if nxt else rest
    return Quantity(value, _clean_unit(unit_text))
