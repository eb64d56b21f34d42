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
    lines = side_by_side(text_lines(words))
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


def _wide_gap(line: list[Word]) -> tuple[int, float, float] | None:
    """The widest gap between two words of a line, as (index of the word after it, its left, its right),
    when it is wide enough to part two columns (≥ 4 text heights); a gap next to a colon is a
    ``KEY : value`` line's, not a column's."""
    if len(line) < 2:
        return None
    height = max(w.bottom - w.top for w in line)
    k = max(range(1, len(line)), key=lambda i: line[i].x0 - line[i - 1].x1)
    left, right = line[k - 1].x1, line[k].x0
    if right - left < 4 * height:
        return None
    if line[k - 1].text.endswith(":") or line[k].text.startswith(":"):
        return None
    return k, left, right


def side_by_side(lines: list[list[Word]]) -> list[list[Word]]:
    """Lines of two blocks set side by side (a PK's two signature columns: title, office, name, rank) as
    the left block's lines, then the right block's.

    The evidence is a river, not one gap: two or more lines in a row each part at a gap at least four
    text heights wide, and those gaps overlap (the same white channel runs down between the blocks,
    whether the blocks are left-aligned or centred). A single line with a wide gap stays as it is.
    """
    gaps = [_wide_gap(line) for line in lines]
    out: list[list[Word]] = []
    i = 0
    while i < len(lines):
        j = i
        if gaps[i] is not None:
            lo, hi = gaps[i][1], gaps[i][2]
            while j + 1 < len(lines) and gaps[j + 1] is not None:
                nlo, nhi = max(lo, gaps[j + 1][1]), min(hi, gaps[j + 1][2])
                height = max(w.bottom - w.top for w in lines[j + 1])
                near = min(w.top for w in lines[j + 1]) - max(w.bottom for w in lines[j]) <= 3 * height
                if nhi - nlo < 2 * height or not near:
                    break
                lo, hi, j = nlo, nhi, j + 1
        if j > i:
            # a form's labels and values ("Nama     RAHMAT") part early on the line; two blocks part near the
            # middle: the channel must end past 40% of the run's width
            x0 = min(w.x0 for k in range(i, j + 1) for w in lines[k])
            x1 = max(w.x1 for k in range(i, j + 1) for w in lines[k])
            if hi - x0 < 0.4 * (x1 - x0):
                j = i
        if j > i:
            out.extend(lines[k][: gaps[k][0]] for k in range(i, j + 1))
            out.extend(lines[k][gaps[k][0]:] for k in range(i, j + 1))
            i = j + 1
        else:
            out.append(lines[i])
            i += 1
    return out


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
