"""OpenDocument text (.odt / .ott packages, flat XML .fodt) → IR, read natively.

The package is opened with the same safe helpers as the Word reader
(:mod:`extractors.readers.package`: bounded part sizes, no entity expansion, no
network); ``content.xml`` and ``styles.xml`` are parsed with lxml and the body is
walked once in document order. What the reader recovers, as LibreOffice shows it:

* paragraphs and headings (``text:h`` outline level → ``heading``), soft line breaks;
* list labels as displayed: ``text:list`` nesting → level, list styles (number format,
  prefix / suffix, ``text:display-levels`` or LibreOffice's ``loext:num-list-format``,
  start values, bullets), lists continued by ``text:continue-list`` /
  ``text:continue-numbering``, ``text:start-value`` restarts, ``text:numbered-paragraph``
  (its rendered ``text:number`` when present), outline numbering of headings;
* tables with spans (``table:number-columns-spanned`` / ``number-rows-spanned``,
  covered cells, repeated cells and rows), header rows, row groups, nested tables;
* page numbers from hard breaks (``fo:break-before/after``, a new master page) and the
  ``text:soft-page-break`` marks LibreOffice writes where its layout broke pages
  (a file saved without a full layout holds fewer of them: pages are then counted low);
* text boxes and shapes with text (``draw:frame/draw:text-box``) read where anchored;
* formulas in embedded Math objects (MathML in ``Object N/content.xml``, or inline in
  a flat file) → the LaTeX the Word reader writes for equations (``$\\frac{A}{B}×100%$``);
* a fraction bar drawn as a paragraph border between two paragraphs of a cell →
  a ``_____`` line, as in the Word reader;
* footnotes, comments, tracked deletions, headers and footers are not read.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from extractors.ir import Cell, Document, Loc, Paragraph, Table
from extractors.readers.docx import format_number
from extractors.readers.mathml import mathml_latex
from extractors.readers.package import (MAX_PART_BYTES, PackageError, open_package, parse_xml, read_part)
from normalize.text import OBJECT_MARK, collapse, split_label

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
XLINK = "http://www.w3.org/1999/xlink"
LOEXT = "urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"
MATHML = "http://www.w3.org/1998/Math/MathML"
MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
XML = "http://www.w3.org/XML/1998/namespace"

_o, _t, _tb, _s, _fo, _d = (f"{{{ns}}}" for ns in (OFFICE, TEXT, TABLE, STYLE, FO, DRAW))

_KIND = "OpenDocument text"
MAX_TOTAL_BYTES = 2 * MAX_PART_BYTES  # all parts read from one package together (many formula objects)
MAX_OBJECTS = 20000  # embedded formula objects read from one document
MAX_GRID = 1_000_000  # table cells (after repeats) read from one document
_BAR_TEXT = "_____"  # how a drawn fraction bar reaches the parser (as extractors.geometry writes one)


class OdtError(PackageError):
    """An OpenDocument file that cannot be read, with a message for the user."""

    kind = "OpenDocument file"


# ----------------------------------------------------------------------------- styles


@dataclass
class _ParaStyle:
    parent: str | None = None
    list_style: str | None = None
    outline: int | None = None
    break_before: bool | None = None
    break_after: bool | None = None
    master_page: bool | None = None
    bold: bool | None = None
    border: tuple | None = None  # (top, bottom, joined, signature)


def _bold(props) -> bool | None:
    if props is None:
        return None
    w = props.get(_fo + "font-weight")
    if w is None:
        return None
    return w == "bold" or (w.isdigit() and int(w) >= 600)


def _border_of(props) -> tuple | None:
    if props is None:
        return None
    every = props.get(_fo + "border")
    top = props.get(_fo + "border-top", every)
    bottom = props.get(_fo + "border-bottom", every)
    left = props.get(_fo + "border-left", every)
    right = props.get(_fo + "border-right", every)
    if top is None and bottom is None and left is None and right is None:
        return None

    def drawn(v):
        return bool(v) and v.strip() not in ("none", "hidden") and not v.strip().startswith("0pt") \
            and not v.strip().startswith("0cm") and not v.strip().startswith("0in")

    joined = props.get(_s + "join-border", "true") != "false"
    return drawn(top), drawn(bottom), joined, (top, bottom, left, right)


@dataclass
class _Level:
    kind: str = "number"  # number | bullet | none
    fmt: str = "1"
    prefix: str = ""
    suffix: str = ""
    display: int = 1
    start: int = 1
    bullet: str = "•"
    list_format: str | None = None  # LibreOffice's loext:num-list-format ("%1%.%2%.")
    letter_sync: bool = False


def _list_style(el) -> dict[int, _Level]:
    levels: dict[int, _Level] = {}
    for lvl in el:
        tag = lvl.tag
        if not isinstance(tag, str) or not tag.startswith(_t + "list-level-style") and tag != _t + "outline-level-style":
            continue
        try:
            n = int(lvl.get(_t + "level", "1"))
        except ValueError:
            continue
        if tag.endswith("bullet"):  # LibreOffice shows no prefix / suffix beside a bullet
            levels[n] = _Level(kind="bullet", bullet=lvl.get(_t + "bullet-char", "•"))
        elif tag.endswith("image"):
            levels[n] = _Level(kind="bullet", bullet="•")
        else:
            fmt = lvl.get(_s + "num-format", "1" if tag.endswith("number") else "")
            try:
                start = int(lvl.get(_t + "start-value", "1"))
            except ValueError:
                start = 1
            try:
                display = int(lvl.get(_t + "display-levels", "1"))
            except ValueError:
                display = 1
            levels[n] = _Level(kind="number" if fmt else "none", fmt=fmt, prefix=lvl.get(_s + "num-prefix", ""),
                               suffix=lvl.get(_s + "num-suffix", ""), display=max(1, display), start=start,
                               list_format=lvl.get(f"{{{LOEXT}}}num-list-format"),
                               letter_sync=lvl.get(_s + "num-letter-sync") == "true")
    return levels


@dataclass
class _Styles:
    paragraph: dict[str, _ParaStyle] = field(default_factory=dict)
    text_bold: dict[str, bool | None] = field(default_factory=dict)
    table_break: dict[str, bool] = field(default_factory=dict)  # table style → starts a new page
    lists: dict[str, dict[int, _Level]] = field(default_factory=dict)
    outline: dict[int, _Level] = field(default_factory=dict)
    _resolved: dict[str, _ParaStyle] = field(default_factory=dict)

    def add(self, container) -> None:
        """Styles of an ``office:styles`` or ``office:automatic-styles`` element."""
        if container is None:
            return
        for el in container:
            tag = el.tag
            if tag == _s + "style":
                name, family = el.get(_s + "name"), el.get(_s + "family")
                if not name:
                    continue
                pp = el.find(_s + "paragraph-properties")
                tp = el.find(_s + "text-properties")
                if family == "paragraph":
                    outline = el.get(_s + "default-outline-level")
                    brk_b = pp.get(_fo + "break-before") if pp is not None else None
                    brk_a = pp.get(_fo + "break-after") if pp is not None else None
                    mp = el.get(_s + "master-page-name")
                    self.paragraph[name] = _ParaStyle(
                        parent=el.get(_s + "parent-style-name"), list_style=el.get(_s + "list-style-name"),
                        outline=int(outline) if outline and outline.isdigit() else None,
                        break_before=None if brk_b is None else brk_b == "page",
                        break_after=None if brk_a is None else brk_a == "page",
                        master_page=bool(mp) if mp is not None else None,
                        bold=_bold(tp), border=_border_of(pp))
                elif family == "text":
                    self.text_bold[name] = _bold(tp)
                elif family == "table":
                    tp2 = el.find(_s + "table-properties")
                    self.table_break[name] = bool(el.get(_s + "master-page-name")) or (
                        tp2 is not None and tp2.get(_fo + "break-before") == "page")
            elif tag == _t + "list-style":
                name = el.get(_s + "name")
                if name:
                    self.lists[name] = _list_style(el)
            elif tag == _t + "outline-style":
                self.outline = _list_style(el)

    def para(self, name: str | None, attr: str):
        """A paragraph style's property, looked up through its parents."""
        if not name:
            return None
        resolved = self._resolved.get(name)
        if resolved is None:
            resolved = self._resolved[name] = self._resolve(name)
        return getattr(resolved, attr)

    def _resolve(self, name: str) -> _ParaStyle:
        """The style with every property it leaves unset taken from its parents (at most 50 deep)."""
        out = _ParaStyle()
        chain, seen = [], set()
        while name and name not in seen and len(chain) < 50:
            st = self.paragraph.get(name)
            if st is None:
                break
            chain.append(st)
            seen.add(name)
            name = st.parent
        for attr in ("list_style", "outline", "break_before", "break_after", "master_page", "bold", "border"):
            setattr(out, attr, next((getattr(st, attr) for st in chain if getattr(st, attr) is not None), None))
        return out


# ----------------------------------------------------------------------------- list numbering


def _letters(n: int, sync: bool) -> str:
    """a … z, then aa, ab … (OpenDocument) or aa, bb … (``num-letter-sync``, as Word counts)."""
    n = max(n, 1)
    if sync:
        return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def format_odf_number(n: int, fmt: str, letter_sync: bool = False) -> str:
    """A counter in an OpenDocument ``style:num-format`` ("1", "a", "A", "i", "I", "" = none)."""
    if not fmt:
        return ""
    if fmt == "a":
        return _letters(n, letter_sync)
    if fmt == "A":
        return _letters(n, letter_sync).upper()
    if fmt == "i":
        return format_number(n, "lowerRoman")
    if fmt == "I":
        return format_number(n, "upperRoman")
    return str(n)


def _bullet(ch: str) -> str:
    ch = (ch or "").strip()
    return "•" if not ch or ord(ch[0]) >= 0xE000 or ch in "o§·" else ch


@dataclass
class _List:
    """One numbered list (all its ``text:list`` pieces that continue each other): its counters."""

    style: dict[int, _Level]
    counters: list = field(default_factory=lambda: [None] * 10)

    def label(self, depth: int, restart: int | None = None) -> str | None:
        """Count an item at ``depth`` (0-based) and return its label as displayed."""
        depth = min(depth, 9)
        lvl = self.style.get(depth + 1, _Level())
        if restart is not None:
            self.counters[depth] = restart
        elif self.counters[depth] is None:
            self.counters[depth] = lvl.start
        else:
            self.counters[depth] += 1
        for deeper in range(depth + 1, 10):
            self.counters[deeper] = None
        for k in range(depth):  # a skipped level shows its start value and counts as used
            if self.counters[k] is None:
                self.counters[k] = self.style.get(k + 1, _Level()).start
        if lvl.kind == "bullet":
            return _bullet(lvl.bullet)
        if lvl.kind == "none" and not lvl.list_format:
            return (lvl.prefix + lvl.suffix).strip() or None

        def number(k: int) -> str:
            lk = self.style.get(k + 1, _Level())
            return format_odf_number(self.counters[k], lk.fmt, lk.letter_sync) if lk.kind == "number" else ""

        if lvl.list_format:
            text = lvl.list_format
            for k in range(depth, -1, -1):  # %10% before %1%
                text = text.replace(f"%{k + 1}%", number(k))
            return text.strip() or None
        first = max(0, depth - lvl.display + 1)
        nums = ".".join(x for x in (number(k) for k in range(first, depth + 1)) if x)
        return (lvl.prefix + nums + lvl.suffix).strip() or None


# ----------------------------------------------------------------------------- reading state


@dataclass
class _State:
    styles: _Styles
    objects: object  # callable: href → MathML root or None
    page: int = 1
    content: bool = False  # something was read already (a break before the first block starts no page)
    lists: dict[str, _List] = field(default_factory=dict)
    list_ids: dict[str, str] = field(default_factory=dict)  # xml:id → list key
    last_by_style: dict[str, str] = field(default_factory=dict)
    last_list: str | None = None
    outline: _List | None = None
    grid: int = 0
    warnings: list[str] = field(default_factory=list)
    in_cell: int = 0  # depth of table cells being read: a picture there is marked (OBJECT_MARK)

    def new_page(self) -> None:
        if self.content:
            self.page += 1


@dataclass
class _Para:
    text: str
    label: str | None
    level: int
    heading: int
    bold: bool
    page: int
    boxes: list = field(default_factory=list)  # (offset in text, container of block content)
    border: tuple | None = None


class _Box:
    __slots__ = ("content", "floating")

    def __init__(self, content, floating: bool):
        self.content = content
        self.floating = floating


_SKIP_INLINE = {_t + "note", _o + "annotation", _o + "annotation-end", _t + "change", _t + "change-start",
                _t + "change-end", _t + "bookmark", _t + "bookmark-start", _t + "bookmark-end",
                _t + "reference-mark", _t + "reference-mark-start", _t + "reference-mark-end",
                _t + "toc-mark", _t + "alphabetical-index-mark", _t + "number"}
_SHAPES = {_d + n for n in ("custom-shape", "rect", "ellipse", "polygon", "polyline", "path", "regular-polygon",
                            "circle", "caption", "measure", "line", "connector")}


def _inline(el, state: _State, parts: list, flags: dict, bold: bool) -> None:
    """Mixed content of a paragraph: its text, spans, spaces, tabs, breaks, frames (boxes, formulas)."""
    if el.text:
        parts.append(el.text)
        if el.text.strip():
            flags["any"] = True
            flags["bold"] = flags["bold"] and bold
    for c in el:
        tag = c.tag
        if isinstance(tag, str) and tag not in _SKIP_INLINE:
            if tag == _t + "s":
                try:
                    parts.append(" " * min(int(c.get(_t + "c", "1")), 1000))
                except ValueError:
                    parts.append(" ")
            elif tag == _t + "tab":
                parts.append("\t")
            elif tag == _t + "line-break":
                parts.append("\n")
            elif tag == _t + "soft-page-break":
                state.new_page()
            elif tag == _t + "span":
                b = state.styles.text_bold.get(c.get(_t + "style-name"))
                _inline(c, state, parts, flags, bold if b is None else b)
            elif tag == _d + "frame":
                _frame(c, state, parts, flags)
            elif tag in _SHAPES or tag == _d + "g":
                _shape(c, state, parts)
            else:  # text:a, text:meta, fields (dates, page numbers, variables, sequences) ...: their text
                _inline(c, state, parts, flags, bold)
        if c.tail:
            parts.append(c.tail)
            if c.tail.strip():
                flags["any"] = True
                flags["bold"] = flags["bold"] and bold


def _anchored_floating(el) -> bool:
    return el.get(_t + "anchor-type", "paragraph") != "as-char"


def _frame(frame, state: _State, parts: list, flags: dict) -> None:
    """A ``draw:frame``: a text box (its content read where it is anchored) or a formula object."""
    for c in frame:
        tag = c.tag
        if tag == _d + "text-box":
            parts.append(_Box(c, _anchored_floating(frame)))
            return
        if tag == _d + "object":
            math = next(c.iter(f"{{{MATHML}}}math"), None)  # inline (flat files), maybe in an office:document
            if math is None:
                href = c.get(f"{{{XLINK}}}href")
                math = state.objects(href) if href else None
            if math is not None:
                latex = mathml_latex(math)
                if latex:
                    parts.append(f" ${latex}$ ")
                    flags["any"] = True
            elif state.in_cell:
                parts.append(f" {OBJECT_MARK} ")  # an embedded object that is no Math formula: a picture
            return  # a frame holds alternatives (object, then its picture): read one
        if tag == _d + "image" and state.in_cell:
            parts.append(f" {OBJECT_MARK} ")  # a picture in a cell (a formula pasted as an image): marked
            return


def _shape(shape, state: _State, parts: list) -> None:
    """A drawing shape with text in it (or a group of them): its paragraphs as a text box."""
    if shape.tag == _d + "g":
        for c in shape:
            if c.tag in _SHAPES or c.tag == _d + "g":
                _shape(c, state, parts)
            elif c.tag == _d + "frame":
                _frame(c, state, parts, {"any": False, "bold": True})
        return
    if shape.find(_t + "p") is not None or shape.find(_t + "list") is not None:
        parts.append(_Box(shape, _anchored_floating(shape)))


def _paragraph(p, state: _State, label: str | None = None, level: int = 0) -> _Para:
    style = p.get(_t + "style-name")
    styles = state.styles
    if styles.para(style, "break_before") or styles.para(style, "master_page"):
        state.new_page()
    heading = 0
    if p.tag == _t + "h":
        try:
            heading = max(1, int(p.get(_t + "outline-level", "1")))
        except ValueError:
            heading = 1
        number = p.find(_t + "number")
        if label is None and number is not None and "".join(number.itertext()).strip():
            label = "".join(number.itertext()).strip()
        elif label is None and p.get(_t + "is-list-header") != "true" and styles.outline:
            lvl = styles.outline.get(heading)
            if lvl is not None and (lvl.kind == "number" or lvl.list_format):
                if state.outline is None:
                    state.outline = _List(styles.outline)
                label = state.outline.label(heading - 1)
    start_page = state.page
    parts: list = []
    flags = {"any": False, "bold": True}
    _inline(p, state, parts, flags, bool(styles.para(style, "bold")))
    texts, boxes, n = [], [], 0
    for x in parts:
        if isinstance(x, str):
            texts.append(x)
            n += len(x)
        else:
            boxes.append((0 if x.floating else n, x.content))
    if styles.para(style, "break_after"):
        state.content = True
        state.new_page()
    state.content = True
    return _Para("".join(texts), label, level, heading, flags["any"] and flags["bold"], start_page, boxes,
                 styles.para(style, "border"))


def _segments(para: _Para):
    pos = 0
    for off, box in sorted(para.boxes, key=lambda b: b[0]):
        yield para.text[pos:off], None
        yield "", box
        pos = off
    yield para.text[pos:], None


# ----------------------------------------------------------------------------- lists


def _list_key(lst, state: _State, style_name: str | None) -> str:
    """The numbered list a top-level ``text:list`` belongs to (a new one unless it continues another)."""
    cont = lst.get(_t + "continue-list")
    key = state.list_ids.get(cont) if cont else None
    if key is None and lst.get(_t + "continue-numbering") == "true":
        key = state.last_by_style.get(style_name or "") or state.last_list
    if key is None or key not in state.lists:
        key = f"list{len(state.lists)}"
        state.lists[key] = _List(state.styles.lists.get(style_name or "", {}))
    xml_id = lst.get(f"{{{XML}}}id") or lst.get(_t + "id")
    if xml_id:
        state.list_ids[xml_id] = key
    state.last_by_style[style_name or ""] = key
    state.last_list = key
    return key


def _first_style(lst) -> str | None:
    """The paragraph style of a list's first paragraph (a list can take its list style from there)."""
    for p in lst.iter(_t + "p", _t + "h"):
        return p.get(_t + "style-name")
    return None


def _walk_list(lst, state: _State, emit, depth: int = 0, key: str | None = None) -> None:
    """A ``text:list`` (and the lists nested in it): each item's first paragraph gets its label."""
    if key is None:
        style_name = lst.get(_t + "style-name") or state.styles.para(_first_style(lst), "list_style")
        key = _list_key(lst, state, style_name)
    numbering = state.lists[key]
    for item in lst:
        tag = item.tag
        if tag == _t + "soft-page-break":
            state.new_page()
            continue
        if tag not in (_t + "list-item", _t + "list-header"):
            continue
        restart = item.get(_t + "start-value")
        labelled = tag == _t + "list-header"
        for c in item:
            ctag = c.tag
            if ctag in (_t + "p", _t + "h"):
                label = None
                if not labelled:
                    number = item.find(_t + "number")
                    label = numbering.label(depth, int(restart) if restart and restart.isdigit() else None)
                    if number is not None and "".join(number.itertext()).strip():
                        label = "".join(number.itertext()).strip()  # the label as the producer rendered it
                    labelled = True
                emit(_paragraph(c, state, label, depth if label else 0))
            elif ctag == _t + "list":
                _walk_list(c, state, emit, depth + 1, key)
            elif ctag == _t + "soft-page-break":
                state.new_page()
            elif ctag == _tb + "table":
                emit(c)


def _numbered_paragraph(np_, state: _State, emit) -> None:
    """``text:numbered-paragraph``: a list item outside a ``text:list`` (its list by ``text:list-id``)."""
    try:
        depth = max(0, int(np_.get(_t + "level", "1")) - 1)
    except ValueError:
        depth = 0
    list_id = np_.get(_t + "list-id") or ""
    style_name = np_.get(_t + "style-name")
    key = state.list_ids.get(list_id)
    if key is None:
        key = f"list{len(state.lists)}"
        state.lists[key] = _List(state.styles.lists.get(style_name or "", {}))
        if list_id:
            state.list_ids[list_id] = key
    restart = np_.get(_t + "start-value")
    label = state.lists[key].label(depth, int(restart) if restart and restart.isdigit() else None)
    number = np_.find(_t + "number")
    if number is not None and "".join(number.itertext()).strip():
        label = "".join(number.itertext()).strip()
    for c in np_:
        if c.tag in (_t + "p", _t + "h"):
            emit(_paragraph(c, state, label, depth if label else 0))
            label = None


# ----------------------------------------------------------------------------- tables


def _rows_of(tbl, state: _State):
    for el in tbl:
        tag = el.tag
        if tag == _tb + "table-row":
            yield el
        elif tag in (_tb + "table-header-rows", _tb + "table-rows", _tb + "table-row-group"):
            yield from _rows_of(el, state)
        elif tag == _t + "soft-page-break":
            state.new_page()


def _repeat(el, attr: str) -> int:
    try:
        return max(1, int(el.get(attr, "1")))
    except ValueError:
        return 1


def _has_text(el) -> bool:
    return any(t.strip() for t in el.itertext())


def _is_container(tbl, state: _State) -> bool:
    """A one-column layout table that holds other tables: read its content, not the frame."""
    rows = [r for r in _rows_of(tbl, _State(state.styles, state.objects))]
    if not rows:
        return False
    cells = [[c for c in r if c.tag == _tb + "table-cell"] for r in rows]
    one_col = all(len(cs) == 1 and _repeat(cs[0], _tb + "number-columns-repeated") == 1 for cs in cells)
    nested = any(c.find(_tb + "table") is not None for cs in cells for c in cs)
    return one_col and nested


def _table(tbl, state: _State) -> Table | None:
    """A ``table:table`` → :class:`Table`: each cell (covered ones too) takes one grid column;
    spans come from ``table:number-columns-spanned`` / ``number-rows-spanned``."""
    if state.styles.table_break.get(tbl.get(_tb + "style-name")):
        state.new_page()
    start_page = state.page
    rows: list[tuple[Cell, ...]] = []
    for tr in _rows_of(tbl, state):
        reps = _repeat(tr, _tb + "number-rows-repeated")
        if reps > 1 and not _has_text(tr):
            reps = 1  # a run of blank rows (spreadsheet-style padding) is one blank row
        for _ in range(reps):
            page = state.page
            col, row_cells = 0, []
            for tc in tr:
                if tc.tag == _t + "soft-page-break":
                    state.new_page()
                    continue
                if tc.tag not in (_tb + "table-cell", _tb + "covered-table-cell"):
                    continue
                n = _repeat(tc, _tb + "number-columns-repeated")
                if n > 1 and not _has_text(tc):
                    n = min(n, 64)  # blank padding cells: keep the grid, bound the work
                state.grid += n
                if state.grid > MAX_GRID:
                    raise OdtError(f"refused: tables hold more than {MAX_GRID:,} cells")
                if tc.tag == _tb + "covered-table-cell":
                    col += n
                    continue
                text = _cell_text(tc, state)
                cs = _repeat(tc, _tb + "number-columns-spanned")
                rs = _repeat(tc, _tb + "number-rows-spanned")
                for _k in range(n):
                    row_cells.append(Cell(text, len(rows), col, rs, cs, Loc(page=page)))
                    col += 1
            rows.append(tuple(row_cells))
    if not any(rows):
        return None
    n_rows = len(rows)
    rows = [tuple(c if c.row + c.rowspan <= n_rows else
                  Cell(c.text, c.row, c.col, n_rows - c.row, c.colspan, c.loc) for c in row) for row in rows]
    return Table(tuple(rows), loc=Loc(page=start_page))


def _bar_between(above: tuple | None, below: tuple | None) -> bool:
    """A rule drawn between two paragraphs: the bottom border of one or the top border of the next;
    none inside a group of paragraphs with the same borders (joined, as LibreOffice draws them)."""
    if above is not None and below is not None and above[3] == below[3] and above[2] and below[2]:
        return False
    return bool((above is not None and above[1]) or (below is not None and below[0]))


class _Bar:
    """A paragraph border drawn between two paragraphs of a cell."""


def _cell_lines(container, state: _State, lines: list) -> None:
    prev, first = None, True

    def add_para(para: _Para) -> None:
        nonlocal prev, first
        if not first and _bar_between(prev, para.border):
            lines.append(_Bar)
        prev, first = para.border, False
        labelled = False
        for text, box in _segments(para):
            if box is not None:
                _cell_lines(box, state, lines)
                continue
            for line in text.replace("\t", " ").split("\n"):
                line = collapse(line) if OBJECT_MARK not in line else \
                    " ".join(x for x in (collapse(line), OBJECT_MARK) if x)  # collapse() drops the mark
                if not line:
                    continue
                if not labelled and para.label:
                    labelled = True
                    line = f"{para.label} {line}"
                    if para.level:
                        line = "  " * para.level + line
                lines.append(line)

    def emit(block) -> None:
        nonlocal prev, first
        if isinstance(block, _Para):
            add_para(block)
        else:  # a table nested in the cell
            prev, first = None, True
            table = _table(block, state)
            for row in (table.texts() if table else []):
                lines.append(" | ".join(t.replace("\n", " ") for t in row if t))

    _walk_blocks(container, state, emit)


def _cell_text(tc, state: _State) -> str:
    raw: list = []
    state.in_cell += 1
    try:
        _cell_lines(tc, state, raw)
    finally:
        state.in_cell -= 1
    lines: list[str] = []
    for k, line in enumerate(raw):
        if line is _Bar:
            if lines and lines[-1] != _BAR_TEXT and any(x is not _Bar for x in raw[k + 1:]):
                lines.append(_BAR_TEXT)
        else:
            lines.append(line)
    while lines and lines[-1] == _BAR_TEXT:
        lines.pop()
    return "\n".join(lines)


# ----------------------------------------------------------------------------- the body

_SKIP_BLOCK = {_t + "tracked-changes", _t + "sequence-decls", _t + "variable-decls", _t + "user-field-decls",
               _t + "dde-connection-decls", _o + "forms", _tb + "calculation-settings",
               _tb + "content-validations", _tb + "label-ranges", _t + "table-of-content-source",
               _t + "alphabetical-index-source", _t + "illustration-index-source", _t + "table-index-source",
               _t + "object-index-source", _t + "user-index-source", _t + "bibliography-source",
               _tb + "table-columns", _tb + "table-column", _tb + "table-header-columns",
               _tb + "table-column-group", _o + "annotation", _t + "note"}


def _walk_blocks(container, state: _State, emit) -> None:
    """Block content (body, section, cell, text box) in order: paragraphs, lists, tables, frames."""
    for el in container:
        tag = el.tag
        if not isinstance(tag, str) or tag in _SKIP_BLOCK:
            continue
        if tag in (_t + "p", _t + "h"):
            emit(_paragraph(el, state))
        elif tag == _t + "list":
            _walk_list(el, state, emit)
        elif tag == _t + "numbered-paragraph":
            _numbered_paragraph(el, state, emit)
        elif tag == _tb + "table":
            emit(el)
        elif tag == _t + "soft-page-break":
            state.new_page()
        elif tag == _d + "frame" or tag in _SHAPES or tag == _d + "g":
            parts: list = []
            if tag == _d + "frame":
                _frame(el, state, parts, {"any": False, "bold": True})
            else:
                _shape(el, state, parts)
            for x in parts:
                if isinstance(x, _Box):
                    _walk_blocks(x.content, state, emit)
                elif x.strip():
                    emit(_Para(x.strip(), None, 0, 0, False, state.page))
        else:  # text:section, text:index-body, table of contents, office:text ...: their content
            _walk_blocks(el, state, emit)


def _body_blocks(container, state: _State, blocks: list) -> None:
    def emit(block) -> None:
        if isinstance(block, _Para):
            _para_blocks(block, state, blocks)
        elif _is_container(block, state):
            for tr in _rows_of(block, state):
                for tc in tr:
                    if tc.tag == _tb + "table-cell":
                        _body_blocks(tc, state, blocks)
        else:
            table = _table(block, state)
            if table is not None:
                blocks.append(table)
            state.content = True

    _walk_blocks(container, state, emit)


def _para_blocks(para: _Para, state: _State, blocks: list) -> None:
    first = True
    for text, box in _segments(para):
        if box is not None:
            _body_blocks(box, state, blocks)
            continue
        for line in text.split("\n"):
            line = collapse(line.replace("\t", " "))
            if not line:
                continue
            label, rest = (para.label, line) if first and para.label else split_label(line)
            if label and not rest:
                continue
            blocks.append(Paragraph(text=rest, loc=Loc(page=para.page), label=label,
                                    level=para.level if first else 0, heading=para.heading if first else 0,
                                    bold=para.bold))
            first = False


# ----------------------------------------------------------------------------- the package


class _Budget:
    """Bytes and objects read from one package, bounded together."""

    def __init__(self):
        self.bytes = 0
        self.objects = 0

    def take(self, n: int) -> None:
        self.bytes += n
        if self.bytes > MAX_TOTAL_BYTES:
            raise OdtError(f"refused: the package inflates beyond {MAX_TOTAL_BYTES / 2**20:.0f} MiB "
                           "(a zip bomb or a damaged file)")


def _package(data: bytes):
    """(content root, styles root or None, object reader) of a zipped OpenDocument text."""
    z = open_package(data, _KIND, OdtError)
    budget = _Budget()
    names = set(z.namelist())

    def part(name: str) -> bytes:
        raw = read_part(z, name, OdtError)
        budget.take(len(raw))
        return raw

    if "mimetype" in names:
        mime = read_part(z, "mimetype", OdtError, limit=256).decode("ascii", "replace").strip()
        if not mime.startswith("application/vnd.oasis.opendocument.text"):
            raise OdtError(f"not an OpenDocument text: the package says it is {mime or 'nothing'}")
    if "content.xml" not in names:
        raise OdtError("not an OpenDocument text: the package has no content.xml")
    if "META-INF/manifest.xml" in names:
        manifest = part("META-INF/manifest.xml")
        if b"encryption-data" in manifest:
            raise OdtError("the file is password-protected: save a copy without the password")
    content = parse_xml(part("content.xml"), "content.xml", _KIND, OdtError)
    styles = parse_xml(part("styles.xml"), "styles.xml", _KIND, OdtError) if "styles.xml" in names else None
    cache: dict[str, object] = {}

    def objects(href: str):
        name = href[2:] if href.startswith("./") else href.lstrip("/")
        if name in cache:
            return cache[name]
        cache[name] = None
        member = f"{name.rstrip('/')}/content.xml"
        if member not in names:
            return None
        budget.objects += 1
        if budget.objects > MAX_OBJECTS:
            raise OdtError(f"refused: more than {MAX_OBJECTS} embedded objects")
        root = parse_xml(part(member), member, _KIND, OdtError)
        math = root if root.tag == f"{{{MATHML}}}math" else root.find(f".//{{{MATHML}}}math")
        cache[name] = math
        return math

    return z, content, styles, objects


def read_odt(data: bytes, source: str = "<odt>") -> Document:
    """OpenDocument text bytes (a zipped .odt / .ott, or flat XML .fodt) → :class:`Document`.

    Raises :class:`OdtError` for a damaged or password-protected package, a part over the size
    limits, or a file that is not an OpenDocument text.
    """
    if data[:4] == b"PK\x03\x04":
        z, content, styles_root, objects = _package(data)
        with z:
            return _read(content, [styles_root, content], objects, source)
    if len(data) > MAX_PART_BYTES:
        raise OdtError(f"refused: a flat OpenDocument file over {MAX_PART_BYTES / 2**20:.0f} MiB")
    content = parse_xml(data, "the flat XML file", _KIND, OdtError)
    if content.tag != _o + "document":
        raise OdtError("not an OpenDocument text: the XML is not an office:document")
    return _read(content, [content], lambda href: None, source)


def _read(content, roots: list, objects, source: str) -> Document:
    styles = _Styles()
    for root in roots:
        if root is None:
            continue
        styles.add(root.find(_o + "styles"))
        if root is content:
            styles.add(root.find(_o + "automatic-styles"))
    text = content.find(f"{_o}body/{_o}text")
    if text is None:
        raise OdtError("not an OpenDocument text: no office:text in the body")
    state = _State(styles, objects)
    blocks: list = []
    _body_blocks(text, state, blocks)
    return Document(source=source, format="odt", blocks=blocks, n_pages=state.page, warnings=state.warnings)
