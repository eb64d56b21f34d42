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
* :func:`current_folder` / :func:`open_tables` — where a reader finds one consistent set of tables;
  :func:`open_tables` opens every table of the generation it starts on at once (a run that publishes
  and prunes meanwhile cannot take them away) and tells whether the folder changed meanwhile.
* :func:`check_output` — nothing iki manages inside an output folder may be a link iki did not make:
  every managed path is checked with ``lstat`` before anything is written, created without following
  links (``O_NOFOLLOW``, ``O_EXCL``) and deleted through folder descriptors (``dir_fd``), so a planted
  link never makes iki delete, truncate or overwrite what it points to (:class:`UnsafeOutput`).

Publishing is one atomic step: the table links in OUT are made (they read through
``.iki/current``, whichever run it names) *before* ``.iki/current`` is switched, and nothing done
after the switch can take the new run away; before it, a failure leaves the older run whole.

Errors: everything raises ``OSError`` (full disk, read-only folder, permissions) for the caller to
report; temporary files are removed on the way out.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import pyarrow.parquet as pq

from schema.tables import TABLES, to_arrow

_UMASK = os.umask(0)
os.umask(_UMASK)
FILE_MODE = 0o644 & ~_UMASK  # readable by colleagues unless the umask says otherwise; never group-writable
DIR_MODE = 0o755 & ~_UMASK

STATE_DIR = ".iki"  # OUT/.iki/{lock, current, generations/, cache-key}
GENERATIONS = "generations"
CURRENT = "current"
LOCK = "lock"
CACHE_DIR = ".iki-cache"  # OUT/.iki-cache/<2 hex>/<key>.json (iki.batch)
KEEP_GENERATIONS = 2  # the published one and the one before it (a reader may still be reading it)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
# folder descriptors: deletions inside OUT never follow a link, even one swapped in meanwhile
_DIR_FD = bool(_NOFOLLOW and _DIRECTORY) and {os.open, os.unlink, os.stat, os.mkdir} <= os.supports_dir_fd \
    and shutil.rmtree.avoids_symlink_attacks


class UnsafeOutput(Exception):
    """A path iki manages inside an output folder is a link (or a file or folder) iki did not make.

    ``path``: where; ``what``: what it is (``a symbolic link to /x``, ``not a folder``...). Raised
    before anything is written; the caller says it in one line and stops.
    """

    def __init__(self, path: str | Path, what: str):
        self.path, self.what = Path(path), what
        super().__init__(f"{path} is {what}")


# ----------------------------------------------------------------------------- paths iki manages


def _lstat(path: str | Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None


def _link_text(path: Path) -> str:
    try:
        return f"a symbolic link to {os.readlink(path)}"
    except OSError:
        return "a symbolic link"


def _table_link(name: str) -> str:
    """What the link ``OUT/name`` holds when iki made it."""
    return f"{STATE_DIR}/{CURRENT}/{name}"


def _is_link_to(path: Path, target: str) -> bool:
    try:
        return os.readlink(path).replace("\\", "/") == target
    except OSError:
        return False


def _real_folder(path: Path) -> bool:
    """True for a folder of ours, False when nothing is there; :class:`UnsafeOutput` for a link, a file
    or a folder of another user (who could put links in it later)."""
    st = _lstat(path)
    if st is None:
        return False
    if stat.S_ISLNK(st.st_mode):
        raise UnsafeOutput(path, _link_text(path))
    if not stat.S_ISDIR(st.st_mode):
        raise UnsafeOutput(path, "not a folder")
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        raise UnsafeOutput(path, f"a folder of another user (uid {st.st_uid})")
    return True


def _managed_folder(path: Path) -> Path:
    """Create ``path`` (one level) if missing and check it is a real folder of ours."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(path, 0o755)
    if not _real_folder(path):
        raise FileNotFoundError(errno.ENOENT, "folder vanished while being made", str(path))
    return path


def _generation_of(target: str) -> str | None:
    """The generation a ``current`` link names when iki made it (``generations/<name>``), else None."""
    parts = target.replace("\\", "/").split("/")
    if len(parts) == 2 and parts[0] == GENERATIONS and parts[1] not in ("", ".", ".."):
        return parts[1]
    return None


def check_output(out: str | Path, names: tuple[str, ...] = (), cache_dir: str | None = CACHE_DIR) -> None:
    """Refuse an output folder whose managed parts are links (or things) iki did not make.

    Looked at with ``lstat`` (never followed): ``OUT/.iki`` and its ``lock``, ``generations/`` (and each
    generation), ``current`` (a link iki made names ``generations/<id>``), the cache folder and its
    sub-folders, and ``names`` in OUT (the tables and manifest, plain files or iki's links through
    ``.iki/current``). Raises :class:`UnsafeOutput` for the first problem; changes nothing.
    """
    out = Path(out)
    state = out / STATE_DIR
    if _real_folder(state):
        lock = state / LOCK
        st = _lstat(lock)
        if st is not None and stat.S_ISLNK(st.st_mode):
            raise UnsafeOutput(lock, _link_text(lock))
        if st is not None and (not stat.S_ISREG(st.st_mode) or st.st_nlink > 1):
            raise UnsafeOutput(lock, "not a file of its own" if stat.S_ISREG(st.st_mode) else "not a file")
        gens = state / GENERATIONS
        if _real_folder(gens):
            with os.scandir(gens) as it:
                for e in it:
                    if e.is_symlink():
                        raise UnsafeOutput(gens / e.name, _link_text(gens / e.name))
        cur = state / CURRENT
        st = _lstat(cur)
        if st is not None:
            if not stat.S_ISLNK(st.st_mode):
                raise UnsafeOutput(cur, "not a link")
            if _generation_of(os.readlink(cur)) is None:
                raise UnsafeOutput(cur, _link_text(cur))
    if cache_dir and _real_folder(out / cache_dir):
        with os.scandir(out / cache_dir) as it:
            for e in it:
                if e.is_symlink():
                    raise UnsafeOutput(out / cache_dir / e.name, _link_text(out / cache_dir / e.name))
    for name in names:
        p = out / name
        st = _lstat(p)
        if st is None or stat.S_ISREG(st.st_mode):
            continue
        if not stat.S_ISLNK(st.st_mode):
            raise UnsafeOutput(p, "not a file")
        if not _is_link_to(p, _table_link(name)):
            raise UnsafeOutput(p, _link_text(p))


@contextlib.contextmanager
def _folder_fd(out: Path, *parts: str) -> Iterator[int | None]:
    """A descriptor of the folder ``out/parts...``: ``out`` (the user's folder, which may be a link)
    opened as given, then each managed part opened from the previous one without following a link, so
    no link swapped in anywhere inside OUT is ever followed. None where the platform has no folder
    descriptors (the callers then work with paths, checked with ``lstat``)."""
    if not _DIR_FD:
        yield None
        return
    fd = os.open(out, os.O_RDONLY | _DIRECTORY)
    try:
        for part in parts:
            nfd = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = nfd
        yield fd
    finally:
        os.close(fd)


def _remove_entry(name: str, folder: Path, fd: int | None) -> bool:
    """Remove ``folder/name`` without following links: a link or file is unlinked, a folder removed whole
    (its links unlinked, never followed). Returns whether something was removed."""
    try:
        if fd is not None:
            st = os.stat(name, dir_fd=fd, follow_symlinks=False)
            if stat.S_ISDIR(st.st_mode):
                shutil.rmtree(name, dir_fd=fd, ignore_errors=True)
            else:
                os.unlink(name, dir_fd=fd)
            return True
        path = folder / name
        st = os.lstat(path)
        if stat.S_ISDIR(st.st_mode) and not stat.S_ISLNK(st.st_mode):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
        return True
    except OSError:
        return False


def _names(folder: Path, fd: int | None) -> list[str]:
    with os.scandir(fd if fd is not None else folder) as it:
        return [e.name for e in it]


# ----------------------------------------------------------------------------- one file


def _fsync_path(path: Path) -> None:
    """Flush a file's data (or a folder's entries) to disk; a no-op where the platform cannot.
    (Flushing changes nothing, so a link at ``path`` may be followed here.)"""
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


def _new_file(path: Path, mode: int = 0o600) -> None:
    """Create an empty file that did not exist (never through a link planted at its name)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY, mode))


def _seal(tmp: Path, mode: int, sync: bool) -> None:
    """Give the written temporary file its mode and flush it, through a descriptor opened without
    following a link (one swapped in for the temporary file is refused, never changed)."""
    fd = os.open(tmp, os.O_RDONLY | _NOFOLLOW | _BINARY)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(tmp))
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        else:  # pragma: no cover - Windows
            os.chmod(tmp, mode)
    finally:
        os.close(fd)
    if sync:
        _fsync_path(tmp)


@contextlib.contextmanager
def atomic_path(target: str | Path, mode: int = FILE_MODE, sync: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on a clean exit it replaces ``target`` atomically.

    The parent folder is created when missing. The temporary file is created first (exclusively, never
    through a link), then written through the yielded path (any library that takes a path). On exit the
    file is ``fsync``-ed, given ``mode`` and renamed over ``target`` (a link at ``target`` is replaced,
    never followed), and the folder is ``fsync``-ed. On an exception (or ``KeyboardInterrupt``) the
    temporary file is removed and ``target`` is left as it was.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_name(target)
    try:
        _new_file(tmp)
        yield tmp
        _seal(tmp, mode, sync)
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
    """Point the symbolic link ``link`` at ``target`` in one atomic rename (whatever was at ``link``,
    a link included, is replaced, never followed)."""
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


def current_generation(out: str | Path) -> str | None:
    """The id of the generation ``OUT/.iki/current`` names now (None without generations)."""
    try:
        return _generation_of(os.readlink(Path(out) / STATE_DIR / CURRENT))
    except OSError:
        return None


@dataclass
class Snapshot:
    """The tables of one generation of an output folder, every file opened at once.

    ``files``: table name → open binary file (read it with ``pyarrow.parquet.ParquetFile`` or
    ``pandas.read_parquet``); ``manifest``: that run's ``manifest.json`` (None without one);
    ``generation``: its id (None for a folder without generations, such as ``iki diff``'s).
    A run that publishes (and removes old generations) meanwhile cannot change what is read:
    the files stay open. :meth:`changed` says whether the folder now holds another run.
    """

    out: Path
    folder: Path
    generation: str | None
    files: dict[str, object] = field(default_factory=dict)
    paths: dict[str, Path] = field(default_factory=dict)
    manifest: dict | None = None

    def changed(self) -> bool:
        return self.generation is not None and current_generation(self.out) != self.generation

    def close(self) -> None:
        for f in self.files.values():
            with contextlib.suppress(Exception):
                f.close()
        self.files = {}

    def __enter__(self) -> "Snapshot":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_tables(out: str | Path, names: tuple[str, ...] | None = None, attempts: int = 5) -> Snapshot:
    """Open the Parquet tables (``names``, without extension; default every ``*.parquet``) of the
    generation ``OUT/.iki/current`` names when called, all at once, with its manifest.

    Tables in OUT that are not iki's links (an ``iki diff`` folder, plain files) are opened from OUT.
    A table that is missing is left out (the caller says which it needs). When the generation is
    removed between resolving and opening (two runs published meanwhile) the newer one is taken.
    Raises ``OSError`` only for a folder that cannot be read.
    """
    out = Path(out)
    last: OSError | None = None
    for _ in range(max(1, attempts)):
        generation = current_generation(out)
        folder = out / STATE_DIR / GENERATIONS / generation if generation else out
        snap = Snapshot(out, folder, generation)
        try:
            candidates: dict[str, Path] = {}
            if generation:
                for p in sorted(folder.glob("*.parquet")):
                    candidates[p.stem] = p
            for p in sorted(out.glob("*.parquet")):  # plain tables in OUT (not links into a generation)
                if p.name.startswith(".") or p.stem in candidates or _is_link_to(p, _table_link(p.name)):
                    continue
                candidates[p.stem] = p
            for name, p in candidates.items():
                if names is not None and name not in names:
                    continue
                snap.files[name] = open(p, "rb")
                snap.paths[name] = p
            manifest = folder / "manifest.json"
            if manifest.is_file():
                with open(manifest, "rb") as f:
                    with contextlib.suppress(ValueError, UnicodeDecodeError):
                        snap.manifest = json.loads(f.read(16 * 2 ** 20).decode("utf-8"))
            if generation and not folder.is_dir():
                raise FileNotFoundError(errno.ENOENT, "generation removed", str(folder))
            return snap
        except FileNotFoundError as e:  # removed meanwhile: take the run published since
            snap.close()
            last = e
            time.sleep(0.05)
    raise last if last else FileNotFoundError(str(out))


class DamagedTable(Exception):
    """A table of an output folder that cannot be read: ``path`` (the file), ``reason`` (one line),
    ``extract``: whether the folder is an ``iki extract`` output (else another command wrote it)."""

    def __init__(self, path: str | Path, reason: str, extract: bool = True):
        self.path, self.reason, self.extract = Path(path), reason, extract
        super().__init__(f"{path}: {reason}")


def read_table(snap: Snapshot, name: str, columns: list[str] | None = None):
    """A table of a :class:`Snapshot` as a pandas DataFrame; :class:`DamagedTable` (naming the table)
    for a file that is not a readable Parquet table of its kind."""
    import pandas as pd

    f = snap.files[name]
    try:
        f.seek(0)
        # one thread: a damaged file read by pyarrow's thread pool can leave a decoding thread that aborts the
        # process at exit ("terminate called without an active exception", apache/arrow#34314) after iki has
        # named the damaged table; one thread reads iki's tables fast enough
        return pd.read_parquet(f, columns=columns, use_threads=False)
    except Exception as e:  # noqa: BLE001 - pyarrow raises many kinds for a damaged file
        raise damaged(snap, name, e) from None


def damaged(snap: Snapshot, name: str, e: BaseException) -> DamagedTable:
    """The :class:`DamagedTable` for table ``name`` of ``snap`` that raised ``e`` when read."""
    reason = str(e).splitlines()[0][:200] if str(e) else type(e).__name__
    shown = snap.out / f"{name}.parquet" if snap.generation else snap.paths.get(name, snap.out / name)
    return DamagedTable(shown, reason, snap.generation is not None or (snap.out / STATE_DIR).is_dir())


class Generation:
    """The tables of one run, written into a new folder and published in one atomic step.

    ``path`` is the folder to write into (with :class:`TableStream`, :func:`atomic_write` …);
    :meth:`publish` makes it the output folder's content, :meth:`discard` removes it (never once
    it is published).
    """

    def __init__(self, out: str | Path, names: tuple[str, ...]):
        self.out = Path(out)
        self.names = tuple(names)  # the files (with their extension) that OUT links to
        self.state = _managed_folder(self.out / STATE_DIR)
        gens = _managed_folder(self.state / GENERATIONS)
        self.links = _can_symlink(self.state)
        # names sort in the order runs started (pruning keeps the newest), even two runs in one second
        ns = time.time_ns()
        gid = (time.strftime("%Y%m%dT%H%M%S", time.localtime(ns // 10**9)) + f".{ns % 10**9:09d}"
               f"-{os.getpid()}-{secrets.token_hex(3)}")
        self.id = gid
        self.path = gens / gid
        os.mkdir(self.path, 0o755)
        self.published = False

    def publish(self) -> None:
        """Switch the output folder to this generation (fsync first), then remove old generations.

        The switch of ``.iki/current`` is the one step that publishes: the links in OUT are made
        before it (they read through ``.iki/current``), so a failure (full disk, Ctrl-C) before it
        leaves the older run whole and readable, and nothing after it can take the new run away."""
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
            self.published = True
            shutil.rmtree(self.path, ignore_errors=True)
            return
        self._adopt_plain_files()
        for name in self.names:
            link = self.out / name
            want = _table_link(name)
            if not _is_link_to(link, want):
                _replace_link(link, want)
        _fsync_path(self.out)
        _replace_link(self.state / CURRENT, f"{GENERATIONS}/{self.id}")  # the commit point
        self.published = True
        with contextlib.suppress(OSError):  # published: what is left over is removed by the next run
            _fsync_path(self.state)
            self._prune()

    def _adopt_plain_files(self) -> None:
        """Output written by an older iki (plain files in OUT): give it a generation of its own first
        (hard links to the same bytes, so nothing moves), then swap each plain file for a link to it in
        one rename; every table stays readable at every moment, a reader never sees two runs."""
        plain = [n for n in self.names if (st := _lstat(self.out / n)) is not None and stat.S_ISREG(st.st_mode)]
        if not plain or _lstat(self.state / CURRENT) is not None:
            return
        legacy = self.state / GENERATIONS / f"00000000T000000-legacy-{secrets.token_hex(3)}"
        os.mkdir(legacy, 0o755)
        try:
            for n in plain:
                try:
                    os.link(self.out / n, legacy / n, follow_symlinks=False)
                except OSError:  # no hard links on this file system: a copy
                    shutil.copy2(self.out / n, legacy / n, follow_symlinks=False)
            _fsync_path(legacy)
            _replace_link(self.state / CURRENT, f"{GENERATIONS}/{legacy.name}")
        except BaseException:
            shutil.rmtree(legacy, ignore_errors=True)
            raise
        for n in plain:
            _replace_link(self.out / n, _table_link(n))

    def _prune(self) -> None:
        _remove_old_generations(self.state)

    def discard(self) -> None:
        """Remove this generation unless it was published (then it is the output)."""
        if self.published or current_generation(self.out) == self.id:
            return
        with _folder_fd(self.out, STATE_DIR, GENERATIONS) as fd:
            _remove_entry(self.id, self.state / GENERATIONS, fd)


def _remove_old_generations(state: Path) -> int:
    """Remove every generation but the current one and the one published before it (and the
    unpublished ones of killed runs); through a folder descriptor, never following a link."""
    gens = state / GENERATIONS
    if not _real_folder(gens):
        return 0
    current = current_generation(state.parent)
    removed = 0
    with _folder_fd(state.parent, STATE_DIR, GENERATIONS) as fd:
        names = sorted(_names(gens, fd))
        keep = {current} if current else set()
        if current and KEEP_GENERATIONS > 1:  # the generation published before the current one
            keep.update([g for g in names if g < current][-(KEEP_GENERATIONS - 1):])
        for name in names:
            if name not in keep and _remove_entry(name, gens, fd):
                removed += 1
    return removed


def _is_leftover(name: str) -> bool:
    return name.startswith(".") and (name.endswith(".tmp") or name.startswith(".symlink-probe.")
                                     or (name.startswith(".manifest.") and name.endswith(".json")))


def clean_temporary(out: str | Path, cache_dir: str | None = CACHE_DIR) -> int:
    """Remove what killed runs left: temporary files, unpublished generations. Call it holding the lock.

    Nothing is followed: links are removed as links, folders through descriptors. Returns how many
    files or folders were removed.
    """
    out = Path(out)
    removed = 0
    with _folder_fd(out) as fd:
        for name in _names(out, fd):
            if _is_leftover(name):
                st = os.stat(name, dir_fd=fd, follow_symlinks=False) if fd is not None else _lstat(out / name)
                if st is not None and not stat.S_ISDIR(st.st_mode) and _remove_entry(name, out, fd):
                    removed += 1
    state = out / STATE_DIR
    if _real_folder(state):
        with _folder_fd(out, STATE_DIR) as fd:
            for name in _names(state, fd):
                if _is_leftover(name) and _remove_entry(name, state, fd):
                    removed += 1
        removed += _remove_old_generations(state)
    if cache_dir and _real_folder(out / cache_dir):
        cache = out / cache_dir
        with _folder_fd(out, cache_dir) as fd:
            for name in _names(cache, fd):
                if _is_leftover(name):
                    removed += _remove_entry(name, cache, fd)
                    continue
                sub = cache / name
                st = os.stat(name, dir_fd=fd, follow_symlinks=False) if fd is not None else _lstat(sub)
                if st is None or not stat.S_ISDIR(st.st_mode):
                    continue
                with _sub_fd(fd, name, sub) as sfd:
                    for entry in _names(sub, sfd):
                        if _is_leftover(entry):
                            removed += _remove_entry(entry, sub, sfd)
    return removed


@contextlib.contextmanager
def _sub_fd(fd: int | None, name: str, path: Path) -> Iterator[int | None]:
    """A descriptor of the folder ``name`` inside the folder open as ``fd`` (never through a link)."""
    if fd is None:
        yield None
        return
    sfd = os.open(name, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=fd)
    try:
        yield sfd
    finally:
        os.close(sfd)


def remove_files(out: str | Path, managed: str, names: list[str]) -> int:
    """Remove the files ``names`` (entries of sub-folders written ``sub/name``) of the managed folder
    ``out/managed`` (the cache), never following a link; empty sub-folders are left. Returns how many
    were removed."""
    folder = Path(out) / managed
    removed = 0
    by_sub: dict[str, list[str]] = {}
    for n in names:
        sub, _, leaf = n.rpartition("/")
        by_sub.setdefault(sub, []).append(leaf)
    with _folder_fd(Path(out), managed) as fd:
        for sub, leaves in by_sub.items():
            path = folder / sub if sub else folder
            try:
                ctx = _sub_fd(fd, sub, path) if sub else contextlib.nullcontext(fd)
                with ctx as sfd:
                    for leaf in leaves:
                        try:
                            if sfd is not None:
                                os.unlink(leaf, dir_fd=sfd)
                            else:
                                os.unlink(path / leaf)
                            removed += 1
                        except OSError:
                            pass
            except OSError:
                continue
    return removed


def secret_key(out: str | Path, name: str = "cache-key") -> bytes:
    """A random key of this output folder, kept in ``OUT/.iki/<name>`` (mode 0600, made by the first
    run; call it holding the lock). Read without following links; a key file that is not a plain file
    of ours (a link, another user's) raises :class:`UnsafeOutput`; a short one is made again."""
    state = _managed_folder(Path(out) / STATE_DIR)
    path = state / name
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _BINARY)
    except FileNotFoundError:
        fd = None
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.EMLINK):
            raise UnsafeOutput(path, _link_text(path)) from None
        raise
    if fd is not None:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode) or (hasattr(os, "geteuid") and st.st_uid != os.geteuid()):
                raise UnsafeOutput(path, "not a key file of this user")
            key = os.read(fd, 64)
        finally:
            os.close(fd)
        if len(key) >= 32:
            return key
    key = secrets.token_bytes(32)
    atomic_write(path, key, mode=0o600)
    return key


class OutputBusy(Exception):
    """Another run holds the output folder's lock (raised only when not waiting)."""


@contextlib.contextmanager
def output_lock(out: str | Path, wait: bool = True, on_wait: Callable[[str], None] | None = None):
    """Hold ``OUT/.iki/lock`` for the duration: a second run on the same folder waits (or raises
    :class:`OutputBusy` with ``wait=False``). The lock goes with the process (``kill -9`` frees it).

    The lock file is opened without following a link and must be a file of its own (one link), so
    writing the holder's pid never truncates anything else (:class:`UnsafeOutput`).
    ``on_wait(holder)`` is called once when the lock is busy, with what the holder wrote (its pid).
    Yields the lock file's descriptor (workers close it).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    state = _managed_folder(out / STATE_DIR)
    path = state / LOCK
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _BINARY, 0o644)
    except OSError as e:
        if e.errno in (errno.ELOOP, errno.EMLINK):
            raise UnsafeOutput(path, _link_text(path)) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink > 1:
            raise UnsafeOutput(path, "not a file of its own")
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
        fd = os.open(state / LOCK, os.O_RDONLY | _NOFOLLOW)
        try:
            return os.read(fd, 64).decode("ascii", "replace").strip() or "?"
        finally:
            os.close(fd)
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
