"""The ``iki`` command line.

Exit status (every command): 0 all read, 1 some files failed (status ``error`` or ``timeout``),
2 usage (a wrong argument, a path that does not exist, ``-o`` naming a file), 3 environment (full
disk, read-only or forbidden output folder: the previous output is kept), 130 interrupted
(Ctrl-C; finished files are cached). Errors are one line on stderr, never a traceback
(``IKI_DEBUG=1`` shows one for iki's own faults). Summaries and progress go to stderr; what a
command is asked to print (``eval``'s scores, ``schema``) goes to stdout.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
import time
from pathlib import Path

from iki.version import __version__
from iki.api import extract_summary, reason as _reason, status_word  # noqa: F401 - also this module's API
from iki.errors import EnvironmentProblem, UsageError
from iki.i18n import set_lang, t
from iki.pipeline import display_path
from iki.terminal import LogFormatter, SafeStream, printable, printable_layout
from schema.writer import DamagedTable, UnsafeOutput

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_ENVIRONMENT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("err_not_integer", value=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(t("err_at_least_one", value=text))
    return value


def _non_negative(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except (ValueError, OverflowError):
            raise argparse.ArgumentTypeError(t("err_not_number", value=text)) from None
        if value != value:  # NaN
            raise argparse.ArgumentTypeError(t("err_not_number", value=text))
        if value < 0:
            raise argparse.ArgumentTypeError(t("err_negative", value=text))
        if kind is int and value > MAX_MEMORY_MB:
            raise argparse.ArgumentTypeError(t("err_too_large", value=text, limit=MAX_MEMORY_MB))
        return value
    return parse


YEARS = (1900, 2200)  # a year iki records must be one of these (as iki.extract accepts)
MAX_MEMORY_MB = 16 * 2 ** 20  # 16 TiB: more is no limit at all


def _year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("err_not_integer", value=text)) from None
    if not YEARS[0] <= value <= YEARS[1]:
        raise argparse.ArgumentTypeError(t("err_not_year", value=text, first=YEARS[0], last=YEARS[1]))
    return value


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line (exit 2) instead of the usage block."""

    def error(self, message):  # noqa: D401 - argparse API
        raise UsageError(f"{self.prog}: {message} (see {self.prog} --help)")

DESCRIPTION = """\
iki turns Indonesian Indikator Kinerja Individu (IKI) documents into Parquet tables:
documents, positions, duties (TUGAS/FUNGSI items), indicators, and flat (indicators
joined with their position and document). Load them with pandas, polars or DuckDB.
"""

EXTRACT_EPILOG = """\
examples:
  iki extract samples -o output
  iki extract ~/iki/2022 ~/iki/2023/dinsos.md -o out --region "Kota Probolinggo"

Every file gets a row in documents.parquet with status ok | no_iki_found | unsupported |
duplicate | error | timeout and a one-line error. Folders are searched for every file, whatever
its extension: the format is told from the content (hidden files and office lock files ~$x are
skipped and counted). Finished files are cached in OUT/.iki-cache/: an interrupted run goes on
where it stopped, and a re-run only reads new or changed files (--force reads all). The tables
and OUT/manifest.json of a run appear together; a second run on the same OUT waits for the first.
Reads PDF (digital, and scanned through OCR), Word .docx (.doc through LibreOffice), images
(PNG, JPEG, TIFF, through OCR) and converter text exports (.txt, .md).

exit status: 0 all read, 1 some files failed (error, timeout), 2 usage mistake, 3 environment
(disk full, no permission; the previous output is kept), 130 interrupted.
When stderr is not a terminal, a start line (files, PDF pages, jobs), then one line per finished
file (name, status, positions, indicators, seconds, elapsed time and an ETA weighted by pages),
and a "still reading" line every 30 s during a long file; on a terminal, a bar in pages.
"""


class _Version(argparse.Action):
    """``--version``: iki's version and the OCR engine that reads scans here (found only when asked)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings, dest=dest, default=default, nargs=0,
                         help=help or "print iki's version and its OCR engine, and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        from extractors.readers.ocr_engine import describe

        print(f"iki {__version__}\nOCR: {describe()}")
        parser.exit()


def _parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="iki", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action=_Version)
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    ex = sub.add_parser("extract", help="read IKI files and write the Parquet tables",
                        description="Read IKI documents (files or folders, searched recursively) "
                                    "and write OUT/{documents,positions,duties,indicators,flat}.parquet.",
                        epilog=EXTRACT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="+", metavar="PATH", help="IKI files or folders")
    ex.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder (created if missing)")
    ex.add_argument("--year", type=_year,
                    help="year for documents and positions that state none, when the file's name (IKI 2021.docx) or "
                         "folder's (2022/...) does not either; positions.year_source says where each year came from")
    ex.add_argument("--region", help='region to record, e.g. "Kota Probolinggo" (overrides detection)')
    ex.add_argument("--agency", help="agency to record (overrides detection)")
    ex.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                    help="OCR pages without a text layer (auto, the default), every page (always), or none "
                         "(never); images are always OCRed. Needs tesseract with Indonesian data")
    ex.add_argument("-j", "--jobs", type=_positive_int, default=os.cpu_count() or 1,
                    help="files read at the same time, each in a worker process of its own (default: all cores)")
    ex.add_argument("--timeout", type=_non_negative(float), default=900.0, metavar="SECONDS",
                    help="give up on a file after this long, stopping every program its worker started "
                         "(status timeout; default 900)")
    ex.add_argument("--page-timeout", type=_non_negative(float), default=120.0, metavar="SECONDS",
                    help="give up on one page after this long (the file gets status error; default 120, 0: none)")
    ex.add_argument("--max-memory", type=_non_negative(int), default=4096, metavar="MiB",
                    help="memory limit of one worker and each program it starts (default 4096 MiB, 0: none)")
    ex.add_argument("--max-pages", type=_positive_int, default=1000, metavar="N",
                    help="refuse PDFs with more pages and images with more frames than this (default 1000)")
    ex.add_argument("--follow-links", action="store_true",
                    help="read the files that links in the input folders lead to outside them (by default such a "
                         "link is not followed: it gets a documents row with status unsupported and a warning)")
    ex.add_argument("--force", action="store_true",
                    help="read every file again, ignoring the results cached in OUT/.iki-cache/")
    ex.add_argument("--corrections", metavar="FILE.csv",
                    help="apply an analyst's corrections (indicator_id, field, value), as saved from the pages "
                         "of `iki review`: each field takes the corrected value and the row gets the warning "
                         "`corrected` naming the value iki had read")
    ex.add_argument("--dask", choices=("local",), help="run on a local Dask cluster (--jobs workers)")
    ex.add_argument("--scheduler", metavar="tcp://HOST:8786", help="run on the Dask cluster of this scheduler")
    ex.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    ex.add_argument("-v", "--verbose", action="store_true",
                    help="log what each stage did for each file (format, blocks, positions, timings)")

    ev = sub.add_parser("eval", help="compare an output folder with gold annotations (JSON)",
                        description="Score OUT against gold JSON files (format: docs/GOLD_FORMAT.md); "
                                    "a gold file NAME.json is compared with the document whose file is NAME.*")
    ev.add_argument("output", metavar="OUT")
    ev.add_argument("gold", nargs="+", metavar="GOLD.json")
    ev.add_argument("-v", "--verbose", action="store_true", help="list every difference")

    df = sub.add_parser(
        "diff", help="compare an agency's IKI between two years (change tables + HTML report)",
        description="Compare the IKI of two years: which positions were added, removed, renamed or "
                    "changed, which indicators were reworded, split, merged, or had their formula, data "
                    "source or target changed. Works on `iki extract` output folders. Writes "
                    "DIFF/position_changes.parquet, DIFF/indicator_changes.parquet and DIFF/report.html "
                    "(self-contained, open it in a browser) and prints a short summary.",
        epilog="""\
examples:
  iki diff out --from 2019 --to 2022 --region "Kota Probolinggo" -o diff
  iki diff out2019 out2022 -o diff

One folder: --from and --to pick positions by their own year (positions.year: the year
marker before the block in its document, else the document's year, else the year of the
file's or folder's name, else iki extract --year), so a compilation holding several years
can be compared with itself. Two folders: OLD_OUT is the old side, NEW_OUT the new one;
--from / --to are needed only when a folder holds several years. Positions without a year
cannot be selected: the diff says how many and in which files.

--region keeps documents whose region is that one (case and "Kab." aside); --agency keeps
documents whose agency (or a block's INSTANSI) matches fuzzily, a shorter name matching a
longer one: "Dinas Sosial" keeps both "Dinas Sosial" (2019) and "Dinas Sosial, Pemberdayaan
Perempuan dan Perlindungan Anak" (2022), since agencies merge and rename. Without them,
positions are only paired within the same region, and within similar agency names when a
side holds several agencies.
""", formatter_class=argparse.RawDescriptionHelpFormatter)
    df.add_argument("outputs", nargs="+", metavar="OUT",
                    help="one `iki extract` output folder (with --from and --to), or two: OLD_OUT NEW_OUT")
    df.add_argument("--from", dest="from_year", type=_year, metavar="YEAR", help="year of the old side")
    df.add_argument("--to", dest="to_year", type=_year, metavar="YEAR", help="year of the new side")
    df.add_argument("--region", help='only documents of this region, e.g. "Kota Probolinggo"')
    df.add_argument("--agency", help="only documents of this agency (fuzzy; see below)")
    df.add_argument("-o", "--output", required=True, metavar="DIFF", help="output folder (created if missing)")
    df.add_argument("-q", "--quiet", action="store_true", help="no summary on the terminal")

    sc = sub.add_parser("schema", help="print the data dictionary (markdown)")
    sc.set_defaults(command="schema")
    _add_export_parser(sub)
    _add_review_parser(sub)
    _add_show_parser(sub)
    _add_lang_option(ap, sub)
    return ap


LANG_HELP = ("language of summaries, errors and report.html: en (default) or id (Bahasa Indonesia); "
             "default from the IKI_LANG environment variable")


def _add_lang_option(ap: argparse.ArgumentParser, sub) -> None:
    """``--lang`` before the command (``iki --lang id extract ...``) and after it (``iki extract ... --lang id``)."""
    ap.add_argument("--lang", metavar="en|id", help=LANG_HELP)
    for p in sub.choices.values():
        p.add_argument("--lang", metavar="en|id", default=argparse.SUPPRESS, help=LANG_HELP)


def cmd_extract(args) -> int:
    import logging

    from iki.api import run_extract
    from iki.batch import BatchOptions
    from iki.pipeline import Options
    from iki.progress import ExtractProgress

    _log_to_stderr(logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING)
    corrections = None
    if getattr(args, "corrections", None):
        from iki.corrections import CorrectionsError, read_corrections

        try:
            corrections = read_corrections(args.corrections)
        except CorrectionsError as e:
            raise UsageError(str(e)) from None
        for problem in corrections.problems:
            print("iki: " + t("corr_problem", path=display_path(args.corrections), problem=problem), file=sys.stderr)
    options = Options(year=args.year, region=args.region, agency=args.agency, ocr=args.ocr,
                      max_pages=args.max_pages, page_timeout=args.page_timeout)
    dask = "local" if args.dask == "local" else args.scheduler
    bopts = BatchOptions(jobs=args.jobs, timeout=args.timeout or float("inf"), max_memory_mb=args.max_memory,
                         force=args.force, dask=dask)

    def waiting(holder: str) -> None:
        print("iki: " + t("waiting_lock", out=printable(display_path(args.output)), pid=holder), file=sys.stderr,
              flush=True)

    arguments = {k: v for k, v in vars(args).items() if k != "func"}
    report = run_extract(args.paths, args.output, options, bopts, ExtractProgress(args.quiet), arguments, waiting,
                         follow_links=args.follow_links, corrections=corrections)
    if report.stats.cache_rejected and not args.quiet:
        print("iki: " + t("cache_ignored", n=len(report.stats.cache_rejected)), file=sys.stderr)
    if corrections is not None:
        unknown = corrections.unknown_ids()
        if unknown:
            print("iki: " + t("corr_unknown_ids", path=display_path(args.corrections), n=len(unknown),
                              ids=", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")), file=sys.stderr)
    if not args.quiet:
        print("\n" + report.summary(), file=sys.stderr)
    elif report.failed:
        for d in report.not_ok:
            if d["status"] in ("error", "timeout"):
                print(f"iki: {d['status']}: {printable(d['source_path'])}: {printable(d['error'])}", file=sys.stderr)
    return EXIT_FAILED if report.failed else EXIT_OK


def cmd_eval(args) -> int:
    from iki.evaluate import evaluate_folder, format_report
    from schema.writer import current_folder

    folder = current_folder(args.output)
    missing = [n for n in ("documents", "positions", "duties", "indicators") if not (folder / f"{n}.parquet").exists()]
    if not Path(args.output).is_dir() or missing:
        raise UsageError(t("err_not_output", out=printable(display_path(args.output))))
    gone = [g for g in args.gold if not Path(g).is_file()]
    if gone:
        raise UsageError(t("err_missing_path", paths=", ".join(printable(display_path(g)) for g in gone)))
    report = evaluate_folder(args.output, args.gold)  # every table of one run, opened at once
    print(printable_layout(format_report(report, verbose=args.verbose)))
    return EXIT_OK


def cmd_diff(args) -> int:
    from iki.api import diff
    from iki.diff import DiffError

    outs = args.outputs
    if len(outs) > 2:
        raise UsageError(t("diff_outputs"))
    start = time.perf_counter()
    try:
        result = diff(outs[0], outs[-1], from_year=args.from_year, to_year=args.to_year, region=args.region,
                      agency=args.agency, out=args.output)
    except DiffError as e:
        raise UsageError(t("diff_error", message=printable(str(e)))) from None
    for out, generation in getattr(result, "changed", []):
        print("iki: " + t("output_changed", out=printable(display_path(out)), generation=generation), file=sys.stderr)
    if not args.quiet:
        for note in result.notes:
            print("iki: " + printable(note), file=sys.stderr)
        print(printable_layout(result.summary), file=sys.stderr)
        print(t("diff_written", out=args.output, report="report.html", seconds=time.perf_counter() - start),
              file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------- iki export

def _add_export_parser(sub) -> None:
    ep = sub.add_parser(
        "export", help="write an output folder's tables as CSV, one Excel workbook or JSON lines",
        description="Export the Parquet tables of an `iki extract` or `iki diff` output folder for "
                    "spreadsheets and other tools: one CSV per table (UTF-8 with BOM, lists joined with '; '), "
                    "one workbook (a sheet per table, plus the data dictionary and the warning codes), or one "
                    "JSON-lines file per table.",
        epilog="""\
examples:
  iki export output -o output/csv --to csv
  iki export output -o output --to xlsx          # output/iki.xlsx
  iki export diff -o diff/iki-diff.xlsx --to xlsx
  iki export output -o csv --to csv --sep ";"    # Excel with Indonesian regional settings

Integers stay integers (2019, never 2019.0) and nulls are empty. Excel's limits are kept: a cell
longer than 32,767 characters is cut (marked "[cut: ...]") and a table longer than 1,048,575 rows
continues on another sheet, each with a warning. Files are replaced atomically.
""", formatter_class=argparse.RawDescriptionHelpFormatter)
    ep.add_argument("folder", metavar="OUT", help="an `iki extract` or `iki diff` output folder")
    ep.add_argument("-o", "--output", metavar="DIR",
                    help="folder to write into (created if missing; default: OUT itself); for xlsx also a "
                         "file name ending in .xlsx")
    ep.add_argument("--to", choices=("csv", "xlsx", "json"), default="csv", help="format (default csv)")
    ep.add_argument("--sep", default=",", metavar="CHAR", help="CSV field separator (default ,)")
    ep.add_argument("-q", "--quiet", action="store_true", help="no summary")


def cmd_export(args) -> int:
    from iki.api import export
    from iki.export import ExportError

    try:
        result = export(args.folder, args.output, to=args.to, sep=args.sep)
    except ExportError as e:
        raise UsageError(t("export_error", message=printable(str(e)))) from None
    for key, fields in result.notes:
        print(t(key, **{k: printable(v) if isinstance(v, str) else v for k, v in fields.items()}), file=sys.stderr)
    if result.changed:
        print("iki: " + t("output_changed", out=printable(display_path(args.folder)), generation=result.generation),
              file=sys.stderr)
    if not args.quiet:
        out = Path(args.output) if args.output else Path(args.folder)
        target = result.files[0] if args.to == "xlsx" else f"{out}/"
        print(t("export_written", n=len(result.rows), target=printable(display_path(target))), file=sys.stderr)
        for table, n in result.rows.items():
            print(t("export_table_rows", table=printable(table), rows=n), file=sys.stderr)
    return 0


# --------------------------------------------------------------------------- iki show

def _add_show_parser(sub) -> None:
    sp = sub.add_parser(
        "show", help="print what iki reads from one document (nothing is written)",
        description="Read one document and print what iki found in it: the document's region, agency, "
                    "year and warnings, then each position with its duties and indicators, every "
                    "indicator with its parsed formula (type, numerator / denominator × multiplier unit), "
                    "target and warnings. Nothing is written.",
        epilog="""\
examples:
  iki show samples/seeds/000.txt
  iki show scan.pdf --ocr always --format markdown > scan.md
  iki show dinsos.docx --format json | jq '.indicators[].formula_type'
""", formatter_class=argparse.RawDescriptionHelpFormatter)
    sp.add_argument("file", metavar="FILE", help="one document (PDF, Word, image or text export)")
    sp.add_argument("--format", dest="style", choices=("text", "markdown", "json"), default="text",
                    help="text (default), markdown, or json (the rows as the tables would hold them)")
    sp.add_argument("--ocr", choices=("auto", "always", "never"), default="auto",
                    help="as for iki extract: OCR pages without a text layer (auto), every page, or none")
    sp.add_argument("--year", type=_year, help="year when neither the document nor the file's name states one")
    sp.add_argument("--region", help="region to record (overrides detection)")
    sp.add_argument("--agency", help="agency to record (overrides detection)")
    sp.add_argument("--timeout", type=_non_negative(float), default=900.0, metavar="SECONDS",
                    help="give up after this long, as iki extract does (default 900, 0: none)")
    sp.add_argument("--page-timeout", type=_non_negative(float), default=120.0, metavar="SECONDS",
                    help="give up on one page after this long (default 120, 0: none)")
    sp.add_argument("--max-memory", type=_non_negative(int), default=4096, metavar="MiB",
                    help="memory limit of the process that reads the file, as for iki extract (default 4096 MiB, "
                         "0: none)")
    sp.add_argument("--max-pages", type=_positive_int, default=1000, metavar="N",
                    help="refuse PDFs with more pages and images with more frames than this (default 1000)")


def cmd_show(args) -> int:
    from iki.api import show

    try:
        doc = show(args.file, ocr=args.ocr, year=args.year, region=args.region, agency=args.agency,
                   timeout=args.timeout, page_timeout=args.page_timeout, max_memory=args.max_memory,
                   max_pages=args.max_pages)
    except UsageError as e:
        print(printable(str(e)), file=sys.stderr)
        return EXIT_USAGE
    try:
        sys.stdout.write(doc.json() + "\n" if args.style == "json" else doc.markdown() if args.style == "markdown"
                         else doc.text())
        sys.stdout.flush()
    except BrokenPipeError:  # `iki show FILE | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 1 if doc.status in ("error", "timeout") else 0


def cmd_schema(args) -> int:
    from schema.tables import data_dictionary

    print(data_dictionary())
    return EXIT_OK


# --------------------------------------------------------------------------- iki review

def _add_review_parser(sub) -> None:
    rv = sub.add_parser(
        "review", help="write a static review folder: every row beside the piece of page it came from",
        description="Write a folder that opens in any browser without a server: index.html (the documents, "
                    "their status and warnings), one page per document (each position and its rows, beside "
                    "each row the crop of the page it was read from, or the source cells or lines as text), "
                    "check.html (the rows with warnings, filterable) and crops/<indicator_id>.png. Rows can be "
                    "marked right or wrong and corrected in the browser and saved as a CSV for "
                    "`iki extract ... --corrections FILE.csv`.",
        epilog="""\
examples:
  iki review out                  # writes out/review/index.html
  iki review out -o review --sources /data/iki
""", formatter_class=argparse.RawDescriptionHelpFormatter)
    rv.add_argument("folder", metavar="OUT", help="an `iki extract` output folder")
    rv.add_argument("-o", "--output", metavar="DIR", help="the review folder to write (default OUT/review)")
    rv.add_argument("--sources", nargs="+", metavar="FOLDER", default=[],
                    help="folders to find the source files in when their paths are relative and not found "
                         "from here (the folder iki extract ran in is tried too)")
    rv.add_argument("-j", "--jobs", type=_positive_int, default=os.cpu_count() or 1,
                    help="documents prepared at the same time (default: all cores)")
    rv.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")


def cmd_review(args) -> int:
    from iki.api import review

    if args.output and Path(args.output).is_file():
        raise UsageError(t("err_output_is_file", out=display_path(args.output)))
    result = review(args.folder, args.output, jobs=args.jobs, sources=args.sources, progress=not args.quiet)
    if result.notes and not args.quiet:
        print("  " + t("rv_sources_note", n=len(result.notes), first=result.notes[0]), file=sys.stderr)
    return EXIT_OK


COMMANDS = {"extract": cmd_extract, "eval": cmd_eval, "diff": cmd_diff, "schema": cmd_schema,
            "export": cmd_export, "show": cmd_show, "review": cmd_review}


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


_STOP_SIGNALS = tuple(getattr(signal, n) for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n))


def _log_to_stderr(level: int) -> None:
    """Log lines ``iki: message`` on stderr, every control character of a message escaped."""
    import logging

    root = logging.getLogger()
    for h in list(root.handlers):
        if getattr(h, "_iki", False):
            root.removeHandler(h)
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)  # a library's logger set lower (pdfminer's, read for damage) stays quiet too
    handler.setFormatter(LogFormatter())
    handler._iki = True  # noqa: SLF001
    root.addHandler(handler)
    root.setLevel(level)


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns the exit status (see the module docstring)."""
    ap = _parser()
    try:
        args = ap.parse_args(argv)
        try:
            set_lang(getattr(args, "lang", None))
        except ValueError:
            bad = getattr(args, "lang", None) or os.environ.get("IKI_LANG")
            set_lang("en")
            raise UsageError(t("lang_unknown", lang=bad)) from None
        if args.command is None:
            ap.print_help(sys.stderr)
            return EXIT_USAGE
        previous = {}
        if threading_main():  # `kill PID`, a closed terminal (SIGHUP): clean up like Ctrl-C
            for sig in _STOP_SIGNALS:
                with contextlib.suppress(OSError, ValueError):
                    previous[sig] = signal.signal(sig, _on_sigterm)
        streams = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = SafeStream(sys.stdout), SafeStream(sys.stderr)  # no control character escapes
        try:
            return COMMANDS[args.command](args)
        finally:
            sys.stdout, sys.stderr = streams
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    except UsageError as e:
        msg = printable(str(e))
        print(msg if msg.startswith("iki") else f"iki: {msg}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\niki: " + t("interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except EnvironmentProblem as e:
        print(f"iki: {e}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except UnsafeOutput as e:
        print("iki: " + t("unsafe_output", path=printable(display_path(e.path)), what=printable(e.what)),
              file=sys.stderr)
        return EXIT_ENVIRONMENT
    except DamagedTable as e:
        print("iki: " + t("table_damaged", table=printable(display_path(e.path)), reason=printable(e.reason),
                          remedy=t("remedy_extract" if e.extract else "remedy_rerun")), file=sys.stderr)
        return EXIT_FAILED
    except OSError as e:
        if isinstance(e, BrokenPipeError):  # `iki schema | head`
            return EXIT_OK
        out = getattr(args, "output", None) if "args" in locals() else None
        print("iki: " + t("env_error", reason=_reason(e), out=display_path(out or ".")), file=sys.stderr)
        return EXIT_ENVIRONMENT
    except Exception as e:  # noqa: BLE001 - iki's own fault: one line, the traceback on request
        if os.environ.get("IKI_DEBUG"):
            raise
        print("iki: " + t("internal_error", error=f"{type(e).__name__}: {e}"[:300]), file=sys.stderr)
        return EXIT_FAILED


def threading_main() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # a stop signal that landed outside main's own handling: still an interruption
        sys.exit(EXIT_INTERRUPTED)
