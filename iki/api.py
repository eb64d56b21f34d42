"""What ``iki.extract``, ``iki.read``, ``iki.show``, ``iki.diff`` and ``iki.export`` do (see :mod:`iki`).

The command line (:mod:`iki.cli`) is a thin layer over these functions: it parses arguments, calls
them, prints their summaries and maps their exceptions (:mod:`iki.errors`) to exit statuses.
"""
from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from iki.errors import EnvironmentProblem, UsageError
from iki.i18n import t

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

log = logging.getLogger("iki")

EXTRACT_TABLE_NAMES = ("documents", "positions", "duties", "indicators", "flat")
DIFF_TABLE_NAMES = ("position_changes", "indicator_changes", "field_changes")


# --------------------------------------------------------------------------- tables in memory


def _frame(table) -> "pd.DataFrame":
    """A pyarrow Table → pandas with Arrow-backed dtypes (strings, lists, nullable ints stay as they are)."""
    import pandas as pd

    return table.to_pandas(types_mapper=pd.ArrowDtype)


class _TableSet:
    """Named tables as attributes and items; ``names`` in order."""

    names: tuple[str, ...] = ()

    def __init__(self, arrow: dict):
        self._arrow = arrow
        self._frames: dict[str, "pd.DataFrame"] = {}

    def __getattr__(self, name: str):
        if name.startswith("_") or name not in type(self).names:
            raise AttributeError(f"{type(self).__name__} has no table {name!r}; tables: {', '.join(self.names)}")
        if name not in self._frames:
            self._frames[name] = _frame(self._arrow[name])
        return self._frames[name]

    def __getitem__(self, name: str) -> "pd.DataFrame":
        if name not in type(self).names:
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self):
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self.names))

    def to_arrow(self) -> dict:
        """``{name: pyarrow.Table}`` with the Parquet schemas (zero-copy for polars and DuckDB)."""
        return dict(self._arrow)

    def to_polars(self) -> dict:
        """``{name: polars.DataFrame}`` (needs ``pip install polars``); types and nulls as in the Parquet files."""
        try:
            import polars as pl
        except ImportError:
            raise UsageError("to_polars() needs polars: pip install polars") from None
        return {n: pl.from_arrow(self._arrow[n]) for n in self.names}

    def to_duckdb(self, connection=None):
        """A DuckDB connection (new, or ``connection``) with each table registered as a view of its name:
        ``tables.to_duckdb().sql("SELECT ... FROM flat")`` (needs ``pip install duckdb``)."""
        try:
            import duckdb
        except ImportError:
            raise UsageError("to_duckdb() needs duckdb: pip install duckdb") from None
        con = connection if connection is not None else duckdb.connect()
        for n in self.names:
            con.register(n, self._arrow[n])
        return con

    def __repr__(self) -> str:
        counts = ", ".join(f"{n}={self._arrow[n].num_rows}" for n in self.names)
        where = getattr(self, "_where", None)
        return f"{type(self).__name__}({counts}{f'; from {where}' if where else ''})"


class Tables(_TableSet):
    """The five tables of an extraction, as pandas DataFrames with the Parquet dtypes.

    ``documents`` (one row per input file), ``positions`` (per IKI / IKU / PK block), ``duties`` (per
    TUGAS / FUNGSI item), ``indicators`` (per indicator row) and ``flat`` (per indicator, with its
    position's and document's columns). Every column is ``pandas.ArrowDtype``: strings
    ``string[pyarrow]``, integers ``int32[pyarrow]`` with ``<NA>`` where null (``year`` stays 2019,
    never 2019.0), lists ``list<item: string>[pyarrow]`` (``warnings``, ``warning_codes``: use
    ``.list`` methods, e.g. ``flat.warning_codes.list.len()``). Columns are described in
    ``schema/DATA_DICTIONARY.md``.

    ``out``: the output folder they were read from (None when extracted in memory).
    ``to_arrow()``, ``to_polars()``, ``to_duckdb()``: the same tables for pyarrow, polars and DuckDB.
    """

    names = EXTRACT_TABLE_NAMES

    def __init__(self, arrow: dict, out: Path | None = None, report: "ExtractReport | None" = None):
        super().__init__(arrow)
        self.out = out
        self.report = report
        self._where = str(out) if out else None

    @property
    def failed(self) -> "pd.DataFrame":
        """``documents`` rows of files that could not be read (status ``error`` or ``timeout``)."""
        docs = self.documents
        return docs[docs.status.isin(["error", "timeout"])]


class DiffTables(_TableSet):
    """What changed between two years: ``position_changes``, ``indicator_changes`` and ``field_changes``
    (pandas DataFrames with the Parquet dtypes, columns in ``schema/DATA_DICTIONARY.md``).

    ``summary``: the text ``iki diff`` prints; ``notes``: what limited the comparison (positions left
    out for lack of a year); ``to_html(path)`` writes the report page; ``write(folder)`` writes the
    three Parquet tables and ``report.html`` as ``iki diff -o folder`` does; ``result``: the
    :class:`iki.diff.DiffResult` (both sides, the matching)."""

    names = DIFF_TABLE_NAMES

    def __init__(self, arrow: dict, result, notes: list[str]):
        super().__init__(arrow)
        self.result = result
        self.notes = notes

    @property
    def summary(self) -> str:
        from iki.diff import summary_text

        return summary_text(self.result)

    def to_html(self, path: str | os.PathLike) -> Path:
        """Write the self-contained report page (no network) to ``path``; returns it."""
        from iki.report import write_report

        return write_report(self.result, Path(path))

    def write(self, folder: str | os.PathLike) -> list[Path]:
        """Write ``position_changes``, ``indicator_changes``, ``field_changes`` (Parquet) and ``report.html``."""
        from schema.writer import write_table

        folder = _check_output_folder(folder)
        r = self.result
        files = [write_table(folder, "position_changes", r.position_rows),
                 write_table(folder, "indicator_changes", r.indicator_rows),
                 write_table(folder, "field_changes", r.field_rows)]
        return files + [self.to_html(folder / "report.html")]

    def _repr_html_(self) -> str:  # a notebook shows the summary
        import html

        return f"<pre>{html.escape(self.summary)}</pre>"


class Document:
    """What iki reads from one file (``iki.show``): ``document`` (its ``documents`` row as a dict),
    ``positions``, ``duties``, ``indicators`` (DataFrames with the Parquet dtypes), ``status`` and
    ``error``; ``text()``, ``markdown()`` and ``json()`` render it as ``iki show`` does (a notebook
    shows the markdown)."""

    def __init__(self, result):
        self.result = result
        self.document: dict = result.document
        self._frames: dict = {}

    def _table(self, name: str, rows: list[dict]) -> "pd.DataFrame":
        from schema.tables import to_arrow

        if name not in self._frames:
            self._frames[name] = _frame(to_arrow(name, rows))
        return self._frames[name]

    @property
    def positions(self) -> "pd.DataFrame":
        return self._table("positions", self.result.positions)

    @property
    def duties(self) -> "pd.DataFrame":
        return self._table("duties", self.result.duties)

    @property
    def indicators(self) -> "pd.DataFrame":
        return self._table("indicators", self.result.indicators)

    @property
    def status(self) -> str:
        return self.document["status"]

    @property
    def error(self) -> str | None:
        return self.document.get("error")

    def text(self) -> str:
        from iki.show import render

        return render(self.result, "text")

    def markdown(self) -> str:
        from iki.show import render

        return render(self.result, "markdown")

    def json(self) -> str:
        from iki.show import render

        return render(self.result, "json")

    def __str__(self) -> str:
        return self.text()

    def __repr__(self) -> str:
        d = self.document
        return (f"Document({d['source_path']!r}, status={d['status']!r}, positions={len(self.result.positions)}, "
                f"indicators={len(self.result.indicators)})")

    def _repr_markdown_(self) -> str:
        return self.markdown()


# --------------------------------------------------------------------------- extract


@dataclass
class ExtractReport:
    """What one extraction did: counts (``totals``), batch statistics, the files that are not ``ok``."""
    out: Path | None  # None: extracted in memory
    totals: dict
    stats: object
    not_ok: list[dict] = field(default_factory=list)
    elapsed: float = 0.0
    corrections: object = None  # the iki.corrections.Corrections applied (their problems, the ids of no row)

    @property
    def failed(self) -> int:
        return sum(self.totals["status"][s] for s in ("error", "timeout"))

    def summary(self) -> str:
        """The summary ``iki extract`` prints (counts by status, rows, positions without a year, files not ok)."""
        from iki.pipeline import display_path

        where = display_path(self.out) if self.out is not None else "(in memory)"
        return extract_summary(self.totals, self.elapsed, where, self.stats.cached, self.not_ok)


def status_word(status: str) -> str:
    """A ``documents.status`` value as a word in the current language (the code itself when unknown)."""
    try:
        return t(f"doc_status_{status}")
    except KeyError:
        return status


def extract_summary(totals: dict, elapsed: float, out: str, cached: int, not_ok: list[dict]) -> str:
    """The summary ``iki extract`` prints: counts by status, rows per table, positions without a year, then
    each file that is not ok.

    ``totals``: ``files``, ``status`` (Counter of status values), ``positions``, ``duties``,
    ``indicators``, ``warnings``, and optionally ``no_year`` / ``no_year_files`` (positions without a
    year, and their files); ``not_ok``: dicts with ``status``, ``source_path``, ``error``."""
    lines = [t("documents_read", n=totals["files"], seconds=elapsed, out=f"{out}/")
             + (t("from_cache", n=cached) if cached else "")]
    rows = [(t("label_status"), ", ".join(f"{status_word(k)}: {v}" for k, v in sorted(totals["status"].items()))),
            (t("label_positions"), str(totals["positions"])),
            (t("label_duties"), str(totals["duties"])),
            (t("label_indicators"), str(totals["indicators"])),
            (t("label_warnings"), t("warnings_hint", n=totals["warnings"]))]
    if "corrected" in totals:
        rows.append((t("label_corrected"), str(totals["corrected"])))
    if totals.get("no_year"):
        rows.append((t("label_no_year"), t("summary_no_year", n=totals["no_year"], total=totals["positions"],
                                          files=totals.get("no_year_files", 0))))
    width = max(len(label) for label, _ in rows) + 2
    lines += [f"  {label:<{width}}{value}" for label, value in rows]
    from iki.terminal import printable

    words = [status_word(d["status"]) for d in not_ok]
    w = max((len(x) for x in words), default=0) + 1
    lines += [f"  {word:<{w}}{printable(d['source_path'])}: {printable(d['error'])}" for word, d in zip(words, not_ok)]
    return "\n".join(lines)


def _check_output_folder(out: str | os.PathLike) -> Path:
    p = Path(out)
    if p.exists() and not p.is_dir():
        raise UsageError(t("err_output_is_file", out=str(out)))
    for parent in p.absolute().parents:  # a file where a folder of the path should be
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(t("err_output_is_file", out=str(parent)))
            break
    return p


_ENVIRONMENT_ERRNOS = None


def reason(e: OSError) -> str:
    """A one-line reason for an ``OSError`` (``no space left on device (OUT/x)``)."""
    import errno
    import re

    from iki.pipeline import display_path

    global _ENVIRONMENT_ERRNOS
    if _ENVIRONMENT_ERRNOS is None:
        _ENVIRONMENT_ERRNOS = {
            errno.ENOSPC: "no space left on device", errno.EDQUOT: "disk quota exceeded",
            errno.EROFS: "read-only file system", errno.EACCES: "permission denied",
            errno.EPERM: "operation not permitted", errno.EFBIG: "file too large for this file system or limit",
            errno.EIO: "input/output error", errno.EMFILE: "too many open files"}
    code = e.errno
    if not code:
        m = re.search(r"\[errno (\d+)\]", str(e), re.I)  # pyarrow puts the errno in its message
        code = int(m.group(1)) if m else None
    text = _ENVIRONMENT_ERRNOS.get(code) or (os.strerror(code) if code else str(e).splitlines()[0][:200])
    where = getattr(e, "filename", None)
    return f"{text} ({display_path(where)})" if where else text


def _paths(paths) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def run_extract(paths: Iterable, out: str | os.PathLike, options, bopts, progress=None,
                arguments: dict | None = None, on_wait=None, follow_links: bool = False,
                corrections=None) -> ExtractReport:
    """Read ``paths`` into the output folder ``out`` (cached, resumable, published at once); see :func:`iki.extract`.

    ``options``: :class:`iki.pipeline.Options`; ``bopts``: :class:`iki.batch.BatchOptions`; ``progress``:
    an :class:`iki.batch.Progress`; ``arguments``: what to record in ``manifest.json``; ``on_wait(pid)``:
    called when another run holds the folder; ``follow_links``: read what links in the input folders
    point to outside them (else each such link gets a row of its own); ``corrections``:
    :class:`iki.corrections.Corrections` to apply to the rows as the tables are built (after the cache).
    Raises :class:`UsageError`, :class:`EnvironmentProblem`, :class:`schema.writer.UnsafeOutput` (a part
    of ``out`` iki manages is a link it did not make: nothing is changed), ``OSError`` (the output could
    not be written) and ``KeyboardInterrupt``."""
    from iki.batch import CACHE_DIR, manifest, prune_cache, run_batch, write_cache_keys, write_manifest
    from iki.batch import results as batch_results
    from iki.pipeline import discover, display_path, failed_row, flat_rows, outside_row
    from iki.terminal import printable
    from schema.tables import EXTRACT_TABLES
    from schema.writer import Generation, TableStream, check_output, clean_temporary, output_lock

    paths = _paths(paths)
    if not paths:
        raise UsageError(t("err_no_files", paths="(nothing given)"))
    out = _check_output_folder(out)
    for p in paths:  # the folder being read cannot take the output (its tables would be read next time)
        if out.exists() and os.path.isdir(p) and os.path.samefile(p, out):
            raise UsageError(t("err_output_is_input", out=printable(display_path(out))))
    found = discover(paths, exclude=out if out.exists() else None, follow_links=follow_links)
    if found.missing:
        raise UsageError(t("err_missing_path", paths=", ".join(printable(display_path(m)) for m in found.missing)))
    if not found.files and not found.problems and not found.outside:
        key = "err_only_output" if found.skipped.get("output") else "err_no_files"
        raise UsageError(t(key, paths=" ".join(printable(display_path(p)) for p in paths)))
    for path, why in found.problems + found.outside:
        log.warning("%s: %s", display_path(path), why)
    names = tuple(f"{n}.parquet" for n in EXTRACT_TABLES) + ("manifest.json",)
    check_output(out, names, CACHE_DIR)  # before anything is written
    log.debug("%d file(s), %d job(s)%s; skipped %s", len(found.files), bopts.jobs,
              f", Dask {bopts.dask}" if bopts.dask else "", dict(found.skipped) or "nothing")
    start = time.perf_counter()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise EnvironmentProblem(t("env_cannot_create", out=display_path(out), reason=reason(e))) from None

    with output_lock(out, on_wait=on_wait) as lock_fd:
        check_output(out, names, CACHE_DIR)  # again, holding the lock: what another run left meanwhile
        removed = clean_temporary(out, CACHE_DIR)
        if removed:
            log.debug("removed %d temporary file(s) left by an interrupted run", removed)
        try:
            entries, stats = run_batch(found.files, out, options, bopts, progress, keep_fds=[lock_fd],
                                       roots=found.roots)
        finally:
            if progress is not None and hasattr(progress, "close"):
                progress.close()
        # assemble the tables file by file from the cache into a new generation, then publish it at once
        gen = Generation(out, names)
        totals = {"files": 0, "status": Counter(), "positions": 0, "duties": 0, "indicators": 0, "warnings": 0,
                  "no_year": 0, "no_year_files": 0, "skipped": dict(sorted(found.skipped.items()))}
        if corrections is not None:
            totals["corrected"] = 0  # rows an analyst's corrections changed or reviewed
        not_ok: list[dict] = []
        try:
            stream = TableStream(gen.path, EXTRACT_TABLES)
            try:
                problem_rows = [failed_row(p, "error", why, "folder") for p, why in found.problems]
                problem_rows += [outside_row(p, why) for p, why in found.outside]
                for r in _chain(problem_rows, batch_results(out, entries)):
                    d = r.document
                    if corrections is not None:  # after the cache: a cached file is corrected too
                        from iki.corrections import apply as apply_corrections

                        totals["corrected"] += apply_corrections(r.indicators, corrections)
                    stream.write("documents", [d])
                    stream.write("positions", r.positions)
                    stream.write("duties", r.duties)
                    stream.write("indicators", r.indicators)
                    stream.write("flat", flat_rows([d], r.positions, r.indicators))
                    totals["files"] += 1
                    totals["status"][d["status"]] += 1
                    totals["positions"] += len(r.positions)
                    totals["duties"] += len(r.duties)
                    totals["indicators"] += len(r.indicators)
                    totals["warnings"] += len(d["warnings"]) + sum(len(x["warnings"]) for x in r.positions + r.indicators)
                    no_year = sum(1 for p in r.positions if p.get("year") is None)
                    totals["no_year"] += no_year
                    totals["no_year_files"] += 1 if no_year else 0
                    if d["status"] not in ("ok", "duplicate"):
                        not_ok.append({k: d[k] for k in ("status", "source_path", "error")})
                stream.commit()
            except BaseException:
                stream.abort()
                raise
            args = {k: (display_path(v) if isinstance(v, str) else
                        [display_path(x) for x in v] if isinstance(v, list) else v)
                    for k, v in (arguments or {}).items()}
            write_manifest(gen.path, manifest(args, totals, stats, out, gen.id))
            write_cache_keys(gen.path, entries)
            gen.publish()
        except BaseException:
            gen.discard()
            raise
        try:  # the run is published: entries neither it nor the run before it used go
            pruned = prune_cache(out)
            if pruned:
                log.debug("removed %d cache entries no recent run uses", pruned)
        except OSError as e:
            log.debug("cache not pruned: %s", e)
    return ExtractReport(out, totals, stats, not_ok, time.perf_counter() - start, corrections)


def _chain(*iterables):
    for it in iterables:
        yield from it


def extract(paths, out=None, *, year=None, region=None, agency=None, jobs=None, ocr="auto", progress=True,
            force=False, timeout=900.0, page_timeout=120.0, max_memory=4096, max_pages=1000,
            follow_links=False, corrections=None) -> Tables:
    """See :func:`iki.extract` (the documented entry point)."""
    from iki.corrections import Corrections, CorrectionsError, read_corrections

    if corrections is not None and not isinstance(corrections, Corrections):
        try:
            corrections = read_corrections(corrections)
        except CorrectionsError as e:
            raise UsageError(str(e)) from None
        if progress:
            for problem in corrections.problems:
                print("iki: " + t("corr_problem", path=corrections.source, problem=problem), file=sys.stderr)
    from iki.batch import BatchOptions
    from iki.pipeline import Options
    from iki.progress import ExtractProgress

    if ocr not in ("auto", "always", "never"):
        raise UsageError(f"ocr={ocr!r}: use 'auto', 'always' or 'never'")
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if not isinstance(jobs, int) or jobs < 1:
        raise UsageError(t("err_at_least_one", value=jobs))
    if year is not None and (not isinstance(year, int) or not 1900 <= year <= 2200):
        raise UsageError(f"year={year!r}: give a year such as 2022")
    options = Options(year=year, region=region, agency=agency, ocr=ocr, max_pages=max_pages, page_timeout=page_timeout)
    bopts = BatchOptions(jobs=jobs, timeout=timeout or float("inf"), max_memory_mb=max_memory, force=force)
    show = ExtractProgress(quiet=not progress)
    arguments = {"paths": _paths(paths), "output": os.fspath(out) if out is not None else None, "year": year,
                 "region": region, "agency": agency, "ocr": ocr, "jobs": jobs, "force": force,
                 "follow_links": follow_links, "api": True}
    if out is None:
        with tempfile.TemporaryDirectory(prefix="iki-extract-") as tmp:
            report = run_extract(paths, Path(tmp) / "out", options, bopts, show, arguments,
                                 follow_links=follow_links, corrections=corrections)
            tables = read(Path(tmp) / "out")
        tables.out, tables._where, report.out = None, None, None
    else:
        report = run_extract(paths, out, options, bopts, show, arguments,
                             on_wait=lambda pid: progress and print(
                                 "iki: " + t("waiting_lock", out=os.fspath(out), pid=pid), file=sys.stderr),
                             follow_links=follow_links, corrections=corrections)
        tables = read(out)
    if progress:
        unknown = corrections.unknown_ids() if corrections is not None else []
        if unknown:
            print("iki: " + t("corr_unknown_ids", path=corrections.source, n=len(unknown),
                              ids=", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")), file=sys.stderr)
        print(report.summary(), file=sys.stderr, flush=True)
    tables.report = report
    return tables


# --------------------------------------------------------------------------- read, show


def read(out) -> Tables:
    """See :func:`iki.read` (the documented entry point)."""
    import pyarrow.parquet as pq

    from iki.pipeline import display_path
    from schema.writer import damaged, open_tables

    if isinstance(out, Tables):
        return out
    folder = Path(out)
    if not folder.is_dir():
        raise UsageError(t("err_not_output", out=display_path(os.fspath(out))))
    with open_tables(folder, EXTRACT_TABLE_NAMES) as snap:  # every table of one run, opened at once
        if any(n not in snap.files for n in EXTRACT_TABLE_NAMES):
            raise UsageError(t("err_not_output", out=display_path(os.fspath(out))))
        arrow = {}
        for n in EXTRACT_TABLE_NAMES:
            try:
                snap.files[n].seek(0)
                arrow[n] = pq.read_table(snap.files[n], use_threads=False)
            except Exception as e:  # noqa: BLE001 - pyarrow raises many kinds for a damaged file
                raise damaged(snap, n, e) from None
    return Tables(arrow, folder)


def show(path, *, ocr="auto", year=None, region=None, agency=None, timeout=900.0, page_timeout=120.0,
         max_memory=4096, max_pages=1000) -> Document:
    """What iki reads from one document, without writing anything (``iki show FILE``): ``iki.show(path)``.

    Returns a :class:`Document`: ``.document`` (its ``documents`` row, a dict), ``.status``,
    ``.error``, ``.positions`` / ``.duties`` / ``.indicators`` (DataFrames with the Parquet dtypes),
    ``.text()`` / ``.markdown()`` / ``.json()`` as ``iki show`` prints them (a notebook shows the
    markdown). ``year`` is used when neither the document nor the file's name states one. A file
    that cannot be read gives ``status`` ``error`` and its ``error``; raises :class:`UsageError` for a
    path that does not exist or is a folder. The file is read in a process of its own with the limits of
    ``iki extract`` (``timeout``, ``page_timeout`` seconds, ``max_memory`` MiB, ``max_pages``; 0 or None:
    none), so a small hostile file cannot hang or exhaust the machine."""
    from iki.batch import run_isolated
    from iki.pipeline import Options, path_year

    p = Path(path)
    if p.is_dir():
        raise UsageError(t("show_is_folder", path=p))
    if not p.exists():
        raise UsageError(t("show_no_file", path=p))
    if ocr not in ("auto", "always", "never"):
        raise UsageError(f"ocr={ocr!r}: use 'auto', 'always' or 'never'")
    options = Options(year=year, region=region, agency=agency, ocr=ocr, path_year=path_year(p),
                      max_pages=max_pages, page_timeout=page_timeout)
    result, _ = run_isolated(str(p), options, timeout or None, max_memory or 0)
    return Document(result)


# --------------------------------------------------------------------------- diff


def _load_side(x, label_default: str):
    """(tables as pandas, source label) for an output folder or :class:`Tables`."""
    from iki.diff import DiffError, load_output

    if isinstance(x, Tables):  # the diff reads plain pandas frames, as load_output gives them
        return ({n: x._arrow[n].to_pandas() for n in ("documents", "positions", "duties", "indicators")},
                str(x.out) if x.out else label_default)
    if not isinstance(x, (str, os.PathLike)):
        raise DiffError(f"give an output folder or iki.Tables, not {type(x).__name__}")
    return load_output(x), os.fspath(x)


def no_year_note(tables: dict, source: str, region: str | None = None, agency: str | None = None) -> str | None:
    """Why positions of ``tables`` cannot be picked by year: how many have none and in which files (or None)."""
    from iki.diff import agency_matches, position_years, region_matches

    pos, docs = tables["positions"], tables["documents"].drop_duplicates("doc_id")
    years = position_years(tables)
    keep = years.isna()
    if region:
        keep &= pos.doc_id.isin(set(docs.doc_id[docs.region.map(lambda r: region_matches(region, r))]))
    if agency:
        ok = set(docs.doc_id[docs.agency.map(lambda a: agency_matches(agency, a))])
        keep &= pos.doc_id.isin(ok) | pos.instansi.map(lambda a: agency_matches(agency, a))
    n = int(keep.sum())
    if not n:
        return None
    names = docs.set_index("doc_id").file_name
    files = sorted({str(names.get(d)) for d in pos.doc_id[keep] if d in names.index})
    shown = ", ".join(files[:3]) + (f" … (+{len(files) - 3})" if len(files) > 3 else "")
    return t("diff_no_year_note", source=source, n=n, files=shown)


def diff(old, new=None, *, from_year=None, to_year=None, region=None, agency=None, out=None) -> DiffTables:
    """What changed between two years (``iki diff``): ``iki.diff("output", from_year=2021, to_year=2022)``.

    ``old`` / ``new``: output folders or :class:`Tables`; with one (``new`` None or the same),
    ``from_year`` and ``to_year`` pick the positions of each side by ``positions.year``; with two,
    they are needed only when a side holds several years. ``region`` / ``agency``: only documents of
    that region / agency (agency matched fuzzily). ``out``: also write the three tables and
    ``report.html`` there.

    Returns :class:`DiffTables`: ``.position_changes``, ``.indicator_changes``, ``.field_changes``
    (DataFrames with the Parquet dtypes), ``.summary`` (text), ``.notes`` (positions left out for
    lack of a year, and why), ``.to_html(path)``, ``.write(folder)``. Raises :class:`UsageError`
    (:class:`iki.diff.DiffError`) when a folder is not an output folder or a side is empty (the
    message names the years present, and how many positions have none and why)."""
    from iki.diff import DiffError, diff as run_diff, select_side, years_present
    from schema.tables import to_arrow

    if new is None:
        new = old
    same = new is old or (isinstance(old, (str, os.PathLike)) and isinstance(new, (str, os.PathLike))
                          and os.path.realpath(old) == os.path.realpath(new))
    if out is not None:
        _check_output_folder(out)
    old_tables, old_src = _load_side(old, "old")
    new_tables, new_src = (old_tables, old_src) if same else _load_side(new, "new")
    if same and (from_year is None or to_year is None):
        raise DiffError(t("diff_need_years", out=old_src, years=years_present(old_tables)))
    if same and from_year == to_year:
        raise DiffError(t("diff_same_year", year=str(from_year)))
    notes = []
    for tables, src, year in ((old_tables, old_src, from_year), (new_tables, new_src, to_year)):
        note = no_year_note(tables, src, region, agency) if year is not None else None
        if note and note not in notes:
            notes.append(note)
    try:
        a = select_side(old_tables, year=from_year, region=region, agency=agency, source=old_src, flag="--from")
        b = select_side(new_tables, year=to_year, region=region, agency=agency, source=new_src, flag="--to")
    except DiffError as e:
        raise DiffError(" ".join([str(e)] + notes)) from None
    result = run_diff(a, b)
    arrow = {"position_changes": to_arrow("position_changes", result.position_rows),
             "indicator_changes": to_arrow("indicator_changes", result.indicator_rows),
             "field_changes": to_arrow("field_changes", result.field_rows)}
    tables = DiffTables(arrow, result, notes)
    tables.changed = [(src, side.generation) for side, src in ((old_tables, old_src), (new_tables, new_src))
                      if getattr(side, "changed", False)][: 1 if same else 2]  # read while another run published
    if out is not None:
        tables.write(out)
    return tables


# --------------------------------------------------------------------------- export


def review(out, dest=None, *, jobs=None, sources=None, progress=True):
    """The review folder of an output folder (``iki review``): ``iki.review("output")`` writes
    ``output/review/index.html``.

    ``out``: an output folder of ``iki extract`` (or :class:`Tables` read from one). ``dest``: the folder to
    write (default ``OUT/review``): ``index.html`` (the documents), ``doc_<doc_id>.html`` (each row beside
    the crop of the page it came from, or its source cells or lines), ``check.html`` (the rows with
    warnings, filterable by code and document) and ``crops/<indicator_id>.png``. ``sources``: folders to
    find the source files in when their paths are relative and not found from here. ``jobs``: documents
    prepared at once (default: every core). Returns an :class:`iki.review.ReviewResult` (``.folder``,
    ``.rows``, ``.crops``, ``.bytes``, ``.notes``); raises :class:`UsageError` when ``out`` is not an output
    folder or ``dest`` cannot be written."""
    from iki.review import review as run_review

    if isinstance(out, _TableSet):
        if not getattr(out, "out", None):
            raise UsageError("tables extracted in memory have no source files to show: extract into a folder")
        out = out.out
    result = run_review(out, dest, jobs=jobs, sources=sources)
    if progress:
        from iki.pipeline import display_path

        print(t("rv_written", documents=result.documents, rows=result.rows, warned=result.rows_with_warnings,
                crops=result.crops, mb=result.bytes / 1e6, seconds=result.seconds,
                dest=display_path(result.folder / "index.html")), file=sys.stderr)
    return result


def export(source, dest=None, *, to="xlsx", sep=","):
    """The tables for spreadsheets (``iki export``): ``iki.export("output", "output/iki.xlsx")``.

    ``source``: an output folder of ``iki extract`` or ``iki diff``, or :class:`Tables`.
    ``to="xlsx"``: one workbook (``dest`` a folder, giving ``dest/iki.xlsx``, or a ``.xlsx`` file; a
    sheet per table with readable headers, an autofilter and wrapped long text, plus the data
    dictionary and the warning codes); ``"csv"``: one CSV per table; ``"json"``: one JSON-lines file
    per table. ``dest`` defaults to the folder itself. Returns an :class:`iki.export.ExportResult`
    (``.files``, ``.rows`` per table, ``.notes``); raises :class:`UsageError`
    (:class:`iki.export.ExportError`) for a folder without tables or a target that cannot be used."""
    from iki.export import ExportError, export as run_export, find_tables

    if isinstance(source, _TableSet):
        if getattr(source, "out", None):
            return export(source.out, dest, to=to, sep=sep)
        if dest is None:
            raise ExportError("tables extracted in memory: give dest, a folder or a .xlsx file")
        from schema.writer import _write_arrow

        with tempfile.TemporaryDirectory(prefix="iki-export-") as tmp:
            for name, table in source.to_arrow().items():
                _write_arrow(tmp, name, table)
            return run_export(tmp, dest, to, sep=sep)
    folder = Path(source)
    if not folder.is_dir():
        raise ExportError(t("export_no_folder", path=folder))
    out = Path(dest) if dest is not None else folder
    if out.is_file() and not (to == "xlsx" and out.suffix.lower() == ".xlsx"):
        raise ExportError(t("export_out_is_file", path=out))
    try:
        find_tables(folder)
    except ExportError:
        raise ExportError(t("export_no_tables", path=folder)) from None
    return run_export(folder, out, to, sep=sep)  # every table of one run, opened at once (schema.writer.open_tables)
