"""MathML (OpenDocument formula objects, LibreOffice Math) → LaTeX.

The same LaTeX the Word reader writes for OMML (:mod:`extractors.readers.omml`), so a formula
reads the same whatever program saved it: ``\\frac{A}{B}×100%``, ``m^{2}``, ``x_{i}``,
``\\sum_{i=1}^{n} x``, ``\\binom{n}{k}``, ``\\sqrt[3]{x}``, ``\\left( … \\right)``,
``\\hat{x}``, ``\\begin{pmatrix} … \\end{pmatrix}``. Text keeps its characters as written
(``×``, ``%``, words with spaces); only the structure becomes LaTeX commands.

Presentation MathML is walked once; ``semantics`` reads its first child (the StarMath
annotation LibreOffice adds is ignored), unknown elements are read through.
"""
from __future__ import annotations

import re

from extractors.readers.omml import ACCENT, FUNCTIONS, MATRIX_ENV, NARY, script_base

MATHML = "http://www.w3.org/1998/Math/MathML"

_TALL = re.compile(r"\\(?:[dt]?frac|binom|sum|prod|int|begin|sqrt)\b")
_OPERATOR_CHARS = {"−": "-", "∗": "*", "\u2061": "", "\u2062": "", "\u2063": "", "\u2064": ""}
_OVER = {"¯": "\\overline", "‾": "\\overline", "_": "\\overline", "\u0332": "\\overline", "⏞": "\\overbrace",
         "→": "\\overrightarrow", "←": "\\overleftarrow"}
_UNDER = {"_": "\\underline", "‾": "\\underline", "¯": "\\underline", "\u0332": "\\underline",
          "⏟": "\\underbrace"}
_DELIM = {"{": "\\{", "}": "\\}", "⟨": "\\langle", "〈": "\\langle", "⟩": "\\rangle", "〉": "\\rangle",
          "‖": "\\|", "⌊": "\\lfloor", "⌋": "\\rfloor", "⌈": "\\lceil", "⌉": "\\rceil"}
_ENDS_WITH_COMMAND = re.compile(r"\\[A-Za-z]+$")


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _kids(el) -> list:
    return [c for c in el if isinstance(c.tag, str)]


def _join(pieces) -> str:
    """Pieces of LaTeX side by side; a space after a command that a letter would otherwise extend."""
    out = ""
    for p in pieces:
        if not p:
            continue
        if out and _ENDS_WITH_COMMAND.search(out) and p[0].isalpha():
            out += " "
        out += p
    return out


def _token_text(el) -> str:
    return "".join(el.itertext())


def _mo(el) -> str:
    t = _token_text(el).strip()
    if t in NARY:
        return NARY[t]
    if t in _DELIM:
        return _DELIM[t]
    return _OPERATOR_CHARS.get(t, t)


def _mi(el) -> str:
    t = _token_text(el).strip()
    if t in FUNCTIONS and len(t) > 1:
        return "\\" + t
    if t in NARY:
        return NARY[t]
    return t


def _text(el) -> str:
    return _token_text(el).replace("{", "\\{").replace("}", "\\}")


_OPENING, _CLOSING = "([{⟨〈⌊⌈", ")]}⟩〉⌋⌉"


def _bracket(el) -> str | None:
    if _local(el) != "mo":
        return None
    t = _token_text(el).strip()
    return t if len(t) == 1 and t in _OPENING + _CLOSING + "|‖" else None


def _wrapped(kids: list) -> bool:
    """The row is one bracketed group: its first bracket closes at its last child."""
    if len(kids) < 2 or _bracket(kids[0]) is None or _bracket(kids[-1]) is None:
        return False
    first, last = _bracket(kids[0]), _bracket(kids[-1])
    if first in "|‖":
        return last == first and not any(_bracket(k) == first for k in kids[1:-1])
    if first not in _OPENING or last not in _CLOSING:
        return False
    depth = 0
    for i, k in enumerate(kids):
        b = _bracket(k)
        if b and b in _OPENING:
            depth += 1
        elif b and b in _CLOSING:
            depth -= 1
            if depth == 0:
                return i == len(kids) - 1
    return False


def _row(el) -> str:
    kids = _kids(el)
    if _wrapped(kids):
        return _fenced(_token_text(kids[0]).strip(), _token_text(kids[-1]).strip(), kids[1:-1])
    return _join(walk(c) for c in kids)


def _fenced(open_: str, close: str, inner_els: list, separators: str = "") -> str:
    """Delimiters around content; a matrix or bar-less stack in brackets becomes pmatrix / binom."""
    if len(inner_els) == 1 and _local(inner_els[0]) == "mrow" and len(_kids(inner_els[0])) == 1:
        inner_els = _kids(inner_els[0])
    if len(inner_els) == 1 and _local(inner_els[0]) == "mtable":
        env = MATRIX_ENV.get((open_, close))
        if env and _stack(inner_els[0]) is not None and (open_, close) == ("(", ")"):
            a, b = _stack(inner_els[0])
            return f"\\binom{{{a}}}{{{b}}}"
        if env:
            return _table(inner_els[0], env)
    if len(inner_els) == 1 and _local(inner_els[0]) == "mfrac" and (open_, close) == ("(", ")") \
            and _no_bar(inner_els[0]):
        return _frac(inner_els[0])
    if separators:
        seps = [s for s in separators if not s.isspace()] or [","]
        parts = []
        for i, e in enumerate(inner_els):
            if i:
                parts.append(seps[min(i - 1, len(seps) - 1)])
            parts.append(walk(e))
        inner = _join(parts)
    else:
        inner = _join(walk(c) for c in inner_els)
    left, right = _DELIM.get(open_, open_), _DELIM.get(close, close)
    if _TALL.search(inner):
        return f"\\left{left or '.'} {inner} \\right{right or '.'}"
    return f"{left}{inner}{right}"


def _mfenced(el) -> str:
    return _fenced(el.get("open", "("), el.get("close", ")"), _kids(el), el.get("separators", ","))


def _no_bar(el) -> bool:
    return (el.get("linethickness") or "").strip() in ("0", "0pt", "0px", "0em", "0.0")


def _frac(el) -> str:
    kids = _kids(el)
    num = walk(kids[0]) if kids else ""
    den = walk(kids[1]) if len(kids) > 1 else ""
    return f"\\binom{{{num}}}{{{den}}}" if _no_bar(el) else f"\\frac{{{num}}}{{{den}}}"


def _arg(kids: list, i: int) -> str:
    return walk(kids[i]).strip() if len(kids) > i else ""


def _scripts(el) -> str:
    tag, kids = _local(el), _kids(el)
    base = script_base(_arg(kids, 0))
    if tag == "msub":
        return f"{base}_{{{_arg(kids, 1)}}}"
    if tag == "msup":
        return f"{base}^{{{_arg(kids, 1)}}}"
    return f"{base}_{{{_arg(kids, 1)}}}^{{{_arg(kids, 2)}}}"


def _under_over(el) -> str:
    tag, kids = _local(el), _kids(el)
    base_raw = _token_text(kids[0]).strip() if kids and _local(kids[0]) in ("mo", "mi") else None
    base = _arg(kids, 0)
    under = _arg(kids, 1) if tag in ("munder", "munderover") else ""
    over = _arg(kids, 2 if tag == "munderover" else 1) if tag in ("mover", "munderover") else ""
    if base_raw in NARY or base_raw in ("lim", "max", "min", "sup", "inf"):
        head = NARY.get(base_raw, "\\" + base_raw if base_raw else base)
        # the operand follows the operator as a sibling: keep a space before it, as the Word path writes
        return head + (f"_{{{under}}}" if under else "") + (f"^{{{over}}}" if over else "") + " "
    if tag == "mover":
        mark = _token_text(kids[1]).strip() if len(kids) > 1 else ""
        cmd = ACCENT.get(mark) or _OVER.get(mark)
        return f"{cmd}{{{base}}}" if cmd else f"\\overset{{{over}}}{{{base}}}"
    if tag == "munder":
        mark = _token_text(kids[1]).strip() if len(kids) > 1 else ""
        cmd = _UNDER.get(mark)
        return f"{cmd}{{{base}}}" if cmd else f"\\underset{{{under}}}{{{base}}}"
    return f"\\underset{{{under}}}{{\\overset{{{over}}}{{{base}}}}}"


def _sqrt(el) -> str:
    return f"\\sqrt{{{_row(el).strip()}}}"


def _root(el) -> str:
    kids = _kids(el)
    return f"\\sqrt[{_arg(kids, 1)}]{{{_arg(kids, 0)}}}"


def _rows(el) -> list[list[str]]:
    rows = []
    for tr in _kids(el):
        if _local(tr) in ("mtr", "mlabeledtr"):
            cells = [c for c in _kids(tr) if _local(c) == "mtd"]
            if _local(tr) == "mlabeledtr":
                cells = cells[1:]  # the first cell is the equation's label
            rows.append([_row(c).strip() for c in cells])
    return rows


def _stack(el) -> tuple[str, str] | None:
    """A one-column, two-row table: a bar-less stack (LibreOffice writes ``binom`` so)."""
    rows = _rows(el)
    if len(rows) == 2 and all(len(r) == 1 for r in rows):
        return rows[0][0], rows[1][0]
    return None


def _table(el, env: str = "matrix") -> str:
    return f"\\begin{{{env}}} " + " \\\\ ".join(" & ".join(r) for r in _rows(el)) + f" \\end{{{env}}}"


def _mtable(el) -> str:
    stack = _stack(el)
    if stack is not None:
        return f"\\binom{{{stack[0]}}}{{{stack[1]}}}"
    return _table(el)


def _enclose(el) -> str:
    notation = (el.get("notation") or "longdiv").split()
    inner = _row(el)
    if "box" in notation or "roundedbox" in notation:
        return f"\\boxed{{{inner}}}"
    if "top" in notation:
        return f"\\overline{{{inner}}}"
    if "bottom" in notation:
        return f"\\underline{{{inner}}}"
    return inner


def _multiscripts(el) -> str:
    kids = _kids(el)
    base = script_base(_arg(kids, 0))
    post, pre, target = [], [], None
    target = post
    for k in kids[1:]:
        if _local(k) == "mprescripts":
            target = pre
            continue
        target.append("" if _local(k) == "none" else walk(k).strip())
    out = ""
    if pre:
        out += "{}" + (f"_{{{pre[0]}}}" if pre[0] else "") + (f"^{{{pre[1]}}}" if len(pre) > 1 and pre[1] else "")
    out += base
    if post:
        out += (f"_{{{post[0]}}}" if post[0] else "") + (f"^{{{post[1]}}}" if len(post) > 1 and post[1] else "")
    return out


def _semantics(el) -> str:
    kids = [k for k in _kids(el) if _local(k) not in ("annotation", "annotation-xml")]
    return walk(kids[0]) if kids else ""


_HANDLERS = {
    "mi": _mi, "mn": lambda el: _token_text(el).strip(), "mo": _mo, "mtext": _text,
    "ms": lambda el: '"' + _text(el) + '"', "mspace": lambda el: " ", "mrow": _row, "mstyle": _row,
    "mpadded": _row, "merror": _row, "math": _row, "maction": lambda el: walk(_kids(el)[0]) if _kids(el) else "",
    "mphantom": lambda el: "", "semantics": _semantics, "annotation": lambda el: "",
    "annotation-xml": lambda el: "", "mfrac": _frac, "msub": _scripts, "msup": _scripts,
    "msubsup": _scripts, "munder": _under_over, "mover": _under_over, "munderover": _under_over,
    "msqrt": _sqrt, "mroot": _root, "mfenced": _mfenced, "mtable": _mtable, "menclose": _enclose,
    "mmultiscripts": _multiscripts, "none": lambda el: "",
}


def walk(el) -> str:
    """One MathML element → LaTeX."""
    handler = _HANDLERS.get(_local(el))
    if handler is not None:
        return handler(el)
    return _row(el)  # unknown container: its children


def mathml_latex(el) -> str:
    """A MathML ``math`` element (or any part of one) → LaTeX text, without ``$`` delimiters. Never raises
    on unknown elements: their content is read through."""
    return walk(el).strip() if isinstance(el.tag, str) else ""
