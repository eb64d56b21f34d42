"""Seeded fuzzing of whole files: mutated samples of every format through a real batch, in bounded time.

Each sample is mutated the way damage and hostile edits look: bytes flipped, the file cut short,
a chunk repeated or removed, numbers inside it replaced by huge or negative ones, and — for the
ZIP-based Word format — the XML inside damaged and the package rebuilt, so the mutation reaches
the parser behind the container. Every mutated file must come out as one ``documents`` row with a
known status and, when not ``ok``, a reason; none may stop the batch; damage must be reported as
damage, not as an internal error of iki. The seed is fixed, so a failure reproduces.
"""
import io
import random
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from iki import batch
from iki.pipeline import STATUSES, Options

pytestmark = pytest.mark.fuzz

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT / "samples" / "seeds" / "003.txt", ROOT / "samples" / "docx" / "handmade_numbering.docx",
           ROOT / "samples" / "docx" / "001_v1.docx", ROOT / "tests" / "data" / "cases" / "readers" / "p7_no_row_rules.pdf",
           ROOT / "tests" / "data" / "variants" / "002a_v3.md"]
PER_SAMPLE = 12
SEED = 20240917


def _flip(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(b))
        b[i] ^= rng.randint(1, 255)
    return bytes(b)


def _truncate(rng: random.Random, data: bytes) -> bytes:
    return data[: rng.randrange(1, len(data))]


def _chunk(rng: random.Random, data: bytes) -> bytes:
    i, j = sorted(rng.randrange(len(data)) for _ in range(2))
    return data[:i] + data[i:j] * rng.choice([0, 2, 3]) + data[j:]


def _numbers(rng: random.Random, data: bytes) -> bytes:
    nums = list(re.finditer(rb"\d+", data))
    if not nums:
        return _flip(rng, data)
    out = bytearray(data)
    for m in sorted(rng.sample(nums, min(len(nums), rng.randint(1, 6))), key=lambda m: -m.start()):
        out[m.start():m.end()] = rng.choice([b"999999999", b"-1", b"0", b"4294967296", b"1e308", b"x"])
    return bytes(out)


def _inner_xml(rng: random.Random, data: bytes) -> bytes:
    """Damage one XML part of a ZIP package and rebuild the package."""
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = [i.filename for i in src.infolist() if i.filename.endswith(".xml")]
    victim = rng.choice(parts)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == victim:
                body = rng.choice([_flip, _truncate, _chunk, _numbers])(rng, body)
            out.writestr(info, body)
    return buf.getvalue()


def mutants(seed: int = SEED) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    out = []
    for sample in SAMPLES:
        data = sample.read_bytes()
        kinds = [_flip, _truncate, _chunk, _numbers] + ([_inner_xml] * 3 if data[:2] == b"PK" else [])
        for k in range(PER_SAMPLE):
            mutate = rng.choice(kinds)
            out.append((f"{sample.stem}_{k:02d}_{mutate.__name__.strip('_')}{sample.suffix}", mutate(rng, data)))
    return out


def test_mutated_samples_never_stop_the_batch(tmp_path):
    files = []
    for name, data in mutants():
        f = tmp_path / "in" / name
        f.parent.mkdir(exist_ok=True)
        f.write_bytes(data)
        files.append(str(f))
    entries, _ = batch.run_batch(files, tmp_path / "out", Options(ocr="never", page_timeout=20),
                                 batch.BatchOptions(jobs=2, timeout=120, max_memory_mb=2048))
    docs = [r.document for r in batch.results(tmp_path / "out", entries)]
    assert len(docs) == len(files) == len(SAMPLES) * PER_SAMPLE
    statuses = Counter(d["status"] for d in docs)
    print("fuzz figures:", dict(statuses))
    for d in docs:
        assert d["status"] in STATUSES, d
        assert d["status"] in ("ok", "duplicate") or d["error"], d
        assert not (d["error"] or "").startswith(("internal error", "worker crashed")), (d["file_name"], d["error"])
    assert statuses["timeout"] == 0
