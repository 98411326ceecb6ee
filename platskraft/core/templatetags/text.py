from django import template

from platskraft.core.text import format_text

register = template.Library()


@register.filter(name="format_text")
def format_text_filter(value):
    """Residents' text as HTML paragraphs, with only harmless formatting kept."""
    return format_text(value or "")
