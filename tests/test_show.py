"""`iki show FILE`: what iki read from one document, printed, nothing written."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from iki.cli import main
from iki.pipeline import process_file

ROOT = Path(__file__).resolve().parents[1]

DOC = """\
PEMERINTAH KOTA PROBOLINGGO
DINAS SOSIAL
INDIKATOR KINERJA INDIVIDU TAHUN 2021

JABATAN : Kepala Seksi Jaminan Sosial

TUGAS :
1. Menyusun rencana kerja seksi
2. Melaksanakan verifikasi data penerima bantuan

FUNGSI :
a. Pelaksanaan pendataan

| No | Sasaran | Indikator Kinerja | Penjelasan / Formulasi | Sumber Data | Target |
|---|---|---|---|---|---|
| 1 | Meningkatnya layanan jaminan sosial | Persentase PMKS yang tertangani | Jumlah PMKS yang tertangani / Jumlah PMKS x 100% | Bidang Linjamsos | 4.000 berkas |
| 2 | Meningkatnya layanan jaminan sosial | Jumlah kegiatan sosialisasi | f(x) = Σ kegiatan sosialisasi yang terlaksana | Seksi Jamsos | 12 kegiatan |
"""


@pytest.fixture()
def doc(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    p = folder / "jamsos.md"
    p.write_text(DOC, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return p


def _show(capsys, *args) -> tuple[int, str, str]:
    rc = main(["show", *map(str, args)])
    cap = capsys.readouterr()
    return rc, cap.out, cap.err


def test_text_shows_positions_duties_formulas_and_targets_and_writes_nothing(doc, capsys, tmp_path):
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    rc, out, err = _show(capsys, doc)
    assert rc == 0 and err == ""
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    lines = out.splitlines()
    assert lines[0] == str(doc)
    for expected in ("region:            Kota Probolinggo", "year:              2021",
                     "1 position(s), 3 duty item(s), 2 indicator(s)",
                     "1. IKI · Kepala Seksi Jaminan Sosial (2021, line 5)", "TUGAS (2)",
                     "2. Melaksanakan verifikasi data penerima bantuan", "a. Pelaksanaan pendataan",
                     "1. Persentase PMKS yang tertangani  (line 16)",
                     "formula:           ratio: Jumlah PMKS yang tertangani / Jumlah PMKS × 100 %",
                     "as written:        Jumlah PMKS yang tertangani / Jumlah PMKS x 100%",
                     "target:            4.000 berkas → 4000 berkas",
                     "formula:           count: Σ kegiatan sosialisasi yang terlaksana",
                     "target:            12 kegiatan", "sumber data:       Seksi Jamsos"):
        assert any(line.strip() == expected for line in lines), expected


def test_markdown(doc, capsys):
    rc, out, _ = _show(capsys, doc, "--format", "markdown")
    assert rc == 0
    assert out.startswith(f"# {doc}\n")
    assert "\n## 1. IKI · Kepala Seksi Jaminan Sosial (2021, line 5)\n" in out
    assert "\n- 1\\. Menyusun rencana kerja seksi\n" in out  # a label, not a nested list
    assert "  - **formula**: ratio: Jumlah PMKS yang tertangani / Jumlah PMKS × 100 %\n" in out
    assert "\n\n\n" not in out


def test_json_holds_the_rows_the_tables_would(doc, capsys):
    rc, out, _ = _show(capsys, doc, "--format", "json")
    assert rc == 0
    data = json.loads(out)
    expected = process_file(doc)
    assert data == json.loads(json.dumps({"document": expected.document, "positions": expected.positions,
                                          "duties": expected.duties, "indicators": expected.indicators}))
    assert [i["formula_type"] for i in data["indicators"]] == ["ratio", "count"]


def test_warnings_are_shown_with_their_code(capsys):
    rc, out, _ = _show(capsys, ROOT / "tests" / "data" / "cases" / "real-kinds" / "k05_title_in_signature.txt")
    assert rc == 0
    # k05 names its position only above the signature: the parser says where the jabatan came from
    assert "warning:           jabatan_from_title: " in out


def test_in_indonesian(doc, capsys):
    rc, out, _ = _show(capsys, doc, "--lang", "id")
    assert rc == 0
    for expected in ("wilayah:", "tahun:", "1 jabatan, 3 butir tugas, 2 indikator", "(2021, baris 5)",
                     "formula:           rasio: Jumlah PMKS", "tertulis:", "indikator (2)"):
        assert expected in out
    for english in ("region", "year", "position(s)", "indicators", "as written", "line 5", "ratio:"):
        assert english not in out


def test_a_file_iki_cannot_read_shows_its_error_and_exits_1(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    rc, out, _ = _show(capsys, empty)
    assert rc == 1
    assert "format empty · error" in out and "error:             file is empty" in out


@pytest.mark.parametrize("what", ["missing", "folder"])
def test_usage_errors(what, tmp_path, capsys):
    target = tmp_path / "nope.pdf" if what == "missing" else tmp_path
    rc, out, err = _show(capsys, target)
    assert rc == 2 and out == ""
    assert err.startswith("iki show: ") and err.count("\n") == 1
