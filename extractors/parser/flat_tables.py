"""Indicator tables that a converter flattened into lines, rebuilt from what their lines say.

Text that document-sharing sites and PDF converters make from a table often keeps no trace of the
grid: the header is one line ("KINERJA INDIKATOR KINERJA PENJELASAN/FORMULASI PENGHITUNGAN SUMBER
DATA Meningkatnya" — the first word of the body glued on), or one line per header cell; the body
follows one cell line per paragraph, cell after cell (each cell's wrapped lines in a row), a list of
numbered indicators, the penjelasan cells one per indicator. Sometimes a whole page is one paragraph.

Nothing here asks the file format: it reads :class:`~extractors.ir.Paragraph` blocks. The header line
is split into its column names (header words, ``/`` joining two names of one column); the body lines
are typed by what they start with (a sasaran ``Meningkatnya …``, an indicator ``Jumlah / Persentase …``
or ``1. …``, a formula with ``/`` or ``x 100``, a note ``Catatan :``, a data source ``Laporan / Buku /
Aplikasi …``, a lower-case continuation) and laid into the header's columns in order. The rebuilt
table carries a ``table_rebuilt`` warning; lines that give no indicator give ``table_unreadable`` and
no rows, never a guessed row.
"""
from __future__ import annotations

from collections.abc import Iterator

import regex as re

from extractors.ir import Cell, Loc, Paragraph, Table
from extractors.parser.indicator_tables import (CONNECTOR_END, SASARAN_START, header_role, header_roles,
                                                is_signature_text, looks_like_indicator)
from extractors.parser.labels import heading_kind, parse_label
from normalize.text import split_label
from schema.warnings import warning

Block = Paragraph | Table

# words that start a column name, and the words that may follow them inside the same name
_HEADS = {"NO", "NOMOR", "SASARAN", "TUJUAN", "KINERJA", "INDIKATOR", "URAIAN", "PENJELASAN", "FORMULASI", "FORMULA",
          "RUMUS", "CARA", "DEFINISI", "ALASAN", "DASAR", "TIPE", "SUMBER", "PENANGGUNG", "PENANGGUNGJAWAB", "PIC",
          "SATUAN", "TARGET", "KETERANGAN", "KONDISI", "BASELINE", "REALISASI"}
_MODIFIERS = {"STRATEGIS", "KINERJA", "UTAMA", "INDIVIDU", "PROGRAM", "KEGIATAN", "SUB", "DATA", "JAWAB",
              "PENGHITUNGAN", "PERHITUNGAN", "PENGUKURAN", "MENGHITUNG", "OPERASIONAL", "PERTIMBANGAN", "AWAL",
              "IKU", "IKI", "TAHUN", "DAN", "&", "URUT", "SASARAN", "UNIT"}
# heads that take KINERJA as a modifier ("SASARAN KINERJA", "INDIKATOR KINERJA"); elsewhere KINERJA starts a column
_TAKES_KINERJA = {"SASARAN", "INDIKATOR", "TARGET", "TUJUAN"}
_YEAR = re.compile(r"(?:19|20)\d\d")


def _tokens(text: str) -> list[tuple[str, int, int]]:
    """Words and slashes of a line with their spans."""
    return [(m.group(0), m.start(), m.end()) for m in re.finditer(r"/|[^\s/]+", text)]


def split_header_line(text: str) -> tuple[list[str], str]:
    """A line that starts with an indicator table's header → (column names, the text after the header).

    ``"KINERJA INDIKATOR KINERJA PENJELASAN/FORMULASI PENGHITUNGAN SUMBER DATA Meningkatnya"`` →
    ``(["KINERJA", "INDIKATOR KINERJA", "PENJELASAN/FORMULASI PENGHITUNGAN", "SUMBER DATA"], "Meningkatnya")``.
    The header ends at the first word that is no header word or that breaks the header's case (an
    upper-case header does not go on in lower case). No header words at the start gives ``([], text)``.
    """
    cols: list[list[str]] = []
    head = None  # head word of the current column
    joined = False  # the last token was "/": the next name belongs to the same column
    upper = None
    end = 0
    for tok, a, b in _tokens(text):
        word = tok.strip(".:()[],").upper()
        if tok == "/":
            if not cols:
                break
            cols[-1].append("/")
            joined, end = True, b
            continue
        if not word or tok.endswith(":") or text[b:].lstrip().startswith(":"):
            break  # "Nomor :" is a label, not a column name
        is_upper = tok.upper() == tok
        if upper is None:
            upper = is_upper
        if upper and not is_upper and not _YEAR.fullmatch(word):
            break
        if not upper and not tok[:1].isupper() and not _YEAR.fullmatch(word):
            break
        if word in _HEADS and not (word == "KINERJA" and head in _TAKES_KINERJA and not joined):
            if joined and cols:
                cols[-1].append(tok)
            else:
                cols.append([tok])
            head = word if not joined else head
        elif cols and (word in _MODIFIERS or _YEAR.fullmatch(word)) \
                and word not in {t.strip(".:()[],").upper() for t in cols[-1]}:  # "Sumber Data Data …": a cell
            cols[-1].append(tok)
        else:
            break
        joined, end = False, b
    names = [" ".join(c).replace(" / ", "/").replace(" /", "/").rstrip("/ ") for c in cols]
    return names, text[end:].strip()


def _line(p: Paragraph) -> str:
    return f"{p.label} {p.text}" if p.label and p.label not in "-•" else p.text


def _header_run(blocks: list[tuple[int, Block]], i: int) -> tuple[list[str], list[str | None], str, int] | None:
    """The header that starts at block i (over one or more paragraphs): names, roles, leftover text, next block."""
    names: list[str] = []
    rest, j = "", i
    if heading_kind(blocks[i][1].text):
        return None  # a block heading, not the first cell of a header
    while j < len(blocks) and isinstance(blocks[j][1], Paragraph) and not blocks[j][1].label:
        cols, rest = split_header_line(blocks[j][1].text)
        if not cols:
            rest = ""
            break
        names += cols
        j += 1
        if rest:
            break
    roles = header_roles(names) if names else None
    named = [r for r in (roles or []) if r and r != "other"]
    if roles is None or len(named) != len(set(named)) or len(named) < 3:
        return None  # no header, or a heading above one (INDIKATOR KINERJA UTAMA): the next block may start it
    return names, roles, rest, j


_NUMBERED = re.compile(r"^\(?\d{1,2}(?:\.\d{1,2})*[.)]?\s+\S")
_NUM_ONLY = re.compile(r"^\(?\d{1,2}(?:\.\d{1,2})*[.)]?$")
_FORM = re.compile(r"\S\s*/\s*[A-Za-z(]|\bdibagi\b|\b[xX×]\s*\(?\s*100|[Σ∑]|^\s*_{3,}|\bdikali", re.I)
_BAR = re.compile(r"^\s*(?:_{3,}|-{5,})|^\s*[xX×]\s*100")
_NOTE = re.compile(r"^(?:Catatan|Keterangan|Ket\.|NB|N\.B\.)\s*:?", re.I)
_SRC = re.compile(r"^(?:Buku|Laporan|Data|Dokumen|Arsip|Aplikasi|Sistem|Register|Rekap\w*|BPS|Badan\s+Pusat|"
                  r"Hasil\s+(?:survei|survey|pemeriksaan|evaluasi|penilaian)|Bidang|Seksi|Sub\s*\.?\s*Bag\w*|"
                  r"Subbag\w*|Sub\s*\.?\s*Bid\w*|Kasubb?ag\w*|Kasubb?id\w*|Kasi[e]?|Kabid|Kabag|Sekretariat|Dinas|SK|Surat\s+Keputusan|Website|SIPD|LKPD|LAKIP|"
                  r"LKjIP|Renstra|Renja|DPA|Daftar)\b")
_TGT = re.compile(r"^\d+(?:[.,]\d+)?\s*(?:%|persen)?(?:\s+\w+){0,2}$", re.I)
_SENTENCE_END = re.compile(r"[.;:!?)]\s*$")


def _kind(line: str, prev: str | None, nxt: str | None) -> str:
    """What a body line starts: cont | num | sas | ind | form | note | src | tgt | other."""
    s = line.strip()
    if prev is not None and (s[:1].islower() or s[:1] in "=-–+*(" or CONNECTOR_END.search(prev)):
        return "cont"
    if _NUM_ONLY.match(s):
        return "num"
    if _NOTE.match(s):
        return "note"
    if _BAR.match(s) or _FORM.search(s) or (nxt is not None and _BAR.match(nxt)):
        return "form"
    if SASARAN_START.match(s):
        return "sas"
    if looks_like_indicator(s) or _NUMBERED.match(s):
        return "ind"
    if _TGT.match(s):
        return "tgt"
    if _SRC.match(s):
        return "src"
    return "other"


_TEXT_ROLES = ("sasaran", "indikator", "penjelasan", "formula", "tipe", "sumber_data", "penanggung_jawab", "satuan",
               "target")


def _rows_from_lines(lines: list[str], roles: list[str | None]) -> list[dict[str, list[str]]]:
    """Body lines → row groups: {role: items}; a group holds one sasaran and the indicators under it."""
    order = [r for r in roles if r in _TEXT_ROLES]
    if "no" in roles:
        order = ["no"] + order
    groups: list[dict[str, list[str]]] = []
    cur: dict[str, list[str]] = {}
    role: str | None = None

    def start(r: str, text: str, new_item: bool = True) -> None:
        nonlocal role
        items = cur.setdefault(r, [])
        if new_item or not items:
            items.append(text)
        else:
            items[-1] += " " + text
        role = r

    def new_group() -> None:
        nonlocal cur, role
        if cur:
            groups.append(cur)
        cur, role = {}, None

    def after(r: str | None) -> str | None:
        i = order.index(r) if r in order else -1
        return next((x for x in order[i + 1:] if x != "no"), None)

    def k() -> int:
        return len(cur.get("indikator", []))

    formula_role = "formula" if "formula" in order else "penjelasan" if "penjelasan" in order else None
    note_role = "penjelasan" if "penjelasan" in order else formula_role
    for n, line in enumerate(lines):
        prev = lines[n - 1] if n else None
        kind = _kind(line, prev, lines[n + 1] if n + 1 < len(lines) else None)
        if kind == "form" and role == formula_role and prev is not None and (_BAR.match(prev) or _BAR.match(line)):
            kind = "cont"  # a fraction written over three lines
        listed = k() >= 2 and all(_NUMBERED.match(x) for x in cur.get("indikator", []))
        if listed and not _NUMBERED.match(line) and kind not in ("cont", "num") and role in order \
                and (role == "indikator" or order.index(role) > order.index("indikator")) \
                and (role != "indikator" or after(role)) and len(cur.get(role if role != "indikator" else after(role),
                                                                         [])) < k():
            # a numbered list of indicators, then their next column one line per indicator: the column's cells
            col = after(role) if role == "indikator" else role
            start(col, line)
            cur.setdefault("_listed", [])
            if col not in cur["_listed"]:
                cur["_listed"].append(col)  # its cells go one per indicator, from the first (the rest may be cut)
            continue
        if kind == "cont" and role:
            start(role, line, new_item=False)
        elif kind == "num" and "no" in order:
            new_group()
            start("no", line)
        elif kind == "sas" and "sasaran" in order and (cur.get("indikator") or cur.get("sasaran") or role is None
                                                       or role == "no"):
            if cur.get("indikator") or cur.get("sasaran"):
                new_group()
            start("sasaran", line)
        elif kind == "ind" and (role == "indikator" or not cur.get("indikator")):
            start("indikator", line)
        elif kind == "ind" and role in order and order.index(role) > order.index("indikator") \
                and len(cur.get(role, [])) < k():
            start(role, line)  # the second penjelasan of a cell that lists one per indicator
        elif kind == "ind":
            new_group()
            start("indikator", line)
        elif kind == "note" and note_role:
            start(note_role, line, new_item=len(cur.get(note_role, [])) < max(k(), 1))
        elif kind == "form" and formula_role and cur.get("indikator"):
            start(formula_role, line, new_item=role != formula_role or len(cur.get(formula_role, [])) < k())
        elif kind == "src" and "sumber_data" in order and (role not in order or
                                                           order.index(role) < order.index("sumber_data")):
            start("sumber_data", line)
        elif kind == "tgt" and "target" in order and cur.get("indikator"):
            start("target", line)
        elif role is None or role == "no":
            start("sasaran" if "sasaran" in order else "indikator", line)
        elif role == "sasaran" and not cur.get("indikator"):
            if prev is not None and _SENTENCE_END.search(prev):
                start("indikator", line)
            else:
                start("sasaran", line, new_item=False)  # a sasaran wrapped over lines
        elif role in order and role != "sasaran" and len(cur.get(role, [])) < k():
            start(role, line)
        elif after(role):
            start(after(role), line)
        else:
            start(role, line, new_item=False)
    new_group()
    return groups


def _table(groups: list[dict[str, list[str]]], roles: list[str | None], names: list[str],
           locs: list[Loc], loc: Loc) -> tuple[Table, bool]:
    """Row groups → a Table with the header row first; and whether every column's items fit the indicators."""
    cols = [(c, r) for c, r in enumerate(roles) if r]
    rows: list[tuple[Cell, ...]] = [tuple(Cell(names[c], 0, c, loc=loc) for c, _ in cols)]
    fits = True
    for g, group in enumerate(groups):
        inds = group.get("indikator", [])
        k = max(len(inds), 1)
        gloc = locs[g] if g < len(locs) else loc
        for j in range(k):
            cells = []
            for c, role in cols:
                items = group.get(role, [])
                if role in ("no", "sasaran"):
                    text = " ".join(items) if j == 0 else ""
                elif len(items) == k or role in group.get("_listed", []):
                    text = items[j] if j < len(items) else ""
                else:
                    fits = fits and not items or k == 1
                    text = "\n".join(items) if j == 0 else ""
                cells.append(Cell(text, len(rows), c, loc=gloc))
            rows.append(tuple(cells))
    return Table(tuple(rows), loc=loc), fits


_STOP_KINDS = ("IKI", "IKU", "PK")


def _body_end(blocks: list[tuple[int, Block]], j: int) -> int:
    """Where the body lines of a flattened table end: a table, a heading, a label, a signature block."""
    end = j
    while end < len(blocks):
        b = blocks[end][1]
        if isinstance(b, Table) or heading_kind(b.text) in _STOP_KINDS:
            break
        label = parse_label(b.text, numbered_item=b.label is not None and b.label not in "-•")
        if label and label.exact and ":" in b.text and not label.weak:
            break
        if is_signature_text(_line(b)):
            # the signer's title and name stand above the NIP / rank line
            back = end
            while back > j and back > end - 3 and not _SENTENCE_END.search(blocks[back - 1][1].text) \
                    and len(blocks[back - 1][1].text.split()) <= 15:
                back -= 1
            return back if back > j else end
        end += 1
    return end


_SPLIT_AT = re.compile(
    r"(?<=[a-z0-9.;,)])\s+(?=(?:\d{1,2}[.)]\s+[A-Z])|(?:[A-Z][a-z]+nya\b)|(?:Catatan|Keterangan)\s*:|"
    r"(?:Jumlah|Persentase|Prosentase|Presentase|Indeks|Rasio|Nilai|Tingkat|Angka|Cakupan|Rata-rata|Capaian|"
    r"Proporsi|Banyaknya|Buku|Laporan|Dokumen|Arsip|Aplikasi|Register|Rekapitulasi|Daftar|Sistem|Hasil)\b)")


def _unflatten(lines: list[str]) -> tuple[list[str], bool]:
    """A body that is one long paragraph (a page flattened) → lines cut where a cell plausibly starts."""
    if len(lines) > 3 or not any(len(x) > 120 for x in lines):
        return lines, False
    out: list[str] = []
    for line in lines:
        for piece in (x.strip() for x in _SPLIT_AT.split(line) if x.strip()):
            if out and _NUM_ONLY.match(out[-1]) and not _NUM_ONLY.match(piece):
                out[-1] = f"{out[-1]} {piece}"  # a list number stays with its item
            else:
                out.append(piece)
    return out, True


_MARKERS = re.compile(
    r"INDIKATOR\s+KINERJA\s+(?:INDIVIDU|UTAMA)(?:\s*\(\s*IK[IU]\s*\))?|PERJANJIAN\s+KINERJA"
    r"|(?:\b\d{1,2}\s*[.)]\s*)?\b(?:NAMA\s+JABATAN|JABATAN|NAMA\s+UNIT(?:\s+KERJA)?|NAMA\s+(?:SUB\.?\s*)?BIDANG"
    r"|NAMA\s+SEKSI|UNIT\s+KERJA|URAIAN\s+TUGAS|TUGAS\s+POKOK|TUGAS|FUNGSI|INSTANSI|PROGRAM)\s*\.?\s*:",
    re.I)


def _cut_points(text: str) -> list[int]:
    """Where a paragraph that holds a whole page goes on with another block: headings, labels, a table header."""
    cuts = {m.start() for m in _MARKERS.finditer(text) if m.start() > 0}
    for m in re.finditer(r"(?<=\s)[A-Z]{2,}\b", text):
        if m.group(0) in _HEADS and m.start() not in cuts:
            names, _ = split_header_line(text[m.start():])
            roles = header_roles(names) if len(names) >= 2 else None
            if roles and "indikator" in roles:
                cuts.add(m.start())
                break  # the body after a table header is the table's, not more blocks
    return sorted(cuts)


def split_flattened(p: Paragraph) -> list[Paragraph]:
    """A paragraph that is a whole page flattened (a heading, labels and a table on one line) → its blocks.

    Only a long paragraph with two or more structural marks is cut; anything else is returned as is.
    """
    text = _line(p)
    if len(text) < 200:
        return [p]
    cuts = _cut_points(text)
    if len(cuts) < 2:
        return [p]
    out = []
    for a, b in zip([0] + cuts, cuts + [len(text)]):
        piece = text[a:b].strip()
        if piece:
            label, rest = split_label(piece)
            out.append(Paragraph(text=rest, loc=p.loc, label=label))
    return out


def _column_start(b: Block) -> tuple[str, str, str] | None:
    """A paragraph that opens a column written as a block: (column name, role, the first cell's text)."""
    if not isinstance(b, Paragraph) or b.label or heading_kind(b.text):
        return None
    names, rest = split_header_line(b.text)
    if len(names) != 1:
        return None
    role = header_role(names[0])
    return (names[0], role, rest) if role and role not in ("other", "no") else None


def _column_blocks(blocks: list[tuple[int, Block]], i: int) -> tuple[Table, int] | None:
    """Columns a converter wrote one after the other, each its name then its cells (``Sasaran Kinerja
    Program`` / ``1.`` / ``Meningkatnya …`` / ``Indikator Kinerja Program Tingkat …`` / ``Persentase …`` /
    ``Sumber Data Data …``) → a Table of the rows they line up into, and the block after them; else None."""
    first = _column_start(blocks[i][1])
    if first is None:
        return None
    cols: list[tuple[str, str, list[str]]] = [(first[0], first[1], [first[2]] if first[2] else [])]
    j = i + 1
    while j < len(blocks):
        b = blocks[j][1]
        if isinstance(b, Table) or heading_kind(b.text) in _STOP_KINDS:
            break
        if is_signature_text(_line(b)):
            if cols[-1][2] and len(cols[-1][2][-1].split()) <= 15 and not _SENTENCE_END.search(cols[-1][2][-1]) \
                    and len(cols[-1][2]) > 1:
                cols[-1][2].pop()  # the signer's title above the name and NIP
                j -= 1
            break
        start = _column_start(b)
        if start is not None and start[1] not in {r for _, r, _ in cols}:
            cols.append((start[0], start[1], [start[2]] if start[2] else []))
        elif start is not None:
            break  # the same column named again: another table
        elif b.text.strip():
            cols[-1][2].append(_line(b).strip())
        j += 1
    roles = [r for _, r, _ in cols]
    if "indikator" not in roles or len(set(roles)) < 3:
        return None
    values = {r: v for _, r, v in cols}
    inds = [x for x in values["indikator"] if not SASARAN_START.match(x)]
    sasaran = [x for x in values.get("sasaran", []) if not _NUM_ONLY.match(x)] + \
        [x for x in values["indikator"] if SASARAN_START.match(x)]
    if not inds:
        return None
    names = [n for n, _, _ in cols]
    head = tuple(Cell(n, 0, c, loc=blocks[i][1].loc) for c, n in enumerate(names))
    rows = [head]
    for k, name in enumerate(inds):
        cells = []
        for c, role in enumerate(roles):
            items = sasaran if role == "sasaran" else inds if role == "indikator" else values[role]
            if len(items) == len(inds):
                text = items[k]
            elif role == "sasaran":
                text = items[0] if k == 0 and items else ""  # carried down
            else:
                text = " ".join(items) if k == 0 else ""
            cells.append(Cell(text, k + 1, c, loc=blocks[i][1].loc))
        rows.append(tuple(cells))
    return Table(tuple(rows), loc=blocks[i][1].loc), j


def rebuild_flat_tables(blocks: list[tuple[int, Block]]) -> Iterator[tuple[int, Block, list[str]]]:
    """``(index, block)`` pairs → ``(index, block, warnings)``, a flattened table's lines replaced by one Table."""
    blocks = [(idx, q) for idx, b in blocks for q in (split_flattened(b) if isinstance(b, Paragraph) else [b])]
    i = 0
    while i < len(blocks):
        idx, b = blocks[i]
        found = _header_run(blocks, i) if isinstance(b, Paragraph) and not b.label else None
        columns = _column_blocks(blocks, i) if found is None and isinstance(b, Paragraph) else None
        if columns is not None:
            table, end = columns
            yield idx, table, [warning("table_rebuilt", "a table whose columns were written one after the other "
                                                        "was rebuilt: check which cell went to which row")]
            i = end
            continue
        if found is not None:
            names, roles, rest, j = found
            end = _body_end(blocks, j)
            paras = [p for _, p in blocks[j:end]]
            lines = ([rest] if rest else []) + [_line(p) for p in paras]
            locs = [blocks[j - 1][1].loc] + [p.loc for p in paras]
            if lines and (end >= len(blocks) or not isinstance(blocks[end][1], Table) or end > j):
                lines, flattened = _unflatten(lines)
                groups = [g for g in _rows_from_lines(lines, roles) if g.get("indikator")]
                if groups:
                    table, fits = _table(groups, roles, names, locs, b.loc)
                    how = "cut from one paragraph" if flattened else "laid into the header's columns by what they say"
                    warns = [warning("table_rebuilt", f"a table flattened into lines was rebuilt ({how}); "
                                                      f"check the column values" + ("" if fits else
                                                                                    ", some cells did not split per indicator"))]
                    yield idx, table, warns
                else:
                    yield idx, b, [warning("table_unreadable", f"{len(lines)} lines under the indicator header "
                                                               f"{' | '.join(names)[:80]!r} gave no indicator row")]
                i = end
                continue
        yield idx, b, []
        i += 1
