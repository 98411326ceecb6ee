"""`{% followups_for obj as follow_ups %}`: what the apps did with an input (core.followups)."""

from django import template

from platskraft.core.followups import followups_for as _followups_for

register = template.Library()


@register.simple_tag(takes_context=True)
def followups_for(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if obj is None or user is None:
        return []
    return _followups_for(obj, user)
