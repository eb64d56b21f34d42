"""Format detection from a file's content (magic bytes), not its name."""
from __future__ import annotations

import json
import re
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
        except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError):
            # a damaged container: its part names are stored uncompressed, so a Word file still shows
            return "docx" if b"word/document.xml" in data else "unknown"
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


_CODE_LINE = re.compile(rb"^\s*(?:def |class |import |from \S+ import |return\b|if __name__|@\w|#include|function |const |var |let )",
                        re.M)


def data_kind(data: bytes) -> str | None:
    """What a text file is when it is data or program source rather than a document, else None.

    JSON (an object or array that parses) and program source (a ``#!`` line, or many lines that
    are Python/C/JavaScript statements) are not documents, whatever their extension: a folder of
    documents with their annotation files and scripts beside them lists those as ``unsupported``.
    """
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        try:
            json.loads(data.decode("utf-8"))
            return "JSON data"
        except (UnicodeDecodeError, ValueError, RecursionError):
            pass
    if head.startswith(b"#!"):
        return "a program (script)"
    lines = head.count(b"\n") + 1
    code = len(_CODE_LINE.findall(head))
    if code >= 5 and code >= lines * 0.05:
        return "program source code"
    return None
