"""Batch runs that never lose data: parallel, cached and resumable, one file's failure isolated.

* Every file runs in a worker process of its own (forked), with a time limit and a
  memory limit: a hang, a crash or a memory blow-up ends that worker only, and the
  file gets a ``documents`` row with ``status`` ``timeout`` or ``error``.
* Each finished file is written at once to ``OUT/.iki-cache/`` (atomically), keyed by
  the file's content, its path, the options and the pipeline version. A run that is
  interrupted (Ctrl-C, ``kill -9``) loses only the files in flight; the next run
  takes the rest from the cache and writes the same tables.
* The tables are assembled in input order, so the output does not depend on how many
  workers ran or in which order they finished.
* ``--dask local`` / ``--scheduler tcp://host:8786`` send the files to Dask workers
  instead of local processes (same results, same cache).
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import resource
import signal
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from multiprocessing import get_context
from pathlib import Path

from extractors.readers.ocr_pool import shared_slots
from iki import __version__
from iki.pipeline import FileResult, Options, _doc_row, process_file

CACHE_DIR = ".iki-cache"


@dataclass
class BatchOptions:
    jobs: int = 1
    timeout: float = 900.0  # seconds per file
    max_memory_mb: int = 4096  # address-space limit per worker
    force: bool = False
    dask: str | None = None  # None | "local" | "tcp://host:port"


@dataclass
class BatchStats:
    started: float = field(default_factory=time.time)
    finished: float = 0.0
    cached: int = 0
    seconds_by_format: dict[str, float] = field(default_factory=dict)
    files_by_format: dict[str, int] = field(default_factory=dict)


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


def cache_key(path: str, options: Options) -> str:
    """What decides a file's rows: its bytes, its path (it is in the rows), the options and the pipeline."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        h.update(b"<unreadable>")
    h.update(path.encode())
    h.update(json.dumps(asdict(options), sort_keys=True).encode())
    h.update(pipeline_fingerprint().encode())
    return h.hexdigest()


def _cache_path(out: Path, key: str) -> Path:
    return out / CACHE_DIR / key[:2] / f"{key}.pkl"


def _load(out: Path, key: str) -> FileResult | None:
    p = _cache_path(out, key)
    try:
        with open(p, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ValueError):
        return None


def _store(out: Path, key: str, result: FileResult) -> None:
    p = _cache_path(out, key)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=p.parent, prefix=".tmp.", suffix=".pkl")
    with os.fdopen(fd, "wb") as f:
        pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, p)


def _failed(path: str, status: str, message: str) -> FileResult:
    try:
        data = Path(path).read_bytes()
    except OSError:
        data = b""
    from extractors.detect import detect_format

    row = _doc_row(path, data, detect_format(data, path) if data else "unknown")
    row.update(status=status, error=message)
    return FileResult(row)


def _worker(conn, path: str, options: Options, max_memory_mb: int) -> None:
    """Child process: limit memory, process one file, send the result back."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if max_memory_mb:
        limit = max_memory_mb * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):
            pass
    try:
        result = process_file(path, options)
    except MemoryError:
        result = _failed(path, "error", f"ran out of memory (limit {max_memory_mb} MiB per file)")
    except BaseException as e:  # noqa: BLE001 - nothing may escape the worker
        result = _failed(path, "error", f"worker failed: {type(e).__name__}: {e}"[:300])
    try:
        conn.send(result)
    finally:
        conn.close()


def _run_local(todo: list[tuple[int, str]], options: Options, bopts: BatchOptions, on_done) -> None:
    """Run files in forked workers, at most ``jobs`` at a time, each with its time limit."""
    ctx = get_context("fork")
    running: dict[int, tuple[object, object, str, float]] = {}
    queue = list(todo)
    try:
        while queue or running:
            while queue and len(running) < max(1, bopts.jobs):
                idx, path = queue.pop(0)
                parent, child = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=_worker, args=(child, path, options, bopts.max_memory_mb), daemon=True)
                proc.start()
                child.close()
                running[idx] = (proc, parent, path, time.monotonic())
            done = []
            for idx, (proc, conn, path, t0) in running.items():
                result = None
                if conn.poll():
                    try:
                        result = conn.recv()
                    except (EOFError, OSError):
                        result = _failed(path, "error", "worker crashed while reading this file")
                elif not proc.is_alive():
                    code = proc.exitcode
                    result = _failed(path, "error", f"worker crashed while reading this file (exit code {code})")
                elif time.monotonic() - t0 > bopts.timeout:
                    proc.kill()
                    result = _failed(path, "timeout", f"gave up after {bopts.timeout:.0f} s (--timeout)")
                if result is not None:
                    proc.join(timeout=5)
                    conn.close()
                    on_done(idx, path, result, time.monotonic() - t0)
                    done.append(idx)
            for idx in done:
                running.pop(idx)
            if running and not done:
                time.sleep(0.01)
    finally:
        for proc, conn, _path, _t0 in running.values():
            proc.kill()


def _run_dask(todo: list[tuple[int, str]], options: Options, bopts: BatchOptions, on_done) -> None:
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
        for idx, path in todo:
            fut = client.submit(process_file, path, options, key=f"iki-{idx}-{cache_key(path, options)[:12]}",
                                pure=False)
            futures[fut] = (idx, path, time.monotonic())
        for fut in as_completed(futures):
            idx, path, t0 = futures[fut]
            try:
                result = fut.result()
            except Exception as e:  # a worker died or raised
                result = _failed(path, "error", f"Dask worker failed: {type(e).__name__}: {e}"[:300])
            on_done(idx, path, result, time.monotonic() - t0)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def run_batch(files: list[str], out: str | Path, options: Options, bopts: BatchOptions,
              progress=None) -> tuple[list[str], BatchStats]:
    """Make sure every file's result is in the cache; return the cache keys in the order of ``files``.

    Results are not kept in memory: :func:`results` reads them back one by one, so a batch of any
    size is assembled in bounded memory.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    stats = BatchStats()
    keys = [cache_key(f, options) for f in files]
    todo: list[tuple[int, str]] = []
    for i, (f, key) in enumerate(zip(files, keys)):
        if not bopts.force and _cache_path(out, key).exists():
            stats.cached += 1
            if progress is not None:
                progress.update(1)
        else:
            todo.append((i, f))

    def on_done(idx: int, path: str, result: FileResult, seconds: float) -> None:
        _store(out, keys[idx], result)
        fmt = result.document.get("format") or "unknown"
        stats.seconds_by_format[fmt] = stats.seconds_by_format.get(fmt, 0.0) + seconds
        stats.files_by_format[fmt] = stats.files_by_format.get(fmt, 0) + 1
        if progress is not None:
            progress.set_postfix_str(Path(path).name[-30:], refresh=False)
            progress.update(1)

    if todo:
        # one pool of OCR slots for all workers: at most --jobs tesseract processes at once, so the
        # pages of one large scan use every core and many small files do not oversubscribe them
        with shared_slots(max(1, bopts.jobs)):
            if bopts.dask:
                _run_dask(todo, options, bopts, on_done)
            else:
                _run_local(todo, options, bopts, on_done)
    stats.finished = time.time()
    return keys, stats


def results(out: str | Path, keys: list[str]):
    """The cached results of a batch, one at a time, in order."""
    out = Path(out)
    for key in keys:
        r = _load(out, key)
        if r is None:
            raise RuntimeError(f"a cached result is missing or unreadable: {_cache_path(out, key)}")
        yield r


def manifest(args: dict, totals: dict, stats: BatchStats, out: Path) -> dict:
    """What a run did, for ``OUT/manifest.json``."""
    import pandas
    import pyarrow

    return {
        "iki_version": __version__,
        "pipeline_fingerprint": pipeline_fingerprint(),
        "python": sys.version.split()[0],
        "versions": {"pandas": pandas.__version__, "pyarrow": pyarrow.__version__},
        "arguments": args,
        "files": totals["files"],
        "from_cache": stats.cached,
        "status_counts": dict(sorted(totals["status"].items())),
        "positions": totals["positions"],
        "indicators": totals["indicators"],
        "seconds_by_format": {k: round(v, 3) for k, v in sorted(stats.seconds_by_format.items())},
        "files_by_format": dict(sorted(stats.files_by_format.items())),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(stats.started)),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(stats.finished)),
        "output": str(out),
    }


def write_manifest(out: Path, data: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=out, prefix=".manifest.", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, ensure_ascii=False)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, out / "manifest.json")
