"""A year for every position an analyst can trust (issue 25 item 2): the document's, else the file's or
folder's name, else --year; ``year_source`` says which; positions left without one are counted and
explained at extraction and by ``iki diff``."""
from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

import iki
from iki.cli import main
from iki.pipeline import Options, path_year, process_file

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "seeds"


@pytest.mark.parametrize("path, root, year", [
    ("in/IKI 2021.DOCX", None, 2021),
    ("in/iki_2021_dinsos.pdf", None, 2021),
    ("in/IKI2023.xlsx", None, 2023),
    ("data/2022/dinsos.pdf", "data", 2022),            # the folder below what was given
    ("2022/sub/dinsos.pdf", "2022", 2022),             # the folder given itself
    ("data/Tahun 2020/IKI Dinsos.pdf", "data", 2020),
    ("data/2022/IKI 2021.docx", "data", 2021),         # the file's own name first
    ("data/2022/x.pdf", None, None),                   # a file named alone: only its name counts
    ("/home/u/arsip 2019/data/x.pdf", "/home/u/arsip 2019/data", None),  # never above what was given
    ("in/scan_20210315.pdf", None, None),              # inside a longer number
    ("in/Renstra 2021-2026.pdf", None, None),          # two years: ambiguous
    ("in/2019 vs 2022/IKI.pdf", "in", None),
    ("in/v1.2.pdf", None, None),
    ("in/IKI 1885.pdf", None, None),                   # not a plausible year
])
def test_path_year(path, root, year):
    assert path_year(path, root) == year


def _copy(src: Path, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    return dest


def test_year_from_file_or_folder_name_when_the_document_states_none(tmp_path, capsys):
    """001 and 003 state no year: named `IKI 2021.TXT` and put in `2022/`, every position gets one and
    `iki diff --from --to` works on the folder."""
    src = tmp_path / "dokumen"
    _copy(SEEDS / "001.txt", src / "IKI 2021.TXT")
    _copy(SEEDS / "003.txt", src / "2022" / "dinas sosial.txt")
    _copy(SEEDS / "000.txt", src / "2020" / "probolinggo.txt")  # states 2019 itself: the document wins
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "-j", "2"]) == 0
    err = capsys.readouterr().err
    assert "no year" not in err  # every position has one: no summary line about missing years
    pos = pd.read_parquet(out / "positions.parquet", dtype_backend="pyarrow")
    docs = pd.read_parquet(out / "documents.parquet", dtype_backend="pyarrow").set_index("doc_id")
    assert pos.year.notna().all()
    by_file = pos.assign(file=pos.doc_id.map(docs.file_name)).groupby("file")
    assert set(by_file.get_group("IKI 2021.TXT").year) == {2021}
    assert set(by_file.get_group("IKI 2021.TXT").year_source) == {"path"}
    assert set(by_file.get_group("dinas sosial.txt").year) == {2022}
    assert set(by_file.get_group("probolinggo.txt").year) == {2019}
    assert set(by_file.get_group("probolinggo.txt").year_source) == {"document"}
    assert not any("year_missing" in c for cs in pos.warning_codes for c in cs)
    assert set(docs.year_source) == {"path", "document"}
    assert main(["diff", str(out), "--from", "2021", "--to", "2022", "-o", str(tmp_path / "d")]) == 0
    changes = pd.read_parquet(tmp_path / "d" / "position_changes.parquet")
    assert len(changes) == 16 + 17  # different agencies: all removed / added, but the diff runs


def test_year_option_is_the_last_fallback(tmp_path):
    (tmp_path / "a").mkdir()
    doc = _copy(SEEDS / "001.txt", tmp_path / "a" / "lumajang.txt")     # states no year
    stated = _copy(SEEDS / "000.txt", tmp_path / "a" / "probolinggo.txt")  # states 2019
    named = _copy(SEEDS / "003.txt", tmp_path / "a" / "IKI 2022.txt")
    tables = iki.extract([doc, stated, named], tmp_path / "out", year=2021, jobs=1, progress=False)
    pos = tables.positions.assign(file=tables.positions.doc_id.map(tables.documents.set_index("doc_id").file_name))
    got = {f: (set(g.year), set(g.year_source)) for f, g in pos.groupby("file")}
    assert got == {"lumajang.txt": ({2021}, {"option"}), "probolinggo.txt": ({2019}, {"document"}),
                   "IKI 2022.txt": ({2022}, {"path"})}
    res = process_file(doc, Options())
    assert all(p["year"] is None and p["year_source"] is None for p in res.positions)
    assert all(any(w.startswith("year_missing:") for w in p["warnings"]) for p in res.positions)


def test_positions_without_a_year_are_counted_and_explained(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", str(SEEDS / "000.txt"), str(SEEDS / "001.txt"), "-o", str(out), "-j", "1"]) == 0
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if x.strip().startswith("no year"))
    assert "16 of 31 positions, in 1 file(s)" in line and "year_missing" in line and "--year" in line
    pos = pd.read_parquet(out / "positions.parquet", dtype_backend="pyarrow")
    assert (pos.year.isna() == pos.warning_codes.map(lambda cs: "year_missing" in list(cs))).all()
    # iki diff says how many positions it could not pick by year, and why
    with pytest.raises(iki.UsageError) as e:
        iki.diff(out, from_year=2019, to_year=2021)
    msg = str(e.value)
    assert "no year (16 positions)" in msg and "16 position(s) have no year" in msg and "001.txt" in msg
    assert main(["diff", str(out), "--from", "2019", "--to", "2021", "-o", str(tmp_path / "d")]) == 2
    err = capsys.readouterr().err
    assert "16 position(s) have no year" in err and "file or folder name" in err
