"""The notes as HTML with each coded passage highlighted.

The HTML's text is exactly the notes (no added characters), so a selection's character
positions in the page are positions in the notes. Passages may overlap: each stretch of
text is wrapped in one `<mark>` per passage covering it; the first stretch of a passage
carries its anchor, `id="passage-<pk>"`.
"""

from __future__ import annotations

import itertools

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


def highlighted(notes: str, passages) -> SafeString:
    """`passages`: objects with `pk`, `start`, `end`, all in place in `notes`."""
    passages = sorted(passages, key=lambda p: (p.start, -p.end, p.pk))
    cuts = sorted({0, len(notes), *(p.start for p in passages), *(p.end for p in passages)})
    anchored: set[int] = set()
    parts: list[str] = []
    for a, b in itertools.pairwise(cuts):
        covering = [p for p in passages if p.start <= a and p.end >= b]
        text = escape(notes[a:b])
        opening = []
        for p in covering:
            if p.pk not in anchored:
                anchored.add(p.pk)
                opening.append(
                    format_html(
                        '<mark class="passage" id="passage-{}" data-passage="{}">', p.pk, p.pk
                    )
                )
            else:
                opening.append(format_html('<mark class="passage" data-passage="{}">', p.pk))
        parts.append("".join(opening) + text + "</mark>" * len(covering))
    return mark_safe("".join(parts))  # every piece escaped above
