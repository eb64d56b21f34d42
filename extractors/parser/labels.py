"""Recognising IKI labels and headings, typos and OCR damage included.

A label line is ``[number] LABEL [:] value`` — ``1. JABATAN : Sekretaris``,
``**Jabatan** : ...``, ``Jabatan Sekretaris`` (no colon), ``Jabatan Fungsional :``,
``BATAN :`` (a scan that lost the left margin). Matching is fuzzy (the
``regex`` module's ``{e<=n}``) and accepts a label whose first letters were
cut off, but a damaged label must be followed by a colon.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re

# section name -> label words, most specific first
LABELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tugas", ("URAIAN TUGAS", "TUGAS POKOK", "TUGAS JABATAN", "RINCIAN TUGAS", "IKHTISAR JABATAN", "TUPOKSI", "TUGAS")),
    ("butir_kegiatan", ("BUTIR KEGIATAN", "BUTIR-BUTIR KEGIATAN")),
    ("hasil_kerja", ("HASIL KERJA",)),
    ("fungsi", ("FUNGSI",)),
    ("jabatan", ("NAMA JABATAN", "JABATAN FUNGSIONAL", "JABATAN")),
    # the unit a block is about: its jabatan when no JABATAN label names the block, else its instansi
    ("unit", ("NAMA UNIT KERJA", "NAMA UNIT ORGANISASI", "NAMA UNIT", "NAMA SUB BIDANG", "NAMA SUBBIDANG",
              "NAMA SUB BAGIAN", "NAMA SUBBAGIAN", "NAMA SUB SEKSI", "NAMA BIDANG", "NAMA BAGIAN", "NAMA SEKSI",
              "NAMA UPTD", "NAMA UPT", "NAMA SUB UNIT", "SUB UNIT KERJA", "UNIT KERJA", "UNIT ORGANISASI",
              "UNIT ESELON II", "UNIT ESELON III", "UNIT ESELON IV", "NAMA SATUAN KERJA",
              "SATUAN KERJA", "SUB BIDANG", "SUB BAGIAN", "BIDANG", "SEKSI")),
    ("instansi", ("INSTANSI", "NAMA INSTANSI", "PERANGKAT DAERAH", "NAMA PERANGKAT DAERAH", "NAMA ORGANISASI",
                  "NAMA SKPD", "NAMA OPD", "SKPD", "OPD", "ORGANISASI PERANGKAT DAERAH",
                  "SATUAN KERJA PERANGKAT DAERAH")),
    ("program", ("PROGRAM", "KEGIATAN", "SUB KEGIATAN")),
    # who signs (PK parties, IKI headers): recognised so that a label block reads whole, never output
    ("person", ("NAMA", "NIP", "PANGKAT GOLONGAN", "PANGKAT GOL", "PANGKAT", "GOLONGAN", "ESELON")),
)
# words that open a note, never a label (fuzzy matching would read "Catatan" as "JABATAN")
NOTE_WORDS = {"CATATAN", "KETERANGAN", "KET", "NB", "N B", "CATATAN KAKI", "SUMBER", "SUMBER DATA", "TANGGAL",
              "NOMOR", "ALAMAT", "TEMPAT", "LAMPIRAN", "TENTANG", "PERIHAL", "HAL", "SIFAT", "SATUAN", "TARGET",
              "TIPE PERHITUNGAN", "FORMULASI", "FORMULASI PERHITUNGAN", "PENJELASAN", "DEFINISI", "RUMUS"}
_EXACT = {name: section for section, names in LABELS for name in names}
_FIRST_WORDS = {name.split()[0] for _, names in LABELS for name in names}
_GLUED = {name.replace(" ", ""): name for _, names in LABELS for name in names if " " in name}  # OCR: TUGASPOKOK
_FIRST_WORDS |= set(_GLUED)
# labels that may stand without a colon ("Jabatan Sekretaris", "- Fungsi")
NO_COLON_OK = {"tugas", "fungsi", "jabatan", "butir_kegiatan", "hasil_kerja", "instansi", "unit", "person"}
# unit words that are a label only with a colon ("Bidang : Perikanan"); "Bidang Perikanan" is a title line
COLON_ONLY = {"SUB BIDANG", "SUB BAGIAN", "BIDANG", "SEKSI"}
# the words that may finish a naming label broken over two lines ("Nama Sub. :  value" / "Bidang")
LABEL_TAIL_WORDS = {"BIDANG", "BAGIAN", "SEKSI", "KERJA", "ORGANISASI", "JABATAN", "UNIT"}


@dataclass(frozen=True)
class Label:
    section: str  # jabatan | unit | instansi | tugas | fungsi | butir_kegiatan | hasil_kerja | program | person
    value: str  # text after the label ("" when the label stands alone)
    exact: bool  # False when the label was recognised despite typos or a cut-off start
    weak: bool = False  # no colon and a lower-case value: a label only where the block lacks that section


# a colon that OCR read as a digit one, a bar or an l between a label and its capitalised value
_OCR_COLON = re.compile(r"^[1lI|!;i]\s+(?=[A-Z][a-z])")
_NUM = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?(?:[a-zA-Z]|I{1,3}|IV|VI{0,3}|IX|X)[.)]|[-•*])\s*")


def _zone_key(zone: str) -> str:
    """A label zone folded for lookup: "Nama Sub. Bidang" and "NAMA SUB.BIDANG" → "NAMA SUB BIDANG"."""
    return " ".join(re.sub(r"[./*_]", " ", zone).upper().split())


@lru_cache(maxsize=256)
def _cut_label(key: str) -> str | None:
    """The section of a naming label cut after its first words ("NAMA SUB"), when all labels it can start agree."""
    words = key.split()
    if len(words) < 2:
        return None
    sections = {section for section, names in LABELS for name in names
                if len(name.split()) > len(words) and name.split()[:len(words)] == words}
    return sections.pop() if len(sections) == 1 else None


@lru_cache(maxsize=256)
def _label_prefix(key: str) -> str | None:
    """The section of the longest label of two or more words that ``key`` starts with, word for word."""
    words = key.split()
    best = None
    for section, names in LABELS:
        for name in names:
            n = name.split()
            if 2 <= len(n) < len(words) and words[:len(n)] == n and (best is None or len(n) > best[0]):
                best = (len(n), section)
    return best[1] if best else None


@lru_cache(maxsize=256)
def _fuzzy(word: str) -> re.Pattern:
    n = len(word.replace(" ", ""))
    errors = 0 if n <= 3 else 1 if n <= 5 else 2
    return re.compile(rf"(?:{re.escape(word)}){{e<={errors}}}", re.I | re.BESTMATCH)


def _zone_matches(zone: str, word: str) -> tuple[bool, bool]:
    """(matches, exact) for a label zone against one label word."""
    z = " ".join(zone.upper().replace("*", "").split())
    if z == word:
        return True, True
    if len(z) < 3:
        return False, False
    if _fuzzy(word).fullmatch(z):
        return True, False
    # a cut-off start: "BATAN" for JABATAN, "GAS" for TUGAS, "NGSI" for FUNGSI
    if word.endswith(z) and len(z) >= 3 and " " not in word:
        return True, False
    return False, False


def parse_label(text: str, numbered_item: bool = False) -> Label | None:
    label = _parse_label(text, numbered_item)
    if label is None:
        # OCR often turns a list number into a stray token ("bh TUGAS POKOK ..."): look past it
        # (a speck before "1." read with it as "L"); after it a label word, or a damaged one before a colon
        head, _, rest = text.strip().partition(" ")
        first = rest.split(" ", 1)[0].upper().rstrip(":")
        mark = not any(c.isalnum() for c in head)  # "‘ 1. JABATAN :": a stray mark, never a word
        if 0 < len(head) <= 3 and (rest[:1].isupper() or mark) and (first in _FIRST_WORDS or 0 < rest.find(":") <= 40):
            found = _parse_label(rest, numbered_item)
            if found is not None:
                return Label(found.section, found.value, False, found.weak)
    return label


def _parse_label(text: str, numbered_item: bool = False) -> Label | None:
    """A label line → :class:`Label`, or None when the line is not a label.

    ``numbered_item`` says the line carries a list label the extractor split
    off (``a.``, ``1)``); such a line is a label only with a colon (``1. JABATAN :``),
    so that an item like ``k. Tugas lain yang diberikan`` stays an item.
    """
    s = _NUM.sub("", text.replace("**", "").replace("__", ""), count=1).strip()
    if not s or len(s) > 2000:
        return None
    colon = s.find(":")
    if 0 < colon <= 40:
        zone, value = s[:colon].strip(" .\t"), s[colon + 1:].strip()
        words = zone.split()
        key = _zone_key(zone)
        exact = _EXACT.get(" ".join(words).upper()) or _EXACT.get(key)
        if exact:
            return Label(exact, value, True)
        if key in NOTE_WORDS or key.split(" ")[0] in NOTE_WORDS:
            return None  # "Catatan : ..." is a note, however close it is to a label word
        cut = _cut_label(key)
        if cut:  # "Nama Sub. :" whose last word went to the next line
            return Label(cut, value, True)
        head = _label_prefix(key)
        if head:  # "Nama Jabatan/Unit :", "Unit Kerja / Satuan Kerja :": the longest label it starts with
            return Label(head, value, True)
        if 1 <= len(words) <= 3 and len(zone) <= 30:
            for section, names in LABELS:
                for name in names:
                    ok, exact = _zone_matches(zone, name)
                    if ok:
                        return Label(section, value, exact)
                # "Jabatan Fungsional Umum :" / "Tugas Pokok dan Fungsi :" style: first word decides
                first = words[0].upper()
                for name in names:
                    if " " not in name and first == name and len(words) <= 3 and section in NO_COLON_OK:
                        return Label(section, value, True)
    # no colon: the label word itself, exactly, then a value that starts like a title or sentence
    words = s.split(maxsplit=2)
    if not words or words[0].upper().rstrip(":") not in _FIRST_WORDS:
        return None
    glued = _GLUED.get(words[0].upper().rstrip(":"))
    if glued:  # "TUGASPOKOK membantu ..." read as "TUGAS POKOK membantu ..."
        return _parse_label(glued + s[len(words[0]):], numbered_item)
    for section, names in LABELS:
        for name in names:
            k = len(name.split())
            if name in COLON_ONLY:
                continue
            if section not in NO_COLON_OK and not " ".join(words[:k]).isupper():
                continue  # "PROGRAM Program X" is a label, "Program kerja ..." is not
            head = " ".join(words[:k]).upper().rstrip(":")
            if head == name and (words[0][0].isupper()):
                rest = s.split(maxsplit=k)
                value = (rest[k] if len(rest) > k else "").lstrip(": ").strip()
                if section in ("jabatan", "unit", "instansi"):
                    value = _OCR_COLON.sub("", value)  # "Jabatan 1 Kepala Seksi": a colon OCR read as "1"
                if not value and k > 1 and section == "jabatan":
                    return None  # "JABATAN FUNGSIONAL" alone is a cover title, not an empty label
                if numbered_item and value and not words[0].isupper():
                    return None  # "k. Tugas Dinas lain ..." is an item; "3. FUNGSI" or "3. TUGAS X" a label
                # "Tugas lain yang diberikan ..." may be a sentence: the parser decides from context
                return Label(section, value, True, weak=value[:1].islower())
    return None


_IKI_HEADING = re.compile(r"(?:INDIKATOR\s*KINERJA\s*(?:INDIVIDU|INDIKATOR)){e<=3}|\(\s*IKI\s*\)", re.I | re.BESTMATCH)
_IKU_HEADING = re.compile(r"(?:INDIKATOR\s*KINERJA\s*UTAMA){e<=2}|\(\s*IKU\s*\)", re.I | re.BESTMATCH)


_PK_HEADING = re.compile(r"^\W*(?:(?:LAMPIRAN|FORMULIR|FORM|DOKUMEN)\b[\s:.IVX]*)?(?:PERJANJIAN\s*KINERJA){e<=2}(?:\s|$|\W)",
                         re.I | re.BESTMATCH)


def heading_kind(text: str) -> str | None:
    """'IKI', 'IKU' or 'PK' when a paragraph is an IKI/IKU block heading or a Perjanjian Kinerja title, else None."""
    s = " ".join(text.replace("*", "").split())
    if not s or len(s) > 160:
        return None
    up = s.upper()
    if "PERJANJIAN" in up or "KINERJA" in up[:25]:
        if len(s.split()) <= 12 and not s.endswith((".", ",", ";")) and _PK_HEADING.match(s):
            return "PK"
    if not (("IND" in up or "KATOR" in up) and ("KIN" in up or "NERJA" in up)) and "IKI" not in up \
            and "IKU" not in up:
        return None  # cheap filter before the fuzzy search
    if _IKU_HEADING.search(s) and not re.search(r"INDIVIDU", s, re.I):
        return "IKU"
    if _IKI_HEADING.search(s):
        return "IKI"
    return None


# words that start the name of a unit inside an agency (not of the agency itself)
_UNIT_START = re.compile(
    r"^(?:SUB\s*\.?\s*BIDANG|SUBBID(?:ANG)?|SUB\s*\.?\s*BAGIAN|SUBBAG(?:IAN)?|SUB\s*\.?\s*SEKSI|BIDANG|BAGIAN|SEKSI|"
    r"KEPALA|SEKRETARIS|KASI|KASIE|KASUBBAG|KASUBAG|KASUBBID|KASUBID|KABID|KABAG|SUBKOORDINATOR|UPTD?|"
    r"SEKRETARIAT(?!\s+(?:DAERAH|DPRD|DEWAN))|LURAH|CAMAT|SEKCAM|PEJABAT\s+FUNGSIONAL|JABATAN\s+FUNGSIONAL)\b",
    re.I)
_HEADING_HEAD = re.compile(r"^\W*(?:INDIKATOR\s*KINERJA\s*(?:UTAMA|INDIVIDU|INDIKATOR)){e<=2}\s*(?:\(\s*IK[IU]\s*\))?",
                           re.I | re.BESTMATCH)
_TITLE_TAIL = re.compile(r"\s*(?:\(\s*IK[IU]\s*\)|\bTAHUN\b.*|\bPERIODE\b.*|\b(?:19|20)\d\d\b.*)$", re.I)


def heading_unit(text: str) -> str | None:
    """The unit an IKI/IKU heading names ("INDIKATOR KINERJA UTAMA SUB. BIDANG PAJAK" → "SUB. BIDANG PAJAK").

    A bare unit word ("... UTAMA BIDANG") names no unit, and an agency ("... UTAMA DINAS SOSIAL") is the
    document's agency, not a position: both give None.
    """
    s = " ".join(text.replace("*", "").split())
    m = _HEADING_HEAD.match(s)
    rest = s[m.end():] if m else s
    rest = _TITLE_TAIL.sub("", rest).strip(" :-–,.")
    return unit_title(rest)


# the heads of a kelurahan / kecamatan: a position by their one word ("LURAH" under an IKI heading)
_WHOLE_POSITIONS = {"LURAH", "CAMAT", "SEKCAM", "SEKLUR", "SEKRETARIS CAMAT", "SEKRETARIS LURAH",
                    "SEKRETARIS KECAMATAN", "SEKRETARIS KELURAHAN"}


def unit_title(text: str) -> str | None:
    """``text`` when it names a unit inside an agency (a unit word and at least one more word, or the
    one word of a kelurahan's / kecamatan's head: ``LURAH``, ``CAMAT``), else None."""
    s = " ".join(text.split()).strip(" :-–,")
    if s.upper().rstrip(" .") in _WHOLE_POSITIONS:
        return s.rstrip(" .")
    m = _UNIT_START.match(s)
    if not m or not s[m.end():].strip(" .:"):
        return None
    return s