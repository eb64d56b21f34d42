"""``iki show FILE``: what iki read from one document, for a reader, without writing anything.

:func:`render` turns the rows :func:`iki.pipeline.process_file` returns for one file into plain
text (for the terminal), markdown (to paste into an issue or a note) or JSON (the rows as they
would go into the tables). Labels are in the current language (:mod:`iki.i18n`); the document's
own words, status values and warning codes are shown as they are.
"""
from __future__ import annotations

import json
import math
import re

from iki.i18n import number, t
from iki.pipeline import FileResult
from iki.terminal import printable, safe_json

STYLES = ("text", "markdown", "json")


def formula_text(ind: dict) -> str:
    """The parsed formula in one line: ``ratio: A / B × 100 %``, ``count: Σ A``, or the type alone.

    ``ind`` is an ``indicators`` row (dict)."""
    kind = ind.get("formula_type") or "none"
    label = t(f"formula_{kind}") if f"formula_{kind}" in _FORMULA_KEYS else kind
    if kind == "ratio":
        body = f"{ind.get('numerator') or '?'} / {ind.get('denominator') or '?'}"
        mult, unit = ind.get("multiplier"), ind.get("unit")
        if mult is not None and not (isinstance(mult, float) and math.isnan(mult)):
            body += f" × {_num(mult)}"
        if unit:
            body += f" {unit}"
        return f"{label}: {body}"
    if kind == "count" and ind.get("numerator"):
        return f"{label}: {t('count_of', what=ind['numerator'])}"
    return label


_FORMULA_KEYS = {f"formula_{k}" for k in ("ratio", "count", "index", "other", "none")}


def _num(x) -> str:
    if isinstance(x, float) and x.is_integer():
        return number(int(x))
    return number(x, digits=2) if isinstance(x, float) else str(x)


def _target(ind: dict) -> str | None:
    raw = ind.get("target_raw")
    if not raw:
        return None
    value = ind.get("target_value")
    if value is None:
        return raw
    parsed = " ".join(x for x in (_num(value), ind.get("target_unit") or "") if x)
    return raw if parsed == raw else f"{raw} → {parsed}"


def _where(row: dict) -> str:
    parts = []
    if row.get("page") is not None:
        parts.append(t("show_page", n=row["page"]))
    if row.get("line") is not None:
        parts.append(t("show_line", n=row["line"]))
    return ", ".join(parts)


def _md_number(label: str) -> str:
    """A list label such as ``1.`` escaped so that markdown shows it instead of starting a nested list."""
    return re.sub(r"^(\d+)([.)])$", r"\1\\\2", label)


def _status_word(status: str) -> str:
    key = f"doc_status_{status}"
    try:
        return t(key)
    except KeyError:
        return status


def _lines(result: FileResult, md: bool) -> list[str]:
    d = result.document
    out: list[str] = []
    h1, h2 = ("# ", "## ") if md else ("", "")
    bullet = "- " if md else "  "

    def field(label: str, value, indent: str = "") -> None:
        if value is None or value == "" or value == []:
            return
        out.append(f"{indent}{bullet}**{label}**: {value}" if md else f"{indent}{bullet}{label + ':':<18} {value}")

    out.append(f"{h1}{d['source_path']}")
    status = _status_word(d["status"])
    out.append(("" if not md else "") + f"{t('show_format')} {d['format']} · {status}"
               + (f" ({d['status']})" if status != d["status"] else ""))
    if md:
        out.append("")
    field(t("show_error"), d.get("error"))
    field(t("show_region"), d.get("region"))
    field(t("show_agency"), d.get("agency"))
    field(t("show_year"), d.get("year"))
    field(t("show_pages"), d.get("n_pages"))
    if d.get("ocr_pages"):
        field(t("show_ocr_pages"), d["ocr_pages"])
    for w in d.get("warnings") or []:
        field(t("show_warning"), w)
    out.append("")
    out.append(t("show_found", positions=len(result.positions), duties=len(result.duties),
                 indicators=len(result.indicators)))
    duties_by: dict[str, dict[str, list[dict]]] = {}
    for item in result.duties:
        duties_by.setdefault(item["position_id"], {}).setdefault(item["section"], []).append(item)
    inds_by: dict[str, list[dict]] = {}
    for ind in result.indicators:
        inds_by.setdefault(ind["position_id"], []).append(ind)
    for p in result.positions:
        out.append("")
        title = p.get("jabatan") or t("show_no_jabatan")
        where = ", ".join(x for x in (str(p["year"]) if p.get("year") else "", _where(p)) if x)
        out.append(f"{h2}{p['seq']}. {p['kind']} · {title}" + (f" ({where})" if where else ""))
        if md:
            out.append("")
        field(t("show_instansi"), p.get("instansi"))
        field(t("show_program"), p.get("program"))
        for w in p.get("warnings") or []:
            field(t("show_warning"), w)
        for section, items in duties_by.get(p["position_id"], {}).items():
            out.append("")
            out.append(f"**{t('section_' + section)}** ({len(items)})" if md
                       else f"  {t('section_' + section)} ({len(items)})")
            if md:
                out.append("")
            for item in items:
                label = item.get("label") or f"{item['seq']}."
                out.append(f"- {_md_number(label)} {item['text']}" if md else f"    {label} {item['text']}")
        inds = inds_by.get(p["position_id"], [])
        if inds:
            out.append("")
            out.append(f"**{t('show_indicators')}** ({len(inds)})" if md else f"  {t('show_indicators')} ({len(inds)})")
            if md:
                out.append("")
            for ind in inds:
                out.append(f"{'- ' + _md_number(str(ind['seq']) + '.') if md else '    ' + str(ind['seq']) + '.'} "
                           f"{ind.get('indikator') or '?'}"
                           + (f"  ({_where(ind)})" if _where(ind) else ""))
                sub = "  " if md else "       "
                field(t("show_sasaran"), ind.get("sasaran"), sub)
                field(t("show_formula"), formula_text(ind), sub)
                if ind.get("formula_raw"):
                    raw = ind["formula_raw"].replace("\n", " ⏎ ")
                    field(t("show_written"), f"`{raw}`" if md else raw, sub)
                field(t("show_penjelasan"), ind.get("penjelasan"), sub)
                field(t("show_target"), _target(ind), sub)
                field(t("show_satuan"), ind.get("satuan"), sub)
                field(t("show_sumber_data"), ind.get("sumber_data"), sub)
                field(t("show_penanggung_jawab"), ind.get("penanggung_jawab"), sub)
                if ind.get("ocr_confidence") is not None:
                    field(t("show_ocr_confidence"), number(ind["ocr_confidence"], 0), sub)
                for w in ind.get("warnings") or []:
                    field(t("show_warning"), w, sub)
    return out


def render(result: FileResult, style: str = "text") -> str:
    """One file's rows as ``text``, ``markdown`` or ``json`` (one of :data:`STYLES`).

    JSON holds ``document``, ``positions``, ``duties`` and ``indicators`` exactly as the tables
    would (lists as arrays, null as null). Raises ``ValueError`` for another style."""
    if style == "json":  # control characters of the document escaped, as valid JSON
        return safe_json(json.dumps({"document": result.document, "positions": result.positions,
                                     "duties": result.duties, "indicators": result.indicators},
                                    ensure_ascii=False, indent=1))
    if style not in STYLES:
        raise ValueError(f"unknown style {style!r}: use one of {', '.join(STYLES)}")
    # every line holds the document's own text: its control characters (a line break, an escape
    # sequence that clears the screen or writes the clipboard) are shown escaped, never sent
    lines = [printable(line) for line in _lines(result, style == "markdown")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).rstrip() + "\n"
