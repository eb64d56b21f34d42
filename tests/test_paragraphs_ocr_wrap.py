"""Paragraph building on OCR'd lines: a wrapped list item whose continuation OCR ended on a colon."""
from extractors.geometry import Word, build_paragraphs


def _line(y, *spec):
    return [Word(t, x0, y, x1, y + 10, conf=95.0) for t, x0, x1 in spec]


def test_a_wrapped_line_ending_on_a_colon_goes_on_the_item_above():
    words = (_line(323, ("1.", 215, 220), ("Perumusan", 224, 273), ("kebijakan", 276, 318), ("program", 483, 519))
             + _line(336, ("bidang", 226, 260), ("sosial:", 263, 291))
             + _line(351, ("2.", 214, 220), ("Pengkoordinasian", 224, 300), ("pelaksanaan", 303, 528)))
    paras = build_paragraphs(words, 1, 528)
    assert [(p.label, p.text) for p in paras] == [
        ("1.", "Perumusan kebijakan program bidang sosial:"), ("2.", "Pengkoordinasian pelaksanaan")]


def test_a_label_line_of_its_own_is_not_joined():
    words = (_line(100, ("Nama", 60, 90), ("Pegawai", 93, 520))
             + _line(113, ("Jabatan", 60, 100), (":", 102, 104)))
    assert len(build_paragraphs(words, 1, 520)) == 2
