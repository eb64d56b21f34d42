"""Zip packages of XML parts (Word .docx, OpenDocument .odt), opened safely.

Office files are zip archives of XML parts. A hostile one can inflate a part to gigabytes
(a zip bomb), declare entities that expand exponentially, or point at external
resources. Every reader of such a package goes through these helpers:

* :func:`open_package` — the archive, or a :class:`PackageError` naming the format;
* :func:`read_part` — one part's bytes, read with a bounded size (the declared size is
  checked first, and the read stops one byte past the limit whatever the header says);
* :func:`parse_xml` / :func:`read_xml` — lxml parsing without entity expansion, network
  access or huge-tree mode.
"""
from __future__ import annotations

import zipfile
import zlib
from io import BytesIO

from lxml import etree

MAX_PART_BYTES = 200 * 1024 * 1024  # refuse a part that inflates beyond this (zip bomb)

XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False)


class PackageError(Exception):
    """A package (docx, odt) that cannot be read, with a message for the user."""


def open_package(data: bytes, kind: str, error: type[PackageError] = PackageError) -> zipfile.ZipFile:
    """The zip archive in ``data``; ``error`` ("not a valid {kind} (damaged zip container)") otherwise."""
    try:
        return zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, NotImplementedError, EOFError, OSError) as e:
        raise error(f"not a valid {kind} (damaged zip container: {e})") from e


def kind_of(error: type[PackageError]) -> str:
    """The package kind an error class stands for, for messages ("Word document", "OpenDocument file")."""
    return getattr(error, "kind", "package")


def read_part(z: zipfile.ZipFile, name: str, error: type[PackageError] = PackageError,
              limit: int | None = None) -> bytes:
    """One part's bytes, at most ``limit`` bytes inflated (default :data:`MAX_PART_BYTES`); ``error``
    when it is larger or unreadable."""
    limit = MAX_PART_BYTES if limit is None else limit
    info = z.getinfo(name)
    if info.file_size > limit:
        raise error(f"refused: {name} would inflate to {info.file_size / 2**20:.0f} MiB "
                    f"(limit {limit / 2**20:.0f} MiB); a zip bomb or a damaged file")
    try:
        with z.open(info) as f:
            raw = f.read(limit + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError) as e:
        raise error(f"damaged {kind_of(error)}: corrupt ZIP entry {name} ({type(e).__name__}: {e})") from e
    if len(raw) > limit:
        raise error(f"refused: {name} inflates beyond {limit / 2**20:.0f} MiB")
    return raw


def parse_xml(raw: bytes, name: str, kind: str, error: type[PackageError] = PackageError):
    """XML bytes → lxml root element, with no entity expansion or network access."""
    try:
        return etree.fromstring(raw, XML_PARSER)
    except etree.XMLSyntaxError as e:
        raise error(f"broken {kind}: invalid XML in {name} ({e})") from e


def read_xml(z: zipfile.ZipFile, name: str, kind: str, error: type[PackageError] = PackageError):
    """One XML part of the package, read bounded and parsed safely."""
    return parse_xml(read_part(z, name, error), name, kind, error)
