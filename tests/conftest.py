"""Shared test set-up: every test starts in English, whatever IKI_LANG the machine has; a test marked
``ocr``, ``office`` or ``fuzz`` is ``slow`` too (``pytest -m "not slow"`` is the fast loop)."""
import pytest

from iki import i18n


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.delenv("IKI_LANG", raising=False)
    i18n.set_lang("en")
    yield
    i18n.set_lang("en")


def pytest_collection_modifyitems(items):
    for item in items:
        if any(item.get_closest_marker(m) for m in ("ocr", "office", "fuzz")):
            item.add_marker(pytest.mark.slow)
