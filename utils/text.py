"""The one way the course shows text from its tables or from a user in Markdown or HTML.

Text that comes from a CSV file (a source title, a quoted definition, a note) or from a user (an
answer, a scenario file) is data, not markup: it must show exactly as written and never run as
HTML or script in a student's browser, whoever edited the file. Everything that puts such text
into a Markdown or HTML output goes through these helpers:

* :func:`md` / :func:`md_text`: a Markdown template filled with escaped values;
* :func:`html` / :func:`html_text`: the same for HTML (panel readouts);
* :func:`md_link`: a link built from a registry URL, only for ``http(s)`` addresses.

Numbers are formatted as the template says (``{value:,.1f}``); strings and everything else are
escaped after formatting. The template itself is written by the course's authors.
"""

from __future__ import annotations

import html as _html
import numbers
import re
import string
from urllib.parse import urlparse

__all__ = ["md_text", "html_text", "md", "html", "md_link", "safe_url", "Markdown", "FONT_STACK"]

#: The CSS font stack of the course's HTML outputs (panel readouts, feedback, brief tables): the
#: student's own Latin UI font, then a Simplified Chinese font that the system is likely to have
#: (Linux: Noto/Source Han; macOS: PingFang; Windows: Microsoft YaHei), so Chinese never shows as
#: empty boxes. Font names are in double quotes: the course's HTML writes style='...' attributes.
FONT_STACK = (
    'system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, "Noto Sans CJK SC", '
    '"Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
)

# Characters with a meaning in Markdown (and $ for the maths renderer), escaped with a backslash
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|$~])")


def md_text(value) -> str:
    """``value`` as Markdown that shows exactly its characters: no HTML, no link, no emphasis,
    no maths, one line."""
    text = " ".join(str(value).split())  # newlines would start headings or lists
    text = _html.escape(text, quote=False)  # & < > as entities: no tag can open
    text = _MD_SPECIAL.sub(r"\\\1", text)
    # a leading "1." or "-" would start a list ("&gt;" already cannot start a quote)
    text = re.sub(r"^(\d+)\.", r"\1\\.", text)
    return "\\" + text if text[:1] in ("-", "=", "+", "#") else text


def html_text(value) -> str:
    """``value`` as HTML text (quotes too, so it is also safe inside an attribute)."""
    return _html.escape(str(value), quote=True)


class _Escaping(string.Formatter):
    def __init__(self, escape):
        self._escape = escape

    def format_field(self, value, format_spec):
        if isinstance(value, numbers.Number) and not isinstance(value, bool):
            return super().format_field(value, format_spec)  # numbers: formatted, not escaped
        return self._escape(super().format_field(value, format_spec))


def md(template: str, /, *args, **values):
    """A Markdown display object: ``template`` (the author's Markdown) with ``{...}`` fields
    filled from ``values``, every non-number value escaped with :func:`md_text`."""
    return Markdown(_Escaping(md_text).format(template, *args, **values))


def html(template: str, /, *args, **values) -> str:
    """An HTML string: ``template`` with ``{...}`` fields filled, every non-number value
    escaped with :func:`html_text` (for panel readouts)."""
    return _Escaping(html_text).format(template, *args, **values)


def safe_url(url) -> str | None:
    """``url`` if it is a plain http(s) address (no spaces, quotes or angle brackets), else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlparse(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    if re.search(r"[\s<>\"'`\\]", url):
        return None
    return url


def md_link(url, label) -> str:
    """A Markdown link ``[label](url)`` when ``url`` is a safe http(s) address; otherwise the label
    alone (escaped) followed by the address as plain text, so nothing clickable is made from it."""
    good = safe_url(url)
    text = md_text(label)
    if good is None:
        if not url:
            return text
        scheme = urlparse(str(url)).scheme if isinstance(url, str) else "?"
        where = md_text(url)
        return f"{text} ({where})" if not scheme else f"{text} ({where}, not a web address)"
    return f"[{text}]({good.replace('(', '%28').replace(')', '%29')})"


def Markdown(text: str):  # noqa: N802 - mirrors IPython.display.Markdown
    """IPython's Markdown display object (imported lazily: the models never need IPython)."""
    from IPython.display import Markdown as _Markdown

    return _Markdown(text)
