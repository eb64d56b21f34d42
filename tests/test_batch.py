"""Batch runs: parallel output equals serial output, the cache resumes, failures stay isolated, Dask,
spawned workers (the start method of macOS and Windows), process groups, the JSON cache."""
import filecmp
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from iki import batch
from iki.cli import main
from iki.pipeline import Options

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("documents", "positions", "duties", "indicators", "flat")


SLOW = {"cycle_length.pdf"}  # bounded by --page-timeout (120 s by default): tested with a short one in test_hostile


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Seeds, Word and digital PDF samples, and the hostile files: every kind but scans (slow)."""
    src = tmp_path_factory.mktemp("corpus")
    for folder in (ROOT / "samples" / "seeds", ROOT / "samples" / "docx", ROOT / "tests" / "data" / "bad"):
        for f in folder.iterdir():
            if f.suffix != ".json" and f.name not in SLOW:
                shutil.copy(f, src / f.name)
    for name in ("001_v1.pdf", "003_rl.pdf", "rotated.pdf"):
        shutil.copy(ROOT / "samples" / "pdf" / name, src / name)
    return src


def same_tables(a: Path, b: Path) -> bool:
    return all(filecmp.cmp(a / f"{t}.parquet", b / f"{t}.parquet", shallow=False) for t in TABLES)


def cache_entries(out: Path) -> list[Path]:
    return list((out / batch.CACHE_DIR).rglob("*.json"))


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    assert main(["extract", str(corpus), "-o", str(out), "-q", "--jobs", "1"]) == 1  # the bad files fail
    return out


HOSTILE = {"empty.txt": ("error", "empty"), "truncated.pdf": ("error", "damaged"),
           "locked.pdf": ("error", "password"), "bomb.docx": ("error", "zip bomb"),
           "laughs.docx": ("error", "entity"), "long.pdf": ("error", "--max-pages"),
           "noise.bin.txt": ("unsupported", "not a document"), "archive.zip": ("unsupported", "not a document"),
           "undangan.docx": ("no_iki_found", "no JABATAN"),
           "kids_cycle.pdf": ("error", "--max-pages"),
           "form_cycle.pdf": ("error", "circular reference"), "unreadable_page.pdf": ("error", "does not decode"),
           "giant_page.pdf": ("error", "too large to read by OCR"),
           "corrupt_entry.docx": ("error", "corrupt ZIP entry"),
           "bad_numbering.docx": ("error", "invalid number in word/numbering.xml"),
           "huge_span.docx": ("error", "cell span")}
CLAMPED = {"huge_colspan.md"}  # the HTML reader clamps spans to 1,000 as browsers do: bounded, read


@pytest.mark.slow
def test_every_hostile_file_gets_a_row_with_a_reason(serial):
    docs = pd.read_parquet(serial / "documents.parquet").set_index("file_name")
    assert set(HOSTILE) | {"really_docx.pdf"} | SLOW | CLAMPED == {p.name for p in (ROOT / "tests" / "data" / "bad").iterdir()}
    assert docs.loc["huge_colspan.md", "status"] in ("ok", "no_iki_found")
    for name, (status, words) in HOSTILE.items():
        assert docs.loc[name, "status"] == status, (name, docs.loc[name, "error"])
        assert words.lower() in docs.loc[name, "error"].lower(), (name, docs.loc[name, "error"])
        assert "internal error" not in docs.loc[name, "error"], name  # damage is the input's, not iki's
    # a Word file named .pdf is read as Word; here it is also a copy of handmade_numbering.docx
    assert docs.loc["really_docx.pdf", "format"] == "docx" and docs.loc["really_docx.pdf", "status"] == "duplicate"
    assert docs.loc["really_docx.pdf", "duplicate_of"] == docs.loc["handmade_numbering.docx", "doc_id"]
    assert (docs.loc[[n for n in docs.index if n.startswith(("000", "001", "002a", "003"))], "status"] == "ok").all()


@pytest.mark.slow
def test_two_jobs_give_byte_identical_tables(corpus, serial, tmp_path):
    main(["extract", str(corpus), "-o", str(tmp_path), "-q", "--jobs", "2"])
    assert same_tables(serial, tmp_path)


@pytest.mark.slow
def test_rerun_reads_only_changed_files(corpus, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    out = tmp_path / "out"
    main(["extract", str(src), "-o", str(out), "-q"])
    first = json.loads((out / "manifest.json").read_text())
    (src / "000.txt").write_text((src / "000.txt").read_text() + "\n")
    main(["extract", str(src), "-o", str(out), "-q"])
    second = json.loads((out / "manifest.json").read_text())
    assert first["from_cache"] == 0 and second["from_cache"] + second["duplicates"] == second["files"] - 1
    assert second["status_counts"] == first["status_counts"]
    main(["extract", str(src), "-o", str(out), "-q", "--force"])
    assert json.loads((out / "manifest.json").read_text())["from_cache"] == 0


@pytest.mark.slow
def test_kill_9_then_rerun_gives_byte_identical_tables(corpus, serial, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "iki.cli", "extract", str(corpus), "-o", str(out), "-q",
                             "--jobs", "2"], cwd=ROOT)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(cache_entries(out)) < 5:
        time.sleep(0.05)
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = len(cache_entries(out))
    assert 5 <= done < len(list(corpus.iterdir())), "the kill must land in the middle of the run"
    assert not (out / "documents.parquet").exists()  # nothing half-written
    assert _wait_gone(workers), "workers must exit when the main process is killed"
    main(["extract", str(corpus), "-o", str(out), "-q", "--jobs", "1"])
    assert same_tables(serial, out)
    assert json.loads((out / "manifest.json").read_text())["from_cache"] >= done


def _children(pid: int) -> list[int]:
    import psutil

    try:
        return [c.pid for c in psutil.Process(pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _wait_gone(pids: list[int], seconds: float = 10) -> bool:
    import psutil

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return True
        time.sleep(0.1)
    return False


def _hang(path, options=None):
    time.sleep(60)


def _crash(path, options=None):
    os._exit(3)


def _greedy(path, options=None):
    hog = bytearray(2 * 1024 ** 3)  # more than the worker may have
    return hog


def _spawns_a_sleeper(path, options=None):
    """A reader that starts a long-running program (as tesseract or LibreOffice would) and hangs."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    Path(path).with_suffix(".pid").write_text(str(child.pid))
    time.sleep(60)


def run_one(tmp_path, monkeypatch, reader, **limits):
    """One file through run_batch with ``process_file`` replaced by ``reader`` (inherited by the fork)."""
    monkeypatch.setattr(batch, "process_file", reader)
    f = tmp_path / "a.txt"
    f.write_text("JABATAN : A")
    entries, _ = batch.run_batch([str(f)], tmp_path / "out", Options(), batch.BatchOptions(start_method="fork", **limits))
    return list(batch.results(tmp_path / "out", entries))[0].document


def test_a_hanging_file_times_out_and_the_batch_goes_on(tmp_path, monkeypatch):
    doc = run_one(tmp_path, monkeypatch, _hang, timeout=1)
    assert doc["status"] == "timeout" and "--timeout" in doc["error"]


def test_timeout_stops_the_programs_the_worker_started(tmp_path, monkeypatch):
    import psutil

    doc = run_one(tmp_path, monkeypatch, _spawns_a_sleeper, timeout=2)
    assert doc["status"] == "timeout"
    pid = int((tmp_path / "a.pid").read_text())
    assert _wait_gone([pid], 5), "the program the worker started must be stopped with it"
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


def test_a_timed_out_file_is_read_again_on_the_next_run(tmp_path, monkeypatch):
    assert run_one(tmp_path, monkeypatch, _hang, timeout=1)["status"] == "timeout"
    monkeypatch.undo()  # the real reader again
    entries, stats = batch.run_batch([str(tmp_path / "a.txt")], tmp_path / "out", Options(), batch.BatchOptions())
    assert stats.cached == 0  # a timeout is not a result: it is not taken from the cache
    assert list(batch.results(tmp_path / "out", entries))[0].document["status"] == "ok"  # read this time


def test_a_crashing_worker_is_reported(tmp_path, monkeypatch):
    doc = run_one(tmp_path, monkeypatch, _crash)
    assert doc["status"] == "error" and "crashed" in doc["error"]


def test_the_memory_guard_stops_a_greedy_file(tmp_path, monkeypatch):
    doc = run_one(tmp_path, monkeypatch, _greedy, max_memory_mb=1024)
    assert doc["status"] == "error" and "memory" in doc["error"]


@pytest.mark.slow
def test_manifest_records_the_run(serial):
    m = json.loads((serial / "manifest.json").read_text())
    assert m["files"] == sum(m["status_counts"].values()) and m["arguments"]["jobs"] == 1
    assert {"docx", "pdf", "text"} <= set(m["seconds_by_format"]) and m["started"] <= m["finished"]


@pytest.mark.slow
def test_spawned_workers_give_the_same_tables(corpus, serial, tmp_path, monkeypatch):
    """The start method of macOS and Windows, forced on Linux: same tables, limits still apply."""
    monkeypatch.setenv("IKI_START_METHOD", "spawn")
    assert batch.start_method() == "spawn"
    assert main(["extract", str(corpus), "-o", str(tmp_path / "out"), "-q", "--jobs", "2"]) == 1
    assert same_tables(serial, tmp_path / "out")
    # a real hang (a PDF whose page tree loops) under spawn: the file's time limit holds
    assert main(["extract", str(ROOT / "tests" / "data" / "bad" / "cycle_length.pdf"), "-o", str(tmp_path / "t"),
                 "-q", "--timeout", "2", "--page-timeout", "0"]) == 1
    doc = pd.read_parquet(tmp_path / "t" / "documents.parquet").iloc[0]
    assert doc.status == "timeout"


def test_memory_watch_where_the_platform_has_no_rlimit(tmp_path, monkeypatch):
    """Without RLIMIT_AS (macOS, Windows) the main process watches the worker's memory."""
    monkeypatch.setattr(batch, "_has_rlimit", lambda: False)
    doc = run_one(tmp_path, monkeypatch, _greedy_slowly, max_memory_mb=300, timeout=60)
    assert doc["status"] == "error" and "memory" in doc["error"]


def _greedy_slowly(path, options=None):
    hog = []
    for _ in range(100):
        hog.append(bytearray(50 * 1024 * 1024))
        for i in range(0, len(hog[-1]), 4096):
            hog[-1][i] = 1  # touch the pages: resident memory grows
        time.sleep(0.1)
    return hog


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_tables(corpus, serial, tmp_path):
    pytest.importorskip("distributed")
    assert main(["extract", str(corpus), "-o", str(tmp_path), "-q", "--dask", "local", "--jobs", "2"]) == 1
    assert same_tables(serial, tmp_path)


def test_a_caller_with_threads_gets_spawned_workers(monkeypatch):
    """Forking a process that runs other threads can copy a held lock into the worker (it would hang
    until --timeout): with a second thread alive, workers are spawned."""
    import threading

    monkeypatch.delenv("IKI_START_METHOD", raising=False)
    if threading.active_count() == 1 and sys.platform != "darwin":
        assert batch.start_method() == "fork"
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        assert batch.start_method() == "spawn"
    finally:
        stop.set()
        t.join()


def test_a_worker_that_exits_is_no_memory_case_unless_it_was_at_the_limit():
    """A forked worker inherits its parent's address space (a notebook's, a test runner's): half the
    limit in use says nothing when the worker exits with a code; a signal there, or the limit reached, does."""
    assert "crashed" in batch.crash_message(3, 2500.0, 4096)
    assert "out of memory" in batch.crash_message(-9, 2500.0, 4096)
    assert "out of memory" in batch.crash_message(3, 4000.0, 4096)
    assert "crashed" in batch.crash_message(-11, 10.0, 0)


@pytest.mark.skipif(not batch._has_rlimit(), reason="the memory limit is RLIMIT_AS only where the platform enforces it")
def test_a_caller_holding_much_memory_does_not_starve_its_workers(tmp_path):
    """A script that holds a large address space (its own data) and calls iki.extract: its forked workers
    inherit that address space, which the memory limit counts. They read their files as any worker does
    (every file came back 'ran out of memory', a scan as 'cannot read the image (ImportError ...)')."""
    script = tmp_path / "caller.py"
    script.write_text(
        "import sys\n"
        "import numpy as np\n"
        "data = np.empty(4_500_000_000, np.uint8)  # 4.5 GB of address space, never touched\n"
        "import iki\n"
        "iki.extract(sys.argv[2:], sys.argv[1], progress=False, jobs=2)\n", encoding="utf-8")
    pdf = sorted((ROOT / "samples" / "pdf").glob("*.pdf"))[0]
    text = sorted((ROOT / "samples" / "seeds").glob("*.txt"))[0]
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, str(script), str(out), str(pdf), str(text)], capture_output=True, text=True,
                         timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    docs = pd.read_parquet(out / "documents.parquet")
    assert list(docs.status) == ["ok", "ok"], docs[["file_name", "status", "error"]].to_string()
    assert (docs.n_indicators > 0).all()
