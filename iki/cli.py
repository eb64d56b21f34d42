"""The ``iki`` command line."""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from pathlib import Path

from iki import __version__
from iki.i18n import set_lang, t
from iki.pipeline import Options, discover, flat_rows

DESCRIPTION = """\
iki turns Indonesian Indikator Kinerja Individu (IKI) documents into Parquet tables:
documents, positions, duties (TUGAS/FUNGSI items), indicators, and flat (indicators
joined with their position and document). Load them with pandas, polars or DuckDB.
"""

EXTRACT_EPILOG = """\
examples:
  iki extract samples -o output
  iki extract ~/iki/2022 ~/iki/2023/dinsos.md -o out --region "Kota Probolinggo"

Every file gets a row in documents.parquet with status ok | no_iki_found | error | timeout
and a one-line error; the exit code is 1 when any file had status error or timeout.
Finished files are cached in OUT/.iki-cache/: an interrupted run goes on where it stopped,
and a re-run only reads new or changed files (--force reads all). OUT/manifest.json
records the run.
Reads PDF (digital, and scanned through OCR), Word .docx (.doc through LibreOffice), images
(PNG, JPEG, TIFF, through OCR) and converter text exports (.txt, .md).
"""


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="iki", description=DESCRIPTION,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--version", action="version", version=f"iki {__version__}")
    sub = ap.add_subparsers(dest="command", metavar="COMMAND")

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
    ex.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="files read at the same time, each in a worker process of its own (default: all cores)")
    ex.add_argument("--timeout", type=float, default=900.0, metavar="SECONDS",
                    help="give up on a file after this long (status timeout; default 900)")
    ex.add_argument("--max-memory", type=int, default=4096, metavar="MiB",
                    help="memory limit of one worker (default 4096 MiB)")
    ex.add_argument("--max-pages", type=int, default=1000, metavar="N",
                    help="refuse PDFs longer than this (default 1000 pages)")
    ex.add_argument("--force", action="store_true",
                    help="read every file again, ignoring the results cached in OUT/.iki-cache/")
    ex.add_argument("--dask", choices=("local",), help="run on a local Dask cluster (--jobs workers)")
    ex.add_argument("--scheduler", metavar="tcp://HOST:8786", help="run on the Dask cluster of this scheduler")
    ex.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    ex.add_argument("-v", "--verbose", action="store_true", help="log more on stderr")

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

    from iki.batch import BatchOptions, manifest, run_batch, write_manifest
    from iki.batch import results as batch_results
    from schema.tables import EXTRACT_TABLES
    from schema.writer import TableStream

    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING if args.quiet else logging.INFO,
                        format="iki: %(message)s", stream=sys.stderr)
    log = logging.getLogger("iki")
    files = discover(args.paths)
    if not files:
        print(t("no_files", paths=" ".join(args.paths)), file=sys.stderr)
        return 2
    options = Options(year=args.year, region=args.region, agency=args.agency, ocr=args.ocr,
                      max_pages=args.max_pages)
    dask = "local" if args.dask == "local" else args.scheduler
    bopts = BatchOptions(jobs=args.jobs, timeout=args.timeout, max_memory_mb=args.max_memory, force=args.force,
                         dask=dask)
    log.debug("%d file(s), %d job(s)%s", len(files), bopts.jobs, f", Dask {dask}" if dask else "")
    start = time.perf_counter()
    progress = None
    if not args.quiet:
        from tqdm import tqdm
        progress = tqdm(total=len(files), unit="file", file=sys.stderr, disable=None, smoothing=0.1)
    try:
        keys, stats = run_batch(files, args.output, options, bopts, progress)
    except KeyboardInterrupt:
        if progress is not None:
            progress.close()
        print("\n" + t("interrupted"), file=sys.stderr)
        return 130
    if progress is not None:
        progress.close()
    # assemble the tables file by file from the cache: memory stays bounded however large the batch
    stream = TableStream(args.output, EXTRACT_TABLES)
    totals = {"files": 0, "status": Counter(), "positions": 0, "duties": 0, "indicators": 0, "warnings": 0}
    not_ok: list[dict] = []
    try:
        for r in batch_results(args.output, keys):
            d = r.document
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
            if d["status"] != "ok":
                not_ok.append({k: d[k] for k in ("status", "source_path", "error")})
        stream.commit()
    except BaseException:
        stream.abort()
        raise
    arguments = {k: v for k, v in vars(args).items() if k != "func"}
    write_manifest(Path(args.output), manifest(arguments, totals, stats, Path(args.output)))
    elapsed = time.perf_counter() - start
    failed = totals["status"]["error"] + totals["status"]["timeout"]
    if not args.quiet:
        print("\n" + extract_summary(totals, elapsed, args.output, stats.cached, not_ok), file=sys.stderr)
    return 1 if failed else 0


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

    report = evaluate_folder(args.output, args.gold)
    print(format_report(report, verbose=args.verbose))
    return 0


def cmd_diff(args) -> int:
    from iki.diff import DiffError, diff, load_output, select_side, summary_text, years_present
    from iki.report import write_report
    from schema.writer import write_table

    outs = args.outputs
    if len(outs) > 2:
        print(t("diff_outputs"), file=sys.stderr)
        return 2
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
        print(t("diff_error", message=e), file=sys.stderr)
        return 2
    start = time.perf_counter()
    result = diff(old, new)
    write_table(args.output, "position_changes", result.position_rows)
    write_table(args.output, "indicator_changes", result.indicator_rows)
    report = write_report(result, Path(args.output) / "report.html")
    if not args.quiet:
        print(summary_text(result))
        print(t("diff_written", out=args.output, report=report.name, seconds=time.perf_counter() - start))
    return 0


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


def main(argv: list[str] | None = None) -> int:
    ap = _parser()
    args = ap.parse_args(argv)
    try:
        set_lang(getattr(args, "lang", None))
    except ValueError:
        bad = getattr(args, "lang", None) or os.environ.get("IKI_LANG")
        set_lang("en")
        print(t("lang_unknown", lang=bad), file=sys.stderr)
        return 2
    if args.command == "export":
        return cmd_export(args)
    if args.command == "show":
        return cmd_show(args)
    if args.command == "extract":
        return cmd_extract(args)
    if args.command == "eval":
        return cmd_eval(args)
    if args.command == "diff":
        return cmd_diff(args)
    if args.command == "schema":
        from schema.tables import data_dictionary
        print(data_dictionary())
        return 0
    ap.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
