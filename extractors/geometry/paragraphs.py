"""Words outside tables → paragraphs: wrapped lines and hanging indents joined, list
labels split off by the text layer."""
from __future__ import annotations

import regex as re

from extractors.geometry.primitives import TOL, Word, join, mean_conf, text_lines
from extractors.ir import Loc, Paragraph
from normalize.text import split_label

_LABEL_TOKEN = re.compile(r"^(?:\(?\w{1,3}[.)]|[-•–—*▪►➢·o])$")
_KEY_VALUE = re.compile(r"^[A-Za-z][A-Za-z .\-/]{1,30}:")


def build_paragraphs(words: list[Word], page_number: int, right: float | None = None) -> list[Paragraph]:
    """Words outside tables → paragraphs: wrapped lines and hanging indents joined.

    A line continues the one above only when that one was full (it reaches the
    text's right edge, so the text wrapped: this line's first word would not have fitted
    after it) and this one starts where the text
    above started (or under its value, for a hanging indent), and is not a
    ``KEY : value`` line of its own.
    """
    lines = text_lines(words)
    if right is None:
        right = max((w.x1 for w in words), default=0.0)
    out: list[tuple[Paragraph, list[Word]]] = []
    for line in lines:
        text = join(line)
        if not text:
            continue
        label, rest = split_label(text)
        x0 = line[0].x0
        if label is None and out:
            prev, prev_words = out[-1]
            height = max(w.bottom - w.top for w in line)
            gap = min(w.top for w in line) - max(w.bottom for w in prev_words)
            prev_x = prev_words[0].x0
            value_x = _value_start(prev_words)
            prev_full = prev_words[-1].x1 >= right - max(40.0, 0.12 * (right - prev_x))
            # the first word would have fitted at the end of the line above: that line did not wrap
            room = right - prev_words[-1].x1 - 0.3 * height
            if prev_full and line[0].x1 - line[0].x0 < room - 2.0:
                prev_full = False
            # "KEY : value" starts a line of its own; a wrapped line that merely ends on a colon (OCR reads
            # "sosial;" as "sosial:") and starts in lower case is the line above going on
            key_value = _KEY_VALUE.match(text) and not (text[0].islower() and text.rstrip().endswith(":"))
            continues = gap <= height * 0.45 and prev_full and not key_value \
                and not prev.text.rstrip().endswith(";") and (
                abs(x0 - value_x) <= 4 * TOL or abs(x0 - prev_x) <= TOL)
            if continues:
                merged = Paragraph(text=f"{prev.text} {text}", loc=prev.loc, label=prev.label, level=prev.level,
                                   heading=prev.heading, bold=prev.bold and all(w.bold for w in line),
                                   indent=prev.indent, conf=mean_conf(prev_words + line))
                out[-1] = (merged, prev_words + line)
                continue
        bold = all(w.bold for w in line)
        bbox = (min(w.x0 for w in line), min(w.top for w in line), max(w.x1 for w in line),
                max(w.bottom for w in line))
        out.append((Paragraph(text=rest if label else text, loc=Loc(page=page_number, bbox=bbox), label=label,
                              bold=bold, indent=int(x0), conf=mean_conf(line)), line))
    return [p for p, _ in out]


def _value_start(line_words: list[Word]) -> float:
    """Where the text of a line's value starts: after a list label or after 'LABEL :'."""
    texts = [w.text for w in line_words]
    for i, t in enumerate(texts[:6]):
        if t.endswith(":") and i + 1 < len(line_words):
            return line_words[i + 1].x0
        if t == ":" and i + 1 < len(line_words):
            return line_words[i + 1].x0
    if len(line_words) > 1 and (_LABEL_TOKEN.match(texts[0]) or split_label(f"{texts[0]} x")[0]):
        return line_words[1].x0  # "1.", "a)", "-", or OCR's "|." for "1.": split_label's labels too
    return line_words[0].x0
