"""The document's agency and region from its indicator tables: a data-source cell names the agency; the text of
an indicator names the places it is about (issue #21 item 3: a table row "UPT-UPT DESDM" is not the agency)."""
from iki.pipeline import Options, process_file

PAGE = """<html><body>
<h3>PERJANJIAN KINERJA TAHUN 2016</h3>
<p>JABATAN : FUNGSIONAL ARSIPARIS</p>
<table border="1">
<tr><th>NO</th><th>TUPOKSI</th><th>SATUAN</th><th>KETERANGAN</th></tr>
<tr><td>1</td><td>Bimbingan teknis kearsipan</td><td>12</td><td></td></tr>
<tr><td>2</td><td>Melaksanakan pembinaan kearsipan ke UPT-UPT DESDM Prov. Jabar (6 UPT)</td><td>4</td><td></td></tr>
</table></body></html>"""

SOURCE = """<html><body>
<h3>INDIKATOR KINERJA UTAMA TAHUN 2017</h3>
<table border="1">
<tr><th>NO</th><th>INDIKATOR KINERJA</th><th>SUMBER DATA</th><th>TARGET</th></tr>
<tr><td>1</td><td>Persentase cadangan pangan</td><td>Kabupaten/Kota dan BKPD Prov. Jabar</td><td>80 %</td></tr>
<tr><td>2</td><td>Skor pola pangan harapan</td><td>BKPD Prov. Jabar</td><td>90</td></tr>
</table>
<p>Badan Ketahanan Pangan Daerah mengelola cadangan pangan.</p></body></html>"""


def _doc(tmp_path, name, html):
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    result = process_file(path, Options())
    return result.document, result.indicators


def test_an_indicator_that_names_a_place_does_not_make_it_the_agency(tmp_path):
    doc, rows = _doc(tmp_path, "pk_arsiparis.html", PAGE)
    assert doc["agency"] is None and doc["region"] == "Provinsi Jawa Barat"
    assert [(r["target_raw"], r["satuan"]) for r in rows] == [("12", None), ("4", None)]


def test_a_data_source_cell_names_the_agency_spelled_out_elsewhere(tmp_path):
    doc, _ = _doc(tmp_path, "iku.html", SOURCE)
    assert doc["agency"] == "Badan Ketahanan Pangan Daerah" and doc["region"] == "Provinsi Jawa Barat"


MANUAL = """<html><body>
<h2>Manual Book SI-AKIP</h2>
<p>Aplikasi ini adalah sistem akuntabilitas kinerja</p>
<p>Instansi Pemerintah yang terdiri dari menu:</p>
<p>1. Home Halaman pertama aplikasi</p>
<p>2. Aplikasi Berisikan Login Akses</p>
</body></html>"""


def test_a_manual_that_only_mentions_an_instansi_has_no_iki(tmp_path):
    # a label-like phrase in prose opens no position: nothing is named, listed or tabled under it
    doc, rows = _doc(tmp_path, "manual.html", MANUAL)
    assert doc["status"] == "no_iki_found" and doc["n_positions"] == 0 and rows == []
