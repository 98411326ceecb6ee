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
    ).strip()


def strip_tags(text: str) -> str:
    """Plain text for titles, feeds and search."""
    text = _normalise(text)
    return html.unescape(nh3.clean(text, tags=set())).strip() if _TAG_LIKE.search(text) else text


_BLOCK = re.compile(r"(<(p|ul|ol)\b[^>]*>.*?</\2>)", re.DOTALL)
_BETWEEN_TAGS = re.compile(r">\s*\n\s*<")


def _paragraphs(text: str) -> str:
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)


def format_text(text: str) -> SafeString:
    """HTML for a page: cleaned again (defence in depth), paragraphs from blank lines.

    Paragraphs and lists the author wrote as HTML are kept as they are (never wrapped
    in another paragraph); the text around them gets paragraphs and line breaks.
    """
    text = _normalise(text)
    if not _TAG_LIKE.search(text):
        return mark_safe(_paragraphs(escape(text)))
    cleaned = clean_html(text)
    parts, end = [], 0
    for block in _BLOCK.finditer(cleaned):
        parts.append(_paragraphs(cleaned[end : block.start()]))
        # Line breaks between tags are layout; inside text they are the author's.
        inner = _BETWEEN_TAGS.sub("><", block.group(1))
        parts.append(inner.replace("\n", "<br>"))
        end = block.end()
    parts.append(_paragraphs(cleaned[end:]))
    return mark_safe("".join(parts))
