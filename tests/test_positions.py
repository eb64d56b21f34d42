"""The block parser on small documents: positions, sections, items, layout tables."""
from extractors.parser.positions import parse_positions, signature_title
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


# --------------------------------------------------------------------------- positions named other ways

TABLE = "No\tSasaran\tIndikator Kinerja\tPenjelasan\tSumber Data\n1\tMeningkatnya A\tJumlah B\tPenjelasan B\tData B\n"


def test_unit_labels_name_their_block_and_each_block_is_a_position():
    ps = parse("INDIKATOR KINERJA UTAMA\nNama Unit : Kepala Seksi A\nTugas : Menyusun A.\n" + TABLE +
               "INDIKATOR KINERJA UTAMA BIDANG\nNama Bidang : Bidang B\nTugas : Menyusun B.\n" + TABLE +
               "Unit Kerja : Seksi C\nTugas : Menyusun C.\n" + TABLE)
    assert [(p.kind, p.jabatan, p.instansi, len(p.tables)) for p in ps] == [
        ("IKI", "Kepala Seksi A", None, 1), ("IKI", "Bidang B", None, 1), ("IKI", "Seksi C", None, 1)]


def test_a_unit_label_beside_a_jabatan_label_is_the_instansi():
    (p,) = parse("Nama Jabatan : Kepala Bidang A\nUnit Organisasi : Bidang A\nTugas : Menyusun.\n" + TABLE)
    assert (p.jabatan, p.instansi) == ("Kepala Bidang A", "Bidang A")
    (q,) = parse("Unit Kerja : Bidang A\nJabatan : Kepala Bidang A\nTugas : Menyusun.\n" + TABLE)
    assert (q.jabatan, q.instansi) == ("Kepala Bidang A", "Bidang A")


def test_a_unit_label_naming_an_agency_is_an_agency_level_block():
    (p,) = parse("INDIKATOR KINERJA UTAMA\nUnit Kerja : Dinas Perikanan\nTugas : Membantu Bupati.\n" + TABLE)
    assert (p.kind, p.jabatan, p.instansi) == ("IKU", None, "Dinas Perikanan")


def test_a_label_broken_over_two_lines():
    (p,) = parse("Nama Sub.        :   Sub. Bidang Pajak\nBidang\nTugas : Menyusun.\n" + TABLE)
    assert p.jabatan == "Sub. Bidang Pajak" and items(p, "tugas") == ["Menyusun."]


def test_a_value_wrapped_under_itself_with_a_hanging_indent():
    (p,) = parse("Nama Seksi          :        Seksi Perbenihan dan\n                             Proteksi Tanaman\n"
                 "Tugas : Menyusun.\n" + TABLE)
    assert p.jabatan == "Seksi Perbenihan dan Proteksi Tanaman"


def test_a_note_under_the_table_is_no_position():
    ps = parse("JABATAN : Kasubbag Keuangan\nTUGAS : Menyiapkan.\n" + TABLE +
               "Catatan : batas waktu dihitung sejak berkas diterima.\n")
    assert [p.jabatan for p in ps] == ["Kasubbag Keuangan"]


def test_a_heading_or_title_line_that_names_the_unit():
    (p,) = parse("INDIKATOR KINERJA UTAMA SUB BIDANG ANGGARAN\nTugas : Menyusun anggaran.\n" + TABLE)
    assert (p.kind, p.jabatan) == ("IKI", "SUB BIDANG ANGGARAN")
    (q,) = parse("INDIKATOR KINERJA UTAMA\nSUB BIDANG ANGGARAN\nTugas : Menyusun anggaran.\n" + TABLE)
    assert q.jabatan == "SUB BIDANG ANGGARAN"
    # a title with nothing of its own (a decree's cover) is no position
    assert parse("INDIKATOR KINERJA INDIVIDU\nKEPALA BIDANG X\n\nINDIKATOR KINERJA INDIVIDU\nJABATAN : Kabid\n"
                 "TUGAS : Menyusun.\n")[0].jabatan == "Kabid"


def test_the_title_above_the_signature_names_an_unnamed_block():
    (p,) = parse("INDIKATOR KINERJA INDIVIDU\n" + TABLE + "\nMengetahui,\nKepala Dinas X\n[NAMA]\nPembina\n"
                 "NIP. [NIP]\n\nKasubbid Anggaran Badan Keuangan\n[NAMA]\nPenata Tk. I, III/d\nNIP. [NIP]\n")
    assert p.jabatan == "Kasubbid Anggaran Badan Keuangan"
    assert any(w.startswith("jabatan_from_title") for w in p.warnings)
    assert not any(w.startswith("jabatan_missing") for w in p.warnings)
    # an IKU signed by the head of the agency stays an agency-level table
    (q,) = parse("INDIKATOR KINERJA UTAMA\n" + TABLE + "KEPALA DINAS,\n[NAMA]\nNIP. [NIP]\n")
    assert (q.kind, q.jabatan) == ("IKU", None)


def test_signature_title_by_column():
    lines = [("Mengetahui,", 5), ("Camat Sukajadi", 5), ("Kepala Seksi Trantib", 60), ("[NAMA]", 5),
             ("[NAMA]", 60), ("NIP. 1", 5), ("NIP. 2", 60)]
    assert signature_title(lines) == "Kepala Seksi Trantib"
    assert signature_title(["Bandung, 2 Januari 2020", "[NAMA]", "NIP. 1"]) is None
    assert signature_title(["Umum", "[NAMA]", "NIP. 1"]) is None  # a lone word is no title


PK_TABLE = "No\tSasaran Program/Kegiatan\tIndikator Kinerja\tTarget\n1\tMeningkatnya A\tJumlah B\t12\n"


def test_perjanjian_kinerja_is_pihak_pertama_s_position():
    (p,) = parse("PERJANJIAN KINERJA TAHUN 2019\nNama : [A]\nJabatan : Kepala Seksi Promosi\n"
                 "Dalam perjanjian ini disebut PIHAK KESATU\nNama : [B]\nJabatan : Kepala Bidang Pemasaran\n"
                 "Sebagai atasan langsung PIHAK KESATU, dalam perjanjian ini disebut PIHAK KEDUA\n" + PK_TABLE)
    assert (p.kind, p.jabatan, len(p.tables)) == ("PK", "Kepala Seksi Promosi", 1)
    # the parties named before their Nama / Jabatan, the supervisor first
    (q,) = parse("PERJANJIAN KINERJA\nPIHAK KEDUA\nNama : [B]\nJabatan : Kepala Bidang Pemasaran\n"
                 "PIHAK PERTAMA\nNama : [A]\nJabatan : Kepala Seksi Promosi\n" + PK_TABLE)
    assert q.jabatan == "Kepala Seksi Promosi"


def test_pk_lampiran_repeating_the_heading_is_the_same_agreement():
    """The parties' page, then a lampiran headed again 'PERJANJIAN KINERJA' / the jabatan: one PK position."""
    (p,) = parse("PERJANJIAN KINERJA TAHUN 2023\nNama : [A]\nJabatan : Kepala Seksi Pemerintahan\n"
                 "selanjutnya disebut pihak pertama\nNama : [B]\nJabatan : Camat Mekarsari\n"
                 "selaku atasan pihak pertama, selanjutnya disebut pihak kedua\n\n"
                 "PERJANJIAN KINERJA TAHUN 2023\nKEPALA SEKSI PEMERINTAHAN\nKECAMATAN MEKARSARI\n" + PK_TABLE)
    assert (p.kind, p.jabatan, len(p.tables)) == ("PK", "Kepala Seksi Pemerintahan", 1)
    assert not any(w.startswith("jabatan_from_title") for w in p.warnings)
    # two agreements in one file stay two positions
    two = parse("PERJANJIAN KINERJA\nPIHAK PERTAMA\nNama : [A]\nJabatan : Kasi Trantib\n" + PK_TABLE +
                "\nPERJANJIAN KINERJA\nPIHAK PERTAMA\nNama : [C]\nJabatan : Kasi Pemerintahan\n" + PK_TABLE)
    assert [q.jabatan for q in two] == ["Kasi Trantib", "Kasi Pemerintahan"]


def test_pk_lampiran_alone_is_named_by_its_title():
    """Only the lampiran was filed: the title line under the heading names the position (with a warning)."""
    (p,) = parse("PERJANJIAN KINERJA TAHUN 2023\nSEKRETARIS KECAMATAN SUKAMAJU\n" + PK_TABLE)
    assert (p.kind, p.jabatan, len(p.tables)) == ("PK", "SEKRETARIS KECAMATAN SUKAMAJU", 1)
    assert any(w.startswith("jabatan_from_title") for w in p.warnings)


def test_list_items_on_one_line_and_past_z():
    (p,) = parse("JABATAN : Kabag\nFUNGSI :\na. penyelenggaraan persuratan; b. penyelenggaraan kepegawaian;\n"
                 "c. penyelenggaraan keuangan;\n")
    assert items(p, "fungsi") == ["penyelenggaraan persuratan", "penyelenggaraan kepegawaian",
                                  "penyelenggaraan keuangan"]
    letters = [chr(97 + k) for k in range(26)] + ["aa", "ab"]
    (q,) = parse("JABATAN : Kabid\nTUGAS :\n" + "".join(f"{x}. Menyiapkan bahan {x};\n" for x in letters))
    assert items(q, "tugas")[-2:] == ["Menyiapkan bahan aa", "Menyiapkan bahan ab"] and len(items(q, "tugas")) == 28


def test_pk_party_jabatan_wrapped_under_itself_is_kept_whole():
    """pdftotext -layout: 'Jabatan   :   Kepala Seksi X dan' / (hanging indent) 'Rekayasa Y'."""
    pad = " " * 40
    (p,) = parse("PERJANJIAN KINERJA TAHUN 2020\nNama        :    [A]\n"
                 f"Jabatan     :    Kepala Seksi Manajemen dan\n{pad}Rekayasa Lalu Lintas\n"
                 "Dalam perjanjian ini disebut PIHAK KESATU\nNama        :    [B]\n"
                 f"Jabatan     :    Kepala Bidang Lalu Lintas\n{pad}dan Angkutan Jalan\n"
                 "dalam perjanjian ini disebut PIHAK KEDUA\n" + PK_TABLE)
    assert p.jabatan == "Kepala Seksi Manajemen dan Rekayasa Lalu Lintas"


def test_label_colon_and_value_on_lines_of_their_own():
    """Converter text of a borderless 'Nama Unit | : | value' table: one cell per line, the value wrapped."""
    (p,) = parse("INDIKATOR KINERJA UTAMA\nNama Unit\n:\nKepala Seksi Pengembangan\nDestinasi Wisata\n\n"
                 "Tugas Pokok\n:\nMelaksanakan penyiapan bahan.\n\nFungsi\n:\n1. Penyiapan bahan;\n2. Pelaksanaan.\n")
    assert p.jabatan == "Kepala Seksi Pengembangan Destinasi Wisata"
    assert items(p, "tugas") == ["Melaksanakan penyiapan bahan."] and len(items(p, "fungsi")) == 2
    (q,) = parse("PERJANJIAN KINERJA\nNama\n:\n[A]\nJabatan\n: Kepala Seksi Promosi\nselanjutnya disebut PIHAK PERTAMA\n"
                 + PK_TABLE)
    assert q.jabatan == "Kepala Seksi Promosi"


def test_iki_headings_each_over_a_title_line_are_separate_positions():
    table = "No\tSasaran\tIndikator Kinerja\tTarget\n1\tMeningkatnya A\tJumlah B\t12\n"
    (a, b) = parse("INDIKATOR KINERJA INDIVIDU (IKI)\nCAMAT SUKAMAJU\nTAHUN 2021\n\n" + table +
                   "\nINDIKATOR KINERJA INDIVIDU (IKI)\nLURAH\n\n" + table)
    assert (a.jabatan, b.jabatan) == ("CAMAT SUKAMAJU", "LURAH")


def test_duties_then_a_heading_then_the_table_are_one_position():
    """An agency's TUGAS / FUNGSI, a caption or the page title repeated, then its table: one IKU block."""
    (p,) = parse("BADAN ARSIP DAERAH PROVINSI X\nTUGAS POKOK : Melaksanakan urusan kearsipan.\n"
                 "FUNGSI : a. Perumusan kebijakan;\nb. Pembinaan kearsipan.\nINDIKATOR KINERJA UTAMA\n"
                 "NO\tSASARAN STRATEGIS\tINDIKATOR KINERJA UTAMA\tSUMBER DATA\n1\tMeningkatnya A\tPersentase B\tLaporan\n")
    assert (p.kind, p.jabatan, items(p, "tugas"), len(p.tables)) == ("IKU", None, ["Melaksanakan urusan kearsipan."], 1)
    assert any(w.startswith("block_merged") for w in p.warnings)
    assert not any(w.startswith("jabatan_missing") for w in p.warnings)
    (u,) = parse("INDIKATOR KINERJA UTAMA\nDINAS X PROVINSI Y\nTAHUN 2016\nNama Unit : Kepala Seksi Bibit\n"
                 "Tugas Pokok : Melaksanakan pembibitan.\nFungsi : 1. Penyusunan bahan.\n"
                 "INDIKATOR KINERJA UTAMA\nDINAS X PROVINSI Y\n"
                 "No\tSasaran Strategis\tIndikator Kinerja Utama\tPenjelasan\n1\tMeningkatnya A\tJumlah B\tX\n")
    assert (u.jabatan, len(u.tables), items(u, "fungsi")) == ("Kepala Seksi Bibit", 1, ["Penyusunan bahan."])


def test_a_heading_naming_a_unit_still_opens_its_own_position():
    a, b = parse("Nama Bidang : Bidang A\nTugas : Melaksanakan A.\nINDIKATOR KINERJA UTAMA SUB BIDANG B\n"
                 "Tugas : Melaksanakan B.\nNO\tSASARAN\tINDIKATOR KINERJA\n1\tMeningkatnya B\tJumlah B\n")
    assert (a.jabatan, len(a.tables), b.jabatan, len(b.tables)) == ("Bidang A", 0, "SUB BIDANG B", 1)


def test_a_label_broken_over_two_lines_and_a_value_set_above_its_label():
    (p,) = parse("Nama Sub. : Sub. Bidang Konsumsi Pangan\nBidang\n: Melaksanakan penyusunan bahan kebijakan\n"
                 "Tugas peningkatan konsumsi pangan.\nFungsi : a. Pelaksanaan penyusunan bahan;\n")
    assert p.jabatan == "Sub. Bidang Konsumsi Pangan"
    assert items(p, "tugas") == ["Melaksanakan penyusunan bahan kebijakan peningkatan konsumsi pangan."]
    (pk,) = parse("PERJANJIAN KINERJA TAHUN 2016\nNama : A\nJabatan 1 Kepala Seksi Kesmavet\n"
                  "Selanjutnya disebut PIHAK KESATU\nNO\tSASARAN\tINDIKATOR KINERJA\tTARGET\n1\tA\tJumlah B\t3\n")
    assert pk.jabatan == "Kepala Seksi Kesmavet"


def test_pk_lampiran_pages_titled_by_their_position():
    """Each page titled by the position it binds (under the agreement's title), signatures with names only."""
    ps = parse("PERJANJIAN KINERJA TAHUN 2018\nDINAS PARIWISATA DAN KEBUDAYAAN\nKEPALA SEKSI SENI TRADISI\n\n"
               "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n1\tMeningkatnya A\tJumlah B\t25\n\n"
               "Kepala Bidang Kebudayaan\tKepala Seksi Seni Tradisi\n\n[NAMA]\t[NAMA]\n\n"
               "PERJANJIAN KINERJA TAHUN 2018\nDINAS PARIWISATA DAN KEBUDAYAAN\nKEPALA SEKSI SEJARAH\n\n"
               "No\tSasaran Strategis\tIndikator Kinerja\tTarget\n1\tMeningkatnya C\tJumlah D\t3\n\n[NAMA]\t[NAMA]\n")
    assert [(p.kind, p.jabatan, len(p.tables)) for p in ps] == [("PK", "KEPALA SEKSI SENI TRADISI", 1),
                                                                 ("PK", "KEPALA SEKSI SEJARAH", 1)]
    from extractors.parser.indicator_tables import indicators_from_tables
    assert [r.indikator for r in indicators_from_tables(ps[0].tables)[0]] == ["Jumlah B"]


def test_a_functional_officers_activity_table_is_no_tugas_list():
    (p,) = parse("PERJANJIAN KINERJA TAHUN 2019\nNama : [NAMA]\nJabatan : Pranata Komputer Ahli Pertama\n"
                 "selanjutnya disebut PIHAK PERTAMA\n\nNo\tTUPOKSI\tSATUAN\tKETERANGAN\n"
                 "1\tMelakukan instalasi jaringan\t12 laporan\t\n")
    assert (p.jabatan, dict(p.sections), len(p.tables)) == ("Pranata Komputer Ahli Pertama", {}, 1)


def test_duties_in_a_table_headed_by_their_labels_and_in_untitled_sentences():
    (p,) = parse("INDIKATOR KINERJA UTAMA\nBAPPEDA KABUPATEN BANTUL\n\nNama Organisasi\tTugas\tFungsi\n"
                 "Badan Perencanaan Pembangunan Daerah\tMembantu Bupati dalam perencanaan\t"
                 "a. perumusan kebijakan; b. koordinasi rencana\n\n"
                 "No\tSasaran Strategis\tIndikator Kinerja Utama\tSumber Data\n1\tMeningkatnya A\tPersentase B\tBappeda\n")
    assert (p.kind, p.instansi, items(p, "tugas"), items(p, "fungsi"), len(p.tables)) == (
        "IKU", "Badan Perencanaan Pembangunan Daerah", ["Membantu Bupati dalam perencanaan"],
        ["perumusan kebijakan", "koordinasi rencana"], 1)
    (q,) = parse("INDIKATOR KINERJA UTAMA\nDINAS SOSIAL KABUPATEN KLATEN\n\n"
                 "Dinas Sosial mempunyai tugas membantu Bupati melaksanakan urusan bidang sosial.\n"
                 "Dalam melaksanakan tugas tersebut, Dinas Sosial menyelenggarakan fungsi :\n"
                 "a. perumusan kebijakan bidang sosial;\nb. pelaksanaan kebijakan bidang sosial.\n\n"
                 "No\tSasaran Strategis\tIndikator Kinerja Utama\tSumber Data\n1\tMeningkatnya A\tPersentase B\tDinsos\n")
    assert (q.kind, items(q, "tugas"), items(q, "fungsi"), len(q.tables)) == (
        "IKU", ["Dinas Sosial mempunyai tugas membantu Bupati melaksanakan urusan bidang sosial."],
        ["perumusan kebijakan bidang sosial", "pelaksanaan kebijakan bidang sosial."], 1)
    # a decree's preamble is no duty
    assert not parse("INDIKATOR KINERJA UTAMA\nMenimbang : bahwa Dinas X mempunyai tugas membantu Bupati;\n")


def test_a_label_level_with_the_middle_of_its_first_item():
    """A PDF reads "Fungsi :" after the first line of its first item when the label is centred on it."""
    (p,) = parse("Tugas : Melaksanakan urusan ketenagakerjaan.\na. Penyelenggaraan perumusan kebijakan di bidang X\n"
                 "Fungsi :\ndan Y, yang menjadi kewenangan Provinsi;\nb. Penyelenggaraan administrasi Dinas.\n")
    assert items(p, "tugas") == ["Melaksanakan urusan ketenagakerjaan."]
    assert items(p, "fungsi") == ["Penyelenggaraan perumusan kebijakan di bidang X dan Y, yang menjadi kewenangan "
                                  "Provinsi", "Penyelenggaraan administrasi Dinas."]


def test_a_budget_table_is_not_read_as_label_rows():
    (p,) = parse("PERJANJIAN KINERJA TAHUN 2019\nNama : A\nJabatan : Kepala Seksi P2P\nselanjutnya disebut pihak pertama.\n"
                 "\nNo\tSasaran Kegiatan\tIndikator Kinerja Kegiatan\tTarget\n1\tMenurunnya X\tJumlah desa ODF\t40\n\n"
                 "Kegiatan\tAnggaran\tSumber Dana\nPengendalian penyakit\tRp 250.000.000\tAPBD\n")
    assert (p.jabatan, p.program, len(p.tables)) == ("Kepala Seksi P2P", None, 2)


def test_a_duty_sentence_that_no_table_follows_is_prose():
    ps = parse("KEPUTUSAN KEPALA DINAS X TENTANG INDIKATOR KINERJA INDIVIDU\n"
               "Dinas X mempunyai tugas membantu Bupati melaksanakan urusan bidang X.\n\n"
               "1. JABATAN : Sekretaris\n2. TUGAS : Mengoordinasikan program.\n"
               "KINERJA\tINDIKATOR KINERJA\tSUMBER DATA\nMeningkatnya A\tJumlah B\tLaporan\n")
    assert [(p.jabatan, len(p.tables)) for p in ps] == [("Sekretaris", 1)]


def test_signature_title_when_the_name_shares_the_nip_line():
    assert signature_title(["Kabid Mutasi & Promosi BKPSDM Kab. Banggai", "[NAMA PEJABAT] Pembina, IV/a NIP. [NIP]"]) \
        == "Kabid Mutasi & Promosi BKPSDM Kab. Banggai"
    assert signature_title(["KEPALA SEKSI PEMBIBITAN", "Ir. ASEP HARTANTO, MM", "Pembina Tk. I", "NIP. 19660109"]) \
        == "KEPALA SEKSI PEMBIBITAN"
