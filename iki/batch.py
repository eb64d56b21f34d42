"""Batch runs that no input, fault or neighbour can break: parallel, cached, resumable, isolated.

* Every file is read in a worker process of its own, with a time limit (``--timeout``) and a
  memory limit (``--max-memory``). The worker leads its own process group, so the programs it
  starts (tesseract, LibreOffice) are stopped with it. It does not hold the read end of its result
  pipe, and a watchdog thread ends the whole group when the main process is gone (``kill -9``).
  Workers are forked where ``fork`` is safe (Linux) and spawned elsewhere (macOS, Windows); the
  memory limit is ``RLIMIT_AS`` where the platform has it, else the main process watches each
  worker's memory (psutil) and stops it past the limit.
* Each finished file is written at once to ``OUT/.iki-cache/`` as JSON (a data format: nothing in
  an entry can run code), keyed by the file's content, its path, the options and iki's source.
  Entries are validated against the table schemas when read; a damaged or foreign entry is
  ignored with a warning and the file is read again. A run that is interrupted loses only the
  files in flight; the next run takes the rest from the cache and writes the same tables.
* The same content at two paths is read once; the second file's row is marked ``duplicate``.
* The tables are assembled in input order, so the output does not depend on how many workers
  ran or in which order they finished.
* ``--dask local`` / ``--scheduler tcp://host:8786`` send the files to Dask workers instead of
  local processes (same results, same cache; limits are then Dask's).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import signal
import sys
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from extractors.readers.ocr_pool import shared_slots
from iki.version import __version__
from iki.pipeline import (FileResult, NotARegularFile, Options, display_path, failed_row, file_digest, path_year,
                          process_file)

log = logging.getLogger("iki")

CACHE_DIR = ".iki-cache"
CACHE_FORMAT = "iki-cache/2"
MAX_CACHE_ENTRY = 512 * 1024 * 1024  # bytes; a larger entry is not iki's


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
    its options (the run's, with the year its path states) and its pages when known (PDF)."""
    path: str
    key: str
    sha256: str | None = None
    duplicate_of: int | None = None  # index in the plan of the first file with the same content
    options: Options | None = None
    pages: int | None = None
    weight: int = 1  # expected reading time in digital pages (iki.progress.PageCounter.weight)


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
    """A cache entry that is missing, damaged, foreign or not iki's (message says which)."""


def _encode(key: str, result: FileResult, transient: bool) -> bytes:
    body = {"format": CACHE_FORMAT, "key": key, "pipeline": pipeline_fingerprint(), "transient": transient,
            "document": result.document, "positions": result.positions, "duties": result.duties,
            "indicators": result.indicators}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=True).encode("utf-8")


def _validate(key: str, body) -> FileResult:
    """A decoded entry → :class:`FileResult`, or :class:`CacheEntryInvalid` when anything is off."""
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


def load_entry(out: str | Path, key: str, allow_transient: bool = True) -> FileResult:
    """Read and validate one cache entry; raises :class:`CacheEntryInvalid` (never runs its content)."""
    p = _cache_path(Path(out), key)
    try:
        with open(p, "rb") as f:
            raw = f.read(MAX_CACHE_ENTRY + 1)
    except FileNotFoundError:
        raise CacheEntryInvalid("missing") from None
    except OSError as e:
        raise CacheEntryInvalid(f"unreadable ({e.strerror or e})") from e
    if len(raw) > MAX_CACHE_ENTRY:
        raise CacheEntryInvalid("too large")
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as e:
        raise CacheEntryInvalid(f"damaged ({type(e).__name__})") from e
    result = _validate(key, body)
    if body.get("transient") and not allow_transient:
        raise CacheEntryInvalid("transient")
    return result


def store_entry(out: str | Path, key: str, result: FileResult, transient: bool = False) -> None:
    """Write one cache entry atomically (``transient``: a timeout or crash, read again next run)."""
    from schema.writer import atomic_write

    atomic_write(_cache_path(Path(out), key), _encode(key, result, transient))


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
    if max_memory_mb and _has_rlimit():
        import resource

        limit = max_memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        result = process_file(path, options)
    except MemoryError:
        result = failed_row(path, "error", f"ran out of memory (limit {max_memory_mb} MiB per file, --max-memory)")
    except BaseException as e:  # noqa: BLE001 - nothing may escape the worker
        result = failed_row(path, "error", f"internal error: worker failed: {type(e).__name__}: {e}"[:300])
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


def _memory_mb(pid: int) -> float:
    """Resident memory of a worker and its children, in MiB (0 when it cannot be measured)."""
    try:
        import psutil

        p = psutil.Process(pid)
        total = p.memory_info().rss
        for c in p.children(recursive=True):
            with contextlib.suppress(Exception):
                total += c.memory_info().rss
        return total / 2 ** 20
    except Exception:  # noqa: BLE001
        return 0.0


def _run_local(todo: list[tuple[int, str, Options]], bopts: BatchOptions, on_start, on_done,
               keep_fds: list[int], on_tick=None) -> None:
    """Run files (index, path, options) in worker processes, at most ``jobs`` at a time, each with its time
    and memory limits; ``on_tick()`` is called between polls (progress heartbeats)."""
    method = start_method(bopts.start_method)
    ctx = get_context(method)
    watch_memory = bool(bopts.max_memory_mb) and not _has_rlimit()
    running: dict[int, tuple[object, object, str, float]] = {}
    queue = list(todo)
    last_memory_check = 0.0
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
            done = []
            now = time.monotonic()
            check_memory = watch_memory and now - last_memory_check > 0.5
            if check_memory:
                last_memory_check = now
            for idx, (proc, conn, path, t0) in running.items():
                result, transient = None, True
                # a worker that sent its result and exited between the two checks is not a crash: once it is
                # dead, look at the pipe again (seen under load as "worker crashed (exit code 0)")
                if conn.poll() or (not proc.is_alive() and conn.poll()):
                    try:
                        result, transient = conn.recv(), False
                    except (EOFError, OSError):
                        result = failed_row(path, "error", "worker crashed while reading this file")
                elif not proc.is_alive():
                    code = proc.exitcode
                    why = f"killed by signal {-code}" if code and code < 0 else f"exit code {code}"
                    result = failed_row(path, "error", f"worker crashed while reading this file ({why})")
                elif time.monotonic() - t0 > bopts.timeout:
                    result = failed_row(path, "timeout", f"gave up after {bopts.timeout:g} s (--timeout)")
                elif check_memory and _memory_mb(proc.pid) > bopts.max_memory_mb:
                    result = failed_row(path, "error",
                                        f"ran out of memory (limit {bopts.max_memory_mb} MiB per file, --max-memory)")
                if result is not None:
                    _kill_group(proc)  # also what it started and left behind
                    proc.join(timeout=5)
                    conn.close()
                    on_done(idx, path, result, time.monotonic() - t0, transient)
                    done.append(idx)
            for idx in done:
                running.pop(idx)
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


def _run_dask(todo: list[tuple[int, str, Options]], bopts: BatchOptions, on_start, on_done, on_tick=None) -> None:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if bopts.dask == "local":
        cluster = LocalCluster(n_workers=max(1, bopts.jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(bopts.dask)
    try:
        futures = {}
        for idx, path, options in todo:
            fut = client.submit(process_file, path, options,
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
                transient = False
                try:
                    result = fut.result()
                except Exception as e:  # a worker died or raised
                    result = failed_row(path, "error", f"Dask worker failed: {type(e).__name__}: {e}"[:300])
                    transient = True
                on_done(idx, path, result, time.monotonic() - t0, transient)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ----------------------------------------------------------------------------- a batch


class Progress:
    """What a batch tells as it goes; the command line shows it (bar or one line per file)."""

    def planned(self, total: int, weights: dict[str, int] | None = None, cached: int = 0, jobs: int = 1,
                pages: int | None = None, pdfs: int = 0) -> None:
        """``total`` files; ``weights``: pages (or 1) of each file still to read; ``cached``: files taken from
        the cache; ``pages``: known PDF pages of all files, in ``pdfs`` PDFs."""

    def started(self, path: str) -> None: ...

    def finished(self, path: str, document: dict, seconds: float | None, cached: bool) -> None: ...

    def tick(self) -> None:
        """Called every fraction of a second while files are being read (heartbeats)."""


def plan(files: list[str], options: Options, roots: dict[str, str] | None = None) -> list[Planned]:
    """Cache keys and content digests of the files; the same content at a later path is a duplicate.

    ``roots``: for each file, the path given that found it (:func:`iki.pipeline.path_year` reads the
    year of the file's name or folders below it); a file's options carry that year."""
    from iki.progress import file_facts

    out: list[Planned] = []
    first_by_sha: dict[str, int] = {}
    roots = roots or {}
    for i, f in enumerate(files):
        try:
            sha, _size, pages, weight = file_facts(f)
        except OSError:
            sha, pages, weight = None, None, 1
        dup = first_by_sha.get(sha) if sha else None
        if sha and dup is None:
            first_by_sha[sha] = i
        year = path_year(f, roots.get(f, f))
        opts = replace(options, path_year=year) if year else options
        out.append(Planned(f, cache_key(f, opts, sha if sha else None), sha, dup, opts, pages, weight))
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
    entries = plan(files, options, roots)
    todo: list[tuple[int, str]] = []
    cached: list[tuple[str, dict]] = []
    for i, e in enumerate(entries):
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

    def on_start(idx: int, path: str) -> None:
        progress.started(path)

    def on_done(idx: int, path: str, result: FileResult, seconds: float, transient: bool) -> None:
        for line in result.log:
            log.debug("%s", line)
        store_entry(out, entries[idx].key, result, transient)
        fmt = result.document.get("format") or "unknown"
        stats.seconds_by_format[fmt] = stats.seconds_by_format.get(fmt, 0.0) + seconds
        stats.files_by_format[fmt] = stats.files_by_format.get(fmt, 0) + 1
        progress.finished(path, result.document, seconds, False)

    # files that cannot be opened (FIFO, device, unreadable) need no worker: their row is made here
    direct = [(i, p) for i, p in todo if entries[i].sha256 is None]
    todo = [(i, p) for i, p in todo if entries[i].sha256 is not None]
    for i, p in direct:
        t0 = time.monotonic()
        on_start(i, p)
        on_done(i, p, process_file(p, entries[i].options or options), time.monotonic() - t0, False)
    if todo:
        # one pool of OCR slots for all workers: at most --jobs tesseract processes at once, so the
        # pages of one large scan use every core and many small files do not oversubscribe them
        with shared_slots(max(1, bopts.jobs)):
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
        try:
            r = load_entry(out, e.key)
        except CacheEntryInvalid as bad:
            raise RuntimeError(f"the cache entry of {display_path(e.path)} was lost during the run ({bad}): "
                               f"{_cache_path(out, e.key)}") from None
        if i in wanted:
            firsts[i] = r.document
        yield r


def manifest(args: dict, totals: dict, stats: BatchStats, out: Path, generation: str | None = None) -> dict:
    """What a run did, for ``OUT/manifest.json``."""
    import pandas
    import pyarrow

    return {
        "iki_version": __version__,
        "pipeline_fingerprint": pipeline_fingerprint(),
        "generation": generation,
        "python": sys.version.split()[0],
        "versions": {"pandas": pandas.__version__, "pyarrow": pyarrow.__version__},
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
