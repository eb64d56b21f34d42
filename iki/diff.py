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
``split``; the mirror case a ``merged``.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import regex
from rapidfuzz import fuzz, process

from iki.i18n import t as _t

POSITION_STATUSES = ("unchanged", "changed", "renamed", "added", "removed")
INDICATOR_STATUSES = ("unchanged", "reworded", "formula_changed", "source_changed", "target_changed",
                      "added", "removed", "split", "merged")

# Indicator fields compared, by the status they give (first group that differs wins:
# formula_changed > reworded > target_changed > source_changed).
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
NOTE_MIN = 0.45            # closest candidate worth mentioning for added / removed positions

WEIGHTS = {"name": 0.5, "duties": 0.25, "indicators": 0.25}


class DiffError(Exception):
    """A side is empty, a year is unknown, a folder is not an ``iki extract`` output…"""


# --------------------------------------------------------------------------- text helpers

_WORD_RE = regex.compile(r"[\p{L}\p{N}]+")
_LATEX_CMD_RE = regex.compile(r"\\[A-Za-z]+")
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


def _formula_words(raw) -> str:
    """Formula text without LaTeX notation: ``\\sum`` = ``\\Sigma`` = ``Σ``, ``f(x) =`` and ``×`` dropped."""
    s = _LATEX_CMD_RE.sub(" ", _s(raw)).replace("Σ", " ").replace("∑", " ")
    ws = words(s)
    if len(ws) >= 2 and ws[0] == "f" and ws[1] == "x":
        ws = ws[2:]
    return " ".join(w for w in ws if w != "x")


def _field_key(name: str, v):
    if name == "formula_raw":
        return _formula_words(v)
    if name in ("multiplier", "target_value"):
        return None if _missing(v) else round(float(v), 9)
    return norm_text(v)


def _tokens(text: str) -> list[str]:
    return [w for w in words(text) if w not in _STOP]


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


def load_output(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The four tables of an ``iki extract`` output folder."""
    out = Path(out_dir)
    if not out.is_dir():
        raise DiffError(_t("diff_no_folder", out=out))
    missing = [n for n in TABLE_NAMES if not (out / f"{n}.parquet").exists()]
    if missing:
        raise DiffError(_t("diff_tables_missing", out=out, files=", ".join(m + ".parquet" for m in missing)))
    return {n: pd.read_parquet(out / f"{n}.parquet") for n in TABLE_NAMES}


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
        want = norm_region(region)
        ok_docs = set(docs.doc_id[docs.region.map(norm_region) == want])
        if not (keep & pos.doc_id.isin(ok_docs)).any():
            present = sorted({_s(r) for r in docs.region if _s(r)})
            raise DiffError(_t("diff_no_region", source=source, region=region,
                               present=", ".join(present) or _t("none_present")))
        keep &= pos.doc_id.isin(ok_docs)
    if agency:
        ok_docs = set(docs.doc_id[docs.agency.map(lambda a: agency_matches(agency, a))])
        inst_ok = pos.instansi.map(lambda a: agency_matches(agency, a))
        sel = keep & (pos.doc_id.isin(ok_docs) | inst_ok)
        if not sel.any():
            present = sorted({_s(a) for a in docs[docs.doc_id.isin(pos.doc_id[keep])].agency if _s(a)})
            raise DiffError(_t("diff_no_agency", source=source, agency=agency,
                               present="; ".join(present) or _t("none_present")))
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
    """All old × new position similarities (0-1), vectorised (``rapidfuzz.process.cdist``, numpy)."""
    na, nb = len(a.ids), len(b.ids)
    if not na or not nb:
        z = np.zeros((na, nb), dtype=np.float32)
        return PositionScores(z, z, z, z, z.astype(bool), z.astype(bool))
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


def match_positions(a: _Pos, b: _Pos, scores: PositionScores) -> list[tuple[int, int]]:
    """Greedy one-to-one: same title first, then the best score; ties in document order."""
    ii, jj = np.nonzero(scores.allowed)
    if not len(ii):
        return []
    ex = scores.exact[ii, jj]
    tot = scores.total[ii, jj]
    order = np.lexsort((jj, ii, -tot, ~ex))   # ties (two staff with one title): first with first
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
        or _formula_words(row.get("formula_raw"))


def changed_fields(old: dict, new: dict) -> list[str]:
    """Compared fields whose values differ (words, not case / spacing / LaTeX notation)."""
    out = [f for f in COMPARED_FIELDS if _field_key(f, old.get(f)) != _field_key(f, new.get(f))]
    return out


def indicator_status(fields: list[str]) -> str:
    for status, group in STATUS_PRIORITY:
        if any(f in group for f in fields):
            return status
    return "unchanged"


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
    ot = [norm_text(_ind_text(r)) for r in old]
    nt = [norm_text(_ind_text(r)) for r in new]
    name = process.cdist(ot, nt, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1) / 100
    of = [norm_text(_ind_formula_text(r)) for r in old]
    nf = [norm_text(_ind_formula_text(r)) for r in new]
    form = process.cdist(of, nf, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1) / 100
    has_f = np.outer(np.array([bool(x) for x in of]), np.array([bool(x) for x in nf]))
    ov = [idf.vec(f"{a} {b}") for a, b in zip(ot, of)]
    nv = [idf.vec(f"{a} {b}") for a, b in zip(nt, nf)]
    cos = np.array([[_dot(u, v) for v in nv] for u in ov], dtype=np.float32)
    text = np.where(has_f, 0.75 * name + 0.25 * form, name)
    sim = 0.5 * text + 0.5 * cos
    exact = np.equal.outer(np.array(ot, dtype=object), np.array(nt, dtype=object))
    sim = np.where(exact & (np.array(ot, dtype=object)[:, None] != ""), np.maximum(sim, 0.99), sim)

    pairs = []
    used_o: dict[int, int] = {}
    used_n: dict[int, int] = {}
    cand = [(-float(sim[i, j]), abs(i - j), i, j) for i in range(no) for j in range(nn) if sim[i, j] >= INDICATOR_MATCH]
    for _, _, i, j in sorted(cand):
        if i in used_o or j in used_n:
            continue
        used_o[i] = j
        used_n[j] = i
        pairs.append([i, j, float(sim[i, j]), "one"])

    ow = [idf.weights(t) for t in ot]
    nw = [idf.weights(t) for t in nt]
    # split: a leftover new indicator contained in a matched old one, covering words its partner lacks
    pieces: dict[int, list[int]] = {}
    for j in range(nn):
        if j in used_n:
            continue
        best = None
        for i in np.argsort(-sim[:, j]):
            i = int(i)
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
        for j in np.argsort(-sim[i, :]):
            j = int(j)
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
    on = [norm_text(x) for x in old]
    nn = [norm_text(x) for x in new]
    sim = process.cdist(on, nn, scorer=fuzz.token_sort_ratio, dtype=np.float32, workers=1) / 100
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
    out = []
    for sec in DUTY_SECTIONS:
        a = Counter(norm_text(x) for x in old.get(sec, []))
        b = Counter(norm_text(x) for x in new.get(sec, []))
        if a != b:
            out.append(sec)
    return out


# --------------------------------------------------------------------------- the diff

@dataclass
class DiffResult:
    old: Side
    new: Side
    position_changes: pd.DataFrame
    indicator_changes: pd.DataFrame
    position_rows: list[dict] = field(default_factory=list)
    indicator_rows: list[dict] = field(default_factory=list)
    old_duties: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    new_duties: dict[str, dict[str, list[str]]] = field(default_factory=dict)


def _r(x) -> float | None:
    if x is None or (isinstance(x, float) and math.isnan(x)) or (isinstance(x, np.floating) and np.isnan(x)):
        return None
    return round(float(x), 3)


def _int(x) -> int | None:
    return None if _missing(x) else int(x)


def _ind_row(old: dict | None, new: dict | None, op: dict | None, np_: dict | None, status: str,
             sim: float | None, fields: list[str]) -> dict:
    return {
        "old_position_id": op and op["position_id"], "new_position_id": np_ and np_["position_id"],
        "old_indicator_id": old and old["indicator_id"], "new_indicator_id": new and new["indicator_id"],
        "jabatan": _s((np_ or op or {}).get("jabatan")) or None,
        "status": status, "similarity": _r(sim),
        "changed_fields": fields,
        "old_values": [_s(old.get(f)) for f in fields] if fields else [],
        "new_values": [_s(new.get(f)) for f in fields] if fields else [],
        "old_indikator": old and (_s(old.get("indikator")) or None),
        "new_indikator": new and (_s(new.get("indikator")) or None),
        "old_seq": old and _int(old.get("seq")), "new_seq": new and _int(new.get("seq")),
    }


_COUNT_COLS = {s: f"n_{s}" for s in INDICATOR_STATUSES}


def _records(df: pd.DataFrame) -> list[dict]:
    rows = df.to_dict("records")
    for r in rows:
        for k, v in r.items():
            if isinstance(v, float) and math.isnan(v):
                r[k] = None
    return rows


def diff(old: Side, new: Side) -> DiffResult:
    """Match ``old`` and ``new`` and classify every position and indicator change."""
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

    def best_note(k_side: str, idx: int) -> str | None:
        """Why an added / removed position has no partner, naming its closest candidate."""
        row = scores.total[idx, :] if k_side == "old" else scores.total[:, idx]
        if not len(row):
            return None
        k = int(np.argmax(row))
        s = float(row[k])
        if s < NOTE_MIN:
            return None
        i, j = (idx, k) if k_side == "old" else (k, idx)
        others, other_side = (npos, opos) if k_side == "old" else (opos, npos)
        title = _s(others[k].get("jabatan")) or "IKU"
        taken = (pmap_b if k_side == "old" else pmap_a).get(k)
        if scores.allowed[i, j] and taken is not None:
            verb = "possibly merged into" if k_side == "old" else "possibly split from"
            partner = _s(other_side[taken].get("jabatan")) or "IKU"
            return f"{verb} {title} ({s:.2f}), which is matched with {partner}"
        if not _compatible(a.ranks[i], b.ranks[j]):
            why = "a head-of-unit and a staff position are not paired"
        elif s < POSITION_MATCH:
            why = f"score below {POSITION_MATCH}"
        else:
            why = "too little evidence from duties and indicators"
        return f"closest {'new' if k_side == 'old' else 'old'} position: {title} ({s:.2f}); {why}"

    prow, irow = [], []

    def add_position(i: int | None, j: int | None, status_hint: str | None, note: str | None):
        op = opos[i] if i is not None else None
        np_ = npos[j] if j is not None else None
        olist = oind_by.get(op["position_id"], []) if op else []
        nlist = nind_by.get(np_["position_id"], []) if np_ else []
        rows = []
        for oi, nj, sim, kind in match_indicators(olist, nlist, idf):
            o = olist[oi] if oi is not None else None
            n = nlist[nj] if nj is not None else None
            fields = changed_fields(o, n) if o is not None and n is not None else []
            status = kind if kind != "one" else indicator_status(fields)
            rows.append(_ind_row(o, n, op, np_, status, sim if o is not None and n is not None else None, fields))
        counts = Counter(r["status"] for r in rows)
        fields: list[str] = []
        if op is not None and np_ is not None:
            if norm_text(op.get("jabatan")) != norm_text(np_.get("jabatan")):
                fields.append("jabatan")
            fields += _duties_changed(old_duties.get(op["position_id"], {}), new_duties.get(np_["position_id"], {}))
            if norm_text(op.get("program")) != norm_text(np_.get("program")):
                fields.append("program")
            if any(r["status"] != "unchanged" for r in rows):
                fields.append("indicators")
            if title_core(op.get("jabatan_key")) != title_core(np_.get("jabatan_key")):
                status = "renamed"
            else:   # same title; a different agency tail ("… pada Dinas X") or spelling is a change
                significant = [f for f in fields if f != "jabatan" or
                               _s(op.get("jabatan_key")) != _s(np_.get("jabatan_key"))]
                status = "changed" if significant else "unchanged"
        else:
            status = status_hint
        sc = (lambda m: _r(m[i, j])) if (i is not None and j is not None) else (lambda m: None)
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
            "note": note,
        })
        irow.extend(rows)

    # matched positions in the new side's order, then removed (old order), then added (new order)
    for i, j in sorted(pairs, key=lambda p: (p[1], p[0])):
        notes = []
        row = np.where(scores.allowed[i, :], scores.total[i, :], -1.0)
        row[j] = -1.0
        if len(row) and row.max() >= POSITION_MATCH:
            k = int(np.argmax(row))
            notes.append(f"also similar to new {_s(npos[k].get('jabatan')) or 'IKU'} ({float(row[k]):.2f})")
        col = np.where(scores.allowed[:, j], scores.total[:, j], -1.0)
        col[i] = -1.0
        if len(col) and col.max() >= POSITION_MATCH:
            k = int(np.argmax(col))
            notes.append(f"also similar to old {_s(opos[k].get('jabatan')) or 'IKU'} ({float(col[k]):.2f}): "
                         "possibly a merger")
        add_position(i, j, None, "; ".join(notes) or None)
    for i in range(len(opos)):
        if i not in matched_a:
            note = best_note("old", i) if len(npos) else None
            add_position(i, None, "removed", note)
    for j in range(len(npos)):
        if j not in matched_b:
            note = best_note("new", j) if len(opos) else None
            add_position(None, j, "added", note)

    pc = pd.DataFrame(prow, columns=list(prow[0]) if prow else None)
    ic = pd.DataFrame(irow, columns=list(irow[0]) if irow else None)
    return DiffResult(old=old, new=new, position_changes=pc, indicator_changes=ic,
                      position_rows=prow, indicator_rows=irow, old_duties=old_duties, new_duties=new_duties)


# --------------------------------------------------------------------------- summary

def counts(result: DiffResult) -> tuple[Counter, Counter]:
    p = Counter(r["status"] for r in result.position_rows)
    i = Counter(r["status"] for r in result.indicator_rows)
    return p, i


def summary_text(result: DiffResult, limit: int = 40) -> str:
    """A short plain-text summary for the terminal, in the current language (:mod:`iki.i18n`)."""
    from iki.i18n import number, t
    from iki.report import field_label, status_label

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
