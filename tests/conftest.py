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
        # run in parallel (pytest -n auto --dist loadgroup), the tests that share a module-scoped fixture of
        # their module stay on one worker, so the fixture (often a whole extraction) is made once
        info = getattr(item, "_fixtureinfo", None)
        if info and any(d[-1].scope == "module" and d[-1].func.__module__ == item.module.__name__
                        for d in info.name2fixturedefs.values() if d):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))
