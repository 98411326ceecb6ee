"""Residents' text: a little formatting is kept, everything else is made inert.

Text is cleaned when it is stored (so exports and the API never carry markup that
could run) and formatted when it is shown: blank lines start paragraphs, single
line breaks are kept.
"""

import html
import re

import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"strong", "b", "em", "i", "ul", "ol", "li", "p", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


_TAG_LIKE = re.compile(r"<[a-zA-Z/!?]")


def _normalise(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def clean_html(text: str) -> str:
    """Keep the allowed formatting; drop scripts, styles, event handlers and other tags.

    Text without anything that looks like a tag is kept exactly as typed ("3 < 5").
    """
    text = _normalise(text)
    if not _TAG_LIKE.search(text):
        return text
    return nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener ugc",
    )


def strip_tags(text: str) -> str:
    """Plain text for titles, feeds and search."""
    text = _normalise(text)
    return html.unescape(nh3.clean(text, tags=set())) if _TAG_LIKE.search(text) else text


def format_text(text: str) -> SafeString:
    """HTML for a page: cleaned again (defence in depth), paragraphs from blank lines."""
    text = _normalise(text)
    cleaned = clean_html(text) if _TAG_LIKE.search(text) else escape(text)
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(cleaned) if p.strip()]
    return mark_safe("".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs))
