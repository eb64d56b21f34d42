"""Temporary folders that the next iki process removes when their owner died.

iki keeps a few folders in the temporary directory while it works: the OCR slots of a batch
(:mod:`extractors.readers.ocr_pool`) and a LibreOffice profile per conversion
(:mod:`extractors.readers.office`). A process killed with ``SIGKILL`` (or a worker stopped at
``--timeout``) cannot remove its folder, so each folder holds an ``.owner`` file that its owner keeps
locked (``flock``) for as long as it lives — the kernel releases the lock when the owner and the
children that inherited it are gone, whatever killed them. :func:`remove_abandoned`, called when a
batch, ``iki show`` or a conversion starts, removes the folders of this user whose lock is free.
Where ``flock`` does not exist (Windows) folders are only removed by their owner.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time
from typing import Iterator

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None

KINDS = ("ocr-slots", "office")
OWNER = ".owner"
YOUNG = 600.0  # seconds: a folder without an owner file this young may still be being made


@contextlib.contextmanager
def owned_tempdir(kind: str) -> Iterator[str]:
    """A new folder ``<tmp>/iki-<kind>-XXXX`` for the ``with`` block, removed at its end, and by the
    next iki process if this one dies first."""
    folder = tempfile.mkdtemp(prefix=f"iki-{kind}-")
    fd = None
    try:
        if fcntl is not None:
            fd = os.open(os.path.join(folder, OWNER), os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if fd is not None:
            os.close(fd)


def remove_abandoned(where: str | None = None) -> int:
    """Remove the iki temporary folders of this user whose owner died; returns how many."""
    if fcntl is None:
        return 0
    where = where or tempfile.gettempdir()
    removed = 0
    try:
        entries = list(os.scandir(where))
    except OSError:
        return 0
    prefixes = tuple(f"iki-{k}-" for k in KINDS)
    for e in entries:
        if not e.name.startswith(prefixes):
            continue
        try:
            st = e.stat(follow_symlinks=False)
            if not stat.S_ISDIR(st.st_mode) or (hasattr(os, "geteuid") and st.st_uid != os.geteuid()):
                continue
            if _abandoned(e.path, st):
                shutil.rmtree(e.path, ignore_errors=True)  # symlink-safe: links inside are removed, not followed
                removed += 1
        except OSError:
            continue
    return removed


def _abandoned(folder: str, st: os.stat_result) -> bool:
    try:
        fd = os.open(os.path.join(folder, OWNER), os.O_RDWR | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:  # made before owner files, or being made right now
        return time.time() - st.st_mtime > YOUNG
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # its owner holds the lock: alive
    finally:
        os.close(fd)
    return True
