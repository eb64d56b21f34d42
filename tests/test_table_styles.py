"""Tables as real producers draw them, end to end, against their gold.

tests/data/table_styles: the first two positions of gold 000 and 003 printed by
samples/make_table_styles.py in styles without a full grid: a rule under every row with cells
centred vertically (``html_light``), booktabs with centred cells (``html_booktabs_mid``,
``rl_booktabs``), and no rules with the header not repeated on the page a table continues on
(``rl_norules_nohead``), and ruled columns without row rules, cells centred (``html_columns_mid``).

tests/data/multihead: gold 003 as workbooks (samples/make_multihead_workbooks.py) whose indicator
tables have headers of several rows: a parent cell over its children, a third row over all
columns, staggered header cells.
"""
from pathlib import Path

import pytest

from iki.cli import main
from iki.evaluate import evaluate_folder

DATA = Path(__file__).resolve().parent / "data"


def scores(tmp_path, folder):
    out = tmp_path / "out"
    assert main(["extract", str(DATA / folder), "-o", str(out), "-q"]) == 0
    golds = sorted((DATA / folder).glob("*.json"))
    found = evaluate_folder(out, golds)
    assert len(found) == len(golds)
    return found


def test_tables_without_a_full_grid_read_to_their_bar(tmp_path):
    found = scores(tmp_path, "table_styles")
    assert all(s.positions_f1 == 1.0 for s in found), [(s.name, s.differences[:5]) for s in found]
    assert all(s.score >= 0.85 for s in found), [(s.name, s.score) for s in found]
    assert sum(s.score for s in found) / len(found) >= 0.95


def test_workbooks_with_headers_of_several_rows_read_every_column(tmp_path):
    found = scores(tmp_path, "multihead")
    assert all(s.score >= 0.99 and s.indicators_f1 == 1.0 for s in found), \
        [(s.name, s.score, s.differences[:5]) for s in found]
