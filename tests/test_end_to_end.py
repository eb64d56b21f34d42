"""`iki extract` on the sample documents, compared with their gold annotations."""
import json
import math
import shutil
from pathlib import Path

import docx
import pandas as pd
import pyarrow.parquet as pq

import pytest

from iki.cli import main
from iki.evaluate import evaluate_folder
from schema.tables import EXTRACT_TABLES, SCHEMA_VERSION, TABLES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "seeds"
GOLD = sorted((ROOT / "samples" / "gold").glob("*.json"))


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["extract", str(SEEDS), "-o", str(out), "-q"]) == 0
    return out


def test_every_sample_document_matches_its_gold(out):
    scores = evaluate_folder(out, GOLD)
    assert len(scores) == len(GOLD) == 4
    for s in scores:
        assert s.positions_f1 == 1.0, (s.name, s.differences[:10])
        assert s.score >= 0.95, (s.name, s.score, s.differences[:10])
    assert sum(s.score for s in scores) / len(scores) >= 0.97


def test_tables_have_the_documented_schema(out):
    for name in EXTRACT_TABLES:
        cols = TABLES[name]
        f = pq.ParquetFile(out / f"{name}.parquet")
        assert f.schema_arrow.names == [c.name for c in cols]
        assert f.schema_arrow.metadata[b"iki.schema_version"] == SCHEMA_VERSION.encode()
    assert not list(out.glob(".*.tmp"))


def test_rows_link_up_and_carry_provenance(out):
    docs = pd.read_parquet(out / "documents.parquet")
    pos = pd.read_parquet(out / "positions.parquet")
    ind = pd.read_parquet(out / "indicators.parquet")
    flat = pd.read_parquet(out / "flat.parquet")
    assert set(docs.status) == {"ok"}
    assert set(pos.doc_id) <= set(docs.doc_id)
    assert set(ind.position_id) <= set(pos.position_id)
    assert len(flat) == len(ind) and flat.jabatan.notna().sum() == (ind.position_id.map(
        pos.set_index("position_id").jabatan).notna()).sum()
    assert ind.line.notna().all() and pos.line.notna().all()
    by_doc = docs.set_index("file_name")
    assert by_doc.loc["000.txt", "region"] == "Kota Probolinggo" and by_doc.loc["000.txt", "year"] == 2019
    assert by_doc.loc["001.txt", "region"] == "Kabupaten Lumajang"


def test_formula_and_target_columns(out):
    ind = pd.read_parquet(out / "indicators.parquet")
    ratio = ind[ind.indikator == "Persentase Peningkatan Disiplin Aparatur"].iloc[0]
    assert (ratio.formula_type, ratio.multiplier, ratio.unit) == ("ratio", 100.0, "%")
    assert ratio.denominator == "Jumlah pegawai Dinas Sosial Kota Probolinggo"
    arsip = ind[ind.target_raw == "4.000 berkas"].iloc[0]
    assert (arsip.target_value, arsip.target_unit) == (4000.0, "berkas")
    stacked = ind[ind.indikator == "Persentase penanganan eks penyandang penyakit sosial"].iloc[0]
    assert stacked.numerator == "Jumlah penanganan eks penyandang penyakit sosial"
    assert stacked.denominator == "Jumlah eks penyandang penyakit sosial"


def test_ids_are_stable_across_runs(out, tmp_path):
    assert main(["extract", str(SEEDS), "-o", str(tmp_path), "-q"]) == 0
    for name in ("positions", "indicators", "duties"):
        a = pd.read_parquet(out / f"{name}.parquet")
        b = pd.read_parquet(tmp_path / f"{name}.parquet")
        pd.testing.assert_frame_equal(a, b)


def test_year_and_region_overrides(tmp_path):
    assert main(["extract", str(SEEDS / "001.txt"), "-o", str(tmp_path), "-q", "--year", "2021",
                 "--region", "Kabupaten Lumajang"]) == 0
    pos = pd.read_parquet(tmp_path / "positions.parquet")
    docs = pd.read_parquet(tmp_path / "documents.parquet")
    assert set(pos.year) == {2021} and docs.year.iloc[0] == 2021


@pytest.mark.slow
def test_bad_files_get_a_row_and_a_reason_without_stopping_the_batch(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "empty.txt").write_bytes(b"")
    (src / "scan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    (src / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (src / "notes.txt").write_text("Rapat koordinasi hari Senin.\n")
    (src / "000.txt").write_bytes((SEEDS / "000.txt").read_bytes())
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "-q"]) == 1  # some files failed
    docs = pd.read_parquet(out / "documents.parquet").set_index("file_name")
    assert docs.loc["empty.txt", "status"] == "error" and "empty" in docs.loc["empty.txt", "error"]
    assert docs.loc["scan.pdf", "status"] == "error" and "PDF" in docs.loc["scan.pdf", "error"]
    assert docs.loc["binary.txt", "status"] == "unsupported"  # not a document iki reads: not a failure
    assert docs.loc["notes.txt", "status"] == "no_iki_found"
    assert docs.loc["000.txt", "status"] == "ok" and docs.loc["000.txt", "n_positions"] == 15
    pos = pd.read_parquet(out / "positions.parquet")
    assert len(pos) == 15


def test_every_warning_starts_with_a_documented_code(out):
    from schema.warnings import warning_code
    seen = 0
    for name, col in (("documents", "warnings"), ("positions", "warnings"), ("indicators", "warnings")):
        for ws in pd.read_parquet(out / f"{name}.parquet")[col]:
            for w in ws:
                seen += 1
                assert warning_code(w), (name, w)
    assert seen > 0


def test_data_dictionary_is_up_to_date():
    from schema.tables import data_dictionary
    assert (ROOT / "schema" / "DATA_DICTIONARY.md").read_text(encoding="utf-8").strip() == data_dictionary().strip()


def test_help_explains_the_command(capsys):
    with pytest.raises(SystemExit):
        main(["extract", "--help"])
    text = capsys.readouterr().out
    assert "-o OUT" in text and "--year" in text and "status" in text


def test_gold_json_is_the_documented_format():
    for g in GOLD:
        data = json.loads(g.read_text(encoding="utf-8"))
        assert {"region", "agency", "year", "positions"} <= set(data)
        assert all(not isinstance(p.get("year"), float) or not math.isnan(p["year"]) for p in data["positions"])


VARIANTS = ROOT / "tests" / "data" / "variants"


@pytest.mark.slow
def test_other_layouts_of_the_same_documents(tmp_path):
    """The seeds re-rendered by samples/render_text.py (pipe, HTML, tab and one-cell-per-line tables,
    other label and list styles) must read as well as the originals."""
    main(["extract", str(VARIANTS), "-o", str(tmp_path), "-q"])
    scores = evaluate_folder(tmp_path, sorted(VARIANTS.glob("*.json")))
    assert len(scores) == 12
    for s in scores:
        assert s.positions_f1 == 1.0 and s.score >= 0.95, (s.name, s.score, s.differences[:10])


DOCX = ROOT / "samples" / "docx"


@pytest.mark.slow
def test_word_documents_read_as_well_as_the_text(tmp_path):
    """DOCX rendered from the gold by samples/make_docx.py (Word numbering, equations, merged cells,
    layout tables, tables continued after page breaks) plus one made by hand in another style."""
    assert main(["extract", str(DOCX), "-o", str(tmp_path), "-q"]) == 0
    golds = sorted(DOCX.glob("*.json"))
    scores = evaluate_folder(tmp_path, golds)
    assert len(scores) == len(golds) == 9
    for s in scores:
        assert s.positions_f1 == 1.0 and s.score >= 0.97, (s.name, s.score, s.differences[:10])
    docs = pd.read_parquet(tmp_path / "documents.parquet")
    assert set(docs.format) == {"docx"} and (docs.n_pages > 1).all()


ODT = ROOT / "samples" / "odt"


@pytest.mark.slow
def test_opendocument_text_read_as_well_as_the_word_documents(tmp_path):
    """ODT made by LibreOffice (samples/make_odt.py): Word samples it saved as ODT (list styles,
    Math objects, covered cells, frames) and documents written as LibreOffice writes its own
    (list prefixes/suffixes, continued lists, text boxes, border fraction bars, soft page breaks)."""
    assert main(["extract", str(ODT), "-o", str(tmp_path), "-q"]) == 0
    golds = sorted(ODT.glob("*.json"))
    scores = evaluate_folder(tmp_path, golds)
    assert len(scores) == len(golds) == 6
    for s in scores:
        assert s.positions_f1 == 1.0 and s.score >= 0.97, (s.name, s.score, s.differences[:10])
    assert sum(s.score for s in scores) / len(scores) >= 0.99
    docs = pd.read_parquet(tmp_path / "documents.parquet")
    assert set(docs.format) == {"odt"} and (docs.n_pages > 1).all()
    ind = pd.read_parquet(tmp_path / "indicators.parquet")
    assert ind.formula_raw.str.contains("\\frac", regex=False).sum() >= 10  # formulas from Math objects


@pytest.mark.slow
def test_a_word_document_and_its_libreoffice_odt_give_the_same_records(tmp_path):
    main(["extract", str(DOCX / "handmade_numbering.docx"), str(ODT / "handmade_numbering.odt"),
          "-o", str(tmp_path), "-q"])
    from iki.evaluate import fold

    docs = pd.read_parquet(tmp_path / "documents.parquet").set_index("file_name")
    ind = pd.read_parquet(tmp_path / "indicators.parquet")
    du = pd.read_parquet(tmp_path / "duties.parquet")

    def records(name):
        doc_id = docs.loc[name, "doc_id"]
        rows = ind[ind.doc_id == doc_id].sort_values(["position_id", "seq"])
        return ([(fold(a), b, fold(c), fold(d)) for a, b, c, d in
                 zip(rows.indikator, rows.formula_type, rows.numerator, rows.denominator)],
                sorted((lab, fold(t)) for lab, t in du[du.doc_id == doc_id][["label", "text"]].values))

    assert records("handmade_numbering.docx") == records("handmade_numbering.odt")


@pytest.mark.slow
@pytest.mark.skipif(not __import__("extractors.readers.office", fromlist=["can_convert"]).can_convert("doc"),
                    reason="LibreOffice Writer is not installed (setup.sh installs it where it can)")
def test_a_legacy_word_97_doc_gives_the_records_of_its_docx(tmp_path):
    """Word 97-2003 .doc files (saved from the DOCX samples by LibreOffice) read through the LibreOffice
    conversion: the same positions, duties, indicators and targets as the DOCX they were saved from. (LibreOffice's
    .doc export drops Word equations, so formulas are not compared, and restarts some list counters.)"""
    formats = ROOT / "tests" / "data" / "formats"
    pairs = [("legacy_002a_v1.doc", "002a_v1.docx"), ("legacy_handmade_numbering.doc", "handmade_numbering.docx")]
    src = tmp_path / "in"
    src.mkdir()
    for doc, word in pairs:
        shutil.copyfile(formats / doc, src / doc)
        shutil.copyfile(DOCX / word, src / word)
    assert main(["extract", str(src), "-o", str(tmp_path / "out"), "-q", "--jobs", "1"]) == 0
    from iki.evaluate import fold

    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("file_name")
    ind = pd.read_parquet(tmp_path / "out" / "indicators.parquet")
    du = pd.read_parquet(tmp_path / "out" / "duties.parquet")
    pos = pd.read_parquet(tmp_path / "out" / "positions.parquet")

    def records(name):
        doc_id = docs.loc[name, "doc_id"]
        rows = ind[ind.doc_id == doc_id].sort_values(["position_id", "seq"])
        return (sorted(fold(j) for j in pos[pos.doc_id == doc_id].jabatan.dropna()),
                [(fold(a), fold(b), fold(c)) for a, b, c in zip(rows.sasaran, rows.indikator, rows.target_raw)],
                # the texts in their order (LibreOffice's .doc export restarts some list counters: labels differ)
                [(sec, fold(t)) for sec, t in du[du.doc_id == doc_id][["section", "text"]].values],
                tuple(docs.loc[name, ["region", "agency", "year"]]))

    for doc, word in pairs:
        assert docs.loc[doc, "status"] == "ok" and docs.loc[doc, "format"] == "doc"
        got, want = records(doc), records(word)
        assert got[0] == want[0] and got[2] == want[2] and got[3] == want[3], doc
        assert len(got[1]) == len(want[1]) >= 5 and got[1] == want[1], doc


@pytest.mark.slow
def test_legacy_doc_without_libreoffice_names_the_missing_tool(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copyfile(ROOT / "tests" / "data" / "formats" / "mini.doc", src / "lama.doc")
    shutil.copyfile(ROOT / "tests" / "data" / "formats" / "mini.rtf", src / "lama.rtf")
    (src / "rusak.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)  # no Word stream in it
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on the PATH
    main(["extract", str(src), "-o", str(tmp_path / "out"), "-q", "--jobs", "1"])
    rows = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("file_name")
    for name, package in (("lama.doc", "libreoffice-writer-nogui"), ("lama.rtf", "libreoffice-writer-nogui")):
        assert rows.loc[name, "status"] == "error"
        assert "LibreOffice" in rows.loc[name, "error"] and package in rows.loc[name, "error"]
    assert rows.loc["rusak.doc", "status"] == "unsupported" and "not a document iki can read" in rows.loc["rusak.doc", "error"]


@pytest.mark.slow
def test_letterhead_laid_out_in_a_table_still_gives_region_and_agency(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 1).text = "PEMERINTAH KABUPATEN MALANG\nDINAS KESEHATAN\nJl. Panji No. 120"
    d.add_paragraph("INDIKATOR KINERJA INDIVIDU")
    d.add_paragraph("JABATAN : Kepala Seksi Surveilans")
    d.save(tmp_path / "kop.docx")
    main(["extract", str(tmp_path / "kop.docx"), "-o", str(tmp_path / "out"), "-q"])
    row = pd.read_parquet(tmp_path / "out" / "documents.parquet").iloc[0]
    assert (row.region, row.agency) == ("Kabupaten Malang", "Dinas Kesehatan")


PDF = ROOT / "samples" / "pdf"


@pytest.fixture(scope="module")
def pdf_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    assert main(["extract", str(PDF), "-o", str(out), "-q"]) == 0
    return out


@pytest.mark.slow
def test_pdf_documents_read_as_well_as_their_sources(pdf_out):
    """LibreOffice exports of the DOCX samples, two PDFs drawn by reportlab (stacked fractions drawn
    as lines, rows split by page breaks, running headers), and one with a /Rotate page."""
    golds = sorted(PDF.glob("*.json"))
    scores = evaluate_folder(pdf_out, golds)
    assert len(scores) == len(golds) == 12
    for s in scores:
        assert s.positions_f1 == 1.0 and s.score >= 0.97, (s.name, s.score, s.differences[:10])
    docs = pd.read_parquet(pdf_out / "documents.parquet")
    ind = pd.read_parquet(pdf_out / "indicators.parquet")
    assert set(docs.format) == {"pdf"} and ind.page.notna().all()


@pytest.mark.slow
def test_a_pdf_and_its_docx_give_the_same_records(pdf_out, tmp_path):
    """001 has no equations, so its DOCX and its PDF export must agree row for row."""
    main(["extract", str(DOCX / "001_v1.docx"), "-o", str(tmp_path), "-q"])
    from iki.evaluate import fold

    def records(out, name):
        docs = pd.read_parquet(out / "documents.parquet")
        doc_id = docs[docs.file_name == name].doc_id.iloc[0]
        pos = pd.read_parquet(out / "positions.parquet").query("doc_id == @doc_id").sort_values("seq")
        ind = pd.read_parquet(out / "indicators.parquet").query("doc_id == @doc_id").sort_values(["position_id", "seq"])
        du = pd.read_parquet(out / "duties.parquet").query("doc_id == @doc_id")
        return ([fold(j) for j in pos.jabatan], [(fold(a), fold(b), fold(c)) for a, b, c in
                                                 zip(ind.indikator, ind.sasaran, ind.sumber_data)],
                sorted(fold(t) for t in du.text))

    assert records(tmp_path, "001_v1.docx") == records(pdf_out, "001_v1.pdf")


def test_password_protected_and_broken_pdfs_get_a_clear_error(tmp_path):
    from pypdf import PdfReader, PdfWriter

    src = tmp_path / "in"
    src.mkdir()
    w = PdfWriter(clone_from=PdfReader(str(PDF / "003_rl.pdf")))
    w.encrypt("rahasia")
    w.write(str(src / "locked.pdf"))
    (src / "cut.pdf").write_bytes((PDF / "003_rl.pdf").read_bytes()[:3000])
    assert main(["extract", str(src), "-o", str(tmp_path / "out"), "-q"]) == 1
    docs = pd.read_parquet(tmp_path / "out" / "documents.parquet").set_index("file_name")
    assert docs.loc["locked.pdf", "status"] == "error" and "password" in docs.loc["locked.pdf", "error"]
    assert docs.loc["cut.pdf", "status"] == "error"


SCANS = ROOT / "samples" / "scans"


@pytest.mark.skipif(__import__("extractors.readers.scan", fromlist=["x"]).tesseract_missing() is not None,
                    reason="tesseract not installed")
@pytest.mark.ocr
def test_scanned_documents_read_by_ocr(tmp_path):
    """Scans made by samples/make_scans.py: rasterised at 175 dpi, turned up to 1.5°, noisy, JPEG;
    three image-only PDFs and one PNG page."""
    golds = sorted(SCANS.glob("*.json"))  # the seeds' scans (office/ and phone/ have tests of their own)
    scans = [str(p) for p in sorted(SCANS.glob("*.*")) if p.suffix in (".pdf", ".png")]
    assert main(["extract", *scans, "-o", str(tmp_path), "-q"]) == 0
    scores = evaluate_folder(tmp_path, golds)
    assert len(scores) == len(golds) == 4
    for s in scores:
        assert s.positions_f1 >= 0.98 and s.score >= 0.92, (s.name, s.score, s.differences[:10])
    docs = pd.read_parquet(tmp_path / "documents.parquet")
    assert (docs.ocr_pages > 0).all() and set(docs.format) == {"pdf", "image"}
    ind = pd.read_parquet(tmp_path / "indicators.parquet")
    assert ind.ocr_confidence.notna().all() and ind.ocr_confidence.between(0, 100).all()


@pytest.mark.ocr
def test_ocr_never_reports_the_scan_instead_of_reading_it(tmp_path):
    main(["extract", str(SCANS / "001_scan.pdf"), "-o", str(tmp_path), "-q", "--ocr", "never"])
    row = pd.read_parquet(tmp_path / "documents.parquet").iloc[0]
    assert row.status == "error" and "no text layer" in row.error
