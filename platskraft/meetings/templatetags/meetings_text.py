"""`agenda_parts`: a meeting's agenda, one item per line, blank lines between parts."""

from django import template

register = template.Library()


@register.filter
def agenda_parts(text: str) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            parts[-1].append(line.lstrip("-•* ").strip() or line)
        elif parts[-1]:
            parts.append([])
    return [p for p in parts if p]
