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
