"""A tiny PDF writer for tests: text in Helvetica, lines, rectangles (stroked or filled) and
Bézier paths on pages of any size, so table features can be drawn exactly as producers draw
them without any PDF library. Coordinates are PDF points with the origin at the bottom left,
as in PDF itself.
"""
from __future__ import annotations

import math


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


class Page:
    """One page's content stream. Every method appends drawing operators and returns self."""

    def __init__(self, width: float = 595, height: float = 842, rotate: int = 0):
        self.width, self.height, self.rotate = width, height, rotate
        self.ops: list[str] = []

    def text(self, x: float, y: float, s: str, size: float = 10, angle: float = 0, bold: bool = False) -> "Page":
        """``s`` with its baseline starting at (x, y), turned ``angle`` degrees anticlockwise."""
        a = math.radians(angle)
        c, d = math.cos(a), math.sin(a)
        font = "F2" if bold else "F1"
        self.ops.append(f"BT /{font} {size} Tf {c:.4f} {d:.4f} {-d:.4f} {c:.4f} {x:.2f} {y:.2f} Tm ({_esc(s)}) Tj ET")
        return self

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.8, grey: float = 0.0) -> "Page":
        self.ops.append(f"q {grey} G {width} w {x0:.2f} {y0:.2f} m {x1:.2f} {y1:.2f} l S Q")
        return self

    def rect(self, x: float, y: float, w: float, h: float, stroke: bool = True, fill: float | None = None,
             width: float = 0.8) -> "Page":
        """A rectangle with its lower-left corner at (x, y); ``fill`` is a grey level (0 black .. 1 white)."""
        op = "B" if stroke and fill is not None else ("S" if stroke else "f")
        fill_op = f"{fill} g " if fill is not None else ""
        self.ops.append(f"q {fill_op}0 G {width} w {x:.2f} {y:.2f} {w:.2f} {h:.2f} re {op} Q")
        return self

    def rounded_rect(self, x: float, y: float, w: float, h: float, r: float = 6, width: float = 0.8) -> "Page":
        """A stroked rectangle with rounded corners drawn as one path of lines and curves."""
        k = 0.5523 * r
        p = [f"{x + r:.2f} {y:.2f} m", f"{x + w - r:.2f} {y:.2f} l",
             f"{x + w - r + k:.2f} {y:.2f} {x + w:.2f} {y + r - k:.2f} {x + w:.2f} {y + r:.2f} c",
             f"{x + w:.2f} {y + h - r:.2f} l",
             f"{x + w:.2f} {y + h - r + k:.2f} {x + w - r + k:.2f} {y + h:.2f} {x + w - r:.2f} {y + h:.2f} c",
             f"{x + r:.2f} {y + h:.2f} l",
             f"{x + r - k:.2f} {y + h:.2f} {x:.2f} {y + h - r + k:.2f} {x:.2f} {y + h - r:.2f} c",
             f"{x:.2f} {y + r:.2f} l",
             f"{x:.2f} {y + r - k:.2f} {x + r - k:.2f} {y:.2f} {x + r:.2f} {y:.2f} c", "h"]
        self.ops.append(f"q {width} w " + " ".join(p) + " S Q")
        return self


def pdf_bytes(pages: list[Page]) -> bytes:
    """The pages as a complete PDF file (Helvetica and Helvetica-Bold, no compression)."""
    objs: list[bytes] = []
    kids = []
    n_fixed = 4  # 1 catalog, 2 pages, 3 font, 4 bold font
    for i, _ in enumerate(pages):
        kids.append(f"{n_fixed + 1 + 2 * i} 0 R")
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objs.append(f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode())
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    for i, p in enumerate(pages):
        content = "\n".join(p.ops).encode("latin-1")
        rot = f" /Rotate {p.rotate}" if p.rotate else ""
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {p.width} {p.height}]{rot} "
                    f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {n_fixed + 2 + 2 * i} 0 R >>".encode())
        objs.append(b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{k} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
