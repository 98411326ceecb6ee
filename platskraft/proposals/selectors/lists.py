"""Public and staff lists of proposals: filters, search, map points and counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from platskraft.municipalities.models import Department, Municipality

from ..models import DECIDED, OPEN_CASE, Category, Channel, Proposal, Status, Visibility

SORTS = {
    "newest": ("-published_at", "-pk"),
    "support": ("-support_count", "-published_at", "-pk"),
    "answered": ("-answered_at", "-pk"),
}


@dataclass(frozen=True)
class ProposalFilters:
    """What a list is narrowed to. Unknown or malformed values are ignored, not errors."""

    q: str = ""
    category: int | None = None
    status: str = ""
    department: int | None = None
    channel: int | None = None
    has_place: bool | None = None
    sort: str = "newest"
    # Staff only:
    visibility: str = ""
    overdue: bool = False

    @classmethod
    def from_query(cls, query) -> ProposalFilters:
        def number(name: str) -> int | None:
            value = (query.get(name) or "").strip()
            return int(value) if value.isdigit() and len(value) < 10 else None

        status = query.get("status", "")
        if status == "decided" or status in Status.values:
            pass
        else:
            status = ""
        place = query.get("place", "")
        sort = query.get("sort", "newest")
        visibility = query.get("visibility", "")
        return cls(
            q=(query.get("q") or "").strip()[:200],
            category=number("category"),
            status=status,
            department=number("department"),
            channel=number("channel"),
            has_place={"yes": True, "no": False}.get(place),
            sort=sort if sort in SORTS else "newest",
            visibility=visibility if visibility in Visibility.values else "",
            overdue=query.get("overdue") == "1",
        )

    @property
    def is_narrowed(self) -> bool:
        return bool(
            self.q
            or self.category
            or self.status
            or self.department
            or self.channel
            or self.has_place is not None
        )


def municipality_channels(municipality: Municipality) -> list[Channel]:
    """Every channel of the municipality with its process and phase (one query)."""
    return list(
        Channel.objects.filter(municipality=municipality).select_related("process", "phase")
    )


def is_public_channel(channel: Channel) -> bool:
    return channel.is_published and (channel.process_id is None or channel.process.is_public)


def public_proposals(
    municipality: Municipality, channels: list[Channel] | None = None
) -> QuerySet[Proposal]:
    """Published proposals in channels residents can see.

    The municipality's few channels are read first (or given, from
    `municipality_channels`), so that the proposals are filtered without joining
    channels and processes: when every channel is public (the usual case) a count is
    answered from the (municipality, visibility) index alone, about ten times faster at
    10 000 proposals than with the join.
    """
    if channels is None:
        channels = municipality_channels(municipality)
    public = [c.pk for c in channels if is_public_channel(c)]
    queryset = Proposal.objects.filter(municipality=municipality, visibility=Visibility.PUBLISHED)
    if len(public) < len(channels):
        queryset = queryset.filter(channel_id__in=public)
    return queryset


def _search(queryset: QuerySet[Proposal], text: str) -> QuerySet[Proposal]:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("title", weight="A", config="swedish")
            + SearchVector("body", weight="B", config="swedish")
            + SearchVector("place_name", weight="B", config="swedish")
        )
        query = SearchQuery(text, config="swedish", search_type="websearch")
        # Match with @@: ts_rank gives documents that do not match a tiny rank (1e-20),
        # so "rank > 0" would let every proposal through a search of two words.
        return (
            queryset.annotate(search=vector)
            .filter(search=query)
            .annotate(rank=SearchRank(vector, query))
        )
    # SQLite: every word must occur in the stored lower-case text.
    for word in text.lower().split()[:8]:
        queryset = queryset.filter(search_text__contains=word)
    return queryset


def apply_filters(queryset: QuerySet[Proposal], filters: ProposalFilters) -> QuerySet[Proposal]:
    if filters.category:
        queryset = queryset.filter(category_id=filters.category)
    if filters.status == "decided":
        queryset = queryset.filter(status__in=[*DECIDED, Status.IMPLEMENTED])
    elif filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.department:
        queryset = queryset.filter(department_id=filters.department)
    if filters.channel:
        queryset = queryset.filter(channel_id=filters.channel)
    if filters.has_place is not None:
        queryset = queryset.filter(latitude__isnull=not filters.has_place)
    if filters.visibility:
        queryset = queryset.filter(visibility=filters.visibility)
    if filters.overdue:
        queryset = queryset.filter(response_due__lt=timezone.localdate(), status__in=OPEN_CASE)
    if filters.q:
        queryset = _search(queryset, filters.q)
        if connection.vendor == "postgresql" and filters.sort == "newest":
            return queryset.order_by("-rank", "-published_at", "-pk")
    order = SORTS[filters.sort]
    if filters.sort == "answered":
        queryset = queryset.filter(answered_at__isnull=False)
    return queryset.order_by(*order)


def proposal_list(
    *,
    municipality: Municipality,
    filters: ProposalFilters,
    channels: list[Channel] | None = None,
) -> QuerySet[Proposal]:
    """The public list: one query per page with the category and committee joined."""
    return apply_filters(public_proposals(municipality, channels), filters).select_related(
        "category", "department"
    )


def case_list(*, municipality: Municipality, filters: ProposalFilters) -> QuerySet[Proposal]:
    """Everything sent in, for staff: the moderation queue and the cases."""
    queryset = Proposal.objects.filter(municipality=municipality).exclude(
        visibility=Visibility.DRAFT
    )
    return apply_filters(queryset, filters).select_related(
        "category", "department", "handler", "channel", "author"
    )


def map_points(*, municipality: Municipality, filters: ProposalFilters) -> list[dict]:
    rows = (
        proposal_list(municipality=municipality, filters=filters)
        .filter(latitude__isnull=False)
        .values("pk", "title", "latitude", "longitude", "place_name", "status", "support_count")[
            :2000
        ]
    )
    return list(rows)


def filter_choices(municipality: Municipality, channels: list[Channel] | None = None) -> dict:
    """Categories, committees and channels residents can filter by."""
    if channels is None:
        channels = municipality_channels(municipality)
    channels = [c for c in channels if is_public_channel(c)]
    categories = list(
        Category.objects.filter(channel__in=[c.pk for c in channels]).only("pk", "name")
    )
    # Committees with a published proposal: one index probe per committee (EXISTS)
    # instead of a DISTINCT join over every proposal (4 ms at 10 000 on PostgreSQL).
    departments = list(
        Department.objects.filter(municipality=municipality)
        .filter(
            Exists(
                Proposal.objects.filter(department=OuterRef("pk"), visibility=Visibility.PUBLISHED)
            )
        )
        .only("pk", "name")
    )
    return {"channels": channels, "categories": categories, "departments": departments}


def my_proposals(*, municipality: Municipality, user) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(municipality=municipality, author=user)
        .select_related("channel", "category")
        .order_by("-created_at")
    )


def overdue_count(municipality: Municipality, today: date | None = None) -> int:
    return Proposal.objects.filter(
        municipality=municipality,
        visibility=Visibility.PUBLISHED,
        status__in=OPEN_CASE,
        response_due__lt=today or timezone.localdate(),
    ).count()
