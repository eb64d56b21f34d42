"""Batch runs: parallel output equals serial output, the cache resumes, failures stay isolated, Dask."""
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


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Seeds, Word and digital PDF samples, and the hostile files: every kind but scans (slow)."""
    src = tmp_path_factory.mktemp("corpus")
    for folder in (ROOT / "samples" / "seeds", ROOT / "samples" / "docx", ROOT / "tests" / "data" / "bad"):
        for f in folder.iterdir():
            if f.suffix != ".json":
                shutil.copy(f, src / f.name)
    for name in ("001_v1.pdf", "003_rl.pdf", "rotated.pdf"):
        shutil.copy(ROOT / "samples" / "pdf" / name, src / name)
    return src


def same_tables(a: Path, b: Path) -> bool:
    return all(filecmp.cmp(a / f"{t}.parquet", b / f"{t}.parquet", shallow=False) for t in TABLES)


@pytest.fixture(scope="module")
def serial(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial")
    assert main(["extract", str(corpus), "-o", str(out), "-q", "--jobs", "1"]) == 1  # the bad files fail
    return out


def test_every_hostile_file_gets_a_row_with_a_reason(serial):
    docs = pd.read_parquet(serial / "documents.parquet").set_index("file_name")
    expect = {"empty.txt": ("error", "empty"), "truncated.pdf": ("error", "damaged"),
              "locked.pdf": ("error", "password"), "bomb.docx": ("error", "zip bomb"),
              "laughs.docx": ("error", "entity"), "long.pdf": ("error", "--max-pages"),
              "noise.bin.txt": ("error", "not a document"), "undangan.docx": ("no_iki_found", "no JABATAN")}
    for name, (status, words) in expect.items():
        assert docs.loc[name, "status"] == status, name
        assert words.lower() in docs.loc[name, "error"].lower(), (name, docs.loc[name, "error"])
    assert docs.loc["really_docx.pdf", "status"] == "ok" and docs.loc["really_docx.pdf", "format"] == "docx"
    assert (docs.loc[[n for n in docs.index if n.startswith(("000", "001", "002a", "003"))], "status"] == "ok").all()


def test_two_jobs_give_byte_identical_tables(corpus, serial, tmp_path):
    main(["extract", str(corpus), "-o", str(tmp_path), "-q", "--jobs", "2"])
    assert same_tables(serial, tmp_path)


def test_rerun_reads_only_changed_files(corpus, tmp_path):
    src = tmp_path / "src"
    shutil.copytree(corpus, src)
    out = tmp_path / "out"
    main(["extract", str(src), "-o", str(out), "-q"])
    first = json.loads((out / "manifest.json").read_text())
    (src / "000.txt").write_text((src / "000.txt").read_text() + "\n")
    main(["extract", str(src), "-o", str(out), "-q"])
    second = json.loads((out / "manifest.json").read_text())
    assert first["from_cache"] == 0 and second["from_cache"] == second["files"] - 1
    assert second["status_counts"] == first["status_counts"]
    main(["extract", str(src), "-o", str(out), "-q", "--force"])
    assert json.loads((out / "manifest.json").read_text())["from_cache"] == 0


def test_kill_9_then_rerun_gives_byte_identical_tables(corpus, serial, tmp_path):
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "iki.cli", "extract", str(corpus), "-o", str(out), "-q",
                             "--jobs", "1"], cwd=ROOT)
    cache = out / batch.CACHE_DIR
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(cache.rglob("*.pkl"))) < 5:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = len(list(cache.rglob("*.pkl")))
    assert 5 <= done < len(list(corpus.iterdir())), "the kill must land in the middle of the run"
    assert not (out / "documents.parquet").exists()  # nothing half-written
    main(["extract", str(corpus), "-o", str(out), "-q", "--jobs", "1"])
    assert same_tables(serial, out)
    assert json.loads((out / "manifest.json").read_text())["from_cache"] >= done


def _hang(path, options=None):
    time.sleep(60)


def _crash(path, options=None):
    os._exit(3)


def _greedy(path, options=None):
    hog = bytearray(2 * 1024 ** 3)  # more than the worker may have
    return hog


def run_one(tmp_path, monkeypatch, reader, **limits):
    """One file through run_batch with ``process_file`` replaced by ``reader`` (inherited by the fork)."""
    monkeypatch.setattr(batch, "process_file", reader)
    f = tmp_path / "a.txt"
    f.write_text("JABATAN : A")
    keys, _ = batch.run_batch([str(f)], tmp_path / "out", Options(), batch.BatchOptions(**limits))
    return list(batch.results(tmp_path / "out", keys))[0].document


def test_a_hanging_file_times_out_and_the_batch_goes_on(tmp_path, monkeypatch):
    doc = run_one(tmp_path, monkeypatch, _hang, timeout=1)
    assert doc["status"] == "timeout" and "--timeout" in doc["error"]


def test_a_crashing_worker_is_reported(tmp_path, monkeypatch):
    doc = run_one(tmp_path, monkeypatch, _crash)
    assert doc["status"] == "error" and "crashed" in doc["error"]


def test_the_memory_guard_stops_a_greedy_file(tmp_path, monkeypatch):
    doc = run_one(tmp_path, monkeypatch, _greedy, max_memory_mb=1024)
    assert doc["status"] == "error" and "memory" in doc["error"]


def test_manifest_records_the_run(serial):
    m = json.loads((serial / "manifest.json").read_text())
    assert m["files"] == sum(m["status_counts"].values()) and m["arguments"]["jobs"] == 1
    assert {"docx", "pdf", "text"} <= set(m["seconds_by_format"]) and m["started"] <= m["finished"]


def test_dask_local_cluster_gives_the_same_tables(corpus, serial, tmp_path):
    pytest.importorskip("distributed")
    assert main(["extract", str(corpus), "-o", str(tmp_path), "-q", "--dask", "local", "--jobs", "2"]) == 1
    assert same_tables(serial, tmp_path)
