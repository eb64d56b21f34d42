

def test_running_header_is_dropped_though_its_end_differs_between_pages():
    """A header repeated on every page, whose end a portrait page interleaves with the text beside it
    ("TahunKOTA 2022 PROBOLINGGO") and a landscape page does not, is still running text."""
    from extractors.ir import Loc, Paragraph
    from extractors.readers.pdf import _drop_running_text

    head = "Lampiran Keputusan Kepala Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak"
    ends = ["TahunKOTA 2022 PROBOLINGGO", "Tahun 2022 KOTA PROBOLINGGO", "TahunK2O0T2A2 PROBOLINGGO",
            "Tahun 2022 KOTA PROBOLINGGO"]
    blocks = []
    for page, end in enumerate(ends, start=1):
        blocks.append(Paragraph(f"{head} {end}", Loc(page=page, bbox=(50, 10, 500, 20))))
        blocks.append(Paragraph(f"Melaksanakan tugas {page}", Loc(page=page, bbox=(50, 300, 500, 310))))
    kept = _drop_running_text(blocks, {p: 800.0 for p in range(1, 5)})
    assert [b.text for b in kept] == [f"Melaksanakan tugas {p}" for p in range(1, 5)]
    # a margin line met on one page only stays
    blocks.append(Paragraph("Keputusan Kepala Dinas Sosial tentang Indikator Kinerja Individu", Loc(page=4, bbox=(50, 10, 500, 20))))
    assert len(_drop_running_text(blocks, {p: 800.0 for p in range(1, 5)})) == 5


def _xref_off_by_one(data: bytes) -> bytes:
    """The mistake of a real scanner's PDF writer: the cross-reference section numbered from 1 while it
    still lists object 0's free entry first, so every offset points at the object before."""
    start = data.rindex(b"xref\n0 ")
    return data[:start] + b"xref\n1 " + data[start + len(b"xref\n0 "):]


def test_pdf_whose_pages_cannot_be_listed_is_rebuilt_and_read():
    import pdfplumber
    from io import BytesIO

    from extractors.readers.pdf import read_pdf
    from schema.warnings import warning_code
    from pdfdraw import Page, pdf_bytes

    pages = [Page().text(72, 700, f"INDIKATOR KINERJA INDIVIDU halaman {k}", size=12) for k in (1, 2)]
    broken = _xref_off_by_one(pdf_bytes(pages))
    with pdfplumber.open(BytesIO(broken)) as pdf:
        assert len(pdf.pages) == 0  # the case: the PDF library lists no page
    doc = read_pdf(broken, "broken.pdf", ocr="never")
    assert doc.n_pages == 2
    assert [warning_code(w) for w in doc.warnings].count("pdf_repaired") == 1
    text = " ".join(b.text for b in doc.blocks if hasattr(b, "text"))
    assert "halaman 1" in text and "halaman 2" in text


def test_pdf_without_any_listable_page_is_an_error_that_says_so():
    import pytest

    from extractors.readers.pdf import PdfError, read_pdf

    empty = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
             b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
             b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    with pytest.raises(PdfError, match="no page could be listed"):
        read_pdf(empty, "empty.pdf")
