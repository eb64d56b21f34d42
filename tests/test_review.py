"""The review folder (issue 27): provenance as geometry, `iki review`, corrections handed back.

* provenance: the extent of a row's cells (box, cell range, table rows, lines), the scan reader's frame
  mapped back to the page as displayed, a sideways table's boxes;
* the HTML of a review of a mixed batch (digital PDF, scanned image, Word, workbook, HTML, text), parsed:
  every row's element and id, its crop or source excerpt, the links, the "to check" view;
* OCR of crops finds the row's indikator text;
* corrections: the CSV the page saves, applied by `iki extract --corrections` after the cache;
* a real browser (headless Chromium, skipped when absent): the pages load, crops render, the filters and
  the marks work, and the CSV the page makes is accepted by `iki extract --corrections`.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pyarrow.parquet as pq
import pytest

from extractors.ir import Cell, Loc, Table, number_tables
from extractors.parser.provenance import extent
from extractors.readers import scan

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "data" / "cases" / "readers"
HAS_TESSERACT = scan.tesseract_missing() is None
needs_tesseract = pytest.mark.skipif(not HAS_TESSERACT, reason="tesseract not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

BATCH = ["samples/pdf/000_v1.pdf", "samples/docx/001_v1.docx", "samples/xlsx/000_sheets.xlsx",
         "samples/seeds/000.txt", "samples/html/001_v1_html.html"]
SCANS = ["samples/scans/003_page1.png"]


def iki(*args, cwd=ROOT, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "iki.cli", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)


def table(out: Path, name: str) -> list[dict]:
    from schema.writer import current_folder

    return pq.read_table(current_folder(out) / f"{name}.parquet").to_pylist()


def html(path: Path):
    import lxml.html

    return lxml.html.fromstring(path.read_bytes())


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", text.lower()).split())


def ocr(path: Path) -> str:
    r = subprocess.run(["tesseract", str(path), "stdout", "-l", "ind+eng", "--psm", "3"], capture_output=True,
                       text=True, timeout=120)
    return r.stdout


def found_in(needle: str, hay: str) -> float:
    from rapidfuzz import fuzz

    return fuzz.partial_ratio(norm(needle), norm(hay))


# ----------------------------------------------------------------------------- provenance


def test_extent_is_the_union_of_the_row_cells_a_merged_cell_does_not_stretch_it():
    sasaran = Loc(page=2, bbox=(50, 100, 150, 400), table=1, row=2)  # merged down over three rows
    ind = Loc(page=2, bbox=(150, 100, 300, 180), table=1, row=2)
    formula = Loc(page=2, bbox=(300, 100, 500, 180), table=1, row=2)
    below = Loc(page=2, bbox=(300, 180, 500, 220), table=1, row=3)  # a formula line folded into the row
    next_page = Loc(page=3, bbox=(10, 10, 20, 20), table=2, row=1)
    e = extent([(sasaran, 3), (ind, 1), (formula, 1), (below, 1), (next_page, 1)])
    assert e.page == 2
    assert e.bbox == (50, 100, 500, 220)
    assert (e.table, e.row, e.row_end) == (1, 2, 3)
    assert e.turn == 0


def test_extent_cell_range_and_lines():
    e = extent([(Loc(sheet="IKI", cell="B20"), 1), (Loc(sheet="IKI", cell="H21"), 1), (Loc(sheet="IKI", cell="AA20"), 1)])
    assert (e.sheet, e.cell, e.cell_range) == ("IKI", "B20", "B20:AA21")
    e = extent([(Loc(line=40), 1), (Loc(line=43), 1), (Loc(line=41), 1)])
    assert (e.line, e.line_end, e.bbox) == (40, 43, None)


def test_extent_uses_the_box_on_the_page_as_displayed():
    turned = Loc(page=1, bbox=(0, 0, 10, 10), page_bbox=(500, 20, 510, 30), turn=90)
    e = extent([(turned, 1)])
    assert e.bbox == (500, 20, 510, 30) and e.turn == 90


def test_number_tables_stamps_table_and_row_on_every_cell():
    t = Table(((Cell("a", 0, 0), Cell("b", 0, 1)), (Cell("c", 1, 0, rowspan=1),)))
    blocks = number_tables([t, t])
    assert [c.loc.table for b in blocks for row in b.rows for c in row] == [1, 1, 1, 2, 2, 2]
    assert [c.loc.row for row in blocks[1].rows for c in row] == [1, 1, 2]


def _dark_box(gray):
    import numpy as np

    ys, xs = np.where(gray < 128)
    return xs.min(), ys.min(), xs.max() + 1, ys.max() + 1


@pytest.mark.parametrize("turned", [0, 90, 180, 270])
@pytest.mark.parametrize("skew", [0.0, 1.6])
def test_page_frame_takes_the_prepared_page_back_to_the_source_image(turned, skew):
    """A mark on a source image, turned and deskewed as the scan reader does: its box in the OCR
    geometry's points, taken through page_frame, is where the mark is on the source (at its resolution)."""
    import cv2
    import numpy as np

    from extractors.geometry.primitives import map_box

    src = np.full((300, 400), 255, np.uint8)
    src[40:70, 50:120] = 0
    gray = np.ascontiguousarray(np.rot90(src, -(turned // 90))) if turned in (90, 270) else src
    if skew:
        h, w = gray.shape
        gray = cv2.warpAffine(gray, cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0), (w, h),
                              flags=cv2.INTER_NEAREST, borderValue=255)
    if turned == 180:  # the half turn comes after deskewing (a page that read better upside down)
        gray = np.ascontiguousarray(gray[::-1, ::-1])
    page = scan.PreparedPage(gray, dpi=150.0, turned=turned, skew=skew, src_dpi=100.0)
    m = page_frame = scan.page_frame(page)
    assert page_frame is not None
    k = 72.0 / 150.0
    x0, y0, x1, y1 = _dark_box(gray)
    got = map_box(m, (x0 * k, y0 * k, x1 * k, y1 * k))
    want = tuple(v * 72.0 / 100.0 for v in (50, 40, 120, 70))
    slack = 4.0 if skew else 1.5  # the box of a slightly turned box is a little larger
    assert all(abs(a - b) <= slack for a, b in zip(got, want)), (got, want)


def test_page_frame_of_a_straightened_photo():
    import cv2
    import numpy as np

    from extractors.geometry.primitives import map_box

    src = np.full((600, 500), 255, np.uint8)
    src[200:240, 150:300] = 0
    quad = np.array([[40, 30], [460, 60], [470, 570], [20, 550]], np.float32)
    m, (w, h) = scan.unwarp_matrix(src, quad)
    flat = cv2.warpPerspective(src, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=255)
    page = scan.PreparedPage(flat, dpi=60.0, src_dpi=None, warp=m, unwarped=True)
    x0, y0, x1, y1 = _dark_box(flat)
    k = 72.0 / 60.0
    got = map_box(scan.page_frame(page), (x0 * k, y0 * k, x1 * k, y1 * k))
    # the mark's corners are inside the mapped box, which is not much larger (a pixel per point: no dpi)
    assert got[0] <= 151 and got[1] <= 201 and got[2] >= 299 and got[3] >= 239
    assert got[2] - got[0] < 170 and got[3] - got[1] < 60


def test_an_upright_page_has_no_frame():
    import numpy as np

    page = scan.PreparedPage(np.full((10, 10), 255, np.uint8), dpi=200.0, src_dpi=200.0)
    assert scan.page_frame(page) is None


# ----------------------------------------------------------------------------- a reviewed batch


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    from iki.review import review

    tmp = tmp_path_factory.mktemp("review")
    src = tmp / "in"
    src.mkdir()
    for rel in BATCH + (SCANS if HAS_TESSERACT else []):
        shutil.copy(ROOT / rel, src / Path(rel).name)
    out = tmp / "out"
    r = iki("extract", src, "-o", out, "-q", "--jobs", "2")
    assert r.returncode == 0, r.stderr
    dest = tmp / "review"
    result = review(out, dest, jobs=2)
    return SimpleNamespace(tmp=tmp, src=src, out=out, dest=dest, result=result, docs=table(out, "documents"),
                           rows=table(out, "indicators"), positions=table(out, "positions"))


def test_every_page_row_carries_its_box_and_every_other_row_its_table_or_lines(batch):
    by_doc = {d["doc_id"]: d for d in batch.docs}
    for r in batch.rows:
        fmt = by_doc[r["doc_id"]]["format"]
        if fmt in ("pdf", "image"):
            assert r["page"] and r["box_x0"] is not None and r["box_x1"] > r["box_x0"] and r["box_bottom"] > r["box_top"]
            assert r["box_turn"] == 0
        elif fmt == "xlsx":
            assert r["sheet"] and re.fullmatch(r"[A-Z]+\d+(:[A-Z]+\d+)?", r["cell_range"]) and r["table_index"]
        elif fmt in ("docx", "html"):
            assert r["table_index"] and r["table_row"] and r["table_row_end"] >= r["table_row"]
        elif fmt == "text":
            assert r["line"] and r["line_end"] >= r["line"]
    assert all(p["box_x0"] is not None for p in batch.positions
               if by_doc[p["doc_id"]]["format"] == "pdf" and p["page"])


def test_every_row_has_its_element_on_its_document_page(batch):
    dest = batch.dest
    for d in batch.docs:
        rows = {r["indicator_id"] for r in batch.rows if r["doc_id"] == d["doc_id"]}
        page = dest / f"doc_{d['doc_id']}.html"
        assert page.exists()
        tree = html(page)
        ids = [e.get("data-indicator-id") for e in tree.xpath("//*[@data-indicator-id]")]
        assert sorted(ids) == sorted(rows)
        assert len(tree.xpath("//section[@data-position-id]")) == d["n_positions"]


def test_page_rows_have_a_crop_file_others_their_source_as_text(batch):
    from PIL import Image

    by_doc = {d["doc_id"]: d for d in batch.docs}
    for d in batch.docs:
        tree = html(batch.dest / f"doc_{d['doc_id']}.html")
        for art in tree.xpath("//article[@data-indicator-id]"):
            iid = art.get("data-indicator-id")
            fmt = by_doc[d["doc_id"]]["format"]
            imgs = art.xpath(".//img[@class='crop']")
            if fmt in ("pdf", "image"):
                assert [i.get("src") for i in imgs] == [f"crops/{iid}.png"]
                with Image.open(batch.dest / "crops" / f"{iid}.png") as im:
                    assert im.width > 50 and im.height > 10
            elif fmt == "text":
                assert art.xpath(".//pre[@class='lines']"), iid
            else:
                assert art.xpath(".//table[@class='cells']"), iid
    assert batch.result.crops == sum(1 for r in batch.rows if by_doc[r["doc_id"]]["format"] in ("pdf", "image"))


def test_workbook_and_word_rows_show_their_source_cells(batch):
    by_id = {r["indicator_id"]: r for r in batch.rows}
    seen = set()
    for d in batch.docs:
        if d["format"] not in ("xlsx", "docx", "html"):
            continue
        tree = html(batch.dest / f"doc_{d['doc_id']}.html")
        for art in tree.xpath("//article[@data-indicator-id]")[:5]:
            r = by_id[art.get("data-indicator-id")]
            text = " ".join(art.xpath(".//table[@class='cells']//td//text()"))
            assert found_in(r["indikator"], text) >= 90, (r["indikator"], text)
            if d["format"] == "xlsx":
                assert r["cell_range"].split(":")[0] in art.xpath(".//p[@class='where']")[0].text_content()
            seen.add(d["format"])
    assert seen == {"xlsx", "docx", "html"}


def test_check_lists_exactly_the_rows_with_warnings(batch):
    tree = html(batch.dest / "check.html")
    ids = sorted(e.get("data-indicator-id") for e in tree.xpath("//article[@data-indicator-id]"))
    assert ids == sorted(r["indicator_id"] for r in batch.rows if r["warnings"])
    assert ids  # the workbook has inferred formulas
    codes = {o.get("value") for o in tree.xpath("//select[@id='f-code']/option") if o.get("value")}
    assert codes == {w.split(":")[0] for r in batch.rows for w in r["warnings"]}
    docs = {o.get("value") for o in tree.xpath("//select[@id='f-doc']/option") if o.get("value")}
    assert docs == {r["doc_id"] for r in batch.rows if r["warnings"]}


def test_every_link_and_image_of_the_folder_exists(batch):
    pages = sorted(batch.dest.glob("*.html"))
    assert {"index.html", "check.html"} <= {p.name for p in pages}
    for page in pages:
        tree = html(page)
        for ref in tree.xpath("//a/@href | //img/@src | //link/@href | //script/@src"):
            target = ref.split("#")[0].split("?")[0]
            if target:
                assert (batch.dest / target).is_file(), (page.name, ref)
    index = html(batch.dest / "index.html")
    assert sorted(e.get("data-doc-id") for e in index.xpath("//tr[@data-doc-id]")) == sorted(d["doc_id"] for d in batch.docs)


def test_the_review_folder_is_light(batch):
    assert not any(batch.dest.rglob("*.tmp*"))
    for page in batch.dest.glob("*.html"):
        assert "data:image" not in page.read_text(encoding="utf-8")  # images are files, not inline blobs
    assert batch.result.bytes < 5_000_000


@needs_tesseract
def test_ocr_of_a_pdf_row_crop_finds_its_indikator(batch):
    pdf = next(d for d in batch.docs if d["file_name"] == "000_v1.pdf")
    rows = [r for r in batch.rows if r["doc_id"] == pdf["doc_id"]]
    for r in rows[:: max(1, len(rows) // 4)]:
        text = ocr(batch.dest / "crops" / f"{r['indicator_id']}.png")
        assert found_in(r["indikator"], text) >= 85, (r["indikator"], text)


@needs_tesseract
def test_ocr_of_a_scan_row_crop_finds_its_indikator(batch):
    img = next(d for d in batch.docs if d["format"] == "image")
    for r in (r for r in batch.rows if r["doc_id"] == img["doc_id"]):
        text = ocr(batch.dest / "crops" / f"{r['indicator_id']}.png")
        assert found_in(r["indikator"], text) >= 80, (r["indikator"], text)


@needs_tesseract
@pytest.mark.parametrize("name", ["p4_sideways_table_no_rotate.pdf", "p3_rotate90_displayed_upright.pdf"])
def test_a_sideways_table_is_cropped_upright(tmp_path, name):
    """A table printed sideways is read turned: its cells' boxes are given on the page as displayed, with
    the turn that makes them read, and the crop is turned upright."""
    import pypdfium2 as pdfium

    from extractors.readers.pdf import read_pdf
    from iki.review import SCALE, _cut, _png

    doc = read_pdf((CASES / name).read_bytes(), name)
    (t,) = [b for b in doc.blocks if isinstance(b, Table)]
    cell = next(c for row in t.rows for c in row if c.text == "Persentase dokumen")
    assert cell.loc.turn in (90, 270) or name.startswith("p3")
    pdf = pdfium.PdfDocument(str(CASES / name))
    w, h = pdf[0].get_size()
    box = cell.loc.shown_bbox
    assert 0 <= box[0] < box[2] <= w + 1 and 0 <= box[1] < box[3] <= h + 1
    arr = pdf[0].render(scale=SCALE, grayscale=True).to_numpy()
    _png(_cut(arr[:, :, 0] if arr.ndim == 3 else arr, box, SCALE, cell.loc.turn), tmp_path / "cell.png")
    assert found_in("Persentase dokumen", ocr(tmp_path / "cell.png")) >= 85


# ----------------------------------------------------------------------------- corrections


def test_read_corrections_reports_bad_lines_and_keeps_good_ones(tmp_path):
    from iki.corrections import read_corrections

    f = tmp_path / "c.csv"
    f.write_text("indicator_id,field,value\n"
                 "a-p001-i001,indikator,\"Jumlah, baru\"\n"
                 "a-p001-i002,verdict,right\n"
                 "a-p001-i003,nonsense,x\n"
                 "a-p001-i004,indicator_id,x\n"
                 "a-p001-i005,multiplier,abc\n"
                 "a-p001-i006,verdict,maybe\n"
                 "a-p001-i007,target_value,\"4,5\"\n", encoding="utf-8")
    c = read_corrections(f)
    assert c.fields == {"a-p001-i001": {"indikator": "Jumlah, baru"}, "a-p001-i007": {"target_value": "4,5"}}
    assert c.verdicts == {"a-p001-i002": "right"}
    assert len(c.problems) == 4 and all(p.startswith("line ") for p in c.problems)
    assert "not a column of indicators" in c.problems[0]


def test_corrections_file_without_its_columns_is_a_usage_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id;what\nx;y\n", encoding="utf-8")
    r = iki("extract", ROOT / "samples" / "seeds" / "000.txt", "-o", tmp_path / "out", "--corrections", bad)
    assert r.returncode == 2 and "indicator_id, field, value" in r.stderr
    assert not (tmp_path / "out").exists()


def _without(rows, ids):
    return [r for r in rows if r["indicator_id"] not in ids]


def test_corrections_change_those_rows_and_nothing_else_even_from_the_cache(tmp_path):
    src = ROOT / "samples" / "seeds"
    out = tmp_path / "out"
    assert iki("extract", src / "000.txt", src / "001.txt", "-o", out, "-q").returncode == 0
    before = table(out, "indicators")
    flat_before = table(out, "flat")
    a, b, c = before[0], before[5], before[-1]
    f = tmp_path / "corrections.csv"
    with open(f, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["indicator_id", "field", "value"])
        w.writerow([a["indicator_id"], "indikator", "Persentase pegawai, dikoreksi"])
        w.writerow([a["indicator_id"], "multiplier", "100"])
        w.writerow([b["indicator_id"], "verdict", "right"])
        w.writerow([c["indicator_id"], "verdict", "wrong"])
        w.writerow(["0000000000000000-p001-i001", "indikator", "x"])  # an id of no row
        w.writerow([a["indicator_id"], "no_such_field", "x"])
    r = iki("extract", src / "000.txt", src / "001.txt", "-o", out, "--corrections", f)  # from the cache
    assert r.returncode == 0, r.stderr
    assert "0000000000000000-p001-i001" in r.stderr and "no_such_field" in r.stderr
    after = table(out, "indicators")
    ids = {a["indicator_id"], b["indicator_id"], c["indicator_id"]}
    assert _without(after, ids) == _without(before, ids)  # nothing else changes
    got = {x["indicator_id"]: x for x in after}
    ra, rb, rc = got[a["indicator_id"]], got[b["indicator_id"]], got[c["indicator_id"]]
    assert ra["indikator"] == "Persentase pegawai, dikoreksi" and ra["verdict"] == "corrected"
    assert ra["multiplier"] == 100.0
    assert any(w.startswith("corrected: indikator") and repr(a["indikator"]) in w for w in ra["warnings"])
    assert {**rb, "verdict": None} == b and rb["verdict"] == "right"
    assert rc["verdict"] == "wrong" and rc["warnings"][-1].startswith("marked_wrong:")
    flat = {x["indicator_id"]: x for x in table(out, "flat")}
    assert flat[a["indicator_id"]]["indikator"] == "Persentase pegawai, dikoreksi"
    assert _without(list(flat.values()), ids) == _without(flat_before, ids)
    # the next run without the file reads what the documents say again
    assert iki("extract", src / "000.txt", src / "001.txt", "-o", out, "-q").returncode == 0
    assert table(out, "indicators") == before


# ----------------------------------------------------------------------------- a real browser

PROBE = """
<script>
window.addEventListener("load", function () {
  setTimeout(function () {
    var out = {};
    var imgs = Array.prototype.slice.call(document.querySelectorAll("img.crop"));
    out.images = imgs.length;
    out.broken = imgs.filter(function (i) { return !(i.complete && i.naturalWidth > 0); }).map(function (i) { return i.src; });
    var rows = Array.prototype.slice.call(document.querySelectorAll("article[data-indicator-id]"));
    out.rows = rows.length;
    out.visible = rows.filter(function (a) { return !a.hidden && a.offsetParent !== null; }).map(function (a) { return a.getAttribute("data-indicator-id"); });
    // mark the first visible row right, the second wrong, correct a field of the third
    var vis = rows.filter(function (a) { return !a.hidden; });
    if (vis[0]) vis[0].querySelector("button[data-verdict=right]").click();
    if (vis[1]) vis[1].querySelector("button[data-verdict=wrong]").click();
    if (vis[2]) { var dd = vis[2].querySelector("dd[data-field=indikator]"); dd.focus(); dd.textContent = "Dikoreksi, \\"di peramban\\""; dd.blur(); }
    out.csv = window.ikiReview ? window.ikiReview.csv() : null;
    out.marked = vis.slice(0, 3).map(function (a) { return a.getAttribute("data-indicator-id"); });
    var pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }, 300);
});
</script>
"""


def chromium(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", "--disable-dev-shm-usage", *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


def probe(page: Path, query: str = "", user_dir: Path | None = None) -> dict:
    copy = page.with_name(f"probe_{page.name}")
    copy.write_text(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    extra = [f"--user-data-dir={user_dir}"] if user_dir else []
    r = chromium(*extra, "--virtual-time-budget=8000", "--run-all-compositor-stages-before-draw", "--dump-dom",
                 copy.as_uri() + query)
    copy.unlink()
    import lxml.html

    tree = lxml.html.fromstring(r.stdout or "<html></html>")
    found = tree.xpath("//pre[@id='probe']")
    assert found, r.stderr[-2000:]
    return json.loads(found[0].text_content())


@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed")
def test_in_a_browser_crops_render_filters_work_and_the_csv_goes_back(batch, tmp_path):
    dest = batch.dest
    shot = tmp_path / "check.png"
    r = chromium("--window-size=1400,1800", f"--screenshot={shot}", "--virtual-time-budget=5000",
                 (dest / "check.html").as_uri())
    assert shot.exists() and shot.stat().st_size > 10_000, r.stderr[-2000:]

    pdf = next(d for d in batch.docs if d["file_name"] == "000_v1.pdf")
    got = probe(dest / f"doc_{pdf['doc_id']}.html", user_dir=tmp_path / "profile1")
    assert got["images"] == got["rows"] > 0 and got["broken"] == []

    warned = [x for x in batch.rows if x["warnings"]]
    every = probe(dest / "check.html", user_dir=tmp_path / "profile2")
    assert sorted(every["visible"]) == sorted(x["indicator_id"] for x in warned)
    code = warned[0]["warnings"][0].split(":")[0]
    doc = warned[0]["doc_id"]
    filtered = probe(dest / "check.html", f"?code={code}&doc={doc}", user_dir=tmp_path / "profile3")
    want = [x["indicator_id"] for x in warned if x["doc_id"] == doc and any(w.startswith(code + ":") for w in x["warnings"])]
    assert sorted(filtered["visible"]) == sorted(want)

    # the marks made on the page, saved as the CSV the page offers, are applied by the next run
    rows = list(csv.reader(got["csv"].splitlines()))
    assert rows[0] == ["indicator_id", "field", "value"] and len(rows) == 4
    f = tmp_path / "from_browser.csv"
    f.write_text(got["csv"], encoding="utf-8")
    before = table(batch.out, "indicators")
    r = iki("extract", batch.src, "-o", batch.out, "-q", "--corrections", f)
    assert r.returncode == 0, r.stderr
    after = {x["indicator_id"]: x for x in table(batch.out, "indicators")}
    right, wrong, edited = got["marked"]
    assert after[right]["verdict"] == "right" and after[wrong]["verdict"] == "wrong"
    assert after[edited]["indikator"] == 'Dikoreksi, "di peramban"' and after[edited]["verdict"] == "corrected"
    assert _without(list(after.values()), set(got["marked"])) == _without(before, set(got["marked"]))
    # and the next review lists the corrected rows to check, under their new code
    from iki.review import review

    review(batch.out, tmp_path / "review2", jobs=1)
    tree = html(tmp_path / "review2" / "check.html")
    codes = {o.get("value") for o in tree.xpath("//select[@id='f-code']/option")}
    assert {"corrected", "marked_wrong"} <= codes


# ----------------------------------------------------------------------------- the command and the API


def test_review_usage_mistakes_exit_2_with_one_line(tmp_path):
    r = iki("review", tmp_path / "no_such_output")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    (tmp_path / "empty").mkdir()
    r = iki("review", tmp_path / "empty")
    assert r.returncode == 2 and "not an `iki extract` output" in r.stderr


def test_api_review_and_a_source_that_is_gone_or_changed(tmp_path):
    import iki as api

    src = tmp_path / "in"
    src.mkdir()
    for name in ("000.txt", "001.txt"):
        shutil.copy(ROOT / "samples" / "seeds" / name, src / name)
    out = tmp_path / "out"
    api.extract(src, out, progress=False, jobs=1)
    (src / "000.txt").unlink()  # gone
    (src / "001.txt").write_text((src / "001.txt").read_text(encoding="utf-8") + "\nchanged\n", encoding="utf-8")
    result = api.review(out, tmp_path / "rv", jobs=1, progress=False)
    assert (result.folder / "index.html").exists() and result.rows > 0 and result.crops == 0
    assert len(result.notes) == 2
    index = (result.folder / "index.html").read_text(encoding="utf-8")
    assert "not found" in index and "changed after it was extracted" in index
    # every row is still listed, with a note instead of its source
    docs = table(out, "documents")
    for d in docs:
        tree = html(result.folder / f"doc_{d['doc_id']}.html")
        assert len(tree.xpath("//article[@data-indicator-id]")) == d["n_indicators"]


def test_a_link_planted_where_the_review_goes_is_removed_never_followed(tmp_path):
    from iki.cli import main

    out, victim = tmp_path / "out", tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    assert main(["extract", str(ROOT / "samples" / "seeds" / "000.txt"), "-o", str(out), "-q"]) == 0
    (out / "review").symlink_to(victim)
    assert main(["review", str(out), "-q"]) == 0
    assert [p.name for p in victim.iterdir()] == ["keep.txt"]  # nothing written through the link
    assert (out / "review").is_dir() and not (out / "review").is_symlink()
    assert not [p for p in out.iterdir() if p.name.startswith(".review.old")]
