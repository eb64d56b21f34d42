"""The vocabulary of file formats: the values of ``documents.format`` (the data dictionary lists them).

The format is told from a file's content by :func:`extractors.detect.detect_format`, which returns
one of these names; it lives here, with the tables it documents, so that the schema needs nothing
from the floors above it.
"""
from __future__ import annotations

#: every name extractors.detect.detect_format returns, with what it stands for
FORMATS: dict[str, str] = {
    "pdf": "PDF (also with a short banner before the %PDF header, see pdf_start)",
    "docx": "Word 2007+ document: .docx, .docm, .dotx (Transitional or Strict Open XML)",
    "xlsx": "Excel 2007+ workbook: .xlsx, .xlsm, .xltx",
    "xlsb": "Excel binary workbook .xlsb (read through LibreOffice)",
    "pptx": "PowerPoint 2007+ presentation: .pptx, .pptm (read through LibreOffice)",
    "odt": "OpenDocument text: .odt / .ott zip package, or flat XML .fodt (see is_flat_xml)",
    "ods": "OpenDocument spreadsheet: .ods / .ots zip package, or flat XML .fods",
    "odp": "OpenDocument presentation: .odp zip package, or flat XML .fodp",
    "doc": "legacy Word: binary .doc (OLE2 with a WordDocument stream; also WPS Writer .wps) "
           "or Word 2003 XML (read through LibreOffice)",
    "xls": "legacy Excel: binary .xls (OLE2 with a Workbook/Book stream) or Excel 2003 XML "
           "Spreadsheet (read through LibreOffice)",
    "ppt": "legacy PowerPoint .ppt (OLE2; read through LibreOffice)",
    "wpd": "WordPerfect document (read through LibreOffice)",
    "rtf": "Rich Text Format (read through LibreOffice)",
    "html": "HTML page or export (doctype / <html> near the start, or a markup-only <table> export); "
            "UTF-8, UTF-16 with BOM or Windows-1252",
    "image": "raster image: PNG, JPEG, TIFF, BMP, GIF, WEBP (read by OCR)",
    "markdown": "converter text export named .md / .markdown",
    "text": "converter text export (UTF-8, UTF-16 with BOM or Windows-1252)",
    "encrypted": "password-protected Office file (an OLE2 container holding an EncryptedPackage)",
    "empty": "a file of 0 bytes",
    "unknown": "binary content of no format iki reads",
}
