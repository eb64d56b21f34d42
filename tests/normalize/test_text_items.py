"""List labels past z. and several labelled items written on one line."""
import pytest

from normalize.text import next_label, split_inline_items, split_label


@pytest.mark.parametrize("label, nxt", [("a.", "b."), ("z.", "aa."), ("aa.", "ab."), ("az)", "ba)"), ("9.", "10."),
                                        ("(c)", "(d)"), ("B.", "C."), ("-", None), ("•", None)])
def test_next_label(label, nxt):
    assert next_label(label) == nxt


@pytest.mark.parametrize("text, label, rest", [
    ("aa. Menyusun laporan", "aa.", "Menyusun laporan"), ("ab) Menyiapkan bahan", "ab)", "Menyiapkan bahan"),
    ("an.", None, "an."),                   # the end of a word wrapped onto its own line, no label
    ("dr. Budi", None, "dr. Budi"), ("Jl. Raya", None, "Jl. Raya"),
])
def test_two_letter_labels(text, label, rest):
    assert split_label(text) == (label, rest)


def test_items_on_one_line():
    assert split_inline_items("a.", "penyelenggaraan A; b. penyelenggaraan B; c. penyelenggaraan C") == [
        ("a.", "penyelenggaraan A;"), ("b.", "penyelenggaraan B;"), ("c.", "penyelenggaraan C")]
    assert split_inline_items("1.", "Penyusunan rencana; 2. Pelaksanaan pengamatan") == [
        ("1.", "Penyusunan rencana;"), ("2.", "Pelaksanaan pengamatan")]
    # only the next label, and only after ; . or , : a reference inside a sentence stays
    assert split_inline_items("a.", "sesuai huruf b. pasal 3") == [("a.", "sesuai huruf b. pasal 3")]
    assert split_inline_items("a.", "A; c. C") == [("a.", "A; c. C")]
    assert split_inline_items(None, "A; b. B") == [(None, "A; b. B")]


@pytest.mark.parametrize("glyphs", ["ee", "e»", "°°", "**", "oo", "©e", "»»»"])
def test_ocr_bullets_at_line_starts_become_bullets(glyphs):
    from normalize.text import ocr_bullets

    lines = ["Jumlah dokumen"] + [f"{g} Terbangunnya jalan {k}\nyang layak" for k, g in enumerate(glyphs)]
    out = ocr_bullets("\n".join(lines))
    assert out.count("• Terbangunnya") == len(glyphs)
    assert out.startswith("Jumlah dokumen\n")


@pytest.mark.parametrize("text", [
    "e Terbangunnya jalan\nyang layak",            # one line alone is no list
    "Jumlah e Kota\nPersentase o Desa",            # not at line starts
    "e terbangunnya\ne tersusunnya",               # lower case after the letter: words, not bullets
    "Satu baris saja",
    None, "",
])
def test_ocr_bullets_need_a_list(text):
    from normalize.text import ocr_bullets

    assert ocr_bullets(text) == text
