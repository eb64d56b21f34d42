"""Atomic Parquet output: a table is written to a temporary file beside its target, then renamed."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

from schema.tables import TABLES, to_arrow


def write_table(out_dir: str | Path, name: str, rows: list[dict]) -> Path:
    """Write ``OUT/<name>.parquet`` atomically (never half-written) and return its path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    table = to_arrow(name, rows)
    target = out / f"{name}.parquet"
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".parquet.tmp", dir=out)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_all(out_dir: str | Path, tables: dict[str, list[dict]]) -> list[Path]:
    """Write every output table; each file is replaced atomically."""
    missing = set(TABLES) - set(tables)
    if missing:
        raise KeyError(f"tables missing: {sorted(missing)}")
    return [write_table(out_dir, name, tables[name]) for name in TABLES]
