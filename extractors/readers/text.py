"""Converter-text extractor: `.txt` / `.md` exports of PDF and DOCX converters → IR.

Handles what real converters write:

* markdown headings, bullets (with nesting by indentation), ``**bold**``, hard breaks;
* HTML fragments (``<p> <b> <u> <i> <ol>/<ul>/<li> <math> <hr/> <br>``), inside
  table cells too, where lists become one line per item (nested items indented)
  and ``<hr/>`` a fraction bar line;
* tab-separated table rows, including rows whose trailing cells are empty;
* markdown pipe tables;
* one-cell-per-line dumps (every cell on its own line after one tab, blank
  lines between cells, wrapped cell text on lines without the tab);
* columns aligned with spaces under a header of one or more lines (``pdftotext -layout``);
* form feeds as page breaks.

The output is a flat list of :class:`~extractors.ir.Paragraph` and
:class:`~extractors.ir.Table` blocks; recognising IKI structure is the block
parser's job.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import regex as re

from extractors.ir import Cell, Document, Loc, Paragraph, Table
from extractors.readers import html as html_reader
from normalize.text import collapse, split_label, unescape
from schema.warnings import warning

_HEADING = re.compile(r"^(#{1,6})\s+")
_BULLET = re.compile(r"^([-*+•])\s+")
_PIPE_SEP = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_HEADER_WORDS = re.compile(r"INDIKATOR|SASARAN|KINERJA|FORMULA|SUMBER|PENJELASAN", re.I)
_CELL_LINE = re.compile(r"^ *\t([^\t]*)$")


_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c\x1b")


def text_encoding(sample: bytes) -> str | None:
    """The encoding a text export's first bytes show, or None when they do not look like text.

    A byte-order mark decides (UTF-8, UTF-16, UTF-32); UTF-16 without one is recognised by its
    zero bytes all on odd (little-endian) or all on even (big-endian) positions. Otherwise the
    content is text when control characters are rare (a stray NUL in a long export is still text;
    binary noise is not); ``utf-8`` is returned then, and :func:`decode` deals with invalid bytes.
    """
    for bom, enc in _BOMS:
        if sample.startswith(bom):
            return enc
    if not sample:
        return None
    zeros = sample.count(0)
    if zeros >= len(sample) * 0.2:
        even = sample[0::2].count(0)
        odd = zeros - even
        for enc, on, off in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
            if on >= zeros * 0.9:
                try:
                    sample[: len(sample) // 2 * 2].decode(enc)
                    return enc
                except UnicodeDecodeError:
                    pass
        return None
    controls = sum(sample.count(c) for c in _CONTROL)
    return "utf-8" if controls <= max(2, len(sample) // 1000) else None


def _where(text: str, positions: list[int], limit: int = 5) -> str:
    lines, last, line = [], 0, 1
    for pos in positions[:limit]:
        line += text.count("\n", last, pos)
        last = pos
        lines.append(str(line))
    more = f" and {len(positions) - limit} more" if len(positions) > limit else ""
    return "line " + ", ".join(dict.fromkeys(lines)) + more


def decode(data: bytes) -> tuple[str, list[str]]:
    """Bytes of a text export → (text, warnings); never refuses and never garbles what is valid.

    UTF-8 (with or without BOM), UTF-16 and UTF-32 (with BOM, or UTF-16 recognised by its zero
    bytes) are decoded as written. UTF-8 with a few invalid bytes keeps every valid character: the
    bad bytes become U+FFFD and a ``text_encoding`` warning gives their lines. A file whose only
    non-ASCII bytes are invalid as UTF-8 is in a legacy 8-bit code page: decoded as Windows-1252,
    with a warning. Stray NUL characters are removed, with a warning giving their lines.
    """
    warnings: list[str] = []
    enc = text_encoding(data[:65536]) or "utf-8"
    if enc.startswith(("utf-16", "utf-32")):
        body = data[len(next((b for b, e in _BOMS if e == enc and data.startswith(b)), b"")):]
        unit = 4 if enc.startswith("utf-32") else 2
        text = body[: len(body) // unit * unit].decode(enc, errors="replace")
        bad = [i for i, ch in enumerate(text) if ch == "\ufffd"]
        if bad or len(body) % unit:
            warnings.append(warning("text_encoding", f"{enc.upper()[:6]} text with invalid or cut units replaced "
                                                     f"by U+FFFD at {_where(text, bad or [len(text)])}"))
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        text = data.decode("utf-8", errors="surrogateescape")
        bad = [i for i, ch in enumerate(text) if "\udc80" <= ch <= "\udcff"]
        if bad:
            valid_non_ascii = sum(1 for ch in text if ord(ch) > 0x7F) - len(bad)
            if valid_non_ascii == 0:  # no UTF-8 sequence at all: a legacy code page
                text = data.decode("cp1252", errors="replace")
                warnings.append(warning("text_encoding", "file is not valid UTF-8 and has no UTF-8 characters; "
                                                         f"decoded as Windows-1252 (bytes above 0x7F at {_where(text, bad)})"))
            else:
                where = _where(text, bad)
                text = "".join("\ufffd" if "\udc80" <= ch <= "\udcff" else ch for ch in text)
                warnings.append(warning("text_encoding", f"{len(bad)} invalid UTF-8 byte(s) replaced by U+FFFD at {where}"))
    if "\x00" in text:
        nul = [i for i, ch in enumerate(text) if ch == "\x00"]
        warnings.append(warning("text_encoding", f"{len(nul)} stray NUL character(s) removed at {_where(text, nul)}"))
        text = text.replace("\x00", "")
    return text, warnings


# ----------------------------------------------------------------------------- cells


_HTML_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,400}>")


def cell_text(raw: str) -> str:
    """One cell's raw converter text → clean text, one line per paragraph / list item.

    HTML in it (``<p> <br> <ol>/<ul>/<li> <hr> <math>``) is read by the HTML reader
    (:func:`extractors.readers.html.cell_text`, lxml), a line break in the converter's
    text counting as one; nested HTML list items are indented by two spaces per level
    so the indicator-table parser can append sub-items to their parent.
    """
    if _HTML_MARKUP.search(raw):
        return html_reader.cell_text(raw.replace("\n", "<br>"))
    s = unescape(raw).replace("**", "")
    lines = []
    for line in s.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        text = collapse(line)
        if text:
            lines.append(" " * (indent if indent % 2 == 0 and indent <= 8 else 0) + text)
    return "\n".join(lines)


# ----------------------------------------------------------------------------- lines


@dataclass
class _Line:
    no: int  # 1-based line number
    page: int | None
    raw: str
    chunks: list[tuple[int, str]] | None = None  # its runs of text (:func:`_chunks`), computed once


def _fields(raw: str) -> list[str]:
    return raw.rstrip("\r\n").split("\t")


def _is_label_row(fields: list[str]) -> bool:
    """`1. JABATAN<TAB>: Sekretaris`: a key/value line laid out with tabs, not a table row."""
    nonempty = [f.strip() for f in fields if f.strip()]
    return len(nonempty) >= 2 and nonempty[1].startswith(":") and len(nonempty[0]) <= 40


def _classify(raw: str) -> str:
    if not raw.strip():
        # a lone tab is an empty cell of a one-cell-per-line dump
        return "cell" if raw.rstrip("\r\n").count("\t") == 1 else "blank"
    s = raw.rstrip("\r\n")
    if "<table" in s.lower():
        return "html_table"
    if s.strip().startswith("|") and s.strip().endswith("|") and s.count("|") >= 3:
        return "pipe"
    if "\t" in s:
        fields = _fields(s)
        nonempty = sum(1 for f in fields if f.strip())
        if _is_label_row(fields):
            return "text"
        if _CELL_LINE.match(s):
            return "cell"
        if nonempty >= 2:
            return "row"
        if s.count("\t") >= 2 and s.rstrip(" ").endswith("\t"):
            return "row"  # a row whose other cells are empty: `\t\t\tpolicy maker.\t`
    return "text"


def _row_cells(fields: list[str], row: int, loc: Loc | list[Loc]) -> tuple[Cell, ...]:
    """A row's cells; ``loc`` is the row's, or one per cell (a one-cell-per-line dump: each cell its line)."""
    locs = loc if isinstance(loc, list) else [loc] * len(fields)
    locs = locs + [locs[-1]] * (len(fields) - len(locs))
    return tuple(Cell(cell_text(f), row, col, loc=x) for col, (f, x) in enumerate(zip(fields, locs)))


def _table(rows: list[list[str]], locs: list[Loc] | list[list[Loc]]) -> Table:
    width = max(len(r) for r in rows)
    grid = []
    for i, (fields, loc) in enumerate(zip(rows, locs)):
        fields = fields + [""] * (width - len(fields))
        grid.append(_row_cells(fields, i, loc))
    return Table(tuple(grid), loc=locs[0][0] if isinstance(locs[0], list) else locs[0])


_FURNITURE = re.compile(
    r"^\s*(?:-{3,}|\*{3,}|_{3,}|={3,}|<!--.*?-->|\[?(?:page|halaman|hal\.?)\s*\d+(?:\s*(?:of|dari|/)\s*\d+)?\]?"
    r"|-\s*\d{1,3}\s*-|\d{1,3})\s*$", re.I)


def _paragraph(line: _Line) -> Paragraph | None:
    raw = line.raw.rstrip("\r\n")
    if "\t" in raw:
        if _is_label_row(_fields(raw)):
            raw = " ".join(f.strip() for f in _fields(raw) if f.strip())
        else:
            raw = raw.replace("\t", "    ")
    if _FURNITURE.match(raw):
        return None  # page numbers, rules, converter comments
    expanded = raw.replace("\u00a0", " ")
    indent = len(expanded) - len(expanded.lstrip(" "))
    s = expanded.strip()
    heading = 0
    m = _HEADING.match(s)
    if m:
        heading, s = len(m.group(1)), s[m.end():]
    bold = "**" in s[:40] or "<b>" in s[:40].lower()
    text = cell_text(s).replace("\n", " ")
    text = collapse(text)
    if not text:
        return None
    label, level = None, 0
    m = _BULLET.match(text)
    if m and not heading:
        label, text = m.group(1).replace("*", "-").replace("+", "-"), text[m.end():].strip()
        level = indent // 2
        inner, rest = split_label(text)
        if inner and inner not in "-•":
            label, text = inner, rest
    elif not heading:
        label, text = split_label(text)
    if not text and not label:
        return None
    return Paragraph(text=text, loc=Loc(page=line.page, line=line.no), label=label, level=level,
                     heading=heading, bold=bold, indent=indent)


def _cell_dump(lines: list[_Line], kinds: list[str], start: int) -> tuple[Table | None, int]:
    """Collect a one-cell-per-line table starting at ``start``; return it and the next index.

    When no table starts at ``start``, return ``(None, k)``: no table starts at any line from ``start``
    up to ``k`` either (those lines are cells of the first group, read as paragraphs), so a long run of
    tab-led lines that is not a table is looked at once, not once per line.
    """
    cells: list[tuple[list[str], _Line]] = []
    groups: list[int] = []
    i, blanks, prev = start, 0, None
    while i < len(lines):
        k = kinds[i]
        if k == "blank":
            blanks += 1
        elif k == "cell":
            if not (prev == "cell" and blanks == 0) and len(groups) == 1:
                skip = _head_fails(cells, groups[0])  # the first group is whole: is it a header or table cells?
                if skip:
                    return None, start + skip
            m = _CELL_LINE.match(lines[i].raw.rstrip("\r\n"))
            cells.append(([m.group(1)], lines[i]))
            if prev == "cell" and blanks == 0:
                groups[-1] += 1
            else:
                groups.append(1)
            blanks, prev = 0, "cell"
        elif k == "text" and cells and blanks and len(groups) > 1 and len(cells) % groups[0] == 0:
            break  # a line after the last row's last cell: the table has ended
        elif k == "text" and cells and blanks <= 2 and not _looks_structural(lines[i].raw):
            cells[-1][0].append(lines[i].raw)
            blanks, prev = 0, "text"
        else:
            break
        i += 1
    # give back trailing blank lines
    while i > start and kinds[i - 1] == "blank":
        i -= 1
    if len(cells) < 2:
        return None, start + 1
    if len(groups) == 1:
        skip = _head_fails(cells, groups[0])
        if skip:
            return None, start + skip
    head = [" ".join(c[0]) for c in cells[: groups[0]]]
    has_header = _header_cells(head) >= 2
    if len(groups) > 1 and has_header:
        ncols = groups[0]
    else:
        ncols = 1  # a run of cells with no header: one cell per row
    rows, locs = [], []
    for j in range(0, len(cells), ncols):
        chunk = cells[j:j + ncols]
        rows.append(["\n".join(x.strip() for x in c[0]) for c in chunk])
        locs.append([Loc(page=c[1].page, line=c[1].no) for c in chunk])
    return _table(rows, locs), i


def _header_cells(head: list[str]) -> int:
    return sum(1 for c in head if len(c.split()) <= 6 and _HEADER_WORDS.search(c))


def _head_fails(cells: list[tuple[list[str], _Line]], n: int) -> int:
    """0 when the first ``n`` cells (the first group) start a table (a header, or cells read like a
    table's); else how many of them no table can start at: a table would start at cell ``j`` only if
    cells ``j..n-1`` read like table cells (having fewer header cells, they are no header either)."""
    head = [" ".join(c[0]) for c in cells[:n]]
    if _header_cells(head) >= 2 or _table_like(head):
        return 0
    last_labelled = max((j for j, c in enumerate(head) if split_label(c.strip())[0]), default=-1)
    semicolons = [j for j, c in enumerate(head) if c.rstrip().endswith(";")]
    j = max(1, last_labelled + 1, semicolons[-2] + 1 if len(semicolons) >= 2 else 0)
    return j if n - j >= 2 else n


def _table_like(cells: list[str]) -> bool:
    """A headerless run of tab-led lines that reads like table cells rather than a list."""
    if len(cells) < 2:
        return False
    labelled = sum(1 for c in cells if split_label(c.strip())[0])
    semicolons = sum(1 for c in cells if c.rstrip().endswith(";"))
    return labelled == 0 and semicolons <= 1


_STRUCTURAL = re.compile(r"^\s*(#|\*\*|INDIKATOR\s+KINERJA|\d+\s*\.\s*[A-Z]{4,}\s*:)", re.I)


def _looks_structural(raw: str) -> bool:
    return bool(_STRUCTURAL.match(raw))


def html_table(html: str, loc: Loc) -> Table | None:
    """An HTML ``<table>`` (as converters embed in markdown) → :class:`Table` with row/col spans.

    Read by the HTML reader (:func:`extractors.readers.html.html_table`, lxml); a line break in
    the converter's text inside a cell counts as one.
    """
    return html_reader.html_table(html.replace("\n", "<br>"), loc)


# ----------------------------------------------------------------------------- columns aligned with spaces

_CHUNK = re.compile(r"\S+(?: \S+)*")  # text separated by two or more spaces
_MARK = re.compile(r"^(?:[-•*▪➢o]|\(?\d{1,2}[.)]|\(?[a-zA-Z][.)])$")  # a list mark standing before its text


def _chunks(raw: str) -> list[tuple[int, str]]:
    """A line's runs of text separated by two or more spaces, with their columns; a list mark stays with its
    text when it stands close before it (within six spaces)."""
    if "\t" in raw:
        raw = raw.expandtabs(8)
    out: list[tuple[int, str]] = []
    for m in _CHUNK.finditer(raw.rstrip("\r\n")):
        if out and _MARK.match(out[-1][1]) and len(out) == 1 and (
                m.start() - out[-1][0] - len(out[-1][1]) <= 6 or re.match(r"\(?\d", m.group(0))):
            # a list mark close before its text; far from it ("1.            Meningkatnya") it is a NO column
            out[-1] = (out[-1][0], f"{out[-1][1]} {m.group(0)}")
        else:
            out.append((m.start(), m.group(0)))
    return out


def _is_key_value(chunks: list[tuple[int, str]]) -> bool:
    """``JABATAN   :   Sekretaris`` laid out with spaces: a label line, not a table row."""
    return any(t == ":" or t.startswith(":") or t.endswith(":") for _, t in chunks[:3])


def _column_starts(rows: list[list[tuple[int, str]]]) -> list[int]:
    """Where a table's columns start: positions where the text of many lines starts (within 2 characters)."""
    return _columns_from(Counter(x for chunks in rows for x, _ in chunks), len(rows))


def _columns_from(starts: Counter, n_rows: int) -> list[int]:
    """:func:`_column_starts` from a count of the lines' text starts by position (``n_rows`` lines):
    positions within 2 characters of the previous one form a group; a group that many lines use is a column."""
    groups: list[list[int]] = []  # [first position, last position, lines]
    for x in sorted(starts):
        if groups and x - groups[-1][1] <= 2:
            groups[-1][1] = x
            groups[-1][2] += starts[x]
        else:
            groups.append([x, x, starts[x]])
    need = max(2, n_rows // 8)
    out: list[int] = []
    for first, _last, n in groups:
        if n >= need and (not out or first - out[-1] >= 3):
            out.append(first)
    return out


def _column_of(x: int, cols: list[int]) -> int:
    i = 0
    for k, c in enumerate(cols):
        if x >= c - 2:
            i = k
    return i


def _place(chunks: list[tuple[int, str]], cols: list[int]) -> dict[int, str]:
    """A line's chunks → {column: text}. A chunk that runs on into the next column without a gap
    (``mendapat Bidang`` where ``Bidang`` starts that column) is cut where a word starts at the column."""
    out: dict[int, str] = {}
    for x, text in chunks:
        pieces: list[tuple[int, str]] = []
        start, pos = x, x
        words = text.split(" ")
        cur: list[str] = []
        for w in words:
            if cur and any(abs(pos - c) <= 1 for c in cols if c > start + 2):
                pieces.append((start, " ".join(cur)))
                start, cur = pos, []
            cur.append(w)
            pos += len(w) + 1
        pieces.append((start, " ".join(cur)))
        for px, ptext in pieces:
            col = _column_of(px, cols)
            out[col] = f"{out[col]} {ptext}" if col in out else ptext
    return out


def _line_chunks(line: _Line) -> list[tuple[int, str]]:
    if line.chunks is None:
        line.chunks = _chunks(line.raw)
    return line.chunks


def _has_lower(chunks: list[tuple[int, str]]) -> bool:
    return any(ch.islower() for _, t in chunks for ch in t)


def _aligns(ch: list[tuple[int, str]], cols: list[int]) -> bool:
    """Does a line after a blank one go on in the columns (two of its runs of text start in them)?"""
    return len(ch) >= 2 and sum(1 for x, _ in ch if any(abs(x - c) <= 2 for c in cols)) >= 2


@dataclass
class _Run:
    """What the last attempt at an aligned table that found too few columns saw, kept so that the
    attempts at the following lines of the same run cost a count each instead of a walk over the run.

    The run of a later start inside it ends where this one ended (no blank line was crossed; the one it
    stopped at is asked again); the counts of text starts are for the lines ``pos`` to ``end``."""
    pos: int
    end: int
    stop_blank: int | None
    starts: Counter
    body_starts: Counter
    n_run: int
    n_body: int

    def advance(self, lines: list[_Line], to: int) -> None:
        for k in range(self.pos, to):
            ch = _line_chunks(lines[k])
            self.starts.subtract(x for x, _ in ch)
            self.n_run -= 1
            if _has_lower(ch):
                self.body_starts.subtract(x for x, _ in ch)
                self.n_body -= 1
        self.pos = to

    def too_few_columns(self, lines: list[_Line], start: int) -> bool:
        """True when the run from ``start`` (inside this one) is known to have fewer than three columns."""
        if not self.pos <= start < self.end:
            return False
        self.advance(lines, start)
        self.starts += Counter()  # drop the counts that fell to zero
        self.body_starts += Counter()
        if self.stop_blank is not None:
            nxt = self.stop_blank + 1
            if _aligns(_line_chunks(lines[nxt]), _columns_from(self.starts, self.n_run)):
                return False  # this shorter run would go on after the blank line: look at it whole
        cols = _columns_from(self.body_starts, self.n_body) if self.n_body >= 3 else []
        if len(cols) < 3:
            cols = _columns_from(self.starts, self.n_run)
        return len(cols) < 3


def _aligned_table(lines: list[_Line], kinds: list[str], start: int,
                   memo: list[_Run | None] | None = None) -> tuple[Table | None, int]:
    """Columns aligned with spaces (``pdftotext -layout`` style) starting at ``start`` → a Table and the next index.

    The run starts at a line of three or more runs of text and goes on over lines that are indented or
    hold several runs; a blank line ends it unless the next line goes on in the same columns. Columns
    start where the text of many lines starts (a word that runs on into the next column without a gap
    is cut at the column). The leading lines in capitals are the header, one row; every other line is
    a row of its own: which lines make one table row is for the parser to say, by what they say.

    ``memo`` (a one-item list the caller keeps across calls) lets the attempts at the lines of a run
    that has too few columns reuse the first attempt's counts: time linear in the lines, not quadratic.
    """
    first = _line_chunks(lines[start])
    if len(first) < 3 or _is_key_value(first):
        return None, start
    if memo is not None and memo[0] is not None and memo[0].too_few_columns(lines, start):
        return None, start
    run: list[tuple[_Line, list[tuple[int, str]]]] = [(lines[start], first)]
    starts = Counter(x for x, _ in first)
    stop_blank = None
    i = start + 1
    while i < len(lines) and kinds[i] in ("text", "blank") and lines[i].page == lines[start].page:
        if kinds[i] == "blank":
            nxt = i + 1
            if nxt < len(lines) and kinds[nxt] == "text" and lines[nxt].page == lines[start].page:
                if _aligns(_line_chunks(lines[nxt]), _columns_from(starts, len(run))):
                    i += 1
                    continue
                stop_blank = i
            break
        ch = _line_chunks(lines[i])
        if not ch or _is_key_value(ch) or _FURNITURE.match(lines[i].raw) or (len(ch) == 1 and ch[0][0] == 0
                                                                            and len(ch[0][1]) > 60):
            break
        run.append((lines[i], ch))
        starts.update(x for x, _ in ch)
        i += 1
    # columns from the body's lines: a header's words stand centred in their columns, wherever they fit
    body = [c for _, c in run if _has_lower(c)]
    body_starts = Counter(x for c in body for x, _ in c)
    cols = _columns_from(body_starts, len(body)) if len(body) >= 3 else []
    if len(cols) < 3:
        cols = _columns_from(starts, len(run))
        if len(cols) < 3 and memo is not None:
            crossed = any(kinds[k] == "blank" for k in range(start, i))
            memo[0] = None if crossed else _Run(start, i, stop_blank, starts, body_starts, len(run), len(body))
    else:  # a narrow column (NO) that few body lines use: where header text starts that no body text covers
        covered = _covered_positions(body)
        for x in sorted(starts):
            if not covered(x - 1) and all(abs(x - c) >= 3 for c in cols):
                cols = sorted(cols + [x])
    if len(cols) < 3:
        return None, start
    # a heading under the table (capitals that start in no column) ends it
    for k in range(1, len(run)):
        ch = run[k][1]
        text = " ".join(t for _, t in ch)
        if any(c.isupper() for c in text) and not any(c.islower() for c in text) \
                and all(min(abs(x - c) for c in cols) > 2 for x, _ in ch) and k > 1:
            i = next(n for n in range(start, len(lines)) if lines[n] is run[k][0])
            run = run[:k]
            break
    multi = sum(1 for _, c in run if len(c) >= 2)
    if len(cols) < 3 or len(run) < 3 or multi < 2:
        return None, start
    # the header: the leading lines without lower-case letters or digits, one row; then one row per line
    n_head = 0
    while n_head < len(run) - 1 and not any(ch.islower() or ch.isdigit() for _, t in run[n_head][1] for ch in t):
        n_head += 1
    rows: list[dict[int, list[str]]] = []
    locs: list[Loc] = []
    for k, (line, ch) in enumerate(run):
        if k == 0 or k >= n_head:
            rows.append({})
            locs.append(Loc(page=line.page, line=line.no))
        for col, text in _place(ch, cols).items():
            rows[-1].setdefault(col, []).append(text)
    joiner = [" "] + ["\n"] * (len(rows) - 1) if n_head else ["\n"] * len(rows)
    grid = [[j.join(r.get(c, [])) for c in range(len(cols))] for r, j in zip(rows, joiner)]
    return replace(_table(grid, locs), rows_are_lines=True), i


def _covered_positions(rows: list[list[tuple[int, str]]]):
    """A test whether a position lies strictly inside some run of text of ``rows`` (a difference array
    over the positions, so each test is one look-up)."""
    width = max((x + len(t) for c in rows for x, t in c), default=0) + 2
    diff = [0] * (width + 1)
    for c in rows:
        for x, t in c:
            if len(t) > 1:
                diff[x + 1] += 1
                diff[x + len(t)] -= 1
    inside, total = [], 0
    for v in diff:
        total += v
        inside.append(total > 0)
    return lambda p: 0 <= p < len(inside) and inside[p]


def _pipe_cells(raw: str) -> list[str]:
    s = raw.strip()
    return [c.strip() for c in s.strip("|").split("|")]


def extract_text(data: bytes | str, source: str = "<text>", fmt: str = "text") -> Document:
    """Converter text (bytes or str) → :class:`Document`."""
    warnings: list[str] = []
    if isinstance(data, bytes):
        text, warnings = decode(data)
    else:
        text = data
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    has_pages = "\f" in text
    lines: list[_Line] = []
    page = 1
    for no, raw in enumerate(text.split("\n"), start=1):
        parts = raw.split("\f")
        for k, part in enumerate(parts):
            if k:
                page += 1
            if part or k == len(parts) - 1:
                lines.append(_Line(no, page if has_pages else None, part))
    kinds = [_classify(line.raw) for line in lines]
    blocks: list = []
    memo: list[_Run | None] = [None]  # what the last aligned-table attempt without columns saw
    i = 0
    while i < len(lines):
        k = kinds[i]
        if k == "blank":
            i += 1
        elif k == "row":
            rows, locs = [], []
            while i < len(lines) and kinds[i] == "row":
                rows.append(_fields(lines[i].raw))
                locs.append(Loc(page=lines[i].page, line=lines[i].no))
                i += 1
            blocks.append(_table(rows, locs))
        elif k == "pipe":
            rows, locs = [], []
            while i < len(lines) and kinds[i] == "pipe":
                if not _PIPE_SEP.match(lines[i].raw.strip()):
                    rows.append(_pipe_cells(lines[i].raw))
                    locs.append(Loc(page=lines[i].page, line=lines[i].no))
                i += 1
            if rows:
                blocks.append(_table(rows, locs))
        elif k == "html_table":
            start, chunk = i, []
            while i < len(lines):
                chunk.append(lines[i].raw)
                i += 1
                if "</table" in chunk[-1].lower():
                    break
            table = html_table("\n".join(chunk), Loc(page=lines[start].page, line=lines[start].no))
            if table is not None:
                blocks.append(table)
        elif k == "cell":
            table, nxt = _cell_dump(lines, kinds, i)
            if table is not None:
                blocks.append(table)
                i = nxt
            else:  # no table starts at any of these lines: each is a paragraph
                for line in lines[i:nxt]:
                    p = _paragraph(line)
                    if p:
                        blocks.append(p)
                i = nxt
        else:
            table, nxt = _aligned_table(lines, kinds, i, memo) if "  " in lines[i].raw.strip() else (None, i)
            if table is not None:
                blocks.append(table)
                i = nxt
                continue
            p = _paragraph(lines[i])
            if p:
                blocks.append(p)
            i += 1
    n_pages = page if has_pages else None
    return Document(source=source, format=fmt, blocks=blocks, n_pages=n_pages, warnings=warnings)


def extract_text_file(path: str | Path) -> Document:
    p = Path(path)
    fmt = "markdown" if p.suffix.lower() in (".md", ".markdown") else "text"
    return extract_text(p.read_bytes(), source=str(p), fmt=fmt)
