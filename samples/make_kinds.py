#!/usr/bin/env python3
"""Variants of the real-agency document kinds (issue 11), in text, Word and PDF, with their gold JSON.

``tests/data/cases/real-kinds`` holds one small document per kind of layout feature that real IKI,
IKU and Perjanjian Kinerja documents use. This script writes *other* documents of the same kinds —
other wordings, other agencies and provinces, other layouts — so that the parser's rules are tested
on more than the one example each kind came with:

* ``ka`` unit labels: ``Nama Seksi :``, a heading that names the unit, ``Nama Unit : … / Kerja`` broken
  over two lines, ``Nama Jabatan`` with ``Unit Organisasi``, list items past ``z.``, ``1. …; 2. …`` on one
  line, a ``Keterangan :`` note under a table;
* ``kb`` a Perjanjian Kinerja that names the parties before their Nama / Jabatan (``PIHAK PERTAMA`` …),
  a target table with SATUAN, a budget table that is no indicator table;
* ``kc`` an IKI named only above the signer's name (a supervisor's ``Mengetahui`` block beside it);
* ``kd`` a provincial IKU with a two-row header (TARGET over one column per year), DEFINISI
  OPERASIONAL / CARA PERHITUNGAN / TIPE PERHITUNGAN / PIC, a period title ``TAHUN 2022 - 2024``, an
  agency name over two lines, and a URAIAN / ALASAN / RUMUS table with sub-indicator numbers;
* ``ke`` converter text: one cell line per paragraph without blank lines, header cells one per line and
  the columns as blocks, a whole page flattened into one paragraph (text only);
* ``kf`` the second file of an IKU: a headerless Word table on a finer grid, its signature row last,
  the title page after it;
* ``kg`` a provincial document whose year comes from ``Tanggal``, with a kabupaten named in running text.

Text files are written here; Word files with python-docx (``samples/make_docx.py``'s deterministic
saving); PDFs by LibreOffice from those Word files (``--pdf``, needs ``soffice``), and ``pdftotext
-layout`` text of two of them (``--layout``, needs poppler-utils). The list and table renderers of
``samples/render_text.py`` write the plain tab / cell-dump tables. All content is invented.

    python samples/make_kinds.py -o tests/data/kinds_variants [--pdf] [--layout]
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_docx import _fixed_core, _save_deterministic, _strip_thumbnail  # noqa: E402
from render_text import TABLE_RENDERERS, CellMarkup, ListStyle, TablePrefs, missing_values, render_list  # noqa: E402

# ----------------------------------------------------------------------------- gold helpers


def ind(seq, indikator, sasaran=None, penjelasan=None, formula_raw=None, formulas=(), sumber=None, pj=None,
        satuan=None, target=None, notes=None):
    return {"seq": seq, "sasaran": sasaran, "indikator": indikator, "penjelasan": penjelasan,
            "formula_raw": formula_raw, "formulas": list(formulas), "sumber_data": sumber,
            "penanggung_jawab": pj, "satuan": satuan, "target": target, "ambiguous": False, "notes": notes}


def ratio(num, den, mult=None, unit=None):
    return {"type": "ratio", "numerator": num, "denominator": den, "multiplier": mult, "unit": unit}


def count(what):
    return {"type": "count", "numerator": what, "denominator": None, "multiplier": None, "unit": None}


def pos(seq, kind, jabatan, year, indicators, tugas=(), fungsi=(), instansi=None, notes=None):
    return {"seq": seq, "kind": kind, "jabatan": jabatan, "instansi": instansi, "year": year,
            "tugas": list(tugas), "fungsi": list(fungsi), "butir_kegiatan": [], "hasil_kerja": [],
            "program": None, "indicators": indicators, "notes": notes}


def gold(source, region, agency, year, positions):
    return {"source": source, "part": None, "region": region, "agency": agency, "year": year,
            "positions": positions}


# ----------------------------------------------------------------------------- a small layout model
# A document is a list of parts:
#   ("title", text)                      centred bold line
#   ("line", text)                       paragraph
#   ("labels", [(label, value), ...])    label block; value is a string or a list of items
#   ("table", header_rows, rows, opts)   header_rows: [[(text, colspan), ...]]; rows: [[cell, ...]] ("\n" =
#                                        paragraphs; None = merged with the cell above)
#   ("signature", [[lines], [lines]])    signature blocks side by side
#   ("break",)                           page break

TOPICS = ["rencana kerja seksi", "bahan kebijakan teknis", "data produksi", "laporan bulanan", "laporan triwulan",
          "usulan anggaran", "bahan koordinasi", "bahan pembinaan", "bahan evaluasi", "kegiatan sosialisasi",
          "bahan rapat koordinasi", "laporan tahunan", "bahan pengawasan", "inventaris barang", "arsip seksi",
          "bahan standar pelayanan", "bahan monitoring", "laporan kinerja", "bahan pelatihan", "data kelompok tani",
          "bahan penyuluhan", "laporan kegiatan lapangan", "rekap data harga", "bahan pameran", "laporan realisasi",
          "bahan sertifikasi", "usulan kegiatan fisik", "bahan telaahan staf"]


def ka():
    """Unit labels of every kind, in a kabupaten's IKU per seksi."""
    tugas4 = [f"Menyiapkan {t} Bidang Tanaman Pangan dan Hortikultura" for t in TOPICS]
    g = gold("ka_unit_labels", "Kabupaten Banyumas", "Dinas Pertanian dan Ketahanan Pangan", 2022, [
        pos(1, "IKI", "Seksi Perbenihan dan Proteksi Tanaman", 2022, [
            ind(1, "Jumlah benih padi bersertifikat yang disalurkan (ton)",
                sasaran="Meningkatnya ketersediaan benih padi bersertifikat",
                sumber="Laporan Seksi Perbenihan", notes="numbering 1.1 stripped"),
            ind(2, "Persentase serangan OPT yang dikendalikan",
                sasaran="Meningkatnya ketersediaan benih padi bersertifikat",
                formula_raw="Luas serangan OPT yang dikendalikan / luas serangan OPT x 100%",
                formulas=[ratio("Luas serangan OPT yang dikendalikan", "luas serangan OPT", 100, "%")],
                sumber="Laporan Petugas POPT")],
            tugas=["Melaksanakan penyiapan bahan pembinaan perbenihan dan perlindungan tanaman."],
            fungsi=["Penyusunan rencana kebutuhan benih", "Pelaksanaan pengamatan organisme pengganggu tumbuhan"],
            notes="'Nama Seksi :'; FUNGSI items '1. …; 2. …' on one line; 'Keterangan :' under the table is a note"),
        pos(2, "IKI", "SUB BAGIAN PERENCANAAN DAN KEUANGAN", 2022, [
            ind(1, "Persentase realisasi anggaran dinas", sasaran="Meningkatnya akuntabilitas keuangan dinas",
                formula_raw="Realisasi anggaran / pagu anggaran x 100%",
                formulas=[ratio("Realisasi anggaran", "pagu anggaran", 100, "%")], sumber="Laporan Realisasi Anggaran")],
            tugas=["Menyiapkan bahan penyusunan program, anggaran dan pelaporan keuangan dinas."],
            notes="named only by the heading 'INDIKATOR KINERJA UTAMA SUB BAGIAN PERENCANAAN DAN KEUANGAN'"),
        pos(3, "IKI", "Seksi Penyuluhan Pertanian", 2022, [
            ind(1, "Jumlah kelompok tani yang naik kelas kemampuan",
                sasaran="Meningkatnya kapasitas kelembagaan petani", sumber="Laporan Balai Penyuluhan")],
            tugas=["Melaksanakan penyiapan bahan penyuluhan pertanian."],
            notes="label 'Nama Unit Kerja' broken over two lines ('Nama Unit :' / 'Kerja')"),
        pos(4, "IKI", "Kepala Bidang Tanaman Pangan dan Hortikultura", 2022, [
            ind(1, "Produktivitas padi (kuintal per hektar)", sasaran="Meningkatnya produksi tanaman pangan",
                sumber="Angka Tetap BPS")],
            tugas=tugas4, instansi="Bidang Tanaman Pangan dan Hortikultura",
            notes="'Nama Jabatan' and 'Unit Organisasi'; TUGAS items past z. (aa., ab.)"),
    ])
    head = [[("NO", 1), ("SASARAN", 1), ("INDIKATOR KINERJA", 1), ("FORMULA", 1), ("SUMBER DATA", 1)]]
    labels4 = [("Nama Jabatan", "Kepala Bidang Tanaman Pangan dan Hortikultura"),
               ("Unit Organisasi", "Bidang Tanaman Pangan dan Hortikultura"), ("Tugas", tugas4)]
    parts = [
        ("title", "PEMERINTAH KABUPATEN BANYUMAS"), ("title", "DINAS PERTANIAN DAN KETAHANAN PANGAN"),
        ("title", "INDIKATOR KINERJA UTAMA SEKSI"), ("title", "TAHUN 2022"),
        ("labels", [("Nama Seksi", "Seksi Perbenihan dan Proteksi Tanaman"),
                    ("Tugas Pokok", "Melaksanakan penyiapan bahan pembinaan perbenihan dan perlindungan tanaman."),
                    ("Fungsi", "1. Penyusunan rencana kebutuhan benih; 2. Pelaksanaan pengamatan organisme "
                               "pengganggu tumbuhan")]),
        ("table", head, [["1", "Meningkatnya ketersediaan benih padi bersertifikat",
                          "1.1 Jumlah benih padi bersertifikat yang disalurkan (ton)", "", "Laporan Seksi Perbenihan"],
                         ["", None, "1.2 Persentase serangan OPT yang dikendalikan",
                          "Luas serangan OPT yang dikendalikan / luas serangan OPT x 100%", "Laporan Petugas POPT"]], {}),
        ("line", "Keterangan : data diambil dari laporan bulanan petugas lapangan."),
        ("title", "INDIKATOR KINERJA UTAMA SUB BAGIAN PERENCANAAN DAN KEUANGAN"),
        ("labels", [("Tugas", "Menyiapkan bahan penyusunan program, anggaran dan pelaporan keuangan dinas.")]),
        ("table", head, [["1", "Meningkatnya akuntabilitas keuangan dinas", "Persentase realisasi anggaran dinas",
                          "Realisasi anggaran / pagu anggaran x 100%", "Laporan Realisasi Anggaran"]], {}),
        ("title", "INDIKATOR KINERJA UTAMA SEKSI"),
        ("labels", [("Nama Unit\nKerja", "Seksi Penyuluhan Pertanian"),
                    ("Tugas", "Melaksanakan penyiapan bahan penyuluhan pertanian.")]),
        ("table", head, [["1", "Meningkatnya kapasitas kelembagaan petani",
                          "Jumlah kelompok tani yang naik kelas kemampuan", "", "Laporan Balai Penyuluhan"]], {}),
        ("title", "INDIKATOR KINERJA UTAMA BIDANG"),
        ("labels", labels4),
        ("table", head, [["1", "Meningkatnya produksi tanaman pangan", "Produktivitas padi (kuintal per hektar)", "",
                          "Angka Tetap BPS"]], {}),
    ]
    return g, parts


def kb():
    """Perjanjian Kinerja naming each party before its Nama / Jabatan."""
    g = gold("kb_pk_pihak_pertama", "Kota Pekalongan", "Dinas Komunikasi dan Informatika", 2021, [
        pos(1, "PK", "Kepala Seksi Pengelolaan Informasi Publik", 2021, [
            ind(1, "Jumlah konten informasi publik yang dipublikasikan",
                sasaran="Meningkatnya keterbukaan informasi publik", satuan="konten", target="240"),
            ind(2, "Persentase permohonan informasi yang dilayani tepat waktu",
                sasaran="Meningkatnya keterbukaan informasi publik", satuan="%", target="100")],
            notes="PIHAK PERTAMA named before Nama / Jabatan; PIHAK KEDUA is the supervisor; the budget table is "
                  "no indicator table"),
    ])
    parts = [
        ("title", "PERJANJIAN KINERJA TAHUN 2021"),
        ("title", "DINAS KOMUNIKASI DAN INFORMATIKA KOTA PEKALONGAN"),
        ("line", "Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta "
                 "berorientasi pada hasil, kami yang bertanda tangan di bawah ini :"),
        ("line", "PIHAK PERTAMA"),
        ("labels", [("Nama", "[NAMA]"), ("Jabatan", "Kepala Seksi Pengelolaan Informasi Publik")]),
        ("line", "PIHAK KEDUA"),
        ("labels", [("Nama", "[NAMA]"), ("Jabatan", "Kepala Bidang Informasi dan Komunikasi Publik")]),
        ("line", "selaku atasan langsung pihak pertama."),
        ("line", "Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini."),
        ("table", [[("No", 1), ("Sasaran", 1), ("Indikator Kinerja", 1), ("Satuan", 1), ("Target", 1)]],
         [["1", "Meningkatnya keterbukaan informasi publik", "Jumlah konten informasi publik yang dipublikasikan",
           "konten", "240"],
          ["", None, "Persentase permohonan informasi yang dilayani tepat waktu", "%", "100"]], {}),
        ("table", [[("No", 1), ("Program", 1), ("Anggaran", 1), ("Keterangan", 1)]],
         [["1", "Program Informasi dan Komunikasi Publik", "Rp 250.000.000", "APBD"]], {}),
        ("line", "Pekalongan, 4 Januari 2021"),
        ("signature", [["PIHAK KEDUA,", "", "[NAMA]"], ["PIHAK PERTAMA,", "", "[NAMA]"]]),
    ]
    return g, parts


def kc():
    """An IKI whose position is named only above its signer's name."""
    g = gold("kc_signature_only", "Kota Bandung", "Kecamatan Sukajadi", 2020, [
        pos(1, "IKI", "Kepala Seksi Ketenteraman dan Ketertiban Umum", 2020, [
            ind(1, "Jumlah pelanggaran ketertiban umum yang ditangani",
                sasaran="Terwujudnya ketenteraman dan ketertiban umum",
                penjelasan="Pelanggaran yang dilaporkan masyarakat dan ditindaklanjuti dalam tahun berjalan",
                sumber="Laporan Seksi Trantib"),
            ind(2, "Jumlah patroli wilayah yang dilaksanakan", sasaran="Terwujudnya ketenteraman dan ketertiban umum",
                penjelasan="Patroli rutin bersama Satpol PP dan Linmas", sumber="Buku agenda patroli")],
            notes="no JABATAN label; the title line above the signer's name names the position; the Camat's block "
                  "('Mengetahui') is the supervisor's"),
    ])
    parts = [
        ("title", "PEMERINTAH KOTA BANDUNG"), ("title", "KECAMATAN SUKAJADI"),
        ("title", "INDIKATOR KINERJA INDIVIDU"), ("title", "TAHUN 2020"),
        ("table", [[("NO", 1), ("SASARAN KINERJA", 1), ("INDIKATOR KINERJA INDIVIDU", 1), ("PENJELASAN", 1),
                    ("SUMBER DATA", 1)]],
         [["1", "Terwujudnya ketenteraman dan ketertiban umum", "Jumlah pelanggaran ketertiban umum yang ditangani",
           "Pelanggaran yang dilaporkan masyarakat dan ditindaklanjuti dalam tahun berjalan", "Laporan Seksi Trantib"],
          ["", None, "Jumlah patroli wilayah yang dilaksanakan", "Patroli rutin bersama Satpol PP dan Linmas",
           "Buku agenda patroli"]], {}),
        ("line", "Bandung, 2 Januari 2020"),
        ("signature", [["Mengetahui,", "Camat Sukajadi", "", "[NAMA]", "Pembina", "NIP. [NIP]"],
                       ["", "Kepala Seksi Ketenteraman dan Ketertiban Umum", "", "[NAMA]", "Penata",
                        "NIP. [NIP]"]]),
    ]
    return g, parts


def kd():
    """A provincial IKU: two-row header with one TARGET column per year, other header wordings."""
    year = 2022
    g = gold("kd_headers_multiyear", "Provinsi Kalimantan Timur",
             "Dinas Pemberdayaan Masyarakat dan Pemerintahan Desa, Kependudukan dan Pencatatan Sipil", year, [
                 pos(1, "IKU", None, year, [
                     ind(1, "Persentase desa berstatus mandiri",
                         penjelasan="Desa berstatus mandiri menurut Indeks Desa Membangun TIPE PERHITUNGAN: Kumulatif",
                         formula_raw="Jumlah desa mandiri / jumlah desa x 100%",
                         formulas=[ratio("Jumlah desa mandiri", "jumlah desa", 100, "%")],
                         satuan="%", target="12", pj="Bidang Pemerintahan Desa",
                         notes="TARGET spans 2022 | 2023 | 2024: the target of the position's year (2022, the period's "
                               "first year) is target_raw; TIPE PERHITUNGAN kept with the penjelasan, labelled"),
                     ind(2, "Jumlah dokumen kependudukan yang diterbitkan",
                         penjelasan="Dokumen KK, KTP-el dan akta yang diterbitkan dalam tahun berjalan "
                                    "TIPE PERHITUNGAN: Non-kumulatif",
                         formula_raw="Σ dokumen kependudukan yang diterbitkan",
                         formulas=[count("dokumen kependudukan yang diterbitkan")],
                         satuan="dokumen", target="450.000", pj="Bidang Pelayanan Pendaftaran Penduduk")],
                     notes="header over two rows; column-number row"),
                 pos(2, "IKU", None, year, [
                     ind(1, "Jumlah BUMDes yang berstatus maju",
                         penjelasan="BUMDes menggerakkan ekonomi desa.",
                         formula_raw="Σ BUMDes berstatus maju", formulas=[count("BUMDes berstatus maju")],
                         sumber="Laporan Bidang Usaha Ekonomi Desa", notes="numbering 1.3.1 stripped"),
                     ind(2, "Jumlah kader pemberdayaan masyarakat desa yang dilatih",
                         penjelasan="Kader menjadi penggerak pembangunan desa.", sumber="Daftar hadir pelatihan",
                         notes="numbering 1.3.2 stripped")],
                     notes="URAIAN = indicator, ALASAN = penjelasan, RUMUS = formula"),
             ])
    head = [[("NO", 1), ("INDIKATOR KINERJA", 1), ("DEFINISI OPERASIONAL", 1), ("CARA PERHITUNGAN", 1),
             ("TIPE PERHITUNGAN", 1), ("SATUAN", 1), ("TARGET", 3), ("PIC", 1)],
            [("", 1), ("", 1), ("", 1), ("", 1), ("", 1), ("", 1), ("2022", 1), ("2023", 1), ("2024", 1), ("", 1)],
            [(f"({i})", 1) for i in range(1, 11)]]
    rows = [["1", "Persentase desa berstatus mandiri", "Desa berstatus mandiri menurut Indeks Desa Membangun",
             "Jumlah desa mandiri / jumlah desa x 100%", "Kumulatif", "%", "12", "15", "18", "Bidang Pemerintahan Desa"],
            ["2", "Jumlah dokumen kependudukan yang diterbitkan",
             "Dokumen KK, KTP-el dan akta yang diterbitkan dalam tahun berjalan",
             "Σ dokumen kependudukan yang diterbitkan", "Non-kumulatif", "dokumen", "450.000", "460.000", "470.000",
             "Bidang Pelayanan Pendaftaran Penduduk"]]
    parts = [
        ("title", "PEMERINTAH PROVINSI KALIMANTAN TIMUR"),
        ("title", "DINAS PEMBERDAYAAN MASYARAKAT DAN PEMERINTAHAN DESA,"),
        ("title", "KEPENDUDUKAN DAN PENCATATAN SIPIL"),
        ("title", "INDIKATOR KINERJA UTAMA TAHUN 2022 - 2024"),
        ("table", head, rows, {"merge_header": True}),
        ("line", "Capaian dihitung dari laporan kabupaten, termasuk data dari Kabupaten Kutai Kartanegara dan "
                 "kota yang dikirim setiap triwulan."),
        ("title", "INDIKATOR KINERJA UTAMA"),
        ("table", [[("NO.", 1), ("URAIAN", 1), ("ALASAN", 1), ("RUMUS", 1), ("SUMBER DATA", 1)]],
         [["1.3.1", "Jumlah BUMDes yang berstatus maju", "BUMDes menggerakkan ekonomi desa.", "Σ BUMDes berstatus maju",
           "Laporan Bidang Usaha Ekonomi Desa"],
          ["1.3.2", "Jumlah kader pemberdayaan masyarakat desa yang dilatih",
           "Kader menjadi penggerak pembangunan desa.", "", "Daftar hadir pelatihan"]], {}),
    ]
    return g, parts


def kf():
    """The second file of an IKU: a headerless table on a finer grid, signature last, title page after it."""
    g = gold("kf_continuation_grid", "Kabupaten Sleman", "Dinas Lingkungan Hidup", 2019, [
        pos(1, "IKU", None, 2019, [
            ind(1, "Persentase sampah rumah tangga yang terkelola", sasaran="Meningkatnya pengelolaan sampah",
                formula_raw="Volume sampah terkelola / volume timbulan sampah x 100%",
                formulas=[ratio("Volume sampah terkelola", "volume timbulan sampah", 100, "%")],
                sumber="Laporan Bank Sampah", pj="Bidang Pengelolaan Sampah"),
            ind(2, "Indeks Kualitas Air", sasaran="Meningkatnya kualitas lingkungan hidup",
                penjelasan="Dihitung dari pemantauan sungai dua kali setahun", sumber="Laboratorium Lingkungan",
                pj="Bidang Pengendalian Pencemaran")],
            notes="headerless continuation on a 9-column grid; signature row last; title page after the table"),
    ])
    parts = [
        ("table", None, [["8", "Meningkatnya pengelolaan sampah", "Persentase sampah rumah tangga yang terkelola",
                          "Volume sampah terkelola / volume timbulan sampah x 100%", "Laporan Bank Sampah",
                          "Bidang Pengelolaan Sampah"],
                         ["9", "Meningkatnya kualitas lingkungan hidup", "Indeks Kualitas Air",
                          "Dihitung dari pemantauan sungai dua kali setahun", "Laboratorium Lingkungan",
                          "Bidang Pengendalian Pencemaran"]],
         {"grid": [1, 1, 1, 2, 2, 2], "signature": "Sleman,           2018\nKEPALA DINAS,\n\n[NAMA]\nNIP. [NIP]"}),
        ("break",),
        ("title", "INDIKATOR KINERJA UTAMA"), ("title", "TAHUN 2019"),
        ("title", "DINAS LINGKUNGAN HIDUP KABUPATEN SLEMAN"),
    ]
    return g, parts


def kg():
    """A provincial IKI dated by 'Tanggal', a kabupaten named only in running text."""
    g = gold("kg_tanggal_running_text", "Provinsi Jambi", "Dinas Kesehatan", 2017, [
        pos(1, "IKI", "Kepala Seksi Surveilans dan Imunisasi", 2017, [
            ind(1, "Persentase bayi yang mendapat imunisasi dasar lengkap",
                sasaran="Meningkatnya cakupan imunisasi",
                formula_raw="Jumlah bayi diimunisasi lengkap / jumlah bayi x 100%",
                formulas=[ratio("Jumlah bayi diimunisasi lengkap", "jumlah bayi", 100, "%")],
                sumber="Laporan imunisasi kabupaten/kota")],
            tugas=["Menyiapkan bahan pelaksanaan surveilans penyakit dan imunisasi."]),
    ])
    parts = [
        ("title", "DINAS KESEHATAN PROVINSI JAMBI"),
        ("title", "INDIKATOR KINERJA INDIVIDU"),
        ("labels", [("Nomor", "440/125/Dinkes"), ("Tanggal", "          2017")]),
        ("line", "Indikator ini disusun dengan memperhatikan laporan daerah, antara lain dari Kabupaten Kerinci yang "
                 "menjadi lokasi percontohan surveilans."),
        ("labels", [("Jabatan", "Kepala Seksi Surveilans dan Imunisasi"),
                    ("Tugas", "Menyiapkan bahan pelaksanaan surveilans penyakit dan imunisasi.")]),
        ("table", [[("NO", 1), ("SASARAN", 1), ("INDIKATOR KINERJA", 1), ("FORMULASI", 1), ("SUMBER DATA", 1)]],
         [["1", "Meningkatnya cakupan imunisasi", "Persentase bayi yang mendapat imunisasi dasar lengkap",
           "Jumlah bayi diimunisasi lengkap / jumlah bayi x 100%", "Laporan imunisasi kabupaten/kota"]], {}),
    ]
    return g, parts


DOCS = [ka, kb, kc, kd, kf, kg]


# ----------------------------------------------------------------------------- converter-text-only kinds


def ke():
    """Text that sharing sites make from PDFs: three files of three kinds."""
    out = []
    g1 = gold("ke_cells_no_blank", None, "Kecamatan Lowokwaru", None, [
        pos(1, "IKI", "Sekretaris Kecamatan", None, [
            ind(1, "Persentase dokumen perencanaan kecamatan yang disusun tepat waktu",
                sasaran="Meningkatnya kualitas perencanaan kecamatan",
                penjelasan="Catatan : dokumen meliputi Renstra, Renja dan RKA.",
                sumber="Arsip Sub Bagian Perencanaan"),
            ind(2, "Nilai SAKIP kecamatan", sasaran="Terwujudnya akuntabilitas kinerja kecamatan",
                sumber="Laporan Hasil Evaluasi Inspektorat")],
            tugas=["Mengoordinasikan penyusunan program dan pelaporan Kecamatan Lowokwaru."]),
    ])
    t1 = ["INDIKATOR KINERJA INDIVIDU", "JABATAN : Sekretaris Kecamatan",
          "TUGAS : Mengoordinasikan penyusunan program dan pelaporan Kecamatan Lowokwaru.",
          "SASARAN STRATEGIS", "INDIKATOR KINERJA", "PENJELASAN", "SUMBER DATA",
          "Meningkatnya kualitas", "perencanaan kecamatan", "Persentase dokumen", "perencanaan kecamatan yang",
          "disusun tepat waktu", "Arsip Sub Bagian", "Perencanaan", "Catatan :", "dokumen meliputi Renstra,",
          "Renja dan RKA.", "Terwujudnya akuntabilitas", "kinerja kecamatan", "Nilai SAKIP kecamatan",
          "Laporan Hasil Evaluasi", "Inspektorat"]
    out.append((g1, "\n".join(t1) + "\n"))
    g2 = gold("ke_columns_as_blocks", "Kabupaten Gianyar", "Dinas Pariwisata", 2023, [
        pos(1, "IKI", "Kepala Seksi Destinasi Wisata", 2023, [
            ind(k + 1, name, sasaran="Meningkatnya daya tarik destinasi wisata daerah", penjelasan=pen, sumber=src)
            for k, (name, pen, src) in enumerate([
                ("Jumlah destinasi wisata yang tersertifikasi CHSE", "Sertifikat diterbitkan oleh kementerian",
                 "Laporan Seksi Destinasi"),
                ("Persentase destinasi wisata yang memiliki pengelola", "Pengelola berbadan hukum atau pokdarwis",
                 "Data Pokdarwis Kabupaten"),
                ("Jumlah kunjungan wisatawan nusantara", "Dihitung dari penjualan tiket masuk objek wisata",
                 "Laporan Retribusi Objek Wisata")])],
            fungsi=["Penyiapan bahan pengembangan destinasi", "Pelaksanaan pembinaan pengelola daya tarik wisata",
                    "Pelaksanaan pendataan kunjungan"]),
    ])
    t2 = ["PEMERINTAH KABUPATEN GIANYAR", "DINAS PARIWISATA", "INDIKATOR KINERJA INDIVIDU TAHUN 2023", "",
          "Jabatan : Kepala Seksi Destinasi Wisata", "",
          "Fungsi : a. Penyiapan bahan pengembangan destinasi; b. Pelaksanaan pembinaan pengelola daya tarik wisata; "
          "c. Pelaksanaan pendataan kunjungan", "",
          "SASARAN KINERJA", "INDIKATOR KINERJA", "PENJELASAN", "SUMBER DATA", "",
          "Meningkatnya daya tarik destinasi wisata daerah",
          "1. Jumlah destinasi wisata yang tersertifikasi CHSE",
          "2. Persentase destinasi wisata yang memiliki pengelola", "3. Jumlah kunjungan wisatawan nusantara",
          "Sertifikat diterbitkan oleh kementerian", "Pengelola berbadan hukum atau pokdarwis",
          "Dihitung dari penjualan tiket masuk objek wisata",
          "Laporan Seksi Destinasi", "Data Pokdarwis Kabupaten", "Laporan Retribusi Objek Wisata"]
    out.append((g2, "\n".join(t2) + "\n"))
    g3 = gold("ke_page_one_paragraph", None, None, None, [
        pos(1, "IKI", "KEPALA SUB BAGIAN UMUM", None, [
            ind(1, "Persentase surat keluar yang diarsipkan secara elektronik",
                sasaran="Meningkatnya tertib administrasi persuratan",
                sumber="Aplikasi Srikandi"),
            ind(2, "Jumlah pegawai yang mengikuti pembinaan disiplin",
                sasaran="Meningkatnya tertib administrasi persuratan", sumber="Daftar hadir pembinaan")],
            tugas=["menyiapkan bahan urusan umum, persuratan dan kepegawaian"],
            fungsi=["penyelenggaraan urusan persuratan", "penyelenggaraan urusan kepegawaian"]),
    ])
    t3 = ("INDIKATOR KINERJA INDIVIDU 1. JABATAN : KEPALA SUB BAGIAN UMUM 2. TUGAS : menyiapkan bahan urusan umum, "
          "persuratan dan kepegawaian 3. FUNGSI : a. penyelenggaraan urusan persuratan; b. penyelenggaraan urusan "
          "kepegawaian KINERJA INDIKATOR KINERJA SUMBER DATA Meningkatnya tertib administrasi persuratan "
          "1. Persentase surat keluar yang diarsipkan secara elektronik 2. Jumlah pegawai yang mengikuti pembinaan "
          "disiplin Aplikasi Srikandi Daftar hadir pembinaan\n")
    out.append((g3, t3))
    return out


# ----------------------------------------------------------------------------- text rendering


def _label_lines(labels, rng, width=18):
    lines = []
    for label, value in labels:
        name = label.split("\n")
        if isinstance(value, list):
            lines.append(f"{name[0]:<{width}}:")
            st = ListStyle(rng, md=False)
            st.label, st.wrap_p, st.nest_p, st.indent = "alpha", 0.0, 0.0, " " * 4
            lines += render_list(value, st, rng)
        else:
            lines.append(f"{name[0]:<{width}}:   {value}")
        lines += name[1:]  # the rest of a label broken over two lines
    return lines


def _text_table(header, rows, opts, rng, style):
    """A table as converter text: the single-row headers through render_text's renderers, the rest as tab rows."""
    carried = [list(r) for r in rows]
    for r, row in enumerate(carried):
        carried[r] = ["" if c is None else c.replace("\n", " ") for c in row]
    if header is not None and len(header) == 1 and style in TABLE_RENDERERS:
        cols = [(f"c{i}", text) for i, (text, _) in enumerate(header[0])]
        body = [{"cells": {f"c{i}": [c] if c else [] for i, c in enumerate(row)}, "stack": None} for row in carried]
        tp = TablePrefs(rng, style)
        tp.numrow, tp.break_p = None, 0.0
        mk = CellMarkup(rng, style, md=False)
        mk.join = "space"
        return TABLE_RENDERERS[style](cols, body, rng, tp, mk)
    lines = []
    for hrow in header or []:
        cells = []
        for text, span in hrow:
            cells += [text] + [""] * (span - 1)
        lines.append("\t".join(cells))
    lines += ["\t".join(r) for r in carried]
    if opts.get("signature"):
        lines += ["", *opts["signature"].split("\n")]
    return lines


def render_txt(parts, rng, style="tab") -> str:
    lines: list[str] = []
    for part in parts:
        kind = part[0]
        if kind in ("title", "line"):
            lines.append(part[1])
        elif kind == "labels":
            lines += _label_lines(part[1], rng)
        elif kind == "table":
            lines += [""] + _text_table(part[1], part[2], part[3], rng, style) + [""]
        elif kind == "signature":
            for block in part[1]:
                lines += [x for x in block if x] + [""]
        elif kind == "break":
            lines.append("\f")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------------------- Word rendering


def _no_borders(table):
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "none")
        el.set(qn("w:sz"), "0")
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "auto")
        borders.append(el)
    table._tbl.tblPr.append(borders)


def _fill(cell, text):
    parts = (text or "").split("\n")
    cell.text = parts[0]
    for extra in parts[1:]:
        cell.add_paragraph(extra)


def _docx_table(d, header, rows, opts):
    grid = opts.get("grid") or [1] * len(rows[0])
    n_cols = sum(grid) if header is None else sum(span for _, span in header[0])
    n_rows = len(header or []) + len(rows) + (1 if opts.get("signature") else 0)
    t = d.add_table(rows=n_rows, cols=n_cols)
    t.style = "Table Grid"
    r0 = 0
    for hrow in header or []:
        c = 0
        for text, span in hrow:
            cell = t.cell(r0, c) if span == 1 else t.cell(r0, c).merge(t.cell(r0, c + span - 1))
            if text:
                _fill(cell, text)
            c += span
        r0 += 1
    if header and len(header) > 1 and opts.get("merge_header"):
        for c in range(n_cols):  # a header cell with nothing under it spans both header rows
            if not t.cell(1, c).text and t.cell(0, c).text and t.cell(0, c)._tc is not t.cell(0, min(c + 1, n_cols - 1))._tc:
                t.cell(0, c).merge(t.cell(1, c))
    for r, row in enumerate(rows):
        c = 0
        for text, span in zip(row, grid):
            if text is None:
                t.cell(r0 + r - 1, c).merge(t.cell(r0 + r, c))
            else:
                cell = t.cell(r0 + r, c) if span == 1 else t.cell(r0 + r, c).merge(t.cell(r0 + r, c + span - 1))
                _fill(cell, text)
            c += span
    if opts.get("signature"):
        last = n_rows - 1
        t.cell(last, 0).merge(t.cell(last, n_cols // 2 - 1))
        _fill(t.cell(last, n_cols // 2).merge(t.cell(last, n_cols - 1)), opts["signature"])


def render_docx(parts, path: Path, title: str):
    d = Document()
    _strip_thumbnail(d)
    st = d.styles["Normal"]
    st.font.name = "Arial"
    st.font.size = Pt(10)
    if any(p[0] == "table" and p[1] and sum(span for _, span in p[1][0]) > 7 for p in parts):
        sec = d.sections[0]  # a wide table: landscape pages
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
        st.font.size = Pt(8)
    for part in parts:
        kind = part[0]
        if kind == "title":
            p = d.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.add_run(part[1]).bold = True
        elif kind == "line":
            d.add_paragraph(part[1])
        elif kind == "labels":
            t = d.add_table(rows=len(part[1]), cols=3)
            _no_borders(t)
            for r, (label, value) in enumerate(part[1]):
                _fill(t.cell(r, 0), label)
                _fill(t.cell(r, 1), ":")
                if isinstance(value, list):
                    letters = [chr(97 + k) if k < 26 else "a" + chr(97 + k - 26) for k in range(len(value))]
                    value = "\n".join(f"{lab}. {v}" for lab, v in zip(letters, value))
                _fill(t.cell(r, 2), value)
        elif kind == "table":
            d.add_paragraph()
            _docx_table(d, part[1], part[2], part[3])
        elif kind == "signature":
            t = d.add_table(rows=1, cols=len(part[1]))
            _no_borders(t)
            for c, block in enumerate(part[1]):
                _fill(t.cell(0, c), "\n".join(block))
        elif kind == "break":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _fixed_core(d, title, "iki samples")
    _save_deterministic(d, path)


# ----------------------------------------------------------------------------- main


def _write_gold(g: dict, path: Path, source: str) -> None:
    g = copy.deepcopy(g)
    g["source"] = source
    path.write_text(json.dumps(g, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--out", default="tests/data/kinds_variants")
    ap.add_argument("--pdf", action="store_true", help="also convert each .docx to .pdf with LibreOffice")
    ap.add_argument("--layout", action="store_true", help="also write pdftotext -layout text of ka and kd")
    a = ap.parse_args(argv)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    problems = []
    styles = {"ka": "tab", "kb": "tab", "kc": "cells", "kd": "tab", "kf": "tab", "kg": "pipe"}
    for make in DOCS:
        g, parts = make()
        stem = g["source"]
        rng = random.Random(stem)
        style = styles[stem[:2]]
        text = render_txt(parts, rng, style)
        suffix = ".md" if style == "pipe" else ".txt"
        (out / f"{stem}_txt{suffix}").write_text(text, encoding="utf-8")
        _write_gold(g, out / f"{stem}_txt.json", f"{stem}_txt{suffix}")
        # a TIPE PERHITUNGAN column is kept in the penjelasan under its header's name, not as written
        problems += [f"{stem}: {m}" for m in missing_values(g, text) if " TIPE" not in m]
        render_docx(parts, out / f"{stem}_docx.docx", stem)
        _write_gold(g, out / f"{stem}_docx.json", f"{stem}_docx.docx")
        if a.pdf:
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to",
                                "pdf", "--outdir", tmp, str(out / f"{stem}_docx.docx")], check=True,
                               capture_output=True, timeout=180)
                shutil.copy(Path(tmp) / f"{stem}_docx.pdf", out / f"{stem}_pdf.pdf")
            _write_gold(g, out / f"{stem}_pdf.json", f"{stem}_pdf.pdf")
            if a.layout and stem[:2] in ("ka", "kd"):
                lay = subprocess.run(["pdftotext", "-layout", str(out / f"{stem}_pdf.pdf"), "-"], check=True,
                                     capture_output=True, text=True).stdout
                (out / f"{stem}_layout.txt").write_text(lay, encoding="utf-8")
                _write_gold(g, out / f"{stem}_layout.json", f"{stem}_layout.txt")
    for g, text in ke():
        (out / f"{g['source']}.txt").write_text(text, encoding="utf-8")
        _write_gold(g, out / f"{g['source']}.json", f"{g['source']}.txt")
        problems += [f"{g['source']}: {m}" for m in missing_values(g, text)]
    for p in problems:
        print("check:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
