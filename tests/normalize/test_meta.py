"""Tests for normalize.meta: find_region, find_agency, year_markers."""

import bisect
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.meta import (document_year, find_agency, find_agency_in_cells, find_region, period_markers,
                            year_marker_kinds, year_markers)

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SEEDS = sorted((SAMPLES / "seeds").glob("*.txt"))


def _crude_lines(text: str) -> list[str]:
    """Strip markdown/HTML markup and tabs crudely, as the caller would."""
    text = re.sub(r"<[^>]+>", " ", text)
    text = text.replace("**", "").replace("#", "").replace("\t", " ")
    return [ln.strip() for ln in text.splitlines()]


def _fold(s: str | None) -> str | None:
    if s is None:
        return None
    return " ".join(re.sub(r"[^\w]+", " ", s.casefold()).split())


# ---------------------------------------------------------------- region


@pytest.mark.parametrize(
    ("lines", "region"),
    [
        (["PEMERINTAH KOTA PROBOLINGGO"], "Kota Probolinggo"),
        (["KEPALA DINAS SOSIAL KABUPATEN LUMAJANG"], "Kabupaten Lumajang"),
        (["DINAS SOSIAL KABUPATEN GRESIK"], "Kabupaten Gresik"),
        (["Report base data PMKS di Kab. Gresik"], "Kabupaten Gresik"),
        (["Dinas Sosial kab. Gresik"], "Kabupaten Gresik"),
        (["PEMERINTAH KOTA TANJUNG PINANG"], "Kota Tanjung Pinang"),
        (["Dinas Sosial Kabupaten Hulu Sungai Selatan Jl. A. Yani"], "Kabupaten Hulu Sungai Selatan"),
        (["KOTA PROBOLINGGO TAHUN 2022"], "Kota Probolinggo"),
        (["Kota Batu, Jawa Timur"], "Kota Batu"),
        (["Kabupaten Gresik yang maju"], "Kabupaten Gresik"),
        (["KABUPATEN LUMAJANG DINAS SOSIAL"], "Kabupaten Lumajang"),
        (["KOTA BAU-BAU"], "Kota Bau-Bau"),
        # PEMERINTAH line beats frequency
        (["Kota Malang", "Kota Malang", "PEMERINTAH KOTA BATU"], "Kota Batu"),
        # otherwise the most frequent mention
        (["Kabupaten Gresik", "Kota Malang dan Kota Batu", "Kota Batu"], "Kota Batu"),
        # name on the line after "PEMERINTAH KABUPATEN"
        (["PEMERINTAH KABUPATEN", "LUMAJANG", "DINAS SOSIAL"], "Kabupaten Lumajang"),
        # "se-Kota" only when nothing else exists
        (["OPD se – Kota Probolinggo"], "Kota Probolinggo"),
        (["OPD se- Kota Malang", "OPD se-Kota Malang", "Dinas Kota Batu"], "Kota Batu"),
        # "Bupati X" / "Walikota X" as last resort
        (["Peraturan Bupati Lumajang"], "Kabupaten Lumajang"),
    ],
)
def test_find_region(lines, region):
    assert find_region(lines) == region


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [""],
        ["Program Kota Layak Anak"],
        ["Pemerintah Kabupaten/Kota"],
        ["di kota besar dan kabupaten kecil"],
        ["Email: dinsos.probolinggokota@gmail.com"],
        ["Peraturan Walikota"],
        ["KOTA"],
        ["1. Penataan Kawasan Kumuh di Kota Rp 3.309.000.000,00"],  # an amount is never a place
        ["Belanja Kegiatan di Kabupaten IDR 5.000"],
    ],
)
def test_find_region_none(lines):
    assert find_region(lines) is None


# ---------------------------------------------------------------- agency


@pytest.mark.parametrize(
    ("lines", "agency"),
    [
        (["PEMERINTAH KOTA PROBOLINGGO", "DINAS SOSIAL", "Jl. Raya Dringu No. 13"], "Dinas Sosial"),
        (
            ["PEMERINTAH KOTA PROBOLINGGO", "DINAS SOSIAL,", "PEMBERDAYAAN PEREMPUAN",
             "DAN PERLINDUNGAN ANAK", "Jl. Raya ..."],
            "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
        ),
        (["KEPALA DINAS SOSIAL KABUPATEN LUMAJANG"], "Dinas Sosial"),
        (["INDIKATOR KINERJA UTAMA DINAS SOSIAL KABUPATEN GRESIK"], "Dinas Sosial"),
        (["Instansi : Dinas Pendidikan Kota Batu"], "Dinas Pendidikan"),
        (["2. INSTANSI : Dinas Kesehatan"], "Dinas Kesehatan"),
        (
            ["PEMERINTAH KABUPATEN SIDOARJO", "BADAN PERENCANAAN PEMBANGUNAN",
             "PENELITIAN DAN PENGEMBANGAN DAERAH", "Jl. Sultan Agung"],
            "Badan Perencanaan Pembangunan Penelitian dan Pengembangan Daerah",
        ),
        (["PEMERINTAH KOTA MALANG", "SEKRETARIAT DAERAH", ""], "Sekretariat Daerah"),
        (["PEMERINTAH KOTA MALANG", "INSPEKTORAT", ""], "Inspektorat"),
        (["PEMERINTAH KABUPATEN X", "SATUAN POLISI PAMONG PRAJA", ""], "Satuan Polisi Pamong Praja"),
        (["PEMERINTAH KOTA MALANG", "RSUD KOTA MALANG", ""], "RSUD"),
        (["PEMERINTAH KOTA MALANG", "KECAMATAN KLOJEN", ""], "Kecamatan Klojen"),
        (
            ["PEMERINTAH KOTA BATU", "DINAS PEKERJAAN UMUM DAN PENATAAN RUANG", "KOTA BATU"],
            "Dinas Pekerjaan Umum dan Penataan Ruang",
        ),
        (
            ["PEMERINTAH KOTA BATU DINAS KOMUNIKASI DAN INFORMATIKA Jl. Panglima Sudirman"],
            "Dinas Komunikasi dan Informatika",
        ),
        (
            ["PEMERINTAH KABUPATEN BANYUWANGI", "DINAS PENGENDALIAN PENDUDUK, KELUARGA BERENCANA,",
             "PEMBERDAYAAN PEREMPUAN DAN PERLINDUNGAN ANAK", "JALAN A. YANI"],
            "Dinas Pengendalian Penduduk, Keluarga Berencana, Pemberdayaan Perempuan dan Perlindungan Anak",
        ),
        # the letterhead stops at the spaced-out town name and at headings
        (["PEMERINTAH KOTA PROBOLINGGO", "DINAS SOSIAL", "P R O B O L I N G G O"], "Dinas Sosial"),
        (["PEMERINTAH KOTA BATU", "DINAS SOSIAL", "INDIKATOR KINERJA INDIVIDU"], "Dinas Sosial"),
        # national bodies cited as data sources are not the agency
        (
            ["Sumber: Badan Pusat Statistik", "Sumber: Badan Pusat Statistik",
             "Dinas Kesehatan Kota Batu"],
            "Dinas Kesehatan",
        ),
        # lower-case "dinas" in prose and bare "Dinas" are not agencies
        (["program kerja Dinas;", "tugas dinas lain", "Kepala Dinas sesuai tugas", "Dinas Sosial"],
         "Dinas Sosial"),
        (["Jabatan : Kepala Seksi pada Kecamatan Mayangan Kota Probolinggo"], "Kecamatan Mayangan"),
        (["Instansi : Dinas Sosial PPPA Kota Probolinggo"], "Dinas Sosial PPPA"),
        # a province after the name without "Provinsi" is its region, not part of the name
        (["DINAS ENERGI DAN SUMBER DAYA MINERAL JAWA BARAT"], "Dinas Energi dan Sumber Daya Mineral"),
        (["Kepala Dinas Kebudayaan dan Pariwisata Bali"], "Dinas Kebudayaan dan Pariwisata"),
        (["PEMERINTAH PROVINSI ACEH", "DINAS KESEHATAN ACEH"], "Dinas Kesehatan"),
        # a bracket the name did not open ends it
        (["laporan bagi pimpinan (Gubernur, Inspektorat, Bappeda) setiap bulan"], "Inspektorat"),
        # a roman numeral stays a numeral in an upper-case letterhead
        (["PEMERINTAH PROVINSI JAWA BARAT", "BADAN KOORDINASI PEMERINTAHAN DAN PEMBANGUNAN WILAYAH II"],
         "Badan Koordinasi Pemerintahan dan Pembangunan Wilayah II"),
        (["PEMERINTAH KABUPATEN X", "BADAN PENGELOLA PENDAPATAN DAERAH WILAYAH IV"],
         "Badan Pengelola Pendapatan Daerah Wilayah IV"),
    ],
)
def test_find_agency(lines, agency):
    assert find_agency(lines) == agency


@pytest.mark.parametrize(
    "lines",
    [[], [""], ["Kepala Dinas"], ["tugas dinas lain"], ["Peraturan Menteri Dalam Negeri Nomor 86"],
     ["Kementerian Sosial Republik Indonesia"]],
)
def test_find_agency_none(lines):
    assert find_agency(lines) is None


def test_find_agency_explicit_region():
    lines = ["PEMERINTAH KOTA BATU", "DINAS SOSIAL", "BATU", "Jl. A"]
    assert find_agency(lines, "Kota Batu") == "Dinas Sosial"


# ---------------------------------------------------------------- years


@pytest.mark.parametrize(
    ("line", "year"),
    [
        ("2019", 2019),
        ("2022", 2022),
        ("INDIKATOR KINERJA INDIVIDU TAHUN 2022", 2022),
        ("Indikator Kinerja Individu Tahun 2023", 2023),
        ("TAHUN ANGGARAN 2024", 2024),
        ("Tahun Anggaran : 2024", 2024),
        ("NOMOR : 188/036 /KEP/425.109/2023", 2023),
        ("Nomor 12 Tahun 2023", 2023),
        ("Pada Tanggal : 6 Januari 2023", 2023),
        ("Ditetapkan di Probolinggo tanggal 6 Januari 2023", 2023),
        ("Probolinggo, 6 Januari 2023", 2023),
        ("tanggal 06-01-2023", 2023),
        ("Januari 2023", 2023),
        # negatives
        ("Undang-Undang Nomor 23 Tahun 2014 tentang Pemerintahan Daerah", None),
        ("2. Peraturan Pemerintah Nomor 18 Tahun 2016 tentang Perangkat Daerah", None),
        ("PERATURAN WALIKOTA NOMOR 45 TAHUN 2016", None),
        ("Rencana Pembangunan Jangka Panjang Daerah Kota Probolinggo Tahun 2005-2025", None),
        ("RENSTRA TAHUN 2021 - 2026", None),
        ("INDIKATOR KINERJA INDIVIDU TAHUN 2021 S/D 2026", None),
        ("Jumlah laporan tahun 2022 yang disusun", None),
        ("Jumlah 150 Orang 1 tahun", None),
        ("Tahun 1989", None),
        ("2101", None),
        ("(0335) 421431", None),
        ("PROBOLINGGO 67271", None),
        ("Lahir 12-05-1985", None),
        ("NIP 19670711 198809 1 001", None),
        ("", None),
    ],
)
def test_year_marker_lines(line, year):
    expected = [] if year is None else [(0, year)]
    assert year_markers([line]) == expected


def test_year_markers_indices():
    lines = ["", "2019", "PEMERINTAH KOTA X", "Nomor 5 Tahun 2014 tentang A", "", "2022"]
    assert year_markers(lines) == [(1, 2019), (5, 2022)]


# ---------------------------------------------------------------- seeds


def _jabatan_line(lines: list[str], jabatan: str, start: int) -> int | None:
    needle = " ".join(jabatan.split())[:25].casefold()
    for i in range(start, len(lines)):
        if needle in " ".join(lines[i].split()).casefold():
            return i
    return None


@pytest.mark.skipif(not SEEDS, reason="no sample seeds")
@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_against_gold(seed):
    gold = json.loads((SAMPLES / "gold" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    lines = _crude_lines(seed.read_text(encoding="utf-8"))
    region = find_region(lines)
    assert region == gold["region"]
    assert _fold(find_agency(lines, region)) == _fold(gold["agency"])
    markers = year_markers(lines)
    assert (markers[0][1] if markers else None) == gold["year"]
    # each position's year is the nearest preceding marker
    indices = [i for i, _ in markers]
    start = 0
    for pos in gold["positions"]:
        if not pos["jabatan"]:
            continue
        idx = _jabatan_line(lines, pos["jabatan"], start)
        assert idx is not None, pos["jabatan"]
        start = idx + 1
        k = bisect.bisect_left(indices, idx)
        got = markers[k - 1][1] if k else None
        assert got == pos["year"], (pos["seq"], pos["jabatan"])


# ---------------------------------------------------------------- robustness


@given(st.lists(st.text(max_size=200), max_size=20))
def test_never_raises(lines):
    region = find_region(lines)
    assert region is None or region.split(" ", 1)[0] in {"Kota", "Kabupaten", "Provinsi"}
    agency = find_agency(lines)
    assert agency is None or isinstance(agency, str)
    find_agency(lines, region)
    for i, year in year_markers(lines):
        assert 0 <= i < len(lines) and 1990 <= year <= 2100


@given(
    st.lists(
        st.sampled_from(
            ["PEMERINTAH KOTA", "KABUPATEN", "Kab.", "DINAS", "SOSIAL,", "DAN", "Jl.", "2022",
             "TAHUN", "Nomor", "/2023", "tanggal", "6 Januari", "se-", "Kota", "Badan", " ", ","]
        ),
        max_size=30,
    ).map(" ".join)
)
def test_never_raises_on_keyword_soup(line):
    find_region([line, line])
    find_agency([line, "", line])
    year_markers([line])


def test_bad_inputs():
    assert find_region(None) is None  # type: ignore[arg-type]
    assert find_agency(None) is None  # type: ignore[arg-type]
    assert year_markers(None) == []  # type: ignore[arg-type]
    assert find_region([None, 3, "PEMERINTAH KOTA BATU"]) == "Kota Batu"  # type: ignore[list-item]


# ---------------------------------------------------------------- provinces, running text, decrees, periods


@pytest.mark.parametrize(
    ("lines", "region"),
    [
        (["PROVINSI JAWA TENGAH"], "Provinsi Jawa Tengah"),
        (["DINAS KELAUTAN DAN PERIKANAN PROVINSI NUSA TENGGARA BARAT", "TAHUN 2018"], "Provinsi Nusa Tenggara Barat"),
        (["Pemerintah Provinsi Sulawesi Selatan"], "Provinsi Sulawesi Selatan"),
        (["LAMPIRAN : PERATURAN GUBERNUR JAWA TENGAH NOMOR 27 TAHUN 2016 TENTANG INDIKATOR KINERJA UTAMA"],
         "Provinsi Jawa Tengah"),
        (["DINAS PARIWISATA PROVINSI DAERAH ISTIMEWA YOGYAKARTA"], "Provinsi Daerah Istimewa Yogyakarta"),
        (["DINAS RIAU PROVINSI RIAU TAHUN 2017"], "Provinsi Riau"),
        # a kabupaten in a heading is more specific than its province
        (["DINAS SOSIAL KABUPATEN GRESIK PROVINSI JAWA TIMUR"], "Kabupaten Gresik"),
        # a region word inside running text does not outweigh the document's own heading
        (["DINAS KESEHATAN PROVINSI JAMBI",
          "Indikator ini disusun dari laporan daerah, antara lain dari Kabupaten Kerinci yang menjadi percontohan."],
         "Provinsi Jambi"),
        (["Kasubbid Anggaran Badan Pengelolaan Keuangan dan Aset Daerah Kab. Tanah Laut"], "Kabupaten Tanah Laut"),
    ],
)
def test_find_region_provinces_and_running_text(lines, region):
    assert find_region(lines) == region


def test_province_word_in_a_sentence_is_no_region():
    assert find_region(["jumlah sekolah yang ada di wilayah provinsi."]) is None


@pytest.mark.parametrize(
    ("lines", "agency"),
    [
        (["INDIKATOR KINERJA UTAMA", "DINAS PEMBERDAYAAN MASYARAKAT DAN PEMERINTAHAN DESA,",
          "KEPENDUDUKAN DAN PENCATATAN SIPIL", "PROVINSI KALIMANTAN TIMUR"],
         "Dinas Pemberdayaan Masyarakat dan Pemerintahan Desa, Kependudukan dan Pencatatan Sipil"),
        (["DINAS SOSIAL", "SEKRETARIAT"], "Dinas Sosial"),
        (["LAMPIRAN : PERATURAN GUBERNUR JAWA TENGAH NOMOR 27 TAHUN 2016 TENTANG INDIKATOR KINERJA UTAMA "
          "PEMERINTAH PROVINSI JAWA TENGAH"], "Pemerintah Provinsi Jawa Tengah"),
    ],
)
def test_find_agency_over_two_lines_and_pemda(lines, agency):
    assert find_agency(lines) == agency


@pytest.mark.parametrize(
    ("line", "year"),
    [
        ("LAMPIRAN : PERATURAN GUBERNUR JAWA TENGAH NOMOR 27 TAHUN 2016 TENTANG INDIKATOR", 2016),
        ("Lampiran Keputusan Bupati Lumajang Nomor: 188.45/123/427.12/2017", 2017),
        ("Tanggal : Januari 2017", 2017),
        ("Tanggal            :            2017", 2017),
        ("Tanggal ditetapkan setelah rapat", None),
    ],
)
def test_year_from_decrees_and_dates(line, year):
    assert year_markers([line]) == ([] if year is None else [(0, year)])


def test_period_markers():
    lines = ["INDIKATOR KINERJA UTAMA TAHUN 2021 - 2026", "RENSTRA 2019 s.d. 2023", "PERIODE 2022-2024",
             "Jumlah laporan 2021-2022 yang disusun", "Undang-Undang Nomor 17 Tahun 2007 tentang RPJPN 2005-2025",
             "TAHUN 2026 - 2021"]
    assert period_markers(lines) == [(0, 2021, 2026), (1, 2019, 2023), (2, 2022, 2024)]
    assert period_markers(None) == []  # type: ignore[arg-type]


def test_budget_year_abbreviated_in_a_title():
    """'TA. 2022' / 'T.A 2023' (tahun anggaran) in a title line is the year; in running text it is not."""
    from normalize.meta import year_markers
    assert year_markers(["PERJANJIAN KINERJA TA. 2022"]) == [(0, 2022)]
    assert year_markers(["INDIKATOR KINERJA INDIVIDU T.A 2023"]) == [(0, 2023)]
    assert year_markers(["Pagu TA 2022 sebesar Rp 10.000.000"]) == []


# ---------------------------------------------------------------- issue 21: how agencies publish


@pytest.mark.parametrize(
    ("lines", "region"),
    [
        (["DINAS ESDM PROVINSI JAWA", "BARAT"], "Provinsi Jawa Barat"),  # a line break inside the name
        (["DINAS KESEHATAN PROVINSI", "JAWA TENGAH"], "Provinsi Jawa Tengah"),
        (["PROVINSI PAPUA", "BARAT DAYA"], "Provinsi Papua Barat Daya"),
        (["PROVINSI BALI", "BIRO UMUM"], "Provinsi Bali"),  # the next line is no part of it
        (["BKPD Prov. Jabar"], "Provinsi Jawa Barat"),  # a province's short form
        (["PROVINSI JAWA BARAT BANDUNG"], "Provinsi Jawa Barat"),
        (["PEMERINTAH DAERAH PROVINSI JAWA BARAT"], "Provinsi Jawa Barat"),
        (["Provinsi Antah Berantah"], "Provinsi Antah Berantah"),  # not in the list: kept as read
        # a head of region in a title beats a region word in flattened running text
        (["LAMPIRAN : PERATURAN BUPATI KULON PROGO NOMOR 53 TAHUN 2012",
          "Rasio buku yang dipinjam per pengunjung Cakupan pelayanan perpustakaan kabupaten Koleksi buku yang ada"],
         "Kabupaten Kulon Progo"),
    ],
)
def test_find_region_as_agencies_write_it(lines, region):
    assert find_region(lines) == region


@pytest.mark.parametrize(
    ("lines", "agency"),
    [
        # an acronym in a title, kept as written when the document never spells it out
        (["INDIKATOR KINERJA UTAMA", "BPKAD PROVINSI JAWA BARAT", "TAHUN 2016"], "BPKAD"),
        # and expanded where it does
        (["INDIKATOR KINERJA UTAMA", "BPKAD PROVINSI JAWA BARAT",
          "Badan Pengelolaan Keuangan dan Aset Daerah mempunyai tugas pokok ..."],
         "Badan Pengelolaan Keuangan dan Aset Daerah"),
        (["KEPALA DESDM KABUPATEN X", "Dinas Energi dan Sumber Daya Mineral"], "Dinas Energi dan Sumber Daya Mineral"),
        # rows naming units under the agency do not outvote its title
        (["DINAS ENERGI DAN SUMBER DAYA MINERAL", "UPT-UPT DESDM", "UPT-UPT DESDM", "UPT-UPT DESDM"],
         "Dinas Energi dan Sumber Daya Mineral"),
        # the government's own IKU: a dinas named as penanggung jawab is not the agency
        (["LAMPIRAN : PERATURAN BUPATI KULON PROGO NOMOR 53 TAHUN 2012 TENTANG INDIKATOR KINERJA UTAMA "
          "PEMERINTAH DAERAH TAHUN 2011-2016", "Dinas Pendidikan", "Dinas Pendidikan"],
         "Pemerintah Kabupaten Kulon Progo"),
        (["DEFINISI OPERASIONAL INDIKATOR KINERJA RPJMD KAB. SIDOARJO", "Dinas Kesehatan"],
         "Pemerintah Kabupaten Sidoarjo"),
        (["SKPD PROVINSI JAWA BARAT"], None),
    ],
)
def test_find_agency_as_agencies_write_it(lines, agency):
    assert find_agency(lines) == agency


def test_agency_named_only_with_its_region_inside_table_cells():
    cells = ["BKPD Prov. Jabar", "Badan Ketahanan Pangan Daerah dan Badan Pusat Statistik.", "BKPD Provinsi Jawa Barat",
             "Dinas Pendidikan", "Kabupaten/Kota"]
    assert find_agency_in_cells(cells) == "Badan Ketahanan Pangan Daerah"
    assert find_agency_in_cells(["Dinas Pendidikan", "Laporan Dinas Pendidikan"]) is None


@pytest.mark.parametrize(
    ("line", "year", "kind"),
    [
        ("Bandung, 2016", 2016, "date"),
        ("Bandung, ........................ 2016", 2016, "date"),
        ("NOMOR : 061/Kep.1409-Org/2015 TENTANG INDIKATOR KINERJA UTAMA", 2015, "decree"),
        ("KEPUTUSAN KEPALA DINAS NOMOR 061/Kep.1409-Org/2015", 2015, "decree"),
        ("PERJANJIAN KINERJA TAHUN 2016", 2016, "title"),
        ("INDIKATOR KINERJA INDIVIDU 2019", 2019, "title"),
        ("PK 2016", 2016, "title"),
    ],
)
def test_year_and_how_the_line_states_it(line, year, kind):
    assert year_marker_kinds([line]) == [(0, year, kind)]


@pytest.mark.parametrize("line", ["INDIKATOR KINERJA UTAMA 2013-2018", "NIP. 19650928 199010 1 001",
                                  "Jumlah penduduk tahun 2016",
                                  "Mengingat : Keputusan Gubernur Nomor 061/Kep.12/2010"])
def test_no_year_marker(line):
    assert year_marker_kinds([line]) == []


def test_document_year_prefers_a_title_to_a_signing_date():
    # an IKU of 2014 signed in 2015, its cover placed after the table
    marks = year_marker_kinds(["Bandung, 2015", "KEPALA BADAN", "INDIKATOR KINERJA UTAMA (IKU)", "TAHUN 2014"])
    assert document_year(marks) == 2014
    assert document_year(year_marker_kinds(["Bandung, 22 April 2016"])) == 2016
    assert document_year([]) is None


def test_a_syllable_acronym_and_its_spelled_out_name_are_one_agency():
    lines = ["LAMPIRAN KEPUTUSAN KEPALA BAPPEDA", "INDIKATOR KINERJA UTAMA", "BADAN PERENCANAAN PEMBANGUNAN DAERAH",
             "PROVINSI KALIMANTAN", "TIMUR"]
    assert find_region(lines) == "Provinsi Kalimantan Timur"
    assert find_agency(lines) == "Badan Perencanaan Pembangunan Daerah"


def test_a_place_where_work_is_done_is_weaker_than_the_documents_province():
    """Activities "di Kota X" in a budget list name where the work is done; the province in the signature
    block is the document's government."""
    lines = ["PERJANJIAN KINERJA TAHUN 2017", "1. Penataan Kawasan Kumuh di Kota Sukabumi Rp 3.309.000.000,00",
             "2. Penataan Kawasan Kumuh di Kota Cirebon", "DINAS PERUMAHAN DAN PERMUKIMAN", "PROVINSI JAWA BARAT"]
    assert find_region(lines) == "Provinsi Jawa Barat"
    assert find_region(lines[:3]) == "Kota Sukabumi"  # still the fallback when nothing else names one
