"""iki: Indonesian IKI / IKU / Perjanjian Kinerja documents → analysable tables, from Python.

    import iki
    tables = iki.extract("dokumen/", "output")            # read a folder; cached, resumable
    flat = tables.flat                                   # pandas, Arrow-backed dtypes
    ratios = flat[flat.formula_type == "ratio"]
    iki.export("output", "output/iki.xlsx")               # a workbook for Excel
    changes = iki.diff("output", from_year=2021, to_year=2022)
    changes.indicator_changes; changes.to_html("diff.html")

Every function here is what the ``iki`` command runs (the command line is a thin layer over them) and
raises what the command maps to its exit status: :class:`UsageError` (exit 2: a path that does not
exist, an output folder that is a file, a year no position has), :class:`EnvironmentProblem` (exit 3:
disk full, no permission; the previous output is kept), ``KeyboardInterrupt`` (exit 130; finished
files are cached). A file that cannot be read is never an exception: it has its ``documents`` row
with ``status`` and ``error``.

``import iki`` is quick: pandas, pyarrow and the readers are imported on the first call.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from iki.errors import EnvironmentProblem, IkiError, UsageError

__version__ = "0.1.0"

if TYPE_CHECKING:  # pragma: no cover
    from iki.api import DiffTables, Document, Tables

__all__ = ["extract", "read", "show", "diff", "export", "Tables", "DiffTables", "Document",
           "IkiError", "UsageError", "EnvironmentProblem", "__version__"]


def extract(paths, out=None, *, year=None, jobs=None, ocr="auto", progress=True, region=None, agency=None,
            force=False, timeout=900.0, page_timeout=120.0, max_memory=4096, max_pages=1000) -> "Tables":
    """Read documents (files, or folders searched recursively) and return their tables.

    ``paths``: a path or a list of paths. ``out``: an output folder, or None to keep the tables in
    memory only. With ``out`` the run is what ``iki extract PATHS -o OUT`` does: every finished file
    is cached in ``OUT/.iki-cache/`` (an interrupted call goes on where it stopped; a second call
    reads only new or changed files; ``force=True`` reads all again) and the five Parquet tables
    and ``manifest.json`` are published together.

    ``year``: the year for documents and positions that state none, when neither the file's name
    (``IKI 2021.docx``) nor its folder's (``2022/...``) does; ``positions.year_source`` says which
    of ``document``, ``path``, ``option`` gave each year. ``region`` / ``agency``: override what the
    documents say. ``jobs``: files read at once (default: every core), each in a worker process with
    ``timeout`` seconds and ``max_memory`` MiB. ``ocr``: ``auto`` (pages without text), ``always`` or
    ``never``. ``progress``: a line per file with an ETA on stderr (a bar on a terminal), then the
    summary; False for silence.

    Returns :class:`Tables`: ``.documents`` (one row per file), ``.positions``, ``.duties``,
    ``.indicators``, ``.flat`` (one row per indicator with its position's and document's columns):
    pandas DataFrames whose columns are ``pandas.ArrowDtype`` (``string[pyarrow]``,
    ``int32[pyarrow]`` with ``<NA>``, ``list<item: string>[pyarrow]``); ``.failed`` the files with
    status ``error`` / ``timeout``; ``.to_polars()``, ``.to_duckdb()``, ``.to_arrow()``.

    Raises :class:`UsageError` (a path that does not exist, no files, ``out`` is a file),
    :class:`EnvironmentProblem` (the output folder cannot be created), ``OSError`` (it could not be
    written: the previous output is kept), ``KeyboardInterrupt``.
    """
    from iki import api

    return api.extract(paths, out, year=year, region=region, agency=agency, jobs=jobs, ocr=ocr, progress=progress,
                       force=force, timeout=timeout, page_timeout=page_timeout, max_memory=max_memory,
                       max_pages=max_pages)


def read(out) -> "Tables":
    """The tables of an output folder of ``iki extract`` / :func:`extract` as :class:`Tables`.

    The five tables come from one run, even while another run publishes. Raises :class:`UsageError`
    when ``out`` is not such a folder."""
    from iki import api

    return api.read(out)


def show(path, *, ocr="auto", year=None, region=None, agency=None) -> "Document":
    """What iki reads from one document, without writing anything (``iki show FILE``).

    Returns a :class:`Document`: ``.document`` (its ``documents`` row, a dict), ``.status``,
    ``.error``, ``.positions`` / ``.duties`` / ``.indicators`` (DataFrames with the Parquet dtypes),
    ``.text()`` / ``.markdown()`` / ``.json()`` as ``iki show`` prints them (a notebook shows the
    markdown). A file that cannot be read gives ``status`` ``error`` and its ``error``; raises
    :class:`UsageError` for a path that does not exist or is a folder."""
    from iki import api

    return api.show(path, ocr=ocr, year=year, region=region, agency=agency)


def diff(old, new=None, *, from_year=None, to_year=None, region=None, agency=None, out=None) -> "DiffTables":
    """What changed between two years (``iki diff``).

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
    from iki import api

    return api.diff(old, new, from_year=from_year, to_year=to_year, region=region, agency=agency, out=out)


def export(source, dest=None, *, to="xlsx", sep=","):
    """Write the tables of an output folder (``iki extract`` or ``iki diff``) or of :class:`Tables` for
    spreadsheets: ``to="xlsx"`` one workbook (``dest`` a folder, giving ``dest/iki.xlsx``, or a
    ``.xlsx`` file), ``"csv"`` one CSV per table, ``"json"`` one JSON-lines file per table
    (``iki export``). ``dest`` defaults to the folder itself. Returns an :class:`iki.export.ExportResult`
    (``.files``, ``.rows`` per table); raises :class:`UsageError` (:class:`iki.export.ExportError`)."""
    from iki import api

    return api.export(source, dest, to=to, sep=sep)


def __getattr__(name: str):
    if name in ("Tables", "DiffTables", "Document"):
        from iki import api

        return getattr(api, name)
    raise AttributeError(f"module 'iki' has no attribute {name!r}")
