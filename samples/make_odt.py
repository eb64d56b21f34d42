#!/usr/bin/env python3
"""OpenDocument text (.odt) samples: a gold document written as LibreOffice writes a document of its own.

The gold is written as flat ODT and saved as .odt by LibreOffice (which lays it out, adds its soft page
breaks and stores the formulas as Math objects): list styles with prefixes and suffixes (``a.``, ``1)``,
``(a)``), sub-items on a second list level, lists continued after an interruption
(``text:continue-list`` / ``text:continue-numbering``), the label block as paragraphs, in a text box
or as a numbered outer list, the indicator table with a repeated header row and sasaran cells spanning
rows, formulas as Math objects, as inline text or as a stacked fraction whose bar is the numerator's
bottom border. Word documents saved as ODT by LibreOffice come from ``make_office.py --to odt``.
Every text value of the gold is written verbatim.

    python samples/make_odt.py samples/gold/{001,002a}.json -o samples/odt --seed 3
    python samples/make_odt.py samples/gold/003.json -o samples/odt --seed 4   # border fraction bars
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

sys.path.insert(0, str(Path(__file__).resolve().parent))
from model import dump, formula_spec, has, load, pick, soffice  # noqa: E402

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:math="http://www.w3.org/1998/Math/MathML"')


# ----------------------------------------------------------------------------- native ODT from a gold

LIST_STYLES = {  # name → (num-format, prefix, suffix) of level 1
    "La": ("a", "", "."), "Lb": ("1", "", ")"), "Lc": ("a", "(", ")"), "Ld": ("1", "", "."), "Le": ("a", "", ")"),
}


def _list_style_xml(name: str, fmt: str, prefix: str, suffix: str, sub_bullet: str) -> str:
    lvl2 = (f'<text:list-level-style-bullet text:level="2" text:bullet-char={quoteattr(sub_bullet)}>'
            '<style:list-level-properties text:space-before="0.6in" text:min-label-width="0.25in"/>'
            '</text:list-level-style-bullet>')
    return (f'<text:list-style style:name="{name}"><text:list-level-style-number text:level="1" '
            f'style:num-format="{fmt}" style:num-prefix={quoteattr(prefix)} style:num-suffix={quoteattr(suffix)}>'
            '<style:list-level-properties text:space-before="0.25in" text:min-label-width="0.3in"/>'
            f'</text:list-level-style-number>{lvl2}</text:list-style>')


STYLES = """
<office:styles>
 <style:style style:name="Standard" style:family="paragraph"><style:text-properties fo:font-size="11pt"/></style:style>
 <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:margin-top="0.1in" fo:margin-bottom="0.1in"/>
  <style:text-properties fo:font-size="13pt" fo:font-weight="bold"/></style:style>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
  style:parent-style-name="Heading" style:default-outline-level="1"/>
 <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
  style:parent-style-name="Heading" style:default-outline-level="2"/>
 <style:style style:name="Kop" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="Alamat" style:family="paragraph" style:parent-style-name="Standard">
  <style:paragraph-properties fo:text-align="center" fo:border-bottom="1.5pt double #000000" fo:padding="0.02in"/>
  <style:text-properties fo:font-size="9pt"/></style:style>
 <style:style style:name="Isi" style:family="paragraph" style:parent-style-name="Standard">
  <style:text-properties fo:font-size="9pt"/></style:style>
 <style:style style:name="IsiTebal" style:family="paragraph" style:parent-style-name="Isi">
  <style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold"/></style:style>
 <style:style style:name="Pembilang" style:family="paragraph" style:parent-style-name="Isi">
  <style:paragraph-properties fo:text-align="center" fo:border-bottom="0.75pt solid #000000" fo:padding="0.01in"/>
 </style:style>
 <style:style style:name="Penyebut" style:family="paragraph" style:parent-style-name="Isi">
  <style:paragraph-properties fo:text-align="center"/></style:style>
 <style:style style:name="Tebal" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
</office:styles>
"""

AUTO_STYLES = """
 <style:style style:name="PB" style:family="paragraph" style:parent-style-name="Heading_20_1">
  <style:paragraph-properties fo:break-before="page"/></style:style>
 <style:style style:name="Tabel" style:family="table"><style:table-properties style:width="6.5in" table:align="margins"/>
 </style:style>
 <style:style style:name="Sel" style:family="table-cell"><style:table-cell-properties fo:padding="0.03in"
  fo:border="0.5pt solid #000000"/></style:style>
 <style:style style:name="fr1" style:family="graphic"><style:graphic-properties style:wrap="none"
  style:vertical-pos="top" style:horizontal-pos="center" fo:border="0.5pt solid #000000"/></style:style>
"""


def _star(text: str) -> str:
    """Text as a StarMath string (LibreOffice Math's own notation, kept beside the MathML)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Native:
    """One gold document written as LibreOffice's own flat ODT."""

    def __init__(self, gold: dict, rng: random.Random):
        self.g, self.rng = gold, rng
        self.out: list[str] = []
        self.list_styles: dict[str, str] = {}
        self.lists = self.frames = self.tables = 0

    # -- small writers
    def p(self, text: str, style: str = "Standard", raw: bool = False) -> None:
        self.out.append(f'<text:p text:style-name="{style}">{text if raw else escape(text)}</text:p>')

    def list_style(self) -> str:
        name = pick(self.rng, [(4, "La"), (2, "Lb"), (1, "Lc"), (2, "Ld"), (1, "Le")])
        if name not in self.list_styles:
            fmt, pre, suf = LIST_STYLES[name]
            self.list_styles[name] = _list_style_xml(name, fmt, pre, suf, self.rng.choice(["-", "•"]))
        return name

    def items_xml(self, items: list[str], style: str | None = None, nested: bool = False) -> str:
        """A text:list of items; "; "-joined sub-items on level 2; sometimes cut in two and continued."""
        rng = self.rng
        style = style or self.list_style()
        self.lists += 1
        ident = f"list{self.lists}"
        cut = rng.randint(1, len(items) - 1) if len(items) > 3 and not nested and rng.random() < 0.3 else None
        how = rng.choice(["continue-list", "continue-numbering"])

        def item(t: str) -> str:
            parts = t.split("; ")
            if len(parts) > 1 and all(x.strip() for x in parts) and rng.random() < 0.7:
                subs = "".join(f'<text:list-item><text:p text:style-name="Standard">{escape(s)}</text:p>'
                               '</text:list-item>' for s in parts[1:])
                return (f'<text:list-item><text:p text:style-name="Standard">{escape(parts[0])}</text:p>'
                        f'<text:list>{subs}</text:list></text:list-item>')
            return f'<text:list-item><text:p text:style-name="Standard">{escape(t)}</text:p></text:list-item>'

        if cut is None:
            return f'<text:list xml:id="{ident}" text:style-name="{style}">' + "".join(map(item, items)) + \
                "</text:list>"
        first = f'<text:list xml:id="{ident}" text:style-name="{style}">' + "".join(map(item, items[:cut])) + \
            "</text:list>"
        between = '<text:p text:style-name="Standard"/>'
        cont = f'text:continue-list="{ident}"' if how == "continue-list" else 'text:continue-numbering="true"'
        second = f'<text:list {cont} text:style-name="{style}">' + "".join(map(item, items[cut:])) + "</text:list>"
        return first + between + second

    # -- blocks
    def letterhead(self) -> None:
        g = self.g
        region = (g.get("region") or "").upper()
        if region:
            self.p(f"PEMERINTAH {region}", "Kop")
        if g.get("agency"):
            self.p(g["agency"].upper(), "Kop")
        self.p("Jl. Merdeka No. 1 Telp. (0341) 555123", "Alamat")
        self.p("", "Standard")

    def labels(self, pos: dict) -> None:
        """JABATAN / INSTANSI / TUGAS / FUNGSI / PROGRAM as paragraphs, a numbered outer list or a text box."""
        rng = self.rng
        fields: list[tuple[str, object]] = []
        for key, name in (("jabatan", "JABATAN"), ("instansi", "INSTANSI")):
            if pos.get(key):
                fields.append((name, pos[key]))
        for key, name in (("tugas", "TUGAS"), ("fungsi", "FUNGSI"), ("butir_kegiatan", "BUTIR KEGIATAN"),
                          ("hasil_kerja", "HASIL KERJA")):
            if pos.get(key):
                fields.append((name, list(pos[key])))
        if pos.get("program"):
            fields.append(("PROGRAM", pos["program"]))
        mode = pick(rng, [(4, "paragraphs"), (2, "outer_list"), (2, "text_box")])
        if mode == "outer_list" and fields:
            outer = self.list_style_named("Lo", "1", "", ".")
            xml = f'<text:list text:style-name="{outer}">'
            for name, value in fields:
                if isinstance(value, str):
                    xml += (f'<text:list-item><text:p text:style-name="Standard">{name} : {escape(value)}'
                            '</text:p></text:list-item>')
                else:
                    subs = "".join(
                        f'<text:list-item><text:p text:style-name="Standard">{escape(v)}</text:p></text:list-item>'
                        for v in value)
                    xml += (f'<text:list-item><text:p text:style-name="Standard">{name} :</text:p>'
                            f'<text:list>{subs}</text:list></text:list-item>')
            self.out.append(xml + "</text:list>")
            return
        body: list[str] = []
        for name, value in fields:
            if isinstance(value, str):
                body.append(f'<text:p text:style-name="Standard"><text:span text:style-name="Tebal">{name}</text:span>'
                            f' : {escape(value)}</text:p>')
            else:
                body.append(f'<text:p text:style-name="Standard"><text:span text:style-name="Tebal">{name}</text:span>'
                            ' :</text:p>')
                body.append(self.items_xml(value))
        if mode == "text_box":
            # the JABATAN line in a framed box anchored to an empty paragraph, the lists after it
            first, rest = body[:1], body[1:]
            self.frames += 1
            self.out.append(
                f'<text:p text:style-name="Standard"><draw:frame draw:style-name="fr1" draw:name="Kotak{self.frames}" '
                'text:anchor-type="paragraph" svg:width="6in" draw:z-index="0"><draw:text-box fo:min-height="0.3in">'
                + "".join(first) + '</draw:text-box></draw:frame></text:p>')
            self.out.extend(rest)
        else:
            self.out.extend(body)

    def list_style_named(self, name: str, fmt: str, prefix: str, suffix: str) -> str:
        if name not in self.list_styles:
            self.list_styles[name] = _list_style_xml(name, fmt, prefix, suffix, "-")
        return name

    def formula_xml(self, ind: dict) -> list[str]:
        """Paragraphs of the PENJELASAN / FORMULASI cell."""
        rng = self.rng
        out = []
        if ind.get("penjelasan"):
            out.append(f'<text:p text:style-name="Isi">Penjelasan : {escape(ind["penjelasan"])}</text:p>')
        spec = formula_spec(ind)
        if spec is None:
            return out
        if ind.get("penjelasan") or rng.random() < 0.5:
            out.append('<text:p text:style-name="Isi">Formulasi Penghitungan :</text:p>')
        if spec["kind"] == "ratio":
            mult = spec.get("mult")
            tail = (f" × {int(mult) if float(mult).is_integer() else mult}" if mult else "") + \
                ("%" if spec.get("pct") else "")
            slash = "/" in spec["num"] + spec["den"]  # "A / B" with a slash inside A or B reads two ways
            how = pick(rng, [(4, "math"), (0 if slash else 2, "inline"), (4 if not mult else 0, "border")])
            if how == "math":
                mt = (f'<math:math><math:semantics><math:mrow><math:mfrac><math:mtext>{escape(spec["num"])}'
                      f'</math:mtext><math:mtext>{escape(spec["den"])}</math:mtext></math:mfrac>')
                if mult:
                    mt += f'<math:mo>×</math:mo><math:mn>{int(mult) if float(mult).is_integer() else mult}</math:mn>'
                if spec.get("pct"):
                    mt += "<math:mtext>%</math:mtext>"
                star = f'{{{_star(spec["num"])}}} over {{{_star(spec["den"])}}}' + \
                    (f" times {int(mult) if float(mult).is_integer() else mult}" if mult else "") + \
                    (' "%"' if spec.get("pct") else "")
                mt += f'</math:mrow><math:annotation encoding="StarMath 5.0">{escape(star)}</math:annotation>' \
                      "</math:semantics></math:math>"
                out.append(self.math_para(mt))
            elif how == "inline":
                out.append(f'<text:p text:style-name="Isi">{escape(spec["num"])} / {escape(spec["den"])}'
                           f'{escape(tail.replace("×", "x"))}</text:p>')
            else:
                out.append(f'<text:p text:style-name="Pembilang">{escape(spec["num"])}</text:p>')
                out.append(f'<text:p text:style-name="Penyebut">{escape(spec["den"])}</text:p>')
        elif spec["kind"] == "count":
            if rng.random() < 0.6:
                mt = ('<math:math><math:semantics><math:mrow>'
                      + ('<math:mi>f</math:mi><math:mo>(</math:mo><math:mi>x</math:mi><math:mo>)</math:mo>'
                         '<math:mo>=</math:mo>' if spec.get("fx") else "")
                      + f'<math:mo>∑</math:mo><math:mtext>{escape(spec["core"])}</math:mtext></math:mrow>'
                      '<math:annotation encoding="StarMath 5.0">'
                      + escape(("f(x) = " if spec.get("fx") else "") + f'sum {_star(spec["core"])}')
                      + '</math:annotation></math:semantics></math:math>')
                out.append(self.math_para(mt))
            else:
                out.append(f'<text:p text:style-name="Isi">{"f(x) = " if spec.get("fx") else ""}Σ '
                           f'{escape(spec["core"])}</text:p>')
        else:
            out.append(f'<text:p text:style-name="Isi">{escape(spec["text"])}</text:p>')
        return out

    def math_para(self, mathml: str) -> str:
        self.frames += 1
        return (f'<text:p text:style-name="Isi"><draw:frame draw:name="Rumus{self.frames}" text:anchor-type="as-char" '
                f'svg:width="3in" svg:height="0.4in"><draw:object>{mathml}</draw:object></draw:frame></text:p>')

    def table(self, pos: dict) -> None:
        rng = self.rng
        inds = pos["indicators"]

        iku = pos.get("kind") == "IKU"
        cols = [("no", "NO")] if rng.random() < 0.6 else []
        cols += [("sasaran", "SASARAN STRATEGIS" if iku else "SASARAN"),
                 ("indikator", "INDIKATOR KINERJA UTAMA" if iku else "INDIKATOR KINERJA")]
        if has(inds, "formula_raw") or has(inds, "penjelasan"):
            cols.append(("formula", "PENJELASAN / FORMULASI PENGHITUNGAN"))
        if has(inds, "satuan"):
            cols.append(("satuan", "SATUAN"))
        if has(inds, "target"):
            cols.append(("target", "TARGET"))
        if has(inds, "sumber_data"):
            cols.append(("sumber_data", "SUMBER DATA"))
        if has(inds, "penanggung_jawab"):
            cols.append(("penanggung_jawab", "PENANGGUNG JAWAB"))
        self.tables += 1
        x = [f'<table:table table:name="Tabel{self.tables}" table:style-name="Tabel">',
             f'<table:table-column table:number-columns-repeated="{len(cols)}"/>', "<table:table-header-rows>",
             "<table:table-row>"]
        x += [f'<table:table-cell table:style-name="Sel" office:value-type="string">'
              f'<text:p text:style-name="IsiTebal">{h}</text:p></table:table-cell>' for _, h in cols]
        x += ["</table:table-row>", "</table:table-header-rows>"]
        # sasaran cells of consecutive rows with the same sasaran span those rows
        spans, i = {}, 0
        while i < len(inds):
            j = i
            while j + 1 < len(inds) and inds[j + 1].get("sasaran") == inds[i].get("sasaran"):
                j += 1
            spans[i] = j - i + 1
            i = j + 1
        merge = rng.random() < 0.7
        for r, ind in enumerate(inds):
            x.append("<table:table-row>")
            for key, _ in cols:
                if key == "sasaran" and merge and r not in spans:
                    x.append("<table:covered-table-cell/>")
                    continue
                attrs = f' table:number-rows-spanned="{spans[r]}"' if key == "sasaran" and merge and spans[r] > 1 else ""
                if key == "no":
                    paras = [f'<text:p text:style-name="Isi">{r + 1}</text:p>']
                elif key == "formula":
                    paras = self.formula_xml(ind)
                else:
                    v = ind.get("target" if key == "target" else key)
                    paras = [f'<text:p text:style-name="Isi">{escape(v)}</text:p>'] if v else []
                x.append(f'<table:table-cell table:style-name="Sel"{attrs} office:value-type="string">'
                         + ("".join(paras) or '<text:p text:style-name="Isi"/>') + "</table:table-cell>")
            x.append("</table:table-row>")
        x.append("</table:table>")
        self.out.append("".join(x))

    def render(self) -> str:
        rng = self.rng
        g = self.g
        self.letterhead()
        last_year = None
        for k, pos in enumerate(g.get("positions", [])):
            year = pos.get("year") or g.get("year")
            head_style = "PB" if k and rng.random() < 0.6 else "Heading_20_1"
            if pos.get("kind") == "IKU":
                title = "INDIKATOR KINERJA UTAMA"
            else:
                title = rng.choice(["INDIKATOR KINERJA INDIVIDU", "INDIKATOR KINERJA INDIVIDU (IKI)"])
            if year and year != last_year:
                title += f" TAHUN {year}"
                last_year = year
            self.out.append(f'<text:h text:style-name="{head_style}" text:outline-level="1">{escape(title)}</text:h>')
            if pos.get("kind") == "IKU" and g.get("agency"):
                self.p(g["agency"].upper(), "Kop")
            self.labels(pos)
            self.p("")
            if pos.get("indicators"):
                self.table(pos)
            self.p("")
        auto = AUTO_STYLES + "".join(self.list_styles.values())
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS} office:version="1.3" '
                f'office:mimetype="application/vnd.oasis.opendocument.text">{STYLES}'
                f'<office:automatic-styles>{auto}</office:automatic-styles>'
                f'<office:body><office:text>{"".join(self.out)}</office:text></office:body></office:document>')


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", type=Path, help="gold JSON file(s)")
    ap.add_argument("-o", "--outdir", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--suffix", default="_lo", help="name suffix of the documents (GOLD_lo.odt)")
    a = ap.parse_args(argv)
    a.outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        flats = []
        for gpath in a.inputs:
            gold, name = load(gpath), f"{gpath.stem}{a.suffix}"
            flats.append(Path(tmp) / f"{name}.fodt")
            flats[-1].write_text(Native(gold, random.Random(f"{a.seed}:{gpath.stem}")).render(), encoding="utf-8")
            dump(dict(gold, source=f"{name}.odt", part=None), a.outdir / f"{name}.json")
        for out in soffice(flats, a.outdir, "odt"):
            print(out, f"{out.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
