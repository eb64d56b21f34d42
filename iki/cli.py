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
import errno
import os
import signal
import sys
import time
from collections import Counter
from pathlib import Path

from iki import __version__
from iki.i18n import set_lang, t
from iki.pipeline import FAILED, Options, discover, display_path, flat_rows

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_ENVIRONMENT, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class UsageError(Exception):
    """A mistake in the command (exit 2); the message is one line for the user."""


class EnvironmentProblem(Exception):
    """The machine stopped the run: disk full, no permission, read-only folder (exit 3)."""


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
        except ValueError:
            raise argparse.ArgumentTypeError(t("err_not_number", value=text)) from None
        if value < 0:
            raise argparse.ArgumentTypeError(t("err_negative", value=text))
        return value
    return parse


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
When stderr is not a terminal, one line per finished file is printed (name, status, positions,
indicators, seconds); on a terminal, a progress bar names the file being read.
"""


def _parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="iki", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=f"iki {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    ex = sub.add_parser("extract", help="read IKI files and write the Parquet tables",
                        description="Read IKI documents (files or folders, searched recursively) "
                                    "and write OUT/{documents,positions,duties,indicators,flat}.parquet.",
                        epilog=EXTRACT_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    ex.add_argument("paths", nargs="+", metavar="PATH", help="IKI files or folders")
    ex.add_argument("-o", "--output", required=True, metavar="OUT", help="output folder (created if missing)")
    ex.add_argument("--year", type=int, help="year to record for every document and position (overrides detection)")
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
marker before the block in its document, else the document's year), so a compilation
holding several years can be compared with itself. Two folders: OLD_OUT is the old side,
NEW_OUT the new one; --from / --to are needed only when a folder holds several years.
A position without a year cannot be selected: set it at extraction (iki extract ... --year).

--region keeps documents whose region is that one (case and "Kab." aside); --agency keeps
documents whose agency (or a block's INSTANSI) matches fuzzily, a shorter name matching a
longer one: "Dinas Sosial" keeps both "Dinas Sosial" (2019) and "Dinas Sosial, Pemberdayaan
Perempuan dan Perlindungan Anak" (2022), since agencies merge and rename. Without them,
positions are only paired within the same region, and within similar agency names when a
side holds several agencies.
""", formatter_class=argparse.RawDescriptionHelpFormatter)
    df.add_argument("outputs", nargs="+", metavar="OUT",
                    help="one `iki extract` output folder (with --from and --to), or two: OLD_OUT NEW_OUT")
    df.add_argument("--from", dest="from_year", type=int, metavar="YEAR", help="year of the old side")
    df.add_argument("--to", dest="to_year", type=int, metavar="YEAR", help="year of the new side")
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


class _ExtractProgress:
    """Progress on stderr: a bar naming the file being read on a terminal, else one line per finished file."""

    def __init__(self, quiet: bool):
        self.quiet = quiet
        self.bar = None
        self.lines = not quiet and not _isatty(sys.stderr)
        self.total = 0
        self.done = 0
        self.reading: list[str] = []

    def planned(self, total: int) -> None:
        self.total = total
        if not self.quiet and not self.lines:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="file", file=sys.stderr, smoothing=0.1, dynamic_ncols=True)

    def started(self, path: str) -> None:
        self.reading.append(path)
        self._show()

    def _show(self) -> None:
        if self.bar is not None:
            name = display_path(os.path.basename(self.reading[-1])) if self.reading else ""
            self.bar.set_postfix_str(name[-40:], refresh=True)

    def finished(self, path: str, document: dict, seconds: float | None, cached: bool) -> None:
        self.done += 1
        if path in self.reading:
            self.reading.remove(path)
        if self.bar is not None:
            self._show()
            self.bar.update(1)
        elif self.lines:
            key = "file_line_cached" if cached else "file_line"
            fields = dict(i=self.done, n=self.total, path=display_path(path), status=document["status"],
                          positions=document.get("n_positions") or 0, indicators=document.get("n_indicators") or 0,
                          seconds=seconds or 0.0)
            line = t(key, **fields)
            if document["status"] not in ("ok",) and document.get("error"):
                line += f" ({document['error']})"
            print(f"iki: {line}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _check_output_folder(out: str) -> Path:
    p = Path(out)
    if p.exists() and not p.is_dir():
        raise UsageError(t("err_output_is_file", out=out))
    for parent in p.absolute().parents:  # a file where a folder of the path should be
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(t("err_output_is_file", out=str(parent)))
            break
    return p


def cmd_extract(args) -> int:
    import logging

    from iki.batch import CACHE_DIR, BatchOptions, manifest, run_batch, write_manifest
    from iki.batch import results as batch_results
    from iki.pipeline import failed_row
    from schema.tables import EXTRACT_TABLES
    from schema.writer import Generation, TableStream, clean_temporary, output_lock

    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.ERROR if args.quiet else logging.WARNING,
                        format="iki: %(message)s", stream=sys.stderr)
    log = logging.getLogger("iki")
    out = _check_output_folder(args.output)
    corrections = None
    if getattr(args, "corrections", None):
        from iki.corrections import CorrectionsError, read_corrections

        try:
            corrections = read_corrections(args.corrections)
        except CorrectionsError as e:
            raise UsageError(str(e)) from None
        for problem in corrections.problems:
            print("iki: " + t("corr_problem", path=display_path(args.corrections), problem=problem), file=sys.stderr)
    found = discover(args.paths, exclude=out if out.exists() else None)
    if found.missing:
        raise UsageError(t("err_missing_path", paths=", ".join(display_path(m) for m in found.missing)))
    if not found.files and not found.problems:
        raise UsageError(t("err_no_files", paths=" ".join(display_path(p) for p in args.paths)))
    for path, reason in found.problems:
        log.warning("%s: %s", display_path(path), reason)
    options = Options(year=args.year, region=args.region, agency=args.agency, ocr=args.ocr,
                      max_pages=args.max_pages, page_timeout=args.page_timeout)
    dask = "local" if args.dask == "local" else args.scheduler
    bopts = BatchOptions(jobs=args.jobs, timeout=args.timeout or float("inf"), max_memory_mb=args.max_memory,
                         force=args.force, dask=dask)
    log.debug("%d file(s), %d job(s)%s; skipped %s", len(found.files), bopts.jobs, f", Dask {dask}" if dask else "",
              dict(found.skipped) or "nothing")
    start = time.perf_counter()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise EnvironmentProblem(t("env_cannot_create", out=display_path(out), reason=_reason(e))) from None

    def waiting(holder: str) -> None:
        print("iki: " + t("waiting_lock", out=display_path(out), pid=holder), file=sys.stderr, flush=True)

    progress = _ExtractProgress(args.quiet)
    with output_lock(out, on_wait=waiting) as lock_fd:
        removed = clean_temporary(out, CACHE_DIR)
        if removed:
            log.debug("removed %d temporary file(s) left by an interrupted run", removed)
        try:
            entries, stats = run_batch(found.files, out, options, bopts, progress, keep_fds=[lock_fd])
        finally:
            progress.close()
        if stats.cache_rejected and not args.quiet:
            print("iki: " + t("cache_ignored", n=len(stats.cache_rejected)), file=sys.stderr)
        # assemble the tables file by file from the cache into a new generation, then publish it at once
        gen = Generation(out, tuple(f"{n}.parquet" for n in EXTRACT_TABLES) + ("manifest.json",))
        totals = {"files": 0, "status": Counter(), "positions": 0, "duties": 0, "indicators": 0, "warnings": 0,
                  "skipped": dict(sorted(found.skipped.items()))}
        not_ok: list[dict] = []
        try:
            stream = TableStream(gen.path, EXTRACT_TABLES)
            try:
                problem_rows = [failed_row(p, "error", reason, "folder") for p, reason in found.problems]
                n_corrected = 0
                for r in _chain(problem_rows, batch_results(out, entries)):
                    d = r.document
                    if corrections is not None:  # after the cache: a cached file is corrected too
                        from iki.corrections import apply as apply_corrections

                        n_corrected += apply_corrections(r.indicators, corrections)
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
                    if d["status"] not in ("ok", "duplicate"):
                        not_ok.append({k: d[k] for k in ("status", "source_path", "error")})
                stream.commit()
            except BaseException:
                stream.abort()
                raise
            arguments = {k: (display_path(v) if isinstance(v, str) else
                             [display_path(x) for x in v] if isinstance(v, list) else v)
                         for k, v in vars(args).items() if k != "func"}
            write_manifest(gen.path, manifest(arguments, totals, stats, out, gen.id))
            gen.publish()
        except BaseException:
            gen.discard()
            raise
    elapsed = time.perf_counter() - start
    failed = sum(totals["status"][s] for s in FAILED)
    if corrections is not None:
        unknown = corrections.unknown_ids()
        if unknown:
            print("iki: " + t("corr_unknown_ids", path=display_path(args.corrections), n=len(unknown),
                              ids=", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")), file=sys.stderr)
    if not args.quiet:
        err = sys.stderr
        print("\n" + t("documents_read", n=totals["files"], seconds=elapsed, out=display_path(out) + "/")
              + (t("from_cache", n=stats.cached) if stats.cached else ""), file=err)
        print("  " + t("summary_status", counts=", ".join(f"{k}: {v}" for k, v in sorted(totals["status"].items()))),
              file=err)
        print("  " + t("summary_positions", n=totals["positions"]), file=err)
        print("  " + t("summary_duties", n=totals["duties"]), file=err)
        print("  " + t("summary_indicators", n=totals["indicators"]), file=err)
        print("  " + t("summary_warnings", n=totals["warnings"]), file=err)
        if corrections is not None:
            print("  " + t("corr_applied", rows=n_corrected, path=display_path(args.corrections)), file=err)
        if found.skipped:
            print("  " + t("summary_skipped", counts=", ".join(f"{k}: {v}" for k, v in sorted(found.skipped.items()))),
                  file=err)
        for d in not_ok:
            print(f"  {d['status']:<12} {d['source_path']}: {d['error']}", file=err)
    elif failed:
        for d in not_ok:
            if d["status"] in FAILED:
                print(f"iki: {d['status']}: {d['source_path']}: {d['error']}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _chain(*iterables):
    for it in iterables:
        yield from it


def status_word(status: str) -> str:
    """A ``documents.status`` value as a word in the current language (the code itself when unknown)."""
    try:
        return t(f"doc_status_{status}")
    except KeyError:
        return status


def extract_summary(totals: dict, elapsed: float, out: str, cached: int, not_ok: list[dict]) -> str:
    """The summary ``iki extract`` prints: counts by status, rows per table, then each file that is not ok.

    ``totals``: ``files``, ``status`` (Counter of status values), ``positions``, ``duties``,
    ``indicators``, ``warnings``; ``not_ok``: dicts with ``status``, ``source_path``, ``error``."""
    lines = [t("documents_read", n=totals["files"], seconds=elapsed, out=f"{out}/")
             + (t("from_cache", n=cached) if cached else "")]
    rows = [(t("label_status"), ", ".join(f"{status_word(k)}: {v}" for k, v in sorted(totals["status"].items()))),
            (t("label_positions"), str(totals["positions"])),
            (t("label_duties"), str(totals["duties"])),
            (t("label_indicators"), str(totals["indicators"])),
            (t("label_warnings"), t("warnings_hint", n=totals["warnings"]))]
    width = max(len(label) for label, _ in rows) + 2
    lines += [f"  {label:<{width}}{value}" for label, value in rows]
    words = [status_word(d["status"]) for d in not_ok]
    w = max((len(x) for x in words), default=0) + 1
    lines += [f"  {word:<{w}}{d['source_path']}: {d['error']}" for word, d in zip(words, not_ok)]
    return "\n".join(lines)


def cmd_eval(args) -> int:
    from iki.evaluate import evaluate_folder, format_report
    from schema.writer import current_folder

    folder = current_folder(args.output)
    missing = [n for n in ("documents", "positions", "duties", "indicators") if not (folder / f"{n}.parquet").exists()]
    if not Path(args.output).is_dir() or missing:
        raise UsageError(t("err_not_output", out=display_path(args.output)))
    gone = [g for g in args.gold if not Path(g).is_file()]
    if gone:
        raise UsageError(t("err_missing_path", paths=", ".join(display_path(g) for g in gone)))
    report = evaluate_folder(folder, args.gold)
    print(format_report(report, verbose=args.verbose))
    return EXIT_OK


def cmd_diff(args) -> int:
    from iki.diff import DiffError, diff, load_output, select_side, summary_text, years_present
    from iki.report import write_report
    from schema.writer import write_table

    outs = args.outputs
    if len(outs) > 2:
        raise UsageError(t("diff_outputs"))
    _check_output_folder(args.output)
    try:
        old_tables = load_output(outs[0])
        new_tables = old_tables if len(outs) == 1 else load_output(outs[1])
        if len(outs) == 1 and (args.from_year is None or args.to_year is None):
            raise DiffError(t("diff_need_years", out=outs[0], years=years_present(old_tables)))
        if len(outs) == 1 and args.from_year == args.to_year:
            raise DiffError(t("diff_same_year", year=str(args.from_year)))
        old = select_side(old_tables, year=args.from_year, region=args.region, agency=args.agency,
                          source=outs[0], flag="--from")
        new = select_side(new_tables, year=args.to_year, region=args.region, agency=args.agency,
                          source=outs[-1], flag="--to")
    except DiffError as e:
        raise UsageError(t("diff_error", message=e)) from None
    start = time.perf_counter()
    result = diff(old, new)
    write_table(args.output, "position_changes", result.position_rows)
    write_table(args.output, "indicator_changes", result.indicator_rows)
    write_table(args.output, "field_changes", result.field_rows)
    report = write_report(result, Path(args.output) / "report.html")
    if not args.quiet:
        print(summary_text(result), file=sys.stderr)
        print(t("diff_written", out=args.output, report=report.name, seconds=time.perf_counter() - start),
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
    from iki.export import ExportError, export, find_tables

    folder = Path(args.folder)
    out = Path(args.output) if args.output else folder
    if not folder.is_dir():
        print(t("export_error", message=t("export_no_folder", path=folder)), file=sys.stderr)
        return 2
    if out.is_file() and not (args.to == "xlsx" and out.suffix.lower() == ".xlsx"):
        print(t("export_error", message=t("export_out_is_file", path=out)), file=sys.stderr)
        return 2
    try:
        find_tables(folder)
    except ExportError:
        print(t("export_error", message=t("export_no_tables", path=folder)), file=sys.stderr)
        return 2
    try:
        result = export(folder, out, args.to, sep=args.sep)
    except ExportError as e:
        print(t("export_error", message=e), file=sys.stderr)
        return 2
    for key, fields in result.notes:
        print(t(key, **fields), file=sys.stderr)
    if not args.quiet:
        target = result.files[0] if args.to == "xlsx" else f"{out}/"
        print(t("export_written", n=len(result.rows), target=target), file=sys.stderr)
        for table, n in result.rows.items():
            print(t("export_table_rows", table=table, rows=n), file=sys.stderr)
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
    sp.add_argument("--year", type=int, help="year to record (overrides detection)")
    sp.add_argument("--region", help="region to record (overrides detection)")
    sp.add_argument("--agency", help="agency to record (overrides detection)")


def cmd_show(args) -> int:
    from iki.pipeline import process_file
    from iki.show import render

    path = Path(args.file)
    if path.is_dir():
        print(t("show_is_folder", path=path), file=sys.stderr)
        return 2
    if not path.exists():
        print(t("show_no_file", path=path), file=sys.stderr)
        return 2
    result = process_file(path, Options(year=args.year, region=args.region, agency=args.agency, ocr=args.ocr))
    try:
        sys.stdout.write(render(result, args.style) + ("\n" if args.style == "json" else ""))
        sys.stdout.flush()
    except BrokenPipeError:  # `iki show FILE | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 1 if result.document["status"] in ("error", "timeout") else 0


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
    from iki.review import ReviewError, review

    if args.output and Path(args.output).is_file():
        raise UsageError(t("err_output_is_file", out=display_path(args.output)))
    try:
        result = review(args.folder, args.output, jobs=args.jobs, sources=args.sources)
    except ReviewError as e:
        raise UsageError(str(e)) from None
    if not args.quiet:
        print(t("rv_written", documents=result.documents, rows=result.rows, warned=result.rows_with_warnings,
                crops=result.crops, mb=result.bytes / 1e6, seconds=result.seconds,
                dest=display_path(result.folder / "index.html")), file=sys.stderr)
        if result.notes:
            print("  " + t("rv_sources_note", n=len(result.notes), first=result.notes[0]), file=sys.stderr)
    return EXIT_OK


COMMANDS = {"extract": cmd_extract, "eval": cmd_eval, "diff": cmd_diff, "schema": cmd_schema,
            "export": cmd_export, "show": cmd_show, "review": cmd_review}

_ENVIRONMENT_ERRNOS = {errno.ENOSPC: "no space left on device", errno.EDQUOT: "disk quota exceeded",
                       errno.EROFS: "read-only file system", errno.EACCES: "permission denied",
                       errno.EPERM: "operation not permitted", errno.EFBIG: "file too large for this file system "
                       "or limit", errno.EIO: "input/output error", errno.EMFILE: "too many open files"}


def _errno(e: OSError) -> int | None:
    if e.errno:
        return e.errno
    import re

    m = re.search(r"\[errno (\d+)\]", str(e), re.I)  # pyarrow puts the errno in its message
    return int(m.group(1)) if m else None


def _reason(e: OSError) -> str:
    code = _errno(e)
    reason = _ENVIRONMENT_ERRNOS.get(code) or (os.strerror(code) if code else str(e).splitlines()[0][:200])
    where = getattr(e, "filename", None)
    return f"{reason} ({display_path(where)})" if where else reason


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


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
        previous = None
        if threading_main() and hasattr(signal, "SIGTERM"):
            previous = signal.signal(signal.SIGTERM, _on_sigterm)  # `kill PID`: clean up like Ctrl-C
        try:
            return COMMANDS[args.command](args)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
    except UsageError as e:
        msg = str(e)
        print(msg if msg.startswith("iki") else f"iki: {msg}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\niki: " + t("interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except EnvironmentProblem as e:
        print(f"iki: {e}", file=sys.stderr)
        return EXIT_ENVIRONMENT
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
    sys.exit(main())
