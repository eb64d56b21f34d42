"""The HTML pages iki writes, as jinja2 templates (autoescaped).

:func:`render` fills a template in; every value is HTML-escaped unless it is :class:`markupsafe.Markup`.
The message catalogue is at hand in every template: ``t(key, **fields)`` and ``number``.
"""
from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from iki.i18n import lang, number, t


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("iki", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(t=t, number=number)
    return env


def render(name: str, **context) -> str:
    """The template ``name`` filled in with ``context`` (and the current language as ``lang``)."""
    return environment().get_template(name).render(lang=lang(), **context)
