"""Every formula shape the seeds hold (and a few more), through the formula normaliser."""
import pytest

from normalize.formula import Formula, latex_to_text, parse_formula, split_cell

LATEX_RATIO = r"$\frac{\text{Jumlah Pegawai yang dilayani}}{\text{Jumlah Pegawai}} \times 100\%$"


@pytest.mark.parametrize("text, indikator, expected", [
    (LATEX_RATIO, None, Formula("ratio", "Jumlah Pegawai yang dilayani", "Jumlah Pegawai", 100, "%")),
    (r"$f(x) = \frac{\sum \text{PMKS dilayani}}{\sum \text{PMKS terdata}} \times 100 \%$", None,
     Formula("ratio", "PMKS dilayani", "PMKS terdata", 100, "%")),
    (r"$\frac{\text{Jumlah A}}{\text{Jumlah B}} \times 100$", "Persentase A", Formula("ratio", "Jumlah A", "Jumlah B", 100, "%")),
    (r"$\frac{\text{Jumlah A}}{\text{Jumlah B}} \times 100$", "Jumlah A", Formula("ratio", "Jumlah A", "Jumlah B", 100, None)),
    (r"$\dfrac{A}{B}$", None, Formula("ratio", "A", "B", None, None)),
    (r"$f(x) = \Sigma$ Penyandang Disabilitas yang dibantu", None, Formula("count", "Penyandang Disabilitas yang dibantu")),
    (r"$f(x) = \Sigma \text{ODHA yang mendapatkan bantuan}$", None, Formula("count", "ODHA yang mendapatkan bantuan")),
    (r"$f(x) = \sum \text{Anak Sekolah}$", None, Formula("count", "Anak Sekolah")),
    ("f(x) = Σ Dokumen SPP UP/GU/TU dan LS", None, Formula("count", "Dokumen SPP UP/GU/TU dan LS")),
    ("F(x) : ∑ Dokumen yang disusun", None, Formula("count", "Dokumen yang disusun")),
    ("Jumlah barang cetakan dan penggandaan", None, Formula("count", "Jumlah barang cetakan dan penggandaan")),
    ("Jumlah Kegiatan terlaksana / Jumlah kegiatan direncanakan x 100%", None,
     Formula("ratio", "Jumlah Kegiatan terlaksana", "Jumlah kegiatan direncanakan", 100, "%")),
    ("(Jumlah A : Jumlah B) X 100", "Persentase A", Formula("ratio", "Jumlah A", "Jumlah B", 100, "%")),
    ("Jumlah penduduk miskin / jumlah penduduk x 1.000", None, Formula("ratio", "Jumlah penduduk miskin", "jumlah penduduk", 1000, None)),
    ("Jumlah penanganan eks\n_____ X 100\nJumlah eks", "Persentase penanganan", Formula("ratio", "Jumlah penanganan eks", "Jumlah eks", 100, "%")),
    ("Jumlah penanganan PMKS\nX\nJumlah PMKS yang ada", "Persentase penanganan", Formula("ratio", "Jumlah penanganan PMKS", "Jumlah PMKS yang ada", None, None)),
    ("Jumlah A\n_____\nJumlah B", None, Formula("ratio", "Jumlah A", "Jumlah B", None, None)),
    ("IDG = 1/3 (IKP + IPP + IPK)", None, Formula("index")),
    ("Jenjang / jenis pendidikan sekolah", None, Formula("other")),
    ("", None, Formula("none")),
])
def test_parse_formula(text, indikator, expected):
    assert parse_formula(text, indikator) == expected


def test_slashes_inside_words_are_not_a_fraction():
    f = parse_formula(r"$f(x) = \Sigma$ Alat kantor/Alat Rumah Tangga/Alat Studio yang terbeli")
    assert f.type == "count" and f.numerator == "Alat kantor/Alat Rumah Tangga/Alat Studio yang terbeli"


@pytest.mark.parametrize("cell, indikator, penjelasan, ftype, numerator", [
    ("Formulasi Penghitungan : " + LATEX_RATIO, None, None, "ratio", "Jumlah Pegawai yang dilayani"),
    ("Penjelasan : PMKS adalah perseorangan.\nFormulasi Pengitungan :\n" + LATEX_RATIO, None,
     "PMKS adalah perseorangan.", "ratio", "Jumlah Pegawai yang dilayani"),
    ("<b>Penjelasan :</b> Jumlah KPM yang terfasilitasi\nFormulasi Penghitungan : $f(x) = \\sum$ Masyarakat", None,
     "Jumlah KPM yang terfasilitasi", "count", "Masyarakat"),
    ("Jumlah Laporan Formulasi Sajian Analisis. Penjelasan : Laporan yang berisi formulasi.", None,
     "Laporan yang berisi formulasi.", "count", "Jumlah Laporan Formulasi Sajian Analisis."),
    ("Jumlah PMKS yang direhabilitasi\n$\\frac{\\text{Jumlah PMKS yang direhabilitasi}}{\\text{Jumlah PMKS}} \\times 100$",
     "Persentase rehabilitasi", "Jumlah PMKS yang direhabilitasi", "ratio", "Jumlah PMKS yang direhabilitasi"),
    ("Jumlah 150 Orang 1 tahun", None, "Jumlah 150 Orang 1 tahun", "none", None),
    ("22%", None, "22%", "none", None),
    ("Data pada Seksi Pemberdayaan", None, "Data pada Seksi Pemberdayaan", "none", None),
    ("Jenjang pendidikan. Penjelasan : Gelar sebagai evidence.", None, "Gelar sebagai evidence.", "other", None),
    ("Penjelasan : - Tuna Susila adalah x.\n- Gelandangan adalah y. Formulasi Penghitungan : $f(x) = \\Sigma \\text{Tuna Sosial}$",
     None, "Tuna Susila adalah x. Gelandangan adalah y.", "count", "Tuna Sosial"),
])
def test_split_cell(cell, indikator, penjelasan, ftype, numerator):
    r = split_cell(cell, indikator)
    assert r.penjelasan == penjelasan
    assert r.formula.type == ftype
    assert r.formula.numerator == numerator


def test_formula_only_column_keeps_a_description_as_formula():
    r = split_cell("Jenjang / jenis pendidikan", None, formula_column=True)
    assert r.formula.type == "other" and r.formula_raw == "Jenjang / jenis pendidikan" and r.penjelasan is None


def test_two_stacked_lines_with_the_fraction_in_an_extra_column():
    extra = r"$\frac{\text{Jumlah A yang ada}}{\text{Jumlah A}} \times 100\%$"
    r = split_cell("Jumlah A\nJumlah A yang ada", "Persentase A", extra=extra)
    assert r.formula == Formula("ratio", "Jumlah A", "Jumlah A yang ada", 100, "%")
    assert r.penjelasan is None and r.formula_raw == extra and r.warnings


def test_stacked_formula_raw_keeps_the_three_rows():
    r = split_cell("Jumlah A\n_____ X 100\nJumlah B", "Persentase")
    assert r.formula_raw == "Jumlah A _____ X 100 Jumlah B"


def test_latex_to_text():
    assert latex_to_text(r"\text{A} \times 100\%") == "A × 100%"


def test_sum_limits_written_by_word_equations_are_not_words_of_the_term():
    """The Word and ODT readers keep an equation's Σ limits (``\\sum_{i=1}^{n}``); the counted term is the words."""
    assert parse_formula(r"$\sum_{i=1}^{n} Dokumen yang disusun$") == Formula("count", "Dokumen yang disusun")
    f = parse_formula(r"$f(x)=\frac{\sum_{i=1}^{n} Jumlah A}{\sum^{m} Jumlah B}×100%$", "Persentase A")
    assert (f.type, f.numerator, f.denominator, f.multiplier) == ("ratio", "Jumlah A", "Jumlah B", 100.0)


@pytest.mark.parametrize("junk", ["$\\frac{", "}}}{{{", "\\frac{a}", "x" * 5000, "$$$", "÷÷÷", "⟦⟧"])
def test_never_raises(junk):
    parse_formula(junk)
    split_cell(junk, junk, True, junk)


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
