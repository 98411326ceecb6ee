"""Whole numbers grouped the way the reader's language groups them (12 345 in Swedish)."""

from django import template

from ..explanations import count

register = template.Library()


@register.filter
def whole(value) -> str:
    if value in (None, ""):
        return ""
    return count(value)
