"""HTML → IR, with lxml's HTML parser: whole pages (an exported web page, an e-SAKIP report, a
"Save as web page" from Word or Excel, an ``.xls`` that is really an HTML table) and the HTML
fragments and tables inside converter text exports (:mod:`extractors.readers.text` calls
:func:`cell_text` and :func:`html_table`).

What a page becomes:

* headings ``<h1>``–``<h6>`` → :class:`~extractors.ir.Paragraph` with ``heading`` set;
* ``<p>``, ``<div>`` and other blocks → one paragraph per line (``<br>`` ends a line);
  a typed list label (``a. ...``) is split off as in the text reader;
* ``<ol>`` / ``<ul>`` items → paragraphs with their label as the page shows it (``1.``,
  ``a.``, ``iv.`` following ``type`` and ``start``; ``-`` for bullets) and ``level`` for nesting;
* ``<table>`` → :class:`~extractors.ir.Table` with ``rowspan`` / ``colspan`` as cell spans;
  a table nested in a cell is read as that cell's text;
* ``<math>`` → ``$...$`` (its text is LaTeX in converter exports); ``<hr>`` in a cell is a
  fraction bar line ``_____``;
* ``<script>``, ``<style>``, ``<head>`` and elements hidden with ``display:none`` are skipped.

Provenance: every block carries the source line (``Loc.line``, lxml's ``sourceline``).
Decoding: a BOM (UTF-8, UTF-16), else the page's ``<meta charset>``, else UTF-8, else
Windows-1252 with a warning.
"""
from __future__ import annotations

import codecs
import re
from bisect import bisect_left

from lxml import etree
from lxml import html as lxml_html

from extractors.ir import Cell, Document, Loc, Paragraph, Table
from extractors.readers.grid import Grid, GridTooLarge, GridValue, grid_blocks
from extractors.readers import ReadError
from normalize.text import OBJECT_MARK, collapse, split_label
from schema.warnings import warning

MAX_HTML_BYTES = 64 * 1024 * 1024  # refuse a page larger than this

_BLOCK = {"p", "div", "section", "article", "header", "footer", "main", "nav", "aside", "blockquote", "pre",
          "address", "center", "form", "fieldset", "dl", "dt", "dd", "figure", "figcaption", "caption",
          "h1", "h2", "h3", "h4", "h5", "h6", "tr", "li", "ul", "ol", "body", "html", "title"}
_SKIP = {"script", "style", "head", "noscript", "template", "iframe", "object", "svg", "button", "select",
         "option", "textarea", "input"}
_BOLD = {"b", "strong", "th"}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_TAG_LIKE = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]{0,400}>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


class HtmlError(ReadError):
    """An HTML file iki cannot read (too large, or not decodable/parseable)."""


# ----------------------------------------------------------------------------- list labels


def _roman(n: int) -> str:
    out = ""
    for v, s in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                 (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out += s
            n -= v
    return out


def _alpha(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(97 + r) + s
    return s or "a"


def list_label(kind: str, n: int, style: str | None) -> str:
    """The label an ``<ol>``/``<ul>`` item shows: ``3.``, ``c.``, ``C.``, ``iii.``, ``III.``, or ``-`` for a bullet."""
    if kind != "ol" or style == "none":
        return "-"
    if style == "a":
        return _alpha(n) + "."
    if style == "A":
        return _alpha(n).upper() + "."
    if style == "i":
        return _roman(n) + "."
    if style == "I":
        return _roman(n).upper() + "."
    return f"{n}."


def _list_style(el) -> str | None:
    style = el.get("type")
    if style:
        return style
    css = (el.get("style") or "").lower()
    for name, code in (("lower-alpha", "a"), ("lower-latin", "a"), ("upper-alpha", "A"), ("upper-latin", "A"),
                       ("lower-roman", "i"), ("upper-roman", "I"), ("none", "none")):
        if f"list-style-type:{name}" in css.replace(" ", "") or f"list-style:{name}" in css.replace(" ", ""):
            return code
    return None


# ----------------------------------------------------------------------------- walking


def _tag(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _hidden(el) -> bool:
    return bool(_HIDDEN.search(el.get("style") or "")) or el.get("hidden") is not None


class _Lines:
    """Collects an element's text as lines: blocks and ``<br>`` break lines, list items get labels."""

    def __init__(self, numbering: bool, pictures: bool = False):
        self.numbering = numbering
        self.pictures = pictures  # mark an <img> (a cell's formula pasted as a picture) with OBJECT_MARK
        self.lines: list[list] = []  # [indent, text parts, label, bold, heading, sourceline, level]
        self.lists: list[list] = []  # stack of [kind, next number, style]
        self._open = False

    def newline(self, el=None, label: str | None = None, heading: int = 0, level: int = 0):
        self.lines.append([0, [], label, False, heading, getattr(el, "sourceline", None), level])
        self._open = True

    def add(self, text: str | None, bold: bool, el=None):
        if not text:
            return
        if not self._open:
            self.newline(el)
        line = self.lines[-1]
        if not "".join(line[1]).strip() and text.strip():
            line[3] = bold
            if line[5] is None:
                line[5] = getattr(el, "sourceline", None)
        line[1].append(text)

    def close(self):
        self._open = False

    def walk(self, el, bold: bool = False, heading: int = 0):
        tag = _tag(el)
        if not tag or tag in _SKIP or _hidden(el):
            return
        if tag == "br":
            self.close()
            return
        if tag == "hr":
            self.close()
            self.newline(el)
            self.add("_____", False, el)
            self.close()
            return
        if tag == "img":
            if self.pictures:
                self.add(f" {OBJECT_MARK} ", bold, el)
            return
        if tag == "math":
            body = collapse(el.text_content())
            if body:
                self.add(f"${body}$", bold, el)
            return
        bold = bold or tag in _BOLD or "bold" in (el.get("style") or "").replace(" ", "").lower()
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            heading = int(tag[1])
        if tag in ("ol", "ul"):
            start = el.get("start")
            self.lists.append([tag, int(start) if start and start.strip().lstrip("-").isdigit() else 1,
                               _list_style(el)])
        if tag == "li":
            self.close()
            kind, n, style = self.lists[-1] if self.lists else ("ul", 1, None)
            value = el.get("value")
            if value and value.strip().isdigit():
                n = int(value)
            if self.lists:
                self.lists[-1][1] = n + 1
            depth = max(0, len(self.lists) - 1)
            self.newline(el, label=list_label(kind, n, style) if self.numbering else None, level=depth)
            self.lines[-1][0] = depth
        elif tag in _BLOCK:
            self.close()
            if heading and tag == f"h{heading}":
                self.newline(el, heading=heading)
        elif tag in ("td", "th"):
            self.add(" ", bold, el)
        self.add(el.text, bold, el)
        for child in el:
            if isinstance(child.tag, str) and _tag(child) == "table":
                self.close()
                for row in _rows_of(child):
                    for cell in row:
                        self.walk(cell, bold)
                    self.close()
            else:
                self.walk(child, bold, heading)
            self.add(child.tail, bold, el)
        if tag in ("ol", "ul"):
            self.lists.pop()
        if tag in _BLOCK or tag == "li":
            self.close()

    def text_lines(self) -> list[tuple[int, str, str | None, bool, int, int | None, int]]:
        out = []
        for indent, parts, label, bold, heading, line, level in self.lines:
            joined = "".join(parts)
            text = collapse(joined.replace("\u00a0", " ")).replace("**", "")
            if OBJECT_MARK in joined:  # collapse() drops the mark
                text = f"{text} {OBJECT_MARK}".strip()
            if text or label:
                out.append((indent, text, label, bold, heading, line, level))
        return out


def _rows_of(table) -> list[list]:
    """A table's own rows (not those of tables nested in its cells), each a list of its td/th."""
    rows = []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            rows.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows.extend(c for c in child if _tag(c) == "tr")
    return [[c for c in tr if _tag(c) in ("td", "th") and not _hidden(c)] for tr in rows if not _hidden(tr)]


def _element_text(el, numbering: bool) -> str:
    """A table cell's text, one line per block / line break / list item (nested items indented two
    spaces); a picture (``<img>``) as :data:`OBJECT_MARK`."""
    lines = _Lines(numbering, pictures=True)
    lines.add(el.text, False, el)
    for child in el:
        lines.walk(child)
        lines.add(child.tail, False, el)
    out = []
    for indent, text, label, _, _, _, _ in lines.text_lines():
        body = f"{label} {text}".strip() if label else text
        out.append("  " * min(indent, 4) + body)
    return "\n".join(out)


def _fragment(raw: str):
    """A fragment of HTML (inline or block) parsed into one wrapper element."""
    try:
        return lxml_html.fragment_fromstring(raw, create_parent="div")
    except (etree.ParserError, ValueError):
        return None


def cell_text(raw: str, numbering: bool = False) -> str:
    """An HTML fragment (a table cell's content) → clean text, one line per paragraph / list item.

    ``numbering`` writes each ``<ol>``/``<ul>`` item's label (``1.``, ``a.``, ``-``) before it
    (the page reader does; the converter-text path keeps its items unlabelled as before).
    Nested items are indented two spaces per level; ``<hr>`` becomes a ``_____`` line,
    ``<math>`` ``$...$``. Text without markup is returned with whitespace collapsed per line.
    """
    if not _TAG_LIKE.search(raw):
        return "\n".join(c for c in (collapse(x).replace("**", "") for x in raw.split("\n")) if c)
    root = _fragment(raw)
    if root is None:
        return collapse(raw)
    return _element_text(root, numbering)


def _table(table_el, loc: Loc, numbering: bool) -> Table | None:
    rows: list[tuple[Cell, ...]] = []
    taken: set[tuple[int, int]] = set()
    area = 0
    for r, tds in enumerate(_rows_of(table_el)):
        cells, col = [], 0
        for td in tds:
            while (r, col) in taken:
                col += 1
            rs, cs = _span(td.get("rowspan")), _span(td.get("colspan"))
            area = _claim(area, rs, cs)
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, col + dc))
            line = td.sourceline if loc.line is not None or loc.page is None else None
            cell_loc = Loc(page=loc.page, line=line if line is not None else loc.line)
            cells.append(Cell(_element_text(td, numbering), r, col, rs, cs, cell_loc))
            col += cs
        rows.append(tuple(cells))
    # drop empty rows, renumbering so that row indexes stay consecutive and spans stay inside the table
    keep = [i for i, row in enumerate(rows) if row]
    if not keep:
        return None
    index = {old: new for new, old in enumerate(keep)}
    out = []
    for old in keep:
        fixed = []
        for c in rows[old]:  # the span in kept rows (keep is ascending: counted by bisection)
            span = (bisect_left(keep, c.row + c.rowspan) - bisect_left(keep, c.row)) or 1
            fixed.append(Cell(c.text, index[old], c.col, span, c.colspan, c.loc, c.conf))
        out.append(tuple(fixed))
    return Table(tuple(out), loc=loc)


def table_blocks(table_el) -> list[Paragraph | Table]:
    """A page's ``<table>`` → blocks, cut like a worksheet (:func:`extractors.readers.grid.grid_blocks`).

    A page laid out as one big table (a spreadsheet saved as a web page, a report export)
    holds title lines, label rows and the real tables in one grid: its one-value and label
    rows become paragraphs and its runs of full rows tables. A plain data table stays one table.
    """
    g = Grid(loc=Loc(line=table_el.sourceline))
    taken: set[tuple[int, int]] = set()
    area = 0
    for r, tds in enumerate(_rows_of(table_el), start=1):
        col = 1
        for td in tds:
            while (r, col) in taken:
                col += 1
            rs, cs = _span(td.get("rowspan")), _span(td.get("colspan"))
            area = _claim(area, rs, cs)
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, col + dc))
            g.merge(r, col, rs, cs)
            text = _element_text(td, numbering=True)
            if text:
                bold = _tag(td) == "th" or (len(td) == 1 and _tag(td[0]) in _BOLD and not (td.text or "").strip())
                g.values[(r, col)] = GridValue(text, r, col, rs, cs, bold=bold, loc=Loc(line=td.sourceline))
            col += cs
    return grid_blocks(g)


MAX_SPAN_AREA = 4_000_000  # grid cells the spans of one table may cover (each span is at most 1000 × 1000)


def _claim(area: int, rowspan: int, colspan: int) -> int:
    """Add a cell's span to its table's running total; :class:`HtmlError` past :data:`MAX_SPAN_AREA`."""
    area += rowspan * colspan
    if area > MAX_SPAN_AREA:
        raise HtmlError(f"a table's cell spans cover more than {MAX_SPAN_AREA:,} cells")
    return area


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1


def html_table(html: str, loc: Loc, numbering: bool = False) -> Table | None:
    """The first ``<table>`` of an HTML fragment (as converters embed in markdown) → :class:`Table`.

    Row and column spans are kept; rows without cells are dropped; None when there is no
    table or it has no cell.
    """
    root = _fragment(html)
    if root is None:
        return None
    table = root if _tag(root) == "table" else next(root.iter("table"), None)
    return _table(table, loc, numbering) if table is not None else None


# ----------------------------------------------------------------------------- whole pages


def decode_html(data: bytes) -> tuple[str, list[str]]:
    """A page's bytes → text: BOM, else ``<meta charset>``, else UTF-8, else Windows-1252 (with a warning)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), []
    m = _META_CHARSET.search(data[:4096])
    if m:
        try:
            enc = codecs.lookup(m.group(1).decode("ascii")).name
            if enc not in ("utf-16-le", "utf-16-be", "utf-16"):
                return data.decode(enc, errors="replace"), []
        except LookupError:
            pass
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), [
            warning("text_encoding", "page is not valid UTF-8 and names no charset; decoded as Windows-1252")]


def read_html(data: bytes | str, source: str = "<html>") -> Document:
    """An HTML page → :class:`Document` (``format='html'``): paragraphs, list items and tables in page order.

    Raises :class:`HtmlError` for a page over :data:`MAX_HTML_BYTES` or one lxml cannot parse.
    """
    warnings: list[str] = []
    if isinstance(data, bytes):
        if len(data) > MAX_HTML_BYTES:
            raise HtmlError("html_unreadable", detail=f"{len(data) / 2**20:.0f} MiB; limit "
                            f"{MAX_HTML_BYTES / 2**20:.0f} MiB")
        text, warnings = decode_html(data)
    else:
        text = data
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"))
    if not text.strip():
        return Document(source=source, format="html", warnings=warnings)
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)
    try:
        root = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise HtmlError("html_unreadable", detail=f"{type(e).__name__}: {e}"[:200]) from e
    body = root.find("body")
    if body is None:
        body = root
    doc = Document(source=source, format="html", warnings=warnings)
    try:
        _Page(doc).walk_children(body)
    except GridTooLarge as e:
        raise HtmlError("html_unreadable", detail=str(e)) from e
    return doc


class _Page:
    """Walks a page's body, emitting paragraphs for text runs and a Table for each top-level table."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.lines = _Lines(numbering=True)

    def flush(self):
        for indent, text, label, bold, heading, line, level in self.lines.text_lines():
            loc = Loc(line=line)
            if label is None and not heading:
                label, text = split_label(text)
            if not text and not label:
                continue
            self.doc.blocks.append(Paragraph(text=text, loc=loc, label=label, level=level, heading=heading,
                                             bold=bold, indent=indent))
        self.lines = _Lines(numbering=True)

    def walk_children(self, el):
        self.lines.add(el.text, False, el)
        for child in el:
            self.walk(child)
            self.lines.add(child.tail, False, el)
        self.flush()

    def walk(self, el):
        tag = _tag(el)
        if not tag or tag in _SKIP or _hidden(el):
            return
        if tag == "table":
            self.flush()
            self.doc.blocks.extend(table_blocks(el))
            return
        if any(_tag(d) == "table" for d in el.iter()) and tag not in ("li", "p"):
            # a container holding a table: walk into it so the table stays a table
            self.lines.close()
            if tag in _BLOCK:
                self.lines.close()
            self.lines.add(el.text, tag in _BOLD, el)
            for child in el:
                self.walk(child)
                self.lines.add(child.tail, tag in _BOLD, el)
            self.lines.close()
            return
        self.lines.walk(el)
