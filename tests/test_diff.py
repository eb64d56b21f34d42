"""`iki diff`: matching positions and indicators between years, the change tables and the report.

The real pair is Kota Probolinggo, Dinas Sosial 2019 (samples/seeds/000.txt) against the 2022
blocks of the Dinas Sosial, PPPA compilation (samples/seeds/002a.txt, which also holds 2023
blocks).  Small synthetic pairs cover every status.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from iki.cli import main
from iki.diff import (DiffError, changed_fields, diff, load_output, norm_text, select_side)
from iki.report import formula_text, render_report, word_diff
from normalize.formula import canonical, parse_formula
from schema.tables import SCHEMA_VERSION, TABLES, to_arrow
from schema.writer import write_all

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "seeds"

SEKRETARIS_OLD_4 = "Persentase peningkatan kualitas laporan capaian kinerja dan keuangan SKPD"
SEKRETARIS_NEW_4 = "Persentase peningkatan kualitas laporan capaian kinerja SKPD"
SEKRETARIS_NEW_5 = "Persentase peningkatan kualitas laporan keuangan SKPD"
KABID_NEW = "Kepala Bidang Rehabilitasi, Perlindungan dan Jaminan Sosial."
KABID_OLD = {"Kepala Bidang Pelayanan dan Rehabilitasi Sosial", "KepalaBidang Perlindungan dan Jaminan Sosial."}
ADDED_2022 = Counter({
    "Arsiparis Pelaksana": 1, "BENDAHARA PENGELUARAN": 1,
    "Pengelola Rehabilitasi Sosial pada Bidang Rehabilitasi, Perlindungan dan Jaminan Sosial pada Dinas Sosial, "
    "Pemberdayaan Perempuan dan Perlindungan Anak Kota Probolinggo.": 1,
    "Pengelola Data Administrasi dan Verifikasi pada Bidang Rehabilitasi, Perlindungan dan Jaminan Sosial.": 2,
    "Pengelola Bina Kesejahteraan Keluarga pada Bidang Rehabilitasi, Perlindungan dan Jaminan Sosial.": 1,
    "Pengelola Perlindungan Sosial pada Bidang Rehabilitasi, Perlindungan dan Jaminan Sosial.": 1,
})
REMOVED_2019 = {  # every 2019 position but Sekretaris and the Kabid that was renamed
    "KepalaSub. Bagian Tata Usaha", "KepalaSub. Bagian Program dan Keuangan",
    "Kepala Seksi Pelayanan dan Rehabilitasi Sosial Anak dan Lanjut Usia.",
    "Kepala Seksi Pelayanan dan Rehabilitasi Sosial Penyandang Disabilitas.",
    "Kepala Seksi Pelayanan dan Rehabilitasi Sosial Tuna Sosial.", "Kepala Bidang Pemberdayaan Sosial.",
    "Kepala Seksi Kepahlawanan, Keperintisan dan Kesetiakawanan Sosial.", "Kepala Seksi penanganan fakir miskin.",
    "KepalaSeksi Pemberdayaan Kelembagaan Sosial dan Partisipasi Sosial.",
    "KepalaSeksi Perlindungan Sosial Korban Bencana.", "KepalaSeksi Jaminan Sosial.",
    "Kepala Seksi Advokasi dan Lembaga Konsultasi Kesejahteraan Keluarga",
}


# --------------------------------------------------------------------------- the real pair

@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("extract")
    assert main(["extract", str(SEEDS / "000.txt"), str(SEEDS / "002a.txt"), "-o", str(out), "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def result(out):
    tables = load_output(out)
    old = select_side(tables, year=2019, region="Kota Probolinggo")
    new = select_side(tables, year=2022, region="Kota Probolinggo", flag="--to")
    return diff(old, new)


def _pos(result, **kw) -> pd.DataFrame:
    pc = result.position_changes
    for k, v in kw.items():
        pc = pc[pc[k] == v]
    return pc


def test_sides_select_positions_by_their_own_year(result):
    assert len(result.old.positions) == 15 and set(result.old.positions.year) == {2019}
    assert len(result.new.positions) == 9 and set(result.new.positions.year) == {2022}   # 2023 blocks left out
    assert result.new.label.startswith("Kota Probolinggo · Dinas Sosial, Pemberdayaan Perempuan")


def test_position_statuses_on_the_probolinggo_pair(result):
    pc = result.position_changes
    assert Counter(pc.status) == Counter({"removed": 13, "added": 7, "changed": 1, "renamed": 1})
    assert Counter(_pos(result, status="added").new_jabatan) == ADDED_2022
    removed = set(_pos(result, status="removed").old_jabatan)
    assert REMOVED_2019 <= removed and len(removed - REMOVED_2019) == 1 and removed - REMOVED_2019 <= KABID_OLD
    # the two staff with the same title are two added positions, not one
    dup = _pos(result, status="added")
    assert dup[dup.new_jabatan.str.startswith("Pengelola Data")].new_position_id.nunique() == 2


def test_sekretaris_is_matched_and_changed(result):
    row = _pos(result, old_jabatan="Sekretaris").iloc[0]
    assert row.new_jabatan == "Sekretaris" and row.status == "changed"
    assert list(row.changed_fields) == ["sasaran", "indicators"]   # TUGAS and FUNGSI are the same
    assert (row.n_old_indicators, row.n_new_indicators) == (4, 5)
    assert (row.n_unchanged, row.n_reworded, row.n_split, row.n_added, row.n_removed) == (0, 3, 2, 0, 0)
    assert row.similarity > 0.9 and row.name_similarity == 1.0


def test_sekretaris_report_indicator_became_two(result):
    ic = result.indicator_changes
    sek = ic[(ic.jabatan == "Sekretaris")]
    split = sek[sek.status == "split"]
    assert set(split.old_indikator) == {SEKRETARIS_OLD_4}
    assert set(split.new_indikator) == {SEKRETARIS_NEW_4, SEKRETARIS_NEW_5}
    assert split.old_indicator_id.nunique() == 1 and split.new_indicator_id.nunique() == 2
    reworded = sek[sek.status == "reworded"]
    assert len(reworded) == 3
    for r in reworded.itertuples():   # same indicator, its sasaran gained "pelaporan"
        assert r.old_indikator == r.new_indikator and list(r.changed_fields) == ["sasaran"]
        assert r.old_values[0].endswith("pelaporan kinerja dan keuangan")
        assert r.new_values[0].endswith("pelaporan kinerja dan pelaporan keuangan")


def test_merged_bidang_is_one_rename_and_one_possible_merger(result):
    ren = _pos(result, status="renamed").iloc[0]
    assert ren.new_jabatan == KABID_NEW and ren.old_jabatan in KABID_OLD
    assert "possibly a merger" in ren.note
    other = (KABID_OLD - {ren.old_jabatan}).pop()
    gone = _pos(result, old_jabatan=other).iloc[0]
    assert gone.status == "removed" and gone.note.startswith("possibly merged into " + KABID_NEW)


def test_head_of_unit_is_not_paired_with_a_staff_position(result):
    # the 2022 Pengelola Rehabilitasi Sosial works in the former Seksi Anak dan Lanjut Usia, but is staff
    row = _pos(result, old_jabatan="Kepala Seksi Pelayanan dan Rehabilitasi Sosial Anak dan Lanjut Usia.").iloc[0]
    assert row.status == "removed" and "staff" in row.note


def test_nothing_that_changed_is_called_unchanged(result):
    old = result.old.indicators.set_index("indicator_id")
    new = result.new.indicators.set_index("indicator_id")
    ic = result.indicator_changes
    for r in ic.itertuples():
        if r.old_indicator_id is not None and r.new_indicator_id is not None and isinstance(r.old_indicator_id, str) \
                and isinstance(r.new_indicator_id, str):
            fields = changed_fields(old.loc[r.old_indicator_id].to_dict(), new.loc[r.new_indicator_id].to_dict())
            assert (r.status == "unchanged") == (not fields), r
            assert list(r.changed_fields) == fields
    for r in result.position_changes.itertuples():
        if r.status == "unchanged":
            assert not len(r.changed_fields) and r.n_unchanged == r.n_old_indicators == r.n_new_indicators


def test_every_indicator_is_accounted_for(result):
    ic = result.indicator_changes
    old_ids = Counter(i for i in ic.old_indicator_id if isinstance(i, str))
    new_ids = Counter(i for i in ic.new_indicator_id if isinstance(i, str))
    assert set(old_ids) == set(result.old.indicators.indicator_id)
    assert set(new_ids) == set(result.new.indicators.indicator_id)
    split_old = set(ic[ic.status == "split"].old_indicator_id)
    merged_new = set(ic[ic.status == "merged"].new_indicator_id)
    assert all(n == 1 or i in split_old for i, n in old_ids.items())
    assert all(n == 1 or i in merged_new for i, n in new_ids.items())
    # the indicators of added / removed positions are added / removed
    for r in result.position_changes.itertuples():
        if r.status in ("added", "removed"):
            assert getattr(r, f"n_{r.status}") == max(r.n_old_indicators, r.n_new_indicators)


def test_cli_one_folder_writes_tables_and_report(out, tmp_path, capsys):
    d = tmp_path / "diff"
    rc = main(["diff", str(out), "--from", "2019", "--to", "2022", "--region", "kota probolinggo", "-o", str(d)])
    assert rc == 0
    text = capsys.readouterr().err  # summaries go to stderr, like extract's
    assert "positions   unchanged 0, changed 1, renamed 1, added 7, removed 13" in text
    assert "changed   Sekretaris: 3 reworded, 2 split" in text
    for name in ("position_changes", "indicator_changes"):
        f = pq.ParquetFile(d / f"{name}.parquet")
        assert f.schema_arrow.names == [c.name for c in TABLES[name]]
        assert f.schema_arrow.metadata[b"iki.schema_version"] == SCHEMA_VERSION.encode()
    html = (d / "report.html").read_text(encoding="utf-8")
    assert "<h2 id=\"summary\">Summary</h2>" in html and "Sekretaris" in html and "one indicator became 2" in html
    assert "<ins>pelaporan </ins>" in html                     # word-level highlight of the sasaran
    # self-contained: one inline script (the status filter), no external scripts, stylesheets, images,
    # fonts or frames
    assert len(re.findall(r"<script", html)) == 1 and "<script>" in html
    assert not re.search(r"<link|<img|<iframe|src=|url\(|@import|https?:", html, re.I)
    assert not list(d.glob(".*.tmp"))


def test_cli_two_folders(tmp_path, capsys):
    a, b, d = tmp_path / "a", tmp_path / "b", tmp_path / "d"
    assert main(["extract", str(SEEDS / "000.txt"), "-o", str(a), "-q"]) == 0
    assert main(["extract", str(SEEDS / "002a.txt"), "-o", str(b), "-q"]) == 0
    assert main(["diff", str(a), str(b), "-o", str(d), "-q"]) == 2            # b holds 2022 and 2023
    assert "several years" in capsys.readouterr().err
    assert main(["diff", str(a), str(b), "--to", "2022", "-o", str(d), "-q"]) == 0
    pc = pd.read_parquet(d / "position_changes.parquet")
    assert Counter(pc.status) == Counter({"removed": 13, "added": 7, "changed": 1, "renamed": 1})


@pytest.mark.parametrize("args, message", [
    (["--from", "2018", "--to", "2022"], "no positions of year 2018"),
    (["--from", "2019"], "give --from YEAR and --to YEAR"),
    (["--from", "2019", "--to", "2019"], "nothing to compare"),
    (["--from", "2019", "--to", "2022", "--region", "Kota Malang"], "regions present: Kota Probolinggo"),
    (["--from", "2019", "--to", "2022", "--agency", "Dinas Kesehatan"], "no positions of agency"),
])
def test_cli_says_what_is_wrong(out, tmp_path, capsys, args, message):
    assert main(["diff", str(out), *args, "-o", str(tmp_path / "d")]) == 2
    err = capsys.readouterr().err
    assert message in err
    if "2018" in args:
        assert "--year 2018" in err and "2019 (15 positions)" in err


def test_cli_not_an_output_folder(tmp_path, capsys):
    assert main(["diff", str(tmp_path), "--from", "2019", "--to", "2022", "-o", str(tmp_path / "d")]) == 2
    assert "is this an `iki extract` output folder" in capsys.readouterr().err


def test_agency_filter_is_fuzzy_across_renames(out):
    tables = load_output(out)
    old = select_side(tables, year=2019, agency="dinas sosial")
    new = select_side(tables, year=2022, agency="Dinas Sosial")
    assert len(old.positions) == 15 and len(new.positions) == 9


# --------------------------------------------------------------------------- synthetic pairs

def _ind(indikator, **kw) -> dict:
    base = {"sasaran": "Meningkatnya pelayanan sosial", "indikator": indikator, "penjelasan": None,
            "formula_raw": None, "formula_type": "none", "numerator": None, "denominator": None,
            "multiplier": None, "unit": None, "sumber_data": "Bidang Sosial", "penanggung_jawab": None,
            "satuan": None, "target_raw": None, "target_value": None, "target_unit": None}
    if "num" in kw:
        num, den = kw.pop("num"), kw.pop("den", None)
        if den:
            base.update(formula_raw=f"$\\frac{{\\text{{{num}}}}}{{\\text{{{den}}}}} \\times 100\\%$",
                        formula_type="ratio", numerator=num, denominator=den, multiplier=100.0, unit="%")
        else:
            base.update(formula_raw=f"$f(x) = \\Sigma$ {num}", formula_type="count", numerator=num)
    base.update(kw)
    base.setdefault("formula_canonical", canonical(parse_formula(base["formula_raw"])) or None)
    return base


def make_side(positions: list[dict], year: int, agency: str = "Dinas Sosial", region: str = "Kota Contoh",
              doc_id: str = "d") -> object:
    docs = [{"doc_id": doc_id, "source_path": f"{doc_id}.txt", "file_name": f"{doc_id}.txt", "sha256": "0",
             "format": "text", "region": region, "agency": agency, "year": year, "status": "ok",
             "n_positions": len(positions), "warnings": []}]
    from normalize.jabatan import jabatan_key
    pos, duties, inds = [], [], []
    for k, p in enumerate(positions, 1):
        pid = f"{doc_id}-p{k:03d}"
        pos.append({"doc_id": doc_id, "position_id": pid, "seq": k, "kind": "IKI", "jabatan": p["jabatan"],
                    "jabatan_key": jabatan_key(p["jabatan"]), "year": year, "line": k, "warnings": []})
        for s, t in enumerate(p.get("tugas", []), 1):
            duties.append({"doc_id": doc_id, "position_id": pid, "section": "tugas", "seq": s, "text": t,
                           "level": 0, "sub_items": []})
        for s, i in enumerate(p.get("inds", []), 1):
            inds.append({**i, "doc_id": doc_id, "position_id": pid, "indicator_id": f"{pid}-i{s:03d}", "seq": s,
                         "line": k, "warnings": []})
    tables = {"documents": docs, "positions": pos, "duties": duties, "indicators": inds}
    return select_side({n: to_arrow(n, rows).to_pandas() for n, rows in tables.items()}, year=year, source=doc_id)


TU_TUGAS = ["Menyusun rencana program dan kegiatan Subbagian", "Melaksanakan administrasi umum dan kearsipan",
            "Melaksanakan administrasi kepegawaian Dinas", "Menyusun rencana kebutuhan sarana dan prasarana kerja"]
TU_INDS = [_ind("Persentase kegiatan verifikasi barang yang terlaksana",
                num="Jumlah kegiatan pemeriksaan barang yang sudah terlaksana",
                den="Jumlah kegiatan pemeriksaan barang yang seharusnya terlaksana")]
JS_INDS = [_ind("Jumlah Lanjut Usia yang mendapatkan bantuan", num="Lanjut usia yang mendapatkan bantuan"),
           _ind("Jumlah Anak terlantar dan anak yatim yang mendapatkan bantuan",
                num="Anak terlantar/anak yatim yang mendapatkan bantuan")]
JS_TUGAS = ["Menyiapkan bahan jaminan sosial bagi lanjut usia dan anak terlantar",
            "Melaksanakan pendataan penerima jaminan sosial"]


def _statuses(res) -> dict:
    return {(r["old_jabatan"], r["new_jabatan"]): r["status"] for r in res.position_rows}


def test_synthetic_position_statuses():
    old = make_side([
        {"jabatan": "Sekretaris", "tugas": ["Mengoordinasikan program kerja"], "inds": [_ind("Persentase A", num="a", den="b")]},
        {"jabatan": "Kepala Seksi Pelayanan Sosial", "tugas": ["Melaksanakan pelayanan sosial anak"],
         "inds": [_ind("Jumlah anak yang dilayani", num="anak yang dilayani")]},
        {"jabatan": "KepalaSub. Bagian Tata Usaha", "tugas": TU_TUGAS, "inds": TU_INDS},
        {"jabatan": "Kepala Seksi Jaminan Sosial", "tugas": JS_TUGAS, "inds": JS_INDS},
        {"jabatan": "Kepala Seksi Kepahlawanan", "tugas": ["Melaksanakan upacara hari pahlawan"],
         "inds": [_ind("Persentase upacara yang terlaksana", num="upacara terlaksana", den="upacara")]},
        {"jabatan": "Kepala Seksi Perlindungan Sosial Korban Bencana",
         "tugas": ["Melaksanakan perlindungan sosial korban bencana alam dan sosial"],
         "inds": [_ind("Jumlah korban bencana yang mendapatkan bantuan", num="korban bencana yang dibantu")]},
        {"jabatan": "Pengelola Data", "tugas": ["Mengelola data penerima bantuan"],
         "inds": [_ind("Jumlah data yang diverifikasi", num="data yang diverifikasi")]},
    ], 2019)
    new = make_side([
        {"jabatan": "Sekretaris", "tugas": ["Mengoordinasikan program kerja"], "inds": [_ind("Persentase A", num="a", den="b")]},
        {"jabatan": "Kepala Seksi Pelayanan Sosial", "tugas": ["Melaksanakan pelayanan sosial anak dan lanjut usia"],
         "inds": [_ind("Jumlah anak yang dilayani", num="anak yang dilayani")]},
        {"jabatan": "Kepala Sub Bagian Umum", "tugas": TU_TUGAS[:3] + ["Menyusun rencana kebutuhan sarana kerja"],
         "inds": TU_INDS},
        {"jabatan": "Subkoordinator Jaminan Sosial", "tugas": JS_TUGAS, "inds": JS_INDS},
        {"jabatan": "Pengelola Perlindungan Sosial Korban Bencana",
         "tugas": ["Melaksanakan perlindungan sosial korban bencana alam dan sosial"],
         "inds": [_ind("Jumlah korban bencana yang mendapatkan bantuan", num="korban bencana yang dibantu")]},
        {"jabatan": "Pengelola Data", "tugas": ["Mengelola data penerima bantuan"],
         "inds": [_ind("Jumlah data yang diverifikasi", num="data yang diverifikasi")]},
        {"jabatan": "Pengelola Data", "tugas": ["Mengelola data penerima bantuan"],
         "inds": [_ind("Jumlah data yang diverifikasi", num="data yang diverifikasi")]},
        {"jabatan": "Bendahara Pengeluaran", "tugas": ["Mengelola rekening"],
         "inds": [_ind("Jumlah dokumen SPP", num="Dokumen SPP")]},
    ], 2022, agency="Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak")
    res = diff(old, new)
    st = _statuses(res)
    assert st[("Sekretaris", "Sekretaris")] == "unchanged"
    assert st[("Kepala Seksi Pelayanan Sosial", "Kepala Seksi Pelayanan Sosial")] == "changed"
    assert st[("KepalaSub. Bagian Tata Usaha", "Kepala Sub Bagian Umum")] == "renamed"
    assert st[("Kepala Seksi Jaminan Sosial", "Subkoordinator Jaminan Sosial")] == "renamed"
    assert st[("Kepala Seksi Kepahlawanan", None)] == "removed"
    # a head of unit never becomes a staff position, however similar the content
    assert st[("Kepala Seksi Perlindungan Sosial Korban Bencana", None)] == "removed"
    assert st[(None, "Pengelola Perlindungan Sosial Korban Bencana")] == "added"
    assert st[(None, "Bendahara Pengeluaran")] == "added"
    # one Pengelola Data in 2019, two in 2022: one matched (the first), one added
    assert st[("Pengelola Data", "Pengelola Data")] == "unchanged"
    data = [r for r in res.position_rows if r["new_jabatan"] == "Pengelola Data"]
    assert sorted(r["status"] for r in data) == ["added", "unchanged"]
    assert next(r for r in data if r["status"] == "unchanged")["new_position_id"] == "d-p006"
    changed = next(r for r in res.position_rows if r["status"] == "changed")
    assert changed["changed_fields"] == ["tugas"] and changed["n_unchanged"] == 1


def test_synthetic_indicator_statuses():
    inds_old = [
        _ind("Jumlah Lanjut Usia yang mendapatkan bantuan", num="Lanjut usia yang mendapatkan bantuan"),
        _ind("Jumlah Anak terlantar yang mendapatkan bantuan", num="Anak terlantar yang mendapatkan bantuan"),
        _ind("Persentase PMKS yang tertangani", num="Jumlah PMKS yang tertangani", den="Jumlah PMKS"),
        _ind("Jumlah Warga Miskin yang mendapatkan bantuan", num="Warga Miskin yang mendapatkan bantuan",
             sumber_data="Bidang Perlindungan dan Jaminan Sosial"),
        _ind("Jumlah surat masuk dan keluar", target_raw="4.000 berkas", target_value=4000.0, target_unit="berkas"),
        _ind("Persentase laporan capaian kinerja dan keuangan SKPD", num="Jumlah laporan yang selesai",
             den="Jumlah laporan"),
        _ind("Jumlah peserta pelatihan keterampilan usaha", num="peserta pelatihan keterampilan usaha"),
        _ind("Jumlah peserta pameran produk", num="peserta pameran produk"),
        _ind("Jumlah Pemulung yang mendapat pelatihan", num="Pemulung yang mendapat pelatihan"),
        _ind("Jumlah Tuna Sosial yang mendapatkan bantuan", num="Tuna Sosial yang mendapatkan bantuan"),
    ]
    inds_new = [
        # the same, written with \sum for \Sigma, another case and a trailing full stop
        _ind("Jumlah lanjut usia yang mendapatkan bantuan.", num="Lanjut usia yang mendapatkan bantuan",
             formula_raw="$f(x) = \\sum$ Lanjut usia yang mendapatkan bantuan"),
        _ind("Jumlah Anak terlantar dan anak yatim yang mendapatkan bantuan sosial",
             num="Anak terlantar yang mendapatkan bantuan"),
        _ind("Persentase PMKS yang tertangani", num="Jumlah PMKS yang tertangani", den="Jumlah PMKS yang terdata"),
        _ind("Jumlah Warga Miskin yang mendapatkan bantuan", num="Warga Miskin yang mendapatkan bantuan",
             sumber_data="Data Terpadu Kesejahteraan Sosial (DTKS)"),
        _ind("Jumlah surat masuk dan keluar", target_raw="5.000 berkas", target_value=5000.0, target_unit="berkas"),
        _ind("Persentase laporan capaian kinerja SKPD", num="Jumlah laporan yang selesai", den="Jumlah laporan"),
        _ind("Persentase laporan keuangan SKPD", num="Jumlah laporan yang selesai", den="Jumlah laporan"),
        _ind("Jumlah peserta pelatihan keterampilan usaha dan pameran produk",
             num="peserta pelatihan keterampilan usaha dan pameran produk"),
        _ind("Jumlah Penyandang Disabilitas yang mendapatkan bantuan",
             num="Penyandang Disabilitas yang mendapatkan bantuan"),
    ]
    old = make_side([{"jabatan": "Kepala Seksi Jaminan Sosial", "inds": inds_old}], 2019)
    new = make_side([{"jabatan": "Kepala Seksi Jaminan Sosial", "inds": inds_new}], 2022)
    res = diff(old, new)
    by = {}
    for r in res.indicator_rows:
        by.setdefault((r["old_indikator"], r["new_indikator"]), []).append(r)
    st = {k: v[0]["status"] for k, v in by.items()}
    assert st[("Jumlah Lanjut Usia yang mendapatkan bantuan", "Jumlah lanjut usia yang mendapatkan bantuan.")] == "unchanged"
    r = by[("Jumlah Anak terlantar yang mendapatkan bantuan",
            "Jumlah Anak terlantar dan anak yatim yang mendapatkan bantuan sosial")][0]
    assert r["status"] == "reworded" and r["changed_fields"] == ["indikator"]
    r = by[("Persentase PMKS yang tertangani", "Persentase PMKS yang tertangani")][0]
    assert r["status"] == "formula_changed" and r["changed_fields"] == ["denominator"]
    assert r["old_values"] == ["Jumlah PMKS"] and r["new_values"] == ["Jumlah PMKS yang terdata"]
    r = by[("Jumlah Warga Miskin yang mendapatkan bantuan", "Jumlah Warga Miskin yang mendapatkan bantuan")][0]
    assert r["status"] == "source_changed" and r["changed_fields"] == ["sumber_data"]
    r = by[("Jumlah surat masuk dan keluar", "Jumlah surat masuk dan keluar")][0]
    assert r["status"] == "target_changed" and r["changed_fields"] == ["target_raw", "target_value"]
    assert {k[1] for k, v in by.items() if v[0]["status"] == "split"} == {
        "Persentase laporan capaian kinerja SKPD", "Persentase laporan keuangan SKPD"}
    assert {k[0] for k, v in by.items() if v[0]["status"] == "merged"} == {
        "Jumlah peserta pelatihan keterampilan usaha", "Jumlah peserta pameran produk"}
    # "Pemulung" and "Tuna Sosial" are gone, "Penyandang Disabilitas" is new: not a rewording
    assert st[("Jumlah Pemulung yang mendapat pelatihan", None)] == "removed"
    assert st[("Jumlah Tuna Sosial yang mendapatkan bantuan", None)] == "removed"
    assert st[(None, "Jumlah Penyandang Disabilitas yang mendapatkan bantuan")] == "added"
    assert Counter(r["status"] for r in res.indicator_rows) == Counter({
        "unchanged": 1, "reworded": 1, "formula_changed": 1, "source_changed": 1, "target_changed": 1,
        "split": 2, "merged": 2, "removed": 2, "added": 1})
    pos = res.position_rows[0]
    assert pos["status"] == "changed" and pos["n_split"] == 2 and pos["n_merged"] == 2 and pos["n_added"] == 1


def test_positions_pair_only_within_a_region_and_similar_agencies():
    old = make_side([{"jabatan": "Sekretaris", "tugas": ["Mengoordinasikan program"]}], 2019, region="Kota A")
    new = make_side([{"jabatan": "Sekretaris", "tugas": ["Mengoordinasikan program"]}], 2022, region="Kota B")
    assert [r["status"] for r in diff(old, new).position_rows] == ["removed", "added"]


def test_empty_and_unknown_years_are_explained():
    side = [{"jabatan": "Sekretaris"}]
    tables = {"documents": [{"doc_id": "d", "status": "ok", "region": "Kota A", "warnings": []}],
              "positions": [{"doc_id": "d", "position_id": "d-p001", "seq": 1, "kind": "IKI", "jabatan": "Sekretaris",
                             "jabatan_key": "sekretaris", "year": None, "warnings": []}],
              "duties": [], "indicators": []}
    t = {n: to_arrow(n, rows).to_pandas() for n, rows in tables.items()}
    with pytest.raises(DiffError, match=r"no year \(1 positions\).*--year 2020"):
        select_side(t, year=2020)
    assert side


# --------------------------------------------------------------------------- report pieces

def test_word_diff_marks_words_only():
    a, b = word_diff("laporan capaian kinerja dan keuangan SKPD", "laporan keuangan SKPD")
    assert a == "laporan <del>capaian kinerja dan </del>keuangan SKPD" and b == "laporan keuangan SKPD"
    a, b = word_diff("Jumlah <b>anak</b>", "Jumlah <b>remaja</b>")
    assert "&lt;b&gt;" in a and "<del>anak</del>" in a and "<ins>remaja</ins>" in b


def test_formula_text_reads_latex():
    assert formula_text(r"$\frac{\text{Jumlah A}}{\text{Jumlah B}} \times 100\%$") == "(Jumlah A) / (Jumlah B) × 100%"
    assert formula_text(r"$f(x) = \Sigma$ Peserta") == "f(x) = Σ Peserta"


def test_report_escapes_document_text():
    evil = '<script>alert("x")</script>'
    old = make_side([{"jabatan": "Sekretaris", "inds": [_ind(f"Jumlah {evil} lama", num="a")]}], 2019)
    new = make_side([{"jabatan": "Sekretaris", "inds": [_ind(f"Jumlah {evil} baru", num="a")]}], 2022)
    page = render_report(diff(old, new))
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_norm_text_ignores_case_spacing_and_punctuation():
    assert norm_text("Jumlah  Lansia.") == norm_text("jumlah lansia") == "jumlah lansia"


def test_write_all_writes_only_the_tables_given(tmp_path):
    write_all(tmp_path, {"documents": []})
    assert [p.name for p in tmp_path.iterdir()] == ["documents.parquet"]
    with pytest.raises(KeyError, match="unknown"):
        write_all(tmp_path, {"nonsense": []})


def test_a_dataset_against_itself_is_unchanged(tmp_path):
    # Gresik: an agency-level IKU table and positions without a year
    assert main(["extract", str(SEEDS / "003.txt"), "-o", str(tmp_path), "-q"]) == 0
    side = select_side(load_output(tmp_path))
    res = diff(side, side)
    assert {r["status"] for r in res.position_rows} == {"unchanged"} and len(res.position_rows) == 17
    assert {r["status"] for r in res.indicator_rows} == {"unchanged"} and len(res.indicator_rows) == 60


# --------------------------------------------------------------------------- meaning, not notation (issue 15)

from iki.diff import (compare_indicators, edit_size, fold_text, formula_view, indicator_status,  # noqa: E402
                      same_text)


@pytest.mark.parametrize("a, b", [
    ("f(x) = Σ Peserta pelatihan", "f(x) = ∑ Peserta pelatihan"),                 # U+03A3 / U+2211
    ("$f(x) = \\Sigma$ Peserta pelatihan", "\\sum \\text{Peserta pelatihan}"),
    ("Jumlah A / Jumlah B x 100%", "Jumlah A / Jumlah B × 100%"),
    ("Jumlah A / Jumlah B X 100%", "Jumlah A / Jumlah B \\times 100%"),
    ("Hari-hari besar", "Hari – hari besar"),                                       # dashes
    ("“Kota Layak Anak”", "\"Kota Layak Anak\""),                                   # quotes
    ("1) Meningkatnya A 2) Meningkatnya B", "Meningkatnya A Meningkatnya B"),       # list labels
    ("a. Menyusun rencana kerja", "Menyusun rencana kerja"),
    ("• Menyusun rencana kerja;", "Menyusun rencana kerja"),
    ("<b>Jumlah</b> anak &amp; remaja", "Jumlah anak & remaja"),                   # HTML
    ("$\\text{Jumlah anak}$", "Jumlah anak"),                                        # LaTeX
    ("KepalaSeksi Jaminan  Sosial.", "Kepala Seksi jaminan sosial"),                # glued words, case
    ("4.000 berkas", "4000 berkas"),
    ("Formulasi Penghitungan : Jumlah A", "Jumlah A"),                               # a cell's own label
])
def test_notation_is_not_a_change(a, b):
    assert same_text(a, b), (fold_text(a), fold_text(b))


@pytest.mark.parametrize("a, b", [
    ("Jumlah anak terlantar", "Jumlah anak yatim"),
    ("Persentase laporan", "Persentase laporan keuangan"),
    ("4.000 berkas", "5.000 berkas"),
    ("x 100%", "x 1000%"),
])
def test_words_are_a_change(a, b):
    assert not same_text(a, b)


def test_edit_size_measures_how_much_changed():
    assert edit_size("a b c d e f g h i j", "a b c d e f g h i j") == 0
    assert 0 < edit_size("a b c d e f g h i j", "a b c d e f g h i j k") < 0.1
    assert edit_size("a b", "c d") == 1
    assert edit_size(None, "a") == 1 and edit_size(None, "") == 0


def _row(**kw) -> dict:
    return {**_ind(kw.pop("indikator", "Persentase PMKS yang tertangani")), **kw}


RATIO = dict(formula_type="ratio", numerator="Jumlah PMKS yang tertangani", denominator="Jumlah PMKS",
             multiplier=100.0, unit="%")


@pytest.mark.parametrize("old, new", [
    # the same ratio, stacked one year and inline (LaTeX) the next: formula_raw differs, the parts do not
    (dict(RATIO, formula_raw="Jumlah PMKS yang tertangani ______ x 100% Jumlah PMKS"),
     dict(RATIO, formula_raw="$\\frac{\\text{Jumlah PMKS yang tertangani}}{\\text{Jumlah PMKS}} \\times 100\\%$")),
    # "Σ A" and "Jumlah A" count the same thing; f(x) = and the sigma's code point are notation
    (dict(formula_type="count", numerator="Peserta pelatihan", formula_raw="f(x) = Σ Peserta pelatihan"),
     dict(formula_type="count", numerator="Jumlah Peserta pelatihan", formula_raw="Jumlah Peserta pelatihan")),
    (dict(formula_type="count", numerator="Σ Peserta pelatihan"),
     dict(formula_type="count", numerator="∑ Peserta pelatihan")),
    # a percentage ratio is × 100 whether or not the cell writes it, and × 100 is a percentage
    (dict(RATIO, multiplier=None), dict(RATIO)),
    (dict(RATIO, unit=None), dict(RATIO)),
    # a cell label left on the numerator by one layout
    (dict(RATIO, numerator="Formulasi Penghitungan : Jumlah PMKS yang tertangani"), dict(RATIO)),
    # one layout left the formula in the penjelasan, the other parsed it
    (dict(formula_type="none", penjelasan="Jumlah PMKS yang tertangani / Jumlah PMKS x 100%"), dict(RATIO)),
    (dict(RATIO, penjelasan="PMKS adalah penyandang masalah kesejahteraan sosial."),
     dict(formula_type="none", penjelasan="PMKS adalah penyandang masalah kesejahteraan sosial. "
                                          "Jumlah PMKS yang tertangani / Jumlah PMKS x 100%")),
    # the same words, split differently between penjelasan and formula (a wrapped formula cut by a layout)
    (dict(formula_type="count", numerator="Alat kantor/Alat Rumah Tangga/Alat Studio yang terbeli"),
     dict(formula_type="count", numerator="Alat kantor/Alat Rumah", penjelasan="Tangga/Alat Studio yang terbeli")),
])
def test_the_same_formula_in_another_notation_is_unchanged(old, new):
    assert compare_indicators(_row(**old), _row(**new)) == []


@pytest.mark.parametrize("old, new, fields", [
    (dict(RATIO), dict(RATIO, denominator="Jumlah PMKS yang terdata"), ["denominator"]),
    (dict(RATIO), dict(RATIO, multiplier=1000.0, unit=None), ["multiplier", "unit"]),
    (dict(RATIO), dict(RATIO, numerator="Jumlah PMKS", denominator="Jumlah PMKS yang tertangani"),
     ["numerator", "denominator"]),
    (dict(formula_type="count", numerator="Peserta"), dict(RATIO), ["formula_type", "numerator", "denominator",
                                                                    "multiplier", "unit"]),
    (dict(formula_type="none"), dict(RATIO), ["formula_canonical", "formula_type"]),   # a formula where there was none
])
def test_a_formula_change_names_its_parts(old, new, fields):
    changes = compare_indicators(_row(**old), _row(**new))
    assert [c.field for c in changes] == fields and indicator_status(changes) == "formula_changed"
    assert "formula_raw" not in [c.field for c in changes]


def test_the_status_names_the_largest_change_by_content():
    base = _row(**RATIO)
    # a numerator that changed beats a one-word rewording of the indicator name
    changes = compare_indicators(base, _row(indikator="Persentase PMKS yang sudah tertangani",
                                            **dict(RATIO, numerator="Jumlah PMKS yang mendapat rehabilitasi sosial")))
    assert [c.field for c in changes] == ["indikator", "numerator"] and indicator_status(changes) == "formula_changed"
    # a source replaced outright beats one inserted word
    changes = compare_indicators(base, _row(indikator="Persentase PMKS yang sudah tertangani",
                                            sumber_data="Data Terpadu Kesejahteraan Sosial", **RATIO))
    assert [c.field for c in changes] == ["indikator", "sumber_data"] and indicator_status(changes) == "source_changed"
    # a rewritten indicator name beats a target moved by one
    changes = compare_indicators(_row(target_raw="4.000 berkas", target_value=4000.0, target_unit="berkas", **RATIO),
                                 _row(indikator="Rasio penanganan kasus sosial terhadap laporan masyarakat",
                                      target_raw="4.001 berkas", target_value=4001.0, target_unit="berkas", **RATIO))
    assert indicator_status(changes) == "reworded"
    assert {c.field for c in changes} == {"indikator", "target_raw", "target_value"}
    assert indicator_status([]) == "unchanged"


def test_targets_compare_by_value_and_unit():
    a = _row(target_raw="4.000 berkas", target_value=4000.0, target_unit="berkas")
    assert compare_indicators(a, _row(target_raw="4000 Berkas", target_value=4000.0, target_unit="Berkas")) == []
    changes = compare_indicators(a, _row(target_raw="4.000 dokumen", target_value=4000.0, target_unit="dokumen"))
    assert [c.field for c in changes] == ["target_raw", "target_unit"]


def test_formula_view_reads_a_formula_left_in_penjelasan_only_when_asked():
    row = _row(formula_type="none", penjelasan="Keterangan singkat.\nJumlah A / Jumlah B x 100%")
    assert formula_view(row).type == "none"
    v = formula_view(row, reparse=True)
    assert v.type == "ratio" and v.from_penjelasan and v.numerator == "a" and v.multiplier == 100.0
    assert v.penjelasan == "Keterangan singkat."


def test_field_changes_one_row_per_field_and_sasaran_once():
    sas_old, sas_new = "Meningkatnya pelayanan sosial", "Meningkatnya kualitas pelayanan sosial"
    inds_old = [_ind("Jumlah anak yang dilayani", num="anak yang dilayani", sasaran=sas_old),
                _ind("Jumlah lansia yang dilayani", num="lansia yang dilayani", sasaran=sas_old),
                _ind("Persentase PMKS yang tertangani", num="Jumlah PMKS yang tertangani", den="Jumlah PMKS")]
    inds_new = [_ind("Jumlah anak yang dilayani", num="anak yang dilayani", sasaran=sas_new),
                _ind("Jumlah lansia yang dilayani", num="lansia yang dilayani", sasaran=sas_new),
                _ind("Persentase PMKS yang tertangani", num="Jumlah PMKS yang tertangani",
                     den="Jumlah PMKS yang terdata", sumber_data="DTKS")]
    old = make_side([{"jabatan": "Kepala Seksi Jaminan Sosial", "tugas": ["Menyusun rencana kerja", "Melaksanakan "
                      "pendataan"], "inds": inds_old}], 2019)
    new = make_side([{"jabatan": "Kepala Seksi Jaminan Sosial", "tugas": ["Menyusun rencana kerja seksi",
                      "Melaksanakan pendataan", "Melaksanakan verifikasi data"], "inds": inds_new}], 2022)
    res = diff(old, new)
    fc = res.field_changes
    assert list(fc.columns) == [c.name for c in TABLES["field_changes"]]
    sas = fc[fc.level == "sasaran"]
    assert len(sas) == 1 and sas.iloc[0].n_indicators == 2
    assert (sas.iloc[0].old, sas.iloc[0].new) == (sas_old, sas_new)
    ind = fc[fc.level == "indicator"]
    assert sorted(ind.field) == ["denominator", "sasaran", "sasaran", "sumber_data"]
    den = ind[ind.field == "denominator"].iloc[0]
    # the data source replaced outright is the larger change: the row's status is source_changed
    assert (den.old, den.new, den.status) == ("Jumlah PMKS", "Jumlah PMKS yang terdata", "source_changed")
    duties = fc[fc.level == "position"]
    assert sorted(zip(duties.field, duties.old.fillna(""), duties.new.fillna(""))) == [
        ("tugas", "", "Melaksanakan verifikasi data"),
        ("tugas", "Menyusun rencana kerja", "Menyusun rencana kerja seksi")]
    # every indicator_changes row's changed_fields is its field_changes rows, in order
    for r in res.indicator_rows:
        mine = fc[(fc.level == "indicator") & (fc.new_indicator_id == r["new_indicator_id"])]
        assert list(mine.field) == r["changed_fields"]
    assert res.position_rows[0]["changed_fields"] == ["tugas", "sasaran", "indicators"]


def test_duties_cut_into_items_differently_are_no_change():
    items = ["Menyusun rencana kerja", "Melaksanakan pendataan penerima bantuan", "Melaporkan hasil kerja"]
    old = make_side([{"jabatan": "Pengelola Data", "tugas": items}], 2019)
    new = make_side([{"jabatan": "Pengelola Data", "tugas": ["; ".join(items[:2]), items[2]]}], 2022)
    assert [r["status"] for r in diff(old, new).position_rows] == ["unchanged"]


def test_same_named_indicators_pair_by_sasaran_then_order():
    # one name under two sasaran; the new year lists the second sasaran first and adds a row before them
    a = _ind("Jumlah laporan yang disusun", num="laporan yang disusun", sasaran="Meningkatnya akuntabilitas kinerja")
    b = _ind("Jumlah laporan yang disusun", num="laporan yang disusun", sasaran="Meningkatnya tertib administrasi",
             sumber_data="Sekretariat")
    new_first = _ind("Jumlah surat yang diarsipkan", num="surat yang diarsipkan")
    old = make_side([{"jabatan": "Sekretaris", "inds": [a, b]}], 2019)
    new = make_side([{"jabatan": "Sekretaris", "inds": [new_first, b, a]}], 2022)
    rows = diff(old, new).indicator_rows
    assert Counter(r["status"] for r in rows) == Counter({"unchanged": 2, "added": 1})
    pairs = {(r["old_seq"], r["new_seq"]) for r in rows if r["status"] == "unchanged"}
    assert pairs == {(1, 3), (2, 2)}


def test_holders_of_one_title_pair_in_document_order():
    tugas = ["Mengelola data penerima bantuan sosial", "Memverifikasi data lapangan"]
    inds = [_ind("Jumlah data yang diverifikasi", num="data yang diverifikasi")]
    title = "Pengelola Data Administrasi dan Verifikasi"
    bendahara = {"jabatan": "Bendahara Pengeluaran", "tugas": ["Mengelola rekening"]}
    old = make_side([{"jabatan": "Sekretaris", "tugas": ["Mengoordinasikan program"]},
                     {"jabatan": title, "tugas": tugas, "inds": inds}, {"jabatan": title, "tugas": tugas, "inds": inds},
                     bendahara], 2019)
    # the first holder is renamed, the second gets an extra duty: the titles around them line up
    new = make_side([{"jabatan": "Sekretaris", "tugas": ["Mengoordinasikan program"]},
                     {"jabatan": title + " dan Evaluasi", "tugas": tugas, "inds": inds},
                     {"jabatan": title, "tugas": tugas + ["Menyusun laporan"], "inds": inds}, bendahara], 2022)
    rows = {(r["old_position_id"], r["new_position_id"]): r["status"] for r in diff(old, new).position_rows}
    assert rows == {("d-p001", "d-p001"): "unchanged", ("d-p002", "d-p002"): "renamed",
                    ("d-p003", "d-p003"): "changed", ("d-p004", "d-p004"): "unchanged"}


def _merger_sides(moved: bool):
    perl = ["Melaksanakan perlindungan sosial korban bencana alam", "Menyalurkan jaminan sosial bagi lanjut usia"]
    rehab = ["Melaksanakan rehabilitasi sosial penyandang disabilitas", "Membina panti rehabilitasi anak"]
    old = make_side([{"jabatan": "Kepala Seksi Rehabilitasi Sosial", "tugas": rehab,
                      "inds": [_ind("Jumlah penyandang disabilitas yang direhabilitasi",
                                    num="penyandang disabilitas")]},
                     {"jabatan": "Kepala Seksi Perlindungan Sosial", "tugas": perl,
                      "inds": [_ind("Jumlah korban bencana yang dilindungi", num="korban bencana")]},
                     {"jabatan": "Kepala Seksi Pemberdayaan Sosial", "tugas": ["Membina karang taruna"]}], 2019)
    new = make_side([{"jabatan": "Kepala Seksi Rehabilitasi Sosial", "tugas": rehab + (perl if moved else []),
                      "inds": [_ind("Jumlah penyandang disabilitas yang direhabilitasi", num="penyandang disabilitas")]
                      + ([_ind("Jumlah korban bencana yang dilindungi", num="korban bencana")] if moved else [])},
                     {"jabatan": "Kepala Seksi Pemberdayaan Sosial", "tugas": ["Membina karang taruna"]}], 2022)
    return diff(old, new).position_rows


def test_a_merger_note_only_where_duties_or_indicators_moved():
    rows = {r["old_jabatan"] or r["new_jabatan"]: r for r in _merger_sides(moved=True)}
    gone = rows["Kepala Seksi Perlindungan Sosial"]
    assert gone["status"] == "removed" and gone["note"].startswith("possibly merged into Kepala Seksi Rehabilitasi")
    assert "bencana" in gone["note"] and "jaminan" in gone["note"]
    assert rows["Kepala Seksi Rehabilitasi Sosial"]["note"].startswith("possibly a merger")
    assert rows["Kepala Seksi Pemberdayaan Sosial"]["note"] is None
    # nothing moved: removed, and no position claims it
    rows = _merger_sides(moved=False)
    assert not any("possibly" in (r["note"] or "") for r in rows)


def test_a_layout_change_alone_is_unchanged_end_to_end(tmp_path):
    """Gold 000 as one year in a pipe-table text export and as the next in an HTML export: nothing changed."""
    bench = _bench()
    gold = json.loads((ROOT / "samples" / "gold" / "000.json").read_text(encoding="utf-8"))
    pair = bench.make_control("000", gold)
    files = [bench.render(pair.old, "text-pipe", tmp_path / "old", "t:old"),
             bench.render(pair.new, "text-html", tmp_path / "new", "t:new")]
    res = [bench.extract(f, tmp_path / "cache") for f in files]
    result = diff(bench.side_from_extraction(res[0], 2022), bench.side_from_extraction(res[1], 2023))
    assert {r["status"] for r in result.position_rows} == {"unchanged"} and len(result.position_rows) == 15
    assert {r["status"] for r in result.indicator_rows} == {"unchanged"} and len(result.indicator_rows) == 40
    assert not result.field_rows


def test_recorded_edits_are_found_end_to_end(tmp_path):
    """Gold 003 with eight recorded edits, the two years in different text layouts: the benchmark's truth."""
    import random
    bench = _bench()
    golds = {p.stem: json.loads(p.read_text(encoding="utf-8"))
             for p in sorted((ROOT / "samples" / "gold").glob("*.json"))}
    pair = bench.make_pair("003", golds["003"], golds, random.Random("test:003"), 8)
    assert len(pair.edits) == 8
    files = [bench.render(pair.old, "text-tab", tmp_path / "old", "t:old"),
             bench.render(pair.new, "text-cells", tmp_path / "new", "t:new")]
    res = [bench.extract(f, tmp_path / "cache") for f in files]
    old, new = bench.side_from_extraction(res[0], 2022), bench.side_from_extraction(res[1], 2023)
    sc = bench.score(pair, diff(old, new), bench.tie(pair.old, old), bench.tie(pair.new, new))
    assert sc.pos_right / sc.pos_total >= 0.98 and sc.ind_right / sc.ind_total >= 0.98, sc.errors


def _bench():
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_diff_truth
    return bench_diff_truth


# --------------------------------------------------------------------------- the report a person reads

def test_report_summary_first_then_only_what_changed(out, tmp_path):
    d = tmp_path / "diff"
    assert main(["diff", str(out), "--from", "2019", "--to", "2022", "-o", str(d), "-q"]) == 0
    page = (d / "report.html").read_text(encoding="utf-8")
    assert oct((d / "report.html").stat().st_mode & 0o777) == "0o644"
    assert page.index('id="summary"') < page.index('id="filter"') < page.index('class="pos"')
    pc = pd.read_parquet(d / "position_changes.parquet")
    ic = pd.read_parquet(d / "indicator_changes.parquet")
    for status, n in Counter(pc.status).items():       # the summary's counts are the tables'
        assert re.search(rf'<span class="badge s-{status}">[^<]+</span></td><td class="n">{n}</td>', page)
    for status, n in Counter(ic.status).items():
        assert re.search(rf'<span class="badge s-{status}">[^<]+</span></td><td class="n">{n}</td>', page)
    # changed / renamed positions open, removed and added folded; each block filterable by status
    assert len(re.findall(r'<details class="pos" id="p\d+" data-f="p-(?:changed|renamed)" open>', page)) == 2
    assert len(re.findall(r'<details class="pos" id="p\d+" data-f="p-removed">', page)) == 13
    assert len(re.findall(r'<details class="pos" id="p\d+" data-f="p-added">', page)) == 7
    assert '<input type="checkbox" value="p-removed" checked>' in page and "hidden" in page
    # the sasaran edit shared by the Sekretaris' indicators is shown once, with its words highlighted
    assert page.count("<ins>pelaporan </ins>") == 2          # the sasaran block and the split block
    assert "possibly a merger" in page


def test_report_in_indonesian(out, tmp_path):
    d = tmp_path / "diff"
    assert main(["--lang", "id", "diff", str(out), "--from", "2019", "--to", "2022", "-o", str(d), "-q"]) == 0
    page = (d / "report.html").read_text(encoding="utf-8")
    for label in ("Ringkasan", "Jabatan:", "Indikator:", "tutup semua", "kemungkinan penggabungan",
                  "Redaksi sasaran diubah"):
        assert label in page, label
    assert "possibly" not in page.replace("possibly merged", "")   # notes translated (the tables keep English)
