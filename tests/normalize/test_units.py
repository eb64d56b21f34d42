"""Tests for normalize.units.parse_quantity."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalize.units import Quantity, parse_quantity, repair_percent


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        # examples from the brief
        ("4.000 berkas", 4000.0, "berkas"),
        ("1.000 berkas", 1000.0, "berkas"),
        ("2,5 %", 2.5, "%"),
        ("22%", 22.0, "%"),
        ("29 Kelurahan", 29.0, "Kelurahan"),
        ("150 Orang 1 tahun", 150.0, "Orang"),
        ("1 Daftar", 1.0, "Daftar"),
        ("100", 100.0, None),
        ("Rp 1.500.000", 1500000.0, "Rp"),
        ("12 Dokumen/Tahun", 12.0, "Dokumen/Tahun"),
        ("Jumlah 4 OPD", 4.0, "OPD"),
        ("95,5%", 95.5, "%"),
        ("1.5", 1.5, None),
        ("1.500", 1500.0, None),
        # own cases
        ("Rp.2.500,50", 2500.5, "Rp"),
        ("Rp1.000", 1000.0, "Rp"),
        ("1.500.000.000,00 rupiah", 1500000000.0, "rupiah"),
        ("1,000,000 orang", 1000000.0, "orang"),
        ("5 (lima) Dokumen", 5.0, "Dokumen"),
        ("12Dokumen", 12.0, "Dokumen"),
        ("100 %", 100.0, "%"),
        ("80 persen", 80.0, "persen"),
        ("0.500", 0.5, None),  # a leading 0 group cannot be thousands
        ("-5%", -5.0, "%"),
        ("1. Dokumen", 1.0, "Dokumen"),
        ("  42   Laporan  ", 42.0, "Laporan"),
        ("<p>3 Kegiatan</p>", 3.0, "Kegiatan"),
        ("**10 Dokumen**", 10.0, "Dokumen"),
        ("Grup 5", 5.0, None),  # "Grup" ends in "rp" but is not a currency
        ("2019-2023", 2019.0, None),
        ("100/100", 100.0, None),
    ],
)
def test_parse_quantity(text, value, unit):
    q = parse_quantity(text)
    assert q == Quantity(value, unit)


@pytest.mark.parametrize("text", [None, "", "-", "  ", "Sangat Baik", "N/A", "—", "%", "Rp"])
def test_no_number(text):
    assert parse_quantity(text) == Quantity(None, None)


def test_non_string_input():
    assert parse_quantity(123) == Quantity(None, None)  # type: ignore[arg-type]


def test_quantity_is_frozen():
    q = parse_quantity("1 Daftar")
    with pytest.raises(AttributeError):
        q.value = 2.0  # type: ignore[misc]


@given(st.text())
def test_never_raises(text):
    q = parse_quantity(text)
    assert isinstance(q, Quantity)
    assert q.value is None or isinstance(q.value, float)
    assert q.unit is None or (isinstance(q.unit, str) and q.unit.strip() == q.unit and q.unit)


@given(st.integers(min_value=0, max_value=10**12))
def test_roundtrip_thousands(n):
    text = f"{n:,}".replace(",", ".") + " berkas"
    q = parse_quantity(text)
    assert q.unit == "berkas"
    assert q.value is not None and math.isclose(q.value, float(n))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 Yo", "20 %"),  # OCR of "20 %": the % sign read as letters
        ("20Yo", "20%"),
        ("100 Vo", "100 %"),
        ("85,5 9o", "85,5 %"),
        ("75 o/o", "75 %"),
        ("60 0/0", "60 %"),
        ("12 Yo dan 13 Vo", "12 % dan 13 %"),
        # no number directly before: left as written
        ("Kota Yo", "Kota Yo"),
        ("A1 Yo", "A1 Yo"),
        ("20 Yogyakarta", "20 Yogyakarta"),
        # glued to the number, "9o" / "0/0" could be digits: left as written
        ("209o", "209o"),
        ("200/0", "200/0"),
        ("3 kawasan perkotaan", "3 kawasan perkotaan"),
        (None, None),
        ("", ""),
    ],
)
def test_repair_percent(text, expected):
    assert repair_percent(text) == expected


def test_repaired_percent_parses_as_percent():
    assert parse_quantity(repair_percent("20 Yo")) == Quantity(20.0, "%")


@given(st.text())
def test_repair_percent_never_raises(text):
    out = repair_percent(text)
    assert isinstance(out, str)
    assert "%" not in text or "%" in out


@pytest.mark.parametrize(
    "text, expected",
    [
        ("10096", "100%"), ("7596", "75%"), ("10096 1 Dokumen", "100% 1 Dokumen"),
        ("(10096)", "(100%)"),
        # a count before its unit, a year, an amount, a number already carrying its % stay as written
        ("2096 orang", "2096 orang"), ("1996", "1996"), ("2096", "2096"), ("Rp 10096", "Rp 10096"),
        ("10096%", "10096%"), ("12.10096", "12.10096"), ("100 96", "100 96"), ("3 Dokumen", "3 Dokumen"),
        ("4.096", "4.096"), ("92,596", "92,596"),  # a thousands group or a decimal: ambiguous, kept
    ],
)
def test_repair_percent_glued_96_only_in_ocr_cells(text, expected):
    assert repair_percent(text, ocr=True) == expected
    assert repair_percent(text) == text  # typed text: 10096 is a number
