"""Held-out documents of the kinds issue 21 names, written from a description (not from the files in
``../shared/real``): other agencies, provinces and wordings, in Word and converter text.

Each document is described once as data (its letterhead, its blocks, its tables) and written out
twice: as the document an agency would publish and as its gold annotation (``../shared/GOLD_FORMAT.md``).
Then iki reads the documents and ``../shared/score.py`` scores them:

    python benchmarks/bench_real_kinds_heldout.py [-o OUT] [-v]

Kinds (issue 21): an agency IKU whose TUGAS / FUNGSI stand in a label table before a caption and its
table, with a second table without a sasaran column (1, 5); an eselon III PK in Word with its parties in a
layout table, a lampiran title broken inside the province's name, a budget table and a signature table
(1, 3, 4); a PK lampiran of several positions, each page titled by its position, signed with names only
(2); a functional officer's PK whose targets are a table of activities, followed by a Rencana Aksi by
month (4); an IKU whose duties are sentences without labels, dated only by its signature (1, 3); unit IKU
pages with the agency's title repeated between each unit's duties and its table, the agency named by an
acronym (1, 3). Nothing here is used by the tests: these documents are held out.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def ind(sasaran, indikator, target=None, penjelasan=None, sumber=None, pj=None, satuan=None, formula=None):
    return {"sasaran": sasaran, "indikator": indikator, "target": target, "penjelasan": penjelasan,
            "sumber_data": sumber, "penanggung_jawab": pj, "satuan": satuan, "formula": formula}


def gold_doc(source, region, agency, year, positions):
    out = {"source": source, "part": None, "region": region, "agency": agency, "year": year, "positions": []}
    for k, p in enumerate(positions, start=1):
        inds = []
        for j, i in enumerate(p["indicators"], start=1):
            f = i.get("formula")
            inds.append({"seq": j, "sasaran": i["sasaran"], "indikator": i["indikator"],
                         "penjelasan": i["penjelasan"], "formula_raw": f["raw"] if f else None,
                         "formulas": [{k2: v for k2, v in f.items() if k2 != "raw"}] if f else [],
                         "sumber_data": i["sumber_data"], "penanggung_jawab": i["penanggung_jawab"],
                         "satuan": i["satuan"], "target": i["target"], "ambiguous": False, "notes": None})
        out["positions"].append({"seq": k, "kind": p["kind"], "jabatan": p["jabatan"], "instansi": p.get("instansi"),
                                 "year": p["year"], "tugas": p.get("tugas", []), "fungsi": p.get("fungsi", []),
                                 "butir_kegiatan": [], "hasil_kerja": [], "program": None, "indicators": inds,
                                 "notes": None})
    return out


def ratio(raw, num, den, mult=100, unit="%"):
    return {"raw": raw, "type": "ratio", "numerator": num, "denominator": den, "multiplier": mult, "unit": unit}


# ------------------------------------------------------------------------------------------ Word helpers

def _docx():
    import docx
    return docx.Document()


def _borderless(table):
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _table(doc, rows, grid=True, merge_down=()):
    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    if grid:
        t.style = "Table Grid"
    else:
        _borderless(t)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    for col, r0, r1 in merge_down:  # a sasaran written once in a cell merged down its rows
        keep = rows[r0][col]
        t.cell(r0, col).merge(t.cell(r1, col))
        t.cell(r0, col).text = keep
    return t


def _center(doc, text, bold=True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = bold
    return p


def _page_break(doc):
    from docx.enum.text import WD_BREAK
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# ------------------------------------------------------------------------------------------ documents

def h1_iku_label_table(out: Path):
    """An agency IKU: title, a borderless Nama Organisasi / Tugas / Fungsi block, a caption, the table with
    merged sasaran cells, then a table of supporting indicators without a sasaran column; signed."""
    tugas = "Membantu Bupati melaksanakan urusan pemerintahan bidang penanggulangan bencana"
    fungsi = ["perumusan kebijakan teknis penanggulangan bencana", "pelaksanaan koordinasi penanganan darurat bencana",
              "pembinaan dan pengendalian kegiatan rehabilitasi dan rekonstruksi"]
    i1 = ind("Menurunnya risiko bencana di daerah", "Indeks Risiko Bencana", "142,5",
             "Nilai indeks risiko bencana hasil kajian BNPB", "Kajian Risiko Bencana")
    i2 = ind("Menurunnya risiko bencana di daerah", "Persentase desa tangguh bencana",
             "25%", None, "Bidang Pencegahan dan Kesiapsiagaan",
             formula=ratio("Jumlah desa tangguh bencana / jumlah desa rawan bencana x 100%",
                           "Jumlah desa tangguh bencana", "jumlah desa rawan bencana"))
    i3 = ind("Meningkatnya kecepatan penanganan darurat", "Rata-rata waktu tanggap darurat", "2 jam",
             "Waktu sejak laporan kejadian diterima sampai tim tiba di lokasi", "Pusdalops")
    i4 = ind(None, "Jumlah relawan terlatih", "150 orang", None, "Bidang Kedaruratan")
    i5 = ind(None, "Jumlah rambu evakuasi terpasang", "40 unit", None, "Bidang Kedaruratan")
    doc = _docx()
    for line in ("INDIKATOR KINERJA UTAMA (IKU)", "BADAN PENANGGULANGAN BENCANA DAERAH", "KABUPATEN GARUT",
                 "TAHUN 2021"):
        _center(doc, line)
    fungsi_text = "\n".join(f"{chr(97 + k)}. {f};" for k, f in enumerate(fungsi))
    _table(doc, [["Nama Organisasi", ":", "Badan Penanggulangan Bencana Daerah Kabupaten Garut"],
                 ["Tugas", ":", tugas], ["Fungsi", ":", fungsi_text]], grid=False)
    _center(doc, "INDIKATOR KINERJA UTAMA")
    _table(doc, [["No.", "Sasaran Strategis", "Indikator Kinerja Utama", "Formulasi / Penjelasan", "Sumber Data",
                  "Target"],
                 ["1.", i1["sasaran"], i1["indikator"], i1["penjelasan"], i1["sumber_data"], i1["target"]],
                 ["", "", i2["indikator"], i2["formula"]["raw"], i2["sumber_data"], i2["target"]],
                 ["2.", i3["sasaran"], i3["indikator"], i3["penjelasan"], i3["sumber_data"], i3["target"]]],
           merge_down=[(0, 1, 2), (1, 1, 2)])
    doc.add_paragraph("Indikator Kinerja Pendukung")
    _table(doc, [["No.", "Indikator Kinerja", "Sumber Data", "Target"],
                 ["1.", i4["indikator"], i4["sumber_data"], i4["target"]],
                 ["2.", i5["indikator"], i5["sumber_data"], i5["target"]]])
    for line in ("Garut, 2021", "KEPALA PELAKSANA BPBD", "[NAMA]", "NIP. [NIP]"):
        doc.add_paragraph(line)
    doc.save(out / "h1_iku_label_table.docx")
    for k, f in enumerate(fungsi):
        fungsi[k] = f
    return gold_doc("h1_iku_label_table.docx", "Kabupaten Garut", "Badan Penanggulangan Bencana Daerah", 2021, [
        {"kind": "IKU", "jabatan": None, "instansi": "Badan Penanggulangan Bencana Daerah Kabupaten Garut",
         "year": 2021, "tugas": [tugas], "fungsi": fungsi, "indicators": [i1, i2, i3, i4, i5]}])


def h2_pk_eselon3_word(out: Path):
    """An eselon III PK in Word: parties in a layout table, the lampiran titled on a page of its own with the
    province's name broken over two lines, the target table, a budget table and a signature table."""
    jab = "Kepala Bidang Rehabilitasi Sosial"
    i1 = ind("Meningkatnya kualitas rehabilitasi sosial", "Persentase PPKS yang mendapat rehabilitasi sosial", "85%")
    i2 = ind("Meningkatnya kualitas rehabilitasi sosial", "Jumlah panti sosial yang terakreditasi", "4 panti")
    i3 = ind("Meningkatnya kemandirian penyandang disabilitas", "Jumlah penyandang disabilitas yang mandiri",
             "120 orang")
    doc = _docx()
    _center(doc, "PERJANJIAN KINERJA TAHUN 2022")
    doc.add_paragraph("Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel "
                      "serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:")
    _table(doc, [["Nama", ":", "[NAMA]"], ["Jabatan", ":", jab]], grid=False)
    doc.add_paragraph("Selanjutnya disebut PIHAK PERTAMA")
    _table(doc, [["Nama", ":", "[NAMA]"], ["Jabatan", ":", "Kepala Dinas Sosial"]], grid=False)
    doc.add_paragraph("Selaku atasan pihak pertama, selanjutnya disebut PIHAK KEDUA")
    doc.add_paragraph("Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran "
                      "perjanjian ini.")
    _page_break(doc)
    for line in ("PERJANJIAN KINERJA TAHUN 2022", "DINAS SOSIAL PROVINSI NUSA TENGGARA", "BARAT"):
        _center(doc, line)
    _table(doc, [["No", "Sasaran Program", "Indikator Kinerja", "Target"],
                 ["1", i1["sasaran"], i1["indikator"], i1["target"]],
                 ["", "", i2["indikator"], i2["target"]],
                 ["2", i3["sasaran"], i3["indikator"], i3["target"]]], merge_down=[(0, 1, 2), (1, 1, 2)])
    doc.add_paragraph("")
    _table(doc, [["No", "Program", "Anggaran", "Keterangan"],
                 ["1", "Program Rehabilitasi Sosial", "Rp 1.250.000.000", "APBD"]])
    _table(doc, [["", "Mataram, 3 Januari 2022"], ["PIHAK KEDUA,", "PIHAK PERTAMA,"],
                 ["[NAMA]", "[NAMA]"], ["NIP. [NIP]", "NIP. [NIP]"]], grid=False)
    doc.save(out / "h2_pk_eselon3_word.docx")
    return gold_doc("h2_pk_eselon3_word.docx", "Provinsi Nusa Tenggara Barat", "Dinas Sosial", 2022, [
        {"kind": "PK", "jabatan": jab, "year": 2022, "indicators": [i1, i2, i3]}])


def h3_pk_lampiran_titles(out: Path):
    """A lampiran of several PKs as converter text: each page titled by the agreement, the agency and the
    position it binds; the signatures carry names only."""
    blocks = [
        ("KEPALA SUB BAGIAN UMUM DAN KEPEGAWAIAN", [
            ind("Meningkatnya tertib administrasi kepegawaian", "Persentase pegawai yang data kepegawaiannya mutakhir",
                "100%"),
            ind("Meningkatnya tertib administrasi kepegawaian", "Jumlah dokumen arsip yang tertata", "1.200 berkas")]),
        ("KEPALA SEKSI PENGAWASAN OBAT", [
            ind("Meningkatnya pengawasan obat dan makanan", "Jumlah sarana farmasi yang diawasi", "60 sarana")]),
        ("KEPALA SEKSI PELAYANAN KESEHATAN RUJUKAN", [
            ind("Meningkatnya mutu pelayanan rujukan", "Persentase rumah sakit terakreditasi", "80%"),
            ind("Meningkatnya mutu pelayanan rujukan", "Jumlah fasilitas kesehatan rujukan yang dibina", "12 unit")]),
    ]
    lines = []
    for title, inds in blocks:
        lines += ["LAMPIRAN PERJANJIAN KINERJA TAHUN 2020", "DINAS KESEHATAN KOTA PEKALONGAN", title, "",
                  "NO\tSASARAN KEGIATAN\tINDIKATOR KINERJA\tTARGET"]
        for k, i in enumerate(inds, start=1):
            lines.append(f"{k}\t{i['sasaran']}\t{i['indikator']}\t{i['target']}")
        lines += ["", "Pekalongan, 6 Januari 2020", "", "[NAMA]\t[NAMA]", "", ""]
    (out / "h3_pk_lampiran_titles.txt").write_text("\n".join(lines), encoding="utf-8")
    return gold_doc("h3_pk_lampiran_titles.txt", "Kota Pekalongan", "Dinas Kesehatan", 2020, [
        {"kind": "PK", "jabatan": title, "year": 2020, "indicators": inds} for title, inds in blocks])


def h4_pk_functional(out: Path):
    """A functional officer's PK in Word whose targets are its activities (URAIAN TUGAS | SATUAN | KET),
    followed by the Rencana Aksi of the same targets by month."""
    jab = "Penyuluh Pertanian Ahli Muda"
    acts = [("Menyusun programa penyuluhan pertanian", "2 dokumen"),
            ("Melaksanakan kunjungan ke kelompok tani", "48 kali"),
            ("Menyusun laporan pelaksanaan penyuluhan", "12 laporan")]
    doc = _docx()
    _center(doc, "PERJANJIAN KINERJA TAHUN 2023")
    for line in ("Nama : [NAMA]", f"Jabatan : {jab}", "selanjutnya disebut PIHAK PERTAMA", "Nama : [NAMA]",
                 "Jabatan : Kepala Dinas Pertanian Kabupaten Lampung Selatan", "selanjutnya disebut PIHAK KEDUA"):
        doc.add_paragraph(line)
    doc.add_paragraph("LAMPIRAN")
    _table(doc, [["NO", "URAIAN TUGAS", "SATUAN", "KET"]]
           + [[str(k), a, q, ""] for k, (a, q) in enumerate(acts, start=1)])
    _center(doc, "RENCANA AKSI")
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]
    _table(doc, [["NO", "KEGIATAN", "TARGET", *months]]
           + [[str(k), a, q, *["1"] * 12] for k, (a, q) in enumerate(acts, start=1)])
    for line in ("Kalianda, 2 Januari 2023", "PIHAK PERTAMA", "[NAMA]", "NIP. [NIP]"):
        doc.add_paragraph(line)
    doc.save(out / "h4_pk_functional.docx")
    inds = [ind(None, a, q, satuan=q.split()[1]) for a, q in acts]
    return gold_doc("h4_pk_functional.docx", "Kabupaten Lampung Selatan", "Dinas Pertanian", 2023, [
        {"kind": "PK", "jabatan": jab, "year": 2023, "indicators": inds}])


def h5_iku_duty_sentences(out: Path):
    """An agency IKU whose duties are sentences without labels, its year only in the signature line."""
    tugas = ("Dinas Lingkungan Hidup mempunyai tugas melaksanakan urusan pemerintahan bidang lingkungan hidup "
             "yang menjadi kewenangan daerah.")
    fungsi = ["perumusan kebijakan bidang lingkungan hidup", "pelaksanaan pengendalian pencemaran",
              "pelaksanaan administrasi dinas"]
    i1 = ind("Meningkatnya kualitas lingkungan hidup", "Indeks Kualitas Lingkungan Hidup", "62,5",
             "Gabungan indeks kualitas air, udara dan tutupan lahan", "Bidang Tata Lingkungan")
    i2 = ind("Meningkatnya pengelolaan sampah", "Persentase sampah yang tertangani", "75%", None,
             "Bidang Persampahan",
             formula=ratio("Volume sampah yang tertangani / volume timbulan sampah x 100%",
                           "Volume sampah yang tertangani", "volume timbulan sampah"))
    lines = ["PEMERINTAH KOTA SURAKARTA", "DINAS LINGKUNGAN HIDUP", "", "INDIKATOR KINERJA UTAMA", "", tugas,
             "Untuk melaksanakan tugas tersebut, Dinas Lingkungan Hidup menyelenggarakan fungsi :"]
    lines += [f"{chr(97 + k)}. {f};" for k, f in enumerate(fungsi)]
    lines += ["", "NO\tSASARAN STRATEGIS\tINDIKATOR KINERJA UTAMA\tPENJELASAN/FORMULASI\tSUMBER DATA\tTARGET",
              f"1\t{i1['sasaran']}\t{i1['indikator']}\t{i1['penjelasan']}\t{i1['sumber_data']}\t{i1['target']}",
              f"2\t{i2['sasaran']}\t{i2['indikator']}\t{i2['formula']['raw']}\t{i2['sumber_data']}\t{i2['target']}",
              "", "Surakarta, 2018", "KEPALA DINAS LINGKUNGAN HIDUP", "[NAMA]", "NIP. [NIP]"]
    (out / "h5_iku_duty_sentences.txt").write_text("\n".join(lines), encoding="utf-8")
    return gold_doc("h5_iku_duty_sentences.txt", "Kota Surakarta", "Dinas Lingkungan Hidup", 2018, [
        {"kind": "IKU", "jabatan": None, "year": 2018, "tugas": [tugas], "fungsi": fungsi, "indicators": [i1, i2]}])


def h6_unit_pages_acronym(out: Path):
    """Unit IKU pages: the agency (named by its acronym) and year repeated as a page title between each unit's
    label block and its table."""
    units = [
        ("Bidang Anggaran", "Menyiapkan bahan penyusunan anggaran daerah.",
         ["penyusunan rancangan APBD", "evaluasi pelaksanaan anggaran"],
         [ind("Meningkatnya kualitas penganggaran", "Persentase ketepatan waktu penetapan APBD", "100%",
              "APBD ditetapkan paling lambat 31 Desember", "Bidang Anggaran")]),
        ("Bidang Akuntansi", "Menyiapkan bahan penyusunan laporan keuangan daerah.",
         ["penyusunan laporan keuangan", "pembinaan akuntansi perangkat daerah"],
         [ind("Meningkatnya kualitas laporan keuangan", "Opini BPK atas laporan keuangan daerah", "WTP",
              "Opini hasil pemeriksaan BPK", "LHP BPK"),
          ind("Meningkatnya kualitas laporan keuangan", "Jumlah perangkat daerah yang dibina", "48 OPD",
              None, "Bidang Akuntansi")]),
    ]
    lines = []
    for name, tugas, fungsi, inds in units:
        lines += ["INDIKATOR KINERJA UTAMA", "BPKAD PROVINSI SULAWESI", "TENGAH", "TAHUN 2019",
                  f"Nama Bidang : {name}", f"Tugas : {tugas}", "Fungsi :"]
        lines += [f"{k}. {f};" for k, f in enumerate(fungsi, start=1)]
        lines += ["INDIKATOR KINERJA UTAMA", "BPKAD PROVINSI SULAWESI TENGAH", "",
                  "NO\tSASARAN STRATEGIS\tINDIKATOR KINERJA UTAMA\tPENJELASAN\tSUMBER DATA\tTARGET"]
        for k, i in enumerate(inds, start=1):
            lines.append(f"{k}\t{i['sasaran']}\t{i['indikator']}\t{i['penjelasan'] or '-'}\t{i['sumber_data']}\t"
                         f"{i['target']}")
        lines += [""]
    lines += ["Badan Pengelolaan Keuangan dan Aset Daerah (BPKAD) Provinsi Sulawesi Tengah"]
    (out / "h6_unit_pages_acronym.txt").write_text("\n".join(lines), encoding="utf-8")
    return gold_doc("h6_unit_pages_acronym.txt", "Provinsi Sulawesi Tengah",
                    "Badan Pengelolaan Keuangan dan Aset Daerah", 2019, [
                        {"kind": "IKI", "jabatan": name, "year": 2019, "tugas": [tugas], "fungsi": fungsi,
                         "indicators": inds} for name, tugas, fungsi, inds in units])


# ------------------------------------------------------------------------------------------ second set
# Written after the first set had been used to fix what it showed; run once and reported before any change.

def g1_pk_eselon2_word(out: Path):
    """An eselon II PK in Word: the head of the agency with the Bupati as PIHAK KEDUA, the parties as lines,
    the lampiran table with a SATUAN column, then a program budget headed ANGGARAN (Rp)."""
    jab = "Kepala Dinas Perumahan dan Kawasan Permukiman"
    i1 = ind("Meningkatnya kualitas permukiman", "Persentase luas kawasan kumuh yang tertangani", "12", satuan="%")
    i2 = ind("Meningkatnya kualitas permukiman", "Jumlah rumah tidak layak huni yang diperbaiki", "350", satuan="unit")
    i3 = ind("Meningkatnya cakupan air minum layak", "Persentase rumah tangga dengan akses air minum layak", "91",
             satuan="%")
    doc = _docx()
    _center(doc, "PEMERINTAH KABUPATEN BOGOR")
    _center(doc, "PERJANJIAN KINERJA TAHUN 2024")
    doc.add_paragraph("Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan dan akuntabel serta "
                      "berorientasi pada hasil, kami yang bertanda tangan di bawah ini:")
    for line in ("Nama : [NAMA]", f"Jabatan : {jab}", "Selanjutnya disebut PIHAK PERTAMA", "Nama : [NAMA]",
                 "Jabatan : Bupati Bogor", "Selaku atasan PIHAK PERTAMA, selanjutnya disebut PIHAK KEDUA"):
        doc.add_paragraph(line)
    _page_break(doc)
    _center(doc, "PERJANJIAN KINERJA TAHUN 2024")
    _center(doc, "DINAS PERUMAHAN DAN KAWASAN PERMUKIMAN KABUPATEN BOGOR")
    _table(doc, [["NO", "SASARAN STRATEGIS", "INDIKATOR KINERJA", "SATUAN", "TARGET"],
                 ["1", i1["sasaran"], i1["indikator"], "%", "12"], ["", "", i2["indikator"], "unit", "350"],
                 ["2", i3["sasaran"], i3["indikator"], "%", "91"]], merge_down=[(0, 1, 2), (1, 1, 2)])
    _table(doc, [["NO", "PROGRAM", "ANGGARAN (Rp)", "KET"],
                 ["1", "Program Kawasan Permukiman", "45.000.000.000", "APBD"],
                 ["2", "Program Perumahan", "12.500.000.000", "APBD"]])
    for line in ("Cibinong, 5 Januari 2024", "PIHAK KEDUA\tPIHAK PERTAMA", "[NAMA]\t[NAMA]"):
        doc.add_paragraph(line)
    doc.save(out / "g1_pk_eselon2_word.docx")
    return gold_doc("g1_pk_eselon2_word.docx", "Kabupaten Bogor", "Dinas Perumahan dan Kawasan Permukiman", 2024, [
        {"kind": "PK", "jabatan": jab, "year": 2024, "indicators": [i1, i2, i3]}])


def g2_iku_visi_misi_decree(out: Path):
    """An agency IKU as converter text: a decree number gives the year, the province breaks over two lines,
    Visi / Misi and Tugas Pokok / Fungsi labels, a table caption, then the table."""
    tugas = "Membantu Gubernur dalam menyelenggarakan perencanaan pembangunan daerah"
    fungsi = ["penyusunan kebijakan perencanaan pembangunan daerah", "koordinasi penyusunan rencana pembangunan",
              "pemantauan dan evaluasi pelaksanaan rencana pembangunan"]
    i1 = ind("Meningkatnya kualitas dokumen perencanaan", "Persentase konsistensi program RKPD dan RPJMD", "100%",
             None, "Bidang Perencanaan", formula=ratio("Jumlah program RKPD yang sesuai RPJMD / jumlah program RPJMD x 100%",
                                                         "Jumlah program RKPD yang sesuai RPJMD", "jumlah program RPJMD"))
    i2 = ind("Meningkatnya kualitas dokumen perencanaan", "Nilai evaluasi SAKIP", "BB",
             "Nilai hasil evaluasi SAKIP oleh Inspektorat", "Inspektorat")
    lines = ["LAMPIRAN KEPUTUSAN KEPALA BAPPEDA", "NOMOR : 050/188/Bappeda/2020", "",
             "INDIKATOR KINERJA UTAMA", "BADAN PERENCANAAN PEMBANGUNAN DAERAH", "PROVINSI KALIMANTAN", "TIMUR", "",
             "Visi : Terwujudnya perencanaan pembangunan yang berkualitas",
             "Misi : Meningkatkan kualitas perencanaan daerah", "",
             f"Tugas Pokok : {tugas}", "Fungsi :"] + [f"{k}. {f};" for k, f in enumerate(fungsi, start=1)] + [
             "", "Tabel Indikator Kinerja Utama", "",
             "No\tSasaran Strategis\tIndikator Kinerja Utama\tFormulasi Perhitungan\tSumber Data\tTarget",
             f"1\t{i1['sasaran']}\t{i1['indikator']}\t{i1['formula']['raw']}\t{i1['sumber_data']}\t{i1['target']}",
             f"\t\t{i2['indikator']}\t{i2['penjelasan']}\t{i2['sumber_data']}\t{i2['target']}", "",
             "KEPALA BAPPEDA PROVINSI KALIMANTAN TIMUR", "[NAMA]", "NIP. [NIP]"]
    (out / "g2_iku_visi_misi_decree.txt").write_text("\n".join(lines), encoding="utf-8")
    return gold_doc("g2_iku_visi_misi_decree.txt", "Provinsi Kalimantan Timur",
                    "Badan Perencanaan Pembangunan Daerah", 2020, [
                        {"kind": "IKU", "jabatan": None, "year": 2020, "tugas": [tugas], "fungsi": fungsi,
                         "indicators": [i1, i2]}])


def g3_pk_title_continued(out: Path):
    """A PK lampiran in Word titled by the position in ordinary case, its table continued on the next page
    without a header (the sasaran merged across the break), signed with names only."""
    title = "Kepala Sub Bagian Keuangan"
    i1 = ind("Meningkatnya akuntabilitas keuangan", "Persentase laporan keuangan yang tepat waktu", "100%")
    i2 = ind("Meningkatnya akuntabilitas keuangan", "Jumlah temuan BPK yang ditindaklanjuti", "15 temuan")
    i3 = ind("Meningkatnya akuntabilitas keuangan", "Persentase SPJ yang diverifikasi tepat waktu", "95%")
    doc = _docx()
    for line in ("PERJANJIAN KINERJA TAHUN 2021", "SEKRETARIAT DPRD KOTA BLITAR", title):
        _center(doc, line)
    _table(doc, [["No", "Sasaran Kegiatan", "Indikator Kinerja", "Target"],
                 ["1", i1["sasaran"], i1["indikator"], i1["target"]], ["", "", i2["indikator"], i2["target"]]],
           merge_down=[(0, 1, 2), (1, 1, 2)])
    _page_break(doc)
    _table(doc, [["", "", i3["indikator"], i3["target"]]])
    for line in ("Blitar, 4 Januari 2021", "[NAMA]\t[NAMA]"):
        doc.add_paragraph(line)
    doc.save(out / "g3_pk_title_continued.docx")
    return gold_doc("g3_pk_title_continued.docx", "Kota Blitar", "Sekretariat DPRD", 2021, [
        {"kind": "PK", "jabatan": title, "year": 2021, "indicators": [i1, i2, i3]}])


def g4_pk_functional_volume(out: Path):
    """A functional officer's PK as converter text whose targets are activities with a VOLUME column."""
    jab = "Pranata Komputer Ahli Muda"
    acts = [("Melakukan analisis kebutuhan sistem informasi", "4", "dokumen"),
            ("Melakukan pemeliharaan jaringan intranet", "12", "laporan")]
    lines = ["PERJANJIAN KINERJA TAHUN 2022", "Nama : [NAMA]", f"Jabatan : {jab}", "selanjutnya disebut PIHAK KESATU",
             "Nama : [NAMA]", "Jabatan : Kepala Dinas Komunikasi dan Informatika Kota Kendari",
             "selanjutnya disebut PIHAK KEDUA", "", "No\tKegiatan\tVolume\tSatuan"]
    lines += [f"{k}\t{a}\t{v}\t{u}" for k, (a, v, u) in enumerate(acts, start=1)]
    lines += ["", "Kendari, 3 Januari 2022", "PIHAK KEDUA\tPIHAK KESATU", "[NAMA]\t[NAMA]"]
    (out / "g4_pk_functional_volume.txt").write_text("\n".join(lines), encoding="utf-8")
    inds = [ind(None, a, v, satuan=u) for a, v, u in acts]
    return gold_doc("g4_pk_functional_volume.txt", "Kota Kendari", "Dinas Komunikasi dan Informatika", 2022, [
        {"kind": "PK", "jabatan": jab, "year": 2022, "indicators": inds}])


def g5_iki_caption_between(out: Path):
    """An IKI in Word of two positions, each JABATAN / TUGAS / FUNGSI, then a caption line, then its table."""
    blocks = [("Sekretaris", "Mengoordinasikan pelaksanaan tugas sekretariat.",
               ["pengoordinasian perencanaan", "pengelolaan keuangan"],
               [ind("Meningkatnya kualitas pelayanan administrasi", "Persentase dokumen perencanaan tepat waktu",
                    None, None, "Subbag Perencanaan")]),
              ("Kepala Bidang Pengendalian Penduduk", "Melaksanakan pengendalian penduduk.",
               ["penyusunan kebijakan pengendalian penduduk", "pelaksanaan advokasi"],
               [ind("Terkendalinya pertumbuhan penduduk", "Angka kelahiran total", None,
                    "Rata-rata anak yang dilahirkan seorang wanita", "BPS"),
                ind("Terkendalinya pertumbuhan penduduk", "Persentase peserta KB aktif", None, None, "Bidang KB")])]
    doc = _docx()
    _center(doc, "INDIKATOR KINERJA INDIVIDU")
    _center(doc, "DINAS PENGENDALIAN PENDUDUK DAN KELUARGA BERENCANA KABUPATEN SIDRAP")
    for name, tugas, fungsi, inds in blocks:
        doc.add_paragraph(f"1. JABATAN : {name}")
        doc.add_paragraph(f"2. TUGAS : {tugas}")
        doc.add_paragraph("3. FUNGSI :")
        for k, f in enumerate(fungsi):
            doc.add_paragraph(f"{chr(97 + k)}. {f};")
        _center(doc, "INDIKATOR KINERJA INDIVIDU")
        _table(doc, [["KINERJA", "INDIKATOR KINERJA", "PENJELASAN", "SUMBER DATA"]]
               + [[i["sasaran"], i["indikator"], i["penjelasan"] or "", i["sumber_data"]] for i in inds])
    doc.save(out / "g5_iki_caption_between.docx")
    return gold_doc("g5_iki_caption_between.docx", "Kabupaten Sidrap",
                    "Dinas Pengendalian Penduduk dan Keluarga Berencana", None, [
                        {"kind": "IKI", "jabatan": n, "year": None, "tugas": [t], "fungsi": f, "indicators": i}
                        for n, t, f, i in blocks])


SETS = {"1": [h1_iku_label_table, h2_pk_eselon3_word, h3_pk_lampiran_titles, h4_pk_functional,
              h5_iku_duty_sentences, h6_unit_pages_acronym],
        "2": [g1_pk_eselon2_word, g2_iku_visi_misi_decree, g3_pk_title_continued, g4_pk_functional_volume,
              g5_iki_caption_between]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--out", help="folder for the documents, gold and output (default: a temporary one)")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--set", choices=sorted(SETS) + ["all"], default="all", help="which held-out set (default: all)")
    a = ap.parse_args(argv)
    work = Path(a.out or tempfile.mkdtemp(prefix="iki-heldout-"))
    docs = work / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    golds = []
    for make in (m for k, ms in SETS.items() if a.set in (k, "all") for m in ms):
        gold = make(docs)
        path = work / "gold" / (Path(gold["source"]).name.split(".")[0] + ".json")
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
        golds.append(str(path))
    iki = Path(sys.executable).parent / "iki"
    subprocess.run([str(iki), "extract", str(docs), "-o", str(work / "out"), "-q", "--jobs", "2"], check=False)
    cmd = [sys.executable, str(SHARED / "score.py"), str(work / "out"), *golds] + (["-v"] if a.verbose else [])
    subprocess.run(cmd, check=False)
    subprocess.run([sys.executable, str(SHARED / "real" / "flatscore.py"), str(work / "out"), *golds], check=False)
    print(f"documents, gold and output in {work}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
