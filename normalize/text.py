"""Text clean-up shared by every layer: markup removal, list labels, whitespace.

These functions remove presentation only (markup, list labels, whitespace,
list connectors); they never change the source's words or spelling.
"""
from __future__ import annotations

import html

import regex as re

_TAG = re.compile(r"<[^<>]{0,400}>")
_MATH = re.compile(r"<math[^>]*>(.*?)</math>", re.S | re.I)
_BREAK = re.compile(r"<\s*br\s*/?\s*>", re.I)
_EMPH = re.compile(r"(\*\*|__)")
OBJECT_MARK = "\ufffc"  # U+FFFC OBJECT REPLACEMENT CHARACTER: a reader met a picture in a table cell here
_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000\ufffc]+")  # U+FFFC: a picture's place (readers)

# a list label at the start of an item: a. 1. 1) (a) (1) i. - • – ▪ ➢ ...
_LABEL = re.compile(
    r"""^\s*(?P<label>
        [|](?=[.)]\s)[.)]                                                  # OCR's "|." for "1."
      | \d{1,2},(?=\s+[a-z])                                              # OCR's "1," for "1."
      |
        \d{1,2}(?:\.\d{1,2})+\.?(?=\s)                                      # 1.1  2.3.1.
      |
        \(?(?:\d{1,3}|[a-zA-Z]|(?:i{1,3}|iv|v|vi{1,3}|ix|x)|[a-c][a-z](?=[.)]\s+\S))[.)](?!\d)   # 1.  a)  (b)  iv.  aa. (after z., text follows)
      | \(\d{1,3}\)|\([a-zA-Z]\)
      | [-•–—▪►➢✓*·o](?=\s)
    )\s*""",
    re.X,
)
_TRAIL = re.compile(r"(?:\s*[;,]\s*(?:dan|serta|atau)?|\s+dan)\s*$", re.I)


def unescape(text: str) -> str:
    return html.unescape(text).replace("\u00a0", " ")


def strip_markup(text: str | None) -> str:
    """Remove HTML tags and markdown emphasis; ``<math>`` content is kept as ``$...$``."""
    if not text:
        return ""
    s = _MATH.sub(lambda m: f"${m.group(1)}$", text)
    s = _BREAK.sub(" ", s)
    s = _TAG.sub(" ", s)
    s = _EMPH.sub("", s)
    return unescape(s)


def collapse(text: str | None) -> str:
    """Collapse every run of whitespace (newlines included) into one space."""
    if not text:
        return ""
    return " ".join(_WS.sub(" ", text).split())


def clean(text: str | None) -> str | None:
    """Markup stripped, whitespace collapsed; None for empty text."""
    s = collapse(strip_markup(text)).strip()
    return s or None


def split_label(text: str) -> tuple[str | None, str]:
    """Split a leading list label ("a.", "1)", "-", "•") from the text."""
    m = _LABEL.match(text)
    if not m:
        return None, text.strip()
    rest = text[m.end():]
    label = m.group("label")
    if label[0] == "|" or label.endswith(","):  # OCR's "|." and "1," stand for "1." / "N."
        label = ("1" if label[0] == "|" else label[:-1]) + "."
    # "a.penyusunan" is a label, but "Jl.Raya" or "1.000 berkas" are not
    if label[-1] == "." and label[:-1].isdigit() and rest[:1].isdigit():
        return None, text.strip()
    if label in "-*o" and not rest.strip():
        return None, text.strip()
    return label, rest.strip()


# What OCR makes of a bullet glyph (•, ▪, ➢, ○) at the start of a line: a lone letter or sign.
_OCR_BULLET = re.compile(r"^(\s*)([eoc»«°©®¢>•·*▪➢►o])[ \t]+(?=[A-Z0-9])", re.M)


def ocr_bullets(text: str | None) -> str | None:
    """A cell whose lines start with OCR'd bullets ("e Terbangunnya", "» Teridentifikasinya") with its
    bullets written as "•", so it splits into items as a typed bullet list does.

    The evidence is a list, not a letter: at least two lines must start with a lone glyph of the set
    followed by a capital or a digit (no Indonesian word is one of these letters alone), and a line
    that starts so once in a cell is left as written.
    """
    if not text or "\n" not in text:
        return text
    marks = list(_OCR_BULLET.finditer(text))
    if len(marks) < 2:
        return text
    return _OCR_BULLET.sub(lambda m: m.group(1) + "• ", text)


def strip_label(text: str) -> str:
    return split_label(text)[1]


def clean_item(text: str | None) -> str | None:
    """A list item as the gold records it: markup, label and trailing ';' / '; dan' removed."""
    s = clean(text)
    if not s:
        return None
    s = strip_label(s)
    s = _TRAIL.sub("", s).strip()
    s = s.rstrip(";,").strip()
    return s or None


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.8


def next_label(label: str) -> str | None:
    """The label after ``label`` in its list: ``a.`` → ``b.``, ``z.`` → ``aa.``, ``ab)`` → ``ac)``, ``9.`` → ``10.``,
    ``(c)`` → ``(d)``; None for bullets."""
    m = re.fullmatch(r"(\(?)([0-9]+|[a-zA-Z]{1,2})([.)])", label)
    if not m:
        return None
    open_, core, close = m.groups()
    if core.isdigit():
        nxt = str(int(core) + 1)
    else:
        n = 0
        for ch in core.lower():
            n = n * 26 + (ord(ch) - 96)
        n += 1
        letters = ""
        while n:
            n, r = divmod(n - 1, 26)
            letters = chr(97 + r) + letters
        nxt = letters.upper() if core.isupper() else letters
    return f"{open_}{nxt}{close}"


def split_inline_items(label: str | None, text: str) -> list[tuple[str | None, str]]:
    """Items written on one line: ``a.`` + ``"x; b. y; c. z"`` → ``[("a.", "x;"), ("b.", "y;"), ("c.", "z")]``.

    An item starts only at the label that follows the previous one (``b.`` after ``a.``) and only after
    ``;`` / ``.`` / ``,`` so that ``huruf b. pasal 3`` in a sentence stays one item.
    """
    out: list[tuple[str | None, str]] = []
    cur_label, rest = label, text
    while cur_label:
        nxt = next_label(cur_label)
        if not nxt:
            break
        m = re.search(rf"(?<=[;.,])\s+{re.escape(nxt)}\s+(?=\S)", rest)
        if not m:
            break
        out.append((cur_label, rest[:m.start()].strip()))
        cur_label, rest = nxt, rest[m.end():]
    out.append((cur_label, rest.strip()))
    return out