"""Atomic Parquet output: a table is written to a temporary file beside its target, then renamed."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pyarrow.parquet as pq

_UMASK = os.umask(0)
os.umask(_UMASK)

from schema.tables import TABLES, to_arrow


@contextmanager
def atomic_path(target: str | Path):
    """Write a file so that it is never seen half-written: yields a temporary path beside ``target``.

    The caller writes the temporary file; when the ``with`` block ends without an error it gets
    the usual permissions (0666 minus the umask, like any file the user creates: 0644 by
    default) and is renamed over ``target``; on an error it is removed and ``target`` is left
    as it was. The parent folder is created when missing. Yields a :class:`pathlib.Path`.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; output is for other people too
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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


class TableStream:
    """Write tables in pieces (bounded memory) and make them appear all at once.

    Rows are buffered per table and written as row groups into temporary files beside the
    targets; :meth:`commit` renames every file into place, :meth:`abort` removes them. A run
    that dies half-way leaves the previous tables untouched.
    """

    def __init__(self, out_dir: str | Path, names, rows_per_group: int = 10_000):
        from schema.tables import arrow_schema

        self.out = Path(out_dir)
        self.out.mkdir(parents=True, exist_ok=True)
        self.rows_per_group = rows_per_group
        self.buffers: dict[str, list[dict]] = {n: [] for n in names}
        self.files: dict[str, str] = {}
        self.writers = {}
        for name in names:
            if name not in TABLES:
                raise KeyError(f"unknown table: {name}")
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".parquet.tmp", dir=self.out)
            os.close(fd)
            self.files[name] = tmp
            self.writers[name] = pq.ParquetWriter(tmp, arrow_schema(name), compression="zstd")

    def write(self, name: str, rows: list[dict]) -> None:
        buf = self.buffers[name]
        buf.extend(rows)
        if len(buf) >= self.rows_per_group:
            self._flush(name)

    def _flush(self, name: str) -> None:
        if self.buffers[name]:
            self.writers[name].write_table(to_arrow(name, self.buffers[name]))
            self.buffers[name] = []

    def commit(self) -> list[Path]:
        targets = []
        for name, writer in self.writers.items():
            self._flush(name)
            writer.close()
        for name, tmp in self.files.items():
            os.chmod(tmp, 0o666 & ~_UMASK)
            target = self.out / f"{name}.parquet"
            os.replace(tmp, target)
            targets.append(target)
        return targets

    def abort(self) -> None:
        for writer in self.writers.values():
            try:
                writer.close()
            except Exception:
                pass
        for tmp in self.files.values():
            Path(tmp).unlink(missing_ok=True)
