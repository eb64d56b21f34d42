"""Batch runs that no input, fault or neighbour can break: parallel, cached, resumable, isolated.

* Every file is read in a worker process of its own, with a time limit (``--timeout``) and a
  memory limit (``--max-memory``). The worker leads its own process group, so the programs it
  starts (tesseract, LibreOffice) are stopped with it. It does not hold the read end of its result
  pipe, and a watchdog thread ends the whole group when the main process is gone (``kill -9``).
  Workers are forked where ``fork`` is safe (Linux) and spawned elsewhere (macOS, Windows); the
  memory limit is ``RLIMIT_AS`` where the platform has it, else the main process watches each
  worker's memory (psutil) and stops it past the limit.
* Each finished file is written at once to ``OUT/.iki-cache/`` as JSON (a data format: nothing in
  an entry can run code), keyed by the file's content, its path, the options and iki's source, and
  signed with a key of the output folder (``OUT/.iki/cache-key``, mode 0600): an entry edited by
  hand or by anyone who can write the folder is ignored. Entries are validated against the table
  schemas when read; a damaged, edited or foreign entry is ignored with a warning and the file is
  read again. An entry is at most :data:`iki.pipeline.ENTRY_FACTOR` times its file's size (plus a
  little): a file whose rows would take more is an ``error``. A run that is interrupted loses only
  the files in flight; the next run takes the rest from the cache and writes the same tables. After
  a run is published the cache is pruned to the entries of that run and the one before it.
* A file's content is hashed (to key the cache and tell duplicates) within ``--timeout``; a file
  larger than ``--max-memory`` lets a worker hold is refused before it is hashed.
* The same content at two paths is read once; the second file's row is marked ``duplicate``.
* The tables are assembled in input order, so the output does not depend on how many workers
  ran or in which order they finished.
* ``--dask local`` / ``--scheduler tcp://host:8786`` send the files to Dask workers instead of
  local processes (same results, same cache). On the Dask worker each file is read by
  :func:`run_isolated` in a child process of its own, with the same ``--timeout`` and
  ``--max-memory`` as a local worker; ``iki show`` and the Python API read through it too.
"""
from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import hmac
import json
import logging
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from extractors.readers.ocr_pool import shared_slots
from iki.version import __version__
from iki.pipeline import (DigestTimeout, FileResult, NotARegularFile, Options, display_path, entry_limit, failed_row,
                          file_digest, path_year, process_file, unreadable_row)
from schema.writer import CACHE_DIR, STATE_DIR, GENERATIONS, current_generation, remove_files, secret_key

log = logging.getLogger("iki")

CACHE_FORMAT = "iki-cache/3"
MAX_CACHE_ENTRY = 512 * 1024 * 1024  # bytes; a larger entry is not iki's
CACHE_KEYS = "cache-keys.txt"  # in each generation: the cache entries its run used (what pruning keeps)
BIG_FILE = 256 * 2 ** 20  # hashing a file larger than this is told as it starts


@dataclass
class BatchOptions:
    jobs: int = 1
    timeout: float = 900.0  # seconds per file
    max_memory_mb: int = 4096  # address-space limit per worker (and each program it starts)
    force: bool = False
    dask: str | None = None  # None | "local" | "tcp://host:port"
    start_method: str | None = None  # None: fork where safe, else spawn (IKI_START_METHOD overrides)


@dataclass
class BatchStats:
    started: float = field(default_factory=time.time)
    finished: float = 0.0
    cached: int = 0
    duplicates: int = 0
    cache_rejected: list[str] = field(default_factory=list)  # "path: reason" of entries ignored
    seconds_by_format: dict[str, float] = field(default_factory=dict)
    files_by_format: dict[str, int] = field(default_factory=dict)


@dataclass
class Planned:
    """One input of a batch: its path, cache key, content digest and the earlier file it duplicates,
    its options (the run's, with the year its path states) and its pages when known (PDF); its size,
    or the row of a file that could not be hashed (``failure``: a FIFO, an unreadable file, a hash that
    took longer than ``--timeout``, a file too large to read): such a file gets no worker and no entry."""
    path: str
    key: str
    sha256: str | None = None
    duplicate_of: int | None = None  # index in the plan of the first file with the same content
    options: Options | None = None
    pages: int | None = None
    weight: int = 1  # expected reading time in digital pages (iki.progress.PageCounter.weight)
    size: int | None = None
    failure: FileResult | None = None


_FINGERPRINT: str | None = None


def pipeline_fingerprint() -> str:
    """iki's version and a digest of its source, so that changed code never reuses old results."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        h = hashlib.sha256(__version__.encode())
        root = Path(__file__).resolve().parents[1]
        for package in ("extractors", "normalize", "schema", "iki"):
            for f in sorted((root / package).rglob("*.py")):
                h.update(str(f.relative_to(root)).encode())
                h.update(f.read_bytes())
        _FINGERPRINT = h.hexdigest()[:16]
    return _FINGERPRINT


def _options_key(options: Options) -> bytes:
    return json.dumps(asdict(options), sort_keys=True).encode()


def cache_key(path: str, options: Options, sha256: str | None = None) -> str:
    """What decides a file's rows: its bytes, its path (it is in the rows), the options and the pipeline.

    ``sha256`` is the content digest when already known; otherwise it is computed here (bounded by
    the file's size; a FIFO or device is never opened).
    """
    if sha256 is None:
        try:
            sha256, _ = file_digest(path)
        except NotARegularFile:
            sha256 = "<not a regular file>"
        except OSError:
            sha256 = "<unreadable>"
    h = hashlib.sha256()
    h.update(sha256.encode())
    h.update(b"\0" + os.fsencode(path) + b"\0")
    h.update(_options_key(options))
    h.update(pipeline_fingerprint().encode())
    return h.hexdigest()


# ----------------------------------------------------------------------------- the cache


def _cache_path(out: Path, key: str) -> Path:
    return out / CACHE_DIR / key[:2] / f"{key}.json"


class CacheEntryInvalid(Exception):
    """A cache entry that is missing, damaged, edited, foreign or not iki's (message says which)."""


_SECRETS: dict[str, bytes] = {}


def _secret(out: Path) -> bytes:
    """The output folder's signing key (made on first use; see :func:`schema.writer.secret_key`)."""
    where = os.path.realpath(out)
    if where not in _SECRETS:
        _SECRETS[where] = secret_key(out)
    return _SECRETS[where]


def _sign(secret: bytes, body: bytes) -> str:
    return hmac.new(secret, body, hashlib.sha256).hexdigest()


def _body(key: str, result: FileResult, transient: bool) -> bytes:
    body = {"format": CACHE_FORMAT, "key": key, "pipeline": pipeline_fingerprint(), "transient": transient,
            "document": result.document, "positions": result.positions, "duties": result.duties,
            "indicators": result.indicators}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=True).encode("utf-8")


_MAC_HEAD = b'{"mac":"'
_MAC_LEN = 64


def _encode(key: str, result: FileResult, transient: bool, secret: bytes) -> bytes:
    """An entry: one JSON object, its first member ``mac`` the signature of the rest (the bytes of the
    object without it), so the signature is checked on the bytes as written, before any parsing."""
    body = _body(key, result, transient)
    return _MAC_HEAD + _sign(secret, body).encode() + b'",' + body[1:]


def _split_signed(raw: bytes) -> tuple[str, bytes]:
    """(signature, signed bytes) of an entry; :class:`CacheEntryInvalid` when it has no signature."""
    head = len(_MAC_HEAD)
    if not raw.startswith(_MAC_HEAD) or raw[head + _MAC_LEN:head + _MAC_LEN + 2] != b'",':
        raise CacheEntryInvalid("not an iki cache entry (unsigned)")
    return raw[head:head + _MAC_LEN].decode("ascii", "replace"), b"{" + raw[head + _MAC_LEN + 2:]


def _validate(key: str, body) -> FileResult:
    """A decoded entry body → :class:`FileResult`, or :class:`CacheEntryInvalid` when anything is off."""
    from schema.tables import to_arrow

    if not isinstance(body, dict) or body.get("format") != CACHE_FORMAT:
        raise CacheEntryInvalid("not an iki cache entry")
    if body.get("key") != key:
        raise CacheEntryInvalid("entry of another file or run (key differs)")
    doc = body.get("document")
    tables = {"documents": [doc]}
    for name in ("positions", "duties", "indicators"):
        rows = body.get(name)
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise CacheEntryInvalid(f"{name} is not a list of rows")
        tables[name] = rows
    if not isinstance(doc, dict) or not isinstance(doc.get("doc_id"), str) or not isinstance(doc.get("status"), str):
        raise CacheEntryInvalid("documents row missing")
    for name, rows in tables.items():
        if any(r.get("doc_id") != doc["doc_id"] for r in rows):
            raise CacheEntryInvalid(f"{name} rows of another document")
        try:
            to_arrow(name, rows)  # column names and types, as the tables will need them
        except Exception as e:  # noqa: BLE001 - any mismatch means the entry is not ours
            raise CacheEntryInvalid(f"{name} rows do not fit the schema ({type(e).__name__})") from e
    return FileResult(doc, tables["positions"], tables["duties"], tables["indicators"])


def _read_entry(p: Path) -> bytes:
    """An entry's bytes, read without following a link (a link planted in the cache is not iki's)."""
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise CacheEntryInvalid("missing") from None
    except OSError as e:
        raise CacheEntryInvalid("a link, not an entry" if e.errno in (errno.ELOOP, errno.EMLINK)
                                else f"unreadable ({e.strerror or e})") from e
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise CacheEntryInvalid("not a file")
        if st.st_size > MAX_CACHE_ENTRY:
            raise CacheEntryInvalid("too large")
        chunks, left = [], st.st_size
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise CacheEntryInvalid(f"unreadable ({e.strerror or e})") from e
    finally:
        os.close(fd)


def load_entry(out: str | Path, key: str, allow_transient: bool = True) -> FileResult:
    """Read, authenticate and validate one cache entry; raises :class:`CacheEntryInvalid`.

    The signature is checked before the body is parsed: an entry edited (or written by anyone
    without the folder's key) is never used, and nothing in an entry can run code."""
    out = Path(out)
    raw = _read_entry(_cache_path(out, key))
    mac, body = _split_signed(raw)
    if not hmac.compare_digest(mac, _sign(_secret(out), body)):
        raise CacheEntryInvalid("edited, or not made by iki for this folder (signature differs)")
    try:
        decoded = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise CacheEntryInvalid(f"damaged ({type(e).__name__})") from e
    result = _validate(key, decoded)
    if decoded.get("transient") and not allow_transient:
        raise CacheEntryInvalid("transient")
    return result


def store_entry(out: str | Path, key: str, result: FileResult, transient: bool = False,
                size: int | None = None) -> FileResult:
    """Write one cache entry atomically (``transient``: a timeout or crash, read again next run).

    An entry larger than :func:`iki.pipeline.entry_limit` of the file's ``size`` is not written: the
    file gets an ``error`` row instead (stored and returned), so no file can fill the disk or make
    the batch fail at assembly. Returns what was stored."""
    from schema.writer import atomic_write

    out = Path(out)
    secret = _secret(out)
    data = _encode(key, result, transient, secret)
    limit = min(MAX_CACHE_ENTRY, entry_limit(size))
    if len(data) > limit:
        doc = result.document
        result = failed_row(doc.get("source_path") or "?", "error",
                            f"the rows read from this file would take {len(data) / 2**20:.0f} MiB, more than "
                            f"{limit / 2**20:.0f} MiB for a file of its size: not kept (a cell repeated on very many "
                            f"rows?)", doc.get("format") or "unknown")
        result.document.update({k: doc[k] for k in ("doc_id", "sha256", "source_path", "file_name") if k in doc})
        data = _encode(key, result, transient, secret)
    atomic_write(_cache_path(out, key), data)
    return result


def prune_cache(out: str | Path) -> int:
    """Remove the cache entries that neither the published run nor the one before it used.

    Each generation lists the entries its run used (``cache-keys.txt``); without that list for the
    current run nothing is removed. Returns how many entries were removed."""
    out = Path(out)
    gens = out / STATE_DIR / GENERATIONS
    current = current_generation(out)
    if not current or not (gens / current / CACHE_KEYS).is_file():
        return 0
    keep: set[str] = set()
    with contextlib.suppress(OSError):
        older = sorted(g for g in os.listdir(gens) if g < current)
        for g in [current] + older[-1:]:
            with contextlib.suppress(OSError):
                keep.update((gens / g / CACHE_KEYS).read_text("ascii").split())
    cache = out / CACHE_DIR
    doomed = []
    with contextlib.suppress(OSError):
        with os.scandir(cache) as it:
            subs = [e.name for e in it if len(e.name) == 2 and e.is_dir(follow_symlinks=False)]
        for sub in subs:
            with os.scandir(cache / sub) as it:
                for e in it:
                    stem = e.name[:-5]
                    if e.name.endswith(".json") and len(stem) == 64 and stem[:2] == sub and stem not in keep:
                        doomed.append(f"{sub}/{e.name}")
    return remove_files(out, CACHE_DIR, doomed) if doomed else 0


def write_cache_keys(folder: str | Path, entries: list[Planned]) -> None:
    """``folder/cache-keys.txt``: the cache entries a run used (see :func:`prune_cache`)."""
    from schema.writer import atomic_write

    keys = sorted({e.key for e in entries if e.key and e.failure is None and e.duplicate_of is None})
    atomic_write(Path(folder) / CACHE_KEYS, "".join(k + "\n" for k in keys))


# ----------------------------------------------------------------------------- workers


def start_method(requested: str | None = None) -> str:
    """``fork`` where it is available and safe, else ``spawn``.

    Safe: a POSIX system other than macOS, and a calling process with one thread. A process
    forked while another thread holds a lock (a notebook kernel, an application with a thread
    pool, a test run that used dask) inherits the lock held and hangs when it takes it; such a
    worker would only end at ``--timeout``. ``IKI_START_METHOD`` or ``requested`` overrides.
    """
    requested = requested or os.environ.get("IKI_START_METHOD") or None
    methods = get_all_start_methods()
    if requested:
        if requested not in methods:
            raise ValueError(f"start method {requested!r} is not available here ({', '.join(methods)})")
        return requested
    if "fork" in methods and sys.platform != "darwin" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _has_rlimit() -> bool:
    try:
        import resource

        return hasattr(resource, "RLIMIT_AS") and sys.platform != "darwin"  # macOS does not enforce it
    except ImportError:
        return False


INHERITED_MB = 2048  # a worker that starts with a larger address space than this (and than half the limit)
# inherited it from its caller: the memory limit is counted on top of it (an iki run's own workers start
# with well under 1 GiB)


def _read_limited(path: str, options: Options, max_memory_mb: int | None) -> FileResult:
    """Read one file in this (worker) process under the memory limit (``RLIMIT_AS`` where the platform
    has it); nothing escapes: a failure is the file's ``error`` row."""
    if max_memory_mb and _has_rlimit():
        import resource

        limit = max_memory_mb * 1024 * 1024
        inherited = _memory_mb(os.getpid(), virtual=True)
        if inherited > max(INHERITED_MB, max_memory_mb / 2):
            # forked from a process that holds much already (a script with its data, a test run): the
            # limit counts what the worker inherited, so the file may use --max-memory on top of it
            # (under the limit alone it ran out on its first large page, said as something else)
            limit += int(inherited * 1024 * 1024)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        return limited_result(process_file(path, options), max_memory_mb)
    except MemoryError:
        return failed_row(path, "error", memory_message(max_memory_mb))
    except BaseException as e:  # noqa: BLE001 - nothing may escape the worker
        return failed_row(path, "error", f"internal error: worker failed: {type(e).__name__}: {e}"[:300])


def _watch_parent(parent_pid: int) -> None:
    """Worker thread: end this worker's whole process group as soon as the main process is gone."""
    while True:
        time.sleep(0.2)
        if os.getppid() != parent_pid:
            if hasattr(os, "killpg"):
                with contextlib.suppress(OSError):
                    os.killpg(os.getpgrp(), signal.SIGKILL)
            os._exit(1)


def _worker(conn, path: str, options: Options, max_memory_mb: int, parent_pid: int, close_fds: list[int]) -> None:
    """Child process: own process group, parent watchdog, memory limit; read one file, send the result."""
    for fd in close_fds:  # the read ends of result pipes (ours too) and the output lock, inherited by fork
        with contextlib.suppress(OSError):
            os.close(fd)
    if hasattr(os, "setsid"):
        with contextlib.suppress(OSError):
            os.setsid()  # a group of our own: --timeout stops tesseract / LibreOffice with us
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    result = _read_limited(path, options, max_memory_mb)
    try:
        conn.send(result)
    except (BrokenPipeError, OSError):
        os._exit(1)  # the main process is gone
    finally:
        conn.close()


def _kill_group(proc) -> None:
    """Stop a worker and every program it started (its process group)."""
    if proc.pid is None:
        return
    if hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
    else:  # pragma: no cover - Windows: the worker's children, then the worker
        try:
            import psutil

            for child in psutil.Process(proc.pid).children(recursive=True):
                with contextlib.suppress(Exception):
                    child.kill()
        except Exception:  # noqa: BLE001
            pass
    with contextlib.suppress(Exception):
        proc.kill()


def _memory_mb(pid: int, virtual: bool = False) -> float:
    """Resident memory of a worker and its children, in MiB (0 when it cannot be measured);
    ``virtual``: the worker's own address space instead (what ``RLIMIT_AS`` limits)."""
    try:
        import psutil

        p = psutil.Process(pid)
        if virtual:
            return p.memory_info().vms / 2 ** 20
        total = p.memory_info().rss
        for c in p.children(recursive=True):
            with contextlib.suppress(Exception):
                total += c.memory_info().rss
        return total / 2 ** 20
    except Exception:  # noqa: BLE001
        return 0.0


def memory_message(limit_mb: int) -> str:
    """The ``error`` of a file whose reading went past the memory limit."""
    return f"ran out of memory (limit {limit_mb} MiB per file, --max-memory; a higher limit may read it)"


_MEMORY_SIGNS = ("out of memory", "memoryerror", "cannot allocate memory", "bad_alloc",
                 "error return without exception set", "insufficient memory")


def _peak_vm_mb() -> float:
    """The largest address space this process has had, in MiB (what RLIMIT_AS limits); 0 if unknown."""
    try:
        with open("/proc/self/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmPeak:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return _memory_mb(os.getpid(), virtual=True)


def limited_result(result: FileResult, max_memory_mb: int | None) -> FileResult:
    """A result read under a memory limit: an error that came from an allocation the limit refused
    (a library reports it as damage, an internal error, or in its own words) says so, as memory."""
    doc = result.document
    if not max_memory_mb or doc.get("status") != "error":
        return result
    text = (doc.get("error") or "").lower()
    if any(sign in text for sign in _MEMORY_SIGNS) or (
            text.startswith(("internal error", "damaged file", "not a readable", "the workbook", "could not"))
            and _peak_vm_mb() >= 0.9 * max_memory_mb):
        doc["error"] = memory_message(max_memory_mb)
    return result


def is_memory_error(result: FileResult, max_memory_mb: int | None) -> bool:
    """Did reading stop at the memory limit? (Not a result to keep: a run with a higher limit may read it.)"""
    return bool(max_memory_mb) and result.document.get("error") == memory_message(max_memory_mb)


_MEMORY_SIGNALS = {getattr(signal, n) for n in ("SIGSEGV", "SIGABRT", "SIGBUS", "SIGKILL") if hasattr(signal, n)}


def crash_message(exitcode: int | None, peak_mb: float, limit_mb: int) -> str:
    """The ``error`` of a worker that ended without a result. Under a memory limit, a worker killed by
    a signal when near the limit (or aborted by a library whose allocation the limit refused) ran out
    of memory: that is what it says, not a crash of iki."""
    why = (f"killed by signal {-exitcode}" if exitcode and exitcode < 0 else
           f"exit code {exitcode}" if exitcode is not None else "no result")
    signalled = exitcode is not None and exitcode < 0
    # a worker that exited on its own (an exit code, not a signal) ran out of memory only when it was at
    # the limit; the address space a forked worker inherits (a notebook's, a test runner's) can be large
    if limit_mb and (peak_mb >= 0.9 * limit_mb or (signalled and (-exitcode in _MEMORY_SIGNALS
                                                                  or peak_mb >= 0.5 * limit_mb))):
        return memory_message(limit_mb) + f" ({why})"
    return f"worker crashed while reading this file ({why})"


def _preload(paths: list[str]) -> None:
    """Import the PDF reader's libraries once before forking workers when the batch holds PDFs
    (told by the header within the first 1,024 bytes), so that every worker inherits them."""
    from extractors.detect import pdf_start

    for path in paths[:200]:
        try:
            with open(path, "rb") as fh:
                head = fh.read(1024 + 16)
        except OSError:
            continue
        if pdf_start(head) is not None:
            try:
                from extractors.readers.pdf import preload

                preload()
            except Exception as e:  # noqa: BLE001 - the workers import what they need themselves
                log.debug("could not preload the PDF reader: %s", e)
            return


def _warm_results() -> None:
    """Import what checking and writing the workers' results needs (pyarrow imports pandas on its first
    array, ~0.4 s of CPU) while the first workers read their files, instead of after the first one is done."""
    try:
        import pyarrow as pa

        pa.array([0])
    except Exception as e:  # noqa: BLE001 - only a head start: the results are checked all the same
        log.debug("could not warm up the result check: %s", e)


def _run_local(todo: list[tuple[int, str, Options]], bopts: BatchOptions, on_start, on_done,
               keep_fds: list[int], on_tick=None) -> None:
    """Run files (index, path, options) in worker processes, at most ``jobs`` at a time, each with its time
    and memory limits; ``on_tick()`` is called between polls (progress heartbeats)."""
    method = start_method(bopts.start_method)
    ctx = get_context(method)
    frozen = False
    if method == "fork":
        _preload([t[1] for t in todo])
        if len(todo) > 1:
            from iki.pipeline import warm_up

            warm_up()
        # objects that exist now are never collected in a worker: a collection there would touch
        # (and so copy) every page of memory the worker shares with this process (unfrozen after)
        gc.freeze()
        frozen = True
    watch_memory = bool(bopts.max_memory_mb) and not _has_rlimit()
    running: dict[int, tuple[object, object, str, float]] = {}
    peak: dict[int, float] = {}  # the largest memory seen of each worker (MiB), to explain a crash
    queue = list(todo)
    last_memory_check = 0.0
    warmed = False
    try:
        while queue or running:
            while queue and len(running) < max(1, bopts.jobs):
                idx, path, options = queue.pop(0)
                parent, child = ctx.Pipe(duplex=False)
                close = []
                if method == "fork":  # a forked worker inherits every descriptor: close what is not its own
                    close = [c.fileno() for _p, c, _n, _t in running.values()] + [parent.fileno()] + keep_fds
                proc = ctx.Process(target=_worker, daemon=True,
                                   args=(child, path, options, bopts.max_memory_mb, os.getpid(), close))
                proc.start()
                child.close()
                running[idx] = (proc, parent, path, time.monotonic())
                on_start(idx, path)
            if not warmed and not queue:
                # every worker is started (none forked later inherits it, nor its address space): what checking
                # their results needs is imported while they read, not after the first one is done
                warmed = True
                _warm_results()
            done = []
            now = time.monotonic()
            check_memory = bool(bopts.max_memory_mb) and now - last_memory_check > (0.5 if watch_memory else 0.2)
            if check_memory:
                last_memory_check = now
            for idx, (proc, conn, path, t0) in running.items():
                result, transient = None, True
                used = _memory_mb(proc.pid, virtual=not watch_memory) if check_memory else 0.0
                peak[idx] = max(peak.get(idx, 0.0), used)
                # a worker that sent its result and exited between the two checks is not a crash: once it is
                # dead, look at the pipe again (seen under load as "worker crashed (exit code 0)")
                if conn.poll() or (not proc.is_alive() and conn.poll()):
                    try:
                        result = conn.recv()
                        transient = is_memory_error(result, bopts.max_memory_mb)  # a higher limit may read it
                    except (EOFError, OSError):
                        proc.join(timeout=1)  # it is gone: its exit code tells a signal from an exit
                        result = failed_row(path, "error", crash_message(proc.exitcode, peak.get(idx, 0.0),
                                                                         bopts.max_memory_mb))
                elif not proc.is_alive():
                    result = failed_row(path, "error", crash_message(proc.exitcode, peak.get(idx, 0.0),
                                                                     bopts.max_memory_mb))
                elif time.monotonic() - t0 > bopts.timeout:
                    result = failed_row(path, "timeout", f"gave up after {bopts.timeout:g} s (--timeout)")
                elif watch_memory and check_memory and used > bopts.max_memory_mb:
                    result = failed_row(path, "error", memory_message(bopts.max_memory_mb))
                if result is not None:
                    _kill_group(proc)  # also what it started and left behind
                    proc.join(timeout=5)
                    conn.close()
                    on_done(idx, path, result, time.monotonic() - t0, transient)
                    done.append(idx)
            for idx in done:
                running.pop(idx)
                peak.pop(idx, None)
            if on_tick is not None:
                on_tick()
            if running and not done:
                conns = [c for _p, c, _n, _t in running.values()]
                from multiprocessing.connection import wait

                wait(conns + [p.sentinel for p, _c, _n, _t in running.values()], timeout=0.05)
    finally:
        for proc, conn, _path, _t0 in running.values():
            _kill_group(proc)
            with contextlib.suppress(Exception):
                proc.join(timeout=2)
                conn.close()
        if frozen:
            gc.unfreeze()


def _run_dask(todo: list[tuple[int, str, Options]], bopts: BatchOptions, on_start, on_done, on_tick=None) -> None:
    """Send the files to Dask workers; each reads its file with :func:`run_isolated`, so ``--timeout``
    and ``--max-memory`` hold there as they do for local workers."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if bopts.dask == "local":
        cluster = LocalCluster(n_workers=max(1, bopts.jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(bopts.dask)
    timeout = bopts.timeout if bopts.timeout and bopts.timeout != float("inf") else None
    try:
        futures = {}
        for idx, path, options in todo:
            fut = client.submit(run_isolated, path, options, timeout, bopts.max_memory_mb,
                                key=f"iki-{idx}-{hashlib.sha256(os.fsencode(path)).hexdigest()[:12]}", pure=False)
            futures[fut] = (idx, path, time.monotonic())
            on_start(idx, path)
        finished = as_completed(futures)
        while not finished.is_empty():
            if not finished.has_ready():  # poll, so that heartbeats go on while a long file is read
                time.sleep(0.05)
                if on_tick is not None:
                    on_tick()
                continue
            for fut in finished.next_batch(block=False):
                idx, path, t0 = futures[fut]
                try:
                    result, transient = fut.result()
                except Exception as e:  # a worker died or raised
                    result = failed_row(path, "error", f"Dask worker failed: {type(e).__name__}: {e}"[:300])
                    transient = True
                on_done(idx, path, result, time.monotonic() - t0, transient)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ----------------------------------------------------------------------------- one file, isolated


def run_isolated(path: str, options: Options, timeout: float | None = 900.0, max_memory_mb: int | None = 4096,
                 lang: str | None = None) -> tuple[FileResult, bool]:
    """Read one file in a child process of its own, with a local worker's limits; never raises for the file.

    The child is a new Python (``subprocess``, so this works inside daemonic processes such as Dask
    workers and in any thread), leads its own process group (``--timeout`` stops the programs it
    started with it), limits its address space to ``max_memory_mb`` (or is watched where the platform
    cannot), and ends when the calling process dies (it watches a pipe). Returns ``(result,
    transient)``; ``transient`` is True for a timeout or crash (not a result to keep).
    """
    from iki.i18n import lang as current_lang

    path = os.fspath(path)
    request = {"path": os.fsencode(path).hex(), "options": asdict(options), "max_memory_mb": max_memory_mb or 0,
               "lang": lang or current_lang()}
    alive_r, alive_w = os.pipe()
    cmd = [sys.executable, "-c", "import iki.batch as b; b._isolated_main()", str(alive_r)]
    kw = {"start_new_session": True, "pass_fds": (alive_r,)} if os.name == "posix" else {}
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    t0 = time.monotonic()
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                env=env, **kw)
    except BaseException:
        os.close(alive_w)
        raise
    finally:
        os.close(alive_r)
    peak = 0.0
    try:
        proc.stdin.write(json.dumps(request).encode() + b"\n")
        proc.stdin.close()
        reader = threading.Thread(target=lambda: setattr(proc, "_iki_out", proc.stdout.read()), daemon=True)
        reader.start()
        limit_s = timeout if timeout and timeout != float("inf") else None
        watch = bool(max_memory_mb) and not _has_rlimit()
        while reader.is_alive() or proc.poll() is None:
            if limit_s is not None and time.monotonic() - t0 > limit_s:
                _kill_group(proc)
                return failed_row(path, "timeout", f"gave up after {limit_s:g} s (--timeout)"), True
            used = _memory_mb(proc.pid, virtual=not watch) if max_memory_mb else 0.0
            peak = max(peak, used)
            if watch and used > max_memory_mb:
                _kill_group(proc)
                return failed_row(path, "error", memory_message(max_memory_mb)), True
            reader.join(0.1)
            if not reader.is_alive():
                proc.wait(timeout=5)
                break
        raw = getattr(proc, "_iki_out", b"")
        if proc.returncode == 0 and raw:
            try:
                body = json.loads(raw.decode("utf-8"))
                r = FileResult(body["document"], body["positions"], body["duties"], body["indicators"],
                               body.get("log") or [])
                return r, is_memory_error(r, max_memory_mb)
            except (ValueError, KeyError, TypeError, UnicodeDecodeError):
                pass
        return failed_row(path, "error", crash_message(proc.returncode, peak, max_memory_mb or 0)), True
    finally:
        os.close(alive_w)
        _kill_group(proc)
        with contextlib.suppress(Exception):
            proc.wait(timeout=5)
        for stream in (proc.stdin, proc.stdout):
            with contextlib.suppress(Exception):
                stream.close()


def _isolated_main() -> None:
    """The child of :func:`run_isolated`: read the request, set the limits, read the file, print the rows."""
    alive = int(sys.argv[1]) if len(sys.argv) > 1 else None
    request = json.loads(sys.stdin.buffer.readline().decode("utf-8"))
    result_fd = os.dup(1)  # the rows go here; anything a library prints goes nowhere
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.close(devnull)
    if alive is not None:
        def watch() -> None:
            with contextlib.suppress(OSError):
                while os.read(alive, 1):
                    pass
            if hasattr(os, "killpg"):  # the caller is gone: stop this group (tesseract, LibreOffice too)
                with contextlib.suppress(OSError):
                    os.killpg(os.getpgrp(), signal.SIGKILL)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    from iki.i18n import set_lang

    with contextlib.suppress(ValueError):
        set_lang(request.get("lang"))
    path = os.fsdecode(bytes.fromhex(request["path"]))
    options = Options(**request["options"])
    max_memory_mb = int(request.get("max_memory_mb") or 0)
    result = _read_limited(path, options, max_memory_mb)
    out = json.dumps({"document": result.document, "positions": result.positions, "duties": result.duties,
                      "indicators": result.indicators, "log": result.log}, ensure_ascii=True, allow_nan=True)
    data = memoryview(out.encode("ascii"))
    while data:
        data = data[os.write(result_fd, data):]
    os._exit(0)


# ----------------------------------------------------------------------------- a batch


class Progress:
    """What a batch tells as it goes; the command line shows it (bar or one line per file)."""

    def planned(self, total: int, weights: dict[str, int] | None = None, cached: int = 0, jobs: int = 1,
                pages: int | None = None, pdfs: int = 0) -> None:
        """``total`` files; ``weights``: pages (or 1) of each file still to read; ``cached``: files taken from
        the cache; ``pages``: known PDF pages of all files, in ``pdfs`` PDFs."""

    def hashing(self, path: str, size: int) -> None:
        """Called before hashing a large file (it may take a while, within ``--timeout``)."""

    def started(self, path: str) -> None: ...

    def finished(self, path: str, document: dict, seconds: float | None, cached: bool) -> None: ...

    def tick(self) -> None:
        """Called every fraction of a second while files are being read (heartbeats)."""


def plan(files: list[str], options: Options, roots: dict[str, str] | None = None, timeout: float | None = None,
         max_bytes: int | None = None, progress: Progress | None = None) -> list[Planned]:
    """Cache keys and content digests of the files; the same content at a later path is a duplicate.

    ``roots``: for each file, the path given that found it (:func:`iki.pipeline.path_year` reads the
    year of the file's name or folders below it); a file's options carry that year. A file is hashed
    within ``timeout`` seconds (a sparse file of a terabyte would take minutes), and one larger than
    ``max_bytes`` (what ``--max-memory`` lets a worker hold) is not hashed at all: both get their row
    here (``failure``), as do a FIFO, a device and a file that cannot be read."""
    from iki.progress import file_facts

    out: list[Planned] = []
    first_by_sha: dict[str, int] = {}
    roots = roots or {}
    for i, f in enumerate(files):
        pages, weight = None, 1
        failure, sha, size = None, None, None
        try:
            st = os.stat(f)
            if stat.S_ISREG(st.st_mode) and max_bytes and st.st_size > max_bytes:
                failure = failed_row(f, "error", f"the file is {st.st_size / 2**20:,.0f} MiB, more than a worker may "
                                                 f"hold ({max_bytes / 2**20:,.0f} MiB, --max-memory): not read")
            else:
                if stat.S_ISREG(st.st_mode) and st.st_size > BIG_FILE and progress is not None:
                    progress.hashing(f, st.st_size)
                deadline = time.monotonic() + timeout if timeout and timeout != float("inf") else None
                sha, size, pages, weight = file_facts(f, deadline)
        except DigestTimeout:
            failure = failed_row(f, "timeout", f"gave up after {timeout:g} s reading the file to identify it "
                                               f"(--timeout)")
        except OSError as e:
            failure = unreadable_row(f, e)
        year = path_year(f, roots.get(f, f))
        opts = replace(options, path_year=year) if year else options
        if failure is not None:
            out.append(Planned(f, "", None, None, opts, failure=failure))
            continue
        dup = first_by_sha.get(sha)
        if dup is None:
            first_by_sha[sha] = i
        out.append(Planned(f, cache_key(f, opts, sha), sha, dup, opts, pages, weight, size))
    return out


def run_batch(files: list[str], out: str | Path, options: Options, bopts: BatchOptions,
              progress: Progress | None = None, keep_fds: list[int] | None = None,
              roots: dict[str, str] | None = None) -> tuple[list[Planned], BatchStats]:
    """Make sure every file's result is in the cache; return the plan (one entry per file, in order).

    Results are not kept in memory: :func:`results` reads them back one by one, so a batch of any
    size is assembled in bounded memory. ``keep_fds``: descriptors forked workers must close
    (the output lock); ``roots``: see :func:`plan`. Raises ``OSError`` when the cache cannot be written
    (full disk ...).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    progress = progress or Progress()
    stats = BatchStats()
    _secret(out)  # the folder's cache key, made now (under the caller's lock) if missing
    max_bytes = bopts.max_memory_mb * 2 ** 20 if bopts.max_memory_mb else None
    entries = plan(files, options, roots, bopts.timeout, max_bytes, progress)
    todo: list[tuple[int, str]] = []
    cached: list[tuple[str, dict]] = []
    failures: list[tuple[str, dict]] = []
    for i, e in enumerate(entries):
        if e.failure is not None:
            failures.append((e.path, e.failure.document))
            continue
        if e.duplicate_of is not None:
            stats.duplicates += 1
            continue
        if not bopts.force:
            try:
                r = load_entry(out, e.key, allow_transient=False)
            except CacheEntryInvalid as bad:
                if str(bad) not in ("missing", "transient"):
                    stats.cache_rejected.append(f"{display_path(e.path)}: {bad}")
                    log.warning("ignored the cache entry of %s (%s); reading the file again",
                                display_path(e.path), bad)
            else:
                stats.cached += 1
                cached.append((e.path, r.document))
                continue
        todo.append((i, e.path))
    pdf_pages = [e.pages for e in entries if e.pages]
    progress.planned(len(entries), {p: entries[i].weight for i, p in todo}, len(cached), max(1, bopts.jobs),
                     sum(pdf_pages) or None, len(pdf_pages))
    for path, document in cached:
        progress.finished(path, document, None, True)
    for path, document in failures:
        progress.finished(path, document, 0.0, False)

    def on_start(idx: int, path: str) -> None:
        progress.started(path)

    def on_done(idx: int, path: str, result: FileResult, seconds: float, transient: bool) -> None:
        for line in result.log:
            log.debug("%s", line)
        result = store_entry(out, entries[idx].key, result, transient, entries[idx].size)
        fmt = result.document.get("format") or "unknown"
        stats.seconds_by_format[fmt] = stats.seconds_by_format.get(fmt, 0.0) + seconds
        stats.files_by_format[fmt] = stats.files_by_format.get(fmt, 0) + 1
        progress.finished(path, result.document, seconds, False)

    if todo:
        # one pool of OCR slots for all workers: at most --jobs tesseract processes at once, so the
        # pages of one large scan use every core and many small files do not oversubscribe them
        with shared_slots(max(1, min(bopts.jobs, 1024))):
            work = [(i, p, entries[i].options or options) for i, p in todo]
            if bopts.dask:
                _run_dask(work, bopts, on_start, on_done, getattr(progress, "tick", None))
            else:
                _run_local(work, bopts, on_start, on_done, list(keep_fds or []), getattr(progress, "tick", None))
    for e in entries:  # duplicates are told after their first file
        if e.duplicate_of is not None:
            first = entries[e.duplicate_of]
            with contextlib.suppress(CacheEntryInvalid):
                progress.finished(e.path, duplicate_row(e, load_entry(out, first.key).document, first.path), 0.0,
                                  True)
    stats.finished = time.time()
    return entries, stats


def duplicate_row(entry: Planned, first: dict, first_path: str) -> dict:
    """The ``documents`` row of a file whose content an earlier file of the batch already has.

    Its ``doc_id`` is derived from the content and its own path (unique, stable); it has no
    positions or indicators of its own: they are listed once, under ``duplicate_of``.
    """
    row = dict(first)
    shown = display_path(entry.path)
    row.update(doc_id=hashlib.sha256(f"{entry.sha256}\0".encode() + os.fsencode(entry.path)).hexdigest()[:16],
               source_path=shown, file_name=os.path.basename(shown) or shown, status="duplicate",
               error=f"same content as {display_path(first_path)}: its rows are listed once, under doc_id "
                     f"{first['doc_id']}",
               duplicate_of=first["doc_id"], n_positions=0, n_indicators=0, warnings=[])
    return row


def results(out: str | Path, entries: list[Planned]):
    """The cached results of a batch, one at a time, in order (duplicates as their own row only)."""
    out = Path(out)
    firsts: dict[int, dict] = {}
    wanted = {e.duplicate_of for e in entries if e.duplicate_of is not None}
    for i, e in enumerate(entries):
        if e.duplicate_of is not None:
            first = firsts[e.duplicate_of]
            yield FileResult(duplicate_row(e, first, entries[e.duplicate_of].path))
            continue
        if e.failure is not None:
            r = e.failure
        else:
            try:
                r = load_entry(out, e.key)
            except CacheEntryInvalid as bad:  # removed or damaged meanwhile: this file fails, not the batch
                r = failed_row(e.path, "error", f"its cache entry was lost during the run ({bad}): run the same "
                                                "command again to read it")
                if e.sha256:
                    r.document.update(doc_id=e.sha256[:16], sha256=e.sha256)
        if i in wanted:
            firsts[i] = r.document
        yield r


def _installed(package: str) -> str | None:
    """An installed package's version, read from its metadata (importing pandas only to ask it
    would cost a run a third of a second)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def manifest(args: dict, totals: dict, stats: BatchStats, out: Path, generation: str | None = None) -> dict:
    """What a run did, for ``OUT/manifest.json``."""
    import pyarrow

    return {
        "iki_version": __version__,
        "pipeline_fingerprint": pipeline_fingerprint(),
        "generation": generation,
        "python": sys.version.split()[0],
        "versions": {"pandas": _installed("pandas"), "pyarrow": pyarrow.__version__},
        "arguments": args,
        "files": totals["files"],
        "from_cache": stats.cached,
        "duplicates": stats.duplicates,
        "cache_entries_ignored": stats.cache_rejected,
        "skipped": totals.get("skipped", {}),
        "status_counts": dict(sorted(totals["status"].items())),
        "positions": totals["positions"],
        "indicators": totals["indicators"],
        "seconds_by_format": {k: round(v, 3) for k, v in sorted(stats.seconds_by_format.items())},
        "files_by_format": dict(sorted(stats.files_by_format.items())),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(stats.started)),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(stats.finished)),
        "output": display_path(out),
        "working_directory": display_path(os.getcwd()),  # relative source paths are from here (iki review)
    }


def write_manifest(folder: Path, data: dict) -> None:
    """``folder/manifest.json`` through the atomic-write helper."""
    from schema.writer import atomic_write

    atomic_write(Path(folder) / "manifest.json", json.dumps(data, indent=2, ensure_ascii=False) + "\n")
