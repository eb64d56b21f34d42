"""The OCR slot pool: one limit on tesseract processes across every worker of a batch."""
import multiprocessing as mp
import os
import signal
import time

import pytest

from extractors.readers import ocr_pool

pytestmark = pytest.mark.skipif(ocr_pool.fcntl is None, reason="flock slots need POSIX")


def _hold(path: str, seconds: float) -> None:
    with ocr_pool.slot():
        t0 = time.monotonic()
        time.sleep(seconds)
        with open(path, "a") as f:
            f.write(f"{os.getpid()} {t0} {time.monotonic()}\n")


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_processes_share_the_slots(tmp_path, method):
    log = tmp_path / "log"
    with ocr_pool.shared_slots(1):
        assert ocr_pool.capacity() == 1
        procs = [mp.get_context(method).Process(target=_hold, args=(str(log), 0.3)) for _ in range(3)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(30)
    spans = sorted(tuple(map(float, line.split()[1:])) for line in log.read_text().splitlines())
    assert len(spans) == 3
    assert all(a[1] <= b[0] + 0.02 for a, b in zip(spans, spans[1:])), spans  # never two at once
    assert ocr_pool.ENV not in os.environ


def _hold_forever() -> None:
    with ocr_pool.slot():
        time.sleep(600)


def test_a_killed_worker_gives_its_slot_back():
    with ocr_pool.shared_slots(1):
        p = mp.get_context("fork").Process(target=_hold_forever)
        p.start()
        time.sleep(0.5)
        os.kill(p.pid, signal.SIGKILL)
        p.join(10)
        t0 = time.monotonic()
        with ocr_pool.slot():
            waited = time.monotonic() - t0
    assert waited < 2


def test_pages_come_back_in_order_and_run_side_by_side(monkeypatch):
    monkeypatch.setenv(ocr_pool.THREADS_ENV, "3")
    running, peak = [0], [0]

    def work(k):
        running[0] += 1
        peak[0] = max(peak[0], running[0])
        time.sleep(0.05 * (5 - k % 5))
        running[0] -= 1
        return k * k

    assert list(ocr_pool.map_pages(work, range(12))) == [k * k for k in range(12)]
    assert 2 <= peak[0] <= 3


def test_an_error_on_a_page_is_raised_where_its_result_is():
    def work(k):
        if k == 2:
            raise ValueError("page 2")
        return k

    it = ocr_pool.map_pages(work, range(4))
    assert next(it) == 0 and next(it) == 1
    with pytest.raises(ValueError, match="page 2"):
        next(it)

