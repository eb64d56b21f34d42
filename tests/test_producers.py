"""`iki extract` on IKI documents printed by other producers, compared with their gold.

tests/data/producers holds the first four positions of gold 000 and 003 printed by
samples/make_producers.py: HTML printed by headless Chromium with CSS borders on every cell
(`html_grid`), with no rules (`html_plain`) and with booktabs rules (`html_booktabs`);
LibreOffice exports of Word tables in light styles (`lo_light`: no vertical rules, a rule
under the header; `lo_lightlist`: a rule under every row); reportlab tables with horizontal
rules only (`rl_hrules`), turned sideways on the page (`rl_sideways`) or stored with /Rotate
(`rl_rotate`). Each style has a bar: documents with rules must read as well as the samples,
those without rules a little lower, and no indicator row may be lost without rules either.
"""
from pathlib import Path

import pandas as pd
import pytest

from iki.cli import main
from iki.evaluate import evaluate_folder

pytestmark = pytest.mark.slow

PRODUCERS = Path(__file__).resolve().parent / "data" / "producers"
# style -> (lowest score of one document, lowest indicator F1)
BARS = {
    "html_grid": (0.97, 0.95), "rl_sideways": (0.97, 0.97), "rl_rotate": (0.97, 0.97),
    "html_plain": (0.92, 0.95), "html_booktabs": (0.92, 0.95), "rl_hrules": (0.98, 0.97),
    "lo_light": (0.92, 0.80), "lo_lightlist": (0.95, 0.85),
}


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("producers")
    assert main(["extract", str(PRODUCERS), "-o", str(out), "-q"]) == 0
    golds = sorted(PRODUCERS.glob("*.json"))
    found = evaluate_folder(out, golds)
    assert len(found) == len(golds) == 16
    docs = pd.read_parquet(out / "documents.parquet")
    assert set(docs.status) == {"ok"}
    return {s.name.split(" ")[0]: s for s in found}


@pytest.mark.parametrize("style", sorted(BARS))
def test_each_producer_style_reads_to_its_bar(scores, style):
    low_score, low_ind = BARS[style]
    mine = [s for name, s in scores.items() if name.endswith(style)]
    assert len(mine) == 2
    for s in mine:
        assert s.positions_f1 == 1.0, (s.name, s.differences[:10])
        assert s.score >= low_score and s.indicators_f1 >= low_ind, (s.name, s.score, s.indicators_f1,
                                                                    s.differences[:10])


def test_tables_with_and_without_rules_read_well_on_average(scores):
    ruled = [s.score for n, s in scores.items() if n.endswith(("html_grid", "rl_sideways", "rl_rotate"))]
    unruled = [s for n, s in scores.items() if not n.endswith(("html_grid", "rl_sideways", "rl_rotate"))]
    assert sum(ruled) / len(ruled) >= 0.97
    assert sum(s.score for s in unruled) / len(unruled) >= 0.96
    assert sum(s.indicators_f1 for s in unruled) / len(unruled) >= 0.90
