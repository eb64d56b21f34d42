"""Born-digital PDF pages through PDFium (pypdfium2): characters with their boxes and fonts, and
the page's ruling lines, rectangles and curves, in pdfplumber's coordinates and shapes.

PDFium parses a page's content an order of magnitude faster than pdfminer, so this is the
source :mod:`extractors.readers.pdf` reads born-digital pages from; pdfplumber stays as the
fallback for a page PDFium cannot read. What a page gives here is what the rest of the reader
already consumes from pdfplumber — ``chars`` (dicts with ``text``, ``x0``, ``x1``, ``top``,
``bottom``, ``size``, ``fontname``, ``matrix``, ``upright``), ``lines``, ``rects`` and
``curves`` (dicts with the box, ``stroke``/``fill``, colours and ``path``) — so the words,
rules, tables and paragraphs built from them do not depend on which library read the page.

How each piece is made, and where it differs from pdfminer:

* **Coordinates**: PDF user space → pdfminer's device space (the page's ``/Rotate`` applied
  around its MediaBox, as pdfminer's interpreter does) → pdfplumber's top-based points.
* **Characters** come from PDFium's text page, minus the spaces and line breaks PDFium
  generates (``FPDFText_IsGenerated``), in content-stream order (text objects in the order the
  page draws them, characters in their order inside each), which is the order pdfminer
  yields and the word builder's font runs rely on. A character's box runs from its origin
  along its advance (PDFium's loose box measured along the text's direction) and from the
  font's descent to one font size above it (pdfminer's box shape); ``size`` is the font size
  in points (text space size × the text matrix's scale), also for rotated text, where
  pdfminer reports the advance instead.
* **Unmapped glyphs** (a font without a Unicode mapping: PDFium returns the character code
  and flags it) become ``(cid:N)`` exactly as pdfminer writes them, so the reader's Symbol
  table and its clean-up treat both sources alike.
* **Paths**: every path object, inside form XObjects too (their matrices composed), split
  into subpaths at each move and classified as pdfminer does — one segment is a line, four
  axis-parallel sides that close are a rectangle, anything else a curve — with the stroke
  and fill flags of the paint operator and colours as RGB fractions (PDFium converts grey
  and CMYK to RGB). A fully transparent colour counts as paper white.
* Clipping is ignored, as pdfminer ignores it.

PDFium is not thread-safe: every call into it goes through :data:`LOCK`.
"""
from __future__ import annotations

import ctypes
import math
import threading
from ctypes import POINTER, byref, c_double, c_float, c_int, c_uint, c_ulong, c_void_p

LOCK = threading.RLock()


class PdfiumUnavailable(Exception):
    """PDFium (pypdfium2) is missing or lacks a function this source needs."""


class _FS_MATRIX(ctypes.Structure):
    _fields_ = [(k, c_float) for k in "abcdef"]


class _FS_RECTF(ctypes.Structure):
    _fields_ = [("left", c_float), ("top", c_float), ("right", c_float), ("bottom", c_float)]


_API = None


def _api():
    """Prototypes of the PDFium functions used here, with plain ``c_void_p`` handles (cheaper
    than pypdfium2's typed pointers in the per-character loop, and usable as dict keys)."""
    global _API
    if _API is not None:
        return _API
    try:
        import pypdfium2 as pdfium  # noqa: F401 - initialises the library
        import pypdfium2.raw as raw
    except Exception as e:  # noqa: BLE001 - any import failure means no PDFium
        raise PdfiumUnavailable(f"pypdfium2 is not available ({type(e).__name__}: {e})") from e
    sigs = {
        "FPDFText_LoadPage": (c_void_p, [c_void_p]),
        "FPDFText_ClosePage": (None, [c_void_p]),
        "FPDFText_CountChars": (c_int, [c_void_p]),
        "FPDFText_GetUnicode": (c_uint, [c_void_p, c_int]),
        "FPDFText_GetTextObject": (c_void_p, [c_void_p, c_int]),
        "FPDFText_HasUnicodeMapError": (c_int, [c_void_p, c_int]),
        # out-parameters as plain addresses: cheaper to pass than byref() objects, per glyph
        "FPDFText_GetCharOrigin": (c_int, [c_void_p, c_int, c_void_p, c_void_p]),
        "FPDFText_GetLooseCharBox": (c_int, [c_void_p, c_int, c_void_p]),
        "FPDFText_GetMatrix": (c_int, [c_void_p, c_int, POINTER(_FS_MATRIX)]),
        "FPDFText_GetFontSize": (c_double, [c_void_p, c_int]),
        "FPDFTextObj_GetFont": (c_void_p, [c_void_p]),
        "FPDFFont_GetBaseFontName": (ctypes.c_size_t, [c_void_p, ctypes.c_char_p, ctypes.c_size_t]),
        "FPDFFont_GetDescent": (c_int, [c_void_p, c_float, POINTER(c_float)]),
        "FPDFPage_CountObjects": (c_int, [c_void_p]),
        "FPDFPage_GetObject": (c_void_p, [c_void_p, c_int]),
        "FPDFFormObj_CountObjects": (c_int, [c_void_p]),
        "FPDFFormObj_GetObject": (c_void_p, [c_void_p, c_ulong]),
        "FPDFPageObj_GetType": (c_int, [c_void_p]),
        "FPDFPageObj_GetMatrix": (c_int, [c_void_p, POINTER(_FS_MATRIX)]),
        "FPDFPageObj_GetStrokeColor": (c_int, [c_void_p] + [POINTER(c_uint)] * 4),
        "FPDFPageObj_GetFillColor": (c_int, [c_void_p] + [POINTER(c_uint)] * 4),
        "FPDFPageObj_GetStrokeWidth": (c_int, [c_void_p, POINTER(c_float)]),
        "FPDFPath_CountSegments": (c_int, [c_void_p]),
        "FPDFPath_GetPathSegment": (c_void_p, [c_void_p, c_int]),
        "FPDFPath_GetDrawMode": (c_int, [c_void_p, POINTER(c_int), POINTER(c_int)]),
        "FPDFPathSegment_GetPoint": (c_int, [c_void_p, c_void_p, c_void_p]),
        "FPDFPathSegment_GetType": (c_int, [c_void_p]),
        "FPDFPathSegment_GetClose": (c_int, [c_void_p]),
        "FPDF_GetPageCount": (c_int, [c_void_p]),
        "FPDFText_GetText": (c_int, [c_void_p, c_int, c_int, ctypes.c_char_p]),
    }
    api = {}
    for name, (restype, argtypes) in sigs.items():
        fn = getattr(raw, name, None)
        if fn is None:
            raise PdfiumUnavailable(f"this PDFium build has no {name} (pypdfium2 too old)")
        address = ctypes.cast(fn, c_void_p).value
        api[name] = ctypes.CFUNCTYPE(restype, *argtypes)(address)
    _CTYPES.update((k, api[k]) for k in _FAST)
    api.update(_fast_calls(raw))
    _API = type("PdfiumApi", (), api)
    return _API


# The functions called once or more per character, with handles and out-parameters as plain
# addresses (integers). Through cffi a call costs about a third of a ctypes call (whose argument
# conversion dominates in the per-character loop); the values returned are the same (a handle as
# its address, 0 for none, where ctypes gives None).
_FAST = {
    "FPDFText_GetTextObject": "uintptr_t(*)(uintptr_t, int)",
    "FPDFText_GetCharOrigin": "int(*)(uintptr_t, int, uintptr_t, uintptr_t)",
    "FPDFText_GetLooseCharBox": "int(*)(uintptr_t, int, uintptr_t)",
    "FPDFText_HasUnicodeMapError": "int(*)(uintptr_t, int)",
    "FPDFPath_GetPathSegment": "uintptr_t(*)(uintptr_t, int)",
    "FPDFPathSegment_GetPoint": "int(*)(uintptr_t, uintptr_t, uintptr_t)",
    "FPDFPathSegment_GetType": "int(*)(uintptr_t)",
    "FPDFPathSegment_GetClose": "int(*)(uintptr_t)",
}


_CTYPES: dict = {}  # the ctypes prototypes of _FAST's functions (tests compare both ways of calling)


def _ctypes_call(name: str):
    return _CTYPES[name]


def pdfium_raw():
    import pypdfium2.raw as raw

    return raw


def _fast_calls(raw) -> dict:
    """cffi function pointers at the addresses of :data:`_FAST`'s functions in the PDFium library
    pypdfium2 loaded; none (the ctypes prototypes stay) when cffi is missing."""
    try:
        import cffi
    except Exception:  # noqa: BLE001 - ctypes does the same, slower
        return {}
    ffi = cffi.FFI()
    out = {}
    for name, sig in _FAST.items():
        out[name] = ffi.cast(sig, ctypes.cast(getattr(raw, name), c_void_p).value)
    return out


# ----------------------------------------------------------------------------- coordinates


class _Space:
    """User space → pdfplumber's top-based points for one page (pdfminer's rotation matrix
    around the MediaBox, then pdfplumber's flip)."""

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int):
        x0, y0, x1, y1 = mediabox
        r = rotation % 360
        self.rotation = r
        if r == 90:
            self.ctm = (0.0, -1.0, 1.0, 0.0, -y0, x1)
        elif r == 180:
            self.ctm = (-1.0, 0.0, 0.0, -1.0, x1, y1)
        elif r == 270:
            self.ctm = (0.0, 1.0, -1.0, 0.0, y1, -x0)
        else:
            self.ctm = (1.0, 0.0, 0.0, 1.0, -x0, -y0)
        # pdfplumber's MediaBox, normalised and turned
        ax0, ax1 = sorted((x0, x1))
        ay0, ay1 = sorted((y0, y1))
        if r in (90, 270):
            ax0, ay0, ax1, ay1 = ay0, ax0, ay1, ax1
        self.width = ax1 - ax0
        self.height = ay1 - ay0
        self.mb_x0 = ax0
        self.mb_top = self.height - ay1

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, top) in pdfplumber's points of a user-space point."""
        a, b, c, d, e, f = self.ctm
        return a * x + c * y + e + self.mb_x0, self.height - (b * x + d * y + f) + self.mb_top

    def matrix(self, m: tuple[float, ...]) -> tuple[float, ...]:
        """A user-space matrix composed with the page's rotation (pdfminer's device matrix)."""
        return _mult(m, self.ctm)


def _mult(m1, m0):
    """pdfminer's mult_matrix: ``m1`` then ``m0``."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (a0 * a1 + c0 * b1, b0 * a1 + d0 * b1, a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
            a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0)


# ----------------------------------------------------------------------------- one page


_UPRIGHT = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _as_dict(g: tuple) -> dict:
    """A glyph tuple (text, x0, x1, top, bottom, size, fontname) as pdfplumber's char dict."""
    return {"text": g[0], "x0": g[1], "x1": g[2], "top": g[3], "bottom": g[4], "size": g[5], "fontname": g[6],
            "matrix": _UPRIGHT, "upright": True}


class PdfiumPage:
    """What the PDF reader uses of one page, read by PDFium (duck-types a pdfplumber page).

    ``glyphs``: when every glyph is upright on a page without /Rotate (nearly always), the glyphs
    as tuples (text, x0, x1, top, bottom, size, fontname), which the reader's word builder takes
    as they are; else None, and ``chars`` holds pdfplumber-style dicts. ``chars`` always gives
    the dicts (made on demand from the tuples)."""

    def __init__(self, number: int, width: float, height: float, rotation: int):
        self.page_number = number
        self.width, self.height, self.rotation = width, height, rotation
        self.glyphs: list[tuple] | None = None
        self._chars: list[dict] = []
        self.lines: list[dict] = []
        self.rects: list[dict] = []
        self.curves: list[dict] = []
        self.images: list[dict] = []  # image objects drawn (forms entered), as boxes: x0, top, x1, bottom
        self.unmapped = 0  # characters whose font gives no Unicode value
        self.all_upright = True  # every glyph reads left to right, upright on the page
        self.reordered = False  # PDFium's text order was not the content stream's (glyphs were sorted back)

    @property
    def chars(self) -> list[dict]:
        if self.glyphs is not None:
            return [_as_dict(g) for g in self.glyphs]
        return self._chars

    @chars.setter
    def chars(self, value: list[dict]) -> None:
        self.glyphs, self._chars = None, value

    def close(self):
        pass


def read_page(doc, index: int, descents: dict[str, float] | None = None) -> PdfiumPage:
    """Page ``index`` (0-based) of a ``pypdfium2.PdfDocument`` as a :class:`PdfiumPage`.

    ``descents``: the descent (a fraction of the font size, negative) each font declares, by
    its BaseFont name; a font not listed gets PDFium's value for it."""
    api = _api()
    with LOCK:
        page = doc[index]
        try:
            mb = page.get_mediabox()
            space = _Space(tuple(float(v) for v in mb), int(page.get_rotation() or 0))
            out = PdfiumPage(index + 1, space.width, space.height, space.rotation)
            handle = ctypes.cast(page.raw, c_void_p).value
            order: dict[int, int] = {}
            _walk_objects(api, handle, space, out, order)
            _read_chars(api, handle, space, out, order, descents or {})
        finally:
            page.close()
    return out


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _walk_objects(api, page_handle: int, space: _Space, out: PdfiumPage, order: dict[int, int]) -> None:
    """Every page object in drawing order (form XObjects entered): paths become lines, rects
    and curves; images their boxes; text objects get their drawing rank in ``order``."""
    m = _FS_MATRIX()
    pm = byref(m)
    stack = [(api.FPDFPage_CountObjects(page_handle), lambda k: api.FPDFPage_GetObject(page_handle, k), None)]
    # iterative walk: (count, getter, form matrix or None); each entry is a cursor
    cursors = [[stack[0], 0]]
    depth_limit = 64
    while cursors:
        (count, getter, parent), k = cursors[-1]
        if k >= count:
            cursors.pop()
            continue
        cursors[-1][1] = k + 1
        obj = getter(k)
        if not obj:
            continue
        kind = api.FPDFPageObj_GetType(obj)
        if kind == 1:  # text
            order.setdefault(obj, len(order))
        elif kind == 2:  # path
            mat = (m.a, m.b, m.c, m.d, m.e, m.f) if api.FPDFPageObj_GetMatrix(obj, pm) else _IDENTITY
            if parent is not None:
                mat = _mult(mat, parent)
            _path(api, obj, mat, space, out)
        elif kind == 3:  # image: the unit square through its matrix
            mat = (m.a, m.b, m.c, m.d, m.e, m.f) if api.FPDFPageObj_GetMatrix(obj, pm) else _IDENTITY
            if parent is not None:
                mat = _mult(mat, parent)
            a, b, c, d, e, f = mat
            pts = [space.point(a * x + c * y + e, b * x + d * y + f) for x, y in ((0, 0), (1, 0), (0, 1), (1, 1))]
            xs, tops = [p[0] for p in pts], [p[1] for p in pts]
            out.images.append({"x0": min(xs), "top": min(tops), "x1": max(xs), "bottom": max(tops)})
        elif kind == 5 and len(cursors) < depth_limit:  # form XObject
            mat = (m.a, m.b, m.c, m.d, m.e, m.f) if api.FPDFPageObj_GetMatrix(obj, pm) else _IDENTITY
            if parent is not None:
                mat = _mult(mat, parent)
            n = api.FPDFFormObj_CountObjects(obj)
            if n > 0:
                cursors.append([(n, (lambda o: lambda j: api.FPDFFormObj_GetObject(o, j))(obj), mat), 0])


_u = [c_uint() for _ in range(4)]
_RGBA = [byref(v) for v in _u]


def _colour(api, obj, stroke: bool):
    ok = (api.FPDFPageObj_GetStrokeColor if stroke else api.FPDFPageObj_GetFillColor)(obj, *_RGBA)
    if not ok:
        return None
    r, g, b, alpha = (v.value for v in _u)
    if alpha == 0:
        return (1.0, 1.0, 1.0)  # fully transparent: shows the paper
    return (r / 255.0, g / 255.0, b / 255.0)


def _path(api, obj, mat, space: _Space, out: PdfiumPage) -> None:
    fillmode, stroke = c_int(), c_int()
    if not api.FPDFPath_GetDrawMode(obj, byref(fillmode), byref(stroke)):
        return
    n = api.FPDFPath_CountSegments(obj)
    if n <= 0:
        return
    fx, fy = c_float(), c_float()
    pfx, pfy = ctypes.addressof(fx), ctypes.addressof(fy)
    a, b, c, d, e, f = mat
    ops: list[tuple[str, float, float]] = []  # (op, x, top) in pdfplumber space
    for k in range(n):
        seg = api.FPDFPath_GetPathSegment(obj, k)
        if not seg or not api.FPDFPathSegment_GetPoint(seg, pfx, pfy):
            continue
        x, y = fx.value, fy.value
        px, ptop = space.point(a * x + c * y + e, b * x + d * y + f)
        t = api.FPDFPathSegment_GetType(seg)
        ops.append(("m" if t == 2 else "l" if t == 0 else "c", px, ptop))
        if api.FPDFPathSegment_GetClose(seg):
            ops.append(("h", px, ptop))
    if not ops:
        return
    fill = fillmode.value != 0
    stroking = bool(stroke.value)
    scol = _colour(api, obj, True) if stroking else None
    ncol = _colour(api, obj, False) if fill else None
    width = c_float()
    lw = float(width.value) if api.FPDFPageObj_GetStrokeWidth(obj, byref(width)) else 1.0
    # PDFium gives a Bézier curve as three points (two controls and the end), each typed
    # "c": the subpath's shape keeps one "c" per curve, as pdfminer's does
    sub: list[tuple[str, float, float]] = []
    for op in ops:
        if op[0] == "m" and sub:
            _paint(sub, stroking, fill, scol, ncol, lw, out)
            sub = []
        sub.append(op)
    if sub:
        _paint(sub, stroking, fill, scol, ncol, lw, out)


def _paint(sub, stroke, fill, scol, ncol, lw, out: PdfiumPage) -> None:
    """pdfminer's ``paint_path`` for one subpath: a line, a rectangle or a curve."""
    if sub[0][0] != "m":
        return
    # curves: every third "c" point is an end point; the two before it are controls
    path = []
    k = 0
    while k < len(sub):
        op, x, y = sub[k]
        if op == "c":
            pts = [(p[1], p[2]) for p in sub[k:k + 3]]
            path.append(("c", *pts))
            k += 3
            continue
        path.append((op, (x, y)) if op != "h" else ("h",))
        k += 1
    shape = "".join(p[0] for p in path)
    start = path[0][1]
    pts = [p[-1] if p[0] != "h" else start for p in path]
    if len(shape) > 3 and shape[-2:] == "lh" and _same(pts[-2], pts[0]):
        shape = shape[:-2] + "h"
        pts.pop()
    base = {"stroke": stroke, "fill": fill, "stroking_color": scol, "non_stroking_color": ncol, "linewidth": lw}
    if shape in ("ml", "mlh"):
        (ax, at), (bx, bt) = pts[0], pts[1]
        out.lines.append(dict(base, x0=min(ax, bx), x1=max(ax, bx), top=min(at, bt), bottom=max(at, bt),
                              pts=pts[:2], path=path))
        return
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    box = dict(x0=min(xs), x1=max(xs), top=min(ys), bottom=max(ys))
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        closed = _same(pts[0], pts[4])
        square = (_eq(x0, x1) and _eq(y1, y2) and _eq(x2, x3) and _eq(y3, y0)) or \
                 (_eq(y0, y1) and _eq(x1, x2) and _eq(y2, y3) and _eq(x3, x0))
        if closed and square:
            out.rects.append(dict(base, **box, pts=pts, path=path))
            return
    out.curves.append(dict(base, **box, pts=pts, path=path))


def _eq(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-3


def _same(p, q) -> bool:
    return _eq(p[0], q[0]) and _eq(p[1], q[1])


def _read_chars(api, page_handle: int, space: _Space, out: PdfiumPage, order: dict[int, int],
                descents: dict[str, float]) -> None:
    tp = api.FPDFText_LoadPage(page_handle)
    if not tp:
        raise RuntimeError("PDFium could not load the page's text")
    try:
        n = api.FPDFText_CountChars(tp)
        if n < 0:
            raise RuntimeError("PDFium could not count the page's characters")
        ox, oy = c_double(), c_double()
        pox, poy = ctypes.addressof(ox), ctypes.addressof(oy)
        rect = _FS_RECTF()
        prect = ctypes.addressof(rect)
        mat = _FS_MATRIX()
        pmat = byref(mat)
        get_obj, origin, loose = api.FPDFText_GetTextObject, api.FPDFText_GetCharOrigin, api.FPDFText_GetLooseCharBox
        map_error = api.FPDFText_HasUnicodeMapError
        get_font, get_size, get_matrix = api.FPDFTextObj_GetFont, api.FPDFText_GetFontSize, api.FPDFText_GetMatrix
        text = _page_text(api, tp, n)
        if text is None:  # PDFium's text does not line up with its characters: one call per character
            text = "".join(chr(u) if 0 <= u < 0x110000 else "\ufffd"
                           for u in (api.FPDFText_GetUnicode(tp, i) for i in range(n)))
        shared: dict[tuple, tuple] = {}
        upright_only = True
        objects: dict[int, tuple] = {}
        fonts: dict[int, tuple[str, float]] = {}
        unmapped_fonts: set[int] = set()  # fonts with a glyph PDFium could not map to Unicode
        ca, cb, cc, cd, ce, cf = space.ctm
        kx = ce + space.mb_x0  # pdfplumber x of a user-space x (page without /Rotate)
        ky = space.height - cf + space.mb_top  # pdfplumber top of a user-space y (idem)
        upright_page = space.ctm[:4] == (1.0, 0.0, 0.0, 1.0)
        chars: list[dict] = []
        raw = False  # glyphs not upright on the page, whose boxes _boxes makes
        unmapped = 0
        n_order = len(order)
        rank = -1
        ordered = True
        marks: list[tuple[int, int]] = []
        last_obj = last_x = last_y = last_adv = last_char = None
        for i in range(n):
            ch = text[i]
            special = ch < " " or ch > "\ufffd"
            if special and (ch == "\r" or ch == "\n"):
                continue  # a line break PDFium generated
            obj = get_obj(tp, i)
            if not obj:
                continue  # a space PDFium generated
            if obj != last_obj:  # (a glyph of the object before has left what it shares in the names below)
                got = objects.get(obj)
                if got is None:
                    # what the glyphs of one text object share; objects of one font, size and direction
                    # share it too (a PDF printed by Chromium draws every run as an object of its own)
                    fnt = get_font(obj)
                    key = (fnt, get_size(tp, i), mat.a, mat.b, mat.c, mat.d) if get_matrix(tp, i, pmat) else (fnt,)
                    info = shared.get(key)
                    if info is None:
                        info = shared[key] = _object_info(api, key, space, fonts, descents)
                        upright_only = upright_only and info[12]
                    # a font's glyphs are checked for a missing Unicode value object by object (the first
                    # glyph of each), and every glyph once one of them lacked it
                    if fnt not in unmapped_fonts and map_error(tp, i):
                        unmapped_fonts.add(fnt)
                    # 1: upright text (along x, up along y) on a page without /Rotate; 2: text that reads upright
                    # once the page's /Rotate is applied, running along a user-space axis; 0: anything else
                    if info[2] > 0.0 and info[3] == 0.0 and info[4] == 0.0 and info[5] < 0.0:
                        simple = 1 if upright_page and info[0] > 0.0 and info[1] == 0.0 else \
                            2 if info[0] == 0.0 or info[1] == 0.0 else 0
                    else:
                        simple = 0
                    got = objects[obj] = (order.get(obj, n_order), simple, fnt in unmapped_fonts, info,
                                          info[7] * info[5], info[6] * info[5], info[8], info[9])
                r, simple, checkall, info, top_off, bottom_off, size, name = got
                if r != rank:  # another text object: where its glyphs start, for a sort if the order is not the stream's
                    marks.append((len(chars), r))
                    if r < rank:
                        ordered = False
                    rank = r
            if special or checkall:
                if ch == "\x02" or ch == "\ufffe":
                    ch = "-"  # PDFium's mark for a hyphen that ends a line
                elif (ch < " " and ch != "\t") or ch > "\ufffd" or map_error(tp, i):
                    ch = f"(cid:{ord(ch)})"
                    unmapped += 1
            origin(tp, i, pox, poy)
            x = ox.value
            y = oy.value
            if obj == last_obj:
                if x == last_x and y == last_y:
                    # one glyph, several characters (a ligature "fi" PDFium splits): one char, as pdfminer has it
                    if simple:
                        chars[-1] = last_char = (last_char[0] + ch,) + last_char[1:]
                    else:
                        last_char["text"] += ch
                    continue
                # the loose box also covers a glyph's ink, which an italic letter pushes past its advance:
                # no further than the next origin of the same run
                if simple == 1:
                    if y == last_y and 0.0 < x - last_x < last_adv:
                        g = last_char
                        chars[-1] = (g[0], g[1], g[1] + (x - last_x), g[3], g[4], g[5], g[6])
                elif simple == 2:
                    step = (x - last_x) * info[0] + (y - last_y) * info[1]
                    across = (y - last_y) * info[0] - (x - last_x) * info[1]
                    if 0.0 < step < last_adv and -0.01 < across < 0.01:
                        g = last_char
                        chars[-1] = (g[0], g[1], g[1] + step * info[2], g[3], g[4], g[5], g[6])
            loose(tp, i, prect)
            if simple == 1:  # upright text (running along x, up along y) on a page without /Rotate
                last_adv = rect.right - x
                if last_adv < 0.0:
                    last_adv = 0.0
                px = x + kx
                ptop = ky - y
                last_char = (ch, px, px + last_adv, ptop + top_off, ptop + bottom_off, size, name)
            elif simple == 2:  # upright once /Rotate is applied: along a user-space axis
                ux, uy = info[0], info[1]
                if uy == 0.0:
                    last_adv = (rect.right - x) if ux > 0 else (x - rect.left)
                else:
                    last_adv = (rect.top - y) if uy > 0 else (y - rect.bottom)
                if last_adv < 0.0:
                    last_adv = 0.0
                px = ca * x + cc * y + kx
                ptop = ky - (cb * x + cd * y)
                last_char = (ch, px, px + last_adv * info[2], ptop + top_off, ptop + bottom_off, size, name)
            else:
                last_char = {"text": ch, "raw": (x, y, rect.left, rect.right, rect.bottom, rect.top, info, obj)}
                last_adv = 0.0
                raw = True
            chars.append(last_char)
            last_obj = obj
            last_x = x
            last_y = y
        out.unmapped = unmapped
        out.all_upright = upright_only
        out.reordered = not ordered
        if not ordered:
            # content-stream order: text objects in drawing order, characters in order within each
            ranks = [0] * len(chars)
            for k, (start, r) in enumerate(marks):
                end = marks[k + 1][0] if k + 1 < len(marks) else len(chars)
                ranks[start:end] = [r] * (end - start)
            idx = sorted(range(len(chars)), key=ranks.__getitem__)
            chars = [chars[k] for k in idx]
        if raw:  # glyphs not upright on the page: all as pdfplumber's char dicts, boxes made by _boxes
            chars = [_as_dict(c) if type(c) is tuple else c for c in chars]
            _boxes(chars, space)
            out.chars = chars
        else:
            out.glyphs = chars
    finally:
        api.FPDFText_ClosePage(tp)


def _object_info(api, key: tuple, space: _Space, fonts, descents):
    """What the glyphs of a text object share, from its font, size and matrix: their device
    matrix, size, font name and descent, upright flag, and the affine map from (advance,
    height) offsets to pdfplumber's points; last, whether they read upright on the page."""
    font = key[0]
    if len(key) == 6:
        fs = float(key[1]) or 1.0
        a, b, c, d = key[2:]
    else:
        fs, (a, b, c, d) = 1.0, _IDENTITY[:4]
    along = math.hypot(a, b) or 1.0
    up = math.hypot(c, d) or 1.0
    # user-space unit vectors of the glyph's axes (a quarter turn's cos 90° = 6e-17 counted as the 0 it is)
    ux, uy, vx, vy = (_snap(v) for v in (a / along, b / along, c / up, d / up))
    size = fs * up
    name, descent = fonts.get(font) or _font_info(api, font, fonts, descents)
    dm = space.matrix((a, b, c, d, 0.0, 0.0))  # the reader looks at the direction only, not the origin
    upright = dm[0] * dm[3] > 0 and dm[1] * dm[2] <= 0
    ca, cb, cc, cd = space.ctm[:4]
    # user-space vector (wx, wy) -> pdfplumber (dx, dtop): dx = a wx + c wy, dtop = -(b wx + d wy)
    ax, ay = ca * ux + cc * uy, -(cb * ux + cd * uy)
    bx, by = ca * vx + cc * vy, -(cb * vx + cd * vy)
    reads_upright = upright and abs(dm[1]) <= abs(dm[0]) and dm[0] >= 0  # the reader's "upright" direction
    return (ux, uy, ax, ay, bx, by, descent * size, (descent + 1.0) * size, size, name, dm, upright, reads_upright)


def _snap(v: float) -> float:
    """A unit vector's component, with rounding noise around 0 and ±1 removed."""
    if -1e-9 < v < 1e-9:
        return 0.0
    if -1e-9 < abs(v) - 1.0 < 1e-9:
        return 1.0 if v > 0 else -1.0
    return v


def _font_info(api, font, fonts, descents):
    name, descent = "", 0.0
    if font:
        buf = ctypes.create_string_buffer(256)
        k = api.FPDFFont_GetBaseFontName(font, buf, 256)
        if k > 0:
            name = buf.raw[:max(0, min(k, 256) - 1)].decode("latin-1", "replace")
        declared = descents.get(name)
        if declared is None:
            declared = descents.get(name.split("+", 1)[-1])
        if declared is not None:
            descent = declared
        else:
            d = c_float()
            if api.FPDFFont_GetDescent(font, c_float(1000.0), byref(d)):
                descent = d.value / 1000.0
        descent = max(-0.5, min(0.0, descent))
    fonts[font] = (name, descent)
    return name, descent


def _page_text(api, tp, n: int) -> str | None:
    """The text page's characters in one call, one per character index (None when the text
    PDFium gives does not line up with its characters: a glyph it leaves out of the text)."""
    if n <= 0:
        return ""
    buf = ctypes.create_string_buffer(2 * (n + 1))
    got = api.FPDFText_GetText(tp, 0, n, buf)
    text = buf.raw[:2 * max(0, got - 1)].decode("utf-16-le", "replace")
    return text if len(text) == n else None


def _boxes(chars: list[dict], space: _Space) -> None:
    """The boxes of glyphs not upright on the page (sideways tables, rotated text): from the
    origin along the advance, from the font's descent to one font size above it, in pdfplumber's
    points. The advance is how far PDFium's loose box reaches along the text's direction, but
    no further than the next glyph's origin in the same run (content order)."""
    ca, cb, cc, cd, ce, cf = space.ctm
    mx, height, mt = space.mb_x0, space.height, space.mb_top
    n = len(chars)
    for k in range(n):
        c = chars[k]
        got = c.pop("raw", None)
        if got is None:
            continue
        ox, oy, l, r, bt, tp, info, obj = got
        ux, uy, ax, ay, bx, by, t0, t1, size, name, dm, upright, _ = info
        if uy == 0.0:
            adv = (r - ox) if ux > 0 else (ox - l)
        elif ux == 0.0:
            adv = (tp - oy) if uy > 0 else (oy - bt)
        else:
            adv = max((l - ox) * ux, (r - ox) * ux) + max((bt - oy) * uy, (tp - oy) * uy)
        if k + 1 < n:
            nxt = chars[k + 1].get("raw")
            if nxt is not None and nxt[7] == obj:
                step = (nxt[0] - ox) * ux + (nxt[1] - oy) * uy
                across = (nxt[1] - oy) * ux - (nxt[0] - ox) * uy
                if 0.0 < step < adv and -0.01 < across < 0.01:
                    adv = step
        if adv < 0.0:
            adv = 0.0
        px = ca * ox + cc * oy + ce + mx
        ptop = height - (cb * ox + cd * oy + cf) + mt
        sx, sy = adv * ax, adv * ay
        p0, p1 = t0 * bx, t1 * bx
        q0, q1 = t0 * by, t1 * by
        c["x0"] = px + (sx if sx < 0.0 else 0.0) + (p0 if p0 < p1 else p1)
        c["x1"] = px + (sx if sx > 0.0 else 0.0) + (p1 if p0 < p1 else p0)
        c["top"] = ptop + (sy if sy < 0.0 else 0.0) + (q0 if q0 < q1 else q1)
        c["bottom"] = ptop + (sy if sy > 0.0 else 0.0) + (q1 if q0 < q1 else q0)
        c["size"], c["fontname"], c["matrix"], c["upright"] = size, name, dm, upright
