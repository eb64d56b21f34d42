"""Sane limits on what one input may make iki do, checked before the work or the memory is spent.

Readers call these helpers; they know nothing of IKI. A value beyond a limit raises
:class:`InputTooLarge` (or :class:`PageTimeLimit` for time), which the pipeline reports as the
file's ``error`` with the reason, so one hostile or damaged file never holds a worker or its
memory for long.

* :func:`check_span` — a table cell's row/column span or position (``colspan="100000000"``);
* :func:`check_pages` — pages (PDF) or frames (TIFF) counted before any is decoded (``--max-pages``);
* :func:`check_pixels` — a page or image to be decoded or rendered for OCR (width × height pixels);
* :func:`page_deadline` — a time limit for reading one page (``--page-timeout``), enforced with a
  timer signal where the platform and thread allow it (a worker's main thread on POSIX); elsewhere
  only the whole-file ``--timeout`` applies.
"""
from __future__ import annotations

import contextlib
import signal
import threading

MAX_SPAN = 1000  # rows or columns one cell may span
MAX_GRID = 5000  # rows or columns of one table
MAX_OCR_PIXELS = 120_000_000  # one page image for OCR (A0 at 300 dpi is 139 Mpx grey; A3 is 17 Mpx)

_settings = {"page_seconds": 120.0, "max_pages": 1000}


class InputTooLarge(Exception):
    """A size inside the file is beyond iki's limits (message for the user)."""


class PageTimeLimit(Exception):
    """Reading one page took longer than ``--page-timeout``."""


def configure(page_seconds: float | None = None, max_pages: int | None = None) -> None:
    """Set the limits for this process (the pipeline calls it with the run's options).

    ``page_seconds``: time for one page (0 or None: no per-page limit); ``max_pages``: pages or
    image frames one file may have (0 or None: no limit).
    """
    _settings["page_seconds"] = float(page_seconds or 0)
    _settings["max_pages"] = int(max_pages or 0)


def page_seconds() -> float:
    """The per-page time limit in force (0: none)."""
    return _settings["page_seconds"]


def max_pages() -> int:
    """The page limit in force (0: none)."""
    return _settings["max_pages"]


def check_span(value: int, what: str = "cell span") -> int:
    """``value`` when it is a sane span or grid position (1 … ``MAX_GRID``), else :class:`InputTooLarge`."""
    limit = MAX_SPAN if "span" in what else MAX_GRID
    if value > limit:
        raise InputTooLarge(f"{what} of {value} is beyond the limit of {limit} (a damaged or hostile file)")
    return value


def check_pages(n: int, what: str = "pages", limit: int | None = None) -> int:
    """``n`` when within ``--max-pages`` (or ``limit``), else :class:`InputTooLarge` naming the option."""
    limit = _settings["max_pages"] if limit is None else limit
    if limit and n > limit:
        raise InputTooLarge(f"{n} {what}, more than the limit of {limit} (--max-pages)")
    return n


def check_pixels(width: float, height: float, what: str = "page") -> None:
    """Refuse an image of more than ``MAX_OCR_PIXELS`` (width × height in pixels) before it is made."""
    pixels = float(width) * float(height)
    if pixels > MAX_OCR_PIXELS or width <= 0 or height <= 0:
        raise InputTooLarge(f"{what} too large to read by OCR: {width:.0f} × {height:.0f} pixels "
                            f"(limit {MAX_OCR_PIXELS / 1e6:.0f} megapixels)")


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def page_deadline(what: str, seconds: float | None = None):
    """Raise :class:`PageTimeLimit` inside the block when it runs longer than the per-page limit.

    Works in pure-Python loops (pdfminer) and around waits for a child program; a long call into
    C code is interrupted when it returns. Nested deadlines: the inner one is ignored.
    """
    limit = _settings["page_seconds"] if seconds is None else seconds
    if not limit or not _can_alarm() or signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield
        return

    def expired(signum, frame):
        raise PageTimeLimit(f"{what} took longer than {limit:.0f} s (--page-timeout)")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
