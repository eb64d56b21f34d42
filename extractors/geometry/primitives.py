"""The page as the geometry layer sees it: words with boxes, ruling lines, and small helpers.

Coordinates are PDF points, origin top-left (``top`` grows downwards). A digital page
(:mod:`extractors.readers.pdf`) and an OCR'd page (:mod:`extractors.readers.scan`) both
arrive as a :class:`PageGeometry`; nothing after this point knows which one it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

TOL = 3.0  # points: lines closer than this are the same line


@dataclass(frozen=True)
class Word:
    """One word: its text and box in points. ``size`` is the font size in points when the
    source knows it (digital text), else None (OCR: the box height stands in for it)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    conf: float | None = None  # OCR confidence 0-100, None for digital text
    bold: bool = False
    size: float | None = None

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def em(self) -> float:
        """The font size (points), or the box height when it is not known."""
        return self.size or self.height


@dataclass(frozen=True)
class Segment:
    """A visible ruling line (horizontal or vertical), as its box; a thin filled rectangle
    used as a line is one too. A horizontal line has ``top == bottom`` once normalised."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.bottom - self.top) <= TOL and (self.x1 - self.x0) > TOL

    @property
    def vertical(self) -> bool:
        return (self.x1 - self.x0) <= TOL and (self.bottom - self.top) > TOL

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class PageGeometry:
    """One page: its words and visible ruling lines. ``warnings`` collects what the table
    finder could not do (each ``code: message``, see :mod:`schema.warnings`); readers pass
    them on to the document. ``fills`` are shaded areas (a header row's background): not rules,
but a shaded row that fills a table's width ends where its shading ends."""

    number: int
    width: float
    height: float
    words: list[Word] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fills: list[Segment] = field(default_factory=list)  # boxes of visible shading (not rules)
    # column borders of a table without rules that the previous page ended with (it may go on here),
    # and of the one this page ends with (set by the table finder)
    carry: list[float] | None = None
    open_columns: list[float] | None = None
    # the font size (em, points) of that table's text, on the previous page and on this one
    carry_em: float | None = None
    open_em: float | None = None
    # how this page's frame lies on the page as displayed, when the reader turned or straightened it:
    # a 3×3 matrix (row-major, 9 numbers) taking a point of this geometry to the displayed page, and the
    # degrees clockwise the displayed page must be turned for the text to read (see Loc.page_bbox)
    to_page: tuple[float, ...] | None = None
    turn: int = 0


def map_box(m: tuple[float, ...], box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The box of the four corners of ``box`` taken through the 3×3 matrix ``m`` (row-major)."""
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[2], box[1]), (box[0], box[3]), (box[2], box[3])):
        w = m[6] * x + m[7] * y + m[8]
        w = w if abs(w) > 1e-12 else 1e-12
        xs.append((m[0] * x + m[1] * y + m[2]) / w)
        ys.append((m[3] * x + m[4] * y + m[5]) / w)
    return round(min(xs), 2), round(min(ys), 2), round(max(xs), 2), round(max(ys), 2)


def cluster(values: list[float], tol: float = TOL) -> list[float]:
    """Sorted values with near-equal ones merged (their mean); a chain of values each
    within ``tol`` of the next is one cluster."""
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(g) / len(g) for g in out]


def snap(v: float, grid: list[float], tol: float = TOL) -> int | None:
    """Index of the grid value nearest to ``v`` within ``tol``, else None."""
    best, idx = tol + 1e-9, None
    for i, g in enumerate(grid):
        d = abs(v - g)
        if d <= best:
            best, idx = d, i
    return idx


def text_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into visual lines (by vertical overlap), each sorted left to right;
    lines sorted top to bottom."""
    open_: list[list] = []  # [words, sum of their centres, first word's height]: the mean centre kept as a sum
    for w in sorted(words, key=_TOP_X0):
        placed = False
        top, bottom = w.top, w.bottom
        cy = (top + bottom) / 2  # Word.cy, inline
        wh = bottom - top
        for entry in reversed(open_[-3:]):
            line, total, rh = entry
            height = max(rh, wh, 1.0)
            if abs(cy - total / len(line)) <= height * 0.45:
                line.append(w)
                entry[1] = total + cy
                placed = True
                break
        if not placed:
            open_.append([[w], cy, wh])
    lines: list[list[Word]] = [e[0] for e in open_]
    for line in lines:
        line.sort(key=_X0)
    lines.sort(key=_top_of_line)
    return lines


_TOP_X0 = attrgetter("top", "x0")
_X0 = attrgetter("x0")


def _top_of_line(line: list[Word]) -> float:
    return min([w.top for w in line])


def mean_conf(words: list[Word]) -> float | None:
    """Mean OCR confidence of the words (one decimal), None for digital text."""
    confs = [w.conf for w in words if w.conf is not None]
    return round(sum(confs) / len(confs), 1) if confs else None


def join(line: list[Word]) -> str:
    return " ".join(w.text for w in line).strip()


def bbox_of(words: list[Word]) -> tuple[float, float, float, float]:
    return (min(w.x0 for w in words), min(w.top for w in words), max(w.x1 for w in words),
            max(w.bottom for w in words))


def median(values: list[float], default: float = 0.0) -> float:
    if not values:
        return default
    s = sorted(values)
    return s[len(s) // 2]
