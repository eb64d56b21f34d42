"""Formulas in layouts and producers the seeds never use (tests/data/formula_layouts, made by
samples/make_formula_layouts.py: text, Word, LibreOffice PDF, Chromium PDF, reportlab PDF), the
real agency phrasings of case k06, and one canonical formula whatever the layout."""
import json
from pathlib import Path

import docx
import pandas as pd
import pytest
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from iki.cli import main
from iki.evaluate import evaluate_folder, fold, pair_in_order, pooled_fields
from iki.pipeline import process_file
from schema.warnings import warning_code

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ROOT / "tests" / "data" / "formula_layouts"
K06 = ROOT / "tests" / "data" / "cases" / "real-kinds" / "k06_prose_formulas.txt"
BAR = 0.95  # issue 12: pooled over every row, each of these fields
FIELDS = ("formula_type", "numerator", "denominator", "penjelasan")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("layouts")
    files = sorted(str(p) for p in LAYOUTS.iterdir() if p.suffix != ".json")
    assert len(files) == 7
    assert main(["extract", *files, "-o", str(out), "-q", "--jobs", "1"]) == 0
    return out


@pytest.mark.slow
def test_formula_fields_meet_the_bar_pooled_over_every_producer(out):
    scores = evaluate_folder(out, sorted(LAYOUTS.glob("*.json")))
    assert len(scores) == 7 and not any(s.error for s in scores)
    pooled = pooled_fields(scores)
    assert sum(s.field_counts["formula_type"][1] for s in scores) > 350
    for f in FIELDS:
        assert pooled[f] >= BAR, (f, pooled[f], [d for s in scores for d in s.differences if d.startswith(f)][:10])
    for s in scores:  # and no producer far behind the others
        for f in FIELDS:
            assert s.fields[f] >= 0.9, (s.name, f, s.fields[f], s.differences[:10])


@pytest.mark.slow
def test_key_values_in_the_cell_become_columns(out):
    ind = pd.read_parquet(out / "indicators.parquet")
    docs = pd.read_parquet(out / "documents.parquet").set_index("doc_id")
    ind["file"] = ind.doc_id.map(docs.file_name)
    expected = {}
    for g in LAYOUTS.glob("*.json"):
        gold = json.loads(g.read_text(encoding="utf-8"))
        for p in gold["positions"]:
            for i in p["indicators"]:
                if i.get("calc_type") or i.get("polarity"):
                    expected[(gold["source"], fold(i["indikator"]))] = (i.get("calc_type"), i.get("polarity"))
    assert len(expected) > 20
    ind = ind.astype(object).where(ind.notna(), None)
    found = {(r.file, fold(r.indikator)): (r.calc_type, r.polarity) for r in ind.itertuples()}
    right = sum(found.get(k) == v for k, v in expected.items())
    assert right / len(expected) >= 0.95, [(k, v, found.get(k)) for k, v in expected.items() if found.get(k) != v][:5]


@pytest.mark.slow
def test_rows_read_from_words_or_told_without_label_carry_a_warning(out):
    ind = pd.read_parquet(out / "indicators.parquet")
    codes = [{warning_code(w) for w in ws} for ws in ind.warnings]
    ratio_words = ind.formula_raw.fillna("").str.contains(r"dibagi|Perbandingan|perbandingan")
    assert ratio_words.sum() > 10
    assert all("formula_from_words" in c for c, w in zip(codes, ratio_words) if w)
    assert sum("formula_inferred" in c for c in codes) > 50


def test_real_agency_phrasings_k06(tmp_path):
    """Case k06: seven ways of writing a ratio in words, each row right, Tipe Perhitungan parsed."""
    assert main(["extract", str(K06), "-o", str(tmp_path), "-q", "--jobs", "1"]) == 0
    [s] = evaluate_folder(tmp_path, [K06.with_suffix(".json")])
    for f in ("formula_type", "numerator", "denominator", "multiplier", "unit", "penjelasan"):
        assert s.field_counts[f] == (7, 7), (f, s.differences)
    ind = pd.read_parquet(tmp_path / "indicators.parquet").sort_values("seq")
    assert ind.calc_type.fillna("").tolist() == [""] * 4 + ["non_cumulative"] * 2 + [""]
    assert all("formula_from_words" in {warning_code(w) for w in ws} for ws in ind.warnings.iloc[[0, 1, 2, 5, 6]])


def _canonicals(out: Path, stem: str, gold: dict) -> dict[tuple[int, int], tuple[str | None, dict]]:
    """(position, indicator) index in the gold → (extracted formula_canonical, gold row), rows paired by
    their indicator names in order."""
    docs = pd.read_parquet(out / "documents.parquet")
    doc_id = docs[docs.file_name.str.startswith(stem + ".")].doc_id.iloc[0]
    ind = pd.read_parquet(out / "indicators.parquet")
    ind = ind[ind.doc_id == doc_id].sort_values("indicator_id")
    keys = [(p, k) for p, pos in enumerate(gold["positions"]) for k in range(len(pos["indicators"]))]
    golds = [gold["positions"][p]["indicators"][k] for p, k in keys]
    pairs = pair_in_order([g["indikator"] for g in golds], ind.indikator.tolist(), 75.0)
    return {keys[i]: (ind.formula_canonical.iloc[j], golds[i]) for i, j in pairs}


@pytest.mark.slow
@pytest.mark.parametrize("stem", ["003_text", "003_chromium", "000_word", "000_lo"])
def test_the_same_formula_in_another_layout_has_the_same_canonical_form(out, tmp_path, stem):
    seed = stem.split("_")[0]
    assert main(["extract", str(ROOT / "samples" / "seeds" / f"{seed}.txt"), "-o", str(tmp_path), "-q"]) == 0
    a = _canonicals(tmp_path, seed, json.loads((ROOT / "samples" / "gold" / f"{seed}.json").read_text()))
    b = _canonicals(out, stem, json.loads((LAYOUTS / f"{stem}.json").read_text()))
    same = [(a[k][0], b[k][0]) for k in a.keys() & b.keys()
            if a[k][1].get("formulas") == b[k][1].get("formulas") and not a[k][1].get("ambiguous")]
    assert len(same) > 20
    equal = sum(x == y for x, y in same)
    assert equal / len(same) >= 0.95, [(x, y) for x, y in same if x != y][:5]


def _border(p, side: str):
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    el = OxmlElement(f"w:{side}")
    for k, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
        el.set(qn(f"w:{k}"), v)
    bdr.append(el)
    ppr.append(bdr)


def test_word_fraction_bar_drawn_as_a_paragraph_border(tmp_path):
    """Numerator paragraph with a bottom border (or denominator with a top border), no multiplier: only
    the border tells a fraction from two lines of text."""
    d = docx.Document()
    d.add_paragraph("INDIKATOR KINERJA UTAMA")
    t = d.add_table(rows=3, cols=3)
    for c, h in zip(t.rows[0].cells, ("SASARAN", "INDIKATOR KINERJA", "PENJELASAN / FORMULASI")):
        c.text = h
    for k, side in ((1, "bottom"), (2, "top")):
        row = t.rows[k].cells
        row[0].text, row[1].text = f"Sasaran {k}", f"Rasio layanan {k} terhadap penduduk"
        row[2].text = "Data dari laporan bidang."
        num = row[2].add_paragraph(f"Jumlah layanan {k} yang diberikan")
        den = row[2].add_paragraph("Jumlah penduduk")
        _border(num if side == "bottom" else den, side)
    path = tmp_path / "border_bar.docx"
    d.save(path)
    rows = process_file(path).indicators
    assert [(r["formula_type"], r["numerator"], r["denominator"], r["penjelasan"]) for r in rows] == [
        ("ratio", f"Jumlah layanan {k} yang diberikan", "Jumlah penduduk", "Data dari laporan bidang.") for k in (1, 2)]
