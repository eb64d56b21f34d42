"""Document-level metadata: region (Kota/Kabupaten), issuing agency, years.

Input everywhere is the document's text lines in order, already stripped of
markdown/HTML markup.  Pure functions; they never raise on string input.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import regex

__all__ = ["find_region", "find_agency", "find_agency_in_cells", "year_markers", "year_marker_kinds", "document_year", "period_markers"]

# --------------------------------------------------------------------------
# shared helpers
# --------------------------------------------------------------------------

_WS_RE = regex.compile(r"\s+")
_TOKEN_RE = regex.compile(r"\S+")
_WORD_RE = regex.compile(r"\p{L}[\p{L}'’-]*")


def _clean_lines(lines: object) -> list[str]:
    """Coerce the input to a list of single-spaced strings (non-str -> "")."""
    if not isinstance(lines, (list, tuple)):
        return []
    return [_WS_RE.sub(" ", ln).strip() if isinstance(ln, str) else "" for ln in lines]


def _title_word(word: str) -> str:
    """Capitalise each hyphen/apostrophe part of a word ("BAU-BAU" -> "Bau-Bau")."""
    return "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))


def _is_upper_line(text: str) -> bool:
    """True when most letters of the text are upper case (a heading line)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 3:
        return False
    return sum(map(str.isupper, letters)) / len(letters) >= 0.7


# --------------------------------------------------------------------------
# region
# --------------------------------------------------------------------------

_REGION_KW_RE = regex.compile(r"(?<![\p{L}\p{N}])(kota|kabupaten|kab\.|kab(?=\s))\s*", regex.IGNORECASE)
_SE_BEFORE_RE = regex.compile(r"(?<![\p{L}])se\s*[-–—]\s*$", regex.IGNORECASE)
# "... di Kota X" / "ke Kabupaten Y": a place where something is done (an activity, a budget line), not the
# government the document belongs to
_PLACE_BEFORE_RE = regex.compile(r"(?<![\p{L}])(?:di|ke|dari)\s+$", regex.IGNORECASE)
_PEMERINTAH_RE = regex.compile(
    r"^\W*pemerintah\s+(kota|kabupaten|kab\.|kab(?=\s|$))\s*", regex.IGNORECASE
)
_HEAD_OF_REGION_RE = regex.compile(
    r"(?<![\p{L}])(bupati|walikota|wali\s+kota)\s+", regex.IGNORECASE
)
# Words that end a region name (case-insensitive).
_REGION_STOP = {
    "jl", "jln", "jalan", "tahun", "nomor", "no", "dinas", "pada", "yang", "dan",
    "di", "ke", "dari", "untuk", "serta", "dengan", "dalam", "oleh", "atas", "telp",
    "telepon", "tlp", "telpon", "fax", "faks", "email", "e-mail", "website", "kode",
    "pos", "provinsi", "badan", "sekretariat", "inspektorat", "kecamatan",
    "kelurahan", "desa", "satuan", "kantor", "upt", "uptd", "rsud", "bidang", "seksi",
    "sub", "bagian", "kepala", "sekretaris", "bupati", "walikota", "indikator",
    "kinerja", "individu", "utama", "rencana", "strategis", "perjanjian", "laporan",
    "tentang", "keputusan", "peraturan", "lampiran", "periode", "jabatan", "tugas",
    "fungsi", "instansi", "program", "kegiatan", "sasaran", "target", "sebagai",
    "layak", "sehat", "tanpa", "lengkap", "ramah", "cerdas", "anak", "se", "tanggal",
    "ditetapkan", "nip", "pemerintah", "daerah",
    # an amount is never a place: "Penataan Kawasan Kumuh di Kota Rp 3.309.000.000,00" in a budget list
    "rp", "idr", "rupiah", "usd",
}
_MAX_REGION_WORDS = 4


def _region_name(text: str, pos: int = 0) -> str | None:
    """Read a region name (1-4 capitalised words) from text[pos:] (after Kota/Kabupaten)."""
    words: list[str] = []
    for tm in _TOKEN_RE.finditer(text, pos, pos + 300):
        tok = tm.group(0)
        m = _WORD_RE.match(tok)
        if m is None or m.start() != 0:
            break
        word = m.group(0).rstrip("-'’")
        if not word or not word[0].isupper() or word.casefold() in _REGION_STOP:
            break
        words.append(_title_word(word))
        if len(words) >= _MAX_REGION_WORDS or m.end() != len(tok):
            break  # punctuation glued to the word ends the name
    return " ".join(words) or None


def _region_mentions(line: str) -> list[tuple[str, bool, bool]]:
    """All "Kota X"/"Kabupaten X" mentions of a line as (region, is_se_phrase, after "di"/"ke"/"dari")."""
    found: list[tuple[str, bool, bool]] = []
    for m in _REGION_KW_RE.finditer(line):
        name = _region_name(line, m.end())
        if name is None:
            continue
        kind = "Kota" if m.group(1).casefold() == "kota" else "Kabupaten"
        is_se = _SE_BEFORE_RE.search(line, max(0, m.start() - 12), m.start()) is not None
        at_place = _PLACE_BEFORE_RE.search(line, max(0, m.start() - 6), m.start()) is not None
        found.append((f"{kind} {name}", is_se, at_place))
    return found


def _most_common(items: list[str]) -> str | None:
    """Most frequent item; ties go to the earliest."""
    if not items:
        return None
    counts = Counter(items)
    best = max(counts.values())
    return next(x for x in items if counts[x] == best)


_PROVINCE_KW_RE = regex.compile(r"(?<![\p{L}\p{N}])(?:provinsi|prov\.)\s*", regex.IGNORECASE)
_PEMERINTAH_PROV_RE = regex.compile(r"(?<![\p{L}])pemerintah\s+(?:provinsi|prov\.)\s*", regex.IGNORECASE)
_GOVERNOR_RE = regex.compile(r"(?<![\p{L}])gubernur\s+", regex.IGNORECASE)
# words a province's name may hold that end a Kota/Kabupaten name
_PROVINCE_WORDS = {"daerah", "istimewa", "khusus", "ibukota", "ibu", "kota"}
_PROVINCE_ACRONYMS = {"DKI", "DI", "D.I.", "DIY"}


# Indonesia's provinces (a fixed list), to finish a name a line break cut ("PROVINSI JAWA" / "BARAT")
_PROVINCES = (
    "Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan", "Bengkulu", "Lampung",
    "Kepulauan Bangka Belitung", "Kepulauan Riau", "DKI Jakarta", "Jawa Barat", "Jawa Tengah",
    "DI Yogyakarta", "Daerah Istimewa Yogyakarta", "Jawa Timur", "Banten", "Bali", "Nusa Tenggara Barat",
    "Nusa Tenggara Timur", "Kalimantan Barat", "Kalimantan Tengah", "Kalimantan Selatan", "Kalimantan Timur",
    "Kalimantan Utara", "Sulawesi Utara", "Sulawesi Tengah", "Sulawesi Selatan", "Sulawesi Tenggara",
    "Gorontalo", "Sulawesi Barat", "Maluku", "Maluku Utara", "Papua", "Papua Barat", "Papua Selatan",
    "Papua Tengah", "Papua Pegunungan", "Papua Barat Daya",
)
_PROVINCE_KEYS = {p.casefold(): p for p in _PROVINCES}
# the short forms agencies write after "Prov." ("BKPD Prov. Jabar")
_PROVINCE_SHORT = {
    "sumut": "Sumatera Utara", "sumbar": "Sumatera Barat", "sumsel": "Sumatera Selatan", "babel": "Kepulauan Bangka "
    "Belitung", "kepri": "Kepulauan Riau", "jabar": "Jawa Barat", "jateng": "Jawa Tengah", "jatim": "Jawa Timur",
    "diy": "DI Yogyakarta", "ntb": "Nusa Tenggara Barat", "ntt": "Nusa Tenggara Timur", "kalbar": "Kalimantan Barat",
    "kalteng": "Kalimantan Tengah", "kalsel": "Kalimantan Selatan", "kaltim": "Kalimantan Timur",
    "kaltara": "Kalimantan Utara", "sulut": "Sulawesi Utara", "sulteng": "Sulawesi Tengah",
    "sulsel": "Sulawesi Selatan", "sultra": "Sulawesi Tenggara", "sulbar": "Sulawesi Barat", "malut": "Maluku Utara",
    "pabar": "Papua Barat",
}


def _known_province(name: str, after: str = "") -> str:
    """A province name as read, put right with the list of provinces: a short form expanded ("Jabar"), the
    words a line break cut off taken from what follows (``after``), words read past the name dropped."""
    words = name.split()
    if len(words) == 1 and words[0].casefold() in _PROVINCE_SHORT:
        return _PROVINCE_SHORT[words[0].casefold()]
    for k in range(len(words), 0, -1):  # the longest known name the words start with
        known = _PROVINCE_KEYS.get(" ".join(words[:k]).casefold())
        if known and (k == len(words) or k >= 2 or words[0].casefold() not in ("jawa", "papua", "maluku")):
            if k == len(words) and after:
                longer = _complete_province(words, after)
                return longer or known
            return known
    return _complete_province(words, after) or name


def _complete_province(words: list[str], after: str) -> str | None:
    """The known province that ``words`` begin and the first words of ``after`` finish, if any."""
    more = [w.strip(",.;:()") for w in after.split()[:3]]
    for k in range(len(more), 0, -1):
        known = _PROVINCE_KEYS.get(" ".join(words + more[:k]).casefold())
        if known:
            return known
    return None


def _province_name(text: str, pos: int = 0, after: str = "") -> str | None:
    """Read a province's name (1-5 capitalised words, "Daerah Istimewa Yogyakarta" too) from text[pos:];
    ``after`` is the text of the next line, where a name cut by a line break goes on."""
    name = _read_province(text, pos)
    if name is None:
        if text[pos:].strip():
            return None
        name = _read_province(after, 0)  # "PROVINSI" at the end of a line, the name on the next
        return _known_province(name) if name else None
    end = text[pos:].rstrip(" ,.;:")
    return _known_province(name, after if end.casefold().endswith(name.casefold().split()[-1]) else "")


def _read_province(text: str, pos: int = 0) -> str | None:
    """The capitalised words of a province's name at text[pos:], as written."""
    words: list[str] = []
    for tm in _TOKEN_RE.finditer(text, pos, pos + 300):
        tok = tm.group(0)
        if tok.upper() in _PROVINCE_ACRONYMS and not words:
            words.append(tok.upper())
            continue
        m = _WORD_RE.match(tok)
        if m is None or m.start() != 0:
            break
        word = m.group(0).rstrip("-'’")
        low = word.casefold()
        if not word or not word[0].isupper() or (low in _REGION_STOP and low not in _PROVINCE_WORDS) \
                or (low == "kota" and not words):
            break
        words.append(_title_word(word))
        if len(words) >= 5 or m.end() != len(tok):
            break
    while words and words[-1].casefold() in _PROVINCE_WORDS:
        words.pop()
    return " ".join(words) or None


def _is_running_text(line: str) -> bool:
    """A sentence of running text (most words lower case), not a heading, letterhead or title line."""
    words = [w for w in line.split() if _WORD_RE.match(w)]
    if len(words) < 6:
        return False
    lower = sum(1 for w in words if w[0].islower())
    return lower / len(words) > 0.35


def _province_mentions(line: str, after: str = "") -> list[str]:
    out = []
    for m in _PROVINCE_KW_RE.finditer(line):
        name = _province_name(line, m.end(), after)
        if name:
            out.append(f"Provinsi {name}")
    return out


def find_region(lines: list[str]) -> str | None:
    """Return the government the document belongs to ("Kota X", "Kabupaten X" or "Provinsi X").

    In order: a "PEMERINTAH KOTA/KABUPATEN X" line; a "PEMERINTAH PROVINSI X" line; Kota/Kabupaten
    named in a heading, letterhead or title line; a province named there ("DINAS X PROVINSI Y"); then
    mentions inside running text (a region word in a sentence is weaker than one in a title);
    "Bupati/Walikota/Gubernur X" and "se-Kota X" phrases only as fallbacks.
    """
    clean = _clean_lines(lines)
    pemerintah: list[str] = []
    pemerintah_prov: list[str] = []
    normal: list[str] = []
    provinces: list[str] = []
    running: list[str] = []
    running_prov: list[str] = []
    se_only: list[str] = []
    for i, line in enumerate(clean):
        pm = _PEMERINTAH_RE.match(line)
        if pm:
            kind = "Kota" if pm.group(1).casefold() == "kota" else "Kabupaten"
            rest = line[pm.end():]
            if not rest.strip():  # name on the next non-empty line
                rest = next((ln for ln in clean[i + 1 : i + 4] if ln), "")
            name = _region_name(rest)
            if name:
                pemerintah.append(f"{kind} {name}")
        after = next((ln for ln in clean[i + 1 : i + 3] if ln), "")
        for pp in _PEMERINTAH_PROV_RE.finditer(line):
            name = _province_name(line, pp.end(), after)
            if name:
                pemerintah_prov.append(f"Provinsi {name}")
        in_text = _is_running_text(line)
        for region, is_se, at_place in _region_mentions(line):
            (se_only if is_se else running if in_text or at_place else normal).append(region)
        (running_prov if in_text else provinces).extend(_province_mentions(line, after))
    heads: list[str] = []
    titled_heads: list[str] = []  # "PERATURAN BUPATI KULON PROGO" in a title: stronger than a sentence's mention
    for line in clean:
        found = []
        for m in _HEAD_OF_REGION_RE.finditer(line):
            name = _region_name(line, m.end())
            if name:
                kind = "Kabupaten" if m.group(1).casefold() == "bupati" else "Kota"
                found.append(f"{kind} {name}")
        for m in _GOVERNOR_RE.finditer(line):
            name = _province_name(line, m.end())
            if name:
                found.append(f"Provinsi {name}")
        heads.extend(found)
        if _is_upper_line(line) and not _is_running_text(line):
            titled_heads.extend(found)
    best = (_most_common(pemerintah) or _most_common(pemerintah_prov) or _most_common(normal)
            or _most_common(provinces) or _most_common(titled_heads) or _most_common(running)
            or _most_common(running_prov))
    if best:
        return best
    return _most_common(heads) or _most_common(se_only)


# --------------------------------------------------------------------------
# agency
# --------------------------------------------------------------------------

_AGENCY_HEAD_RE = regex.compile(
    r"(?<![\p{L}])(?:"
    r"dinas|badan|sekretariat\s+daerah|sekretariat\s+dprd|sekretariat\s+dewan"
    r"|inspektorat|kecamatan|kelurahan|satuan\s+polisi|satpol|rsud|biro"
    r"|rumah\s+sakit|bappeda\p{L}*|bapelitbang\p{L}*|bappelitbang\p{L}*|bapenda"
    r"|bakesbangpol|kantor|uptd?|unit\s+pelaksana|puskesmas"
    r")(?![\p{L}])",
    regex.IGNORECASE,
)
# Heads that are a complete agency name on their own.
_SELF_STANDING = regex.compile(
    r"^(?:inspektorat|sekretariat|rsud|bappeda|bapelitbang|bappelitbang|bapenda"
    r"|bakesbangpol|satpol)",
    regex.IGNORECASE,
)
# Words that end an agency name (case-insensitive).
_AGENCY_STOP = {
    "kota", "kabupaten", "kab", "provinsi", "jl", "jln", "jalan", "nomor", "no",
    "tahun", "pada", "yang", "di", "untuk", "dalam", "oleh", "telp", "telepon", "tlp",
    "fax", "faks", "email", "e-mail", "website", "sesuai", "kepala", "sebagai",
    "tentang", "berdasarkan", "indikator", "kinerja", "jabatan", "tugas", "fungsi",
    "lain", "lainnya", "ini", "tersebut", "nip", "melalui", "terhadap", "bidang",
    "seksi", "sub", "subbag", "subbagian", "pejabat", "the",
}
_AGENCY_CONNECTORS = {"dan", "serta", "&"}
# Bodies outside local government that should never be the issuing agency.
_NOT_LOCAL = {
    "nasional", "negara", "pusat", "republik", "indonesia", "kementerian", "menteri",
    "provinsi", "pemeriksa",
}
_LABEL_RE = regex.compile(
    r"^\W*(?:\d+\W*)?(?:instansi|unit\s+kerja|perangkat\s+daerah|skpd|opd|satuan\s+kerja)"
    r"\s*:\s*",
    regex.IGNORECASE,
)
_ADDRESS_RE = regex.compile(
    r"(?<![\p{L}])(?:jl|jln|jalan|telp|telepon|tlp|fax|faks|e-?mail|website|http|www"
    r"|kode\s+pos)(?![\p{L}])|@|☎|☒|\(0\d{2,4}\)",
    regex.IGNORECASE,
)
_HEADING_WORDS_RE = regex.compile(
    r"^\W*(?:indikator|keputusan|nomor|tentang|lampiran|rencana|perjanjian|jabatan"
    r"|laporan|tahun|kepala|menimbang|mengingat|memutuskan)(?![\p{L}])",
    regex.IGNORECASE,
)
_MAX_AGENCY_CHARS = 300
_ACRONYMS = {
    "RSUD", "UPT", "UPTD", "DPRD", "PPPA", "P3A", "KB", "PU", "PUPR", "BPBD", "BPKAD",
    "BPKD", "BKD", "BKPSDM", "BKPP", "PMD", "PTSP", "DPMPTSP", "UMKM", "KUKM", "SDM",
    "PMI", "KIM", "TPHP", "PP", "PPKB", "DP3A", "DP3AKB", "DPPKB", "DPMD", "PKP",
}
_SPACED_LETTERS_RE = regex.compile(r"^(?:\p{L}\s){3,}\p{L}$")
_LOWER_SMALL = {"dan", "di", "pada", "serta", "untuk", "dari", "ke"}


def _agency_words(text: str) -> list[str]:
    """Cut agency text at the first stop word / lowercase word / number."""
    words: list[str] = []
    mixed_case = not _is_upper_line(text)
    for tm in _TOKEN_RE.finditer(text):
        tok = tm.group(0)
        core = tok.strip(",.;:()[]\"'")
        if not core:
            break
        low = core.casefold()
        if low in _AGENCY_CONNECTORS:
            words.append(tok)
            continue
        if low in _AGENCY_STOP or not _WORD_RE.fullmatch(core):
            break
        if mixed_case and words and core[0].islower():
            break
        if ")" in tok and "(" not in tok and not any("(" in w for w in words):
            break  # "(Gubernur, Inspektorat, Bappeda)": the close of a bracket the name did not open
        words.append(tok)
        if tok.rstrip().endswith((".", ";", ":", ")")) or tok.startswith("("):
            break
    while words and words[-1].strip(",.;:").casefold() in _AGENCY_CONNECTORS:
        words.pop()
    for k in (4, 3, 2, 1):  # a province written after the name without "Provinsi" is the region, not the name
        if len(words) - k >= 2 and " ".join(w.strip(",.;:") for w in words[-k:]).casefold() in _PROVINCE_KEYS:
            words = words[:-k]
            while words and words[-1].strip(",.;:").casefold() in _AGENCY_CONNECTORS:
                words.pop()
            break
    if words:
        words[-1] = words[-1].rstrip(",.;:")
    return words


_ROMAN_RE = regex.compile(r"(?=[IVX]{1,5}$)X{0,3}(?:IX|IV|V?I{0,3})")


def _format_agency(words: list[str], mixed_case: bool) -> str:
    """Title-case agency words; keep acronyms; small words lower case."""
    out: list[str] = []
    for i, tok in enumerate(words):
        lead = tok[: len(tok) - len(tok.lstrip(",.;:()"))]
        trail = tok[len(tok.rstrip(",.;:()")):]
        core = tok.strip(",.;:()")
        if core == "&":
            fmt = "dan"
        elif i > 0 and core.casefold() in _LOWER_SMALL:
            fmt = core.lower()
        elif core.upper() in _ACRONYMS:
            fmt = core.upper()
        elif i > 0 and _ROMAN_RE.fullmatch(core.upper()):
            fmt = core.upper()  # "Wilayah II", "Kelas IV": a numeral, not a word
        elif core.isupper() and (mixed_case or not regex.search(r"[aiueo]", core, regex.IGNORECASE)):
            fmt = core  # acronym (PPPA, DPRD, PUPR)
        else:
            fmt = _title_word(core)
        out.append(lead + fmt + trail)
    text = " ".join(out)
    text = regex.sub(r"\s+,", ",", text)
    text = regex.sub(r",(?=\S)", ", ", text)
    return text.strip(" ,;:.")


def _agency_from(text: str) -> str | None:
    """The agency named at the first agency head word in the text, if any."""
    mixed = not _is_upper_line(text)
    for m in _AGENCY_HEAD_RE.finditer(text):
        if mixed and not m.group(0)[0].isupper():
            continue
        words = _agency_words(text[m.start() : m.start() + _MAX_AGENCY_CHARS])
        if not words:
            continue
        n_head = len(m.group(0).split())
        if len(words) <= n_head and not _SELF_STANDING.match(m.group(0)):
            continue  # bare "Dinas" / "Kantor"
        if len(words) < n_head:
            continue
        if any(w.strip(",.;:()").casefold() in _NOT_LOCAL for w in words):
            continue
        return _format_agency(words, mixed)
    return None


def _is_continuation(prev: str, line: str, region_name: str | None) -> bool:
    """Whether a header line continues the agency name of the previous line."""
    if not line or _ADDRESS_RE.search(line) or _HEADING_WORDS_RE.match(line):
        return False
    if _SPACED_LETTERS_RE.match(line) or regex.search(r"\d", line):
        return False
    if region_name and line.casefold().strip(" .,") == region_name.casefold():
        return False
    if _REGION_KW_RE.match(line):
        return False
    first = line.split()[0].casefold()
    if prev.rstrip().endswith(",") or first in _AGENCY_CONNECTORS:
        return True
    return _is_upper_line(prev) and _is_upper_line(line) and len(line.split()) <= 6


def _header_agency(lines: list[str], region: str | None) -> list[str]:
    """Agencies named in the letterhead right after "PEMERINTAH KOTA/KABUPATEN X"."""
    bare = region.split(" ", 1)[1] if region and " " in region else None
    found: list[str] = []
    for i, line in enumerate(lines):
        pm = _PEMERINTAH_RE.match(line)
        if not pm:
            continue
        rest = line[pm.end():]
        # Same line: "PEMERINTAH KOTA X DINAS SOSIAL"
        same = _agency_from(rest)
        if same:
            found.append(same)
            continue
        nxt = [j for j in range(i + 1, min(len(lines), i + 6)) if lines[j]]
        if not nxt:
            continue
        j = nxt[0]
        if bare and lines[j].casefold() == bare.casefold() and len(nxt) > 1:
            j = nxt[1]  # name of the region on its own line
        if not _AGENCY_HEAD_RE.match(lines[j]):
            continue
        parts = [lines[j]]
        k = j + 1
        while k < len(lines) and len(parts) < 6 and _is_continuation(parts[-1], lines[k], bare):
            parts.append(lines[k])
            k += 1
        agency = _agency_from(" ".join(parts))
        if agency:
            found.append(agency)
    return found


def find_agency(lines: list[str], region: str | None = None) -> str | None:
    """Return the issuing agency (perangkat daerah) as the header names it.

    Prefers the letterhead after "PEMERINTAH ..."; then "Instansi :" labels; then a title that makes the
    document the government's own (``IKU PEMERINTAH DAERAH``, ``INDIKATOR KINERJA RPJMD``); then agency
    names followed by the region or in an upper-case title (an acronym too: ``BPKAD PROVINSI JAWA BARAT``);
    then the most frequent agency mention. An agency beats a unit under it (``UPT-UPT DESDM`` rows do not
    outvote the ``DINAS ENERGI ...`` title). An acronym is expanded where the document spells it out and
    kept as written otherwise. Title-cased, small words lower case.
    """
    clean = _clean_lines(lines)
    if not isinstance(region, str) or not region.strip():
        region = find_region(clean)
    header = _most_common(_header_agency(clean, region))
    if header:
        return header
    labelled: list[str] = []
    titled: list[str] = []
    anywhere: list[str] = []
    pemda_title = False
    for i, line in enumerate(clean):
        line = _with_continuation(clean, i, region)
        lm = _LABEL_RE.match(line)
        if lm:
            agency = _agency_from(line[lm.end():])
            if agency:
                labelled.append(agency)
                continue
        upper = _is_upper_line(line)
        if (upper or _TITLE_START_RE.match(line)) and _PEMDA_TITLE_RE.search(line) and not _is_running_text(line):
            pemda_title = True
        found = False
        for m in _AGENCY_HEAD_RE.finditer(line):
            after = line[m.start() : m.start() + _MAX_AGENCY_CHARS]
            agency = _agency_from(after)
            if not agency:
                continue
            anywhere.append(agency)
            cut = _REGION_KW_RE.search(after) or _PROVINCE_KW_RE.search(after)
            if upper or (cut and len(agency) + 2 >= len(after[: cut.start()].strip())):
                titled.append(agency)
            found = True
            break  # one mention per line
        if not found:
            acronym = _acronym_agency(line)
            if acronym:
                (titled if upper else anywhere).append(acronym)
    if labelled:
        return _pick_agency(labelled, clean)
    if pemda_title and region:
        return f"Pemerintah {region}"
    for group in (titled, anywhere):
        if group:
            return _pick_agency(group, clean)
    # a Pemda-level document (the IKU of a whole province or kabupaten) is issued by the government itself
    if region and any(_PEMERINTAH_RE.match(ln) or _PEMERINTAH_PROV_RE.search(ln) for ln in clean):
        return f"Pemerintah {region}"
    return None


def find_agency_in_cells(lines: list[str], region: str | None = None,
                         spelled_out: list[str] | None = None) -> str | None:
    """The agency that table cells name together with its region (``BKPD Provinsi Jawa Barat``, ``Badan X
    Kabupaten Y`` as a data source), for a document whose text names no agency; a bare unit or agency name
    in a cell (a penanggung jawab column listing ``Dinas Pendidikan``) is not the document's agency. An
    acronym is expanded where ``spelled_out`` (default: ``lines``) writes it out."""
    clean = _clean_lines(lines)
    found: list[str] = []
    for line in clean:
        for m in _AGENCY_HEAD_RE.finditer(line):
            agency = _agency_from(line[m.start() : m.start() + _MAX_AGENCY_CHARS])
            rest = line[m.start() + len(agency or ""):] if agency else ""
            if agency and _REGION_AFTER_RE.match(rest):
                found.append(agency)
        for m in _ACRONYM_REGION_RE.finditer(line):
            if _is_acronym(m.group(1)):
                found.append(m.group(1))
    return _pick_agency(found, _clean_lines(spelled_out) if spelled_out is not None else clean) if found else None


# a title that makes the document the regional government's own, not one agency's
_PEMDA_TITLE_RE = regex.compile(
    r"(?:\bIKU|INDIKATOR\s+KINERJA(?:\s+UTAMA)?)\s*(?:\(\s*IKU\s*\)\s*)?(?:PEMERINTAH(?:\s+DAERAH)?\b|RPJMD\b)",
    regex.IGNORECASE)
# units inside an agency: an agency mention beats them
_SUB_UNIT_RE = regex.compile(r"^(?:upt|uptd|unit\s+pelaksana|puskesmas)(?![\p{L}])", regex.IGNORECASE)
# an upper-case acronym right before a region: "BPKAD PROVINSI JAWA BARAT", "BKPD Prov. Jabar"
_ACRONYM_REGION_RE = regex.compile(
    r"(?<![\p{L}\p{N}-])(\p{Lu}[\p{Lu}\p{N}]{2,11})\s+(?=(?:provinsi|prov\.|kabupaten|kab\.|kota)\s)",
    regex.IGNORECASE)
_REGION_AFTER_RE = regex.compile(r"^\W{0,3}(?:provinsi|prov\.|kabupaten|kab\.|kota)\s", regex.IGNORECASE)
# upper-case words that stand before a region and name no agency
_NOT_ACRONYMS = {"PEMERINTAH", "PEMDA", "DAERAH", "SKPD", "OPD", "RPJMD", "RENSTRA", "IKU", "IKI", "DPRD", "BUPATI",
                 "WALIKOTA", "GUBERNUR", "UTAMA", "INDIVIDU", "KINERJA", "TAHUN", "SEKRETARIAT", "WILAYAH",
                 "SELURUH", "DAN", "DI", "SE", "UPT", "UPTD", "ASN", "PNS", "APBD", "PAD", "RSUD"}


def _is_acronym(token: str) -> bool:
    """An agency's acronym: upper case, not a title word, and written like an initialism (few vowels)."""
    if not token.isupper() or token in _NOT_ACRONYMS or token in _ACRONYMS - {"BPKAD", "BPKD", "BKD", "BPBD",
                                                                            "BKPSDM", "BKPP", "DPMPTSP"}:
        return False
    letters = [c for c in token if c.isalpha()]
    vowels = sum(1 for c in letters if c in "AIUEO")
    return len(letters) >= 3 and vowels <= len(letters) * 0.3


def _acronym_agency(line: str) -> str | None:
    """An agency named only by its acronym in a title line (``BPKAD PROVINSI JAWA BARAT``, ``KEPALA BKPD
    KABUPATEN X``), as written."""
    m = _ACRONYM_REGION_RE.search(line)
    if not m or not _is_acronym(m.group(1)):
        return None
    before = line[: m.start()].split()
    if len(before) > 4:
        return None  # deep inside a sentence
    return m.group(1).upper()


def _abbreviates(acronym: str, words: list[str]) -> bool:
    """Does ``acronym`` take the first letters (one or more) of each of ``words`` in order (``BPKAD`` ←
    Badan Pengelolaan Keuangan dan Aset Daerah; ``DINKES`` ← Dinas Kesehatan)? ``dan`` / ``serta`` may go."""
    a = acronym.casefold()
    ws = [w.strip(",.;:()").casefold() for w in words]
    ws = [w for w in ws if w]

    @lru_cache(maxsize=None)
    def go(i: int, j: int) -> bool:
        if j == len(ws):
            return i == len(a)
        if ws[j] in ("dan", "serta", "&") and go(i, j + 1):
            return True
        return any(a[i:i + k] == ws[j][:k] and go(i + k, j + 1) for k in range(1, len(ws[j]) + 1))

    return len(ws) >= 2 and go(0, 0)


def _expand_acronym(acronym: str, lines: list[str]) -> str | None:
    """The agency name a document spells out for ``acronym`` (``Badan Ketahanan Pangan Daerah`` for BKPD)."""
    for line in lines:
        for m in _AGENCY_HEAD_RE.finditer(line):
            words = _agency_words(line[m.start() : m.start() + _MAX_AGENCY_CHARS])
            for k in range(len(words), 1, -1):
                if words[k - 1].strip(",.;:").casefold() not in _AGENCY_CONNECTORS and _abbreviates(acronym, words[:k]):
                    return _format_agency(words[:k], not _is_upper_line(line))
    return None


def _pick_agency(found: list[str], lines: list[str]) -> str:
    """The most frequent of the agencies found (an agency before the units under it; case folded), with an
    acronym expanded where the document spells it out."""
    agencies = [x for x in found if not _SUB_UNIT_RE.match(x)] or found
    expanded = [(_expand_acronym(x, lines) or x) if " " not in x else x for x in agencies]  # BPKAD, Bappeda
    best = _most_common([x.casefold() for x in expanded])
    return next(x for x in expanded if x.casefold() == best)


_UNIT_LINE_RE = regex.compile(
    r"^\W*(?:bidang|seksi|sub|subbag\p{L}*|subbid\p{L}*|bagian|sekretariat|upt\p{L}*|kepala|sekretaris"
    r"|dinas|badan|kantor|inspektorat|kecamatan|kelurahan|nama|unit|tugas|fungsi|jabatan|program)(?![\p{L}])",
    regex.IGNORECASE,
)


def _with_continuation(lines: list[str], i: int, region: str | None) -> str:
    """An upper-case line naming an agency, with the lines its name runs on to ("DINAS PEMBERDAYAAN
    MASYARAKAT," / "DESA DAN KEPENDUDUKAN")."""
    line = lines[i]
    if not _AGENCY_HEAD_RE.match(line) or not _is_upper_line(line):
        return line
    bare = region.split(" ", 1)[1] if region and " " in region else None
    parts, k = [line], i + 1
    while k < len(lines) and len(parts) < 4 and lines[k] and not _UNIT_LINE_RE.match(lines[k]) \
            and not _PROVINCE_KW_RE.match(lines[k]) and _is_continuation(parts[-1], lines[k], bare):
        if _REGION_KW_RE.search(parts[-1]) or _PROVINCE_KW_RE.search(parts[-1]):
            break  # the name already ended with its region
        parts.append(lines[k])
        k += 1
    return " ".join(parts)


# --------------------------------------------------------------------------
# year markers
# --------------------------------------------------------------------------

_MONTHS = (
    r"(?:januari|jan|februari|pebruari|feb|peb|maret|mar|april|apr|mei|juni|jun|juli|jul"
    r"|agustus|agu|agt|ags|september|sept|sep|oktober|okt|november|nopember|nov|nop"
    r"|desember|des)\.?"
)
_YEAR = r"(19[9]\d|20\d\d|2100)"
_ONLY_YEAR_RE = regex.compile(
    rf"^\W*(?:tahun(?:\s+anggaran)?\s*:?\s*)?{_YEAR}\W*$", regex.IGNORECASE
)
_DECREE_RE = regex.compile(
    rf"^\W*(?:nomor|no\.?)\s*:?\s*\S.*?(?:[/.\-]\s*|\s+tahun\s+){_YEAR}\W*$",
    regex.IGNORECASE,
)
_SIGN_DATE_RE = regex.compile(
    rf"(?:tanggal|tgl\.?|ditetapkan)\b.{{0,80}}?(?:\d{{1,2}}\s+{_MONTHS}\s+|\d{{1,2}}\s*[-/.]\s*\d{{1,2}}\s*[-/.]\s*){_YEAR}(?!\d)",
    regex.IGNORECASE,
)
# "Tanggal : Januari 2017", "Tanggal            2017" (day and month left blank to be filled in by hand)
_TANGGAL_RE = regex.compile(rf"^\W*(?:pada\s+)?(?:tanggal|tgl\.?)\s*:?[\s.\-/_]*(?:{_MONTHS}\s+)?{_YEAR}\W*$",
                            regex.IGNORECASE)
# the decree a document is the attachment of: "LAMPIRAN : PERATURAN GUBERNUR X NOMOR 27 TAHUN 2016 TENTANG ..."
_LAMPIRAN_RE = regex.compile(
    rf"^\W*lampiran\b[\s:.]*(?:\p{{L}}+\s+){{0,8}}?(?:peraturan|keputusan|surat\s+keputusan)\b.{{0,200}}?"
    rf"\bnomor\s*:?\s*\S+?(?:\s+tahun\s+|\s*[/.\-]\s*){_YEAR}(?!\d)",
    regex.IGNORECASE,
)
# a period title: "TAHUN 2021 - 2026", "PERIODE 2021-2026", "RENSTRA 2021 s.d. 2026"
_PERIOD_RE = regex.compile(
    rf"(?<![\p{{L}}\d])(?:(?:tahun|periode)\s+(?:anggaran\s+)?:?\s*)?{_YEAR}\s*(?:[-–—/]|s\.?\s*/?\s*d\.?|sampai(?:\s+dengan)?|hingga)\s*{_YEAR}(?!\d)",
    regex.IGNORECASE,
)
_DATE_LINE_RE = regex.compile(
    rf"^\W*(?:[\p{{L}} .]{{1,40}},\s*)?(?:\d{{1,2}}\s+)?{_MONTHS}\s+{_YEAR}\W*$",
    regex.IGNORECASE,
)
# "TAHUN 2022", "TAHUN ANGGARAN 2023", "T.A. 2022", "TA 2022" (the budget year's abbreviation, in capitals)
_TAHUN_RE = regex.compile(rf"(?<![\p{{L}}])(?:(?i:tahun\s+(?:anggaran\s+)?)|T\.?\s?A\.?\s+):?\s*{_YEAR}(?!\d)")
_RANGE_AFTER_RE = regex.compile(r"^\s*(?:[-–—/]|s\.?\s*/\s*d\.?|sampai|hingga)\s*\d{4}", regex.IGNORECASE)
_CITATION_BEFORE_RE = regex.compile(r"(?:nomor|no\.?)\s*:?\s*\S+\s*$", regex.IGNORECASE)
_LAW_WORDS_RE = regex.compile(
    r"undang|peraturan|lembaran|tambahan|instruksi|surat\s+edaran|permen|perpres"
    r"|inpres|perda\b|perwal|perbup|\bpp\b",
    regex.IGNORECASE,
)
_TITLE_START_RE = regex.compile(
    r"^\W*(?:indikator|iki|iku|pk|rencana|perjanjian|laporan|lampiran|target|tahun"
    r"|sasaran\s+kinerja|skp|renstra|renja|keputusan)(?![\p{L}])",
    regex.IGNORECASE,
)


# "Bandung, 2016", "Bandung, ........ 2016": a signing place with the day and month left blank
_PLACE_YEAR_RE = regex.compile(
    rf"^\W*\p{{Lu}}[\p{{L}}.'-]+(?:\s+\p{{Lu}}[\p{{L}}.'-]+){{0,2}}\s*,[\s._\-…]*(?:{_MONTHS}\s+)?{_YEAR}\W*$",
    regex.IGNORECASE)
# a decree's number ending in its year wherever the line gives it: "NOMOR : 061/Kep.1409-Org/2015 TENTANG ..."
_DECREE_NUMBER_RE = regex.compile(
    rf"(?:nomor|no\.?)\s*:?\s*[\w.\-]+(?:\s*/\s*[\w.\-]+)+\s*/\s*{_YEAR}(?!\d)", regex.IGNORECASE)
_DECREE_LINE_RE = regex.compile(r"^\W*(?:nomor|no\.?|keputusan|surat\s+keputusan|lampiran)\b", regex.IGNORECASE)
# a title that ends in its year: "INDIKATOR KINERJA INDIVIDU 2019", "IKU 2016", "RENCANA KINERJA TAHUNAN 2017"
_TITLE_YEAR_RE = regex.compile(rf"(?<![\d/\-–—.]\s?){_YEAR}\W*$")


def _line_year(line: str) -> tuple[int, str] | None:
    """The year a single line states as applying to what follows, and how it says it (``title``, ``decree``
    or ``date``), if any."""
    m = _ONLY_YEAR_RE.match(line)
    if m:
        return int(m.group(1)), "title"
    m = _DECREE_RE.match(line)
    if m and ("/" in line or regex.search(r"\btahun\b", line, regex.IGNORECASE)):
        if not regex.search(r"\btentang\b", line, regex.IGNORECASE):
            return int(m.group(1)), "decree"
    m = _LAMPIRAN_RE.match(line)
    if m:
        return int(m.group(1)), "decree"
    m = _SIGN_DATE_RE.search(line) or _TANGGAL_RE.match(line)
    if m:
        return int(m.group(1)), "date"
    if len(line) <= 60:
        m = _DATE_LINE_RE.match(line) or _PLACE_YEAR_RE.match(line)
        if m:
            return int(m.group(1)), "date"
    if len(line) > 250 or _LAW_WORDS_RE.search(line):
        return None
    m = _DECREE_NUMBER_RE.search(line)
    if m and (_DECREE_LINE_RE.match(line) or _is_upper_line(line)):
        return int(m.group(1)), "decree"
    if not (_is_upper_line(line) or _TITLE_START_RE.match(line)):
        return None
    for m in _TAHUN_RE.finditer(line):
        if _RANGE_AFTER_RE.match(line[m.end():]):
            continue
        if _CITATION_BEFORE_RE.search(line[: m.start()]):
            continue
        return int(m.group(1)), "title"
    m = _TITLE_YEAR_RE.search(line)
    if m and len(line) <= 80 and not _is_running_text(line) and not _CITATION_BEFORE_RE.search(line[: m.start()]) \
            and not _PERIOD_RE.search(line) \
            and not regex.search(r"\bnip\b|\d\s*$", line[: m.start()], regex.IGNORECASE):
        return int(m.group(1)), "title"
    return None


def year_markers(lines: list[str]) -> list[tuple[int, int]]:
    """Return (line_index, year) for each line stating the year that applies.

    Markers: a line holding only a year, a title with "TAHUN 2022" or ending in its year (not law
    citations or ranges), a decree number ending in a year, a signing date ("Bandung, 2016" too).
    """
    return [(i, y) for i, y, _ in year_marker_kinds(lines)]


def year_marker_kinds(lines: list[str]) -> list[tuple[int, int, str]]:
    """:func:`year_markers` with how each line states its year: ``title`` (a title or a line holding only the
    year), ``decree`` (a decree's number or the decree a lampiran belongs to) or ``date`` (a signing date)."""
    clean = _clean_lines(lines)
    out: list[tuple[int, int, str]] = []
    for i, line in enumerate(clean):
        if not line:
            continue
        found = _line_year(line)
        if found is not None and 1990 <= found[0] <= 2100:
            out.append((i, *found))
    return out


def document_year(markers: list[tuple[int, int, str]]) -> int | None:
    """The year a document is about: its first title's year (a cover placed last too), else its decree's,
    else its first signing date's. A signature dated the year after (an IKU of 2014 signed in 2015) does not
    outvote the title."""
    for kind in ("title", "decree", "date"):
        year = next((y for _, y, k in markers if k == kind), None)
        if year is not None:
            return year
    return None


def period_markers(lines: list[str]) -> list[tuple[int, int, int]]:
    """Return (line_index, first_year, last_year) for each title line naming a period ("TAHUN 2021 - 2026").

    Titles only (upper-case lines or lines that start like a title: Indikator, Rencana, Renstra ...);
    a period inside a law citation or a sentence ("RPJPD Tahun 2005-2025 tentang ...") is not one.
    """
    clean = _clean_lines(lines)
    out: list[tuple[int, int, int]] = []
    for i, line in enumerate(clean):
        if not line or len(line) > 250 or _LAW_WORDS_RE.search(line) or regex.search(r"\btentang\b", line, regex.I):
            continue
        if not (_is_upper_line(line) or _TITLE_START_RE.match(line) or _PERIOD_RE.fullmatch(line.strip(" .:"))):
            continue
        m = _PERIOD_RE.search(line)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if 1990 <= a < b <= 2100 and b - a <= 25:
                out.append((i, a, b))
    return out
