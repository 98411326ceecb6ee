"""Small helpers for queries on hot paths."""

from django.db.models import QuerySet


def unique_or_none(queryset: QuerySet, **lookups):
    """The one row matching `lookups` (which must name a unique row), or None.

    Unlike `.filter(...).first()`, this leaves out the model's default ordering, which
    Django would otherwise compile into every such query: on the pages asked for most
    often (a workshop's status poll asks three times) that costs more than the query."""
    try:
        return queryset.get(**lookups)
    except queryset.model.DoesNotExist:
        return None
