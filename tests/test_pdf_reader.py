

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
