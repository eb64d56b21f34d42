"""Command-line conventions (issue 14 items 2 and 3): usage errors, exit codes, progress, -q / -v."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from iki.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "seeds"


def iki(*args, **kw) -> subprocess.CompletedProcess:
    """`iki ...` in its own process, stderr a pipe (not a terminal, as under cron or nohup)."""
    return subprocess.run([sys.executable, "-m", "iki.cli", *map(str, args)], cwd=kw.pop("cwd", ROOT),
                          capture_output=True, text=True, timeout=kw.pop("timeout", 300), **kw)


def one_line_error(r: subprocess.CompletedProcess) -> str:
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    return lines[0]


@pytest.mark.parametrize("args", [
    ["extract", "no/such/folder", "-o", "{tmp}/out"],
    ["extract", str(SEEDS / "000.txt"), "no_such_file.pdf", "-o", "{tmp}/out"],
    ["extract", str(SEEDS), "-o", "{tmp}/a_file"],
    ["extract", str(SEEDS), "-o", "{tmp}/a_file/sub"],
    ["extract", str(SEEDS), "-o", "{tmp}/out", "--jobs", "0"],
    ["extract", str(SEEDS), "-o", "{tmp}/out", "--jobs", "two"],
    ["extract", str(SEEDS), "-o", "{tmp}/out", "--timeout", "-1"],
    ["extract", str(SEEDS)],
    ["eval", "{tmp}/no_output", "gold.json"],
    ["diff", "{tmp}/no_output", "--from", "2019", "--to", "2022", "-o", "{tmp}/d"],
    ["nonsense"],
])
@pytest.mark.slow
def test_usage_mistakes_exit_2_with_one_line_and_write_nothing(tmp_path, args):
    (tmp_path / "a_file").write_text("keep me")
    before = sorted(p.name for p in tmp_path.iterdir())
    r = iki(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert r.returncode == 2
    assert one_line_error(r).startswith("iki")
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written
    assert (tmp_path / "a_file").read_text() == "keep me"


def test_a_run_with_stderr_redirected_names_every_file(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for f in ("000.txt", "003.txt"):
        shutil.copy(SEEDS / f, src / f)
    (src / "empty.txt").write_bytes(b"")
    log = tmp_path / "log.txt"
    with open(log, "w") as err:
        r = subprocess.run([sys.executable, "-m", "iki.cli", "extract", str(src), "-o", str(tmp_path / "out"), "-j", "2"],
                           cwd=ROOT, stderr=err, stdout=subprocess.PIPE, text=True, timeout=300)
    assert r.returncode == 1 and r.stdout == ""
    text = log.read_text()
    for name, status in (("000.txt", "ok"), ("003.txt", "ok"), ("empty.txt", "error")):
        line = next(x for x in text.splitlines() if x.startswith("iki: [") and name in x)
        assert f": {status}, " in line and " positions, " in line and " indicators" in line
    assert "ok, 15 positions, 40 indicators, " in text and " s" in text
    assert "3 document(s)" in text  # the summary, on the same stream


@pytest.mark.slow
def test_quiet_prints_only_errors_and_verbose_logs_the_stages(tmp_path):
    r = iki("extract", SEEDS / "000.txt", "-o", tmp_path / "q", "-q", "-j", "1")
    assert r.returncode == 0 and r.stderr == "" and r.stdout == ""
    (tmp_path / "empty.txt").write_bytes(b"")
    r = iki("extract", tmp_path / "empty.txt", "-o", tmp_path / "q2", "-q", "-j", "1")
    assert r.returncode == 1 and one_line_error(r) == f"iki: error: {tmp_path / 'empty.txt'}: file is empty"
    r = iki("extract", SEEDS / "000.txt", "-o", tmp_path / "v", "-v", "-j", "1")
    assert "format text (by content)" in r.stderr and "read " in r.stderr and "parsed 15 positions" in r.stderr


@pytest.mark.slow
def test_diff_region_and_agency_near_misses_say_did_you_mean(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(SEEDS / "000.txt"), str(SEEDS / "002a.txt"), "-o", str(out), "-q", "-j", "1"]) == 0
    assert main(["diff", str(out), "--from", "2019", "--to", "2022", "--region", "Kota Probolingo",
                 "-o", str(tmp_path / "d"), "-q"]) == 0  # a typo still matches, as --agency does
    assert main(["diff", str(out), "--from", "2019", "--to", "2022", "--region", "Kabupaten Probolinggo",
                 "-o", str(tmp_path / "d2")]) == 2  # a Kabupaten is not the Kota of the same name
    err = capsys.readouterr().err
    assert 'Did you mean "Kota Probolinggo"?' in err and "Traceback" not in err
    assert main(["diff", str(out), "--from", "2019", "--to", "2022", "--agency", "Dinas Sosal Kota",
                 "-o", str(tmp_path / "d3")]) in (0, 2)


@pytest.mark.slow
def test_summaries_of_every_command_go_to_stderr(tmp_path):
    r = iki("extract", SEEDS / "000.txt", SEEDS / "002a.txt", "-o", tmp_path / "out", "-j", "1")
    assert r.stdout == "" and "document(s)" in r.stderr
    r = iki("diff", tmp_path / "out", "--from", "2019", "--to", "2022", "-o", tmp_path / "d")
    assert r.returncode == 0 and r.stdout == "" and "positions" in r.stderr
    assert os.stat(tmp_path / "d" / "report.html").st_mode & 0o777 == 0o644


def test_readme_main_job_reads_only_documents():
    """`iki extract samples -o output` exits 0: samples/ holds only documents iki reads; the gold JSON
    and generator scripts beside them are skipped by content and counted, so `score.py OUT GOLD.json`
    never pairs a gold file with itself; named on the command line, such a file gets its row."""
    from iki.pipeline import discover, process_file

    found = discover([str(ROOT / "samples")])
    assert not found.problems and not found.missing
    assert not [f for f in found.files if f.endswith((".json", ".py"))]
    assert found.skipped["data_or_code"] == len(list((ROOT / "samples").rglob("*.json"))) + \
        len(list((ROOT / "samples").rglob("*.py")))
    doc = process_file(ROOT / "samples" / "gold" / "000.json").document
    assert doc["status"] == "unsupported" and "JSON" in doc["error"]


# --------------------------------------------------------------------------- progress a log can use (issue 25)


def test_a_log_has_a_start_line_and_an_eta_on_every_read_file(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for f in ("000.txt", "001.txt", "003.txt"):
        shutil.copy(SEEDS / f, src / f)
    shutil.copy(ROOT / "samples" / "pdf" / sorted(p.name for p in (ROOT / "samples" / "pdf").glob("*.pdf"))[0],
                src / "doc.pdf")
    log = tmp_path / "log.txt"
    with open(log, "w") as err:
        r = subprocess.run([sys.executable, "-m", "iki.cli", "extract", str(src), "-o", str(tmp_path / "out"), "-j", "1"],
                           cwd=ROOT, stderr=err, stdout=subprocess.PIPE, text=True, timeout=300)
    assert r.returncode == 0
    lines = log.read_text().splitlines()
    import re

    start = lines[0]
    assert re.fullmatch(r"iki: reading 4 file\(s\) \(\d+ pages in 1 PDF\(s\)\) with 1 job\(s\)", start), start
    files = [x for x in lines if x.startswith("iki: [")]
    assert len(files) == 4
    assert all(re.search(r" · \d+:\d\d elapsed, about \d+:\d\d left$", x) for x in files), files
    # a second run takes everything from the cache: the start line says so, cached lines carry no ETA
    with open(log, "w") as err:
        subprocess.run([sys.executable, "-m", "iki.cli", "extract", str(src), "-o", str(tmp_path / "out"), "-j", "1"],
                       cwd=ROOT, stderr=err, stdout=subprocess.PIPE, text=True, timeout=300, check=True)
    assert "; 4 from the cache) with 1 job(s)" in log.read_text().splitlines()[0]


def test_a_heartbeat_line_names_the_file_being_read(tmp_path, capsys, monkeypatch):
    from iki import progress

    monkeypatch.setattr(progress, "HEARTBEAT", 0.01)  # every poll of the batch (a file takes longer)
    assert main(["extract", str(SEEDS / "002a.txt"), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    err = capsys.readouterr().err
    still = [x for x in err.splitlines() if x.startswith("iki: still reading")]
    assert still and "002a.txt (0:0" in still[0] and "0/1 file(s) done" in still[0]


def test_pdf_pages_are_counted_while_the_file_is_hashed(tmp_path):
    from pypdf import PdfReader

    from iki.progress import PageCounter, file_facts

    for pdf in sorted((ROOT / "samples" / "pdf").glob("*.pdf"))[:4]:
        data = pdf.read_bytes()
        true = len(PdfReader(pdf).pages)
        sha, size, pages, weight = file_facts(str(pdf))
        assert size == len(data) and pages in (true, None), (pdf.name, pages, true)
        assert weight == (pages or weight) and weight >= 1  # a digital page weighs one
        for step in (1, 7, 64, 65, 4096):  # the same count whatever the chunk boundaries
            c = PageCounter()
            for i in range(0, len(data), step):
                c.feed(data[i:i + step])
            assert c.pages == pages, (pdf.name, step)
    assert file_facts(str(SEEDS / "000.txt"))[2:] == (None, 1)
    from iki.progress import OCR_PAGE_WEIGHT

    scan = ROOT / "samples" / "scans" / "000_scan.pdf"  # pages of images, no font: read by OCR
    pages = len(PdfReader(scan).pages)
    assert file_facts(str(scan))[2:] == (pages, pages * OCR_PAGE_WEIGHT)
    assert file_facts(str(ROOT / "samples" / "scans" / "003_page1.png"))[2:] == (None, OCR_PAGE_WEIGHT)
    c = PageCounter()
    c.feed(b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R] >> 2 0 obj << /Type/Page >> 3 0 obj <</Type /Page/X 1>>")
    assert c.pages == 2  # /Pages (the tree) is not a page
    assert c.weight(10 ** 6) == 2 and not c.scanned
    z = PageCounter()
    z.feed(b"%PDF-1.7\n" + b"x" * 300_000)  # page objects compressed in object streams: the size tells
    assert z.pages is None and z.weight(300_009) == 5


def test_eta_and_bar_are_weighted_by_pages(monkeypatch):
    import io

    from iki import progress

    now = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    p = progress.ExtractProgress(stream=io.StringIO(), lines=True)
    p.planned(2, {"small.txt": 1, "scan.pdf": 99})
    p.started("small.txt")
    now[0] += 2.0
    p.finished("small.txt", {"status": "ok"}, 2.0, False)
    assert p.eta() == pytest.approx(198.0)  # 2 s for 1 page, 99 pages left; counting files would say 2 s
    bar = progress.ExtractProgress(stream=io.StringIO(), lines=False)
    bar.planned(2, {"small.txt": 1, "scan.pdf": 99})
    assert bar.bar.total == 100
    bar.started("small.txt")
    bar.finished("small.txt", {"status": "ok"}, 2.0, False)
    assert bar.bar.n == 1
    bar.close()
