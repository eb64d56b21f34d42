"""The output folder is one consistent state (issue 17 items 4 and 6; issue 14 item 5's atomic writes).

Tables and manifest of a run are published together; a killed run (at every commit point) leaves
the previous run and a rerun that is exact; two runs are serialised; environment errors (full
disk, read-only, Ctrl-C) are one line with their own exit status and keep the older output.
"""
import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from iki.cli import main
from schema import writer
from schema.writer import atomic_write, current_folder, output_lock

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "seeds"
TABLES = ("documents", "positions", "duties", "indicators", "flat")
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_recovery  # noqa: E402

pytestmark = pytest.mark.slow


@pytest.fixture
def older(tmp_path):
    """An output folder holding a complete earlier run (two seeds), and its input folder."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("000.txt", "003.txt"):
        shutil.copy(SEEDS / name, src / name)
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    shutil.copy(SEEDS / "001.txt", src / "001.txt")  # the next run has one more file
    return src, out, snapshot(out)


def snapshot(out: Path) -> dict:
    return {n: (out / n).read_bytes() for n in [f"{t}.parquet" for t in TABLES] + ["manifest.json"]}


def leftovers(out: Path) -> list[str]:
    return [str(p) for p in out.rglob("*.tmp")]


def test_every_file_is_0644_and_published_together(older):
    src, out, _ = older
    folder = current_folder(out)
    assert folder.parent.name == "generations"
    for n in [f"{t}.parquet" for t in TABLES] + ["manifest.json"]:
        assert (out / n).is_symlink() and Path(os.path.realpath(out / n)).parent == folder
        assert stat.S_IMODE(os.stat(folder / n).st_mode) == 0o644
    assert json.loads((out / "manifest.json").read_text())["generation"] == folder.name
    assert main(["extract", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    assert current_folder(out) != folder and len(list((out / ".iki" / "generations").iterdir())) == 2
    assert bench_recovery.consistent(out) is None


def test_atomic_write_helper(tmp_path):
    target = tmp_path / "a" / "report.html"
    atomic_write(target, "<p>x</p>")
    assert target.read_text() == "<p>x</p>" and stat.S_IMODE(target.stat().st_mode) == 0o644

    def fail(tmp):
        Path(tmp).write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        atomic_write(target, fail)
    assert target.read_text() == "<p>x</p>" and not leftovers(tmp_path)


def test_output_written_by_an_older_iki_is_adopted_whole(older, tmp_path):
    src, out, _ = older
    plain = tmp_path / "plain"
    plain.mkdir()
    for n in [f"{t}.parquet" for t in TABLES] + ["manifest.json"]:
        shutil.copy(out / n, plain / n)  # plain files, as iki wrote them before generations
    assert main(["extract", str(src), "-o", str(plain), "-q", "-j", "1"]) == 0
    assert all((plain / f"{t}.parquet").is_symlink() for t in TABLES)
    assert bench_recovery.consistent(plain) is None


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_full_disk_is_one_line_exit_3_and_the_older_output_is_kept(older, monkeypatch, capsys, code):
    src, out, before = older

    def full(path):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(writer, "_fsync_path", full)
    assert main(["extract", str(src), "-o", str(out), "-j", "1", "--force"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len([x for x in err if x.startswith("iki: stopped")]) == 1 and "Traceback" not in "\n".join(err)
    assert "the previous output" in err[-1] and os.strerror(code).lower() in err[-1].lower()
    assert snapshot(out) == before and not leftovers(out)
    assert len(list((out / ".iki" / "generations").iterdir())) == 1  # no half-made generation left


def test_a_real_write_failure_file_size_limit(older):
    """Without monkeypatching: the OS refuses writes past RLIMIT_FSIZE (EFBIG), as a full disk would."""
    import resource
    import signal

    src, out, before = older

    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    r = subprocess.run([sys.executable, "-m", "iki.cli", "extract", str(src), "-o", str(out), "-j", "1", "--force"],
                       cwd=ROOT, capture_output=True, text=True, preexec_fn=limit, timeout=120)
    assert r.returncode == 3, r.stderr
    lines = [x for x in r.stderr.splitlines() if not x.startswith("iki: reading ")]  # after the start line
    assert len(lines) == 1 and "file too large" in lines[0] and "Traceback" not in r.stderr
    assert snapshot(out) == before and not leftovers(out)


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="mounting a tmpfs needs root")
def test_a_real_full_disk_on_a_small_tmpfs(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    many = tmp_path / "many"
    many.mkdir()
    for k in range(12):
        for f in SEEDS.glob("*.txt"):
            (many / f"{k}_{f.name}").write_bytes(f.read_bytes() + f"\n{k}\n".encode())
    py = sys.executable
    script = f"""
set -u
mount -t tmpfs -o size=1200k tmpfs {mnt} || exit 99
{py} -m iki.cli extract {SEEDS}/000.txt -o {mnt}/out -q -j 1; echo "first=$?"
sha256sum {mnt}/out/*.parquet > {tmp_path}/before.txt
{py} -m iki.cli extract {many} -o {mnt}/out -j 1 2> {tmp_path}/err.txt; echo "second=$?"
sha256sum {mnt}/out/*.parquet > {tmp_path}/after.txt
find {mnt}/out -name '*.tmp' | wc -l
"""
    r = subprocess.run(["unshare", "-m", "sh", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    if "99" in r.stdout or r.returncode == 99:
        pytest.skip("tmpfs cannot be mounted here")
    lines = r.stdout.split()
    assert "first=0" in lines and "second=3" in lines, (r.stdout, r.stderr)
    err = (tmp_path / "err.txt").read_text()
    assert "no space left on device" in err and "Traceback" not in err
    assert [x for x in err.splitlines() if x.startswith("iki: stopped")]
    assert (tmp_path / "before.txt").read_text() == (tmp_path / "after.txt").read_text()
    assert lines[-1] == "0"  # no temporary file left


def test_ctrl_c_during_table_assembly_keeps_the_older_output(older, monkeypatch, capsys):
    src, out, before = older

    def interrupt(self, name, rows):
        raise KeyboardInterrupt

    monkeypatch.setattr(writer.TableStream, "write", interrupt)
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 130
    err = capsys.readouterr().err
    assert "interrupted" in err and "Traceback" not in err
    assert snapshot(out) == before and not leftovers(out)


def test_a_second_run_on_the_same_folder_waits_for_the_first(older, capsys):
    src, out, _ = older
    held = threading.Event()
    release = threading.Event()

    def hold():
        with output_lock(out):
            held.set()
            release.wait(10)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    threading.Timer(1.5, release.set).start()
    t0 = time.monotonic()
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 0
    assert time.monotonic() - t0 >= 1.4
    assert "waiting for another iki run" in capsys.readouterr().err
    t.join()
    with pytest.raises(writer.OutputBusy):
        with output_lock(out, wait=False):
            with output_lock(out, wait=False):
                pass


def test_temporary_files_of_killed_runs_are_cleaned(older):
    src, out, _ = older
    (out / ".documents.parquet.1234.tmp").write_bytes(b"x")
    half = out / ".iki" / "generations" / "29991231T000000-1-abc"
    half.mkdir()
    (half / "documents.parquet").write_bytes(b"half")
    cache_tmp = next((out / ".iki-cache").iterdir()) / ".x.json.abcd.tmp"
    cache_tmp.write_bytes(b"x")
    assert main(["extract", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    assert not leftovers(out) and not half.exists()


def test_kill_at_every_commit_point(tmp_path):
    """Every point before which a kill can land: previous run kept or new one whole; rerun exact."""
    seeds = sorted(SEEDS.glob("*.txt"))
    figures = bench_recovery.trials(seeds[:1], seeds[1:2], modes=("before", "after"))
    assert figures["commit_points"] >= 8
    assert figures["trials"] == 2 * figures["commit_points"]
    assert figures["consistent"] == figures["trials"] == figures["identical_reruns"], figures
    assert figures["workers_left"] == 0 and figures["temp_files_left"] == 0
    assert figures["older_output_kept"] + figures["new_output_published"] == figures["trials"]
    assert figures["new_output_published"] >= 1 and figures["older_output_kept"] >= 1
