"""`iki diff`: matching positions and indicators between years, the change tables and the report.

The real pair is Kota Probolinggo, Dinas Sosial 2019 (samples/seeds/000.txt) against the 2022
blocks of the Dinas Sosial, PPPA compilation (samples/seeds/002a.txt, which also holds 2023
blocks).  Small synthetic pairs cover every status.
"""
from __future__ import annotations

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
    assert list(row.changed_fields) == ["indicators"]          # TUGAS and FUNGSI are the same
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
    text = capsys.readouterr().out
    assert "positions   unchanged 0, changed 1, renamed 1, added 7, removed 13" in text
    assert "changed   Sekretaris: 3 reworded, 2 split" in text
    for name in ("position_changes", "indicator_changes"):
        f = pq.ParquetFile(d / f"{name}.parquet")
        assert f.schema_arrow.names == [c.name for c in TABLES[name]]
        assert f.schema_arrow.metadata[b"iki.schema_version"] == SCHEMA_VERSION.encode()
    html = (d / "report.html").read_text(encoding="utf-8")
    assert "<h2 id=\"summary\">Summary</h2>" in html and "Sekretaris" in html and "one indicator became 2" in html
    assert "<ins>pelaporan </ins>" in html                     # word-level highlight of the sasaran
    # self-contained: no scripts, external stylesheets, images, fonts or frames
    assert not re.search(r"<script|<link|<img|<iframe|src=|url\(|@import", html, re.I)
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
    assert r["status"] == "formula_changed" and r["changed_fields"] == ["formula_canonical", "denominator"]
    assert r["old_values"] == [inds_old[2]["formula_canonical"], "Jumlah PMKS"]
    assert r["new_values"][1] == "Jumlah PMKS yang terdata"
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
    assert "<script" not in page and "&lt;script&gt;" in page


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
