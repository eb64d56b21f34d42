"""Format detection from a file's content (magic bytes), not its name."""
from __future__ import annotations

import zipfile
from io import BytesIO

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | {".docx", ".doc", ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff"}


def detect_format(data: bytes, name: str = "") -> str:
    """'pdf' | 'docx' | 'doc' | 'image' | 'markdown' | 'text' | 'empty' | 'unknown'."""
    if not data:
        return "empty"
    head = data[:8]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            return "unknown"
        return "unknown"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    sample = data[:65536]
    from extractors.readers.text import text_encoding

    if text_encoding(sample) is None:  # control characters throughout: binary of a kind iki does not read
        return "unknown"
    lower = name.lower()
    return "markdown" if lower.endswith((".md", ".markdown")) else "text"
