"""How many OCR pages run at once: one pool of slots shared by every worker process of a batch.

A scanned file's pages are OCR'd by a thread pool inside the process that reads the file
(:func:`map_pages`). Each page holds a *slot* while it is prepared and read by tesseract, so
the number of tesseract processes running at once on the machine is the number of slots,
whether the batch holds one 200-page scan or a thousand one-page files.

The slots are ``N`` lock files in a folder; a page takes a slot with a non-blocking
``flock`` on one of them. The batch creates the folder with :func:`shared_slots` before it
starts its workers and names it in the environment variable :data:`ENV` (``"N:folder"``),
which worker processes inherit however they are started (fork, spawn, a local Dask cluster).
A lock held by a process that dies (``kill -9``, a timeout) is released by the kernel, so a
killed worker never leaks a slot.

Without the variable (one file read by :func:`iki.pipeline.process_file`, a remote Dask worker)
a process uses a pool of its own with ``IKI_OCR_THREADS`` slots, default the number of cores
it may run on. Where ``fcntl`` does not exist (Windows) the shared pool degrades to the same
per-process pool.
"""
from __future__ import annotations

import os
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, TypeVar

from extractors.readers.scratch import owned_tempdir, remove_abandoned

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

ENV = "IKI_OCR_SLOTS"
THREADS_ENV = "IKI_OCR_THREADS"
POLL = 0.01  # seconds between attempts to take a slot when all are busy

T = TypeVar("T")
R = TypeVar("R")


def _cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _shared() -> tuple[int, str] | None:
    raw = os.environ.get(ENV)
    if not raw or fcntl is None:
        return None
    n, _, folder = raw.partition(":")
    try:
        n_slots = int(n)
    except ValueError:
        return None
    if n_slots < 1 or not os.path.isdir(folder):
        return None
    return n_slots, folder


def capacity() -> int:
    """How many pages this process may OCR at once (the shared pool's size, or its own)."""
    shared = _shared()
    if shared:
        return shared[0]
    try:
        return max(1, int(os.environ.get(THREADS_ENV, "")))
    except ValueError:
        return _cores()


_local_lock = threading.Lock()
_local: dict[int, threading.BoundedSemaphore] = {}


def _local_semaphore(n: int) -> threading.BoundedSemaphore:
    with _local_lock:
        if n not in _local:
            _local[n] = threading.BoundedSemaphore(n)
        return _local[n]


@contextmanager
def slot() -> Iterator[None]:
    """Hold one OCR slot for the duration of the ``with`` block (blocks until one is free)."""
    shared = _shared()
    if shared is None:
        sem = _local_semaphore(capacity())
        with sem:
            yield
        return
    n, folder = shared
    start = (threading.get_ident() + os.getpid()) % n  # spread first attempts over the slots
    while True:
        for k in range(n):
            path = os.path.join(folder, f"slot{(start + k) % n}")
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                continue
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
            return
        time.sleep(POLL)


@contextmanager
def shared_slots(n: int) -> Iterator[str]:
    """Create a pool of ``n`` slots for the processes started inside the ``with`` block.

    Sets :data:`ENV` for this process (children inherit it) and removes the pool afterwards; a pool
    left by a batch that was killed is removed by the next one (:mod:`extractors.readers.scratch`).
    Nested use keeps the outer pool. Yields the folder.
    """
    if _shared() is not None or fcntl is None:
        yield os.environ.get(ENV, "")
        return
    remove_abandoned()  # pools of batches that were killed (kill -9): their owner's lock is free
    with owned_tempdir("ocr-slots") as folder:
        for k in range(n):
            open(os.path.join(folder, f"slot{k}"), "w").close()
        os.environ[ENV] = f"{max(1, n)}:{folder}"
        try:
            yield folder
        finally:
            os.environ.pop(ENV, None)


class _Done:
    """A result computed in the calling thread, held in the queue of results like a future."""

    __slots__ = ("value", "error")

    def __init__(self, fn, item):
        self.value = self.error = None
        try:
            self.value = fn(item)
        except BaseException as e:  # noqa: BLE001 - raised when its result is reached, as a future's
            self.error = e

    def result(self):
        if self.error is not None:
            raise self.error
        return self.value


def map_pages(fn: Callable[[T], R], items: Iterable[T], light: Callable[[T], bool] | None = None) -> Iterator[R]:
    """``fn(item)`` for every item, up to :func:`capacity` at once, each holding a slot; results in order.

    Items are taken lazily (at most a few more than are running), so a long scan is not
    loaded into memory at once. An exception raised by ``fn`` is raised when its result is
    reached. ``light``: items for which ``fn`` has nothing to do (a page with a text layer)
    run in the calling thread, without a slot or a hand-over to the pool.
    """
    n = capacity()

    def run(item: T) -> R:
        with slot():
            return fn(item)

    if n == 1:
        for item in items:
            yield fn(item) if light is not None and light(item) else run(item)
        return
    ahead = n + 1
    with ThreadPoolExecutor(max_workers=n, thread_name_prefix="iki-ocr") as pool:
        pending: deque = deque()
        for item in items:
            pending.append(_Done(fn, item) if light is not None and light(item) else pool.submit(run, item))
            while len(pending) > ahead or (pending and isinstance(pending[0], _Done)):
                yield pending.popleft().result()
        for fut in pending:
            yield fut.result()
