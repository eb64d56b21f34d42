"""LibreOffice as a converter: every office format iki reads by way of another one.

Legacy Word (.doc, WPS Writer, Word 2003 XML), RTF and WordPerfect become .docx for
:mod:`extractors.readers.docx`; legacy Excel (.xls, Excel 2003 XML), .xlsb and OpenDocument
spreadsheets become .xlsx for :mod:`extractors.readers.xlsx`; presentations become PDF for
:mod:`extractors.readers.pdf`.

Each conversion runs ``soffice --headless --convert-to`` in a fresh temporary folder with its
own user profile (``-env:UserInstallation=file:///tmp/...``), so conversions running in
parallel workers never share or lock a profile, and under a time limit; on a timeout the
whole process group is killed. LibreOffice missing, failing or timing out raises
:class:`OfficeError` with a code and the facts the app words (naming the tool and how to install it). LibreOffice is
packaged in parts (Debian: ``libreoffice-writer-nogui``, ``-calc-nogui``, ``-impress-nogui``): where
``soffice`` is installed without the part a format needs (Writer but not Calc), the error names the
missing package (:func:`has_component`) instead of LibreOffice failing with no output.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from extractors.readers import ReadError
from extractors.readers.scratch import owned_tempdir, remove_abandoned

TIMEOUT = 180  # seconds for one conversion

# detected format → (input file extension LibreOffice recognises, target format, target filter, Debian package)
CONVERSIONS: dict[str, tuple[str, str, str, str]] = {
    "doc": (".doc", "docx", "docx:MS Word 2007 XML", "libreoffice-writer-nogui"),
    "rtf": (".rtf", "docx", "docx:MS Word 2007 XML", "libreoffice-writer-nogui"),
    "wpd": (".wpd", "docx", "docx:MS Word 2007 XML", "libreoffice-writer-nogui"),
    "xls": (".xls", "xlsx", "xlsx:Calc MS Excel 2007 XML", "libreoffice-calc-nogui"),
    "xlsb": (".xlsb", "xlsx", "xlsx:Calc MS Excel 2007 XML", "libreoffice-calc-nogui"),
    "ods": (".ods", "xlsx", "xlsx:Calc MS Excel 2007 XML", "libreoffice-calc-nogui"),
    "odp": (".odp", "pdf", "pdf:impress_pdf_Export", "libreoffice-impress-nogui"),
    "ppt": (".ppt", "pdf", "pdf:impress_pdf_Export", "libreoffice-impress-nogui"),
    "pptx": (".pptx", "pdf", "pdf:impress_pdf_Export", "libreoffice-impress-nogui"),
}


# the LibreOffice part each target needs, and its Debian package
COMPONENTS: dict[str, str] = {"writer": "libreoffice-writer-nogui", "calc": "libreoffice-calc-nogui",
                              "impress": "libreoffice-impress-nogui"}
_COMPONENT_OF = {"doc": "writer", "rtf": "writer", "wpd": "writer", "xls": "calc", "xlsb": "calc", "ods": "calc",
                 "odp": "impress", "ppt": "impress", "pptx": "impress"}


def component(fmt: str) -> str:
    """The LibreOffice part (``writer``, ``calc``, ``impress``) that converts ``fmt``."""
    return _COMPONENT_OF[fmt]


def _registry_dirs(exe: str) -> list[Path]:
    """Where an installation keeps its per-part configuration (``calc.xcd`` ...): upstream
    ``share/registry``, Debian ``share/.registry``, macOS ``Contents/Resources/registry``."""
    program = Path(os.path.realpath(exe)).parent
    roots = (program.parent, program.parent.parent)
    return [r / sub for r in roots for sub in ("share/registry", "share/.registry", "Resources/registry")
            if (r / sub).is_dir()]


def has_component(name: str, exe: str | None = None) -> bool | None:
    """Is LibreOffice's ``name`` part (``writer``, ``calc``, ``impress``) installed? None when LibreOffice is
    missing or its layout is not one this function knows (then the conversion is simply tried)."""
    exe = exe or soffice()
    if not exe:
        return None
    dirs = _registry_dirs(exe)
    if not dirs:
        return None
    return any((d / f"{name}.xcd").is_file() for d in dirs)


def can_convert(fmt: str) -> bool:
    """LibreOffice is installed with the part ``fmt`` needs (for tests and callers that want to skip)."""
    return soffice() is not None and has_component(component(fmt)) is not False


class OfficeError(ReadError):
    """A file LibreOffice should have converted and did not (or LibreOffice is not installed)."""


def soffice() -> str | None:
    """Path of the LibreOffice command (``soffice`` or ``libreoffice``), None when not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _input_suffix(fmt: str, data: bytes) -> str:
    if fmt == "doc" and data.lstrip()[:1] == b"<":
        return ".xml"  # Word 2003 XML
    if fmt == "xls" and data.lstrip()[:1] == b"<":
        return ".xml"  # Excel 2003 XML
    if fmt == "ods" and data.lstrip()[:1] == b"<":
        return ".fods"
    if fmt == "odp" and data.lstrip()[:1] == b"<":
        return ".fodp"
    return CONVERSIONS[fmt][0]


def convert(data: bytes, fmt: str, source: str = "<file>", timeout: float = TIMEOUT) -> bytes:
    """Bytes of a ``fmt`` file (a key of :data:`CONVERSIONS`) → bytes of its converted form.

    Returns .docx, .xlsx or .pdf bytes (``CONVERSIONS[fmt][1]``). Raises
    :class:`OfficeError` when LibreOffice is missing, fails, produces nothing or
    runs longer than ``timeout`` seconds.
    """
    suffix, target, flt, package = CONVERSIONS[fmt]
    exe = soffice()
    if not exe:
        raise OfficeError("office_missing", kind=fmt, package=package, target=target)
    part = component(fmt)
    if has_component(part, exe) is False:
        present = [name.capitalize() for name in COMPONENTS if name != part and has_component(name, exe)]
        raise OfficeError("office_component_missing", kind=fmt, part=part.capitalize(), package=package,
                          target=target, present=", ".join(present) or "-")
    remove_abandoned()  # profiles of conversions whose worker was killed (--timeout, kill -9)
    with owned_tempdir("office") as tmp:
        tmpdir = Path(tmp)
        src = tmpdir / f"input{_input_suffix(fmt, data)}"
        src.write_bytes(data)
        out_dir = tmpdir / "out"
        out_dir.mkdir()
        cmd = [exe, f"-env:UserInstallation={(tmpdir / 'profile').as_uri()}", "--headless", "--norestore",
               "--nologo", "--nodefault", "--nolockcheck", "--convert-to", flt, "--outdir", str(out_dir), str(src)]
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                                env={**os.environ, "HOME": tmp})
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise OfficeError("office_timeout", kind=fmt, seconds=int(timeout)) from None
        made = sorted(out_dir.glob(f"*.{target}"))
        if proc.returncode != 0 or not made or made[0].stat().st_size == 0:
            detail = (err or b"").decode("utf-8", "replace").strip().splitlines()
            raise OfficeError("office_failed", kind=fmt, detail=(detail[-1] if detail else "no output")[:200])
        return made[0].read_bytes()


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.wait()
