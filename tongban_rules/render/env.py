"""The one Jinja2 environment: its factory and every filter, registered in one place.

* HTML templates (``*.html``) are autoescaped; ``StrictUndefined`` makes a missing key an error
  instead of an empty string.
* Markdown templates (``*.md``) are not HTML-escaped; instead ``_finalize_md`` escapes every
  ``{{ value }}`` for Markdown (``md_escape``), so rule text can never add headings, links,
  tables or raw HTML.  Markdown templates therefore use ``include`` and never macros (a
  macro's output would be escaped a second time).
* Rule text is data: it is never compiled as a template, so ``{{ }}`` in it stays literal.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup

from .views import ASK, NO_SOURCE

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]()|~])")
#: text that needs no escaping at all (the common case: Chinese prose), checked first for speed
_MD_PLAIN = re.compile(r"[^\\`*_\[\]()|~&<>#+=\-\s\d](?:[^\\`*_\[\]()|~&<>\s]| )*")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def md_escape(value: object) -> str:
    """Text → Markdown that shows exactly that text: one line, no markup, no raw HTML."""
    text = str(value)
    if _MD_PLAIN.fullmatch(text) and "  " not in text and not text.endswith(" "):
        return text
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(_line_start, text, count=1)


def _line_start(match: re.Match) -> str:
    lead, mark = match.group(1), match.group(2)
    return lead + (mark + "\\" if mark[0].isdigit() else "\\" + mark)


def _finalize_md(value: object) -> object:
    return value if isinstance(value, Markup) else md_escape(value)


def tel(phone: str) -> str:
    """``tel:`` link target of a phone number (digits only)."""
    return "tel:" + re.sub(r"\D", "", phone)


def yes_no(value: bool) -> str:
    return "是" if value else "否"


def count(value: int, unit: str = "份") -> str:
    return f"{value}{unit}" if value else "—"


def dash(value: object) -> object:
    """An empty cell shown as an em dash."""
    return value if value not in ("", None) else "—"


FILTERS = {"tel": tel, "yes_no": yes_no, "count": count, "dash": dash, "md": md_escape}


class _Environment(Environment):
    """Views are plain dicts: ``page.name`` looks the key up first (no failed attribute lookup
    per access, and a key named like a dict method — ``items`` — means the key)."""

    markdown: Environment  # the twin that renders ``*.md`` templates (set by ``make_environment``)

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class _Compiled(BytecodeCache):
    """Compiled templates kept in memory for the process.  Every render makes its environments
    anew (one in each worker process too), and compiling the templates again was most of a small
    render's time.  Jinja checks each template's source checksum when it loads from here, so a
    changed template is compiled again.  One store per kind of environment: a finalize changes
    the compiled code."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self._code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_HTML, _MARKDOWN = _Compiled(), _Compiled()


def _environment(loader, compiled: _Compiled, finalize=None) -> _Environment:
    env = _Environment(
        loader=loader, autoescape=select_autoescape(enabled_extensions=("html", "svg"), default_for_string=True),
        undefined=StrictUndefined, finalize=finalize, keep_trailing_newline=True,
        trim_blocks=True, lstrip_blocks=True, auto_reload=False,
        bytecode_cache=compiled,
    )
    env.filters.update(FILTERS)
    env.globals.update(ASK=ASK, NO_SOURCE=NO_SOURCE)
    return env


def make_environment(template_dir: Path | str | None = None) -> Environment:
    """The environment every page is rendered with (one per process).  Markdown templates are
    rendered by its ``markdown`` twin (same loader), whose finalize escapes every value; HTML
    pages then pay nothing for it (a finalize runs for every ``{{ }}`` of every page)."""
    loader = FileSystemLoader(str(template_dir or TEMPLATES))
    env = _environment(loader, _HTML)
    env.markdown = _environment(loader, _MARKDOWN, _finalize_md)
    return env
