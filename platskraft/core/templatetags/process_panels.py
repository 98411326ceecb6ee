"""`{% process_panels process %}`: the panels apps contribute to a process page
(core.process_panels), each rendered with its own template and context."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from platskraft.core.process_panels import panels_for

register = template.Library()


@register.simple_tag(takes_context=True)
def process_panels(context, process):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        return ""
    parts = [
        render_to_string(
            panel.template,
            {"process": process, "municipality": process.municipality, **panel.context},
            request=request,
        )
        for panel in panels_for(process, user)
    ]
    return mark_safe("".join(parts))
