"""Format detection from a file's content (magic bytes, container directory), never from its name.

:func:`detect_format` returns one of the names in :data:`FORMATS` (the vocabulary lives in
:mod:`schema.formats`, with the ``documents.format`` column it documents). The name says how
iki reads the file, so it is what the pipeline dispatches on and what the
``documents.format`` column shows. A file's extension and its case do not
matter: an ``.xls`` that is really an HTML table export is ``html``, a PDF
saved without extension is ``pdf``. The only use of the name is to tell
markdown from plain text (both are read by the same converter-text reader).

Detection reads at most a few small members of a zip container (never
inflating a large one, so a zip bomb costs nothing here) and the directory of
an OLE2 compound file (with :mod:`olefile`).
"""
from __future__ import annotations

import codecs
import json
import re
import zipfile
from io import BytesIO

from schema.formats import FORMATS  # noqa: F401 - every name detect_format returns, with what it stands for

#: formats that no reader takes: a file of one of these is listed with the reason, never read
UNREADABLE = frozenset({"encrypted", "empty", "unknown"})
#: formats read by first converting them with LibreOffice (see extractors.readers.office)
NEEDS_LIBREOFFICE = frozenset({"doc", "xls", "xlsb", "ppt", "pptx", "odp", "wpd", "rtf"})

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
#: file extensions of the formats above; kept for callers that pre-filter by name (detection never does)
KNOWN_SUFFIXES = TEXT_SUFFIXES | {
    ".pdf", ".docx", ".docm", ".dotx", ".doc", ".wps", ".rtf", ".wpd",
    ".xlsx", ".xlsm", ".xltx", ".xlsb", ".xls", ".pptx", ".ppt",
    ".odt", ".ott", ".fodt", ".ods", ".fods", ".odp", ".fodp",
    ".htm", ".html", ".xhtml",
    ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp",
}

PDF_HEADER_WINDOW = 1024  # PDF readers accept the %PDF header this far into the file
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
_MAX_MEMBER = 1 << 20  # read at most this much of one zip member while detecting
_SNIFF = 65536  # bytes of a text file looked at

_ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.text-template": "odt",
    "application/vnd.oasis.opendocument.text-master": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.spreadsheet-template": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.presentation-template": "odp",
}


def detect_format(data: bytes, name: str = "") -> str:
    """The format of a file's bytes: one of the keys of :data:`FORMATS`.

    ``name`` (the file's path) only tells ``markdown`` from ``text``. Never raises.
    """
    if not data:
        return "empty"
    if pdf_start(data) is not None:
        return "pdf"
    head = data[:16]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_format(data)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return _ole_format(data)
    if _is_image(head, data):
        return "image"
    if head.startswith(b"\xffWPC"):
        return "wpd"
    text = sniff_text(data)
    if text is None:
        return "unknown"
    start = text.lstrip("\ufeff \t\r\n")
    if start.startswith("{\\rtf"):
        return "rtf"
    xml = _xml_office_format(start)
    if xml:
        return xml
    lower = name.lower()
    markdown = lower.endswith((".md", ".markdown"))
    if is_html(text, strict=markdown):
        return "html"
    return "markdown" if markdown else "text"


# ----------------------------------------------------------------------------- PDF


def pdf_start(data: bytes) -> int | None:
    """Offset of the ``%PDF-x.y`` header when it lies within the first 1,024 bytes, else None.

    Offset 0 is the normal case; a larger offset is a banner some scanners and
    mail gateways put before the header. The bytes before it are not part of
    the PDF: its cross-reference offsets count from the header, so a reader
    should be handed ``data[pdf_start(data):]``. A header after leading text is
    only taken when the PDF's own structure (``obj``) follows it, so a text
    file that merely mentions ``%PDF-1.4`` stays text.
    """
    if data.startswith(b"%PDF-"):
        return 0
    m = _PDF_HEADER.search(data, 0, PDF_HEADER_WINDOW + 8)
    if not m or m.start() > PDF_HEADER_WINDOW:
        return None
    if m.start() and data[m.start() - 1:m.start()] not in (b"\n", b"\r"):
        return None  # the header starts a line
    if not re.search(rb"\d+\s+\d+\s+obj\b", data[m.end():m.end() + 65536]):
        return None
    return m.start()


# ----------------------------------------------------------------------------- containers


def _read_member(z: zipfile.ZipFile, name: str, limit: int = _MAX_MEMBER) -> bytes:
    with z.open(name) as f:
        return f.read(limit)


def _zip_format(data: bytes) -> str:
    """OOXML (by main part) or OpenDocument (by ``mimetype``) inside a zip; else 'unknown'."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as z:
            names = set(z.namelist())
            if "mimetype" in names:
                mime = _read_member(z, "mimetype", 200).decode("ascii", "replace").strip()
                if mime in _ODF_TYPES:
                    return _ODF_TYPES[mime]
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "xl/workbook.bin" in names:
                return "xlsb"
            if "ppt/presentation.xml" in names:
                return "pptx"
            if "[Content_Types].xml" in names:
                return _ooxml_by_content_type(_read_member(z, "[Content_Types].xml"))
            if "META-INF/manifest.xml" in names:  # an OpenDocument package without its mimetype member
                m = re.search(rb'full-path="/"[^>]*media-type="([^"]+)"|media-type="([^"]+)"[^>]*full-path="/"',
                              _read_member(z, "META-INF/manifest.xml"))
                if m:
                    return _ODF_TYPES.get((m.group(1) or m.group(2)).decode("ascii", "replace"), "unknown")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError):  # RuntimeError: an encrypted member
        return "unknown"
    return "unknown"


_MAIN_TYPE = re.compile(rb'ContentType="([^"]*\.main\+xml|[^"]*\.main)"')


def _ooxml_by_content_type(types: bytes) -> str:
    """OOXML package whose main part is not at its usual name: read its content type."""
    for m in _MAIN_TYPE.finditer(types):
        ct = m.group(1).decode("ascii", "replace").lower()
        if "wordprocessingml" in ct or "ms-word" in ct:
            return "docx"
        if "ms-excel.sheet.binary" in ct:
            return "xlsb"
        if "spreadsheetml" in ct or "ms-excel" in ct:
            return "xlsx"
        if "presentationml" in ct or "ms-powerpoint" in ct:
            return "pptx"
    return "unknown"


def _ole_format(data: bytes) -> str:
    """An OLE2 compound file: Word, Excel, PowerPoint or an encrypted OOXML package, by its streams."""
    try:
        import olefile
    except ImportError:  # pragma: no cover - olefile is a dependency; fall back to the stream names' bytes
        return _ole_format_raw(data)
    try:
        with olefile.OleFileIO(BytesIO(data)) as ole:
            streams = {"/".join(p).lower() for p in ole.listdir(streams=True, storages=False)}
    except Exception:  # noqa: BLE001 - any damage in the container: not a file iki can read
        return _ole_format_raw(data)
    return _ole_by_streams(streams)


def _ole_by_streams(streams: set[str]) -> str:
    top = {s.split("/")[-1] for s in streams if "/" not in s}
    if "encryptedpackage" in top:
        return "encrypted"
    if "worddocument" in top:
        return "doc"
    if "workbook" in top or "book" in top:
        return "xls"
    if "powerpoint document" in top:
        return "ppt"
    return "unknown"


def _ole_format_raw(data: bytes) -> str:
    """Damaged directory: look for the stream names (UTF-16LE) in the file's first sectors."""
    head = data[:1 << 20]
    names = set()
    for name in ("EncryptedPackage", "WordDocument", "Workbook", "Book", "PowerPoint Document"):
        if name.encode("utf-16-le") + b"\x00\x00" in head:
            names.add(name.lower())
    return _ole_by_streams(names)


# ----------------------------------------------------------------------------- images


def _is_image(head: bytes, data: bytes) -> bool:
    if head.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+",
                        b"GIF87a", b"GIF89a")):
        return True
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return True
    if head.startswith(b"BM") and len(data) >= 26:
        # BITMAPFILEHEADER then a DIB header whose size names its version
        dib = int.from_bytes(data[14:18], "little")
        return dib in (12, 16, 40, 52, 56, 64, 108, 124)
    return False


# ----------------------------------------------------------------------------- text


def sniff_text(data: bytes, limit: int = _SNIFF) -> str | None:
    """The start of a text file as str, or None when the bytes are not text.

    UTF-16 needs its BOM; UTF-8 (a cut multi-byte character at the end is fine)
    is tried before Windows-1252. Control bytes other than whitespace and form
    feed make it binary.
    """
    sample = data[:limit]
    encoding = text_encoding(sample)
    if encoding is None:
        return None
    text = sample.decode(encoding, errors="ignore" if encoding.startswith("utf") else "strict")
    if encoding.startswith("utf-16"):
        text = text.lstrip("\ufeff")
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\x0b\x0c")
    if controls > max(2, len(text) // 1000):  # a stray DOS end-of-file mark is fine, binary is not
        return None
    return text


def text_encoding(data: bytes) -> str | None:
    """The encoding a text file's bytes are in, or None (binary).

    'utf-16' (BOM), 'utf-16-le' / 'utf-16-be' (no BOM, told by where the zero bytes are), 'utf-32-le' /
    'utf-32-be' (BOM), 'utf-8-sig' (UTF-8, also with a few invalid bytes among valid UTF-8 or a stray
    NUL: :func:`extractors.readers.text.decode` replaces them and says where), 'cp1252' (a legacy
    8-bit code page). The text reader's own sniffing decides what is text at all.
    """
    from extractors.readers.text import text_encoding as reader_encoding

    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(b"\xff\xfe\x00\x00"):
        return "utf-16"
    encoding = reader_encoding(data)
    if encoding is None or encoding != "utf-8":
        return encoding
    try:
        data.decode("utf-8-sig")
        return "utf-8-sig"
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 4 and e.reason == "unexpected end of data":
            return "utf-8-sig"  # a multi-byte character cut by the sample's end
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    if len(text) - sum(1 for ch in text if ord(ch) < 0x80) > bad:  # valid UTF-8 beside the bad bytes
        return "utf-8-sig"
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "utf-8-sig" if bad <= max(16, len(data) // 1000) else None  # a few stray bytes in ASCII text


_XML_DECL = re.compile(r"^<\?xml[^>]*\?>\s*", re.I)
_COMMENT = re.compile(r"^<!--.*?-->\s*", re.S)
_FLAT_ODF = re.compile(r"<(?:\w+:)?document\b[^>]*?mimetype=\"(application/vnd\.oasis\.opendocument\.[\w-]+)\"", re.S)


def _xml_office_format(text: str) -> str | None:
    """Office documents stored as one XML file: flat OpenDocument, Word 2003 XML, Excel 2003 XML."""
    if not text.startswith("<"):
        return None
    head = text[:_SNIFF]
    m = _FLAT_ODF.search(head)
    if m and m.group(1) in _ODF_TYPES:
        return _ODF_TYPES[m.group(1)]
    if re.search(r"<\?mso-application\s+progid=\"Word\.Document\"", head) or "<w:wordDocument" in head:
        return "doc"
    if re.search(r"<\?mso-application\s+progid=\"Excel\.Sheet\"", head) or \
            "urn:schemas-microsoft-com:office:spreadsheet" in head and re.search(r"<(?:ss:)?Workbook\b", head):
        return "xls"
    return None


def is_flat_xml(data: bytes) -> bool:
    """True when an OpenDocument file (odt/ods/odp) is flat XML (.fodt ...) rather than a zip package."""
    return not data.startswith(b"PK")


_HTML_START = re.compile(r"<!doctype\s+html\b|<html\b", re.I)
_HTML_FIRST_TAG = re.compile(r"<(?:head|body|table|meta|title|style|div|p|h[1-6]|ul|ol|center|font|span)\b", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")


def is_html(text: str, strict: bool = False) -> bool:
    """True when a text file is an HTML document rather than converter text with HTML fragments.

    An HTML page names itself (``<!DOCTYPE html>`` or ``<html``) within its
    first 1,024 characters. A bare export that starts with a tag such as
    ``<table>`` or ``<meta>`` counts when it is markup throughout: at least 60 %
    of its non-blank lines hold a tag (a markdown file with a ``<table>`` at the
    top mostly does not). ``strict`` (used for files named .md) accepts only the
    first kind.
    """
    body = text.lstrip("\ufeff \t\r\n")
    while True:  # an XML declaration and comments may come first
        m = _XML_DECL.match(body) or _COMMENT.match(body)
        if not m:
            break
        body = body[m.end():]
    if _HTML_START.search(body[:1024]):
        return True
    if strict or not _HTML_FIRST_TAG.match(body):
        return False
    lines = [line for line in body[:_SNIFF].splitlines() if line.strip()]
    tagged = sum(1 for line in lines if _TAG.search(line))
    return bool(lines) and tagged / len(lines) >= 0.6


_CODE_LINE = re.compile(rb"^\s*(?:def |class |import |from \S+ import |return\b|if __name__|@\w|#include|function |const |var |let )",
                        re.M)


def data_kind(data: bytes) -> str | None:
    """What a text file is when it is data or program source rather than a document, else None.

    JSON (an object or array that parses) and program source (a ``#!`` line, or many lines that
    are Python/C/JavaScript statements) are not documents, whatever their extension: a folder of
    documents with their annotation files and scripts beside them lists those as ``unsupported``.
    """
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"%PDF") or b"\x00" in head:
        return None  # a PDF, or binary: a scan's JPEG bytes can hold lines that look like statements
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
