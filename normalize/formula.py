"""Where formulas are found and parsed: one table-driven grammar for every way a cell writes a computation.

A PENJELASAN / FORMULASI cell mixes an explanation (penjelasan), a formula and key-values
(``Tipe Perhitungan: Non-kumulatif``). The formula is found **by what it is**, not by a label:

=====================  ==========================================================================
shape (``SHAPES``)     what it looks like (examples in ``tests/test_formula.py``, one row per shape)
=====================  ==========================================================================
``latex_fraction``     ``$\\frac{\\text{A}}{\\text{B}} \\times 100\\%$``; OMML read as ``$\\frac{A}{B} × 100%$``
``stacked``            ``A`` / a bar line (``_____``, ``-----``, ``<hr/>``, a rule or border read as
                       ``_____``, a bare ``X``) / ``B``, each wrapped over lines; ``x 100%`` beside the
                       bar or on its own line below
``stacked_no_bar``     ``Jumlah A`` / ``Jumlah B`` / ``x 100%`` (the bar was a border nobody drew)
``two_lines``          ``Jumlah A X 100 %`` over ``Jumlah B``: a fraction typed as two lines, the multiplier
                       beside the numerator, no rule drawn
``inline``             ``A / B x 100%``, ``(A : B) X 100``, ``[A / B] x 100%``, ``A ÷ B``, ``∑A/∑B x100%``,
                       ``Nilai IKM = A / B x 25``, wrapped over lines ending in ``/`` or ``:``
``words_divided``      ``A dibagi B dikali 100%``, ``A --dibagi-- B dikalikan 1.000``, ``A dibandingkan dengan B
                       x 100%``, ``A berbanding B``, ``… diukur dari jumlah A dibagi B dikali seratus persen``
``words_comparison``   ``Perbandingan (antara) A dengan B (x 100%)``, ``Jumlah perbandingan antara A, dengan B``,
                       ``Rasio (antara) A terhadap / dengan B``, ``Proporsi A terhadap B``; ``Perbandingan A``
                       alone (a ratio whose other term is not written)
``words_per``          ``A per B``, ``A per 1.000 B``
``index``              ``IDG = 1/3 (IKP + IPP + IPK)``
``sigma_count``        ``f(x) = Σ A``, ``$f(x) = \\Sigma$ A``, ``F(x) : ∑ A``, ``\\sum A``
``words_mean``         ``rata-rata A``, ``Nilai rata-rata A`` (type other, canonical ``mean(A)``)
``words_difference``   ``selisih A dan B`` (type other, canonical ``difference(A; B)``)
``difference``         ``Jumlah A - Jumlah B`` between two quantities (type other, ``difference(A; B)``)
``words_count``        ``Menghitung jumlah A``, ``Rekapitulasi jumlah A`` opening a line or sentence (count)
``two_terms``          ``Jumlah A`` / ``Jumlah B`` on consecutive lines, no bar, no multiplier, naming the same
                       thing or under a Persentase / Rasio indicator (weak)
``quantity``           ``Jumlah A`` as the whole computation (count; weak: only without a stronger shape)
=====================  ==========================================================================

**Shape first, labels second.** Labels (``Penjelasan :``, ``Definisi :``, ``Formulasi :``) cut the
cell into segments, but they only *name* spans: a labelled explanation is searched for formula shapes
like unlabelled text (a ratio, ``Σ A`` or ``Jumlah A`` on a line of its own after the explanation is the
formula; ``Penjelasan : Jumlah A`` alone stays an explanation). In a column whose header names only an
explanation (PENJELASAN, DEFINISI) the weak readings are off. A picture in the cell (a reader's
``OBJECT_MARK``) with no formula written as text gives ``formula_type = none`` and ``formula_image``,
never a formula made up from the prose beside it.

Each shape has an *anchor* (where to look) and a rule that reaches left and right from it to the
formula's ends — a sentence end, a line that does not continue the term, a bracket, a multiplier,
a key-value — so a formula is found after an explanation, between two explanations, or wrapped
over lines. Everything in the cell that is not the formula (nor a stripped label) is penjelasan,
word for word, key-values included (they are also parsed into ``calc_type`` / ``polarity`` /
``satuan``).

Public, pure, never raising: :func:`split_cell` (a cell → :class:`FormulaCell`),
:func:`parse_formula` (a formula text → :class:`Formula`), :func:`canonical` and
:func:`formulas_equal` (one notation for comparing formulas across layouts and years),
:func:`fold_notation` (the same folding for any text).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import regex as re

from normalize.text import OBJECT_MARK, collapse, split_label
from schema.warnings import warning

TYPES = ("ratio", "count", "index", "other", "none")


@lru_cache(maxsize=1024)
def _rx(pattern: str, flags: int = 0) -> re.Pattern:
    """A compiled pattern, compiled once (the grammar builds a few patterns from its vocabulary)."""
    return re.compile(pattern, flags)


def _search(pattern, string, flags=0):
    return _rx(pattern, flags).search(string)


def _match(pattern, string, flags=0):
    return _rx(pattern, flags).match(string)


def _fullmatch(pattern, string, flags=0):
    return _rx(pattern, flags).fullmatch(string)


def _findall(pattern, string, flags=0):
    return _rx(pattern, flags).findall(string)


def _finditer(pattern, string, flags=0):
    return _rx(pattern, flags).finditer(string)


def _sub(pattern, repl, string, flags=0):
    return _rx(pattern, flags).sub(repl, string)


@dataclass(frozen=True)
class Formula:
    """A parsed formula.

    ``type`` is one of :data:`TYPES`; ``numerator`` / ``denominator`` are the source's words
    (Σ, ``f(x) =``, ``$`` and brackets removed); ``multiplier`` the written factor (``1.000`` →
    1000.0); ``unit`` ``'%'`` when written or implied (x 100 on a Persentase indicator).
    ``operation`` (``ratio``, ``count``, ``mean``, ``difference``, ``index``) and ``operands`` say
    what a formula of type other computes; ``shape`` names the grammar row that read it. The last
    three do not take part in equality: compare formulas with :func:`formulas_equal`.
    """
    type: str
    numerator: str | None = None
    denominator: str | None = None
    multiplier: float | None = None
    unit: str | None = None
    operation: str | None = field(default=None, compare=False)
    operands: tuple[str, ...] = field(default=(), compare=False)
    shape: str | None = field(default=None, compare=False)
    source: str | None = field(default=None, compare=False)  # the formula text (for index / other)


@dataclass(frozen=True)
class FormulaCell:
    """A PENJELASAN / FORMULASI cell split: explanation, formula as written, parsed formula,
    key-values (``calc_type``, ``polarity``, ``satuan``), the canonical formula and warnings."""
    penjelasan: str | None
    formula_raw: str | None
    formula: Formula
    warnings: tuple[str, ...] = ()
    calc_type: str | None = None
    polarity: str | None = None
    satuan: str | None = None
    canonical: str | None = None


NONE = Formula("none")

# ============================================================================ vocabulary

_FX = re.compile(r"^\s*\$?\s*[fF]\s*\(\s*[xX]\s*\)\s*[=:]\s*")
_SIGMA = r"(?:\\(?:sum|Sigma|sigma)(?![A-Za-z])|[Σ∑\uf0e5\uf053])"  # U+F0E5 / U+F053: Σ in the Symbol font
_QUANT_WORDS = r"(?:jumlah|banyaknya|banyak|total|nilai|realisasi|capaian|target|luas|panjang|volume)"
_QUANT = re.compile(rf"(?:{_QUANT_WORDS}\b|{_SIGMA})", re.I)
_COUNT_START = re.compile(r"^\s*(jumlah|total|banyaknya|banyak)\b(?!\s*[:=]?\s*\d)", re.I)
_PERCENT_WORDS = re.compile(r"^\s*(persentase|prosentase|presentase|proporsi|%)", re.I)
_NUMBER = r"(?:\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?|seratus\b|seribu\b)"
# the multiplier: "x 100%", "X 100", "× 1.000", "dikali 100 persen", "dikali (x) 100%", "dikalikan dengan 100"
_TIMES = r"(?:×|\\times|\*|(?<![\p{L}\d])[xX](?!\p{L})|\b(?:di)?kali(?:kan)?(?:\s+dengan)?\b)"
_MULT = re.compile(rf"{_TIMES}\s*(?:\(\s*[xX×]\s*\)\s*)?(?P<n>{_NUMBER})\s*(?P<pct>%|persen\b|prosen\b|per\s*seratus\b)?",
                   re.I)
_MULT_ONLY = re.compile(rf"^\s*(?:{_TIMES}\s*(?:\(\s*[xX×]\s*\)\s*)?)?{_NUMBER}\s*(?:%|persen\b)?\s*[.;]?\s*$", re.I)
_BAR_CHARS = r"(?:_{3,}|-{3,}|[—–─━‾¯]{2,}|={3,})"
_BAR = re.compile(rf"^\s*(?:=\s*)?(?:{_BAR_CHARS}\s*)+(?:{_MULT.pattern}\s*(?:{_BAR_CHARS}\s*)*)?$|"
                  rf"^\s*{_TIMES}\s*(?:{_NUMBER}\s*(?:%|persen\b)?)?\s*(?:{_BAR_CHARS}\s*)*$|"
                  rf"^\s*(?:{_MULT.pattern})\s*(?:{_BAR_CHARS}\s*)+$", re.I)
_BAR_START = re.compile(r"^\s*_{3,}")
_INDEX_HINT = re.compile(r"\b(IDG|IPG|IPM|IKM|indeks)\b\s*=|\b1\s*/\s*\d\s*[(\[]|\brata-?rata\s*\(", re.I)
_ABBREV = frozenset("keg kab kec kel prov no sub bid sie dll dsb dst jl drs ir dr st sdr yth tsb a.n an u.p "
                    "s.d sd pkh rt rw".split())
_DANGLING = frozenset("yang dan atau di ke dari pada untuk dengan oleh serta terhadap per dalam bagi atas "
                      "tambah ditambah ditambahkan dikurangi kurang plus "
                      "antara secara sebagai tentang kepada the of se".split())
_TAG = re.compile(r"<[^<>]{0,200}>")

# ---------------------------------------------------------------------------- labels and key-values

_LBL_PENJ = r"(?:Penjelasan|Definisi(?:\s+Operasional)?|Keterangan)(?:\s+(?:Indikator|Singkat))?"
_LBL_FORM = (r"(?:Formulasi|Formula|Formasi|Rumus|Cara)(?:\s+(?:Peng?h?itungan|Perhitungan|Penghitungannya|"
             r"Pengukuran))?(?:\s+Indikator)?")
# a label with its colon anywhere, or alone on a line of its own without one ("Rumus" / "Rumus =" above the formula)
_LABELS = re.compile(rf"(?P<lab>\b{_LBL_PENJ}\b|\b{_LBL_FORM}\b)\s*:|"
                     rf"(?:(?<=^)|(?<=\n))[ \t]*(?P<lab>{_LBL_PENJ}|{_LBL_FORM})[ \t]*=?[ \t]*(?=\n)", re.I)
_KV_LABEL = re.compile(
    r"(?P<key>\b(?:Tipe|Jenis|Metode|Sifat)\s+(?:Peng?h?itungan|Perhitungan|Pengukuran)"
    r"|\bSifat(?:\s+(?:Indikator|Data))?|\bPolaritas(?:\s+Indikator)?|\bSatuan(?:\s+(?:Indikator|Ukuran))?)"
    r"\s*:\s*", re.I)
_KV_VALUE = {  # the value's words for each key kind; the value ends where its words end
    "calc": re.compile(r"(?:non|tidak|bukan)?[\s-]*(?:a?kumulatif|komulatif)|nilai\s+akhir|posisi\s+akhir|"
                       r"rata[\s-]*rata|rerata|maksimal|minimal|akhir\s+tahun|tahunan|triwulanan|"
                       r"semesteran|bulanan|persentase|jumlah", re.I),
    "polarity": re.compile(r"maks(?:imal|imum|imize|imalisasi)?|max(?:imize|imum)?|min(?:imal|imum|imize|"
                           r"imalisasi)?|positif|negatif|semakin\s+(?:tinggi|besar|rendah|kecil)\s+semakin\s+"
                           r"(?:baik|buruk)|higher\s+is\s+better|lower\s+is\s+better|stabil(?:isasi)?", re.I),
    "satuan": re.compile(r"%|persen\b|[\p{L}/]+(?:\s+[\p{L}/]+)?", re.I),
}
CALC_TYPES = {"cumulative", "non_cumulative", "latest", "average", "other"}
POLARITIES = {"maximize", "minimize", "stabilize"}


def _kv_kind(key: str) -> str:
    k = key.lower()
    if k.startswith("satuan"):
        return "satuan"
    if k.startswith(("polaritas",)) or _fullmatch(r"sifat(?:\s+(?:indikator|data))?", k):
        return "polarity"
    return "calc"


def _calc_type(value: str) -> str:
    v = value.lower()
    if _search(r"(?:non|tidak|bukan)[\s-]*(?:a?kumulatif|komulatif)", v):
        return "non_cumulative"
    if _search(r"a?kumulatif|komulatif", v):
        return "cumulative"
    if _search(r"akhir", v):
        return "latest"
    if _search(r"rata|rerata", v):
        return "average"
    return "other"


def _polarity(value: str) -> str | None:
    v = value.lower()
    if _search(r"^maks|^max|positif|semakin\s+(?:tinggi|besar)\s+semakin\s+baik|higher", v):
        return "maximize"
    if _search(r"^min|negatif|semakin\s+(?:rendah|kecil)\s+semakin\s+baik|lower", v):
        return "minimize"
    if v.startswith("stabil"):
        return "stabilize"
    return None


# ============================================================================ LaTeX → text

_CMD = re.compile(r"\\[a-zA-Z]+")
_FRAC_TEXT = re.compile(r"⟦(.*?)⟧\s*÷\s*⟦(.*?)⟧(.*)$")
_TEXTCMD = re.compile(r"\\(?:text|mathrm|textbf|mathbf|textit|mathit|operatorname|mbox)\s*")
_SUM = re.compile(r"\\(?:sum|Sigma|sigma)\b|[Σ∑]")
_LTIMES = re.compile(r"\\times|\\cdot|×|\\ast")
_OP_LIMITS = re.compile(r"(\\(?:sum|Sigma|prod)(?![A-Za-z])|[Σ∑])\s*(?:[_^]\s*(?:\{[^{}]*\}|\w))+")
_SPACES = re.compile(r"\\[,;:! ]|\\quad|\\qquad|~")


def _braced(s: str, i: int, end: int | None = None, pairs: dict[int, int] | None = None) -> tuple[str, int] | None:
    """The content of the brace group starting at s[i] ('{'), and the index after it.

    ``pairs`` (:func:`_brace_pairs` of ``s``) answers at once where the group closes; without it the
    text is scanned. ``end``: the group must close before this index."""
    end = len(s) if end is None else end
    while i < end and s[i].isspace():
        i += 1
    if i >= end or s[i] != "{":
        return None
    if pairs is not None:
        j = pairs.get(i)
        return (s[i + 1:j], j + 1) if j is not None and j < end else None
    depth = 0
    for j in range(i, end):
        if s[j] == "{":
            depth += 1
        elif s[j] == "}":
            depth -= 1
            if depth == 0:
                return s[i + 1:j], j + 1
    return None


def _brace_pairs(s: str) -> dict[int, int]:
    """Where each closed ``{`` of ``s`` closes, in one pass (an unclosed ``\\frac{`` costs nothing later)."""
    pairs, stack = {}, []
    for j, ch in enumerate(s):
        if ch == "{":
            stack.append(j)
        elif ch == "}" and stack:
            pairs[stack.pop()] = j
    return pairs


_FRAC_CMD = re.compile(r"\\[dt]?frac")


def latex_to_text(s: str) -> str:
    """LaTeX math → readable text (fractions as ``⟦A⟧ ÷ ⟦B⟧``, Σ kept, × for times)."""
    return _latex_text(s, 0, len(s), _brace_pairs(s))


def _latex_text(s: str, lo: int, hi: int, pairs: dict[int, int]) -> str:
    """:func:`latex_to_text` of ``s[lo:hi]``, braces matched once for the whole text (linear time)."""
    out, i = [], lo
    while True:
        m = _FRAC_CMD.search(s, i, hi)
        if not m:
            out.append(s[i:hi])
            break
        out.append(s[i:m.start()])
        a = _braced(s, m.end(), hi, pairs)
        b = _braced(s, a[1], hi, pairs) if a else None
        if not (a and b):
            out.append(s[m.start():m.end()])
            i = m.end()
            continue
        a_lo, b_lo = a[1] - len(a[0]) - 1, b[1] - len(b[0]) - 1
        out.append(f" ⟦{_latex_text(s, a_lo, a[1] - 1, pairs)}⟧ ÷ ⟦{_latex_text(s, b_lo, b[1] - 1, pairs)}⟧ ")
        i = b[1]
    t = "".join(out)
    t = _TEXTCMD.sub("", t)
    t = _OP_LIMITS.sub(r"\1 ", t)  # Σ's limits (\sum_{i=1}^{n}) are notation, not words of the term
    t = _SUM.sub(" Σ ", t)
    t = _LTIMES.sub(" × ", t)
    t = _SPACES.sub(" ", t)
    t = t.replace("\\%", "%").replace("\\left", "").replace("\\right", "").replace("$", " ")
    t = _CMD.sub(" ", t)
    t = t.replace("{", "").replace("}", "")
    return collapse(t)


# ============================================================================ small pieces


_NUMBER_WORDS = {"seratus": 100.0, "seribu": 1000.0}


def _number(s: str | None) -> float | None:
    if not s:
        return None
    if s.lower() in _NUMBER_WORDS:
        return _NUMBER_WORDS[s.lower()]
    s = s.replace(".", "") if _fullmatch(r"\d{1,3}(?:\.\d{3})+", s) else s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


_TERM_EDGE = re.compile(r"^[\s,;:=\-–—]+|[\s,;:=\-–—]+$")


def _term(s: str | None) -> str | None:
    """A numerator/denominator as the words the source wrote: Σ, f(x)=, brackets and $ removed."""
    if not s:
        return None
    t = s.replace("⟦", " ").replace("⟧", " ").strip()
    # "[A / B] x 100%": square brackets around the fraction group it ("[NAMA] yang …" keeps its own)
    if t[:1] == "[" and t.find("]") in (-1, len(t) - 1):
        t = "(" + t[1:]
    if t[-1:] == "]" and t.rfind("[") in (-1, 0):
        t = t[:-1] + ")"
    t = latex_to_text(t) if "\\" in t else t
    t = _FX.sub("", t)
    t = _sub(_SIGMA, " ", t).replace("$", " ")
    t = collapse(t).strip()
    for _ in range(3):
        t = _TERM_EDGE.sub("", t)
        if len(t) > 1 and t[0] == "(" and t[-1] == ")" and _balanced_parens(t[1:-1]):
            t = t[1:-1].strip()
        elif t.count("(") < t.count(")") and t.endswith(")"):
            t = t[:-1].strip()
        elif t.count("(") > t.count(")") and t.startswith("("):
            t = t[1:].strip()
    return t or None


def _balanced_parens(s: str) -> bool:
    depth = 0
    for ch in s:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def _unit(mult: float | None, written_percent: bool, indikator: str | None) -> str | None:
    if written_percent:
        return "%"
    if mult == 100 and indikator and _PERCENT_WORDS.match(indikator):
        return "%"
    return None


def _mult_of(text: str) -> tuple[float | None, bool]:
    """The multiplier written in a piece of text, and whether a % was written."""
    m = _MULT.search(text)
    if not m:
        return None, "%" in text or bool(_search(r"\bpersen\b", text, re.I))
    return _number(m.group("n")), bool(m.group("pct")) or "%" in text[m.end():m.end() + 3]


_TRAILING_MULT = re.compile(rf"\s*{_MULT.pattern}\s*[.;]?\s*$", re.I)
_NAMED_LHS = re.compile(r"^\s*[\p{L}\d][\p{L}\d ().]{0,40}?\s*=\s*(?=\S)")


def _peel_mult(term: str | None, mult: float | None, pct: bool) -> tuple[str | None, float | None, bool]:
    """A multiplier written at the end of a term ("A x 100%" over the bar, beside the numerator) is the
    formula's multiplier, never words of the term."""
    if not term:
        return term, mult, pct
    m = _TRAILING_MULT.search(term)
    if not m or not term[:m.start()].strip():
        return term, mult, pct
    if mult is None:
        mult, pct = _number(m.group("n")), pct or bool(m.group("pct"))
    return term[:m.start()], mult, pct


def _ratio(num: str | None, den: str | None, mult: float | None, pct: bool, indikator: str | None,
           shape: str) -> Formula:
    num, mult, pct = _peel_mult(num, mult, pct)
    den, mult, pct = _peel_mult(den, mult, pct)
    if num and "=" in num:  # "Nilai IKM = A / B x 25": the name of the result is not the numerator
        num = _NAMED_LHS.sub("", num, count=1)
    n, d = _term(num), _term(den)
    return Formula("ratio", n, d, mult, _unit(mult, pct, indikator), "ratio", tuple(x for x in (n, d) if x), shape)


# ============================================================================ the text model
#
# A cell (or segment) is a string ``s`` whose lines are joined by "\n" (one character, so offsets
# are shared by the line view and the text view). Shapes find anchors in ``s``; the reach rules
# below find where the formula around an anchor begins and ends.


@dataclass
class _Text:
    s: str
    maxlen: int  # the column width in characters when the lines show visual wrapping, else 0

    @classmethod
    def of(cls, s: str, width: int | None = None) -> "_Text":
        return cls(s, column_width(s) if width is None else width)

    def line_at(self, i: int) -> tuple[int, int]:
        a = self.s.rfind("\n", 0, i) + 1
        b = self.s.find("\n", i)
        return a, len(self.s) if b < 0 else b


def column_width(text: str) -> int:
    """The width (characters) of the column a cell's lines were broken to, when its lines show that
    the page broke them (PDF, OCR: several lines of nearly one width); 0 when its lines are
    paragraphs (Word, text exports), whose lengths say nothing about wrapping."""
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    lens = [len(x) for x in lines]
    top = max(lens, default=0)
    if top < 15 or sum(n >= 0.7 * top for n in lens) < 3:
        return 0
    # and a sentence broken mid-way: a line that does not end a sentence followed by a lower-case one
    broken = any(a[-1] not in ".;:!?" and b[0].islower() for a, b in zip(lines, lines[1:]))
    return top if broken or top <= 45 else 0


def _word_before(s: str, p: int) -> str:
    m = _search(r"([\p{L}.]+)\s*$", s[:p])
    return m.group(1).lower().rstrip(".") if m else ""


def _sentence_end(s: str, p: int) -> bool:
    """s[p] is '.', ';', '!' or '?' ending a sentence (not an abbreviation such as 'Keg.' or 'No.')."""
    if s[p] not in ".;!?" or (p + 1 < len(s) and not s[p + 1].isspace()):
        return False
    if s[p] == ".":
        w = _word_before(s, p)
        if w in _ABBREV or (len(w) <= 2 and w.isalpha()) or _search(r"\d$", s[:p]):
            return False
    return True


def _new_sentence(rest: str, maxlen: int = 0) -> bool:
    """``rest`` (a line and what follows it) opens a sentence of its own: a capitalised word followed by
    lower-case ones ("Data bersumber dari …", "Indikator ini …"), running on for four words or more to
    a full stop. A title-case continuation ("Sosial (PMKS) yang …", "Keterampilan Usaha.") is not."""
    words = rest.split()
    if len(words) < 4 or not words[0][:1].isupper():
        return False
    d = next((k for k, w in enumerate(words[1:7], 1) if _DEFINITION.fullmatch(w.strip(",."))), None)
    if d is not None:
        # "Tuna Susila adalah …", "Lembaga Kesejahteraan Sosial (LKS) adalah …" — on one line, or over lines
        # the page filled (a line short of the column ends a paragraph: "Sosialisasi/Pembinaan" before
        # "Pendamping PKH adalah" is the end of a term, the definition opens the next line)
        crossed = _search(rf"^(?:\S+\s+){{{d}}}", rest)
        lines = (crossed.group(0) if crossed else rest).rstrip().split("\n")[:-1]
        if not lines or (maxlen and all(len(x.strip()) >= 0.75 * maxlen for x in lines)):
            return True
    if sum(w[:1].isupper() or w[:1] in "(" for w in words[1:3]) > 0:
        return False
    m = _search(r"[.!?](?:\s|$)", rest)
    if not m or len(rest[:m.start()].split()) < 4:
        return False
    # the words up to that full stop must be one paragraph: a line that ends short of the column (or,
    # in a text of paragraphs, any line) before a capitalised line ends it without a full stop — then
    # "Khusus yang mendapatkan / bantuan" is the rest of a term and "Data bersumber …" the sentence
    lines = rest[:m.start()].split("\n")
    for a, b in zip(lines, lines[1:]):
        a, b = a.strip(), b.strip()
        if a and b and b[0].isupper() and a[-1] not in ".;:!?,":
            if not maxlen or len(a) + 1 + len(b.split()[0]) <= maxlen * 0.85:
                return False
    return True


_REACH = 600  # characters a term may reach from its operator (bounds the work on odd, huge cells)
_ANCHORS = 40  # anchors of one shape tried per text


def _open_end(p: str) -> bool:
    """A line ending on an operator or a word that needs its continuation (``/``, ``yang``, ``dibagi``, ``x``)."""
    last_word = _sub(r"[^\p{L}]", "", p.split()[-1].lower()) if p.split() else ""
    return p[-1:] in tuple("/(,-–÷×*=") or last_word in _DANGLING or bool(_search(rf"{_TIMES}$|\bdibagi$", p, re.I))


def _continues(prev: str, nxt: str, maxlen: int, last: bool, rest: str | None = None) -> bool:
    """Does line ``nxt`` go on with the term of line ``prev`` (a wrapped line), or start something new?
    ``rest``: ``nxt`` and the lines after it; ``last``: ``nxt`` is the text's last line."""
    p, n = prev.rstrip(), nxt.strip()
    if not n or not p:
        return False
    if _KV_LABEL.match(n) or _LABELS.match(n):
        return False
    if n[0].islower() or n[0].isdigit() or n[0] in "()/÷:×*-–" or _MULT_ONLY.match(n) or _MULT.match(n):
        return True
    if _open_end(p):
        return True
    if p[-1] in ".;:!?" and _sentence_end(p + " ", len(p) - 1):
        return False
    if _QUANT.match(n) or _FX.match(n) or n.startswith("$"):
        return False
    if n[0].isupper() and any(_DEFINITION.fullmatch(w.strip(",.")) for w in n.split()[1:6]):
        return False  # "Pendamping PKH adalah …": a definition opens on this line
    if _new_sentence(rest if rest is not None else n, maxlen):
        return False
    if maxlen:  # lines broken by the page: a break where the next word would have fitted ends a paragraph
        first = n.split()[0] if n.split() else ""
        # proportional fonts: a line of n characters may hold 15 % more or fewer than the longest one
        return len(p) + 1 + len(first) > maxlen * 0.85 or (last and len(n.split()) <= 3)
    return True  # a term goes on over a line break unless something above says it ended


def _reach_right(t: _Text, j: int, stop: int | None = None, want_mult: bool = True,
                 whole: bool = False) -> tuple[int, re.Match | None]:
    """From j (just after an operator) to the end of the term: (end index, multiplier match or None).

    The term ends at a multiplier (taken), at a closing bracket with no opening one, at a sentence
    end, at a key-value or label, or at a line break the next line does not continue (``whole``: in a
    labelled formula, line breaks never end it)."""
    s = t.s
    stop = min(len(s) if stop is None else stop, j + _REACH)
    # a multiplier before any sentence end / blank line / key-value belongs to this term
    if want_mult:
        for m in _MULT.finditer(s, j, stop):
            between = s[j:m.start()]
            if "\n\n" in between or _KV_LABEL.search(between) or _LABELS.search(between) or \
                    any(_sentence_end(s, j + k) and _match(r"\s*[\p{Lu}\d(]", s[j + k + 1:])
                        for k, ch in enumerate(between) if ch in ".;!?"):
                break
            if _search(r"\b(?:dibagi|per)\b|÷", between):
                break  # another operator first: not this term's multiplier
            end = m.end()
            q = _QUALIFIER.match(s, end)
            if q:  # "… x 100 % di Bapusipda dan OPD": where the terms are counted, written after the factor
                end = q.end()
            if end < len(s) and s[end] == ".":
                end += 1
            return end, m
    depth = 0
    i = j
    while i < stop:
        ch = s[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return i, None
        elif ch in ".;!?" and _sentence_end(s, i) and _match(r"\s*[\p{Lu}\d(Σ∑$]", s[i + 1:]):
            return i + 1 if ch == "." else i, None
        elif ch == "\n" and not whole:
            a, b = t.line_at(i - 1 if i else 0)
            nb = s.find("\n", i + 1)
            nxt = s[i + 1: len(s) if nb < 0 else nb]
            last = nb < 0 or not s[nb + 1:].strip()
            if not _continues(s[a:i], nxt, t.maxlen, last, s[i + 1:]):
                return i, None
        elif ch == "\n":
            # a labelled formula goes on over line breaks, but a sentence of explanation written under it
            # ("Data diambil dari laporan …", "Dokumen adalah …") is no part of it: shape first
            a, b = t.line_at(i - 1 if i else 0)
            prev = s[a:i].rstrip()
            if prev and not _open_end(prev) and _new_sentence(s[i + 1:].lstrip(" \t"), t.maxlen):
                return i, None
        elif ch == " " and _KV_LABEL.match(s, i + 1):
            return i, None
        i += 1
    return stop, None


# a place or scope written after a formula's multiplier, running to the end of its line: "di OPD X"
_QUALIFIER = re.compile(r"[ \t]+(?:di|pada|dalam|se|lingkup)[ \t]+[^\n.;:/]{1,80}?(?=[ \t]*(?:\n|$))")


_LEAD_IN = r"dari|yaitu|yakni|adalah|merupakan|menghitung|dihitung|dengan\s+rumus|rumusnya|sebagai"


def _reach_left(t: _Text, i: int, floor: int = 0, head: str | None = None) -> int:
    """From i (an operator's start) back to where the term before it begins: an open bracket, a
    sentence end, a blank line, or the nearest word that opens a term — a quantity word (Jumlah,
    Σ, Realisasi …) or ``head``, the first word of the term after the operator ("PMKS … / PMKS …") —
    at a line start or capitalised after a lower-case word."""
    s = t.s
    floor = max(floor, i - _REACH)
    k = i
    while k > floor and s[k - 1] in " \t.,;":
        k -= 1  # the term's own trailing punctuation ("… Sosial. / Jumlah …")
    head = head.lower() if head and len(head) > 1 else None
    best = floor
    depth = 0
    p = k - 1
    while p >= floor:
        ch = s[p]
        if ch == ")":
            depth += 1
        elif ch == "(":
            if depth == 0:
                return p  # an open bracket: the formula starts there
            depth -= 1
        elif ch in ".;!?:" and (_sentence_end(s, p) or (ch == ":" and s[p + 1:p + 2].isspace())):
            best = p + 1
            break
        elif ch == "\n":
            if p > 0 and s[p - 1] == "\n":
                best = p + 1
                break
            a = s.rfind("\n", 0, p) + 1
            line_after = s[p + 1:]
            if _ends_on_operator(s[a:p]):
                p -= 1
                continue  # "… sudah sembuh di tambah" / "Jumlah pasien …": one term over two lines
            if _match(rf"\s*(?:{_QUANT.pattern}|\$|[fF]\s*\(\s*x\s*\))", line_after, re.I) or \
                    (head and _match(r"[\p{L}\d]+", line_after.lstrip()) and
                     _match(r"[\p{L}\d]+", line_after.lstrip()).group(0).lower() == head):
                best = p + 1
                break
            if not _continues(s[a:p], line_after.split("\n")[0], t.maxlen, False) and \
                    _match(r"\s*\p{Lu}", line_after) and s[a:p].rstrip()[-1:] in ".;:":
                best = p + 1
                break
        elif p > floor and s[p - 1] in " \t" and ch.islower() and _QUANT.match(s, p) and \
                _search(rf"\b(?:{_LEAD_IN})\s+$", s[max(floor, p - 24):p], re.I):
            best = p  # "… diukur dari jumlah A dibagi …": the lead-in explains, the quantity opens the term
            break
        elif p > floor and s[p - 1] in " \t" and (ch.isupper() or ch in "Σ∑"):
            word = _match(r"[\p{L}\d]+", s[p:])
            opens = bool(_QUANT.match(s, p)) or bool(head and word and word.group(0).lower() == head)
            before = s[floor:p].rstrip()
            if opens and before and (before[-1].islower() or before[-1] in ".;:,)" or before[-1].isdigit()):
                best = p
                break
        p -= 1
    while best < k and s[best].isspace():
        best += 1
    return best


_OPERATOR_WORD = re.compile(r"(?:\b(?:di\s*tambah(?:kan)?|tambah|dikurangi|kurang|plus)|[+\-–])\s*$", re.I)


def _ends_on_operator(line: str) -> bool:
    """A line ending on an adding / subtracting word or sign: the term goes on below."""
    return bool(_OPERATOR_WORD.search(line.rstrip()))


def _head(s: str) -> str | None:
    """The first word of a term (Σ, brackets and f(x) = skipped)."""
    m = _search(r"[\p{L}\d]+", _FX.sub("", _sub(_SIGMA, " ", s)))
    return m.group(0) if m else None


# ============================================================================ the grammar


@dataclass(frozen=True)
class Found:
    """One formula found in a text: its span, what it parses to, and how it was read."""
    start: int
    end: int
    formula: Formula
    raw: str
    words: bool = False            # read from words (dibagi, perbandingan, per, rata-rata, selisih)
    direction_assumed: bool = False
    stacked_no_bar: bool = False


@dataclass(frozen=True)
class Shape:
    """A row of the grammar: a name, where to look (``anchor``), how to read it (``read``), whether
    it may be found without a label anywhere in a cell (``strong``), and whether its reading replaces
    an earlier row's reading that it contains (``covers``)."""
    name: str
    anchor: re.Pattern | None
    read: Callable[["_Ctx", re.Match | None], Found | None]
    strong: bool = True
    covers: bool = False  # may override an earlier row's reading that lies inside its own


@dataclass
class _Ctx:
    t: _Text
    indikator: str | None
    whole: bool  # the text is known to be a formula (a labelled segment, parse_formula)


def _raw(s: str) -> str:
    return collapse(s)


# --- latex_fraction ---------------------------------------------------------------------------------

def _math_span(s: str, i: int) -> tuple[int, int] | None:
    """The $...$ group around index i."""
    a = s.rfind("$", 0, i + 1)
    if a < 0 or s.count("$", 0, a) % 2:
        return None
    b = s.find("$", i)
    return (a, b + 1) if b > 0 else None


def _read_latex_fraction(c: _Ctx, m: re.Match) -> Found | None:
    s = c.t.s
    span = _math_span(s, m.start()) or (m.start(), _latex_end(s, m.start()))
    a, b = span
    fx = _search(r"[fF]\s*\(\s*[xX]\s*\)\s*[=:]\s*$", s[max(0, a - 12):a])
    if fx:
        a = a - (12 if a >= 12 else a) + fx.start()
    plain = latex_to_text(s[span[0]:span[1]])
    fm = _FRAC_TEXT.search(plain)
    if not fm:
        return None
    tail = fm.group(3)
    mult, pct = _mult_of(tail)
    if mult is None:  # "× 100%" written after the math
        after = s[b:]
        mm = _match(rf"\s*{_MULT.pattern}", after, re.I)
        if mm:
            mult, pct = _number(mm.group("n")), bool(mm.group("pct"))
            b += mm.end()
    f = _ratio(fm.group(1), fm.group(2), mult, pct, c.indikator, "latex_fraction")
    return Found(a, b, f, _raw(s[a:b]))


def _latex_end(s: str, i: int) -> int:
    a = _braced(s, s.find("{", i)) if "{" in s[i:] else None
    b = _braced(s, a[1]) if a else None
    return b[1] if b else len(s)


# --- stacked ----------------------------------------------------------------------------------------

def _is_bar(line: str) -> bool:
    """A fraction bar line: ``_____ X 100``, ``-------``, a bare ``X``, or a drawn bar OCR garbled after;
    also with the function's name before it (``f(x) = _____ X 100%``, the bar level with ``f(x) =``)."""
    if _FX.match(line):
        line = _FX.sub("", line, count=1)
    return bool(line.strip()) and bool(_BAR.match(line) or _BAR_START.match(line))


def _lines_with_offsets(s: str) -> list[tuple[int, int, str]]:
    out, pos = [], 0
    for ln in s.split("\n"):
        out.append((pos, pos + len(ln), ln))
        pos += len(ln) + 1
    return out


def _numerator_lines(lines, k: int, maxlen: int) -> int:
    """Index of the first numerator line above the bar at k."""
    i = k - 1
    while i - 1 >= 0:
        prev, cur = lines[i - 1][2].strip(), lines[i][2].strip()
        if not prev or _is_bar(prev) or _KV_LABEL.search(prev) or _LABELS.search(prev):
            break
        if _QUANT.match(cur) or _FX.match(cur) or cur.startswith("$"):
            if not _search(rf"(?:[/(,÷×*=-]|\b(?:{'|'.join(_DANGLING)})|{_TIMES})$", prev, re.I):
                break  # the numerator starts with its quantity word
        if prev[-1] in ".;:" and _sentence_end(prev + " ", len(prev) - 1):
            break
        if _MULT_ONLY.match(prev):
            break
        i -= 1
    return i


def _denominator_lines(lines, k: int, maxlen: int) -> tuple[int, int | None]:
    """(last denominator line, index of a multiplier line right below it or None)."""
    j = k + 1
    n = len(lines)
    while j + 1 < n:
        nxt = lines[j + 1][2]
        if _MULT_ONLY.match(nxt) and _search(_TIMES, nxt, re.I):
            return j, j + 1
        if not nxt.strip() or _is_bar(nxt):
            break
        last = j + 2 >= n or not any(x[2].strip() for x in lines[j + 2:])
        rest = "\n".join(x[2] for x in lines[j + 1:])
        if not _continues(lines[j][2], nxt, maxlen, last, rest) or _QUANT.match(nxt.strip()):
            break
        j += 1
    return j, None


def _read_stacked(c: _Ctx, _m) -> Found | None:
    s = c.t.s
    every = _lines_with_offsets(s)
    # a blank line next to a bar is the bar's own spacing (<hr/> in HTML), not a paragraph break
    lines = [x for i, x in enumerate(every) if x[2].strip() or not (
        (i > 0 and _is_bar(every[i - 1][2])) or (i + 1 < len(every) and _is_bar(every[i + 1][2])))]
    for k in range(1, len(lines) - 1):
        ln = lines[k][2]
        if not _is_bar(ln) or _is_bar(lines[k - 1][2]) or not lines[k - 1][2].strip():
            continue
        bar_line = ln
        den_first = k + 1
        if _MULT_ONLY.match(lines[k + 1][2]) and not _MULT.search(ln) and k + 2 < len(lines):
            bar_line = f"{ln} {lines[k + 1][2]}"
            den_first = k + 2
        if den_first >= len(lines) or not lines[den_first][2].strip() or _is_bar(lines[den_first][2]):
            continue
        if not _search(_BAR_CHARS, ln):
            # a bare "X" / "x 100" line is a bar only between two quantities; under two quantities
            # it is the multiplier of a fraction drawn without its bar (stacked_no_bar)
            below = lines[den_first][2].strip()
            if not (_QUANT.match(below) or c.whole) or not (_QUANT.match(lines[k - 1][2].strip()) or c.whole):
                continue
            if k >= 2 and _QUANT.match(lines[k - 2][2].strip()) and _QUANT.match(lines[k - 1][2].strip()) \
                    and not _QUANT.match(below):
                continue
        top = _numerator_lines(lines, k, c.t.maxlen)
        last, mline = _denominator_lines(lines, den_first - 1, c.t.maxlen)
        num = " ".join(x[2].strip() for x in lines[top:k])
        den = " ".join(x[2].strip() for x in lines[den_first:last + 1])
        tail = bar_line + (" " + lines[mline][2] if mline is not None else "")
        mult, pct = _mult_of(tail)
        f = _ratio(latex_to_text(num), latex_to_text(den), mult, pct, c.indikator, "stacked")
        end_line = mline if mline is not None else last
        raw = " ".join(x[2].strip() for x in lines[top:end_line + 1])
        return Found(lines[top][0], lines[end_line][1], f, raw)
    return None


def _term_blocks_above(lines, k: int) -> list[tuple[int, int]]:
    """The terms written on the lines above line k, nearest first, as (first line, last line): a line
    joins the term below it when that one goes on in lower case or it ends on a dangling word; the
    walk stops at a blank line, a bar, a key-value or a line that ends a sentence above a term."""
    blocks: list[tuple[int, int]] = []
    i = k - 1
    while i >= 0:
        ln = lines[i][2].strip()
        if not ln or _is_bar(ln) or _KV_LABEL.search(ln) or _LABELS.search(ln) or _MULT_ONLY.match(ln):
            break
        if len(blocks) == 2:
            break
        last = i
        while i - 1 >= 0:
            prev, cur = lines[i - 1][2].strip(), lines[i][2].strip()
            if not prev or _is_bar(prev) or _MULT_ONLY.match(prev):
                break
            words = prev.split()
            dangling = _sub(r"[^\p{L}]", "", words[-1].lower()) in _DANGLING if words else False
            if _QUANT.match(cur) and not prev[-1] in "/(,-–÷×*=":
                break  # a quantity word opens the next term
            if cur[:1].islower() or cur[:1] in "(/" or dangling or prev[-1] in "/(,-–":
                i -= 1
                continue
            break
        blocks.append((i, last))
        i -= 1
    return blocks


def _read_stacked_no_bar(c: _Ctx, _m) -> Found | None:
    """``A`` / ``B`` / ``x 100%``: a fraction whose bar is not in the text (a paragraph border or a
    CSS border nobody turned into a line). The two terms above the multiplier are numerator and
    denominator when both name quantities, share their first word, or are all the text there is."""
    lines = _lines_with_offsets(c.t.s)
    for k in range(2, len(lines)):
        if not _MULT_ONLY.match(lines[k][2]) or not _search(_TIMES, lines[k][2], re.I):
            continue
        blocks = _term_blocks_above(lines, k)
        if len(blocks) < 2:
            continue
        (d0, d1), (n0, n1) = blocks[0], blocks[1]
        num = " ".join(x[2].strip() for x in lines[n0:n1 + 1])
        den = " ".join(x[2].strip() for x in lines[d0:d1 + 1])
        if _search(r"[:/÷]\s*$", num) or _match(r"\s*[:/÷]", den):
            continue  # "(A :" / "B) x 100%": an inline ratio wrapped over lines, not a stacked one
        head = lambda s: (_findall(r"[\p{L}\d]+", s) or [""])[0].lower()  # noqa: E731
        alone = n0 == 0 and not any(x[2].strip() for x in lines[k + 1:]) and not num.rstrip().endswith(".") \
            and not _INLINE_OP.search(f" {den} ") and not _DIBAGI.search(den)
        if not ((_QUANT.match(num) and _QUANT.match(den)) or head(num) == head(den) or alone):
            continue
        mult, pct = _mult_of(lines[k][2])
        f = _ratio(num, den, mult, pct, c.indikator, "stacked_no_bar")
        raw = " / ".join((collapse(num), collapse(den))) + " " + lines[k][2].strip()
        return Found(lines[n0][0], lines[k][1], f, raw, stacked_no_bar=True)
    return None


_RATIO_INDICATOR = re.compile(r"^\s*(?:persentase|prosentase|presentase|proporsi|rasio|perbandingan|%)", re.I)


def _read_two_terms(c: _Ctx, _m) -> Found | None:
    """``Jumlah A`` / ``Jumlah B`` on consecutive lines (each may wrap), no bar and no multiplier (the bar
    was a border nobody turned into a line), at the end of the text or before a new sentence. Weak, and
    a fraction only with evidence: both terms open with a quantity word and name the same thing (their
    first word after it), or the indicator is a percentage."""
    s = c.t.s
    lines = _lines_with_offsets(s)
    ends = [k for k in range(2, len(lines) + 1)
            if lines[k - 1][2].strip() and (k == len(lines) or not lines[k][2].strip() or
                                            (_new_sentence("\n".join(x[2] for x in lines[k:])) and
                                             not _QUANT.match(lines[k][2].strip())))]
    for k in reversed(ends):
        blocks = _term_blocks_above(lines, k)
        if len(blocks) < 2:
            continue
        (d0, d1), (n0, n1) = blocks[0], blocks[1]
        num = " ".join(x[2].strip() for x in lines[n0:n1 + 1])
        den = " ".join(x[2].strip() for x in lines[d0:d1 + 1])
        if not (_COUNT_START.match(num) and _COUNT_START.match(den)):
            continue
        if any(_search(r"[/÷]|\s:\s|\b(?:dibagi|per)\b|[.;]\s*\S", x, re.I) or _DEFINITION.search(x)
               or _MULT.search(x) for x in (num, den)):
            continue
        if n0 > 0:
            above = lines[n0 - 1][2].rstrip()
            if above and not (above[-1] in ".;:!?" or _KV_LABEL.search(above)):
                continue  # the first term goes on a sentence: not a term of its own
        if not (_first_word(num) == _first_word(den) or (c.indikator and _RATIO_INDICATOR.match(c.indikator))):
            continue
        f = _ratio(num.rstrip(" ."), den.rstrip(" ."), None, False, c.indikator, "two_terms")
        return Found(lines[n0][0], lines[d1][1], f, f"{collapse(num)} / {collapse(den)}", stacked_no_bar=True)
    return None


def _first_word(term: str) -> str:
    """The first word of a term after its quantity word ("Jumlah pegawai yang …" → "pegawai")."""
    return (_findall(r"[\p{L}\d]+", _sub(rf"^\s*(?:{_QUANT.pattern})\s*", "", term, flags=re.I)) or [""])[0].lower()


# a multiplier ending a line that has a line below it ("Jumlah A X 100 %" over "Jumlah B")
_MULT_EOL = re.compile(rf"[ \t]*{_MULT.pattern}[ \t]*[.;]?[ \t]*(?=\n[ \t]*\S)", re.I)


def _read_two_lines(c: _Ctx, m: re.Match) -> Found | None:
    """``A x 100 %`` over ``B``: a fraction typed as two lines (each may wrap) with no rule drawn, the
    multiplier written beside the numerator. Evidence that the two lines are one fraction: both name
    quantities, they share their first word, or the text is known to be a formula."""
    s = c.t.s
    la, _ = c.t.line_at(m.start())
    if not s[la:m.start()].strip():
        return None  # a multiplier on its own line: the stacked rows read it
    a = _reach_left(c.t, m.start())
    num = s[a:m.start()]
    if not num.strip() or _search(r"[/÷]|\s:\s|\b(?:dibagi|berbanding|dibandingkan|perbandingan|rasio)\b", num, re.I):
        return None  # another operator: not a bare numerator
    nl = s.find("\n", m.end())
    j = nl + 1
    while j < len(s) and s[j] in " \t":
        j += 1
    end, _ = _reach_right(c.t, j, want_mult=False, whole=False)
    den = s[j:end]
    if not den.strip() or _search(r"[/÷]|\b(?:dibagi)\b", den, re.I) or _MULT.search(den):
        return None
    if not ((_looks_quantity(num) and _looks_quantity(den)) or _first_word(num) == _first_word(den) or c.whole):
        return None
    if _DEFINITION.search(num) or _DEFINITION.search(den):
        return None  # "A adalah …": an explanation, not a term
    mult, pct = _number(m.group("n")), bool(m.group("pct")) or "%" in s[m.end():m.end() + 2]
    f = _ratio(num, den, mult, pct, c.indikator, "two_lines")
    raw = f"{collapse(num)} {collapse(m.group(0))} {collapse(den)}"
    return Found(a, end, f, raw, stacked_no_bar=True)


# --- inline and words ratios ------------------------------------------------------------------------

_INLINE_OP = re.compile(r"(?<=\S)\s+/\s+(?=\S)|(?<=\S)\s*/\s*\n\s*|\n\s*/\s*|\s*÷\s*|(?<=\S)\s+:\s+(?=\S)|"
                        r"(?<=[\p{L}\d)\]])/(?=[\p{L}\d(\[Σ∑])")
_DIBAGI = re.compile(r"\s*[-–—]*\s*\b(?:dibagi|dibandingkan|berbanding)(?:\s+dengan)?\b\s*[-–—]*\s*", re.I)
_COMPARISON = re.compile(r"\b(?:(?:jumlah\s+)?perbandingan|rasio|proporsi)(?:\s+antara)?\s+", re.I)
_PER = re.compile(rf"\s+per\s+(?=(?:{_NUMBER}\s+)?(?:{_QUANT_WORDS}\b|{_NUMBER}))", re.I)


def _looks_quantity(s: str) -> bool:
    return bool(_match(rf"\s*\(?\s*(?:{_QUANT.pattern}|\$)", s, re.I))


def _read_inline(c: _Ctx, m: re.Match) -> Found | None:
    s = c.t.s
    op = m.group(0)
    a = _reach_left(c.t, m.start(), head=_head(s[m.end():m.end() + 80]))
    end, mm = _reach_right(c.t, m.end(), whole=c.whole)
    num, den = s[a:m.start()], s[m.end():mm.start() if mm else end]
    if not num.strip() or not den.strip():
        return None
    # a slash or colon between words ("kantor/Alat", "bahan / materi") is a fraction only with
    # evidence: a multiplier, brackets, quantity words on both sides, or a line broken at the slash
    if "÷" not in op:
        if "\\" in s[a:end] or "$" in s[a:end]:
            return None  # inside LaTeX: the latex_fraction and sigma_count rows read it
        bracketed = s[a:a + 1] == "(" and ")" in s[m.end():end + 1]
        if ":" in op:  # "(A : B)", "A : B x 100"
            evidence = mm is not None or bracketed
        elif op == "/":  # "(Realisasi/Target) x 100%", "Realisasi/Target*100%" yes; "Alat kantor/Alat", "(keras/lunak)" no
            evidence = mm is not None and s[a:end].count("/") == 1 and (
                bracketed or (" " not in num.strip() and " " not in den.strip())
                or (_looks_quantity(num) and _looks_quantity(den)))
        elif "\n" in op and mm is None and not bracketed and s[m.start() - 1:m.start()].isalpha() and \
                _match(r"\s*/\s*\p{Ll}", op + s[m.end():m.end() + 2]) and not _looks_quantity(den):
            evidence = False  # "mengajukan/" + "memproses/menerapkan": alternatives a line break cut after a slash
        else:  # " / ", or a slash at a line break
            evidence = mm is not None or bracketed or (_looks_quantity(num) and _looks_quantity(den)) or \
                ("\n" in op and (_looks_quantity(num) or _looks_quantity(den))) or (c.whole and _looks_quantity(num))
        if not evidence:
            return None
        if _search(r"\b(?:dibagi|perbandingan|rasio)\b", s[a:end], re.I):
            return None  # the words say the ratio: words_divided / words_comparison read it
        slashes = [a + x.start() for x in _finditer(r"(?<=\s)/(?=\s)", s[a:end])]
        if len(slashes) > 1:
            # a list of alternatives ("Memo / telaahan / ringkasan") is not a ratio; with a multiplier
            # the operator is the slash whose right side repeats the numerator's head or names a quantity
            if mm is None and not c.whole:
                return None
            head = (_findall(r"[\p{L}\d]+", s[a:m.start()]) or [""])[0].lower()
            pick = [x for x in slashes if (_findall(r"[\p{L}\d]+", s[x + 1:]) or [""])[0].lower() == head
                    or _looks_quantity(s[x + 1:])]
            if len(pick) != 1 or pick[0] != s.find("/", m.start()):
                return None
    mult, pct = (_number(mm.group("n")), bool(mm.group("pct"))) if mm else (None, False)
    if mm is None:
        mult, pct = _mult_of(den) if _MULT.search(den) else (None, False)
    if mm is not None and not mm.group("pct") and "%" in s[mm.end():mm.end() + 2]:
        pct = True
    f = _ratio(num, den, mult, pct, c.indikator, "inline")
    return Found(a, end, f, _raw(s[a:end]), words=bool(mm and _match(r"\s*(?:di)?kali", mm.group(0), re.I)))


def _read_dibagi(c: _Ctx, m: re.Match) -> Found | None:
    s = c.t.s
    a = _reach_left(c.t, m.start(), head=_head(s[m.end():m.end() + 80]))
    end, mm = _reach_right(c.t, m.end(), whole=c.whole)
    num, den = s[a:m.start()], s[m.end():mm.start() if mm else end]
    if not num.strip() or not den.strip():
        return None
    if not _search(r"dibagi", m.group(0), re.I) and not c.whole and mm is None and not (
            _looks_quantity(num) and _looks_quantity(den)):
        return None  # "capaian dibandingkan dengan tahun lalu" explains; "Jumlah A berbanding Jumlah B" computes
    mult, pct = (_number(mm.group("n")), bool(mm.group("pct"))) if mm else (None, False)
    if mm is not None and "%" in s[mm.end():mm.end() + 2]:
        pct = True
    return Found(a, end, _ratio(num, den, mult, pct, c.indikator, "words_divided"), _raw(s[a:end]), words=True)


def _read_comparison(c: _Ctx, m: re.Match) -> Found | None:
    """``Perbandingan (antara) A dengan B``: A / B. With ``dan`` the direction is the reading order."""
    s = c.t.s
    start = m.start()
    # "Jumlah perbandingan antara" / "perbandingan" may follow a sentence: the formula starts at the keyword
    end, mm = _reach_right(c.t, m.end(), whole=c.whole)
    body = s[m.end():mm.start() if mm else end]
    # the joiner: one set off by a comma, else "terhadap" (only ever a joiner), else "dengan" / "atas"
    # ("A yang sesuai dengan standar terhadap B": the "dengan" belongs to A)
    sep = _search(r",\s+(?:dengan|terhadap|atas)\s+", body) or _search(r"\s+terhadap\s+", body) or \
        _search(r"\s+(?:dengan|atas)\s+", body)
    assumed = False
    if not sep:
        sep = _search(r",?\s+dan\s+", body)
        assumed = True
    if not sep:
        # "Perbandingan A" alone in its text: a ratio whose other term is not written
        if _match(r"(?:jumlah\s+)?perbandingan", m.group(0), re.I) and not s[:start].strip() and \
                not s[end:].strip() and body.strip() and "\n\n" not in body:
            num = _term(body.rstrip(" ."))
            return Found(start, end, Formula("ratio", num, None, None, None, "ratio", (num,) if num else (),
                                             "words_comparison"), _raw(s[start:end]), words=True)
        return None
    num, den = body[:sep.start()], body[sep.end():].rstrip()
    den = den[:-1] if den.endswith(".") and not den.endswith("..") else den  # the sentence's full stop
    if not num.strip() or not den.strip():
        return None
    mult, pct = (_number(mm.group("n")), bool(mm.group("pct"))) if mm else (None, False)
    if mm is not None and "%" in s[mm.end():mm.end() + 2]:
        pct = True
    if end < len(s) and s[end - 1:end] != "." and s[end:end + 1] == ".":
        end += 1
    return Found(start, end, _ratio(num, den, mult, pct, c.indikator, "words_comparison"), _raw(s[start:end]),
                 words=True, direction_assumed=assumed)


def _read_per(c: _Ctx, m: re.Match) -> Found | None:
    s = c.t.s
    a = _reach_left(c.t, m.start())
    num = s[a:m.start()]
    if not _looks_quantity(num) and not c.whole:
        return None
    end, mm = _reach_right(c.t, m.end(), want_mult=False, whole=c.whole)
    den = s[m.end():end]
    k = _match(rf"\s*(?P<n>{_NUMBER})\s+", den)
    mult = _number(k.group("n")) if k else None
    if k:
        den = den[k.end():]
    if not den.strip() or not num.strip():
        return None
    return Found(a, end, _ratio(num, den, mult, False, c.indikator, "words_per"), _raw(s[a:end]), words=True)


# --- index, counts and other computations -----------------------------------------------------------

def _read_index(c: _Ctx, m: re.Match) -> Found | None:
    s = c.t.s
    a, _ = c.t.line_at(m.start())
    end, _ = _reach_right(c.t, m.end(), want_mult=False, whole=c.whole)
    text = s[a:end]
    if "+" not in text and "1/" not in text.replace(" ", ""):
        return None
    return Found(a, end, Formula("index", operation="index", shape="index", source=collapse(text)), _raw(text))


def _read_sigma(c: _Ctx, m: re.Match) -> Found | None:
    s = c.t.s
    a = m.start()
    # "$f(x) = \Sigma$ A", "F(x) : ∑ A": the prefix belongs to the formula
    pre = _search(r"(?:\$\s*)?(?:[fF]\s*\(\s*[xX]\s*\)\s*[=:]\s*)?(?:\$\s*)?$", s[max(0, a - 16):a])
    if pre and pre.group(0):
        a = max(0, a - 16) + pre.start()
    j = m.end()
    span = _math_span(s, m.start())
    if span and span[1] > j:
        j = span[1]
        inner = latex_to_text(s[m.end():span[1]]).strip()
        if inner:  # "$f(x) = \Sigma \text{A}$": the counted words are inside the math
            text = s[a:j]
            return Found(a, j, _count(text, "sigma_count"), _raw(text))
    end, mm = _reach_right(c.t, j, want_mult=False, whole=c.whole)
    text = s[a:end]
    f = _count(text, "sigma_count")
    if not f.numerator:
        return None
    return Found(a, end, f, _raw(text).rstrip(" ."))


def _count(text: str, shape: str) -> Formula:
    body = latex_to_text(text) if ("\\" in text or "$" in text) else text
    n = _term(_FX.sub("", collapse(body)))
    if n:
        n = _sub(r"\.{2,}$", ".", n)  # "Usaha.." as typed: one full stop
    return Formula("count", n or None, operation="count", operands=(n,) if n else (), shape=shape)


_MEAN = re.compile(r"\b(?:rata[\s\-–—]*rata|rerata)\b\s+", re.I)
_SELISIH = re.compile(r"\bselisih(?:\s+antara)?\s+", re.I)
_DIFF_OP = re.compile(r"(?<=\S)\s+[-–—]\s+(?=\S)")


def _sentence_before(s: str, i: int) -> str:
    """The words of i's sentence before i, across wrapped lines (back to a blank line or a sentence end)."""
    j = i
    while j > 0:
        prev = s[:j].rfind("\n")
        if prev < 0:
            return s[:i]
        above = s[s.rfind("\n", 0, prev) + 1:prev].rstrip()
        if not above or above[-1] in ".;:!?":
            return s[prev + 1:i]
        j = prev
    return s[:i]


def _read_mean(c: _Ctx, m: re.Match) -> Found | None:
    s = c.t.s
    a, _ = c.t.line_at(m.start())
    a = max(a, _reach_left(c.t, m.start()) if m.start() > a else a)
    if s[a:m.start()].strip() and not c.whole and not _fullmatch(r"\s*(?:nilai|angka|skor|tingkat)\s*",
                                                                     s[a:m.start()], re.I):
        return None  # "rata-rata" inside a sentence is a word, not the computation ("Nilai rata-rata A" is one)
    lead = _sentence_before(s, a)
    if lead.strip() and not c.whole and not _search(rf"(?:\b(?:{_LEAD_IN})|[:=])\s*$", lead, re.I):
        return None  # "Untuk mengetahui angka rata-rata A …": a sentence that names a mean, not the computation
    end, _ = _reach_right(c.t, m.end(), want_mult=False, whole=c.whole)
    body = _term(s[m.end():end])
    if not body:
        return None
    return Found(a, end, Formula("other", operation="mean", operands=(body,), shape="words_mean",
                                 source=collapse(s[a:end])), _raw(s[a:end]), words=True)


def _read_selisih(c: _Ctx, m: re.Match) -> Found | None:
    s = c.t.s
    a = m.start()
    end, _ = _reach_right(c.t, m.end(), want_mult=False, whole=c.whole)
    body = s[m.end():end]
    sep = _search(r",?\s+(?:dan|dengan|terhadap)\s+", body)
    if not sep:
        return None
    x, y = _term(body[:sep.start()]), _term(body[sep.end():])
    if not (x and y):
        return None
    return Found(a, end, Formula("other", operation="difference", operands=(x, y), shape="words_difference",
                                 source=collapse(s[a:end])), _raw(s[a:end]), words=True,
                 direction_assumed=True)


def _read_minus(c: _Ctx, m: re.Match) -> Found | None:
    s = c.t.s
    a = _reach_left(c.t, m.start())
    end, _ = _reach_right(c.t, m.end(), want_mult=False, whole=c.whole)
    x, y = s[a:m.start()], s[m.end():end]
    if not (_looks_quantity(x) and _looks_quantity(y)):
        return None
    tx, ty = _term(x), _term(y)
    return Found(a, end, Formula("other", operation="difference", operands=(tx, ty), shape="difference",
                                 source=collapse(s[a:end])), _raw(s[a:end]))


_DEFINITION = re.compile(r"\b(?:adalah|merupakan|yaitu|ialah|yakni)\b", re.I)


_COUNT_WORDS = re.compile(r"\b(?:menghitung|hitung|rekapitulasi|rekap|penjumlahan|mendata|pendataan)\s+"
                          r"(?:(?:seluruh|semua)\s+)?(?=(?:jumlah|banyaknya|total)\s+\p{L})", re.I)


def _read_count_words(c: _Ctx, m: re.Match) -> Found | None:
    """``Menghitung jumlah A``, ``Rekapitulasi jumlah A``: a count said in words, opening a line or a
    sentence (inside a sentence it explains: "… dengan menghitung jumlah …" stays penjelasan)."""
    s = c.t.s
    a = m.start()
    if not (c.whole or _line_start(s, a)):
        return None
    end, _ = _reach_right(c.t, m.end(), want_mult=False, whole=c.whole)
    body = s[m.end():end]
    n = _term(_sub(r"^\s*(?:jumlah|banyaknya|total)\s+", "", body, flags=re.I).rstrip(" ."))
    if not n or _DEFINITION.search(body):
        return None
    raw = _raw(s[a:end]).rstrip(". ")
    return Found(a, end, Formula("count", n, operation="count", operands=(n,), shape="words_count"), raw,
                 words=True)


def _read_quantity(c: _Ctx, _m) -> Found | None:
    """``Jumlah A`` as the computation: a sentence or line of its own that starts with Jumlah /
    Banyaknya / Total (not ``Jumlah 150 Orang``, not a definition ``… adalah …``). Weak: used only
    when no stronger shape is in the text."""
    s = c.t.s
    cands = []
    for mm in _finditer(r"(?:^|\n|(?<=[.;!?]) +)[ \t]*(?=(?:Jumlah|Banyaknya|Total|Banyak)\b)", s, re.I):
        a = mm.end()
        if not _COUNT_START.match(s[a:a + 60]):
            continue
        prev = s[:a].rstrip(" \t")
        if prev and prev[-1] != "\n":  # a sentence start inside a line
            k = len(prev) - 1
            if not _sentence_end(s, k):
                continue
        elif prev.rstrip("\n"):
            last = prev.rstrip("\n").split("\n")[-1]
            if _continues(last, s[a:].split("\n")[0], c.t.maxlen, False) and not last.rstrip().endswith((".", ";", ":")):
                continue
        end, _ = _reach_right(c.t, a, want_mult=False, whole=c.whole)
        text = s[a:end]
        if not text.strip() or (_DEFINITION.search(text) and not c.whole):
            continue
        cands.append((a, end, text))
    if not cands:
        return None
    # two: an explanation that starts with "Jumlah" and the formula; the formula is a bare noun
    # phrase (no comma) and, when both are, the last one (a formula after its explanation)
    if not c.whole and len(cands) > 1:
        bare = [x for x in cands if "," not in x[2]]
        cands = bare or cands
    a, end, text = cands[0] if c.whole else cands[-1]
    # what is counted, as for Σ A: "Jumlah A" and "Σ A" give the same numerator
    n = _term(_sub(r"^\s*(?:jumlah|banyaknya|banyak|total)\s+", "", text, flags=re.I))
    f = Formula("count", n, operation="count", operands=(n or "",), shape="quantity")
    raw = _raw(text)
    return Found(a, end, f, raw.rstrip(". ") if not raw.endswith("$") else raw)


# --- the table --------------------------------------------------------------------------------------

SHAPES: tuple[Shape, ...] = (
    Shape("latex_fraction", re.compile(r"\\[dt]?frac\s*\{"), _read_latex_fraction),
    Shape("stacked", None, _read_stacked),
    Shape("index", _INDEX_HINT, _read_index),
    Shape("inline", _INLINE_OP, _read_inline),
    Shape("words_divided", _DIBAGI, _read_dibagi),
    Shape("words_comparison", _COMPARISON, _read_comparison),
    Shape("stacked_no_bar", None, _read_stacked_no_bar, covers=True),
    Shape("two_lines", _MULT_EOL, _read_two_lines),
    Shape("sigma_count", re.compile(_SIGMA), _read_sigma),
    Shape("words_per", _PER, _read_per),
    Shape("words_mean", _MEAN, _read_mean),
    Shape("words_difference", _SELISIH, _read_selisih),
    Shape("difference", _DIFF_OP, _read_minus),
    Shape("words_count", _COUNT_WORDS, _read_count_words),
    Shape("two_terms", None, _read_two_terms, strong=False),
    Shape("quantity", None, _read_quantity, strong=False),
)
"""The grammar, in priority order: the first shape that reads a formula in a text wins."""


def find_formula(text: str, indikator: str | None = None, whole: bool = False,
                 weak: bool = True, width: int | None = None) -> Found | None:
    """The formula in ``text`` (lines joined by ``\\n``) by the first shape of :data:`SHAPES` that
    reads one, or None. ``whole``: the text is known to be a formula (labelled); ``weak``: allow
    the weak ``Jumlah A`` reading; ``width``: the cell's :func:`column_width` (default: the text's
    own). Pure; never raises on odd input."""
    c = _Ctx(_Text.of(text, width), indikator, whole)
    for k, shape in enumerate(SHAPES):
        if not shape.strong and not weak:
            continue
        f = _read_shape(shape, c)
        if f is None:
            continue
        # a later shape that reads a larger structure around this reading wins ("∑ A" / "∑ B / C" / "x 100%":
        # a fraction without its bar, not "B / C")
        for later in SHAPES[k + 1:]:
            if later.covers:
                g = _read_shape(later, c)
                if g and g.start <= f.start and f.end <= g.end and (g.end - g.start) > (f.end - f.start):
                    return g
        return f
    return None


def _read_shape(shape: Shape, c: _Ctx) -> Found | None:
    """The first reading of one grammar row in the text, or None."""
    try:
        if shape.anchor is None:
            return shape.read(c, None)
        for n, m in enumerate(shape.anchor.finditer(c.t.s)):
            if n >= _ANCHORS:
                break
            f = shape.read(c, m)
            if f:
                return f
    except (IndexError, ValueError, TypeError, AttributeError):  # a shape that chokes is no reading
        return None
    return None


# ============================================================================ parse_formula


def parse_formula(text: str | None, indikator: str | None = None) -> Formula:
    """A formula text (LaTeX, inline, stacked lines or words) → :class:`Formula`. Never raises.

    The whole text is taken to be the formula; text no shape reads is ``other``."""
    try:
        t = _clean_lines(text or "")
        if not t.strip():
            return NONE
        found = find_formula(t, indikator, whole=True)
        if found:
            return found.formula
        return Formula("other", operation=None, shape=None, source=collapse(t))
    except Exception:  # a formula we cannot read is "other", never a crash
        return Formula("other") if (text or "").strip() else NONE


# ============================================================================ split_cell

_LEAD_JUNK = re.compile(r"^[;:,'\"`‘’“”·|]+\s*")
_LEAD_JUNK_NO_COLON = re.compile(r"^[;,'\"`‘’“”·|]+\s*")
_COMPUTATION = re.compile(rf"\\[dt]?frac|{_SIGMA}|÷|\bdibagi\b|{_TIMES}\s*\d|\s/\s|\bperbandingan\b|=\s*\d", re.I)


# signs that an explanation holds a computation nobody parsed (a "/" between words is not one)
_STRONG_COMPUTATION = re.compile(rf"\\[dt]?frac|{_SIGMA}|÷|\bdibagi\b|{_TIMES}\s*\d|\bperbandingan\b", re.I)


def looks_like_formula(text: str) -> bool:
    """Signs of a computation in a text (Σ, a fraction, a multiplier, ``dibagi``) or a ``Jumlah A`` start."""
    return bool(_COMPUTATION.search(text)) or bool(_COUNT_START.match(text))


def _clean_lines(text: str) -> str:
    lines = []
    for k, ln in enumerate(_TAG.sub(" ", text.replace("**", "")).split("\n")):
        # stray marks before the text (OCR, broken exports); a ":" opening a later line is a ratio's
        ln = (_LEAD_JUNK if k == 0 or not ln.strip().startswith(":") else _LEAD_JUNK_NO_COLON).sub("", ln.strip())
        lab, rest = split_label(ln)
        lines.append(rest if lab in ("-", "•", "–", "*") else ln.strip())
    # keep single blank lines (a paragraph break inside the cell), drop leading/trailing ones
    out: list[str] = []
    for ln in lines:
        if not ln and (not out or not out[-1]):
            continue
        out.append(ln)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


@dataclass
class _Seg:
    kind: str  # free | penjelasan | formula | kv
    text: str
    key: str | None = None


def _segments(text: str) -> list[_Seg]:
    """Cut a cell at its labels (Penjelasan :, Formulasi … :) and key-values (Tipe Perhitungan : …)."""
    segs: list[_Seg] = []
    pos, kind = 0, "free"
    marks = sorted([(m.start(), m.end(), "label", m) for m in _LABELS.finditer(text)] +
                   [(m.start(), m.end(), "kv", m) for m in _KV_LABEL.finditer(text)], key=lambda x: x[0])
    i = 0
    while i < len(marks):
        a, b, what, m = marks[i]
        if a < pos:
            i += 1
            continue
        segs.append(_Seg(kind, text[pos:a]))
        if what == "label":
            kind = "penjelasan" if _match(_LBL_PENJ, m.group("lab"), re.I) else "formula"
            pos = b
        else:
            k = _kv_kind(m.group("key"))
            nxt = min([x[0] for x in marks[i + 1:] if x[0] >= b] + [len(text)])
            v_end = _kv_value_end(text, b, nxt, k)
            segs.append(_Seg("kv", collapse(text[a:v_end]), k))
            pos = v_end
        i += 1
    segs.append(_Seg(kind, text[pos:]))
    out = []
    for sg in segs:
        t = sg.text.strip("\n ")
        t = _LEAD_JUNK.sub("", t)
        if t.strip():
            out.append(_Seg(sg.kind, t, sg.key))
    return out


def _kv_value_end(text: str, b: int, nxt: int, kind: str) -> int:
    """Where a key-value's value ends: its known words, else the line / sentence end."""
    m = _KV_VALUE[kind].match(text, b)
    line_end = text.find("\n", b)
    line_end = nxt if line_end < 0 else min(line_end, nxt)
    if m and kind != "satuan":
        e = m.end()
        if text[e:e + 1] == ".":
            e += 1
        return e
    k = b
    while k < line_end:
        if text[k] in ".;" and (k + 1 >= len(text) or text[k + 1].isspace()):
            return k + 1
        k += 1
    if kind == "satuan" and m:
        return min(m.end(), line_end)
    return line_end


def split_cell(text: str | None, indikator: str | None = None, formula_column: bool = False,
               extra: str | None = None, explanation_column: bool = False) -> FormulaCell:
    """Separate a PENJELASAN / FORMULASI cell into explanation, formula and key-values.

    ``text``: the cell, lines joined by ``\\n``; ``indikator``: the row's indicator (for the
    implied ``%``); ``formula_column``: the column header names only a formula (no PENJELASAN), so
    unlabelled text there is a formula even when no shape reads it (type ``other``); ``extra``:
    text of an unnamed column beside it that may hold the formula (a LaTeX fraction put in its own
    column); ``explanation_column``: the header names only an explanation (PENJELASAN, DEFINISI), so
    only a formula-shaped span is a formula there — a bare ``Jumlah A`` line (the weak reading)
    restates the indicator. Never raises: a cell it cannot read is kept whole as penjelasan, with a
    warning.
    """
    try:
        return _split(text or "", indikator, formula_column, extra, explanation_column)
    except Exception:
        t = collapse(text)
        return FormulaCell(t or None, None, NONE, (warning("formula_unparsed", "could not read the formula cell"),))


def _split(text: str, indikator: str | None, formula_column: bool, extra: str | None,
           explanation_column: bool = False) -> FormulaCell:
    picture = OBJECT_MARK in text
    text = _clean_lines(text.replace(OBJECT_MARK, " "))
    extra_f = parse_formula(extra, indikator) if extra and looks_like_formula(extra) else None
    if extra_f is not None and extra_f.type == "other":
        extra_f = None
    segs = _segments(text)
    width = column_width(text)
    kv = {sg.key: sg.text for sg in segs if sg.kind == "kv"}
    calc = _calc_type(kv["calc"].split(":", 1)[1]) if "calc" in kv else None
    pol = _polarity(kv["polarity"].split(":", 1)[1].strip()) if "polarity" in kv else None
    satuan = collapse(kv["satuan"].split(":", 1)[1]).rstrip(".;") or None if "satuan" in kv else None
    labelled_penj = any(sg.kind == "penjelasan" for sg in segs)
    labelled_form = any(sg.kind == "formula" for sg in segs)
    warnings: list[str] = []

    pieces: list[tuple[str, str]] = []  # ("pen" | "formula", text) in cell order
    found: Found | None = None
    formula_text: str | None = None
    for sg in segs:
        if sg.kind == "kv":
            pieces.append(("kv", sg.text))
        elif sg.kind == "penjelasan":
            pieces.append(("lpen", sg.text))
        elif sg.kind == "formula":
            if found is None and formula_text is None:
                f = find_formula(sg.text, indikator, whole=True, width=width)
                if f:
                    found = f
                    before, after = sg.text[:f.start], sg.text[f.end:]
                    pieces += [("pen", before)] if before.strip() else []
                    pieces.append(("formula", f.raw))
                    pieces += [("pen", after)] if after.strip() else []
                else:
                    formula_text = sg.text
                    pieces.append(("formula", _stack_raw(sg.text)))
            else:
                pieces.append(("pen", sg.text))
        else:  # free text
            pieces.append(("free", sg.text))

    # shape first: a formula found by what it is in the unlabelled text, or inside a labelled
    # explanation (a label names a span only where no formula shape contradicts it): strong shapes
    # anywhere first, then a bare "Jumlah A" (weak) in unlabelled text, or on a line of its own after a
    # labelled explanation
    if picture and found is None and formula_text is not None:
        if parse_formula(formula_text, indikator).type == "other":  # a label, a picture, and words no shape reads
            pieces = [("pen", t) if kind == "formula" else (kind, t) for kind, t in pieces]
            formula_text = None
    if found is None and formula_text is None:
        free_idx = [k for k, (kind, _) in enumerate(pieces) if kind == "free"]
        hit = None
        for weak in (False, True) if not explanation_column else (False,):
            for k, (kind, t) in enumerate(pieces):
                if kind not in ("free", "lpen"):
                    continue
                f = find_formula(t, indikator, whole=False, weak=weak, width=width)
                if f and kind == "lpen" and f.formula.shape == "quantity" and (
                        f.start == 0 or not _line_start(t, f.start)):
                    f = None  # "Penjelasan : Jumlah A …": the label names it an explanation
                if f:
                    hit = (k, kind, f)
                    break
            if hit:
                break
        if hit:
            k, kind, f = hit
            t = pieces[k][1]
            found = f
            before, after = t[:f.start], t[f.end:]
            pieces[k:k + 1] = ([("pen", before)] if before.strip() else []) + [("formula", f.raw)] + \
                ([("pen", after)] if after.strip() else [])
            if kind == "lpen" or before.strip() or after.strip() or \
                    any(p[0] in ("pen", "lpen", "free") for p in pieces[:k] + pieces[k + 1:]):
                warnings.append(warning("formula_inferred", "formula told from the explanation without a label"))
            elif f.formula.shape == "quantity" and not formula_column:
                warnings.append(warning("formula_inferred", "a 'Jumlah …' text read as the computation"))
        if found is None and free_idx and not labelled_form and (labelled_penj or formula_column) and not picture and \
                not (extra_f and not labelled_penj) and not _VALUE.match(pieces[free_idx[0]][1]):
            # unlabelled text beside a labelled penjelasan (or in a formula-only column) is the formula
            k = free_idx[0]
            formula_text = pieces[k][1]
            pieces[k] = ("formula", _stack_raw(formula_text))
    pieces = [("pen", t) if kind in ("free", "lpen") else (kind, t) for kind, t in pieces]
    penjelasan = _join([t for kind, t in pieces if kind in ("pen", "kv")])
    explained = _join([t for kind, t in pieces if kind == "pen"])

    if found is not None:
        f, raw = found.formula, found.raw
    elif formula_text is not None:
        f = parse_formula(formula_text, indikator)
        raw = _stack_raw(formula_text)
        if f.type in ("other", "count") and _two_quantity_lines(formula_text):
            lines = [ln for ln in formula_text.split("\n") if ln.strip()]
            mult = extra_f.multiplier if extra_f and extra_f.type == "ratio" else None
            unit = extra_f.unit if extra_f and extra_f.type == "ratio" else None
            f = Formula("ratio", _term(lines[0]), _term(lines[1]), mult, unit, "ratio",
                        shape="stacked_no_bar")
            raw = " / ".join(ln.strip() for ln in lines)
            warnings.append(warning("formula_stacked_no_bar", "fraction read from two stacked lines without a bar"))
            if extra_f:
                raw, w = _other_rendering(f, raw, extra_f, extra)
                warnings.append(w)
        elif f.type == "count" and raw:
            raw = raw.rstrip(". ") if not raw.endswith("$") else raw
    elif extra_f is not None:
        f, raw = extra_f, collapse(extra)
    else:
        f, raw = NONE, None

    # two stacked quantity lines and no bar: a fraction when the row says so (percent indicator / extra column)
    if found is not None and found.formula.shape == "quantity" and extra_f is None:
        two = _two_stacked_counts(text, indikator)
        if two:
            f, raw = two
            penjelasan = None
            warnings = [w for w in warnings if not w.startswith("formula_inferred")]
            warnings.append(warning("formula_stacked_no_bar", "fraction read from two stacked lines without a bar"))
    elif found is not None and extra_f is not None and found.formula.shape in ("quantity", "two_terms") and \
            _two_quantity_lines(text):
        lines = [ln for ln in text.split("\n") if ln.strip()]
        f = Formula("ratio", _term(lines[0]), _term(lines[1]), extra_f.multiplier, extra_f.unit, "ratio",
                    shape="stacked_no_bar")
        raw, w = _other_rendering(f, " / ".join(ln.strip() for ln in lines), extra_f, extra)
        penjelasan = None
        warnings = [warning("formula_stacked_no_bar", "fraction read from two stacked lines without a bar"), w]

    if found is not None:
        if found.words:
            warnings.append(warning("formula_from_words", f"formula read from words ({found.formula.shape})"))
        if found.direction_assumed:
            warnings.append(warning("formula_direction_assumed",
                                    "the words do not say which term divides which: reading order kept"))
        if found.stacked_no_bar:
            warnings.append(warning("formula_stacked_no_bar", "fraction read from stacked lines without a bar"))
    if f.type == "none" and extra and _LABELS.search(extra) and not _LABELS.search(text):
        # the cell holds no formula, an unnamed column beside it a labelled one ("Formulasi Penghitungan :
        # Jumlah A"): the column's content slid one column over when the table was read
        other = _split(extra, indikator, formula_column, None, explanation_column)
        if other.formula.type not in ("none", "other"):
            f, raw = other.formula, other.formula_raw
            penjelasan = penjelasan or other.penjelasan
            warnings += [w for w in other.warnings if not w.startswith("formula_image")]
            warnings.append(warning("formula_in_unnamed_column", "the formula was read from an unnamed column "
                                    "beside the formula cell"))
    if picture and f.type == "none":
        warnings.append(warning("formula_image", "the formula is a picture in the cell: not read"))
    if (f.type == "other" and f.operation is None and raw and _COMPUTATION.search(raw)) or \
            (explained and f.type in ("none", "other") and _STRONG_COMPUTATION.search(explained)):
        warnings.append(warning("formula_unparsed", "the cell looks like a computation that was not parsed"))
    return FormulaCell(penjelasan, raw, f, tuple(dict.fromkeys(warnings)), calc, pol, satuan,
                       canonical(f) if f.type != "none" else None)


def _other_rendering(f: Formula, lines_raw: str, extra_f: Formula, extra: str) -> tuple[str, str]:
    """The formula read from the cell's lines, and another rendering in an unnamed column: when both say
    the same (:func:`canonical`), the column's rendering is formula_raw (``formula_alternative``); when
    they disagree (numerator and denominator swapped), the document is inconsistent: formula_raw is the
    text the parts were read from, so it never contradicts them (``formula_renderings_disagree``)."""
    if canonical(f) == canonical(extra_f):
        return collapse(extra), warning("formula_alternative",
                                        "an unnamed column holds another rendering of the formula: " + collapse(extra))
    return lines_raw, warning("formula_renderings_disagree", "an unnamed column renders the formula differently "
                              "(the parts were read from the cell's own lines): " + collapse(extra))


def _line_start(t: str, i: int) -> bool:
    """Does t[i] open a line (or a sentence) of its own?"""
    before = t[:i].rstrip(" \t")
    return not before or before[-1] in "\n.;:!?"


# a value, not a computation: "22%", "Jumlah 150 Orang 1 tahun"
_VALUE = re.compile(r"^\s*(?:jumlah\s+)?\d[\d.,]*\s*%?(?:\s+[\p{L}\d]+){0,4}\s*$", re.I)


def _stack_raw(text: str) -> str:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    return " ".join(lines)


def _two_quantity_lines(text: str) -> bool:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    return len(lines) == 2 and all(_COUNT_START.match(ln) for ln in lines)


def _two_stacked_counts(text: str, indikator: str | None) -> tuple[Formula, str] | None:
    """``Jumlah A`` / ``Jumlah B`` alone in a cell of a Persentase indicator: numerator over denominator."""
    if not _two_quantity_lines(text) or not (indikator and _PERCENT_WORDS.match(indikator)):
        return None
    a, b = [ln for ln in text.split("\n") if ln.strip()]
    f = _ratio(a, b, None, False, indikator, "stacked_no_bar")  # "x 100%" beside the numerator is the multiplier
    return f, f"{a.strip()} / {b.strip()}"


def _join(parts: list[str]) -> str | None:
    t = collapse(" ".join(p for p in parts if p))
    t = t.strip(" -:")
    return t or None


# ============================================================================ canonical form

_FOLD_DASH = re.compile(r"[‐‑‒–—―−]")
_FOLD_QUOTE = re.compile(r"[‘’‚‛“”„‟`´\"']")
_LEAD_QUANT = re.compile(r"^(?:jumlah|banyaknya|total)\s+")


def fold_notation(text: str | None) -> str:
    """A text with notation folded away, for comparing: LaTeX markup, Σ/∑/\\sum/\\Sigma, ``f(x) =``,
    ×/x/\\times, dashes, quotes, brackets, punctuation, case and whitespace. Words stay."""
    if not text:
        return ""
    t = latex_to_text(text) if ("\\" in text or "$" in text) else text
    t = t.replace("⟦", " ").replace("⟧", " ")
    t = _FX.sub("", t)
    t = _sub(_SIGMA, " ", t)
    t = _FOLD_DASH.sub("-", _FOLD_QUOTE.sub("", t)).lower()
    t = _sub(r"[^\p{L}\p{N}%]+", " ", t)
    return " ".join(t.split())


def _cterm(s: str | None) -> str:
    return _LEAD_QUANT.sub("", fold_notation(s))


def _cnum(x: float | None) -> str:
    return f"{x:g}" if x is not None else ""


def canonical(f: Formula | None) -> str:
    """One notation for a formula, whatever the source wrote: ``ratio(a; b) × 100 %``,
    ``count(a)``, ``mean(a)``, ``difference(a; b)``, ``index(…)``, ``other(…)``; ``""`` for none.

    Terms are folded by :func:`fold_notation` and lose a leading Jumlah / Banyaknya / Total
    (``Σ A`` = ``Jumlah A``), so Σ and ∑, ``f(x) =``, a stacked or inline fraction, LaTeX or
    words give the same string."""
    if f is None or f.type == "none":
        return ""
    tail = (f" × {_cnum(f.multiplier)}" if f.multiplier is not None else "") + (" %" if f.unit == "%" else "")
    if f.type == "ratio":
        return f"ratio({_cterm(f.numerator)}; {_cterm(f.denominator)}){tail}"
    if f.type == "count":
        return f"count({_cterm(f.numerator)})"
    if f.operation in ("mean", "difference") and f.operands:
        return f"{f.operation}({'; '.join(_cterm(x) for x in f.operands)})"
    return f"{f.type}({fold_notation(f.source)})"


def formulas_equal(a: Formula | None, b: Formula | None) -> bool:
    """Whether two formulas say the same thing (their :func:`canonical` forms are equal)."""
    return canonical(a) == canonical(b)
