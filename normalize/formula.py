"""Where formulas are parsed: one grammar for every way an IKI writes a computation.

Shapes understood (all real):

* LaTeX from converters: ``$\\frac{\\text{A}}{\\text{B}} \\times 100\\%$``,
  ``$f(x) = \\frac{\\sum \\text{A}}{\\sum \\text{B}} \\times 100 \\%$``,
  ``$f(x) = \\Sigma$ A``, ``$f(x) = \\Sigma \\text{A}$``;
* inline text: ``Jumlah A / Jumlah B x 100%``, ``(A : B) X 100``, ``f(x) = Σ A``,
  ``F(x) : ∑ A``;
* fractions drawn over lines: ``A`` / ``_____ X 100`` / ``B`` (a bar line, a
  bare ``X`` or an HTML ``<hr/>`` between numerator and denominator);
* a plain quantity as the computation: ``Jumlah A`` (count);
* composite indices (``IDG = 1/3 (...)``) → ``index``.

:func:`split_cell` separates a PENJELASAN / FORMULASI cell into its
explanation and its formula; :func:`parse_formula` turns a formula text into a
:class:`Formula`. Both are pure and never raise.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

from normalize.text import collapse, split_label
from schema.warnings import warning

TYPES = ("ratio", "count", "index", "other", "none")


@dataclass(frozen=True)
class Formula:
    type: str  # ratio | count | index | other | none
    numerator: str | None = None
    denominator: str | None = None
    multiplier: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class FormulaCell:
    penjelasan: str | None
    formula_raw: str | None
    formula: Formula
    warnings: tuple[str, ...] = ()


NONE = Formula("none")

# ----------------------------------------------------------------------------- LaTeX → text

_CMD = re.compile(r"\\[a-zA-Z]+")
_FRAC_TEXT = re.compile(r"⟦(.*?)⟧\s*÷\s*⟦(.*?)⟧(.*)$")
_TAG = re.compile(r"<[^<>]{0,200}>")
_TEXTCMD = re.compile(r"\\(?:text|mathrm|textbf|mathbf|textit|mathit|operatorname|mbox)\s*")
_SUM = re.compile(r"\\(?:sum|Sigma|sigma)\b|[Σ∑]")
_OP_LIMITS = re.compile(r"(\\(?:sum|Sigma|prod)(?![A-Za-z])|[Σ∑])\s*(?:[_^]\s*(?:\{[^{}]*\}|\w))+")
_TIMES = re.compile(r"\\times|\\cdot|×|\\ast")
_SPACES = re.compile(r"\\[,;:! ]|\\quad|\\qquad|~")


def _braced(s: str, i: int) -> tuple[str, int] | None:
    """The content of the brace group starting at s[i] ('{'), and the index after it."""
    while i < len(s) and s[i].isspace():
        i += 1
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


def latex_to_text(s: str) -> str:
    """LaTeX math → readable text (fractions as ``(A) / (B)``, Σ kept, × for times)."""
    out, i = [], 0
    frac = re.compile(r"\\[dt]?frac")
    while True:
        m = frac.search(s, i)
        if not m:
            out.append(s[i:])
            break
        out.append(s[i:m.start()])
        a = _braced(s, m.end())
        b = _braced(s, a[1]) if a else None
        if not (a and b):
            out.append(s[m.start():m.end()])
            i = m.end()
            continue
        out.append(f" ⟦{latex_to_text(a[0])}⟧ ÷ ⟦{latex_to_text(b[0])}⟧ ")
        i = b[1]
    t = "".join(out)
    t = _TEXTCMD.sub("", t)
    t = _OP_LIMITS.sub(r"\1 ", t)  # Σ's limits (\sum_{i=1}^{n}) are notation, not words of the term
    t = _SUM.sub(" Σ ", t)
    t = _TIMES.sub(" × ", t)
    t = _SPACES.sub(" ", t)
    t = t.replace("\\%", "%").replace("\\left", "").replace("\\right", "").replace("$", " ")
    t = _CMD.sub(" ", t)
    t = t.replace("{", "").replace("}", "")
    return collapse(t)


# ----------------------------------------------------------------------------- pieces

_FX = re.compile(r"^\s*[fF]\s*\(\s*[xX]\s*\)\s*[=:]\s*")
# a multiplier: "x 100%", "× 100", "dikali 100%", "dikalikan dengan 1.000", "dikali (x) 100%"
_TIMES_WORD = r"(?:×|\b[xX]\b|\*|\bdikali(?:kan)?(?:\s+dengan)?\b(?:\s*\(\s*[xX×*]\s*\))?)"
_MULT = re.compile(_TIMES_WORD + r"\s*(\d{1,3}(?:[.,]\d{3})*|\d+)\s*(%|persen\b)?", re.I)
_MULT_TAIL = re.compile(r"\s*" + _TIMES_WORD + r"\s*(\d{1,3}(?:[.,]\d{3})*|\d+)\s*(%|persen\b)?\s*[.;]?\s*$", re.I)
# "A --dibagi--- B", "A –dibagi-- B": the division word set off by dashes as converters and typists write it
_DASHED_DIVIDE = re.compile(r"\s*[-–—]+\s*(dibagi(?:\s+dengan)?)\s*[-–—]*\s*|\s+(dibagi(?:\s+dengan)?)\s*[-–—]+\s*", re.I)
# a ratio said in words: "Perbandingan (antara) A dengan B", "Jumlah perbandingan antara A, dengan B"
_PROSE_RATIO = re.compile(r"^\s*(?:(?:jumlah|nilai|angka)\s+)?(?:perbandingan(?:\s+antara)?|rasio\s+antara)\s+(?P<body>.+)$", re.I)
_PROSE_WITH = re.compile(r",?\s+(?:dengan|terhadap)\s+", re.I)
_WITH_IN_TERM = re.compile(r"(?:sesuai|bersama|dibandingkan|disertai|beserta)\s*$", re.I)
_PERCENT_WORDS = re.compile(r"^\s*(persentase|prosentase|presentase|proporsi|%)", re.I)
_COUNT_START = re.compile(r"^\s*(jumlah|total|banyaknya|banyak)\b(?!\s*[:=]?\s*\d)", re.I)
_INDEX_HINT = re.compile(r"\b(IDG|IPG|IPM|IKM|indeks)\b\s*=|\b1\s*/\s*\d\s*[(\[]|\brata-?rata\s*\(", re.I)
_MULT_ONLY = re.compile(r"^\s*\d{1,4}\s*%?\s*$")
_MULT_LINE = re.compile(r"^\s*(?:×|[xX*])\s*\d{1,4}\s*%?\s*$")  # "× 100%" on a line of its own
_BAR = re.compile(r"^\s*(?:_{3,}|-{5,}|—{2,}|─{2,})?\s*(?:(?:×|[xX])\s*(?:\d+\s*%?)?)?\s*(?:_{3,}|-{5,})?\s*$")


def _number(s: str | None) -> float | None:
    if not s:
        return None
    s = s.replace(".", "").replace(",", "") if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", s) else s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def _term(s: str) -> str | None:
    """A numerator/denominator as the words the source wrote: Σ, f(x)=, brackets and $ removed."""
    t = s.replace("⟦", " ").replace("⟧", " ")
    t = _FX.sub("", t)
    t = t.replace("Σ", " ").replace("$", " ")
    t = collapse(t).strip()
    while len(t) > 1 and t[0] == "(" and t[-1] == ")" and t.count("(") == 1:
        t = t[1:-1].strip()
    t = t.strip(" =:")
    return t or None


def _unit(mult: float | None, written_percent: bool, indikator: str | None) -> str | None:
    if written_percent:
        return "%"
    if mult == 100 and indikator and _PERCENT_WORDS.match(indikator):
        return "%"
    return None


def _ratio(num: str, den: str, tail: str, indikator: str | None) -> Formula:
    mult, pct = None, "%" in tail or "persen" in tail.lower()
    m = _MULT.search(tail)
    if m:
        mult = _number(m.group(1))
        pct = pct or bool(m.group(2))
    return Formula("ratio", _term(num), _term(den), mult, _unit(mult, pct, indikator))


# ----------------------------------------------------------------------------- parse_formula


def parse_formula(text: str | None, indikator: str | None = None) -> Formula:
    """A formula text (LaTeX, inline or stacked lines) → :class:`Formula`. Never raises."""
    try:
        return _parse(text or "", indikator)
    except Exception:  # a formula we cannot read is "other", never a crash
        return Formula("other") if (text or "").strip() else NONE


def _parse(text: str, indikator: str | None) -> Formula:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not lines:
        return NONE
    stacked = _stacked(lines, indikator)
    if stacked:
        return stacked
    plain = latex_to_text(" ".join(lines))
    if not plain:
        return NONE
    if _INDEX_HINT.search(plain) and plain.count("⟦") <= 2 and ("+" in plain or "1/" in plain.replace(" ", "")):
        return Formula("index")
    # structured fraction from LaTeX: ⟦A⟧ ÷ ⟦B⟧
    m = _FRAC_TEXT.search(plain)
    if m:
        return _ratio(m.group(1), m.group(2), m.group(3), indikator)
    body = _DASHED_DIVIDE.sub(lambda m: f" {(m.group(1) or m.group(2)).lower()} ", _FX.sub("", plain))
    # inline ratio: A / B x 100 %, (A : B) x 100, A ÷ B
    mt = _MULT_TAIL.search(body)
    core = body[: mt.start()] if mt else body
    tail = body[mt.start():] if mt else ""
    split = _split_inline_ratio(core, has_mult=bool(mt))
    if split:
        return _ratio(split[0], split[1], tail, indikator)
    if "Σ" in plain or _FX.match(plain):
        num = _term(body)
        return Formula("count", num) if num else Formula("other")
    if _COUNT_START.match(body) and not mt:
        return Formula("count", _term(body))
    return Formula("other")


def _prose_ratio(core: str) -> tuple[str, str] | None:
    """``Perbandingan (antara) A dengan B`` / ``Jumlah perbandingan antara A, dengan B`` → (A, B).

    The joining ``dengan`` (or ``terhadap``) is the one set off by a comma, else the first one that
    does not belong to the words of a term (``sesuai dengan``, ``bersama dengan``)."""
    m = _PROSE_RATIO.match(core)
    if not m:
        return None
    body = m.group("body").strip().rstrip(".;")
    joins = [j for j in _PROSE_WITH.finditer(body) if not _WITH_IN_TERM.search(body[:j.start()])]
    joins = [j for j in joins if j.group(0).startswith(",")] or joins
    if not joins:
        return None
    a, b = body[:joins[0].start()].strip(" ,"), body[joins[0].end():].strip(" ,")
    return (a, b) if a and b else None


def _split_inline_ratio(core: str, has_mult: bool) -> tuple[str, str] | None:
    c = core.strip()
    if c.startswith("(") and c.endswith(")") and c.count("(") == 1:
        c = c[1:-1]
    prose = _prose_ratio(c)
    if prose:
        return prose
    for sep in (" ÷ ", "÷", " / ", " : ", " dibagi dengan ", " dibagi ", " dibandingkan dengan ", " dibanding "):
        if sep in c:
            parts = c.split(sep)
            if len(parts) == 2 and all(len(p.split()) >= 1 for p in parts):
                a, b = parts
                # "A/B" inside words (Alat kantor/Alat Rumah) is not a fraction: need spaces or a multiplier
                if sep.strip() in ("/", ":") and not has_mult and not (_COUNT_START.match(a) and _COUNT_START.match(b.strip())):
                    continue
                return a, b
    if has_mult and c.count("/") == 1:  # "(Realisasi/Target) x 100%"
        a, b = c.split("/")
        if a.strip() and b.strip():
            return a, b
    return None


_BAR_START = re.compile(r"^\s*_{3,}")


def _is_bar(line: str) -> bool:
    """A fraction bar line: ``_____ X 100``, a bare ``X``, or a drawn bar followed by text OCR garbled."""
    return bool(line.strip()) and bool(_BAR.match(line) or _BAR_START.match(line))


def _rejoin_bar(lines: list[str]) -> list[str]:
    """A bar line whose multiplier wrapped onto the next line (``____ X`` / ``100%``) is one line."""
    out: list[str] = []
    for ln in lines:
        if out and _is_bar(out[-1]) and _MULT_ONLY.match(ln):
            out[-1] = f"{out[-1]} {ln.strip()}"
        else:
            out.append(ln)
    return out


def _stacked(lines: list[str], indikator: str | None) -> Formula | None:
    """``A`` / ``_____ X 100`` / ``B``: a fraction drawn over three lines (or more, when A and B wrap)."""
    lines = _rejoin_bar(lines)
    for k in range(1, len(lines) - 1):
        if _is_bar(lines[k]) and not _is_bar(lines[k - 1]) and not _is_bar(lines[k + 1]):
            num, den, tail = lines[:k], lines[k + 1:], lines[k]
            if len(den) > 1 and _MULT_LINE.match(den[-1]):
                tail, den = f"{tail} {den[-1].strip()}", den[:-1]  # "× 100%" printed after the fraction, below it
            return _ratio(latex_to_text(" ".join(num)), latex_to_text(" ".join(den)), tail, indikator)
    return None


# ----------------------------------------------------------------------------- split_cell

_LBL_PENJ = r"(?:Penjelasan|Definisi(?:\s+Operasional)?|Keterangan)"
_LBL_FORM = r"(?:Formulasi|Formula|Formasi|Rumus|Cara)(?:\s+(?:Peng?h?itungan|Perhitungan|Penghitungannya|Pengukuran))?"
# a note on how the value adds up ("Tipe Perhitungan: Non-kumulatif"): it ends a formula and goes to the
# penjelasan with its label, as written
_LBL_NOTE = r"(?:Tipe|Jenis|Sifat)\s+(?:Peng?h?itungan|Perhitungan|Pengukuran|Capaian)"
_LABELS = re.compile(rf"(?P<lab>\b{_LBL_NOTE}\b|\b{_LBL_PENJ}\b|\b{_LBL_FORM}\b)\s*:", re.I)
_FORMULA_SIGNS = re.compile(r"(?i:[-–—]\s*dibagi\b|\bdibagi\s*[-–—]|\bdibagi\s+dengan\b)|"
                            r"(?i:^\s*(?:(?:jumlah|nilai|angka)\s+)?(?:perbandingan(?:\s+antara)?|rasio\s+antara)\s+\S.*\s(?:dengan|terhadap)\s+\S)|"
                            r"\b[A-Z]{2,6}\s*=\s*[\d(]|\\[dt]?frac|[Σ∑]|\\sum|\\Sigma|^\s*\$?\s*[fF]\s*\(\s*[xX]\s*\)|(?:×|\bx\b|\bX\b|\\times)\s*\d|÷|⟦")


def looks_like_formula(text: str) -> bool:
    return bool(_FORMULA_SIGNS.search(text)) or bool(_COUNT_START.match(text))


_LEAD_JUNK = re.compile(r"^[;:,'\"`‘’“”·|]+\s*")


def _strip_item(s: str) -> str:
    lines = []
    for ln in s.split("\n"):
        ln = _LEAD_JUNK.sub("", ln.strip())  # stray marks before the text (OCR, broken exports)
        lab, rest = split_label(ln)
        lines.append(rest if lab in ("-", "•", "–", "*") else ln.strip())
    return "\n".join(x for x in lines if x)


def _is_stack(lines: list[str]) -> bool:
    return any(_is_bar(ln) for ln in lines[1:-1])


def split_cell(text: str | None, indikator: str | None = None, formula_column: bool = False,
               extra: str | None = None) -> FormulaCell:
    """Separate a PENJELASAN / FORMULASI cell into explanation and formula.

    ``formula_column`` says the column header names only a formula (no
    PENJELASAN): unlabelled text there is a formula even when it is not a
    computation (type ``other``). ``extra`` is text from an unnamed column
    beside it that may hold the formula (a LaTeX fraction put in its own
    column).
    """
    try:
        return _split(text or "", indikator, formula_column, extra)
    except Exception:
        t = collapse(text)
        return FormulaCell(t or None, None, NONE, ("could not read the formula cell",))


def _split(text: str, indikator: str | None, formula_column: bool, extra: str | None) -> FormulaCell:
    text = _strip_item(_TAG.sub(" ", text).replace("**", "").strip())
    extra_f = parse_formula(extra, indikator) if extra and looks_like_formula(extra) else None
    if not text.strip():
        if extra_f:
            return FormulaCell(None, collapse(extra), extra_f)
        return FormulaCell(None, None, NONE)
    # cut the cell at its labels
    parts: list[tuple[str, str]] = []  # (kind, text) kind in free|penjelasan|formula
    pos, kind = 0, "free"
    for m in _LABELS.finditer(text):
        parts.append((kind, text[pos:m.start()]))
        if re.match(_LBL_NOTE, m.group("lab"), re.I):
            kind, pos = "penjelasan", m.start()  # the note keeps its label
            continue
        kind = "penjelasan" if re.match(_LBL_PENJ, m.group("lab"), re.I) else "formula"
        pos = m.end()
    parts.append((kind, text[pos:]))
    parts = [(k, _LEAD_JUNK.sub("", t.strip())) for k, t in parts if _LEAD_JUNK.sub("", t.strip())]
    penj = [t for k, t in parts if k == "penjelasan"]
    form = [t for k, t in parts if k == "formula"]
    free = [t for k, t in parts if k == "free"]
    labelled_penj = bool(penj)
    warnings: list[str] = []

    # free text: is it (part of) the formula?
    if free:
        lines = [ln for ln in "\n".join(free).split("\n") if ln.strip()]
        if form:
            penj = ["\n".join(lines)] + penj  # free text beside a labelled formula explains it
        else:
            formula_lines, rest_lines = _pick_formula_lines(
                lines, indikator, stack_hint=bool(extra_f and extra_f.type == "ratio"))
            if formula_lines:
                form = ["\n".join(formula_lines)]
                penj = (["\n".join(rest_lines)] if rest_lines else []) + penj
            elif labelled_penj or formula_column:
                form = ["\n".join(lines)]  # unlabelled text beside a labelled penjelasan is the formula
            else:
                penj = ["\n".join(lines)] + penj
    # a penjelasan-only cell whose extra column holds the formula
    if not form and extra_f:
        return FormulaCell(_join(penj), collapse(extra), extra_f)
    formula_text = "\n".join(form).strip()
    if not formula_text:
        return FormulaCell(_join(penj), None, NONE)
    lines = [ln for ln in formula_text.split("\n") if ln.strip()]
    f = parse_formula(formula_text, indikator)
    if f.type in ("other", "count") and len(lines) == 2 and all(_COUNT_START.match(ln) for ln in lines):
        # numerator and denominator stacked without a bar
        mult = extra_f.multiplier if extra_f and extra_f.type == "ratio" else None
        unit = extra_f.unit if extra_f and extra_f.type == "ratio" else None
        f = Formula("ratio", _term(lines[0]), _term(lines[1]), mult, unit)
        warnings.append(warning("formula_stacked_no_bar", "fraction read from two stacked lines without a bar"))
        if extra_f:
            warnings.append(warning("formula_alternative", "an unnamed column holds another rendering of the formula: " + collapse(extra)))
        return FormulaCell(_join(penj), collapse(extra) if extra_f else " / ".join(lines), f, tuple(warnings))
    raw = " ".join(ln.strip() for ln in lines) if _is_stack(lines) else collapse(formula_text)
    raw = raw.rstrip(". ") if f.type == "count" and not raw.endswith("$") else raw
    return FormulaCell(_join(penj), raw, f, tuple(warnings))


_SENTENCE_END = re.compile(r"[.;:]\s*$")
_CONTINUES = re.compile(r"^\s*(?:[a-z(]|[/÷×*]|[xX]\s*\d)")
_OPEN_END = re.compile(r"(?:[/÷×*=]|\b[xX])\s*$")


def _pick_formula_lines(lines: list[str], indikator: str | None,
                        stack_hint: bool = False) -> tuple[list[str], list[str]]:
    """Which free lines form the formula: a stacked fraction, a LaTeX/inline formula, or a count."""
    lines = _rejoin_bar(lines)
    if len(lines) >= 3:
        for k in range(1, len(lines) - 1):
            if _is_bar(lines[k]):
                return lines, []  # numerator lines, the bar, denominator lines
    strong = [i for i, ln in enumerate(lines) if _FORMULA_SIGNS.search(ln)]
    if strong:
        i = strong[0]
        # a formula wrapped over lines: it began on the lines above that go on into this one
        while i > 0 and not _SENTENCE_END.search(lines[i - 1]) and not _LABELS.search(lines[i - 1]) and (
                _CONTINUES.match(lines[i]) or _OPEN_END.search(lines[i - 1])):
            i -= 1
        j = strong[0]
        # a formula may continue on the next line ("$f(x) = \Sigma$" / "Masyarakat yang ...")
        while j + 1 < len(lines) and j + 1 in strong:
            j += 1
        if lines[j].rstrip().endswith("$") and re.search(r"\\(Sigma|sum)\s*\$\s*$", lines[j]) and j + 1 < len(lines):
            j += 1
        # a formula wrapped over lines: the next line goes on in lower case or with an operator
        while j + 1 < len(lines) and (_CONTINUES.match(lines[j + 1]) or _OPEN_END.search(lines[j])):
            j += 1
        return lines[i:j + 1], lines[:i] + lines[j + 1:]
    if _COUNT_START.match(lines[0]):
        # "Jumlah A ..." wrapped over lines: it goes on until a sentence ends or another quantity starts
        j = 0
        while j + 1 < len(lines) and not _SENTENCE_END.search(lines[j]) and not _COUNT_START.match(lines[j + 1]):
            j += 1
        if j == len(lines) - 1 or j > 0:
            return lines[:j + 1], lines[j + 1:]
    if len(lines) == 1 and _COUNT_START.match(lines[0]):
        return lines, []
    if len(lines) == 2 and all(_COUNT_START.match(ln) for ln in lines) and (
            stack_hint or (indikator and _PERCENT_WORDS.match(indikator))):
        return lines, []  # numerator over denominator without a bar
    counts = [i for i, ln in enumerate(lines) if _COUNT_START.match(ln)]
    if counts and counts[0] == 0:
        return lines[:1], lines[1:]
    return [], lines


def _join(parts: list[str]) -> str | None:
    t = collapse(" ".join(p for p in parts if p))
    t = t.strip(" -:")
    return t or None
