"""OCR into the shared geometry layer: deskew, ruling lines, words, image files, missing tesseract."""
from io import BytesIO
from pathlib import Path

import pdfplumber
import pytest

from extractors.readers import scan as ocr
from extractors.geometry import page_blocks
from extractors.ir import Table

pytestmark = pytest.mark.ocr

ROOT = Path(__file__).resolve().parents[1]
needs_tesseract = pytest.mark.skipif(ocr.tesseract_missing() is not None, reason="tesseract not installed")


@pytest.fixture(scope="module")
def table_page():
    """Page 2 of a reportlab IKI (a ruled indicator table), rendered at 200 dpi and turned by 1.2°."""
    with pdfplumber.open(ROOT / "samples" / "pdf" / "003_rl.pdf") as pdf:
        return pdf.pages[1].to_image(resolution=200).original.convert("L").rotate(1.2, fillcolor=255)


def test_skew_is_measured_and_undone(table_page):
    angle = ocr.skew_angle(ocr._gray(table_page))
    assert abs(angle - (-1.2)) <= 0.15
    straight, turned = ocr.deskew(ocr._gray(table_page))
    assert abs(ocr.skew_angle(straight)) <= 0.1 and turned == angle


def test_ruling_lines_are_found(table_page):
    import cv2

    gray, _ = ocr.deskew(ocr._gray(table_page))
    bw = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    boxes, _ = ocr.ruling_lines(bw, 200)
    horizontal = [b for b in boxes if b[1] == b[3]]
    vertical = [b for b in boxes if b[0] == b[2]]
    assert len(horizontal) >= 5 and len(vertical) >= 5


@needs_tesseract
def test_a_scanned_table_page_gives_the_same_table(table_page):
    geom, facts = ocr.ocr_image(table_page, 2, dpi=200)
    assert facts["mean_conf"] > 80 and all(w.conf is not None for w in geom.words)
    tables = [b for b in page_blocks(geom) if isinstance(b, Table)]
    assert tables
    grid = tables[0].texts()
    header = " ".join(grid[0]).upper()
    assert "INDIKATOR" in header and "SUMBER" in header
    assert any("Persentase rehabilitasi terhadap jumlah" in " ".join(row).replace("\n", " ") for row in grid)
    assert all(c.conf is not None for row in tables[0].rows for c in row if c.text)


@needs_tesseract
def test_image_files_are_read_as_one_page_documents(table_page, tmp_path):
    buf = BytesIO()
    table_page.save(buf, format="PNG", dpi=(200, 200))
    doc = ocr.read_image(buf.getvalue(), "halaman.png")
    assert doc.n_pages == 1 and doc.ocr_pages == 1 and doc.format == "image"
    assert any(isinstance(b, Table) for b in doc.blocks)


def test_missing_tesseract_is_a_clear_error(monkeypatch):
    from extractors.readers import ocr_engine

    monkeypatch.setattr(ocr_engine.shutil, "which", lambda name: None)
    monkeypatch.setattr(ocr_engine, "TESSDATA_PLACES", ())
    monkeypatch.delenv("TESSDATA_PREFIX", raising=False)
    ocr_engine.reset()
    monkeypatch.setattr(ocr_engine, "_binding", lambda: False)
    try:
        assert "apt-get install tesseract-ocr tesseract-ocr-ind" in ocr.tesseract_missing()
        with pytest.raises(ocr.OcrError, match="tesseract-ocr-ind"):
            ocr.read_image(b"\x89PNG....", "scan.png")
    finally:
        ocr_engine.reset()


# ----------------------------------------------------------------------------- page geometry before OCR


def _photo_of(page_gray, corners, size=(1500, 2000), desk=60):
    """The page warped onto a dark desk at the given corners (TL, TR, BR, BL), as a phone would see it."""
    import cv2
    import numpy as np

    h, w = page_gray.shape
    m = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), np.float32(corners))
    page = cv2.warpPerspective(page_gray, m, size, flags=cv2.INTER_AREA, borderValue=0)
    inside = cv2.warpPerspective(np.full((h, w), 255, np.uint8), m, size, flags=cv2.INTER_LINEAR)
    rng = np.random.default_rng(3)
    bg = np.clip(desk + rng.normal(0, 8, (size[1], size[0])), 0, 255).astype(np.uint8)
    return np.where(inside > 127, page, bg).astype(np.uint8)


def _camera(pw, ph, pitch, yaw, roll, fit, centre, f=1.1):
    """Corners (TL, TR, BR, BL) of a pw x ph page seen by a pinhole camera tilted by the angles (degrees)."""
    import numpy as np

    p, y, r = (math.radians(v) for v in (pitch, yaw, roll))
    rx = np.array([[1, 0, 0], [0, math.cos(p), -math.sin(p)], [0, math.sin(p), math.cos(p)]])
    ry = np.array([[math.cos(y), 0, math.sin(y)], [0, 1, 0], [-math.sin(y), 0, math.cos(y)]])
    rz = np.array([[math.cos(r), -math.sin(r), 0], [math.sin(r), math.cos(r), 0], [0, 0, 1]])
    pts = np.array([[-pw / 2, -ph / 2, 0], [pw / 2, -ph / 2, 0], [pw / 2, ph / 2, 0], [-pw / 2, ph / 2, 0]])
    pts = pts @ (rz @ ry @ rx).T
    pts[:, 2] += f * max(pw, ph)
    xy = f * max(pw, ph) * pts[:, :2] / pts[:, 2:3]
    s = min(fit[0] / np.ptp(xy[:, 0]), fit[1] / np.ptp(xy[:, 1]))
    return [tuple(v) for v in (xy * s + np.array(centre))]


def test_coloured_ink_fades_and_black_print_stays():
    import numpy as np

    rgb = np.full((50, 50, 3), 245, np.uint8)
    rgb[10:20, :] = (20, 20, 20)  # black print
    rgb[30:40, :] = (110, 40, 160)  # a violet stamp
    gray = ocr._gray(rgb)
    assert gray[15].mean() < 40 and gray[35].mean() > 140


def test_a_photographed_page_is_found_and_straightened(table_page):
    import numpy as np

    page = ocr._gray(table_page)  # 200 dpi, landscape
    corners = _camera(page.shape[1], page.shape[0], pitch=11, yaw=-6, roll=3, fit=(1700, 1200), centre=(1000, 750))
    photo = _photo_of(page, corners, size=(2000, 1500))
    quad = ocr.page_quad(photo)
    assert quad is not None and np.abs(quad - np.float32(corners)).max() < 6
    flat = ocr.unwarp(photo, quad)
    assert abs(flat.shape[1] / flat.shape[0] - page.shape[1] / page.shape[0]) < 0.03
    # a scanned page (no desk around it) is left alone, and so is a table's border on it
    assert ocr.page_quad(page) is None


def test_text_direction_tells_a_sideways_page(table_page):
    import numpy as np

    page = ocr._gray(table_page)
    assert ocr.text_direction(page) == "h"
    assert ocr.text_direction(np.ascontiguousarray(np.rot90(page))) == "v"


def test_light_is_flattened_and_shaded_cells_turn_white():
    import numpy as np

    h, w = 600, 800
    page = np.full((h, w), 240, np.float32)
    page[100:160, 100:700] = 165  # a shaded header row
    page[120:130, 150:400] = 30  # its text
    page[300:310, 150:400] = 30  # body text
    shadow = np.linspace(1.0, 0.45, w)[None, :]  # a shadow deepening to the right
    img = (page * shadow).astype(np.uint8)
    flat, spread = ocr.flatten(img, 150)
    assert spread > 60
    assert flat[200:280, 50:750].min() > 225  # paper is paper, in the light and in the shadow
    assert flat[112:148, 450:650].min() > 225  # the shading is gone ...
    assert flat[122:128, 160:390].max() < 110  # ... and the text on it is dark
    assert flat[302:308, 160:390].max() < 110


def _grid_image(dpi=150, slant_deg=0.0, gap_every=None, ink=60):
    """A 4 x 3 ruled grid on paper; rules may be broken (gaps), faint (ink) and slanted."""
    import cv2
    import numpy as np

    img = np.full((900, 1200), 250, np.uint8)
    t = math.tan(math.radians(slant_deg))
    xs, ys = [100, 400, 700, 1100], [100, 300, 500, 700, 800]
    for y in ys:
        for x0 in range(100, 1100, 40):
            if gap_every and (x0 // 40) % gap_every == 0:
                continue  # a break in the rule
            x1 = min(1100, x0 + 40)
            cv2.line(img, (x0, int(y + t * x0)), (x1, int(y + t * x1)), ink, 2)
    for x in xs:
        cv2.line(img, (x, int(100 + t * x)), (x, int(800 + t * x)), ink, 2)
    return img


import math  # noqa: E402


@pytest.mark.parametrize("kind", ["clean", "broken", "faint", "slanted"])
def test_ruling_lines_broken_faint_and_slanted(kind):
    import numpy as np

    img = _grid_image(slant_deg=0.6 if kind == "slanted" else 0.0, gap_every=4 if kind == "broken" else None,
                      ink=200 if kind == "faint" else 60)
    boxes, mask = ocr.ruling_lines((img < ocr.RULE_INK).astype(np.uint8) * 255, 150)
    horizontal = [b for b in boxes if b[1] == b[3] and b[2] - b[0] > 900]
    vertical = [b for b in boxes if b[0] == b[2]]
    assert len(horizontal) == 5 and len(vertical) == 4, boxes
    assert mask.any()


def test_blurred_text_is_not_a_ruling_line():
    """Words of a blurred photo merge into solid bands; they are thicker than a rule and broken
    between words, so they never become rules."""
    import cv2
    import numpy as np

    img = np.full((400, 1200), 250, np.uint8)
    for k, y in enumerate(range(60, 360, 40)):
        x = 60
        for n in (7, 12, 5, 9, 11, 4):
            cv2.putText(img, "m" * n, (x, y), cv2.FONT_HERSHEY_SIMPLEX, 0.55, 40, 1, cv2.LINE_AA)
            x += n * 12 + 14
    img = cv2.GaussianBlur(img, (0, 0), 1.6)
    boxes, _ = ocr.ruling_lines((img < ocr.RULE_INK).astype(np.uint8) * 255, 155)
    assert boxes == []


def test_specks_and_marks_before_labels_are_not_text():
    from extractors.geometry import Word

    words = [Word("‘", 50, 100, 53, 104, conf=40.0), Word("1.", 60, 100, 70, 110, conf=90.0),
             Word("JABATAN", 80, 100, 140, 110, conf=92.0), Word(":", 150, 100, 152, 110, conf=90.0),
             Word("#2.", 55, 130, 70, 140, conf=60.0), Word("TUGAS", 80, 130, 130, 140, conf=93.0),
             Word("Sekretaris", 160, 100, 220, 110, conf=95.0), Word(",", 225, 104, 227, 112, conf=30.0)]
    kept = [w.text for w in ocr._drop_noise(words)]
    assert kept == ["1.", "JABATAN", ":", "Sekretaris", "2.", "TUGAS"]


@needs_tesseract
def test_a_page_upside_down_is_turned_and_read(table_page):
    import numpy as np

    upside_down = np.ascontiguousarray(np.rot90(ocr._gray(table_page), 2))
    geom, facts = ocr.ocr_image(upside_down, 2, dpi=200)
    assert facts["turned"] == 180 and any(w.startswith("ocr_turned") for w in facts["warnings"])
    tables = [b for b in page_blocks(geom) if isinstance(b, Table)]
    assert tables and "INDIKATOR" in " ".join(tables[0].texts()[0]).upper()


@needs_tesseract
@pytest.mark.parametrize("turn", [1, 3])
def test_a_page_fed_sideways_is_turned_by_quarter_turns(table_page, turn):
    import numpy as np

    sideways = np.ascontiguousarray(np.rot90(ocr._gray(table_page), turn))
    page = ocr.prepare_page(sideways, 2, 200)
    assert page.turned == (90 if turn == 1 else 270)
    assert page.gray.shape == ocr._gray(table_page).shape


# ----------------------------------------------------------------------------- scans as offices make them

SCANS = ROOT / "samples" / "scans"
# score.py-style bars per condition (samples/scans/README.md says how each was made)
CONDITIONS = {
    "office/002a_office.pdf": 0.85,  # 150 dpi, a page fed sideways, specks, a mark before 1. JABATAN, stamp, shaded header
    "office/000_colour.pdf": 0.85,  # the same in colour with a violet stamp
    "phone/000_photo.pdf": 0.85,  # photographed: perspective, shadow, blur
    "phone/002a_photo.jpg": 0.85,  # a photo as a JPEG file
}


@needs_tesseract
@pytest.mark.parametrize("name", sorted(CONDITIONS))
def test_scans_as_offices_make_them(tmp_path, name):
    import pandas as pd

    from iki.cli import main
    from iki.evaluate import evaluate_folder

    path = SCANS / name
    assert main(["extract", str(path), "-o", str(tmp_path), "-q", "--jobs", "2"]) == 0
    (score,) = evaluate_folder(tmp_path, [path.with_suffix(".json")])
    assert score.positions_f1 == 1.0 and score.score >= CONDITIONS[name], (score.score, score.differences[:10])
    doc = pd.read_parquet(tmp_path / "documents.parquet").iloc[0]
    codes = {w.split(":")[0] for w in doc.warnings}
    if name.startswith("office/"):
        assert "ocr_turned" in codes  # the page fed sideways was turned, and it says so
    else:
        assert "ocr_perspective" in codes and "ocr_light_flattened" in codes


def test_rows_read_with_low_confidence_are_kept_with_a_warning():
    """A row OCR could barely read is an indicator all the same, flagged ``ocr_low_confidence``."""
    from extractors.ir import Cell, Document, Loc, Paragraph
    from iki.pipeline import Options, _doc_row, build_rows

    def row(r, texts, conf):
        return tuple(Cell(t, r, c, loc=Loc(page=1), conf=conf) for c, t in enumerate(texts))

    table = Table((row(0, ["NO", "SASARAN", "INDIKATOR KINERJA", "FORMULASI", "SUMBER DATA"], 90.0),
                   row(1, ["1.", "Meningkatnya layanan", "Persentase layanan tepat waktu", "A / B x 100%", "Dinas"], 91.0),
                   row(2, ["2.", "Meningkatnya arsip", "Jumlah arsip tertata", "f(x) = Σ arsip", "Dinas"], 41.0)),
                  loc=Loc(page=1))
    doc = Document("scan.pdf", "pdf", [Paragraph("JABATAN : Sekretaris", Loc(page=1)), table], n_pages=1)
    result = build_rows(doc, _doc_row("scan.pdf", b"x", "pdf"), Options())
    inds = result.indicators
    assert [i["indikator"] for i in inds] == ["Persentase layanan tepat waktu", "Jumlah arsip tertata"]
    assert not any(w.startswith("ocr_low_confidence") for w in inds[0]["warnings"])
    assert any(w.startswith("ocr_low_confidence") for w in inds[1]["warnings"]) and inds[1]["ocr_confidence"] < 70


@pytest.mark.parametrize("line", ["‘ 1. JABATAN : Sekretaris", "L JARATAN : Sekretaris", ", 1. JABATAN : Sekretaris"])
def test_a_label_behind_a_stray_mark_is_still_a_label(line):
    """OCR damage the reader cannot undo (a speck read together with the list number) is read past
    by the label matcher (extractors/parser/labels.py)."""
    from extractors.parser.labels import parse_label

    label = parse_label(line)
    assert label is not None and label.section == "jabatan" and label.value == "Sekretaris"


# ----------------------------------------------------------------------------- the engine, orientation, scale


def test_the_engine_in_use_is_named_and_the_command_line_is_the_fallback(monkeypatch):
    from extractors.readers import ocr_engine

    if ocr.tesseract_missing():
        pytest.skip("no OCR engine here")
    ocr_engine.reset()
    try:
        name = ocr_engine.describe()
        if ocr_engine._binding():
            assert name.startswith("tesserocr") and "in-process" in name
        monkeypatch.setenv(ocr_engine.ENV, "cli")
        ocr_engine.reset()
        if ocr_engine.shutil.which("tesseract"):
            assert "command line" in ocr_engine.describe()
    finally:
        monkeypatch.delenv(ocr_engine.ENV, raising=False)
        ocr_engine.reset()


@needs_tesseract
def test_both_engines_read_the_same_page_alike(table_page):
    from extractors.readers import ocr_engine

    if not ocr_engine._binding() or not ocr_engine.shutil.which("tesseract"):
        pytest.skip("needs tesserocr and the tesseract command")
    gray = ocr._gray(table_page)
    a = {w[0] for w in ocr_engine.engine().words(gray, 200)}
    b = {w[0] for w in ocr_engine.CommandLine().words(gray, 200)}
    assert len(a & b) >= 0.8 * max(len(a), len(b))


@pytest.mark.parametrize("osd,direction,turn", [
    (None, "v", 0),
    ((0, 20.0), "v", 0),  # OSD says upright: never turned, whatever the text lines look like
    ((0, 20.0), None, 0),
    ((90, 2.0), "v", 270),  # lines on end and OSD agrees: a quarter turn
    ((270, 2.0), "v", 90),
    ((90, 2.0), None, 0),  # weak OSD alone is not enough
    ((90, 9.0), None, 270),
    ((90, 30.0), "h", 0),  # text lines run across the page: never a quarter turn
    ((180, 4.0), "h", 180),
    ((180, 2.0), "h", 0),
    ((180, 4.0), "v", 0),
])
def test_a_page_is_turned_only_on_strong_evidence(osd, direction, turn):
    assert ocr.turn_for(osd, direction) == turn


def _text_image(cap_px: int, lines: int = 12):
    """Lines of mixed-case text whose capitals are ``cap_px`` pixels high (Hershey simplex)."""
    import cv2
    import numpy as np

    scale = cap_px / 22.0  # FONT_HERSHEY_SIMPLEX: capitals are about 22 px at scale 1
    img = np.full((int(lines * cap_px * 2.2) + 40, int(cap_px * 40)), 255, np.uint8)
    for k in range(lines):
        cv2.putText(img, "Jumlah Kegiatan yang dibina Tahun", (10, int(20 + (k + 1) * cap_px * 2.0)),
                    cv2.FONT_HERSHEY_SIMPLEX, scale, 0, max(1, cap_px // 10), cv2.LINE_AA)
    return img


@pytest.mark.parametrize("cap", [12, 20, 44])
def test_the_text_is_scaled_to_capitals_of_30_pixels(cap):
    scale, measured = ocr.text_scale(_text_image(cap))
    assert measured is not None and abs(measured - cap) <= 0.2 * cap + 1
    assert abs(scale * measured - ocr.CAP_PX) <= 0.15 * ocr.CAP_PX or scale == 1.0


def test_an_underline_is_not_erased_and_letter_stems_are_not_rules():
    """``JABATAN`` underlined: the underline is erased between the letters, not under them (erased
    whole, it cut their feet: 'JARATAN'); a T above an A in the next line is not a vertical rule."""
    import cv2
    import numpy as np

    img = np.full((300, 900), 255, np.uint8)
    cv2.putText(img, "JABATAN", (60, 100), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    cv2.line(img, (58, 104), (260, 104), 0, 2)  # the underline, touching the letters
    cv2.putText(img, "TATA", (60, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.2, 0, 3)
    boxes, mask = ocr.find_rules(img, 200)
    assert not [b for b in boxes if b[0] == b[2]]  # no vertical rule
    assert not mask[60:100, 58:262].any()  # the underlined word keeps its ink
    assert mask[100:108, 58:262].any()  # the underline between its letters goes


@pytest.mark.parametrize("text,ok", [
    ("Kesehatan", True), ("kabupaten/kota", True), ("nilai-nilai", True), ("NKV", True), ("(unit)", True),
    ("1.2.2.4.1", True), ("571.430.000", True), ("100%", True), ("drh.", True),
    ("bkJang", False), ("u:-5ut", False), ("f<.1.c.unanan", False), ("Ksssisian", False), ("£-ksi", False),
    ("...", None), (":", None),
])
def test_plausible_words_and_ocr_damage(text, ok):
    assert ocr.plausible(text) is ok


def test_a_text_layer_is_kept_only_when_it_reads_better():
    from extractors.geometry import Word

    def words(texts, conf=None):
        return [Word(t, 50 + 60 * i, 100, 100 + 60 * i, 110, conf=conf) for i, t in enumerate(texts)]

    layer = words(["Kepala", "Seksi", "Kesehatan", "Masyarakat"])
    worse = words(["Kepala", "£-ksi", "Ksssisian", "Masyarakat"], conf=55.0)
    assert ocr.compare_text_layer(layer, worse)[0] == "layer"
    noisy_layer = words(["Melaksarsakan", "bkJang-bidang", "tugas", "u:-5ut"])
    good = words(["Melaksanakan", "bidang-bidang", "tugas", "disebut"], conf=92.0)
    which, pts_layer, pts_ocr, n = ocr.compare_text_layer(noisy_layer, good)
    assert which == "ocr" and pts_ocr == 2 and n == 4
    assert ocr.compare_text_layer(layer, layer)[0] == "ocr"  # a tie keeps iki's reading


# every page of every committed sample scan, with the pages that were fed sideways: an upright page
# (portrait or landscape) is never turned (the last round turned 7 upright pages of a 16-page scan)
SIDEWAYS = {("office/002a_office.pdf", 2), ("office/000_colour.pdf", 2)}


@needs_tesseract
@pytest.mark.parametrize("name", ["000_scan.pdf", "001_scan.pdf", "003_scan.pdf", "office/002a_office.pdf",
                                  "office/000_colour.pdf", "phone/000_photo.pdf"])
def test_upright_pages_are_never_turned(name):
    from extractors.readers.pdf import _ocr_source, _Renderer

    data = (SCANS / name).read_bytes()
    with pdfplumber.open(SCANS / name) as pdf:
        renderer = _Renderer(data)
        sources = [_ocr_source(p, i, renderer) for i, p in enumerate(pdf.pages, start=1)]
    for number, geom, facts in ocr.read_pages(sources):
        assert geom is not None, facts
        if (name, number) in SIDEWAYS:
            assert facts["turned"] in (90, 270) and facts["mean_conf"] > 70, (name, number, facts)
        else:
            assert facts["turned"] == 0, (name, number, facts)
            assert 0.35 <= facts["scale"] <= 3.0 and facts["cap_px"]


@needs_tesseract
@pytest.mark.parametrize("name,number", [("000_scan.pdf", 1), ("000_scan.pdf", 2), ("phone/000_photo.pdf", 2)])
@pytest.mark.parametrize("turn", [1, 3])
def test_landscape_and_portrait_pages_fed_sideways_are_turned_back(name, number, turn):
    import numpy as np

    from extractors.readers.pdf import _ocr_source, _Renderer

    data = (SCANS / name).read_bytes()
    with pdfplumber.open(SCANS / name) as pdf:
        src = _ocr_source(pdf.pages[number - 1], number, _Renderer(data))
    gray = ocr._gray(src.decoded())
    geom, facts = ocr.ocr_image(np.ascontiguousarray(np.rot90(gray, turn)), number, src.dpi)
    assert facts["turned"] == (90 if turn == 1 else 270), facts
    assert facts["mean_conf"] > 70


def test_words_tesseract_gave_no_confidence_are_specks():
    """A dot in an empty cell read as "ie" with confidence 0 is no word (it made a row of its own)."""
    from extractors.geometry import Word

    words = [Word("ie", 254, 122, 257, 131, conf=0.0), Word("Jumlah", 309, 113, 336, 121, conf=91.0),
             Word("1", 100, 113, 104, 121, conf=45.0)]
    assert [w.text for w in ocr._drop_noise(words)] == ["1", "Jumlah"]


@needs_tesseract
def test_lines_tesseract_skipped_are_read_again_alone():
    """Tesseract's layout analysis may drop a whole line: letter-sized ink that no word covers is
    cut out and read on its own; lines it did read are not read twice."""
    import cv2
    import numpy as np

    img = np.full((300, 1400), 255, np.uint8)
    cv2.putText(img, "TUGAS POKOK DINAS", (60, 90), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3, cv2.LINE_AA)
    cv2.putText(img, "FUNGSI PERUMUSAN", (60, 210), cv2.FONT_HERSHEY_SIMPLEX, 1.4, 0, 3, cv2.LINE_AA)
    first = [("TUGAS", 60, 58, 150, 34, 95.0), ("POKOK", 230, 58, 150, 34, 95.0), ("DINAS", 400, 58, 140, 34, 95.0)]
    found = ocr._missed_lines(img, first, 300, None, 1)
    texts = " ".join(t for t, *_ in found)
    assert "FUNGSI" in texts and "TUGAS" not in texts
    assert all(150 < top < 230 for _, _, top, *_ in found)  # in the page's pixels
    assert ocr._missed_lines(img, first + found, 300, None, 1) == []  # nothing left unread
