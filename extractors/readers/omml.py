"""Word equations (OMML, ``m:oMath``) → LaTeX.

One walk over the equation tree, each OMML structure written as the LaTeX that keeps
its shape: fractions ``\\frac{A}{B}``, stacks without a bar ``\\binom{n}{k}``, scripts
``m^{2}`` / ``x_{i}`` / ``x_{i}^{2}``, n-ary operators with their limits
``\\sum_{i=1}^{n} x``, radicals ``\\sqrt[3]{x}``, delimiters ``\\left( … \\right)``,
accents and bars ``\\hat{x}`` / ``\\overline{x}``, functions ``\\sin x``, limits
``\\lim_{n→∞}``, matrices ``\\begin{pmatrix} … \\end{pmatrix}`` and equation arrays
``\\begin{aligned} … \\end{aligned}``. Text runs keep their characters as written
(``×``, ``%``, ``Σ``, words with spaces), so ``\\frac{Jumlah A}{Jumlah B}×100%`` reads
the same as before for the formula normaliser. Elements this walk does not know are
read through (their children's text is kept), so nothing visible is lost.

The approach — a dispatch on the element's local name with tables for operator,
accent and delimiter characters — is the one dwml / docling use; this is written for
iki's needs (no LaTeX escaping of the text the normaliser reads).
"""
from __future__ import annotations

import re

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_m = f"{{{M}}}"
_w = f"{{{W}}}"

# n-ary operator character → LaTeX command (default when m:chr is absent: the integral)
NARY = {"∑": "\\sum", "Σ": "\\sum", "∏": "\\prod", "Π": "\\prod", "∐": "\\coprod", "∫": "\\int", "∬": "\\iint",
        "∭": "\\iiint", "∮": "\\oint", "∯": "\\oiint", "⋃": "\\bigcup", "⋂": "\\bigcap", "⋁": "\\bigvee",
        "⋀": "\\bigwedge", "⨁": "\\bigoplus", "⨂": "\\bigotimes", "⨀": "\\bigodot", "⨄": "\\biguplus"}
# accent character (combining or spacing) → LaTeX command; default U+0302 (hat)
ACCENT = {"\u0302": "\\hat", "^": "\\hat", "\u0303": "\\tilde", "~": "\\tilde", "\u0304": "\\bar",
          "\u00af": "\\bar", "\u0305": "\\overline", "\u0307": "\\dot", "\u0308": "\\ddot", "\u20db": "\\dddot",
          "\u20d7": "\\vec", "\u2192": "\\vec", "\u0300": "\\grave", "\u0301": "\\acute", "\u0306": "\\breve",
          "\u030c": "\\check", "\u20d6": "\\overleftarrow", "\u20e1": "\\overleftrightarrow"}
# delimiter character → LaTeX
DELIM = {"(": "(", ")": ")", "[": "[", "]": "]", "{": "\\{", "}": "\\}", "|": "|", "‖": "\\|",
         "⟨": "\\langle", "〈": "\\langle", "⟩": "\\rangle", "〉": "\\rangle", "⌊": "\\lfloor", "⌋": "\\rfloor",
         "⌈": "\\lceil", "⌉": "\\rceil", "│": "|", "∣": "|"}
# matrix environment for a matrix written inside a pair of delimiters
MATRIX_ENV = {("(", ")"): "pmatrix", ("[", "]"): "bmatrix", ("{", "}"): "Bmatrix", ("|", "|"): "vmatrix",
              ("‖", "‖"): "Vmatrix"}
FUNCTIONS = {"sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "arcsin", "arccos",
             "arctan", "log", "ln", "lg", "exp", "lim", "max", "min", "sup", "inf", "det", "gcd", "deg", "dim",
             "ker", "arg", "Pr", "liminf", "limsup"}
LIMIT_FUNCTIONS = {"lim", "max", "min", "sup", "inf", "liminf", "limsup", "det", "gcd", "Pr"}
_TALL = re.compile(r"\\(?:[dt]?frac|binom|sum|prod|int|begin|sqrt)\b")
_COMMAND = re.compile(r"\\[A-Za-z]+")


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _val(el, child: str, default: str | None = None) -> str | None:
    """``m:val`` of the property ``child`` of ``el`` (``None`` → ``default``)."""
    if el is None:
        return default
    c = el.find(_m + child)
    if c is None:
        return default
    v = c.get(_m + "val")
    return default if v is None else v


def _flag(pr, child: str) -> bool:
    """An on/off property (``m:subHide``, ``m:degHide``) that is switched on."""
    if pr is None:
        return False
    c = pr.find(_m + child)
    return c is not None and c.get(_m + "val", "1") not in ("0", "false", "off")


def _one_group(s: str, opening: str, closing: str) -> bool:
    """``s`` is a single bracketed group: its first opening bracket closes at its very end."""
    if not (s.startswith(opening) and s.endswith(closing)):
        return False
    depth = 0
    for i, ch in enumerate(s):
        depth += ch == opening[0]
        depth -= ch == closing[-1]
        if depth == 0:
            return i == len(s) - 1
    return False


def script_base(s: str) -> str:
    """``s`` as one script base: bare when it is one symbol, command or bracketed group, braced otherwise."""
    s = s.strip()
    if len(s) == 1 or _COMMAND.fullmatch(s) or _one_group(s, "(", ")") or _one_group(s, "[", "]") \
            or (s.startswith("\\left") and s.count("\\left") == 1 and re.fullmatch(r".*\\right\S+", s, re.S)):
        return s
    return "{" + s + "}"


def _children(el) -> str:
    if el is None:
        return ""
    return "".join(_walk(c) for c in el if isinstance(c.tag, str))


def _arg(el, name: str) -> str:
    return _children(el.find(_m + name)).strip()


def _frac(el) -> str:
    kind = _val(el.find(_m + "fPr"), "type", "bar")
    num, den = _arg(el, "num"), _arg(el, "den")
    if kind == "noBar":
        return f"\\binom{{{num}}}{{{den}}}"
    return f"\\frac{{{num}}}{{{den}}}"


def _scripts(el) -> str:
    tag = _local(el)
    base = script_base(_arg(el, "e"))
    sub, sup = _arg(el, "sub"), _arg(el, "sup")
    if tag == "sPre":
        return f"{{}}_{{{sub}}}^{{{sup}}}{base}"
    out = base
    if tag in ("sSub", "sSubSup"):
        out += f"_{{{sub}}}"
    if tag in ("sSup", "sSubSup"):
        out += f"^{{{sup}}}"
    return out


def _nary(el) -> str:
    pr = el.find(_m + "naryPr")
    ch = _val(pr, "chr", "∫")
    op = NARY.get(ch, ch) if ch else ""
    out = op
    sub = "" if _flag(pr, "subHide") else _arg(el, "sub")
    sup = "" if _flag(pr, "supHide") else _arg(el, "sup")
    if sub:
        out += f"_{{{sub}}}"
    if sup:
        out += f"^{{{sup}}}"
    body = _arg(el, "e")
    return f"{out} {body}" if body else out


def _delimited(el) -> str:
    pr = el.find(_m + "dPr")
    beg, end = _val(pr, "begChr", "("), _val(pr, "endChr", ")")
    sep = _val(pr, "sepChr", "|")
    items = [e for e in el if _local(e) == "e"]
    # a binomial is a bar-less stack in round brackets; a matrix in brackets is pmatrix / bmatrix / ...
    if len(items) == 1:
        only = [c for c in items[0] if isinstance(c.tag, str) and _local(c) != "ctrlPr"]
        if len(only) == 1 and _local(only[0]) == "f" and (beg, end) == ("(", ")") \
                and _val(only[0].find(_m + "fPr"), "type", "bar") == "noBar":
            return _frac(only[0])
        if len(only) == 1 and _local(only[0]) == "m" and (beg, end) in MATRIX_ENV:
            return _matrix(only[0], MATRIX_ENV[(beg, end)])
    inner = f" {DELIM.get(sep, sep)} ".join(_children(e).strip() for e in items)
    left, right = DELIM.get(beg, beg), DELIM.get(end, end)
    if _TALL.search(inner):
        return f"\\left{left or '.'} {inner} \\right{right or '.'}"
    return f"{left}{inner}{right}"


def _radical(el) -> str:
    pr = el.find(_m + "radPr")
    deg = "" if _flag(pr, "degHide") else _arg(el, "deg")
    body = _arg(el, "e")
    return f"\\sqrt[{deg}]{{{body}}}" if deg else f"\\sqrt{{{body}}}"


def _accent(el) -> str:
    ch = _val(el.find(_m + "accPr"), "chr", "\u0302")
    cmd = ACCENT.get(ch)
    body = _arg(el, "e")
    return f"{cmd}{{{body}}}" if cmd else f"\\overset{{{ch}}}{{{body}}}"


def _bar(el) -> str:
    pos = _val(el.find(_m + "barPr"), "pos", "bot")
    return f"\\{'overline' if pos == 'top' else 'underline'}{{{_arg(el, 'e')}}}"


def _group_chr(el) -> str:
    pr = el.find(_m + "groupChrPr")
    ch, pos = _val(pr, "chr", "\u23df"), _val(pr, "pos", "bot")
    body = _arg(el, "e")
    if ch == "\u23df":
        return f"\\underbrace{{{body}}}"
    if ch == "\u23de":
        return f"\\overbrace{{{body}}}"
    return f"\\{'overset' if pos == 'top' else 'underset'}{{{ch}}}{{{body}}}"


def _limit(el) -> str:
    body, lim = _arg(el, "e"), _arg(el, "lim")
    if _local(el) == "limLow":
        name = body.lstrip("\\")
        if name in LIMIT_FUNCTIONS:
            return f"\\{name}_{{{lim}}}"
        return f"\\underset{{{lim}}}{{{body}}}"
    return f"\\overset{{{lim}}}{{{body}}}"


def _function(el) -> str:
    name = _arg(el, "fName")
    if name in FUNCTIONS:
        name = "\\" + name
    body = _arg(el, "e")
    return f"{name} {body}" if body else name


def _matrix(el, env: str = "matrix") -> str:
    rows = []
    for mr in el:
        if _local(mr) == "mr":
            rows.append(" & ".join(_children(e).strip() for e in mr if _local(e) == "e"))
    return f"\\begin{{{env}}} " + " \\\\ ".join(rows) + f" \\end{{{env}}}"


def _eq_array(el) -> str:
    rows = [_children(e).strip() for e in el if _local(e) == "e"]
    return "\\begin{aligned} " + " \\\\ ".join(rows) + " \\end{aligned}"


def _run(el) -> str:
    out = []
    for c in el:
        tag = c.tag
        if tag in (_m + "t", _w + "t"):
            out.append((c.text or "").replace("{", "\\{").replace("}", "\\}"))
        elif tag in (_w + "br", _w + "cr"):
            out.append(" ")
        elif tag == _w + "tab":
            out.append(" ")
    return "".join(out)


_HANDLERS = {
    "f": _frac, "sSup": _scripts, "sSub": _scripts, "sSubSup": _scripts, "sPre": _scripts, "nary": _nary,
    "d": _delimited, "rad": _radical, "acc": _accent, "bar": _bar, "groupChr": _group_chr, "limLow": _limit,
    "limUpp": _limit, "func": _function, "m": _matrix, "eqArr": _eq_array, "r": _run,
    "borderBox": lambda el: f"\\boxed{{{_arg(el, 'e')}}}",
}
# property elements and deleted text: nothing visible
_SKIP = {"del", "moveFrom", "rPr", "ctrlPr", "bookmarkStart", "bookmarkEnd", "proofErr", "commentRangeStart",
         "commentRangeEnd"}


def _walk(el) -> str:
    tag = _local(el)
    handler = _HANDLERS.get(tag)
    if handler is not None:
        return handler(el)
    if tag in _SKIP or tag.endswith("Pr"):
        return ""
    if tag == "phant" and not _flag_on(el.find(_m + "phantPr"), "show", True):
        return ""
    return _children(el)  # oMath, e, num, box, phant, w:ins, smartTag ...: their content


def _flag_on(pr, child: str, default: bool) -> bool:
    if pr is None or pr.find(_m + child) is None:
        return default
    return pr.find(_m + child).get(_m + "val", "1") not in ("0", "false", "off")


def omml_latex(el) -> str:
    """An OMML element (``m:oMath``, or any part of one) → LaTeX text, without ``$`` delimiters.

    Never raises on unknown elements: their text is kept. Runs of text keep Word's characters
    (``×``, ``≤``, ``Σ``); only the structure is written as LaTeX commands.
    """
    return _walk(el) if isinstance(el.tag, str) else ""
