"""Progress of ``iki extract`` that a log can use, and that a terminal shows as a bar.

* A **start line**: files to read, pages where they are known (PDF page objects counted while the
  file is hashed anyway), files taken from the cache, jobs.
* Off a terminal (cron, ``nohup``, CI, a notebook): **one line per finished file** with its status,
  counts and seconds, the run's elapsed time and an **ETA weighted by pages** (the wall time spent
  per page of the files read so far, times the pages left: a 200-page scan left for last is not
  "one file, a few seconds"); a **heartbeat line** every :data:`HEARTBEAT` seconds while a long file
  is being read, naming it.
* On a terminal: a bar whose length is pages, not files, naming the file being read.

Weights, in digital pages (:func:`PageCounter.weight`): a PDF's page objects (``/Type /Page``) when its
objects are not compressed, else its size at about 60 KB a page; a page OCR reads (a PDF of images
without fonts, an image file) counts :data:`OCR_PAGE_WEIGHT` pages, as tesseract takes about that much
longer than reading a digital page; any other file (text, Word, workbook) counts one page.
"""
from __future__ import annotations

import os
import re
import sys
import time

from iki.i18n import t
from iki.terminal import printable

HEARTBEAT = 30.0  # seconds without a line before a "still reading" line
OCR_PAGE_WEIGHT = 20  # a page read by OCR costs about this many digital pages (measured on samples/: 6-14 s vs 0.3 s)
PDF_BYTES_PER_PAGE = 60_000  # for a PDF whose page objects are compressed: its size tells roughly how many pages
_PAGE = re.compile(rb"/Type\s{0,8}/Page(?![A-Za-z0-9_])")
_IMAGE = re.compile(rb"/Subtype\s{0,8}/Image(?![A-Za-z0-9_])")
_FONT = re.compile(rb"/Type\s{0,8}/Font(?![A-Za-z0-9_])|/FontDescriptor(?![A-Za-z0-9_])")
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM", b"GIF8")
_SETTLE = 64  # bytes at the end of a chunk whose matches wait for the next chunk (a match is shorter)


class PageCounter:
    """Counts PDF page objects in a file read chunk by chunk (``feed``, then ``pages``).

    ``pages`` is None for a file that is not a PDF, or a PDF whose page objects are compressed in
    object streams (PDF 1.5+), where the count is not visible without parsing the file.
    """

    _HEAD = 1024  # a PDF's header is within its first KiB (a banner may come before it)

    def __init__(self):
        self.is_pdf: bool | None = None
        self.is_image = False
        self.count = 0
        self.images = 0
        self.fonts = 0
        self.tail = b""

    def feed(self, chunk: bytes) -> None:
        if self.is_pdf is None:  # undecided: keep the start until a KiB is there
            self.tail += chunk
            if len(self.tail) < self._HEAD:
                return
            self._decide()
            chunk, self.tail = self.tail, b""
        if not self.is_pdf:
            return
        data = self.tail + chunk
        limit = max(0, len(data) - _SETTLE)
        self.count += sum(1 for m in _PAGE.finditer(data) if m.start() < limit)
        self.images += sum(1 for m in _IMAGE.finditer(data) if m.start() < limit)
        self.fonts += sum(1 for m in _FONT.finditer(data) if m.start() < limit)
        self.tail = data[limit:]

    def _decide(self) -> None:
        head = self.tail[:self._HEAD]
        self.is_pdf = b"%PDF-" in head
        self.is_image = not self.is_pdf and (head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"))

    def _finish(self) -> None:
        if self.is_pdf is None:  # a file shorter than a KiB
            self._decide()
        if self.is_pdf and self.tail:
            self.count += sum(1 for _ in _PAGE.finditer(self.tail))
            self.images += sum(1 for _ in _IMAGE.finditer(self.tail))
            self.fonts += sum(1 for _ in _FONT.finditer(self.tail))
            self.tail = b""

    @property
    def pages(self) -> int | None:
        """Pages of a PDF whose page objects are visible; None otherwise."""
        self._finish()
        return (self.count or None) if self.is_pdf else None

    @property
    def scanned(self) -> bool:
        """A PDF whose pages are images without any font (a scan, read by OCR), or an image file."""
        pages = self.pages
        return self.is_image or bool(self.is_pdf and pages and not self.fonts and self.images >= pages)

    def weight(self, size: int) -> int:
        """The file's expected reading time, in digital pages (see the module's docstring)."""
        pages = self.pages
        if self.is_pdf and not pages:
            pages = max(1, round(size / PDF_BYTES_PER_PAGE))
        return max(1, pages or 1) * (OCR_PAGE_WEIGHT if self.scanned else 1)


def file_facts(path: str, deadline: float | None = None) -> tuple[str, int, int | None, int]:
    """(SHA-256 hex, size, PDF pages or None, weight) of a regular file, reading it once in bounded memory
    (the weight: :meth:`PageCounter.weight`).

    ``deadline`` (a ``time.monotonic()`` value): raise :class:`iki.pipeline.DigestTimeout` when it passes
    (a sparse file of huge apparent size takes about a second per GB). Raises like
    :func:`iki.pipeline.file_digest` (``NotARegularFile``, ``OSError``)."""
    import hashlib

    from iki.pipeline import DigestTimeout, _chunks

    h, size, pages = hashlib.sha256(), 0, PageCounter()
    for chunk in _chunks(path, 1 << 20):
        h.update(chunk)
        pages.feed(chunk)
        size += len(chunk)
        if deadline is not None and time.monotonic() > deadline:
            raise DigestTimeout(path)
    return h.hexdigest(), size, pages.pages, pages.weight(size)


def clock(seconds: float) -> str:
    """``0:42``, ``12:05``, ``1:02:03``."""
    s = int(round(max(0.0, seconds)))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class ExtractProgress:
    """What ``iki extract`` (and ``iki.extract(progress=True)``) shows on stderr as a batch goes.

    Implements :class:`iki.batch.Progress`. ``quiet``: nothing. ``lines``: force one line per file
    (default: when the stream is not a terminal)."""

    def __init__(self, quiet: bool = False, stream=None, lines: bool | None = None,
                 heartbeat: float | None = None):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.lines = (not quiet) and (not _isatty(self.stream) if lines is None else lines)
        self.heartbeat = HEARTBEAT if heartbeat is None else heartbeat
        self.bar = None
        self.total = 0
        self.done = 0
        self.weights: dict[str, int] = {}
        self.work_total = 0
        self.work_done = 0
        self.t0 = time.monotonic()
        self.work_started: float | None = None
        self.last_line = self.t0
        self.last_refresh = 0.0
        self.reading: dict[str, float] = {}  # path → when it started

    # --- the batch's calls

    def planned(self, total: int, weights: dict[str, int] | None = None, cached: int = 0, jobs: int = 1,
                pages: int | None = None, pdfs: int = 0) -> None:
        """``weights``: path → weight (:meth:`PageCounter.weight`) of the files still to read; ``pages``: known
        PDF pages in all."""
        self.total = total
        self.weights = dict(weights or {})
        self.work_total = sum(self.weights.values())
        if self.quiet:
            return
        parts = []
        if pages:
            parts.append(t("progress_pages", pages=pages, pdfs=pdfs))
        if cached:
            parts.append(t("progress_cached", n=cached))
        self._print(t("progress_start", n=total, details=f" ({'; '.join(parts)})" if parts else "", jobs=jobs))
        if not self.lines:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: workers can then be forked (see iki.batch.start_method)
            self.bar = tqdm(total=max(self.work_total, 1), file=self.stream, smoothing=0.1, dynamic_ncols=True,
                            bar_format="{l_bar}{bar}| [{elapsed}<{remaining}]{postfix}")  # in weighted pages

    def hashing(self, path: str, size: int) -> None:
        """A large file is read to identify it before the batch starts (within ``--timeout``)."""
        from iki.pipeline import display_path

        if not self.quiet:
            self._print(t("hashing", path=printable(display_path(path)), gb=size / 2 ** 30))

    def started(self, path: str) -> None:
        now = time.monotonic()
        if self.work_started is None:
            self.work_started = now
        self.reading[path] = now
        self._show()

    def finished(self, path: str, document: dict, seconds: float | None, cached: bool) -> None:
        from iki.pipeline import display_path

        self.done += 1
        self.reading.pop(path, None)
        weight = 0 if cached else self.weights.get(path, 0)
        self.work_done += weight
        if self.bar is not None:
            self.bar.update(weight)
            self._show()
        elif self.lines:
            key = "file_line_cached" if cached else "file_line"
            fields = dict(i=self.done, n=self.total, path=printable(display_path(path)), status=document["status"],
                          positions=document.get("n_positions") or 0, indicators=document.get("n_indicators") or 0,
                          seconds=seconds or 0.0)
            line = t(key, **fields)
            if document["status"] not in ("ok",) and document.get("error"):
                line += f" ({printable(document['error'])})"
            if not cached:
                line += self._timing()
            self._print(line)

    def tick(self) -> None:
        """Called often by the batch while files are read: heartbeat lines, bar refresh."""
        now = time.monotonic()
        if self.bar is not None:
            if now - self.last_refresh >= 1.0:
                self.last_refresh = now
                self.bar.refresh()
            return
        if not self.lines or not self.reading or now - self.last_line < self.heartbeat:
            return
        from iki.pipeline import display_path

        path, since = min(self.reading.items(), key=lambda kv: kv[1])  # the one read longest
        more = len(self.reading) - 1
        self._print(t("progress_still", path=printable(display_path(path)), so_far=clock(now - since),
                      others=t("progress_others", n=more) if more else "", done=self.done, n=self.total)
                    + self._timing())

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    # --- helpers

    def eta(self) -> float | None:
        """Seconds left: wall time per page read so far × pages left; None before the first file is read."""
        if self.work_started is None or self.work_done <= 0:
            return None
        left = max(0, self.work_total - self.work_done)
        return (time.monotonic() - self.work_started) / self.work_done * left

    def _timing(self) -> str:
        elapsed = clock(time.monotonic() - self.t0)
        eta = self.eta()
        if eta is None:
            return t("progress_elapsed", elapsed=elapsed)
        return t("progress_eta", elapsed=elapsed, eta=clock(eta))

    def _show(self) -> None:
        if self.bar is not None:
            from iki.pipeline import display_path

            name = printable(display_path(os.path.basename(next(reversed(self.reading))))) if self.reading else ""
            self.bar.set_postfix_str(f"{self.done}/{self.total} files {name[-40:]}".rstrip(), refresh=True)

    def _print(self, line: str) -> None:
        self.last_line = time.monotonic()
        if self.bar is not None:
            self.bar.write(f"iki: {line}", file=self.stream)
        else:
            print(f"iki: {line}", file=self.stream, flush=True)
