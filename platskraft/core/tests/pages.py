"""Reading pages in view tests."""

import html
import re


def page_text(response_or_markup) -> str:
    """A page (a response or markup) as plain text: tags dropped, entities decoded, every
    run of white space (no-break spaces in amounts included) one ordinary space."""
    markup = getattr(response_or_markup, "content", response_or_markup)
    if isinstance(markup, bytes):
        markup = markup.decode()
    text = html.unescape(re.sub(r"<[^>]+>", " ", markup))
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " "))
