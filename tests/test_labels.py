import pytest

from extractors.parser.labels import heading_kind, parse_label


@pytest.mark.parametrize("line, section, value, exact", [
    ("JABATAN : Sekretaris", "jabatan", "Sekretaris", True),
    ("Jabatan : Kepala Seksi", "jabatan", "Kepala Seksi", True),
    ("1. JABATAN : Sekretaris", "jabatan", "Sekretaris", True),
    ("**Jabatan** : Kepala Bidang", "jabatan", "Kepala Bidang", True),
    ("Jabatan Sekretaris Dinas Sosial", "jabatan", "Sekretaris Dinas Sosial", True),
    ("Jabatan Fungsional : Analis Kebijakan", "jabatan", "Analis Kebijakan", True),
    ("Nama Jabatan : Arsiparis", "jabatan", "Arsiparis", True),
    ("BATAN : Kepala Seksi", "jabatan", "Kepala Seksi", False),      # left margin lost in a scan
    ("JABATN : Kepala Seksi", "jabatan", "Kepala Seksi", False),     # a dropped letter
    ("JA8ATAN : Kepala Seksi", "jabatan", "Kepala Seksi", False),    # OCR 8 for B
    ("GAS : Menyusun program", "tugas", "Menyusun program", False),
    ("TUGAS : Mengoordinasikan", "tugas", "Mengoordinasikan", True),
    ("Uraian Tugas :", "tugas", "", True),
    ("Tugas Pokok : Membantu", "tugas", "Membantu", True),
    ("Tugas Melaksanakan sebagian tugas", "tugas", "Melaksanakan sebagian tugas", True),
    ("FUNGSI : -", "fungsi", "-", True),
    ("Fungsi", "fungsi", "", True),
    ("NGSI : Perumusan", "fungsi", "Perumusan", False),
    ("Butir Kegiatan : 1. Mengikuti", "butir_kegiatan", "1. Mengikuti", True),
    ("HASIL KERJA :", "hasil_kerja", "", True),
    ("Instansi : Dinas Sosial", "instansi", "Dinas Sosial", True),
    ("Program : Program Penanganan Bencana", "program", "Program Penanganan Bencana", True),
    ("Kegiatan : Penyediaan Jasa", "program", "Penyediaan Jasa", True),
])
def test_labels(line, section, value, exact):
    label = parse_label(line)
    assert label is not None
    assert (label.section, label.value, label.exact) == (section, value, exact)


@pytest.mark.parametrize("line", [
    "Menyusun program kerja", "SATUAN : orang", "Pada Tanggal : 6 Januari 2023", "KESATU : Indikator",
    "Email: dinsos@x.go.id", "NOMOR : 188/036", "Sasaran : x", "Program kerja disusun tiap tahun",
])
def test_not_labels(line):
    assert parse_label(line) is None


@pytest.mark.parametrize("line, kind", [
    ("INDIKATOR KINERJA INDIVIDU", "IKI"), ("INDIKATOR KINERJA INDIVIDU ( IKI )", "IKI"),
    ("INDIKATOR KINERJA INDIKATOR", "IKI"), ("INDIKATOR KINERJA INDIVIDU (IKI) ESELON III & IV", "IKI"),
    ("INDIKATOR KINERJA INDIVTDU", "IKI"), ("INDIKATOR KINERJA UTAMA", "IKU"),
    ("INDIKATOR KINERJA UTAMA DINAS SOSIAL KABUPATEN GRESIK", "IKU"), ("INDIKATOR KINERJA", None),
    ("Persentase kegiatan", None),
])
def test_headings(line, kind):
    assert heading_kind(line) == kind


def test_list_items_that_start_with_a_label_word_stay_items():
    assert parse_label("Tugas lain yang diberikan oleh atasan").weak
    assert parse_label("Tugas Dinas lain yang diberikan", numbered_item=True) is None
    assert parse_label("Fungsi", numbered_item=True).section == "fungsi"
    assert parse_label("TUGAS : Menyusun", numbered_item=True).section == "tugas"
