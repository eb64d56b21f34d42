"""Every file iki writes goes through one atomic-write helper; a run's tables are published together.

* :func:`atomic_path` / :func:`atomic_write` — a file is written to a temporary name beside its
  target, flushed to disk (``fsync``), given mode 0644 (less what the umask forbids) and renamed
  over the target; the folder is ``fsync``-ed after the rename. A reader sees the old file or the
  new one, never half of one; a kill leaves at most a ``.NAME.*.tmp`` file, removed by the next
  run (:func:`clean_temporary`).
* :class:`Generation` — the tables and manifest of one ``iki extract`` run are written into a new
  folder ``OUT/.iki/generations/<id>/``, then ``OUT/.iki/current`` (a symbolic link) is switched to
  it in one atomic rename. ``OUT/documents.parquet`` etc. are links through ``.iki/current``, so the
  five tables and ``manifest.json`` always come from one run, whatever was killed when. The
  previous generation is kept (a reader may still have it open), older ones are removed. Where
  symbolic links cannot be made (Windows without developer mode) the files are replaced one by one.
* :func:`output_lock` — two runs on one output folder are serialised (``OUT/.iki/lock``).
* :func:`current_folder` — where a reader finds one consistent set of tables.

Errors: everything raises ``OSError`` (full disk, read-only folder, permissions) for the caller to
report; temporary files are removed on the way out.
"""
from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import Callable, Iterator

import pyarrow.parquet as pq

from schema.tables import TABLES, to_arrow

_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o644 & ~_UMASK  # readable by colleagues unless the umask says otherwise; never group-writable
DIR_MODE = 0o755 & ~_UMASK

STATE_DIR = ".iki"  # OUT/.iki/{lock, current, generations/}
GENERATIONS = "generations"
CURRENT = "current"
KEEP_GENERATIONS = 2  # the published one and the one before it (a reader may still be reading it)


# ----------------------------------------------------------------------------- one file


def _fsync_path(path: Path) -> None:
    """Flush a file's data (or a folder's entries) to disk; a no-op where the platform cannot."""
    try:
        fd = os.open(path, os.O_RDONLY if os.name != "nt" or not path.is_file() else os.O_RDWR)
    except OSError:
        if path.is_dir():  # folders cannot be opened on Windows
            return
        raise
    try:
        os.fsync(fd)
    except OSError as e:
        if e.errno not in (errno.EINVAL, errno.EBADF, errno.EACCES):  # not supported for this kind of file
            raise
    finally:
        os.close(fd)


def _tmp_name(target: Path) -> Path:
    return target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"


@contextlib.contextmanager
def atomic_path(target: str | Path, mode: int = FILE_MODE, sync: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on a clean exit it replaces ``target`` atomically.

    The parent folder is created when missing. Write the content to the yielded path (any library
    that takes a path). On exit the file is
    ``fsync``-ed, given ``mode`` and renamed over ``target``, and the folder is ``fsync``-ed.
    On an exception (or ``KeyboardInterrupt``) the temporary file is removed and ``target`` is
    left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(target)
    try:
        yield tmp
        if sync:
            _fsync_path(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if sync:
        _fsync_path(target.parent)


def atomic_write(target: str | Path, content: bytes | str | Callable[[Path], None], mode: int = FILE_MODE,
                 sync: bool = True) -> Path:
    """Write ``content`` (bytes, text written as UTF-8, or a function that writes to the path it is
    given) to ``target`` atomically, with mode 0644 (see :func:`atomic_path`); return ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(target, mode, sync) as tmp:
        if callable(content):
            content(tmp)
        else:
            data = content.encode("utf-8") if isinstance(content, str) else content
            with open(tmp, "wb") as f:
                f.write(data)
    return Path(target)


def write_table(out_dir: str | Path, name: str, rows: list[dict]) -> Path:
    """Write ``OUT/<name>.parquet`` atomically (never half-written) and return its path."""
    return _write_arrow(out_dir, name, to_arrow(name, rows))


def _write_arrow(out_dir: str | Path, name: str, table) -> Path:
    return atomic_write(Path(out_dir) / f"{name}.parquet", lambda tmp: pq.write_table(table, tmp, compression="zstd"))


def write_all(out_dir: str | Path, tables: dict[str, list[dict]]) -> list[Path]:
    """Write the tables passed (names of ``TABLES``); each file is replaced atomically.

    Every table is checked against its schema before any file is written, so a bad row
    leaves the folder as it was."""
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise KeyError(f"unknown table(s): {sorted(unknown)}")
    arrow = {name: to_arrow(name, tables[name]) for name in TABLES if name in tables}
    return [_write_arrow(out_dir, name, table) for name, table in arrow.items()]


# ----------------------------------------------------------------------------- the output folder


def _can_symlink(folder: Path) -> bool:
    probe = folder / f".symlink-probe.{secrets.token_hex(4)}"
    try:
        os.symlink("x", probe)
    except (OSError, NotImplementedError, AttributeError):
        return False
    probe.unlink()
    return True


def _replace_link(link: Path, target: str) -> None:
    """Point the symbolic link ``link`` at ``target`` in one atomic rename."""
    tmp = _tmp_name(link)
    os.symlink(target, tmp)
    try:
        os.replace(tmp, link)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def current_folder(out: str | Path) -> Path:
    """The folder holding one consistent set of an output folder's tables.

    ``OUT/.iki/current`` resolved once (a run that publishes meanwhile does not change what you
    read from the returned folder), or ``OUT`` itself for output written without generations.
    """
    out = Path(out)
    cur = out / STATE_DIR / CURRENT
    if cur.is_symlink() or cur.is_dir():
        return Path(os.path.realpath(cur))
    return out


class Generation:
    """The tables of one run, written into a new folder and published in one atomic step.

    ``path`` is the folder to write into (with :class:`TableStream`, :func:`atomic_write` …);
    :meth:`publish` makes it the output folder's content, :meth:`discard` removes it.
    """

    def __init__(self, out: str | Path, names: tuple[str, ...]):
        self.out = Path(out)
        self.names = tuple(names)  # the files (with their extension) that OUT links to
        self.state = self.out / STATE_DIR
        self.links = _can_symlink(self.state)
        gid = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{secrets.token_hex(3)}"
        self.id = gid
        self.path = self.state / GENERATIONS / gid
        self.path.mkdir(parents=True, mode=0o755)

    def publish(self) -> None:
        """Switch the output folder to this generation (fsync first), then remove old generations."""
        for name in self.names:
            if (self.path / name).exists():
                _fsync_path(self.path / name)
        _fsync_path(self.path)
        if not self.links:  # no symbolic links here: replace the files one by one, manifest last
            for name in sorted(self.names, key=lambda n: n == "manifest.json"):
                src = self.path / name
                if src.exists():
                    os.replace(src, self.out / name)
            _fsync_path(self.out)
            shutil.rmtree(self.path, ignore_errors=True)
            return
        self._adopt_plain_files()
        _replace_link(self.state / CURRENT, f"{GENERATIONS}/{self.id}")
        _fsync_path(self.state)
        for name in self.names:
            link = self.out / name
            want = f"{STATE_DIR}/{CURRENT}/{name}"
            if not (link.is_symlink() and os.readlink(link) == want):
                _replace_link(link, want)
        _fsync_path(self.out)
        self._prune()

    def _adopt_plain_files(self) -> None:
        """Output written by an older iki (plain files in OUT): move it into a generation of its own
        first, so a reader never sees plain files of one run beside links to another."""
        plain = [n for n in self.names if (self.out / n).is_file() and not (self.out / n).is_symlink()]
        if not plain or (self.state / CURRENT).is_symlink():
            return
        legacy = self.state / GENERATIONS / "00000000T000000-legacy"
        legacy.mkdir(parents=True, exist_ok=True)
        for n in plain:
            os.replace(self.out / n, legacy / n)
        _replace_link(self.state / CURRENT, f"{GENERATIONS}/{legacy.name}")
        for n in plain:
            _replace_link(self.out / n, f"{STATE_DIR}/{CURRENT}/{n}")

    def _prune(self) -> None:
        gens = self.state / GENERATIONS
        current = os.path.basename(os.readlink(self.state / CURRENT))
        old = sorted((g for g in gens.iterdir() if g.name != current), key=lambda g: g.name)
        for g in old[: max(0, len(old) - (KEEP_GENERATIONS - 1))]:
            shutil.rmtree(g, ignore_errors=True)

    def discard(self) -> None:
        """Remove this (unpublished) generation."""
        shutil.rmtree(self.path, ignore_errors=True)


def clean_temporary(out: str | Path, cache_dir: str | None = None) -> int:
    """Remove what killed runs left: temporary files, unpublished generations. Call it holding the lock.

    Returns how many files or folders were removed.
    """
    out = Path(out)
    removed = 0
    for p in list(out.glob(".*.tmp")) + list(out.glob(".*.parquet.tmp")) + list(out.glob(".manifest.*.json")):
        with contextlib.suppress(OSError):
            p.unlink()
            removed += 1
    state = out / STATE_DIR
    for p in state.glob(".*.tmp") if state.is_dir() else ():
        with contextlib.suppress(OSError):
            p.unlink()
            removed += 1
    gens = state / GENERATIONS
    cur = state / CURRENT
    current = os.path.basename(os.readlink(cur)) if cur.is_symlink() else None
    if gens.is_dir():
        published = sorted(g.name for g in gens.iterdir())
        keep = {current} if current else set()
        if current:  # the generation published before the current one (the newest older name)
            older = [g for g in published if g < current]
            keep.update(older[-(KEEP_GENERATIONS - 1):] if KEEP_GENERATIONS > 1 else [])
        for name in published:
            if name not in keep:
                shutil.rmtree(gens / name, ignore_errors=True)
                removed += 1
    if cache_dir and (out / cache_dir).is_dir():
        for p in (out / cache_dir).rglob(".*.tmp"):
            with contextlib.suppress(OSError):
                p.unlink()
                removed += 1
    return removed


class OutputBusy(Exception):
    """Another run holds the output folder's lock (raised only when not waiting)."""


@contextlib.contextmanager
def output_lock(out: str | Path, wait: bool = True, on_wait: Callable[[str], None] | None = None):
    """Hold ``OUT/.iki/lock`` for the duration: a second run on the same folder waits (or raises
    :class:`OutputBusy` with ``wait=False``). The lock goes with the process (``kill -9`` frees it).

    ``on_wait(holder)`` is called once when the lock is busy, with what the holder wrote (its pid).
    Yields the lock file's descriptor (workers close it).
    """
    state = Path(out) / STATE_DIR
    state.mkdir(parents=True, exist_ok=True)
    fd = os.open(state / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _lock(fd, state, wait, on_wait)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield fd
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _lock(fd: int, state: Path, wait: bool, on_wait) -> None:
    if os.name == "nt":  # pragma: no cover - Windows
        import msvcrt

        told = False
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                if not wait:
                    raise OutputBusy(_holder(state))
                if not told and on_wait:
                    on_wait(_holder(state))
                    told = True
                time.sleep(0.5)
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if not wait:
            raise OutputBusy(_holder(state))
        if on_wait:
            on_wait(_holder(state))
        fcntl.flock(fd, fcntl.LOCK_EX)


def _holder(state: Path) -> str:
    try:
        return (state / "lock").read_text().strip() or "?"
    except OSError:
        return "?"


class TableStream:
    """Write tables in pieces (bounded memory) into one folder (a :class:`Generation`'s).

    Rows are buffered per table and written as row groups; each table goes through
    :func:`atomic_path`, so :meth:`commit` makes the files appear and :meth:`abort` removes them.
    """

    def __init__(self, out_dir: str | Path, names, rows_per_group: int = 10_000):
        from schema.tables import arrow_schema

        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.rows_per_group = rows_per_group
        self.buffers: dict[str, list[dict]] = {n: [] for n in names}
        self._stack = contextlib.ExitStack()
        self.files: dict[str, Path] = {}
        self.writers = {}
        try:
            for name in names:
                if name not in TABLES:
                    raise KeyError(f"unknown table: {name}")
                tmp = self._stack.enter_context(atomic_path(self.out / f"{name}.parquet"))
                self.files[name] = tmp
                self.writers[name] = pq.ParquetWriter(tmp, arrow_schema(name), compression="zstd")
        except BaseException:
            self.abort()
            raise

    def write(self, name: str, rows: list[dict]) -> None:
        buf = self.buffers[name]
        buf.extend(rows)
        if len(buf) >= self.rows_per_group:
            self._flush(name)

    def _flush(self, name: str) -> None:
        if self.buffers[name]:
            self.writers[name].write_table(to_arrow(name, self.buffers[name]))
            self.buffers[name] = []

    def commit(self) -> list[Path]:
        """Flush, close, and rename every table into place."""
        try:
            for name, writer in self.writers.items():
                self._flush(name)
                writer.close()
        except BaseException:
            self.abort()
            raise
        self._stack.close()  # each atomic_path fsyncs and renames
        return [self.out / f"{n}.parquet" for n in self.writers]

    def abort(self) -> None:
        """Close and remove the temporary files; the targets stay as they were."""
        for writer in self.writers.values():
            with contextlib.suppress(Exception):
                writer.close()
        for tmp in self.files.values():
            with contextlib.suppress(OSError):
                tmp.unlink()
        self._stack.pop_all()
