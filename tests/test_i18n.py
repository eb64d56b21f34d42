"""The message catalogue: both languages for every key, with the same fields."""
import string

import pytest

from iki import i18n


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


@pytest.mark.parametrize("key", sorted(i18n.MESSAGES))
def test_every_message_has_both_languages_with_the_same_fields(key):
    texts = i18n.MESSAGES[key]
    assert set(texts) == set(i18n.LANGS), key
    assert _fields(texts["en"]) == _fields(texts["id"]), key


def test_language_from_argument_then_environment(monkeypatch):
    monkeypatch.setenv("IKI_LANG", "id")
    assert i18n.set_lang(None) == "id"
    assert i18n.t("documents_read", n=2, seconds=1.0, out="o").startswith("2 dokumen")
    assert i18n.set_lang("en") == "en"
    assert i18n.t("documents_read", n=2, seconds=1.0, out="o").startswith("2 document(s)")
    with pytest.raises(ValueError):
        i18n.set_lang("fr")
    i18n.set_lang("en")


# --------------------------------------------------------------------------- rendered output in both languages

import html.parser
import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "samples" / "seeds"


def _english_only_words() -> set[str]:
    """Words of the English messages that no Indonesian message uses (labels left untranslated would show them)."""
    def words(lang):
        return {w.casefold() for texts in i18n.MESSAGES.values()
                for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", " ", texts[lang]))}
    return words("en") - words("id") - {"iki", "iku", "parquet", "cache", "csv", "json", "html", "xlsx", "ocr"}


def _leftovers(text: str, allowed: set[str] = frozenset()) -> set[str]:
    text = re.sub(r"\S*/\S*", " ", text)  # file paths (where the run happens: /check/...) are not words
    found = {w.casefold() for w in re.findall(r"[A-Za-z]{3,}", text)}
    return (found & _english_only_words()) - allowed


class _VisibleText(html.parser.HTMLParser):
    """The text a reader sees, without <code> (status codes, table names) and the inline script."""

    def __init__(self):
        super().__init__()
        self.skip, self.parts = [], []

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "code", "script"):
            self.skip.append(tag)
        elif self.skip and tag == self.skip[-1]:
            self.skip.append(tag)

    def handle_endtag(self, tag):
        if self.skip and tag == self.skip[-1]:
            self.skip.pop()

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def _visible(page: str) -> str:
    p = _VisibleText()
    p.feed(page)
    return " ".join(p.parts)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    from iki.cli import main

    out = tmp_path_factory.mktemp("extract")
    assert main(["extract", str(SEEDS / "000.txt"), str(SEEDS / "002a.txt"), "-o", str(out), "-q", "--jobs", "1"]) == 0
    return out


def _summary() -> str:
    from iki.cli import extract_summary

    totals = {"files": 3, "status": Counter({"ok": 1, "error": 1, "no_iki_found": 1}), "positions": 15,
              "duties": 151, "indicators": 40, "warnings": 2}
    not_ok = [{"status": "error", "source_path": "in/rusak.pdf", "error": "<error message>"},
              {"status": "no_iki_found", "source_path": "in/undangan.docx", "error": "<error message>"}]
    return extract_summary(totals, 1.25, "hasil", 1, not_ok)


def test_extract_summary_in_both_languages():
    i18n.set_lang("en")
    en = _summary()
    assert en.splitlines()[:3] == ["3 document(s) in 1.2 s → hasil/ (1 from the cache)",
                                   "  status      error: 1, no IKI found: 1, ok: 1",
                                   "  positions   15"]
    assert "  warnings    2 (see the warnings columns)" in en
    i18n.set_lang("id")
    idn = _summary()
    assert idn.splitlines()[0] == "3 dokumen dalam 1,2 detik → hasil/ (1 dari cache)"
    for expected in ("jabatan", "butir tugas", "indikator", "peringatan", "gagal dibaca", "tidak ada IKI",
                     "berhasil"):
        assert expected in idn
    assert not _leftovers(idn.replace("<error message>", "")), _leftovers(idn)


def test_extract_command_speaks_indonesian(extracted, tmp_path, capsys, monkeypatch):
    from iki.cli import main

    monkeypatch.setenv("IKI_LANG", "id")
    assert main(["extract", str(SEEDS / "000.txt"), "-o", str(tmp_path / "o"), "--jobs", "1"]) == 0
    err = capsys.readouterr().err.replace(str(tmp_path), "OUT").replace(str(SEEDS), "SEEDS")  # paths are not words
    assert "1 dokumen dalam" in err and "jabatan" in err and not _leftovers(err)
    monkeypatch.delenv("IKI_LANG")
    assert main(["extract", str(SEEDS / "000.txt"), "-o", str(tmp_path / "o"), "--jobs", "1", "--lang", "id"]) == 0
    assert "1 dokumen dalam" in capsys.readouterr().err
    assert main(["--lang", "en", "extract", str(SEEDS / "000.txt"), "-o", str(tmp_path / "o"), "--jobs", "1"]) == 0
    assert "1 document(s) in" in capsys.readouterr().err
    assert main(["--lang", "fr", "schema"]) == 2
    assert capsys.readouterr().err.startswith("iki: unknown language 'fr'")


def _report(extracted, lang: str) -> tuple[str, str]:
    from iki.diff import diff, load_output, select_side, summary_text
    from iki.report import render_report

    i18n.set_lang(lang)
    tables = load_output(extracted)
    result = diff(select_side(tables, year=2019, region=None, agency=None, source="a", flag="--from"),
                  select_side(tables, year=2022, region=None, agency=None, source="b", flag="--to"))
    return render_report(result), summary_text(result)


def test_diff_report_and_summary_in_both_languages(extracted):
    en_page, en_text = _report(extracted, "en")
    id_page, id_text = _report(extracted, "id")
    assert '<html lang="en">' in en_page and '<html lang="id">' in id_page
    en_seen = _visible(en_page)
    for label in ("IKI changes", "Summary", "Positions:", "Changed and renamed", "Removed", "Added", "similarity",
                  "Duties", "changed fields", "only in the old", "possibly a merger", "fold all"):
        assert label in en_seen, label
    seen = _visible(id_page)
    for label in ("Perubahan IKI", "Ringkasan", "Jabatan:", "Berubah dan berganti nama", "Dihapus", "Ditambahkan",
                  "kemiripan", "redaksi diubah", "dipecah", "hanya di yang lama", "jumlah", "isian yang berubah",
                  "tutup semua"):
        assert label in seen, label
    assert re.search(r"0,\d\d", seen) and not re.search(r"\b0\.\d\d\b", seen), "decimal comma in Indonesian"
    assert not _leftovers(seen), sorted(_leftovers(seen))
    assert "<code>reworded</code>" in id_page, "the status codes of the tables stay visible"
    assert "tidak berubah" in id_text and "ditambahkan" in id_text and "dipecah" in id_text
    assert not _leftovers(id_text), sorted(_leftovers(id_text))
    assert "positions   unchanged 0, changed 1, renamed 1, added 7, removed 13" in en_text


def test_diff_errors_in_indonesian(extracted, tmp_path, capsys):
    from iki.cli import main

    for args, expected in ((["--from", "2018", "--to", "2022"], "tidak ada jabatan tahun 2018"),
                           (["--from", "2019", "--to", "2019"], "--from dan --to sama-sama 2019"),
                           (["--from", "2019", "--to", "2022", "--agency", "Dinas Kesehatan"],
                            "tidak ada jabatan dari perangkat daerah"),
                           (["--to", "2022"], "dengan satu folder keluaran berikan --from TAHUN")):
        rc = main(["--lang", "id", "diff", str(extracted), *args, "-o", str(tmp_path / "d")])
        err = capsys.readouterr().err.replace(str(extracted), "OUT")
        assert rc == 2 and expected in err, err
        assert not _leftovers(err.replace("iki extract", "").replace("OUT", "")), sorted(_leftovers(err))
    assert not (tmp_path / "d").exists()
