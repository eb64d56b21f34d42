"""Kill `iki extract` at every commit point; the output must stay one consistent run and the rerun exact.

A commit point is a call that makes something durable or visible: every ``os.replace`` (cache
entries, tables inside the new generation, the manifest, the switch of ``OUT/.iki/current``, the
links in OUT) and every ``os.symlink``. A trial forks a run that dies with ``os._exit`` (no
cleanup: what ``kill -9`` leaves) just before, or just after, the k-th such call; then it checks:

* the output folder holds one complete run — the previous one or the new one, never tables of
  two runs side by side, never a half-written file;
* no worker of the killed run is still running;
* a rerun of the same command writes tables byte-identical to a run that was never killed, and
  leaves no temporary file.

Usage: python benchmarks/bench_recovery.py [--files N] [--modes before,after]
(tests/test_recovery.py runs the same trials on three documents.)
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TABLES = ("documents", "positions", "duties", "indicators", "flat")


def _quiet_main(args: list[str]) -> int:
    from iki.cli import main

    devnull = os.open(os.devnull, os.O_WRONLY)
    saved = os.dup(2)
    os.dup2(devnull, 2)
    try:
        return main(args)
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def count_commit_points(args: list[str]) -> int:
    """How many commit points a run of ``iki`` with ``args`` passes (counted in a forked copy)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        calls = _patch(crash_at=0, mode="before")
        _quiet_main(args)
        os.write(w, str(calls[0]).encode())
        os._exit(0)
    os.close(w)
    data = os.read(r, 64)
    os.close(r)
    os.waitpid(pid, 0)
    return int(data or 0)


def _patch(crash_at: int, mode: str) -> list[int]:
    calls = [0]

    def hook(real):
        def call(*a, **kw):
            calls[0] += 1
            if calls[0] == crash_at and mode == "before":
                os._exit(137)
            result = real(*a, **kw)
            if calls[0] == crash_at and mode == "after":
                os._exit(137)
            return result
        return call

    os.replace = hook(os.replace)
    os.symlink = hook(os.symlink)
    return calls


def killed_run(args: list[str], crash_at: int, mode: str, token: str) -> int:
    """Fork a run that dies at commit point ``crash_at`` (``before`` or ``after`` it); its exit status."""
    pid = os.fork()
    if pid == 0:
        os.environ["IKI_TRIAL"] = token  # inherited by its workers, to find them afterwards
        _patch(crash_at, mode)
        code = _quiet_main(args)
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def workers_left(token: str, wait: float = 5.0) -> int:
    """Processes of a killed trial still running after ``wait`` seconds."""
    import psutil

    deadline = time.monotonic() + wait
    while True:
        left = []
        for p in psutil.process_iter(["pid"]):
            try:
                if p.pid != os.getpid() and p.environ().get("IKI_TRIAL") == token and p.status() != "zombie":
                    left.append(p.pid)
            except (psutil.Error, OSError):
                continue
        if not left or time.monotonic() > deadline:
            return len(left)
        time.sleep(0.1)


def consistent(out: Path) -> str | None:
    """None when OUT holds exactly one complete run (or nothing yet), else what is wrong."""
    import pandas as pd

    from schema.writer import current_folder

    names = [f"{t}.parquet" for t in TABLES] + ["manifest.json"]
    present = [n for n in names if (out / n).exists()]
    if not present:
        return None
    if len(present) != len(names):
        return f"only {present} present"
    folder = current_folder(out)
    for n in names:
        if Path(os.path.realpath(out / n)).parent != folder:
            return f"{n} is not from the current run"
    m = json.loads((out / "manifest.json").read_text())
    if m.get("generation") != folder.name:
        return "manifest of another run"
    docs = pd.read_parquet(out / "documents.parquet")
    pos = pd.read_parquet(out / "positions.parquet")
    ind = pd.read_parquet(out / "indicators.parquet")
    if len(docs) != m["files"] or len(pos) != m["positions"] or len(ind) != m["indicators"]:
        return "tables and manifest disagree"
    if not set(pos.doc_id) <= set(docs.doc_id) or not set(ind.position_id) <= set(pos.position_id):
        return "rows of another run"
    return None


def temporary_files(out: Path) -> list[str]:
    return [str(p) for p in out.rglob("*.tmp")]


def table_bytes(out: Path) -> dict[str, bytes]:
    return {t: (out / f"{t}.parquet").read_bytes() for t in TABLES}


def trials(files_old: list[Path], files_new: list[Path], modes=("before", "after"), log=print) -> dict:
    """Run every trial; return the figures (trials, consistent states, identical reruns, workers left)."""
    work = Path(tempfile.mkdtemp(prefix="iki-recovery-"))
    try:
        src = work / "in"
        src.mkdir()
        for f in files_old:
            shutil.copy(f, src / f.name)
        base = work / "base"  # the older output every trial starts from
        _quiet_main(["extract", str(src), "-o", str(base), "-q", "-j", "1"])
        for f in files_new:  # the killed run reads these (the old ones come from the cache)
            shutil.copy(f, src / f.name)
        args_new = ["extract", str(src), "-o", "{OUT}", "-q", "-j", "2"]
        ref = work / "ref"  # a run that was never killed
        _quiet_main([a.replace("{OUT}", str(ref)) for a in args_new])
        reference = table_bytes(ref)
        figures = {"trials": 0, "consistent": 0, "identical_reruns": 0, "workers_left": 0, "temp_files_left": 0,
                   "older_output_kept": 0, "new_output_published": 0, "commit_points": 0}
        count = _copy(base, work / "count")
        points = count_commit_points([a.replace("{OUT}", str(count)) for a in args_new])
        figures["commit_points"] = points
        for mode in modes:
            for k in range(1, points + 1):
                out = _copy(base, work / f"t-{mode}-{k}")
                old = table_bytes(out)
                token = f"{os.getpid()}-{mode}-{k}"
                killed_run([a.replace("{OUT}", str(out)) for a in args_new], k, mode, token)
                figures["trials"] += 1
                left = workers_left(token)
                figures["workers_left"] += left
                problem = consistent(out)
                if problem is None:
                    figures["consistent"] += 1
                    now = table_bytes(out)
                    figures["older_output_kept"] += now == old
                    figures["new_output_published"] += now == reference
                _quiet_main([a.replace("{OUT}", str(out)) for a in args_new])
                same = table_bytes(out) == reference
                figures["identical_reruns"] += same
                tmp = temporary_files(out)
                figures["temp_files_left"] += len(tmp)
                if problem or not same or left or tmp:
                    log(f"  {mode} point {k}: state {problem or 'ok'}, rerun {'identical' if same else 'DIFFERENT'}, "
                        f"workers left {left}, temporary files {len(tmp)}")
                shutil.rmtree(out)
        return figures
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst, symlinks=True)
    return dst


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--modes", default="before,after")
    a = ap.parse_args()
    seeds = sorted((ROOT / "samples" / "seeds").glob("*.txt"))
    docx = sorted((ROOT / "samples" / "docx").glob("*.docx"))[:2]
    t0 = time.perf_counter()
    figures = trials(seeds[:2] + docx[:1], [seeds[2], seeds[3], docx[1]], tuple(a.modes.split(",")))
    print(json.dumps(figures, indent=2))
    print(f"{time.perf_counter() - t0:.0f} s")
    ok = figures["trials"] == figures["consistent"] == figures["identical_reruns"] and not figures["workers_left"]
    return 0 if ok and not figures["temp_files_left"] else 1


if __name__ == "__main__":
    sys.exit(main())
