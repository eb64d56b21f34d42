"""Atomic Parquet output: a table is written to a temporary file beside its target, then renamed."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pyarrow.parquet as pq

_UMASK = os.umask(0)
os.umask(_UMASK)

from schema.tables import TABLES, to_arrow


def write_table(out_dir: str | Path, name: str, rows: list[dict]) -> Path:
    """Write ``OUT/<name>.parquet`` atomically (never half-written) and return its path."""
    return _write_arrow(out_dir, name, to_arrow(name, rows))


def _write_arrow(out_dir: str | Path, name: str, table) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.parquet"
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".parquet.tmp", dir=out)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; output is for other people too
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_all(out_dir: str | Path, tables: dict[str, list[dict]]) -> list[Path]:
    """Write the tables passed (names of ``TABLES``); each file is replaced atomically.

    Every table is checked against its schema before any file is written, so a bad row
    leaves the folder as it was."""
    unknown = set(tables) - set(TABLES)
    if unknown:
        raise KeyError(f"unknown table(s): {sorted(unknown)}")
    arrow = {name: to_arrow(name, tables[name]) for name in TABLES if name in tables}
    return [_write_arrow(out_dir, name, table) for name, table in arrow.items()]
