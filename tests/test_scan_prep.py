"""Page preparation before OCR, on images drawn here (no tesseract needed): grey conversion, descreening."""
import cv2
import numpy as np

from extractors.readers.scan import CAP_PX, descreen


def test_grey_conversion_lightens_coloured_ink_and_keeps_black_print():
    """_gray: a page without coloured ink is its luminance; a blue stamp fades towards the paper while
    black print stays black (the fast channel extremes give what numpy's per-pixel max/min gave)."""
    from extractors.readers.scan import _gray

    page = np.full((400, 300, 3), 245, np.uint8)
    page[50:60, 20:200] = 0  # black print
    assert np.array_equal(_gray(page), cv2.cvtColor(page, cv2.COLOR_RGB2GRAY))
    page[100:300, 50:250] = (40, 60, 210)  # a blue stamp: far more than 1% of the page
    out = _gray(page)
    assert out[55, 100] == 0
    assert out[200, 150] > 200 > cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)[200, 150]
    rgba = np.dstack([page, np.full(page.shape[:2], 255, np.uint8)])
    assert np.array_equal(_gray(rgba), out)


def _page(dithered: bool, seed: int = 0):
    """A page at the reading scale (capitals ~30 px): a header band, then body text; the band printed
    on a dithered grey (a random ordered field of dots), its words bold with a white halo as a bilevel
    scanner leaves them."""
    rng = np.random.default_rng(seed)
    page = np.full((900, 1400), 255, np.uint8)
    if dithered:  # a halftone: a dot of 2-3 px on a 6-px screen, jittered, some missing (a 15-25 % grey)
        for y in range(60, 298, 6):
            for x in range(50, 1348, 6):
                if rng.random() < 0.6:
                    dy, dx, r = rng.integers(0, 3), rng.integers(0, 3), rng.integers(2, 4)
                    page[y + dy:y + dy + r, x + dx:x + dx + r] = 0
    font = cv2.FONT_HERSHEY_DUPLEX
    scale = CAP_PX / 21.0  # Hershey capitals are ~21 px at scale 1
    for x, word in ((120, "INDIKATOR"), (700, "PENJELASAN")):
        cv2.putText(page, word, (x, 200), font, scale, 255, 14, cv2.LINE_8)  # the halo
        cv2.putText(page, word, (x, 200), font, scale, 0, 4, cv2.LINE_8)
    for k, line in enumerate(["Jumlah pengelola keuangan daerah di Provinsi Jawa Barat.",
                              "Persentase i.t.u. dokumen: 1, 2, 3; selesai tepat waktu."]):
        cv2.putText(page, line, (60, 420 + 60 * k), font, scale * 0.9, 0, 2, cv2.LINE_8)
    return page


def _blobs(img, box):
    x0, y0, x1, y1 = box
    _, bw = cv2.threshold(img[y0:y1, x0:x1], 127, 255, cv2.THRESH_BINARY_INV)
    n, _, stats, _ = cv2.connectedComponentsWithStats(bw, connectivity=8)
    return stats[1:]


def test_a_dithered_header_band_is_made_white_and_its_words_stay():
    page = _page(dithered=True)
    out, share = descreen(page)
    assert share > 0
    band = (50, 60, 1350, 300)
    assert len(_blobs(page, band)) > 2000  # the field of dots
    left = _blobs(out, band)
    assert len(left) < 40  # the letters of the two words (and a few dots fused to them at most)
    letters = _blobs(out, (100, 150, 1350, 215))
    assert sum(s[cv2.CC_STAT_HEIGHT] >= 0.6 * CAP_PX for s in letters) >= len("INDIKATORPENJELASAN") - 2
    # the body text below the band is left as it was, full stops and i-dots included
    assert np.array_equal(out[380:], page[380:])


def test_a_page_without_a_dithered_field_is_left_alone():
    page = _page(dithered=False)
    out, share = descreen(page)
    assert share == 0.0 and out is page
    speckled = page.copy()  # dust: scattered single specks are no field
    rng = np.random.default_rng(3)
    for y, x in zip(rng.integers(0, 900, 60), rng.integers(0, 1400, 60)):
        speckled[y:y + 2, x:x + 2] = 0
    out, share = descreen(speckled)
    assert share == 0.0 and out is speckled
