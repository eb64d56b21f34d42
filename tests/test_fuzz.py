"""The text extractor, the block parser and the formula normaliser never raise, whatever the input."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.parser.indicator_tables import indicators_from_tables
from extractors.parser.positions import parse_positions
from extractors.readers.text import extract_text
from normalize.formula import parse_formula, split_cell

pytestmark = pytest.mark.fuzz

PIECES = st.sampled_from([
    "JABATAN : ", "1. TUGAS :", "FUNGSI", "INDIKATOR KINERJA INDIVIDU", "\t", "\n", "\n\n", " - a. ", "b) ",
    "KINERJA\tINDIKATOR KINERJA\tFORMULASI\tSUMBER DATA\n", "| a | b |\n", "|---|---|\n", "<table><tr><td rowspan=2>",
    "</td></tr>", "<p>", "<math>", "$\\frac{", "}{", "} \\times 100\\%$", "f(x) = Σ ", "_____ X 100", "Jumlah ",
    "Persentase ", "Penjelasan :", "Formulasi Penghitungan :", "2019", "PEMERINTAH KOTA ", "\f", "**", "#", "(1)\t(2)\n",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(TEXT)
def test_text_to_records_never_raises(text):
    doc = extract_text(text)
    for pos in parse_positions(doc):
        indicators_from_tables(pos.tables)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(TEXT, st.one_of(st.none(), st.text(max_size=20)), st.booleans())
def test_formula_normaliser_never_raises(text, indikator, formula_only):
    parse_formula(text, indikator)
    r = split_cell(text, indikator, formula_only, text[:20])
    assert r.formula.type in ("ratio", "count", "index", "other", "none")
