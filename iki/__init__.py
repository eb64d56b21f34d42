"""iki: Indonesian IKI / IKU / Perjanjian Kinerja documents → analysable tables, from Python.

    import iki
    tables = iki.extract("dokumen/", "output")            # read a folder; cached, resumable
    flat = tables.flat                                   # pandas, Arrow-backed dtypes
    ratios = flat[flat.formula_type == "ratio"]
    iki.export("output", "output/iki.xlsx")               # a workbook for Excel
    changes = iki.diff("output", from_year=2021, to_year=2022)
    changes.indicator_changes; changes.to_html("diff.html")
    iki.review("output")                                  # output/review/index.html: rows beside their source
    iki.extract("dokumen/", "output", corrections="corrections.csv")   # what the analyst corrected there

``iki.extract`` and ``iki.read`` are defined here; ``iki.show``, ``iki.diff``, ``iki.export`` and
``iki.review`` are the modules of those names, callable (their first docstring lines, and :mod:`iki.api`, say how).
Every function here is what the ``iki`` command runs (the command line is a thin layer over them) and
raises what the command maps to its exit status: :class:`UsageError` (exit 2: a path that does not
exist, an output folder that is a file, a year no position has), :class:`EnvironmentProblem` (exit 3:
disk full, no permission; the previous output is kept), ``KeyboardInterrupt`` (exit 130; finished
files are cached). A file that cannot be read is never an exception: it has its ``documents`` row
with ``status`` and ``error``.

``import iki`` is quick: pandas, pyarrow and the readers are imported on the first call.
"""
from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

from iki.errors import EnvironmentProblem, IkiError, UsageError
from iki.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from iki.api import DiffTables, Document, Tables

__all__ = ["extract", "read", "show", "diff", "export", "review", "Tables", "DiffTables", "Document",
           "IkiError", "UsageError", "EnvironmentProblem", "__version__"]


def extract(paths, out=None, *, year=None, jobs=None, ocr="auto", progress=True, region=None, agency=None,
            force=False, timeout=900.0, page_timeout=120.0, max_memory=4096, max_pages=1000,
            follow_links=False, corrections=None) -> "Tables":
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
    summary; False for silence. ``follow_links``: read what links in the input folders point to outside
    them (by default such a link is not read: it gets a ``documents`` row and a warning).
    ``corrections``: a CSV ``indicator_id, field, value`` saved from the
    pages of :func:`review` (or :class:`iki.corrections.Corrections`), applied as the tables are built:
    each field takes the corrected value and the row gets the warning ``corrected`` naming the value
    iki had read (``tables.report.corrections`` lists lines that changed nothing and why).

    Returns :class:`Tables`: ``.documents`` (one row per file), ``.positions``, ``.duties``,
    ``.indicators``, ``.flat`` (one row per indicator with its position's and document's columns):
    pandas DataFrames whose columns are ``pandas.ArrowDtype`` (``string[pyarrow]``,
    ``int32[pyarrow]`` with ``<NA>``, ``list<item: string>[pyarrow]``); ``.failed`` the files with
    status ``error`` / ``timeout``; ``.to_polars()``, ``.to_duckdb()``, ``.to_arrow()``.

    Raises :class:`UsageError` (a path that does not exist, no files, ``out`` is a file or the folder
    being read), :class:`EnvironmentProblem` (the output folder cannot be created),
    :class:`schema.writer.UnsafeOutput` (a part of ``out`` iki manages is a link it did not make: nothing
    is changed), ``OSError`` (it could not be written: the previous output is kept), ``KeyboardInterrupt``.
    """
    from iki import api

    return api.extract(paths, out, year=year, region=region, agency=agency, jobs=jobs, ocr=ocr, progress=progress,
                       force=force, timeout=timeout, page_timeout=page_timeout, max_memory=max_memory,
                       max_pages=max_pages, follow_links=follow_links, corrections=corrections)


def read(out) -> "Tables":
    """The tables of an output folder of ``iki extract`` / :func:`extract` as :class:`Tables`.

    The five tables come from one run, even while another run publishes. Raises :class:`UsageError`
    when ``out`` is not such a folder."""
    from iki import api

    return api.read(out)


# ``iki.show``, ``iki.diff``, ``iki.export`` and ``iki.review`` are also the modules that implement them
# (iki/show.py, iki/diff.py, iki/export.py, iki/review.py): importing a submodule sets the package attribute of its name, which would
# hide a function of that name. So these three modules are made callable instead: ``iki.diff(...)`` runs
# :func:`iki.api.diff` while ``iki.diff.DiffError`` and ``from iki.diff import ...`` go on working.
_CALLABLE_MODULES = ("show", "diff", "export", "review")


class _CallableModule(types.ModuleType):
    """A module of the package that is also the API function of its name (see above)."""

    def __call__(self, *args, **kwargs):
        from iki import api

        return getattr(api, self.__name__.rpartition(".")[2])(*args, **kwargs)


def _make_callable(module: types.ModuleType) -> None:
    import inspect

    from iki import api

    func = getattr(api, module.__name__.rpartition(".")[2])
    module.__class__ = _CallableModule
    module.__signature__ = inspect.signature(func)
    module.__doc__ = f"{module.__name__}{module.__signature__}\n\n{func.__doc__}\n\n---\n{module.__doc__ or ''}"


class _Package(types.ModuleType):
    def __setattr__(self, name, value):
        if name in _CALLABLE_MODULES and type(value) is types.ModuleType:  # the import system adding a submodule
            _make_callable(value)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name in _CALLABLE_MODULES:
        return importlib.import_module(f"iki.{name}")
    if name in ("Tables", "DiffTables", "Document"):
        from iki import api

        return getattr(api, name)
    raise AttributeError(f"module 'iki' has no attribute {name!r}")
