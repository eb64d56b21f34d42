"""The block parser on small documents: positions, sections, items, layout tables."""
from extractors.parser.positions import parse_positions
from extractors.readers.text import extract_text


def parse(text):
    return parse_positions(extract_text(text))


def items(pos, section):
    return [i.full_text() for i in pos.sections.get(section, [])]


def test_positions_start_at_jabatan_and_collect_their_sections():
    (a, b) = parse("INDIKATOR KINERJA INDIVIDU\n1. JABATAN : Sekretaris\n2. TUGAS : Mengoordinasikan program.\n"
                   "3. FUNGSI :\n - a. Pengoordinasian perencanaan;\n - b. Pengelolaan administrasi; dan\n"
                   "KINERJA\tINDIKATOR KINERJA\n A\tJumlah X\n\nINDIKATOR KINERJA INDIVIDU\nJabatan Kepala Seksi\n"
                   "- Tugas\n- Menyusun usulan;\n  - Melakukan koordinasi;\n")
    assert (a.jabatan, items(a, "tugas"), items(a, "fungsi")) == \
        ("Sekretaris", ["Mengoordinasikan program."], ["Pengoordinasian perencanaan", "Pengelolaan administrasi"])
    assert len(a.tables) == 1
    assert (b.jabatan, items(b, "tugas")) == ("Kepala Seksi", ["Menyusun usulan", "Melakukan koordinasi"])


def test_wrapped_and_unlabelled_items():
    (p,) = parse("JABATAN : Bidang X\nFUNGSI : penyusunan rencana kerja dan anggaran serta\n"
                 "        kerangka acuan kerja;\npenyusunan program;\n   pelaksanaan fungsi lain.\n")
    assert items(p, "fungsi") == ["penyusunan rencana kerja dan anggaran serta kerangka acuan kerja",
                                  "penyusunan program", "pelaksanaan fungsi lain."]


def test_nested_items_are_appended_to_their_parent():
    (p,) = parse("JABATAN : Arsiparis\nURAIAN TUGAS :\n1. Membuat Arsip, meliputi :\n  - a. Membuat konsep;\n"
                 "    - Mencatat surat\n- b. Menerima arsip\n2. Menata arsip aktif\n")
    assert items(p, "tugas") == ["Membuat Arsip, meliputi :; Membuat konsep; Mencatat surat; Menerima arsip",
                                 "Menata arsip aktif"]


def test_iku_block_without_jabatan():
    (p,) = parse("INDIKATOR KINERJA UTAMA\nDINAS SOSIAL KABUPATEN GRESIK\n- Tugas Membantu Bupati.\n"
                 "NO\tSASARAN STRATEGIS\tINDIKATOR KINERJA UTAMA\n1\tA\tPersentase X\n")
    assert (p.kind, p.jabatan, items(p, "tugas"), len(p.tables)) == ("IKU", None, ["Membantu Bupati."], 1)


def test_empty_jabatan_label_takes_the_title_below_it():
    (p,) = parse("- JABATAN\n- TUGAS\n\n#### BENDAHARA PENGELUARAN\n\n- a. Membuat SPP;\n- b. Mengelola rekening\n")
    assert p.jabatan == "BENDAHARA PENGELUARAN" and items(p, "tugas") == ["Membuat SPP", "Mengelola rekening"]
    assert p.warnings


def test_title_line_before_the_real_jabatan_is_replaced():
    (p,) = parse("INDIKATOR KINERJA INDIVIDU (IKI)\nJABATAN FUNGSIONAL ANALIS KEBIJAKAN\n"
                 "- Jabatan : Analis Kebijakan Ahli Muda\n- Tugas : Melaksanakan kajian\n")
    assert p.jabatan == "Analis Kebijakan Ahli Muda"


def test_the_same_jabatan_twice_is_two_positions():
    ps = parse("## INDIKATOR KINERJA INDIVIDU\n- a. JABATAN : Kabid\n- b. TUGAS : Pendek\n"
               "## INDIKATOR KINERJA INDIVIDU\n- a. JABATAN : Kabid\n- b. TUGAS : Panjang\n")
    assert [p.jabatan for p in ps] == ["Kabid", "Kabid"]


def test_label_layout_table_reads_like_lines():
    (p,) = parse("INDIKATOR KINERJA INDIVIDU\n1.\tJABATAN\t:\tKepala Seksi Pengembangan\n"
                 "2.\tTUGAS\t:\ta. Menyusun rencana;\n\t\t\tb. Membagi tugas;\n3.\tFUNGSI\t:\t-\n"
                 "NO\tSASARAN\tINDIKATOR\tFORMULASI\tSUMBER DATA\n1\tMeningkatnya A\tJumlah B\tJumlah B\tData\n")
    assert p.jabatan == "Kepala Seksi Pengembangan"
    assert items(p, "tugas") == ["Menyusun rencana", "Membagi tugas"] and items(p, "fungsi") == []
    assert len(p.tables) == 1 and p.tables[0].texts()[0][0] == "NO"


def test_garbled_ocr_labels():
    (p,) = parse("BATAN : Kepala Seksi Jaminan Sosial\nGAS : Menyusun usulan kegiatan.\n")
    assert p.jabatan == "Kepala Seksi Jaminan Sosial" and items(p, "tugas") == ["Menyusun usulan kegiatan."]
    assert any("damage" in w for w in p.warnings)


def test_cover_pages_and_decrees_make_no_positions():
    assert parse("PEMERINTAH KOTA BATU\nKEPUTUSAN KEPALA DINAS\nMenimbang : a. bahwa ...\n") == []


def test_a_sentence_starting_with_tugas_is_an_item_inside_the_list():
    (p,) = parse("JABATAN : Kasi\nTUGAS :\na. Menyusun rencana;\nTugas lain yang diberikan atasan.\n"
                 "INDIKATOR KINERJA INDIVIDU\nJabatan Kabid\nTugas merumuskan kebijakan teknis.\n")[:1]
    assert items(p, "tugas") == ["Menyusun rencana", "Tugas lain yang diberikan atasan."]
    q = parse("JABATAN : Kabid\nTugas merumuskan kebijakan teknis.\n")[0]
    assert items(q, "tugas") == ["merumuskan kebijakan teknis."]


def test_tab_indented_items_after_a_label_stay_items():
    (p,) = parse("Jabatan Pengelola\nUraian Tugas\n\tMelaksanakan kegiatan A;\n\tMelaksanakan pemantauan B.\n")
    assert items(p, "tugas") == ["Melaksanakan kegiatan A", "Melaksanakan pemantauan B."]
