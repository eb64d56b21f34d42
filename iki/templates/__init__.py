"""The HTML pages iki writes, as jinja2 templates (autoescaped): ``base.html`` (one self-contained page:
inline style and script, no network) and the pages that extend it (``report.html``, the diff report).

:func:`render` fills a template in; every value is HTML-escaped unless it is :class:`markupsafe.Markup`
(HTML that iki built, such as a word-level diff). The message catalogue is at hand in every template:
``t(key, **fields)``, ``t_html(key, **html_fields)``, ``status_label``, ``field_label``, ``number``.
"""
from __future__ import annotations

import string
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from iki.i18n import field_label, lang, number, status_label, t, template


def t_html(key: str, **html_fields) -> Markup:
    """The message ``key`` as HTML: its words escaped, its ``{fields}`` replaced by the HTML given."""
    out = []
    for literal, name, _spec, _conv in string.Formatter().parse(template(key)):
        out.append(escape(literal))
        if name is not None:
            out.append(html_fields[name])
    return Markup("".join(out))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("iki", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(t=t, t_html=t_html, status_label=status_label, field_label=field_label, number=number)
    return env


def render(name: str, **context) -> str:
    """The template ``name`` filled in with ``context`` (and the current language as ``lang``)."""
    return environment().get_template(name).render(lang=lang(), **context)
