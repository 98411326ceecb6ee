"""What moderators work through: the reports that nobody has handled yet."""

from __future__ import annotations

from django.db.models import QuerySet

from platskraft.municipalities.models import Municipality

from ..models import Report


def open_reports(*, municipality: Municipality) -> QuerySet[Report]:
    """Unhandled reports of the municipality's proposals and comments, oldest first."""
    return (
        Report.objects.filter(proposal__municipality=municipality, resolved_at=None)
        .select_related("proposal", "comment", "reporter")
        .order_by("created_at", "pk")
    )
