"""Indicator tables that converters flattened into lines, rebuilt from what the lines say."""
import pytest

from extractors.parser.flat_tables import split_header_line
from extractors.parser.indicator_tables import indicators_from_tables
from extractors.parser.positions import parse_positions
from extractors.readers.text import extract_text


@pytest.mark.parametrize("line, names, rest", [
    ("KINERJA INDIKATOR KINERJA PENJELASAN/FORMULASI PENGHITUNGAN SUMBER DATA Meningkatnya",
     ["KINERJA", "INDIKATOR KINERJA", "PENJELASAN/FORMULASI PENGHITUNGAN", "SUMBER DATA"], "Meningkatnya"),
    ("SASARAN/KINERJA UTAMA", ["SASARAN/KINERJA UTAMA"], ""),
    ("No Sasaran Strategis Indikator Kinerja Target 2022 Meningkatnya mutu",
     ["No", "Sasaran Strategis", "Indikator Kinerja", "Target 2022"], "Meningkatnya mutu"),
    ("NO. URAIAN DASAR PERTIMBANGAN SUMBER DATA", ["NO.", "URAIAN", "DASAR PERTIMBANGAN", "SUMBER DATA"], ""),
    ("Nomor : 440/125", [], "Nomor : 440/125"),            # a label, not a column
    ("Indikator ini disusun dengan", ["Indikator"], "ini disusun dengan"),
])
def test_split_header_line(line, names, rest):
    assert split_header_line(line) == (names, rest)


def _rows(text):
    (p,) = parse_positions(extract_text(text))
    rows, _ = indicators_from_tables(p.tables)
    return p, rows


def test_one_cell_line_per_paragraph_with_a_note():
    p, rows = _rows("JABATAN : Kasi Pelayanan\nTUGAS : Menyiapkan.\n\nSASARAN/KINERJA UTAMA\n\nINDIKATOR KINERJA UTAMA\n\n"
                    "PENJELASAN/FORMULASI PENGHITUNGAN SUMBER DATA\n\nMeningkatnya ketepatan\n\nwaktu pelayanan\n\n"
                    "Persentase surat\n\nyang selesai\n\nBuku register\n\npelayanan.\n\nCatatan :\n\njam loket 08.00.\n")
    assert [(r.sasaran, r.indikator, r.sumber_data) for r in rows] == [
        ("Meningkatnya ketepatan waktu pelayanan", "Persentase surat yang selesai", "Buku register pelayanan.")]
    assert "Catatan : jam loket 08.00." in " ".join(rows[0].formula.split())
    assert p.jabatan == "Kasi Pelayanan" and any(w.startswith("table_rebuilt") for w in p.warnings)


def test_header_line_then_columns_as_blocks():
    _, rows = _rows("JABATAN : Kabag TU\nTUGAS : menyiapkan\nKINERJA INDIKATOR KINERJA PENJELASAN SUMBER DATA Meningkatnya\n"
                    "tata kelola administrasi\n1. Persentase surat yang didisposisi\n2. Nilai evaluasi SAKIP dinas\n"
                    "Surat yang tercatat di aplikasi\nNilai hasil evaluasi oleh Inspektorat\n")
    assert [(r.sasaran, r.indikator, r.formula) for r in rows] == [
        ("Meningkatnya tata kelola administrasi", "Persentase surat yang didisposisi", "Surat yang tercatat di aplikasi"),
        ("Meningkatnya tata kelola administrasi", "Nilai evaluasi SAKIP dinas", "Nilai hasil evaluasi oleh Inspektorat")]


def test_two_sasaran_groups_without_blank_lines():
    _, rows = _rows("JABATAN : Sekcam\nTUGAS : Mengoordinasikan.\nSASARAN\nINDIKATOR KINERJA\nSUMBER DATA\n"
                    "Meningkatnya kualitas\nperencanaan\nPersentase dokumen yang\ndisusun tepat waktu\nArsip Sub Bagian\n"
                    "Terwujudnya akuntabilitas\nNilai SAKIP kecamatan\nLaporan Inspektorat\n")
    assert [(r.sasaran, r.indikator, r.sumber_data) for r in rows] == [
        ("Meningkatnya kualitas perencanaan", "Persentase dokumen yang disusun tepat waktu", "Arsip Sub Bagian"),
        ("Terwujudnya akuntabilitas", "Nilai SAKIP kecamatan", "Laporan Inspektorat")]


def test_a_whole_page_in_one_paragraph():
    p, rows = _rows("INDIKATOR KINERJA INDIVIDU 1. JABATAN : KEPALA SUB BAGIAN UMUM 2. TUGAS : menyiapkan bahan urusan "
                    "umum 3. FUNGSI : a. penyelenggaraan persuratan; b. penyelenggaraan kepegawaian KINERJA INDIKATOR "
                    "KINERJA SUMBER DATA Meningkatnya tertib persuratan 1. Persentase surat yang diarsipkan 2. Jumlah "
                    "pegawai yang dibina Aplikasi Srikandi Daftar hadir pembinaan\n")
    assert p.jabatan == "KEPALA SUB BAGIAN UMUM" and [i.full_text() for i in p.sections["fungsi"]] == [
        "penyelenggaraan persuratan", "penyelenggaraan kepegawaian"]
    assert [(r.indikator, r.sumber_data) for r in rows] == [
        ("Persentase surat yang diarsipkan", "Aplikasi Srikandi"), ("Jumlah pegawai yang dibina", "Daftar hadir pembinaan")]


def test_lines_that_give_no_indicator_are_said_not_guessed():
    (p,) = parse_positions(extract_text("JABATAN : Kasi\nTUGAS : Menyiapkan.\nSASARAN\nINDIKATOR KINERJA\nSUMBER DATA\n"
                                        "Meningkatnya kualitas\nlayanan umum\n"))
    assert indicators_from_tables(p.tables)[0] == []
    assert any(w.startswith("table_unreadable") for w in p.warnings)


def test_numbered_indicators_then_their_explanations_one_line_each():
    """A converter wrote the indicator column as a numbered list, then the next column's cells one per line
    (the text cut before the last ones)."""
    p, rows = _rows("JABATAN : Sekretaris\nKINERJA INDIKATOR KINERJA PENJELASAN/FORMULASI PENGHITUNGAN SUMBER DATA "
                    "Terwujudnya manajemen yang bermutu\n1. Indeks kepuasan masyarakat\n2. Standar Pelayanan Publik\n"
                    "3. Persentase realisasi anggaran\nNilai indeks hasil survei kepuasan di setiap pelayanan\n"
                    "Tersusunnya dokumen standar pelayanan publik\n")
    assert [(r.indikator, r.formula.replace("Penjelasan : ", "") or None) for r in rows] == [
        ("Indeks kepuasan masyarakat", "Nilai indeks hasil survei kepuasan di setiap pelayanan"),
        ("Standar Pelayanan Publik", "Tersusunnya dokumen standar pelayanan publik"),
        ("Persentase realisasi anggaran", None)]
    _, rows = _rows("JABATAN : Sekretaris Kecamatan\nKINERJA INDIKATOR KINERJA PENJELASAN/FORMULASI PENGHITUNGAN "
                    "SUMBER DATA Meningkatkan produktifitas aparatur\nPersentase tingkat kehadiran PNS\n"
                    "Kasubag Umum dan Kepegawaian.\nCatatan : hari kerja dalam 1 tahun = 240 hari.\n")
    assert [(r.sumber_data, "Catatan" in r.formula) for r in rows] == [("Kasubag Umum dan Kepegawaian.", True)]


def test_columns_written_one_after_the_other():
    """A sharing site's preview wrote each column as its name and then its cells."""
    p, rows = _rows("INDIKATOR KINERJA INDIVIDU No.\nSasaran Kinerja Program\n1.\nMeningkatnya ketepatan pelayanan\n2.\n"
                    "Meningkatnya kualitas mutasi\nIndikator Kinerja Program Tingkat kepuasan PNS\n"
                    "Persentase layanan karir PNS\nPenjelasan/ Formulasi Perhitungan Survey kepuasan pegawai\n"
                    "Sumber Data Data kuisioner kepuasan\nData kuisioner karir\n"
                    "Kabid Mutasi & Promosi BKPSDM Kab. Banggai\n[NAMA PEJABAT] Pembina, IV/a NIP. [NIP]\n")
    assert p.jabatan == "Kabid Mutasi & Promosi BKPSDM Kab. Banggai"
    assert [(r.sasaran, r.indikator, r.sumber_data) for r in rows] == [
        ("Meningkatnya ketepatan pelayanan", "Tingkat kepuasan PNS", "Data kuisioner kepuasan"),
        ("Meningkatnya kualitas mutasi", "Persentase layanan karir PNS", "Data kuisioner karir")]
