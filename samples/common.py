"""Helpers the sample generators share (make_docx.py, make_pdf.py, render_text.py, make_scans.py).

The generators are independent of the extractor: this module imports nothing from the project,
only the standard library. It answers one question for every renderer: from a gold indicator
(docs/GOLD_FORMAT.md), what formula is there to draw — a ratio (numerator, denominator,
multiplier, ``%``), a count (``f(x) = Σ A``) or text to write as it stands — plus the small
utilities (weighted choice, whitespace folding) each generator used to copy.

Import it from a generator with the samples folder on ``sys.path`` (a script run as
``python samples/x.py`` has it there already)::

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import formula_spec, pick
"""
from __future__ import annotations

import random
import re
from typing import Callable

# "$f(x) = \Sigma$ ...", "f(x) = Σ ...", "\sum ..." at the start of a count formula_raw
COUNT_RE = re.compile(r"^\s*\$?\s*(?P<fx>[fF]\s*\(\s*x\s*\)\s*[=:]\s*)?(?P<sig>\\Sigma|\\sum|Σ|∑)\s*\$?\s*")


def pick(rng: random.Random, options):
    """Weighted choice from ``[(weight, value), ...]`` (one ``rng.random()`` draw)."""
    total = sum(w for w, _ in options)
    r = rng.random() * total
    for w, v in options:
        r -= w
        if r < 0:
            return v
    return options[-1][1]


def fold(s: str | None) -> str:
    """Every run of whitespace → one space, ends trimmed; ``None`` → ``""``."""
    return re.sub(r"\s+", " ", s or "").strip()


def balanced(s: str, i: int) -> tuple[str, int] | None:
    """``s[i] == '{'`` → (the group's content, index after its closing brace); None otherwise."""
    if i >= len(s) or s[i] != "{":
        return None
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "{":
            depth += 1
        elif s[j] == "}":
            depth -= 1
            if depth == 0:
                return s[i + 1:j], j + 1
    return None


def latex_words(s: str) -> tuple[str, bool]:
    """``'\\sum \\text{A b}'`` → ``('A b', True)``: the words, and whether a Σ was written."""
    sig = bool(re.search(r"\\sum|\\Sigma|Σ|∑", s))
    s = re.sub(r"\\sum|\\Sigma|Σ|∑", " ", s)
    s = re.sub(r"\\text\{([^{}]*)\}", r"\1", s)
    return fold(s), sig


def parse_frac(raw: str) -> dict | None:
    """A LaTeX ``'\\frac{..}{..} \\times 100\\%'`` formula_raw → a ratio spec as the raw text reads."""
    k = raw.find("\\frac")
    if k < 0:
        return None
    g1 = balanced(raw, k + 5)
    g2 = balanced(raw, g1[1]) if g1 else None
    if not g2:
        return None
    num, s1 = latex_words(g1[0])
    den, s2 = latex_words(g2[0])
    rest = raw[g2[1]:]
    m = re.search(r"\\times\s*(\d+)\s*(\\?%)?", rest)
    return {"kind": "ratio", "num": num, "den": den, "mult": int(m.group(1)) if m else None,
            "pct": bool(m and m.group(2)) or "%" in rest,
            "fx": bool(re.search(r"[fF]\s*\(\s*x\s*\)", raw[:k])), "sigma": s1 or s2}


def plain(raw: str) -> str:
    """A formula_raw that is no fraction / count as readable text (LaTeX markup removed)."""
    s = re.sub(r"\\text\{([^{}]*)\}", r"\1", raw)
    s = s.replace("\\times", "x").replace("\\%", "%").replace("$", "")
    s = re.sub(r"\\(sum|Sigma)\b", "Σ", s)
    return fold(s)


def formula_spec(ind: dict, text: Callable[[str], str] = fold) -> dict | None:
    """How a gold indicator's formula can be drawn; None when the row has no formula.

    Returns one of
    ``{"kind": "ratio", "num", "den", "mult", "pct", "fx", "sigma"}`` (numerator and denominator
    verbatim from the gold), ``{"kind": "count", "core", "fx"}`` (what ``f(x) = Σ`` counts) or
    ``{"kind": "text", "text"}`` (written as is; ``text`` renders formula_raw: :func:`fold` keeps
    LaTeX, :func:`plain` removes it). An ambiguous row draws the source's own rendering.
    """
    raw = ind.get("formula_raw")
    fs = ind.get("formulas") or []
    if raw is None:
        return None
    if ind.get("ambiguous"):
        return parse_frac(raw) or {"kind": "text", "text": text(raw)}
    if len(fs) != 1:
        return {"kind": "text", "text": text(raw)}
    f = fs[0]
    if f.get("type") == "ratio" and f.get("numerator") and f.get("denominator"):
        parsed = parse_frac(raw) or {}
        return {"kind": "ratio", "num": f["numerator"], "den": f["denominator"],
                "mult": f.get("multiplier"), "pct": "%" in raw,
                "fx": parsed.get("fx", False), "sigma": parsed.get("sigma", False)}
    if f.get("type") == "count" and f.get("numerator"):
        m = COUNT_RE.match(raw)
        if m:
            core = raw[m.end():].strip()
            m2 = re.fullmatch(r"\\text\{(.*)\}\s*\$?", core)
            core = (m2.group(1) if m2 else core).rstrip("$").strip()
            if core == f["numerator"]:
                return {"kind": "count", "core": core, "fx": bool(m.group("fx"))}
    return {"kind": "text", "text": text(raw)}
