import pytest

from extractors.parser.labels import heading_kind, heading_unit, parse_label, unit_title


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


@pytest.mark.parametrize("line, section, value", [
    ("Nama Unit : Kepala Seksi Perbenihan Ikan", "unit", "Kepala Seksi Perbenihan Ikan"),
    ("Nama Bidang : Bidang Perikanan Tangkap", "unit", "Bidang Perikanan Tangkap"),
    ("Nama Sub. Bidang : Sub. Bidang Pajak", "unit", "Sub. Bidang Pajak"),
    ("NAMA SUB BAGIAN : Sub Bagian Keuangan", "unit", "Sub Bagian Keuangan"),
    ("Nama Sub.        :   Sub. Bidang Pajak", "unit", "Sub. Bidang Pajak"),   # "Bidang" on the next line
    ("Nama Sub : Sub. Bagian Program", "unit", "Sub. Bagian Program"),
    ("Unit Kerja : Seksi Pengolahan", "unit", "Seksi Pengolahan"),
    ("Unit Organisasi : Bidang Tanaman Pangan", "unit", "Bidang Tanaman Pangan"),
    ("Nama Seksi : Seksi Penyuluhan", "unit", "Seksi Penyuluhan"),
    ("Nama Organisasi : Dinas Kesehatan", "instansi", "Dinas Kesehatan"),
    ("Perangkat Daerah : Dinas Sosial", "instansi", "Dinas Sosial"),
    ("Nama : [NAMA PIHAK KESATU]", "person", "[NAMA PIHAK KESATU]"),
    ("NIP : 19790101 200501 1 001", "person", "19790101 200501 1 001"),
    ("Pangkat/Gol : Penata, III/c", "person", "Penata, III/c"),
])
def test_unit_and_other_labels(line, section, value):
    label = parse_label(line)
    assert label is not None and (label.section, label.value) == (section, value)


@pytest.mark.parametrize("line", [
    "Catatan : jam layanan loket", "Catatan :", "Keterangan : data diambil", "KET : x", "NB : berkas",
    "Tanggal : 2017", "Nomor : 440/125", "Tipe Perhitungan: Non-kumulatif",
])
def test_notes_are_never_labels(line):
    assert parse_label(line) is None


@pytest.mark.parametrize("line, kind", [
    ("PERJANJIAN KINERJA TAHUN 2019", "PK"), ("PERJANJIAN KINERJA", "PK"), ("Perjanjian Kinerja Tahun 2021", "PK"),
    ("Renja dan Perjanjian Kinerja badan disusun tiap tahun.", None),
    ("PERJANJIAN KINERJA INI DIBUAT DAN DITANDATANGANI OLEH KEDUA BELAH PIHAK DENGAN SEBENARNYA PADA HARI INI", None),
])
def test_perjanjian_kinerja_headings(line, kind):
    assert heading_kind(line) == kind


@pytest.mark.parametrize("line, unit", [
    ("INDIKATOR KINERJA UTAMA SUB BIDANG PAJAK KENDARAAN", "SUB BIDANG PAJAK KENDARAAN"),
    ("INDIKATOR KINERJA UTAMA SUB. BIDANG PERENCANAAN TAHUN 2020", "SUB. BIDANG PERENCANAAN"),
    ("INDIKATOR KINERJA INDIVIDU (IKI) KEPALA SEKSI PELAYANAN", "KEPALA SEKSI PELAYANAN"),
    ("INDIKATOR KINERJA UTAMA SUB. BIDANG", None),          # a bare unit word names no unit
    ("INDIKATOR KINERJA UTAMA BIDANG", None),
    ("INDIKATOR KINERJA UTAMA DINAS SOSIAL", None),         # the agency, not a position
    ("INDIKATOR KINERJA UTAMA (IKU) TAHUN 2017", None),
])
def test_headings_that_name_a_unit(line, unit):
    assert heading_unit(line) == unit


def test_unit_titles():
    assert unit_title("SUB BAGIAN PERENCANAAN DAN KEUANGAN") == "SUB BAGIAN PERENCANAAN DAN KEUANGAN"
    assert unit_title("SEKRETARIAT DAERAH KABUPATEN X") is None and unit_title("SEKSI") is None


@pytest.mark.parametrize("text, section, value", [
    ("Unit Eselon III : Bidang Pajak Daerah", "unit", "Bidang Pajak Daerah"),
    ("Unit Eselon IV : Seksi Pendataan", "unit", "Seksi Pendataan"),
    ("Nama Satuan Kerja : UPT Pengujian", "unit", "UPT Pengujian"),
    ("Organisasi Perangkat Daerah : Dinas Sosial", "instansi", "Dinas Sosial"),
    ("Satuan Kerja Perangkat Daerah : Dinas Koperasi", "instansi", "Dinas Koperasi"),
    ("Tupoksi : Melaksanakan urusan pemerintahan", "tugas", "Melaksanakan urusan pemerintahan"),
    ("Eselon : III.a", "person", "III.a"),  # a header field of the signer, read so that the block reads whole
])
def test_more_wordings_of_unit_agency_and_header_labels(text, section, value):
    label = parse_label(text)
    assert (label.section, label.value) == (section, value)


def test_the_one_word_of_a_kelurahan_or_kecamatan_head_names_a_position():
    assert unit_title("LURAH") == "LURAH" and unit_title("Camat") == "Camat"
    assert heading_unit("INDIKATOR KINERJA INDIVIDU (IKI) SEKRETARIS KECAMATAN") == "SEKRETARIS KECAMATAN"
    assert unit_title("BIDANG") is None and unit_title("Kepala") is None  # a bare unit word names nothing
