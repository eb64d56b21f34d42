"""The formula grammar (normalize/formula.py), one row per shape: every shape the seeds use and every
shape of issue 12, in text, Word (OMML read as LaTeX, stacked paragraphs, a border read as a bar) and
PDF form (lines broken by the page, a drawn bar read as ``_____``)."""
import pytest

from normalize.formula import (SHAPES, Formula, canonical, find_formula, fold_notation, formulas_equal,
                               latex_to_text, parse_formula, split_cell)
from schema.warnings import warning_code

LATEX_RATIO = r"$\frac{\text{Jumlah Pegawai yang dilayani}}{\text{Jumlah Pegawai}} \times 100\%$"
PMKS = ("Penyandang Masalah Kesejahteraan Sosial yang selanjutnya disebut PMKS adalah perseorangan, keluarga, "
        "kelompok, dan/atau masyarakat yang tidak dapat melaksanakan fungsi sosialnya.")

R = "ratio"
# (id, cell, indikator, (type, numerator, denominator, multiplier, unit), penjelasan, shape, warning codes)
CELLS = [
    # ---- the seeds' shapes ------------------------------------------------------------------------
    ("latex_ratio", LATEX_RATIO, None, (R, "Jumlah Pegawai yang dilayani", "Jumlah Pegawai", 100, "%"),
     None, "latex_fraction", set()),
    ("latex_ratio_sigma_fx", r"$f(x) = \frac{\sum \text{PMKS dilayani}}{\sum \text{PMKS terdata}} \times 100 \%$",
     None, (R, "PMKS dilayani", "PMKS terdata", 100, "%"), None, "latex_fraction", set()),
    ("latex_ratio_implied_percent", r"$\frac{\text{Jumlah A}}{\text{Jumlah B}} \times 100$", "Persentase A",
     (R, "Jumlah A", "Jumlah B", 100, "%"), None, "latex_fraction", set()),
    ("latex_ratio_no_percent", r"$\frac{\text{Jumlah A}}{\text{Jumlah B}} \times 100$", "Jumlah A",
     (R, "Jumlah A", "Jumlah B", 100, None), None, "latex_fraction", set()),
    ("latex_dfrac", r"$\dfrac{A}{B}$", None, (R, "A", "B", None, None), None, "latex_fraction", set()),
    ("labelled_latex", "Formulasi Penghitungan : " + LATEX_RATIO, None,
     (R, "Jumlah Pegawai yang dilayani", "Jumlah Pegawai", 100, "%"), None, "latex_fraction", set()),
    ("labelled_both", "Penjelasan : PMKS adalah perseorangan.\nFormulasi Pengitungan :\n" + LATEX_RATIO, None,
     (R, "Jumlah Pegawai yang dilayani", "Jumlah Pegawai", 100, "%"), "PMKS adalah perseorangan.",
     "latex_fraction", set()),
    ("sigma_latex_outside", r"$f(x) = \Sigma$ Penyandang Disabilitas yang dibantu", None,
     ("count", "Penyandang Disabilitas yang dibantu", None, None, None), None, "sigma_count", set()),
    ("sigma_latex_inside", r"$f(x) = \Sigma \text{ODHA yang mendapatkan bantuan}$", None,
     ("count", "ODHA yang mendapatkan bantuan", None, None, None), None, "sigma_count", set()),
    ("sigma_sum", r"$f(x) = \sum \text{Anak Sekolah}$", None, ("count", "Anak Sekolah", None, None, None), None,
     "sigma_count", set()),
    ("sigma_html_math", "<b>Penjelasan :</b> Jumlah KPM yang terfasilitasi\nFormulasi Penghitungan : "
     "$f(x) = \\sum$ Masyarakat", None, ("count", "Masyarakat", None, None, None), "Jumlah KPM yang terfasilitasi",
     "sigma_count", set()),
    ("sigma_text_slashes", "f(x) = Σ Dokumen SPP UP/GU/TU dan LS", None,
     ("count", "Dokumen SPP UP/GU/TU dan LS", None, None, None), None, "sigma_count", set()),
    ("sigma_n_ary", "F(x) : ∑ Dokumen yang disusun", None, ("count", "Dokumen yang disusun", None, None, None), None,
     "sigma_count", set()),
    ("sigma_wrapped", "f(x) = ∑ Klien yang\npernah direhabilitasi di Shelter", None,
     ("count", "Klien yang pernah direhabilitasi di Shelter", None, None, None), None, "sigma_count", set()),
    ("sigma_after_list_penjelasan", "Penjelasan : - Tuna Susila adalah x.\n- Gelandangan adalah y. Formulasi "
     "Penghitungan : $f(x) = \\Sigma \\text{Tuna Sosial}$", None, ("count", "Tuna Sosial", None, None, None),
     "Tuna Susila adalah x. Gelandangan adalah y.", "sigma_count", set()),
    ("quantity_count", "Jumlah barang cetakan dan penggandaan", None,
     ("count", "barang cetakan dan penggandaan", None, None, None), None, "quantity", {"formula_inferred"}),
    ("quantity_before_labelled_penjelasan", "Jumlah Laporan Formulasi Sajian Analisis. Penjelasan : Laporan yang "
     "berisi formulasi.", None, ("count", "Laporan Formulasi Sajian Analisis.", None, None, None),
     "Laporan yang berisi formulasi.", "quantity", {"formula_inferred"}),
    ("inline_slash", "Jumlah Kegiatan terlaksana / Jumlah kegiatan direncanakan x 100%", None,
     (R, "Jumlah Kegiatan terlaksana", "Jumlah kegiatan direncanakan", 100, "%"), None, "inline", set()),
    ("inline_colon_brackets", "(Jumlah A : Jumlah B) X 100", "Persentase A", (R, "Jumlah A", "Jumlah B", 100, "%"),
     None, "inline", set()),
    ("inline_thousand", "Jumlah penduduk miskin / jumlah penduduk x 1.000", None,
     (R, "Jumlah penduduk miskin", "jumlah penduduk", 1000, None), None, "inline", set()),
    ("inline_unspaced_bracketed", "(Realisasi/Target) x 100%", None, (R, "Realisasi", "Target", 100, "%"), None,
     "inline", set()),
    ("stacked_underscores", "Jumlah penanganan eks\n_____ X 100\nJumlah eks", "Persentase penanganan",
     (R, "Jumlah penanganan eks", "Jumlah eks", 100, "%"), None, "stacked", set()),
    ("stacked_fx_bar", "∑ masyarakat yang mendapat bantuan\nf(x) = _____ X 100%\n∑ PMKS yang ada", "Persentase bantuan",
     (R, "masyarakat yang mendapat bantuan", "PMKS yang ada", 100, "%"), None, "stacked", set()),
    ("stacked_bare_x", "Jumlah penanganan PMKS\nX\nJumlah PMKS yang ada", "Persentase penanganan",
     (R, "Jumlah penanganan PMKS", "Jumlah PMKS yang ada", None, None), None, "stacked", set()),
    ("stacked_plain_bar", "Jumlah A\n_____\nJumlah B", None, (R, "Jumlah A", "Jumlah B", None, None), None,
     "stacked", set()),
    ("index", "IDG = 1/3 (IKP + IPP + IPK)", None, ("index", None, None, None, None), None, "index", set()),
    ("index_ipm", "IPM = 1/3 (indeks kesehatan + indeks pendidikan + indeks pengeluaran)", None,
     ("index", None, None, None, None), None, "index", set()),
    # ---- found by what it is: after, between, wrapped ------------------------------------------------
    ("after_penjelasan_inline", PMKS + "\nJumlah PMKS yang sudah mendapatkan Bantuan. / Jumlah PMKS yang terdata "
     "x 100%", "Persentase PMKS", (R, "Jumlah PMKS yang sudah mendapatkan Bantuan.", "Jumlah PMKS yang terdata", 100,
                                   "%"), PMKS, "inline", {"formula_inferred"}),
    ("after_penjelasan_same_line", "Data diambil dari laporan bidang. Jumlah A yang selesai / Jumlah A yang masuk "
     "x 100%", None, (R, "Jumlah A yang selesai", "Jumlah A yang masuk", 100, "%"),
     "Data diambil dari laporan bidang.", "inline", {"formula_inferred"}),
    ("after_penjelasan_no_period", "Semakin tinggi capaian semakin baik kinerja unit\n(Realisasi / Target) x 100",
     "Persentase capaian", (R, "Realisasi", "Target", 100, "%"),
     "Semakin tinggi capaian semakin baik kinerja unit", "inline", {"formula_inferred"}),
    ("after_penjelasan_sigma", "Anak Berkebutuhan Khusus adalah anak dengan keterbatasan.\n"
     "$f(x) = \\Sigma$ Anak Berkebutuhan Khusus yang mendapatkan bantuan", None,
     ("count", "Anak Berkebutuhan Khusus yang mendapatkan bantuan", None, None, None),
     "Anak Berkebutuhan Khusus adalah anak dengan keterbatasan.", "sigma_count", {"formula_inferred"}),
    ("after_penjelasan_latex", "Jumlah PMKS yang direhabilitasi\n$\\frac{\\text{Jumlah PMKS yang direhabilitasi}}"
     "{\\text{Jumlah PMKS}} \\times 100$", "Persentase rehabilitasi",
     (R, "Jumlah PMKS yang direhabilitasi", "Jumlah PMKS", 100, "%"), "Jumlah PMKS yang direhabilitasi",
     "latex_fraction", {"formula_inferred"}),
    ("after_penjelasan_starting_with_jumlah", "Jumlah KPM yang terfasilitasi dalam menerima Bantuan Sosial\n"
     "f(x) = Σ Masyarakat yang mendapatkan bantuan sosial", None,
     ("count", "Masyarakat yang mendapatkan bantuan sosial", None, None, None),
     "Jumlah KPM yang terfasilitasi dalam menerima Bantuan Sosial", "sigma_count", {"formula_inferred"}),
    ("after_penjelasan_quantity", "Laporan yang berisi tentang alternatif kriteria.\nJumlah Laporan Hasil Uji "
     "Alternatif Kriteria dan Model", None,
     ("count", "Laporan Hasil Uji Alternatif Kriteria dan Model", None, None, None),
     "Laporan yang berisi tentang alternatif kriteria.", "quantity", {"formula_inferred"}),
    ("between_two_explanations", "Indikator ini mengukur layanan.\nJumlah A yang selesai / Jumlah A yang masuk "
     "x 100%\nData diambil dari laporan bidang.", "Persentase A",
     (R, "Jumlah A yang selesai", "Jumlah A yang masuk", 100, "%"),
     "Indikator ini mengukur layanan. Data diambil dari laporan bidang.", "inline", {"formula_inferred"}),
    ("between_sigma", "Tuna Susila adalah x.\nf(x) = Σ Tuna Sosial yang mendapatkan bantuan\nGelandangan adalah "
     "orang yang hidup tidak layak.", None, ("count", "Tuna Sosial yang mendapatkan bantuan", None, None, None),
     "Tuna Susila adalah x. Gelandangan adalah orang yang hidup tidak layak.", "sigma_count", {"formula_inferred"}),
    ("between_quantity", "Data dihitung setiap akhir tahun anggaran.\nJumlah lanjut usia yang mendapat "
     "Rehabilitasi\nPengukuran dilakukan per triwulan berdasarkan laporan bidang.", None,
     ("count", "lanjut usia yang mendapat Rehabilitasi", None, None, None),
     "Data dihitung setiap akhir tahun anggaran. Pengukuran dilakukan per triwulan berdasarkan laporan bidang.",
     "quantity", {"formula_inferred"}),
    ("between_stacked", "Indikator ini mengukur layanan.\nJumlah A yang selesai\n_____\nJumlah A yang masuk\n"
     "x 100%\nData dihitung setiap akhir tahun anggaran.", None,
     (R, "Jumlah A yang selesai", "Jumlah A yang masuk", 100, "%"),
     "Indikator ini mengukur layanan. Data dihitung setiap akhir tahun anggaran.", "stacked", {"formula_inferred"}),
    ("wrapped_line_ends_in_slash", "Jumlah Kegiatan yang sudah\nterlaksana /\nJumlah Kegiatan yang seharusnya\n"
     "terlaksana x 100%", None, (R, "Jumlah Kegiatan yang sudah terlaksana",
                                 "Jumlah Kegiatan yang seharusnya terlaksana", 100, "%"), None, "inline", set()),
    ("wrapped_line_starts_with_slash", "Formulasi : Jumlah A yang dilaksanakan\n/ Target B X 100%", "Persentase A",
     (R, "Jumlah A yang dilaksanakan", "Target B", 100, "%"), None, "inline", set()),
    ("wrapped_line_ends_in_x", "Jumlah A yang selesai / Jumlah A yang masuk x\n100%", None,
     (R, "Jumlah A yang selesai", "Jumlah A yang masuk", 100, "%"), None, "inline", set()),
    ("wrapped_line_ends_in_dibagi", "Jumlah pondok wisata bersertifikat dibagi\njumlah pondok wisata yang terdaftar "
     "dikali 100%", None, (R, "Jumlah pondok wisata bersertifikat", "jumlah pondok wisata yang terdaftar", 100, "%"),
     None, "words_divided", {"formula_from_words"}),
    ("wrapped_continuing_term_title_case", "Jumlah Laporan Kinerja dan\nKeuangan yang terselesaikan\n"
     ": Jumlah Laporan Kinerja dan\nKeuangan yang harus diselesaikan)\nX 100%", None,
     (R, "Jumlah Laporan Kinerja dan Keuangan yang terselesaikan",
      "Jumlah Laporan Kinerja dan Keuangan yang harus diselesaikan", 100, "%"), None, "inline", set()),
    ("wrapped_by_page_pdf", "Karang Taruna adalah Organisasi Sosial kemasyarakatan\nsebagai wadah dan sarana "
     "pengembangan setiap\nanggota masyarakat yang tumbuh dan berkembang.\nJumlah Peserta yang mendapatkan "
     "Pelatihan\nKeterampilan Usaha", None,
     ("count", "Peserta yang mendapatkan Pelatihan Keterampilan Usaha", None, None, None),
     "Karang Taruna adalah Organisasi Sosial kemasyarakatan sebagai wadah dan sarana pengembangan setiap anggota "
     "masyarakat yang tumbuh dan berkembang.", "quantity", {"formula_inferred"}),
    ("multiplier_own_line_below", "Jumlah Pegawai yang mendapat pelayanan\n_________________\nJumlah Pegawai "
     "yang mengajukan\nx 100%", None, (R, "Jumlah Pegawai yang mendapat pelayanan",
                                         "Jumlah Pegawai yang mengajukan", 100, "%"), None, "stacked", set()),
    ("multiplier_wrapped_under_bar", "Jumlah A\n_____ X\n100%\nJumlah B", None, (R, "Jumlah A", "Jumlah B", 100, "%"),
     None, "stacked", set()),
    ("bar_dashes", "Jumlah A yang selesai\n-----------------\nJumlah A yang masuk\nx 100%", None,
     (R, "Jumlah A yang selesai", "Jumlah A yang masuk", 100, "%"), None, "stacked", set()),
    ("bar_rule_pdf_two_pieces", "Jumlah pelayanan rehabilitasi\n_____ _____\nJumlah pelayanan rehabilitasi\n"
     "yang ada\nX 100", "Persentase pelayanan", (R, "Jumlah pelayanan rehabilitasi",
                                                 "Jumlah pelayanan rehabilitasi yang ada", 100, "%"), None,
     "stacked", set()),
    ("bar_html_hr_blank_lines", PMKS + "\nJumlah PMKS yang sudah mendapatkan Bantuan.\n\n_____\n\nJumlah PMKS yang "
     "terdata\nx 100 %", None, (R, "Jumlah PMKS yang sudah mendapatkan Bantuan.", "Jumlah PMKS yang terdata", 100,
                                 "%"), PMKS, "stacked", {"formula_inferred"}),
    ("bar_border_not_drawn", "Indikator ini mengukur layanan.\nJumlah Kegiatan yang terlaksana\nJumlah Kegiatan "
     "yang ada\nX 100%\nData dihitung setiap akhir tahun anggaran.", None,
     (R, "Jumlah Kegiatan yang terlaksana", "Jumlah Kegiatan yang ada", 100, "%"),
     "Indikator ini mengukur layanan. Data dihitung setiap akhir tahun anggaran.", "stacked_no_bar",
     {"formula_inferred", "formula_stacked_no_bar"}),
    ("bar_css_border_lost_pdf", "Data PSKS dan PMKS yang\nterverifikasi\nData PSKS dan PMKS yang ada\nX 100",
     "Persentase verifikasi data", (R, "Data PSKS dan PMKS yang terverifikasi", "Data PSKS dan PMKS yang ada", 100,
                                    "%"), None, "stacked_no_bar", {"formula_stacked_no_bar"}),
    ("numerator_starts_at_the_denominators_head", "PMKS adalah orang yang tidak mampu\nPMKS yang dilayani / "
     "PMKS yang terdata x 100%", None, (R, "PMKS yang dilayani", "PMKS yang terdata", 100, "%"),
     "PMKS adalah orang yang tidak mampu", "inline", {"formula_inferred"}),
    ("numerator_head_same_line", "PMKS adalah orang yang tidak mampu PMKS yang dilayani / PMKS yang terdata x 100%",
     None, (R, "PMKS yang dilayani", "PMKS yang terdata", 100, "%"), "PMKS adalah orang yang tidak mampu", "inline",
     {"formula_inferred"}),
    ("unspaced_slash_asterisk", "Realisasi/Target*100%", None, (R, "Realisasi", "Target", 100, "%"), None, "inline",
     set()),
    ("multiplier_without_space", "Jumlah A / Jumlah B x100%", None, (R, "Jumlah A", "Jumlah B", 100, "%"), None,
     "inline", set()),
    ("labels_naming_the_indicator", "Penjelasan Indikator : A adalah B.\nFormulasi Perhitungan Indikator : Jumlah A / "
     "Jumlah B X100 %", None, (R, "Jumlah A", "Jumlah B", 100, "%"), "A adalah B.", "inline", set()),
    ("sigma_symbol_font_pdf", "\uf0e5 Peserta pelatihan", None, ("count", "Peserta pelatihan", None, None, None), None,
     "sigma_count", set()),
    ("sigma_on_its_own_line", "Σ\nPeserta pelatihan", None, ("count", "Peserta pelatihan", None, None, None), None,
     "sigma_count", set()),
    ("omml_fraction", r"$\frac{Jumlah A}{Jumlah B} × 100%$", None, (R, "Jumlah A", "Jumlah B", 100, "%"), None,
     "latex_fraction", set()),
    ("omml_nary", r"$f(x) = \sum Peserta pelatihan$", None, ("count", "Peserta pelatihan", None, None, None), None,
     "sigma_count", set()),
    # ---- formulas in words (k06 and the phrasings of issue 12) ----------------------------------------
    ("multiplier_beside_numerator_over_bar", "Jumlah laporan tepat waktu     x 100%\n_____________\nJumlah laporan",
     "Persentase laporan", (R, "Jumlah laporan tepat waktu", "Jumlah laporan", 100, "%"), None, "stacked", set()),
    ("multiplier_beside_numerator_no_bar", "Jumlah A x 100%\nJumlah B", "Persentase A",
     (R, "Jumlah A", "Jumlah B", 100, "%"), None, "two_lines", {"formula_stacked_no_bar"}),
    ("unspaced_slash_between_quantities", "Jumlah OPD patuh/Jumlah OPD*100%", None,
     (R, "Jumlah OPD patuh", "Jumlah OPD", 100, "%"), None, "inline", set()),
    ("named_result_before_ratio", "Nilai IKM = Total nilai persepsi / Total unsur terisi x 25", None,
     (R, "Total nilai persepsi", "Total unsur terisi", 25, None), None, "inline", set()),
    ("words_dibagi_over_lines", "Jumlah pegawai yang mengikuti diklat\ndibagi\njumlah pegawai seluruhnya\n"
     "dikali 100%", None, (R, "Jumlah pegawai yang mengikuti diklat", "jumlah pegawai seluruhnya", 100, "%"), None,
     "words_divided", {"formula_from_words"}),
    ("words_multiplier_in_words", "Realisasi PAD dibagi target PAD dikali seratus persen", None,
     (R, "Realisasi PAD", "target PAD", 100, "%"), None, "words_divided", {"formula_from_words"}),
    ("words_perbandingan_after_penjelasan", "Indikator ini mengukur ketepatan waktu. Perbandingan antara jumlah "
     "laporan tepat waktu dengan jumlah laporan yang wajib disampaikan x 100%", None,
     (R, "jumlah laporan tepat waktu", "jumlah laporan yang wajib disampaikan", 100, "%"),
     "Indikator ini mengukur ketepatan waktu.", "words_comparison", {"formula_from_words", "formula_inferred"}),
    ("words_dibandingkan_dengan", "Jumlah pegawai yang mengikuti diklat dibandingkan dengan jumlah pegawai "
     "seluruhnya x 100%", None, (R, "Jumlah pegawai yang mengikuti diklat", "jumlah pegawai seluruhnya", 100, "%"),
     None, "words_divided", {"formula_from_words"}),
    ("words_berbanding", "Jumlah A berbanding Jumlah B", None, (R, "Jumlah A", "Jumlah B", None, None), None,
     "words_divided", {"formula_from_words"}),
    ("square_brackets", "[Jumlah A / Jumlah B] x 100%", None, (R, "Jumlah A", "Jumlah B", 100, "%"), None, "inline",
     set()),
    ("sigma_unspaced_slash", "∑A/∑B x100%", None, (R, "A", "B", 100, "%"), None, "inline", set()),
    ("bar_after_equals", "Jumlah A\n= ------------- x 100%\nJumlah B", None, (R, "Jumlah A", "Jumlah B", 100, "%"),
     None, "stacked", set()),
    ("pdf_narrow_count_wrapped", "Data dihitung setiap akhir tahun\nanggaran.\nBanyaknya Alat kantor/Alat\n"
     "Rumah Tangga/Alat Studio/Alat\nKomunikasi yang sudah terbeli", None,
     ("count", "Alat kantor/Alat Rumah Tangga/Alat Studio/Alat Komunikasi yang sudah terbeli", None, None, None),
     "Data dihitung setiap akhir tahun anggaran.", "quantity", {"formula_inferred"}),
    ("pdf_narrow_count_before_penjelasan", "Jumlah Perempuan Rawan\nSosial Ekonomi yang\nmendapatkan bantuan.\n"
     "Lanjut usia adalah seseorang\nyang berusia 60 tahun atau\nlebih, karena faktor-faktor\n"
     "tertentu tidak dapat memenuhi\nkebutuhan dasarnya.", None,
     ("count", "Perempuan Rawan Sosial Ekonomi yang mendapatkan bantuan.", None, None, None),
     "Lanjut usia adalah seseorang yang berusia 60 tahun atau lebih, karena faktor-faktor tertentu tidak dapat "
     "memenuhi kebutuhan dasarnya.", "quantity", {"formula_inferred"}),
    ("pdf_narrow_inline_colon_wrapped", "Data dihitung setiap akhir tahun\nanggaran.\n(Jumlah Laporan Kinerja dan\n"
     "Keuangan\nyang terselesaikan :\nJumlah Laporan Kinerja dan\nKeuangan\nyang harus diselesaikan)\nx 100%",
     None, (R, "Jumlah Laporan Kinerja dan Keuangan yang terselesaikan",
            "Jumlah Laporan Kinerja dan Keuangan yang harus diselesaikan", 100, "%"),
     "Data dihitung setiap akhir tahun anggaran.", "inline", {"formula_inferred"}),
    ("pdf_narrow_denominator_wrapped_with_multiplier", "Pengukuran dilakukan per triwulan\nberdasarkan laporan "
     "bidang.\nJumlah Pegawai yang menerima\nBimtek dan mengikuti upacara\nperingatan\n______________\n"
     "Jumlah pegawai Dinas Sosial\nKota Probolinggo x 100%\nData bersumber dari laporan\nbulanan yang telah "
     "diverifikasi.", None, (R, "Jumlah Pegawai yang menerima Bimtek dan mengikuti upacara peringatan",
                             "Jumlah pegawai Dinas Sosial Kota Probolinggo", 100, "%"),
     "Pengukuran dilakukan per triwulan berdasarkan laporan bidang. Data bersumber dari laporan bulanan yang telah "
     "diverifikasi.", "stacked", {"formula_inferred"}),
    ("words_dibagi_after_lead_in", "Capaian kinerja diukur dari jumlah pengaduan ditindaklanjuti dibagi jumlah "
     "pengaduan masuk dikali 100%.", None, (R, "jumlah pengaduan ditindaklanjuti", "jumlah pengaduan masuk", 100, "%"),
     "Capaian kinerja diukur dari", "words_divided", {"formula_from_words", "formula_inferred"}),
    ("words_nilai_rata_rata", "Nilai rata-rata hasil survei kepuasan masyarakat", None,
     ("other", None, None, None, None), None, "words_mean", {"formula_from_words"}),
    ("words_per_hundred_thousand", "Jumlah kasus per 100.000 penduduk", None, (R, "Jumlah kasus", "penduduk", 100000,
                                                                               None), None, "words_per",
     {"formula_from_words"}),
    ("words_dibagi_dashes", "Jumlah pondok wisata bersertifikat CHSE --dibagi--- jumlah pondok wisata yang "
     "terdaftar dikali 100%", None, (R, "Jumlah pondok wisata bersertifikat CHSE",
                                      "jumlah pondok wisata yang terdaftar", 100, "%"), None, "words_divided",
     {"formula_from_words"}),
    ("words_dibagi_en_dash_thousand", "Jumlah kecelakaan kapal yang dilaporkan –dibagi-- jumlah kapal berizin "
     "dikalikan 1.000", None, (R, "Jumlah kecelakaan kapal yang dilaporkan", "jumlah kapal berizin", 1000, None),
     None, "words_divided", {"formula_from_words"}),
    ("words_dibagi_dengan_persen", "Jumlah A dibagi dengan Jumlah B dikalikan dengan 100 persen", None,
     (R, "Jumlah A", "Jumlah B", 100, "%"), None, "words_divided", {"formula_from_words"}),
    ("words_dibagi_hundred_thousand", "Jumlah penduduk miskin dibagi jumlah penduduk dikalikan 100.000", None,
     (R, "Jumlah penduduk miskin", "jumlah penduduk", 100000, None), None, "words_divided", {"formula_from_words"}),
    ("words_slash_dikali_x", "Jumlah koperasi aktif yang menyampaikan laporan RAT / jumlah koperasi aktif yang "
     "terdaftar dikali (x) 100%", None, (R, "Jumlah koperasi aktif yang menyampaikan laporan RAT",
                                          "jumlah koperasi aktif yang terdaftar", 100, "%"), None, "inline",
     {"formula_from_words"}),
    ("words_perbandingan", "Perbandingan Jumlah pasar rakyat yang telah direvitalisasi dengan Pasar Rakyat milik "
     "Pemerintah Daerah", None, (R, "Jumlah pasar rakyat yang telah direvitalisasi",
                                 "Pasar Rakyat milik Pemerintah Daerah", None, None), None, "words_comparison",
     {"formula_from_words"}),
    ("words_perbandingan_antara_x100", "Formulasi Perhitungan: Perbandingan antara pengaduan yang ditindaklanjuti "
     "dengan pengaduan yang diterima X 100% Tipe Perhitungan: Non-kumulatif", "Persentase pengaduan",
     (R, "pengaduan yang ditindaklanjuti", "pengaduan yang diterima", 100, "%"), "Tipe Perhitungan: Non-kumulatif",
     "words_comparison", {"formula_from_words"}),
    ("words_jumlah_perbandingan", "Jumlah perbandingan antara sekolah yang menerapkan muatan lokal, dengan jumlah "
     "sekolah yang ada di wilayah provinsi.", None,
     (R, "sekolah yang menerapkan muatan lokal", "jumlah sekolah yang ada di wilayah provinsi", None, None), None,
     "words_comparison", {"formula_from_words"}),
    ("words_rasio_terhadap", "Rasio antara jumlah guru terhadap jumlah murid", None,
     (R, "jumlah guru", "jumlah murid", None, None), None, "words_comparison", {"formula_from_words"}),
    ("words_perbandingan_dan_direction", "Perbandingan antara jumlah guru dan jumlah murid", None,
     (R, "jumlah guru", "jumlah murid", None, None), None, "words_comparison",
     {"formula_from_words", "formula_direction_assumed"}),
    ("words_colon_bracket", "(Jumlah UMKM binaan yang memperoleh sertifikat : Jumlah UMKM binaan) x 100", None,
     (R, "Jumlah UMKM binaan yang memperoleh sertifikat", "Jumlah UMKM binaan", 100, None), None, "inline", set()),
    ("words_per", "Jumlah penduduk per jumlah puskesmas", None, (R, "Jumlah penduduk", "jumlah puskesmas", None, None),
     None, "words_per", {"formula_from_words"}),
    ("words_per_number", "Jumlah kematian ibu per 100.000 kelahiran hidup", None,
     (R, "Jumlah kematian ibu", "kelahiran hidup", 100000, None), None, "words_per", {"formula_from_words"}),
    ("words_rata_rata", "Rata-rata nilai IKM unit layanan", None, ("other", None, None, None, None), None,
     "words_mean", {"formula_from_words"}),
    ("words_rata_rata_in_a_purpose_sentence", "Untuk mengetahui angka\nrata-rata fluktuasi harga pangan pokok yang "
     "dipantau secara rutin oleh provinsi.", None, ("none", None, None, None, None),
     "Untuk mengetahui angka rata-rata fluktuasi harga pangan pokok yang dipantau secara rutin oleh provinsi.", None,
     set()),
    ("words_selisih", "Selisih antara realisasi PAD tahun berjalan dan realisasi PAD tahun sebelumnya", None,
     ("other", None, None, None, None), None, "words_difference",
     {"formula_from_words", "formula_direction_assumed"}),
    ("difference_minus", "Jumlah UMKM yang naik kelas – Jumlah UMKM binaan", None, ("other", None, None, None, None),
     None, "difference", set()),
    # ---- issue 23: shape first, labels second ---------------------------------------------------------
    ("labelled_penjelasan_then_inline", "Penjelasan : PMKS adalah perseorangan yang tidak dapat melaksanakan fungsi "
     "sosialnya.\nJumlah PMKS yang sudah mendapatkan Bantuan Rehabilitasi Sosial. / Jumlah PMKS yang terdata X 100%",
     "Persentase PMKS yang mendapatkan bantuan", (R, "Jumlah PMKS yang sudah mendapatkan Bantuan Rehabilitasi Sosial.",
                                                 "Jumlah PMKS yang terdata", 100, "%"),
     "PMKS adalah perseorangan yang tidak dapat melaksanakan fungsi sosialnya.", "inline", {"formula_inferred"}),
    ("labelled_penjelasan_then_sigma", "Penjelasan : Lansia adalah penduduk berusia 60 tahun ke atas.\n"
     "Σ Lansia yang mendapat layanan", None, ("count", "Lansia yang mendapat layanan", None, None, None),
     "Lansia adalah penduduk berusia 60 tahun ke atas.", "sigma_count", {"formula_inferred"}),
    ("labelled_penjelasan_then_count_line", "Keterangan : Data diambil dari laporan bidang.\nJumlah arsip yang "
     "didigitalkan", None, ("count", "arsip yang didigitalkan", None, None, None), "Data diambil dari laporan bidang.",
     "quantity", {"formula_inferred"}),
    ("labelled_penjelasan_that_is_a_quantity_stays", "Penjelasan : Jumlah KPM yang terfasilitasi", None,
     ("none", None, None, None, None), "Jumlah KPM yang terfasilitasi", None, set()),
    ("definisi_then_formula_no_rumus_label", "Definisi Operasional : Desa mandiri adalah desa dengan IDM di atas "
     "0,8.\n(Jumlah desa mandiri / Jumlah desa) x 100%", "Persentase desa mandiri",
     (R, "Jumlah desa mandiri", "Jumlah desa", 100, "%"), "Desa mandiri adalah desa dengan IDM di atas 0,8.", "inline",
     {"formula_inferred"}),
    ("definisi_then_formula_pdf_wrapped", "Definisi : Desa mandiri adalah desa dengan\nIDM di atas 0,8.\nJumlah "
     "desa mandiri dibagi jumlah\ndesa dikali 100%", "Persentase desa mandiri",
     (R, "Jumlah desa mandiri", "jumlah desa", 100, "%"), "Desa mandiri adalah desa dengan IDM di atas 0,8.",
     "words_divided", {"formula_inferred", "formula_from_words"}),
    ("two_lines_multiplier_beside_numerator", "Data dari laporan bidang.\nJumlah pegawai yang lulus uji X 100 %\n"
     "Jumlah pegawai seluruhnya", "Persentase pegawai", (R, "Jumlah pegawai yang lulus uji", "Jumlah pegawai seluruhnya",
                                                         100, "%"), "Data dari laporan bidang.", "two_lines",
     {"formula_inferred", "formula_stacked_no_bar"}),
    ("two_lines_wrapped_pdf", "Penjelasan : Data dari laporan bidang.\nTotal pelaku usaha yang\nbersertifikat x "
     "100%\nTotal pelaku usaha yang\nterdaftar", "Persentase pelaku usaha", (R, "Total pelaku usaha yang bersertifikat",
                                                                             "Total pelaku usaha yang terdaftar", 100,
                                                                             "%"),
     "Data dari laporan bidang.", "two_lines", {"formula_inferred", "formula_stacked_no_bar"}),
    ("two_terms_bar_lost_after_explanation", "Penjelasan : Sekolah dasar adalah sekolah yang tercatat.\nTotal sekolah "
     "dasar yang terakreditasi A\nBanyaknya sekolah dasar yang terdata", None,
     (R, "Total sekolah dasar yang terakreditasi A", "Banyaknya sekolah dasar yang terdata", None, None),
     "Sekolah dasar adalah sekolah yang tercatat.", "two_terms", {"formula_inferred", "formula_stacked_no_bar"}),
    ("words_proporsi_terhadap", "Proporsi desa yang mandiri terhadap desa di wilayah kabupaten", None,
     (R, "desa yang mandiri", "desa di wilayah kabupaten", None, None), None, "words_comparison", {"formula_from_words"}),
    ("words_rasio_antara_dengan_after_label", "Penjelasan : Data dari dinas.\nRasio antara guru bersertifikat dengan "
     "guru seluruhnya", None, (R, "guru bersertifikat", "guru seluruhnya", None, None), "Data dari dinas.",
     "words_comparison", {"formula_from_words", "formula_inferred"}),
    ("words_menghitung_jumlah", "Menghitung jumlah desa yang mandiri", None,
     ("count", "desa yang mandiri", None, None, None), None, "words_count", {"formula_from_words"}),
    ("words_rekapitulasi_jumlah_pdf", "Rekapitulasi jumlah keluarga calon transmigran\nyang telah dilatih", None,
     ("count", "keluarga calon transmigran yang telah dilatih", None, None, None), None, "words_count",
     {"formula_from_words"}),
    ("words_menghitung_inside_a_sentence_explains", "Capaian diukur dengan menghitung jumlah desa yang mandiri.", None,
     ("none", None, None, None, None), "Capaian diukur dengan menghitung jumlah desa yang mandiri.", None, set()),
    ("words_perbandingan_one_term", "Perbandingan Jumlah Jaringan Trayek yang terevaluasi", "Prosentase Jaringan",
     (R, "Jumlah Jaringan Trayek yang terevaluasi", None, None, None), None, "words_comparison", {"formula_from_words"}),
    ("term_going_on_after_ditambah", "Jumlah pasien sembuh di tambah\nJumlah pasien pengobatan lengkap dibagi Jumlah "
     "pasien diobati kali 100", None, (R, "Jumlah pasien sembuh di tambah Jumlah pasien pengobatan lengkap",
                                       "Jumlah pasien diobati", 100, None), None, "words_divided",
     {"formula_from_words"}),
    ("legend_of_symbols", "NTP = It / Ib x 100\nKeterangan :\nIt = indeks harga yang diterima petani\nIb = indeks "
     "harga yang dibayar petani", None, (R, "It", "Ib", 100, None),
     "It = indeks harga yang diterima petani Ib = indeks harga yang dibayar petani", "inline", {"formula_inferred"}),
    ("legend_of_symbols_dimana", "NTPp = Itp / Ibp x 100%\nDimana :\nItp = indeks harga diterima\nIbp = indeks harga "
     "dibayar", None, (R, "Itp", "Ibp", 100, "%"), "Dimana : Itp = indeks harga diterima Ibp = indeks harga dibayar",
     "inline", {"formula_inferred"}),
    ("colon_between_a_name_and_a_value", "Sarana meliputi solar cell : 16.494 unit dan lampu jalan : 2.300 titik.",
     None, ("none", None, None, None, None), "Sarana meliputi solar cell : 16.494 unit dan lampu jalan : 2.300 titik.",
     None, set()),
    ("pdf_sigma_term_wrapped_on_a_capital", "Anak dengan Berkebutuhan\nKhusus (ABK) adalah\nseseorang yang belum "
     "berusia\n18 (delapan belas) tahun yang\nmempunyai kelainan fisik atau\nmental.\nf(x) = ∑ Anak Berkebutuhan\n"
     "Khusus yang mendapatkan\nbantuan\nData bersumber dari laporan\nbulanan yang telah diverifikasi.", None,
     ("count", "Anak Berkebutuhan Khusus yang mendapatkan bantuan", None, None, None),
     "Anak dengan Berkebutuhan Khusus (ABK) adalah seseorang yang belum berusia 18 (delapan belas) tahun yang "
     "mempunyai kelainan fisik atau mental. Data bersumber dari laporan bulanan yang telah diverifikasi.",
     "sigma_count", {"formula_inferred"}),
    ("pdf_sigma_term_before_a_definition", "f(x) = Σ Pendamping PKH yang\nmengikuti Bimtek\nSosialisasi/Pembinaan\n"
     "Pendamping PKH adalah\nwarga negara indonesia yang\nmemenuhi kualifikasi tertentu\ndan lulus tes seleksi "
     "serta\nditetapkan melalui Surat.", None,
     ("count", "Pendamping PKH yang mengikuti Bimtek Sosialisasi/Pembinaan", None, None, None),
     "Pendamping PKH adalah warga negara indonesia yang memenuhi kualifikasi tertentu dan lulus tes seleksi serta "
     "ditetapkan melalui Surat.", "sigma_count", {"formula_inferred"}),
    ("labels_alone_on_their_lines_without_colon", "Penjelasan\nDesa mandiri adalah desa maju.\nRumus =\n"
     "(Jumlah desa mandiri / Jumlah desa) x 100%", "Persentase desa mandiri",
     (R, "Jumlah desa mandiri", "Jumlah desa", 100, "%"), "Desa mandiri adalah desa maju.", "inline", set()),
    ("labelled_formula_then_an_explanation", "Formulasi : Jumlah A yang selesai / Jumlah A yang masuk\nData diambil "
     "dari laporan bidang setiap bulan.", None, (R, "Jumlah A yang selesai", "Jumlah A yang masuk", None, None),
     "Data diambil dari laporan bidang setiap bulan.", "inline", set()),
    ("labelled_count_then_a_definition", "Rumus : Σ Dokumen yang disusun\nDokumen adalah naskah perencanaan daerah.",
     None, ("count", "Dokumen yang disusun", None, None, None), "Dokumen adalah naskah perencanaan daerah.",
     "sigma_count", set()),
    # ---- key-values in the cell -----------------------------------------------------------------------
    ("key_values", "Penjelasan : A adalah B. Rumus : (Realisasi / Target) x 100%. Satuan : % Sifat : maksimal", None,
     (R, "Realisasi", "Target", 100, "%"), "A adalah B. Satuan : % Sifat : maksimal", "inline", set()),
    ("key_value_same_line", "Jumlah A / Jumlah B x 100% Tipe Perhitungan: Kumulatif", None,
     (R, "Jumlah A", "Jumlah B", 100, "%"), "Tipe Perhitungan: Kumulatif", "inline", set()),
    # ---- not formulas -----------------------------------------------------------------------------------
    ("value_count", "Jumlah 150 Orang 1 tahun", None, ("none", None, None, None, None), "Jumlah 150 Orang 1 tahun",
     None, set()),
    ("value_percent", "22%", None, ("none", None, None, None, None), "22%", None, set()),
    ("plain_text", "Data pada Seksi Pemberdayaan", None, ("none", None, None, None, None),
     "Data pada Seksi Pemberdayaan", None, set()),
    ("slash_list", "Memo kebijakan / telaahan staf / ringkasan kebijakan sebagai bahan.", None,
     ("none", None, None, None, None), "Memo kebijakan / telaahan staf / ringkasan kebijakan sebagai bahan.", None,
     set()),
    ("per_time", "Pengukuran dilakukan per triwulan.", None, ("none", None, None, None, None),
     "Pengukuran dilakukan per triwulan.", None, set()),
    ("equals_in_note", "Catatan : jam layanan loket = pukul 08.00 s.d. 15.00 WIB.", None,
     ("none", None, None, None, None), "Catatan : jam layanan loket = pukul 08.00 s.d. 15.00 WIB.", None, set()),
    ("other_labelled", "Jenjang pendidikan. Penjelasan : Gelar sebagai evidence.", None,
     ("other", None, None, None, None), "Gelar sebagai evidence.", None, set()),
]


@pytest.mark.parametrize("name, cell, indikator, expected, penjelasan, shape, codes", CELLS, ids=[c[0] for c in CELLS])
def test_cell(name, cell, indikator, expected, penjelasan, shape, codes):
    r = split_cell(cell, indikator)
    f = r.formula
    assert (f.type, f.numerator, f.denominator, f.multiplier, f.unit) == expected
    assert r.penjelasan == penjelasan
    assert f.shape == shape
    assert {warning_code(w) for w in r.warnings} == codes


def test_every_shape_of_the_grammar_has_a_row():
    assert {s.name for s in SHAPES} <= {c[5] for c in CELLS}


@pytest.mark.parametrize("text, indikator, expected", [
    (LATEX_RATIO, None, Formula(R, "Jumlah Pegawai yang dilayani", "Jumlah Pegawai", 100, "%")),
    ("Jumlah A dibagi Jumlah B dikali 100%", None, Formula(R, "Jumlah A", "Jumlah B", 100, "%")),
    ("Jenjang / jenis pendidikan sekolah", None, Formula("other")),
    ("Jumlah hasil kajian yang disajikan/dipresentasikan", None,
     Formula("count", "hasil kajian yang disajikan/dipresentasikan")),
    ("", None, Formula("none")),
])
def test_parse_formula(text, indikator, expected):
    assert parse_formula(text, indikator) == expected


def test_slashes_inside_words_are_not_a_fraction():
    f = parse_formula(r"$f(x) = \Sigma$ Alat kantor/Alat Rumah Tangga/Alat Studio yang terbeli")
    assert f.type == "count" and f.numerator == "Alat kantor/Alat Rumah Tangga/Alat Studio yang terbeli"


def test_a_slash_inside_a_term_is_not_the_operator():
    f = parse_formula("PMKS yang mendapatkan pelayanan / PMKS yang mendapatkan bantuan / layanan sosial dikali (x) 100 %")
    assert (f.numerator, f.denominator, f.multiplier) == (
        "PMKS yang mendapatkan pelayanan", "PMKS yang mendapatkan bantuan / layanan sosial", 100)


def test_formula_only_column_keeps_a_description_as_formula():
    r = split_cell("Jenjang / jenis pendidikan", None, formula_column=True)
    assert r.formula.type == "other" and r.formula_raw == "Jenjang / jenis pendidikan" and r.penjelasan is None
    r = split_cell("Jumlah 150 Orang 1 tahun", None, formula_column=True)
    assert r.formula.type == "none" and r.penjelasan == "Jumlah 150 Orang 1 tahun"


def test_two_stacked_lines_with_the_fraction_in_an_extra_column():
    """The extra column's fraction agreeing with the lines is another rendering (it becomes formula_raw);
    one with numerator and denominator swapped is a defect of the document: formula_raw stays the text
    the parts were read from, never contradicting them (issue 23)."""
    extra = r"$\frac{\text{Jumlah A}}{\text{Jumlah A yang ada}} \times 100\%$"
    r = split_cell("Jumlah A\nJumlah A yang ada", "Persentase A", extra=extra)
    assert r.formula == Formula(R, "Jumlah A", "Jumlah A yang ada", 100, "%")
    assert r.penjelasan is None and r.formula_raw == extra
    assert {warning_code(w) for w in r.warnings} == {"formula_stacked_no_bar", "formula_alternative"}
    swapped = r"$\frac{\text{Jumlah A yang ada}}{\text{Jumlah A}} \times 100\%$"
    r = split_cell("Jumlah A\nJumlah A yang ada", "Persentase A", extra=swapped)
    assert r.formula == Formula(R, "Jumlah A", "Jumlah A yang ada", 100, "%")
    assert r.formula_raw == "Jumlah A / Jumlah A yang ada"
    assert canonical(parse_formula(r.formula_raw, "Persentase A")).split(")")[0] == canonical(r.formula).split(")")[0]
    assert {warning_code(w) for w in r.warnings} == {"formula_stacked_no_bar", "formula_renderings_disagree"}


def test_stacked_formula_raw_keeps_the_three_rows():
    r = split_cell("Jumlah A\n_____ X 100\nJumlah B", "Persentase")
    assert r.formula_raw == "Jumlah A _____ X 100 Jumlah B"


def test_key_values_are_parsed_and_stay_in_penjelasan():
    r = split_cell("Formulasi Perhitungan: (Jumlah A / Jumlah B) X 100% Tipe Perhitungan: Non-kumulatif")
    assert r.penjelasan == "Tipe Perhitungan: Non-kumulatif" and r.calc_type == "non_cumulative"
    assert r.formula_raw == "(Jumlah A / Jumlah B) X 100%"
    r = split_cell("Jumlah A\nSifat Indikator : Minimal\nSatuan: Dokumen\nJenis Perhitungan: Kumulatif")
    assert (r.polarity, r.satuan, r.calc_type) == ("minimize", "Dokumen", "cumulative")
    assert r.penjelasan == "Sifat Indikator : Minimal Satuan: Dokumen Jenis Perhitungan: Kumulatif"
    r = split_cell("Tipe Penghitungan: Nilai Akhir. Polaritas: Positif")
    assert (r.calc_type, r.polarity, r.formula.type) == ("latest", "maximize", "none")


def test_unparsed_computation_is_flagged():
    r = split_cell("Penjelasan : capaian x 100 dari target awal")
    assert "formula_unparsed" in {warning_code(w) for w in r.warnings}


# ---------------------------------------------------------------------------- canonical form

SAME = [  # each group: renderings of one formula that must compare equal
    [LATEX_RATIO, "Jumlah Pegawai yang dilayani / Jumlah Pegawai × 100%",
     "Jumlah Pegawai yang dilayani\n_____ x 100%\nJumlah Pegawai", "Jumlah Pegawai yang dilayani\n-------\n"
     "Jumlah Pegawai\nX 100 %", r"$\frac{Jumlah Pegawai yang dilayani}{Jumlah Pegawai} × 100%$",
     "Jumlah pegawai yang dilayani dibagi jumlah pegawai dikali 100 persen",
     "Perbandingan antara pegawai yang dilayani dengan pegawai x 100%",
     "(Jumlah Pegawai yang dilayani : Jumlah Pegawai) X 100%", r"$f(x) = \frac{\sum \text{Pegawai yang dilayani}}"
     r"{\sum \text{Pegawai}} \times 100\%$"],
    [r"$f(x) = \Sigma$ Anak Sekolah", "f(x) = ∑ Anak Sekolah", "Σ Anak sekolah", "F(x) : ∑ Anak Sekolah.",
     r"$f(x) = \sum \text{Anak Sekolah}$", "Jumlah Anak Sekolah", "Banyaknya anak sekolah"],
    ["Rata-rata nilai IKM", "rata–rata nilai ‘IKM’"],
]


@pytest.mark.parametrize("group", SAME)
def test_renderings_of_one_formula_have_one_canonical_form(group):
    forms = {canonical(parse_formula(t)) for t in group}
    assert len(forms) == 1, forms
    a, b = parse_formula(group[0]), parse_formula(group[-1])
    assert formulas_equal(a, b)


def test_different_formulas_differ():
    a = parse_formula("Jumlah A / Jumlah B x 100%")
    assert not formulas_equal(a, parse_formula("Jumlah B / Jumlah A x 100%"))
    assert not formulas_equal(a, parse_formula("Jumlah A / Jumlah B x 1000"))
    assert not formulas_equal(a, parse_formula("Jumlah A / Jumlah C x 100%"))
    assert canonical(parse_formula("Jumlah A / Jumlah B x 100%")) == "ratio(a; b) × 100 %"
    assert canonical(None) == canonical(Formula("none")) == ""


def test_fold_notation():
    assert fold_notation(r"$f(x) = \Sigma \text{Anak–Sekolah}$") == fold_notation("∑ “Anak-Sekolah”") == \
        "anak sekolah"


def test_latex_to_text():
    assert latex_to_text(r"\text{A} \times 100\%") == "A × 100%"


def test_find_formula_gives_its_span():
    text = "Data diambil dari laporan. Jumlah A / Jumlah B x 100% Sumber lain."
    f = find_formula(text)
    assert text[f.start:f.end] == "Jumlah A / Jumlah B x 100%"


def test_sum_limits_written_by_word_equations_are_not_words_of_the_term():
    """The Word and ODT readers keep an equation's Σ limits (``\\sum_{i=1}^{n}``); the counted term is the words."""
    assert parse_formula(r"$\sum_{i=1}^{n} Dokumen yang disusun$") == Formula("count", "Dokumen yang disusun")
    f = parse_formula(r"$f(x)=\frac{\sum_{i=1}^{n} Jumlah A}{\sum^{m} Jumlah B}×100%$", "Persentase A")
    assert (f.type, f.numerator, f.denominator, f.multiplier) == ("ratio", "Jumlah A", "Jumlah B", 100.0)


@pytest.mark.parametrize("junk", ["$\\frac{", "}}}{{{", "\\frac{a}", "x" * 5000, "$$$", "÷÷÷", "⟦⟧", "/ / /",
                                  "dibagi", "Perbandingan dengan", "_____\n_____", "x 100%\n\nx 100%", ":\n:\n:"])
def test_never_raises(junk):
    parse_formula(junk)
    split_cell(junk, junk, True, junk)
    split_cell(junk)


@pytest.mark.parametrize("text, expected", [
    ("(Realisasi/Target) x 100%", Formula("ratio", "Realisasi", "Target", 100, "%")),
    ("Jumlah A dibagi Jumlah B dikali 100%", Formula("ratio", "Jumlah A", "Jumlah B", 100, "%")),
])
def test_inline_ratio_variants(text, expected):
    assert parse_formula(text) == expected


def test_definisi_label_is_an_explanation():
    r = split_cell("Definisi Operasional : adalah X. Rumus : A / B x 100%")
    assert r.penjelasan == "adalah X." and r.formula.type == "ratio"


def test_a_formula_wrapped_over_two_lines_stays_one_formula():
    r = split_cell("f(x) = ∑ Klien yang\npernah direhabilitasi di Shelter")
    assert r.penjelasan is None and r.formula.numerator == "Klien yang pernah direhabilitasi di Shelter"
    r = split_cell("Formulasi : Jumlah A yang dilaksanakan\n/ Target B X 100%", "Persentase A")
    assert (r.formula.type, r.formula.denominator, r.formula.unit) == ("ratio", "Target B", "%")


# ----------------------------------------------------------------------------- ratios written in words

@pytest.mark.parametrize("text, expected", [
    # the division word set off by dashes (hyphens, en/em dashes, one side only), multipliers in words
    ("Jumlah A --dibagi--- jumlah B dikali 100%", Formula("ratio", "Jumlah A", "jumlah B", 100, "%")),
    ("Jumlah kasus –dibagi-- jumlah penduduk dikalikan 1.000", Formula("ratio", "Jumlah kasus", "jumlah penduduk", 1000, None)),
    ("Realisasi anggaran — dibagi dengan — pagu anggaran x 100 %", Formula("ratio", "Realisasi anggaran", "pagu anggaran", 100, "%")),
    ("Jumlah berkas selesai dibagi- jumlah berkas masuk", Formula("ratio", "Jumlah berkas selesai", "jumlah berkas masuk", None, None)),
    ("Jumlah A / jumlah B dikali (x) 100%", Formula("ratio", "Jumlah A", "jumlah B", 100, "%")),
    ("Jumlah A / jumlah B dikalikan dengan (×) 100 persen", Formula("ratio", "Jumlah A", "jumlah B", 100, "%")),
    # "Perbandingan (antara) A dengan B" = A / B; the joining "dengan" set off by a comma wins
    ("Perbandingan Jumlah pasar yang direvitalisasi dengan Pasar milik Pemda",
     Formula("ratio", "Jumlah pasar yang direvitalisasi", "Pasar milik Pemda", None, None)),
    ("Perbandingan antara pengaduan yang ditindaklanjuti dengan pengaduan yang diterima X 100%",
     Formula("ratio", "pengaduan yang ditindaklanjuti", "pengaduan yang diterima", 100, "%")),
    ("Jumlah perbandingan antara sekolah penerap muatan lokal, dengan jumlah sekolah di provinsi.",
     Formula("ratio", "sekolah penerap muatan lokal", "jumlah sekolah di provinsi", None, None)),
    ("Perbandingan antara dokumen yang sesuai dengan standar terhadap seluruh dokumen x 100%",
     Formula("ratio", "dokumen yang sesuai dengan standar", "seluruh dokumen", 100, "%")),
    ("Rasio antara jumlah dokter dengan jumlah penduduk dikali 100.000",
     Formula("ratio", "jumlah dokter", "jumlah penduduk", 100000, None)),
    ("Jumlah desa mandiri dibandingkan dengan jumlah desa x 100%", Formula("ratio", "Jumlah desa mandiri", "jumlah desa", 100, "%")),
])
def test_ratios_written_in_words(text, expected):
    assert parse_formula(text) == expected


@pytest.mark.parametrize("cell, penjelasan, raw", [
    ("Formulasi Perhitungan: (Jumlah A / Jumlah B) X 100% Tipe Perhitungan: Non-kumulatif",
     "Tipe Perhitungan: Non-kumulatif", "(Jumlah A / Jumlah B) X 100%"),
    ("Rumus: Perbandingan antara A dengan B x 100%\nJenis Perhitungan: Kumulatif",
     "Jenis Perhitungan: Kumulatif", "Perbandingan antara A dengan B x 100%"),
    ("Perbandingan Jumlah A dengan Jumlah B", None, "Perbandingan Jumlah A dengan Jumlah B"),
    ("Jumlah A --dibagi--- jumlah B dikali 100%", None, "Jumlah A --dibagi--- jumlah B dikali 100%"),
])
def test_prose_formula_cells_split_from_their_notes(cell, penjelasan, raw):
    c = split_cell(cell, "Persentase A")
    assert (c.penjelasan, c.formula_raw, c.formula.type) == (penjelasan, raw, "ratio")


def test_a_sentence_comparing_in_passing_stays_penjelasan():
    """'dengan' in running text is not a ratio: only a cell that starts by naming the comparison is."""
    c = split_cell("Kegiatan dilaksanakan bersama dengan perangkat desa sesuai dengan jadwal", "Persentase A")
    assert c.formula.type == "none" and c.penjelasan.startswith("Kegiatan")


def test_a_labelled_formula_in_an_unnamed_column_beside_an_empty_formula_cell():
    """The table reader put the formula column's content one column over (an unnamed column): read there."""
    r = split_cell("", "Jumlah fasilitasi pemeliharaan", extra="Formulasi Penghitungan :\nJumlah fasilitasi pemeliharaan")
    assert (r.formula.type, r.formula.numerator, r.formula_raw, r.penjelasan) == (
        "count", "fasilitasi pemeliharaan", "Jumlah fasilitasi pemeliharaan", None)
    assert "formula_in_unnamed_column" in {warning_code(w) for w in r.warnings}
    r = split_cell("Data dari bidang.", None, extra="Sumber: laporan")  # no label there: nothing taken
    assert r.formula.type == "none" and r.penjelasan == "Data dari bidang."
