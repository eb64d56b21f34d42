"""Compare an agency's IKI between two years: match positions and indicators, classify the changes.

Works on the tables ``iki extract`` writes (pandas DataFrames), whatever format the
documents came in.  Pure functions; nothing here reads or writes files except
:func:`load_output`.

Positions are matched with rapidfuzz and TF-IDF evidence, not exact keys:

* **title** — ``jabatan_key`` without the agency tail ("… pada Dinas Sosial Kota X"),
  ``token_sort_ratio``; plus the unit part alone ("jaminan sosial") when only the rank
  changed in a known way (Kepala Seksi → Subkoordinator);
* **duties** — TF-IDF cosine of all TUGAS / FUNGSI / Butir Kegiatan / Hasil Kerja words;
* **indicators** — TF-IDF cosine of the indicator names and formula parts.

Same title (after clean-up) pairs first; otherwise a pair is a rename only when the
weighted score reaches ``POSITION_MATCH`` *and* the duties or indicators back it up,
and never between a head of unit and a staff (pelaksana) position.  Pairs are taken
greedily, best first, one-to-one (two staff with the same title pair with two, or the
extra one is added / removed).

Indicators are matched within each matched pair of positions by text similarity
(rapidfuzz ``token_sort_ratio`` blended with TF-IDF cosine, so "Jumlah lanjut usia …"
and "Jumlah warga miskin …" are not taken for one reworded indicator), one-to-one
first, then one-to-many: an unmatched new indicator whose words are contained in an
already matched old one, and that covers words the other piece lacks, makes a
``split``; the mirror case a ``merged``. Same-named indicators pair by sasaran, then in
document order; so do holders of one title.

Matched pairs are compared by meaning, not notation (:func:`fold_text`, :func:`compare_indicators`):
texts with Σ/∑/\\sum, ×/x, f(x) =, markup, list labels, case and spacing folded away; formulas by
their parsed parts and canonical form (:func:`formula_view`), never by ``formula_raw``. The status
of a pair names its largest change by content (:func:`indicator_status`); every changed field is
also a row of ``field_changes`` (a sasaran shared by several indicators once more at level
``sasaran``). Merger and split notes need duties or indicators that moved (:func:`_carried`).
"""
from __future__ import annotations

import difflib
import html
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import regex
from rapidfuzz import fuzz, process

from iki.errors import UsageError
from iki.i18n import t as _t

POSITION_STATUSES = ("unchanged", "changed", "renamed", "added", "removed")
INDICATOR_STATUSES = ("unchanged", "reworded", "formula_changed", "source_changed", "target_changed",
                      "added", "removed", "split", "merged")

# Indicator fields compared, grouped by the status they give. When fields of several groups changed,
# the status names the group whose change is the largest by content (normalised edit size of the
# folded words, see :func:`edit_size`); on a tie the first group in STATUS_PRIORITY wins.
TEXT_FIELDS = ("indikator", "sasaran", "penjelasan", "satuan")
FORMULA_FIELDS = ("formula_canonical", "formula_type", "numerator", "denominator", "multiplier", "unit")
SOURCE_FIELDS = ("sumber_data", "penanggung_jawab")
TARGET_FIELDS = ("target_raw", "target_value", "target_unit")
STATUS_PRIORITY = (("formula_changed", FORMULA_FIELDS), ("reworded", TEXT_FIELDS),
                   ("target_changed", TARGET_FIELDS), ("source_changed", SOURCE_FIELDS))
COMPARED_FIELDS = TEXT_FIELDS + FORMULA_FIELDS + SOURCE_FIELDS + TARGET_FIELDS
DUTY_SECTIONS = ("tugas", "fungsi", "butir_kegiatan", "hasil_kerja")

# Thresholds (0-1), tuned on the Probolinggo 2019/2022 pair and the synthetic tests.
POSITION_MATCH = 0.55      # weighted title/duties/indicators score for a rename
CONTENT_EVIDENCE = 0.30    # duties or indicators similarity a rename needs
NAME_EVIDENCE = 0.40       # title similarity a rename needs unless content is near-identical
STRONG_CONTENT = 0.80      # content this similar carries a rename with any title
INDICATOR_MATCH = 0.60     # one-to-one indicator pairs
PIECE_MATCH = 0.45         # a split piece / merged part against its counterpart
PIECE_CONTAINMENT = 0.80   # share of the piece's (IDF-weighted) words found in the counterpart
ORDER_MARGIN = 0.02       # holders of one title (names of one indicator) pair in document order unless their
                           # content differs by more
SASARAN_WEIGHT = 0.15     # how much a shared sasaran orders indicator candidates (not their similarity)
MERGER_SHARE = 0.15        # a merger (split) note needs this share of a removed (added) position's duty and
                           # indicator words (IDF-weighted) to have moved into a matched one (see _carried),
MERGER_SHARE_CLOSE = 0.03  # or, for a candidate scoring POSITION_MATCH or more (close title and content),
MERGER_WORDS = 3           # this share and this many distinct words
NOTE_MIN = 0.45            # closest candidate worth mentioning for added / removed positions

WEIGHTS = {"name": 0.5, "duties": 0.25, "indicators": 0.25}


class DiffError(UsageError):
    """A side is empty, a year is unknown, a folder is not an ``iki extract`` output… (a usage error)."""


# --------------------------------------------------------------------------- text helpers

_WORD_RE = regex.compile(r"[\p{L}\p{N}]+")
_STOP = frozenset("yang dan di ke dari pada untuk dengan serta atau oleh dalam bagi the".split())


def _s(v) -> str:
    """A cell as text: None / NaN → ''."""
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        return f"{v:g}"
    return str(v)


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def words(text) -> list[str]:
    """Lower-case words of a text (letters and digits only)."""
    return [w.casefold() for w in _WORD_RE.findall(_s(text))]


def norm_text(text) -> str:
    """What two texts must share to count as the same: their words, case and punctuation aside."""
    return _norm_str(text) if isinstance(text, str) else " ".join(words(text))


@lru_cache(maxsize=65536)
def _norm_str(text: str) -> str:
    return " ".join(words(text))


def _tokens(text: str) -> list[str]:
    return [w for w in words(text) if w not in _STOP]


# --------------------------------------------------------------------------- comparing meaning, not notation
#
# Two years of one agency come in different layouts (Word one year, a PDF export the next), and
# iki's extraction of the same words differs in notation: Σ (U+03A3) or ∑ (U+2211) or \sum, "x" or
# "×" or \times, a list label kept on a sasaran or not, markup left in a cell, words glued by a PDF
# ("KepalaSeksi"). Every comparison below goes through :func:`fold_text` (words, notation folded
# away) and :func:`text_key` (the same without spaces, so glued and split words compare equal).

_TAG_RE = regex.compile(r"<[^<>]{0,400}>")
_LATEX_GROUP_RE = regex.compile(r"\\(?:text|mathrm|textbf|mathbf|textit|mathit|mathsf|operatorname|mbox|hbox)"
                                r"\s*\{([^{}]*)\}")
_LATEX_CMD_RE = regex.compile(r"\\[A-Za-z]+")
_FX_RE = regex.compile(r"(?<![\p{L}\p{N}])[fF]\s*\(\s*[xX]\s*\)\s*[=:]")
_SIGMA_RE = regex.compile(r"\\(?:sum|Sigma|sigma)(?![A-Za-z])|[Σ∑]")
_TIMES_RE = regex.compile(r"\\(?:times|cdot|ast)(?![A-Za-z])|[×✕✖⋅·∙]")
# a list label where an item starts (text start, after ; : or a line break): 1.  1)  (1)  a.  b)  iv.  •  -
_LABEL_AT_RE = regex.compile(r"(?:^|(?<=[;:\n]))\s*(?:\(?\d{1,2}[.)]|\(?[A-Za-z][.)]|\((?:[ivx]{1,4}|\d{1,2}|[a-z])\)"
                             r"|[ivx]{1,4}\.|[-•▪►➢✓*·o–—])(?=\s)")
# "1) Meningkatnya A 2) Meningkatnya B": a closing-bracket label inside a text
_LABEL_IN_RE = regex.compile(r"(?<![\p{L}\p{N}(])(?:\d{1,2}|[a-z])\)(?=\s)")
_THOUSANDS_RE = regex.compile(r"(?<=\d)[.,](?=\d{3}(?!\d))")
_LEAD_QUANTITY_RE = regex.compile(r"^(?:jumlah|banyaknya|banyak|total)\s+")
# a cell's own label left on its text by one layout: "Formulasi Penghitungan : …", "Penjelasan : …"
_FIELD_LABEL_RE = regex.compile(r"^\s*(?:(?:formulasi|formula|formasi|rumus|cara)(?:\s+(?:peng?h?itungan|perhitungan|"
                                r"pengukuran))?|penjelasan|definisi(?:\s+operasional)?|keterangan)\s*:", regex.I)


def fold_text(text) -> str:
    """The words of a text with notation folded away, lower case, one space between words.

    Folded: HTML tags and entities, a cell label at the start (``Formulasi Penghitungan :``,
    ``Penjelasan :``), LaTeX markup (``\\text{}``, ``$``, commands), Σ / ∑ /
    ``\\sum`` / ``\\Sigma``, ``f(x) =``, ``×`` / ``x`` / ``X`` / ``\\times``, dashes, quotes,
    brackets and other punctuation, list labels (``a.``, ``1)``, ``•``) where an item starts,
    thousands separators (``4.000`` = ``4000``), case and whitespace. Words are never changed.
    """
    return _fold_str(text) if isinstance(text, str) else ("" if _missing(text) else _fold_str(_s(text)))


@lru_cache(maxsize=262144)
def _fold_str(s: str) -> str:
    if "&" in s:
        s = html.unescape(s)
    if "<" in s:
        s = _TAG_RE.sub(" ", s)
    if ":" in s:
        s = _FIELD_LABEL_RE.sub(" ", s)
    if "\\" in s:
        for _ in range(4):
            s2 = _LATEX_GROUP_RE.sub(r" \1 ", s)
            if s2 == s:
                break
            s = s2
    if "(" in s:
        s = _FX_RE.sub(" ", s)
    if "\\" in s or "Σ" in s or "∑" in s:
        s = _SIGMA_RE.sub(" ", s)
    if not s.isascii() or "\\" in s:
        s = _TIMES_RE.sub(" ", s)
    if "\\" in s:
        s = _LATEX_CMD_RE.sub(" ", s)
    s = _LABEL_AT_RE.sub(" ", s)
    if ")" in s:
        s = _LABEL_IN_RE.sub(" ", s)
    if "." in s or "," in s:
        s = _THOUSANDS_RE.sub("", s)
    return " ".join(w for w in (w.casefold() for w in _WORD_RE.findall(s)) if w != "x")


def text_key(text) -> str:
    """What two texts must share to mean the same: :func:`fold_text` without spaces."""
    return fold_text(text).replace(" ", "")


def same_text(a, b) -> bool:
    """Do two texts say the same words (notation, spacing and case aside)?"""
    return text_key(a) == text_key(b)


def edit_size(a, b) -> float:
    """How much of two texts changed, 0-1: the share of their folded words that is not common to both
    (0 = same words; a one-word insertion into ten words ≈ 0.05; a rewrite = 1)."""
    wa, wb = fold_text(a).split(), fold_text(b).split()
    if not wa and not wb:
        return 0.0
    if not wa or not wb:
        return 1.0
    sm = difflib.SequenceMatcher(None, wa, wb, autojunk=False)
    same = sum(block.size for block in sm.get_matching_blocks())
    return 1.0 - 2.0 * same / (len(wa) + len(wb))


# ---- formulas: compared by their parsed parts and canonical form, never by formula_raw

@dataclass(frozen=True)
class FormulaView:
    """A row's formula as the diff compares it: type, folded terms (a leading Jumlah / Banyaknya /
    Total dropped, so ``Σ A`` = ``Jumlah A``), multiplier (100 for a percentage ratio that does not
    write it), unit, the canonical form, and the penjelasan that goes with it. ``from_penjelasan``
    says the formula was read from a penjelasan the extraction had left it in."""
    type: str
    numerator: str
    denominator: str
    multiplier: float | None
    unit: str | None
    canonical: str
    penjelasan: str | None
    from_penjelasan: bool = False
    key: str = ""             # our own canonical form of the parts (equal keys or canonical forms: same formula)
    raw: dict = field(default_factory=dict, compare=False)

    def same(self, other: "FormulaView") -> bool:
        """The same formula: equal canonical forms or equal parts (type, terms, multiplier, unit)."""
        return self.canonical == other.canonical or self.key == other.key

    def words(self) -> Counter:
        """The words of the formula and its penjelasan together (terms, multiplier, penjelasan)."""
        c = Counter((f"{self.numerator} {self.denominator} {fold_text(self.penjelasan)}").split())
        if self.multiplier is not None:
            c[f"{self.multiplier:g}"] += 1
        for w in ("jumlah", "banyaknya", "total", "100"):
            c.pop(w, None)
        return c


def _formula_term(text) -> str:
    return _LEAD_QUANTITY_RE.sub("", fold_text(text))


def _own_canonical(typ: str, num: str, den: str, mult: float | None, unit: str | None) -> str:
    tail = (f" × {mult:g}" if mult is not None else "") + (" %" if unit == "%" else "")
    if typ == "ratio":
        return f"ratio({num}; {den}){tail}"
    if typ in ("count",):
        return f"count({num})"
    return f"{typ}({num})" if typ != "none" else ""


def _canonical(typ: str, parts: dict, num: str, den: str, mult: float | None, unit: str | None) -> str:
    """The formula module's canonical form when it has one (``normalize.formula.canonical``), else ours."""
    from normalize import formula as nf

    fn = getattr(nf, "canonical", None)
    if fn is not None and typ in ("ratio", "count"):
        try:
            return fn(nf.Formula(typ, parts.get("numerator"), parts.get("denominator"), mult, unit))
        except Exception:   # a formula module of another shape: fall back to our own form
            pass
    return _own_canonical(typ, num, den, mult, unit)


def _view(typ, numerator, denominator, multiplier, unit, formula_text, penjelasan, canonical=None,
          from_penjelasan=False) -> FormulaView:
    typ = _s(typ) or "none"
    mult = None if _missing(multiplier) else float(multiplier)
    unit = _s(unit) or None
    if typ == "ratio" and mult is None and unit == "%":
        mult = 100.0          # a percentage is a ratio × 100 whether or not the cell writes it
    if typ == "ratio" and mult == 100.0 and unit is None:
        unit = "%"            # and a ratio × 100 is a percentage whether or not the cell writes the sign
    if typ in ("ratio", "count"):
        num, den = _formula_term(numerator), _formula_term(denominator)
    elif typ == "none":
        num = den = ""
    else:                     # index / other: the formula's own words are its content
        num, den = fold_text(formula_text), ""
    parts = {"numerator": _s(numerator) or None, "denominator": _s(denominator) or None}
    canon = canonical if canonical else _canonical(typ, parts, num, den, mult, unit)
    raw = {"formula_type": typ, "numerator": _s(numerator) or None, "denominator": _s(denominator) or None,
           "multiplier": mult, "unit": unit}
    return FormulaView(typ, num, den, mult, unit, canon, penjelasan, from_penjelasan,
                       _own_canonical(typ, num, den, mult, unit), raw)


def formula_view(row: dict, reparse: bool = False) -> FormulaView:
    """The formula of an indicator row as the diff compares it.

    ``reparse``: when the row has no formula but a penjelasan, read a formula out of the
    penjelasan with ``normalize.formula.split_cell`` (one layout's extraction left it there).
    The ``formula_canonical`` column is used when present."""
    typ = _s(row.get("formula_type")) or "none"
    pen = _s(row.get("penjelasan")) or None
    if typ == "none" and reparse and pen:
        from normalize.formula import split_cell
        fc = split_cell(pen, _s(row.get("indikator")) or None)
        f = fc.formula
        if f.type != "none":
            return _view(f.type, f.numerator, f.denominator, f.multiplier, f.unit, fc.formula_raw, fc.penjelasan,
                         getattr(fc, "canonical", None), from_penjelasan=True)
    canon = row.get("formula_canonical")
    return _view(typ, row.get("numerator"), row.get("denominator"), row.get("multiplier"), row.get("unit"),
                 row.get("formula_raw"), pen, None if _missing(canon) or not canon else _s(canon))


@dataclass(frozen=True)
class FieldChange:
    """One changed field of a matched pair: its name, old and new value (as text), the normalised
    edit size (0-1) and the status group it belongs to."""
    field: str
    old: str | None
    new: str | None
    size: float
    group: str


def _value_text(v) -> str | None:
    if _missing(v):
        return None
    if isinstance(v, float):
        return f"{v:g}"
    return _s(v) or None


def _target_parts(row: dict) -> tuple[float | None, str]:
    v = row.get("target_value")
    return (None if _missing(v) else round(float(v), 9)), text_key(row.get("target_unit"))


_RAW_FIELDS = ("indikator", "sasaran", "penjelasan", "satuan", "formula_type", "numerator", "denominator",
               "multiplier", "unit", "formula_canonical", "sumber_data", "penanggung_jawab", "target_raw",
               "target_value", "target_unit")


def _same_value(a, b) -> bool:
    if _missing(a):
        return _missing(b)
    return not _missing(b) and a == b


def compare_indicators(old: dict, new: dict) -> list[FieldChange]:
    """Every field that changed between two matched indicator rows, in COMPARED_FIELDS order.

    Texts are compared by :func:`text_key`; formulas by their parsed parts and canonical form
    (:func:`formula_view`), never by ``formula_raw``; a formula one side's extraction left in its
    penjelasan is read from there; when the formula and the penjelasan of both sides hold the same
    words, split differently between the two columns by the layout, neither changed; targets by
    value and unit (their text when a side has no value)."""
    if all(_same_value(old.get(f), new.get(f)) for f in _RAW_FIELDS):
        return []             # the same values, character for character
    out: list[FieldChange] = []
    for f in ("indikator", "sasaran"):
        if not same_text(old.get(f), new.get(f)):
            out.append(FieldChange(f, _value_text(old.get(f)), _value_text(new.get(f)),
                                   edit_size(old.get(f), new.get(f)), "reworded"))
    fo, fn = formula_view(old), formula_view(new)
    if (fo.type == "none") != (fn.type == "none"):
        fo, fn = formula_view(old, reparse=fo.type == "none"), formula_view(new, reparse=fn.type == "none")
    formula_same = fo.same(fn)
    pen_same = same_text(fo.penjelasan, fn.penjelasan)
    if not pen_same and fo.words() == fn.words():
        formula_same = pen_same = True   # the same words, split differently between penjelasan and formula
    if not pen_same:
        out.append(FieldChange("penjelasan", _value_text(fo.penjelasan), _value_text(fn.penjelasan),
                               edit_size(fo.penjelasan, fn.penjelasan), "reworded"))
    if not same_text(old.get("satuan"), new.get("satuan")):
        out.append(FieldChange("satuan", _value_text(old.get("satuan")), _value_text(new.get("satuan")),
                               edit_size(old.get("satuan"), new.get("satuan")), "reworded"))
    if not formula_same:
        size = edit_size(fo.canonical, fn.canonical) if fo.type == fn.type else 1.0
        parts = [("formula_type", fo.type != fn.type),
                 ("numerator", fo.numerator != fn.numerator),
                 ("denominator", fo.denominator != fn.denominator),
                 ("multiplier", fo.multiplier != fn.multiplier),
                 ("unit", _s(fo.unit).strip().casefold() != _s(fn.unit).strip().casefold())]
        changed = [p for p, differs in parts if differs]
        if fo.type not in ("ratio", "count") or fn.type not in ("ratio", "count") or not changed:
            out.append(FieldChange("formula_canonical", fo.canonical or None, fn.canonical or None,
                                   max(size, 0.01), "formula_changed"))
            changed = [p for p in changed if p == "formula_type"]
        out += [FieldChange(p, _value_text(fo.raw.get(p)), _value_text(fn.raw.get(p)), max(size, 0.01),
                            "formula_changed") for p in changed]
        out.sort(key=lambda c: COMPARED_FIELDS.index(c.field))
    for f in SOURCE_FIELDS:
        if not same_text(old.get(f), new.get(f)):
            out.append(FieldChange(f, _value_text(old.get(f)), _value_text(new.get(f)),
                                   edit_size(old.get(f), new.get(f)), "source_changed"))
    (vo, uo), (vn, un) = _target_parts(old), _target_parts(new)
    raw_o, raw_n = old.get("target_raw"), new.get("target_raw")
    if vo is not None and vn is not None:
        value_changed, unit_changed = vo != vn, uo != un
        raw_changed = value_changed or unit_changed
    else:
        value_changed = unit_changed = False
        raw_changed = not same_text(raw_o, raw_n)
    if raw_changed:
        size = max(edit_size(raw_o, raw_n), 0.01)
        out.append(FieldChange("target_raw", _value_text(raw_o), _value_text(raw_n), size, "target_changed"))
        if value_changed:
            out.append(FieldChange("target_value", _value_text(old.get("target_value")),
                                   _value_text(new.get("target_value")), size, "target_changed"))
        if unit_changed:
            out.append(FieldChange("target_unit", _value_text(old.get("target_unit")),
                                   _value_text(new.get("target_unit")), size, "target_changed"))
    return out


def changed_fields(old: dict, new: dict) -> list[str]:
    """Names of the compared fields whose meaning differs (see :func:`compare_indicators`)."""
    return [c.field for c in compare_indicators(old, new)]


def indicator_status(changes: list[FieldChange]) -> str:
    """The status of a matched pair: ``unchanged`` without changes, else the group (reworded,
    formula_changed, target_changed, source_changed) of the largest change by content; on a tie
    the order of STATUS_PRIORITY decides (a formula before a rewording)."""
    if not changes:
        return "unchanged"
    order = {status: k for k, (status, _) in enumerate(STATUS_PRIORITY)}
    best: dict[str, float] = {}
    for c in changes:
        best[c.group] = max(best.get(c.group, 0.0), c.size)
    return min(best, key=lambda g: (-round(best[g], 6), order[g]))


_TAIL_RE = regex.compile(r"\s+pada\s+(?:dinas|badan|kantor|sekretariat|inspektorat|satuan|kecamatan|kelurahan"
                         r"|rumah sakit|uptd?|pemerintah)\b.*$")
_REGION_TAIL_RE = regex.compile(r"\s+(?:kota|kabupaten|kab|provinsi)\s+\p{L}+.*$")
_HEAD_RE = regex.compile(r"^(?:kepala|sekretaris|camat|lurah|inspektur|direktur|asisten|staf ahli|plt|plh)\b")
_COORD_RE = regex.compile(r"^(?:subkoordinator|koordinator|ketua tim|ketua kelompok|sub koordinator)\b")
_STAFF_RE = regex.compile(r"^(?:pengelola|pengadministrasi|pengolah|pengurus|bendahara|staf|operator|pramu"
                          r"|pengemudi|petugas|caraka|teknisi|juru|penata|pengumpul|penyusun|pelaksana"
                          r"|verifikator|pengembang|pemroses|pengawas lapangan|tenaga)\b")
_RANK_WORDS = frozenset("kepala sub bagian seksi bidang subkoordinator koordinator kelompok substansi "
                        "ketua tim urusan".split())
_LEVEL_RE = regex.compile(r"\b(sub bagian|sub bidang|sub seksi|seksi|bidang|bagian|subkoordinator|koordinator"
                          r"|dinas|badan|upt|uptd|sekretaris)\b")
# Rank changes that keep the unit: the 2021-2022 restructuring made Seksi / Sub Bidang heads
# into Subkoordinators (and Bidang heads sometimes into Koordinators).
_LEVEL_SWAPS = {frozenset({"seksi", "subkoordinator"}), frozenset({"sub bidang", "subkoordinator"}),
                frozenset({"sub seksi", "subkoordinator"}), frozenset({"bidang", "koordinator"})}


def title_core(key) -> str:
    """``jabatan_key`` without the agency / region tail used for title matching."""
    k = _s(key)
    k = _TAIL_RE.sub("", k)
    k = _REGION_TAIL_RE.sub("", k)
    return k.strip()


def rank_class(key) -> str:
    """head | coord | staff | other — heads never pair with staff positions."""
    k = _s(key)
    if _COORD_RE.match(k):
        return "coord"
    if _HEAD_RE.match(k):
        return "head"
    if _STAFF_RE.match(k):
        return "staff"
    return "other"


def _compatible(a: str, b: str) -> bool:
    return not ({a, b} in ({"head", "staff"}, {"coord", "staff"}))


def _level(core: str) -> str | None:
    m = _LEVEL_RE.search(core)
    return m.group(1) if m else None


def _unit(core: str) -> str:
    return " ".join(w for w in core.split() if w not in _RANK_WORDS and w not in _STOP)


# --------------------------------------------------------------------------- loading and selecting

TABLE_NAMES = ("documents", "positions", "duties", "indicators")


class Tables(dict):
    """The tables of an output folder (name → DataFrame) and the run they come from: ``generation``,
    and ``changed`` (another run was published while they were read; they are still one run's)."""

    generation: str | None = None
    changed: bool = False


def load_output(out_dir: str | Path) -> Tables:
    """The four tables of an ``iki extract`` output folder, all from one run.

    Every table of the generation published when reading starts is opened at once (a run that
    publishes meanwhile cannot mix two runs' tables or take them away); a table that cannot be read
    raises :class:`schema.writer.DamagedTable` naming it."""
    from schema.writer import open_tables, read_table

    if not Path(out_dir).is_dir():
        raise DiffError(_t("diff_no_folder", out=out_dir))
    with open_tables(out_dir, TABLE_NAMES) as snap:
        missing = [n for n in TABLE_NAMES if n not in snap.files]
        if missing:
            raise DiffError(_t("diff_tables_missing", out=out_dir, files=", ".join(m + ".parquet" for m in missing)))
        tables = Tables({n: read_table(snap, n) for n in TABLE_NAMES})
        tables.generation, tables.changed = snap.generation, snap.changed()
    return tables


@dataclass
class Side:
    """The positions (with their documents, duties and indicators) on one side of a diff."""
    label: str
    documents: pd.DataFrame
    positions: pd.DataFrame
    duties: pd.DataFrame
    indicators: pd.DataFrame
    source: str = ""
    year: int | None = None

    @property
    def regions(self) -> list[str]:
        return sorted({_s(r) for r in self.documents.region if _s(r)})

    @property
    def agencies(self) -> list[str]:
        return sorted({_s(a) for a in self.documents.agency if _s(a)})


_KAB_RE = regex.compile(r"^kab\b")


def norm_region(region) -> str:
    r = norm_text(region)
    return _KAB_RE.sub("kabupaten", r)


def _split_region(norm: str) -> tuple[str, str]:
    kind, _, name = norm.partition(" ")
    return (kind, name) if kind in ("kota", "kabupaten") and name else ("", norm)


def region_matches(query: str, region) -> bool:
    """``--region`` filter, matched like ``--agency``: case, "Kab." and small typos aside, but a Kota
    never matches a Kabupaten of the same name ("Probolinggo" alone matches both)."""
    q, r = norm_region(query), norm_region(region)
    if not q or not r:
        return False
    (qk, qn), (rk, rn) = _split_region(q), _split_region(r)
    if qk and rk and qk != rk:
        return False
    return fuzz.ratio(qn, rn) >= 90


def did_you_mean(query: str, candidates: list[str]) -> str:
    """' Did you mean "X"?' for the candidate nearest to a filter that matched nothing, else ''."""
    q = norm_region(query)
    scored = [(fuzz.WRatio(q, norm_region(c)), c) for c in candidates if _s(c)]
    if not scored:
        return ""
    score, best = max(scored)
    return _t("did_you_mean", name=best) if score >= 60 else ""


def agency_matches(query: str, agency) -> bool:
    """``--agency`` filter: fuzzy, and a shorter name matches a longer one
    ("Dinas Sosial" matches "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak")."""
    q, a = norm_text(query), norm_text(agency)
    if not q or not a:
        return False
    return fuzz.token_set_ratio(q, a) >= 85


def _year_counts(years: pd.Series) -> str:
    c = Counter(int(y) if not _missing(y) else None for y in years)
    parts = [_t("year_positions", year=str(y), n=n) for y, n in sorted((y, n) for y, n in c.items() if y is not None)]
    if c.get(None):
        parts.append(_t("no_year_positions", n=c[None]))
    return ", ".join(parts) or _t("none_present")


def years_present(tables: dict[str, pd.DataFrame]) -> str:
    """'2019 (15 positions), 2022 (9 positions), no year (33 positions)'."""
    return _t("positions_of", years=_year_counts(position_years(tables)))


def position_years(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Each position's year: its own (``positions.year``), else its document's."""
    pos, docs = tables["positions"], tables["documents"].drop_duplicates("doc_id")
    doc_year = pos.doc_id.map(docs.set_index("doc_id").year)
    return pos.year.where(pos.year.notna(), doc_year)


def select_side(tables: dict[str, pd.DataFrame], *, year: int | None = None, region: str | None = None,
                agency: str | None = None, source: str = "OUT", flag: str = "--from") -> Side:
    """Positions of one year (``positions.year``) in one region / agency (``documents``)."""
    docs, pos = tables["documents"].drop_duplicates("doc_id"), tables["positions"]
    docs = docs[docs.status != "error"] if "status" in docs else docs
    years = position_years(tables)
    keep = pos.doc_id.isin(docs.doc_id)
    if region:
        ok_docs = set(docs.doc_id[docs.region.map(lambda r: region_matches(region, r))])
        if not (keep & pos.doc_id.isin(ok_docs)).any():
            present = sorted({_s(r) for r in docs.region if _s(r)})
            raise DiffError(_t("diff_no_region", source=source, region=region,
                               present=", ".join(present) or _t("none_present")) + did_you_mean(region, present))
        keep &= pos.doc_id.isin(ok_docs)
    if agency:
        ok_docs = set(docs.doc_id[docs.agency.map(lambda a: agency_matches(agency, a))])
        inst_ok = pos.instansi.map(lambda a: agency_matches(agency, a))
        sel = keep & (pos.doc_id.isin(ok_docs) | inst_ok)
        if not sel.any():
            present = sorted({_s(a) for a in docs[docs.doc_id.isin(pos.doc_id[keep])].agency if _s(a)})
            raise DiffError(_t("diff_no_agency", source=source, agency=agency,
                               present="; ".join(present) or _t("none_present")) + did_you_mean(agency, present))
        keep = sel
    if year is not None:
        sel = keep & (years == year)
        if not sel.any():
            raise DiffError(_t("diff_no_year", source=source, year=str(year), flag=flag,
                               present=_year_counts(years[keep])))
        keep = sel
    else:
        present = {int(y) for y in years[keep] if not _missing(y)}
        if len(present) > 1:
            raise DiffError(_t("diff_several_years", source=source, present=_year_counts(years[keep]), flag=flag))
    if not keep.any():
        raise DiffError(_t("diff_nothing", source=source))
    positions = pos[keep].copy()
    positions["year"] = years[keep]
    positions = positions.reset_index(drop=True)
    ids = set(positions.position_id)
    documents = docs[docs.doc_id.isin(positions.doc_id)].reset_index(drop=True)
    duties = tables["duties"]
    duties = duties[duties.position_id.isin(ids)].reset_index(drop=True)
    indicators = tables["indicators"]
    indicators = indicators[indicators.position_id.isin(ids)].reset_index(drop=True)
    ys = sorted({int(y) for y in positions.year if not _missing(y)})
    side_year = ys[0] if len(ys) == 1 else year
    regions = sorted({_s(r) for r in documents.region if _s(r)})
    agencies = sorted({_s(a) for a in documents.agency if _s(a)})
    label = " · ".join(x for x in (" / ".join(regions), " / ".join(agencies),
                                    str(side_year) if side_year else _t("year_unknown")) if x)
    return Side(label=label, documents=documents, positions=positions, duties=duties,
                indicators=indicators, source=source, year=side_year)


# --------------------------------------------------------------------------- TF-IDF

def _idf(token_lists: list[list[str]]) -> dict[str, float]:
    df = Counter(t for toks in token_lists for t in set(toks))
    n = len(token_lists)
    return {t: math.log((n + 1) / (d + 1)) + 1.0 for t, d in df.items()}


def _vectors(token_lists: list[list[str]], idf: dict[str, float]) -> list[dict[str, float]]:
    out = []
    for toks in token_lists:
        tf = Counter(toks)
        v = {t: (1.0 + math.log(c)) * idf.get(t, 1.0) for t, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values()))
        out.append({t: x / norm for t, x in v.items()} if norm else {})
    return out


def _cosine_matrix(a: list[dict[str, float]], b: list[dict[str, float]]) -> np.ndarray:
    """Cosine of unit vectors, dense over the vocabulary the two sides share."""
    vocab = sorted(set().union(*a) & set().union(*b)) if a and b else []
    out = np.zeros((len(a), len(b)), dtype=np.float32)
    if not vocab:
        return out
    col = {t: i for i, t in enumerate(vocab)}

    def dense(vs):
        m = np.zeros((len(vs), len(vocab)), dtype=np.float32)
        for r, v in enumerate(vs):
            for t, x in v.items():
                c = col.get(t)
                if c is not None:
                    m[r, c] = x
        return m

    return np.clip(dense(a) @ dense(b).T, 0.0, 1.0)


def _dot(u: dict[str, float], v: dict[str, float]) -> float:
    if len(u) > len(v):
        u, v = v, u
    return sum(x * v[t] for t, x in u.items() if t in v)


# --------------------------------------------------------------------------- scores of some pairs

DENSE_LIMIT = 1_000_000    # old × new pairs scored as full matrices; larger sides score only candidate pairs
CANDIDATES = 40            # per position (indicator): the other side's best by shared words
RARE = 64                  # a word on more items of a side than max(RARE, 4 √n) does not make candidates
SAME_TITLE_WINDOW = 8      # holders of one title: the k-th is a candidate of the (k ± 8)-th


class PairMatrix:
    """Scores of some (old, new) pairs read like a matrix of shape ``(na, nb)``: ``m[i, j]``,
    ``m[ii, jj]`` (arrays), ``m[i, :]`` and ``m[:, j]`` (dense vectors), ``m.nonzero()``; a pair that
    was not scored reads ``missing``. Memory grows with the pairs scored, not with ``na × nb``."""

    def __init__(self, ii: np.ndarray, jj: np.ndarray, values: np.ndarray, shape: tuple[int, int], missing=0.0):
        self.ii, self.jj, self.values, self.shape, self.missing = ii, jj, values, shape, missing
        self._key = ii.astype(np.int64) * max(1, shape[1]) + jj.astype(np.int64)
        self._order = np.argsort(self._key, kind="stable")
        self._sorted = self._key[self._order]
        self._by_row = np.argsort(ii, kind="stable")
        self._by_col = np.argsort(jj, kind="stable")
        self._rows = ii[self._by_row]
        self._cols = jj[self._by_col]
        self.dtype = values.dtype

    def _find(self, i, j):
        key = np.asarray(i, dtype=np.int64) * max(1, self.shape[1]) + np.asarray(j, dtype=np.int64)
        pos = np.searchsorted(self._sorted, key)
        pos = np.minimum(pos, max(0, len(self._sorted) - 1))
        found = (self._sorted[pos] == key) if len(self._sorted) else np.zeros(np.shape(key), dtype=bool)
        return self._order[pos] if len(self._order) else pos, found

    def __getitem__(self, key):
        i, j = key
        if isinstance(i, slice) or isinstance(j, slice):
            if isinstance(i, slice):  # a column
                out = np.full(self.shape[0], self.missing, dtype=self.values.dtype)
                sel = self._by_col[np.searchsorted(self._cols, j):np.searchsorted(self._cols, j, side="right")]
                out[self.ii[sel]] = self.values[sel]
                return out
            out = np.full(self.shape[1], self.missing, dtype=self.values.dtype)
            sel = self._by_row[np.searchsorted(self._rows, i):np.searchsorted(self._rows, i, side="right")]
            out[self.jj[sel]] = self.values[sel]
            return out
        idx, found = self._find(i, j)
        if np.ndim(idx) == 0:
            return self.values[idx] if found else self.values.dtype.type(self.missing)
        out = np.full(np.shape(idx), self.missing, dtype=self.values.dtype)
        out[found] = self.values[idx[found]]
        return out

    def pairs_at_least(self, threshold: float) -> list[tuple[int, int]]:
        """The scored pairs whose value is at least ``threshold``, in (i, j) order."""
        keep = self.values >= threshold
        order = np.lexsort((self.jj[keep], self.ii[keep]))
        return [(int(i), int(j)) for i, j in zip(self.ii[keep][order], self.jj[keep][order])]

    def nonzero(self) -> tuple[np.ndarray, np.ndarray]:
        keep = self.values.astype(bool)
        order = np.lexsort((self.jj[keep], self.ii[keep]))
        return self.ii[keep][order], self.jj[keep][order]


def _candidate_pairs(a_tokens: list[dict[str, float]], b_tokens: list[dict[str, float]],
                     k: int = CANDIDATES) -> set[tuple[int, int]]:
    """For each item of either side, the ``k`` items of the other side that share the most (weighted)
    words with it, counting only words that are not on very many items (they tell nothing apart);
    time and memory grow with the items and their rare words, not with the product of the sides."""
    def postings(side: list[dict[str, float]]) -> dict[str, list[tuple[int, float]]]:
        out: dict[str, list[tuple[int, float]]] = {}
        for idx, vec in enumerate(side):
            for tok, w in vec.items():
                out.setdefault(tok, []).append((idx, w))
        cap = max(RARE, int(4 * math.sqrt(max(1, len(side)))))
        return {tok: ps for tok, ps in out.items() if len(ps) <= cap}

    pairs: set[tuple[int, int]] = set()
    for src, dst, flip in ((a_tokens, b_tokens, False), (b_tokens, a_tokens, True)):
        post = postings(dst)
        for x, vec in enumerate(src):
            acc: dict[int, float] = {}
            for tok, w in vec.items():
                for y, v in post.get(tok, ()):
                    acc[y] = acc.get(y, 0.0) + w * v
            best = sorted(acc.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
            pairs.update(((y, x) if flip else (x, y)) for y, _ in best)
    return pairs


def _same_key_pairs(a: list[str], b: list[str], window: int = SAME_TITLE_WINDOW) -> set[tuple[int, int]]:
    """Pairs with the same (non-empty) key: all of them for a small group, else the k-th holder with
    the (k ± window)-th; and the pairs that line up in document order (:func:`_aligned_pairs`)."""
    where_a: dict[str, list[int]] = {}
    where_b: dict[str, list[int]] = {}
    for i, key in enumerate(a):
        if key:
            where_a.setdefault(key, []).append(i)
    for j, key in enumerate(b):
        if key:
            where_b.setdefault(key, []).append(j)
    pairs: set[tuple[int, int]] = set()
    for key, xs in where_a.items():
        ys = where_b.get(key)
        if not ys:
            continue
        if len(xs) * len(ys) <= 4 * window * window:
            pairs.update((x, y) for x in xs for y in ys)
        else:
            for r, x in enumerate(xs):
                pairs.update((x, ys[c]) for c in range(max(0, r - window), min(len(ys), r + window + 1)))
    return pairs | _aligned_pairs(a, b)


def _best(row: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the ``k`` largest values of ``row``, largest first (a long row is not sorted whole)."""
    if len(row) <= 4096:
        return np.argsort(-row)[:k]
    top = np.argpartition(-row, min(k, len(row) - 1))[:k]
    return top[np.lexsort((top, -row[top]))]


# --------------------------------------------------------------------------- positions

@dataclass
class _Pos:
    """Per-position features."""
    ids: list[str]
    keys: list[str]
    cores: list[str]
    units: list[str]
    levels: list[str | None]
    ranks: list[str]
    duties: list[list[str]]
    inds: list[list[str]]
    scope: list[tuple[str, str]]


def _position_features(side: Side) -> _Pos:
    pos = side.positions
    duty_words: dict[str, list[str]] = {}
    for pid, text in zip(side.duties.position_id, side.duties.text):
        duty_words.setdefault(pid, []).extend(_tokens(text))
    ind_words: dict[str, list[str]] = {}
    ind = side.indicators
    for pid, a, b, c in zip(ind.position_id, ind.indikator, ind.numerator, ind.denominator):
        ind_words.setdefault(pid, []).extend(_tokens(f"{_s(a)} {_s(b)} {_s(c)}"))
    doc_scope = {d: (norm_region(r), norm_text(a)) for d, r, a in
                 zip(side.documents.doc_id, side.documents.region, side.documents.agency)}
    keys, cores = [], []
    for kind, key in zip(pos.kind, pos.jabatan_key):
        k = _s(key) or ("iku" if _s(kind) == "IKU" else "")
        keys.append(k)
        cores.append(title_core(k) or k)
    return _Pos(ids=list(pos.position_id), keys=keys, cores=cores, units=[_unit(c) for c in cores],
                levels=[_level(c) for c in cores], ranks=[rank_class(c) for c in cores],
                duties=[duty_words.get(p, []) for p in pos.position_id],
                inds=[ind_words.get(p, []) for p in pos.position_id],
                scope=[doc_scope.get(d, ("", "")) for d in pos.doc_id])


def _scope_mask(a: _Pos, b: _Pos) -> np.ndarray:
    """Which pairs may match: same region (or unknown), and similar agencies when a side holds several."""
    ra = sorted(set(a.scope))
    rb = sorted(set(b.scope))
    agencies_a = {g for _, g in ra if g}
    agencies_b = {g for _, g in rb if g}
    single = len(agencies_a) <= 1 and len(agencies_b) <= 1
    ok = {}
    for sa in ra:
        for sb in rb:
            region_ok = not sa[0] or not sb[0] or sa[0] == sb[0]
            agency_ok = single or not sa[1] or not sb[1] or fuzz.token_set_ratio(sa[1], sb[1]) >= 80
            ok[sa, sb] = region_ok and agency_ok
    if all(ok.values()):
        return np.ones((len(a.ids), len(b.ids)), dtype=bool)
    ia = {s: i for i, s in enumerate(ra)}
    ib = {s: i for i, s in enumerate(rb)}
    small = np.array([[ok[sa, sb] for sb in rb] for sa in ra], dtype=bool)
    return small[np.array([ia[s] for s in a.scope])][:, np.array([ib[s] for s in b.scope])]


@dataclass
class PositionScores:
    name: np.ndarray
    duties: np.ndarray
    indicators: np.ndarray
    total: np.ndarray
    exact: np.ndarray
    allowed: np.ndarray


def score_positions(a: _Pos, b: _Pos) -> PositionScores:
    """Old × new position similarities (0-1): every pair, vectorised (``rapidfuzz.process.cdist``,
    numpy), up to :data:`DENSE_LIMIT` pairs; beyond, only candidate pairs (:func:`_score_candidates`)."""
    na, nb = len(a.ids), len(b.ids)
    if not na or not nb:
        z = np.zeros((na, nb), dtype=np.float32)
        return PositionScores(z, z, z, z, z.astype(bool), z.astype(bool))
    if na * nb > DENSE_LIMIT:
        return _score_candidates(a, b)
    name = process.cdist(a.cores, b.cores, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1) / 100
    unit = process.cdist(a.units, b.units, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1) / 100
    la = np.array([x or "" for x in a.levels], dtype=object)
    lb = np.array([x or "" for x in b.levels], dtype=object)
    swap = np.zeros((na, nb), dtype=bool)
    for pair in _LEVEL_SWAPS:
        x, y = sorted(pair)
        swap |= np.outer(la == x, lb == y) | np.outer(la == y, lb == x)
    name = np.maximum(name, np.where(swap, 0.9 * unit, 0.0)).astype(np.float32)
    core_id: dict[str, int] = {}
    ca = np.array([core_id.setdefault(c, len(core_id)) if c else -1 for c in a.cores])
    cb = np.array([core_id.setdefault(c, len(core_id)) if c else -2 for c in b.cores])
    exact = np.equal.outer(ca, cb)
    name[exact] = 1.0

    idf = _idf(a.duties + b.duties)
    duties = _cosine_matrix(_vectors(a.duties, idf), _vectors(b.duties, idf))
    idf = _idf(a.inds + b.inds)
    inds = _cosine_matrix(_vectors(a.inds, idf), _vectors(b.inds, idf))
    has_d = np.outer(np.array([bool(x) for x in a.duties]), np.array([bool(x) for x in b.duties]))
    has_i = np.outer(np.array([bool(x) for x in a.inds]), np.array([bool(x) for x in b.inds]))
    w_d = WEIGHTS["duties"] * has_d
    w_i = WEIGHTS["indicators"] * has_i
    total = (WEIGHTS["name"] * name + w_d * duties + w_i * inds) / (WEIGHTS["name"] + w_d + w_i)

    ranks_ok = np.array([[_compatible(x, y) for y in sorted(set(b.ranks))] for x in sorted(set(a.ranks))])
    ra = {r: i for i, r in enumerate(sorted(set(a.ranks)))}
    rb = {r: i for i, r in enumerate(sorted(set(b.ranks)))}
    ranks_ok = ranks_ok[np.array([ra[r] for r in a.ranks])][:, np.array([rb[r] for r in b.ranks])]
    content = np.maximum(np.where(has_d, duties, 0), np.where(has_i, inds, 0))
    no_content = ~(has_d | has_i)
    rename_ok = ranks_ok & (total >= POSITION_MATCH) & (
        ((name >= NAME_EVIDENCE) & ((content >= CONTENT_EVIDENCE) | no_content & (name >= 0.85)))
        | (content >= STRONG_CONTENT))
    allowed = (exact | rename_ok) & _scope_mask(a, b)
    return PositionScores(name, np.where(has_d, duties, np.nan), np.where(has_i, inds, np.nan),
                          total.astype(np.float32), exact, allowed)


def _score_candidates(a: _Pos, b: _Pos) -> PositionScores:
    """:func:`score_positions` for large sides: the same scores, for the pairs that can matter only — the
    same title (:func:`_same_key_pairs`) and each position's best candidates by shared title, duty and
    indicator words (:func:`_candidate_pairs`). Pairs not scored read 0 (``allowed`` False)."""
    na, nb = len(a.ids), len(b.ids)
    idf_d = _idf(a.duties + b.duties)
    vd_a, vd_b = _vectors(a.duties, idf_d), _vectors(b.duties, idf_d)
    idf_i = _idf(a.inds + b.inds)
    vi_a, vi_b = _vectors(a.inds, idf_i), _vectors(b.inds, idf_i)
    titles_a = [_tokens(c) for c in a.cores]
    titles_b = [_tokens(c) for c in b.cores]
    idf_t = _idf(titles_a + titles_b)
    vt_a, vt_b = _vectors(titles_a, idf_t), _vectors(titles_b, idf_t)

    def joined(t, d, i):
        out: dict[str, float] = {}
        for vec, w in ((t, WEIGHTS["name"]), (d, WEIGHTS["duties"]), (i, WEIGHTS["indicators"])):
            for tok, x in vec.items():
                out[tok] = out.get(tok, 0.0) + w * x
        return out

    ja = [joined(t, d, i) for t, d, i in zip(vt_a, vd_a, vi_a)]
    jb = [joined(t, d, i) for t, d, i in zip(vt_b, vd_b, vi_b)]
    pairs = _candidate_pairs(ja, jb) | _same_key_pairs(a.cores, b.cores)
    pairs |= _same_key_pairs(a.units, b.units)  # "Kepala Seksi X" and "Subkoordinator X": the unit X
    order = sorted(pairs)
    ii = np.fromiter((p[0] for p in order), dtype=np.int64, count=len(order))
    jj = np.fromiter((p[1] for p in order), dtype=np.int64, count=len(order))
    n = len(order)
    name = np.empty(n, dtype=np.float32)
    unit = np.empty(n, dtype=np.float32)
    duties = np.empty(n, dtype=np.float32)
    inds = np.empty(n, dtype=np.float32)
    for k, (i, j) in enumerate(order):
        name[k] = fuzz.token_sort_ratio(a.cores[i], b.cores[j]) / 100
        unit[k] = fuzz.token_sort_ratio(a.units[i], b.units[j]) / 100
        duties[k] = min(1.0, max(0.0, _dot(vd_a[i], vd_b[j])))
        inds[k] = min(1.0, max(0.0, _dot(vi_a[i], vi_b[j])))
    la = np.array([x or "" for x in a.levels], dtype=object)[ii]
    lb = np.array([x or "" for x in b.levels], dtype=object)[jj]
    swap = np.zeros(n, dtype=bool)
    for pair in _LEVEL_SWAPS:
        x, y = sorted(pair)
        swap |= ((la == x) & (lb == y)) | ((la == y) & (lb == x))
    name = np.maximum(name, np.where(swap, 0.9 * unit, 0.0)).astype(np.float32)
    core_id: dict[str, int] = {}
    ca = np.array([core_id.setdefault(c, len(core_id)) if c else -1 for c in a.cores])
    cb = np.array([core_id.setdefault(c, len(core_id)) if c else -2 for c in b.cores])
    exact = ca[ii] == cb[jj]
    name[exact] = 1.0
    has_d = np.array([bool(x) for x in a.duties])[ii] & np.array([bool(x) for x in b.duties])[jj]
    has_i = np.array([bool(x) for x in a.inds])[ii] & np.array([bool(x) for x in b.inds])[jj]
    w_d = WEIGHTS["duties"] * has_d
    w_i = WEIGHTS["indicators"] * has_i
    total = (WEIGHTS["name"] * name + w_d * duties + w_i * inds) / (WEIGHTS["name"] + w_d + w_i)
    rank_ok: dict[tuple[str, str], bool] = {}
    ranks_ok = np.array([rank_ok.setdefault((a.ranks[i], b.ranks[j]), _compatible(a.ranks[i], b.ranks[j]))
                         for i, j in order], dtype=bool)
    content = np.maximum(np.where(has_d, duties, 0), np.where(has_i, inds, 0))
    no_content = ~(has_d | has_i)
    rename_ok = ranks_ok & (total >= POSITION_MATCH) & (
        ((name >= NAME_EVIDENCE) & ((content >= CONTENT_EVIDENCE) | no_content & (name >= 0.85)))
        | (content >= STRONG_CONTENT))
    allowed = (exact | rename_ok) & _scope_pairs(a, b, ii, jj)
    shape = (na, nb)
    return PositionScores(PairMatrix(ii, jj, name, shape), PairMatrix(ii, jj, np.where(has_d, duties, np.nan), shape,
                                                                       np.nan),
                          PairMatrix(ii, jj, np.where(has_i, inds, np.nan), shape, np.nan),
                          PairMatrix(ii, jj, total.astype(np.float32), shape), PairMatrix(ii, jj, exact, shape, False),
                          PairMatrix(ii, jj, allowed, shape, False))


def _scope_pairs(a: _Pos, b: _Pos, ii: np.ndarray, jj: np.ndarray) -> np.ndarray:
    """:func:`_scope_mask` for the pairs (ii, jj) only."""
    ra = sorted(set(a.scope))
    rb = sorted(set(b.scope))
    agencies_a = {g for _, g in ra if g}
    agencies_b = {g for _, g in rb if g}
    single = len(agencies_a) <= 1 and len(agencies_b) <= 1
    ok: dict[tuple, bool] = {}
    out = np.empty(len(ii), dtype=bool)
    for k, (i, j) in enumerate(zip(ii, jj)):
        sa, sb = a.scope[i], b.scope[j]
        v = ok.get((sa, sb))
        if v is None:
            region_ok = not sa[0] or not sb[0] or sa[0] == sb[0]
            agency_ok = single or not sa[1] or not sb[1] or fuzz.token_set_ratio(sa[1], sb[1]) >= 80
            v = ok[(sa, sb)] = region_ok and agency_ok
        out[k] = v
    return out


def _occurrences(keys: list[str]) -> np.ndarray:
    """For each key, how many earlier entries have the same key (0 for the first)."""
    seen: Counter = Counter()
    out = np.zeros(len(keys), dtype=np.int32)
    for k, key in enumerate(keys):
        out[k] = seen[key]
        seen[key] += 1
    return out


def _aligned(a: list[str], b: list[str]) -> np.ndarray:
    """Which (old, new) pairs line up in document order: the blocks of equal keys that
    ``difflib.SequenceMatcher`` finds in the two sequences, read forwards and backwards, where both
    readings agree (so of two holders of one title, the first pairs with the first even when a position
    is inserted before them or one of them is renamed; where the order cannot tell, neither is marked)."""
    na, nb = len(a), len(b)
    out = np.zeros((na, nb), dtype=bool)
    for i, j in _aligned_pairs(a, b):
        out[i, j] = True
    return out


def _aligned_pairs(a: list[str], b: list[str]) -> set[tuple[int, int]]:
    """The pairs :func:`_aligned` marks, as a set (memory grows with them, not with ``len(a) × len(b)``)."""
    def blocks(x: list[str], y: list[str]) -> set[tuple[int, int]]:
        sm = difflib.SequenceMatcher(None, x, y, autojunk=False)
        return {(i + d, j + d) for i, j, n in sm.get_matching_blocks() for d in range(n)}

    na, nb = len(a), len(b)
    return blocks(a, b) & {(na - 1 - i, nb - 1 - j) for i, j in blocks(a[::-1], b[::-1])}


def match_positions(a: _Pos, b: _Pos, scores: PositionScores) -> list[tuple[int, int]]:
    """Greedy one-to-one: same title first, then the best score. Holders of one title (two staff
    with the same title and near-same content) pair in document order (:func:`_aligned`) unless
    their content says otherwise by more than ORDER_MARGIN; where the order of the titles cannot
    tell, the k-th holder pairs with the k-th."""
    ii, jj = scores.allowed.nonzero()
    if not len(ii):
        return []
    ex = scores.exact[ii, jj]
    both = _aligned_pairs(a.cores, b.cores)
    aligned = np.fromiter(((int(i), int(j)) in both for i, j in zip(ii, jj)), dtype=bool, count=len(ii))
    key = np.round(scores.total[ii, jj] + ORDER_MARGIN * (aligned & ex), 4)
    occ = np.abs(_occurrences(a.cores)[ii] - _occurrences(b.cores)[jj])   # else the k-th with the k-th
    order = np.lexsort((jj, ii, np.abs(ii - jj), occ, -key, ~ex))
    used_a, used_b, pairs = set(), set(), []
    for k in order:
        i, j = int(ii[k]), int(jj[k])
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        pairs.append((i, j))
    return pairs


# --------------------------------------------------------------------------- indicators

def _ind_text(row) -> str:
    return _s(row.get("indikator"))


def _ind_formula_text(row) -> str:
    return " ".join(x for x in (_s(row.get("numerator")), _s(row.get("denominator"))) if x) \
        or fold_text(row.get("formula_raw"))


class _IndicatorIdf:
    """IDF over all indicator texts of both sides (so template words weigh little)."""

    def __init__(self, texts: list[str]):
        self.idf = _idf([_tokens(t) for t in texts])

    def vec(self, text: str) -> dict[str, float]:
        return _vectors([_tokens(text)], self.idf)[0]

    def weights(self, text: str) -> dict[str, float]:
        return {t: self.idf.get(t, 1.0) for t in set(_tokens(text))}


def _containment(part: dict[str, float], whole: dict[str, float]) -> float:
    tot = sum(part.values())
    return sum(w for t, w in part.items() if t in whole) / tot if tot else 0.0


def match_indicators(old: list[dict], new: list[dict], idf: _IndicatorIdf) -> list[tuple[int | None, int | None, float, str]]:
    """Indicator pairs within one matched position pair: (old index, new index, similarity, kind)
    with kind one of one | split | merged | added | removed."""
    no, nn = len(old), len(new)
    if not no or not nn:
        return [(i, None, 0.0, "removed") for i in range(no)] + [(None, j, 0.0, "added") for j in range(nn)]
    ot = [fold_text(_ind_text(r)) for r in old]
    nt = [fold_text(_ind_text(r)) for r in new]
    of = [fold_text(_ind_formula_text(r)) for r in old]
    nf = [fold_text(_ind_formula_text(r)) for r in new]
    ov = [idf.vec(f"{a} {b}") for a, b in zip(ot, of)]
    nv = [idf.vec(f"{a} {b}") for a, b in zip(nt, nf)]
    okey = [x.replace(" ", "") for x in ot]
    nkey = [x.replace(" ", "") for x in nt]
    osas = [fold_text(r.get("sasaran")) for r in old]
    nsas = [fold_text(r.get("sasaran")) for r in new]
    if no * nn > DENSE_LIMIT:  # a huge pair: only candidate pairs are scored
        sim, sas_of, aligned_of = _indicator_candidates(ot, nt, of, nf, ov, nv, okey, nkey, osas, nsas)
        good = sim.pairs_at_least(INDICATOR_MATCH)
    else:
        name = process.cdist(ot, nt, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1) / 100
        form = process.cdist(of, nf, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1) / 100
        has_f = np.outer(np.array([bool(x) for x in of]), np.array([bool(x) for x in nf]))
        cos = np.array([[_dot(u, v) for v in nv] for u in ov], dtype=np.float32)
        text = np.where(has_f, 0.75 * name + 0.25 * form, name)
        sim = 0.5 * text + 0.5 * cos
        exact = np.equal.outer(np.array(okey, dtype=object), np.array(nkey, dtype=object))
        sim = np.where(exact & (np.array(okey, dtype=object)[:, None] != ""), np.maximum(sim, 0.99), sim)
        # Same-named indicators (one name under several sasaran) pair by sasaran, then in document order
        # (:func:`_aligned`), then by row number: sasaran and order weigh in the order of candidates only.
        sas = process.cdist(osas, nsas, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1) / 100
        aligned = _aligned(okey, nkey)
        good = [(i, j) for i in range(no) for j in range(nn) if sim[i, j] >= INDICATOR_MATCH]
        sas_of = lambda i, j: float(sas[i, j])  # noqa: E731
        aligned_of = lambda i, j: bool(aligned[i, j])  # noqa: E731

    pairs = []
    used_o: dict[int, int] = {}
    used_n: dict[int, int] = {}
    cand = [(-round(float(sim[i, j]) + SASARAN_WEIGHT * sas_of(i, j) + ORDER_MARGIN * aligned_of(i, j), 4),
             abs(i - j), i, j) for i, j in good]
    for _, _, i, j in sorted(cand):
        if i in used_o or j in used_n:
            continue
        used_o[i] = j
        used_n[j] = i
        pairs.append([i, j, float(sim[i, j]), "one"])

    ow = [idf.weights(t) for t in ot]
    nw = [idf.weights(t) for t in nt]
    pieces_of = ((lambda j: [int(i) for i in _best(sim[:, j], PIECE_CANDIDATES)]) if isinstance(sim, PairMatrix)
                 else (lambda j: [int(i) for i in np.argsort(-sim[:, j])]))
    parts_of = ((lambda i: [int(j) for j in _best(sim[i, :], PIECE_CANDIDATES)]) if isinstance(sim, PairMatrix)
                else (lambda i: [int(j) for j in np.argsort(-sim[i, :])]))
    # split: a leftover new indicator contained in a matched old one, covering words its partner lacks
    pieces: dict[int, list[int]] = {}
    for j in range(nn):
        if j in used_n:
            continue
        best = None
        for i in pieces_of(j):
            if sim[i, j] < PIECE_MATCH:
                break
            if i not in used_o:
                continue
            others = [used_o[i]] + pieces.get(i, [])
            covered = set().union(*(nw[k] for k in others)) & set(ow[i])
            gain = (set(nw[j]) & set(ow[i])) - covered
            if _containment(nw[j], ow[i]) >= PIECE_CONTAINMENT and gain:
                best = i
                break
        if best is not None:
            pieces.setdefault(best, []).append(j)
            used_n[j] = best
    # merged: a leftover old indicator contained in a matched new one, covering words its partner lacks
    parts: dict[int, list[int]] = {}
    for i in range(no):
        if i in used_o:
            continue
        best = None
        for j in parts_of(i):
            if sim[i, j] < PIECE_MATCH:
                break
            if j not in used_n or j in {x for v in pieces.values() for x in v}:
                continue
            partner = used_n[j]
            if partner in pieces:
                continue
            others = [partner] + parts.get(j, [])
            covered = set().union(*(ow[k] for k in others)) & set(nw[j])
            gain = (set(ow[i]) & set(nw[j])) - covered
            if _containment(ow[i], nw[j]) >= PIECE_CONTAINMENT and gain:
                best = j
                break
        if best is not None:
            parts.setdefault(best, []).append(i)
            used_o[i] = best

    out: list[tuple[int | None, int | None, float, str]] = []
    for i, j, s, _ in pairs:
        if i in pieces:
            out.append((i, j, s, "split"))
            out += [(i, k, float(sim[i, k]), "split") for k in pieces[i]]
        elif j in parts:
            out.append((i, j, s, "merged"))
            out += [(k, j, float(sim[k, j]), "merged") for k in parts[j]]
        else:
            out.append((i, j, s, "one"))
    out += [(i, None, 0.0, "removed") for i in range(no) if i not in used_o]
    out += [(None, j, 0.0, "added") for j in range(nn) if j not in used_n]
    return sorted(out, key=lambda t: (t[1] if t[1] is not None else (t[0] if t[0] is not None else 0) + 0.5,
                                      t[0] if t[0] is not None else -1))


# --------------------------------------------------------------------------- duties

PIECE_CANDIDATES = 64  # a huge pair: split pieces and merged parts are looked for among this many


def _indicator_candidates(ot, nt, of, nf, ov, nv, okey, nkey, osas, nsas):
    """:func:`match_indicators`' similarity for a huge pair, on candidate pairs only (same name, and
    each indicator's best by shared words): (``sim`` as a :class:`PairMatrix`, sasaran similarity and
    document-order alignment of a pair)."""
    pairs = _candidate_pairs(ov, nv) | _same_key_pairs(okey, nkey)
    order = sorted(pairs)
    ii = np.fromiter((p[0] for p in order), dtype=np.int64, count=len(order))
    jj = np.fromiter((p[1] for p in order), dtype=np.int64, count=len(order))
    sim = np.empty(len(order), dtype=np.float32)
    for k, (i, j) in enumerate(order):
        name = fuzz.token_sort_ratio(ot[i], nt[j]) / 100
        text = 0.75 * name + 0.25 * fuzz.token_sort_ratio(of[i], nf[j]) / 100 if of[i] and nf[j] else name
        v = 0.5 * text + 0.5 * np.float32(_dot(ov[i], nv[j]))
        sim[k] = max(v, 0.99) if okey[i] and okey[i] == nkey[j] else v
    both = _aligned_pairs(okey, nkey)
    matrix = PairMatrix(ii, jj, sim, (len(ot), len(nt)))
    return (matrix, lambda i, j: fuzz.token_sort_ratio(osas[i], nsas[j]) / 100,
            lambda i, j: (i, j) in both)


def duties_by_position(duties: pd.DataFrame) -> dict[str, dict[str, list[str]]]:
    """Duty texts by position and section, in document order."""
    out: dict[str, dict[str, list[str]]] = {}
    d = duties.sort_values(["position_id", "section", "seq"]) if len(duties) else duties
    for pid, sec, text in zip(d.position_id, d.section, d.text):
        out.setdefault(pid, {}).setdefault(_s(sec), []).append(_s(text))
    return out


def pair_items(old: list[str], new: list[str], threshold: float = 0.6) -> list[tuple[str | None, str | None, float]]:
    """Line up two lists of duty items: same text, then reworded (similar), then removed / added."""
    if not old or not new:
        return [(o, None, 0.0) for o in old] + [(None, n, 0.0) for n in new]
    on = [fold_text(x) for x in old]
    nn = [fold_text(x) for x in new]
    sim = process.cdist(on, nn, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1) / 100
    same = np.equal.outer(np.array([x.replace(" ", "") for x in on], dtype=object),
                          np.array([x.replace(" ", "") for x in nn], dtype=object))
    sim = np.where(same, 1.0, sim)
    cand = sorted((-float(sim[i, j]), abs(i - j), i, j) for i in range(len(old)) for j in range(len(new))
                  if sim[i, j] >= threshold)
    uo, un, rows = set(), set(), []
    for s, _, i, j in cand:
        if i in uo or j in un:
            continue
        uo.add(i)
        un.add(j)
        rows.append((i, j, -s))
    out = [(old[i], new[j], s) for i, j, s in sorted(rows, key=lambda r: r[1])]
    out += [(old[i], None, 0.0) for i in range(len(old)) if i not in uo]
    out += [(None, new[j], 0.0) for j in range(len(new)) if j not in un]
    return out


def _duties_changed(old: dict[str, list[str]], new: dict[str, list[str]]) -> list[str]:
    """Duty sections whose items differ in meaning: items are compared by :func:`text_key`, in any
    order; the same words cut into items differently by a layout (one item read as two, or a list
    read as one paragraph) are no change."""
    out = []
    for sec in DUTY_SECTIONS:
        ka = [text_key(x) for x in old.get(sec, [])]
        kb = [text_key(x) for x in new.get(sec, [])]
        if Counter(ka) != Counter(kb) and "".join(ka) != "".join(kb):
            out.append(sec)
    return out


# --------------------------------------------------------------------------- the diff

@dataclass
class DiffResult:
    old: Side
    new: Side
    position_changes: pd.DataFrame
    indicator_changes: pd.DataFrame
    field_changes: pd.DataFrame = field(default_factory=pd.DataFrame)
    position_rows: list[dict] = field(default_factory=list)
    indicator_rows: list[dict] = field(default_factory=list)
    field_rows: list[dict] = field(default_factory=list)
    notes: list[list] = field(default_factory=list)     # per position row: its Note hints
    old_duties: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    new_duties: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def _r(x) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, np.floating) and np.isnan(x)):
        return None
    return round(float(x), 3)


def _int(x) -> int | None:
    return None if _missing(x) else int(x)


def _ind_row(old: dict | None, new: dict | None, op: dict | None, np_: dict | None, status: str,
             sim: float | None, changes: list[FieldChange]) -> dict:
    return {
        "old_position_id": op and op["position_id"], "new_position_id": np_ and np_["position_id"],
        "old_indicator_id": old and old["indicator_id"], "new_indicator_id": new and new["indicator_id"],
        "jabatan": _s((np_ or op or {}).get("jabatan")) or None,
        "status": status, "similarity": _r(sim),
        "changed_fields": [c.field for c in changes],
        "old_values": [c.old or "" for c in changes],
        "new_values": [c.new or "" for c in changes],
        "old_indikator": old and (_s(old.get("indikator")) or None),
        "new_indikator": new and (_s(new.get("indikator")) or None),
        "old_seq": old and _int(old.get("seq")), "new_seq": new and _int(new.get("seq")),
    }


def _field_row(level: str, status: str, ids: tuple, jabatan, indikator, change: FieldChange,
               n_indicators: int | None = None) -> dict:
    return {"level": level, "status": status,
            "old_position_id": ids[0], "new_position_id": ids[1], "old_indicator_id": ids[2],
            "new_indicator_id": ids[3], "jabatan": _s(jabatan) or None, "indikator": _s(indikator) or None,
            "field": change.field, "old": change.old, "new": change.new, "edit_size": round(change.size, 3),
            "n_indicators": n_indicators}


_COUNT_COLS = {s: f"n_{s}" for s in INDICATOR_STATUSES}


def _records(df: pd.DataFrame) -> list[dict]:
    rows = df.to_dict("records")
    for r in rows:
        for k, v in r.items():
            if isinstance(v, float) and math.isnan(v):
                r[k] = None
    return rows


def _en(key: str, **fields) -> str:
    """A note as stored in the tables: always English (the report translates it, see :class:`Note`)."""
    from iki.i18n import MESSAGES
    return MESSAGES[key]["en"].format(**fields)


@dataclass(frozen=True)
class Note:
    """A hint on a position row: a message key of :mod:`iki.i18n` and its fields. The ``note`` column
    holds the English text; the report shows it in the reader's language."""
    key: str
    fields: tuple = ()

    def text(self, translate=None) -> str:
        """The note in English, or through ``translate(key, **fields)`` (e.g. :func:`iki.i18n.t`)."""
        say = translate or _en
        f = {k: (say(v) if isinstance(v, str) and v.startswith("note_why_") else v) for k, v in self.fields}
        return say(self.key, **f)


def _carried(source: set[str], target: set[str], partner: set[str], idf: dict[str, float]) -> tuple[float, list[str]]:
    """Content that moved: the words of ``source`` (a removed position's duties and indicators) that
    ``target`` (a matched new position) has and its own partner (the same position the year before)
    has not, as a share of ``source``'s IDF weight, and how many such words. Mirrored for a split:
    an added position's words that a matched old position had and its new self lost."""
    total = sum(idf.get(w, 1.0) for w in source)
    if not total:
        return 0.0, []
    moved = sorted(source & (target - partner), key=lambda w: (-idf.get(w, 1.0), w))
    return sum(idf.get(w, 1.0) for w in moved) / total, moved


def diff(old: Side, new: Side) -> DiffResult:
    """Match ``old`` and ``new`` and classify every position and indicator change.

    Returns a :class:`DiffResult` with one row per position pair (``position_changes``), per indicator
    pair (``indicator_changes``) and per changed field (``field_changes``)."""
    a, b = _position_features(old), _position_features(new)
    scores = score_positions(a, b)
    pairs = match_positions(a, b, scores)
    matched_a = {i for i, _ in pairs}
    matched_b = {j for _, j in pairs}

    opos = _records(old.positions)
    npos = _records(new.positions)
    oind_by: dict[str, list[dict]] = {}
    for r in _records(old.indicators.sort_values(["position_id", "seq"])):
        oind_by.setdefault(r["position_id"], []).append(r)
    nind_by: dict[str, list[dict]] = {}
    for r in _records(new.indicators.sort_values(["position_id", "seq"])):
        nind_by.setdefault(r["position_id"], []).append(r)
    idf = _IndicatorIdf([f"{_ind_text(r)} {_ind_formula_text(r)}"
                         for rs in (*oind_by.values(), *nind_by.values()) for r in rs])
    old_duties, new_duties = duties_by_position(old.duties), duties_by_position(new.duties)
    odoc = old.documents.set_index("doc_id")
    ndoc = new.documents.set_index("doc_id")

    def agency(doc, doc_id):
        return _s(doc.agency.get(doc_id)) or None if doc_id in doc.index else None

    def region(p_old, p_new):
        for doc, p in ((ndoc, p_new), (odoc, p_old)):
            if p is not None and p["doc_id"] in doc.index and _s(doc.region.get(p["doc_id"])):
                return _s(doc.region.get(p["doc_id"]))
        return None

    pmap_a = dict(pairs)
    pmap_b = {j: i for i, j in pairs}
    content_a = [set(d) | set(x) for d, x in zip(a.duties, a.inds)]
    content_b = [set(d) | set(x) for d, x in zip(b.duties, b.inds)]
    content_idf = _idf(content_a + content_b)

    def title(rec) -> str:
        return _s(rec.get("jabatan")) or "IKU"

    def closest_note(k_side: str, idx: int) -> list[Note]:
        """Why an added / removed position has no partner, naming its closest candidate."""
        row = scores.total[idx, :] if k_side == "old" else scores.total[:, idx]
        if not len(row):
            return []
        k = int(np.argmax(row))
        s = float(row[k])
        if s < NOTE_MIN:
            return []
        i, j = (idx, k) if k_side == "old" else (k, idx)
        other = npos[k] if k_side == "old" else opos[k]
        if not _compatible(a.ranks[i], b.ranks[j]):
            why = "note_why_rank"
        elif (k_side == "old" and k in matched_b) or (k_side == "new" and k in matched_a):
            why = "note_why_taken"
        elif s < POSITION_MATCH:
            why = "note_why_score"
        else:
            why = "note_why_evidence"
        return [Note(f"note_closest_{'new' if k_side == 'old' else 'old'}",
                     (("title", title(other)), ("score", round(s, 2)), ("why", why)))]

    # Merger and split hints, only where content backs them: a removed position whose duties or
    # indicators turn up in a matched new position (and not in that position's old self), or an added
    # position whose duties or indicators come from a matched old one (and stayed not in its new self).
    notes: dict[tuple, list[Note]] = {}

    def moved(src_side: str, k: int) -> tuple[int, float, list[str]] | None:
        """(candidate index on the other side, share of k's content carried, the words carried) for the
        candidate that takes over most of k's duties and indicators, when that is enough to say so."""
        row = scores.total[k, :] if src_side == "old" else scores.total[:, k]
        src = content_a[k] if src_side == "old" else content_b[k]
        if not len(row) or not src:
            return None
        best = None
        for c in _best(row, 5):
            c = int(c)
            partner = (pmap_b if src_side == "old" else pmap_a).get(c)
            if partner is None:
                continue
            target, own = ((content_b[c], content_a[partner]) if src_side == "old" else
                           (content_a[c], content_b[partner]))
            share, words_moved = _carried(src, target, own, content_idf)
            n = len(words_moved)
            backed = share >= MERGER_SHARE or (share >= MERGER_SHARE_CLOSE and n >= MERGER_WORDS
                                               and row[c] >= POSITION_MATCH)
            if backed and (best is None or share > best[1]):
                best = (c, share, words_moved)
        return best

    for k in range(len(opos)):
        if k in matched_a or not len(npos):
            continue
        m = moved("old", k)
        if m:
            j, share, moved_words = m
            i = pmap_b[j]
            shown = ", ".join(moved_words[:6]) + (", …" if len(moved_words) > 6 else "")
            notes.setdefault((k, None), []).append(Note("note_merged_into", (
                ("title", title(npos[j])), ("partner", title(opos[i])), ("words", shown))))
            notes.setdefault((i, j), []).append(Note("note_merger", (("title", title(opos[k])), ("words", shown))))
        else:
            notes.setdefault((k, None), []).extend(closest_note("old", k))
    for k in range(len(npos)):
        if k in matched_b or not len(opos):
            continue
        m = moved("new", k)
        if m:
            i, share, moved_words = m
            j = pmap_a[i]
            shown = ", ".join(moved_words[:6]) + (", …" if len(moved_words) > 6 else "")
            notes.setdefault((None, k), []).append(Note("note_split_from", (
                ("title", title(opos[i])), ("partner", title(npos[j])), ("words", shown))))
            notes.setdefault((i, j), []).append(Note("note_split", (("title", title(npos[k])), ("words", shown))))
        else:
            notes.setdefault((None, k), []).extend(closest_note("new", k))

    prow, irow, frow = [], [], []

    def add_position(i: int | None, j: int | None, status_hint: str | None):
        op = opos[i] if i is not None else None
        np_ = npos[j] if j is not None else None
        olist = oind_by.get(op["position_id"], []) if op else []
        nlist = nind_by.get(np_["position_id"], []) if np_ else []
        rows, row_changes = [], []
        for oi, nj, sim, kind in match_indicators(olist, nlist, idf):
            o = olist[oi] if oi is not None else None
            n = nlist[nj] if nj is not None else None
            changes = compare_indicators(o, n) if o is not None and n is not None else []
            status = kind if kind != "one" else indicator_status(changes)
            rows.append(_ind_row(o, n, op, np_, status, sim if o is not None and n is not None else None, changes))
            row_changes.append(changes)
        counts = Counter(r["status"] for r in rows)
        fields: list[str] = []
        pos_changes: list[FieldChange] = []
        sasaran: dict[tuple[str, str], list] = {}
        if op is not None and np_ is not None:
            if not same_text(op.get("jabatan"), np_.get("jabatan")):
                fields.append("jabatan")
                pos_changes.append(FieldChange("jabatan", _value_text(op.get("jabatan")),
                                               _value_text(np_.get("jabatan")),
                                               edit_size(op.get("jabatan"), np_.get("jabatan")), "changed"))
            od, nd = old_duties.get(op["position_id"], {}), new_duties.get(np_["position_id"], {})
            for sec in _duties_changed(od, nd):
                fields.append(sec)
                for x, y, _ in pair_items(od.get(sec, []), nd.get(sec, [])):
                    if x is None or y is None or not same_text(x, y):
                        pos_changes.append(FieldChange(sec, x, y, edit_size(x, y), "changed"))
            if not same_text(op.get("program"), np_.get("program")):
                fields.append("program")
                pos_changes.append(FieldChange("program", _value_text(op.get("program")),
                                               _value_text(np_.get("program")),
                                               edit_size(op.get("program"), np_.get("program")), "changed"))
            for r, changes in zip(rows, row_changes):
                for c in changes:
                    if c.field == "sasaran":
                        sasaran.setdefault((c.old or "", c.new or ""), []).append(r)
            if sasaran:
                fields.append("sasaran")
            if any(r["status"] != "unchanged" for r in rows):
                fields.append("indicators")
            if text_key(title_core(op.get("jabatan_key"))) != text_key(title_core(np_.get("jabatan_key"))):
                status = "renamed"
            else:   # same title; a different agency tail ("… pada Dinas X") is a change, its spelling is not
                significant = [f for f in fields if f != "jabatan" or
                               text_key(op.get("jabatan_key")) != text_key(np_.get("jabatan_key"))]
                status = "changed" if significant else "unchanged"
        else:
            status = status_hint
        sc = (lambda m: _r(m[i, j])) if (i is not None and j is not None) else (lambda m: None)
        note = notes.get((i, j) if i is not None and j is not None else (i, None) if j is None else (None, j), [])
        prow.append({
            "old_position_id": op and op["position_id"], "new_position_id": np_ and np_["position_id"],
            "old_jabatan": op and (_s(op.get("jabatan")) or None), "new_jabatan": np_ and (_s(np_.get("jabatan")) or None),
            "old_jabatan_key": op and (_s(op.get("jabatan_key")) or None),
            "new_jabatan_key": np_ and (_s(np_.get("jabatan_key")) or None),
            "old_year": op and _int(op.get("year")), "new_year": np_ and _int(np_.get("year")),
            "region": region(op, np_),
            "old_agency": op and agency(odoc, op["doc_id"]), "new_agency": np_ and agency(ndoc, np_["doc_id"]),
            "status": status,
            "similarity": sc(scores.total), "name_similarity": sc(scores.name),
            "duties_similarity": sc(scores.duties), "indicators_similarity": sc(scores.indicators),
            "changed_fields": fields,
            "n_old_indicators": len(olist), "n_new_indicators": len(nlist),
            **{col: counts.get(s, 0) for s, col in _COUNT_COLS.items()},
            "note": "; ".join(n.text() for n in note) or None,
        })
        result_notes.append(note)
        ids = (op and op["position_id"], np_ and np_["position_id"], None, None)
        jab = (np_ or op or {}).get("jabatan")
        frow.extend(_field_row("position", status, ids, jab, None, c) for c in pos_changes)
        for (so, sn), rs in sasaran.items():
            frow.append(_field_row("sasaran", "reworded", ids, jab, None,
                                   FieldChange("sasaran", so or None, sn or None, edit_size(so, sn), "reworded"),
                                   n_indicators=len(rs)))
        for r, changes in zip(rows, row_changes):
            rids = (r["old_position_id"], r["new_position_id"], r["old_indicator_id"], r["new_indicator_id"])
            frow.extend(_field_row("indicator", r["status"], rids, jab, r["new_indikator"] or r["old_indikator"], c)
                        for c in changes)
        irow.extend(rows)

    result_notes: list[list[Note]] = []
    # matched positions in the new side's order, then removed (old order), then added (new order)
    for i, j in sorted(pairs, key=lambda p: (p[1], p[0])):
        add_position(i, j, None)
    for i in range(len(opos)):
        if i not in matched_a:
            add_position(i, None, "removed")
    for j in range(len(npos)):
        if j not in matched_b:
            add_position(None, j, "added")

    pc = pd.DataFrame(prow, columns=list(prow[0]) if prow else None)
    ic = pd.DataFrame(irow, columns=list(irow[0]) if irow else None)
    fc = pd.DataFrame(frow, columns=list(frow[0]) if frow else None)
    return DiffResult(old=old, new=new, position_changes=pc, indicator_changes=ic, field_changes=fc,
                      position_rows=prow, indicator_rows=irow, field_rows=frow, notes=result_notes,
                      old_duties=old_duties, new_duties=new_duties)


# --------------------------------------------------------------------------- summary

def counts(result: DiffResult) -> tuple[Counter, Counter]:
    p = Counter(r["status"] for r in result.position_rows)
    i = Counter(r["status"] for r in result.indicator_rows)
    return p, i


def summary_text(result: DiffResult, limit: int = 40) -> str:
    """A short plain-text summary for the terminal, in the current language (:mod:`iki.i18n`)."""
    from iki.i18n import field_label, number, status_label, t

    pc, ic = counts(result)
    o, n = result.old, result.new
    head = [(t("label_positions"), ", ".join(f"{status_label(s)} {pc[s]}" for s in POSITION_STATUSES)),
            (t("label_indicators"), ", ".join(f"{status_label(s)} {ic[s]}" for s in INDICATOR_STATUSES
                                              if ic[s] or s in ("unchanged", "added", "removed")))]
    width = max(len(label) for label, _ in head) + 2
    lines = [t("side_counts", label=o.label, positions=len(o.positions), indicators=len(o.indicators)),
             "  → " + t("side_counts", label=n.label, positions=len(n.positions), indicators=len(n.indicators))]
    lines += [f"{label:<{width}}{value}" for label, value in head]
    changed = [r for r in result.position_rows if r["status"] != "unchanged"]
    w = max([9] + [len(status_label(r["status"])) for r in changed]) + 1
    for shown, r in enumerate(changed):
        if shown >= limit:
            lines.append("  " + t("more_see_report", n=len(changed) - shown))
            break
        old_t, new_t = r["old_jabatan"] or "IKU", r["new_jabatan"] or "IKU"
        word = f"{status_label(r['status']):<{w}}"
        if r["status"] == "added":
            lines.append(f"  {word}{new_t}")
        elif r["status"] == "removed":
            lines.append(f"  {word}{old_t}")
        else:
            det = ", ".join(f"{r[_COUNT_COLS[s]]} {status_label(s)}" for s in INDICATOR_STATUSES
                            if s != "unchanged" and r[_COUNT_COLS[s]])
            other = [field_label(f) for f in r["changed_fields"] if f not in ("indicators", "jabatan")]
            det = "; ".join(x for x in (det, t("fields_changed", fields=", ".join(other)) if other else "") if x)
            title = (f"{old_t} → {new_t} ({number(r['similarity'])})" if r["status"] == "renamed" else new_t)
            lines.append(f"  {word}{title}" + (f": {det}" if det else ""))
    return "\n".join(lines)
