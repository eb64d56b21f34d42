"""The diff as one self-contained HTML page (inline CSS and a few lines of inline script, no network).

A summary (counts by status, equal to the change tables', and by changed field), a filter by
status, then only what changed: per position a foldable block (changed and renamed ones open,
removed and added ones folded, unchanged ones listed in one folded list) with the changed
title, duty items, sasaran (once for the indicators sharing it) and indicators side by side,
changed words highlighted word by word (``difflib``, notation folded as the diff compares),
formulas shown readably (``\\frac{a}{b}`` as a fraction); unchanged indicators folded.

This module turns a :class:`iki.diff.DiffResult` into what the page shows; the page itself is the
jinja2 template ``iki/templates/report.html`` (autoescaped: every text from the documents is
HTML-escaped; only the word-level highlights built here are :class:`markupsafe.Markup`).
"""
from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path

import regex
from markupsafe import Markup, escape

from iki.version import __version__
from iki.diff import (DUTY_SECTIONS, FORMULA_FIELDS, INDICATOR_STATUSES, POSITION_STATUSES, DiffResult, _missing, _s,
                      pair_items, same_text, text_key)
from iki.i18n import field_label, number, status_label, t
from iki.templates import render, t_html

_TOKEN_RE = regex.compile(r"^\s+|[\p{L}\p{N}]+\s*|[^\s\p{L}\p{N}]\s*")   # a word with the blanks after it


def esc(text) -> Markup:
    return escape(_s(text))


def _tokens(text: str) -> list[str]:
    return _TOKEN_RE.findall(text)


def _key(tok: str) -> str:
    """What a token must share with another to be the same word: notation folded (Σ = ∑, × = x,
    punctuation and case aside), as the diff compares texts."""
    return text_key(tok)


def word_diff(old, new) -> tuple[Markup, Markup]:
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
        left.append(Markup("<del>{}</del>").format(ta) if "".join(ka[i1:i2]) else esc(ta))
        right.append(Markup("<ins>{}</ins>").format(tb) if "".join(kb[j1:j2]) else esc(tb))
    return Markup("").join(left), Markup("").join(right)


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


def _factor(row: dict) -> Markup:
    m = row.get("multiplier")
    unit = _s(row.get("unit"))
    if _missing(m) or m is None:
        return Markup(" {}").format(unit) if unit else Markup("")
    return Markup(" × {}{}").format(f"{float(m):g}", " " + unit if unit else "")


def formula_pair(old: dict | None, new: dict | None) -> tuple[dict | None, dict | None]:
    """Old and new formula for the page, side by side, differences highlighted: ``{"num", "den",
    "factor"}`` (a fraction) or ``{"text"}``; None for a side that has none."""
    if old is not None and new is not None and _is_ratio(old) and _is_ratio(new):
        n1, n2 = word_diff(old.get("numerator"), new.get("numerator"))
        d1, d2 = word_diff(old.get("denominator"), new.get("denominator"))
        f1, f2 = _factor(old), _factor(new)
        if f1 != f2:
            f1, f2 = Markup("<del>{}</del>").format(f1), Markup("<ins>{}</ins>").format(f2)
        return {"num": n1, "den": d1, "factor": f1}, {"num": n2, "den": d2, "factor": f2}
    if old is None:
        return None, _one_formula(new)
    if new is None:
        return _one_formula(old), None
    a, b = word_diff(formula_text(old.get("formula_raw")), formula_text(new.get("formula_raw")))
    return {"text": a}, {"text": b}


def _one_formula(row: dict | None) -> dict | None:
    if not row:
        return None
    if _is_ratio(row):
        return {"num": esc(row.get("numerator")), "den": esc(row.get("denominator")), "factor": _factor(row)}
    text = formula_text(row.get("formula_raw"))
    return {"text": esc(text)} if text else None


# --------------------------------------------------------------------------- what the page shows


def _counts(c: Counter) -> str:
    """``3 reworded, 1 added`` in status order, in the current language."""
    order = {s: i for i, s in enumerate(INDICATOR_STATUSES)}
    return ", ".join(f"{v} {status_label(s)}" for s, v in sorted(c.items(), key=lambda x: order.get(x[0], 99)))


def _title(r: dict) -> Markup:
    old, new = r.get("old_jabatan"), r.get("new_jabatan")
    if r["status"] == "renamed":
        a, b = word_diff(old, new)
        return Markup('{} <span class="muted">→</span> {}').format(a, b)
    return esc(new or old or t("rep_iku_table"))


def _sim(x) -> str:
    return number(None if x is None else float(x))


def _row(label: str, old, new, **more) -> dict:
    """One row of a side-by-side table: a label, the old and the new value (HTML, a formula, or a list
    of either; None: the side has none)."""
    return {"label": label, "old": old, "new": new, "small": None, "note": None, "old_title": None, "new_title": None,
            **more}


def _duties(result: DiffResult, r: dict) -> dict | None:
    """The duty items of a position: all of them (added / removed), a count (unchanged), or the changed ones."""
    old = result.old_duties.get(r.get("old_position_id"), {})
    new = result.new_duties.get(r.get("new_position_id"), {})
    if r["status"] in ("added", "removed"):
        items = new or old
        return {"n": sum(len(v) for v in items.values()),
                "sections": [(field_label(s), items[s]) for s in DUTY_SECTIONS if items.get(s)]} if items else None
    changed = [s for s in DUTY_SECTIONS if s in r["changed_fields"]]
    if not changed:
        n = sum(len(v) for v in new.values())
        return {"unchanged": n} if n else None
    rows, tally = [], Counter()
    for sec in changed:
        for o, n, _ in pair_items(old.get(sec, []), new.get(sec, [])):
            if o is not None and n is not None:
                if not same_text(o, n):
                    tally["reworded"] += 1
                    rows.append(_row(field_label(sec), *word_diff(o, n)))
            elif o is not None:
                tally["removed"] += 1
                rows.append(_row(field_label(sec), Markup("<del>{}</del>").format(o), None))
            else:
                tally["added"] += 1
                rows.append(_row(field_label(sec), None, Markup("<ins>{}</ins>").format(n)))
    return {"summary": t("rep_duties_changed", counts=_counts(tally), sections=", ".join(map(field_label, changed))),
            "rows": rows}


def _indicator(ir: dict, old: dict | None, new: dict | None, shared_sasaran: set = frozenset()) -> dict:
    """One indicator pair (or an added / removed indicator): only its changed fields, words highlighted.
    A sasaran edit shown once for the position (``shared_sasaran``) is not repeated here."""
    st = ir["status"]
    fields = list(ir.get("changed_fields") or [])
    values = {f: (o, n) for f, o, n in zip(fields, ir.get("old_values") or [], ir.get("new_values") or [])}
    if old is None or new is None:
        row = new if new is not None else old
        rows = [_row(field_label(f), v, None, old_title=_s(row.get("formula_raw")) if f == "formula_raw" else None)
                for f, v in (("formula_raw", _one_formula(row)), ("sumber_data", esc(row.get("sumber_data"))),
                             ("target_raw", esc(row.get("target_raw")))) if v]
        return {"status": st, "text": _s(row.get("indikator")), "rows": rows, "single": True}
    block = {"status": st, "rows": [], "single": False}
    if "indikator" in fields:
        block["rows"].append(_row(field_label("indikator"), *word_diff(old.get("indikator"), new.get("indikator"))))
        block["similarity"] = t("rep_similarity_value", value=_sim(ir.get("similarity")))
    else:
        block["text"] = _s(new.get("indikator"))
    if "sasaran" in fields:
        pair = values.get("sasaran", ("", ""))
        if (pair[0] or "", pair[1] or "") in shared_sasaran:
            block["rows"].append(_row(field_label("sasaran"), None, None, note=t("rep_sasaran_above")))
        else:
            block["rows"].append(_row(field_label("sasaran"), *word_diff(old.get("sasaran"), new.get("sasaran"))))
    if "penjelasan" in fields:
        block["rows"].append(_row(field_label("penjelasan"), *word_diff(*values["penjelasan"])))
    if any(f in fields for f in FORMULA_FIELDS):
        block["rows"].append(_row(field_label("formula_raw"), *formula_pair(old, new),
                                  small=", ".join(field_label(f) for f in fields if f in FORMULA_FIELDS),
                                  old_title=_s(old.get("formula_raw")), new_title=_s(new.get("formula_raw"))))
    for f in ("satuan", "sumber_data", "penanggung_jawab", "target_raw"):
        if f in fields:
            block["rows"].append(_row(field_label(f), *word_diff(old.get(f), new.get(f))))
    return block


def _split_or_merge(group: list[dict], oind: dict, nind: dict) -> dict:
    """A split (one old → several new) or merge (several old → one new) as one block."""
    st = group[0]["status"]
    if st == "split":
        old = oind[group[0]["old_indicator_id"]]
        news = [nind[g["new_indicator_id"]] for g in group]
        rows = [_row(field_label("indikator"), esc(old.get("indikator")),
                     [word_diff(old.get("indikator"), n.get("indikator"))[1] for n in news]),
                _row(field_label("formula_raw"), _one_formula(old) or "", [formula_pair(old, n)[1] for n in news])]
        for f in ("sasaran", "sumber_data"):
            vals = {_s(n.get(f)) for n in news}
            if len(vals) == 1 and not same_text(old.get(f), next(iter(vals))):
                rows.append(_row(field_label(f), *word_diff(old.get(f), next(iter(vals)))))
        return {"status": st, "text": t("rep_split_head", n=len(news)), "rows": rows, "single": False}
    new = nind[group[0]["new_indicator_id"]]
    olds = [oind[g["old_indicator_id"]] for g in group]
    rows = [_row(field_label("indikator"), [word_diff(o.get("indikator"), new.get("indikator"))[0] for o in olds],
                 esc(new.get("indikator"))),
            _row(field_label("formula_raw"), [formula_pair(o, new)[0] for o in olds], _one_formula(new) or "")]
    return {"status": st, "text": t("rep_merged_head", n=len(olds)), "rows": rows, "single": False}


def _position(k: int, r: dict, result: DiffResult, ind_rows: list[dict], oind: dict, nind: dict,
              notes=(), sasaran_rows=()) -> dict:
    """One position as a foldable block: its summary line (status, title, what changed), then only
    what changed: the title, duty items, sasaran edits (once), changed indicators; unchanged
    indicators folded."""
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
    pos = {"k": k, "status": r["status"], "title": _title(r), "meta": " · ".join(meta),
           "counts": ", ".join(f"{r['n_' + s]} {status_label(s)}" for s in INDICATOR_STATUSES
                               if s != "unchanged" and r.get("n_" + s)),
           "notes": [n.text(t) for n in notes], "duties": _duties(result, r), "sasaran": [], "blocks": [],
           "unchanged": [], "indicator_counts": None}
    shared = set()
    for fr in sasaran_rows:
        pos["sasaran"].append(_row(t("rep_sasaran_n", n=fr["n_indicators"]), *word_diff(fr["old"], fr["new"])))
        if fr["n_indicators"] > 1:
            shared.add((fr["old"] or "", fr["new"] or ""))
    if ind_rows:
        pos["indicator_counts"] = _counts(Counter(x["status"] for x in ind_rows))
        done = set()
        for x in ind_rows:
            if id(x) in done:
                continue
            if x["status"] == "unchanged":
                done.add(id(x))
                pos["unchanged"].append(x["new_indikator"] or x["old_indikator"])
            elif x["status"] in ("split", "merged"):
                key = "old_indicator_id" if x["status"] == "split" else "new_indicator_id"
                group = [y for y in ind_rows if y["status"] == x["status"] and y[key] == x[key]]
                done.update(id(y) for y in group)
                pos["blocks"].append(_split_or_merge(group, oind, nind))
            else:
                done.add(id(x))
                pos["blocks"].append(_indicator(x, oind.get(x["old_indicator_id"]), nind.get(x["new_indicator_id"]),
                                                shared))
    return pos


def render_report(result: DiffResult, title: str | None = None) -> str:
    """The whole report as an HTML string (one self-contained page: inline CSS and script, no network).

    Summary first (counts equal to the change tables'), then only what changed: changed and renamed
    positions open, removed, added and unchanged ones folded; a filter by status."""
    o, n = result.old, result.new
    prow, irow = result.position_rows, result.indicator_rows
    pc = Counter(r["status"] for r in prow)
    ic = Counter(r["status"] for r in irow)
    oind = {rec["indicator_id"]: rec for rec in o.indicators.to_dict("records")}
    nind = {rec["indicator_id"]: rec for rec in n.indicators.to_dict("records")}
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

    def position(k: int, r: dict) -> dict:
        pair = (r["old_position_id"], r["new_position_id"])
        return _position(k, r, result, by_pair.get(pair, []), oind, nind, notes[k], sasaran_by_pair.get(pair, ()))

    sections = []
    for head, statuses in ((t("rep_section_changed"), ("changed", "renamed")),
                           (t("rep_section_removed"), ("removed",)), (t("rep_section_added"), ("added",))):
        items = [position(k, r) for k, r in indexed if r["status"] in statuses]
        if items:
            sections.append((head, items))
    heading = t("rep_heading")
    return render(
        "report.html", title=title or f"{heading}: {o.label} → {n.label}", heading=heading,
        sides=[(x.label, t("rep_side_counts", positions=len(x.positions), indicators=len(x.indicators)))
               for x in (o, n)],
        sources=t_html("rep_sources", old=esc(o.source), new=esc(n.source), version=esc(__version__),
                       command=Markup("<code>iki diff</code>"),
                       only_old=Markup("<del>{}</del>").format(t("rep_only_old")),
                       only_new=Markup("<ins>{}</ins>").format(t("rep_only_new"))),
        counts=[(t("rep_positions"), POSITION_STATUSES, pc, len(prow)),
                (t("rep_indicators"), INDICATOR_STATUSES, ic, len(irow))],
        sasaran_changes=sum(len(v) for v in sasaran_by_pair.values()),
        field_counts=[(level, f, v) for (level, f), v in
                      sorted(field_counts.items(), key=lambda x: (x[0][0] != "position", -x[1], x[0][1]))],
        filters=[(t("rep_filter_positions"), "p", [(s, pc[s]) for s in POSITION_STATUSES if pc.get(s)]),
                 (t("rep_filter_indicators"), "i", [(s, ic[s]) for s in INDICATOR_STATUSES if ic.get(s)])],
        sections=sections,
        unchanged=[(k, _title(r), [x.text(t) for x in notes[k]]) for k, r in indexed if r["status"] == "unchanged"])


def write_report(result: DiffResult, path: str | Path, title: str | None = None) -> Path:
    """Write the report atomically (temporary file, then rename; readable by others like the Parquet files)."""
    from schema.writer import atomic_path

    target = Path(path)
    with atomic_path(target) as tmp:
        tmp.write_text(render_report(result, title), encoding="utf-8")
    return target
