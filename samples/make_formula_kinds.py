#!/usr/bin/env python3
"""Formula cells of the kinds issue 23 describes, written from their description (not from any
document), rendered by several producers, each file with its gold JSON.

The kinds (one indicator row each; a document mixes them):

==================  ==============================================================================
kind                what the PENJELASAN / FORMULASI cell holds
==================  ==============================================================================
labelled_then_free  a labelled explanation (``Penjelasan :``, ``Definisi :``, ``Keterangan :`` …),
                    then the formula in a paragraph of its own with no label (inline ratio, ratio in
                    words, ``Σ A`` / ``f(x) = Σ A``, ``Jumlah A`` on its own line, a drawn fraction)
two_lines           a fraction typed as two lines with no drawn rule: ``A X 100 %`` over ``B``,
                    alone or after an explanation
words               ``Proporsi A terhadap B``, ``Rasio antara A dengan B``, ``Menghitung jumlah A``,
                    with or without an explanation before
definisi_rumus      ``Definisi …`` then the formula whose ``Rumus :`` label was never typed
legend              a formula in symbols (``NTP = It / Ib x 100``) followed by a legend of its symbols
                    (``It = …``): the legend is explanation, not the numerator
colon_values        an explanation listing ``thing : 16.494 unit`` (a colon between a name and a value
                    is no ratio), with or without a formula after it
plain_after         the formula after an unlabelled explanation (the layouts the grammar knew)
==================  ==============================================================================

Every kind has several phrasings; the last phrasing of each list (and of the vocabulary) is used only
with ``--heldout``, so a held-out set differs from the tuning set in wording and not only in the draw.

Producers: ``txt`` (markdown pipe table, lines joined by ``<br>``), ``docx`` (python-docx: paragraphs,
a paragraph border as the fraction bar), ``rl`` (reportlab PDF, a drawn rule as the bar), ``chromium``
(an HTML page printed by headless Chromium, a CSS border as the bar). It imports nothing from the
extractor.

Usage: python samples/make_formula_kinds.py -o DIR [--seed 1] [--docs 2] [--rows 14] [--heldout]
       [--producers txt,docx,rl,chromium]
"""
from __future__ import annotations

import argparse
import html
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from model import chromium_pdf, pick as weighted, save_zip  # noqa: E402

# ------------------------------------------------------------------------------------ vocabulary
# (tuning items first; the last item of each list is held out)

OBJECTS = [
    ("pengaduan masyarakat", "ditindaklanjuti", "yang diterima"),
    ("dokumen perencanaan", "disusun tepat waktu", "yang wajib disusun"),
    ("UMKM binaan", "memperoleh sertifikat halal", "yang terdaftar"),
    ("desa", "berstatus mandiri", "di wilayah kabupaten"),
    ("pegawai", "mengikuti diklat teknis", "seluruhnya"),
    ("koperasi aktif", "menyampaikan laporan RAT", "yang ada"),
    ("ruas jalan kabupaten", "dalam kondisi mantap", "yang menjadi kewenangan daerah"),
    ("balita", "mendapat imunisasi dasar lengkap", "sasaran"),
    ("kelompok tani", "menerapkan pertanian organik", "yang dibina"),
    ("sekolah dasar", "terakreditasi A", "yang terdata di dinas"),
    ("arsip vital", "tersimpan dalam media digital", "milik perangkat daerah"),
    ("kendaraan angkutan umum", "lulus uji berkala", "yang wajib uji"),
    ("pelaku usaha pariwisata", "menerapkan standar kebersihan", "yang terdaftar"),
    ("rumah tangga", "mengakses air minum layak", "di wilayah pelayanan"),
]
SUBJECTS = ["Dinas", "Bidang", "Perangkat Daerah", "Pemerintah Kabupaten", "Unit Pelaksana Teknis"]

EXPLAIN = [  # sentences explaining an indicator about object o
    "{O} adalah {o} yang tercatat dalam sistem informasi {s}.",
    "Indikator ini mengukur keberhasilan {s} dalam menangani {o}.",
    "Data diperoleh dari laporan tahunan {s} yang telah diverifikasi.",
    "Yang dimaksud dengan {o} adalah {o} sebagaimana diatur dalam peraturan daerah.",
    "Capaian dihitung pada akhir tahun anggaran berdasarkan rekapitulasi bulanan.",
    "Pengukuran dilakukan oleh {s} setiap semester terhadap seluruh {o}.",
]
PEN_LABELS = ["Penjelasan :", "Definisi :", "Penjelasan Indikator:", "Definisi Operasional :", "Keterangan :"]
QUANT = ["Jumlah", "Banyaknya", "Total", "Jumlah"]


def pick(rng: random.Random, items: list, held: bool):
    """A tuning item (all but the last), or with ``held`` any item, the held-out last one weighted up."""
    if not held:
        return rng.choice(items[:-1]) if len(items) > 1 else items[0]
    return items[-1] if rng.random() < 0.5 else rng.choice(items)


class Row:
    """One indicator row: its cell as paragraphs (each a list of lines, or a drawn fraction) and gold."""

    def __init__(self, indikator, sasaran):
        self.indikator, self.sasaran = indikator, sasaran
        self.paras: list[dict] = []  # {"lines": [...], "label": str|None} | {"frac": (num, den), "mult": str|None}
        self.pen: list[str] = []
        self.raw: str | None = None
        self.formula: dict | None = None
        self.kind = ""


def _terms(rng, held, o, ok, base):
    q1, q2 = pick(rng, QUANT, held), pick(rng, QUANT, held)
    num = f"{q1} {o} yang {ok}"
    den = f"{q2} {o} {base}"
    return num, den


def _mult(rng, held) -> tuple[str, int | None, bool]:
    forms = [("x 100%", 100, True), ("X 100 %", 100, True), ("x 100", 100, False), ("× 100%", 100, True),
             ("", None, False), ("X 100%", 100, True)]
    return pick(rng, forms, held)


def _explanations(rng, held, o, n) -> list[str]:
    s = rng.choice(SUBJECTS)
    temps = EXPLAIN[:-1] if not held else EXPLAIN
    out = []
    for t in rng.sample(temps, n):
        out.append(t.format(o=o, O=o[:1].upper() + o[1:], s=s))
    return out


def _ratio_gold(num, den, mult, pct, indikator):
    unit = "%" if pct or (mult == 100 and indikator.lower().startswith(("persentase", "proporsi"))) else None
    return {"type": "ratio", "numerator": num, "denominator": den, "multiplier": mult, "unit": unit}


def _free_formula(rng, held, r: Row, o, ok, base):
    """A formula written on its own (no label): the paragraphs and the gold."""
    num, den = _terms(rng, held, o, ok, base)
    form = pick(rng, ["inline", "sigma", "jumlah", "frac", "dibagi", "inline_brackets"], held)
    m, mult, pct = _mult(rng, held)
    if form in ("inline", "inline_brackets"):
        text = f"{num} / {den}" if form == "inline" else f"({num} / {den})"
        text += f" {m}" if m else ""
        r.paras.append({"lines": [text]})
        r.raw, r.formula = text, _ratio_gold(num, den, mult, pct, r.indikator)
    elif form == "dibagi":
        mw = {100: " dikali 100%" if pct else " dikalikan 100"}.get(mult, "")
        text = f"{num} dibagi {den}{mw}"
        r.paras.append({"lines": [text]})
        r.raw, r.formula = text, _ratio_gold(num, den, mult, pct, r.indikator)
    elif form == "frac":
        r.paras.append({"frac": (num, den), "mult": m or None})
        r.raw = f"{num} / {den}" + (f" {m}" if m else "")
        r.formula = _ratio_gold(num, den, mult, pct, r.indikator)
    else:
        core = f"{o} yang {ok}"
        text = (pick(rng, ["f(x) = Σ ", "Σ ", "∑ ", "F(x) : ∑ "], held) + core) if form == "sigma" else \
            f"{pick(rng, ['Jumlah', 'Banyaknya', 'Jumlah'], held)} {core}"
        r.paras.append({"lines": [text]})
        r.raw, r.formula = text, {"type": "count", "numerator": core, "denominator": None, "multiplier": None,
                                  "unit": None}


def make_row(rng: random.Random, held: bool, kind: str, sasaran: str) -> Row:
    o, ok, base = pick(rng, OBJECTS, held)
    pct_ind = rng.random() < 0.7
    indikator = (f"Persentase {o} yang {ok}" if pct_ind else f"Jumlah {o} yang {ok}")
    r = Row(indikator, sasaran)
    r.kind = kind
    if kind == "labelled_then_free":
        lab = pick(rng, PEN_LABELS, held)
        ex = _explanations(rng, held, o, rng.choice([1, 2]))
        r.paras.append({"lines": [" ".join(ex)], "label": lab})
        r.pen = ex
        _free_formula(rng, held, r, o, ok, base)
    elif kind == "definisi_rumus":
        lab = pick(rng, ["Definisi :", "Definisi Operasional:", "Definisi Operasional :", "Pengertian :"], held)
        ex = _explanations(rng, held, o, 1)
        r.paras.append({"lines": ex, "label": lab})
        r.pen = ex
        _free_formula(rng, held, r, o, ok, base)
    elif kind == "two_lines":
        if rng.random() < 0.5:
            ex = _explanations(rng, held, o, 1)
            lab = pick(rng, [None, None, "Penjelasan :", "Definisi :"], held)
            r.paras.append({"lines": ex, "label": lab})
            r.pen = ex
        num, den = _terms(rng, held, o, ok, base)
        m, mult, pct = pick(rng, [("X 100 %", 100, True), ("x 100%", 100, True), ("X 100", 100, False),
                                  ("x 100 %", 100, True)], held)
        r.paras.append({"lines": [f"{num} {m}", den]})
        r.raw = f"{num} {m} {den}"
        r.formula = _ratio_gold(num, den, mult, pct, r.indikator)
    elif kind == "words":
        if rng.random() < 0.5:
            ex = _explanations(rng, held, o, 1)
            r.paras.append({"lines": ex, "label": pick(rng, [None, "Penjelasan :"], held)})
            r.pen = ex
        num, den = f"{o} yang {ok}", f"{o} {base}"
        form = pick(rng, ["proporsi", "rasio", "menghitung", "proporsi_x", "rasio_x", "menghitung_banyaknya"], held)
        if form.startswith("proporsi"):
            text = f"Proporsi {num} terhadap {den}"
        elif form.startswith("rasio"):
            text = f"Rasio antara {num} dengan {den}"
        else:
            text = f"Menghitung {'banyaknya' if form.endswith('banyaknya') else 'jumlah'} {num}"
        if form.endswith("_x"):
            text += " x 100%"
        r.paras.append({"lines": [text]})
        r.raw = text
        if form.startswith("menghitung"):
            r.formula = {"type": "count", "numerator": num, "denominator": None, "multiplier": None, "unit": None}
        else:
            r.formula = _ratio_gold(num, den, 100 if form.endswith("_x") else None, form.endswith("_x"), r.indikator)
    elif kind == "legend":
        sym = pick(rng, [("NTP", "It", "Ib", "indeks harga yang diterima petani", "indeks harga yang dibayar petani"),
                         ("IKK", "Rk", "Pk", "realisasi kegiatan", "pagu kegiatan"),
                         ("TPA", "Ja", "Jp", "jumlah angkatan kerja", "jumlah penduduk usia kerja"),
                         ("RPS", "Ps", "Pt", "penerima bantuan yang tepat sasaran", "penerima bantuan seluruhnya")],
                   held)
        name, a, b, wa, wb = sym
        m, mult, pct = pick(rng, [("x 100", 100, False), ("x 100%", 100, True), ("X 100 %", 100, True)], held)
        text = f"{name} = {a} / {b} {m}"
        intro = pick(rng, ["Keterangan :", "Dimana :", "dengan :", "Keterangan:"], held)
        legend = [f"{a} = {wa}", f"{b} = {wb}"]
        if rng.random() < 0.5:
            legend.append(f"{name} = nilai {r.indikator.lower()}")
        r.paras.append({"lines": [text]})
        r.paras.append({"lines": [intro] + legend})
        r.raw = text
        r.formula = _ratio_gold(a, b, mult, pct, r.indikator)
        r.pen = ([] if intro.lower().startswith("keterangan") else [intro]) + legend
    elif kind == "colon_values":
        s = rng.choice(SUBJECTS)
        things = pick(rng, [["solar cell : 16.494 unit", "lampu jalan : 2.300 titik"],
                            ["puskesmas : 25 unit", "pustu : 61 unit"],
                            ["kendaraan roda empat : 1.204 unit", "roda dua : 3.877 unit"],
                            ["gedung kantor : 12 bangunan", "rumah dinas : 40 bangunan"]], held)
        line = f"Sarana yang dikelola {s} meliputi {things[0]} dan {things[1]}."
        r.paras.append({"lines": [line]})
        r.pen = [line]
        if rng.random() < 0.6:
            _free_formula(rng, held, r, o, ok, base)
    else:  # plain_after
        ex = _explanations(rng, held, o, rng.choice([1, 2]))
        r.paras.append({"lines": [" ".join(ex)]})
        r.pen = ex
        _free_formula(rng, held, r, o, ok, base)
    return r


KINDS = [(3, "labelled_then_free"), (2, "two_lines"), (2, "words"), (2, "definisi_rumus"), (1, "legend"),
         (1, "colon_values"), (1, "plain_after")]


def make_doc(rng: random.Random, held: bool, n: int) -> dict:
    jab = rng.choice(["Kepala Bidang Perencanaan", "Sekretaris", "Kepala Bidang Pelayanan", "Kepala Seksi Data"])
    sas = [f"Meningkatnya kualitas {x}" for x in rng.sample(["pelayanan publik", "tata kelola pemerintahan",
                                                            "perencanaan daerah", "pelayanan dasar"], 3)]
    rows = []
    for k in range(n):
        rows.append(make_row(rng, held, weighted(rng, KINDS), sas[min(k * 3 // n, 2)]))
    return {"jabatan": jab, "rows": rows, "year": 2023}


def gold_of(doc: dict, source: str) -> dict:
    inds = []
    for k, r in enumerate(doc["rows"], 1):
        inds.append({"seq": k, "sasaran": r.sasaran, "indikator": r.indikator,
                     "penjelasan": " ".join(r.pen) or None, "formula_raw": r.raw,
                     "formulas": [r.formula] if r.formula else [], "sumber_data": "Laporan Bidang",
                     "penanggung_jawab": None, "satuan": None, "target": f"{80 + k}%", "ambiguous": False,
                     "notes": r.kind})
    return {"source": source, "part": None, "region": "Kabupaten Sukamaju", "agency": "Dinas Pelayanan Umum",
            "year": doc["year"],
            "positions": [{"seq": 1, "kind": "IKI", "jabatan": doc["jabatan"], "instansi": None, "year": doc["year"],
                           "tugas": [], "fungsi": [], "butir_kegiatan": [], "hasil_kerja": [], "program": None,
                           "indicators": inds, "notes": None}]}


HEADER = ["NO", "SASARAN", "INDIKATOR KINERJA", "PENJELASAN / FORMULASI PENGHITUNGAN", "SUMBER DATA", "TARGET"]
TITLE = ["INDIKATOR KINERJA INDIVIDU", "DINAS PELAYANAN UMUM KABUPATEN SUKAMAJU TAHUN 2023"]


def _para_lines(p: dict) -> list[str]:
    if "frac" in p:
        num, den = p["frac"]
        return [num, "_" * 20 + (f" {p['mult']}" if p.get("mult") else ""), den]
    lines = list(p["lines"])
    if p.get("label"):
        lines[0] = f"{p['label']} {lines[0]}"
    return lines


# ------------------------------------------------------------------------------------ producers

def write_txt(doc: dict, path: Path) -> None:
    out = TITLE + ["", f"JABATAN : {doc['jabatan']}", "", "| " + " | ".join(HEADER) + " |",
                   "|" + "---|" * len(HEADER)]
    for k, r in enumerate(doc["rows"], 1):
        cell = "<br>".join("<br>".join(_para_lines(p)) for p in r.paras)
        out.append(f"| {k} | {r.sasaran} | {r.indikator} | {cell} | Laporan Bidang | {80 + k}% |")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def write_docx(doc: dict, path: Path) -> None:
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    d = docx.Document()
    for t in TITLE:
        d.add_paragraph().add_run(t).bold = True
    d.add_paragraph(f"JABATAN : {doc['jabatan']}")
    tb = d.add_table(rows=1 + len(doc["rows"]), cols=len(HEADER))
    tb.style = "Table Grid"
    for c, h in zip(tb.rows[0].cells, HEADER):
        c.text = h
    for k, r in enumerate(doc["rows"], 1):
        cells = tb.rows[k].cells
        for c, v in zip(cells, [str(k), r.sasaran, r.indikator, None, "Laporan Bidang", f"{80 + k}%"]):
            if v is not None:
                c.text = v
        cell = cells[3]
        first = True
        for p in r.paras:
            if "frac" in p:
                num, den = p["frac"]
                for j, text in enumerate([num, den] + ([p["mult"]] if p.get("mult") else [])):
                    para = cell.paragraphs[0] if first else cell.add_paragraph()
                    first = False
                    para.add_run(text)
                    if j == 0:
                        ppr = para._p.get_or_add_pPr()
                        bdr = OxmlElement("w:pBdr")
                        el = OxmlElement("w:bottom")
                        for a, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "auto")):
                            el.set(qn(f"w:{a}"), v)
                        bdr.append(el)
                        ppr.append(bdr)
                continue
            para = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            if p.get("label"):
                para.add_run(p["label"] + " ").bold = True
            for j, ln in enumerate(p["lines"]):
                if j:
                    para.add_run().add_break()
                para.add_run(ln)
    save_zip(d.save, path, attr=0o644 << 16)   # fixed member times: the bytes depend on the content only


def _html(doc: dict) -> str:
    css = ("body{font-family:sans-serif;font-size:10pt} table{border-collapse:collapse;width:100%}"
           "td,th{border:1px solid #000;padding:3px;vertical-align:top} td:nth-child(4){width:@W@} .num{border-bottom:1px solid #000;"
           "display:inline-block;text-align:center} .den{text-align:center;display:block}")
    out = [f"<p><b>{html.escape(t)}</b></p>" for t in TITLE]
    out.append(f"<p>JABATAN : {html.escape(doc['jabatan'])}</p><table><tr>" +
               "".join(f"<th>{html.escape(h)}</th>" for h in HEADER) + "</tr>")
    for k, r in enumerate(doc["rows"], 1):
        parts = []
        for p in r.paras:
            if "frac" in p:
                num, den = p["frac"]
                parts.append(f"<div><div class='num'>{html.escape(num)}</div><div class='den'>{html.escape(den)}</div>"
                             + (f"<div>{html.escape(p['mult'])}</div>" if p.get("mult") else "") + "</div>")
            else:
                lab = f"<b>{html.escape(p['label'])}</b> " if p.get("label") else ""
                parts.append("<p style='margin:0 0 4px 0'>" + lab + "<br>".join(html.escape(x) for x in p["lines"]) + "</p>")
        vals = [str(k), html.escape(r.sasaran), html.escape(r.indikator), "".join(parts), "Laporan Bidang", f"{80 + k}%"]
        out.append("<tr>" + "".join(f"<td>{v}</td>" for v in vals) + "</tr>")
    out.append("</table>")
    return ("<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>IKI</title>"
            f"<style>{css.replace('@W@', '22%' if NARROW[0] < 9 else 'auto')}</style></head><body>" + "\n".join(out) + "</body></html>\n")


def write_chromium(doc: dict, path: Path) -> None:
    chromium_pdf(_html(doc), path)


def write_rl(doc: dict, path: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    st = getSampleStyleSheet()["BodyText"]
    st.fontSize, st.leading = 8, 10
    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # has Σ and ∑ (Helvetica has neither)
    if font.exists():
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
        bold = font.with_name("DejaVuSans-Bold.ttf")
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(font)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold if bold.exists() else font)))
        addMapping("DejaVuSans", 0, 0, "DejaVuSans")
        addMapping("DejaVuSans", 1, 0, "DejaVuSans-Bold")
        st.fontName = "DejaVuSans"
    esc = lambda s: html.escape(s, quote=False)  # noqa: E731
    story = [Paragraph(f"<b>{esc(t)}</b>", st) for t in TITLE] + \
        [Paragraph(f"JABATAN : {esc(doc['jabatan'])}", st), Spacer(1, 8)]
    widths = [1 * cm, 4 * cm, 5 * cm, NARROW[0] * cm, 3 * cm, 2 * cm]
    data = [[Paragraph(f"<b>{h}</b>", st) for h in HEADER]]
    for k, r in enumerate(doc["rows"], 1):
        flow = []
        for p in r.paras:
            if "frac" in p:
                num, den = p["frac"]
                t = Table([[Paragraph(esc(num), st)], [Paragraph(esc(den), st)]], colWidths=[(NARROW[0] - 1.5) * cm])
                t.setStyle(TableStyle([("LINEBELOW", (0, 0), (0, 0), 0.8, colors.black)]))
                flow.append(t)
                if p.get("mult"):
                    flow.append(Paragraph(esc(p["mult"]), st))
            else:
                lab = f"<b>{esc(p['label'])}</b> " if p.get("label") else ""
                flow.append(Paragraph(lab + "<br/>".join(esc(x) for x in p["lines"]), st))
        data.append([Paragraph(str(k), st), Paragraph(esc(r.sasaran), st), Paragraph(esc(r.indikator), st), flow,
                     Paragraph("Laporan Bidang", st), Paragraph(f"{80 + k}%", st)])
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(t)
    SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=1 * cm, rightMargin=1 * cm,
                      invariant=1).build(story)


NARROW = [9.5]  # the formula column's width in cm (reportlab; Chromium: 22 % of the page when narrow)

PRODUCERS = {"txt": (".txt", write_txt), "docx": (".docx", write_docx), "rl": (".pdf", write_rl),
             "chromium": (".pdf", write_chromium)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--docs", type=int, default=1, help="documents per producer")
    ap.add_argument("--rows", type=int, default=14)
    ap.add_argument("--heldout", action="store_true", help="use the held-out phrasings too")
    ap.add_argument("--producers", default="txt,docx,rl,chromium")
    ap.add_argument("--narrow", action="store_true", help="a narrow formula column (PDF lines wrap more)")
    a = ap.parse_args(argv)
    NARROW[0] = 5.5 if a.narrow else 9.5
    a.outdir.mkdir(parents=True, exist_ok=True)
    tag = ("h" if a.heldout else "t") + ("n" if a.narrow else "")
    for prod in a.producers.split(","):
        ext, write = PRODUCERS[prod]
        for n in range(a.docs):
            rng = random.Random(f"{a.seed}-{prod}-{n}-{tag}")
            doc = make_doc(rng, a.heldout, a.rows)
            stem = f"kinds_{tag}{a.seed}_{prod}_{n}"
            path = a.outdir / (stem + ext)
            write(doc, path)
            gold = gold_of(doc, path.name)
            (a.outdir / (stem + ".json")).write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
