"""Tests for normalize.jabatan.jabatan_key."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.jabatan import jabatan_key


@pytest.mark.parametrize(
    "text",
    [
        "KepalaSub. Bagian Tata Usaha",
        "Ka.Sub Bagian Tata Usaha",
        "Kasubbag Tata Usaha",
        "Kasubag Tata Usaha",
        "Kepala Subbagian Tata Usaha",
        "KEPALA SUB BAGIAN TATA USAHA.",
        "Kepala Sub Bag. Tata Usaha",
        "KASUBBAG TATA USAHA",
        "<b>Kepala Sub Bagian</b> Tata  Usaha",
        "**Kepala Sub Bagian Tata Usaha**",
    ],
)
def test_kasubbag_variants(text):
    assert jabatan_key(text) == "kepala sub bagian tata usaha"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Kasi X", "kepala seksi x"),
        ("Kepala Seksi X", "kepala seksi x"),
        ("KepalaSeksi X", "kepala seksi x"),
        ("Ka. Seksi X", "kepala seksi x"),
        ("KEPALASEKSI X", "kepala seksi x"),
        ("Kasie X", "kepala seksi x"),
        ("Kabid X", "kepala bidang x"),
        ("Ka. Bidang X", "kepala bidang x"),
        ("KepalaBidang X", "kepala bidang x"),
        ("Ka. Bid. X", "kepala bidang x"),
        ("Kadis", "kepala dinas"),
        ("Kaupt", "kepala upt"),
        ("Ka. UPT", "kepala upt"),
        ("Kepala UPT Pengelola Balai LBK Cerme", "kepala upt pengelola balai lbk cerme"),
        ("Subkoor Perencanaan", "subkoordinator perencanaan"),
        ("Sub Koordinator Perencanaan", "subkoordinator perencanaan"),
        ("Sekdin", "sekretaris dinas"),
        ("Sekretaris Dinas", "sekretaris dinas"),
        ("Sekretaris Dinas Sosial", "sekretaris dinas sosial"),
        ("Sekretaris", "sekretaris"),
        ("Kabag Umum", "kepala bagian umum"),
        ("Kasubbid Anggaran", "kepala sub bidang anggaran"),
        # words are kept, punctuation folded, trailing dot dropped
        (
            "Sekretariat pada Dinas Sosial Kabupaten Lumajang",
            "sekretariat pada dinas sosial kabupaten lumajang",
        ),
        (
            "Kepala Seksi Kepahlawanan, Keperintisan dan Kesetiakawanan Sosial.",
            "kepala seksi kepahlawanan keperintisan dan kesetiakawanan sosial",
        ),
        ("Kepala Seksi Veri-vali Data", "kepala seksi veri vali data"),
        ("Kepala Dinas Sosial &amp; PPPA", "kepala dinas sosial dan pppa"),
        ("Arsiparis Pelaksana", "arsiparis pelaksana"),
        ("BENDAHARA PENGELUARAN", "bendahara pengeluaran"),
        ("Kepala Seksi\tJaminan\n Sosial", "kepala seksi jaminan sosial"),
    ],
)
def test_keys(text, key):
    assert jabatan_key(text) == key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sekretaris Dinas", "Sekretaris"),  # never drop words
        ("Kepala Seksi X", "Kepala Bidang X"),
        ("Kepala Sub Bagian Umum", "Kepala Bagian Umum"),
        ("Kepalang", "Kepala Ng"),  # only known glued words are split
    ],
)
def test_distinct(a, b):
    assert jabatan_key(a) != jabatan_key(b)


@pytest.mark.parametrize("text", [None, "", "   ", "...", "**", "<b></b>", "-"])
def test_empty(text):
    assert jabatan_key(text) is None


def test_non_string():
    assert jabatan_key(42) is None  # type: ignore[arg-type]


@given(st.text())
def test_never_raises_and_idempotent(text):
    key = jabatan_key(text)
    assert key is None or (key == key.strip() and "  " not in key and key == key.lower())
    if key is not None:
        assert jabatan_key(key) == key
