"""The diff as one self-contained HTML page (inline CSS and a few lines of inline script, no network).

A summary (counts by status, equal to the change tables', and by changed field), a filter by
status, then only what changed: per position a foldable block (changed and renamed ones open,
removed and added ones folded, unchanged ones listed in one folded list) with the changed
title, duty items, sasaran (once for the indicators sharing it) and indicators side by side,
changed words highlighted word by word (``difflib``, notation folded as the diff compares),
formulas shown readably (``\\frac{a}{b}`` as a fraction); unchanged indicators folded. Every text
from the documents is HTML-escaped.
"""
from __future__ import annotations

import difflib
import html
import string
from collections import Counter
from pathlib import Path

import regex

from iki import __version__
from iki.i18n import field_label, lang, number, status_label, t, template
from iki.diff import (DUTY_SECTIONS, FORMULA_FIELDS, INDICATOR_STATUSES, POSITION_STATUSES, DiffResult, _missing, _s,
                      pair_items, same_text, text_key)

_TOKEN_RE = regex.compile(r"^\s+|[\p{L}\p{N}]+\s*|[^\s\p{L}\p{N}]\s*")   # a word with the blanks after it


def esc(text) -> str:
    return html.escape(_s(text), quote=True)


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def _key(tok: str) -> str:
    """What a token must share with another to be the same word: notation folded (Σ = ∑, × = x,
    punctuation and case aside), as the diff compares texts."""
    return text_key(tok)


def word_diff(old, new) -> tuple[str, str]:
    """Old and new text as HTML, words only in the old one in ``<del>``, only in the new one in ``<ins>``
    (notation, punctuation, case and spacing aside, as the diff compares texts)."""
    a, b = _tokens(_s(old)), _tokens(_s(new))
    ka, kb = [_key(t) for t in a], [_key(t) for t in b]
    sm = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    left, right = [], []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        ta, tb = "".join(a[i1:i2]), "".join(b[j1:j2])
        if op == "equal" or "".join(ka[i1:i2]) == "".join(kb[j1:j2]):   # the same words, other notation
            left.append(esc(ta))
            right.append(esc(tb))
            continue
        left.append(f"<del>{esc(ta)}</del>" if "".join(ka[i1:i2]) else esc(ta))
        right.append(f"<ins>{esc(tb)}</ins>" if "".join(kb[j1:j2]) else esc(tb))
    return "".join(left), "".join(right)


# --------------------------------------------------------------------------- formulas

_CMD_RE = regex.compile(r"\\([A-Za-z]+|.)")
_SYMBOLS = {"times": "×", "cdot": "·", "Sigma": "Σ", "sum": "Σ", "%": "%", "div": "÷", "le": "≤", "ge": "≥",
            "leq": "≤", "geq": "≥", "pm": "±", ",": " ", ";": " ", " ": " ", "left": "", "right": "",
            "{": "{", "}": "}", "_": "_", "$": "$", "&": "&"}


def _group(s: str, i: int) -> tuple[str, int]:
    """The ``{...}`` group starting at s[i] (skipping blanks) and the index after it."""
    while i < len(s) and s[i].isspace():
        i += 1
    if i >= len(s) or s[i] != "{":
        return "", i
    depth, j = 0, i
    while j < len(s):
        if s[j] == "{" and (j == 0 or s[j - 1] != "\\"):
            depth += 1
        elif s[j] == "}" and s[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return s[i + 1:j], j + 1
        j += 1
    return s[i + 1:], len(s)


def formula_text(raw) -> str:
    """LaTeX formula as plain readable text: ``\\frac{a}{b}`` → ``(a) / (b)``, ``\\times`` → ×."""
    s = _s(raw).replace("$", " ")
    out, i = [], 0
    while i < len(s):
        if s.startswith("\\frac", i) or s.startswith("\\dfrac", i) or s.startswith("\\tfrac", i):
            i = s.index("frac", i) + 4
            num, i = _group(s, i)
            den, i = _group(s, i)
            out.append(f"({formula_text(num)}) / ({formula_text(den)})")
            continue
        m = _CMD_RE.match(s, i)
        if m:
            name = m.group(1)
            if name in ("text", "mathrm", "textbf", "mathbf", "textit", "operatorname", "mbox"):
                inner, i = _group(s, m.end())
                out.append(formula_text(inner))
                continue
            out.append(_SYMBOLS.get(name, name if len(name) > 1 else name))
            i = m.end()
            continue
        if s[i] in "{}":
            i += 1
            continue
        out.append(s[i])
        i += 1
    return regex.sub(r"\s+", " ", "".join(out)).strip()


def _is_ratio(row: dict | None) -> bool:
    return bool(row) and _s(row.get("formula_type")) == "ratio" and bool(_s(row.get("numerator"))) \
        and bool(_s(row.get("denominator")))


def _factor(row: dict) -> str:
    m = row.get("multiplier")
    unit = _s(row.get("unit"))
    if _missing(m) or m is None:
        return f" {esc(unit)}" if unit else ""
    return f" × {float(m):g}{' ' + esc(unit) if unit else ''}"


def _fraction(num_html: str, den_html: str, factor: str) -> str:
    return (f'<span class="frac"><span class="num">{num_html}</span><span class="den">{den_html}</span></span>'
            f'<span class="factor">{factor}</span>')


def formula_pair(old: dict | None, new: dict | None) -> tuple[str, str]:
    """Old and new formula as HTML, side by side, differences highlighted."""
    if old is not None and new is not None and _is_ratio(old) and _is_ratio(new):
        n1, n2 = word_diff(old.get("numerator"), new.get("numerator"))
        d1, d2 = word_diff(old.get("denominator"), new.get("denominator"))
        f1, f2 = _factor(old), _factor(new)
        if f1 != f2:
            f1, f2 = f"<del>{f1}</del>", f"<ins>{f2}</ins>"
        return _fraction(n1, d1, f1), _fraction(n2, d2, f2)
    ta = formula_text(old.get("formula_raw")) if old else ""
    tb = formula_text(new.get("formula_raw")) if new else ""
    if old is None:
        return "", _one_formula(new)
    if new is None:
        return _one_formula(old), ""
    return word_diff(ta, tb)


def _one_formula(row: dict | None) -> str:
    if not row:
        return ""
    if _is_ratio(row):
        return _fraction(esc(row.get("numerator")), esc(row.get("denominator")), _factor(row))
    return esc(formula_text(row.get("formula_raw")))


# --------------------------------------------------------------------------- page

CSS = """
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--del:#ffebe9;--delw:#ffcecb;--ins:#dafbe1;--insw:#aceebb}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:var(--fg);margin:0;background:#fff}
main{max-width:1320px;margin:0 auto;padding:24px 28px 80px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:32px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:17px;margin:0}h4{font-size:14px;margin:14px 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.sides{font-size:16px;margin:6px 0}.sides .arrow{color:var(--muted);padding:0 6px}
.muted{color:var(--muted)}.small{font-size:13px}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:5px 8px;vertical-align:top;text-align:left}
th{background:var(--bg);font-weight:600}
table.counts{width:auto;margin-right:24px;display:inline-table;vertical-align:top}
table.counts td.n{text-align:right;font-variant-numeric:tabular-nums;min-width:3em}
table.counts .code{color:var(--muted);font-size:12px}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;white-space:nowrap;border:1px solid transparent}
.s-unchanged{background:#eef1f4;color:#59636e}.s-changed,.s-reworded{background:#fff1c2;color:#7a4f00}
.s-renamed{background:#ddf4ff;color:#0a4f9e}.s-added{background:var(--ins);color:#116329}
.s-removed{background:var(--del);color:#a40e26}.s-formula_changed{background:#fbefff;color:#6e2c9e}
.s-source_changed{background:#e6f6f4;color:#0b5e55}.s-target_changed{background:#fff0e0;color:#8a3e00}
.s-split,.s-merged{background:#e9e7ff;color:#3a2e9e}
article.pos{border:1px solid var(--line);border-radius:8px;margin:16px 0;padding:12px 16px}
article.pos>header{display:flex;gap:10px;align-items:baseline;flex-wrap:wrap}
.meta{margin:4px 0 0;font-size:13px;color:var(--muted)}
.note{margin:6px 0 0;font-size:13px;background:var(--bg);border-left:3px solid #8c959f;padding:4px 8px}
del{background:var(--delw);text-decoration:line-through;text-decoration-color:#a40e2680;border-radius:2px}
ins{background:var(--insw);text-decoration:none;border-radius:2px}
table.sbs td.old,table.sbs td.new{width:50%}table.sbs th.f{width:130px}
table.sbs td.f{width:130px;color:var(--muted);font-size:13px}
table.sbs td.old{background:#fffafa}table.sbs td.new{background:#fafffb}
table.sbs td.gone{background:var(--bg)}
.ind{margin:10px 0;border-left:4px solid var(--line);padding:2px 0 2px 10px}
.ind.st-added{border-color:#4ac26b}.ind.st-removed{border-color:#ff8182}.ind.st-split,.ind.st-merged{border-color:#8a7cf0}
.ind.st-reworded{border-color:#d4a72c}.ind.st-formula_changed{border-color:#bf8aff}
.ind.st-source_changed{border-color:#3fb9ad}.ind.st-target_changed{border-color:#f0883e}
.ind .title{margin:2px 0 6px}
.frac{display:inline-flex;flex-direction:column;vertical-align:middle;text-align:center;margin:2px 0}
.frac .num{border-bottom:1px solid var(--fg);padding:0 4px 1px}.frac .den{padding:1px 4px 0}
.factor{padding-left:4px;white-space:nowrap}
details>summary{cursor:pointer;color:var(--muted);margin:6px 0}
ol.items{margin:4px 0;padding-left:22px}
table.index td:nth-child(2),table.index td:nth-child(3){width:36%}
table.index td:nth-child(4){text-align:right;font-variant-numeric:tabular-nums}
a{color:#0969da;text-decoration:none}a:hover{text-decoration:underline}
[hidden]{display:none!important}
details.pos{border:1px solid var(--line);border-radius:8px;margin:12px 0;padding:8px 16px}
details.pos>summary{cursor:pointer;color:var(--fg);font-size:16px;margin:2px 0}
details.pos>summary .ptitle{font-weight:600}
details.unch>summary{font-size:13px}
#filter{position:sticky;top:0;background:#fff;border-bottom:1px solid var(--line);padding:6px 0;margin:16px 0;
z-index:1;font-size:13px}#filter label{margin-right:10px;white-space:nowrap}#filter>div{margin:2px 0}
#filter button{font-size:12px}
"""


def t_html(key: str, **html_fields: str) -> str:
    """The message ``key`` as HTML: its words escaped, its ``{fields}`` replaced by the HTML given."""
    out = []
    for literal, name, spec, conv in string.Formatter().parse(template(key)):
        out.append(esc(literal))
        if name is not None:
            out.append(html_fields[name])
    return "".join(out)


def _badge(status: str) -> str:
    return f'<span class="badge s-{esc(status)}">{esc(status_label(status))}</span>'


def _counts(c: Counter) -> str:
    """``3 reworded, 1 added`` in status order, in the current language."""
    order = {s: i for i, s in enumerate(INDICATOR_STATUSES)}
    return ", ".join(f"{v} {status_label(s)}" for s, v in sorted(c.items(), key=lambda x: order.get(x[0], 99)))


def _title(r: dict) -> str:
    old, new = r.get("old_jabatan"), r.get("new_jabatan")
    if r["status"] == "renamed":
        a, b = word_diff(old, new)
        return f'{a} <span class="muted">→</span> {b}'
    return esc(new or old or t("rep_iku_table"))


def _sim(x) -> str:
    return number(None if x is None else float(x))


def _duties_html(result: DiffResult, r: dict) -> str:
    old = result.old_duties.get(r.get("old_position_id"), {})
    new = result.new_duties.get(r.get("new_position_id"), {})
    if r["status"] in ("added", "removed"):
        items = new or old
        if not items:
            return ""
        parts = []
        for sec in DUTY_SECTIONS:
            if items.get(sec):
                parts.append(f"<h4>{esc(field_label(sec))}</h4><ol class=\"items\">"
                             + "".join(f"<li>{esc(t)}</li>" for t in items[sec]) + "</ol>")
        n = sum(len(v) for v in items.values())
        return f"<details><summary>{esc(t('rep_duties_items', n=n))}</summary>{''.join(parts)}</details>"
    changed = [s for s in DUTY_SECTIONS if s in r["changed_fields"]]
    if not changed:
        n = sum(len(v) for v in new.values())
        return f'<p class="meta">{esc(t("rep_duties_unchanged", n=n))}</p>' if n else ""
    rows = []
    tally = Counter()
    for sec in DUTY_SECTIONS:
        if sec not in changed:
            continue
        for o, n, _ in pair_items(old.get(sec, []), new.get(sec, [])):
            if o is not None and n is not None:
                if same_text(o, n):
                    continue
                a, b = word_diff(o, n)
                tally["reworded"] += 1
                rows.append(f'<tr><td class="f">{esc(field_label(sec))}</td><td class="old">{a}</td>'
                            f'<td class="new">{b}</td></tr>')
            elif o is not None:
                tally["removed"] += 1
                rows.append(f'<tr><td class="f">{esc(field_label(sec))}</td><td class="old"><del>{esc(o)}</del></td>'
                            f'<td class="gone"></td></tr>')
            else:
                tally["added"] += 1
                rows.append(f'<tr><td class="f">{esc(field_label(sec))}</td><td class="gone"></td>'
                            f'<td class="new"><ins>{esc(n)}</ins></td></tr>')
    head = _counts(tally)
    summary = t("rep_duties_changed", counts=head, sections=", ".join(field_label(s) for s in changed))
    return (f'<h4>{esc(summary)}</h4>'
            f'<table class="sbs"><tr><th class="f">{esc(t("rep_section"))}</th><th>{esc(t("rep_old"))}</th>'
            f'<th>{esc(t("rep_new"))}</th></tr>{"".join(rows)}</table>')


def _row(label: str, old_html: str, new_html: str, attrs: str = "") -> str:
    return (f'<tr><td class="f">{esc(label)}</td><td class="old"{attrs}>{old_html}</td>'
            f'<td class="new">{new_html}</td></tr>')


def _indicator_html(ir: dict, old: dict | None, new: dict | None, shared_sasaran: set = frozenset()) -> str:
    """One indicator pair (or an added / removed indicator): only its changed fields, words highlighted.
    A sasaran edit shown once for the position (``shared_sasaran``) is not repeated here."""
    st = ir["status"]
    fields = list(ir.get("changed_fields") or [])
    values = {f: (o, n) for f, o, n in zip(fields, ir.get("old_values") or [], ir.get("new_values") or [])}
    attrs = f'class="ind st-{esc(st)}" data-f="i-{esc(st)}"'
    if old is not None and new is not None:
        head = f'{_badge(st)} '
        rows = []
        if "indikator" in fields:
            a, b = word_diff(old.get("indikator"), new.get("indikator"))
            rows.append(_row(field_label("indikator"), a, b))
            sim = esc(t("rep_similarity_value", value=_sim(ir.get("similarity"))))
            head += f'<span class="muted small">{sim}</span>'
        else:
            head += esc(new.get("indikator"))
        if "sasaran" in fields:
            pair = values.get("sasaran", ("", ""))
            if (pair[0] or "", pair[1] or "") in shared_sasaran:
                rows.append(f'<tr><td class="f">{esc(field_label("sasaran"))}</td><td colspan="2" class="muted small">'
                            f'{esc(t("rep_sasaran_above"))}</td></tr>')
            else:
                a, b = word_diff(old.get("sasaran"), new.get("sasaran"))
                rows.append(_row(field_label("sasaran"), a, b))
        if "penjelasan" in fields:
            a, b = word_diff(*values["penjelasan"])
            rows.append(_row(field_label("penjelasan"), a, b))
        if any(f in fields for f in FORMULA_FIELDS):
            fa, fb = formula_pair(old, new)
            parts = ", ".join(field_label(f) for f in fields if f in FORMULA_FIELDS)
            rows.append(f'<tr><td class="f">{esc(field_label("formula_raw"))}<br><span class="small">{esc(parts)}'
                        f'</span></td><td class="old" title="{esc(old.get("formula_raw"))}">{fa}</td>'
                        f'<td class="new" title="{esc(new.get("formula_raw"))}">{fb}</td></tr>')
        for f in ("satuan", "sumber_data", "penanggung_jawab", "target_raw"):
            if f in fields:
                a, b = word_diff(old.get(f), new.get(f))
                rows.append(_row(field_label(f), a, b))
        return f'<div {attrs}><div class="title">{head}</div><table class="sbs">{"".join(rows)}</table></div>'
    row = new if new is not None else old
    f = _one_formula(row)
    src = _s(row.get("sumber_data"))
    tgt = _s(row.get("target_raw"))
    extra = "".join(x for x in (
        f'<tr><td class="f">{esc(field_label("formula_raw"))}</td><td title="{esc(row.get("formula_raw"))}">'
        f'{f}</td></tr>' if f else "",
        f'<tr><td class="f">{esc(field_label("sumber_data"))}</td><td>{esc(src)}</td></tr>' if src else "",
        f'<tr><td class="f">{esc(field_label("target_raw"))}</td><td>{esc(tgt)}</td></tr>' if tgt else ""))
    table = f'<table class="sbs">{extra}</table>' if extra else ""
    return f'<div {attrs}><div class="title">{_badge(st)} {esc(row.get("indikator"))}</div>{table}</div>'


def _group_html(group: list[dict], oind: dict, nind: dict) -> str:
    """A split (one old → several new) or merge (several old → one new) as one block."""
    st = group[0]["status"]
    if st == "split":
        old = oind[group[0]["old_indicator_id"]]
        news = [nind[g["new_indicator_id"]] for g in group]
        left = esc(old.get("indikator"))
        right = "".join(f"<li>{word_diff(old.get('indikator'), n.get('indikator'))[1]}</li>" for n in news)
        fl = _one_formula(old)
        fr = "".join(f"<li>{formula_pair(old, n)[1]}</li>" for n in news)
        head = f"{_badge(st)} {esc(t('rep_split_head', n=len(news)))}"
        cells = (_row(field_label("indikator"), left, f'<ol class="items">{right}</ol>')
                 + _row(field_label("formula_raw"), fl, f'<ol class="items">{fr}</ol>'))
        others = [("sasaran", old, news), ("sumber_data", old, news)]
    else:
        new = nind[group[0]["new_indicator_id"]]
        olds = [oind[g["old_indicator_id"]] for g in group]
        left = "".join(f"<li>{word_diff(o.get('indikator'), new.get('indikator'))[0]}</li>" for o in olds)
        right = esc(new.get("indikator"))
        fl = "".join(f"<li>{formula_pair(o, new)[0]}</li>" for o in olds)
        fr = _one_formula(new)
        head = f"{_badge(st)} {esc(t('rep_merged_head', n=len(olds)))}"
        cells = (_row(field_label("indikator"), f'<ol class="items">{left}</ol>', right)
                 + _row(field_label("formula_raw"), f'<ol class="items">{fl}</ol>', fr))
        others = []
    extra = ""
    for f, o, ns in others:
        vals = {_s(n.get(f)) for n in ns}
        if len(vals) == 1 and not same_text(o.get(f), next(iter(vals))):
            a, b = word_diff(o.get(f), next(iter(vals)))
            extra += _row(field_label(f), a, b)
    return (f'<div class="ind st-{esc(st)}" data-f="i-{esc(st)}"><div class="title">{head}</div>'
            f'<table class="sbs">{cells}{extra}</table></div>')


def _note_html(notes) -> str:
    return "".join(f'<p class="note">{esc(n.text(t))}</p>' for n in notes)


def _indicator_counts(r: dict) -> str:
    return ", ".join(f"{r['n_' + s]} {status_label(s)}" for s in INDICATOR_STATUSES
                     if s != "unchanged" and r.get("n_" + s))


def _position_html(k: int, r: dict, result: DiffResult, ind_rows: list[dict], oind: dict, nind: dict,
                   notes=(), sasaran_rows=()) -> str:
    """One position as a foldable block: its summary line (status, title, what changed), then only
    what changed: the title, duty items, sasaran edits (once), changed indicators; unchanged
    indicators folded."""
    st = r["status"]
    meta = []
    if r.get("similarity") is not None:
        meta.append(t("rep_similarity_detail", total=_sim(r["similarity"]), title=_sim(r.get("name_similarity")),
                      duties=_sim(r.get("duties_similarity")), indicators=_sim(r.get("indicators_similarity"))))
    years = " → ".join(str(y) for y in (r.get("old_year"), r.get("new_year")) if y is not None)
    if years:
        meta.append(years)
    meta.append(" → ".join(x for x in (r.get("old_position_id"), r.get("new_position_id")) if x))
    if r["changed_fields"]:
        meta.append(t("rep_changed_fields", fields=", ".join(field_label(f) for f in r["changed_fields"])))
    counts = _indicator_counts(r)
    is_open = " open" if st in ("changed", "renamed") else ""
    parts = [f'<details class="pos" id="p{k}" data-f="p-{esc(st)}"{is_open}><summary>{_badge(st)} '
             f'<span class="ptitle">{_title(r)}</span>'
             + (f' <span class="muted small">· {esc(counts)}</span>' if counts else "") + "</summary>",
             f'<p class="meta">{esc(" · ".join(meta))}</p>', _note_html(notes), _duties_html(result, r)]
    shared = set()
    if sasaran_rows:
        rows = []
        for fr in sasaran_rows:
            a, b = word_diff(fr["old"], fr["new"])
            rows.append(_row(t("rep_sasaran_n", n=fr["n_indicators"]), a, b))
            if fr["n_indicators"] > 1:
                shared.add((fr["old"] or "", fr["new"] or ""))
        parts.append(f"<h4>{esc(t('rep_sasaran_heading'))}</h4><table class=\"sbs\">{''.join(rows)}</table>")
    if ind_rows:
        c = Counter(x["status"] for x in ind_rows)
        parts.append(f"<h4>{esc(t('rep_indicators_heading', counts=_counts(c)))}</h4>")
        done, unchanged = set(), []
        for x in ind_rows:
            if id(x) in done:
                continue
            if x["status"] == "unchanged":
                done.add(id(x))
                unchanged.append(x)
                continue
            if x["status"] in ("split", "merged"):
                key = "old_indicator_id" if x["status"] == "split" else "new_indicator_id"
                group = [y for y in ind_rows if y["status"] == x["status"] and y[key] == x[key]]
                done.update(id(y) for y in group)
                parts.append(_group_html(group, oind, nind))
                continue
            done.add(id(x))
            parts.append(_indicator_html(x, oind.get(x["old_indicator_id"]), nind.get(x["new_indicator_id"]),
                                         shared))
        if unchanged:
            items = "".join(f"<li>{esc(x['new_indikator'] or x['old_indikator'])}</li>" for x in unchanged)
            parts.append(f'<details class="unch" data-f="i-unchanged"><summary>'
                         f'{esc(t("rep_unchanged_indicators", n=len(unchanged)))}</summary>'
                         f'<ol class="items">{items}</ol></details>')
    elif st not in ("added", "removed"):
        parts.append(f'<p class="meta">{esc(t("rep_no_indicators"))}</p>')
    parts.append("</details>")
    return "".join(parts)


def _records_by_id(df) -> dict[str, dict]:
    out = {}
    for rec in df.to_dict("records"):
        out[rec["indicator_id"]] = rec
    return out


# a few lines of script: show / hide blocks by status, open / close every block (no network, no library)
SCRIPT = """(function(){var f=document.getElementById('filter');if(!f)return;
function apply(){var on={};f.querySelectorAll('input').forEach(function(c){on[c.value]=c.checked});
document.querySelectorAll('[data-f]').forEach(function(e){e.hidden=on[e.getAttribute('data-f')]===false})}
f.addEventListener('change',apply);
f.querySelectorAll('button').forEach(function(b){b.addEventListener('click',function(){var o=b.value==='open';
document.querySelectorAll('details.pos').forEach(function(d){if(!d.hidden)d.open=o})})});apply()})();"""


def render_report(result: DiffResult, title: str | None = None) -> str:
    """The whole report as an HTML string (one self-contained page: inline CSS and script, no network).

    Summary first (counts equal to the change tables'), then only what changed: changed and renamed
    positions open, removed, added and unchanged ones folded; a filter by status."""
    o, n = result.old, result.new
    prow, irow = result.position_rows, result.indicator_rows
    pc = Counter(r["status"] for r in prow)
    ic = Counter(r["status"] for r in irow)
    oind, nind = _records_by_id(o.indicators), _records_by_id(n.indicators)
    by_pair: dict[tuple, list[dict]] = {}
    for x in irow:
        by_pair.setdefault((x["old_position_id"], x["new_position_id"]), []).append(x)
    sasaran_by_pair: dict[tuple, list[dict]] = {}
    field_counts = Counter()
    for fr in result.field_rows:
        if fr["level"] == "sasaran":
            sasaran_by_pair.setdefault((fr["old_position_id"], fr["new_position_id"]), []).append(fr)
        else:
            field_counts[fr["level"], fr["field"]] += 1
    notes = result.notes if len(result.notes) == len(prow) else [[] for _ in prow]

    order = {"changed": 0, "renamed": 0, "removed": 1, "added": 2, "unchanged": 3}
    indexed = sorted(enumerate(prow), key=lambda x: (order[x[1]["status"]], x[0]))
    heading = t("rep_heading")
    title = title or f"{heading}: {o.label} → {n.label}"

    def side(x) -> str:
        return t("rep_side_counts", positions=len(x.positions), indicators=len(x.indicators))

    sources = t_html("rep_sources", old=esc(o.source), new=esc(n.source), version=esc(__version__),
                     command="<code>iki diff</code>", only_old=f"<del>{esc(t('rep_only_old'))}</del>",
                     only_new=f"<ins>{esc(t('rep_only_new'))}</ins>")
    out = [f"<!DOCTYPE html><html lang=\"{lang()}\"><head><meta charset=\"utf-8\">",
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
           f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>",
           f"<h1>{esc(heading)}</h1>",
           f'<p class="sides"><b>{esc(o.label)}</b> <span class="muted">{esc(side(o))}</span>'
           f'<span class="arrow">→</span><b>{esc(n.label)}</b> <span class="muted">{esc(side(n))}</span></p>',
           f'<p class="muted small">{sources}</p>',
           f"<h2 id=\"summary\">{esc(t('rep_summary'))}</h2>"]
    total, code = esc(t("rep_total")), esc(t("rep_code"))
    for label, statuses, counter, rows in ((t("rep_positions"), POSITION_STATUSES, pc, prow),
                                           (t("rep_indicators"), INDICATOR_STATUSES, ic, irow)):
        out.append(f"<table class=\"counts\"><tr><th colspan=2>{esc(label)}</th><th class=\"code\">{code}</th></tr>")
        out += [f"<tr><td>{_badge(s)}</td><td class=\"n\">{counter.get(s, 0)}</td>"
                f"<td class=\"code\"><code>{esc(s)}</code></td></tr>" for s in statuses]
        out.append(f"<tr><th>{total}</th><th class=\"n\">{len(rows)}</th><th></th></tr></table>")
    if field_counts or sasaran_by_pair:
        out.append(f"<table class=\"counts\"><tr><th colspan=2>{esc(t('rep_fields_changed'))}</th>"
                   f"<th class=\"code\">{code}</th></tr>")
        n_sas = sum(len(v) for v in sasaran_by_pair.values())
        if n_sas:
            out.append(f"<tr><td>{esc(t('rep_sasaran_heading'))}</td><td class=\"n\">{n_sas}</td>"
                       f"<td class=\"code\"><code>sasaran</code></td></tr>")
        for (level, f), v in sorted(field_counts.items(), key=lambda x: (x[0][0] != "position", -x[1], x[0][1])):
            out.append(f"<tr><td>{esc(field_label(f))}</td><td class=\"n\">{v}</td>"
                       f"<td class=\"code\"><code>{esc(level)}.{esc(f)}</code></td></tr>")
        out.append("</table>")
    out.append(f'<p class="muted small">{t_html("rep_counts_note", table="<code>indicator_changes</code>")} '
               f'{t_html("rep_fields_note", table="<code>field_changes</code>")}</p>')

    boxes = "".join(f'<label><input type="checkbox" value="p-{s}" checked> {_badge(s)} {pc.get(s, 0)}</label>'
                    for s in POSITION_STATUSES if pc.get(s))
    iboxes = "".join(f'<label><input type="checkbox" value="i-{s}" checked> {_badge(s)} {ic.get(s, 0)}</label>'
                     for s in INDICATOR_STATUSES if ic.get(s))
    out.append(f'<div id="filter"><div><b>{esc(t("rep_filter_positions"))}</b> {boxes}</div>'
               f'<div><b>{esc(t("rep_filter_indicators"))}</b> {iboxes}</div>'
               f'<div><button type="button" value="open">{esc(t("rep_open_all"))}</button> '
               f'<button type="button" value="close">{esc(t("rep_close_all"))}</button></div></div>')

    sections = ((t("rep_section_changed"), ("changed", "renamed")), (t("rep_section_removed"), ("removed",)),
                (t("rep_section_added"), ("added",)))
    for head, statuses in sections:
        items = [(k, r) for k, r in indexed if r["status"] in statuses]
        if not items:
            continue
        body = "".join(_position_html(k, r, result, by_pair.get((r["old_position_id"], r["new_position_id"]), []),
                                      oind, nind, notes[k],
                                      sasaran_by_pair.get((r["old_position_id"], r["new_position_id"]), ()))
                       for k, r in items)
        out.append(f"<h2>{esc(head)} ({len(items)})</h2>{body}")
    unchanged = [(k, r) for k, r in indexed if r["status"] == "unchanged"]
    if unchanged:
        lines = "".join(f'<li id="p{k}" data-f="p-unchanged">{_title(r)}'
                        + "".join(f'<p class="note">{esc(x.text(t))}</p>' for x in notes[k]) + "</li>"
                        for k, r in unchanged)
        out.append(f"<h2>{esc(t('rep_section_unchanged'))} ({len(unchanged)})</h2><details data-f=\"p-unchanged\">"
                   f"<summary>{esc(t('rep_show'))}</summary><ol class=\"items\">{lines}</ol></details>")
    out.append(f"</main><script>{SCRIPT}</script></body></html>")
    return "\n".join(out)


def write_report(result: DiffResult, path: str | Path, title: str | None = None) -> Path:
    """Write the report atomically (temporary file, then rename; readable by others like the Parquet files)."""
    from schema.writer import atomic_path

    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_text(render_report(result, title), encoding="utf-8")
    return target
