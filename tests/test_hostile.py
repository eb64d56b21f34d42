"""No input stops or hangs a batch, and no input is misreported (issue 17, items 1, 2 and 5).

Files the file system must make (a FIFO, a name that is not UTF-8) and large ones (a TIFF with
1,200 frames) are made here; the stored hostile corpus is in tests/data/bad (tests/data/make_bad.py).
"""
import json
import os
import pickle
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from iki import batch
from iki.cli import main
from iki.pipeline import Options, discover, process_file

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "seeds"
BAD = ROOT / "tests" / "data" / "bad"
sys.path.insert(0, str(ROOT / "tests" / "data"))
from make_bad import many_frames_tiff  # noqa: E402


def docs(out: Path) -> pd.DataFrame:
    return pd.read_parquet(out / "documents.parquet")


def run(*args, timeout=120) -> subprocess.CompletedProcess:
    """`iki ...` as a separate process, stderr redirected (not a terminal)."""
    return subprocess.run([sys.executable, "-m", "iki.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


# ----------------------------------------------------------------------------- file names and types


@pytest.mark.slow
def test_a_name_that_is_not_utf8_beside_a_good_file_gives_two_rows(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "000.txt", folder / "000.txt")
    bad_name = os.fsdecode(b"dinas \xff\xfe sosial.txt")
    shutil.copy(SEEDS / "001.txt", os.path.join(folder, bad_name))
    r = run("extract", folder, "-o", tmp_path / "out", "-j", "1")
    assert r.returncode == 0, r.stderr
    d = docs(tmp_path / "out").set_index("file_name")
    assert list(d.status) == ["ok", "ok"]
    assert "dinas \\xff\\xfe sosial.txt" in d.index  # shown escaped, read by its bytes
    assert d.loc["dinas \\xff\\xfe sosial.txt", "n_positions"] == 16
    assert "dinas \\xff\\xfe sosial.txt" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.slow
def test_a_fifo_on_the_command_line_does_not_hang(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    t0 = time.monotonic()
    r = run("extract", fifo, SEEDS / "000.txt", "-o", tmp_path / "out", "-j", "1", timeout=60)
    assert time.monotonic() - t0 < 60 and r.returncode == 0, r.stderr
    d = docs(tmp_path / "out").set_index("file_name")
    assert d.loc["pipe.txt", "status"] == "unsupported" and "FIFO" in d.loc["pipe.txt", "error"]
    assert d.loc["000.txt", "status"] == "ok"


def test_a_device_or_endless_file_is_never_read():
    for dev in ("/dev/zero", "/dev/urandom", "/dev/null"):
        if os.path.exists(dev):
            doc = process_file(dev).document
            assert doc["status"] == "unsupported" and "character device" in doc["error"], dev
            assert batch.cache_key(dev, Options())  # hashing does not read it either


def test_a_folder_that_cannot_be_read_gets_a_row(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    shutil.copy(SEEDS / "000.txt", folder / "000.txt")
    real = os.scandir

    def scandir(path="."):
        # shutil.rmtree calls scandir with a file descriptor (the OCR slots' folder is removed so)
        if not isinstance(path, int) and os.fspath(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([str(folder)])
    assert found.files == [str(folder / "000.txt")] and found.problems[0][0].endswith("locked")
    assert main(["extract", str(folder), "-o", str(tmp_path / "out"), "-q", "-j", "1"]) == 1
    d = docs(tmp_path / "out").set_index("file_name")
    assert d.loc["locked", "status"] == "error" and d.loc["locked", "format"] == "folder"
    assert "Permission denied" in d.loc["locked", "error"] and d.loc["000.txt", "status"] == "ok"


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to drop privileges")
def test_a_folder_that_cannot_be_read_for_real():
    """The same without monkeypatching: a folder mode 000, read by an unprivileged user."""
    import tempfile

    tmp_path = Path(tempfile.mkdtemp(prefix="iki-perm-"))  # pytest's folders are private to root
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "x.txt").write_text("JABATAN : A")
    shutil.copy(SEEDS / "000.txt", folder / "000.txt")
    os.chmod(folder / "locked", 0)
    os.chmod(tmp_path, 0o777)
    out = tmp_path / "out"
    r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable, "-m",
                        "iki.cli", "extract", str(folder), "-o", str(out), "-j", "1"], cwd=ROOT, capture_output=True,
                       text=True, timeout=120, env={**os.environ, "HOME": str(tmp_path)})
    try:
        assert r.returncode == 1, r.stderr
        d = docs(out).set_index("file_name")
        assert d.loc["locked", "status"] == "error" and "ermission denied" in d.loc["locked", "error"]
    finally:
        os.chmod(folder / "locked", 0o755)
        shutil.rmtree(tmp_path)


# ----------------------------------------------------------------------------- text as written


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_exports_are_read_as_written(tmp_path, encoding):
    text = (SEEDS / "000.txt").read_text(encoding="utf-8")
    f = tmp_path / "000.txt"
    f.write_bytes(text.encode(encoding))
    expect = process_file(SEEDS / "000.txt")
    got = process_file(f)
    assert got.document["status"] == "ok" and got.document["warnings"] == expect.document["warnings"]
    assert [p["jabatan"] for p in got.positions] == [p["jabatan"] for p in expect.positions]
    assert [i["indikator"] for i in got.indicators] == [i["indikator"] for i in expect.indicators]


def test_one_bad_byte_does_not_garble_a_utf8_export(tmp_path):
    data = (SEEDS / "001.txt").read_bytes()
    assert max(data) > 0x7F  # the export has non-ASCII characters that must survive
    cut = data.index(b"\n", len(data) // 2) + 1
    line = data[:cut].count(b"\n") + 1
    f = tmp_path / "001.txt"
    f.write_bytes(data[:cut] + b"\xff" + data[cut:])
    expect, got = process_file(SEEDS / "001.txt"), process_file(f)
    assert [p["jabatan"] for p in got.positions] == [p["jabatan"] for p in expect.positions]
    def content(r):
        return {k: v for k, v in r.items() if k not in ("doc_id", "position_id", "indicator_id")}

    rows = [(a, b) for a, b in zip(expect.duties + expect.indicators, got.duties + got.indicators)
            if content(a) != content(b)]
    assert len(got.duties + got.indicators) == len(expect.duties + expect.indicators)
    assert len(rows) <= 1 and all("\ufffd" in json.dumps(b, ensure_ascii=False) for _, b in rows)
    w = [x for x in got.document["warnings"] if x.startswith("text_encoding")]
    assert w and f"line {line}" in w[0] and "1 invalid UTF-8 byte" in w[0]


def test_a_stray_nul_does_not_make_an_export_binary(tmp_path):
    data = (SEEDS / "000.txt").read_bytes()
    f = tmp_path / "000.txt"
    f.write_bytes(data[:500] + b"\x00" + data[500:])
    got = process_file(f)
    assert got.document["status"] == "ok" and got.document["format"] == "text"
    assert len(got.positions) == len(process_file(SEEDS / "000.txt").positions)
    assert any("NUL" in w for w in got.document["warnings"])


# ----------------------------------------------------------------------------- bounded work


@pytest.mark.slow
def test_a_pdf_whose_page_tree_loops_is_an_error_in_bounded_time(tmp_path):
    t0 = time.monotonic()
    r = run("extract", BAD / "cycle_length.pdf", "-o", tmp_path / "out", "--page-timeout", "3", timeout=90)
    assert r.returncode == 1 and time.monotonic() - t0 < 60
    d = docs(tmp_path / "out").iloc[0]
    assert d.status == "error" and "could not be listed" in d.error


def test_a_tiff_with_more_frames_than_max_pages_is_refused_before_decoding(tmp_path):
    tif = tmp_path / "frames.tif"
    many_frames_tiff(tif, 1200)
    t0 = time.monotonic()
    doc = process_file(tif).document
    assert doc["status"] == "error" and "1200 image frames" in doc["error"] and "--max-pages" in doc["error"]
    assert time.monotonic() - t0 < 30
    doc = process_file(tif, Options(max_pages=5)).document
    assert "more than the limit of 5" in doc["error"]


def test_an_unreadable_page_is_an_error_never_no_iki_found():
    for name in ("unreadable_page.pdf", "giant_page.pdf", "form_cycle.pdf"):
        doc = process_file(BAD / name).document
        assert doc["status"] == "error", (name, doc)


@pytest.mark.slow
def test_a_page_that_fails_beside_pages_without_iki_is_an_error(monkeypatch):
    """Some pages read without IKI, one page unreadable: iki cannot say there is no IKI."""
    from extractors.readers import pdf

    real = pdf.geometry_of

    def flaky(page, number):
        if number == 2:
            raise ValueError("broken content")
        return real(page, number)

    monkeypatch.setattr(pdf, "geometry_of", flaky)
    doc = process_file(ROOT / "samples" / "pdf" / "001_v1.pdf", Options(ocr="never"))
    assert any(w.startswith("page_unreadable") and "page 2" in w for w in doc.document["warnings"])
    assert doc.document["status"] == "ok"  # IKI found on the other pages: kept, with the warning
    monkeypatch.setattr(pdf, "page_blocks", lambda geom: [])
    doc = process_file(ROOT / "samples" / "pdf" / "001_v1.pdf", Options(ocr="never")).document
    assert doc["status"] == "error" and "page 2" in doc["error"]


def test_internal_error_is_kept_for_iki_faults(monkeypatch):
    import iki.pipeline as pipeline

    monkeypatch.setattr(pipeline, "parse_positions", lambda doc: 1 / 0)
    doc = process_file(SEEDS / "000.txt").document
    assert doc["status"] == "error" and doc["error"].startswith("internal error")


# ----------------------------------------------------------------------------- the cache runs nothing


class _Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "pwned"))


@pytest.mark.slow
def test_planted_pickles_run_nothing_and_the_rerun_gives_the_same_tables(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("000.txt", "003.txt"):
        shutil.copy(SEEDS / name, src / name)
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    first = {t: (out / f"{t}.parquet").read_bytes() for t in ("documents", "positions", "indicators")}
    marker = tmp_path / "marker"
    entries = list((out / batch.CACHE_DIR).rglob("*.json"))
    assert len(entries) == 2
    for e in entries:  # whatever name an attacker would use
        e.write_bytes(pickle.dumps(_Payload(marker)))
        e.with_suffix(".pkl").write_bytes(pickle.dumps(_Payload(marker)))
    r = run("extract", src, "-o", out, "-j", "1")
    assert r.returncode == 0 and not marker.exists()
    assert "ignored 2 damaged or foreign cache entr" in r.stderr
    assert {t: (out / f"{t}.parquet").read_bytes() for t in first} == first
    m = json.loads((out / "manifest.json").read_text())
    assert m["from_cache"] == 0 and len(m["cache_entries_ignored"]) == 2


@pytest.mark.slow
def test_a_foreign_or_damaged_entry_is_ignored_and_the_file_read_again(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("000.txt", "003.txt"):
        shutil.copy(SEEDS / name, src / name)
    out = tmp_path / "out"
    main(["extract", str(src), "-o", str(out), "-q", "-j", "1"])
    first = (out / "indicators.parquet").read_bytes()
    a, b = sorted((out / batch.CACHE_DIR).rglob("*.json"))
    b.write_bytes(a.read_bytes())  # an entry of another file under this file's key
    a.write_bytes(a.read_bytes()[:100])  # a torn entry
    assert main(["extract", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    assert (out / "indicators.parquet").read_bytes() == first
    assert json.loads((out / "manifest.json").read_text())["from_cache"] == 0
    with pytest.raises(batch.CacheEntryInvalid):
        body = json.loads(a.read_bytes())
        body["indicators"][0]["seq"] = "not a number"
        batch._validate(body["key"], body)


# ----------------------------------------------------------------------------- a folder found by content


@pytest.mark.slow
def test_a_folder_by_content_upper_case_no_extension_duplicates(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(SEEDS / "000.txt", folder / "IKI 2019.TXT")
    shutil.copy(SEEDS / "000.txt", folder / "sub" / "copy of 2019.txt")  # the same file twice
    shutil.copy(ROOT / "samples" / "docx" / "001_v1.docx", folder / "DINSOS.DOCX")
    shutil.copy(ROOT / "samples" / "pdf" / "003_rl.pdf", folder / "dokumen_tanpa_akhiran")
    (folder / "data.bin").write_bytes(bytes(range(256)) * 8)
    (folder / "~$DINSOS.DOCX").write_bytes(b"\x05lock")
    (folder / ".hidden.txt").write_text("JABATAN : X")
    assert main(["extract", str(folder), "-o", str(tmp_path / "out"), "-q", "-j", "2"]) == 0
    d = docs(tmp_path / "out").set_index("file_name")
    assert sorted(d.index) == sorted(["IKI 2019.TXT", "copy of 2019.txt", "DINSOS.DOCX", "dokumen_tanpa_akhiran",
                                      "data.bin"])
    assert d.doc_id.is_unique
    assert d.loc["dokumen_tanpa_akhiran", "status"] == "ok" and d.loc["dokumen_tanpa_akhiran", "format"] == "pdf"
    assert d.loc["DINSOS.DOCX", "status"] == "ok" and d.loc["IKI 2019.TXT", "status"] == "ok"
    assert d.loc["data.bin", "status"] == "unsupported"
    dup = d.loc["copy of 2019.txt"]
    assert dup.status == "duplicate" and dup.duplicate_of == d.loc["IKI 2019.TXT", "doc_id"]
    for table, key in (("positions", "position_id"), ("indicators", "indicator_id")):
        t = pd.read_parquet(tmp_path / "out" / f"{table}.parquet")
        assert t[key].is_unique and dup.name not in set(t.doc_id)
    m = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert m["skipped"] == {"hidden": 1, "office_lock": 1} and m["duplicates"] == 1


def test_the_output_folder_inside_the_input_is_not_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "000.txt", folder / "000.txt")
    for _ in range(2):
        assert main(["extract", str(folder), "-o", str(folder / "out"), "-q", "-j", "1"]) == 0
    assert list(docs(folder / "out").file_name) == ["000.txt"]


@pytest.mark.ocr
def test_case_r1_a_folder_with_a_pdf_without_extension_and_a_bmp_scan(tmp_path):
    """tests/data/cases/readers/r1_folder: two documents rows, the PDF read, the BMP read by OCR."""
    folder = ROOT / "tests" / "data" / "cases" / "readers" / "r1_folder"
    assert main(["extract", str(folder), "-o", str(tmp_path / "out"), "-q", "-j", "2"]) == 0
    d = docs(tmp_path / "out").set_index("file_name")
    assert sorted(d.index) == ["dokumen_tanpa_akhiran", "scan.bmp"]
    assert d.loc["dokumen_tanpa_akhiran", "format"] == "pdf" and d.loc["dokumen_tanpa_akhiran", "status"] == "ok"
    assert d.loc["scan.bmp", "format"] == "image" and d.loc["scan.bmp", "ocr_pages"] == 1
    assert d.loc["scan.bmp", "status"] in ("ok", "no_iki_found")  # read; what it holds is the parser's matter
    pos = pd.read_parquet(tmp_path / "out" / "positions.parquet")
    assert "KEPALA DINAS" in set(pos.jabatan)
