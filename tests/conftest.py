"""Shared test set-up: every test starts in English, whatever IKI_LANG the machine has."""
import pytest

from iki import i18n


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.delenv("IKI_LANG", raising=False)
    i18n.set_lang("en")
    yield
    i18n.set_lang("en")
